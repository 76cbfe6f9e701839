"""RS904 static-assets-no-cache: a static file server (``express.static``,
``@fastify/static``, Starlette ``StaticFiles``...) with no cache settings,
reported per call.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..facts import ARR, CALL, FN, IDENT, NUM, OBJ, STR, Call, FileFacts, Func, Route, Val, from_json
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import _aiohttp_static as aiohttp_static
from . import _hapi_static as hapi_static
from . import check
from ._memo import per_project
from ._routes import base_class_home, class_bases, is_mock, project_class
from ._resolve import last_name, name_words, walk_vals
from ._services import (
    find_module,
    is_browser,
    is_demo_path,
    one_off_path,
    serving_program,
    unrun_ui_server,
)


_HONO_NODE_STATIC = "@hono/node-server/serve-static.serveStatic"


_STATIC_JS = {
    "express.static": 1,
    "serve-static": 1,
    "koa-static": 1,
    "koa-static-server": 0,
    "@koa/static": 1,
    "express-static-gzip": 1,  # serve-static underneath: cache options under `serveStatic`
    # srvx's `staticMiddleware({ dir, maxAge, immutable })` (zigbee2mqtt's frontend): no
    # Cache-Control header at all unless `maxAge` is set, only ETag/Last-Modified
    "srvx/static.staticMiddleware": 0,
    # @hono/node-server's `serveStatic({ root, onFound, ... })`: no cache option at all, and
    # no Cache-Control header (only Last-Modified) unless onFound or a middleware sets one
    _HONO_NODE_STATIC: 0,
}


_FASTIFY_STATIC = ("@fastify/static", "fastify-static")


def _requires(project: Project, ff: FileFacts, val: Val, modules: tuple[str, ...]) -> bool:
    """``require('@fastify/static')`` written inline as the argument."""
    if val.k != CALL:
        return False
    sub = project.call_of(ff, val)
    return sub is not None and sub.callee == "require" and bool(sub.args) and sub.args[0].k == STR and sub.args[0].v in modules


_CACHE_KEYS = ("maxAge", "maxage", "max-age", "immutable", "setHeaders", "cacheControl", "headers", "cache", "lastModified_")


_CACHE_MIDDLEWARE = (
    "apicache", "express-cache-controller", "cache-control", "koa-cache-control", "@fastify/caching", "fastify-caching", "koa-static-cache",
    "nocache", "helmet.noCache", "express-cache-headers", "http-cache-middleware", "koa-conditional-get",
)


# a mount of files the application writes at run time (uploads, screenshots,
# avatars, logs), named by a whole word: `uploads`, `UPLOAD_DIR`, `userUploads`,
# `log_directory`, not a plugin called `uploadimage` nor a log viewer's assets
_USER_CONTENT_WORDS = frozenset({"upload", "uploads", "uploaded", "screenshot", "screenshots", "avatar", "avatars", "attachment",
                                 "attachments", "usercontent", "userdata", "userfiles", "logs"})


# the word after `user` or `log` that makes it a folder of such files: `user_files`, `LOG_DIR`
_CONTENT_FOLDER_AFTER = {"user": ("content", "data", "files"), "log": ("dir", "directory", "folder", "path", "root", "files")}


def _user_content(text: str) -> bool:
    words = [w for w in name_words(text) if not w.isdigit()]
    return any(w in _USER_CONTENT_WORDS or nxt in _CONTENT_FOLDER_AFTER.get(w, ()) for w, nxt in zip(words, [*words[1:], ""], strict=False))


_STARLETTE_STATIC = ("starlette.staticfiles.StaticFiles", "fastapi.staticfiles.StaticFiles")


# FastAPI's ``app.frontend(path, directory=...)`` / ``router.frontend(...)`` serves a
# front-end build through a StaticFiles subclass of its own that sets no Cache-Control
_FASTAPI_FRONTEND_OWNERS = frozenset({"fastapi.FastAPI", "fastapi.applications.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"})


_PY_CACHE_MIDDLEWARE = ("whitenoise", "starlette_cache", "fastapi_cache", "cachecontrol_middleware")


# Litestar's static router: answers with ETag/Last-Modified and no Cache-Control unless
# given `cache_control=`, or a layer above it (the app, a Router) sets one
_LITESTAR_STATIC = ("litestar.static_files.create_static_files_router", "litestar.static_files.router.create_static_files_router")


_LITESTAR_LABEL = "create_static_files_router"
# Twisted's static resource: answers with Last-Modified only (no Cache-Control, no ETag)
_TWISTED_STATIC = "twisted.web.static.File"
_TWISTED_LABEL = "static.File"


_LITESTAR_LAYERS = frozenset({"litestar.Litestar", "litestar.app.Litestar", "litestar.Router", "litestar.router.Router"})


_NO_STORE = lazy_re(r"no-cache|no-store|max-age=0\b")


def _forbids_caching(value: Val | None) -> bool:
    """``res.set('Cache-Control', 'no-cache')`` on one page: what it says is
    "never cache", so it is no caching policy for the static files."""
    return value is not None and value.k == STR and bool(_NO_STORE.search(value.v.lower())) and not re.search(r"max-age=[1-9]", value.v)


# the `secure` package's header builder: `Secure(cache=CacheControl().max_age(31536000))`,
# which its middleware or `set_headers(response)` puts on every response
_SECURE_CACHE_CONTROL = lazy_re(r"^secure(?:\.headers)?\.CacheControl\(\)\.")


def _secure_cache_lifetime(c: Call) -> bool:
    """``CacheControl().public().max_age(31536000)`` / ``.immutable()`` /
    ``.set("public, max-age=86400")`` of the ``secure`` package: a lifetime
    for what it sends (not ``max_age(0)``, ``no_store()`` or ``no_cache()``,
    which forbid caching)."""
    if not _SECURE_CACHE_CONTROL.match(c.callee):
        return False
    if c.method == "immutable":
        return True
    if c.method == "set":
        return bool(c.args) and c.args[0].k == STR and bool(re.search(r"max-age=[1-9]|immutable", c.args[0].v))
    if c.method not in ("max_age", "s_maxage") or not c.args:
        return False
    return c.args[0].k != NUM or c.args[0].v.strip("0") not in ("", ".")


def _sets_cache_control(ff: FileFacts, static_classes: frozenset[str] = frozenset()) -> bool:
    """The file sets a Cache-Control header somewhere (a caching middleware),
    not only in the handler of one route of its own (see :func:`_one_route_spans`);
    with ``static_classes``, not only in methods of those classes (see
    :func:`_static_class_methods`)."""
    spans = _one_route_spans(ff)
    skipped = _static_class_methods(ff, static_classes) if static_classes else frozenset()
    for c in ff.calls:
        if any(start < (c.line, c.col) and c.end_line <= end for start, end in spans):
            continue
        if c.func in skipped:
            continue
        for v in c.args[:1]:
            # (also aiohttp's constant: `resp.headers.setdefault(hdrs.CACHE_CONTROL, ...)`)
            named = (v.k == STR and v.v.lower() == "cache-control") or (v.k == IDENT and v.v.endswith("hdrs.CACHE_CONTROL"))
            if named and not _forbids_caching(c.args[1] if len(c.args) > 1 else None):
                return True
        if any(k.lower() in ("cache-control", "cache_control") for k in c.kwargs):
            return True
        if any(_header_object_caches(a) for a in c.args):
            return True
        if _secure_cache_lifetime(c):
            return True
    for a in ff.extra.get("assigns", []) if ff.extra else []:  # only what frontends/_assigns.py keeps
        if isinstance(a, list) and a and ("cache-control" in str(a[0]).lower() or "cache_control]" in str(a[0]).lower()):
            if _one_response_header(ff, a) or (len(a) > 1 and str(a[1] or "") in skipped):
                continue
            # (`response.headers["cache-control"] = "no-store"` for index.html only says "never cache")
            if not _forbids_caching(_assigned_value(a)):
                return True
    for v in ff.consts.values():
        if _header_object_caches(v):
            return True
    return False


def _static_class_methods(ff: FileFacts, static_classes: frozenset[str]) -> frozenset[str]:
    """Ids of the file's functions that are methods of a class extending
    Starlette's StaticFiles (or one of ``static_classes``, the project's
    subclasses of it), and of functions nested in them: a Cache-Control
    header set there (lightrag's ``SmartStaticFiles.get_response``) goes out
    with that class's files only, not with a stock ``StaticFiles(...)``
    mount of the same file."""
    by_id = {f.id: f for f in ff.funcs}

    def static_method(f: Func, depth: int = 0) -> bool:
        if f.cls and any(b in _STARLETTE_STATIC or last_name(b) in static_classes for b in class_bases(ff, f.cls)):
            return True
        parent = by_id.get(f.parent)
        return parent is not None and depth < 8 and static_method(parent, depth + 1)

    return frozenset(f.id for f in ff.funcs if static_method(f))


# a header set into a name of the function's own: `headers["Cache-Control"] = ...`
_LOCAL_HEADER = lazy_re(r"^([A-Za-z_]\w*)\[")
# what a StaticFiles subclass overrides to build the responses of the files it serves
_STATIC_RESPONSE_METHODS = frozenset({"file_response", "get_response", "lookup_path"})


def _one_response_header(ff: FileFacts, a: list) -> bool:
    """A Python Cache-Control header set into a local dict that the same
    function hands to one response it builds (``headers["Cache-Control"] =
    ...; return Response(data, headers=headers)``: dash's fingerprinted
    component-suite route): it goes out with that response only, not with
    the files a StaticFiles mount of the module serves.  Not in a method of
    a class built on a static-file server, or one that builds the responses
    of one (``file_response``): there it is the files' caching policy."""
    fid = str(a[1]) if len(a) > 1 and a[1] else ""
    if ff.lang != "py" or _LOCAL_HEADER.match(str(a[0])) is None or not fid:
        return False
    fn = next((f for f in ff.funcs if f.id == fid), None)
    if fn is None or fn.name in _STATIC_RESPONSE_METHODS:
        return False
    if fn.cls and any("static" in last_name(b).lower() for b in class_bases(ff, fn.cls)):
        return False
    # (the frontend gives `headers=headers` the dict the function built, with the keys set into it)
    return any(c.func == fid and last_name(c.callee).endswith("Response") and (v := c.kwargs.get("headers")) is not None
               and _local_header_dict(v, fn) for c in ff.calls)


def _local_header_dict(v: Val, fn: Func) -> bool:
    """A dict written in ``fn`` (``headers = {}``) holding a Cache-Control key."""
    return v.k == OBJ and fn.line <= v.line <= fn.end_line and any(k.lower() == "cache-control" for k in (v.keys or {}))


def _assigned_value(a: list) -> Val | None:
    """The value an ``assigns`` record (``[target, func, line, Val json, ...]``) gives, None when it holds none."""
    return from_json("Val", a[3]) if len(a) > 3 and isinstance(a[3], dict) else None


def _header_object_caches(v: Val) -> bool:
    """A header object (``{"Cache-Control": "public, max-age=31536000"}``)
    that gives responses a cache lifetime; ``{"cache-control": "no-cache"}``
    for the HTML entry documents says "never cache" and is no caching policy
    for the static files."""
    if v.k != OBJ or not v.keys:
        return False
    return any(k.lower() == "cache-control" and not _forbids_caching(val) for k, val in v.keys.items())


def _registers_cache_middleware(project: Project, ff: FileFacts) -> bool:
    """The Python file adds to its app a middleware that a project module of
    its own sets a Cache-Control header in: Starlette's ``Middleware(X)`` or
    ``add_middleware(X)`` with ``X`` a project class of another module whose
    module sets one (a dagster-webserver-like ``build_middleware()`` returning
    ``[Middleware(StaticCacheMiddleware)]``, the class in ``cache.py``)."""
    for c in ff.calls:
        if not c.args or c.args[0].k != IDENT:
            continue
        if not (c.method == "add_middleware" or c.callee in ("starlette.middleware.Middleware", "fastapi.middleware.Middleware")):
            continue
        home = project_class(project, ff, c.args[0].v)
        if home is not None and home[0].path != ff.path and _sets_cache_control(project.full(home[0])):
            return True
    return False


def _one_route_spans(ff: FileFacts) -> list[tuple[tuple[int, int], int]]:
    """Where a JS file registers a handler for one route of its own -- a verb
    and a path with no wildcard, ``app.get('/media/:filename', ...)``: the
    registration call's start (line, column) and end line.  A header set
    there goes out with that route's responses only (botpress's media
    route), not with the files a static middleware serves; ``app.use(...)``,
    ``app.all(...)`` and ``'*'`` paths stay middlewares."""
    if ff.lang == "py":
        return []
    one = {(r.line, r.col) for r in ff.routes if r.method != "ANY" and "*" not in r.path}
    spans = [((c.line, c.col), c.end_line) for c in ff.calls if (c.line, c.col) in one and c.method]
    return spans + _route_only_helper_spans(ff, spans) if spans else []


def _route_only_helper_spans(ff: FileFacts, spans: list[tuple[tuple[int, int], int]]) -> list[tuple[tuple[int, int], int]]:
    """The bodies of the file's plain functions that only such route handlers
    call (local-npm's ``cacheResponse(res, etag)``, called from its
    ``app.get('/:name/:version', ...)`` handler alone): what they set goes out
    with those routes' responses only.  A function that is exported, or handed
    on by name anywhere (``app.use(setCache)``, ``{ setHeaders: setCache }``),
    may run for any response, and stays a middleware."""
    # (a function handed on by name reads as its id: `app.use('/x', setCache, ...)`)
    referenced = {v.v for c in ff.calls for a in c.args for v in walk_vals(a) if v.k in (IDENT, FN)}
    referenced.update((ff.extra or {}).get("exports", {}).values())
    cands = [f for f in ff.funcs if f.name != "<anon>" and not f.cls and not {f.name, f.id} & referenced]
    found: list[tuple[tuple[int, int], int]] = []
    inside = list(spans)
    grew = True
    while grew:  # (a helper that only such helpers call is one too)
        grew = False
        for f in cands:
            sites = [c for c in ff.calls if c.callee == f.name and not c.method]
            if sites and all(any(start < (c.line, c.col) and c.end_line <= end for start, end in inside) for c in sites):
                span = ((f.line, 0), f.end_line)
                inside.append(span)
                found.append(span)
                cands.remove(f)
                grew = True
                break
    return found


def _static_calls(project: Project, ff: FileFacts) -> Iterable[tuple[Call, Val | None, str]]:
    """(call, options, label) for static-file middleware constructions."""
    for c in ff.calls:
        callee = c.callee.replace(".default", "")
        if ff.lang == "py":
            if callee in _STARLETTE_STATIC:
                yield c, None, "StaticFiles"
            elif c.callee and not c.method and last_name(callee) in _static_subclass_names(project) and _stock_static_subclass(project, ff, callee) is not None:
                yield c, None, last_name(callee)
            elif _fastapi_frontend(c):
                yield c, None, f"{c.recv}.frontend"
            elif aiohttp_static.is_static_route(ff, c):
                yield c, None, aiohttp_static.LABEL
            elif callee in _LITESTAR_STATIC and not ({"cache_control", "**"} & c.kwargs.keys()):
                yield c, None, _LITESTAR_LABEL
            elif callee == _TWISTED_STATIC:
                yield c, None, _TWISTED_LABEL
            elif _cherrypy_static(project, ff, c):
                yield c, None, callee.removesuffix(".handler")
            continue
        if callee in _STATIC_JS:
            idx = _STATIC_JS[callee]
            opts = c.args[idx] if len(c.args) > idx else None
            if callee == "koa-static-server" and c.args:
                opts = c.args[0]
            yield c, opts if opts is not None else Val(OBJ, keys={}), c.text.split("(", 1)[0] or callee
        elif c.method == "register" and c.args and (c.args[0].v.replace(".default", "") in _FASTIFY_STATIC or _requires(project, ff, c.args[0], _FASTIFY_STATIC)):
            opts = c.args[1] if len(c.args) > 1 else None
            yield c, opts if opts is not None else Val(OBJ, keys={}), "@fastify/static"
        elif c.method == "useStaticAssets" and c.recv:
            opts = c.args[1] if len(c.args) > 1 else Val(OBJ, keys={})
            yield c, opts, f"{c.recv}.useStaticAssets"
        elif callee.endswith("ServeStaticModule.forRoot") and c.args:
            opts = project.resolve(ff, c.args[0])
            inner = opts.keys.get("serveStaticOptions") if opts.k == OBJ and opts.keys is not None else None
            if opts.k != OBJ or opts.open:
                continue
            yield c, inner if inner is not None else Val(OBJ, keys={}), "ServeStaticModule.forRoot"


# CherryPy's static tools, as a handler's decorator (`@cherrypy.tools.staticdir(dir=...)`) or a
# handler of their own (`cherrypy.tools.staticfile.handler(filename=...)`): they answer with
# Last-Modified only, never a Cache-Control lifetime
_CHERRYPY_STATIC = frozenset({"cherrypy.tools.staticdir", "cherrypy.tools.staticfile",
                              "cherrypy.tools.staticdir.handler", "cherrypy.tools.staticfile.handler"})
# CherryPy tools that give responses a lifetime: `expires(secs=...)`, the `caching` tool, and
# `response_headers` with a Cache-Control header; also switched on in a config dict ('tools.expires.on')
_CHERRYPY_CACHE_TOOLS = ("expires", "caching", "response_headers")
_CHERRYPY_LIFETIME = lazy_re(r"cache-control['\"]\s*,\s*['\"][^'\"]*(?:max-age=[1-9]|immutable)", re.I)


def _cherrypy_static(project: Project, ff: FileFacts, c: Call) -> bool:
    """A CherryPy static tool that serves: not one switched off (``on=False``), nor
    the decorator of a handler that a factory function nobody calls builds."""
    if c.callee not in _CHERRYPY_STATIC:
        return False
    on = c.kwargs.get("on")
    if on is not None and on.v.lower() == "false":
        return False
    idx = ff.calls.index(c)
    decorated = next((f for f in ff.funcs if any(d.k == CALL and d.call == idx for d in f.decorators)), None)
    factory = project.funcs(ff).get(decorated.parent) if decorated is not None and decorated.parent else None
    if factory is not None and not factory.cls:
        return any(not k.callee.startswith("cherrypy.") for _, k in project.calls_named(factory.name))
    return True


def _cherrypy_served(c: Call) -> Val | None:
    """The folder (``dir=``) or file (``filename=``) a CherryPy static tool serves."""
    return c.kwargs.get("dir", c.kwargs.get("filename"))


def _cherrypy_tool_caches(text: str, callee: str) -> bool:
    tool = callee.split(".")[2] if callee.startswith("cherrypy.tools.") and callee.count(".") >= 2 else ""
    if tool not in _CHERRYPY_CACHE_TOOLS or "on=False" in text.replace(" ", ""):
        return False
    return tool != "response_headers" or bool(_CHERRYPY_LIFETIME.search(text))


def _cherrypy_file_caches(ff: FileFacts) -> bool:
    """A CherryPy tool of the file gives its handlers a lifetime: ``@cherrypy.tools.expires(secs=3600)``,
    ``@cherrypy.tools.response_headers(headers=[('Cache-Control', 'max-age=31536000')])`` on a
    handler or its class."""
    return any(_cherrypy_tool_caches(c.text, c.callee) for c in ff.calls)


@per_project
def _cherrypy_cache_services(project: Project) -> frozenset[str]:
    """Roots of the services whose CherryPy config gives responses a cache lifetime:
    'tools.expires.on', 'tools.caching.on', 'tools.response_headers.headers' with a
    Cache-Control lifetime (a decorator tool counts in its own file: :func:`_cherrypy_file_caches`)."""
    roots: set[str] = set()
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for c in ff.calls:
            found = False
            for a in c.args:
                v = project.resolve(ff, a)
                for k, kv in (v.keys or {}).items() if v.k == OBJ else ():
                    if k in ("tools.expires.on", "tools.caching.on"):
                        found = found or kv.v.lower() == "true"
                    elif k == "tools.response_headers.headers":
                        # [('Cache-Control', 'public, max-age=31536000')]: the header's name, then its value
                        leaves = [x.v for x in walk_vals(kv) if x.k == STR]
                        found = found or any(n.lower() == "cache-control" and _CHERRYPY_LIFETIME.search(f"{n}', '{val}")
                                             for n, val in zip(leaves, leaves[1:], strict=False))
            if found:
                svc = project.service_of(ff.path)
                roots.add(svc.root if svc is not None else "")
    return frozenset(roots)


def _litestar_layer_cache(project: Project, ff: FileFacts) -> bool:
    """A Litestar app or Router of ``ff``'s service is given ``cache_control=``:
    a layered setting that every router and handler below it inherits, the
    static router included (the app is often built in another module)."""
    svc = project.service_of(ff.path)
    root = svc.root if svc is not None else None
    for other in project.code_files():
        if other.lang != "py" or not project.may_mention(other.path, "cache_control"):
            continue
        if root is not None:
            other_svc = project.service_of(other.path)
            if other_svc is None or other_svc.root != root:
                continue
        if any(c.callee in _LITESTAR_LAYERS and "cache_control" in c.kwargs for c in project.full(other).calls):
            return True
    return False


def _fastapi_frontend(c: Call) -> bool:
    """``app.frontend("/", directory="dist")`` on a FastAPI app or APIRouter
    (the receiver's type as the frontend knows it: a name bound to
    ``FastAPI(...)``/``APIRouter(...)``): FastAPI serves that directory with
    its own StaticFiles subclass, which adds no Cache-Control header."""
    return c.method == "frontend" and "directory" in c.kwargs and c.recv_type.split("()")[0] in _FASTAPI_FRONTEND_OWNERS


@per_project
def _static_subclass_names(project: Project) -> frozenset[str]:
    """Names of the project's Python classes that may extend StaticFiles (a
    base of that name, or of such a class): the cheap gate before
    :func:`_stock_static_subclass`."""
    bases: dict[str, set[str]] = {}
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for c in ff.extra.get("classes", []) or []:
            if isinstance(c, dict) and c.get("name"):
                bases.setdefault(str(c["name"]), set()).update(last_name(str(b)) for b in c.get("bases", []) or [] if isinstance(b, str))
    names = {"StaticFiles"}
    grown = True
    while grown:
        new = {n for n, bs in bases.items() if n not in names and bs & names}
        names |= new
        grown = bool(new)
    if not _names_own_static_files(bases):
        names.discard("StaticFiles")
    return frozenset(names)


def _names_own_static_files(bases: dict[str, set[str]]) -> bool:
    """A project class is itself named ``StaticFiles`` and extends a
    StaticFiles (shiny's ``class StaticFiles(starlette.staticfiles.StaticFiles)``,
    imported under Starlette's name): calls of that name may construct it."""
    return "StaticFiles" in bases.get("StaticFiles", set())


def _stock_static_subclass(project: Project, ff: FileFacts, name: str, depth: int = 0) -> tuple[FileFacts, int] | None:
    """``name`` (as a call names it) is a project class that extends
    Starlette's StaticFiles, directly or through project classes, in modules
    that set no Cache-Control header anywhere (argilla-server's
    ``RewriteStaticFiles``, which only rewrites unknown paths to index.html):
    it serves files as StaticFiles does. The class's file and line, else None."""
    home = base_class_home(project, ff, name) if depth < 4 and name else None
    if home is None or home[0].lang != "py" or _sets_cache_control(home[0]):
        return None
    info = next((c for c in home[0].extra.get("classes", []) or [] if isinstance(c, dict) and c.get("name") == home[1]), None)
    if info is None:
        return None
    for base in class_bases(home[0], home[1]):
        if base in _STARLETTE_STATIC or _stock_static_subclass(project, home[0], base, depth + 1) is not None:
            return home[0], int(info.get("line") or 0)
    return None


_TORNADO_STATIC = frozenset({"tornado.web.StaticFileHandler"})


def _tornado_static(ff: FileFacts) -> list[Route]:
    """Tornado routes served by the stock ``StaticFileHandler`` (a subclass
    may set its own cache time), except of files the application writes
    (judged by the route's path: the frontend keeps the handler, not its options)."""
    return [
        r for r in ff.routes
        if r.framework == "tornado" and r.middleware and r.middleware[0].k == IDENT and r.middleware[0].v in _TORNADO_STATIC
        and not _user_content(r.path)
    ]


def _sets_static_path(ff: FileFacts) -> bool:
    """Tornado settings with ``static_path`` in this file: a module-level
    settings dict (``settings = {"static_path": ...}``) or a call given it
    (``Application(handlers, static_path=...)``, ``dict(static_path=...)``)."""
    if any(v.k == OBJ and v.keys and "static_path" in v.keys for v in ff.consts.values()):
        return True
    return any("static_path" in c.kwargs or any(a.k == OBJ and a.keys and "static_path" in a.keys for a in c.args) for c in ff.calls)


@per_project
def _static_url_services(project: Project) -> frozenset[str]:
    """Roots of the services whose Tornado settings set ``static_path``.

    That setting is what ``static_url()`` needs, and pages link their assets
    through it (``{{ static_url('app.js') }}`` in a template): the URL then
    carries a ``?v=<hash>`` that StaticFileHandler answers with a ten-year
    max-age, whatever route serves it.  Templates are not scanned, so in such
    a service the links are taken to be versioned."""
    out = set()
    for ff in project.parsed_code_files():
        if ff.lang == "py" and _sets_static_path(ff):
            svc = project.service_of(ff.path)
            out.add(svc.root if svc is not None else "")
    return frozenset(out)


@check("RS904")
def static_assets_no_cache(project: Project) -> Iterable[Hit]:
    for ff in project.parsed_code_files():
        if (one_off_path(project, ff.path) and not serving_program(project, ff.path)) or is_demo_path(ff.path) or is_mock(ff) or is_browser(project, ff):
            continue  # (a program named like a one-off that the service is started with is how it runs: judged)
        found = list(_static_calls(project, ff))
        tornado = _tornado_static(ff) if ff.lang == "py" and ff.routes else []
        if tornado and _static_url_services(project):
            svc = project.service_of(ff.path)
            if (svc.root if svc is not None else "") in _static_url_services(project):
                tornado = []  # pages link the files through static_url(): versioned, cached for ten years
        hapi = [(r, d) for r, d in hapi_static.directory_routes(ff) if not _user_content(f"{r.path} {d.v} {_directory_path(d)}")] \
            if ff.lang != "py" and ff.routes else []
        if not found and not tornado and not hapi:
            continue
        if unrun_ui_server(project, ff):
            continue  # a front-end's local preview server, not what is deployed
        if _sets_cache_control(ff):
            if ff.lang != "py" or _sets_cache_control(ff, _static_subclass_names(project) | {"StaticFiles"}):
                continue
            # only a StaticFiles subclass's own methods set it: the policy of that class's
            # mounts, not of a stock StaticFiles mount beside them (Swagger UI's assets)
            found = [f for f in found if f[0].callee.replace(".default", "") in _STARLETTE_STATIC]
            tornado = []
            if not found:
                continue
        if ff.lang == "py":
            if find_module([ff], _PY_CACHE_MIDDLEWARE) is not None or _registers_cache_middleware(project, ff):
                continue
            if all(label in (aiohttp_static.LABEL, _TWISTED_LABEL) for _, _, label in found) and not tornado \
                    and aiohttp_static.service_sets_cache_control(project, ff, _sets_cache_control):
                continue  # an aiohttp middleware or response hook, or a Twisted resource wrapper, of the service sets the header
            if any(label.startswith("cherrypy.") for _, _, label in found):
                svc = project.service_of(ff.path)
                if _cherrypy_file_caches(ff) or (svc.root if svc is not None else "") in _cherrypy_cache_services(project):
                    found = [f for f in found if not f[2].startswith("cherrypy.")]  # a tool of the service sets a lifetime
                    if not found and not tornado:
                        continue
            if any(label == _LITESTAR_LABEL for _, _, label in found) and _litestar_layer_cache(project, ff):
                found = [f for f in found if f[2] != _LITESTAR_LABEL]  # the app or a Router sets cache_control for every layer below
        elif find_module([ff], _CACHE_MIDDLEWARE) is not None:
            continue
        if hapi and hapi_static.service_caches(project, ff, _sets_cache_control):
            hapi = []  # a server's route defaults or an extension of the service give responses a lifetime
        for r, _d in hapi:
            yield Hit("RS904", ff.path, r.middleware[0].line,
                      f"hapi route `{r.method} {r.path}` serves a folder with inert's `directory` handler and no cache lifetime: hapi "
                      "then answers with `Cache-Control: no-cache`, so browsers and CDNs revalidate every asset on every page view, "
                      "adding a round trip per file and load on the Node process; give the route a cache policy (`config.cache` "
                      "before hapi 17, `options.cache` since: `{ expiresIn: … }`, a long one for fingerprinted assets) or set "
                      "`routes.cache` on the server",
                      anchor=f"static:{hapi_static.LABEL}:{r.path}")
        for r in tornado:
            yield Hit("RS904", ff.path, r.line,
                      f"Tornado's `StaticFileHandler` serves `{r.path}` with no Cache-Control header (it sends one only for URLs with a `?v=` "
                      "version argument, which `static_url()` adds): browsers and CDNs revalidate every asset on every page view, adding a "
                      "round trip per file and load on the app server; link the files with `static_url()` or route them to a "
                      "StaticFileHandler subclass whose `get_cache_time` returns a max-age",
                      column=r.col, anchor=f"static:tornado:{r.path}")
        for c, opts, label in found:
            if opts is not None:
                v = project.resolve(ff, opts)
                if v.k != OBJ or v.keys is None or v.open:
                    continue  # options we cannot see
                keys = v.keys
                inner = keys.get("serveStatic") if c.callee.startswith("express-static-gzip") else None
                if inner is not None:
                    iv = project.resolve(ff, inner)
                    if iv.k != OBJ or iv.keys is None or iv.open:
                        continue
                    keys = iv.keys
                if any(k in keys for k in _CACHE_KEYS):
                    continue
            if _serves_user_content(project, ff, c):
                continue
            target = _static_target(project, ff, c)
            shown = c.text if c.text and len(c.text) <= 100 and c.text.count("(") == c.text.count(")") else f"{label}({target})"
            related = []
            if ff.lang == "py" and _fastapi_frontend(c):
                msg = (f"`{shown}` serves a front-end build with no Cache-Control header (FastAPI's `frontend()` serves it with "
                       "Starlette's StaticFiles, which sends only ETag/Last-Modified): browsers and CDNs revalidate every asset on every "
                       "page view, adding a round trip per file and load on the app server; set Cache-Control in a middleware (a long "
                       "max-age for fingerprinted assets, no-cache for index.html)")
            elif label == _LITESTAR_LABEL:
                msg = (f"`{shown}` serves files with no Cache-Control header (Litestar's static router sends only ETag/Last-Modified "
                       "unless given `cache_control=`): browsers and CDNs revalidate every asset on every page view, adding a round trip "
                       "per file and load on the app server; pass `cache_control=CacheControlHeader(max_age=…)` to the router (or set it "
                       "on the app or an enclosing Router)")
            elif label == _TWISTED_LABEL:
                msg = (f"`{shown}` serves files with no Cache-Control header (Twisted's static.File answers with only "
                       "Last-Modified): browsers and CDNs revalidate every asset on every page view, adding a round trip per file "
                       "and load on the server; set Cache-Control in a File subclass (its render) or a resource that wraps it (a long "
                       "max-age for fingerprinted assets, no-cache for the HTML)")
            elif label.startswith("cherrypy."):
                msg = (f"`{shown}` serves files with no Cache-Control header (CherryPy's static tools send only Last-Modified): "
                       "browsers and CDNs revalidate every asset on every page view, adding a round trip per file and load on the "
                       "app server; add `tools.expires` (`secs=`) or `tools.response_headers` with a Cache-Control max-age to the "
                       "handler or its config")
            elif label == aiohttp_static.LABEL:
                msg = (f"`{shown}` serves files with no Cache-Control header (aiohttp answers a static route with only "
                       "Last-Modified/ETag): browsers and CDNs revalidate every asset on every page view, adding a round trip per file "
                       "and load on the app server; set Cache-Control in a middleware or an on_response_prepare handler (a long max-age "
                       "for fingerprinted assets, no-cache for the HTML)")
            elif ff.lang == "py" and c.callee.replace(".default", "") not in _STARLETTE_STATIC:
                sub = _stock_static_subclass(project, ff, c.callee.replace(".default", ""))
                if sub is not None:
                    related.append(Related(sub[0].path, sub[1], f"`{label}` extends Starlette's StaticFiles and sets no Cache-Control lifetime"))
                msg = (f"`{shown}` (`{label}` is the project's subclass of Starlette's StaticFiles and sets no Cache-Control lifetime) serves files with no Cache-Control header "
                       "(Starlette sends only ETag/Last-Modified): browsers and CDNs revalidate every asset on every page view, adding a round "
                       f"trip per file and load on the app server; set Cache-Control in `{label}` (its `file_response`) or in a middleware")
            elif ff.lang == "py":
                msg = (f"`{shown}` serves files with no Cache-Control header (Starlette sends only ETag/Last-Modified): browsers and "
                       "CDNs revalidate every asset on every page view, adding a round trip per file and load on the app server; mount a "
                       "StaticFiles subclass or middleware that sets Cache-Control")
            elif c.callee == "srvx/static.staticMiddleware":
                msg = (f"`{shown}` serves files with no maxAge: srvx's staticMiddleware then sends no Cache-Control header (only "
                       "ETag/Last-Modified), so browsers and CDNs revalidate or re-download every asset on every page view through "
                       "the Node process; set maxAge (with immutable for fingerprinted assets) and keep the HTML revalidated")
            elif c.callee == _HONO_NODE_STATIC:
                msg = (f"`{shown}` serves files with no Cache-Control header (@hono/node-server's serveStatic has no cache option and "
                       "sends only Last-Modified), so browsers and CDNs revalidate or re-download every asset on every page view "
                       "through the Node process; set Cache-Control in its `onFound` callback or a middleware on the static path (a "
                       "long max-age for fingerprinted assets, no-cache for the HTML)")
            else:
                msg = (f"`{shown}` serves files with no cache settings (no maxAge/immutable/setHeaders): assets go out with "
                       "Cache-Control: max-age=0, so every page view revalidates or re-downloads every file through the Node process "
                       "instead of the browser or CDN cache")
            yield Hit("RS904", ff.path, c.line, msg, column=c.col, end_line=c.end_line, end_column=c.end_col,
                      anchor=f"static:{label}:{target}", related=related)


def _directory_path(d: Val) -> str:
    """The folder an inert ``directory`` handler serves, as written (``path: uploadDir``)."""
    p = (d.keys or {}).get("path") if d.k == OBJ else None
    return p.v if p is not None else ""


def _serves_user_content(project: Project, ff: FileFacts, c: Call) -> bool:
    """Is the mounted directory one the application writes to (uploads, screenshots)?"""
    if ff.lang == "py":
        d = aiohttp_static.directory(c) if aiohttp_static.is_static_route(ff, c) else c.kwargs.get("directory")
        if c.callee == _TWISTED_STATIC:
            d = c.kwargs.get("path", c.args[0] if c.args else None)
        if c.callee in _LITESTAR_STATIC:
            d = _litestar_directory(c)
        if c.callee in _CHERRYPY_STATIC:
            d = _cherrypy_served(c)
    else:
        d = c.args[0] if c.args else None
    if d is None:
        return False
    lit = project.literal(ff, d)
    return _user_content(lit if lit is not None else f"{d.v} {c.text}") or (ff.lang == "py" and _generated_dir(ff, c, d))


def _litestar_directory(c: Call) -> Val | None:
    """The first folder a Litestar static router serves (``directories=[...]``, its second argument)."""
    ds = c.kwargs.get("directories", c.args[1] if len(c.args) > 1 else None)
    return ds.items[0] if ds is not None and ds.k == ARR and ds.items else None


_PATH_WRAPPERS = frozenset({"str", "os.fspath", "pathlib.Path", "Path"})


def _generated_dir(ff: FileFacts, c: Call, d: Val) -> bool:
    """The function mounting ``StaticFiles(directory=d)`` makes ``d`` itself
    (``d.mkdir(...)``, ``os.makedirs(d)``) and writes a file before the mount:
    files generated at run time (opal-server's jwks.json, written at startup
    from the signing key), which may change under their name."""
    if d.k == CALL and d.v in _PATH_WRAPPERS and 0 <= d.call < len(ff.calls) and ff.calls[d.call].args:
        d = ff.calls[d.call].args[0]
    if d.k != IDENT or not c.func:
        return False
    before = [x for x in ff.calls if x.func == c.func and x.line <= c.line]
    made = any((x.method == "mkdir" and x.recv == d.v) or (x.callee in ("os.makedirs", "os.mkdir") and x.args and x.args[0].k == IDENT
                                                         and x.args[0].v == d.v) for x in before)
    return made and any(_writes_file(x) for x in before)


def _writes_file(c: Call) -> bool:
    if c.method in ("write_text", "write_bytes"):
        return True
    if c.callee not in ("open", "io.open", "aiofiles.open"):
        return False
    mode = c.args[1] if len(c.args) > 1 else c.kwargs.get("mode")
    return mode is not None and mode.k == STR and any(m in mode.v for m in "wax")


def _static_target(project: Project, ff: FileFacts, c: Call) -> str:
    if ff.lang == "py":
        if aiohttp_static.is_static_route(ff, c):
            d = aiohttp_static.directory(c)
            lit = project.literal(ff, d) if d is not None else None
            return f"'{lit}'" if lit is not None else "…"
        if c.callee == _TWISTED_STATIC:
            p = c.kwargs.get("path", c.args[0] if c.args else None)
            lit = project.literal(ff, p) if p is not None else None
            return f"'{lit}'" if lit is not None else "…"
        if c.callee in _LITESTAR_STATIC:
            p = c.kwargs.get("path", c.args[0] if c.args else None)
            lit = project.literal(ff, p) if p is not None else None
            return f"'{lit}'" if lit is not None else "…"
        if c.callee in _CHERRYPY_STATIC:
            p = _cherrypy_served(c)
            lit = project.literal(ff, p) if p is not None else None
            return f"'{lit}'" if lit is not None else (p.v if p is not None and p.v else "…")
        d = c.kwargs.get("directory")
        if d is not None:
            lit = project.literal(ff, d)
            return f'directory="{lit}"' if lit is not None else "directory=…"
        return ""
    if c.args:
        lit = project.literal(ff, c.args[0])
        if lit is not None:
            return f"'{lit}'"
        if c.args[0].k == CALL and "path." in c.args[0].v:
            return "path…"
    return "…" if c.args else ""


__all__ = ["static_assets_no_cache"]
