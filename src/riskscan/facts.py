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
  the same file and spreads are resolved; an unresolvable spread sets
  ``open=True``), anything read from the environment is kind ``env``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

# Val kinds
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
# untrusted input)

_NESTED = {
    "Val": {"keys": "dict_val", "items": "list_val"},
    "Call": {"args": "list_val", "kwargs": "dict_val"},
    "Func": {"decorators": "list_val"},
    "Route": {"middleware": "list_val"},
    "FileFacts": {
        "calls": ("list", "Call"),
        "funcs": ("list", "Func"),
        "routes": ("list", "Route"),
        "consts": "dict_val",
        "suppressions": ("list", "Suppression"),
    },
}


def _is_default(f: Any, value: Any) -> bool:
    from dataclasses import MISSING

    if f.default is not MISSING:
        return bool(value == f.default)
    if f.default_factory is not MISSING:  # type: ignore[misc]
        return bool(value == f.default_factory())  # type: ignore[misc]
    return False  # required field: always kept


def to_json(obj: Any) -> Any:
    """Plain JSON data for a fact object; fields at their default are left out."""
    if isinstance(obj, (Val, Call, Func, Route, Suppression, FileFacts)):
        out = {}
        for f in fields(obj):
            value = getattr(obj, f.name)
            if _is_default(f, value):
                continue
            out[f.name] = to_json(value)
        return out
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    return obj


_CLASSES: dict[str, type] = {}


def _val(d: Any) -> Val:
    if not isinstance(d, dict):
        raise ValueError("bad Val")
    keys = d.get("keys")
    items = d.get("items")
    return Val(
        k=str(d["k"]),
        v=str(d.get("v", "")),
        keys={str(k): _val(x) for k, x in keys.items()} if keys is not None else None,
        items=[_val(x) for x in items] if items is not None else None,
        open=bool(d.get("open", False)),
        call=int(d.get("call", -1)),
        line=int(d.get("line", 0)),
    )


def from_json(cls_name: str, d: Any) -> Any:
    """Rebuild a fact object from :func:`to_json` output; raises on malformed input."""
    if not _CLASSES:
        _CLASSES.update({c.__name__: c for c in (Call, Func, Route, Suppression, FileFacts)})
    if cls_name == "Val":
        return _val(d)
    if not isinstance(d, dict):
        raise ValueError(f"bad {cls_name}")
    cls = _CLASSES[cls_name]
    nested = _NESTED.get(cls_name, {})
    kwargs: dict[str, Any] = {}
    names = {f.name for f in fields(cls)}
    for key, value in d.items():
        if key not in names:
            raise ValueError(f"unknown field {key} in {cls_name}")
        spec = nested.get(key)
        if spec == "list_val":
            value = [_val(x) for x in value]
        elif spec == "dict_val":
            value = {str(k): _val(x) for k, x in value.items()}
        elif isinstance(spec, tuple):
            value = [from_json(spec[1], x) for x in value]
        kwargs[key] = value
    return cls(**kwargs)
