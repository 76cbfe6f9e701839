"""Which files run inside a long-running process (a server or a worker).

A process root is a file that starts a server or a worker (``app.listen``,
``NestFactory.create``, a BullMQ ``Worker``, ``uvicorn.run``, ``FastAPI()``,
``Celery()``, a file with routes...) or a file a Procfile / Dockerfile CMD /
package.json ``start`` script runs.  Files that import a root directly (Celery
task modules, blueprints importing the app) are roots too.  Everything a root
imports (transitively, through relative imports, workspace packages, Python
dotted imports and ``@/`` path aliases) runs in that process.

``long_running(project)`` maps such a file to the (file, line, what) that
starts its process; a file that no root reaches (a one-off script, a lambda
handler) is absent.
"""

from __future__ import annotations

import functools

import posixpath
import re
import weakref
from collections import deque
from typing import TYPE_CHECKING, AbstractSet, Any, Iterable, Iterator, NamedTuple

from ..facts import CALL, FN, IDENT, NUM, STR, TMPL, Call, FileFacts
from ..factindex import calls_by_func, funcs_named, per_facts
from ..lazyre import lazy_re
from ..project import CODE_LANGS, scope_chain
from ._memo import calls_between, funcs_by_id, methods_of, per_file, per_project
from ._resolve import _py_index, last_name

if TYPE_CHECKING:
    from ..project import Project


class Entry(NamedTuple):
    path: str
    line: int
    what: str  # "app.listen()", "uvicorn.run()", "Procfile: web: node server.js"


_JS_ENTRY_CALLEES = (
    "NestFactory.create",
    "NestFactory.createMicroservice",
    "bullmq.Worker",
    "@hono/node-server.serve",
    "node-cron.schedule",
    "cron.CronJob",
    "http.createServer",
    "https.createServer",
    "ws.WebSocketServer",
    "ws.Server",
)
# what a Python service starts: servers (and the kind of each), web apps, workers
HTTP, WORKER, TCP, WS, GRPC = "http", "worker", "tcp", "ws", "grpc"
PY_SERVER_STARTS = {
    "uvicorn.run": HTTP,
    "hypercorn.asyncio.serve": HTTP,
    "hypercorn.trio.serve": HTTP,
    "waitress.serve": HTTP,
    "aiohttp.web.run_app": HTTP,
    "bjoern.run": HTTP,
    "gevent.pywsgi.WSGIServer": HTTP,
    # cheroot, CherryPy's HTTP server on its own: Server(bind_addr, wsgi_app) (WSGIServer is its other name)
    "cheroot.wsgi.Server": HTTP,
    "cheroot.wsgi.WSGIServer": HTTP,
    # oslo.service's eventlet WSGI server (OpenStack APIs: wsgi.Server(conf, name, app, host=, port=), run by a launcher)
    "oslo_service.wsgi.Server": HTTP,
    # eventlet's WSGI server: eventlet.wsgi.server(eventlet.listen((host, port)), app) (also handed to a
    # spawner, nova-style: utils.spawn(func=eventlet.wsgi.server, sock=..., site=app): see _services)
    "eventlet.wsgi.server": HTTP,
    # servers started step by step: aiohttp's runner and site, uvicorn.Server(config).serve(), Tornado's HTTPServer
    "aiohttp.web.AppRunner": HTTP,
    "aiohttp.web_runner.AppRunner": HTTP,
    "aiohttp.web.TCPSite": HTTP,
    "uvicorn.Server": HTTP,
    "uvicorn.server.Server": HTTP,
    "tornado.httpserver.HTTPServer": HTTP,
    # CherryPy's engine serves what cherrypy.tree.mount() registered (start_with_callback(fn) runs fn in a
    # thread, then start(): alignak's HTTPDaemon.run); Bottle's run()
    "cherrypy.quickstart": HTTP,
    "cherrypy.engine.start": HTTP,
    "cherrypy.engine.start_with_callback": HTTP,
    "bottle.run": HTTP,
    "werkzeug.serving.run_simple": HTTP,
    "werkzeug.run_simple": HTTP,
    # Bokeh's server (what `panel serve` / `pn.serve` run): Server(apps, port=...).start()
    "bokeh.server.server.Server": HTTP,
    # gunicorn embedded in the program: a subclass of its application classes, then .run()
    # (doccano's `StandaloneApplication(options).run()`)
    "gunicorn.app.base.BaseApplication": HTTP,
    "gunicorn.app.base.Application": HTTP,
    "gunicorn.app.wsgiapp.WSGIApplication": HTTP,
    # Paste's threaded WSGI server: httpserver.serve(app, host, port) binds and serves until stopped
    # (freezer-api's `freezer-api` console script serves its paste.deploy app this way)
    "paste.httpserver.serve": HTTP,
    # prometheus-aioexporter: a subclass of its script class is the console entry point, and calling it
    # serves the exporter's aiohttp app (`/` and the metrics path) with run_app (query-exporter's `script`)
    "prometheus_aioexporter.PrometheusExporterScript": HTTP,
    "prometheus_aioexporter._script.PrometheusExporterScript": HTTP,
    # Wyoming's event servers (Home Assistant's voice services: wyoming-faster-whisper, -piper, -openwakeword):
    # AsyncServer.from_uri("tcp://0.0.0.0:10300") or AsyncTcpServer(host, port), then `await server.run(handler)`
    # accepts connections and serves Wyoming events until the process is stopped
    "wyoming.server.AsyncServer.from_uri": TCP,
    "wyoming.server.AsyncTcpServer": TCP,
}
# Flask and the subclasses other packages export to be built in its place (flask-openapi3's
# `OpenAPI(__name__)`, APIFlask's `APIFlask(__name__)`): the same WSGI app, served and run the same way
PY_FLASK_APPS = ("flask.Flask", "flask_openapi3.OpenAPI", "flask_openapi3.openapi.OpenAPI", "apiflask.APIFlask", "apiflask.app.APIFlask")
PY_APPS = {
    "fastapi.FastAPI": HTTP,
    **{name: HTTP for name in PY_FLASK_APPS},
    "quart.Quart": HTTP,
    "sanic.Sanic": HTTP,
    "starlette.applications.Starlette": HTTP,
    "aiohttp.web.Application": HTTP,
    "django.core.wsgi.get_wsgi_application": HTTP,
    "django.core.asgi.get_asgi_application": HTTP,
    # Django's handlers, what those two return, built directly: a project's subclass with a request class of its
    # own (`application = CustomWSGIHandler()` after `django.setup()`, in place of get_wsgi_application())
    "django.core.handlers.wsgi.WSGIHandler": HTTP,
    "django.core.handlers.asgi.ASGIHandler": HTTP,
    "channels.routing.get_default_application": HTTP,  # Channels 2 asgi.py (it adds the HTTP handler itself)
    "falcon.App": HTTP,
    "falcon.API": HTTP,
    "falcon.asgi.App": HTTP,
    "bottle.Bottle": HTTP,
    "twisted.web.server.Site": HTTP,  # reactor.listenTCP(port, Site(root))
    "pyramid.config.Configurator": HTTP,  # config.make_wsgi_app(), served by a WSGI server
    # Pecan's WSGI app (barbican, ironic, aodh: make_app(RootController()) served by uwsgi/mod_wsgi)
    "pecan.make_app": HTTP,
    "pecan.core.make_app": HTTP,
    "pecan.Pecan": HTTP,
    "pecan.core.Pecan": HTTP,
    # Pylons' WSGI app (config/middleware.py's make_app: PylonsApp() wrapped in middleware, served by mod_wsgi or paster)
    "pylons.wsgiapp.PylonsApp": HTTP,
    # Paste Deploy's app loader (OpenStack APIs: nova's wsgi_app.init_application, served by uwsgi/mod_wsgi)
    "paste.deploy.loadapp": HTTP,
    "paste.deploy.loadwsgi.loadapp": HTTP,
    "tornado.web.Application": HTTP,
    "litestar.Litestar": HTTP,
    "connexion.App": HTTP,
    "connexion.FlaskApp": HTTP,
    "connexion.AsyncApp": HTTP,
    "asyncio.start_server": TCP,
    "websockets.serve": WS,
    "websockets.server.serve": WS,
    # aiorpcx's JSON-RPC servers (ElectrumX's client sessions): serve_rs binds a raw TCP socket with asyncio's
    # create_server, serve_ws runs websockets.serve; both return the listening server, which serves until closed
    "aiorpcx.serve_rs": TCP,
    "aiorpcx.rawsocket.serve_rs": TCP,
    "aiorpcx.serve_ws": WS,
    "aiorpcx.websocket.serve_ws": WS,
    # websockify's own command, called as a function: it reads its options from sys.argv, builds a
    # WebSocketProxy and runs start_server() (a WebSocket server; --web, which would make it serve
    # files over HTTP too, comes from the command line, which riskscan cannot read)
    "websockify.websockify_init": WS,
    "websockify.websocketproxy.websockify_init": WS,
    # wslink's web server (Kitware's ParaView Web, VTK.js and trame apps): start_webserver(options, protocol) builds an
    # aiohttp app with the protocol's WebSocket route (and static routes when options.content or fsEndpoints are
    # given, which come from the command line riskscan cannot read) and runs its AppRunner/TCPSite until stopped;
    # start() is its command: it parses sys.argv and calls start_webserver
    "wslink.server.start_webserver": WS,
    "wslink.server.start": WS,
    "grpc.server": GRPC,
    "grpc.aio.server": GRPC,
}
PY_WORKERS = {
    "celery.Celery": 2,
    "rq.Worker": 2,
    "rq.worker.Worker": 2,
    "faust.App": 2,
    "apscheduler.schedulers.blocking.BlockingScheduler": 2,
    # arq exports Worker and run_worker from the package and from arq.worker
    "arq.Worker": 2,
    "arq.worker.Worker": 2,
    "arq.run_worker": 2,
    "arq.worker.run_worker": 2,
    # Dramatiq's Worker imported by name (`from dramatiq import Worker`; `dramatiq.Worker(broker)` is
    # read by its method in _services._py_start)
    "dramatiq.Worker": 2,
    "dramatiq.worker.Worker": 2,
    # oslo.service (OpenStack's agents and RPC/API workers): launch(conf, service) and the launchers run services until stopped
    "oslo_service.service.launch": 2,
    "oslo_service.service.ServiceLauncher": 2,
    "oslo_service.service.ProcessLauncher": 2,
    # cotyledon (aodh, ceilometer, gnocchi, cloudkitty): ServiceManager().add(Service, workers=n) then .run() runs them until stopped
    "cotyledon.ServiceManager": 2,
    # TaskTiger's Worker (`Worker(tiger).run()`) and its command line's function (`tasktiger = tasktiger:run_worker`)
    "tasktiger.Worker": 2,
    "tasktiger.worker.Worker": 2,
    "tasktiger.run_worker": 2,
    "tasktiger.tasktiger.run_worker": 2,
    # Twisted's application runner: twistd.run() (what `twistd` runs) starts the reactor and the services a .tac
    # file or a twistd plugin hands it, and runs them until the process is stopped
    "twisted.scripts.twistd.run": 2,
}
# objects whose own method runs a worker until the process is stopped (read by the receiver's type):
# TaskTiger's `tiger.run_worker(queues=...)` builds its Worker and runs it (tasktiger/tasktiger.py:396-429)
PY_STARTED_WORKERS = {
    "tasktiger.TaskTiger": "run_worker",
    "tasktiger.tasktiger.TaskTiger": "run_worker",
}


def started_worker(call: Call) -> bool:
    """A call of the method that runs a worker on an object of a
    ``PY_STARTED_WORKERS`` class (``tiger.run_worker()``)."""
    return bool(call.method) and PY_STARTED_WORKERS.get(call.recv_type) == call.method
# objects whose own start() binds a port and serves (read by the receiver's type): mautrix's appservice,
# the aiohttp server a Matrix bridge receives its homeserver's transactions on
# (`az = AppService(...)` then `await az.start(host=..., port=...)` runs its AppRunner and TCPSite)
PY_STARTED_SERVERS = {
    "mautrix.appservice.AppService": HTTP,
    "mautrix.appservice.appservice.AppService": HTTP,
}
# every Python call of the tables above (services' entry points are judged from them)
PY_START_CALLEES = frozenset(PY_SERVER_STARTS) | frozenset(PY_APPS) | frozenset(PY_WORKERS)
_PY_ENTRY_METHODS = ("serve_forever", "run_forever")
_JS_ENTRY_METHODS = ("listen",)

_RUN_CMD = lazy_re(
    # (the program may be given by its path: `/opt/app/.venv/bin/gunicorn`; an option's value may hold `${VAR}`;
    # options are skipped in a Dockerfile's exec form too: `CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app.wsgi"]`)
    r"(?:^|[\s\"'\[,])(?:[^\s\"'\[,]*/)?(?:node|nodemon|ts-node|ts-node-dev|tsx|bun|deno\s+run|python3?|pypy3?|uvicorn|gunicorn|hypercorn|celery|pm2\s+start)"
    r"(?:[\s\"',]+-{1,2}[\w-]+(?:(?:=|[\s\"',]+)[\w.:/${}-]+)?)*[\s\"',]+\"?([\w./@-]+?)(?:\.(js|mjs|cjs|ts|mts|py))?(?::\w+)?[\"'\s,\]]",
)


# every Python call that starts a server or a worker: the tables above, Dramatiq and gunicorn (any of their names)
_PY_ENTRY_SET = PY_START_CALLEES | {"dramatiq", "gunicorn"}
# ...but not Dramatiq's middleware, result and rate-limit parts (`TimeLimit()`, `Retries()`, `Results(backend=...)`):
# a web app that only enqueues builds them for its broker too, and runs no worker
_DRAMATIQ_PARTS = ("dramatiq.middleware.", "dramatiq.results.", "dramatiq.rate_limits.")

# web-app constructions among the entry calls: they serve only once something runs them
_APP_CTORS = frozenset({"Flask", "OpenAPI", "APIFlask", "FastAPI", "Quart", "Sanic", "Starlette", "Litestar", "Application", "App", "API", "Bottle", "FlaskApp", "AsyncApp", "make_app", "Pecan", "loadapp"})
# app classes a project subclasses (their own constructors are not entry callees above)
_PY_APP_BASES = ("falcon.App", "falcon.API", "falcon.asgi.App", "flask.Flask", "quart.Quart", "aiohttp.web.Application",
                 "tornado.web.Application", "starlette.applications.Starlette", "fastapi.FastAPI", "sanic.Sanic")
_JS_ENTRY_SET = frozenset(_JS_ENTRY_CALLEES)
_JS_ENTRY_SUFFIXES = tuple("." + c for c in _JS_ENTRY_CALLEES)


def own_listen(ff: FileFacts, call: Call) -> bool:
    """``this.listen()`` calling the class's own ``listen`` method (kuzzle's
    ZeroMQ receive loop; sharedb's ES5 ``Backend.prototype.listen = function
    (stream)``), not a server's; or ``launcher.listen(this)``, which hands the
    app to a launcher that calls back into it (colyseus tools); or
    ``handler.listen()`` with no port on an object a project module exports
    (a method that subscribes to events), or on an object whose origin is
    unknown (tiledesk's ``this.geoService.listen()``, a service its manager was
    handed: a server listens on a port, or a path, handle or options), unless
    the file defines such a listen function outside a class; or
    ``emailEvent.listen()`` on an instance of a class of this file that
    declares ``listen`` itself (tiledesk's ``class EmailEvent extends
    EventEmitter``, whose ``listen()`` registers its handlers)."""
    if call.args and call.args[0].k == IDENT and call.args[0].v == "this":
        return True
    if not call.args and not call.kwargs and (call.callee.startswith("./") or call.recv_type.startswith("./")):
        return True
    if not call.args and not call.kwargs and not call.recv_type and not any(f.name == call.method and not f.cls for f in ff.funcs):
        # unless this file assigns a listen function to an object itself
        # (apostrophe's ``self.listen = async function () { self.server =
        # self.app.listen(port) }``): that call stands for the server it starts
        return True
    if call.recv_type and any(f.name == call.method and f.cls == call.recv_type for f in ff.funcs):
        return True
    return (call.recv == "this" or this_param(ff, call)) and any(f.name == call.method for f in ff.funcs)


def this_param(ff: FileFacts, call: Call) -> bool:
    """The receiver of ``call`` is a parameter that holds ``this``: a function
    around the call is written and called in place with ``this`` in that
    parameter's position, as CoffeeScript compiles a bound function (pimatic's
    ``.then((function(_this) { return function() { return _this.listen(); }; })(this))``,
    lib/framework.coffee:979 ``.then => @listen()``)."""
    name = call.recv
    if not call.func or not name.isidentifier():
        return False
    for f in scope_chain({f.id: f for f in ff.funcs}, call.func):
        if name not in f.params:
            continue  # (the innermost function that has the name as a parameter binds it)
        i = f.params.index(name)
        return any(c.callee == "<fn>" and c.func == f.parent and c.line <= f.line <= (c.end_line or c.line)
                   and len(c.args) > i and c.args[i].k == IDENT and c.args[i].v == "this" and not any(a.k == FN and a.v == f.id for a in c.args)
                   for c in ff.calls)
    return False


# what a LISTEN/NOTIFY or pub/sub subscription listens on: a channel or topic (named by a variable, or a literal word)
_CHANNEL_ARG = lazy_re(r"(?i)^(?:\w*channel|chan|topic)(?:name)?s?$")
_CHANNEL_WORD = lazy_re(r"^[A-Za-z_][\w:-]*$")


def channel_listen(call: Call) -> bool:
    """``client.listen(channel, onNotification)``: a subscription to a
    Postgres LISTEN/NOTIFY (or pub/sub) channel (pg-boss's Bun SQL and PGlite
    adapters, postgres.js's ``sql.listen('jobs', fn)``), not a server: a server
    listens on a port, a path, a handle or options, never on a channel.  The
    first argument is a variable named for a channel or topic, or a literal
    word with a handler after it (a socket path has a slash or a dot, a port
    is digits)."""
    if call.method != "listen" or not call.args:
        return False
    first = call.args[0]
    if first.k == IDENT:
        return _CHANNEL_ARG.match(first.v.rsplit(".", 1)[-1]) is not None
    return first.k == STR and len(call.args) > 1 and not first.v.isdigit() and _CHANNEL_WORD.match(first.v) is not None


# a stream a listen() is handed: a variable named for one (`stream`, `jsonStream`), or one built by a stream
# class or package (`new WebSocketJSONStream(ws)`, `@teamwork/websocket-json-stream`, node's `stream.Duplex`)
_STREAM_ARG = lazy_re(r"^(?:stream|\w*[a-z0-9]Stream)$")
_STREAM_CTOR = lazy_re(r"(?:^|[-_])stream$|[a-z0-9]Stream$")
_STREAM_MODULES = ("stream", "node:stream", "readable-stream")


def _stream_ctor(callee: str) -> bool:
    """A construction of a stream: a class or package named for one, or a class of node's stream module."""
    name = callee.replace(".default", "").rsplit(".", 1)[-1].rsplit("/", 1)[-1]
    return _STREAM_CTOR.search(name) is not None or (callee.split(".", 1)[0] in _STREAM_MODULES and "." in callee)


def stream_listen(ff: FileFacts, call: Call) -> bool:
    """``backend.listen(stream, req)``: an object taking a client's message
    stream (a ShareDB backend fed ``new WebSocketJSONStream(ws)`` from a
    WebSocket server's 'connection' handler), not a server: a server listens
    on a port, a path, a handle or options, never on a stream.  The first
    argument is a variable named for a stream, a stream built inline, or a
    variable this file assigns a stream construction to."""
    if call.method != "listen" or not call.args:
        return False
    first = call.args[0]
    if first.k == CALL:
        c = ff.calls[first.call] if 0 <= first.call < len(ff.calls) else None
        return c is not None and c.new and _stream_ctor(c.callee)
    if first.k != IDENT:
        return False
    if _STREAM_ARG.match(first.v.rsplit(".", 1)[-1]):
        return True
    return any(c.new and c.assigned == first.v and _stream_ctor(c.callee) for c in ff.calls)


def port_probe(ff: FileFacts, call: Call) -> bool:
    """``s.listen(port, addr, function () { s.close(...) })``: a server bound only
    to learn whether the port is free, closed again in its own listen callback
    (MeshCentral's CheckListenPort, before the real server listens on the port
    it found), not a server that serves.  The callback may also be a
    ``'listening'`` handler the same function registers on the server before
    it listens (``server.once('listening', onListen); server.listen(port,
    host)``, ``onListen`` closing the server: cordis's plugin-server
    listen.ts, looking for a free port).  A close on one path of the callback
    only (``if (returned) { return this.server.close(); } callback(null,
    true)``: zone-mta's API server, closed if its 'error' handler already
    answered, else reported started) is a start-up's guard, not a probe."""
    return bool(_probe_closes(ff, call))


_ON_METHODS = frozenset({"on", "once", "addListener", "prependListener", "prependOnceListener"})


def _listening_callbacks(ff: FileFacts, listen: Call) -> set[str]:
    """Func ids of the functions that run once ``listen`` has bound its port:
    the functions handed to it, and the ``'listening'`` handlers its own
    function registers on the same server."""
    out = {a.v for a in listen.args if a.k == FN}
    for c in ff.calls:
        if (c.method in _ON_METHODS and c.recv == listen.recv and c.func == listen.func and len(c.args) >= 2
                and c.args[0].k == STR and c.args[0].v == "listening" and c.args[1].k == FN):
            out.add(c.args[1].v)
    return out


def _probe_closes(ff: FileFacts, call: Call) -> list[Call]:
    if call.method != "listen" or not call.recv or "(" in call.recv:
        return []
    callbacks = _listening_callbacks(ff, call)
    if not callbacks:
        return []
    closes = [c for c in ff.calls if c.func in callbacks and c.method == "close" and c.recv == call.recv]
    if closes and _closes_on_one_path(ff, call, callbacks, closes):
        return []
    return closes


def _closes_on_one_path(ff: FileFacts, listen: Call, callbacks: set[str], closes: list[Call]) -> bool:
    """Some branch of the listen call's callback (``extra["branches"]``, whose
    arms all hold calls; a guard clause's other arm is the rest of its block),
    or of a callback written elsewhere (a named function, a ``'listening'``
    handler), has an arm with a close and an arm without one: the callback
    closes the server on one path only."""
    regions = ff.extra.get("branches") if ff.extra else None
    if not regions:
        return False
    spans = [((listen.line, listen.col), (listen.end_line, listen.end_col) if listen.end_line else None)]
    spans += [((f.line, 0), (f.end_line + 1, 0)) for f in ff.funcs if f.id in callbacks and not listen.line <= f.line <= (listen.end_line or listen.line)]
    arms: dict[tuple[int, int], list[bool]] = {}
    for bl, bc, _arm, sl, sc, el, ec in regions:
        if any(start < (bl, bc) and (end is None or (bl, bc) < end) for start, end in spans):
            arms.setdefault((bl, bc), []).append(any((sl, sc) <= (c.line, c.col) <= (el, ec) for c in closes))
    return any(any(got) and not all(got) for got in arms.values())


def probe_closes(ff: FileFacts) -> set[int]:
    """``id()`` of the calls that close a port probe in its own listen callback
    (:func:`port_probe`): they close the probe, not the service's server."""
    return {id(c) for listen in ff.calls if listen.method == "listen" for c in _probe_closes(ff, listen)}


def hapi_start(call: Call) -> bool:
    """``await server.start()`` of a hapi server (``Hapi.server({port})``)."""
    return call.method == "start" and call.recv_type.split(".", 1)[0] in ("@hapi/hapi", "hapi")


def _dramatiq_entry(call: Call, callee: str) -> bool:
    """A call into the dramatiq module (``dramatiq.Worker(broker)``), not one of
    its middleware parts, nor a method of a project object that is merely named
    ``dramatiq`` (canaille's ``dramatiq = flask_dramatiq.Dramatiq(...)``, whose
    ``dramatiq.init_app(app)`` registers the extension in the web app)."""
    if not callee.startswith("dramatiq.") or callee.startswith(_DRAMATIQ_PARTS):
        return False
    return not (call.recv_type and not call.recv_type.startswith("dramatiq"))


# what runs a function handed to it as `target=` once started (a thread, a child process)
_PY_RUNNERS = frozenset({"threading.Thread", "multiprocessing.Process", "multiprocessing.context.Process"})


def handed_serve_forever(ff: FileFacts, call: Call) -> Call | None:
    """A server's ``serve_forever`` handed to a thread or process that is
    started (``threading.Thread(target=api_server.serve_forever)``, then
    ``.start()``; also chained): read as the ``api_server.serve_forever()``
    it runs, at the thread's construction, with the receiver's type taken
    from the server's construction (``api_server = HTTPServer(...)``) or a
    typed use of it in the same function (the ``self.`` attribute anywhere
    in the file).  None for any other call."""
    if call.callee not in _PY_RUNNERS:
        return None
    target = call.kwargs.get("target")
    if target is None or target.k != IDENT or not target.v.endswith(".serve_forever"):
        return None
    recv = target.v[: -len(".serve_forever")]
    if not recv:
        return None
    started = any(c.method == "start" and c.func == call.func and (c.recv == call.assigned if call.assigned else c.line == call.line)
                  for c in ff.calls)
    if not started:
        return None
    here = [c for c in ff.calls if c.func == call.func or recv.startswith("self.")]
    made = [c.callee for c in here if c.assigned == recv and not c.method and c.line <= call.line and "." in c.callee]
    typed = [c.recv_type for c in here if c.recv == recv and c.recv_type]
    recv_type = made[-1] if made else typed[0] if typed else ""
    return Call(callee=f"{recv}.serve_forever", method="serve_forever", recv=recv, recv_type=recv_type, func=call.func,
                line=call.line, col=call.col, end_line=call.end_line, end_col=call.end_col, text=f"{recv}.serve_forever()")


def entry_calls(ff: FileFacts) -> list[Call]:
    """Calls in one file that start a server or a worker (the entry callees are
    tested inline: every call of every file is asked about)."""
    out: list[Call] = []
    if ff.lang == "py":
        # a class of this file extending an entry class (class RootedAPI(falcon.App))
        subclasses = {c["name"] for c in (ff.extra or {}).get("classes", ()) if isinstance(c, dict) and isinstance(c.get("name"), str)
                      and any(isinstance(b, str) and (b in _PY_ENTRY_SET or b.startswith(_PY_APP_BASES)) for b in c.get("bases") or ())}
        for call in ff.calls:
            callee = call.callee.replace(".default.", ".")
            if callee in _PY_ENTRY_SET or callee.startswith("gunicorn.") or _dramatiq_entry(call, callee) or call.method in _PY_ENTRY_METHODS:
                out.append(call)
            elif call.method == "start" and call.recv_type in PY_STARTED_SERVERS:
                out.append(call)
            elif started_worker(call):
                out.append(call)
            elif (handed := handed_serve_forever(ff, call)) is not None:
                out.append(handed)
            elif subclasses and callee in subclasses and not call.method:
                out.append(call)
        return out
    for call in ff.calls:
        if call.method in _JS_ENTRY_METHODS and call.recv:
            if own_listen(ff, call):
                continue  # judged by what the method (or the launcher's callback) calls
            if port_probe(ff, call):
                continue  # a free-port check, not a server
            if channel_listen(call):
                continue  # a LISTEN/NOTIFY subscription, not a server
            if stream_listen(ff, call):
                continue  # an object taking a client's stream, not a server
            out.append(call)
        elif (callee := call.callee.replace(".default.", ".")) in _JS_ENTRY_SET or callee.endswith(_JS_ENTRY_SUFFIXES):
            out.append(call)
        elif call.callee == "setInterval" and not call.func:
            out.append(call)
        elif hapi_start(call):
            out.append(call)
        elif call.method == "process" and call.recv_type.split(".", 1)[0] in ("bull", "bee-queue"):
            out.append(call)
    return out


_BLOCKING = frozenset({"sleep", "brpop", "blpop", "brpoplpush", "blmove", "bzpopmin", "bzpopmax", "xread", "xreadgroup", "poll",
                       "receive_messages", "receive_message", "consume", "get_message", "basic_get", "getmany", "wait_for"})


# threading's Event (`self.stop_event.wait(1)`): the interruptible sleep of a worker loop
_EVENT_TYPES = frozenset({"threading.Event", "multiprocessing.Event"})


def blocks(c: Call) -> bool:
    """A call a worker loop waits in between rounds: a sleep, a blocking pop
    or poll (:data:`_BLOCKING`), or a wait on a threading Event.  Not
    ``await asyncio.sleep(0)``, which only lets other tasks run (lightrag's
    cache-cleaning command pages through a Redis SCAN that way, then stops)."""
    name = c.method or c.callee.rsplit(".", 1)[-1]
    if name == "sleep" and c.args and c.args[0].k == NUM and c.args[0].v in ("0", "0.0"):
        return False
    return name in _BLOCKING or (c.method == "wait" and c.recv_type in _EVENT_TYPES)


# `while not self.received_sigterm:`: a loop that runs until the process is told to stop
_UNTIL_SIGNAL = lazy_re(r"(?i)^not\s+[\w.]*sig(?:term|int)\w*$")


# `while socket_ok:`, `while self.connected:`: a loop that runs for as long as its
# connection stays up (the flag not negated: `while not connected:` waits for one)
_WHILE_UP = lazy_re(r"^(?:[A-Za-z_]\w*\.)*(?:\w+_)?(?:ok|connected)$")


def loop_at(project: Project, ff: FileFacts, line: int) -> dict | None:
    """The record of the loop that starts at ``line`` of ``ff``
    (``extra["loops"]``: its ``func``, ``end_line``...), if there is one."""
    return _loops_by_line(project, ff).get(line)


@per_file
def _loops_by_line(project: Project, ff: FileFacts) -> dict[Any, dict]:
    """The first loop record starting at each line of ``ff`` (:func:`loop_at`):
    indexed once per file, not searched once per loop asked about."""
    out: dict[Any, dict] = {}
    for x in (ff.extra or {}).get("loops") or ():
        if isinstance(x, dict):
            try:
                out.setdefault(x.get("line"), x)
            except TypeError:  # (an unhashable line: no loop starts there)
                continue
    return out


def while_loops(ff: FileFacts, func_id: str) -> list[tuple[int, int]]:
    """(first, last) lines of the Python ``while`` loops in the function
    ``func_id``'s own body (``extra["loops"]``)."""
    loops = (ff.extra or {}).get("loops") or []
    return [(int(x["line"]), int(x.get("end_line") or x["line"])) for x in loops if isinstance(x, dict) and x.get("func") == func_id]


# a Postgres LISTEN statement and its first channel: `LISTEN "jobs:insert"; LISTEN "worker:migrate";`
_PG_LISTEN = lazy_re(r'(?i)^\s*LISTEN\s+("[^"]+"|[\w$.]+)')


def pg_listen(ff: FileFacts, call: Call) -> str:
    """The label of a Postgres LISTEN subscription that waits for work
    (``client.query('LISTEN "jobs:insert"')``), '' when ``call`` is none: a
    LISTEN statement sent by a client that this file also gives a
    ``'notification'`` listener (``client.on('notification', fn)``), the
    NOTIFY-driven job loop of a Node worker (graphile-worker's runner:
    ``pgPool.connect(listenForChanges)``, main.js:354-356).  A listener
    taken once (``once('notification')``: a script waiting for one event)
    is none."""
    if call.method != "query" or not call.recv or not call.args or call.args[0].k not in (STR, TMPL):
        return ""
    m = _PG_LISTEN.match(call.args[0].v)
    if m is None:
        return ""
    if not any(c.method in ("on", "addListener") and c.recv == call.recv and c.args and c.args[0].k == STR and c.args[0].v == "notification"
               for c in ff.calls):
        return ""
    return f"{call.recv}.query('LISTEN {m.group(1)}')"


def worker_loop(ff: FileFacts) -> tuple[int, str] | None:
    """(line, label) of the file's first hand-written worker loop (``worker_loops``), or None."""
    return next(worker_loops(ff), None)


def worker_loops(ff: FileFacts) -> Iterator[tuple[int, str]]:
    """(line, label) of each hand-written worker loop, in file order: a Python ``while True`` /
    ``while not stop`` loop (or one that runs while its connection is up: faucet's
    RabbitMQ adapter, ``while socket_ok:``) that blocks on a queue or sleeps between rounds,
    or a loop that runs until a SIGTERM/SIGINT flag is set (patroni's daemon:
    ``while not self.received_sigterm: self._run_cycle()``, whose waiting
    happens in the methods it calls); in JS, a Postgres LISTEN subscription
    that a 'notification' listener serves (``pg_listen``)."""
    if ff.lang in ("js", "ts"):
        for call in ff.calls:
            label = pg_listen(ff, call)
            if label:
                yield call.line, label
                return
        return
    if ff.lang != "py" or not ff.extra:
        return
    for loop in ff.extra.get("loops", []) or []:
        if not isinstance(loop, dict):
            continue
        test = str(loop.get("test", ""))
        if _UNTIL_SIGNAL.match(test) and not loop.get("retry"):
            yield int(loop.get("line", 0)), f"while {test[:40]}: worker loop"
            continue
        if not (test in ("True", "1") or re.search(r"\b(running|run|alive|stop|stopping|stopped|shutdown|should_\w+|is_set)\b", test)
                or _WHILE_UP.match(test)):
            continue
        if loop.get("retry"):
            continue  # `while True: try: connect(); break / return except: sleep(5)` (or `...; break` ending the body): waits, then goes on
        if loop.get("deadline"):
            continue  # `while True: poll(); sleep(5); if waited > timeout: raise ...`: waits for a job, then gives up
        if loop.get("until_line"):
            continue  # `while 1: line = f.readline(); if "COMPLETE" in line: return 0; ... sleep(1)`: follows a log until the work is done
        start, end = int(loop.get("line", 0)), int(loop.get("end_line", 0))
        inside = calls_between(ff, start, end)
        if any(c.assigned == "return" for c in inside):
            continue  # `while True: try: return fn() ... sleep(0.01)`: a retry loop that returns its result
        if (any(blocks(c) for c in inside) or _paced_by_helper(ff, str(loop.get("func", "")), inside)
                or _iterates_consumer(ff, loop)):
            yield start, f"while {test[:40]}: worker loop"


# Kafka consumers whose iteration waits for the next message (kafka-python's
# `for message in consumer:`, aiokafka's `async for msg in consumer:`)
_KAFKA_CONSUMERS = frozenset({"kafka.KafkaConsumer", "kafka.consumer.KafkaConsumer", "kafka.consumer.group.KafkaConsumer",
                              "aiokafka.AIOKafkaConsumer", "aiokafka.consumer.AIOKafkaConsumer", "aiokafka.consumer.consumer.AIOKafkaConsumer"})


def _iterates_consumer(ff: FileFacts, loop: dict) -> bool:
    """The loop's body iterates a Kafka consumer (its ``iterates``) that the
    file builds into that name: a local of the loop's function or a module
    global (``consumer = KafkaConsumer(...)``), or a member of ``self``
    (``self.consumer = AIOKafkaConsumer(...)``).  Each round then waits for
    messages, as a ``poll()`` does (prometheus-kafka-consumer-group-exporter's
    ``while True: for message in consumer: ...``).  A name that holds anything
    else (a list, ``consumer.topics()``) paces nothing."""
    names = set(loop.get("iterates") or ())
    if not names:
        return False
    func = str(loop.get("func", ""))
    return any(c.callee in _KAFKA_CONSUMERS and c.assigned in names
               and (c.assigned.startswith("self.") or c.func in (func, ""))
               for c in ff.calls)


def _paced_by_helper(ff: FileFacts, loop_fn: str, inside: list[Call]) -> bool:
    """The loop calls a function of its own file that blocks or sleeps itself,
    followed one call deep: a method of the loop's class through ``self``
    (elastalert2's ``start()``, whose ``while self.running:`` rounds end in
    ``self.sleep_for(duration)``, a method whose body is ``time.sleep(duration)``),
    or a module-level function by its bare name (``pause(1)``)."""
    owner = funcs_by_id(ff).get(loop_fn)
    helpers: set[str] = set()
    for c in inside:
        if c.recv == "self" and owner is not None and owner.cls:
            helpers |= {f.id for f in methods_of(ff, owner.cls) if f.name == c.method and not f.parent}
        elif not c.recv and c.callee and "." not in c.callee:
            helpers |= {f.id for f in funcs_named(ff, c.callee) if not f.cls and not f.parent}
    if not helpers:
        return False
    by_func = calls_by_func(ff)
    return any(blocks(c) for h in helpers for c in by_func.get(h, ()))


# Tornado's timer: PeriodicCallback(fn, ms).start() calls fn every ms milliseconds on the IOLoop
TORNADO_TIMER = "tornado.ioloop.PeriodicCallback"
_TORNADO_LOOP = "tornado.ioloop.IOLoop"


def periodic_worker(ff: FileFacts) -> Call | None:
    """The construction of a Tornado ``PeriodicCallback`` that a function
    starts and then runs the event loop forever in: a program whose work is
    a periodic job, a scheduler like APScheduler's ``BlockingScheduler``
    (jupyterhub-idle-culler's ``start()``: ``pc = PeriodicCallback(cull,
    1e3 * self.cull_every)``, ``pc.start()``, ``loop.start()``).  A timer
    made anywhere else (a WebSocket handler's keepalive ping in ``open()``,
    while ``main()`` runs the loop) is no worker of its own."""
    if ff.lang != "py" or not any(m == "tornado" or m.startswith("tornado.") for m in ff.modules):
        return None
    runs = {c.func for c in ff.calls if _runs_event_loop(c)}
    if not runs:
        return None
    started = {(c.func, c.recv) for c in ff.calls if c.method == "start" and c.recv_type == TORNADO_TIMER}
    chained = {(c.func, c.line) for c in ff.calls if c.callee == TORNADO_TIMER + "().start"}
    return next((c for c in ff.calls if c.callee == TORNADO_TIMER and c.func in runs
                 and ((c.func, c.line) in chained or (c.assigned and (c.func, c.assigned) in started))), None)


def _runs_event_loop(c: Call) -> bool:
    """``IOLoop.current().start()`` (also ``instance()``, ``IOLoop()``, a
    variable holding one), or asyncio's ``loop.run_forever()``, which Tornado's
    IOLoop runs on since 5.0."""
    if c.method == "run_forever":
        return (c.recv_type or c.callee).startswith("asyncio.")
    if c.method != "start":
        return False
    made = c.recv_type or c.callee[: -len(".start")]
    return made == _TORNADO_LOOP or made.startswith((_TORNADO_LOOP + ".", _TORNADO_LOOP + "("))


def runs_asyncio_forever(c: Call) -> bool:
    """``loop.run_forever()`` on an asyncio event loop (``loop =
    asyncio.new_event_loop()``, ``self.loop = asyncio.get_event_loop()``,
    ``asyncio.get_event_loop().run_forever()``): not a uvloop loop, nor a
    Tornado IOLoop's ``start()``."""
    return c.method == "run_forever" and _runs_event_loop(c)


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def serving_calls(ff: FileFacts) -> list[Call]:
    """:func:`entry_calls`, except in a one-off program that builds an app
    only to carry configuration and serves nothing: no route, no run
    (flask-appbuilder's bin/migrate_db_1.3.py: ``Flask()`` for Flask-SQLAlchemy)."""
    calls = entry_calls(ff)
    if calls and not ff.routes and all(last_name(c.callee) in _APP_CTORS for c in calls) and is_script(ff):
        return []
    return calls


def long_running(project: Project) -> dict[str, Entry]:
    """File path -> the entry that starts the long-running process it runs in."""
    got = _CACHE.get(project)
    if got is not None:
        return got
    graph = import_graph(project)
    roots: dict[str, Entry] = {}
    app_roots: set[str] = set()
    route_roots: set[str] = set()  # roots only because they declare routes
    loop_roots: set[str] = set()  # roots only because they run a worker loop
    for ff in project.parsed_code_files():
        calls = serving_calls(ff)
        loop = worker_loop(ff)
        if calls:
            app_roots.add(ff.path)
            c = calls[0]
            roots[ff.path] = Entry(ff.path, c.line, _call_label(c))
        elif loop is not None:
            roots[ff.path] = Entry(ff.path, loop[0], loop[1])
            loop_roots.add(ff.path)
        else:
            # Next.js API routes may run serverless: not a long-running process by themselves
            served = [r for r in ff.routes if r.framework != "next"]
            if served:
                r = served[0]
                roots[ff.path] = Entry(ff.path, r.line, f"{r.method} {r.path} route")
                route_roots.add(ff.path)
    for path, entry in _command_roots(project, graph).items():
        roots.setdefault(path, entry)
    # importers of a root run in its process (Celery task modules, blueprints)
    for path, deps in sorted(graph.items()):
        if not deps or path in roots or is_script(project.files[path]):
            continue
        for dep in deps:
            if dep in app_roots:
                roots[path] = roots[dep]
                break
    out: dict[str, Entry] = {}
    # a file is attributed to the process that starts it: roots that start a
    # server/worker first (also for the route modules they import), files
    # that merely declare routes last
    for weak in (False, True):
        starts = [p for p in sorted(roots) if (p in route_roots) == weak and p not in out]
        for path in starts:
            out[path] = roots[path]
        _spread_imports(graph, out, starts)
    # files whose import chain we cannot see (modules the trigger prefilter
    # left unparsed): a library module of a service that runs a server or
    # worker runs in it, unless it looks like a one-off script.  The service's
    # process is the one that starts a server (or a program a Procfile / CMD
    # runs), before a worker loop, before a file that merely declares routes;
    # a loop in a module only command-line programs import (a provider that
    # waits for a cloud instance, run by a CLI the server starts as a
    # subprocess) is that program's, not the service's.  A process runs the
    # modules of its own language: a Python module of a service that also
    # ships a Node script (pyspider's phantomjs_fetcher.js, served by the
    # PhantomJS binary) runs in the service's Python process, not that one
    group_root: dict[tuple[str, str], tuple[int, str, Entry]] = {}
    for path in sorted(roots):
        entry = roots[path]
        if entry.path in route_roots:
            rank = 2
        elif entry.path in loop_roots:
            if _cli_only(project, entry.path):
                continue
            rank = 1
        else:
            rank = 0
        svc = project.service_of(path)
        group = (svc.root if svc is not None else "\0", _runtime(project.files[path]))
        if group not in group_root or (rank, path) < group_root[group][:2]:
            group_root[group] = (rank, path, entry)
    hidden = {key if key is not None else "\0" for key, group in project.files_by_service.items()
              if any(ff.lang in CODE_LANGS and _unparsed(ff) for ff in group)}
    adopted: list[str] = []
    for ff in project.parsed_code_files():
        if ff.path in out or _unparsed(ff):
            continue
        svc = project.service_of(ff.path)
        key = svc.root if svc is not None else "\0"
        owner = group_root.get((key, _runtime(ff)))
        if owner is not None and key in hidden and not is_script(ff) and not tooling_file(ff.path):
            out[ff.path] = owner[2]
            adopted.append(ff.path)
    # what such a module imports runs in the same process (LinOTP's controllers/tools.py,
    # loaded by Pylons by name, imports lib/tools/set_password.py)
    _spread_imports(graph, out, adopted)
    _CACHE[project] = out
    return out


def _spread_imports(graph: dict[str, list[str]], out: dict[str, Entry], starts: list[str]) -> None:
    """Attribute to the process of each file of ``starts`` (in ``out``) what it
    imports, directly or not, unless another process has it already (breadth first)."""
    queue = deque(starts)
    while queue:
        path = queue.popleft()
        for dep in graph.get(path, ()):
            if dep not in out:
                out[dep] = out[path]
                queue.append(dep)


def _cli_only(project: Project, path: str) -> bool:
    """Is ``path`` imported, and only by command-line programs (files that
    parse their own command line, scripts, installed commands)?"""
    from ._cli import one_off_file  # (_cli builds on this module)

    importers = [p for p in importers_of(project).get(path, ()) if p != path]
    return bool(importers) and all((g := project.files.get(p)) is not None and one_off_file(project, g) for p in importers)


_SCRIPT_DIRS = frozenset({"scripts", "script", "bin", "tools", "migrations", "migration", "migrate", "seeds", "seeders", "seed", "install", "installer",
                          "fixtures", "cli", "commands", "management", "alembic", "jobs-oneoff", "examples", "example", "docs", "benchmarks"})
_SCRIPT_NAME = lazy_re(r"^(migrate|migration|seed|seeds|setup|hatch_build|init[-_]?db|create[-_]?(tables|db)|reset[-_]?db|backfill|cli|manage|knexfile|drop[-_]?db|examples?|demos?)([-_.].*)?$", re.I)
_MAIN_CALLS = frozenset({"main", "run", "seed", "migrate", "backfill", "asyncio.run", "anyio.run", "trio.run", "<fn>", "process.exit", "sys.exit"})


@functools.lru_cache(maxsize=8192)
def script_dir(name: str) -> bool:
    """A folder of one-off programs: ``scripts/``, ``migrations/``... and
    ``dataset_release_scripts/``, ``db-scripts/``."""
    low = name.lower()
    return low in _SCRIPT_DIRS or low.endswith(("_scripts", "-scripts"))


_TOOLING_NAME = lazy_re(
    r"(^|[._-])(jest|vitest|karma|webpack|vite|rollup|esbuild|gulpfile|gruntfile|playwright|cypress|storybook)([._-]|$)"
    r"|^(setup|setupTests|setup-tests|test-setup|global-setup|globalSetup)$"
    # a development server or proxy (buildbot's scripts/devproxy.py, `dev-server.js`)
    r"|(^|[._-])dev[-_]?(server|proxy)([._-]|$)"
    # the development build of a module, a `dev` part joined by a dot or a hyphen (nitropack's
    # runtime/nitro-dev.mjs, `server.dev.js`); not an identifier's word (`server_dev.py`)
    r"|(^|[.-])dev$", re.I)


def tooling_file(path: str) -> bool:
    """Named like build or test tooling (``gulpfile.js``, ``webpack.config.js``,
    ``jest.setup.ts``), a development server or proxy (``devproxy.py``,
    ``dev-server.js``) or the development build of a module, its name
    ending in a ``dev`` part joined by a dot or a hyphen (``nitro-dev.mjs``,
    the worker that nitropack's ``nitro dev`` runs; ``server.dev.js``; not
    ``webdev.js``, ``devices.js`` or a Python module's ``server_dev.py``):
    a program of the build, the tests or a developer's machine, which may
    start a dev server or log to the console, never code of the service's
    process."""
    return _TOOLING_NAME.search(path.rsplit("/", 1)[-1].rsplit(".", 1)[0]) is not None


def is_script(ff: FileFacts) -> bool:
    """A file that looks like a one-off program rather than part of a service
    (worked out once per file: it reads the file's calls, and the queue
    checks ask it once per queue operation)."""
    return per_facts("is-script", ff, _is_script)


def _is_script(ff: FileFacts) -> bool:
    parts = ff.path.split("/")
    if any(script_dir(p) for p in parts[:-1]):
        return True
    if _SCRIPT_NAME.match(parts[-1].rsplit(".", 1)[0]):
        return True
    if "require.main" in ff.attrs or (ff.extra and ff.extra.get("main_guard")):
        return True
    if alembic_program(ff):
        return True
    for c in ff.calls:
        if not c.func and (c.callee in _MAIN_CALLS or (c.callee == "main" or c.callee.endswith(".main")) and not c.recv):
            return True
    return False


# what only code run by the alembic command imports: its migration context (env.py) and operations (revisions)
_ALEMBIC_RUN = ("alembic.context", "alembic.op")


def alembic_program(ff: FileFacts) -> bool:
    """An alembic environment script or revision, wherever its folder is (LinOTP's
    ``upgrades/env.py``): it imports ``alembic.context`` or ``alembic.op``,
    which exist only while ``alembic upgrade`` runs it, and exits with it.
    (A service that migrates on start-up calls ``alembic.command``.)"""
    return any(m in _ALEMBIC_RUN for m in ff.modules) or any(
        v == m or v.startswith(m + ".") for v in ff.imports.values() for m in _ALEMBIC_RUN)


def _runtime(ff: FileFacts) -> str:
    """The kind of process that runs a code file: TypeScript compiles to the
    JavaScript a Node process runs; Python runs in a Python interpreter."""
    return "js" if ff.lang in ("js", "ts") else ff.lang


def _unparsed(ff: FileFacts) -> bool:
    """A code file the trigger prefilter did not parse (facts carry nothing)."""
    return not (ff.calls or ff.imports or ff.modules or ff.funcs or ff.consts)


def _call_label(call: Call) -> str:
    text = call.text.split("(", 1)[0].strip()
    if text.startswith("new "):
        return text + "()"
    return (text or call.callee) + "()"


# --------------------------------------------------------------------------- import resolution
@per_project
def import_graph(project: Project) -> dict[str, list[str]]:
    """Importer path -> sorted project files it imports (computed once per project)."""
    stems, by_base, by_pkg = _spec_tables(project)
    graph: dict[str, list[str]] = {}
    # the files importing a module name mostly share it ('os', 'react', './db'):
    # what a relative spec, or a Python one, resolves to does not depend on the
    # importer (see _resolve_spec), so it is looked up once
    shared: dict[tuple[bool, str], list[str]] = {}

    def edges(ff: FileFacts) -> list[str]:
        deps: set[str] = set()
        py = ff.lang == "py"
        for spec in list(ff.modules) + list(ff.imports.values()):
            if py or spec.startswith("./"):
                key = (py and not spec.startswith("./"), spec)
                targets = shared.get(key)
                if targets is None:
                    targets = shared[key] = _resolve_spec(project, ff, spec, stems, by_base, by_pkg)
            else:
                targets = _resolve_spec(project, ff, spec, stems, by_base, by_pkg)
            for target in targets:
                if target != ff.path:
                    deps.add(target)
        return sorted(deps)

    for ff in project.code_files():
        graph[ff.path] = edges(ff) if not ff.shallow else []  # a shallow file imports nothing
    # a package barrel (`__init__.py`, `index.js`) that re-exports a shared
    # library has no trigger token of its own: parse the imported ones so the
    # graph goes through them (in sorted order: the result never depends on it)
    todo = sorted({t for deps in graph.values() for t in deps if _shallow_barrel(project, t)})
    done: set[str] = set()
    while todo:
        path = todo.pop(0)
        if path in done:
            continue
        done.add(path)
        graph[path] = edges(project.full(project.files[path]))
        todo.extend(t for t in graph[path] if t not in done and _shallow_barrel(project, t))
        todo.sort()
    _sails_edges(project, graph)
    return graph


def _sails_edges(project: Project, graph: dict[str, list[str]]) -> None:
    """Sails loads its app's ``api/`` and ``config/`` folders by convention, not
    by import: the file that lifts the app (``sails.lift()``) and its route table
    (``config/routes.js``) run every file there."""
    homes: dict[str, str] = {}  # file -> its app folder
    for ff in project.parsed_code_files():
        if ff.lang == "py":
            continue
        if any(r.framework == "sails" for r in ff.routes):
            homes[ff.path] = posixpath.dirname(posixpath.dirname(ff.path))
        elif any(c.callee == "sails.lift" or c.callee.endswith(".sails.lift") for c in ff.calls):
            homes[ff.path] = posixpath.dirname(ff.path)
    for path, home in sorted(homes.items()):
        prefix = f"{home}/" if home else ""
        loaded = {p for p in graph if p.startswith((prefix + "api/", prefix + "config/")) and not p.endswith(".py")}
        loaded.discard(path)
        graph[path] = sorted(set(graph[path]) | loaded)


@per_project
def _spec_tables(project: Project) -> tuple[dict[str, str], dict[str, list[str]], dict]:
    """What import specs resolve against: module stems, stems by base name, package names."""
    stems = _stem_index(project)
    by_base: dict[str, list[str]] = {}
    for stem in sorted(stems):
        by_base.setdefault(stem[stem.rfind("/") + 1 :], []).append(stem)  # (posixpath.basename, inlined)
    by_pkg = {m.get("name"): root for root, m in project.manifests.items() if m.get("name")}
    return stems, by_base, by_pkg


def unparsed_importers(project: Project, target: FileFacts) -> list[str]:
    """Code files the trigger prefilter left unparsed (so :func:`import_graph`
    gives them no edge) that import ``target``: each file of its language whose
    text spells the module's name (its file name, or its package's for an
    ``__init__.py``/``index.js``; in a Python file, in an import statement:
    a module whose name is a common word, such as ``single``, is spelled by
    hundreds of files) is parsed now and its imports resolved
    (cellxgene's ``server/cli/cli.py``, a click group with no trigger token,
    importing ``from .upgrade import log_upgrade_check``)."""
    stem = posixpath.basename(target.path).rsplit(".", 1)[0]
    if stem in ("__init__", "index"):
        stem = posixpath.basename(posixpath.dirname(target.path))
    if not stem:
        return []
    py = target.lang == "py"
    stems, by_base, by_pkg = _spec_tables(project)
    out: list[str] = []
    for g in project.code_files():
        if not g.shallow or g.path == target.path or (g.lang == "py") != py or not (project.may_import if py else project.may_mention)(g.path, stem):
            continue
        full = project.full(g)
        if any(target.path in _resolve_spec(project, full, spec, stems, by_base, by_pkg) for spec in list(full.modules) + list(full.imports.values())):
            out.append(g.path)
    return out


def _shallow_barrel(project: Project, path: str) -> bool:
    """A package barrel the prefilter left unparsed that can import something:
    its text spells an import word (an empty ``__init__.py``, or one holding
    only a docstring or ``__version__``, adds no edge, parsed or not)."""
    ff = project.files.get(path)
    stem = posixpath.basename(path).rsplit(".", 1)[0]
    if ff is None or not ff.shallow or stem not in ("__init__", "index"):
        return False
    return any(project.may_mention(path, w) for w in (_PY_IMPORT_WORDS if ff.lang == "py" else _JS_IMPORT_WORDS))


# the words a file's text spells when it imports anything (``modules`` and
# ``imports`` of its facts come from these statements and calls only)
_PY_IMPORT_WORDS = ("import",)
_JS_IMPORT_WORDS = ("import", "export", "require")


@per_project
def importers_of(project: Project) -> dict[str, list[str]]:
    """Imported path -> the files importing it (in import graph order)."""
    out: dict[str, list[str]] = {}
    for path, deps in import_graph(project).items():
        for dep in deps:
            out.setdefault(dep, []).append(path)
    return out


def reached(edges: dict[str, list[str]], roots: Iterable[str], within: AbstractSet[str] | None = None) -> set[str]:
    """``roots`` and every path ``edges`` (:func:`import_graph` or
    :func:`importers_of`) lead to from them, transitively; with ``within``,
    only through paths of that set."""
    seen = set(roots)
    todo = sorted(seen)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen and (within is None or nxt in within):
                seen.add(nxt)
                todo.append(nxt)
    return seen


@per_project
def _stem_index(project: Project) -> dict[str, str]:
    index: dict[str, str] = {}
    put = index.setdefault
    for ff in project.code_files():
        path = ff.path
        stem = path.rsplit(".", 1)[0]
        put(stem, path)
        if stem.endswith(("/index", "/__init__")) or stem in ("index", "__init__"):
            put(stem.rsplit("/", 1)[0] if "/" in stem else "", path)
    return index


_ALIAS = lazy_re(r"^(?:@/|~/|#/|@src/|@app/|src/|~)")


def _resolve_spec(project: Project, ff: FileFacts, spec: str, stems: dict[str, str], by_base: dict[str, list[str]], by_pkg: dict) -> list[str]:
    if not spec:
        return []
    if spec.startswith("./"):
        t = project.peek_module(spec)
        if t is not None:
            return [t.path]
        # './src/db.pool' (an imported name): drop trailing attribute segments
        body = spec[2:]
        while "." in posixpath.basename(body):
            body = body.rsplit(".", 1)[0]
            hit = stems.get(body)
            if hit:
                return [hit]
        return []
    if ff.lang == "py":
        index = _py_index(project)
        parts = spec.split(".")
        while parts:
            module = index.get(".".join(parts))
            if module is not None:
                return [module.path]
            parts = parts[:-1]
        return []
    root = by_pkg.get(spec) or by_pkg.get("/".join(spec.split("/")[:2]))
    if root is not None:
        prefix = root + "/" if root else ""
        main = [p for p in (stems.get(prefix + "src/index"), stems.get(prefix + "index")) if p]
        return main[:1] or _main_source(project, root, stems)
    m = _ALIAS.match(spec)
    if m:
        rest = spec[m.end():].split("?")[0]
        hit = _suffix_match(ff, rest, stems, by_base.get(posixpath.basename(rest), ()))
        return [hit] if hit else []
    return []


def _main_source(project: Project, root: str, stems: dict[str, str]) -> list[str]:
    """The source of a workspace package whose ``main`` is its build output
    (appium's ``"main": "./build/lib/index.js"``, compiled from ``lib/index.ts``)."""
    return built_source(str(project.manifests.get(root, {}).get("main") or ""), root, stems)


def built_source(target: str, root: str, stems: dict[str, str]) -> list[str]:
    """The project source (as a one-item list) of a package.json path into the
    package's build output (``dist/``, ``build/``, ``out/``), relative to the
    package directory ``root``: ``dist/cli-run.js`` -> ``src/cli-run.ts`` or
    ``cli-run.ts``; [] for a path outside the build output or with no source."""
    target = re.sub(r"\.[cm]?[jt]sx?$", "", target)
    if not target.startswith(("dist/", "build/", "out/")):
        return []
    prefix = root + "/" if root else ""
    return [stems[prefix + m] for m in _candidates("", target)[1:] if prefix + m in stems][:1]


def _suffix_match(ff: FileFacts, rel: str, stems: dict[str, str], candidates: Iterable[str]) -> str | None:
    """A project file whose module path ends with ``rel`` (closest to the importer)."""
    if not rel:
        return None
    best: str | None = None
    best_score = -1
    for stem in candidates:
        if stem == rel or stem.endswith("/" + rel):
            path = stems[stem]
            score = len(posixpath.commonprefix([path, ff.path]))
            if score > best_score:
                best, best_score = path, score
    return best


# --------------------------------------------------------------------------- start-up commands
def _command_roots(project: Project, graph: dict[str, list[str]]) -> dict[str, Entry]:
    """Files started by a Procfile, a Dockerfile CMD/ENTRYPOINT, a package.json start script,
    a Kubernetes/Helm container command, a supervisor program or a systemd unit."""
    stems = _stem_index(project)
    out: dict[str, Entry] = {}
    for ff in project.files.values():
        if ff.lang != "text":
            continue
        kind = str(ff.extra.get("kind", "")) if ff.extra else ""
        base = posixpath.dirname(ff.path)
        for line, text in ff.commands:
            text = str(text)
            if kind == "dockerfile":
                if not re.match(r"(?i)^(CMD|ENTRYPOINT)\b", text):
                    continue
            elif kind.startswith("procfile"):
                if re.match(r"^\s*(release|migrate)\s*:", text):
                    continue
            elif kind == "package.json":
                if not re.match(r"^\s*\"(start|serve|start:prod|prod)\"\s*:", text):
                    continue
            elif kind not in _DEPLOY_KINDS:
                continue
            # a Kubernetes/Helm container, supervisor program or systemd unit
            # runs in the image's working directory, not next to its manifest:
            # resolve its command from the service's root and the project root
            bases = [base] if kind not in _DEPLOY_KINDS else _deploy_bases(project, ff.path)
            for m in _RUN_CMD.finditer(text + " "):
                target = m.group(1).strip("./") if not m.group(1).startswith("../") else m.group(1)
                target = target.replace(".", "/") if not m.group(2) and "/" not in target and "." in target else target
                for cand in (c for b in bases for c in _candidates(b, target)):
                    path = stems.get(cand)
                    if path and path not in out:
                        out[path] = Entry(ff.path, int(line), f"{posixpath.basename(ff.path)}: {text[:80]}")
    return out


_DEPLOY_KINDS = frozenset({"yaml", "supervisor", "systemd"})

# npm scripts that run the service's own processes, by name (`start-server`,
# `serve:prod`, `worker`, `cron-sync`, `dev`): what they run is not one-off work
_NPM_PROCESS_SCRIPT = lazy_re(
    r"(?i)(?:^|[-_:.])(?:start|serve|server|prod|production|worker|workers|daemon|run|cron|jobs?|queues?|consumers?|listen|watch|dev)(?:$|[-_:.])")


def npm_process_script(name: str) -> bool:
    """Is an npm script, by its name, one that runs a process of the service
    (``start``, ``serve:prod``, ``worker``, ``cron-sync``, ``dev``) rather
    than one-off tooling (``build``, ``lint``, ``extract_messages``)?"""
    return _NPM_PROCESS_SCRIPT.search(name) is not None


# front-end bundlers, stylesheet compilers and source compilers (`tsc -w`, `babel src -d lib --watch`):
# they build, watch or serve the package's assets and start no process of the service
# (not `tsc-watch`, whose `--onSuccess` runs a command)
_ASSET_TOOLS = frozenset({"vite", "webpack", "webpack-cli", "webpack-dev-server", "parcel", "rollup", "esbuild", "rspack", "rsbuild",
                          "snowpack", "sass", "node-sass", "postcss", "tailwindcss", "tsc", "babel"})
# a command substitution (`$(python -c '...; ...')`, backquotes): its value only feeds the command around it
_SHELL_SUBST = lazy_re(r"\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`")
# a command that only sets variables (`export APP_VERSION=`, `NODE_ENV=production`) or changes directory
_SETUP_ONLY = lazy_re(r"^(?:(?:export\s+)?[A-Za-z_]\w*=\S*\s*)+$|^(?:cd|pushd)\s")
# the program a command runs, past env prefixes and package runners (`cross-env X=1 npx vite`, `yarn vite build`)
_SCRIPT_PROGRAM = lazy_re(r"^(?:(?:cross-env(?:-shell)?|env)\s+)?(?:[A-Za-z_]\w*=\S*\s+)*"
                          r"(?:(?:npx|bunx|yarn|pnpm(?:\s+(?:exec|dlx))?|npm\s+exec)\s+(?:-{1,2}[\w-]+\s+)*)?([\w@./-]+)")


def npm_asset_script(script: str) -> bool:
    """Does an npm script only build, watch or serve front-end assets (every
    command it runs is a bundler such as ``vite``, ``webpack serve`` or
    ``parcel``, or a compiler such as ``tsc -w``, beside variable settings:
    the ``"dev": "export APP_VERSION=$(python -c ...) && npx vite"`` of a
    Django app's sdist, the ``"watch": "tsc -w"`` of the JupyterLab
    extension a Python package ships)?
    Such a script starts no process of the service behind the bundle; one
    command of anything else (``python manage.py runserver``, ``node
    server.js``, ``npm run api``) and it may."""
    programs = []
    for part in re.split(r"&&|\|\||[;&|]", _SHELL_SUBST.sub("", script)):
        part = part.strip()
        if not part or _SETUP_ONLY.match(part):
            continue
        m = _SCRIPT_PROGRAM.match(part)
        if m is None:
            return False
        programs.append(posixpath.basename(m.group(1)))
    return bool(programs) and all(p in _ASSET_TOOLS for p in programs)


# one command of a script run by node (or a TypeScript runner): `node extra/download-dist.js`,
# `cross-env NODE_ENV=production node --max-old-space-size=4096 scripts/x.js`
_NPM_NODE_CMD = lazy_re(
    r"^\s*(?:(?:cross-env(?:-shell)?|env)\s+)?(?:[A-Za-z_]\w*=\S*\s+)*(?:npx\s+)?(?:node|ts-node|tsx|babel-node|bun)"
    r"(?:\s+-{1,2}[\w-]+(?:=\S+)?)*\s+[\"']?([\w./@-]+\.(?:js|mjs|cjs|ts|mts|cts))[\"']?(?:\s|$)")


@per_project
def npm_script_programs(project: Project) -> frozenset[str]:
    """Files a package.json script runs as a program of its own
    (uptime-kuma's ``"download-dist": "node extra/download-dist.js"``): work
    an operator or the build runs once, as from a ``scripts/`` folder.  Not
    what the scripts named for the service's processes run (``start``,
    ``serve``, ``worker``, ``cron``, ``dev``...), nor a file a start command
    (Dockerfile ``CMD``, Procfile, compose, package.json ``start``...) runs;
    a script that changes directory first (``cd tools && node index.js``)
    is not followed past the ``cd``."""
    found: set[str] = set()
    held: set[str] = set()  # run by a process script too
    for root, manifest in sorted(project.manifests.items()):
        for name, script in sorted((manifest.get("scripts") or {}).items()):
            into = held if npm_process_script(str(name)) else found
            for part in re.split(r"&&|\|\||;|\|", str(script)):
                if re.match(r"^\s*(?:cd|pushd)\s", part):
                    break
                m = _NPM_NODE_CMD.match(part)
                if m is None or m.group(1).startswith(("/", "../", "$")):
                    continue
                path = posixpath.normpath(posixpath.join(root, m.group(1)) if root else m.group(1))
                if path in project.files:
                    into.add(path)
    if not found:
        return frozenset()
    return frozenset(found - held - set(_command_roots(project, import_graph(project))))


def _deploy_bases(project: Project, path: str) -> list[str]:
    svc = project.service_of(path)
    root = svc.root if svc is not None else ""
    return [root, ""] if root else [""]


def _candidates(base: str, target: str) -> list[str]:
    target = target.rstrip("/")
    joined = posixpath.normpath(posixpath.join(base, target)) if base else posixpath.normpath(target)
    out = [joined]
    # compiled output run in the image: dist/main.js -> src/main.ts
    for built in ("dist/", "build/", "lib/", "out/"):
        rel = target[len(built):] if target.startswith(built) else ""
        if rel:
            out.append(posixpath.normpath(posixpath.join(base, "src", rel)) if base else posixpath.normpath("src/" + rel))
            out.append(posixpath.normpath(posixpath.join(base, rel)) if base else rel)
    return out
