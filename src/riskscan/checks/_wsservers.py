"""WebSocket servers in facts (RS401, RS402).

One :class:`WsServer` per server the code starts or endpoint it accepts on:

* JS/TS: ws ``new WebSocketServer()`` / ``new WebSocket.Server()`` (also the
  one crossws's Node adapter builds, ``crossws({ serverOptions, hooks })``), socket.io
  ``new Server(http)`` / ``require('socket.io')(http)``, Primus, SockJS
  ``sockjs.createServer()`` / ``sockjs.listen(http)``, SocketCluster
  ``socketClusterServer.attach(http)`` / ``listen(port)`` / ``new AGServer()``,
  NestJS ``@WebSocketGateway()`` classes, faye-websocket's server-side socket
  ``new WebSocket(request, socket, body)`` (the function that builds it is the
  upgrade handler);
* Python: ``websockets.serve(handler, ...)``, aiohttp ``web.WebSocketResponse()``
  (the request handler is the endpoint), FastAPI/Starlette ``@app.websocket``
  endpoints (and ``WebSocketRoute``/``add_websocket_route``), python-socketio
  ``AsyncServer``/``Server``, Flask-SocketIO ``SocketIO``, a raw ASGI
  application's function that sends ``{"type": "websocket.accept"}``, Tornado
  ``WebSocketHandler`` (also through Jupyter's kernel handlers, or Jupyter's
  kernel route table that a module registers) and sockjs-tornado ``SockJSConnection`` subclasses and ws4py's ``WebSocketWSGIApplication`` and
  CherryPy tool (``@cherrypy.tools.websocket(handler_cls=...)``), eventlet's
  ``WebSocketWSGI(handler)`` (also as a decorator), and
  websockify's ``WebSocketProxy``/``WebSockifyServer`` (or a project subclass)
  built (the noVNC proxies of nova and ironic).

``entries`` are the functions that run when a client connects (connection,
upgrade and verify handlers, the endpoint itself): where a connection cap
would be checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..facts import CALL, IDENT, NULL, OBJ, STR, Call, FileFacts, Func, Route, Val
from ..project import Project, options
from ._longrun import tooling_file
from ._memo import methods_of, per_calls, per_project
from ._mounts import join_path, mounted_path
from ._resolve import bound_value, call_sites, fn_of_val, imported_name, imported_target, last_name, py_modules, resolve_value
from ._routes import base_class_home, class_bases, inherited_method, is_mock, project_class
from ._services import debug_main_run, imported_by_service, is_demo_path

WS_CTORS = frozenset(
    {
        "ws.WebSocketServer",
        "ws.Server",
        "ws.WebSocket.Server",
        "ws.WebSocket.WebSocketServer",
        "ws.default.Server",
        "ws.default.WebSocketServer",
        "isomorphic-ws.Server",
        "isomorphic-ws.WebSocketServer",
    }
)
SOCKETIO_CTORS = frozenset({"socket.io", "socket.io.Server", "socket.io.default", "socket.io.listen", "socket.io.default.Server"})
# sockjs-node (the server; `sockjs-client` is the browser's): createServer(options), or
# listen(httpServer, options), which makes one and installs its handlers
SOCKJS_CTORS = frozenset({"sockjs.createServer", "sockjs.default.createServer", "sockjs.listen", "sockjs.default.listen"})
# socketcluster-server (ws underneath, pinged by default): attach(httpServer, options),
# listen(port, options, fn) or new AGServer(options) -> the index of the options argument
SOCKETCLUSTER_CTORS = {
    f"socketcluster-server.{interop}{name}": index
    for interop in ("", "default.")
    for name, index in (("attach", 1), ("listen", 1), ("AGServer", 0))
}
# a SocketCluster server's connections arrive through its handshake middleware
# (setMiddleware(MIDDLEWARE_HANDSHAKE, fn)) and its async 'connection'/'handshake' streams
_SOCKETCLUSTER_STREAMS = frozenset({"connection", "handshake"})
PY_SOCKETIO = frozenset({"socketio.AsyncServer", "socketio.Server", "flask_socketio.SocketIO"})
# ws4py's WSGI application (served by its gevent/wsgiref servers or any WSGI server)
WS4PY_APPS = frozenset({"ws4py.server.wsgiutils.WebSocketWSGIApplication", "ws4py.server.geventserver.WebSocketWSGIApplication"})
# eventlet's WebSocket WSGI application: it runs its handler function once per
# connection (``WebSocketWSGI(handler)``, ``@websocket.WebSocketWSGI``, or
# through ``WebSocketWSGI.configured(handler, ...)``)
EVENTLET_WS = frozenset({"eventlet.websocket.WebSocketWSGI", "eventlet.websocket.WebSocketWSGI.configured"})
# ws4py's CherryPy tool, registered as ``cherrypy.tools.<name>`` and applied with ``handler_cls=``
WS4PY_CHERRYPY_TOOL = "ws4py.server.cherrypyserver.WebSocketTool"
# websockify's servers (they take their request handler class as RequestHandlerClass, their first argument)
WEBSOCKIFY_SERVERS = frozenset({"websockify.WebSocketProxy", "websockify.websocketproxy.WebSocketProxy",
                                "websockify.WebSockifyServer", "websockify.websockifyserver.WebSockifyServer"})
# websockify's command as a function: builds a WebSocketProxy from sys.argv and runs it (its own request handler)
WEBSOCKIFY_COMMANDS = frozenset({"websockify.websockify_init", "websockify.websocketproxy.websockify_init"})
# wslink's web server: start_webserver(options, protocol) serves the protocol class on an aiohttp WebSocket route
# (WebSocketResponse(heartbeat=WSLINK_HEART_BEAT), 30 s unless the environment says otherwise) and takes no
# option that caps connections; start(argv, protocol) is its command, reading sys.argv (trame, ParaView Web)
WSLINK_STARTS = frozenset({"wslink.server.start_webserver", "wslink.server.start"})
# crossws's Node adapter: a ws server (its bundled ws) built from the adapter's
# `serverOptions`; `wss` hands it one the project built itself
CROSSWS_NODE = frozenset({"crossws/adapters/node", "crossws/adapters/node.default"})
# faye-websocket: `new WebSocket(request, socket, body[, protocols, options])` accepts
# one upgrade request (its `Client` and `EventSource` are not WebSocket servers)
FAYE_WS = frozenset({"faye-websocket", "faye-websocket.default"})
# the crossws hooks that run when a client connects (in `hooks`, or at the top level before crossws 0.3)
_CROSSWS_CONNECT_HOOKS = ("upgrade", "open")
_CONNECT_EVENTS = frozenset({"connection", "connect", "upgrade", "headers"})
LISTENERS = frozenset({"on", "once", "addListener", "prependListener"})


@dataclass
class WsServer:
    kind: str  # ws | faye | uws | socketio | primus | sockjs | socketcluster | nest | websockets | aiohttp | asgi | py-socketio | tornado | jupyter | sockjs-tornado | flask-sock | simple-websocket | ws4py | eventlet | websockify | wslink
    lib: str  # library name for messages
    ff: FileFacts
    line: int
    col: int
    name: str  # variable / endpoint / class name
    call: Call | None = None
    opts: Val | None = None
    entries: list[tuple[FileFacts, Func]] = field(default_factory=list)
    adapter: str = ""  # nest: ws | socket.io; ws4py: cherrypy for its CherryPy tool
    path: str = ""  # ASGI endpoint path when known
    ordinal: int = 0  # >0 when several servers of a file share kind and name
    built: str = ""  # asgi: the endpoint class a routed factory object builds per connection

    @property
    def anchor(self) -> str:
        base = f"ws:{self.kind}:{self.name}"
        return f"{base}#{self.ordinal}" if self.ordinal else base


def _var_name(assigned: str, default: str) -> str:
    """A readable name for the server object (``return``/``exports.x`` are not names)."""
    if not assigned or assigned in ("return", "default", "module.exports", "exports"):
        return default
    for prefix in ("module.exports.", "exports."):
        if assigned.startswith(prefix):
            return assigned[len(prefix) :]
    return assigned


def _on_event(call: Call) -> str:
    if call.method in LISTENERS and call.args and call.args[0].k == STR:
        return call.args[0].v
    return ""


class _EntryCalls:
    """The calls of one file that can be a server's entries (its
    connection/upgrade handlers and ``use`` middleware), indexed once per
    file and set of server variables, so that each server of a file of many
    servers reads its own, not every call of the file."""

    def __init__(self, ff: FileFacts, servers: frozenset[str] = frozenset()) -> None:
        self.calls: list[tuple[Call, bool]] = []  # (call, a connect/upgrade handler: else ``use``), in file order
        self.generic: list[int] = []  # handlers not registered on one of the servers: every server's
        self.by_recv: dict[str, list[int]] = {}
        self.by_prefix: dict[str, list[int]] = {}  # `a` and `a.b` of a receiver `a.b.c`
        self.by_last: dict[str, list[int]] = {}  # `c` of a receiver `a.b.c`
        for c in ff.calls:
            connect = _on_event(c) in _CONNECT_EVENTS
            if not connect and c.method != "use":
                continue
            i = len(self.calls)
            self.calls.append((c, connect))
            recv = c.recv
            if connect and recv not in servers:
                self.generic.append(i)
            self.by_recv.setdefault(recv, []).append(i)
            parts = recv.split(".")
            for n in range(1, len(parts)):
                self.by_prefix.setdefault(".".join(parts[:n]), []).append(i)
            self.by_last.setdefault(parts[-1], []).append(i)

    def of(self, var: str) -> Iterator[tuple[Call, bool]]:
        """The calls that can gate the server built into ``var``, in file
        order: the handlers of the file not registered on another server,
        and the handlers and middleware registered on this one (on ``var``,
        on a member of it, or on a receiver ending in the same name)."""
        if not var:
            picked: Iterable[int] = self.generic
        else:
            head = var.split(".")[-1]
            picked = sorted({*self.generic, *self.by_recv.get(var, ()), *self.by_prefix.get(var, ()), *(self.by_last.get(head, ()) if head else ())})
        for i in picked:
            yield self.calls[i]


def _js_entries(project: Project, ff: FileFacts, var: str, opts: Val | None, calls: _EntryCalls) -> list[tuple[FileFacts, Func]]:
    """Where the server built into ``var`` meets a new client: the
    connection/upgrade handlers of its file, its middleware and its option
    callbacks.  ``calls``: the file's handler and middleware calls, indexed
    with the variables of every WebSocket server built in the file; a
    handler registered on another one of them gates that one only (as does
    middleware)."""
    out: list[tuple[FileFacts, Func]] = []
    # any connection/upgrade handler in the server's file may gate it (also
    # an http server's 'upgrade' handler in noServer mode), but not one of
    # another server of the file (node-media-server's `this.wssServer.on('connection')`)
    for c, connect in calls.of(var):
        for a in c.args[1:] if connect else c.args:
            t = fn_of_val(project, ff, a)
            if t is not None:
                out.append(t)
    if opts is not None and opts.keys:
        for k in ("verifyClient", "allowRequest", "handleProtocols"):
            v = opts.keys.get(k)
            if v is not None:
                t = fn_of_val(project, ff, v)
                if t is not None:
                    out.append(t)
    return out


def _callers(project: Project, ff: FileFacts, fn: Func, depth: int = 2) -> list[tuple[FileFacts, Func]]:
    """The project functions that call ``fn``, and theirs (``depth`` levels):
    an 'upgrade' listener that refuses over a count before it hands the
    request to the module that builds the socket gates that socket too."""
    out: list[tuple[FileFacts, Func]] = []
    seen = {(ff.path, fn.id)}
    frontier = [(ff, fn)]
    for _ in range(depth):
        nxt: list[tuple[FileFacts, Func]] = []
        for hf, f in frontier:
            for g, c in call_sites(project, hf, f):
                caller = project.func_of(g, c)
                if caller is not None and (g.path, caller.id) not in seen:
                    seen.add((g.path, caller.id))
                    nxt.append((g, caller))
        out.extend(nxt)
        frontier = nxt
    return out


def _crossws_entries(project: Project, ff: FileFacts, wrapped: Val | None) -> list[tuple[FileFacts, Func]]:
    """Where a crossws server meets a new client: its ``upgrade`` and ``open``
    hooks, given in ``hooks`` (or, before crossws 0.3, beside the options)."""
    out: list[tuple[FileFacts, Func]] = []
    if wrapped is None or wrapped.k != OBJ:
        return out
    keys = wrapped.keys or {}
    hooks = keys.get("hooks")
    in_hooks = (hooks.keys or {}) if hooks is not None and hooks.k == OBJ else {}
    for table in (in_hooks, keys):
        for name in _CROSSWS_CONNECT_HOOKS:
            v = table.get(name)
            t = fn_of_val(project, ff, v) if v is not None else None
            if t is not None:
                out.append(t)
    return out


def _socketcluster_entries(project: Project, ff: FileFacts, var: str) -> list[tuple[FileFacts, Func]]:
    """Where a SocketCluster server ``var`` meets a new client: the functions
    it hands to ``var.setMiddleware(...)`` and the functions that read its
    'connection'/'handshake' stream (``for await (... of var.listener('connection'))``)."""
    out: list[tuple[FileFacts, Func]] = []
    if not var:
        return out
    funcs = project.funcs(ff)
    for c in ff.calls:
        if c.recv != var:
            continue
        if c.method == "setMiddleware":
            out.extend(t for t in (fn_of_val(project, ff, a) for a in c.args[1:]) if t is not None)
        elif c.method == "listener" and c.args and c.args[0].k == STR and c.args[0].v in _SOCKETCLUSTER_STREAMS and c.func in funcs:
            out.append((ff, funcs[c.func]))
    return out


def _key_obj(val: Val | None, name: str) -> Val | None:
    """``val[name]`` when it is an object literal; an open/unknown value stays
    unknown (returned as an open OBJ so option checks treat it as set)."""
    if val is None or val.k != OBJ:
        return None
    if val.open:
        return Val(OBJ, keys={}, open=True)
    sub = (val.keys or {}).get(name)
    if sub is None:
        return None
    return sub if sub.k == OBJ else Val(OBJ, keys={}, open=True)


def _is_fastify_ws(project: Project, ff: FileFacts, val: Val) -> bool:
    names = ("@fastify/websocket", "fastify-websocket")
    if val.k == IDENT:
        return val.v in names or val.v.startswith(tuple(n + "." for n in names))
    inner = project.call_of(ff, val)
    return inner is not None and inner.callee in ("require", "import") and bool(inner.args) and inner.args[0].k == STR and inner.args[0].v in names


def _fastify_ws_route(call: Call) -> bool:
    for a in call.args:
        if a.k == OBJ and a.keys and "websocket" in a.keys:
            return True
    return False


def _route_handlers(project: Project, ff: FileFacts, pick) -> list[tuple[FileFacts, Func]]:
    out: list[tuple[FileFacts, Func]] = []
    for c in ff.calls:
        if pick(c):
            for a in c.args:
                t = fn_of_val(project, ff, a)
                if t is not None:
                    out.append(t)
    return out


def _nest_class(ff: FileFacts, call_index: int) -> dict | None:
    for cls in ff.extra.get("classes", []) or []:
        for d in cls.get("decorators", []) or []:
            if isinstance(d, Val) and d.call == call_index:
                return cls
            if isinstance(d, dict) and d.get("call") == call_index:
                return cls
    return None


def _nest_adapter(project: Project, ff: FileFacts) -> str:
    """'ws' when the gateway clearly runs on ws: the app installs
    ``@nestjs/platform-ws``'s adapter, or the gateway file types its server with ws."""
    if any(m == "ws" or m.startswith("ws/") for m in ff.modules):
        return "ws"
    platform_ws = project.__dict__.get("_rs_platform_ws")
    if platform_ws is None:
        platform_ws = any("@nestjs/platform-ws" in other.modules for other in project.code_files())
        project.__dict__["_rs_platform_ws"] = platform_ws
    return "ws" if platform_ws else "socket.io"


def _js_opts(project: Project, ff: FileFacts, call: Call, index: int) -> Val | None:
    """The options argument of a server constructor: an object literal, a
    constant it resolves to (``config.socket``), or -- for a variable or call
    we cannot see into -- an open (unknown) object."""
    got = options(call, index)
    if got is not None:
        return got
    for arg in call.args[index:]:
        if arg.k in (IDENT, CALL):
            val = resolve_value(project, ff, arg) if arg.k == IDENT else arg
            if val.k == OBJ:
                return val
            return _wrapper_caller_opts(project, ff, call, arg) or Val(OBJ, keys={}, open=True)
    return None


def _wrapper_caller_opts(project: Project, ff: FileFacts, call: Call, arg: Val) -> Val | None:
    """``const make = (http, opts) => new Server(http, opts)`` called once, in
    the same file, with an object literal (acebase-server's
    ``createSocketIOServer(env.server, { pingInterval: 5000, ... })``): the
    options are that literal.  A wrapper called more than once, from another
    file, or with a value riskscan cannot read keeps its options unknown."""
    fn = project.func_of(ff, call)
    if arg.k != IDENT or fn is None or fn.name == "<anon>" or arg.v not in fn.params:
        return None
    sites = call_sites(project, ff, fn)
    if len(sites) != 1 or sites[0][0] is not ff:
        return None
    site = sites[0][1]
    pos = fn.params.index(arg.v)
    given = site.args[pos] if pos < len(site.args) else None
    if given is None:
        return None
    val = resolve_value(project, ff, given)
    return val if val.k == OBJ and not val.open else None


_PRIMUS_CTORS = ("primus", "primus.default", "primus.Primus", "primus.createServer")


def _server_vars(ff: FileFacts, subclasses: dict) -> frozenset[str]:
    """The variables that WebSocket servers built in ``ff`` are assigned to."""
    out: set[str] = set()
    for c in ff.calls:
        callee = str(subclasses[c.callee]) if c.new and c.callee in subclasses else c.callee
        if c.assigned and (callee in WS_CTORS or callee in CROSSWS_NODE or callee in SOCKJS_CTORS or callee in SOCKETCLUSTER_CTORS
                           or callee in _PRIMUS_CTORS or (callee in SOCKETIO_CTORS and not callee.startswith("socket.io-client"))):
            out.add(c.assigned)
    return frozenset(out)


def js_servers(project: Project, ff: FileFacts) -> list[WsServer]:
    out: list[WsServer] = []
    # `class WsServer extends ws.Server` in this file: `new WsServer(...)` makes a ws server
    subclasses = {k.get("name"): k.get("extends") for k in (ff.extra or {}).get("classes", ()) if isinstance(k, dict) and k.get("extends") in WS_CTORS}
    servers = _server_vars(ff, subclasses)
    entry_calls = _EntryCalls(ff, servers)
    every_handler: _EntryCalls | None = None  # (with no server variables: every handler is every server's)
    for i, c in enumerate(ff.calls):
        callee = c.callee
        if c.new and subclasses and callee in subclasses:
            callee = str(subclasses[callee])
        if callee in WS_CTORS:
            opts = _js_opts(project, ff, c, 0)
            srv = WsServer("ws", "ws", ff, c.line, c.col, _var_name(c.assigned, "WebSocketServer"), c, opts)
            srv.entries = _js_entries(project, ff, c.assigned, opts, entry_calls)
            out.append(srv)
        elif callee in CROSSWS_NODE:
            wrapped = _js_opts(project, ff, c, 0)
            if wrapped is not None and wrapped.keys and "wss" in wrapped.keys:
                continue  # the project's own ws server, judged where it is built
            opts = _key_obj(wrapped, "serverOptions")
            srv = WsServer("ws", "crossws", ff, c.line, c.col, _var_name(c.assigned, "crossws"), c, opts)
            srv.entries = _js_entries(project, ff, c.assigned, opts, entry_calls) + _crossws_entries(project, ff, wrapped)
            out.append(srv)
        elif callee in SOCKETIO_CTORS and not callee.startswith("socket.io-client"):
            opts = _js_opts(project, ff, c, 1) if len(c.args) > 1 else (c.args[0] if c.args and c.args[0].k == OBJ else None)
            srv = WsServer("socketio", "socket.io", ff, c.line, c.col, _var_name(c.assigned, "io"), c, opts)
            srv.entries = _js_entries(project, ff, c.assigned, opts, entry_calls)
            out.append(srv)
        elif callee in _PRIMUS_CTORS:
            # Primus over ws/engine.io: pings by default (pingInterval), caps nothing
            opts = _js_opts(project, ff, c, 1) if len(c.args) > 1 else (c.args[0] if c.args and c.args[0].k == OBJ else None)
            srv = WsServer("primus", "Primus", ff, c.line, c.col, _var_name(c.assigned, "primus"), c, opts)
            srv.entries = _js_entries(project, ff, c.assigned, opts, entry_calls)
            out.append(srv)
        elif callee in SOCKJS_CTORS:
            # SockJS: WebSocket with HTTP fallbacks; it sends heartbeat frames by
            # default (heartbeat_delay 25 s), has no option that caps connections
            opts = _js_opts(project, ff, c, 1 if c.callee.endswith("listen") else 0)
            srv = WsServer("sockjs", "SockJS", ff, c.line, c.col, _var_name(c.assigned, "sockjs"), c, opts)
            srv.entries = _js_entries(project, ff, c.assigned, opts, entry_calls)
            out.append(srv)
        elif callee in SOCKETCLUSTER_CTORS:
            opts = _js_opts(project, ff, c, SOCKETCLUSTER_CTORS[callee])
            srv = WsServer("socketcluster", "SocketCluster", ff, c.line, c.col, _var_name(c.assigned, "agServer"), c, opts)
            srv.entries = _js_entries(project, ff, c.assigned, opts, entry_calls) + _socketcluster_entries(project, ff, c.assigned)
            out.append(srv)
        elif callee in FAYE_WS and c.new and len(c.args) >= 2:
            # one socket per upgrade: the function that builds it (the http
            # server's 'upgrade' handler, or a method it calls) is where a cap
            # would refuse the request; its options are the fifth argument
            opts = _js_opts(project, ff, c, 4) if len(c.args) > 4 else None
            fn = project.func_of(ff, c)
            name = "upgrade" if fn is None or fn.name == "<anon>" else f"{fn.cls}.{fn.name}" if fn.cls else fn.name
            srv = WsServer("faye", "faye-websocket", ff, c.line, c.col, name, c, opts)
            srv.entries = ([(ff, fn), *_callers(project, ff, fn)] if fn is not None else []) + _js_entries(project, ff, "", opts, entry_calls)
            out.append(srv)
        elif callee in ("express-ws", "express-ws.default"):
            # express-ws runs a ws server for the app; its handlers are app.ws(path, fn)
            wrapped = options(c, 1)
            opts = _key_obj(wrapped, "wsOptions")
            srv = WsServer("ws", "express-ws", ff, c.line, c.col, "express-ws", c, opts)
            every_handler = every_handler or _EntryCalls(ff)
            srv.entries = _js_entries(project, ff, "", opts, every_handler) + _route_handlers(project, ff, lambda x: x.method == "ws")
            out.append(srv)
        elif c.method == "register" and c.args and _is_fastify_ws(project, ff, c.args[0]):
            wrapped = c.args[1] if len(c.args) > 1 and c.args[1].k == OBJ else None
            opts = _key_obj(wrapped, "options")
            srv = WsServer("ws", "@fastify/websocket", ff, c.line, c.col, "@fastify/websocket", c, opts)
            srv.entries = _route_handlers(project, ff, _fastify_ws_route)
            out.append(srv)
        elif c.method == "ws" and _uws_route(ff, c):
            # uWebSockets.js: `app.ws(pattern, {upgrade, open, message, close, ...})`; its
            # `upgrade`/`open` handlers are where a cap would refuse a socket
            opts = c.args[1]
            name = c.args[0].v if c.args[0].k == STR else f"{c.recv or 'app'}.ws({c.args[0].v if c.args[0].k == IDENT else '…'}, …)"
            srv = WsServer("uws", "uWebSockets.js", ff, c.line, c.col, name, c, opts)
            srv.entries = [t for k in ("upgrade", "open") if k in (opts.keys or {})
                           for t in [fn_of_val(project, ff, (opts.keys or {})[k])] if t is not None]
            out.append(srv)
        elif callee == "@nestjs/websockets.WebSocketGateway":
            cls = _nest_class(ff, i)
            name = cls.get("name", "") if cls else ""
            opts = next((a for a in c.args if a.k == OBJ), None)
            srv = WsServer("nest", "NestJS gateway", ff, c.line, c.col, name or "gateway", c, opts)
            srv.adapter = _nest_adapter(project, ff)
            if name:
                srv.entries = [(ff, f) for f in methods_of(ff, name)]
            out.append(srv)
    return out


# options only a uWebSockets.js WebSocket behavior takes
_UWS_OPTIONS = frozenset({"maxPayloadLength", "idleTimeout", "maxBackpressure", "sendPingsAutomatically", "closeOnBackpressureLimit",
                          "maxLifetime"})


def _uws_route(ff: FileFacts, c: Call) -> bool:
    """``app.ws(pattern, behavior)`` of uWebSockets.js: a pattern and an object
    literal of handlers, on an app of that package or with options only its
    behaviors take (deepstream loads the package through an alias of
    ``require``, so the app's type is not known)."""
    if len(c.args) != 2 or c.args[1].k != OBJ or not c.args[1].keys or c.new:
        return False
    keys = set(c.args[1].keys)
    if not keys & {"open", "message", "upgrade"}:
        return False
    return "uWebSockets.js" in c.recv_type or "uWebSockets.js" in ff.modules or bool(keys & _UWS_OPTIONS)


def _emitter_only(project: Project, ff: FileFacts, c: Call, callee: str) -> bool:
    """``SocketIO(message_queue=url)`` with no app, never given one
    (``init_app``), run or handed event handlers: an external process's
    emitter that pushes events through the queue and accepts no connection."""
    if callee != "flask_socketio.SocketIO" or c.args or "message_queue" not in c.kwargs or "app" in c.kwargs:
        return False
    short = (c.assigned or "").rsplit(".", 1)[-1]
    if not short:
        return False
    for g in project.parsed_code_files():
        if g.lang != "py":
            continue
        if g is not ff and any(x.callee == callee and (x.assigned or "").rsplit(".", 1)[-1] == short for x in g.calls):
            continue  # that file's `socketio` is a server of its own (zou's event_stream.py beside its publisher)
        if any(x.method in ("init_app", "run", "on_event", "on_namespace", "start_background_task") and x.recv.rsplit(".", 1)[-1] == short for x in g.calls):
            return False
        if any(d.v.split("(")[0].rsplit(".", 1)[0].rsplit(".", 1)[-1] == short for f in g.funcs for d in f.decorators if d.k in (CALL, IDENT)):
            return False  # @socketio.on('connect')
    return True


def _router_prefix(ff: FileFacts, router: str) -> str:
    """The prefix a router of this module puts before its own routes, as the
    frontend joins it for HTTP routes: the ``prefix=`` of the one module-level
    call that makes it (``router = APIRouter(prefix="/events")``, a project
    subclass too), after the ``prefix=`` of a same-module
    ``include_router(router, prefix=...)`` ('' when none is known)."""
    made = [c for c in ff.calls if not c.func and c.assigned == router]
    given = made[0].kwargs.get("prefix") if len(made) == 1 else None
    own = given.v if given is not None and given.k == STR else ""
    mount = next((m.v for c in ff.calls if c.method == "include_router" and c.args and c.args[0].k == IDENT and c.args[0].v == router
                  and (m := c.kwargs.get("prefix")) is not None and m.k == STR), "")
    return join_path(mount, own) if mount and own else mount or own


def _py_decorated_ws(project: Project, ff: FileFacts) -> list[WsServer]:
    out: list[WsServer] = []
    lib = _asgi_ws_library(ff)
    if not lib:
        return out
    seen: set[str] = set()
    for f in ff.funcs:
        for d in f.decorators:
            if d.k in (CALL, IDENT) and last_name(d.v) in ("websocket", "websocket_route"):
                path = ""
                call = project.call_of(ff, d)
                if call is not None and call.args and call.args[0].k == STR:
                    # (the path it is served at: `@router.websocket("/runs/{id}")` on a router mounted at /api/ws)
                    path = call.args[0].v
                    if call.recv and lib != "Quart":
                        own = _router_prefix(ff, call.recv)
                        path = mounted_path(project, ff, Route("WS", join_path(own, path) if own else path, call.recv))
                srv = WsServer("asgi", lib, ff, d.line or f.line, 1, f.name, call, None, [(ff, f)], path=path)
                out.append(srv)
                seen.add(f.id)
                break
    for c in ff.calls:
        ln = last_name(c.callee)
        fn_val: Val | None = None
        path = ""
        if ln in ("add_websocket_route", "add_api_websocket_route", "WebSocketRoute") and len(c.args) >= 2:
            fn_val = c.args[1]
            path = c.args[0].v if c.args[0].k == STR else ""
            if path and c.recv:
                # (served where its router is mounted, as for `@router.websocket(path)`)
                own = _router_prefix(ff, c.recv)
                path = mounted_path(project, ff, Route("WS", join_path(own, path) if own else path, c.recv, line=c.line, col=c.col))
        elif ln in ("WebSocketRoute",) and "endpoint" in c.kwargs:
            # (all by keyword: infrahub's `WebSocketRoute(path="/graphql", endpoint=graphql_app)`)
            fn_val = c.kwargs["endpoint"]
            given = c.args[0] if c.args else c.kwargs.get("path")
            path = given.v if given is not None and given.k == STR else ""
        elif ln == "add_websocket" and lib == "Quart" and c.recv:
            # Quart's `app.add_websocket(rule, endpoint=None, view_func=None)`: the view function is the endpoint
            fn_val = c.kwargs.get("view_func") or (c.args[2] if len(c.args) >= 3 else None)
            path = c.args[0].v if c.args and c.args[0].k == STR else ""
        if fn_val is None:
            continue
        t = fn_of_val(project, ff, fn_val) or _inherited_endpoint(project, ff, c, fn_val)
        # (one endpoint routed at two paths is one server: a function by its id, an
        # ASGI app object by its name, infrahub's `graphql_app` at `/graphql` and
        # `/graphql/{branch_name:str}`)
        key = t[1].id if t is not None else f"object:{c.func}:{fn_val.v}" if fn_val.k == IDENT else ""
        if key and key in seen:
            continue
        # (a helper that binds arguments to the endpoint names it: `_r(route["endpoint"])`)
        name = t[1].name if t else last_name(bound_value(project, ff, fn_val).v) or "endpoint"
        srv = WsServer("asgi", lib, ff, c.line, c.col, name, c, None, [t] if t else [], path=path)
        out.append(srv)
        if key:
            seen.add(key)
    out.extend(_py_routes_ws(project, ff, seen, lib))
    return out


def _asgi_ws_library(ff: FileFacts) -> str:
    """The ASGI framework whose WebSocket routes this module may declare:
    FastAPI/Starlette, or Quart (also quart-trio) in a module that imports no
    FastAPI or Starlette ('' for neither)."""
    tops = {m.split(".")[0] for m in ff.modules}
    if tops & {"fastapi", "starlette"}:
        return "FastAPI/Starlette"
    return "Quart" if tops & {"quart", "quart_trio"} else ""


def _inherited_endpoint(project: Project, ff: FileFacts, c: Call, val: Val) -> tuple[FileFacts, Func] | None:
    """The endpoint a route names as a method of the class that routes it
    (``WebSocketRoute("/graphql", self.graphql_ws_endpoint)`` in
    ``DagsterWebserver.build_routes``) when that method comes from a project
    base class in another module (dagster-webserver's ``GraphQLServer`` in
    graphql.py): the cap that endpoint checks is the route's."""
    head, _, name = val.v.partition(".")
    if val.k != IDENT or head != "self" or not name or "." in name:
        return None
    fn = project.func_of(ff, c)
    return inherited_method(project, ff, fn.cls, name) if fn is not None and fn.cls else None


_CONSUMER_BASES = ("WebsocketConsumer", "AsyncWebsocketConsumer", "JsonWebsocketConsumer", "AsyncJsonWebsocketConsumer", "WebSocketEndpoint")


def _py_ws_classes(project: Project, ff: FileFacts) -> list[WsServer]:
    """Django Channels consumers, Starlette ``WebSocketEndpoint``, Tornado
    ``WebSocketHandler`` and Autobahn ``WebSocketServerProtocol`` subclasses."""
    out: list[WsServer] = []
    for cls in ff.extra.get("classes", []) or []:
        if not isinstance(cls, dict):
            continue
        bases = [str(b) for b in cls.get("bases", []) or []]
        name = str(cls.get("name", ""))
        lib = _handler_class_library(bases)
        if lib:
            srv = WsServer("jupyter" if lib.startswith("Jupyter") else lib.lower(), lib, ff, int(cls.get("line", 0) or 1), 1, name)
            srv.entries = [(ff, f) for f in methods_of(ff, name)]
            out.append(srv)
            continue
        if not any(last_name(b) in _CONSUMER_BASES and (b.startswith(("channels", "starlette")) or "." not in b) for b in bases):
            continue
        srv = WsServer("asgi", _consumer_library(bases), ff, int(cls.get("line", 0) or 1), 1, name)
        srv.entries = [(ff, f) for f in methods_of(ff, name)]
        out.append(srv)
    return out


# Jupyter's kernel route tables, each ending with the kernel WebSocket
# (``/api/kernels/<id>/channels``): the handler that serves it there
_JUPYTER_KERNEL_TABLES = {
    "jupyter_server.services.kernels.handlers.default_handlers": ("Jupyter Server", "KernelWebsocketHandler"),
    "notebook.services.kernels.handlers.default_handlers": ("Jupyter Notebook", "ZMQChannelsHandler"),
}


def _jupyter_kernel_tables(ff: FileFacts, found: list[WsServer]) -> list[WsServer]:
    """Jupyter's kernel WebSocket handler served from Jupyter's own kernel
    route table, which a module re-registers (the kernel gateway's ``for
    path, cls in server_handlers.default_handlers: handlers.append((path,
    type(cls.__name__, (TokenAuthorizationMixin, CORSMixin, cls), {})))``)
    or adds to its own (``handlers.extend(...)``): one per table, unless the
    module subclasses the kernel WebSocket handler itself (that class is the
    server, found already)."""
    if any(srv.kind == "jupyter" and srv.ff is ff for srv in found):
        return []
    out: list[WsServer] = []
    for entry in ff.extra.get("borrowed_tables", []) or []:
        if not isinstance(entry, list) or len(entry) != 3:
            continue
        line, col, dotted = entry
        known = _JUPYTER_KERNEL_TABLES.get(str(dotted))
        if known is not None and not any(srv.name == known[1] for srv in out):
            out.append(WsServer("jupyter", known[0], ff, int(line), int(col), known[1], path="/api/kernels/<kernel_id>/channels"))
    return out


def _consumer_library(bases: list[str]) -> str:
    """"Starlette" for a ``WebSocketEndpoint`` subclass, "Django Channels" for
    one of Channels' consumer classes, imported by module or by bare name
    (micboard's ``AsyncWebsocketConsumer``, imported only when Channels is
    installed, a stub of that name defined otherwise)."""
    if any(b.startswith("starlette") or last_name(b) == "WebSocketEndpoint" for b in bases):
        return "Starlette"
    return "Django Channels"


# Jupyter's kernel WebSocket handlers (jupyter_server, and the classic notebook
# it came from): Tornado WebSocketHandler subclasses whose WebSocketMixin pings
# every client itself (the ``ws_ping_interval`` setting, 30 s by default)
_JUPYTER_WS_BASES = frozenset(
    f"{package}.{name}"
    for package in ("jupyter_server", "notebook")
    for name in ("base.zmqhandlers.ZMQStreamHandler", "base.zmqhandlers.AuthenticatedZMQStreamHandler",
                 "services.kernels.handlers.ZMQChannelsHandler", "services.kernels.websocket.KernelWebsocketHandler")
)


def _handler_class_library(bases: list[str]) -> str:
    """"Tornado" for a ``WebSocketHandler`` subclass, "Jupyter Server" (or
    "Jupyter Notebook") for a subclass of one of Jupyter's kernel WebSocket
    handlers (Enterprise Gateway's ``ZMQChannelsHandler``), "Autobahn" for a
    ``WebSocketServerProtocol`` one (Twisted or asyncio: buildbot's www/ws.py,
    one instance per connection, ``onConnect`` deciding whether to accept),
    "SockJS-tornado" for a sockjs-tornado ``SockJSConnection`` one (also from a
    copy of the library vendored in the project: OctoPrint's
    ``octoprint.vendor.sockjs.tornado``; ``on_open`` runs for each session), else ""."""
    for b in bases:
        if b.startswith("tornado.") and last_name(b) == "WebSocketHandler":
            return "Tornado"
        if b in _JUPYTER_WS_BASES:
            return "Jupyter Server" if b.startswith("jupyter_server.") else "Jupyter Notebook"
        if b.startswith("autobahn.") and last_name(b) == "WebSocketServerProtocol":
            return "Autobahn"
        if last_name(b) == "SockJSConnection" and (b.startswith("sockjs.tornado.") or ".sockjs.tornado." in b):
            return "SockJS-tornado"
    return ""


# the Django URL patterns a Channels URLRouter takes
_URL_PATTERNS = frozenset({"django.urls.path", "django.urls.re_path", "django.conf.urls.url"})


def _websocket_only_router(ff: FileFacts) -> bool:
    """Does the module build a Channels ``ProtocolTypeRouter({...})`` that
    routes the websocket protocol and no other (openwisp-controller's
    geo/channels/routing.py)?  Then the URL patterns it writes are consumers
    of WebSockets, not of HTTP requests."""
    return any(
        c.callee == "channels.routing.ProtocolTypeRouter" and c.args and c.args[0].k == OBJ and set(c.args[0].keys or ()) == {"websocket"}
        for c in ff.calls
    )


def _routed_project_classes(project: Project, ff: FileFacts) -> Iterator[tuple[FileFacts, str]]:
    """The project classes the module's URL patterns route: ``path(p,
    X.as_asgi())`` (Channels 3 and later) or ``path(p, X)`` (Channels 2)."""
    for c in ff.calls:
        if c.callee not in _URL_PATTERNS or len(c.args) < 2:
            continue
        target = c.args[1]
        if target.k == CALL and target.v.endswith(".as_asgi"):
            name = target.v[: -len(".as_asgi")]
        else:
            name = target.v if target.k == IDENT else ""
        got = project_class(project, ff, name)
        if got is not None:
            yield got


def _routed_library_consumers(project: Project, found: list[WsServer]) -> list[WsServer]:
    """Django Channels consumers built on another package's consumer class
    (openwisp-controller's ``LocationBroadcast(BaseLocationBroadcast)``, a
    django-loci JsonWebsocketConsumer): project classes a websocket-only
    ``ProtocolTypeRouter`` module routes, whose bases are all outside the
    project (a subclass of a project consumer is judged in its base)."""
    known = {(srv.ff.path, srv.name) for srv in found if srv.kind == "asgi"}
    out: list[WsServer] = []
    for ff in project.parsed_code_files():
        if ff.lang != "py" or is_mock(ff) or is_demo_path(ff.path) or not _websocket_only_router(ff):
            continue
        for cf, cls in _routed_project_classes(project, ff):
            bases = class_bases(cf, cls)
            if (cf.path, cls) in known or not bases or any(project_class(project, cf, b) is not None for b in bases):
                continue
            known.add((cf.path, cls))
            line = next((int(c.get("line", 0) or 1) for c in cf.extra.get("classes", []) or [] if isinstance(c, dict) and c.get("name") == cls), 1)
            srv = WsServer("asgi", "Django Channels", cf, line, 1, cls)
            srv.entries = [(cf, f) for f in methods_of(cf, cls)]
            out.append(srv)
    return out


def _py_routes_ws(project: Project, ff: FileFacts, seen: set[str], lib: str = "FastAPI/Starlette") -> list[WsServer]:
    out: list[WsServer] = []
    for r in ff.routes:
        if r.method.upper() in ("WS", "WEBSOCKET") and r.handler and r.handler not in seen:
            f = project.funcs(ff).get(r.handler)
            if f is not None:
                out.append(WsServer("asgi", lib, ff, r.line, r.col, f.name, None, None, [(ff, f)], path=mounted_path(project, ff, r)))
                seen.add(r.handler)
    return out


def py_servers(project: Project, ff: FileFacts) -> list[WsServer]:
    out: list[WsServer] = []
    websockify_subs = _websockify_subclasses(project)  # (what _websockify_server asks first, once per file)
    for c in ff.calls:
        callee = c.callee
        if callee.startswith("websockets.") and last_name(callee) in ("serve", "unix_serve"):
            srv = WsServer("websockets", "websockets", ff, c.line, c.col, c.assigned or "serve", c, options(c))
            if c.args:
                t = fn_of_val(project, ff, c.args[0])
                if t is not None:
                    srv.entries.append(t)
                    srv.name = t[1].name
                elif c.args[0].k in (IDENT, CALL):
                    srv.name = last_name(c.args[0].v) or srv.name
            out.append(srv)
        elif callee.startswith("aiohttp") and last_name(callee) == "WebSocketResponse":
            fn = project.func_of(ff, c)
            # (built in a connection class's constructor -- Home Assistant's
            # `WebSocketHandler.__init__` -- the class names the handler)
            name = (fn.cls if fn.name.startswith("__") and fn.cls else fn.name) if fn else (c.assigned or "ws")
            srv = WsServer("aiohttp", "aiohttp", ff, c.line, c.col, name, c, options(c))
            if fn is not None:
                srv.entries.append((ff, fn))
            out.append(srv)
        elif callee in PY_SOCKETIO:
            if _emitter_only(project, ff, c, callee) or _debug_run_only(ff, c.assigned):
                continue
            srv = WsServer("py-socketio", "python-socketio" if callee.startswith("socketio") else "Flask-SocketIO", ff, c.line, c.col, c.assigned or "sio", c, options(c))
            var = c.assigned
            for f in ff.funcs:
                for d in f.decorators:
                    dv = d.v
                    if not var or not (dv.startswith(var + ".") or dv.split(".")[0] == var.split(".")[-1]):
                        continue
                    call = project.call_of(ff, d)
                    ev = call.args[0].v if call is not None and call.args and call.args[0].k == STR else ""
                    if f.name == "connect" or ev == "connect":
                        srv.entries.append((ff, f))
            if var.isidentifier():
                srv.entries.extend(_connect_registered(project, ff, [x for x in ff.calls if x.recv == var]))
            srv.entries.extend(_imported_connect_handlers(project, ff, var))
            out.append(srv)
        elif ((callee in WEBSOCKIFY_COMMANDS or callee in WEBSOCKIFY_SERVERS or last_name(callee) in websockify_subs)
              and (proxy := _websockify_server(project, ff, c)) is not None):
            out.append(proxy)
        elif callee in WSLINK_STARTS:
            out.append(_wslink_server(project, ff, c))
    out.extend(_py_decorated_ws(project, ff))
    out.extend(_flask_sock_routes(project, ff))
    out.extend(_simple_websocket_servers(project, ff))
    out.extend(_sanic_ws_routes(project, ff))
    out.extend(_ws4py_apps(project, ff))
    out.extend(_eventlet_ws_apps(project, ff))
    out.extend(_py_ws_classes(project, ff))
    out.extend(_jupyter_kernel_tables(ff, out))
    out.extend(_raw_asgi_endpoints(project, ff, out))
    return out


# Starlette's WebSocket, which an ASGI app can build on the connection's scope
_SCOPE_WEBSOCKETS = frozenset({"starlette.websockets.WebSocket", "fastapi.WebSocket", "fastapi.websockets.WebSocket"})


def _accepts_scope_websocket(ff: FileFacts, c: Call) -> bool:
    """``c`` is ``ws.accept()`` on a Starlette ``WebSocket`` the same function
    builds on the ASGI scope (``ws = WebSocket(scope, receive=receive,
    send=send)``: marimo's ``ProxyMiddleware._proxy_websocket``), not on one
    a route hands its endpoint."""
    if c.method != "accept" or not c.recv.isidentifier() or not c.func:
        return False
    return any(line <= c.line for line in per_calls("scope-websockets", ff, _scope_websockets).get((c.recv, c.func), ()))


def _scope_websockets(calls: list[Call]) -> dict[tuple[str, str], list[int]]:
    """(variable, function) -> the lines where the function builds a Starlette ``WebSocket`` into it."""
    out: dict[tuple[str, str], list[int]] = {}
    for b in calls:
        if b.callee in _SCOPE_WEBSOCKETS:
            out.setdefault((b.assigned, b.func), []).append(b.line)
    return out


def _raw_asgi_endpoints(project: Project, ff: FileFacts, found: list[WsServer]) -> list[WsServer]:
    """A framework-free ASGI application that accepts WebSockets itself:
    a function sending the ``{"type": "websocket.accept"}`` event (bokeh's
    ``BokehASGI._websocket``), or accepting a Starlette ``WebSocket`` it
    builds on the scope (an ASGI middleware that proxies WebSockets), one
    endpoint per function; not one already found as another library's
    endpoint."""
    known = {f.id for srv in found for tf, f in srv.entries if tf is ff}
    out: list[WsServer] = []
    for c in ff.calls:
        kind = (c.args[0].keys or {}).get("type") if c.args and c.args[0].k == OBJ else None
        if (kind is None or kind.k != STR or kind.v != "websocket.accept") and not _accepts_scope_websocket(ff, c):
            continue
        fn = project.func_of(ff, c)
        if fn is None or fn.id in known:
            continue
        known.add(fn.id)
        name = f"{fn.cls}.{fn.name}" if fn.cls else fn.name
        out.append(WsServer("asgi", "raw ASGI", ff, c.line, c.col, name, None, None, [(ff, fn)]))
    return out


def _websockify_server(project: Project, ff: FileFacts, c: Call) -> WsServer | None:
    """websockify's ``WebSocketProxy``/``WebSockifyServer``, or a project class
    built on one (ironic's ``IronicWebSocketProxy(websockify.WebSocketProxy)``),
    built by ``c``; its entries are the methods of the request handler class
    it is given (``RequestHandlerClass=``, or its first argument), where a
    connection is taken (``new_websocket_client``).  Also websockify's own
    command called as a function (``websockify_init()``, noVNC's launcher):
    it builds a ``WebSocketProxy`` from ``sys.argv`` with websockify's
    request handler."""
    if c.callee in WEBSOCKIFY_COMMANDS:
        return WsServer("websockify", "websockify", ff, c.line, c.col, last_name(c.callee), c, None)
    if c.callee not in WEBSOCKIFY_SERVERS:
        if last_name(c.callee) not in _websockify_subclasses(project):
            return None
        got = project_class(project, ff, c.callee)
        if got is None or not any(b in WEBSOCKIFY_SERVERS for b in class_bases(*got)):
            return None
    srv = WsServer("websockify", "websockify", ff, c.line, c.col, last_name(c.callee), c, options(c))
    handler = c.kwargs.get("RequestHandlerClass") or (c.args[0] if c.args else None)
    got = project_class(project, ff, handler.v) if handler is not None and handler.k == IDENT else None
    if got is not None:
        hf, cls = got
        srv.entries = [(hf, f) for f in methods_of(hf, cls)]
    return srv


def _wslink_server(project: Project, ff: FileFacts, c: Call) -> WsServer:
    """wslink's web server started by ``c`` (``server.start_webserver(options,
    protocol=CoreServer)``, trame's; ``server.start(argv, Protocol)``), named
    for its protocol class (its second argument or ``protocol=``); its entries
    are that class's methods when the project defines it, where a connection
    is taken (``onConnect``)."""
    proto = c.kwargs.get("protocol") or (c.args[1] if len(c.args) > 1 else None)
    named = proto is not None and proto.k == IDENT
    srv = WsServer("wslink", "wslink", ff, c.line, c.col, last_name(proto.v) if named and proto is not None else last_name(c.callee), c, None)
    got = project_class(project, ff, proto.v) if named and proto is not None else None
    if got is not None:
        hf, cls = got
        srv.entries = [(hf, f) for f in methods_of(hf, cls)]
    return srv


@per_project
def _websockify_subclasses(project: Project) -> frozenset[str]:
    """The names of the project's classes built on a websockify server."""
    return frozenset(
        str(cls.get("name", "")) for ff in project.parsed_code_files() if ff.lang == "py"
        for cls in ff.extra.get("classes", []) or [] if isinstance(cls, dict) and any(str(b) in WEBSOCKIFY_SERVERS for b in cls.get("bases", []) or [])
    )


def _debug_run_only(ff: FileFacts, var: str) -> bool:
    """Is the Socket.IO server ``var`` of the module run only as a development
    server: ``var.run(app, debug=True)`` under ``if __name__ == "__main__"``
    (zou's ``debug.py``)?  Flask's debug mode is never a deployment."""
    if not var.isidentifier():
        return False
    runs = [c for c in ff.calls if c.recv == var and c.method == "run"]
    return bool(runs) and all(debug_main_run(ff, c) for c in runs)


def _imported_connect_handlers(project: Project, ff: FileFacts, var: str) -> list[tuple[FileFacts, Func]]:
    """The connect handlers other modules register on a Socket.IO server
    made at module level in ``ff`` and imported from it (Chainlit's
    ``sio = socketio.AsyncServer(...)`` in server.py, ``@sio.on("connect")``
    in socket.py after ``from chainlit.server import sio``; Flask's
    ``socketio`` in extensions.py, its events in events.py)."""
    if not var or "." in var:
        return []
    modules = py_modules(project)
    out: list[tuple[FileFacts, Func]] = []
    for g in project.code_files():
        if g is ff or g.lang != "py":
            continue
        # a handler module need hold no trigger token (`from chainlit.server
        # import sio`): one whose text names the server is parsed now
        g = project.full(g, var)
        if g.shallow:
            continue
        for f in g.funcs:
            for d in f.decorators:
                if d.k not in (CALL, IDENT):
                    continue
                head, sep, method = d.v.rpartition(f".{var}.")
                if not sep or "." in method:
                    continue
                # `from chainlit.server import sio`, or relative (`from .server import sio`: './pkg/server')
                if not _served_by(project, modules, head, ff):
                    continue
                call = project.call_of(g, d)
                ev = call.args[0].v if call is not None and call.args and call.args[0].k == STR else ""
                if f.name == "connect" or ev == "connect":
                    out.append((g, f))
        out.extend(_connect_registered(project, g, [c for c in g.calls if _served_by(project, modules, c.callee.rpartition(f".{var}.")[0], ff)]))
    return out


def _served_by(project: Project, modules: dict[str, FileFacts], head: str, ff: FileFacts) -> bool:
    """Does ``head`` (what precedes ``.sio.`` in an import-resolved name) name the module ``ff``?"""
    return bool(head) and (project.peek_module(head) if head.startswith("./") else modules.get(head)) is ff


def _connect_registered(project: Project, ff: FileFacts, calls: list[Call]) -> list[tuple[FileFacts, Func]]:
    """The connect handlers registered by a call on the server rather than a
    decorator: python-socketio's ``sio.on("connect", handler)``, Flask-SocketIO's
    ``socketio.on_event("connect", handler)`` (or ``handler=``)."""
    out: list[tuple[FileFacts, Func]] = []
    for c in calls:
        if c.method in ("register_namespace", "on_namespace"):
            got = _namespace_connect(project, ff, c)
            if got is not None:
                out.append(got)
            continue
        if c.method not in ("on", "on_event") or not c.args or c.args[0].k != STR or c.args[0].v != "connect":
            continue
        handler = c.args[1] if len(c.args) > 1 else c.kwargs.get("handler")
        t = fn_of_val(project, ff, handler) if handler is not None else None
        if t is not None:
            out.append(t)
    return out


def _namespace_connect(project: Project, ff: FileFacts, c: Call) -> tuple[FileFacts, Func] | None:
    """The connect handler of a class-based namespace registered on the server:
    python-socketio's ``sio.register_namespace(Chat("/chat"))``, Flask-SocketIO's
    ``socketio.on_namespace(Chat("/chat"))`` (or a local the namespace was built
    into first): the ``on_connect`` method of that project class, its own or a
    project ancestor's (ajenti's ``SocketIONamespace``, registered in core.py,
    defined in gate/middleware.py)."""
    if not c.args:
        return None
    val = c.args[0]
    if val.k == IDENT:
        # `chat = Chat("/chat")` in the same function, before the registration
        built = [b for b in ff.calls if b.assigned == val.v and b.func == c.func and b.line <= c.line]
        cls = built[-1].callee if built else ""
    else:
        cls = val.v if val.k == CALL else ""
    got = project_class(project, ff, cls) if cls else None
    return inherited_method(project, got[0], got[1], "on_connect") if got is not None else None


def _flask_sock_routes(project: Project, ff: FileFacts) -> list[WsServer]:
    """Flask-Sock: ``sock = Sock(app)`` (or ``Sock()`` and ``init_app``), then
    ``@sock.route("/path")`` on each WebSocket handler (solara's Flask backend),
    or the decorator applied as a call, ``sock.route(path, endpoint=e)(handler)``
    (reactpy's Flask backend); one per handler."""
    if not any(m == "flask_sock" or m.startswith("flask_sock.") for m in ff.modules):
        return []
    socks = {c.assigned for c in ff.calls if c.callee == "flask_sock.Sock" and c.assigned}
    out: list[WsServer] = []
    seen: set[tuple[str, str]] = set()
    for f in ff.funcs:
        for d in f.decorators:
            call = project.call_of(ff, d) if d.k == CALL else None
            if call is None or call.method != "route" or call.recv not in socks:
                continue
            path = call.args[0].v if call.args and call.args[0].k == STR else ""
            out.append(WsServer("flask-sock", "Flask-Sock", ff, d.line or f.line, call.col, f.name, call, None, [(ff, f)], path=path))
            seen.add((ff.path, f.id))
            break
    for applied in ff.calls:
        if len(applied.args) != 1 or applied.method or applied.callee not in {s + ".route()" for s in socks}:
            continue
        call = next((c for c in ff.calls if c.method == "route" and c.recv in socks and (c.line, c.col) == (applied.line, applied.col)), None)
        t = fn_of_val(project, ff, applied.args[0]) if call is not None else None
        if call is None or t is None or (t[0].path, t[1].id) in seen:
            continue
        seen.add((t[0].path, t[1].id))
        path = call.args[0].v if call.args and call.args[0].k == STR else ""
        out.append(WsServer("flask-sock", "Flask-Sock", ff, applied.line, applied.col, t[1].name, call, None, [t], path=path))
    return out


# simple-websocket's server side, built on a WSGI request's environ (what Flask-Sock wraps)
_SIMPLE_WS_SERVERS = frozenset({"simple_websocket.Server", "simple_websocket.ws.Server", "simple_websocket.Server.accept", "simple_websocket.ws.Server.accept"})


def _simple_websocket_servers(project: Project, ff: FileFacts) -> list[WsServer]:
    """simple-websocket used directly: ``simple_websocket.Server(environ,
    ping_interval=...)`` (or ``Server.accept(environ)``) upgrades the request
    a Flask or WSGI handler is serving and loops on ``receive()`` (specter's
    notifications ``WebsocketServer.serve``, which its ``/websocket`` route
    calls with ``request.environ``); one per function that builds one, the
    function being the connection's handler."""
    if not any(m == "simple_websocket" or m.startswith("simple_websocket.") for m in ff.modules):
        return []
    out: list[WsServer] = []
    seen: set[str] = set()
    funcs = {f.id: f for f in ff.funcs}
    for c in ff.calls:
        if c.callee not in _SIMPLE_WS_SERVERS or not c.func or c.func in seen or c.func not in funcs:
            continue
        seen.add(c.func)
        f = funcs[c.func]
        name = f"{f.cls}.{f.name}" if f.cls else f.name
        out.append(WsServer("simple-websocket", "simple-websocket", ff, c.line, c.col, name, c, None, [(ff, f)]))
    return out


def _sanic_ws_routes(project: Project, ff: FileFacts) -> list[WsServer]:
    """Sanic WebSocket routes, on a ``Sanic`` app or a ``Blueprint``:
    ``@app.websocket(uri)`` and ``app.add_websocket_route(handler, uri)``
    (handler first, unlike Starlette's; reactpy's Sanic backend); one per
    handler.  Sanic pings by default (``WEBSOCKET_PING_INTERVAL``): these are
    judged for a connection cap only."""
    if not any(m.split(".")[0] == "sanic" for m in ff.modules):
        return []
    out: list[WsServer] = []
    seen: set[tuple[str, str]] = set()

    def add(call: Call, t: tuple[FileFacts, Func] | None, uri: Val | None, line: int, col: int) -> None:
        if t is None or (t[0].path, t[1].id) in seen:
            return
        seen.add((t[0].path, t[1].id))
        path = uri.v if uri is not None and uri.k == STR else ""
        out.append(WsServer("asgi", "Sanic", ff, line, col, t[1].name, call, None, [t], path=path))

    for f in ff.funcs:
        for d in f.decorators:
            call = project.call_of(ff, d) if d.k == CALL else None
            if call is not None and call.method == "websocket" and call.recv_type.split(".")[0] == "sanic":
                add(call, (ff, f), call.args[0] if call.args else call.kwargs.get("uri"), d.line or f.line, call.col)
                break
    for c in ff.calls:
        if c.method == "add_websocket_route" and c.recv_type.split(".")[0] == "sanic":
            handler = c.args[0] if c.args else c.kwargs.get("handler")
            add(c, fn_of_val(project, ff, handler) if handler is not None else None, c.args[1] if len(c.args) > 1 else c.kwargs.get("uri"), c.line, c.col)
    return out


@per_project
def _ws4py_cherrypy_tools(project: Project) -> frozenset[str]:
    """Names under which the project registers ws4py's CherryPy tool
    (``cherrypy.tools.websocket = WebSocketTool()``)."""
    return frozenset(
        c.assigned
        for _ff, c in project.calls_named("WebSocketTool")
        if c.callee == WS4PY_CHERRYPY_TOOL and c.assigned.startswith("cherrypy.tools.")
    )


def _ws4py_apps(project: Project, ff: FileFacts) -> list[WsServer]:
    """ws4py: ``WebSocketWSGIApplication(handler_cls=ChatSocket)`` accepts the
    upgrade and makes one handler per connection (channelstream's ``/ws``), and
    so does its CherryPy tool on the handler it decorates,
    ``@cherrypy.tools.websocket(handler_cls=LogStreamHandler)`` (zuul-web's
    console stream), once the project registered it with ``WebSocketTool()``:
    the methods of the project's handler class (its ``opened()``) are where a
    connection cap would be checked."""
    out: list[WsServer] = []
    tools = _ws4py_cherrypy_tools(project) if any(m.startswith("cherrypy") for m in ff.modules) else frozenset()
    for c in ff.calls:
        if c.callee not in WS4PY_APPS and not (c.callee in tools and "handler_cls" in c.kwargs):
            continue
        handler = c.kwargs.get("handler_cls") or (c.args[2] if len(c.args) > 2 else None)
        home = project_class(project, ff, handler.v) if handler is not None and handler.k == IDENT else None
        srv = WsServer("ws4py", "ws4py", ff, c.line, c.col, home[1] if home else "WebSocket", c, None)
        if c.callee in tools:
            srv.adapter = "cherrypy"  # (named so in messages: the decorator, not a WSGI application)
        if home is not None:
            hf, cls = home
            srv.entries = [(hf, f) for f in methods_of(hf, cls)]
        out.append(srv)
    return out


_EVENTLET_WS_NAMES = frozenset(last_name(n) for n in EVENTLET_WS)


def _eventlet_ws_callee(project: Project, c: Call) -> str:
    """The library name of a call that may make an eventlet WebSocket
    application: its callee, or the name a project module hands on under it
    (ryu's ``hub.WebSocketWSGI(wrapper)``, where ``ryu/lib/hub.py`` has
    ``from eventlet import websocket`` and ``WebSocketWSGI =
    websocket.WebSocketWSGI``); '' for another call."""
    if c.callee in EVENTLET_WS:
        return c.callee
    if last_name(c.callee) not in _EVENTLET_WS_NAMES or "." not in c.callee or c.callee.startswith("./"):
        return ""
    return imported_name(project, c.callee)


def _eventlet_ws_apps(project: Project, ff: FileFacts) -> list[WsServer]:
    """eventlet: ``WebSocketWSGI(handler)`` (or ``WebSocketWSGI.configured(handler,
    ...)``) accepts the upgrade and runs ``handler(ws)`` for each connection
    (nameko's WebSocket hub wraps a nested ``handler`` of its main loop), and
    so does the class on the function it decorates (``@websocket.WebSocketWSGI``,
    ``@WebSocketWSGI.configured(origin_checker=...)``): that function is where
    a connection cap would be checked."""
    imports_eventlet = any(m == "eventlet" or m.startswith("eventlet.") for m in ff.modules)
    if not imports_eventlet and not any(last_name(c.callee) in _EVENTLET_WS_NAMES for c in ff.calls):
        return []
    out: list[WsServer] = []
    for c in ff.calls:
        if _eventlet_ws_callee(project, c) not in EVENTLET_WS:
            continue
        handler = c.args[0] if c.args else c.kwargs.get("handler")
        if handler is None or handler.k == NULL:
            continue  # (`configured(...)` without its handler makes a decorator: judged at the function it decorates)
        got = fn_of_val(project, ff, handler)
        srv = WsServer("eventlet", "eventlet", ff, c.line, c.col, _qualified(project, *got) if got else "WebSocket", c, None)
        if got is not None:
            srv.entries = [got]
        out.append(srv)
    for f in ff.funcs if imports_eventlet else ():
        for d in f.decorators:
            if d.k not in (CALL, IDENT) or (d.v not in EVENTLET_WS and imported_target(ff, d.v) not in EVENTLET_WS):
                continue
            call = project.call_of(ff, d) if d.k == CALL else None
            out.append(WsServer("eventlet", "eventlet", ff, d.line or f.line, call.col if call else 0, f.name, call, None, [(ff, f)]))
            break
    return out


def _qualified(project: Project, ff: FileFacts, fn: Func) -> str:
    """``Hub.mainloop.handler`` for a function nested in a method, ``Hub.serve``
    for a method, else the function's name."""
    parent = project.funcs(ff).get(fn.parent) if fn.parent else None
    if parent is not None:
        return f"{_qualified(project, ff, parent)}.{fn.name}"
    return f"{fn.cls}.{fn.name}" if fn.cls else fn.name


def _one_per_variable(found: list[WsServer]) -> list[WsServer]:
    """``if origins: sio = Server(cors=...) else: sio = Server()``: the arms of
    a branch build one server into one variable, judged once (at the first)."""
    out: list[WsServer] = []
    seen: set[tuple[str, str, str, str]] = set()
    for srv in found:
        c = srv.call
        if c is not None and c.assigned and c.assigned != "return":
            k = (srv.ff.path, srv.kind, c.assigned, c.func)
            if k in seen:
                continue
            seen.add(k)
        out.append(srv)
    return out


def _class_endpoints_routed(project: Project, found: list[WsServer]) -> list[WsServer]:
    """A Starlette ``WebSocketEndpoint`` class mounted by a ``WebSocketRoute``
    (girder: ``WebSocketRoute("/notifications/me", UserNotificationsSocket)``)
    is one endpoint: judged at the route, which has the path, with the
    class's methods as its code; the class is not judged again on its own."""
    classes = {srv.name: srv for srv in found if srv.kind == "asgi" and srv.call is None and srv.lib == "Starlette"}
    if not classes:
        return found
    routed: set[int] = set()
    for srv in found:
        if srv.kind == "asgi" and srv.call is not None and not srv.entries:
            cls = classes.get(srv.name)
            if cls is None:
                cls = _factory_built(project, srv, found)
                if cls is None:
                    continue
                srv.built, srv.lib = cls.name, cls.lib
            srv.entries = list(cls.entries)
            routed.add(id(cls))
    kept = [srv for srv in found if id(srv) not in routed]
    homes = {(srv.ff.path, srv.name) for srv in kept if srv.kind == "asgi" and srv.call is None and srv.lib == "Starlette"}
    return [srv for srv in kept if not (homes and _judged_in_base(project, srv, homes))]


def _factory_built(project: Project, route: WsServer, found: list[WsServer]) -> WsServer | None:
    """The endpoint class a route's callable object builds per connection:
    ``WebSocketRoute(path + "wsrpc", ws_rpc_factory)`` with ``ws_rpc_factory =
    WebSocketJSONRPCServerFactory(...)``, whose ``__call__`` (its own or
    inherited) constructs ``WebSocketJSONRPCServer``, a ``WebSocketEndpoint``
    (platformio's PIO Home): the route and that class are one endpoint."""
    c = route.call
    assert c is not None
    val = c.args[1] if len(c.args) >= 2 else c.kwargs.get("endpoint")
    if val is None or val.k != IDENT or "." in val.v:
        return None
    made = next((k for k in route.ff.calls if k.assigned == val.v and k.func == c.func and k.line < c.line), None)
    got = project_class(project, route.ff, made.callee) if made is not None else None
    call = inherited_method(project, got[0], got[1], "__call__") if got is not None else None
    if call is None:
        return None
    for k in project.calls_in(call[0], call[1].id):
        built = project_class(project, call[0], k.callee)
        srv = next((s for s in found if built is not None and s.call is None and s.lib == "Starlette"
                    and (s.ff.path, s.name) == (built[0].path, built[1])), None)
        if srv is not None:
            return srv
    return None


def _judged_in_base(project: Project, srv: WsServer, homes: set[tuple[str, str]]) -> bool:
    """A route to a project subclass of the project's own Starlette endpoint
    class (otree's ``WebSocketRoute('/chat', cs.WSChat)``, ``WSChat`` built on
    ``_OTreeAsyncJsonWebsocketConsumer(WebSocketEndpoint)``, whose
    ``on_connect`` accepts every socket) is judged in that base, as Channels
    consumers are: the base is one endpoint, not one per route.  A subclass
    that accepts sockets itself (its own ``on_connect``, up to the base) is
    still judged at its route."""
    if srv.kind != "asgi" or srv.call is None or srv.entries:
        return False
    c = srv.call
    val = c.args[1] if len(c.args) >= 2 else c.kwargs.get("endpoint")
    got = project_class(project, srv.ff, val.v) if val is not None and val.k == IDENT else None
    return got is not None and _base_endpoint(project, got[0], got[1], homes, 0)


def _base_endpoint(project: Project, ff: FileFacts, cls: str, homes: set[tuple[str, str]], depth: int) -> bool:
    full = project.full(ff) if ff.shallow else ff
    if depth and (full.path, cls) in homes:
        return True
    if depth >= 3 or any(f.name == "on_connect" for f in methods_of(full, cls)):
        return False
    for base in class_bases(full, cls):
        where = base_class_home(project, full, base.removesuffix("[]"))
        if where is not None and where[1] != cls and _base_endpoint(project, where[0], where[1], homes, depth + 1):
            return True
    return False


def servers(project: Project) -> list[WsServer]:
    got = project.__dict__.get("_rs_ws_servers")
    if got is None:
        got = []
        for ff in project.parsed_code_files():
            if is_mock(ff) or is_demo_path(ff.path) or (tooling_file(ff.path) and not imported_by_service(project, ff.path)):
                continue  # a server of an example, or of a development proxy (devproxy.py), is not deployed
            if ff.lang == "py":
                got.extend(py_servers(project, ff))
            else:
                got.extend(js_servers(project, ff))
        got.extend(_routed_library_consumers(project, got))
        got.sort(key=lambda s: (s.ff.path, s.line, s.col))
        got = _class_endpoints_routed(project, _one_per_variable(got))
        counts: dict[tuple[str, str], int] = {}
        for srv in got:
            k = (srv.ff.path, srv.anchor)
            counts[k] = counts.get(k, 0) + 1
            if counts[k] > 1:
                srv.ordinal = counts[k]
        project.__dict__["_rs_ws_servers"] = got
    return got
