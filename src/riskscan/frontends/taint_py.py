"""Request value -> file path data flow for Python (RS701), on a libcst Module.

``taint_facts(module, text, positions=None)`` returns the dict the Python
frontend stores in ``FileFacts.extra["taint"]``: ``{"sinks": [...]}`` in the
format of :mod:`riskscan.frontends.taint_js`.  ``positions`` is the
``PositionProvider`` mapping the frontend already resolved
(``wrapper.resolve(PositionProvider)`` for this ``module``); without it the
module is wrapped again (``unsafe_skip_copy``).

Sources: Flask/Quart ``request.args/form/values/files/json/headers/cookies/
view_args`` and ``get_json()``; Django/DRF/aiohttp/Starlette ``request.GET/
POST/FILES/data/query_params/match_info/path_params/...`` on a ``request``
parameter; Flask route parameters (``<name>``, not ``int:``/``float:``/
``uuid:``; also of a Flask-AppBuilder ``@expose(url)`` method), FastAPI path and ``str`` query/form/header parameters,
``UploadFile.filename``; Django view arguments after ``request`` and
``kwargs``/``self.kwargs``; in the methods of a stdlib ``http.server``
request handler (``class H(BaseHTTPRequestHandler)``, also through the
module's own subclasses), ``self.path``, ``self.headers``,
``self.requestline`` and the body read from ``self.rfile``; in the methods of
a class of a Tornado or Jupyter server module, ``self.get_argument(...)`` (and
the other argument getters, ``get_json_body()``) and ``self.request.body/
arguments/uri/path/query/headers``, and the URL's capture groups its verb
methods take (``def get(self, name)`` of a class this module routes with
``(r"/files/([^/]+)", FileHandler)``); in a raw WSGI
application (``def application(environ, start_response)``, also a
``__call__`` method), the client's keys of its ``environ`` (``QUERY_STRING``,
``PATH_INFO``, ``REQUEST_URI``, ``HTTP_*``...) and the body read from
``environ["wsgi.input"]``.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import libcst as cst

from ..lazyre import lazy_re
from ._cstkids import child_nodes
from ._taint_core import CONTAIN_NAME, FlowBook, Taint, admits_chars, capture_groups, classify_regex, join_arms, merge, prefix_test_guards, replace_guards, strips_separators, strips_slashes, strptime_pattern

__all__ = ["taint_facts"]

_MAX_DEPTH = 160

_REQ_MODULE_NAMES = frozenset({"flask.request", "quart.request", "bottle.request", "sanic.request"})
_REQ_PARAM_NAMES = frozenset({"request", "req"})
_REQ_PROPS = frozenset(
    {
        "args", "form", "values", "files", "json", "data", "headers", "cookies", "view_args", "GET", "POST", "FILES", "COOKIES", "META", "body",
        "query_params", "match_info", "query", "path_params", "rel_url", "query_string",
    }
)
_REQ_METHODS = frozenset({"get_json", "json", "form", "post", "body"})
# ... of them, the reads that are coroutines wherever they are called (aiohttp's
# `request.post()`/`json()`, Starlette's `body()`/`form()`): one handed un-awaited
# to a runner (`asyncio.wait_for(request.post(), 5)`) is run and its result returned
_BODY_COROUTINES = _REQ_METHODS - {"get_json"}
# stdlib request handlers, and what of the request their instance holds
_HTTP_HANDLER_BASES = frozenset({f"http.server.{n}" for n in ("BaseHTTPRequestHandler", "SimpleHTTPRequestHandler", "CGIHTTPRequestHandler")})
_HANDLER_REQ_ATTRS = frozenset({"path", "headers", "requestline"})
# ...and the request body, read from its input stream: `self.rfile.read(length)`
_BODY_READS = frozenset({"read", "readline", "readlines", "read1"})
# Tornado (and Jupyter server) request handlers: the request's arguments by name,
# `self.get_argument("path")`, and what `self.request` holds of the request
_TORNADO_ROOTS = frozenset({"tornado", "jupyter_server", "notebook"})
_TORNADO_ARG_METHODS = frozenset({
    "get_argument", "get_arguments", "get_query_argument", "get_query_arguments", "get_body_argument", "get_body_arguments", "get_json_body",
})
_TORNADO_REQ_ATTRS = frozenset({"body", "arguments", "query_arguments", "body_arguments", "uri", "path", "query", "headers"})
# the keys of a WSGI environ the client writes (PEP 3333: the request line and
# headers); the rest are the server's (SCRIPT_NAME, SERVER_NAME, REMOTE_ADDR,
# wsgi.*) or its configuration's (mod_wsgi's SetEnv)
_WSGI_REQUEST_KEYS = frozenset({"QUERY_STRING", "PATH_INFO", "REQUEST_URI", "RAW_URI", "CONTENT_TYPE"})


def _wsgi_request_key(key: str | None) -> bool:
    return key is not None and (key in _WSGI_REQUEST_KEYS or key.startswith("HTTP_"))
_UPLOAD_CONTAINERS = frozenset({"files", "FILES"})
_UPLOAD_NAMES = frozenset({"filename", "name"})
_UPLOAD_ACCESSORS = frozenset({"get", "getlist", "values", "pop"})
_ROUTE_DECOS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "head", "options", "websocket"})
_SAFE_CONVERTERS = frozenset({"int", "float", "uuid"})
# the methods of a class-routed resource that Flask calls with the route's values
_HTTP_VERB_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
_PATH_SPLITS = frozenset({f"{m}.{f}" for m in ("os.path", "posixpath", "ntpath") for f in ("split", "splitext", "splitdrive")})
# the extension splitext cuts off a name: empty, or a dot and what follows the
# last dot after the last separator -- no separator and no other dot, so it is
# never `..` and cannot leave the directory (as `path.extname` in JS)
_SPLITEXT = frozenset({f"{m}.splitext" for m in ("os.path", "posixpath", "ntpath")})
# converters that match one path segment (no `/`): see WEAK_GUARDS' "segment"
_SEGMENT_CONVERTERS = frozenset({"", "str", "string"})
_SAFE_ANNOTATIONS = frozenset({"int", "float", "bool", "UUID", "uuid.UUID", "datetime", "date", "Decimal"})
_PLAIN_CALL = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\s*\(")
# methods of class-based views and DRF viewsets that Django calls with the URL's arguments
_VIEW_METHODS = frozenset({
    "get", "post", "put", "patch", "delete", "head", "options", "trace", "dispatch", "setup", "http_method_not_allowed",
    "list", "retrieve", "create", "update", "partial_update", "destroy", "get_object", "get_queryset",
})
# decorators that change how a method is bound or cached, not who calls it
_PLAIN_METHOD_DECORATORS = frozenset({
    "staticmethod", "classmethod", "property", "cached_property", "abstractmethod", "lru_cache", "cache", "overload",
})


def _decorator_name(node: cst.BaseExpression) -> str:
    """The last name of a decorator: ``functools.lru_cache(maxsize=8)`` -> ``lru_cache``."""
    if type(node) is cst.Call:
        node = node.func
    if type(node) is cst.Attribute:
        return node.attr.value
    return node.value if type(node) is cst.Name else ""


# what a Django view argument taken from the URL can be annotated with ("": not annotated)
_URL_ANNOTATIONS = frozenset({"", "str", "Any", "typing.Any", "object"})
_FASTAPI_PARAM_FACTORIES = frozenset({"Query", "Path", "Form", "Header", "Cookie", "Body"})
# FastAPI markers whose parameter gets what the dependency function returns
_FASTAPI_DEPENDS = frozenset({"Depends", "Security"})
_NOT_SOURCE_ANNOTATIONS = frozenset(
    {"Request", "Response", "WebSocket", "BackgroundTasks", "Session", "AsyncSession", "HTTPConnection", "SecurityScopes"}
)

_BUILD_FUNCS = frozenset({"os.path.join", "posixpath.join", "ntpath.join"})
_PATH_CTORS = frozenset(
    {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.PurePosixPath", "pathlib.WindowsPath", "anyio.Path", "trio.Path", "aiopath.AsyncPath"}
)
_DERIVE_FUNCS = frozenset({"os.path.abspath", "os.path.realpath", "os.path.normpath", "os.path.expanduser", "os.fspath", "str", "os.path.dirname", "os.path.relpath"})
# those that normalize the path (no `..` left: see Taint.resolved), and those that keep a normalized one so
_RESOLVE_FUNCS = frozenset({"os.path.abspath", "os.path.realpath", "os.path.normpath"})
_KEEP_RESOLVED_FUNCS = frozenset({"os.fspath", "str", "os.path.dirname", "os.path.expanduser"})
_FILE_FUNCS = frozenset(
    {
        "open", "io.open", "codecs.open", "os.open", "aiofiles.open", "gzip.open", "bz2.open", "lzma.open", "tarfile.open",
        "zipfile.ZipFile", "flask.send_file", "quart.send_file", "flask.helpers.send_file", "os.remove", "os.unlink", "os.rmdir",
        "os.removedirs", "os.listdir", "os.scandir", "os.stat", "os.rename", "os.replace", "os.makedirs", "os.mkdir", "os.chmod", "os.walk",
        "os.path.exists", "os.path.isfile", "os.path.getsize", "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.copytree",
        "shutil.move", "shutil.rmtree", "bottle.static_file",
    }
)
_FILE_RESPONSES = ("FileResponse", "send_file")
# decorators that memoise a function: the wrapped function does what it did
_CACHE_WRAPPERS = frozenset({"functools.lru_cache", "functools.cache"})


def _streams_content(name: str) -> bool:
    """Django's ``FileResponse`` (``django.http``) streams the object it is
    given -- a file object is read, a str or bytes is the body -- and never
    opens a path: only the project's own ``open()`` before it is a sink."""
    return name.startswith("django.")
_PATH_METHODS = frozenset(
    {
        "read_text", "read_bytes", "open", "write_text", "write_bytes", "unlink", "iterdir", "rmdir", "rename", "replace", "touch", "mkdir",
        "glob", "rglob", "stat", "exists", "is_file",
    }
)
_BASENAME_FUNCS = frozenset(
    {"os.path.basename", "posixpath.basename", "ntpath.basename", "werkzeug.utils.secure_filename", "werkzeug.secure_filename", "secure_filename"}
)
_SAFE_JOIN = frozenset({"werkzeug.utils.safe_join", "werkzeug.security.safe_join", "flask.safe_join", "flask.helpers.safe_join", "safe_join"})
_CONTAIN_FUNCS = frozenset({"os.path.commonpath", "os.path.commonprefix"})
_PARSE_FUNCS = frozenset({"json.loads", "ujson.loads", "orjson.loads", "simplejson.loads", "yaml.safe_load", "urllib.parse.parse_qs",
                          "urllib.parse.parse_qsl", "urllib.parse.urlparse", "urllib.parse.urlsplit"})
_UNTAINT_FUNCS = frozenset({"int", "float", "uuid.UUID", "bool", "len", "hash", "ord"})
_STRPTIME_FUNCS = frozenset({"datetime.datetime.strptime", "datetime.date.strptime", "datetime.time.strptime", "time.strptime"})
_STR_METHODS = frozenset(
    {
        "strip", "lstrip", "rstrip", "lower", "upper", "casefold", "split", "rsplit", "join", "format", "encode", "decode", "removeprefix",
        "removesuffix", "partition", "rpartition", "get", "getlist", "getone", "pop", "title", "expandtabs", "as_posix", "with_suffix", "with_name", "with_stem",
    }
)
_DERIVE_METHODS = frozenset({"resolve", "absolute", "expanduser", "parent"})
_ALLOW_METHODS = frozenset({"isalnum", "isdigit", "isidentifier", "isdecimal", "isnumeric", "isalpha", "isascii"})
_BLOCK_METHODS = frozenset({"find", "rfind", "index", "rindex", "count"})
# reader methods that take a path whatever the receiver (pandas, PIL, tarfile ...)
_READER_METHODS = frozenset({"open", "read_csv", "read_excel", "read_json", "read_parquet", "read_table", "read_pickle", "load_workbook", "imread"})
_VALIDATOR_NAME = re.compile(r"(?i)^(?:is_?)?valid|validat|allowed|whitelist|allowlist|^is_safe|sane")
_HARMLESS = frozenset(
    {
        "print", "debug", "info", "warning", "warn", "error", "exception", "critical", "log", "jsonify", "dumps", "append", "add", "update",
        "abort", "HTTPException", "ValueError", "Http404", "JSONResponse", "Response", "HttpResponse", "redirect", "url_for", "flash",
        "repr", "isinstance",
    }
)


def _pos(positions: Any, node: cst.CSTNode) -> tuple[int, int]:
    try:
        p = positions[node]
    except KeyError:
        return 0, 0
    return p.start.line, p.start.column + 1


class _PyTaint:
    def __init__(self, module: cst.Module, text: str, positions: Any) -> None:
        self.module = module
        self.text = text
        self.positions = positions
        self.imports: dict[str, str] = {}
        # names bound by relative imports (`from . import utils`, `from .files import store`): the
        # project's own modules and names, kept apart from `imports` so that they never resolve to a
        # library name (a `from .compat import open` is not the builtin), only let a call of
        # `utils.remove(name)` be a hand-off to another module
        self.relative_imports: set[str] = set()
        self.regexes: dict[str, tuple[str, str]] = {}  # name -> (pattern, kind 'search')
        self.fastapi = "fastapi" in text
        self.django = "django" in text or "rest_framework" in text
        self.appbuilder = "flask_appbuilder" in text  # its `@expose(url)` on a view class's method
        self._plain_calls: set[str] | None = None  # names called as plain `name(` (called_here)
        self._registered: dict[str, str] | None = None  # registered_routes
        self._tornado_groups: dict[str, list[list[str] | dict[str, str]]] | None = None  # tornado_route_groups
        self.book = FlowBook()
        # while an `if` test is evaluated: whether an arm of it refuses the value (None: not in a test)
        self.if_test_refuses: bool | None = None
        # ... and the calls in it that must be true for the request to go on
        # (`if not os.path.isabs(p): raise`: past it, `p` is absolute)
        self.if_test_required: set[cst.Call] = set()
        # ... and the checks in it that gate the rest of a followed helper: the
        # helper's last statement is an `if` with no `else` that runs only when
        # they hold, and its arm uses the variable checked (`if full.startswith(base):
        # os.remove(full)`): when one fails the helper does nothing more
        self.if_test_gates: set[cst.Call] = set()
        self.helper_tail: cst.CSTNode | None = None  # the last statement of the followed helper
        # how the statement a check sits in stops on failure, for checks inside a
        # followed helper (see ``refuses``): the `if` whose arm leaves ("raise" or
        # "return", "" when no arm leaves), an `assert` ("raise"), a `return`
        # of the check's verdict ("return"); None elsewhere
        self.test_exit: str | None = None
        # the `try` blocks being visited, innermost last: how their handlers end
        # ("raise", "return", "" when one may fall through)
        self.try_stack: list[str] = []
        # per followed helper (innermost last): (its call is a bare statement,
        # len(try_stack) at the call), and the taints it returns
        self.inline_ctx: list[tuple[bool, int]] = []
        self.returns: list[list[Taint | None]] = []
        self.bare_call: cst.CSTNode | None = None  # the call of the expression statement being visited
        self.rebinding: Taint | None = None  # what the one variable an assignment being evaluated rebinds holds
        # module-level functions by name, and the ones being followed (see ``into_helper``)
        self.top_funcs: dict[str, cst.FunctionDef] = {
            n.name.value: n for n in self.module.body if type(n) is cst.FunctionDef
        }
        self.top_classes: dict[str, cst.ClassDef] = {n.name.value: n for n in self.module.body if type(n) is cst.ClassDef}
        # methods of the module's classes, by (class, name): `self._file_response(path)`
        # is followed like a module-level helper; and the module's subclasses of a
        # file response (`class MediaFileResponse(FileResponse)`) are file sinks too
        self.methods: dict[tuple[str, str], cst.FunctionDef] = {}
        self.file_responses: set[str] = set()
        self._response_bases: list[tuple[str, cst.BaseExpression]] = []  # judged once imports are known (collect)
        # the module's stdlib request handler classes (`class RequestHandler(BaseHTTPRequestHandler)`,
        # `class AuthHandler(RequestHandler)`): their `self.path`, `self.rfile` are the request's
        self.http_handlers: set[str] = set()
        self._class_bases: list[tuple[str, list[cst.BaseExpression]]] = []  # judged once imports are known (collect)
        for n in self.module.body:
            if type(n) is not cst.ClassDef:
                continue
            self._class_bases.append((n.name.value, [b.value for b in n.bases]))
            for b in n.bases:
                base = b.value
                last = base.attr.value if type(base) is cst.Attribute else base.value if type(base) is cst.Name else ""
                if last in _FILE_RESPONSES:
                    self._response_bases.append((n.name.value, base))
            if type(n.body) is cst.IndentedBlock:
                for m in n.body.body:
                    if type(m) is cst.FunctionDef:
                        self.methods[(n.name.value, m.name.value)] = m
        self.inlining: list[str] = []
        self.inlined = 0

    # ------------------------------------------------------------- helpers
    @staticmethod
    def view_method(node: cst.FunctionDef) -> bool:
        """Can this method of a class receive URL arguments: a class-based
        view's HTTP handler (``get``, ``post``, ``dispatch``...), a DRF viewset
        action, or a method with a decorator (``@action``)?  Any other method
        that takes a request is a helper its class calls with its own values;
        so is one whose decorators only make it a static or class method, a
        property or a cached one (ArchiveBox's ``@staticmethod
        render_live_index(request, snapshot)``): they route nothing."""
        return node.name.value in _VIEW_METHODS or any(
            _decorator_name(d.decorator) not in _PLAIN_METHOD_DECORATORS for d in node.decorators
        )

    def called_here(self, name: str) -> bool:
        """Does this module call the plain name ``name(`` (not its ``def``, not a method)?"""
        if self._plain_calls is None:
            text = self.text
            self._plain_calls = {
                m.group(1) for m in _PLAIN_CALL.finditer(text) if not text[max(0, m.start() - 4) : m.start()].endswith("def ")
            }
        return name in self._plain_calls

    def line(self, node: cst.CSTNode) -> int:
        return _pos(self.positions, node)[0]

    def code(self, node: cst.CSTNode, limit: int = 80) -> str:
        try:
            text = self.module.code_for_node(node)
        except Exception:  # noqa: BLE001 - best effort text
            return ""
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def dotted(self, node: cst.CSTNode | None) -> str:
        """Import-resolved dotted name of a Name/Attribute chain ('' otherwise)."""
        parts: list[str] = []
        cur = node
        while type(cur) is cst.Attribute:
            parts.append(cur.attr.value)
            cur = cur.value
        if type(cur) is not cst.Name:
            return ""
        parts.append(self.imports.get(cur.value, cur.value))
        return ".".join(reversed(parts))

    @staticmethod
    def raw_chain(node: cst.CSTNode | None) -> tuple[str, list[str]] | None:
        props: list[str] = []
        cur = node
        while True:
            if type(cur) is cst.Attribute:
                props.append(cur.attr.value)
                cur = cur.value
            elif type(cur) is cst.Subscript:
                sv = _subscript_str(cur)
                if sv is None:
                    return None
                props.append(sv)
                cur = cur.value
            elif type(cur) is cst.Name:
                props.reverse()
                return cur.value, props
            else:
                return None

    # ------------------------------------------------------------- phase 1
    def collect(self) -> None:
        for stmt in _module_statements(self.module.body):
            if type(stmt) is cst.Import:
                for alias in stmt.names:
                    full = _attr_text(alias.name)
                    if alias.asname is not None and type(alias.asname.name) is cst.Name:
                        self.imports[alias.asname.name.value] = full
                    else:
                        head = full.split(".", 1)[0]
                        self.imports.setdefault(head, head)
            elif type(stmt) is cst.ImportFrom:
                if isinstance(stmt.names, cst.ImportStar):
                    continue
                if stmt.relative or stmt.module is None:
                    self.relative_imports.update(
                        alias.asname.name.value if alias.asname is not None and type(alias.asname.name) is cst.Name
                        else _attr_text(alias.name) for alias in stmt.names)
                    continue
                mod = _attr_text(stmt.module)
                for alias in stmt.names:
                    name = _attr_text(alias.name)
                    local = alias.asname.name.value if alias.asname is not None and type(alias.asname.name) is cst.Name else name
                    self.imports[local] = f"{mod}.{name}"
            elif type(stmt) is cst.Assign and len(stmt.targets) == 1 and isinstance(stmt.targets[0].target, cst.Name):
                self.note_regex(stmt.targets[0].target.value, stmt.value)
                self.note_path_alias(stmt.targets[0].target.value, stmt.value)
            elif type(stmt) is cst.AnnAssign and type(stmt.target) is cst.Name and stmt.value is not None:
                self.note_regex(stmt.target.value, stmt.value)
        self.file_responses = {cls for cls, base in self._response_bases if not _streams_content(self.dotted(base))}
        # a module of a Tornado or Jupyter server application (its handlers may subclass a base
        # handler of another module: nbgrader's `BaseHandler(JupyterHandler)`), and its classes
        # that define an argument getter of their own (then `self.get_argument` is theirs)
        self.tornado = any(v.split(".", 1)[0] in _TORNADO_ROOTS for v in self.imports.values())
        self.own_arg_getters = {cls for cls, name in self.methods if name in _TORNADO_ARG_METHODS}
        for cls, bases in self._class_bases:  # (a base class is defined above its subclasses)
            if any(self.dotted(b) in _HTTP_HANDLER_BASES or self.dotted(b) in self.http_handlers for b in bases):
                self.http_handlers.add(cls)

    def note_path_alias(self, name: str, value: cst.BaseExpression) -> None:
        """A module-level name for a path or file function, also one wrapped in a
        cache (``exists = os.path.exists``, optuna-dashboard's
        ``cached_path_exists = functools.lru_cache(maxsize=10)(os.path.exists)``):
        a call of the name is a call of the function."""
        target: cst.BaseExpression | None = value
        if type(value) is cst.Call:
            wrapper = value.func
            if type(wrapper) is cst.Call and self.dotted(wrapper.func) in _CACHE_WRAPPERS and len(value.args) == 1:
                target = value.args[0].value  # lru_cache(maxsize=10)(f)
            elif self.dotted(wrapper) in _CACHE_WRAPPERS and len(value.args) == 1 and value.args[0].keyword is None:
                target = value.args[0].value  # cache(f), lru_cache(f)
            else:
                return
        full = self.dotted(target)
        if full in _FILE_FUNCS or full in _BUILD_FUNCS or full in _BASENAME_FUNCS:
            self.imports[name] = full

    def note_regex(self, name: str, value: cst.BaseExpression) -> None:
        if type(value) is cst.Call and self.dotted(value.func) == "re.compile" and value.args:
            pat = _str_value(value.args[0].value)
            if pat is not None:
                self.regexes[name] = (pat, "search")

    # ------------------------------------------------------------- driving
    def run(self, judge: bool = True, summarise: bool = False) -> dict[str, Any]:
        self.collect()
        if judge:
            self.visit_block(self.module.body, _Env({}, {}, "", 0, False))
        return self.book.result(self.param_summaries() if summarise else [])

    def param_summaries(self) -> list[dict[str, Any]]:
        """What each module-level function does with its parameters (each a
        flow of its own, ``param:<i>``), for request values other modules hand
        it (see :meth:`FlowBook.handoff`); so does the constructor of each
        module-level class (``__init__``, its parameters after ``self``: what
        ``server.Csw(path)`` hands it).  Views (taking the request) are judged
        as such, not here."""
        cands: list[tuple[cst.FunctionDef, list[str], str]] = []
        inits = [(cls, fn) for (cls, name), fn in self.methods.items() if name == "__init__"]
        for cls, fn in [*(("", f) for f in self.top_funcs.values()), *inits][:100]:
            names = [p.name.value for p in (*fn.params.posonly_params, *fn.params.params)][1 if cls else 0:]
            if names and not (set(names) & _REQ_PARAM_NAMES) and not fn.decorators:
                cands.append((fn, names[:6], cls))
        if not cands:
            return []
        main = self.book
        self.book = FlowBook()
        try:
            for fn, names, cls in cands:
                line = self.line(fn.name)
                binds = {n: self.book.new_flow(f"param:{i}", line) for i, n in enumerate(names)}
                since = len(self.book.records)
                outer = _Env({}, {}, "", 0, False)
                outer.cls = cls  # (a constructor's `self.helper(path)` is followed into its class)
                self.process_fn(fn, outer, binds)
                for rec in self.book.records[since:]:
                    # (a sink in a same-file helper it calls is this function's
                    # use of its parameter, not the helper's)
                    rec["func_line"] = line
            return self.book.output_params()
        finally:
            self.book = main

    def visit_block(self, body: Any, env: "_Env") -> None:
        for stmt in body:
            self.visit(stmt, env, 0)

    def visit(self, node: cst.CSTNode, env: "_Env", depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        if type(node) is cst.FunctionDef:
            self.process_fn(node, env)
            return
        if type(node) is cst.ClassDef:
            inner = env.copy()
            inner.cls = node.name.value
            inner.view_cls = _is_view_class(node)
            inner.cls_route = _class_route(node)
            if inner.cls_route is None and self.top_classes.get(node.name.value) is node:
                inner.cls_route = self.registered_routes.get(f"{node.name.value}.as_view")
            self.visit_suite(node.body, inner, depth + 1)
            return
        if type(node) is cst.SimpleStatementLine:
            for small in node.body:
                self.small(small, env, depth + 1)
            return
        if isinstance(node, (cst.Try, cst.TryStar)):
            self.try_stack.append(_handlers_end(node.handlers))
            try:
                self.visit_suite(node.body, env, depth + 1)
            finally:
                self.try_stack.pop()
            # each handler runs instead of the rest of the body (from the state the body
            # left, the most it can have done); past the `try` either may have run: the union
            # (`try: q = parse_qs(body) except ValueError: q = {}` still holds the request's values)
            handlers = []
            for h in node.handlers:
                h_env = env.copy()
                self.visit_suite(h.body, h_env, depth + 1)
                handlers.append(h_env)
            if node.orelse is not None:
                self.visit_suite(node.orelse.body, env, depth + 1)
            if handlers:
                env.vars, env.reqs = join_arms([env, *handlers])
            if node.finalbody is not None:
                self.visit_suite(node.finalbody.body, env, depth + 1)
            return
        if isinstance(node, (cst.For, cst.While)):
            if type(node) is cst.For and type(node.target) is cst.Name and (self.upload_object(node.iter, env) or self.multipart_reader(node.iter, env)):
                env.vars.pop(node.target.value, None)
                env.reqs[node.target.value] = "upload"
            elif isinstance(node, cst.For):
                self.bind(node.target, self.eval(node.iter, env, depth + 1), env)
            else:
                self.eval(node.test, env, depth + 1)
            self.visit_suite(node.body, env, depth + 1)
            if node.orelse is not None:
                # the `else` runs when no `break` left the loop: past the loop a
                # variable holds what either left in it (`for kvp in qs.split("&"):
                # if ...: path = unquote(kvp); break / else: path = DEFAULT`)
                other = env.copy() if _breaks(node.body) else env
                self.visit_suite(node.orelse.body, other, depth + 1)
                if other is not env:
                    env.vars, env.reqs = join_arms([env, other])
            return
        if type(node) is cst.If:
            orelse = node.orelse
            # a test that only picks a branch (`if isabs(p): cwd = realpath(p)`)
            # guards nothing; one whose arm refuses the value (`return`, `abort`) may
            before, before_exit, before_required = self.if_test_refuses, self.test_exit, self.if_test_required
            before_gates = self.if_test_gates
            body_exits, else_exits = _suite_exits(node.body), type(orelse) is cst.Else and _suite_exits(orelse.body)
            self.if_test_refuses = body_exits or else_exits
            self.test_exit = _exit_kind(node.body) or (_exit_kind(orelse.body) if type(orelse) is cst.Else else "")
            self.if_test_required = _true_calls(node.test, not body_exits) if body_exits != else_exits else set()
            self.if_test_gates = _gating_checks(node) if orelse is None and node is self.helper_tail else set()
            try:
                self.eval(node.test, env, depth + 1)
            finally:
                self.if_test_refuses, self.test_exit, self.if_test_required = before, before_exit, before_required
                self.if_test_gates = before_gates
            # exclusive arms: each from the state before the `if`, then the union
            # of what they leave (`if p: cwd = realpath(p) else: cwd = getcwd()`);
            # with no `else`, the state before the `if` is the other arm
            body, other = env.copy(), env.copy()
            # a variable tested equal to a string literal holds that literal in
            # the arm where the test says so (`if fmt.upper() == "TXT":`)
            in_body, in_other = _equal_to_literal(node.test, True), _equal_to_literal(node.test, False)
            for n in in_body:
                body.vars.pop(n, None)
            for n in in_other:
                other.vars.pop(n, None)
            self.visit_suite(node.body, body, depth + 1)
            if type(orelse) is cst.If:
                self.visit(orelse, other, depth + 1)
            elif orelse is not None:
                self.visit_suite(orelse.body, other, depth + 1)
            env.vars, env.reqs = join_arms([body, other])
            if orelse is None and _suite_exits(node.body):
                for n in in_other:  # `if fmt != "txt": abort(404)`: past the `if` it is "txt"
                    if n not in other.vars:
                        env.vars.pop(n, None)
            return
        if type(node) is cst.With:
            for item in node.items:
                self.eval(item.item, env, depth + 1)
                if item.asname is not None:
                    self.bind(item.asname.name, None, env)
            self.visit_suite(node.body, env, depth + 1)
            return
        if type(node) is cst.Match:
            self.eval(node.subject, env, depth + 1)
            for case in node.cases:
                self.visit_suite(case.body, env, depth + 1)
            return
        # anything else: visit nested statements
        for child in child_nodes(node):
            if isinstance(child, (cst.BaseStatement, cst.BaseSuite)):
                self.visit(child, env, depth + 1)

    def visit_suite(self, suite: Any, env: "_Env", depth: int) -> None:
        if type(suite) is cst.IndentedBlock:
            for stmt in suite.body:
                self.visit(stmt, env, depth + 1)
        elif type(suite) is cst.SimpleStatementSuite:
            for small in suite.body:
                self.small(small, env, depth + 1)
        elif isinstance(suite, cst.CSTNode):
            self.visit(suite, env, depth + 1)

    def small(self, node: cst.CSTNode, env: "_Env", depth: int) -> None:
        if type(node) is cst.Assign:
            if self.upload_object(node.value, env) and all(type(tg.target) is cst.Name for tg in node.targets):
                for tg in node.targets:
                    env.vars.pop(tg.target.value, None)  # type: ignore[attr-defined]
                    env.reqs[tg.target.value] = "upload"  # type: ignore[attr-defined]
                return
            if self.upload_container(node.value, env) and all(type(tg.target) is cst.Name for tg in node.targets):
                for tg in node.targets:
                    env.vars.pop(tg.target.value, None)  # type: ignore[attr-defined]
                    env.reqs[tg.target.value] = "files"  # type: ignore[attr-defined]
                return
            reads = "multipart" if self.multipart_reader(node.value, env) else "upload" if self.multipart_part(node.value, env) else ""
            if reads and all(type(tg.target) is cst.Name for tg in node.targets):
                for tg in node.targets:
                    env.vars.pop(tg.target.value, None)  # type: ignore[attr-defined]
                    env.reqs[tg.target.value] = reads  # type: ignore[attr-defined]
                return
            if type(node.value) is cst.Dict and len(node.targets) == 1 and type(node.targets[0].target) is cst.Name:
                self.bind_dict(node.targets[0].target.value, node.value, env, depth)
                return
            goal_name = node.targets[0].target if len(node.targets) == 1 else None
            outer_rebinding, self.rebinding = self.rebinding, env.vars.get(goal_name.value) if type(goal_name) is cst.Name else None
            try:
                t = self.eval(node.value, env, depth + 1)
            finally:
                self.rebinding = outer_rebinding
            for assign in node.targets:
                goal = assign.target
                if t is not None and isinstance(goal, (cst.Tuple, cst.List)) and len(goal.elements) == 2 and self.extension_of(node.value, None):
                    # `root, ext = os.path.splitext(name)`: the root is still the request's path, the extension is not
                    self.bind(goal.elements[0].value, t, env)
                    self.bind(goal.elements[1].value, None, env)
                    continue
                self.bind(goal, t, env)
        elif type(node) is cst.AnnAssign:
            t = self.eval(node.value, env, depth + 1) if node.value is not None else None
            self.bind(node.target, t, env)
        elif type(node) is cst.AugAssign:
            t = self.eval(node.value, env, depth + 1)
            if type(node.target) is cst.Name:
                merged = merge(env.vars.get(node.target.value), t)
                if merged is not None:
                    env.vars[node.target.value] = merged
        elif type(node) is cst.Return:
            if node.value is not None:
                before, self.test_exit = self.test_exit, "return"  # (`return realpath(p).startswith(root)`: a verdict)
                try:
                    t = self.eval(node.value, env, depth + 1)
                finally:
                    self.test_exit = before
                self.book.escape(t)
                if self.returns:
                    self.returns[-1].append(t)
        elif type(node) is cst.Expr:
            self.bare_call = node.value if type(node.value) is cst.Call else None
            self.eval(node.value, env, depth + 1)
        elif type(node) is cst.Assert:
            before, self.test_exit = self.test_exit, "raise"
            try:
                self.eval(node.test, env, depth + 1)
            finally:
                self.test_exit = before
        else:
            for child in child_nodes(node):
                if isinstance(child, cst.BaseExpression):
                    self.eval(child, env, depth + 1)

    def bind(self, target: cst.CSTNode, t: Taint | None, env: "_Env") -> None:
        if type(target) is cst.Name:
            _forget_keys(target.value, env)
            if env.reqs.get(target.value) in ("files", "multipart"):
                del env.reqs[target.value]  # no longer the request's upload container
            if t is not None:
                env.vars[target.value] = t
            else:
                env.vars.pop(target.value, None)
        elif type(target) is cst.Subscript and type(target.value) is cst.Name and (key := _subscript_str(target)) is not None:
            # `data["path"] = path`: that key of the local dict holds the value
            if t is not None:
                env.vars[_key_var(target.value.value, key)] = t
            else:
                env.vars.pop(_key_var(target.value.value, key), None)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.bind(el.value, t, env)
        elif type(target) is cst.StarredElement:
            self.bind(target.value, t, env)

    # ----------------------------------------------------------- functions
    def process_fn(self, node: cst.FunctionDef, outer: "_Env", binds: dict[str, Taint] | None = None, reqs: dict[str, str] | None = None) -> None:
        env = outer.copy()
        env.func = node.name.value
        env.func_line = self.line(node.name)
        env.method = bool(outer.cls) and not outer.func
        # a route handler answers requests of its own, also one defined inside an
        # app factory (`def create_app(): ... @app.route(...) def view(name)`):
        # its request values are not its siblings', nor are their checks
        if env.scope < 0 or env.cls and env.method or self.route_path(node, env)[1]:
            env.scope = id(node)
        before = (len(env.reqs), len(env.vars))
        self.bind_params(node, env)
        for name, t in (binds or {}).items():
            env.reqs.pop(name, None)
            env.vars[name] = t
        for name, flavor in (reqs or {}).items():
            env.vars.pop(name, None)
            env.reqs[name] = flavor
        if (len(env.reqs), len(env.vars)) != before:
            env.scope = id(node)
        self.visit_suite(node.body, env, 0)

    def bind_dict(self, name: str, value: cst.Dict, env: "_Env", depth: int) -> None:
        """``data = {"root": ROOT, "path": path}``: the dict itself carries no
        request value (a container is not a path), but each literal key holds
        its value's, so ``data["path"]`` is the request value and ``data["root"]``
        is not (funkwhale's fs_import view hands ``data["path"]`` to
        ``utils.browse_dir``)."""
        self.bind(cst.Name(name), None, env)
        for el in value.elements:
            if type(el) is cst.DictElement:
                self.eval(el.key, env, depth + 1)
                t = self.eval(el.value, env, depth + 1)
                key = _str_value(el.key)
                if t is not None and key is not None:
                    env.vars[_key_var(name, key)] = t
            else:
                self.eval(el, env, depth + 1)

    def bind_params(self, node: cst.FunctionDef, env: "_Env") -> None:
        params = list(node.params.posonly_params) + list(node.params.params)
        kwonly = list(node.params.kwonly_params)
        all_params = params + kwonly
        for p in all_params:
            env.vars.pop(p.name.value, None)
            env.reqs.pop(p.name.value, None)
        route_path, is_route = self.route_path(node, env)
        path_params = _path_params(route_path, frozenset(p.name.value for p in all_params)) if route_path is not None else {}
        positional = [p.name.value for p in params]
        if env.method and positional and positional[0] in ("self", "cls"):
            positional = positional[1:]
        tornado_args = self.tornado_args(node, positional, env)
        if len(positional) >= 2 and positional[1] == "start_response":
            env.reqs[positional[0]] = "environ"  # a WSGI application's environ (PEP 3333)
        for p in all_params:
            name = p.name.value
            ann = self.annotation(p)
            if env.reqs.get(name) == "environ":
                continue
            if name == "self" and env.method and env.cls in self.http_handlers and p is params[0]:
                env.reqs[name] = "handler"  # a stdlib request handler's instance: `self.path`, `self.rfile`
                continue
            if name in _REQ_PARAM_NAMES or ann in ("Request", "HttpRequest", "web.Request", "aiohttp.web.Request", "starlette.requests.Request", "fastapi.Request", "rest_framework.request.Request"):
                if ann not in ("str",):
                    env.reqs[name] = "req"
                    continue
            if ann.endswith("UploadFile"):
                env.reqs[name] = "upload"
                continue
            if name in path_params:
                if path_params[name] not in _SAFE_CONVERTERS and ann not in _SAFE_ANNOTATIONS:
                    t = env.vars[name] = self.book.new_flow(f"{name} (route parameter)", self.line(p), env.scope)
                    if path_params[name] in _SEGMENT_CONVERTERS:
                        shown = f"{{{name}}}" if "{" in (route_path or "") else f"<{name}>"
                        self.book.guard(t, "segment", self.line(p), shown)
                    elif path_params[name].startswith("re:"):  # Bottle matches the whole segment run
                        pattern = path_params[name][3:]
                        self.book.guard(t, classify_regex(pattern, full=True), self.line(p), f"<{name}:re:{pattern}>")
                    self.param_pattern(p, t)
                    self.dependency_guard(p, t)
                continue
            if name in tornado_args:
                self.tornado_path_arg(p, tornado_args[name], env)
                continue
            where = self.fastapi_query(p, ann) if is_route and self.fastapi else ""
            if where:
                env.vars[name] = self.book.new_flow(f"{name} ({where})", self.line(p), env.scope)
                self.param_pattern(p, env.vars[name])
                self.dependency_guard(p, env.vars[name])
        # Django views: arguments after `request` come from the URL, as strings
        # (or what a URL converter makes of them); one annotated with another
        # type (`payment: OrderPayment`) is an object some caller passes: this
        # is a method that takes a request, not a view.  So is a module-level
        # function this module calls itself (`return build_response(request,
        # full_path)` in the view that checked `full_path`): a helper
        if (
            self.django
            and not is_route
            and positional
            and positional[0] == "request"
            and not (not env.cls and self.called_here(node.name.value))
            and not (env.method and not self.view_method(node))
        ):
            for p in params:
                n = p.name.value
                if n in positional[1:] and self.annotation(p) in _URL_ANNOTATIONS and n != "pk" and not n.endswith("_pk"):
                    env.vars[n] = self.book.new_flow(f"{n} (view argument)", self.line(p), env.scope)
            star = node.params.star_kwarg
            if star is not None:
                env.reqs[star.name.value] = "kwargs"

    def tornado_args(self, node: cst.FunctionDef, positional: list[str], env: "_Env") -> dict[str, str]:
        """The parameters of a Tornado handler's verb method (``def get(self,
        name)``) that receive the URL's capture groups -> the group's pattern:
        by position, or by name when the route's pattern names its groups
        (``(?P<name>...)``: Tornado then hands over the named ones, by
        keyword).  Only a handler class this module routes itself with a
        literal pattern (``(r"/files/(.*)", FileHandler)``, ``url(...)``)."""
        if not (env.method and node.name.value in _HTTP_VERB_METHODS and self.tornado_handler(env)):
            return {}
        out: dict[str, str] = {}
        for groups in self.tornado_route_groups.get(env.cls, []):
            pairs = groups.items() if isinstance(groups, dict) else zip(positional, groups, strict=False)
            for name, sub in pairs:
                out.setdefault(name, sub)  # (a class under two routes: the first one's group)
        return out

    def tornado_path_arg(self, p: cst.Param, sub: str, env: "_Env") -> None:
        """A Tornado URL capture group handed to a verb method: a request value,
        checked only by the group's pattern.  Tornado unescapes the group after
        matching (``..%2F..%2Fetc`` passes ``[^/]+`` and arrives as
        ``../../etc``), so a pattern that admits ``%`` holds back no separator;
        a group that matches anything (``.*``) checks nothing."""
        name = p.name.value
        t = env.vars[name] = self.book.new_flow(f"{name} (route parameter)", self.line(p), env.scope)
        if sub.rstrip("?") in (".*", ".+"):
            return
        kind = classify_regex(sub, full=True)
        if kind in ("allowlist", "dotname") and admits_chars(sub, ("%",)):
            kind = "dotregex"
        self.book.guard(t, kind, self.line(p), f"({sub})")

    @property
    def tornado_route_groups(self) -> dict[str, list[list[str] | dict[str, str]]]:
        """Handler class of this module -> the capture groups of each literal
        route pattern this module maps to it (``(r"/files/(.*)", FileHandler)``
        tuples and ``url(r"...", H)``): their patterns in order, or by name
        when the pattern names groups (unnamed groups that nest: none)."""
        if self._tornado_groups is None:
            self._tornado_groups = {}
            if self.tornado:
                for n in _walk(self.module):
                    if type(n) is cst.Tuple and len(n.elements) >= 2:
                        pnode, hnode = n.elements[0].value, n.elements[1].value
                    elif type(n) is cst.Call and len(n.args) >= 2 and self.dotted(n.func).rsplit(".", 1)[-1] in ("url", "URLSpec"):
                        pnode, hnode = n.args[0].value, n.args[1].value
                    else:
                        continue
                    if type(hnode) is not cst.Name or hnode.value not in self.top_classes:
                        continue
                    pat = _str_value(pnode)
                    if pat is None or not pat.lstrip("^").startswith("/"):
                        continue
                    groups: list[str] | dict[str, str] | None = _named_groups(pat) if "(?P<" in pat else capture_groups(pat)
                    if groups:
                        self._tornado_groups.setdefault(hnode.value, []).append(groups)
        return self._tornado_groups

    def param_pattern(self, p: cst.Param, t: Taint) -> None:
        """FastAPI `Query(pattern=...)` / `Path(regex=...)` (also inside `Annotated[...]`)
        validates the value before the handler runs."""
        calls: list[cst.Call] = []
        if type(p.default) is cst.Call:
            calls.append(p.default)
        if p.annotation is not None:
            for n in _walk(p.annotation.annotation):
                if type(n) is cst.Call:
                    calls.append(n)
        for c in calls:
            if self.dotted(c.func).rsplit(".", 1)[-1] not in _FASTAPI_PARAM_FACTORIES:
                continue
            for a in c.args:
                if a.keyword is not None and a.keyword.value in ("pattern", "regex"):
                    pat = _str_value(a.value)
                    if pat is not None:
                        self.book.guard(t, classify_regex(pat), self.line(a), self.code(a))

    def dependency_guard(self, p: cst.Param, t: Taint) -> None:
        """FastAPI hands a parameter declared ``Depends(fn)`` (or ``Security(fn)``,
        also inside ``Annotated[...]``) what ``fn`` returns, ``fn`` taking the
        route's values itself (``path: str = Depends(validate_path)``): a
        ``dependency`` guard naming ``fn``, which the check turns into a
        containment check when ``fn``'s body checks one, and drops otherwise."""
        if not self.fastapi:
            return
        calls: list[cst.Call] = [p.default] if type(p.default) is cst.Call else []
        if p.annotation is not None:
            calls.extend(n for n in _walk(p.annotation.annotation) if type(n) is cst.Call)
        for c in calls:
            if self.dotted(c.func).rsplit(".", 1)[-1] not in _FASTAPI_DEPENDS:
                continue
            arg = next((a for a in c.args if a.keyword is None or a.keyword.value == "dependency"), None)
            fn = self.dotted(arg.value) if arg is not None and type(arg.value) in (cst.Name, cst.Attribute) else ""
            if fn:
                self.book.guard(t, "dependency", self.line(c), fn)

    def annotation(self, p: cst.Param) -> str:
        if p.annotation is None:
            return ""
        ann = p.annotation.annotation
        if type(ann) is cst.SimpleString:
            return (_str_value(ann) or "").strip()
        if type(ann) is cst.Subscript:
            head = self.dotted(ann.value).rsplit(".", 1)[-1]
            inner = [e.slice.value for e in ann.slice if type(e.slice) is cst.Index]
            if head in ("Optional", "Annotated") and inner:
                return self.code(inner[0])
            return self.code(ann)
        if type(ann) is cst.BinaryOperation and type(ann.operator) is cst.BitOr:
            for side in (ann.left, ann.right):
                if not (type(side) is cst.Name and side.value == "None"):
                    return self.code(side)
        return self.code(ann)

    def fastapi_query(self, p: cst.Param, ann: str) -> str:
        """What a FastAPI endpoint parameter is read from ('query parameter',
        'request body field', 'form field', 'header', 'cookie'), '' when it is
        no request string."""
        default = p.default
        factory = ""
        if type(default) is cst.Call:
            factory = self.dotted(default.func).rsplit(".", 1)[-1]
            if factory not in _FASTAPI_PARAM_FACTORIES:
                return ""
        else:
            factory = self.annotated_factory(p)
        ann_head = ann.rsplit(".", 1)[-1]
        if ann_head in _NOT_SOURCE_ANNOTATIONS or ann in _SAFE_ANNOTATIONS:
            return ""
        where = _FASTAPI_SOURCE_NAMES.get(factory, "query parameter")
        if ann in ("str", "Optional[str]", "str | None"):
            return where
        if not ann:
            return where if (factory != "" or default is None or isinstance(default, (cst.SimpleString, cst.Name))) else ""
        return ""

    def annotated_factory(self, p: cst.Param) -> str:
        """The FastAPI marker in a parameter's ``Annotated[...]`` metadata
        (``ticket_id: Annotated[str, Form()]`` is read from the form, as
        ``ticket_id: str = Form()`` is), '' when there is none."""
        ann = p.annotation.annotation if p.annotation is not None else None
        if type(ann) is not cst.Subscript or self.dotted(ann.value).rsplit(".", 1)[-1] != "Annotated":
            return ""
        for el in ann.slice[1:]:
            meta = el.slice.value if type(el.slice) is cst.Index else None
            if type(meta) is cst.Call:
                name = self.dotted(meta.func).rsplit(".", 1)[-1]
                if name in _FASTAPI_PARAM_FACTORIES:
                    return name
        return ""

    def route_path(self, node: cst.FunctionDef, env: "_Env") -> tuple[str | None, bool]:
        if env.method and env.cls_route is not None and node.name.value in _HTTP_VERB_METHODS:
            # a verb method of a class routed by a class decorator (Flask-RESTX/-RESTPlus
            # `@ns.route("/<path:name>") class File(Resource): def get(self, name)`,
            # flask-smorest's `@blp.route(...)` on a MethodView): Flask hands it the route's values
            return env.cls_route, True
        for deco in node.decorators:
            d = deco.decorator
            if type(d) is not cst.Call:
                continue
            if type(d.func) is cst.Name and d.func.value == "expose" and self.appbuilder:
                # Flask-AppBuilder: `@expose("/download/<string:filename>")` routes a view method
                path = _str_value(d.args[0].value) if d.args and d.args[0].keyword is None else "/" if not d.args else None
                return (path if path is not None else ""), True
            if type(d.func) is not cst.Attribute:
                continue
            if d.func.attr.value not in _ROUTE_DECOS:
                continue
            if not d.args:
                return "", True
            path = _str_value(d.args[0].value)
            return (path if path is not None else ""), True
        if self.top_funcs.get(node.name.value) is node and node.name.value in self.registered_routes:
            return self.registered_routes[node.name.value], True
        return None, False

    @property
    def registered_routes(self) -> dict[str, str]:
        """``app.get("/files/{name:path}")(serve)``: a route decorator applied
        by hand to a module-level function of this file, anywhere in the
        module (also inside an app factory): function name -> route path.
        Only a literal path that starts with ``/`` counts, so a lookup such as
        ``handlers.get("json")(serve)`` is no route.  Flask's
        ``app.add_url_rule("/files/<path:name>", view_func=serve)`` (also
        the third positional argument) registers one the same way, and
        ``view_func=FileView.as_view("files")`` a module-level class of this
        file, whose verb methods Flask calls with the route's values: key
        ``FileView.as_view``."""
        if self._registered is None:
            self._registered = {}
            if "add_url_rule" in self.text:
                for n in _walk(self.module):
                    if type(n) is cst.Call and type(n.func) is cst.Attribute and n.func.attr.value == "add_url_rule":
                        self._add_url_rule(n)
            if ")(" in self.text:
                for n in _walk(self.module):
                    if type(n) is not cst.Call or type(n.func) is not cst.Call or len(n.args) != 1 or type(n.args[0].value) is not cst.Name:
                        continue
                    deco = n.func
                    if type(deco.func) is not cst.Attribute or deco.func.attr.value not in _ROUTE_DECOS or not deco.args:
                        continue
                    path = _str_value(deco.args[0].value)
                    if path is not None and path.startswith("/") and n.args[0].value.value in self.top_funcs:
                        self._registered.setdefault(n.args[0].value.value, path)
        return self._registered

    def _add_url_rule(self, call: cst.Call) -> None:
        """Record the view of ``x.add_url_rule("/path", endpoint, view_func)``
        (see ``registered_routes``)."""
        assert self._registered is not None
        positional = [a.value for a in call.args if a.keyword is None and a.star == ""]
        view = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "view_func"), None)
        if view is None and len(positional) >= 3:
            view = positional[2]
        rule = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "rule"), positional[0] if positional else None)
        path = _str_value(rule) if rule is not None else None
        if path is None or not path.startswith("/") or view is None:
            return
        if type(view) is cst.Name and view.value in self.top_funcs:
            self._registered.setdefault(view.value, path)
        elif (type(view) is cst.Call and type(view.func) is cst.Attribute and view.func.attr.value == "as_view"
              and type(view.func.value) is cst.Name and view.func.value.value in self.top_classes):
            self._registered.setdefault(f"{view.func.value.value}.as_view", path)

    # --------------------------------------------------------- expressions
    def eval(self, node: cst.CSTNode | None, env: "_Env", depth: int) -> Taint | None:
        if node is None or depth > _MAX_DEPTH:
            return None
        code = _EVAL_CODES.get(type(node), 0)
        if code == 1:
            return env.vars.get(node.value)  # type: ignore[attr-defined]
        if code == 2:
            return None
        if code == 3:
            return self.attribute(node, env, depth)  # type: ignore[arg-type]
        if code == 4:
            return self.subscript(node, env, depth)  # type: ignore[arg-type]
        if code == 5:
            return self.call(node, env, depth)  # type: ignore[arg-type]
        if code == 6:
            return self.eval(node.expression, env, depth + 1)  # type: ignore[attr-defined]
        if code == 7:
            return self.binary(node, env, depth)  # type: ignore[arg-type]
        if code == 8:
            return self.fstring(node, env, depth)  # type: ignore[arg-type]
        if code == 9:
            return _concat(merge(self.eval(node.left, env, depth + 1), self.eval(node.right, env, depth + 1)))  # type: ignore[attr-defined]
        if code == 10:
            return merge(self.eval(node.left, env, depth + 1), self.eval(node.right, env, depth + 1))  # type: ignore[attr-defined]
        if code == 11:
            self.eval(node.test, env, depth + 1)  # type: ignore[attr-defined]
            return merge(self.eval(node.body, env, depth + 1), self.eval(node.orelse, env, depth + 1))  # type: ignore[attr-defined]
        if code == 12:
            self.comparison(node, env, depth)  # type: ignore[arg-type]
            return None
        if code == 13:
            self.eval(node.expression, env, depth + 1)  # type: ignore[attr-defined]
            return None
        if code == 14:
            t = self.eval(node.value, env, depth + 1)  # type: ignore[attr-defined]
            self.bind(node.target, t, env)  # type: ignore[attr-defined]
            return t
        if code == 15:
            return merge(*[self.eval(e.value, env, depth + 1) for e in node.elements])  # type: ignore[attr-defined]
        if code == 16:
            return self.eval(node.value, env, depth + 1)  # type: ignore[attr-defined]
        for child in child_nodes(node):
            if isinstance(child, _EVAL_CHILDREN):
                self.eval(child, env, depth + 1)
        return None

    def source(self, node: cst.CSTNode, env: "_Env") -> tuple[bool, bool]:
        """(is a request chain, is a source) for Name/Attribute/Subscript chains."""
        ch = self.raw_chain(node)
        if ch is None:
            return False, False
        base, props = ch
        flavor = env.reqs.get(base)
        if flavor is None and props and base not in env.vars and f"{self.imports.get(base, '')}.{props[0]}" in _REQ_MODULE_NAMES:
            flavor, props = "req", props[1:]  # import flask; flask.request.args
        if flavor is None and self.view_request(base, props, env):
            flavor, props = "req", props[1:]  # self.request.GET in a Django class-based view
        if flavor is None:
            if self.imports.get(base, "") in _REQ_MODULE_NAMES:
                flavor = "req"
            elif base == "self" and env.cls and env.view_cls and self.django and props[:1] == ["kwargs"]:
                return True, len(props) >= 1
            elif base == "self" and self.tornado_handler(env) and props[:1] == ["request"] and "self" not in env.vars:
                return True, len(props) >= 2 and props[1] in _TORNADO_REQ_ATTRS  # self.request.body, self.request.arguments
            else:
                return False, False
        if flavor == "kwargs":
            return True, True
        if flavor == "handler":
            return True, bool(props) and props[0] in _HANDLER_REQ_ATTRS  # (`self.rfile` is a stream: what is read from it is)
        if flavor == "environ":
            return True, bool(props) and _wsgi_request_key(props[0])  # (`wsgi.input` is a stream, as `self.rfile`)
        if flavor == "req" and props and props[0] in _UPLOAD_CONTAINERS:
            # request.files['f'] is a file object; only its client-chosen name is a request value
            return True, len(props) >= 3 and props[-1] in _UPLOAD_NAMES
        if flavor == "upload":
            return True, props[:1] in (["filename"], ["name"])
        if flavor == "multipart":
            return True, False  # the reader itself; the parts it yields are uploads
        if flavor == "files":
            return True, len(props) >= 2 and props[-1] in _UPLOAD_NAMES  # files['f'].filename
        return True, bool(props) and props[0] in _REQ_PROPS

    def view_request(self, base: str, props: list[str], env: "_Env") -> bool:
        """``self.request`` in a method of a Django (or DRF) class-based view:
        the request ``as_view()`` stored on the instance, so ``self.request.GET``
        is the client's as ``request.GET`` is in a view function."""
        return (base == "self" and props[:1] == ["request"] and bool(env.cls) and env.view_cls and self.django
                and "self" not in env.vars and not self.tornado_handler(env))

    def tornado_handler(self, env: "_Env") -> bool:
        """``env`` is a method of a class in a Tornado or Jupyter server module that
        defines no argument getter of its own: ``self`` is a request handler."""
        return self.tornado and env.method and bool(env.cls) and env.cls not in self.own_arg_getters

    def upload_object(self, node: cst.CSTNode | None, env: "_Env") -> bool:
        """`request.files['f']`, `request.FILES.get('f')`, `request.files.getlist('f')`."""
        if type(node) is cst.Call and type(node.func) is cst.Attribute and node.func.attr.value in _UPLOAD_ACCESSORS:
            node = node.func.value
            ch = self.raw_chain(node)
            return ch is not None and self._upload_container(ch, env) == 1
        ch = self.raw_chain(node)
        return ch is not None and self._upload_container(ch, env) == 2

    def upload_container(self, node: cst.CSTNode | None, env: "_Env") -> bool:
        """`request.files` itself, also awaited as Quart serves it (`await
        request.files`): a name bound to it holds the request's uploads."""
        if type(node) is cst.Await:
            node = node.expression
        ch = self.raw_chain(node)
        return ch is not None and self._upload_container(ch, env) == 1

    def body_coroutine(self, arg: cst.Arg, env: "_Env") -> bool:
        """The first argument of a call is an un-awaited read of the request's
        body (``request.post()``, ``request.json()``): a coroutine, which the
        callee can only run (or wrap in a task), so the call's value is the
        body the client sent.  (Flask's synchronous ``get_json()`` is no
        coroutine: ``len(request.get_json())`` is not the body.)"""
        call = arg.value
        if arg.keyword is not None or arg.star or type(call) is not cst.Call or type(call.func) is not cst.Attribute:
            return False
        if call.func.attr.value not in _BODY_COROUTINES:
            return False
        ch = self.raw_chain(call.func.value)
        return ch is not None and not ch[1] and env.reqs.get(ch[0]) == "req"

    def multipart_reader(self, node: cst.CSTNode | None, env: "_Env") -> bool:
        """aiohttp's reader of a multipart body, ``await request.multipart()``,
        or a name bound to one: each part it yields (``async for field in
        reader``) is an upload whose ``filename`` the client chose, handed over
        as sent (aiohttp strips no directory from it)."""
        if type(node) is cst.Await:
            node = node.expression
        if type(node) is cst.Name:
            return env.reqs.get(node.value) == "multipart"
        if type(node) is not cst.Call or type(node.func) is not cst.Attribute or node.func.attr.value != "multipart" or node.args:
            return False
        ch = self.raw_chain(node.func.value)
        return ch is not None and not ch[1] and env.reqs.get(ch[0]) == "req"

    def multipart_part(self, node: cst.CSTNode | None, env: "_Env") -> bool:
        """``await reader.next()`` of such a reader: the next part (an upload)."""
        if type(node) is not cst.Await:
            return False
        call = node.expression
        return (type(call) is cst.Call and type(call.func) is cst.Attribute and call.func.attr.value == "next"
                and self.multipart_reader(call.func.value, env))

    def _upload_container(self, ch: tuple[str, list[str]], env: "_Env") -> int:
        """How many props deep the chain is into request.files (0 when it is not);
        a name bound to request.files (see upload_container) counts as one."""
        base, props = ch
        flavor = env.reqs.get(base)
        if flavor == "files":
            return len(props) + 1
        if flavor is None and self.imports.get(base, "") in _REQ_MODULE_NAMES:
            flavor = "req"
        if flavor is None and props and f"{self.imports.get(base, '')}.{props[0]}" in _REQ_MODULE_NAMES:
            flavor, props = "req", props[1:]
        if flavor is None and self.view_request(base, props, env):
            flavor, props = "req", props[1:]
        if flavor != "req" or not props or props[0] not in _UPLOAD_CONTAINERS:
            return 0
        return len(props)

    def attribute(self, node: cst.Attribute, env: "_Env", depth: int) -> Taint | None:
        is_req, is_src = self.source(node, env)
        if is_req:
            return self.book.new_flow(self.code(node), self.line(node), env.scope) if is_src else None
        t = self.eval(node.value, env, depth + 1)
        if t is None:
            return None
        attr = node.attr.value
        if attr in ("name", "stem") and t.derived:
            return self.basename_of(t, self.line(node), self.code(node))
        if attr in _DERIVE_METHODS:
            return Taint(t.flows, t.build, True, resolved=t.resolved)
        if attr == "suffix" and (t.derived or t.build >= 0):
            return None  # `Path(name).suffix`: an extension (see _SPLITEXT)
        return t

    def subscript(self, node: cst.Subscript, env: "_Env", depth: int) -> Taint | None:
        is_req, is_src = self.source(node, env)
        if is_req:
            return self.book.new_flow(self.code(node), self.line(node), env.scope) if is_src else None
        if type(node.value) is cst.Name and (key := _subscript_str(node)) is not None and _key_var(node.value.value, key) in env.vars:
            return env.vars[_key_var(node.value.value, key)]  # a key of a local dict (see bind_dict)
        t = self.eval(node.value, env, depth + 1)
        for el in node.slice:
            if type(el.slice) is cst.Index:
                self.eval(el.slice.value, env, depth + 1)
        if t is not None and self.extension_of(node.value, node):
            return None  # `os.path.splitext(name)[1]`
        if t is not None and t.build < 0 and _dotless_part(node):
            return self.book.narrow(t, "nodot", self.line(node), self.code(node))
        return t

    def extension_of(self, value: cst.CSTNode, sub: cst.Subscript | None) -> bool:
        """Is ``value`` an ``os.path.splitext(...)`` call (and ``sub``, when given,
        its element 1 or -1: the extension)?"""
        if type(value) is not cst.Call or self.dotted(value.func) not in _SPLITEXT:
            return False
        if sub is None:
            return True
        if len(sub.slice) != 1 or type(sub.slice[0].slice) is not cst.Index:
            return False
        return self.code(sub.slice[0].slice.value) in ("1", "-1")

    def binary(self, node: cst.BinaryOperation, env: "_Env", depth: int) -> Taint | None:
        lt = self.eval(node.left, env, depth + 1)
        rt = self.eval(node.right, env, depth + 1)
        op = node.operator
        if type(op) is cst.Divide:
            if rt is not None and not isinstance(node.left, (cst.Integer, cst.Float)):
                line, col = _pos(self.positions, node)
                return self.book.build(line, col, "Path / name", merge(lt, rt), self.func_line_env(env))  # type: ignore[arg-type]
            return lt
        if type(op) is cst.Add:
            lt, rt = self.affix(lt, node.right, node), self.affix(rt, node.left, node, before=True)
        if isinstance(op, (cst.Add, cst.Modulo)):
            return _concat(merge(lt, rt))
        return None

    def affix(self, t: Taint | None, other: cst.CSTNode | None, node: cst.CSTNode, before: bool = False, text: str | None = None) -> Taint | None:
        """``t`` glued to the literal ``other`` (``before`` it: ``"book." + name``;
        else after it: ``name + ".md"``): when the literal puts a character other
        than a dot in the same path segment, that segment is never ``..``."""
        if t is None or t.build >= 0:
            return t
        lit = text if text is not None else _str_value(other)
        if lit is None:
            return t
        seg = re.split(r"[/\\]", lit)[-1 if before else 0]
        if not seg.strip("."):
            return t
        return self.book.narrow(t, "affixed", self.line(node), self.code(node))

    def fstring(self, node: cst.FormattedString, env: "_Env", depth: int) -> Taint | None:
        parts = list(node.parts)
        ts: list[Taint | None] = []
        for i, p in enumerate(parts):
            if type(p) is not cst.FormattedStringExpression:
                continue
            t = self.eval(p.expression, env, depth + 1)
            prev = parts[i - 1] if i > 0 else None
            nxt = parts[i + 1] if i + 1 < len(parts) else None
            if type(prev) is cst.FormattedStringText:
                t2 = self.affix(t, None, node, before=True, text=prev.value)
                if t2 is not t:
                    ts.append(t2)
                    continue
            if type(nxt) is cst.FormattedStringText:
                t = self.affix(t, None, node, text=nxt.value)
            ts.append(t)
        return _concat(merge(*ts))

    @staticmethod
    def func_line_env(env: "_Env") -> int:
        return env.func_line

    def comparison(self, node: cst.Comparison, env: "_Env", depth: int) -> None:
        left = node.left
        lt = self.eval(left, env, depth + 1)
        for target in node.comparisons:
            rt = self.eval(target.comparator, env, depth + 1)
            if isinstance(target.operator, (cst.Equal, cst.NotEqual)):
                self.book.compare_to_copy(lt, rt)  # `if secure_filename(name) != name: abort(400)`
            if isinstance(target.operator, (cst.In, cst.NotIn)):
                if rt is not None and isinstance(left, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
                    # (a word with no `.`, `/`, `\`, `~`, `:` or `%` -- pycsw's
                    # `"config" in kvp` -- refuses nothing a traversal needs: it
                    # only picks a branch, as such a prefix test does)
                    if prefix_test_guards([_str_value(left)]):
                        self.book.guard(rt, "blocklist", self.line(node), self.code(node))
                elif lt is not None and rt is None and not isinstance(target.comparator, (cst.SimpleString, cst.ConcatenatedString)):
                    self.book.guard(lt, "allowlist", self.line(node), self.code(node))
            lt = rt
            left = target.comparator

    def regex_guard(self, pattern_node: cst.CSTNode | None, how: str) -> str:
        if pattern_node is None:
            return "allowlist"
        pat = _str_value(pattern_node)
        if pat is None and type(pattern_node) is cst.Name and pattern_node.value in self.regexes:
            pat = self.regexes[pattern_node.value][0]
        if pat is None:
            return "allowlist"
        return classify_regex(pat, full=how == "fullmatch", start=how == "match")

    def call(self, node: cst.Call, env: "_Env", depth: int) -> Taint | None:
        func = node.func
        # request accessor methods: request.get_json(), await request.json()
        if type(func) is cst.Attribute:
            ch = self.raw_chain(func.value)
            if ch is not None and len(ch[1]) == 1 and f"{self.imports.get(ch[0], '')}.{ch[1][0]}" in _REQ_MODULE_NAMES:
                ch = None if ch[0] in env.vars else ("", [])  # flask.request.get_json()
                if ch is not None and func.attr.value in _REQ_METHODS:
                    return self.book.new_flow(self.code(node), self.line(node), env.scope)
            if ch is not None and ch[1] == ["rfile"] and env.reqs.get(ch[0]) == "handler" and func.attr.value in _BODY_READS:
                return self.book.new_flow(self.code(node), self.line(node), env.scope)  # a stdlib handler's request body
            if ch is not None and ch == ("self", []) and func.attr.value in _TORNADO_ARG_METHODS and self.tornado_handler(env) and "self" not in env.vars:
                return self.book.new_flow(self.code(node), self.line(node), env.scope)  # self.get_argument("path")
            if ch is not None and ch[1] == ["wsgi.input"] and env.reqs.get(ch[0]) == "environ" and func.attr.value in _BODY_READS:
                return self.book.new_flow(self.code(node), self.line(node), env.scope)  # a WSGI request body
            if ch is not None and ch[0] and not ch[1]:
                flavor = env.reqs.get(ch[0]) or ("req" if self.imports.get(ch[0], "") in _REQ_MODULE_NAMES else None)
                if flavor == "req" and func.attr.value in _REQ_METHODS:
                    return self.book.new_flow(self.code(node), self.line(node), env.scope)
                if flavor == "kwargs" and func.attr.value == "get":
                    return self.book.new_flow(self.code(node), self.line(node), env.scope)
                if flavor == "environ" and func.attr.value == "get" and node.args and _wsgi_request_key(_str_value(node.args[0].value)):
                    return self.book.new_flow(self.code(node), self.line(node), env.scope)  # environ.get("QUERY_STRING", "")
        recv_t: Taint | None = None
        method = ""
        if type(func) is cst.Attribute:
            method = func.attr.value
            if method in ("get", "getlist", "getone", "get_all") and self.source(func.value, env) == (True, True):
                for a in node.args:
                    self.eval(a.value, env, depth + 1)
                    if a.keyword is not None and a.keyword.value == "type" and self.code(a.value) in ("int", "float", "bool", "uuid.UUID", "UUID"):
                        return None
                return self.book.new_flow(self.code(node), self.line(node), env.scope)
            recv_t = self.eval(func.value, env, depth + 1)
        elif type(func) is not cst.Name:
            self.eval(func, env, depth + 1)
        pos_ts: list[Taint | None] = []
        kw_ts: dict[str, Taint | None] = {}
        for a in node.args:
            t = self.eval(a.value, env, depth + 1)
            if a.keyword is not None:
                kw_ts[a.keyword.value] = t
            else:
                pos_ts.append(t)
        any_t = merge(*pos_ts, *kw_ts.values())
        name = self.dotted(func)
        short = name.rsplit(".", 1)[-1] if name else method
        line, col = _pos(self.positions, node)
        fl = env.func_line

        def guard(t: Taint | None, kind: str) -> None:
            if t is not None:
                self.book.guard(t, kind, line, self.code(node))

        if name in _BUILD_FUNCS or name in _PATH_CTORS:
            if any_t is None:
                return None
            return self.book.build(line, col, name if name in _BUILD_FUNCS else name.rsplit(".", 1)[-1] + "()", any_t, fl)
        if name in _SAFE_JOIN:
            guard(any_t, "contain")
            return any_t
        if name in _DERIVE_FUNCS:
            if any_t is None:
                return None
            return Taint(any_t.flows, any_t.build, True, resolved=name in _RESOLVE_FUNCS or (any_t.resolved and name in _KEEP_RESOLVED_FUNCS))
        if name in _PARSE_FUNCS:
            return any_t  # json.loads(request.body): the parsed fields are the client's values
        if name in _BASENAME_FUNCS or "secure_filename" in short or "sanitize_filename" in short:
            return self.basename_of(any_t, line, self.code(node))
        if name in _CONTAIN_FUNCS:
            if self.refuses(False):
                guard(any_t, "contain")
            return None
        if name in ("os.path.isabs",):
            # (pyload's pathchooser uses the absolute path in the true arm; openhands'
            # upload refuses a relative one: the client names the whole path)
            if self.if_test_refuses is not False and node not in self.if_test_required:
                guard(any_t, "blocklist")
            return None
        if name.startswith("re.") and short in ("match", "fullmatch", "search"):
            subject = pos_ts[1] if len(pos_ts) > 1 else kw_ts.get("string")
            pat_node = node.args[0].value if node.args else None
            guard(subject, self.regex_guard(pat_node, short))
            return None
        if name in _STRPTIME_FUNCS:
            # a value that parses holds only what the format admits (`%Y%m%d.%H%M%S`:
            # digits and one fixed dot), and one that does not raises ValueError
            fmt = _str_value(node.args[1].value) if len(node.args) > 1 else None
            if fmt is not None and self.refuses(True):
                guard(pos_ts[0] if pos_ts else kw_ts.get("date_string"), classify_regex(strptime_pattern(fmt), full=True))
            return None
        if name in ("re.sub",):
            subject = pos_ts[2] if len(pos_ts) > 2 else kw_ts.get("string")
            pat = _str_value(node.args[0].value) if node.args else None
            repl = _str_value(node.args[1].value) if len(node.args) > 1 else None
            if subject is not None:
                if pat is not None and repl is not None and strips_separators(pat, repl):
                    guard(subject, "allowlist")
                elif pat is not None and repl is not None and strips_slashes(pat, repl):
                    # what is left is one segment (dots kept); the request value itself is not checked
                    return _concat(self.book.narrow(subject, "segment", line, self.code(node)))
                else:
                    guard(subject, "blocklist")
            return _concat(subject)
        if name in _FILE_FUNCS or (short in _FILE_RESPONSES and not _streams_content(name)) or (type(func) is cst.Name and short in self.file_responses):
            path_t = pos_ts[0] if pos_ts else kw_ts.get("path") or kw_ts.get("file") or kw_ts.get("path_or_file") or kw_ts.get("filename_or_fp")
            if name.startswith(("shutil.", "os.rename", "os.replace")):
                path_t = merge(*pos_ts[:2])
            if name == "bottle.static_file" and "root" in kw_ts:
                return None
            if path_t is not None:
                self.book.file_sink(line, col, name if name in _FILE_FUNCS else short, path_t, fl)
            return None
        if short in ("send_from_directory",):
            return None
        if recv_t is not None and type(func) is cst.Attribute:
            if method == "startswith":
                if not recv_t.derived:
                    # (as `os.path.isabs`: a test that only picks a branch refuses nothing:
                    # `if self.path.startswith("/api/listdir"): send_header(json)` routes the request)
                    if prefix_test_guards(_prefix_literals(node.args[0].value if node.args else None)) and self.if_test_refuses is not False:
                        guard(recv_t, "blocklist")
                elif self.refuses(False) or node in self.if_test_gates:
                    guard(recv_t, "contain")
                return None
            if method in ("is_relative_to", "relative_to", "samefile"):
                # (`p.parent.samefile(root)`: the path sits directly in the root)
                if self.refuses(method == "relative_to") or node in self.if_test_gates:  # (relative_to raises ValueError itself)
                    # relative_to / is_relative_to compare the parts as written: on a path never
                    # resolved, `root/../../etc/passwd` passes, and only an absolute path is
                    # refused (a weak guard, as `is_absolute()`); samefile asks the file system
                    lexical = method != "samefile" and not recv_t.resolved
                    guard(merge(recv_t, any_t), "lexical" if lexical else "contain")
                return None
            if method in _BLOCK_METHODS:
                # (`name.find("report")`: a word with no `.`, `/`... refuses
                # nothing a traversal needs, as `"report" in name`)
                if prefix_test_guards([_str_value(node.args[0].value) if node.args else None]):
                    guard(recv_t, "blocklist")
                return None
            if method == "is_absolute":
                # (as `os.path.isabs`: a test that only picks a branch, or one the
                # path must pass, refuses nothing)
                if self.if_test_refuses is not False and node not in self.if_test_required:
                    guard(recv_t, "blocklist")
                return None
            if method in _ALLOW_METHODS:
                guard(recv_t, "allowlist")
                return None
            if method == "replace":
                if replace_guards(_str_value(node.args[0].value) if node.args else None):
                    guard(recv_t, "blocklist")
                return _concat(recv_t)
            if method == "joinpath":
                return self.book.build(line, col, "Path.joinpath()", merge(recv_t, any_t), fl)  # type: ignore[arg-type]
            if method in _PATH_METHODS:
                if recv_t.build >= 0:  # a Path built from the value (a raw value is a string or an upload: `upload.open()`)
                    self.book.file_sink(line, col, f"Path.{method}()", recv_t, fl)
                return None
            if method in _DERIVE_METHODS:
                return Taint(recv_t.flows, recv_t.build, True, resolved=method == "resolve" or (recv_t.resolved and method != "absolute"))
            if method in _STR_METHODS:
                return _concat(merge(recv_t, any_t))
            if method in ("endswith", "__contains__"):
                return None
            if any_t is not None and method not in _HARMLESS:
                self.book.escape(any_t)
            return None
        if pos_ts and pos_ts[0] is not None and self.body_coroutine(node.args[0], env):
            # `await asyncio.wait_for(request.post(), timeout=5)`, `loop.run_until_complete(request.json())`,
            # a project's `run_coroutine_sync(request.post())`: the runner returns what the read returns
            return pos_ts[0]
        if any_t is None:
            if type(func) is cst.Name and func.value in self.top_funcs:
                return self.request_helper(func.value, node, env, line)
            return None
        if type(func) is cst.Attribute:
            recv_name = func.value.value if type(func.value) is cst.Name else ""
            if env.reqs.get(recv_name) == "upload" and method in ("save", "write", "move", "copy"):
                self.book.escape(any_t)  # f.save(os.path.join(DIR, f.filename))
                return None
            if method in ("match", "fullmatch", "search") and recv_name in self.regexes:
                guard(any_t, self.regex_guard(func.value, method))
                return None
            if method in ("match", "fullmatch", "search"):
                guard(any_t, "allowlist")
                return None
            if method in ("get", "__getitem__"):
                # a lookup in a fixed mapping: the result is not the request value
                return None
            if method == "format":
                return _concat(any_t)
            if method in _READER_METHODS and pos_ts and pos_ts[0] is not None and "storage" not in self.code(func.value, 60).lower():
                # (Django storages confine names to their location themselves)
                self.book.file_sink(line, col, f"{self.code(func, 30)}()", pos_ts[0], fl)
                return None
        if name in _UNTAINT_FUNCS or short in ("UUID",):
            return None
        if CONTAIN_NAME.search(short):
            if self.refuses(node is self.bare_call):  # (a bare `ensure_inside(p, root)` raises)
                guard(any_t, "contain")
            return None
        if _VALIDATOR_NAME.search(short):
            guard(any_t, "allowlist")
            return None
        if short in ("unquote", "unquote_plus", "normcase") or name in _PATH_SPLITS:
            # (`d, n = os.path.split(p)`: both parts are still the request's path)
            return _concat(any_t)
        if short in _HARMLESS or method in _HARMLESS:
            return None
        # handed on to a project function (plain call, self.method, or a method of
        # one of this module's classes called on the class): it may open the path
        bare = node is self.bare_call
        owner = func.value.value if type(func) is cst.Attribute and type(func.value) is cst.Name else ""
        if type(func) is cst.Name or owner in ("self", "cls") or (owner not in env.vars and (owner, method) in self.methods):
            self.book.escape(any_t)
            if type(func) is cst.Name:
                if func.value in self.top_funcs:
                    return self.into_helper(func.value, pos_ts, kw_ts, line, bare=bare)
                self.helper_verdict(func.value, any_t, line, bare)
                self.hand_off(func.value, pos_ts, line, col, fl)
            elif owner in ("self", "cls"):
                if env.cls and (env.cls, method) in self.methods:
                    return self.into_helper(f"{env.cls}.{method}", pos_ts, kw_ts, line, self.methods[(env.cls, method)], bare=bare)
            else:
                helper = self.methods[(owner, method)]
                # `Files.check(root, p)`: a static method takes every argument; a class method's first is the class
                bound = any(type(d.decorator) is cst.Name and d.decorator.value == "classmethod" for d in helper.decorators)
                return self.into_helper(f"{owner}.{method}", pos_ts, kw_ts, line, helper, bare=bare, bound=bound)
        elif type(func) is cst.Attribute and type(func.value) is cst.Name and (
                func.value.value in self.imports or (func.value.value in self.relative_imports and func.value.value not in env.vars)):
            self.helper_verdict(f"{func.value.value}.{func.attr.value}", any_t, line, bare)
            self.hand_off(f"{func.value.value}.{func.attr.value}", pos_ts, line, col, fl)  # utils.remove_backup(name)
        return None

    def basename_of(self, t: Taint | None, line: int, text: str) -> Taint | None:
        """The file name of the value ``t`` (``os.path.basename(p)``,
        ``Path(p).name``, ``secure_filename(p)``): a new value the guard holds
        for, not the request value itself -- ``send_file(p)`` next to a
        ``Path(p).name`` for the Content-Disposition header still sends the
        client's path.  Cleaned in place (``name = secure_filename(name)``), the
        value's flow is guarded: the variable holds the cleaned name from there
        on (in the arm that does not clean it, it usually holds nothing)."""
        if t is not None and self.rebinding is not None and set(t.flows) <= set(self.rebinding.flows):
            self.book.guard(t, "basename", line, text)
            return t
        named = self.book.narrow(t, "basename", line, text)
        # (a name, not the path built from the value: `send_file(Path(p).name)` sends no `Path(p)`)
        return Taint(named.flows, -1, named.derived) if named is not None else None

    def helper_verdict(self, name: str, t: Taint | None, line: int, bare: bool) -> None:
        """The value (or a path built from it) given to a function of another
        module whose verdict stops the request when it fails
        (``if not is_file_in_dir(p, root): raise``): a ``helper`` guard naming
        that function, which the check turns into a containment check when the
        function's body checks one (``p.parent.samefile(root)``,
        ``is_relative_to``, ``commonpath``), and drops otherwise."""
        if t is not None and not bare and self.refuses(False):
            self.book.guard(t, "helper", line, name)

    def hand_off(self, name: str, pos_ts: list[Taint | None], line: int, col: int, fl: int) -> None:
        for i, t in enumerate(pos_ts):
            if t is not None:
                self.book.handoff(line, col, name, i, t, fl)

    def into_helper(
        self, fname: str, pos_ts: list[Taint | None], kw_ts: dict[str, Taint | None], line: int, method: cst.FunctionDef | None = None,
        bare: bool = False, bound: bool = True,
    ) -> Taint | None:
        """A request value (not yet a built path) handed to a module-level
        function of this file, or to a method of the caller's class
        (``method``: ``self._file_response(path)``): follow it into that
        function's body, its parameter bound to the value, so the path the
        helper builds and opens is judged (``read_log(request.args["dir"])``).
        Two levels deep at most, no recursion.  Inside a followed helper,
        returns what the called one returns (``Files.abs_path(root, p)``).

        ``bare``: the call is a statement of its own (its result is dropped);
        ``bound``: a method's first parameter is the instance or class (a
        ``self.``/``cls.`` call), not an argument.  A containment check in the
        helper guards the caller's value only when a failure stops the caller
        (see :meth:`refuses`)."""
        helper = method if method is not None else self.top_funcs.get(fname)
        if helper is None or fname in self.inlining or len(self.inlining) >= 2 or self.inlined >= 200:
            return None
        params = [p.name.value for p in (*helper.params.posonly_params, *helper.params.params)]
        if method is not None and bound and params and not any(_is_staticmethod(d) for d in helper.decorators):
            params = params[1:]  # `self` / `cls`
        named = set(params) | {p.name.value for p in helper.params.kwonly_params}
        binds: dict[str, Taint] = {}
        for i, t in enumerate(pos_ts):
            if t is not None and t.build < 0 and i < len(params):
                binds[params[i]] = t
        for k, t in kw_ts.items():
            if t is not None and t.build < 0 and k in named:
                binds[k] = t
        if not binds:
            return None
        returned = self.follow(helper, fname, bare, line, binds=binds)
        # what a helper returns is followed back only into a helper being
        # followed (`Files.check` building on `Files.abs_path(root, p)`); a
        # handler's own use of a helper's result is judged as before
        return merge(*returned) if self.inlining else None

    def request_helper(self, fname: str, node: cst.Call, env: "_Env", line: int) -> Taint | None:
        """A handler's request object handed to a module-level function of this
        file under a name that is no request's (pycsw's
        ``get_configuration_path(os.environ, env, root)`` reading
        ``request_environment.get("QUERY_STRING")``): the function is followed
        with that parameter as the request, and what it returns of the request
        is a request value in the caller.  (Under a request's own name it is
        judged as a handler of its own.)"""
        helper = self.top_funcs[fname]
        if fname in self.inlining or len(self.inlining) >= 2 or self.inlined >= 200:
            return None
        params = [p.name.value for p in (*helper.params.posonly_params, *helper.params.params)]
        if len(params) >= 2 and params[1] == "start_response":
            return None  # (a WSGI application of its own)
        named = set(params) | {p.name.value for p in helper.params.kwonly_params}
        reqs: dict[str, str] = {}
        for i, a in enumerate(node.args):
            n = a.value.value if type(a.value) is cst.Name and not a.star else ""
            flavor = env.reqs.get(n) or ("req" if n and n not in env.vars and self.imports.get(n, "") in _REQ_MODULE_NAMES else "")
            if flavor not in ("req", "environ"):
                continue
            target = a.keyword.value if a.keyword is not None else params[i] if i < len(params) else ""
            if target in named and target not in _REQ_PARAM_NAMES:
                reqs[target] = flavor
        if not reqs:
            return None
        return merge(*self.follow(helper, fname, node is self.bare_call, line, reqs=reqs))

    def follow(
        self, helper: cst.FunctionDef, fname: str, bare: bool, line: int, binds: dict[str, Taint] | None = None, reqs: dict[str, str] | None = None,
    ) -> list[Taint | None]:
        """Judge the body of ``helper`` (called at ``line``; ``bare``: as a
        statement of its own) as part of the caller's flow, its parameters
        bound to the caller's values (``binds``) or request objects (``reqs``):
        what it returns."""
        self.inlined += 1
        since = len(self.book.records)
        self.inlining.append(fname)
        self.inline_ctx.append((bare, len(self.try_stack)))
        self.returns.append([])
        saved = self.test_exit, self.bare_call, self.helper_tail
        self.test_exit = None
        body = helper.body
        self.helper_tail = body.body[-1] if type(body) is cst.IndentedBlock and body.body else None
        try:
            self.process_fn(helper, _Env({}, {}, "", 0, False), binds, reqs=reqs)
        finally:
            self.inlining.pop()
            self.inline_ctx.pop()
            returned = self.returns.pop()
            self.test_exit, self.bare_call, self.helper_tail = saved
        self.book.through(since, fname, line)
        return returned

    def refuses(self, raises: bool) -> bool:
        """Does a containment check that fails here stop the request?  Always
        assumed in the handler itself; inside a followed helper, the check must
        leave the helper on failure -- raise (``relative_to`` raises itself;
        ``if not ok: raise``), the exception not swallowed by a ``try`` on the
        way out (a handler that returns stops the caller too), or return early
        to a caller that uses the result -- so a helper that only logs a path
        outside the root guards nothing."""
        if not self.inline_ctx:
            return True
        r = "raise" if raises else (self.test_exit or "")
        hi = len(self.try_stack)
        for bare, lo in reversed(self.inline_ctx):
            r = _through_trys(r, self.try_stack[lo:hi])
            if r == "return":
                return not bare
            if r != "raise":
                return False
            hi = lo
        return _through_trys(r, self.try_stack[:hi]) != ""


def _is_staticmethod(d: cst.Decorator) -> bool:
    return type(d.decorator) is cst.Name and d.decorator.value == "staticmethod"


_VIEW_CLASS = re.compile(r"(?:View|ViewSet|Mixin)$")


def _class_route(node: cst.ClassDef) -> str | None:
    """The literal path of a class's ``@x.route("/files/<path:name>")``
    decorator (Flask-RESTX/-RESTPlus namespaces and APIs, flask-smorest
    blueprints), None when it has none."""
    for deco in node.decorators:
        d = deco.decorator
        if type(d) is cst.Call and type(d.func) is cst.Attribute and d.func.attr.value == "route" and d.args and d.args[0].keyword is None:
            path = _str_value(d.args[0].value)
            if path is not None:
                return path
    return None


def _is_view_class(node: cst.ClassDef) -> bool:
    """A Django class-based view or a mixin for one (by its name or a base's):
    there ``self.kwargs`` holds the URL's keyword arguments.  Elsewhere it is
    whatever the class was built with (mayan's source backends: stored settings)."""
    if _VIEW_CLASS.search(node.name.value):
        return True
    for arg in node.bases:
        cur = arg.value
        while type(cur) is cst.Subscript:
            cur = cur.value
        name = cur.attr.value if type(cur) is cst.Attribute else cur.value if type(cur) is cst.Name else ""
        if _VIEW_CLASS.search(name):
            return True
    return False


_FASTAPI_SOURCE_NAMES = {"Path": "route parameter", "Body": "request body field", "Form": "form field", "Header": "header", "Cookie": "cookie", "File": "uploaded file"}


class _Env:
    __slots__ = ("vars", "reqs", "func", "func_line", "method", "cls", "view_cls", "cls_route", "scope")

    def __init__(self, vars_: dict[str, Taint], reqs: dict[str, str], func: str, func_line: int, method: bool) -> None:
        self.vars = vars_
        self.reqs = reqs
        self.func = func
        self.func_line = func_line
        self.method = method
        self.cls = ""
        self.view_cls = False  # cls is a class-based view (or a view mixin): self.kwargs are URL kwargs
        self.cls_route: str | None = None  # the path of cls's `@x.route(path)` class decorator
        self.scope = -1  # the handler function: reads of one request value inside it share a flow

    def copy(self) -> "_Env":
        e = _Env(dict(self.vars), dict(self.reqs), self.func, self.func_line, self.method)
        e.cls = self.cls
        e.view_cls = self.view_cls
        e.cls_route = self.cls_route
        e.scope = self.scope
        return e



_EVAL_CODES: dict[type, int] = {
    cst.Name: 1,
    cst.SimpleString: 2,
    cst.Integer: 2,
    cst.Float: 2,
    cst.Imaginary: 2,
    cst.Ellipsis: 2,
    cst.Lambda: 2,
    cst.Attribute: 3,
    cst.Subscript: 4,
    cst.Call: 5,
    cst.Await: 6,
    cst.BinaryOperation: 7,
    cst.FormattedString: 8,
    cst.ConcatenatedString: 9,
    cst.BooleanOperation: 10,
    cst.IfExp: 11,
    cst.Comparison: 12,
    cst.UnaryOperation: 13,
    cst.NamedExpr: 14,
    cst.List: 15,
    cst.Tuple: 15,
    cst.Set: 15,
    cst.Arg: 16,
    cst.Element: 16,
    cst.StarredElement: 16,
}
_EVAL_CHILDREN = (cst.BaseExpression, cst.Arg, cst.Element, cst.DictElement, cst.StarredDictElement, cst.CompFor, cst.CompIf)


_CASE_METHODS = frozenset({"upper", "lower", "casefold", "strip", "lstrip", "rstrip"})  # (no argument: `lstrip("./")` would drop `../`)


def _equal_to_literal(test: cst.BaseExpression, holds: bool) -> set[str]:
    """Variables that equal a string literal when ``test`` is ``holds``
    (``fmt == "txt"``, ``fmt.upper() != "TXT"`` when false, joined by
    ``and`` / ``or`` / ``not``); up to case and surrounding blanks, which puts
    no dot or slash in them.  A literal holding ``..`` does not count."""
    if type(test) is cst.UnaryOperation and type(test.operator) is cst.Not:
        return _equal_to_literal(test.expression, not holds)
    if type(test) is cst.BooleanOperation:
        left, right = _equal_to_literal(test.left, holds), _equal_to_literal(test.right, holds)
        if (type(test.operator) is cst.And) == holds:  # both sides hold / both fail
            return left | right
        return left & right  # one side or the other: `fmt == "txt" or fmt == "pdf"`
    if type(test) is not cst.Comparison or len(test.comparisons) != 1:
        return set()
    target = test.comparisons[0]
    op = type(target.operator)
    if not ((op is cst.Equal and holds) or (op is cst.NotEqual and not holds)):
        return set()
    for side, lit in ((test.left, target.comparator), (target.comparator, test.left)):
        value = _str_value(lit)
        if value is None or ".." in value:
            continue
        if type(side) is cst.Call and type(side.func) is cst.Attribute and side.func.attr.value in _CASE_METHODS and not side.args:
            side = side.func.value
        if type(side) is cst.Name:
            return {side.value}
    return set()


def _true_calls(test: cst.BaseExpression, holds: bool) -> set[cst.Call]:
    """The calls that are true whenever ``test`` is ``holds`` (``isabs(p)``
    when ``not isabs(p)`` is false, joined by ``and`` / ``or`` / ``not``)."""
    if type(test) is cst.UnaryOperation and type(test.operator) is cst.Not:
        return _true_calls(test.expression, not holds)
    if type(test) is cst.BooleanOperation:
        if (type(test.operator) is cst.And) == holds:  # both sides hold / both fail
            return _true_calls(test.left, holds) | _true_calls(test.right, holds)
        return set()
    return {test} if type(test) is cst.Call and holds else set()


def _gating_checks(node: cst.If) -> set[cst.Call]:
    """The method checks (``full.startswith(base)``) that must hold for the
    arm of ``node`` to run, made on a variable that the arm uses."""
    used = {n.value for n in _walk(node.body) if type(n) is cst.Name}
    return {c for c in _true_calls(node.test, True)
            if type(c.func) is cst.Attribute and type(c.func.value) is cst.Name and c.func.value.value in used}


def _dotless_part(node: cst.Subscript) -> bool:
    """``name.split(".")[0]``, ``name.split(".", 1)[0]``, ``name.rsplit(".", 1)[-1]``,
    ``name.partition(".")[0]``: a piece cut at dots that holds no dot itself."""
    call = node.value
    if type(call) is not cst.Call or type(call.func) is not cst.Attribute or len(node.slice) != 1:
        return False
    idx = node.slice[0].slice
    if type(idx) is not cst.Index:
        return False
    v = idx.value
    text = v.value if type(v) is cst.Integer else f"-{v.expression.value}" if (
        type(v) is cst.UnaryOperation and type(v.operator) is cst.Minus and type(v.expression) is cst.Integer) else ""
    index = int(text) if text.lstrip("-").isdigit() else None
    method = call.func.attr.value
    args = [a for a in call.args if a.keyword is None]
    kws = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    if not args and "sep" in kws:
        args = [cst.Arg(kws.pop("sep"))]
    if index is None or not args or _str_value(args[0].value) != ".":
        return False
    limited = len(args) > 1 or "maxsplit" in kws
    if method == "partition":
        return index == 0
    if method == "rpartition":
        return index in (-1, 2)
    if method == "split":
        return index == 0 or not limited
    if method == "rsplit":
        return index == -1 or not limited
    return False


def _walk(node: cst.CSTNode) -> Any:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(child_nodes(n))


def _concat(t: Taint | None) -> Taint | None:
    if t is None:
        return None
    return Taint(t.flows, t.build, False)


def _attr_text(node: cst.CSTNode) -> str:
    if type(node) is cst.Name:
        return node.value
    if type(node) is cst.Attribute:
        return f"{_attr_text(node.value)}.{node.attr.value}"
    return ""


def _str_value(node: cst.CSTNode | None) -> str | None:
    if type(node) is cst.SimpleString:
        try:
            if "\\" in node.value:
                # (libcst evaluates the literal with Python's own parser, which warns about an
                # invalid escape such as "[\w.]+" in scanned code: not riskscan's to report)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    v = node.evaluated_value
            else:
                v = node.evaluated_value
        except Exception:  # noqa: BLE001
            return None
        return v if isinstance(v, str) else None
    if type(node) is cst.ConcatenatedString:
        left = _str_value(node.left)
        right = _str_value(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _prefix_literals(node: cst.CSTNode | None) -> list[str | None]:
    """The prefixes a ``startswith`` argument names: one string, each item of
    a tuple of them; [None] when it is no literal."""
    if type(node) is cst.Tuple:
        return [_str_value(e.value) for e in node.elements] or [None]
    return [_str_value(node)]


def _key_var(name: str, key: str) -> str:
    """The ``_Env.vars`` entry for key ``key`` of local dict ``name`` (never an identifier)."""
    return f"{name}[{key!r}]"


def _forget_keys(name: str, env: "_Env") -> None:
    """``name`` is bound anew: the keys its old dict held are gone."""
    prefix = name + "["
    for k in [k for k in env.vars if k.startswith(prefix)]:
        del env.vars[k]


def _subscript_str(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return _str_value(node.slice[0].slice.value)


_FLASK_PARAM = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
_BRACE_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")


# Bottle's wildcards (its router's rule syntax) put the name first: `<name>`,
# `<name:filter>`, `<name:filter:config>` (`<id:int>`, `<path:path>`,
# `<key:re:[0-9a-f]+>`), where Flask writes `<converter:name>`
_BOTTLE_PARAM = lazy_re(r"<(\w+):([a-zA-Z_]*)(?::((?:\\.|[^\\>])+))?>")


def _named_groups(pattern: str) -> dict[str, str]:
    """``(?P<name>...)`` groups of a regex: name -> the group's own pattern."""
    out: dict[str, str] = {}
    for m in _NAMED_GROUP.finditer(pattern):
        depth, i = 1, m.end()
        while i < len(pattern) and depth:
            ch = pattern[i]
            if ch == "\\":
                i += 1
            elif ch == "[":
                i = pattern.find("]", i + 2)
                if i < 0:
                    return {}
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            i += 1
        if depth:
            return {}
        out[m.group(1)] = pattern[m.end() : i - 1]
    return out


_NAMED_GROUP = lazy_re(r"\(\?P<([A-Za-z_]\w*)>")


def _path_params(path: str, names: frozenset[str] = frozenset()) -> dict[str, str]:
    """Route path parameters -> converter ('' when none).  A ``<a:b>`` whose
    first word is a parameter of the handler (``names``) and whose second is
    not is Bottle's ``<name:filter>``; its ``re`` filter becomes ``re:<config>``
    (no config: Bottle's default, one segment)."""
    out: dict[str, str] = {}
    for m in _FLASK_PARAM.finditer(path):
        out[m.group(2)] = m.group(1) or ""
    for m in _BRACE_PARAM.finditer(path):
        out[m.group(1)] = m.group(2) or ""
    for m in _BOTTLE_PARAM.finditer(path):
        name, filt, conf = m.groups()
        if name in names and filt not in names:
            out[name] = f"re:{conf}" if filt == "re" and conf else "" if filt == "re" else filt
    return out


def _module_statements(body: Any) -> Any:
    """Small statements at module level, also inside module-level if/try blocks."""
    for node in body:
        if type(node) is cst.SimpleStatementLine:
            yield from node.body
        elif isinstance(node, (cst.If, cst.Try, cst.TryStar)):
            blocks: list[Any] = [node.body]
            if type(node) is cst.If and node.orelse is not None:
                blocks.append(node.orelse if type(node.orelse) is cst.If else node.orelse.body)
            if isinstance(node, (cst.Try, cst.TryStar)):
                blocks.extend(h.body for h in node.handlers)
            for blk in blocks:
                if type(blk) is cst.If:
                    yield from _module_statements([blk])
                elif type(blk) is cst.IndentedBlock:
                    yield from _module_statements(blk.body)


# (`req`: a handler's request parameter may be named so, _REQ_PARAM_NAMES; Trac's `req.args`)
def _exit_kind(suite: Any) -> str:
    """How the block leaves: "raise" (``raise``, ``abort()``, ``sys.exit()``),
    "return" (``return``, ``continue``, ``break``), "" when it falls through."""
    if not _suite_exits(suite):
        return ""
    body = suite.body
    last = body[-1] if isinstance(body, (list, tuple)) else body
    items = last.body if type(last) is cst.SimpleStatementLine else [last]
    return "return" if any(isinstance(i, (cst.Return, cst.Continue, cst.Break)) for i in items) else "raise"


def _handlers_end(handlers: Any) -> str:
    """How a ``try``'s handlers end (see :func:`_exit_kind`): "raise" with
    none (``try``/``finally``) or when each re-raises, "return" when each
    leaves and one returns, "" when one may fall through."""
    kinds = [_exit_kind(h.body) for h in handlers]
    if "" in kinds:
        return ""
    return "return" if "return" in kinds else "raise"


def _through_trys(r: str, trys: list[str]) -> str:
    """A check's failure ``r`` ("raise", "return", "") after the enclosing
    ``try`` blocks ``trys`` (outermost first) have seen it."""
    for k in reversed(trys):
        if r != "raise":
            break
        r = k
    return r


def _breaks(node: cst.CSTNode) -> bool:
    """Does a ``break`` in ``node`` leave the loop whose body it is (not one
    of a loop nested in it -- whose ``else`` is still this loop's --, nor of
    a function defined in it)?"""
    for child in child_nodes(node):
        if type(child) is cst.Break:
            return True
        if isinstance(child, (cst.For, cst.While)):
            if child.orelse is not None and _breaks(child.orelse):
                return True
        elif not isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)) and _breaks(child):
            return True
    return False


def _suite_exits(suite: Any) -> bool:
    """The block ends by leaving: ``return``, ``raise``, ``continue``/``break``
    or an ``abort(...)`` / ``sys.exit(...)`` call."""
    body = getattr(suite, "body", None)
    if not body:
        return False
    last = body[-1] if isinstance(body, (list, tuple)) else body
    items = last.body if type(last) is cst.SimpleStatementLine else [last]
    for item in items:
        if isinstance(item, (cst.Return, cst.Raise, cst.Continue, cst.Break)):
            return True
        if type(item) is cst.Expr and type(item.value) is cst.Call:
            f = item.value.func
            name = f.attr.value if type(f) is cst.Attribute else f.value if type(f) is cst.Name else ""
            if name in ("abort", "exit", "_exit"):
                return True
    return False


# what a source needs in the text: a request object (a parameter or import
# named `request`/`req`, or annotated `Request`, `HttpRequest`, `web.Request`),
# an upload, a class-based view's URL arguments, a WSGI application's
# `start_response`, or a route decorator
# a route pattern with a capture group opening a tuple or call: `(r"/files/([^/]+)", H)`, `url(r"^/f/(.*)$", H)`
_TORNADO_GROUP_ROUTE = lazy_re(r"""\(\s*[rRuU]?["']\^?/[^"'\n]*\(""")
_SOURCE_WORDS = lazy_re(r"(?i:request)\b|\breq\b|UploadFile|self\.kwargs|HTTPRequestHandler\b|\bstart_response\b")
# a route decorator (`@app.get(`), as it starts a line (_ROUTE_DECORATOR) or at an `@` (_route_decorator)
_ROUTE_DECORATOR_AT = re.compile(r"@[\w.]+\.(?:route|get|post|put|patch|delete|api_route|websocket)\(")
_ROUTE_DECORATOR = re.compile(r"^\s*" + _ROUTE_DECORATOR_AT.pattern, re.M)
_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
# a route decorator applied by hand to a function: `app.get("/files/{name}")(serve)` (registered_routes)
_ROUTE_REGISTRATION = lazy_re(r"\.(?:route|get|post|put|patch|delete|api_route|head|options|websocket)\(\s*[\"']/[^()]*\)\(\s*\w+\s*\)")
# Flask-AppBuilder's route decorator on a view class's method (route_path)
_APPBUILDER_EXPOSE = lazy_re(r"^\s*@expose\(", re.M)
_SINK_TOKENS = ("open", "send_file", "FileResponse", "Path", "os.", "shutil", "static_file", "join", "read_")


def _word_at(text: str, needle: str, hay: str, start: bool) -> bool:
    """Does ``needle`` occur in ``hay`` (``text``, or ``text`` lowercased:
    same length, ASCII) with a word boundary of ``text`` after it (and
    before it, with ``start``)?"""
    n, size = len(needle), len(text)
    i = hay.find(needle)
    while i >= 0:
        end = i + n
        if (end == size or text[end] not in _ASCII_WORD) and (not start or i == 0 or text[i - 1] not in _ASCII_WORD):
            return True
        i = hay.find(needle, i + 1)
    return False


def _source_words(text: str) -> bool:
    """``_SOURCE_WORDS.search(text)``: in ASCII text (nearly all), by
    substring search.  The regular expression tries every position of a
    file that holds none (11 MB/s: seconds of a large project's parse)."""
    if not text.isascii():
        return _SOURCE_WORDS.search(text) is not None
    if "UploadFile" in text or "self.kwargs" in text:
        return True
    return (_word_at(text, "request", text.lower(), False) or _word_at(text, "req", text, True)
            or _word_at(text, "HTTPRequestHandler", text, False) or _word_at(text, "start_response", text, True))


def _route_decorator(text: str) -> bool:
    """``_ROUTE_DECORATOR.search(text)``: in ASCII text, tried only at each
    ``@`` with nothing but whitespace before it on its line."""
    if not text.isascii():
        return _ROUTE_DECORATOR.search(text) is not None
    i = text.find("@")
    while i >= 0:
        line = text.rfind("\n", 0, i) + 1
        if (line == i or text[line:i].isspace()) and _ROUTE_DECORATOR_AT.match(text, i):
            return True
        i = text.find("@", i + 1)
    return False


def taint_facts(module: cst.Module, text: str, positions: Any = None) -> dict[str, Any]:
    """RS701 sinks for one Python file (see the module docstring)."""
    requests = bool(_source_words(text) or _route_decorator(text) or (")(" in text and _ROUTE_REGISTRATION.search(text))
                    or "add_url_rule(" in text
                    or (_TORNADO_GROUP_ROUTE.search(text) is not None and any(r in text for r in _TORNADO_ROOTS))
                    or ("flask_appbuilder" in text and _APPBUILDER_EXPOSE.search(text)))
    sinks = any(tok in text for tok in _SINK_TOKENS)
    # request values handed to another module (handoffs); what a module's
    # functions do with their parameters (params)
    hands = requests and ("import" in text)
    if not sinks and not hands:
        return {"sinks": []}
    if positions is None:
        from libcst.metadata import MetadataWrapper, PositionProvider

        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
    return _PyTaint(module, text, positions).run(judge=requests, summarise=sinks and any(t in text for t in _FILE_API))


# what a parameter could reach (a file opened, removed, sent)
_FILE_API = ("open(", "os.", "shutil", "Path", "send_file", "send_from_directory", "FileResponse", "static_file")
