"""Request value -> file path data flow for JavaScript / TypeScript (RS701).

``taint_facts(root, src)`` takes the tree-sitter root node and the source
bytes of one file and returns the dict the JS frontend stores in
``FileFacts.extra["taint"]``.  The analysis is intra-procedural (closures
inherit the enclosing function's variables) and flow-insensitive inside a
function: statements are visited in source order, branches are not told
apart.  A request value passed to a function of the same file is followed
into it (two levels deep, ``through`` names the call); one passed to a
function of another module is a ``handoffs`` entry, joined by the check to
that module's ``params`` summaries (what each function does with each
parameter, computed with the parameter as a flow of its own).

Format (shared with :mod:`riskscan.frontends.taint_py`)::

    {"sinks": [
        {"line": 63, "col": 20,             # first path API the request value reaches
         "sink": "path.join",               # as the check should name it
         "kind": "build" | "file",          # build: path construction (join/resolve,
                                            #   Path(), os.path.join); file: file access
                                            #   or file response (fs.*, sendFile, open ...)
         "source": "req.params.filename",   # request expression the value comes from
         "source_line": 56,
         "guards": [{"kind": "blocklist", "line": 57, "text": "filename.includes('..')"}],
         "then": [{"line": 64, "col": 9, "sink": "fs.readFile"}],  # file accesses the built path
                                            #   (or, for "file", the same value) reaches later
         "others": [{"source": ..., "source_line": ..., "guards": [...]}],  # (several request
                                            #   values reach it) the rest, least guarded first
         "escapes": false,                  # built path passed to another call or returned
         "via": ["sendFile"],               # (when it escapes) project functions it is handed to
         "opaque": true,                    # (when it escapes) also anywhere else: returned, a method...
         "func_line": 55,                   # line of the enclosing function (Func.line)
         "through": {"func": "readLog", "line": 9}}  # (reached inside a same-file helper) the call
    ],
     "handoffs": [                          # request values passed to another module's function
        {"line": 4, "col": 36, "name": "backups.remove", "arg": 0, "func_line": 4,
         "source": "req.query.db", "source_line": 4, "guards": []}],
     "params": [                            # a sink record reached from parameter ``param``
        {"param": 0, "line": 5, "col": 13, "sink": "path.join", "kind": "build", "then": [...],
         "escapes": false, "func_line": 4, "guards": []}],
     "validators": [                        # (JS only) functions of one parameter that only return
        {"func_line": 2, "kind": "blocklist"}]}  # a regex test of it, as that test guards inline

Guard kinds: ``contain`` (resolve/realpath + startsWith/commonpath/is_relative_to),
``basename`` (basename/secure_filename/sanitize-filename), ``allowlist`` (an
anchored regex admitting no dot or slash, validators, membership in a fixed
collection), ``blocklist`` (``includes('..')``, ``replace('../', '')``,
``isAbsolute``, unanchored regexes), ``dotregex`` (an anchored regex that
admits dots or slashes), ``noparent`` (``path.normalize(p)`` with every
leading ``..`` cut off: a copy of the flow gets it, and turns ``contain`` in
a ``path.join`` under a fixed base), ``nodotdot`` (the same for every run of
two or more dots removed, ``p.replace(/\\.\\.+/g, '')``); ``segment`` (a copy of the flow that holds
no ``/``: a replace that strips every separator but keeps dots,
``.replace(/[^a-z0-9.]/g, '')``; in Python also a route parameter), and, Python
only, what clears one, ``nodot`` (``name.split(".")[0]``) and ``affixed``
(fixed text glued to it in the same path segment).  A sink
reached by several request values reports the least guarded one.

Sources: Express/Fastify ``req.params/query/body/headers/cookies/url/path``,
Koa ``ctx.*``, Lambda ``event.pathParameters/queryStringParameters/path``,
Next.js ``req.query``, route-handler ``params`` and ``getServerSideProps``
``params/query``, NestJS ``@Param/@Query/@Body/@Headers`` (not with a
``Parse*Pipe`` or a ``number``/``boolean`` type), the client-chosen name of an
uploaded file (multer ``req.file(s).originalname``, express-fileupload
``req.files.x.name``, Nest ``@UploadedFile()``), and a first parameter typed
``Request``.  Route-level validation counts as a guard: a path-to-regexp
constraint (``/:id(\\d+)``) and express-validator chains (``param('x').isUUID()``).
"""

from __future__ import annotations

import re
from typing import Any

from .javascript import INTEROP_HELPERS
from ._schemas import PARSE_METHODS, ZOD_MODULES, passthrough_schema
from ._taint_core import (
    CONTAIN_NAME,
    NO_PARENT,
    FlowBook,
    Taint,
    capture_groups,
    classify_regex,
    join_arms,
    merge,
    prefix_test_guards,
    replace_guards,
    strips_dot_runs,
    strips_parent_prefix,
    strips_separators,
    strips_slashes,
)

__all__ = ["taint_facts"]

_MAX_DEPTH = 180

_FS_MODS = frozenset(
    {
        "fs", "node:fs", "fs/promises", "node:fs/promises", "fs-extra", "fs-extra/esm", "graceful-fs", "original-fs", "mz/fs",
    }
)
_PATH_MODS = frozenset({"path", "node:path", "path/posix", "node:path/posix", "path/win32", "node:path/win32", "upath", "pathe"})
# Node's legacy URL parser: `url.parse(req.url).pathname` is the request's path as sent, `..` segments
# and all (WHATWG `new URL(req.url, base)` removes dot segments: not listed)
_URL_MODS = frozenset({"url", "node:url"})
_KOA_SEND = frozenset({"koa-send", "@koa/send"})
_SANITIZE_MODS = frozenset({"sanitize-filename"})
# receivers that are file-system modules by convention even without a visible import
_FS_NAMES = frozenset({"fs", "fsp", "fsPromises", "fse", "fsExtra"})
_FS_NOT_SINK = frozenset({"constants", "promises", "watch", "watchFile", "unwatchFile", "Stats", "Dirent"})
_FS_DERIVE = frozenset({"realpath", "realpathSync"})
# fs functions whose second argument is a path too (the others take data or options there)
_FS_TWO_PATHS = frozenset(
    {
        "rename", "renameSync", "copyFile", "copyFileSync", "cp", "cpSync", "link", "linkSync", "symlink", "symlinkSync", "move",
        "moveSync", "copy", "copySync", "ensureLink", "ensureLinkSync", "ensureSymlink", "ensureSymlinkSync", "createSymlink",
    }
)

_FUNC_TYPES = frozenset(
    {
        "function_declaration", "generator_function_declaration", "function_expression", "function", "generator_function", "arrow_function",
        "method_definition",
    }
)
_UNWRAP = frozenset(
    {
        "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion", "await_expression",
        "spread_element",
    }
)
_LEAVES = frozenset(
    {
        "string", "number", "regex", "true", "false", "null", "undefined", "this", "super", "comment", "template_literal_type",
        "type_annotation", "type_arguments", "property_identifier", "shorthand_property_identifier", "private_property_identifier",
        "statement_identifier", "import", "hash_bang_line",
    }
)
_SKIP_STMTS = frozenset({"import_statement", "interface_declaration", "type_alias_declaration", "enum_declaration", "ambient_declaration"})

# request objects by parameter name -> flavour
_REQ_NAMES = {"req": "req", "request": "req", "ctx": "ctx", "event": "event"}
_REQ_PROPS = frozenset({"params", "query", "body", "headers", "cookies", "signedCookies", "url", "path", "originalUrl"})
_CTX_PROPS = frozenset({"params", "query", "body", "headers", "cookies", "querystring", "url", "path", "originalUrl"})
# what Koa's context itself holds (not a service the app put on it)
_CTX_OWN = _CTX_PROPS | {"request", "response", "req", "res", "app", "state", "cookies", "socket", "session", "router", "_matchedRoute"}
_EVENT_PROPS = frozenset({"pathParameters", "queryStringParameters", "multiValueQueryStringParameters", "path", "rawPath"})
_REQ_METHODS = frozenset({"param", "get", "header"})
# HonoRequest methods returning client values (not `valid()`: what a validator let through)
_HONO_REQ_METHODS = frozenset({"param", "query", "queries", "header", "json", "parseBody"})
_ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "del", "all", "use", "options", "head", "route"})
_NEST_SOURCES = frozenset({"Param", "Query", "Body", "Headers"})
_NEST_REQ = frozenset({"Req", "Request"})
_NEST_UPLOADS = frozenset({"UploadedFile", "UploadedFiles"})
# Nest pipes that turn the parameter into something that is not a path
_NEST_SAFE_PIPES = frozenset({"ParseIntPipe", "ParseFloatPipe", "ParseBoolPipe", "ParseUUIDPipe", "ParseEnumPipe"})
_SAFE_PARAM_TYPES = frozenset({"number", "boolean", "bigint", "Date"})
# uploaded files (multer req.file/req.files, express-fileupload req.files.x, Nest @UploadedFile):
# the client-chosen name is a request value, the server-side fields are not
_UPLOAD_NAMES = frozenset({"originalname", "originalName", "name"})
_STORAGE_OPTIONS = frozenset({"filename", "destination"})
_UPLOAD_CONTAINERS = frozenset({"file", "files"})
_UPLOAD_FIELDS = frozenset(
    {"path", "buffer", "size", "mimetype", "tempFilePath", "encoding", "fieldname", "destination", "data", "md5", "mv", "stream", "length"}
)
_ROUTE_PARAM_RE = re.compile(r":(\w+)\(((?:[^()]|\([^()]*\))+)\)")
_PATH_KEY = re.compile(r"(?i)path|file|dir|dest|^src$|^cwd$|^root$|folder|location")
_VALIDATOR_CHAIN = re.compile(r"\b(param|query|body|check)\(\s*['\"]([\w$]+)['\"]\s*\)((?:\s*\.\s*\w+\((?:[^()]|\([^()]*\))*\))+)")
_VALIDATOR_STRONG = re.compile(r"\.(?:isAlphanumeric|isAlpha|isUUID|isInt|isNumeric|isMongoId|isSlug|isHexadecimal|isIn|toInt|isDecimal)\(")
_ITER_METHODS = frozenset({"forEach", "map", "flatMap", "filter", "some", "every", "find"})
_REQ_TYPE = re.compile(r"^(?:express\.|Express\.)?(?:Request|NextApiRequest|FastifyRequest|IncomingMessage)\b")
_NEXT_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})

_SEND_METHODS = frozenset({"sendFile", "sendfile", "download"})
_SAFE_SENDERS = frozenset({"reply", "rep"})  # @fastify/static: always confined to its root
_STR_METHODS = frozenset(
    {
        "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "normalize", "slice",
        "substring", "substr", "toString", "valueOf", "concat", "padStart", "padEnd", "split", "join", "at", "pop", "shift", "flat",
    }
)
_UNTAINT_FUNCS = frozenset({"Number", "parseInt", "parseFloat", "BigInt", "Boolean", "isNaN", "isFinite"})
_PROPAGATE_FUNCS = frozenset({"String", "decodeURIComponent", "decodeURI", "unescape", "encodeURI"})
_VALIDATORS = frozenset(
    {
        "isUUID", "isUuid", "isValidUUID", "validateUUID", "isValidObjectId", "isMongoId", "isAlphanumeric", "isAlpha", "isInt",
        "isNumeric", "isSlug", "isHexadecimal",
    }
)
_HARMLESS = frozenset(
    {
        "log", "info", "warn", "error", "debug", "trace", "json", "send", "status", "end", "write", "set", "setHeader", "header", "type",
        "stringify", "push", "emit", "fatal", "assert",
    }
)
# file-system function names distinctive enough to count on any receiver
_FS_METHODS = frozenset(
    {
        "readFile", "readFileSync", "createReadStream", "createWriteStream", "writeFile", "writeFileSync", "appendFile", "appendFileSync",
        "unlinkSync", "readdirSync", "rmSync", "copyFile", "copyFileSync", "readJson", "readJsonSync", "outputFile", "pathExists",
    }
)
_VALIDATOR_NAME = re.compile(r"(?i)^(?:is_?)?valid|validat|allowed|whitelist|allowlist|^isSafe|sane")
# methods of other objects that take a local file path (archivers, image tools, uploads)
_PATH_TAKING_METHODS = frozenset(
    {
        "mv", "move", "save", "saveAs", "toFile", "file", "addLocalFile", "addLocalFolder", "extractAllTo", "extractEntryTo", "directory",
        "writeTo", "fPutObject", "fGetObject", "sendFile", "attachments", "unzip", "extract",
        "loadFile", "readFile", "writeFile", "parseFile", "fromFile", "createReadStream", "createWriteStream",
    }
)
_HARMLESS_FUNCS = frozenset({"String", "JSON", "console", "Number", "Boolean", "encodeURIComponent"})


# env.vars key prefix of a request property the handler assigned (`req.url = ...`)
_REQ_SLOT = "\0req:"


def _admits_anything(pattern: str) -> bool:
    """A route constraint of `.*`/`.+` (also lazy or in parentheses): it admits
    any text, `../` included, so it is no validation at all."""
    return pattern.replace("(", "").replace(")", "").rstrip("?") in (".*", ".+")


class _Env:
    __slots__ = ("vars", "reqs", "func_line", "scope")

    def __init__(self, vars_: dict[str, Taint], reqs: dict[str, str], func_line: int, scope: int = -1) -> None:
        self.vars = vars_
        self.reqs = reqs
        self.func_line = func_line
        self.scope = scope  # id of the outermost function: flows are shared inside it


def _separated_prefix(text: str) -> bool:
    """Fixed path text that ends with a separator and holds more than
    separators (``/files/``, ``${}/`` for a fixed value and a slash): what
    follows it starts a segment below it, never an absolute path (a lone
    ``/`` does not do: ``'/' + '/etc/passwd'`` is absolute)."""
    return text.endswith("/") and text.strip("/") != ""


# ---------------------------------------------------------------------------


class _JsTaint:
    def __init__(self, root: Any, src: bytes) -> None:
        self.root = root
        self.src = src
        self.mods: dict[str, str] = {}  # local name -> module kind ('fs', 'path', 'send', 'sanitize', 'url')
        self.funcs: dict[str, tuple[str, str]] = {}  # local name -> (module kind, member)
        self.project_mods: set[str] = set()  # local names of the project's own modules (relative imports)
        self.interop: set[str] = set()  # fs/path names wrapped by an interop helper: reached through `.default`
        self.express = False  # the file imports express (its res.sendFile refuses `..`: ``refuses_parent_segments``)
        self.regexes: dict[str, str] = {}  # local name -> regex pattern
        self.zod: set[str] = set()  # local names of the zod module (`import { z } from "zod"`)
        self.open_schemas: set[str] = set()  # zod schemas that admit any string (see ``_schemas``)
        # multer `diskStorage({filename(req, file, cb) {...}})`: (start, end byte, callback name, option)
        self.storage_cbs: list[tuple[int, int, str, str]] = []
        self.regex_flags: dict[str, str] = {}  # local name -> its flags (`g`, `i`...)
        self.route_cbs: set[int] = set()
        self.route_params: dict[int, dict[str, str]] = {}  # handler node id -> {param: regex guard kind}
        self.param_guards: dict[str, str] = {}  # app.param('name', validateName): every route's `name`
        self.roots: list[Any] = []
        self.top_funcs: dict[str, Any] = {}  # module-level functions by name (see ``checks_containment``)
        self.contain_funcs: dict[str, bool] = {}
        self.methods: dict[str, Any] = {}  # class methods of this file by name (see ``method_checks_containment``)
        self.book = FlowBook()
        self.rebinding: Taint | None = None  # what the variable an assignment being evaluated rebinds holds
        # while an `if` condition is evaluated: the calls in it (start, end byte) that must be
        # true for the code after it to run (`if (!path.isAbsolute(p)) return ...`)
        self.if_required: set[tuple[int, int]] = set()
        # ... and the calls it is made of that hold only in its first arm, with that arm's
        # lines (`if (cache.has(key)) { return cb(cached) }`: the code after it runs for
        # the values the lookup does not know)
        self.if_armed: dict[tuple[int, int], tuple[int, int]] = {}
        self.inlining: list[str] = []  # same-file helpers being followed (see ``into_helper``)
        self.inlined = 0
        self.element_writes: dict[int, Taint | None] = {}  # `arr[i] = v` assignment node id -> what v holds

    # ------------------------------------------------------------ utilities
    def t(self, node: Any) -> str:
        return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def short(self, node: Any, limit: int = 80) -> str:
        text = " ".join(self.t(node).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    @staticmethod
    def line(node: Any) -> int:
        return int(node.start_point[0]) + 1

    def strval(self, node: Any) -> str | None:
        if node is None:
            return None
        if node.type == "string":
            return self.t(node)[1:-1]
        if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
            return self.t(node)[1:-1]
        return None

    def chain(self, node: Any) -> tuple[str, list[str]] | None:
        """'req.params.name' -> ('req', ['params', 'name']) for identifier/member chains."""
        props: list[str] = []
        cur = node
        while True:
            tp = cur.type
            if tp == "member_expression":
                prop = cur.child_by_field_name("property")
                if prop is None:
                    return None
                props.append(self.t(prop))
                cur = cur.child_by_field_name("object")
            elif tp == "subscript_expression":
                idx = cur.child_by_field_name("index")
                sv = self.strval(idx) if idx is None or idx.type != "number" else self.t(idx)
                if sv is None:
                    return None
                props.append(sv)
                cur = cur.child_by_field_name("object")
            elif tp in ("non_null_expression", "parenthesized_expression"):
                cur = cur.named_children[0] if cur.named_children else None
            elif tp == "identifier":
                props.reverse()
                return self.t(cur), props
            else:
                return None
            if cur is None:
                return None

    @staticmethod
    def args_of(node: Any) -> list[Any]:
        args = node.child_by_field_name("arguments")
        if args is None or args.type != "arguments":
            return []
        return [a for a in args.named_children if a.type != "comment"]

    def new_flow(self, source: str, line: int, env: _Env | None = None, upload: bool = False) -> Taint:
        return self.book.new_flow(source, line, env.scope if env is not None else -1, upload)

    def guard(self, t: Taint | None, kind: str, node: Any) -> None:
        self.book.guard(t, kind, self.line(node), self.short(node))

    def basename_of(self, t: Taint | None, node: Any) -> Taint | None:
        """The file name of the value ``t`` (``path.basename(p)``, a sanitizer):
        a new value the guard holds for, not the request value itself --
        ``res.sendFile(p)`` beside a ``path.basename(p)`` for the download name
        still sends the client's path.  Cleaned in place (``name =
        path.basename(name)``), the value's flow is guarded, as the variable
        holds the cleaned name from there on."""
        if t is not None and self.rebinding is not None and set(t.flows) <= set(self.rebinding.flows):
            self.guard(t, "basename", node)
            return t
        named = self.book.narrow(t, "basename", self.line(node), self.short(node))
        return Taint(named.flows, -1, named.derived) if named is not None else None

    def file_sink(self, node: Any, sink: str, t: Taint, env: _Env) -> None:
        self.book.file_sink(self.line(node), int(node.start_point[1]) + 1, sink, t, env.func_line)

    def escape(self, t: Taint | None) -> None:
        self.book.escape(t)

    # ------------------------------------------------------------- phase 1
    def scan(self) -> None:
        stack: list[tuple[Any, bool]] = [(self.root, False)]
        while stack:
            node, in_func = stack.pop()
            tp = node.type
            if tp in _FUNC_TYPES:
                if not in_func:
                    self.roots.append(node)
                    self.note_top_function(node)
                in_func = True
            elif tp == "import_statement":
                self.on_import(node)
                continue
            elif tp == "variable_declarator":
                self.on_declarator(node)
            elif tp == "call_expression":
                self.on_route_call(node)
                self.note_express_require(node)
                self.on_disk_storage(node)
            elif tp in ("comment", "string", "template_string", "regex", "number"):
                continue
            for c in reversed(node.named_children):
                stack.append((c, in_func))
        self.roots.sort(key=lambda n: n.start_byte)

    def note_top_function(self, node: Any) -> None:
        """Remember a module-level function by name (``function sendFile(...)``,
        ``const sendFile = (...) => ...``) for :meth:`checks_containment`."""
        name = node.child_by_field_name("name")
        if name is None and node.parent is not None and node.parent.type == "variable_declarator":
            name = node.parent.child_by_field_name("name")
        if name is not None and name.type == "identifier":
            self.top_funcs.setdefault(self.t(name), node)
        elif name is not None and node.type == "method_definition" and name.type == "property_identifier":
            self.methods.setdefault(self.t(name), node)

    def method_checks_containment(self, method: str, depth: int = 0) -> bool:
        """A class method of this file (``this.readFile(p)``) that checks a
        path stays under its root before using it, itself (as
        :meth:`checks_containment` sees it, or a ``path.normalize``/``resolve``
        result tested with ``startsWith``) or through another such method it
        calls (``fileResponse(p)`` -> ``this.readFile(p)``), two calls deep at most."""
        body = self.small_text(self.methods.get(method))
        if not body:
            return False
        if _body_checks_containment(body) or (re.search(r"\.(?:normalize|resolve)\(", body) is not None and ".startsWith(" in body):
            return True
        return depth < 2 and any(
            m != method and self.method_checks_containment(m, depth + 1) for m in dict.fromkeys(_THIS_CALLED.findall(body))
        )

    def checks_containment(self, fname: str) -> bool:
        """A function of this file that checks a path stays under its root
        before using it: it calls a containment-named helper (``isChildPath``)
        or compares ``path.relative(...)`` against ``'..'`` itself."""
        got = self.contain_funcs.get(fname)
        if got is None:
            body = self.small_text(self.top_funcs.get(fname))
            got = self.contain_funcs[fname] = bool(body) and _body_checks_containment(body)
        return got

    def small_text(self, node: Any) -> str:
        """The source of a function node, '' for none or one too large to search."""
        return self.t(node) if node is not None and node.end_byte - node.start_byte < 20000 else ""

    def kind_of_module(self, spec: str) -> str:
        if spec in _FS_MODS:
            return "fs"
        if spec in _PATH_MODS:
            return "path"
        if spec in _KOA_SEND:
            return "send"
        if spec in _SANITIZE_MODS:
            return "sanitize"
        if spec in _URL_MODS:
            return "url"
        return ""

    def on_import(self, node: Any) -> None:
        source = node.child_by_field_name("source")
        spec = self.strval(source)
        if spec is None:
            return
        self.express = self.express or spec == "express"
        if spec in ZOD_MODULES:
            self.zod.update(self.t(i) for i in _identifiers_of_import(node))
            return
        kind = self.kind_of_module(spec)
        if not kind:
            if spec.startswith(("./", "../")):
                for clause in node.named_children:
                    if clause.type == "import_clause":
                        for c in clause.named_children:
                            ident = c if c.type == "identifier" else next((x for x in c.named_children if x.type == "identifier"), None) if c.type == "namespace_import" else None
                            if ident is not None:
                                self.project_mods.add(self.t(ident))
            return
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for c in clause.named_children:
                if c.type == "identifier":  # default import
                    self.bind_module(self.t(c), kind, "default")
                elif c.type == "namespace_import":
                    ident = next((x for x in c.named_children if x.type == "identifier"), None)
                    if ident is not None:
                        self.mods[self.t(ident)] = kind
                elif c.type == "named_imports":
                    for spec_node in c.named_children:
                        if spec_node.type != "import_specifier":
                            continue
                        name = spec_node.child_by_field_name("name")
                        alias = spec_node.child_by_field_name("alias")
                        if name is None:
                            continue
                        member = self.t(name)
                        local = self.t(alias) if alias is not None else member
                        if member == "promises" and kind == "fs":
                            self.mods[local] = "fs"
                        else:
                            self.funcs[local] = (kind, member)

    def note_express_require(self, node: Any) -> None:
        """``require('express')``: the file is an Express app's (see ``refuses_parent_segments``)."""
        fn = node.child_by_field_name("function")
        if fn is not None and fn.type == "identifier" and self.t(fn) == "require":
            args = self.args_of(node)
            self.express = self.express or (bool(args) and self.strval(args[0]) == "express")

    def bind_module(self, local: str, kind: str, member: str) -> None:
        if kind in ("fs", "path", "url"):
            self.mods[local] = kind
        else:
            self.funcs[local] = (kind, member)

    def requires_project_module(self, value: Any) -> bool:
        """``require('./services/monitor')`` (or its ``.default``, or Babel's
        ``_interopRequireDefault(require('./services/monitor'))``): one of the project's own modules."""
        v = self.interop_required(value) or value
        if v.type == "member_expression":
            prop = v.child_by_field_name("property")
            if prop is None or self.t(prop) != "default":
                return False
            v = v.child_by_field_name("object")
        if v is None or v.type != "call_expression":
            return False
        fn = v.child_by_field_name("function")
        if fn is None or self.t(fn) != "require":
            return False
        args = self.args_of(v)
        spec = self.strval(args[0]) if args else None
        return spec is not None and spec.startswith(("./", "../"))

    def project_module(self, recv: Any) -> str:
        """The local name of the project's own module a receiver is: ``monitor``,
        or Babel's ``_monitor["default"]`` / ``_monitor.default``; else ''."""
        if recv is None:
            return ""
        if recv.type in ("subscript_expression", "member_expression"):
            key = recv.child_by_field_name("index" if recv.type == "subscript_expression" else "property")
            if key is None or (self.strval(key) if recv.type == "subscript_expression" else self.t(key)) != "default":
                return ""
            recv = recv.child_by_field_name("object")
        name = self.t(recv) if recv is not None and recv.type == "identifier" else ""
        return name if name in self.project_mods else ""

    def interop_required(self, value: Any) -> Any | None:
        """``_interopRequireDefault(require('fs'))`` (a compiler's module interop
        helper around a ``require`` call): that call, else None."""
        fn = value.child_by_field_name("function") if value.type == "call_expression" else None
        args = self.args_of(value) if fn is not None else []
        if fn is None or fn.type != "identifier" or self.t(fn) not in INTEROP_HELPERS or len(args) != 1 or args[0].type != "call_expression":
            return None
        return args[0]

    def interop_wrapped(self, value: Any) -> str:
        """``_interopRequireDefault(_path)`` (a compiler's module interop helper
        around a local name): that name, else ''."""
        if value.type != "call_expression":
            return ""
        fn = value.child_by_field_name("function")
        args = self.args_of(value)
        if fn is None or fn.type != "identifier" or self.t(fn) not in INTEROP_HELPERS or len(args) != 1 or args[0].type != "identifier":
            return ""
        return self.t(args[0])

    def require_kind(self, value: Any) -> tuple[str, str] | None:
        """require('fs') -> ('fs', ''); require('fs').promises -> ('fs', 'promises')."""
        v = value
        member = ""
        while v is not None and v.type in ("await_expression", "parenthesized_expression"):
            v = v.named_children[0] if v.named_children else None
        if v is not None and v.type == "member_expression":
            prop = v.child_by_field_name("property")
            member = self.t(prop) if prop is not None else ""
            v = v.child_by_field_name("object")
        if v is None or v.type != "call_expression":
            return None
        fn = v.child_by_field_name("function")
        if fn is None or self.t(fn) not in ("require", "import"):
            return None
        args = self.args_of(v)
        spec = self.strval(args[0]) if args else None
        if spec is None:
            return None
        kind = self.kind_of_module(spec)
        return (kind, member) if kind else None

    def on_declarator(self, node: Any) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or value is None:
            return
        if name.type == "identifier":
            local = self.t(name)
            if value.type == "regex":
                pat = value.child_by_field_name("pattern")
                self.regexes[local] = self.t(pat) if pat is not None else ""
                flags = value.child_by_field_name("flags")
                self.regex_flags[local] = self.t(flags) if flags is not None else ""
                return
            if value.type == "new_expression":
                ctor = value.child_by_field_name("constructor")
                args = self.args_of(value)
                if ctor is not None and self.t(ctor) == "RegExp" and args:
                    sv = self.strval(args[0])
                    if sv is not None:
                        self.regexes[local] = sv.replace("\\\\", "\\")
                        self.regex_flags[local] = (self.strval(args[1]) or "") if len(args) > 1 else ""
                return
            if self.requires_project_module(value):
                self.project_mods.add(local)
                return
            if self.zod and value.type == "call_expression" and passthrough_schema(self.t(value), self.zod):
                self.open_schemas.add(local)
                return
            wrapped = self.interop_wrapped(value)
            if wrapped in self.mods:
                # Babel's `var _path2 = _interopRequireDefault(_path)`: `_path2.default` is the module
                self.mods[local] = self.mods[wrapped]
                self.interop.add(local)
                return
            inner = self.interop_required(value)
            req = self.require_kind(inner if inner is not None else value)
            if inner is not None and req is not None and req[1] == "" and req[0] in ("fs", "path", "url"):
                # Babel 7's `var _fs = _interopRequireDefault(require("fs"))`: `_fs.default` is the module
                self.mods[local] = req[0]
                self.interop.add(local)
                return
            if req is not None:
                kind, member = req
                if member in ("", "promises", "default"):
                    self.bind_module(local, kind, member or "default")
                else:
                    self.funcs[local] = (kind, member)
                return
            # const fsp = fs.promises
            ch = self.chain(value)
            if ch is not None and ch[0] in self.mods and ch[1] == ["promises"]:
                self.mods[local] = self.mods[ch[0]]
        elif name.type == "object_pattern":
            req = self.require_kind(value)
            kind = ""
            if req is not None:
                kind = req[0]
            else:
                ch = self.chain(value)
                if ch is not None and ch[0] in self.mods and ch[1] in ([], ["promises"]):
                    kind = self.mods[ch[0]]
            if not kind:
                return
            for c in name.named_children:
                if c.type == "shorthand_property_identifier_pattern":
                    self.funcs[self.t(c)] = (kind, self.t(c))
                elif c.type == "pair_pattern":
                    k = c.child_by_field_name("key")
                    v = c.child_by_field_name("value")
                    if k is not None and v is not None and v.type == "identifier":
                        if self.t(k) == "promises":
                            self.mods[self.t(v)] = kind
                        else:
                            self.funcs[self.t(v)] = (kind, self.t(k))

    def on_disk_storage(self, node: Any) -> None:
        """multer's ``diskStorage({destination, filename})``: the name its
        ``filename(req, file, cb)`` hands to ``cb`` is joined under the
        destination and written (``destination`` likewise names the folder), so
        ``cb(null, value)`` is a file sink (see ``storage_callback``)."""
        fn = node.child_by_field_name("function")
        if fn is None or not (self.t(fn) == "diskStorage" or self.t(fn).endswith(".diskStorage")):
            return
        opts = next((a for a in self.args_of(node) if a.type == "object"), None)
        for pair in opts.named_children if opts is not None else []:
            key = pair.child_by_field_name("key") if pair.type == "pair" else pair.child_by_field_name("name")
            value = pair.child_by_field_name("value") if pair.type == "pair" else pair
            opt = self.t(key).strip("'\"") if key is not None else ""
            if opt not in _STORAGE_OPTIONS or value is None or value.type not in _FUNC_TYPES:
                continue
            params = self.params_of(value)
            cb = params[2] if len(params) > 2 else None
            if cb is not None and cb.type in ("required_parameter", "optional_parameter"):
                cb = cb.child_by_field_name("pattern") or cb
            if cb is not None and cb.type == "identifier":
                self.storage_cbs.append((value.start_byte, value.end_byte, self.t(cb), opt))

    def storage_callback(self, node: Any, fname: str) -> str:
        """The multer option (`filename`, `destination`) whose callback ``node`` calls, '' if none."""
        return next((opt for start, end, cb, opt in self.storage_cbs if cb == fname and start <= node.start_byte < end), "")

    def on_param_handler(self, node: Any) -> None:
        """Express ``app.param('filename', validate_name)``: a validator run for
        that parameter of every route of the app (sinopia's name check)."""
        args = self.args_of(node)
        name = self.strval(args[0]) if args else None
        if name is None or len(args) < 2 or args[1].type not in ("identifier", "member_expression"):
            return
        fname = self.t(args[1]).rsplit(".", 1)[-1]
        if fname in _VALIDATORS or _VALIDATOR_NAME.search(fname):
            self.param_guards[name] = "allowlist"

    def route_param_guard(self, scope: Any, key: str) -> str | None:
        """The guard a route's own constraint, or an ``app.param`` validator, puts on ``req.params[key]``."""
        kind = self.route_params.get(scope, {}).get(key)
        if kind is None and scope in self.route_cbs:
            kind = self.param_guards.get(key)
        return kind

    def on_route_call(self, node: Any) -> None:
        fn = node.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            return
        prop = fn.child_by_field_name("property")
        if prop is not None and self.t(prop) == "param":
            self.on_param_handler(node)
            return
        if prop is None or self.t(prop) not in _ROUTE_METHODS:
            return
        args = self.args_of(node)
        constrained: dict[str, str] = {}
        route = self.strval(args[0]) if args else None
        if route:
            # Express path-to-regexp constraints: '/files/:id(\\d+)'
            for m in _ROUTE_PARAM_RE.finditer(route.replace("\\\\", "\\")):
                # Express 4's path-to-regexp turns every `*` of the path into `(.*)`,
                # inside a constraint too: `:filePath(*)` admits anything, `../` included
                # (no validation at all, so no guard)
                pattern = m.group(2).replace("*", "(.*)")
                if not _admits_anything(pattern):
                    constrained[m.group(1)] = classify_regex(pattern, full=True)
        elif args and args[0].type == "regex":
            # app.get(/^\/theme\/(\w+)$/, ...): req.params[0] is what the first group admits;
            # a group of `.*`/`.+` (`/^\/files\/(.+)$/`) validates nothing, like `:p(*)` above
            pat = args[0].child_by_field_name("pattern")
            groups = capture_groups(self.t(pat)) if pat is not None else None
            for i, g in enumerate(groups or ()):
                if not _admits_anything(g):
                    constrained[str(i)] = classify_regex(g, full=True)
        for a in args:
            if a.type not in _FUNC_TYPES and a.type != "identifier":
                self.validator_chains(self.t(a), constrained)
        for a in args:
            if a.type in _FUNC_TYPES:
                self.route_cbs.add(a.id)
                if constrained:
                    self.route_params[a.id] = constrained

    def validator_chains(self, text: str, out: dict[str, str]) -> None:
        """express-validator route middleware: `param('name').isAlphanumeric()`,
        `query('file').matches(/^[a-z]+$/)`, `check('id').isUUID()`."""
        for m in _VALIDATOR_CHAIN.finditer(text):
            field, chain = m.group(2), m.group(3)
            kind = ""
            if _VALIDATOR_STRONG.search(chain):
                kind = "allowlist"
            else:
                rm = re.search(r"\.matches\(\s*/((?:\\/|[^/])+)/", chain)
                if rm:
                    kind = classify_regex(rm.group(1))
            if kind and out.get(field) != "allowlist":
                out[field] = kind

    # ------------------------------------------------------------- phase 2
    def run(self, judge: bool = True, summarise: bool = True) -> dict[str, Any]:
        self.scan()
        if judge:
            for fn in self.roots:
                self.process_fn(fn, _Env({}, {}, 0))
        return self.book.result(self.param_summaries() if summarise else [])

    def param_summaries(self) -> list[dict[str, Any]]:
        """What each module-level function does with its parameters: every
        parameter is a flow of its own (``param:<i>``), so a path one builds and
        opens is a record another module's request value can be joined to
        (``backups.remove(req.query.db)``).  Handlers (taking the request) are
        judged as such, not here."""
        if not any(k in ("fs", "send", "path") for k in self.mods.values()) and not any(k in ("fs", "send", "path") for k, _m in self.funcs.values()):
            return []  # no file or path API here: nothing a parameter could reach (a built path is returned to a caller's file call)
        cands: list[tuple[Any, int]] = []
        for fn in self.roots:
            params = self.params_of(fn)
            if not params or fn.id in self.route_cbs or len(cands) >= 100:
                continue
            first = params[0]
            if first.type in ("required_parameter", "optional_parameter"):
                first = first.child_by_field_name("pattern") or first
            if first.type == "identifier" and self.t(first) in _REQ_NAMES:
                continue
            cands.append((fn, len(params)))
        if not cands:
            return []
        main = self.book
        self.book = FlowBook()
        try:
            for fn, n in cands:
                line = self.func_line(fn)
                binds = {i: self.book.new_flow(f"param:{i}", line) for i in range(min(n, 6))}
                since = len(self.book.records)
                self.process_fn(fn, _Env({}, {}, 0), binds=binds)
                for rec in self.book.records[since:]:
                    # (a sink in a callback it passes its parameter to, `names.map(n =>
                    # fs.readFile(path.join(root, n)))`, or in a same-file helper it calls,
                    # is this function's use of its parameter)
                    rec["func_line"] = line
            return self.book.output_params()
        finally:
            self.book = main

    def validators(self) -> list[dict[str, Any]]:
        """Module-level functions of one parameter whose body only returns a
        regex test of it (whistle's ``exports.existsUpPath = function (str) {
        return UP_PATH_REGEXP.test(str); }``, ``const isId = (s) => !ID_RE.test(s)``),
        with the guard kind that test has inline (:meth:`regex_kind`): a request
        value another module hands such a function is checked as by the test
        itself (see ``helper`` guards in the check).  A regex the file does not
        spell out is no validator."""
        out: list[dict[str, Any]] = []
        for fn in self.roots:
            params = self.params_of(fn)
            param = params[0] if len(params) == 1 else None
            if param is not None and param.type in ("required_parameter", "optional_parameter"):
                param = param.child_by_field_name("pattern")
            if param is None or param.type != "identifier":
                continue
            kind = self.regex_test_of(_returned(fn), self.t(param))
            if kind:
                out.append({"func_line": self.func_line(fn), "kind": kind})
        return out

    def regex_test_of(self, expr: Any, name: str) -> str:
        """The guard kind of ``RE.test(name)``, ``RE.exec(name)`` or
        ``name.match(RE)`` (also negated) for a regex literal of this file
        (inline or a module's name for one), else ''."""
        while expr is not None and (expr.type == "parenthesized_expression" or (
                expr.type == "unary_expression" and self.t(expr.child_by_field_name("operator")) == "!")):
            expr = expr.child_by_field_name("argument") if expr.type == "unary_expression" else expr.named_children[0]
        if expr is None or expr.type != "call_expression":
            return ""
        fn, args = expr.child_by_field_name("function"), self.args_of(expr)
        if fn is None or fn.type != "member_expression" or len(args) != 1:
            return ""
        obj, prop = fn.child_by_field_name("object"), self.t(fn.child_by_field_name("property"))
        if prop in ("test", "exec") and args[0].type == "identifier" and self.t(args[0]) == name:
            regex = obj
        elif prop == "match" and obj is not None and obj.type == "identifier" and self.t(obj) == name:
            regex = args[0]
        else:
            return ""
        if regex is None or not (regex.type == "regex" or (regex.type == "identifier" and self.t(regex) in self.regexes)):
            return ""
        return self.regex_kind(regex)

    def params_of(self, node: Any) -> list[Any]:
        pnode = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
        if pnode is None:
            return []
        return [pnode] if pnode.type == "identifier" else [p for p in pnode.named_children if p.type != "comment"]

    def func_line(self, node: Any) -> int:
        if node.type == "method_definition":
            name = node.child_by_field_name("name")
            if name is not None:
                return self.line(name)
        return self.line(node)

    def process_fn(
        self, node: Any, outer: _Env, first: tuple[str, Taint | None] | None = None, binds: dict[int, Taint] | None = None
    ) -> None:
        """Analyse a function body.  ``first`` binds its first parameter: ``("taint", t)``
        for an element of a tainted array (``names.forEach(n => ...)``), ``("upload", None)``
        for an uploaded file (``req.files.forEach(f => ...)``)."""
        env = _Env(dict(outer.vars), dict(outer.reqs), self.func_line(node), outer.scope if outer.scope >= 0 else node.id)
        fname_node = node.child_by_field_name("name")
        fname = self.t(fname_node) if fname_node is not None else ""
        if not fname and node.parent is not None and node.parent.type == "variable_declarator":
            dn = node.parent.child_by_field_name("name")
            fname = self.t(dn) if dn is not None and dn.type == "identifier" else ""
        params = self.params_of(node)
        before = (len(env.reqs), len(env.vars))
        for i, p in enumerate(params):
            self.bind_param(i, p, node, fname, env)
        if first is not None and params:
            pattern = params[0]
            if pattern.type in ("required_parameter", "optional_parameter"):
                pattern = pattern.child_by_field_name("pattern") or pattern
            if pattern.type == "identifier":
                if first[0] == "upload":
                    env.reqs[self.t(pattern)] = "upload"
                elif first[1] is not None:
                    env.vars[self.t(pattern)] = first[1]
            elif first[0] == "upload" and pattern.type == "object_pattern":
                self.bind_pattern(pattern, None, "file", env, "upload")
            elif first[1] is not None:
                self.bind_pattern(pattern, first[1], self.src_of(first[1]), env)
        for i, t in (binds or {}).items():
            pattern = params[i] if i < len(params) else None
            if pattern is not None and pattern.type in ("required_parameter", "optional_parameter"):
                pattern = pattern.child_by_field_name("pattern") or pattern
            if pattern is not None and pattern.type == "assignment_pattern":
                pattern = pattern.child_by_field_name("left") or pattern
            if pattern is None:
                continue
            if pattern.type == "identifier":
                env.vars[self.t(pattern)] = t
            elif pattern.type in ("object_pattern", "array_pattern"):
                self.bind_pattern(pattern, t, self.src_of(t), env)
        if (len(env.reqs), len(env.vars)) != before:
            env.scope = node.id  # a handler: request reads are shared inside it, not with its siblings
        body = node.child_by_field_name("body")
        if body is None:
            return
        if body.type == "statement_block":
            self.visit(body, env, 0)
        else:
            self.escape(self.eval(body, env, 0))

    def bind_param(self, i: int, p: Any, fn: Any, fname: str, env: _Env) -> None:
        decos: list[Any] = []
        pattern = p
        if p.type in ("required_parameter", "optional_parameter"):
            decos = [c for c in p.named_children if c.type == "decorator"]
            pattern = p.child_by_field_name("pattern") or p
        if pattern.type == "assignment_pattern":
            pattern = pattern.child_by_field_name("left") or pattern
        names = self.pattern_names(pattern)
        for n in names:
            env.vars.pop(n, None)
            env.reqs.pop(n, None)
        ptype = self.param_type(p)
        for d in decos:
            inner = d.named_children[0] if d.named_children else None
            callee = inner.child_by_field_name("function") if inner is not None and inner.type == "call_expression" else inner
            dname = self.t(callee) if callee is not None else ""
            if dname in _NEST_SOURCES and pattern.type == "identifier":
                if ptype in _SAFE_PARAM_TYPES or self.safe_pipe(inner):
                    return
                env.vars[self.t(pattern)] = self.new_flow(f"{self.short(d, 40)} {self.t(pattern)}", self.line(p), env)
                return
            if dname in _NEST_REQ and pattern.type == "identifier":
                env.reqs[self.t(pattern)] = "req"
                return
            if dname in _NEST_UPLOADS and pattern.type == "identifier":
                env.reqs[self.t(pattern)] = "upload"
                return
        if i == 0:
            typed_req = bool(_REQ_TYPE.match(ptype))
            if fname == "getServerSideProps":
                if pattern.type == "identifier":
                    env.reqs[self.t(pattern)] = "gssp"
                elif pattern.type == "object_pattern":
                    self.bind_pattern(pattern, None, "context", env, "gssp")
            elif pattern.type == "identifier":
                name = self.t(pattern)
                if name in _REQ_NAMES:
                    env.reqs[name] = _REQ_NAMES[name]
                elif fn.id in self.route_cbs or typed_req:
                    env.reqs[name] = "req"
            elif pattern.type == "object_pattern" and (fn.id in self.route_cbs or typed_req):
                self.bind_pattern(pattern, None, "req", env, "req")
            elif pattern.type == "object_pattern":
                # onGET({req, res}): a handler that takes the request and the response in one object
                short = {self.t(c) for c in pattern.named_children if c.type == "shorthand_property_identifier_pattern"}
                if short & {"res", "response", "reply"}:
                    for name in short & {"req", "request"}:
                        env.reqs[name] = "req"
        elif i == 1 and fname in _NEXT_METHODS and pattern.type == "object_pattern":
            self.bind_pattern(pattern, None, "", env, "next")

    def param_type(self, p: Any) -> str:
        """The declared TypeScript type of a parameter ('' when none)."""
        if p.type not in ("required_parameter", "optional_parameter"):
            return ""
        ann = p.child_by_field_name("type")
        if ann is None:
            ann = next((c for c in p.named_children if c.type == "type_annotation"), None)
        if ann is None:
            return ""
        return self.t(ann).lstrip(":").strip()

    def safe_pipe(self, deco_call: Any) -> bool:
        """@Param('id', ParseIntPipe) / @Query('id', new ParseUUIDPipe())."""
        if deco_call is None or deco_call.type != "call_expression":
            return False
        for a in self.args_of(deco_call)[1:]:
            name = a
            if a.type == "new_expression":
                name = a.child_by_field_name("constructor")
            if name is not None and self.t(name) in _NEST_SAFE_PIPES:
                return True
        return False

    def upload_chain(self, node: Any, env: _Env) -> bool:
        """`req.file`, `req.files.avatar`, `req.files[0]`, `files[0]` (an uploaded file object)."""
        while node is not None and node.type in _UNWRAP and node.named_children:
            node = node.named_children[0]
        if node is None:
            return False
        ch = self.chain(node)
        if ch is None or ch[0] not in env.reqs:
            return False
        flavor, props = env.reqs[ch[0]], ch[1]
        if flavor == "req":
            if not props or props[0] not in _UPLOAD_CONTAINERS:
                return False
            props = props[1:]
        elif flavor != "upload":
            return False
        return not props or (props[-1] not in _UPLOAD_NAMES and props[-1] not in _UPLOAD_FIELDS)

    def req_read(self, node: Any, ch: tuple[str, list[str]], env: _Env) -> Taint | None:
        """A read of a request object's property chain: a new flow when it is a request value."""
        flavor = env.reqs[ch[0]]
        props = list(ch[1])
        if flavor == "ctx" and props and props[0] == "request":
            props = props[1:]
        if flavor in ("req", "ctx") and len(props) > 1 and props[0] == "req":
            # the request a context object carries: Hono's `c.req.path`, Koa's `ctx.req.url`
            props = props[1:]
        if flavor == "req" and props and props[0] in _UPLOAD_CONTAINERS:
            flavor, props = "upload", props[1:]
        if flavor == "upload":
            if props and props[-1] in _UPLOAD_NAMES:
                return self.new_flow(self.short(node), self.line(node), env, upload=True)
            return None
        if props and self.is_source_prop(flavor, props[0]):
            t = self.new_flow(self.short(node), self.line(node), env)
            if len(props) > 1:
                kind = self.route_param_guard(env.scope, props[1]) if props[0] == "params" else self.route_params.get(env.scope, {}).get(props[1])
                if kind:
                    self.book.guard(t, kind, self.line(node), f"route validation of `{props[1]}`")
            return t
        return None

    def pattern_names(self, pattern: Any) -> list[str]:
        out: list[str] = []
        stack = [pattern]
        while stack:
            p = stack.pop()
            tp = p.type
            if tp in ("identifier", "shorthand_property_identifier_pattern"):
                out.append(self.t(p))
            elif tp in ("object_pattern", "array_pattern", "rest_pattern"):
                stack.extend(p.named_children)
            elif tp == "pair_pattern":
                v = p.child_by_field_name("value")
                if v is not None:
                    stack.append(v)
            elif tp in ("assignment_pattern", "object_assignment_pattern"):
                v = p.child_by_field_name("left")
                if v is not None:
                    stack.append(v)
        return out

    @staticmethod
    def hono_accessor(flavor: str, props: list[str]) -> bool:
        """A Hono context's request accessor (``c.req.param('name')``,
        ``c.req.query('f')``, ``await c.req.json()``): the route callback's
        context carries the request as ``req``, whose methods return what the
        client sent."""
        return flavor in ("req", "ctx") and len(props) == 2 and props[0] == "req" and props[1] in _HONO_REQ_METHODS

    def is_source_prop(self, flavor: str, prop: str) -> bool:
        if flavor == "req":
            return prop in _REQ_PROPS
        if flavor == "ctx":
            return prop in _CTX_PROPS
        if flavor == "event":
            return prop in _EVENT_PROPS
        if flavor == "next":
            return prop == "params"
        if flavor == "gssp":
            return prop in ("params", "query")
        if flavor == "upload":
            return prop in _UPLOAD_NAMES
        return False

    def bind_pattern(self, pattern: Any, t: Taint | None, src: str, env: _Env, flavor: str = "") -> None:
        """Bind a destructuring pattern.  ``t`` is the taint of the right-hand side;
        ``flavor`` set means the right-hand side is the request object itself."""
        tp = pattern.type
        if tp == "identifier":
            name = self.t(pattern)
            if t is not None:
                env.vars[name] = t
            else:
                env.vars.pop(name, None)
            return
        if tp in ("assignment_pattern", "object_assignment_pattern"):
            left = pattern.child_by_field_name("left")
            if left is not None:
                self.bind_pattern(left, t, src, env, flavor)
            return
        if tp == "array_pattern":
            for c in pattern.named_children:
                self.bind_pattern(c, t, src, env)
            return
        if tp == "rest_pattern":
            for c in pattern.named_children:
                self.bind_pattern(c, t, src, env)
            return
        if tp != "object_pattern":
            return
        line = self.line(pattern)
        for c in pattern.named_children:
            ct = c.type
            if ct == "shorthand_property_identifier_pattern":
                key, target = self.t(c), c
            elif ct == "pair_pattern":
                k = c.child_by_field_name("key")
                target = c.child_by_field_name("value")
                if k is None or target is None:
                    continue
                key = self.t(k).strip("'\"")
            elif ct == "object_assignment_pattern":
                target = c.child_by_field_name("left")
                if target is None:
                    continue
                key = self.t(target)
            elif ct == "rest_pattern":
                self.bind_pattern(c, t if not flavor else None, src, env)
                continue
            else:
                continue
            sub_src = f"{src}.{key}" if src else key
            if flavor == "req" and key in _UPLOAD_CONTAINERS and target.type in ("identifier", "shorthand_property_identifier_pattern"):
                env.vars.pop(self.t(target), None)
                env.reqs[self.t(target)] = "upload"
                continue
            if flavor:
                sub = self.new_flow(sub_src, line, env, upload=flavor == "upload") if self.is_source_prop(flavor, key) else None
                if sub is not None and flavor == "ctx" and key == "request":
                    sub = None
                if flavor == "ctx" and key == "request" and target.type == "object_pattern":
                    self.bind_pattern(target, None, sub_src, env, "ctx")
                    continue
            elif t is not None:
                sub = self.book.derive_flow(sub_src, line, t)
                kind = self.route_param_guard(env.scope, key) if src.rsplit(".", 1)[-1] == "params" else self.route_params.get(env.scope, {}).get(key)
                if kind and src.rsplit(".", 1)[-1] in ("params", "query", "body"):
                    self.book.guard(sub, kind, line, f"route validation of `{key}`")
            else:
                sub = None
            if target.type == "shorthand_property_identifier_pattern" or target.type == "identifier":
                name = self.t(target)
                if sub is not None:
                    env.vars[name] = sub
                else:
                    env.vars.pop(name, None)
            else:
                self.bind_pattern(target, sub, sub_src, env)

    # --------------------------------------------------------- statements
    def visit(self, node: Any, env: _Env, depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        tp = node.type
        if tp in _LEAVES or tp in _SKIP_STMTS:
            return
        if tp in ("lexical_declaration", "variable_declaration"):
            for c in node.named_children:
                if c.type == "variable_declarator":
                    self.declarator(c, env, depth + 1)
            return
        if tp == "variable_declarator":
            self.declarator(node, env, depth + 1)
            return
        if tp == "return_statement":
            for c in node.named_children:
                self.escape(self.eval(c, env, depth + 1))
            return
        if tp == "for_in_statement":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if right is not None and self.upload_chain(right, env) and left is not None:
                for n in self.pattern_names(left):
                    env.vars.pop(n, None)
                    env.reqs[n] = "upload"
                body = node.child_by_field_name("body")
                if body is not None:
                    self.visit(body, env, depth + 1)
                return
            rt = self.eval(right, env, depth + 1) if right is not None else None
            if left is not None:
                if left.type in ("lexical_declaration", "variable_declaration"):
                    for d in left.named_children:
                        n = d.child_by_field_name("name") if d.type == "variable_declarator" else d
                        if n is not None:
                            self.bind_pattern(n, rt, self.src_of(rt), env)
                else:
                    self.bind_pattern(left, rt, self.src_of(rt), env)
            body = node.child_by_field_name("body")
            if body is not None:
                self.visit(body, env, depth + 1)
            return
        if tp in _FUNC_TYPES:
            self.process_fn(node, env)
            return
        if tp == "if_statement":
            self.visit_if_else(node, env, depth)  # (no else: the state before the `if` is the other arm)
            return
        if tp in ("class_declaration", "class", "abstract_class_declaration", "class_body"):
            for c in node.named_children:
                self.visit(c, env, depth + 1)
            return
        if (
            tp.endswith("_statement")
            or tp.endswith("_clause")
            or tp in ("statement_block", "program", "switch_body", "switch_case", "switch_default", "export_statement", "field_definition", "public_field_definition")
        ):
            for c in node.named_children:
                self.visit(c, env, depth + 1)
            return
        self.eval(node, env, depth + 1)

    def visit_if_else(self, node: Any, env: _Env, depth: int) -> None:
        """``if (c) x = req.query.p; else x = safe;``: each arm from the state
        before the ``if``, then the union of what they leave (the request value
        survives whichever arm runs last in the source)."""
        cond = node.child_by_field_name("condition")
        if cond is not None:
            body_exits, else_exits = _arm_exits(node.child_by_field_name("consequence")), _arm_exits(node.child_by_field_name("alternative"))
            before, self.if_required = self.if_required, _true_calls(cond, not body_exits) if body_exits != else_exits else set()
            body = node.child_by_field_name("consequence")
            armed_before, self.if_armed = self.if_armed, (
                dict.fromkeys(_plain_calls(cond) - self.if_required, (self.line(body), int(body.end_point[0]) + 1)) if body is not None else {}
            )
            try:
                self.eval(cond, env, depth + 1)
            finally:
                self.if_required = before
                self.if_armed = armed_before
        arms = []
        for field in ("consequence", "alternative"):
            arm = node.child_by_field_name(field)
            branch = _Env(dict(env.vars), dict(env.reqs), env.func_line, env.scope)
            if arm is not None:
                self.visit(arm, branch, depth + 1)
            arms.append(branch)
        env.vars, env.reqs = join_arms(arms)

    def src_of(self, t: Taint | None) -> str:
        return self.book.source_of(t)

    def declarator(self, node: Any, env: _Env, depth: int) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if value is None:
            if name is not None and name.type == "identifier":
                env.vars.pop(self.t(name), None)
            return
        if name is not None and name.type == "object_pattern":
            base = value
            while base.type in _UNWRAP and base.named_children:
                base = base.named_children[0]
            if base.type == "identifier" and self.t(base) in env.reqs:
                self.bind_pattern(name, None, self.t(base), env, env.reqs[self.t(base)])
                return
            ch = self.chain(base)
            if ch is not None and ch[0] in env.reqs and ch[1] == ["request"] and env.reqs[ch[0]] == "ctx":
                self.bind_pattern(name, None, self.t(base), env, "ctx")
                return
            if self.upload_chain(base, env):
                self.bind_pattern(name, None, self.t(base), env, "upload")
                return
        if name is not None and name.type == "identifier" and self.upload_chain(value, env):
            env.vars.pop(self.t(name), None)
            env.reqs[self.t(name)] = "upload"
            return
        t = self.eval(value, env, depth)
        if name is not None:
            self.bind_pattern(name, t, self.src_of(t), env)

    # -------------------------------------------------------- expressions
    def eval(self, node: Any, env: _Env, depth: int) -> Taint | None:
        if depth > _MAX_DEPTH or node is None:
            return None
        tp = node.type
        if tp == "identifier":
            return env.vars.get(self.t(node))
        if tp in _LEAVES:
            return None
        if tp in _UNWRAP:
            kids = [c for c in node.named_children if c.type not in ("type_annotation", "type_arguments", "comment")]
            if not kids:
                return None
            inner = kids[-1] if tp == "type_assertion" else kids[0]
            return self.eval(inner, env, depth + 1)
        if tp == "member_expression":
            return self.member(node, env, depth)
        if tp == "subscript_expression":
            return self.subscript(node, env, depth)
        if tp == "call_expression":
            return self.call(node, env, depth)
        if tp == "new_expression":
            return self.new(node, env, depth)
        if tp == "binary_expression":
            return self.binary(node, env, depth)
        if tp == "template_string":
            return self.template(node, env, depth)
        if tp == "template_substitution":
            kids = node.named_children
            return self.eval(kids[0], env, depth + 1) if kids else None
        if tp == "ternary_expression":
            cond = node.child_by_field_name("condition")
            self.eval(cond, env, depth + 1)
            return merge(
                self.eval(node.child_by_field_name("consequence"), env, depth + 1),
                self.eval(node.child_by_field_name("alternative"), env, depth + 1),
            )
        if tp == "assignment_expression":
            left = node.child_by_field_name("left")
            outer_rebinding, self.rebinding = self.rebinding, env.vars.get(self.t(left)) if left is not None and left.type == "identifier" else None
            try:
                t = self.eval(node.child_by_field_name("right"), env, depth + 1)
            finally:
                self.rebinding = outer_rebinding
            if left is not None and left.type in ("identifier", "object_pattern", "array_pattern"):
                self.bind_pattern(left, t, self.src_of(t), env)
            elif left is not None and left.type == "member_expression" and t is not None:
                ch = self.chain(left)
                if ch is not None and ch[0] in env.reqs:
                    # req.url = req.url.replace(/\.\.+/g, ''): later reads of it get the cleaned value
                    env.vars[_REQ_SLOT + self.short(left)] = t
            elif left is not None and left.type == "subscript_expression":
                self.element_writes[node.id] = t  # (see ``rewrite_elements``)
            return t
        if tp == "augmented_assignment_expression":
            left = node.child_by_field_name("left")
            t = self.eval(node.child_by_field_name("right"), env, depth + 1)
            if left is not None and left.type == "identifier":
                name = self.t(left)
                merged = merge(env.vars.get(name), self.concat(t))
                if merged is not None:
                    env.vars[name] = merged
                return merged
            return t
        if tp in _FUNC_TYPES:
            self.process_fn(node, env)
            return None
        if tp == "object":
            # { filePath: built } handed to a helper carries the path; { Key: key } does not
            vals: list[Taint | None] = []
            for c in node.named_children:
                if c.type == "pair":
                    k = c.child_by_field_name("key")
                    vt = self.eval(c.child_by_field_name("value"), env, depth + 1)
                    if k is not None and _PATH_KEY.search(self.t(k)):
                        vals.append(vt)
                elif c.type == "shorthand_property_identifier":
                    if _PATH_KEY.search(self.t(c)):
                        vals.append(env.vars.get(self.t(c)))
                else:
                    self.eval(c, env, depth + 1)
            return self.concat(merge(*vals))
        if tp == "array":
            # [{ path }] handed to a helper that opens each element carries the request value
            return self.concat(merge(*(self.eval(c, env, depth + 1) for c in node.named_children)))
        if tp == "sequence_expression":
            last = None
            for c in node.named_children:
                last = self.eval(c, env, depth + 1)
            return last
        if tp == "unary_expression":
            for c in node.named_children:
                self.eval(c, env, depth + 1)
            return None
        if tp in ("class", "class_declaration"):
            self.visit(node, env, depth + 1)
            return None
        for c in node.named_children:
            self.eval(c, env, depth + 1)
        return None

    @staticmethod
    def concat(t: Taint | None, anchored: bool = False) -> Taint | None:
        """String building keeps the flows but is not a normalised path
        (``anchored``: see :meth:`template`)."""
        if t is None:
            return None
        return Taint(t.flows, t.build, False, anchored)

    def template(self, node: Any, env: _Env, depth: int) -> Taint | None:
        """A template string: string building (see ``concat``), anchored when the
        first request value in it comes after fixed text ending with a
        separator (`${base}/${name}`, `/files/${name}`)."""
        ts: list[Taint | None] = []
        before = ""  # the text before the first request value (`${}` for a fixed value)
        anchored: bool | None = None
        for c in node.named_children:
            if c.type != "template_substitution":
                before += self.t(c) if anchored is None else ""
                continue
            t = self.eval(c, env, depth + 1)
            ts.append(t)
            if t is None and anchored is None:
                before += "${}"
            elif t is not None and anchored is None:
                anchored = t.anchored or _separated_prefix(before)
        return self.concat(merge(*ts), bool(anchored))

    def ends_in_separator(self, node: Any | None) -> bool:
        """Fixed text ending with a separator after something other than
        separators: ``'/srv/files/'``, `` `${base}/` ``, ``base + '/'``."""
        while node is not None and node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node is None:
            return False
        if node.type in ("string", "template_string"):
            return _separated_prefix(self.t(node)[1:-1])
        if node.type == "binary_expression":
            op = node.child_by_field_name("operator")
            right = node.child_by_field_name("right")
            text = self.strval(right)
            return op is not None and self.t(op) == "+" and text is not None and text.endswith("/")
        return False

    def refuses_parent_segments(self, method: str, t: Taint) -> bool:
        """Express's ``res.sendFile`` with no ``root`` answers 403 to any path
        with a ``..`` segment (``send``: "'..' is malicious without 'root'"),
        so a request value that string building put after fixed text ending
        with a separator (`${staticPath}/${name}`), and that no
        ``path.join``/``resolve`` folded first, cannot leave that folder: it
        can be no absolute path and climb no level.  (``res.download``
        resolves the path before sending it, folding the ``..`` away.)"""
        return method == "sendFile" and self.express and t.build < 0 and t.anchored

    def binary(self, node: Any, env: _Env, depth: int) -> Taint | None:
        op_node = node.child_by_field_name("operator")
        op = self.t(op_node) if op_node is not None else ""
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        lt = self.eval(left, env, depth + 1)
        rt = self.eval(right, env, depth + 1)
        if op == "+":
            merged = merge(lt, rt)
            if merged is None:
                return None
            # (what is appended to an anchored value stays after its fixed text)
            anchored = lt.anchored if lt is not None else (rt is not None and rt.anchored) or self.ends_in_separator(left)
            return self.concat(merged, anchored)
        if op in ("===", "==", "!==", "!="):
            self.book.compare_to_copy(lt, rt)  # `if (path.basename(name) !== name) return res.sendStatus(400)`
        if op in ("===", "==") and (lt is None) != (rt is None):
            t, other = (lt, right) if lt is not None else (rt, left)
            if t is not None and other is not None and self.element_of_iteration(other, node):
                # graphics.some(g => g.file === name): the value is one of a known list's
                self.guard(t, "allowlist", node)
        if op in ("||", "??", "&&"):
            return merge(lt, rt) if op != "&&" else rt
        return None

    def element_of_iteration(self, value: Any, at: Any) -> bool:
        """``value`` reads the element parameter of the ``some``/``find``/``filter``/
        ``every``/``findIndex`` callback that holds ``at`` (``g.file`` in
        ``graphics.some(g => g.file === name)``)."""
        ch = self.chain(value) if value.type == "member_expression" else None
        root = ch[0] if ch is not None else (self.t(value) if value.type == "identifier" else "")
        fn = at.parent
        while fn is not None and fn.type not in _FUNC_TYPES:
            fn = fn.parent
        if not root or fn is None or fn.type not in ("arrow_function", "function_expression", "function"):
            return False
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        first = params if params is not None and params.type == "identifier" else (params.named_children[0] if params is not None and params.named_children else None)
        if first is not None and first.type in ("required_parameter", "optional_parameter"):
            first = first.child_by_field_name("pattern")  # TypeScript: (graphic: Graphic) => ...
        if first is None or first.type != "identifier" or self.t(first) != root:
            return False
        args = fn.parent
        call = args.parent if args is not None and args.type == "arguments" else None
        callee = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        prop = callee.child_by_field_name("property") if callee is not None and callee.type == "member_expression" else None
        return prop is not None and self.t(prop) in ("some", "find", "findIndex", "filter", "every", "findLast")

    def member(self, node: Any, env: _Env, depth: int) -> Taint | None:
        ch = self.chain(node)
        if ch is not None and ch[0] in env.reqs:
            return env.vars.get(_REQ_SLOT + self.short(node)) or self.req_read(node, ch, env)
        obj = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        t = self.eval(obj, env, depth + 1)
        if t is None:
            return None
        name = self.t(prop) if prop is not None else ""
        if name in ("length", "size"):
            return None
        if obj is not None and obj.type in ("identifier", "member_expression"):
            return self.book.refine(t, self.short(obj), self.short(node), self.line(node), env.scope)
        return t

    def subscript(self, node: Any, env: _Env, depth: int) -> Taint | None:
        obj = node.child_by_field_name("object")
        idx = node.child_by_field_name("index")
        ch = self.chain(node)
        if ch is not None and ch[0] in env.reqs:
            return self.req_read(node, ch, env)
        t = self.eval(obj, env, depth + 1)
        self.eval(idx, env, depth + 1)
        return t

    def regex_kind(self, node: Any | None) -> str:
        """Classify the regex a `.test()` / `.match()` uses ('allowlist' when unknown)."""
        if node is None:
            return "allowlist"
        if node.type == "regex":
            pat = node.child_by_field_name("pattern")
            return classify_regex(self.t(pat) if pat is not None else "")
        if node.type == "identifier" and self.t(node) in self.regexes:
            return classify_regex(self.regexes[self.t(node)])
        if node.type == "new_expression":
            ctor = node.child_by_field_name("constructor")
            args = self.args_of(node)
            if ctor is not None and self.t(ctor) == "RegExp" and args:
                sv = self.strval(args[0])
                if sv is not None:
                    return classify_regex(sv.replace("\\\\", "\\"))
        if node.type == "string":
            sv = self.strval(node) or ""
            # String#match with a string: a substring search
            return classify_regex(sv)
        return "allowlist"

    def strips(self, method: str, args: list[Any], slashes: bool = False) -> bool:
        """`.replace(/[^a-z0-9_-]/g, '')`: every dot and slash removed (with
        ``slashes``: every slash and backslash, dots kept)."""
        if len(args) < 2 or args[0].type != "regex":
            return False
        repl = self.strval(args[1])
        pat = args[0].child_by_field_name("pattern")
        flags = args[0].child_by_field_name("flags")
        if repl is None or pat is None:
            return False
        glob = method == "replaceAll" or (flags is not None and "g" in self.t(flags))
        return (strips_slashes if slashes else strips_separators)(self.t(pat), repl, glob)

    def strips_dotdot(self, method: str, args: list[Any]) -> bool:
        """`.replace(/\\.\\.+/g, '')` / `.replaceAll('..', '')`: every `..` removed."""
        if len(args) < 2:
            return False
        repl, given = self.strval(args[1]), args[0]
        if repl is None:
            return False
        if given.type == "identifier" and self.t(given) in self.regexes:
            # const dot = /\.\.+/g; ... p.replace(dot, '')
            name = self.t(given)
            return strips_dot_runs(self.regexes[name], repl, method == "replaceAll" or "g" in self.regex_flags.get(name, ""))
        if given.type != "regex":
            return method == "replaceAll" and repl == "" and self.strval(given) == ".."
        pat = given.child_by_field_name("pattern")
        flags = given.child_by_field_name("flags")
        glob = method == "replaceAll" or (flags is not None and "g" in self.t(flags))
        return pat is not None and strips_dot_runs(self.t(pat), repl, glob)

    def strips_parents(self, recv: Any, args: list[Any]) -> bool:
        """`path.normalize(p).replace(/^(\\.\\.(\\/|\\\\|$))+/, '')`: normalizing leaves `..`
        segments only at the front, and the replace cuts every one of them off."""
        while recv is not None and recv.type == "parenthesized_expression":
            recv = recv.named_children[0] if recv.named_children else None
        if recv is None or recv.type != "call_expression" or len(args) < 2 or args[0].type != "regex":
            return False
        fn = recv.child_by_field_name("function")
        if fn is None or self.callee_kind(fn) != ("path", "normalize"):
            return False
        pat = args[0].child_by_field_name("pattern")
        flags = args[0].child_by_field_name("flags")
        if pat is None or (flags is not None and "m" in self.t(flags)):
            return False
        repl = self.strval(args[1])
        return repl is not None and strips_parent_prefix(self.t(pat), repl)

    def fixed_base(self, args: list[Any], arg_ts: list[Taint | None]) -> bool:
        """`path.join(base, ...)` whose first part is no request value (nor an empty
        string): join never lets a later part, absolute or not, replace it."""
        return bool(args) and arg_ts[0] is None and args[0].type != "spread_element" and self.strval(args[0]) != ""

    def contained(self, t: Taint, node: Any) -> Taint:
        """The flows of ``t`` with no `..` left in them (``noparent``) are, joined
        under a fixed base, contained there: copies of them get that guard."""
        book = self.book
        clean = tuple(f for f in t.flows if any(g["kind"] in NO_PARENT for g in book.flows[f]["guards"]))
        if not clean:
            return t
        copied = book.narrow(Taint(clean), "contain", self.line(node), self.short(node))
        assert copied is not None
        return Taint(tuple(f for f in t.flows if f not in clean) + copied.flows, t.build, t.derived)

    def callee_kind(self, fn: Any) -> tuple[str, str]:
        """('fs'|'path'|'send'|'sanitize'|'url', member) for module functions, else ('', '')."""
        fn = self.compiled_callee(fn)
        if fn.type == "identifier":
            return self.funcs.get(self.t(fn), ("", ""))
        if fn.type != "member_expression":
            return "", ""
        prop = fn.child_by_field_name("property")
        obj = fn.child_by_field_name("object")
        if prop is None or obj is None:
            return "", ""
        member = self.t(prop)
        ch = self.chain(obj)
        if ch is None:
            return "", ""
        base, props = ch
        if base in self.interop and props[:1] == ["default"]:
            props = props[1:]  # `_path2.default.join`
        if props and props not in (["promises"], ["posix"], ["win32"]):
            return "", ""
        kind = self.mods.get(base, "")
        if not kind and base in _FS_NAMES:
            kind = "fs"
        if not kind and base == "path" and not props:
            kind = "path"
        return kind, member

    def compiled_callee(self, fn: Any) -> Any:
        """``(0, _fs.readFileSync)``, how Babel and tsc call an imported
        function without a receiver: the function named last."""
        if fn.type == "parenthesized_expression" and fn.named_children and fn.named_children[0].type == "sequence_expression":
            parts = fn.named_children[0].named_children
            if len(parts) == 2 and parts[0].type == "number":
                return parts[1]
        return fn

    def has_root_option(self, args: list[Any], start: int) -> bool:
        for a in args[start:]:
            if a.type == "object":
                for c in a.named_children:
                    if c.type in ("pair", "shorthand_property_identifier"):
                        k = c.child_by_field_name("key") if c.type == "pair" else c
                        if k is not None and self.t(k).strip("'\"") == "root":
                            return True
                    elif c.type == "spread_element":
                        return True
            elif a.type == "identifier" and "opt" in self.t(a).lower():
                return True
        return False

    def call(self, node: Any, env: _Env, depth: int) -> Taint | None:
        fn = node.child_by_field_name("function")
        if fn is None:
            return None
        args = self.args_of(node)
        # request accessor methods: req.param('x'), req.get('X-File'), ctx.get(...),
        # request.nextUrl.searchParams.get('x')
        if fn.type == "member_expression":
            ch = self.chain(fn)
            if ch is not None and ch[0] in env.reqs and ch[1]:
                props = ch[1]
                flavor = env.reqs[ch[0]]
                if (len(props) == 1 and props[0] in _REQ_METHODS and flavor in ("req", "ctx")) or (
                    props[-1] == "get" and "searchParams" in props
                ) or self.hono_accessor(flavor, props):
                    for a in args:
                        self.eval(a, env, depth + 1)
                    return self.new_flow(self.short(node), self.line(node), env)
        recv_t: Taint | None = None
        recv = None
        method = ""
        if fn.type == "member_expression":
            recv = fn.child_by_field_name("object")
            prop = fn.child_by_field_name("property")
            method = self.t(prop) if prop is not None else ""
            if method in _ITER_METHODS and recv is not None and args and args[0].type in _FUNC_TYPES:
                # names.forEach((n) => ...): the callback's parameter is an element
                first: tuple[str, Taint | None] | None = None
                if self.upload_chain(recv, env):
                    first = ("upload", None)
                else:
                    rt = self.eval(recv, env, depth + 1)
                    first = ("taint", rt) if rt is not None else None
                self.process_fn(args[0], env, first)
                if method == "forEach" and recv.type == "identifier" and self.t(recv) in env.vars:
                    self.rewrite_elements(self.t(recv), args[0], env)
                for a in args[1:]:
                    self.eval(a, env, depth + 1)
                return None
            recv_t = self.eval(recv, env, depth + 1)
        elif fn.type not in ("identifier", "import"):
            self.eval(fn, env, depth + 1)
        # callbacks are analysed after the call itself, so a sink reached by the call
        # (fs.access(p, cb)) is recorded before the ones inside its callback
        deferred = [a for a in args if a.type in _FUNC_TYPES]
        arg_ts = [None if a.type in _FUNC_TYPES else self.eval(a, env, depth + 1) for a in args]
        try:
            return self.call_rest(node, env, fn, args, arg_ts, recv, recv_t, method)
        finally:
            for a in deferred:
                self.process_fn(a, env)

    def call_rest(
        self, node: Any, env: _Env, fn: Any, args: list[Any], arg_ts: list[Taint | None], recv: Any, recv_t: Taint | None, method: str
    ) -> Taint | None:
        """The call once its arguments are evaluated: sinks, guards and propagation."""
        any_t = merge(*arg_ts)
        kind, member = self.callee_kind(fn)
        fname = self.t(fn) if fn.type == "identifier" else method
        if kind == "path":
            if member in ("join", "resolve"):
                if any_t is None:
                    return None
                if member == "join" and self.fixed_base(args, arg_ts):
                    any_t = self.contained(any_t, node)
                return self.book.build(self.line(node), int(node.start_point[1]) + 1, f"path.{member}", any_t, env.func_line)
            if member in ("normalize", "relative", "toNamespacedPath", "dirname", "format"):
                return Taint(any_t.flows, any_t.build, True) if any_t is not None else None
            if member in ("basename", "parse"):
                return self.basename_of(any_t, node)
            if member == "isAbsolute" and (node.start_byte, node.end_byte) not in self.if_required:
                self.guard(any_t, "blocklist", node)  # (one the request must pass names the whole path: no guard)
            return None
        if kind == "fs":
            if member in _FS_DERIVE:
                return Taint(any_t.flows, any_t.build, True) if any_t is not None else None
            if member in _FS_NOT_SINK:
                return None
            path_t = merge(*arg_ts[:2]) if member in _FS_TWO_PATHS else (arg_ts[0] if arg_ts else None)
            if path_t is not None:
                self.file_sink(node, f"fs.{member}", path_t, env)
            return None
        if kind == "send":
            if len(args) >= 2 and arg_ts[1] is not None and not self.has_root_option(args, 2):
                self.file_sink(node, "send", arg_ts[1], env)
            return None
        if kind == "sanitize":
            return self.basename_of(any_t, node)
        if kind == "url" and member == "parse":
            return self.concat(any_t) if any_t is not None else None  # its pathname, path, query... are the request's text
        if method in _SEND_METHODS and recv is not None:
            recv_name = self.t(recv)
            if recv_name in _SAFE_SENDERS:
                return None
            if arg_ts and arg_ts[0] is not None:
                if method == "download":
                    safe = self.has_root_option(args, 1)
                else:
                    safe = self.has_root_option(args, 1) or (len(args) >= 2 and args[1].type == "identifier")
                if not safe and not self.refuses_parent_segments(method, arg_ts[0]):
                    self.file_sink(node, f"{recv_name}.{method}" if len(recv_name) <= 20 else f"res.{method}", arg_ts[0], env)
            return None
        # guards and string methods on a request-derived receiver
        if recv_t is not None:
            if method == "startsWith":
                if recv_t.derived:
                    self.guard(recv_t, "contain", node)
                elif prefix_test_guards([self.strval(args[0]) if args else None]):
                    self.guard(recv_t, "blocklist", node)
                return None
            if method == "indexOf" and recv_t.derived and self.compared_to_zero(node):
                self.guard(recv_t, "contain", node)
                return None
            if method in ("slice", "substring", "substr") and recv_t.derived and self.head_compared_to_base(node, args):
                self.guard(recv_t, "contain", node)
                return None
            if method in ("indexOf", "lastIndexOf") and len(args) >= 2:
                return None  # `req.path.indexOf('/', 1)`: where a part starts (for a substring), no check
            if method in ("includes", "indexOf", "lastIndexOf", "search", "endsWith"):
                # `.includes('..')` or `.includes('/')` looks for traversal; `.indexOf('-short')` or a
                # route prefix (`req.url.indexOf('gun/')`) looks for something else
                lit = self.strval(args[0]) if args and method != "search" else None
                if method != "endsWith" and (lit is None or any(t in lit for t in ("..", "\\", "\0", "%")) or lit in ("/", "./", "~")):
                    self.guard(recv_t, "blocklist" if method != "search" else self.regex_kind(args[0] if args else None), node)
                return None
            if method in ("match", "matchAll"):
                self.guard(recv_t, self.regex_kind(args[0] if args else None), node)
                return None
            if method in ("replace", "replaceAll"):
                if self.strips_parents(recv, args):
                    # what is left holds no `..`; the request value itself is not checked
                    return self.concat(self.book.narrow(recv_t, "noparent", self.line(node), self.short(node)))
                if self.strips_dotdot(method, args):
                    # what is left holds no `..` (nor did the request value get checked)
                    return self.concat(self.book.narrow(recv_t, "nodotdot", self.line(node), self.short(node)))
                if self.strips(method, args):
                    self.guard(recv_t, "allowlist", node)
                elif self.strips(method, args, slashes=True):
                    # what is left is one segment (dots kept); the request value itself is not checked
                    return self.concat(self.book.narrow(recv_t, "segment", self.line(node), self.short(node)))
                elif replace_guards(self.strval(args[0]) if args else None):
                    self.guard(recv_t, "blocklist", node)
                return self.concat(recv_t)
            if method in _STR_METHODS:
                return self.concat(merge(recv_t, any_t))
            if method in ("then",):
                return None
            if any_t is not None and method not in _HARMLESS:
                self.escape(any_t)
            return None
        if any_t is None:
            return None
        opt = self.storage_callback(node, fname) if fn.type == "identifier" and self.storage_cbs else ""
        if opt:
            if len(arg_ts) > 1 and arg_ts[1] is not None:
                self.file_sink(node, f"multer diskStorage {opt}", arg_ts[1], env)
            return None
        if method in PARSE_METHODS and recv is not None and self.t(recv) in self.open_schemas:
            return any_t  # `schema.parse(req.params)`: the same values back, no string checked
        if method in ("includes", "has", "indexOf", "hasOwnProperty", "hasOwn") and recv is not None:
            # a lookup an `if` tests as it is guards only the arm it opens, unless the
            # code after the `if` runs only when it is true (the other arm leaves)
            within = self.if_armed.get((node.start_byte, node.end_byte))
            self.book.guard(any_t, "allowlist", self.line(node), self.short(node), within=within)
            return None
        if method in ("test", "exec") and recv is not None:
            self.guard(any_t, self.regex_kind(recv), node)
            return None
        if CONTAIN_NAME.search(fname):
            self.guard(any_t, "contain", node)
            return None
        if fname in _VALIDATORS or method in _VALIDATORS or _VALIDATOR_NAME.search(fname):
            self.guard(any_t, "allowlist", node)
            return None
        if method in _FS_METHODS and arg_ts and arg_ts[0] is not None:
            since = len(self.book.records)
            self.file_sink(node, f"{self.short(recv, 20) if recv is not None else ''}.{method}", arg_ts[0], env)
            mod = self.project_module(recv)
            if mod:
                # monitor.writeFile(name) of the project's own module: where the check finds
                # that function, its summary judges the value (it may keep only the basename)
                for rec in self.book.records[since:]:
                    rec["module_call"] = True
                self.hand_off(node, f"{mod}.{method}", arg_ts, env)
            return None
        if fname in _UNTAINT_FUNCS:
            return None
        if fname in _PROPAGATE_FUNCS:
            return self.concat(any_t)
        if "sanitiz" in fname.lower() or "basename" in fname.lower():
            return self.basename_of(any_t, node)
        # handed on to a project function (plain call or this.method): it may open the path
        if fn.type == "identifier" and self.checks_containment(fname):
            self.guard(any_t, "contain", node)  # sendFile(base, p, res) that checks isChildPath(base, p) first
        elif fn.type == "identifier" and fname not in _HARMLESS_FUNCS:
            self.book.escape(any_t, fname)  # the check sees whether that function checks containment first
            if fname in self.top_funcs:
                self.into_helper(fname, node, arg_ts)
            else:
                self.hand_off(node, fname, arg_ts, env)
        elif recv is not None and recv.type == "this" and self.method_checks_containment(method):
            self.guard(any_t, "contain", node)  # this.fileResponse(p), whose this.readFile(p) checks p stays under the root
        elif recv is not None and method not in _HARMLESS and (
            recv.type == "this" or method in _PATH_TAKING_METHODS or self.upload_chain(recv, env)
        ):
            # this.store(built), file.mv(built), archive.file(built), zip.addLocalFile(built) ...
            self.escape(any_t)
        elif recv is not None and recv.type == "identifier" and method and method not in _HARMLESS:
            self.hand_off(node, f"{self.t(recv)}.{method}", arg_ts, env)
        elif recv is not None and method and method not in _HARMLESS and self.koa_context_member(recv, env):
            # ctx.store.deleteObject(ctx.params.key): a service the app put on Koa's context
            # (`app.context.store = new Store(dir)`); the check finds its class
            self.hand_off(node, f"{self.t(recv)}.{method}", arg_ts, env)
        return None

    def rewrite_elements(self, name: str, callback: Any, env: _Env) -> None:
        """``parts.forEach((p, i) => { parts[i] = slugify(p); })``: a callback that
        rewrites every element of the array it walks, unconditionally (a statement of
        its body, not inside an ``if``), leaves the array holding what it wrote."""
        params = self.params_of(callback)
        if len(params) < 2:
            return
        index = params[1]
        if index.type in ("required_parameter", "optional_parameter"):
            index = index.child_by_field_name("pattern") or index
        if index.type != "identifier":
            return
        body = callback.child_by_field_name("body")
        if body is None:
            return
        stmts = body.named_children if body.type == "statement_block" else [body]
        exprs = [s.named_children[0] if s.type == "expression_statement" and s.named_children else s for s in stmts]
        writes = []
        for e in exprs:
            while e.type == "parenthesized_expression" and e.named_children:
                e = e.named_children[0]
            left = e.child_by_field_name("left") if e.type == "assignment_expression" else None
            if left is None or left.type != "subscript_expression":
                continue
            obj, idx = left.child_by_field_name("object"), left.child_by_field_name("index")
            if obj is not None and idx is not None and self.t(obj) == name and self.t(idx) == self.t(index):
                writes.append(e)
        if not writes or writes[-1].id not in self.element_writes:
            return
        t = self.element_writes[writes[-1].id]
        if t is None:
            env.vars.pop(name, None)
        else:
            env.vars[name] = t

    def koa_context_member(self, recv: Any, env: _Env) -> bool:
        """``recv`` is ``ctx.<name>`` of a Koa context, a name that is none of
        the request's or response's own (``ctx.params``, ``ctx.request``...)."""
        if recv.type != "member_expression":
            return False
        obj, prop = recv.child_by_field_name("object"), recv.child_by_field_name("property")
        return (obj is not None and prop is not None and obj.type == "identifier" and env.reqs.get(self.t(obj)) == "ctx"
                and prop.type == "property_identifier" and self.t(prop) not in _CTX_OWN)

    def hand_off(self, node: Any, name: str, arg_ts: list[Taint | None], env: _Env) -> None:
        """Raw request values passed to a function of another module (see
        :meth:`FlowBook.handoff`)."""
        into, into_line = self.file_call_around(node)
        # (a validator there, `exports.isUpPath = (s) => UP_RE.test(s)`, checks the value as
        # its regex test would here: the check judges this guard by its ``validators``)
        if len(arg_ts) == 1:
            self.book.guard(arg_ts[0], "helper", self.line(node), name)
        for i, t in enumerate(arg_ts):
            if t is not None:
                self.book.handoff(self.line(node), int(node.start_point[1]) + 1, name, i, t, env.func_line, into, into_line)

    def file_call_around(self, node: Any) -> tuple[str, int]:
        """The file API whose path argument is this call's result, and its
        line: straight (``fs.writeFile(getPathForUserFile(id), body)``) or
        through a variable of the same block (``const p = await
        getPathForUserFile(id); ... fs.writeFile(p, body)``); ('', 0) when none."""
        target = node
        while target.parent is not None and target.parent.type in ("await_expression", "parenthesized_expression"):
            target = target.parent
        holder = target.parent
        if holder is None:
            return "", 0
        if holder.type == "arguments":
            return self.fs_call_on(holder.parent, target), self.line(node)
        var = holder.child_by_field_name("name") if holder.type == "variable_declarator" else None
        value = holder.child_by_field_name("value") if var is not None else None
        if var is None or var.type != "identifier" or value is None or value.id != target.id:
            return "", 0
        name = self.t(var)
        block = holder.parent
        while block is not None and block.type not in ("statement_block", "program"):
            block = block.parent
        stack = list(reversed(block.named_children)) if block is not None else []
        budget = 5000  # nodes: a long function is searched that far
        while stack and budget > 0:
            n = stack.pop()
            budget -= 1
            if n.start_byte < holder.end_byte:
                if n.end_byte > holder.end_byte:
                    stack.extend(reversed(n.named_children))
                continue
            if n.type == "call_expression":
                args = n.child_by_field_name("arguments")
                first = next((c for c in args.named_children if c.type != "comment"), None) if args is not None else None
                if first is not None and first.type == "identifier" and self.t(first) == name:
                    into = self.fs_call_on(n, first)
                    if into:
                        return into, self.line(n)
            if n.type in ("function_declaration", "function_expression", "arrow_function", "method_definition", "class_declaration"):
                continue  # another function's variable of the same name
            stack.extend(reversed(n.named_children))
        return "", 0

    def fs_call_on(self, call: Any, first: Any) -> str:
        """``fs.writeFile`` when ``call`` is a file API call whose first argument is ``first``, else ''."""
        f = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        args = call.child_by_field_name("arguments") if f is not None else None
        head = next((c for c in args.named_children if c.type != "comment"), None) if args is not None else None
        if head is None or head.id != first.id or f is None or f.type != "member_expression":
            return ""
        prop = f.child_by_field_name("property")
        obj = f.child_by_field_name("object")
        method = self.t(prop) if prop is not None else ""
        return f"{self.short(obj, 20)}.{method}" if method in _FS_METHODS and obj is not None else ""

    def into_helper(self, fname: str, node: Any, arg_ts: list[Taint | None]) -> None:
        """A request value (not yet a built path) handed to a function of this
        file: follow it into that function's body, its parameter bound to the
        value, so the path the helper builds and opens is judged
        (``readLog(req.query.dir)``).  Two levels deep at most, no recursion."""
        helper = self.top_funcs.get(fname)
        binds = {i: t for i, t in enumerate(arg_ts) if t is not None and t.build < 0}
        if helper is None or not binds or fname in self.inlining or len(self.inlining) >= 2 or self.inlined >= 200:
            return
        self.inlined += 1
        since = len(self.book.records)
        self.inlining.append(fname)
        try:
            self.process_fn(helper, _Env({}, {}, 0), binds=binds)
        finally:
            self.inlining.pop()
        self.book.through(since, fname, self.line(node))

    def equality_operand(self, node: Any) -> Any:
        """The other operand of the ``===``/``==``/``!==``/``!=`` comparison
        ``node`` is one side of; None when it is not compared so."""
        parent = node.parent
        if parent is None or parent.type != "binary_expression":
            return None
        op = parent.child_by_field_name("operator")
        if op is None or self.t(op) not in ("===", "==", "!==", "!="):
            return None
        return parent.child_by_field_name("right") if parent.child_by_field_name("left") == node else parent.child_by_field_name("left")

    def compared_to_zero(self, node: Any) -> bool:
        """`x.indexOf(base) === 0` / `!== 0` (a prefix test)."""
        other = self.equality_operand(node)
        return other is not None and self.t(other) == "0"

    def head_compared_to_base(self, node: Any, args: list[Any]) -> bool:
        """`x.slice(0, base.length) === base` / `!== base` (`substring`, `substr`
        alike): a prefix test, as `x.startsWith(base)` is."""
        if len(args) != 2 or self.t(args[0]) != "0" or args[1].type != "member_expression":
            return False
        prop, obj = args[1].child_by_field_name("property"), args[1].child_by_field_name("object")
        if prop is None or obj is None or self.t(prop) != "length":
            return False
        other = self.equality_operand(node)
        return other is not None and self.t(other) == self.t(obj)

    def new(self, node: Any, env: _Env, depth: int) -> Taint | None:
        ctor = node.child_by_field_name("constructor")
        if ctor is not None and ctor.type not in ("identifier",):
            self.eval(ctor, env, depth + 1)
        ts = [self.eval(a, env, depth + 1) for a in self.args_of(node)]
        t = merge(*ts)
        if t is not None:
            name = self.t(ctor) if ctor is not None else ""
            if name == "URL":
                return None
            self.escape(t)
        return None


def _identifiers_of_import(node: Any) -> list[Any]:
    """The local names an import statement binds (default, `* as x`, `{ a, b as c }`)."""
    out: list[Any] = []
    for clause in node.named_children:
        if clause.type != "import_clause":
            continue
        for c in clause.named_children:
            if c.type == "identifier":
                out.append(c)
            elif c.type == "namespace_import":
                out.extend(x for x in c.named_children if x.type == "identifier")
            elif c.type == "named_imports":
                for spec in c.named_children:
                    if spec.type == "import_specifier":
                        bound = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
                        if bound is not None:
                            out.append(bound)
    return out


def _returned(fn: Any) -> Any:
    """The expression a function only returns: an arrow function's expression
    body, or the ``return`` that is a body's single statement; else None."""
    body = fn.child_by_field_name("body")
    if body is None or body.type != "statement_block":
        return body
    stmts = [c for c in body.named_children if c.type != "comment"]
    if len(stmts) != 1 or stmts[0].type != "return_statement":
        return None
    return next((c for c in stmts[0].named_children if c.type != "comment"), None)


def _arm_exits(arm: Any) -> bool:
    """An ``if`` arm that ends by leaving: its last statement is a ``return``,
    ``throw``, ``continue`` or ``break``."""
    if arm is not None and arm.type == "else_clause":
        arm = next((c for c in arm.named_children if c.type != "comment"), None)
    if arm is not None and arm.type == "statement_block":
        arm = next((c for c in reversed(arm.named_children) if c.type != "comment"), None)
    return arm is not None and arm.type in ("return_statement", "throw_statement", "continue_statement", "break_statement")


def _plain_calls(cond: Any) -> set[tuple[int, int]]:
    """The calls (start, end byte) ``cond`` is made of as they are, joined by
    ``&&`` / ``||`` (in parentheses or not): not negated, not compared
    (``list.indexOf(x) === -1`` is no such call)."""
    if cond.type == "parenthesized_expression":
        inner = next((c for c in cond.named_children if c.type != "comment"), None)
        return _plain_calls(inner) if inner is not None else set()
    op = cond.child_by_field_name("operator")
    if cond.type == "binary_expression" and op is not None and op.type in ("&&", "||"):
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        return (_plain_calls(left) if left is not None else set()) | (_plain_calls(right) if right is not None else set())
    return {(cond.start_byte, cond.end_byte)} if cond.type == "call_expression" else set()


def _true_calls(cond: Any, holds: bool) -> set[tuple[int, int]]:
    """The calls (start, end byte) that are true whenever ``cond`` is ``holds``
    (``path.isAbsolute(p)`` when ``!path.isAbsolute(p)`` is false, joined by
    ``&&`` / ``||`` / ``!``)."""
    if cond.type == "parenthesized_expression":
        inner = next((c for c in cond.named_children if c.type != "comment"), None)
        return _true_calls(inner, holds) if inner is not None else set()
    op = cond.child_by_field_name("operator")
    if cond.type == "unary_expression" and op is not None and op.type == "!":
        arg = cond.child_by_field_name("argument")
        return _true_calls(arg, not holds) if arg is not None else set()
    if cond.type == "binary_expression" and op is not None and op.type in ("&&", "||"):
        if (op.type == "&&") != holds:  # one side or the other
            return set()
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        return (_true_calls(left, holds) if left is not None else set()) | (_true_calls(right, holds) if right is not None else set())
    return {(cond.start_byte, cond.end_byte)} if cond.type == "call_expression" and holds else set()


_CALLED = re.compile(r"([A-Za-z_$][\w$]*)\s*\(")


def _body_checks_containment(body: str) -> bool:
    """A function's source that checks a path stays under its root: it calls a
    containment-named helper (``isChildPath``) or compares ``path.relative(...)``
    against ``'..'`` itself."""
    return any(CONTAIN_NAME.search(m) for m in _CALLED.findall(body)) or (
        ".relative(" in body and "startsWith" in body and ("'..'" in body or '".."' in body))
_THIS_CALLED = re.compile(r"\bthis\.([A-Za-z_$][\w$]*)\s*\(")
_TOKENS = (b"req", b"ctx", b"event", b"params", b"Param", b"Query", b"Body", b"Headers")
_SINK_TOKENS = (b"fs", b"path", b"sendFile", b"sendfile", b"download", b"koa-send", b"readFile", b"diskStorage")
_FILE_API = (b"'fs", b'"fs', b"'node:fs", b'"node:fs', b"fs-extra", b"graceful-fs", b"sendFile", b"sendfile", b"koa-send", b"'send'", b'"send"')
# a module that only builds paths (`join(root, `file-${id}.blob`)`) and returns
# them: its summaries let a caller's `fs.writeFile(helper(id))` be judged
_PATH_API = (b"'path'", b'"path"', b"'node:path'", b'"node:path"', b"'upath'", b"'pathe'")
_SUMMARY_API = _FILE_API + _PATH_API
_RELATIVE_IMPORT = (b"require('./", b'require("./', b"require('../", b'require("../', b"from './", b'from "./', b"from '../", b'from "../')


def taint_facts(root: Any, src: bytes) -> dict[str, Any]:
    """RS701 facts for one JS/TS file (see the module docstring for the format)."""
    requests = any(t in src for t in _TOKENS)
    sinks = any(t in src for t in _SINK_TOKENS)
    # request values handed to another module of the project (handoffs), and
    # what a module's functions do with their parameters (params: only where
    # a file or path API is imported)
    hands = requests and any(t in src for t in _RELATIVE_IMPORT)
    files = sinks and any(t in src for t in _SUMMARY_API)
    # a regex validator another module may hand a request value (`exports.isUpPath = ...`)
    checks = any(t in src for t in (b".test(", b".exec(", b".match(")) and any(t in src for t in (b"exports", b"export "))
    if not (requests and (sinks or hands)) and not files and not checks:
        return {"sinks": []}
    taint = _JsTaint(root, src)
    out = taint.run(judge=requests and (sinks or hands), summarise=files)
    valid = taint.validators() if checks else []
    return {**out, "validators": valid} if valid else out
