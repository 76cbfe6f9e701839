"""A frontend's work grows linearly with the size of a file.

Not timed: the work is counted as the Python lines the frontend executes
(``sys.settrace``), which is the same on a loaded machine as on an idle one.
A module twice as long must cost at most about twice as much.  Each shape
below once cost quadratic time in a frontend, through a per-use pass over
every read, binding or change of a name in the whole file: a 110 KB module
of 3,500 small functions took 2 s instead of 0.7 s, a module of 2,400
classes setting ``self.a`` 9 s, and such a file can run out of its per-file
time budget and be skipped.
"""

from __future__ import annotations

import sys
from typing import Callable

import pytest

from riskscan.frontends import javascript as js_frontend
from riskscan.frontends import python as py_frontend

PY_HEAD = "import redis\nimport requests\nfrom sqlalchemy import create_engine\nr = redis.Redis()\n"
JS_HEAD = "const express = require('express');\nconst Redis = require('ioredis');\nconst app = express();\nconst redis = new Redis();\n"

SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    # a parameter of the same name in every function (local_params / _own_reads)
    "py-functions-sharing-a-parameter": ("py", lambda i: f"def f{i}(a):\n    return a.x + {i}\n"),
    # every class sets and reads self.a (the type of self.a, the classes' lineage)
    "py-classes-sharing-an-attribute": (
        "py", lambda i: f"class C{i}:\n    def __init__(self, a):\n        self.a = a\n    def m(self, b):\n        return self.a.get(b)\n"),
    # an engine local to each function (local_engines / url_only_engines)
    "py-functions-each-making-an-engine": ("py", lambda i: f"def e{i}(url):\n    eng = create_engine(url)\n    return eng.connect()\n"),
    # one name bound again and again at module level (the nearest binding)
    "py-a-name-rebound-at-module-level": ("py", lambda i: f"x = foo(x, {i})\n"),
    # a local of the same name bound in every function (the type of a name: its other bindings in its scope)
    "py-functions-each-with-a-session": (
        "py", lambda i: f"def w{i}(S):\n    s = S()\n    s.begin()\n    s.execute('UPDATE jobs SET status=1')\n    s.flush()\n    s.commit()\n    s.close()\n"),
    # a dict of the same name filled in every function (its changes in its scope)
    "py-functions-each-filling-a-dict": (
        "py", lambda i: (f"def e{i}(url):\n    kw = {{}}\n    kw['pool_timeout'] = 5\n    kw['pool_recycle'] = 60\n    kw.update(pool_size=3)\n"
                         "    kw.setdefault('echo', False)\n    create_engine(url, **kw)\n    return create_engine(url, **kw)\n")),
    # an object of the same name filled in every function (its changes before the use)
    "js-functions-each-filling-an-object": (
        "js", lambda i: f"function p{i}() {{ const o = {{ max: 3 }}; o.connectionTimeoutMillis = 5; Object.assign(o, {{ idleTimeoutMillis: 1 }}); return new Redis(o); }}\n"),
    # a list of the same name grown in every function (what its scope adds to it)
    "py-functions-each-growing-a-list": (
        "py", lambda i: f"def g{i}(q):\n    conds = []\n    conds.append('a')\n    conds.extend(['b'])\n    conds += ['c']\n    return q.filter(*conds)\n"),
    # a module global set in every function (the type of the name: the nearest binding, then the others)
    "py-functions-setting-a-global": ("py", lambda i: f"def s{i}():\n    global g\n    g = redis.Redis()\n    return g.get('k')\n"),
    "js-functions-sharing-a-parameter": ("js", lambda i: f"function f{i}(a) {{ return a.x + {i}; }}\n"),
    "js-a-name-rebound-at-module-level": ("js", lambda i: f"x = foo(x, {i});\n"),
    "js-routes": ("js", lambda i: f"app.post('/p{i}', async (req, res) => {{ res.json(await redis.get(req.body.k)); }});\n"),
}


def _lines_executed(lang: str, source: str) -> int:
    extract = py_frontend.extract if lang == "py" else js_frontend.extract
    count = 0

    def trace(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if event == "line":
            count += 1
        return trace

    old = sys.gettrace()
    sys.settrace(trace)
    try:
        extract(f"app/module.{lang}", source.encode())
    finally:
        sys.settrace(old)
    return count


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_twice_the_code_costs_about_twice_the_work(shape: str) -> None:
    lang, unit = SHAPES[shape]
    head = PY_HEAD if lang == "py" else JS_HEAD
    n = 300
    once = _lines_executed(lang, head + "".join(unit(i) for i in range(n)))
    twice = _lines_executed(lang, head + "".join(unit(i) for i in range(2 * n)))
    # (linear work doubles; the quadratic passes made it 3x and more at this size)
    assert twice <= 2.3 * once, f"{shape}: {once} lines executed for {n} units, {twice} for {2 * n}"


def test_the_nearest_binding_by_bisection_is_the_one_a_plain_scan_finds() -> None:
    """A name bound more than 16 times is looked up by bisection in its
    bindings sorted by position: the same binding a scan finds (the first one
    at the nearest position before the use; with none before it, the last or
    the first one), whatever order the bindings were made in."""
    import random
    from types import SimpleNamespace

    scan = py_frontend._nearest_by_scan  # (what _nearest did for any number of bindings)
    rng = random.Random(7)
    owner = SimpleNamespace(_by_pos={})
    for _ in range(200):
        n = rng.randint(17, 40)
        # positions repeat (two bindings on one spot) and arrive out of order
        binds = [SimpleNamespace(pos=(rng.randint(1, 12), rng.randint(0, 3))) for _ in range(n)]
        for _ in range(20):
            pos, own = (rng.randint(0, 13), rng.randint(0, 4)), rng.random() < 0.5
            assert py_frontend._Extractor._nearest(owner, binds, pos, own) is scan(binds, pos, own)  # type: ignore[arg-type]
        binds.append(SimpleNamespace(pos=(5, 1)))  # a binding added later: the sorted copy is made again
        assert py_frontend._Extractor._nearest(owner, binds, (5, 2), False) is scan(binds, (5, 2), False)  # type: ignore[arg-type]
