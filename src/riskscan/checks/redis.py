"""RS201-RS203: Redis as a single point of failure.

* RS201 -- a Redis client's error path ends the process (a Node ``'error'``
  listener calling ``process.exit``; a Python ``except redis.*Error`` calling
  ``sys.exit`` in code that runs after start-up).
* RS202 -- a Node Redis client (or BullMQ worker) without an ``'error'``
  listener anywhere in the project.
* RS203 -- the project's queues or sessions live on one Redis node.

Clients come from :mod:`._redis_clients`; deployment facts (compose services,
queue/session use) from :mod:`._redis_deploy`.
"""

from __future__ import annotations

import posixpath
from functools import cached_property
from typing import Iterable

from ..facts import IDENT, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project, Service, key
from . import check
from ._redis_clients import (
    BULLMQ,
    EMITTERS,
    JS_CTORS,
    LISTEN_METHODS,
    PY_CTORS,
    RedisClient,
    as_site_client,
    bottleneck_connections,
    bound_name,
    call_sites,
    client_for_recv,
    error_listener,
    error_listeners,
    event_name,
    factory_of,
    imports_file,
    is_client,
    first_named_client,
    norm_callee,
    recv_head,
    redis_clients,
    same_owner,
    short_name,
)
from ._jobqueues import rq_worker_ctor
from ._longrun import import_graph, reached
from ._memo import call_position, calls_between, per_file, per_project, service_files
from ._redis_deploy import PRIMARY, broker_endpoints, compose_redis, endpoints, redis_uses, summary
from ._resolve import callee_funcs, fn_of_val, module_and_attr
from ._services import HTTP, declared_return, example_code, file_entries, starts_service

_SCRIPT_DIRS = frozenset({"scripts", "script", "bin", "tools", "migrations", "migrate", "seeds", "seeders", "examples", "example", "bench", "benchmarks", "fixtures", "docs"})


def _is_script(path: str) -> bool:
    """One-off scripts (scripts/, bin/, migrations/ ...): exiting there is fine."""
    parts = path.split("/")
    return any(p in _SCRIPT_DIRS for p in parts[:-1])


def _one_off(project: Project, path: str) -> bool:
    """A one-off script (:func:`_is_script`), unless the file is one of its
    service's long-running start-ups: a ``bin/`` program that starts the
    service's server when it is run (kue's ``bin/kue-dashboard``:
    ``kue.createQueue(...)`` then ``kue.app.listen(port)``) is the process
    that serves, and what crashes there takes the service down."""
    if not _is_script(path):
        return False
    return not starts_service(project, path)


# --------------------------------------------------------------------------- RS201
_EXIT_CALLEES = ("process.exit", "process.abort", "process.reallyExit")
_PY_EXITS = ("sys.exit", "os._exit", "exit", "quit", "os.abort", "SystemExit", "builtins.exit")
_PING_LIKE = frozenset({"ping", "connect", "initialize", "info", "from_url", "Redis", "StrictRedis", "ConnectionPool", "sleep", "close", "aclose"})
_LOGGING = lazy_re(r"^(?:print|log|logger|logging|LOG|LOGGER|_log|_logger|console|structlog|self\.log(?:ger)?)(?:\.|$)")
_HANDLER_DECO = lazy_re(r"\.(?:route|get|post|put|patch|delete|api_route|websocket|task)$|(?:^|\.)(?:shared_task|actor|job|periodic_task)$")


def _is_js_exit(call: Call) -> bool:
    if call.callee in _EXIT_CALLEES:
        return True
    return call.callee == "process.kill" and "process.pid" in call.text


def _exit_in(project: Project, ff: FileFacts, func: Func, depth: int = 0, seen: set[tuple[str, str]] | None = None) -> tuple[FileFacts, Call] | None:
    """A process.exit() the function runs, directly or through helpers it calls."""
    seen = seen if seen is not None else set()
    if (ff.path, func.id) in seen:
        return None
    seen.add((ff.path, func.id))
    calls = project.calls_in(ff, func.id)
    for c in calls:
        if _is_js_exit(c):
            return ff, c
    if depth >= 2:
        return None
    for c in calls:
        if c.recv in ("console", "process", "logger", "log") or _is_js_exit(c):
            continue
        for tf, f in callee_funcs(project, ff, c):
            got = _exit_in(project, tf, f, depth + 1, seen)
            if got is not None:
                return got
    return None


class ClientsByFile(dict[str, list[RedisClient]]):
    """A file's path -> its clients (and queues), in file order."""

    @cached_property
    def in_path_order(self) -> list[RedisClient]:
        """All of them, by path, then in file order (read once they are all in)."""
        return [c for path in sorted(self) for c in self[path]]


def _listener_client(project: Project, lf: FileFacts, lc: Call, by_file: ClientsByFile) -> RedisClient | None:
    """The Redis client (or BullMQ worker) an 'error' listener is attached to."""
    mine = by_file.get(lf.path, [])
    got = client_for_recv(lf, lc, mine)
    if got is not None:
        return got
    rtype = norm_callee(lc.recv_type)
    if rtype in JS_CTORS:
        lib, kind, ctor = JS_CTORS[rtype]
        return RedisClient(lf, lc, -1, lib, kind, ctor, lc.recv)
    if recv_head(lc.recv) in lf.imports:
        got = first_named_client(project, lf, lc.recv, by_file.in_path_order)
        if got is not None:
            return got
    got = _param_client(project, lf, lc, by_file)
    if got is not None:
        return got
    # the variable holds what a factory returns: const c = makeRedis(); c.on('error', ...)
    for c in lf.calls:
        if c.assigned and (c.assigned == lc.recv or short_name(c.assigned) == short_name(lc.recv)):
            for tf, f in callee_funcs(project, lf, c):
                for client in by_file.get(tf.path, []):
                    if client.call.func == f.id:
                        return client
    return None


def _param_client(project: Project, lf: FileFacts, lc: Call, by_file: ClientsByFile) -> RedisClient | None:
    """The listener is attached to a helper's parameter (`function watch(conn) { conn.on('error', ...) }`):
    a Redis client some call of the helper passes in that position."""
    head = recv_head(lc.recv)
    func = next((f for f in project.scopes(lf, lc.func) if head in f.params), None)
    if func is None or func.name in ("<anon>", "constructor"):
        return None
    pos = func.params.index(head)
    for g, site in call_sites(project, lf, func):
        if pos >= len(site.args):
            continue
        arg = site.args[pos]
        for client in by_file.get(g.path, []):
            if arg.k == "call" and arg.call == client.index:
                return client
            if arg.k == "ident" and client.name and client.name not in ("return",) and (arg.v == client.name or short_name(arg.v) == client.short):
                return client
        if arg.k == "ident" and recv_head(arg.v) in g.imports:
            got = first_named_client(project, g, arg.v, by_file.in_path_order)
            if got is not None:
                return got
    return None


_CONNECT_EVENTS = frozenset({"connect", "ready"})
_SET_VALUES = frozenset({"true", "!0", "1"})
_FALSY_VALUES = lazy_re(r"^(?:false|!1|null|undefined|void 0|void 8|0|''|\"\"|NaN)$")


def _connect_listeners(project: Project, lf: FileFacts, lc: Call, client: RedisClient, by_file: ClientsByFile) -> list[Func]:
    """The functions of ``lf`` that run when the client behind the 'error'
    listener ``lc`` connects: its 'connect'/'ready' listeners, also a callback
    a factory hands on (`makeClient(cb) { c.on('connect', cb) }` and
    `db = makeClient(function () { ... })`)."""
    out: list[Func] = []
    mine = by_file.get(lf.path, [])
    for c in lf.calls:
        if c.method not in LISTEN_METHODS or len(c.args) < 2 or event_name(project, lf, c) not in _CONNECT_EVENTS:
            continue
        same = c.recv == lc.recv
        if not same:
            other = client_for_recv(lf, c, mine)
            same = other is not None and (other is client or (other.ff is client.ff and other.call.func == client.call.func))
        if not same:
            continue
        got = fn_of_val(project, lf, c.args[1])
        if got is not None:
            if got[0] is lf:
                out.append(got[1])
            continue
        arg = c.args[1]
        func = next((f for f in project.scopes(lf, c.func) if arg.k == IDENT and arg.v in f.params), None)
        if func is None:
            continue
        pos = func.params.index(arg.v)
        for g, site in call_sites(project, lf, func, within=lf):
            if pos < len(site.args) and (site.assigned == lc.recv or c.recv == lc.recv):
                got = fn_of_val(project, g, site.args[pos])
                if got is not None and got[0] is lf:
                    out.append(got[1])
    return out


def _until_connected(project: Project, lf: FileFacts, lc: Call, client: RedisClient, by_file: ClientsByFile, xc: Call) -> bool:
    """The listener's exit runs only while a flag is unset that the client's
    'connect'/'ready' listener sets to true and nothing sets back to false
    (ethercalc's db.js: `if (db.DB === true) return` before the exit, `db.DB
    = true` on connect): the process stops only when Redis was never reached
    since it started, a fail-fast at start-up."""
    guards = next((g[2] for g in lf.extra.get("exit_guards") or () if g[0] == xc.line and g[1] == xc.col), None)
    unset = {str(n) for n, truth in guards or () if not truth}
    if not unset:
        return False
    flags = [f for f in lf.extra.get("exit_flags") or () if f[0] in unset]
    if not flags:
        return False
    connects = _connect_listeners(project, lf, lc, client, by_file)
    for name in sorted(unset):
        sets = [f for f in flags if f[0] == name]
        if any(_FALSY_VALUES.match(str(f[3])) for f in sets):
            continue  # cleared again (on 'end', on a failed command): the exit can run after a drop
        if any(str(f[3]) in _SET_VALUES and any(f[1] == fn.id or project.is_inside(lf, str(f[1]), fn.id) for fn in connects) for f in sets):
            return True
    return False


# job queues that re-emit their Redis connection's errors as 'error' on
# themselves (BullMQ's QueueBase: `this.connection.on('error', e => this.emit('error', e))`;
# Bull's queue: `client.on('error', this.emit.bind(this, 'error'))`), which RS202
# does not ask a listener of: a listener there that ends the process ends it
# on every Redis blip, as on a client's
_QUEUE_EMITTERS = {
    "bullmq.Queue": ("BullMQ", "new Queue"),
    "bullmq.FlowProducer": ("BullMQ", "new FlowProducer"),
    "bullmq.QueueScheduler": ("BullMQ", "new QueueScheduler"),
    "@taskforcesh/bullmq-pro.QueuePro": ("BullMQ", "new QueuePro"),
    "bull": ("Bull", "new Queue"),
    "bull.Queue": ("Bull", "new Queue"),
}


def _queue_emitters(project: Project) -> list[RedisClient]:
    """BullMQ/Bull queue constructions, as the emitters RS201 follows 'error' listeners to."""
    out: list[RedisClient] = []
    for ff, c in project.calls_named("Queue", "FlowProducer", "QueueScheduler", "QueuePro", "bull", "default"):
        if ff.lang == "py":
            continue
        spec = _QUEUE_EMITTERS.get(norm_callee(c.callee))
        if spec is None:
            continue
        out.append(RedisClient(ff, c, call_position(ff, c), spec[0], "queue", spec[1], bound_name(ff, c)))
    return out


def _js_exit_listeners(project: Project) -> Iterable[Hit]:
    by_file = ClientsByFile()
    for known in redis_clients(project):
        if known.ff.lang != "py":
            by_file.setdefault(known.ff.path, []).append(known)
    for queue in _queue_emitters(project):
        by_file.setdefault(queue.ff.path, []).append(queue)
    if not by_file:
        return
    for mine in by_file.values():
        mine.sort(key=lambda c: c.index)
    for lf, lc in error_listeners(project):
        if _one_off(project, lf.path):
            continue
        client = _listener_client(project, lf, lc, by_file)
        if client is None or len(lc.args) < 2:
            continue
        target = fn_of_val(project, lf, lc.args[1])
        if target is None:
            continue
        got = _exit_in(project, *target)
        if got is None:
            continue
        xff, xc = got
        if xff is lf and _until_connected(project, lf, lc, client, by_file, xc):
            continue  # exits only if Redis was never reached since start-up
        subject = _emitter_noun(client) if client.kind in EMITTERS else "client"
        if client.lib == "node-resque":  # (a node-resque Worker, not a Redis one: it talks to Redis)
            owner = f"node-resque {subject} {client.shown('created here')}"
        else:
            owner = f"Redis {subject} {client.label()}"
        related = [Related(xff.path, xc.line, f"`{xc.text[:60]}` ends the process")]
        if client.index >= 0 and (client.ff.path, client.call.line) != (lf.path, lc.line):
            related.append(Related(client.ff.path, client.call.line, f"{subject} created here"))
        msg = (
            f"The 'error' listener on {owner} calls process.exit(): every transient Redis error "
            f"(a restart, a failover, a dropped connection the client would reconnect from) kills the whole process "
            f"and everything in flight with it, instead of letting the client retry"
        )
        yield Hit("RS201", lf.path, lc.line, msg, column=lc.col, related=related, anchor=f"redis-exit:{client.short or client.ctor}")


def _is_redis_exc(dotted: str) -> bool:
    head = dotted.split(".", 1)[0]
    return head in ("redis", "aioredis", "valkey", "rediscluster", "coredis", "django_redis") and "." in dotted


def _is_py_exit(call: Call) -> bool:
    if call.callee in _PY_EXITS:
        return True
    return call.callee == "os.kill" and "getpid" in call.text


def _handler_like(func: Func | None) -> bool:
    if func is None:
        return False
    for d in func.decorators:
        if _HANDLER_DECO.search(d.v or ""):
            return True
    return False


_STARTUP_NAMES = frozenset({"lifespan", "startup", "on_startup", "startup_event", "before_serving"})
_STARTUP_DECO = lazy_re(r"(?:\.on_event|\.before_serving|\.before_first_request|\.on_startup|worker_init|worker_process_init)")


def _startup_hook(func: Func | None) -> bool:
    """FastAPI/Starlette/Quart start-up hooks and lifespans run before serving."""
    if func is None:
        return False
    if func.name in _STARTUP_NAMES:
        return True
    for d in func.decorators:
        text = d.v or ""
        if _STARTUP_DECO.search(text):
            return True
    return False


def _ping_only(ff: FileFacts, calls: list[Call], serving: frozenset[tuple[int, int]] = frozenset()) -> bool:
    """The calls only connect, ping, log or exit, or start the HTTP server
    (``serving``: the positions of :func:`_http_server_starts`)."""
    for c in calls:
        name = c.method or c.callee.rsplit(".", 1)[-1]
        if name in _PING_LIKE or norm_callee(c.callee) in PY_CTORS or _LOGGING.match(c.callee) or _is_py_exit(c):
            continue
        if (c.line, c.col) in serving:
            continue
        return False
    return True


@per_file
def _http_server_starts(project: Project, ff: FileFacts) -> frozenset[tuple[int, int]]:
    """Positions of the file's calls that start an HTTP server (``app.run()``,
    ``uvicorn.run(app)``): an error in a request it serves is answered there
    and never raised out of the call, so an ``except`` around it hears only
    what fails at start-up."""
    return frozenset((e.call.line, e.call.col) for e in file_entries(project, ff) if e.call is not None and e.kind == HTTP and e.tier == 0)


@per_file
def _rq_worker_runs(project: Project, ff: FileFacts) -> frozenset[tuple[int, int]]:
    """Positions of the file's ``worker.work()`` calls on an RQ worker: one
    built by an RQ worker class or django-rq's ``get_worker``
    (:func:`rq_worker_ctor`), or returned by a project function declared to
    return one (django-rq's own ``def get_worker(...) -> Worker``).  RQ's
    ``Worker.work()`` catches every error of its loop itself (it logs "found
    an unhandled exception, quitting" and returns, and its dequeue retries a
    lost connection with back-off), so an ``except`` around it hears only
    what fails as the worker registers at start-up.  A worker whose class
    comes from configuration (the rq CLI's ``cli_config.worker_class(...)``,
    an ``import_string(settings.WORKER_CLASS)``) is known by its ``work()``
    call instead: one given a keyword only RQ's ``Worker.work`` takes
    (``burst=``, ``with_scheduler=``...), in a file that imports RQ."""
    rq_file = any(m.split(".", 1)[0] in ("rq", "django_rq") for m in ff.imports.values())
    out: set[tuple[int, int]] = set()
    for c in ff.calls:
        if c.method != "work":
            continue
        built = c.recv_type or (c.callee[: -len("().work")] if c.callee.endswith("().work") else "")
        if built and (rq_worker_ctor(project, ff, built) or rq_worker_ctor(project, ff, declared_return(project, ff, built))):
            out.add((c.line, c.col))
        elif rq_file and _RQ_WORK_KEYWORDS.intersection(c.kwargs or ()) and not _project_class(project, ff, built):
            out.add((c.line, c.col))
    return frozenset(out)


def _project_class(project: Project, ff: FileFacts, name: str) -> bool:
    """``name`` (as ``ff`` names it) is a class the project defines (a
    hand-written ``Poller`` with a ``work(burst=...)`` loop of its own)."""
    if not name:
        return False
    where = module_and_attr(project, name) if "." in name else (ff, name)
    if where is None:
        return False
    return any(isinstance(c, dict) and c.get("name") == where[1] for c in (where[0].extra or {}).get("classes") or ())


# keywords of RQ's `Worker.work()` that name RQ's own options
_RQ_WORK_KEYWORDS = frozenset({"burst", "with_scheduler", "dequeue_strategy", "max_jobs", "max_idle_time"})


def _starts_last(body: list[Call], serving: frozenset[tuple[int, int]]) -> bool:
    """The ``try`` ends by starting the HTTP server or the RQ worker (a call at
    a ``serving`` position that every later call of the body sits in, as its
    arguments): what comes before it runs once, before anything is served,
    and the start itself raises only what fails at start-up (the caller asks
    this only of a ``try`` with no ``while`` loop of its own)."""
    starts = [c for c in body if (c.line, c.col) in serving]
    if not starts:
        return False
    last = max(starts, key=lambda c: (c.line, c.col))
    return all((c.line, c.col) <= (last.end_line, last.end_col) for c in body)


def _exits_for_one_wrapped(ff: FileFacts, decorator: Func, exits: list[Call]) -> str:
    """``decorator``'s wrapper exits only for one function it decorates: every
    exit sits in the body of ``if fn.__name__ == "main":`` on the decorator's
    parameter (snappass's ``check_redis_alive`` exits for ``main`` and
    answers 500 for the others): that function's name, else ''."""
    if len(decorator.params) != 1:
        return ""
    guards = [g for g in (ff.extra or {}).get("name_guards") or () if isinstance(g, list) and len(g) == 5 and g[1] == decorator.params[0]]
    names = {next((str(g[2]) for g in guards if int(g[3]) <= c.line <= int(g[4])), "") for c in exits}
    return names.pop() if len(names) == 1 else ""


def _wrapped_startup(project: Project, ff: FileFacts, func: Func, exits: list[Call], body: list[Call]) -> bool:
    """The handler is in a decorator's wrapper and its exits run only for one
    function the decorator wraps in this file (:func:`_exits_for_one_wrapped`),
    one that is no handler, runs no loop and only starts the HTTP server
    (snappass's ``main``: ``app.run()``): the ``try`` pings and runs it, so the
    exit ends a start-up that failed, like an exit around a ping in ``main``."""
    decorator = project.funcs(ff).get(func.parent) if func.parent else None
    if decorator is None:
        return False
    name = _exits_for_one_wrapped(ff, decorator, exits)
    target = next((f for f in ff.funcs if name and f.name == name and any(d.v == decorator.name for d in f.decorators)), None)
    if target is None or _handler_like(target) or any(str(lp.get("func") or "") == target.id for lp in ff.extra.get("loops") or []):
        return False
    wrapped = decorator.params[0]
    own = [c for c in body if c.callee != wrapped]  # (`fn(*args, **kwargs)`: the wrapped function, judged by its own calls)
    return _ping_only(ff, own + project.calls_in(ff, target.id), _http_server_starts(project, ff))


def _endless_loop_after(ff: FileFacts, fid: str, after: int) -> bool:
    """The function ``fid`` runs a ``while True:`` loop of its own that starts
    after line ``after`` (the end of a ``try`` statement) and that nothing
    leaves (no ``break`` or ``return``: the frontend's ``leaves``): it keeps
    the process alive there and never returns, so what comes before runs once."""
    return any(str(lp.get("func") or "") == fid and int(lp.get("line", 0)) > after and str(lp.get("test") or "") in ("True", "1")
               and not lp.get("leaves") for lp in (ff.extra or {}).get("loops") or ())


def _reaches_loop(project: Project, ff: FileFacts, calls: list[Call], depth: int = 0, seen: set[tuple[str, str]] | None = None) -> bool:
    """One of the calls runs a project function (or a helper it calls, two
    levels down) with a ``while`` loop of its own: a consumer that runs for
    the life of the process, not a set-up step."""
    seen = seen if seen is not None else set()
    for c in calls:
        for tf, f in callee_funcs(project, ff, c):
            if (tf.path, f.id) in seen:
                continue
            seen.add((tf.path, f.id))
            if any(str(lp.get("func") or "") == f.id for lp in (tf.extra or {}).get("loops") or ()):
                return True
            if depth < 2 and _reaches_loop(project, tf, project.calls_in(tf, f.id), depth + 1, seen):
                return True
    return False


def _before_endless_loop(project: Project, ff: FileFacts, fid: str, try_end: int, body: list[Call]) -> bool:
    """The ``try`` runs once, before the function settles into its endless
    ``while True:`` loop (rq-exporter's ``main``: connect and register the
    collector, exit on a Redis error, then start the metrics server and
    sleep forever): an exit there ends a start-up that failed; errors of the
    loop itself are not heard.  A ``try`` whose calls run a loop of their own
    (a consumer helper) is not set-up and is still judged."""
    return bool(fid) and _endless_loop_after(ff, fid, try_end) and not _reaches_loop(project, ff, body)


def _py_exit_handlers(project: Project) -> Iterable[Hit]:
    for ff in project.parsed_code_files():
        if ff.lang != "py" or _one_off(project, ff.path):
            continue
        handlers = ff.extra.get("handlers") if ff.extra else None
        if not handlers:
            continue
        first_handler: dict[int, int] = {}
        try_end: dict[int, int] = {}
        for h in handlers:
            tl = int(h.get("try_line", 0))
            first_handler[tl] = min(first_handler.get(tl, 1 << 30), int(h.get("line", 0)))
            try_end[tl] = max(try_end.get(tl, 0), int(h.get("end_line", 0)))
        loops = ff.extra.get("loops") or []
        funcs = project.funcs(ff)
        for h in handlers:
            types = [t for t in h.get("types") or [] if _is_redis_exc(str(t))]
            if not types:
                continue
            line, end = int(h.get("line", 0)), int(h.get("end_line", 0))
            exits = [c for c in calls_between(ff, line, end) if _is_py_exit(c)]
            if not exits:
                continue
            fid = str(h.get("func") or "")
            tl = int(h.get("try_line", 0))
            body = [c for c in ff.calls if tl <= c.line < first_handler.get(tl, line) and (c.func == fid or (fid and project.is_inside(ff, c.func, fid)) or (not fid and not c.func))]
            in_loop = any(str(lp.get("func") or "") == fid and int(lp.get("line", 0)) <= line <= int(lp.get("end_line", 0)) for lp in loops)
            func = funcs.get(fid) if fid else None
            serving = _http_server_starts(project, ff) | _rq_worker_runs(project, ff)
            loops_in_try = any(str(lp.get("func") or "") == fid and tl <= int(lp.get("line", 0)) < first_handler.get(tl, line) for lp in loops)
            if not in_loop and not _handler_like(func) and (
                not fid or _startup_hook(func) or _ping_only(ff, body, serving) or (not loops_in_try and _starts_last(body, serving))
                or (func is not None and _wrapped_startup(project, ff, func, exits, body))
                or (not loops_in_try and _before_endless_loop(project, ff, fid, try_end[tl], body))
            ):
                continue  # fail fast at start-up
            exc = types[0]
            where = f"in `{func.name}()`" if func is not None else "at module level"
            redis_calls = [c for c in body if not _LOGGING.match(c.callee)]
            doing = f" around `{redis_calls[0].text[:50]}`" if redis_calls else ""
            msg = (
                f"`except {exc}`{doing} {where} calls `{exits[0].text[:30]}`: a Redis blip (restart, failover, timeout) "
                f"now terminates the whole process and every request or job in flight, instead of failing one operation"
            )
            related = [Related(ff.path, exits[0].line, f"`{exits[0].text[:40]}` ends the process")]
            yield Hit("RS201", ff.path, line, msg, related=related, anchor=f"redis-exit:{func.name if func else '<module>'}:{exc}")


@check("RS201")
def redis_error_exits_process(project: Project) -> Iterable[Hit]:
    yield from _js_exit_listeners(project)
    yield from _py_exit_handlers(project)


# --------------------------------------------------------------------------- RS202
@per_project
def _bullmq_calls(project: Project) -> list[tuple[FileFacts, Call]]:
    """The BullMQ constructions of the project (JS/TS), in file order."""
    return [(g, call) for g, call in project.iter_calls(("js", "ts")) if norm_callee(call.callee) in BULLMQ]


def _bullmq_connection(project: Project, client: RedisClient) -> bool:
    """The client is handed to BullMQ as its connection (BullMQ listens for its errors)."""
    for g, call in _bullmq_calls(project):
        for a in call.args[1:]:
            if is_client(project, g, key(project.resolve(g, a) if a.k == "ident" else a, "connection"), client):
                return True
    return False


@per_project
def _bee_queues(project: Project) -> list[RedisClient]:
    """The bee-queue queues of the JS code (read once per client looked at)."""
    return [q for q in redis_clients(project) if q.lib == "bee-queue" and q.ff.lang != "py"]


def _bee_queue_redis(project: Project, client: RedisClient) -> bool:
    """The client is handed to bee-queue as its `redis` setting (`new Queue(name,
    { redis: client })`): bee-queue uses it (and its duplicates, for the blocking
    and event connections) and listens on each, re-emitting their errors on the
    queue, which is judged itself (lib/queue.js makeClient, lib/redis.js)."""
    for q in _bee_queues(project):
        for a in q.call.args[1:]:
            if is_client(project, q.ff, key(project.resolve(q.ff, a) if a.k == IDENT else a, "redis"), client):
                return True
    return False


def _bottleneck_connection(project: Project, client: RedisClient) -> bool:
    """The client is handed to a Bottleneck Redis connection (which listens on it
    and re-emits its errors on itself, where an unheard 'error' is dropped) that
    has an 'error' listener of its own (`connection.on('error', ...)`)."""
    listeners = error_listeners(project)
    for g, call, conn in bottleneck_connections(project, client):
        if conn and any(lf is g and short_name(lc.recv) == conn and same_owner(g, call, lc) for lf, lc in listeners):
            return True
    return False


# Bull (3.x, 4.x) listens on every client its `createClient` option returns
# (`client.on('error', this.emit.bind(this, 'error'))`, re-emitted on the queue,
# which keeps a no-op listener of its own): Bull's "reusing Redis connections" setup
_BULL_QUEUES = frozenset({"bull", "bull.Queue"})


@per_project
def _bull_client_factories(project: Project) -> list[tuple[FileFacts, Func]]:
    """The functions the project's Bull queues are given as their `createClient`
    option (`new Queue(name, [url,] { createClient(type) { ... } })`)."""
    out: list[tuple[FileFacts, Func]] = []
    for g, call in project.iter_calls(("js", "ts")):
        if norm_callee(call.callee) not in _BULL_QUEUES:
            continue
        for a in call.args[1:]:
            fn = key(project.resolve(g, a) if a.k == IDENT else a, "createClient")
            target = fn_of_val(project, g, fn) if fn is not None else None
            if target is not None:
                out.append(target)
    return out


def _bull_create_client(project: Project, client: RedisClient) -> bool:
    """The client is made in a Bull queue's `createClient` function, or is a variable
    that function returns (`case 'client': return client;`), and nothing in the
    project calls the function but Bull (Bull listens for the errors of what it returns)."""
    f = client.call.func
    for tf, func in _bull_client_factories(project):
        made = tf is client.ff and bool(f) and (f == func.id or project.is_inside(tf, f, func.id))
        returned = [name for fid, name in (tf.extra or {}).get("return_names") or () if fid == func.id]
        if (made or any(is_client(project, tf, Val(IDENT, name), client) for name in returned)) and not call_sites(project, tf, func):
            return True
    return False


# node-resque's constructions, as redis_clients knows them (`node-resque.Queue`...)
_NODE_RESQUE = frozenset(name for name, (lib, _kind, _ctor) in JS_CTORS.items() if lib == "node-resque")


def _node_resque_connection(project: Project, client: RedisClient) -> bool:
    """The client is handed to node-resque as `connection: { redis: client }` (node-resque's
    Connection listens on it and re-emits its errors on the queue or worker, judged itself)."""
    for g, call in project.calls_named(*{name.rsplit(".", 1)[-1] for name in _NODE_RESQUE}):
        if g.lang not in ("js", "ts") or norm_callee(call.callee) not in _NODE_RESQUE or not call.args:
            continue
        first = call.args[0]
        conn = key(project.resolve(g, first) if first.k == "ident" else first, "connection")
        if conn is not None and is_client(project, g, key(project.resolve(g, conn) if conn.k == "ident" else conn, "redis"), client):
            return True
    return False


# socket.io-redis (4.x to 6.x) listens on the pub/sub clients it is given and
# re-emits each of their errors as 'error' on the adapter (an EventEmitter) of
# every namespace: with nobody listening on the adapter, that emit throws
_SIO_REDIS = "socket.io-redis"
_SIO_ROLES = ("pubClient", "subClient")


@per_project
def _sio_redis_calls(project: Project) -> list[tuple[FileFacts, Call]]:
    """The socket.io-redis adapter factories the project calls (JS/TS)."""
    return [(g, call) for g, call in project.iter_calls(("js", "ts")) if norm_callee(call.callee) == _SIO_REDIS]


def _sio_redis_adapter(project: Project, client: RedisClient) -> tuple[FileFacts, Call, str] | None:
    """The socket.io-redis adapter ``client`` is handed to, with its role (pubClient or subClient)."""
    if client.kind in EMITTERS:
        return None
    for g, call in _sio_redis_calls(project):
        for a in call.args:
            opts = project.resolve(g, a) if a.k == "ident" else a
            for role in _SIO_ROLES:
                if is_client(project, g, key(opts, role), client):
                    return g, call, role
    return None


def _sio_own_clients(project: Project, g: FileFacts, call: Call) -> bool:
    """The socket.io-redis call creates a pub or sub client of its own: its options
    (after a URI, or alone) are known and name no `pubClient` or no `subClient`."""
    args = list(call.args)
    if args and args[0].k in ("str", "tmpl", "env"):
        args = args[1:]  # redisAdapter('redis://host:6379', opts)
    if not args:
        return True  # redisAdapter() or redisAdapter(uri): localhost or the URI, its own clients
    opts = project.resolve(g, args[0]) if args[0].k == "ident" else args[0]
    if opts.k != "obj" or opts.open:
        return False  # options we cannot read may hold both clients
    return any(role not in (opts.keys or {}) for role in _SIO_ROLES)


def _sio_listened_clients(project: Project, g: FileFacts, call: Call) -> list[tuple[str, RedisClient, FileFacts, Call]]:
    """The project clients a socket.io-redis call is given whose own 'error' listener
    goes on after an error (role, client, listener): the adapter's re-emit still runs."""
    out: list[tuple[str, RedisClient, FileFacts, Call]] = []
    for a in call.args:
        opts = project.resolve(g, a) if a.k == "ident" else a
        for role in _SIO_ROLES:
            val = key(opts, role)
            if val is None:
                continue
            for client in _clients_named(project, g, val):
                got = error_listener(project, client)
                if got is None:
                    continue  # reported as a client of its own, with the adapter's consequence
                lf, lc = got
                target = fn_of_val(project, lf, lc.args[1]) if len(lc.args) > 1 else None
                if target is None or _exit_in(project, *target) is not None:
                    continue  # a listener we cannot follow, or one that ends the process first (RS201)
                out.append((role, client, lf, lc))
                break
    return out


def _clients_named(project: Project, g: FileFacts, val: Val) -> list[RedisClient]:
    """The project's Redis clients ``val`` in file ``g`` is: a construction or its
    variable, or what a client factory returned at a call in ``g``."""
    out = [c for c in redis_clients(project) if c.ff.lang != "py" and c.kind not in EMITTERS and is_client(project, g, val, c)]
    if out or val.k != "ident":
        return out
    for client in redis_clients(project):
        func = factory_of(project, client) if client.name == "return" and client.ff.lang != "py" else None
        if func is None:
            continue
        for sg, site in call_sites(project, client.ff, func, g):
            sc = as_site_client(client, sg, site, sg.calls.index(site))
            if is_client(project, g, val, sc):
                out.append(sc)
    return out


def _adapter_listened(project: Project, g: FileFacts) -> bool:
    """An 'error' listener on a socket.io adapter (`io.of('/').adapter.on('error', ...)`)
    in the service of file ``g``."""
    svc = project.service_of(g.path)
    return any(short_name(lc.recv) == "adapter" and project.service_of(lf.path) is svc for lf, lc in error_listeners(project))


def _handled(project: Project, client: RedisClient) -> bool:
    if error_listener(project, client) is not None:
        return True
    if client.kind in EMITTERS:
        return False
    # the adapter listens on the client and hands its errors to the project's listener
    if (_bullmq_connection(project, client) or _node_resque_connection(project, client) or _bull_create_client(project, client)
            or _bee_queue_redis(project, client) or _bottleneck_connection(project, client)):
        return True
    adapter = _sio_redis_adapter(project, client)
    return adapter is not None and _adapter_listened(project, adapter[0])


_DI_FACTORIES = frozenset({"useFactory", "factory", "provide", "useValue"})
_REDIS_MODS = ("ioredis", "redis", "@redis/", "bullmq", "@nestjs-modules/ioredis", "@liaoliaots/nestjs-redis", "nestjs-redis")


def _di_factory(func: Func | None) -> bool:
    """A dependency-injection provider factory (NestJS ``useFactory``): the client
    goes to whoever injects the token, not to a call site we can see."""
    return func is not None and func.name in _DI_FACTORIES


def _di_listener(project: Project, client: RedisClient) -> bool:
    """An 'error' listener on an injected member (`this.redis.on('error', ...)`) in a
    file of the same service that works with a Redis library's types."""
    svc = project.service_of(client.ff.path)
    for lf, lc in error_listeners(project):
        if not lc.recv.startswith("this.") or project.service_of(lf.path) is not svc:
            continue
        if lf.path == client.ff.path:
            continue
        if any(m == lib or m.startswith(lib) for m in lf.modules for lib in _REDIS_MODS) or imports_file(project, lf, client.ff):
            known = [c for c in redis_clients(project) if c.ff is lf]
            if client_for_recv(lf, lc, known) is None:
                return True
    return False


def _emitter_noun(client: RedisClient) -> str:
    """What a queue or worker emitter is called in a message: node-resque's class
    name (`Worker`, `Scheduler`...), else its kind ('queue', 'worker')."""
    return client.ctor.replace("new ", "") if client.lib == "node-resque" else client.kind


def _serving_without_jobs(project: Project, client: RedisClient) -> str:
    """For a queue created in a file that starts an HTTP server (kue's
    ``bin/kue-dashboard``: ``kue.createQueue(...)`` then ``kue.app.listen(port)``)
    when neither that file nor any module it loads processes jobs (no
    ``.process(...)`` call on anything but itself): the server's start-up (``kue.app.listen()``),
    whose requests go down with the process -- there are no jobs in flight
    to lose there.  "" otherwise."""
    if client.kind != "queue" or client.lib not in ("Kue", "bee-queue"):
        return ""
    ff = client.ff
    served = next((e.what for e in file_entries(project, ff) if e.kind == HTTP and e.call is not None), "")
    if not served:
        return ""
    for path in reached(import_graph(project), [ff.path]):
        g = project.files.get(path)
        # (not an object calling its own method: Kue's Worker#start runs `self.process(job, fn)`
        # only for a worker that `queue.process(...)` started)
        if g is not None and any(c.method == "process" and c.recv not in ("this", "self") for c in g.calls):
            return ""
    return served


def _unhandled_message(client: RedisClient, site_of: RedisClient | None = None, adapter: tuple[FileFacts, Call, str] | None = None,
                       called: str = "", served: str = "") -> str:
    if client.kind == "worker":
        ctor = client.ctor.replace("new ", "")
        # a QueueEvents runs no jobs: it reads the queue's event stream, wherever it lives (an API server too)
        outage = (
            "Redis is down while the job events it listens for (completed, failed, progress, custom events) stop "
            "arriving and whatever waits on them (job.waitUntilFinished()) keeps waiting"
            if ctor == "QueueEvents" else "the worker's Redis is down while jobs stall"
        )
        return (
            f"BullMQ {ctor} {client.shown('created here')} "
            f"has no 'error' listener: a Redis connection error is re-emitted as 'error' on it, and with nobody "
            f"listening BullMQ catches the throw and only prints it with console.error, so the service's own logging, "
            f"metrics and error handling never learn that {outage}"
        )
    if client.kind == "queue":
        noun = _emitter_noun(client)
        return (
            f"{client.lib} {noun} {client.shown('created here')} has no 'error' listener: the {noun} re-emits its Redis "
            f"connection's errors as 'error' on itself, and with nobody listening Node throws the first one and the "
            + (f"process exits, taking down the HTTP server it runs (`{served}`) and every request in flight" if served
               else "process exits, jobs in flight with it")
        )
    what = client.label()
    if site_of is not None:
        what = f"{client.shown('returned')} from `{called or client.ctor}` ({site_of.lib} {site_of.ctor} in {site_of.ff.path}:{site_of.call.line})"
    if adapter is not None:
        # the adapter is a listener: ioredis hands it the error instead of printing it
        g, call, role = adapter
        return (
            f"Redis client {what} has no 'error' listener, and it is the {role} of the socket.io-redis adapter "
            f"({g.path}:{call.line}), which listens on it and re-emits every error as 'error' on the adapter, where "
            f"nothing listens: when Redis restarts or the connection drops, Node throws that error and the whole process "
            f"crashes instead of reconnecting, dropping every socket it holds"
        )
    if (site_of or client).lib == "ioredis":
        # ioredis does not re-throw an error nobody listens to: it prints it
        return (
            f"Redis client {what} has no 'error' listener: when Redis restarts or the connection drops, ioredis only "
            f"prints \"[ioredis] Unhandled error event\" to stderr for every failed attempt, so the service's own logging, "
            f"metrics and error handling never learn that Redis is down while its commands stall and fail"
        )
    return (
        f"Redis client {what} has no 'error' listener: when Redis restarts or the connection drops, the client "
        f"emits 'error' with nobody listening and Node crashes the whole process instead of reconnecting"
    )


def _unhandled_sites(project: Project, client: RedisClient, func: Func, sites: list[tuple[FileFacts, Call]], seen: set[tuple[str, int]]) -> Iterable[Hit]:
    """RS202 at each caller of a client factory whose copy has no 'error' listener."""
    ff, call = client.ff, client.call
    for g, site in sites:
        sc = as_site_client(client, g, site, g.calls.index(site))
        if _handled(project, sc) or (g.path, site.line) in seen or _one_off(project, g.path):
            continue
        seen.add((g.path, site.line))
        adapter = _sio_redis_adapter(project, sc)
        yield Hit(
            "RS202",
            g.path,
            site.line,
            _unhandled_message(sc, client, adapter, _factory_called(site, ff.path, func)),
            column=site.col,
            related=[Related(ff.path, call.line, f"client constructed in {func.name}()"), *_adapter_related(adapter)],
            anchor=f"redis-no-error:{sc.name or site.callee}",
        )


def _factory_called(site: Call, path: str, func: Func) -> str:
    """How a message names the factory a call site calls, when the call resolved
    to one of the project's modules (``./utils/redis.createRedisClient`` from
    flowise's ``(0, redis_1.createRedisClient)()``, a path the code never
    spells): what follows the factory's module (``createRedisClient()``,
    parse-server's ``RedisPubSub.createPublisher()``), else the function's own
    name; "" for any other callee (``this.makeClient()``, shown as written)."""
    if "/" not in site.callee:
        return ""
    stem = "./" + posixpath.splitext(path)[0]
    for module in (stem, stem.removesuffix("/index")):
        if site.callee.startswith(module + ".") and len(site.callee) > len(module) + 1:
            return site.callee[len(module) + 1:] + "()"
    return f"{func.name}()" if func.name and not func.name.startswith("<") else ""


def _adapter_related(adapter: tuple[FileFacts, Call, str] | None) -> list[Related]:
    if adapter is None:
        return []
    g, call, role = adapter
    return [Related(g.path, call.line, f"handed to socket.io-redis as its {role}: the adapter re-emits the client's errors, and nothing listens on it")]


def _lines_apart(a: Call, b: Call) -> int:
    """Lines from the end of the earlier call to the start of the later one
    (an if/else pair whose first arm spreads its options over several lines
    is as close as a one-line pair: flowise's CachePool)."""
    first, second = (a, b) if (a.line, a.col) <= (b.line, b.col) else (b, a)
    return second.line - max(first.line, first.end_line)


def _same_variable_arms(by_variable: dict[tuple[int, str, str], list[RedisClient]], client: RedisClient) -> list[RedisClient]:
    """The other clients made for the same variable within a few lines in the
    same function (``const c = cluster ? new Redis.Cluster(nodes) : new
    Redis(url)``, or an if/else pair): one variable, one missing listener.
    ``by_variable``: the clients by file, variable and function (``_by_variable``)."""
    if not client.name or client.name == "return":
        return []
    return [
        o for o in by_variable.get((id(client.ff), client.name, client.call.func), ())
        if o is not client and o.ff is client.ff and _lines_apart(o.call, client.call) <= 3
    ]


def _by_variable(clients: list[RedisClient]) -> dict[tuple[int, str, str], list[RedisClient]]:
    """The clients by (id of their file's facts, variable, enclosing function), in order."""
    out: dict[tuple[int, str, str], list[RedisClient]] = {}
    for c in clients:
        out.setdefault((id(c.ff), c.name, c.call.func), []).append(c)
    return out


@check("RS202")
def redis_error_unhandled(project: Project) -> Iterable[Hit]:
    seen: set[tuple[str, int]] = set()
    all_clients = redis_clients(project)
    by_variable = _by_variable(all_clients)
    for client in all_clients:
        ff, call = client.ff, client.call
        if ff.lang == "py" or client.kind == "pool" or _one_off(project, ff.path):
            continue
        if _handled(project, client):
            continue
        func = factory_of(project, client)
        di = _di_factory(func)
        if di and _di_listener(project, client):
            continue  # NestJS provider: the service that injects it listens on `this.redis`
        if client.name == "return" and not di:
            if func is None:
                continue  # handed to an unknown caller (callback)
            sites = [(g, s) for g, s in call_sites(project, ff, func) if norm_callee(s.callee) not in JS_CTORS and g.lang != "py"]
            yield from _unhandled_sites(project, client, func, sites, seen)
            continue
        if func is not None and client.name and not di:
            # `function make() { const c = createClient(); ...; return c }`: once one
            # caller's variable has a listener the function evidently hands its client
            # out, and every caller's copy is a client of its own to judge
            sites = [(g, s) for g, s in call_sites(project, ff, func) if norm_callee(s.callee) not in JS_CTORS and g.lang != "py" and bound_name(g, s)]
            if any(_handled(project, as_site_client(client, g, s, g.calls.index(s))) for g, s in sites):
                yield from _unhandled_sites(project, client, func, sites, seen)
                continue
        if (ff.path, call.line) in seen:
            continue
        seen.add((ff.path, call.line))
        arms = _same_variable_arms(by_variable, client)
        if any((o.call.line, o.call.col) < (call.line, call.col) for o in arms):
            continue  # reported at the first construction of the variable
        adapter = _sio_redis_adapter(project, client)
        yield Hit(
            "RS202",
            ff.path,
            call.line,
            _unhandled_message(client, adapter=adapter, served=_serving_without_jobs(project, client)),
            column=call.col,
            end_line=call.end_line if call.end_line == call.line else 0,
            end_column=call.end_col if call.end_line == call.line else 0,
            related=_adapter_related(adapter) + [Related(ff.path, o.call.line, f"`{client.short}` may also be {o.lib} {o.ctor}, made here") for o in arms],
            anchor=client.anchor(),
        )
    for g, call in _sio_redis_calls(project):
        if _one_off(project, g.path) or _adapter_listened(project, g):
            continue
        shown = call.text if call.text and call.end_line == call.line else f"{(call.text or call.callee).split('(', 1)[0]}(...)"
        if _sio_own_clients(project, g, call):
            what = "creates its own Redis client, listens on it"
            related: list[Related] = []
        else:
            listened = _sio_listened_clients(project, g, call)
            if not listened:
                continue
            names = " and ".join(f"`{c.short}`" if c.short else role for role, c, _lf, _lc in listened)
            their = "their own 'error' listeners do" if len(listened) > 1 else "its own 'error' listener does"
            what = f"listens on {names} too ({their} not stop it)"
            related = [Related(lf.path, lc.line, f"{role}'s own 'error' listener: the adapter's runs too") for role, _c, lf, lc in listened]
        yield Hit(
            "RS202",
            g.path,
            call.line,
            f"socket.io-redis adapter `{shown}` {what} and re-emits every error as 'error' on the adapter, where nothing "
            f"listens (`io.of('/').adapter.on('error', ...)`): when Redis restarts or the connection drops, Node throws that "
            f"error and the whole process crashes instead of reconnecting, dropping every socket it holds",
            column=call.col,
            related=related,
            anchor=f"redis-adapter:{shown}",
        )

# --------------------------------------------------------------------------- RS203
_CONSEQUENCE = {
    "queue": "no job can be enqueued or picked up, and jobs not yet persisted are lost",
    "session": "every session is gone and logged-in users are thrown out",
}


def _service_groups(project: Project) -> list[list[FileFacts]]:
    """Each service's JS, TS and Python files, less its example code
    (:func:`example_code`: ``examples/``, ``demo/``...): an example app's
    broker (celery's ``examples/security/mysecureapp.py``, ``Celery(...,
    broker='redis://localhost:6379/0')``) is no connection of the deployed
    service, nor are its tasks the service's queues."""
    groups: list[list[FileFacts]] = []
    services: list[Service | None] = [*project.services] or [None]
    for svc in services:
        files = [f for f in service_files(project, svc) if f.lang in ("js", "ts", "py") and not example_code(project, f.path)]
        if files:
            groups.append(files)
    return groups


@check("RS203")
def redis_single_node(project: Project) -> Iterable[Hit]:
    compose = compose_redis(project)
    if any(s.role != PRIMARY for s in compose):
        return  # compose runs a replica, Sentinel or a cluster
    primaries = [s for s in compose if s.role == PRIMARY]
    seen: set[tuple[str, int]] = set()
    for files in _service_groups(project):
        brokers = broker_endpoints(project, files)
        uses = redis_uses(project, files, brokers)
        if not uses:
            continue
        eps = endpoints(project, files, brokers)
        if not eps or any(ep.mode in ("sentinel", "cluster") for ep in eps):
            continue
        use_files = {u.path for u in uses}
        # the connections of the code that uses Redis for queues/sessions (its files and
        # the modules they import), when any is known: a one-off script's own client
        # (docassemble's socketstop.py publishing a KILL) does not back them
        backing = reached(import_graph(project), use_files)
        eps = [ep for ep in eps if ep.ff.path in backing] or eps
        literal = [ep for ep in eps if ep.mode in ("literal", "default")]
        if primaries:
            offending = [ep for ep in eps if ep.mode != "unknown"]
        else:
            offending = literal
        if not offending:
            continue
        # the connection that visibly backs the queues/sessions, a literal host before an env URL
        offending.sort(key=lambda e: (e.mode not in ("literal", "default"), e.lib != "Celery", e.ff.path not in use_files, e.ff.path, e.call.line))
        ep = offending[0]
        where = (ep.ff.path, ep.call.line)
        if where in seen:
            continue
        seen.add(where)
        kinds = sorted({u.kind for u in uses})
        if primaries:
            node = f"compose runs one `{primaries[0].name}` service ({primaries[0].image or 'redis'}) with no replica or Sentinel"
            if ep.mode in ("literal", "default") and ep.detail:
                node = f"{ep.detail}; {node}"
        else:
            node = f"{ep.detail or 'localhost:6379'}, no Sentinel or Cluster"
        named = ep.name and ep.name not in ("return", "default", "exports")
        kind = ep.ctor if ep.lib.lower() in ep.ctor.lower() else f"{ep.lib} {ep.ctor}"
        who = f"`{short_name(ep.name)}` ({kind})" if named else kind
        msg = (
            f"Single Redis node for {summary(uses)}: {who} connects to one instance ({node}). "
            f"When that Redis restarts or its host dies, {' and '.join(_CONSEQUENCE[k] for k in kinds)}"
        )
        related = [Related(s.path, s.line, f"compose service `{s.name}`: the only Redis node") for s in primaries[:1]]
        shown: set[str] = set()
        for u in uses:
            if (u.path, u.line) != where and u.what not in shown and len(shown) < 2:
                shown.add(u.what)
                related.append(Related(u.path, u.line, f"{u.what}: {'jobs queued' if u.kind == 'queue' else 'sessions stored'} in this Redis"))
        yield Hit("RS203", ep.ff.path, ep.call.line, msg, column=ep.call.col or 1, related=related, anchor=f"redis-spof:{ep.ctor}:{short_name(ep.name) or '-'}")
