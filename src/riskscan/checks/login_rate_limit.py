"""RS501 login-no-rate-limit: a credential endpoint (``_credroutes``) with no
rate limiter (``_limiters``) on its route, its router or the app.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable, Iterable

from ..facts import ARR, BOOL, CALL, FN, FORM_READS, IDENT, OBJ, STR, Call, FileFacts, Func, Route, Val
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import check
from ._compose_model import dev_named_file
from ._credroutes import AUTH, OTP_WORDS, consequence, credential_kind, names_compound_login, names_form_reply, names_sign_in_settings, names_token, next_route_url, one_item_path, redeems_reset_token, resource_token, takes_credentials
from ._guards import Guard, GuardIndex, covers, covers_somewhere, mount_prefixes
from ._limiters import (
    NAME_RE,
    ORDERING,
    Limiters,
    axes_switched_off,
    client_throttle,
    default_scoped_throttle_may_run,
    functions_reached,
    in_pkgs,
    is_negation,
    scoped_throttle_may_run,
    switched_off_limiters,
)
from ._lockout import against_literal_hash, lockout_evidence, password_check
from ._memo import calls_between, methods_of, per_project, per_scope
from ._mounts import join_path, mounted_path, root_urlconfs
from ._reach import reachable_calls
from ._resolve import callee_funcs, definitions, fn_of_val, last_name, module_and_attr, name_words, package_of, scope_files, walk_vals
from ._routes import (
    appbuilder_auth_view,
    auth_urlconf,
    base_class_home,
    bound_class_view,
    class_attrs,
    class_bases,
    class_decorators,
    effective_method,
    table_file,
    extra_routes,
    has_class,
    inherited_attr,
    is_mock,
    project_class,
    route_call_of,
    stock_django_view,
    view_targets,
)
from ._services import is_demo_path
from ._sails import blueprint_routes as sails_blueprint_routes
from ._sails import denied as sails_denied
from ._sails import is_sails_app as sails_app
from ._sails import may_be_controller as sails_may_be_controller
from ._sails import guard_names as sails_guard_names
from ._sails import page_only as sails_page_only
from ._sails import route_limited as sails_route_limited
from ._sails import session_gate as sails_session_gate
from ._strapi import guard_names as strapi_guard_names
from ._strapi import route_limited as strapi_route_limited


# frameworks whose middleware runs in registration order within a file
_ORDERED = frozenset({"express", "koa", ""})


# a guard that only exists in one framework applies only to its routes
_GUARD_FRAMEWORKS = {
    "fastify": ("fastify",),
    "nest": ("nest",),
    "next": ("next",),
    "medusa": ("medusa",),
    "flask": ("flask",),
    "appbuilder-auth": ("flask",),
    "slowapi": ("fastapi", "starlette"),
    "django": ("django", "drf"),
    "drf": ("django", "drf"),
}


def _is_allauth_login(name: str) -> bool:
    """django-allauth's login view (``allauth.account.views.LoginView``, its
    ``login`` function, ``LoginView.as_view``): it counts failed logins itself."""
    return name.removesuffix(".as_view") in ("allauth.account.views.LoginView", "allauth.account.views.login")


@per_project
def _allauth_limits(project: Project) -> bool:
    """allauth's rate limits are on (``ACCOUNT_RATE_LIMITS``, whose defaults
    include ``login_failed``), unless a settings module sets it to False."""
    for ff in project.parsed_code_files():
        v = ff.consts.get("ACCOUNT_RATE_LIMITS") if ff.lang == "py" else None
        if v is not None and v.k == BOOL and v.v.lower() == "false":
            return False
    return True


# what mounts Better Auth's router on a server: `toNodeHandler(auth)`, `toNextJsHandler(auth)`, ...
_BETTER_AUTH_MOUNTS = frozenset({"toNodeHandler", "toNextJsHandler", "svelteKitHandler", "toSolidStartHandler", "toNuxtHandler"})


def _better_auth_handler(callee: str) -> bool:
    return callee.startswith("better-auth") and callee.rsplit(".", 1)[-1] in _BETTER_AUTH_MOUNTS


def _better_auth_limits(project: Project) -> bool:
    """Better Auth's built-in rate limiter (on in production: 100 requests a
    minute per IP, 3 per 10 s on the sign-in) is not switched off: no
    ``betterAuth({ rateLimit: { enabled: false } })`` in the project."""
    for ff in project.parsed_code_files():
        if ff.lang == "py" or "better-auth" not in ff.modules:
            continue
        for c in ff.calls:
            if c.callee != "better-auth.betterAuth" or not c.args:
                continue
            opts = project.resolve(ff, c.args[0])
            rl = opts.keys.get("rateLimit") if opts.k == OBJ and opts.keys else None
            rl = project.resolve(ff, rl) if rl is not None else None
            enabled = rl.keys.get("enabled") if rl is not None and rl.k == OBJ and rl.keys else None
            if enabled is not None and enabled.k == BOOL and enabled.v.lower() == "false":
                return False
    return True


def _django_auth_view(route: Route) -> bool:
    """The route serves one of Django's own auth views (``LoginView.as_view()``,
    ``PasswordResetView``): plain Django views, which DRF's settings do not touch."""
    return any(v.k in (CALL, IDENT) and v.v.startswith("django.contrib.auth.") and "views" in v.v for v in route.middleware)


def _plain_django_view(project: Project, ff: FileFacts, route: Route) -> bool:
    """The route's view is seen and is no DRF view: a function without
    ``@api_view``, or a class none of whose bases (through the project's own
    classes) comes from rest_framework.  Unseen views count as DRF."""
    if route.framework != "django":
        return False
    targets = view_targets(project, ff, route)
    if not targets:
        return False
    for tf, fid, cls in targets:
        if fid and not cls:
            fn = project.funcs(tf).get(fid)
            if fn is None or fn.cls or any("api_view" in d.v or d.v.startswith("rest_framework") for d in fn.decorators):
                return False
        elif cls and _drf_class(project, tf, cls, 0):
            return False
        elif not fid and not cls:
            return False
    return True


def _drf_class(project: Project, tf: FileFacts, cls: str, depth: int) -> bool:
    """True when the class may be a DRF view (a rest_framework base, or one we cannot see)."""
    bases = class_bases(tf, cls)
    if not bases:
        return not any(c.get("name") == cls for c in (tf.extra.get("classes") or []) if isinstance(c, dict))
    for b in bases:
        if b.startswith("rest_framework"):
            return True
        if b.startswith(("django.", "django_", "formtools.")):
            continue  # (django-formtools' wizards, mayan's sign-in wizard: plain Django views)
        home = base_class_home(project, tf, b)
        if home is None or depth > 4 or _drf_class(project, home[0], home[1], depth + 1):
            return True
    return False


# DRF's own token view sets `throttle_classes = ()`: DEFAULT_THROTTLE_CLASSES never run for it
_DRF_UNTHROTTLED = {
    "rest_framework.authtoken.views.ObtainAuthToken": "ObtainAuthToken",
    "rest_framework.authtoken.views.obtain_auth_token": "ObtainAuthToken",
}


# DRF views of installed packages that set a `throttle_scope` of their own,
# which DRF's ScopedRateThrottle reads: dj-rest-auth's sign-in, reset and
# second-factor views (`throttle_scope = 'dj_rest_auth'`, and
# 'dj_rest_auth_mfa_verify' on its MFA step), also as subclasses
_SCOPED_PACKAGE_VIEWS = {
    "dj_rest_auth.views.LoginView": "dj_rest_auth",
    "dj_rest_auth.views.PasswordResetView": "dj_rest_auth",
    "dj_rest_auth.views.PasswordResetConfirmView": "dj_rest_auth",
    "dj_rest_auth.registration.views.SocialLoginView": "dj_rest_auth",
    "dj_rest_auth.mfa.views.MFALoginView": "dj_rest_auth",
    "dj_rest_auth.mfa.views.MFAVerifyView": "dj_rest_auth_mfa_verify",
}


# the URLconfs of AUTH_URLCONFS whose credential views are all such views
_SCOPED_URLCONFS = {"dj_rest_auth.urls": "dj_rest_auth", "dj_rest_auth.mfa.urls": "dj_rest_auth_mfa_verify"}


def _drf_unthrottled_view(project: Project, ff: FileFacts, route: Route) -> str:
    """The DRF view (``ObtainAuthToken``) that serves the route and switches
    DRF's default throttles off for itself -- as ``obtain_auth_token``, its
    ``as_view()``, or a project subclass (mayan's ``BrowseableObtainAuthToken``)
    that sets no throttles of its own on the way; '' otherwise."""
    return _package_view(project, ff, route, _DRF_UNTHROTTLED, {})


def _inherits_no_throttles(project: Project, tf: FileFacts, cls: str, depth: int) -> bool:
    """A DRF view class that sets no ``throttle_classes`` and inherits the
    empty ones of DRF's ``ObtainAuthToken`` (openwisp-radius's
    ``ObtainAuthTokenView(DispatchOrgMixin, RadiusTokenMixin, ObtainAuthToken)``):
    no throttle runs for it, so a ``throttle_scope`` it sets is read by
    nothing.  Bases are walked in order, each with its project ancestors (the
    MRO of a plain mixin hierarchy); the first to set throttle classes, or a
    base that cannot be read, decides that throttles may run."""
    if depth > 4:
        return False
    for b in class_bases(tf, cls):
        if b in _DRF_UNTHROTTLED:
            return True
        if b in ("object", "typing.Generic"):
            continue
        home = None if b.startswith(("rest_framework", "django")) else base_class_home(project, tf, b)
        if home is None:
            return False  # (a package's base may set throttle classes of its own)
        hf = project.full(home[0]) if home[0].shallow else home[0]
        attrs = class_attrs(hf, home[1])
        if "throttle_classes" in attrs or any(f.cls == home[1] and f.name == "get_throttles" for f in hf.funcs):
            return False
        if _inherits_no_throttles(project, hf, home[1], depth + 1):
            return True
    return False


def _package_throttle_scope(project: Project, ff: FileFacts, route: Route) -> str:
    """The ``throttle_scope`` a package's DRF view serving the route sets for
    itself (dj-rest-auth's ``LoginView``: ``'dj_rest_auth'``), as the view of
    ``include("dj_rest_auth.urls")``, its ``as_view()``, or a project subclass
    that sets no throttles of its own on the way; '' otherwise."""
    return _package_view(project, ff, route, _SCOPED_PACKAGE_VIEWS, _SCOPED_URLCONFS)


def _package_view(project: Project, ff: FileFacts, route: Route, views: dict[str, str], urlconfs: dict[str, str]) -> str:
    """What ``views`` (or, for a route an ``include()`` brings, ``urlconfs``)
    holds for the package view serving a Django route; '' otherwise."""
    if route.framework != "django":
        return ""
    if not route.handler and not route.middleware:
        for inc in ff.extra.get("django_includes", []) or []:
            conf = auth_urlconf(str(inc.get("module", ""))) if isinstance(inc, dict) else ""
            if conf in urlconfs and int(inc.get("line", 0) or 0) == route.line:
                return urlconfs[conf]
    for v in route.middleware:
        if v.k in (IDENT, CALL):
            got = views.get(v.v.removesuffix(".as_view"), "")
            if got:
                return got
    for tf, _fid, cls in view_targets(project, ff, route):
        got = _package_base(project, tf, cls, views, 0) if cls else ""
        if got:
            return got
    return ""


def _package_base(project: Project, tf: FileFacts, cls: str, views: dict[str, str], depth: int) -> str:
    attrs = class_attrs(tf, cls)
    if "throttle_classes" in attrs or "throttle_scope" in attrs or any(f.name == "get_throttles" for f in methods_of(tf, cls)):
        return ""  # (its own throttles: route_level judges them)
    for b in class_bases(tf, cls):
        if b in views:
            return views[b]
        home = None if b.startswith(("rest_framework", "django")) or depth > 3 else base_class_home(project, tf, b)
        got = _package_base(project, home[0], home[1], views, depth + 1) if home is not None else ""
        if got:
            return got
    return ""


def _module_mentions_limiter(ff: FileFacts) -> bool:
    for local, dotted in ff.imports.items():
        if in_pkgs(dotted) or (NAME_RE.search(local) and not local.lower().startswith("skip")):
            return True
    return False


class _RouteJudge:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.lim = Limiters(project)
        self.guards = GuardIndex(project, self.lim)
        self._mounts: dict[str, list[tuple[str, FileFacts, Call]]] = {}
        self._prefixes: dict[int, list[str]] = {}

    def route_level(self, ff: FileFacts, route: Route) -> tuple[bool, bool]:
        """(protected at the route, explicitly exempted from shared limiters)."""
        lim = self.lim
        skip = False
        for v in route.middleware:
            if is_negation(v):
                skip = True
            elif lim.val_is_limiter(ff, v) or self._form_limited(ff, v) or (_is_allauth_login(v.v) and _allauth_limits(self.project)):
                return True, False
            elif _better_auth_handler(v.v) and _better_auth_limits(self.project):
                return True, False
        if _package_throttle_scope(self.project, ff, route) and default_scoped_throttle_may_run(self.project):
            return True, False  # a package's DRF view with a throttle_scope of its own (dj-rest-auth's LoginView)
        if route.framework == "strapi" and strapi_route_limited(self.project, lim, ff, route):
            return True, False  # `config: { middlewares: ['admin::rateLimit'] }`, or the app's config/middlewares.js
        if route.framework == "sails" and sails_route_limited(self.project, lim, ff, route):
            return True, False  # a limiting policy in config/policies.js, or a limiter in config/http.js
        for tf, fid, cls in view_targets(self.project, ff, route):
            funcs = self.project.funcs(tf)
            ids = [fid] if fid else [f.id for f in methods_of(tf, cls)]
            classes = {cls} if cls else set()
            for i in ids:
                fn = funcs.get(i)
                if fn is None:
                    continue
                if fn.cls:
                    classes.add(fn.cls)
                if any(is_negation(d) for d in fn.decorators):
                    skip = True
                if lim.func_uses_limiter(tf, i) or self._builds_limited_form(tf, i) or client_throttle(self.project, tf, i):
                    return True, False  # (client_throttle: MeshCentral's checkAllowLogin/setbadLogin, per client address)
                if any(_better_auth_handler(c.callee) for c in self.project.calls_in(tf, i)) and _better_auth_limits(self.project):
                    return True, False  # the route hands the request to Better Auth, whose own limiter is on
            for c in sorted(classes):
                verdict = self._class_verdict(tf, c)
                if verdict == "skip":
                    skip = True
                elif verdict == "limited":
                    return True, False
            found = any(i in funcs for i in ids)
            if tf is not ff and not found and (cls or fid) and _module_mentions_limiter(tf) and not skip:
                # a view we cannot see into, in a module that imports a
                # limiter/throttle: it may well apply it (unknown = silent)
                return True, False
        return False, skip

    def _form_limited(self, ff: FileFacts, v: Val) -> bool:
        """A Django view given a form class (``LoginView.as_view(authentication_form=AuthenticationForm)``)
        whose methods, or those of its project base classes, call a limiter:
        ReviewBoard's form ``clean()`` checks ``is_ratelimited(request)`` before the password."""
        call = self.project.call_of(ff, v) if v.k == CALL else None
        if call is None:
            return False
        for kw in ("authentication_form", "form_class"):
            fv = call.kwargs.get(kw)
            if fv is not None and fv.k == IDENT and self._class_uses_limiter(ff, fv.v, 0):
                return True
        return False

    def _builds_limited_form(self, ff: FileFacts, fid: str) -> bool:
        """A Django function view that validates a project form whose methods
        call a limiter (pretix: ``LoginForm.clean()`` checks ``rate_limit(...)``
        before it authenticates; the view only calls ``form.is_valid()``)."""
        if ff.lang != "py":
            return False
        return any(
            last_name(c.callee).endswith("Form") and not c.callee.startswith("django.") and self._class_uses_limiter(ff, c.callee, 0)
            for c in self.project.calls_in(ff, fid)
        )

    def _class_uses_limiter(self, ff: FileFacts, name: str, depth: int) -> bool:
        home = (ff, name) if "." not in name else module_and_attr(self.project, name)
        if home is None or depth > 3:
            return False
        tf, cls = home
        if tf.shallow:
            tf = self.project.full(tf)
        if any(f.cls == cls and self.lim.func_uses_limiter(tf, f.id) for f in tf.funcs):
            return True
        return any(self._class_uses_limiter(tf, b, depth + 1) for b in class_bases(tf, cls) if b != "object")

    def _class_verdict(self, ff: FileFacts, cls: str) -> str:
        """'limited' (DRF throttle_classes, flask-restful decorators, class
        decorators, a Flask-AppBuilder view's ``limits``), 'skip'
        (``throttle_classes = []``), or ''."""
        attrs = class_attrs(ff, cls)
        tc = attrs.get("throttle_classes")
        if tc is not None and tc.k == ARR and not tc.items:
            return "skip"
        if tc is not None or ("throttle_scope" in attrs and scoped_throttle_may_run(self.project)
                              and not _inherits_no_throttles(self.project, ff, cls, 0)):
            return "limited"  # (a throttle_scope alone, with no ScopedRateThrottle run, limits nothing)
        if any(f.name == "get_throttles" for f in methods_of(ff, cls)):
            return "limited"  # DRF: the throttles are picked per action at run time
        for k, fv in attrs.items():
            # `class WeblateLoginView(LoginView): form_class = LoginForm`, whose clean() calls a limiter; also
            # another attribute naming the form or input class the view validates, per method too
            # (allauth's headless `input_class = {"POST": AuthenticateInput}`)
            if not (k == "authentication_form" or k.endswith(("_class", "_form"))):
                continue
            named = [fv] if fv.k == IDENT else list((fv.keys or {}).values()) if fv.k == OBJ else []
            if any(v.k == IDENT and self._class_uses_limiter(ff, v.v, 0) for v in named):  # (names are import-resolved)
                return "limited"
        # (`limits = [Limit("5 per minute")]`: a Flask-AppBuilder view's, on its whole blueprint)
        for k in ("decorators", "method_decorators", "dependencies", "limits"):
            if k in attrs and self.lim.val_is_limiter(ff, attrs[k]):
                return "limited"
        for d in class_decorators(ff, cls):
            if is_negation(d):
                return "skip"
            if self.lim.val_is_limiter(ff, d):
                return "limited"
        if any(_is_allauth_login(b) for b in class_bases(ff, cls)) and _allauth_limits(self.project):
            return "limited"
        return ""

    def _effective_line(self, ff: FileFacts, route: Route, guard: Guard) -> int | None:
        """Line at which the route joins the guard's app (its router's mount, else
        its own line); None when registration order cannot be read from the file
        (route and limiter registered in different functions)."""
        route_call = route_call_of(ff, route)
        if route_call is None or route_call.func != guard.func:
            return None
        if route.router and route.router != guard.recv:
            for c in ff.calls:
                if c.method != "use" or c.recv != guard.recv:
                    continue
                for a in c.args:
                    inner = self.project.call_of(ff, a)
                    if (a.k == IDENT and a.v == route.router) or (inner is not None and inner.recv == route.router):
                        return c.line
        return route.line

    def shared(self, ff: FileFacts, route: Route) -> tuple[bool, list[Guard], list[Guard]]:
        """Protected by a router/app/process-wide limiter?  Also returns same-file
        limiters registered too late to run for this route, and DRF default
        throttles that do not run for it (it is no DRF view)."""
        late: list[Guard] = []
        not_drf: list[Guard] = []
        mounts: list[tuple[str, FileFacts, Call]] | None = None
        for g in self.guards.scope_guards(ff.path):
            fws = _GUARD_FRAMEWORKS.get(g.framework)
            if fws and route.framework and route.framework not in fws:
                continue
            if g.framework == "appbuilder-auth" and not appbuilder_auth_view(self.project, ff, route):
                continue  # AUTH_RATE_LIMITED limits Flask-AppBuilder's sign-in view, not its REST API's login
            if g.framework == "asgi" and self.guards.asgi_limiter_misses(ff, route):
                continue  # a Starlette/FastAPI middleware limiter never sees this Flask route's requests
            if g.framework == "drf" and (_django_auth_view(route) or _plain_django_view(self.project, ff, route)
                                         or stock_django_view(self.project, ff, route) or _drf_unthrottled_view(self.project, ff, route)):
                # DRF throttles never run for Django's own views (LoginView, the admin's
                # and rest_framework.urls' login/, a function view without @api_view),
                # nor for DRF's ObtainAuthToken, which empties its throttle_classes
                not_drf.append(g)
                continue
            if g.framework == "django" and _LOGIN_FAILURE_TRACKERS.match(g.label) and credential_kind(route.path) == "reset":
                continue  # django-axes / django-defender count failed sign-ins: a reset request signs no one in
            if g.path == ff.path:
                if g.router_scoped:
                    applies = g.recv == route.router and covers_somewhere(g.prefix, route.path)
                else:
                    applies = covers(g.prefix, route.path) or (g.recv != route.router and covers_somewhere(g.prefix, route.path))
                if not applies:
                    continue
                if ff.lang != "py" and route.framework in _ORDERED:
                    eff = self._effective_line(ff, route, g)
                    if eff is not None and g.line > eff:
                        late.append(g)
                        continue
                return True, late, not_drf
            # another file: order is assumed to protect
            if g.router_scoped and ff.lang == "py":
                if g.recv == route.router and (not g.owner or _router_from(self.project, ff, route.router) in ("", g.owner)):
                    return True, late, not_drf
                continue
            if g.prefix is None and not g.router_scoped:
                return True, late, not_drf
            if mounts is None:
                mounts = self.mounts(ff)
            if g.router_scoped:
                # a router in another file covers the routes of the modules it mounts
                direct = [mc for _, mf, mc in mounts if mf.path == g.path and mc.recv == g.recv]
                if direct:
                    # the router mounts the route's module at a known local prefix
                    for mc in direct:
                        local = mc.args[0].v if mc.args and mc.args[0].k == STR else ""
                        if covers(g.prefix, join_path(local, route.path)):
                            return True, late, not_drf
                elif any(mf.path == g.path for _, mf, _ in mounts) and covers_somewhere(g.prefix, route.path):
                    return True, late, not_drf
                continue
            prefixes = [m for m, _, _ in mounts] + self._global_prefixes(ff)
            if prefixes:
                if covers(g.prefix, route.path) or any(covers(g.prefix, join_path(m, route.path)) for m in prefixes):
                    return True, late, not_drf
            elif covers_somewhere(g.prefix, route.path):
                return True, late, not_drf
        return False, late, not_drf

    def mounts(self, ff: FileFacts) -> list[tuple[str, FileFacts, Call]]:
        got = self._mounts.get(ff.path)
        if got is None:
            got = mount_prefixes(self.project, scope_files(self.project, ff.path), ff.path) if ff.lang != "py" else []
            self._mounts[ff.path] = got
        return got

    def display_path(self, ff: FileFacts, route: Route) -> str:
        """The route's full path when another file mounts its router at one prefix."""
        prefixes = sorted({m for m, _, _ in self.mounts(ff)})
        if len(prefixes) == 1 and prefixes[0] not in ("", "/"):
            if prefixes[0].startswith("${"):
                # `${baseUriPath}/`: a configurable base that holds its own leading slash
                return prefixes[0].rstrip("/") + "/" + route.path.lstrip("/")
            return join_path(prefixes[0], route.path)
        return route.path

    def _global_prefixes(self, ff: FileFacts) -> list[str]:
        """NestJS ``app.setGlobalPrefix('api')`` in the service."""
        files = scope_files(self.project, ff.path)
        got = self._prefixes.get(id(files))
        if got is None:
            got = [c.args[0].v for f in files for c in f.calls if c.method == "setGlobalPrefix" and c.args and c.args[0].k == STR]
            self._prefixes[id(files)] = got
        return got


def _router_from(project: Project, ff: FileFacts, name: str) -> str:
    """File that defines the router object ``name`` used in ``ff`` (itself when
    it is local); '' when it cannot be told."""
    imp = ff.imports.get(name.split(".", 1)[0], "")
    if not imp:
        return ff.path
    target = module_and_attr(project, imp + name[len(name.split(".", 1)[0]):])
    return target[0].path if target is not None else ""


def _route_kind(project: Project, ff: FileFacts, route: Route, path: str) -> str:
    """The credential kind of a route: by its path; else by the Django auth
    view serving it; else 'login' when the path's last segment comes from
    configuration (``${urlPrefix}/${app.locals.signinPath}``) and the handler
    itself checks a password (redis-commander's sign-in); else 'token' when
    the last segment names a token some other way (ArchiveBox's
    ``/auth/get_api_token``) and the view checks a password, itself or in a
    project function it calls; else 'login' when the last segment joins a
    sign-in word to another word (``cms_login``) and the view checks a
    password the same way."""
    kind = credential_kind(path) or _django_auth_view_kind(project, ff, route)
    if kind == "login" and names_sign_in_settings(path) and _handler_check(project, ff, route) is None:
        # pigallery2's `PUT /api/settings/authentication`: an admin changes how users sign in (its
        # guards, named `Class.method`, resolve to their whole class: only an inline view's check counts)
        kind = ""
    if kind == "otp" and _django_password_form(project, ff, route):
        kind = "login"  # integreat-cms's `login/mfa/`: a LoginView subclass that only renders its own page on GET
    if not kind and "${" in path.rstrip("/").rsplit("/", 1)[-1] and _handler_check(project, ff, route) is not None:
        kind = "login"
    if not kind and names_token(path) and _view_checks_password(project, ff, route):
        kind = "token"
    if not kind and names_compound_login(path) and _view_checks_password(project, ff, route):
        kind = "login"  # django-cms's `cms_login/`: its view validates an AuthenticationForm subclass
    if not kind and names_form_reply(path) and _view_reads_password(project, ff, route):
        kind = "login"  # appdaemon's `POST /logon_response`: its admin sign-in form's target
    if not kind and _sign_in_form_validated(project, ff, route) is not None:
        kind = "login"  # noggin's `/`: the home page's view validates its `LoginUserForm` and signs the user in
    if not kind and _reset_named(path) and _view_sends_reset_mail(project, ff, route):
        kind = "reset"  # canaille's `/reset`, `/get_reset_link`: its view mails a password reset link or code to the account asked for
    if not kind and _reset_code_step(path) and _view_checks_code(project, ff, route):
        kind = "reset"  # canaille's `/reset-code/<user:user>`: checks the mailed reset code, then leads on to set the password
    if not kind and _code_channel_step(path) and _view_checks_code(project, ff, route):
        kind = "otp"  # canaille's `/auth/sms`, `/auth/email`: the sign-in step that checks the code it texted or mailed
    if not kind and route.router == "sails-blueprint":
        kind = "login"  # a Sails blueprint action that checks a password (riskscan.checks._sails)
    if not kind and route.router.startswith("modernrpc:"):
        kind = "login"  # an RPC entry point serving a method that checks a password (_rpc_login_routes)
    return kind


# a project form class named for signing in (`LoginForm`, `LoginUserForm`, `SignInForm`), not
# one about sign-ins (`LoginSettingsForm`, `LoginHistoryForm`)
_SIGN_IN_FORM = lazy_re(r"^(?:User)?(?:Login|LogIn|SignIn|Signin|Logon)(?:User)?Form$")


_FORM_CHECKS = frozenset({"validate_on_submit", "validate", "is_valid"})


def _sign_in_form_validated(project: Project, ff: FileFacts, route: Route) -> str | None:
    """The name of the sign-in form class the route's view builds and
    validates in its own body (``login_form = LoginUserForm(prefix="login")``
    then ``login_form.validate_on_submit()``): a view that takes a user name
    and password at whatever path it is served (noggin's home page ``/``);
    else None.  A form only built (rendered on a page) is no sign-in."""
    for tf, fid in _view_funcs(project, ff, route):
        calls = project.calls_in(tf, fid)
        checked = {c.recv for c in calls if c.method in _FORM_CHECKS and c.recv}
        for c in calls:
            name = last_name(c.callee)
            if c.assigned and c.assigned in checked and _SIGN_IN_FORM.match(name) and not c.callee.startswith("django."):
                return name
    return None


def _view_checks_password(project: Project, ff: FileFacts, route: Route) -> bool:
    """The route's view checks a password: a check among its calls, or in a
    project function one of them runs (``auth_using_password(username=...,
    password=...)`` calling Django's ``authenticate``)."""
    views = ([(ff, route.handler)] if route.handler else []) + _view_funcs(project, ff, route)
    return any(_password_check_in(project, tf, fid) is not None for tf, fid in views)


def _password_check_in(project: Project, tf: FileFacts, fid: str) -> Call | None:
    """A password check among the calls of function ``fid``, else in a project
    function one of them runs (one call deep)."""
    found = _password_check_where(project, tf, fid)
    return found[1] if found is not None else None


def _password_check_where(project: Project, tf: FileFacts, fid: str) -> tuple[FileFacts, Call] | None:
    """:func:`_password_check_in` with the file the check is in."""
    calls = project.calls_in(tf, fid)
    # (the check of the stored hash, not one against a hash made at import from a literal password)
    decoy: Call | None = None
    for c in calls:
        if password_check(project, tf, c):
            if not against_literal_hash(tf, c):
                return tf, c
            decoy = decoy or c
    if decoy is not None:
        return tf, decoy
    for c in calls:
        for g, gf in callee_funcs(project, tf, c):
            for c2 in project.calls_in(g, gf.id):
                if password_check(project, g, c2):
                    return g, c2
    return None


# Django's own views that take a password or send a reset mail, whatever path they are mounted at
_DJANGO_AUTH_VIEWS = {"django.contrib.auth.views.LoginView": "login", "django.contrib.auth.views.PasswordResetView": "reset"}


def _django_auth_view_kind(project: Project, ff: FileFacts, route: Route) -> str:
    """'login' / 'reset' for a route served by Django's ``LoginView`` or
    ``PasswordResetView`` (or a project class extending one), at any path:
    ReviewBoard mounts the reset view at ``recover/``."""
    if ff.lang != "py":
        return ""
    for v in route.middleware:
        if v.k == CALL and v.v.endswith(".as_view"):
            got = _DJANGO_AUTH_VIEWS.get(v.v[: -len(".as_view")], "")
            if got:
                return got
    for tf, _fid, cls in view_targets(project, ff, route):
        if cls:
            for b in class_bases(tf, cls):
                if b in _DJANGO_AUTH_VIEWS:
                    return _DJANGO_AUTH_VIEWS[b]
    return ""


_DJANGO_LOGIN_VIEW = "django.contrib.auth.views.LoginView"


_FORM_OPTIONS = ("form_class", "authentication_form")


def _django_password_form(project: Project, ff: FileFacts, route: Route) -> bool:
    """The route is served by Django's ``LoginView`` with its own form -- the
    view itself, or a project class extending it that defines no ``post`` and
    sets no ``form_class``/``authentication_form`` (integreat-cms's
    ``WebAuthnLoginView(auth_views.LoginView)``, whose only method is a ``get``
    rendering the WebAuthn page): a POST there takes a username and a
    password, whatever second-factor word its path holds."""
    if ff.lang != "py":
        return False
    for v in route.middleware:
        if v.k == CALL and v.v.endswith(".as_view"):
            call = project.call_of(ff, v)
            if call is not None and any(k in call.kwargs for k in _FORM_OPTIONS):
                return False
            if v.v[: -len(".as_view")] == _DJANGO_LOGIN_VIEW:
                return True
    for tf, _fid, cls in view_targets(project, ff, route):
        if not cls or _DJANGO_LOGIN_VIEW not in class_bases(tf, cls):
            continue
        attrs = ((tf.extra.get("class_attrs") or {}) if tf.extra else {}).get(cls) or {}
        if any(k in attrs for k in _FORM_OPTIONS) or any(f.name == "post" for f in methods_of(tf, cls)):
            return False
        return True
    return False


# Django's view that redeems the mailed reset link, and the generator whose tokens it checks by default
_DJANGO_RESET_CONFIRM = "django.contrib.auth.views.PasswordResetConfirmView"


_DJANGO_TOKEN_GENERATOR = "django.contrib.auth.tokens.default_token_generator"


def _django_signed_reset_link(project: Project, ff: FileFacts, route: Route) -> bool:
    """A route served by Django's ``PasswordResetConfirmView`` (or a project
    class extending it, also built by ``as_view()`` into a name the URLconf
    imports) that checks the reset link with Django's own token generator:
    the token is an HMAC, keyed by ``SECRET_KEY``, of the account's password
    hash and last sign-in (80 bits with SHA-1, 128 with SHA-256), so
    no rate of guessing finds one, and the view sends no mail.  A
    ``token_generator`` of the project's own (an ``as_view`` argument or a
    class attribute) may be weaker: still judged, unless it extends Django's
    and keeps how tokens are made and checked (``_django_generator``)."""
    if ff.lang != "py":
        return False

    def default_generator(v: Val | None, where: FileFacts = ff) -> bool:
        return v is None or v.k in (IDENT, CALL) and _django_generator(project, where, v.v)

    found = False
    for v in _class_views_handed(project, ff, route):
        if v.k == CALL and v.v.endswith(".as_view"):
            call = project.call_of(ff, v)
            if call is not None and not default_generator(call.kwargs.get("token_generator")):
                return False
            found = found or v.v[: -len(".as_view")] == _DJANGO_RESET_CONFIRM
        elif v.k == IDENT and (held := bound_class_view(project, ff, v.v)) is not None \
                and held[1].callee == _DJANGO_RESET_CONFIRM + ".as_view":
            # (`password_reset_confirm = PasswordResetConfirmView.as_view(...)` in a views module the URLconf imports)
            if not default_generator(held[1].kwargs.get("token_generator"), held[0]):
                return False
            found = True
    for tf, _fid, cls in view_targets(project, ff, route):
        if cls:
            if not default_generator(class_attrs(tf, cls).get("token_generator")):
                return False
            found = found or _DJANGO_RESET_CONFIRM in class_bases(tf, cls)
    return found


def _class_views_handed(project: Project, ff: FileFacts, route: Route) -> list[Val]:
    """The route's own views, and the ``as_view()`` class views handed to a
    view decorator applied in the URLconf (django-oscar's
    ``login_forbidden(auth_views.PasswordResetConfirmView.as_view(...))``,
    ``never_cache(login_required(View.as_view()))``): the wrapped class view
    answers the request."""
    out: list[Val] = []
    todo = list(route.middleware)
    while todo and len(out) < 20:
        v = todo.pop(0)
        out.append(v)
        call = project.call_of(ff, v) if v.k == CALL and not v.v.endswith(".as_view") else None
        if call is not None and call.args and call.args[0].k == CALL:
            todo.append(call.args[0])
    return out


# a check of a reset link by Django's own generator: `default_token_generator.check_token(user, token)`,
# `PasswordResetTokenGenerator().check_token(...)` or an instance of it kept in a name
_DJANGO_GENERATOR_CLASS = "django.contrib.auth.tokens.PasswordResetTokenGenerator"


_DJANGO_TOKEN_CHECKS = frozenset({_DJANGO_TOKEN_GENERATOR + ".check_token", _DJANGO_GENERATOR_CLASS + "().check_token"})


# how Django's generator makes and checks a token: a subclass that replaces none of these keeps its HMAC
_TOKEN_MAKING = frozenset({"make_token", "check_token", "_make_token_with_timestamp"})


def _django_generator(project: Project, ff: FileFacts, name: str) -> bool:
    """``name`` (as the frontend resolved it in ``ff``: a class, or a name
    bound to an instance of one) is Django's token generator, or a project
    class extending ``PasswordResetTokenGenerator`` that keeps how tokens are
    made and checked: it overrides what the HMAC covers (``_make_hash_value``,
    Django's documented account-activation generator, django-crm's
    ``TokenGenerator``) or the clock, not ``make_token``/``check_token``/
    ``_make_token_with_timestamp``, so its tokens are the same HMAC keyed by
    ``SECRET_KEY``."""
    if name in (_DJANGO_TOKEN_GENERATOR, _DJANGO_GENERATOR_CLASS):
        return True
    got = project_class(project, ff, name)
    if got is None:
        # an instance: `account_activation_token = TokenGenerator()`
        made = next((d for d in definitions(project, ff, name) if d.call is not None and not d.call.method), None)
        if made is None:
            return False
        if made.call is not None and made.call.callee == _DJANGO_GENERATOR_CLASS:
            return True
        got = project_class(project, made.ff, made.call.callee) if made.call is not None else None
    return got is not None and _keeps_django_tokens(project, got[0], got[1])


def _keeps_django_tokens(project: Project, tf: FileFacts, cls: str, depth: int = 0) -> bool:
    if any(f.name in _TOKEN_MAKING for f in methods_of(tf, cls)):
        return False
    for b in class_bases(tf, cls):
        if b == _DJANGO_GENERATOR_CLASS:
            return True
        home = base_class_home(project, tf, b) if depth < 3 else None
        if home is not None and home != (tf, cls) and has_class(home[0], home[1]) and _keeps_django_tokens(project, home[0], home[1], depth + 1):
            return True
    return False


def _django_token_check(project: Project, ff: FileFacts, c: Call) -> bool:
    if c.method != "check_token":
        return False
    if c.callee in _DJANGO_TOKEN_CHECKS or c.recv_type == _DJANGO_GENERATOR_CLASS:
        return True
    recv = c.callee[: -len(".check_token")] if c.callee.endswith(".check_token") else ""
    if any(_django_generator(project, ff, n) for n in (recv.removesuffix("()"), c.recv_type) if n):
        return True
    # `self.token_generator.check_token(user, token)` in a view whose class (or a project
    # base) sets `token_generator = default_token_generator`, as PasswordResetConfirmView does
    fn = project.funcs(ff).get(c.func) if recv.startswith("self.") and recv.count(".") == 1 else None
    held = inherited_attr(project, ff, fn.cls, recv[len("self."):]) if fn is not None and fn.cls else None
    return held is not None and held[1].k in (IDENT, CALL) and _django_generator(project, held[0], held[1].v)


def _class_methods(project: Project, tf: FileFacts, cls: str, depth: int = 0) -> list[tuple[FileFacts, str]]:
    """(file, function id) of the methods of a project class and of its project bases."""
    out = [(tf, f.id) for f in methods_of(tf, cls) if not f.parent]
    if depth < 3:
        for b in class_bases(tf, cls):
            home = base_class_home(project, tf, b)
            if home is not None and home != (tf, cls) and has_class(home[0], home[1]):
                out.extend(_class_methods(project, home[0], home[1], depth + 1))
    return out


def _redeems_django_token(project: Project, ff: FileFacts, route: Route) -> bool:
    """A reset route of the project's own whose view checks the link it is
    given with Django's token generator (``default_token_generator``, a
    ``PasswordResetTokenGenerator()``): in its body, in a project function it
    runs (two calls deep), or in a project serializer or form it instantiates
    or names as its ``serializer_class``/``form_class`` (whose ``validate``/
    ``clean`` methods ``is_valid()`` runs).  The token is then the same HMAC
    keyed by ``SECRET_KEY`` that ``PasswordResetConfirmView`` checks
    (``_django_signed_reset_link``): no rate of guessing finds one.  django-crm's
    ``ResetPasswordView.post`` validates ``ResetPasswordSerailizer``, whose
    ``validate`` runs ``default_token_generator.check_token``."""
    if ff.lang != "py":
        return False
    classes: list[tuple[FileFacts, str]] = []
    for tf, _fid, cls in view_targets(project, ff, route):
        if cls:
            attrs = class_attrs(tf, cls)
            for attr in ("serializer_class", "form_class"):
                v = attrs.get(attr)
                got = project_class(project, tf, v.v) if v is not None and v.k == IDENT else None
                if got is not None:
                    classes.append(got)
    views = ([(ff, route.handler)] if route.handler else []) + _view_funcs(project, ff, route)
    for v in _class_views_handed(project, ff, route)[len(route.middleware):]:
        # a class view handed to a view decorator in the URLconf (shuup's
        # `maintenance_mode_exempt(RecoverPasswordConfirmView.as_view())`): its methods answer
        got = project_class(project, ff, v.v[: -len(".as_view")]) if v.k == CALL and v.v.endswith(".as_view") else None
        if got is not None:
            views.extend(_class_methods(project, got[0], got[1]))
    for tf, fid in views:
        for cff, c, _site in reachable_calls(project, tf, fid, same_file=False, depth=2):
            if _django_token_check(project, cff, c):
                return True
            got = project_class(project, cff, c.callee) if c.callee else None
            if got is not None and got not in classes:
                classes.append(got)
    for cf, cls in classes[:8]:
        for mf, mid in _class_methods(project, cf, cls):
            if any(_django_token_check(project, _f, c) for _f, c, _s in reachable_calls(project, mf, mid, same_file=False, depth=1)):
                return True
    return False


# what checks an itsdangerous token's signature: a serializer's `loads` (`loads_unsafe` checks none), a signer's `unsign`
_SIGNATURE_CHECKS = frozenset({"loads", "unsign"})


def _redeems_signed_token(project: Project, ff: FileFacts, route: Route, path: str) -> bool:
    """The step of a reset that redeems the mailed token (:func:`redeems_reset_token`)
    and whose view checks it with itsdangerous -- a serializer's ``loads``
    or a signer's ``unsign``, in its body or in a project function it runs
    (two calls deep) -- and sends no reset mail itself.  The token is then
    signed with an HMAC keyed by the application's secret, which no rate of
    guessing finds, as Django's generator makes it (:func:`_redeems_django_token`):
    alerta's ``/auth/reset/<hash>`` runs ``User.verify_hash(hash, salt='reset')``
    -> ``utils.confirm_email_token`` -> ``URLSafeTimedSerializer(SECRET_KEY).loads(
    token, salt=salt, max_age=expiration)``."""
    if ff.lang != "py" or not redeems_reset_token(path, _sibling_route_paths(project, ff)):
        return False
    if _view_sends_reset_mail(project, ff, route):
        return False
    views = ([(ff, route.handler)] if route.handler else []) + _view_funcs(project, ff, route)
    return any(c.method in _SIGNATURE_CHECKS and "itsdangerous" in (package_of(c.recv_type), package_of(c.callee))
               for tf, fid in views for _f, c, _s in reachable_calls(project, tf, fid, same_file=False, depth=2))


# django-modern-rpc: the view that serves every registered RPC method at one URL, and the decorator registering one
_RPC_ENTRY_POINT = "modernrpc.views.RPCEntryPoint.as_view"


_RPC_METHOD = "modernrpc.core.rpc_method"


@per_project
def _rpc_password_methods(project: Project) -> list[tuple[FileFacts, Func, str, str, Call]]:
    """(file, function, RPC name, entry point or '' for all, password check)
    for the django-modern-rpc methods that check a password (kiwitcms'
    ``@rpc_method(name="Auth.login")`` running ``authenticate``): each is
    answered at the URL of every ``RPCEntryPoint`` it is registered on."""
    out: list[tuple[FileFacts, Func, str, str, Call]] = []
    for mf in project.code_files():
        if mf.lang != "py" or mf.shallow or _RPC_METHOD not in mf.imports.values():
            continue
        for f in mf.funcs:
            deco = next((d for d in f.decorators if d.v == _RPC_METHOD), None)
            if deco is None:
                continue
            call = project.call_of(mf, deco) if deco.k == CALL else None
            kw = call.kwargs if call is not None else {}
            name, entry = kw.get("name"), kw.get("entry_point")
            pw_check = _password_check_in(project, mf, f.id)
            if pw_check is not None:
                out.append((mf, f, name.v if name is not None and name.k == STR else f.name,
                            entry.v if entry is not None and entry.k == STR and entry.v != "__all__" else "", pw_check))
    return out


def _rpc_login_routes(project: Project, ff: FileFacts, lim: Limiters) -> list[tuple[Route, FileFacts, Func, str, Call]]:
    """A django-modern-rpc entry point of ``ff`` (``re_path(r"^json-rpc/$",
    RPCEntryPoint.as_view(...))``) that serves a method checking a password
    is a sign-in route (POST, the RPC method named in the route's router);
    a method under a limiter of its own is not returned."""
    out: list[tuple[Route, FileFacts, Func, str, Call]] = []
    for r in ff.routes:
        view = next((v for v in r.middleware if v.k == CALL and v.v == _RPC_ENTRY_POINT), None)
        if r.framework != "django" or view is None:
            continue
        call = project.call_of(ff, view)
        got = call.kwargs.get("entry_point") if call is not None else None
        entry = got.v if got is not None and got.k == STR else ""
        for mf, f, name, m_entry, pw_check in _rpc_password_methods(project):
            if m_entry and m_entry != entry or lim.func_uses_limiter(mf, f.id):
                continue
            out.append((Route("POST", r.path, f"modernrpc:{name}", "", list(r.middleware), "django", r.line, r.col), mf, f, name, pw_check))
    return out


def _nextauth_without_credentials(project: Project, ff: FileFacts, route: Route) -> bool:
    if route.framework != "next" or "[..." not in route.path:
        return False
    for f in scope_files(project, ff.path):
        for m in f.modules:
            if m.startswith("next-auth/providers/credentials") or m.startswith("@auth/core/providers/credentials"):
                return False
        for c in f.calls:
            if last_name(c.callee) in ("CredentialsProvider", "Credentials") or c.callee.endswith("providers/credentials"):
                return False
    return True


_REGISTER = lazy_re(r"(?i)^(?:register|register_user|register_new_user|signup|sign_up|create_user|create_account|add_user)$")


def _registers_only(project: Project, ff: FileFacts, route: Route) -> tuple[FileFacts, str, Call] | None:
    """(file, name, call) of the account registration a sign-in route's view
    runs (itself or up to three helpers deep: ``access.register(username,
    password)``) when nothing it runs checks a password; else None."""
    views = _view_funcs(project, ff, route)
    found: tuple[FileFacts, str, Call] | None = None
    for tf, fid in views:
        for cff, c, _site in reachable_calls(project, tf, fid, same_file=False, depth=3):
            if password_check(project, cff, c) or _wrapped_password_check(project, cff, c) is not None:
                return None
            name = c.method or last_name(c.callee)
            if found is None and _REGISTER.match(name):
                found = (cff, f"{c.recv}.{name}" if c.recv else name, c)
    return found


def _wrapped_password_check(project: Project, ff: FileFacts, call: Call) -> tuple[FileFacts, Call] | None:
    """(file, check) of the password check a project function that ``call``
    runs makes, itself or in a function it runs, else None: the project's
    wrappers around the primitive, which :func:`password_check` leaves to the
    primitive, and methods of objects :func:`reachable_calls` does not follow
    (alerta's ``user.verify_password(password)``, three helpers below its
    ``/auth/login`` view, returns ``utils.check_password_hash(...)``, which
    runs ``bcrypt.checkpw``)."""
    for g, gf in callee_funcs(project, ff, call):
        for hf, c, _site in reachable_calls(project, g, gf.id, same_file=False, depth=1):
            if password_check(project, hf, c):
                return hf, c
    return None


_SENT_WORDS = frozenset({"mail", "email", "link", "code", "otp", "sms", "token"})


_PASSWORD_TEXT = lazy_re(r"pass(?:word|wd|phrase)?\b|pwd|passw", re.I)


def _sends_sign_in_link(project: Project, ff: FileFacts, route: Route) -> tuple[FileFacts, str, Call] | None:
    """(file, name, call) of what a sign-in route's view sends -- a mail, a
    link, a one-time code (``sendMagicLink(email, token)``, ``send_login_code``)
    -- when nothing it runs (itself or up to three helpers deep) checks or even
    reads a password: a passwordless sign-in, whose abuse is mail flooding and
    account discovery, not password guessing; else None."""
    if any(_PASSWORD_TEXT.search(m.v) or "authenticate" in m.v.lower() or "passport" in m.v.lower() for m in route.middleware):
        return None  # passport.authenticate('local') checks the password before the view runs
    if _view_reads_password(project, ff, route):
        return None
    found: tuple[FileFacts, str, Call] | None = None
    for tf, fid in _view_funcs(project, ff, route):
        for cff, c, _site in reachable_calls(project, tf, fid, same_file=False, depth=3):
            name = c.method or last_name(c.callee)
            words = set(name_words(name))
            if found is None and "send" in words and words & _SENT_WORDS:
                found = (cff, f"{c.recv}.{name}" if c.recv else name, c)
    return found


def _reset_named(path: str) -> bool:
    """The path ends in a segment with the word `reset` (canaille's bare
    `/reset`, assemblyline-ui's `/get_reset_link/`), with no parameter after
    it: a reset of something, named by what its view does."""
    raw = [p for p in path.strip().split("/") if p]
    return bool(raw) and raw[-1][:1] not in ":{<[(*$" and "reset" in name_words(raw[-1])


def _view_sends_reset_mail(project: Project, ff: FileFacts, route: Route) -> bool:
    """The route's view, in its own body, sends a password reset message: a
    call named for sending, a reset and a mail, link or code
    (``send_password_reset_mail(user, email)``, ``sendResetEmail``)."""
    for tf, fid in _view_funcs(project, ff, route):
        for c in project.calls_in(tf, fid):
            words = set(name_words(c.method or last_name(c.callee)))
            if "send" in words and "reset" in words and words & _SENT_WORDS:
                return True
    return False


def _view_reads_password(project: Project, ff: FileFacts, route: Route) -> bool:
    """What the route's view runs (itself or up to three helpers deep) checks
    or even reads a password: a parameter so named, a password check, or a
    call whose text names one (``bcrypt.hashpw(str.encode(self.password), ...)``)."""
    for tf, fid in _view_funcs(project, ff, route):
        fn = project.funcs(tf).get(fid)
        if fn is not None and any(_PASSWORD_TEXT.search(p) for p in fn.params):
            return True
        for cff, c, _site in reachable_calls(project, tf, fid, same_file=False, depth=3):
            if password_check(project, cff, c) or _PASSWORD_TEXT.search(c.text):
                return True
    return False


# the password an account holds now, which a change-of-password form asks for (`form.current_password.data`, `old_password`)
_CURRENT_PASSWORD = lazy_re(r"(?i)(?:current|old|existing)_?pass(?:word|wd)?")


def _current_password_use(project: Project, ff: FileFacts, route: Route) -> tuple[FileFacts, Call] | None:
    """(file, call) where a reset route's view -- itself or up to three
    helpers deep -- hands on the account's current password (noggin's
    ``ipa.change_password(username, password, current_password, otp)``, the
    form an expired password is changed in): a check of that password,
    answered to whoever asks, not a mail sent or a token redeemed; else None."""
    for tf, fid in _view_funcs(project, ff, route):
        for cff, c, _site in reachable_calls(project, tf, fid, same_file=False, depth=3):
            if any(a.k == IDENT and _CURRENT_PASSWORD.search(a.v) for a in [*c.args, *c.kwargs.values()]):
                return cff, c
    return None


def _edits_one_session(ff: FileFacts, route: Route) -> bool:
    """The route's router also updates one item of the collection the route
    posts to in place (``PUT /sessions/{session_id}``): a record with content
    of its own, which a sign-in session does not have."""
    return any(r.router == route.router and r.method in ("PUT", "PATCH") and one_item_path(route.path, r.path) for r in ff.routes)


def _session_record(project: Project, ff: FileFacts, route: Route) -> bool:
    """A ``POST .../sessions`` whose router also edits one session in place,
    and whose view -- with what it runs, three helpers deep -- checks no
    password, names none and no other credential or grant in its parameters
    or calls, calls nothing named to verify or sign in, and sends no sign-in
    message: autogenstudio's ``create_session(session: Session)`` stores the
    agent chat session it is sent (``db.upsert(session)``), which ``PUT
    /sessions/{session_id}`` edits; nothing sent there is a guess."""
    if not _edits_one_session(ff, route):
        return False
    views = _view_funcs(project, ff, route)
    if not views or _sends_sign_in_link(project, ff, route) is not None:
        return False
    for tf, fid in views:
        fn = project.funcs(tf).get(fid)
        if fn is None or any(_PASSWORD_TEXT.search(p) or _OTHER_GRANT.search(p) for p in fn.params):
            return False
        for cff, c, _site in reachable_calls(project, tf, fid, same_file=False, depth=3):
            named = [c.callee, *c.kwargs, *(v.v for v in (*c.args, *c.kwargs.values()) if v.k in (IDENT, STR))]
            if password_check(project, cff, c) or _PASSWORD_TEXT.search(c.text) or any(_OTHER_GRANT.search(n) for n in named) \
                    or _CODE_CHECK.search(c.method or last_name(c.callee)):
                return False
    return True


_SECOND_FACTOR = frozenset({"totp", "otp", "2fa", "mfa", "tfa", "factor", "authenticator"})


_ENROL = frozenset({"enable", "enroll", "enrol", "setup", "activate", "provision"})


_VERIFY = frozenset({"verify", "check", "validate", "authenticate", "login"})


def _enrols_second_factor(project: Project, ff: FileFacts, route: Route) -> bool:
    """The OTP route's view turns a second factor on for the signed-in user
    (zou's ``TOTPResource``: ``auth_service.enable_totp(current_user["id"],
    body.totp)``) and verifies no code at a sign-in: a guess there needs the
    victim's full session first.  (A verify step at sign-in runs inside a
    first-factor session, so a signed-in guard alone does not clear it.)"""
    enrols = False
    for tf, fid in _view_funcs(project, ff, route):
        for c in project.calls_in(tf, fid):
            words = set(name_words(c.method or last_name(c.callee)))
            if not words & _SECOND_FACTOR:
                continue
            if words & _VERIFY:
                return False
            enrols = enrols or bool(words & _ENROL)
    return enrols


def _handler_check(project: Project, ff: FileFacts, route: Route) -> Call | None:
    if not route.handler:
        return None
    for c in project.calls_in(ff, route.handler):
        if password_check(project, ff, c):
            return c
    return None


def _answers_constant(project: Project, ff: FileFacts, route: Route) -> bool:
    """The route's view only answers an error: one function that returns a
    literal body with a 4xx/5xx status and makes no call from its first line
    to its last (its signature's defaults and nested functions included: a
    FastAPI ``Depends(authenticate)`` is a call), with nothing wrapped around
    it but a CSRF exemption.  pyload's retired ``POST /api/login`` answers
    ``"Obsolete API", 404``: no credential is checked there, so there is
    nothing to guess."""
    if not route.handler or any("csrf" not in m.v.lower() for m in route.middleware):
        return False
    fn = project.funcs(ff).get(route.handler)  # the decorated function (Flask), else what the route names
    tf, fid = ff, route.handler
    if fn is None:
        targets = view_targets(project, ff, route)
        if len(targets) != 1 or not targets[0][1]:
            return False
        tf, fid, _cls = targets[0]
        fn = project.funcs(tf).get(fid)
    if fn is None or any(not (d.line == route.line or "csrf" in d.v.lower()) for d in fn.decorators):
        return False
    errors = (tf.extra.get("error_returns") or []) if tf.extra else []
    if not any(isinstance(e, list) and e and e[0] == fid for e in errors):
        return False
    return not calls_between(tf, fn.line, fn.end_line)


def _secretless_auth(project: Project, ff: FileFacts, route: Route, path: str) -> bool:
    """A route named only ``auth`` whose view checks no secret and is no
    form view: pretalx's (and pretix's) ``EventAuth.post`` takes a random
    session key from another domain and moves that session over, with no
    password to guess.  ``/login`` and the like stay sign-ins whatever their
    view shows; a view given a ``form_class`` is a login form."""
    raw = [p for p in path.strip().split("/") if p]
    if not raw or raw[-1].lower() not in AUTH:
        return False  # (not `/auth/:provider`: medusa's sign-in through a provider)
    for tf, _fid, cls in view_targets(project, ff, route):
        if cls and "form_class" in class_attrs(tf, cls):
            return False
    return _checks_no_secret(project, ff, route)


def _view_funcs(project: Project, ff: FileFacts, route: Route) -> list[tuple[FileFacts, str]]:
    """(file, function id) of what the route's view runs: the function it
    names, or the methods of the class view it dispatches to."""
    views: list[tuple[FileFacts, str]] = []
    for tf, fid, cls in view_targets(project, ff, route):
        if fid:
            views.append((tf, fid))
        elif cls:
            views.extend((tf, f.id) for f in methods_of(tf, cls) if not f.parent)
    return views


def _checks_no_secret(project: Project, ff: FileFacts, route: Route) -> bool:
    """The route's view (its handler, or the methods of the class view it
    dispatches to: ``ProjectReleasesTokenEndpoint.as_view()``) checks no
    password, hands none on and answers no OAuth token request.  False when
    no view is seen."""
    views = _view_funcs(project, ff, route)
    if not views:
        return False
    for tf, fid in views:
        for c in project.calls_in(tf, fid):
            if password_check(project, tf, c) or c.method == "create_token_response" or "password" in c.kwargs \
                    or any(v.k == IDENT and v.v.rsplit(".", 1)[-1] == "password" for v in (*c.args, *c.kwargs.values())):
                return False
    return True


# what redeeming a refresh token calls (`rotateRefreshToken(token)`, `verify_refresh_token`), not minting one
_REFRESH_USE = lazy_re(r"(?i)^(?:rotate|verify|validate|consume|exchange|redeem|use|decode|find|get|read|load|lookup)_?\w*refresh")


# what swapping a one-time authorization code for a token calls, the second leg of a
# sign-in checked elsewhere (node-red's `Tokens.exchangeCodeForToken(req.body.code)`
# after its SSO strategy's callback), not checking a code the user types
_CODE_EXCHANGE = lazy_re(r"(?i)^exchange_?(?:auth(?:ori[sz]ation)?_?)?code")


# what a view that also takes other grants or credentials names (an OAuth `/token` serving
# the password grant beside the refresh grant is still a sign-in)
_OTHER_GRANT = lazy_re(r"(?i)passw|username|grant|credential|secret|client_?id")


def _refresh_exchange(project: Project, ff: FileFacts, route: Route) -> bool:
    """A token route whose view we see checks no password, names no other
    grant or credential, and redeems a refresh token (Strapi admin's ``POST
    /access-token``: ``rotateRefreshToken(ctx.cookies.get(REFRESH_COOKIE_NAME))``):
    the refresh step, which the catalog leaves out like ``/auth/refresh``, not
    a sign-in; or swaps an authorization code for a token (node-red's ``POST
    /auth/token``: ``Tokens.exchangeCodeForToken(req.body.code)``, a code its
    sign-in callback issued): the end of a sign-in checked elsewhere."""
    if not _checks_no_secret(project, ff, route):
        return False
    redeems = False
    for tf, fid, _cls in view_targets(project, ff, route):
        for c in project.calls_in(tf, fid) if fid else ():
            named = [c.callee, *c.kwargs, *(v.v for v in (*c.args, *c.kwargs.values()) if v.k in (IDENT, STR))]
            if any(_OTHER_GRANT.search(n) for n in named):
                return False
            if _REFRESH_USE.match(c.method or last_name(c.callee)) or _CODE_EXCHANGE.match(c.method or last_name(c.callee)):
                redeems = True
            elif c.method == "get" and any(v.k in (IDENT, STR) and "refresh" in v.v.lower() for v in c.args[:1]):
                redeems = True  # `ctx.cookies.get(REFRESH_COOKIE_NAME)`, `req.cookies.get('refresh_token')`
    return redeems


def _names_other_grant(project: Project, tf: FileFacts, fid: str) -> bool:
    """A parameter of the function, or a call in it (its callee, keywords and
    named arguments), names a grant or credential (``_OTHER_GRANT``)."""
    fn = project.funcs(tf).get(fid)
    bearer = _bearer_params(project, tf, fid)
    if fn is not None and any(_OTHER_GRANT.search(p) for p in fn.params if p not in bearer):
        return True
    for c in project.calls_in(tf, fid):
        named = [c.callee, *c.kwargs, *(v.v for v in (*c.args, *c.kwargs.values()) if v.k in (IDENT, STR))]
        if any(_OTHER_GRANT.search(n) for n in named if n.split(".", 1)[0] not in bearer):
            return True
    return False


def _bearer_params(project: Project, tf: FileFacts, fid: str) -> set[str]:
    """The parameters of a function typed as FastAPI's
    ``HTTPAuthorizationCredentials``, what ``HTTPBearer`` reads from the
    Authorization header (Airflow's ``get_user(..., bearer_credentials)``):
    a token the server issued, which the request already carries, no guess."""
    return {c.recv.split(".", 1)[0] for c in project.calls_in(tf, fid)
            if c.recv and c.recv_type == "fastapi.security.HTTPAuthorizationCredentials"}


# a FastAPI dependency that gives who is asking, from the sign-in the request
# already carries (conda-store's `Depends(get_entity)`: `auth.authenticate_request(request)`,
# its cookie or bearer token), not a sign-in of its own
_CALLER_DEP = lazy_re(r"(?i)^get_(?:current_|request_|optional_)?(?:entity|user|identity|principal|caller)(?:_optional|_or_none)?$")


def _mints_for_caller(project: Project, ff: FileFacts, route: Route) -> bool:
    """A FastAPI token route whose view checks no password and names no grant
    or credential, and that takes who is asking from a dependency of the
    project's own reading the caller's identity, which itself takes no
    credential and checks no password (conda-store's ``POST /api/v1/token/``:
    ``entity=Depends(get_entity)``, then ``encrypt_token`` of an entity no
    wider than it): the token is made from the sign-in the request already
    carries, as at a refresh, and nothing sent there is a guess."""
    if route.framework != "fastapi" or not _checks_no_secret(project, ff, route):
        return False
    if any(_names_other_grant(project, tf, fid) for tf, fid in _view_funcs(project, ff, route)):
        return False
    for home, dep in _fastapi_depends(project, ff, route):
        if not dep.args or dep.args[0].k not in (IDENT, FN):
            continue
        got = fn_of_val(project, home, dep.args[0])
        if got is None or not _CALLER_DEP.match(got[1].name):
            continue
        df, dfn = got
        checks = any(password_check(project, df, c) or "password" in c.kwargs
                     or any(a.k == IDENT and a.v.rsplit(".", 1)[-1] == "password" for a in (*c.args, *c.kwargs.values()))
                     for c in project.calls_in(df, dfn.id))
        if not checks and not _names_other_grant(project, df, dfn.id):
            return True
    return False


def _fastapi_depends(project: Project, ff: FileFacts, route: Route) -> Iterable[tuple[FileFacts, Call]]:
    """The ``Depends()``/``Security()`` calls of a FastAPI route, each with the
    file it is written in: the route's own, and those of the parameters
    annotated with an alias imported from another module (Airflow's ``user:
    GetUserDep``, ``GetUserDep = Annotated[BaseUser, Depends(get_user)]`` in
    its security module)."""
    for v in route.middleware:
        dep = project.call_of(ff, v) if v.k == CALL else None
        if dep is not None and last_name(dep.callee) in ("Depends", "Security"):
            yield ff, dep
    for dotted in ((ff.extra or {}).get("depends_alias_imports") or {}).get(route.handler, ()):
        target = module_and_attr(project, dotted)
        index = ((target[0].extra or {}).get("depends_aliases") or {}).get(target[1]) if target is not None else None
        if target is not None and isinstance(index, int) and 0 <= index < len(target[0].calls):
            yield target[0], target[0].calls[index]


def _plain_segments(path: str) -> list[str]:
    """The path's segments in lower case, its parameters (`:id`, `{id}`,
    `<user:user>`, `[id]`) left out."""
    return [p.lower() for p in path.split("/") if p and not p.startswith((":", "{", "<", "["))]


def _bare_otp(path: str) -> bool:
    """The path ends in an OTP word alone (``/totp``, ``/credentials/2fa``), with
    no verify word after it and no sign-in word before it."""
    segs = _plain_segments(path)
    return bool(segs) and segs[-1] in OTP_WORDS and not _SIGN_IN_WORDS.intersection(segs[:-1])


_SIGN_IN_WORDS = frozenset({"auth", "login", "signin", "sign-in", "sign_in", "session", "sessions", "oauth", "sso"})


# the channel a one-time sign-in code is sent through, named as a step of the sign-in (`/auth/sms`, `/login/email`)
_CODE_CHANNELS = frozenset({"sms", "email", "mail", "e-mail"})


# a call that checks a one-time code: canaille's `user.is_email_or_sms_otp_valid(form.otp.data)`, `verify_code(...)`
_OTP_CHECK_NAME = lazy_re(r"(?i)otp|code|passcode|pin(?:$|_)")


def _code_channel_step(path: str) -> bool:
    """The path is a sign-in step named for the channel a one-time code is
    sent through: `/auth/sms`, `/auth/email`, `/login/mail`."""
    segs = _plain_segments(path)
    return len(segs) > 1 and segs[-1] in _CODE_CHANNELS and segs[-2] in _SIGN_IN_WORDS


def _reset_code_step(path: str) -> bool:
    """The last segment that is not a parameter names a reset's code
    (canaille's `/reset-code/<user:user>`, `/verify_reset_code`, `/resetcode`)."""
    segs = _plain_segments(path)
    if not segs:
        return False
    words = re.split(r"[-_]", segs[-1])
    return ("reset" in words and bool(_RESET_CODE_WORDS.intersection(words))) or segs[-1] in ("resetcode", "resetotp")


_RESET_CODE_WORDS = frozenset({"code", "otp", "pin"})


def _view_checks_code(project: Project, ff: FileFacts, route: Route) -> bool:
    """The route's view, in its own body, checks a one-time code: a call named
    for both a check and a code (`is_email_or_sms_otp_valid`, `verify_otp`,
    `check_code`), or a comparison of a code (`if user.otp != form.code`)."""
    for tf, fid in _view_funcs(project, ff, route):
        for c in project.calls_in(tf, fid):
            name = c.method or last_name(c.callee)
            if _CODE_CHECK.search(name) and _OTP_CHECK_NAME.search(name):
                return True
        if _compares(project, tf, fid, _OTP_COMPARE.search):
            return True
    return False


def _compares(project: Project, tf: FileFacts, fid: str, test: Callable[[str], object]) -> bool:
    """A comparison in function ``fid`` (or a function nested in it) whose
    text passes ``test`` (`if user.otp != form.code`, `challenge.attempts >= 5`)."""
    mine = {fid, *project.nested_funcs(tf, fid)}
    compares = tf.extra.get("compares", ()) if tf.extra else ()
    return any(isinstance(cmp, list) and len(cmp) >= 3 and cmp[1] in mine and test(str(cmp[2])) for cmp in compares)


# what a code check calls: pyotp `verify`, speakeasy `totp.verify`, otplib `check`, `compare_digest`, a login helper
_CODE_CHECK = lazy_re(r"(?i)verif|check|valid|compare|authenticat|login|sign_?in|match")


def _checks_no_code(project: Project, ff: FileFacts, route: Route) -> bool:
    """The route's view is seen and calls nothing that could check a code or
    a password (a handler that stores or forwards a code it is sent)."""
    views = [(tf, fid) for tf, fid, _cls in view_targets(project, ff, route) if fid]
    if not views:
        return False
    for tf, fid in views:
        for c in project.calls_in(tf, fid):
            if password_check(project, tf, c) or _may_check_code(c.method or c.callee.rsplit(".", 1)[-1]):
                return False
        # `if (user.otp !== req.body.code)`: a comparison does the check itself
        if _compares(project, tf, fid, _compares_code):
            return False
    return True


_CODE_WORD = lazy_re(r"(?i)code|otp|token|pin\b|digits|secret")


def _may_check_code(name: str) -> bool:
    """A call named ``name`` may check a code or a password: a name with a
    check word (`verify_otp`, `check_code`) or a sign-in helper's
    (`login_user`), but not a parser named for what it reads
    (`parse_otp_login(content)` reads a code out of a sign-in message)."""
    if not _CODE_CHECK.search(name):
        return False
    words = name_words(name)
    return not (words and words[0] in _READ_VERBS and not _CHECK_WORD.search(name))


# the leading verb of a call that reads or converts what it is given, and checks nothing
_READ_VERBS = frozenset({"parse", "extract", "format", "serialize"})


# a check word without the sign-in words of _CODE_CHECK
_CHECK_WORD = lazy_re(r"(?i)verif|check|valid|compare|authenticat|match")


def _compares_code(text: str) -> object:
    """The comparison ``text`` may check a code: it names one
    (`user.otp != form.code`) and is no size bound on what was sent
    (`len(data.content) > settings.TOTP_RAW_CONTENT_MAX_LENGTH`)."""
    return _CODE_WORD.search(text) and not _SIZE_BOUND.search(text)


# a comparison of a length: `len(x) > MAX`, `MAX < len(x)`, `body.code.length !== 6`
_SIZE_BOUND = lazy_re(r"^\s*len\(|(?:[<>]=?|[!=]=)\s*len\(|\.length\s*(?:[<>]=?|[!=]==?)|(?:[<>]=?|[!=]==?)\s*[\w.]+\.length\s*$")


# what verifies a WebAuthn/FIDO2 assertion: py_webauthn's `verify_authentication_response`,
# python-fido2's `Fido2Server.authenticate_complete`, @simplewebauthn/server's `verifyAuthenticationResponse`
_WEBAUTHN_VERIFY = frozenset({"verify_authentication_response", "authenticate_complete", "verifyAuthenticationResponse"})


_OTP_NAME_WORDS = frozenset({"otp", "totp", "hotp", "2fa", "tfa", "code", "pin"})


_OTP_COMPARE = lazy_re(r"(?i)otp|code|pin|digits")


def _verifies_webauthn_only(project: Project, ff: FileFacts, route: Route) -> bool:
    """The OTP route's view (or a project function it calls) verifies a
    WebAuthn assertion -- a signature by the user's registered key over the
    challenge the server issued (integreat-cms's ``WebAuthnVerifyView``:
    ``verify_authentication_response(..., credential_public_key=key.public_key)``)
    -- and checks no code and no password: there is no small space of values to
    guess, so no limiter is missing for a brute force."""
    starts = [(tf, fid) for tf, fid in _view_funcs(project, ff, route)]
    webauthn = False
    for tf, fid in functions_reached(project, starts):
        for c in project.calls_in(tf, fid):
            name = c.method or last_name(c.callee)
            if name in _WEBAUTHN_VERIFY:
                webauthn = True
            elif password_check(project, tf, c) or (_CODE_CHECK.search(name) and (
                    _OTP_NAME_WORDS.intersection(name_words(name)) or "otp" in f"{c.recv} {c.recv_type}".lower())):
                return False  # `check_totp_code(code, key)`, `pyotp.TOTP(key).verify(code)` beside it
        if _compares(project, tf, fid, _OTP_COMPARE.search):
            return False  # `if user.otp_code != request.POST["code"]`: a code checked by hand
    return webauthn


# the names in an ordering comparison (`challenge.attempts >= 5`, `MAX_TRIES > tries`)
_NAME_PARTS = lazy_re(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


_ATTEMPT_PARTS = frozenset({"attempt", "attempts", "tries", "failures", "fails", "failed"})


def _attempt_cap(text: str) -> bool:
    """``text`` compares a count of attempts against a bound."""
    if not ORDERING.search(text):
        return False
    return any(p.lower() in _ATTEMPT_PARTS for p in _NAME_PARTS.findall(re.sub(r"(['\"]).*?\1", "", text)))


def _caps_code_attempts(project: Project, ff: FileFacts, route: Route) -> bool:
    """The code check of an OTP route (its view, or a project function it
    calls, three calls deep across modules) compares a count of attempts
    against a bound: open-webui's ``verify_mfa_challenge`` ->
    ``load_challenge`` refuses a challenge after ``challenge.attempts >= 5``.
    A second factor is guessed within one sign-in: when each challenge takes a
    handful of codes, the million values cannot be tried, limiter or not."""
    starts = [(tf, fid) for tf, fid, _cls in view_targets(project, ff, route) if fid]
    for tf, fid in functions_reached(project, starts):
        if _compares(project, tf, fid, _attempt_cap) or _medusa_challenge_check(project, tf, fid):
            return True
    return False


# Medusa's module container key of its auth module (`req.scope.resolve(Modules.AUTH)`)
_MEDUSA_AUTH_MODULE = lazy_re(r"^@medusajs/[\w/-]+\.Modules\.AUTH$")


def _medusa_challenge_check(project: Project, tf: FileFacts, fid: str) -> bool:
    """The function checks the code with Medusa's auth module,
    ``req.scope.resolve(Modules.AUTH).verifyAuthMfaChallenge(...)``: the module
    (@medusajs/auth, since MFA came in 2.15.3) counts failed codes per challenge
    and refuses one after ``max_attempts`` (5 unless the module's
    ``mfa.challenge_max_attempts`` says otherwise), as a project's own
    ``challenge.attempts >= 5`` does."""
    return _medusa_auth_call(project, tf, fid, frozenset({"verifyAuthMfaChallenge"}))


# the methods of Medusa's auth module that check a code of its MFA factors
_MEDUSA_MFA_CHECKS = frozenset({"verifyAuthMfaChallenge", "verifyAuthMfa", "useAuthMfaRecoveryCode"})


def _medusa_auth_call(project: Project, tf: FileFacts, fid: str, methods: frozenset[str]) -> bool:
    """The function calls one of ``methods`` on Medusa's auth module, the
    result of ``resolve(Modules.AUTH)`` (``Modules`` from @medusajs/*) assigned
    to a name or chained in place; a service of the project's own
    (``resolve("otpService")``) is not it."""
    calls = project.calls_in(tf, fid)
    auth = [c for c in calls if c.method == "resolve" and c.args and c.args[0].k == IDENT and _MEDUSA_AUTH_MODULE.match(c.args[0].v)]
    return any(
        c.method in methods
        and any((a.assigned and a.assigned == c.recv) or (a.line == c.line and "resolve(" in c.recv) for a in auth)
        for c in calls)


def _medusa_mfa_passed(project: Project, ff: FileFacts, route: Route) -> bool:
    """A Medusa 2 OTP route that only a session past the second factor
    reaches: its middlewares file puts it behind Medusa's ``authenticate``
    without ``requireMfa: false`` (the framework then answers 401 to a token
    of an identity with MFA on whose challenge was not completed), and its
    view (or a function it reaches) checks the code with Medusa's auth module
    (medusa's ``/auth/mfa/factors/:id/verify``, ``verifyAuthMfa``: confirming
    a factor being set up).  Whoever has only the password cannot call it;
    for an identity without MFA there is no second factor to guess.  A code a
    project checks with a service of its own is still judged, since Medusa's
    MFA flag says nothing of that factor."""
    if not _medusa_authenticated(project, ff, route, second_factor=True):
        return False
    starts = [(tf, fid) for tf, fid, _cls in view_targets(project, ff, route) if fid]
    return any(_medusa_auth_call(project, tf, fid, _MEDUSA_MFA_CHECKS) for tf, fid in functions_reached(project, starts))


_REDIRECTS = frozenset({"redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect", "RedirectResponse", "redirect_to_login"})


# calls that start a single sign-on flow: they send the browser to the identity provider
_SSO_START = frozenset({"do_auth", "authorize_redirect", "create_login_url", "get_authorization_url", "authorization_url",
                        "create_authorization_url", "auth_url", "get_redirect_url", "build_authorize_url",
                        # openid-client and other JS SDKs
                        "authorizationUrl", "generateAuthorizationUrl", "getAuthorizationUrl", "createAuthorizationURL", "buildAuthorizationUrl",
                        "buildAuthorizeUrl", "authorizeURL", "getAuthorizeUrl",
                        # python-openid: AuthRequest.redirectURL(realm, return_to) sends the browser to the OpenID provider
                        "redirectURL"})


# the social sign-on libraries' own helpers, forms and models, which take no password (a failed
# sign-on's error page `render_authentication_error`, the OpenID identifier `LoginForm`)
_SSO_LIBRARIES = ("allauth.socialaccount.", "openid.consumer.", "openid.extensions.", "social_core.", "social_django.")


# Django's bare class view: every answer of a class built on it is one of its own methods
_BARE_DJANGO_VIEWS = frozenset({"django.views.generic.View", "django.views.generic.base.View", "django.views.View"})


# what else a view that only redirects may call: reading a parameter, building a URL
_REDIRECT_HELPERS = frozenset({
    "get", "getlist", "reverse", "url_for", "url_path_for", "urljoin", "build_absolute_uri", "url_has_allowed_host_and_scheme", "is_safe_url",
    "resolve_url", "quote", "urlencode", "format", "join", "strip", "lower", "str", "encodeURIComponent", "query",
    "Number", "String", "parseInt", "stringify", "dumps", "int",
    # what checking a redirect target reads, and the refusals around it (Misago's login view)
    "get_host", "is_secure", "get_full_path", "urlparse", "urlsplit", "PermissionDenied", "Http404", "gettext", "pgettext", "_",
})


# a validator of an identifier the browser sends along (`checkRenderingId(renderingId)`): no secret
_ID_CHECK = lazy_re(r"^(?:check|validate|assert|ensure)[A-Z_]\w*(?:Id|_id)$")


def _view_sends_elsewhere(project: Project, ff: FileFacts, route: Route) -> bool:
    """A handler we can see that checks nothing and sends the browser elsewhere:
    ``return redirect(settings.LOGIN_REDIRECT_URL)``, or the start of an OAuth /
    social sign-on (``do_auth(backend)``, ``authorize_redirect``): the
    credentials are checked by another endpoint (or the identity provider).
    Not a handler behind middleware that checks the password itself
    (``passport.authenticate('local')`` then ``res.redirect('/')``)."""
    if any(_password_middleware(project, ff, v) for v in route.middleware):
        return False
    for tf, fid, cls in view_targets(project, ff, route):
        if fid and _runs_wrapped_view(project, tf, fid):
            continue  # oscar's `login_forbidden(PasswordResetView.as_view())`: the wrapped view answers, judged on its own
        if fid and fid in project.funcs(tf):
            calls = project.calls_in(tf, fid)
        elif cls and _bare_class_view(tf, cls):
            calls = [c for mf, mid in _class_methods(project, tf, cls) for c in project.calls_in(mf, mid)]
        else:
            continue
        names = [c.method or last_name(c.callee) for c in calls]
        if not any(n in _REDIRECTS or n in _SSO_START for n in names):
            if not fid:  # a class view that only renders is judged as before
                continue
            return _renders_only(project, tf, fid, names)
        # anything else (a password compare, a user lookup, a form) may check a credential
        if all(n in _REDIRECTS or n in _SSO_START or n in _REDIRECT_HELPERS or _ID_CHECK.match(n) for n in names):
            return True
        # an SSO start that also sets up its strategy (`load_strategy`, `load_backend`: python-social-auth's
        # @psa written out) and calls nothing that may check or take a credential
        return any(n in _SSO_START for n in names) and not any(
            _CREDENTIAL_CALL.search(n) for c, n in zip(calls, names, strict=True)
            if n not in _SSO_START and n not in _REDIRECTS and n not in _REDIRECT_HELPERS and not c.callee.startswith(_SSO_LIBRARIES))
    return False


def _runs_wrapped_view(project: Project, tf: FileFacts, fid: str) -> bool:
    """A view decorator applied in the URLconf (django-oscar's
    ``login_forbidden(auth_views.PasswordResetView.as_view())``): the function,
    or the closure it returns, calls the view it was handed
    (``view_func(request, *args, **kwargs)``), so that view answers the request;
    what the decorator itself renders (a page for signed-in users) says nothing
    about where the credentials go."""
    fn = project.funcs(tf).get(fid)
    if fn is None or not fn.params:
        return False
    params = {p.lstrip("*") for p in fn.params}
    return any(c.callee in params for c in project.calls_in(tf, fid))


def _bare_class_view(tf: FileFacts, cls: str) -> bool:
    """A Django class view built on the bare ``View`` alone: what it answers is
    its own methods (django-mailman3's Fedora ``LoginView``), no base view's
    ``post`` that may take a password."""
    bases = class_bases(tf, cls)
    return bool(bases) and all(b in _BARE_DJANGO_VIEWS for b in bases)


# calls that render a page (the sign-in form)
_RENDERS = frozenset({"render", "renderFile", "render_template", "TemplateResponse", "render_to_response", "renderToString"})


# calls that may check a credential or take one
_CREDENTIAL_CALL = lazy_re(r"(?i)pass(?:word|wd)|compare|verify|authenticat|login|sign_?in|check|find|lookup|query|validat|hash|session|token_?(?:for|create)|bcrypt|argon|scrypt")


def _renders_only(project: Project, tf: FileFacts, fid: str, names: list[str]) -> bool:
    """A handler that renders a page and checks nothing (keystone's
    ``router.all('/signin', SigninRoute)``, whose function only fills a template
    with ``ejs.renderFile``) and reads no submitted form: the form posts to
    another endpoint, judged on its own.  A Python file says which functions
    read a form (``extra["form_reads"]``: anitya's OAuth provider page beside
    a token form view); elsewhere no function of the file may read one."""
    if not any(n in _RENDERS for n in names) or any(_CREDENTIAL_CALL.search(n) for n in names):
        return False
    readers = (tf.extra or {}).get("form_reads") if tf.lang == "py" else None
    if isinstance(readers, list):
        return not any(r == fid or project.is_inside(tf, r, fid) for r in readers)
    return not any(seg in FORM_READS for a in tf.attrs for seg in a.split("."))


# passport strategies that send the browser to an identity provider instead of taking a password
_SSO_STRATEGIES = lazy_re(r"(?i)oauth|openid|oidc|saml|google|github|gitlab|facebook|twitter|microsoft|azure|apple|auth0|okta|keycloak|discord|slack|linkedin|cas\b")


def _password_middleware(project: Project, ff: FileFacts, v: Val) -> bool:
    """``passport.authenticate('local', ...)``: the route checks a password itself."""
    if v.k != CALL:
        return False
    call = project.call_of(ff, v)
    if call is None or not (call.callee == "passport.authenticate" or call.callee.endswith(".authenticate") and "passport" in call.callee):
        return False
    first = call.args[0] if call.args else None
    return first is not None and first.k == STR and not _SSO_STRATEGIES.search(first.v)


def _redirect_only(route: Route) -> bool:
    """A route served by Django's ``RedirectView`` only points elsewhere: no
    credential is ever checked there (its target is judged where it is routed)."""
    return any(
        v.k == CALL and (v.v.endswith(".RedirectView.as_view") or v.v == "RedirectView.as_view")
        for v in route.middleware
    )


# decorators / dependencies / middleware that let only signed-in users through:
# a route behind one is not where anonymous guesses arrive (`passport.authenticate`
# is the credential check of a login route itself, not such a guard)
_SIGNED_IN_ONLY = lazy_re(
    # (`_needed` as `_required`: canaille's `@user_needed("manage_oidc")` answers 403 without a signed-in user)
    r"^(?:\w+_)?(?:login|admin|staff|superuser|auth|jwt|user)_(?:required|needed)$|^requires?_(?:login|auth|authentication|admin|staff|user)$"
    r"|^(?:user_)?api_key_auth$|^(?:ensure_?)?(?:logged_?in|authenticated)$|^is_?(?:authenticated|logged_?in|admin)(?:_(?:admin|user|api|session|staff))*$"
    r"|^require_?(?:auth|authentication|login|admin|user)$|^ensure_?admin$"
    # role and permission gates (only a signed-in account has a role):
    # `isAdminOrHasConfigMinRole(...)`, `hasRole('admin')`, `requirePermission(...)`
    r"|^is_?(?:admin|staff|superuser)_?or_?\w+$|^(?:has|requires?|ensure|check)_?\w*?_?(?:roles?|permissions?)$"
    # FastAPI dependencies that resolve the signed-in user (raising 401 without one)
    r"|^get_(?:current_|verified_|admin_|authenticated_|logged_in_)?(?:active_)?(?:user|admin|superuser)$"
    # an authenticator object as a dependency (opal's `Depends(authenticator)`, a StaticBearerAuthenticator)
    r"|^(?:\w+_)?(?:bearer_|token_|jwt_|api_key_)?authenticator$",
    re.I,
)


# ...but not the guards that admit only signed-out visitors (`@anonymous_user_required`)
_SIGNED_OUT_ONLY = lazy_re(r"anonym|(?:^|_)anon(?:_|$)|guest|unauth|logged_?out|^(?:not|no)_", re.I)


def _guard_names(project: Project, ff: FileFacts, val: Val) -> Iterable[str]:
    if val.k == FN:  # a function of the file, by reference: `requireAuth@2`
        yield val.v.split("@", 1)[0]
        return
    yield last_name(val.v)
    call = project.call_of(ff, val) if val.k == CALL else None
    if call is not None and last_name(call.callee) in ("Depends", "Security"):
        for a in call.args[:1]:
            if a.k in (IDENT, CALL):
                yield last_name(a.v)


_DENIALS = frozenset({"HTTPUnauthorized", "HTTPForbidden"})


_QUOTED = lazy_re(r"""["']([^"']*)["']""")


def _behind_app_gate(project: Project, ff: FileFacts, route: Route, path: str) -> bool:
    """An aiohttp route of a service whose ``web.Application(middlewares=[auth])``
    turns away every request without credentials except the paths it lists
    (``if request.path.startswith("/auth/"): return await handler(request)``):
    a login route outside that list is for signed-in callers only."""
    if route.framework != "aiohttp":
        return False
    svc = project.service_of(ff.path)
    gates = _aiohttp_gates(project).get(svc.root if svc is not None else "", [])
    return any(not any(path.startswith(p) if p.endswith("/") else path == p or path.startswith(p + "/") for p in public) for public in gates)


# Flask-AppBuilder's view decorators that turn away a request without a signed-in
# user holding the view's permission (`has_access` redirects to the sign-in, `protect()` answers 401)
_APPBUILDER_GUARDS = frozenset({"has_access", "has_access_api", "protect"})


def _sign_in_guard(project: Project, ff: FileFacts, v: Val) -> bool:
    if v.k in (IDENT, CALL) and v.v.startswith("flask_appbuilder") and last_name(v.v) in _APPBUILDER_GUARDS:
        return True
    return v.k in (IDENT, CALL, FN) and any(_SIGNED_IN_ONLY.match(n) and not _SIGNED_OUT_ONLY.search(n) for n in _guard_names(project, ff, v))


def _behind_express_gate(project: Project, ff: FileFacts, route: Route, path: str) -> bool:
    """An Express route under a path prefix (``app.use('/api', requireAuth)``,
    ``app.use('/api/admin', requireAuth, router)``) or on a router
    (``router.use(requireAuth)``) that a sign-in guard covers, registered
    before the route joins the app (in one file the order is read; across
    files it is assumed to protect, as for limiters)."""
    if ff.lang not in ("js", "ts") or route.framework not in ("express", "router", ""):
        return False
    mounts: list | None = None
    scope = scope_files(project, ff.path)
    for tf, c in per_scope(project, "express-use-calls", scope, lambda: _use_calls(scope)):
        first = c.args[0]
        if first.k == STR:
            if not covers(first.v, path) or not any(_sign_in_guard(project, tf, v) for v in c.args[1:]):
                continue
        elif tf is ff and route.router and c.recv == route.router and c.func == (route_call_of(ff, route) or c).func:
            if not any(_sign_in_guard(project, tf, v) for v in c.args):
                continue  # `router.use(requireAuth)` ahead of the router's routes
        else:
            continue
        if tf is ff:
            # the route joins the app where its router is mounted (`app.use('/x', router)`), else where it is declared
            joins = route.line
            if route.router and route.router != c.recv:
                joins = min((u.line for u in ff.calls if u.method == "use" and any(a.k == IDENT and a.v == route.router for a in u.args)),
                            default=route.line)
            if c.line < joins:
                return True
            continue
        if mounts is None:
            mounts = mount_prefixes(project, scope_files(project, ff.path), ff.path)
        if not any(mf.path == tf.path and mc.line < c.line for _, mf, mc in mounts):
            return True  # the route's module joins the app with or after the guard
    return False


def _use_calls(files: list[FileFacts]) -> list[tuple[FileFacts, Call]]:
    """The ``.use(...)`` calls with arguments of ``files``, in file order
    (found once per scope, not once per route)."""
    return [(tf, c) for tf in files for c in tf.calls if c.method == "use" and c.args]


@per_project
def _aiohttp_gates(project: Project) -> dict[str, list[list[str]]]:
    """Service root -> the public paths of each app-wide aiohttp middleware that
    denies (401/403) what it does not let through; a gate whose exceptions we
    cannot read (`if request.path in PUBLIC:`) is left out."""
    out: dict[str, list[list[str]]] = {}
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for c in ff.calls:
            mws = c.kwargs.get("middlewares") if c.callee == "aiohttp.web.Application" else None
            if mws is None or mws.k != ARR:
                continue
            for item in mws.items or []:
                t = fn_of_val(project, ff, item)
                public = _gate_public_paths(project, *t) if t is not None else None
                if public is not None:
                    svc = project.service_of(ff.path)
                    out.setdefault(svc.root if svc is not None else "", []).append(public)
    return out


# a call that checks the caller's credentials (`err = check_token(request)`)
_CREDENTIAL_GUARD = lazy_re(r"(?i)^(?:check|verify|validate|require|ensure)_?(?:token|auth\w*|session|credentials|api_?key|login)$")


def _denies(calls: list[Call]) -> bool:
    """A 401/403 answer among ``calls`` (``raise web.HTTPUnauthorized()``, ``json_response(..., status=401)``)."""
    return any(last_name(d.callee) in _DENIALS or ((st := d.kwargs.get("status")) is not None and st.v in ("401", "403")) for d in calls)


def _gate_public_paths(project: Project, tf: FileFacts, fn: Func) -> list[str] | None:
    calls = project.calls_in(tf, fn.id)
    denies = (any(_CREDENTIAL_GUARD.match(last_name(c.callee)) for c in calls) or _denies(calls)
              or any(_denies(project.calls_in(g, f.id)) for c in calls for g, f in callee_funcs(project, tf, c)))
    if not denies:
        return None
    public = [a.v for c in calls if c.method == "startswith" and "path" in c.recv for a in c.args if a.k == STR]
    for cmp in (tf.extra or {}).get("compares", []):
        if not (isinstance(cmp, list) and len(cmp) >= 3 and cmp[1] == fn.id and "path" in str(cmp[2])):
            continue
        found = [q for q in _QUOTED.findall(str(cmp[2])) if q.startswith("/")]
        if not found:
            return None  # a path test we cannot read
        public.extend(found)
    # no exception we can read (`if request.path in PUBLIC_PATHS:` is not kept):
    # the gate's public paths are unknown
    return public or None


def _medusa_matcher_covers(matcher: str, path: str) -> bool:
    """A Medusa 2 middleware ``matcher`` (Express path syntax: ``:param``,
    ``*``) matches the file-based route ``path`` (``/auth/[actor_type]/[id]``):
    a parameter of the route only under a parameter or a wildcard of the matcher."""
    rx = ""
    for part in re.split(r"(:\w+|\*)", matcher.rstrip("/") or "/"):
        rx += "[^/]+" if part.startswith(":") else ".*" if part == "*" else re.escape(part)
    route = re.sub(r"\[(?:\.\.\.)?(\w+)\]", r":\1", path.rstrip("/") or "/")
    return re.fullmatch(rx + "/?", route) is not None


def _medusa_authenticated(project: Project, ff: FileFacts, route: Route, second_factor: bool = False) -> bool:
    """A Medusa 2 file-based route that a middlewares file of its service
    (``src/api/middlewares.ts``'s ``defineMiddlewares({ routes: [...] })``, or
    medusa's own ``api/auth/middlewares.js`` array) puts behind Medusa's
    ``authenticate(actor, ["session", "bearer"])`` for the route's method:
    the request must already carry a session or a token the server issued
    (``/auth/session`` turns a bearer token into a session cookie), so
    anonymous guesses never arrive.  ``allowUnauthenticated: true`` lets
    anonymous requests through and does not count.  With ``second_factor``,
    only an ``authenticate`` that also demands a completed MFA challenge
    counts: its ``requireMfa`` left out (it defaults to true when anonymous
    callers are refused), ``true`` or an object (``{ maxAgeSeconds }``);
    options passed in a variable are not read, so they do not count."""
    if route.framework != "medusa":
        return False
    for tf in scope_files(project, ff.path):
        if tf.lang not in ("js", "ts") or posixpath.basename(tf.path).split(".")[0] != "middlewares":
            continue
        tf = project.full(tf)
        tops = [*tf.consts.values(), *(a for c in tf.calls for a in c.args)]
        for entry in (v for top in tops for v in walk_vals(top)):
            keys = entry.keys if entry.k == OBJ else None
            if not keys or "matcher" not in keys or "middlewares" not in keys:
                continue
            matcher, meth = keys["matcher"], keys.get("method")
            if matcher.k != STR or not _medusa_matcher_covers(matcher.v, route.path):
                continue
            methods = [m.v.upper() for m in ([meth] if meth is not None and meth.k == STR else (meth.items or []) if meth is not None else [])]
            if meth is not None and route.method.upper() not in methods:
                continue
            for mw in keys["middlewares"].items or []:
                c = project.call_of(tf, mw)
                if c is None or last_name(c.callee) != "authenticate" or not c.callee.startswith("@medusajs/"):
                    continue
                opts = c.args[2] if len(c.args) > 2 and c.args[2].k == OBJ else None
                anon = opts is not None and opts.keys is not None and getattr(opts.keys.get("allowUnauthenticated"), "v", "") == "true"
                if anon:
                    continue
                if not second_factor:
                    return True
                if len(c.args) > 2 and (opts is None or opts.keys is None):
                    continue  # options we cannot read may turn requireMfa off
                mfa = opts.keys.get("requireMfa") if opts is not None and opts.keys is not None else None
                if mfa is None or mfa.k == OBJ or mfa.v == "true":
                    return True
    return False


def _signed_in_only(project: Project, ff: FileFacts, route: Route) -> bool:
    """The route (or the view it dispatches to) requires a signed-in user:
    ``@login_required``/``@admin_required``, FastAPI ``Depends(api_key_auth)``,
    Express ``ensureLoggedIn()``/``requireAuth``, Medusa's ``authenticate``
    from its middlewares file."""
    def guarded(vf: FileFacts, vals: Iterable[Val]) -> bool:
        return any(_sign_in_guard(project, vf, v) or _starlette_requires(vf, v) for v in vals)

    if guarded(ff, route.middleware) or any(_options_need_permission(project, ff, v) for v in route.middleware if v.k == OBJ):
        return True
    if _medusa_authenticated(project, ff, route):
        return True
    if any(_SIGNED_IN_ONLY.match(n) and not _SIGNED_OUT_ONLY.search(n) for n in strapi_guard_names(route)):
        return True  # a Strapi policy such as `admin::isAuthenticatedAdmin`, `plugin::users-permissions.isAuthenticated`
    if any(_SIGNED_IN_ONLY.match(n) and not _SIGNED_OUT_ONLY.search(n) for n in sails_guard_names(project, ff, route)) \
            or sails_session_gate(project, ff, route):
        return True  # a Sails policy such as `isLoggedIn`, or one that turns away requests without a signed-in session
    if ff.lang == "py" and route.router:
        # FastAPI: `router = APIRouter(dependencies=[Depends(is_authenticated_admin_api)])` guards its every route
        for c in ff.calls:
            deps = c.kwargs.get("dependencies")
            if c.assigned == route.router and last_name(c.callee) == "APIRouter" and deps is not None and guarded(ff, deps.items or ()):
                return True
    for tf, fid, cls in view_targets(project, ff, route):
        fn = project.funcs(tf).get(fid) if fid else None
        if fn is not None and guarded(tf, fn.decorators):
            return True
        if cls and tf.lang == "py" and (_drf_signed_in(project, tf, cls) or _django_auth_mixin(project, tf, cls)
                                        or "dispatch" in _method_decorated_guards(project, tf, cls)):
            return True
        if fn is not None and fn.cls and route.framework == "drf" and _drf_action_signed_in(project, tf, fn):
            return True
        if cls and not fid:
            # a class-based handler: every method that takes a body requires a user
            # (Tornado's @web.authenticated async def post, @login_required on post)
            writers = [f for f in methods_of(tf, cls) if f.name in ("post", "put", "patch")]
            on_class = _method_decorated_guards(project, tf, cls) if tf.lang == "py" else set()
            if writers and all(guarded(tf, f.decorators) or f.name in on_class for f in writers):
                return True
    return False


def _method_decorated_guards(project: Project, ff: FileFacts, cls: str, depth: int = 0) -> set[str]:
    """The methods of a Django class view that a class decorator
    ``@method_decorator(login_required, name="dispatch")`` (also a list of
    decorators) puts behind a sign-in guard, on the class or on a project base
    class it inherits them from: ``dispatch`` guards every method."""
    names: set[str] = set()
    for d in class_decorators(ff, cls):
        call = project.call_of(ff, d) if d.k == CALL else None
        if call is None or last_name(call.callee) != "method_decorator" or not call.args:
            continue
        name = call.kwargs.get("name")
        first = call.args[0]
        decs = first.items or [] if first.k in (ARR, "tuple") else [first]
        if name is not None and name.k == STR and any(_sign_in_guard(project, ff, v) for v in decs):
            names.add(name.v)
    for base in class_bases(ff, cls) if depth < 3 else ():
        home = base_class_home(project, ff, base)
        if home is not None and home[0].lang == "py":
            names |= _method_decorated_guards(project, home[0], home[1], depth + 1)
    return names


# a check of a token the server signed with its own key (an HMAC or a JWT):
# mautrix's `signed_token.verify_token`, Django's `signing.loads`, PyJWT's `jwt.decode`
_SIGNED_TOKEN_CHECK = lazy_re(r"^(?:mautrix\.util\.signed_token\.verify_token|django\.core\.signing\.loads|jwt\.decode|jose\.jwt\.decode)$")


# a value the request carries (`request.rel_url.query.get("token")`, `req.headers`)
_FROM_REQUEST = lazy_re(r"^(?:self\.)?(?:request|req)\b")


def _signed_link_only(project: Project, ff: FileFacts, route: Route) -> bool:
    """The view, in its own body, checks a token the server signed with its own
    key -- read from the request, by a signing library's check or a project
    function that makes one -- and answers 401/403 (mautrix-telegram's
    `/login`: `mxid = self.verify_token(request.rel_url.query.get("token"))`,
    `if not mxid: return self.get_login_response(status=401)`): only the
    holder of a link the server made for one account gets past it, so anonymous
    guesses never arrive, as on a route only signed-in users reach."""
    if ff.lang != "py":
        return False

    def verifies(d: Call) -> bool:
        # `jwt.decode(t, options={"verify_signature": False})` (or PyJWT 1's `verify=False`) checks no signature
        opts = d.kwargs.get("options")
        unverified = (opts is not None and opts.keys is not None and str(getattr(opts.keys.get("verify_signature"), "v", "")).lower() == "false") \
            or str(getattr(d.kwargs.get("verify"), "v", "")).lower() == "false"
        return bool(_SIGNED_TOKEN_CHECK.match(d.callee)) and not unverified

    def signed_check(tf: FileFacts, c: Call) -> bool:
        return verifies(c) or any(verifies(d) for g, f in callee_funcs(project, tf, c) for d in project.calls_in(g, f.id))

    views = _view_funcs(project, ff, route)
    for tf, fid in views:
        calls = project.calls_in(tf, fid, nested=False)
        if not _denies(calls):
            return False
        if not any(signed_check(tf, c) and any(_FROM_REQUEST.match(a.v) for a in c.args) for c in calls):
            return False
    return bool(views)


# one secret the service is configured with (`self.shared_secret`, `settings.API_KEY`,
# `app.config["SECRET"]`, `ADMIN_SECRET`), not an account's own (`user.api_key`, `lookup(t).secret`)
_CONFIGURED_SECRET = lazy_re(r"^(?:(?:self|cls|settings|conf|config|cfg|(?:current_)?app\.config)"
                             r"(?:\.(?:_?settings|_?conf|_?config|_?cfg|options)|\[['\"][\w.]+['\"]\])*"
                             r"(?:\.|\[['\"](?:\w+\.)*)(?i:(?:\w+_)?(?:secret|api_?key)(?:_\w+)?)(?:['\"]\])?"
                             r"|[A-Z][A-Z0-9_]*(?:SECRET|API_KEY)[A-Z0-9_]*)$")
# a comparison of two operands: `token != self.shared_secret`
_EQUALITY_TEST = lazy_re(r"^\s*(?:not\s+)?(.+?)\s*(?:!=|==)\s*(.+?)\s*:?\s*$")


def _configured_secret_gate(project: Project, ff: FileFacts, route: Route) -> tuple[FileFacts, Func, str, int] | None:
    """(file, function, secret, line) of the test that lets a request past a
    sign-in route's view only with the one secret the service is configured
    with -- the view itself or a project function it calls compares a value
    with `self.shared_secret` (or `settings.API_KEY`, also through
    `hmac.compare_digest`) and answers 401/403; a helper counts when it is
    handed the request -- when nothing it runs reads
    a password (mautrix-twitter's provisioning `POST /api/login`, whose
    `check_token` compares the Authorization header with the shared secret
    and then takes another service's session cookies): what an attacker
    guesses there is that secret, not users' passwords; else None."""
    if ff.lang != "py" or _view_reads_password(project, ff, route):
        return None
    for tf, fid in _view_funcs(project, ff, route):
        steps = [(tf, project.funcs(tf).get(fid))]
        steps += [(g, f) for c in project.calls_in(tf, fid, nested=False) for g, f in callee_funcs(project, tf, c)]
        for k, (g, fn) in enumerate(steps):
            if fn is None or (k and not any(p in ("request", "req") for p in fn.params)):
                continue  # a helper handed the request (not an account's `user.check_key(token)`)
            calls = project.calls_in(g, fn.id, nested=False)
            if not _denies(calls):
                continue
            for cmp in (g.extra or {}).get("compares", []):
                if not (isinstance(cmp, list) and len(cmp) >= 3 and cmp[1] == fn.id):
                    continue
                m = _EQUALITY_TEST.match(str(cmp[2]))
                sides = [x for x in (m.groups() if m else ()) if _CONFIGURED_SECRET.match(x)]
                if len(sides) == 1:
                    return g, fn, sides[0], int(cmp[0])
            for c in calls:
                if last_name(c.callee) == "compare_digest":
                    sides = [a.v for a in c.args if a.k == IDENT and _CONFIGURED_SECRET.match(a.v)]
                    if len(sides) == 1:
                        return g, fn, sides[0], c.line
    return None


# a call that checks a user's credentials (`obj.authenticate(user, pass, cb)`, `login(...)`, `verifyPassword`)
_AUTH_CALL = lazy_re(r"(?i)authenticat|^(?:login|sign_?in|log_?in)$|verify_?password|check_?password|compare_?password")


# the server-side session of the request (`req.session.e`, `request.session["tuser"]`, Flask's `session`)
_SESSION_READ = lazy_re(r"^(?:(?:req|request|ctx|this\.ctx|self\.request)\.)?session(?:\.|\[|$)")


def _session_reauth(project: Project, ff: FileFacts, route: Route) -> bool:
    """A reset route whose view, in its own body, checks the user name and
    password the session already holds (MeshCentral's forced change of an
    expired password: ``sec = parent.decryptSessionData(req.session.e);
    obj.authenticate(sec.rtuser, sec.rtpass, domain, cb)``, webserver.js:1697,
    the request giving only the new password): only a client whose sign-in
    already checked that password reaches it, and it mails no one, so it is
    neither the anonymous request that sends a reset mail nor the step that
    redeems a guessable token.  A view that checks credentials taken from the
    request is still a credential route."""
    for tf, fid, _cls in view_targets(project, ff, route):
        if not fid:
            continue
        calls = project.calls_in(tf, fid, nested=False)

        def from_session(v: Val, held: set[str]) -> bool:
            return v.k == IDENT and (_SESSION_READ.match(v.v) is not None or v.v.split(".", 1)[0] in held)

        held: set[str] = set()
        for c in calls:
            if c.assigned and "." not in c.assigned and any(from_session(a, set()) for a in c.args):
                held.add(c.assigned)  # `const sec = decryptSessionData(req.session.e)`
        for c in calls:
            name = c.method or last_name(c.callee)
            if (_AUTH_CALL.search(name) or password_check(project, tf, c)) and len(c.args) >= 2 \
                    and from_session(c.args[0], held) and from_session(c.args[1], held):
                return True
    return False


# a route option naming the permission or role its caller must hold (unleash's
# `this.route({ path, handler, permission: ADMIN })`, which the controller turns
# into a `checkPermission(options.permission)` gate); these values name none
_PERMISSION_KEYS = ("permission", "permissions", "role", "roles", "requiredRole", "requiredPermission")


_NO_PERMISSION = frozenset({"", "none", "public", "anonymous", "anyone", "guest", "unauthenticated"})


def _options_need_permission(project: Project, ff: FileFacts, obj: Val) -> bool:
    """A route declared as an options object (``this.route({ method, path,
    handler, permission: ADMIN })``) that names a permission or role: only a
    signed-in account holds one."""
    for key in _PERMISSION_KEYS:
        v = (obj.keys or {}).get(key)
        if v is None:
            continue
        if v.k == IDENT:
            name = last_name(v.v)
            resolved = project.resolve(ff, v)
            if resolved.k == STR:
                name = resolved.v
        elif v.k == STR:
            name = v.v
        elif v.k == ARR:
            return bool(v.items)
        else:
            continue
        return name.strip().lower() not in _NO_PERMISSION
    return False


# Django's access mixins: the view answers only a signed-in (and permitted) user
_DJANGO_AUTH_MIXINS = frozenset({"LoginRequiredMixin", "UserPassesTestMixin", "PermissionRequiredMixin"})


def _django_auth_mixin(project: Project, ff: FileFacts, cls: str, depth: int = 0) -> bool:
    """A Django class view with an access mixin among its bases, directly or
    through project classes (argus' ``UserIsStaffMixin(UserPassesTestMixin)``)."""
    for base in class_bases(ff, cls):
        name = base.rsplit(".", 1)[-1]
        if name in _DJANGO_AUTH_MIXINS and (base.startswith("django.contrib.auth.mixins") or "." not in base or base.startswith("braces")):
            return True
        home = base_class_home(project, ff, base) if depth < 3 else None
        if home is not None and _django_auth_mixin(project, home[0], home[1], depth + 1):
            return True
    return False


def _starlette_requires(ff: FileFacts, v: Val) -> bool:
    """Starlette's ``@requires("authenticated")`` (also a list of scopes): the
    authentication middleware lets only a signed-in caller through."""
    if v.k != CALL or last_name(v.v) != "requires":
        return False
    if v.v == "starlette.authentication.requires":
        return True
    c = ff.calls[v.call] if 0 <= v.call < len(ff.calls) else None
    first = (c.args[0] if c.args else c.kwargs.get("scopes")) if c is not None else None
    if first is None:
        return False
    scopes = [first.v] if first.k == STR else [i.v for i in first.items or [] if i.k == STR] if first.k == ARR else []
    return "authenticated" in scopes


# DRF permissions that turn away anonymous requests (for the methods that take a body)
_DRF_SIGNED_IN = frozenset({"IsAuthenticated", "IsAdminUser", "IsAuthenticatedOrReadOnly", "DjangoModelPermissions", "DjangoObjectPermissions"})


def _drf_names(val: Val | None) -> list[str] | None:
    """The permission class names of a ``permission_classes`` value (None: not a literal list)."""
    if val is None or val.k != ARR or val.items is None:
        return None
    return [last_name(i.v) for i in val.items if i.k in (IDENT, STR, CALL)]


def _drf_signed_in(project: Project, tf: FileFacts, cls: str) -> bool:
    """A DRF view of the project that only signed-in users reach: its own
    ``permission_classes`` name ``IsAuthenticated`` (or another permission
    that refuses anonymous requests), or it sets none and the settings'
    ``DEFAULT_PERMISSION_CLASSES`` do.  ``permission_classes = ()`` (a token
    view's AllowAny) opens it again, and so does DRF's ``@permission_classes``
    decorator on the class (it sets that attribute)."""
    own = class_attrs(tf, cls).get("permission_classes")
    for d in class_decorators(tf, cls):
        # DRF's `@permission_classes((AllowAny,))` sets the attribute on whatever it decorates, a class too
        call = project.call_of(tf, d) if d.k == CALL and d.v == "rest_framework.decorators.permission_classes" else None
        if call is not None and call.args:
            own = call.args[0]
    if own is not None:
        names = _drf_names(own) or []
        return any(n in _DRF_SIGNED_IN for n in names)
    bases = class_bases(tf, cls)
    if not any(b.startswith("rest_framework") or last_name(b).endswith(("APIView", "ViewSet")) for b in bases):
        return False  # not a DRF view, or one whose base may set its own permissions
    return _drf_default_signed_in(project)


def _drf_action_signed_in(project: Project, tf: FileFacts, fn: Func) -> bool:
    """A viewset's ``@action`` method only signed-in users reach: the action's own
    ``permission_classes=`` say so, or it names none and its viewset's do
    (dispatch's ``UserViewSet.reset_password`` under ``IsAuthenticatedOrReadOnly``)."""
    for d in fn.decorators:
        call = project.call_of(tf, d) if d.k == CALL and last_name(d.v) == "action" else None
        own = call.kwargs.get("permission_classes") if call is not None else None
        if own is not None:
            names = _drf_names(own)
            return names is not None and any(n in _DRF_SIGNED_IN for n in names)
    return _drf_signed_in(project, tf, fn.cls)


@per_project
def _drf_default_signed_in(project: Project) -> bool:
    for ff in project.files.values():
        conf = ff.consts.get("REST_FRAMEWORK") if ff.lang == "py" else None
        if conf is None or conf.keys is None:
            continue
        names = _drf_names(conf.keys.get("DEFAULT_PERMISSION_CLASSES"))
        if names and any(n in _DRF_SIGNED_IN for n in names):
            return True
    return False


@check("RS501")
def login_no_rate_limit(project: Project) -> Iterable[Hit]:
    """One finding per unlimited credential endpoint: a view registered in
    several modules (JupyterHub's `LoginHandler`, in its default handlers and
    in its authenticator's) is reported once, where the view is defined if it
    is registered there, else at its first registration."""
    from ._basicauth import basic_auth_hits  # (it uses this module's route judge)

    hits = list(_login_hits(project))
    yield from basic_auth_hits(project, {(h.path, h.line) for h, _ in hits})
    by_view: dict[tuple[str, str, str], list[Hit]] = {}
    for hit, view in hits:
        if view is not None:
            by_view.setdefault(view, []).append(hit)
    for hit, view in hits:
        if view is None or len(by_view[view]) == 1:
            yield hit
            continue
        same = by_view[view]
        keep = next((h for h in same if h.path == view[0]), same[0])
        if hit is not keep:
            continue
        others = [h for h in same if h is not keep]
        hit.message += "; the same view is also registered at " + ", ".join(f"{h.path}:{h.line}" for h in others[:3])
        hit.related = hit.related + [Related(h.path, h.line, "same view registered here") for h in others[:3]]
        yield hit


def _view_key(project: Project, ff: FileFacts, route: Route, path: str) -> tuple[str, str, str] | None:
    """(file, function id or class, path) of the one view a route runs; None when not one."""
    targets = view_targets(project, ff, route)
    if len(targets) != 1 or not (targets[0][1] or targets[0][2]):
        return None
    tf, fid, cls = targets[0]
    return tf.path, fid or "class:" + cls, path.rstrip("/") or "/"


def _development_urlconf(project: Project, ff: FileFacts) -> bool:
    """A URLconf named for development (kolibri's ``deployment/default/dev_urls.py``)
    that a settings module named for development (``settings/dev.py``) sets as
    ``ROOT_URLCONF``: what it adds (DRF's browsable-API ``api-auth/login/``) is
    served by a developer's server, never by the production settings."""
    if ff.lang != "py" or not dev_named_file(ff.path):
        return False
    return any(path != ff.path and conf.path == ff.path for path, conf in root_urlconfs(project, True))


def _login_hits(project: Project) -> Iterable[tuple[Hit, tuple[str, str, str] | None]]:
    judge: _RouteJudge | None = None
    for ff in project.code_files():
        if ff.shallow and ff.lang != "py" and not sails_may_be_controller(ff) and not next_route_url(ff.path):
            continue  # (of an unparsed JS/TS file, only a Next.js route's or a Sails controller's path is read below)
        if is_demo_path(ff.path):
            continue  # an example project's routes are not deployed
        if _development_urlconf(project, ff):
            continue  # nor are those of a URLconf only development settings serve
        if ff.shallow and (url := next_route_url(ff.path)) and credential_kind(url):
            ff = project.full(ff)  # a Next.js route file need not hold a trigger token: its path is the route
        ff = table_file(project, ff)
        ff, blueprints = sails_blueprint_routes(project, ff, lambda vf, r: _view_checks_password(project, vf, r))
        if not ff.routes and not blueprints and (ff.lang != "py" or ff.shallow):
            continue  # extra_routes finds Python routes in parsed facts only
        rpc: dict[tuple[int, int, str], tuple[FileFacts, Func, str, Call]] = {}
        if ff.lang == "py" and any(v.v == _RPC_ENTRY_POINT for r in ff.routes for v in r.middleware):
            if judge is None:
                judge = _RouteJudge(project)
            for rr, mf, mfn, mname, mcheck in _rpc_login_routes(project, ff, judge.lim):
                rpc[(rr.line, rr.col, rr.router)] = (mf, mfn, mname, mcheck)
                blueprints = [*blueprints, rr]
        groups: dict[tuple[str, str], list[Route]] = {}
        paths: dict[tuple[str, str], tuple[str, str]] = {}  # the first route's path and credential kind
        for r in [*ff.routes, *extra_routes(project, ff), *blueprints]:
            if is_mock(ff, r) or (r.framework == "sails" and not sails_app(project, ff)):
                continue
            rpath = mounted_path(project, ff, r)
            kind = _route_kind(project, ff, r, rpath)
            # a second factor is always checked inside a first-factor session:
            # `@login_required` on an OTP verify route keeps no guesser out
            if (not kind or not takes_credentials(effective_method(project, ff, r)) or _redirect_only(r)
                    or (kind != "otp" and (_signed_in_only(project, ff, r) or _signed_link_only(project, ff, r)
                                           or _behind_app_gate(project, ff, r, rpath)
                                           or _behind_express_gate(project, ff, r, rpath)))
                    or (kind == "otp" and _signed_in_only(project, ff, r) and _enrols_second_factor(project, ff, r))
                    or (kind == "otp" and _medusa_mfa_passed(project, ff, r))
                    or _view_sends_elsewhere(project, ff, r) or (kind == "reset" and _session_reauth(project, ff, r))):
                continue
            # one handler under two spellings (`/login` and `/login/`) is one endpoint
            key = (r.handler or f"{r.line:09d}", rpath.rstrip("/") or "/")
            groups.setdefault(key, []).append(r)
            paths.setdefault(key, (rpath, kind))
        # one handler registered at several paths (`/r0/login` and `/v3/login`)
        # is one unlimited endpoint: reported once, at its first registration
        found: dict[str, list[tuple[Route, str, str, list[Related], str]]] = {}
        for key, routes in sorted(groups.items(), key=lambda kv: (kv[1][0].line, kv[0])):
            route = routes[0]
            path, kind = paths[key]
            if _nextauth_without_credentials(project, ff, route):
                continue
            if _answers_constant(project, ff, route):
                continue  # pyload's retired `POST /api/login`: `return "Obsolete API", 404`
            if route.framework == "sails" and (sails_denied(project, ff, route) or sails_page_only(route)
                                               or (route.method == "ANY" and _checks_no_secret(project, ff, route))):
                # `false` in config/policies.js refuses every request; `{ view: 'login' }` and a
                # verbless `'/login': 'WelcomeController.login'` whose action checks no secret show the page
                continue
            if kind == "token" and resource_token(path) and _checks_no_secret(project, ff, route):
                continue  # `/machine/token`: a handler that checks no secret manages a token resource
            if kind == "login" and _secretless_auth(project, ff, route, path):
                continue  # pretalx's `/<event>/auth/`: a session handed over from another domain
            if kind == "session" and _session_record(project, ff, route):
                continue  # autogenstudio's `/api/sessions/`: an agent chat session the app stores and edits
            if kind == "token" and _refresh_exchange(project, ff, route):
                continue  # `/access-token` that redeems a refresh token: the refresh step
            if kind == "token" and _mints_for_caller(project, ff, route):
                continue  # conda-store's `/token/`: a token made for the caller a dependency reads from its sign-in
            if kind == "otp" and _bare_otp(path) and _checks_no_code(project, ff, route):
                continue  # skyvern's `/credentials/totp`: a handler that only stores a code it is sent verifies nothing
            if kind == "otp" and _verifies_webauthn_only(project, ff, route):
                continue  # integreat-cms's `/login/mfa/verify/`: a WebAuthn assertion, a signature no guessing finds
            if kind == "otp" and _caps_code_attempts(project, ff, route):
                continue  # open-webui's `/mfa/verify`: five codes per challenge, then the sign-in starts over
            if kind == "reset" and _django_signed_reset_link(project, ff, route):
                continue  # kiwitcms' `passwordreset/confirm/<uidb64>-<token>/`: an HMAC no guessing finds
            if kind == "reset" and _redeems_django_token(project, ff, route):
                continue  # django-crm's `auth/reset-password/<uid>/<token>/`: its serializer checks the same HMAC
            if kind == "reset" and _redeems_signed_token(project, ff, route, path):
                continue  # alerta's `/auth/reset/<hash>`: an itsdangerous signature no guessing finds
            if judge is None:
                judge = _RouteJudge(project)
            protected, skip = judge.route_level(ff, route)
            if protected:
                continue
            late: list[Guard] = []
            not_drf: list[Guard] = []
            if not skip:
                protected, late, not_drf = judge.shared(ff, route)
                if protected:
                    continue
            methods = sorted({effective_method(project, ff, r) for r in routes})
            shown = path if path != route.path else judge.display_path(ff, route)
            label = f"{'/'.join(methods)} {shown}" if methods != ["ANY"] else f"route {shown}"
            form = _sign_in_form_validated(project, ff, route) if kind == "login" and not credential_kind(path) else None
            if form is not None:
                label += f" (its view validates the sign-in form `{form}`)"
            if route.router == "flask_security":
                label = "Flask-Security's sign-in view (`POST /login` unless SECURITY_LOGIN_URL or SECURITY_URL_PREFIX moves it), which this call registers,"
            if route.router == "sails-blueprint" and route.middleware:
                label += f" (the Sails blueprint action route of `{route.middleware[0].v}`)"
            rpc_method = rpc.get((route.line, route.col, route.router))
            if rpc_method is not None:
                mf, mfn, mname, mcheck = rpc_method
                label += f" (the django-modern-rpc entry point serving `{mname}`, `{mfn.name}` at {mf.path}:{mfn.line})"
            axes_off = axes_switched_off(project) if ff.lang == "py" else None
            if kind in ("login", "session", "token") and lockout_evidence(project, ff.path) and axes_off is None:
                # per-account tracking (node-red's attempt window) slows guessing one account, not spraying many
                effect = ("the service tracks failed attempts per account, which slows guessing one account's password, but nothing limits "
                          "a client trying one password across many accounts (password spraying, credential stuffing) or the load of the attempts")
            else:
                effect = consequence(kind, path, _sibling_route_paths(project, ff) if kind == "reset" else ())
            gate = _configured_secret_gate(project, ff, route) if kind in ("login", "session") else None
            if gate is not None:
                gf, gfn, secret, gline = gate
                effect = (f"its view reads no password but lets a request through only with one configured secret, so an attacker "
                          f"can guess the configured secret `{secret}` (checked in `{gfn.name}` ({gf.path}:{gline})) as fast as the "
                          "server answers (once guessed, it opens the route for every account)")
            current = _current_password_use(project, ff, route) if kind == "reset" else None
            if current is not None:
                cf, cc = current
                shown_call = f"{cc.recv}.{cc.method}" if cc.recv and cc.method else last_name(cc.callee)
                effect = (f"its view hands the account's current password, taken from an anonymous request, to `{shown_call}` "
                          f"({cf.path}:{cc.line}) to be checked, so an attacker can try passwords for any account as fast as the "
                          "server answers, as on a sign-in form")
            reg = _registers_only(project, ff, route) if kind in ("login", "session") else None
            sent = _sends_sign_in_link(project, ff, route) if kind in ("login", "session") and reg is None else None
            if sent is not None:
                msg = (f"{label} signs in without a password, by what it sends (`{sent[1]}` at {sent[0].path}:{sent[2].line}), with no rate "
                       "limiter on the route, its router or the app: a script can flood any address with sign-in messages, guess a short "
                       "code before it expires, and learn which addresses have accounts wherever an unknown one is answered differently")
            elif reg is not None:
                # pypicloud's `PUT /login`: the sign-in path, served by a handler that creates the account
                msg = (f"{label} registers new accounts (`{reg[1]}` at {reg[0].path}:{reg[2].line}) with no rate limiter on the route, "
                       "its router or the app: a script can create accounts in bulk (spam, fake sign-ups filling quotas and approval queues), "
                       "and learn which names are taken wherever a taken one is answered differently")
            else:
                msg = f"{label} is a credential endpoint with no rate limiter on the route, its router or the app: {effect}"
            related: list[Related] = []
            if gate is not None:
                related.append(Related(gate[0].path, gate[3], "configured secret checked on every attempt"))
            if current is not None:
                related.append(Related(current[0].path, current[1].line, "current password checked on every attempt"))
            if axes_off is not None and kind in ("login", "session", "token"):
                msg += f" (django-axes is installed, but {axes_off.said()} in {axes_off.path} switches it off)"
                related.append(Related(axes_off.path, axes_off.line, f"django-axes installed here, switched off by {axes_off.said().rstrip(',')}"
                                       if axes_off.via else "django-axes switched off"))
            if rpc_method is not None:
                mf, mfn, mname, mcheck = rpc_method
                related.append(Related(mf.path, mcheck.line, f"password checked by the RPC method `{mname}`"))
            chk = _handler_check(project, ff, route)
            if chk is not None:
                shown_check = f"{chk.recv}.{chk.method}" if chk.recv and chk.method else last_name(chk.callee)
                msg += f"; each attempt also runs `{shown_check}`, so a burst of guesses pins the CPU"
                related.append(Related(ff.path, chk.line, "password check run on every attempt"))
            off = [(lf, lc) for lf, lc in switched_off_limiters(project) if project.service_of(lf.path) is project.service_of(ff.path)]
            if off:
                lf, lc = off[0]
                msg += f"; the `{last_name(lc.callee)}` at {lf.path}:{lc.line} is built with `enabled=False`, so it limits nothing"
                related.append(Related(lf.path, lc.line, "limiter switched off"))
            if appbuilder_auth_view(project, ff, route):
                # flask-appbuilder's AuthDBView: its security manager limits it only when the config says so
                msg += ("; Flask-AppBuilder rate-limits the POSTs of its sign-in view only when the app's config sets "
                        "`AUTH_RATE_LIMITED = True` (off by default), and nothing in the project does")
            if skip:
                msg += " (the shared limiter is explicitly skipped for this route)"
            if late:
                g = late[0]
                msg += f"; `{g.label}` at line {g.line} is registered after this route, so it never runs for it"
                related.extend(Related(g.path, g.line, f"`{g.label}` registered after the route") for g in late[:3])
            inert = _inert_throttle_scope(project, ff, route)
            if inert is not None:
                msg += (f"; the `throttle_scope` its view `{inert[1]}` sets ({inert[0].path}:{inert[2]}) throttles nothing: only DRF's "
                        "`ScopedRateThrottle` reads it, and neither `DEFAULT_THROTTLE_CLASSES` nor the view's `throttle_classes` names it")
                related.append(Related(inert[0].path, inert[2], "throttle_scope that no throttle class reads"))
            elif (scope := _package_throttle_scope(project, ff, route)) and not default_scoped_throttle_may_run(project):
                msg += (f"; the package view behind it sets `throttle_scope = '{scope}'`, which throttles nothing here: only DRF's "
                        "`ScopedRateThrottle` reads it, and `DEFAULT_THROTTLE_CLASSES` does not name it")
            if not_drf:
                g = not_drf[0]
                unthrottled = _drf_unthrottled_view(project, ff, route)
                if unthrottled:
                    msg += (f"; DRF's `DEFAULT_THROTTLE_CLASSES` ({g.path}:{g.line}) do not run for it: DRF's `{unthrottled}` "
                            "sets `throttle_classes = ()` for itself, and this view sets none of its own")
                    related.append(Related(g.path, g.line, f"DRF default throttles: switched off by `{unthrottled}`"))
                else:
                    msg += (f"; DRF's `DEFAULT_THROTTLE_CLASSES` ({g.path}:{g.line}) do not run for it: they throttle "
                            "DRF views only, and this is a plain Django view")
                    related.append(Related(g.path, g.line, "DRF default throttles: not run for plain Django views"))
            found.setdefault(_handler_key(route), []).append((route, label, msg, related, path))
        for same in found.values():
            route, _label, msg, related, path = same[0]
            if len(same) > 1:
                msg += "; the same handler also answers " + ", ".join(f"{o[1]} (line {o[0].line})" for o in same[1:4])
                related = related + [Related(ff.path, o[0].line, f"same handler: {o[1]}") for o in same[1:4]]
            # the anchor (and so the fingerprint a baseline keeps) joins a mount prefix as it always did, without the final slash
            anchor = f"route:{route.router}:{mounted_path(project, ff, route, keep_slash=False)}"
            hit = Hit("RS501", ff.path, route.line, msg, column=route.col or 1, related=related, anchor=anchor)
            yield hit, _view_key(project, ff, route, path)


def _sibling_route_paths(project: Project, ff: FileFacts) -> list[str]:
    """The paths of the routes a file registers and of those its folder's other
    modules register: one step of a reset flow per module (acebase-server's
    `routes/auth-forgot-password.ts` beside `routes/auth-reset-password.ts`)."""
    folder = ff.path.rpartition("/")[0]
    return [r.path for g in project.code_files() if g is ff or g.path.rpartition("/")[0] == folder for r in g.routes]


def _inert_throttle_scope(project: Project, ff: FileFacts, route: Route) -> tuple[FileFacts, str, int] | None:
    """(file, class, line) of a ``throttle_scope`` the route's view class sets
    when no throttle of the project reads it (no ``ScopedRateThrottle`` runs).
    (The view's attribute first: whether a throttle may run asks the text of
    every Python and text file of the project.)"""
    for tf, _fid, cls in view_targets(project, ff, route):
        scope = class_attrs(tf, cls).get("throttle_scope") if cls else None
        if scope is not None:
            return None if scoped_throttle_may_run(project) else (tf, cls, scope.line or 1)
    return None


def _handler_key(route: Route) -> str:
    """What answers a route: its local handler, else the handler it names last
    (aiohttp's `web.post(path, proxy.login)`), else the route itself."""
    if route.handler:
        return route.handler
    if route.router.startswith("modernrpc:"):
        return route.router  # one RPC method served at several entry points (XML-RPC, JSON-RPC)
    last = route.middleware[-1] if route.middleware else None
    if last is not None and last.k == IDENT and last.v:
        return "ref:" + last.v
    if not route.middleware:
        return f"line:{route.line}:{route.col}:{route.path}"  # an include's views (`login/`, `password_reset/`): one each
    return f"line:{route.line}:{route.col}"


# Django apps that count failed sign-ins (the `user_login_failed` signal, their
# login-view wrappers) and limit nothing else: a password-reset request is not one
_LOGIN_FAILURE_TRACKERS = lazy_re(r"^(?:axes|defender)\b", re.I)
