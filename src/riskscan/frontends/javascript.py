"""JavaScript / TypeScript frontend (tree-sitter).

``extract(path, data)`` parses one file with tree-sitter-javascript or
tree-sitter-typescript and turns it into :class:`~riskscan.facts.FileFacts`.

Design
------
* One iterative pre-order pass over the named nodes (``_walk``) records the
  raw material: call nodes (in source order, which is the order of
  ``FileFacts.calls``), function nodes (-> ``Func``), variable definitions,
  ``this.x`` assignments, imports, classes and decorators, member reads.
* A second phase turns that material into facts: callees (import-resolved),
  receiver types, argument ``Val``\\ s (same-file variables, spreads and
  ``process.env`` resolved), consts, routes.

Nothing recurses over the tree in Python; ``Val`` construction recurses over
values only, bounded by ``_MAX_VAL_DEPTH``.

Import resolution beyond :mod:`riskscan.facts`: destructuring or a member read
of an imported binding is an import too (``import pg from 'pg'; const { Pool,
Client: C } = pg`` gives ``Pool -> pg.Pool``, ``C -> pg.Client``; ``const Pool =
pg.Pool`` likewise), and a leading ``.default`` after a module is dropped
(``require('pg').default`` is ``pg``), also through the interop helpers of
compiled TypeScript/Babel (``const ws_1 = __importDefault(require("ws"));
new ws_1.default.Server()`` is ``ws.Server``; tslib's helpers too, when tsc
imports them: ``tslib_1.__importDefault(require("axios"))``).

JS specific facts in ``FileFacts.extra`` (all JSON, keys absent when empty):

* ``classes``: ``[{name, line, end_line, decorators, extends, inject?}]``; ``inject``
  maps a constructor parameter to the imported type it is declared as
  (TypeScript source, or compiled ``design:paramtypes``/``__param(i, Inject(T))``).
* ``exports``: ``{exported name: local}`` for ``export ...`` statements and
  CommonJS ``module.exports = ...`` / ``exports.x = ...``.  The default export
  (``export default x``, ``export = x``, ``module.exports = x``,
  ``exports.default = x``) is under ``"default"``; ``module.exports = { a, b: c }``
  gives ``a``/``b`` (no ``"default"``); ``export default { a }`` gives ``default``
  (the object's text) and ``a`` (named exports win).  ``local`` is the local
  identifier (variable, import, function or class declaration name), a member
  chain as written (``this.pool``), the ``Func.id`` of an inline function, the resolved
  import name for a re-export (``export { x as y } from './m'`` -> ``./src/m.x``,
  a default or namespace re-export -> ``./src/m``), else the expression's
  source text (whitespace collapsed, at most 120 chars, e.g. ``new Pool()``).
* ``export_all``: resolved modules of ``export * from '...'``.
* ``assigns``: ``[[target, func, line, Val json, [names read]], ...]`` for
  variable declarations with a value, assignments and compound assignments,
  class fields (target ``this.x``, static ones ``Class.x``), in source order,
  the first 5000 of them counted, of which only those a check reads are kept
  (by target, a client bound through an expression, a pool constructed in the
  value -- exactly which in :mod:`riskscan.frontends._assigns`) -- the format
  of the Python frontend: ``target`` is the target's
  source text (whitespace collapsed, <= 120 chars: ``pool``, ``{ Pool }``,
  ``server.maxConnections``, ``module.exports``), ``func`` the enclosing
  ``Func.id`` (``""`` at module level), ``line`` the assignment's first line, and
  ``names read`` those of the identifiers and member chains the value reads
  (imports resolved: ``pg.Pool``; at most 20, skipping nested functions and
  classes) that end in a pool constructor name, ``[]`` for most.
* ``compares``: ``[[line, func, text], ...]`` for every binary comparison
  (``> >= < <= === == !== !=``) and every ``case`` of a ``switch`` (as
  ``subject === value``), ``text`` whitespace collapsed and at most 120
  chars, at most 5000.
* ``branches``: arms of if/else and conditional expressions (and ``match``
  cases in Python) that hold calls, for RS601 (:mod:`riskscan.frontends._branches`).
* ``main_guard``: ``[[line, end_line], ...]`` of the blocks of top-level
  ``if (require.main === module)`` statements (also ``import.meta.main`` and
  ``import.meta.url`` compared with ``process.argv[1]``, alone or in an ``&&``):
  they run only when the file is the program node was started with, not
  when another program imports it (the Python frontend's ``main_guard``).
* ``taint``: RS701 request -> path flows (:mod:`riskscan.frontends.taint_js`).
* ``grammar``: the grammar that parsed the file when it was not the first choice.
"""

from __future__ import annotations

import gc
import posixpath
import re
from bisect import bisect_left, bisect_right
from typing import Any

from ..aliases import apply_alias
from ..facts import (
    ARR,
    BOOL,
    BRANCH,
    CALL,
    ENV,
    FN,
    IDENT,
    NULL,
    NUM,
    OBJ,
    OTHER,
    STR,
    TMPL,
    Call,
    FileFacts,
    Func,
    Route,
    Val,
    merge_alternatives,
    to_json,
)
from . import SAILS_ROUTES, STRAPI_APP_MIDDLEWARES, TEMPLATE_TAGS, SkipFile, decode_source
from ._assigns import UNBOUND_KINDS, by_target, call_sites, kept_parameter, logger_member, may_bind, pool_names, pool_target
from ..lazyre import lazy_re
from ._branches import branch_regions
from ._filerouting import medusa_api_at

__all__ = ["extract"]

_MAX_NEST = 400
_MAX_VAL_DEPTH = 24
_MAX_HOPS = 5
_MAX_ATTRS = 5000
_MAX_STR = 20000
_MAX_ASSIGNS = 5000
_MAX_COMPARES = 5000
_MAX_KEYED = 500
_MAX_KEY_FN = 400  # bytes of a limiter's keyGenerator function kept as text (extra["key_fns"])
_MAX_STRING_LOOPS = 200  # for-of loops over a literal array of strings (extra["string_loops"])
_MAX_STRING_LOOP_ITEMS = 16
_MAX_RETURNS = 500  # returned string/template literals that mention an update (extra["returns"]); returned names (extra["return_names"])
# an index that may be a client address: `ip`, `req.ip`, `clientIp`, `req.socket.remoteAddress`, `headers['x-forwarded-for']`
# a test that the module is the program node runs (``extra["main_guard"]``),
# whitespace and outer parentheses removed
_MAIN_TEST = lazy_re(r"^(?:require\.main===?module|module===?require\.main|import\.meta\.main"
                     r"|import\.meta\.url===?.*process\.argv\[1\].*|.*process\.argv\[1\].*===?.*import\.meta\.url.*)$")
_CLIENT_KEY_HINT = re.compile(r"(?i)ip|addr|forwarded|host")
_MAX_READS = 20  # names read recorded per assignment
_TEXT_LIMIT = 120  # assignment targets, comparisons

# ---------------------------------------------------------------------------
# grammars (created lazily, cached per process)

_PARSERS: dict[str, Any] = {}


def _parser(grammar: str) -> Any:
    parser = _PARSERS.get(grammar)
    if parser is None:
        from tree_sitter import Language, Parser

        if grammar == "js":
            import tree_sitter_javascript

            lang = tree_sitter_javascript.language()
        else:
            import tree_sitter_typescript

            lang = tree_sitter_typescript.language_tsx() if grammar == "tsx" else tree_sitter_typescript.language_typescript()
        parser = _PARSERS[grammar] = Parser(Language(lang))
    return parser


class _Kinds:
    """Node-type tables by ``kind_id`` for one grammar.

    Comparing small ints is cheaper than building a ``node.type`` string for
    every node.  Anonymous kinds (punctuation, keywords) are in ``skipped`` so
    the walk can use ``node.children`` like ``named_children``.
    """

    def __init__(self, lang: Any) -> None:
        self.codes: dict[int, int] = {}  # walk dispatch
        skipped: set[int] = set()  # never walked (anonymous, _SKIP)
        chain: set[int] = set()
        names: dict[str, set[int]] = {}
        for i in range(lang.node_kind_count):
            if not lang.node_kind_is_named(i):
                skipped.add(i)
                continue
            name = lang.node_kind_for_id(i)
            names.setdefault(name, set()).add(i)
            if name in _SKIP:
                skipped.add(i)
            if name in _CODES:
                self.codes[i] = _CODES[name]
            if name in _CHAIN:
                chain.add(i)
        self.skipped = frozenset(skipped)
        self.chain = frozenset(chain)

        def ids(*kinds: str) -> frozenset[int]:
            return frozenset(i for k in kinds for i in names.get(k, ()))

        # names-read scan of assigned values
        self.read_names = ids("identifier", "shorthand_property_identifier")
        self.read_this = ids("this")
        self.read_members = ids("member_expression", "subscript_expression")
        self.no_reads = ids(*_NO_READS)
        # code after an unconditional return/throw/break/continue in a block
        self.blocks = ids("statement_block")
        self.terminators = ids("return_statement", "throw_statement", "break_statement", "continue_statement")
        self.hoisted = ids("function_declaration", "generator_function_declaration")


_KINDS: dict[str, _Kinds] = {}


def _text_of(node: Any) -> bytes:
    return node.text if node is not None else b""


def _live_statements(kids: list[Any], kinds: _Kinds) -> list[Any]:
    """A block's statements up to its first unconditional ``return`` /
    ``throw`` / ``break`` / ``continue``, plus the function declarations after
    it (hoisted: callable from above): the rest never runs (code disabled by
    an early return), so its calls are not the program's."""
    terminators = kinds.terminators
    for i, c in enumerate(kids):
        if c.kind_id in terminators:
            hoisted = kinds.hoisted
            return kids[: i + 1] + [d for d in kids[i + 1 :] if d.kind_id in hoisted]
    return kids


def _kinds(grammar: str) -> _Kinds:
    got = _KINDS.get(grammar)
    if got is None:
        got = _KINDS[grammar] = _Kinds(_parser(grammar).language)
    return got


# globals a module-level alias (`let fetchFn = fetch`) stands for
_ALIASED_GLOBALS = frozenset({"fetch"})

_JS_EXTS = (".js", ".mjs", ".cjs", ".jsx")
_TS_EXTS = (".ts", ".mts", ".cts")
_MODULE_EXTS = (".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", ".mts", ".cts")

# ---------------------------------------------------------------------------
# node type sets

_FUNC_TYPES = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "function",
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)
_FUNC_EXPR_TYPES = _FUNC_TYPES - {"method_definition", "function_declaration", "generator_function_declaration"}
_CLASS_TYPES = frozenset({"class_declaration", "class", "abstract_class_declaration"})
_CALL_TYPES = frozenset({"call_expression", "new_expression"})
_UNWRAP = frozenset({"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion"})
# subtrees never worth entering (leaves, types, comments)
_SKIP = frozenset(
    {
        "comment",
        "html_comment",
        "string",
        "number",
        "regex",
        "identifier",
        "property_identifier",
        "private_property_identifier",
        "shorthand_property_identifier",
        "shorthand_property_identifier_pattern",
        "statement_identifier",
        "type_identifier",
        "string_fragment",
        "escape_sequence",
        "hash_bang_line",
        "this",
        "super",
        "true",
        "false",
        "null",
        "undefined",
        "jsx_text",
        "type_annotation",
        "type_arguments",
        "type_parameters",
        "interface_declaration",
        "type_alias_declaration",
        "ambient_declaration",
        "predefined_type",
        "function_signature",
        "abstract_method_signature",
        "index_signature",
        "opting_type_annotation",
        "asserts_annotation",
        "implements_clause",
    }
)
# chains of these (member/call chains, `a + b + c`, else-if ladders) do not count as nesting
_CHAIN = frozenset(
    {
        "member_expression",
        "call_expression",
        "subscript_expression",
        "binary_expression",
        "ternary_expression",
        "if_statement",
        "else_clause",
    }
)

# browser globals a server file may declare a variable of its own by (hydrooj's `const { document } = global.Hydro.model`)
_PAGE_GLOBALS = frozenset({"window", "document", "localStorage", "sessionStorage", "navigator", "caches", "self", "location",
                           "history", "chrome", "browser"})

# walk dispatch codes
_CODES: dict[str, int] = {
    "member_expression": 1,
    "call_expression": 2,
    "new_expression": 2,
    "variable_declarator": 3,
    "assignment_expression": 4,
    "augmented_assignment_expression": 4,
    **{t: 5 for t in _FUNC_TYPES},
    "await_expression": 6,
    "return_statement": 7,
    "pair": 8,
    **{t: 9 for t in _CLASS_TYPES},
    "class_body": 10,
    "export_statement": 11,
    "subscript_expression": 12,
    "import_statement": 13,
    "binary_expression": 14,
    "switch_case": 15,
    "if_statement": 16,
    "ternary_expression": 16,
    "for_in_statement": 17,
}
_COMPARE_OPS = frozenset({">", ">=", "<", "<=", "===", "==", "!==", "!="})
# exported declarations that bind one name
_NAMED_DECLS = frozenset(
    {"function_declaration", "generator_function_declaration", "class_declaration", "abstract_class_declaration", "enum_declaration"}
)
# subtrees the names-read scan of an assigned value never enters
_NO_READS = frozenset(
    {
        *_FUNC_TYPES,
        *_CLASS_TYPES,
        "comment",
        "string",
        "number",
        "regex",
        "property_identifier",
        "private_property_identifier",
        "type_annotation",
        "type_arguments",
        "predefined_type",
    }
)

_HTTP_METHODS = {
    "get": "GET",
    "post": "POST",
    "put": "PUT",
    "patch": "PATCH",
    "delete": "DELETE",
    "del": "DELETE",
    "all": "ANY",
    "options": "OPTIONS",
    "head": "HEAD",
}
_NEST_METHODS = {
    "Get": "GET",
    "Post": "POST",
    "Put": "PUT",
    "Patch": "PATCH",
    "Delete": "DELETE",
    "Options": "OPTIONS",
    "Head": "HEAD",
    "All": "ANY",
}
_NEXT_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def _route_methods(meth: Val) -> list[str] | None:
    """The HTTP methods a route object's ``method`` names (``'POST'``,
    ``['GET', 'HEAD']``, ``'*'``), upper-cased, other words left out; None when
    it is no string or array of strings."""
    if meth.k == STR:
        methods = [meth.v.upper()]
    elif meth.k == ARR:
        methods = [x.v.upper() for x in meth.items or [] if x.k == STR]
    else:
        return None
    return [m for m in methods if m in _NEXT_METHODS or m in ("ALL", "*")]
_SERVER_MODULES = frozenset(
    {
        "express",
        "koa",
        "koa-router",
        "@koa/router",
        "fastify",
        "restify",
        "polka",
        "router",
        "hyper-express",
        "ultimate-express",
        "connect",
        "hono",
        "@hapi/hapi",
        "hapi",
        "@tinyhttp/app",
        "h3",
        "elysia",
    }
)
_CLIENT_MODULES = frozenset(
    {
        "axios",
        "ky",
        "got",
        "superagent",
        "supertest",
        "node-fetch",
        "undici",
        "needle",
        "request",
        "request-promise",
        "jquery",
        "@angular/common/http",
        "ofetch",
        "redaxios",
    }
)
# keys of an HTTP client's request options (`http.request`, restify-clients, got): an object
# with one of them and a `path` is a request, not a route's options
_CLIENT_OPTION_KEYS = frozenset({"host", "hostname", "port", "protocol", "headers", "method", "body", "json", "form", "url", "uri",
                                 "baseURL", "baseUrl", "prefixUrl", "query", "searchParams", "params", "data", "agent", "auth"})
_CLIENT_NAMES = frozenset({"axios", "$", "jQuery", "http", "https", "httpClient", "superagent", "request", "got", "ky", "fetch", "$http"})
# module interop helpers compiled TypeScript and Babel wrap require() in
INTEROP_HELPERS = frozenset({"__importDefault", "__importStar", "_interopRequireDefault", "_interopRequireWildcard", "__toESM", "__toCommonJS",
                              "_interop_require_default", "_interop_require_wildcard",  # tsc, Babel, esbuild, SWC
                              # rollup: `var bcrypt = require('bcryptjs'); var bcrypt__default = _interopDefault(bcrypt);`
                              "_interopDefault", "_interopDefaultLegacy", "_interopNamespace", "_interopNamespaceDefault",
                              "_interopNamespaceCompat", "_interopNamespaceDefaultOnly"})
# the decorator helpers of compiled TypeScript: tsc/tslib's, then SWC's
_DECORATE = ("__decorate", "_ts_decorate")
_DECO_PARAM = ("__param", "_ts_param")
_DECO_METADATA = ("__metadata", "_ts_metadata")
# SWC's design:paramtypes entry: `typeof _axios.HttpService === "undefined" ? Object : _axios.HttpService`
# (the text is cut at 80 characters: its head names the type)
_SWC_PARAMTYPE = re.compile(r"""^typeof ([\w$.]+) === ["']undefined["'] \? Object :""")
# `url + 'login'` (compacted source): a prefix variable, then a literal tail
_CONCAT_PATH = re.compile(r"""^([A-Za-z_$][\w$.]*) ?\+ ?(['"`])([\w./:-]*)\2$""")
# the last name of a member that holds a server (`obj.app`, `obj.agentapp`, `self.server`,
# `this.apiRouter`); not `instance` (an HTTP client's as often)
_SERVER_MEMBER_RE = re.compile(r"(?:app|router|server|fastify|routes?)$", re.I)
_SERVER_NAME_RE = re.compile(r"(?:^|[._])(?:app|router|server|fastify|instance|routes?)$|(?:Router|Routes|App|Server)$", re.I)
_CONVERTERS = frozenset(
    {
        "Number",
        "parseInt",
        "parseFloat",
        "String",
        "Boolean",
        "BigInt",
        "JSON.parse",
        "Number.parseInt",
        "Number.parseFloat",
        "ms",
        "toNumber",
        "toInt",
        "Math.min",
        "Math.max",
        "Math.floor",
        "Math.ceil",
        "Math.round",
        "Math.abs",
        "Math.trunc",
    }
)
# kinds an identifier resolves to (anything else stays IDENT <name>)
_RESOLVED = frozenset({STR, TMPL, NUM, BOOL, NULL, ENV, OBJ, ARR, FN})
_CONST_KINDS = frozenset({STR, TMPL, NUM, BOOL, NULL, ENV, OBJ, ARR})
_ENV_MARKERS = (b"process.env", b"import.meta.env")
_WS = re.compile(r"\s+")
# a test double's package name (ioredis-mock, redis-mock, fakeredis, mock-fs)
_DOUBLE_SPEC = re.compile(r"(?i)mock|fake")
# a definition: (position, kind, payload); kind "node" (payload = value node), "fn" (Func id), "env" (env text)
# (position, kind, payload, scope start, scope end): kind "node" (payload: the
# value node), "fn" (a Func id), "env" (an env path), "param" (a parameter:
# shadows outer definitions, its value is unknown); visible for positions in
# [scope start, scope end)
_Def = tuple[int, str, Any, int, int]
_EVERYWHERE = (0, 1 << 62)
# where a `let`/`const` is visible: the innermost of these around it; `var` and
# function declarations: the innermost function (or the module)
_BLOCK_SCOPES = frozenset({"statement_block", "for_statement", "for_in_statement", "class_static_block", "program", *_FUNC_TYPES})
_VAR_SCOPES = frozenset({"program", *_FUNC_TYPES})
_Defs = dict[str, list[_Def]]
_LEAD = re.compile(rb"[\xc0-\xff]")


def _await_misread(node: Any) -> bool:
    """``await (0, fs_1.writeFile)(...)`` in compiled CommonJS: the grammar
    reads ``await (0, x)`` as a call of a function named ``await`` (legal
    outside async functions); it is the awaited value of the real call."""
    if node.type != "call_expression":
        return False
    f = node.child_by_field_name("function")
    return f is not None and f.type == "identifier" and f.text == b"await"


# the value of `let X = class X {...}` as compiled TypeScript decorates it
_CLASS_TEXT = re.compile(r"^class\s+([\w$]+)")


def _slots(node: Any) -> list[Any]:
    """The elements of an array or array pattern by position, None for a hole
    (``[, b]``); the list stops before a spread or rest element, after which
    positions are unknown."""
    out: list[Any] = []
    cur = None
    for c in node.children:
        if c.type == ",":
            out.append(cur)
            cur = None
        elif c.type in ("spread_element", "rest_pattern"):
            return out
        elif c.is_named and c.type != "comment":
            cur = c
    if cur is not None:
        out.append(cur)
    return out


# the parents of an identifier that (re)binds or assigns it: a declaration, a
# parameter, a destructuring pattern, an assignment's left side, a loop variable
_BINDING_PARENTS = frozenset({"variable_declarator", "formal_parameters", "required_parameter", "optional_parameter",
                              "assignment_expression", "augmented_assignment_expression", "update_expression", "array_pattern",
                              "object_pattern", "pair_pattern", "assignment_pattern", "rest_pattern", "catch_clause",
                              "for_in_statement", "arrow_function", "function_declaration", "class_declaration",
                              "import_specifier", "import_clause", "namespace_import"})


def _file_strings(root: Any, text: Any) -> dict[str, str]:
    """Name -> value of the file's top-level ``const NAME = '<string>'``
    declarations whose name nothing else in the file binds or assigns (a
    parameter, another declaration, an assignment): the name always holds
    that string."""
    consts: dict[str, str] = {}
    for stmt in root.named_children:
        if stmt.type != "lexical_declaration" or text(stmt).split(None, 1)[:1] != ["const"]:
            continue
        for d in stmt.named_children:
            name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
            if d.type == "variable_declarator" and name is not None and name.type == "identifier" and value is not None \
                    and value.type in ("string", "template_string") and not any(c.type == "template_substitution" for c in value.named_children):
                consts[text(name)] = text(value)[1:-1]
    if not consts:
        return consts
    bindings: dict[str, int] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        parent = node.parent
        if node.type in ("identifier", "shorthand_property_identifier_pattern") and parent is not None and parent.type in _BINDING_PARENTS \
                and (name := text(node)) in consts and _binds(parent, node):
            bindings[name] = bindings.get(name, 0) + 1
        stack.extend(node.children)
    return {k: v for k, v in consts.items() if bindings.get(k, 0) == 1}


def _binds(parent: Any, node: Any) -> bool:
    """``node`` is what ``parent`` binds or assigns, not a value it reads
    (``const b = NAME``, ``x = NAME``, ``() => NAME``)."""
    field = {"variable_declarator": "name", "assignment_expression": "left", "augmented_assignment_expression": "left",
             "assignment_pattern": "left", "arrow_function": "parameter", "function_declaration": "name",
             "class_declaration": "name", "for_in_statement": "left"}.get(parent.type)
    return field is None or parent.child_by_field_name(field) == node


def _first(node: Any) -> Any:
    """First named child that is not a comment (or None)."""
    if not node.named_child_count:
        return None
    c = node.named_child(0)
    if c.type != "comment":
        return c
    for c in node.named_children:
        if c.type != "comment":
            return c
    return None


def _spread_operand(node: Any) -> Any:
    """What a spread element spreads: ``X`` in ``...X``, ``...(X)`` and
    ``...(X ?? {})`` / ``...(X || {})`` (spreading a missing value or an
    empty object adds nothing, so only ``X`` can add keys)."""
    while node is not None and node.type == "parenthesized_expression":
        node = _first(node)
    if node is not None and node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        right = node.child_by_field_name("right")
        if (op is not None and op.type in ("??", "||") and right is not None and right.type == "object"
                and not any(k.type != "comment" for k in right.named_children)):
            return _spread_operand(node.child_by_field_name("left"))
    return node


def _compact(s: str) -> str:
    return _WS.sub("", s)


def _val_json(v: Val) -> dict[str, Any]:
    """``to_json(v)`` for a Val, without the generic dataclass walk (same output)."""
    d: dict[str, Any] = {"k": v.k}
    if v.v != "":
        d["v"] = v.v
    if v.keys is not None:
        d["keys"] = {k: _val_json(x) for k, x in v.keys.items()}
    if v.items is not None:
        d["items"] = [_val_json(x) for x in v.items]
    if v.open:
        d["open"] = v.open
    if v.call != -1:
        d["call"] = v.call
    if v.line != 0:
        d["line"] = v.line
    return d


_NODE_HTTP_MODULES = frozenset({"http", "https", "node:http", "node:https"})
# what a table of clients picked by protocol may hold (`{ 'http:': http, 'https:': https }`)
_NODE_HTTP_CLIENTS = _NODE_HTTP_MODULES | {"follow-redirects.http", "follow-redirects.https"}
# Node's client functions a variable or a member may be given in place of the module
_NODE_HTTP_FUNCS = frozenset(f"{m}.{f}" for m in _NODE_HTTP_MODULES for f in ("get", "request"))
# core modules that exist only under the `node:` scheme (`sqlite`, `test` are also npm packages)
_PREFIX_ONLY_BUILTINS = frozenset({"sea", "sqlite", "test"})

# Functions that load a package by its name at run time, installing it on first
# use when it is missing, with an optional version pin (npx-import and
# npx-import-light: `(await npxImport("ioredis@5.9.3")).Redis`): a dynamic
# import() of the package
_RUNTIME_IMPORTERS = frozenset({"npx-import.npxImport", "npx-import-light.npxImport"})


def _unpinned(spec: str) -> str:
    """A package specifier without its version pin: ``ioredis@5.9.3`` ->
    ``ioredis``, ``@scope/pkg@^1`` -> ``@scope/pkg``."""
    at = spec.find("@", 1)
    return spec[:at] if at > 0 else spec


def _class_id(node: Any) -> int | None:
    """The id of the class whose body holds ``node``, None outside any class."""
    p = node.parent
    while p is not None and p.type not in _CLASS_TYPES:
        p = p.parent
    return p.id if p is not None else None


def _clip(s: str, limit: int = _TEXT_LIMIT) -> str:
    return s if len(s) <= limit else s[: limit - 3] + "..."


def _module_of(dotted: str) -> str:
    """'express.Router' -> 'express'; '@koa/router.x' -> '@koa/router'."""
    if not dotted or dotted.startswith("."):
        return ""
    if dotted.startswith("@"):
        scope, _, rest = dotted.partition("/")
        return scope + "/" + rest.split(".", 1)[0]
    return dotted.split(".", 1)[0]


def _join_path(prefix: str, path: str) -> str:
    """Join a mount prefix and a route path ('' and '/' both mean the prefix itself)."""
    if not prefix:
        return path or "/"
    parts = [p for p in (prefix + "/" + path).split("/") if p]
    return "/" + "/".join(parts)


def extract(path: str, data: bytes, aliases: tuple = ()) -> FileFacts:
    """The facts of one JS/TS file; ``aliases``: the import aliases its project
    declares (riskscan.aliases), resolved like relative imports."""
    text = decode_source(data)
    src = text.encode("utf-8")
    low = path.lower()
    if low.endswith(".tsx"):
        grammars: tuple[str, ...] = ("tsx",)
        lang = "ts"
    elif low.endswith(_TS_EXTS):
        grammars = ("ts",)
        lang = "ts"
    else:
        grammars = ("js", "tsx", "ts")
        lang = "js"
    tree, used, first_err = _first_clean_parse(src, grammars)
    if tree is None and b"using" in src:
        patched = _USING_IDENT.sub(b"usin$", src)
        if patched != src:
            tree, used, _ = _first_clean_parse(patched, grammars)
    if tree is None and lang == "ts" and b"import" in src:
        patched = _IMPORT_TYPE.sub(lambda m: b"import" + b"_" * len(m.group(1)), src)
        if patched != src:
            tree, used, _ = _first_clean_parse(patched, grammars)
    if tree is None and lang == "ts" and b"`" in src:
        patched = _TAG_TYPE_ARGS.sub(lambda m: b" " * len(m.group(0)), src)
        if patched != src:
            tree, used, _ = _first_clean_parse(patched, grammars)
    if tree is None:
        if TEMPLATE_TAGS.search(src):
            # rq-dashboard's templates/.../scripts/jobs.js, pulled in with {% include %}
            raise SkipFile("a server-side template (Jinja/Django/Nunjucks tags), not JavaScript: not analysed", excluded=True)
        raise SkipFile(f"syntax error at line {first_err or 1}")
    ex = _Extractor(path, src, lang, aliases)
    ex.grammar = used
    if used != grammars[0]:
        ex.facts.extra["grammar"] = used
    # extraction allocates many small acyclic objects; the cyclic collector
    # only costs time here (about a third on big files)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        ex.run(tree.root_node)
        # request value -> file path flows (RS701); taint_facts has its own token prefilter
        from .taint_js import taint_facts

        taint = taint_facts(tree.root_node, src)
        if taint.get("sinks") or taint.get("handoffs") or taint.get("params") or taint.get("validators"):
            ex.facts.extra["taint"] = taint
        if b"console." in src:
            refs = _console_refs(tree.root_node, src)
            if refs:
                ex.facts.extra["console_refs"] = refs
    finally:
        if gc_was_enabled:
            gc.enable()
    return ex.facts


# ``using`` as a plain identifier (``let using = ''; using += ...``,
# ``using(x)``) is valid JavaScript, but tree-sitter-javascript 0.25 and
# tree-sitter-typescript 0.23 take it for the start of a ``using`` declaration
# and fail the whole file (knex's pg-querycompiler.js).  Every ``using`` that
# cannot start a declaration (one needs a binding name on the same line) is
# parsed as an identifier of the same length instead; node offsets do not
# move, and every text is read from the original bytes.
_USING_IDENT = re.compile(rb"(?<![\w$])using(?![\w$])(?![ \t]+[A-Za-z_$\x80-\xff])")

# A TypeScript import type, ``import('vue').Ref<boolean>``, is valid anywhere a
# type is, but tree-sitter-typescript 0.23 fails the whole file when one is a
# type argument (``Readonly<import('vue').Ref<boolean>>``, ultralytics'
# src/vue.ts).  A TS file that does not parse is parsed again with each
# ``import('m')`` followed by a qualified name that is not called renamed to an
# identifier of the same length (``import_______.Ref``, a qualified type);
# dynamic imports that are called on (``import('m').then(...)``) are kept, node
# offsets do not move, and every text is read from the original bytes.
_IMPORT_TYPE = re.compile(
    rb"(?<![\w$.])import(\([ \t]*(['\"])[^'\"\n\\]*\2[ \t]*\))"
    rb"(?=(?:\.[A-Za-z_$][\w$]*)+(?![\w$.])(?![ \t]*\())"
)

# A tagged template with type arguments, ``sql<{ version: number }[]>`SELECT
# ...``` (postgres.js rows typed at the query), is valid TypeScript, but
# tree-sitter-typescript 0.23 fails the whole file on it (matrix-appservice-
# bridge's src/components/stores/postgres-store.ts).  A TS file that does not
# parse is parsed again with the type arguments between a tag's name and its
# template (on one line, up to three levels of ``<...>``) blanked to spaces: a
# tag and its template may be apart, node offsets do not move, and every text
# is read from the original bytes.
_TYPE_ARG_TEXT = rb"[^<>`;\n]*"
_TAG_TYPE_ARGS = re.compile(
    rb"(?<=[\w$])<" + _TYPE_ARG_TEXT
    + rb"(?:<" + _TYPE_ARG_TEXT + rb"(?:<" + _TYPE_ARG_TEXT + rb">" + _TYPE_ARG_TEXT + rb")*>" + _TYPE_ARG_TEXT + rb")*"
    + rb">(?=[ \t]*`)"
)


_CONSOLE_METHODS = frozenset({"log", "info", "warn", "error", "debug", "trace"})
_MAX_CONSOLE_REFS = 50


def _console_refs(root: Any, src: bytes) -> list[list[Any]]:
    """``extra["console_refs"]``: console methods taken as a value to be called
    later under another name -- ``{ info: console.log }``, ``const log =
    console.error``, ``logger.warn = console.warn`` -- as ``[line, col,
    method]`` (RS902: http-server's bin/http-server logs every request through
    ``logger.info``, which is ``console.log``)."""
    out: list[list[Any]] = []
    at = src.find(b"console.")
    while at >= 0 and len(out) < _MAX_CONSOLE_REFS:
        node = root.descendant_for_byte_range(at, at + len(b"console."))
        while node is not None and node.type != "member_expression" and node.start_byte == at:
            node = node.parent
        if node is not None and node.type == "member_expression" and node.start_byte == at:
            obj, prop, holder = node.child_by_field_name("object"), node.child_by_field_name("property"), node.parent
            method = _text_of(prop).decode("utf-8", "replace") if prop is not None else ""
            if obj is not None and obj.type == "identifier" and _text_of(obj) == b"console" and method in _CONSOLE_METHODS and holder is not None and (
                (holder.type == "pair" and holder.child_by_field_name("value") == node)
                or (holder.type == "variable_declarator" and holder.child_by_field_name("value") == node)
                or (holder.type == "assignment_expression" and holder.child_by_field_name("right") == node)
            ):
                out.append([int(node.start_point[0]) + 1, int(node.start_point[1]) + 1, method])
        at = src.find(b"console.", at + 1)
    return out


def _first_clean_parse(src: bytes, grammars: tuple[str, ...]) -> tuple[Any, str, int]:
    """(tree, grammar) of the first grammar that parses ``src`` without an
    error, else (None, the first grammar, the first error's line in it)."""
    first_err = 0
    for grammar in grammars:
        candidate = _parser(grammar).parse(src)
        if not candidate.root_node.has_error:
            return candidate, grammar, 0
        if not first_err:
            first_err = _first_error_line(candidate.root_node)
    return None, grammars[0], first_err


# changes of one object followed before it counts as open (hostile files repeat them)
_MAX_MUTATIONS = 32
_CONDITIONAL_TYPES = frozenset(
    {"if_statement", "else_clause", "for_statement", "for_in_statement", "while_statement", "do_statement", "try_statement", "catch_clause",
     "switch_case", "switch_default", "ternary_expression", "binary_expression"}
)


def _conditional(node: Any) -> bool:
    """Does ``node`` run only under a condition within its function (or the module)?
    (``binary_expression``: the right side of ``&&`` / ``||`` / ``??``.)"""
    cur = node.parent
    while cur is not None:
        tp = cur.type
        if tp in _FUNC_TYPES or tp == "program":
            return False
        if tp in _CONDITIONAL_TYPES:
            return True
        cur = cur.parent
    return False


# statements a `return`/`throw` in their body leaves whole (see _exited_block)
_LEFT_BY_EXIT = frozenset({"if_statement", "else_clause", "for_statement", "for_in_statement", "while_statement", "do_statement"})


def _exited_block(block: Any) -> Any:
    """The outermost block a ``return``/``throw`` in ``block`` leaves with
    nothing else of it run: up through the ``if``/``else`` and loop
    statements around it to the function's body, not past a ``try`` (its
    ``catch`` or ``finally`` still runs) nor a ``switch``.  What follows the
    guard clause there runs only when it did not exit (as in the Python
    frontend's ``exited_block``)."""
    out = block
    node = block.parent
    for _ in range(50):
        if node is None or node.type not in _LEFT_BY_EXIT:
            break
        node = node.parent
        if node is not None and node.type == "statement_block":
            out = node
            node = node.parent
    return out


def _ends_in_exit(node: Any) -> bool:
    """Is an if body a ``return``/``throw``, or a block ending in one?"""
    if node.type == "statement_block":
        stmts = [c for c in node.named_children if c.type != "comment"]
        if not stmts:
            return False
        node = stmts[-1]
    return node.type in ("return_statement", "throw_statement")


# calls that end the process (RS201 reads the conditions they run under: ``exit_guards``)
_EXIT_CALLEES = frozenset({"process.exit", "process.abort", "process.reallyExit"})
_MAX_EXIT_GUARDS = 200


def _exits_block(node: Any) -> bool:
    """A statement (or a block, or a switch case's statements) whose last statement returns or throws."""
    if node.type == "statement_block":
        return _ends_in_exit(node)
    if node.type == "switch_case":
        stmts = [c for c in node.children_by_field_name("body") if c.type != "comment"]
        return bool(stmts) and _ends_in_exit(stmts[-1])
    return node.type in ("return_statement", "throw_statement")


def _first_error_line(root: Any) -> int:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return int(node.start_point[0]) + 1
        if node.has_error:
            stack.extend(reversed(node.children))
    return 0


class _Cols:
    """Byte column -> 1-based character column, linear in the file size."""

    def __init__(self, src: bytes) -> None:
        self.src = src
        self.ascii = src.isascii()
        self.rows: dict[int, Any] = {}

    def col(self, row: int, bcol: int, offset: int) -> int:
        if self.ascii or bcol == 0:
            return bcol + 1
        info = self.rows.get(row)
        if info is None:
            start = offset - bcol
            end = self.src.find(b"\n", start)
            if end < 0:
                end = len(self.src)
            line = self.src[start:end]
            if line.isascii():
                info = ()
            else:
                pos: list[int] = []
                cum: list[int] = []
                total = 0
                for m in _LEAD.finditer(line):
                    b = line[m.start()]
                    total += 1 if b < 0xE0 else 2 if b < 0xF0 else 3
                    pos.append(m.start())
                    cum.append(total)
                info = (pos, cum)
            self.rows[row] = info
        if not info:
            return bcol + 1
        pos, cum = info
        i = bisect_left(pos, bcol)
        return bcol - (cum[i - 1] if i else 0) + 1


class _Extractor:
    def __init__(self, path: str, src: bytes, lang: str, aliases: tuple = ()) -> None:
        self.path = path
        self.src = src
        self.aliases = aliases
        self.facts = FileFacts(path=path, lang=lang)
        self.imports = self.facts.imports
        self.interop: set[str] = set()  # bindings of __importDefault(require(...)) (see ``interop_call``)
        self.cols = _Cols(src)
        self.grammar = "js" if lang == "js" else "ts"  # extract() sets the grammar that parsed the file
        # phase-1 material
        self.call_nodes: list[Any] = []
        self.call_func: list[str] = []
        self.call_index: dict[int, int] = {}
        self.require_mod: dict[int, str] = {}  # call idx -> resolved module of require()/import()
        self.assigned: dict[int, str] = {}  # call node id -> assigned name
        self.awaited: set[int] = set()
        self.func_ids: dict[int, str] = {}  # function node id -> Func.id
        self.func_decos: dict[str, list[Any]] = {}
        self.name_hint: dict[int, str] = {}
        self.cls_hint: dict[int, tuple[str, int]] = {}
        self.member_decos: dict[int, list[Any]] = {}
        self.export_decos: dict[int, list[Any]] = {}
        self.classes: list[dict[str, Any]] = []
        self.func_class: dict[str, int] = {}  # method Func.id -> index in self.classes
        self.defs: _Defs = {}  # variable name -> definitions (declarators, assignments, function declarations)
        self.this_defs: _Defs = {}  # attribute -> `this.attr = ...` / class field definitions
        self.def_pos: dict[str, list[int]] = {}
        self.this_pos: dict[str, list[int]] = {}
        self.writes: set[int] = set()
        # variable name -> later changes of the object it holds, in source order:
        # (position, key or None for "any key", value node or None, Object.assign sources, node)
        self.mutations: dict[str, list[tuple[int, str | None, Any, list[Any], Any]]] = {}
        self._mutations_by_byte: dict[str, tuple[list, int, list[int], list[int]]] = {}  # (see mutations_between)
        self.mutating: set[str] = set()  # objects whose changes are being applied (a change may refer to its own object)
        self.attrs: set[str] = set()
        self.used_ids: set[str] = set()
        self.id_suffix: dict[str, int] = {}
        self.modules: dict[str, None] = {}
        self.file_strings: dict[str, str] | None = None  # see module_string
        self.alias_imports: list[tuple[list[tuple[str, str]], str, list[str]]] = []  # (pairs, root name, segs)
        self.client_tables: dict[str, str] = {}  # name of a table of Node's HTTP clients -> one of them (see ``client_table``)
        # "opt.WebSocket" -> "ws" for `opt.WebSocket = opt.WebSocket || require('ws')` (see ``on_assign``)
        self.member_imports: dict[str, str] = {}
        self.this_clients: dict[str, str] = {}  # "<class id>:this.x" given only Node's http/https (or one of their functions) -> one of them
        self.assign_recs: list[tuple[str, str, Any, Any]] = []  # (target text, func, node, value node)
        self.bare_decls: set[str] = set()  # names declared with no value (`let client;`)
        self.cjs_exports: list[tuple[int, str, Any]] = []  # (position, 'exports'/'exports.x', value node)
        self.compares: list[list[Any]] = []
        self.keyed: list[list[Any]] = []  # [line, func, store, key, op]: records kept per client address (see on_keyed)
        self.key_fns: list[list[str]] = []  # [func id, source]: small `keyGenerator` functions (what a rate limiter counts per)
        self.branch_nodes: list[Any] = []  # if statements and ?: (see riskscan.frontends._branches)
        self.string_loops: list[list[Any]] = []  # [variable, first line, last line, strings]: see on_for_of
        self.named_array_loops: list[tuple[Any, Any, Any]] = []  # (variable, span, array's name): see const_array_loops
        self.return_strs: list[tuple[str, Any]] = []  # (func id, returned literal node): see note_return
        self.return_names: list[list[str]] = []  # [func id, variable]: see note_return
        self.return_idents: list[tuple[str, Any]] = []  # (func id, returned identifier node): see note_return
        self.return_counts: dict[str, int] = {}  # func id -> its return statements
        self.handler_objs: list[Any] = []  # object literals with a `handler: '<string>'` pair (Strapi route tables)
        self.route_fn_objs: list[Any] = []  # object literals with a `handler: <function>` pair (hapi/fastify route objects)
        self.shadows: set[str] = set()  # page globals a declaration of the file rebinds (`const { document } = models`)
        # phase-2 material
        self.callees: list[str] = []
        self.recv_nodes: list[Any] = []
        self.methods: list[str] = []
        self.recv_call: list[int] = []
        self.recv_def_call: list[int] = []
        self.memo: dict[int, Val] = {}
        self.inprog: set[int] = set()
        self.env_pos: list[int] = []
        for marker in _ENV_MARKERS:
            i = src.find(marker)
            while i >= 0:
                self.env_pos.append(i)
                i = src.find(marker, i + 1)
        self.env_pos.sort()

    # ------------------------------------------------------------------ utils
    def t(self, node: Any) -> str:
        return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def short(self, node: Any, limit: int) -> str:
        end = min(node.end_byte, node.start_byte + limit * 4)
        return self.src[node.start_byte : end].decode("utf-8", "ignore")[:limit]

    def has_env(self, node: Any) -> bool:
        i = bisect_left(self.env_pos, node.start_byte)
        return i < len(self.env_pos) and self.env_pos[i] < node.end_byte

    def line(self, node: Any) -> int:
        return int(node.start_point[0]) + 1

    def pos1(self, node: Any) -> tuple[int, int]:
        """(line, 1-based column) where a node starts, as calls record it."""
        return (int(node.start_point[0]) + 1, self.node_col(node))

    def end1(self, node: Any) -> tuple[int, int]:
        """(line, 1-based column) just past a node's end, as calls record it."""
        row, bcol = node.end_point
        return (row + 1, self.cols.col(row, bcol, node.end_byte))

    def arm_span(self, node: Any) -> tuple[tuple[int, int], tuple[int, int]] | None:
        return None if node is None else (self.pos1(node), self.end1(node))

    def arms_of(self, node: Any) -> list[Any]:
        """Arm spans of an if statement or ?: (see riskscan.frontends._branches).
        An ``if`` with no ``else`` whose body ends in ``return`` or ``throw``
        has the rest of its block as its other arm (a guard clause), and the
        rest of the blocks around it that the exit leaves too (``_exited_block``)."""
        cons = node.child_by_field_name("consequence")
        alt = node.child_by_field_name("alternative")
        arms = [self.arm_span(cons), self.arm_span(alt)]
        if alt is None and node.type == "if_statement" and cons is not None and _ends_in_exit(cons):
            parent = node.parent
            if parent is not None:
                arms[1] = (self.end1(node), self.end1(_exited_block(parent)))
        return arms

    def node_col(self, node: Any) -> int:
        row, bcol = node.start_point
        return self.cols.col(row, bcol, node.start_byte)

    def spec_of(self, node: Any) -> str | None:
        """The module specifier a require()/import() argument names: a string,
        or the real package of a test double swap (``require(emulate ?
        'ioredis-mock' : 'ioredis')``: the arm that names no mock or fake
        package is what runs in production), else None."""
        spec = self.strval(node)
        if spec is None and node.type == "identifier":
            return self.module_string(node)
        if spec is not None or node.type != "ternary_expression":
            return spec
        arms = [node.child_by_field_name(f) for f in ("consequence", "alternative")]
        specs = [self.strval(self.unwrap(a)) if a is not None else None for a in arms]
        if None in specs:
            return None
        real = [s for s in specs if s is not None and not _DOUBLE_SPEC.search(s.rsplit("/", 1)[-1])]
        return real[0] if len(real) == 1 else None

    def module_string(self, ident: Any) -> str | None:
        """The string a top-level ``const NAME = '...'`` of the file gives the
        identifier ``ident`` (a package's bin launcher: ``const CLI =
        '../dist/cli'; ... require(CLI)``), when nothing else in the file
        binds or assigns that name; else None."""
        if self.file_strings is None:
            root = ident
            while root.parent is not None:
                root = root.parent
            self.file_strings = _file_strings(root, self.t)
        return self.file_strings.get(self.t(ident))

    def loads_module(self, fn: Any) -> bool:
        """The function of a call that loads a module: ``require``, ``import()``,
        or a run-time importer (``npxImport``, see ``_RUNTIME_IMPORTERS``)."""
        if fn.type == "import":
            return True
        if fn.type != "identifier":
            return False
        name = self.t(fn)
        return name == "require" or self.imports.get(name) in _RUNTIME_IMPORTERS

    def loaded_spec(self, fn: Any, arg: Any) -> str | None:
        """The module a loading call's first argument names (``spec_of``), with
        a run-time importer's version pin dropped."""
        spec = self.spec_of(arg)
        if spec is None or fn.type == "import" or self.t(fn) == "require":
            return spec
        return _unpinned(spec)

    def strval(self, node: Any) -> str | None:
        """Value of a string literal / substitution-free template, else None."""
        tp = node.type
        if tp == "string":
            return self.t(node)[1:-1]
        if tp == "template_string":
            for c in node.named_children:
                if c.type == "template_substitution":
                    return None
            return self.t(node)[1:-1]
        return None

    @staticmethod
    def unwrap(node: Any, await_too: bool = False) -> Any:
        while node is not None:
            tp = node.type
            if tp in _UNWRAP or (await_too and tp == "await_expression"):
                kids = [c for c in node.named_children if c.type != "comment"]
                if not kids:
                    return node
                node = kids[-1] if tp == "type_assertion" else kids[0]
                if tp == "parenthesized_expression" and node.type == "sequence_expression":
                    seq = [c for c in node.named_children if c.type != "comment"]
                    if seq:
                        node = seq[-1]
            else:
                return node
        return node

    def resolve_spec(self, spec: str) -> str:
        if not spec.startswith("."):
            if spec.startswith("node:") and spec[5:].split("/", 1)[0] not in _PREFIX_ONLY_BUILTINS:
                # `node:http` is `http`: checks know the core modules by their bare names
                return spec[5:]
            target = apply_alias(spec, self.aliases) if self.aliases else None
            if target is None:
                return spec
            p = posixpath.normpath(target) if target else "."
        else:
            base = posixpath.dirname(self.path.lstrip("/"))
            p = posixpath.normpath(posixpath.join(base, spec))
        for ext in _MODULE_EXTS:
            if p.endswith(ext):
                p = p[: -len(ext)]
                break
        if p.endswith("/index"):
            p = p[:-6]
        elif p == "index":
            p = "."
        return "./" + p if p != "." else "./"

    def add_module(self, spec: str) -> str:
        resolved = self.resolve_spec(spec)
        self.modules[resolved] = None
        return resolved

    def add_def(self, table: _Defs, name: str, pos: int, kind: str, payload: Any, scope: tuple[int, int] = _EVERYWHERE) -> None:
        d = (pos, kind, payload, scope[0], scope[1])
        lst = table.get(name)
        if lst is None:
            table[name] = [d]
        else:
            lst.append(d)

    @staticmethod
    def decl_scope(declarator: Any) -> tuple[int, int]:
        """Byte range where the variable a declarator declares is visible."""
        decl = declarator.parent
        scopes = _VAR_SCOPES if decl is not None and decl.type == "variable_declaration" else _BLOCK_SCOPES
        node = decl
        while node is not None:
            if node.type in scopes:
                return node.start_byte, node.end_byte
            node = node.parent
        return _EVERYWHERE

    def lookup(self, table: _Defs, positions: dict[str, list[int]], name: str, pos: int) -> _Def | None:
        """Nearest definition of ``name`` visible at ``pos``, before it (else the
        first after it), skipping self-references; None for a parameter."""
        lst = table.get(name)
        if not lst:
            return None
        i = bisect_right(positions[name], pos) - 1
        while i >= 0:
            d = lst[i]
            if not (d[3] <= pos < d[4]) or (d[1] == "node" and d[2].start_byte <= pos < d[2].end_byte):
                i -= 1
                continue
            return None if d[1] == "param" else d
        for d in lst:
            if not (d[3] <= pos < d[4]) or d[1] == "param" or (d[1] == "node" and d[2].start_byte <= pos < d[2].end_byte):
                continue
            return d
        return None

    def chain(self, node: Any) -> tuple[Any, list[str]]:
        """Split a member chain into (root node, [segments])."""
        segs: list[str] = []
        while True:
            tp = node.type
            if tp == "member_expression":
                prop = node.child_by_field_name("property")
                obj = node.child_by_field_name("object")
                if prop is None or obj is None:
                    break
                segs.append(self.t(prop))
                node = obj
            elif tp == "subscript_expression":
                idx = node.child_by_field_name("index")
                obj = node.child_by_field_name("object")
                sv = self.strval(idx) if idx is not None else None
                if sv is None or obj is None:
                    break
                segs.append(sv)
                node = obj
            elif tp in _UNWRAP:
                inner = self.unwrap(node)
                if inner is node:
                    break
                node = inner
            else:
                break
        segs.reverse()
        return node, segs

    def client_table(self, obj: Any) -> str:
        """``{ 'http:': http, 'https:': https }`` (parse-server's ``clients`` of
        follow-redirects' two): an object whose every value is Node's http or
        https module; the name of one of them, else ''."""
        mods: set[str] = set()
        for c in obj.named_children:
            if c.type == "comment":
                continue
            if c.type == "shorthand_property_identifier":
                mod = self.imports.get(self.t(c), "")
            else:
                value = c.child_by_field_name("value") if c.type == "pair" else None
                if value is None:
                    return ""
                root, segs = self.chain(self.unwrap(value, True))
                name = self.t(root) if root.type == "identifier" else ""
                if segs and segs[0] == "default" and name in self.interop:
                    segs = segs[1:]
                mod = ".".join([self.imports[name], *segs]) if name in self.imports else ""
            if mod not in _NODE_HTTP_CLIENTS:
                return ""
            mods.add(mod)
        return max(mods, default="")

    def picked_client(self, node: Any) -> str:
        """The client an entry of such a table is (``clients[url.protocol]``), else ''."""
        table = node.child_by_field_name("object")
        return self.client_tables.get(self.t(table), "") if table is not None and table.type == "identifier" else ""

    def interop_call(self, v: Any) -> bool:
        """``__importDefault(require(...))`` and the other module interop helpers of compiled code."""
        return v is not None and v.type == "call_expression" and self.interop_helper(v.child_by_field_name("function"))

    def interop_helper(self, fn: Any) -> bool:
        """``fn`` is a module interop helper of compiled code: ``__importDefault``,
        or tslib's when tsc imports its helpers (``importHelpers``):
        ``tslib_1.__importDefault`` on ``const tslib_1 = require("tslib")``."""
        if fn is None:
            return False
        if fn.type == "identifier":
            return self.t(fn) in INTEROP_HELPERS
        if fn.type != "member_expression":
            return False
        obj, prop = fn.child_by_field_name("object"), fn.child_by_field_name("property")
        return obj is not None and prop is not None and obj.type == "identifier" and self.t(prop) in INTEROP_HELPERS \
            and self.imports.get(self.t(obj)) == "tslib"

    def compiled_import(self, v: Any) -> str | None:
        """The module of an ``import('m')`` as TypeScript and Babel compile it
        for CommonJS, ``Promise.resolve().then(() => __importStar(require('m')))``,
        also as tsc's ``__awaiter`` body awaits it (``yield Promise.resolve()...``);
        else None."""
        if v.type == "yield_expression":
            kids = [c for c in v.named_children if c.type != "comment"]
            v = self.unwrap(kids[0], True) if len(kids) == 1 else v
        fn = v.child_by_field_name("function") if v.type == "call_expression" else None
        args = v.child_by_field_name("arguments")
        if fn is None or args is None or "".join(self.t(fn).split()) != "Promise.resolve().then":
            return None
        kids = [c for c in args.named_children if c.type != "comment"]
        body = kids[0].child_by_field_name("body") if len(kids) == 1 and kids[0].type == "arrow_function" else None
        if body is None or body.type == "statement_block":
            return None
        return self.require_target(body)

    def require_target(self, v: Any) -> str | None:
        """Resolved dotted name when ``v`` is require('m')[.a.b] / import('m')."""
        v = self.unwrap(v, True)
        if v.type == "yield_expression" or (v.type == "call_expression" and self.t(v).startswith("Promise")):
            compiled = self.compiled_import(v)
            if compiled is not None or v.type == "yield_expression":
                return compiled
        if v.type == "ternary_expression":
            # test ? require('ioredis-mock') : require('ioredis'): the real package (see ``spec_of``)
            arms = [v.child_by_field_name(f) for f in ("consequence", "alternative")]
            mods = [self.require_target(a) if a is not None else None for a in arms]
            if None in mods:
                return None
            real = [m for m in mods if m is not None and not _DOUBLE_SPEC.search(m.split(".", 1)[0].rsplit("/", 1)[-1])]
            return real[0] if len(real) == 1 else None
        if v.type not in ("call_expression", "member_expression", "subscript_expression"):
            return None
        if v.type == "member_expression":
            # (await import('node-fetch')).default: a property of the awaited module
            obj, prop = v.child_by_field_name("object"), v.child_by_field_name("property")
            inner = self.unwrap(obj, True) if obj is not None else None
            if inner is not None and inner is not obj and inner.type == "call_expression" and prop is not None:
                base = self.require_target(inner)
                if base is not None:
                    name = self.t(prop)
                    return base if name == "default" else f"{base}.{name}"
        root, segs = self.chain(v)
        if root.type != "call_expression":
            return None
        fn = root.child_by_field_name("function")
        if self.interop_helper(fn):
            # compiled TypeScript/Babel: __importDefault(require("ws")).default is ws
            args = root.child_by_field_name("arguments")
            first = _first(args) if args is not None else None
            base = self.require_target(first) if first is not None else None
            if base is None and first is not None and first.type == "identifier":
                base = self.imports.get(self.t(first))  # rollup: the helper is given the required binding
            if base is None:
                return None
            if segs and segs[0] == "default":
                segs = segs[1:]
            return ".".join([base, *segs]) if segs else base
        if fn is None or not self.loads_module(fn):
            return None
        args = root.child_by_field_name("arguments")
        if args is None:
            return None
        first = _first(args)
        spec = self.loaded_spec(fn, first) if first is not None else None
        if spec is None:
            return None
        mod = self.resolve_spec(spec)
        if segs and segs[0] == "default":  # require('pg').default is the module's default export
            segs = segs[1:]
        return ".".join([mod, *segs]) if segs else mod

    def pattern_names(self, pattern: Any) -> list[tuple[str, str]]:
        """(local, property) pairs of an object pattern (one level; rest -> '')."""
        out: list[tuple[str, str]] = []
        for c in pattern.named_children:
            tp = c.type
            if tp == "shorthand_property_identifier_pattern":
                n = self.t(c)
                out.append((n, n))
            elif tp == "object_assignment_pattern":
                left = c.child_by_field_name("left")
                if left is not None and left.type == "shorthand_property_identifier_pattern":
                    n = self.t(left)
                    out.append((n, n))
            elif tp == "pair_pattern":
                key = c.child_by_field_name("key")
                value = c.child_by_field_name("value")
                if key is None or value is None:
                    continue
                if value.type == "assignment_pattern":
                    value = value.child_by_field_name("left")
                if value is not None and value.type == "identifier":
                    k = self.strval(key)
                    out.append((self.t(value), k if k is not None else self.t(key)))
            elif tp == "rest_pattern":
                inner = next((x for x in c.named_children if x.type == "identifier"), None)
                if inner is not None:
                    out.append((self.t(inner), ""))
        return out

    # ------------------------------------------------------------- phase 1
    def run(self, root: Any) -> None:
        self.walk(root)
        self.resolve_aliases()
        self.resolve_chosen_http_modules()
        for table, positions in ((self.defs, self.def_pos), (self.this_defs, self.this_pos)):
            for name, lst in table.items():
                lst.sort(key=lambda d: d[0])
                positions[name] = [d[0] for d in lst]
        self.const_array_loops()
        self.build_calls()
        self.build_funcs()
        self.build_consts(root)
        self.build_classes()
        self.compiled_decorators()
        self.build_routes(root)
        self.build_exports(root)
        self.build_assigns()
        self.build_exit_guards()
        self.build_main_guards(root)
        returns = [[fn, _val_json(v)] for fn, node in self.return_strs if (v := self.val(node)).k in (STR, TMPL)]
        if returns:
            self.facts.extra["returns"] = returns
        if self.return_names:
            self.facts.extra["return_names"] = self.return_names
        # the object a function's only return statement hands back, built up in
        # the function (`var config = {}; config.host = ...; return config`)
        objs = [[fn, _val_json(v)] for fn, node in self.return_idents
                if self.return_counts.get(fn) == 1 and (v := self.val(node)).k == OBJ and v.keys is not None]
        if objs:
            self.facts.extra["return_objs"] = objs
        if self.compares:
            self.facts.extra["compares"] = self.compares
        if self.keyed:
            self.facts.extra["keyed"] = self.keyed
        if self.key_fns:
            self.facts.extra["key_fns"] = self.key_fns
        if self.shadows:
            self.facts.extra["shadows"] = sorted(self.shadows)
        if self.string_loops:
            self.facts.extra["string_loops"] = self.string_loops
        if self.branch_nodes and self.facts.calls:
            regions = branch_regions(((self.pos1(n), self.arms_of(n)) for n in self.branch_nodes), sorted((c.line, c.col) for c in self.facts.calls))
            if regions:
                self.facts.extra["branches"] = regions
        for r in self.facts.routes:
            if not r.router:
                r.router = r.framework or "app"
        self.facts.modules = list(self.modules)
        self.facts.attrs = sorted(self.attrs)

    def walk(self, root: Any) -> None:
        kinds = _kinds(self.grammar)
        codes, skip, chain = kinds.codes, kinds.skipped, kinds.chain
        blocks = kinds.blocks
        # (node, kind id, parent nesting, parent is a chain node, enclosing Func id, (class name, class index) for class bodies)
        stack: list[tuple[Any, int, int, bool, str, Any]] = [(root, root.kind_id, 0, False, "", ())]
        pop = stack.pop
        push = stack.append
        while stack:
            node, kid, pnest, pchain, fn, cls = pop()
            in_chain = kid in chain
            nest = pnest if (in_chain and pchain) else pnest + 1
            if nest > _MAX_NEST:
                raise SkipFile(f"nesting deeper than {_MAX_NEST} levels")
            child_fn = fn
            child_cls: Any = ()
            code = codes.get(kid, 0)
            if code:
                tp = node.type
                if code == 1:
                    self.on_member(node)
                elif code == 2:
                    if not _await_misread(node):
                        self.on_call(node, tp, fn)
                elif code == 3:
                    self.on_declarator(node, fn)
                elif code == 4:
                    self.on_assign(node, tp, fn)
                elif code == 5:
                    child_fn = self.on_func(node, tp, fn, cls)
                elif code == 6:
                    inner = self.unwrap(_first(node))
                    if inner is not None and inner.type in _CALL_TYPES:
                        self.awaited.add(inner.id)
                elif code == 7:
                    # (also `return nodes ? new Cluster(nodes) : new Redis(url)`)
                    returned = self.unwrap(_first(node), True)
                    if fn:
                        self.return_counts[fn] = self.return_counts.get(fn, 0) + 1
                    self.assign_result(returned, "return")
                    self.note_return(returned, fn)
                elif code == 8:
                    value = node.child_by_field_name("value")
                    if value is not None:
                        value = self.unwrap(value)
                        if value.type in _FUNC_EXPR_TYPES or value.type == "class":
                            key = self.key_name(node.child_by_field_name("key"))
                            if key is not None:
                                self.name_hint.setdefault(value.id, key)
                            if key == "handler" and value.type != "class":
                                self.route_fn_objs.append(node.parent)  # `handler: async (request, h) => ...`: a hapi/fastify route object, maybe
                        elif value.type == "string":
                            key = node.child_by_field_name("key")
                            # `handler: 'auth.login'` (or `'handler': ...`): a Strapi route object, maybe
                            if key is not None and key.end_byte - key.start_byte in (7, 9) and self.key_name(key) == "handler":
                                self.handler_objs.append(node.parent)
                elif code == 9:
                    child_cls = self.on_class(node, fn)
                elif code == 10:
                    child_cls = cls
                    self.on_class_body(node, cls, fn)
                elif code == 11:
                    self.on_export(node)
                elif code == 12:
                    self.on_subscript(node)
                    self.on_keyed(node, fn)
                elif code == 13:
                    self.on_import(node)
                    continue
                elif code == 14:
                    self.on_binary(node, fn)
                elif code == 15:
                    self.on_switch_case(node, fn)
                elif code == 16:
                    self.branch_nodes.append(node)
                elif code == 17:
                    self.on_for_of(node)
            kids = node.children
            if kids:
                if kid in blocks:
                    kids = _live_statements(kids, kinds)
                for c in reversed(kids):
                    ck = c.kind_id
                    if ck not in skip:
                        push((c, ck, nest, in_chain, child_fn, child_cls))

    # --- handlers
    def on_import(self, node: Any) -> None:
        source = node.child_by_field_name("source")
        clause = None
        for c in node.named_children:
            if c.type in ("import_clause", "import_require_clause"):
                clause = c
                if source is None:
                    source = c.child_by_field_name("source")
        spec = self.strval(source) if source is not None else None
        if spec is None:
            return
        mod = self.add_module(spec)
        if clause is None:
            return
        if clause.type == "import_require_clause":
            ident = next((c for c in clause.named_children if c.type == "identifier"), None)
            if ident is not None:
                self.imports[self.t(ident)] = mod
            return
        for c in clause.named_children:
            tp = c.type
            if tp == "identifier":
                self.imports[self.t(c)] = mod
            elif tp == "namespace_import":
                ident = next((x for x in c.named_children if x.type == "identifier"), None)
                if ident is not None:
                    self.imports[self.t(ident)] = mod
            elif tp == "named_imports":
                for spec_node in c.named_children:
                    if spec_node.type != "import_specifier":
                        continue
                    name = spec_node.child_by_field_name("name")
                    alias = spec_node.child_by_field_name("alias")
                    if name is None:
                        continue
                    imported = self.strval(name)
                    if imported is None:
                        imported = self.t(name)
                    local = self.t(alias) if alias is not None else imported
                    self.imports[local] = mod if imported == "default" else f"{mod}.{imported}"

    def on_export(self, node: Any) -> None:
        source = node.child_by_field_name("source")
        if source is not None:
            spec = self.strval(source)
            if spec is not None:
                self.add_module(spec)
        decos = [c for c in node.named_children if c.type == "decorator"]
        if decos:
            decl = node.child_by_field_name("declaration")
            if decl is not None:
                self.export_decos[decl.id] = decos
        value = node.child_by_field_name("value")
        if value is not None:
            inner = self.unwrap(value, True)
            if inner.type in _CALL_TYPES:
                self.assigned.setdefault(inner.id, "default")

    def on_member(self, node: Any) -> None:
        if len(self.attrs) >= _MAX_ATTRS or node.id in self.writes:
            return
        prop = node.child_by_field_name("property")
        obj = node.child_by_field_name("object")
        if prop is None or obj is None:
            return
        ot = obj.type
        if ot in ("identifier", "this", "super"):
            seg = self.t(obj)
        elif ot == "member_expression":
            p2 = obj.child_by_field_name("property")
            if p2 is None:
                return
            seg = self.t(p2)
        else:
            return
        self.attrs.add(seg + "." + self.t(prop))

    def on_subscript(self, node: Any) -> None:
        if len(self.attrs) >= _MAX_ATTRS or node.id in self.writes:
            return
        idx = node.child_by_field_name("index")
        obj = node.child_by_field_name("object")
        if idx is None or obj is None or idx.type != "string":
            return
        ot = obj.type
        if ot in ("identifier", "this"):
            seg = self.t(obj)
        elif ot == "member_expression":
            p2 = obj.child_by_field_name("property")
            if p2 is None:
                return
            seg = self.t(p2)
        else:
            return
        self.attrs.add(seg + "." + self.t(idx)[1:-1])

    def on_keyed(self, node: Any, fn: str) -> None:
        """``store[ip]`` with an index that may be a client address
        (``req.ip``, ``ip``, ``req.socket.remoteAddress``): recorded as
        [line, func, store, key, op] for RS501's home-made throttles, with
        ``op`` 'bump' (``store[ip]++``, ``store[ip] += 1``, ``store[ip] =
        (store[ip] || 0) + 1``, ``store[ip] = n + 1``, ``store[ip].push(...)``,
        ``store[ip].count++``),
        'set' (another assignment) or 'read'."""
        if len(self.keyed) >= _MAX_KEYED:
            return
        idx = node.child_by_field_name("index")
        obj = node.child_by_field_name("object")
        if idx is None or obj is None or idx.type in ("string", "number", "template_string") or idx.end_byte - idx.start_byte > 80:
            return
        key = self.t(idx)
        if _CLIENT_KEY_HINT.search(key) is None:
            return
        op = "read"
        target, parent = node, node.parent
        if parent is not None and parent.type == "member_expression" and parent.child_by_field_name("object") == node:
            gp = parent.parent
            prop = parent.child_by_field_name("property")
            if gp is not None and gp.type == "call_expression" and gp.child_by_field_name("function") == parent:
                if prop is not None and self.t(prop) in ("push", "unshift", "add", "increment"):
                    op = "bump"
                parent = None
            else:
                target, parent = parent, gp  # store[ip].count++
        if parent is not None:
            pt = parent.type
            if pt == "update_expression":
                op = "bump"
            elif pt in ("assignment_expression", "augmented_assignment_expression") and parent.child_by_field_name("left") == target:
                right = parent.child_by_field_name("right")
                rop = parent.child_by_field_name("operator")
                if pt == "augmented_assignment_expression":
                    op = "bump" if rop is not None and self.t(rop) == "+=" else "set"
                else:
                    # (`= (store[ip] || 0) + 1`, `= n + 1`: one more than before)
                    rt = self.t(right) if right is not None and right.end_byte - right.start_byte < 200 else ""
                    op = "bump" if re.search(r"\+\s*1\b", rt) else "set"
        rec = [int(node.start_point[0]) + 1, fn, _compact(self.short(obj, 120)), _compact_ws(key), op]
        if rec not in self.keyed[-8:]:
            self.keyed.append(rec)

    def on_call(self, node: Any, tp: str, fn: str) -> None:
        idx = len(self.call_nodes)
        self.call_nodes.append(node)
        self.call_func.append(fn)
        self.call_index[node.id] = idx
        if tp == "call_expression":
            f = node.child_by_field_name("function")
            if f is not None and f.type == "member_expression" and f.end_byte - f.start_byte > 8 and self.t(f).endswith(".forEach"):
                self.on_foreach(node, f)
            if f is not None and f.type == "member_expression" and self.t(f) == "Object.assign":
                args = node.child_by_field_name("arguments")
                target = _first(args) if args is not None and args.type == "arguments" else None
                if target is not None and target.type == "identifier":
                    sources = [a for a in args.named_children if a.type != "comment"][1:]
                    self.mutations.setdefault(self.t(target), []).append((node.start_byte, None, None, sources, node))
            if f is not None and f.type == "await_expression":
                self.awaited.add(node.id)
            elif f is not None and self.loads_module(f):
                args = node.child_by_field_name("arguments")
                if args is not None and args.type == "arguments":
                    first = _first(args)
                    spec = self.loaded_spec(f, first) if first is not None else None
                    if spec is not None:
                        self.require_mod[idx] = self.add_module(spec)

    def kept_name_fn(self, node: Any) -> Any:
        """The function esbuild's keepNames helper wraps, ``__name((channel) =>
        {...}, "listen")`` (a bundle's class field or const), else ``node``:
        the value is that function."""
        if node.type != "call_expression":
            return node
        f = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if f is None or args is None or f.type != "identifier" or self.t(f) != "__name":
            return node
        kids = [c for c in args.named_children if c.type != "comment"]
        inner = self.unwrap(kids[0]) if len(kids) == 2 else None
        return inner if inner is not None and inner.type in _FUNC_EXPR_TYPES else node

    def note_value(self, value: Any, name: str, hint: str) -> Any:
        """Common work for `name = value`: function names, assigned calls."""
        v = self.kept_name_fn(self.unwrap(value, True))
        vt = v.type
        if vt in _FUNC_EXPR_TYPES or vt == "class":
            self.name_hint.setdefault(v.id, hint)
        elif vt in _CALL_TYPES or vt == "ternary_expression":
            # (`const client = cluster ? this.createClusterClient() : this.createRegularClient()`:
            # whichever arm runs, its result is what `name` holds)
            self.assign_result(v, name)
        elif (made := self.fallback_call(v)) is not None:
            self.assigned.setdefault(made.id, name)
        return v

    def assign_result(self, value: Any, name: str) -> None:
        """Bind to ``name`` the call ``value`` (unwrapped) is, or the calls in a
        ternary's arms, also through nested ternaries (`given ? given : nodes ?
        new Cluster(nodes) : new Redis(url)`): whichever runs, its result is what
        ``name`` holds."""
        todo = [value]
        while todo:
            v = todo.pop()
            if v is None:
                continue
            if v.type in _CALL_TYPES:
                self.assigned.setdefault(v.id, name)
            elif v.type == "ternary_expression":
                for field in ("alternative", "consequence"):  # (popped consequence first)
                    arm = v.child_by_field_name(field)
                    if arm is not None:
                        todo.append(self.unwrap(arm, True))

    def note_return(self, value: Any, fn: str) -> None:
        """Keep a string or template literal a function returns when it
        mentions an update (pg-boss's SQL plans: ``function restoreJobs(schema,
        table) { return `UPDATE ${schema}.${table} SET state = ...` }``, run by
        a caller elsewhere); built into ``extra["returns"]`` as the Python
        frontend's, ``[func id, value]``, at most ``_MAX_RETURNS`` a file.
        And the variable a function returns (``return client``: the clients
        Bull's ``createClient`` option hands it), ``extra["return_names"]``,
        ``[func id, name]``, as many at most; its node too, for the object it
        holds there (``extra["return_objs"]``, ``[func id, value]``, kept for a
        function with one return statement: pdf-bot's ``parseConfig()``, whose
        ``config`` gets its keys one assignment at a time)."""
        if value is None or not fn:
            return
        if value.type == "identifier":
            if len(self.return_names) < _MAX_RETURNS:
                self.return_names.append([fn, _text_of(value).decode("utf-8", "replace")])
                self.return_idents.append((fn, value))
            return
        if value.type not in ("string", "template_string") or len(self.return_strs) >= _MAX_RETURNS:
            return
        if b"update" in self.src[value.start_byte : value.end_byte].lower():
            self.return_strs.append((fn, value))

    def required_or_default(self, v: Any) -> str | None:
        """What ``require_target`` resolves ``v`` to, or the module of the
        default in ``given || require('m')`` (a dependency the caller may inject:
        ``opt.WebSocket || require('ws')`` is ws unless it passes its own)."""
        got = self.require_target(v)
        if got is None:
            made = self.fallback_call(self.unwrap(v, True))
            got = self.require_target(made) if made is not None else None
        return got

    def fallback_call(self, v: Any) -> Any:
        """The call of ``given || make()`` / ``given ?? make()`` (``this.http =
        opts.http || axios.create()``): what the name holds whenever its caller
        passes nothing, the usual case; None for any other value, a chain
        (``a || b || make()``) included."""
        if v.type != "binary_expression" or _text_of(v.child_by_field_name("operator")) not in (b"||", b"??"):
            return None
        left, right = v.child_by_field_name("left"), v.child_by_field_name("right")
        if left is None or right is None or self.unwrap(left).type not in ("identifier", "member_expression"):
            return None
        made = self.unwrap(right, True)
        return made if made.type in _CALL_TYPES else None

    def on_declarator(self, node: Any, fn: str) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or value is None:
            if name is not None and name.type == "identifier":
                self.bare_decls.add(self.t(name))  # `let client;`: given its value later
            return
        nt = name.type
        if nt == "identifier":
            n = self.t(name)
            if n in _PAGE_GLOBALS:
                self.shadows.add(n)
            self.add_assign(n, fn, node, value)
            v = self.note_value(value, n, n)
            self.add_def(self.defs, n, node.start_byte, "node", value, self.decl_scope(node))
            target = self.required_or_default(value)
            if target is not None:
                self.imports[n] = target
                if self.interop_call(v):
                    self.interop.add(n)  # its `.default` is the module itself
            elif v.type == "member_expression":
                # const Pool = pg.Pool (pg imported): resolved after the walk
                root, segs = self.chain(v)
                if root.type == "identifier" and segs:
                    self.alias_imports.append(([(n, "")], self.t(root), segs))
            elif v.type == "identifier":
                # let fetchFn = fetch (a seam for tests) / const client = axios: resolved after the walk
                self.alias_imports.append(([(n, "")], self.t(v), []))
            elif v.type == "binary_expression" and _text_of(v.child_by_field_name("operator")) in (b"||", b"??"):
                # const fetch = fetchModule.default || fetchModule (CommonJS/ESM interop): the module itself
                left = v.child_by_field_name("left")
                left = self.unwrap(left) if left is not None else None
                root, segs = self.chain(left) if left is not None and left.type == "member_expression" else (left, [])
                if root is not None and root.type == "identifier" and segs in ([], ["default"]):
                    self.alias_imports.append(([(n, "")], self.t(root), segs))
            elif v.type == "object":
                mod = self.client_table(v)
                if mod:
                    self.client_tables[n] = mod
            elif v.type == "subscript_expression" and (picked := self.picked_client(v)):
                # const client = clients[url.protocol]: Node's client whichever entry
                self.imports[n] = picked
            elif v.type == "ternary_expression":
                # const mod = secure ? https : http: Node's client either way
                arms = [v.child_by_field_name("consequence"), v.child_by_field_name("alternative")]
                if chosen := self.node_http_choice(v):
                    self.imports[n] = chosen
                else:
                    # const WorkerClass = pro ? require('bullmq-pro').WorkerPro : bullmq_1.Worker:
                    # the first arm that is a member of an imported binding names the class
                    for a in arms:
                        a = self.unwrap(a) if a is not None else None
                        if a is not None and a.type == "member_expression":
                            root, segs = self.chain(a)
                            if root.type == "identifier" and segs:
                                self.alias_imports.append(([(n, "")], self.t(root), segs))
                                break
        elif nt == "object_pattern":
            self.shadows.update(local for local, _p in self.pattern_names(name) if local in _PAGE_GLOBALS)
            self.add_assign(_clip(_compact_ws(self.short(name, 4 * _TEXT_LIMIT))), fn, node, value)
            target = self.require_target(value)
            if target is not None:
                self.import_pattern(name, target)
                return
            v = self.unwrap(value, True)
            vtext = _compact(self.t(v)) if v.end_byte - v.start_byte < 64 else ""
            if vtext in ("process.env", "import.meta.env"):
                scope = self.decl_scope(node)
                for local, prop in self.pattern_names(name):
                    self.add_def(self.defs, local, node.start_byte, "env", f"{vtext}.{prop}" if prop else vtext, scope)
            elif v.type in ("identifier", "member_expression"):
                # const { Pool } = pg (pg imported): resolved after the walk
                root, segs = self.chain(v)
                if root.type == "identifier":
                    self.alias_imports.append((self.pattern_names(name), self.t(root), segs))
        else:
            self.add_assign(_clip(_compact_ws(self.short(name, 4 * _TEXT_LIMIT))), fn, node, value)
            if nt == "array_pattern":
                self.import_all_loaded(name, value)

    def import_pattern(self, pattern: Any, target: str) -> None:
        """The bindings of ``const { Pool, default: pg } = <module target>``."""
        for local, prop in self.pattern_names(pattern):
            self.imports[local] = f"{target}.{prop}" if prop and prop != "default" else target

    def import_all_loaded(self, pattern: Any, value: Any) -> None:
        """``const [{ default: serve }, bodyParser] = await Promise.all([import('koa-static'),
        import('koa-bodyparser')])``: each slot of the array pattern binds the module
        loaded at the same position of the array given to ``Promise.all``."""
        v = self.unwrap(value, True)
        fn = v.child_by_field_name("function") if v.type == "call_expression" else None
        args = v.child_by_field_name("arguments") if fn is not None and _compact(self.t(fn)) == "Promise.all" else None
        loaded = self.unwrap(_first(args)) if args is not None and _first(args) is not None else None
        if loaded is None or loaded.type != "array":
            return
        for slot, item in zip(_slots(pattern), _slots(loaded), strict=False):
            if slot is not None and slot.type == "assignment_pattern":
                slot = slot.child_by_field_name("left")  # `[a = fallback]`: the module when it loads
            if slot is None or item is None or slot.type not in ("identifier", "object_pattern"):
                continue
            target = self.require_target(item)
            if target is None:
                continue
            if slot.type == "identifier":
                self.imports[self.t(slot)] = target
            else:
                self.import_pattern(slot, target)

    def add_assign(self, target: str, fn: str, node: Any, value: Any) -> None:
        if len(self.assign_recs) < _MAX_ASSIGNS:
            self.assign_recs.append((target, fn, node, value))

    def resolve_aliases(self) -> None:
        """Destructuring / member reads of imported bindings become imports (in source order)."""
        imports = self.imports
        for _ in range(3):
            changed = False
            for pairs, root, segs in self.alias_imports:
                base = imports.get(root)
                if base is None:
                    if root not in _ALIASED_GLOBALS or segs:
                        continue
                    base = root  # the global itself (a file that defines its own is judged by the checks)
                if segs and segs[0] == "default":
                    segs = segs[1:]
                prefix = ".".join([base, *segs])
                for local, prop in pairs:
                    if local and local != root and local not in imports:
                        imports[local] = f"{prefix}.{prop}" if prop and prop != "default" else prefix
                        changed = True
            if not changed:
                break

    def node_http_arm(self, a: Any) -> str:
        """What one value given to a client variable is when it is Node's
        ``http``/``https`` module or its ``get``/``request`` (``https``,
        ``https.request``, ``requestHTTPS`` imported as ``request`` from
        ``node:https``), else ''."""
        a = self.unwrap(a) if a is not None else None
        if a is None:
            return ""
        if a.type == "identifier":
            mod = self.imports.get(self.t(a), "")
        elif a.type == "member_expression":
            root, segs = self.chain(a)
            base = self.imports.get(self.t(root), "") if root.type == "identifier" else ""
            mod = f"{base}.{'.'.join(segs)}" if base and len(segs) == 1 else ""
        else:
            return ""
        return mod if mod in _NODE_HTTP_MODULES or mod in _NODE_HTTP_FUNCS else ""

    def node_http_choice(self, v: Any) -> str:
        """``secure ? https : http`` or ``secure ? https.request : http.request``
        (``requestHTTPS : requestHTTP``): Node's client (or the same function
        of it) whichever arm runs, named by one of the arms; else ''."""
        v = self.unwrap(v)
        if v.type != "ternary_expression":
            return self.node_http_arm(v)
        arms = [self.node_http_arm(v.child_by_field_name(k)) for k in ("consequence", "alternative")]
        if not all(arms) or len({a.rsplit(".", 1)[-1] if a in _NODE_HTTP_FUNCS else "" for a in arms}) != 1:
            return ""  # (a module and a function, or `get` and `request`, are not one client)
        return sorted(arms)[-1]

    def resolve_chosen_http_modules(self) -> None:
        """``let client; if (secure) { client = https; } else { client = http; }``:
        a name declared with no value (or null) and given only Node's
        ``http``/``https`` modules is Node's client whichever branch ran, like
        the ternary ``const client = secure ? https : http``.  Any other value
        given to the name anywhere in the file, or a name never declared so
        (a parameter a caller may fill), leaves it unknown.  The same holds
        for one of their functions (``fn = https.request``) and for a member
        ``this.x`` given only such values (kutt's client: ``this.#request =
        https ? requestHTTPS : requestHTTP`` in its constructor, then
        ``this.#request(url, options, cb)``)."""
        if len(self.assign_recs) >= _MAX_ASSIGNS:
            return  # some assignments went unrecorded: cannot tell "only"
        chosen: dict[str, set[str]] = {}
        declared = set(self.bare_decls)
        other: set[str] = set()
        for target, _fn, node, value in self.assign_recs:
            if target.startswith("this.") and target.count(".") == 1:
                target = f"{_class_id(node)}:{target}"  # (each class's own member)
            if target in self.imports or target in other:
                continue
            v = self.unwrap(value)
            if v.type in ("null", "undefined"):
                if node.type == "variable_declarator":
                    declared.add(target)
                continue
            mod = self.node_http_choice(v)
            if mod:
                chosen.setdefault(target, set()).add(mod)
            else:
                other.add(target)
        for name, mods in chosen.items():
            if name in other or len({m.rsplit(".", 1)[-1] if m in _NODE_HTTP_FUNCS else "" for m in mods}) != 1:
                continue  # (given a module here and a function there: not one client)
            if ":this." in name:
                if not name.startswith("None:"):  # (`this` outside a class: not known what it is)
                    self.this_clients[name] = sorted(mods)[-1]
            elif name in declared:
                self.imports[name] = sorted(mods)[-1]

    def on_binary(self, node: Any, fn: str) -> None:
        if len(self.compares) >= _MAX_COMPARES:
            return
        op = node.child_by_field_name("operator")
        if op is not None and op.type in _COMPARE_OPS:
            self.compares.append([int(node.start_point[0]) + 1, fn, _clip(_compact_ws(self.short(node, 4 * _TEXT_LIMIT)))])

    def on_for_of(self, node: Any) -> None:
        """``for (const signal of ['SIGINT', 'SIGTERM']) { ... }``: the loop's
        variable takes each string of the array literal in turn; recorded as
        ``extra["string_loops"]`` items ``[variable, first line, last line,
        strings]`` (kuzzle's signal handlers, registered in such loops)."""
        if len(self.string_loops) >= _MAX_STRING_LOOPS:
            return
        op = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = self.unwrap(node.child_by_field_name("right"))
        if op is None or op.type != "of" or left is None or left.type != "identifier" or right is None:
            return
        if right.type == "identifier":
            self.named_array_loops.append((left, node, right))
        elif right.type == "array":
            self.add_string_loop(left, node, right)

    def const_array_loops(self) -> None:
        """A loop over a ``const`` bound to an array literal of strings
        (redwood's ``const routePaths = ["", "/health", "/readiness"]; for
        (const routePath of routePaths) fastify.route({url: `${root}${routePath}`, ...})``)
        is recorded like a loop over the literal itself; a ``let``/``var`` (which
        may be given another array) or an array from elsewhere is not. Run once
        the definitions are sorted, since the loop may come before them in the walk."""
        for var, span, name in self.named_array_loops:
            if len(self.string_loops) >= _MAX_STRING_LOOPS:
                return
            d = self.lookup(self.defs, self.def_pos, self.t(name), name.start_byte)
            value = self.unwrap(d[2]) if d is not None and d[1] == "node" else None
            declarator = d[2].parent if d is not None and d[1] == "node" else None
            decl = declarator.parent if declarator is not None and declarator.type == "variable_declarator" else None
            if value is not None and value.type == "array" and decl is not None and decl.type == "lexical_declaration" \
                    and decl.children and decl.children[0].type == "const":
                self.add_string_loop(var, span, value)

    def add_string_loop(self, var: Any, span: Any, arr: Any) -> None:
        """Record that identifier ``var`` takes each string of the array
        literal ``arr`` in the lines of ``span`` (not when an item is no
        string, nor for more than ``_MAX_STRING_LOOP_ITEMS`` of them)."""
        items = [self.strval(c) for c in arr.named_children]
        if not items or len(items) > _MAX_STRING_LOOP_ITEMS or any(v is None for v in items):
            return
        self.string_loops.append([self.t(var), int(span.start_point[0]) + 1, int(span.end_point[0]) + 1, items])

    def on_foreach(self, node: Any, f: Any) -> None:
        """``['SIGINT', 'SIGTERM'].forEach((signal) => process.on(signal, ...))``:
        the callback's first parameter takes each string of the array literal
        in turn; recorded like a for-of loop over it (``extra["string_loops"]``,
        from the callback's first line to its last)."""
        if len(self.string_loops) >= _MAX_STRING_LOOPS:
            return
        arr = self.unwrap(f.child_by_field_name("object"))
        args = node.child_by_field_name("arguments")
        cb = self.unwrap(_first(args)) if args is not None and args.type == "arguments" else None
        if arr is None or arr.type not in ("array", "identifier") or cb is None or cb.type not in _FUNC_EXPR_TYPES:
            return
        param = cb.child_by_field_name("parameter")  # `signal => ...`
        if param is None:
            params = cb.child_by_field_name("parameters")
            param = _first(params) if params is not None else None
            if param is not None and param.type == "required_parameter":  # TypeScript: `(signal: string) => ...`
                param = param.child_by_field_name("pattern")
        if param is None or param.type != "identifier":
            return
        if arr.type == "identifier":
            self.named_array_loops.append((param, cb, arr))  # `SIGNALS.forEach(...)`: see const_array_loops
        else:
            self.add_string_loop(param, cb, arr)

    def on_switch_case(self, node: Any, fn: str) -> None:
        """``switch (req.url) { case '/health': ...}`` is recorded as the comparison
        ``req.url === '/health'`` (a raw http server's routing)."""
        if len(self.compares) >= _MAX_COMPARES:
            return
        value = node.child_by_field_name("value")
        body = node.parent
        switch = body.parent if body is not None else None
        subject = switch.child_by_field_name("value") if switch is not None and switch.type == "switch_statement" else None
        if value is None or subject is None:
            return
        if subject.type == "parenthesized_expression" and subject.named_child_count == 1:
            subject = subject.named_children[0]
        text = f"{self.short(subject, 2 * _TEXT_LIMIT)} === {self.short(value, 2 * _TEXT_LIMIT)}"
        self.compares.append([int(node.start_point[0]) + 1, fn, _clip(_compact_ws(text))])

    def assign_target(self, left: Any) -> str | None:
        """Normalised name of an assignment target ('pool', 'this.pool', 'exports.pool')."""
        lt = left.type
        if lt == "identifier":
            return self.t(left)
        if lt not in ("member_expression", "subscript_expression"):
            return None
        root, segs = self.chain(left)
        if root.type == "identifier":
            rn = self.t(root)
            if rn == "module" and segs and segs[0] == "exports":
                return ".".join(["exports", *segs[1:]])
            return ".".join([rn, *segs])
        if root.type == "this":
            return ".".join(["this", *segs])
        return _compact(self.short(left, 200))

    def on_assign(self, node: Any, tp: str, fn: str) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return
        lt = left.type
        self.add_assign(self.t(left) if lt == "identifier" else _clip(_compact_ws(self.short(left, 4 * _TEXT_LIMIT))), fn, node, right)
        if lt in ("member_expression", "subscript_expression"):
            self.writes.add(left.id)
            self.note_mutation(left, node, right if tp == "assignment_expression" else None)
        if tp == "augmented_assignment_expression":
            op = node.child_by_field_name("operator")
            if op is None or self.t(op) not in ("||=", "??="):
                return
        target = self.assign_target(left)
        if target is None:
            return
        if target == "exports" or (target.startswith("exports.") and target.count(".") == 1):
            self.cjs_exports.append((node.start_byte, target, right))
        hint = target.rsplit(".", 1)[-1]
        self.note_value(right, target, hint)
        if left.type == "identifier":
            self.add_def(self.defs, target, node.start_byte, "node", right)
            req = self.required_or_default(right)
            if req is not None:
                self.imports[target] = req
        elif left.type == "member_expression" and self.unwrap(self.chain(left)[0]).type == "identifier" and target.count(".") == 1:
            # opt.WebSocket = opt.WebSocket || require('ws'): `new opt.WebSocket.Server()` is ws's
            req = self.required_or_default(right)
            if req is not None:
                self.member_imports[target] = req
        elif target.startswith("this.") and target.count(".") == 1:
            self.add_def(self.this_defs, target[5:], node.start_byte, "node", right)

    def note_mutation(self, left: Any, node: Any, right: Any) -> None:
        """``cfg.max = 10`` / ``cfg['max'] = 10`` (``right`` None for ``||=``
        and the like): the object ``cfg`` holds gains a key after its literal."""
        obj = left.child_by_field_name("object")
        if obj is None or obj.type != "identifier":
            return
        key: str | None = None
        if left.type == "member_expression":
            prop = left.child_by_field_name("property")
            key = self.t(prop) if prop is not None and prop.type == "property_identifier" else None
        else:
            index = left.child_by_field_name("index")
            key = self.strval(index) if index is not None else None
        self.mutations.setdefault(self.t(obj), []).append((node.start_byte, key, right, [], node))

    def mutations_between(self, name: str, since: int, until: int) -> list:
        """The changes of ``name`` strictly between the two offsets, in the
        list's order: by bisection in the changes sorted by offset, made again
        only when the list has grown (a local of the same name changed in
        every function made each lookup read them all)."""
        changes = self.mutations.get(name)
        if not changes:
            return []
        if len(changes) <= 16:
            return [m for m in changes if since < m[0] < until]
        got = self._mutations_by_byte.get(name)
        if got is None or got[0] is not changes or got[1] != len(changes):
            order = sorted(range(len(changes)), key=lambda i: changes[i][0])
            got = self._mutations_by_byte[name] = (changes, len(changes), [changes[i][0] for i in order], order)
        keys, order = got[2], got[3]
        return [changes[i] for i in sorted(order[bisect_right(keys, since) : bisect_left(keys, until)])]

    def mutated(self, name: str, v: Val, since: int, until: int, depth: int, hops: int) -> Val:
        """``v`` (the object literal ``name`` was last given at ``since``) with
        the keys set on it before ``until``: ``cfg.x = 1``, ``cfg['x'] = 1``,
        ``Object.assign(cfg, {...})``.  A key that cannot be named, or sources
        that are not object literals, leave it open (unknown keys).  A change
        under a condition (``if``, a loop, ``try``, ``? :``) makes its keys
        present with an unknown value: which branch runs is not known."""
        changes = self.mutations_between(name, since, until)
        if not changes:
            return v
        if len(changes) > _MAX_MUTATIONS or name in self.mutating:
            # (too many to follow, or a change that refers to the object itself)
            return Val(OBJ, keys=dict(v.keys or {}), open=True, line=v.line)
        self.mutating.add(name)
        try:
            return self._apply_changes(changes, v, depth, hops)
        finally:
            self.mutating.discard(name)

    def _apply_changes(self, changes: list[tuple[int, str | None, Any, list[Any], Any]], v: Val, depth: int, hops: int) -> Val:
        keys = dict(v.keys or {})
        open_ = v.open
        for _pos, key, right, sources, node in changes:
            maybe = _conditional(node)
            if sources:
                for src in sources:
                    sv = self.val(src, depth + 1, hops)
                    if sv.k == OBJ and sv.keys is not None:
                        for k2, v2 in sv.keys.items():
                            keys.pop(k2, None)
                            keys[k2] = Val(OTHER, k2, line=v2.line) if maybe else v2
                        open_ = open_ or sv.open
                    else:
                        open_ = True
            elif key is None:
                open_ = True
            else:
                was = keys.pop(key, None)
                got = self.val(right, depth + 1, hops) if right is not None else None
                # a branch may set the key: a new object literal stays known (the
                # key is either absent or that object), anything else is opaque
                if got is None or (maybe and (was is not None or got.k != OBJ)):
                    got = Val(OTHER, key, line=v.line)
                elif maybe:
                    got = Val(OBJ, BRANCH, got.keys, got.items, got.open, got.call, got.line)
                keys[key] = got
        return Val(OBJ, keys=keys, open=open_, line=v.line)

    def key_name(self, key: Any) -> str | None:
        if key is None:
            return None
        kt = key.type
        if kt in ("property_identifier", "private_property_identifier", "number", "identifier"):
            return self.t(key)
        if kt == "string":
            return self.t(key)[1:-1]
        if kt == "computed_property_name":
            inner = self.unwrap(_first(key))
            if inner is None:
                return None
            sv = self.strval(inner)
            if sv is not None:
                return sv
            if inner.type == "number":
                return self.t(inner)
            if inner.type == "identifier":
                d = self.lookup(self.defs, self.def_pos, self.t(inner), inner.start_byte) if self.def_pos else None
                if d is not None and d[1] == "node":
                    sv = self.strval(self.unwrap(d[2]))
                    if sv is not None:
                        return sv
        return None

    def on_func(self, node: Any, tp: str, parent: str, cls: Any) -> str:
        name_node = node.child_by_field_name("name")
        line_node = node
        if tp == "method_definition":
            name = self.t(name_node) if name_node is not None else "<anon>"
            if name_node is not None:
                line_node = name_node
            owner = cls
        else:
            if name_node is not None:
                name = self.t(name_node)
            else:
                name = self.name_hint.get(node.id, "<anon>")
            owner = self.cls_hint.get(node.id, ())
        line = int(line_node.start_point[0]) + 1
        fid = f"{name}@{line}"
        if fid in self.used_ids:
            base = fid
            n = self.id_suffix.get(base, 1) + 1
            while f"{base}#{n}" in self.used_ids:
                n += 1
            self.id_suffix[base] = n
            fid = f"{base}#{n}"
        self.used_ids.add(fid)
        self.func_ids[node.id] = fid
        if name == "keyGenerator" and node.end_byte - node.start_byte <= _MAX_KEY_FN:
            # (`keyGenerator: (req) => req.body.email`: what express-rate-limit and its
            # kin count requests per; RS502 reads whether that is the account)
            self.key_fns.append([fid, _compact_ws(self.t(node))])
        # params
        params: list[str] = []
        pnode = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
        if pnode is not None:
            st = [pnode]
            while st:
                p = st.pop()
                pt = p.type
                if pt in ("identifier", "shorthand_property_identifier_pattern"):
                    params.append(self.t(p))
                elif pt in ("formal_parameters", "object_pattern", "array_pattern"):
                    st.extend(reversed(p.named_children))
                elif pt in ("required_parameter", "optional_parameter"):
                    q = p.child_by_field_name("pattern")
                    if q is not None:
                        st.append(q)
                elif pt in ("assignment_pattern", "object_assignment_pattern"):
                    q = p.child_by_field_name("left")
                    if q is not None:
                        st.append(q)
                elif pt == "pair_pattern":
                    q = p.child_by_field_name("value")
                    if q is not None:
                        st.append(q)
                elif pt == "rest_pattern":
                    st.extend(reversed(p.named_children))
        # a parameter hides what its name means outside the function
        for pname in params:
            self.add_def(self.defs, pname, node.start_byte, "param", None, (node.start_byte, node.end_byte))
        is_async = False
        decos: list[Any] = []
        if tp == "method_definition":
            for c in node.children:
                ct = c.type
                if ct == "async":
                    is_async = True
                elif ct == "decorator":
                    decos.append(c)
                elif ct in ("formal_parameters", "statement_block"):
                    break
        else:
            first = node.child(0)
            is_async = first is not None and first.type == "async"
        if tp == "method_definition":
            decos = self.member_decos.get(node.id, []) + decos
        elif tp in ("function_declaration", "generator_function_declaration") and name_node is not None:
            self.add_def(self.defs, name, node.start_byte, "fn", fid)
        if tp == "arrow_function":
            body = node.child_by_field_name("body")
            if body is not None and body.type != "statement_block":
                returned = self.unwrap(body, True)
                self.assign_result(returned, "return")
                self.note_return(returned, fid)
        func = Func(
            id=fid,
            name=name,
            line=line,
            end_line=int(node.end_point[0]) + 1,
            parent=parent,
            cls=owner[0] if owner else "",
            params=params,
            is_async=is_async,
        )
        self.facts.funcs.append(func)
        if decos:
            self.func_decos[fid] = decos
        if owner:
            self.func_class[fid] = owner[1]
            if name == "constructor" and pnode is not None:
                self.ctor_types(pnode, owner[1])
        return fid

    def ctor_types(self, pnode: Any, ci: int) -> None:
        """A TypeScript constructor's typed parameters (``constructor(private
        readonly http: HttpService)``): what the framework injects (NestJS)."""
        raw: dict[str, str] = {}
        for p in pnode.named_children:
            if p.type not in ("required_parameter", "optional_parameter"):
                continue
            pat = p.child_by_field_name("pattern")
            ann = p.child_by_field_name("type")
            inner = _first(ann) if ann is not None else None
            if pat is not None and pat.type == "identifier" and inner is not None and inner.type in ("type_identifier", "nested_type_identifier"):
                raw[self.t(pat)] = self.t(inner)
        if raw:
            self.classes[ci]["ctor"] = raw

    def on_class(self, node: Any, fn: str) -> tuple[str, int]:
        name_node = node.child_by_field_name("name")
        name = self.t(name_node) if name_node is not None else self.name_hint.get(node.id, "<anon>")
        decos = self.export_decos.get(node.id, []) + [c for c in node.named_children if c.type == "decorator"]
        extends = ""
        for c in node.named_children:
            if c.type == "class_heritage":
                for h in c.named_children:
                    if h.type == "extends_clause":
                        v = h.child_by_field_name("value")
                        if v is not None:
                            extends = _compact(self.short(v, 200))
                        break
                    if h.type not in ("implements_clause", "comment"):
                        extends = _compact(self.short(h, 200))
                        break
        self.classes.append(
            {"name": name, "line": self.line(name_node or node), "end_line": int(node.end_point[0]) + 1, "decos": decos, "extends": extends}
        )
        return (name, len(self.classes) - 1)

    def on_class_body(self, node: Any, cls: Any, fn: str) -> None:
        pending: list[Any] = []
        for m in node.named_children:
            mt = m.type
            if mt == "decorator":
                pending.append(m)
                continue
            if mt == "comment":
                continue
            if pending:
                self.member_decos[m.id] = pending
                pending = []
            if mt in ("field_definition", "public_field_definition"):
                prop = m.child_by_field_name("property") or m.child_by_field_name("name")
                value = m.child_by_field_name("value")
                if prop is None or value is None:
                    continue
                pname = self.t(prop)
                static = any(c.type == "static" for c in m.children)
                self.add_assign(f"{cls[0]}.{pname}" if static and cls else "this." + pname, fn, m, value)
                v = self.note_value(value, "this." + pname, pname)
                if v.type in _FUNC_EXPR_TYPES:
                    self.cls_hint[v.id] = cls
                self.add_def(self.this_defs, pname, m.start_byte, "node", value)

    # ------------------------------------------------------------- phase 2
    def build_calls(self) -> None:
        n = len(self.call_nodes)
        self.callees = [""] * n
        self.methods = [""] * n
        self.recv_nodes = [None] * n
        self.recv_call = [-1] * n
        for i in range(n - 1, -1, -1):
            self.compute_callee(i)
        self.recv_def_call = [-1] * n
        calls = self.facts.calls
        cols = self.cols
        src = self.src
        for i, node in enumerate(self.call_nodes):
            recv = self.recv_nodes[i]
            recv_text = ""
            recv_type = ""
            if recv is not None:
                recv_text = _compact_ws(self.short(recv, 800))[:200]
                recv_type, self.recv_def_call[i] = self.type_of(recv, node.start_byte)
            args: list[Val] = []
            argn = node.child_by_field_name("arguments")
            if argn is not None:
                if argn.type == "template_string":  # tagged template: one STR/TMPL argument
                    kind = STR if self.strval(argn) is not None else TMPL
                    args.append(Val(kind, self.t(argn)[1:-1][:_MAX_STR], line=self.line(argn)))
                else:
                    for a in argn.named_children:
                        if a.type != "comment":
                            args.append(self.val(a))
            sp = node.start_point
            ep = node.end_point
            s = node.start_byte
            e = min(node.end_byte, s + 800)
            nl = src.find(b"\n", s, e)
            if nl >= 0:
                e = nl
            calls.append(
                Call(
                    callee=self.callees[i],
                    method=self.methods[i],
                    recv=recv_text,
                    recv_type=recv_type,
                    new=node.type == "new_expression",
                    args=args,
                    assigned=self.assigned.get(node.id, ""),
                    func=self.call_func[i],
                    awaited=node.id in self.awaited,
                    line=sp[0] + 1,
                    col=cols.col(sp[0], sp[1], s),
                    end_line=ep[0] + 1,
                    end_col=cols.col(ep[0], ep[1], node.end_byte),
                    text=src[s:e].decode("utf-8", "ignore").strip()[:160],
                )
            )

    def compute_callee(self, i: int) -> None:
        node = self.call_nodes[i]
        f = node.child_by_field_name("constructor" if node.type == "new_expression" else "function")
        if f is None:
            self.callees[i] = "?"
            return
        f = self.unwrap(f, True)  # `await x.y<T>()` parses as a call of `await x.y`
        if f.type == "call_expression":
            g = f.child_by_field_name("function")
            if g is not None and g.type == "identifier" and self.t(g) == "await":
                # `await (0, axios_1.default)({...})` (compiled TypeScript) parses as
                # a call of a call of the identifier `await`: the callee is the last
                # expression of the parenthesised sequence
                inner = f.child_by_field_name("arguments")
                kids = [c for c in inner.named_children if c.type != "comment"] if inner is not None else []
                if kids:
                    f = self.unwrap(kids[-1], True)
                    self.awaited.add(node.id)
        root, segs = self.chain(f)
        rt = root.type
        if rt == "identifier":
            name = self.t(root)
            base = self.imports.get(name, name)
            if segs and segs[0] == "default" and name in self.interop:
                segs = segs[1:]
            elif segs and name not in self.imports and f"{name}.{segs[0]}" in self.member_imports:
                base, segs = self.member_imports[f"{name}.{segs[0]}"], segs[1:]
        elif rt == "this" and segs and f"{_class_id(node)}:this.{segs[0]}" in self.this_clients:
            # this.#request(...) in the class that gave it Node's client
            base, segs = self.this_clients[f"{_class_id(node)}:this.{segs[0]}"], segs[1:]
        elif rt in ("this", "super", "import"):
            base = rt
        elif rt in _CALL_TYPES:
            j = self.call_index.get(root.id)
            if j is None:
                base = "?()"
            elif j in self.require_mod:
                base = self.require_mod[j]
            else:
                base = self.callees[j] + "()"
        elif rt in _FUNC_EXPR_TYPES:
            base = "<fn>"
        elif rt == "subscript_expression" and (picked := self.picked_client(root)):
            base = picked  # clients[url.protocol].request(...)
        elif rt == "ternary_expression" and not segs and (chosen := self.node_http_choice(root)) in _NODE_HTTP_FUNCS:
            base = chosen  # (secure ? httpsRequest : httpRequest)(uri): Node's client whichever arm runs
        else:
            base = _compact(self.short(root, 200))[:200]
        self.callees[i] = (".".join([base, *segs]) if segs else base) or "?"
        if segs:
            self.methods[i] = segs[-1]
            # receiver = object of the outermost member/subscript of the callee
            obj = f.child_by_field_name("object")
            if obj is not None:
                self.recv_nodes[i] = obj
                inner = self.unwrap(obj, True)
                if inner.type in _CALL_TYPES:
                    self.recv_call[i] = self.call_index.get(inner.id, -1)

    def type_of(self, recv: Any, pos: int, hops: int = 2) -> tuple[str, int]:
        """(callee, call index) of the call the receiver's root was assigned from."""
        r = self.unwrap(recv, True)
        if r.type in _CALL_TYPES:
            j = self.call_index.get(r.id, -1)
            return (self.callees[j] if j >= 0 else ""), j
        root, segs = self.chain(r)
        rt = root.type
        if rt == "identifier":
            table, name = self.defs, self.t(root)
            d = self.lookup(table, self.def_pos, name, pos)
        elif rt == "this" and segs:
            table, name = self.this_defs, segs[0]
            d = self.lookup(table, self.this_pos, name, pos)
        else:
            return "", -1
        if d is None or d[1] != "node":
            return "", -1
        v = self.unwrap(d[2], True)
        v = self.fallback_call(v) or v
        if v.type in ("null", "undefined"):
            # `let client = null;` ... `client = createClient()` elsewhere (lazy init)
            for d2 in table.get(name, ()):
                if d2[1] == "node" and not (d2[2].start_byte <= pos < d2[2].end_byte):
                    v2 = self.unwrap(d2[2], True)
                    if v2.type in _CALL_TYPES:
                        d, v = d2, v2
                        break
        if v.type in _CALL_TYPES:
            j = self.call_index.get(v.id, -1)
            if j < 0 or j in self.require_mod:
                return "", -1
            return self.callees[j], j
        if hops > 0 and v.type in ("identifier", "member_expression"):
            return self.type_of(v, d[0], hops - 1)
        return "", -1

    # --- values
    def val(self, node: Any, depth: int = 0, hops: int = 0) -> Val:
        node = self.unwrap(node, True)
        nid = node.id
        got = self.memo.get(nid)
        if got is not None:
            return got
        if nid in self.inprog or depth > _MAX_VAL_DEPTH:
            return Val(OTHER, _compact_ws(self.short(node, 80)), line=self.line(node))
        self.inprog.add(nid)
        try:
            v = self._val(node, node.type, depth, hops)
        finally:
            self.inprog.discard(nid)
        self.memo[nid] = v
        return v

    def _val(self, node: Any, tp: str, depth: int, hops: int) -> Val:
        line = self.line(node)
        if tp == "string":
            return Val(STR, self.t(node)[1:-1][:_MAX_STR], line=line)
        if tp == "template_string":
            raw = self.t(node)[1:-1]
            if self.strval(node) is not None:
                return Val(STR, raw[:_MAX_STR], line=line)
            if self.has_env(node):
                return Val(ENV, raw[:200], line=line)
            return Val(TMPL, raw[:_MAX_STR], line=line)
        if tp == "number":
            return Val(NUM, self.t(node), line=line)
        if tp in ("true", "false"):
            return Val(BOOL, tp, line=line)
        if tp in ("null", "undefined"):
            return Val(NULL, tp, line=line)
        if tp == "identifier":
            return self.ident_val(self.t(node), node, line, depth, hops)
        if tp == "object":
            return self.obj_val(node, line, depth, hops)
        if tp == "array":
            items: list[Val] = []
            for c in node.named_children:
                ct = c.type
                if ct == "comment":
                    continue
                if ct == "spread_element":
                    inner = _first(c)
                    sv = self.val(inner, depth + 1, hops) if inner is not None else None
                    if sv is not None and sv.k == ARR and sv.items is not None:
                        items.extend(sv.items)
                    else:
                        items.append(Val(OTHER, _compact_ws(self.short(c, 80)), line=self.line(c)))
                else:
                    items.append(self.val(c, depth + 1, hops))
            return Val(ARR, items=items, line=line)
        if tp in _FUNC_EXPR_TYPES:
            return Val(FN, self.func_ids.get(node.id, ""), line=line)
        if tp in _CALL_TYPES:
            return self.call_val(node, line, depth, hops)
        if tp in ("member_expression", "subscript_expression"):
            return self.member_val(node, line, depth, hops)
        if tp == "this":
            return Val(IDENT, "this", line=line)
        if tp == "ternary_expression":
            # `cond ? { httpsAgent } : {}` (dbgate's stageAxiosConfig): whichever arm
            # runs, the value is one of the two objects, so a key neither sets is
            # absent, whatever the condition reads (the environment or not)
            objs = self.object_arms(node, depth, hops)
            if objs is not None:
                return merge_alternatives(objs, line)
        if self.has_env(node):
            return Val(ENV, _compact_ws(self.short(node, 200)), line=line)
        if tp == "unary_expression":
            txt = _compact(self.short(node, 80))
            if txt == "void0":
                return Val(NULL, "undefined", line=line)
            if txt[:1] in "-+" and txt[1:].replace(".", "", 1).replace("_", "").isdigit():
                return Val(NUM, txt, line=line)
            if txt[1:] == "Infinity" and txt[:1] in "-+":
                return Val(NUM, txt, line=line)
        return Val(OTHER, _compact_ws(self.short(node, 80)), line=line)

    def object_arms(self, node: Any, depth: int, hops: int) -> list[Val] | None:
        """The values of a ``?:`` both of whose arms are object literals (or
        ``?:`` of them), each seen whole (no unresolved spread), else None.
        An arm that is ``null`` or ``undefined`` (``void 0``) beside an object counts as
        ``{}``: options given as ``cond ? { cors } : null`` set no other key
        whichever arm runs (open-wa's socket.io options)."""
        arms = []
        empty = 0
        for field in ("consequence", "alternative"):
            arm = node.child_by_field_name(field)
            arm = self.unwrap(arm, True) if arm is not None else None
            if arm is not None and (arm.type in ("null", "undefined") or (arm.type in ("identifier", "unary_expression")
                                                                          and _compact(self.t(arm)) in ("undefined", "void0"))):
                arms.append(Val(OBJ, keys={}, line=self.line(arm)))
                empty += 1
                continue
            if arm is None or arm.type not in ("object", "ternary_expression"):
                return None
            v = self.val(arm, depth + 1, hops)
            if v.k != OBJ or v.keys is None or v.open or v.v == BRANCH:
                return None
            arms.append(v)
        return arms if empty < len(arms) else None

    def ident_val(self, name: str, node: Any, line: int, depth: int, hops: int) -> Val:
        if name in self.imports:
            return Val(IDENT, self.imports[name], line=line)
        if name in ("Infinity", "NaN"):
            return Val(NUM, name, line=line)
        if name == "undefined":
            return Val(NULL, name, line=line)
        d = self.lookup(self.defs, self.def_pos, name, node.start_byte)
        if d is not None:
            kind = d[1]
            if kind == "fn":
                return Val(FN, d[2], line=line)
            if kind == "env":
                return Val(ENV, d[2], line=line)
            if hops < _MAX_HOPS:
                v = self.val(d[2], depth + 1, hops + 1)
                if v.k == OBJ and name in self.mutations:
                    return self.mutated(name, v, d[0], node.start_byte, depth, hops)
                if v.k in _RESOLVED:
                    return v
        return Val(IDENT, name, line=line)

    def obj_val(self, node: Any, line: int, depth: int, hops: int) -> Val:
        keys: dict[str, Val] = {}
        open_ = False
        spreads: list[Val] = []  # spread names this file cannot see into (`...DEFAULT_POOL_CONFIG` imported)
        other_open = False
        for c in node.named_children:
            ct = c.type
            if ct == "pair":
                k = self.key_name(c.child_by_field_name("key"))
                value = c.child_by_field_name("value")
                if k is None or value is None:
                    open_ = True
                    continue
                keys.pop(k, None)
                keys[k] = self.val(value, depth + 1, hops)
            elif ct == "shorthand_property_identifier":
                n = self.t(c)
                keys.pop(n, None)
                keys[n] = self.ident_val(n, c, self.line(c), depth + 1, hops)
            elif ct == "method_definition":
                k = self.key_name(c.child_by_field_name("name"))
                if k is None:
                    open_ = True
                    continue
                keys.pop(k, None)
                keys[k] = Val(FN, self.func_ids.get(c.id, ""), line=self.line(c))
            elif ct == "spread_element":
                inner = _spread_operand(_first(c))
                sv = self.val(inner, depth + 1, hops) if inner is not None else None
                if sv is not None and sv.k == OBJ and sv.keys is not None:
                    for k2, v2 in sv.keys.items():
                        keys.pop(k2, None)
                        keys[k2] = v2
                    open_ = open_ or sv.open
                    other_open = other_open or sv.open
                else:
                    open_ = True
                    if sv is not None and sv.k == IDENT and len(spreads) < 4:
                        # a spread after own keys may override them: marked open, so that
                        # no checker merges it under those keys (riskscan.checks._db)
                        spreads.append(Val(IDENT, sv.v, open=True, line=sv.line) if keys else sv)
                    else:
                        other_open = True
            else:
                other_open = other_open or ct != "comment"
        # a checker may resolve the spread names to constants of other modules (riskscan.checks._db)
        return Val(OBJ, keys=keys, open=open_, line=line, items=spreads if spreads and not other_open else None)

    def call_val(self, node: Any, line: int, depth: int, hops: int) -> Val:
        idx = self.call_index.get(node.id, -1)
        callee = self.callees[idx] if idx >= 0 else _compact(self.short(node, 200))
        if callee in ("Object.freeze", "Object.seal") and node.type == "call_expression":
            args = node.child_by_field_name("arguments")
            first = _first(args) if args is not None else None
            if first is not None:
                return self.val(first, depth + 1, hops)
        if callee == "Object.assign" and node.type == "call_expression":
            args = node.child_by_field_name("arguments")
            keys: dict[str, Val] = {}
            open_ = False
            for a in args.named_children if args is not None else ():
                if a.type == "comment":
                    continue
                av = self.val(a, depth + 1, hops)
                if av.k == OBJ and av.keys is not None:
                    for k2, v2 in av.keys.items():
                        keys.pop(k2, None)
                        keys[k2] = v2
                    open_ = open_ or av.open
                else:
                    open_ = True
            return Val(OBJ, keys=keys, open=open_, line=line)
        if self.has_env(node) and (callee in _CONVERTERS or callee.startswith(("process.env", "import.meta.env"))):
            return Val(ENV, _compact_ws(self.short(node, 200)), line=line)
        return Val(CALL, callee, call=idx, line=line)

    def member_val(self, node: Any, line: int, depth: int, hops: int) -> Val:
        if self.has_env(node):
            return Val(ENV, _compact_ws(self.short(node, 200)), line=line)
        root, segs = self.chain(node)
        rt = root.type
        if rt == "identifier" and segs:
            name = self.t(root)
            if name in self.imports:
                if segs[0] == "default" and name in self.interop:
                    segs = segs[1:]
                return Val(IDENT, ".".join([self.imports[name], *segs]), line=line)
            d = self.lookup(self.defs, self.def_pos, name, root.start_byte)
            if d is not None:
                if d[1] == "env":
                    return Val(ENV, ".".join([d[2], *segs]), line=line)
                if d[1] == "node" and hops < _MAX_HOPS:
                    rv = self.val(d[2], depth + 1, hops + 1)
                    if rv.k == ENV:
                        return Val(ENV, ".".join([rv.v, *segs]), line=line)
                    cur: Val | None = rv
                    for s in segs:
                        if cur is not None and cur.k == OBJ and cur.keys is not None and s in cur.keys:
                            cur = cur.keys[s]
                        else:
                            cur = None
                            break
                    if cur is not None and cur.k in _RESOLVED:
                        return cur
            return Val(IDENT, ".".join([name, *segs]), line=line)
        if rt == "this" and segs:
            return Val(IDENT, ".".join(["this", *segs]), line=line)
        return Val(IDENT if segs else OTHER, _compact(self.short(node, 200)), line=line)

    # --- funcs / consts / classes
    def deco_val(self, deco: Any) -> Val | None:
        inner = _first(deco)
        if inner is None:
            return None
        return self.val(inner)

    def build_funcs(self) -> None:
        for func in self.facts.funcs:
            decos = self.func_decos.get(func.id)
            if decos:
                func.decorators = [v for v in (self.deco_val(d) for d in decos) if v is not None]

    def build_consts(self, root: Any) -> None:
        consts = self.facts.consts
        aliases = self.exports_aliases(root)
        for top in root.named_children:
            tp = top.type
            node = top
            if tp == "export_statement":
                decl = top.child_by_field_name("declaration")
                value = top.child_by_field_name("value")
                if decl is not None:
                    node = decl
                    tp = decl.type
                elif value is not None:
                    v = self.val(value)
                    if v.k == OBJ and v.keys is not None:
                        for k, kv in v.keys.items():
                            if kv.k in _CONST_KINDS:
                                consts.setdefault(k, kv)
                    if v.k in _CONST_KINDS:
                        consts["default"] = v
                    continue
                else:
                    continue
            if tp in ("lexical_declaration", "variable_declaration"):
                for d in node.named_children:
                    if d.type != "variable_declarator":
                        continue
                    name = d.child_by_field_name("name")
                    value = d.child_by_field_name("value")
                    if name is None or value is None or name.type != "identifier":
                        continue
                    v = self.val(value)
                    if v.k in _CONST_KINDS:
                        consts[self.t(name)] = v
            elif tp == "enum_declaration":
                name = node.child_by_field_name("name")
                body = node.child_by_field_name("body")
                if name is None or body is None:
                    continue
                keys: dict[str, Val] = {}
                counter: int | None = 0
                for m in body.named_children:
                    if m.type == "enum_assignment":
                        mn = m.child_by_field_name("name")
                        mv = m.child_by_field_name("value")
                        if mn is None or mv is None:
                            continue
                        v = self.val(mv)
                        keys[self.key_name(mn) or self.t(mn)] = v
                        counter = int(v.v) + 1 if v.k == NUM and v.v.isdigit() else None
                    elif m.type in ("property_identifier", "string"):
                        k = self.key_name(m) or self.t(m)
                        keys[k] = Val(NUM, str(counter), line=self.line(m)) if counter is not None else Val(OTHER, k, line=self.line(m))
                        counter = counter + 1 if counter is not None else None
                consts[self.t(name)] = Val(OBJ, keys=keys, line=self.line(node))
            elif tp == "expression_statement":
                expr = _first(node)
                if expr is None or expr.type != "assignment_expression":
                    continue
                left = expr.child_by_field_name("left")
                right = expr.child_by_field_name("right")
                if left is None or right is None:
                    continue
                target = self.assign_target(left)
                if target and target.split(".", 1)[0] in aliases:
                    target = "exports" + target[len(target.split(".", 1)[0]):]  # `const logger = exports; logger.levels = {...}`
                if target == "exports":
                    v = self.val(right)
                    if v.k == OBJ and v.keys is not None:
                        for k, kv in v.keys.items():
                            if kv.k in _CONST_KINDS:
                                consts[k] = kv
                elif target and target.startswith("exports.") and target.count(".") == 1:
                    v = self.val(right)
                    if v.k in _CONST_KINDS:
                        consts[target[8:]] = v

    def exports_aliases(self, root: Any) -> set[str]:
        """Module-level names bound to the exports object (``const logger = exports``,
        ``var self = module.exports``): members assigned through them are exported."""
        out: set[str] = set()
        for top in root.named_children:
            if top.type not in ("lexical_declaration", "variable_declaration"):
                continue
            for d in top.named_children:
                name = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                value = d.child_by_field_name("value") if name is not None else None
                if name is not None and value is not None and name.type == "identifier" and value.type in ("identifier", "member_expression"):
                    if _compact(self.t(value)) in ("exports", "module.exports"):
                        out.add(self.t(name))
        return out

    # --- exports / assignments
    def local_of(self, node: Any) -> str:
        """What an exported value is, as a name a check can look up (see the module docstring)."""
        node = self.unwrap(node, True)
        seen = 0
        while node.type == "assignment_expression" and seen < 20:  # module.exports = exports = x
            right = node.child_by_field_name("right")
            if right is None:
                break
            node = self.unwrap(right, True)
            seen += 1
        tp = node.type
        if tp == "identifier":
            return self.t(node)
        if tp in _FUNC_TYPES:
            name = node.child_by_field_name("name")
            if tp in ("function_declaration", "generator_function_declaration") and name is not None:
                return self.t(name)
            return self.func_ids.get(node.id) or _clip(_compact_ws(self.short(node, 4 * _TEXT_LIMIT)))
        if tp in _CLASS_TYPES:
            name = node.child_by_field_name("name")
            if name is not None:
                return self.t(name)
        return _clip(_compact_ws(self.short(node, 4 * _TEXT_LIMIT)))

    def build_exports(self, root: Any) -> None:
        items: list[tuple[int, str, Any]] = [(top.start_byte, "", top) for top in root.named_children if top.type == "export_statement"]
        if self.cjs_exports:
            items.extend(self.cjs_exports)
            items.sort(key=lambda it: it[0])
        if not items:
            return
        exports: dict[str, str] = {}
        export_all: list[str] = []
        on_default: list[str] = []  # members set on the value `module.exports = x` exported, after it was
        cjs_default = False
        for _pos, target, node in items:
            if target == "exports":  # module.exports = ...
                v = self.unwrap(node, True)
                if v.type == "object":
                    self.object_exports(v, exports, True)
                    cjs_default = False
                else:
                    exports["default"] = self.local_of(node)
                    cjs_default, on_default = True, []
            elif target:  # exports.x = ...
                exports[target[8:]] = self.local_of(node)
                if cjs_default:
                    on_default.append(target[8:])
            else:
                self.export_statement(node, exports, export_all)
        if exports:
            self.facts.extra["exports"] = exports
        if on_default:
            self.facts.extra["default_members"] = on_default
        if export_all:
            self.facts.extra["export_all"] = export_all

    def object_exports(self, obj: Any, exports: dict[str, str], overwrite: bool) -> None:
        """Keys of an exported object literal (``module.exports = { a, b: c }``)."""
        for c in obj.named_children:
            ct = c.type
            k: str | None = None
            local = ""
            if ct == "shorthand_property_identifier":
                k = local = self.t(c)
            elif ct == "pair":
                k = self.key_name(c.child_by_field_name("key"))
                value = c.child_by_field_name("value")
                if value is None:
                    continue
                local = self.local_of(value) if k is not None else ""
            elif ct == "method_definition":
                k = self.key_name(c.child_by_field_name("name"))
                local = self.func_ids.get(c.id, k or "")
            if k is not None and (overwrite or k not in exports):
                exports[k] = local

    def export_statement(self, top: Any, exports: dict[str, str], export_all: list[str]) -> None:
        source = top.child_by_field_name("source")
        mod = ""
        if source is not None:
            spec = self.strval(source)
            if spec is None:
                return
            mod = self.resolve_spec(spec)
        decl = top.child_by_field_name("declaration")
        value = top.child_by_field_name("value")
        is_default = False
        is_equals = False
        for c in top.children:
            ct = c.type
            if ct == "default":
                is_default = True
            elif ct == "=":
                is_equals = True
        if is_default or is_equals:
            target = value if value is not None else decl
            if target is None and is_equals:
                target = next((c for c in top.named_children if c.type not in ("comment", "decorator")), None)
            if target is not None:
                exports["default"] = self.local_of(target)
                inner = self.unwrap(target, True)
                if inner.type == "object":  # export default { pool, getPool }: its keys too
                    self.object_exports(inner, exports, False)
            return
        if decl is not None:
            dt = decl.type
            if dt in ("lexical_declaration", "variable_declaration"):
                for d in decl.named_children:
                    if d.type != "variable_declarator":
                        continue
                    nm = d.child_by_field_name("name")
                    if nm is None:
                        continue
                    if nm.type == "identifier":
                        exports[self.t(nm)] = self.t(nm)
                    elif nm.type == "object_pattern":
                        for local, _prop in self.pattern_names(nm):
                            exports[local] = local
            elif dt in _NAMED_DECLS:
                nm = decl.child_by_field_name("name")
                if nm is not None:
                    exports[self.t(nm)] = self.t(nm)
            return
        seen_clause = False
        for c in top.named_children:
            ct = c.type
            if ct == "namespace_export":  # export * as ns from './m'
                ident = next((x for x in c.named_children if x.type in ("identifier", "string")), None)
                if ident is not None and mod:
                    exports[self.key_name(ident) or self.t(ident)] = mod
                seen_clause = True
            elif ct == "export_clause":
                seen_clause = True
                for sp in c.named_children:
                    if sp.type != "export_specifier":
                        continue
                    nm = sp.child_by_field_name("name")
                    al = sp.child_by_field_name("alias")
                    if nm is None:
                        continue
                    name = self.key_name(nm) or self.t(nm)
                    exported = (self.key_name(al) or self.t(al)) if al is not None else name
                    if mod:
                        exports[exported] = mod if name == "default" else f"{mod}.{name}"
                    else:
                        exports[exported] = name
        if not seen_clause and mod and mod not in export_all:  # export * from './m'
            export_all.append(mod)

    def reads(self, node: Any) -> list[str]:
        """Identifiers and member chains read by a value (imports resolved), skipping nested functions/classes."""
        out: dict[str, None] = {}
        imports = self.imports
        kinds = _kinds(self.grammar)
        read_names, read_this, read_members, no_reads = kinds.read_names, kinds.read_this, kinds.read_members, kinds.no_reads
        src = self.src
        stack = [node]
        budget = 2000
        while stack and budget > 0 and len(out) < _MAX_READS:
            n = stack.pop()
            budget -= 1
            k = n.kind_id
            if k in read_names:
                name = src[n.start_byte : n.end_byte].decode("utf-8", "replace")
                out[imports.get(name, name)] = None
                continue
            if k in read_this:
                out["this"] = None
                continue
            if k in read_members:
                root, segs = self.chain(n)
                rt = root.type
                if segs and (rt == "identifier" or rt == "this"):
                    name = self.t(root)
                    out[".".join([imports.get(name, name), *segs])] = None
                    continue
            if k in no_reads:
                continue
            kids = n.named_children
            if kids:
                stack.extend(reversed(kids))
        return list(out)

    def build_assigns(self) -> None:
        if not self.assign_recs:
            return
        out = []
        sites = call_sites(self.facts.calls)
        ctors = {f.id: f.params for f in self.facts.funcs if f.name == "constructor"}
        for target, fn, node, value in self.assign_recs:  # only what a check reads: see _assigns
            # every value is still built, in order: ``val`` memoises, and a
            # value built first inside another may come out cut at another depth
            v = self.val(value)
            line = int(node.start_point[0]) + 1
            names = pool_names(self.reads(value)) if pool_target(target) else []
            if not (names or by_target(target) or (v.k not in UNBOUND_KINDS and may_bind(target, line, fn, sites))
                    or (fn in ctors and value.type == "identifier" and kept_parameter(target, "constructor", ctors[fn], self.t(value)))
                    or (value.type == "member_expression" and value.end_byte - value.start_byte < 200
                        and logger_member(target, _compact(self.t(value))))):
                continue
            out.append([target, fn, line, _val_json(v), names])
        if out:
            self.facts.extra["assigns"] = out

    def build_main_guards(self, root: Any) -> None:
        """``extra["main_guard"]``: the blocks of the top-level ``if``
        statements that run only when the file is the program itself
        (kinesalite's index.js: ``if (require.main === module)
        kinesalite().listen(4567)``); not their ``else``."""
        out: list[list[int]] = []
        for node in root.named_children:
            if node.type != "if_statement":
                continue
            test, cons = node.child_by_field_name("condition"), node.child_by_field_name("consequence")
            if test is None or cons is None:
                continue
            text = "".join(self.t(test).split())
            if "||" in text or not any(_MAIN_TEST.match(_strip_parens(part)) for part in _strip_parens(text).split("&&")):
                continue
            out.append([int(cons.start_point[0]) + 1, int(cons.end_point[0]) + 1])
        if out:
            self.facts.extra["main_guard"] = out

    def build_exit_guards(self) -> None:
        """``extra["exit_guards"]``: for each ``process.exit()`` (``abort``,
        ``reallyExit``), ``[line, col, [[name, truth], ...]]``: the names
        (identifiers or member chains) its function must see truthy
        (``truth`` 1) or falsy (0) for the call to run, from the ``if``,
        ``?:``, ``&&``/``||`` and ``switch (true|false)`` cases around it and
        the guard clauses before it (``if (ready) return;``, a case that
        returns); only what a condition settles (``!a``, ``a && b`` when true,
        ``a || b`` when false, comparisons with ``true``/``false``; ``a !==
        true`` counts as ``a`` falsy, as for a flag only ever set to true) is kept.
        ``extra["exit_flags"]``: the assignments (not declarations) to those
        names, ``[target, func, line, value text]`` (RS201: an exit that runs
        only until a connect listener sets a flag is a start-up check)."""
        out: list[list[Any]] = []
        names: set[str] = set()
        for i, c in enumerate(self.facts.calls):
            if c.callee not in _EXIT_CALLEES or i >= len(self.call_nodes):
                continue
            req = [list(r) for r in dict.fromkeys((n, t) for n, t in self.exit_requirements(self.call_nodes[i]))]
            if req:
                out.append([c.line, c.col, req])
                names.update(n for n, _t in req)
                if len(out) >= _MAX_EXIT_GUARDS:
                    break
        if not out:
            return
        self.facts.extra["exit_guards"] = out
        flags = [
            [target, fn, self.line(node), _clip(_compact_ws(self.short(value, 40)))]
            for target, fn, node, value in self.assign_recs
            if target in names and node.type == "assignment_expression"
        ]
        if flags:
            self.facts.extra["exit_flags"] = flags

    def exit_requirements(self, node: Any) -> list[list[Any]]:
        req: list[list[Any]] = []
        child, cur = node, node.parent
        while cur is not None and cur.type not in _FUNC_TYPES and cur.type != "class_body":
            tp = cur.type
            if tp == "if_statement":
                cons = cur.child_by_field_name("consequence")
                alt = cur.child_by_field_name("alternative")
                test = cur.child_by_field_name("condition")
                if test is not None and cons is not None and child.id == cons.id:
                    self.truth_of(test, True, req)
                elif test is not None and alt is not None and child.id == alt.id:
                    self.truth_of(test, False, req)
            elif tp == "ternary_expression":
                test = cur.child_by_field_name("condition")
                if test is not None and child.id != test.id:
                    cons = cur.child_by_field_name("consequence")
                    self.truth_of(test, cons is not None and child.id == cons.id, req)
            elif tp == "binary_expression":
                left, right = cur.child_by_field_name("left"), cur.child_by_field_name("right")
                op = cur.child_by_field_name("operator")
                if left is not None and right is not None and op is not None and child.id == right.id and self.t(op) in ("&&", "||"):
                    self.truth_of(left, self.t(op) == "&&", req)
            elif tp == "switch_case":
                sw = cur.parent.parent if cur.parent is not None else None
                truth = self.switch_truth(sw)
                value = cur.child_by_field_name("value")
                if truth is not None and value is not None and child.id != value.id:
                    self.truth_of(value, truth, req)
            if tp in ("statement_block", "program", "switch_case"):
                # guard clauses before it: `if (ready) return;`, a `switch (false)` case that returns
                for stmt in cur.named_children:
                    if stmt.start_byte >= child.start_byte:
                        break
                    self.guard_clause(stmt, req)
            child, cur = cur, cur.parent
        return req[:20]

    def switch_truth(self, sw: Any) -> bool | None:
        """``switch (true)``: a case runs when its test is truthy; ``switch (false)``
        (LiveScript's and CoffeeScript's output for ``switch | cond => ...``): falsy."""
        if sw is None or sw.type != "switch_statement":
            return None
        disc = sw.child_by_field_name("value")
        text = self.t(self.unwrap(disc)) if disc is not None else ""
        return True if text == "true" else False if text == "false" else None

    def guard_clause(self, stmt: Any, req: list[list[Any]]) -> None:
        if stmt.type == "if_statement":
            test = stmt.child_by_field_name("condition")
            cons = stmt.child_by_field_name("consequence")
            alt = stmt.child_by_field_name("alternative")
            if test is None or cons is None:
                return
            alt_stmt = next((c for c in alt.named_children if c.type != "comment"), None) if alt is not None else None
            cons_exits = _exits_block(cons)
            alt_exits = alt_stmt is not None and _exits_block(alt_stmt)
            if cons_exits and not alt_exits:
                self.truth_of(test, False, req)
            elif alt_exits and not cons_exits:
                self.truth_of(test, True, req)
        elif stmt.type == "switch_statement":
            truth = self.switch_truth(stmt)
            body = stmt.child_by_field_name("body")
            if truth is None or body is None:
                return
            for case in body.named_children:
                value = case.child_by_field_name("value") if case.type == "switch_case" else None
                if value is not None and _exits_block(case):
                    self.truth_of(value, not truth, req)  # the case did not run

    def truth_of(self, expr: Any, truth: bool, req: list[list[Any]]) -> None:
        """What ``expr`` having this truth value says about the names in it."""
        expr = self.unwrap(expr)
        if expr is None:
            return
        tp = expr.type
        if tp in ("identifier", "member_expression") and expr.end_byte - expr.start_byte <= 120:
            if tp == "identifier" or "(" not in self.t(expr):
                req.append([_compact_ws(self.t(expr)), 1 if truth else 0])
        elif tp == "unary_expression":
            op = expr.child_by_field_name("operator")
            arg = expr.child_by_field_name("argument")
            if op is not None and arg is not None and self.t(op) == "!":
                self.truth_of(arg, not truth, req)
        elif tp == "binary_expression":
            left, right = expr.child_by_field_name("left"), expr.child_by_field_name("right")
            opn = expr.child_by_field_name("operator")
            if left is None or right is None or opn is None:
                return
            op = self.t(opn)
            if (op == "&&" and truth) or (op == "||" and not truth):
                self.truth_of(left, truth, req)
                self.truth_of(right, truth, req)
            elif op in ("===", "==", "!==", "!="):
                for side, lit in ((left, right), (right, left)):
                    if lit.type in ("true", "false"):
                        same = (lit.type == "true") == (op in ("===", "=="))
                        self.truth_of(side, truth if same else not truth, req)
                        break

    def compiled_decorators(self) -> None:
        """TypeScript's compiled decorators: ``__decorate([Post('login'), ...],
        AuthController.prototype, "signIn", null)`` decorates a method and
        ``AuthController = __decorate([Controller('auth')], AuthController)`` a
        class (NestJS published as JavaScript); they join the decorators read
        from source.  A class's ``__param``/``__metadata`` give its constructor's
        parameter types (``compiled_ctor_types``).  SWC's helpers have other
        names for the same calls (``_ts_decorate``, ``_ts_param``, ``_ts_metadata``)."""
        if not self.classes:
            return
        by_name = {c["name"]: i for i, c in enumerate(self.classes)}
        out = self.facts.extra.get("classes")
        for c in self.facts.calls:
            if c.callee.rsplit(".", 1)[-1] not in _DECORATE or len(c.args) < 2 or c.args[0].k != ARR:
                continue
            target = c.args[1].v
            # `X = __decorate([...], X)`: the class (also `let X = class X {...}`, whose value is not a name)
            m = _CLASS_TEXT.match(target) if c.args[1].k != IDENT else None
            cname = target if c.args[1].k == IDENT else m.group(1) if m else c.assigned
            if len(c.args) == 2 and cname in by_name and isinstance(out, list) and by_name[cname] < len(out):
                self.compiled_ctor_types(c.args[0].items or [], by_name[cname], out[by_name[cname]])
            items = [x for x in c.args[0].items or [] if x.k in (CALL, IDENT) and x.v.rsplit(".", 1)[-1] not in (*_DECO_PARAM, *_DECO_METADATA)]
            if not items or (c.args[1].k != IDENT and m is None):
                continue
            if len(c.args) >= 3 and c.args[2].k == STR and target.endswith(".prototype"):
                # (`let X = class X { ... }`: `X.prototype` reads as the class's text)
                ci = by_name.get(target[: -len(".prototype")] if c.args[1].k == IDENT else cname)
                if ci is None:
                    continue
                for func in self.facts.funcs:
                    if func.name == c.args[2].v and self.func_class.get(func.id) == ci:
                        func.decorators.extend(items)
            elif len(c.args) == 2 and cname in by_name:
                ci = by_name[cname]
                self.classes[ci]["vals"].extend(items)
                if isinstance(out, list) and ci < len(out):
                    out[ci]["decorators"].extend(to_json(v) for v in items)

    def compiled_ctor_types(self, items: list[Val], ci: int, entry: dict[str, Any]) -> None:
        """The constructor's parameter types of a class decorated by compiled
        TypeScript: ``__metadata("design:paramtypes", [axios_1.HttpService])``
        (SWC: ``typeof _axios.HttpService === "undefined" ? Object : _axios.HttpService``)
        and ``__param(0, Inject(HttpService))`` (an explicit token wins), as
        ``inject`` of the class's entry, like ``ctor_types`` from source."""
        ctor = next((f for f in self.facts.funcs if f.name == "constructor" and self.func_class.get(f.id) == ci), None)
        if ctor is None:
            return
        calls = self.facts.calls
        types: dict[int, str] = {}
        for it in items:
            c = calls[it.call] if it.k == CALL and 0 <= it.call < len(calls) else None
            if c is None or len(c.args) < 2:
                continue
            fname = c.callee.rsplit(".", 1)[-1]
            if fname in _DECO_METADATA and c.args[0].k == STR and c.args[0].v == "design:paramtypes" and c.args[1].k == ARR:
                for i, t in enumerate(c.args[1].items or []):
                    m = _SWC_PARAMTYPE.match(t.v) if t.k == OTHER else None
                    if m:
                        # (the text, unlike an identifier's value, is not resolved through the imports)
                        head, dot, rest = m.group(1).partition(".")
                        types.setdefault(i, self.imports[head] + dot + rest if head in self.imports else m.group(1))
                    elif t.k == IDENT:
                        types.setdefault(i, t.v)
            elif fname in _DECO_PARAM and c.args[0].k == NUM and c.args[1].k == CALL and 0 <= c.args[1].call < len(calls):
                inj = calls[c.args[1].call]
                if inj.callee.rsplit(".", 1)[-1] == "Inject" and inj.args and inj.args[0].k == IDENT and c.args[0].v.isdigit():
                    types[int(c.args[0].v)] = inj.args[0].v
        inject = {ctor.params[i]: t for i, t in sorted(types.items()) if i < len(ctor.params) and "." in t}
        if inject:
            entry.setdefault("inject", {}).update(inject)

    def build_classes(self) -> None:
        out = []
        for c in self.classes:
            vals = [v for v in (self.deco_val(d) for d in c["decos"]) if v is not None]
            c["vals"] = vals
            decorators = [to_json(v) for v in vals]
            entry = {"name": c["name"], "line": c["line"], "end_line": c["end_line"], "decorators": decorators, "extends": c["extends"]}
            # constructor parameter -> the imported type it is declared as
            inject = {}
            for pname, tname in c.get("ctor", {}).items():
                head, dot, rest = tname.partition(".")
                if head in self.imports:
                    inject[pname] = self.imports[head] + dot + rest
            if inject:
                entry["inject"] = inject
            out.append(entry)
        if out:
            self.facts.extra["classes"] = out

    # --- routes
    def path_values(self, v: Val) -> list[str]:
        if v.k in (STR, TMPL):
            s = v.v
            return [s] if (s == "" or s == "*" or s.startswith("/")) else []
        if v.k == ARR and v.items:
            out: list[str] = []
            for it in v.items:
                out.extend(self.path_values(it))
            return out if len(out) == len(v.items) else []
        return []

    def route_options_path(self, i: int, v: Val) -> list[str]:
        """The path of a route given as an options object, restify's
        ``server.post({ path: '/authenticate', name, version }, handler)``, on
        an object that is plainly a server (named ``server``, ``app``,
        ``router``..., or a value of a server module): a client's
        ``client.post({ path }, body, cb)`` takes the same object.  An object
        that also names a host, a port, headers, a method, a body or a URL is
        an HTTP client's request options, no route."""
        keys = (v.keys or {}) if v.k == OBJ else {}
        path = keys.get("path")
        if path is None or path.k not in (STR, TMPL) or not path.v.startswith("/"):
            return []
        if any(k in keys for k in _CLIENT_OPTION_KEYS):
            return []
        root = self.recv_root(i)
        if _module_of(self.facts.calls[i].recv_type) not in _SERVER_MODULES and not (root and _SERVER_NAME_RE.search(root)):
            return []
        return [path.v]

    def prefix_hole_paths(self, i: int, v: Val) -> list[str]:
        """A route path under a prefix held in a variable (``url + 'login'``,
        `` `${base}/login` ``), as ``/${url}login``, or given by a function of a
        literal path (``getExpressPath('/login')``), as ``/${getExpressPath}/login``:
        the checks read the segment after the hole.  Only on an object that is plainly a server
        (``app``, ``router``, an express/fastify... value), since an HTTP
        client's URLs are built the same way."""
        if v.k == TMPL and v.v.startswith("${"):
            path = "/" + v.v
        elif v.k == OTHER:
            m = _CONCAT_PATH.match(v.v)
            if m is None:
                return []
            path = "/${" + m.group(1) + "}" + m.group(3)
        elif v.k == CALL and 0 <= v.call < len(self.facts.calls):
            # `app.post(getExpressPath('/token'), ...)` (dbgate): a function of one
            # literal path puts the deployment's base path (WEB_ROOT) in front of it
            pc = self.facts.calls[v.call]
            name = pc.callee.rsplit("/", 1)[-1]  # (`./utility/getExpressPath`: its name)
            last = pc.args[-1] if pc.args and not pc.kwargs else None
            if (
                last is not None and len(pc.args) >= 2 and last.k == STR and last.v.strip("/")
                and "join" in name.lower() and pc.args[0].k != STR
            ):
                # `app.post(urljoin(settings.route, 'api/signin'), ...)` (cncjs), `path.posix.join(base, '/login')`:
                # the literal last part is the route's end under a configured prefix
                return self.server_hole(i, "/${" + name + "}/" + last.v.lstrip("/"))
            arg = pc.args[0] if len(pc.args) == 1 and not pc.kwargs and not pc.recv else None
            if arg is None or arg.k != STR or not arg.v.startswith("/") or not pc.callee:
                return []
            path = "/${" + name + "}" + arg.v
        else:
            return []
        return self.server_hole(i, path)

    def server_hole(self, i: int, path: str) -> list[str]:
        """``[path]`` when call ``i``'s receiver is plainly a server (see :meth:`prefix_hole_paths`), else []."""
        root = self.recv_root(i)
        if _module_of(self.facts.calls[i].recv_type) in _SERVER_MODULES or (root and _SERVER_NAME_RE.search(root)):
            return [path]
        member = self.recv_member(i)
        if member and _SERVER_MEMBER_RE.search(member):
            return [path]  # `obj.app.post(url + 'login', ...)`: a factory's server member
        return []

    def recv_member(self, i: int) -> str:
        """The last name of a receiver that is a member of an object
        (``obj.app`` -> ``app``, ``this.ctx.server`` -> ``server``), or ''."""
        recv = self.recv_nodes[i]
        if recv is None:
            return ""
        root, segs = self.chain(self.unwrap(recv, True))
        if root.type in ("identifier", "this") and segs:
            return segs[-1]
        return ""

    def recv_root(self, i: int) -> str:
        recv = self.recv_nodes[i]
        if recv is None:
            return ""
        root, segs = self.chain(self.unwrap(recv, True))
        if root.type == "identifier":
            return self.t(root)
        if root.type == "this":
            return ".".join(["this", *segs[:1]])
        return ""

    def framework(self, i: int) -> str:
        rt = self.facts.calls[i].recv_type
        j = i
        seen = 0
        while self.recv_call[j] >= 0 and seen < 50 and not rt:
            j = self.recv_call[j]
            rt = self.facts.calls[j].recv_type
            seen += 1
        mod = _module_of(rt)
        if mod == "fastify":
            return "fastify"
        if mod in ("koa-router", "@koa/router", "koa"):
            return "koa"
        if mod in ("express", "router"):
            return "express"
        mods = self.modules
        name = self.recv_root(j)
        if "fastify" in name.lower() or ("fastify" in mods and "express" not in mods):
            return "fastify"
        if ("koa-router" in mods or "@koa/router" in mods) and "express" not in mods:
            return "koa"
        return "express"

    def server_like(self, i: int, args: list[Val]) -> bool:
        call = self.facts.calls[i]
        root = self.recv_root(i)
        head = root.split(".", 1)[0]
        for dotted in (self.imports.get(head, ""), call.recv_type):
            if _module_of(dotted) in _CLIENT_MODULES:
                return False
        if root in _CLIENT_NAMES or root in ("this.http", "this.httpClient", "this.$http", "this.axios"):
            return False
        if _module_of(call.recv_type) in _SERVER_MODULES:
            return True
        if any(m in _SERVER_MODULES for m in self.modules):
            return True
        if args and args[-1].k == FN:
            return True
        return bool(root) and bool(_SERVER_NAME_RE.search(root))

    def build_routes(self, root: Any) -> None:
        calls = self.facts.calls
        routes = self.facts.routes
        # same-file mounts: X.use('/prefix', router) ; Hono's X.route('/prefix', subApp) ; fastify.register(fn, {prefix})
        mounts: dict[str, tuple[str, str]] = {}
        fn_prefix: dict[str, str] = {}
        for c in calls:
            if c.method == "route" and len(c.args) == 2 and c.args[0].k == STR and c.args[0].v.startswith("/") and c.args[1].k == IDENT:
                if c.args[1].v not in mounts:
                    mounts[c.args[1].v] = (c.args[0].v, c.recv)
            elif c.method == "use" and len(c.args) >= 2 and c.args[0].k == STR and c.args[0].v.startswith("/"):
                for a in c.args[1:]:
                    if a.k == IDENT and a.v not in mounts:
                        mounts[a.v] = (c.args[0].v, c.recv)
            elif c.method == "register" and len(c.args) >= 2 and c.args[0].k == FN and c.args[1].k == OBJ:
                given = (c.args[1].keys or {}).get("prefix")
                if given is not None and given.k == STR:
                    fn_prefix[c.args[0].v] = given.v

        def prefix_of(router: str, i: int) -> str:
            pre = ""
            name = router
            seen: set[str] = set()
            while name in mounts and name not in seen:
                seen.add(name)
                p, name = mounts[name]
                pre = _join_path(p, pre) if pre else p
            # koa: new Router({ prefix })
            j = self.recv_def_call[i]
            if j >= 0 and calls[j].args and calls[j].args[0].k == OBJ:
                kp = (calls[j].args[0].keys or {}).get("prefix")
                if kp is not None and kp.k == STR:
                    pre = _join_path(pre, kp.v) if pre else kp.v
            # fastify: register(fn, { prefix })
            f = calls[i].func
            while f and f not in fn_prefix:
                f = self._parent_of(f)
            if f:
                pre = _join_path(fn_prefix[f], pre) if pre else fn_prefix[f]
            return pre

        for i, c in enumerate(calls):
            m = c.method
            if m in _HTTP_METHODS and c.recv:
                # X.route('/p').get(..).post(..)
                j = self.recv_call[i]
                hops = 0
                while j >= 0 and calls[j].method in _HTTP_METHODS and hops < 50:
                    j = self.recv_call[j]
                    hops += 1
                if j >= 0 and calls[j].method == "route" and calls[j].args:
                    paths = self.path_values(calls[j].args[0])
                    if paths and c.args:
                        router = calls[j].recv
                        fw = self.framework(j)
                        pre = prefix_of(router, j)
                        last = c.args[-1]
                        for p in paths:
                            routes.append(
                                Route(
                                    method=_HTTP_METHODS[m],
                                    path=_join_path(pre, p),
                                    router=router,
                                    handler=last.v if last.k == FN else "",
                                    middleware=list(c.args[:-1]),
                                    framework=fw,
                                    line=c.line,
                                    col=c.col,
                                )
                            )
                    continue
                args = c.args
                if len(args) < 2:
                    continue
                paths = self.path_values(args[0]) or self.prefix_hole_paths(i, args[0]) or self.route_options_path(i, args[0])
                rest = args[1:]
                if not paths and len(args) >= 3 and args[0].k == STR and self.path_values(args[1]):
                    # koa-router named route: router.get('name', '/path', handler)
                    paths = self.path_values(args[1])
                    rest = args[2:]
                last = rest[-1]
                # a handler is a function, a reference or a wrapper call; `client.get('/x', { params })` is not a route
                if last.k not in (FN, IDENT, CALL, ARR) and not (last.k == OBJ and last.keys and "handler" in last.keys):
                    continue
                if not paths or not self.server_like(i, args):
                    continue
                fw = self.framework(i)
                handler = last.v if last.k == FN else ""
                middleware = list(rest[:-1])
                if last.k == OBJ and last.keys and "handler" in last.keys:
                    named = last.keys["handler"]
                    handler = named.v if named.k == FN else ""
                    middleware = list(rest)
                pre = prefix_of(c.recv, i)
                for p in paths:
                    routes.append(
                        Route(
                            method=_HTTP_METHODS[m],
                            path=_join_path(pre, p),
                            router=c.recv,
                            handler=handler,
                            middleware=middleware,
                            framework=fw,
                            line=c.line,
                            col=c.col,
                        )
                    )
            elif m == "route" and c.recv and c.args and c.args[0].k in (OBJ, ARR):
                specs = [c.args[0]] if c.args[0].k == OBJ else [x for x in (c.args[0].items or []) if x.k == OBJ]
                for spec in specs:
                    keys = spec.keys or {}
                    url = keys.get("url") or keys.get("path")
                    meth = keys.get("method")
                    if url is None or meth is None or url.k not in (STR, TMPL):
                        continue
                    if meth.k == STR:
                        methods = [meth.v]
                    elif meth.k == ARR:
                        methods = [x.v for x in meth.items or [] if x.k == STR]
                    else:
                        continue
                    h = keys.get("handler")
                    fw = "fastify" if "url" in keys else "hapi"
                    pre = prefix_of(c.recv, i)
                    for mv in methods:
                        mu = mv.upper()
                        routes.append(
                            Route(
                                method="ANY" if mu in ("ALL", "*") else mu,
                                path=_join_path(pre, url.v),
                                router=c.recv,
                                handler=h.v if h is not None and h.k == FN else "",
                                middleware=[spec],
                                framework=fw,
                                line=c.line,
                                col=c.col,
                            )
                        )
        self.nest_routes()
        self.next_routes(root)
        self.strapi_routes()
        self.route_objects()
        self.strapi_app_middlewares(root)
        self.sails_routes()

    def strapi_file(self) -> bool:
        """A file that may hold Strapi route tables: one in a ``routes`` folder
        (``src/api/<api>/routes/``, a plugin's ``server/src/routes/``), one that
        imports ``@strapi/*``, or one that registers routes with
        ``strapi.server.routes(...)``."""
        parts = self.path.removeprefix("./").lstrip("/").split("/")
        if "routes" in parts[:-1]:
            return True
        if any(m.startswith("@strapi/") for m in self.modules):
            return True
        return any(c.method == "routes" and c.recv.split(".")[-1] == "server" and "strapi" in c.recv for c in self.facts.calls)

    def strapi_routes(self) -> None:
        """Strapi route tables: object literals ``{ method: 'POST', path:
        '/login', handler: 'auth.login', config: {...} }``, wherever they sit
        (``module.exports = [...]``, ``{ type: 'admin', routes: [...] }``,
        ``exports.default``, a factory returning the array, arrays spread into
        others, ``strapi.server.routes([...])``), in a file that may hold them
        (``strapi_file``).  The handler is a ``controller.action`` string: a
        data array with method and path keys elsewhere is no route.  The path
        is kept as written (Strapi mounts admin routes under ``/admin`` and
        content-API routes under ``/api``); the spec object is the route's
        middleware, for its ``config.middlewares`` and ``config.policies``.
        ``createCoreRouter`` (generated CRUD routes of a content type) is not
        read: its paths are those of the content type, no sign-in."""
        if not self.handler_objs or not self.strapi_file():
            return
        seen: set[int] = set()
        for obj in self.handler_objs:
            if obj is None or obj.type != "object" or obj.id in seen:
                continue
            seen.add(obj.id)
            spec = self.val(obj)
            keys = spec.keys or {}
            path, meth, handler = keys.get("path"), keys.get("method"), keys.get("handler")
            if path is None or meth is None or handler is None or path.k != STR or not path.v.startswith("/"):
                continue
            if handler.k != STR or "." not in handler.v or " " in handler.v.strip():
                continue  # Strapi names `controller.action` (`auth.callback`, `api::restaurant.restaurant.find`)
            methods = _route_methods(meth)
            if methods is None:
                continue
            at = next((c for c in obj.named_children if c.type == "pair" and self.key_name(c.child_by_field_name("key")) == "path"), obj)
            for mu in methods:
                self.facts.routes.append(
                    Route(
                        method="ANY" if mu in ("ALL", "*") else mu,
                        path=path.v,
                        router="strapi",
                        handler="",
                        middleware=[spec],
                        framework="strapi",
                        line=self.line(at),
                        col=self.node_col(at),
                    )
                )

    def route_objects(self) -> None:
        """hapi and fastify route objects written away from the call that
        registers them (screwdriver's ``module.exports = () => ({ method:
        'POST', path: '/auth/token', options: { handler: async (request, h)
        => ... } })``, registered as ``server.route(tokenRoute(config))`` in
        another module): an object literal with ``method`` and ``path`` (hapi)
        or ``url`` (fastify) and a function ``handler``, itself or under
        ``options``/``config`` (hapi).  A top-level hapi handler must take the
        hapi toolkit (``(request, h)``, ``reply``), so a table of Express-style
        ``(req, res)`` handlers or an HTTP client's ``{ method, path }`` options
        is not read.  Objects given to ``.route(...)`` in this file are read
        there already (with the router's prefix)."""
        if not self.route_fn_objs:
            return
        known = {(r.line, r.col) for r in self.facts.routes}
        seen: set[int] = set()
        for obj in self.route_fn_objs:
            spec_node, nested = obj, False
            holder = obj.parent
            if holder is not None and holder.type == "pair" and self.key_name(holder.child_by_field_name("key")) in ("options", "config"):
                if holder.parent is not None and holder.parent.type == "object":
                    spec_node, nested = holder.parent, True
            if spec_node.id in seen or self.route_call_arg(spec_node):
                continue
            seen.add(spec_node.id)
            spec = self.val(spec_node)
            keys = spec.keys or {}
            url, meth = keys.get("path") or keys.get("url"), keys.get("method")
            if url is None or meth is None or url.k not in (STR, TMPL) or not url.v.startswith("/"):
                continue
            fastify = "url" in keys and "path" not in keys
            inner = (self.val(obj).keys or {}) if nested else keys  # (the spec itself when its handler is top-level)
            handler = inner.get("handler")
            if handler is None or handler.k != FN or (nested and fastify):
                continue
            if not nested and not fastify and not self.takes_toolkit(handler.v):
                continue
            methods = _route_methods(meth)
            if methods is None:
                continue
            at = next((c for c in spec_node.named_children if c.type == "pair" and self.key_name(c.child_by_field_name("key")) in ("path", "url")), spec_node)
            line, col = self.line(at), self.node_col(at)
            if (line, col) in known:
                continue
            for mu in methods:
                self.facts.routes.append(Route(method="ANY" if mu in ("ALL", "*") else mu, path=url.v, router="", handler=handler.v,
                                               middleware=[spec], framework="fastify" if fastify else "hapi", line=line, col=col))

    def route_call_arg(self, node: Any) -> bool:
        """``node`` is an argument of a ``.route(...)`` call, or an element of an array that is one."""
        up = node.parent
        if up is not None and up.type == "array":
            up = up.parent
        if up is None or up.type != "arguments" or up.parent is None or up.parent.type != "call_expression":
            return False
        fn = up.parent.child_by_field_name("function")
        return fn is not None and fn.type == "member_expression" and self.t(fn.child_by_field_name("property") or fn) == "route"

    def takes_toolkit(self, fid: str) -> bool:
        """The function's second parameter is hapi's response toolkit (``h``, or ``reply`` before hapi 17)."""
        func = next((f for f in self.facts.funcs if f.id == fid), None)
        return func is not None and len(func.params) >= 2 and func.params[1] in ("h", "reply", "toolkit", "responseToolkit")

    def sails_routes(self) -> None:
        """A Sails route table (``config/routes.js``: ``module.exports.routes =
        { 'POST /user/login': 'UserController.login', '/login': { view: 'login' } }``):
        one route per address whose path starts with ``/`` (an address with no
        verb answers every method; a regular-expression address is not read).
        The target (``'User.login'``, ``'user/login'``, ``{ controller, action }``,
        ``{ view }``, a function) is the route's one middleware value, for
        riskscan.checks._sails."""
        if not SAILS_ROUTES.search(self.path):
            return
        table = self.facts.consts.get("routes")
        if table is None or table.k != OBJ or not table.keys:
            return
        for address, target in table.keys.items():
            m = _SAILS_ADDRESS.fullmatch(address.strip())
            if m is None:
                continue
            verb = (m.group(1) or "all").upper()
            self.facts.routes.append(
                Route(
                    method="ANY" if verb == "ALL" else verb,
                    path=m.group(2),
                    router="sails",
                    handler=target.v if target.k == FN else "",
                    middleware=[target],
                    framework="sails",
                    line=target.line,
                    col=1,
                )
            )

    def strapi_app_middlewares(self, root: Any) -> None:
        """A Strapi app's middleware list (``config/middlewares.js``, also
        ``config/env/<env>/middlewares.js``): the names it gives
        (``'strapi::security'``, ``'global::rate-limit'``, ``{ name, config }``,
        ``{ resolve: './src/mw' }``), kept as ``extra["strapi_middlewares"]``:
        every route runs them."""
        if not STRAPI_APP_MIDDLEWARES.search(self.path):
            return
        names: list[str] = []
        stack = [root]
        while stack and len(names) < 100:
            node = stack.pop()
            tp = node.type
            if tp == "string":
                parent = node.parent
                key = self.key_name(parent.child_by_field_name("key")) if parent is not None and parent.type == "pair" else None
                if parent is not None and (parent.type == "array" or key in ("name", "resolve")):
                    names.append(self.t(node)[1:-1])
                continue
            stack.extend(reversed(node.named_children))
        if names:
            self.facts.extra["strapi_middlewares"] = names

    def _parent_of(self, fid: str) -> str:
        if not hasattr(self, "_parents"):
            self._parents = {f.id: f.parent for f in self.facts.funcs}
        return self._parents.get(fid, "")

    def nest_routes(self) -> None:
        ctrl: dict[int, tuple[list[str], list[Val]]] = {}
        for ci, c in enumerate(self.classes):
            prefixes: list[str] | None = None
            others: list[Val] = []
            for v in c.get("vals", []):
                if v.k in (CALL, IDENT) and v.v.rsplit(".", 1)[-1] == "Controller":
                    prefixes = [""]
                    call = self.facts.calls[v.call] if v.k == CALL and v.call >= 0 else None
                    if call is not None and call.args:
                        a = call.args[0]
                        if a.k == OBJ and a.keys:
                            a = a.keys.get("path", Val(STR, ""))
                        if a.k == STR:
                            prefixes = [a.v]
                        elif a.k == ARR and a.items:
                            prefixes = [x.v for x in a.items if x.k == STR] or [""]
                else:
                    others.append(v)
            if prefixes is not None:
                ctrl[ci] = (prefixes, others)
        if not ctrl:
            return
        for func in self.facts.funcs:
            owner = self.func_class.get(func.id)
            if owner is None or owner not in ctrl:
                continue
            prefixes, class_mw = ctrl[owner]
            route_decos: list[tuple[str, Val]] = []
            method_mw: list[Val] = []
            for v in func.decorators:
                short = v.v.rsplit(".", 1)[-1]
                if v.k == CALL and short in _NEST_METHODS:
                    route_decos.append((_NEST_METHODS[short], v))
                else:
                    method_mw.append(v)
            for http, v in route_decos:
                paths = [""]
                call = self.facts.calls[v.call] if v.call >= 0 else None
                if call is not None and call.args:
                    a = call.args[0]
                    if a.k == STR:
                        paths = [a.v]
                    elif a.k == ARR and a.items:
                        paths = [x.v for x in a.items if x.k == STR] or [""]
                line, col = (call.line, call.col) if call is not None else (func.line, 1)
                for pre in prefixes:
                    for p in paths:
                        self.facts.routes.append(
                            Route(
                                method=http,
                                path=_join_path("/" + pre, p),
                                router=self.classes[owner]["name"],
                                handler=func.id,
                                middleware=method_mw + class_mw,
                                framework="nest",
                                line=line,
                                col=max(col - 1, 1),
                            )
                        )

    def next_routes(self, root: Any) -> None:
        parts = self.path.removeprefix("./").lstrip("/").split("/") if self.path else []
        if not parts:
            return
        stem, dot, ext = parts[-1].rpartition(".")
        if not dot:
            return
        api_at = -1
        for k in range(len(parts) - 2):
            if parts[k] == "pages" and parts[k + 1] == "api":
                api_at = k + 1
                break
        is_app_route = stem == "route" and "app" in parts[:-1]
        # Medusa 2: `src/api/admin/custom/[id]/route.ts` exporting GET/POST serves /admin/custom/[id]
        medusa_at = medusa_api_at(parts) if stem == "route" and not is_app_route else -1
        if api_at < 0 and not is_app_route and medusa_at < 0:
            return
        # collect exports
        default: tuple[Val, Any] | None = None
        named: dict[str, tuple[Val, Any]] = {}
        for top in root.named_children:
            if top.type == "export_statement":
                decl = top.child_by_field_name("declaration")
                value = top.child_by_field_name("value")
                is_default = any(c.type == "default" for c in top.children)
                if is_default:
                    target = value if value is not None else decl
                    if target is not None:
                        if target.type in ("function_declaration", "generator_function_declaration", "class_declaration"):
                            default = (Val(FN, self.func_ids.get(target.id, ""), line=self.line(target)), top)
                        else:
                            default = (self.val(target), top)
                elif decl is not None:
                    if decl.type in ("function_declaration", "generator_function_declaration"):
                        nm = decl.child_by_field_name("name")
                        if nm is not None:
                            named[self.t(nm)] = (Val(FN, self.func_ids.get(decl.id, ""), line=self.line(decl)), top)
                    elif decl.type in ("lexical_declaration", "variable_declaration"):
                        for d in decl.named_children:
                            nm = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                            vl = d.child_by_field_name("value") if d.type == "variable_declarator" else None
                            if nm is not None and vl is not None and nm.type == "identifier":
                                named[self.t(nm)] = (self.val(vl), top)
                else:
                    for clause in top.named_children:
                        if clause.type != "export_clause":
                            continue
                        for sp in clause.named_children:
                            if sp.type != "export_specifier":
                                continue
                            nm = sp.child_by_field_name("name")
                            al = sp.child_by_field_name("alias")
                            if nm is None:
                                continue
                            v = self.ident_val(self.t(nm), nm, self.line(nm), 0, 0)
                            if al is not None and self.t(al) == "default":
                                default = (v, top)
                            else:
                                named[self.t(al) if al is not None else self.t(nm)] = (v, top)
            elif top.type == "expression_statement":
                expr = _first(top)
                if expr is not None and expr.type == "assignment_expression":
                    left = expr.child_by_field_name("left")
                    right = expr.child_by_field_name("right")
                    target = (self.assign_target(left) or "") if left is not None and right is not None else ""
                    if target == "exports" and default is None:
                        default = (self.val(right), top)
                    elif target.startswith(("exports.", "module.exports.")) and target.count(".") == (1 if target[0] == "e" else 2):
                        # compiled CommonJS: `exports.POST = POST;` (`exports.POST = void 0;` first)
                        if right is not None and self.t(right) != "void 0":
                            named[target.rsplit(".", 1)[1]] = (self.val(right), top)

        def handler_and_mw(v: Val) -> tuple[str, list[Val]]:
            if v.k == FN:
                return v.v, []
            if v.k == CALL:
                stack = [v]
                seen = 0
                while stack and seen < 20:
                    cur = stack.pop(0)
                    seen += 1
                    if cur.k == FN:
                        return cur.v, [v]
                    if cur.k == CALL and 0 <= cur.call < len(self.facts.calls):
                        stack.extend(self.facts.calls[cur.call].args)
                return "", [v]
            return "", []

        if api_at >= 0 and default is not None:
            rel = "/".join(parts[api_at:-1] + [stem])
            if rel.endswith("/index"):
                rel = rel[:-6]
            h, mw = handler_and_mw(default[0])
            node = default[1]
            self.facts.routes.append(Route("ANY", "/" + rel, "next", h, mw, "next", self.line(node), self.node_col(node)))
        if is_app_route or medusa_at >= 0:
            if is_app_route:
                k = parts.index("app")
                segs = [s for s in parts[k + 1 : -1] if not (s.startswith("(") and s.endswith(")")) and not s.startswith("@")]
            else:
                segs = parts[medusa_at + 1 : -1]
            url = "/" + "/".join(segs)
            fw = "next" if is_app_route else "medusa"
            for meth in _NEXT_METHODS:
                if meth in named:
                    v, node = named[meth]
                    h, mw = handler_and_mw(v)
                    self.facts.routes.append(Route(meth, url, fw, h, mw, fw, self.line(node), self.node_col(node)))


# a Sails route address: an optional verb, then the path
_SAILS_ADDRESS = re.compile(r"(?i:(get|post|put|patch|delete|head|options|all)\s+)?(/\S*)")


def _strip_parens(s: str) -> str:
    """``((a===b))`` -> ``a===b`` (only parentheses around the whole text)."""
    while s.startswith("(") and s.endswith(")"):
        depth = 0
        for i, ch in enumerate(s):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(s) - 1:
                return s
        s = s[1:-1]
    return s


def _compact_ws(s: str) -> str:
    """Collapse whitespace runs to one space, and drop it before '.'/'?.' of a chain."""
    s = _WS.sub(" ", s).strip()
    if " ." in s or " ?." in s:
        s = s.replace(" ?.", "?.").replace(" .", ".")
    return s
