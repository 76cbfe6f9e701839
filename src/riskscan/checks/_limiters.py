"""Recognising request rate limiters (RS501) in facts.

A value "is a limiter" when it is, calls, names or wraps one: a call into a
limiter library (express-rate-limit, rate-limiter-flexible, express-slow-down,
express-brute, @nestjs/throttler, @fastify/rate-limit, koa-ratelimit, koa-limit, slowapi,
flask-limiter, fastapi-limiter, django-ratelimit, DRF throttling, ...), a value
whose name says so (``loginLimiter``, ``rateLimit(...)``, ``ThrottlerGuard``),
a helper whose body builds one, or an inline middleware that consumes one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..facts import ARR, BOOL, CALL, FN, IDENT, OBJ, STR, TMPL, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ..project import Project
from ._memo import calls_assigned, methods_of, module_funcs_named, per_project
from ._resolve import callee_funcs, definitions, is_bool, last_name, module_and_attr, name_words, resolve_value

LIMITER_PKGS = (
    "express-rate-limit",
    "express-slow-down",
    "rate-limiter-flexible",
    "express-brute",
    "express-limiter",
    "@nestjs/throttler",
    "@fastify/rate-limit",
    "fastify-rate-limit",
    "koa-ratelimit",
    "koa2-ratelimit",
    "koa-simple-ratelimit",
    "koa-limit",  # requests per client IP per interval (cnpmjs.org's download limit)
    "@upstash/ratelimit",
    "hono-rate-limiter",
    "next-rate-limit",
    "@koa/ratelimit",
    "slowapi",
    "flask_limiter",
    # Flask-AppBuilder's wrappers of Flask-Limiter: the `@limit(...)` view decorator and
    # the `Limit` of a view class's `limits = [...]`, which its security manager puts on the view's blueprint
    "flask_appbuilder.security.decorators.limit",
    "flask_appbuilder.utils.limit",
    "fastapi_limiter",
    "django_ratelimit",
    "ratelimit",
    "rest_framework.throttling",
    "axes",
    "aiohttp_ratelimiter",
    "starlette_ratelimit",
    "asgi_ratelimit",
    "ratelimiter",
    "limits",
    "hapi-rate-limit",
    "hapi-rate-limitor",
    "@hapi/rate-limit",
)

# a name that says "rate limiter" (word parts, any case); "limiter" spelled as one
# word, not "Limit" run into the next word (Ghost's upload middleware calls
# `getCompressedSizeLimitError`: the error of a size limit, no rate limiter)
NAME_RE = lazy_re(r"(?i:rate[_-]?limit|throttl|slow[_-]?down|brute)|[Ll]imiter|LIMITER")
# decorators / options that switch a limiter off for one route
# (`exempt` only of a limiter: `limiter.exempt`, not `csrf.exempt`)
# and names that say a thing has none: `UnthrottledLoginView`, `no_throttle`, `without_rate_limit`, `NoLimiter`
NEGATE_RE = lazy_re(r"(?i:skip_?throttle|(?:^|\.)\w*(?:limit|throttl)\w*\.exempt$|no_?rate_?limit"
                    r"|(?:^|[._])(?:un|no_?|without_?|disabled?_?)(?:throttl|rate_?limit|limiter))"
                    r"|(?<=[a-z])(?:Un|No|Without|Disabled?)(?:[Tt]hrottl|[Rr]ate_?[Ll]imit|[Ll]imiter)")

_HOOK_KEYS = ("preHandler", "onRequest", "preValidation", "beforeHandler", "preParsing", "middleware", "middlewares", "dependencies", "handler", "plugin", "plugins")


_PKG_HEADS = frozenset(p.split(".")[0].split("/")[0] for p in LIMITER_PKGS)


def in_pkgs(dotted: str) -> bool:
    if not dotted or dotted[0] == ".":
        return False
    head = dotted.split(".", 1)[0].split("/", 1)[0]
    if head not in _PKG_HEADS:
        return False
    for p in LIMITER_PKGS:
        if dotted == p or dotted.startswith(p + ".") or dotted.startswith(p + "/"):
            return True
    return False


def _key_names_limiter_package(key: str) -> bool:
    """An option key spelled as a limiter package, as hapi's plugin options
    are (`plugins: {'koa-limit': {...}}`); a one-word key is an option of its
    own even when a Python limiter package has that name: express-fileupload's
    and multer's upload `limits`, a chart's `axes`."""
    return in_pkgs(key) and not key.isalnum()


def name_says_limiter(dotted: str) -> bool:
    if not dotted:
        return False
    if NEGATE_RE.search(dotted):
        return False
    return bool(NAME_RE.search(last_name(dotted))) or in_pkgs(dotted)


def is_negation(val: Val) -> bool:
    """``@SkipThrottle()``, ``@limiter.exempt``, fastify ``config: {rateLimit: false}``,
    hapi ``options: {plugins: {'hapi-rate-limit': {enabled: false}}}``."""
    if val.k in (CALL, IDENT) and NEGATE_RE.search(val.v):
        return True
    if val.k == OBJ and val.keys:
        cfg = val.keys.get("config")
        if cfg is not None and cfg.k == OBJ and cfg.keys:
            rl = cfg.keys.get("rateLimit")
            if rl is not None and rl.k == BOOL and rl.v == "false":
                return True
        return _hapi_limiter_switched_off(val)
    return False


def _hapi_limiter_switched_off(route: Val) -> bool:
    """A hapi route spec whose route options (``options``, or ``config`` of
    older hapi) switch a limiter plugin off for this route: ``plugins:
    {'hapi-rate-limit': {enabled: false}}`` (or ``false``); the plugin's
    other route settings (``pathLimit: 5``) leave it on."""
    for key in ("options", "config"):
        opts = route.keys.get(key) if route.keys else None
        plugins = opts.keys.get("plugins") if opts is not None and opts.k == OBJ and opts.keys else None
        if plugins is None or plugins.k != OBJ or not plugins.keys:
            continue
        for name, setting in plugins.keys.items():
            if not in_pkgs(name):
                continue
            if is_bool(setting, False) or (setting.k == OBJ and setting.keys and is_bool(setting.keys.get("enabled"), False)):
                return True
    return False


def _axes_item(ff: FileFacts) -> Val | None:
    """The 'axes' entry of a Django settings list (INSTALLED_APPS, MIDDLEWARE, AUTHENTICATION_BACKENDS)."""
    for k, v in sorted(ff.consts.items(), key=lambda kv: not kv[0].endswith("APPS")):  # (INSTALLED_APPS first)
        if k.endswith("APPS") or "MIDDLEWARE" in k or k == "AUTHENTICATION_BACKENDS":
            for i in v.items or []:
                if i.k == STR and (i.v == "axes" or i.v.startswith("axes.")):
                    return i
    return None


@dataclass(frozen=True)
class AxesOff:
    """Where django-axes is switched off: the settings file, the line of the
    ``AXES_ENABLED = False`` (or, when the value is an imported name, whose
    assignment has no line in the facts, of axes in the installed apps or
    middleware), and that imported name ('' for a literal False)."""

    path: str
    line: int
    via: str = ""

    def said(self) -> str:
        """How a message names the setting."""
        if self.via:
            return f"`AXES_ENABLED = {self.via.rsplit('.', 1)[-1]}`, False by default,"
        return "`AXES_ENABLED = False`"


@per_project
def axes_switched_off(project: Project) -> AxesOff | None:
    """Where the Django settings that install django-axes switch it off with
    ``AXES_ENABLED = False`` (mayan's settings/base.py: ``AXES_ENABLED =
    DEFAULT_AUTHENTICATION_LOCKOUT_ENABLED``, False in its literals): axes then
    neither counts failures nor locks anyone out.  None when no settings file
    that lists axes says False, or when any file of the project gives
    AXES_ENABLED another value (True, an environment read, a name it cannot
    resolve: a production settings module that turns it back on)."""
    off: AxesOff | None = None
    # (AXES_ENABLED is a trigger token: a file the prefilter left shallow cannot
    # set it, and is not read again for it -- every scan asks this question)
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        if "AXES_ENABLED" in ff.consts:
            val = ff.consts["AXES_ENABLED"]
        elif "AXES_ENABLED" in ff.imports:
            val = Val(k=IDENT, v=ff.imports["AXES_ENABLED"])  # `AXES_ENABLED = DEFAULT_LOCKOUT_ENABLED`, an imported constant
        else:
            continue
        got = resolve_value(project, ff, val)
        if got.k == IDENT and "." in got.v and not got.v.startswith("./"):
            home = module_and_attr(project, got.v, value=True)
            if home is not None:
                got = resolve_value(project, home[0], Val(k=IDENT, v=home[1]))
        if got.k != BOOL or got.v != "false":
            return None
        item = _axes_item(ff)
        if off is None and item is not None:
            via = "" if "AXES_ENABLED" in ff.consts else val.v
            off = AxesOff(ff.path, val.line or item.line or 1, via)
    return off


# what makes DRF run a throttle that reads a view's `throttle_scope`: the
# default throttle classes, a view's own throttle classes (an attribute, the
# decorator, an override picking them per action) or ScopedRateThrottle named
_SCOPE_READERS = ("DEFAULT_THROTTLE_CLASSES", "throttle_classes", "get_throttles", "ScopedRateThrottle")


@per_project
def scoped_throttle_may_run(project: Project) -> bool:
    """Can a DRF view's ``throttle_scope`` limit anything?  Only
    ``ScopedRateThrottle`` (or a subclass) reads it, and DRF runs no throttle
    unless ``DEFAULT_THROTTLE_CLASSES`` or a view's ``throttle_classes`` names
    one: a ``throttle_scope = "login"`` in a project whose Python (modules,
    and the settings templates its sites are made from, ``settings.py-tpl``,
    read as text) spells none of those throttles nothing.  True when any file
    could (the text test errs towards yes)."""
    return any(sf.lang in ("py", "text") and project.may_mention(path, word) for path, sf in project.files.items() for word in _SCOPE_READERS)


@per_project
def default_scoped_throttle_may_run(project: Project) -> bool:
    """Can the ``throttle_scope`` a package's view sets for itself
    (dj-rest-auth's ``'dj_rest_auth'``) limit anything?  Such a view names no
    throttle classes, so only ``DEFAULT_THROTTLE_CLASSES`` can run the
    ``ScopedRateThrottle`` (or a project subclass) that reads it: the
    project's Python must spell both (read as text, as
    :func:`scoped_throttle_may_run`)."""
    return all(any(sf.lang in ("py", "text") and project.may_mention(path, word) for path, sf in project.files.items())
               for word in ("DEFAULT_THROTTLE_CLASSES", "ScopedRateThrottle"))


def _enabled_false(call: Call) -> bool:
    return is_bool(call.kwargs.get("enabled"), False)


def switched_off(ff: FileFacts, call: Call) -> bool:
    """A limiter built switched off -- ``Limiter(key_func, app=app,
    enabled=False)`` (Flask-Limiter, slowapi) -- or a method of one
    (``limiter.limit("5/minute")`` on such a ``limiter`` of the same file):
    it limits nothing.  A value read from the environment or a setting still
    counts as configured."""
    if _enabled_false(call):
        return True
    recv = call.recv
    return bool(recv) and recv.isidentifier() and any(_enabled_false(c) for c in calls_assigned(ff, {recv}))


@per_project
def switched_off_limiters(project: Project) -> list[tuple[FileFacts, Call]]:
    """Limiters built switched off (:func:`switched_off`), for messages that
    would otherwise say no limiter exists."""
    return [(ff, c) for ff in project.parsed_code_files() for c in ff.calls
            if _enabled_false(c) and (in_pkgs(c.callee) or NAME_RE.search(last_name(c.callee)))]


class Limiters:
    """Memoised limiter recognition over one project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._memo: dict[tuple[str, str, str], bool] = {}

    # -------------------------------------------------------------- calls
    def call_is_limiter(self, ff: FileFacts, call: Call, depth: int = 0, wrap: bool = True) -> bool:
        """``wrap``: also look inside the call's arguments (a middleware/decorator
        value such as ``Depends(RateLimiter())``); off for calls in a body."""
        if NEGATE_RE.search(call.callee) or switched_off(ff, call):
            return False
        if in_pkgs(call.callee) or in_pkgs(call.recv_type):
            return True
        if call.callee in ("require", "import") and call.args and call.args[0].k == STR:
            return in_pkgs(call.args[0].v)
        if NAME_RE.search(last_name(call.callee)) or (call.recv and NAME_RE.search(call.recv.rsplit(".", 1)[-1])):
            return True
        if depth >= 3:
            return False
        key = (ff.path, f"call@{call.line}:{call.col}:{call.callee}", "w" if wrap else "")
        got = self._memo.get(key)
        if got is not None:
            return got
        self._memo[key] = False
        result = False
        # a wrapper around a limiter: Depends(RateLimiter(...)), UseGuards(ThrottlerGuard), compose([...])
        if wrap:
            for a in [*call.args, *call.kwargs.values()]:
                if self.val_is_limiter(ff, a, depth + 1):
                    result = True
                    break
        if not result and not call.new:
            # a helper that builds or applies one: makeLimiter(...) { return rateLimit(...) }
            for tf, fn in callee_funcs(self.project, ff, call) or named_class_method(self.project, ff, call):
                if self.catches_limit(tf, fn.id) or any(self.call_is_limiter(tf, c, depth + 1, wrap=False) for c in self.project.calls_in(tf, fn.id)):
                    result = True
                    break
        if not result and call.callee.startswith("./") and not call.method:
            # default-imported factory: import rateLimit from './lib/rate-limit'
            for d in definitions(self.project, ff, call.callee):
                if d.call is not None and self.call_is_limiter(d.ff, d.call, depth + 1):
                    result = True
                    break
        self._memo[key] = result
        return result

    # -------------------------------------------------------------- values
    def val_is_limiter(self, ff: FileFacts, val: Val | None, depth: int = 0) -> bool:
        if val is None or depth > 4 or is_negation(val):
            return False
        k = val.k
        if k == CALL:
            call = self.project.call_of(ff, val)
            if call is not None:
                return self.call_is_limiter(ff, call, depth)
            return name_says_limiter(val.v)
        if k == IDENT:
            return self.ident_is_limiter(ff, val.v, depth)
        if k == FN:
            fn = self.project.funcs(ff).get(val.v)
            if fn is None:
                return False
            return any(self.call_is_limiter(ff, c, depth + 1, wrap=False) for c in self.project.calls_in(ff, fn.id))
        if k == ARR:
            return any(self.val_is_limiter(ff, it, depth + 1) for it in val.items or [])
        if k == OBJ and val.keys:
            cfg = val.keys.get("config")
            if cfg is not None and cfg.k == OBJ and cfg.keys and "rateLimit" in cfg.keys:
                rl = cfg.keys["rateLimit"]
                if not (rl.k == BOOL and rl.v == "false"):
                    return True
            for hk in _HOOK_KEYS:
                if hk in val.keys and self.val_is_limiter(ff, val.keys[hk], depth + 1):
                    return True
            for k2, v2 in val.keys.items():
                # options naming a limiter: hapi `plugins: {'hapi-rate-limit': {...}}`, `{ rateLimit: {...} }`
                if (NAME_RE.search(k2) or _key_names_limiter_package(k2)) and not (v2.k == BOOL and v2.v == "false"):
                    return True
            if "throttle_classes" in val.keys or ("throttle_scope" in val.keys and scoped_throttle_may_run(self.project)):
                return True
        if k == OBJ:
            # options spread in: fastify `{schema, ...(authRateLimitOptions ?? {})}`
            return any(it.k == IDENT and self.spread_is_limiter(ff, it.v, depth + 1) for it in val.items or [])
        return False

    def spread_is_limiter(self, ff: FileFacts, name: str, depth: int) -> bool:
        """Options spread into a route's options: by their object when one
        defines them (``{config: {rateLimit: false}}`` limits nothing, whatever
        it is called), else as a limiter value (``rateLimit({...})``)."""
        consts = [d for d in definitions(self.project, ff, name) if d.const is not None and d.const.k == OBJ]
        if consts:
            return any(self.val_is_limiter(d.ff, d.const, depth) for d in consts)
        return self.ident_is_limiter(ff, name, depth)

    def ident_is_limiter(self, ff: FileFacts, name: str, depth: int = 0) -> bool:
        if name_says_limiter(name):
            return True
        if NEGATE_RE.search(name) or depth > 4:
            return False
        key = (ff.path, name, "ident")
        got = self._memo.get(key)
        if got is not None:
            return got
        self._memo[key] = False
        result = False
        for d in definitions(self.project, ff, name):
            if d.call is not None and self.call_is_limiter(d.ff, d.call, depth + 1):
                result = True
            elif d.const is not None and d.const.k != IDENT and self.val_is_limiter(d.ff, d.const, depth + 1):
                result = True
            elif d.func is not None and any(self.call_is_limiter(d.ff, c, depth + 1, wrap=False) for c in self.project.calls_in(d.ff, d.func.id)):
                result = True
            if result:
                break
        if not result and "." in name and not name.startswith("./"):
            # a member of a limiter object: express-brute `bruteforce.prevent`,
            # `limiter.middleware`
            head = name.rsplit(".", 1)[0]
            if head not in ("this", "self", "req", "request", "ctx", "app", "router"):
                result = self.ident_is_limiter(ff, head, depth + 1)
        self._memo[key] = result
        return result

    def func_uses_limiter(self, ff: FileFacts, func_id: str) -> bool:
        """A handler decorated with a limiter, or whose own body consumes one
        (rate-limiter-flexible ``consume``, a Next.js ``limiter.check``)."""
        fn = self.project.funcs(ff).get(func_id)
        if fn is None:
            return False
        if any(self.val_is_limiter(ff, d) for d in fn.decorators) or self.catches_limit(ff, func_id):
            return True
        return any(self.call_is_limiter(ff, c, 1, wrap=False) for c in self.project.calls_in(ff, func_id))

    def catches_limit(self, ff: FileFacts, func_id: str) -> bool:
        """The function (or one nested in it) catches a rate-limit exception of
        the project's own or of a limiter library (``except
        RateLimitException: abort(429)``): what its ``try`` calls throttles
        (trytond's per-login and per-network attempt counts).  A client
        library's error (``openai.RateLimitError``) says nothing about this
        server's own limits."""
        for h in ff.extra.get("handlers", ()) or () if ff.extra else ():
            if not isinstance(h, dict):
                continue
            fid = str(h.get("func", ""))
            if fid != func_id and not (fid and self.project.is_inside(ff, fid, func_id)):
                continue
            for t in h.get("types", ()) or ():
                if isinstance(t, str) and NAME_RE.search(last_name(t)) and not NEGATE_RE.search(t) and (in_pkgs(t) or self._own(t)):
                    return True
        return False

    def _own(self, dotted: str) -> bool:
        """A name the project defines (a local class, or one imported from a project module)."""
        if "." not in dotted or dotted.startswith("./"):
            return True
        return module_and_attr(self.project, dotted) is not None


# ---------------------------------------------------------------- home-made throttles
# an ordering comparison (`ipTable.length >= 10`, `MAX > count`, `challenge.attempts >= 5`)
ORDERING = lazy_re(r"(?<![=!<>])(?:<=?|>=?)(?![=<>])")
# what a bounded count of a client's record is called (`ipTable.length`, `rec.count`, `attempts`)
_AGAINST_ZERO = lazy_re(r"[<>]=?\s*0$|^0\s*[<>]")
_COUNT_WORDS = frozenset({"length", "size", "count", "counter", "attempt", "attempts", "tries", "failures", "fails", "failed", "hits", "requests"})
# calls that add one to a counter under a key (Redis INCR, a cache's incr)
_INCR_CALLS = frozenset({"incr", "incrby", "incrBy", "INCR", "INCRBY", "increment", "inc"})


def client_key(text: str) -> bool:
    """``text`` (an index or a key's variable part) is the client's address:
    ``ip``, ``req.ip``, ``clientIp``, ``getClientIp(req)``,
    ``req.socket.remoteAddress``, ``request.remote_addr``,
    ``req.headers['x-forwarded-for']``, ``request.client.host``."""
    words = set(name_words(text))
    if "ip" in words or "forwarded" in words:
        return True
    return bool(words & {"remote", "client"}) and bool(words & {"addr", "address", "host"})


def _key_part(v: Val) -> str:
    """The variable part of a key argument: `'login:' + ip` -> the whole text, `` `login:${ip}` `` -> `ip`."""
    if v.k == TMPL:
        return " ".join(a or b for a, b in re.findall(r"\$\{([^}]*)\}|\{([^}]*)\}", v.v))
    return v.v if v.k != STR else ""


def _member_helper(ff: FileFacts, call: Call) -> list[tuple[FileFacts, Func]]:
    """``obj.checkAllowLogin(req)`` where the file defines one function of that
    name outside any class (``obj.checkAllowLogin = function (ip) {...}`` in a
    factory): that function."""
    if not call.method or not call.recv or "." in call.recv or "(" in call.recv or "[" in call.recv:
        return []
    found = module_funcs_named(ff, call.method)
    return [(ff, found[0])] if len(found) == 1 else []


# an object named after its class: `userHandler` for a `UserHandler`, `this.authService` for an `AuthService`
_OBJECT_NAME = lazy_re(r"(?:this\.)?([a-z_$][\w$]*)")


def named_class_method(project: Project, ff: FileFacts, call: Call) -> list[tuple[FileFacts, Func]]:
    """``userHandler.asyncAuthenticate(...)`` on an object the code was handed
    (a parameter of a route module's factory, ``module.exports = (db, server,
    userHandler) => ...``, given ``new UserHandler(...)`` by the server file),
    which the import-following resolution cannot see into: the method of that
    name of the project's one JS/TS class named after the object
    (``class UserHandler``), when exactly one such class defines it."""
    m = _OBJECT_NAME.fullmatch(call.recv) if call.method and call.recv and ff.lang in ("js", "ts") else None
    if m is None:
        return []
    name = m.group(1)
    return [(tf, f) for tf, f in _class_funcs(project, name[0].upper() + name[1:]) if f.name == call.method]


@per_project
def _js_classes(project: Project) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Over the parsed JS/TS files: class name -> the files defining it, and
    a name a module binds by import -> what it resolves to (``const
    UserHandler = require('./lib/user-handler')``).  Built once: a class is
    then found without reading every file of the project for its name."""
    defs: dict[str, list[str]] = {}
    imports: dict[str, list[str]] = {}
    for ff in project.parsed_code_files():
        if ff.lang not in ("js", "ts"):
            continue
        for cls in {f.cls for f in ff.funcs if f.cls}:
            defs.setdefault(cls, []).append(ff.path)
        for local, dotted in ff.imports.items():
            if local[:1].isupper() and dotted.startswith("./"):
                imports.setdefault(local, []).append(dotted)
    return defs, imports


@per_project
def _class_funcs(project: Project, cls: str) -> tuple[tuple[FileFacts, Func], ...]:
    """The methods of the project's one JS/TS class named ``cls``: defined in
    a parsed file, or in the module an import of that name resolves to
    (parsed now if the prefilter left it).  None when more than one file
    defines such a class."""
    defs, imports = _js_classes(project)
    homes = {path: project.files[path] for path in defs.get(cls, ())}
    for dotted in sorted(set(imports.get(cls, ()))):
        got = module_and_attr(project, dotted)
        tf = got[0] if got is not None else None
        if tf is not None and tf.path not in homes and any(f.cls == cls for f in tf.funcs):
            homes[tf.path] = tf
    if len(homes) != 1:
        return ()
    tf = next(iter(homes.values()))
    return tuple((tf, f) for f in methods_of(tf, cls))


def functions_reached(
    project: Project, starts: list[tuple[FileFacts, str]], nested: bool = True, members: bool = False
) -> list[tuple[FileFacts, str]]:
    """The functions ``starts`` and the project functions they call, three
    calls deep (at most 40), breadth first; with ``nested`` False only calls
    made in the functions' own bodies, not in their callbacks: what runs on
    every request, before the work the callbacks finish.  ``members``: also
    follow ``obj.helper()`` to the file's one function of that name
    (:func:`_member_helper`)."""
    todo: list[tuple[FileFacts, str, int]] = [(tf, fid, 0) for tf, fid in starts]
    seen: set[tuple[str, str]] = set()
    reach: list[tuple[FileFacts, str]] = []
    while todo and len(seen) < 40:
        tf, fid, depth = todo.pop(0)
        if (tf.path, fid) in seen:
            continue
        seen.add((tf.path, fid))
        reach.append((tf, fid))
        if depth >= 3:
            continue
        for c in project.calls_in(tf, fid, nested=nested):
            for g, fn in callee_funcs(project, tf, c) or (_member_helper(tf, c) if members else []):
                if g.shallow:
                    g = project.full(g)
                    fn = project.funcs(g).get(fn.id, fn)
                todo.append((g, fn.id, depth + 1))
    return reach


def client_throttle(project: Project, ff: FileFacts, func_id: str) -> str:
    """A home-made per-client throttle on the way of a handler: the handler,
    or a project function it calls (three calls deep), refuses when a record
    kept per client address exceeds a bound, and that record is added to on
    the same way.  MeshCentral's login handler calls ``checkAllowLogin(req)``,
    which compares ``obj.badLoginTable[ip].length`` with the allowed count,
    and on a failure ``setbadLogin(req)`` pushes onto ``obj.badLoginTable[ip]``.
    Evidence:

    * a record ``store[<client address>]`` bumped anywhere in the handler's
      reach, callbacks included (``++``, ``+= 1``, ``= (store[ip] || 0) + 1``,
      ``.push(...)``, ``.count++``; a Map's ``store.set(ip, n + 1)``), and a
      function that runs on every request -- the handler, or a helper called
      from its own body or such a helper's, not from a callback -- that reads
      the same store under a client address and compares a count
      (``.length``, ``.size``, ``.count``, a name counting attempts or
      failures, or the record itself) with a bound;
    * or a counter ``incr``-ed under a key built from the client address
      (``redis.incr(`login:${req.ip}`)``) in such a function, which compares
      its result with a bound.

    A check made only in a callback (MeshCentral's reset-account handler
    checks ``checkAllow2Fa(req)`` once a looked-up account turns out to have
    a second factor) does not guard what the handler does for every request
    (sending the reset mail).

    A record keyed by anything else (an account, a session) is no per-client
    throttle.  The description of the evidence, or ''."""
    reach = functions_reached(project, [(ff, func_id)], nested=True, members=True)
    early = functions_reached(project, [(ff, func_id)], nested=False, members=True)
    bumped: set[tuple[str, str]] = set()
    reads: dict[tuple[str, str], set[str]] = {}  # (file, function) -> stores it reads under a client address
    for tf, fid in reach:
        mine = {fid, *project.nested_funcs(tf, fid)}
        for rec in (tf.extra or {}).get("keyed", ()) or ():
            if isinstance(rec, list) and len(rec) >= 5 and rec[1] in mine and rec[4] == "bump" and client_key(str(rec[3])):
                bumped.add((tf.path, str(rec[2])))
        for c in project.calls_in(tf, fid):
            if c.method == "set" and c.recv and len(c.args) > 1 and client_key(_key_part(c.args[0])) and "+" in c.args[1].v:
                bumped.add((tf.path, c.recv))  # failures.set(ip, (failures.get(ip) || 0) + 1)
    for tf, fid in early:
        got = reads.setdefault((tf.path, fid), set())
        for rec in (tf.extra or {}).get("keyed", ()) or ():
            if isinstance(rec, list) and len(rec) >= 5 and rec[1] == fid and rec[4] != "bump" and client_key(str(rec[3])):
                got.add(str(rec[2]))
        for c in project.calls_in(tf, fid, nested=False):
            if c.method in ("get", "has") and c.recv and c.args and client_key(_key_part(c.args[0])):
                got.add(c.recv)
    for tf, fid in early:
        mine = {fid}
        # (`ipTable.length > 0`: whether there is a record at all, no bound)
        compares = [str(cmp[2]) for cmp in (tf.extra or {}).get("compares", ()) or ()
                    if isinstance(cmp, list) and len(cmp) >= 3 and cmp[1] in mine and ORDERING.search(str(cmp[2]))
                    and not _AGAINST_ZERO.search(str(cmp[2]))]
        if not compares:
            continue
        for store in sorted(reads.get((tf.path, fid), ())):
            if (tf.path, store) not in bumped:
                continue
            # (a count first: `ipTable.length < max`, before a cool-off's `table[ip] < Date.now()`)
            counted = [t for t in compares if _COUNT_WORDS.intersection(name_words(re.sub(r"(['\"]).*?\1", "", t)))]
            for text in counted + [t for t in compares if store in t and t not in counted]:
                own = project.funcs(tf).get(fid)
                where = f"{own.name}() ({tf.path}:{own.line})" if own is not None else tf.path
                return f"{where} refuses a client whose failures recorded per address in `{store}` reach a bound (`{text}`)"
        for c in project.calls_in(tf, fid, nested=False):
            if c.method in _INCR_CALLS and c.assigned and c.args and client_key(_key_part(c.args[0])):
                var = c.assigned
                if any(re.search(rf"(?<![\w$.]){re.escape(var)}(?![\w$])", text) for text in compares):
                    return f"`{c.callee}(...)` in {tf.path}:{c.line} counts requests per client address and the count is compared with a bound"
    return ""
