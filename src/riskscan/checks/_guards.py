"""Rate limiters applied above a route: on its router, on a path prefix or app-wide (RS501).

Collected once per service from every file that runs with it:

* JS ``X.use([path], ...limiter)`` (express, koa, connect, hono, NestJS
  ``app.use``), fastify ``register(@fastify/rate-limit)`` (global unless
  ``global: false``), NestJS ``{provide: APP_GUARD, useClass: ThrottlerGuard}``
  and ``useGlobalGuards``, a Next.js ``middleware.(js|ts)`` that limits;
* Python flask-limiter / slowapi ``Limiter(default_limits=...)`` (slowapi
  also needs ``SlowAPIMiddleware``), ``add_middleware``/``Middleware``/aiohttp
  ``middlewares=[...]`` with a limiter, FastAPI/APIRouter/``include_router``
  ``dependencies=[Depends(RateLimiter(...))]``, ``limiter.limit(...)(blueprint)``,
  Django settings (django-axes / django-ratelimit in ``INSTALLED_APPS`` or
  ``MIDDLEWARE``, DRF ``DEFAULT_THROTTLE_CLASSES``).
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from ..facts import ARR, BOOL, CALL, IDENT, NULL, OBJ, STR, TMPL, Call, FileFacts, Route, Val, from_json
from ..lazyre import lazy_re
from ..project import Project, key
from ._credroutes import segments
from ._limiters import Limiters, axes_switched_off, switched_off
from ._memo import per_project
from ._resolve import last_name, module_and_attr, scope_files, split_module, walk_vals

_ROUTER_CTORS = ("Router", "APIRouter", "Blueprint")
_GENERIC_SEGS = frozenset({"api", "v1", "v2", "v3", "v4", "rest", "public", "auth", "account", "accounts", "user", "users", "identity", "login", "session", "sessions", "*", "(.*)"})
# app/router constructors whose dependencies=/middleware(s)= apply to every route they serve
_APP_CTORS = frozenset({"FastAPI", "Starlette", "Application", "APIRouter", "include_router", "Blueprint", "NinjaAPI", "Router", "Sanic", "Litestar"})
_NOT_HTTP = frozenset({"io", "socket", "nsp", "wss", "this.io", "this.server", "namespace"})
_SLOWAPI_MW = ("SlowAPIMiddleware", "SlowAPIASGIMiddleware")
# ASGI apps whose middleware (`add_middleware`, `Middleware(...)`) runs for the requests they serve
_ASGI_MODULES = ("starlette.", "fastapi.")
_ASGI_APPS = frozenset({"Starlette", "FastAPI"})
# ASGI servers an app is handed to (uvicorn.run(app), uvicorn.Config(app), hypercorn's serve(app, config))
_ASGI_RUNNERS = frozenset({"uvicorn.run", "uvicorn.Config", "uvicorn.config.Config", "hypercorn.asyncio.serve", "hypercorn.trio.serve"})
# what hands a WSGI app to an ASGI app (a2wsgi's, Starlette's and FastAPI's WSGIMiddleware, asgiref's WsgiToAsgi)
_WSGI_WRAPPERS = frozenset({"WSGIMiddleware", "WsgiToAsgi"})
# route frameworks that serve WSGI apps (Quart, an ASGI app, is read as flask: its import tells them apart)
_WSGI_FRAMEWORKS = frozenset({"flask", "werkzeug", "pyramid"})


@dataclass
class Guard:
    path: str  # file that applies it
    line: int
    recv: str  # receiver the limiter is mounted on ('' = process-wide)
    prefix: str | None  # path prefix it is scoped to (None = every path)
    router_scoped: bool  # mounted on a router object, not on the app
    label: str  # e.g. "app.use(limiter)"
    framework: str = ""  # restrict to a framework ('' = any)
    func: str = ""  # enclosing function of the registering call ('' = module level)
    owner: str = ""  # Python router guards: file that defines the router object ('' = unknown)


# Flask-AppBuilder's switch for its sign-in view's rate limit
_FAB_AUTH_LIMIT = "AUTH_RATE_LIMITED"
_FAB_AUTH_ITEM = lazy_re(r"""\[\s*['"]AUTH_RATE_LIMITED['"]\s*\]$""")


def _router_vars(ff: FileFacts) -> set[str]:
    out: set[str] = set()
    for c in ff.calls:
        if c.assigned and (last_name(c.callee) in _ROUTER_CTORS or c.callee in ("koa-router", "@koa/router", "express.Router", "router")):
            out.add(c.assigned)
    return out


def _slowapi_mw(val: Val) -> bool:
    """slowapi's middleware only applies the Limiter's default limits: judged with the Limiter."""
    return any(v.k in (IDENT, CALL) and last_name(v.v) in _SLOWAPI_MW for v in walk_vals(val))


def _asgi_app(callee: str) -> bool:
    """``callee`` builds a Starlette or FastAPI app."""
    return last_name(callee) in _ASGI_APPS and callee.startswith(_ASGI_MODULES)


def _asgi_middleware(c: Call) -> bool:
    """``Middleware(...)`` of Starlette, or ``add_middleware`` on a Starlette/FastAPI app."""
    return c.callee.startswith(_ASGI_MODULES) or c.recv_type.startswith(_ASGI_MODULES)


def _short(val: Val, project: Project | None = None, ff: FileFacts | None = None) -> str:
    """How the code names a limiter value: ``rateLimit(...)``, ``loginLimiter``."""
    if val.k == CALL and project is not None and ff is not None:
        call = project.call_of(ff, val)
        head = call.text.split("(", 1)[0].strip() if call is not None else ""
        if head.startswith("new "):
            head = head[4:].strip()
        if head and len(head) <= 60 and "\n" not in head:
            return head + "(...)"
    if val.k in (IDENT, CALL):
        return last_name(val.v) + ("(...)" if val.k == CALL else "")
    return "limiter"


class GuardIndex:
    def __init__(self, project: Project, limiters: Limiters) -> None:
        self.project = project
        self.lim = limiters
        self._by_scope: dict[int, list[Guard]] = {}
        self._file_guards: dict[str, list[Guard]] = {}
        self._wsgi_wrapped: dict[int, bool] = {}

    # ------------------------------------------------------------ per file
    def file_guards(self, ff: FileFacts) -> list[Guard]:
        if ff.shallow and ff.lang != "py" and posixpath.basename(ff.path).split(".")[0] == "middleware":
            ff = self.project.full(ff)  # a Next.js middleware need not hold a trigger token
        if ff.shallow:
            # no calls, constants or attributes: no guard (not kept: the same
            # file parsed on demand later is asked about under the same path)
            return []
        got = self._file_guards.get(ff.path)
        if got is None:
            got = self._file_guards[ff.path] = self._js_guards(ff) if ff.lang != "py" else self._py_guards(ff)
        return got

    def _js_guards(self, ff: FileFacts) -> list[Guard]:
        out: list[Guard] = []
        routers = _router_vars(ff)
        lim = self.lim
        for c in mount_calls(self.project, ff):
            m = c.method
            if m == "use" and c.args:
                prefix = None
                rest = c.args
                if c.args[0].k in (STR, TMPL):
                    prefix = c.args[0].v
                    rest = c.args[1:]
                elif c.args[0].k == ARR and c.args[0].items and all(i.k in (STR, TMPL) for i in c.args[0].items):
                    prefix = "|".join(i.v for i in c.args[0].items)
                    rest = c.args[1:]
                if c.recv in _NOT_HTTP or c.recv_type.startswith(("socket.io", "ws.")):
                    continue  # socket.io / ws middleware limits socket events, not HTTP routes
                for a in rest:
                    if lim.val_is_limiter(ff, a):
                        rt = c.recv_type.rsplit(".", 1)[-1]
                        scoped = c.recv in routers or rt in _ROUTER_CTORS or c.recv_type in ("koa-router", "@koa/router")
                        short = _short(a, self.project, ff)
                        label = f"{c.recv}.use({short})" if c.recv else f"use({short})"
                        out.append(Guard(ff.path, c.line, c.recv, prefix, scoped, label, func=c.func))
                        break
            elif m == "register" and c.args and lim.val_is_limiter(ff, c.args[0]):
                opts = c.args[1] if len(c.args) > 1 and c.args[1].k == OBJ else None
                g = key(opts, "global")
                if g is not None and g.k == BOOL and g.v == "false":
                    continue
                out.append(Guard(ff.path, c.line, "", None, False, f"{c.recv}.register({_short(c.args[0], self.project, ff)})"))
            elif m in ("useGlobalGuards", "useGlobalInterceptors") and any(lim.val_is_limiter(ff, a) for a in c.args):
                out.append(Guard(ff.path, c.line, "", None, False, f"{c.recv}.{m}(...)"))
            else:
                for v in [*c.args]:
                    for sub in walk_vals(v):
                        if sub.k == OBJ and sub.keys and "provide" in sub.keys:
                            prov = sub.keys["provide"]
                            if prov.k in (IDENT, STR) and prov.v.endswith("APP_GUARD"):
                                for uk in ("useClass", "useExisting", "useFactory", "useValue"):
                                    if uk in sub.keys and lim.val_is_limiter(ff, sub.keys[uk]):
                                        out.append(Guard(ff.path, sub.line or c.line, "", None, False, "APP_GUARD ThrottlerGuard", "nest"))
                                        break
        base = posixpath.basename(ff.path)
        if base.split(".")[0] == "middleware" and any(lim.call_is_limiter(ff, c) for c in ff.calls):
            out.append(Guard(ff.path, 1, "", None, False, "Next.js middleware limiter", "next"))
        # Medusa 2: src/api/middlewares.ts, defineMiddlewares({ routes: [{ matcher, middlewares: [rateLimit(...)] }] })
        if base.split(".")[0] == "middlewares" and any(lim.call_is_limiter(ff, c) for c in ff.calls):
            out.append(Guard(ff.path, 1, "", None, False, "Medusa middlewares limiter", "medusa"))
        return out

    def _py_guards(self, ff: FileFacts) -> list[Guard]:
        out: list[Guard] = []
        lim = self.lim
        for c in ff.calls:
            ln = last_name(c.callee)
            kw = c.kwargs
            if ln == "Limiter" and (c.callee.startswith("flask_limiter") or c.callee.startswith("slowapi")):
                if switched_off(ff, c):
                    continue  # `Limiter(..., enabled=False)`: its default limits never apply
                if any(k in kw for k in ("default_limits", "application_limits")) or "**" in kw:
                    dl = kw.get("default_limits") or kw.get("application_limits")
                    if dl is not None and dl.k == ARR and not dl.items:
                        continue
                    fw = "flask" if c.callee.startswith("flask_limiter") else "slowapi"
                    out.append(Guard(ff.path, c.line, "", None, False, f"{ln}(default_limits=...)", fw))
            elif ln in ("add_middleware", "Middleware", "wrap") and c.args and not _slowapi_mw(c.args[0]) and lim.val_is_limiter(ff, c.args[0]):
                fw = "asgi" if _asgi_middleware(c) else ""
                out.append(Guard(ff.path, c.line, "", None, False, f"{ln}({_short(c.args[0])})", fw))
            elif ln in _APP_CTORS:
                for k in ("middlewares", "middleware", "dependencies"):
                    if k in kw and not _slowapi_mw(kw[k]) and lim.val_is_limiter(ff, kw[k]):
                        if ln == "APIRouter" and c.assigned:
                            out.append(Guard(ff.path, c.line, c.assigned, None, True, "APIRouter(dependencies=[...])", owner=ff.path))
                        elif ln == "include_router" and c.args:
                            owner = self._owner(ff, c.args[0])
                            out.append(Guard(ff.path, c.line, last_name(c.args[0].v), None, True, "include_router(dependencies=[...])", owner=owner))
                        else:
                            out.append(Guard(ff.path, c.line, "", None, False, f"{ln}({k}=[...])"))
                        break
            elif c.method == "append" and c.recv.endswith("middlewares") and c.args and lim.val_is_limiter(ff, c.args[0]):
                out.append(Guard(ff.path, c.line, "", None, False, "app.middlewares.append(...)"))
        # limiter.limit("5/minute")(bp): a limit applied to a whole blueprint/router
        by_line: dict[int, list[Call]] = {}
        for c in ff.calls:
            by_line.setdefault(c.line, []).append(c)
        for line, calls in sorted(by_line.items()):
            inner = [c for c in calls if c.method in ("limit", "shared_limit") and lim.call_is_limiter(ff, c)]
            if not inner:
                continue
            for c in calls:
                if c in inner:
                    continue
                for a in c.args:
                    if a.k == IDENT and not lim.val_is_limiter(ff, a):
                        out.append(Guard(ff.path, line, last_name(a.v), None, True, f"limiter applied to {last_name(a.v)}", owner=self._owner(ff, a)))
        # Django settings
        for name, val in sorted(ff.consts.items()):
            if name.endswith("APPS") or "MIDDLEWARE" in name or name == "AUTHENTICATION_BACKENDS":
                for item in val.items or []:
                    if item.k == STR and ("axes" in item.v.lower() or "ratelimit" in item.v.lower() or "defender" in item.v.lower()):
                        if "axes" in item.v.lower() and axes_switched_off(self.project):
                            continue  # installed, but AXES_ENABLED = False: it limits nothing
                        out.append(Guard(ff.path, item.line or 1, "", None, False, f"{item.v} in {name}", "django"))
                        break
            elif name in ("REST_FRAMEWORK",) and val.k == OBJ and val.keys:
                tc = val.keys.get("DEFAULT_THROTTLE_CLASSES")
                # DRF's default throttles run for DRF views only (not Django's
                # LoginView); ScopedRateThrottle alone limits only views that
                # declare a throttle_scope (judged on the view itself)
                scoped_only = tc is not None and tc.k == ARR and bool(tc.items) and all(
                    i.k == STR and i.v.endswith("ScopedRateThrottle") for i in tc.items or [])
                if tc is not None and not (tc.k == ARR and not tc.items) and not scoped_only:
                    out.append(Guard(ff.path, tc.line or 1, "", None, False, "DEFAULT_THROTTLE_CLASSES", "drf"))
            elif name.rsplit(".", 1)[-1] in ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "DEFAULT_THROTTLE_CLASSES"):
                out.append(Guard(ff.path, val.line or 1, "", None, False, name))
        out.extend(self._appbuilder_auth_limit(ff))
        for attr in ff.attrs:
            if attr.endswith(("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION")):
                out.append(Guard(ff.path, 1, "", None, False, attr))
        for c in ff.calls:
            for k in c.kwargs:
                if k in ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION"):
                    out.append(Guard(ff.path, c.line, "", None, False, k))
        return out

    @staticmethod
    def _appbuilder_auth_limit(ff: FileFacts) -> list[Guard]:
        """Flask-AppBuilder's ``AUTH_RATE_LIMITED`` switched on -- a config
        module's ``AUTH_RATE_LIMITED = True``, ``config.setdefault("AUTH_RATE_LIMITED",
        ...)``, ``config.update(AUTH_RATE_LIMITED=...)``, or
        ``config["AUTH_RATE_LIMITED"] = ...``, with any value but a literal
        false (a value from the environment or a settings lookup counts as on):
        the security manager then puts its Flask-Limiter limit on the POSTs of
        the sign-in view's blueprint.  Judged for Flask-AppBuilder auth views
        only (framework ``appbuilder-auth``): the JWT login of its REST API
        stays unlimited."""
        def on(v: Val | None) -> bool:
            return v is not None and v.k != NULL and not (v.k == BOOL and v.v == "false")
        out: list[Guard] = []
        for name, const in ff.consts.items():
            if name.rsplit(".", 1)[-1] == _FAB_AUTH_LIMIT and on(const):
                out.append(Guard(ff.path, const.line or 1, "", None, False, _FAB_AUTH_LIMIT, "appbuilder-auth"))
        for c in ff.calls:
            if c.method == "setdefault" and len(c.args) > 1 and c.args[0].k == STR and c.args[0].v == _FAB_AUTH_LIMIT:
                val: Val | None = c.args[1]
            else:
                val = c.kwargs.get(_FAB_AUTH_LIMIT) if c.method == "update" else None
            if on(val):
                out.append(Guard(ff.path, c.line, "", None, False, _FAB_AUTH_LIMIT, "appbuilder-auth"))
        for item in (ff.extra or {}).get("assigns") or ():  # only what frontends/_assigns.py keeps
            raw = item[3] if isinstance(item, list) and len(item) > 3 else None
            if item and _FAB_AUTH_ITEM.search(str(item[0])) and isinstance(raw, dict) and on(from_json("Val", raw)):
                out.append(Guard(ff.path, item[2] if isinstance(item[2], int) else 1, "", None, False,
                                 _FAB_AUTH_LIMIT, "appbuilder-auth"))
        return out

    def _owner(self, ff: FileFacts, val: Val) -> str:
        """File that defines the router a Python guard names (``auth.router``,
        an imported ``bp``, a local router); '' when unknown."""
        if val.k != IDENT:
            return ""
        name = val.v
        head = name.split(".", 1)[0]
        imp = ff.imports.get(head, "")
        if imp:
            name = imp + name[len(head):]
        elif "." not in name:
            return ff.path
        target = module_and_attr(self.project, name)
        return target[0].path if target is not None else ""

    # ------------------------------------------------------------ ASGI middleware
    def asgi_limiter_misses(self, ff: FileFacts, route: Route) -> bool:
        """A Starlette/FastAPI middleware limiter (a guard of framework
        "asgi") runs for the requests its ASGI app serves, and a WSGI app's
        route (Flask, Werkzeug, Pyramid) reaches an ASGI app only wrapped
        (``Mount("/", app=WSGIMiddleware(flask_app))``): it misses the route
        when no file of the service wraps a WSGI app into an app that may carry
        the limiter (mindsdb's ``start()`` serves Flask from a Starlette app of
        its own, beside the MCP sub-app that alone is limited)."""
        if route.framework not in _WSGI_FRAMEWORKS or any(m.split(".")[0] == "quart" for m in ff.modules):
            return False
        files = scope_files(self.project, ff.path)
        got = self._wsgi_wrapped.get(id(files))
        if got is None:
            got = self._wsgi_wrapped[id(files)] = any(
                last_name(c.callee) in _WSGI_WRAPPERS and not self._own_unlimited_app(f, c.func)
                for f in files if f.lang == "py" and not f.shallow for c in f.calls)
        return not got

    def _own_unlimited_app(self, ff: FileFacts, func: str) -> bool:
        """The function (or module body) hands a Starlette/FastAPI app it
        builds straight to an ASGI server -- ``uvicorn.run(Starlette(...))``,
        or a variable holding it that no other call there takes or works on --
        and puts no limiter on anything there: what it wraps is served by that
        unlimited app, which no other code can give a middleware."""
        calls = [c for c in ff.calls if c.func == func]
        guard_lines = {g.line for g in self.file_guards(ff)}
        if any(c.line in guard_lines for c in calls):
            return False
        apps = {c.assigned for c in calls if c.assigned and _asgi_app(c.callee)}
        for c in calls:
            served = c.kwargs.get("app") or (c.args[0] if c.args else None)
            if c.callee not in _ASGI_RUNNERS or served is None:
                continue
            if served.k == CALL and _asgi_app(served.v):
                return True
            if served.k == IDENT and served.v in apps and not any(
                    d is not c and (d.recv == served.v or any(v.k == IDENT and v.v == served.v for v in [*d.args, *d.kwargs.values()]))
                    for d in calls):
                return True
        return False

    # ------------------------------------------------------------ per scope
    def scope_guards(self, path: str) -> list[Guard]:
        files = scope_files(self.project, path)
        got = self._by_scope.get(id(files))
        if got is None:
            got = []
            for f in files:
                got.extend(self.file_guards(f))
            # the settings template a generated Django site runs with (askbot's
            # settings.py.jinja2 listing its RateLimitMiddleware in MIDDLEWARE)
            for f in _settings_templates(self.project, path):
                got.extend(self._py_guards(f))
            # slowapi's default limits only apply through its middleware (looked
            # for only when there is a slowapi guard to judge: it walks every value)
            if any(g.framework == "slowapi" for g in got):
                slow_mw = any(
                    _slowapi_mw(a)
                    for f in files
                    for c in f.calls
                    for a in [*c.args, *c.kwargs.values()]
                )
                got = [g for g in got if g.framework != "slowapi" or slow_mw]
            self._by_scope[id(files)] = got
        return got


def _settings_templates(project: Project, path: str) -> list[FileFacts]:
    """The Python settings templates (``settings.py.jinja2``, ``settings.py-tpl``:
    their literal settings only, see frontends/text.py) of ``path``'s service."""
    templates = _python_templates(project)
    if not templates:
        return []
    svc = project.service_of(path)
    return [f for f in templates if project.service_of(f.path) == svc]


@per_project
def _python_templates(project: Project) -> list[FileFacts]:
    return [f for f in project.files.values() if f.lang == "text" and (f.extra or {}).get("kind") == "python-template"]


# ---------------------------------------------------------------- mounts
# ``new Controller(...).router`` / ``.getRouter()`` as the frontend writes it (blanks dropped)
_NEW_ROUTER = lazy_re(r"new([A-Za-z_$][\w$.]*)\(.*\)\.\w+(?:\(\))?$")
_NOT_WRAPPERS = frozenset({"use", "register", "route", "constructor"})
# a member of a module that is its router (`routes.default`, `api.router`, `authRoutes`)
_ROUTER_ATTR = lazy_re(r"^(?:default|router|routes|app|api)$|(?:Router|Routes|router|routes|Api)$")


@per_project
def _mount_wrappers(project: Project) -> dict[str, tuple[int, ...]]:
    """Project functions that only pass their parameters on to a mount
    (``useWithMiddleware(path, router, mw) { this.app.use(path, mw, router); }``):
    name -> the parameter each argument of the inner ``use`` is.  A name
    defined twice with different shapes is left out."""
    out: dict[str, tuple[int, ...] | None] = {}
    for ff in project.files.values():
        if ff.lang == "py" or ff.shallow:
            continue
        funcs = {f.id: f for f in ff.funcs}
        for c in ff.calls:
            if c.method != "use" or len(c.args) < 2 or not c.func:
                continue
            fn = funcs.get(c.func)
            if fn is None or fn.name in _NOT_WRAPPERS or not fn.params:
                continue
            if not all(a.k == IDENT and a.v in fn.params for a in c.args):
                continue
            shape = tuple(fn.params.index(a.v) for a in c.args)
            out[fn.name] = shape if out.get(fn.name, shape) == shape else None
    return {k: v for k, v in out.items() if v is not None}


def mount_calls(project: Project, ff: FileFacts) -> Iterator[Call]:
    """The file's calls, a call of a mount wrapper (:func:`_mount_wrappers`)
    given as the ``use`` it makes, its arguments in the inner call's order."""
    wrappers = _mount_wrappers(project) if ff.lang != "py" else {}
    for c in ff.calls:
        name = c.method or c.callee
        shape = wrappers.get(name) if wrappers and name not in _NOT_WRAPPERS else None
        if shape is not None and len(c.args) > max(shape):
            yield dataclasses.replace(c, method="use", args=[c.args[i] for i in shape])
        else:
            yield c


def _module_stem(path: str) -> str:
    stem = path.rsplit(".", 1)[0] if "." in posixpath.basename(path) else path
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return "./" + stem


def _spec_target(from_path: str, spec: str) -> str:
    """'./routes/auth' required from 'src/app.js' -> './src/routes/auth'."""
    base = posixpath.dirname(from_path)
    joined = posixpath.normpath(posixpath.join(base, spec))
    if joined.endswith("/index"):
        joined = joined[: -len("/index")]
    for ext in (".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx"):
        if joined.endswith(ext):
            joined = joined[: -len(ext)]
    return "./" + joined.lstrip("./") if not joined.startswith("..") else joined


def _mount_index(project: Project, files: list[FileFacts]) -> dict[str, list[tuple[str, FileFacts, Call]]]:
    """Router mounts of a scope, by the module they mount: ``X.use('/p', r)``
    (``r`` imported from that module or ``require``d inline), fastify
    ``register(plugin, {prefix})``.  Cached per scope list."""
    cache = project.__dict__.setdefault("_rs_mount_index", {})
    got = cache.get(id(files))
    if got is not None:
        return got
    got = {}
    for ff in files:
        if ff.lang == "py":
            continue
        for c in mount_calls(project, ff):
            if c.method not in ("use", "register", "route") or not c.args:
                continue
            prefix = ""
            rest = c.args
            if c.args[0].k in (STR, TMPL):
                prefix = c.args[0].v
                rest = c.args[1:]
            stems: list[str] = []
            for a in rest:
                if a.k == IDENT:
                    made = _NEW_ROUTER.match(a.v)  # `new AuthController(config).router`
                    head = made.group(1).split(".")[0] if made else a.v.split(".")[0]
                    target = a.v if a.v.startswith("./") else ff.imports.get(head, "")
                    if target.startswith("./"):
                        mod, attr = split_module(project, target if a.v.startswith("./") or made else target + a.v[len(head):])
                        if attr and not made and not _ROUTER_ATTR.search(attr.rsplit(".", 1)[-1]):
                            continue  # `auth.verifyToken`: a middleware of that module, not its router
                        stems.append(mod)
                elif a.k == CALL:
                    inner = project.call_of(ff, a)
                    if inner is None:
                        continue
                    if inner.callee in ("require", "import") and inner.args and inner.args[0].k == STR and inner.args[0].v.startswith("."):
                        stems.append(_spec_target(ff.path, inner.args[0].v))
                    elif inner.callee.startswith("./"):
                        stems.append(split_module(project, inner.callee)[0])
                if c.method == "register" and a.k == OBJ:
                    p = key(a, "prefix")
                    if p is not None and p.k == STR:
                        prefix = p.v
            for stem in stems:
                got.setdefault(stem, []).append((prefix, ff, c))
    cache[id(files)] = got
    return got


def mount_prefixes(project: Project, files: list[FileFacts], route_file: str, depth: int = 0) -> list[tuple[str, FileFacts, Call]]:
    """Where other files mount the router module ``route_file`` (JS): prefixes
    from ``X.use('/prefix', routerFromThatFile)``, recursively (up to 3 levels)."""
    if depth > 3:
        return []
    out: list[tuple[str, FileFacts, Call]] = []
    for prefix, ff, c in _mount_index(project, files).get(_module_stem(route_file), ()):
        if ff.path == route_file:
            continue
        parents = mount_prefixes(project, files, ff.path, depth + 1)
        if parents:
            for pp, _pf, _pc in parents:
                out.append((_join(pp, prefix), ff, c))
        else:
            out.append((prefix, ff, c))
    return out


def _join(a: str, b: str) -> str:
    parts = [p for p in (a + "/" + b).split("/") if p]
    return "/" + "/".join(parts)


def covers(prefix: str | None, path: str) -> bool:
    """A path-scoped limiter on ``prefix`` runs for ``path``."""
    if prefix is None:
        return True
    for alt in prefix.split("|"):
        p = segments(alt.rstrip("*"))
        if not p:
            return True
        r = segments(path)
        if r[: len(p)] == p:
            return True
    return False


def covers_somewhere(prefix: str | None, path: str) -> bool:
    """Like :func:`covers` when the route's own mount prefix is unknown: the
    limiter's path may sit anywhere above the route, or be generic (/api)."""
    if prefix is None:
        return True
    r = segments(path)
    for alt in prefix.split("|"):
        p = segments(alt.rstrip("*"))
        if not p or all(s in _GENERIC_SEGS for s in p):
            return True
        for i in range(len(r) - len(p) + 1):
            if r[i : i + len(p)] == p:
                return True
    return False
