"""RS903 no-health-endpoint: an HTTP service with no health route and no
health library.

Project-level: one finding per service (``_services.units``) that runs an
HTTP server, at its entry point.  The route-path tests here
(:func:`is_health_path`, route tables) also serve RS906 and the Basic-auth
routes of RS501.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable, Iterable

from ..frontends._filerouting import react_router_file_url
from ..facts import ARR, CALL, FN, IDENT, NULL, NUM, OBJ, OTHER, STR, TMPL, Call, FileFacts, Route, Val, from_json
from ..lazyre import lazy_re
from ..model import Hit
from ..project import Project
from . import check
from ._credroutes import registration_value, strip_prefix_hole
from ._longrun import PY_APPS, entry_calls, importers_of
from ._memo import methods_of, per_file
from ._routes import HTTP_VERBS, cherrypy_views, pecan_views, pyramid_views
from ._resolve import callee_funcs, definitions, last_name, module_and_attr
from ._services import (
    HTTP,
    WORKER,
    Entry,
    Unit,
    compose_for,
    entry_point,
    entry_points,
    find_module,
    is_browser,
    root_deps,
    is_demo_path,
    string_values,
    unit_commands,
    unit_text_files,
    units,
    uses_dependency,
)
from ._stdlib_http import handler_segment_paths
from ._text import capitalized


# words that name a health route wherever they appear in the path (/health/db, /api/healthz)
HEALTH_WORDS = frozenset({
    "health", "healthz", "healthcheck", "healthchecks", "health-check", "health_check", "_health", "__health", "livez", "readyz",
    "startupz", "liveness", "readiness", "heartbeat", "lbheartbeat", "_ah",
})


# parts of a compound route name (`/worker-health`) that make it a health check...
_HEALTH_PARTS = frozenset({"health", "healthz", "healthcheck", "liveness", "readiness", "livez", "readyz"})


# ...and what its other parts may name: the service or one of its parts
_INFRA_PARTS = frozenset({"app", "api", "service", "svc", "server", "system", "sys", "db", "database", "worker", "workers", "redis", "cache",
                          "queue", "broker", "k8s", "kube", "lb", "deep", "shallow", "full", "basic", "simple", "check", "checks", "self",
                          "ashx", "json", "php", "html", "v1", "v2", "internal", "status", "ping", "all", "node", "cluster"})


# words that do only as the last segment of a path that is not about one resource (/api/status, not /jobs/:id/status)
LAST_HEALTH_WORDS = frozenset({"ready", "live", "alive", "ping", "status", "hc", "up", "healthy"})


JS_HEALTH_LIBS = (
    "@godaddy/terminus", "lightship", "@nestjs/terminus", "express-healthcheck", "express-health-check", "express-actuator",
    "@hmcts/nodejs-healthcheck", "fastify-healthcheck", "@fastify/under-pressure", "under-pressure", "healthcheck-middleware",
    "express-healthchecker", "apollo-server", "@cloudnative/health-connect", "@cloudnative/health", "maikai", "@promster/",
    # GraphQL Yoga always adds its useHealthCheck plugin: a 200 for any URL ending in
    # the healthCheckEndpoint option (default /health), wherever the yoga is mounted;
    # the Hive gateway runtime builds one with /healthcheck (and /readiness) on it
    "graphql-yoga.createYoga", "@graphql-hive/gateway-runtime.createGatewayRuntime", "@graphql-hive/gateway.createGatewayRuntime",
)


PY_HEALTH_LIBS = (
    "fastapi_health", "health_check", "healthcheck", "flask_healthz", "watchman", "django_alive", "alive", "pyctuator",
    "fastapi_healthchecks", "starlette_health", "flask_health", "aiohttp_healthcheck", "django_health_check",
    "oslo_middleware.healthcheck", "oslo_middleware.Healthcheck",  # (the package exports the class at its top too)
    # mautrix's AppService serves /_matrix/mau/live and /_matrix/mau/ready, and its
    # Bridge builds one; not the package's other names (AppServiceServerMixin only
    # adds the transaction routes to the caller's own app, IntentAPI is a client)
    "mautrix.appservice.AppService", "mautrix.appservice.appservice.AppService", "mautrix.bridge.Bridge", "mautrix.bridge.bridge.Bridge",
)


PATH_CHARS = lazy_re(r"[\^$?()\\*+]")


# every word the tests below can match is in the path's text: a path with
# none of them is no health path (most paths asked about are plain file names)
_ANY_HEALTH_WORD = lazy_re("|".join(sorted(map(re.escape, HEALTH_WORDS | _HEALTH_PARTS | LAST_HEALTH_WORDS))))


def is_health_path(path: str) -> bool:
    """A route path that serves a health check (under any prefix)."""
    text = PATH_CHARS.sub("", path.strip()).split("?", 1)[0]
    if " " in text or "://" in text or not _ANY_HEALTH_WORD.search(text.lower()):
        return False
    if "/" not in text:
        text = "/" + text
    segs = [s for s in (strip_prefix_hole(seg) for seg in text.split("/")) if s]
    if not segs:
        return False
    # (a segment wrapped in underscores is the same word, reserved for the
    # service's own use: Dockerflow's `/__heartbeat__` and `/__lbheartbeat__`)
    if any(seg.lower() in HEALTH_WORDS or seg.strip("_").lower() in HEALTH_WORDS for seg in segs):
        return True
    # `/worker-health`, `/db_health`: a compound name ending the path, about the
    # service or a part of it (not `/testing/test-case-health`, a report page)
    parts = [p for p in re.split(r"[-_.]", segs[-1].lower()) if p]
    if any(part in _HEALTH_PARTS for part in parts):
        others = [p for p in parts if p not in _HEALTH_PARTS]
        if len(segs) == 1 or all(p in _INFRA_PARTS for p in others):
            return True
    # `/status` or `/api/ping`, but not the status of one thing: `/orders/:id/status`,
    # `/:id/branches/remote/*/status` (any parameter or wildcard on the way)
    raw = [strip_prefix_hole(seg) for seg in path.split("?", 1)[0].split("/")]
    lead = next((i for i, seg in enumerate(raw) if seg), -1)
    if lead >= 0 and _PREFIX_VAR.match(raw[lead]):
        raw = raw[lead + 1 :]  # f"{base_path}/status": a mount prefix held in a variable, not a parameter
    if any(seg.startswith((":", "{", "<", "[", "$")) or "*" in seg or "(" in seg for seg in raw):
        return False
    # (wrapped in underscores it is the same word: Docker's `/_ping`, CouchDB's `/_up`)
    last = segs[-1].strip("_").lower()
    if last not in LAST_HEALTH_WORDS:
        return False
    if last in ("live", "up") and len(segs) > 1 and segs[-2].lower() in _LIVE_CONTENT:
        return False  # `/logs/live`, `/scores/live`: a live feed of something (dallinger's log stream), not liveness
    # two resource names before it (`/requests/aggregate/status`): the status of a thing
    named = [seg for seg in segs[:-1] if seg.lower() not in _INFRA_PARTS and not _VERSION_SEG.match(seg)]
    if named and segs[-2] is named[-1] and _PLURAL_RESOURCE.match(named[-1]) and named[-1].lower()[:-1] not in _INFRA_PARTS:
        return False  # `/api/notifications/status`, `/jobs/status`: the state of a collection of things
    return len(named) < 2


def _ping_under_registered_name(path: str) -> bool:
    """A route declared at `` `/ping/${env.db.name}` ``: a health `/ping` followed only by
    segments the server fills in when it registers the route (acebase-server's
    connectivity check under the name of the database it serves), so still one fixed
    path the process answers; not `/ping/:host`, nor a hole naming an id or an account."""
    raw = [seg for seg in path.split("?", 1)[0].split("/") if seg]
    tail = len(raw)
    while tail and registration_value(raw[tail - 1]):
        tail -= 1
    return 0 < tail < len(raw) and raw[tail - 1].lower() == "ping" and is_health_path("/" + "/".join(raw[:tail]))


# a plural resource name (`notifications`, `jobs`, `orders`), not a service's
# (`myapp`) or a short word (`ops`), nor one ending in -ss/-us/-is (`status`, `analysis`);
# the service's parts in the plural (`services`, `servers`, `nodes`) still do
_PLURAL_RESOURCE = lazy_re(r"(?i)^[a-z][a-z_-]+[^sui]s$|^[a-z][a-z_-]+ies$")


_LIVE_CONTENT = frozenset({"log", "logs", "event", "events", "stream", "streams", "feed", "feeds", "video", "videos", "chat", "score",
                           "scores", "game", "games", "match", "matches", "news", "tv", "radio", "broadcast", "updates", "tail", "console"})


_VERSION_SEG = lazy_re(r"(?i)^v\d+(?:\.\d+)*$|^_+$")


# an interpolated first segment named for a prefix (`{base_path}`, `${API_ROOT}`, `{url_prefix}`)
_PREFIX_VAR = lazy_re(r"^\$?\{\w*(?:prefix|base|root|mount|api_?path|url)\w*\}$", re.I)


_NOT_ROUTE_CALLS = frozenset({"require", "import", "require.resolve", "importlib.import_module", "__import__", "open", "os.path.join",
                              "path.join", "path.resolve", "pathlib.Path", "Path",
                              # a copy of a data table (faraday's `deepcopy(rules_attributes)`, whose
                              # field names include "service/status") registers nothing
                              "copy.deepcopy", "copy.copy"})


_ROUTE_VERBS = frozenset({"get", "head", "all", "route", "use"})


# methods that register a route (a string starting with an interpolated base counts only there)
_REGISTERS = _ROUTE_VERBS | {"post", "put", "patch", "register", "add", "addRoute", "add_route", "add_api_route", "add_url_rule", "on", "handle"}


# methods of other receivers that may still put a route on a server (a mount, a resource,
# a route table, a framework's builder)
_MAY_REGISTER = frozenset({"add_get", "add_head", "add_view", "add_resource", "add_routes", "api_route", "mount", "include",
                           "include_router", "add_websocket_route", "Route", "Mount", "Rule", "url", "path", "re_path", "resource",
                           "addHook", "all", "route", "Application", "HTTPServer", "Router", "Blueprint", "APIRouter",
                           "forRoot", "forRootAsync", "health", "healthCheck", "check", "createTerminus", "createLightship",
                           "middleware", "setup", "register_blueprint", "add_handler", "add_handlers", "putChild",
                           "add_url", "addRoutes", "routes", "group", "prefix", "namespace", "expose", "serve", "listen"})


# HTTP clients: a health URL they call is another service's
_HTTP_CLIENTS = frozenset({"fetch", "axios", "got", "ky", "superagent", "needle", "undici", "node-fetch", "requests", "httpx", "urllib", "aiohttp"})


_HEALTH_NAME = lazy_re(r"health|liveness|readiness|(?:^|[._])(?:ping|alive|status)(?:_?(?:path|url|route|endpoint))?$", re.I)


# calls whose strings are topics, events or log text, never a route
_MESSAGE_METHODS = frozenset({"publish", "subscribe", "unsubscribe", "emit", "send", "produce", "write", "log", "info", "warn", "warning",
                              "error", "debug", "trace", "fatal", "sendMessage", "sendToQueue", "basic_publish"})


_WRITE_VERBS = frozenset({"post", "put", "patch", "delete"})


_NOT_ROUTE_PREFIXES = ("fs.", "path.", "os.path.", "shutil.", "node:fs", "node:path")


# URLs built (`urljoin(upstream, "/status")`, Jupyter's `url_path_join(hub_url, "/api/health")`,
# `new URL("/healthz", upstream)`): an address, often another service's; a route table's
# join is read as the route (the frontend)
_URL_JOINS = frozenset({"urljoin", "url_path_join", "url_concat", "URL"})


# client-side routers of single-page apps (vue-router, react-router, Angular)
_PAGE_ROUTERS = frozenset({"createRouter", "VueRouter", "Router", "createBrowserRouter", "createHashRouter", "createMemoryRouter",
                           "forRoot", "forChild", "useRoutes", "createRoutesFromElements"})


# (also camelCase: `appRouter`, `apiRouter`)
_SERVER_RECV = lazy_re(r"(?:^|[._])(?i:app|application|router|routes?|server|api|bp|blueprint|fastify|instance|web|r)$"
                          r"|[a-z0-9](?:App|Application|Router|Routes?|Server|Api|Blueprint)$")


# a receiver named as an HTTP client (`this.client`, `apiClient`, `this.createClient(login)`, `httpClient`)
_CLIENT_RECV = lazy_re(r"(?i)client(?:\([^()]*\))?$")


# what a generated gRPC client stub calls on its channel
_GRPC_STUBS = frozenset({"unary_unary", "unary_stream", "stream_unary", "stream_stream"})


# functions that list paths to leave alone (a rate limiter's or a request logger's exemptions)
_EXEMPTION_FN = lazy_re(r"(?i)exempt|skip|ignor|exclu|bypass|whitelist|allowlist|^should(?:not)?(?:log|limit|count|track|skip)")


# registrations of WebSocket message handlers and chat commands
_COMMAND_REGISTRATION = lazy_re(r"(?i)websocket|command$")


_QUOTED_HEALTH = lazy_re(r"""['"`]([^'"`\s]*)['"`]""")


# a raw http server's routing by a string test of the request's path
_PATH_TESTS = frozenset({"endsWith", "startsWith", "includes"})


_REQUEST_PATH = lazy_re(r"^(?:this\.)?(?:req|request|ctx|context)(?:\.(?:req|request))?\.(?:url|path|pathname|originalUrl)$")


def _request_path_test(c: Call) -> bool:
    """``req.url.endsWith("/__health_check")``: a raw http server answering its
    health path (nocobase's gateway), like ``req.url === '/healthz'``; not in a
    function that lists paths to leave alone (a logger's ``skip``)."""
    return (c.method in _PATH_TESTS and _REQUEST_PATH.match(c.recv) is not None and len(c.args) == 1 and c.args[0].k == STR
            and c.args[0].v.startswith("/") and is_health_path(c.args[0].v) and not _EXEMPTION_FN.search(c.func.split("@", 1)[0]))


def _health_route(project: Project, unit: Unit) -> tuple[str, int] | None:
    for ff in unit.files:
        got = _file_health_route(project, ff)
        if got is not None:
            return got
    return _configured_tornado_health_route(unit)


def _configured_tornado_health_route(unit: Unit) -> tuple[str, int] | None:
    """In a Tornado service, a route pair whose path is read from
    configuration under a name for the health check and whose handler class is
    named for it too: thumbor's ``url = cast(str,
    context.config.HEALTHCHECK_ROUTE)``, ``return [(url, HealthcheckHandler)]``
    (its handler lists are Tornado rule lists the app is built from; the
    file itself need not import Tornado)."""
    if find_module(unit.files, ("tornado",)) is None:
        return None
    for ff in unit.files:
        for item in (ff.extra or {}).get("named_path_routes", ()) if not ff.shallow else ():
            if (isinstance(item, list) and len(item) == 3 and _HEALTH_NAME.search(str(item[1]).rsplit(".", 1)[-1])
                    and _HEALTH_NAME.search(str(item[2]).rsplit(".", 1)[-1])):
                return ff.path, int(item[0])
    return None


# django-health-check's and django-watchman's modules (`include("health_check.urls")`),
# not a setting named for a health check (senlin's `cfg.IntOpt('health_check_interval_min')`)
_HEALTH_APP = lazy_re(r"(?:health_check|watchman)(?:\.|$)")


@per_file
def _file_health_route(project: Project, ff: FileFacts) -> tuple[str, int] | None:
    """The first health endpoint a file declares or mentions (once per file:
    units share files)."""
    if ff.shallow:
        if not _named_for_health_route(ff.path):
            return None  # nothing parsed to look at
        # a file-based route (Next.js pages/api/health.ts) need not hold a trigger token,
        # nor a module named for the health route it registers (verdaccio's api/ping.js:
        # `route.get(PING_API_ENDPOINTS.ping, ...)`, its path an imported constant)
        ff = project.full(ff)
    pyramid = pyramid_views(project, ff) if ff.lang == "py" and "pyramid" in " ".join(ff.modules) else []
    pecan = pecan_views(project, ff) if ff.lang == "py" else []
    cherry = cherrypy_views(project, ff) if ff.lang == "py" else []
    for r in [*ff.routes, *pyramid, *pecan, *cherry]:
        # a probe sends GET: `POST /auth/ping` (a signed-in check) is not a health route
        # (Pyramid: `@view_config(name="health")`, a traversal view, Kotti's layout)
        paths = [_filled_member_path(project, ff, r.path)] if ff.lang == "py" else [r.path, *_looped_paths(ff, r.path, r.line)]
        if any(is_health_path(p) or _ping_under_registered_name(p) for p in paths) and _answers_get(r.method):
            return ff.path, r.line
        if _app_root_health_view(project, ff, r):
            return ff.path, r.line
    got = _route_module_health(ff) or _cube_gateway_mounted(ff) or _react_router_health(project, ff)
    if got is not None:
        return got
    browser = ff.lang != "py" and is_browser(project, ff)
    flask = ff.lang == "py" and any(m.split(".", 1)[0].startswith("flask") for m in ff.modules)
    # (browser code compares paths for its own pages and URLs: `prefix.indexOf('/live') !== -1`
    # in pywb's replay frame is no route the server answers)
    for cmp in ff.extra.get("compares", []) if ff.extra and not browser else []:
        if isinstance(cmp, list) and len(cmp) >= 3:
            if _EXEMPTION_FN.search(str(cmp[1]).split("@", 1)[0]):
                continue  # `isExempt(path) { return path === '/health' }`: a path let through a limiter or logger, not served
            if len(cmp) >= 4 and cmp[3]:
                continue  # `[op for op in ops if op['path'] == '/status']`: a JSON patch's operations filtered, no request routed
            for m in _QUOTED_HEALTH.finditer(str(cmp[2])):
                if m.group(1).startswith("/") and is_health_path(m.group(1)):
                    return ff.path, int(cmp[0])
    for path, line in handler_segment_paths(ff):
        if is_health_path(path):
            return ff.path, line  # http.server: `if path[0] == "status":` in the handler do_GET dispatches through
    got = _get_answered_healthy(ff) if not browser and ff.lang != "py" else None
    if got is not None:
        return got
    for c in ff.calls:
        if c.callee in _NOT_ROUTE_CALLS or c.callee.startswith(_NOT_ROUTE_PREFIXES) or last_name(c.callee) in _URL_JOINS:
            continue  # require('./lib/status'), path.join(dir, 'health'), urljoin(upstream, '/status'): a module, a file or an address
        if c.method in _MESSAGE_METHODS:
            continue  # client.publish('bridge/health', ...), log.info('db/health ok'): a topic or a message
        if _COMMAND_REGISTRATION.search(c.callee.rsplit(".", 1)[-1]):
            # Home Assistant's `@websocket_command({Required("type"): "cloud/status"})`, Slack Bolt's
            # `app.command('/status', ...)`: a message or command type, not an HTTP route
            continue
        if c.method in _WRITE_VERBS or _write_verbs_only(c):
            # routes.post('/auth/ping'), `add_api_route("/ping", h, methods=["POST"])`, a
            # description of another API's operation `Operation(method="POST", path="/heartbeat/{node}")`:
            # a probe sends GET
            continue
        if _request_path_test(c):
            return ff.path, c.line
        if c.method == "putChild" and len(c.args) >= 2 and c.args[0].k == STR and is_health_path("/" + c.args[0].v):
            return ff.path, c.line  # Twisted: root.putChild(b"health", HealthResource())
        if (c.method in _NAMED_PATH_VERBS and len(c.args) >= 2 and _HEALTH_NAME.search(_named_path(ff, c.args[0]))
                and c.args[-1].k in (FN, IDENT, CALL) and _SERVER_RECV.search(c.recv)):
            # app.get(config.healthCheck.path, ...): a path from configuration, named for it,
            # also under a prefix helper (Starlette's `api.add_route(config.prepend_backend_path(
            # str(constants.Endpoint.HEALTH)), health, methods=["GET"])`; not `ICONS.get(status, None)`, a lookup)
            return ff.path, c.line
        if _health_via_route_wrapper(project, ff, c):
            return ff.path, c.line
        if (c.method in _ROUTE_VERBS and len(c.args) >= 2 and c.args[-1].k in (FN, IDENT, CALL) and _SERVER_RECV.search(c.recv)
                and is_health_path(_prefixed_path(c.args[0]))):
            # obj.app.get(url + 'health.ashx', ...), app.get(`${base}healthz`, ...): a health
            # route under a mount prefix held in a variable (the prefix ends with its own slash)
            return ff.path, c.line
        if (c.method in _ROUTE_VERBS and len(c.args) >= 2 and c.args[-1].k in (FN, IDENT, CALL) and _SERVER_RECV.search(c.recv)
                and c.args[0].k == IDENT and any(is_health_path(p) for p in _looped_paths(ff, "${" + c.args[0].v + "}", c.line))):
            return ff.path, c.line  # for (const p of ["/health", "/ready"]) app.get(p, ...): each path of the loop
        if browser and c.callee.rsplit(".", 1)[-1] in _PAGE_ROUTERS:
            continue  # a page router's `{ path: '/status', component: StatusPage }`: a page, not the server's health route
        if c.callee.split(".", 1)[0] in _HTTP_CLIENTS:
            continue  # fetch(`${upstream}/health`): another service's health URL
        if c.method in _GRPC_STUBS:
            continue  # channel.unary_unary("/api.DagsterApi/Ping", ...): a gRPC client's method, not an HTTP route
        if _CLIENT_RECV.search(c.recv):
            continue  # this.client.get("/api/v1/status"), this.createClient(login).get(...): a request to another server
        if flask and _flask_health_endpoint(c):
            return ff.path, c.line
        registers = c.method in _REGISTERS or not c.method
        if not registers and c.recv and c.method not in _MAY_REGISTER and not c.method[:1].isupper() and not c.new \
                and not _SERVER_RECV.search(c.recv):
            # `fgt.monitor("system/status", "")`: a device's API asked for its status
            # (Home Assistant's integrations), no route of this server (a constructor,
            # `dispatcher.DispatcherMiddleware(app, {"/healthcheck": ...})`, may build one)
            continue
        # (not a keyword that lists paths a middleware leaves alone: `add_middleware(CacheMiddleware,
        # exclude_path={"/healthz"})`, `Instrumentator(excluded_handlers=["/health"])` serve no route)
        for v in (*c.args, *(v for k, v in c.kwargs.items() if not _EXEMPTION_FN.search(k))):
            for s in _strings(v):
                if s.startswith(("${", "{")) and not registers:
                    continue  # HttpClient.create(`${baseUrl}hubot/ping`): a URL built on another host's base
                if ("/" in s and not s.startswith(".") and is_health_path(s)) or (ff.lang == "py" and _HEALTH_APP.match(s) is not None):
                    return ff.path, c.line
    got = _table_health_route(ff) if not browser else None  # (a page router's route table lists pages)
    if got is not None:
        return got
    for inc in ff.extra.get("django_includes", []) if ff.extra else []:
        if isinstance(inc, dict) and _HEALTH_APP.match(str(inc.get("module", ""))) is not None:
            return ff.path, int(inc.get("line", 0) or 0)
    if ff.lang == "py":
        for s in string_values(ff):
            if s in ("health_check", "watchman", "django_alive") or s.startswith("health_check."):
                return ff.path, 1
    return None


def _looped_paths(ff: FileFacts, path: str, line: int) -> list[str]:
    """The paths a JS route registered in a loop over an array of strings
    answers: its template's ``${var}`` hole filled with each string the loop's
    variable takes (redwood's ``for (const routePath of ["", "/health",
    "/readiness"]) fastify.route({url: `${root}${graphqlEndpoint}${routePath}`})``,
    the innermost such loop around the route); [] when none is filled."""
    out: list[str] = []
    for var, first, last, strings in ff.extra.get("string_loops", ()) if ff.extra else ():
        hole = "${" + str(var) + "}"
        if first <= line <= last and hole in path:
            out.extend(path.replace(hole, str(s)) for s in strings)
    return out


# an f-string hole holding a class member or module attribute (`{Endpoint.healthz}`):
# a dotted name, which no path parameter (`{item_id}`, `<int:id>`) can be
_MEMBER_HOLE = lazy_re(r"\{([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\}")


def _filled_member_path(project: Project, ff: FileFacts, path: str) -> str:
    """A Python route path built by an f-string from members of a class of
    constants (whoogle's ``@app.route(f'/{Endpoint.healthz}')``, its
    ``class Endpoint(Enum): healthz = 'healthz'``), with each member written
    in: its string value when the project defines it (in this file or the
    module it is imported from), else its own name (a path named for the
    health check, like ``str(constants.Endpoint.HEALTH)``)."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        head, _, rest = name.partition(".")
        const = ff.consts.get(name)
        imp = ff.imports.get(head, "")
        if const is None and imp and imp != head:
            got = module_and_attr(project, imp + "." + rest, value=True)
            const = got[0].consts.get(got[1]) if got is not None else None
        return const.v if const is not None and const.k == STR else name.rsplit(".", 1)[-1]

    return _MEMBER_HOLE.sub(sub, path) if "{" in path else path


# Cube's API gateway answers GET /readyz and /livez on the Express app it is
# handed: by its own initApp(app) or server-core's, which hands the app on
_CUBE_GATEWAYS = ("@cubejs-backend/server-core", "@cubejs-backend/api-gateway")


# ...and the all-in-one Cube server's listen() builds that app and hands it on
_CUBE_SERVER = "@cubejs-backend/server"


def _cube_gateway_mounted(ff: FileFacts) -> tuple[str, int] | None:
    """Cube's API gateway mounted on the service's app: ``core.initApp(app)``
    in a file importing Cube's server core or API gateway, or ``listen()`` of
    the all-in-one ``CubejsServer`` (cube's own server.js, a deployment's
    ``new CubejsServer().listen()``): the gateway serves /readyz and /livez."""
    if ff.lang == "py" or not any(m.startswith("@cubejs-backend/") for m in ff.modules):
        return None
    mounts = find_module([ff], _CUBE_GATEWAYS) is not None
    for c in ff.calls:
        if mounts and c.method == "initApp" and len(c.args) == 1 and not c.new and _may_be_cube_core(ff, c):
            return ff.path, c.line
        if c.method == "listen" and _is_cube_server(c.recv_type):
            return ff.path, c.line
    return None


def _may_be_cube_core(ff: FileFacts, c: Call) -> bool:
    """The receiver of ``initApp`` may be Cube's core or gateway: an instance
    of one (``CubejsServerCore.create()``), a member its class sets
    (``this.core``, made by a method) or a local of unknown origin; not a
    project module, another package or an instance of another class."""
    if c.recv_type:
        return c.recv_type.startswith((*_CUBE_GATEWAYS, "this."))
    spec = ff.imports.get(c.recv.split(".", 1)[0])
    return spec is None or spec.startswith(_CUBE_GATEWAYS)


def _is_cube_server(recv_type: str) -> bool:
    """An instance of ``@cubejs-backend/server``'s default export or its ``CubejsServer``."""
    return recv_type.removesuffix(".default").removesuffix(".CubejsServer") == _CUBE_SERVER


# a route module's exported path: a regex literal (`/^\\/status$/`) or a quoted string
_EXPORTED_PATH = lazy_re(r"""^/(.+)/[a-z]*$|^(['"`])(/[^'"`]*)\2$""")


def _route_module_health(ff: FileFacts) -> tuple[str, int] | None:
    """A module that is one route of a server loading its route modules by
    type (TiddlyWiki's ``module-type: route``: ``exports.methods = ["GET"]``,
    ``exports.path = /^\\/status$/``, ``exports.handler = function...``): a
    health path answering GET, with a handler function of its own."""
    exports = ff.extra.get("exports") if ff.extra and ff.lang != "py" else None
    if not isinstance(exports, dict):
        return None
    m = _EXPORTED_PATH.match(str(exports.get("path", "")))
    methods = re.findall(r"""['"`](\w+)['"`]""", str(exports.get("methods") or exports.get("method") or ""))
    handler = next((f for f in ff.funcs if exports.get("handler") in (f.id, f.name) and not f.parent and not f.cls), None)
    if m is None or handler is None or not any(_answers_get(verb) for verb in methods):
        return None
    return (ff.path, handler.line) if is_health_path(m.group(1) or m.group(3)) else None


def _named_for_health_route(path: str) -> bool:
    """A file whose path is a health route's (a file-based route:
    ``pages/api/health.ts``, React Router's ``app/routes/api.health.ts``) or
    whose own name is (``api/ping.js``, ``routes/healthz.py``): worth parsing
    to look for one."""
    # (the three names below are made of the path's characters, less some that
    # is_health_path drops too or React Router's brackets: a path with no
    # health word once those are gone has none of them)
    if not _ANY_HEALTH_WORD.search(PATH_CHARS.sub("", path.replace("[", "").replace("]", "")).lower()):
        return False
    stem = path.rsplit(".", 1)[0]
    url = react_router_file_url(path.split("/"))
    return is_health_path(stem) or is_health_path(posixpath.basename(stem)) or (url is not None and is_health_path(url))


# the packages of a React Router (framework mode) or Remix app, which serves
# the route modules of its app/routes folder (not @remix-run/router, the
# client-side router core of react-router-dom)
_REMIX_APP_DEPS = frozenset({
    "@remix-run/dev", "@remix-run/node", "@remix-run/serve", "@remix-run/express", "@remix-run/react",
    "@remix-run/server-runtime", "@remix-run/cloudflare", "@remix-run/deno", "@remix-run/architect",
})


# React Router's route config (app/routes.ts): `route("healthcheck", "routes/healthcheck.tsx")`
_ROUTE_CONFIG_CALLS = frozenset({"@react-router/dev/routes.route", "@remix-run/route-config.route"})


def _react_router_health(project: Project, ff: FileFacts) -> tuple[str, int] | None:
    """A health route of a React Router or Remix app: a ``route(path, file)``
    of its route config with a health path (written without a leading slash),
    or a route module whose place under ``app/routes`` is a health path
    (``app/routes/healthcheck.tsx``, the Remix stacks' ``/healthcheck``) and
    that answers GET (exports a ``loader`` or a default component), in a
    service that depends on React Router's or Remix's server packages."""
    if ff.lang == "py":
        return None
    for c in ff.calls:
        if c.callee in _ROUTE_CONFIG_CALLS and c.args and c.args[0].k == STR and is_health_path(c.args[0].v):
            return ff.path, c.line
    url = react_router_file_url(ff.path.split("/"))
    exports = ff.extra.get("exports") if ff.extra else None
    if url is None or not is_health_path(url) or not isinstance(exports, dict) or not {"loader", "default"} & exports.keys():
        return None
    svc = project.service_of(ff.path)
    if not any(dep.startswith("@react-router/") or dep in _REMIX_APP_DEPS for dep in root_deps(project, svc.root if svc is not None else "")):
        return None
    fn = next((f for f in ff.funcs if f.name == "loader" and not f.parent and not f.cls), None)
    return ff.path, fn.line if fn is not None else 1


ROUTE_KEYS = ("path", "url", "route", "pattern")


# `url + 'health.ashx'`, `domain.url + "/healthz"`: a variable prefix and a literal rest
_CONCAT_PATH = lazy_re(r"""^[A-Za-z_$][\w$.]* ?\+ ?(['"`])([\w./-]*)\1$""")


def _flask_health_endpoint(c: Call) -> bool:
    """A Flask route whose path is only known when the app starts (a variable
    or a call: vantage6's ``path = "/".join([api_base, logger_name(__name__)])``)
    registered for GET under an endpoint named for the health check:
    ``api.add_resource(Health, path, endpoint="health")``. The endpoint is the
    name Flask gives the route: the ``endpoint`` argument, else the resource
    class's name (flask-restful) or the view function's (``add_url_rule``).
    A path with literal text of its own is not judged by its endpoint."""
    view: Val | None
    if c.method == "add_resource" and len(c.args) >= 2:
        paths, view = c.args[1:], c.args[0]
        named = c.kwargs.get("endpoint")
    elif c.method == "add_url_rule" and c.args:
        paths, view = c.args[:1], c.kwargs.get("view_func") or (c.args[2] if len(c.args) > 2 else None)
        named = c.kwargs.get("endpoint") or (c.args[1] if len(c.args) > 1 else None)
    else:
        return False
    if any(p.k not in (IDENT, CALL) for p in paths):
        return False
    methods = c.kwargs.get("methods")
    if methods is not None and methods.items and all(m.k == STR for m in methods.items) and not any(
            _answers_get(m.v) for m in methods.items):
        return False  # methods=("POST",): a probe sends GET
    if named is not None and named.k != NULL:
        name = named.v if named.k == STR else ""
    else:
        name = last_name(view.v.split("@", 1)[0]) if view is not None and view.k in (IDENT, FN) else ""
    return _health_endpoint_name(name)


def _health_endpoint_name(name: str) -> bool:
    """An endpoint or view name that names the health check: ``health``,
    ``healthz``, ``liveness``, or a compound of a health word and the service's
    parts (``api_health``, ``health_check_db``); not a record's (``PatientHealth``)."""
    words = [w for w in re.split(r"[-_.]", name.lower()) if w]
    return bool(words) and (name.strip("_").lower() in HEALTH_WORDS or (
        any(w in _HEALTH_PARTS for w in words) and all(w in _HEALTH_PARTS or w in _INFRA_PARTS for w in words)))


# view names that, at the app's root, name a liveness probe's answer as `/ping` would
_ROOT_PROBE_VIEWS = frozenset({"ping", "alive"})


def _app_root_health_view(project: Project, ff: FileFacts, r: Route) -> bool:
    """A Python route at the root of the app itself (``@app.route("/")`` on a
    Flask, FastAPI... app the project builds, here or in a module it imports)
    that answers GET with a view function named for the health check
    (webhook-server's ``@app.route("/") def ping(): return jsonify({"status":
    "ok"})``): what a probe of the service's address reaches, as a route
    table's ``'/': { get: healthCheck }`` is.  Not a page (``def index()``,
    ``def status()``), nor the root of a blueprint or router, which is mounted
    under a prefix that may name one record (``/pets/<id>/health``)."""
    if ff.lang != "py" or r.path.strip("/") or not r.handler or not _answers_get(r.method):
        return False
    view = r.handler.split("@", 1)[0].rsplit(".", 1)[-1]
    if not (_health_endpoint_name(view) or view.strip("_").lower() in _ROOT_PROBE_VIEWS):
        return False
    return any(d.call is not None and d.call.callee in PY_APPS for d in definitions(project, ff, r.router))


# methods that register a route with its path first (Starlette's and FastAPI's `add_route`)
_NAMED_PATH_VERBS = _ROUTE_VERBS | {"add_route", "add_api_route"}


def _named_path(ff: FileFacts, v: Val, depth: int = 0) -> str:
    """The name a route path is held in: a variable or attribute
    (``config.healthCheck.path``), or the one named argument of the calls that
    wrap it (a prefix helper, ``str()``: ``prepend_backend_path(str(Endpoint.HEALTH))``),
    else ""."""
    if v.k == IDENT:
        return v.v
    if v.k != CALL or depth >= 3 or not 0 <= v.call < len(ff.calls):
        return ""
    named = [a for a in ff.calls[v.call].args if a.k in (IDENT, CALL)]
    return _named_path(ff, named[0], depth + 1) if len(named) == 1 else ""


def _health_via_route_wrapper(project: Project, ff: FileFacts, c: Call) -> bool:
    """``this.registerGetPathPrefix(this.options.healthCheckPath, handler)``: a
    call of the project's own function or method that registers a GET route on
    the server at the path it is handed (its body: ``this.server.get(prefix,
    ...)``), handed a health path or a path named for the health check."""
    if len(c.args) < 2 or c.args[-1].k not in (FN, IDENT, CALL) or c.method in _ROUTE_VERBS or c.new:
        return False
    at = [i for i, a in enumerate(c.args[:-1])
          if (a.k == IDENT and _HEALTH_NAME.search(a.v)) or (a.k == STR and a.v.startswith("/") and is_health_path(a.v))]
    if not at:
        return False
    for tf, f in callee_funcs(project, ff, c):
        shift = 1 if f.cls and f.params and f.params[0] in ("self", "cls") else 0
        params = {f.params[i + shift] for i in at if i + shift < len(f.params)}
        if any(g.func == f.id and g.method in _ROUTE_VERBS and len(g.args) >= 2 and g.args[0].k == IDENT and g.args[0].v in params
               and _SERVER_RECV.search(g.recv) for g in tf.calls):
            return True
    return False


def _prefixed_path(v: Val) -> str:
    """A route path written as a variable prefix and a literal rest, as
    ``/${prefix}rest`` (what ``is_health_path`` reads past the hole), or ''."""
    if v.k == TMPL and v.v.startswith("${"):
        return "/" + v.v
    if v.k == OTHER:
        m = _CONCAT_PATH.match(v.v)
        if m is not None and m.group(2):
            return "/${prefix}" + m.group(2)
    return ""


def _write_verbs_only(c: Call) -> bool:
    """The call's ``method=``/``methods=`` argument names HTTP verbs, none of
    them one a probe sends (GET, HEAD)."""
    for key in ("method", "methods"):
        v = c.kwargs.get(key)
        if v is None:
            continue
        verbs = [x.v for x in (v.items or []) if x.k == STR] if v.k == ARR else [v.v] if v.k == STR else []
        if verbs and len(verbs) == len(v.items or [v]) and all(x.lower() in _WRITE_VERBS for x in verbs):
            return True
    return False


def _answers_get(method: str) -> bool:
    m = method.upper()
    return m in ("", "ANY", "ALL", "GET", "HEAD") or "GET" in m.replace(",", " ").split()


def _table_health_route(ff: FileFacts) -> tuple[str, int] | None:
    """A health route in a route table the file keeps as a module-level
    constant (``[{verb: 'get', path: '/_healthCheck', handler}, ...]``,
    registered in a loop), or a handler map keyed by path whose GET handler
    is named for the health check (``'/': { get: healthCheck }``)."""
    got = table_route(ff, is_health_path) or _method_map_health_route(ff) or _returned_table_health_route(ff)
    if got is not None:
        return got
    for name, val in ff.consts.items():
        if name.startswith("/") and val.k == OBJ and val.keys:
            for verb in ("get", "GET", "head", "HEAD"):
                h = val.keys.get(verb)
                if h is not None and h.k in (FN, IDENT) and _HEALTH_NAME.search(h.v.split("@", 1)[0].rsplit(".", 1)[-1]):
                    return ff.path, val.line or h.line or 1
    return None


def _method_map_health_route(ff: FileFacts) -> tuple[str, int] | None:
    """A health path answering GET in a module-level route table keyed by path
    whose every entry is keyed by HTTP method (appium's W3C routes:
    ``{'/session': {POST: {...}}, '/status': {GET: {command: 'getStatus'}}}``,
    registered in a loop over paths and methods)."""
    for table in ff.consts.values():
        routes = table.keys if table.k == OBJ and table.keys else {}
        if len(routes) < 2 or not all(path.startswith("/") and _verb_map(v) for path, v in routes.items()):
            continue
        for path, methods in routes.items():
            if is_health_path(path) and any(_answers_get(verb) for verb in methods.keys or {}):
                return ff.path, methods.line or table.line or 1
    return None


# the keys under which a route table's entry names the function that serves it
_HANDLER_KEYS = frozenset({"endpoint", "handler", "view", "view_func", "func", "callback", "controller", "resource", "action"})


def _returned_table_health_route(ff: FileFacts) -> tuple[str, int] | None:
    """A health path answering GET in a route table a function returns
    (chancy's ``ApiPlugin.routes()``: ``[{"path": "/health", "endpoint":
    self.health, "methods": ["GET"]}, ...]``, mounted by the code that asks
    each plugin for its routes): an entry that names the function serving it,
    not a list of links (``{"url": "/status", "title": "Status"}``)."""
    for item in (ff.extra or {}).get("route_table_returns", ()) or ():
        if not isinstance(item, list) or len(item) != 2:
            continue
        for entry in from_json("Val", item[1]).items or ():
            keys = entry.keys or {} if entry.k == OBJ else {}
            if not any(k in _HANDLER_KEYS and v.k in (IDENT, FN, CALL) for k, v in keys.items()):
                continue
            methods = keys.get("methods")
            if methods is not None and methods.k == ARR and not any(m.k == STR and _answers_get(m.v) for m in methods.items or ()):
                continue
            for k in ROUTE_KEYS:
                p = keys.get(k)
                if p is not None and p.k == STR and p.v.startswith("/") and is_health_path(p.v):
                    return ff.path, p.line or entry.line or 1
    return None


def _verb_map(v: Val) -> bool:
    """``{GET: ..., DELETE: ...}``: entries keyed by HTTP method only."""
    return v.k == OBJ and bool(v.keys) and all(verb.lower() in HTTP_VERBS for verb in v.keys or {})


def table_route(ff: FileFacts, wanted: Callable[[str], bool]) -> tuple[str, int] | None:
    """The first path of a module-level route table that ``wanted`` accepts."""
    for val in ff.consts.values():
        stack, seen = [val], 0
        while stack and seen < 5000:
            v = stack.pop()
            seen += 1
            if v.k == OBJ and v.keys:
                for k in ROUTE_KEYS:
                    p = v.keys.get(k)
                    if p is not None and p.k == STR and p.v.startswith("/") and wanted(p.v):
                        return ff.path, p.line or val.line or 1
                stack.extend(v.keys.values())
            elif v.items:
                stack.extend(v.items)
    return None


def _strings(v: Val, depth: int = 0) -> Iterable[str]:
    """The strings of a call argument that may name a route, not those under a key
    that lists paths a middleware leaves alone (``{"exclude_paths": ["/healthz"]}``)."""
    if depth > 6:
        return
    if v.k in (STR, TMPL):  # f"{BASE_ROUTE}/health", `${prefix}/healthz`
        yield v.v
    for k, x in (v.keys or {}).items():
        if k.startswith("/"):
            yield k  # DispatcherMiddleware(app, {"/healthcheck": hc_app}): a mount path
        if not _EXEMPTION_FN.search(k):
            yield from _strings(x, depth + 1)
    for x in v.items or []:
        yield from _strings(x, depth + 1)


def _probed(project: Project, unit: Unit) -> bool:
    """A Dockerfile HEALTHCHECK or a compose healthcheck of this service that
    requests a health path (a Dockerfile in an example folder of the service,
    shiny's code-editor sample ``examples/code-editor/examples/docker.dockerfile``,
    probes the example's app, not the service)."""
    for ff, _line, text in unit_commands(project, unit):
        if is_demo_path(ff.path[len(unit.root):]):
            continue
        if text.upper().startswith("HEALTHCHECK") and (_mentions_health_url(text) or _probe_script_requests_health(project, unit, text)):
            return True
    for cs in compose_for(project, unit):
        hc = cs.value("healthcheck")
        if isinstance(hc, dict):
            test = hc.get("test")
            text = " ".join(str(t) for t in test) if isinstance(test, list) else str(test or "")
            if _mentions_health_url(text):
                return True
    return False


def _paste_health_check(project: Project, unit: Unit) -> bool:
    """oslo.middleware's health check mounted by the service's Paste Deploy
    configuration (designate's etc/designate/api-paste.ini: ``/healthcheck:
    healthcheck`` in its urlmap, ``[app:healthcheck]`` built by
    ``oslo_middleware:Healthcheck.app_factory``), outside example folders."""
    return any(ff.extra.get("health_mounts") for ff in unit_text_files(project, unit)
               if ff.extra and not is_demo_path(ff.path[len(unit.root):]))


def _builds_oslo_healthcheck(files: list[FileFacts]) -> bool:
    """oslo.middleware's health check built through the package's top-level
    export, ``import oslo_middleware`` then ``oslo_middleware.Healthcheck(app,
    conf)`` (the class Paste's ``oslo_middleware:Healthcheck.app_factory``
    names): the import alone, of the package, is no health check."""
    return any(c.callee == "oslo_middleware.Healthcheck" or c.callee.startswith("oslo_middleware.Healthcheck.")
               for ff in files if ff.lang == "py" for c in ff.calls)


def _mentions_health_url(text: str) -> bool:
    return any(is_health_path(m.group(0)) for m in re.finditer(r"/[\w./-]*", text))


_SCRIPT_ARG = lazy_re(r"[\w./-]+\.(?:js|mjs|cjs|ts|py|sh)\b")


def _probe_script_requests_health(project: Project, unit: Unit, text: str) -> bool:
    """A HEALTHCHECK that runs one of the service's own scripts (redis-commander's
    ``CMD ["/redis-commander/bin/healthcheck.js"]``, ``node healthcheck.js``)
    which requests a health path: the script's request URL (an argument of one
    of its calls, ``http.get(`http://${host}:${port}/healthcheck`)``, or a
    ``path:`` in its options) or, for a shell script, one of its commands. The
    container path names the file by its path inside the service, or ends
    with it; a script that requests another path, or is not in the service,
    does not count."""
    for m in _SCRIPT_ARG.finditer(text):
        arg = m.group(0).removeprefix("./")
        for ff in (*unit.files, *unit_text_files(project, unit)):
            if unit.root and not ff.path.startswith(unit.root + "/"):
                continue
            rel = ff.path[len(unit.root) + 1:] if unit.root else ff.path
            if arg != rel and not arg.endswith("/" + rel):
                continue
            if ff.lang == "text":
                if any(_mentions_health_url(str(cmd)) for _line, cmd in ff.commands):
                    return True
            elif any(_requests_health(a) for c in ff.calls for a in c.args):
                return True
    return False


def _requests_health(v: Val, depth: int = 0) -> bool:
    """A string or template in a call argument (or in an options object it
    passes) that is a URL or an absolute path naming a health route."""
    if depth > 3:
        return False
    if v.k in (STR, TMPL):
        s = str(v.v)
        return ("://" in s or s.startswith("/")) and _mentions_health_url(s)
    return any(_requests_health(x, depth + 1) for x in (*(v.keys or {}).values(), *(v.items or [])))


def _worker_sidecar(project: Project, unit: Unit, entry: Entry) -> bool:
    """A worker that runs a bare ``http.createServer`` (metrics, probes) is not
    an HTTP service; nor is a Python worker whose only HTTP servers are
    stdlib ones exposing its Prometheus metrics (``_py_metrics_server``:
    dramatiq's Prometheus middleware, forked beside the worker processes)."""
    entries = entry_points(project, unit)
    if not any(e.kind == WORKER and e.tier <= 2 for e in entries):
        return False
    if entry.ff.lang == "py":
        return all(_py_metrics_server(project, e) for e in entries if e.kind == HTTP)
    c = entry.call
    bare = c is not None and (c.callee.endswith("createServer") or c.recv_type.endswith("createServer"))
    return bare and not any(r.path != "/metrics" for ff in unit.files for r in ff.routes)


_PROM_HANDLERS = frozenset({"prometheus_client.MetricsHandler", "prometheus_client.exposition.MetricsHandler"})


# what a hand-written handler may do besides calling prometheus_client: write its response
# (and measure it: `self.send_header("Content-Length", str(len(output)))`)
_HANDLER_WRITES = frozenset({"send_response", "send_header", "end_headers", "write", "flush"})


_MEASURES = frozenset({"len", "str"})


def _py_metrics_server(project: Project, entry: Entry) -> bool:
    """``serve_forever()`` of an ``http.server`` server built in the same
    function with a request handler that only exposes Prometheus metrics:
    prometheus_client's ``MetricsHandler``, or a handler class of the file
    whose ``do_*`` methods call ``generate_latest`` and otherwise only
    prometheus_client and the response writes, testing nothing (dramatiq's
    ``HTTPServer((HTTP_HOST, HTTP_PORT), _metrics_handler).serve_forever()``,
    its ``do_GET`` writing the multiprocess registry).  A handler that tests
    its path or calls anything else serves more than metrics."""
    ff, call = entry.ff, entry.call
    if call is None or call.method != "serve_forever" or not call.recv or not call.recv_type.startswith("http.server."):
        return False
    made = [c for c in ff.calls if c.assigned == call.recv and c.func == call.func and c.line <= call.line]
    if not made:
        return False
    handler = made[-1].args[1] if len(made[-1].args) >= 2 else made[-1].kwargs.get("RequestHandlerClass")
    if handler is None or handler.k != IDENT:
        return False
    if handler.v in _PROM_HANDLERS:
        return True
    verbs = [f for f in methods_of(ff, handler.v) if f.name.startswith("do_")]
    if not verbs or not any(isinstance(k, dict) and k.get("name") == handler.v for k in (ff.extra or {}).get("classes", ())):
        return False
    tested = {cmp[1] for cmp in (ff.extra or {}).get("compares", ()) or () if isinstance(cmp, list) and len(cmp) > 1}
    for f in verbs:
        body = project.calls_in(ff, f.id)
        if f.id in tested or any(project.nested_funcs(ff, f.id)):
            return False
        if not any(c.method == "generate_latest" and c.callee.startswith("prometheus_client.") for c in body):
            return False
        if not all(c.callee.startswith("prometheus_client.") or c.callee in _MEASURES
                   or (c.recv.split(".", 1)[0] == "self" and c.method in _HANDLER_WRITES) for c in body):
            return False
    return True


def _health_server(project: Project, entry: Entry) -> bool:
    """The HTTP server is itself the health check: started in a module, a
    class or a function named for it (n8n's task runner: ``class
    HealthCheckServer`` in health-check-server.js answers 200 on every path;
    kopf's ``async def health_reporter(endpoint)`` serves the liveness path
    the operator is started with)."""
    stem = entry.ff.path.rsplit("/", 1)[-1].split(".", 1)[0]
    if "health" in stem.lower():
        return True
    fn = project.func_of(entry.ff, entry.call) if entry.call is not None else None
    return (fn is not None and ("health" in fn.cls.lower() or "health" in fn.name.lower()) or _answers_ok_to_all(project, entry)
            or _py_get_answers_ok_to_all(project, entry))


_NODE_SERVERS = frozenset({"http.createServer", "https.createServer", "node:http.createServer", "node:https.createServer"})


_RESPONSE_WRITES = frozenset({"writeHead", "setHeader", "write", "end"})


def _answers_ok_to_all(project: Project, entry: Entry) -> bool:
    """The service's raw Node server answers every request with the same
    success, whatever its path (y-websocket-server's ``http.createServer((_request,
    response) => { response.writeHead(200, ...); response.end('okay') })``, its
    WebSockets upgraded on the side): a probe of ``/healthz`` gets 200 as from a
    ``/ping`` route.  The request listener, defined inline, only writes to its
    response: ``writeHead`` with a 2xx status, then ``end``; no other call, no
    comparison, no function inside it (one that branches on the request or
    answers an error is no such server)."""
    ff, call = entry.ff, entry.call
    if ff.lang == "py" or call is None:
        return False
    for c in ff.calls:
        if c.callee not in _NODE_SERVERS or not c.args or c.args[-1].k != FN:
            continue
        if c is not call and not (c.assigned and c.assigned == call.recv):
            continue  # (the server the service starts: `const server = http.createServer(...)`, then `server.listen(...)`)
        fn = project.fn_target(ff, c.args[-1])
        if fn is None or len(fn.params) < 2 or project.nested_funcs(ff, fn.id):
            continue
        body = project.calls_in(ff, fn.id, nested=False)
        if any(d.recv != fn.params[1] or d.method not in _RESPONSE_WRITES for d in body):
            continue
        if any(isinstance(cmp, list) and len(cmp) > 1 and cmp[1] == fn.id for cmp in (ff.extra or {}).get("compares", ())):
            continue
        heads = [d for d in body if d.method == "writeHead"]
        if heads and all(d.args and d.args[0].k == NUM and d.args[0].v[:1] == "2" and len(d.args[0].v) == 3 for d in heads) \
                and any(d.method == "end" for d in body):
            return True
    return False


# what a stdlib handler's GET may do besides writing its response: serialize and
# measure it (`data = json.dumps(body).encode()`, `str(len(data))`)
_PY_ANSWER_PREP = frozenset({"json.dumps", "len", "str", "encode", "bytes"})


def _py_get_answers_ok_to_all(project: Project, entry: Entry) -> bool:
    """``serve_forever()`` of an ``http.server`` server built in the same
    function with a request handler of the file whose ``do_GET`` answers every
    GET with the same 2xx, whatever its path (metaflow's devstack EventBridge
    stub: ``def do_GET(self): self._send_json(200, {"status": "ok"})``): a
    probe of ``/healthz`` gets 200 as from a ``/ping`` route.  ``do_GET`` and
    the handler methods it calls (``self._send_json(200, ...)``) test nothing,
    define no function and only write the response (``send_response``,
    ``send_header``, ``end_headers``, ``wfile.write``) and serialize it; each
    ``send_response`` status is a 2xx literal, or a parameter ``do_GET``
    passes one.  A handler that reads or tests its path, or calls anything
    else, may answer some paths otherwise."""
    ff, call = entry.ff, entry.call
    if ff.lang != "py" or call is None or call.method != "serve_forever" or not call.recv or not call.recv_type.startswith("http.server."):
        return False
    made = [c for c in ff.calls if c.assigned == call.recv and c.func == call.func and c.line <= call.line]
    handler = (made[-1].args[1] if len(made[-1].args) >= 2 else made[-1].kwargs.get("RequestHandlerClass")) if made else None
    if handler is None or handler.k != IDENT:
        return False
    methods = {f.name: f for f in methods_of(ff, handler.v)}
    get = methods.get("do_GET")
    if get is None or not get.params:
        return False
    tested = {cmp[1] for cmp in (ff.extra or {}).get("compares", ()) or () if isinstance(cmp, list) and len(cmp) > 1}
    me = get.params[0]

    def plain(fn_id: str) -> bool:
        return fn_id not in tested and not any(project.nested_funcs(ff, fn_id))

    def two_xx(v: Val | None) -> bool:
        return v is not None and v.k == NUM and len(v.v) == 3 and v.v[:1] == "2"

    if not plain(get.id):
        return False
    answered = False
    for c in project.calls_in(ff, get.id):
        if c.recv == me and c.method == "send_response":
            if not (c.args and two_xx(c.args[0])):
                return False
            answered = True
        elif c.recv in (me, f"{me}.wfile") and c.method in _HANDLER_WRITES:
            continue
        elif c.callee in _PY_ANSWER_PREP or c.method in _PY_ANSWER_PREP:
            continue
        elif c.recv == me and c.method in methods and not c.method.startswith("do_"):
            helper = methods[c.method]
            if not plain(helper.id) or not helper.params or any(a.k == OTHER and a.v.startswith("*") for a in c.args):
                return False
            given = dict(zip(helper.params[1:], c.args, strict=False))
            given.update(c.kwargs)
            for d in project.calls_in(ff, helper.id):
                if d.recv == helper.params[0] and d.method == "send_response":
                    status = d.args[0] if d.args else None
                    if status is not None and status.k == IDENT:
                        status = given.get(status.v)
                    if not two_xx(status):
                        return False
                    answered = True
                elif not (d.recv in (helper.params[0], f"{helper.params[0]}.wfile") and d.method in _HANDLER_WRITES
                          or d.callee in _PY_ANSWER_PREP or d.method in _PY_ANSWER_PREP):
                    return False
        else:
            return False
    return answered


# `req.method === 'GET'` (either way round): the test of a request's method alone
_GET_TEST = lazy_re(r"""^(?:(?:req|request)\.method\s*===?\s*(['"])GET\1|(['"])GET\2\s*===?\s*(?:req|request)\.method)$""")


# an answer that says the process is healthy: 'healthy: dynamodb.us-east-1.amazonaws.com ', 'OK', 'pong'
_HEALTHY_BODY = lazy_re(r"(?i)^\W*(?:healthy|okay|ok|alive|pong)\b")


_RESPONSE = lazy_re(r"^(?:res|resp|response)$")


def _get_answered_healthy(ff: FileFacts) -> tuple[str, int] | None:
    """A raw Node server whose request listener answers every GET, whatever its
    path, by saying it is healthy (dynalite's index.js: ``if (req.method ==
    'GET') { ...; return res.end('healthy: dynamodb.us-east-1.amazonaws.com ')
    }``, DynamoDB's own health check): a probe of ``/healthz`` gets 200 as from
    a ``/ping`` route.  The ``if`` tests the method alone (no other comparison
    or call in its condition: ``req.method === 'GET' && req.url === '/metrics'``
    answers one path), and its body ends the response with a literal that says
    so (healthy, OK, okay, alive, pong), sets no other status than a 2xx one and
    reads nothing of the request's path."""
    if not any(c.callee in _NODE_SERVERS for c in ff.calls):
        return None
    compares = [cmp for cmp in (ff.extra or {}).get("compares", ()) if isinstance(cmp, list) and len(cmp) >= 3]
    for line, fn, text in ((int(cmp[0]), str(cmp[1]), str(cmp[2])) for cmp in compares):
        if _GET_TEST.match(text) is None:
            continue
        arms = [b for b in (ff.extra or {}).get("branches", ()) if b[0] == line and b[2] == 0]
        if len(arms) != 1:
            continue
        _bl, bc, _arm, sl, sc, el, ec = arms[0]
        if sum(1 for cmp in compares if line <= int(cmp[0]) <= sl and str(cmp[1]) == fn) > 1:
            continue  # another test in the condition
        if any(c.func == fn and (line, bc) <= (c.line, c.col) < (sl, sc) for c in ff.calls):
            continue  # `req.method === 'GET' && isProbe(req)`
        body = [c for c in ff.calls if c.func == fn and (sl, sc) <= (c.line, c.col) < (el, ec)]
        if any(".url" in c.text or ".path" in c.text for c in body):
            continue
        if any(c.method == "writeHead" and not (c.args and c.args[0].k == NUM and c.args[0].v[:1] == "2") for c in body):
            continue
        if any(c.method == "end" and _RESPONSE.match(c.recv) and len(c.args) == 1 and c.args[0].k == STR
               and _HEALTHY_BODY.match(c.args[0].v) for c in body):
            return ff.path, line
    return None


# database and Redis clients: what a health check would find dead (not an
# embedded SQLite library, sqlite3/better-sqlite3: a local file, no connection
# to lose; datasette serves its SQLite files through Python's sqlite3; nor
# peewee when all its databases are SQLite ones, `_peewee_sqlite_only`)
_DATABASES = (
    "pg", "pg-pool", "postgres", "mysql", "mysql2", "mariadb", "knex", "sequelize", "typeorm", "@prisma/client", "mongoose", "mongodb",
    "@mikro-orm/", "drizzle-orm", "kysely",
    "sqlalchemy", "psycopg2", "psycopg", "asyncpg", "aiopg", "pymysql", "MySQLdb", "aiomysql", "django.db", "peewee", "tortoise",
    "pymongo", "motor", "sqlmodel", "databases", "flask_sqlalchemy", "mongoengine",
)


_DATABASES_BUT_PEEWEE = tuple(name for name in _DATABASES if name != "peewee")


_REDIS_CLIENTS = ("ioredis", "redis", "@redis/", "bullmq", "bull", "aioredis", "redis.asyncio", "celery", "rq")


# a peewee/playhouse database class (``peewee.PostgresqlDatabase``,
# ``playhouse.pool.PooledMySQLDatabase``, ``playhouse.sqliteq.SqliteQueueDatabase``)
# or playhouse's URL factories (``db_url.connect``, Flask's ``FlaskDB`` reading
# DATABASE), and those of them that open a SQLite file
_PEEWEE_DB = lazy_re(r"(?:peewee|playhouse)\.(?:\w+\.)*(?:\w*Database|db_url\.connect|flask_utils\.FlaskDB)")
_PEEWEE_SQLITE = lazy_re(r"Sqlite|APSW|SqlCipher")


def _peewee_sqlite_only(files: list[FileFacts]) -> bool:
    """The service's peewee databases are all embedded SQLite files (pantalaimon's
    store.py: ``SqliteDatabase(self.database_path, ...)``, client.py:
    ``SqliteQueueDatabase(...)``): some peewee database class is imported or
    built in its files and none of them is a server database (Postgres, MySQL,
    CockroachDB, a ``db_url.connect`` or ``FlaskDB`` URL). A service that names no database
    class (a ``DatabaseProxy`` set up elsewhere) is not known to be SQLite."""
    names = {spec for ff in files for spec in (*ff.imports.values(), *(c.callee for c in ff.calls)) if _PEEWEE_DB.fullmatch(spec)}
    return bool(names) and all(_PEEWEE_SQLITE.search(name.rsplit(".", 1)[-1]) for name in names)


def _dead_connections(project: Project, entry: FileFacts, files: list[FileFacts]) -> str:
    """What a dead dependency of the service is called: 'database', 'Redis',
    both, or ''. Only the server's own code counts: the entry file, files
    with routes or a server start, and modules another project file imports;
    not a module nothing imports, a plugin offered to the package's users
    (locust's ``contrib/postgres.py``, a load-test user that queries the
    database under test, is not the web UI's own connection)."""
    importers = importers_of(project)
    own = [ff for ff in files if ff is entry or ff.path in importers or ff.routes or entry_calls(ff)]
    databases = _DATABASES_BUT_PEEWEE if _peewee_sqlite_only(files) else _DATABASES
    found = [what for what, mods in (("database", databases), ("Redis", _REDIS_CLIENTS)) if find_module(own, mods) is not None]
    return " or ".join(found)


@check("RS903")
def no_health_endpoint(project: Project) -> Iterable[Hit]:
    for unit in units(project):
        entry = entry_point(project, unit, [HTTP])
        if entry is None or _worker_sidecar(project, unit, entry) or _health_server(project, entry):
            continue
        if _health_route(project, unit) is not None:
            continue
        if find_module(unit.files, JS_HEALTH_LIBS + PY_HEALTH_LIBS) is not None or uses_dependency(project, unit, JS_HEALTH_LIBS):
            continue
        if _probed(project, unit) or _paste_health_check(project, unit) or _builds_oslo_healthcheck(unit.files):
            continue
        dead = _dead_connections(project, entry.ff, unit.files)
        broken = f"an instance whose {dead} connection is dead" if dead else "an instance that is up but stuck (a hung event loop, every worker busy)"
        msg = (
            f"{capitalized(unit.label)} is an HTTP service (`{entry.what}` in {entry.ff.path}) with no health endpoint "
            "(no /health, /healthz, /readyz or /ping route and no health-check library): the orchestrator or load balancer can only see "
            f"that the port is open, so {broken} keeps receiving traffic and is never restarted"
        )
        c = entry.call
        yield Hit("RS903", entry.ff.path, entry.line, msg, column=entry.col,
                  end_line=c.end_line if c is not None else 0, end_column=c.end_col if c is not None else 0, anchor=unit.anchor())


__all__ = ["no_health_endpoint", "is_health_path"]
