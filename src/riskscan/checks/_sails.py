"""Sails route tables (RS501): the controller action a route runs and the
policies in front of it.

The JS frontend turns a Sails app's ``config/routes.js`` (``'POST /user/login':
'UserController.login'``) into routes of framework ``sails`` whose one
middleware value is the target: ``'UserController.login'`` or ``'User.login'``
(the action ``login`` of ``api/controllers/UserController.js``),
``'user/login'`` or ``{ action: 'user/login' }`` (a Sails 1 standalone action,
``api/controllers/user/login.js``, its ``fn``), ``{ controller, action }``,
``{ view: 'login' }`` (a page), or a function.

``config/policies.js`` maps actions to policies, most specific first: a Sails 1
action path (``'user/login'``, then ``'user/*'``), a controller's own map
(``User: { login: [...], '*': [...] }``, ``UserController`` also) or its one
value for every action, then the global ``'*'``.  ``true`` or ``[]`` lets
everyone through, ``false`` refuses every request (the route is never
served), names are policies of ``api/policies/<name>.js``.  A policy counts as
a limiter when its name says so or its file builds one; a limiter built in
``config/http.js`` (an Express middleware in the app's chain) covers every
route.
"""

from __future__ import annotations

import posixpath
from typing import Callable, Iterable

from ..facts import ARR, BOOL, FN, OBJ, STR, FileFacts, Route, Val
from ..project import Project
from ._limiters import Limiters
from ._memo import per_project
from ._strapi import CAMEL, builds_limiter, says_limiter

_EXTS = (".js", ".ts", ".cjs", ".mjs")


def _target(route: Route) -> Val | None:
    if route.framework != "sails" or not route.middleware:
        return None
    return route.middleware[0]


def is_sails_app(project: Project, ff: FileFacts) -> bool:
    """``ff`` (a route table or a controller) belongs to a Sails app: its
    package.json depends on sails, or a file of the app folder loads it (a
    ``config/routes.js`` of another framework is no Sails route table)."""
    root = _app_root(ff)
    if project.manifests.get(root, {}).get("sails_version"):
        return True
    return root in _loading_roots(project)


@per_project
def _loading_roots(project: Project) -> set[str]:
    """The folders of the files that require or import sails."""
    return {posixpath.dirname(tf.path) for tf in project.parsed_code_files() if tf.lang != "py" and "sails" in tf.modules}


def _app_root(ff: FileFacts) -> str:
    """The app folder of a ``config/routes.js`` or of a controller under
    ``api/controllers/`` ('' at the scanned root)."""
    head, sep, _ = ff.path.rpartition("api/controllers/")
    if sep and (not head or head.endswith("/")):
        return head.rstrip("/")
    return posixpath.dirname(posixpath.dirname(ff.path))


# ----------------------------------------------------------------- blueprints
def may_be_controller(ff: FileFacts) -> bool:
    """A JS/TS file in a ``controllers`` folder: the only files
    :func:`blueprint_routes` can find routes in."""
    return ff.lang != "py" and "/controllers/" in "/" + ff.path


def blueprint_routes(project: Project, ff: FileFacts, checks_password: Callable[[FileFacts, Route], bool]) -> tuple[FileFacts, list[Route]]:
    """Sails's blueprint action routes of a controller file: with
    ``config/blueprints.js`` ``actions: true`` (Sails 0.12's default, off in
    Sails 1), every action of ``api/controllers/UserController.js`` also
    answers ``/user/<action>`` for any method.  Only the actions that check a
    password (``checks_password``) are returned, with the controller's facts
    (parsed on demand): Gladys's sign-in form posts to ``/session/create``, a
    route no table lists."""
    if not may_be_controller(ff):
        return ff, []
    stem = ff.path.rsplit("/", 1)[-1].split(".", 1)[0]
    if not stem.endswith("Controller") or not _blueprint_actions(project, ff):
        return ff, []
    ff = project.full(ff)
    table = _config(project, ff, "routes")
    # (an action the app's route table already routes is judged there)
    routed = {got for r in (table.routes if table is not None else ()) if (got := _action_of(r)) is not None}
    ident = posixpath.relpath(posixpath.dirname(ff.path), posixpath.join(_app_root(ff), "api", "controllers"))
    prefix = "" if ident == "." else "/" + ident.lower()
    out: list[Route] = []
    for f in ff.funcs:
        if f.parent or f.cls or f.name.startswith(("_", "<")) or (_identity(stem), f.name) in routed:
            continue
        route = Route("ANY", f"{prefix}/{_identity(stem)}/{f.name}", "sails-blueprint", f.id, [Val(STR, f"{stem}.{f.name}", line=f.line)],
                      "sails", f.line, 1)
        if checks_password(ff, route):
            out.append(route)
    return ff, out


def _blueprint_actions(project: Project, ff: FileFacts) -> bool:
    """Blueprint action routes are on for the app of ``ff``: ``actions`` in
    config/blueprints.js, else the Sails version the app depends on (on
    before Sails 1)."""
    bf = _config(project, ff, "blueprints")
    table = bf.consts.get("blueprints") if bf is not None else None
    got = (table.keys or {}).get("actions") if table is not None and table.k == OBJ else None
    if got is not None:
        return got.k == BOOL and got.v == "true"
    version = str(project.manifests.get(_app_root(ff), {}).get("sails_version", "")).lstrip("^~=v ")
    return version.startswith("0.")


def _action_of(route: Route) -> tuple[str, str] | None:
    """(controller identity, action) of a route's target, lower-cased
    controller without ``Controller``: ``'UserController.login'`` ->
    ('user', 'login'), ``'user/login'`` -> ('user', 'login'); None for a view,
    a redirect or a function."""
    t = _target(route)
    if t is None:
        return None
    text = ""
    if t.k == STR:
        text = t.v.strip()
    elif t.k == OBJ and t.keys:
        cv, av = t.keys.get("controller"), t.keys.get("action")
        if cv is not None and cv.k == STR and av is not None and av.k == STR:
            text = f"{cv.v}.{av.v}"
        elif av is not None and av.k == STR:
            text = av.v
    if not text or text.startswith(("/", "http:", "https:")) or " " in text:
        return None
    if "/" in text:
        ctrl, _, action = text.rpartition("/")
        return ctrl.lower(), action
    ctrl, dot, action = text.partition(".")
    if not dot or not action:
        return None
    return _identity(ctrl), action


def _identity(ctrl: str) -> str:
    return ctrl.removesuffix("Controller").lower()


def handler_view(project: Project, ff: FileFacts, route: Route) -> tuple[FileFacts, str] | None:
    """(controller file, function id) of the action a Sails route runs."""
    got = _action_of(route)
    if got is None:
        return None
    ctrl, action = got
    base = posixpath.join(_app_root(ff), "api", "controllers")
    # a controller file's action (`login: function (req, res)`)
    home = posixpath.join(base, *ctrl.split("/")[:-1])
    for tf in _controllers(project, base):
        stem = tf.path.rsplit("/", 1)[-1].split(".", 1)[0]
        if posixpath.dirname(tf.path) != home or _identity(stem) != ctrl.rsplit("/", 1)[-1]:
            continue
        tf = project.full(tf)
        fns = sorted((f for f in tf.funcs if f.name == action), key=lambda f: (bool(f.parent), f.line))
        if fns:
            return tf, fns[0].id
    # a Sails 1 standalone action (`api/controllers/user/login.js`: `fn: async function (inputs)`)
    for found in _files_at(project, posixpath.join(base, ctrl, action)):
        tf = project.full(found)
        fns = sorted((f for f in tf.funcs if f.name == "fn" or not f.parent), key=lambda f: (f.name != "fn", bool(f.parent), f.line))
        if fns:
            return tf, fns[0].id
    return None


def _controllers(project: Project, base: str) -> list[FileFacts]:
    memo = project.__dict__.setdefault("_rs_sails_controllers", {})
    got = memo.get(base)
    if got is None:
        got = [tf for tf in project.code_files() if tf.path.startswith(base + "/") and tf.path.endswith(_EXTS) and tf.lang != "py"]
        memo[base] = got
    return got


def _files_at(project: Project, stem: str) -> list[FileFacts]:
    """The scanned JS/TS files ``<stem>.js`` (``.ts``, ``.cjs``, ``.mjs``), in that order."""
    return [tf for ext in _EXTS if (tf := project.files.get(stem + ext)) is not None]


def _config(project: Project, ff: FileFacts, name: str) -> FileFacts | None:
    """The app's ``config/<name>.js``, parsed."""
    found = _files_at(project, posixpath.join(_app_root(ff), "config", name))
    return project.full(found[0]) if found else None


def _policy_value(project: Project, ff: FileFacts, route: Route) -> Val | None:
    """What ``config/policies.js`` applies to the route's action (None: nothing said)."""
    got = _action_of(route)
    pf = _config(project, ff, "policies")
    table = pf.consts.get("policies") if pf is not None else None
    if table is None or table.k != OBJ or not table.keys:
        return None
    keys = table.keys
    if got is not None:
        ctrl, action = got
        # Sails 1: action paths and wildcards, the longest first
        ident = f"{ctrl}/{action}".lower()
        for k in sorted(keys, key=len, reverse=True):
            low = k.lower()
            if "/" in low and (low == ident or (low.endswith("/*") and ident.startswith(low[:-1]))):
                return keys[k]
        # Sails 0.12: the controller's map (`User` or `UserController`)
        for k, v in keys.items():
            if "/" in k or _identity(k) != ctrl.rsplit("/", 1)[-1]:
                continue
            if v.k != OBJ:
                return v
            own = (v.keys or {}).get(action)
            if own is None:
                own = (v.keys or {}).get("*")
            if own is not None:
                return own
    return keys.get("*")


def _names(v: Val | None) -> list[Val]:
    if v is None:
        return []
    if v.k == ARR:
        return list(v.items or [])
    return [v] if v.k in (STR, FN) else []


def denied(project: Project, ff: FileFacts, route: Route) -> bool:
    """``false`` in config/policies.js: Sails refuses every request to the action."""
    v = _policy_value(project, ff, route)
    return v is not None and v.k == BOOL and v.v == "false"


def route_limited(project: Project, lim: Limiters, ff: FileFacts, route: Route) -> bool:
    """A policy of the route that limits, or a limiter in the app's config/http.js."""
    if _target(route) is None:
        return False
    for v in _names(_policy_value(project, ff, route)):
        if v.k == FN and lim.val_is_limiter(_config(project, ff, "policies") or ff, v):
            return True
        if v.k == STR and (says_limiter(v.v) or any(builds_limiter(project, lim, tf) for tf in _policy_files(project, ff, v.v))):
            return True
    http = _config(project, ff, "http")
    return http is not None and builds_limiter(project, lim, http)


def _policy_files(project: Project, ff: FileFacts, name: str) -> list[FileFacts]:
    return _files_at(project, posixpath.join(_app_root(ff), "api", "policies", name))


def guard_names(project: Project, ff: FileFacts, route: Route) -> Iterable[str]:
    """The route's policies as snake_case names (``isLoggedIn`` -> ``is_logged_in``),
    for the sign-in guard test."""
    if _target(route) is None:
        return
    for v in _names(_policy_value(project, ff, route)):
        if v.k == STR:
            yield CAMEL.sub("_", v.v.rsplit("/", 1)[-1]).replace("-", "_").lower()


# what a policy reads to tell a signed-in request (the default `sessionAuth`,
# Sails 1's `is-logged-in`: `if (req.me) return proceed()`), and how it turns others away
_SESSION_ATTRS = frozenset({"session.authenticated", "session.user", "session.userid", "session.me", "req.user", "req.me"})
_DENIALS = frozenset({"forbidden", "unauthorized", "redirect", "status", "sendStatus"})


def session_gate(project: Project, ff: FileFacts, route: Route) -> bool:
    """A policy of the route that lets through only a signed-in session: its
    file reads the session's user and answers others with ``res.forbidden()``
    (``res.unauthorized()``, a redirect, a status)."""
    if _target(route) is None:
        return False
    for v in _names(_policy_value(project, ff, route)):
        for tf in _policy_files(project, ff, v.v) if v.k == STR else ():
            tf = project.full(tf)
            if any(a.lower() in _SESSION_ATTRS for a in tf.attrs) and any(c.recv == "res" and c.method in _DENIALS for c in tf.calls):
                return True
    return False


def page_only(route: Route) -> bool:
    """A target that renders a view (``{ view: 'pages/login' }``) or redirects."""
    t = _target(route)
    if t is None:
        return False
    if t.k == STR:
        return t.v.strip().startswith(("/", "http:", "https:"))
    keys = t.keys or {}
    return t.k == OBJ and ("view" in keys or "redirect" in keys) and "action" not in keys
