"""Strapi route tables (RS501): the middlewares and policies a route names.

The JS frontend turns Strapi's route objects (``{ method, path, handler:
'auth.login', config: { auth: false, middlewares: [...], policies: [...] } }``)
into routes of framework ``strapi`` whose one middleware value is that object.
Strapi names its middlewares and policies by string: ``'admin::rateLimit'``,
``'plugin::users-permissions.rateLimit'``, ``'global::<name>'``,
``'api::<api>.<name>'`` (also ``{ name, config }`` objects, and plain functions).

A named entry counts as a limiter when its name says so (``rateLimit``,
``ratelimit``, ``throttle``..., as a ``loginLimiter`` identifier does), or when
the file that defines it builds one: ``global::x`` is the service's
``middlewares/x.js`` (``src/middlewares/``), ``api::a.x`` is
``api/a/middlewares/x.js``, ``plugin::p.x`` is a ``middlewares/x.js`` under a
folder naming the plugin, ``admin::x`` one under a folder naming the admin
(policies likewise, in ``policies/`` folders).  A name that says nothing and
whose file is not in the scan is no limiter.  The app's own list,
``config/middlewares.js`` (and ``config/env/<env>/middlewares.js``), runs for
every route: a limiter there covers them all.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..facts import ARR, CALL, FN, IDENT, OBJ, STR, FileFacts, Route, Val
from ..frontends import STRAPI_APP_MIDDLEWARES
from ..lazyre import lazy_re
from ..project import Project
from ._limiters import NAME_RE, NEGATE_RE, Limiters, in_pkgs
from ._memo import per_project

_EXTS = (".js", ".ts", ".mjs", ".cjs")
CAMEL = lazy_re(r"(?<=[a-z0-9])(?=[A-Z])")


def spec_of(route: Route) -> Val | None:
    """The route object of a Strapi route (None for other frameworks)."""
    if route.framework != "strapi" or not route.middleware:
        return None
    spec = route.middleware[0]
    return spec if spec.k == OBJ else None


def _config_list(spec: Val, key: str) -> list[Val]:
    cfg = (spec.keys or {}).get("config")
    got = (cfg.keys or {}).get(key) if cfg is not None and cfg.k == OBJ else None
    return list(got.items or []) if got is not None and got.k == ARR else []


def entry_name(v: Val) -> str:
    """``'admin::rateLimit'``, or the ``name``/``resolve`` of ``{ name, config }``."""
    if v.k == STR:
        return v.v
    if v.k == OBJ and v.keys:
        for k in ("name", "resolve"):
            got = v.keys.get(k)
            if got is not None and got.k == STR:
                return got.v
    return ""


def _split(name: str) -> tuple[str, str, str]:
    """``'plugin::users-permissions.rateLimit'`` -> ('plugin', 'users-permissions', 'rateLimit');
    ``'global::rate-limit'`` -> ('global', '', 'rate-limit'); a bare name -> ('', '', name)."""
    ns, sep, rest = name.partition("::")
    if not sep:
        return "", "", name.rsplit("/", 1)[-1]
    scope, dot, short = rest.rpartition(".")
    return ns, scope if dot else "", short


def says_limiter(name: str) -> bool:
    ns, scope, short = _split(name)
    text = f"{scope}.{short}"
    return bool(NAME_RE.search(text) or in_pkgs(name)) and not NEGATE_RE.search(text)


_FOLDERS = ("middlewares", "policies", "controllers")


@per_project
def _by_stem(project: Project) -> dict[tuple[str, str], list[FileFacts]]:
    """(folder, name) -> the code files ``<folder>/<name>.js`` or ``<folder>/<name>/index.js``
    (folders: middlewares, policies, controllers)."""
    out: dict[tuple[str, str], list[FileFacts]] = {}
    for ff in project.code_files():
        if ff.lang == "py":
            continue
        parts = ff.path.split("/")
        base = parts[-1]
        ext = next((e for e in _EXTS if base.endswith(e)), "")
        if not ext:
            continue
        stem = base[: -len(ext)]
        if len(parts) >= 2 and parts[-2] in _FOLDERS:
            out.setdefault((parts[-2], stem), []).append(ff)
        if stem == "index" and len(parts) >= 3 and parts[-3] in _FOLDERS:
            out.setdefault((parts[-3], parts[-2]), []).append(ff)
    return out


def _defining_files(project: Project, ff: FileFacts, name: str, folder: str) -> list[FileFacts]:
    """The files that may define the middleware/policy ``name`` (see the module doc)."""
    ns, scope, short = _split(name)
    cands = _by_stem(project).get((folder, short), [])
    if not cands or ns in ("strapi", ""):
        return []  # Strapi's own (`strapi::security`) or a package name
    svc = project.service_of(ff.path)

    def same_service(tf: FileFacts) -> bool:
        return project.service_of(tf.path) is svc

    if ns == "global":
        # not one of an API's or a plugin's own (`src/api/<name>/middlewares/`), judged
        # inside the service: the app itself may sit in a folder named api/
        root = svc.root + "/" if svc is not None and svc.root else ""
        return [tf for tf in cands if same_service(tf) and not re.search(r"(?:^|/)(?:api|plugins)/[^/]+/", tf.path.removeprefix(root))]
    if ns == "api":
        return [tf for tf in cands if same_service(tf) and f"api/{scope}/{folder}/" in tf.path]
    if ns == "plugin" and scope:
        return [tf for tf in cands if any(scope in part for part in tf.path.split("/")[:-1])]
    if ns == "admin":
        return [tf for tf in cands if any("admin" in part for part in tf.path.split("/")[:-1])]
    return []


def builds_limiter(project: Project, lim: Limiters, tf: FileFacts) -> bool:
    """A middleware/policy file that builds or applies a limiter (koa2-ratelimit...)."""
    tf = project.full(tf)
    if any(in_pkgs(m) for m in tf.modules):
        return True
    return any(lim.call_is_limiter(tf, c, 1, wrap=False) for c in tf.calls)


def _entry_limits(project: Project, lim: Limiters, ff: FileFacts, v: Val, folder: str) -> bool:
    if v.k in (FN, IDENT, CALL):
        return lim.val_is_limiter(ff, v)  # an inline middleware or one imported by name
    name = entry_name(v)
    if not name:
        return False
    if says_limiter(name):
        return True
    return any(builds_limiter(project, lim, tf) for tf in _defining_files(project, ff, name, folder))


def route_limited(project: Project, lim: Limiters, ff: FileFacts, route: Route) -> bool:
    """A Strapi route whose ``config.middlewares`` or ``config.policies`` name a
    limiter, or whose service's ``config/middlewares.js`` does."""
    spec = spec_of(route)
    if spec is None:
        return False
    for key in ("middlewares", "policies"):
        if any(_entry_limits(project, lim, ff, v, key) for v in _config_list(spec, key)):
            return True
    return _app_limited(project, lim, ff)


def _app_limited(project: Project, lim: Limiters, ff: FileFacts) -> bool:
    svc = project.service_of(ff.path)
    for tf in _app_lists(project):
        if project.service_of(tf.path) is not svc:
            continue
        for name in (tf.extra or {}).get("strapi_middlewares", ()) or ():
            if isinstance(name, str) and _entry_limits(project, lim, tf, Val(STR, name), "middlewares"):
                return True
    return False


@per_project
def _app_lists(project: Project) -> list[FileFacts]:
    """The services' ``config/middlewares.js`` files, parsed."""
    return [project.full(ff) for ff in project.code_files() if STRAPI_APP_MIDDLEWARES.search(ff.path)]


def guard_names(route: Route) -> Iterable[str]:
    """The policies and middlewares of a Strapi route as snake_case names
    (``'admin::isAuthenticatedAdmin'`` -> ``is_authenticated_admin``,
    ``'global::is-owner'`` -> ``is_owner``), for the sign-in guard test."""
    spec = spec_of(route)
    if spec is None:
        return
    for key in ("policies", "middlewares"):
        for v in _config_list(spec, key):
            name = entry_name(v)
            if name:
                yield CAMEL.sub("_", _split(name)[2]).replace("-", "_").lower()


def handler_view(project: Project, ff: FileFacts, route: Route) -> tuple[FileFacts, str] | None:
    """The controller action a Strapi route names (``handler: 'authentication.accessToken'``):
    the function ``accessToken`` of ``controllers/authentication.js`` beside the
    route file's ``routes`` folder (``src/api/a/routes/a.js`` ->
    ``src/api/a/controllers/a.js``); None when it is not seen."""
    spec = spec_of(route)
    handler = (spec.keys or {}).get("handler") if spec is not None else None
    if handler is None or handler.k != STR:
        return None
    parts = handler.v.strip().rpartition("::")[2].split(".")
    if len(parts) < 2:
        return None
    ctrl, action = parts[-2], parts[-1]
    segs = ff.path.split("/")
    if "routes" not in segs[:-1]:
        return None
    base = "/".join(segs[: len(segs) - 1 - segs[:-1][::-1].index("routes") - 1])
    want = f"{base}/controllers/" if base else "controllers/"
    for tf in _by_stem(project).get(("controllers", ctrl), []):
        if not tf.path.startswith(want):
            continue
        tf = project.full(tf)
        fns = [f for f in tf.funcs if f.name == action]
        fns.sort(key=lambda f: (bool(f.parent), f.line))
        if fns:
            return tf, fns[0].id
    return None
