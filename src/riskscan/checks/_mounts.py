"""Where a Python route is served: its path with the prefix another module
mounts its router at (Flask blueprints' ``url_prefix``, FastAPI's
``include_router(prefix=...)``, Django ``include()``), and route paths given
as another module's constant.  Shared by the rules that name or judge a
route by its path (RS501, RS402)."""

from __future__ import annotations

from ..facts import CALL, IDENT, STR, Call, FileFacts, Route, Val
from ..frontends import RESTFUL_APIS
from ..lazyre import lazy_re
from ..project import Project
from ._compose_model import dev_named_file
from ._guards import _WSGI_WRAPPERS, _asgi_app
from ._memo import per_file, per_project
from ._reach import enclosing_class
from ._resolve import last_name, module_and_attr, py_modules
from ._routes import auth_urlconf, project_class


def join_path(a: str, b: str, keep_slash: bool = True) -> str:
    """``a`` then ``b`` as one path, ending as the inner one ends: a Django URLconf
    matches the slash as written (``v1/`` + ``auth/login/`` serves
    ``/v1/auth/login/``, and a POST to ``/v1/auth/login`` does not get there);
    an inner ``/`` or nothing keeps the outer path's ending.  ``keep_slash=False``
    drops the final slash, as the finding's anchor has always had it."""
    parts = [p for p in (a + "/" + b).split("/") if p]
    slash = "/" if keep_slash and parts and (b if b.strip("/") else a).endswith("/") else ""
    return "/" + "/".join(parts) + slash


# (file, router or app variable) -> [(the router or app including it, if known, the prefix it adds)]
_Edges = dict[tuple[str, str], list[tuple[tuple[str, str] | None, str]]]


@per_project
def py_mounts(project: Project) -> dict[tuple[str, str], list[str]]:
    """(file, router variable) -> the prefixes other modules mount it at:
    ``app.register_blueprint(jwtauth, url_prefix="/auth")`` after
    ``from .api.auth import jwtauth``, FastAPI's ``include_router(r, prefix=...)``
    (a mount in the router's own file is joined by the frontend), after the
    prefix the includer is itself served at (a router included in a router, a
    FastAPI app mounted in another with ``app.mount("/v3/compute", sub_app)``)."""
    out: dict[tuple[str, str], list[str]] = {}
    includers: dict[str, list[tuple[str, str]]] = {}  # Django URLconf -> (the URLconf including it, at prefix)
    # router -> (the router or app including it, the prefix it adds): what the
    # includer's own mount puts before both (gns3-server's `users.router` at
    # `/access/users` in a router that the app includes at `/v3`)
    edges: _Edges = {}
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for c in ff.calls:
            if c.method == "mount":
                _sub_app_edge(project, ff, c, edges)
                continue
            if c.method == "add_subapp":
                _aiohttp_subapp_edge(project, ff, c, edges)
                continue
            if c.method not in ("register_blueprint", "include_router") or not c.args or c.args[0].k != IDENT:
                continue
            given = c.kwargs.get("url_prefix") or c.kwargs.get("prefix")
            if given is not None and given.k != STR:
                continue
            prefix = given.v if given is not None else ""
            outer = (ff.path, c.recv) if c.recv.isidentifier() else None
            # (a FastAPI router adds its own prefix to every route it includes:
            # infrahub's `router = APIRouter(prefix="/api")` then
            # `router.include_router(auth.router)` serves `/auth/login` at `/api/auth/login`)
            includer = _own_router_prefix(ff, c)
            name = c.args[0].v  # import-resolved: './pkg/api/auth.jwtauth', 'pkg.api.auth.jwtauth'
            if "." not in name:
                # the router's own file: its include's prefix is already joined, not its includer's
                edges.setdefault((ff.path, name), []).append((outer, includer))
                continue
            if includer:
                prefix = join_path(includer, prefix) if prefix else includer
            target = module_and_attr(project, name)
            if target is not None and target[0] is not ff and target[1] and "." not in target[1]:
                edges.setdefault((target[0].path, target[1]), []).append((outer, prefix))
                continue
            held = _held_router(project, ff, c, name)
            if held is not None:
                edges.setdefault(held, []).append((outer, prefix))
        # Django: `path("password_reset/", include("app.pwreset_urls"))` (or the
        # imported module) puts every route of the project's URLconf under the prefix
        for inc in ff.extra.get("django_includes", ()) or () if ff.extra else ():
            mod = str(inc.get("module", "")) if isinstance(inc, dict) else ""
            if not mod or auth_urlconf(mod):
                continue
            conf = project.module_file(mod) if mod.startswith("./") else py_modules(project).get(mod)
            if conf is not None and conf is not ff and conf.lang == "py":
                includers.setdefault(conf.path, []).append((ff.path, str(inc.get("prefix", ""))))

    served: dict[tuple[str, str], list[str]] = {}

    def full(key: tuple[str, str]) -> list[str]:
        """The prefixes ``key`` is served at: each mount's own, after its
        includer's when that one is served at a single known prefix."""
        if key not in served:
            served[key] = []  # (a router that ends up including itself adds nothing)
            got: list[str] = []
            for outer, prefix in edges.get(key, ()):
                above = set(full(outer)) if outer is not None else set()
                got.append(join_path(above.pop(), prefix) if len(above) == 1 else prefix)
            served[key] = [p for p in got if p]
        return served[key]

    for key in edges:
        prefixes = full(key)
        if prefixes:
            out[key] = prefixes

    # the project's Django application served inside a Starlette/FastAPI app
    # (khoj's `app.mount("/server", get_asgi_application())`): its root URLconf
    # answers under that prefix, and so does every URLconf it includes
    for conf, prefix in _asgi_mounted_urlconfs(project):
        includers.setdefault(conf.path, []).append(("", prefix))

    def chained(path: str, depth: int) -> list[str]:
        """The full prefixes of a URLconf: its includers' own, joined (argus:
        ``api/v2/`` then ``auth/token/``)."""
        if depth > 5 or path not in includers:
            return [""]
        return [join_path(outer, prefix) if outer else prefix for parent, prefix in includers[path] for outer in chained(parent, depth + 1)]

    for path in includers:
        out.setdefault((path, "urls"), []).extend(dict.fromkeys(chained(path, 0)))
    return out


_DJANGO_APPS = frozenset({"django.core.asgi.get_asgi_application", "django.core.wsgi.get_wsgi_application"})


@per_project
def root_urlconfs(project: Project, development: bool) -> list[tuple[str, FileFacts]]:
    """(settings file, the URLconf it names) for every ``ROOT_URLCONF = "pkg.urls"``
    of the project that resolves to one of its modules, in the settings files
    named for development (``settings/dev.py``) or in the others."""
    modules = py_modules(project)
    out: list[tuple[str, FileFacts]] = []
    for path, sf in project.files.items():
        if sf.lang != "py" or dev_named_file(path) != development or not project.may_mention(path, "ROOT_URLCONF"):
            continue
        conf = project.full(sf).consts.get("ROOT_URLCONF")
        target = modules.get(conf.v) if conf is not None and conf.k == STR else None
        if target is not None:
            out.append((path, target))
    return out


def _asgi_mounted_urlconfs(project: Project) -> list[tuple[FileFacts, str]]:
    """(root URLconf, prefix) for a Django application that a Starlette/FastAPI
    app of the same service mounts at a literal prefix: khoj's ``django_app =
    get_asgi_application()`` then ``app.mount("/server", django_app)`` serves
    ``path("admin/", admin.site.urls)`` at ``/server/admin/``.  Also a WSGI
    one wrapped (``WSGIMiddleware(get_wsgi_application())``) and Starlette's
    ``Mount("/server", app=...)``.  The URLconfs are those production settings
    name (``ROOT_URLCONF`` in a file not named for development)."""
    mounts: list[tuple[str, str]] = []
    for path, sf in project.files.items():
        if sf.lang != "py" or not any(project.may_mention(path, n) for n in ("get_asgi_application", "get_wsgi_application")):
            continue
        ff = project.full(sf)
        apps = {c.assigned for c in ff.calls if c.assigned and c.callee in _DJANGO_APPS}
        apps |= {c.assigned for c in ff.calls
                 if c.assigned and last_name(c.callee) in _WSGI_WRAPPERS and c.args and _django_app(project, ff, apps, c.args[0], 1)}
        for c in ff.calls:
            if c.method != "mount" and last_name(c.callee) != "Mount":
                continue
            if not c.args or c.args[0].k != STR or not c.args[0].v.startswith("/"):
                continue
            served = c.kwargs.get("app") or (c.args[1] if len(c.args) > 1 else None)
            if _django_app(project, ff, apps, served, 0):
                mounts.append((path, c.args[0].v))
    if not mounts:
        return []
    out: list[tuple[FileFacts, str]] = []
    for _settings, conf in root_urlconfs(project, False):
        svc = project.service_of(conf.path)
        out.extend((conf, prefix) for path, prefix in mounts if project.service_of(path) is svc and (conf, prefix) not in out)
    return out


def _django_app(project: Project, ff: FileFacts, apps: set[str], v: Val | None, depth: int) -> bool:
    """``v`` is the Django application: a variable of ``apps`` (assigned one),
    ``get_asgi_application()`` itself, or a WSGI wrapper of it."""
    if v is None:
        return False
    if v.k == IDENT:
        return v.v in apps
    c = project.call_of(ff, v) if v.k == CALL else None
    if c is None:
        return False
    if c.callee in _DJANGO_APPS:
        return True
    return depth < 2 and last_name(c.callee) in _WSGI_WRAPPERS and bool(c.args) and _django_app(project, ff, apps, c.args[0], depth + 1)


def _mounted_app(project: Project, ff: FileFacts, mount: Call) -> tuple[FileFacts, str] | None:
    """The variable (its file, its name) a ``mount("/prefix", name)`` call
    mounts, when the prefix is a literal path and the name a plain variable of
    this file or one imported from another."""
    if len(mount.args) < 2 or mount.args[0].k != STR or not mount.args[0].v.startswith("/") or mount.args[1].k != IDENT:
        return None
    name = mount.args[1].v
    target = (ff, name) if "." not in name else module_and_attr(project, name)
    if target is None or not target[1] or "." in target[1]:
        return None
    return target


def _sub_app_edge(project: Project, ff: FileFacts, mount: Call, edges: _Edges) -> None:
    """``app.mount("/v3/compute", compute_api)``: the Starlette/FastAPI app
    ``compute_api`` (made at module level in its own file, or in this one)
    serves its routes, and those of the routers it includes, under the prefix."""
    target = _mounted_app(project, ff, mount)
    if target is None:
        return
    home, attr = target
    if not any(not c.func and c.assigned == attr and _asgi_app(c.callee) for c in home.calls):
        return
    outer = (ff.path, mount.recv) if mount.recv.isidentifier() else None
    edges.setdefault((home.path, attr), []).append((outer, mount.args[0].v))


def _aiohttp_subapp_edge(project: Project, ff: FileFacts, mount: Call, edges: _Edges) -> None:
    """``root.add_subapp("/login", auth_app)``: the aiohttp application
    ``auth_app`` (made once with ``web.Application()``, at module level in its
    own file, or in this one at module level or in the mounting function) serves
    its routes (``auth_app.router.add_post(...)``, ``auth_app.add_routes(...)``)
    under the prefix, after the one ``root`` is itself served at."""
    target = _mounted_app(project, ff, mount)
    if target is None:
        return
    home, attr = target
    # routes are looked up by variable: a name bound to apps in two functions is not known
    made = [c for c in home.calls if c.assigned == attr]
    if len(made) != 1 or made[0].callee != "aiohttp.web.Application" or made[0].func not in ("", mount.func if home is ff else ""):
        return
    outer = (ff.path, mount.recv) if mount.recv.isidentifier() else None
    for key in (attr, f"{attr}.router"):
        edges.setdefault((home.path, key), []).append((outer, mount.args[0].v))


def _own_router_prefix(ff: FileFacts, include: Call) -> str:
    """The ``prefix=`` of the FastAPI ``APIRouter`` an ``include_router`` is
    called on, made in the same scope (``router = APIRouter(prefix="/api")``):
    FastAPI puts it before every route the router includes.  "" for an app, a
    prefix not known here, a name made twice, or a Flask blueprint (whose own
    ``url_prefix`` a registration may replace)."""
    if include.method != "include_router" or not include.recv.isidentifier():
        return ""
    made = [c for c in ff.calls if c.assigned == include.recv and c.func == include.func]
    if len(made) != 1 or last_name(made[0].callee) != "APIRouter":
        return ""
    given = made[0].kwargs.get("prefix")
    return given.v if given is not None and given.k == STR and given.v.strip("/") else ""


def _held_router(project: Project, ff: FileFacts, include: Call, name: str) -> tuple[str, str] | None:
    """The router an ``include_router(tracking.router, prefix=...)`` mounts
    when ``tracking`` is an object of a project class built in the same
    function (``tracking = TrackingRouter(registry)``) and that class keeps
    the router in the member (``self.router = APIRouter()`` in one of its
    methods: aim's tracking server): (the class's file, ``Class:self.router``),
    the key :func:`mounted_path` looks the class's routes up by.  None for
    anything else (a parameter, a name built twice, a member the class does
    not assign itself)."""
    local, _, attr = name.partition(".")
    if not local or not attr.isidentifier():
        return None
    made = [c for c in ff.calls if c.func == include.func and c.assigned == local]
    if len(made) != 1 or made[0].line > include.line:
        return None
    home = project_class(project, ff, made[0].callee)
    if home is None:
        return None
    tf, cls = home
    member = f"self.{attr}"
    if not any(c.assigned == member and c.func and enclosing_class(project, tf, c.func) == cls for c in tf.calls):
        return None
    return tf.path, f"{cls}:{member}"


def _router_key(project: Project, ff: FileFacts, r: Route) -> str:
    """How :func:`py_mounts` names the router of a route: its variable, or
    for a member of the class the route is declared in (``self.router``),
    ``Class:self.router``."""
    member = r.router.removeprefix("self.")
    if member == r.router or not member.isidentifier() or not r.line:
        return _restful_blueprint(project, ff, r.router) or r.router
    inner = max((f for f in project.funcs(ff).values() if f.line <= r.line <= f.end_line), key=lambda f: f.line, default=None)
    cls = enclosing_class(project, ff, inner.id) if inner is not None else ""
    return f"{cls}:{r.router}" if cls else r.router


def _restful_blueprint(project: Project, ff: FileFacts, router: str) -> str:
    """The blueprint of this file a module-level flask-restful / flask-restx
    ``Api`` is built on (waiverdb's ``api = Api(api_v1)``, whose blueprint
    another module registers at ``/api/v1.0``): its resources are served
    wherever that blueprint is mounted; "" for another router."""
    c = _restful_apis(project, ff).get(router)
    if c is None:
        return ""
    app = c.args[0] if c.args else c.kwargs.get("app")
    return app.v if app is not None and app.k == IDENT and app.v.isidentifier() else ""


@per_file
def _restful_apis(project: Project, ff: FileFacts) -> dict[str, Call]:
    """The first module-level construction of a flask-restful / flask-restx
    ``Api`` bound to each name of ``ff``: once per file, not per route."""
    out: dict[str, Call] = {}
    for c in project.calls_in(ff, "", nested=False):
        if c.callee in RESTFUL_APIS:
            out.setdefault(c.assigned, c)
    return out


def mounted_path(project: Project, ff: FileFacts, r: Route, keep_slash: bool = True) -> str:
    """The route's path, with the prefix of the one module that mounts its
    router elsewhere joined in (privacyidea's ``@jwtauth.route('',
    methods=['POST'])`` at ``/auth``; its ``/token`` route at
    ``/machine/token``: a token of a machine, not a sign-in), also when the
    router is a member of a project class whose object is mounted
    (``self.router.add_api_route(...)``, then ``include_router(obj.router,
    prefix=...)``)."""
    if ff.lang != "py":
        return r.path
    path = imported_path(project, r.path)
    prefixes = sorted(set(py_mounts(project).get((ff.path, _router_key(project, ff, r)), ())))
    if len(prefixes) == 1:
        return join_path(prefixes[0], path, keep_slash)
    return path


def imported_router_prefix(project: Project, ff: FileFacts, router: str) -> str:
    """The prefix a router imported from another module was made with there:
    temboard's ``instance_proxy = InstanceProxyBlueprint("instance_proxy",
    __name__, url_prefix="/proxy/<address>/<port>")`` in ``web/flask.py``,
    whose routes a plugin declares with ``@instance_proxy.route(...)``
    (a Flask blueprint's ``url_prefix``, a FastAPI ``APIRouter(prefix=...)``;
    a router of the route's own file is joined by the frontend); "" when not
    known."""
    name = ff.imports.get(router, "") if ff.lang == "py" and router else ""
    target = module_and_attr(project, name) if "." in name else None
    if target is None or target[0] is ff or not target[1] or "." in target[1]:
        return ""
    home, attr = target
    for c in home.calls:
        if c.func or c.assigned != attr:
            continue
        given = c.kwargs.get("url_prefix") or (c.kwargs.get("prefix") if last_name(c.callee) == "APIRouter" else None)
        return given.v if given is not None and given.k == STR else ""
    return ""


_DOTTED = lazy_re(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")


def imported_path(project: Project, path: str) -> str:
    """A route path given as a constant of another module (fidesops'
    ``@router.post(TOKEN)`` with ``TOKEN = "/oauth/token"`` in ``urn_registry``),
    as the string it holds; else ``path`` unchanged."""
    if not _DOTTED.match(path):
        return path
    target = module_and_attr(project, path, value=True)
    if target is None or not target[1] or "." in target[1]:
        return path
    const = target[0].consts.get(target[1])
    return const.v if const is not None and const.k == STR and const.v.startswith("/") else path
