"""Services for project-level rules: their files, entry points and libraries.

A *unit* is one service of the project (see :class:`~riskscan.project.Service`)
with the code it runs: its own files plus the shared libraries it imports
(relative imports, Python dotted imports, path aliases and workspace packages
it depends on).  Files outside every service form one more unit, so a project
with no marker file at all is judged as one service.

``entry_points(project, unit)`` ranks the calls that start the unit's
processes (server start-up, app construction, worker construction, a worker
loop); project-level findings sit on ``entry_point(project, unit)``.
``find_module`` / ``uses_dependency`` tell whether a unit uses a library.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..facts import CALL, ENV, FN, IDENT, NULL, NUM, OBJ, STR, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ..project import CODE_LANGS, Service, scope_chain
from ._longrun import (
    GRPC, HTTP, PY_APPS, PY_FLASK_APPS, PY_SERVER_STARTS, PY_START_CALLEES, PY_STARTED_SERVERS, PY_WORKERS, TCP, WORKER, WS, handed_serve_forever, started_worker,
    _SCRIPT_NAME, _candidates, _command_roots, _stem_index, built_source, script_dir, channel_listen, hapi_start, import_graph, importers_of, loop_at, own_listen, pg_listen, periodic_worker, port_probe, reached, stream_listen, tooling_file, worker_loops,
)
from ._memo import calls_between, per_file, per_project
from ._redis_clients import LISTEN_METHODS, event_name
from ._resolve import _service_lists, assigned_before, built_in_place, call_sites, fn_of_val, is_bool, last_name, module_and_attr, name_words, norm_callee, walk_vals
from ._routes import _MOCK_MODULES, extends, inherited_method, is_mock, project_class

if TYPE_CHECKING:
    from ..project import Project

# how messages name a server of each kind
SERVER_KIND_NAMES = {HTTP: "an HTTP server", TCP: "a TCP server", WS: "a WebSocket server", GRPC: "a gRPC server"}
PROCESS = "process"  # a file a start command runs, with no server/worker start-up we recognise
LONG_RUNNING = (HTTP, WORKER, TCP, WS, GRPC)
# the servers a plain TCP server beside them is the side service of (entry_points)
_BESIDE_TCP = frozenset({HTTP, WS, GRPC})


@dataclass
class Unit:
    svc: Service | None
    root: str  # service directory ('' = scan root)
    name: str
    files: list[FileFacts]  # code files it runs: own + shared libraries, sorted by path
    own: frozenset[str] = field(default_factory=frozenset)  # paths of files inside the service directory

    @property
    def label(self) -> str:
        """'service `api` (apps/api)' / 'service `orders`' / 'the project' for messages."""
        if self.svc is None or not self.name or self.name == ".":
            return "the project"
        if self.root and self.name != posixpath.basename(self.root):
            return f"service `{self.name}` ({self.root})"
        return f"service `{self.name}`"

    @property
    def key(self) -> str:
        """The unit's key in per-service memos: its root, or "\\0" for the files no service holds."""
        return self.root if self.svc is not None else "\0"

    def anchor(self) -> str:
        return f"service:{self.root or '.'}"

    def is_script(self, path: str) -> bool:
        """A one-off program of this service (judged below the service directory)."""
        return is_script_path(path, self.root)


@dataclass
class Entry:
    ff: FileFacts
    call: Call | None  # the start-up call; None for a worker loop
    line: int
    col: int
    kind: str  # http | worker | tcp | ws | grpc | process
    what: str  # "app.listen()", "FastAPI()", "while True worker loop"
    tier: int  # 0 start call, 1 app/server construction, 2 worker construction, 3 loop/timer, 4 command only
    started_by: str = ""  # the command file that runs this file (Procfile, Dockerfile, package.json)
    retry: bool = False  # made in an 'error' listener: a new attempt after a failed start, not the start

    @property
    def path(self) -> str:
        return self.ff.path


# --------------------------------------------------------------------------- paths
@functools.lru_cache(maxsize=65536)
def is_script_path(path: str, root: str = "") -> bool:
    """A path that holds one-off programs (scripts/, migrations/, seed.js,
    manage.py...); with ``root``, only the part below that directory counts."""
    if root and path.startswith(root + "/"):
        path = path[len(root) + 1 :]
    return _script_parts(path)


def _folders_or_name(folder: Callable[[str], bool], name: Callable[[str], bool]) -> Callable[[str], bool]:
    """A test of a path: ``folder`` of the name of any of its folders, or
    ``name`` of its file's name; the two parts are remembered apart (the
    files of a folder share the first, many files share a name)."""
    folders = functools.lru_cache(maxsize=16384)(lambda text: any(map(folder, text.split("/"))))
    named = functools.lru_cache(maxsize=16384)(name)

    def test(path: str) -> bool:
        cut = path.rfind("/")
        return (cut >= 0 and folders(path[:cut])) or named(path[cut + 1 :])

    return test


_script_parts = _folders_or_name(script_dir, lambda name: bool(_SCRIPT_NAME.match(name.rsplit(".", 1)[0])))


# (`doc/` as well as `docs/`: the documentation tree, with its Sphinx `conf.py`, of numpy, scipy, git, BinderHub)
_DEMO_DIRS = frozenset({"examples", "example", "demo", "demos", "sample", "samples", "playground", "sandbox", "fixtures", "docs", "doc",
                        "benchmarks", "benchmark", "bench",
                        # project templates a generator copies (streamlit's app templates, cookiecutters)
                        "templates", "template", "scaffold", "scaffolds", "starter", "starters", "boilerplate", "boilerplates",
                        "skeleton", "skeletons", "cookiecutter"})


# `example.js`, `demo-server.py`, `examples.ts`: a file named as an example
# ("sample" is left out: `samples.py` is a domain model in a lab's application)
_DEMO_FILE = lazy_re(r"^(?:examples?|demos?)(?:[-_.][^/]*)?\.[a-z]+$", re.I)


# `example_project/`, `demo-app/`, `django_example/`, `testproject/`: a folder named as an example project
_DEMO_DIR = lazy_re(r"^(?:examples?|demos?|samples?)[-_]\w|\w[-_](?:examples?|demos?)$|^test_?(?:project|app|site)s?$|^dev_?(?:project|site)$", re.I)


def example_project_dir(name: str) -> bool:
    """A folder named as an example or test project (``example_project``, ``demo-app``,
    ``test_project``, ``testproject``): its code is not deployed, nor is its compose file."""
    return _DEMO_DIR.search(name) is not None


@functools.lru_cache(maxsize=65536)
def is_demo_path(path: str) -> bool:
    """Example, demo, fixture and documentation code: not what is deployed."""
    return _demo_parts(path)


@functools.lru_cache(maxsize=8192)
def _demo_dir(name: str) -> bool:
    return name.lower() in _DEMO_DIRS or _DEMO_DIR.search(name) is not None


_demo_parts = _folders_or_name(_demo_dir, lambda name: bool(_DEMO_FILE.match(name)))


# names only a Django settings module defines
_DJANGO_NAMES = ("INSTALLED_APPS", "ROOT_URLCONF", "WSGI_APPLICATION", "ASGI_APPLICATION")


def django_project(project: Project, files: list[FileFacts]) -> bool:
    """A module of ``files`` imports Django (not only as an optional import, in
    a ``try:`` that catches ImportError or its handler: bottle's JSON fallback
    ``from django.utils.simplejson import dumps``), a settings module names the apps
    or URL configuration, or the project has Django's ``manage.py`` (a file of
    a Django project with no trigger token is not parsed, so its imports are
    not known; its text still spells ``django`` or ``DJANGO_SETTINGS_MODULE``:
    a ``manage.py`` that does not -- Flask-Script's, pypiserver's
    ``pypiserver/manage.py`` update command -- is no sign of Django)."""
    return (any((m == "django" or m.startswith("django.")) and m not in ff.extra.get("optional_modules", ()) for ff in files for m in ff.modules)
            or any(n in ff.consts for ff in files for n in _DJANGO_NAMES)
            or any(posixpath.basename(p) == "manage.py" and _django_manage(project, p) for p in project.files))


def _django_manage(project: Project, path: str) -> bool:
    """Does the ``manage.py`` at ``path`` run Django's commands (its text
    spells ``django``, as ``from django.core.management import ...`` does, or
    ``DJANGO_SETTINGS_MODULE``, as django-configurations' does)?"""
    return project.may_mention(path, "django") or project.may_mention(path, "DJANGO_SETTINGS_MODULE")


# --------------------------------------------------------------------------- units
def graph_of(project: Project) -> dict[str, list[str]]:
    return import_graph(project)


def units(project: Project) -> list[Unit]:
    """Every service with the code it runs (sorted by root; the unit of files
    outside any service last, only when there are such files)."""
    got = project.__dict__.get("_rs_units")
    if got is not None:
        return got
    graph = graph_of(project)
    lists = _service_lists(project)  # project.service_files per service (code files), shared with other checks
    by_pkg = {m.get("name"): root for root, m in project.manifests.items() if m.get("name")}
    out: list[Unit] = []
    owned: dict[str | None, list[FileFacts]] = {}  # service root (None: no service) -> its code files, in path order
    for key, group in project.files_by_service.items():
        code = [ff for ff in group if ff.lang in CODE_LANGS]
        if code:
            owned[key] = code
    groups: list[Service | None] = list(project.services)
    if not project.services or None in owned:
        groups.append(None)
    for svc in groups:
        own = owned.get(svc.root if svc is not None else None, [])
        files: dict[str, FileFacts] = {ff.path: ff for ff in lists.get(svc.root if svc is not None else "\0none", ([], None))[0]}
        files.update((ff.path, ff) for ff in own)
        # workspace packages the service loads at run time (a devDependency
        # -- a test server, a build tool -- is not part of what it runs)
        root = svc.root if svc is not None else ""
        for dep in project.manifests.get(root, {}).get("runtime_deps", []) if svc is not None else []:
            lib_root = by_pkg.get(dep)
            if lib_root is not None and lib_root != root:
                for ff in project.code_files():
                    if ff.path.startswith(lib_root + "/") and project.service_of(ff.path) is not svc:
                        files.setdefault(ff.path, ff)
        queue = sorted(files)
        while queue:
            path = queue.pop()
            for dep in graph.get(path, ()):
                if dep not in files and dep in project.files:
                    files[dep] = project.files[dep]
                    queue.append(dep)
        if not own:
            continue
        name = svc.name if svc is not None else ""
        out.append(Unit(svc, root, name, [files[p] for p in sorted(files)], frozenset(ff.path for ff in own)))
    project.__dict__["_rs_units"] = out
    return out


# --------------------------------------------------------------------------- entry points
_JS_HTTP_CTORS = {
    "http.createServer": 1,
    "https.createServer": 1,
    "http2.createServer": 1,
    "http2.createSecureServer": 1,
    "NestFactory.create": 1,
    "@hono/node-server.serve": 0,
    "Bun.serve": 0,
    "sails.lift": 0,  # a Sails app: its HTTP server (config/routes.js, riskscan.checks._sails)
}
_JS_WORKER_CTORS = {
    "bullmq.Worker": 2,
    "@taskforcesh/bullmq-pro.WorkerPro": 2,
    "NestFactory.createMicroservice": 1,
    "node-cron.schedule": 3,
    "cron.CronJob": 3,
    "cron.CronJob.from": 3,
    "agenda.Agenda": 2,
    "node-resque.Worker": 2,
    "node-resque.MultiWorker": 2,
}
_JS_BLOCKING = frozenset({"brpop", "blpop", "brpoplpush", "blmove", "bzpopmin", "bzpopmax", "xread", "xreadgroup", "receivemessage"})
_FLASK_SOCKETIO = "flask_socketio.SocketIO"
# objects whose run() starts the server (Flask-SocketIO's `socketio.run(app, port=...)` serves the Flask app and its sockets)
_PY_APP_RUNNERS = (*PY_FLASK_APPS, "quart.Quart", "sanic.Sanic", "bottle.Bottle", _FLASK_SOCKETIO)
# every callee / method name _py_start answers for (a cheap gate: it is asked about every call):
# _longrun's PY_START_CALLEES and these methods
_PY_START_METHODS = frozenset({"Worker", "run", "serve_forever", "listen", "start", "run_worker"})
_TORNADO_APP = "tornado.web.Application"


_DOTTED = lazy_re(r"^[\w$.]+$")


def _label(call: Call) -> str:
    """'app.listen()', 'new Worker()', 'FastAPI()' for messages."""
    if call.method and call.recv:
        if re.match(r"^[\w$.]+$", call.recv):
            return f"{call.recv}.{call.method}()"
        if call.recv.startswith("require(") and re.match(r"^[\w$.]+$", call.callee):
            return call.callee + "()"  # `require('node:https').createServer(opts, app)` as `https.createServer()`
        if re.match(r"^[\w$.]+\(\)\.[\w$]+$", call.callee) and _made_by_recv_head(call):
            # `tornado.web.Application([...]).listen(port)` as `tornado.web.Application().listen()`,
            # `createServer(handler).listen(port)` on `import { createServer } from 'http'` as `http.createServer().listen()`
            return call.callee + "()"
        made = _recv_made_as_written(call)
        if made:
            # `cors_proxy.createServer({...}).listen(port)` on a project module's
            # factory as `cors_proxy.createServer().listen()`, not `.listen()`
            return f"{made}().{call.method}()"
        return f".{call.method}()"
    text = call.text.split("(", 1)[0].strip()
    if text and re.match(r"^(new\s+)?[\w$.]+$", text):
        return text + "()"
    return call.callee.rsplit(".", 1)[-1] + "()"


def _made_by_recv_head(call: Call) -> bool:
    """The call that makes the receiver of ``call`` (``createServer`` of
    ``createServer(handler).listen(port)``) is the one its callee names: the
    same name, or the module member a named import of it resolves to
    (``http.createServer`` for ``import { createServer } from 'http'``)."""
    head = call.recv.split("(", 1)[0]
    made = call.callee.split("(", 1)[0]
    return bool(head) and re.match(r"^[\w$.]+$", head) is not None and (made == head or made.endswith("." + head))


def _recv_made_as_written(call: Call) -> str:
    """The dotted name, as the code writes it, of the one call that makes the
    receiver of ``call`` (``cors_proxy.createServer`` of
    ``cors_proxy.createServer({...}).listen(port)``, whose callee names the
    module the alias imports: ``./lib/cors-anywhere.createServer().listen``);
    '' when the receiver is not a single call of a dotted name
    (``a.b(x).c(y).listen()``, ``(cond ? x : y).listen()``)."""
    head = call.recv.split("(", 1)[0]
    if not head or _DOTTED.match(head) is None or call.callee.count("()") != 1:
        return ""
    return head if call.callee.endswith(f".{head.rsplit('.', 1)[-1]}().{call.method}") else ""


# every match below ends with one of these names (a cheap gate)
_JS_CTOR_NAMES = (*_JS_HTTP_CTORS, *_JS_WORKER_CTORS)


@functools.lru_cache(maxsize=8192)
def _js_ctor(callee: str) -> tuple[str, int] | None:
    """(kind, tier) of a server/worker construction callee (normalised)."""
    if not callee.endswith(_JS_CTOR_NAMES):
        return None
    for table, kind in ((_JS_HTTP_CTORS, HTTP), (_JS_WORKER_CTORS, WORKER)):
        for name, tier in table.items():
            if callee == name or callee.endswith("." + name) or (name.startswith(("NestFactory", "Bun")) and callee.endswith(name)):
                return kind, tier
    return None


def _js_start(ff: FileFacts, call: Call, worker_hint: bool) -> tuple[str, int] | None:
    callee = norm_callee(call.callee)
    if call.method == "listen" and call.recv:
        if own_listen(ff, call) or port_probe(ff, call) or channel_listen(call) or stream_listen(ff, call):
            return None
        rt = call.recv_type
        if _bundler_dev_server_start(call):
            return None  # `new WebpackDevServer(compiler, config).listen(port)`: serves the front-end bundle on a developer's machine
        if rt.startswith(("net.", "tls.")) or rt in _JS_TCP_SERVERS:
            return TCP, 0
        if "socket.io" in rt or rt.startswith("ws."):
            return WS, 0
        if rt.startswith(("pg", "redis", "ioredis", "@redis/", "events")):
            return None
        first = call.args[0] if call.args else None
        last = call.recv.rsplit(".", 1)[-1]
        if last.endswith(_NOT_SERVER_SUFFIXES) and (not rt or rt.startswith("./") or "." not in rt):
            return None  # (a type that is no module's: a project class, or one left unresolved)
        if (not rt or rt.startswith("./")) and (last in _NOT_SERVERS
                       or (first is not None and first.k == IDENT and first.v.rsplit(".", 1)[-1] in _SOCKET_ARGS)):
            return None  # config.listen(socket, auth): a plugin hooking a socket, not a server starting
        if (not rt or rt.startswith("./")) and first is not None and first.k == IDENT and _http_server_var(ff, call, first.v):
            return None  # wsServer.listen(server): an object attaching to a server this file builds, not a server starting
        return HTTP, 0
    ctor = _js_ctor(callee)
    if ctor is not None:
        return ctor
    if call.method == "publish" and call.recv_type in _HAP_ACCESSORIES:
        return TCP, 0  # a HomeKit accessory server: `bridge.publish(info)` binds its HAP port and serves until unpublished
    if hapi_start(call):
        return HTTP, 0
    if callee in ("ws.WebSocketServer", "ws.Server") and any(a.k == OBJ and a.keys and "port" in a.keys for a in call.args):
        return WS, 2
    if callee in ("socket.io", "socket.io.Server") and call.args and _port_arg(call.args[0]):
        return WS, 2  # `new Server(8000)`, `require('socket.io')(port)`: socket.io makes its own HTTP server and listens
    if call.callee == "setInterval" and not call.func and worker_hint:
        return WORKER, 3
    if call.method == "process" and call.recv_type.split(".", 1)[0] in ("bull", "bee-queue"):
        return WORKER, 2
    if worker_hint and call.method.lower() in _JS_BLOCKING:
        return WORKER, 3
    if worker_hint and call.method == "consume" and call.recv:
        return WORKER, 3
    if pg_listen(ff, call):
        return WORKER, 3  # a Postgres LISTEN subscription whose 'notification' listener takes the work
    return None


def _http_server_var(ff: FileFacts, call: Call, name: str) -> bool:
    """``name`` holds an HTTP server of this file: assigned from a server
    construction (``server = http.createServer(app)``) or started by its own
    ``name.listen(...)`` here.  ``wsServer.listen(server)`` on a project object
    (the SAP approuter's WebSocket proxy, lib/server.js:49, whose listen hooks
    the server's 'upgrade' event) hands that server over; the server starts at
    its own listen call."""
    for c in ff.calls:
        if c is call:
            continue
        if c.method == "listen" and c.recv == name:
            return True
        if c.assigned == name:
            ctor = _js_ctor(norm_callee(c.callee))
            if ctor is not None and ctor[0] == HTTP:
                return True
    return False


# receivers whose listen() starts no server, and first arguments that are a socket, not a port
_NOT_SERVERS = frozenset({"config", "conf", "settings", "options", "opts", "store", "emitter", "events", "bus", "router", "plugin"})
_SOCKET_ARGS = frozenset({"socket", "sock", "io", "ws", "wss", "emitter"})
def _port_arg(v: Val) -> bool:
    """A port number, or a variable / environment value named for one."""
    if v.k == NUM:
        return v.v.isdigit()
    return v.k in (IDENT, ENV) and "port" in v.v.rsplit(".", 1)[-1].lower()


# front-end bundlers' development servers (an ejected create-react-app's scripts/start.js): they serve the
# bundle while it is developed, with live reload; what is deployed is the built bundle, served by something else
_BUNDLER_DEV_SERVERS = frozenset({"webpack-dev-server", "vite", "@rspack/dev-server"})


def _bundler_dev_server_start(call: Call) -> bool:
    """``devServer.listen(port)`` (or webpack-dev-server 4's ``start()``) on
    a front-end bundler's development server."""
    return call.method in ("listen", "start", "startCallback") and call.recv_type.split(".", 1)[0] in _BUNDLER_DEV_SERVERS


# `this.clusterBus.listen()`, `eventEmitter.listen()`: a message bus subscribing, not a server
_NOT_SERVER_SUFFIXES = ("Bus", "Emitter", "Config", "Options")
# servers of these packages listen on a plain TCP port and speak their own protocol, not HTTP (smtp-server's
# `new SMTPServer(opts).listen(25)`: a mail sink or relay; ssh2's `new Server(opts, onClient).listen(22)`)
# (SOCKS proxies too: socksv5's `socks.createServer((info, accept, deny) => ...)`, its fork sockx (whistle's
# lib/index.js:154), simple-socks; they speak SOCKS, not HTTP)
_JS_TCP_SERVERS = frozenset(
    {"smtp-server.SMTPServer", "ssh2.Server", "socksv5.createServer", "sockx.createServer", "simple-socks.createServer"}
)


# HAP-NodeJS's accessories (Homebridge's own fork too): `publish(info)` starts the accessory's HomeKit Accessory
# Protocol server on a TCP port (HAP's encrypted HTTP framing, whose routes the protocol fixes) and advertises it
# over mDNS; it serves HomeKit controllers until `unpublish()`.  (An MQTT or pub/sub client's publish is no server.)
_HAP_ACCESSORIES = frozenset(f"{pkg}.{cls}" for pkg in ("hap-nodejs", "@homebridge/hap-nodejs") for cls in ("Accessory", "Bridge"))


# servers of these modules speak HTTP (`make_server(...).serve_forever()`, `class S(ThreadedWSGIServer)`)
_HTTP_SERVER_MODULES = ("http.server", "wsgiref.simple_server.", "werkzeug.serving.")
# socketserver's servers on a Unix socket (also the Threading/Forking variants)
_UNIX_SERVERS = tuple(f"socketserver.{mix}Unix{kind}Server" for mix in ("", "Threading", "Forking") for kind in ("Stream", "Datagram"))
# request handlers that speak HTTP, and socketserver's own (a raw TCP or UDP protocol)
_HTTP_HANDLERS = ("http.server.BaseHTTPRequestHandler", "http.server.SimpleHTTPRequestHandler", "http.server.CGIHTTPRequestHandler",
                  "wsgiref.simple_server.WSGIRequestHandler", "werkzeug.serving.WSGIRequestHandler")
_RAW_HANDLERS = ("socketserver.BaseRequestHandler", "socketserver.StreamRequestHandler", "socketserver.DatagramRequestHandler")
# websockify's servers: `start_server()` serves WebSocket upgrades (and files, with --web) over HTTP
_WEBSOCKIFY_SERVERS = ("websockify.WebSocketProxy", "websockify.websocketproxy.WebSocketProxy",
                       "websockify.WebSockifyServer", "websockify.websockifyserver.WebSockifyServer")


def _py_start(call: Call) -> tuple[str, int] | None:
    callee = call.callee
    if callee in PY_SERVER_STARTS:
        return PY_SERVER_STARTS[callee], 0
    if callee in PY_APPS:
        return PY_APPS[callee], 1
    if callee in PY_WORKERS or callee.startswith("dramatiq.") and call.method in ("Worker",):
        return WORKER, PY_WORKERS.get(callee, 2)
    if call.method == "run" and call.recv_type in _PY_APP_RUNNERS:
        return HTTP, 0
    if call.method == "start" and call.recv_type in PY_STARTED_SERVERS:
        return PY_STARTED_SERVERS[call.recv_type], 0
    if started_worker(call):
        return WORKER, 2
    if call.method == "listen" and (call.recv_type == _TORNADO_APP or call.callee == _TORNADO_APP + "().listen"):
        return HTTP, 0  # Tornado's Application.listen(port): builds its HTTPServer and binds the port
    if call.method == "serve_forever":
        rt = call.recv_type
        if rt.startswith(_HTTP_SERVER_MODULES):
            return HTTP, 0
        if rt:
            return TCP, 0
    return None


_WORKER_NAME = lazy_re(r"(worker|consumer|processor|poller|daemon|scheduler|cron)", re.I)


def file_entries(project: Project, ff: FileFacts, started_by: str = "") -> list[Entry]:
    """The start-up calls of one file, best first (remembered per facts object:
    every unit that holds the file asks again)."""
    cache = project.__dict__.setdefault("_rs_file_entries", {})
    key = (id(ff), started_by)
    got = cache.get(key)
    if got is None or got[0] is not ff:
        got = cache[key] = (ff, _file_entries(project, ff, started_by))
    return list(got[1])


def app_subclasses(ff: FileFacts) -> dict[str, str]:
    """Classes of this file that extend a known app or server class
    (``class RootedAPI(falcon.App)``, ``class HomeAssistantApplication(web.Application)``),
    also through another class of this file (frontera's worker/server.py:
    ``class JsonRpcService(server.Site)``, then ``class
    WorkerJsonRpcService(JsonRpcService)``): class name -> that known base."""
    out: dict[str, str] = {}
    classes = [c for c in ((ff.extra or {}).get("classes", ()) if ff.lang == "py" else ())
               if isinstance(c, dict) and isinstance(c.get("name"), str)]
    for _round in range(4):  # (a chain of classes of this file, at most four deep)
        grew = False
        for cls in classes:
            if cls["name"] in out:
                continue
            for base in cls.get("bases") or ():
                known = base if isinstance(base, str) and base in PY_START_CALLEES else out.get(base) if isinstance(base, str) else None
                if known:
                    out[cls["name"]] = known
                    grew = True
                    break
        if not grew:
            break
    return out


@per_project
def _app_subclass_names(project: Project) -> frozenset[str]:
    """Names of the app or server subclasses the project's Python modules define."""
    return frozenset(name for ff in project.parsed_code_files() if ff.lang == "py" for name in app_subclasses(ff))


def _server_class(project: Project, ff: FileFacts, name: str, kinds: tuple[str, ...], depth: int = 0) -> bool:
    """Is the class ``name`` (as seen from ``ff``) one of ``kinds`` (dotted
    prefixes: ``http.server`` servers, ``socketserver``'s Unix servers),
    directly or through project base classes (three levels)?"""
    if not name or depth > 3:
        return False
    if name.startswith(kinds):
        return True
    if "." not in name:
        homes = [(ff, name)]  # a class of this file
    else:
        target = module_and_attr(project, name)
        homes = [] if target is None else [(project.full(target[0]) or target[0] if target[0].shallow else target[0], target[1])]
    for tf, cname in homes:
        for c in (tf.extra or {}).get("classes", ()):
            if isinstance(c, dict) and c.get("name") == cname:
                if any(isinstance(b, str) and _server_class(project, tf, b, kinds, depth + 1) for b in c.get("bases") or ()):
                    return True
    return False


def _wyoming_local_uri(call: Call) -> bool:
    """``AsyncServer.from_uri(uri)`` given a literal Unix-socket or stdio URI
    (``"unix:///run/stt.sock"``, ``"stdio://"``): a local helper, like the Unix
    servers below; a URI from arguments or the environment may be TCP."""
    uri = call.args[0] if call.args else call.kwargs.get("uri")
    return call.callee == "wyoming.server.AsyncServer.from_uri" and uri is not None and uri.k == STR and uri.v.startswith(("unix:", "stdio:"))


def _asyncio_unix_only(ff: FileFacts, call: Call) -> bool:
    """``server.serve_forever()`` on an asyncio server that ``ff`` only ever
    binds to a Unix socket (``server = await asyncio.start_unix_server(...)``):
    a local helper like socketserver's Unix servers.  A file that also starts
    an asyncio TCP server (one branch of the same transport: flet's
    FletSocketServer on Windows) serves the network."""
    return call.recv_type == "asyncio.start_unix_server" and not any(c.callee == "asyncio.start_server" for c in ff.calls)


def _serves_http_handler(project: Project, ff: FileFacts, call: Call) -> bool:
    """``serve_forever()`` on a socketserver server built in this file with an
    ``http.server`` request handler (``SimpleServer(addr, RequestHandler)``,
    ``class SimpleServer(ThreadingMixIn, TCPServer)``, ``class
    RequestHandler(BaseHTTPRequestHandler)``): the server speaks HTTP, as
    ``http.server.HTTPServer`` itself, a ``TCPServer`` subclass, does.  The
    handler is the construction's second argument (or
    ``RequestHandlerClass=``); when that is a name that is no class
    (``handler = AuthHandler if auth else RequestHandler``), every request
    handler class the file defines must be an HTTP one (not a socketserver
    ``StreamRequestHandler`` of a raw protocol)."""
    if not call.recv:
        return False
    made = [c for c in ff.calls if c.assigned == call.recv and c.line <= call.line and (c.func == call.func or not c.func)]
    for c in reversed(made):
        handler = c.args[1] if len(c.args) >= 2 else c.kwargs.get("RequestHandlerClass")
        if handler is None or handler.k != IDENT:
            continue
        if _server_class(project, ff, handler.v, _HTTP_HANDLERS):
            return True
        if "." in handler.v or any(isinstance(k, dict) and k.get("name") == handler.v for k in (ff.extra or {}).get("classes", ())):
            return False  # a class we can see that is no HTTP handler
        handlers = [k["name"] for k in (ff.extra or {}).get("classes", ())
                    if isinstance(k, dict) and isinstance(k.get("name"), str)
                    and _server_class(project, ff, k["name"], _HTTP_HANDLERS + _RAW_HANDLERS)]
        return bool(handlers) and all(_server_class(project, ff, name, _HTTP_HANDLERS) for name in handlers)
    return False


def _own_http_server_class(project: Project, ff: FileFacts, call: Call) -> bool:
    """``serve_forever()`` on a server whose class we cannot see
    (``server = self._make_server()``, a factory's result) in a file that
    defines an HTTP server class (``class WerkzeugServer(serving.ThreadedWSGIServer)``,
    tensorboard's program.py) and no other kind of socketserver server: the
    server served is that HTTP one.  A receiver that is a class we know, or a
    file that also defines a raw TCP or Unix-socket server, is not read."""
    rt = call.recv_type
    classes = [c["name"] for c in (ff.extra or {}).get("classes", ()) if isinstance(c, dict) and isinstance(c.get("name"), str)]
    if rt in classes or (rt and module_and_attr(project, rt) is not None):
        return False
    handlers = _HTTP_HANDLERS + _RAW_HANDLERS
    servers = [name for name in classes
               if _server_class(project, ff, name, _HTTP_SERVER_MODULES + ("socketserver.",))
               and not _server_class(project, ff, name, handlers)]
    return bool(servers) and all(_server_class(project, ff, name, _HTTP_SERVER_MODULES) and not _server_class(project, ff, name, _UNIX_SERVERS)
                                 for name in servers)


def _websockify_start(project: Project, ff: FileFacts, call: Call) -> str:
    """``server.start_server()`` (or ``WebSocketProxy(...).start_server()``)
    on a websockify server, or a project class built on one (a noVNC console
    proxy, websockify's own command): its accept loop.  A WebSocket server
    (websockify answers a plain GET with 405), or an HTTP one when its
    construction is given a ``web=`` directory to serve files from.  ''
    for asyncio's ``start_server`` and the method of any other class."""
    if call.method != "start_server":
        return ""
    chained = call.callee.endswith("().start_server")
    made = call.recv_type or (call.callee[:-len("().start_server")] if chained else "")
    if not made or not _server_class(project, ff, made, _WEBSOCKIFY_SERVERS):
        return ""
    built = [c for c in ff.calls if c.callee == made and c.line <= call.line and c.func == call.func
             and (c.line == call.line if chained else c.assigned == call.recv)]
    web = built[-1].kwargs.get("web") if built else None
    serves_files = web is not None and web.k != NULL and not (web.k == STR and not web.v)  # (web="" is websockify's default)
    return HTTP if serves_files else WS


def _request_loop(project: Project, ff: FileFacts, call: Call) -> bool:
    """``server.handle_request()`` run forever (``while True:``) on an HTTP
    server: socketserver's one-request step, looped by hand instead of
    ``serve_forever()`` (radicale's built-in server, a ``ThreadingMixIn``
    ``WSGIServer`` subclass polled with ``select``).  The receiver is such a
    server class, or, when it is no class we know (``servers.get(sock)``),
    the file itself defines one."""
    if call.method != "handle_request" or call.args or call.kwargs:
        return False
    if not any(isinstance(lp, dict) and lp.get("func", "") == call.func and str(lp.get("test", "")) in ("True", "1")
               and int(lp.get("line", 0)) <= call.line <= int(lp.get("end_line", 0)) for lp in (ff.extra or {}).get("loops") or ()):
        return False
    if _server_class(project, ff, call.recv_type, _HTTP_SERVER_MODULES):
        return True
    if call.recv_type and module_and_attr(project, call.recv_type) is not None:
        return False  # a class of the project that is no HTTP server
    return any(isinstance(c, dict) and isinstance(c.get("name"), str) and _server_class(project, ff, c["name"], _HTTP_SERVER_MODULES)
               for c in (ff.extra or {}).get("classes", ()))


def _sub_app(ff: FileFacts, call: Call) -> bool:
    """An aiohttp ``web.Application()`` mounted into another one
    (``root.add_subapp("/api", api)``): the other one is the server."""
    if call.callee != "aiohttp.web.Application" or not call.assigned:
        return False
    return any(c.method == "add_subapp" and any(a.k == IDENT and a.v == call.assigned for a in c.args) for c in ff.calls)


_EVENTLET_SERVER = "eventlet.wsgi.server"


def _hands_eventlet_server(ff: FileFacts, call: Call) -> bool:
    """A call that is handed eventlet's WSGI server function to run
    (``eventlet.spawn(eventlet.wsgi.server, sock, app)``, a green pool's
    ``spawn_n``, or nova-style ``utils.spawn(**wsgi_kwargs)`` with ``'func':
    eventlet.wsgi.server`` in the dict: masakari's and nova's own
    ``wsgi.Server.start()``): it serves HTTP as a direct call does."""
    if call.callee == _EVENTLET_SERVER:
        return False  # the direct call: PY_SERVER_STARTS
    for a in (*call.args, *call.kwargs.values()):
        if a.k != IDENT or not a.v.endswith("server"):
            continue
        head, dot, rest = a.v.partition(".")
        if (ff.imports.get(head, head) + dot + rest) == _EVENTLET_SERVER:
            return True
    return False


def _pytest_fixtures(ff: FileFacts) -> list[str]:
    """Ids of the functions decorated ``@pytest.fixture`` (or ``pytest_asyncio.fixture``)."""
    return [f.id for f in ff.funcs if any(d.v.split("(", 1)[0] in ("pytest.fixture", "pytest_asyncio.fixture") for d in f.decorators)]


def _file_entries(project: Project, ff: FileFacts, started_by: str) -> list[Entry]:
    out: list[Entry] = []
    if ff.lang == "py":
        subclasses = app_subclasses(ff)
        elsewhere = _app_subclass_names(project)
        fixtures = _pytest_fixtures(ff)
        eventlet = any(m == "eventlet" or m.startswith("eventlet.") for m in ff.modules)
        for call in ff.calls:
            if fixtures and call.func and any(call.func == f or project.is_inside(ff, call.func, f) for f in fixtures):
                continue  # a server a test fixture starts (pytest-girder's uvicorn.Server): test support
            base = subclasses.get(call.callee, "") if not call.method else ""
            # (also through the imported module: `util_tornado.CustomHTTPServer(app)`)
            plain = not call.method or (call.recv.split(".", 1)[0] in ff.imports and not call.recv_type)
            if not base and plain and "." in call.callee and call.callee.rsplit(".", 1)[-1] in elsewhere:
                # a subclass another module of the project defines (`from pkg.server.app import Application`)
                # (also re-exported by its package: `from .app import App` in app/__init__.py)
                home = project_class(project, ff, call.callee)
                base = app_subclasses(home[0]).get(home[1], "") if home is not None else ""
            if base:
                got = _py_start(Call(callee=base))
                if got is not None:
                    out.append(Entry(ff, call, call.line, call.col, got[0], _label(call), got[1], started_by))
                continue
            if eventlet and _hands_eventlet_server(ff, call):
                out.append(Entry(ff, call, call.line, call.col, HTTP, _EVENTLET_SERVER + "()", 0, started_by))
                continue
            if call.method == "handle_request" and _request_loop(project, ff, call):
                out.append(Entry(ff, call, call.line, call.col, HTTP, _label(call), 0, started_by))
                continue
            served = _websockify_start(project, ff, call) if call.method == "start_server" else ""
            if served:
                out.append(Entry(ff, call, call.line, call.col, served, _label(call), 0, started_by))
                continue
            handed = handed_serve_forever(ff, call)
            if handed is not None:
                call = handed  # `threading.Thread(target=api_server.serve_forever).start()`: the server it runs
            if call.callee not in PY_START_CALLEES and call.method not in _PY_START_METHODS:
                continue
            got = _py_start(call)
            if got is None and call.method == "run" and declared_return(project, ff, call.recv_type) in _PY_APP_RUNNERS:
                got = HTTP, 0  # `app = configure_app(...)` then `app.run(...)`: the factory declares `-> Sanic`
            if got is not None and got[0] == TCP and call.method == "serve_forever":
                if _server_class(project, ff, call.recv_type, _HTTP_SERVER_MODULES):
                    got = (HTTP, 0)  # `class AppServer(ThreadingMixIn, HTTPServer)`, also through a project base class
                elif _serves_http_handler(project, ff, call):
                    got = (HTTP, 0)  # `TCPServer(addr, RequestHandler)`, its handler a `BaseHTTPRequestHandler`
                elif _own_http_server_class(project, ff, call):
                    got = (HTTP, 0)  # `server = self._make_server()` beside `class S(serving.ThreadedWSGIServer)`
                elif _server_class(project, ff, call.recv_type, _UNIX_SERVERS) or _asyncio_unix_only(ff, call):
                    continue  # a Unix-socket server (invenio's `rpc-server`): a local helper reached through a file, no network service
            if got is not None and _wyoming_local_uri(call):
                continue  # `AsyncServer.from_uri("unix://...")` or "stdio://": a local helper, no network service
            if got is not None and call.recv_type == _FLASK_SOCKETIO and debug_main_run(ff, call):
                continue  # zou's debug.py: a development server, not how the service starts
            if got is not None and not _sub_app(ff, call):
                out.append(Entry(ff, call, call.line, call.col, got[0], _label(call), got[1], started_by))
        timer = periodic_worker(ff)
        if timer is not None:
            out.append(Entry(ff, timer, timer.line, timer.col, WORKER, _label(timer), 2, started_by))
        # the first loop the program runs (kojira: its `main()` loop, after the loop of a
        # method it starts in a thread by name, which is not known to run), not one of a
        # helper another of those loops calls each round
        loop = _outermost([lp for lp in worker_loops(ff) if started_by or _runs_as_program(project, ff, lp[0])], project, ff)
        if loop is not None:
            out.append(Entry(ff, None, loop[0], 1, WORKER, loop[1], 3, started_by))
    else:
        hint = bool(started_by) or bool(_WORKER_NAME.search("/".join(ff.path.split("/")[-2:])))
        handlers: frozenset[str] | None = None
        for call in ff.calls:
            got = _js_start(ff, call, hint)
            if got == (HTTP, 0) and _tcp_factory(ff, call.recv_type):
                got = (TCP, 0)
            if got is not None:
                if handlers is None:
                    handlers = _error_listeners(project, ff)
                retry = bool(call.func) and any(call.func == h or project.is_inside(ff, call.func, h) for h in handlers)
                out.append(Entry(ff, call, call.line, call.col, got[0], pg_listen(ff, call) or _label(call), got[1], started_by, retry))
    out.sort(key=lambda e: (e.tier, e.retry, e.line, e.col))
    return out


def _outermost(loops: list[tuple[int, str]], project: Project, ff: FileFacts) -> tuple[int, str] | None:
    """The first of a file's worker loops whose function no other of them
    calls from its body (``self._pubsub_for_queues(...)`` in tasktiger's
    ``run()`` loop: the helper's own wait loop is one round of the worker's,
    not the worker), else the first."""
    if len(loops) < 2:
        return loops[0] if loops else None
    funcs = project.funcs(ff)

    def own_callee(c: Call) -> str:
        return c.method if c.recv in ("self", "cls") else c.callee if not c.recv and "." not in c.callee else ""

    called: set[str] = set()
    for line, _label in loops:
        record = loop_at(project, ff, line)
        end = int(record.get("end_line") or line) if record is not None else line
        called |= {own_callee(c) for c in calls_between(ff, line, end)}
    # (and what those helpers call, a few calls deep: koji-shadow's runRebuilds() loop calls
    # rebuildMissing(), which calls rebuild(), whose loop waits for a repo)
    for _depth in range(3):
        more = {own_callee(c) for f in funcs.values() if f.name in called for c in project.calls_in(ff, f.id)} - called
        if not more:
            break
        called |= more
    called.discard("")
    for line, label in loops:
        record = loop_at(project, ff, line)
        fn = funcs.get(str(record.get("func", ""))) if record is not None else None
        if fn is None or fn.name not in called:
            return line, label
    return loops[0]


def _error_listeners(project: Project, ff: FileFacts) -> frozenset[str]:
    """Ids of this file's functions registered as 'error' listeners
    (``server.on('error', (e) => ...)``, ``server.once('error', onError)``).
    A server start-up inside one is a retry after a failed start (Node's
    EADDRINUSE recipe, ``setTimeout(() => server.listen(port), 1000)``;
    actionhero's web server, src/servers/web.ts:104), ranked after the start-up itself."""
    out: set[str] = set()
    for c in ff.calls:
        if c.method not in LISTEN_METHODS or len(c.args) < 2 or event_name(project, ff, c) != "error":
            continue
        target = fn_of_val(project, ff, c.args[1])
        if target is not None and target[0] is ff:
            out.add(target[1].id)
    return frozenset(out)


def declared_return(project: Project, ff: FileFacts, name: str) -> str:
    """The class that the module-level function ``name`` (as ``ff`` sees it:
    one of its own, or one it imports from the project) declares it returns
    (``def configure_app(...) -> Sanic``), '' when it declares none.  A
    module that only hands the function on (a package's ``__init__.py``:
    ``from pkg.server.flask_api import create_app``, then ``from pkg.server
    import create_app`` elsewhere) is followed to the module defining it."""
    if not name or name.endswith(")"):
        return ""
    if "." not in name:
        home: tuple[FileFacts, str] | None = (ff, name)
    else:
        home = module_and_attr(project, name)
    for _hop in range(4):
        if home is None or not home[1] or "." in home[1]:
            return ""
        tf, fname = home
        types = (tf.extra or {}).get("return_types")
        got = types.get(fname, "") if isinstance(types, dict) else ""
        imported = tf.imports.get(fname, "") if tf.lang == "py" else ""
        if got or not imported or any(f.name == fname and not f.parent and not f.cls for f in tf.funcs):
            return str(got)
        home = module_and_attr(project, imported)
        if home is not None and home[0] is tf:
            return ""
    return ""


def _tcp_factory(ff: FileFacts, rt: str) -> bool:
    """``const server = await Server.get_smtp_server(ep)`` then ``server.listen()``:
    the server a function of this file builds and returns is a plain TCP one
    when that function (or a callback inside it) creates a ``net``/``tls``
    server and no HTTP one (Haraka's SMTP listeners, server.js:493)."""
    if not rt or rt.startswith(("./", "../")) or rt.split(".", 1)[0] in ff.modules:
        return False
    name = rt.rsplit(".", 1)[-1]
    ids = {f.id for f in ff.funcs if f.name == name}
    if not ids:
        return False
    grew = True
    while grew:  # the callbacks nested in it
        inner = {f.id for f in ff.funcs if f.parent in ids} - ids
        grew = bool(inner)
        ids |= inner
    made = [norm_callee(c.callee) for c in ff.calls if c.func in ids and c.method in ("createServer", "createSecureServer", "Server")]
    return any(m.startswith(("net.", "tls.")) for m in made) and not any(_js_ctor(m) is not None for m in made)


def _runs_as_program(project: Project, ff: FileFacts, line: int) -> bool:
    """A Python loop that is the program itself: at module level, or in a
    function the module runs (``main()`` under the ``__main__`` guard or at
    module level), or that such a function of another module calls
    (``pkg/cli/worker.py: main()`` -> ``worker.work(options)``: trytond's
    worker and cron), or a console script's function of another module
    calls, also a method of a class that such a function builds and calls
    (``scheduler = Scheduler(...)`` then ``scheduler.run()``:
    rq-scheduler's ``rqscheduler`` command), or a function a console script
    runs (prometheus-es-exporter's ``main()`` calls its click command
    ``cli()``, whose loop keeps the metrics server up) -- not a retry loop
    inside a library helper."""
    loop = loop_at(project, ff, line)
    return loop is not None and runs_as_program(project, ff, str(loop.get("func", "")))


def runs_as_program(project: Project, ff: FileFacts, func_id: str) -> bool:
    """Does the program run the function ``func_id`` of ``ff`` (module level
    when empty): the tests :func:`_runs_as_program` makes of a loop's function."""
    if not func_id:
        return True
    chain = scope_chain(project.funcs(ff), func_id)
    if _main_runs(project, ff, {f.name for f in chain}) or run_by_console_script(project, ff, func_id):
        return True
    outer = chain[-1] if chain else None
    if outer is None:
        return False
    if not outer.cls and outer.name in click_commands_run(project).get(ff.path, frozenset()):
        return True
    if outer.cls:
        return _method_run_by_main(project, ff, outer)
    for g, c in call_sites(project, ff, outer):
        # (also a helper of the program's own module a few calls down: seldon-core's
        # `serve()` starts the gRPC server and calls `_wait_forever(server)`, the loop;
        # not a coroutine handed to `asyncio.ensure_future()`, a background task beside the
        # program's own loop: pproxy's `check_server_alive`)
        if c.func and (g is not ff or not _spawned(g, c)) and _program_call(project, g, c):
            return True
    return False


# what starts a coroutine handed to it as a background task beside the caller's own work
# (not `asyncio.run(main())`, `loop.run_until_complete(serve())` or `sys.exit(main())`, which run it)
_SPAWNS_HANDED = frozenset({"ensure_future", "create_task", "run_coroutine_threadsafe", "start_soon", "spawn", "call_soon"})


def _handed_to(ff: FileFacts, call: Call) -> Iterator[Call]:
    """The calls of ``ff`` that are given ``call``'s result as an argument
    (``asyncio.ensure_future(serve())`` for ``serve()``), in file order."""
    idx = next((i for i, c in enumerate(ff.calls) if c is call), -1)
    if idx < 0:
        return
    for c in ff.calls:
        if c is not call and any(v.k == CALL and v.call == idx for v in (*c.args, *c.kwargs.values())):
            yield c


def _spawned(ff: FileFacts, call: Call) -> bool:
    """``call`` is an argument of a call that starts it in the background:
    its coroutine handed to ``asyncio.ensure_future()``/``create_task()``."""
    return any((c.method or last_name(c.callee)) in _SPAWNS_HANDED for c in _handed_to(ff, call) if c.func == call.func)


def runs_program_loop(project: Project, ff: FileFacts) -> bool:
    """Does a program run one of the file's hand-written worker loops
    (``_runs_as_program``: its own ``main()``, or a program's main function
    or console script calling it, also through methods)?  Not a loop only
    started in a thread or a process by name."""
    return ff.lang == "py" and any(_runs_as_program(project, ff, line) for line, _what in worker_loops(ff))


def loop_runners(project: Project, ff: FileFacts, line: int) -> frozenset[str]:
    """The programs (files with a ``__main__`` guard or a console script)
    that run the worker loop at ``line`` of ``ff`` when it sits in a method
    they call on an instance of its class (:func:`_method_runners`); empty
    when the loop is run some other way or by no program known."""
    loop = loop_at(project, ff, line)
    func_id = str(loop.get("func", "")) if loop is not None else ""
    chain = scope_chain(project.funcs(ff), func_id) if func_id else []
    outer = chain[-1] if chain else None
    if outer is None or not outer.cls or _main_runs(project, ff, {f.name for f in chain}) or run_by_console_script(project, ff, func_id):
        return frozenset()
    return frozenset(_method_runners(project, ff, outer))


def _method_run_by_main(project: Project, ff: FileFacts, method: Func) -> bool:
    """Is the method run by a program (:func:`_method_runners`)?"""
    return bool(_method_runners(project, ff, method))


def _method_runners(project: Project, ff: FileFacts, method: Func, depth: int = 0) -> set[str]:
    """The programs that call the method on an instance of its class (from another module,
    or from its own module's program: elastalert2's ``main()``, its console
    script, makes ``client = ElastAlerter(args)`` and calls ``client.start()``,
    the method with the daemon's loop)
    (the receiver's type resolves to that class of ``ff``, to a project
    subclass that inherits the method, or to a project factory function that
    returns one) inside a function that module runs as its program or its
    console script runs -- or inside a method run that way itself (turbinia:
    ``turbiniactl``'s ``main()`` -> ``process_args()`` -> ``server.start()``
    -> ``self.task_manager.run()``, ``get_task_manager()`` returning a
    ``CeleryTaskManager``, whose base ``BaseTaskManager`` has the loop), also
    through ``self`` from another method of its class run that way: the paths
    of those programs' files.  A constructor runs when its class is built
    (:func:`_built_by_program`)."""
    out: set[str] = set()
    if method.name == "__init__" and method.cls:
        out |= _built_by_program(project, ff, method, depth)
    for g, c in project.calls_named(method.name):
        recv_type = c.recv_type or built_in_place(c)
        if c.method == method.name and c.func and g is ff and c.recv.split(".", 1)[0] in ("self", "cls"):
            # through `self`, from another method of the class that is run that way (hummingbot's
            # `run()` awaits `self.run_headless()`, the method with the loop; its quickstart
            # program awaits `hb.run()`)
            chain = scope_chain(project.funcs(ff), c.func)
            caller = chain[-1] if chain else None
            if depth < 3 and caller is not None and caller.cls == method.cls and caller.id != method.id:
                out |= _method_runners(project, ff, caller, depth + 1)
            continue
        if c.method != method.name or not c.func or not recv_type:
            continue
        homes = _instance_classes(project, g, recv_type)
        if not homes:
            # `daemon = daemon_class(**vars(args))`, then `daemon.run()`: the class is the caller's argument
            out |= {sf.path for sf, sc, home in _classes_passed_in(project, g, c) if _has_method(project, home, ff, method) and _program_call(project, sf, sc)}
            continue
        if not any(_has_method(project, home, ff, method) for home in homes):
            continue
        if _program_call(project, g, c):
            out.add(g.path)
            continue
        chain = scope_chain(project.funcs(g), c.func)
        outer = chain[-1] if chain else None
        if depth < 3 and outer is not None and outer.cls:
            out |= _method_runners(project, g, outer, depth + 1)
    return out


def _built_by_program(project: Project, ff: FileFacts, init: Func, depth: int) -> set[str]:
    """The programs that build the class whose constructor is ``init``
    (``Service(config)``: the constructor is what runs), themselves or in a
    method they run (:func:`_method_runners`).  thingsboard-gateway's console
    script ``daemon()`` builds ``TBGatewayService(config_path)``, whose
    ``__init__`` ends in the service's ``while not self.stopped`` loop."""
    out: set[str] = set()
    for g, c in _constructions(project, init.cls):
        home = project_class(project, g, c.callee)
        if home is None or not _has_method(project, home, ff, init):
            continue
        if _program_call(project, g, c):
            out.add(g.path)
            continue
        chain = scope_chain(project.funcs(g), c.func) if c.func else []
        outer = chain[-1] if chain else None
        if depth < 3 and outer is not None and outer.cls and outer.id != init.id:
            out |= _method_runners(project, g, outer, depth + 1)
    return out


def _constructions(project: Project, cls: str) -> list[tuple[FileFacts, Call]]:
    """Calls that may build a class named ``cls``, also in the console
    scripts' modules the prefilter left shallow (a ``main.py`` that only
    builds the service: parsed now, when it may spell the name)."""
    out = [(g, c) for g, c in project.calls_named(cls) if c.recv not in ("self", "cls")]
    for path in sorted(console_script_files(project)):
        g = project.files.get(path)
        if g is not None and g.shallow and g.lang == "py" and project.may_mention(path, cls):
            g = project.full(g)
            out.extend((g, c) for c in g.calls if (c.method or last_name(c.callee)) == cls)
    return out


def _classes_passed_in(project: Project, ff: FileFacts, call: Call) -> list[tuple[FileFacts, Call, tuple[FileFacts, str]]]:
    """The receiver of ``call`` is an instance a function builds from a class
    it is given (``def main(name, daemon_class): daemon =
    daemon_class(**vars(args)); daemon.run()``): for each call of that
    function that passes a project class for the parameter (ospd-openvas's
    console script ``main()``: ``daemon_main('OSPD - openvas', OSPDopenvas,
    NotusParser())``), the calling module, that call and the class.  A
    parameter the callers fill with anything else (an instance, a factory's
    result, a library class) gives nothing; so does a method's parameter."""
    fn = project.funcs(ff).get(call.func)
    if fn is None or fn.parent or fn.cls or not call.recv or "." in call.recv:
        return []
    made = [c for c in ff.calls if c.assigned == call.recv and c.func == call.func and c.line <= call.line]
    if not made or made[-1].method or made[-1].callee not in fn.params:
        return []
    param = made[-1].callee
    index = fn.params.index(param)
    out: list[tuple[FileFacts, Call, tuple[FileFacts, str]]] = []
    for sf, sc in call_sites(project, ff, fn):
        arg = sc.kwargs.get(param) or (sc.args[index] if index < len(sc.args) else None)
        home = project_class(project, sf, arg.v) if arg is not None and arg.k == IDENT else None
        if home is not None:
            out.append((sf, sc, home))
    return out


def _program_call(project: Project, ff: FileFacts, call: Call) -> bool:
    """Does the program run ``call``: under the module's ``__main__`` guard,
    or in a function the module runs as its program or a console script runs?"""
    if not call.func:
        return in_main_guard(ff, call.line)
    funcs = project.funcs(ff)
    chain = scope_chain(funcs, call.func)
    if _main_runs(project, ff, {f.name for f in chain}) or run_by_console_script(project, ff, call.func):
        return True
    if chain and django_command_handle(project, ff, chain[-1]):
        return True
    # (or a plain function of the module that calls it, a few calls up: hummingbot's quickstart
    # `main()` runs `loop.run_until_complete(quick_start())`, which awaits `run_application(hb)`,
    # which awaits `hb.run()`)
    seen = {f.id for f in chain}
    outer = chain[-1:]
    for _ in range(3):
        names = {n for f in outer for n in _same_file_callers(project, ff, funcs, [f])}
        outer = [f for f in funcs.values() if f.name in names and not f.cls and not f.parent and f.id not in seen]
        if not outer:
            return False
        if _main_runs(project, ff, names) or any(run_by_console_script(project, ff, f.id) for f in outer):
            return True
        seen |= {f.id for f in outer}
    return False


# the base class of Django's management commands (`manage.py NAME` runs `Command().handle()`)
DJANGO_COMMAND_BASES = frozenset({"django.core.management.base.BaseCommand", "django.core.management.BaseCommand"})


def django_command_handle(project: Project, ff: FileFacts, fn: Func) -> bool:
    """Is ``fn`` the ``handle()`` method of a Django management command (a
    class extending ``BaseCommand``, also through project classes)?
    ``manage.py NAME`` runs it as its program, so what it calls in other
    modules runs in that process: a daemon's loop it starts (nbhosting's
    ``manage.py monitor``: ``Monitor(...).run_forever()``, the ``while True``
    loop of stats/monitor.py) is that program's loop.  (The command's own
    code is terminal code: ``_cli.terminal_code``.)"""
    return fn.name == "handle" and bool(fn.cls) and not fn.parent and extends(project, ff, fn.cls, DJANGO_COMMAND_BASES)


def django_command_module(project: Project, ff: FileFacts) -> bool:
    """A Django management command's module: under ``management/commands/``,
    with the ``handle()`` of a ``BaseCommand`` subclass (:func:`django_command_handle`)."""
    return ff.lang == "py" and "/management/commands/" in f"/{ff.path}" and any(
        django_command_handle(project, ff, fn) for fn in project.funcs(ff).values() if fn.name == "handle")


def _instance_classes(project: Project, ff: FileFacts, recv_type: str, depth: int = 0) -> list[tuple[FileFacts, str]]:
    """The project classes an object whose type the frontend gives as
    ``recv_type`` (in ``ff``) is an instance of: that class, or the classes a
    project factory function of that name returns (``return
    CeleryTaskManager()``), also a function of ``ff`` itself known by its bare
    name, and through factories that hand on another factory's result
    (gcp-storage-emulator's ``get_server()``: ``server = create_server(...)``,
    ``return server``, and ``create_server()`` returns ``Server(...)``; three
    deep at most)."""
    home = project_class(project, ff, recv_type)
    if home is not None:
        return [home]
    target = module_and_attr(project, recv_type) if "." in recv_type else (ff, recv_type) if recv_type.isidentifier() else None
    if target is None or not target[1] or "." in target[1]:
        return []
    tf, name = target
    fn = next((f for f in project.funcs(tf).values() if f.name == name and not f.cls and not f.parent), None)
    if fn is None:
        return []
    made = [c for c in project.calls_in(tf, fn.id, nested=False) if c.assigned == "return"]
    # `server = create_server(...)` ... `return server`: the last call bound to each returned name
    for fid, returned in (tf.extra or {}).get("return_names") or ():
        bound = assigned_before(project, tf, fn.id, returned, fn.end_line) if fid == fn.id else []
        made += bound[-1:]
    out: list[tuple[FileFacts, str]] = []
    for c in made:
        cls = project_class(project, tf, c.callee)
        if cls is not None:
            out.append(cls)
        elif depth < 2 and not c.method and c.callee != recv_type:
            out += _instance_classes(project, tf, c.callee, depth + 1)
    return out


def _has_method(project: Project, home: tuple[FileFacts, str], ff: FileFacts, method: Func) -> bool:
    """Is ``method`` (of ``ff``) what the class ``home`` has under that name:
    its own method, or one it inherits from a project ancestor?"""
    got = inherited_method(project, home[0], home[1], method.name)
    return got is not None and got[0].path == ff.path and got[1].id == method.id


# program runners handed the main function itself: absl's ``app.run(main)``
# parses the flags, then calls ``main(argv)``
_MAIN_RUNNERS = frozenset({"absl.app.run"})


def _main_runs(project: Project, ff: FileFacts, names: set[str]) -> bool:
    """Does the module call one of the functions ``names`` at its top level or
    under its ``__main__`` guard (also through ``asyncio.run(main())``, or
    absl's ``app.run(main)``, handed the function)?"""
    return not names.isdisjoint(_main_run_targets(project, ff))


@per_file
def _main_run_targets(project: Project, ff: FileFacts) -> frozenset[str]:
    """What the module calls at its top level or under its ``__main__`` guard
    (see :func:`_main_runs`): collected once per file, not once per function
    asked about."""
    out: set[str] = set()
    for c in ff.calls:
        target = c.callee.rsplit(".", 1)[-1] if c.callee in ("asyncio.run", "anyio.run", "trio.run") else c.callee
        if c.callee in ("asyncio.run", "anyio.run", "trio.run") and c.args and c.args[0].k == "call":
            target = c.args[0].v
        elif c.callee in _MAIN_RUNNERS and c.args and c.args[0].k == FN:
            target = c.args[0].v.split("@", 1)[0]
        if not c.func or in_main_guard(ff, c.line):
            out.add(target)
    return frozenset(out)


def in_main_guard(ff: FileFacts, line: int) -> bool:
    """Is ``line`` inside the module's ``if __name__ == "__main__":`` block?"""
    guards = (ff.extra or {}).get("main_guard") or ()
    return any(isinstance(g, list) and len(g) == 2 and int(g[0]) <= line <= int(g[1]) for g in guards)


def debug_main_run(ff: FileFacts, call: Call) -> bool:
    """A ``run(app, debug=True)`` under ``if __name__ == "__main__"``: Flask's
    debug mode is never a deployment."""
    return in_main_guard(ff, call.line) and is_bool(call.kwargs.get("debug"), True)


def _started_in(project: Project, started: dict[str, str], own: frozenset[str]) -> list[str]:
    """``[p for p in started if p in own]``, from the unit's files (a pass
    over every file a command starts, once per unit, was quadratic in the
    number of services)."""
    if len(own) >= len(started):
        return [p for p in started if p in own]
    at = project.__dict__.get("_rs_cmd_started_at")
    if at is None or at[0] is not started:
        at = project.__dict__["_rs_cmd_started_at"] = (started, {p: i for i, p in enumerate(started)})
    return sorted((p for p in own if p in started), key=at[1].__getitem__)


def _command_started(project: Project) -> dict[str, str]:
    got = project.__dict__.get("_rs_cmd_started")
    if got is None:
        got = {p: e.path for p, e in _command_roots(project, graph_of(project)).items()}
        project.__dict__["_rs_cmd_started"] = got
    return got


def started_by_command(project: Project, path: str) -> bool:
    """A command of the project runs ``path`` as its program: a Procfile, a
    Dockerfile CMD/ENTRYPOINT, a package.json start script..."""
    return path in _command_started(project)


def entry_points(project: Project, unit: Unit) -> list[Entry]:
    """Every process start-up of the unit, best first: files a start command
    runs, then by tier (start call, app construction, worker construction,
    loop/timer), HTTP/WebSocket/gRPC before plain TCP, then by path.  Start-ups in the unit's own files come first;
    a file that another service imports is that service's library, so its
    start-ups that the importer runs (``_runs_startup``) count for the importer
    (used only when the importer's own files start nothing); one no importer
    runs stays the unit's own.  Serverless apps (serverless-http, Mangum...) have none."""
    key = unit.key
    cache = project.__dict__.setdefault("_rs_entries", {})
    got = cache.get(key)
    if got is not None:
        return got
    started = _command_started(project)
    shared_by = _shared_with_others(project)
    own: list[Entry] = []
    lent: list[Entry] = []  # own start-ups of files another service imports
    importers: set[str] = set()  # ...and those services
    borrowed: list[Entry] = []
    if find_module(unit.files, SERVERLESS) is None and not is_demo_path(unit.root + "/x") and not (unit.svc is not None and desktop_app(project, unit.root)):
        for ff in unit.files:
            by = started.get(ff.path, "")
            if not by and ff.shallow:
                continue  # no calls and no loops: file_entries is empty, and no command runs it
            if not by and ((_one_off_name(project, unit, ff) and not _imported_by_service_code(project, unit, ff))
                           or is_mock(ff) or is_browser(project, ff) or find_module([ff], _MOCK_MODULES) is not None
                           or is_demo_path(ff.path[len(unit.root):]) or unrun_ui_server(project, ff)):
                continue  # (an example project inside the service: postorius' example_project/wsgi.py)
            if ff.path in unit.own:
                others = shared_by.get(ff.path, set()) - {key} if not by else set()
                if others:
                    # lent only when an importer runs it (calls its function through
                    # the import, or loads the module that starts it); a server the
                    # package starts in a function no importer calls is its own
                    # (@vendure/core's bootstrap() beside a plugin that uses its Logger)
                    # (an example or benchmark folder takes none that a command the
                    # package installs runs: proxy.py's `proxy` command loops in
                    # sleep_loop(), which benchmark/_proxy.py imports too)
                    taken = [e for e in file_entries(project, ff, by) if any(_runs_startup(project, u, e) for u in units(project)
                                                                              if u.key in others and not (is_demo_path(u.root + "/x") and _run_by_own_command(project, e)))]
                    if taken:
                        lent.extend(taken)
                        importers |= others
                        continue
                found = file_entries(project, ff, by)
                if not by and found and _started_only_by_scripts(project, unit, ff):
                    continue
                if by and not found and any(_bundler_dev_server_start(c) for c in ff.calls):
                    continue  # an ejected create-react-app's `"start": "node scripts/start.js"`: the bundler's dev server
                if by and not found:
                    # run by a start command but nothing we know starts a server or worker
                    found = [Entry(ff, None, 1, 1, PROCESS, f"started by {posixpath.basename(by)}", 4, by)]
                own.extend(found)
            else:
                borrowed.extend(e for e in file_entries(project, ff, by) if _runs_startup(project, unit, e))
    out = own or borrowed
    if not own and lent and borrowed and all(_service_key(project, e.path) in importers for e in borrowed):
        # two packages that import each other (core <-> transport): each keeps its own start-ups
        out = lent
    # (a plain TCP server beside an HTTP one is the side service: shout's identd,
    # OctoPrint's "starting up" page server, also when the HTTP one is known only
    # by its app construction (a Tornado Application whose listen() is in a helper);
    # beside worker loops alone it is the service's server, and its start call
    # ranks before them by tier: postfix-mta-sts-resolver's socketmap server,
    # asyncio.start_server() in responder.py, before daemon.py's keep-alive loop;
    # among equals, the start-up nearest, by imports, to a file a start command
    # runs: parse-dashboard's index.js -> server.js before a dev-only helper
    # server.js loads through browser-control/setup.js;
    # and then the server that answers the most routes: wildduck's API before its
    # optional ACME responder, both started by worker.js)
    near = _import_distance(project, _started_in(project, started, unit.own)) if started and len(out) > 1 else {}
    # (last, before the path: a start-up in a module the package's bin
    # command loads before its copy in a build nothing runs: @zwave-js/server's
    # `zwave-server` runs dist-esm/lib/server.js, not dist-cjs/lib/server.js)
    bins = _bin_targets(project) if len(out) > 1 else frozenset()
    side_tcp = any(e.kind in _BESIDE_TCP for e in out)
    many = len(out) > 1  # (the list is empty while it is sorted)
    # (then a start-up a command the package installs runs before one elsewhere:
    # cashu's `mint` console script, main() -> uvicorn.Server(config).run(),
    # before the wallet's sign-in callback server, which answers its own routes,
    # then one such a command runs one module over, through an import: zun-api's
    # WSGIService wsgi.Server before zun-cni-daemon's Flask server;
    # last, a start-up in a development command's function comes after the
    # others: @keystone-6/core's CLI starts a server in `dev()` and in `start()`;
    # then, before the path, one the project runs itself before one it only
    # exports: @astrojs/node's standalone server, which server.js starts, before
    # the server of its `astro preview` hook)
    ranks = {id(e): (e.kind == PROCESS, 0 if e.started_by else 1, module_demo(project, unit, e), side_tcp and e.kind == TCP,
                     _forward_proxy(project, e), _handed_app(e), _contrib_module(unit, e), e.tier, _library_app(e),
                     near.get(e.path, 99), _console_script_start(project, e), -len(e.ff.routes), _in_dev_function(project, e),
                     e.retry, e.path not in bins) for e in out}
    out.sort(key=lambda e: (ranks[id(e)], e.path, e.line))
    if many and ranks[id(out[0])] == ranks[id(out[1])]:
        # (the leading tie only, which names the service's start-up: whether the
        # project runs a start-up itself may parse the modules importing it)
        lead = [e for e in out if ranks[id(e)] == ranks[id(out[0])]]
        lead.sort(key=lambda e: (not _run_by_project(project, e), e.path, e.line))
        out[: len(lead)] = lead
    cache[key] = out
    return out


_DEV_WORDS = frozenset({"dev", "develop", "development", "watch"})


def _run_by_project(project: Project, e: Entry) -> bool:
    """Does the project itself run the start-up: it runs when its module is
    loaded, or a module importing it calls the function it sits in (or a
    same-file caller of that function), by name or as the module's default
    export, from code that runs when that module is loaded?  @astrojs/node's
    server.js calls standalone.js's default export at its top level, which
    listens: that production server ranks before preview.js's, a function
    only exported for the framework's ``astro preview`` command to call.
    (A tie-breaker among otherwise equal start-ups.)"""
    c = e.call
    if c is None or _runs_at_load(project, e.ff, c.func):
        return True
    funcs = project.funcs(e.ff)
    chain = scope_chain(funcs, c.func)
    top = chain[-1] if chain else None
    if top is None or top.cls or not top.name.isidentifier():
        return False
    cache = project.__dict__.setdefault("_rs_run_by_project", {})
    key = (e.path, top.id)
    if key not in cache:
        cache[key] = _import_runs(project, e.ff, funcs, chain)
    return cache[key]


def _import_runs(project: Project, ff: FileFacts, funcs: dict[str, Func], chain: list[Func]) -> bool:
    """Does a module importing ``ff`` call the plain function at the top of
    ``chain`` (see :func:`_run_by_project`) from code it runs when loaded?"""
    top = chain[-1]
    names = {top.name} | _same_file_callers(project, ff, funcs, chain)
    if (ff.extra.get("exports") or {}).get("default") in names:
        names.add("")  # (`import start from './standalone.js'; start()`: the callee is the module)
    for path in _importers(project, ff.path):
        g = project.files.get(path)
        if g is None or g is ff:
            continue
        g = project.full(g)
        for call in g.calls:
            target = module_and_attr(project, call.callee) if not call.method and not call.new else None
            if target is not None and target[0] is ff and target[1] in names and _runs_at_load(project, g, call.func):
                return True
    return False


def _in_dev_function(project: Project, e: Entry) -> bool:
    """The start-up call is in a function named for development (``dev``,
    ``startDevServer``, ``run_watch``), or in one nested in such a function."""
    c = e.call
    if c is None or not c.func:
        return False
    funcs = project.funcs(e.ff)
    f = funcs.get(c.func)
    for _ in range(8):
        if f is None:
            return False
        if _DEV_WORDS.intersection(name_words(f.name)):
            return True
        f = funcs.get(f.parent) if f.parent else None
    return False


def _console_script_start(project: Project, e: Entry) -> int:
    """How directly a command the package installs runs the start-up call:
    0 in a function its console script names (``mint = "cashu.mint.main:main"``,
    whose ``main()`` builds ``uvicorn.Server(config)`` and runs it), or in a
    function of the same module that one calls; 1 one module over, in a plain
    function that function calls through an import, in the ``__init__`` of a
    class it builds or in a method it calls on a new instance (zun-api's
    ``main()`` builds ``zun.common.service.WSGIService``, whose ``__init__``
    makes the oslo.service ``wsgi.Server``; zun-cni-daemon's Flask server,
    which cotyledon's process manager runs from a service class ``main()``
    never calls, is neither); 2 otherwise (a sort key: lower ranks first)."""
    c = e.call
    if c is None or not c.func:
        return 2
    if run_by_console_script(project, e.ff, c.func):
        return 0
    chain_funcs = scope_chain(project.funcs(e.ff), c.func)
    top = chain_funcs[-1] if chain_funcs else None
    if top is None or not top.name.isidentifier():
        return 2
    called = _console_script_calls(project).get(e.path, frozenset())
    if not top.cls:
        return 1 if top.name in called else 2
    return 1 if (top.name == "__init__" and top.cls in called) or f"{top.cls}().{top.name}" in called else 2


def _run_by_own_command(project: Project, e: Entry) -> bool:
    """Does a command the package installs (a console script) run the start-up
    ``e``: its call, or its loop, sits in a function the script's function
    runs (:func:`run_by_console_script`)?"""
    if e.call is not None:
        return bool(e.call.func) and run_by_console_script(project, e.ff, e.call.func)
    loop = loop_at(project, e.ff, e.line)
    return loop is not None and bool(loop.get("func")) and run_by_console_script(project, e.ff, str(loop["func"]))


def run_by_console_script(project: Project, ff: FileFacts, func_id: str) -> bool:
    """Does a function the package's console scripts name (``prometheus-es-exporter
    = prometheus_es_exporter:main``) run the function ``func_id`` of ``ff``:
    is it that function, nested in it, or a function of the same module it
    calls (``main()`` calls the click command ``cli()``), transitively?"""
    targets = console_script_functions(project).get(ff.path)
    if not targets:
        return False
    funcs = project.funcs(ff)
    named = [f for f in funcs.values() if not f.parent and (f"{f.cls}.{f.name}" if f.cls else f.name) in targets]
    chain = {f.id for f in scope_chain(funcs, func_id)}
    if any(f.id in chain for f in named):
        return True
    reached = _reached_from(project, ff, [x for f in named for x in project.calls_in(ff, f.id, nested=True)])
    return not chain.isdisjoint(reached)


@per_project
def click_commands_run(project: Project) -> dict[str, frozenset[str]]:
    """The click groups and commands a console script runs, by module path:
    a group function it names or reaches (``main()`` calling
    ``cli(standalone_mode=False)``), the functions registered on a run group
    with its decorators (``@cli.command()``, ``@cli.group()``), and the group
    or command a run group takes with ``cli.add_command(actions)``, also one
    imported from another module (datahub-actions' ``datahub-actions``
    console script: ``datahub_actions.add_command(actions)`` in
    entrypoints.py, ``@actions.command() def run()`` in cli/actions.py,
    whose ``while True`` loop is the daemon's)."""
    queue: list[tuple[FileFacts, str]] = []
    for path in console_script_functions(project):
        ff = project.files.get(path)
        if ff is None or ff.lang != "py":
            continue
        ff = project.full(ff)
        queue.extend((ff, f.name) for f in project.funcs(ff).values() if not f.parent and not f.cls and run_by_console_script(project, ff, f.id))
    out: dict[str, set[str]] = {}
    while queue and sum(len(v) for v in out.values()) < 256:
        ff, name = queue.pop()
        if name in out.get(ff.path, ()):
            continue
        out.setdefault(ff.path, set()).add(name)
        queue.extend(click_subcommands(project, ff, name))
    return {path: frozenset(names) for path, names in out.items()}


def click_subcommands(project: Project, ff: FileFacts, name: str) -> list[tuple[FileFacts, str]]:
    """(module, function name) of the commands and groups registered on the
    click group ``name`` of the Python module ``ff`` (full facts): functions
    decorated ``@name.command()``/``@name.group()`` there, and what
    ``name.add_command(x)`` takes, also from another module."""
    registers = (f"{name}.command", f"{name}.group")
    out = [(ff, f.name) for f in project.funcs(ff).values()
           if not f.parent and not f.cls and any(d.k in (CALL, IDENT) and d.v in registers for d in f.decorators)]
    for c in ff.calls:
        if c.method != "add_command" or c.recv != name or not c.args or c.args[0].k != IDENT:
            continue
        arg = c.args[0].v
        target = (ff, arg) if "." not in arg else module_and_attr(project, arg)
        if target is not None and target[1].isidentifier() and target[0].lang == "py":
            out.append((project.full(target[0]), target[1]))
    return out


@per_project
def _console_script_calls(project: Project) -> dict[str, frozenset[str]]:
    """What the functions the package's console scripts name (and the
    same-module functions they call) call in other project modules: module
    path -> the attribute chains called there (``WSGIService``,
    ``CNIDaemonServiceManager().run``), with a constructed class also under its
    bare name."""
    out: dict[str, set[str]] = {}
    for path, names in console_script_functions(project).items():
        ff = project.files.get(path)
        if ff is None or ff.lang != "py":
            continue
        ff = project.full(ff)
        named = [f for f in project.funcs(ff).values() if not f.parent and not f.cls and f.name in names]
        calls = [x for f in named for x in project.calls_in(ff, f.id, nested=True)]
        reached = _reached_from(project, ff, calls)
        calls += [x for fid in reached for x in project.calls_in(ff, fid, nested=True)]
        for call in calls:
            if "." not in call.callee:
                continue
            target = module_and_attr(project, call.callee)
            if target is None or target[0].path == path or not target[1]:
                continue
            attr = target[1]
            got = out.setdefault(target[0].path, set())
            got.add(attr)
            if "(" in attr:
                got.add(attr.split("(", 1)[0])
    return {path: frozenset(attrs) for path, attrs in out.items()}


def module_demo(project: Project, unit: Unit, e: Entry) -> bool:
    """A start-up under ``if __name__ == "__main__"`` of a module the service's
    code imports (gns3-server's routes/notifications.py serves its router
    alone on localhost for a try-out), or a worker loop written in that block
    itself (datahub-actions' events consumer polls and prints in its
    ``__main__`` block; the service runs the consumer class from its own
    event source): it ranks after the service's own.  Not a module a start
    command runs (a Procfile's ``worker: python -m app.worker``)."""
    c = e.call
    if e.started_by or e.ff.lang != "py" or not in_main_guard(e.ff, c.line if c is not None else e.line):
        return False
    if c is None and ((lp := loop_at(project, e.ff, e.line)) is None or lp.get("func")):
        return False  # (a loop of a function the block calls is the program's own)
    return _imported_by_service_code(project, unit, e.ff)


def _handed_to_constructor(ff: FileFacts, call: Call) -> bool:
    """An app constructed only to be passed into another class's constructor,
    kept by no name of its own (pgAdmin's ``oauth_obj = OAuth(Flask(__name__))``:
    a throwaway app that carries an extension's configuration; but also
    ``SocketIO(Flask(__name__))``, which may be the server)."""
    if call.assigned or call.method:
        return False
    for c in _handed_to(ff, call):
        if c.line > call.line or (c.end_line and c.end_line < call.line):
            continue
        name = last_name(c.callee)
        return not c.method and name[:1].isupper() and c.callee not in PY_START_CALLEES
    return False


def _forward_proxy(project: Project, e: Entry) -> bool:
    """A ``serve_forever()`` whose server's request handler answers
    ``CONNECT`` (a ``do_CONNECT`` method): a forward proxy that clients are
    configured to go through, a mode beside the service's own server (moto's
    ``moto_proxy``, a ``ThreadingHTTPServer`` with its
    ``ProxyRequestHandler``, beside ``moto_server``'s ``run_simple``): it
    ranks after the other HTTP start-ups, and stays the entry only when
    there is no other."""
    c = e.call
    if c is None or c.method != "serve_forever" or not c.recv:
        return False
    made = [x for x in e.ff.calls if x.assigned == c.recv and x.line <= c.line and (x.func == c.func or not x.func)]
    for x in reversed(made):
        handler = x.args[1] if len(x.args) >= 2 else x.kwargs.get("RequestHandlerClass")
        if handler is None or handler.k != IDENT:
            continue
        if "." not in handler.v:
            home: tuple[FileFacts, str] | None = (e.ff, handler.v)
        else:
            target = module_and_attr(project, handler.v)
            home = None if target is None else ((project.full(target[0]) or target[0]) if target[0].shallow else target[0], target[1])
        return home is not None and any(f.cls == home[1] and f.name == "do_CONNECT" for f in home[0].funcs)
    return False


def _handed_app(e: Entry) -> bool:
    """An app construction passed straight into another class's constructor
    and kept by no name (pgAdmin's ``OAuth(Flask(__name__))``, a throwaway
    app that carries an extension's settings): it ranks after the apps the
    service builds and keeps (its ``PgAdmin(Flask)`` in ``create_app``), and
    stays the entry only when there is no other."""
    return e.call is not None and e.tier == 1 and _handed_to_constructor(e.ff, e.call)


def _contrib_module(unit: Unit, e: Entry) -> bool:
    """A start-up in a module under a ``contrib/`` folder of the service: an
    optional integration the package offers its users, not the server it
    runs itself (faust's ``contrib/asgi.py`` serves a user's ASGI app with
    uvicorn inside the worker when asked, beside faust's own aiohttp web
    server): it ranks after the service's other start-ups and is the entry
    only when there is no other."""
    rel = e.path[len(unit.root) + 1 :] if unit.root and e.path.startswith(unit.root + "/") else e.path
    return "contrib" in rel.split("/")[:-1]


def _library_app(e: Entry) -> bool:
    """A server a package brings along (``kue.app.listen()``: Kue's job UI),
    not the one the service builds: it ranks after the service's own."""
    c = e.call
    if c is None or c.method != "listen" or not c.recv.endswith(".app") or c.recv.count(".") != 1:
        return False
    imp = e.ff.imports.get(c.recv.split(".", 1)[0], "")
    return bool(imp) and not imp.startswith(".")


def _import_distance(project: Project, roots: list[str]) -> dict[str, int]:
    """Import hops from the nearest of ``roots`` to each file they reach (a
    root the trigger prefilter left unparsed, ``index.js`` requiring
    ``./server``, is parsed now for its imports)."""
    graph = graph_of(project)
    dist = {r: 0 for r in roots}
    frontier = sorted(roots)
    while frontier:
        nxt: list[str] = []
        for path in frontier:
            deps: Iterable[str] = graph.get(path, ())
            ff = project.files.get(path)
            if dist[path] == 0 and ff is not None and ff.shallow:
                targets = (project.peek_module(spec) for spec in project.full(ff).modules)
                deps = [t.path for t in targets if t is not None]
            for dep in deps:
                if dep not in dist:
                    dist[dep] = dist[path] + 1
                    nxt.append(dep)
        frontier = sorted(nxt)
    return dist


def _runs_startup(project: Project, unit: Unit, e: Entry) -> bool:
    """Whether ``unit`` runs the start-up ``e`` of a file another service owns:
    the start-up runs when its module is loaded (at the top level, or in a
    function the module calls there; not under a ``__main__`` guard), or code
    of the unit outside that service calls, through an import of that
    service's code, the function or class the start-up sits in
    (``require('@acme/http').startServer(app)``, ``new core.Server().start()``).
    A package imported for its other exports (a plugin using the framework's
    Logger) does not run the framework's ``bootstrap()``."""
    c = e.call
    if c is None:
        return True
    if _loads_package_dir(project, unit, _service_key(project, e.path)):
        return True  # a plugin host: it loads the package's files by path and runs what they start
    if not c.func or _runs_at_load(project, e.ff, c.func):
        # it runs when its module is loaded: only if the unit's own code loads that module
        # (a plugin importing `@k/core`'s index.js does not run its bin's `app.listen()`),
        # and an app its own service serves is only built there (see _served_by_owner)
        return (not (not c.func and in_main_guard(e.ff, c.line)) and e.path in _loaded_by_unit(project, unit, _service_key(project, e.path))
                and not _served_by_owner(project, e))
    funcs = project.funcs(e.ff)
    chain = scope_chain(funcs, c.func)
    names = {n for f in chain for n in (f.name, f.cls) if n and n.isidentifier()} | _same_file_callers(project, e.ff, funcs, chain)
    if not names:
        return False
    owner = _service_key(project, e.path)
    parsed, shallow = _importers_of_service(project, unit, owner)
    for ff in parsed + [project.full(sf, n) for sf in shallow for n in sorted(names)]:
        if names.isdisjoint(_call_words(project, ff)):
            continue  # (cheap first: most importers call none of the start-up's functions)
        for call in ff.calls:
            for name in (call.callee, f"{call.recv_type}.{call.method}" if call.recv_type and call.method else ""):
                if name and any(n in name for n in names) and _calls_into(project, ff, name, names, owner):
                    return True
    return False


def _same_file_callers(project: Project, ff: FileFacts, funcs: dict[str, Func], chain: list[Func]) -> set[str]:
    """Names of the functions of ``ff`` that call the plain function the
    start-up sits in (appium's exported ``server()`` awaiting the module's
    own ``startServer()``, which calls ``listen``): an importer calling them
    runs the start-up too."""
    top = chain[-1] if chain else None
    if top is None or top.cls or not top.name.isidentifier():
        return set()
    return {f.name for _g, call in call_sites(project, ff, top, within=ff)
            for f in scope_chain(funcs, call.func) if not f.cls and f.name.isidentifier() and f is not top}


def _loads_package_dir(project: Project, unit: Unit, owner: str) -> bool:
    """The unit's own code resolves the directory of the package of the service
    ``owner``, ``path.dirname(require.resolve('<name>'))`` (or of
    ``'<name>/package.json'``): a plugin host that loads the package's modules
    from that folder (node-red's ``coreNodesDir``, whose every node file its
    registry requires and runs), so what they start runs in its process.  A
    file of the package resolved to be run (``fork(require.resolve(...))``)
    is not such a load."""
    pkg = project.manifests.get(owner, {}).get("name") if owner != "\0" else None
    if not pkg:
        return False
    cache = project.__dict__.setdefault("_rs_pkg_dir_loads", {})
    ukey = (unit.key, owner)
    got = cache.get(ukey)
    if got is None:
        got = False
        for ff in unit.files:
            if ff.path not in unit.own or _service_key(project, ff.path) == owner or not project.may_mention(ff.path, pkg.rsplit("/", 1)[-1]):
                continue
            ff = project.full(ff, "resolve", called=True)
            for c in ff.calls:
                inner = project.call_of(ff, c.args[0]) if c.callee.removeprefix("node:") == "path.dirname" and c.args else None
                if inner is not None and inner.callee == "require.resolve" and inner.args and inner.args[0].k == STR \
                        and inner.args[0].v in (pkg, f"{pkg}/package.json"):
                    got = True
                    break
            if got:
                break
        cache[ukey] = got
    return got


def _served_by_owner(project: Project, e: Entry) -> bool:
    """An app construction (``sematic_api = Flask(__name__)``) that its own
    service serves: a start call of that service's code, in the module that
    builds the app or in one importing it, is handed the app by the name the
    construction is assigned to (``uvicorn.run(sematic_api, ...)``,
    ``sematic_api.run()``; not one under a ``__main__`` guard).  Code of
    another service that merely loads the module (a plugin importing a
    constant from a module beside the app's) builds the app object and
    serves nothing: the start-up is the owner's, not the importer's."""
    c = e.call
    if c is None or e.tier != 1 or not c.assigned or not c.assigned.isidentifier():
        return False
    owner = _service_key(project, e.path)
    for path in (e.path, *importers_of(project).get(e.path, ())):
        ff = project.files.get(path)
        if ff is None or ff.shallow or _service_key(project, path) != owner:
            continue
        for s in file_entries(project, ff):
            sc = s.call
            if s.tier != 0 or sc is None or (not sc.func and in_main_guard(ff, sc.line)):
                continue
            names = [v.v for v in (*sc.args, *sc.kwargs.values()) if v.k == IDENT]
            if sc.method:
                names.append(sc.callee.rsplit(".", 1)[0])  # `app.run()`, through the import: `pkg.app.app.run`
            if any(_names_app(project, ff, n, e.ff, c.assigned) for n in names):
                return True
    return False


def _names_app(project: Project, ff: FileFacts, name: str, home: FileFacts, app: str) -> bool:
    """Does ``name``, as written in ``ff``, stand for the module-level ``app`` of ``home``?"""
    if ff is home:
        return name == app
    target = module_and_attr(project, name, value=True) if "." in name else None
    return target is not None and target[0].path == home.path and target[1] == app


@per_file
def _call_words(project: Project, ff: FileFacts) -> frozenset[str]:
    """The name segments of the file's calls (callees, receiver types, methods)."""
    return frozenset(seg.split("(", 1)[0] for c in ff.calls for name in (c.callee, c.recv_type, c.method) if name for seg in name.split("."))


def _loaded_by_unit(project: Project, unit: Unit, owner: str) -> frozenset[str]:
    """The files of the service ``owner`` that the unit's other code loads,
    directly or through other imports."""
    cache = project.__dict__.setdefault("_rs_svc_loaded", {})
    ukey = (unit.key, owner)
    got = cache.get(ukey)
    if got is None:
        seen = reached(graph_of(project), (ff.path for ff in unit.files if _service_key(project, ff.path) != owner))
        got = cache[ukey] = frozenset(p for p in seen if _service_key(project, p) == owner)
    return got


def _importers_of_service(project: Project, unit: Unit, owner: str) -> tuple[list[FileFacts], list[FileFacts]]:
    """The unit's files outside the service ``owner`` that import its code;
    and, when the unit depends on that service's package (package.json
    ``dependencies``), its own files the prefilter left unparsed (their
    imports are unknown: ``require('@acme/http').startServer(app)`` holds no
    trigger token)."""
    cache = project.__dict__.setdefault("_rs_svc_importers", {})
    ukey = (unit.key, owner)
    got = cache.get(ukey)
    if got is None:
        graph = graph_of(project)
        parsed = [ff for ff in unit.files if _service_key(project, ff.path) != owner
                  and any(_service_key(project, d) == owner for d in graph.get(ff.path, ()))]
        pkg = project.manifests.get(owner, {}).get("name") if owner != "\0" else None
        deps = project.manifests.get(unit.root, {}).get("runtime_deps", []) if unit.svc is not None else []
        shallow = [ff for ff in unit.files if ff.shallow and ff.path in unit.own] if pkg and pkg in deps else []
        got = cache[ukey] = (parsed, shallow)
    return got


def _calls_into(project: Project, ff: FileFacts, callee: str, names: set[str], owner: str) -> bool:
    """``callee`` (import-resolved) names one of ``names`` in a module of the
    service ``owner``."""
    if ff.lang == "py":
        specs = [m for m in ff.modules if callee.startswith(m + ".")]
    else:
        specs = [m for m in set(ff.modules) | set(ff.imports.values()) if callee.startswith(m + ".")]
    for spec in specs:
        rest = {seg.split("(", 1)[0] for seg in callee[len(spec) + 1:].split(".")}
        if not rest & names:
            continue
        if any(_service_key(project, t) == owner for t in _spec_targets(project, ff, spec)):
            return True
    return False


def _spec_targets(project: Project, ff: FileFacts, spec: str) -> list[str]:
    from ._longrun import _resolve_spec, _stem_index

    idx = project.__dict__.get("_rs_spec_index")
    if idx is None:
        stems = _stem_index(project)
        by_base: dict[str, list[str]] = {}
        for stem in sorted(stems):
            by_base.setdefault(posixpath.basename(stem), []).append(stem)
        by_pkg = {m.get("name"): root for root, m in project.manifests.items() if m.get("name")}
        idx = project.__dict__["_rs_spec_index"] = (stems, by_base, by_pkg)
    return _resolve_spec(project, ff, spec, *idx)


def _service_key(project: Project, path: str) -> str:
    svc = project.service_of(path)
    return svc.root if svc is not None else "\0"


def _bin_server(project: Project, unit: Unit, ff: FileFacts) -> bool:
    """A Node program in the service's own ``bin/``, or that a package's
    ``bin`` command runs (``"bin": "cli.js"``, or the module that file only
    hands on to), that starts a server at its top level (Express's
    ``bin/www``, postgraphile's ``cli.js``), also in a function its top level
    hands to a runner (``runCli(options, run)``, see ``_hands_to_runner``):
    how the service is started, not a one-off script."""
    if ff.lang == "py":
        return False
    rel = ff.path[len(unit.root) + 1 :] if unit.root and ff.path.startswith(unit.root + "/") else ff.path
    if not (rel.startswith("bin/") and rel.count("/") == 1) and ff.path not in _bin_targets(project):
        return False
    return any(e.call is not None and e.kind in _SERVER_KINDS and (_runs_at_load(project, ff, e.call.func) or _handed_at_load(project, ff, e.call.func))
               for e in file_entries(project, ff))


def _handed_at_load(project: Project, ff: FileFacts, func_id: str) -> bool:
    """The function ``func_id`` sits in (or one enclosing it) is handed by
    name to a runner in code the module runs at load (``runCli(options,
    run)`` at the top level of a bin program that defines ``run``)."""
    if not func_id:
        return False
    ids = {f.id for f in scope_chain(project.funcs(ff), func_id) if not f.cls}
    return any(_hands_to_runner(c) and any(a.k == FN and a.v in ids for a in c.args)
               and (not c.func or _runs_at_load(project, ff, c.func)) for c in ff.calls)


def offered_start(project: Project, e: Entry) -> bool:
    """The start-up sits in a function its module never runs when loaded: the
    module only offers it to whoever loads it (statsd's ``servers/tcp.js``,
    ``exports.start = function (config) { ... server.listen(port) }``, which
    the daemon ``require``s by a name from its config).  Run as a program of
    its own, such a file starts nothing."""
    if e.call is None or not e.call.func or _runs_at_load(project, e.ff, e.call.func):
        return False
    if e.ff.lang not in ("js", "ts"):
        return True
    # a JS module offers it only when it exports the function holding it: pm2's
    # HttpInterface.js starts its server in a callback its top level hands to
    # `pm2.connect(...)`, a program of its own that exports nothing
    exports = (e.ff.extra or {}).get("exports")
    exported = set(exports.values()) if isinstance(exports, dict) else set()
    return any(f.id in exported for f in scope_chain(project.funcs(e.ff), e.call.func))


def _runs_at_load(project: Project, ff: FileFacts, func_id: str) -> bool:
    """Code at the module's top level, or in a function the module calls there,
    directly or through its own functions and their callbacks (sinopia's
    ``cli.js``: ``afterConfigLoad()`` -> ``forEach(addr => server.listen(...))``;
    redis-commander's ``startAllConnections()`` -> callback -> ``startWebApp()``)."""
    if not func_id:
        return True
    chain = scope_chain(project.funcs(ff), func_id)
    return _main_runs(project, ff, {f.name for f in chain}) or any(f.id in _reached_at_load(project, ff) for f in chain)


@per_file
def _reached_at_load(project: Project, ff: FileFacts) -> frozenset[str]:
    """Ids of the file's functions that run when it is loaded as a program:
    those its top-level code calls by name, and those they call (nested
    callbacks included), transitively; and the action of a commander program
    the top level parses (``_root_program_actions``)."""
    top = [c for c in ff.calls if not c.func]
    actions = _root_program_actions(ff, top)
    if not actions:
        return _reached_from(project, ff, top)
    return _reached_from(project, ff, top + [c for fid in actions for c in project.calls_in(ff, fid, nested=True)]) | actions


def _root_program_actions(ff: FileFacts, top: list[Call]) -> frozenset[str]:
    """Ids of the functions handed to the root commander program's
    ``.action()`` in a file whose top level parses that program (s3rver's
    ``bin/s3rver.js``: ``program.action(async command => { await new
    S3rver(opts).run() })`` then ``program.parseAsync(process.argv)``): the
    program's default action, which every run of the command runs -- unlike
    a subcommand's (``program.command('serve').action(serve)``, or a named
    ``new Command('serve')``), which runs only when that command is asked for."""
    # the module's program, or one the top level makes unnamed: `const program = new Command()`
    roots = {"commander"} | {c.assigned for c in top if c.new and c.callee == "commander.Command" and not c.args and c.assigned.isidentifier()}
    if not any(c.method in ("parse", "parseAsync") and _commander_root(c, roots) for c in top):
        return frozenset()
    return frozenset(a.v for c in top if c.method == "action" and _commander_root(c, roots) for a in c.args if a.k == FN)


def _commander_root(call: Call, roots: set[str]) -> bool:
    """A method call on a root commander program (or on what its chained
    options return), not on a command it registers."""
    head, _, rest = call.callee.partition(".")
    return head in roots and ".command(" not in f".{call.recv}" and not any(
        part.split("(", 1)[0] in ("command", "addCommand", "createCommand", "Command") for part in rest.split(".")[:-1])


def _reached_from(project: Project, ff: FileFacts, calls: list[Call]) -> frozenset[str]:
    """Ids of the file's functions that ``calls`` call by name, or through a
    module-level dispatch table (``_dispatch_tables``), or as a function
    expression called where it is written (``(() => { ... })()``, see
    ``_called_in_place``), and those they call (nested callbacks included),
    transitively."""
    by_name: dict[str, list[str]] = {}
    for f in ff.funcs:
        if not f.cls:
            by_name.setdefault(f.name, []).append(f.id)
    reached: set[str] = set()
    tables: dict[tuple[str, str], list[str]] | None = None
    todo = list(calls)
    while todo:
        c = todo.pop()
        if c.method or "." in c.callee:
            continue
        fids = _called_in_place(ff, c) if c.callee == "<fn>" else by_name.get(c.callee)
        if not fids and c.func:
            if tables is None:
                tables = _dispatch_tables(project, ff)  # (once: `ff` may be a full parse the memo does not keep)
            fids = tables.get((c.func, c.callee))
        for fid in fids or ():
            if fid not in reached:
                reached.add(fid)
                todo.extend(project.calls_in(ff, fid, nested=True))
    return frozenset(reached)


def _called_in_place(ff: FileFacts, call: Call) -> list[str]:
    """Ids of the function expressions ``call`` calls where they are written:
    a JS program's top-level ``(() => { ... })()`` or ``(async function
    main() { ... })()`` runs its body at load (@zwave-js/server's
    ``bin/server.js`` wraps its whole start-up in one).  The functions the
    call passes as arguments are not the callee."""
    handed = {a.v for a in call.args if a.k == FN}
    end = call.end_line or call.line
    return [f.id for f in ff.funcs if f.parent == call.func and not f.cls and call.line <= f.line <= end and f.id not in handed]


@per_file
def _dispatch_tables(project: Project, ff: FileFacts) -> dict[tuple[str, str], list[str]]:
    """(function id, local name) -> ids of the module's functions a call of
    that name may run, when the function took it from a module-level dict of
    functions (WsgiDAV's ``handler = SUPPORTED_SERVERS.get(server)`` then
    ``handler(app, config, server)``, the table mapping server names to
    ``_run_cheroot``, ``_run_gunicorn``...); the first such ``get`` of a name
    in a function counts.  One pass over the file, not one per call."""
    out: dict[tuple[str, str], list[str]] = {}
    ids: set[str] | None = None
    for c in ff.calls:
        if not c.func or not c.assigned or c.method != "get" or "." in c.recv or (c.func, c.assigned) in out:
            continue
        table = ff.consts.get(c.recv)
        if table is not None and table.k == OBJ and table.keys:
            if ids is None:
                ids = {f.id for f in ff.funcs}
            out[(c.func, c.assigned)] = [v.v for v in table.keys.values() if v.k == FN and v.v in ids]
    return out


@per_project
def console_script_files(project: Project) -> frozenset[str]:
    """Modules a package installs as command-line programs (Python
    ``console_scripts`` / ``[project.scripts]``: ``zuul-admin =
    zuul.cmd.client:main``; package.json ``bin``), as project file paths.
    A ``bin`` in the build output stands for its source (postgraphile's
    ``"bin": "./dist/cli-run.js"``, compiled from ``src/cli-run.ts``)."""
    out: set[str] = set(console_script_functions(project))
    stems: dict[str, str] | None = None
    for root, manifest in project.manifests.items():
        for b in manifest.get("bin", ()) or ():
            path = f"{root}/{b}" if root else str(b)
            if path in project.files:
                out.add(path)
                continue
            if stems is None:
                stems = _stem_index(project)
            out.update(built_source(str(b), root, stems))
    return frozenset(out)


@per_project
def console_script_functions(project: Project) -> dict[str, frozenset[str]]:
    """The Python modules a package installs as commands, each with the
    functions its console scripts name (``mint = "cashu.mint.main:main"``:
    ``cashu/mint/main.py`` -> ``{"main"}``)."""
    out: dict[str, set[str]] = {}
    for root, manifest in project.manifests.items():
        for target in manifest.get("console_scripts", ()) or ():
            mod, _, func = str(target).partition(":")
            mod = mod.replace(".", "/")
            for base in (root, f"{root}/src" if root else "src"):
                for cand in (f"{mod}.py", f"{mod}/__init__.py", f"{mod}/__main__.py"):
                    path = f"{base}/{cand}" if base else cand
                    if path in project.files:
                        name = func.split(".", 1)[0]
                        out.setdefault(path, set()).update([name] if func else [])
                        if name:
                            home = _function_home(project, path, name)
                            if home is not None:
                                out.setdefault(home[0], set()).add(home[1])
    return {path: frozenset(funcs) for path, funcs in out.items()}


def _function_home(project: Project, path: str, name: str) -> tuple[str, str] | None:
    """The project module that defines the function a console script names,
    when the module the script names only imports it (proxy.py's ``proxy =
    proxy:entry_point``, whose ``proxy/__init__.py`` does ``from .proxy import
    entry_point``): that module's path and the function's name there, followed
    through up to three such imports.  None when the module defines the name
    itself or imports it from outside the project."""
    for _hop in range(3):
        ff = project.full(project.files[path])
        if ff.lang != "py" or any(f.name == name and not f.parent and not f.cls for f in ff.funcs):
            break
        target = ff.imports.get(name, "")
        got = module_and_attr(project, target) if target.startswith("./") else None
        if got is None or not got[1] or "." in got[1] or got[0].path == path:
            break
        path, name = got[0].path, got[1]
        if any(f.name == name and not f.parent and not f.cls for f in project.full(got[0]).funcs):
            return path, name
    return None


_SERVER_KINDS = frozenset({HTTP, WS, TCP, GRPC})


@per_project
def _bin_targets(project: Project) -> frozenset[str]:
    """The JS files package.json ``bin`` commands run, and the project modules
    those files import (``cli.js`` is often one ``require('./lib/cli.js')``;
    such a file has no trigger token, so it is parsed here, on demand), and
    the programs of ``bin/`` folders deeper in a service (``_nested_bin_programs``)."""
    out: set[str] = set()
    for path in console_script_files(project):
        if path.endswith(".py"):
            continue
        out.add(path)
        for spec in project.full(project.files[path]).modules:
            target = project.peek_module(spec)
            if target is not None:
                out.add(target.path)
    return frozenset(out | _nested_bin_programs(project))


@per_project
def _bin_imports(project: Project) -> dict[str, frozenset[str]]:
    """Each ``_bin_targets`` JS file -> the project modules it imports."""
    out: dict[str, frozenset[str]] = {}
    for path in _bin_targets(project):
        ff = project.files.get(path)
        if ff is not None:
            out[path] = frozenset(t.path for spec in project.full(ff).modules for t in [project.peek_module(spec)] if t is not None)
    return out


def _nested_bin_programs(project: Project) -> frozenset[str]:
    """JS/TS programs in a ``bin/`` folder of a service's source tree below its
    root (flood's ``server/bin/start.ts``, which ``main()`` -> imported
    ``startWebServer()`` -> ``listen()``), that no project file imports: the
    package's command, bundled into the build output its ``bin`` names, as a
    root ``bin/www`` is.  Not one under a folder of one-off programs, examples
    or tooling (``scripts/bin/``, ``examples/bin/``), nor a file named like
    tooling."""
    # (such a path has a `/bin/` folder: the cheap test first, the import graph only when one does)
    found = [ff for ff in project.code_files() if "/bin/" in ff.path and ff.lang in ("js", "ts")]
    importers = importers_of(project) if found else {}
    out: set[str] = set()
    for ff in found:
        if importers.get(ff.path) or tooling_file(ff.path):
            continue
        svc = project.service_of(ff.path)
        root = svc.root if svc is not None else ""
        parts = (ff.path[len(root) + 1 :] if root and ff.path.startswith(root + "/") else ff.path).split("/")
        if len(parts) >= 3 and parts[-2] == "bin" and not any(script_dir(d) or _demo_dir(d) for d in parts[:-2]):
            out.add(ff.path)
    return frozenset(out)


def _cli_module(path: str) -> bool:
    """A Python package's command line (``datasette/cli.py``, ``pkg/cli/serve.py``):
    one-off commands, but also how the service itself is started
    (``datasette serve`` runs ``uvicorn.run`` there), so its server and worker
    starts count as the service's entry points."""
    if not path.endswith(".py"):
        return False  # a Node CLI package's dev server (packages/cli/serve.ts) is a tool, not the service
    parts = path.lower().split("/")
    return parts[-1].rsplit(".", 1)[0] == "cli" or "cli" in parts[:-1]


def _package_scripts(project: Project, path: str) -> bool:
    """A module of a scripts folder that is a subpackage of the project's
    Python package (``roundup/scripts/roundup_server.py`` beside
    ``roundup/scripts/__init__.py`` and ``roundup/__init__.py``): the commands
    the package installs, one of which may be how the service is started
    (``roundup-server``), like a ``cli`` module -- not a loose scripts folder.
    So is a module of a package nested in that subpackage, every folder on the
    way being a package (mitmproxy's ``mitmproxy/tools/web/master.py``, which
    starts the web UI's Tornado server for the ``mitmweb`` command)."""
    if not path.endswith(".py"):
        return False
    folder = posixpath.dirname(path)
    while folder and f"{folder}/__init__.py" in project.files:
        parent = posixpath.dirname(folder)
        if script_dir(posixpath.basename(folder)):
            return bool(parent) and f"{parent}/__init__.py" in project.files
        folder = parent
    return False


def _one_off_name(project: Project, unit: Unit, ff: FileFacts) -> bool:
    """Named or placed like a one-off program (scripts/, seed.js) or like
    build/test tooling that may start a server (dev servers, test setup)."""
    if (unit.is_script(ff.path) and not _cli_module(ff.path) and not _package_scripts(project, ff.path)
            and not _bin_server(project, unit, ff) and not _bin_starts_at_load(project, ff, importers_of(project).get(ff.path, []))):
        return True
    return tooling_file(ff.path)


def imported_by_service(project: Project, path: str) -> bool:
    """A file named like a one-off program or like build or test tooling
    (``setup.js``) that a module named like neither imports (coko server's
    ``startServer.js`` imports ``graphql/setup.js``, which builds its ws
    server): part of the service, not a script or a test harness."""
    return any(not tooling_file(p) and not is_script_path(p) for p in importers_of(project).get(path, ()))


def example_code(project: Project, path: str) -> bool:
    """Example code (:func:`is_demo_path`), except a module that only its file
    name makes one (``pkg/service/demo.py``; not ``examples/``, ``demo/``)
    which a module named like none of example, tooling or a one-off program
    imports: MapProxy's ``mapproxy/service/demo.py`` is the ``/demo/``
    service its configuration loader builds into the WSGI app."""
    if not is_demo_path(path):
        return False
    if any(map(_demo_dir, path.split("/")[:-1])):
        return True
    cache = project.__dict__.setdefault("_rs_example_code", {})
    got = cache.get(path)
    if got is None:
        got = cache[path] = not any(not is_demo_path(p) and not tooling_file(p) and not is_script_path(p) for p in _importers(project, path))
    return got


def _importers(project: Project, path: str) -> Iterable[str]:
    """The files importing ``path``: those of the import graph, then those the
    prefilter left unparsed whose text spells its module name (parsed here:
    ``from mapproxy.service.demo import DemoServer`` holds no trigger token)."""
    yield from importers_of(project).get(path, ())
    stem = posixpath.basename(path).split(".", 1)[0]
    for g in project.code_files():
        if g.shallow and g.path != path and g.lang != "compose" and project.may_mention(g.path, stem):
            full = project.full(g, stem)
            if any(path in _spec_targets(project, full, spec) for spec in (*full.modules, *full.imports.values())):
                yield g.path


def one_off_path(project: Project, path: str) -> bool:
    """A path of one-off programs (:func:`is_script_path`), except a file that
    only its name makes one (``src/setup.js``; not ``scripts/``, ``install/``)
    which a module of the service imports (:func:`imported_by_service`), and
    a Python package's command module that starts the service's server
    (:func:`_serving_command`)."""
    if not is_script_path(path):
        return False
    if _serving_command(project, path):
        return False
    if any(script_dir(p) for p in path.split("/")[:-1]):
        return True
    return not imported_by_service(project, path)


def _serving_command(project: Project, path: str) -> bool:
    """A Python package's command line module (``pkg/cli/app.py``,
    ``pkg/scripts/server.py`` in the package) that starts an HTTP, WebSocket,
    TCP or gRPC server itself (temboard's ``serve`` command builds its Tornado
    app, static routes included, and starts the server there): how the
    service runs, not a one-off program (as :func:`_one_off_name` decides for
    entry points)."""
    if not (_cli_module(path) or _package_scripts(project, path)):
        return False
    ff = project.files.get(path)
    if ff is None:
        return False
    return any(e.kind in _SERVER_KINDS for e in file_entries(project, ff))


def _imported_by_service_code(project: Project, unit: Unit, ff: FileFacts) -> bool:
    """A file named like a one-off program (``src/shared/setup.js``) that the
    service's own code imports is part of the service, not a script."""
    return any(not unit.is_script(p) for p in importers_of(project).get(ff.path, ()))


def _started_only_by_scripts(project: Project, unit: Unit, ff: FileFacts) -> bool:
    """Every start-up call sits in a function and every importer of the file is
    a script or CLI (``bin/cli.js`` calling ``serve()``): a tool, not a service.
    Not when the file is the package's command that starts the server
    (``_bin_server``), or an importer is what a start command runs (Procfile
    ``web: node bin/signalk-server``, which calls ``new Server().start()``)."""
    if ff.lang == "py" or any(not e.call or not e.call.func for e in file_entries(project, ff)):
        return False
    if _bin_server(project, unit, ff):
        return False
    importers = importers_of(project).get(ff.path, [])
    started = _command_started(project)
    commands = _oclif_commands(project)
    if not importers or not all(unit.is_script(p) and p not in started and p not in commands and not _default_command(project, p)
                                for p in importers):
        return False
    return not _bin_starts_at_load(project, ff, importers)


def unrun_ui_server(project: Project, ff: FileFacts) -> bool:
    """A Node server beside a front-end's sources that nothing runs: its
    package depends on a UI framework and has a ``start`` script, and no
    command of the project names the file (package.json scripts, Dockerfiles,
    Procfiles, shell scripts, Makefiles, compose, Kubernetes...), no project
    file imports it, and it is not the package's ``main`` or ``bin`` (dstack's
    ``frontend/staticServer.js``, which serves ``build/`` and proxies ``/api``
    to ``127.0.0.1:8000``, beside ``"start": "webpack serve"``): a preview
    server a developer runs by hand, while what is deployed is the bundle."""
    if ff.lang == "py":
        return False
    svc = project.service_of(ff.path)
    root = svc.root if svc is not None else ""
    manifest = project.manifests.get(root, {})
    if "start" not in (manifest.get("scripts") or {}) or not _ui_service(project, root):
        return False
    if not any(e.kind in _SERVER_KINDS for e in file_entries(project, ff)):
        return False
    rel = ff.path[len(root) + 1 :] if root else ff.path
    stem = rel.rsplit(".", 1)[0]
    # (a `main` in build output stands for its source: dist/server.js -> src/server.ts)
    mains = _candidates("", re.sub(r"\.[cm]?[jt]sx?$", "", str(manifest.get("main") or "index.js")))
    if any(stem in (m, m + "/index") for m in mains) or ff.path in console_script_files(project):
        return False
    if ff.path in _command_started(project) or any(p != ff.path for p in importers_of(project).get(ff.path, ())):
        return False
    # a command names it by its file name, or `server/index.js` by its folder (`pm2 start server`)
    base = posixpath.basename(stem)
    names = [base] + ([posixpath.basename(posixpath.dirname(stem))] if base == "index" and "/" in stem else [])
    name = re.compile(r"(?<![\w$-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w$-])")
    if not any(name.search(text) for text in _command_texts(project)):
        return True
    return _run_only_in_development(project, name)


def _run_only_in_development(project: Project, name: re.Pattern[str]) -> bool:
    """Is every command naming the file (``name``) a package.json script
    named for development (``dev``, ``dev:server``, ``start:dev``,
    ``watch``), and none of those scripts run by another command (``npm run
    dev`` in a Dockerfile, a compose command or the ``start`` script)?
    hyperglass's ``ui/nextdev.js`` (Next's custom server with a proxy to the
    local API), which only ``"dev": "node nextdev"`` runs, beside ``"start":
    "next start"`` and a build that exports the pages the Python server
    serves: a developer's server, not what is deployed."""
    dev = {str(k) for m in project.manifests.values() for k, v in (m.get("scripts") or {}).items()
           if _dev_script(str(k)) and name.search(str(v))}
    if not dev:
        return False
    # every other command: a development script's own commands run nothing deployed
    # (package.json lines come both from the manifests and as the file's command lines)
    others = [t for t in _command_texts(project) if not ((line := _SCRIPT_LINE.match(t)) is not None and _dev_script(line.group(1)))]
    for manifest in project.manifests.values():
        for script, text in (manifest.get("scripts") or {}).items():
            if _dev_script(str(script)):
                others.remove(str(text))
    runs = re.compile(r"(?:\brun(?:-script)?|\byarn|\bpnpm|\bbun)\s+(?:-\S+\s+)*(?:"
                      + "|".join(re.escape(s) for s in sorted(dev)) + r")(?![\w:.-])")
    return not any(name.search(t) or runs.search(t) for t in others)


# a package.json script's line, as a command line of the file: `"dev": "node nextdev",`
_SCRIPT_LINE = lazy_re(r'^\s*"([^"]+)"\s*:')


def _dev_script(script: str) -> bool:
    """A package.json script named for development (``dev``, ``dev:server``,
    ``start:dev``, ``watch``; not ``devices`` or ``predev``)."""
    return not _DEV_WORDS.isdisjoint(name_words(script))


@per_project
def _command_texts(project: Project) -> tuple[str, ...]:
    """Every command the project writes down: package.json scripts, the lines
    of Dockerfiles, Procfiles, shell scripts, Makefiles and deployment files,
    and compose services' ``command``/``entrypoint``."""
    from ._jobqueues import _texts_of_compose

    out = [str(s) for m in project.manifests.values() for s in (m.get("scripts") or {}).values()]
    for ff in project.files.values():
        if ff.lang == "text":
            out.extend(str(text) for _line, text in ff.commands)
        elif ff.lang == "compose" and ff.compose is not None:
            out.extend(text for _line, text in _texts_of_compose(ff.compose))
    return tuple(out)


def _bin_starts_at_load(project: Project, ff: FileFacts, importers: list[str]) -> bool:
    """A package.json ``bin`` program (or the module it hands on to, or a
    program of a nested ``bin/`` folder) among ``importers``, or that imports
    ``ff`` by its own parse, calls, when it is loaded, the function or class
    that one of ``ff``'s start-ups sits in, by name or as ``ff``'s default
    export, or by the name of an exported function of ``ff`` that reaches
    it through ``ff``'s own calls (``_exports_reaching``) (screeps-storage's ``bin/start.js``:
    ``require('../lib/index').start()`` at its top level, ``start()`` running
    ``net.createServer(...).listen(port)``; flood's ``server/bin/start.ts``:
    ``main()`` awaiting the imported default ``startWebServer()``): the package's own command runs
    the server, as when its top level starts it (``_bin_server``).  So does
    a program that hands that function to a runner at load
    (``runCli(options, run)``: postgraphile's ``cli-run.ts``, whose runner
    parses the arguments and calls ``run``; see ``_hands_to_runner``).  A call
    in a command's callback (``yargs.command('serve', ..., serve)``) runs
    only when asked: a tool's."""
    bins = _bin_targets(project)
    # (a program with no trigger token is not parsed, so the import graph
    # lacks its imports: its own parse says what it loads)
    loads = _bin_imports(project)
    callers = [p for p in sorted(bins) if p in project.files and (p in importers or ff.path in loads.get(p, ()))]
    if not callers:
        return False
    owner = _service_key(project, ff.path)
    default = str(((ff.extra or {}).get("exports") or {}).get("default") or "")
    for e in file_entries(project, ff):
        if e.call is None or not e.call.func:
            continue
        names = {n for f in scope_chain(project.funcs(ff), e.call.func) for n in (f.name, f.cls) if n and n.isidentifier()}
        if not names:
            continue
        names |= _exports_reaching(project, ff, e.call.func)
        for p in callers:
            g = project.full(project.files[p])
            for call in g.calls:
                if call.func and not _runs_at_load(project, g, call.func):
                    continue
                for name in (call.callee, f"{call.recv_type}.{call.method}" if call.recv_type and call.method else ""):
                    if name and any(n in name for n in names) and _calls_into(project, g, name, names, owner):
                        return True
                if _hands_to_runner(call) and any(a.k == IDENT and _calls_into(project, g, a.v, names, owner) for a in call.args):
                    return True
                if default in names and call.callee.startswith("./") and call.callee in g.imports.values() \
                        and _module_file(project, call.callee) == ff.path:
                    return True  # `import startWebServer from './web-server'`, then `startWebServer()`: its default export
    return False


def _exports_reaching(project: Project, ff: FileFacts, func_id: str) -> set[str]:
    """The names the module exports its plain functions under that run
    ``func_id`` (or a function enclosing it) through the module's own calls:
    mountebank's ``src/mountebank.js`` exports ``create``, which calls the
    file's ``listen(app, options)`` that starts the server, so a program
    calling ``mountebank.create()`` starts it."""
    chain = {f.id for f in scope_chain(project.funcs(ff), func_id) if not f.cls}
    exports = (ff.extra or {}).get("exports") or {}
    out: set[str] = set()
    for f in ff.funcs:
        if f.parent or f.cls or f.id in chain:
            continue
        names = {str(k) for k, v in exports.items() if v == f.name and str(k).isidentifier()}
        if names and not chain.isdisjoint(_reached_from(project, ff, project.calls_in(ff, f.id, nested=True))):
            out |= names
    return out


# methods that register a subcommand or its action: the callback runs only when that command is asked for
_COMMAND_METHODS = frozenset({"command", "action", "subcommand", "addCommand"})


def _hands_to_runner(call: Call) -> bool:
    """A call that may run the functions handed to it as its own work
    (``runCli(options, run)``, ``main(run)``): no string argument -- a
    command's name (``yargs.command('serve', ..., serve)``) or an event's
    (``emitter.on('ready', start)``) -- and no command registration
    (``program.command('serve').action(serve)``), whose callback runs only
    when that command is asked for."""
    return (call.method not in _COMMAND_METHODS and ".command(" not in f".{call.recv}"
            and not any(a.k == STR for a in (*call.args, *call.kwargs.values())))


def _module_file(project: Project, spec: str) -> str:
    target = project.peek_module(spec)
    return target.path if target is not None else ""


def _default_command(project: Project, path: str) -> bool:
    """A clipanion command its program runs when given no command name
    (``static paths = [Command.Default]``: verdaccio's ``InitCommand``, which
    launches the registry when ``verdaccio --config ...`` is run), in a
    package that installs a program (package.json ``bin``): what that command
    starts through an imported module is the package's service, as with an
    oclif command, not a tool's subcommand (``static paths = [['serve']]``)."""
    ff = project.files.get(path)
    if ff is None or ff.lang not in ("js", "ts"):
        return False
    ff = project.full(ff)
    if "Command.Default" not in ff.attrs or not any(m.split("/", 1)[0] == "clipanion" for m in ff.modules):
        return False
    svc = project.service_of(path)
    return bool(project.manifests.get(svc.root if svc is not None else "", {}).get("bin"))


@per_project
def _oclif_commands(project: Project) -> frozenset[str]:
    """The command files of packages whose command line is oclif's
    (package.json ``"oclif": {"commands": "./dist/commands"}``, read from
    the sources when that is build output): the package's own ``bin`` runs
    them by name (``flowise start``), so the server such a command starts
    through an imported module is the package's service, not a tool's."""
    dirs: list[str] = []
    for root, manifest in project.manifests.items():
        target = manifest.get("oclif_commands")
        if isinstance(target, str) and target:
            dirs.extend(c + "/" for c in _candidates(root, target))
    if not dirs:
        return frozenset()
    return frozenset(ff.path for ff in project.code_files() if ff.path.startswith(tuple(dirs)))


SERVERLESS = (
    "serverless-http", "@vendia/serverless-express", "aws-serverless-express", "@codegenie/serverless-express", "@fastify/aws-lambda",
    "@h4ad/serverless-adapter", "mangum", "serverless_wsgi", "awsgi", "apig_wsgi", "zappa", "chalice", "@netlify/functions", "firebase-functions",
    "@google-cloud/functions-framework", "functions_framework", "@azure/functions", "azure.functions",
)


def _shared_with_others(project: Project) -> dict[str, set[str]]:
    """File path -> keys of the units that run it without owning it."""
    got = project.__dict__.get("_rs_shared_by")
    if got is None:
        got = {}
        for u in units(project):
            k = u.key
            for ff in u.files:
                if ff.path not in u.own:
                    got.setdefault(ff.path, set()).add(k)
        project.__dict__["_rs_shared_by"] = got
    return got


def entry_point(project: Project, unit: Unit | Service | None, kinds: Iterable[str] | None = None) -> Entry | None:
    """The main entry point of a service (a :class:`Unit`, or a project
    ``Service`` / ``None`` for the files outside every service), optionally
    of one of ``kinds`` (HTTP, WORKER...)."""
    if not isinstance(unit, Unit):
        unit = unit_of(project, unit)
        if unit is None:
            return None
    wanted = set(kinds) if kinds is not None else None
    for e in entry_points(project, unit):
        if wanted is None or e.kind in wanted:
            return e
    return None


def unit_of(project: Project, svc: Service | None) -> Unit | None:
    for u in units(project):
        if u.svc is svc:
            return u
    return None


def entry_for(project: Project, path: str) -> Entry | None:
    """The main entry point of the service a file belongs to."""
    for unit in units(project):
        if path in unit.own:
            return entry_point(project, unit)
    return None


def serving_program(project: Project, path: str) -> bool:
    """The file is the Node program the service is started with: in its own
    ``bin/`` or run by a package's ``bin`` command, starting a server at load
    (:func:`_bin_server`; remix-serve's ``cli.js``).  Not a server that a
    one-off program starts for a while (NodeBB's web installer,
    ``install/web.js``)."""
    ff = project.files.get(path)
    if ff is None:
        return False
    for unit in units(project):
        if path in unit.own:
            return _bin_server(project, unit, ff)
    return False


def starts_service(project: Project, path: str) -> bool:
    """The file is one of its service's long-running start-ups, not only a
    module of it: it starts the server or worker itself (a ``bin`` program
    that serves when run, Express's ``bin/www``, remix-serve's ``cli.js``),
    so code there runs in the deployed process whatever the file is named."""
    for unit in units(project):
        if path in unit.own:
            return any(e.path == path and e.kind in LONG_RUNNING and e.call is not None for e in entry_points(project, unit))
    return False


# --------------------------------------------------------------------------- libraries
def _matches(spec: str, names: Iterable[str]) -> str:
    names = names if isinstance(names, tuple) else tuple(names)
    return _spec_matcher(names)(spec)


_MATCHERS: dict[tuple[str, ...], dict[str, str]] = {}
_NAME_INDEX: dict[tuple[str, ...], tuple[dict[str, tuple[int, str]], dict[str, tuple[int, str]]]] = {}


def _spec_matcher(names: tuple[str, ...]) -> Callable[[str], str]:
    """``_matches(spec, names)`` for one name list, remembered per spec (a
    project imports the same few hundred modules from thousands of files)."""
    memo = _MATCHERS.get(names)
    if memo is None or len(memo) > 50_000:
        memo = _MATCHERS[names] = {}

    def match(spec: str) -> str:
        got = memo.get(spec)
        if got is None:
            got = memo[spec] = _match_names(spec, names)
        return got

    return match


_SEP = lazy_re(r"[/.]")


def _match_names(spec: str, names: tuple[str, ...]) -> str:
    """The first of ``names`` that ``spec`` is, or is under: a name ``n``
    matches ``n`` itself, ``n/...`` and ``n....``; a name ending in '/' or '.'
    matches what starts with it and the name without that last character.
    Looked up by the prefixes of ``spec`` that end at a separator rather
    than by testing every name."""
    index = _NAME_INDEX.get(names)
    if index is None:
        index = _NAME_INDEX[names] = _name_index(names)
    exact, prefixes = index
    best = exact.get(spec)
    for m in _SEP.finditer(spec):
        got = prefixes.get(spec[: m.end()])
        if got is not None and (best is None or got[0] < best[0]):
            best = got
    return best[1] if best is not None else ""


def _name_index(names: tuple[str, ...]) -> tuple[dict[str, tuple[int, str]], dict[str, tuple[int, str]]]:
    """(whole spec -> (position in names, name matched), spec prefix ending at
    a separator -> the same), the earliest name kept for each key."""
    exact: dict[str, tuple[int, str]] = {}
    prefixes: dict[str, tuple[int, str]] = {}
    for i, n in enumerate(names):
        if n.endswith(("/", ".")):
            hit = (i, n.rstrip("/."))
            prefixes.setdefault(n, hit)
            exact.setdefault(n[:-1], hit)
        else:
            exact.setdefault(n, (i, n))
            prefixes.setdefault(n + "/", (i, n))
            prefixes.setdefault(n + ".", (i, n))
    return exact, prefixes


def find_module(files: Iterable[FileFacts], names: Iterable[str]) -> tuple[FileFacts, str] | None:
    """The first file importing one of ``names`` (a module, its submodules, or a
    prefix ending in '/' or '.'), with the library name matched."""
    key = names if isinstance(names, tuple) else tuple(names)
    match: Callable[[str], str] | None = None  # made when a file is not in the memo yet
    memo = _FILE_HITS.get(key)
    if memo is None or len(memo) > 50_000:
        memo = _FILE_HITS[key] = {}
    for ff in files:
        if not ff.modules and not ff.imports:
            continue  # imports nothing (every shallow file): no hit
        got = memo.get(id(ff))
        if got is not None and got[0] is ff:
            hit = got[1]
        else:
            hit = ""
            if match is None:
                match = _spec_matcher(key)
            for spec in (*ff.modules, *ff.imports.values()):
                hit = match(spec)
                if hit:
                    break
            memo[id(ff)] = (ff, hit)
        if hit:
            return ff, hit
    return None


# name list -> id(file facts) -> (those facts, library matched or ''): the same
# files are asked about the same libraries by many checks and units; the facts
# object is kept with its answer, so an id reused by other facts never hits.
# Emptied when a scan's checks end (forget_files), so no scan's facts outlive it.
_FILE_HITS: dict[tuple[str, ...], dict[int, tuple[FileFacts, str]]] = {}


def forget_files() -> None:
    """Drop the answers kept about the files of the scan that just ended."""
    _FILE_HITS.clear()


def manifest_deps(project: Project, unit: Unit) -> list[str]:
    """package.json dependencies of the service and of the repository root."""
    return sorted(root_deps(project, unit.root))


def root_deps(project: Project, root: str) -> set[str]:
    """package.json dependencies declared at ``root`` and at the repository root."""
    deps = set(project.manifests.get(root, {}).get("deps", []))
    deps.update(project.manifests.get("", {}).get("deps", []))
    return deps


def uses_dependency(project: Project, unit: Unit, names: Iterable[str]) -> str:
    """A declared package.json dependency among ``names`` ('' when none)."""
    names = tuple(names)
    for dep in manifest_deps(project, unit):
        hit = _matches(dep, names)
        if hit:
            return hit
    return ""


def unit_text_files(project: Project, unit: Unit) -> list[FileFacts]:
    """The service's files read as text (Dockerfiles, Procfiles, shell scripts,
    package.json, supervisor, systemd and Paste Deploy configurations)."""
    return [ff for ff in project.files_by_service.get(unit.svc.root if unit.svc is not None else None, []) if ff.lang == "text"]


def unit_commands(project: Project, unit: Unit) -> list[tuple[FileFacts, int, str]]:
    """Start-up commands of the service: its Dockerfiles, Procfiles, shell
    scripts and package.json scripts (file, line, text)."""
    out: list[tuple[FileFacts, int, str]] = []
    for ff in unit_text_files(project, unit):
        for line, text in ff.commands:
            out.append((ff, int(line), str(text)))
    return out


def compose_for(project: Project, unit: Unit) -> list:
    """Compose services built from the service's directory."""
    return [cs for cs, path, svc in _compose_builds(project) if svc is unit.svc or path == unit.root]


@per_project
def _compose_builds(project: Project) -> list[tuple[Any, str, Service | None]]:
    """(compose service, its build context as a project path, the service that
    directory belongs to) of every compose service with a build context, in
    ``compose_services`` order (worked out once: every unit asks)."""
    try:
        from ._compose_model import compose_services
    except ImportError:  # pragma: no cover
        return []
    out = []
    for cs in compose_services(project):
        if not cs.builds:
            continue
        build = cs.value("build")
        ctx = build.get("context", ".") if isinstance(build, dict) else build
        if not isinstance(ctx, str):
            continue
        base = posixpath.dirname(cs.file)
        path = posixpath.normpath(posixpath.join(base, ctx)) if base else posixpath.normpath(ctx)
        path = "" if path == "." else path
        out.append((cs, path, project.service_of(path + "/x") if path else project.service_of("x")))
    return out


def string_values(ff: FileFacts) -> Iterable[str]:
    """Literal strings of a file's call arguments and module constants."""
    for call in ff.calls:
        for v in (*call.args, *call.kwargs.values()):
            for x in walk_vals(v):
                if x.k == STR:
                    yield x.v
    for v in ff.consts.values():
        for x in walk_vals(v):
            if x.k == STR:
                yield x.v


# --------------------------------------------------------------------------- browser code
_UI_MODULES = (
    "react", "react-dom", "vue", "svelte", "@angular/core", "@angular/common", "solid-js", "preact", "react-native", "expo",
    "next/navigation", "next/router", "next/link", "@remix-run/react", "jquery", "lit", "@tanstack/react-query", "swr", "redux",
    "@reduxjs/toolkit", "pinia", "vuex", "zustand",
    # older and lighter UI libraries (arches' knockout view models)
    "knockout", "backbone", "alpinejs", "mithril", "@hotwired/stimulus", "@hotwired/turbo", "htmx.org",
)
_UI_DEPS = ("react", "vue", "svelte", "@angular/core", "solid-js", "preact", "react-native", "expo", "next", "nuxt", "@sveltejs/kit", "vite", "@remix-run/react", "astro")
_BROWSER_DIRS = frozenset({
    "public", "static", "client", "frontend", "web-client", "webapp", "browser", "ui", "components", "hooks", "assets",
    "static_build", "staticfiles",
})
# modules no browser bundle imports: a file importing one runs in Node
_NODE_SERVER_MODULES = (
    "http", "https", "http2", "net", "node:http", "node:https", "node:http2", "node:net", "fs", "node:fs", "fs/promises",
    "node:fs/promises", "child_process", "node:child_process", "cluster", "node:cluster", "express", "fastify", "koa",
    "@hapi/hapi", "restify", "ws", "socket.io", "pg", "mysql", "mysql2", "ioredis", "redis", "mongodb", "mongoose", "bullmq",
)
# a word each of those specifiers spells (`node:fs/promises` spells `fs`, `@hapi/hapi` `hapi`, `socket.io` `socket`)
_NODE_SERVER_WORDS = tuple(sorted({re.split(r"[/.]", m.rsplit(":", 1)[-1].lstrip("@"))[0] for m in _NODE_SERVER_MODULES}))
# those, and Node modules no browser bundle provides either (a resolver, TLS, undici's own client)
_NODE_ONLY_MODULES = (*_NODE_SERVER_MODULES, "dns", "node:dns", "dns/promises", "node:dns/promises", "tls", "node:tls",
                      "dgram", "node:dgram", "worker_threads", "node:worker_threads", "undici")
_NODE_ONLY_WORDS = tuple(sorted({re.split(r"[/.]", m.rsplit(":", 1)[-1].lstrip("@"))[0] for m in _NODE_ONLY_MODULES}))
# globals of a page, and of a service worker (its Cache Storage, its registration and clients)
_BROWSER_GLOBALS = (
    "window.", "document.", "localStorage.", "sessionStorage.", "navigator.", "caches.open", "caches.match",
    "self.addEventListener", "self.skipWaiting", "self.registration", "self.clients",
    # the page's own address and history (Node has no `location` global)
    "location.origin", "location.reload", "location.assign", "history.pushState", "history.replaceState",
    # WebExtension APIs (a Chrome/Firefox extension's pages and service worker)
    "chrome.runtime", "chrome.tabs", "chrome.storage", "chrome.action", "chrome.scripting", "chrome.debugger",
    "browser.runtime", "browser.tabs", "browser.storage",
)
_SERVER_PATH = lazy_re(r"(^|/)(pages/api|app/api|server|backend|functions|lambda|lambdas)(/|$)|(^|/)route\.[jt]s$|(^|/)middleware\.[jt]s$")


def is_browser(project: Project, ff: FileFacts) -> bool:
    """JS/TS that runs in a browser (UI components, client bundles), or in
    PhantomJS, a headless browser whose scripts (``require('webserver')``,
    ``phantom.exit()``) are no Node process."""
    if ff.lang == "py":
        return False
    return _browser_code(project, ff) or _phantomjs_script(ff)


def _phantomjs_script(ff: FileFacts) -> bool:
    return any(m in ("webserver", "webpage") for m in ff.modules) and any(c.callee.startswith("phantom.") for c in ff.calls)


def _reads_page_globals(ff: FileFacts) -> bool:
    """The file reads a page global (``document.title``, ``window.location``)
    it does not declare itself (``const { document } = models``: a variable)."""
    shadows = ff.extra.get("shadows", ()) if ff.extra else ()
    return any(a.startswith(_BROWSER_GLOBALS) and a.split(".", 1)[0] not in shadows for a in ff.attrs)


@per_file
def _browser_code(project: Project, ff: FileFacts) -> bool:
    path = ff.path
    found = list(_SERVER_PATH.finditer(path))
    if found:
        m = found[-1]
        # a server folder holds Node code, except the page scripts it serves:
        # a browser folder below it (server/dashboard/assets/app.js) and page globals
        below = path[m.end():].split("/")[:-1]
        return (
            any(p.lower() in _BROWSER_DIRS for p in below)
            and _reads_page_globals(ff)
            and not _drives_a_browser(ff)
            and find_module([ff], _NODE_ONLY_MODULES) is None
        )
    if path.endswith((".jsx", ".tsx", ".vue", ".svelte")):
        return True
    if find_module([ff], _UI_MODULES) is not None:
        return True
    if _reads_page_globals(ff) and not _drives_a_browser(ff):
        return True
    if find_module([ff], _NODE_ONLY_MODULES) is not None:
        # an HTTP server, the file system, `dns`, `undici`...: Node, whatever its
        # folder is called (etherpad's node/hooks/)
        return False
    if _vue_component(ff) or path in _imported_only_by_components(project):
        return True
    if any(path.startswith(r + "/") for r in _bundle_roots(project)):
        return True  # `web/src/common/apiUtil.js` beside `web/webpack.config.js`: the front-end's sources
    if any(p.lower() in _BROWSER_DIRS for p in path.split("/")[:-1]):
        # a folder's name is weak evidence: etherpad's static/js/pluginfw/installer.js
        # requires ../../../node/utils/Settings (fs), so it runs in Node
        return not _imports_node_module(project, ff, _NODE_ONLY_MODULES, _NODE_ONLY_WORDS)
    svc = project.service_of(path)
    if _ui_service(project, svc.root if svc is not None else ""):
        from ._longrun import long_running

        return path not in long_running(project)
    return False


def _imports_node_module(project: Project, ff: FileFacts, modules: tuple[str, ...] = _NODE_SERVER_MODULES,
                         words: tuple[str, ...] = _NODE_SERVER_WORDS) -> bool:
    """The file imports a project module that runs only in Node (it imports
    the file system, an HTTP server, a database driver... and is no page
    script): no browser bundle can load it, so the importer runs in Node."""
    for dep in import_graph(project).get(ff.path, ()):
        t = project.files.get(dep)
        if t is None or t.lang == "py":
            continue
        if t.shallow and not any(project.may_mention(t.path, w) for w in words):
            continue  # its text spells none of those modules: it cannot import them (no parse needed to tell)
        t = project.full(t)
        if t.path.endswith(_UI_FILES) or find_module([t], _UI_MODULES) is not None or (_reads_page_globals(t) and not _drives_a_browser(t)):
            continue
        if find_module([t], modules) is not None:
            return True
    return False


def runs_in_node(project: Project, ff: FileFacts) -> bool:
    """JS/TS that no browser bundle can load: it imports a Node-only module
    (the file system, an HTTP server, `dns`, `undici`...), or a project module
    that does and is no page script (see _imports_node_module)."""
    if ff.lang == "py":
        return False
    return find_module([ff], _NODE_ONLY_MODULES) is not None or _imports_node_module(project, ff, _NODE_ONLY_MODULES, _NODE_ONLY_WORDS)


_VUE_HOOKS = frozenset({"mounted", "created", "beforeMount", "beforeUnmount", "unmounted", "setup", "render"})


def _vue_component(ff: FileFacts) -> bool:
    """``export default { template: ..., mounted() {...} }``: a Vue component's options."""
    d = ff.consts.get("default")
    keys = set(d.keys or ()) if d is not None and d.k == OBJ else set()
    return ("template" in keys or "render" in keys) and bool(keys & (_VUE_HOOKS | {"props", "data", "methods", "computed"}))


_UI_FILES = (".jsx", ".tsx", ".vue", ".svelte")
_BUNDLER_CONFIG = lazy_re(r"^(?:webpack|vite|rollup|parcel)(?:\.[\w-]+)?\.config\.[cm]?[jt]s$")


@per_project
def _bundle_roots(project: Project) -> tuple[str, ...]:
    """Folders below a service's root holding a front-end bundler's config
    (``web/webpack.config.js``): what is under them is bundled for the browser."""
    roots = {s.root for s in project.services}
    out = set()
    for path in project.files:
        d, _, name = path.rpartition("/")
        if d and d not in roots and _BUNDLER_CONFIG.match(name):
            out.add(d)
    return tuple(sorted(out))


@per_project
def _imported_only_by_components(project: Project) -> frozenset[str]:
    """Modules that only UI component files import (``web/src/common/apiUtil.js``
    imported by ``.jsx`` components): they run in the bundle, in a browser."""
    return frozenset(dep for dep, users in importers_of(project).items() if users and all(u.endswith(_UI_FILES) for u in users))


# puppeteer/playwright calls whose function argument runs in the page they drive
_PAGE_EVALUATE = frozenset({"evaluate", "evaluateHandle", "evaluateOnNewDocument", "$eval", "$$eval", "addInitScript", "waitForFunction"})


def _drives_a_browser(ff: FileFacts) -> bool:
    """Node code that drives a headless browser: the page globals it mentions
    (`window`, `document`) sit in functions it sends to the page
    (``page.evaluate(() => window.x)``), not in code the file runs itself."""
    return any(c.method in _PAGE_EVALUATE and c.recv and any(a.k == FN for a in c.args) for c in ff.calls)


# tools that package a Node program as a desktop application
_DESKTOP_PACKAGERS = frozenset({"electron-builder", "@electron-forge/cli", "electron-packager", "@electron/packager"})


@per_project
def desktop_app(project: Project, root: str) -> bool:
    """Does the manifest at ``root`` ship an Electron desktop application
    (``electron`` and a packager such as electron-builder: lobe-chat's
    ``apps/desktop``)?  Its main process is one user's program on their own
    machine, not a deployed service: the local server it starts for its
    windows is no service, and a stalled call holds that user's window, not a
    server's capacity."""
    deps = set(project.manifests.get(root, {}).get("deps", []))
    return "electron" in deps and not deps.isdisjoint(_DESKTOP_PACKAGERS)


def in_desktop_app(project: Project, ff: FileFacts) -> bool:
    """Is ``ff`` code of an Electron desktop application (see desktop_app)?"""
    svc = project.service_of(ff.path)
    return svc is not None and desktop_app(project, svc.root)


@per_project
def _ui_service(project: Project, root: str) -> bool:
    """Does the manifest at ``root`` depend on a UI framework?"""
    return any(_matches(d, _UI_DEPS) for d in project.manifests.get(root, {}).get("deps", []))
