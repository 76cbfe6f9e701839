"""RS901 no-graceful-shutdown: a long-running process that dies abruptly on SIGTERM.

Node: a service that listens or runs a worker needs a SIGTERM/SIGINT handler
(``process.on``/``once``, or a graceful-shutdown library: terminus, lightship,
http-terminator, stoppable...), and that handler must close what the process
opened: the HTTP server, the SQL pools (``_db.db_pools``), the Redis clients
and BullMQ workers (``_redis_clients.redis_clients``).  NestJS
``app.enableShutdownHooks()`` mitigates; an ioBroker adapter's ``unload``
handler, which its adapter class runs on SIGTERM/SIGINT, is a handler.  Handlers, resources and closing
calls are looked for in the entry point's process: the entry file, the files
importing it and everything they import (a ``worker.js`` of the same package
that closes its own pool does not close the server's).  A resource counts as
closed when a closing call for it exists there (also on the member of a
project object it was handed to that keeps it: ``_kept_as``), or when the
handler hands things to a helper that closes its parameters (what it closes
cannot be told apart, so nothing is reported).

Python: uvicorn, gunicorn, Celery, RQ, aiohttp ``run_app`` handle signals
themselves; only a hand-written worker loop (``while True`` around a blocking
pop or a sleep), or an asyncio event loop a program runs forever
(``loop.run_forever()``: ``_event_loop_programs``), that runs as its own
process and has no signal handling anywhere in the service is reported, also
the loop of a program that runs its uvicorn server in a ``multiprocessing``
child (``_supervisor_loop``): uvicorn handles the signals in the child, not in
the program that receives them.

One finding per service, at the entry point's start-up call.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import AbstractSet, Any, Callable, Iterable, Iterator

from ..facts import CALL, FN, IDENT, OBJ, STR, Call, FileFacts, Func, Val
from ..factindex import per_facts
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project, key, options, scope_chain
from . import check
from ._cli import one_off_file
from ._db import db_pools
from ._dbrefs import CLOSE_METHODS, PoolRefs, closing_calls
from ._hookreg import called_anywhere, handed_hooks, hook_registrar
from ._iobroker import builds_iobroker_adapter, imports_adapter_core, on_iobroker_adapter
from ._longrun import blocks, hapi_start, importers_of, loop_at, probe_closes, reached, runs_asyncio_forever
from ._memo import calls_between, per_calls, per_list
from ._reach import enclosing_class, helper_funcs, reachable_calls
from ._redis_clients import RedisClient, as_site_client, bottleneck_connections, factory_of, imports_file, redis_clients, short_name
from ._resolve import call_sites, callee_funcs, fn_of_val, is_bool, last_name, module_and_attr, walk_vals
from ._wsservers import servers as ws_servers
from ._services import (
    GRPC,
    HTTP,
    LONG_RUNNING,
    SERVER_KIND_NAMES,
    WORKER,
    Entry,
    Unit,
    console_script_files,
    django_command_module,
    declared_return,
    entry_points,
    file_entries,
    find_module,
    in_main_guard,
    graph_of,
    loop_runners,
    module_demo,
    offered_start,
    runs_as_program,
    runs_program_loop,
    started_by_command,
    units,
    uses_dependency,
)

# the signals that stop a process (SIGHUP reloads, SIGUSR2 restarts under
# nodemon: a handler for those alone leaves SIGTERM's default, an instant exit)
SIGNALS = ("SIGTERM", "SIGINT", "SIGQUIT", "SIGBREAK")
_LISTEN = ("on", "once", "addListener", "prependListener", "prependOnceListener")

# libraries that install signal handling / close the server themselves
# (http-terminator and lil-http-terminator install no handler: they give the
# server a terminate() that a handler must call, see _server_wrappers; stoppable
# neither, but it stays here: its users' handlers -- Ghost's shutdown(), which
# runs cleanup tasks registered elsewhere -- are beyond what can be followed)
GRACEFUL_LIBS = (
    "@godaddy/terminus",
    "lightship",
    "stoppable",
    "http-graceful-shutdown",
    "@moebius/http-graceful-shutdown",
    "close-with-grace",
    "fastify-graceful-shutdown",
    "async-exit-hook",
    "exit-hook",
    "signal-exit",
    "death",
    "node-cleanup",
    "graceful-shutdown-express",
    "express-graceful-shutdown",
    "moleculer",
    "@adonisjs/core",
    "@effect/platform-node",  # NodeRuntime.runMain: SIGINT/SIGTERM interrupt the program, scope finalizers close what it opened
    "@effect/platform-bun",
    "sails",  # sails.lift(): Sails lowers the app (server, hooks, ORM datastores) on SIGTERM/SIGINT
    "@backstage/backend-app-api",  # createSpecializedBackend: SIGTERM/SIGINT run the lifecycle's shutdown hooks (server.stop(), pools)
    "@backstage/backend-defaults",  # createBackend() is built on it
)
# constructors of a library that installs its own SIGTERM/SIGINT handler for the server
# handed in one option, closes that server (letting its requests finish) and then
# calls process.exit(): what the process opened besides is left open.  graceful-cluster's
# GracefulServer ({ server }); its GracefulCluster.start() only forwards SIGTERM from the
# cluster master to the workers, so a worker without a GracefulServer still dies at once
_SERVER_CLOSING_HANDLERS = {
    "graceful-cluster.GracefulServer": ("server", "graceful-cluster's GracefulServer"),
}
_SERVER_CLOSERS = ("close", "terminate", "stop", "closeAllConnections", "closeIdleConnections", "destroy", "shutdown")
# server adapters that, asked with disposeOnProcessTerminate: true, install
# @whatwg-node/server's SIGINT/SIGTERM listeners, which dispose the adapter's
# disposableStack (running what the project defer()s onto it) and do not exit:
# callee -> index of the options argument (None: the library always asks, as the
# Hive gateway runtime's createYoga does)
_TERMINATE_DISPOSING_ADAPTERS: dict[str, int | None] = {
    "graphql-yoga.createYoga": 0,
    "@whatwg-node/server.createServerAdapter": 1,
    "@graphql-hive/gateway-runtime.createGatewayRuntime": None,
    "@graphql-hive/gateway.createGatewayRuntime": None,
}
_REDIS_CLOSERS = ("quit", "disconnect", "close", "destroy", "end", "shutdown")
_PY_SIGNAL_MODULES = ("aiorun", "graceful_shutdown")
# calls of the signal module that install no handler
_PY_SIGNAL_NOT_HANDLING = frozenset({"signal.alarm", "signal.setitimer", "signal.getitimer", "signal.getsignal", "signal.Signals", "signal.strsignal",
                                     "signal.valid_signals", "signal.pthread_kill", "signal.raise_signal", "signal.default_int_handler"})


# --------------------------------------------------------------------------- resources
class _Ref:
    """What ``PoolRefs`` needs to recognise references to a construction."""

    def __init__(self, ff: FileFacts, call: Call, name: str) -> None:
        self.ff, self.call, self.name = ff, call, name

    @property
    def short_name(self) -> str:
        if self.name in ("", "return", "default", "exports", "module.exports"):
            return ""
        return self.name.rsplit(".", 1)[-1]

    def func_name(self) -> str:
        for f in self.ff.funcs:
            if f.id == self.call.func:
                return f.name if f.name and not f.name.startswith("<") else ""
        return ""


@dataclass
class _Resource:
    kind: str  # server | pool | redis
    ff: FileFacts
    line: int
    label: str
    names: set[str] = field(default_factory=set)
    # (class, member) of the project objects the server is handed to that keep it
    # (`new LiveQueryServer(httpServer)` whose constructor does `this.server = server`)
    members: set[tuple[str, str]] = field(default_factory=set)


def _servers(unit: Unit, entries: list[Entry]) -> list[_Resource]:
    out: list[_Resource] = []
    by_file: dict[int, list[_Resource]] = {}  # (what ``out`` holds, by the identity of its file)
    seen: set[tuple[str, int]] = set()
    for e in entries:
        c = e.call
        if c is None or e.ff.lang == "py" or (c.method != "listen" and not hapi_start(c) and not _bound_listen(e.ff, c)) or (e.ff.path, c.line) in seen:
            continue
        seen.add((e.ff.path, c.line))
        if c.callee.startswith(("socket.io.", "socket.io().")):
            continue  # require('socket.io').listen(server): attached to a server judged on its own
        chained = _chained_as(e.ff, c)
        names = {n.rsplit(".", 1)[-1] for n in (c.assigned, c.recv, _promised_as(e.ff, c), chained) if n and n != "return"}
        if any(r.names & names for r in by_file.get(id(e.ff), ())):
            continue  # `server.listen(++port)` again after an error: the same server
        what = "HTTP server" if e.kind == HTTP else f"{e.kind.upper()} server"
        if c.assigned and c.assigned != "return":
            label = f"{what} `{c.assigned.rsplit('.', 1)[-1]}`"
        elif chained:
            label = f"{what} `{chained.rsplit('.', 1)[-1]}`"
        elif c.recv_type.endswith("createServer") or c.recv_type.endswith("NestFactory.create") or c.recv_type.startswith("fastify") or c.method == "start":
            label = f"{what} `{c.recv}`"
        else:
            label = f"{what} started by `{c.recv}.listen()`"
        out.append(_Resource("server", e.ff, c.line, label, names))
        by_file.setdefault(id(e.ff), []).append(out[-1])
    return out


# ways to call a function with its receiver given explicitly
_EXPLICIT_THIS = frozenset({"bind", "call", "apply"})


def _started_twice(project: Project, entries: list[Entry], servers: list[_Resource]) -> list[_Resource]:
    """``servers`` minus those recorded at a ``listen()`` of a project module's
    function whose body starts another of them (NodeBB's app.js runs
    ``webserver.listen()``, and that function of src/webserver.js runs
    ``server.listen.apply(server, args)`` on the server the file creates): the
    same server, recorded twice; its closing is judged where it is made."""
    out: list[_Resource] = []
    for r in servers:
        e = next((e for e in entries if e.ff is r.ff and e.call is not None and e.call.line == r.line), None)
        if e is None or e.call is None or not e.call.callee.startswith("./") or not _starts_another(project, e.ff, e.call, r, servers):
            out.append(r)
    return out


def _starts_another(project: Project, ff: FileFacts, call: Call, res: _Resource, servers: list[_Resource]) -> bool:
    """``call`` runs a project function that calls ``listen()`` (also taken as
    a function: ``server.listen.apply(server, args)``) on a server of
    ``servers`` other than ``res``, in that server's file."""
    for hff, f in helper_funcs(project, ff, call, same_file=False):
        for cff, c, _site in reachable_calls(project, hff, f.id, same_file=False, depth=2):
            method, recv = _called_as(c)
            if method == "listen" and any(o is not res and o.ff is cff and last_name(recv) in o.names for o in servers):
                return True
    return False


def _called_as(c: Call) -> tuple[str, str]:
    """(method, receiver) of the call ``c`` makes: those of the method it
    takes as a function when it binds or calls one with its receiver given
    (``promisify(server.close.bind(server))()``, ``server.close.call(server)``:
    ``close`` on ``server``), else its own."""
    if c.method in _EXPLICIT_THIS and "." in c.recv:
        recv, _, method = c.recv.rpartition(".")
        return method, recv
    return c.method, c.recv


def _bound_listen(ff: FileFacts, made: Call) -> bool:
    """``made`` builds the server a variable holds and the file starts it
    through its ``listen`` method taken as a function: ``await
    promisify(server.listen.bind(server))(port, host)`` (listhen's listen(),
    after ``server = createServer(handle)``), ``server.listen.call(server,
    port)``.  The entry is then recorded at the construction, but the server
    listens as if ``server.listen(port)`` were written."""
    if not made.assigned or made.assigned == "return" or made.method == "listen":
        return False
    return any(c.recv_type == made.callee for c in per_calls("explicit-this", ff, _explicit_this).get(f"{made.assigned}.listen", ()))


def _explicit_this(calls: list[Call]) -> dict[str, list[Call]]:
    """The file's ``fn.bind(x)`` / ``fn.call(x, ...)`` / ``fn.apply(x, ...)`` calls by the function they are made on."""
    out: dict[str, list[Call]] = {}
    for c in calls:
        if c.method in _EXPLICIT_THIS:
            out.setdefault(c.recv, []).append(c)
    return out


def _here(r: _Resource) -> str:
    """What stands at ``r.line``: a pool or client is created there; a server
    is recorded at its ``listen()``/``start()`` call, not where it was made."""
    if r.kind != "server":
        return f"{r.label} created here"
    return f"{r.label} here" if r.label.endswith(".listen()`") else f"{r.label} started here"


_EMITTER_CHAIN = frozenset({"on", "once", "addListener", "prependListener", "prependOnceListener", "setTimeout"})


def _chained_as(ff: FileFacts, listen: Call) -> str:
    """``const server = app.listen(port).on('error', fn)``: the variable a
    listener chain on the server fills (those methods return the server)."""
    if listen.assigned:
        return ""
    head = f"{listen.recv}.listen("
    for c in ff.calls:
        if c.method in _EMITTER_CHAIN and c.assigned and c.line == listen.line and c.recv_type == listen.callee and c.recv.startswith(head):
            return c.assigned if c.assigned != "return" else ""
    return ""


def _promised_as(ff: FileFacts, listen: Call) -> str:
    """``const server = await new Promise((resolve) => app.listen(port, function ()
    { resolve(this) }))``: the variable the promise that wraps ``listen()`` fills."""
    if not listen.func:
        return ""
    chain = {f.id for f in scope_chain({f.id: f for f in ff.funcs}, listen.func)[:20]}
    for c in ff.calls:
        if c.new and c.callee == "Promise" and c.assigned and any(a.k == FN and a.v in chain for a in c.args):
            return c.assigned
    return ""


def _server_closed(project: Project, res: _Resource, files: list[FileFacts], reached: set[int]) -> bool:
    """A closing call for the server exists in its process.  In another file
    than the server's, a ``server.close()`` on a parameter or a variable of
    the function it sits in (node-red's git askpass socket: ``const server =
    net.createServer(...)`` ... ``server.close()``) is another object that
    shares the name, and so is a member the file fills with an object it
    builds (``node.server = new ws.Server(...)``); they count only when a
    signal handler runs them (``reached``: ``id()`` of the calls the handlers
    reach)."""
    for ff in files:
        owners = _socketio_owners(ff, res.names)
        wrappers = _server_wrappers(ff, res.names)
        probes: set[int] | None = None
        for c in ff.calls:
            method, recv = _called_as(c)
            if method not in _SERVER_CLOSERS or not recv:
                continue
            if probes is None:
                probes = probe_closes(ff)
            if id(c) in probes:
                continue  # `s.listen(port, () => s.close(...))`: a free-port check closing itself, not the server
            site = c
            if recv != c.recv:
                c = replace(c, method=method, recv=recv)  # (judged as the closing call it makes)
            if c.recv.rsplit(".", 1)[-1] in res.names or c.recv in wrappers:
                if ff is not res.ff and id(site) not in reached and (_function_local(project, ff, c) or _own_member(ff, c)):
                    continue
                return True
            if res.members and _closes_member(project, ff, c, res.members):
                return True
            if ff is res.ff and c.recv_type.endswith((".listen", "createServer", "NestFactory.create")):
                return True
            if c.method == "close" and c.recv in owners:
                return True
    return False


def _function_local(project: Project, ff: FileFacts, call: Call) -> bool:
    """The receiver of ``call`` (a plain name) is a parameter of a function
    around it or a variable such a function assigns."""
    name = call.recv
    if not call.func or not name.isidentifier():
        return False
    chain = project.scopes(ff, call.func)
    if any(name in f.params for f in chain):
        return True
    ids = {f.id for f in chain}
    return any(c.assigned == name and c.func in ids for c in ff.calls)


def _own_member(ff: FileFacts, call: Call) -> bool:
    """The receiver of ``call`` is a member (``node.server``) that its file
    fills with an object it builds there (node-red's websocket node:
    ``node.server = new ws.Server(...)``, then ``node.server.close()``): that
    object, not a server of another file that shares the member's name."""
    return "." in call.recv and any(c.assigned == call.recv for c in ff.calls if c is not call)


def _kept_as(project: Project, res: _Resource) -> set[tuple[str, str]]:
    """The members that keep the server in the project objects it is handed
    to: ``new ParseLiveQueryServer(httpServer, config)`` in the server's file,
    whose constructor (of that file's class, or of a class another module of
    the project exports) does ``this.server = server`` with the parameter in
    that place.  Closing that member of any object (``this.liveQueryServer.server.close()``)
    closes the server: see :func:`_closes_member`."""
    out: set[tuple[str, str]] = set()
    if not res.names:
        return out
    for c in res.ff.calls:
        if not c.new:
            continue
        places = [i for i, a in enumerate(c.args) if a.k == IDENT and a.v.rsplit(".", 1)[-1] in res.names]
        if not places:
            continue
        if c.callee.startswith("./"):
            found = module_and_attr(project, c.callee)
        else:
            found = (res.ff, c.callee) if c.callee.isidentifier() else None
        if found is None or not found[1].isidentifier():
            continue
        tff, cls = found
        ctor = next((f for f in tff.funcs if f.name == "constructor" and f.cls == cls), None)
        if ctor is None:
            continue
        params = {ctor.params[i] for i in places if i < len(ctor.params)}
        for item in (tff.extra or {}).get("assigns") or ():  # only what frontends/_assigns.py keeps
            if len(item) < 4 or item[1] != ctor.id or not isinstance(item[3], dict):
                continue
            if item[3].get("k") == IDENT and item[3].get("v") in params and str(item[0]).startswith("this."):
                out.add((cls, str(item[0]).split(".", 1)[1]))
    return out


def _closes_member(project: Project, ff: FileFacts, call: Call, members: set[tuple[str, str]]) -> bool:
    """``call`` closes a member that keeps the server: ``this.server.close()``
    in a method of the keeping class, or that member of another object
    (``this.liveQueryServer.server.close()``).  ``this.server`` in another
    class is that class's own server."""
    owner, _, name = call.recv.rpartition(".")
    if not owner or not any(m == name for _cls, m in members):
        return False
    if owner != "this":
        return True
    cls = enclosing_class(project, ff, call.func) if call.func else ""
    return (cls, name) in members


def _server_wrappers(ff: FileFacts, names: Iterable[str]) -> set[str]:
    """Variables holding a wrapper built around the server (``server =
    GracefulShutdownServer.create(http_.listen(port))``, ``stoppable(server)``):
    their ``shutdown()``/``stop()`` closes it."""
    names = set(names)
    out: set[str] = set()
    if not names:
        return out
    for c in ff.calls:
        if not c.assigned or c.assigned in names:
            continue
        for a in c.args:
            inner = ff.calls[a.call] if a.k == CALL and 0 <= a.call < len(ff.calls) else None
            held = [v for v in (a.keys or {}).values() if v.k == IDENT] if a.k == OBJ else []  # createHttpTerminator({ server })
            if ((a.k == IDENT and a.v.rsplit(".", 1)[-1] in names) or (inner is not None and _listen_of(inner) in names)
                    or any(v.v.rsplit(".", 1)[-1] in names for v in held)):
                out.add(c.assigned)
                break
    return out


# methods that return the server they are called on: `http_.listen(port).on('listening', cb)` is still the server
_CHAINED_ON_SERVER = frozenset({"on", "once", "addListener", "setTimeout"})


def _listen_of(call: Call) -> str:
    """The variable whose ``listen()`` this call is, also through listeners
    chained on its result (medusa: ``http_.listen(port, host).on("listening", cb)``); '' otherwise."""
    if call.method == "listen":
        return call.recv.rsplit(".", 1)[-1]
    if call.method in _CHAINED_ON_SERVER and call.recv.endswith(")") and ".listen(" in call.recv:
        head = call.recv.split(".listen(", 1)[0]
        return head.rsplit(".", 1)[-1] if "(" not in head else ""
    return ""


_SOCKETIO = ("socket.io", "socket.io.Server")


def _socketio_owners(ff: FileFacts, names: Iterable[str]) -> set[str]:
    """socket.io servers bound to the HTTP server (``new Server(server)``,
    ``io.attach(server)``, ``io.listen(server)``): their ``close()`` closes it too."""
    names = set(names)
    if not names or not any(m == "socket.io" for m in ff.modules):
        return set()
    out: set[str] = set()
    for c in ff.calls:
        args = [a.v.rsplit(".", 1)[-1] for a in c.args if a.k == IDENT]
        if not names.intersection(args):
            continue
        if c.callee in _SOCKETIO and c.assigned:
            out.add(c.assigned)
        elif c.method in ("attach", "listen") and c.recv_type in _SOCKETIO and c.recv:
            out.add(c.recv)
    return out


def _of_files(items: list[Any], files: list[FileFacts]) -> list[Any]:
    """The pools or clients of ``items`` (in their order) made in one of
    ``files``: from an index of the list by path, not a pass over all of
    the project's for each unit."""
    index = per_list("lifecycle-by-path", items, _positions_by_path)
    return [items[i] for i in sorted({i for ff in files for i in index.get(ff.path, ())})]


def _positions_by_path(items: list[Any]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        out.setdefault(item.ff.path, []).append(i)
    return out


def _pools(project: Project, unit: Unit, files: list[FileFacts]) -> list[_Resource]:
    out: list[_Resource] = []
    seen: set[tuple[str, str]] = set()
    for pool in _of_files(db_pools(project), files):
        if pool.ff.lang == "py" or pool.not_pooled or unit.is_script(pool.ff.path):
            continue
        ident = (pool.ff.path, pool.name or f"@{pool.call.line}")
        if ident in seen:
            continue
        seen.add(ident)
        if closing_calls(project, pool, files):
            continue
        out.append(_Resource("pool", pool.ff, pool.call.line, pool.label()))
    return out


def _redis(project: Project, unit: Unit, files: list[FileFacts]) -> list[_Resource]:
    out: list[_Resource] = []
    seen: set[tuple[str, str]] = set()
    for client in _of_files(redis_clients(project), files):
        if client.ff.lang == "py" or unit.is_script(client.ff.path):
            continue
        if client.kind not in ("client", "cluster", "sentinel", "duplicate", "worker") or not client.name:
            continue
        ident = (client.ff.path, client.name)
        if ident in seen:
            continue
        seen.add(ident)
        ref = PoolRefs(project, _Ref(client.ff, client.call, client.name), files)  # type: ignore[arg-type]
        closers = _REDIS_CLOSERS
        if any(
            (c.method in closers and ref.receiver(ff, c)) or any(ref.value(v, closers) for v in c.args)
            for ff in files
            for c in ff.calls
        ) or _disconnected_by_bottleneck(project, client, files):
            continue
        out.append(_Resource("redis", client.ff, client.call.line, client.label()))
    return out


def _disconnected_by_bottleneck(project: Project, client: RedisClient, files: list[FileFacts]) -> bool:
    """The client (or, made in a factory, what a caller gets from it) is handed
    to a Bottleneck Redis connection that the process disconnects
    (`connection.disconnect()` quits the clients the connection holds; a
    limiter's own `disconnect()` leaves a connection it was given open)."""
    clients = [client]
    func = factory_of(project, client) if client.name == "return" else None
    if func is not None:
        clients += [as_site_client(client, g, s, g.calls.index(s)) for g, s in call_sites(project, client.ff, func)]
    for c in clients:
        for g, _call, conn in bottleneck_connections(project, c):
            if not conn:
                continue
            # the connection's own file, or one of the process's files importing it (where it was handed out)
            holders = [f for f in files if f is g or imports_file(project, f, g)]
            if any(x.method == "disconnect" and short_name(x.recv) == conn for f in holders for x in f.calls):
                return True
    return False


# --------------------------------------------------------------------------- handlers
@dataclass
class _Handler:
    reg: FileFacts  # file of the process.on(...) call
    call: Call  # process.on(...)
    ff: FileFacts  # file of the handler function
    func: Func | None  # None = cannot be followed (unless ``exit``)
    # the handler is ``process.exit`` itself (``process.on('SIGINT', process.exit)``):
    # a stand-in ``process.exit()`` call at the registration, its only call
    exit: Call | None = None


_PROCESS_CHAIN = lazy_re(r"^process(?:\s*\.\s*(?:removeAllListeners|removeListener|off|on|once|setMaxListeners)\((?:[^()]|\([^()]*\))*\))+$", re.S)


# the callee of a listener registration chained on process, as the frontend names it whatever
# the length of the handlers before it (`process.on().once().once`: browserless's index.ts
# registers unhandledRejection, uncaughtException, then SIGTERM and SIGINT, in one chain)
_PROCESS_CHAIN_CALLEE = lazy_re(r"^process(?:\.(?:removeAllListeners|removeListener|off|on|once|setMaxListeners)\(\))+\.[\w$]+$")


def _is_process(ff: FileFacts, recv: str) -> bool:
    """``process``, or the module imported under another name (``import proc
    from "node:process"``; esbuild's ``import_node_process.default``)."""
    if recv == "process" or _PROCESS_CHAIN.match(recv):
        return True  # (`process.removeAllListeners('SIGINT').on('SIGINT', ...)`: those return process; Ghost)
    head, _, rest = recv.partition(".")
    return rest in ("", "default") and ff.imports.get(head, "").removeprefix("node:").split(".", 1)[0] == "process"


def _process_parameter(project: Project, ff: FileFacts, reg: Call) -> bool:
    """``reg`` registers a listener on a parameter of the function around it
    that every call of that function in the project hands ``process``
    (bitcore-node's ``registerExitHandlers(_process, node) {
    _process.on('SIGINT', ...) }``, called as ``registerExitHandlers(process,
    node)``; the parameter lets the tests pass a stub)."""
    if not reg.recv or "." in reg.recv:
        return False
    func = next((f for f in project.scopes(ff, reg.func) if reg.recv in f.params), None)
    if func is None or func.name == "<anon>":
        return False
    pos = func.params.index(reg.recv)
    sites = call_sites(project, ff, func)
    return bool(sites) and all(pos < len(c.args) and c.args[pos].k == IDENT and _is_process(g, c.args[pos].v) for g, c in sites)


def _handlers(project: Project, files: list[FileFacts]) -> list[_Handler]:
    out: list[_Handler] = []
    for ff in files:
        if ff.lang == "py":
            continue
        for c in ff.calls:
            if c.method not in _LISTEN or len(c.args) < 2 or not (_is_process(ff, c.recv) or _PROCESS_CHAIN_CALLEE.match(c.callee)
                                                                     or _process_parameter(project, ff, c)):
                continue
            events = _events(project, ff, c)
            if events is not None and not any(e in SIGNALS for e in events):
                continue
            if events is None and c.args[0].k == STR:
                continue
            out.append(_handler_of(project, ff, c, c.args[1]))
        out.extend(_adapter_unload_handlers(project, ff))
    return out


# libraries whose call registers the function it is given as the listener of
# SIGINT, SIGTERM and SIGQUIT and does nothing more: no close, and no exit after
# it (node-death's ``death(cb)``, or ``death({ uncaughtException: true })(cb)``),
# so that function is judged as a ``process.on(signal, cb)`` handler is
LISTENER_LIBS = ("death",)
_LISTENER_LIB_SIGNALS = frozenset({"SIGINT", "SIGTERM", "SIGQUIT", "SIGHUP"})


def _listener_lib_handlers(project: Project, files: list[FileFacts]) -> list[_Handler] | None:
    """The handlers ``files`` register through a ``LISTENER_LIBS`` library;
    None when one cannot be read (a handler that is no function riskscan can
    follow, options that choose the signals)."""
    out: list[_Handler] = []
    for ff in files:
        if ff.lang == "py" or not find_module([ff], LISTENER_LIBS):
            continue
        for c in ff.calls:
            base = c.callee.removesuffix("()").removesuffix(".default")
            if base not in LISTENER_LIBS or not c.args or (c.args[0].k == OBJ and not c.callee.endswith("()")):
                continue  # (`death({...})` only makes the registering function: its call is the registration)
            if c.callee.endswith("()"):
                opts = [x for x in ff.calls if x.callee.removesuffix(".default") == base and x.args and x.args[0].k == OBJ
                        and x.line == c.line]
                if not opts or _LISTENER_LIB_SIGNALS & set(opts[0].args[0].keys or {}) or opts[0].args[0].open:
                    return None
            h = _handler_of(project, ff, c, c.args[0])
            if h.func is None and h.exit is None:
                return None
            out.append(h)
    return out


def _events(project: Project, ff: FileFacts, reg: Call) -> list[str] | None:
    """The events a listener registration names: its literal, or the strings
    of the for-of loop over a literal array whose variable it passes (kuzzle:
    ``for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, ...)``,
    the innermost such loop around it), or those a ``LISTENER_LIBS``
    registration listens for; None when they cannot be told."""
    if reg.callee.removesuffix("()").removesuffix(".default") in LISTENER_LIBS:
        return ["SIGINT", "SIGTERM", "SIGQUIT"]
    arg = reg.args[0]
    event = project.literal(ff, arg)
    if event is not None:
        return [event]
    if arg.k == IDENT and "." not in arg.v:
        loops = [lp for lp in ff.extra.get("string_loops", ()) if lp[0] == arg.v and lp[1] <= reg.line <= lp[2]]
        if loops:
            return list(max(loops, key=lambda lp: lp[1])[3])
    return None


def _handler_of(project: Project, ff: FileFacts, reg: Call, val: Val) -> _Handler:
    """The stop handler ``reg`` installs, ``val`` being the function it hands over."""
    if _is_process_exit(ff, val):
        return _Handler(ff, reg, ff, None, Call("process.exit", "exit", "process", line=reg.line, col=reg.col, text="process.exit()"))
    target = fn_of_val(project, ff, val) or _own_member_function(ff, val)
    return _Handler(ff, reg, ff, None) if target is None else _Handler(ff, reg, target[0], target[1])


def _is_process_exit(ff: FileFacts, val: Val) -> bool:
    """``val`` is ``process.exit`` itself, or bound (``process.exit.bind(process, 0)``):
    a handler that ends the process at once and closes nothing (kinesalite's
    ``process.on('SIGINT', process.exit)``)."""
    name = val.v.removesuffix(".bind") if val.k == CALL and ff.lang != "py" else val.v if val.k == IDENT else ""
    recv, _, method = name.rpartition(".")
    return method == "exit" and bool(recv) and _is_process(ff, recv)


def _adapter_unload_handlers(project: Project, ff: FileFacts) -> list[_Handler]:
    """The ``unload`` handlers of the file's ioBroker adapters, which the
    adapter class (js-controller's, through @iobroker/adapter-core) runs on
    SIGTERM/SIGINT before it ends the process: ``this.on('unload', fn)`` in a
    subclass, ``adapter.on('unload', fn)``, or ``adapter({ unload: fn })``."""
    if not imports_adapter_core(ff):
        return []
    out: list[_Handler] = []
    for c in ff.calls:
        if c.method in _LISTEN and len(c.args) >= 2 and project.literal(ff, c.args[0]) == "unload" and on_iobroker_adapter(project, ff, c):
            out.append(_handler_of(project, ff, c, c.args[1]))
        elif builds_iobroker_adapter(ff, c) and c.args and c.args[0].k == OBJ and "unload" in (c.args[0].keys or {}):
            out.append(_handler_of(project, ff, c, (c.args[0].keys or {})["unload"]))
    return out


def _library_handlers(project: Project, files: list[FileFacts],
                      servers: list[_Resource]) -> list[tuple[FileFacts, Call, str, list[_Resource]]] | None:
    """The ``_SERVER_CLOSING_HANDLERS`` constructed in the process, each with the
    servers it closes (``new GracefulServer({ server })``, the variable
    ``app.listen()`` filled, or ``{ server: app.listen(port) }``); None when one
    is handed a server that is none of ``servers`` (what it closes cannot be told)."""
    out: list[tuple[FileFacts, Call, str, list[_Resource]]] = []
    for ff in files:
        for c in ff.calls:
            spec = _SERVER_CLOSING_HANDLERS.get(c.callee)
            if spec is None:
                continue
            key, label = spec
            opts = c.args[0] if c.args and c.args[0].k == OBJ else None
            val = (opts.keys or {}).get(key) if opts is not None else None
            if val is None:
                return None
            inner = project.call_of(ff, val) if val.k == CALL else None
            name = _listen_of(inner) if inner is not None else (val.v.rsplit(".", 1)[-1] if val.k == IDENT else "")
            wrapped = [r for r in servers if r.ff is ff and (name in r.names or (inner is not None and r.line == inner.line))]
            if not wrapped:
                return None
            out.append((ff, c, label, wrapped))
    return out


def _judge_library_handlers(project: Project, unit: Unit, entry: Entry, files: list[FileFacts], servers: list[_Resource],
                            lib_handlers: list[tuple[FileFacts, Call, str, list[_Resource]]]) -> Hit | None:
    """The process's only stop handlers are libraries' (``_SERVER_CLOSING_HANDLERS``):
    they close their servers and exit, so what else is open is reported as a
    handler that exits without closing it."""
    open_ = _open_resources(project, unit, files, servers)
    if not open_:
        return None
    ff, call, label, wrapped = lib_handlers[0]
    closes = _listing(wrapped)
    msg = (
        f"{started(entry)}; {label} ({ff.path}:{call.line}) handles SIGTERM/SIGINT by closing {closes}, then exits without "
        f"closing {_listing(open_)}: on every deploy {_consequence(project, unit, open_, entry, {f.path for f in files})}"
    )
    related = [Related(h_ff.path, h_call.line, f"{h_label}: SIGTERM/SIGINT handler registered here") for h_ff, h_call, h_label, _w in lib_handlers[:2]]
    related += [Related(r.ff.path, r.line, f"{_here(r)}, not closed on shutdown") for r in open_ if (r.ff.path, r.line) != (entry.ff.path, entry.line)]
    return _hit(entry, unit, msg, related)


def _signals_of(project: Project, handlers: list[_Handler]) -> str:
    """The stop signals ``handlers`` listen for, as written (``SIGINT``,
    ``SIGTERM/SIGINT``); ``SIGTERM/SIGINT`` when one's event is not a literal."""
    got: set[str] = set()
    for h in handlers:
        events = _events(project, h.reg, h.call)
        if events is None:
            return "SIGTERM/SIGINT"
        got.update(events)
    return "/".join(s for s in SIGNALS if s in got) or "SIGTERM/SIGINT"


def _own_member_function(ff: FileFacts, val: Val) -> tuple[FileFacts, Func] | None:
    """``process.on('SIGTERM', this._onSignal)``: the method or the arrow function
    the class assigns to that member, when the file defines exactly one of that name."""
    if val.k != IDENT or not val.v.startswith(("this.", "self.")) or val.v.count(".") != 1:
        return None
    name = val.v.split(".", 1)[1]
    found = [f for f in ff.funcs if f.name == name]
    return (ff, found[0]) if len(found) == 1 else None


def _hands_off_to_emitter(project: Project, h: _Handler) -> bool:
    """The handler only emits an event on an emitter of the project's own
    (code-server's wrapper: ``process.on("SIGTERM", () =>
    this._onDispose.emit("SIGTERM"))``); what closes the servers are the
    subscribers of that event, registered anywhere, which are not followed."""
    if h.func is None:
        return False
    calls = project.calls_in(h.ff, h.func.id)
    return bool(calls) and all(c.method == "emit" and c.recv and not _is_process(h.ff, c.recv) for c in calls)


def _never_installed(project: Project, h: _Handler) -> bool:
    """The handler is a shutdown-hook registrar's (it runs a function handed to
    the function registering it: @pm2/io's ``onExit(callback)``) and nothing in
    the project calls that registrar: the handler is never installed."""
    if h.func is None:
        return False
    owner = hook_registrar(project, h.reg, h.call, _handler_calls(project, [h], hooks=False))
    return owner is not None and not called_anywhere(project, owner.name)


def _handler_calls(project: Project, handlers: list[_Handler], hooks: bool = True) -> list[tuple[FileFacts, Call]]:
    """The calls the handlers reach; with ``hooks``, also those of the functions
    the project hands to a shutdown-hook registrar whose handler runs them
    (:func:`handed_hooks`)."""
    out: list[tuple[FileFacts, Call]] = []
    for h in handlers:
        if h.exit is not None:
            out.append((h.reg, h.exit))
        if h.func is None:
            continue
        own = [(cff, c) for cff, c, _site in reachable_calls(project, h.ff, h.func.id, same_file=False, depth=4)]
        out.extend(own)
        for hff, f in handed_hooks(project, h.reg, h.call, own) if hooks else ():
            out.extend((cff, c) for cff, c, _site in reachable_calls(project, hff, f.id, same_file=False, depth=4))
    return out


def _closes_a_parameter(project: Project, calls: list[tuple[FileFacts, Call]]) -> bool:
    """The handler runs a helper that closes something it was handed
    (``function shutdown(server, db) { server.close(); db.end(); }``)."""
    for ff, c in calls:
        if c.method not in CLOSE_METHODS + _REDIS_CLOSERS + _SERVER_CLOSERS or not c.recv or not c.func:
            continue
        head = c.recv.split(".", 1)[0]
        scopes = project.scopes(ff, c.func)
        for i, f in enumerate(scopes):
            if head not in f.params:
                continue
            # `smtpInterfaces.forEach(s => s.close())`: an element of a collection
            # the handler walks, not a value handed in -- unless the collection is
            # (zone-mta's stop() closing each SMTP interface it keeps, app.js:172)
            coll = _iterated(ff, f.id)
            if coll is None or coll.split(".", 1)[0] in {p for g in scopes[i + 1:] for p in g.params}:
                return True
    return False


_ITERATORS = frozenset({"forEach", "map", "flatMap", "filter", "some", "every", "find"})


def _iterated(ff: FileFacts, func_id: str) -> str | None:
    """The receiver of the array method (``xs.forEach(fn)``) that ``func_id``
    is the callback of, or None."""
    for c in ff.calls:
        if c.method in _ITERATORS and c.recv and any(a.k == FN and a.v == func_id for a in c.args):
            return c.recv
    return None


_TEARDOWN_NAME = lazy_re(r"(?i)^_*(?:tear_?down|shut_?down|close|stop|clean_?up|dispose|destroy|terminate|graceful\w*|on_?(?:shutdown|close|exit))\w*$")


def _injected_teardown(project: Project, calls: list[tuple[FileFacts, Call]]) -> bool:
    """The handler calls a teardown function it was handed, which we cannot
    follow (quirrel: ``const { teardown } = await doIt(env)`` then ``await
    teardown()`` in the SIGTERM handler): what it closes is not ours to judge."""
    for ff, c in calls:
        if c.recv or c.method or "." in c.callee or not _TEARDOWN_NAME.match(c.callee):
            continue
        if not callee_funcs(project, ff, c):
            return True
    return False


def _exits(calls: list[tuple[FileFacts, Call]]) -> bool:
    return any(c.callee in ("process.exit", "process.kill") for _ff, c in calls)


def _ends_closing_nothing(calls: list[tuple[FileFacts, Call]]) -> bool:
    """The stop handlers, followed through the functions they call, end the
    process themselves -- ``process.exit()``, or re-raising the signal with
    ``process.kill(process.pid, signal)`` once they have removed themselves --
    and call nothing that closes, stops or tears down anything.  A server's
    ``close()`` elsewhere (a ``stop()`` method nothing on that path calls:
    node-media-server's store flushes and re-raises SIGTERM while its HTTP and
    RTMP servers' ``stop()`` runs only from the library's own ``stop()``) does
    not run before the process is gone."""
    ends = False
    for _ff, c in calls:
        if c.callee == "process.exit" or (c.callee == "process.kill" and "process.pid" in c.text):
            ends = True
        name = _called_as(c)[0] or last_name(c.callee)
        if name in CLOSE_METHODS + _REDIS_CLOSERS + _SERVER_CLOSERS or _TEARDOWN_NAME.match(name):
            return False
    return ends


# --------------------------------------------------------------------------- RS901
@check("RS901")
def no_graceful_shutdown(project: Project) -> Iterable[Hit]:
    for unit in units(project):
        entries = [e for e in entry_points(project, unit) if e.kind in LONG_RUNNING]
        js = [e for e in entries if e.ff.lang != "py"]
        if js:
            hit = _judge_node(project, unit, js)
            if hit is not None:
                yield hit
                continue
        # (also a service with no start-up call: its program may run an asyncio event loop forever)
        hit = _judge_python(project, unit, [e for e in entries if e.ff.lang == "py"])
        if hit is not None:
            yield hit


def _per_process(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Remember ``fn(project, unit, entries, ...)`` for the unit and the entries
    (the same Entry objects, from ``entry_points``): RS901 and RS910 (run in
    the same process, see riskscan.checkrun) ask it of the same Node process.
    What it gives back is shared: callers must not change it."""
    slot = f"_rs_memo:{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(project: Project, unit: Unit, entries: list[Entry], *rest: Any) -> Any:
        store = project.__dict__.setdefault(slot, {})
        key = (unit.key, tuple(map(id, entries)))
        got = store.get(key)
        if got is None:
            # (the entries are kept with the answer: their ids stay theirs)
            got = store[key] = (fn(project, unit, entries, *rest), entries)
        return got[0]

    return wrapper


@_per_process
def _process_handlers(project: Project, unit: Unit, entries: list[Entry]) -> tuple[Entry, list[FileFacts], list[_Handler]] | None:
    """The Node process ``entries`` start (its first start-up, its files) and the
    stop handlers installed in it; None when NestJS's shutdown hooks or a
    graceful-shutdown library handle the signals."""
    launchers = _launchers(project, unit, entries[0].ff.path)
    files = [ff for ff in unit.files if ff.lang != "py" and (not unit.is_script(ff.path) or ff.path in launchers)]
    if any(c.method == "enableShutdownHooks" for ff in files for c in ff.calls):
        return None
    graceful = tuple(n for n in GRACEFUL_LIBS if n not in LISTENER_LIBS)
    if find_module(files, graceful) or uses_dependency(project, unit, graceful):
        return None
    if _server_closed_on_dispose(project, files, entries):
        return None
    registered = _listener_lib_handlers(project, files)
    if registered is None or (not registered and (find_module(files, LISTENER_LIBS) or uses_dependency(project, unit, LISTENER_LIBS))):
        return None  # a registration riskscan cannot read, or the library's use is not seen: assumed to handle the signals
    entry = entries[0]
    files = _process_files(project, entry, entries, files)
    in_files = {id(ff) for ff in files}
    if registered and not any(id(h.reg) in in_files for h in registered):
        return None  # registered in code this process may run that is not followed
    handlers = [h for h in _handlers(project, files) + [h for h in registered if id(h.reg) in in_files] if not _never_installed(project, h)]
    return entry, files, handlers


def interrupt_only_handlers(project: Project, unit: Unit, entries: list[Entry]) -> tuple[Entry, str, list[tuple[FileFacts, Call]]] | None:
    """RS910: the Node process ``entries`` start when its stop handlers listen
    for SIGINT (Ctrl-C), SIGQUIT or SIGBREAK but not SIGTERM, and RS901 has
    nothing to say of them (they close what the process opened, or what they
    do cannot be followed): (its start-up, the signals as written, where each
    handler is registered).  Not when a library installs a handler for the server."""
    got = _process_handlers(project, unit, entries)
    if got is None or not got[2]:
        return None
    entry, files, handlers = got
    signals = _signals_of(project, handlers)
    if "SIGTERM" in signals.split("/") or any(c.callee in _SERVER_CLOSING_HANDLERS for ff in files for c in ff.calls):
        return None
    if _judge_process(project, unit, entries, got) is not None:
        return None  # (RS901's message says SIGTERM is not handled)
    return entry, signals, [(h.reg, h.call) for h in handlers]


def _judge_node(project: Project, unit: Unit, entries: list[Entry]) -> Hit | None:
    got = _process_handlers(project, unit, entries)
    return None if got is None else _judge_process(project, unit, entries, got)


@_per_process
def _judge_process(project: Project, unit: Unit, entries: list[Entry],
                   got: tuple[Entry, list[FileFacts], list[_Handler]]) -> Hit | None:
    """RS901 for the process and stop handlers :func:`_process_handlers` found
    (``got``, its answer for the same unit and entries)."""
    entry, files, handlers = got
    if any((h.func is None and h.exit is None) or _hands_off_to_emitter(project, h) for h in handlers):
        return None  # a handler we cannot follow (bound method, factory result, an event its subscribers handle)
    in_process = {ff.path for ff in files}
    running = [e for e in entries if _started_with(entry, e)]
    servers = _started_twice(project, running, [r for r in _servers(unit, running) if r.ff.path in in_process])
    for r in servers:
        r.members = _kept_as(project, r)
    lib_handlers = _library_handlers(project, files, servers)
    if lib_handlers is None:
        return None  # a library handler closes a server we cannot tell
    if lib_handlers:
        closed = {id(r) for _ff, _c, _label, wrapped in lib_handlers for r in wrapped}
        servers = [r for r in servers if id(r) not in closed]
        if not handlers:
            return _judge_library_handlers(project, unit, entry, files, servers, lib_handlers)
    if not handlers:
        open_ = _open_resources(project, unit, files, servers)
        others = [r for r in open_ if r.kind != "server"]
        tail = f"; {_listing(others)} {'is' if len(others) == 1 else 'are'} dropped with connections open" if others else ""
        start = started(entry)
        msg = (
            f"{start} but nothing in {unit.label} handles SIGTERM/SIGINT: on every deploy, scale-in or restart the process is "
            f"killed immediately, so in-flight {in_flight(entry)}{', and ' + ws if (ws := _ws_cut_off(project, entry, in_process)) else ''}{tail}"
        )
        if any(e.call is not None and e.call.callee.endswith("NestFactory.create") for e in entries):
            msg += " (NestJS shutdown hooks are not enabled: call app.enableShutdownHooks())"
        related = [Related(r.ff.path, r.line, f"{_here(r)}, not closed on SIGTERM") for r in open_ if (r.ff.path, r.line) != (entry.ff.path, entry.line)]
        return _hit(entry, unit, msg, related)
    calls = _handler_calls(project, handlers)
    if _closes_a_parameter(project, calls) or _injected_teardown(project, calls):
        return None
    open_ = _open_resources(project, unit, files, servers, calls, closed_elsewhere=not _ends_closing_nothing(calls))
    if not open_:
        return _exit_cuts_close(project, unit, entry, handlers, servers)
    exits = _exits(calls)
    named = _exiting(project, handlers) if exits else handlers
    first = named[0]
    signals = _signals_of(project, handlers)
    who = _handler_named(signals, first)
    verb = "exits without closing" if exits else "does not close"
    msg = (f"{started(entry)}; {who} ({first.reg.path}:{first.call.line}) {verb} {_listing(open_)}: on every deploy "
           f"{_consequence(project, unit, open_, entry, in_process)}")
    msg += _sigterm_unhandled(project, handlers)
    related = [Related(h.reg.path, h.call.line, f"{_signals_of(project, [h])} handler registered here") for h in named[:2]]
    related += [Related(r.ff.path, r.line, f"{_here(r)}, not closed on shutdown") for r in open_ if (r.ff.path, r.line) != (entry.ff.path, entry.line)]
    return _hit(entry, unit, msg, related)


def _server_closed_on_dispose(project: Project, files: list[FileFacts], entries: list[Entry]) -> bool:
    """The process builds a server adapter that disposes its disposable stack on
    SIGINT/SIGTERM (``_TERMINATE_DISPOSING_ADAPTERS``) and hands the closing of a
    server it starts to such a stack: ``x.disposableStack.defer(fn)`` whose ``fn``
    calls a server closer on the variable a start-up call of ``entries`` fills or
    is called on (the Hive gateway: ``gwRuntime.disposableStack.defer(() =>
    server.stop())`` after ``const server = Bun.serve(...)``, ``server.close()``
    for node:http's ``server.listen``).  An adapter asked without the option, or
    a stack given no server of the process to close, leaves the judgement as it was."""
    def disposing(c: Call) -> bool:
        if c.callee not in _TERMINATE_DISPOSING_ADAPTERS:
            return False
        at = _TERMINATE_DISPOSING_ADAPTERS[c.callee]
        return at is None or is_bool(key(options(c, at), "disposeOnProcessTerminate"), True)

    if not any(disposing(c) for ff in files for c in ff.calls):
        return False
    servers = {last_name(n) for e in entries if e.call is not None for n in (e.call.assigned, e.call.recv) if n and n != "return"}
    for ff in files:
        for c in ff.calls:
            if c.method != "defer" or last_name(c.recv) != "disposableStack" or not c.args:
                continue
            target = fn_of_val(project, ff, c.args[0])
            if target is not None and any(d.method in _SERVER_CLOSERS and last_name(d.recv) in servers
                                          for d in project.calls_in(target[0], target[1].id)):
                return True
    return False


def _started_with(entry: Entry, e: Entry) -> bool:
    """The start-up ``e`` runs in the process ``entry`` starts: not when it sits
    under another file's main guard (kinesalite's index.js: ``if (require.main
    === module) kinesalite().listen(4567)``, imported by the ``cli.js`` that
    starts its own server), which runs only when that file is the program."""
    return e.ff is entry.ff or e.call is None or bool(e.call.func) or not in_main_guard(e.ff, e.call.line)


def _sigterm_unhandled(project: Project, handlers: list[_Handler]) -> str:
    """The note a message ends with when none of the stop handlers listens for
    SIGTERM (only SIGINT, Ctrl-C): the signal orchestrators stop with still
    kills the process at once."""
    if "SIGTERM" in _signals_of(project, handlers).split("/"):
        return ""
    return " (and nothing handles SIGTERM, the signal Docker, Kubernetes and systemd stop with: it kills the process at once)"


def _exiting(project: Project, handlers: list[_Handler]) -> list[_Handler]:
    """The handlers of ``handlers`` that end the process (all of them when
    none does on its own), those that handle SIGTERM (or signals that cannot
    be told) first: the handler the message says exits, and those it
    relates, are ones that do.  Kuzzle registers two sets of SIGINT/SIGTERM
    listeners: idCardHandler's ``exitHandler`` only disconnects a forked
    child, kuzzle.js's calls ``shutdown()``, which ends with ``process.exit(0)``;
    and its SIGQUIT/SIGABRT handler, registered before, dumps and exits too."""
    stopping = [h for h in handlers if _exits(_handler_calls(project, [h], hooks=False))] or handlers
    return sorted(stopping, key=lambda h: "SIGTERM" not in (_events(project, h.reg, h.call) or ("SIGTERM",)))


def _handler_named(signals: str, h: _Handler) -> str:
    """'the SIGTERM handler `shutdown`' (no name for an anonymous function)."""
    name = h.func.name if h.func is not None and h.func.name and not h.func.name.startswith("<") else ""
    return f"the {signals} handler `{name}`" if name else f"the {signals} handler"


def _exit_cuts_close(project: Project, unit: Unit, entry: Entry, handlers: list[_Handler], servers: list[_Resource]) -> Hit | None:
    """A handler that closes the server and then calls ``process.exit()`` in
    the same run, waiting for nothing between (``server.close(); pool.end();
    process.exit(0)``): ``close()`` only stops accepting connections and calls
    back once the open ones have ended, so the exit cuts those off as if
    nothing handled the signal.  The close may be a project helper's the
    handler runs without waiting for it (mocks-server's ``this.stop().then(...)``,
    whose ``stop()`` closes ``this._server``, then ``process.exit()``).
    Quiet when the close hands a callback (the exit may be there), when the
    helper is handed one, when anything is awaited between the two, and when
    the exit is in another function (a callback, a timer, a helper)."""
    names = {n for r in servers for n in r.names}
    for h in handlers:
        if h.func is None:
            continue
        own = sorted(project.calls_in(h.ff, h.func.id, nested=False), key=lambda c: (c.line, c.col))
        for i, first in enumerate(own):
            if _waited_for(first, own) or any(a.k == FN for a in first.args):
                continue
            closing = _closes_server(project, h.ff, first, names) or _hook_closes_server(project, h, first, names)
            if not closing:
                continue
            for c in own[i + 1:]:
                if c.awaited:
                    break
                if c.callee == "process.exit":
                    signals = _signals_of(project, [h])
                    who = _handler_named(signals, h)
                    msg = (
                        f"{started(entry)}; {who} ({h.reg.path}:{h.call.line}) calls {closing} and then "
                        f"`process.exit()` without waiting for it: close() only stops new connections and calls back once "
                        f"the open ones end, so on every deploy the exit cuts off in-flight {'requests' if entry.kind == HTTP else 'connections'} "
                        f"with connection resets (exit in the close callback, or after awaiting it)"
                    )
                    msg += _sigterm_unhandled(project, handlers)
                    related = [Related(h.reg.path, h.call.line, f"{signals} handler registered here"),
                               Related(h.ff.path, c.line, "process.exit() runs before the server has closed")]
                    return _hit(entry, unit, msg, related)
    return None


def _waited_for(call: Call, own: list[Call]) -> bool:
    """``call`` is awaited, itself or inside an awaited call of the same
    function (``await stop().then(log)``, ``await Promise.all([stop(), db.end()])``)."""
    return call.awaited or any(
        o.awaited and (o.line, o.col) <= (call.line, call.col) and (call.end_line, call.end_col) <= (o.end_line, o.end_col)
        for o in own
    )


def _closes_server(project: Project, ff: FileFacts, call: Call, names: set[str]) -> str:
    """How the message names ``call`` when it closes one of the servers
    (``names``): a ``close()`` of it with no callback, or a call of a project
    function that closes it (``this.stop()``, whose body runs
    ``this._server.close(...)``).  "" when it does neither."""
    if call.method == "close" and call.recv and call.recv.rsplit(".", 1)[-1] in names:
        return f"`{call.recv}.close()`"
    if not names:
        return ""
    for hff, f in helper_funcs(project, ff, call, same_file=False):
        for _cff, c, _site in reachable_calls(project, hff, f.id, same_file=False, depth=2):
            if c.method == "close" and c.recv and c.recv.rsplit(".", 1)[-1] in names:
                return f"`{call.callee}()`, which closes `{c.recv}`,"
    return ""


def _hook_closes_server(project: Project, h: _Handler, call: Call, names: set[str]) -> str:
    """How the message names ``call`` when it runs a shutdown-hook registrar's
    parameter (``callback()``, or a local helper calling it: pm2-io's
    ``handler()``) and the project hands that registrar a function closing
    one of the servers (``onExit(() => server.close())``); "" otherwise."""
    if call.recv or call.method or "." in call.callee or not names:
        return ""
    runs = [call] + [c for hff, f in helper_funcs(project, h.ff, call) for _cff, c, _site in reachable_calls(project, hff, f.id, depth=2)]
    own = _handler_calls(project, [h], hooks=False)
    for param_call in runs:
        if param_call.recv or param_call.method or "." in param_call.callee:
            continue
        for hff, f in handed_hooks(project, h.reg, h.call, own, param_call=param_call):
            for _cff, c, _site in reachable_calls(project, hff, f.id, same_file=False, depth=2):
                if c.method == "close" and c.recv and c.recv.rsplit(".", 1)[-1] in names:
                    return f"`{call.callee}()` (which runs the function handed in at {hff.path}:{f.line}, closing `{c.recv}`)"
    return ""


def _launchers(project: Project, unit: Unit, path: str) -> set[str]:
    """The entry file and the files that import it, transitively: scripts among
    them (``bin/peerjs.ts`` importing the server module, medusa's
    ``commands/start.js``) run in the server's process, so their signal
    handlers are the server's; and so do the scripts such a script launcher
    imports (an oclif command's base class, ``commands/base.js``, whose
    ``init()`` registers the signal handlers for its subclasses)."""
    out = reached(importers_of(project), [path])
    graph = graph_of(project)
    todo = sorted(p for p in out if p != path and unit.is_script(p))
    while todo:
        for dep in graph.get(todo.pop(), ()):
            if dep not in out and unit.is_script(dep):
                out.add(dep)
                todo.append(dep)
    return out


def _process_files(project: Project, entry: Entry, entries: list[Entry], files: list[FileFacts]) -> list[FileFacts]:
    """The files of ``files`` that may run in the entry point's process: all of
    them minus those that belong only to another program of the service (a
    ``worker.js`` next to ``server.js``, with what only it imports) -- that
    program's handler and closing calls are not the server's.  A program's
    files are the files importing its entry file (transitively) and everything
    they import; files no program reaches (an import the graph cannot resolve)
    stay."""
    graph = graph_of(project)
    paths = {ff.path for ff in files}
    importers = importers_of(project)  # the whole project's: only those in ``paths`` count

    def program(path: str) -> set[str]:
        return _program_files(graph, importers, paths, path)

    if entry.ff.path not in paths:
        return files
    mine = program(entry.ff.path)
    # another start-up this program loads (etherpad's socket.io hook imports
    # the module that creates the HTTP server) runs in this process, so the
    # files launching it (the package's bin) are this process's too: the
    # process is the same whichever of its start-ups is listed first
    grown = {entry.ff.path}
    more = [entry.ff.path]
    while more:
        more = [e.ff.path for e in entries if e.ff.path in mine and e.ff.path not in grown]
        for path in more:
            grown.add(path)
            mine |= program(path)
    others: set[str] = set()
    # a module loaded by a computed name joins only a process that loads modules by name
    loads_by_name: bool | None = None  # (read only when such a module is found: most services have none)
    for e in entries:
        if e.ff.path not in paths or e.ff.path in mine:
            continue
        if _loaded_by_name(project, e, paths, importers):
            if loads_by_name is None:
                loads_by_name = any(_requires_by_name(ff) for ff in files if ff.path in mine)
            if loads_by_name:
                continue
        others |= program(e.ff.path)
    for ff in files:
        # a command-line program of the service (`bin/log-formatter.js`) the
        # server never imports: its SIGINT handler is its own
        if ff.path not in mine and ff.path not in others and not ff.shallow and one_off_file(project, ff):
            others |= program(ff.path)
    for parent, path in _spawned(project, files):
        # `spawn('node', [path.resolve('src/lib/event/event-manager.js')])`: a child
        # process (evershop's event manager), with its own clients and handlers
        if path not in mine:
            others |= program(path)
        elif parent != path and started_by_command(project, parent) and parent not in reached(graph, [path, entry.ff.path], within=paths):
            # a supervisor program (a command runs it) starting this program as
            # its child, which neither the child nor the entry file imports
            # (NodeBB's loader.js, `npm start`: `fork('app.js')`, killing the
            # workers on SIGTERM): its handlers are the parent process's, not
            # the server's, also when it imports modules the server loads too
            mine.discard(parent)
            others.add(parent)
    for ff in files:
        # a supervisor that runs the program again as its child (deepstream's daemon:
        # `spawn(exec, [process.argv[1], 'start'])`, killing the child on SIGTERM): its
        # signal handlers are the parent's; the server runs in the child
        if ff.path not in mine and _relaunches_program(ff):
            others.add(ff.path)
    return [ff for ff in files if ff.path in mine or ff.path not in others]


def _launching_files(importers: dict[str, list[str]], paths: AbstractSet[str], path: str) -> set[str]:
    """``path`` and the files of ``paths`` importing it, transitively."""
    return reached(importers, [path], within=paths)


def _program_files(graph: dict[str, list[str]], importers: dict[str, list[str]], paths: AbstractSet[str], path: str) -> set[str]:
    """The files of ``paths`` a program running ``path`` loads: the files
    importing it (transitively) and everything they import."""
    return reached(graph, _launching_files(importers, paths, path), within=paths)


def _requires_by_name(ff: FileFacts) -> bool:
    """The file loads a module whose name it computes: ``require(name)``,
    ``import(spec)``, ``importlib.import_module(name)`` with no literal name."""
    return any(c.callee in ("require", "import", "importlib.import_module", "__import__") and c.args and c.args[0].k != STR
               for c in ff.calls)


def _loaded_by_name(project: Project, e: Entry, paths: set[str], importers: dict[str, list[str]]) -> bool:
    """A start-up in a module no file of ``paths`` imports, which only offers
    it in a function (:func:`offered_start`) and no command runs: a module the
    service loads by a name the import graph cannot follow (statsd's
    ``require(config.server || './servers/udp')`` of ``servers/tcp.js``), so
    it runs in the process that loads it -- it is no program of its own."""
    return not e.started_by and offered_start(project, e) and not any(src in paths for src in importers.get(e.ff.path, ()))


_SPAWNERS = frozenset({"spawn", "fork", "exec", "execFile", "spawnSync", "execSync", "execFileSync"})
_SCRIPT_EXT = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")


def _spawned(project: Project, files: list[FileFacts]) -> set[tuple[str, str]]:
    """(starting file, started file) for the paths of ``files`` another file
    starts as a process of its own (a script path in the arguments of
    child_process ``spawn``/``fork``/``exec*``, cross-spawn or execa)."""
    by_path = {ff.path: ff for ff in files if ff.lang != "py"}
    named: list[tuple[str, str]] = []
    for ff in by_path.values():
        for c in ff.calls:
            if _starts_process(c):
                named.extend((ff.path, t) for t in _strings_in(project, ff, c.args, 0) if t.endswith(_SCRIPT_EXT))
    out: set[tuple[str, str]] = set()
    for parent, text in named:
        tail = text.lstrip("./")
        for path in by_path:
            if path == tail or path.endswith("/" + tail):
                out.add((parent, path))
    return out


# the running program's own script, handed to a child process
_OWN_SCRIPT = lazy_re(r"process\.argv\[1\]|process\.argv\.slice\(1\)|\b__filename\b|require\.main\.filename")


def _relaunches_program(ff: FileFacts) -> bool:
    """The file starts the program it belongs to again as a child process:
    a child_process ``spawn``/``fork``/``exec*`` (cross-spawn, execa) handed
    the running script (``process.argv[1]``, ``__filename``)."""
    for c in ff.calls:
        if _starts_process(c) and any(_OWN_SCRIPT.search(v.v) for a in c.args for v in walk_vals(a) if isinstance(v.v, str)):
            return True
    return False


def _starts_process(c: Call) -> bool:
    """A child_process ``spawn``/``fork``/``exec*`` call, on the module or by an
    imported name (the callee is import-resolved: `spawn` is child_process.spawn),
    or a cross-spawn or execa call."""
    head = c.callee.split(".", 1)[0].removeprefix("node:")
    if head == "child_process":
        return c.callee.rsplit(".", 1)[-1] in _SPAWNERS
    return head in ("cross-spawn", "execa")


def _strings_in(project: Project, ff: FileFacts, vals: list[Val], depth: int) -> list[str]:
    out: list[str] = []
    for v in vals:
        if v.k == STR:
            out.append(v.v)
        elif v.items and depth < 3:
            out.extend(_strings_in(project, ff, v.items, depth + 1))
        elif v.k == CALL and depth < 3:
            inner = project.call_of(ff, v)
            if inner is not None:
                out.extend(_strings_in(project, ff, inner.args, depth + 1))
    return out


def _open_resources(project: Project, unit: Unit, files: list[FileFacts], servers: list[_Resource],
                    calls: Iterable[tuple[FileFacts, Call]] = (), closed_elsewhere: bool = True) -> list[_Resource]:
    """What is left open on shutdown; ``closed_elsewhere=False`` when no closing
    call can run before the handlers end the process (:func:`_ends_closing_nothing`):
    every server is left open, wherever its ``close()`` is written."""
    out: list[_Resource] = []
    reached = {id(c) for _ff, c in calls}
    for s in servers:
        if not closed_elsewhere or not _server_closed(project, s, files, reached):
            out.append(s)
    out.extend(_pools(project, unit, files))
    out.extend(_redis(project, unit, files))
    return out


def _listing(res: list[_Resource]) -> str:
    parts = []
    labels = [r.label for r in res[:6]]
    for r in res[:6]:
        # a server goes by its label, unless another listed one has the same
        # (two modules' `server`): then by its file too
        where = f" ({r.ff.path})" if r.kind != "server" or labels.count(r.label) > 1 else ""
        parts.append(r.label + where)
    if len(res) > 6:
        parts.append(f"{len(res) - 6} more")
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def in_flight(entry: Entry) -> str:
    if entry.kind == HTTP:
        return "requests fail"
    if entry.kind in SERVER_KIND_NAMES:
        return "connections are reset mid-request"
    return "jobs are cut off mid-way"


def _ws_cut_off(project: Project, entry: Entry, in_process: set[str]) -> str:
    """What killing an HTTP server's process does to the WebSocket servers it
    carries (y-webrtc's signalling server: `wss.handleUpgrade` on the HTTP
    server's 'upgrade', whose only request handler answers "okay"): their
    clients lose the connection without a close frame, not just a request
    ("" when it carries none)."""
    if entry.kind != HTTP:
        return ""
    found = [s for s in ws_servers(project) if s.ff.path in in_process and s.ff.lang != "py"]
    if not found:
        return ""
    names = sorted({f"`{s.name}` ({s.lib})" for s in found})
    which = f"WebSocket server {names[0]}" if len(names) == 1 else f"WebSocket servers {', '.join(names[:-1])} and {names[-1]}"
    return f"every client of {which} is cut off without a close frame and has to reconnect"


def started(entry: Entry) -> str:
    if entry.kind in SERVER_KIND_NAMES:
        return f"{entry.ff.path} starts {SERVER_KIND_NAMES[entry.kind]} (`{entry.what}`)"
    if entry.tier == 3 and entry.call is not None and entry.call.callee != "setInterval":
        return f"{entry.ff.path} runs a worker loop (`{entry.what}`)"
    return f"{entry.ff.path} starts a long-running {entry.kind} process (`{entry.what}`)"


# queue libraries besides BullMQ that keep job locks in Redis (a worker killed with its
# connection open leaves them to expire, and its jobs stalled until then)
_LOCKING_QUEUES = {"bull": "Bull", "bee-queue": "Bee-Queue"}


def _queue_locks(project: Project, unit: Unit) -> str:
    """The job-queue library whose locks the service holds in Redis, or '': BullMQ
    when it constructs BullMQ workers (the only holders of BullMQ's locks), else
    Bull or Bee-Queue when it uses them (a queue object is its own worker)."""
    paths = {ff.path for ff in unit.files}
    if any(c.kind == "worker" and c.lib == "BullMQ" and c.ff.path in paths for c in redis_clients(project)):
        return "BullMQ"
    queue = find_module(unit.files, tuple(_LOCKING_QUEUES))
    return _LOCKING_QUEUES.get(queue[1], queue[1]) if queue is not None else ""


def _consequence(project: Project, unit: Unit, open_: list[_Resource], entry: Entry, in_process: set[str]) -> str:
    parts = []
    if any(r.kind == "server" for r in open_):
        parts.append("in-flight requests are cut off with connection resets")
        ws = _ws_cut_off(project, entry, in_process)  # (the exit drops the sockets the HTTP server upgraded too)
        if ws:
            parts.append(ws)
    elif entry.kind in SERVER_KIND_NAMES and entry.kind != HTTP:
        if not _judged_server(entry):
            # (a server started by listen() is judged as a resource: not open, so the handler
            # closes it and waits for its connections, as zone-mta's stop() its SMTP listeners)
            parts.append("open connections are reset mid-request")
    elif entry.kind != HTTP:
        parts.append("the job in progress is abandoned mid-way")
    if any(r.kind == "pool" for r in open_):
        parts.append("the database pool's in-flight queries fail mid-transaction")
    if any(r.kind == "redis" for r in open_):
        lib = _queue_locks(project, unit)
        if lib:
            parts.append(f"Redis connections and {lib} locks are dropped instead of released")
        else:
            # (no job queue on Redis here: peer-calls' socket.io clients, zone-mta's cache and counters client)
            parts.append("Redis connections are dropped instead of closed (commands still queued on them are lost)")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _judged_server(entry: Entry) -> bool:
    """The entry's server is one ``_servers`` tracks (a JS ``listen()`` or hapi start)."""
    c = entry.call
    return c is not None and entry.ff.lang != "py" and (c.method == "listen" or hapi_start(c))


def _hit(entry: Entry, unit: Unit, msg: str, related: list[Related]) -> Hit:
    c = entry.call
    return Hit(
        "RS901",
        entry.ff.path,
        entry.line,
        msg,
        column=entry.col,
        end_line=c.end_line if c is not None else 0,
        end_column=c.end_col if c is not None else 0,
        related=related,
        anchor=unit.anchor(),
    )


# --------------------------------------------------------------------------- Python
def _judged_py_loops(project: Project, unit: Unit, entries: list[Entry]) -> list[Entry]:
    """The hand-written Python worker loops of the service whose process
    handles stop signals itself (RS901 judges them, RS910 too), then the
    asyncio event loops its programs run forever (:func:`_event_loop_programs`)."""
    loops = [e for e in entries if e.call is None]
    if loops:
        hosted = _hosted_by_framework(project)
        # a loop in a file a framework process loads runs inside it (a thread of
        # a uvicorn app, a Celery task): that framework handles the signals; not
        # the loop of a program that runs its uvicorn server in a child process
        loops = [e for e in loops if e.ff.path not in hosted or _supervisor_loop(project, e) is not None]
    loops += _event_loop_programs(project, unit)
    if not loops:
        return []
    if any(not module_demo(project, unit, e) for e in entries + loops):
        # a try-out loop in the __main__ block of a module the service imports
        # is not how the service runs: judged only when it starts nothing else
        loops = [e for e in loops if not module_demo(project, unit, e)]
    return loops


# calls that run the function handed to them in a thread or a process of its
# own, as `target=` (`threading.Thread(target=self.run)`) or first argument
_THREAD_STARTERS = frozenset({"Thread", "Process", "Timer", "start_new_thread", "run_in_executor", "submit", "to_thread"})


def _event_loop_programs(project: Project, unit: Unit) -> list[Entry]:
    """The asyncio event loops the service's programs run forever
    (``loop.run_forever()``, :func:`runs_asyncio_forever`): the loop that
    keeps such a program alive, judged like a hand-written worker loop (by
    RS901 and RS910 only: no start-up of the service).  Counted when the
    call is in a function the program runs (:func:`runs_as_program`: a
    console script's function, ``main()`` under the ``__main__`` guard...)
    and no thread or process is handed that function; not in a file a
    framework's process loads (:func:`_hosted_by_framework`), nor
    when the program loads a module that starts a server or worker riskscan
    knows (an aiohttp ``TCPSite``, ``websockets.serve``: the loop serves it,
    and the existing rules judge it)."""
    paths = {ff.path for ff in unit.files if ff.lang == "py"}
    calls = [(ff, c) for ff, c in project.calls_named("run_forever") if ff.path in paths and _asyncio_loop_forever(project, ff, c)]
    if not calls:
        return []
    hosted = _hosted_by_framework(project)
    files = [ff for ff in unit.files if ff.lang == "py"]
    roots = _py_roots(project)
    out: list[Entry] = []
    for ff, c in calls:
        if ff.path in hosted or _in_thread(project, ff, c.func) or not runs_as_program(project, ff, c.func):
            continue
        recv = c.recv if len(c.recv) <= 60 else "loop"
        e = Entry(ff, c, c.line, c.col, WORKER, f"{recv}.run_forever()", 3)
        program = _loop_program_files(project, e, files)
        if program is not None and not program & roots:
            out.append(e)
    return out


def _asyncio_loop_forever(project: Project, ff: FileFacts, c: Call) -> bool:
    """``loop.run_forever()`` on an asyncio event loop (:func:`runs_asyncio_forever`),
    also one a project function returns that declares it returns an asyncio
    loop (aiosmtpd's ``loop = _get_or_new_eventloop()``, ``def
    _get_or_new_eventloop() -> asyncio.AbstractEventLoop``)."""
    if runs_asyncio_forever(c):
        return True
    return c.method == "run_forever" and declared_return(project, ff, c.recv_type).startswith("asyncio.")


def _in_thread(project: Project, ff: FileFacts, func_id: str) -> bool:
    """The function ``func_id`` (or one around it) is handed to a thread or a
    process to run (``threading.Thread(target=self.run_loop)``,
    ``executor.submit(run)``): a loop it runs forever is that thread's."""
    names: set[str] = set()  # (a function by its name, or by its id where it is written)
    for f in project.scopes(ff, func_id) if func_id else ():
        names |= {f.id, f.name, f"self.{f.name}", f"cls.{f.name}"}
    if not names:
        return False
    for c in ff.calls:
        if last_name(c.callee) not in _THREAD_STARTERS and c.method not in _THREAD_STARTERS:
            continue
        handed = [c.kwargs.get("target"), *c.args[:2]]
        if any(v is not None and v.k in (IDENT, FN) and v.v in names for v in handed):
            return True
    return False


def grpc_server_kept_up(project: Project, e: Entry) -> Entry | None:
    """The ``grpc.server()`` (or ``grpc.aio.server()``) built in the
    function of the Python worker loop ``e``, which the loop keeps alive
    (gRPC's examples: ``server.start()``, then ``while True:
    time.sleep(86400)``).  grpcio installs no signal handler, so what a
    stop cuts off is the server's RPCs in flight, not a job of the loop.
    A loop of another function of the module (a job loop beside the
    server) is not said to keep it."""
    if e.call is not None:
        return None
    record = loop_at(project, e.ff, e.line)
    func = str(record.get("func", "")) if record is not None else None
    return next((s for s in file_entries(project, e.ff) if s.kind == GRPC and s.call is not None and s.call.func == func), None)


_LOOP_SERVER_METHODS = frozenset({"create_server", "create_unix_server"})


def loop_work_lost(e: Entry) -> str:
    """What killing the process cuts off of an asyncio event loop run
    forever (``e``): the sessions of the server the function running it
    starts on that loop (aiosmtpd's ``main()``: ``loop.create_server(factory,
    host=..., port=...)``, then ``loop.run_forever()``), else its tasks."""
    c = e.call
    made = next((k for k in e.ff.calls if c is not None and k.func == c.func and k.line <= c.line and k.recv == c.recv
                 and k.method in _LOOP_SERVER_METHODS), None)
    if made is None:
        return "the tasks running on the loop are cut off mid-way"
    return f"the sessions of the server started on the loop (`{made.recv}.{made.method}()`, line {made.line}) are cut off mid-way"


def py_loop_label(e: Entry) -> str:
    """How a message says what keeps a Python program running: its worker
    loop, or the asyncio event loop it runs forever."""
    if e.call is not None:
        return f"runs an asyncio event loop forever (`{e.what}`)"
    return f"runs a worker loop (`{e.what.split(':')[0]}`)"


def _judge_python(project: Project, unit: Unit, entries: list[Entry]) -> Hit | None:
    files = [ff for ff in unit.files if ff.lang == "py"]
    for e in _judged_py_loops(project, unit, entries):
        if _py_signal_handling(project, *_py_loop_process(project, e, files)):
            continue
        child = _supervisor_loop(project, e)
        if child is not None:
            msg = (
                f"{e.ff.path} runs its uvicorn server in a child process (`{child.text}`, line {child.line}) from a "
                f"`{e.what.split(':')[0]}` loop with no SIGTERM/SIGINT handling in {unit.label}: uvicorn handles the "
                f"signals only in that child, while SIGTERM goes to this parent, which dies at once without passing it on, so the "
                f"server is never told to stop: its shutdown (the app's lifespan, closing its connections) does not run, and it is "
                f"left running without its parent or killed outright when the container stops (install a handler with "
                f"signal.signal that stops the child: process.terminate(), then join())"
            )
            related = [Related(e.ff.path, child.line, "the server's process started here")]
            return Hit("RS901", e.ff.path, e.line, msg, column=1, anchor=unit.anchor(), related=related)
        if e.call is not None:
            msg = (
                f"{e.ff.path} {py_loop_label(e)} with no SIGTERM/SIGINT handling in {unit.label}: on every deploy or restart "
                f"the process is killed at once, so {loop_work_lost(e)} and its connections are "
                f"dropped (install a handler with `loop.add_signal_handler(signal.SIGTERM, ...)` that stops the loop and closes them)"
            )
            return _hit(e, unit, msg, [])
        grpc = grpc_server_kept_up(project, e)
        if grpc is not None:
            msg = (
                f"{e.ff.path} {py_loop_label(e)} that keeps its gRPC server (`{grpc.what}`, line {grpc.line}) up, with no "
                f"SIGTERM/SIGINT handling in {unit.label}: grpcio installs no signal handler, so on every deploy or restart the "
                f"process is killed at once and the RPCs in flight are cut off, their clients seeing the connection drop "
                f"(install a handler with signal.signal that calls `server.stop(grace)` and ends the loop)"
            )
            return Hit("RS901", e.ff.path, e.line, msg, column=1, anchor=unit.anchor(),
                       related=[Related(e.ff.path, grpc.line, "the gRPC server it keeps up, built here")])
        fix = ("install a handler with `loop.add_signal_handler(signal.SIGTERM, ...)` that cancels the task running "
               "the loop, and let its cleanup close them" if loop_in_coroutine(project, e) else
               "install a handler with signal.signal that stops the loop and closes them")
        served = kept_alive_server(project, unit, e, entries)
        if served is not None:
            what, lost = kept_alive_words(e, served)
            msg = (
                f"{e.ff.path} {what} with no SIGTERM/SIGINT handling in {unit.label}: on every deploy or restart the "
                f"process is killed at once, so {lost} and its connections are dropped ({fix})"
            )
            related = [Related(served.ff.path, served.line, "the server the loop keeps running")]
            return Hit("RS901", e.ff.path, e.line, msg, column=1, anchor=unit.anchor(), related=related)
        msg = (
            f"{e.ff.path} {py_loop_label(e)} with no SIGTERM/SIGINT handling in {unit.label}: on every "
            f"deploy or restart the process is killed mid-iteration, so the job being processed is lost or left half-done and "
            f"its connections are dropped ({fix})"
        )
        return Hit("RS901", e.ff.path, e.line, msg, column=1, anchor=unit.anchor())
    return None


def loop_in_coroutine(project: Project, e: Entry) -> bool:
    """The worker loop ``e`` is written in an ``async def`` (the innermost
    function around it): it waits in ``await``s that a flag set by a
    ``signal.signal`` handler cannot interrupt, so the way to stop it is
    the event loop's ``add_signal_handler`` cancelling its task
    (matrix-reminder-bot's ``while True:`` around ``await client.sync_forever()``;
    RS910 gives the same advice for such a loop)."""
    record = loop_at(project, e.ff, e.line)
    inner = project.funcs(e.ff).get(str(record.get("func", ""))) if record is not None else None
    return inner is not None and inner.is_async


def _py_roots(project: Project) -> frozenset[str]:
    """Python files with a server/app/worker construction whose framework
    runs the process and handles its stop signals; not a ``serve_forever()``
    (socketserver, http.server, a multiprocessing manager's server: none of
    them handles SIGTERM, thingsboard-gateway's remote shell server beside
    its service loop), nor a gRPC server (:func:`_signal_handling_start`)."""
    got = project.__dict__.get("_rs_py_roots")
    if got is None:
        got = project.__dict__["_rs_py_roots"] = frozenset(
            ff.path for ff in project.parsed_code_files()
            if ff.lang == "py" and any(_signal_handling_start(e) for e in file_entries(project, ff)))
    return got


def _signal_handling_start(e: Entry) -> bool:
    """A start-up call whose framework turns SIGTERM into a graceful stop.
    Not a ``serve_forever()``, nor ``grpc.server()`` / ``grpc.aio.server()``:
    grpcio installs no signal handler, so the program keeping its server up
    (the ``while True: time.sleep(...)`` of gRPC's examples, the shape of
    seldon-core's ``_wait_forever``) must stop it with ``server.stop(grace)``
    itself."""
    return e.call is not None and e.call.method != "serve_forever" and e.kind != GRPC


def _hosted_by_framework(project: Project) -> set[str]:
    """Python files that run inside a framework-managed process: files with a
    server/app/worker construction, what they import, and files importing them
    -- but not a program of its own that imports one (a ``__main__`` guard or
    a console script: anitya's ``check_service`` builds the Flask app only for
    its app context, then runs its own loop), nor a module whose worker loop
    a program calls (``_program_loop_file``: turbinia's task_manager.py,
    imported by the API server and importing the module that builds the
    Celery app it sends tasks with; ``turbiniactl``'s main() runs its
    ``while True`` loop through ``server.start()``, in its own process)."""
    got = project.__dict__.get("_rs_py_hosted")
    if got is not None:
        return got
    graph = graph_of(project)
    roots = _py_roots(project)
    out = set(roots)
    programs = console_script_files(project)
    for path, deps in graph.items():
        if any(d in roots for d in deps) and not _own_program(project, path, programs) and not _program_loop_file(project, path):
            out.add(path)
    seen = set(out)
    queue = sorted(roots)
    while queue:
        path = queue.pop()
        for dep in graph.get(path, ()):
            if dep not in seen:
                seen.add(dep)
                queue.append(dep)
                if not _program_loop_file(project, dep):
                    out.add(dep)
    project.__dict__["_rs_py_hosted"] = out
    return out


_PY_PROCESSES = frozenset({"multiprocessing.Process", "multiprocessing.context.Process"})
# a start-method context of multiprocessing: its `Process` is the same process class
_PY_PROCESS_CONTEXT = "multiprocessing.get_context"
_UVICORN_SERVERS = frozenset({"uvicorn.Server", "uvicorn.server.Server"})
# what runs a uvicorn Server in the process that calls it
_SERVER_RUNS = frozenset({"run", "serve", "startup", "main_loop"})


def _supervisor_loop(project: Project, loop: Entry) -> Call | None:
    """The child process a worker loop starts its uvicorn server in, when the
    loop is in the function that starts it and its file is a program of its
    own (a console script or ``__main__`` guard): that program's process runs
    the loop and receives SIGTERM, also when the app imports the module for
    something else (lnbits' admin API imports its ``server_restart`` event)."""
    child = _server_in_child(project, loop.ff)
    if child is None or not _own_program(project, loop.ff.path, console_script_files(project)):
        return None
    record = loop_at(project, loop.ff, loop.line)
    return child if record is not None and child.func == record.get("func") else None


def _server_in_child(project: Project, ff: FileFacts) -> Call | None:
    """The ``multiprocessing.Process(target=...)`` a file's uvicorn server runs
    in when this file's process only supervises it: every start-up call of the
    file is a ``uvicorn.Server(...)`` that the file never runs itself (no
    ``server.run()``, ``serve()``), built in a function that starts such a
    process (lnbits' server.py: ``process = mp.Process(target=run)``, ``run``
    being ``server.run``, in a ``while True`` loop that restarts it on
    request; also a process of a ``multiprocessing.get_context(...)``).
    uvicorn's signal handling is then the child's, and the loop around it
    needs a handler of its own."""
    if ff.lang != "py":
        return None
    starts = [e.call for e in file_entries(project, ff) if e.call is not None]
    if not starts or any(c.callee not in _UVICORN_SERVERS or not c.assigned for c in starts):
        return None
    if any(c.recv == s.assigned and c.method in _SERVER_RUNS for s in starts for c in ff.calls):
        return None
    funcs = {s.func for s in starts}
    return next((c for c in ff.calls if _starts_py_process(c) and "target" in c.kwargs and c.func in funcs), None)


def _starts_py_process(c: Call) -> bool:
    """A ``multiprocessing.Process(...)``, also one made by a start-method
    context: ``ctx = mp.get_context("spawn")`` then ``ctx.Process(...)``, or
    ``mp.get_context("fork").Process(...)`` (litserve's server.py)."""
    if c.callee in _PY_PROCESSES:
        return True
    return c.method == "Process" and (c.recv_type == _PY_PROCESS_CONTEXT or c.callee == _PY_PROCESS_CONTEXT + "().Process")


def _program_loop_file(project: Project, path: str) -> bool:
    """A module with no server/app/worker construction of its own whose
    worker loop a program calls (``runs_program_loop``): loading it in a
    framework's process does not run the loop there."""
    ff = project.files.get(path)
    return ff is not None and path not in _py_roots(project) and runs_program_loop(project, ff)


def _own_program(project: Project, path: str, programs: frozenset[str]) -> bool:
    """A program of its own: a console script, a module with a ``__main__``
    guard, or a Django management command (``manage.py NAME`` runs it in a
    process of its own: :func:`django_command_module`)."""
    ff = project.files.get(path)
    return path in programs or (ff is not None and (bool((ff.extra or {}).get("main_guard")) or django_command_module(project, ff)))


def _py_loop_process(project: Project, loop: Entry, files: list[FileFacts]) -> tuple[list[FileFacts], set[str] | None]:
    """The files of ``files`` that may run in the process of a worker loop:
    when a program of its own (a console script or a ``__main__`` guard)
    imports the loop's file, or is that file, all of them minus the files
    only another such program of the service loads -- the signal handlers of
    a poller installed by ``sq-poller`` are not those of the ``sq-coalescer``
    program beside it (suzieq).  When no such program runs the loop (a
    module the import graph cannot follow to its program), every file
    stays.  With them, the files whose ``__main__`` block may run in that
    process (:func:`_loop_launchers`; None when the program is not known)."""
    mine = _loop_program_files(project, loop, files)
    if mine is None:
        return files, None
    return _without_other_programs(project, files, mine), _loop_launchers(project, loop, files)


def _loop_launchers(project: Project, loop: Entry, files: list[FileFacts]) -> set[str]:
    """The files of ``files`` that may be run as the program of a worker
    loop: the loop's file and the files importing it (transitively).  Only
    their ``if __name__ == "__main__":`` blocks may run in its process: a
    SIGTERM handler installed in the ``__main__`` block of a module the
    program merely imports (a module's own try-out entry point) never runs
    there."""
    return _launching_files(importers_of(project), _programs_of(project, files).pos.keys(), loop.ff.path)


def _without_other_programs(project: Project, files: list[FileFacts], mine: set[str]) -> list[FileFacts]:
    """``files`` minus the files only the service's other programs (console
    scripts, ``__main__`` guards) load, ``mine`` being those of the loop's:
    what ``mine`` holds, what no program loads, and what only programs of
    ``mine`` load (read from :class:`_Programs`, not from every program's
    files again for each loop)."""
    table = _programs_of(project, files).with_loads(project)
    keep = {table.pos[p] for p in mine if p in table.pos}
    keep.update(table.unloaded)
    for p in mine:
        for path in table.loads.get(p, ()):
            if all(q in mine for q in table.loaders[path]):
                keep.add(table.pos[path])
    return [files[i] for i in sorted(keep)]


@dataclass
class _Programs:
    """A list of files, once per list: the position of each path, and the
    programs of their own among them (console scripts, ``__main__`` guards,
    management commands) with the files each loads.  A service with a
    program per worker loop made each loop read them all again."""

    pos: dict[str, int]  # path -> position in the list (its keys: the list's paths)
    loads: dict[str, set[str]] = field(default_factory=dict)  # program -> the files of the list it loads (:func:`_program_files`)
    loaders: dict[str, list[str]] = field(default_factory=dict)  # file -> the programs loading it
    unloaded: list[int] = field(default_factory=list)  # positions of the files no program loads
    known: bool = False  # whether the three above are filled in (on first use)

    def with_loads(self, project: Project) -> "_Programs":
        if not self.known:
            graph = graph_of(project)
            importers = importers_of(project)
            programs = console_script_files(project)
            for p in sorted(self.pos):
                if _own_program(project, p, programs):
                    self.loads[p] = _program_files(graph, importers, self.pos.keys(), p)
                    for path in self.loads[p]:
                        self.loaders.setdefault(path, []).append(p)
            self.unloaded = [i for path, i in self.pos.items() if path not in self.loaders]
            self.known = True
        return self


def _programs_of(project: Project, files: list[FileFacts]) -> _Programs:
    last = project.__dict__.get("_rs_programs_last")
    if last is not None and last[0] is files:
        return last[1]
    key = tuple(ff.path for ff in files)
    memo = project.__dict__.setdefault("_rs_programs", {})
    got = memo.get(key)
    if got is None:
        got = memo[key] = _Programs({path: i for i, path in enumerate(key)})
    project.__dict__["_rs_programs_last"] = (files, got)
    return got


def _py_signal_handling(project: Project, files: list[FileFacts], launchers: set[str] | None = None) -> bool:
    """Something in ``files`` handles SIGTERM/SIGINT (:func:`_py_handles_signals`);
    in the ``__main__`` block of one of ``launchers`` only, when given."""
    # signal handling may sit in any module of the service, also one without a
    # trigger token: those are parsed on demand, only for a service with a loop
    if any(_py_handles_signals(ff, _guards_run(ff, launchers)) for ff in files):
        return True
    return any(_py_handles_signals(project.full(ff), _guards_run(ff, launchers)) for ff in files if ff.shallow)


def _guards_run(ff: FileFacts, launchers: set[str] | None) -> bool:
    """The file's ``__main__`` block may run in the process (see :func:`_loop_launchers`)."""
    return launchers is None or ff.path in launchers


def _py_handles_signals(ff: FileFacts, guards_run: bool = True) -> bool:
    """The file handles SIGTERM/SIGINT: a shutdown library, a handler it
    installs (``signal.signal(SIGTERM, stop)``, ``loop.add_signal_handler``),
    or ``except KeyboardInterrupt`` (not an ``except BaseException`` that
    ends in a bare ``raise``: a cleanup that passes it on).  Importing ``signal`` is not enough: a
    pool initializer's ``signal.signal(SIGINT, SIG_IGN)`` ignores the signal,
    ``os.kill(pid, SIGTERM)`` sends one, ``signal.alarm`` is a timer, and a
    handler for another named signal (barman's ``signal.signal(SIGALRM,
    handler)`` timeout, a ``SIGUSR1`` or ``SIGCHLD`` handler) stops nothing on
    SIGTERM.  Worked out once per file (asked for each worker loop whose
    process may load the file)."""
    return per_facts("handles-signals" if guards_run else "handles-signals-off-main", ff, lambda f: any(True for _ in _py_stop_handling(f, guards_run)))


# the exceptions an `except` clause may catch a Ctrl-C with, the first one named
_CAUGHT = ("KeyboardInterrupt", "SystemExit", "BaseException")


def _py_stop_handling(ff: FileFacts, guards_run: bool = True) -> Iterator[tuple[int, str]]:
    """What in the file handles a stop signal (see :func:`_py_handles_signals`),
    as (line, what): the signal a handler is installed for, named outright
    (``SIGTERM``, ``SIGINT``...); ``?`` for what may handle any (a shutdown
    library, a handler for a signal held in a variable, another call of the
    signal module that is not known to install nothing, ``signal.sigwait``);
    or the exception an ``except`` clause catches (:data:`_CAUGHT`).  Not
    what its ``if __name__ == "__main__":`` block holds unless ``guards_run``."""
    if any(m == n or m.startswith(n + ".") for m in ff.modules for n in _PY_SIGNAL_MODULES):
        yield 0, "?"
    for line, what in _py_stop_items(ff):
        if guards_run or not in_main_guard(ff, line):
            yield line, what


def _py_stop_items(ff: FileFacts) -> list[tuple[int, str]]:
    """The handlers and ``except`` clauses of :func:`_py_stop_handling`, once
    per file (asked for each worker loop whose process may load the file)."""
    return per_facts("stop-items", ff, lambda f: list(_find_stop_items(f)))


def _find_stop_items(ff: FileFacts) -> Iterator[tuple[int, str]]:
    for c in ff.calls:
        installs = c.method == "add_signal_handler" or c.callee == "signal.signal"
        if installs and c.args and _other_signal(c.args[0]):
            continue
        if c.callee == "signal.signal" and len(c.args) > 1 and c.args[1].v.endswith(("SIG_IGN", "SIG_DFL")):
            continue
        if installs:
            m = _NAMED_SIGNAL.match(c.args[0].v) if c.args and c.args[0].k == IDENT else None
            yield c.line, m.group(1) if m is not None else "?"
        elif c.callee.startswith("signal.") and c.callee not in _PY_SIGNAL_NOT_HANDLING:
            yield c.line, "?"
    for line, types in _catching_handlers(ff):
        caught = next((t for t in _CAUGHT if any(x.endswith(t) for x in types)), None)
        if caught is not None:
            yield line, caught


def _catching_handlers(ff: FileFacts) -> Iterator[tuple[int, list[str]]]:
    """(line, exception types) of the file's ``except`` clauses, but not an
    ``except BaseException`` that ends in a bare ``raise``: a cleanup that
    passes everything on handles no signal (lnbits' Electrum client:
    ``except BaseException: await self.close(); raise``)."""
    for h in ff.extra.get("handlers", []) if ff.extra else []:
        if not isinstance(h, dict):
            continue
        types = [str(t) for t in h.get("types", []) or []]
        if h.get("reraise") and all(t.endswith("BaseException") for t in types):
            continue
        yield int(h.get("line") or 0), types


# a signal of the signal module named outright: `signal.SIGALRM`, `signal.Signals.SIGUSR1`
_NAMED_SIGNAL = lazy_re(r"^signal\.(?:Signals\.)?(SIG[A-Z0-9]+)$")
# the signals a terminal sends (Ctrl-C, Ctrl-\\, Ctrl-Break), never a service manager's stop
_INTERRUPTS = frozenset({"SIGINT", "SIGQUIT", "SIGBREAK"})


def py_interrupt_only(project: Project, unit: Unit, entries: list[Entry]) -> tuple[Entry, str, list[tuple[FileFacts, int, str]]] | None:
    """For RS910: the first Python worker loop RS901 judges (and accepts,
    its process handling a stop signal) whose process handles interrupts only
    -- ``signal.signal(signal.SIGINT, ...)``, ``add_signal_handler`` for
    SIGINT/SIGQUIT/SIGBREAK, ``except KeyboardInterrupt`` -- and nothing that
    may be SIGTERM (:func:`_py_interrupt_handling`): the loop, the signals
    handled, and where (file, line, what).  Python's default action on
    SIGTERM ends the process at once, running no ``finally`` and no handler."""
    files = [ff for ff in unit.files if ff.lang == "py"]
    for e in _judged_py_loops(project, unit, entries):
        program = _loop_program_files(project, e, files)
        if program is None:
            continue  # (which program runs the loop, and so which handlers are its, is not known)
        pfiles = _without_other_programs(project, files, program)
        launchers = _loop_launchers(project, e, files)
        if not _py_signal_handling(project, pfiles, launchers):
            continue  # (RS901 reports it)
        found: list[tuple[FileFacts, int, str]] = []
        for ff in pfiles:
            if ff.shallow:
                if not any(project.may_mention(ff.path, w) for w in ("signal", "KeyboardInterrupt", "add_signal_handler")):
                    continue
                ff = project.full(ff)
            got = _py_interrupt_handling(ff, _guards_run(ff, launchers))
            if got is None:
                found = []
                break
            # (an `except KeyboardInterrupt` is the loop's stop handling only in the loop's own
            # module; elsewhere it may end one task's inner loop, pyspider's fetcher queue_loop)
            found.extend((ff, line, what) for line, what in got if what != "KeyboardInterrupt" or ff.path == e.ff.path)
        if found and all(ff.path in program for ff, _line, _what in found):
            kinds = sorted({what for _ff, _line, what in found}, key=lambda w: (w == "KeyboardInterrupt", w))
            signals = " and ".join(k if k != "KeyboardInterrupt" else "Ctrl-C (`except KeyboardInterrupt`)" for k in kinds)
            return e, signals, sorted(found, key=lambda f: (f[0].path != e.ff.path, f[0].path, f[1]))
    return None


def kept_alive_server(project: Project, unit: Unit, loop: Entry, entries: list[Entry]) -> Entry | None:
    """The server a hand-written Python loop only keeps its program alive
    for: the loop does nothing but wait (every call in its body, outside its
    ``except`` handlers, a sleep or a wait: ``while True: time.sleep(0.1)``)
    and its program (:func:`_loop_program_files`) starts a server of
    ``entries`` (gcp-storage-emulator's ``Server.run()``, whose
    ``HTTPServer`` serves in a thread).  Killing that process cuts off the
    server's requests, not a job of the loop's.  None otherwise."""
    record = loop_at(project, loop.ff, loop.line) if loop.call is None else None
    if record is None:
        return None
    end = int(record.get("end_line") or loop.line)
    excepts = [(int(h.get("line", 0)), int(h.get("end_line", 0))) for h in (loop.ff.extra or {}).get("handlers") or () if isinstance(h, dict)]
    body = [c for c in calls_between(loop.ff, loop.line, end) if not any(a <= c.line <= b for a, b in excepts)]
    if not body or not all(blocks(c) for c in body):
        return None
    program = _loop_program_files(project, loop, [ff for ff in unit.files if ff.lang == "py"])
    if not program:
        return None
    return next((e for e in entries if e.call is not None and e.kind in SERVER_KIND_NAMES and e.ff.path in program), None)


def kept_alive_words(loop: Entry, served: Entry) -> tuple[str, str]:
    """How a message says what a loop that only keeps the server ``served``
    alive does (:func:`kept_alive_server`), and what killing its process cuts off."""
    kind = SERVER_KIND_NAMES[served.kind].split(" ", 1)[1]
    what = (f"keeps its {kind} (`{served.what}`, {served.ff.path}:{served.line}) running with a loop that only waits "
            f"(`{loop.what.split(':')[0]}`)")
    lost = "the server's requests in flight fail" if served.kind == HTTP else f"the server's {in_flight(served)}"
    return what, lost


def _loop_program_files(project: Project, loop: Entry, files: list[FileFacts]) -> set[str] | None:
    """The files the program running a Python worker loop loads, when a
    program of its own (a console script or a ``__main__`` guard) is or
    imports the loop's file; None when none is (a module the import graph
    cannot follow to its program: a stop handler elsewhere in the service may
    belong to another program, cowrie's backend pool beside its
    ``playlog`` script).  A loop in a method that some programs call
    (``loop_runners``) is theirs only: what they load."""
    graph = graph_of(project)
    importers = importers_of(project)
    programs = console_script_files(project)
    paths = _programs_of(project, files).pos.keys()
    if loop.ff.path not in paths or not any(_own_program(project, p, programs) for p in _launching_files(importers, paths, loop.ff.path)):
        return None
    runners = loop_runners(project, loop.ff, loop.line) & paths
    if runners:
        # the programs that call the loop's method, not every program importing its module:
        # hummingbot's detached engine imports the application class, never runs its headless
        # loop, and waits for its own SIGTERM handler instead
        return reached(graph, runners | {loop.ff.path}, within=paths)
    return _program_files(graph, importers, paths, loop.ff.path)


def _py_interrupt_handling(ff: FileFacts, guards_run: bool = True) -> list[tuple[int, str]] | None:
    """What in the file handles a stop signal, when all of it handles an
    interrupt only: (line, signal name or ``KeyboardInterrupt``) of each
    ``signal.signal``/``add_signal_handler`` for SIGINT, SIGQUIT or SIGBREAK
    named outright and each ``except KeyboardInterrupt``.  None when
    something may handle SIGTERM (:func:`_py_stop_handling`: a shutdown
    library, a handler for SIGTERM or for a signal held in a variable, a
    call of the signal module that is not known to install nothing).  An
    ``except SystemExit``/``BaseException`` is neither: no exception is
    raised for a SIGTERM nobody handles, so it catches at most a Ctrl-C, and
    it says nothing of stopping (elastalert2 catches BaseException around one
    rule's run)."""
    items = list(_py_stop_handling(ff, guards_run))
    if any(what not in _INTERRUPTS and what not in _CAUGHT for _line, what in items):
        return None
    return [(line, what) for line, what in items if what in _INTERRUPTS or what == "KeyboardInterrupt"]


def _other_signal(val: Val) -> bool:
    """A signal named outright that is none of SIGTERM/SIGINT/SIGQUIT/SIGBREAK
    (a variable, or a loop over the stop signals, may be one of them)."""
    m = _NAMED_SIGNAL.match(val.v) if val.k == IDENT else None
    return m is not None and m.group(1) not in SIGNALS


__all__ = ["no_graceful_shutdown", "SIGNALS", "GRACEFUL_LIBS", "LISTENER_LIBS"]
