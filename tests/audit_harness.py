"""Shared harness of the precision/recall audits (tests/test_audit*.py).

An audit corpus is a folder of realistic mini-projects; every expected finding
is annotated on its exact line with a trailing ``// expect: RS101`` (JS/TS) or
``# expect: RS101, RS103`` (Python, YAML) comment.  Each project is scanned
with only the audited rules and the set of (rule, path, line) must equal the
annotated set.  Running an audit module as a script prints per-rule precision
and recall (``AUDIT_SRC=/path/to/other/src`` measures another checkout).
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _p in (str(HERE), os.environ.get("AUDIT_SRC") or str(HERE.parent / "src")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from helpers import scan_tree  # noqa: E402

Key = tuple[str, str, int]
CODE_SUFFIXES = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".py")
_EXPECT = re.compile(r"(?://|#)\s*expect:\s*(RS\d{3}(?:\s*,\s*RS\d{3})*)")


@dataclass(frozen=True)
class Audit:
    corpus: Path
    select: tuple[str, ...]
    annotated: tuple[str, ...] = CODE_SUFFIXES  # suffixes of the files that carry annotations

    @property
    def cases(self) -> list[str]:
        # (not __pycache__, which pytest leaves next to the corpus's conftest.py)
        return sorted(p.name for p in self.corpus.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))) if self.corpus.is_dir() else []

    def expected(self, name: str) -> set[Key]:
        root = self.corpus / name
        out: set[Key] = set()
        for f in sorted(root.rglob("*")):
            if not f.is_file() or f.suffix not in self.annotated:
                continue
            rel = f.relative_to(root).as_posix()
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                m = _EXPECT.search(line)
                if m:
                    out.update((rule, rel, n) for rule in re.split(r"\s*,\s*", m.group(1)))
        return out

    def actual(self, name: str) -> tuple[set[Key], dict[Key, str]]:
        result = scan_tree(self.corpus / name, select=self.select)
        msgs = {(f.rule_id, f.path, f.line): f.message for f in result.findings}
        return set(msgs), msgs

    def check(self, name: str) -> None:
        """Assert the case's findings are exactly its annotations."""
        want = self.expected(name)
        got, msgs = self.actual(name)
        false_pos, false_neg = sorted(got - want), sorted(want - got)
        detail = "\n".join([f"FP {r} {p}:{ln}: {msgs[(r, p, ln)]}" for r, p, ln in false_pos] + [f"FN {r} {p}:{ln}" for r, p, ln in false_neg])
        assert not false_pos and not false_neg, detail

    def report(self, only: list[str] | None = None) -> None:
        """Print every miss and the per-rule precision/recall table."""
        tp: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        fn: Counter[str] = Counter()
        for name in self.cases:
            if only and not any(o in name for o in only):
                continue
            want = self.expected(name)
            got, msgs = self.actual(name)
            tp.update(t[0] for t in got & want)
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
