"""Language-neutral facts: what a frontend extracts from one file.

Every frontend (JS/TS via tree-sitter, Python via libcst, compose via YAML,
plain text for Procfile/Dockerfile/scripts) turns ``(path, bytes)`` into one
:class:`FileFacts`.  Checks only ever read facts, so one check serves every
language, and facts are plain data (JSON round-trippable) so they can be
computed in worker processes and cached on disk.

Conventions
-----------
* Lines are 1-based, columns are 1-based (characters, not bytes).
* ``Call.callee`` is the *import-resolved* dotted name of what is called:
  ``new Pool()`` after ``const { Pool } = require('pg')`` is ``pg.Pool``;
  ``new pg.Pool()`` after ``import pg from 'pg'`` is ``pg.Pool``;
  ``create_engine()`` after ``from sqlalchemy import create_engine as ce``
  is ``sqlalchemy.create_engine``; ``redis.Redis()`` after
  ``import redis as r`` (``r.Redis()``) is ``redis.Redis``.  A method call on
  a local object keeps the local receiver: ``pool.query(...)`` has
  ``callee="pool.query"``, ``recv="pool"``, ``method="query"``.  When the
  receiver variable was assigned from a recognised call in the same file,
  ``recv_type`` holds that call's callee (``pg.Pool``).
  A relative JS import resolves to the project-relative module path without
  extension, prefixed with ``./``: ``require('./lib/db')`` in ``src/a.js`` gives
  ``./src/lib/db``; Python relative imports resolve the same way
  (``./pkg/mod``).  Global functions keep their name (``fetch``, ``open``).
* ``Val`` summarises an expression: literal kinds keep their value, object
  literals and Python keyword arguments keep their keys (variables defined in
  the same file and spreads are resolved, with the keys set on such a
  variable before the use: ``cfg.x = ...``, ``Object.assign(cfg, ...)``,
  ``kw["x"] = ...``, ``kw.update(...)``; an unresolvable spread sets
  ``open=True``), anything read from the environment is kind ``env``.
"""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Callable, Iterator

# Val kinds
# member reads of a submitted form or body (`req.body.password`, `request.form`,
# `form.validate_on_submit()`): the Python frontend lists the functions that do
# one (``extra["form_reads"]``), RS501 looks for them in a sign-in page's handler
FORM_READS = frozenset({"body", "form", "POST", "password", "passwd", "json", "get_json", "credentials", "data", "validate_on_submit"})

STR = "str"  # string literal (v = value); JS template literal without substitutions too
TMPL = "tmpl"  # template / f-string with substitutions (v = raw text with ${...}/{...})
NUM = "num"  # number literal (v = source text, e.g. "0", "30000", "Infinity")
BOOL = "bool"  # v = "true" / "false"
NULL = "null"  # null / undefined / None
ENV = "env"  # value read from the environment (process.env.X, os.environ[...], os.getenv, config lookups)
IDENT = "ident"  # an identifier/attribute chain that could not be resolved (v = resolved dotted name)
CALL = "call"  # v = resolved callee of the call; call = index into FileFacts.calls when known
OBJ = "obj"  # object literal / dict / kwargs (keys)
ARR = "arr"  # array / list / tuple literal (items)
FN = "fn"  # function value: arrow/function expression/lambda or a reference to a local function (v = Func.id)
OTHER = "other"  # anything else (v = short source text)
# Val.v of an OBJ that a branch adds under a key (``if sqlite: kw["connect_args"]
# = {...}``): the key is either absent or holds this dict
BRANCH = "branch"


def merge_alternatives(dicts: list["Val"], line: int = 0) -> "Val":
    """The dict a function gives when it returns one of ``dicts`` (one per
    ``return``): a key every one sets to the same literal keeps it; a key only
    one return sets to a dict is a :data:`BRANCH` dict (absent or that
    dict); any other key, set by some or differently, is opaque (set, value
    unknown). So a key absent from the result is absent whichever return runs."""
    if len(dicts) == 1:
        return dicts[0]
    keys: dict[str, Val] = {}
    for name in dict.fromkeys(k for d in dicts for k in (d.keys or {})):
        got = [d.keys[name] for d in dicts if d.keys and name in d.keys]
        first = got[0]
        if len(got) == len(dicts) and first.keys is None and first.items is None and all((g.k, g.v, g.keys, g.items) == (first.k, first.v, None, None) for g in got):
            keys[name] = first
        elif len(got) == 1 and first.k == OBJ:
            keys[name] = Val(OBJ, BRANCH, first.keys, first.items, first.open, first.call, first.line)
        else:
            keys[name] = Val(OTHER, name, line=first.line)
    return Val(OBJ, keys=keys, open=any(d.open for d in dicts), line=line)


class _SharedEmptyList(list):  # type: ignore[type-arg]
    """The one empty list final facts share (:data:`EMPTY_LIST`); changing it
    raises instead of changing every fact that holds it."""

    __slots__ = ()

    def __reduce__(self) -> str:  # pickles (and copies) as the shared object itself
        return "EMPTY_LIST"


class _SharedEmptyDict(dict):  # type: ignore[type-arg]
    """The one empty dict final facts share (:data:`EMPTY_DICT`); changing it raises."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "EMPTY_DICT"


def _refuse(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise TypeError("this empty list / dict is shared by many facts: build a new one instead of changing it")


for _cls, _names in (
    (_SharedEmptyList, ("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "__setitem__", "__delitem__", "__iadd__", "__imul__")),
    (_SharedEmptyDict, ("__setitem__", "__delitem__", "clear", "pop", "popitem", "setdefault", "update", "__ior__")),
):
    for _name in _names:
        setattr(_cls, _name, _refuse)


@dataclass(slots=True)
class Val:
    k: str
    v: str = ""
    keys: dict[str, Val] | None = None
    items: list[Val] | None = None
    open: bool = False
    call: int = -1  # for k == CALL: index of that call in FileFacts.calls (if extracted)
    line: int = 0


@dataclass(slots=True)
class Call:
    callee: str
    method: str = ""
    recv: str = ""
    recv_type: str = ""
    new: bool = False
    args: list[Val] = field(default_factory=list)
    kwargs: dict[str, Val] = field(default_factory=dict)
    assigned: str = ""  # variable / attribute the result is assigned to ("pool", "this.pool", "self.engine")
    func: str = ""  # id of the enclosing Func ("" = module level)
    awaited: bool = False
    line: int = 0
    col: int = 0
    end_line: int = 0
    end_col: int = 0
    text: str = ""  # first line of the call's source, trimmed to 160 chars


# Most calls have no keyword arguments, many no positional ones, most
# functions no decorators: once a file's facts are final (decoded from the
# cache, or recorded from a worker: ``intern_strings``) such a field holds
# these shared, unchangeable empties instead of an empty list / dict of its
# own (tens of MB on a large project): ``Call.args`` / ``kwargs``,
# ``Func.params`` / ``decorators``, and every empty field of an unparsed
# file (``shallow_facts``).  Frontends build facts with containers of their
# own and may fill them.
EMPTY_LIST: list[Any] = _SharedEmptyList()
EMPTY_DICT: dict[str, Any] = _SharedEmptyDict()


@dataclass(slots=True)
class Func:
    id: str  # unique within the file, e.g. "updateJobStatus@42" or "<anon>@17"
    name: str
    line: int
    end_line: int
    parent: str = ""  # enclosing Func id
    cls: str = ""  # enclosing class name for methods
    params: list[str] = field(default_factory=list)
    decorators: list[Val] = field(default_factory=list)  # Python / TS decorators
    is_async: bool = False


@dataclass(slots=True)
class Route:
    method: str  # GET/POST/... or ANY
    path: str  # route path as written, with any prefix known in the same file joined in
    router: str  # receiver ("app", "router", "bp", Nest controller class name)
    handler: str = ""  # Func id of the handler if it is a local function
    middleware: list[Val] = field(default_factory=list)  # route-level middleware / decorators / dependencies
    framework: str = ""  # express, fastify, koa, nest, flask, fastapi, django, aiohttp, next
    line: int = 0
    col: int = 0


@dataclass(slots=True)
class Suppression:
    line: int  # line of the comment
    ids: list[str]  # rule ids; empty list = all rules
    reason: str
    file_level: bool = False
    applies_to: list[int] = field(default_factory=list)  # lines the suppression covers


@dataclass(slots=True)
class FileFacts:
    path: str  # posix, relative to the scanned root
    lang: str  # js | ts | py | compose | text
    imports: dict[str, str] = field(default_factory=dict)  # local name -> resolved dotted name
    modules: list[str] = field(default_factory=list)  # every imported module specifier (resolved relative ones too)
    calls: list[Call] = field(default_factory=list)
    funcs: list[Func] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    consts: dict[str, Val] = field(default_factory=dict)  # module-level constants (NAME -> value); exported ones too
    attrs: list[str] = field(default_factory=list)  # sorted unique member reads, last two segments ("clients.size")
    suppressions: list[Suppression] = field(default_factory=list)
    commands: list[list[Any]] = field(default_factory=list)  # text files: [line, command text]
    compose: dict[str, Any] | None = None  # compose model (see frontends/compose.py)
    extra: dict[str, Any] = field(default_factory=dict)  # frontend-specific facts for one rule family
    shallow: bool = False  # True: no trigger token, so not parsed (only suppressions are known)


# ---------------------------------------------------------------------------
# JSON round trip (the cache never uses pickle: a cache file in a checkout is
# untrusted input).  Field lists, defaults and nested types are worked out
# once per class: decoding a warm cache builds tens of thousands of objects.

_FACT_TYPES = (Val, Call, Func, Route, Suppression, FileFacts)
_intern = sys.intern

# Line numbers (and the odd column) above 256, CPython's own cache of small
# ints, are a new int object each time one is decoded from the cache or
# unpickled from a worker: about a million of them (34 MB) in a large
# project's facts, a tenth of it.  Final facts share one object per value
# below _INT_LIMIT instead (``_share_int``): the table is built on first use,
# in the scan's own process only (workers never need it).
_INT_LIMIT = 1 << 16
_INTS: list[int] = []


def _int_table() -> list[int]:
    if not _INTS:
        _INTS.extend(range(_INT_LIMIT))
    return _INTS


def _share_int(x: Any) -> Any:
    """The shared int object of ``x`` (any other value as it is)."""
    if type(x) is int and 256 < x < _INT_LIMIT:
        return _int_table()[x]
    return x
_SCALARS = frozenset({str, int, float, bool, type(None)})
_REQUIRED = object()  # marks a field without a default: always written


def _default_of(f: Any) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return _REQUIRED


_ENCODE_PLANS: dict[type, tuple[tuple[str, Any], ...]] = {
    cls: tuple((f.name, _default_of(f)) for f in fields(cls)) for cls in _FACT_TYPES
}


def _encode_plan(obj: Any) -> tuple[tuple[str, Any], ...] | None:
    """(field name, default) pairs of a fact object's class; None for other values."""
    plan = _ENCODE_PLANS.get(type(obj))
    if plan is None and isinstance(obj, _FACT_TYPES):  # a subclass
        plan = _ENCODE_PLANS[type(obj)] = tuple((f.name, _default_of(f)) for f in fields(obj))
    return plan


def to_json(obj: Any) -> Any:
    """Plain JSON data for a fact object; fields at their default are left out."""
    plan = _encode_plan(obj)
    if plan is not None:
        out = {}
        for name, default in plan:
            value = getattr(obj, name)
            if default is _REQUIRED or not value == default:
                out[name] = value if type(value) in _SCALARS else to_json(value)
        return out
    if isinstance(obj, dict):
        return {k: v if type(v) in _SCALARS else to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [v if type(v) in _SCALARS else to_json(v) for v in obj]
    return obj


def _val(d: Any) -> Val:
    if not isinstance(d, dict):
        raise ValueError("bad Val")
    get = d.get
    keys = get("keys")
    items = get("items")
    return Val(
        k=_intern(str(d["k"])),
        v=_intern(str(get("v", ""))),
        keys={_intern(str(k)): _val(x) for k, x in keys.items()} if keys is not None else None,
        items=[_val(x) for x in items] if items is not None else None,
        open=bool(get("open", False)),
        call=int(get("call", -1)),
        line=_share_int(int(get("line", 0))),
    )


def _val_list(value: Any) -> list[Val]:
    return [_val(x) for x in value]


def _val_dict(value: Any) -> dict[str, Val]:
    return {str(k): _val(x) for k, x in value.items()}


def _list_of(cls_name: str) -> Callable[[Any], list[Any]]:
    def convert(value: Any) -> list[Any]:
        decode = _DECODERS[cls_name]
        return [decode(x) for x in value]

    return convert


def _decoder(cls: type, nested: dict[str, Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """Rebuilds one fact class from its JSON; ``nested`` converts the fields
    that hold fact objects.  Scalars are kept as given."""
    names = frozenset(f.name for f in fields(cls))
    cls_name = cls.__name__

    def decode(d: Any) -> Any:
        if not isinstance(d, dict):
            raise ValueError(f"bad {cls_name}")
        if not names.issuperset(d):
            unknown = next(k for k in d if k not in names)
            raise ValueError(f"unknown field {unknown} in {cls_name}")
        if nested.keys().isdisjoint(d):
            return cls(**d)
        kwargs = dict(d)
        for key, convert in nested.items():
            if key in kwargs:
                kwargs[key] = convert(kwargs[key])
        return cls(**kwargs)

    return decode


_FUNC_FIELDS = frozenset(f.name for f in fields(Func))


def _func(d: Any) -> Func:
    """A Func from its JSON (as ``_decoder`` would), its names interned and
    its empty lists shared (see :func:`intern_strings`): a project has tens
    of thousands of functions."""
    if not isinstance(d, dict):
        raise ValueError("bad Func")
    if not _FUNC_FIELDS.issuperset(d):
        raise ValueError(f"unknown field {next(k for k in d if k not in _FUNC_FIELDS)} in Func")
    get = d.get
    params = get("params")
    decorators = get("decorators")
    try:
        return Func(
            _intern(d["id"]), _intern(d["name"]), _share_int(d["line"]), _share_int(d["end_line"]), _intern(get("parent", "")), _intern(get("cls", "")),
            list(map(_intern, params)) if params else EMPTY_LIST, _val_list(decorators) if decorators else EMPTY_LIST, get("is_async", False),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError("bad Func") from exc


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "Call": _decoder(Call, {"args": _val_list, "kwargs": _val_dict}),
    "Func": _func,
    "Route": _decoder(Route, {"middleware": _val_list}),
    "Suppression": _decoder(Suppression, {}),
    "FileFacts": _decoder(
        FileFacts,
        {
            "calls": _list_of("Call"),
            "funcs": _list_of("Func"),
            "routes": _list_of("Route"),
            "consts": _val_dict,
            "suppressions": _list_of("Suppression"),
        },
    ),
}


# ---------------------------------------------------------------------------
# Compact form of calls for the facts cache: a call is a list in a fixed
# field order with trailing defaults left out, its values lists too (about a
# fifth smaller than the keyed JSON and a third faster to rebuild: calls are
# most of a project's facts).  The keyed JSON above stays the readable form.

_CALL_ORDER = ("callee", "method", "recv", "func", "line", "col", "end_line", "end_col", "text", "args", "kwargs", "assigned", "recv_type", "new", "awaited")
_CALL_DEFAULTS = ("", "", "", "", 0, 0, 0, 0, "", None, None, "", "", False, False)
_VAL_DEFAULTS = ("", "", 0, -1, False, None, None)  # k, v, line, call, open, keys, items


def pack_val(v: Val) -> list[Any]:
    out: list[Any] = [
        v.k, v.v, v.line, v.call, v.open,
        {k: pack_val(x) for k, x in v.keys.items()} if v.keys is not None else None,
        [pack_val(x) for x in v.items] if v.items is not None else None,
    ]
    while len(out) > 1 and out[-1] == _VAL_DEFAULTS[len(out) - 1] and type(out[-1]) is type(_VAL_DEFAULTS[len(out) - 1]):
        out.pop()
    return out


def unpack_val(a: Any) -> Val:
    """Inverse of :func:`pack_val`.  Structure is checked, scalar types are
    not (the cache is authenticated; ``FORMAT_VERSION`` covers format changes)."""
    if type(a) is not list or not 1 <= len(a) <= 7:
        raise ValueError("bad packed Val")
    n = len(a)
    if n == 3:  # the common shape: kind, value, line
        line = a[2]
        return Val(_intern(a[0]), _intern(a[1]), None, None, False, -1, (_INTS or _int_table())[line] if 256 < line < _INT_LIMIT else line)
    if n < 3:
        return Val(_intern(a[0]), _intern(a[1])) if n == 2 else Val(_intern(a[0]))
    keys = a[5] if n > 5 else None
    items = a[6] if n > 6 else None
    return Val(
        _intern(a[0]), _intern(a[1]),
        {_intern(k): unpack_val(x) for k, x in keys.items()} if keys is not None else None,
        [unpack_val(x) for x in items] if items is not None else None,
        a[4] if n > 4 else False, _share_int(a[3]), _share_int(a[2]),
    )


def pack_call(c: Call) -> list[Any]:
    out: list[Any] = [
        c.callee, c.method, c.recv, c.func, c.line, c.col, c.end_line, c.end_col, c.text,
        [pack_val(x) for x in c.args] or None, {k: pack_val(x) for k, x in c.kwargs.items()} or None,
        c.assigned, c.recv_type, c.new, c.awaited,
    ]
    while len(out) > 1 and out[-1] == _CALL_DEFAULTS[len(out) - 1] and type(out[-1]) is type(_CALL_DEFAULTS[len(out) - 1]):
        out.pop()
    return out


_CALL_TAILS = tuple(list(_CALL_DEFAULTS[n:]) for n in range(len(_CALL_DEFAULTS) + 1))


def unpack_call(a: Any) -> Call:
    """Inverse of :func:`pack_call` (structure checked as in :func:`unpack_val`)."""
    if type(a) is not list or not 1 <= len(a) <= len(_CALL_ORDER):
        raise ValueError("bad packed Call")
    callee, method, recv, func, line, col, end_line, end_col, text, args, kwargs, assigned, recv_type, new, awaited = a + _CALL_TAILS[len(a)]
    try:
        ints = _INTS or _int_table()
        if 256 < line < _INT_LIMIT:
            line = ints[line]
        if 256 < end_line < _INT_LIMIT:
            end_line = ints[end_line]
        if col > 256 or end_col > 256:
            col, end_col = _share_int(col), _share_int(end_col)
        return Call(
            _intern(callee), _intern(method), _intern(recv), _intern(recv_type), new,
            [unpack_val(x) for x in args] if args else EMPTY_LIST,
            {_intern(k): unpack_val(x) for k, x in kwargs.items()} if kwargs else EMPTY_DICT,
            _intern(assigned), _intern(func), awaited, line, col, end_line, end_col, text,
        )
    except (TypeError, AttributeError, KeyError, IndexError) as exc:
        raise ValueError("bad packed Call") from exc


def intern_strings(facts: FileFacts) -> None:
    """Share a file's strings with every other file's: names such as
    ``self.assertEqual``, value kinds, parameter names (``self``), member
    reads and imported modules repeat across thousands of files, and each
    facts object that arrives from a worker process would otherwise hold its
    own copies -- about a fifth of a large project's facts.  Calls and
    functions with empty argument / parameter / decorator lists get the
    shared :data:`EMPTY_LIST` / :data:`EMPTY_DICT`.  Decoding the cache does
    the same (``unpack_call``, ``_func`` and ``_val`` as they build, then
    :func:`intern_rest`), so cold and warm scans hold the same strings.

    Line numbers share one int object per value too (``_share_int``).

    Left alone on purpose: calls' source lines (``Call.text``, 27 MB on the
    real corpus, 40% repeats) and the strings of ``extra`` (compares,
    assigns...): sharing them too saves another ~24 MB of a warm scan's peak
    but makes reading the cache ~0.4 s (15%) slower there."""
    i = _intern
    n = _share_int
    ints = _int_table()
    vals: list[Val] = []
    for c in facts.calls:
        c.callee, c.method, c.recv, c.recv_type = i(c.callee), i(c.method), i(c.recv), i(c.recv_type)
        c.assigned, c.func = i(c.assigned), i(c.func)
        if 256 < c.line < _INT_LIMIT:
            c.line = ints[c.line]
        if 256 < c.end_line < _INT_LIMIT:
            c.end_line = ints[c.end_line]
        if c.col > 256 or c.end_col > 256:
            c.col, c.end_col = n(c.col), n(c.end_col)
        if c.args:
            vals.extend(c.args)
        else:
            c.args = EMPTY_LIST
        if c.kwargs:
            c.kwargs = {i(k): x for k, x in c.kwargs.items()}
            vals.extend(c.kwargs.values())
        else:
            c.kwargs = EMPTY_DICT
    for f in facts.funcs:
        f.id, f.name, f.parent, f.cls = i(f.id), i(f.name), i(f.parent), i(f.cls)
        f.line, f.end_line = n(f.line), n(f.end_line)
        f.params = list(map(i, f.params)) if f.params else EMPTY_LIST
        if f.decorators:
            vals.extend(f.decorators)
        else:
            f.decorators = EMPTY_LIST
    for r in facts.routes:
        vals.extend(r.middleware)
    vals.extend(facts.consts.values())
    while vals:  # iterative: values nest as deep as the source does
        v = vals.pop()
        v.k, v.v = i(v.k), i(v.v)
        if 256 < v.line < _INT_LIMIT:
            v.line = ints[v.line]
        if v.keys:
            v.keys = {i(k): x for k, x in v.keys.items()}
            vals.extend(v.keys.values())
        if v.items:
            vals.extend(v.items)
    intern_rest(facts)


def shallow_facts(path: str, lang: str, suppressions: list[Suppression] | None = None) -> FileFacts:
    """The facts of a file no trigger selected (not parsed): its path,
    language and suppressions.  Its empty fields are the shared, immutable
    :data:`EMPTY_LIST` / :data:`EMPTY_DICT`: unparsed files are most of a
    large project, and ten empty containers each would make memory grow with
    every file scanned."""
    # (positional, in the order of FileFacts' fields: a warm scan makes one per
    # unparsed file, and keywords cost twice the time; tests/test_cache.py
    # checks the order)
    return FileFacts(
        path, lang, EMPTY_DICT, EMPTY_LIST, EMPTY_LIST, EMPTY_LIST, EMPTY_LIST, EMPTY_DICT, EMPTY_LIST, suppressions or EMPTY_LIST,
        EMPTY_LIST, None, EMPTY_DICT, True,
    )


def intern_rest(facts: FileFacts) -> None:
    """The part of :func:`intern_strings` that decoding the cache does after
    building the objects: member reads, imports and module names."""
    i = _intern
    if facts.attrs:
        facts.attrs = list(map(i, facts.attrs))
    if facts.modules:
        facts.modules = list(map(i, facts.modules))
    if facts.imports:
        facts.imports = {i(k): i(v) for k, v in facts.imports.items()}


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while facts are built (here and in the
    cache's decoding, riskscan.cache): they are acyclic trees of thousands of
    new objects, and collections triggered in the middle (each one walking
    every live object) cost as much as the decoding itself, more so the more
    facts are already loaded."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def from_json(cls_name: str, d: Any) -> Any:
    """Rebuild a fact object from :func:`to_json` output; raises on malformed input."""
    if cls_name == "Val":
        return _val(d)
    if not isinstance(d, dict):
        raise ValueError(f"bad {cls_name}")
    with gc_paused():
        return _DECODERS[cls_name](d)
