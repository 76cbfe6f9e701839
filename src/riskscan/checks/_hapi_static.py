"""hapi's static folders for RS904: a route whose handler is inert's
``directory`` handler (``handler: { directory: { path: 'public' } }``).

inert answers with ETag and Last-Modified; the Cache-Control header is hapi's
route cache policy, which without a lifetime (``expiresIn``/``expiresAt``) is
``no-cache``, so every asset is revalidated on every page view.  A lifetime
set on the route (``config.cache`` before hapi 17, ``options.cache`` since),
on the server's route defaults (``routes: { cache: ... }``, often in another
module), or a Cache-Control header an extension of the service sets
(``onPreResponse``), is a cache policy.
"""

from __future__ import annotations

from typing import Callable

from ..facts import OBJ, FileFacts, Route, Val
from ..project import Project
from ._resolve import walk_vals

LABEL = "inert directory handler"
_LIFETIME_KEYS = ("expiresIn", "expiresAt")
_SPELLINGS = ("Cache-Control", "cache-control")


def directory_routes(ff: FileFacts) -> list[tuple[Route, Val]]:
    """(route, its ``directory`` options) of the file's hapi routes served by
    inert's directory handler, unless the route's own options give a cache
    lifetime."""
    out = []
    for r in ff.routes:
        if r.framework != "hapi" or not r.middleware or r.middleware[0].k != OBJ:
            continue
        spec = r.middleware[0].keys or {}
        handler = spec.get("handler")
        served = (handler.keys or {}).get("directory") if handler is not None and handler.k == OBJ else None
        if served is None or any(_gives_lifetime(v) for v in walk_vals(r.middleware[0])):
            continue
        out.append((r, served))
    return out


def _gives_lifetime(v: Val) -> bool:
    """``cache: { expiresIn: 86400000 }`` (a route's or the server's route defaults)."""
    if v.k != OBJ or not v.keys:
        return False
    cache = v.keys.get("cache")
    return cache is not None and cache.k == OBJ and any(k in (cache.keys or {}) for k in _LIFETIME_KEYS)


def _route_defaults_lifetime(v: Val) -> bool:
    """``routes: { cache: { expiresIn } }``: the route defaults of a server or
    connection (not one route's own options, which give only that route a lifetime)."""
    routes = (v.keys or {}).get("routes") if v.k == OBJ else None
    return routes is not None and _gives_lifetime(routes)


def service_caches(project: Project, ff: FileFacts, sets_header: Callable[[FileFacts], bool]) -> bool:
    """A JS module of ``ff``'s service gives responses a cache lifetime: a
    server or connection created with ``routes: { cache: { expiresIn } }``
    (hoodie-like apps build the options in a module of their own), or a
    Cache-Control header set (``sets_header``), as an ``onPreResponse``
    extension does."""
    svc = project.service_of(ff.path)
    root = svc.root if svc is not None else None
    for other in project.code_files():
        if other.lang not in ("js", "ts"):
            continue
        if root is not None:
            other_svc = project.service_of(other.path)
            if other_svc is None or other_svc.root != root:
                continue
        lifetime = any(project.may_mention(other.path, k) for k in _LIFETIME_KEYS)
        header = any(project.may_mention(other.path, s) for s in _SPELLINGS)
        if not lifetime and not header:
            continue
        full = project.full(other)
        if lifetime and any(_route_defaults_lifetime(v) for c in full.calls for a in c.args for v in walk_vals(a)):
            return True
        if lifetime and any(_route_defaults_lifetime(v) for c in full.consts.values() for v in walk_vals(c)):
            return True
        if header and sets_header(full):
            return True
    return False
