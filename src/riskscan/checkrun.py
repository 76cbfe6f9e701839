"""Running the checks: in this process, or shared with one forked helper.

The checks are pure functions of the project's facts (they never read the
scanned files themselves, see riskscan.resultmemo), so they can run in any
order and in any process.  When the scan may use more than one CPU and its
facts are small enough that a copy of this process costs little
(``MAX_FORK_RSS``), a helper is forked once the facts are complete.  The
checks of one module share memos (riskscan.checks._memo), so they form a
batch; this process and the helper take batches from one queue (a pipe
holding their indexes: a read of two bytes is atomic, so each batch is
taken exactly once) until it is empty, and the helper sends back each
rule's hits.  When the facts come from the cache (a re-scan after an edit)
the checks are the larger part of the work; shared this way they take
about 0.7 of the time on two CPUs (not half: what the modules share is
computed in both processes, and each pays for the pages it writes).

Anything the helper cannot do goes back to this process, which then runs
the rule itself: a rule that wants a file parsed on demand (parsing is
supervised from this process only, see ``NeedsParent``), a rule whose check
failed while ``RISKSCAN_DEBUG`` asks for the traceback, a helper that died
or could not be forked.  The hits of every rule are put together in the
order of ``rule_ids``, so the output is the same as running them one by one
(``--jobs 1`` does that).

The helper's answers are length-prefixed pickles it writes to this
process, as in riskscan.prewarm.
"""

from __future__ import annotations

import os
import struct
import sys
from typing import TYPE_CHECKING, Callable, Iterable

from .prewarm import LEN, close_quietly, kill_and_reap, pop_message, read_message, ready, write_all

if TYPE_CHECKING:
    from .model import Hit
    from .project import Project
    from .samefacts import Asked

# A helper is forked only while this process is smaller than this (its
# resident size, before the checks): the helper's writes (reference counts
# included) copy the pages of the facts it reads, so on a large project it
# would add up to as much memory again for a few seconds saved out of
# minutes.  Large projects run their checks here, one by one.
MAX_FORK_RSS = 192 * 1024 * 1024
_ITEM = struct.Struct(">H")
_LEARNED = ""  # the rule id of the helper's last message: what it added to ``learned``
_ASKED = "\0asked"  # the rule id of a message sent before a rule's: what it added to ``asked``
_MAX_BATCHES = 1024  # 2 KiB of queue, well within the smallest pipe buffer (4 KiB)
IN_HELPER = False


class NeedsParent(BaseException):
    """Raised in the helper where only the scan's own process may go on
    (parsing a file on demand).  A BaseException, so that no check's
    ``except Exception`` can take it for the check's own failure."""


CheckFn = Callable[["Project"], Iterable["Hit"]]
Outcome = tuple[list["Hit"], str]  # (hits, the failure's message or "")


def run_checks(
    project: "Project",
    rule_ids: list[str],
    checks: dict[str, CheckFn],
    keep: Callable[["Hit"], bool],
    *,
    fork: bool,
    debug: bool,
    mark: Callable[[str], None] | None = None,
    first: Callable[[], None] | None = None,
    learned: dict | None = None,
    asked: "Asked | None" = None,
) -> list[tuple[str, Outcome]]:
    """(rule id, (hits kept by ``keep``, failure message)) for each rule of
    ``rule_ids`` that has a check, in that order.  With ``debug`` a failing
    check raises.  ``fork``: share the work with a forked helper (see the
    module's docstring); ``mark`` is told each rule run here (timings).
    ``first``: work of this process's own, done once the helper is off
    (before any check when there is none).  ``learned``: a dict the checks
    only add to (the name probes' answers, riskscan.probememo); what the
    helper adds to its copy is added here too.  ``asked``: the record of the
    questions the checks ask about files' text (riskscan.samefacts); the
    helper sends what each rule added to its copy before the rule's hits,
    so every rule answered for has its questions here."""
    todo = [rid for rid in rule_ids if rid in checks]
    done: dict[str, Outcome] = {}
    budget = _budget(project)
    helper = _Helper.start(project, _batches(todo, checks), checks, keep, learned, budget, asked) if fork and len(todo) > 1 else None
    if helper is None:
        if first:
            first()
        for rid in todo:
            done[rid] = _run_one(project, rid, checks[rid], keep, debug, budget)
            if mark:
                mark(f"check {rid}")
    else:
        try:
            if first:
                first()
            while True:
                batch = helper.take()
                if batch is None:
                    break
                for rid in batch:
                    done[rid] = _run_one(project, rid, checks[rid], keep, debug, budget)
                    helper.drain(done)
            helper.finish(done)
        finally:
            helper.stop()
        for rid in todo:  # what the helper took and did not answer for
            if rid not in done:
                done[rid] = _run_one(project, rid, checks[rid], keep, debug, budget)
        if mark:
            mark("checks (2 processes)")
    return [(rid, done[rid]) for rid in todo]


def _run_one(project: "Project", rid: str, fn: CheckFn, keep: Callable[["Hit"], bool], debug: bool, budget: float = 0.0) -> Outcome:
    """Run one rule's check under its CPU-time budget (``budget`` seconds,
    0 = none; riskscan.limits.check_budget).  A check that overruns it is
    stopped: its hits are left out, and what the checks remember is
    forgotten (it may have been stopped half-way through building a memo)."""
    from .isolation import BudgetExceeded, time_budget

    spent = None
    try:
        with time_budget(budget) as spent:
            hits = [h for h in fn(project) if keep(h)]
    except BudgetExceeded:
        pass
    except Exception as exc:
        if spent is None or not spent.fired:
            if debug:
                raise
            return [], f"{type(exc).__name__}: {exc}"
    else:
        if not spent.fired:
            return hits, ""
    # (fired: stopped, or the stop was caught inside the check and its answer is partial)
    from .checks import forget_memos

    forget_memos(project)
    seconds = f"{budget:.1f}" if budget >= 0.1 else f"{budget:g}"
    return [], f"took longer than {seconds} s of CPU time (the per-rule time budget, see RISKSCAN_CHECK_TIMEOUT); its findings are left out"


def _budget(project: "Project") -> float:
    """Each rule's CPU-time budget on this project (riskscan.limits.check_budget)."""
    from .limits import check_budget

    files = getattr(project, "files", None)  # (tests run checks on stand-ins)
    return check_budget(sum(1 for ff in files.values() if not ff.shallow) if isinstance(files, dict) else 0)


def fork_worthwhile(jobs: int, n_rules: int) -> bool:
    """Whether the checks should be shared with a forked helper: more than
    one job allowed and CPU there, processes that fork (Linux), a small
    resident size (``MAX_FORK_RSS``), and no thread but this one."""
    if jobs == 1 or n_rules < 2 or IN_HELPER or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False
    if (os.cpu_count() or 1) < 2:
        return False
    import threading

    if threading.active_count() > 1:
        return False
    rss = _rss()
    return rss is not None and rss <= MAX_FORK_RSS


def _rss() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


# Checks that share memos (riskscan.checks._memo) run in the same process,
# so neither computes them twice: the checks of one module (or family of
# modules, ``_FAMILY``) form a batch,
# and batches are queued by module, the usually costly first (a module not
# named here comes last, in the order of its rules).
_MODULE_ORDER = ("observability", "auth", "lifecycle", "pools", "queues", "redis", "websocket", "consistency", "compose", "traversal", "suppression")
# modules whose checks share memos run as one batch, under one name
_FAMILY = {"structured_logging": "observability", "health": "observability", "static_cache": "observability",
           "http_timeouts": "observability", "metrics": "observability", "login_rate_limit": "auth", "login_lockout": "auth",
           "stop_signal": "lifecycle"}


def _batches(todo: list[str], checks: dict[str, CheckFn]) -> list[list[str]]:
    by_module: dict[str, list[str]] = {}
    for rid in todo:
        module = getattr(checks[rid], "__module__", "").rpartition(".")[2]
        by_module.setdefault(_FAMILY.get(module, module), []).append(rid)
    rank = {name: i for i, name in enumerate(_MODULE_ORDER)}
    return [by_module[m] for m in sorted(by_module, key=lambda m: (rank.get(m, len(rank)), by_module[m][0]))]


class _Helper:
    """The forked helper and the two pipes: the shared queue of batch
    indexes and the helper's answers (one per rule)."""

    def __init__(self, pid: int, queue: int, answers: int, batches: list[list[str]], learned: dict | None, asked: "Asked | None" = None) -> None:
        self.pid = pid
        self.queue = queue
        self.answers = answers
        self.batches = batches
        self.learned = learned
        self.asked = asked
        self.buf = bytearray()

    @classmethod
    def start(
        cls, project: "Project", batches: list[list[str]], checks: dict[str, CheckFn], keep: Callable[["Hit"], bool], learned: dict | None = None,
        budget: float = 0.0, asked: "Asked | None" = None,
    ) -> "_Helper | None":
        if len(batches) < 2 or len(batches) > _MAX_BATCHES:
            return None  # (the queue is written whole before the fork: it must fit a pipe's buffer)
        try:
            q_r, q_w = os.pipe()
        except OSError:
            return None
        try:
            a_r, a_w = os.pipe()
        except OSError:
            os.close(q_r)
            os.close(q_w)
            return None
        try:
            _grow_pipe(a_w)
            # the whole queue is written before the fork (a few dozen bytes: well within a pipe's buffer)
            write_all(q_w, b"".join(_ITEM.pack(i) for i in range(len(batches))))
            pid = os.fork()
        except OSError:
            for fd in (q_r, q_w, a_r, a_w):
                os.close(fd)
            return None
        os.close(q_w)  # (both processes: reads from the queue end once it is empty)
        if pid == 0:  # pragma: no cover - runs in the helper (its exit code is not looked at)
            try:
                os.close(a_r)
                _serve(project, batches, checks, keep, q_r, a_w, learned, budget, asked)
            finally:
                os._exit(0)
        os.close(a_w)
        return cls(pid, q_r, a_r, batches, learned, asked)

    def take(self) -> list[str] | None:
        """The next batch of rules from the queue; None once it is empty."""
        i = _take(self.queue)
        return self.batches[i] if i is not None and i < len(self.batches) else None

    def drain(self, done: dict[str, Outcome]) -> None:
        """Take the answers that have arrived (so the helper never waits long on a full pipe)."""
        while ready(self.answers, 0):
            chunk = os.read(self.answers, 1 << 20)
            if not chunk:
                return
            self.buf += chunk
            while (message := pop_message(self.buf)) is not None:
                self._store(message, done, self.learned, self.asked)

    def finish(self, done: dict[str, Outcome]) -> None:
        """Wait for the helper's remaining answers (it exits once the queue is empty)."""
        while True:
            message = read_message(self.answers, self.buf, None)
            if message is None:
                return
            self._store(message, done, self.learned, self.asked)

    @staticmethod
    def _store(message: bytes, done: dict[str, Outcome], learned: dict | None, asked: "Asked | None" = None) -> None:
        import pickle

        rid, outcome = pickle.loads(message)
        if rid == _ASKED:
            if asked is not None:
                asked.merge(outcome)
        elif rid == _LEARNED:
            if learned is not None:
                learned.update(outcome)
        elif outcome is not None:
            done[rid] = outcome

    def stop(self) -> None:
        if self.pid > 0:
            kill_and_reap(self.pid)  # (done by now, unless this process is being interrupted)
            self.pid = 0
        close_quietly(self.queue, self.answers)
        self.queue = self.answers = -1


def _take(fd: int) -> int | None:
    try:
        data = os.read(fd, _ITEM.size)
    except OSError:
        return None
    return _ITEM.unpack(data)[0] if len(data) == _ITEM.size else None


def _grow_pipe(fd: int) -> None:
    """A larger buffer for the answers, so the helper seldom waits for this
    process to read them (Linux; best effort)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (OSError, ImportError):
        pass


def _serve(
    project: "Project", batches: list[list[str]], checks: dict[str, CheckFn], keep: Callable[["Hit"], bool], queue: int, answers: int, learned: dict | None,
    budget: float = 0.0, asked: "Asked | None" = None,
) -> None:  # pragma: no cover - helper
    import pickle

    global IN_HELPER
    IN_HELPER = True
    debug = bool(os.environ.get("RISKSCAN_DEBUG"))
    known = len(learned) if learned is not None else 0
    noted = len(asked.log) if asked is not None else 0
    while True:
        i = _take(queue)
        if i is None or i >= len(batches):
            if learned is not None and len(learned) > known:
                # what the checks added here (a dict keeps its order: the new entries are last)
                data = pickle.dumps((_LEARNED, list(learned.items())[known:]), protocol=pickle.HIGHEST_PROTOCOL)
                write_all(answers, LEN.pack(len(data)) + data)
            return
        for rid in batches[i]:
            outcome: Outcome | None
            try:
                outcome = _run_one(project, rid, checks[rid], keep, False, budget)
                if debug and outcome[1]:
                    outcome = None  # the scan's own process runs it again, and raises
            except NeedsParent:
                outcome = None  # and no more rules here: its memos may hold half of what it was computing
            try:
                data = pickle.dumps((rid, outcome), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                data = pickle.dumps((rid, None), protocol=pickle.HIGHEST_PROTOCOL)
            if asked is not None and len(asked.log) > noted:
                # (before the rule's answer: a rule answered for has its questions there)
                questions = pickle.dumps((_ASKED, asked.since(noted)), protocol=pickle.HIGHEST_PROTOCOL)
                noted = len(asked.log)
                data = LEN.pack(len(questions)) + questions + LEN.pack(len(data)) + data
            else:
                data = LEN.pack(len(data)) + data
            if not write_all(answers, data) or outcome is None:
                return
