"""aiohttp's static routes for RS904: ``app.router.add_static(prefix, path)``
and ``web.static(prefix, path)`` (a route definition for ``add_routes``).

aiohttp answers them with a FileResponse that carries Last-Modified and ETag
but no Cache-Control header (``append_version=True`` only adds a ``?v=`` hash
to the URLs ``url_for`` builds), so a header has to come from the service: a
middleware or an ``on_response_prepare`` handler, often in another module
(``web.Application(middlewares=[...])`` takes them from anywhere).
"""

from __future__ import annotations

from typing import Callable

from ..facts import Call, FileFacts, Val
from ..project import Project
from ._stores import file_uses

LABEL = "aiohttp static route"
# how a module spells the header it sets (aiohttp's constant is hdrs.CACHE_CONTROL)
_SPELLINGS = ("Cache-Control", "cache-control", "CACHE_CONTROL")


def is_static_route(ff: FileFacts, c: Call) -> bool:
    """``app.router.add_static(...)`` (a receiver named for a router) in a
    module that imports aiohttp, or aiohttp's ``web.static(...)``."""
    if c.callee == "aiohttp.web.static":
        return True
    return c.method == "add_static" and "router" in c.recv.rsplit(".", 1)[-1].lower() and file_uses(ff, "aiohttp")


def directory(c: Call) -> Val | None:
    """The folder served: ``path=`` or the second argument."""
    d = c.kwargs.get("path")
    if d is None and len(c.args) > 1:
        d = c.args[1]
    return d


def service_sets_cache_control(project: Project, ff: FileFacts, sets_header: Callable[[FileFacts], bool]) -> bool:
    """A Python module of ``ff``'s service sets a Cache-Control header
    (``sets_header`` on its facts): a middleware or response hook that the
    app may run for the static route's responses too."""
    svc = project.service_of(ff.path)
    root = svc.root if svc is not None else None
    for other in project.code_files():
        if other.lang != "py":
            continue
        if root is not None:
            other_svc = project.service_of(other.path)
            if other_svc is None or other_svc.root != root:
                continue
        if not any(project.may_mention(other.path, s) for s in _SPELLINGS):
            continue
        if sets_header(project.full(other)):
            return True
    return False
