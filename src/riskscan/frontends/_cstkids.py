"""A libcst node's child nodes, fast, in libcst's own order.

``node.children`` runs libcst's visitor machinery over the node (it rebuilds
the node to collect what it visits): on a whole module that cost a quarter to a
third of the Python frontend's analysis time.  :func:`child_nodes` reads the
node's fields directly instead, in the order libcst visits them, and leaves
out the fields that only hold whitespace, comments and punctuation
(parentheses, commas, operators, dots, ``=``): a walk looking for names,
calls, literals, statements or expressions meets the same nodes in the same
order as one over ``children``.

The order is the one of the ``visit_*`` calls in each node class's
``_visit_and_replace_children``, read once per class from libcst's source
(``FunctionDef`` visits its decorators before its name, ``Arg`` its keyword
before its value: not the dataclass's field order).  A class whose order
cannot be read that way (no source, or a field that may hold a node and that
no visit call names) falls back to ``node.children`` as it is (with its
whitespace nodes, which such a walk passes over).
tests/frontends/test_cstkids.py checks the result against ``children`` on
every node of a module holding every kind of syntax and of real modules.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
from typing import Any

import libcst as cst

# fields that hold only whitespace, comments or punctuation (never a name,
# a call, an expression or a statement)
SKIP_FIELDS = frozenset(
    {"leading_lines", "lines_after_decorators", "lpar", "rpar", "comma", "semicolon", "equal", "colon", "lbracket",
     "rbracket", "lbrace", "rbrace", "header", "footer", "trailing_whitespace", "asynchronous", "operator", "dot",
     "default_indent", "default_newline", "has_trailing_newline", "encoding", "newline", "indent", "relative",
     "walrus", "star", "whitespace", "first_line", "empty_lines"}
)
_VISITS = frozenset({"visit_required", "visit_optional", "visit_sentinel", "visit_sequence", "visit_iterable", "visit_body_sequence",
                     "visit_body_iterable"})
# node class -> its content fields in libcst's visiting order (None: use ``children``)
_ORDER: dict[type, tuple[str, ...] | None] = {}
_IS_NODE: dict[type, bool] = {}


def skipped(field: str) -> bool:
    """Does ``field`` hold only whitespace, comments or punctuation?"""
    return field in SKIP_FIELDS or field.startswith("whitespace")


def _visit_order(tp: type) -> tuple[str, ...] | None:
    """The fields ``tp._visit_and_replace_children`` visits, in order (the
    skipped ones left out); None when that cannot be read from its source or
    a field that may hold a node is not among them."""
    try:
        src = textwrap.dedent(inspect.getsource(tp._visit_and_replace_children))  # type: ignore[attr-defined]
        tree = ast.parse(src)
        own = {f.name: f for f in dataclasses.fields(tp)}  # type: ignore[arg-type]
    except (OSError, TypeError, SyntaxError, AttributeError):
        return None
    calls = [
        n for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in _VISITS
        and len(n.args) >= 2 and isinstance(n.args[1], ast.Constant) and isinstance(n.args[1].value, str)
    ]
    calls.sort(key=lambda n: (n.lineno, n.col_offset))
    # (a field visited one way or another, ImportFrom's `names`, counts once)
    names = list(dict.fromkeys(n.args[1].value for n in calls))  # type: ignore[attr-defined]
    if not set(names) <= set(own):
        return None
    if any(not skipped(name) and not _plain(f) for name, f in own.items() if name not in names):
        return None  # a field that may hold a node and is not visited: not understood
    return tuple(name for name in names if not skipped(name))


def _plain(f: dataclasses.Field) -> bool:
    """Does the field hold a plain value (``Name.value``, a string's quotes)?"""
    t = f.type
    return t is str or t in ("str", "Optional[str]") or repr(t).startswith(("typing.Literal[", "typing.Optional[str]"))


def child_nodes(node: Any) -> list[Any]:
    """The nodes of ``node``'s content fields, in libcst's order (see the module doc)."""
    tp = type(node)
    try:
        order = _ORDER[tp]
    except KeyError:
        order = _ORDER[tp] = _visit_order(tp)
    if order is None:
        return list(node.children)
    out: list[Any] = []
    is_node = _IS_NODE
    for name in order:
        value = getattr(node, name)
        vt = type(value)
        if vt is tuple or vt is list:
            for x in value:
                xt = type(x)
                ok = is_node.get(xt)
                if ok is None:
                    ok = is_node[xt] = isinstance(x, cst.CSTNode)
                if ok:
                    out.append(x)
        else:
            ok = is_node.get(vt)
            if ok is None:
                ok = is_node[vt] = isinstance(value, cst.CSTNode)
            if ok:
                out.append(value)
    return out


_UNLEARNED: list[type] | None = None


def learn_some(n: int = 8) -> bool:
    """Read the order of up to ``n`` more node classes (all of them take
    about 0.1 s); False once every class's is known.  A pre-warmed child
    calls it while it waits for its files (riskscan.prewarm): the first
    file's walk then need not, and a file that arrives early waits for no
    more than ``n`` classes."""
    global _UNLEARNED
    if _UNLEARNED is None:
        _UNLEARNED = [value for value in vars(cst).values()
                      if isinstance(value, type) and issubclass(value, cst.CSTNode) and dataclasses.is_dataclass(value)]
        _UNLEARNED.reverse()  # (taken from the end)
    while n > 0 and _UNLEARNED:
        value = _UNLEARNED.pop()
        if value in _ORDER:
            continue
        n -= 1
        try:
            _ORDER[value] = _visit_order(value)
        except Exception:  # an abstract base: asked of no node
            continue
    return bool(_UNLEARNED)
