"""Recognising request rate limiters (RS501) in facts.

A value "is a limiter" when it is, calls, names or wraps one: a call into a
limiter library (express-rate-limit, rate-limiter-flexible, express-slow-down,
express-brute, @nestjs/throttler, @fastify/rate-limit, koa-ratelimit, slowapi,
flask-limiter, fastapi-limiter, django-ratelimit, DRF throttling, ...), a value
whose name says so (``loginLimiter``, ``rateLimit(...)``, ``ThrottlerGuard``),
a helper whose body builds one, or an inline middleware that consumes one.
"""

from __future__ import annotations

import re

from ..facts import ARR, BOOL, CALL, FN, IDENT, OBJ, STR, Call, FileFacts, Val
from ..project import Project
from ._memo import per_project
from ._resolve import callee_funcs, definitions, last_name, module_and_attr, resolve_value

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
    "@upstash/ratelimit",
    "hono-rate-limiter",
    "next-rate-limit",
    "@koa/ratelimit",
    "slowapi",
    "flask_limiter",
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

# a name that says "rate limiter" (word parts, any case)
NAME_RE = re.compile(r"rate[_-]?limit|limiter|throttl|slow[_-]?down|brute", re.I)
# decorators / options that switch a limiter off for one route
# (`exempt` only of a limiter: `limiter.exempt`, not `csrf.exempt`)
NEGATE_RE = re.compile(r"skip_?throttle|(?:^|\.)\w*(?:limit|throttl)\w*\.exempt$|no_?rate_?limit", re.I)

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


def name_says_limiter(dotted: str) -> bool:
    if not dotted:
        return False
    if NEGATE_RE.search(dotted):
        return False
    return bool(NAME_RE.search(last_name(dotted))) or in_pkgs(dotted)


def is_negation(val: Val) -> bool:
    """``@SkipThrottle()``, ``@limiter.exempt``, fastify ``config: {rateLimit: false}``."""
    if val.k in (CALL, IDENT) and NEGATE_RE.search(val.v):
        return True
    if val.k == OBJ and val.keys:
        cfg = val.keys.get("config")
        if cfg is not None and cfg.k == OBJ and cfg.keys:
            rl = cfg.keys.get("rateLimit")
            if rl is not None and rl.k == BOOL and rl.v == "false":
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


@per_project
def axes_switched_off(project: Project) -> tuple[str, int] | None:
    """Where the Django settings that install django-axes switch it off with
    ``AXES_ENABLED = False`` (mayan's settings/base.py: ``AXES_ENABLED =
    DEFAULT_AUTHENTICATION_LOCKOUT_ENABLED``, False in its literals): axes then
    neither counts failures nor locks anyone out.  None when no settings file
    that lists axes says False, or when any file of the project gives
    AXES_ENABLED another value (True, an environment read, a name it cannot
    resolve: a production settings module that turns it back on)."""
    off: tuple[str, int] | None = None
    for g in project.code_files():
        if g.lang != "py":
            continue
        ff = project.full(g, "AXES_ENABLED", value=True)
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
            off = (ff.path, val.line or item.line or 1)
    return off


class Limiters:
    """Memoised limiter recognition over one project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._memo: dict[tuple[str, str, str], bool] = {}

    # -------------------------------------------------------------- calls
    def call_is_limiter(self, ff: FileFacts, call: Call, depth: int = 0, wrap: bool = True) -> bool:
        """``wrap``: also look inside the call's arguments (a middleware/decorator
        value such as ``Depends(RateLimiter())``); off for calls in a body."""
        if NEGATE_RE.search(call.callee):
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
            for tf, fn in callee_funcs(self.project, ff, call):
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
                if (NAME_RE.search(k2) or in_pkgs(k2)) and not (v2.k == BOOL and v2.v == "false"):
                    return True
            if "throttle_classes" in val.keys or "throttle_scope" in val.keys:
                return True
        return False

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
