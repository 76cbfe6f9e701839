"""Precision/recall audit of the pool (RS10x), WebSocket (RS40x) and auth
(RS50x) rules on realistic mini-projects under ``tests/audit/<name>/``.

Every expected finding is annotated on its exact line with a trailing
``// expect: RS101`` (JS/TS) or ``# expect: RS101, RS103`` (Python) comment;
each project is scanned with only the audited rules and the set of
(rule, path, line) must equal the annotated set.

``python tests/test_audit.py`` prints per-rule precision and recall
(``AUDIT_SRC=/path/to/other/src`` measures another checkout of the checks).
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for _p in (str(HERE), os.environ.get("AUDIT_SRC") or str(HERE.parent / "src")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from helpers import scan_tree  # noqa: E402

AUDIT = HERE / "audit"
SELECT = ("RS10", "RS40", "RS50")
_EXPECT = re.compile(r"(?://|#)\s*expect:\s*(RS\d{3}(?:\s*,\s*RS\d{3})*)")
_CODE = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".py")

PROJECTS = sorted(p.name for p in AUDIT.iterdir() if p.is_dir()) if AUDIT.is_dir() else []


def expected(root: Path) -> set[tuple[str, str, int]]:
    out: set[tuple[str, str, int]] = set()
    for f in sorted(root.rglob("*")):
        if not f.is_file() or f.suffix not in _CODE:
            continue
        rel = f.relative_to(root).as_posix()
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            m = _EXPECT.search(line)
            if m:
                for rule in re.split(r"\s*,\s*", m.group(1)):
                    out.add((rule, rel, n))
    return out


def actual(root: Path) -> tuple[set[tuple[str, str, int]], dict[tuple[str, str, int], str]]:
    result = scan_tree(root, select=SELECT)
    got = {(f.rule_id, f.path, f.line) for f in result.findings}
    msgs = {(f.rule_id, f.path, f.line): f.message for f in result.findings}
    return got, msgs


@pytest.mark.parametrize("name", PROJECTS)
def test_audit_project(name: str) -> None:
    root = AUDIT / name
    want = expected(root)
    got, msgs = actual(root)
    false_pos = sorted(got - want)
    false_neg = sorted(want - got)
    detail = "\n".join([f"FP {r} {p}:{ln}: {msgs[(r, p, ln)]}" for r, p, ln in false_pos] + [f"FN {r} {p}:{ln}" for r, p, ln in false_neg])
    assert not false_pos and not false_neg, detail


def main() -> None:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for name in PROJECTS:
        root = AUDIT / name
        want = expected(root)
        got, msgs = actual(root)
        for t in sorted(got & want):
            tp[t[0]] += 1
        for t in sorted(got - want):
            fp[t[0]] += 1
            print(f"FP {name}: {t[0]} {t[1]}:{t[2]}  {msgs[t][:140]}")
        for t in sorted(want - got):
            fn[t[0]] += 1
            print(f"FN {name}: {t[0]} {t[1]}:{t[2]}")
    print(f"{'rule':6} {'TP':>3} {'FP':>3} {'FN':>3} {'prec':>6} {'recall':>6}")
    for rule in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[rule] / (tp[rule] + fp[rule]) if tp[rule] + fp[rule] else 1.0
        r = tp[rule] / (tp[rule] + fn[rule]) if tp[rule] + fn[rule] else 1.0
        print(f"{rule:6} {tp[rule]:>3} {fp[rule]:>3} {fn[rule]:>3} {p:6.2f} {r:6.2f}")


if __name__ == "__main__":
    main()
