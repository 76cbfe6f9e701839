"""child_nodes (riskscan.frontends._cstkids) against libcst's own ``children``."""

from __future__ import annotations

import dataclasses
import glob
import os
from typing import Any

import libcst as cst
import pytest

from riskscan.frontends._cstkids import child_nodes, skipped

# syntax of every kind, including what only newer Pythons parse (libcst reads it whatever runs it)
EVERYTHING = '''
from __future__ import annotations
from . import a as b, c
from ..pkg.mod import (x, y as z)
from os import *
import os.path as osp, sys
@app.route("/x", methods=["GET"])
@functools.lru_cache(maxsize=None)
async def handler(a, /, b: int = 1, *args: str, c=2, d: "T" = f(x=1), **kw) -> dict[str, int]:
    global g
    nonlocal_ = [i async for i in aiter() if i]
    async with lock as held, other():
        await thing(*args, **kw)
    async for item in stream:
        yield item
    return {k: v for k, v in kw.items() if k} | {**kw, "a": 1}
class C(Base, metaclass=Meta):
    x: int = 3
    y: list[int]
    def m(self, v=lambda q, *, r=2: q + r):
        def inner():
            nonlocal v
            v = not v
        return (yield from gen()) if v else -v
try:
    pass
except (ValueError, TypeError) as exc:
    raise RuntimeError("x") from exc
else:
    del a[1:2:3], b.c
finally:
    assert x, "message"
try:
    pass
except* OSError as group:
    pass
match command.split():
    case [action]: pass
    case ["go", direction] | ["move", direction]: pass
    case Point(x=0, y=0) as p if p: pass
    case {"key": value, **rest}: pass
    case [1, *others]: pass
    case None | True | -1 | 1.5 | 2j: pass
while (n := next(it)) is not None and n in s or n not in t:
    x @= y; x //= 2; x **= 2; x >>= 1; x <<= 1; x ^= 1; x |= 1; x &= 1; x %= 2
    break
else:
    continue_ = ...
with open(p) as f, (yield):
    print(f"{a!r:>{width}} {b=} {'nested'}", 'a' 'b', rb"raw", sep="")
type Alias[T: int, *Ts, **P] = list[T]
def generic[T](x: T) -> T: return x
for i, (j, k) in enumerate(pairs): pass
x = [*a, *b]; y = {*a}; z = (1,); w = a if b else c; s = a[b, c:d]
lambda: (yield)
'''


def _reference(node: Any) -> list[int]:
    """ids of libcst's ``children`` that sit in the fields child_nodes keeps."""
    kept: set[int] = set()
    for f in node.__dataclass_fields__:
        if f == "__slots__" or skipped(f):
            continue
        value = getattr(node, f)
        for x in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(x, cst.CSTNode):
                kept.add(id(x))
    return [id(c) for c in node.children if id(c) in kept]


def _compare(module: cst.Module) -> int:
    todo: list[Any] = [module]
    seen = 0
    while todo:
        node = todo.pop()
        seen += 1
        assert [id(c) for c in child_nodes(node)] == _reference(node), type(node).__name__
        todo.extend(node.children)
    return seen


def test_every_kind_of_syntax_gives_libcsts_children_in_libcsts_order() -> None:
    assert _compare(cst.parse_module(EVERYTHING)) > 500


def _sources() -> list[str]:
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    files = sorted(glob.glob(os.path.join(here, "src", "riskscan", "**", "*.py"), recursive=True))
    files += sorted(glob.glob(os.path.join(os.path.dirname(cst.__file__), "_nodes", "*.py")))
    return files


@pytest.mark.parametrize("path", _sources()[::7], ids=os.path.basename)
def test_real_modules_give_libcsts_children_in_libcsts_order(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        assert _compare(cst.parse_module(fh.read())) > 0


def test_a_walk_finds_the_same_nodes_in_the_same_order() -> None:
    module = cst.parse_module(EVERYTHING)

    def walk(node: Any, kids: Any) -> list[Any]:
        out, stack = [], [node]
        while stack:
            n = stack.pop()
            out.append(n)
            stack.extend(kids(n))
        return out

    wanted = (cst.Name, cst.Call, cst.SimpleString, cst.Tuple, cst.BaseStatement)
    fast = [id(n) for n in walk(module, child_nodes) if isinstance(n, wanted)]
    slow = [id(n) for n in walk(module, lambda n: n.children) if isinstance(n, wanted)]
    assert fast == slow and len(fast) > 200


def test_learning_in_steps_reads_each_class_as_a_walk_would(monkeypatch: pytest.MonkeyPatch) -> None:
    # a pre-warmed child learns a few classes per idle step (riskscan.prewarm);
    # what it learns is what asking for one class's order gives
    from riskscan.frontends import _cstkids

    monkeypatch.setattr(_cstkids, "_ORDER", {})  # (as in a fresh child)
    monkeypatch.setattr(_cstkids, "_UNLEARNED", None)
    steps = 0
    while _cstkids.learn_some(5):
        steps += 1
    assert steps > 10 and not _cstkids.learn_some(5)
    classes = [v for v in vars(cst).values() if isinstance(v, type) and issubclass(v, cst.CSTNode) and dataclasses.is_dataclass(v)]
    learned = [tp for tp in classes if tp in _cstkids._ORDER]
    assert len(learned) > 100
    for tp in learned:
        assert _cstkids._ORDER[tp] == _cstkids._visit_order(tp), tp.__name__
    assert _compare(cst.parse_module(EVERYTHING)) > 500
