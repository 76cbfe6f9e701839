"""RS401 websocket-no-heartbeat, RS402 websocket-no-connection-cap."""

from __future__ import annotations

import re
from typing import Iterable

from ..facts import BOOL, CALL, FN, IDENT, NULL, NUM, OBJ, OTHER, STR, TMPL, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project, key
from . import check
from ._memo import methods_of, per_calls, per_file, per_project, per_scope, scope_holds
from ._resolve import callee_funcs, fn_of_val, last_name, package_of, resolve_value, scope_files, walk_vals
from ._httpclients import forwards_kwargs
from ._reach import enclosing_class
from ._routes import extends, has_class, project_class
from ._services import app_subclasses, is_browser, string_values
from ._wsservers import LISTENERS, WS_CTORS, WsServer, servers

# ---------------------------------------------------------------------------
# RS401: liveness

_DB_MODULES = ("redis", "ioredis", "@redis/client", "mongodb", "mongoose", "pg", "mysql2", "knex", "sequelize", "amqplib", "nats", "kafkajs")
_NOT_SOCKET = lazy_re(r"worker|pool|child|proc|thread|browser|page|pm2|cluster|transport|mail|smtp|watcher|room", re.I)
_TIMERS = frozenset({"setInterval", "setTimeout", "timers.setInterval", "timers.setTimeout"})
# what else gets pinged: a radio device (zigbee2mqtt's `device.zh.ping()`), a host, a modem or sensor
_NOT_PINGED = lazy_re(r"(?:^|\.)(?:zh|hosts?|modems?|sensors?)(?:$|\.)|device", re.I)
_ALIVE_ATTR = lazy_re(
    r"^(?:is_?alive|alive|last_?pong|last_?seen|last_?ping|last_?heartbeat|last_?activity|pong_?received|awaiting_?pong|missed_?pongs?|heartbeat"
    r"|last_?(?:message|msg)_?(?:received|recieved|recv)?(?:_?at|_?time)?)$",
    re.I,
)
_ALIVE_FUNC = lazy_re(r"heartbeat|keep_?alive|stale|reap|sweep|liveness|alive|idle|ping", re.I)


def _is_db(call: Call) -> bool:
    if package_of(call.recv_type) in _DB_MODULES or package_of(call.callee) in _DB_MODULES:
        return True
    # a client reached through an app decorator or a property (quirrel's `app.redis.ping()`)
    return bool(_DB_RECV.search(call.recv or ""))


_DB_RECV = lazy_re(r"(?i)(?:^|[._])(?:redis|ioredis|valkey|db|database|pg|pool|mongo|mongodb|sql|knex|prisma|cache|memcached?)(?:client|conn|connection)?$")


# constructors of WebSocket *client* connections (ws's default export is the client class)
_WS_CLIENTS = frozenset({"ws", "ws.WebSocket", "ws.default", "WebSocket", "isomorphic-ws", "reconnecting-websocket", "partysocket"})


# sockets a timer may close that are no server's clients: UDP and TCP sockets
# and WebSockets this process opened itself (a request timeout, not a sweep)
_OWN_SOCKETS = frozenset({"dgram", "net", "tls", "http", "https", "http2"})


def _closes_a_client(c: Call) -> bool:
    """``close()``/``terminate()`` of what may be a server's client socket."""
    if c.method not in ("close", "terminate") or _is_db(c) or _NOT_SOCKET.search(c.recv or ""):
        return False
    pkg = package_of(c.recv_type)
    # (closing the WebSocket server itself, on shutdown, drops no dead client)
    return not (c.recv_type in _WS_CLIENTS or c.recv_type in WS_CTORS or pkg.removeprefix("node:") in _OWN_SOCKETS)


_CONNECTS = frozenset({"dgram.createSocket", "net.connect", "net.createConnection", "tls.connect"})


@per_file
def _opens_sockets(project: Project, ff: FileFacts) -> bool:
    """The file opens sockets of its own (UDP, TCP or WebSocket client
    connections): what its timers close are those, on a request timeout."""
    for c in ff.calls:
        callee = c.callee.removeprefix("node:")
        if callee in _CONNECTS or (c.new and c.callee in _WS_CLIENTS):
            return True
    return False


# an HTTP client agent that keeps outbound connections open for reuse
# (agentkeepalive, keepalive-agent): it pings no WebSocket client
_HTTP_AGENT_MODULE = lazy_re(r"agent", re.I)


class _Liveness:
    """Where the project (JS) pings its sockets and drops the dead ones."""

    def __init__(self, project: Project) -> None:
        self.ping: Call | None = None
        self.pong: Call | None = None
        self.terminate: Call | None = None
        self.lib = ""
        self.where: dict[int, str] = {}
        for ff in project.code_files():
            if ff.lang == "py":
                continue
            for m in ff.modules:
                if not m.startswith("./") and re.search(r"heartbeat|keepalive|keep-alive", m, re.I) and not _HTTP_AGENT_MODULE.search(m):
                    self.lib = m
            for c in ff.calls:
                if self.terminate is None and c.callee in _TIMERS and c.args:
                    sweep = self._sweep(project, ff, c.args[0])
                    if sweep is not None:
                        self.terminate = sweep
                        self.where[id(sweep)] = ff.path
                if c.method in ("ping", "on", "once", "terminate") and (c.recv_type in _WS_CLIENTS or _on_open(project, ff, c)):
                    continue  # a socket this process opened to another server: its heartbeat keeps no server's clients alive
                if c.method == "ping" and not _is_db(c) and self.ping is None and not _NOT_PINGED.search(c.recv or "") and not _project_ping_without_socket(project, ff, c):
                    self.ping = c
                    self.where[id(c)] = ff.path
                elif c.method in ("on", "once", "addListener", "addEventListener") and c.args and c.args[0].k == STR and c.args[0].v == "pong" and self.pong is None:
                    self.pong = c
                    self.where[id(c)] = ff.path
                elif c.method == "terminate" and self.terminate is None and not _is_db(c):
                    if package_of(c.recv_type) in ("worker_threads", "child_process") or _NOT_SOCKET.search(c.recv or ""):
                        continue
                    if not self._stale_sweep(project, ff, c):
                        continue  # e.g. dropping a client that failed authentication
                    self.terminate = c
                    self.where[id(c)] = ff.path

    @staticmethod
    def _stale_sweep(project: Project, ff: FileFacts, call: Call) -> bool:
        """A ``terminate()`` that drops clients that stopped answering: it runs
        in a timer or a heartbeat-named function, or the file tracks the
        liveness of that socket (``ws.isAlive``, ``this.lastPong``)."""
        if _tracks_liveness(ff, call.recv or ""):
            return True
        timers = {a.v for c in ff.calls if c.callee in _TIMERS for a in c.args[:1] if a.k == "fn"}
        timer_names = {a.v for c in ff.calls if c.callee in _TIMERS for a in c.args[:1] if a.k == IDENT}
        return any(f.id in timers or f.name in timer_names or _ALIVE_FUNC.search(f.name) for f in project.scopes(ff, call.func)[:20])

    @staticmethod
    def _sweep(project: Project, ff: FileFacts, val: Val) -> Call | None:
        """A timer callback that closes sockets (an application-level stale-client sweep)."""
        fn = project.fn_target(ff, val)
        if fn is None or _opens_sockets(project, ff):
            return None
        calls = project.calls_in(ff, fn.id)
        for c in calls:
            if _closes_a_client(c):
                return c
        # ...or drops a connection object whose liveness the file tracks
        # (`if (Date.now() - conn.lastMessageAt > limit) conn.destroy()`)
        for c in calls:
            if c.method in ("close", "terminate", "destroy", "end", "disconnect") and c.recv and not _is_db(c) and _tracks_liveness(ff, c.recv):
                return c
        # ...or through a function it calls (`setTimeout(() => this.checkConnections(), ms)`)
        for c in calls:
            for tf, f in callee_funcs(project, ff, c):
                if f.id == fn.id and tf is ff:
                    continue
                for d in project.calls_in(tf, f.id):
                    if _closes_a_client(d):
                        return d
        return None

    @property
    def present(self) -> bool:
        return bool(self.lib) or self.terminate is not None or (self.ping is not None and self.pong is not None)

    def partial(self) -> str:
        if self.ping is not None and self.pong is None:
            return f" (it pings in {self.where[id(self.ping)]}:{self.ping.line}, but nothing listens for 'pong' or terminates sockets that stop answering)"
        if self.pong is not None and self.ping is None:
            return f" (a 'pong' listener exists in {self.where[id(self.pong)]}:{self.pong.line}, but the server never sends a ping)"
        return ""


def _project_ping_without_socket(project: Project, ff: FileFacts, call: Call) -> bool:
    """``call`` runs a project function named ``ping`` that pings no socket
    itself (pomelo's ``utils.ping(server.host, cb)``, which runs the system's
    ``ping`` command against a host to see whether a crashed server's machine
    is back): that is no WebSocket ping.  A project ``ping()`` that does ping
    a socket (``ping() { this.ws.ping(); }``) is judged by the call inside it."""
    targets = callee_funcs(project, ff, call)
    return bool(targets) and not any(d.method == "ping" for tf, f in targets for d in project.calls_in(tf, f.id))


def _on_open(project: Project, ff: FileFacts, call: Call) -> bool:
    """The call runs in a listener of the 'open' event of the socket it is
    made on (node-red's ``socket.on('open', () => setInterval(() =>
    socket.ping(), ms))`` in a handler shared by its client and server
    sockets): only a connection the process opens emits 'open' -- a server's
    clients are open when it gets them --, so that is a client's heartbeat."""
    if not call.func or not call.recv:
        return False
    handlers = _open_listeners(project, ff).get(call.recv)
    if not handlers:
        return False
    return not handlers.isdisjoint(f.id for f in project.scopes(ff, call.func))


@per_file
def _open_listeners(project: Project, ff: FileFacts) -> dict[str, set[str]]:
    """receiver -> the ids of the functions the file listens to its 'open' event with."""
    out: dict[str, set[str]] = {}
    for c in ff.calls:
        if (c.method in ("on", "once", "addListener", "addEventListener") and len(c.args) >= 2 and c.args[0].k == STR and c.args[0].v == "open"
                and c.args[1].k == FN):
            out.setdefault(c.recv, set()).add(c.args[1].v)
    return out


def _tracks_liveness(ff: FileFacts, recv: str) -> bool:
    """The file reads the liveness mark of the connection ``recv`` (`ws.isAlive`,
    `this.lastPong` beside `this.socket`), not any `device.lastSeen` of the file."""
    for a in ff.attrs:
        head, _, last = a.rpartition(".")
        if _ALIVE_ATTR.match(last) and head and (head == recv or recv.startswith(head + ".")):
            return True
    return False


def _nullish(project: Project, ff: FileFacts, val: Val | None) -> bool:
    if val is None:
        return False
    v = project.resolve(ff, val)
    return v.k == NULL


def _zero(project: Project, ff: FileFacts, val: Val | None) -> bool:
    if val is None:
        return False
    v = project.resolve(ff, val)
    return v.k == NUM and v.v.strip() in ("0", "0.0", "0e0") or v.k == BOOL and v.v == "false"


_AIOHTTP_READS = frozenset({"receive", "receive_str", "receive_json", "receive_bytes", "__anext__"})


def _never_reads(project: Project, srv: WsServer) -> bool:
    """An aiohttp handler that only sends on its socket and closes it itself
    (mautrix's QR login: send, wait on something with a timeout, close): it
    never waits in ``receive()``, so a vanished client cannot hold it open."""
    if not srv.entries or srv.call is None:
        return False
    ff, fn = srv.entries[0]
    ws = srv.call.assigned
    if not ws or "." in ws:
        return False  # (a socket kept on an object is read elsewhere)
    calls = project.calls_in(ff, fn.id)
    if any(c.recv == ws and c.method in _AIOHTTP_READS for c in calls):
        return False
    if any(isinstance(a, list) and len(a) >= 3 and a[1] == ws for a in (ff.extra or {}).get("async_for", ())):
        return False  # `async for msg in ws:`
    if any(v.k == IDENT and v.v == ws for c in calls for v in (*c.args, *c.kwargs.values()) if c.method != "prepare"):
        return False  # handed to other code, which may read it
    return any(c.recv == ws and c.method == "close" for c in calls)


def _keepalive_closes(project: Project, srv: WsServer) -> bool:
    """The handler hands its socket to a liveness-named function of the
    project (``_run_keepalive(websocket, last_inbound)``, ``watch_idle(ws)``)
    that closes that socket: a hand-written keepalive that ends a connection
    whose client went silent, so a vanished client does not hold the handler."""
    if not srv.entries or srv.call is None or not srv.call.assigned:
        return False
    ff, fn = srv.entries[0]
    ws = srv.call.assigned
    for c in project.calls_in(ff, fn.id):
        at = [i for i, a in enumerate(c.args) if a.k == IDENT and a.v == ws]
        if not at:
            continue
        for tf, f in callee_funcs(project, ff, c):
            params = f.params[1 if f.cls else 0:]
            held = {params[i] for i in at if i < len(params)}
            if held and _ALIVE_FUNC.search(f.name) and any(
                    d.method == "close" and d.recv in held for d in project.calls_in(tf, f.id)):
                return True
    return False


def _file_pings(ff: FileFacts) -> bool:
    """The handler's file sends pings itself (a hand-written keepalive loop)."""
    return per_calls("file-pings", ff, lambda calls: any(_sends_ping(ff, c) for c in calls))


def _sends_ping(ff: FileFacts, c: Call) -> bool:
    """``c`` pings a socket of its own accord: a ``.ping()`` that is no
    database ping and no relayed ping (:func:`_relays_ping`)."""
    return c.method == "ping" and not _is_db(c) and not _relays_ping(ff, c)


def _relays_ping(ff: FileFacts, c: Call) -> bool:
    """``c`` forwards a ping that arrived from the other side of a proxy: it
    pings with the payload its function was handed, and that function runs
    when a ping arrives, an ``on_ping`` method or a callback given under a
    keyword naming pings (jupyter-server-proxy's ``ping_cb(data)``, passed as
    ``on_ping_callback=``, calls ``self.ping(data)``).  It pings only when the
    backend does, so it keeps no client honest."""
    fn = next((f for f in ff.funcs if f.id == c.func), None) if c.func else None
    if fn is None or len(c.args) != 1 or c.args[0].k != IDENT or c.args[0].v not in fn.params[1 if fn.cls else 0:]:
        return False
    return fn.name == "on_ping" or any(
        v.k == FN and v.v == fn.id and "ping" in k.lower() for call in ff.calls for k, v in call.kwargs.items()
    )


def _broadcasts(project: Project, srv: WsServer, client_set: bool = True) -> bool:
    """The server's service reads a client set (``wss.clients``; only when the
    server keeps one) or calls a ``broadcast``: what it sends to everyone also
    goes to dead clients.  A read or broadcast in another file, on the name of
    a WebSocket server built in that file, is that server's (anyproxy's proxy
    server in wsServerMgr.js: the `wss.clients` and `wss.broadcast` are its web
    UI's log stream's, built and used in wsServer.js)."""
    built = _servers_by_file(project)
    own = srv.ff.path

    def its(ff: FileFacts, head: str) -> bool:
        return ff.path == own or last_name(head) not in built.get(ff.path, ())

    return any((client_set or not is_set) and its(ff, head)
               for ff, head, is_set in _client_set_uses(project, scope_files(project, own)))


@per_project
def _servers_by_file(project: Project) -> dict[str, frozenset[str]]:
    """File -> the names of the WebSocket servers built in it (once per scan,
    not once per server: see :func:`_broadcasts`)."""
    out: dict[str, set[str]] = {}
    for s in servers(project):
        if s.call is not None:
            out.setdefault(s.ff.path, set()).add(last_name(s.name))
    return {k: frozenset(v) for k, v in out.items()}


def _client_set_uses(project: Project, files: list[FileFacts]) -> list[tuple[FileFacts, str, bool]]:
    """(file, object, whether it is a client-set read) of every ``<obj>.clients``
    read and ``<obj>.broadcast(...)`` call in the JS/TS files of one scope that
    are not browser code (a service worker's ``self.clients``), in file order.
    Collected once per scope (:func:`scope_files` gives every path of one scope
    the same list), not once per server of it."""
    def collect() -> list[tuple[FileFacts, str, bool]]:
        out: list[tuple[FileFacts, str, bool]] = []
        for ff in files:
            if ff.lang == "py" or is_browser(project, ff):
                continue
            out += [(ff, a[: -len(".clients")], True) for a in ff.attrs if a.endswith(".clients")]
            out += [(ff, c.recv, False) for c in ff.calls if c.method == "broadcast"]
        return out

    return per_scope(project, "ws_client_set_uses", files, collect)  # type: ignore[no-any-return]


def _keeps_no_client_set(project: Project, srv: WsServer) -> bool:
    """A ws server built with ``clientTracking: false`` (bittorrent-tracker's
    server.js) has no ``wss.clients``: its dead sockets stay open, but in no
    set of the server's, and nothing broadcasts through one."""
    val = key(srv.opts, "clientTracking")
    if val is None:
        return False
    v = project.resolve(srv.ff, val)
    return v.k == BOOL and v.v == "false"


def _dead_socket_effect(kind: str, broadcasts: bool = True) -> str:
    if kind in ("tornado", "flask-sock", "simple-websocket", "autobahn", "eventlet"):
        end = {"tornado": "`on_close` never runs", "autobahn": "`onClose` never runs", "eventlet": "its `wait()` never returns"}.get(kind, "its `receive()` never returns")
        return (f"a client that vanishes without a close frame (mobile network switch, NAT/load-balancer idle timeout, crashed browser) "
                f"is never detected: {end} and the handler keeps its socket and per-connection state")
    if kind == "aiohttp":
        return "a client that vanishes without a close frame (mobile network switch, NAT/load-balancer idle timeout, crashed browser) leaves the handler waiting in `receive()` forever, holding its task, socket and per-connection state"
    if kind == "ws-untracked":
        gets = ", and still receive every broadcast" if broadcasts else ""
        return ("clients that vanish without a close frame (mobile network switch, NAT/load-balancer idle timeout, crashed browser) are never detected: "
                f"ws keeps no client set here (`clientTracking: false`), but their sockets stay open and keep their memory and file descriptor{gets}")
    keep = "keep their memory and file descriptor, and still receive every broadcast" if broadcasts else "and keep their memory and file descriptor"
    return f"clients that vanish without a close frame (mobile network switch, NAT/load-balancer idle timeout, crashed browser) are never detected: they stay in the server's client set, {keep}"


def _ws_dead_socket_effect(project: Project, srv: WsServer) -> str:
    tracked = not _keeps_no_client_set(project, srv)
    return _dead_socket_effect("ws" if tracked else "ws-untracked", _broadcasts(project, srv, client_set=tracked))


def _graphql_ws_keepalive(project: Project, srv: WsServer) -> bool:
    """graphql-ws serves the ws server: ``useServer({ schema }, wss)`` pings
    every client (every 12 s unless its third argument, ``keepAlive``, is 0)
    and terminates the ones that send no pong."""
    for c in _use_server_calls(project, srv.ff):
        target = c.args[1]
        if target.k == IDENT and target.v == srv.name and not (len(c.args) > 2 and _zero(project, srv.ff, c.args[2])):
            return True
    return False


@per_file
def _use_server_calls(project: Project, ff: FileFacts) -> list[Call]:
    """The file's graphql-ws ``useServer(options, server)`` calls."""
    return [c for c in ff.calls if c.callee.startswith("graphql-ws/") and c.callee.endswith("/ws.useServer") and len(c.args) >= 2]


@check("RS401")
def websocket_no_heartbeat(project: Project) -> Iterable[Hit]:
    all_servers = servers(project)
    if not all_servers:
        return
    live: _Liveness | None = None
    for srv in all_servers:
        ff = srv.ff
        msg = ""
        related: list[Related] = []
        if srv.kind == "ws" or (srv.kind == "nest" and srv.adapter == "ws"):
            if live is None:
                live = _Liveness(project)
            if live.present or _graphql_ws_keepalive(project, srv):
                continue
            if srv.kind == "nest":
                what = f"WebSocket gateway `{srv.name}` (NestJS, ws adapter)"
            elif srv.lib != "ws":
                what = f"WebSocket server of {srv.lib} (ws underneath)"
            else:
                what = f"WebSocket server `{srv.name}` (ws)"
            msg = f"{what} has no heartbeat: ws never pings on its own and nothing in the project sends `ping()` and checks for 'pong'{live.partial()}, so {_ws_dead_socket_effect(project, srv)}"
        elif srv.kind == "socketio":
            pi = key(srv.opts, "pingInterval")
            if not _zero(project, ff, pi):
                continue
            msg = f"socket.io server `{srv.name}` sets pingInterval: 0, switching off socket.io's built-in heartbeat, so {_dead_socket_effect('socketio')}"
        elif srv.kind == "py-socketio":
            pi = key(srv.opts, "ping_interval")
            if not _zero(project, ff, pi):
                continue
            msg = f"{srv.lib} server `{srv.name}` sets ping_interval=0, switching off its built-in heartbeat, so {_dead_socket_effect('socketio')}"
        elif srv.kind == "websockets":
            opts = srv.opts
            keys = (opts.keys or {}) if opts is not None else {}
            if opts is None or opts.open or "ping_interval" not in keys:
                continue
            if not _nullish(project, ff, keys["ping_interval"]):
                continue
            if _file_pings(srv.entries[0][0] if srv.entries else ff):
                continue
            msg = f"websockets server for `{srv.name}` passes ping_interval=None, switching off the library's keepalive pings, so {_dead_socket_effect('websockets')}"
        elif srv.kind == "aiohttp":
            opts = srv.opts
            keys = (opts.keys or {}) if opts is not None else {}
            if opts is not None and opts.open:
                continue
            hb = keys.get("heartbeat")
            rt = keys.get("receive_timeout")
            if hb is not None and not _nullish(project, ff, hb):
                continue
            if rt is not None and not _nullish(project, ff, rt):
                continue
            if _file_pings(ff) or _never_reads(project, srv) or _keepalive_closes(project, srv):
                continue
            how = "sets heartbeat=None" if hb is not None else "has no heartbeat="
            msg = f"aiohttp WebSocketResponse in `{srv.name}` {how}: aiohttp only answers pings, it never sends them, so {_dead_socket_effect('aiohttp')}"
        elif srv.kind in ("tornado", "autobahn"):
            tornado = srv.kind == "tornado"
            apps: tuple[tuple[str, int], ...] = ()
            if tornado:
                unpinged = _tornado_unpinged(project, srv)
                setting, apps = unpinged if unpinged is not None else (None, ())
            else:
                setting = _autobahn_unpinged(project, srv)
            if setting is None:
                continue
            what, runs, needs = (("Tornado WebSocketHandler", "runs in an Application with", "that setting") if tornado
                                 else ("Autobahn WebSocketServerProtocol", "runs with", "autoPingInterval"))
            msg = f"{what} `{srv.name}` {runs} {setting}: {srv.lib} sends no pings unless {needs} is above 0, so {_dead_socket_effect(srv.kind)}"
            # (Tornado: where the Applications are built, so the reader can set the interval there: mopidy's actor.py)
            related = [Related(path, line, "Tornado Application built here, with no websocket_ping_interval above 0")
                       for path, line in apps[:3] if (path, line) != (ff.path, srv.line)]
        elif srv.kind == "eventlet":
            if not _eventlet_unpinged(project, srv):
                continue
            msg = (f"eventlet WebSocket application (handler `{srv.name}`) has no heartbeat: eventlet only answers pings, it never sends them, "
                   f"and no socket timeout ends an idle connection, so {_dead_socket_effect('eventlet')}")
        elif srv.kind == "flask-sock":
            if _sock_options_set(project) or _file_pings(ff):
                continue
            msg = (f"Flask-Sock route `{srv.name}` runs with no SOCK_SERVER_OPTIONS ping_interval: simple-websocket sends no pings "
                   f"by default, so {_dead_socket_effect('flask-sock')}")
        elif srv.kind == "simple-websocket":
            if not _simple_ws_unpinged(project, srv) or _file_pings(ff):
                continue
            msg = (f"simple-websocket Server in `{srv.name}` is built with no ping_interval: simple-websocket sends no pings "
                   f"by default, so {_dead_socket_effect('simple-websocket')}")
        else:
            continue
        yield Hit("RS401", ff.path, srv.line, msg, column=srv.col, anchor=srv.anchor, related=related)


_TORNADO_PING = "websocket_ping_interval"


# Autobahn protocol methods that send a ping: ``sendPing()``, and the private
# ``_sendAutoPing()`` its own auto-ping timer calls, which also arms the
# ``autoPingTimeout`` that drops a peer sending no pong (daphne calls it from
# its own idle check instead of setting ``autoPingInterval``)
_AUTOBAHN_PINGS = frozenset({"sendPing", "_sendAutoPing"})


def _autobahn_unpinged(project: Project, srv: WsServer) -> str | None:
    """How an Autobahn server leaves pings off, or None when they may be on.
    Autobahn's ``autoPingInterval`` defaults to 0 (no pings); a factory's
    ``setProtocolOptions(autoPingInterval=N)`` anywhere in the server's scope
    (options it cannot read, ``**opts``, count as set), or a ``sendPing()``
    or ``_sendAutoPing()`` in the protocol's file, is a heartbeat."""
    if any(c.method in _AUTOBAHN_PINGS for c in srv.ff.calls):
        return None
    state = _autobahn_option(project, srv, "autoPingInterval")
    if state == "set":
        return None
    if state == "zero":
        return "autoPingInterval=0"
    return "no autoPingInterval (no setProtocolOptions call sets it)"


def _autobahn_option(project: Project, srv: WsServer, name: str) -> str:
    """What the ``setProtocolOptions(...)`` calls in an Autobahn server's
    scope give option ``name`` (whose default is 0): "set" (above 0, or
    options it cannot read: ``**opts``, positional arguments), "zero" (only
    0), or "absent"."""
    zero = False
    for ff in scope_files(project, srv.ff.path):
        for c in ff.calls:
            if c.method != "setProtocolOptions":
                continue
            if "**" in c.kwargs or c.args:
                return "set"
            val = c.kwargs.get(name)
            if val is None:
                continue
            if not _zero(project, ff, val):
                return "set"
            zero = True
    return "zero" if zero else "absent"


def _eventlet_unpinged(project: Project, srv: WsServer) -> bool:
    """An eventlet WebSocket handler that nothing keeps honest: no ping is sent
    in its file (``ws.ping()``, or a control frame sent by hand,
    ``ws.send(b"", control_code=9)``), and no socket timeout, which makes
    ``wait()`` raise on an idle connection, is set in its service: a
    ``socket_timeout=`` given to eventlet's WSGI server, or a ``settimeout()``
    other than None in the handler's file or in a function that accepts the
    connections (:func:`_accepts_connections`) -- copying the server's own attribute
    (``sock.settimeout(self._serv.socket_timeout)``, nameko's accept loop)
    counts only when some server is given one."""
    hf = srv.entries[0][0] if srv.entries else srv.ff
    if _file_pings(hf) or any(c.method == "send" and "control_code" in c.kwargs for c in hf.calls):
        return False
    for ff in scope_files(project, srv.ff.path):
        if ff.lang != "py":
            continue
        for c in ff.calls:
            given = c.kwargs.get("socket_timeout")
            if given is not None and not _nullish(project, ff, given):
                return False
            arg = c.args[0] if c.method == "settimeout" and c.args else None
            if arg is not None and not _nullish(project, ff, arg) and not (arg.k == IDENT and arg.v.endswith(".socket_timeout")) \
                    and (ff is hf or _accepts_connections(project, ff, c.func)):
                return False
    return True


def _accepts_connections(project: Project, ff: FileFacts, fid: str) -> bool:
    """Does function ``fid`` (or one it is nested in) accept connections
    (``sock, addr = listener.accept()``)?  A ``settimeout()`` there times out
    the sockets the server serves; one elsewhere is on some other socket (ryu's
    VRRP monitor's packet socket, its OpenFlow and Zebra sockets), which does
    nothing for the WebSocket connections."""
    return bool(fid) and any(c.method == "accept" for fn in project.scopes(ff, fid) for c in project.calls_in(ff, fn.id, nested=False))


def _simple_ws_unpinged(project: Project, srv: WsServer) -> bool:
    """``simple_websocket.Server(environ)`` with no ``ping_interval`` (its
    fourth parameter), or one given ``None``: no pings.  A value riskscan
    cannot read (a parameter, a setting) may switch them on."""
    return _simple_ws_option_off(project, srv, "ping_interval", 3)


def _simple_ws_option_off(project: Project, srv: WsServer, name: str, index: int) -> bool:
    """``simple_websocket.Server(environ, ...)`` (or ``Server.accept``) leaves
    the option ``name`` (positional ``index``) unset or gives it ``None``,
    simple-websocket's default, which switches it off.  Options spread from a
    mapping (``**opts``) or a value riskscan cannot read may set it."""
    c = srv.call
    if c is None or "**" in c.kwargs:
        return False
    val = c.kwargs.get(name) or (c.args[index] if len(c.args) > index else None)
    if val is None:
        return True
    return project.resolve(srv.ff, val).k == NULL


def _sock_options_set(project: Project) -> bool:
    """Flask-Sock's server options (``app.config['SOCK_SERVER_OPTIONS'] =
    {'ping_interval': 25}``) are named somewhere in the project: they may
    well switch pings on (how they are set is not followed)."""
    return any(
        "SOCK_SERVER_OPTIONS" in ff.consts
        or any("SOCK_SERVER_OPTIONS" in s for s in string_values(ff))
        or any(isinstance(a, list) and a and "SOCK_SERVER_OPTIONS" in str(a[0]) for a in (ff.extra or {}).get("assigns") or ())  # (what _assigns keeps)
        for ff in project.parsed_code_files() if ff.lang == "py"
    )


def _tornado_unpinged(project: Project, srv: WsServer) -> tuple[str, tuple[tuple[str, int], ...]] | None:
    """Every ``tornado.web.Application`` of the project is built with settings
    we can read, none sets ``websocket_ping_interval`` above 0, and the handler
    sends no pings of its own (``self.ping()``, a ``ping_interval`` override):
    what the settings say about pings and where the Applications are built
    (path, line), else None.  An application built
    elsewhere (a framework's, settings spread from a configuration object) may
    set it: None, unless the project names the setting only with values that
    switch pings off (webssh: ``websocket_ping_interval=options.wpintvl``, the
    option defined with ``default=0``).  A project base class
    (jupyter-server-proxy's ``WebSocketHandlerMixin``) stands for the handlers
    built on it: it pings when each of them does (:func:`_subclasses_ping`)."""
    if _file_pings(srv.ff) or _overrides_ping_interval(srv.ff, srv.name) or _subclasses_ping(project, srv.ff, srv.name):
        return None
    return _tornado_apps_unpinged(project)


def _overrides_ping_interval(ff: FileFacts, cls: str) -> bool:
    """The Tornado handler class overrides the ping interval Tornado reads
    (``ping_interval``, ``get_websocket_ping_interval``)."""
    return any(f.name in ("ping_interval", "get_websocket_ping_interval") for f in methods_of(ff, cls))


def _subclasses_ping(project: Project, ff: FileFacts, cls: str, depth: int = 0) -> bool:
    """The class has project subclasses and each of them pings: sends pings
    in its own methods (and the functions nested in them), overrides the ping
    interval, or has subclasses that all do (three levels)."""
    subs = _project_subclasses(project, ff.path, cls) if depth < 2 else []
    return bool(subs) and all(
        _overrides_ping_interval(sf, sub)
        or any(_sends_ping(sf, c) and enclosing_class(project, sf, c.func) == sub for c in sf.calls)
        or _subclasses_ping(project, sf, sub, depth + 1)
        for sf, sub in subs
    )


@per_project
def _tornado_apps_unpinged(project: Project) -> tuple[str, tuple[tuple[str, int], ...]] | None:
    """The project builds Tornado Applications and none of its settings sets
    ``websocket_ping_interval`` above 0 (once per project: asked per handler):
    how the settings leave pings off, and the (path, line) of each
    Application construction counted, else None.  A subclass whose
    ``__init__`` hands its own arguments on (:func:`_tornado_app_classes`)
    is built where the project constructs it, with the settings each
    construction passes; one the project never constructs is built
    elsewhere, with settings not known, like settings spread from a mapping."""
    apps: list[tuple[str, int]] = []  # where each Application is built
    opaque = False  # settings from a mapping we do not follow
    off: str | None = None  # how the project sets the interval to no pings
    forwarding, plain = _tornado_app_classes(project)
    constructed: set[tuple[str, str]] = set()
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        subclasses = _tornado_app_subclasses(ff)
        named = [v.keys[_TORNADO_PING] for const in ff.consts.values() for v in walk_vals(const) if v.keys and _TORNADO_PING in v.keys]
        for c in ff.calls:
            if _TORNADO_PING in c.kwargs:
                named.append(c.kwargs[_TORNADO_PING])  # Application(..., websocket_ping_interval=20), dict(websocket_ping_interval=20)
            named += [v.keys[_TORNADO_PING] for a in c.args if a.keys or a.items  # (a plain value holds no mapping)
                      for v in walk_vals(a) if v.keys and _TORNADO_PING in v.keys]
            built = _app_class_built(project, ff, c, forwarding)
            if built is not None:
                constructed.add(built)
            elif c.callee != "tornado.web.Application" and _app_class_built(project, ff, c, plain) is None and not (
                _super_init_in(project, ff, c, subclasses) and (ff.path, enclosing_class(project, ff, c.func)) not in forwarding
            ):
                continue
            apps.append((ff.path, c.line))
            opaque = opaque or "**" in c.kwargs or len(c.args) > 1
        for val in named:
            why = _tornado_ping_off(project, ff, val)
            if why is None:
                return None
            off = why
    opaque = opaque or constructed != forwarding
    if not apps or (opaque and off is None):
        return None
    return off or "no websocket_ping_interval", tuple(apps)


def _tornado_ping_off(project: Project, ff: FileFacts, val: Val) -> str | None:
    """A ``websocket_ping_interval`` value that switches pings off (None or 0:
    Tornado pings only above 0), also a ``tornado.options`` option whose
    ``define()`` default is: how it is set, else None."""
    if _nullish(project, ff, val) or _zero(project, ff, val):
        return f"websocket_ping_interval={project.resolve(ff, val).v or 'None'}"
    m = re.fullmatch(r"(?:tornado\.options\.)?options\.(\w+)", val.v) if val.k == IDENT else None
    found = _tornado_option_default(project, m.group(1)) if m else None
    if m is None or found is None:
        return None
    dff, default = found
    if not (_nullish(project, dff, default) or _zero(project, dff, default)):
        return None
    return (f"websocket_ping_interval from the option `{m.group(1)}`, which is {project.resolve(dff, default).v or 'None'} ({dff.path}:{default.line}) "
            f"unless the server is started with --{m.group(1)}")


def _tornado_option_default(project: Project, name: str) -> tuple[FileFacts, Val] | None:
    """The default of the one ``tornado.options.define(name, default=...)``
    of the project (also given as the second argument)."""
    found = [
        (ff, c.kwargs.get("default") or c.args[1])
        for ff in project.parsed_code_files() if ff.lang == "py"
        for c in ff.calls
        if c.callee == "tornado.options.define" and c.args and c.args[0].k == STR and c.args[0].v == name and ("default" in c.kwargs or len(c.args) > 1)
    ]
    return found[0] if len(found) == 1 else None


def _tornado_app_subclasses(ff: FileFacts) -> set[str]:
    """Classes of the file built on ``tornado.web.Application``."""
    return {name for name, base in app_subclasses(ff).items() if base == "tornado.web.Application"}


def _super_init_in(project: Project, ff: FileFacts, c: Call, classes: set[str]) -> bool:
    """``c`` is a ``super().__init__(...)`` in a method of one of ``classes``
    (``class Application(tornado.web.Application)``: its
    ``super().__init__(handlers, **settings)`` builds the app)."""
    return bool(classes) and c.method == "__init__" and c.callee.startswith("super") and enclosing_class(project, ff, c.func) in classes


@per_project
def _tornado_app_classes(project: Project) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(module path, class) of the project's Tornado Application subclasses
    built with the settings each construction passes, in two sets:

    * *forwarding*: an ``__init__`` that hands the caller's arguments to
      Tornado as given, ``super().__init__(*args, **kwargs)`` with no
      websocket_ping_interval set on them (distributed's ``RoutingApplication``);
    * *plain*: no ``__init__`` of their own (``class App(tornado.web.Application):
      pass``), so constructing one builds a Tornado Application."""
    forwarding: set[tuple[str, str]] = set()
    plain: set[tuple[str, str]] = set()
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        subclasses = _tornado_app_subclasses(ff)
        if not subclasses:
            continue
        for c in ff.calls:
            if _super_init_in(project, ff, c, subclasses) and forwards_kwargs(ff, project.func_of(ff, c), c, _TORNADO_PING):
                forwarding.add((ff.path, enclosing_class(project, ff, c.func)))
        for name in subclasses:
            if not any(f.name == "__init__" for f in methods_of(ff, name)):
                plain.add((ff.path, name))
    return forwarding, plain


def _app_class_built(project: Project, ff: FileFacts, c: Call, classes: set[tuple[str, str]]) -> tuple[str, str] | None:
    """The Application subclass among ``classes`` that call ``c`` constructs (``RoutingApplication(routes)``), if any."""
    if not classes or last_name(c.callee) not in {cls for _, cls in classes}:
        return None
    home = project_class(project, ff, c.callee)
    built = (home[0].path, home[1]) if home is not None else None
    return built if built in classes else None


# ---------------------------------------------------------------------------
# RS402: connection cap

# `ws` only as a word or a camelCase part of one (`ws`, `wss`, `ws_clients`,
# `openWs`), not inside another word: `len(rows)` counts database rows
# (nor are `news`, `views` or `flows` sockets)
_CONN = lazy_re(r"client|conn|socket|sock\b|peer|session|subscriber|(?-i:(?<![A-Za-z])[wW][sS]|(?<=[a-z])W[sS])|websocket|user|viewer|listener", re.I)
_COUNT_KEY = lazy_re(r"count|conns?\b|connections|per_?(?:user|ip|client|host)|PerUser|PerIp|PerClient|PerHost", re.I)
_COUNT_MEMBERS = frozenset({"size", "length", "clientsCount", "count", "connectionCount", "connectionsCount"})
# a maximum of what one client sends rather than of clients: the size or the
# rate of its messages (lnbits' WEBSOCKET_CLIENT_MAX_MESSAGE_BYTES and
# WEBSOCKET_CLIENT_MAX_MESSAGES_PER_SECOND)
_PER_MESSAGE = r"(?!\w*?(?:message|msg|payload|bytes?|size|frame|buffer|per_?(?:sec|second|minute|min|hour)s?(?![a-z])))"
_MAX_NAME = lazy_re(
    r"max_?(?:ws_?|websocket_?|socket_?|concurrent_?|open_?|active_?)?(?:conn|client|socket|peer|session|user|subscriber)" + _PER_MESSAGE +
    r"|(?:conn|client|socket|peer|session)(?:ection)?s?_?(?:limit|cap|max|quota)" + _PER_MESSAGE +
    r"|(?:limit|cap)_?(?:conn|client|socket)",
    re.I,
)
# (a state word before a singular noun names one object, not a count: the
# signed-in user's `current_session`, Flask-Login's `current_user`, an
# `active_client`; its plural, `active_connections`, `open_sockets`, is the set
# of open ones, whose size is the count, and `current_user_count` one)
_COUNTER_NAME = lazy_re(
    r"(?:conn|client|socket|peer|session|ws)(?:ection)?s?_?(?:count|num|total|active|open)"
    r"|(?:num|total)_?(?:conn|client|socket|peer|session|ws|user)"
    r"|(?:active|open|current|live|connected)_?(?:conn(?:ection)?s|clients|sockets|peers|sessions|ws|users"
    r"|(?:conn|client|socket|peer|session|user)(?:ection)?_?(?:count|num|total))",
    re.I,
)
# (websockify's request handler closes with send_close(code, reason))
_REJECT_METHODS = frozenset({"close", "terminate", "destroy", "disconnect", "end", "reject", "abort", "deny", "refuse", "send_close"})
# (Autobahn refuses a handshake by raising ConnectionDeny(code, reason) in onConnect)
_REJECT_NAMES = lazy_re(r"(?:Error|Exception|Refused|RefusedError|Unavailable|TooManyRequests|Forbidden|Disconnect|ConnectionDeny)$")
_FULL_TEXT = lazy_re(r"\bfull\b|capacity|too many|limit|max(?:imum)?\b|busy|overload|try again|unavailable|\b(?:503|429)\b", re.I)
_STRONG_CODES = ("1013", "503", "429")
# a refusal that speaks of a request rate limits how often, not how many sockets
# are open at once (cashu's `raise Exception("Rate limit exceeded")` per address)
_RATE_TEXT = lazy_re(r"\brate[\s_-]*limit|\bratelimit|\bthrottl|\bper\s+(?:second|minute|hour)\b|\brequests?\s+per\b", re.I)
# nor does one that speaks of the size of what a client sends: it limits how big
# a message, upload or file may be (vllm's realtime endpoint raises
# `VLLMValidationError("Maximum file size exceeded")` for an audio chunk)
_SIZE_TEXT = lazy_re(r"\b(?:file|payload|message|body|frame|upload|chunk|audio|image|video|buffer|data|content|request)[\s_-]*(?:size|length)\b"
                     r"|\btoo\s+(?:large|big)\b|\b(?:bytes|[kmg]i?b)\b", re.I)


def _vals_text(call: Call) -> list[Val]:
    out: list[Val] = []
    for a in [*call.args, *call.kwargs.values()]:
        out.extend(walk_vals(a))
    return out


def _is_reject(call: Call) -> bool:
    name = call.method or last_name(call.callee)
    if name in _REJECT_METHODS or _REJECT_NAMES.search(name):
        return True
    if name in ("writeHead", "status", "send", "write", "Response", "JSONResponse", "PlainTextResponse", "HTTPException"):
        return _strong_args(call)
    return False


def _strong_args(call: Call) -> bool:
    for v in _vals_text(call):
        if v.k == NUM and v.v in _STRONG_CODES:
            return True
        if v.k == IDENT and re.search(r"1013|TRY_AGAIN|SERVICE_UNAVAILABLE|TOO_MANY", v.v):
            return True
        text = _INTERPOLATION.sub(" ", v.v) if v.k == TMPL else v.v
        if v.k in (STR, TMPL) and _FULL_TEXT.search(text) and not _RATE_TEXT.search(text) and not _SIZE_TEXT.search(text):
            return True
    return False


# a value put into a template (`{max}`, `${limit}`): a variable's name, not words
# of the message (mopidy's check_integer: f"Expected number smaller or equal to {max}")
_INTERPOLATION = lazy_re(r"\$?\{[^{}]*\}")


def _file_counts(ff: FileFacts) -> bool:
    """The file reads a connection count or a connection maximum."""
    for a in ff.attrs:
        obj, _, member = a.rpartition(".")
        if member in _COUNT_MEMBERS and (_CONN.search(obj) or member == "clientsCount"):
            return True
        if _MAX_NAME.search(member) or _COUNTER_NAME.search(member):
            return True
    for name in ff.consts:
        if _MAX_NAME.search(name) or _COUNTER_NAME.search(name):
            return True
    return False


# a name for one value, a string: its len() is the length of an id or a
# token (bokeh's `len(session_id) == 0`, an empty-id check), not a count
_ONE_VALUE = lazy_re(r"(?:^|[._])(?:\w+_)?(?:id|token|key|name|url|path)$|[a-z](?:Id|Token|Key|Name|Url|Path)$")


# what one connection carries -- its messages, frames, buffered bytes: their
# len() is no count of open sockets (mitmproxy's `len(flow.websocket.messages)`,
# a proxied flow's message count, in the helper that serialises the flow)
_CARRIED = lazy_re(r"(?:^|[._])(?:\w+_)?(?:messages|msgs|frames|chunks|buffer|payload|bytes)$|[a-z](?:Messages|Msgs|Frames|Chunks|Buffer|Payload|Bytes)$")


_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "trace"})


def _log_call(c: Call) -> bool:
    """``logger.info(...)``, ``console.log(...)``, ``print(...)``: a log line."""
    name = c.method or last_name(c.callee)
    return c.callee == "print" or (name in _LOG_METHODS and bool(c.recv) and ("log" in c.recv.lower() or c.recv == "console"))


def _logged_only(c: Call, logs: list[Call]) -> bool:
    """``c`` is an argument of a log line (solara's ``logger.info("Page %s still has
    %d connection(s)", page_id, len(connections))`` in its disconnect cleanup): the
    count is written down, not checked."""
    return any(
        lg is not c and (lg.line, lg.col) <= (c.line, c.col) and (lg.end_line, lg.end_col) >= (c.end_line, c.end_col)
        for lg in logs
    )


# a name for one socket (`conn`, `ws`, `this.socket`): a map's entry for it is that connection's own
_ONE_SOCKET = lazy_re(r"(?:^|\.)(?:conn|connection|ws|websocket|socket|sock)$", re.I)


def _func_counts(ff: FileFacts, calls: list[Call]) -> bool:
    logs = [c for c in calls if c.end_line and _log_call(c)]
    for c in calls:
        if logs and c.end_line and _logged_only(c, logs):
            continue
        if c.callee == "len" and c.args and any(
            v.k in (IDENT, CALL) and (_CONN.search(v.v) or _COUNTER_NAME.search(v.v)) and not _ONE_VALUE.search(v.v) and not _CARRIED.search(v.v)
            for v in c.args
        ):
            return True
        if c.method in ("size", "count", "countDocuments", "scard", "sCard", "zcard", "zCard", "hlen", "hLen", "fetchSockets", "allSockets") and (_CONN.search(c.recv) or any(v.k in (STR, TMPL) and _CONN.search(v.v) for v in _vals_text(c))):
            return True
        # get / incr read a count only when the receiver or the key names one
        # (`redis.incr('ws:conns:' + ip)`, `connectionsPerIp.get(ip)`); a session
        # store's or a user table's get() looks up one record
        # (nor does `doc.conns.get(conn)`: keyed by the socket itself, it looks
        # up that connection's own entry)
        if c.method in ("incr", "get") and (_COUNT_KEY.search(c.recv) or any(v.k in (STR, TMPL) and _COUNT_KEY.search(v.v) for v in _vals_text(c))) and not (
            c.method == "get" and len(c.args) == 1 and c.args[0].k == IDENT and _ONE_SOCKET.search(c.args[0].v)
        ):
            return True
    return False


_TEARDOWN_EVENTS = frozenset({"close", "end", "disconnect", "error"})
# a connection object's own registrar for its end: `client.onClose(fn)`
_TEARDOWN_REGISTRARS = frozenset("on" + ev.capitalize() for ev in _TEARDOWN_EVENTS)


def _live_calls(project: Project, ff: FileFacts, fn: Func) -> list[Call]:
    """The calls of a connection handler, without those of the callbacks it
    registers for the socket's end (`conn.on('close', () => leave(room, conn))`,
    or `client.onClose(fn)` on a connection object: a cleanup that checks
    `room.conns.size === 0` and closes the socket or the room caps nothing)."""
    calls = project.calls_in(ff, fn.id)
    teardown = [
        c.args[1].v for c in calls
        if c.method in LISTENERS and len(c.args) >= 2 and c.args[0].k == STR and c.args[0].v in _TEARDOWN_EVENTS and c.args[1].k == FN
    ] + [a.v for c in calls if c.method in _TEARDOWN_REGISTRARS and c.recv for a in c.args if a.k == FN]
    if not teardown:
        return calls
    return [c for c in calls if not any(c.func == t or project.is_inside(ff, c.func, t) for t in teardown)]


def _expand(project: Project, entries: list[tuple[FileFacts, Func]], depth: int = 2) -> list[tuple[FileFacts, Func]]:
    out: list[tuple[FileFacts, Func]] = []
    seen: set[tuple[str, str]] = set()
    frontier = list(entries)
    for _ in range(depth + 1):
        nxt: list[tuple[FileFacts, Func]] = []
        for ff, fn in frontier:
            if (ff.path, fn.id) in seen:
                continue
            seen.add((ff.path, fn.id))
            out.append((ff, fn))
            for c in _live_calls(project, ff, fn):
                if c.method in _REJECT_METHODS:
                    continue
                nxt.extend(callee_funcs(project, ff, c) or _only_method_named(project, ff, c))
        frontier = nxt
    return out


def _only_method_named(project: Project, ff: FileFacts, call: Call) -> list[tuple[FileFacts, Func]]:
    """The one method of the project with the name a call on an attribute chain
    names, when the chain cannot be followed (cashu's
    ``ledger.events.add_client(websocket)``: ``events`` is the ledger's
    ``LedgerEventManager``, whose ``add_client`` refuses over ``MAX_CLIENTS``).
    A name several classes define is left unresolved.  Only ever adds a place
    to look for a cap, so it can only remove a finding.  A method of Python's
    own collections (``self.clients.add(self)``: a set of open sockets) is
    taken for the project's method of that name only in a class about
    connections (``ConnectionManager.add``): mopidy's handler set was read as
    its playlist's ``TracklistController.add``, whose argument validation was
    then taken for a refusal."""
    if not call.method or "." not in call.recv.strip("."):
        return []
    by_name = project.__dict__.get("_rs_ws_methods")
    if by_name is None:
        by_name = {}
        for g in project.parsed_code_files():
            for f in g.funcs:
                if f.cls:
                    by_name.setdefault((g.lang == "py", f.name), []).append((g, f))
        project.__dict__["_rs_ws_methods"] = by_name
    found = by_name.get((ff.lang == "py", call.method), [])
    if len(found) != 1:
        return []
    if call.method in _COLLECTION_METHODS and not _CONN.search(found[0][1].cls or ""):
        return []
    return list(found)


# methods of Python's and JS's own collections (set, list, dict, deque, Map, Array)
_COLLECTION_METHODS = frozenset({
    "add", "append", "appendleft", "extend", "insert", "discard", "remove", "pop", "popleft", "clear",
    "update", "get", "setdefault", "copy", "keys", "values", "items", "push", "set", "delete", "has",
})


_CHAIN = lazy_re(r"[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*")


# a test that no connection is left (`doc.conns.size === 0`, `len(conns) == 0`,
# `clients.length < 1`): true only when the count is zero, it reads whether the
# last one has gone, not whether there are too many
_EMPTY_TEST = lazy_re(r"^[^<>=!]*?(?:={2,3}|<=)\s*0$|^[^<>=!]*?<\s*1$|^0\s*(?:={2,3}|>=)[^<>=!]*$|^1\s*>[^<>=!]*$")


def _counting_text(text: str) -> bool:
    """A comparison that reads a connection count or a connection maximum
    (``wss.clients.size >= MAX_CLIENTS``, ``io.engine.clientsCount > limit``).
    A name whose attribute is read (``active_conn.websocket == conn.websocket``,
    lnbits' loop over the open connections) is an object, not a number: it
    counts only when that attribute is a count (``.size``) or a method called
    on it (``open_conns.get(ip)``).  A test that the count is zero
    (``doc.conns.size === 0``: y-websocket's closeConn, which stores and
    unloads a document once its last client has gone) caps nothing."""
    if _EMPTY_TEST.search(text.strip()):
        return False
    for m in _CHAIN.finditer(text):
        parts = [p.strip() for p in re.split(r"\??\.", m.group(0))]
        last = parts[-1]
        if last in _COUNT_MEMBERS and len(parts) > 1 and (_CONN.search(parts[-2]) or last == "clientsCount"):
            return True
        called = text[m.end():].lstrip().startswith("(")
        numbers = [
            p for i, p in enumerate(parts)
            if i == len(parts) - 1 or parts[i + 1] in _COUNT_MEMBERS or (called and i == len(parts) - 2)
        ]
        if any(_MAX_NAME.search(p) or _COUNTER_NAME.search(p) for p in numbers):
            return True
    return False


def _compares_count(project: Project, ff: FileFacts, fn: Func) -> bool:
    """A comparison inside ``fn`` (or a callback nested in it) reads a connection count."""
    for entry in ff.extra.get("compares", []) or []:
        if not isinstance(entry, (list, tuple)) or len(entry) < 3:
            continue
        fid = str(entry[1])
        if (fid == fn.id or (fid and project.is_inside(ff, fid, fn.id))) and _counting_text(str(entry[2])):
            return True
    return False


_AUTH_CODES = frozenset({"1008", "4001", "4003", "4401", "4403", "401", "403"})
_AUTH_TEXT = lazy_re(r"unauthori[sz]ed|forbidden|auth|token|credential|login|permission|policy", re.I)


def _auth_reject(call: Call) -> bool:
    """A refusal that says why, and the reason is authentication/policy, not capacity."""
    for v in _vals_text(call):
        if v.k == NUM and v.v in _AUTH_CODES:
            return True
        if v.k == IDENT and re.search(r"1008|POLICY_VIOLATION|UNAUTHORI[SZ]ED|FORBIDDEN", v.v):
            return True
        if v.k in (STR, TMPL) and _AUTH_TEXT.search(v.v) and not _FULL_TEXT.search(v.v):
            return True
    return False


# a refusal because the service cannot serve yet or any more, whatever the
# number of sockets (@zwave-js/server's `socket.close(1013, "Driver is not
# ready")` while its Z-Wave driver restarts)
_READY_TEXT = lazy_re(r"\bnot\s+(?:yet\s+)?(?:ready|started|initiali[sz]ed|running)\b|\bstarting\s+up\b|\bshutting\s+down\b|\bwarming\s+up\b", re.I)


def _readiness_reject(call: Call) -> bool:
    """A refusal whose reason is that the service is not ready (or is going
    away), not that it is full: its "try again later" code (1013, 503)
    says nothing of a connection count."""
    return any(
        v.k in (STR, TMPL) and _READY_TEXT.search(v.v) and not _FULL_TEXT.search(_INTERPOLATION.sub(" ", v.v) if v.k == TMPL else v.v)
        for v in _vals_text(call)
    )


def _not_capacity(call: Call) -> bool:
    """A refusal that says why, and the reason is not capacity."""
    return _auth_reject(call) or _readiness_reject(call)


# the methods of an Autobahn ``WebSocketServerProtocol`` that run while a
# client connects: ``onConnect`` (which refuses the handshake by raising
# ``ConnectionDeny``) and ``onOpen``; its other methods (``onMessage`` and the
# command handlers it dispatches to) run on an accepted connection, and an
# error they raise refuses a command, not a socket
_AUTOBAHN_ACCEPT = frozenset({"onConnect", "onOpen"})


def _accepting(kind: str, entries: list[tuple[FileFacts, Func]]) -> list[tuple[FileFacts, Func]]:
    """The entries of a server where a connection cap may be checked: all of
    them, but only the handshake methods of an Autobahn protocol class."""
    if kind != "autobahn":
        return entries
    return [(ff, fn) for ff, fn in entries if fn.name in _AUTOBAHN_ACCEPT]


def _has_cap(project: Project, srv: WsServer) -> bool:
    if any(_refuses_over_count(project, ff, fn) for ff, fn in _expand(project, _accepting(srv.kind, srv.entries))):
        return True
    if any(_reserved_under_cap(project, srv, ff, fn) for ff, fn in srv.entries):
        return True
    subs = _project_subclasses(project, srv.ff.path, srv.name) if has_class(srv.ff, srv.name) else []
    return bool(subs) and all(_class_caps(project, sf, sub, srv.kind) for sf, sub in subs)


def _class_caps(project: Project, ff: FileFacts, cls: str, kind: str, depth: int = 0) -> bool:
    """A project subclass of a class-based WebSocket handler refuses
    connections over a count in its own methods (an Autobahn protocol's
    handshake methods), or every one of its own project subclasses does
    (three levels)."""
    own = _accepting(kind, [(ff, f) for f in methods_of(ff, cls)])
    if any(_refuses_over_count(project, hf, fn) for hf, fn in _expand(project, own)):
        return True
    subs = _project_subclasses(project, ff.path, cls) if depth < 2 else []
    return bool(subs) and all(_class_caps(project, sf, sub, kind, depth + 1) for sf, sub in subs)


@per_project
def _subclass_index(project: Project) -> dict[tuple[str, str], list[tuple[FileFacts, str]]]:
    """The project's Python classes by the project class each extends
    (``(path, name)`` of the base: ``class Feed(JsonSocket)``, in its module
    or another)."""
    out: dict[tuple[str, str], list[tuple[FileFacts, str]]] = {}
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for c in ff.extra.get("classes", []) or []:
            if not isinstance(c, dict):
                continue
            name = str(c.get("name", ""))
            for b in c.get("bases", []) or []:
                home = project_class(project, ff, str(b).removesuffix("[]")) if isinstance(b, str) else None
                if home is not None and (home[0].path, home[1]) != (ff.path, name):
                    out.setdefault((home[0].path, home[1]), []).append((ff, name))
    return out


def _project_subclasses(project: Project, path: str, cls: str) -> list[tuple[FileFacts, str]]:
    """The project classes built directly on the class ``cls`` of ``path``:
    the handlers a project base (``JsonSocket(WebSocketHandler)``) stands for."""
    return _subclass_index(project).get((path, cls), [])


def _refuses_over_count(project: Project, ff: FileFacts, fn: Func) -> bool:
    """``fn`` refuses a connection after reading the number of open ones."""
    calls = _live_calls(project, ff, fn)
    raised = _raised_calls(ff)
    rejects = [c for c in calls if (_is_reject(c) or (c.line, c.col) in raised) and not _not_capacity(c)]
    if rejects and all(not (c.args or c.kwargs) for c in rejects) and any(_is_reject(c) and _not_capacity(c) for c in calls):
        rejects = []  # `ws.close(1008, 'unauthorized'); ws.terminate()`: the bare call finishes the same refusal
    if not rejects:
        # refused through a helper: `this._sendErrorAndClose(socket, 'limit reached')`
        rejects = [c for c in calls if not _not_capacity(c) and _helper_rejects(project, ff, fn, c)]
    if not rejects:
        return False
    if any(_strong_args(c) for c in rejects):
        return True
    if _func_counts(ff, calls):
        return True
    if ff.lang in ("js", "ts") or "compares" in ff.extra:
        # the frontend lists comparisons per function: the count must be
        # checked where the socket is refused, not merely logged elsewhere
        return _compares_count(project, ff, fn)
    return _file_counts(ff)


def _raised_calls(ff: FileFacts) -> set[tuple[int, int]]:
    """Where the file's raised calls start: ``raise self.server.error("Maximum
    Number of Websocket Connections Reached")`` in a Tornado handler's
    ``prepare`` (moonraker) refuses the handshake like ``raise HTTPError(503)``,
    whatever the name of the factory that builds the exception."""
    return {(int(p[0]), int(p[1])) for p in ff.extra.get("raised", []) or [] if isinstance(p, (list, tuple)) and len(p) == 2}


_TAKE = frozenset({"remove", "pop"})
_PUT = frozenset({"append", "add", "insert", "appendleft", "push"})


def _reserved_under_cap(project: Project, srv: WsServer, ff: FileFacts, fn: Func) -> bool:
    """The endpoint admits only a connection reserved beforehand: before it
    accepts the socket it takes the reservation out of a shared collection
    (``self.pending.remove(ticket)``, ``pop(ticket)`` with no default: both
    fail when there is none), which only other functions of its file fill, and
    each of them refuses a reservation after reading the count (opsdroid's
    websocket connector: a POST hands out a socket id while
    ``len(active) + len(available) < max_connections``, else 429)."""
    calls = _live_calls(project, ff, fn)
    accepts = [c.line for c in calls if c is srv.call or c.method in ("accept", "prepare")]
    if not accepts:
        return False
    taken = {
        c.recv for c in calls
        if c.method in _TAKE and len(c.args) == 1 and not c.kwargs and c.line < min(accepts) and c.recv and not re.search(r"[\[(]", c.recv)
    }
    funcs = project.funcs(ff)
    for recv in taken:
        fillers = {c.func for c in ff.calls if c.recv == recv and c.method in _PUT}
        if not fillers or any(not f or f == fn.id or project.is_inside(ff, f, fn.id) or f not in funcs for f in fillers):
            continue
        if all(_refuses_over_count(project, ff, funcs[f]) for f in fillers):
            return True
    return False


def _helper_rejects(project: Project, ff: FileFacts, fn: Func, call: Call) -> bool:
    """Does ``call`` run a project function that closes the socket?  A log
    line does not (``logging.error("too many clients")`` is not the file's
    ``Server.error`` factory, which only builds an exception, although a
    method of that name is found in the file)."""
    if _log_call(call):
        return False
    for tf, f in callee_funcs(project, ff, call):
        if tf is ff and f.id == fn.id:
            continue
        if any(_is_reject(d) and not _not_capacity(d) for d in project.calls_in(tf, f.id)):
            return True
    return False


_OPTION_CAPS = {
    "ws": ("maxConnections", "verifyClient", "handleProtocols", "maxClients"),
    "socketio": ("allowRequest", "maxConnections"),
    "nest": ("allowRequest", "verifyClient", "maxConnections"),
    "websockets": ("process_request", "max_connections"),
    # python-socketio / Flask-SocketIO (and python-engineio under them) take no option that caps connections
    "py-socketio": (),
    "aiohttp": (),
    "asgi": (),
    # websockify takes none: it starts a process for every connection it accepts
    "websockify": (),
    # nor does wslink (its options: host, port, timeout, content, authKey, ws endpoint, ssl...)
    "wslink": (),
    # uWebSockets.js takes none (its behavior's maxPayloadLength, 16 KiB by default, bounds a message)
    "uws": (),
    # faye-websocket takes none (its options: extensions, headers, maxLength, ping, proxy, tls)
    "faye": (),
    # nor simple-websocket (subprotocols, receive_bytes, ping_interval, max_message_size, thread/event/selector classes)
    "simple-websocket": (),
}


def _options_may_cap(srv: WsServer) -> bool:
    """Could options riskscan cannot read (a spread of the caller's config)
    hold a cap?  Not for a library that takes no cap option."""
    return _OPTION_CAPS.get(srv.kind) != ()


_HOOK_OPTIONS = frozenset({"verifyClient", "allowRequest", "handleProtocols", "process_request"})


def _option_caps(project: Project, srv: WsServer, name: str, val: Val) -> bool:
    """A cap option (``maxConnections``) caps; an accept hook (``verifyClient``)
    caps unless we can see its body and it never looks at a connection count
    (an authentication-only ``verifyClient``)."""
    if name not in _HOOK_OPTIONS:
        return True
    target = fn_of_val(project, srv.ff, val)
    if target is None:
        return True  # a hook we cannot see into: assume it limits
    tf, fn = target
    calls = project.calls_in(tf, fn.id)
    if any(_strong_args(c) for c in calls) or _func_counts(tf, calls):
        return True
    if tf.lang in ("js", "ts") or "compares" in tf.extra:
        return _compares_count(project, tf, fn) or any(
            _compares_count(project, f2, g) for f2, g in _expand(project, [(tf, fn)])[1:]
        )
    return _file_counts(tf)


# the servers an ASGI server (uvicorn) may run, so that its process-wide limit caps them
_UVICORN_SERVED = frozenset({"asgi", "py-socketio"})

# uvicorn's ways of taking its options (``limit_concurrency`` among them)
_UVICORN_STARTS = frozenset({"uvicorn.run", "uvicorn.main.run", "uvicorn.Config", "uvicorn.config.Config"})


def _server_limit(project: Project, srv: WsServer) -> bool:
    """A process-wide connection limit: uvicorn ``limit_concurrency``, Node
    ``server.maxConnections = N``.  An endpoint whose own module runs its app
    on Hypercorn (:func:`_served_on_hypercorn`) is capped by no uvicorn start
    of another module: that one runs another app (dash's Quart backend beside
    its FastAPI backend's ``uvicorn.Config(self.server, **kwargs)``)."""
    if srv.kind in ("ws", "socketio", "nest", "sockjs", "socketcluster", "faye"):
        files = scope_files(project, srv.ff.path)
        return per_scope(project, "ws-max-connections", files, lambda: any(_sets_max_connections(ff) for ff in files))
    if srv.kind == "autobahn":
        return _twisted_connection_limit(project, srv)
    if srv.kind not in _UVICORN_SERVED:
        # `websockets.serve` and aiohttp listen on their own sockets: uvicorn's
        # `limit_concurrency` caps only the ASGI apps uvicorn runs
        return False
    files = scope_files(project, srv.ff.path)
    if _served_on_hypercorn(srv.ff):
        # (its own module only, if it is one of the scope's files)
        if scope_holds(project, files, srv.ff) and _uvicorn_limit_in(project, srv.ff):
            return True
    elif per_scope(project, "ws-uvicorn-limit", files, lambda: any(_uvicorn_limit_in(project, ff) for ff in files)):
        return True
    return _limit_concurrency_command(project)


def _sets_max_connections(ff: FileFacts) -> bool:
    """Node's ``server.maxConnections = N`` in ``ff``."""
    for entry in ff.extra.get("assigns", []) or []:  # only what frontends/_assigns.py keeps
        if isinstance(entry, (list, tuple)) and entry and isinstance(entry[0], str) and entry[0].endswith(".maxConnections"):
            return True
    return False


def _uvicorn_limit_in(project: Project, ff: FileFacts) -> bool:
    """A call of ``ff`` passing ``limit_concurrency``, or a uvicorn start
    given options riskscan cannot read (``uvicorn.run(app, **options)``)."""
    for c in ff.calls:
        if "limit_concurrency" in c.kwargs:
            return True
        if "**" in c.kwargs and (c.callee in _UVICORN_STARTS or _uvicorn_config_class(project, ff, c.callee)):
            return True
    return False


@per_project
def _limit_concurrency_command(project: Project) -> bool:
    """A command of the project (Procfile, Dockerfile, compose, scripts) runs uvicorn with ``--limit-concurrency``."""
    for ff in project.files.values():
        for entry in ff.commands:
            text = entry[1] if len(entry) > 1 else ""
            if isinstance(text, str) and "--limit-concurrency" in text:
                return True
    return False


# Hypercorn's ways of running an app (it has no cap on concurrent connections)
_HYPERCORN_SERVES = frozenset({"hypercorn.asyncio.serve", "hypercorn.trio.serve"})


def _served_on_hypercorn(ff: FileFacts) -> bool:
    """The module hands an app to Hypercorn's ``serve(app, config)`` and starts
    no uvicorn itself: what it declares runs on Hypercorn."""
    return any(c.callee in _HYPERCORN_SERVES for c in ff.calls) and not any(c.callee in _UVICORN_STARTS for c in ff.calls)


def _uvicorn_config_class(project: Project, ff: FileFacts, callee: str) -> bool:
    """``callee`` names a project class built on uvicorn's ``Config``, directly
    or through project classes (three levels): nicegui's
    ``CustomServerConfig(uvicorn.Config)``, built with ``**kwargs``."""
    home = project_class(project, ff, callee)
    return home is not None and extends(project, home[0], home[1], _UVICORN_STARTS)


# Twisted's factory wrappers that cap the connections a listening port accepts
_TWISTED_LIMITS = ("twisted.protocols.policies.LimitTotalConnectionsFactory", "twisted.protocols.policies.LimitConnectionsByPeer")


def _twisted_connection_limit(project: Project, srv: WsServer) -> bool:
    """The Autobahn server's service wraps a factory in Twisted's
    ``LimitTotalConnectionsFactory`` or ``LimitConnectionsByPeer`` (built, or
    subclassed): a cap set where the port listens."""
    for ff in scope_files(project, srv.ff.path):
        if any(c.callee in _TWISTED_LIMITS for c in ff.calls):
            return True
        if any(isinstance(cls, dict) and any(str(b) in _TWISTED_LIMITS for b in cls.get("bases") or ()) for cls in ff.extra.get("classes", []) or []):
            return True
    return False


def _shown(srv: WsServer) -> str:
    """The server's variable, or the call that makes it when it is kept in none
    (``ioServer(httpApp).on('connection', ...)``)."""
    c = srv.call
    if c is not None and srv.kind in ("ws", "socketio", "primus", "sockjs", "socketcluster") and (not c.assigned or c.assigned in ("return", "default", "module.exports", "exports")):
        head = c.text.split("(", 1)[0].strip()
        if head:
            return f"{head}(…)"
    return srv.name


def _what(srv: WsServer) -> str:
    if srv.kind == "ws":
        return f"WebSocket server `{_shown(srv)}` (ws)" if srv.lib == "ws" else f"WebSocket server of {srv.lib}"
    if srv.kind == "socketio":
        return f"socket.io server `{_shown(srv)}`"
    if srv.kind == "faye":
        return "faye-websocket upgrade handler" if srv.name == "upgrade" else f"faye-websocket upgrade handler `{srv.name}`"
    if srv.kind == "uws":
        return f"uWebSockets.js WebSocket route `{srv.name}`" if srv.name.startswith("/") else f"uWebSockets.js WebSocket server `{srv.name}`"
    if srv.kind == "nest":
        return f"WebSocket gateway `{srv.name}` (NestJS)"
    if srv.kind == "websockets":
        return f"websockets server for `{srv.name}`"
    if srv.kind == "aiohttp":
        return f"aiohttp WebSocket handler `{srv.name}`"
    if srv.kind == "tornado":
        return f"Tornado WebSocketHandler `{srv.name}`"
    if srv.kind == "jupyter":
        served = f", served at `{srv.path}` from Jupyter's kernel route table that this module registers" if srv.path else ""
        return f"{srv.lib} kernel WebSocket handler `{srv.name}` (a Tornado WebSocketHandler{served})"
    if srv.kind == "autobahn":
        return f"Autobahn WebSocketServerProtocol `{srv.name}`"
    if srv.kind == "sockjs-tornado":
        return f"SockJS connection class `{srv.name}` (sockjs-tornado)"
    if srv.kind == "primus":
        return f"Primus server `{_shown(srv)}`"
    if srv.kind == "sockjs":
        return f"SockJS server `{_shown(srv)}`"
    if srv.kind == "socketcluster":
        return f"SocketCluster server `{_shown(srv)}`"
    if srv.kind == "flask-sock":
        where = f" {srv.path}" if srv.path else ""
        return f"Flask-Sock WebSocket route `{srv.name}`{where}"
    if srv.kind == "simple-websocket":
        return f"simple-websocket Server built in `{srv.name}`"
    if srv.kind == "ws4py":
        what = "CherryPy WebSocket tool" if srv.adapter == "cherrypy" else "WebSocket application"
        return f"ws4py {what} (handler `{srv.name}`)"
    if srv.kind == "eventlet":
        return f"eventlet WebSocket application (handler `{srv.name}`)"
    if srv.kind == "websockify":
        return f"websockify server `{srv.name}` (a process per connection)"
    if srv.kind == "wslink":
        return f"wslink web server serving protocol `{srv.name}` (`{last_name(srv.call.callee) if srv.call else 'start_webserver'}()`)"
    if srv.kind == "asgi":
        where = f" {srv.path}" if srv.path else ""
        lib = f" ({srv.lib})" if srv.lib != "FastAPI/Starlette" else ""
        if srv.built:
            lib = f" (a factory of the {srv.lib} endpoint class `{srv.built}`)"
        return f"WebSocket endpoint `{srv.name}`{where}{lib}"
    return f"{srv.lib} server `{srv.name}`"


def _nest_server_key(project: Project, srv: WsServer) -> tuple[str, str] | None:
    """NestJS gateways without a port of their own are namespaces of the one
    socket.io/ws server the app's HTTP server carries: one key per service
    (and per explicit port)."""
    if srv.kind != "nest":
        return None
    port = key(srv.opts, "port") if srv.opts is not None and srv.opts.k == OBJ else None
    svc = project.service_of(srv.ff.path)
    return (svc.root if svc is not None else "", port.v if port is not None else "")


MAX_GATEWAYS = 20


@check("RS402")
def websocket_no_connection_cap(project: Project) -> Iterable[Hit]:
    uncapped = [(srv, _nest_server_key(project, srv)) for srv in servers(project) if not _capped(project, srv)]
    # gateways sharing one server: reported once, at the first, with the others related
    shared: dict[tuple[str, str], list[WsServer]] = {}
    for srv, k in uncapped:
        if k is not None:
            shared.setdefault(k, []).append(srv)
    for srv, k in uncapped:
        others = shared[k][1:] if k is not None else []
        if k is not None and shared[k][0] is not srv:
            continue
        msg = (
            f"{_what(srv)} accepts any number of concurrent connections: nothing checks how many sockets are open before accepting another, "
            f"so a reconnect storm or one client opening thousands of sockets {_exhausts(srv)}"
        )
        msg += _payload_note(project, srv)
        if others:
            msg += f" ({len(others)} more gateway{'s' if len(others) > 1 else ''} on the same server)"
        related = [Related(o.ff.path, o.line, f"gateway `{o.name}` on the same server") for o in others[:MAX_GATEWAYS]]
        yield Hit("RS402", srv.ff.path, srv.line, msg, column=srv.col, anchor=srv.anchor, related=related)


def _exhausts(srv: WsServer) -> str:
    """What too many sockets use up: websockify forks a process for each
    connection, so there it is the host's processes, not one process's memory."""
    if srv.kind == "websockify":
        return "forks as many processes, which exhausts the host's memory and process table and takes down every service on it"
    return "exhausts memory and file descriptors and takes the process down for everyone"


def _payload_note(project: Project, srv: WsServer) -> str:
    """What RS402's message adds when the server also takes messages of
    unbounded size: a ws server's default 100 MiB, an Autobahn server's
    ``maxMessagePayloadSize`` left at 0 (no limit: Autobahn assembles each
    message whole in memory before ``onMessage``), or a Flask-Sock route or
    simple-websocket Server with no ``max_message_size`` (its default, None,
    is no limit)."""
    if _payload_uncapped(srv):
        return "; maxPayload is not set either, so a single message may be up to 100 MiB"
    if srv.kind == "faye" and (srv.opts is None or (srv.opts.k == OBJ and not srv.opts.open and "maxLength" not in (srv.opts.keys or {}))):
        return "; maxLength is not set either, so a single message may be up to 64 MiB"
    if (srv.kind == "flask-sock" and not _sock_options_set(project)) or (srv.kind == "simple-websocket" and _simple_ws_option_off(project, srv, "max_message_size", 4)):
        # (simple-websocket, under Flask-Sock too, reads a message whole with no
        # limit unless max_message_size is given: Flask-Sock takes it from SOCK_SERVER_OPTIONS)
        where = "SOCK_SERVER_OPTIONS sets no max_message_size" if srv.kind == "flask-sock" else "max_message_size is not set"
        return (f"; {where} either (simple-websocket's default, None, is no limit), so a single message of any size "
                "is taken whole into memory")
    if srv.kind == "autobahn" and _autobahn_option(project, srv, "maxMessagePayloadSize") != "set":
        return ("; maxMessagePayloadSize is not set either (Autobahn's default, 0, is no limit), so a single message of any size "
                "is taken whole into memory")
    size = _socketio_buffer_size(project, srv)
    if size is not None and size > SOCKETIO_BUFFER_DEFAULT:
        return (f"; maxHttpBufferSize raises the size of one message to {_size_text(size)} (socket.io's default is 1 MB), "
                "and each message is taken whole into memory")
    return ""


SOCKETIO_BUFFER_DEFAULT = 1_000_000  # socket.io 3+'s maxHttpBufferSize, bytes
_PRODUCT = lazy_re(r"\s*\d+(?:\.\d+)?(?:e\d+)?(?:\s*\*\s*\d+(?:\.\d+)?(?:e\d+)?)*\s*", re.I)


def _socketio_buffer_size(project: Project, srv: WsServer) -> float | None:
    """The ``maxHttpBufferSize`` a socket.io server's own options give, in
    bytes, when it is a number riskscan can read: a literal (``10e7``), a
    product of literals (``100 * 1024 * 1024``) or a constant holding one;
    None otherwise (no such option, a value from the environment...)."""
    if srv.kind != "socketio" or srv.opts is None or srv.opts.k != OBJ:
        return None
    val = (srv.opts.keys or {}).get("maxHttpBufferSize")
    if val is not None and val.k == IDENT:
        val = resolve_value(project, srv.ff, val)
    if val is None or val.k not in (NUM, OTHER) or not _PRODUCT.fullmatch(val.v.replace("_", "")):
        return None
    size = 1.0
    for factor in val.v.replace("_", "").split("*"):
        size *= float(factor)
    return size


def _size_text(size: float) -> str:
    """``268435456`` -> '256 MiB', ``1e8`` -> '100 MB'."""
    mib = 1024 * 1024
    if size >= mib and size % mib == 0:
        return f"{size / mib:g} MiB"
    return f"{size / 1e6:g} MB"


def _payload_uncapped(srv: WsServer) -> bool:
    """A ws server with no ``maxPayload``, or a SocketCluster server on its
    default ws engine with none (in its options or its ``wsEngineServerOptions``)."""
    keys = (srv.opts.keys or {}) if srv.opts is not None else {}
    if srv.kind == "ws":
        return "maxPayload" not in keys
    if srv.kind != "socketcluster" or (srv.opts is not None and srv.opts.open) or "wsEngine" in keys:
        return False
    engine = keys.get("wsEngineServerOptions")
    return "maxPayload" not in keys and (engine is None or (engine.k == OBJ and not engine.open and "maxPayload" not in (engine.keys or {})))


def _module_stream_counts(srv: WsServer) -> bool:
    """A SocketCluster server whose 'connection'/'handshake' stream its module
    reads at the top level (``for await`` in an ES module): a comparison there
    that reads a connection count caps it, as one in a handler would."""
    var = srv.call.assigned if srv.kind == "socketcluster" and srv.call is not None else ""
    if not var or not any(c.recv == var and c.method == "listener" and not c.func for c in srv.ff.calls):
        return False
    return any(
        isinstance(e, (list, tuple)) and len(e) >= 3 and not e[1] and _counting_text(str(e[2]))
        for e in srv.ff.extra.get("compares", []) or []
    )


def _capped(project: Project, srv: WsServer) -> bool:
    opts = srv.opts
    if opts is not None and opts.k == OBJ:
        if opts.open and _options_may_cap(srv):
            return True
        if any(_option_caps(project, srv, k, v) for k, v in (opts.keys or {}).items() if k in _OPTION_CAPS.get(srv.kind, ())):
            return True
    return _has_cap(project, srv) or _server_limit(project, srv) or _module_stream_counts(srv)
