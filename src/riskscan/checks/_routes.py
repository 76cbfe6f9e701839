"""Route helpers for RS501/RS502: the view a route dispatches to, class-based
views, and credential routes the frontends do not list as ``Route`` facts
(Django ``include()`` of the stock auth URLconfs, DRF ``@action`` methods)."""

from __future__ import annotations

import functools
import re
from typing import Any, Callable

from ..facts import ARR, BOOL, CALL, FN, IDENT, OBJ, STR, Call, FileFacts, Func, Route, Val, from_json
from ..lazyre import lazy_re
from ..project import Project
from ._memo import calls_assigned, calls_at, func_classes, methods_of, per_list, per_project
from ._resolve import callee_funcs, constructed_inits, definitions, fn_of_val, last_name, module_and_attr, resolve_value, scope_files
from ._sails import handler_view as sails_handler_view
from ._strapi import handler_view as strapi_handler_view

# URLconfs that bring credential views with them, and the paths of those views
AUTH_URLCONFS: dict[str, tuple[str, ...]] = {
    "django.contrib.auth.urls": ("login/", "password_reset/"),  # password_reset/ mails a reset link
    "rest_framework.urls": ("login/",),
    "dj_rest_auth.urls": ("login/", "password/reset/"),
    # dj-rest-auth's opt-in MFA URLconf: the second-factor step of its sign-in
    "dj_rest_auth.mfa.urls": ("mfa/verify/",),
    "rest_auth.urls": ("login/", "password/reset/"),
    "djoser.urls.jwt": ("jwt/create/",),
    "djoser.urls.authtoken": ("token/login/",),
    "knox.urls": ("login/",),
    # django-oauth-toolkit: token/ is the OAuth2 token endpoint (client secrets,
    # authorization codes, the password grant's user passwords)
    "oauth2_provider.urls": ("token/",),
}

# pattern lists a URLconf of AUTH_URLCONFS exports by name that hold all of its
# credential views: `include((base_urlpatterns, app_name), namespace=...)`
# (django-oauth-toolkit's documented way to leave its management views out)
_AUTH_URL_LISTS: dict[str, str] = {"oauth2_provider.urls.base_urlpatterns": "oauth2_provider.urls"}


def auth_urlconf(module: str) -> str:
    """The URLconf of AUTH_URLCONFS an ``include()`` brings in: the module
    itself, its ``urlpatterns``, or a list of its that holds its credential
    views; '' for anything else (``oauth2_provider.urls.oidc_urlpatterns``)."""
    if module in AUTH_URLCONFS:
        return module
    if module in _AUTH_URL_LISTS:
        return _AUTH_URL_LISTS[module]
    conf, _, attr = module.rpartition(".")
    return conf if attr == "urlpatterns" and conf in AUTH_URLCONFS else ""


# of those, the URLconfs whose views are plain Django views, not DRF views (DRF's
# rest_framework.urls serves django.contrib.auth's LoginView with its template;
# django-oauth-toolkit's TokenView is a django.views.generic View)
_DJANGO_VIEW_URLCONFS = frozenset({"django.contrib.auth.urls", "rest_framework.urls", "oauth2_provider.urls"})


# request mocking libraries whose handlers look like routes (msw `rest.post('/login', ...)`)
_MOCK_MODULES = ("msw", "miragejs", "nock", "fetch-mock", "axios-mock-adapter", "json-server", "@mswjs/", "pretender", "mockttp")
# directories of mock servers and browser test tooling (test dirs are excluded by discovery)
_MOCK_DIRS = frozenset({"mock", "mocks", "mock-server", "mock_server", "mockserver", "cypress", "playwright", ".storybook", "stories"})


def is_mock(ff: FileFacts, route: Route | None = None) -> bool:
    """Code that fakes a server for development or browser tests, not a server."""
    if _in_mock_dir(ff.path):
        return True
    if route is not None and route.router:
        head = route.router.split(".")[0]
        dotted = ff.imports.get(head, "")
        if dotted and dotted.startswith(_MOCK_MODULES):
            return True
        if head in ("rest", "http", "graphql", "this", "server") and any(m.startswith(_MOCK_MODULES) for m in ff.modules):
            return True
    return False


# a file named as a fake server (fdm-monster's consoles/mock-octoprint.server.js, `fake_api.py`)
_MOCK_FILE = lazy_re(r"^(?:mock|fake)[-_.]", re.I)


@functools.lru_cache(maxsize=65536)
def _in_mock_dir(path: str) -> bool:
    parts = path.split("/")
    return any(part in _MOCK_DIRS for part in parts[:-1]) or bool(_MOCK_FILE.match(parts[-1]))


def as_val(d: object) -> Val | None:
    """A value as the facts keep it in ``extra`` (JSON), rebuilt; None if malformed."""
    if isinstance(d, Val):
        return d
    if isinstance(d, dict):
        try:
            return from_json("Val", d)
        except (ValueError, KeyError, TypeError):
            return None
    return None


def class_attrs(ff: FileFacts, cls: str) -> dict[str, Val]:
    """Simple class-body assignments (Python frontend ``extra['class_attrs']``)."""
    raw = (ff.extra.get("class_attrs") or {}).get(cls) or {}
    out: dict[str, Val] = {}
    for k, v in raw.items():
        val = as_val(v)
        if val is not None:
            out[k] = val
    for name, val in ff.consts.items():
        if name.startswith(cls + ".") and name[len(cls) + 1 :] not in out:
            out[name[len(cls) + 1 :]] = val
    return out


def class_entry(ff: FileFacts, cls: str) -> dict | None:
    """The frontend's record of the first class of ``ff`` named ``cls``
    (``extra["classes"]``), from an index made once per file."""
    raw = ff.extra.get("classes", []) or []
    return per_list("classes-by-name", raw, _first_class_by_name).get(cls) if raw else None


def _first_class_by_name(raw: list) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for c in raw:
        if isinstance(c, dict) and isinstance(c.get("name"), str):
            out.setdefault(c["name"], c)
    return out


def class_decorators(ff: FileFacts, cls: str) -> list[Val]:
    c = class_entry(ff, cls)
    if c is None:
        return []
    return [v for v in (as_val(d) for d in c.get("decorators", []) or []) if v is not None]


def class_bases(ff: FileFacts, cls: str) -> list[str]:
    """The dotted names of a Python class's bases, as the frontend resolved them."""
    c = class_entry(ff, cls)
    if c is None:
        return []
    return [str(b) for b in c.get("bases", []) or [] if isinstance(b, str)]


# Django / DRF base views that define no POST handler of their own
_NO_POST_BASES = frozenset({"View", "APIView", "GenericAPIView", "TemplateView", "ListAPIView", "RetrieveAPIView", "ListView", "DetailView",
                            "TemplateResponseMixin", "ContextMixin", "LoginRequiredMixin", "PermissionRequiredMixin", "UserPassesTestMixin",
                            # Django's generic mixins: ProcessFormView/BaseFormView/FormView hold the form's post, not these
                            "FormMixin", "ModelFormMixin", "SingleObjectMixin", "MultipleObjectMixin",
                            "SingleObjectTemplateResponseMixin", "MultipleObjectTemplateResponseMixin"})


def base_class_home(project: Project, ff: FileFacts, base: str) -> tuple[FileFacts, str] | None:
    """Where a Python class base (as ``class_bases`` gives it) is defined in the
    project: ``(ff, base)`` for a class of the same file, the module and class
    name for an imported one (``pkg.views.UserIsStaffMixin``); None otherwise."""
    if "." not in base:
        return ff, base
    target = module_and_attr(project, base)
    if target is None or not target[1] or "." in target[1]:
        return None
    return target


def inherited_attr(project: Project, ff: FileFacts, cls: str, attr: str) -> tuple[FileFacts, Val] | None:
    """The class attribute ``attr`` of the Python class ``cls`` of ``ff``: its
    own, or that of a project ancestor up to three levels above it (as
    :func:`inherited_method`).  The module that sets it and its value, else None."""
    return _inherited(project, ff, cls, lambda full, c: class_attrs(full, c).get(attr))


def inherited_method(project: Project, ff: FileFacts, cls: str, method: str) -> tuple[FileFacts, Func] | None:
    """The method ``method`` of the Python class ``cls`` of ``ff``: its own, or
    that of a project ancestor up to three levels above it, in its module or
    imported (kolibri's ``AuthScope.matches_credentials``, reached from
    ``BasicUserAuthScope`` through ``FacilityAuthScope`` and
    ``UsernameAuthScope``, which define none; dagster-webserver's
    ``DagsterWebserver``, whose generic base ``GraphQLServer[TRequestContext]``
    in graphql.py defines ``graphql_ws_endpoint``).  The module and the
    method, else None."""
    return _inherited(project, ff, cls, lambda full, c: next((g for g in full.funcs if g.cls == c and g.name == method), None))


def _inherited(project: Project, ff: FileFacts, cls: str, own_of: Callable[[FileFacts, str], Any], depth: int = 0) -> tuple[FileFacts, Any] | None:
    """What ``own_of(module, class)`` finds on ``cls`` or on the first project
    ancestor up to three levels above it that has it (see :func:`inherited_method`)."""
    full = project.full(ff) if ff.shallow else ff
    own = own_of(full, cls)
    if own is not None:
        return full, own
    if depth >= 3:
        return None
    for base in class_bases(full, cls):
        # (a generic base, `GraphQLServer[TRequestContext]`, is the class it subscripts)
        where = base_class_home(project, full, base.removesuffix("[]"))
        got = _inherited(project, where[0], where[1], own_of, depth + 1) if where is not None and where[1] != cls else None
        if got is not None:
            return got
    return None


def _answers_no_post(project: Project, ff: FileFacts, cls: str, depth: int = 0) -> bool:
    """A Django class view with no POST/PUT/PATCH handler of its own or from a
    base: its bases are views that define none (``TemplateView``, ``View``)
    or project classes that define none either (three levels; ReviewBoard's
    ``ClientLoginView(BaseClientLoginView(LoginRequiredViewMixin, TemplateView))``,
    which only fills a template)."""
    if any(f.cls == cls and f.name in ("post", "put", "patch") for f in ff.funcs):
        return False
    bases = class_bases(ff, cls)
    if not bases:
        return False
    for b in bases:
        name = last_name(b)
        if name in _NO_POST_BASES or b == "object":
            continue
        home = base_class_home(project, ff, b)
        if home is not None and home[0].shallow:
            home = (project.full(home[0]), home[1])
        if depth >= 3 or home is None:
            return False
        if not class_bases(home[0], home[1]):
            # a plain project mixin (`class RedirectBackMixin:`) inherits nothing: only its own methods;
            # a dispatch that hands the request on to super().dispatch(...) (mayan's
            # ViewPermissionCheckViewMixin, OTPBackendEnabledViewMixin: a check, then the view's own
            # handler) answers no method the view does not
            if any(f.cls == home[1] and (f.name in ("post", "put", "patch") or f.name == "dispatch" and not _passes_on(project, home[0], f))
                   for f in home[0].funcs) or not has_class(home[0], home[1]):
                return False
            continue
        if not _answers_no_post(project, home[0], home[1], depth + 1):
            return False
    return True


def _passes_on(project: Project, ff: FileFacts, f: Func) -> bool:
    """A mixin's ``dispatch`` that hands the request on to ``super().dispatch(...)``."""
    return any(c.method == "dispatch" and c.recv.startswith("super(") for c in project.calls_in(ff, f.id))


def has_class(ff: FileFacts, cls: str) -> bool:
    if cls in func_classes(ff):
        return True
    return class_entry(ff, cls) is not None


def view_targets(project: Project, ff: FileFacts, route: Route) -> list[tuple[FileFacts, str, str]]:
    """(file, function id or '', class name or '') for the views a route dispatches to."""
    out: list[tuple[FileFacts, str, str]] = []
    if route.handler:
        out.append((ff, route.handler, ""))
    elif route.framework == "strapi":
        # `handler: 'authentication.login'`: the action of the API's or plugin's controller
        got = strapi_handler_view(project, ff, route)
        if got is not None:
            out.append((got[0], got[1], ""))
        return out
    elif route.framework == "sails":
        # `'POST /user/login': 'UserController.login'`: the action of the app's controller
        got = sails_handler_view(project, ff, route)
        if got is not None:
            out.append((got[0], got[1], ""))
        return out
    elif ff.lang in ("js", "ts"):
        # `router.all('/signin', SigninRoute)`: a handler function referenced by
        # name (the frontend keeps only inline handlers on the route)
        call = route_call_of(ff, route)
        last = call.args[-1] if call is not None and len(call.args) >= 2 else None
        # (`this.handleAuthentication.bind(this)`: fn_of_val sees through .bind)
        if last is not None and last.k == CALL and not last.v.endswith(".bind"):
            # a handler wrapped for its errors: `catchErrors(async (req, res) => ...)`,
            # `asyncHandler(login)`: the function handed to the wrapper is the view
            # (one argument only: `passport.authenticate('local', cb)` hands its callback the result, it is no view)
            wrapper = project.call_of(ff, last)
            only = wrapper.args[0] if wrapper is not None and len(wrapper.args) == 1 and not wrapper.kwargs else None
            last = only if only is not None and only.k in (FN, IDENT) else None
        if last is not None and (last.k in (IDENT, FN) or last.k == CALL and last.v.endswith(".bind")):
            t = fn_of_val(project, ff, last)
            if t is not None:
                out.append((t[0], t[1].id, ""))
    for v in route.middleware:
        if v.k not in (IDENT, CALL):
            continue
        if v.k == CALL and ff.lang == "py":
            v = _getattr_picked_view(project, ff, v) or v
        if v.k == IDENT and "." not in v.v and ff.lang == "py":
            # sentry's `react_page_view = ReactPageView.as_view()` at the top of the URLconf, then
            # `url(r'^...', react_page_view)`: the class view it holds (assigned once, at module level)
            held = _held_class_view(ff, v.v)
            if held:
                v = Val(CALL, held)
        name = v.v
        if v.k == CALL and name.endswith(".as_view"):
            name = name[: -len(".as_view")]
        if "." not in name and has_class(ff, name):
            out.append((ff, "", name))
            continue
        t = fn_of_val(project, ff, Val(IDENT, name))
        if t is not None:
            out.append((t[0], t[1].id, ""))
            continue
        target = module_and_attr(project, name)
        if target is not None and target[1]:
            tf, _fid, cls = _reexported(project, target[0], target[1].split(".")[0])
            held = "" if has_class(tf, cls) else _held_class_view(tf, cls)
            if held:
                # `login = LoginView.as_view()` in the views module, `path("login/", views.login)` in the
                # URLconf: the class view the name holds, defined there or imported into it
                cls = held[: -len(".as_view")]
                home = (tf, cls) if "." not in cls else module_and_attr(project, cls)
                if home is None or not home[1]:
                    continue
                tf, _fid, cls = _reexported(project, home[0], home[1].split(".")[0])
            out.append((tf, "", cls))
    return out


def _getattr_picked_view(project: Project, ff: FileFacts, v: Val) -> Val | None:
    """``path("token/", get_view("obtain_auth_token"))`` with a picker of the
    same file, ``def get_view(name): return getattr(views, name)`` (also as
    the default of another ``getattr``, over an override module): the view
    the picker takes from the imported module, ``views.obtain_auth_token``;
    None for any other call."""
    call = project.call_of(ff, v)
    if call is None or "." in call.callee or call.kwargs or len(call.args) != 1 or call.args[0].k != STR:
        return None
    pickers = [f for f in ff.funcs if f.name == call.callee and not f.cls and f.parent in ("", call.func) and len(f.params) == 1]
    if len(pickers) != 1:
        return None
    fn = pickers[0]
    modules = set(ff.imports.values())
    for c in ff.calls:
        if (c.func == fn.id and c.callee == "getattr" and len(c.args) >= 2 and c.args[0].k == IDENT
                and c.args[0].v in modules and c.args[1].k == IDENT and c.args[1].v == fn.params[0]):
            return Val(IDENT, f"{c.args[0].v}.{call.args[0].v}")
    return None


def _held_class_view(ff: FileFacts, name: str) -> str:
    """``name = SomeView.as_view(...)``, assigned once at the module's top
    level of a Python file: the ``as_view`` callee (``SomeView.as_view``, or
    the import-resolved dotted name); '' otherwise.  A function's own
    ``login = provider.sociallogin_from_response(...)`` is a local of that
    function and leaves the module's ``login`` as it is."""
    if ff.lang != "py" or not name or "." in name:
        return ""
    held = [c for c in calls_assigned(ff, {name}) if not c.func]
    if len(held) == 1 and held[0].method == "as_view" and name not in ff.consts and name not in ff.imports:
        return held[0].callee
    return ""


def bound_class_view(project: Project, ff: FileFacts, name: str) -> tuple[FileFacts, Call] | None:
    """The ``as_view()`` call a view name of a URLconf holds (see
    :func:`_held_class_view`), with its file: ``password_reset_confirm =
    PasswordResetConfirmView.as_view(...)`` in the views module the URLconf
    imports it from (django-helpdesk's views/auth.py), or at the URLconf's
    own top level; None for any other name."""
    if ff.lang != "py" or not name:
        return None
    tf, attr = ff, name
    if "." in name:
        target = module_and_attr(project, name)
        if target is None or not target[1] or "." in target[1]:
            return None
        tf, _fid, attr = _reexported(project, target[0], target[1])
    if not _held_class_view(tf, attr):
        return None
    return tf, next(c for c in calls_assigned(tf, {attr}) if not c.func)


def route_call_of(ff: FileFacts, route: Route) -> Call | None:
    """The call that registers ``route`` (same line and column)."""
    return next((c for c in calls_at(ff, route.line) if c.col == route.col), None)


def _reexported(project: Project, tf: FileFacts, cls: str) -> tuple[FileFacts, str, str]:
    """Follow a package's re-export (``from .auth import LoginView`` in
    ``views/__init__.py``) to the module that defines the class."""
    for _ in range(3):
        if has_class(tf, cls):
            break
        imp = tf.imports.get(cls, "")
        nxt = module_and_attr(project, imp) if imp else None
        if nxt is None and not imp:
            star = _star_source(project, tf, cls)  # `from .auth import *` (arches' views/api/__init__.py)
            nxt = (star, cls) if star is not None else None
        if nxt is None or not nxt[1] or nxt[0] is tf:
            break
        tf, cls = nxt[0], nxt[1].split(".")[0]
    return tf, "", cls


def extends(project: Project, ff: FileFacts, cls: str, roots: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    """The Python class ``cls`` of ``ff`` extends one of ``roots`` (library
    class names as the frontend resolves bases), directly or through project
    classes (three levels)."""
    return extends_where(project, ff, cls, lambda b: b in roots)


def extends_where(project: Project, ff: FileFacts, cls: str, test: Callable[[str], bool], levels: int = 3) -> bool:
    """The Python class ``cls`` of ``ff`` has a base (as the frontend resolves
    it) that passes ``test``, itself or through the first project class among
    its bases, up to ``levels`` classes deep (see :func:`extends`)."""
    home: tuple[FileFacts, str] | None = (ff, cls)
    for _ in range(levels):
        if home is None:
            return False
        tf, name = home
        bases = class_bases(tf, name)
        if any(test(b) for b in bases):
            return True
        home = next((h for b in bases for h in [project_class(project, tf, b)] if h is not None), None)
    return False


def project_class(project: Project, ff: FileFacts, name: str) -> tuple[FileFacts, str] | None:
    """Where the project defines the Python class ``name`` names in ``ff`` (a
    class of the file, one imported or star-imported from a project module,
    or a dotted name as the frontend resolved an import): the module and the
    class name; None for a library's class or a name that is no class."""
    if not name or ff.lang != "py" or "(" in name:
        return None
    if "." not in name:
        tf, _fid, cls = _reexported(project, ff, name)
        if not has_class(tf, cls) and tf is ff and name not in ff.imports:
            # a bare name neither defined nor imported by name comes from a star
            # import (`from common.serializer import *`, beside named imports of the module)
            for m in ff.modules:
                target = module_and_attr(project, f"{m}.{name}")
                if target is not None and target[1] == name and has_class(target[0], name):
                    return target[0], name
    else:
        target = module_and_attr(project, name)
        if target is None or not target[1] or "." in target[1]:
            return None
        tf, _fid, cls = _reexported(project, target[0], target[1])
    return (tf, cls) if has_class(tf, cls) else None


def _star_source(project: Project, tf: FileFacts, cls: str) -> FileFacts | None:
    """The project module ``tf`` star-imports (a module it imports no name
    from) that defines class ``cls``."""
    if tf.lang != "py":
        return None
    named = tuple(v for v in tf.imports.values())
    for m in tf.modules:
        if not m.startswith("./") or any(v == m or v.startswith(m + ".") for v in named):
            continue
        src = project.module_file(m)
        if src is not None and src is not tf and has_class(src, cls):
            return src
    return None


HTTP_VERBS = frozenset({"get", "head", "post", "put", "patch", "delete", "options"})


def effective_method(project: Project, ff: FileFacts, route: Route) -> str:
    """A class-based view mounted without ``methods`` answers what the class
    defines (Flask ``MethodView.as_view``): POST when it has a ``post``."""
    method = route.method.upper()
    if method == "ANY" and (route.framework == "tornado" or (route.framework == "flask" and not route.handler)):
        # a handler class of another module: what it defines there (the
        # frontend sees only the classes of the route table's own file);
        # flask-restful's `api.add_resource(TokenHandler, "/token")` likewise
        for tf, _fid, cls in view_targets(project, ff, route):
            if not cls or not any(f.cls == cls for f in tf.funcs):
                continue
            own = {f.name for f in methods_of(tf, cls) if f.name in HTTP_VERBS}
            if own & {"post", "put", "patch"}:
                return "POST"
            if any(inherited_method(project, tf, cls, m) for m in ("post", "put", "patch")):
                # a MethodView answers the handlers its project bases define too
                # (INGInious' SignInPage, whose base INGIniousPage holds `post`)
                return "POST"
            # GET only, or no method of its own (one built in __new__, or
            # from a library base): nothing here says it takes credentials
            return "GET"
        return method
    if method == "ANY" and route.framework == "django":
        # `path("token", UserTokenAPI.as_view())`: a class of the project that
        # answers GET only, and inherits no POST handler from its base
        for tf, _fid, cls in view_targets(project, ff, route):
            if not cls:
                continue
            if _answers_no_post(project, tf, cls):
                return "GET"
        return method
    if method != "GET":
        return method
    for v in route.middleware:
        if v.k == CALL and v.v.endswith(".as_view"):
            for tf, _fid, cls in view_targets(project, ff, route):
                if cls and any(f.cls == cls and f.name in ("post", "put", "patch") for f in tf.funcs):
                    return "POST"
    return method


def extra_routes(project: Project, ff: FileFacts) -> list[Route]:
    """Credential routes implied rather than declared in ``ff``."""
    out: list[Route] = []
    if ff.lang != "py":
        return out
    # Django tries a URLconf's patterns in order and serves the first match: a
    # path the file routes itself before the include (ArchiveBox's
    # `path('accounts/login/', RedirectView...)` ahead of `include('django.contrib.auth.urls')`)
    # never reaches the stock view the include brings
    first: dict[str, int] = {}
    for r in ff.routes:
        if r.framework == "django":
            key = _url_key(r.path)
            first[key] = min(first.get(key, r.line), r.line)
    for inc in ff.extra.get("django_includes", []) or []:
        if not isinstance(inc, dict):
            continue
        module = str(inc.get("module", ""))
        subs = AUTH_URLCONFS.get(auth_urlconf(module))
        if subs is None and _admin_urls(project, ff, module) and not _admin_login_replaced(project):
            subs = ("login/",)  # Django 1.x: url(r'^admin/', include(admin.site.urls)) serves the admin's LoginView
        if subs is None:
            continue
        prefix = str(inc.get("prefix", "") or "/")
        line = int(inc.get("line", 0) or 0)
        for sub in subs:
            path = "/" + "/".join(p for p in (prefix + "/" + sub).split("/") if p) + "/"
            if first.get(_url_key(path), line) < line:
                continue
            out.append(Route("ANY", path, "urls", "", [], "django", line, 5))
    for r in ff.routes:
        # path("admin/", admin.site.urls): the admin site serves Django's own LoginView at login/
        if (r.framework == "django" and any(v.k == IDENT and _admin_urls(project, ff, v.v) for v in r.middleware)
                and not _admin_login_replaced(project)):
            path = "/" + "/".join(p for p in (r.path + "/login").split("/") if p) + "/"
            if first.get(_url_key(path), r.line) < r.line:
                continue
            out.append(Route("ANY", path, "urls", "", list(r.middleware), "django", r.line, r.col))
    for f in ff.funcs:
        if not f.cls:
            continue
        for d in f.decorators:
            if d.k != CALL or last_name(d.v) != "action" or not (d.v.startswith("rest_framework") or d.v == "action"):
                continue
            call = project.call_of(ff, d)
            if call is None:
                continue
            methods = call.kwargs.get("methods")
            names = [i.v.upper() for i in (methods.items or [])] if methods is not None and methods.k == ARR else ["GET"]
            url = call.kwargs.get("url_path")
            path = "/" + (url.v if url is not None and url.k == STR else f.name).strip("/")
            for m in names:
                out.append(Route(m, path, f.cls, f.id, [d], "drf", call.line, call.col))
    out.extend(_drf_router_routes(project, ff))
    out.extend(_django_helper_routes(project, ff))
    out.extend(_fastapi_users_routes(project, ff))
    out.extend(_flask_security_routes(project, ff))
    out.extend(_table_routes(project, ff))
    out.extend(_list_routes(project, ff))
    out.extend(_entry_table_routes(project, ff))
    out.extend(appbuilder_views(project, ff))
    if "pyramid" in ff.modules or any(m.startswith("pyramid.") for m in ff.modules):
        out.extend(pyramid_views(project, ff))
    return out


# fastapi-users: the routers a FastAPIUsers object makes that take a password,
# and the path each serves it at under the prefix they are included with
_FASTAPI_USERS_SIGN_INS: dict[str, str] = {"get_auth_router": "login"}


def _fastapi_users_routes(project: Project, ff: FileFacts) -> list[Route]:
    """fastapi-users' sign-in: ``include_router(fastapi_users.get_auth_router(backend),
    prefix="/auth/jwt")`` (the router made in the call, or bound to a name from it
    in the same function) serves ``POST /auth/jwt/login``, which checks the posted
    user name and password; the include's ``dependencies=[...]`` are the route's.
    Only where the code running with the file imports fastapi_users (a method of
    that name on anything else is not its router)."""
    out: list[Route] = []
    for c in ff.calls:
        made = _included_router_call(project, ff, c) if c.method == "include_router" and c.args else None
        sub = _FASTAPI_USERS_SIGN_INS.get(made.method) if made is not None else None
        if sub is None or not _uses_fastapi_users(project, ff):
            continue
        given = c.kwargs.get("prefix")
        prefix = resolve_value(project, ff, given) if given is not None else None
        path = "/" + "/".join(p for p in ((prefix.v if prefix is not None and prefix.k == STR else "") + "/" + sub).split("/") if p)
        deps = c.kwargs.get("dependencies")
        mw = list(deps.items or ()) if deps is not None and deps.k == ARR else ([deps] if deps is not None else [])
        out.append(Route("POST", path, c.recv or "app", "", mw, "fastapi", c.line, c.col))
    return out


def _flask_security_routes(project: Project, ff: FileFacts) -> list[Route]:
    """Flask-Security's sign-in: ``Security(app, datastore)``, or ``init_app(app)``
    on a ``Security(...)`` made without an app (in this file or a module it
    imports the instance from), registers the extension's blueprint, whose
    ``POST /login`` (``SECURITY_LOGIN_URL`` by default) checks the posted
    password.  ``register_blueprint=False`` registers no view."""
    out: list[Route] = []
    for c in ff.calls:
        if c.method == "init_app":
            made = _flask_security_made(project, ff, c)
            if made is None or _security_app(made) is not None or not (c.args or "app" in c.kwargs):
                continue
        elif _is_flask_security(c.callee):
            if _security_app(c) is None:
                continue
        else:
            continue
        off = c.kwargs.get("register_blueprint")
        if off is not None and off.v == "false" or _security_view_limited(project, ff):
            continue
        out.append(Route("POST", "/login", "flask_security", "", [], "flask", c.line, c.col))
    return out


# Flask-Limiter's decorator applied to Flask-Security's blueprint or sign-in view:
# `limiter.limit("5/minute")(app.blueprints["security"])`, `(app.view_functions["security.login"])`
_SECURITY_VIEW = lazy_re(r"""\b(?:blueprints\s*\[\s*["']security["']|view_functions\s*\[\s*["']security\.login["'])\s*\]""")


def _security_view_limited(project: Project, ff: FileFacts) -> bool:
    return any(c.callee.endswith((".limit()", ".shared_limit()")) and c.args and c.args[0].k == IDENT and _SECURITY_VIEW.search(c.args[0].v)
               for tf in scope_files(project, ff.path) for c in tf.calls)


def _is_flask_security(callee: str) -> bool:
    return callee in ("flask_security.Security", "flask_security.core.Security")


def _security_app(c: Call) -> Val | None:
    """The app a ``Security(...)`` call is given (first argument or ``app=``), if any."""
    app = c.args[0] if c.args else c.kwargs.get("app")
    return None if app is None or app.v == "None" else app


def _flask_security_made(project: Project, ff: FileFacts, c: Call) -> Call | None:
    """The ``Security(...)`` call that made the receiver of ``c`` (an ``init_app``)."""
    if _is_flask_security(c.recv_type):
        return next((m for m in reversed(ff.calls) if m.line <= c.line and m.assigned == c.recv and _is_flask_security(m.callee)), None)
    if not c.callee.startswith("./") or not c.callee.endswith(".init_app"):
        return None
    spec, _, name = c.callee.removesuffix(".init_app").rpartition(".")
    mf = project.module_file(spec, name) if spec else None
    if mf is None:
        return None
    return next((m for m in reversed(mf.calls) if m.assigned == name and not m.func and _is_flask_security(m.callee)), None)


def _included_router_call(project: Project, ff: FileFacts, include: Call) -> Call | None:
    """The call that made the router ``include`` includes: its first argument
    itself, or the last call before it in the same function assigned to the name
    it passes."""
    arg = include.args[0]
    if arg.k == CALL:
        return project.call_of(ff, arg)
    if arg.k != IDENT:
        return None
    made = [c for c in ff.calls if c.assigned == arg.v and c.func == include.func and c.line <= include.line]
    return made[-1] if made else None


def _uses_fastapi_users(project: Project, ff: FileFacts) -> bool:
    return any(m == "fastapi_users" or m.startswith("fastapi_users.") for f in scope_files(project, ff.path) for m in f.modules)


@per_project
def registrar_names(project: Project) -> frozenset[str]:
    """Names of the project functions that mount a route table they are given
    (the frontend's ``route_registrars``)."""
    names: set[str] = set()
    for ff in project.code_files():
        if ff.lang != "py" or ff.shallow:
            continue
        regs = ff.extra.get("route_registrars")
        if regs:
            funcs = {f.id: f.name for f in ff.funcs}
            names.update(funcs[r[0]] for r in regs if isinstance(r, list) and r and r[0] in funcs)
    return frozenset(names)


def table_file(project: Project, ff: FileFacts) -> FileFacts:
    """``ff``, parsed in full when the prefilter left it shallow and its text
    names a route-table registrar (a module whose only routes are a table it
    hands to one holds no token any rule triggers on)."""
    if ff.lang != "py" or not ff.shallow:
        return ff
    names = registrar_names(project)
    if names and any(project.may_mention(ff.path, n) for n in names):
        return project.full(ff)
    return ff


def _table_routes(project: Project, ff: FileFacts) -> list[Route]:
    """A module's table of ``("/path", ViewClass)`` pairs handed to a project
    function that mounts each pair (``configure_api_from_blueprint(blueprint,
    routes)``, whose ``for path, resource in route_tuples:`` runs
    ``blueprint.add_url_rule(path, view_func=resource.as_view(...))``): each
    pair is a route of its class (the frontend's ``route_tables`` and
    ``route_registrars``)."""
    out: list[Route] = []
    for t in ff.extra.get("route_tables", ()) or ():
        if not isinstance(t, list) or len(t) != 3:
            continue
        _name, entries, uses = t
        for idx, pos in uses:
            if not (0 <= idx < len(ff.calls)):
                continue
            c = ff.calls[idx]
            got = None
            for tf, fn in callee_funcs(project, ff, c):
                got = next((r for r in tf.extra.get("route_registrars", ()) or ()
                            if isinstance(r, list) and len(r) == 4 and r[0] == fn.id and r[1] == pos), None)
                if got is not None:
                    break
            if got is None:
                continue
            rv = c.args[got[2]] if 0 <= got[2] < len(c.args) else None
            router = rv.v if rv is not None and rv.k == IDENT else "app"
            for path, view, line, col in entries:
                out.append(Route("ANY", str(path), router, "", [from_json("Val", view)], str(got[3]), int(line), int(col)))
            break  # one table mounted twice is one set of routes
    return out


@per_project
def _returned_route_tables(project: Project) -> dict[str, list[Val]]:
    """The route tables Python functions return (the frontend's
    ``route_table_returns``), by the function's name."""
    out: dict[str, list[Val]] = {}
    for ff in project.code_files():
        for item in (ff.extra or {}).get("route_table_returns", ()) or ():
            if not isinstance(item, list) or len(item) != 2:
                continue
            name = next((f.name for f in ff.funcs if f.id == item[0]), "")
            if name:
                out.setdefault(name, []).append(from_json("Val", item[1]))
    return out


def _entry_table_routes(project: Project, ff: FileFacts) -> list[Route]:
    """The routes a loop registers from the route tables a method returns
    (the frontend's ``route_entry_mounts``: chancy's ``for route in
    wp.routes(): Route(route["path"], _r(route["endpoint"]),
    methods=route["methods"])`` over each plugin's ``routes()`` list of
    ``{"path": "/api/v1/login", "endpoint": self.login, "methods":
    ["POST"]}``): one route per entry and method, at the registration, its
    handler the value the entry names beside the path."""
    mounts = (ff.extra or {}).get("route_entry_mounts") if ff.lang == "py" else None
    if not mounts:
        return []
    tables = _returned_route_tables(project)
    out: list[Route] = []
    for m in mounts:
        if not isinstance(m, list) or len(m) != 5:
            continue
        line, col, method, path_key, methods_key = m
        mount = next((r for r in ff.routes if r.line == line and r.col == col), None)
        if mount is None:
            continue
        for table in tables.get(str(method), ()):
            for entry in table.items or ():
                keys = entry.keys or {} if entry.k == OBJ else {}
                path, verbs = keys.get(str(path_key)), keys.get(str(methods_key))
                if path is None or path.k != STR or not path.v.startswith("/") or verbs is None or verbs.k != ARR:
                    continue
                handler = [v for k, v in keys.items() if k not in (path_key, methods_key) and v.k in (IDENT, FN, CALL)][:1]
                for verb in verbs.items or ():
                    if verb.k == STR:
                        out.append(Route(verb.v.upper(), path.v, mount.router, "", handler, mount.framework, line, col))
    return out


def _list_routes(project: Project, ff: FileFacts) -> list[Route]:
    """A call of a project function that mounts one view at every path of a
    list (the frontend's five-part ``route_registrars``: FlaskBB's
    ``register_view(auth, routes=['/login'], view_func=Login.as_view('login'))``):
    each literal path is a route of that view on the router handed over."""
    names = registrar_names(project) if ff.lang == "py" else frozenset()
    out: list[Route] = []
    for c in ff.calls:
        if c.method or last_name(c.callee) not in names:
            continue
        for tf, fn in callee_funcs(project, ff, c):
            got = next((r for r in tf.extra.get("route_registrars", ()) or ()
                        if isinstance(r, list) and len(r) == 5 and r[0] == fn.id), None)
            if got is None:
                continue
            paths, router, view = (_argument(c, fn, i) for i in (got[1], got[2], got[4]))
            if paths is None or paths.k != ARR or view is None:
                continue
            name = router.v if router is not None and router.k == IDENT else "app"
            out.extend(Route("ANY", p.v, name, "", [view], "flask", c.line, c.col) for p in paths.items or () if p.k == STR)
            break
    return out


def _argument(call: Call, fn: Func, i: int) -> Val | None:
    """What ``call`` hands to ``fn``'s parameter number ``i``, by position or by name."""
    if i < len(call.args):
        return call.args[i]
    return call.kwargs.get(fn.params[i]) if i < len(fn.params) else None


def stock_django_view(project: Project, ff: FileFacts, route: Route) -> bool:
    """A credential route ``extra_routes`` implies that Django's own views serve:
    the admin site's login/ and the views of ``include("django.contrib.auth.urls")``
    or ``include("rest_framework.urls")`` (plain Django views, which DRF's
    default throttles never run for)."""
    if route.framework != "django" or route.handler:
        return False
    if route.middleware:
        return any(v.k == IDENT and _admin_urls(project, ff, v.v) for v in route.middleware)
    for inc in ff.extra.get("django_includes", []) or []:
        if isinstance(inc, dict) and int(inc.get("line", 0) or 0) == route.line:
            module = str(inc.get("module", ""))
            if auth_urlconf(module) in _DJANGO_VIEW_URLCONFS or _admin_urls(project, ff, module):
                return True
    return False


# Django's URL pattern builders: True for those whose pattern is a regex
_DJANGO_URL_BUILDERS = {"django.urls.path": False, "django.urls.re_path": True, "django.conf.urls.url": True,
                        "django.urls.url": True, "django.conf.urls.re_path": True, "django.conf.urls.defaults.url": True}
_MAX_HELPER_HOPS = 3


def _forwarded(call: Call, fn: Func, i: int) -> int:
    """The index of ``fn``'s parameter that ``call`` (made in ``fn``) hands on
    unchanged as its argument number ``i``, or -1."""
    v = call.args[i] if 0 <= i < len(call.args) else None
    return fn.params.index(v.v) if v is not None and v.k == IDENT and v.v in fn.params else -1


def _self_offset(fn: Func) -> int:
    """How many leading parameters of ``fn`` a call does not pass (``self``/``cls`` of a method)."""
    return 1 if fn.cls and fn.params[:1] in (["self"], ["cls"]) else 0


def _helper_of(project: Project, tf: FileFacts, fn: Func, hops: int = 0) -> tuple[int, int, bool] | None:
    """(pattern parameter, view parameter, regex) when calling ``fn`` builds a
    Django URL pattern from two of its arguments: its body hands both
    parameters to ``path``/``re_path``/``url``, or to another such helper of
    the project (a function or the ``__init__`` of a class it constructs)."""
    if hops:
        return _builds_url_pattern(project, tf, fn, hops)  # (at most _MAX_HELPER_HOPS deep: a cycle ends there)
    memo = project.__dict__.setdefault("_rs_django_url_helpers", {})
    key = (tf.path, fn.id)
    if key not in memo:
        memo[key] = _builds_url_pattern(project, tf, fn, 0)
    return memo[key]  # type: ignore[no-any-return]


def _builds_url_pattern(project: Project, tf: FileFacts, fn: Func, hops: int) -> tuple[int, int, bool] | None:
    for c in tf.calls:
        if c.func != fn.id or len(c.args) < 2:
            continue
        if c.callee in _DJANGO_URL_BUILDERS:
            pat, view = _forwarded(c, fn, 0), _forwarded(c, fn, 1)
            if pat >= 0 and view >= 0:
                return pat, view, _DJANGO_URL_BUILDERS[c.callee]
            continue
        if hops >= _MAX_HELPER_HOPS or not any(a.k == IDENT and a.v in fn.params for a in c.args[:4]):
            continue
        for hf, hfn in [*callee_funcs(project, tf, c), *constructed_inits(project, tf, c)]:
            got = _helper_of(project, hf, hfn, hops + 1)
            if got is None:
                continue
            off = _self_offset(hfn) if hfn.name == "__init__" or c.method else 0
            pat, view = _forwarded(c, fn, got[0] - off), _forwarded(c, fn, got[1] - off)
            if pat >= 0 and view >= 0:
                return pat, view, got[2]
    return None


@per_project
def _has_django_url_helper(project: Project) -> bool:
    """Some function of the project hands two of its parameters to Django's
    ``path``/``re_path``/``url`` (shuup's ``AdminRegexURLPattern.__init__``
    calling ``re_path(regex, callback, ...)``): the project may build its URL
    patterns through helpers (see :func:`_django_helper_routes`)."""
    for ff in project.code_files():
        if ff.lang != "py" or ff.shallow:
            continue
        for c in ff.calls:
            if c.callee not in _DJANGO_URL_BUILDERS or not c.func or len(c.args) < 2:
                continue
            fn = project.funcs(ff).get(c.func)
            if fn is not None and _forwarded(c, fn, 0) >= 0 and _forwarded(c, fn, 1) >= 0:
                return True
    return False


def _django_helper_routes(project: Project, ff: FileFacts) -> list[Route]:
    """``admin_url(r"^login/$", login, name="login")`` where ``admin_url`` is a
    project function that hands its first two arguments on to Django's
    ``re_path`` (directly, or through a project class it constructs: shuup's
    ``AdminRegexURLPattern``): a Django route of that view at that path."""
    if ff.lang != "py" or not _has_django_url_helper(project):
        return []
    out: list[Route] = []
    for c in ff.calls:
        if len(c.args) < 2 or c.args[0].k != STR or c.callee in _DJANGO_URL_BUILDERS:
            continue
        for hf, hfn in [*callee_funcs(project, ff, c), *constructed_inits(project, ff, c)]:
            got = _helper_of(project, hf, hfn)
            if got is None:
                continue
            off = _self_offset(hfn) if hfn.name == "__init__" or c.method else 0
            if (got[0] - off, got[1] - off) != (0, 1):
                continue
            path = c.args[0].v
            if got[2]:
                path = path.removeprefix("^").removesuffix("$")
            out.append(Route("ANY", "/" + path.lstrip("/"), "urls", "", [c.args[1]], "django", c.line, c.col))
            break
    return out


def _url_key(path: str) -> str:
    """A Django route's path as matched: ``accounts/login/`` and ``/accounts/login/`` alike."""
    return "/" + "/".join(p for p in path.split("/") if p) + ("/" if path.endswith("/") else "")


def _drf_router_routes(project: Project, ff: FileFacts) -> list[Route]:
    """``router.register(r"session", SessionViewSet)`` (DRF routers): the
    ViewSet's ``create`` answers ``POST /session/``."""
    out: list[Route] = []
    for c in ff.calls:
        if c.method != "register" or not c.recv_type.startswith("rest_framework.routers") or len(c.args) < 2:
            continue
        prefix, view = c.args[0], c.args[1]
        if prefix.k != STR or view.k != IDENT:
            continue
        if "." in view.v:
            target = module_and_attr(project, view.v)
            if target is None or not target[1]:
                continue
            tf, _, cls = _reexported(project, target[0], target[1].split(".")[0])
        else:
            tf, cls = ff, view.v
        creates = any(f.name == "create" for f in methods_of(tf, cls))
        if not creates and not any(last_name(b) in ("ModelViewSet", "CreateModelMixin") for b in class_bases(tf, cls)):
            continue
        path = "/" + prefix.v.strip("^$/").strip("/") + "/"
        out.append(Route("POST", path, c.recv, "", [view], "drf", c.line, c.col))
    return out


def pyramid_views(project: Project, ff: FileFacts) -> list[Route]:
    """Pyramid views: ``@view_config(route_name="login", request_method="POST")``
    served at the pattern ``config.add_route("login", "/login")`` gives it (in any
    module), or a traversal view's ``name`` (``/login`` under its context).  A
    view that requires a ``permission`` is only for signed-in users."""
    out: list[Route] = []
    patterns = _pyramid_routes(project)
    for f in ff.funcs:
        for d in f.decorators:
            if d.k != CALL or last_name(d.v) != "view_config" or not d.v.startswith("pyramid"):
                continue
            call = project.call_of(ff, d)
            if call is None:
                continue
            kw = dict(call.kwargs)
            if f.cls:  # @view_defaults(route_name=...) on the class
                for cd in class_decorators(ff, f.cls):
                    dc = project.call_of(ff, cd) if cd.k == CALL and last_name(cd.v) == "view_defaults" else None
                    for k, v in (dc.kwargs.items() if dc is not None else ()):
                        kw.setdefault(k, v)
            if _needs_permission(kw.get("permission")):
                continue
            rn, name = kw.get("route_name"), kw.get("name")
            if rn is not None and rn.k == STR and rn.v in patterns:
                path = _fill_match_params(patterns[rn.v], kw.get("match_param"))
            elif rn is None and name is not None and name.k == STR and name.v:
                path = _traversal_prefix(project, kw.get("context")) + "/" + name.v
            else:
                continue
            rm = kw.get("request_method")
            methods = [rm.v.upper()] if rm is not None and rm.k == STR else [i.v.upper() for i in rm.items or [] if i.k == STR] if rm is not None and rm.k == ARR else ["ANY"]
            for m in methods or ["ANY"]:
                out.append(Route(m, path, "config", f.id, [d], "pyramid", call.line, call.col))
    return out


def appbuilder_views(project: Project, ff: FileFacts) -> list[Route]:
    """Flask-AppBuilder views: a method of a view class decorated with
    ``@expose("/login/", methods=["GET", "POST"])`` (``flask_appbuilder``'s
    ``expose``, which only records the URL; ``BaseView.create_blueprint``
    registers it under the class's ``route_base``), one route per method
    (GET when none are listed), at the path as written.  A method whose body
    does nothing is a placeholder its subclasses override, never served."""
    out: list[Route] = []
    noop = set((ff.extra or {}).get("noop_funcs") or ())
    for f in ff.funcs:
        if not f.cls or f.id in noop:
            continue  # `AuthView.login(self): pass`: a placeholder each auth view overrides
        for d in f.decorators:
            if not _appbuilder_expose(d):
                continue
            call = project.call_of(ff, d)
            if call is None:
                continue
            url = call.args[0] if call.args else call.kwargs.get("url")
            path = url.v if url is not None and url.k == STR else "/" if url is None else ""
            if not path:
                continue
            path = _appbuilder_base(project, ff, f.cls) + path
            methods = call.args[1] if len(call.args) > 1 else call.kwargs.get("methods")
            names = [i.v.upper() for i in methods.items or () if i.k == STR] if methods is not None and methods.k == ARR else ["GET"]
            for m in names or ["GET"]:
                out.append(Route(m, path, f.cls, f.id, [d], "flask", call.line, call.col))
    return out


def _appbuilder_base(project: Project, ff: FileFacts, cls: str) -> str:
    """The URL prefix a Flask-AppBuilder view class sets itself: its
    ``route_base``, or for a REST API class its ``resource_name`` under
    ``/api/<version>/`` (``SecurityApi``: ``/api/v1/security``); '' when the
    class sets neither as a value we can read (a view's default, its class
    name, is not guessed)."""
    attrs = class_attrs(ff, cls)
    base, name = attrs.get("route_base"), attrs.get("resource_name")
    if base is not None:
        base = resolve_value(project, ff, base)
        return base.v.rstrip("/") if base.k == STR else ""
    if name is None or name.k != STR or not name.v:
        return ""
    ver = attrs.get("version")
    ver = resolve_value(project, ff, ver) if ver is not None else Val(STR, "v1")
    if ver.k == IDENT:  # `version = API_SECURITY_VERSION`, a constant of another module
        home = module_and_attr(project, ver.v, value=True)
        ver = home[0].consts.get(home[1], ver) if home is not None else ver
    return f"/api/{ver.v}/{name.v.lower()}" if ver.k == STR and ver.v else ""


def _appbuilder_expose(d: Val) -> bool:
    return d.k == CALL and last_name(d.v) == "expose" and d.v.startswith("flask_appbuilder")


_APPBUILDER_AUTH_VIEW = lazy_re(r"^Auth\w*View$")


def appbuilder_auth_view(project: Project, ff: FileFacts, route: Route) -> bool:
    """A Flask-AppBuilder route of a sign-in view class: ``AuthView`` or one
    of its kind (``AuthDBView``, ``AuthLDAPView``...), or a class built on one,
    whose blueprint the security manager rate-limits when ``AUTH_RATE_LIMITED``
    is on."""
    if route.framework != "flask" or not any(_appbuilder_expose(m) for m in route.middleware):
        return False
    seen: set[tuple[str, str]] = set()
    todo = [(ff, route.router)]
    while todo and len(seen) < 12:
        cf, cls = todo.pop()
        if (cf.path, cls) in seen:
            continue
        seen.add((cf.path, cls))
        if _APPBUILDER_AUTH_VIEW.match(cls):
            return True
        for b in class_bases(cf, cls):
            if _APPBUILDER_AUTH_VIEW.match(last_name(b)):
                return True
            home = base_class_home(project, cf, b)
            if home is not None:
                todo.append(home)
    return False


# Pecan's exposing decorators: pecan.expose, WSME's wsexpose (wsmeext.pecan), pecan.decorators.expose
_PECAN_EXPOSE = frozenset({"expose", "wsexpose"})


def _pecan_exposer(project: Project, ff: FileFacts, d: Val) -> bool:
    """A decorator that exposes a Pecan view: Pecan's or WSME's own, or the
    project's wrapper that returns one of them (cyborg's and magnum's
    ``api/expose.py``: ``def expose(*args, **kwargs): return
    wsme_pecan.wsexpose(*args, **kwargs)``, used as ``@expose.expose(Root)``)."""
    if d.k not in (CALL, IDENT) or last_name(d.v) not in _PECAN_EXPOSE:
        return False
    if "pecan" in d.v:
        return True
    for got in definitions(project, ff, d.v):
        if got.func is not None and any(
            c.assigned == "return" and last_name(c.callee) in _PECAN_EXPOSE and "pecan" in c.callee
            for c in project.calls_in(got.ff, got.func.id, nested=False)
        ):
            return True
    return False


def pecan_views(project: Project, ff: FileFacts) -> list[Route]:
    """Pecan object-dispatch views of a module importing pecan (or exposing
    views through the project's wrapper of its decorator), each as the
    last path segment it answers under its controller's mount: an exposed
    method (``@pecan.expose('json') def healthz(self)``, or its
    ``route='health-check'``), a controller instance held by a class
    attribute (``health = HealthController()``), and ``pecan.route(Root,
    'health-check', HealthController())``."""
    # (each function with the first decorator that exposes it)
    exposed = [(f, d) for f in ff.funcs for d in [next((d for d in f.decorators if _pecan_exposer(project, ff, d)), None)] if d is not None]
    if not exposed and not any(m == "pecan" or m.startswith("pecan.") or m.startswith("wsmeext.pecan") for m in ff.modules):
        return []
    out: list[Route] = []
    for f, d in exposed:
        call = project.call_of(ff, d) if d.k == CALL else None
        named = call.kwargs.get("route") if call is not None else None
        seg = named.v if named is not None and named.k == STR else f.name
        out.append(Route("ANY", "/" + seg, f.cls, f.id, [d], "pecan", d.line or f.line, 0))
    attrs = (ff.extra or {}).get("class_attrs") or {}
    for cls, fields in attrs.items() if isinstance(attrs, dict) else ():
        holder = cls.endswith("Controller") or any(b.startswith("pecan.") for b in class_bases(ff, cls))
        for name, v in fields.items() if isinstance(fields, dict) else ():
            ctl = str(v.get("v", "")) if isinstance(v, dict) and v.get("k") == CALL else ""
            if last_name(ctl)[:1].isupper() and (holder or ctl.endswith("Controller")):
                out.append(Route("ANY", "/" + name, cls, "", [], "pecan", int(v.get("line", 0) or 0), 0))
    for c in ff.calls:
        if c.method == "route" and c.callee.startswith("pecan.") and len(c.args) >= 3 and c.args[1].k == STR:
            out.append(Route("ANY", "/" + c.args[1].v, c.args[0].v, "", [], "pecan", c.line, c.col))
    return out


# CherryPy's exposing decorator (`@cherrypy.expose`, `@cherrypy.expose(["alias"])`, `from cherrypy import expose`)
_CHERRYPY_EXPOSE = frozenset({"cherrypy.expose", "cherrypy._helper.expose"})
# a dispatcher that routes by a mapper's table, not by the objects' attribute names
_CHERRYPY_DISPATCHERS = frozenset({"cherrypy.dispatch.RoutesDispatcher", "cherrypy._cpdispatch.RoutesDispatcher"})


def cherrypy_views(project: Project, ff: FileFacts) -> list[Route]:
    """CherryPy object-dispatch handlers of a module, each as the last path
    segment it answers under the path its object is mounted or attached at:
    a method exposed with ``@cherrypy.expose`` answers at its own name
    (alignak's ``ArbiterInterface.status`` at ``/status``), and at each alias
    the decorator lists (``@cherrypy.expose(["health"])``); so does every
    public method of a class that sets ``exposed = True``.  ``index``, and
    an HTTP verb's method (``GET``, for the MethodDispatcher), answer at the
    object's own path; ``default``, the catch-all, at none.  A module that
    builds a ``RoutesDispatcher`` serves the paths its mapper connects
    instead, not the method names."""
    if not any(m == "cherrypy" or m.startswith("cherrypy.") for m in ff.modules):
        return []
    if any(c.callee in _CHERRYPY_DISPATCHERS for c in ff.calls):
        return []  # (the paths are the ones its mapper connects: the frontend reads those)
    open_classes = {cls for cls in ((ff.extra or {}).get("class_attrs") or {}) if (v := class_attrs(ff, cls).get("exposed")) is not None
                    and v.k == BOOL and v.v == "true"}
    out: list[Route] = []
    for f in ff.funcs:
        if not f.cls or f.name == "default":
            continue
        d = next((d for d in f.decorators if d.k in (CALL, IDENT) and d.v in _CHERRYPY_EXPOSE), None)
        if d is None and not (f.cls in open_classes and not f.name.startswith("_")):
            continue
        names = [f.name]
        call = project.call_of(ff, d) if d is not None and d.k == CALL else None
        alias = (call.args[0] if call.args else call.kwargs.get("alias")) if call is not None else None
        if alias is not None:
            names += [alias.v] if alias.k == STR else [i.v for i in alias.items or () if i.k == STR] if alias.k == ARR else []
        line = d.line if d is not None and d.line else f.line
        for name in names:
            # (MethodDispatcher: an exposed class's `GET` answers that verb at the object's own path)
            verb = name.isupper() and name.lower() in HTTP_VERBS
            out.append(Route(name if verb else "ANY", "/" if verb or name == "index" else "/" + name, f.cls, f.id,
                             [d] if d is not None else [], "cherrypy", line, 0))
    return out


_PYRAMID_PLACEHOLDER = lazy_re(r"\{(\w+)(?::[^{}]*)?\}")


def _fill_match_params(pattern: str, match_param: Val | None) -> str:
    """The path a Pyramid view is served at when its ``match_param`` fixes
    placeholders of the route's pattern: ``/admin/{action}`` with
    ``match_param=("action=sign_in",)`` (or ``"action=sign_in"``) is
    ``/admin/sign_in``; placeholders it does not name stay as they are."""
    if match_param is None:
        return pattern
    items = [match_param] if match_param.k == STR else (match_param.items or []) if match_param.k == ARR else []
    fixed = {k.strip(): v.strip() for k, _, v in (i.v.partition("=") for i in items if i.k == STR and "=" in i.v)}
    if not fixed:
        return pattern
    return _PYRAMID_PLACEHOLDER.sub(lambda m: fixed.get(m.group(1), m.group(0)), pattern)


def _needs_permission(val: Val | None) -> bool:
    """A Pyramid ``permission=`` that keeps anonymous users out (not ``NO_PERMISSION_REQUIRED``)."""
    if val is None:
        return False
    return not (val.v.endswith("NO_PERMISSION_REQUIRED") or val.v == "__no_permission_required__")


_ADMIN_SITE_CLASSES = frozenset({"django.contrib.admin.AdminSite", "django.contrib.admin.sites.AdminSite"})


def _admin_urls(project: Project, ff: FileFacts, dotted: str) -> bool:
    """``admin.site.urls``, or the ``urls`` of a site the project makes itself
    (ArchiveBox's ``archivebox_admin = ArchiveBoxAdmin()`` of ``class
    ArchiveBoxAdmin(admin.AdminSite)``): both serve Django's LoginView at
    ``login/``, unless the site's class defines its own ``login`` or the
    project assigns the instance's ``login``."""
    if dotted.endswith("admin.site.urls"):
        return True
    if not dotted.endswith(".urls"):
        return False
    name = dotted[: -len(".urls")]
    if "." in name:
        target = module_and_attr(project, name)
        if target is None or not target[1] or "." in target[1]:
            return False
        tf, var = target
    else:
        tf, var = ff, name
    if any(c.assigned == var + ".login" for c in tf.calls):
        return False
    return any(c.assigned == var and not c.func and _stock_admin_site(project, tf, c.callee, 0) for c in tf.calls)


def _stock_admin_site(project: Project, ff: FileFacts, cls: str, depth: int) -> bool:
    """``cls`` is Django's AdminSite or a project subclass of it (through its
    bases, a few levels) that defines no ``login`` of its own."""
    if cls in _ADMIN_SITE_CLASSES:
        return True
    home = base_class_home(project, ff, cls) if depth < 4 and cls else None
    if home is None:
        return False
    hf, name = home
    if not has_class(hf, name) or any(f.name == "login" for f in methods_of(hf, name)):
        return False
    return any(_stock_admin_site(project, hf, b, depth + 1) for b in class_bases(hf, name))


@per_project
def _admin_login_replaced(project: Project) -> bool:
    """The project replaces the admin site's login view
    (``admin.site.login = login_required(admin.site.login)``: anonymous
    visitors are sent to the project's own sign-in page)."""
    return any(
        any(c.assigned.endswith("admin.site.login") for c in ff.calls) or _admin_site_replaced(ff)
        for ff in project.parsed_code_files() if ff.lang == "py"
    )


def _admin_site_replaced(ff: FileFacts) -> bool:
    """``sites.site = admin.site = SITE`` (Weblate): every ``admin.site`` is an
    instance of a project AdminSite subclass of this file that defines its own
    ``login`` (judged where it is written, not as Django's stock login)."""
    for a in ff.extra.get("assigns", []) if ff.extra else []:
        if not (isinstance(a, list) and len(a) >= 4 and isinstance(a[0], str) and a[0].endswith(("admin.site", "sites.site"))):
            continue
        val = a[3] if isinstance(a[3], dict) else {}
        kind, name = val.get("k"), val.get("v")
        # the site object: `SITE = WeblateAdminSite()` assigned, or the instance made in place
        made = [c for c in ff.calls if (kind == IDENT and c.assigned == name) or (kind == CALL and c.callee == name)]
        if any(f.cls == c.callee.rsplit(".", 1)[-1] and f.name == "login" for c in made for f in ff.funcs):
            return True
    return False


@per_project
def _traversal_keys(project: Project) -> dict[str, list[tuple[str, str]]]:
    """Resource class name -> (key, owning class) of every class attribute dict
    that maps a traversal key to that class (``subobjects = {"acct": Account}``
    in class ``Root``): a traversal resource tree written as a table."""
    got: dict[str, list[tuple[str, str]]] = {}
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for cname, v in ff.consts.items():
            owner, dot, _attr = cname.partition(".")
            if not dot or v.k != OBJ or not v.keys:
                continue
            for k, item in v.keys.items():
                if item.k == IDENT and item.v and k and "/" not in k:
                    got.setdefault(last_name(item.v), []).append((k, owner))
    return got


def _traversal_prefix(project: Project, context: Val | None) -> str:
    """The URL prefix under which a traversal view's ``context`` resource is
    found, from the tables of keys that lead to it (``/acct`` for the context
    ``Account`` of ``Root.subobjects = {"acct": Account}``); "" when the
    context is the root, unknown, or reached by more than one key."""
    if context is None or context.k != IDENT or not context.v:
        return ""
    keys = _traversal_keys(project)
    parts: list[str] = []
    cls, seen = last_name(context.v), set()
    while cls in keys and cls not in seen and len(parts) < 8:
        seen.add(cls)
        found = set(keys[cls])
        if len(found) != 1:
            return ""
        (k, cls), = found
        parts.append(k)
    return "".join("/" + k for k in reversed(parts))


@per_project
def _pyramid_routes(project: Project) -> dict[str, str]:
    """Route name -> URL pattern of every ``config.add_route(name, pattern)``."""
    got: dict[str, str] = {}
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for c in ff.calls:
            if c.method == "add_route" and len(c.args) >= 2 and c.args[0].k == STR and c.args[1].k == STR:
                got.setdefault(c.args[0].v, c.args[1].v if c.args[1].v.startswith("/") else "/" + c.args[1].v)
    return got
