"""The pipeline: discover -> read + prefilter -> extract facts (parallel, cached)
-> checks -> findings -> suppressions -> scoring.

Per-file work is the pure function :func:`analyse_file` so it can run in
worker processes and be cached; project-level checks always run on the full
set of facts.
"""

from __future__ import annotations

import functools
import gc
import os
import posixpath
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterator

from . import __version__
from .discovery import DEFAULT_MAX_BYTES, SETUP_CALL, Discovery, SourceFile, discover, under_web_root
from .facts import FileFacts, gc_paused, intern_strings, shallow_facts
from .aliases import add_code_aliases, read_aliases
from .earlydisc import take as take_discovery
from .fingerprint import fingerprint
from .fsutil import read_regular
from .lazyre import lazy_re
from .mentions import mentions_reader
from .model import Finding, Hit, RuleMeta, Skipped
from .ruledefs import RulesMissing, load_rules
from .scoring import PRIORITY_ORDER, Thresholds, Verdict, priority, verdict
from .suppress import parse_suppressions
from .triggers import Triggers, searchable, triggers_for

if TYPE_CHECKING:
    from .cache import FactsCache, Journal
    from .aliases import AliasTable
    from .prewarm import Prewarmed
    from .resultmemo import ResultMemo, SavedResults

# kinds that are always analysed whatever the triggers (cheap and project-wide)
_ALWAYS = ("compose", "text", "dotenv")
# below this much work a pool's start-up (fork + frontend imports per worker) costs more than it saves
PARALLEL_MIN_FILES = 24
PARALLEL_MIN_BYTES = 2 * 1024 * 1024
PARALLEL_MAX_CHUNK = 16  # files per task sent to a worker (small: the costly files are few and uneven)
PREWARM_ALLOWANCE = 10.0  # seconds a pre-warmed child may take to get ready, on top of its files' deadlines


class UsageError(Exception):
    """A problem with what the user asked for (exit 2, one line)."""


@dataclass
class ScanOptions:
    root: str = "."
    jobs: int = 0  # 0 = number of CPUs
    include_tests: bool = False
    excludes: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    use_cache: bool = True
    # with the cache: return the previous scan's results when no input changed (riskscan.resultmemo)
    reuse_results: bool = True
    severity_overrides: dict[str, str] = field(default_factory=dict)
    probability_overrides: dict[str, str] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    require_reason: bool = False
    progress: Callable[[int, int], None] | None = None


@dataclass
class ScanResult:
    root: str
    rules: dict[str, RuleMeta]
    enabled: list[str]
    findings: list[Finding]
    suppressed: list[Finding]
    skipped: list[Skipped]
    files_scanned: int
    verdict: Verdict
    warnings: list[str]
    facts: dict[str, FileFacts]
    elapsed: float = 0.0
    baselined: int = 0
    baseline_fixed: int = 0

    @property
    def effort_minutes(self) -> int:
        return sum(f.effort_minutes for f in self.findings)

    def by_priority(self) -> dict[str, int]:
        counts = Counter(f.priority for f in self.findings)
        return {p: counts.get(p, 0) for p in ("critical", "high", "medium", "low")}


# ---------------------------------------------------------------- per file
def _wanted(kind: str, data: bytes, triggers: Triggers | None) -> bool:
    """Is the file parsed (its kind always is, or it holds a trigger token)?"""
    return kind in _ALWAYS or (triggers is not None and triggers.search(searchable(data)))


def analyse_file(
    path: str, kind: str, data: bytes, triggers: Triggers | None, wanted: bool | None = None, aliases: tuple = ()
) -> FileFacts | Skipped:
    """(path, bytes) -> facts, or a Skipped with the reason. Never raises.

    ``wanted``: the caller already ran the trigger prefilter (see ``_wanted``);
    ``aliases``: the import aliases a JS/TS file follows (riskscan.aliases)."""
    from .frontends import SkipFile, decode_source, load

    lang = kind
    try:
        if not (_wanted(kind, data, triggers) if wanted is None else wanted):
            # nothing any enabled rule looks for: not parsed, but still scanned
            text = decode_source(data)
            return shallow_facts(path, lang, parse_suppressions(text, lang))
        facts = load(kind)(path, data, aliases) if aliases else load(kind)(path, data)  # type: ignore[call-arg]
        try:
            text = decode_source(data)
            facts.suppressions = parse_suppressions(text, facts.lang if facts.lang != "compose" else "yaml")
        except SkipFile:
            pass
        return facts
    except SkipFile as exc:
        return Skipped(path, str(exc) or "cannot be analysed", excluded=exc.excluded)
    except RecursionError:
        return Skipped(path, "too deeply nested to analyse")
    except MemoryError:
        return Skipped(path, "out of memory while analysing")
    except Exception as exc:  # a frontend bug must not stop the scan
        if os.environ.get("RISKSCAN_DEBUG"):
            raise
        return Skipped(path, f"internal error in the {kind} frontend ({type(exc).__name__}: {str(exc)[:120]})")
    except BaseException as exc:  # e.g. a native extension's panic (pyo3 PanicException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)) or type(exc).__name__ == "BudgetExceeded":
            raise
        if os.environ.get("RISKSCAN_DEBUG"):
            raise
        return Skipped(path, f"internal error in the {kind} frontend ({type(exc).__name__}: {str(exc)[:120]})")


# True in a supervised child (riskscan.isolation): parse risky files here too
_ISOLATED = False
# True in any process that only parses (pool workers, supervised and pre-warmed
# children): it returns the memory a large file's parse freed (riskscan.memtrim)
_IN_CHILD = False
# reason of the placeholder _worker returns for a file that must be parsed in a
# supervised child (see riskscan.limits.needs_isolation); never shown to users
_DEFER = "\x00parse in a supervised child"


# what a child returns in place of facts it sent as a cache entry only (see
# _encoding_worker); never left in a scan's results
_LEAN = "\x00facts in the cache entry"


def _is_lean(res: Any) -> bool:
    """The placeholder of facts sent as a cache entry only (it crossed a pipe: compared by value)."""
    return type(res) is str and res == _LEAN


def _deferred(res: FileFacts | Skipped | None) -> bool:
    """No result yet, or the placeholder of a file left for a supervised child."""
    return res is None or (isinstance(res, Skipped) and res.reason == _DEFER)


def _worker_init(
    isolated: bool = False, preload: tuple[str, ...] = (), matcher: bool = False, child: bool = False
) -> None:
    """Set up a worker process (``child``: a pool worker; a supervised child
    is ``isolated``; neither: the scan's own process, parsing a small batch).
    ``preload`` and ``matcher`` are for a pre-warmed child (see
    ``_prewarmed_child``): import these frontends and build the scan's
    trigger matcher now, before the scan sends the child a file."""
    global _ISOLATED, _IN_CHILD
    _ISOLATED = isolated
    _IN_CHILD = child or isolated
    gc.enable()  # forked from a scan that pauses it (see ``scan``)
    if _IN_CHILD:
        from .gcpolicy import restore

        restore()  # (its full passes too: riskscan.gcpolicy)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    try:
        for kind in preload:
            from .frontends import load

            load(kind)
        if matcher:
            # the scan's own matcher (``triggers_for`` is memoised per token set),
            # its lookup tables built by a first search
            rule_triggers(load_rules()).search(b"")
    except Exception:
        pass  # the file's analysis reports it


def _worker(job: tuple) -> tuple[str, FileFacts | Skipped]:
    """Read one file and analyse it under its time budget (riskscan.limits).

    A job is (path, absolute path, kind, size limit, triggers, encode for the
    cache, lean: see ``_encoding_worker``, import aliases: riskscan.aliases).

    Files a native parser could crash on or stall in are not parsed here but
    returned as a ``_DEFER`` placeholder, unless this is a supervised child."""
    from .isolation import BudgetExceeded, time_budget
    from .limits import MINIFIED_LINE, looks_minified, needs_isolation
    from .limits import time_budget as budget_for
    from .memtrim import TRIM_MIN_BYTES, release_freed_memory

    path, abspath, kind, max_bytes, triggers = job[:5]
    aliases = job[7] if len(job) > 7 else ()
    try:
        data = read_regular(abspath, max_bytes + 1)
    except OSError as exc:
        return path, Skipped(path, f"cannot read ({exc.strerror or exc})")
    if len(data) > max_bytes:  # grew after discovery
        return path, Skipped(path, f"larger than the {max_bytes} byte limit", excluded=True)
    if looks_minified(kind, data):
        return path, Skipped(path, f"minified or bundled code (lines average over {MINIFIED_LINE} characters), not analysed", excluded=True)
    if not _wanted(kind, data, triggers):
        return path, analyse_file(path, kind, data, triggers, wanted=False)
    if not _ISOLATED and needs_isolation(kind, data):
        return path, Skipped(path, _DEFER)
    try:
        from .frontends import load

        load(kind)  # first import of a frontend is not the file's time
    except Exception:
        pass  # analyse_file reports it
    seconds = budget_for(len(data))
    gc_enabled = gc.isenabled()
    res: FileFacts | Skipped | None = None
    budget = None
    try:
        with time_budget(seconds) as budget:
            res = analyse_file(path, kind, data, triggers, wanted=True, aliases=aliases)
    except BudgetExceeded:
        pass
    except Exception:  # RISKSCAN_DEBUG re-raise: an interrupted frontend may fail oddly
        if budget is None or not budget.fired:
            raise
    if _IN_CHILD and len(data) >= TRIM_MIN_BYTES:
        release_freed_memory()  # the syntax tree's memory, back to the system
    if res is None or (budget is not None and budget.fired):
        if gc_enabled:
            gc.enable()  # an interrupted frontend may not have restored it
        return path, Skipped(path, _over_budget(seconds))
    return path, res


def _encoding_worker(job: tuple) -> tuple[str, FileFacts | Skipped | str, tuple[str, str, str] | None]:
    """``_worker`` plus, when the job asks for it (its sixth item), the cache
    entry of the facts (sha256 of the file as read after the analysis, tag,
    payload): encoding in the workers and supervised children keeps it off
    the main process, which would otherwise do it for every file in turn.

    When the job asks for it (its seventh item) a child process returns the
    cache entry alone, with :data:`_LEAN` in place of the facts, which the
    scan then rebuilds from the entry (``_unlean``)."""
    import hashlib

    from .cache import encode_facts

    path, res = _worker(job)
    if not isinstance(res, FileFacts) or not (len(job) > 5 and job[5]):
        return path, res, None
    try:
        data = read_regular(job[1], job[3] + 1)
    except OSError:
        return path, res, None
    enc = (hashlib.sha256(data).hexdigest(), *encode_facts(res))
    if _IN_CHILD and len(job) > 6 and job[6]:
        return path, _LEAN, enc
    return path, res, enc


def _over_budget(seconds: float) -> str:
    return f"analysis took longer than {seconds:.1f} s (per-file time budget, see RISKSCAN_FILE_TIMEOUT)"


# ---------------------------------------------------------------- pipeline
def rule_triggers(rules: dict[str, RuleMeta]) -> Triggers:
    """The prefilter of a scan: the trigger tokens of every rule, whichever
    rules the scan reports.  ``--select``/``--ignore`` choose findings, not
    the files analysed: project-level rules read facts of files other rules'
    tokens select (the import graph, a health route beside the server), so
    parsing fewer files would change what a selected rule reports."""
    return _triggers_of(tuple(rule.triggers for rule in rules.values()))


@functools.lru_cache(maxsize=8)
def _triggers_of(per_rule: tuple[tuple[str, ...], ...]) -> Triggers:
    """``rule_triggers`` memoised per process on the rules' token tuples (a
    process that scans again, as the API and the tests do, builds the
    de-duplicated, sorted token set of thousands once)."""
    return triggers_for(t for tokens in per_rule for t in tokens)


def enabled_rules(rules: dict[str, RuleMeta], select: tuple[str, ...], ignore: tuple[str, ...]) -> list[str]:
    def matches(rid: str, sel: str) -> bool:
        meta = rules[rid]
        return rid == sel or rid.startswith(sel) or meta.name == sel or sel == "ALL"

    for sel in (*select, *ignore):
        if sel != "ALL" and not any(matches(r, sel) for r in rules):
            raise UsageError(f"unknown rule selector {sel!r} (see `riskscan rules`)")
    chosen = [r for r in rules if (not select or any(matches(r, s) for s in select))]
    return [r for r in chosen if not any(matches(r, s) for s in ignore)]


def extract_all(
    files: list[SourceFile],
    triggers: Triggers | None,
    jobs: int,
    max_bytes: int,
    progress: Callable[[int, int], None] | None = None,
    encoded: dict[str, tuple[str, str, Any]] | None = None,
    spare: list | None = None,
    prewarmed: "Prewarmed | None" = None,
    isolate: set[str] | frozenset[str] = frozenset(),
    journal: "Journal | None" = None,
    aliases: "AliasTable | None" = None,
    meanwhile: Callable[[], object] | None = None,
) -> dict[str, FileFacts | Skipped]:
    """Run the frontends on files; in worker processes when the work is big enough.

    ``aliases``: the project's import aliases (riskscan.aliases), handed to
    each JS/TS file's job.

    ``isolate``: paths parsed in a supervised child whatever the batch (their
    parser crashed or hung in an earlier scan: riskscan.cache.ISOLATE).
    ``journal``: told each file parsed in this process before it is parsed
    (riskscan.cache.JOURNAL), so a crash here is not repeated by the next scan.

    ``prewarmed``: when the work is small, parse it in that child (see
    ``_prewarmed_child``) instead of in this process; the files it does not
    answer for are parsed in supervised children.  ``meanwhile``: work of
    the caller's, done while that child parses (the caller calls it again
    after: it must do its work once, as ``ProbeMemo.load`` does).

    ``spare``: supervised children kept for the whole scan (the caller stops
    them with ``isolation.stop_children``); started here, before the pool,
    when files look like they will need isolation, and reused by later calls
    (files parsed on demand) instead of forking the by then large scan.

    With ``encoded``, the workers also encode the facts for the cache
    (``_encoding_worker``) and it receives them by path.

    Files that need isolation (``_DEFER``) and files a dead worker never
    returned are then parsed in supervised children (``_extract_isolated``),
    so a native crash or hang costs one file, never the scan."""
    # largest first, so no worker is handed a big file when the others are done
    # (results are keyed by path: the order of work never reaches the output)
    ordered = sorted(files, key=lambda f: (-f.size, f.path))
    big = _is_big(files)
    # A large batch's facts come back as their cache entries only (when the
    # cache is on: the entries are encoded anyway), and are rebuilt from them
    # once every worker is gone (_unlean): the facts of a large project then
    # never share the memory with the workers' parsers, which is where a scan's
    # process tree would otherwise peak.
    lean = big and encoded is not None
    work = [(f.path, f.abspath, f.kind, max_bytes, triggers, encoded is not None, lean, _aliases_of(aliases, f)) for f in ordered]
    results: dict[str, Any] = {}
    total = len(work)
    done = 0

    def record(path: str, res: FileFacts | Skipped | str, enc: tuple[str, str, Any] | None = None) -> None:
        nonlocal done
        if isinstance(res, FileFacts):
            intern_strings(res)
        elif _is_lean(res) and (enc is None or encoded is None):
            res = Skipped(path, "internal error (facts sent without their cache entry)")
        results[path] = res
        if enc is not None and encoded is not None:
            encoded[path] = enc
        if isinstance(res, Skipped) and res.reason == _DEFER:
            return
        done += 1
        if progress:
            progress(done, total)

    n_jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    owned = spare is None
    children: list = [] if spare is None else spare
    first = not children  # (no supervised child started by an earlier call)
    forced = [job for job in work if job[0] in isolate]
    if forced:  # never in this process, where the same crash would end the scan
        for path, (res, enc) in _extract_isolated(forced, None, procs=1, children=children, keep=not owned).items():
            record(path, res, enc)
    if prewarmed is not None and not big:
        from .limits import hard_deadline, time_budget

        # (the allowance: the child may still be importing the frontend)
        deadline = PREWARM_ALLOWANCE + sum(hard_deadline(time_budget(f.size)) for f in files)
        pending = [job for job in work if job[0] not in results]
        for path, res, enc in (prewarmed.run(pending, deadline, meanwhile) if pending else {}).values():
            record(path, res, enc)
        rest = [job for job in work if job[0] not in results]
        if rest:  # it crashed or overran: the supervised way, as for any risky file
            for path, (res, enc) in _extract_isolated(rest, None, procs=1, children=children, keep=not owned).items():
                record(path, res, enc)
        return results
    # the files big enough to be isolated whatever their content, parsed first
    # in children of their own; those children and one idle reserve (for the
    # files found to need isolation later) are all forked now, while this
    # process holds little
    likely = [job for job in _isolated_by_size(ordered, work) if job[0] not in results] if big and first else []
    early = _start_isolation_children(min(n_jobs, len(likely)))
    if early:
        children.extend(_start_isolation_children(1))
    try:
        with _process_pool(n_jobs, big) as pool:
            if early:
                # The big files first, while this process is small and the
                # pool's workers (forked above) wait: their parsers' memory
                # is then at its peak when little else is, and their children
                # are stopped before the facts of everything else arrive.
                for path, (res, enc) in _extract_isolated(likely, None, procs=len(early), children=early).items():
                    record(path, res, enc)
            _extract_pooled(pool, [job for job in work if job[0] not in results], _encoding_worker, record, n_jobs, journal.note if journal is not None else None)
        rest = [job for job in work if _deferred(results.get(job[0]))]
        if rest:
            for path, (res, enc) in _extract_isolated(rest, None, procs=n_jobs, children=children, keep=not owned).items():
                record(path, res, enc)
    finally:
        from .isolation import stop_children

        stop_children(early)  # (emptied once they have done their files)
        if owned and children:
            stop_children(children)
    if lean and encoded is not None:
        _unlean(results, encoded, [job for job in work if _is_lean(results.get(job[0]))], children, owned)
    return results


def _aliases_of(aliases: "AliasTable | None", f: SourceFile) -> tuple:
    return aliases.for_path(f.path) if aliases and f.kind in ("js", "ts") else ()


def _unlean(results: dict[str, Any], encoded: Any, jobs: list[tuple], children: list, owned: bool) -> None:
    """Rebuild the facts children sent as cache entries only (``_LEAN``), now
    that they are gone; a file whose entry cannot be read back (the spill file
    failed) is parsed again in a supervised child."""
    if not jobs:
        return
    again = []
    with gc_paused():
        for job in jobs:
            try:
                results[job[0]] = encoded.facts_of(job[0])
            except (OSError, ValueError, KeyError, TypeError):
                again.append((*job[:6], False, *job[7:]))
    if again:
        for path, (res, enc) in _extract_isolated(again, None, procs=1, children=children, keep=not owned).items():
            if isinstance(res, FileFacts):
                intern_strings(res)
            results[path] = res
            if enc is not None:
                encoded[path] = enc


def _is_big(files: list[SourceFile]) -> bool:
    """Enough work for a process pool (see PARALLEL_MIN_FILES)."""
    return len(files) >= PARALLEL_MIN_FILES and sum(f.size for f in files) >= PARALLEL_MIN_BYTES


def _prewarmed_child(root: str, opts: "ScanOptions") -> "Prewarmed | None":
    """A child (``riskscan.prewarm``) that imports the Python frontend and
    builds the scan's trigger matcher while this process reads rules,
    discovers files and reads the cache.

    libcst's import costs about 0.2 s, often more than the rest of the
    analysis of a few edited files.  So a warm re-scan after editing a Python
    file (a pre-commit hook) gets that file parsed in this child: the import
    overlaps with the work before it.  The child is forked only when a cache
    exists, with more than one CPU and jobs, and where processes fork; it is
    killed once the cache shows no changed Python file to parse.  The
    command line may have forked it already (``prewarm.fork_early``): that
    child is taken over (with the files it discovered meanwhile,
    riskscan.earlydisc), or stopped when the scan needs none."""
    from .prewarm import start, take_early

    early = take_early()
    if not opts.use_cache or opts.jobs == 1 or (os.cpu_count() or 1) < 2 or _ISOLATED or _python_frontend_loaded():
        if early is not None:
            early.stop()
        return None
    from .cache import CACHE_DIR, CACHE_FILE

    if not os.path.isfile(os.path.join(root, CACHE_DIR, CACHE_FILE)):
        if early is not None:
            early.stop()
        return None
    return early if early is not None else start(prewarm_setup, _encoding_worker, prewarm_idle)


def prewarm_setup() -> None:
    """The pre-warmed child's set-up: the Python frontend imported, the trigger
    matcher built, and what libcst's import compiled saved for the next run
    (riskscan.kept: the child only runs for scans that use the cache)."""
    _worker_init(True, ("py",), True)
    from . import kept

    kept.allow_writes()
    kept.save()


def prewarm_idle() -> bool:
    """What the pre-warmed child does while it waits for its files, a step at
    a time (riskscan.prewarm): read the order of libcst's node classes
    (riskscan.frontends._cstkids); False once there is nothing left to do."""
    try:
        from .frontends._cstkids import learn_some

        return learn_some()
    except Exception:
        return False  # (the file's analysis reports what is wrong)


def _python_frontend_loaded() -> bool:
    """Imported in this process already (nothing left to hide)."""
    return "riskscan.frontends.python" in sys.modules


def _isolated_by_size(ordered: list[SourceFile], work: list[tuple]) -> list[tuple]:
    """The jobs of the files parsed in a supervised child whatever their
    content (by size, see riskscan.limits); none inside such a child."""
    if _ISOLATED:
        return []
    from .limits import isolated_by_size

    return [job for f, job in zip(ordered, work, strict=True) if isolated_by_size(f.kind, f.size)]


def _start_isolation_children(n: int) -> list:
    """``n`` idle supervised children, forked now (see ``isolation.start_children``)."""
    if n <= 0:
        return []
    from .isolation import start_children

    return start_children(n, _encoding_worker, functools.partial(_worker_init, True))


@contextmanager
def _process_pool(n_jobs: int, big: bool) -> Iterator[Any]:
    """A process pool whose workers are all forked on entry (None when the
    work is small or there is one job: it is then done in this process)."""
    if not (n_jobs > 1 and big):
        yield None
        return
    import concurrent.futures as cf
    import multiprocessing as mp

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
    with cf.ProcessPoolExecutor(max_workers=n_jobs, mp_context=ctx, initializer=functools.partial(_worker_init, child=True)) as pool:
        try:
            pool.submit(_idle)  # with fork, the first submission starts every worker
        except Exception:  # a broken pool: _extract_pooled finds it so
            pass
        yield pool


def _idle() -> None:
    """A task that does nothing (see ``_process_pool``)."""


def _extract_pooled(pool: Any, work: list, worker: Callable, record: Callable, n_jobs: int, note: Callable[[str], None] | None = None) -> None:
    """Run ``worker`` over ``work`` in the pool of ``n_jobs`` workers (here
    without one: then ``note`` is told each path before it is parsed)."""
    if pool is not None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            chunk = max(1, min(PARALLEL_MAX_CHUNK, len(work) // (n_jobs * 16)))
            for path, res, enc in pool.map(worker, work, chunksize=chunk):
                record(path, res, enc)
        except BrokenProcessPool:
            pass  # a worker died (native parser crash): the files it never returned go below
        except Exception:
            if os.environ.get("RISKSCAN_DEBUG"):
                raise
    else:
        _worker_init()
        for job in work:
            if note is not None:
                note(job[0])
            record(*worker(job))


def _extract_isolated(
    work: list, progress: Callable[[int, int], None] | None, procs: int = 1, children: list | None = None, keep: bool = False
) -> dict[str, tuple[FileFacts | Skipped, tuple[str, str, str] | None]]:
    """Parse files in supervised child processes (riskscan.isolation): a file
    whose parser crashes, exits or overruns its hard deadline is skipped with
    the reason; the other files are unaffected."""
    from .isolation import run_supervised
    from .limits import hard_deadline, time_budget

    results: dict[str, tuple[FileFacts | Skipped, tuple[str, str, str] | None]] = {}
    sizes: dict[str, int] = {}
    for job in work:
        try:
            sizes[job[0]] = os.stat(job[1], follow_symlinks=False).st_size
        except OSError:
            sizes[job[0]] = 0

    def on_error(job: tuple, message: str, tb: str) -> Skipped:
        if os.environ.get("RISKSCAN_DEBUG"):
            raise RuntimeError(f"{job[0]}: {message}\n{tb}")
        return Skipped(job[0], f"internal error ({message[:120]})")

    def on_result(job: tuple, res: Any) -> None:
        enc = None
        if isinstance(res, tuple) and len(res) == 3:  # _encoding_worker's (path, result, cache entry)
            res, enc = res[1], res[2]
        results[job[0]] = (res, enc)
        if progress:
            progress(len(results), len(work))

    run_supervised(
        list(work),
        _encoding_worker,
        procs=max(1, min(procs, len(work))),
        deadline_of=lambda job: hard_deadline(time_budget(sizes.get(job[0], 0))),
        on_crash=lambda job, reason: Skipped(job[0], reason),
        on_timeout=lambda job, seconds: Skipped(job[0], _over_budget(time_budget(sizes.get(job[0], 0))) + " (killed)"),
        on_error=on_error,
        on_result=on_result,
        init=functools.partial(_worker_init, True),
        children=children,
        keep=keep,
    )
    return results


def scan(opts: ScanOptions) -> ScanResult:
    t0 = time.perf_counter()
    phases = _Phases()
    root = os.path.abspath(opts.root)
    if not os.path.exists(root):
        raise UsageError(f"path does not exist: {opts.root}")
    if not os.path.isdir(root):
        raise UsageError(f"not a directory: {opts.root}")
    warm = _prewarmed_child(root, opts)
    thresholds = gc.get_threshold()
    try:
        return _scan(opts, root, phases, t0, warm)
    finally:
        gc.set_threshold(*thresholds)  # (the checks ran without full passes: riskscan.gcpolicy)
        if warm is not None:
            warm.stop()  # (a no-op once it has served)


def _scan(opts: ScanOptions, root: str, phases: "_Phases", t0: float, warm: "Prewarmed | None") -> ScanResult:
    from . import recode
    from .cache import CACHE_DIR, _foreign_dir

    cache_dir = os.path.join(root, CACHE_DIR)
    # the patterns built from this project's names are kept in its own cache (riskscan.recode)
    recode.use_project_dir(cache_dir if opts.use_cache and not _foreign_dir(cache_dir) else None)
    if opts.use_cache:
        from . import kept
        from .rulesnap import allow_writes

        allow_writes()
        kept.allow_writes()
    try:
        rules = load_rules()
    except RulesMissing as exc:
        raise UsageError(str(exc)) from None
    enabled = enabled_rules(rules, opts.select, opts.ignore)
    # (walked meanwhile by the pre-warmed child when it read the same options: riskscan.earlydisc)
    disc = take_discovery(warm, root, opts) or discover(root, include_tests=opts.include_tests, excludes=opts.excludes, max_bytes=opts.max_bytes)
    triggers = rule_triggers(rules)
    manifests = _manifests(root, disc)
    aliases = read_aliases(root, disc.config_dirs, manifests)
    phases.mark("discover")
    memo = _result_memo(root, opts, rules, enabled, disc, manifests, aliases.key())
    if memo is not None:
        saved = memo.read()
        if saved is not None:
            phases.mark("results reused")
            phases.report()
            return _result(root, rules, enabled, saved, {}, opts, t0)

    from .cache import FactsCache

    # supervised children for files that need isolation, started before the
    # facts pile up here and kept for files checks parse on demand
    spare: list = []
    # The facts (from the cache or from workers) are acyclic trees of millions
    # of objects.  A collection walks every object it tracks (about a second
    # each time on a large project), so the collector is off while they
    # arrive, and they are frozen (out of its sight) once they are all here,
    # before the checks.  The cached ones are decoded after the changed files
    # are parsed, and only when the saved results do not hold.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        add_code_aliases(aliases, root, manifests, disc.files, opts.max_bytes)
        alias_key = aliases.key()  # (with the code's module-alias calls)
        cache = FactsCache(root, enabled=opts.use_cache, trigger_key=triggers.key + alias_key)
        # (the cached results are decoded once the saved results are known not to hold: riskscan.samefacts)
        todo, cached_files = cache.split_lazily(disc.files)
        phases.mark("cache read")
        # the workers' cache entries, their payloads in a file (riskscan.cache)
        encoded = cache.spill()
        if warm is not None and not (any(f.kind == "py" for f in todo) and not _is_big(todo)):
            warm.stop()  # nothing for it (it may still be importing)
            warm = None
        from .probememo import ProbeMemo

        # the previous scans' name-probe answers about unchanged files
        # (riskscan.probememo), read while a pre-warmed child parses the
        # changed ones when there is one (a file being analysed again has
        # no confirmed digest yet: its answers are left out, as they would
        # be after the analysis), else once the facts are in
        probes = ProbeMemo(cache)

        def meanwhile() -> object:
            if warm is not None:  # (the checks' modules too, once the child has its files)
                from .checks import all_checks

                all_checks()
            return probes.load()

        # (a small batch is otherwise parsed here, with the collector on: see _worker_init)
        journal = cache.journal()
        try:
            fresh = extract_all(
                todo, triggers, opts.jobs, opts.max_bytes, opts.progress, encoded if opts.use_cache else None, spare, warm, cache.isolate, journal,
                aliases, meanwhile,
            )
        finally:
            if journal is not None:
                journal.close()
        gc.disable()
        phases.mark(f"extract ({len(todo)} files)")
        if len(spare) > 1:  # one is enough for the few files checks parse on demand
            from .isolation import stop_children

            stop_children(spare[1:])
            del spare[1:]
        from .samefacts import MAX_CHANGED, entry_of, facts_key, reuse_if_same_facts, scan_sig

        # the changed files' entries as the previous scan left them (riskscan.samefacts)
        previous = cache.previous([f.path for f in todo]) if memo is not None and 0 < len(todo) <= MAX_CHANGED else {}
        cache.update(todo, fresh, encoded)
        answers = None
        mentions = None
        if memo is not None:
            # only stat signatures changed (a touch, a branch switched back, a fresh
            # checkout beside a restored cache): every file's content is what the
            # saved results were computed from, so they hold (riskscan.resultmemo)
            memo.content_key = _content_key(memo, disc, alias_key, cache)
            # (the same key when the cache keeps every file: counted by content either way)
            memo.facts_key = memo.content_key or facts_key(memo, disc, alias_key, scan_sig(cache, fresh))
            saved = memo.read_by_content()
            how = "same contents"
            if saved is None and 0 < len(todo) <= MAX_CHANGED and all(f.path in fresh for f in todo):
                # the files that changed have the facts they had, and answer
                # the checks' questions as they did (riskscan.samefacts)
                answers = probes.load()
                mentions = mentions_reader(disc, opts.max_bytes, answers)
                now = {f.path: entry_of(fresh[f.path], encoded, f.path) for f in todo}
                saved = reuse_if_same_facts(memo, disc, alias_key, cache, previous, now, mentions)
                how = "same facts"
            if saved is not None:
                cache.save()
                if answers is not None:
                    probes.save(answers)
                encoded.close()
                memo.write(saved)  # under this scan's stat signatures too
                phases.mark(f"results reused ({how})")
                phases.report()
                return _result(root, rules, enabled, saved, {}, opts, t0)
        del previous
        cached, failed = cache.decode(cached_files)
        del cached_files
        if failed:  # (an entry that could not be read back: analysed again)
            journal = cache.journal()
            try:
                again = extract_all(failed, triggers, opts.jobs, opts.max_bytes, None, encoded if opts.use_cache else None, spare, None, cache.isolate,
                                    journal, aliases)
            finally:
                if journal is not None:
                    journal.close()
            cache.update(failed, again, encoded)
            fresh.update(again)
        gc.freeze()
        phases.mark("cache decode")
        from .checkrun import fork_worthwhile, run_checks

        # checks shared with a forked helper when this process is small (riskscan.checkrun)
        fork = fork_worthwhile(opts.jobs, len(enabled))

        def save_fresh() -> None:
            cache.save()
            encoded.clear()  # (its file stays open until the cache's last save)

        # written before the checks: the cache then holds the payloads in its
        # file instead of in memory (riskscan.cache); files the checks parse
        # on demand are added by the save at the end.  With a helper, written
        # while it starts on the checks (the process is small: no memory to win)
        if not fork:
            save_fresh()
        results = {**cached, **fresh}

        facts: dict[str, FileFacts] = {}
        skipped = list(disc.skipped)
        for f in disc.files:
            res = results[f.path]
            if isinstance(res, Skipped):
                skipped.append(res)
            else:
                facts[f.path] = res
        skipped.sort(key=lambda s: s.path)

        from .checks import all_checks
        from .gcpolicy import without_full_passes
        from .project import Project
        from .samefacts import Asked, recording, recording_loads

        if answers is None or mentions is None:
            answers = probes.load()
            mentions = mentions_reader(disc, opts.max_bytes, answers)
        # what the checks ask about files' text, saved with the results (riskscan.samefacts)
        asked = Asked()
        project = Project(
            facts, disc.service_roots, manifests, loader=recording_loads(_on_demand_loader(disc, opts.max_bytes, cache, spare, aliases), asked),
            mentions=recording(mentions, asked), package=os.path.basename(root),
        )
        checks = all_checks()
        # the facts live until the end of the scan: out of the collector's
        # sight, its passes during the checks only walk what the checks build
        gc.freeze()
        if gc_was_enabled:
            gc.enable()
        phases.mark("project")
        enabled_set = set(enabled)
        hits: list[Hit] = []
        warnings = list(disc.warnings) + _unanalysed_packages(manifests, disc, frozenset(s.path for s in skipped))
        debug = bool(os.environ.get("RISKSCAN_DEBUG"))
        # no full passes of the collector over the memos the checks keep
        # (riskscan.gcpolicy), until the end of the scan: ``scan`` puts its
        # thresholds back
        without_full_passes()
        outcomes = run_checks(
            project, enabled, checks, lambda h: h.rule_id in enabled_set, fork=fork, debug=debug, mark=phases.mark, first=save_fresh if fork else None,
            learned=answers, asked=asked,
        )
        for rid, (got, failure) in outcomes:
            hits.extend(got)
            if failure:
                warnings.append(f"check {rid} failed: {failure}")
    finally:
        from .checks import scan_ended

        scan_ended()
        gc.unfreeze()
        if gc_was_enabled:
            gc.enable()
        if spare:
            from .isolation import stop_children

            stop_children(spare)
    cache.save()
    encoded.close()
    probes.save(answers)
    cache.close()
    if opts.use_cache:
        from .kept import save

        save()  # (what this process compiled: dataclasses, the checks' among them, and patterns)
    phases.mark("cache write")

    findings = build_findings(root, hits, rules, opts, abspaths={f.path: f.abspath for f in disc.files})
    from .suppress_apply import apply_suppressions

    active, suppressed, extra = apply_suppressions(findings, facts, rules, opts, enabled)
    active.extend(extra)
    active.sort(key=sort_key)
    suppressed.sort(key=sort_key)
    from .resultmemo import SavedResults

    saved = SavedResults(active, suppressed, skipped, warnings, len(facts), asked)
    if memo is not None:
        memo.write(saved)
    phases.mark("findings")
    phases.report()
    return _result(root, rules, enabled, saved, facts, opts, t0)


def _result_memo(
    root: str, opts: ScanOptions, rules: dict[str, RuleMeta], enabled: list[str], disc: Discovery, manifests: dict[str, dict], alias_key: bytes = b""
) -> "ResultMemo | None":
    """Where this scan's results are saved for the next scan with the same
    inputs (riskscan.resultmemo); None without the cache."""
    if not (opts.use_cache and opts.reuse_results):
        return None
    from .resultmemo import ResultMemo, key_base, scan_key

    base = key_base(root, opts, rules, enabled, disc, manifests)
    key = scan_key(base, disc, alias_key)
    return ResultMemo(root, key, base) if key is not None else None


def _content_key(memo: "ResultMemo", disc: Discovery, alias_key: bytes, cache: "FactsCache") -> str | None:
    """The key of this scan's inputs with every file counted by its content
    (riskscan.resultmemo), or None when a file's content is not confirmed."""
    from .resultmemo import scan_key

    digests = cache.digests(disc.files)
    return scan_key(memo.base, disc, alias_key, digests) if digests is not None else None


def _result(
    root: str, rules: dict[str, RuleMeta], enabled: list[str], saved: "SavedResults", facts: dict[str, FileFacts], opts: ScanOptions, t0: float
) -> ScanResult:
    return ScanResult(
        root=root,
        rules=rules,
        enabled=enabled,
        findings=saved.findings,
        suppressed=saved.suppressed,
        skipped=saved.skipped,
        files_scanned=saved.files_scanned,
        verdict=verdict([(f.rule_id, f.priority) for f in saved.findings], opts.thresholds),
        warnings=saved.warnings,
        facts=facts,
        elapsed=time.perf_counter() - t0,
    )


class _Phases:
    """Wall time per pipeline phase, printed to stderr when RISKSCAN_TIMINGS is set
    (the checks include the files they parse on demand)."""

    def __init__(self) -> None:
        self.on = bool(os.environ.get("RISKSCAN_TIMINGS"))
        self.last = time.perf_counter()
        self.rows: list[tuple[str, float]] = []

    def mark(self, name: str) -> None:
        if self.on:
            now = time.perf_counter()
            self.rows.append((name, now - self.last))
            self.last = now

    def report(self) -> None:
        if self.on:
            rows = [r for r in self.rows if r[1] >= 0.05 or not r[0].startswith("check ")]
            print("riskscan timings: " + ", ".join(f"{n} {t:.2f}s" for n, t in rows), file=sys.stderr)


def _on_demand_loader(
    disc: Discovery, max_bytes: int, cache: "FactsCache", spare: list | None = None, aliases: "AliasTable | None" = None
) -> Callable[[str], FileFacts | None]:
    """Parse one file the prefilter skipped (an imported constants/config
    module), under the same limits as any other file, in a supervised child
    (the one kept in ``spare``)."""
    by_path = {f.path: f for f in disc.files}
    everything = triggers_for(None)

    def load(path: str) -> FileFacts | None:
        sf = by_path.get(path)
        if sf is None:
            return None
        got = cache.get_full(path)
        if got is not None:
            return got
        # in a supervised child, never here: a native crash this late (no
        # pre-check foresaw it) would end the scan, and every later one too;
        # and only from the scan's own process, which supervises them
        from .checkrun import IN_HELPER, NeedsParent

        if IN_HELPER:
            raise NeedsParent(path)
        res = extract_all([sf], everything, 1, max_bytes, spare=spare, isolate=frozenset((path,)), aliases=aliases).get(path)
        if not isinstance(res, FileFacts):
            return None
        cache.put_full(path, res)
        return res

    return load


def sort_key(f: Finding) -> tuple:
    return (PRIORITY_ORDER[f.priority], f.path, f.line, f.rule_id, f.column, f.message)


def _manifests(root: str, disc: Discovery) -> dict[str, dict]:
    """package.json names and dependencies of service roots (for workspace
    imports), and the command-line programs Python packages install."""
    import json

    from .discovery import real_path

    out: dict[str, dict] = {}
    for rel_dir, markers in disc.service_roots.items():
        # rel_dir is the directory as shown (escaped): read it where it is on disk
        abs_dir = disc.service_dirs.get(rel_dir) or real_path(root, rel_dir)
        # the Python packaging files, read (and a pyproject parsed) once for all that follows
        packaging = list(_packaging_files(abs_dir, set(markers))) if _PY_PACKAGING.intersection(markers) else []
        if packaging or any(m.lower().startswith("requirements") for m in markers):
            # the distributions a Python service needs (which database drivers it ships: riskscan.checks._db)
            from .pyreqs import python_requirements

            reqs = python_requirements(abs_dir, markers, packaging)
            if reqs:
                out.setdefault(rel_dir, {})["py_deps"] = reqs
        if _PY_PACKAGING.intersection(markers):
            commands = console_scripts(abs_dir, set(markers), packaging)
            if commands:
                out.setdefault(rel_dir, {})["console_scripts"] = commands
            if "package.json" not in markers:
                # what the service is called in messages: `proxpi`, not its sdist folder `proxpi-1.3.1`
                # (kept apart from "name", which resolves JavaScript imports of workspace packages)
                dist = python_name(abs_dir, set(markers), packaging)
                if dist:
                    out.setdefault(rel_dir, {})["py_name"] = dist
                package_dirs = python_package_dirs(packaging)
                if package_dirs:
                    out.setdefault(rel_dir, {})["py_package_dir"] = package_dirs
        if "package.json" not in markers:
            continue
        try:
            raw = read_regular(os.path.join(abs_dir, "package.json"), 2 * 1024 * 1024)
            data = json.loads(raw.decode("utf-8", errors="replace"))
        except (OSError, ValueError, RecursionError):  # RecursionError: hostile nesting
            continue
        if not isinstance(data, dict):
            continue
        deps: list[str] = []
        runtime: list[str] = []  # what the service's process can load (not its build and test tools)
        for key in ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies"):
            d = data.get(key)
            if isinstance(d, dict):
                deps.extend(str(k) for k in d)
                if key != "devDependencies":
                    runtime.extend(str(k) for k in d)
                if isinstance(d.get("sails"), str):
                    # (Sails 0.12 routes every controller action by default: riskscan.checks._sails)
                    out.setdefault(rel_dir, {})["sails_version"] = d["sails"]
        scripts = data.get("scripts")
        if not isinstance(scripts, dict):
            scripts = {}
        bins = data.get("bin")
        bin_paths = [bins] if isinstance(bins, str) else [v for v in bins.values() if isinstance(v, str)] if isinstance(bins, dict) else []
        bin_paths = [posixpath.normpath(b) for b in bin_paths if b and not b.startswith(("/", ".."))]
        main = data.get("main")
        # with no `main`, what `import 'pkg'` loads is its `exports` (@keystone-6/core: "." -> ./dist/keystone-6-core.js)
        front = posixpath.normpath(main) if isinstance(main, str) and main else _exports_entry(data.get("exports"))
        entries = ([front] if front else []) + bin_paths
        built = [e for e in entries if e.split("/", 1)[0] in _BUILD_DIRS]
        if built:
            out.setdefault(rel_dir, {})["built_entry"] = built[0]
        else:
            launched = [(e, t) for e in entries for t in [_launched_build_output(abs_dir, e)] if t]
            if launched:
                # thelounge's `bin` index.js only does require("./dist/server/index.js")
                out.setdefault(rel_dir, {}).update(launcher=launched[0][0], built_entry=launched[0][1])
        if _COFFEE.intersection(runtime) or any(e.endswith((".coffee", ".litcoffee")) for e in entries):
            out.setdefault(rel_dir, {})["coffee"] = True
        # oclif runs the package's commands from this directory (`flowise start` -> commands/start.js)
        oclif = data.get("oclif")
        commands_dir = oclif.get("commands") if isinstance(oclif, dict) else None
        if isinstance(commands_dir, dict):
            commands_dir = commands_dir.get("target")  # {"strategy": "pattern", "target": "./dist/commands"}
        if isinstance(commands_dir, str) and commands_dir and not commands_dir.startswith(("/", "..")):
            out.setdefault(rel_dir, {})["oclif_commands"] = posixpath.normpath(commands_dir)
        name = str(data.get("name") or "")
        if not runtime and _PY_PACKAGING.intersection(markers):
            # a package.json of development tools only (girder's `@girder/lint`) beside the
            # Python package that is the service: the service goes by the Python name
            name = python_name(abs_dir, set(markers), packaging) or name
        out.setdefault(rel_dir, {}).update({
            "bin": sorted(set(bin_paths)),
            # what `node .` and `require(package)` load (npm's default: index.js)
            "main": posixpath.normpath(main) if isinstance(main, str) and main and not main.startswith(("/", "..")) else "index.js",
            "name": name,
            "deps": sorted(set(deps)),
            "runtime_deps": sorted(set(runtime)),
            "scripts": {str(k): str(v) for k, v in scripts.items()},
        })
        # import aliases (riskscan.aliases): module-alias's, Node's subpath imports, Babel's module-resolver
        for key, saved in (("_moduleAliases", "module_aliases"), ("imports", "subpath_imports"), ("babel", "babel")):
            if isinstance(data.get(key), dict) and data[key]:
                out[rel_dir][saved] = data[key]
    return out


_TYPE_CONDITIONS = frozenset({"types", "typings", "browser"})  # export conditions that no Node process loads


def _exports_entry(exports: Any, depth: int = 0) -> str:
    """The JavaScript module a package.json's ``exports`` gives for the
    package itself (``"."``, or the whole field when it is a string, an array
    of fallbacks or a map of conditions): the first target, in the field's
    order, that is a JavaScript module path inside the package, conditions for
    types and browsers left out; '' when there is none."""
    if depth > 8:
        return ""
    if isinstance(exports, str):
        target = posixpath.normpath(exports)
        ok = exports.startswith("./") and not target.startswith("..") and _JS_MODULE.search(target.rsplit("/", 1)[-1]) is not None
        return target if ok else ""
    if isinstance(exports, list):
        return next((t for t in (_exports_entry(x, depth + 1) for x in exports) if t), "")
    if not isinstance(exports, dict):
        return ""
    if any(isinstance(k, str) and k.startswith(".") for k in exports):
        return _exports_entry(exports.get("."), depth + 1)  # subpath map: the package itself is "."
    return next((t for k, v in exports.items() if k not in _TYPE_CONDITIONS for t in [_exports_entry(v, depth + 1)] if t), "")


_RELATIVE_LOAD = re.compile(r"""\b(?:require|import)\s*\(\s*['"](\.{1,2}/[^'"]+)['"]\s*\)|\bfrom\s+['"](\.{1,2}/[^'"]+)['"]""")


def _launched_build_output(abs_dir: str, entry: str) -> str:
    """The build output (``dist/server/index.js``) that a package's entry point
    outside ``dist``/``build`` loads by a relative require or import, its path
    from the package's directory; '' when it loads none (or cannot be read).
    The first 64 KiB are read as text: nothing is executed."""
    try:
        text = read_regular(os.path.join(abs_dir, entry), 64 * 1024).decode("utf-8", errors="replace")
    except OSError:
        return ""
    for m in _RELATIVE_LOAD.finditer(text):
        target = _build_output(entry, m.group(1) or m.group(2))
        if target:
            return target
    return ""


def _build_output(entry: str, spec: str) -> str:
    """The build output (``dist/server/index.js``) a relative ``spec`` loaded
    by the file ``entry`` (both from the package's directory) names; '' when
    it names anything else (source, a native addon, a JSON file)."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(entry), spec))
    parts = target.split("/")
    if parts[0] in _BUILD_DIRS and not _NATIVE_ADDON.intersection(parts[1:2]) and _JS_MODULE.search(parts[-1]):
        return target
    return ""


# node-gyp's output, `require('./build/Release/addon.node')`: a native addon, not compiled JavaScript
_NATIVE_ADDON = frozenset({"Release", "Debug"})
_JS_MODULE = re.compile(r"^[^.]+$|\.[cm]?js$")  # `./dist/server`, `./dist/server/index.js`; not `.node` or `.json`


# the Python packaging files, in the order their declarations are looked up
_PACKAGING_ORDER = ("pyproject.toml", "setup.cfg", "setup.py")
_PY_PACKAGING = frozenset(_PACKAGING_ORDER)
_COFFEE = frozenset({"coffee-script", "coffeescript", "iced-coffee-script"})
_BUILD_DIRS = frozenset({"dist", "build"})  # build output discovery leaves out


def _unanalysed_packages(manifests: dict[str, dict], disc: Discovery, skipped: frozenset[str] = frozenset()) -> list[str]:
    """Warnings for npm packages whose entry points (``main``, ``bin``) are
    build output and beside which no JavaScript/TypeScript source was found
    (files skipped as minified bundles or unparsable do not count):
    an APPROVED verdict there says nothing about the package's code."""
    coffee = [
        f"{d + '/' if d else ''}package.json: this package runs CoffeeScript (a CoffeeScript compiler is a runtime dependency or its "
        "entry point is a .coffee file), which riskscan does not read: its .coffee code was not analysed"
        for d, m in sorted(manifests.items()) if m.get("coffee")
    ]
    built = {d: m["built_entry"] for d, m in manifests.items() if m.get("built_entry")}
    if not built:
        return coffee
    # directories holding JS/TS source, not counting a package's launchers
    # (`bin/server.js` that only requires `../dist/cli`, thelounge's `index.js`
    # that only requires `./dist/server/index.js`), its database migrations and
    # seeds (Backstage plugins ship `migrations/*.js` beside `dist/`), nor the
    # browser scripts it serves (from `public/` or `static/`; iobroker.admin
    # ships build/main.js with its web UI's scripts under adminWww/)
    launchers = {(d + "/" if d else "") + b for d, m in manifests.items() for b in (*(m.get("bin") or ()), m.get("launcher")) if b}
    with_code: set[str] = set()
    for f in disc.files:
        if f.kind in ("js", "ts") and f.path not in launchers and f.path not in skipped and not _not_package_code(f.path) \
                and not _package_reexport(f) and not _build_redirect(f, manifests):
            parts = f.path.split("/")[:-1]
            with_code.add("")
            with_code.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return coffee + [
        f"{d + '/' if d else ''}package.json: {_entry_words(manifests[d], entry)} build output ({entry.split('/', 1)[0]}/ is not scanned) and no "
        "JavaScript/TypeScript source was found beside it: this package's code was not analysed (scan its sources)"
        for d, entry in sorted(built.items())
        if d not in with_code
    ]


# a file that only hands on another package's module: `module.exports = require("grafserv/node");`,
# `export * from "grafast";`, `export { default } from "pg-sql2";` (a bare specifier, not ./ or ../),
# after an optional "use strict" -- postgraphile's fwd/ shims, one per re-exported dependency
_REEXPORT_SHIM = lazy_re(
    r"""\s*(?:(['"])use strict\1;?\s*)?(?:Object\.defineProperty\(exports,\s*["']__esModule["'],\s*\{\s*value:\s*true\s*\}\);?\s*)?"""
    r"""(?:(?:module\.exports\s*=\s*require\(\s*(['"])[^'"./][^'"]*\2\s*\)|export\s+(?:\*(?:\s+as\s+\w+)?|\{[\w\s,$]*\})\s+from\s+(['"])[^'"./][^'"]*\3)\s*;?\s*)+""")


def _package_reexport(f: SourceFile) -> bool:
    """A small JS/TS file that only re-exports other packages' modules
    (``module.exports = require("grafserv/node")``): no code of the package
    itself, so no source beside its build output."""
    if f.size > 512:
        return False
    try:
        text = read_regular(f.abspath, 512).decode("utf-8", "replace")
    except OSError:
        return False
    return _REEXPORT_SHIM.fullmatch(text) is not None


# a statement that only loads a relative module, by `require`, a dynamic `import()` (its
# module handed to one method call: `.then(res => res.init())`), `import "./x"` or
# `export * from "./x"`; its path in group `p` or `q`
_RELATIVE_LOAD_ONLY = lazy_re(
    r"""(?:module\.exports\s*=\s*)?(?:require|import)\s*\(\s*(['"])(?P<p>\.{1,2}/[^'"]+)\1\s*\)"""
    r"""(?:\s*\.then\(\s*\(?\s*(?P<a>[\w$]+)\s*\)?\s*=>\s*(?P=a)\.[\w$]+\(\s*\)\s*\))?"""
    r"""|(?:import|export\s+\*\s+from)\s+(['"])(?P<q>\.{1,2}/[^'"]+)\4""")
_JS_COMMENT = lazy_re(r"/\*.*?\*/|^\s*//[^\n]*", re.S | re.M)
_USE_STRICT = lazy_re(r"""^\s*(['"])use strict\1\s*;?""")


def _build_redirect(f: SourceFile, manifests: dict[str, dict]) -> bool:
    """A small JS/TS file that only loads its package's build output, a
    redirect kept for older installations (iobroker.js-controller's
    controller.js: ``import('./build/esm/main.js').then(res => res.init());``
    under a comment): no code of the package itself, so no source beside its
    build output.  A file that loads anything else (source, another package)
    or does anything besides loading is source."""
    if f.size > 1024:
        return False
    pkg = max((d for d in manifests if not d or f.path.startswith(d + "/")), key=len, default=None)
    if pkg is None:
        return False
    try:
        text = read_regular(f.abspath, 1024).decode("utf-8", "replace")
    except OSError:
        return False
    code = _USE_STRICT.sub("", _JS_COMMENT.sub("", text))
    statements = [s.strip() for s in re.split(r"[;\n]", code) if s.strip()]
    own = f.path[len(pkg) + 1:] if pkg else f.path
    for stmt in statements:
        m = _RELATIVE_LOAD_ONLY.fullmatch(stmt)
        if m is None or not _build_output(own, m.group("p") or m.group("q")):
            return False
    return bool(statements)


def _entry_words(manifest: dict, entry: str) -> str:
    """How the warning names the build output a package runs: its entry point
    itself, or the file its launcher loads (cube's ``index.js``, which only
    requires ``./dist/src/index``)."""
    launcher = manifest.get("launcher")
    return f"its entry point {launcher} loads {entry}," if launcher else f"its entry point {entry} is"
_MIGRATION_DIRS = frozenset({"migrations", "migration", "seeds", "seeders"})


# the configuration file of a build, lint or test tool: `eslint.config.js`, `babel.config.cjs`,
# `.eslintrc.js`, `.prettierrc.mjs`, and the build tools' gulpfile/Gruntfile
_TOOL_CONFIG = lazy_re(r"^(?:[\w-]+\.config|\.[\w-]+rc|gulpfile|gruntfile)\.[cm]?[jt]s$", re.I)
_DEV_SCRIPT_DIRS = frozenset({"scripts", "script"})  # npm's folder of build and maintenance scripts (`node scripts/clean.js`)


def _not_package_code(path: str) -> bool:
    """A JS/TS file at ``path`` is no source of the package's own code: a
    migration or seed, a script served to browsers (under a web root such
    as `public/`, or a folder named for one: `htdocs/`, iobroker's `adminWww/`),
    a build or lint tool's configuration (azurite's `eslint.config.js`) or a
    development script under `scripts/` (azurite's `scripts/buildExe.js`)."""
    dirs = path.split("/")[:-1]
    return under_web_root(path) or _TOOL_CONFIG.match(path.rsplit("/", 1)[-1]) is not None \
        or any(d in _MIGRATION_DIRS or d in _DEV_SCRIPT_DIRS or d.lower() == "htdocs" or d.lower().endswith("www") for d in dirs)


# `"zuul-admin = zuul.cmd.client:main"` in setup.py's entry_points
_ENTRY_POINT = re.compile(r"""['"]\s*[\w.-]+\s*=\s*([\w.]+)\s*:\s*(\w+)\s*['"]""")


# the start of a setup.cfg line that begins another option (not a value's
# indented continuation line, a blank line or a comment)
_CFG_NEXT_OPTION = re.compile(r"^[^\s#;]", re.M)


def _cfg_option(text: str) -> str:
    """The setup.cfg option that ``text`` starts with, up to the option after
    it: ``console_scripts =`` and its indented lines, not the other entry-point
    groups (``zaqar.transport =``, plugins loaded by stevedore) that follow it
    in the same ``[entry_points]`` section."""
    first, _, rest = text.partition("\n")
    m = _CFG_NEXT_OPTION.search(rest)
    return first + "\n" + (rest[: m.start()] if m is not None else rest)


_SETUP_NAME = re.compile(r"""\bname\s*=\s*['"]([\w.-]+)['"]""")
# (a setup.py without a `setup(...)` call, discovery.SETUP_CALL, is no setup
# script: pgadmin4's setup.py is a typer command-line tool whose queries say
# `filter_by(name='ConfigDB')`)


def _packaging_files(abs_dir: str, markers: set[str]) -> Iterator[tuple[str, str, list[Any]]]:
    """(marker, text, the pyproject's ``[project]`` and Poetry tables) of each
    Python packaging file present, read as text: nothing is executed.  A
    pyproject that is not valid TOML is left out."""
    for marker in _PACKAGING_ORDER:
        if marker not in markers:
            continue
        try:
            text = read_regular(os.path.join(abs_dir, marker), 1024 * 1024).decode("utf-8", errors="replace")
        except OSError:
            continue
        tables: list[Any] = []
        if marker == "pyproject.toml":
            import tomllib

            try:
                data = tomllib.loads(text)
            except (ValueError, RecursionError):
                continue
            # (`project = "x"` is valid TOML: each level is checked, never trusted)
            tool = data.get("tool")
            tables = [data.get("project"), tool.get("poetry") if isinstance(tool, dict) else None]
        yield marker, text, tables


def _setup_py_name(text: str) -> re.Match[str] | None:
    """The ``name='...'`` a setup script gives ``setup()``: the first after
    the call, else one before it (``setup(**dict(name='x', ...))``); none in
    a setup.py that calls no ``setup()``."""
    call = SETUP_CALL.search(text)
    if call is None:
        return None
    return _SETUP_NAME.search(text, call.end()) or _SETUP_NAME.search(text)


def python_name(abs_dir: str, markers: set[str], packaging: list[tuple[str, str, list[Any]]] | None = None) -> str:
    """The distribution name a Python package declares (pyproject ``[project]``
    or Poetry ``name``, setup.cfg ``[metadata] name``, setup.py ``name='...'``).
    '' when none is found.  ``packaging``: what :func:`_packaging_files`
    yields, when already read."""
    for marker, text, tables in _packaging_files(abs_dir, markers) if packaging is None else packaging:
        if marker == "pyproject.toml":
            for table in tables:
                if isinstance(table, dict) and isinstance(table.get("name"), str) and table["name"]:
                    return str(table["name"])
        else:
            m = re.search(r"^\[metadata\][^\[]*?^\s*name\s*=\s*([\w.-]+)", text, re.M | re.S) if marker == "setup.cfg" else _setup_py_name(text)
            if m:
                return m.group(1)
    return ""


# setup.py's `package_dir = {...}` / `package_dir={...}` (a literal dict of strings), and one of its entries
_SETUP_PY_PACKAGE_DIR = lazy_re(r"""\bpackage_dir['"]?\s*[=:]\s*(?:dict\s*\(\s*)?\{([^{}]{0,8000})\}""")
_PACKAGE_DIR_ENTRY = lazy_re(r"""(['"])([A-Za-z_][\w.]*)\1\s*:\s*(['"])([\w./-]+)\3""")
# setup.cfg's `[options]` `package_dir =` value lines (`supybot = src`)
_CFG_PACKAGE_DIR = lazy_re(r"^\[options\][^\[]*?^package_dir\s*=([^\[]*)", re.M | re.S)
_CFG_PACKAGE_DIR_ENTRY = lazy_re(r"^\s+([A-Za-z_][\w.]*)\s*=\s*([\w./-]+)\s*$", re.M)


def python_package_dirs(packaging: list[tuple[str, str, list[Any]]]) -> dict[str, str]:
    """Import name -> folder (relative to the packaging file) of the packages a
    setuptools ``package_dir`` maps to a folder of another name (limnoria's
    setup.py: ``package_dir = {'supybot': 'src', 'supybot.plugins': 'plugins', ...}``),
    from a literal dict in setup.py or setup.cfg's ``[options] package_dir``,
    read as text: nothing is executed. The root mapping (``{'': 'src'}``) is
    left out: a src layout already resolves by the files' own paths."""
    found: dict[str, str] = {}
    for marker, text, _tables in packaging:
        if marker == "setup.py":
            m = _SETUP_PY_PACKAGE_DIR.search(text)
            pairs = [(e.group(2), e.group(4)) for e in _PACKAGE_DIR_ENTRY.finditer(m.group(1))] if m else []
        elif marker == "setup.cfg":
            m = _CFG_PACKAGE_DIR.search(text)
            pairs = [(e.group(1), e.group(2)) for e in _CFG_PACKAGE_DIR_ENTRY.finditer(_cfg_option(m.group(1)))] if m else []
        else:
            continue
        for name, folder in pairs:
            folder = posixpath.normpath(folder)
            if folder not in (".", "..") and not folder.startswith(("../", "/")):
                found.setdefault(name, folder)
    return found


def console_scripts(abs_dir: str, markers: set[str], packaging: list[tuple[str, str, list[Any]]] | None = None) -> list[str]:
    """``module:function`` of the command-line programs a Python package
    installs (pyproject ``[project.scripts]`` / Poetry scripts, setup.cfg and
    setup.py ``console_scripts``), read as text: nothing is executed.
    ``packaging``: what :func:`_packaging_files` yields, when already read."""
    found: set[str] = set()
    for name, text, pyproject in _packaging_files(abs_dir, markers) if packaging is None else packaging:
        if name == "pyproject.toml":
            tables = [t.get("scripts") if isinstance(t, dict) else None for t in pyproject]
            for table in tables:
                if isinstance(table, dict):
                    found.update(str(v).split("[", 1)[0].replace(" ", "") for v in table.values() if isinstance(v, str) and ":" in v)
        else:
            at = text.find("console_scripts")
            if at >= 0:
                section = text[at : at + 4000]
                if name == "setup.cfg" or text[at - 1 : at] == "[":
                    # (a setup.py may give entry_points the setup.cfg syntax in a string:
                    # mediagoblin's `entry_points="""[console_scripts]\n gmg = mediagoblin.gmg_commands:main_cli ..."""`)
                    section = _cfg_option(section.split("\n[", 1)[0]) if name == "setup.cfg" else re.split(r"\n\s*\[|['\"]", section, maxsplit=1)[0]
                    found.update(f"{m.group(1)}:{m.group(2)}" for m in re.finditer(r"^\s*[\w.-]+\s*=\s*([\w.]+)\s*:\s*(\w+)", section, re.M))
                else:
                    found.update(f"{m.group(1)}:{m.group(2)}" for m in _ENTRY_POINT.finditer(_setup_py_list(text, section)))
    return sorted(found)


# `"console_scripts": CONSOLE_SCRIPTS` (or `console_scripts=scripts` in `dict(...)`): the list is a module-level name
_SCRIPTS_NAME = re.compile(r"""console_scripts['"]?\s*[:=]\s*([A-Za-z_]\w*)\s*[,})\]]""")


def _setup_py_list(text: str, section: str) -> str:
    """The text of the list a setup.py gives ``console_scripts``: written in
    place, or a module-level name assigned the list before (patroni's
    ``CONSOLE_SCRIPTS = ['patroni = patroni.__main__:main', ...]``, then
    ``entry_points={'console_scripts': CONSOLE_SCRIPTS}``)."""
    m = _SCRIPTS_NAME.match(section)
    if m is not None:
        assigned = re.search(rf"^{re.escape(m.group(1))}\s*=\s*[\[(]", text, re.M)
        if assigned is not None:
            return text[assigned.end() : assigned.end() + 4000].split("]", 1)[0].split(")", 1)[0]
    return section.split("]", 1)[0]


def build_findings(
    root: str, hits: list[Hit], rules: dict[str, RuleMeta], opts: ScanOptions, abspaths: dict[str, str] | None = None
) -> list[Finding]:
    """Hits -> findings with priority, evidence and fingerprints.

    ``abspaths`` maps paths as shown (escaped by discovery) to the files on
    disk; paths not in it are mapped back with ``discovery.real_path``."""
    from .discovery import real_path

    lines_cache: dict[str, list[str]] = {}

    def lines_of(path: str) -> list[str]:
        got = lines_cache.get(path)
        if got is None:
            try:
                from .frontends import decode_source

                disk = (abspaths or {}).get(path) or real_path(root, path)
                got = decode_source(read_regular(disk, opts.max_bytes + 1)).split("\n")
            except Exception:
                got = []
            lines_cache[path] = got
        return got

    # dedupe identical hits (same rule, place, message)
    unique: dict[tuple, Hit] = {}
    for h in hits:
        unique.setdefault((h.rule_id, h.path, h.line, h.column, h.message), h)
    ordered = sorted(unique.values(), key=lambda h: (h.path, h.line, h.column, h.rule_id, h.message))
    occurrences: Counter[tuple] = Counter()
    out: list[Finding] = []
    for h in ordered:
        meta = rules.get(h.rule_id)
        if meta is None:
            continue
        sev = opts.severity_overrides.get(h.rule_id) or h.severity or meta.severity
        prob = opts.probability_overrides.get(h.rule_id) or h.probability or meta.probability
        src = lines_of(h.path)
        end_line = h.end_line or h.line
        first = max(1, h.line)
        last = min(max(end_line, first), first + 5, len(src)) if src else first
        evidence = "\n".join(src[first - 1 : last]) if src else ""
        line_text = src[first - 1] if 0 < first <= len(src) else ""
        key = (h.rule_id, h.path, h.anchor, re.sub(r"\s+", "", line_text))
        occ = occurrences[key]
        occurrences[key] += 1
        end_col = h.end_column or (len(line_text) + 1 if line_text else h.column)
        out.append(
            Finding(
                rule_id=h.rule_id,
                name=meta.name,
                title=meta.title,
                severity=sev,
                probability=prob,
                priority=priority(sev, prob),
                path=h.path,
                line=first,
                column=max(1, h.column),
                end_line=max(end_line, first),
                end_column=max(1, end_col),
                message=h.message,
                evidence=evidence,
                mitigation=meta.mitigation,
                effort_minutes=meta.effort,
                related=sorted(h.related, key=lambda r: (r.path, r.line, r.message)),
                fingerprint=fingerprint(h.rule_id, h.path, h.anchor, line_text, occ),
            )
        )
    return out


__all__ = ["ScanOptions", "ScanResult", "UsageError", "scan", "analyse_file", "__version__"]
