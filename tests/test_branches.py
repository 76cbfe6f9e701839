"""Exclusive branches (``extra["branches"]``) and their use by RS601: two
writes in different arms of one if/else, conditional expression or match run
in different calls, never together."""

from __future__ import annotations

from helpers import hits, scan_tree

from riskscan.engine import analyse_file

PY = b"""
def f(x, r, db):
    if x:
        db.execute("UPDATE t SET a = 1")
    elif x > 2:
        r.set("k", 1)
    else:
        log("nothing")
    y = a() if x else b()
    if x:
        only_here()
"""

JS = b"""
function f(x) {
  if (x) { db.query('UPDATE t SET a = 1'); } else if (y) { r.set('k', 1); } else r.set('k', 2);
  const z = x ? a() : b();
  if (x) { onlyHere(); }
}
"""


def branch_points(data: bytes, name: str, kind: str) -> dict[tuple[int, int], list[int]]:
    ff = analyse_file(name, kind, data, None, wanted=True)
    out: dict[tuple[int, int], list[int]] = {}
    for line, col, arm, *_span in ff.extra.get("branches", []):
        out.setdefault((line, col), []).append(arm)
    return out


def test_python_records_if_elif_else_and_conditional_expressions():
    # the if (arms: body, elif part), the elif (body, else) and the conditional
    # expression; the last if has one arm only and is left out
    assert branch_points(PY, "a.py", "py") == {(3, 5): [0, 1], (5, 5): [0, 1], (9, 9): [0, 1]}


def test_javascript_records_if_else_and_ternaries():
    assert branch_points(JS, "a.js", "js") == {(3, 3): [0, 1], (3, 51): [0, 1], (4, 13): [0, 1]}


def test_each_arm_span_holds_its_calls():
    ff = analyse_file("a.py", "py", PY, None, wanted=True)
    by_callee = {c.callee.rsplit(".", 1)[-1]: (c.line, c.col) for c in ff.calls}
    arms = {(r[0], r[1], r[2]): ((r[3], r[4]), (r[5], r[6])) for r in ff.extra["branches"]}
    start, end = arms[(3, 5, 0)]
    assert start <= by_callee["execute"] < end
    start, end = arms[(3, 5, 1)]
    assert start <= by_callee["set"] < end and start <= by_callee["log"] < end


DUAL_MATCH = {
    "app/store.py": """
import redis
from .db import get_conn

r = redis.Redis()

def save(kind, key, value):
    match kind:
        case "cache":
            r.set(key, value)
        case "row":
            with get_conn() as conn:
                conn.execute("INSERT INTO kv (k, v) VALUES (%s, %s)", (key, value))
""",
}


def test_match_cases_are_exclusive(tmp_path):
    assert hits(scan_tree(tmp_path, DUAL_MATCH, select=("RS601",)), "RS601") == []


DUAL_SWITCH = {
    "src/store.js": """
const Redis = require('ioredis');
const { pool } = require('./db');
const redis = new Redis();

async function save(kind, key, value) {
  switch (kind) {
    case 'cache':
      await redis.set(key, value);
    case 'row':
      await pool.query('INSERT INTO kv (k, v) VALUES ($1, $2)', [key, value]);
      break;
  }
}
module.exports = { save };
""",
}


def test_switch_cases_can_fall_through_and_are_still_reported(tmp_path):
    assert hits(scan_tree(tmp_path, DUAL_SWITCH, select=("RS601",)), "RS601") == [("src/store.js", 9)]


NESTED_SAME_ARM = {
    "src/store.js": """
const Redis = require('ioredis');
const { pool } = require('./db');
const redis = new Redis();

async function save(ok, key, value) {
  if (ok) {
    if (value) {
      await pool.query('INSERT INTO kv (k, v) VALUES ($1, $2)', [key, value]);
    }
    await redis.set(key, value);
  }
}
module.exports = { save };
""",
}


def test_writes_in_the_same_arm_of_an_outer_if_are_paired(tmp_path):
    assert hits(scan_tree(tmp_path, NESTED_SAME_ARM, select=("RS601",)), "RS601") == [("src/store.js", 9)]


GUARDS_PY = b"""
def f(x, r, db):
    if x:
        r.set("k", 1)
        return
    db.execute("UPDATE t SET a = 1")
    for i in x:
        if i:
            r.set("k", i)
            continue
        db.execute("UPDATE t SET a = 2")
"""

GUARDS_JS = b"""
function f(x) {
  if (!x) throw new Error(report('bad'));
  db.query('UPDATE t SET a = 1');
  for (const i of x) {
    if (i) { r.set('k', i); continue; }
    db.query('UPDATE t SET a = 2');
  }
}
"""


def test_a_guard_clause_makes_the_rest_of_its_block_the_other_arm():
    # the `return` guard and the `throw` guard count; the `continue` guards
    # do not (the other path runs in the next iteration of the same call)
    assert branch_points(GUARDS_PY, "g.py", "py") == {(3, 5): [0, 1]}
    assert branch_points(GUARDS_JS, "g.js", "js") == {(3, 3): [0, 1]}
