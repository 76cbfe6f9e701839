"""Python frontend: libcst concrete syntax tree -> :class:`FileFacts`.

One parse, one position pass (``PositionProvider``'s ranges, computed by a
lean offset-counting code generator state, see :func:`_positions`) and one
*iterative* walk over the tree collect everything; facts are then built from
what the walk recorded.  Import resolution, name bindings and receiver types are done here
from the Import/Assign nodes (no scope or qualified-name providers: they are
far slower and resolve less of what the checks need).

Crash guard: libcst's native parser overflows its stack on code nested a few
thousand levels deep (segfault, not an exception) and its parse time grows
quadratically with nesting, so a linear pre-scan rejects deeply nested text
before libcst sees it (:data:`MAX_NESTING` brackets / indentation levels,
:data:`MAX_CHAIN` for long unbracketed operator / call chains,
:data:`MAX_ELIFS` branches of one if/elif chain).  Whatever still
recurses too deep inside libcst becomes ``SkipFile``.

Routes registered in the body of a module-level ``if settings.DEBUG:`` (a
Django ``urls.py`` serving the admin or debug views to the development server)
are left out of ``FileFacts.routes``: they are not deployed.

Python specific facts in ``FileFacts.extra`` (all JSON):

* ``classes``: ``[{name, line, end_line, bases, decorators}]`` (bases as
  resolved dotted names, decorators as ``to_json(Val)``).
* ``class_attrs``: ``{class name: {attr: Val json}}`` for simple class-body
  assignments (DRF ``throttle_classes``, flask-restful ``decorators`` ...).
* ``handlers``: ``[{line, end_line, try_line, try_end_line, types, func}]``
  for every ``except`` clause (types resolved, ``[]`` for a bare except;
  ``reraise: true`` when its body ends in a bare ``raise``).
* ``withs``: ``[{line, end_line, call, as, async, func, item}]`` for every
  ``with`` item (``call`` = index into ``calls`` or -1; ``item``: the text of
  an item that is a name or attribute, ``async with self.semaphore:``).
* ``loops``: ``[{line, end_line, test, func}]`` for every ``while`` loop
  (``retry``: it ends once its ``try`` body succeeds, or its own body ends
  in ``break``/``return``, or it sleeps between polls until an ``if`` returns
  the result it polled for; ``deadline``: it
  raises once a timeout or deadline passes, or when a poll given a timeout
  comes back empty; ``until_line``: it ends when a
  line it reads with ``readline()`` says so).
* ``raised``: ``[[line, col], ...]`` (as calls record them) of the calls
  whose result a ``raise`` throws (``raise self.server.error("full")``),
  absent when none.
* ``yields``: ``[[line, func], ...]`` of the ``yield`` expressions in
  functions (where a ``@contextmanager`` runs the caller's ``with`` block),
  absent when none.
* ``main_guard``: ``[[line, end_line], ...]`` of ``if __name__ == "__main__"``.
* ``statsd_formats``: ``[line, ...]`` of the string literals (plain or
  f-strings, with their holes read as values) written in StatsD's datagram
  format, ``name:value|type`` (alignak's ``'%s.%s.%s:%d|ms' % (...)``),
  or its value part alone, a hole and the type (circus's ``"%d|c" % delta``),
  absent when none (see checks.metrics: a service that sends them itself).
* ``assigns``: ``[[target, func, line, Val json, [names read]], ...]`` for
  the assignments a check reads (lets checks follow a value through local
  variables), absent when none: chosen by target, a client bound through an
  expression, a pool constructed in the value -- exactly which in
  :mod:`riskscan.frontends._assigns`.  ``names read`` holds only the pool
  constructor names the value reads (``[]`` for most), at most
  ``MAX_ASSIGNS`` assignments counted before the choice.
* ``attr_values``: ``[[target, line, Val json], ...]``, the values other
  than a call or ``None`` given to a ``self.`` attribute that a call is also
  assigned to in the file (``self.url = config.db_url`` beside ``self.url =
  make_url(...)``), absent when none (read by ``checks._db``: every value an
  engine's URL attribute may hold).
* ``init_attrs``: ``{__init__ id: {param: [attr, ...]}}``, the ``self``
  attributes an ``__init__`` stores a parameter in as is (``self._pool =
  pool``), absent when none.
* ``chained_targets``: ``[[line, column, [target, ...]], ...]``, the calls
  of a chained assignment (``settings["kube"] = self.kube = CoreV1Api()``)
  with the names and attributes after the first target (a call's
  ``assigned`` holds the first), absent when none.
* ``returns``: ``[[func, Val json], ...]``, the string literals and
  f-strings functions return (``return f"sqlite:///{path}"``, also through a
  local name that holds one), absent when none; at most ``MAX_ASSIGNS``.
* ``return_tuples``: ``[[func, [name, ...]], ...]``, the tuples functions
  return (``return token, ca, client``): each element's text when it is a
  name or ``self.`` attribute, ``"*"`` for a starred one, else ``""``;
  absent when none; at most ``MAX_ASSIGNS``.
* ``return_types``: ``{function name: class}`` for the module-level
  functions whose return annotation names a class (``def configure_app(...)
  -> Sanic`` -> ``sanic.Sanic``; ``Optional[X]`` and ``"X"`` as for
  parameters), absent when none.
* ``django_includes``: ``[{prefix, module, line}]`` for ``path('x/', include(...))``.
* ``path_joins``: ``[[name, func, line, base], ...]`` for a plain name bound in a
  function to a pathlib join (``log = folder / name``): ``base`` is the text of the
  leftmost operand (``folder``), for RS601's scratch-space test.
* ``compares``: ``[[line, func, text], ...]`` for comparisons using
  ``> >= < <= == !=`` (``text`` whitespace collapsed, at most 120 chars;
  ``is``/``in``-only comparisons are left out), at most 5000; a fourth item
  ``1`` marks a comprehension's filter on its own items
  (``[op for op in ops if op['path'] == '/status']``).
* ``branches``: arms of if/else and conditional expressions (and ``match``
  cases in Python) that hold calls, for RS601 (:mod:`riskscan.frontends._branches`).
* ``noop_funcs``: ids of the functions whose body does nothing (a docstring,
  ``pass``, ``...``, a bare ``return``), absent when none.
* ``taint``: RS701 request -> path flows from :mod:`riskscan.frontends.taint_py`
  (``taint_error`` instead when that analysis failed; ``RISKSCAN_DEBUG`` re-raises).

Value conventions beyond :mod:`riskscan.facts`: an ``env`` Val's ``v`` is the
variable name when it is a literal (``os.getenv("DB_URL")`` -> ``DB_URL``),
else the source text; attribute chains on imported names are resolved
(``settings.POOL`` after ``from app.config import settings`` ->
``app.config.settings.POOL``); subscripts are ``ident`` (``config['X']``).

Relative imports resolve to project paths: ``from .views import login`` in
``pkg/urls.py`` -> ``./pkg/views.login``; ``from . import views`` -> the
submodule ``./pkg/views`` (listed in ``modules`` with ``./pkg``).  A name that
is really an attribute of ``pkg/__init__.py`` looks the same: fall back to
module ``./pkg`` + attribute when ``./pkg/name`` is not a project file.

A route whose ``methods`` lists several is recorded once, under ``POST``
when listed, else the first that is not ``OPTIONS`` or ``HEAD``.
Routes without ``methods`` are ``GET`` for functions (Flask / FastAPI /
Starlette default) and ``ANY`` for class-based views (``X.as_view()``, a local
class, a variable assigned from ``as_view``).
"""

from __future__ import annotations

import codecs
import operator
import os
import re
import string
from collections import Counter
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import fields as _dc_fields
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from ..facts import (
    ARR,
    BOOL,
    BRANCH,
    CALL,
    ENV,
    FN,
    FORM_READS,
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
    gc_paused,
    merge_alternatives,
    to_json,
)
from . import RESTFUL_APIS, TEMPLATE_TAGS, SkipFile, decode_source
from ._assigns import (POOL_CTOR_TAILS, UNBOUND_KINDS, authorization_value, by_target, call_sites, database_file_value, may_bind, pool_names, pool_target,
                       signed_in_value)
from ._cstkids import child_nodes, skipped
from ._branches import branch_regions
from ..lazyre import lazy_re

MAX_NESTING = 100  # brackets / indentation levels
MAX_CHAIN = 500  # operators + trailers of one expression (plus bracket depth)
MAX_ELIFS = 1000  # branches of one if/elif chain (each elif nests one level in libcst's parser)
_RECURSION_LIMIT = 10000  # libcst's codegen recurses ~4 frames per tree level
MAX_ATTRS = 5000
MAX_ASSIGNS = 5000
MAX_COMPARES = 5000
_COMPARE_OPS = (cst.GreaterThan, cst.GreaterThanEqual, cst.LessThan, cst.LessThanEqual, cst.Equal, cst.NotEqual)

# ---------------------------------------------------------------------------
# decoding

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.M)


def _decode(data: bytes) -> str:
    try:
        return decode_source(data)
    except SkipFile as exc:
        if not str(exc).startswith("not valid UTF-8"):
            raise
        # PEP 263: a coding cookie in the first two lines
        head = b"\n".join(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")[:2])
        m = _COOKIE.search(head)
        if not m:
            raise
        try:
            codec = codecs.lookup(m.group(1).decode("ascii"))
            text = data.decode(codec.name)
        except (LookupError, UnicodeDecodeError, ValueError):
            raise exc from None
        if "\x00" in text:
            raise SkipFile("binary content (NUL bytes)") from None
        return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------
# pre-scan: linear, tokenizer-free nesting estimate

_TOK = re.compile(
    r"""
 (?P<tq>[rRbBuUfFtT]{0,2}(?:'''|\"\"\"))
|(?P<sq>[rRbBuUfFtT]{0,2}(?:'(?:\\[\s\S]|[^'\\\n])*'|"(?:\\[\s\S]|[^"\\\n])*"))
|(?P<com>\#[^\n]*)
|(?P<cont>\\\n)
|(?P<nl>\n[ \t\f]*)
|(?P<open>[(\[{])
|(?P<close>[)\]}])
|(?P<sep>[,;])
|(?P<word>[^\W\d]\w*)
|(?P<num>\d[\w.]*)
|(?P<dot>\.)
|(?P<op>\*\*=?|//=?|<<=?|>>=?|->|:=|[-+*/%@&|^~<>!=]=?|:)
|(?P<ws>[ \t\f]+)
|(?P<other>.)
""",
    re.X,
)
_CHAIN_WORDS = frozenset({"and", "or", "not", "if", "else", "lambda", "await", "in", "is"})
_KEYWORDS = frozenset(
    {"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
     "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
     "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "print", "exec"}
)
_NO_CHAIN_OPS = frozenset({"=", ":", "->"})


def _indent_width(s: str) -> int:
    col = 0
    for ch in s:
        if ch == "\t":
            col = (col // 8 + 1) * 8
        elif ch == " ":
            col += 1
        else:  # form feed resets
            col = 0
    return col


def _prescan(text: str) -> None:
    """Raise SkipFile when the text nests deeper than the parser can take."""
    depth = 0
    stack: list[int] = []  # chain count of each enclosing bracket frame
    outer = 0  # sum(stack)
    cur = 0  # chain count in the current frame
    indents = [0]
    prev: str | None = ""  # kind of the previous significant token
    pos = 0
    n = len(text)
    match = _TOK.match
    too_deep = f"nesting deeper than {MAX_NESTING} levels"
    too_long = f"expression nesting deeper than {MAX_CHAIN} levels"
    line_width = -1  # indentation of the logical line whose first token comes next (-1: not at a line start)
    elifs: dict[int, int] = {}  # indentation -> elif branches of the chain open at that indentation
    while pos < n:
        m = match(text, pos)
        if m is None:  # cannot happen (``other`` matches any char but newline... which nl matches)
            pos += 1
            continue
        kind = m.lastgroup
        pos = m.end()
        if kind == "ws" or kind == "com" or kind == "cont":
            continue
        at_line = line_width
        line_width = -1
        if kind == "tq":
            if prev == "str":
                cur += 1
                if outer + cur + depth > MAX_CHAIN:
                    raise SkipFile(too_long)
            quote = text[pos - 3 : pos]
            while True:
                j = text.find(quote, pos)
                if j < 0:
                    return  # unterminated: the parser reports it
                k = j - 1
                while k >= pos and text[k] == "\\":
                    k -= 1
                if (j - 1 - k) % 2 == 0:
                    pos = j + 3
                    break
                pos = j + 1
            prev = "str"
            continue
        if kind == "sq":
            if prev == "str":
                cur += 1  # implicit concatenation nests in the tree
                if outer + cur + depth > MAX_CHAIN:
                    raise SkipFile(too_long)
            prev = "str"
            continue
        if kind == "nl":
            if depth == 0:
                cur = 0
                nxt = text[pos : pos + 1]
                if nxt and nxt not in "\n#\\":
                    width = line_width = _indent_width(m.group()[1:])
                    if width > indents[-1]:
                        indents.append(width)
                        if len(indents) - 1 > MAX_NESTING:
                            raise SkipFile(too_deep)
                    else:
                        while len(indents) > 1 and width < indents[-1]:
                            indents.pop()
            prev = ""
            continue
        if kind == "open":
            if prev in ("name", "close", "str"):
                cur += 1  # call / subscript trailer
            stack.append(cur)
            outer += cur
            cur = 0
            depth += 1
            if depth > MAX_NESTING:
                raise SkipFile(too_deep)
            prev = "open"
        elif kind == "close":
            if stack:
                cur = stack.pop()
                outer -= cur
                depth -= 1
            prev = "close"
        elif kind == "sep":
            cur = 0
            prev = "sep"
        elif kind == "word":
            word = m.group()
            if at_line >= 0 and (elifs or word == "elif"):
                # libcst's native parser recurses once per elif and crashes on long chains
                for w in [w for w in elifs if w > at_line]:
                    del elifs[w]
                if word == "elif":
                    count = elifs[at_line] = elifs.get(at_line, 0) + 1
                    if count > MAX_ELIFS:
                        raise SkipFile(f"if/elif chain longer than {MAX_ELIFS} branches")
                elif word != "else":
                    elifs.pop(at_line, None)
            if word in _CHAIN_WORDS:
                cur += 1
            prev = "kw" if word in _KEYWORDS else "name"
        elif kind == "dot":
            cur += 1
            prev = "dot"
        elif kind == "op":
            if m.group() not in _NO_CHAIN_OPS:
                cur += 1
            prev = "op"
        else:
            prev = kind
        if outer + cur + depth > MAX_CHAIN:
            raise SkipFile(too_long)


def _tokenizer_error_line(text: str) -> int:
    """The line of a tokenizer error (a Python 2 octal ``0400``), which libcst
    reports at line 1: Python's own compiler, asked for the syntax tree only
    (nothing runs), names it.  0 when it does not say."""
    import ast
    import warnings

    try:
        # (Python 2 code is full of escapes such as "\d", which newer compilers
        # warn about on stderr, or turn into the SyntaxError reported instead)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except SyntaxError as err:
        return err.lineno or 0
    except (RecursionError, MemoryError, ValueError):
        return 0
    return 0


# what only Python 2 writes on a line: a backtick repr, `<>`, an octal literal
# `0400`, `print >>f`, an `exec "..."` or `print "..."` statement, `ur"..."`,
# a lambda unpacking a tuple parameter (`lambda (k, v): ...`)
_PY2_LINE = re.compile(r"""`|<>|(?<![\w.])0[0-7]+[lL]?\b|^\s*print\s*>>|^\s*(?:exec|print)\s+['"]|\bur['"]|\blambda\s*\(""")


def _python2_line(text: str, line: int) -> bool:
    """Is the line a file fails to parse at written in Python 2 only syntax
    (:data:`_PY2_LINE`, outside a comment)?  The skip reason then says so: a
    Python 2 module is not a broken one."""
    lines = text.splitlines()
    src = lines[line - 1].split("#", 1)[0] if 0 < line <= len(lines) else ""
    return _PY2_LINE.search(src) is not None


# ---------------------------------------------------------------------------
# entry point


def extract(path: str, data: bytes) -> FileFacts:
    text = _decode(data)
    _prescan(text)
    old_limit = sys.getrecursionlimit()
    raised = old_limit < _RECURSION_LIMIT
    if raised:
        sys.setrecursionlimit(_RECURSION_LIMIT)
    try:
        try:
            with _no_node_validation():
                module = _parse(text)
        except cst.ParserSyntaxError as exc:
            line, msg = _syntax_error(exc, text)
            if _template_line(text, line):
                # a project generator's template (vitrage's tools/datasource-scaffold/
                # {{cookiecutter.name}}/driver.py: `from pkg.{{cookiecutter.name}} import ...`)
                raise SkipFile("a template (Jinja/cookiecutter tags), not Python: not analysed", excluded=True) from None
            hint = " (Python 2 code: riskscan reads Python 3)" if _python2_line(text, line) else ""
            raise SkipFile(f"syntax error at line {line}: {msg}{hint}") from None
        # the tree and the facts are many small acyclic objects: the cyclic
        # collector only costs time here (as in the JS frontend)
        with gc_paused():
            positions = _positions(module)
            return _Extractor(path, text, module, positions).run()
    except RecursionError:
        raise SkipFile("too deeply nested to analyse") from None
    finally:
        if raised:
            sys.setrecursionlimit(old_limit)


def _parse(text: str) -> cst.Module:
    """libcst's tree of ``text``.  Code written before Python 3.7 made
    ``async`` a keyword may use it as a name (pyspider's and tornado-era
    ``def __init__(self, ..., async=True)``, ``Fetcher(async=False)``,
    ``self.async``), which libcst's parser rejects: when the text does not
    parse as it is, it is parsed again with each such name spelled
    ``asyn_`` (as long, so every position stays the file's own)."""
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError:
        renamed = _async_names_renamed(text)
        py2 = _py2_statements_rewritten(renamed or text)
        if renamed is None and py2 is None:
            raise
    for candidate in (renamed, py2):
        if candidate is not None:
            try:
                return cst.parse_module(candidate)
            except cst.ParserSyntaxError:
                pass
    return cst.parse_module(text)  # (raises the error of the file as it is)


# what follows the keyword `async`: `async def`, `async for`, `async with`
_ASYNC_KEYWORD_NEXT = frozenset({"def", "for", "with"})


def _async_names_renamed(text: str) -> str | None:
    """``text`` with each ``async`` token used as a name (not followed by
    ``def``/``for``/``with``; strings and comments untouched) spelled
    ``asyn_``; None when there is none, or the text does not tokenize."""
    if "async" not in text:
        return None
    import io
    import tokenize

    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                  if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)]
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    spots = [tok.start for i, tok in enumerate(tokens)
             if tok.type == tokenize.NAME and tok.string == "async"
             and not (i + 1 < len(tokens) and tokens[i + 1].string in _ASYNC_KEYWORD_NEXT)]
    if not spots:
        return None
    lines = io.StringIO(text).readlines()  # (the lines tokenize counted)
    for row, col in spots:
        line = lines[row - 1]
        lines[row - 1] = line[:col] + "asyn_" + line[col + 5:]
    return "".join(lines)


# what may follow Python 2's `print` statement keyword: a string, a number or a name
# (not an operator or a keyword that makes `print ...` an expression Python 3 reads too)
_PY2_PRINT_NEXT_KW = frozenset({"not", "lambda", "None", "True", "False"})


def _py2_statements_rewritten(text: str) -> str | None:
    """``text`` with the Python 2 statements Python 3 cannot parse, but that
    hold nothing the analysis needs from their syntax, respelled at the same
    length (so every position stays the file's own): a ``print x``
    statement as ``print;x`` (cabot's graphite.py: ``print 'Getting metrics
    matching %s' % pattern``), ``except E, e:`` as ``except E   :`` and
    ``raise E, "msg"`` as ``raise E; "msg"``.  None when there is none, or
    the text does not tokenize; other Python 2 syntax (``print >>f, x``,
    backticks, ``exec "..."``) is left as it is, so such a file still fails."""
    if "print" not in text and "except" not in text and "raise" not in text:
        return None
    import io
    import keyword
    import tokenize

    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                  if t.type not in (tokenize.NL, tokenize.COMMENT)]
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    edits: list[tuple[int, int, int, str]] = []  # (row, start col, end col, replacement of that length)
    for i, tok in enumerate(tokens):
        if tok.type != tokenize.NAME or tok.string not in ("print", "except", "raise"):
            continue
        prev = tokens[i - 1] if i else None
        if prev is not None and prev.type not in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT) and prev.string not in (":", ";"):
            continue  # (not at the start of a statement: `x.print`, `f(print)`)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None or nxt.start[0] != tok.end[0]:
            continue
        if tok.string == "print":
            if nxt.start[1] <= tok.end[1]:
                continue  # (`print"x"`: no room for the `;`)
            if nxt.type in (tokenize.STRING, tokenize.NUMBER) or (
                    nxt.type == tokenize.NAME and (not keyword.iskeyword(nxt.string) or nxt.string in _PY2_PRINT_NEXT_KW)):
                edits.append((tok.end[0], tok.end[1], tok.end[1] + 1, ";"))
            continue
        # `except E, e:` / `raise E, "msg"`: the first comma outside brackets on the statement's line
        depth = 0
        for j in range(i + 1, len(tokens)):
            t = tokens[j]
            if t.type == tokenize.NEWLINE or t.start[0] != tok.start[0]:
                break
            if t.string in ("(", "[", "{"):
                depth += 1
            elif t.string in (")", "]", "}"):
                depth -= 1
            elif t.string == ":" and depth == 0:
                break
            elif t.string == "," and depth == 0:
                if tok.string == "raise":
                    edits.append((t.start[0], t.start[1], t.end[1], ";"))
                elif (j + 2 < len(tokens) and tokens[j + 1].type == tokenize.NAME and tokens[j + 2].string == ":"
                      and tokens[j + 1].end[0] == t.start[0]):
                    edits.append((t.start[0], t.start[1], tokens[j + 1].end[1], " " * (tokens[j + 1].end[1] - t.start[1])))
                break
    if not edits:
        return None
    lines = io.StringIO(text).readlines()  # (the lines tokenize counted)
    for row, start, end, new in edits:
        line = lines[row - 1]
        lines[row - 1] = line[:start] + new + line[end:]
    return "".join(lines)


@contextmanager
def _swapped(*swaps: tuple[Any, str, Any]) -> Iterator[None]:
    """Replace class attributes (``(class, name, value)``) for the duration of a
    block and put the originals back after it, also on error.  An attribute
    the class only inherits gets one of its own for the block, removed after
    it.  When one of them is not where it is expected (libcst internals
    moved: neither the class nor a base has it), nothing is replaced and
    libcst runs as it is."""
    originals = [(cls, name, cls.__dict__.get(name, _INHERITED if hasattr(cls, name) else None) if cls is not None else None)
                 for cls, name, _value in swaps]
    if any(original is None for _cls, _name, original in originals):
        yield
        return
    for cls, name, value in swaps:
        setattr(cls, name, value)
    try:
        yield
    finally:
        for cls, name, original in originals:
            if original is _INHERITED:
                delattr(cls, name)
            else:
                setattr(cls, name, original)


_INHERITED = object()  # (``_swapped``: the class has no attribute of its own to put back)


def _no_node_validation() -> Any:
    """libcst validates every node it constructs (``CSTNode.__post_init__``
    -> ``_validate``), also the nodes its own parser builds from source that
    just parsed: about a fifth of the parse time.  libcst's code notes the
    check could move out of parsing; this does that for the duration of one
    parse (the frontend only reads trees, it never builds nodes)."""
    return _swapped((cst.CSTNode, "__post_init__", _skip_post_init))


def _skip_post_init(self: Any) -> None:
    return None


def _ends_in_reraise(handler: cst.ExceptHandler) -> bool:
    """The ``except`` body's last statement is a bare ``raise``: it cleans up
    and passes the exception on (``except BaseException: await self.close();
    raise``)."""
    last = _last_statement(handler.body)
    return type(last) is cst.Raise and last.exc is None


def _positions(module: cst.Module) -> Any:
    """node -> ``CodeRange`` exactly as libcst's ``PositionProvider`` computes
    them, for every node but whitespace, comments and punctuation (see
    ``_UNPLACED``: nothing asks where those are)."""
    if _OffsetState is not None:
        try:
            state = _OffsetState(module.default_indent, module.default_newline)
            with _lean_codegen():
                module._codegen(state)
            return _Positions(state.spans, state.starts)
        except (AttributeError, TypeError, KeyError):  # libcst internals changed: take the documented road
            pass
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    try:
        # ``wrapper.resolve`` also runs an (empty) batched visitor pass over the
        # whole tree, which rebuilds every node: half the metadata time for nothing.
        # Generate the non-batchable provider directly (what ``resolve`` does for it).
        computed = PositionProvider()._gen(wrapper)
        if computed:
            return computed
    except (AttributeError, TypeError):  # private API changed: take the public road
        pass
    return wrapper.resolve(PositionProvider)


# ``PositionProvider`` runs libcst's code generator with a state that builds a
# CodePosition (line, column) per token and a CodeRange per node, through a
# generator-based context manager per statement: most of the frontend's time.
# The lean state below runs the same code generator but only counts characters
# and records where lines start (in the generated code, which is the source
# text except where libcst normalises, e.g. a leading form feed), and keeps
# (start, end) offsets per node; ``_Positions`` turns the few offsets that are
# looked up into the same ``CodeRange`` values.  Same semantics as libcst's
# state: the first range recorded for a node wins (syntactic ranges are
# recorded before ``after_codegen``), and a trailing newline the file lacks is
# still counted (libcst drops the token, not the position).
try:
    from libcst._nodes.internal import CodegenState as _CodegenState
    from libcst._position import CodePosition as _CodePosition
    from libcst._position import CodeRange as _CodeRange
except ImportError:  # pragma: no cover - libcst internals moved
    _CodegenState = None  # type: ignore[assignment,misc]


# a quoted annotation naming a class (`"requests.Session"`)
# a StatsD datagram as a format or template: `name:value|type`, a sample rate and DogStatsD tags
# optional, the value a number or a format's hole (`'%s.%s:%d|ms'`, `"{}:{}|c|@{}"`, `f"{key}:{value}|g"`;
# not `"echo x:1|c | nc -u ..."` nor `"http://host|c"`); or its value part alone, a hole and the type
# (`"%d|c" % delta`, `"%0.6f|ms"`, `f"{value}|g"`), which the classic clients (pystatsd, circus's
# StatsdClient) format first and then join to the name with `"%s:%s"`
_STATSD_FORMAT = lazy_re(r"(?:[^\s:|/@#]+:(?:[-+]?\d+(?:\.\d+)?|%[-+ #0]*[\d.]*[a-z]|\{[^{}]*\})|%[-+ #0]*[\d.]*[a-z]|\{[^{}]*\})"
                         r"\|(?:c|ms|g|h|s|d)(?:\|[@#][^\s|]*)*\n?\Z")
_DOTTED_STR = re.compile(r"""(['"])[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\1""")
_NEWLINE = re.compile(r"\r\n?|\n")  # what libcst's position state counts as a line break
# a string literal as a call's receiver text (`r'^{0}login/$'` of `.format(...)`), and its placeholders
# the opening of a regex group, up to where its body starts: `(`, `(?:`, `(?P<name>`
_GROUP_HEAD = lazy_re(r"\((?:\?:|\?P<\w+>)?\Z")
_STR_LITERAL = re.compile(r"""[rRuU]{0,2}(['"])((?:(?!\1).)*)\1""", re.S)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# how much of a string literal's text a `.format(...)` call keeps as its receiver
_FORMAT_LIMIT = 2000


class _Syntactic:
    """``record_syntactic_position`` without a generator."""

    __slots__ = ("end_node", "node", "start", "start_node", "state")

    def __init__(self, state: Any, node: Any, start_node: Any, end_node: Any) -> None:
        self.state = state
        self.node = node
        self.start_node = start_node
        self.end_node = end_node
        self.start = 0

    def __enter__(self) -> None:
        self.start = self.state.pos

    def __exit__(self, *exc: object) -> None:
        state = self.state
        spans = state.spans
        start = spans[id(self.start_node)][0] if self.start_node is not None else self.start
        end = spans[id(self.end_node)][1] if self.end_node is not None else state.pos
        spans[id(self.node)] = (start, end)


if _CodegenState is not None:

    class _OffsetState(_CodegenState):  # type: ignore[valid-type,misc]
        __slots__ = ("pos", "spans", "stack", "starts")

        def __init__(self, default_indent: str, default_newline: str) -> None:
            super().__init__(default_indent=default_indent, default_newline=default_newline)
            self.pos = 0
            self.stack: list[int] = []
            self.spans: dict[int, tuple[int, int]] = {}
            self.starts = [0]  # offsets where lines start

        def add_indent_tokens(self) -> None:
            for tok in self.indent_tokens:
                self.add_token(tok)

        def add_token(self, value: str) -> None:
            if "\n" in value or "\r" in value:
                base = self.pos
                self.starts.extend(base + m.end() for m in _NEWLINE.finditer(value))
            self.pos += len(value)
            if not self.tokens:
                self.tokens.append(value)  # Module only asks whether anything was generated

        def before_codegen(self, node: Any) -> None:
            self.stack.append(self.pos)

        def after_codegen(self, node: Any) -> None:
            start = self.stack.pop()
            key = id(node)
            if key not in self.spans:
                self.spans[key] = (start, self.pos)

        def pop_trailing_newline(self) -> None:
            pass  # libcst's position state keeps counting the dropped newline

        def record_syntactic_position(self, node: Any, *, start_node: Any = None, end_node: Any = None) -> Any:
            return _Syntactic(self, node, start_node, end_node)

else:  # pragma: no cover
    _OffsetState = None  # type: ignore[assignment,misc]


# The position pass spends most of its time in the code generator's own
# bookkeeping: ``CSTNode._codegen`` calls ``state.before_codegen`` and
# ``state.after_codegen`` around every node, and every parenthesised
# expression opens a generator-based context manager (``_parenthesize``).
# For the duration of one pass over a tree the two are replaced by versions
# that do the same for ``_OffsetState`` inline: the offsets recorded are the
# same (the first range recorded for a node wins; a test compares them with
# libcst's ``PositionProvider``).
def _lean_node_codegen(self: Any, state: Any, **kwargs: Any) -> None:
    start = state.pos
    self._codegen_impl(state, **kwargs)
    spans = state.spans
    key = id(self)
    if key not in spans:
        spans[key] = (start, state.pos)


class _LeanParens:
    """``_BaseParenthesizedNode._parenthesize`` as a plain context manager."""

    __slots__ = ("node", "state", "syntactic")

    def __init__(self, node: Any, state: Any) -> None:
        self.node = node
        self.state = state
        self.syntactic = state.record_syntactic_position(node)

    def __enter__(self) -> None:
        state = self.state
        for lpar in self.node.lpar:
            lpar._codegen(state)
        self.syntactic.__enter__()

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.syntactic.__exit__(exc_type, exc, tb)
        if exc_type is None:
            state = self.state
            for rpar in self.node.rpar:
                rpar._codegen(state)


def _lean_parenthesize(self: Any, state: Any) -> _LeanParens:
    return _LeanParens(self, state)


# Whitespace, comments and punctuation are most of a tree's nodes (on the
# benchmark's real corpus, SimpleWhitespace alone is 40 %).  The frontend never
# asks where one is (riskscan.frontends._cstkids skips the fields that hold
# them, operators are told apart by their type only, and no statement's range
# is taken from one), so during the pass they generate their text without the
# per-node bookkeeping and no range is recorded for them: the same tokens in
# the same order, so every other node's range is unchanged (a test compares
# them with libcst's ``PositionProvider``).  Parentheses keep their ranges: an
# import's range ends at its closing one.
def _own_codegen_impl(cls: type) -> Any:
    """The ``_codegen_impl`` ``cls`` runs, when a class below ``CSTNode`` in
    its hierarchy defines it (else None: the class keeps libcst's ``_codegen``)."""
    for klass in cls.__mro__:
        if klass is cst.CSTNode:
            return None
        impl = klass.__dict__.get("_codegen_impl")
        if impl is not None:
            return impl
    return None


def _lean_one_token_op(self: Any, state: Any, **kwargs: Any) -> None:
    """``_BaseOneTokenOp._codegen_impl`` (``,`` ``.`` ``=`` ``+`` ...) without its syntactic range."""
    self.whitespace_before._codegen(state)
    state.add_token(self._get_token())
    self.whitespace_after._codegen(state)


def _lean_atom(self: Any, state: Any, **kwargs: Any) -> None:
    """A name, string or number outside parentheses: its token and its range
    without the parentheses' context managers (a tenth of a tree's nodes)."""
    if self.lpar or self.rpar:
        _lean_node_codegen(self, state, **kwargs)
        return
    start = state.pos
    state.add_token(self.value)
    spans = state.spans
    key = id(self)
    if key not in spans:
        spans[key] = (start, state.pos)


def _unplaced() -> list[tuple[type, Any]]:
    """(class, the ``_codegen`` it gets for the pass) of the classes whose
    nodes get no range."""
    out: list[tuple[type, Any]] = []
    for cls in (cst.SimpleWhitespace, cst.Newline, cst.Comment, cst.TrailingWhitespace, cst.EmptyLine,
                cst.ParenthesizedWhitespace, cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace, cst.RightCurlyBrace):
        impl = _own_codegen_impl(cls)
        if impl is not None and "_codegen" not in cls.__dict__:
            out.append((cls, impl))
    one_token = getattr(sys.modules.get("libcst._nodes.op"), "_BaseOneTokenOp", None)
    if isinstance(one_token, type) and "_codegen" not in one_token.__dict__ and "_codegen_impl" in one_token.__dict__:
        out.append((one_token, _lean_one_token_op))
    return out


_UNPLACED = _unplaced()
# and the atoms, which keep their ranges
_LEAN = _UNPLACED + [(cls, _lean_atom) for cls in (cst.Name, cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary)
                     if "_codegen" not in cls.__dict__ and "_codegen_impl" in cls.__dict__
                     and "value" in getattr(cls, "__slots__", ())]


def _lean_codegen() -> Any:
    parens_cls = getattr(sys.modules.get("libcst._nodes.expression"), "_BaseParenthesizedNode", None)
    # (the classes of _LEAN inherit ``_codegen``: each gets one of its own for the pass)
    return _swapped((cst.CSTNode, "_codegen", _lean_node_codegen), (parens_cls, "_parenthesize", _lean_parenthesize),
                    *((cls, "_codegen", impl) for cls, impl in _LEAN))


class _Positions:
    """Read-only ``node -> CodeRange`` mapping over character offsets (KeyError for unknown nodes)."""

    __slots__ = ("cache", "spans", "starts")

    def __init__(self, spans: dict[int, tuple[int, int]], starts: list[int]) -> None:
        self.spans = spans
        self.starts = starts
        self.cache: dict[int, tuple[int, int, int, int]] = {}

    def span(self, node: Any) -> tuple[int, int, int, int]:
        """(start line, start column, end line, end column) like the CodeRange."""
        key = id(node)
        got = self.cache.get(key)
        if got is None:
            a, b = self.spans[key]
            starts = self.starts
            i = bisect_right(starts, a) - 1
            j = i if b == a else bisect_right(starts, b, i) - 1
            got = self.cache[key] = (i + 1, a - starts[i], j + 1, b - starts[j])
        return got

    def __getitem__(self, node: Any) -> Any:
        l1, c1, l2, c2 = self.span(node)
        return _CodeRange(_CodePosition(l1, c1), _CodePosition(l2, c2))

    def __contains__(self, node: Any) -> bool:
        return id(node) in self.spans

    def get(self, node: Any, default: Any = None) -> Any:
        return self[node] if id(node) in self.spans else default

    def __len__(self) -> int:
        return len(self.spans)


def _template_line(text: str, line: int) -> bool:
    """The line the parse fails at holds a template tag (``{{ name }}``,
    ``{% if %}``): the file is a template; a ``{{x}}`` elsewhere (an
    f-string's escaped braces) does not make a broken module one."""
    lines = text.split("\n")
    return 1 <= line <= len(lines) and TEMPLATE_TAGS.search(lines[line - 1].encode("utf-8", "replace")) is not None


def _syntax_error(exc: Any, text: str = "") -> tuple[int, str]:
    """(line, message) of a libcst parse error."""
    raw = str(getattr(exc, "message", "") or "")
    msg = raw.splitlines()[0] if raw else "invalid syntax"
    line = getattr(exc, "raw_line", 0)
    # libcst's raw_line is sometimes one past the error; the parser's own "error at L:C" is exact
    m = re.search(r"error at (\d+):(\d+): ", msg)
    if m:
        line = int(m.group(1))
        msg = msg.replace(m.group(0), "")
    elif msg.startswith("tokenizer error") and line <= 1 and text:
        line = _tokenizer_error_line(text) or line
    if len(msg) > 100:
        msg = msg[:97] + "..."
    return line, msg


# ---------------------------------------------------------------------------
# helpers

_FIELD_CACHE: dict[type, tuple[str, ...]] = {}
_IS_NODE: dict[type, bool] = {}
_TERMINATORS = frozenset({cst.Return, cst.Raise, cst.Continue, cst.Break})  # statements after these never run
_NO_CHILDREN: dict[str, Any] = {}  # handler result: do not walk the node's children


def _live_statements(body: Any) -> Any:
    """The statements of a block up to its first unconditional ``return`` /
    ``raise`` / ``continue`` / ``break``: what follows can never run (code
    disabled by an early ``return``), so its calls are not the program's."""
    for i, stmt in enumerate(body):
        if type(stmt) is cst.SimpleStatementLine and any(type(s) in _TERMINATORS for s in stmt.body):
            return body[: i + 1]
    return body


def _child_fields(tp: type) -> tuple[str, ...]:
    names = _FIELD_CACHE.get(tp)
    if names is None:
        names = tuple(f.name for f in _dc_fields(tp) if not skipped(f.name))
        _FIELD_CACHE[tp] = names
    return names


_ESC = re.compile(r"\\(N\{[^}]*\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\n|.)", re.S)
_SIMPLE_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f",
               "v": "\v", "\n": ""}


def _unescape(s: str, is_bytes: bool) -> str:
    if "\\" not in s:
        return s

    def rep(m: re.Match[str]) -> str:
        e = m.group(1)
        simple = _SIMPLE_ESC.get(e)
        if simple is not None:
            return simple
        c = e[0]
        try:
            if c == "x":
                return chr(int(e[1:], 16))
            if c in "uU" and not is_bytes and len(e) > 1:
                return chr(int(e[1:], 16))
            if c == "N" and not is_bytes:
                return unicodedata.lookup(e[2:-1])
            if c in "01234567":
                return chr(int(e, 8))
        except (ValueError, KeyError, OverflowError):
            pass
        return "\\" + e

    return _ESC.sub(rep, s)


def _value_test(test: Any) -> tuple[Any, bool] | None:
    """``x``, ``not x``, ``x is None``, ``x is not None`` (``x`` a name or an
    attribute chain): ``x`` and whether the test holds when ``x`` is set."""
    when_set = True
    if type(test) is cst.UnaryOperation and type(test.operator) is cst.Not:
        test, when_set = test.expression, False
    elif type(test) is cst.Comparison and len(test.comparisons) == 1 and type(test.comparisons[0].comparator) is cst.Name \
            and test.comparisons[0].comparator.value == "None" and type(test.comparisons[0].operator) in (cst.Is, cst.IsNot):
        when_set = type(test.comparisons[0].operator) is cst.IsNot
        test = test.left
    node = test
    while type(node) is cst.Attribute:
        node = node.value
    return (test, when_set) if type(node) is cst.Name and node is not test or type(test) is cst.Name else None


def _named_route_pair(t: Any) -> bool:
    """``(url, HealthcheckHandler)``: a pair of a path held in a name (or a
    call on one) and a class, as a Tornado route table lists a route whose
    path comes from configuration."""
    path, handler = t.elements[0].value, t.elements[1].value
    name = handler.attr.value if type(handler) is cst.Attribute else handler.value if type(handler) is cst.Name else ""
    return type(path) in (cst.Name, cst.Attribute, cst.Call) and name[:1].isupper()


def _literal_path_node(node: Any) -> bool:
    """A route path written in place: a string, an f-string, a string
    %-formatted with a prefix (``r"%s/health" % self.base_url``) or joined
    to one with + (``BASE_URL + r"/health"``): the forms ``tornado_route`` reads."""
    tp = type(node)
    if tp is cst.BinaryOperation and type(node.operator) is cst.Modulo:
        return type(node.left) is cst.SimpleString
    if tp is cst.BinaryOperation and type(node.operator) is cst.Add:
        return type(node.right) is cst.SimpleString or type(node.left) is cst.SimpleString
    if tp is cst.Call:
        return _url_path_join_call(node)
    return tp in (cst.SimpleString, cst.FormattedString)


def _subscript_key(node: Any) -> str:
    """The identifier a one-key string subscript reads (``settings['base_url']``
    -> ``base_url``), else ''."""
    if type(node) is not cst.Subscript or len(node.slice) != 1 or type(node.slice[0].slice) is not cst.Index:
        return ""
    key = node.slice[0].slice.value
    text = key.evaluated_value if type(key) is cst.SimpleString else None
    return text if isinstance(text, str) and text.isidentifier() else ""


def _url_path_join_call(node: Any) -> bool:
    """A call of Jupyter's ``url_path_join(base_url, "/public/(.*)")``
    (jupyter_server, the classic notebook, JupyterHub, or a project's copy of
    it): how Tornado apps built on Jupyter write their routes under the base URL."""
    func = node.func
    name = func.value if type(func) is cst.Name else func.attr.value if type(func) is cst.Attribute else ""
    return name == "url_path_join"


# The text kept of a condition that joins comparisons (`(Job.id == i) & (Job.claim == c) & (Job.status == 'running')`,
# `a == 1 and b == 2`): long enough that a status test after two others is not cut off.
_CONDITION_LIMIT = 400


def _is_condition_group(node: Any) -> bool:
    """Comparisons joined by ``&``/``|`` (peewee, SQLAlchemy) or ``and``/``or``."""
    if type(node) is cst.BooleanOperation:
        return True
    return type(node) is cst.BinaryOperation and type(node.operator) in (cst.BitAnd, cst.BitOr)


def _collapse(s: str, limit: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


class _Scope:
    __slots__ = ("kind", "name", "parent", "fact", "globals", "nonlocals", "func", "cls")

    def __init__(self, kind: str, name: str, parent: _Scope | None, fact: Func | None = None) -> None:
        self.kind = kind  # module | func | class
        self.name = name
        self.parent = parent
        self.fact = fact
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        # nearest enclosing function scope (self for functions) and class name
        if kind == "func":
            self.func: _Scope | None = self
        else:
            self.func = parent.func if parent is not None else None
        if kind == "class":
            self.cls = name
        else:
            self.cls = parent.cls if parent is not None else ""


# the test of a module-level `if` whose body only runs under the test suite
# a module-level `if settings.DEBUG:` (Django's urls.py idiom): what its body
# registers is served by a development server, not in production
_DEBUG_ONLY = re.compile(r"^(?:(?:django\.)?(?:conf\.)?settings\.)?DEBUG(?: is True| == True)?$")

_TEST_ONLY = re.compile(
    r"^(?:settings\.)?(?:TESTING|TEST|IS_TEST(?:ING)?|RUNNING_TESTS|UNIT_TESTING|IN_TEST(?:S)?|TEST_MODE)$"
    r"|^['\"]test['\"] in sys\.argv$|^sys\.argv\[1(?::2)?\] == \[?['\"]test['\"]\]?$|^['\"]pytest['\"] in sys\.modules$"
)


class _Changes(list):
    """A name's changes (dict changes, list growth: each ``(scope, position,
    ...)``), in source order, also indexed by scope as they are added (a
    local of the same name changed in every function made each lookup read
    them all), like the bindings (``scoped``)."""

    __slots__ = ("by_scope",)

    def __init__(self) -> None:
        super().__init__()
        self.by_scope: dict[_Scope, list] = {}

    def append(self, m: Any) -> None:
        super().append(m)
        self.by_scope.setdefault(m[0], []).append(m)


def _changes_of(changes_of: "dict[str, _Changes]", name: str) -> _Changes:
    """``name``'s changes, an empty list made for it the first time."""
    got = changes_of.get(name)
    if got is None:
        got = changes_of[name] = _Changes()
    return got


def _in_scope(changes_of: "dict[str, _Changes]", name: str, scope: _Scope) -> list:
    """The entries of ``changes_of[name]`` made in ``scope``, in source order."""
    changes = changes_of.get(name)
    return changes.by_scope.get(scope, []) if changes else []


def _is_none(node: Any) -> bool:
    """The expression is the literal ``None``."""
    return type(node) is cst.Name and node.value == "None"


class _Binding:
    __slots__ = ("key", "kind", "value", "scope", "cls", "pos", "fact", "dotted")

    def __init__(self, key: str, kind: str, value: Any, scope: _Scope, pos: tuple[int, int], fact: Any = None,
                 dotted: str = "") -> None:
        self.key = key
        self.kind = kind  # var | param | func | class | import | unknown
        self.value = value  # expression node for var
        self.scope = scope
        self.cls = scope.cls
        self.pos = pos
        self.fact = fact  # Func for kind func
        self.dotted = dotted  # resolved name for imports; for parameters, their annotation's type


# calls that load a class or function named at run time (a plug-in): what they return is unknown
_PLUGIN_LOADERS = frozenset({"getattr", "importlib.import_module", "django.utils.module_loading.import_string",
                             "werkzeug.utils.import_string", "pydoc.locate"})
_HTTP_METHODS = ("get", "post", "put", "delete", "patch", "head", "options")
_ROUTE_DECORATORS = frozenset(_HTTP_METHODS + ("route", "api_route", "view"))
_ENV_DOTTED = frozenset({"os.environ", "os.getenv", "os.environb", "os.getenvb", "decouple.config"})
_ENV_FACTORIES = frozenset({"environs.Env", "environ.Env", "decouple.AutoConfig", "decouple.Config"})
_ENV_WRAPPERS = frozenset({"int", "float", "str", "bool", "list", "tuple", "set", "bytes", "json.loads",
                           "ast.literal_eval", "decimal.Decimal", "pathlib.Path", "Path", "Decimal", "abs", "max",
                           "min", "round", "urllib.parse.quote_plus", "urllib.parse.quote"})
_LITERAL_KINDS = frozenset({STR, TMPL, NUM, BOOL, NULL, ENV, OBJ, ARR, FN})
# statements whose body may not run (Extractor.conditional), and where that question stops
_CONDITIONAL_NODES = frozenset(
    t for t in (cst.If, cst.Else, cst.For, cst.While, cst.Try, cst.ExceptHandler, cst.IfExp, getattr(cst, "Match", None), getattr(cst, "TryStar", None)) if t is not None
)
_SCOPE_NODES = frozenset({cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.Module})
# the comparisons an interpreter version test makes (Extractor.on_python3)
_VERSION_OPS: dict[type, Callable[[Any, Any], bool]] = {
    cst.LessThan: operator.lt, cst.LessThanEqual: operator.le, cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge, cst.Equal: operator.eq, cst.NotEqual: operator.ne,
}
# changes of one dict followed before it counts as open (hostile files repeat them)
_MAX_MUTATIONS = 32
_END = (1 << 30, 0)  # a position after every statement of a file


def _nearest_by_scan(binds: list[_Binding], pos: tuple[int, int], own: bool) -> _Binding:
    """:meth:`_Extractor._nearest` by a pass over the bindings (a few of them)."""
    best = None
    for b in binds:
        if b.pos <= pos and (best is None or b.pos > best.pos):
            best = b
    if best is not None:
        return best
    if own:
        return max(binds, key=lambda b: b.pos)
    return min(binds, key=lambda b: b.pos)


class _SetDefault:
    """The value of a ``kw.setdefault(key, value)`` change (set only when the key is absent)."""

    __slots__ = ("node",)

    def __init__(self, node: Any) -> None:
        self.node = node
_CONST_KINDS = frozenset({STR, TMPL, NUM, BOOL, NULL, ENV, OBJ, ARR})
_DJANGO_PATHS = {"django.urls.path": False, "django.urls.re_path": True, "django.conf.urls.url": True,
                 "django.urls.url": True, "django.conf.urls.re_path": True,
                 "django.conf.urls.defaults.url": True}  # (Django <= 1.5)
_TORNADO_URLS = frozenset({"tornado.web.url", "tornado.web.URLSpec", "tornado.routing.URLSpec"})
# the Routes library's mapper, bare or as CherryPy's dispatcher: `mapper.connect(name, path, controller=, action=)`
_ROUTES_MAPPERS = frozenset({"cherrypy.dispatch.RoutesDispatcher", "routes.Mapper", "routes.mapper.Mapper"})
# Django's translation functions (also under the `_` alias): a URL pattern written
# `_("login/")` or `pgettext("urls", "login/")` is its msgid in the default language
# Django's default LOGIN_URL (django.conf.global_settings): the path of a
# pattern built from `settings.LOGIN_URL`
_DJANGO_LOGIN_URL = "/accounts/login/"
_GETTEXT = frozenset({"_", "gettext", "gettext_lazy", "ugettext", "ugettext_lazy", "gettext_noop", "ugettext_noop",
                      "pgettext", "pgettext_lazy"})


# smtplib's connection classes: a local name for one is called to connect
_SMTP_CLASSES = frozenset({"smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP"})
# the mailbox and file-transfer clients of the standard library
_MAILBOX_CLASSES = frozenset({"imaplib.IMAP4", "imaplib.IMAP4_SSL", "poplib.POP3", "poplib.POP3_SSL", "ftplib.FTP", "ftplib.FTP_TLS"})
# classes a table of constructors may mix, each family judged by one rule
_CONNECTION_FAMILIES = (_SMTP_CLASSES, _MAILBOX_CLASSES)
_CONNECTION_CLASSES = _SMTP_CLASSES | _MAILBOX_CLASSES
_MAX_TABLE_ENTRIES = 16

_MAX_CHOICE_ARMS = 8


def _choice_arms(node: Any) -> list[Any]:
    """The arms of a conditional expression, nested ones flattened (``a if x
    else (b if y else c)``: a, b, c); [] past ``_MAX_CHOICE_ARMS``."""
    arms: list[Any] = []
    todo = [node]
    while todo:
        cur = todo.pop()
        if type(cur) is cst.IfExp:
            todo.extend((cur.orelse, cur.body))
        else:
            arms.append(cur)
        if len(arms) + len(todo) > _MAX_CHOICE_ARMS:
            return []
    return arms


def _strip_anchors(path: str) -> str:
    """A regex route's ``^`` and ``$`` anchors off its path."""
    path = path[1:] if path.startswith("^") else path
    return path[:-1] if path.endswith("$") else path


_DJANGO_INCLUDES = frozenset({"django.urls.include", "django.conf.urls.include", "django.conf.urls.defaults.include"})
_FRAMEWORK_TYPES = {
    "flask.Flask": "flask", "flask.Blueprint": "flask", "flask.blueprints.Blueprint": "flask",
    "quart.Quart": "flask", "quart.Blueprint": "flask",
    "fastapi.FastAPI": "fastapi", "fastapi.APIRouter": "fastapi", "fastapi.routing.APIRouter": "fastapi",
    "aiohttp.web.RouteTableDef": "aiohttp", "aiohttp.web.Application": "aiohttp",
    "aiohttp.web_routedef.RouteTableDef": "aiohttp",
    "starlette.applications.Starlette": "starlette", "starlette.routing.Router": "starlette",
    "flask_restful.Api": "flask", "flask_restx.Api": "flask", "flask_restx.Namespace": "flask",
}


class _Extractor:
    def __init__(self, path: str, text: str, module: cst.Module, positions: Any) -> None:
        while path.startswith("./"):
            path = path[2:]
        self.path = path
        self.text = text
        self.module = module
        self.pos = positions
        # (line, col, end line, end col) of a node; _Positions computes and caches them itself
        self.span = positions.span if isinstance(positions, _Positions) else self._range_span
        self.line_starts = [0]
        for m in re.finditer("\n", text):
            self.line_starts.append(m.end())
        self.facts = FileFacts(path=path, lang="py")
        self.imports: dict[str, str] = {}
        self.modules: list[str] = []
        # (module, imported in a `try:` that catches ImportError or in its handler), every import
        self.import_guards: list[tuple[str, bool]] = []
        # (name, position) of an import in a handler catching ImportError -> the
        # span of that `try:` body, whose own import of the name is the one that runs
        self.fallback_imports: dict[tuple[str, tuple[int, int]], tuple[tuple[int, int], tuple[int, int]]] = {}
        self.bindings: dict[str, list[_Binding]] = {}
        self.scoped: dict[str, dict[_Scope, list[_Binding]]] = {}  # key -> scope -> bindings
        # dict variable -> later changes in its scope, in source order: (scope,
        # position, key or None for "unknown keys", value node or None, merged
        # sources, the statement's node)
        self.mutations: dict[str, _Changes] = {}
        # `conds.append(x)` / `.extend` / `.insert` / `conds += [...]` on a name: (scope, position, method, call or augassign node)
        self.list_grows: dict[str, _Changes] = {}
        self.handoffs: set[tuple[tuple[int, int], tuple[int, int], int | str]] = set()
        self._bare_args: tuple[int, dict[str, list[tuple[Any, int | str]]]] | None = None
        self.mutating: set[str] = set()  # dicts whose changes are being applied (a change may refer to its own dict)
        self.change_vals: dict[int, Val] = {}  # id(value node of a change) -> its value
        self.parents: dict[int, Any] = {}
        self.scope_of: dict[int, _Scope] = {}  # id(call node) -> scope
        self.call_nodes: list[Any] = []
        self.assigned: dict[int, str] = {}
        # the call of a chained assignment (`d["k"] = self.api = make()`) -> its node and the names or
        # attributes after the first target (``assigned`` holds the first)
        self.chained: dict[int, tuple[Any, list[str]]] = {}
        self.awaited: set[int] = set()
        self.funcs: list[tuple[Func, Any, _Scope, _Scope]] = []  # (fact, node, scope created, enclosing scope)
        self.func_of_node: dict[int, Func] = {}
        self.classes: list[tuple[Any, _Scope, _Scope]] = []  # (node, class scope, enclosing scope)
        self.route_lists: list[Any] = []  # lists holding ("/path", Handler) tuples: Tornado route tables
        self.named_route_pairs: list[tuple[Any, _Scope]] = []  # (url, Handler) tuples, the path held in a name
        self.attr_set: set[str] = set()
        self.form_read_funcs: dict[int, Func] = {}  # functions reading a submitted form (RS501's render-only views)
        self.env_attr_cands: list[Any] = []
        self.name_nodes: list[Any] = []
        self._name_index: dict[str, tuple[list[int], list[tuple[Any, Any]]]] | None = None
        self.env: dict[int, str] = {}
        self.handlers: list[tuple[Any, Any, _Scope]] = []
        self.withs: list[tuple[Any, Any, _Scope, bool, str, str]] = []
        self.loops: list[tuple[Any, _Scope]] = []
        # `for` statements over a name or a member (``for msg in consumer:``), for the loops' ``iterates``
        self.name_fors: list[tuple[Any, _Scope]] = []
        self.yields: list[tuple[Any, _Scope]] = []
        self.raised: list[Any] = []  # calls whose result is raised: `raise self.server.error("...")`
        self.inline_prefix: dict[int, str] = {}  # Django path() calls inside include([...]) -> their URL prefix
        self.async_fors: list[tuple[Any, _Scope]] = []  # `async for msg in ws:` (what an async handler reads)
        self.table_loop_vars: set[str] = set()  # targets of `for x in name:` / `for x, y in (a, b):` loops (loop_table_receivers)
        self.main_guards: list[Any] = []
        self.statsd_formats: list[int] = []  # lines of literals in StatsD's datagram format ("%s:%d|c")
        self.name_guards: list[tuple[Any, str, str]] = []  # (if node, variable, name) of `if fn.__name__ == "main":`
        self.scheme_ifs: list[tuple[Any, _Scope, str, str]] = []  # (if node, scope, tested text, scheme) of `if parts.scheme == "file":`
        # (if node, scope, tested text, prefix, whether the test is negated) of `if url.startswith("postgresql"):`
        self.prefix_ifs: list[tuple[Any, _Scope, str, str, bool]] = []
        self.flag_ifs: list[tuple[Any, _Scope, str]] = []  # (if node, function scope, name) of `if create_file:` on a bare name
        self.value_ifs: list[tuple[Any, _Scope, Any, bool]] = []  # (if node, scope, tested node, body runs when it is set) of `if self.timeout:` ... `else:`
        self.branch_nodes: list[Any] = []  # If / IfExp / Match nodes (see riskscan.frontends._branches)
        self.debug_only_ifs: list[Any] = []  # module-level `if settings.DEBUG:` blocks: their routes are not deployed
        self.test_only_ifs: list[Any] = []  # module-level `if TESTING:` blocks: their bindings are not the settings
        self.compare_recs: list[tuple[Any, _Scope, bool]] = []
        self.assign_recs: list[tuple[str, _Scope, Any, Any, list[Any]]] = []
        # `return f"sqlite:///{path}"`: string literals functions return (checks._db.dialect_of_url)
        self.return_strs: list[tuple[_Scope, Any]] = []
        self.return_dicts: list[tuple[_Scope, Any]] = []  # returned dict literals (see returned_dict)
        self.return_lists: list[tuple[_Scope, Any]] = []  # returned list literals (see returned_route_tables)
        self.return_attrs: list[tuple[_Scope, Any]] = []  # returned attributes, `return self._client` (see property_source)
        self._property_memo: dict[tuple[str, str], tuple[str, _Scope, tuple[int, int]] | None] = {}
        self.error_returns: list[tuple[_Scope, int]] = []  # `return "Obsolete API", 404`: (scope, status)
        self.return_tuples: list[tuple[_Scope, Any]] = []  # returned tuples, `return token, client` (see `return_tuples`)
        self.return_counts: dict[_Scope, int] = {}  # return statements per function
        self.call_index: dict[int, int] = {}
        self._callee_memo: dict[int, str] = {}
        self._aliases: dict[str, str] = {}  # module-level name -> the imported name it aliases ('' = none)
        self.alias_names: list[str] = []  # module-level names record_aliases made imports (`HANDLER = tags.tagged`)
        self.module_scope = _Scope("module", "", None)
        self._mounts: dict[str, str] | None = None
        self._func_by_id: dict[str, tuple[Any, _Scope]] | None = None
        self._handler_methods: dict[str, set[str]] | None = None
        self._method_ids: dict[tuple[str, str], str] | None = None
        self._kin: dict[str, set[str]] = {}
        self._by_pos: dict[int, tuple[list[_Binding], list[tuple[int, int]], list[_Binding]]] = {}  # (see _nearest)
        self._has_param: dict[int, tuple[list[_Binding], int, bool]] = {}  # (see maybe_param)
        # (number of classes, class -> its bases' names, class -> the classes naming it as a base)
        self._lineage: tuple[int, dict[str, set[str]], dict[str, list[str]]] | None = None
        self._typed_attrs: dict[str, tuple[int, dict[str, list[_Binding]]]] = {}
        dirs = path.split("/")[:-1]
        self.pkg_parts = [d for d in dirs if d and d != "."]

    # -- positions / text ---------------------------------------------------

    def start(self, node: Any) -> tuple[int, int]:
        s = self.span(node)
        return (s[0], s[1])

    def pos1(self, node: Any) -> tuple[int, int]:
        """(line, 1-based column) where a node starts, as calls record it."""
        s = self.span(node)
        return (s[0], s[1] + 1)

    def end1(self, node: Any) -> tuple[int, int]:
        """(line, 1-based column) just past a node's end, as calls record it."""
        s = self.span(node)
        return (s[2], s[3] + 1)

    def arm_span(self, node: Any) -> tuple[tuple[int, int], tuple[int, int]] | None:
        return None if node is None else (self.pos1(node), self.end1(node))

    def prefix_if_arms(self) -> list[list[Any]]:
        """``if url.startswith("postgresql"):``: [if line, function id, text whose
        prefix is tested, prefix, first line and column, last line and column of
        the arm where the prefix holds, then of the arm where it does not (the
        ``else``/``elif`` part, or what follows a guard clause: see
        :meth:`arms_of`)], for tests with both arms."""
        out: list[list[Any]] = []
        for n, sc, owner, prefix, negated in self.prefix_ifs:
            arms = self.arms_of(n)
            holds, fails = (arms[1], arms[0]) if negated else (arms[0], arms[1])
            if holds is not None and fails is not None:
                out.append([self.span(n)[0], self.func_id(sc), owner, prefix, *holds[0], *holds[1], *fails[0], *fails[1]])
        return out

    def arms_of(self, node: Any) -> list[Any]:
        """Arm spans of an If / IfExp / Match (see riskscan.frontends._branches).
        An ``if`` with no ``else`` whose body ends in ``return`` or ``raise``
        has the rest of its block as its other arm (a guard clause), and the
        rest of the blocks around it that the exit leaves too (see
        :meth:`exited_block`)."""
        if type(node) is cst.If:
            arms = [self.arm_span(node.body), self.arm_span(node.orelse)]
            if node.orelse is None and _ends_in_exit(node.body):
                parent = self.parents.get(id(node))
                if parent is not None:
                    arms[1] = (self.end1(node), self.end1(self.exited_block(parent)))
            elif type(node.orelse) is cst.If and _guard_chain(node):
                # `if a: ...; return` / `elif b: return` with no `else`: what
                # follows the chain runs only when the first arm did not
                parent = self.parents.get(id(node))
                if parent is not None:
                    arms[1] = (self.pos1(node.orelse), self.end1(self.exited_block(parent)))
            return arms
        if type(node) is cst.IfExp:
            return [self.arm_span(node.body), self.arm_span(node.orelse)]
        if type(node) is cst.ExceptHandler:
            # an `except` arm that returns or raises: what follows the `try`
            # runs only when it did not (see on_try)
            try_node = self.parents.get(id(node))
            block = self.parents.get(id(try_node)) if try_node is not None else None
            return [self.arm_span(node.body), (self.end1(try_node), self.end1(block)) if block is not None else None]
        return [self.arm_span(c) for c in node.cases]

    def exited_block(self, block: Any) -> Any:
        """The outermost block a ``return``/``raise`` in ``block`` leaves
        with nothing else of it run: up through the ``if``/``else``,
        ``with``, loop and ``match`` statements around it to the function's
        body, not past a ``try`` (its handlers or ``finally`` still run).
        What follows the guard clause there runs only when it did not exit
        (calibre-web's TaskConvert: a row merged in a nested guard that
        returns, the conversion after the outer ``if``)."""
        out = block
        node = self.parents.get(id(block))
        for _ in range(50):
            if not isinstance(node, _LEFT_BY_EXIT):
                break
            node = self.parents.get(id(node))
            if isinstance(node, cst.IndentedBlock):
                out = node
                node = self.parents.get(id(node))
        return out

    def _range_span(self, node: Any) -> tuple[int, int, int, int]:
        r = self.pos[node]
        return r.start.line, r.start.column, r.end.line, r.end.column

    def short(self, node: Any, limit: int = 80) -> str:
        l1, c1, l2, c2 = self.span(node)
        a = self.line_starts[l1 - 1] + c1
        b = self.line_starts[l2 - 1] + c2
        if b - a > limit * 4:
            b = a + limit * 4
        return _collapse(self.text[a:b], limit)

    # -- walk ---------------------------------------------------------------

    def run(self) -> FileFacts:
        self.walk()
        self.find_env()
        self.number_funcs()
        self.index_calls()
        self.record_aliases()
        f = self.facts
        f.imports = self.imports
        f.modules = list(dict.fromkeys(self.modules))
        optional = {m for m, guarded in self.import_guards if guarded}
        if optional:
            required = {m for m, guarded in self.import_guards if not guarded}
            only = [m for m in f.modules if m in optional and m not in required]
            if only:
                f.extra["optional_modules"] = only
        f.calls = [self.build_call(node) for node in self.call_nodes]
        self.build_funcs()
        self.build_classes()
        self.build_routes()
        self.build_consts()
        self.build_extras()
        self.build_taint()
        self.build_unnamed_private()
        f.attrs = sorted(self.attr_set)[:MAX_ATTRS]
        return f

    def build_unnamed_private(self) -> None:
        """Module-private functions (``def _name``, at module level, no
        decorator) whose name the module's text spells nowhere but in their
        ``def``: no call, reference, string or comment of this module reaches
        them (askbot's ``_compile_scripts_txt``, a table generator kept beside
        the table).  Whether another module names them is for the checks."""
        names = list(dict.fromkeys(fn.name for fn in self.facts.funcs
                                   if not fn.parent and not fn.cls and fn.name.startswith("_") and not fn.name.startswith("__")
                                   and not fn.decorators))
        if not names:
            return
        # (one pass over the text for all of them)
        counts = Counter(re.findall(r"(?<![\w$])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w$])",
                                    self.text))
        unnamed = [n for n in names if counts[n] == 1]
        if unnamed:
            self.facts.extra["unnamed_private"] = unnamed

    def build_taint(self) -> None:
        """RS701 request -> path flows (:mod:`riskscan.frontends.taint_py`), on the same tree and positions."""
        try:
            from .taint_py import taint_facts
        except ImportError:
            return
        try:
            self.facts.extra["taint"] = taint_facts(self.module, self.text, self.pos)
        except RecursionError:
            raise
        except Exception as exc:  # a taint bug must not cost the file's other facts
            if os.environ.get("RISKSCAN_DEBUG"):
                raise
            self.facts.extra["taint_error"] = f"{type(exc).__name__}: {exc}"[:160]

    def walk(self) -> None:
        handlers: dict[Any, Any] = {
            cst.Import: self.on_import,
            cst.ImportFrom: self.on_import_from,
            cst.FunctionDef: self.on_funcdef,
            cst.Lambda: self.on_lambda,
            cst.ClassDef: self.on_classdef,
            cst.Assign: self.on_assign,
            cst.AnnAssign: self.on_annassign,
            cst.AugAssign: self.on_augassign,
            cst.NamedExpr: self.on_namedexpr,
            cst.With: self.on_with,
            cst.Return: self.on_return,
            cst.Await: self.on_await,
            cst.Call: self.on_call,
            cst.Global: self.on_global,
            cst.Nonlocal: self.on_nonlocal,
            cst.For: self.on_for,
            cst.Try: self.on_try,
            cst.While: self.on_while,
            cst.Yield: self.on_yield,
            cst.Raise: self.on_raise,
            cst.If: self.on_if,
            cst.IfExp: self.on_branch,
            cst.Comparison: self.on_comparison,
            cst.Attribute: self.on_attribute,
            cst.Name: self.on_name,
            cst.List: self.on_list,
            cst.SimpleString: self.on_string,
            cst.FormattedString: self.on_string,
        }
        try_star = getattr(cst, "TryStar", None)
        if try_star is not None:
            handlers[try_star] = self.on_try
        match = getattr(cst, "Match", None)
        if match is not None:
            handlers[match] = self.on_branch
        parents = self.parents
        is_node = _IS_NODE  # type -> isinstance(x, CSTNode) (an ABC: isinstance is slow)
        block = cst.IndentedBlock
        stack: list[tuple[Any, Any, tuple[_Scope, Any], str]] = [(self.module, None, (self.module_scope, None), "")]
        pop = stack.pop
        push = stack.append
        while stack:
            node, parent, ctx, fname = pop()
            parents[id(node)] = parent
            tp = type(node)
            h = handlers.get(tp)
            special = h(node, ctx, parent, fname) if h is not None else None
            if special is _NO_CHILDREN:
                continue
            for fn in reversed(_child_fields(tp)):
                value = getattr(node, fn)
                c = special.get(fn, ctx) if special else ctx
                vt = type(value)
                if tp is block and vt is tuple:
                    value = _live_statements(value)
                if vt is tuple or vt is list:
                    for x in reversed(value):
                        xt = type(x)
                        ok = is_node.get(xt)
                        if ok is None:
                            ok = is_node[xt] = isinstance(x, cst.CSTNode)
                        if ok:
                            push((x, node, c, fn))
                else:
                    ok = is_node.get(vt)
                    if ok is None:
                        ok = is_node[vt] = isinstance(value, cst.CSTNode)
                    if ok:
                        push((value, node, c, fn))

    # -- bindings -----------------------------------------------------------

    def bind(self, key: str, kind: str, value: Any, scope: _Scope, pos: tuple[int, int], fact: Any = None,
             dotted: str = "") -> None:
        if "." not in key:
            if key in scope.globals:
                scope = self.module_scope
            elif key in scope.nonlocals and scope.parent is not None:
                scope = scope.parent.func or self.module_scope
        b = _Binding(key, kind, value, scope, pos, fact, dotted)
        self.bindings.setdefault(key, []).append(b)
        self.scoped.setdefault(key, {}).setdefault(scope, []).append(b)

    def target_key(self, node: Any) -> str | None:
        """'x', 'self.x', 'a.b.c' for Name / Name-rooted attribute targets."""
        parts: list[str] = []
        cur = node
        while type(cur) is cst.Attribute:
            parts.append(cur.attr.value)
            cur = cur.value
        if type(cur) is not cst.Name:
            return None
        parts.append(cur.value)
        return ".".join(reversed(parts))

    def bind_target(self, target: Any, value: Any, scope: _Scope, pos: tuple[int, int]) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            elems = [e.value for e in target.elements]
            vals = None
            if isinstance(value, (cst.Tuple, cst.List)) and len(value.elements) == len(elems) and not any(
                type(e) is cst.StarredElement for e in value.elements
            ):
                vals = [e.value for e in value.elements]
            for i, t in enumerate(elems):
                if isinstance(t, (cst.Tuple, cst.List, cst.Name, cst.Attribute)):
                    self.bind_target(t, vals[i] if vals else None, scope, pos)
            return
        key = self.target_key(target)
        if key is None:
            return
        self.bind(key, "var" if value is not None else "unknown", value, scope, pos)

    def end_of(self, node: Any) -> tuple[int, int]:
        s = self.span(node)
        return (s[2], s[3])

    @staticmethod
    def unwrap_call(node: Any) -> Any:
        """The call whose result a value is: ``make()``, ``await make()``, and
        the fallback of ``given or make()`` (``self.session = session or
        requests.Session()``: what the object holds whenever its caller passes
        nothing, the usual case).  A chain (``a or b or make()``) is not one."""
        if type(node) is cst.BooleanOperation and type(node.operator) is cst.Or and type(node.left) in (cst.Name, cst.Attribute):
            node = node.right
        if type(node) is cst.Await:
            node = node.expression
        return node if type(node) is cst.Call else None

    # -- handlers -----------------------------------------------------------

    def dotted_raw(self, node: Any) -> str:
        parts: list[str] = []
        cur = node
        while type(cur) is cst.Attribute:
            parts.append(cur.attr.value)
            cur = cur.value
        if type(cur) is cst.Name:
            parts.append(cur.value)
            return ".".join(reversed(parts))
        return ""

    def on_import(self, node: Any, ctx: Any, parent: Any, fname: str) -> Any:
        scope = ctx[0]
        pos = self.end_of(node)
        guarded = self.import_guarded(parent)
        fallback = self.fallback_of(parent)
        for alias in node.names:
            full = self.dotted_raw(alias.name)
            if not full:
                continue
            self.modules.append(full)
            self.import_guards.append((full, guarded))
            if alias.asname is not None and type(alias.asname.name) is cst.Name:
                local, dotted = alias.asname.name.value, full
            else:
                local = dotted = full.split(".")[0]
            self.imports.setdefault(local, dotted)
            self.bind(local, "import", None, scope, pos, dotted=dotted)
            if fallback is not None:
                self.fallback_imports[(local, pos)] = fallback
        return _NO_CHILDREN

    def fallback_of(self, parent: Any) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """The span of the ``try:`` body when the import statement under
        ``parent`` sits in a handler of it that catches ImportError: the
        fallback for an interpreter or install that lacks the module
        (``try: import urllib.request as urlrequest`` / ``except ImportError:
        import urllib as urlrequest``)."""
        block = self.parents.get(id(parent)) if type(parent) is cst.SimpleStatementLine else parent
        if type(block) not in (cst.IndentedBlock, cst.SimpleStatementSuite):
            return None
        handler = self.parents.get(id(block))
        if type(handler) is not cst.ExceptHandler or not _catches_import_error(handler, self.short):
            return None
        owner = self.parents.get(id(handler))
        if not isinstance(owner, cst.Try):
            return None
        return self.start(owner.body), self.end_of(owner.body)

    def primary_import(self, b: _Binding) -> str:
        """What a name a fallback import binds (see :meth:`fallback_of`)
        stands for: the module its ``try:`` body imports under that name, the
        one that runs where the module exists (MobSF's Windows setup calls
        ``urlrequest.urlopen(url)``: ``urllib.request.urlopen`` on Python 3,
        not Python 2's ``urllib.urlopen``); '' when the ``try:`` body does not
        import the name."""
        span = self.fallback_imports.get((b.key, b.pos))
        if span is None:
            return ""
        for other in self.scoped.get(b.key, {}).get(b.scope, ()):
            if other.kind == "import" and span[0] <= other.pos <= span[1]:
                return other.dotted
        return ""

    def import_guarded(self, parent: Any) -> bool:
        """Is the import statement under ``parent`` (its statement line or a
        one-line suite) an optional one: right in the body of a ``try:`` whose
        handler catches ImportError (``ModuleNotFoundError``, ``Exception``, a
        bare ``except:``), or in such a handler, the fallback (bottle's
        ``try: from django.utils.simplejson import dumps`` after ``json``)?"""
        block = self.parents.get(id(parent)) if type(parent) is cst.SimpleStatementLine else parent
        if type(block) not in (cst.IndentedBlock, cst.SimpleStatementSuite):
            return False
        owner = self.parents.get(id(block))
        if type(owner) is cst.ExceptHandler:
            return _catches_import_error(owner, self.short)
        if type(owner) is cst.Try and owner.body is block:
            return any(_catches_import_error(h, self.short) for h in owner.handlers)
        return False

    def relative_base(self, level: int, mod: str) -> list[str]:
        parts = self.pkg_parts
        keep = len(parts) - (level - 1)
        base = list(parts[: max(keep, 0)])
        if mod:
            base.extend(mod.split("."))
        return base

    def on_import_from(self, node: Any, ctx: Any, parent: Any, fname: str) -> Any:
        scope = ctx[0]
        pos = self.end_of(node)
        mod = self.dotted_raw(node.module) if node.module is not None else ""
        level = len(node.relative)
        if level:
            parts = self.relative_base(level, mod)
            modpath = "./" + "/".join(parts)
            prefix = modpath + "." if parts else "./"
        else:
            if mod == "__future__":
                return _NO_CHILDREN
            modpath = mod
            prefix = mod + "."
        self.modules.append(modpath)
        self.import_guards.append((modpath, self.import_guarded(parent)))
        if type(node.names) is cst.ImportStar:
            return _NO_CHILDREN
        fallback = self.fallback_of(parent)
        for alias in node.names:
            if type(alias.name) is not cst.Name:
                continue
            name = alias.name.value
            local = alias.asname.name.value if alias.asname is not None and type(alias.asname.name) is cst.Name else name
            dotted = prefix + name
            if level and not mod:  # from . import sub: most likely a submodule ('./pkg/sub')
                dotted = "./" + "/".join(parts + [name])
                self.modules.append(dotted)
            self.imports.setdefault(local, dotted)
            self.bind(local, "import", None, scope, pos, dotted=dotted)
            if fallback is not None:
                self.fallback_imports[(local, pos)] = fallback
        return _NO_CHILDREN

    def params_of(self, params: Any) -> list[Any]:
        out: list[Any] = []
        out.extend(params.posonly_params)
        out.extend(params.params)
        if type(params.star_arg) is cst.Param:
            out.append(params.star_arg)
        out.extend(params.kwonly_params)
        if params.star_kwarg is not None:
            out.append(params.star_kwarg)
        return out

    def annotated_class(self, ann: Any, scope: _Scope) -> Any:
        """The class a parameter annotation names, as a Name/Attribute node, or
        None: ``requests.Session``, ``Optional[Session]``, ``Session | None``
        and the quoted forward reference ``"requests.Session"``."""
        kind = type(ann)
        if kind in (cst.Name, cst.Attribute):
            return ann
        if kind is cst.BinaryOperation and type(ann.operator) is cst.BitOr:
            sides = [x for x in (ann.left, ann.right) if not (type(x) is cst.Name and x.value == "None")]
            return self.annotated_class(sides[0], scope) if len(sides) == 1 else None
        if kind is cst.Subscript and len(ann.slice) == 1 and type(ann.slice[0].slice) is cst.Index:
            if self.resolve_dotted(ann.value, scope, self.start(ann)) in ("typing.Optional", "typing_extensions.Optional"):
                return self.annotated_class(ann.slice[0].slice.value, scope)
            return None
        if kind is cst.SimpleString and _DOTTED_STR.fullmatch(ann.value):
            try:
                return self.annotated_class(cst.parse_expression(ann.value[1:-1]), scope)
            except cst.ParserSyntaxError:
                return None
        return None

    def new_func(self, node: Any, name: str, ctx: Any, is_async: bool) -> _Scope:
        outer: _Scope = ctx[0]
        l1, _c1, l2, _c2 = self.span(node)
        fact = Func(id="", name=name, line=l1, end_line=l2, is_async=is_async)
        fact.cls = outer.name if outer.kind == "class" else ""
        scope = _Scope("func", name, outer, fact)
        params = self.params_of(node.params)
        fact.params = [p.name.value for p in params]
        body_pos = self.start(node)
        for p in params:
            # an annotated parameter (`session: requests.Session`) has the annotation's type
            ann = self.annotated_class(p.annotation.annotation, outer) if p.annotation is not None else None
            typed = self.resolve_dotted(ann, outer, self.start(p)) if ann is not None else ""
            self.bind(p.name.value, "param", None, scope, body_pos, dotted=typed)
        self.funcs.append((fact, node, scope, outer))
        self.func_of_node[id(node)] = fact
        return scope

    def on_funcdef(self, node: Any, ctx: Any, parent: Any, fname: str) -> dict[str, Any]:
        scope = self.new_func(node, node.name.value, ctx, node.asynchronous is not None)
        self.bind(node.name.value, "func", None, ctx[0], self.start(node), fact=scope.fact)
        return {"body": (scope, None)}

    def on_lambda(self, node: Any, ctx: Any, parent: Any, fname: str) -> dict[str, Any]:
        scope = self.new_func(node, "<lambda>", ctx, False)
        return {"body": (scope, None)}

    def on_classdef(self, node: Any, ctx: Any, parent: Any, fname: str) -> dict[str, Any]:
        outer = ctx[0]
        scope = _Scope("class", node.name.value, outer)
        self.classes.append((node, scope, outer))
        self.bind(node.name.value, "class", None, outer, self.start(node))
        return {"body": (scope, None)}

    def _assign_rec(self, target_text: str, scope: _Scope, value: Any, node: Any) -> Any:
        if len(self.assign_recs) >= MAX_ASSIGNS:
            return None
        rec: tuple[str, _Scope, Any, Any, list[str]] = (target_text, scope, value, node, [])
        self.assign_recs.append(rec)
        return rec

    def on_assign(self, node: Any, ctx: Any, parent: Any, fname: str) -> dict[str, Any] | None:
        scope = ctx[0]
        value = node.value
        pos = self.end_of(node)
        for t in node.targets:
            if type(t.target) is cst.Subscript:
                self.note_item_set(t.target, value, scope)
            self.bind_target(t.target, value, scope, pos)
            if scope.kind == "class" and type(t.target) is cst.Name:
                self.bind(f"{scope.name}.{t.target.value}", "var", value, self.module_scope, pos)
        target_text = self.short(node.targets[0].target, 120)
        call = self.unwrap_call(value)
        if call is not None:
            self.assigned.setdefault(id(call), target_text)
            more = [self.short(t.target, 120) for t in node.targets[1:] if type(t.target) in (cst.Name, cst.Attribute)]
            if more:
                self.chained.setdefault(id(call), (call, more))
        rec = self._assign_rec(target_text, scope, value, node)
        return {"value": (scope, rec)} if rec is not None else None

    def on_annassign(self, node: Any, ctx: Any, parent: Any, fname: str) -> dict[str, Any] | None:
        if node.value is None:
            return None
        scope = ctx[0]
        pos = self.end_of(node)
        self.bind_target(node.target, node.value, scope, pos)
        if scope.kind == "class" and type(node.target) is cst.Name:
            self.bind(f"{scope.name}.{node.target.value}", "var", node.value, self.module_scope, pos)
        target_text = self.short(node.target, 120)
        call = self.unwrap_call(node.value)
        if call is not None:
            self.assigned.setdefault(id(call), target_text)
        rec = self._assign_rec(target_text, scope, node.value, node)
        return {"value": (scope, rec)} if rec is not None else None

    def on_augassign(self, node: Any, ctx: Any, parent: Any, fname: str) -> dict[str, Any] | None:
        if type(node.target) is cst.Name:
            if type(node.operator) is cst.BitOrAssign:  # kw |= {...}
                _changes_of(self.mutations, node.target.value).append((ctx[0], self.start(node), None, None, [node.value], node))
            elif type(node.operator) is cst.AddAssign:  # conds += [...]
                _changes_of(self.list_grows, node.target.value).append((ctx[0], self.start(node), "+=", node))
        elif type(node.target) is cst.Subscript:
            self.note_item_set(node.target, None, ctx[0])
        target_text = self.short(node.target, 120)
        call = self.unwrap_call(node.value)
        if call is not None:
            self.assigned.setdefault(id(call), target_text)
        rec = self._assign_rec(target_text, ctx[0], node.value, node)
        return {"value": (ctx[0], rec)} if rec is not None else None

    def on_namedexpr(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        self.bind_target(node.target, node.value, ctx[0], self.end_of(node))
        call = self.unwrap_call(node.value)
        if call is not None:
            self.assigned.setdefault(id(call), self.short(node.target, 120))
        return None

    def on_with(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        scope = ctx[0]
        is_async = node.asynchronous is not None
        for item in node.items:
            call = self.unwrap_call(item.item)
            as_text = ""
            if item.asname is not None:
                target = item.asname.name
                as_text = self.short(target, 120)
                self.bind_target(target, item.item, scope, self.end_of(item))
                if call is not None:
                    self.assigned.setdefault(id(call), as_text)
            # a lock or semaphore held by name (`async with self.semaphore:`)
            item_text = self.short(item.item, 120) if call is None and type(item.item) in (cst.Name, cst.Attribute) else ""
            self.withs.append((node, call, scope, is_async, as_text, item_text))
        return None

    def on_return(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        scope = ctx[0]
        self.return_counts[scope] = self.return_counts.get(scope, 0) + 1
        if node.value is not None:
            call = self.unwrap_call(node.value)
            if call is not None:
                self.assigned.setdefault(id(call), "return")
            elif type(node.value) in _RETURNED_NODES and len(self.return_strs) < MAX_ASSIGNS:
                self.return_strs.append((scope, node.value))
            elif type(node.value) is cst.Dict and len(self.return_dicts) < MAX_ASSIGNS:
                self.return_dicts.append((scope, node.value))
            elif type(node.value) is cst.List and len(self.return_lists) < MAX_ASSIGNS:
                self.return_lists.append((scope, node.value))
            elif type(node.value) is cst.Attribute and len(self.return_attrs) < MAX_ASSIGNS:
                self.return_attrs.append((scope, node.value))
            elif type(node.value) is cst.Tuple and len(self.error_returns) < MAX_ASSIGNS:
                status = _error_status(node.value)
                if status:
                    self.error_returns.append((scope, status))
            if type(node.value) is cst.Tuple and len(self.return_tuples) < MAX_ASSIGNS:
                self.return_tuples.append((scope, node.value))
        return None

    def on_await(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        self.awaited.add(id(node.expression))
        return None

    def on_call(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        self.call_nodes.append(node)
        self.scope_of[id(node)] = ctx[0]
        func = node.func
        if type(func) is cst.Attribute and type(func.value) is cst.Name and func.attr.value in ("update", "setdefault"):
            self.note_dict_call(func.value.value, func.attr.value, node, ctx[0])
        elif type(func) is cst.Attribute and type(func.value) is cst.Name and func.attr.value in ("append", "extend", "insert"):
            _changes_of(self.list_grows, func.value.value).append((ctx[0], self.start(node), func.attr.value, node))
        return None

    def note_item_set(self, target: Any, value: Any, scope: _Scope) -> None:
        """``kw["pool_size"] = 10`` (``value`` None: ``kw["x"] += 1``)."""
        if type(target.value) is not cst.Name:
            return
        key = None
        if len(target.slice) == 1 and type(target.slice[0].slice) is cst.Index:
            k = target.slice[0].slice.value
            if isinstance(k, (cst.SimpleString, cst.ConcatenatedString)):
                kv = self.val(k, scope, 0, 1)
                key = kv.v if kv.k == STR else None
        _changes_of(self.mutations, target.value.value).append((scope, self.start(target), key, value, [], target))

    def note_dict_call(self, name: str, method: str, node: Any, scope: _Scope) -> None:
        """``kw.update({...})`` / ``kw.update(pool_size=10)`` / ``kw.setdefault("k", v)``."""
        pos = self.start(node)
        changes = _changes_of(self.mutations, name)
        if method == "setdefault":
            first = node.args[0].value if node.args and not node.args[0].keyword and not node.args[0].star else None
            kv = self.val(first, scope, 0, 1) if first is not None else None
            value = node.args[1].value if len(node.args) > 1 else None
            changes.append((scope, pos, kv.v if kv is not None and kv.k == STR else None, _SetDefault(value), [], node))
            return
        for a in node.args:
            if a.keyword is not None:
                changes.append((scope, pos, a.keyword.value, a.value, [], node))
            elif a.star:
                changes.append((scope, pos, None, None, [], node))
            else:
                changes.append((scope, pos, None, None, [a.value], node))

    def mutated(self, name: str, v: Val, b: _Binding, until: tuple[int, int], hops: int, depth: int) -> Val:
        """``v`` (the dict literal ``name`` was bound to) with the keys set on it
        in the same scope before ``until``: ``kw["k"] = v``, ``kw.update(...)``,
        ``kw.setdefault(...)``, ``kw |= {...}``.  Keys that cannot be named, and
        merged values that are not dict literals, leave it open (unknown keys).
        A change under a condition (``if``, a loop, ``try``) makes its keys
        present with an unknown value: which branch runs is not known."""
        changes = [m for m in _in_scope(self.mutations, name, b.scope) if b.pos < m[1] < until]
        if not changes:
            return v
        if len(changes) > _MAX_MUTATIONS or name in self.mutating:
            # (too many to follow, or a change that refers to the dict itself)
            return Val(OBJ, keys=dict(v.keys or {}), open=True, line=v.line)
        keys = dict(v.keys or {})
        is_open = v.open
        self.mutating.add(name)
        try:
            for scope, _pos, key, value, sources, stmt in changes:
                is_open = self._apply_change(keys, is_open, scope, key, value, sources, stmt, v.line, hops, depth)
        finally:
            self.mutating.discard(name)
        return Val(OBJ, keys=keys, open=is_open, line=v.line)

    def _apply_change(
        self, keys: dict[str, Val], is_open: bool, scope: _Scope, key: str | None, value: Any, sources: list[Any], stmt: Any, line: int, hops: int, depth: int
    ) -> bool:
        """One change of :meth:`mutated` applied to ``keys``; returns whether the dict is now open."""
        maybe = self.conditional(stmt)
        if sources:
            for src in sources:
                sv = self._change_val(src, scope, hops, depth)
                if sv.k == OBJ and sv.keys is not None:
                    keys.update({k: Val(OTHER, k, line=x.line) for k, x in sv.keys.items()} if maybe else sv.keys)
                    is_open = is_open or sv.open
                else:
                    is_open = True
        elif key is None:
            is_open = True
        elif type(value) is _SetDefault:
            # setdefault: a key already there keeps its value; a new one gets the
            # default, unless unknown keys may already hold it
            if key not in keys:
                keys[key] = self._change_val(value.node, scope, hops, depth) if value.node is not None and not maybe and not is_open else Val(OTHER, key, line=line)
        elif value is None or (maybe and key in keys):
            keys[key] = Val(OTHER, key, line=line)
        else:
            got = self._change_val(value, scope, hops, depth)
            # a branch that adds the key: a dict stays known (the key is either
            # absent or that dict), anything else is opaque
            if maybe:
                got = Val(OBJ, BRANCH, got.keys, got.items, got.open, got.call, got.line) if got.k == OBJ else Val(OTHER, key, line=line)
            keys[key] = got
        return is_open

    def _change_val(self, node: Any, scope: _Scope, hops: int, depth: int) -> Val:
        """The value a change stores, computed once per node (changes that
        refer to other changed dicts would otherwise be evaluated again for
        every use, exponentially in a hostile file)."""
        got = self.change_vals.get(id(node))
        if got is None:
            got = self.change_vals[id(node)] = self.val(node, scope, hops + 1, depth + 1)
        return got

    def conditional(self, node: Any) -> bool:
        """Does ``node`` run only under a condition within its function (or module)?"""
        return self.branch_of(node) is not None

    def branch_of(self, node: Any) -> Any:
        """The block of the innermost condition or loop ``node`` runs under
        within its function (None when it always runs)."""
        parents = self.parents
        prev, cur = node, parents.get(id(node))
        while cur is not None:
            tp = type(cur)
            if tp in _SCOPE_NODES:
                return None
            if tp in _CONDITIONAL_NODES:
                return prev
            prev, cur = cur, parents.get(id(cur))
        return None

    def on_list(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        """Remember a list of ``("/path", Handler)`` tuples (a Tornado route table, see ``tornado_routes``)."""
        for el in node.elements:
            t = el.value
            if type(t) is cst.Tuple and len(t.elements) >= 2 and _literal_path_node(t.elements[0].value):
                self.route_lists.append(node)
                break
        for el in node.elements:
            t = el.value
            if type(t) is cst.Tuple and len(t.elements) == 2 and _named_route_pair(t):
                self.named_route_pairs.append((t, ctx[0]))
        return None

    def on_string(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        """Remember a literal written in StatsD's datagram format (see ``statsd_formats``)."""
        if type(node) is cst.SimpleString:
            text = self.literal_str(node) if "|" in node.value else ""
        else:  # an f-string: its holes stand for the name and the value they fill in
            text = "".join(p.value if type(p) is cst.FormattedStringText else "{}" for p in node.parts)
        if "|" in text and _STATSD_FORMAT.match(text):
            self.statsd_formats.append(self.start(node)[0])
        return None

    def on_global(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        ctx[0].globals.update(n.name.value for n in node.names)
        self.note_outer_names(node)
        return None

    def on_nonlocal(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        ctx[0].nonlocals.update(n.name.value for n in node.names)
        self.note_outer_names(node)
        return None

    def note_outer_names(self, node: Any) -> None:
        """``extra["py_outer_names"]``: the names some function declares
        ``global`` or ``nonlocal``, so that an assignment to one of them in a
        function binds it outside that function (every other name a function
        assigns is its own local)."""
        names = self.facts.extra.setdefault("py_outer_names", [])
        names.extend(n.name.value for n in node.names if n.name.value not in names)

    def on_for(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        self.bind_target(node.target, None, ctx[0], self.start(node))
        if type(node.iter) in (cst.Name, cst.Tuple, cst.List):
            self.table_loop_vars.update(_target_names(node.target))
        if node.asynchronous is not None:
            self.async_fors.append((node, ctx[0]))
        if type(node.iter) in (cst.Name, cst.Attribute):
            self.name_fors.append((node, ctx[0]))
        return None

    def on_try(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        for h in node.handlers:
            self.handlers.append((h, node, ctx[0]))
            if _ends_in_exit(h.body):
                self.branch_nodes.append(h)
            if h.name is not None:
                self.bind_target(h.name.name, None, ctx[0], self.start(h))
        return None

    def on_while(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        self.loops.append((node, ctx[0]))
        return None

    def on_yield(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        if ctx[0].func is not None:
            self.yields.append((node, ctx[0]))
        return None

    def on_raise(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        if type(node.exc) is cst.Call:
            self.raised.append(node.exc)
        return None

    def on_branch(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        self.branch_nodes.append(node)
        return None

    def on_if(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        self.branch_nodes.append(node)
        test = node.test
        if ctx[0] is self.module_scope and _TEST_ONLY.match(self.short(test)):
            self.test_only_ifs.append(node.body)
        if ctx[0] is self.module_scope and _DEBUG_ONLY.match(self.short(test)):
            self.debug_only_ifs.append(node.body)
        if type(test) is cst.Comparison and len(test.comparisons) == 1:
            left, right = test.left, test.comparisons[0].comparator
            names = {self.short(left), self.short(right)}
            if "__name__" in names and ("'__main__'" in names or '"__main__"' in names):
                self.main_guards.append(node)
            guard = self.function_name_test(test)
            if guard is not None:
                self.name_guards.append((node, *guard))
            scheme = self.attribute_equals(test, "scheme") or self.attribute_in(test, "scheme")
            if scheme is not None and scheme[1]:
                self.scheme_ifs.append((node, ctx[0], self.short(scheme[0]), scheme[1].lower()))
        if type(test) is cst.Name and ctx[0].kind == "func":
            self.flag_ifs.append((node, ctx[0], test.value))
        if type(node.orelse) is cst.Else:
            tested = _value_test(test)
            if tested is not None:
                self.value_ifs.append((node, ctx[0], tested[0], tested[1]))
        negated = type(test) is cst.UnaryOperation and type(test.operator) is cst.Not
        prefix = self.prefix_test(test.expression if negated else test)
        if prefix is not None:
            self.prefix_ifs.append((node, ctx[0], self.short(prefix[0]), prefix[1], negated))
        return None

    def prefix_test(self, test: Any) -> tuple[Any, str] | None:
        """``x.startswith("literal")`` as a whole test: the node ``x`` and the
        literal, else None."""
        if type(test) is not cst.Call or type(test.func) is not cst.Attribute or test.func.attr.value != "startswith":
            return None
        if len(test.args) != 1 or test.args[0].keyword is not None or test.args[0].star:
            return None
        literal = self.literal_str(test.args[0].value)
        return (test.func.value, literal) if literal else None

    def off_flag_ifs(self) -> list[list[Any]]:
        """``def f(path, create_file=False): ... if create_file: open(path, "a")``:
        an ``if`` whose test is a parameter of its function that defaults to
        ``False`` or ``None``, so its body runs only for callers that pass it.
        [function id, parameter, the body's start line and column, end line
        and column, in the calls' convention]."""
        out: list[list[Any]] = []
        if not self.flag_ifs:
            return out
        nodes = {id(scope): node for _fact, node, scope, _outer in self.funcs}
        for n, scope, name in self.flag_ifs:
            fnode = nodes.get(id(scope))
            if fnode is None or type(fnode) is not cst.FunctionDef:
                continue
            off = any(p.name.value == name and type(p.default) is cst.Name and p.default.value in ("False", "None")
                      for p in self.params_of(fnode.params))
            # (a parameter the function sets again, `flag = flag or ...`, is no longer the caller's)
            if off and all(b.kind == "param" for b in self.scoped.get(name, {}).get(scope, ())):
                out.append([self.func_id(scope), name, *self.pos1(n.body), *self.end1(n.body)])
        return out

    def param_key_sets(self) -> list[list[str]]:
        """``def add_defaults(params): params["timeout"] = 30``: the keys a
        function sets on a dict its caller hands it (a parameter it does not
        bind again), by ``p[k] = v``, ``p.update(...)``, ``p.setdefault(k, v)``
        or ``p |= {...}``; "*" for keys that cannot be named (``p.update(opts)``).
        [function id, parameter, key]."""
        seen: set[tuple[str, str, str]] = set()
        for name, changes in self.mutations.items():
            for scope, _pos, key, _value, sources, _stmt in changes:
                fid = self.func_id(scope)
                binds = self.scoped.get(name, {}).get(scope, ())
                if not fid or not binds or any(b.kind != "param" for b in binds):
                    continue
                keys: list[str] = [key] if key is not None else []
                for src in sources:
                    v = self.val(src, scope)
                    keys.extend(v.keys or () if v.k == OBJ else ())
                    if v.k != OBJ or v.keys is None or v.open:
                        keys.append("*")
                if key is None and not sources:
                    keys.append("*")
                seen.update((fid, name, k) for k in keys)
        return [list(t) for t in sorted(seen)]

    def timeout_ifs(self) -> list[list[Any]]:
        """``if self.timeout: requests.request(..., timeout=self.timeout)``
        ``else: requests.request(...)``: the arm that runs when the tested
        value is unset, and what its sibling arm calls with that value as
        ``timeout=``. [if line, function id, tested text, first and last line
        of the unset arm, callees given the tested value as ``timeout=``]."""
        out: list[list[Any]] = []
        if not self.value_ifs:
            return out
        # (the calls given a timeout= are few: each if looks only at them)
        given: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for c in self.facts.calls:
            v = c.kwargs.get("timeout")
            if v is not None:
                given.setdefault((c.func, v.v), []).append((c.line, c.callee))
        if not given:
            return out
        funcs = {fid for fid, _ in given}
        for node, scope, tested_node, body_when_set in self.value_ifs:
            fid = self.func_id(scope)
            if fid not in funcs:
                continue
            tested = self.short(tested_node)
            cands = given.get((fid, tested))
            if not cands:
                continue
            set_arm, unset_arm = (node.body, node.orelse) if body_when_set else (node.orelse, node.body)
            first, _, last, _ = self.span(set_arm)
            timed = sorted({callee for line, callee in cands if first <= line <= last})
            if timed:
                out.append([self.span(node)[0], fid, tested, self.span(unset_arm)[0], self.span(unset_arm)[2], timed])
        return out

    def method_picks(self) -> list[list[Any]]:
        """``fn = {"GET": session.get, "POST": session.post}[method]`` and a
        call ``fn(...)`` in the same function: a method picked by key from a
        dict literal whose every value is an attribute (assemblyline-ui's
        ``download_from_url``). [function id, name, line, the values' dotted names]."""
        called = {(c.func, c.callee) for c in self.facts.calls if c.func and not c.method and c.callee.isidentifier()}
        out: list[list[Any]] = []
        if not called:
            return out
        for target, scope, value, node, _refs in self.assign_recs:
            if type(value) is not cst.Subscript or type(value.value) is not cst.Dict:
                continue
            fid = self.func_id(scope)
            if not fid or (fid, target) not in called:
                continue
            picked = [self.dotted_raw(el.value) if type(el) is cst.DictElement and type(el.value) is cst.Attribute else ""
                      for el in value.value.elements]
            if picked and all(picked):
                out.append([fid, target, self.start(node)[0], picked])
        return out

    def none_timeouts(self) -> list[list[str]]:
        """``def download(url, timeout=None): s.get(url, timeout=timeout)``: a
        call given ``timeout=`` a parameter of its function that defaults to
        ``None`` and is not set again there, so the call has no timeout when
        a caller passes none. [function id, parameter]."""
        return self.kept_timeouts(none_only=True)

    def kept_timeouts(self, none_only: bool = False) -> list[list[str]]:
        """A call given ``timeout=`` a parameter of its function that the
        function does not set again (``def _run_http_query(self, method, path,
        timeout=120): ... request(..., timeout=timeout)``): the call waits as
        long as the caller says, None included.  ``none_only``: only a
        parameter that defaults to ``None``. [function id, parameter]."""
        out: list[list[str]] = []
        named = {(c.func, c.kwargs["timeout"].v) for c in self.facts.calls
                 if c.func and "timeout" in c.kwargs and c.kwargs["timeout"].k == IDENT and "." not in c.kwargs["timeout"].v}
        if not named:
            return out
        nodes = {self.func_id(scope): (node, scope) for _fact, node, scope, _outer in self.funcs}
        for fid, name in sorted(named):
            got = nodes.get(fid)
            if got is None or type(got[0]) is not cst.FunctionDef:
                continue
            fnode, scope = got
            kept = any(p.name.value == name and (not none_only or type(p.default) is cst.Name and p.default.value == "None")
                       for p in self.params_of(fnode.params))
            # (a parameter the function sets again, `timeout = timeout or 30`, is no longer the caller's)
            if kept and all(b.kind == "param" for b in self.scoped.get(name, {}).get(scope, ())):
                out.append([fid, name])
        return out

    def attribute_equals(self, test: Any, attr: str) -> tuple[Any, str] | None:
        """``x.attr == "literal"`` (either way round): the node ``x`` and the
        literal ('' when the other side is no string literal), else None."""
        comp = test.comparisons[0]
        if type(comp.operator) is not cst.Equal:
            return None
        for side, other in ((test.left, comp.comparator), (comp.comparator, test.left)):
            if type(side) is cst.Attribute and side.attr.value == attr:
                return side.value, self.literal_str(other)
        return None

    def attribute_in(self, test: Any, attr: str) -> tuple[Any, str] | None:
        """``x.attr in ("file", "data")`` (a tuple, list or set of string
        literals): the node ``x`` and the literals joined by ``|``, else None."""
        comp = test.comparisons[0]
        left, coll = test.left, comp.comparator
        if type(comp.operator) is not cst.In or type(left) is not cst.Attribute or left.attr.value != attr:
            return None
        if type(coll) not in (cst.Tuple, cst.List, cst.Set) or not coll.elements:
            return None
        items = [self.literal_str(e.value) if type(e) is cst.Element else "" for e in coll.elements]
        return (left.value, "|".join(items)) if all(items) else None

    def function_name_test(self, test: Any) -> tuple[str, str] | None:
        """``fn.__name__ == "main"`` (either way round), a test of which
        function a variable holds: the variable and the name, else None."""
        hit = self.attribute_equals(test, "__name__")
        if hit is None or type(hit[0]) is not cst.Name:
            return None
        return (hit[0].value, hit[1]) if hit[1].isidentifier() else None

    def on_comparison(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        if len(self.compare_recs) < MAX_COMPARES and any(isinstance(t.operator, _COMPARE_OPS) for t in node.comparisons):
            self.compare_recs.append((node, ctx[0], self.filters_own_items(node, parent)))
        return None

    def filters_own_items(self, node: Any, parent: Any) -> bool:
        """The comparison is a comprehension's filter on the items it iterates
        (``[op for op in ops if op['path'] == '/status']``, a JSON patch's
        operations): one of its sides is rooted at a name the comprehension's
        ``for`` binds, so it tests an element of a collection."""
        while type(parent) in (cst.BooleanOperation, cst.UnaryOperation):
            parent = self.parents.get(id(parent))
        if type(parent) is not cst.CompIf:
            return False
        bound: set[str] = set()
        cur = self.parents.get(id(parent))
        while type(cur) is cst.CompFor:
            bound.update(_target_names(cur.target))
            cur = self.parents.get(id(cur))
        for side in (node.left, *(t.comparator for t in node.comparisons)):
            while type(side) in (cst.Attribute, cst.Subscript, cst.Call):
                side = side.func if type(side) is cst.Call else side.value
            if type(side) is cst.Name and side.value in bound:
                return True
        return False

    def on_attribute(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        value = node.value
        attr = node.attr.value
        if type(value) is cst.Name:
            self.attr_set.add(f"{value.value}.{attr}")
            if attr in ("environ", "getenv", "environb", "getenvb"):
                self.env_attr_cands.append(node)
        elif type(value) is cst.Attribute:
            self.attr_set.add(f"{value.attr.value}.{attr}")
        if attr in FORM_READS:
            fs = ctx[0].func
            if fs is not None and fs.fact is not None:
                self.form_read_funcs[id(fs.fact)] = fs.fact
        rec = ctx[1]
        if rec is not None and not (fname == "value" and type(parent) is cst.Attribute) and len(rec[4]) < 20:
            rec[4].append(node)
        return None

    _NON_EXPR = frozenset({"attr", "keyword", "name", "module"})

    def on_name(self, node: Any, ctx: Any, parent: Any, fname: str) -> None:
        if fname in self._NON_EXPR:
            return None
        self.name_nodes.append((node, ctx[0]))
        rec = ctx[1]
        if rec is not None and len(rec[4]) < 20 and not (fname == "value" and type(parent) is cst.Attribute):
            rec[4].append(node)
        return None

    # -- environment --------------------------------------------------------

    def find_env(self) -> None:
        imported = {local for local, dotted in self.imports.items() if dotted in _ENV_DOTTED or dotted.startswith("os.environ.")}
        # instances of env helpers (environs.Env(), environ.Env()) and aliases of os.environ
        bound: set[str] = set()
        for key, binds in self.bindings.items():
            if "." in key:
                continue
            for b in binds:
                if b.kind != "var" or b.value is None:
                    continue
                v = b.value
                if type(v) is cst.Call:
                    if self.resolve_dotted(v.func, b.scope, b.pos) in _ENV_FACTORIES:
                        bound.add(key)
                elif type(v) is cst.Attribute:
                    if self.resolve_dotted(v, b.scope, b.pos) in ("os.environ", "os.getenv"):
                        bound.add(key)
        for node in self.env_attr_cands:
            root = node.value.value
            found = self.lookup(root, self.start(node), self.module_scope)
            resolved = found.dotted if found is not None and found.kind == "import" else self.imports.get(root, root)
            if resolved == "os":
                self.mark_env(node)
        for node, scope in self.name_nodes:
            name = node.value
            if name not in imported and name not in bound and name != "environ":
                continue
            hit = self.lookup(name, self.start(node), scope)
            if hit is None:
                ok = name == "environ" or name in imported
            elif hit.kind == "import":
                ok = name in imported
            elif hit.kind == "var":
                ok = name in bound and hit.value is not None and self._is_env_binding(hit)
            else:
                ok = False
            if ok:
                self.mark_env(node)

    def _is_env_binding(self, b: _Binding) -> bool:
        v = b.value
        if type(v) is cst.Call:
            return self.resolve_dotted(v.func, b.scope, b.pos) in _ENV_FACTORIES
        if type(v) is cst.Attribute:
            return self.resolve_dotted(v, b.scope, b.pos) in ("os.environ", "os.getenv")
        return False

    def env_var_name(self, node: Any) -> str:
        parents = self.parents
        parent = parents.get(id(node))
        if type(parent) is cst.Subscript and parent.value is node:
            s = parent.slice
            if s and isinstance(s[0].slice, cst.Index):
                return self.literal_str(s[0].slice.value)
            return ""
        if type(parent) is cst.Attribute and parent.value is node:
            gp = parents.get(id(parent))
            if type(gp) is cst.Call and gp.func is parent and gp.args:
                return self.literal_str(gp.args[0].value)
            if type(gp) is cst.Subscript and gp.value is parent and gp.slice and isinstance(gp.slice[0].slice, cst.Index):
                return self.literal_str(gp.slice[0].slice.value)
            return ""
        if type(parent) is cst.Call and parent.func is node and parent.args:
            return self.literal_str(parent.args[0].value)
        return ""

    def literal_str(self, node: Any) -> str:
        if type(node) is cst.SimpleString:
            return _unescape(node.raw_value, "b" in node.prefix.lower()) if "r" not in node.prefix.lower() else node.raw_value
        return ""

    def mark_env(self, node: Any) -> None:
        name = self.env_var_name(node)
        env = self.env
        parents = self.parents
        cur = node
        while cur is not None and id(cur) not in env:
            env[id(cur)] = name
            cur = parents.get(id(cur))

    # -- lookup -------------------------------------------------------------

    def lookup(self, key: str, pos: tuple[int, int], scope: _Scope) -> _Binding | None:
        by_scope = self.scoped.get(key)
        if not by_scope:
            return None
        s: _Scope | None = scope
        first = True
        while s is not None:
            if s.kind != "class" or first:
                here = by_scope.get(s)
                if here:
                    return self._nearest(here, pos, first)
            first = False
            s = s.parent
        return self._nearest(self.bindings[key], pos, False)

    def _nearest(self, binds: list[_Binding], pos: tuple[int, int], own: bool) -> _Binding:
        """The binding in ``binds`` nearest before ``pos`` (the first of those
        at that position); with none before it, the last (``own``: a use
        before its binding in the same scope, a loop's) or the first one."""
        if len(binds) <= 16:
            return _nearest_by_scan(binds, pos, own)
        # a name bound many times (thousands of ``x = f(x)`` at module level):
        # by bisection in the bindings sorted by position, kept per list
        # (the list is kept with them: its id is not reused while they are)
        got = self._by_pos.get(id(binds))
        if got is None or got[0] is not binds or len(got[2]) != len(binds):
            order = sorted(binds, key=lambda b: b.pos)
            got = self._by_pos[id(binds)] = (binds, [b.pos for b in order], order)
        _binds, keys, order = got
        i = bisect_right(keys, pos)
        at = keys[i - 1] if i else keys[-1] if own else keys[0]
        return order[bisect_left(keys, at)]

    def resolve_name(self, name: str, pos: tuple[int, int], scope: _Scope) -> str:
        b = self.lookup(name, pos, scope)
        if b is None:
            return self.imports.get(name, name)
        if b.kind == "import":
            return self.primary_import(b) or b.dotted
        if b.kind == "var" and b.scope is self.module_scope:
            return self.alias_of(name) or self.optional_import(b) or name
        if b.kind == "var" and type(b.value) is cst.IfExp:
            return self.twin_alias(b) or self.twin_class(b) or name
        return name

    def optional_import(self, b: _Binding) -> str:
        """What a name set to ``None`` when its optional import fails stands
        for: ``try: from pymisp import PyMISP`` / ``except ImportError:
        PyMISP = None`` (intelmq's MISP bots), then ``PyMISP(url, key)`` after
        an ``if PyMISP is None: raise``: the call only runs with the import, so
        it is ``pymisp.PyMISP``.  '' when the binding is anything else: a value
        other than ``None`` (a stub class), an assignment outside a handler
        catching ImportError, or a name that ``try:`` does not import."""
        if type(b.value) is not cst.Name or b.value.value != "None":
            return ""
        stmt = self.parents.get(id(self.parents.get(id(b.value))))
        # (`except ImportError:` with the assignment on its own line, or on the handler's line)
        block = self.parents.get(id(stmt)) if type(stmt) is cst.SimpleStatementLine else stmt
        handler = self.parents.get(id(block))
        if type(block) not in (cst.IndentedBlock, cst.SimpleStatementSuite) or type(handler) is not cst.ExceptHandler:
            return ""
        owner = self.parents.get(id(handler))
        if not isinstance(owner, cst.Try) or not _catches_import_error(handler, self.short):
            return ""
        first, last = self.start(owner.body), self.end_of(owner.body)
        for other in self.scoped.get(b.key, {}).get(b.scope, ()):
            if other.kind == "import" and first <= other.pos <= last:
                return other.dotted
        return ""

    def twin_alias(self, b: _Binding) -> str:
        """What a name bound to a choice between two imported names of one
        library stands for (``server_class = AsyncServer if make_async else
        socketio.Server``: a library's async and sync twins, used alike): the
        first; '' when an arm is no name imported from that library."""
        return self.twin_choice(b.value, b.pos, b.scope)

    def twin_choice(self, node: Any, pos: tuple[int, int], scope: _Scope) -> str:
        """What a conditional expression choosing between imported names of
        one library stands for, its arms nested or not (``requests.post if
        method == "POST" else (requests.put if method == "PUT" else
        requests.get)``: apprise's Matrix and Office 365 fetch functions): the
        first arm; '' when an arm is anything else or the arms come from two
        libraries."""
        arms: list[str] = []
        for v in _choice_arms(node):
            if self.imported_root(v, pos, scope) is None:
                return ""
            arms.append(self.resolve_dotted(v, scope, pos))
        roots = {a.split(".", 1)[0] for a in arms}
        return arms[0] if arms and len(roots) == 1 else ""

    def twin_class(self, b: _Binding) -> str:
        """What a name bound to a choice between two classes of this module,
        one extending the other, stands for (radicale's ``server_class =
        ParallelHTTPSServer if use_ssl else ParallelHTTPServer``, the TLS
        server a subclass of the plain one): the first; '' for anything else
        (a library's class against a project class, two unrelated classes)."""
        arms: list[str] = []
        for v in (b.value.body, b.value.orelse):
            hit = self.lookup(v.value, b.pos, b.scope) if type(v) is cst.Name else None
            if hit is None or hit.kind != "class" or hit.scope is not self.module_scope:
                return ""
            arms.append(v.value)
        first, other = arms
        for node, _scope, outer in self.classes:
            if outer is self.module_scope and node.name.value in arms:
                bases = {a.value.value for a in node.bases if type(a.value) is cst.Name}
                if (other if node.name.value == first else first) in bases:
                    return first
        return ""

    def imported_root(self, value: Any, pos: tuple[int, int], scope: _Scope) -> _Binding | None:
        """The import a name or attribute chain starts from (``socketio`` for
        ``socketio.Server``, ``requests`` for ``requests.get``), as bound at
        ``pos``; None for anything else, or a relative import."""
        root = value
        while type(root) is cst.Attribute:
            root = root.value
        if type(root) is not cst.Name:
            return None
        hit = self.lookup(root.value, pos, scope)
        if hit is None or hit.kind != "import" or hit.dotted.startswith("."):
            return None
        return hit

    def alias_of(self, name: str, depth: int = 0) -> str:
        """What a module-level alias of an imported name stands for:
        ``task = shared_task`` after ``from celery import shared_task`` is
        ``celery.shared_task``; '' when ``name`` is no such alias (bound more
        than once at module level, or to anything but a name or attribute
        chain that resolves through an import)."""
        memo = self._aliases.get(name)
        if memo is not None:
            return memo
        self._aliases[name] = ""  # (a cycle of aliases resolves to nothing)
        got = ""
        binds = self.scoped.get(name, {}).get(self.module_scope, ())
        if len(binds) > 1:
            binds = self.default_of_plugin(binds)
        if len(binds) > 1:
            binds = self.python3_binds(binds)
        if len(binds) == 1 and depth < 4:
            b = binds[0]
            v = b.value
            if b.kind == "var" and type(v) in (cst.Name, cst.Attribute):
                root = v
                while type(root) is cst.Attribute:
                    root = root.value
                if type(root) is cst.Name:
                    hit = self.lookup(root.value, b.pos, self.module_scope)
                    if hit is not None and (hit.kind == "import" or (hit.kind == "var" and hit is not b and self.alias_of(root.value, depth + 1))):
                        got = self.resolve_dotted(v, self.module_scope, b.pos)
        self._aliases[name] = got
        return got

    def default_of_plugin(self, binds: list[_Binding]) -> list[_Binding]:
        """The bindings of a module-level name left once the conditional
        loads of a plug-in class are set aside (amundsen's ``if APP_WRAPPER:
        app_wrapper_class = getattr(importlib.import_module(mod), cls)
        else: app_wrapper_class = Flask``): a ``getattr``/``import_module``/
        ``import_string`` call that runs only under a condition is an
        override of unknown type, and the name stands for its one statically
        known default.  All of ``binds`` when a load always runs (it replaces
        the default) or nothing is such a load."""
        kept = [b for b in binds if not (b.kind == "var" and type(b.value) is cst.Call
                                         and self.resolve_dotted(b.value.func, self.module_scope, b.pos) in _PLUGIN_LOADERS)]
        if len(kept) == len(binds) or any(self.branch_of(b.value) is None for b in binds if b not in kept):
            return binds
        return kept

    def python3_binds(self, binds: list[_Binding]) -> list[_Binding]:
        """The bindings of a module-level name left once those that only run
        on Python 2 are set aside: the ones in the arm of an interpreter
        version test that Python 3 does not take (anvil-app-server's launcher:
        ``if sys.version_info < (3,0,0): _urlretrieve = urllib.urlretrieve``
        / ``else: _urlretrieve = urllib.request.urlretrieve``, then
        ``_urlretrieve(url, path)``).  All of ``binds`` when none or every one
        is set aside."""
        kept = [b for b in binds if b.value is None or not self.python2_only(b.value)]
        return kept if kept and len(kept) < len(binds) else binds

    def python2_only(self, node: Any) -> bool:
        """Does ``node`` run under an ``if`` arm that no Python 3 takes (see
        :meth:`on_python3`)?"""
        prev, cur = node, self.parents.get(id(node))
        while cur is not None and type(cur) not in _SCOPE_NODES:
            if type(cur) is cst.If and prev is not cur.test:
                on3 = self.on_python3(cur.test)
                if on3 is not None and on3 != (prev is cur.body):
                    return True
            prev, cur = cur, self.parents.get(id(cur))
        return False

    def on_python3(self, test: Any) -> bool | None:
        """What an interpreter version test is on every Python 3:
        ``sys.version_info`` compared with a tuple of integers
        (``sys.version_info < (3, 0, 0)``, ``>= (3,)``), its major version
        compared with an integer (``sys.version_info[0] == 2``,
        ``sys.version_info.major >= 3``), ``six.PY2``/``six.PY3``, or ``not``
        one of them; None for any other test, and for one that depends on the
        minor version (``sys.version_info >= (3, 8)``)."""
        if type(test) is cst.UnaryOperation and type(test.operator) is cst.Not:
            got = self.on_python3(test.expression)
            return None if got is None else not got
        if type(test) in (cst.Name, cst.Attribute):
            return {"six.PY2": False, "six.PY3": True}.get(self.resolve_dotted(test, self.module_scope, self.start(test)))
        if type(test) is not cst.Comparison or len(test.comparisons) != 1:
            return None
        op = _VERSION_OPS.get(type(test.comparisons[0].operator))
        left, right = test.left, test.comparisons[0].comparator
        if op is None:
            return None
        if type(left) is cst.Subscript and len(left.slice) == 1 and type(left.slice[0].slice) is cst.Index:
            index = left.slice[0].slice.value
            major = type(index) is cst.Integer and index.evaluated_value == 0 and self.is_version_info(left.value)
        else:
            major = type(left) is cst.Attribute and left.attr.value == "major" and self.is_version_info(left.value)
        if major:
            return op(3, right.evaluated_value) if type(right) is cst.Integer else None
        if not self.is_version_info(left) or type(right) is not cst.Tuple or not right.elements:
            return None
        ints = [e.value for e in right.elements if type(e) is cst.Element and type(e.value) is cst.Integer]
        if len(ints) != len(right.elements):
            return None
        want = tuple(v.evaluated_value for v in ints if isinstance(v, cst.Integer))
        first, last = op((3, 0, 0), want), op((3, 1 << 16, 0), want)
        return first if first == last else None

    def is_version_info(self, node: Any) -> bool:
        return type(node) in (cst.Name, cst.Attribute) and self.resolve_dotted(node, self.module_scope, self.start(node)) == "sys.version_info"

    def record_aliases(self) -> None:
        """Module-level aliases of imported names are imports too, for the
        modules that import them (``from .celery import task``)."""
        for name, by_scope in self.scoped.items():
            binds = by_scope.get(self.module_scope)
            if binds and all(b.kind == "var" for b in binds) and "." not in name:
                dotted = self.alias_of(name)
                if dotted and name not in self.imports:
                    self.imports[name] = dotted
                    self.alias_names.append(name)

    def resolve_dotted(self, node: Any, scope: _Scope, pos: tuple[int, int] | None = None) -> str:
        """Import-resolved dotted name of an expression (calls as '()', subscripts as '[]')."""
        parts: list[str] = []
        cur = node
        while True:
            if type(cur) is cst.Attribute:
                parts.append("." + cur.attr.value)
                cur = cur.value
            elif type(cur) is cst.Call:
                parts.append("()")
                cur = cur.func
            elif type(cur) is cst.Subscript:
                parts.append("[]")
                cur = cur.value
            elif type(cur) is cst.Await:
                cur = cur.expression
            elif type(cur) is cst.Name:
                at = pos if pos is not None else self.start(cur)
                base = self.resolve_name(cur.value, at, scope)
                if parts and base == cur.value and base not in ("self", "cls"):
                    # `client = keystone_client_v3`, then `client.Client(...)`
                    base = self.local_import_alias(base, at, scope) or base
                break
            else:
                base = self.short(cur, 80)
                break
        parts.reverse()
        return base + "".join(parts)

    def callee_of(self, call: Any) -> str:
        key = id(call)
        memo = self._callee_memo.get(key)
        if memo is None:
            scope = self.scope_of.get(key, self.module_scope)
            if type(call.func) is cst.IfExp:
                # `(requests.put if attachment else requests.delete)(url, ...)`: the call
                # is one of the arms, whichever the condition picks
                memo = self.twin_choice(call.func, self.start(call), scope) or self.short(call.func, 80)
            else:
                memo = self.resolve_dotted(call.func, scope, self.start(call))
            if type(call.func) is cst.Subscript:
                memo = self.table_entry_class(call.func, scope, self.start(call)) or memo
            elif type(call.func) is cst.Name and memo == call.func.value:
                memo = self.local_import_alias(call.func.value, self.start(call), scope, called=True) or memo
            elif type(call.func) is cst.Attribute and memo.startswith(("self.", "cls.")) and memo.count(".") == 1:
                memo = self.member_import_alias(call.func, scope) or memo
            self._callee_memo[key] = memo
        return memo

    def local_import_alias(self, name: str, pos: tuple[int, int], scope: _Scope, called: bool = False) -> str:
        """What a function's local name for an imported function or module
        stands for, when the name is called (``request_function =
        requests.get``, on other branches ``requests.post`` or
        ``requests.delete``, then ``request_function(url, json=...)``:
        vantage6's algorithm store client) or an attribute of it is used
        (``client = keystone_client_v3``, then ``client.Client(...)``:
        horizon's admin password check): the binding the use sees; '' when any
        binding of the name in that function is anything but a name or
        attribute chain through an import, when the bindings come from two
        libraries, or when it names a class (``ServerClass = HTTPServer``: a
        constructor, not a function or a module) other than a database pool's
        (``Pool = NullConnectionPool`` on one branch, ``Pool = ConnectionPool``
        on the other, then ``Pool(conninfo, max_size=maxconn)``: trytond's
        psycopg_pool pool, judged as the pool the call sees) or smtplib's
        (``socket_func = smtplib.SMTP``, ``smtplib.SMTP_SSL`` under an ``if``,
        then ``socket_func(host, port, ...)``: apprise's SMTP controller,
        judged as the connection the call sees).  When the name is called
        (``called``), a binding to ``functools.partial(fn, ...)`` stands for
        ``fn`` (electrumx's ``serve = serve_ws`` on one branch, ``serve =
        partial(serve_rs, transport=PaddedRSTransport)`` on another, then
        ``await serve(session_factory, host, port, ssl=sslc)``); the call
        then carries the arguments the partial binds (:meth:`partial_bound`).
        A binding to ``None`` is passed over: calling the name, or using an
        attribute of it, never reaches that value (eduMFA's federation handler:
        ``requestor = None``, then ``requests.get``, ``requests.post`` or
        ``requests.delete`` by the method, then ``if requestor:
        requestor(url, ...)``); the use then sees the nearest other binding."""
        b = self.lookup(name, pos, scope)
        if b is None or b.kind != "var" or b.scope.kind != "func":
            return ""
        binds = [o for o in self.scoped.get(name, {}).get(b.scope, ()) if not (o.kind == "var" and _is_none(o.value))]
        if not binds:
            return ""
        if _is_none(b.value):
            b = self._nearest(binds, pos, True)
        tops: set[str] = set()
        for other in binds:
            value = (self.partial_func(other.value, other.scope, other.pos) if called else None) or other.value
            hit = self.imported_root(value, other.pos, other.scope) if other.kind == "var" else None
            if hit is None:
                return ""
            tops.add(hit.dotted.split(".", 1)[0])
        value = (self.partial_func(b.value, b.scope, b.pos) if called else None) or b.value
        got = self.resolve_dotted(value, b.scope, b.pos) if len(tops) == 1 else ""
        last = got.rpartition(".")[2]
        return got if last[:1].islower() or last in POOL_CTOR_TAILS or got in _SMTP_CLASSES else ""

    def table_entry_class(self, node: Any, scope: _Scope, pos: tuple[int, int]) -> str:
        """What an entry of a dict literal of connection classes stands for
        when it is called (django-helpdesk's ``mail_defaults = {"pop3": {"ssl":
        {"port": 995, "init": poplib.POP3_SSL}, ...}, "imap": ...}``, then
        ``mail_defaults[box_type][encryption]["init"](host, port)``): the
        first class the subscripts can select (a literal key selects its
        entry, any other key every entry), when all of them are imported
        classes of one family (smtplib's, or imaplib/poplib/ftplib's).  '' for
        anything else: a name bound more than once or changed by item
        assignment or ``update()``, a ``**`` entry, a value that is not such a
        class.  A function beside the tables (``"sync": pop3_sync``) is passed
        over: no key selects inside it."""
        keys: list[Any] = []
        cur = node
        while type(cur) is cst.Subscript:
            if len(cur.slice) != 1 or type(cur.slice[0].slice) is not cst.Index:
                return ""
            keys.append(cur.slice[0].slice.value)
            cur = cur.value
        if type(cur) is not cst.Name:
            return ""
        b = self.lookup(cur.value, pos, scope)
        if b is None or b.kind != "var" or type(b.value) is not cst.Dict \
                or len(self.scoped.get(cur.value, {}).get(b.scope, ())) != 1 or cur.value in self.mutations:
            return ""
        level: list[Any] = [b.value]
        for k in reversed(keys):
            want = self.literal_str(k) if type(k) is cst.SimpleString else None
            picked: list[Any] = []
            for table in level:
                if self.is_function(table, b.pos, b.scope):
                    continue  # (`"sync": pop3_sync` beside the tables: no key selects inside a function)
                if type(table) is not cst.Dict:
                    return ""
                for el in table.elements:
                    if type(el) is not cst.DictElement:
                        return ""  # (`**other`: entries not seen here)
                    if want is None or type(el.key) is not cst.SimpleString or self.literal_str(el.key) == want:
                        picked.append(el.value)
            level = picked
        if not level or len(level) > _MAX_TABLE_ENTRIES:
            return ""
        names: list[str] = []
        for v in level:
            if self.imported_root(v, b.pos, b.scope) is None:
                return ""
            names.append(self.resolve_dotted(v, b.scope, b.pos))
        return names[0] if any(set(names) <= family for family in _CONNECTION_FAMILIES) else ""

    def is_function(self, node: Any, pos: tuple[int, int], scope: _Scope) -> bool:
        """A lambda, or a name bound to a function defined in this module."""
        if type(node) is cst.Lambda:
            return True
        hit = self.lookup(node.value, pos, scope) if type(node) is cst.Name else None
        return hit is not None and hit.kind == "func"

    def partial_func(self, node: Any, scope: _Scope, pos: tuple[int, int]) -> Any:
        """The function ``functools.partial(fn, ...)`` binds (its first
        positional argument, the node); None for anything else."""
        if type(node) is not cst.Call or not node.args or node.args[0].keyword is not None or node.args[0].star:
            return None
        if self.resolve_dotted(node.func, scope, pos) != "functools.partial":
            return None
        return node.args[0].value

    def partial_bound(self, call: Any, scope: _Scope) -> Any:
        """The ``functools.partial(...)`` call a called local name is bound to
        where it is called (``serve = partial(serve_rs, transport=T)``, then
        ``serve(factory, host, port)``), when :meth:`local_import_alias`
        resolved the name through it; None otherwise."""
        if type(call.func) is not cst.Name:
            return None
        b = self.lookup(call.func.value, self.start(call), scope)
        if b is None or b.kind != "var" or self.partial_func(b.value, b.scope, b.pos) is None:
            return None
        return b.value if self.callee_of(call) != call.func.value else None

    def member_import_alias(self, node: Any, scope: _Scope) -> str:
        """What a member called on ``self`` stands for when its class only ever
        gives it imported names of one library (intelmq's templated SMTP
        output: ``self.smtp_class = smtplib.SMTP_SSL`` in ``init()``, else
        ``smtplib.SMTP``, then ``self.smtp_class(host, port, **kwargs)`` in
        ``process()``): the first such name, under the same limits as
        :meth:`local_import_alias` (a function, a database pool's class, or a
        connection class of smtplib, imaplib, poplib or ftplib).  A value
        choosing between such names (``self.__ftp = FTP_TLS if tls else FTP``,
        then ``with self.__ftp() as ftp``: thingsboard-gateway's FTP
        connector) gives each of its arms.  '' when the class also gives it
        anything else (a call's result, a parameter, a project name),
        declares it in its body, or never sets it."""
        owner = node.value.value
        cls = scope.cls
        if not cls:
            return ""
        attr = node.attr.value
        if any(b.cls == cls for b in self.bindings.get(attr, ()) if b.scope.kind == "class"):
            return ""  # a class attribute of that name: what the member holds until set
        tops: set[str] = set()
        got = ""
        for b in self.bindings.get(f"{owner}.{attr}", ()):
            if b.cls != cls:
                continue
            arms = (_choice_arms(b.value) if type(b.value) is cst.IfExp else [b.value]) if b.kind == "var" else []
            for arm in arms or [None]:
                hit = self.imported_root(arm, b.pos, b.scope) if arm is not None else None
                if hit is None:
                    return ""
                tops.add(hit.dotted.split(".", 1)[0])
                got = got or self.resolve_dotted(arm, b.scope, b.pos)
        if len(tops) != 1:
            return ""
        last = got.rpartition(".")[2]
        return got if last[:1].islower() or last in POOL_CTOR_TAILS or got in _CONNECTION_CLASSES else ""

    # -- funcs / calls ------------------------------------------------------

    def number_funcs(self) -> None:
        self.funcs.sort(key=lambda t: self.start(t[1]))
        seen: dict[str, int] = {}
        for fact, _node, _scope, _outer in self.funcs:
            base = f"{fact.name}@{fact.line}"
            n = seen.get(base, 0) + 1
            seen[base] = n
            fact.id = base if n == 1 else f"{base}#{n}"
        for fact, _node, _scope, outer in self.funcs:
            fs = outer.func
            fact.parent = fs.fact.id if fs is not None and fs.fact is not None else ""

    def func_id(self, scope: _Scope) -> str:
        fs = scope.func
        return fs.fact.id if fs is not None and fs.fact is not None else ""

    def index_calls(self) -> None:
        spans = {id(n): self.span(n) for n in self.call_nodes}
        self.call_nodes.sort(key=lambda n: (spans[id(n)][0], spans[id(n)][1], -spans[id(n)][2], -spans[id(n)][3]))
        self.call_index = {id(n): i for i, n in enumerate(self.call_nodes)}

    def first_line_text(self, node: Any) -> str:
        l1, c1, l2, c2 = self.span(node)
        a = self.line_starts[l1 - 1] + c1
        if l2 == l1:
            b = self.line_starts[l1 - 1] + c2
        else:
            b = self.line_starts[l1] - 1 if l1 < len(self.line_starts) else len(self.text)
        s = self.text[a:b].strip()
        return s[:160]

    def recv_type(self, recv: Any, scope: _Scope, pos: tuple[int, int]) -> str:
        if type(recv) is cst.BooleanOperation:
            return self.fallback_module(recv, scope, pos)
        text = self.dotted_raw(recv)
        if not text:
            return ""
        segs = text.split(".")
        keys = [text]
        if segs[0] in ("self", "cls") and len(segs) > 2:
            keys.append(".".join(segs[:2]))
        elif len(segs) > 1 and segs[0] not in ("self", "cls"):
            keys.append(segs[0])
        for key in keys:
            t = self.type_of(key, scope, pos, 1)
            if t:
                return t
        return ""

    def type_of(self, key: str, scope: _Scope, pos: tuple[int, int], alias: int) -> str:
        cands = self.bindings.get(key)
        if not cands:
            got = self.property_source(key, scope) if alias > 0 else None
            return self.type_of(got[0], got[1], got[2], alias - 1) if got is not None else ""
        order: Iterable[_Binding]
        if key.startswith(("self.", "cls.")):
            typed = self.typed_attr_bindings(key, cands)
            same = typed.get(scope.cls, [])
            # then its lineage's (a base's `self.session = requests.Session()`), not another class's attribute of that name
            kin = self.class_kin(scope.cls) if scope.cls else None
            others = [b for c, binds in typed.items() if c != scope.cls for b in binds] if kin is None else \
                [b for c in kin if c != scope.cls for b in typed.get(c, ())]
            by_pos = sorted(same, key=lambda b: b.pos) + sorted(others, key=lambda b: b.pos)
            # calls first, then aliases
            order = [b for b in by_pos if self.unwrap_call(b.value) is not None] + [b for b in by_pos if self.unwrap_call(b.value) is None]
        else:
            b0 = self.lookup(key, pos, scope)
            if b0 is None or b0.kind in ("import", "func", "class"):
                return ""
            if b0.kind == "param":
                return b0.dotted if "." in b0.dotted else ""
            # the name's other bindings in the same scope (`s = None`, then `s = requests.Session()`), not
            # another function's local of the same name; looked for only when the nearest one says nothing
            # (a module global set in every function: thousands of bindings in one scope)
            order = self._then_scope_calls(key, b0)
        for b in order:
            if b.kind != "var" or b.value is None:
                continue
            call = self.unwrap_call(b.value)
            if call is not None:
                return self.attribute_function(call, b.scope) or self.callee_of(call)
            fallback = self.module_fallback(b) or (self.held_module(b) if key.startswith(("self.", "cls.")) else "")
            if fallback:
                return fallback
            if alias > 0 and isinstance(b.value, (cst.Name, cst.Attribute)):
                k2 = self.dotted_raw(b.value)
                if k2 and k2 != key:
                    t = self.type_of(k2, b.scope, b.pos, alias - 1)
                    if t:
                        return t
        return ""

    def _then_scope_calls(self, key: str, b0: _Binding) -> Iterator[_Binding]:
        """``b0``, then the other bindings of ``key`` in its scope to a call, by position."""
        yield b0
        yield from sorted((b for b in self.scoped[key].get(b0.scope, ()) if b is not b0 and b.kind == "var" and self.unwrap_call(b.value) is not None),
                          key=lambda b: b.pos)

    def typed_attr_bindings(self, key: str, cands: list[_Binding]) -> dict[str, list[_Binding]]:
        """Class name -> the bindings of ``self.x``/``cls.x`` (``key``) that can
        tell its type (a call, a name or attribute, a module fallback), in
        the classes that make them; computed once per key, not once per use
        (thousands of classes each setting ``self.a`` made that quadratic)."""
        got = self._typed_attrs.get(key)
        if got is None or got[0] != len(cands):
            by_cls: dict[str, list[_Binding]] = {}
            for b in cands:
                if b.kind == "var" and (self.unwrap_call(b.value) is not None or isinstance(b.value, (cst.Name, cst.Attribute))
                                        or self.module_fallback(b)):
                    by_cls.setdefault(b.cls, []).append(b)
            got = self._typed_attrs[key] = (len(cands), by_cls)
        return got[1]

    def module_fallback(self, b: _Binding) -> str:
        """The module a name falls back to when what it is given first is
        unset: ``http = self.session or requests`` (gpt-researcher's PDF
        scraper) calls ``requests.get`` itself whenever no session was passed
        in; '' for anything else (a chain, a class or function imported by
        name, a module imported under another name)."""
        return self.fallback_module(b.value, b.scope, b.pos) if b.kind == "var" else ""

    def held_module(self, b: _Binding) -> str:
        """The module an attribute is given itself, imported under its own name
        where it is bound (metaflow's LazyOpen: ``import requests`` then
        ``self.requests = requests`` in a method, then
        ``self.requests.get(self.url, stream=True)``); '' for anything else (a
        name imported from a module, a module imported under another name)."""
        if b.kind != "var" or type(b.value) is not cst.Name:
            return ""
        got = self.lookup(b.value.value, b.pos, b.scope)
        return got.dotted if got is not None and got.kind == "import" and got.dotted == b.value.value else ""

    def fallback_module(self, v: Any, scope: _Scope, pos: tuple[int, int]) -> str:
        """The module ``<name or attribute> or <module>`` falls back to (read
        where it is bound, or at once: ``(session or requests).get(url)``)."""
        if type(v) is not cst.BooleanOperation or type(v.operator) is not cst.Or:
            return ""
        if type(v.left) not in (cst.Name, cst.Attribute) or type(v.right) is not cst.Name:
            return ""
        got = self.lookup(v.right.value, pos, scope)
        return got.dotted if got is not None and got.kind == "import" and got.dotted == v.right.value else ""

    def attribute_function(self, call: Any, scope: _Scope) -> str:
        """The function a call of an instance attribute runs, when every
        binding of the attribute in the class binds one function name
        (supervisor's XML-RPC transport: ``def get_connection(host=host,
        port=port): return httplib.HTTPConnection(host, port)`` and
        ``self._get_connection = get_connection`` in ``__init__``, then
        ``self.connection = self._get_connection()``): that name, as a
        function of the file; '' for anything else (a method of that name,
        an attribute bound to a call's result, a lambda, two names)."""
        func = call.func
        if type(func) is not cst.Attribute or type(func.value) is not cst.Name or func.value.value != "self" or not scope.cls:
            return ""
        attr = func.attr.value
        if any(fact.name == attr and fact.cls == scope.cls for fact, _n, _s, _o in self.funcs):
            return ""
        names: set[str] = set()
        for b in self.bindings.get("self." + attr, ()):
            if b.cls != scope.cls:
                continue
            hit = self.lookup(b.value.value, b.pos, b.scope) if b.kind == "var" and type(b.value) is cst.Name else None
            if hit is None or hit.kind != "func":
                return ""
            names.add(b.value.value)
        return names.pop() if len(names) == 1 else ""

    def property_source(self, key: str, scope: _Scope) -> tuple[str, _Scope, tuple[int, int]] | None:
        """``self.core_v1`` read through a property of the class (or its kin)
        whose every return gives the same attribute of ``self`` (``return
        self._core_v1`` after building it on first use: a lazily made client):
        that attribute's key, the property's scope and the return's position."""
        segs = key.split(".")
        if len(segs) != 2 or segs[0] != "self" or not scope.cls or not self.return_attrs:
            return None
        mk = (key, scope.cls)
        if mk not in self._property_memo:
            self._property_memo[mk] = self._property_source(segs[1], scope.cls, key)
        return self._property_memo[mk]

    def _property_source(self, name: str, cls: str, key: str) -> tuple[str, _Scope, tuple[int, int]] | None:
        kin = self.class_kin(cls) | {cls}
        got: dict[_Scope, list[Any]] = {}
        for sc, value in self.return_attrs:
            fact = sc.fact
            if fact is not None and fact.name == name and fact.cls in kin:
                got.setdefault(sc, []).append(value)
        for sc, values in got.items():
            node = next((n for f, n, fsc, _o in self.funcs if fsc is sc), None)
            if node is None or self.return_counts.get(sc) != len(values):
                continue
            if not any(self.dotted_raw(d.decorator).rsplit(".", 1)[-1] in _PROPERTY_DECORATORS for d in node.decorators):
                continue
            targets = {self.dotted_raw(v) for v in values}
            if len(targets) == 1:
                target = targets.pop()
                if target.startswith("self.") and target != key:
                    return target, sc, self.start(values[-1])
        return None

    def build_call(self, node: Any) -> Call:
        scope = self.scope_of.get(id(node), self.module_scope)
        pos = self.start(node)
        func = node.func
        callee = self.callee_of(node)
        method = recv = recv_type = ""
        if type(func) is cst.Attribute:
            method = func.attr.value
            # a string literal being formatted is kept whole, up to _FORMAT_LIMIT: it is the text
            # (an UPDATE statement whose history limit is filled in, alerta's set_alert), not a name
            literal = method == "format" and type(func.value) in (cst.SimpleString, cst.ConcatenatedString)
            recv = self.short(func.value, _FORMAT_LIMIT if literal else 200)
            recv_type = self.recv_type(func.value, scope, pos)
        args, kwargs = self.call_args(node, scope)
        bound = self.partial_bound(node, scope)
        if bound is not None:
            # what the partial binds comes first: its positional arguments (after the function), its keywords
            # (which the call's own override)
            pargs, pkwargs = self.call_args(bound, self.scope_of.get(id(bound), scope))
            args, kwargs = pargs[1:] + args, {**pkwargs, **kwargs}
        l1, c1, l2, c2 = self.span(node)
        return Call(
            callee=callee,
            method=method,
            recv=recv,
            recv_type=recv_type,
            args=args,
            kwargs=kwargs,
            assigned=self.assigned.get(id(node), ""),
            func=self.func_id(scope),
            awaited=id(node) in self.awaited,
            line=l1,
            col=c1 + 1,
            end_line=l2,
            end_col=c2 + 1,
            text=self.first_line_text(node),
        )

    def returned_dict(self, node: Any) -> Val | None:
        """The dict a module-level function of this file returns, when ``node``
        calls it and every ``return`` of it gives a dict we can read (a literal,
        or a local dict with the keys set on it before the return); several
        are one dict by :func:`merge_alternatives`."""
        if type(node) is not cst.Call or type(node.func) is not cst.Name:
            return None
        name = node.func.value + "@"
        got = [(sc, value) for sc, value in (*self.return_strs, *self.return_dicts)
               if sc.parent is self.module_scope and self.func_id(sc).startswith(name)]
        if not got or any(sc is not got[0][0] for sc, _ in got) or self.return_counts.get(got[0][0]) != len(got):
            return None
        return self.dicts_returned(got[0][0], [value for _, value in got])

    def dicts_returned(self, scope: _Scope, values: list[Any]) -> Val | None:
        """The one dict (:func:`merge_alternatives`) the returned ``values`` of
        function ``scope`` give, when each is a dict we can read."""
        dicts = []
        for value in values:
            if type(value) not in (cst.Name, cst.Dict):
                return None
            v = self.val(value, scope)
            if v.k != OBJ or v.keys is None:
                return None
            dicts.append(v)
        return merge_alternatives(dicts, dicts[0].line)

    def call_args(self, node: Any, scope: _Scope) -> tuple[list[Val], dict[str, Val]]:
        args: list[Val] = []
        kwargs: dict[str, Val] = {}
        for a in node.args:
            if a.keyword is not None:
                kwargs[a.keyword.value] = self.val(a.value, scope)
            elif a.star == "**":
                v = self.val(a.value, scope)
                if v.k != OBJ:
                    v = self.returned_dict(a.value) or v  # **engine_args(url): the dict a helper of this file returns
                if v.k != OBJ and type(a.value) is cst.Name and a.value.value in self.mutations:
                    # `kw = extra.get("engine_params", {})`, then `kw["poolclass"] = NullPool`: an
                    # unknown dict with the keys set on it (the rest stays open)
                    b = self.lookup(a.value.value, self.start(a.value), scope)
                    if b is not None and b.kind == "var" and b.value is not None:
                        v = self.mutated(a.value.value, Val(OBJ, keys={}, open=True, line=v.line), b, self.start(a.value), 0, 0)
                if v.k == OBJ and v.keys is not None:
                    kwargs.update(v.keys)
                    if not v.open and type(a.value) is cst.Name:
                        self.note_handoffs(a.value.value, node, scope)
                    if v.open:
                        kwargs.setdefault("**", Val(OTHER, self.short(a.value), open=True, line=v.line))
                else:
                    kwargs.setdefault("**", Val(OTHER, self.short(a.value), open=True, line=self.start(a.value)[0]))
            elif a.star == "*":
                v = self.val(a.value, scope)
                if v.k == ARR and v.items is not None and not v.open and type(a.value) is cst.Name:
                    v = self.grown_list(a.value.value, v, scope, self.start(a.value))
                if v.k == ARR and v.items is not None and not v.open:
                    args.extend(v.items)
                else:
                    args.append(Val(OTHER, "*" + self.short(a.value), open=True, line=self.start(a.value)[0]))
            else:
                args.append(self.val(a.value, scope))
        return args, kwargs

    def note_handoffs(self, name: str, node: Any, scope: _Scope) -> None:
        """``params = {...}; add_defaults(params); requests.post(url, **params)``:
        the calls of the same scope that are handed the dict ``name`` (a bare
        argument) between its binding and ``node``, which spreads it; a
        function of the project may set keys on it there (``param_key_sets``).
        Kept as (spread call, handed-to call, argument position or keyword)."""
        handed = self.bare_name_args().get(name)
        if not handed:
            return
        until = self.start(node)
        b = self.lookup(name, until, scope)
        if b is None or b.kind != "var":
            return
        for n, at in handed:
            if self.scope_of.get(id(n)) is b.scope and b.pos < self.start(n) < until:
                self.handoffs.add((self.pos1(node), self.pos1(n), at))

    def bare_name_args(self) -> dict[str, list[tuple[Any, int | str]]]:
        """name -> the calls given it as a bare argument (``f(params)``,
        ``f(kw=params)``), with the argument's position or keyword; built
        again when calls were added since."""
        got = self._bare_args
        if got is None or got[0] != len(self.call_nodes):
            index: dict[str, list[tuple[Any, int | str]]] = {}
            for n in self.call_nodes:
                for i, arg in enumerate(n.args):
                    if type(arg.value) is cst.Name and not arg.star:
                        index.setdefault(arg.value.value, []).append((n, arg.keyword.value if arg.keyword is not None else i))
            got = self._bare_args = (len(self.call_nodes), index)
        return got[1]

    def grown_list(self, name: str, v: Val, scope: _Scope, until: tuple[int, int]) -> Val:
        """``v`` (the list literal ``name`` was bound to) with what the same scope adds
        to it before ``until`` (``conds.append(T.status == s)``, also under an ``if``:
        ``update(T).where(*conds)`` passes them too).  An ``extend``/``+=`` of
        something that is not a list literal, or an ``insert``, leaves it open."""
        b = self.lookup(name, until, scope)
        if b is None or b.kind != "var":
            return v
        grows = [g for g in _in_scope(self.list_grows, name, b.scope) if b.pos < g[1] < until]
        if not grows:
            return v
        items = list(v.items or [])
        for _scope, _pos, method, node in grows:
            if method == "append" and len(node.args) == 1 and not node.args[0].keyword and not node.args[0].star:
                items.append(self.val(node.args[0].value, scope))
                continue
            src = node.args[0].value if method == "extend" and len(node.args) == 1 and not node.args[0].star else node.value if method == "+=" else None
            sv = self.val(src, scope) if src is not None else None
            if sv is None or sv.k != ARR or sv.items is None or sv.open:
                return Val(ARR, items=items, open=True, line=v.line)
            items.extend(sv.items)
        return Val(ARR, items=items, line=v.line)

    # -- values -------------------------------------------------------------

    def val(self, node: Any, scope: _Scope, hops: int = 0, depth: int = 0) -> Val:
        line = self.start(node)[0]
        if depth > 60:
            return Val(OTHER, self.short(node), line=line)
        tp = type(node)
        env = self.env
        if tp is cst.SimpleString:
            prefix = node.prefix.lower()
            raw = node.raw_value
            return Val(STR, raw if "r" in prefix else _unescape(raw, "b" in prefix), line=line)
        if tp is cst.ConcatenatedString or tp is cst.FormattedString:
            if id(node) in env:
                return Val(ENV, env[id(node)] or self.short(node), line=line)
            return self.string_val(node, line)
        if tp is cst.Integer or tp is cst.Float or tp is cst.Imaginary:
            return Val(NUM, node.value, line=line)
        if tp is cst.Name:
            return self.name_val(node, scope, hops, depth, line)
        if tp is cst.UnaryOperation and isinstance(node.operator, (cst.Minus, cst.Plus)) and isinstance(
            node.expression, (cst.Integer, cst.Float)
        ):
            sign = "-" if type(node.operator) is cst.Minus else ""
            return Val(NUM, sign + node.expression.value, line=line)
        if tp is cst.Dict:
            return self.dict_val(node, scope, hops, depth, line)
        if tp is cst.IfExp:
            # `{"check_same_thread": True} if "sqlite" in uri else {}` (autogenstudio's
            # connect_args): whichever arm runs, the value is one of the two dicts, so a
            # key neither sets is absent, whatever the condition reads
            arms = self.dict_arms(node, scope, hops, depth)
            if arms is not None:
                return merge_alternatives(arms, line)
        if tp is cst.List or tp is cst.Tuple or tp is cst.Set:
            items: list[Val] = []
            is_open = False
            for e in node.elements:
                if type(e) is cst.StarredElement:
                    v = self.val(e.value, scope, hops, depth + 1)
                    if v.k == ARR and v.items is not None:
                        items.extend(v.items)
                        is_open = is_open or v.open
                    else:
                        is_open = True
                else:
                    items.append(self.val(e.value, scope, hops, depth + 1))
            return Val(ARR, items=items, open=is_open, line=line)
        if tp is cst.Lambda:
            fact = self.func_of_node.get(id(node))
            return Val(FN, fact.id if fact else "<lambda>", line=line)
        if tp is cst.Call:
            return self.call_val(node, scope, hops, depth, line)
        if tp is cst.Await:
            return self.val(node.expression, scope, hops, depth + 1)
        if id(node) in env:
            return Val(ENV, env[id(node)] or self.short(node), line=line)
        if tp is cst.BinaryOperation and type(node.operator) is cst.Add:
            joined = self.literal_sum(node, scope, line)
            if joined is not None:
                return joined
        if tp is cst.Attribute:
            dotted = self.dotted_raw(node)
            if dotted:
                root = dotted.split(".")[0]
                b = self.lookup(root, self.start(node), scope)
                if b is not None and b.kind == "class" and hops < 5:
                    cb = self.lookup(dotted, self.start(node), self.module_scope)
                    if cb is not None and cb.kind == "var" and cb.value is not None:
                        v = self.val(cb.value, cb.scope, hops + 1, depth + 1)
                        if v.k in _LITERAL_KINDS:
                            return v
                return Val(IDENT, self.resolve_dotted(node, scope), line=line)
            return Val(IDENT, self.resolve_dotted(node, scope), line=line)
        if tp is cst.Subscript:
            base = self.resolve_dotted(node.value, scope)
            inner = ", ".join(self.short(s.slice, 60) for s in node.slice)
            return Val(IDENT, f"{base}[{inner}]", line=line)
        if _is_condition_group(node):
            return Val(OTHER, self.short(node, _CONDITION_LIMIT), line=line)
        return Val(OTHER, self.short(node), line=line)

    def dict_arms(self, node: Any, scope: _Scope, hops: int, depth: int) -> list[Val] | None:
        """The values of an ``a if c else b`` both of whose arms are dict
        literals (or such choices of them), each seen whole (no unresolved
        ``**`` spread), else None."""
        arms = []
        for arm in (node.body, node.orelse):
            if type(arm) not in (cst.Dict, cst.IfExp):
                return None
            v = self.val(arm, scope, hops, depth + 1)
            if v.k != OBJ or v.keys is None or v.open or v.v == BRANCH:
                return None
            arms.append(v)
        return arms

    def literal_sum(self, node: Any, scope: _Scope, line: int) -> Val | None:
        """A ``+`` of string literals only, as one string (trove's
        ``CONNECTION_STR_FORMAT = ("mysql+pymysql://%s:%s@localhost/?" +
        f"unix_socket={...}" "/mysqld.sock")``, a literal wrapped over lines):
        a template when a part is an f-string with holes; None when any operand
        is not a literal (a name, a call: what it holds is not read here)."""
        parts: list[Val] = []
        stack = [node]
        while stack:  # left to right, without recursion
            cur = stack.pop()
            tp = type(cur)
            if tp is cst.BinaryOperation and type(cur.operator) is cst.Add:
                stack.append(cur.right)
                stack.append(cur.left)
            elif tp is cst.SimpleString or tp is cst.ConcatenatedString or tp is cst.FormattedString:
                if len(parts) > 20 or id(cur) in self.env:
                    return None
                part = self.val(cur, scope)
                if part.k not in (STR, TMPL):
                    return None
                parts.append(part)
            else:
                return None
        kind = TMPL if any(p.k == TMPL for p in parts) else STR
        return Val(kind, "".join(p.v for p in parts), line=line)

    def string_val(self, node: Any, line: int) -> Val:
        parts: list[Any] = []
        stack = [node]
        while stack:  # flatten right-nested concatenations without recursion
            cur = stack.pop()
            if type(cur) is cst.ConcatenatedString:
                stack.append(cur.right)
                stack.append(cur.left)
            else:
                parts.append(cur)
        templ = False
        out: list[str] = []
        for p in parts:
            if type(p) is cst.SimpleString:
                prefix = p.prefix.lower()
                out.append(p.raw_value if "r" in prefix else _unescape(p.raw_value, "b" in prefix))
            elif type(p) is cst.FormattedString:
                if any(type(x) is cst.FormattedStringExpression for x in p.parts):
                    templ = True
                    out.append("".join(self.module.code_for_node(x) for x in p.parts))
                else:
                    raw = "".join(x.value for x in p.parts if type(x) is cst.FormattedStringText)
                    out.append(raw if "r" in p.prefix.lower() else _unescape(raw, False))
            else:  # t-strings and future string kinds
                templ = True
                out.append(self.short(p, 200))
        return Val(TMPL if templ else STR, "".join(out), line=line)

    def name_val(self, node: Any, scope: _Scope, hops: int, depth: int, line: int) -> Val:
        name = node.value
        if name == "True" or name == "False":
            return Val(BOOL, name.lower(), line=line)
        if name == "None":
            return Val(NULL, "None", line=line)
        if id(node) in self.env:
            return Val(ENV, self.env[id(node)] or name, line=line)
        b = self.lookup(name, self.start(node), scope)
        if b is None:
            return Val(IDENT, self.imports.get(name, name), line=line)
        if b.kind == "func" and b.fact is not None:
            return Val(FN, b.fact.id, line=line)
        if b.kind == "import":
            return Val(IDENT, self.primary_import(b) or b.dotted, line=line)
        if b.kind == "var" and b.scope is self.module_scope and type(b.value) in (cst.Name, cst.Attribute):
            alias = self.alias_of(name)
            if alias:
                return Val(IDENT, alias, line=line)
        if b.kind == "var" and b.value is not None and hops < 5 and b.value is not node:
            if self.maybe_param(name, b, node) or self.none_on_failure(name, b, node):
                return Val(IDENT, name, line=line)
            v = self.val(b.value, b.scope, hops + 1, depth + 1)
            if v.k == OBJ and name in self.mutations:
                return self.mutated(name, v, b, self.start(node), hops, depth)
            if v.k == ARR:
                v = self.list_alternatives(name, b, v, node, hops, depth)
            if v.k in _LITERAL_KINDS:
                return v
        return Val(IDENT, name, line=line)

    def none_on_failure(self, name: str, b: _Binding, use: Any) -> bool:
        """``b`` binds ``name`` to None in an ``except`` handler of a ``try``
        whose body binds it too, and ``use`` is after that statement
        (``try: session = make_session() except Error: session = None``, then
        ``fetch(session)``): the name holds the body's value or None, so it is
        not the constant None."""
        if type(b.value) is not cst.Name or b.value.value != "None":
            return False
        cur = self.parents.get(id(b.value))
        while cur is not None and type(cur) not in _SCOPE_NODES and type(cur) is not cst.ExceptHandler:
            cur = self.parents.get(id(cur))
        if type(cur) is not cst.ExceptHandler:
            return False
        handler = cur
        stmt = self.parents.get(id(handler))
        if type(stmt) is not cst.Try:
            return False
        u = self.parents.get(id(use))
        while u is not None and type(u) not in _SCOPE_NODES:
            if u is handler:
                return False  # a use in the handler itself sees its None
            u = self.parents.get(id(u))
        l1, c1, l2, c2 = self.span(stmt.body)
        return any(x is not b and x.kind == "var" and (l1, c1) <= x.pos <= (l2, c2)
                   for x in self.scoped.get(name, {}).get(b.scope, ()))

    def if_else_arm(self, node: Any) -> tuple[Any, int] | None:
        """The ``if`` statement whose body (0) or ``else`` block (1) holds the
        statement of ``node`` directly (not under a deeper condition or loop)."""
        blk = self.branch_of(node)
        parent = self.parents.get(id(blk)) if blk is not None else None
        if type(parent) is cst.Else:
            stmt = self.parents.get(id(parent))
            return (stmt, 1) if type(stmt) is cst.If else None
        if type(parent) is cst.If and parent.body is blk:
            return parent, 0
        return None

    def list_alternatives(self, name: str, b: _Binding, v: Val, use: Any, hops: int, depth: int) -> Val:
        """A list bound in one arm of an ``if``/``else`` whose other arm binds
        the name to another list, seen after the ``if`` (``if not disabled:
        deps = [Depends(limiter)]`` / ``else: deps = []``, then
        ``dependencies=deps``): either list, so the items of both, open (which
        one is unknown) -- as a conditional expression choosing between them
        would be read.  ``use`` None: seen from the end of the module."""
        arm = self.if_else_arm(b.value)
        if arm is None:
            return v
        stmt, side = arm
        cur = self.parents.get(id(use)) if use is not None else None
        while cur is not None and type(cur) not in _SCOPE_NODES:
            if cur is stmt:
                return v  # a use inside the `if` sees its own arm
            cur = self.parents.get(id(cur))
        twins = [x for x in self.scoped.get(name, {}).get(b.scope, ()) if x is not b and x.kind == "var"
                 and x.value is not None and self.if_else_arm(x.value) == (stmt, 1 - side)]
        if not twins:
            return v
        other = self.val(max(twins, key=lambda x: x.pos).value, b.scope, hops + 1, depth + 1)
        if other.k != ARR:
            return v
        items = [*(other.items or []), *(v.items or [])] if side else [*(v.items or []), *(other.items or [])]
        return Val(ARR, items=items, open=True, line=v.line)

    def maybe_param(self, name: str, b: _Binding, use: Any) -> bool:
        """Is ``b`` a conditional rebinding of a parameter (``if opts is None:
        opts = {}``) seen from outside its branch?  Then the value may still be
        the caller's.  A use in the same branch (``if temp: db = "sqlite://";
        create_engine(db)``) sees the rebinding."""
        here = self.scoped.get(name, {}).get(b.scope)
        if not here:
            return False
        known = self._has_param.get(id(here))
        if known is None or known[0] is not here or known[1] != len(here):
            known = self._has_param[id(here)] = (here, len(here), any(x.kind == "param" for x in here))
        if not known[2]:
            return False
        branch = self.branch_of(b.value)
        if branch is None:
            return False
        parents = self.parents
        cur = parents.get(id(use))
        while cur is not None and type(cur) not in _SCOPE_NODES:
            if cur is branch:
                return False
            cur = parents.get(id(cur))
        return True

    def dict_val(self, node: Any, scope: _Scope, hops: int, depth: int, line: int) -> Val:
        keys: dict[str, Val] = {}
        is_open = False
        for e in node.elements:
            if type(e) is cst.StarredDictElement:
                v = self.val(e.value, scope, hops, depth + 1)
                if v.k == OBJ and v.keys is not None:
                    keys.update(v.keys)
                    is_open = is_open or v.open
                else:
                    is_open = True
                continue
            k = e.key
            if isinstance(k, (cst.SimpleString, cst.ConcatenatedString)):
                kv = self.val(k, scope, hops, depth + 1)
                key = kv.v
            else:
                kv = self.val(k, scope, hops, depth + 1)
                key = kv.v if kv.k in (STR, NUM, BOOL, NULL) else self.short(k)
            keys[key] = self.val(e.value, scope, hops, depth + 1)
        return Val(OBJ, keys=keys, open=is_open, line=line)

    def call_val(self, node: Any, scope: _Scope, hops: int, depth: int, line: int) -> Val:
        callee = self.callee_of(node)
        env = self.env
        if id(node) in env:
            if id(node.func) in env:
                return Val(ENV, env[id(node)] or self.short(node), line=line)
            if callee in _ENV_WRAPPERS or callee.startswith("os.path."):
                if any(id(a.value) in env for a in node.args):
                    return Val(ENV, env[id(node)] or self.short(node), line=line)
        if callee == "dict":
            keys: dict[str, Val] = {}
            is_open = False
            for a in node.args:
                if a.keyword is not None:
                    keys[a.keyword.value] = self.val(a.value, scope, hops, depth + 1)
                else:
                    v = self.val(a.value, scope, hops, depth + 1)
                    if v.k != OBJ:
                        v = self.returned_dict(a.value) or v  # dict(connect_kwargs(settings)): a copy of the dict a helper returns
                    if v.k == OBJ and v.keys is not None:
                        keys.update(v.keys)
                        is_open = is_open or v.open
                    else:
                        is_open = True
            return Val(OBJ, keys=keys, open=is_open, line=line)
        return Val(CALL, callee, call=self.call_index.get(id(node), -1), line=line)

    def decorator_val(self, expr: Any, scope: _Scope) -> Val:
        if type(expr) is cst.Call:
            return self.val(expr, scope)
        return Val(IDENT, self.resolve_dotted(expr, scope), line=self.start(expr)[0])

    # -- funcs / classes ----------------------------------------------------

    def build_funcs(self) -> None:
        out = []
        noop = []
        return_types: dict[str, str] = {}
        self.decorators: dict[int, list[tuple[Any, Val]]] = {}
        for fact, node, _scope, outer in self.funcs:
            if type(node) is cst.FunctionDef:
                decs = [(d.decorator, self.decorator_val(d.decorator, outer)) for d in node.decorators]
                self.decorators[id(node)] = decs
                fact.decorators = [v for _, v in decs]
                if _does_nothing(node):
                    noop.append(fact.id)
                typed = self.declared_return_class(node, outer)
                if typed:
                    return_types[fact.name] = typed
            out.append(fact)
        self.facts.funcs = out
        if noop:
            self.facts.extra["noop_funcs"] = noop
        if return_types:
            self.facts.extra["return_types"] = return_types

    def declared_return_class(self, node: Any, outer: _Scope) -> str:
        """The class a module-level function's return annotation names
        (``def configure_app(...) -> Sanic``: ``sanic.Sanic``), '' for any
        other function or annotation."""
        if outer.kind != "module" or node.returns is None:
            return ""
        ann = self.annotated_class(node.returns.annotation, outer)
        got = self.resolve_dotted(ann, outer, self.start(node)) if ann is not None else ""
        return got if got.rpartition(".")[2][:1].isupper() and got != "None" else ""  # (not `-> bool`, `-> None`)

    def build_classes(self) -> None:
        classes = []
        class_attrs: dict[str, dict[str, Any]] = {}
        self.class_consts: list[tuple[str, Val, tuple[int, int]]] = []
        for node, cscope, outer in sorted(self.classes, key=lambda t: self.start(t[0])):
            l1, _c, l2, _c2 = self.span(node)
            bases = [self.resolve_dotted(a.value, outer) for a in node.bases if a.keyword is None and not a.star]
            decs = [to_json(self.decorator_val(d.decorator, outer)) for d in node.decorators]
            classes.append({"name": node.name.value, "line": l1, "end_line": l2, "bases": bases, "decorators": decs})
            attrs = class_attrs.setdefault(node.name.value, {})
            body = node.body.body if type(node.body) is cst.IndentedBlock else node.body.body
            for stmt in body:
                if type(stmt) is not cst.SimpleStatementLine:
                    continue
                for small in stmt.body:
                    targets: list[Any] = []
                    value = None
                    if type(small) is cst.Assign:
                        targets = [t.target for t in small.targets]
                        value = small.value
                    elif type(small) is cst.AnnAssign and small.value is not None:
                        targets = [small.target]
                        value = small.value
                    for t in targets:
                        if type(t) is cst.Name and value is not None:
                            v = self.val(value, cscope)
                            attrs[t.value] = to_json(v)
                            if v.k in _CONST_KINDS:
                                self.class_consts.append((f"{node.name.value}.{t.value}", v, self.start(small)))
        self.facts.extra["classes"] = classes
        self.facts.extra["class_attrs"] = {k: v for k, v in class_attrs.items() if v}

    # -- routes -------------------------------------------------------------

    def framework_for(self, recv_type: str, kwargs: dict[str, Val], method: str, first: Val | None) -> str:
        if recv_type:
            root = recv_type.split("()")[0]
            fw = _FRAMEWORK_TYPES.get(root)
            if fw:
                return fw
        mods = self.modules
        for name in ("fastapi", "flask", "quart", "aiohttp", "starlette", "litestar"):
            if any(m == name or m.startswith(name + ".") for m in mods):
                return "flask" if name == "quart" else name
        if "methods" in kwargs:
            return "flask"
        if "dependencies" in kwargs or "response_model" in kwargs or method == "api_route":
            return "fastapi"
        return ""

    def litestar_prefix(self, handler: str) -> str:
        """The ``path=`` of the Litestar ``Router``/``Controller`` of this file
        whose ``route_handlers=[...]`` lists ``handler`` ('' when none)."""
        for c in self.facts.calls:
            handlers = c.kwargs.get("route_handlers")
            given = c.kwargs.get("path")
            if (c.callee.startswith("litestar.") and handlers is not None and handlers.k == ARR and given is not None and given.k == STR
                    and any(v.k in (IDENT, FN) and v.v.split("@", 1)[0] == handler for v in handlers.items or ())):
                return given.v
        return ""

    def prefix_for(self, router: Any, scope: _Scope, pos: tuple[int, int]) -> str:
        key = self.dotted_raw(router)
        if not key:
            return ""
        prefix = ""
        b = self.lookup(key, pos, scope) if "." not in key else None
        if b is not None and b.kind == "var":
            call = self.unwrap_call(b.value)
            if call is not None:
                for a in call.args:
                    if a.keyword is not None and a.keyword.value in ("prefix", "url_prefix"):
                        v = self.val(a.value, b.scope)
                        if v.k == STR:
                            prefix = v.v
        # same-file include_router(router, prefix=...) / register_blueprint(bp, url_prefix=...)
        if self._mounts is None:
            self._mounts = {}
            for c in self.facts.calls:
                if c.method in ("include_router", "register_blueprint") and c.args and c.args[0].k == IDENT:
                    for kw in ("prefix", "url_prefix"):
                        given = c.kwargs.get(kw)
                        if given is not None and given.k == STR:
                            self._mounts.setdefault(c.args[0].v, given.v)
                            break
        return _join(self._mounts.get(key, ""), prefix)

    def restful_prefix(self, router: Any, scope: _Scope, pos: tuple[int, int]) -> str:
        """The path a flask-restful / flask-restx ``Api`` of this file serves
        its resources under: its own ``prefix=`` (or a mount of this file),
        after the prefix of the blueprint it is built on (``api = Api(bp)``
        with ``bp`` made with ``url_prefix=`` or registered here with one)."""
        own = self.prefix_for(router, scope, pos)
        b = self.lookup(router.value, pos, scope) if type(router) is cst.Name else None
        call = self.unwrap_call(b.value) if b is not None and b.kind == "var" else None
        if b is None or call is None or self.callee_of(call) not in RESTFUL_APIS:
            return own
        inner = next((a.value for i, a in enumerate(call.args)
                      if (i == 0 and a.keyword is None) or (a.keyword is not None and a.keyword.value == "app")), None)
        if type(inner) is not cst.Name:
            return own
        return _join(self.prefix_for(inner, b.scope, self.start(inner)), own)

    def namespace_path(self, router: Any, scope: _Scope, pos: tuple[int, int]) -> str:
        """The path of a flask-restx / flask-restplus namespace built in this
        file: ``Namespace("auth", path="/v1/auth")`` or ``api.namespace("auth")``
        (the path defaults to ``/`` + the name); "" when it is not known here."""
        if type(router) is not cst.Name:
            return ""
        b = self.lookup(router.value, pos, scope)
        if b is None or b.kind != "var":
            return ""
        call = self.unwrap_call(b.value)
        if call is None:
            return ""
        func = call.func
        name = func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else ""
        if name not in ("namespace", "Namespace"):
            return ""
        first: Val | None = None
        for i, a in enumerate(call.args):
            if a.keyword is not None and a.keyword.value == "path":
                v = self.val(a.value, b.scope)
                return v.v if v.k == STR else ""
            if i == 0 and a.keyword is None:
                first = self.val(a.value, b.scope)
            elif a.keyword is not None and a.keyword.value == "name":
                first = self.val(a.value, b.scope)
        return "/" + first.v.strip("/") if first is not None and first.k == STR and first.v else ""

    def route_decorator(self, dec_expr: Any, outer: _Scope) -> tuple[str, str, Any] | None:
        """(method attr, router text, call node) if the decorator looks like a route decorator."""
        if type(dec_expr) is cst.Call and type(dec_expr.func) is cst.Name:
            # Litestar's handler decorators are plain functions: `@post("/login")` (from litestar import post)
            callee = self.callee_of(dec_expr)
            if callee.startswith("litestar.") and callee.rsplit(".", 1)[-1] in _ROUTE_DECORATORS:
                return callee.rsplit(".", 1)[-1], "litestar", dec_expr
            return None
        if type(dec_expr) is not cst.Call or type(dec_expr.func) is not cst.Attribute:
            return None
        attr = dec_expr.func.attr.value
        if attr not in _ROUTE_DECORATORS:
            return None
        return attr, self.short(dec_expr.func.value, 200), dec_expr

    def handler_middleware(self, func_node: Any, skip: set[int]) -> list[Val]:
        return [v for expr, v in self.decorators.get(id(func_node), []) if id(expr) not in skip]

    def depends_params(self, func_node: Any, outer: _Scope) -> list[Val]:
        out: list[Val] = []
        for p in self.params_of(func_node.params):
            if p.default is not None and self.is_depends(p.default):
                out.append(self.val(p.default, outer))
            ann = p.annotation.annotation if p.annotation is not None else None
            out.extend(self.val(e, outer) for e in self.subscript_depends(ann))
            alias = self.lookup(ann.value, self.start(ann), outer) if type(ann) is cst.Name else None
            if alias is not None and alias.kind == "var":
                # `user: CurrentUser` with `CurrentUser = Annotated[User, Depends(get_current_user)]` in this module
                out.extend(self.val(e, alias.scope) for e in self.subscript_depends(alias.value))
        return out

    def is_depends(self, node: Any) -> bool:
        return type(node) is cst.Call and self.callee_of(node).split(".")[-1] in ("Depends", "Security")

    def subscript_depends(self, node: Any) -> list[Any]:
        """The ``Depends(...)``/``Security(...)`` calls written in a subscript
        (``Annotated[User, Depends(get_current_user)]``)."""
        if type(node) is not cst.Subscript:
            return []
        return [s.slice.value for s in node.slice if type(s.slice) is cst.Index and self.is_depends(s.slice.value)]

    def imported_depends_aliases(self, func_node: Any, outer: _Scope) -> list[str]:
        """The dotted names of imported annotations of a handler's parameters
        (``user: GetUserDep`` with ``from .security import GetUserDep``), which
        may be ``Annotated[..., Depends(...)]`` aliases of the module they come from."""
        out: list[str] = []
        for p in self.params_of(func_node.params):
            ann = p.annotation.annotation if p.annotation is not None else None
            b = self.lookup(ann.value, self.start(ann), outer) if type(ann) is cst.Name else None
            if b is not None and b.kind == "import" and b.dotted:
                out.append(b.dotted)
        return out

    def depends_aliases(self) -> dict[str, int]:
        """Module-level names bound once to an ``Annotated[..., Depends(f)]``
        (Airflow's ``GetUserDep``): name -> the index of the Depends call."""
        out: dict[str, int] = {}
        for name, binds in self.bindings.items():
            b = binds[0]
            if len(binds) != 1 or b.kind != "var" or b.scope is not self.module_scope:
                continue
            idx = [self.call_index.get(id(e), -1) for e in self.subscript_depends(b.value)]
            if idx and idx[0] >= 0:
                out[name] = idx[0]
        return out

    def decorator_route(self, c: Call, attr: str, scope: _Scope | None = None) -> tuple[str, str, str] | None:
        """(method, path, framework) of a route decorator's call ``c`` (in
        ``scope``): a path that is a parameter of a function around it
        (``def api(path, **kw): def outer(func): @app.route(path, **kw)``,
        ironic-inspector's decorator factory) is a placeholder, ``{path}``,
        as in ``add_url_rule``."""
        first = c.args[0] if c.args else None
        fw = self.framework_for(c.recv_type, c.kwargs, attr, first)
        path_val = c.kwargs.get("path") or c.kwargs.get("rule")
        method = attr.upper()
        if fw == "aiohttp" and attr == "route":
            method = c.args[0].v.upper() if c.args and c.args[0].k == STR else "ANY"
            path_val = c.args[1] if len(c.args) > 1 else path_val
        elif path_val is None:
            path_val = first
        if path_val is None or path_val.k not in (STR, TMPL, IDENT, ENV):
            if not (path_val is None and attr in _HTTP_METHODS and fw):
                return None
        path_str = path_val.v if path_val is not None else ""
        if not fw and not path_str.startswith("/"):
            return None
        if path_val is not None and path_val.k == IDENT and self.param_of_enclosing(path_str, scope):
            path_str = "{" + path_str + "}"
        if attr in ("route", "api_route") and not (fw == "aiohttp" and attr == "route"):
            method = _pick_method(c.kwargs.get("methods"))
        elif attr == "view":
            method = "ANY"
        return method, path_str, fw

    def applied_decorator_routes(self) -> list[Route]:
        """A route decorator applied as a call: ``router.post("/login/")(handler)``."""
        out: list[Route] = []
        calls = self.facts.calls
        for i, node in enumerate(self.call_nodes):
            inner = node.func
            if type(inner) is not cst.Call or len(node.args) != 1:
                continue
            scope = self.scope_of.get(id(node), self.module_scope)
            rd = self.route_decorator(inner, scope)
            idx = self.call_index.get(id(inner), -1) if rd is not None else -1
            if rd is None or idx < 0:
                continue
            got = self.decorator_route(calls[idx], rd[0], scope)
            if got is None:
                continue
            method, path_str, fw = got
            hv = calls[i].args[0] if calls[i].args else None
            handler, mw = self.handler_of(hv)
            func = inner.func  # an Attribute: route_decorator checked it
            prefix = self.prefix_for(func.value, scope, self.start(inner)) if type(func) is cst.Attribute else ""
            out.append(Route(method=method, path=_join(prefix, path_str) if prefix else path_str, router=rd[1], handler=handler,
                             middleware=([hv] if hv is not None else []) + mw, framework=fw, line=calls[i].line, col=calls[i].col))
        return out

    def build_routes(self) -> None:
        routes: list[Route] = []
        calls = self.facts.calls
        route_decs: dict[int, set[int]] = {}
        # decorator routes (Flask, FastAPI, aiohttp RouteTableDef, Quart...)
        pending = []
        for fact, node, _scope, outer in self.funcs:
            if type(node) is not cst.FunctionDef:
                continue
            for d in node.decorators:
                rd = self.route_decorator(d.decorator, outer)
                if rd is None:
                    continue
                attr, router, call_node = rd
                idx = self.call_index.get(id(call_node), -1)
                if idx < 0:
                    continue
                c = calls[idx]
                got = self.decorator_route(c, attr, outer)
                if got is None:
                    continue
                method, path_str, fw = got
                route_decs.setdefault(id(node), set()).add(id(call_node))
                pending.append((fact, node, outer, c, call_node, router, method, path_str, fw))
        for fact, node, outer, c, call_node, router, method, path_str, fw in pending:
            mw: list[Val] = []
            deps = c.kwargs.get("dependencies")
            if deps is not None:
                if deps.k == ARR and deps.items is not None:
                    mw.extend(deps.items)
                else:
                    mw.append(deps)
            mw.extend(self.handler_middleware(node, route_decs.get(id(node), set())))
            if fw == "fastapi" or fw == "":
                mw.extend(self.depends_params(node, outer))
                imported = self.imported_depends_aliases(node, outer)
                if imported:
                    self.facts.extra.setdefault("depends_alias_imports", {})[fact.id] = imported
            if fw == "litestar":
                prefix = self.litestar_prefix(fact.name)
            else:
                prefix = self.prefix_for(call_node.func.value, outer, self.start(call_node))
            routes.append(Route(method=method, path=_join(prefix, path_str) if prefix else path_str, router=router,
                                handler=fact.id, middleware=mw, framework=fw, line=c.line, col=c.col))
        # flask-restx / flask-restplus: `@ns.route("/login")` on a Resource class
        # answers the methods the class defines (judged through the class, as add_resource)
        if any(m.startswith(("flask_restx", "flask_restplus")) for m in self.modules):
            for cnode, _cscope, outer in self.classes:
                for d in cnode.decorators:
                    dec = d.decorator
                    if type(dec) is not cst.Call or type(dec.func) is not cst.Attribute or dec.func.attr.value != "route":
                        continue
                    idx = self.call_index.get(id(dec), -1)
                    if idx < 0 or not calls[idx].args or calls[idx].args[0].k != STR:
                        continue
                    c = calls[idx]
                    cls_val = Val(k=IDENT, v=cnode.name.value, line=c.line)
                    path = _join(self.namespace_path(dec.func.value, outer, self.start(dec)), c.args[0].v)
                    routes.append(Route(method="ANY", path=path, router=c.recv, handler="", middleware=[cls_val],
                                        framework="flask", line=c.line, col=c.col))
        # call-based routes
        includes: list[Any] = []
        self.inline_prefix = self.django_inline_prefixes(calls)
        for i, c in enumerate(calls):
            node = self.call_nodes[i]
            scope = self.scope_of.get(id(node), self.module_scope)
            made = self.call_route(c, node, scope, includes)
            if made is not None:
                routes.extend(made)
        routes.extend(self.applied_decorator_routes())
        if includes:
            self.facts.extra["django_includes"] = includes
        if any(m == "tornado" or m.startswith("tornado.") for m in self.modules):
            routes.extend(self.tornado_routes())
        borrowed = self.borrowed_route_tables()
        if borrowed:
            self.facts.extra["borrowed_tables"] = borrowed
        routes.extend(self.class_table_routes())
        if any(m == "werkzeug" or m.startswith("werkzeug.") for m in self.modules):
            routes.extend(self.werkzeug_table_routes())
        if self.debug_only_ifs:
            # `if settings.DEBUG: urlpatterns += [path("admin/", admin.site.urls)]`:
            # served by the development server only
            debug = [self.span(n) for n in self.debug_only_ifs]
            routes = [r for r in routes if not any((l1, c1) <= (r.line, r.col) <= (l2, c2) for l1, c1, l2, c2 in debug)]
        routes.sort(key=lambda r: (r.line, r.col))
        for r in routes:
            if not r.router:
                r.router = r.framework or "app"
        self.facts.routes = routes

    def tornado_routes(self) -> list[Route]:
        """Tornado's route tables: ``(r"/login", LoginHandler)`` tuples in the
        lists the walk remembered (``Application([...])``, ``default_handlers
        = [...]``) or appended to one; ``url(r"/x", Handler)`` calls are read
        in ``call_route``."""
        out: list[Route] = []
        for node in self.route_lists:
            for el in node.elements:
                t = el.value
                if type(t) is cst.Tuple and len(t.elements) >= 2:
                    r = self.tornado_route(t.elements[0].value, t.elements[1].value, t)
                    if r is not None:
                        out.append(r)
        # tables built step by step: handlers.append((r"/login", LoginHandler)), .insert(0, (...))
        for node in self.call_nodes:
            func = node.func
            if type(func) is not cst.Attribute or func.attr.value not in ("append", "insert") or not node.args:
                continue
            t = node.args[-1].value
            if type(t) is cst.Tuple and len(t.elements) >= 2:
                r = self.tornado_route(t.elements[0].value, t.elements[1].value, t, self.scope_of.get(id(node), self.module_scope))
                if r is not None:
                    out.append(r)
        return out

    def borrowed_route_tables(self) -> list[list[Any]]:
        """Route tables of another module this one serves, ``[line, col,
        dotted name]``: ``handlers.extend(kernels.default_handlers)``, or a
        loop re-registering each entry, ``for path, cls in
        kernels.default_handlers: handlers.append((path, type(cls.__name__,
        (AuthMixin, cls), {})))`` (the kernel gateway wraps jupyter_server's
        kernel handlers so). Only names that an import resolves."""
        out: list[list[Any]] = []
        for node in self.call_nodes:
            func = node.func
            if type(func) is not cst.Attribute or func.attr.value not in ("append", "insert", "extend") or not node.args:
                continue
            arg = node.args[-1].value
            if func.attr.value == "extend":
                table, at = arg, node
            else:
                loop = self.enclosing_for(node)
                if (type(arg) is not cst.Tuple or not arg.elements or type(arg.elements[0].value) is not cst.Name
                        or type(loop) is not cst.For or type(loop.target) is not cst.Tuple or not loop.target.elements
                        or type(loop.target.elements[0].value) is not cst.Name
                        or loop.target.elements[0].value.value != arg.elements[0].value.value):
                    continue
                table, at = loop.iter, loop
            if type(table) not in (cst.Name, cst.Attribute):
                continue
            dotted = self.resolve_dotted(table, self.scope_of.get(id(node), self.module_scope))
            entry = [*self.pos1(at), dotted]
            if "." in dotted and any(dotted.startswith(m + ".") for m in self.modules) and entry not in out:
                out.append(entry)
        return out

    def class_table_routes(self) -> list[Route]:
        """Routes of a class that mounts a table of its own: a method of the
        class runs ``for path, method, func in self.routes:
        getattr(router, method)(path, ...)(func)`` on an ``APIRouter()`` (or
        Flask ``Blueprint``) it makes, and the class, or a subclass of it in
        this file, has a method or property of that name returning a list of
        ``("/login/", "post", self.post_login)`` triples (conda-store's
        ``Authentication.router`` and the ``routes`` each authentication class
        overrides): each triple is a route of the method it names (the
        class's own or the nearest base's in this file)."""
        mounts: dict[str, tuple[str, str, str]] = {}  # class -> (table attribute, router name, framework)
        framework = {"APIRouter": "fastapi", "FastAPI": "fastapi", "Blueprint": "flask", "Flask": "flask"}
        for node in self.call_nodes:
            inner = node.func
            get = inner.func if type(inner) is cst.Call else None
            if (get is None or type(get) is not cst.Call or type(get.func) is not cst.Name or get.func.value != "getattr"
                    or len(get.args) != 2 or not inner.args or not node.args):
                continue
            names = [a.value.value if type(a.value) is cst.Name else "" for a in (get.args[0], get.args[1], inner.args[0], node.args[0])]
            loop = self.enclosing_for(node)
            fn = self.enclosing_function(node)
            if (type(loop) is not cst.For or type(loop.target) is not cst.Tuple or type(loop.iter) is not cst.Attribute
                    or type(loop.iter.value) is not cst.Name or loop.iter.value.value != "self" or fn is None or not fn.cls):
                continue
            target = [e.value.value if type(e.value) is cst.Name else "" for e in loop.target.elements]
            if not all(names) or sorted(target) != sorted(names[1:]):
                continue
            made = next((framework.get(c.callee.rsplit(".", 1)[-1], "") for c in self.facts.calls if c.func == fn.id and c.assigned == names[0]), "")
            if made:
                mounts[fn.cls] = (loop.iter.attr.value, names[0], made)
        if not mounts:
            return []
        bases = {cnode.name.value: [b.value.value for b in cnode.bases if type(b.value) is cst.Name] for cnode, _cs, _outer in self.classes}

        def lineage(cls: str) -> list[str]:
            out = [cls]
            while len(out) < 10 and bases.get(out[-1]):
                out.append(bases[out[-1]][0])
            return out

        methods = self.method_ids()
        routes: list[Route] = []
        for lst in self.route_lists:
            ret = self.parents.get(id(lst))
            fdef = self.parents.get(id(ret)) if type(ret) is cst.Return else None
            while fdef is not None and type(fdef) not in _SCOPE_NODES:
                fdef = self.parents.get(id(fdef))
            fn = self.func_of_node.get(id(fdef)) if fdef is not None else None
            if fn is None or not fn.cls:
                continue
            line_up = lineage(fn.cls)
            mount = next((mounts[c] for c in line_up if c in mounts), None)
            if mount is None or mount[0] != fn.name:
                continue
            for el in lst.elements:
                t = el.value
                if type(t) is not cst.Tuple or len(t.elements) != 3:
                    continue
                pnode, mnode, hnode = (e.value for e in t.elements)
                path, verb = self.literal_str(pnode), self.literal_str(mnode).lower()
                if (not path.startswith("/") or verb not in _HTTP_METHODS or type(hnode) is not cst.Attribute
                        or type(hnode.value) is not cst.Name or hnode.value.value != "self"):
                    continue
                fid = next((methods[(c, hnode.attr.value)] for c in line_up if (c, hnode.attr.value) in methods), "")
                if not fid:
                    continue
                handler, middleware = self.handler_of(Val(FN, fid))
                line, col = self.pos1(t)
                routes.append(Route(method=verb.upper(), path=path, router=mount[1], handler=handler, middleware=middleware,
                                    framework=mount[2], line=line, col=col))
        return routes

    def enclosing_function(self, node: Any) -> Func | None:
        """The function (its fact) whose body ``node`` is in; None at module or class level."""
        scope = self.scope_of.get(id(node))
        return scope.func.fact if scope is not None and scope.func is not None else None

    def enclosing_for(self, node: Any) -> Any:
        """The innermost ``for`` loop ``node`` runs in within its function (or
        the function, class or module node when there is none)."""
        loop = self.parents.get(id(node))
        while loop is not None and type(loop) is not cst.For and type(loop) not in _SCOPE_NODES:
            loop = self.parents.get(id(loop))
        return loop

    def werkzeug_table_routes(self) -> list[Route]:
        """werkzeug Rules a method makes from a table of its class: ``for
        view, (method, path) in self.VIEWS: urls.add(Rule(path,
        methods=[method], endpoint=getattr(self, view)))`` over ``VIEWS =
        [("login", ("POST", "/login/")), ...]`` in the class body (isso's
        comments API): one route per entry, at the entry, whose handler is
        the method of the class the entry names."""
        routes: list[Route] = []
        for i, c in enumerate(self.facts.calls):
            if c.callee != "werkzeug.routing.Rule" or not c.args or c.args[0].k != IDENT:
                continue
            node = self.call_nodes[i]
            loop = self.enclosing_for(node)
            fn = self.enclosing_function(node)
            if type(loop) is not cst.For or fn is None or not fn.cls or type(node.args[0].value) is not cst.Name:
                continue
            table = self.class_table(fn.cls, loop.iter)
            if table is None:
                continue
            kwargs = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
            for el in table.elements:
                bound: dict[str, Any] = {}
                if not _destructure(loop.target, el.value, bound):
                    continue
                path = self.literal_str(bound.get(node.args[0].value.value))
                if not path.startswith("/"):
                    continue
                fid = self.table_endpoint(kwargs.get("endpoint"), bound, fn.cls)
                handler, middleware = self.handler_of(Val(FN, fid) if fid else None)
                line, col = self.pos1(el.value)
                routes.append(Route(method=self.table_method(kwargs.get("methods"), bound), path=path, router="url_map",
                                    handler=handler, middleware=middleware, framework="werkzeug", line=line, col=col))
        return routes

    def class_table(self, cls: str, it: Any) -> Any:
        """The literal list or tuple that ``self.NAME`` (``it``) names: a
        ``NAME = [...]`` in the body of class ``cls``; None otherwise."""
        if type(it) is not cst.Attribute or type(it.value) is not cst.Name or it.value.value != "self":
            return None
        for cnode, _cs, _outer in self.classes:
            if cnode.name.value != cls:
                continue
            for st in cnode.body.body:
                if type(st) is not cst.SimpleStatementLine:
                    continue
                for small in st.body:
                    if (type(small) is cst.Assign and len(small.targets) == 1 and type(small.targets[0].target) is cst.Name
                            and small.targets[0].target.value == it.attr.value and type(small.value) in (cst.List, cst.Tuple)):
                        return small.value
        return None

    def table_method(self, methods: Any, bound: dict[str, Any]) -> str:
        """The HTTP method of a table's Rule: ``methods=[method]`` with
        ``method`` taken from the entry, else a literal list as for a Rule
        written out (GET when none is given)."""
        if type(methods) in (cst.List, cst.Tuple):
            names = [self.literal_str(bound.get(e.value.value) if type(e.value) is cst.Name else e.value) for e in methods.elements]
            return _pick_method(Val(ARR, "", items=[Val(STR, n) if n else Val(IDENT, "") for n in names]))
        return _pick_method(None) if methods is None else "ANY"

    def table_endpoint(self, endpoint: Any, bound: dict[str, Any], cls: str) -> str:
        """The id of the method of class ``cls`` that a table's Rule serves,
        ``endpoint=getattr(self, view)`` with ``view`` a method's name taken
        from the entry; '' otherwise."""
        if (type(endpoint) is not cst.Call or type(endpoint.func) is not cst.Name or endpoint.func.value != "getattr"
                or len(endpoint.args) != 2 or type(endpoint.args[0].value) is not cst.Name
                or endpoint.args[0].value.value != "self" or type(endpoint.args[1].value) is not cst.Name):
            return ""
        return self.method_ids().get((cls, self.literal_str(bound.get(endpoint.args[1].value.value))), "")

    def class_kin(self, cls: str) -> set[str]:
        """The classes of this file whose ``self`` may be a ``cls`` instance's:
        ``cls``, its bases and their bases, and the classes that extend it
        (a mixin's methods read what the class that mixes it in sets), by name."""
        kin = self._kin.get(cls)
        if kin is None:
            if self._lineage is None or self._lineage[0] != len(self.classes):
                bases: dict[str, set[str]] = {}
                for cnode, _cs, _outer in self.classes:
                    bases.setdefault(cnode.name.value, set()).update(b.value.value for b in cnode.bases if type(b.value) is cst.Name)
                subs: dict[str, list[str]] = {}
                for name, of in bases.items():
                    for base in of:
                        subs.setdefault(base, []).append(name)
                self._lineage = (len(self.classes), bases, subs)
            _n, bases, subs = self._lineage
            kin = set()
            for step in (lambda c: bases.get(c, ()), lambda c: subs.get(c, ())):
                todo = [cls]
                while todo:
                    for nxt in step(todo.pop()):
                        if nxt not in kin and nxt != cls:
                            kin.add(nxt)
                            todo.append(nxt)
            kin.add(cls)
            self._kin[cls] = kin
        return kin

    def method_ids(self) -> dict[tuple[str, str], str]:
        """(class name, method name) -> the id of that method in this file."""
        if self._method_ids is None:
            self._method_ids = {(f.cls, f.name): f.id for f, _node, _s, _o in self.funcs if f.cls}
        return self._method_ids

    def handler_methods(self) -> dict[str, set[str]]:
        """Class name -> the HTTP methods (``get``, ``post``...) it defines in this file."""
        if self._handler_methods is None:
            self._handler_methods = {
                cnode.name.value: {st.name.value for st in cnode.body.body if type(st) is cst.FunctionDef and st.name.value in _HTTP_METHODS}
                for cnode, _cs, _outer in self.classes
            }
        return self._handler_methods

    def routes_mapper_route(self, c: Call, node: Any, scope: _Scope) -> Route | None:
        """A route of the Routes library's mapper, as CherryPy's
        ``RoutesDispatcher`` and ``routes.Mapper`` connect it:
        ``route_map.connect("authz", "/auth/token", controller=authz,
        action="token", conditions=dict(method=["POST"]))`` (the name is
        optional for a Mapper, or None).  The view is the ``action`` method of the
        controller's class when the controller is an instance made in this
        file; any method when no ``conditions`` limit it."""
        if len(c.args) >= 2 and c.args[0].k not in (STR, NULL):
            return None
        pv = c.args[1] if len(c.args) >= 2 else c.args[0] if c.args else c.kwargs.get("route")
        if pv is None or pv.k != STR or not pv.v.startswith("/"):
            return None
        cond = c.kwargs.get("conditions")
        methods = cond.keys.get("method") if cond is not None and cond.keys else None
        verb = _pick_method(methods) if methods is not None else "ANY"
        handler, mw = self.handler_of(self.controller_action(c, node, scope))
        return Route(method=verb, path=pv.v, router=c.recv, handler=handler, middleware=mw, framework="routes",
                     line=c.line, col=c.col)

    def controller_action(self, c: Call, node: Any, scope: _Scope) -> Val | None:
        """The method a Routes ``connect(..., controller=obj, action="name")``
        dispatches to: ``name`` of the class ``obj`` was made from
        (``obj = Controller(...)`` in scope), when that class is in this file.
        CherryPy's dispatcher also takes the controller third, by position."""
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        ctl = next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "controller"), None)
        if ctl is None and len(positional) == 3 and c.recv_type == "cherrypy.dispatch.RoutesDispatcher":
            ctl = positional[2]
        action = c.kwargs.get("action")
        if type(ctl) is not cst.Name or action is None or action.k != STR:
            return None
        b = self.lookup(ctl.value, self.start(ctl), scope)
        made = b.value if b is not None and b.kind == "var" else None
        if type(made) is not cst.Call or type(made.func) is not cst.Name:
            return None
        cls = made.func.value
        if not any(cnode.name.value == cls for cnode, _s, _o in self.classes):
            return None
        fact = next((f for f, _n, _s, _o in self.funcs if f.cls == cls and f.name == action.v), None)
        return Val(k=FN, v=fact.id) if fact is not None else None

    def tornado_route(self, pnode: Any, hnode: Any, at: Any, scope: _Scope | None = None) -> Route | None:
        """A Tornado route for a ``("/path", Handler)`` pair (the method is what
        the handler class defines here: POST when it has ``post``, else ANY).
        ``scope``: where the pair is written, to read a path held in a name
        (``path = url_path_join(base_url, "/public/(.*)")``)."""
        if type(hnode) not in (cst.Name, cst.Attribute):
            return None
        if type(pnode) is cst.Name and scope is not None:
            b = self.lookup(pnode.value, self.start(pnode), scope)
            if b is not None and b.kind == "var" and type(b.value) is cst.Call and _url_path_join_call(b.value):
                pnode = b.value
        if type(pnode) is cst.SimpleString:
            path = _strip_anchors(self.literal_str(pnode))
        elif type(pnode) is cst.FormattedString:
            # f"{rel}login": a prefix (ending with its own slash) joined to the route
            tv = self.val(pnode, self.module_scope)
            path = _strip_anchors(tv.v) if tv.k == TMPL else ""
        elif type(pnode) is cst.BinaryOperation and type(pnode.operator) is cst.Modulo:
            # r"%slogin/" % options.url_prefix: the same, %-formatted (the prefix kept as a hole)
            path = _strip_anchors(self.url_pattern(pnode, self.module_scope, hole="{}") or "")
        elif type(pnode) is cst.Call and _url_path_join_call(pnode):
            path = self.url_path_joined(pnode)
        elif type(pnode) is cst.BinaryOperation and type(pnode.operator) is cst.Add:
            # LOCAL_STATIC_URL + r"/(.*)": a prefix held in a name, joined to the route with +
            path = _strip_anchors(self.url_sum(pnode, scope or self.module_scope) or "")
        else:
            return None
        if not path.startswith(("/", "{")):
            return None
        handler = self.val(hnode, self.module_scope)
        own = self.handler_methods().get(hnode.value if type(hnode) is cst.Name else hnode.attr.value)
        verb = "ANY"
        if own:
            verb = next((m.upper() for m in ("post", "put", "patch", "delete") if m in own), "GET" if "get" in own else "ANY")
        line, col = self.pos1(at)
        return Route(method=verb, path=path, router="handlers", handler="", middleware=[handler], framework="tornado", line=line, col=col)

    def url_sum(self, node: Any, scope: _Scope) -> str | None:
        """The path a ``+`` of URL parts builds (``LOCAL_STATIC_URL +
        r"/(.*)"``, ``base_url + "/login"``): a string literal as written, a
        name or attribute as the string it holds, else as a hole named for it
        (``{base_url}/login``). None when another operand (a call, a number)
        takes part, or when no literal part is a path of its own (``/x``)."""
        parts: list[str] = []
        literal = False
        stack: list[Any] = [node]
        while stack:  # left to right, without recursion
            cur = stack.pop()
            tp = type(cur)
            if tp is cst.BinaryOperation and type(cur.operator) is cst.Add:
                stack.extend((cur.right, cur.left))
            elif tp is cst.SimpleString or tp is cst.ConcatenatedString:
                v = self.val(cur, scope)
                if v.k != STR:
                    return None
                text = v.v
                literal = literal or (text.startswith("/") and bool(text.strip("/")))
                parts.append(text)
            elif tp is cst.Name or tp is cst.Attribute:
                held = self.url_pattern(cur, scope)
                parts.append(held if held is not None else self.hole_text(cur, "{}"))
            else:
                return None
            if len(parts) > 20:
                return None
        return "".join(parts) if literal else None

    def url_path_joined(self, call: Any, depth: int = 0) -> str:
        """The path ``url_path_join(*pieces)`` makes, as Jupyter's does it
        (each piece stripped of its slashes, joined by one; the first piece's
        leading slash and the last one's trailing slash kept), a piece that is
        not a string written as a hole named for its value
        (``url_path_join("/", self.base_url, "/public/(.*)")`` serves
        ``/{base_url}/public/(.*)``), a name bound to another ``url_path_join``
        as the path that one makes (``base_url = url_path_join(settings['base_url'],
        'git-pull')`` then ``url_path_join(base_url, 'static', '(.*)')`` serves
        ``{base_url}/git-pull/static/(.*)``). '' when no piece written in this
        call is a path of its own, the whole route a value we cannot see."""
        pieces: list[str] = []
        known: list[bool] = []
        lead = False
        for a in call.args:
            if a.keyword is not None or a.star:
                return ""
            if type(a.value) is cst.SimpleString:
                pieces.append(self.literal_str(a.value))
                known.append(True)
                lead = lead or (len(pieces) == 1 and pieces[0].startswith("/"))
                continue
            inner = self.joined_name(a.value, call, depth)
            pieces.append(inner or self.hole_text(a.value, "{}"))
            known.append(False)
            lead = lead or (len(pieces) == 1 and inner.startswith("/"))
        if not any(k and p.strip("/") for p, k in zip(pieces, known, strict=True)):
            return ""
        path = "/".join(p.strip("/") for p in pieces if p.strip("/"))
        if lead:
            path = "/" + path
        if known[-1] and pieces[-1].endswith("/"):
            path += "/"
        return path

    def joined_name(self, node: Any, call: Any, depth: int) -> str:
        """The path a name in ``call`` holds when it is bound to a
        ``url_path_join(...)`` of its own (see ``url_path_joined``), else ''."""
        if type(node) is not cst.Name or depth >= 3:
            return ""
        b = self.lookup(node.value, self.start(node), self.scope_of.get(id(call), self.module_scope))
        if b is None or b.kind != "var" or type(b.value) is not cst.Call or not _url_path_join_call(b.value):
            return ""
        return self.url_path_joined(b.value, depth + 1)

    def handler_of(self, v: Val | None) -> tuple[str, list[Val]]:
        if v is None or v.k != FN:
            return "", []
        if self._func_by_id is None:
            self._func_by_id = {fact.id: (node, outer) for fact, node, _s, outer in self.funcs}
        found = self._func_by_id.get(v.v)
        if found is None:
            return "", []
        node, outer = found
        if type(node) is cst.FunctionDef:
            skip = {id(d.decorator) for d in node.decorators if self.route_decorator(d.decorator, outer)}
            return v.v, self.handler_middleware(node, skip)
        return v.v, []

    def django_inline_prefixes(self, calls: list[Call]) -> dict[int, str]:
        """Call index -> URL prefix for Django ``path()`` calls listed inline
        in an ``include([...])`` (``path("settings/", include([path("token/",
        view)]))`` serves ``/settings/token/``), nested includes joined."""
        parent: dict[int, tuple[int, str]] = {}  # inner path() -> (outer path(), the outer's own path)
        for i, c in enumerate(calls):
            if c.callee not in _DJANGO_PATHS or len(c.args) < 2:
                continue
            view, pv = c.args[1], c.args[0]
            if view.k != CALL or view.v not in _DJANGO_INCLUDES or not 0 <= view.call < len(calls):
                continue
            inc = calls[view.call]
            first = inc.args[0] if inc.args else None
            if first is not None and first.k == ARR and first.items and first.items[0].k == ARR:
                first = first.items[0]  # include((patterns, "app_name")): the tuple form
            if first is None or first.k != ARR:
                continue
            p = pv.v if pv.k in (STR, TMPL) else ""
            if _DJANGO_PATHS[c.callee]:
                p = _strip_anchors(p)
            for item in first.items or ():
                if item.k == CALL and 0 <= item.call < len(calls):
                    parent[item.call] = (i, p)
        out: dict[int, str] = {}
        for i in parent:
            parts, cur, seen = [], i, 0
            while cur in parent and seen < 20:
                cur, p = parent[cur]
                parts.append(p)
                seen += 1
            out[i] = "/".join(x.strip("/") for x in reversed(parts) if x.strip("/"))
        return out

    def formatted_literal(self, v: Val | None) -> str:
        """The pattern of ``r'^{0}login/$'.format(VIRTUAL_DIRECTORY)`` (OpenREM's
        URLconf) with its placeholders, a prefix held in a setting, left out; ''
        for any other value."""
        if v is None or v.k != CALL or not 0 <= v.call < len(self.facts.calls):
            return ""
        sub = self.facts.calls[v.call]
        m = _STR_LITERAL.fullmatch(sub.recv) if sub.method == "format" else None
        return _PLACEHOLDER.sub("", m.group(2)) if m else ""

    def url_pattern(self, node: Any, scope: _Scope, depth: int = 0, hole: str = "") -> str | None:
        """The text of a URL pattern a URLconf builds: a translated one
        (``_("login/")``, ``pgettext("urls", "signin/")``: its msgid, the path
        served in the default language, as Django's i18n URL patterns do) or
        one %-formatted from such parts (askbot's ``r'^%s$' % pgettext('urls',
        'signin/')``, ``r'^%s%s$' % (a, b)``); a part that is neither, a prefix
        held in a setting, is left out (as :meth:`formatted_literal` does), or
        written as ``hole``. None when ``node`` is no such text."""
        if depth > 12:
            return None
        tp = type(node)
        if tp is cst.Call:
            built = self.built_pattern(node, scope, depth, hole)
            if built is not None:
                return built
            name = self.callee_of(node).rsplit(".", 1)[-1]
            if name not in _GETTEXT:
                return None
            args = [a.value for a in node.args if a.keyword is None]
            msgid = args[1] if name.startswith("pgettext") and len(args) > 1 else args[0] if args and not name.startswith("pgettext") else None
            return self.url_pattern(msgid, scope, depth + 1, hole) if msgid is not None else None
        if tp is cst.FormattedString:
            # fr'^dynamic_report/{checksum_regex}$' with `checksum_regex = r'(?P<checksum>[0-9a-f]{32})'`
            # (MobSF's URLconf): each hole filled with the pattern its name holds
            out: list[str] = []
            for part in node.parts:
                if type(part) is cst.FormattedStringText:
                    text = part.value.replace("{{", "{").replace("}}", "}")
                    out.append(text if "r" in node.prefix.lower() else _unescape(text, False))
                    continue
                got = self.url_pattern(part.expression, scope, depth + 1) if part.conversion is None and part.format_spec is None else None
                if got is None:
                    return None
                out.append(got)
            return "".join(out)
        if tp is cst.BinaryOperation and type(node.operator) is cst.Modulo:
            left = self.val(node.left, scope)
            if left.k != STR or re.search(r"%(?![s%])", left.v.replace("%%", "")):
                return None  # (`%(name)s`, `%d`: not filled in here)
            items = [e.value for e in node.right.elements] if type(node.right) is cst.Tuple else [node.right]
            holes = re.findall(r"%%|%s", left.v)
            if sum(h == "%s" for h in holes) != len(items):
                return None
            known = iter([(e, self.url_pattern(e, scope, depth + 1)) for e in items])

            def fill(m: re.Match[str]) -> str:
                if m.group(0) == "%%":
                    return "%"
                e, p = next(known)
                if p is not None:
                    return p
                # the whole body of a regex group (`^v(?P<api_version>%s)/login/$` % versions):
                # left out, the group would match only the empty string; named for the value
                whole_group = _GROUP_HEAD.search(left.v, 0, m.start()) is not None and left.v.startswith(")", m.end())
                return self.hole_text(e, "{}" if whole_group else hole)

            return re.sub(r"%%|%s", fill, left.v)
        v = self.val(node, scope)
        if v.k == STR:
            return v.v
        if tp is cst.Attribute and v.k == IDENT and v.v.split(".")[-2:] == ["settings", "LOGIN_URL"]:
            return _DJANGO_LOGIN_URL  # (Django's sign-in page, where the project does not move it)
        b = self.lookup(node.value, self.start(node), scope) if tp is cst.Name else None
        if b is not None and b.kind == "var" and b.value is not None and b.value is not node:
            return self.url_pattern(b.value, b.scope, depth + 1, hole)  # (`ACCOUNT_URL = getattr(settings, ...)`)
        return None

    def built_pattern(self, node: Any, scope: _Scope, depth: int, hole: str) -> str | None:
        """The text of a URL pattern a call builds from known parts:
        ``r"^{}{}$".format(LOGIN_PREFIX, slash)`` (each placeholder filled with
        its argument's text, or ``hole``), ``url.strip("/")`` (and ``lstrip``,
        ``rstrip``), and ``getattr(settings, "RESET_URL", "/password/reset/")``
        -- a setting read with a default serves the default's path unless the
        project overrides it (as Mezzanine's accounts URLconf builds its
        routes). None for any other call."""
        func = node.func
        args = [a.value for a in node.args if a.keyword is None and not a.star]
        if type(func) is cst.Name and func.value == "getattr" and len(args) == 3 and len(node.args) == 3:
            return self.url_pattern(args[2], scope, depth + 1, hole)
        if type(func) is not cst.Attribute:
            return None
        method = func.attr.value
        if method in ("strip", "lstrip", "rstrip") and len(node.args) <= 1:
            chars = self.val(args[0], scope) if args else None
            if chars is not None and chars.k != STR:
                return None
            text = self.url_pattern(func.value, scope, depth + 1)
            return getattr(text, method)(chars.v if chars is not None else None) if text is not None else None
        if method != "format" or type(func.value) not in (cst.SimpleString, cst.ConcatenatedString):
            return None
        recv = self.val(func.value, scope)
        if recv.k != STR:
            return None
        named = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
        out: list[str] = []
        auto = 0
        try:
            for text, field, _spec, _conv in string.Formatter().parse(recv.v):
                out.append(text)
                if field is None:
                    continue
                if any(ch in field for ch in ".["):
                    return None  # (`{0.attr}`, `{0[key]}`: not filled in here)
                key, auto = (str(auto), auto + 1) if field == "" else (field, auto)
                arg = args[int(key)] if key.isdigit() and int(key) < len(args) else named.get(key)
                if arg is None:
                    return None
                part = self.url_pattern(arg, scope, depth + 1)
                out.append(part if part is not None else self.hole_text(arg, hole))
        except ValueError:
            return None  # (not a format string: a stray brace)
        return "".join(out)

    @staticmethod
    def hole_text(node: Any, hole: str) -> str:
        """How an unknown part of a %-formatted pattern is written: ``hole``,
        named for the value when there is one (``{url_prefix}``)."""
        name = node.value if type(node) is cst.Name else node.attr.value if type(node) is cst.Attribute else _subscript_key(node)
        return "{" + name + "}" if hole == "{}" and name else hole

    def included_modules(self, view: Val, scope: _Scope) -> list[str]:
        """What a Django ``include(...)`` call brings in: a URLconf module
        (``include("app.urls")``, ``include(app_urls)``) or a list of patterns
        (``include((base_urlpatterns, app_name))``), one for each operand of a
        ``+`` of such lists (``include((base_urlpatterns + oidc_urlpatterns,
        app_name))``, django-oauth-toolkit's lists as geonode includes them)."""
        if not 0 <= view.call < len(self.facts.calls) or not self.facts.calls[view.call].args:
            return []
        first = self.facts.calls[view.call].args[0]
        if first.k in (STR, IDENT):
            return [first.v]
        if first.k == ARR and first.items and first.items[0].k in (STR, IDENT):
            return [first.items[0].v]
        args = [a for a in self.call_nodes[view.call].args if a.keyword is None]
        node: Any = args[0].value if args else None
        if type(node) in (cst.Tuple, cst.List) and node.elements:
            node = node.elements[0].value
        if type(node) is not cst.BinaryOperation or type(node.operator) is not cst.Add:
            return []
        out: list[str] = []
        stack: list[Any] = [node]
        while stack and len(out) < 20:  # left to right, without recursion
            cur = stack.pop()
            if type(cur) is cst.BinaryOperation and type(cur.operator) is cst.Add:
                stack.extend((cur.right, cur.left))
            elif type(cur) in (cst.Name, cst.Attribute):
                v = self.val(cur, scope)
                if v.k == IDENT:
                    out.append(v.v)
        return out

    def call_route(self, c: Call, node: Any, scope: _Scope, includes: list[dict[str, Any]]) -> list[Route] | None:
        callee = c.callee
        # Django
        if callee in _DJANGO_PATHS:
            if len(c.args) < 2 and "view" not in c.kwargs:
                return None
            pv = c.args[0] if c.args else c.kwargs.get("route")
            view = c.args[1] if len(c.args) > 1 else c.kwargs.get("view")
            p = pv.v if pv is not None and pv.k in (STR, TMPL, IDENT) else ""
            if pv is not None and pv.k in (OTHER, CALL, TMPL):
                pnode = next((a.value for a in node.args if a.keyword is None), None) if c.args else \
                    next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "route"), None)
                p = (self.url_pattern(pnode, scope) if pnode is not None else None) or (p if pv.k == TMPL else self.formatted_literal(pv))
            if _DJANGO_PATHS[callee]:
                p = _strip_anchors(p)
            pre = self.inline_prefix.get(self.call_index.get(id(node), -1), "")
            if pre:
                p = pre + "/" + p.lstrip("/")
            if view is not None and view.k == CALL and view.v in _DJANGO_INCLUDES:
                for mod in self.included_modules(view, scope) or [""]:
                    includes.append({"prefix": "/" + p.lstrip("/"), "module": mod, "line": c.line})
                return None
            handler, mw = self.handler_of(view)
            middleware = ([view] if view is not None else []) + mw
            # url(r'^/login/?$', ...) under include('^account'): one slash, not two
            return [Route(method="ANY", path="/" + p.lstrip("/"), router="urls", handler=handler, middleware=middleware,
                          framework="django", line=c.line, col=c.col)]
        if callee in _TORNADO_URLS:
            r = self.tornado_route(node.args[0].value, node.args[1].value, node) if len(node.args) >= 2 else None
            return [r] if r is not None else None
        if c.method == "connect" and c.recv_type in _ROUTES_MAPPERS:
            r = self.routes_mapper_route(c, node, scope)
            return [r] if r is not None else None
        method = c.method
        # aiohttp: app.router.add_post('/x', handler), web.post('/x', handler)
        is_web = callee.startswith("aiohttp.web.") and callee.count(".") == 2
        if (method.startswith("add_") and method[4:] in _HTTP_METHODS + ("route", "view")) or (
            is_web and method in _HTTP_METHODS + ("route", "view")
        ):
            if not is_web and not (c.recv.endswith("router") or c.recv_type.startswith("aiohttp")):
                pv = c.args[0] if c.args else c.kwargs.get("path")
                if method == "add_route" and pv is not None and pv.k in (STR, TMPL) and pv.v.startswith("/") and any(
                    m.split(".")[0] in ("starlette", "fastapi") for m in self.modules
                ):
                    # Starlette / FastAPI: app.add_route("/login/", endpoint, methods=["POST"]) (piccolo-admin)
                    hv = c.args[1] if len(c.args) > 1 else c.kwargs.get("route")
                    handler, mw = self.handler_of(hv)
                    return [Route(method=_pick_method(c.kwargs.get("methods")), path=pv.v, router=c.recv, handler=handler,
                                  middleware=([hv] if hv is not None else []) + mw, framework="starlette", line=c.line, col=c.col)]
                return None
            name = method[4:] if method.startswith("add_") else method
            args = list(c.args)
            if name == "route":
                if len(args) < 3 or args[0].k != STR:
                    return None
                verb = args[0].v.upper()
                args = args[1:]
            else:
                verb = "ANY" if name == "view" else name.upper()
            if len(args) < 2 and "handler" not in c.kwargs:
                return None
            pv = args[0] if args else c.kwargs.get("path")
            hv = args[1] if len(args) > 1 else c.kwargs.get("handler")
            router = c.recv
            if is_web:
                parent = self.parents.get(id(node))
                while parent is not None and not isinstance(parent, (cst.Call, cst.SimpleStatementLine)):
                    parent = self.parents.get(id(parent))
                if type(parent) is cst.Call:
                    pc = self.facts.calls[self.call_index[id(parent)]]
                    if pc.method == "add_routes":
                        router = pc.recv
            handler, mw = self.handler_of(hv)
            middleware = ([hv] if hv is not None else []) + mw
            return [Route(method=verb, path=pv.v if pv is not None else "", router=router, handler=handler,
                          middleware=middleware, framework="aiohttp", line=c.line, col=c.col)]
        # Flask add_url_rule / FastAPI add_api_route / flask-restful add_resource / Starlette Route
        if method in ("add_url_rule", "add_api_route"):
            pv = c.args[0] if c.args else c.kwargs.get("rule") or c.kwargs.get("path")
            if method == "add_url_rule":
                hv = c.kwargs.get("view_func") or (c.args[2] if len(c.args) > 2 else None)
                fw = "flask"
            else:
                hv = c.kwargs.get("endpoint") or (c.args[1] if len(c.args) > 1 else None)
                fw = "fastapi"
            # one registration per entry of a literal table the call loops over, else the call's own
            regs = self.loop_table_rules(c, node, scope) or [(pv, hv, c.kwargs.get("methods"), c.line, c.col)]
            out = []
            for pv, hv, methods, line, col in regs:
                if pv is None or pv.k not in (STR, TMPL, IDENT):
                    continue
                handler, mw = self.handler_of(hv)
                middleware = ([hv] if hv is not None else []) + mw
                deps = c.kwargs.get("dependencies")
                if deps is not None and deps.k == ARR and deps.items:
                    middleware.extend(deps.items)
                prefix = self.prefix_for(node.func.value, scope, self.start(node)) if type(node.func) is cst.Attribute else ""
                # a class-based view (MethodView.as_view) answers the methods its class defines
                verb = "ANY" if methods is None and self.is_view_class(hv, scope, self.start(node)) else _pick_method(methods)
                path = pv.v
                if pv.k == IDENT and self.param_of_enclosing(pv.v, scope):
                    # `def api_routing(endpoint): def decorator(func): api.add_url_rule(endpoint, view_func=func)`
                    # (supysonic): the path is whatever the helper is given, a placeholder, not a literal segment
                    path = "{" + pv.v + "}"
                out.append(Route(method=verb, path=_join(prefix, path) if prefix else path,
                                 router=c.recv, handler=handler, middleware=middleware, framework=fw, line=line, col=col))
            return out or None
        if method == "add_resource" and len(c.args) >= 2 and any(
            m.startswith(("flask_restful", "flask_restx")) for m in self.modules
        ):
            out = []
            prefix = self.restful_prefix(node.func.value, scope, self.start(node)) if type(node.func) is cst.Attribute else ""
            for pv in c.args[1:]:
                if pv.k == STR:
                    out.append(Route(method="ANY", path=_join(prefix, pv.v), router=c.recv, handler="", middleware=[c.args[0]],
                                     framework="flask", line=c.line, col=c.col))
            return out or None
        if callee == "werkzeug.routing.Rule" and c.args and c.args[0].k == STR:
            # Map([Rule("/login/", methods=["POST"], endpoint=login)])
            hv = c.kwargs.get("endpoint")
            handler, mw = self.handler_of(hv)
            return [Route(method=_pick_method(c.kwargs.get("methods")), path=c.args[0].v, router="url_map", handler=handler,
                          middleware=([hv] if hv is not None else []) + mw, framework="werkzeug", line=c.line, col=c.col)]
        if callee in ("starlette.routing.Route", "starlette.routing.WebSocketRoute") and c.args:
            pv = c.args[0]
            hv = c.args[1] if len(c.args) > 1 else c.kwargs.get("endpoint")
            handler, mw = self.handler_of(hv)
            middleware = ([hv] if hv is not None else []) + mw
            mwv = c.kwargs.get("middleware")
            if mwv is not None:
                middleware.append(mwv)
            methods = c.kwargs.get("methods")
            # an HTTPEndpoint class answers the methods it defines
            verb = "ANY" if methods is None and self.is_view_class(hv, scope, self.start(node)) else _pick_method(methods)
            return [Route(method=verb, path=pv.v, router="routes", handler=handler,
                          middleware=middleware, framework="starlette", line=c.line, col=c.col)]
        return None

    def loop_table_rules(self, c: Call, node: Any, scope: _Scope) -> list[tuple[Val | None, Val | None, Val | None, int, int]]:
        """The registrations an ``add_url_rule``/``add_api_route`` call makes in
        a ``for`` loop over a literal table whose entries give its path:
        ``for endpoint, rule in [('repo_list', '/'), ('blob', '/<repo>/blob/'),
        ...]: self.add_url_rule(rule, view_func=getattr(views, endpoint))``
        (klaus's ``setup_routes``), also over a module-level ``URLS = [...]``
        and with a literal prefix (``"/~<namespace>" + rule``): one (path,
        view, methods, line, col) per entry, at the entry, the view and the
        methods taken from the entry when the call names a part of it
        (``getattr(module, name)`` names the module's attribute); [] when
        the path is no part of such a table."""
        loop = self.enclosing_for(node)
        if type(loop) is not cst.For:
            return []
        table = self.literal_table(loop.iter) if not (type(loop.iter) is cst.Name and self.param_of_enclosing(loop.iter.value, scope)) else None
        if table is None:
            return []
        pos = [a.value for a in node.args if a.keyword is None]
        kw = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
        pnode = pos[0] if pos else kw.get("rule", kw.get("path"))
        view_at = 2 if c.method == "add_url_rule" else 1
        vnode = kw.get("view_func" if c.method == "add_url_rule" else "endpoint", pos[view_at] if len(pos) > view_at else None)
        mnode = kw.get("methods")
        out: list[tuple[Val | None, Val | None, Val | None, int, int]] = []
        for el in table.elements:
            bound: dict[str, Any] = {}
            if not _destructure(loop.target, el.value, bound):
                continue
            path = self.table_path(pnode, bound)
            if not path.startswith("/"):
                continue
            view = self.table_value(vnode, bound, scope)
            methods = self.table_value(mnode, bound, scope)
            line, col = self.pos1(el.value)
            out.append((Val(STR, path, line=line), view, methods, line, col))
        return out

    def literal_table(self, it: Any) -> Any:
        """The literal list or tuple a loop runs over: written in place, or
        the value of a module-level name assigned once (the caller makes
        sure no parameter shadows it); None otherwise."""
        if type(it) in (cst.List, cst.Tuple):
            return it
        if type(it) is not cst.Name:
            return None
        values = [value for target, scope, value, _node, _refs in self.assign_recs if target == it.value and scope is self.module_scope]
        return values[0] if len(values) == 1 and type(values[0]) in (cst.List, cst.Tuple) else None

    def table_path(self, node: Any, bound: dict[str, Any]) -> str:
        """The literal path an entry gives a rule written as a loop name
        (``rule``) or a literal prefix plus one (``"/~<namespace>" + rule``);
        '' otherwise."""
        if type(node) is cst.Name and node.value in bound:
            return self.literal_str(bound[node.value])
        if type(node) is cst.BinaryOperation and type(node.operator) is cst.Add and type(node.right) is cst.Name:
            head, tail = self.literal_str(node.left), self.table_path(node.right, bound)
            return head + tail if head and tail else ""
        return ""

    def table_value(self, node: Any, bound: dict[str, Any], scope: _Scope) -> Val | None:
        """What a part of a table's registration is for one entry: the
        entry's value for a loop name, ``module.name`` for ``getattr(module,
        name)`` with the name a string of the entry, else the part itself."""
        if node is None:
            return None
        if type(node) is cst.Name and node.value in bound:
            return self.val(bound[node.value], scope)
        if (type(node) is cst.Call and type(node.func) is cst.Name and node.func.value == "getattr" and len(node.args) == 2
                and type(node.args[1].value) is cst.Name and node.args[1].value.value in bound):
            attr = self.literal_str(bound[node.args[1].value.value])
            home = self.resolve_dotted(node.args[0].value, scope)
            if attr.isidentifier() and home and "(" not in home and "[" not in home:
                return Val(IDENT, f"{home}.{attr}", line=self.start(bound[node.args[1].value.value])[0])
        return self.val(node, scope)

    def is_view_class(self, v: Val | None, scope: _Scope, pos: tuple[int, int]) -> bool:
        """``X.as_view(...)`` (possibly wrapped, or through a local variable) or a local class."""
        if v is None:
            return False
        if v.k == CALL:
            if v.v.endswith(".as_view"):
                return True
            if 0 <= v.call < len(self.facts.calls):
                return any(a.k == CALL and a.v.endswith(".as_view") for a in self.facts.calls[v.call].args)
            return False
        if v.k == IDENT and v.v and "." not in v.v:
            b = self.lookup(v.v, pos, scope)
            if b is None:
                return False
            if b.kind == "class":
                return True
            call = self.unwrap_call(b.value) if b.kind == "var" else None
            return call is not None and self.callee_of(call).endswith(".as_view")
        return False

    # -- consts / extras ----------------------------------------------------

    def build_consts(self) -> None:
        consts: dict[str, tuple[tuple[int, int], Val]] = {}
        test_only = [self.span(n) for n in self.test_only_ifs]
        for key, binds in self.bindings.items():
            if "." in key:
                continue
            for b in binds:
                if b.scope is not self.module_scope or b.kind != "var" or b.value is None:
                    continue
                if test_only and any((l1, c1) <= b.pos <= (l2, c2) for l1, c1, l2, c2 in test_only):
                    continue  # `if TESTING: CACHES = {...}` (evap): the test run's value, not production's
                prev = consts.get(key)
                if prev is not None and prev[0] > b.pos:
                    continue
                v = self.val(b.value, b.scope)
                if v.k == ARR:
                    v = self.list_alternatives(key, b, v, None, 0, 0)
                elif v.k == OBJ and key in self.mutations:
                    # a settings dict finished further down the module: `REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [...]`,
                    # `REST_FRAMEWORK.update({...})` -- the value the module leaves, up to the next binding of the name
                    v = self.mutated(key, v, b, min((o.pos for o in binds if o.scope is self.module_scope and o.pos > b.pos), default=_END), 0, 0)
                if v.k in _CONST_KINDS:
                    consts[key] = (b.pos, v)
                elif prev is not None:
                    del consts[key]  # rebound to something that is not a constant
        for name, v, pos in self.class_consts:
            consts[name] = (pos, v)
        self.facts.consts = {k: v for k, (_p, v) in sorted(consts.items(), key=lambda kv: kv[1][0])}

    def _bound_to_database_file(self) -> set[tuple[str, str]]:
        """(name, function) pairs a function binds, once at least, to the
        database's own file (``path = engine.url.database``): every binding of
        those names is kept (see _assigns.database_file_value)."""
        return {(target, self.func_id(scope)) for target, scope, value, _node, _refs in self.assign_recs
                if _ends_like_database_file(value) and database_file_value(target, self.val(value, scope).v)}

    def build_extras(self) -> None:
        extra = self.facts.extra
        aliases = self.depends_aliases()
        if aliases:
            extra["depends_aliases"] = aliases
        form_reads = sorted({f.id for f in self.form_read_funcs.values() if f.id})
        if form_reads:
            extra["form_reads"] = form_reads
        handlers = []
        for h, try_node, scope in self.handlers:
            types: list[str] = []
            if h.type is not None:
                exprs = [e.value for e in h.type.elements] if type(h.type) is cst.Tuple else [h.type]
                types = [self.resolve_dotted(e, scope) for e in exprs]
            l1, _a, l2, _b = self.span(h)
            t1, _c, t2, _d = self.span(try_node)
            entry: dict[str, Any] = {"line": l1, "end_line": l2, "try_line": t1, "try_end_line": t2, "types": types,
                                     "func": self.func_id(scope)}
            if _ends_in_reraise(h):
                entry["reraise"] = True
            handlers.append(entry)
        extra["handlers"] = handlers
        withs = []
        for node, call, scope, is_async, as_text, item_text in self.withs:
            l1, _a, l2, _b = self.span(node)
            item: dict[str, Any] = {"line": l1, "end_line": l2,
                                    "call": self.call_index.get(id(call), -1) if call is not None else -1,
                                    "func": self.func_id(scope)}
            if as_text:
                item["as"] = as_text
            if is_async:
                item["async"] = True
            if item_text:
                item["item"] = item_text
            withs.append(item)
        extra["withs"] = withs
        loops = []
        # (start, end, scope, iterable) of the `for` statements over a name or a member, in file order
        fors = sorted(((self.span(f)[:2], self.span(f)[2:], fs, f.iter) for f, fs in self.name_fors), key=lambda t: t[0])
        for_starts = [t[0] for t in fors]
        for n, s in self.loops:
            loop = {"line": self.span(n)[0], "end_line": self.span(n)[2], "test": self.short(n.test), "func": self.func_id(s)}
            if _retries(n) or _polls_for_result(n):
                loop["retry"] = True
            if self.raises_on_deadline(n) or _raises_on_empty_poll(n):
                loop["deadline"] = True
            if _ends_on_line_read(n):
                loop["until_line"] = True
            if _leaves(n):
                loop["leaves"] = True
            # what `for` / `async for` statements in the loop's body (not its `else`, nor a function or
            # class defined there) iterate over when it is a name or a member (`for message in consumer:`):
            # an iterator that may block between items, such as a Kafka consumer, paces the loop the way
            # a `sleep` or a `poll()` does
            l1, c1, l2, c2 = self.span(n.body)
            iterated = [self.short(it) for start, end, fs, it in fors[bisect_left(for_starts, (l1, c1)):bisect_right(for_starts, (l2, c2))]
                        if fs is s and end <= (l2, c2)]
            if iterated:
                loop["iterates"] = iterated
            loops.append(loop)
        extra["loops"] = loops
        if self.yields:
            extra["yields"] = [[self.span(n)[0], self.func_id(sc)] for n, sc in self.yields]
        if self.raised:
            # [line, 1-based column] of calls whose result a `raise` throws
            extra["raised"] = [list(self.pos1(n)) for n in self.raised]
        if self.async_fors:
            # [line, iterable's text, function id]
            extra["async_for"] = [[self.span(n)[0], self.short(n.iter), self.func_id(sc)] for n, sc in self.async_fors]
        extra["main_guard"] = [[self.span(n)[0], self.span(n)[2]] for n in self.main_guards]
        if self.statsd_formats:
            extra["statsd_formats"] = self.statsd_formats
        if self.name_guards:
            # [if line, variable, function name, first and last line of the if's body]
            extra["name_guards"] = [[self.span(n)[0], var, name, self.span(n.body)[0], self.span(n.body)[2]] for n, var, name in self.name_guards]
        if self.scheme_ifs:
            # [if line, function id, text whose scheme is tested, scheme, first and last line of the if's body]
            extra["scheme_ifs"] = [[self.span(n)[0], self.func_id(sc), owner, scheme, self.span(n.body)[0], self.span(n.body)[2]]
                                   for n, sc, owner, scheme in self.scheme_ifs]
        prefix_ifs = self.prefix_if_arms()
        if prefix_ifs:
            extra["prefix_ifs"] = prefix_ifs
        flag_ifs = self.off_flag_ifs()
        if flag_ifs:
            extra["flag_ifs"] = flag_ifs
        if self.handoffs:
            # [spread call line, column, handed-to call line, column, argument position or keyword] (see note_handoffs)
            extra["dict_handoffs"] = [[*spread, *to, at] for spread, to, at in sorted(self.handoffs, key=str)]
        key_sets = self.param_key_sets()
        if key_sets:
            extra["param_key_sets"] = key_sets
        timeout_ifs = self.timeout_ifs()
        if timeout_ifs:
            extra["timeout_ifs"] = timeout_ifs
        method_picks = self.method_picks()
        if method_picks:
            extra["method_picks"] = method_picks
        none_timeouts = self.none_timeouts()
        if none_timeouts:
            extra["none_timeouts"] = none_timeouts
        kept_timeouts = self.kept_timeouts()
        if kept_timeouts:
            extra["kept_timeouts"] = kept_timeouts
        if self.branch_nodes and self.call_nodes:
            regions = branch_regions(((self.pos1(n), self.arms_of(n)) for n in self.branch_nodes), sorted(self.pos1(n) for n in self.call_nodes))
            if regions:
                extra["branches"] = regions
        assigns = []
        path_joins = []
        sites = call_sites(self.facts.calls)
        db_bound = self._bound_to_database_file()
        for target, scope, value, node, refs in self.assign_recs:  # only what a check reads: see _assigns
            func = self.func_id(scope)
            line = self.start(node)[0]
            if func and type(value) is cst.BinaryOperation and type(value.operator) is cst.Divide and target.isidentifier():
                base = value.left
                while type(base) is cst.BinaryOperation and type(base.operator) is cst.Divide:
                    base = base.left
                path_joins.append([target, func, line, self.short(base, 120)])
            names = pool_names(self.resolve_dotted(r, scope) for r in refs) if refs and pool_target(target) else []
            if names or by_target(target):
                v = self.val(value, scope)
                if v.k == CALL and "SQLALCHEMY_" in target:
                    # `app.config["SQLALCHEMY_ENGINE_OPTIONS"] = get_engine_options(url)`: the dict a helper of this file returns
                    v = self.returned_dict(value) or v
            elif may_bind(target, line, func, sites):
                v = self.val(value, scope)
                if v.k in UNBOUND_KINDS:
                    continue
            elif type(value) in (cst.Attribute, cst.Subscript) and func:
                v = self.val(value, scope)  # `user = self.context["user"]` (see _assigns.signed_in_value)
                if not signed_in_value(target, v.k, v.v) and not authorization_value(target, v.k, v.v) and (target, func) not in db_bound:
                    continue
            elif (target, func) in db_bound:
                v = self.val(value, scope)
            else:
                continue
            assigns.append([target, func, line, to_json(v), names])
        if assigns:
            extra["assigns"] = assigns
        if path_joins:
            extra["path_joins"] = path_joins
        attr_values = self.attribute_values()
        if attr_values:
            extra["attr_values"] = attr_values
        returns = []
        for scope, value in self.return_strs:
            v = self.val(value, scope)
            if v.k in (STR, TMPL):  # (a returned name counts when it holds one: `url = f"..."; return url`)
                returns.append([self.func_id(scope), to_json(v)])
        if returns:
            extra["returns"] = returns
        # [func id, name] of each `return name` (as the JS frontend records them): a function that
        # hands out what it bound to that name (`engine = create_db_engine(cfg)` ... `return engine`)
        return_names = [[self.func_id(sc), v.value] for sc, v in self.return_strs if type(v) is cst.Name]
        if return_names:
            extra["return_names"] = return_names
        if self.return_tuples:
            extra["return_tuples"] = [[self.func_id(sc), [
                "*" if type(e) is cst.StarredElement else self.dotted_raw(e.value) if type(e.value) in (cst.Name, cst.Attribute) else ""
                for e in value.elements]] for sc, value in self.return_tuples]
        # [method id, dict] of a property whose every return gives a dict
        # (`**settings.engine_args` in another module reads it, see checks._db)
        by_scope: dict[_Scope, list[Any]] = {}
        for scope, value in (*self.return_dicts, *((sc, v) for sc, v in self.return_strs if type(v) is cst.Name)):
            fact = scope.fact
            if fact is not None and fact.cls and any(d.v.rsplit(".", 1)[-1] in _PROPERTY_DECORATORS for d in fact.decorators):
                by_scope.setdefault(scope, []).append(value)
        prop_dicts = []
        for scope, values in by_scope.items():
            if self.return_counts.get(scope) == len(values):
                got = self.dicts_returned(scope, values)
                if got is not None:
                    prop_dicts.append([self.func_id(scope), to_json(got)])
        if prop_dicts:
            extra["property_dicts"] = prop_dicts
        named_routes = self.named_path_routes()
        if named_routes:
            extra["named_path_routes"] = named_routes
        route_returns = self.returned_route_tables()
        if route_returns:
            extra["route_table_returns"] = route_returns
        entry_mounts = self.route_entry_mounts()
        if entry_mounts:
            extra["route_entry_mounts"] = entry_mounts
        if self.error_returns:
            # [function id, status] of `return <literal>, <4xx/5xx>` (Flask's body and status)
            extra["error_returns"] = [[self.func_id(sc), status] for sc, status in self.error_returns]
        if self.compare_recs:
            extra["compares"] = [[self.start(n)[0], self.func_id(sc), self.short(n, 120), *([1] if item else [])]
                                 for n, sc, item in self.compare_recs]
        url_only = self.url_only_engines()
        if url_only:
            extra["url_only"] = url_only
        local_engines = [i for i in self.local_engines() if i not in url_only]
        if local_engines:
            extra["local_engines"] = local_engines
        local_params = self.local_params()
        if local_params:
            extra["local_params"] = local_params
        if self.chained:
            # [line, column, targets] of calls assigned to more than one target: the later names or attributes
            extra["chained_targets"] = [[self.span(n)[0], self.span(n)[1] + 1, more] for n, more in self.chained.values()]
        init_attrs = self.init_param_attrs()
        if init_attrs:
            extra["init_attrs"] = init_attrs
        if not any(m == "tornado" or m.startswith("tornado.") for m in self.modules):
            tables = self.route_tables()
            if tables:
                extra["route_tables"] = tables
        registrars = self.route_registrars()
        if registrars:
            extra["route_registrars"] = registrars
        if self.alias_names:
            extra["module_aliases"] = sorted(self.alias_names)
        if self.table_loop_vars:
            receivers = self.loop_table_receivers()
            if receivers:
                extra["loop_receivers"] = receivers

    def loop_table_receivers(self) -> list[Any]:
        """[call index, variable, [names]] of the method calls on a ``for``
        loop's variable when the loop walks a literal list or tuple (written
        in place or bound to a name), every entry of which gives the variable a name:
        module-build-service's ``tasks = ((log_summary, "Log summary"), ...)``
        then ``for task, name in tasks: sender.add_periodic_task(n,
        task.s(), name=name)``: ``task`` takes each import-resolved name."""
        out: list[Any] = []
        for i, node in enumerate(self.call_nodes):
            func = node.func
            if type(func) is not cst.Attribute or type(func.value) is not cst.Name or func.value.value not in self.table_loop_vars:
                continue
            loop = self.enclosing_for(node)
            if type(loop) is not cst.For or type(loop.iter) not in (cst.Name, cst.Tuple, cst.List):
                continue
            var = func.value.value
            scope = self.scope_of.get(id(node), self.module_scope)
            table: Any = loop.iter
            if type(table) is cst.Name:
                b = self.lookup(table.value, self.start(loop), scope)
                table = b.value if b is not None and b.kind == "var" else None
            if type(table) not in (cst.Tuple, cst.List) or not table.elements:
                continue
            names: list[str] = []
            for el in table.elements:
                bound: dict[str, Any] = {}
                if type(el) is cst.StarredElement or not _destructure(loop.target, el.value, bound) or type(bound.get(var)) not in (cst.Name, cst.Attribute):
                    names = []
                    break
                names.append(self.resolve_dotted(bound[var], scope))
            if names:
                out.append([i, var, names])
        return out

    def named_path_routes(self) -> list[Any]:
        """[line, path name, handler name] of ``(url, Handler)`` pairs in a list
        whose path is a name, read through a variable it is assigned to and a
        ``cast``/``str`` around it: thumbor's ``url = cast(str,
        context.config.HEALTHCHECK_ROUTE)`` then ``return [(url,
        HealthcheckHandler)]`` gives ``context.config.HEALTHCHECK_ROUTE`` (see
        ``checks.health``)."""
        out: list[Any] = []
        for t, scope in self.named_route_pairs[:200]:
            path, handler = t.elements[0].value, t.elements[1].value
            for _ in range(3):
                if type(path) is cst.Name:
                    b = self.lookup(path.value, self.start(path), scope)
                    if b is None or b.kind != "var" or b.value is None:
                        break
                    path = b.value
                elif type(path) is cst.Call and self.dotted_raw(path.func) in ("cast", "typing.cast", "str") and path.args:
                    path = path.args[-1].value
                else:
                    break
            name = self.dotted_raw(path)
            if name:
                out.append([self.pos1(t)[0], name, self.dotted_raw(handler)])
        return out

    def returned_route_tables(self) -> list[Any]:
        """[function id, list] of a returned list of dict literals, one of which
        gives a path (``{"path": "/health", "endpoint": self.health, ...}``):
        the routes a plugin hands to the code that mounts them (chancy's
        ``ApiPlugin.routes()``; see ``checks.health.table_route``)."""
        out: list[Any] = []
        for scope, value in self.return_lists:
            items = [el.value for el in value.elements]
            if not items or not all(type(it) is cst.Dict for it in items):
                continue
            v = self.val(value, scope)
            if any(it.k == OBJ and any((p := (it.keys or {}).get(k)) is not None and p.k == STR and p.v.startswith("/")
                                       for k in _ROUTE_TABLE_KEYS) for it in v.items or ()):
                out.append([self.func_id(scope), to_json(v)])
        return out

    def route_entry_mounts(self) -> list[Any]:
        """Routes registered in a loop over the route table a method returns,
        reading each entry's path and methods by key: ``for route in
        plugin.routes(): Route(route["path"], ..., methods=route["methods"])``
        (chancy's ``Api.build_starlette_app``): [line, col of the route's
        call, the method's name, path key, methods key], for
        ``checks._routes.extra_routes`` to expand with the tables functions of
        that name return (``route_table_returns``)."""
        out: list[Any] = []
        at = {(r.line, r.col) for r in self.facts.routes if r.path.endswith("]")}
        if not at:
            return out
        for i, c in enumerate(self.facts.calls):
            if (c.line, c.col) not in at or not c.args or "methods" not in c.kwargs:
                continue
            node = self.call_nodes[i]
            loop = self.enclosing_for(node)
            if type(loop) is not cst.For or type(loop.target) is not cst.Name or type(loop.iter) is not cst.Call:
                continue
            it = loop.iter.func
            method = it.attr.value if type(it) is cst.Attribute else it.value if type(it) is cst.Name else ""
            name = loop.target.value
            path_key = _entry_key(node.args[0].value, name)
            methods_key = next((_entry_key(a.value, name) for a in node.args if a.keyword is not None and a.keyword.value == "methods"), "")
            if method and path_key and methods_key:
                out.append([c.line, c.col, method, path_key, methods_key])
        return out

    def route_tables(self) -> list[Any]:
        """``routes = [("/auth/login", LoginResource), ...]``: a list of
        ``("/path", ViewClass)`` tuples bound to a name, which a registration
        helper of the project may mount (see ``route_registrars`` and
        checks._routes.extra_routes), at module level, and the calls it is
        handed to: [name, [[path, view, line, col]...], [[call index, argument
        position]...]]."""
        out: list[Any] = []
        for node in self.route_lists:
            parent = self.parents.get(id(node))
            if type(parent) is not cst.Assign or len(parent.targets) != 1 or type(parent.targets[0].target) is not cst.Name:
                continue
            entries = []
            for el in node.elements:
                t = el.value
                if type(t) is not cst.Tuple or len(t.elements) != 2:
                    continue
                r = self.tornado_route(t.elements[0].value, t.elements[1].value, t)
                if r is not None and r.middleware:
                    entries.append([r.path, to_json(r.middleware[0]), r.line, r.col])
            up = self.parents.get(id(parent))
            while up is not None and type(up) not in _SCOPE_NODES:
                up = self.parents.get(id(up))
            if entries and type(up) is cst.Module:  # a module's table (a function's own list is not followed)
                out.append([parent.targets[0].target.value, entries[:200], []])
        if out:
            # where each table is handed to a call: [call index, argument position]
            by_name = {t[0]: t for t in out}
            for i, cnode in enumerate(self.call_nodes):
                for pos, arg in enumerate(cnode.args):
                    if arg.keyword is not None or arg.star:
                        break
                    if type(arg.value) is cst.Name and arg.value.value in by_name:
                        scope = self.scope_of.get(id(cnode))
                        b = self.lookup(arg.value.value, self.start(cnode), scope) if scope is not None else None
                        if b is not None and b.scope is self.module_scope:
                            by_name[arg.value.value][2].append([i, pos])
            out = [t for t in out if t[2]]
        return out

    @staticmethod
    def param_of_enclosing(name: str, scope: _Scope | None) -> bool:
        """``name`` is a parameter of the function ``scope`` is in, or of a function around it."""
        while scope is not None:
            if scope.kind == "func" and scope.fact is not None and name in scope.fact.params:
                return True
            scope = scope.parent
        return False

    def route_registrars(self) -> list[Any]:
        """Functions that mount every ``(path, view)`` pair of a table they are
        given: ``def configure(bp, route_tuples): for path, resource in
        route_tuples: bp.add_url_rule(path, view_func=resource.as_view(...))``
        (or ``api.add_resource(resource, path)``, ``add_api_route``):
        [function id, index of the table parameter, index of the router
        parameter or -1, framework]; and functions that mount one view at
        every path of a list they are given (FlaskBB's ``def
        register_view(bp_or_app, routes, view_func): for route in routes:
        bp_or_app.add_url_rule(route, view_func=view_func)``): the same, with
        the index of the view parameter last."""
        out: list[Any] = []
        seen: set[str] = set()
        for i, c in enumerate(self.facts.calls):
            if not c.func or c.func in seen or c.method not in ("add_url_rule", "add_resource", "add_api_route"):
                continue
            pv = _route_path_arg(c)
            if pv is None or pv.k != IDENT or "." in pv.v:
                continue
            node = self.call_nodes[i]
            scope = self.scope_of.get(id(node))
            fs = scope.func if scope is not None else None
            if fs is None or fs.fact is None or fs.fact.id != c.func:
                continue
            loop = self.enclosing_for(node)
            if type(loop) is not cst.For or type(loop.iter) is not cst.Name:
                continue
            params = fs.fact.params
            if type(loop.target) is cst.Name and c.method == "add_url_rule":
                # one view at each path of a list: `for route in routes: bp.add_url_rule(route, view_func=view_func)`
                view = c.kwargs.get("view_func") or (c.args[2] if len(c.args) > 2 else None)
                if (loop.target.value != pv.v or loop.iter.value not in params or c.recv not in params
                        or view is None or view.k != IDENT or view.v not in params):
                    continue
                seen.add(c.func)
                out.append([c.func, params.index(loop.iter.value), params.index(c.recv), "flask", params.index(view.v)])
                continue
            if type(loop.target) is not cst.Tuple:
                continue
            names = [e.value.value if type(e.value) is cst.Name else "" for e in loop.target.elements]
            if len(names) != 2 or pv.v not in names or loop.iter.value not in params:
                continue
            router = c.recv if c.recv in params else ""
            seen.add(c.func)
            out.append([c.func, params.index(loop.iter.value), params.index(router) if router else -1,
                        "fastapi" if c.method == "add_api_route" else "flask"])
        return out

    def attribute_values(self) -> list[list[Any]]:
        """The values other than a call (or ``None``) the file gives a ``self.``
        attribute that a call is also assigned to: [target, line, value]
        (``self.url = config.db_url`` in one arm of an ``if``, ``self.url =
        make_url('sqlite:///' + path)`` in the other).  checks._db reads the
        dialect of an engine built from the attribute from every value it
        may hold (see _attribute_dialect)."""
        targets = {c.assigned for c in self.facts.calls if c.assigned.startswith("self.")}
        out: list[list[Any]] = []
        for target, scope, value, node, _refs in self.assign_recs if targets else ():
            if target in targets and self.unwrap_call(value) is None and not (type(value) is cst.Name and value.value == "None"):
                out.append([target, self.start(node)[0], to_json(self.val(value, scope))])
        return out

    def _engine_locals(self) -> dict[str, list[tuple[int, Any, Func, _Scope]]]:
        """SQLAlchemy engines a function assigns to a plain local name (a
        single-target ``=``, not global/nonlocal): name -> [(call index,
        target node, function, its scope)]."""
        cands: dict[str, list[tuple[int, Any, Func, _Scope]]] = {}
        for i, c in enumerate(self.facts.calls):
            if not c.func or not c.assigned or "." in c.assigned or c.callee.rsplit(".", 1)[-1] not in _ENGINE_CTORS:
                continue
            node = self.call_nodes[i]
            scope = self.scope_of.get(id(node))
            fs = scope.func if scope is not None else None
            if fs is None or fs.fact is None or c.assigned in fs.globals or c.assigned in fs.nonlocals:
                continue
            parent = self.parents.get(id(node))
            if type(parent) is not cst.Assign or len(parent.targets) != 1 or type(parent.targets[0].target) is not cst.Name:
                continue
            cands.setdefault(c.assigned, []).append((i, parent.targets[0].target, fs.fact, fs))
        return cands

    def local_engines(self) -> list[int]:
        """Indexes of the SQLAlchemy engines a function makes for its own
        code only: ``engine = create_engine(url)`` then ``with
        engine.begin() as conn: ...`` -- every other occurrence of the name
        in the function is the object of an attribute (``engine.connect()``,
        ``engine.url``) or an argument of a call (which the checks judge:
        an engine not disposed of must be handed to none, see
        checks.pools._per_call), none in a nested function or lambda; no
        return, store, alias or second assignment.  Such an engine lives for
        one call of the function (see checks.pools._scoped)."""
        cands = self._engine_locals()
        out = []
        for name, sites in cands.items():
            per_func = Counter(id(site[3]) for site in sites)
            for i, target, fn, fs in sites:
                if per_func[id(fs)] > 1:
                    continue  # (assigned twice in the function: the second is an alias of a sort)
                if self._own_reads(name, target, fn, fs):
                    out.append(i)
        return sorted(out)

    def raises_on_deadline(self, loop: Any) -> bool:
        """A wait bounded by a deadline: an ``if`` in the loop's body (directly,
        or in an arm of another ``if`` there: patroni's raft ``retry``, ``elif
        deadline: timeout = deadline - time.time(); if timeout <= 0: raise``)
        whose test compares a timeout or deadline (``if timeout and waited >
        timeout:``, ``if time.monotonic() > deadline:``) and whose body ends
        in ``raise`` (not of ``SystemExit``: a worker that ends itself to be
        restarted): the loop gives up with an error once its time is out, so
        it waits for something and is not a worker."""
        for st in _ifs_in(loop.body):
            if not _ends_in(st.body, (cst.Raise,)) or "SystemExit" in self.short(st.body.body[-1]):
                continue
            test = self.short(st.test, 120)
            if re.search(r"[<>]", test) and _DEADLINE_WORD.search(test):
                return True
        return False

    def local_params(self) -> dict[str, list[str]]:
        """Function id -> the parameters the function uses in its own code
        only (:meth:`_own_reads`: never returned, stored, aliased or captured),
        in a module that imports SQLAlchemy or pandas: a helper handed an
        engine that it only reflects or queries through
        (``Table(name, MetaData(), autoload_with=engine)``) does not keep it
        (see checks.pools._helper_uses_locally)."""
        if not any(v.split(".", 1)[0] in ("sqlalchemy", "pandas") for v in self.imports.values()):
            return {}
        out: dict[str, list[str]] = {}
        for fact, _node, scope, _outer in self.funcs:
            names = [p for p in fact.params if p not in ("self", "cls") and self._own_reads(p, None, fact, scope)]
            if names:
                out[fact.id] = names
        return out

    def init_param_attrs(self) -> dict[str, dict[str, list[str]]]:
        """``__init__`` id -> parameter -> the ``self`` attributes the method
        stores it in as is (``self._pool = pool``): what a class holds of
        what its constructor is handed (see checks.pools._holder_calls)."""
        out: dict[str, dict[str, list[str]]] = {}
        for target, scope, value, _node, _refs in self.assign_recs:
            fs = scope.func
            fact = fs.fact if fs is not None else None
            if fact is None or fact.name != "__init__" or not fact.cls or scope is not fs or type(value) is not cst.Name:
                continue
            params = fact.params
            if not params or params[0] != "self" or value.value not in params[1:]:
                continue
            head, dot, attr = target.partition(".")
            if head != "self" or not dot or "." in attr or not attr.isidentifier():
                continue
            got = out.setdefault(fact.id, {}).setdefault(value.value, [])
            if attr not in got:
                got.append(attr)
        return out

    def _names_by_value(self, name: str) -> tuple[list[int], list[tuple[Any, Any]]]:
        """The ``name_nodes`` reading ``name``, by the line they start on
        (lines, nodes with their scopes; both in that order).  Built once, after
        the walk, so that a lookup within one function costs a bisection, not
        a pass over every read of the name in the file (a module of thousands
        of small functions all taking ``a`` made that quadratic)."""
        if self._name_index is None:
            by_value: dict[str, list[tuple[int, int, Any, Any]]] = {}
            for i, (n, sc) in enumerate(self.name_nodes):
                by_value.setdefault(n.value, []).append((self.start(n)[0], i, n, sc))
            self._name_index = {}
            for value, rows in by_value.items():
                rows.sort(key=operator.itemgetter(0, 1))
                self._name_index[value] = ([r[0] for r in rows], [(r[2], r[3]) for r in rows])
        return self._name_index.get(name, ([], []))

    def _own_reads(self, name: str, target: Any, fn: Func, fs: _Scope) -> bool:
        """Every read of ``name`` in ``fn`` (at least one) is the object of an
        attribute or a plain argument of a call, in ``fn``'s own code."""
        seen = 0
        lines, nodes = self._names_by_value(name)
        for n, sc in nodes[bisect_left(lines, fn.line) : bisect_right(lines, fn.end_line)]:
            if n is target:
                continue
            if sc is None or sc.func is not fs or self._in_lambda(n):
                return False
            parent = self.parents.get(id(n))
            if type(parent) is cst.Attribute and parent.value is n:
                seen += 1
            elif type(parent) is cst.Arg and parent.value is n and parent.star == "" and type(self.parents.get(id(parent))) is cst.Call:
                seen += 1
            else:
                return False
        return seen > 0

    def _in_lambda(self, node: Any) -> bool:
        """Is ``node`` inside a lambda (below the function it is read in)?"""
        p = self.parents.get(id(node))
        while p is not None and type(p) not in (cst.FunctionDef, cst.Module):
            if type(p) is cst.Lambda:
                return True
            p = self.parents.get(id(p))
        return False

    def url_only_engines(self) -> list[int]:
        """Indexes of the SQLAlchemy engines a function makes only to read their
        URL: ``engine = create_engine(url)`` then ``database_exists(engine.url)``,
        ``create_database(engine.url)`` (sqlalchemy_utils' idiom) and no other
        use of the name in the function (no method, no argument, no return, no
        store, not global): such an engine never checks a connection out, so
        it is no pool (see checks.pools._tooling)."""
        cands = self._engine_locals()
        if not cands:
            return []
        out = []
        for name, sites in cands.items():
            lines, nodes = self._names_by_value(name)
            for i, target, fn, _fs in sites:
                reads = 0
                for n, _sc in nodes[bisect_left(lines, fn.line) : bisect_right(lines, fn.end_line)]:
                    if n is target:
                        continue
                    parent = self.parents.get(id(n))
                    if type(parent) is cst.Attribute and parent.value is n and parent.attr.value == "url":
                        reads += 1
                        continue
                    reads = -1
                    break
                if reads > 0:
                    out.append(i)
        return sorted(out)


_PROPERTY_DECORATORS = frozenset({"property", "cached_property", "computed_field"})
def _entry_key(node: Any, name: str) -> str:
    """``key`` of ``name["key"]`` (an entry of a route table read by key), else ''."""
    if type(node) is not cst.Subscript or type(node.value) is not cst.Name or node.value.value != name or len(node.slice) != 1:
        return ""
    idx = node.slice[0].slice
    if type(idx) is not cst.Index or type(idx.value) is not cst.SimpleString:
        return ""
    return idx.value.value[1:-1]


# the keys a route table's entry gives its path under (returned_route_tables)
_ROUTE_TABLE_KEYS = ("path", "url", "route", "pattern")
# a name that says a wait's bound (raises_on_deadline)
_DEADLINE_WORD = re.compile(r"(?i)timeout|deadline")
# SQLAlchemy engine constructors (url_only_engines, local_engines)
_ENGINE_CTORS = frozenset({"create_engine", "create_async_engine"})
_RETURNED_NODES = (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString, cst.Name)
_LITERAL_BODIES = (cst.SimpleString, cst.ConcatenatedString, cst.Dict, cst.List, cst.Integer)


def _error_status(value: Any) -> int:
    """The status of a returned ``(literal body, 4xx/5xx)`` pair, else 0."""
    elts = value.elements
    if len(elts) != 2 or type(elts[0].value) not in _LITERAL_BODIES or type(elts[1].value) is not cst.Integer:
        return 0
    try:
        status = int(elts[1].value.value)
    except ValueError:
        return 0
    return status if 400 <= status < 600 else 0


def _last_statement(block: Any) -> Any:
    """The last statement of a block (an indented one, or a one-line suite
    such as ``except: raise``), the last small statement of its last line
    (``cleanup(); raise``); None for an empty block."""
    stmts = block.body
    if not stmts:
        return None
    last = stmts[-1]
    if type(last) is cst.SimpleStatementLine:
        last = last.body[-1] if last.body else None
    return last


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _catches_import_error(handler: Any, short: Callable[[Any], str]) -> bool:
    """Does the ``except`` clause catch a failed import?"""
    if handler.type is None:
        return True
    exprs = [e.value for e in handler.type.elements] if type(handler.type) is cst.Tuple else [handler.type]
    return any(short(e).rsplit(".", 1)[-1] in _IMPORT_ERRORS for e in exprs)


def _ends_in(block: Any, kinds: tuple[type, ...]) -> bool:
    return isinstance(_last_statement(block), kinds)


def _does_nothing(node: Any) -> bool:
    """A ``def`` whose body is only a docstring, ``pass``, ``...`` or a bare
    ``return`` (``return None``): a hook that exists to be overridden."""
    if type(node.body) is not cst.IndentedBlock:
        body = [node.body]  # `def hook(self): pass` on one line
    else:
        body = list(node.body.body)
    for st in body:
        if type(st) not in (cst.SimpleStatementLine, cst.SimpleStatementSuite):
            return False
        for small in st.body:
            if type(small) is cst.Pass:
                continue
            if type(small) is cst.Expr and type(small.value) in (cst.SimpleString, cst.ConcatenatedString, cst.Ellipsis):
                continue
            if type(small) is cst.Return and (small.value is None or (type(small.value) is cst.Name and small.value.value == "None")):
                continue
            return False
    return True


# statements a `return`/`raise` in their body leaves whole (see exited_block)
_LEFT_BY_EXIT = (cst.If, cst.Else, cst.With, cst.For, cst.While, cst.Match, cst.MatchCase)


def _guard_chain(node: Any) -> bool:
    """An ``if``/``elif`` chain with no ``else`` whose every arm ends in
    ``return`` or ``raise``."""
    cur = node
    for _ in range(50):
        if not _ends_in_exit(cur.body):
            return False
        if cur.orelse is None:
            return True
        if type(cur.orelse) is not cst.If:
            return False
        cur = cur.orelse
    return False


def _ends_in_exit(block: Any) -> bool:
    """Does a block (an ``if`` body, an ``except`` arm) end in ``return`` or ``raise``?"""
    return _ends_in(block, (cst.Return, cst.Raise))


def _ifs_in(block: Any) -> Iterator[Any]:
    """The ``if`` statements of a block and, within them, of their arms
    (``elif``/``else``), however deep; not those inside a ``try``, a loop or
    a ``with``."""
    for st in getattr(block, "body", ()):
        if type(st) is not cst.If:
            continue
        yield st
        yield from _ifs_in(st.body)
        arm = st.orelse
        while arm is not None:
            if type(arm) is cst.If:  # elif
                yield arm
                yield from _ifs_in(arm.body)
                arm = arm.orelse
            else:
                yield from _ifs_in(arm.body)
                arm = None


def _retries(loop: Any) -> bool:
    """A retry loop: ``while True: try: ...; break / return ... except: sleep``
    (the loop ends once its ``try`` body succeeds; it waits for something, it
    is not a worker), or a loop whose own body ends in ``break`` / ``return``:
    it runs again only where a ``continue`` retries it (patroni's
    wale_restore: ``except psycopg.Error: if attempts_no < self.retries:
    sleep(...); continue`` ... ``break``).  A ``try``'s ``else`` arm runs
    once its body succeeded: ``try: pool = connect() except OSError: sleep()
    else: return pool`` (arq's create_pool) retries the same way."""
    body = getattr(loop.body, "body", ())
    ends = (cst.Break, cst.Return)
    return _ends_in(loop.body, ends) or any(
        type(st) is cst.Try and (_ends_in(st.body, ends) or (st.orelse is not None and _ends_in(st.orelse.body, ends))) for st in body
    )


def _leaves(loop: Any) -> bool:
    """The loop's body can leave it: a ``break`` of this loop (not of a loop
    inside it) or a ``return`` anywhere in it (not in a function defined
    there).  A ``while True:`` without either runs until the process ends."""
    todo: list[tuple[Any, bool]] = [(loop.body, False)]
    while todo:
        node, inner = todo.pop()
        kind = type(node)
        if kind is cst.Return or (kind is cst.Break and not inner):
            return True
        if kind in (cst.FunctionDef, cst.ClassDef, cst.Lambda):
            continue
        inner = inner or kind in (cst.While, cst.For)
        todo.extend((child, inner) for child in child_nodes(node))
    return False


def _polls_for_result(loop: Any) -> bool:
    """A loop that polls until a result is ready and returns it: its own body
    assigns a name from a call, an ``if`` whose test reads that name ends in
    ``return`` of a value that reads it too, and the body ends in a
    ``sleep(...)`` before the next round (kafka-python's
    ``fetch_committed_offsets``, copied into frontera's offsets_fetcher:
    ``future = self._send_offset_fetch_request(partitions)`` ... ``if
    future.succeeded(): return future.value`` ... ``time.sleep(backoff)``).
    It waits for one answer, then goes on; it is not a worker.  A consumer
    that leaves on a sentinel with a bare ``return``, or that does not sleep
    between rounds, is not one."""
    last = _last_statement(loop.body)
    if not (type(last) is cst.Expr and type(last.value) is cst.Call):
        return False
    func = last.value.func
    if (func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else "") != "sleep":
        return False
    polled: set[str] = set()
    for st in getattr(loop.body, "body", ()):
        for small in getattr(st, "body", ()) if type(st) is cst.SimpleStatementLine else ():
            if (type(small) is cst.Assign and len(small.targets) == 1 and type(small.targets[0].target) is cst.Name
                    and type(small.value) in (cst.Call, cst.Await)):
                polled.add(small.targets[0].target.value)
    if not polled:
        return False
    for st in _ifs_in(loop.body):
        done = _last_statement(st.body)
        if type(done) is not cst.Return or done.value is None:
            continue
        read = polled & _names_read(st.test)
        if read and not read.isdisjoint(_names_read(done.value)):
            return True
    return False


# a call that waits for sockets to be ready for at most the time it is given
_POLL_CALLS = frozenset({"poll", "select"})


def _raises_on_empty_poll(loop: Any) -> bool:
    """A wait for a reply that gives up when it does not come: the loop's body
    (here or in a ``try`` there) assigns a name from a ``poll``/``select``
    call given a timeout (``events = dict(self.poller.poll(self.timeout))``,
    ``r, _, _ = select.select([sock], [], [], 5)``), and an ``if`` in the
    body whose test says that name is empty (``if len(events) == 0:``, ``if
    not events:``) ends in ``raise`` (not of ``SystemExit``): the RPC client
    of circus's ``CircusClient.call``, which raises ``CallError("Timed
    out.")`` and returns the reply that matches its request.  A worker waits
    again after an empty poll; it does not give up."""
    polled: set[str] = set()
    todo: list[Any] = list(getattr(loop.body, "body", ()))
    while todo:
        st = todo.pop()
        if type(st) is cst.Try:
            todo.extend(getattr(st.body, "body", ()))
            continue
        for small in getattr(st, "body", ()) if type(st) is cst.SimpleStatementLine else ():
            if type(small) is cst.Assign and _has_timed_poll(small.value):
                for t in small.targets:
                    polled |= {e.value.value for e in t.target.elements if type(e.value) is cst.Name} \
                        if type(t.target) is cst.Tuple else {t.target.value} if type(t.target) is cst.Name else set()
    if not polled:
        return False
    for st in _ifs_in(loop.body):
        if not _ends_in(st.body, (cst.Raise,)) or "SystemExit" in cst.Module([]).code_for_node(st.body.body[-1]):
            continue
        if _emptiness_of(st.test) & polled:
            return True
    return False


def _has_timed_poll(node: Any) -> bool:
    """``node`` is, or wraps in calls (``dict(...)``), a ``poll``/``select``
    call given an argument (its timeout)."""
    while type(node) is cst.Call:
        func = node.func
        name = func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else ""
        if name in _POLL_CALLS and node.args:
            return True
        if len(node.args) != 1:
            return False
        node = node.args[0].value
    return False


def _emptiness_of(test: Any) -> set[str]:
    """The name an ``if`` test says is empty: ``not x``, ``not len(x)``,
    ``len(x) == 0``, ``len(x) < 1``; else nothing."""
    if type(test) is cst.UnaryOperation and type(test.operator) is cst.Not:
        inner = _len_of(test.expression)
        return {test.expression.value} if type(test.expression) is cst.Name else {inner} if inner else set()
    if type(test) is cst.Comparison and len(test.comparisons) == 1:
        comp = test.comparisons[0]
        bound = comp.comparator.value if type(comp.comparator) is cst.Integer else ""
        name = _len_of(test.left)
        if name and ((type(comp.operator) is cst.Equal and bound == "0") or (type(comp.operator) is cst.LessThan and bound == "1")):
            return {name}
    return set()


def _len_of(node: Any) -> str:
    """``x`` of ``len(x)``, else ''."""
    if type(node) is cst.Call and type(node.func) is cst.Name and node.func.value == "len" and len(node.args) == 1 \
            and type(node.args[0].value) is cst.Name:
        return str(node.args[0].value.value)
    return ""


def _ends_on_line_read(loop: Any) -> bool:
    """A loop that follows a file until a line says it is done (``tail -f``):
    its own body assigns a name from a ``readline()`` call and an ``if`` there
    whose test reads that name ends in ``return`` or ``break`` (cobbler's CLI
    ``follow_task``: ``line = file.readline()`` ... ``if line.find("### TASK
    COMPLETE ###") != -1: ...; return 0``).  It waits for the output of work
    that runs elsewhere, then goes on; it is not a worker.  A follower that
    only sleeps at the end of the file and never stops (a log shipper) is
    not one."""
    read: set[str] = set()
    for st in getattr(loop.body, "body", ()):
        for small in getattr(st, "body", ()) if type(st) is cst.SimpleStatementLine else ():
            if (type(small) is cst.Assign and len(small.targets) == 1 and type(small.targets[0].target) is cst.Name
                    and type(small.value) is cst.Call and type(small.value.func) is cst.Attribute
                    and small.value.func.attr.value == "readline"):
                read.add(small.targets[0].target.value)
    if not read:
        return False
    return any(_ends_in(st.body, (cst.Return, cst.Break)) and not read.isdisjoint(_names_read(st.test)) for st in _ifs_in(loop.body))


def _names_read(node: Any) -> set[str]:
    """The plain names an expression mentions (``line`` in ``line.find(x) != -1``)."""
    out: set[str] = set()
    todo = [node]
    while todo:
        n = todo.pop()
        if type(n) is cst.Name:
            out.add(n.value)
        elif type(n) is cst.Attribute:
            todo.append(n.value)  # (`x.find`: the object, not the attribute's name)
        else:
            todo.extend(child_nodes(n))
    return out


def _ends_like_database_file(value: Any) -> bool:
    """``x.database``, ``x["database"]`` or ``x["NAME"]``: the only endings
    :data:`_assigns.DATABASE_FILE` accepts, told from the tree before the
    value is evaluated (most attribute assignments are not worth it)."""
    if type(value) is cst.Attribute:
        return value.attr.value == "database"
    if type(value) is not cst.Subscript or len(value.slice) != 1:
        return False
    index = value.slice[0].slice
    return type(index) is cst.Index and type(index.value) is cst.SimpleString and index.value.raw_value in ("database", "NAME")


def _route_path_arg(c: Call) -> Val | None:
    """The positional path argument of ``add_url_rule(path, ...)`` /
    ``add_api_route(path, ...)`` (``add_resource(view, path)``: the second),
    or None when it is not passed by position (``add_url_rule(**rule)``)."""
    at = 1 if c.method == "add_resource" else 0
    return c.args[at] if len(c.args) > at else None


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix.rstrip("/") + "/" + path.lstrip("/")


def _target_names(target: Any) -> list[str]:
    """The names a ``for`` target binds (``task, name`` -> task, name)."""
    if type(target) is cst.Name:
        return [target.value]
    if type(target) in (cst.Tuple, cst.List):
        return [n for e in target.elements for n in _target_names(e.value)]
    return []


def _destructure(target: Any, value: Any, out: dict[str, Any]) -> bool:
    """Bind the names of a ``for`` target (``view, (method, path)``) to the
    parts of a literal tuple of the same shape; False when the shapes differ."""
    if type(target) is cst.Name:
        out[target.value] = value
        return True
    if type(target) not in (cst.Tuple, cst.List) or type(value) not in (cst.Tuple, cst.List):
        return False
    if len(target.elements) != len(value.elements) or any(
        type(e) is cst.StarredElement for e in (*target.elements, *value.elements)
    ):
        return False  # (a starred part takes a run of values)
    return all(_destructure(t.value, v.value, out) for t, v in zip(target.elements, value.elements, strict=True))


def _pick_method(v: Val | None) -> str:
    """The one method a route with ``methods=...`` is recorded under: POST
    when listed, else the first listed that is not OPTIONS or HEAD (a CORS
    preflight or a GET's twin: ``methods=['OPTIONS', 'PUT']`` is a PUT
    route), else the first."""
    if v is None:
        return "GET"
    if v.k == ARR and v.items:
        names = [i.v.upper() for i in v.items if i.k == STR]
        if not names:
            return "ANY"
        if "POST" in names:
            return "POST"
        return next((n for n in names if n not in ("OPTIONS", "HEAD")), names[0])
    if v.k == STR:
        return v.v.upper()
    return "ANY"
