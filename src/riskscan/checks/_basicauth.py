"""RS501 for HTTP Basic sign-ins: credentials checked against a password on
every request a scheme guards.

A service that reads a user name and password from the ``Authorization``
header and checks them against the account's password turns each route the
scheme guards into a sign-in: anyone can try passwords there, as at a login
form.  One finding per scheme, at the scheme (the middleware call, the verify
function, the dependency or the hook), when some route it guards has no
limiter on it, its router or the app, and the scheme's own function consumes
no limiter.  Routes whose path already makes them credential endpoints are
judged by the path rules (``reported``: the positions they were reported
at), not again here.

Schemes:

* JS/TS: passport-http's ``BasicStrategy`` whose verify function checks a
  password, behind ``passport.authenticate('basic')`` (sqlpad's
  ``mustBeAuthenticated``, on every API route);
* JS/TS: a basic-auth-connect or express-basic-auth middleware built with
  the user name and password it checks (mongo-express's
  ``appRouter.use(basicAuth(user, password))``), guarding the routes after
  it on its router and those that take it as their own middleware;
* Flask-HTTPAuth: a ``@auth.verify_password`` function of an
  ``HTTPBasicAuth()`` that checks a password, or its ``@auth.get_password``
  function (the library compares the password it returns), guarding the
  routes decorated with ``@auth.login_required``;
* FastAPI: a dependency taking ``Depends(HTTPBasic())`` credentials that
  checks a password, guarding the routes that depend on it (directly, or
  through one dependency of the project's own);
* Flask: a ``before_request`` hook that checks a password, or compares the
  Basic password with a configured one (rq-dashboard's
  ``auth.password != password``, or ``hmac.compare_digest``), guarding every route of its app (or of
  its blueprint), also when a helper adds the hook to the app or blueprint
  it is handed (rq-dashboard's ``add_basic_auth(blueprint, ...)``), or to
  the app the project's application factory builds (scrapydweb's ``app =
  create_app()``);
* JS/TS: a request hook of the project's own -- Fastify's
  ``app.addHook('onRequest', fn)`` (or ``preHandler``...), an Express/connect
  ``app.use(fn)`` -- that decodes the Basic credentials of the
  ``Authorization`` header (``Buffer.from(credentials, 'base64')``, ``atob``)
  and compares the password with a configured one (maildev's ``password !==
  auth.pass``), guarding the routes of its Fastify instance in the file (an
  Express router: those it registers after the ``use``, in the same
  function), less the health routes such hooks let through;
* Flask: a route decorator of the project's own (a module-level function,
  or a factory of one) whose wrapper reads the ``Authorization`` header and
  checks a password, itself or a few project calls below (alerta's
  ``@permission(scope)``: ``User.check_credentials(username, password)``
  down to ``bcrypt.checkpw``), guarding the routes it decorates;
* Tornado: a ``RequestHandler`` subclass's ``get_current_user`` that reads
  the ``Authorization`` header and checks a password, or compares the
  credentials with ``hmac.compare_digest`` (flower's ``BaseHandler`` and its
  ``--basic-auth`` credentials), guarding the routes of the handlers that
  inherit it and have a method under ``@tornado.web.authenticated``;
* Flask: a WSGI middleware class of the project's own wrapped around the
  app's ``wsgi_app`` (``app.wsgi_app = BasicAuthMiddleware(app.wsgi_app,
  auth_file)``) whose ``__call__`` reads the ``Authorization`` header (or the
  environ's ``HTTP_AUTHORIZATION``) and checks a password, itself or a few
  project calls below (ironic-inspector's htpasswd middleware, down to
  ``bcrypt.checkpw``), guarding every route of the service's Flask app.
* Twisted: ``HTTPAuthSessionWrapper(Portal(realm, [checker]), [BasicCredentialFactory(...)])``
  whose checker checks a password (Twisted's own password checkers, or a
  project class's ``requestAvatarId`` comparing ``credentials.password`` with a
  configured one, as scrapyd's does), guarding every resource of the tree it
  wraps: no routes to list, the finding says so.

Every scheme's password check is found with the same helper the sign-in
routes use: in the function or in a project function it calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..facts import ARR, CALL, FN, IDENT, OBJ, STR, Call, FileFacts, Func, Route, Val
from ..frontends._assigns import PARSED_AUTHORIZATION
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from ._credroutes import credential_kind
from ._resolve import assigned_before, call_sites, callee_funcs, fn_of_val, last_name, module_and_attr, walk_vals
from ._guards import covers
from ._routes import base_class_home, class_bases, extra_routes, inherited_method, is_mock, route_call_of
from ._services import is_demo_path
from ._mounts import mounted_path
from ._lockout import password_check
from ._limiters import Limiters
from ._reach import func_label, helper_funcs, reachable_calls
from .login_rate_limit import _password_check_where, _RouteJudge, _wrapped_password_check

Position = tuple[str, int]
_ANY_HEADER = "anyone sending an Authorization header can try passwords as fast as the server answers (credential stuffing, brute force of any account)"
_FIXED_PASSWORD = "anyone sending an Authorization header can guess the configured password as fast as the server answers (once guessed, it opens every route it guards)"


@dataclass
class _Scheme:
    ff: FileFacts  # where the finding sits
    line: int
    col: int
    label: str  # how the message names the scheme
    guard_word: tuple[str, str]  # the routes it guards, plural and singular ("the routes it guards", "the route it guards")
    func: str  # the scheme's own function in ff ("" when none): a limiter it consumes protects every route
    where: FileFacts  # the password check
    check: Call
    routes: list[tuple[FileFacts, Route]]
    anchor: str
    checked: str = ""  # what the credentials are checked against, when not an account's password (`check` is then the scheme itself)
    tree: bool = False  # it guards a whole resource tree (Twisted's guard): no routes of its own to list


def basic_auth_hits(project: Project, reported: set[Position]) -> Iterable[Hit]:
    schemes = [*_passport_schemes(project), *_fixed_credential_schemes(project), *_flask_httpauth_schemes(project),
               *_flask_basicauth_schemes(project), *_fastapi_schemes(project),
               *_before_request_schemes(project), *_decorator_schemes(project), *_tornado_schemes(project), *_wsgi_middleware_schemes(project),
               *_aiohttp_middleware_schemes(project), *_flask_login_schemes(project), *_twisted_guard_schemes(project),
               *_js_hook_schemes(project), *_sveltekit_hook_schemes(project)]
    judge: _RouteJudge | None = None
    for sc in schemes:
        if sc.tree:
            yield _tree_hit(sc)
            continue
        open_routes: list[tuple[FileFacts, Route, str]] = []
        seen: set[tuple[str, int, str]] = set()
        for rf, r in sc.routes:
            key = (rf.path, r.line, r.method)
            if key in seen or (rf.path, r.line) in reported:
                continue
            seen.add(key)
            path = mounted_path(project, rf, r)
            if rf.lang != "py" and credential_kind(path):
                continue  # a sign-in route by its path: judged as one
            if judge is None:
                judge = _RouteJudge(project)
            if judge.route_level(rf, r)[0] or judge.shared(rf, r)[0]:
                continue
            open_routes.append((rf, r, path if path != r.path else judge.display_path(rf, r)))
        if not open_routes or (sc.func and judge is not None and judge.lim.func_uses_limiter(sc.ff, sc.func)):
            continue
        rf, r, shown = next((x for x in open_routes if x[1].method not in ("ANY", "OPTIONS")), open_routes[0])  # (a catch-all `all('*')` says little; a preflight, less)
        count = len(open_routes)
        example = f"{r.method} {shown} at {rf.path}:{r.line}"
        if count > 1:
            routes = f"{sc.guard_word[0]} ({count} seen, such as {example}), with no rate limiter on them, their router or the app: each is"
        else:
            routes = f"{sc.guard_word[1]} ({example}), with no rate limiter on it, its router or the app: it is"
        check = f"{sc.check.recv}.{sc.check.method}" if sc.check.recv and sc.check.method else last_name(sc.check.callee)
        against = sc.checked or f"the account's password (`{check}` at {sc.where.path}:{sc.check.line})"
        msg = f"{sc.label} signs requests in with HTTP Basic credentials checked against {against} on {routes} a sign-in where {_FIXED_PASSWORD if sc.checked else _ANY_HEADER}"
        related = [*([] if sc.checked else [Related(sc.where.path, sc.check.line, "password checked for the Basic credentials")]),
                   *(Related(x[0].path, x[1].line, f"guarded route: {x[1].method} {x[2]}") for x in open_routes[:3])]
        yield Hit("RS501", sc.ff.path, sc.line, msg, column=sc.col or 1, related=related, anchor=sc.anchor)


def _tree_hit(sc: _Scheme) -> Hit:
    """A scheme guarding a whole resource tree: every request under it is a sign-in."""
    check = f"{sc.check.recv}.{sc.check.method}" if sc.check.recv and sc.check.method else last_name(sc.check.callee)
    against = sc.checked or f"the account's password (`{check}` at {sc.where.path}:{sc.check.line})"
    msg = (f"{sc.label} signs requests in with HTTP Basic credentials checked against {against} on {sc.guard_word[0]}, with no rate "
           f"limiter in front of it: every request there is a sign-in where {_FIXED_PASSWORD if sc.checked else _ANY_HEADER}")
    return Hit("RS501", sc.ff.path, sc.line, msg, column=sc.col or 1, related=[Related(sc.where.path, sc.check.line, "password checked for the Basic credentials")],
               anchor=sc.anchor)


def _service_root(project: Project, path: str) -> str:
    svc = project.service_of(path)
    return svc.root if svc is not None else ""


def _py_files(project: Project, module: str) -> Iterable[FileFacts]:
    for ff in project.parsed_code_files():
        if ff.lang == "py" and not is_demo_path(ff.path) and any(m == module or m.startswith(module + ".") for m in ff.modules):
            yield ff


def _all_routes(project: Project, ff: FileFacts) -> list[Route]:
    return [r for r in (*ff.routes, *extra_routes(project, ff)) if not is_mock(ff, r)]


def _names_var(project: Project, ff: FileFacts, rf: FileFacts, dotted: str, var: str) -> bool:
    """Does ``dotted`` (as written in ``rf``) name module-level variable ``var`` of ``ff``?"""
    if rf is ff:
        return dotted == var
    if "." not in dotted:
        return False
    target = module_and_attr(project, dotted)
    return target is not None and target[0] is ff and target[1] == var


# ---------------------------------------------------------------- passport-http (JS/TS)
def _basic_strategies(project: Project) -> dict[tuple[str, str], tuple[FileFacts, Call]]:
    """passport-http ``BasicStrategy``s whose verify function checks a password
    (itself or in a project function it calls), by their service and the name
    passport knows them by there (``basic``, or the name given to
    ``passport.use(name, strategy)``): (file, password check)."""
    out: dict[tuple[str, str], tuple[FileFacts, Call]] = {}
    for ff in project.parsed_code_files():
        if ff.lang == "py" or "passport-http" not in ff.modules or is_demo_path(ff.path):
            continue
        for call in ff.calls:
            if not (call.new and call.callee.startswith("passport-http.") and call.callee.endswith("BasicStrategy")) or not call.args:
                continue
            target = fn_of_val(project, ff, call.args[-1])
            found = _password_check_where(project, target[0], target[1].id) if target is not None else None
            if found is None:
                continue
            where, check = found
            names = [u.args[0].v for u in ff.calls if u.callee == "passport.use" and len(u.args) > 1 and u.args[0].k == STR
                     and u.args[1].k == CALL and u.args[1].v == call.callee and u.line <= call.line]
            for name in names or ["basic"]:
                out.setdefault((_service_root(project, ff.path), name), (where, check))
    return out


def _basic_authenticate(call: Call, names: set[str]) -> str:
    """The strategy name of a ``passport.authenticate('basic', ...)`` call that
    uses one of ``names``, else ''."""
    if not (call.callee == "passport.authenticate" or call.callee.endswith(".authenticate") and "passport" in call.callee):
        return ""
    first = call.args[0] if call.args else None
    if first is None:
        return ""
    given = [first.v] if first.k == STR else [i.v for i in first.items or [] if i.k == STR] if first.k == ARR else []
    return next((n for n in given if n in names), "")


def _passport_schemes(project: Project) -> Iterable[_Scheme]:
    """Each ``passport.authenticate('basic')`` call of a strategy that checks a
    password, guarding the routes that run it (as the route's own middleware,
    the function that runs it, or a handler that calls it)."""
    names = _basic_strategies(project)
    if not names:
        return
    sites: list[tuple[FileFacts, Call, str]] = []
    for ff in project.parsed_code_files():
        if ff.lang == "py" or is_demo_path(ff.path) or "passport" not in ff.modules:
            continue
        root = _service_root(project, ff.path)
        mine = {n for r, n in names if r == root}
        if mine:
            sites.extend((ff, c, n) for c in ff.calls if (n := _basic_authenticate(c, mine)))
    if not sites:
        return
    by_fn: dict[tuple[str, str], list[tuple[FileFacts, Route]]] = {}
    by_call: dict[tuple[str, int], list[tuple[FileFacts, Route]]] = {}
    for rf in project.parsed_code_files():
        if rf.lang == "py" or is_demo_path(rf.path):
            continue
        for r in _all_routes(project, rf):
            if r.handler:
                by_fn.setdefault((rf.path, r.handler), []).append((rf, r))
            for v in r.middleware:
                if v.k == CALL:
                    by_call.setdefault((rf.path, v.line), []).append((rf, r))
                got = fn_of_val(project, rf, v) if v.k in (IDENT, FN) else None
                if got is not None:
                    by_fn.setdefault((got[0].path, got[1].id), []).append((rf, r))
    for ff, call, name in sites:
        guarded = list(by_call.get((ff.path, call.line), []))
        if call.func:
            guarded += by_fn.get((ff.path, call.func), [])
        where, check = names[(_service_root(project, ff.path), name)]
        fn = project.funcs(ff).get(call.func) if call.func else None
        inside = f" in `{fn.name}`" if fn is not None and fn.name != "<anon>" else ""
        label = f"`passport.authenticate('{name}')`{inside} (passport-http's BasicStrategy)"
        yield _Scheme(ff, call.line, call.col, label, ("the routes it guards", "the route it guards"), call.func, where, check, guarded,
                      f"basic-auth:{name}:{inside.strip(' `') or '-'}")


# ---------------------------------------------------------------- basic-auth-connect / express-basic-auth (JS/TS)
# what each package checks the credentials against
_FIXED_CREDENTIAL_PACKAGES = {"basic-auth-connect": "the one user name and password it is given",
                              "express-basic-auth": "the user names and passwords of its `users`"}


def _fixed_credential_package(call: Call) -> str:
    """The package of a Basic-auth middleware built with the credentials it
    checks -- basic-auth-connect's ``basicAuth(user, password)``,
    express-basic-auth's ``basicAuth({ users: {...} })`` with no ``authorizer``
    of its own (a custom check may compare anything) -- else ''."""
    pkg = next((p for p in _FIXED_CREDENTIAL_PACKAGES if call.callee in (p, p + ".default")), "")
    if pkg == "basic-auth-connect":
        return pkg if len(call.args) == 2 else ""
    opts = call.args[0] if pkg and call.args else None
    if opts is None or opts.k != OBJ or opts.keys is None or opts.open:
        return ""
    return pkg if "users" in opts.keys and "authorizer" not in opts.keys else ""


def _middleware_call(project: Project, ff: FileFacts, v: Val, made: dict[str, Call]) -> tuple[FileFacts, Call] | None:
    """The fixed-credential middleware ``v`` is, with its file: the call
    itself, the one a variable of the file was assigned, or the one the
    project function such a call runs returns."""
    call = project.call_of(ff, v) if v.k == CALL else made.get(v.v) if v.k == IDENT else None
    if call is None:
        return None
    if _fixed_credential_package(call):
        return ff, call
    return _returned_middleware(project, ff, call)


def _returned_middleware(project: Project, ff: FileFacts, call: Call) -> tuple[FileFacts, Call] | None:
    """The fixed-credential middleware that a project function ``call`` runs
    returns, with its file (lhci's ``createBasicAuthMiddleware(context)``,
    whose body ends ``return basicAuth({users: {[username]: password}})``)."""
    for tf, fn in callee_funcs(project, ff, call):
        for c in project.calls_in(tf, fn.id, nested=False):
            if c.assigned == "return" and _fixed_credential_package(c):
                return tf, c
    return None


def _middleware_factory_names(project: Project) -> set[str]:
    """Names of the project functions that return a fixed-credential
    middleware they build (``return basicAuth({ users: ... })``)."""
    names: set[str] = set()
    for ff in project.parsed_code_files():
        if ff.lang == "py" or is_demo_path(ff.path) or not any(m in _FIXED_CREDENTIAL_PACKAGES for m in ff.modules):
            continue
        funcs = project.funcs(ff)
        names.update(funcs[c.func].name for c in ff.calls if c.assigned == "return" and c.func in funcs and _fixed_credential_package(c))
    return names


def _routes_after_use(ff: FileFacts, use: Call, routes: list[Route]) -> list[Route]:
    """The routes of the file that the router ``use`` is called on registers
    after it, in the same function (under the path ``use`` gives, if any),
    and those of a router of that function it mounts after it
    (omniboard's ``app.use(basicAuthHook)`` ... ``app.use(router)``, the
    routes on ``router``; under the mount's path, if any)."""
    prefix = use.args[0].v if use.args and use.args[0].k == STR else None
    mounts: dict[str, str] = {}  # router variable -> the path it is mounted at
    for m in ff.calls:
        if m.method == "use" and m.recv == use.recv and m.func == use.func and (m.line, m.col) > (use.line, use.col):
            at = m.args[0].v if m.args and m.args[0].k == STR else ""
            for a in m.args:
                if a.k == IDENT and a.v != use.recv:
                    mounts.setdefault(a.v, at)
    out = []
    for r in routes:
        reg = route_call_of(ff, r)
        if reg is None or reg.func != use.func:
            continue
        if r.router == use.recv:
            if r.line > use.line and covers(prefix, r.path):
                out.append(r)
        elif r.router in mounts and covers(prefix, mounts[r.router].rstrip("/") + r.path):
            out.append(r)
    return out


def _fixed_credential_schemes(project: Project) -> Iterable[_Scheme]:
    """Each basic-auth-connect / express-basic-auth middleware built with the
    user name and password it checks (mongo-express's
    ``appRouter.use(basicAuth(config.basicAuth.username, config.basicAuth.password))``),
    guarding the routes its router registers after ``use``-ing it in the same
    function, and the routes that take it as their own middleware; a
    middleware that a project function builds and returns guards the routes
    of the files that call that function (lhci's
    ``app.use(createBasicAuthMiddleware(context))``)."""
    factories = _middleware_factory_names(project)
    guarded: dict[int, tuple[FileFacts, Call, list[tuple[FileFacts, Route]]]] = {}
    for ff in project.parsed_code_files():
        if ff.lang == "py" or is_demo_path(ff.path):
            continue
        if not any(m in _FIXED_CREDENTIAL_PACKAGES for m in ff.modules) and not any(last_name(c.callee) in factories for c in ff.calls):
            continue
        made = {c.assigned: c for c in ff.calls if c.assigned.isidentifier() and (_fixed_credential_package(c) or last_name(c.callee) in factories)}
        routes = _all_routes(project, ff)
        for use in ff.calls:
            if use.method != "use" or not use.recv:
                continue
            for a in use.args:
                found = _middleware_call(project, ff, a, made)
                if found is not None:
                    guarded.setdefault(id(found[1]), (*found, []))[2].extend((ff, r) for r in _routes_after_use(ff, use, routes))
        for r in routes:
            for v in r.middleware:
                found = _middleware_call(project, ff, v, made)
                if found is not None:
                    guarded.setdefault(id(found[1]), (*found, []))[2].append((ff, r))
    for mff, mw, routes_guarded in guarded.values():
        pkg = _fixed_credential_package(mw)
        head = mw.text.split("(", 1)[0].strip() or last_name(mw.callee)
        fn = project.funcs(mff).get(mw.func) if mw.func else None
        inside = func_label(mff, fn, with_line=False) if fn is not None else "-"
        yield _Scheme(mff, mw.line, mw.col, f"`{head}(...)` ({pkg})", ("the routes it guards", "the route it guards"), "", mff, mw,
                      routes_guarded, f"basic-auth:{pkg}:{inside}", checked=_FIXED_CREDENTIAL_PACKAGES[pkg])


# ---------------------------------------------------------------- Flask-HTTPAuth
def _decorated(fn: Func, name: str) -> Val | None:
    """``fn``'s decorator ``@name`` or ``@name(...)``."""
    return next((d for d in fn.decorators if d.k in (IDENT, CALL) and d.v == name), None)


def _flask_httpauth_schemes(project: Project) -> Iterable[_Scheme]:
    """An ``HTTPBasicAuth()``'s ``@auth.verify_password`` function that checks
    a password, or, when it has none (Flask-HTTPAuth then calls no verify
    function), its ``@auth.get_password`` function: the password it returns
    for the user name is compared by Flask-HTTPAuth itself with the one the
    client sent (medallion's ``get_pwd``, returning the configured user's
    password), so it is an account-password check whatever its body does."""
    for ff in _py_files(project, "flask_httpauth"):
        auths = {c.assigned for c in ff.calls if c.callee == "flask_httpauth.HTTPBasicAuth" and c.assigned.isidentifier() and not c.func}
        for var in sorted(auths):
            verifiers = [(fn, d) for fn in ff.funcs if (d := _decorated(fn, f"{var}.verify_password")) is not None]
            lookups = [] if verifiers else [(fn, d) for fn in ff.funcs if (d := _decorated(fn, f"{var}.get_password")) is not None]
            for fn, deco in (*verifiers, *lookups):
                line = deco.line or fn.line
                if lookups:
                    found: tuple[FileFacts, Call] | None = (ff, Call(callee=f"{var}.get_password", recv=var, method="get_password", line=line))
                else:
                    found = _password_check_where(project, ff, fn.id)
                if found is None:
                    continue
                routes = [(rf, r) for rf in project.parsed_code_files() if rf.lang == "py" for r in _all_routes(project, rf)
                          if any(v.k in (IDENT, CALL) and v.v.endswith(".login_required") and _names_var(project, ff, rf, v.v[: -len(".login_required")], var)
                                 for v in r.middleware)]
                kind = "get_password" if lookups else "verify_password"
                yield _Scheme(ff, line, 1, f"`{fn.name}` (Flask-HTTPAuth `@{var}.{kind}`)",
                              (f"the routes `@{var}.login_required` guards", f"the route `@{var}.login_required` guards"), fn.id, found[0], found[1], routes, f"basic-auth:py:{fn.name}")


# ---------------------------------------------------------------- Flask-BasicAuth
_FLASK_BASICAUTH = frozenset({"flask_basicauth.BasicAuth"})


def _flask_basicauth_schemes(project: Project) -> Iterable[_Scheme]:
    """A Flask-BasicAuth ``BasicAuth(app)`` (or ``BasicAuth()`` later given its
    app) made at module level: the library's own ``check_credentials``
    compares the client's credentials with the app's ``BASIC_AUTH_USERNAME``
    and ``BASIC_AUTH_PASSWORD``, as express-basic-auth does with its
    ``users``, on the routes decorated with ``@basic_auth.required`` (also in
    other modules: webhook-server's ``from . import basic_auth``).  A project
    subclass (one overriding ``check_credentials`` may check anything) is not
    judged."""
    for ff in _py_files(project, "flask_basicauth"):
        for c in ff.calls:
            if c.callee not in _FLASK_BASICAUTH or not c.assigned.isidentifier() or c.func:
                continue
            var = c.assigned
            routes = [(rf, r) for rf in project.parsed_code_files() if rf.lang == "py" for r in _all_routes(project, rf)
                      if any(v.k in (IDENT, CALL) and v.v.endswith(".required") and _names_var(project, ff, rf, v.v[: -len(".required")], var)
                             for v in r.middleware)]
            yield _Scheme(ff, c.line, c.col, f"`{var}` (Flask-BasicAuth `BasicAuth`)",
                          (f"the routes `@{var}.required` guards", f"the route `@{var}.required` guards"), "", ff, c, routes,
                          f"basic-auth:flask_basicauth:{var}",
                          checked="the one user name and password of the app's `BASIC_AUTH_USERNAME`/`BASIC_AUTH_PASSWORD` configuration")


# ---------------------------------------------------------------- FastAPI HTTPBasic
def _depends_calls(ff: FileFacts) -> list[Call]:
    return [c for c in ff.calls if c.callee == "fastapi.Depends" and c.args]


def _depends_on(ff: FileFacts, depends: list[Call], fn: Func, names: set[str], project: Project, targets: set[tuple[str, str]]) -> bool:
    """Does a parameter of ``fn`` take ``Depends(x)`` (one of ``depends``, the
    file's) with x one of the module-level ``names`` of ``ff`` or one of the
    functions ``targets``?"""
    for c in depends:
        if c.func != fn.parent or not fn.line <= c.line <= fn.end_line:
            continue
        arg = c.args[0]
        if arg.k == IDENT and arg.v in names:
            return True
        got = fn_of_val(project, ff, arg) if arg.k in (IDENT, FN) else None
        if got is not None and (got[0].path, got[1].id) in targets:
            return True
    return False


def _route_depends(project: Project, rf: FileFacts, r: Route, targets: set[tuple[str, str]]) -> bool:
    """Does route ``r`` depend on one of the functions ``targets`` (a
    ``Depends(f)`` among its dependencies, or f is its handler)?"""
    if r.handler and (rf.path, r.handler) in targets:
        return True
    for v in r.middleware:
        if v.k != CALL or last_name(v.v) != "Depends" or not 0 <= v.call < len(rf.calls):
            continue
        args = rf.calls[v.call].args
        got = fn_of_val(project, rf, args[0]) if args and args[0].k in (IDENT, FN) else None
        if got is not None and (got[0].path, got[1].id) in targets:
            return True
    return False


def _fastapi_schemes(project: Project) -> Iterable[_Scheme]:
    for ff in _py_files(project, "fastapi"):
        basics = {c.assigned for c in ff.calls if c.callee == "fastapi.security.HTTPBasic" and c.assigned.isidentifier() and not c.func}
        if not basics:
            continue
        depends = _depends_calls(ff)
        for fn in ff.funcs:
            if not _depends_on(ff, depends, fn, basics, project, set()):
                continue
            found = _password_check_where(project, ff, fn.id)
            # (or the credentials compared with configured ones: gns3-server's compute API,
            # `secrets.compare_digest(credentials.password, server_settings.compute_password...)`)
            check = _check_of(ff, found, _configured_password(project, ff, fn.id) if found is None else None)
            if check is None:
                continue
            targets = {(ff.path, fn.id)}
            # one dependency of the project's own in between (`get_active_user = Depends(get_user)`)
            for tf in project.parsed_code_files():
                if tf.lang == "py" and "fastapi" in tf.modules and (tf_depends := _depends_calls(tf)):
                    targets |= {(tf.path, g.id) for g in tf.funcs if _depends_on(tf, tf_depends, g, set(), project, {(ff.path, fn.id)})}
            routers = _routers_depending(project, targets)
            routes = [(rf, r) for rf in project.parsed_code_files() if rf.lang == "py" and "fastapi" in rf.modules
                      for r in _all_routes(project, rf) if _route_depends(project, rf, r, targets) or (rf.path, r.router) in routers]
            yield _Scheme(ff, fn.line, 1, f"`{fn.name}` (a FastAPI dependency on `HTTPBasic()` credentials)",
                          ("the routes that depend on it", "the route that depends on it"), fn.id, check[0], check[1], routes,
                          f"basic-auth:py:{fn.name}", checked=check[2])


def _routers_depending(project: Project, targets: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """(file, router variable) of the routers every route of which depends on
    one of the functions ``targets``: included with it among their
    dependencies (gns3-server's ``compute_api.include_router(docker_nodes.router,
    prefix=..., dependencies=[Depends(compute_authentication)])``) or made
    with it (``router = APIRouter(dependencies=[Depends(check)])``)."""
    out: set[tuple[str, str]] = set()
    for tf in project.parsed_code_files():
        if tf.lang != "py" or "fastapi" not in tf.modules:
            continue
        for c in tf.calls:
            deps = c.kwargs.get("dependencies")
            if deps is None or not any(_names_target(project, tf, v, targets) for v in walk_vals(deps)):
                continue
            if c.method == "include_router" and c.args and c.args[0].k == IDENT:
                name = c.args[0].v
                target = (tf, name) if "." not in name else module_and_attr(project, name)
                if target is not None and target[1] and "." not in target[1]:
                    out.add((target[0].path, target[1]))
            elif last_name(c.callee) == "APIRouter" and not c.func and c.assigned.isidentifier():
                out.add((tf.path, c.assigned))
    return out


def _names_target(project: Project, ff: FileFacts, v: Val, targets: set[tuple[str, str]]) -> bool:
    """``v`` is ``Depends(f)`` with ``f`` one of the functions ``targets``."""
    if v.k != CALL or last_name(v.v) != "Depends" or not 0 <= v.call < len(ff.calls):
        return False
    args = ff.calls[v.call].args
    got = fn_of_val(project, ff, args[0]) if args and args[0].k in (IDENT, FN) else None
    return got is not None and (got[0].path, got[1].id) in targets


# ---------------------------------------------------------------- Flask before_request
_HOOKS = ("before_request", "before_app_request")


def _hooks(ff: FileFacts, project: Project) -> Iterable[tuple[str, Func, int]]:
    """(receiver, hook function, line) of each ``@x.before_request`` function
    and ``x.before_request(fn)`` registration of the file."""
    for fn in ff.funcs:
        for d in fn.decorators:
            recv, _, name = d.v.rpartition(".")
            if d.k == IDENT and name in _HOOKS and recv.isidentifier():
                yield recv, fn, d.line or fn.line
    for c in ff.calls:
        if c.method in _HOOKS and c.recv.isidentifier() and c.args:
            got = fn_of_val(project, ff, c.args[0])
            if got is not None and got[0] is ff:
                yield c.recv, got[1], c.line


# an item read of the header as the Python frontend renders a subscript
# (`request.headers["Authorization"]`), and of the WSGI environ's key
_HEADER_ITEM = lazy_re(r"""\[\s*['"](?:[Aa]uthorization|AUTHORIZATION)['"]\s*\]""")
_ENVIRON_ITEM = lazy_re(r"""\[\s*['"]HTTP_AUTHORIZATION['"]\s*\]""")


def _reads_item(ff: FileFacts, calls: list[Call], item: re.Pattern[str], func_ids: set[str] | None) -> bool:
    """Is the subscript ``item`` read among ``calls`` (a call on it,
    ``request.headers["Authorization"].split()``, or with it as an argument)
    or bound to a name in one of ``func_ids`` (every function when None:
    ``header = request.headers["Authorization"]``, kept by the frontend's
    ``authorization_value``)?"""
    if any(item.search(c.recv) or any(a.k == IDENT and item.search(a.v) for a in c.args) for c in calls):
        return True
    return any(isinstance(a, list) and len(a) >= 4 and (func_ids is None or a[1] in func_ids) and isinstance(a[3], dict)
               and isinstance(a[3].get("v"), str) and item.search(a[3]["v"]) is not None
               for a in (ff.extra.get("assigns") or () if ff.extra else ()))


def _gets_authorization(project: Project, ff: FileFacts, calls: list[Call]) -> bool:
    """Do ``calls`` (of ``ff``) get the Authorization header (``request.headers.get("Authorization", "")``,
    also by a constant of the project: opentaxii's ``headers.get(HTTP_AUTHORIZATION)``)?"""
    for c in calls:
        if c.method != "get" or not c.args or c.args[0].k not in (STR, IDENT):
            continue
        name = project.resolve(ff, c.args[0])
        if name.k == STR and name.v.lower() == "authorization":
            return True
    return False


def _reads_authorization_header(project: Project, ff: FileFacts, fid: str) -> bool:
    """Does function ``fid`` (or a function inside it) read the Authorization
    header (``request.headers.get("Authorization", "")``, ``request.headers["Authorization"]``),
    or the credentials Flask parses from it (``auth = request.authorization``)?"""
    calls = project.calls_in(ff, fid)
    funcs = {fid, *project.nested_funcs(ff, fid)}
    return _gets_authorization(project, ff, calls) or _reads_item(ff, calls, _HEADER_ITEM, funcs) or _reads_item(ff, calls, PARSED_AUTHORIZATION, funcs)


def _reads_authorization(project: Project, ff: FileFacts) -> bool:
    """Does the file read the Authorization header (``request.authorization``,
    ``request.headers.get("Authorization")``, ``request.headers["Authorization"]``)?"""
    return any(a.lower().endswith(".authorization") for a in ff.attrs) or _gets_authorization(project, ff, ff.calls) or _reads_item(ff, ff.calls, _HEADER_ITEM, None)


# a comparison of the Basic credentials' password with one value that is no other password
# (`auth.password != password`, `config["PASSWORD"] == auth.password`): a configured password
_CONFIGURED_PASSWORD = lazy_re(r"^(?:[\w.]+\.password\s*[!=]=\s*(?!.*\.password\b).+|(?!.*\.password\b.*[!=]=)[^!=]+[!=]=\s*[\w.]+\.password)$")


def _hook_target(project: Project, ff: FileFacts, recv: str, fn: Func) -> tuple[FileFacts, str, str] | None:
    """(file, variable, ``flask.Flask`` or ``flask.Blueprint``) of the object
    whose ``recv.before_request`` registers hook ``fn``: a variable the file
    assigns, one it imports, or a parameter of the function defining the hook
    (rq-dashboard's ``add_basic_auth(blueprint, username, password)``), read
    at its call sites; None when none of these is a Flask app or blueprint."""
    made_by = next((c for c in ff.calls if c.assigned == recv), None)
    if made_by is not None:
        if made_by.callee in _FLASK_OBJECTS:
            return ff, recv, made_by.callee
        return _factory_app(project, ff, made_by)
    parent = project.funcs(ff).get(fn.parent) if fn.parent else None
    if parent is not None and recv in parent.params:
        i = parent.params.index(recv)
        for cf, c in call_sites(project, ff, parent):
            arg = c.args[i] if i < len(c.args) else c.kwargs.get(recv)
            got = _flask_object(project, cf, arg.v) if arg is not None and arg.k == IDENT else None
            if got is not None:
                return got
        return None
    return _flask_object(project, ff, recv)


def _factory_app(project: Project, ff: FileFacts, call: Call) -> tuple[FileFacts, str, str] | None:
    """(file, variable, ``flask.Flask``) of the app an application factory of
    the project builds, when ``call`` runs one (scrapydweb's ``app =
    create_app()`` in ``run.main``, whose body makes ``app = Flask(__name__)``
    and returns it); None when the function builds no Flask app, or more
    than one app or blueprint (which of them it hands back is not known)."""
    for tf, f in callee_funcs(project, ff, call):
        built = [c for c in tf.calls if c.func == f.id and c.callee in _FLASK_OBJECTS]
        if len(built) == 1 and built[0].callee == "flask.Flask" and built[0].assigned.isidentifier():
            return tf, built[0].assigned, built[0].callee
    return None


def _configured_password(project: Project, ff: FileFacts, fid: str) -> tuple[int, str] | None:
    """(line, text) of a comparison in function ``fid`` (or a function inside
    it) of the Basic credentials' password with a configured one: with
    ``==``/``!=`` or ``hmac.compare_digest``."""
    funcs = {fid, *project.nested_funcs(ff, fid)}
    for rec in (ff.extra.get("compares") or () if ff.extra else ()):
        if isinstance(rec, list) and len(rec) >= 3 and rec[1] in funcs and _CONFIGURED_PASSWORD.match(str(rec[2])):
            return int(rec[0]), str(rec[2])
    for c in project.calls_in(ff, fid):  # the constant-time comparison (`hmac.compare_digest(auth.password, password)`)
        if c.callee in _COMPARE_DIGEST and any(a.k == IDENT and a.v.endswith(".password") for a in c.args[:2]):
            return c.line, c.text
    return None


def _hook_reads_authorization(project: Project, ff: FileFacts, fid: str) -> bool:
    """Does hook ``fid``, or a function of its own file it calls, read the
    Authorization header (``request.account = _authenticate(request.headers)``,
    whose ``_authenticate`` gets the header and hands the decoded Basic
    credentials to the project's sign-in code)?  Only then is a password check
    a few project calls below the hook's (a hook that signs a posted form in,
    in a file that reads a Bearer token elsewhere, checks no Basic password)."""
    if _reads_authorization_header(project, ff, fid):
        return True
    return any(_reads_authorization_header(project, hf, h.id) for c in project.calls_in(ff, fid) for hf, h in helper_funcs(project, ff, c))


def _before_request_schemes(project: Project) -> Iterable[_Scheme]:
    for ff in _py_files(project, "flask"):
        for recv, fn, line in _hooks(ff, project):
            target = _hook_target(project, ff, recv, fn)
            if target is None:
                continue
            tf, tvar, made = target
            blueprint = made == "flask.Blueprint"
            found = _password_check_where(project, ff, fn.id)
            if found is None and _hook_reads_authorization(project, ff, fn.id):
                found = _password_check_below(project, ff, fn.id)  # (the check a few project calls below, as a route decorator's)
            check = _check_of(ff, found, _configured_password(project, ff, fn.id) if found is None else None)
            if check is None or not (_reads_authorization(project, ff) or (found is not None and _reads_authorization(project, found[0]))):
                continue  # a hook that checks a password some other way (a form it handles for one path) signs nothing else in
            root = _service_root(project, ff.path)
            if blueprint and tf is ff:
                routes = [(ff, r) for r in _all_routes(project, ff) if r.router == tvar]
            elif blueprint:  # (a blueprint made in another module: its routes, wherever they are added)
                routes = [(rf, r) for rf in project.parsed_code_files() if rf.lang == "py" for r in _all_routes(project, rf)
                          if r.router and _names_var(project, tf, rf, rf.imports.get(r.router, r.router), tvar)]
            else:
                routes = [(rf, r) for rf in project.parsed_code_files() if rf.lang == "py" and _service_root(project, rf.path) == root
                          for r in _all_routes(project, rf) if r.framework == "flask"]
            what = "blueprint" if blueprint else "app"
            label = f"`{fn.name}` (the `{recv}.before_request` hook)"
            words = (f"the routes of its {what}", f"the route of its {what}")
            yield _Scheme(ff, line, 1, label, words, fn.id, check[0], check[1], routes, f"basic-auth:py:{fn.name}", checked=check[2])


def _configured(ff: FileFacts, shown: str, line: int) -> str:
    """What a scheme checks the Basic credentials against when it compares
    them with configured ones (``_Scheme.checked``)."""
    return f"the configured credentials (`{shown}` at {ff.path}:{line})"


def _check_of(ff: FileFacts, found: tuple[FileFacts, Call] | None, compared: tuple[int, str] | None) -> tuple[FileFacts, Call, str] | None:
    """(where, check, checked) of a scheme: the account-password check
    ``found``, else the comparison ``compared`` (line, text) with configured
    credentials, made in ``ff``; None when there is neither."""
    if found is not None:
        return found[0], found[1], ""
    if compared is None:
        return None
    line, text = compared
    return ff, Call(callee=text, line=line), _configured(ff, text, line)


# ---------------------------------------------------------------- Flask-Login request_loader
_LOGIN_MANAGERS = frozenset({"flask_login.LoginManager", "flask_login.login_manager.LoginManager"})
_LOGIN_REQUIRED = frozenset({"flask_login.login_required", "flask_login.utils.login_required"})


def _flask_app_var(project: Project, rf: FileFacts, name: str) -> tuple[str, str] | None:
    """(file, variable) of the ``flask.Flask(...)`` app ``name`` names as
    written in ``rf`` (a local variable, or an import followed through a
    re-export or two); None when it names no app the project makes."""
    got = _flask_object(project, rf, name, ("flask.Flask",))
    return (got[0].path, got[1]) if got is not None else None


_FLASK_OBJECTS = ("flask.Flask", "flask.Blueprint")


def _flask_object(project: Project, rf: FileFacts, name: str, kinds: tuple[str, ...] = _FLASK_OBJECTS) -> tuple[FileFacts, str, str] | None:
    """(file, module-level variable, constructor) of the Flask app or blueprint
    (``kinds``) ``name`` names as written in ``rf`` (a local variable, or an
    import followed through a re-export or two); None when it names none the
    project makes."""
    ff, var = rf, name
    for _hop in range(3):
        if var.isidentifier() and var in ff.imports:
            var = ff.imports[var]
        if not var.isidentifier():
            got = module_and_attr(project, var)
            if got is None:
                return None
            ff, var = got
            continue
        made = next((c.callee for c in ff.calls if c.assigned == var and c.callee in kinds and not c.func), "")
        if made:
            return ff, var, made
        if var not in ff.imports:
            return None
    return None


def _user_hooks(project: Project, files: list[FileFacts]) -> set[tuple[str, str]] | None:
    """The Flask apps (file, variable) whose ``before_request`` hook reads
    Flask-Login's ``current_user`` (``if not current_user.is_authenticated``),
    which runs the request loader on each of their requests; None when a
    hook on a blueprint or an app not traced to its ``Flask(...)`` does (every
    route may be behind it)."""
    apps: set[tuple[str, str]] = set()
    for rf in files:
        if not any(v.startswith("flask_login") and v.endswith(".current_user") for v in rf.imports.values()):
            continue
        if not any(a.startswith("current_user.") for a in rf.attrs):
            continue
        recvs = [d.v.rpartition(".")[0] for fn in rf.funcs for d in fn.decorators if d.v.rpartition(".")[2] in _HOOKS]
        recvs += [c.recv for c in rf.calls if c.method in _HOOKS and c.args]
        for recv in recvs:
            app = _flask_app_var(project, rf, recv)
            if app is None:
                return None
            apps.add(app)
    return apps


def _behind_hook(project: Project, rf: FileFacts, r: Route, apps: set[tuple[str, str]] | None) -> bool:
    """Is route ``r`` behind one of the ``apps`` hooks (see :func:`_user_hooks`)?
    A route on another app the project makes is not (a second Flask app
    serving the web UI's files); one on a blueprint or namespace is taken to be."""
    if apps is None:
        return True
    if not apps:
        return False
    app = _flask_app_var(project, rf, r.router) if r.router else None
    return app is None or app in apps


def _flask_login_schemes(project: Project) -> Iterable[_Scheme]:
    """Flask-Login's ``@login_manager.request_loader`` that reads the
    Authorization header and checks a password (the Basic-auth loader of
    Flask-Login's docs): it runs on each request of a route that needs a
    signed-in user (``@login_required``), and on every route of the service
    when a ``before_request`` hook asks for ``current_user``."""
    for ff in _py_files(project, "flask_login"):
        managers = {c.assigned for c in ff.calls if c.callee in _LOGIN_MANAGERS and c.assigned.isidentifier() and not c.func}
        for var in sorted(managers):
            for fn in ff.funcs:
                deco = _decorated(fn, f"{var}.request_loader")
                if deco is None or not (_reads_authorization_header(project, ff, fn.id) or _reads_authorization(project, ff)):
                    continue  # (`request.authorization` is read as an attribute: of the file)
                found = _password_check_where(project, ff, fn.id)
                if found is None:
                    continue  # (an API-key loader: no password to guess)
                root = _service_root(project, ff.path)
                files = [rf for rf in project.parsed_code_files() if rf.lang == "py" and _service_root(project, rf.path) == root]
                apps = _user_hooks(project, files)
                routes = [(rf, r) for rf in files for r in _all_routes(project, rf) if r.framework == "flask"
                          and (_behind_hook(project, rf, r, apps) or any(v.k in (IDENT, CALL) and v.v in _LOGIN_REQUIRED for v in r.middleware))]
                yield _Scheme(ff, deco.line or fn.line, 1, f"`{fn.name}` (Flask-Login `@{var}.request_loader`)",
                              ("the routes that ask for the signed-in user", "the route that asks for the signed-in user"),
                              fn.id, found[0], found[1], routes, f"basic-auth:py:flask-login:{fn.name}")


# ---------------------------------------------------------------- Flask route decorator
def _password_check_below(project: Project, ff: FileFacts, fid: str) -> tuple[FileFacts, Call] | None:
    """(file, check) of a password check function ``fid`` runs: among its
    calls, two helpers down, or in a project function one of those runs
    (:func:`_wrapped_password_check`)."""
    for cff, c, _site in reachable_calls(project, ff, fid, same_file=False, depth=2):
        if password_check(project, cff, c):
            return cff, c
        got = _wrapped_password_check(project, cff, c)
        if got is not None:
            return got
    return None


def _decorator_schemes(project: Project) -> Iterable[_Scheme]:
    flask_routes: list[tuple[FileFacts, Route]] | None = None
    for ff in _py_files(project, "flask"):
        funcs = project.funcs(ff)
        for fn in ff.funcs:
            if not fn.parent or not _reads_authorization_header(project, ff, fn.id):
                continue
            outer = fn
            while outer.parent and outer.parent in funcs:
                outer = funcs[outer.parent]
            if outer.parent or outer.cls:
                continue  # (a method's or a nested function's wrapper: not a decorator a route names)
            found = _password_check_below(project, ff, fn.id)
            # (or the Basic password compared with a configured one, as a before_request hook may:
            # whoogle's `auth_required`, `whoogle_pass == auth.password` with WHOOGLE_PASS from the environment)
            check = _check_of(ff, found, _configured_password(project, ff, fn.id) if found is None else None)
            if check is None:
                continue
            if flask_routes is None:
                flask_routes = [(rf, r) for rf in project.parsed_code_files() if rf.lang == "py" for r in _all_routes(project, rf) if r.framework == "flask"]
            routes = [(rf, r) for rf, r in flask_routes if any(v.k in (IDENT, CALL) and _names_var(project, ff, rf, v.v, outer.name) for v in r.middleware)]
            if not routes:
                continue
            label, words = f"`{outer.name}` (a route decorator)", ("the routes it decorates", "the route it decorates")
            yield _Scheme(ff, outer.line, 1, label, words, fn.id, check[0], check[1], routes, f"basic-auth:py:{outer.name}", checked=check[2])


# ---------------------------------------------------------------- WSGI middleware around a Flask app
_ENVIRON_AUTHORIZATION = "HTTP_AUTHORIZATION"


def _reads_environ_authorization(ff: FileFacts) -> bool:
    """Does the file read the environ's ``HTTP_AUTHORIZATION`` (``env.pop("HTTP_AUTHORIZATION")``,
    ``environ.get(...)``, ``environ[...]``)?"""
    return (any(a.k == STR and a.v == _ENVIRON_AUTHORIZATION for c in ff.calls if c.method in ("get", "pop") for a in c.args[:1])
            or _reads_item(ff, ff.calls, _ENVIRON_ITEM, None))


def _wsgi_middleware_schemes(project: Project) -> Iterable[_Scheme]:
    flask_routes: dict[str, list[tuple[FileFacts, Route]]] = {}
    for ff in project.parsed_code_files():
        if ff.lang != "py" or is_demo_path(ff.path):
            continue
        for c in ff.calls:
            # `app.wsgi_app = Middleware(app.wsgi_app, ...)`: the middleware runs before every route of the app
            if not c.assigned.endswith(".wsgi_app") or not c.args or c.args[0].k != IDENT or c.args[0].v != c.assigned:
                continue
            home = base_class_home(project, ff, c.callee)
            got = inherited_method(project, home[0], home[1], "__call__") if home is not None else None
            if got is None:
                continue
            cff, fn = got
            found = _password_check_below(project, cff, fn.id)
            if found is None or not any(_reads_authorization_header(project, cff, fn.id) or _reads_environ_authorization(x)
                                        for x in (cff, found[0])):
                continue  # (a middleware that checks a password some other way signs nothing else in)
            root = _service_root(project, ff.path)
            if root not in flask_routes:
                flask_routes[root] = [(rf, r) for rf in project.parsed_code_files() if rf.lang == "py" and _service_root(project, rf.path) == root
                                      for r in _all_routes(project, rf) if r.framework == "flask"]
            yield _Scheme(cff, fn.line, 1, f"`{fn.cls}` (a WSGI middleware wrapping `{c.assigned}` at {ff.path}:{c.line})",
                          ("the routes of its app", "the route of its app"), fn.id, found[0], found[1], flask_routes[root], f"basic-auth:py:wsgi:{fn.cls}")


# ---------------------------------------------------------------- aiohttp middleware
_AIOHTTP_MIDDLEWARE = frozenset({"aiohttp.web.middleware", "aiohttp.web_middlewares.middleware"})
_AIOHTTP_APP = frozenset({"aiohttp.web.Application", "aiohttp.web_app.Application"})


def _aiohttp_registrations(ff: FileFacts) -> Iterable[tuple[str, Val]]:
    """(app, value) of each middleware the file adds to an aiohttp app:
    ``app.middlewares.append(mw)``, ``.insert(0, mw)``, ``.extend([...])``,
    ``app = web.Application(middlewares=[mw])``."""
    for c in ff.calls:
        vals: list[Val] = []
        if c.recv.endswith(".middlewares") and c.method in ("append", "insert", "extend") and c.args:
            app, vals = c.recv[: -len(".middlewares")], [c.args[-1]]
        elif c.callee in _AIOHTTP_APP and "middlewares" in c.kwargs and c.assigned.isidentifier():
            app, vals = c.assigned, [c.kwargs["middlewares"]]
        for v in vals:
            for x in (v.items or []) if v.k == ARR else [v]:
                yield app, x


def _aiohttp_middleware(project: Project, ff: FileFacts, v: Val) -> tuple[FileFacts, Func] | None:
    """The ``@web.middleware`` function a registered value is: the function
    itself, or the one a factory of the project's own builds and returns
    (``app.middlewares.append(basic_auth_middleware(htpasswd_file))``)."""
    got = fn_of_val(project, ff, Val(IDENT, v.v, line=v.line) if v.k == CALL else v)
    if got is None:
        return None
    tf, fn = got
    if v.k == CALL:
        inner = [f for f in tf.funcs if f.parent == fn.id and any(d.v in _AIOHTTP_MIDDLEWARE for d in f.decorators)]
        return (tf, inner[0]) if len(inner) == 1 else None
    return got if any(d.v in _AIOHTTP_MIDDLEWARE for d in fn.decorators) else None


def _through_factory_args(project: Project, ff: FileFacts, v: Val, mf: FileFacts, mw: Func) -> tuple[FileFacts, Call] | None:
    """A password check the middleware runs through an object its factory was
    given, built from a class of the project where the factory is called
    (``htpasswd_file = HtpasswdFile(path)``, ``basic_auth_middleware(htpasswd_file)``,
    whose middleware calls ``htpasswd_file.check(username, password)``: xandikos)."""
    if v.k != CALL or not 0 <= v.call < len(ff.calls) or not mw.parent:
        return None
    factory = project.funcs(mf).get(mw.parent)
    call = ff.calls[v.call]
    if factory is None:
        return None
    for param, a in zip(factory.params, call.args, strict=False):
        if a.k != IDENT or not a.v.isidentifier():
            continue
        made = [c for c in ff.calls if c.func == call.func and c.assigned == a.v and c.line <= call.line]
        home = base_class_home(project, ff, made[-1].callee) if made else None
        if home is None:
            continue
        for c in project.calls_in(mf, mw.id):
            got = inherited_method(project, home[0], home[1], c.method) if c.recv == param and c.method else None
            found = _password_check_below(project, got[0], got[1].id) if got is not None else None
            if found is not None:
                return found
    return None


def _aiohttp_middleware_schemes(project: Project) -> Iterable[_Scheme]:
    found_schemes: dict[tuple[str, str], _Scheme] = {}
    for ff in _py_files(project, "aiohttp"):
        for app, v in _aiohttp_registrations(ff):
            got = _aiohttp_middleware(project, ff, v)
            if got is None:
                continue
            mf, fn = got
            # (a middleware that checks a password some other way, a form it handles for one path, signs nothing else in)
            if not _reads_authorization_header(project, mf, fn.id):
                continue
            found = _password_check_below(project, mf, fn.id) or _through_factory_args(project, ff, v, mf, fn)
            if found is None:
                continue
            routes = [(ff, r) for r in _all_routes(project, ff) if r.framework == "aiohttp" and r.router == f"{app}.router"]
            key = (mf.path, fn.id)
            if key in found_schemes:
                found_schemes[key].routes.extend(routes)
                continue
            outer = project.funcs(mf).get(fn.parent) if fn.parent else None
            name = outer.name if outer is not None and not outer.parent else fn.name
            found_schemes[key] = _Scheme(mf, fn.line, 1, f"`{name}` (an aiohttp middleware)", ("the routes of its app", "the route of its app"),
                                         fn.id, found[0], found[1], routes, f"basic-auth:py:aiohttp:{name}")
    yield from found_schemes.values()


# ---------------------------------------------------------------- Tornado get_current_user
_COMPARE_DIGEST = ("hmac.compare_digest", "secrets.compare_digest")


def _tornado_handler_class(project: Project, ff: FileFacts, cls: str, depth: int = 0) -> bool:
    """Is ``cls`` (of ``ff``) a subclass of Tornado's ``RequestHandler``?"""
    if depth > 6:
        return False
    for b in class_bases(ff, cls):
        if b.startswith("tornado.") and b.endswith("RequestHandler"):
            return True
        home = None if b.startswith("tornado.") else base_class_home(project, ff, b)
        if home is not None and _tornado_handler_class(project, home[0], home[1], depth + 1):
            return True
    return False


def _inherits(project: Project, ff: FileFacts, cls: str, target: tuple[str, str], depth: int = 0) -> list[tuple[FileFacts, str]]:
    """The chain of classes from ``cls`` up to ``target`` (file path, class
    name), ``cls`` first; empty when ``cls`` does not inherit it."""
    if depth > 6:
        return []
    if (ff.path, cls) == target:
        return [(ff, cls)]
    for b in class_bases(ff, cls):
        home = None if b.startswith("tornado.") else base_class_home(project, ff, b)
        if home is not None:
            up = _inherits(project, home[0], home[1], target, depth + 1)
            if up:
                return [(ff, cls), *up]
    return []


def _authenticated(ff: FileFacts, cls: str) -> bool:
    """Does a method of ``cls`` run under ``@tornado.web.authenticated``?"""
    return any(f.cls == cls and any(d.k in (IDENT, CALL) and d.v.startswith("tornado.") and last_name(d.v) == "authenticated" for d in f.decorators)
               for f in ff.funcs)


def _tornado_schemes(project: Project) -> Iterable[_Scheme]:
    handler_routes: list[tuple[FileFacts, Route]] | None = None
    for ff in _py_files(project, "tornado"):
        for fn in ff.funcs:
            if fn.name != "get_current_user" or not fn.cls or not _tornado_handler_class(project, ff, fn.cls):
                continue
            calls = project.calls_in(ff, fn.id)
            if not _reads_authorization_header(project, ff, fn.id):
                continue  # (a cookie or token read: no Basic credentials)
            found = _password_check_where(project, ff, fn.id)
            digest = next((c for c in calls if c.callee in _COMPARE_DIGEST), None) if found is None else None
            if found is None and digest is None:
                continue
            if handler_routes is None:
                handler_routes = [(rf, r) for rf in _py_files(project, "tornado") for r in _all_routes(project, rf) if r.framework == "tornado"]
            routes: list[tuple[FileFacts, Route]] = []
            for rf, r in handler_routes:
                hv = r.middleware[0] if r.middleware else None
                home = base_class_home(project, rf, hv.v) if hv is not None and hv.k == IDENT and hv.v else None
                chain = _inherits(project, home[0], home[1], (ff.path, fn.cls)) if home is not None else []
                if chain and any(_authenticated(cf, cn) for cf, cn in chain):
                    routes.append((rf, r))
            label = f"`{fn.cls}.get_current_user` (Tornado)"
            words = (f"the routes of the `@authenticated` handlers that inherit `{fn.cls}`", f"the route of the `@authenticated` handler that inherits `{fn.cls}`")
            if found is not None:
                yield _Scheme(ff, fn.line, 1, label, words, fn.id, found[0], found[1], routes, f"basic-auth:tornado:{fn.cls}")
            elif digest is not None:
                yield _Scheme(ff, fn.line, 1, label, words, fn.id, ff, digest, routes, f"basic-auth:tornado:{fn.cls}",
                              checked=_configured(ff, last_name(digest.callee), digest.line))


# ---------------------------------------------------------------- Twisted guard (twisted.web.guard)
_TWISTED_WRAPPERS = frozenset({"twisted.web.guard.HTTPAuthSessionWrapper", "twisted.web._auth.wrapper.HTTPAuthSessionWrapper"})
_TWISTED_BASIC = frozenset({"twisted.web.guard.BasicCredentialFactory", "twisted.web._auth.basic.BasicCredentialFactory"})
_EQUALITY = lazy_re(r"[!=]=")
_TWISTED_PORTALS = frozenset({"twisted.cred.portal.Portal"})
# Twisted's own checkers of a user name and password
_TWISTED_PASSWORD_CHECKERS = frozenset({"twisted.cred.checkers.InMemoryUsernamePasswordDatabaseDontUse", "twisted.cred.checkers.FilePasswordDB",
                                        "twisted.cred.checkers.UNIXPasswordDatabase"})


def _items(project: Project, ff: FileFacts, v: Val | None) -> list[Val]:
    """The elements of a list (or tuple) argument, also one held in a variable."""
    if v is None:
        return []
    v = project.resolve(ff, v) if v.k == IDENT else v
    return list(v.items or []) if v.k == ARR else []


def _twisted_call(project: Project, ff: FileFacts, v: Val | None, at: Call) -> Call | None:
    """The call a value is the result of: written in place, or assigned to the
    variable it names in ``at``'s function (or the module) before ``at``."""
    if v is None:
        return None
    if v.k == IDENT and "." not in v.v:
        made = assigned_before(project, ff, at.func, v.v, at.line) or (assigned_before(project, ff, "", v.v, at.line) if at.func else [])
        if made:
            return made[-1]
    return project.call_of(ff, project.resolve(ff, v) if v.k == IDENT else v)


def _basic_factory(project: Project, ff: FileFacts, v: Val | None, at: Call) -> bool:
    """The credential factories handed to the guard hold a ``BasicCredentialFactory``:
    in the list, or in the function's list held in a variable (``factories = [...]``)."""
    items = _items(project, ff, v)
    if items:
        return any((f := _twisted_call(project, ff, item, at)) is not None and f.callee in _TWISTED_BASIC for item in items)
    return v is not None and v.k == IDENT and any(c.callee in _TWISTED_BASIC and c.func == at.func and c.line <= at.line for c in ff.calls)


def _avatar_password_check(project: Project, ff: FileFacts, fn: Func) -> tuple[FileFacts, Call, str] | None:
    """(file, check, what it is checked against) for a Twisted checker's
    ``requestAvatarId(self, credentials)`` that checks the credentials'
    password: a password-hash check (itself or a project call below), the
    ``credentials.checkPassword(...)`` of ``IUsernamePassword``, or a
    comparison of ``credentials.password`` with a configured one (scrapyd's
    ``credentials.password == self.password``)."""
    found = _password_check_where(project, ff, fn.id)
    if found is not None:
        return found[0], found[1], ""
    cred = next((p for p in fn.params if p not in ("self", "cls")), "")
    if not cred:
        return None
    for c in project.calls_in(ff, fn.id):
        if (c.recv == cred and c.method == "checkPassword") or (
                c.callee in _COMPARE_DIGEST and any(a.k == IDENT and a.v == f"{cred}.password" for a in c.args[:2])):
            return ff, c, _configured(ff, c.text or last_name(c.callee), c.line)
    funcs = {fn.id, *project.nested_funcs(ff, fn.id)}
    for rec in (ff.extra.get("compares") or () if ff.extra else ()):
        sides = [s.strip() for s in _EQUALITY.split(str(rec[2]))] if isinstance(rec, list) and len(rec) >= 3 and rec[1] in funcs else []
        if len(sides) == 2 and f"{cred}.password" in sides:
            return ff, Call(callee=str(rec[2]), line=int(rec[0])), _configured(ff, str(rec[2]), int(rec[0]))
    return None


def _twisted_guard_schemes(project: Project) -> Iterable[_Scheme]:
    """``HTTPAuthSessionWrapper(Portal(realm, [checker]), [BasicCredentialFactory(...)])``:
    Twisted's guard asks for Basic credentials on every request to the resource
    tree it wraps and hands them to the portal's checkers; one that checks a
    password makes each resource under it a sign-in.  Twisted has no rate
    limiter, so only a checker that consumes one of a limiter library protects it."""
    lim: Limiters | None = None
    for ff in _py_files(project, "twisted.web"):
        for c in ff.calls:
            if c.callee not in _TWISTED_WRAPPERS or (len(c.args) < 2 and "credentialFactories" not in c.kwargs):
                continue
            if not _basic_factory(project, ff, c.kwargs.get("credentialFactories", c.args[1] if len(c.args) > 1 else None), c):
                continue  # (Digest, or credential factories of the project's own)
            portal = _twisted_call(project, ff, c.kwargs.get("portal", c.args[0] if c.args else None), c)
            if portal is None or portal.callee not in _TWISTED_PORTALS:
                continue
            for item in _items(project, ff, portal.kwargs.get("checkers", portal.args[1] if len(portal.args) > 1 else None)):
                checker = _twisted_call(project, ff, item, portal)
                if checker is None:
                    continue
                label = f"`{last_name(c.callee)}(...)` (Twisted's guard, with `{last_name(checker.callee)}`)"
                words = ("every resource of the tree it wraps", "")
                anchor = f"basic-auth:twisted:{last_name(checker.callee)}"
                if checker.callee in _TWISTED_PASSWORD_CHECKERS:
                    yield _Scheme(ff, c.line, c.col, label, words, "", ff, checker, [], anchor,
                                  checked=f"the passwords `{last_name(checker.callee)}` holds ({ff.path}:{checker.line})", tree=True)
                    break
                home = base_class_home(project, ff, checker.callee)
                method = inherited_method(project, home[0], home[1], "requestAvatarId") if home is not None else None
                if method is None:
                    continue
                got = _avatar_password_check(project, method[0], method[1])
                if got is None:
                    continue
                lim = lim if lim is not None else Limiters(project)
                if lim.func_uses_limiter(method[0], method[1].id):
                    break
                yield _Scheme(ff, c.line, c.col, label, words, "", got[0], got[1], [], anchor, checked=got[2], tree=True)
                break


# ---------------------------------------------------------------- JS request hooks
# Fastify's request hooks that run before the handler
_FASTIFY_REQUEST_HOOKS = frozenset({"onRequest", "preParsing", "preValidation", "preHandler"})
# a name, its members and numeric indexes (`auth.pass`, `creds[2]`: the second group of the credentials'
# `match(/^([^:]+):(.+)$/)`, prerender's basicAuth plugin)
_JS_OPERAND = r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*"
# a comparison of the decoded password with a configured value, both names (`password !== auth.pass`,
# `creds.pass === process.env.ADMIN_PASSWORD`, `creds[2] !== process.env.BASIC_AUTH_PASSWORD`); not with
# a literal, undefined or null
_JS_PASSWORD_COMPARE = lazy_re(rf"^({_JS_OPERAND})\s*[!=]==?\s*({_JS_OPERAND})$")
_PASSWORD_NAME = lazy_re(r"(?:^|\.)(?:pass|passwd|password|pwd|[\w$]*_password)$", re.I)


def _js_configured_password(project: Project, ff: FileFacts, fid: str) -> tuple[int, str] | None:
    """(line, text) of a comparison in JS function ``fid`` (or a function
    inside it) of a password-named value with another name, both read from
    variables (no literal): the decoded Basic password checked against a
    configured one."""
    funcs = {fid, *project.nested_funcs(ff, fid)}
    for rec in (ff.extra.get("compares") or () if ff.extra else ()):
        if not (isinstance(rec, list) and len(rec) >= 3 and rec[1] in funcs):
            continue
        m = _JS_PASSWORD_COMPARE.match(str(rec[2]))
        if m and not {m[1], m[2]} & {"undefined", "null"} and (_PASSWORD_NAME.search(m[1]) or _PASSWORD_NAME.search(m[2])):
            return int(rec[0]), str(rec[2])
    return None


# the Buffer calls that decode a string in the encoding they are given: ``Buffer.from`` and the deprecated
# constructor, with or without ``new`` (prerender's basicAuth plugin: ``new Buffer(auth, 'base64')``)
_BUFFER_DECODERS = frozenset({"Buffer.from", "Buffer"})


def _decodes_basic(calls: list[Call]) -> bool:
    """Do ``calls`` decode base64 text (``Buffer.from(credentials, 'base64')``,
    the deprecated ``new Buffer(credentials, 'base64')``, ``atob(credentials)``)?"""
    return any((c.callee in _BUFFER_DECODERS and any(a.k == STR and a.v == "base64" for a in c.args[1:2])) or c.callee == "atob"
               for c in calls)


# the credentials encoded as the header carries them (`Buffer.from(`${user}:${password}`).toString("base64")`,
# `btoa(user + ':' + pass)`): a header compared with this is checked without being decoded
_ENCODED_CREDENTIALS = lazy_re(r"Buffer\.from\((?P<b>.+?)\)\.toString\(\s*['\"`]base64['\"`]\s*\)|\bbtoa\((?P<a>.+?)\)")
_JS_NAME = lazy_re(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")


def _js_encoded_password(project: Project, ff: FileFacts, fid: str) -> tuple[int, str] | None:
    """(line, text) of a comparison in JS function ``fid`` (or a function
    inside it) with the base64 encoding of credentials built from a
    password-named value (mongoku's ``basicAuth.slice(6) !==
    Buffer.from(`${username}:${password}`).toString("base64")``): the Basic
    header checked against a configured password in its encoded form."""
    funcs = {fid, *project.nested_funcs(ff, fid)}
    for rec in (ff.extra.get("compares") or () if ff.extra else ()):
        if not (isinstance(rec, list) and len(rec) >= 3 and rec[1] in funcs):
            continue
        for m in _ENCODED_CREDENTIALS.finditer(str(rec[2])):
            if any(_PASSWORD_NAME.search(name) for name in _JS_NAME.findall(m["b"] or m["a"] or "")):
                return int(rec[0]), str(rec[2])
    return None


def _js_basic_check(project: Project, ff: FileFacts, fid: str) -> tuple[int, str] | None:
    """(line, text) of the check of Basic credentials against configured ones
    in JS function ``fid``: the decoded password compared with a configured
    one, or the Authorization header (read by the function) compared with the
    configured credentials encoded."""
    compared = _js_configured_password(project, ff, fid)
    if compared is not None and _decodes_basic(project.calls_in(ff, fid)):
        return compared
    encoded = _js_encoded_password(project, ff, fid)
    if encoded is not None and ("authorization" in encoded[1].lower() or _reads_authorization_header(project, ff, fid)):
        return encoded
    return None


def _js_hook_schemes(project: Project) -> Iterable[_Scheme]:
    from .health import is_health_path  # (health imports the route helpers this module shares)

    for ff in project.parsed_code_files():
        if ff.lang == "py" or is_demo_path(ff.path) or not _reads_authorization(project, ff):
            continue
        routes: list[Route] | None = None
        for reg in ff.calls:
            if not reg.recv or not reg.args:
                continue
            fastify = reg.method == "addHook" and reg.args[0].k == STR and reg.args[0].v in _FASTIFY_REQUEST_HOOKS and len(reg.args) > 1
            if not fastify and reg.method != "use":
                continue
            for a in reg.args[1:2] if fastify else reg.args:
                got = fn_of_val(project, ff, a) if a.k in (FN, IDENT) else None
                if got is None or got[0] is not ff:
                    continue
                fn = got[1]
                compared = _js_basic_check(project, ff, fn.id)
                if compared is None:
                    continue
                if routes is None:
                    routes = _all_routes(project, ff)
                mine = [r for r in routes if r.router == reg.recv] if fastify else _routes_after_use(ff, reg, routes)
                guarded = [(ff, r) for r in mine if not is_health_path(r.path)]
                hook = f"`{reg.recv}.addHook('{reg.args[0].v}')` hook" if fastify else f"`{reg.recv}.use()` middleware"
                label = f"the {hook}" if fn.name.startswith("<") else f"`{fn.name}` (the {hook})"
                line, text = compared
                yield _Scheme(ff, reg.line, reg.col, label, ("the routes it guards", "the route it guards"), fn.id, ff,
                              Call(callee=text, line=line), guarded, f"basic-auth:js:{reg.recv}:{fn.name}", checked=_configured(ff, text, line))


# ---------------------------------------------------------------- SvelteKit's server hook
# the file SvelteKit runs its server hooks from (`src/hooks.server.ts`, or a folder of that name)
_SVELTEKIT_HOOKS_FILE = lazy_re(r"(?:^|/)hooks\.server(?:/index)?\.[cm]?[jt]s$")
# the helper that chains several `handle` functions into one
_SVELTEKIT_SEQUENCE = frozenset({"@sveltejs/kit/hooks.sequence"})


def _sveltekit_handles(project: Project, ff: FileFacts) -> list[Func]:
    """The functions the exported ``handle`` of a SvelteKit hooks file runs:
    itself (``export const handle = async ({ event, resolve }) => ...``,
    ``export async function handle(...)``), or the ones it chains with
    ``sequence(a, b)``."""
    local = (ff.extra.get("exports") or {} if ff.extra else {}).get("handle")
    if not isinstance(local, str):
        return []
    fn = project.local_func_named(ff, local)
    if fn is not None:
        return [fn]
    chained = next((c for c in ff.calls if c.assigned == local and c.callee in _SVELTEKIT_SEQUENCE), None)
    if chained is None:
        return []
    return [got[1] for a in chained.args if a.k in (FN, IDENT) for got in [fn_of_val(project, ff, a)] if got is not None and got[0] is ff]


def _sveltekit_hook_schemes(project: Project) -> Iterable[_Scheme]:
    """The ``handle`` hook of a SvelteKit app (``src/hooks.server.ts``) runs
    before every request the app serves, pages and endpoints alike (its routes
    are files, not calls: none to list); one that checks the Basic credentials
    of the Authorization header against configured ones (mongoku's
    ``MONGOKU_AUTH_BASIC``) makes every request a sign-in, unless a function of
    the chain consumes a limiter."""
    lim: Limiters | None = None
    for ff in project.parsed_code_files():
        if ff.lang == "py" or is_demo_path(ff.path) or not _SVELTEKIT_HOOKS_FILE.search(ff.path) or not _reads_authorization(project, ff):
            continue
        svc = project.service_of(ff.path)
        if svc is None or "@sveltejs/kit" not in project.manifests.get(svc.root, {}).get("deps", ()):
            continue  # (the package that holds the file: a hooks file of another package is no SvelteKit hook)
        chain = _sveltekit_handles(project, ff)
        for fn in chain:
            compared = _js_basic_check(project, ff, fn.id)
            if compared is None:
                continue
            lim = lim if lim is not None else Limiters(project)
            if any(lim.func_uses_limiter(ff, f.id) for f in chain):
                break
            line, text = compared
            label = "`handle` (the SvelteKit server hook)" if fn.name in ("handle", "<anon>") else f"`{fn.name}` (in the SvelteKit server hook `handle`)"
            yield _Scheme(ff, fn.line, 1, label, ("every page and endpoint of the SvelteKit app", ""), fn.id, ff, Call(callee=text, line=line), [],
                          f"basic-auth:sveltekit:{fn.name}", checked=_configured(ff, text, line), tree=True)
            break
