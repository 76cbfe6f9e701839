"""RS601 non-atomic-dual-write: one function writes to two stores.

For every function, the writes it makes (its own body, nested callbacks and
the same-file helpers it calls, transitively) are classified by store
(``_stores.store_write``).  A function that writes to two of the pairs
SQL+Redis, SQL+filesystem, Redis+filesystem or SQL+job queue, with no outbox
in between, is reported -- once, in the innermost such function: a function
is not reported when a function it contains or a helper it calls already is.

Decisions (see rules/RS601.yml):
* writes to an outbox table never pair with anything: writing the job row and
  the outbox row is the fix, and an outbox relay (reads the outbox, pushes,
  marks rows) only touches the outbox in SQL;
* a database transaction does not make the Redis / file / queue write
  atomic with it, and Redis MULTI does not make the SQL write atomic: both
  are still reported; a write deferred to an after-commit hook (Django
  ``transaction.on_commit``, Sequelize ``afterCommit``, a Celery task whose
  ``base=`` class defers ``apply_async`` that way) is not counted -- it
  can no longer act on a row that was rolled back;
* cache invalidation (del/unlink/expire, a Celery task named for it),
  PUBLISH, NX lock keys and rate counters are not writes (see ``_stores``);
* two writes in different arms of one if/else, elif chain, conditional
  expression or match, or one in an ``if`` that ends in return/raise/throw and
  one after it, never run in the same call: not a pair
  (``extra["branches"]``); switch cases can fall through and still pair;
* a Python helper's write in an ``if flag:`` on a parameter defaulting to
  False/None does not count for a call that leaves the flag out
  (``extra["flag_ifs"]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..factindex import withs_of_func
from ..facts import CALL, FN, IDENT, OTHER, Call, FileFacts, Func
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import check
from ._cli import run_by_hand
from ._jobqueues import CONSUME, DEAD_LETTER, list_method, list_role, names_of
from ._longrun import HTTP, PY_FLASK_APPS, while_loops
from ._memo import per_file, per_project
from ._reach import func_label, helper_funcs
from ._resolve import call_sites
from ._services import file_entries
from ._sql import is_outbox_table
from ._stores import ENQUEUE, FS, LIST_PUSH, REDIS, SQL, STORE_NAMES, Write, any_non_sql_write, offline_path, store_write

PAIRS = ({SQL, REDIS}, {SQL, FS}, {REDIS, FS}, {SQL, ENQUEUE})


@dataclass(frozen=True)
class Occ:
    write: Write
    line: int  # where the write happens (in this function or a same-file helper)
    site_line: int  # the call in the reported function that performs / leads to it
    site_col: int
    inner: "Occ | None" = None  # (reached through a same-file helper) the occurrence in that helper


def _run_order(occ: Occ) -> tuple[list[tuple[int, int]], int]:
    """The order writes run in: by the call in the reported function that
    leads to each, then by the call inside each helper on the way, so that of
    a helper's writes the one it makes first comes first (saleor's
    ``automatically_fulfill_digital_lines``: its ``get_or_create`` at line 217,
    not the ``save()`` at line 202 of a helper it calls later in a loop)."""
    sites: list[tuple[int, int]] = []
    cur: Occ | None = occ
    while cur is not None:
        sites.append((cur.site_line, cur.site_col))
        cur = cur.inner
    return sites, occ.line


def _popped_keys(project: Project, ff: FileFacts) -> dict[str, list[str]]:
    """Func id -> list keys that function (or a function enclosing it) pops."""
    out: dict[str, list[str]] = {}
    inside: dict[str, list[str]] | None = None  # (asked of the file's functions once it has a consumer)
    for call in ff.calls:
        got = list_method(project, ff, call) if call.func else None
        if got is None or list_role(got[0]) != CONSUME:
            continue
        keys = [n for a in got[1][:1] for n, _ in names_of(project, ff, call, a) if n]
        out.setdefault(call.func, []).extend(keys)
        if inside is None:
            inside = project.inside_of(ff)
        for other in inside.get(call.func, ()):
            out.setdefault(other, []).extend(keys)
    return out


def _queue_mechanics(write: Write, call: Call, popped: dict[str, list[str]]) -> bool:
    """A push to a dead-letter list, or back onto the list this consumer pops:
    the consumer's failure path, not a second copy of state."""
    if write.kind != REDIS or call.method.lower() not in LIST_PUSH:
        return False
    if write.target and DEAD_LETTER.search(write.target):
        return True
    return bool(write.target) and any(k and (k == write.target or write.target.startswith(k)) for k in popped.get(call.func, ()))


_AFTER_COMMIT = frozenset({"on_commit", "afterCommit", "after_commit", "onCommit"})


def _after_commit_callbacks(project: Project, ff: FileFacts) -> set[str]:
    """Functions passed to an after-commit hook (Django ``transaction.on_commit``,
    Sequelize ``t.afterCommit``) and everything nested in them: their writes run
    only once the database write is durable."""
    roots = {a.v for c in ff.calls if (c.method or c.callee.rsplit(".", 1)[-1]) in _AFTER_COMMIT for a in c.args if a.k == FN}
    if not roots:
        return roots
    out = set(roots)
    for fid in project.funcs(ff):
        if any(project.is_inside(ff, fid, r) for r in roots):
            out.add(fid)
    return out


# a task that only drops cached data (``invalidate_cache.delay(...)``) is cache
# invalidation, like a Redis DEL: losing it leaves a stale cache, not a lost job
_CACHE_TASK = lazy_re(r"(?i)(?:invalidat|clear|purge|flush|evict|expire|bust|drop).*cache|cache.*(?:invalidat|clear|purge|flush|evict|expire|bust|drop)")


def _not_a_job_write(project: Project, call: Call) -> bool:
    """Is this Celery ``task.delay()`` / ``.apply_async()`` deferred to the
    commit by the task's class (``@app.task(base=TransactionAwareTask)``
    whose ``apply_async`` calls ``transaction.on_commit``), or a cache
    invalidation task?"""
    task = call.recv.rsplit(".", 1)[-1]
    return bool(_CACHE_TASK.search(task)) or task in _commit_deferred_tasks(project)


def _requeues_itself(project: Project, ff: FileFacts, call: Call) -> bool:
    """A task that sends itself again (``send_webhook.apply_async(...,
    countdown=...)`` inside ``send_webhook``): its own retry, like
    ``self.retry()``; the job it reschedules is the one already running."""
    name = call.recv.rsplit(".", 1)[-1]
    return any(fn.name == name and fn.decorators for fn in project.scopes(ff, call.func)[:10])


@per_project
def _commit_deferred_tasks(project: Project) -> frozenset[str]:
    """Names of Celery tasks declared with a ``base=`` class whose own
    ``apply_async`` / ``delay`` hands the send to an after-commit hook (pretix's
    ``TransactionAwareTask``): like ``transaction.on_commit(lambda: t.delay())``
    at every call site."""
    deferring: set[str] = set()
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        methods = {f.id: f.cls for f in ff.funcs if f.cls and f.name in ("apply_async", "delay")}
        if methods:
            for c in ff.calls:
                if c.func in methods and (c.method or c.callee.rsplit(".", 1)[-1]) in _AFTER_COMMIT:
                    deferring.add(methods[c.func])
    if not deferring:
        return frozenset()
    from .queues import celery_tasks

    tasks: set[str] = set()
    for _ff, f, _dec, got in celery_tasks(project):
        base = got.kwargs.get("base") if isinstance(got, Call) else None
        if base is not None and base.v.rsplit(".", 1)[-1] in deferring:
            tasks.add(f.name)
    return frozenset(tasks)


def _writes_of_file(project: Project, ff: FileFacts) -> dict[str, list[tuple[Call, Write]]]:
    """Func id -> writes made directly by that function's own calls (not nested)."""
    out: dict[str, list[tuple[Call, Write]]] = {}
    popped: dict[str, list[str]] | None = None
    deferred = _after_commit_callbacks(project, ff)
    for call in ff.calls:
        if not call.func or call.func in deferred:
            continue
        w = store_write(project, ff, call)
        if w is None:
            continue
        if w.kind == SQL and w.target and is_outbox_table(w.target):
            continue
        if w.kind == ENQUEUE and ff.lang == "py" and call.method in ("delay", "apply_async") and _not_a_job_write(project, call):
            continue
        if w.kind == ENQUEUE and ff.lang == "py" and call.method in ("delay", "apply_async") and _requeues_itself(project, ff, call):
            continue
        if w.kind == REDIS and call.method.lower() in LIST_PUSH:
            if popped is None:
                popped = _popped_keys(project, ff)
            if _queue_mechanics(w, call, popped):
                continue
        out.setdefault(call.func, []).append((call, w))
    return out


class _Analyzer:
    def __init__(self, project: Project, ff: FileFacts) -> None:
        self.project = project
        self.ff = ff
        self.direct = _writes_of_file(project, ff)
        self.write_of = {id(c): w for pairs in self.direct.values() for c, w in pairs}
        self.memo: dict[str, list[Occ]] = {}
        self.active: set[str] = set()
        self.helpers: dict[str, set[str]] = {}

    def occurrences(self, fid: str) -> list[Occ]:
        """Writes made by ``fid``: its own calls, nested functions, same-file helpers."""
        got = self.memo.get(fid)
        if got is not None:
            return got
        if fid in self.active:
            return []
        self.active.add(fid)
        project, ff = self.project, self.ff
        occs: list[Occ] = []
        helpers: set[str] = set()
        for call in project.calls_in(ff, fid, nested=True):
            w = self.write_of.get(id(call))
            if w is not None:
                stmt = self.statement_call(call)
                occs.append(Occ(w, call.line, stmt.line, stmt.col))
            for _, h in helper_funcs(project, ff, call, same_file=True):
                if h.id == fid:
                    continue
                helpers.add(h.id)
                off = _unset_flag_arms(ff, call, h)
                for o in self.occurrences(h.id):
                    if any(a <= (o.site_line, o.site_col) < b for a, b in off):
                        continue  # `if create_file:` in the helper, a flag this call leaves at False
                    occs.append(Occ(o.write, o.line, call.line, call.col, o))
        self.active.discard(fid)
        occs.sort(key=_run_order)
        self.memo[fid] = occs
        self.helpers[fid] = helpers
        return occs

    def statement_call(self, call: Call) -> Call:
        """The outermost call of the same function whose span holds ``call``:
        ``session.execute(update(T)...)`` is reported where the statement
        starts, like a multi-line ``db.query(`` is."""
        best = call
        if not call.end_line:
            return best
        for c in self.project.calls_in(self.ff, call.func, nested=False):
            if c is call or not c.end_line:
                continue
            if (c.line, c.col) <= (best.line, best.col) and (c.end_line, c.end_col) >= (call.end_line, call.end_col) and (c.line, c.col) != (best.line, best.col):
                best = c
        return best

    def descendants(self, fid: str) -> set[str]:
        """Functions nested in ``fid`` and the same-file helpers it runs, transitively."""
        out: set[str] = set()
        todo = [fid]
        while todo:
            cur = todo.pop()
            for nxt in [*self.project.nested_funcs(self.ff, cur), *sorted(self.helpers.get(cur, ()))]:
                if nxt not in out and nxt != fid:
                    out.add(nxt)
                    todo.append(nxt)
        return out

    def pair(self, fid: str) -> tuple[Occ, Occ] | None:
        occs = self.occurrences(fid)
        kinds = {o.write.kind for o in occs}
        if not any(p <= kinds for p in PAIRS):
            return None
        # the first write, and the first write to a store it pairs with that
        # can run in the same call (not in another arm of an if/else)
        regions = self.ff.extra.get("branches") if self.ff.extra else None
        pairs = [
            (first, second)
            for i, first in enumerate(occs)
            for second in occs[i + 1 :]
            if {first.write.kind, second.write.kind} in PAIRS
            and not _exclusive_occ(regions, first, second)
        ]
        # the function's own writes before those of a helper it calls (moin's
        # put_draft: its DELETE/INSERT and file write, not a DELETE that a
        # helper's cleanup branch may run)
        return next((p for p in pairs if p[0].line == p[0].site_line and p[1].line == p[1].site_line), pairs[0] if pairs else None)

    def more_stores(self, fid: str, first: Occ, second: Occ) -> list[tuple[Occ, Occ]]:
        """The function's own writes to the other stores (not a helper's: a
        scratch file a helper writes and removes is no second copy), each with
        the reported write it pairs with (the first of the two that does) and
        can run with: fittrackee's upload saves its archive, then its task row,
        then enqueues the task; the filesystem/database pair is reported, and
        the database/queue pair, a task row whose job may never run, is named
        beside it rather than hidden until the first is fixed."""
        regions = self.ff.extra.get("branches") if self.ff.extra else None
        reported = {first.write.kind, second.write.kind}
        out: list[tuple[Occ, Occ]] = []
        seen: set[str] = set()
        for o in self.occurrences(fid):
            kind = o.write.kind
            if kind in reported or kind in seen or o.inner is not None:
                continue
            partner = next((r for r in (first, second) if {r.write.kind, kind} in PAIRS and not _exclusive_occ(regions, r, o)), None)
            if partner is not None:
                seen.add(kind)
                out.append((o, partner))
        return out


def _unset_flag_arms(ff: FileFacts, call: Call, helper: Func) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Spans of the helper's ``if flag:`` bodies (``extra["flag_ifs"]``: a
    parameter defaulting to False or None) whose flag ``call`` does not
    pass, so they do not run for it: pgadmin4's ``load_database_servers``
    calls ``filename_with_file_manager_path(name)``, whose ``if
    create_file: open(_file, 'a')`` only touches a file for callers that
    ask for it.  A flag passed by keyword, by position or through ``*``/``**``
    may be set."""
    out: list[tuple[tuple[int, int], tuple[int, int]]] = []
    recs = (ff.extra or {}).get("flag_ifs") or ()
    if not recs:
        return out
    params = list(helper.params)
    if call.method and helper.cls and params and params[0] in ("self", "cls"):
        params = params[1:]  # (`self.helper(x)`: the first argument is the second parameter)
    spread = "**" in call.kwargs or any(a.k == OTHER and a.v.startswith("*") for a in call.args)
    for rec in recs:
        if not isinstance(rec, list) or len(rec) != 6 or rec[0] != helper.id:
            continue
        name = rec[1]
        if spread or name in call.kwargs or name not in params or params.index(name) < len(call.args):
            continue
        out.append(((rec[2], rec[3]), (rec[4], rec[5])))
    return out


def _exclusive_occ(regions: object, a: Occ, b: Occ) -> bool:
    """Two occurrences in different arms, at the first place their paths part:
    reached through the same helper call, they are told apart inside that
    helper (sentry's ``_do_process_event``: an enqueue in an ``except`` arm
    that returns, a delete after the ``try``)."""
    for _ in range(10):
        if (a.site_line, a.site_col) != (b.site_line, b.site_col):
            return _exclusive(regions, (a.site_line, a.site_col), (b.site_line, b.site_col))
        if a.inner is None or b.inner is None:
            return False
        a, b = a.inner, b.inner
    return False


def _enqueue_handled(an: "_Analyzer", ff: FileFacts, fid: str, first: Occ, second: Occ) -> int:
    """The line of the ``except`` around the enqueue of a SQL + enqueue pair
    whose body writes to the database itself, or calls a method of the row
    object the SQL write returned (marks the row failed when the enqueue
    raises: nautobot's ``JobResult.enqueue_job``), else 0.  Python only
    (``extra["handlers"]``)."""
    occ = first if first.write.kind == ENQUEUE else second
    if {first.write.kind, second.write.kind} != {SQL, ENQUEUE} or not ff.extra:
        return 0
    handlers = ff.extra.get("handlers")
    if not isinstance(handlers, list):
        return 0
    site = occ.site_line
    for h in handlers:
        if not isinstance(h, dict) or h.get("func") != fid or not (h.get("try_line", 0) <= site <= h.get("try_end_line", -1)):
            continue
        lo, hi = h.get("line", 0), h.get("end_line", -1)
        if any(w.kind == SQL and lo <= c.line <= hi for c, w in an.direct.get(fid, ())):
            return int(lo)
        # or it saves the row object the SQL write returned (`result.save()`, `result.set_status(...)`)
        rows = {c.assigned for c, w in an.direct.get(fid, ()) if w.kind == SQL and c.assigned}
        if rows and any(c.func == fid and lo <= c.line <= hi and c.recv in rows for c in ff.calls):
            return int(lo)
    return 0


def _exclusive(regions: object, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do call positions ``a`` and ``b`` sit in different arms of one if/else,
    conditional expression, match or exiting ``except`` (``extra["branches"]``,
    see riskscan.frontends._branches)?  (Two writes reached through the same
    helper call are told apart inside the helper: :func:`_exclusive_occ`.)"""
    if not isinstance(regions, list) or a == b:
        return False
    arm_a: dict[tuple[int, int], int] = {}
    arm_b: dict[tuple[int, int], int] = {}
    for r in regions:
        if not isinstance(r, list) or len(r) != 7:
            continue
        start, end = (r[3], r[4]), (r[5], r[6])
        if start <= a < end:
            arm_a[(r[0], r[1])] = r[2]
        if start <= b < end:
            arm_b[(r[0], r[1])] = r[2]
    return any(point in arm_b and arm_b[point] != arm for point, arm in arm_a.items())


def _consequence(a: str, b: str, handled: int = 0) -> str:
    """What goes wrong between writes of kinds ``a`` and ``b``; ``handled``:
    the line of an ``except`` that writes the row when the enqueue raises."""
    kinds = {a, b}
    if kinds == {SQL, ENQUEUE}:
        if handled:
            return (
                f"the `except` at line {handled} updates the row when the enqueue raises, but if the process dies after the commit "
                "the row exists and its job never runs (or the job runs for a row that was rolled back)"
            )
        return "if the enqueue fails or the process dies after the commit, the row exists but its job never runs (or the job runs for a row that was rolled back)"
    if kinds == {SQL, REDIS}:
        return "if the second write fails or the process dies in between, Redis and the database disagree and nothing repairs it"
    if kinds == {SQL, FS}:
        return "if one write fails or the process dies in between, rows point at missing files or files have no row"
    return "if one write fails or the process dies in between, the file and Redis disagree and nothing repairs it"


# a ``with`` item that opens a database transaction: ``transaction.atomic()``,
# ``session.begin()``, ``conn.transaction()``, ``self.env.db_transaction``
_TX_ITEM = lazy_re(r"(?:^|[._])(?:transaction|atomic|begin|begin_nested)$", re.I)
_TX_TAIL = {
    FS: "the file stays written (or moved) for a row that was never committed",
    REDIS: "Redis keeps a value for a row that was never committed",
    ENQUEUE: "the job runs for a row that was rolled back (or before its row is committed)",
}


def _transaction_around(ff: FileFacts, fid: str, first: Occ, second: Occ) -> tuple[int, str] | None:
    """A ``with`` block of the reported (Python) function itself that opens a
    database transaction and holds both writes' statements: (its line, its text)."""
    lines = (first.site_line, second.site_line)
    for w in withs_of_func(ff, fid):
        if not all(w.get("line", 0) <= ln <= w.get("end_line", 0) for ln in lines):
            continue
        text = w.get("item") or ""
        i = w.get("call", -1)
        if not text and isinstance(i, int) and 0 <= i < len(ff.calls):
            text = ff.calls[i].callee
        if text and _TX_ITEM.search(text.removesuffix("()")):
            return w.get("line", 0), text
    return None


# a decorator that runs the whole function in a database transaction: Django's
# ``@transaction.atomic`` / ``@atomic()``, peewee's ``@db.atomic()``
_TX_DECORATOR = lazy_re(r"(?:^|[._])atomic$")


def _transaction_decorator(ff: FileFacts, func: Func) -> tuple[int, str] | None:
    """A decorator of the reported (Python) function that opens a database
    transaction around its whole body, and so around both writes (and the
    same-file helpers it calls): (its line, its resolved name's last two parts,
    as ``@transaction.atomic`` or ``@transaction.atomic()``)."""
    if ff.lang != "py":
        return None
    for d in func.decorators:
        if d.k in (IDENT, CALL) and _TX_DECORATOR.search(d.v):
            return d.line or func.line, "@" + ".".join(d.v.split(".")[-2:]) + ("()" if d.k == CALL else "")
    return None


_STARTUP = frozenset({"initialize", "init", "setup", "bootstrap", "startup", "on_startup", "init_app", "init_db", "lifespan"})
# a Python web app's construction: the function making it is an application factory (``create_app``)
_PY_APP_CTORS = frozenset({*PY_FLASK_APPS, "fastapi.FastAPI", "quart.Quart", "sanic.Sanic", "starlette.applications.Starlette",
                           "aiohttp.web.Application", "litestar.Litestar"})


def _startup(project: Project, ff: FileFacts, func: Func, depth: int = 0) -> bool:
    """A start-up routine (``initialize``, ``init_db``, ``bootstrap``, a
    lifespan, an application factory that builds the web app): it runs once
    as the process starts, seeding rows and writing its secret or config
    files; a crash there is a failed start, retried as a whole, not a
    half-done request or job.  So does a function that only start-up
    routines call (privacyidea's ``_setup_node_configuration``, run by
    ``create_app``), two callers up."""
    if func.name.lower() in _STARTUP:
        return True
    if ff.lang == "py" and any(c.callee in _PY_APP_CTORS for c in project.calls_in(ff, func.id, nested=False)):
        return True
    if depth >= 2:
        return False
    sites = call_sites(project, ff, func)
    return bool(sites) and all(
        site.func and (caller := project.funcs(g).get(site.func)) is not None and _startup(project, g, caller, depth + 1)
        for g, site in sites
    )


# applications whose ``.listen(port)`` starts the server (Tornado's builds its HTTPServer and binds the port)
_LISTENING_APPS = frozenset({"tornado.web.Application"})


def _starts_server(project: Project, ff: FileFacts, func: Func, first: Occ, second: Occ) -> bool:
    """``func`` starts the service's HTTP server in its own body (a start-up
    call of the file: Tornado ``app.listen(port)``, ``uvicorn.run()``,
    ``app.run()``; also ``.listen()`` on what a same-file application
    factory returns: ``app = make_app()``, mage-ai's ``server.main``), and
    neither write is in a ``while`` loop of it: it runs once as the process
    starts, its requests are served by handlers (reported on their own), and
    a crash in it is a failed start, like a start-up routine's."""
    if any(lo <= site <= hi for site in (first.site_line, second.site_line) for lo, hi in while_loops(ff, func.id)):
        return False
    if any(e.call is not None and e.call.func == func.id and e.kind == HTTP for e in file_entries(project, ff)):
        return True
    if ff.lang != "py":
        return False
    factories = _app_factories(project, ff)
    return any(c.method == "listen" and c.recv_type in factories for c in project.calls_in(ff, func.id, nested=False))


@per_file
def _app_factories(project: Project, ff: FileFacts) -> frozenset[str]:
    """Names of the module functions of ``ff`` that build a listening
    application (Tornado's): asked once per file, not once per function."""
    return frozenset(f.name for f in ff.funcs
                     if not f.cls and any(c.callee in _LISTENING_APPS for c in project.calls_in(ff, f.id, nested=False)))


@check("RS601")
def non_atomic_dual_write(project: Project) -> Iterable[Hit]:
    for ff in project.code_files():
        if not ff.funcs or offline_path(ff.path) or not any_non_sql_write(project, ff):
            # every pair has a Redis, filesystem or job-queue member, so a file
            # none of whose calls writes there (most files) cannot pair, whatever
            # its SQL: classifying its SQL texts (what store_write tries first,
            # the costly part) is skipped.  store_write tries the same three after
            # SQL, so it can only find fewer non-SQL writes.
            continue
        an = _Analyzer(project, ff)
        kinds = {w.kind for pairs in an.direct.values() for _, w in pairs}
        if not any(p <= kinds for p in PAIRS):
            continue  # same-file helpers cannot add a store this file never writes
        candidates: dict[str, tuple[Occ, Occ]] = {}
        for f in ff.funcs:
            p = an.pair(f.id)
            if p is not None:
                candidates[f.id] = p
        funcs = project.funcs(ff)
        for fid, (first, second) in sorted(candidates.items(), key=lambda kv: (funcs[kv[0]].line, kv[0])):
            if any(k in candidates for k in an.descendants(fid)):
                continue  # an inner function or helper is reported instead
            func = funcs[fid]
            if _startup(project, ff, func) or _starts_server(project, ff, func, first, second):
                continue  # (and its callers stay unreported: it is a candidate)
            if run_by_hand(project, ff, fid):
                continue  # a management command or CLI: an operator sees the failure and runs it again
            a, b = first.write, second.write
            label = func_label(ff, func)
            both = (
                f"{label[0].upper() + label[1:]} writes to {STORE_NAMES[a.kind]} ({a.what}, line {first.line}) and to "
                f"{STORE_NAMES[b.kind]} ({b.what}, line {second.line})"
            )
            tx = _transaction_around(ff, fid, first, second) if SQL in (a.kind, b.kind) else None
            where = f"of line {tx[0]} (`with {tx[1]}`)" if tx is not None else ""
            if not where and SQL in (a.kind, b.kind) and (deco := _transaction_decorator(ff, func)) is not None:
                where = f"of the `{deco[1]}` decorator (line {deco[0]})"
            if where:
                other = b.kind if a.kind == SQL else a.kind
                msg = (
                    f"{both} inside the database transaction {where}, but a rollback cannot undo the write "
                    f"to {STORE_NAMES[other]}, and no outbox spans them: if a later statement or the commit fails, or the process dies "
                    f"before the commit, {_TX_TAIL[other]}"
                )
            else:
                msg = (
                    f"{both} with no transaction or outbox spanning them: "
                    f"{_consequence(a.kind, b.kind, _enqueue_handled(an, ff, fid, first, second))}"
                )
            related = [Related(ff.path, second.line, f"{STORE_NAMES[b.kind]} write: {b.what}")]
            if first.site_line != first.line:
                related.append(Related(ff.path, first.line, f"{STORE_NAMES[a.kind]} write: {a.what}"))
            for extra, partner in an.more_stores(fid, first, second):
                cw, pw = extra.write, partner.write
                msg += (
                    f"; it also writes to {STORE_NAMES[cw.kind]} ({cw.what}, line {extra.line}), and nothing spans that and "
                    f"{STORE_NAMES[pw.kind]} either: {_consequence(pw.kind, cw.kind)}"
                )
                related.append(Related(ff.path, extra.line, f"{STORE_NAMES[cw.kind]} write: {cw.what}"))
            yield Hit(
                rule_id="RS601",
                path=ff.path,
                line=first.site_line,
                column=first.site_col or 1,
                message=msg,
                related=related,
                anchor=f"{func_label(ff, func, with_line=False)}:{a.kind}+{b.kind}",
            )
