"""Precision/recall audit of the compose rules (RS204, RS801-RS808) on
realistic compose projects under ``tests/audit_compose/<case>/``.

The cases are modelled on real compose files: the peers' own test suites
(KICS ``dockerCompose`` queries, dclint rules), docker/awesome-compose stacks
(wordpress+mysql, django+postgres+redis+celery, node+mongo, the elastic stack,
kafka+zookeeper, minio, traefik) and the compose features that change the
answer (override/prod file sets, ``extends`` across files, ``.env``
interpolation, profiles, anchors and merge keys, long-syntax ports, one-shot
jobs, ``*_FILE`` secrets) -- rewritten minimally, with their semantics kept.
Kubernetes manifests, Helm values and CI workflows sit beside them and must
never be read as compose.

Every expected finding is annotated on its exact line with a trailing
``# expect: RS801, RS805`` comment; each case is scanned with only the
compose rules and the set of (rule, path, line) must equal the annotated set.

``python tests/test_audit_compose.py`` prints per-rule precision and recall.
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

AUDIT = HERE / "audit_compose"
SELECT = ("RS80", "RS204")
_EXPECT = re.compile(r"#\s*expect:\s*(RS\d{3}(?:\s*,\s*RS\d{3})*)")
_ANNOTATED = (".yml", ".yaml")

CASES = sorted(p.name for p in AUDIT.iterdir() if p.is_dir()) if AUDIT.is_dir() else []

Key = tuple[str, str, int]


def expected(root: Path) -> set[Key]:
    out: set[Key] = set()
    for f in sorted(root.rglob("*")):
        if not f.is_file() or f.suffix not in _ANNOTATED:
            continue
        rel = f.relative_to(root).as_posix()
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            m = _EXPECT.search(line)
            if m:
                for rule in re.split(r"\s*,\s*", m.group(1)):
                    out.add((rule, rel, n))
    return out


def actual(root: Path) -> tuple[set[Key], dict[Key, str]]:
    result = scan_tree(root, select=SELECT)
    got = {(f.rule_id, f.path, f.line) for f in result.findings}
    msgs = {(f.rule_id, f.path, f.line): f.message for f in result.findings}
    return got, msgs


@pytest.mark.parametrize("name", CASES)
def test_audit_compose_case(name: str) -> None:
    root = AUDIT / name
    want = expected(root)
    got, msgs = actual(root)
    false_pos = sorted(got - want)
    false_neg = sorted(want - got)
    detail = "\n".join([f"FP {r} {p}:{ln}: {msgs[(r, p, ln)]}" for r, p, ln in false_pos] + [f"FN {r} {p}:{ln}" for r, p, ln in false_neg])
    assert not false_pos and not false_neg, detail


def test_audit_compose_has_every_rule() -> None:
    """Each audited rule has positives somewhere in the corpus."""
    rules: set[str] = set()
    for name in CASES:
        rules |= {r for r, _, _ in expected(AUDIT / name)}
    assert rules >= {"RS204", "RS801", "RS802", "RS803", "RS804", "RS805", "RS806", "RS807", "RS808"}


def main() -> None:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for name in CASES:
        root = AUDIT / name
        want = expected(root)
        got, msgs = actual(root)
        for t in sorted(got & want):
            tp[t[0]] += 1
        for t in sorted(got - want):
            fp[t[0]] += 1
            print(f"FP {name}: {t[0]} {t[1]}:{t[2]}  {msgs[t][:160]}")
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
