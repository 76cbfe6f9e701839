#!/usr/bin/env python3
"""How selective is the trigger prefilter on a corpus?

    python bench/triggers.py DIR [--top 8]

A file is parsed only when it contains one of the enabled rules' ``triggers``
tokens, so the share of files that pass decides cold-scan time.  This prints
the overall pass rate, the pass rate of each rule on its own, and for each
rule the tokens that select the most files (the ones to make more specific).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src"))


@dataclass
class PrefilterStats:
    files: int = 0
    bytes: int = 0
    passed: int = 0  # files parsed (a trigger matched, or always-parsed kind)
    passed_bytes: int = 0
    per_rule: Counter = field(default_factory=Counter)  # rule -> files it alone would select
    per_token: dict = field(default_factory=dict)  # rule -> Counter(token -> files)


def prefilter_stats(root: str, select: tuple[str, ...] = ()) -> PrefilterStats:
    from riskscan.discovery import discover
    from riskscan.engine import _ALWAYS
    from riskscan.fsutil import read_regular
    from riskscan.ruledefs import load_rules
    from riskscan.triggers import token_pattern, trigger_regex

    rules = load_rules()
    if select:
        rules = {rid: meta for rid, meta in rules.items() if rid in select}
    tokens = sorted({t for meta in rules.values() for t in meta.triggers if t})
    owners = {t: [rid for rid, meta in rules.items() if t in meta.triggers] for t in tokens}
    out = PrefilterStats(per_token={rid: Counter() for rid in rules})
    rx = trigger_regex(tokens)
    if rx is None:
        return out
    # one regex per token (the same syntax the scan uses: riskscan.triggers)
    per_token = {t: re.compile(token_pattern(t)) for t in tokens}
    disc = discover(root)
    for f in disc.files:
        try:
            data = read_regular(f.abspath, f.size + 1)
        except OSError:
            continue
        out.files += 1
        out.bytes += len(data)
        if f.kind in _ALWAYS:
            out.passed += 1
            out.passed_bytes += len(data)
            continue
        if not rx.search(data):
            continue
        out.passed += 1
        out.passed_bytes += len(data)
        rules_hit: set[str] = set()
        for t, trx in per_token.items():
            if trx.search(data):
                for rid in owners[t]:
                    out.per_token[rid][t] += 1
                    rules_hit.add(rid)
        for rid in rules_hit:
            out.per_rule[rid] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("root")
    p.add_argument("--top", type=int, default=8)
    p.add_argument("--select", default="", help="comma-separated rule ids (default: all rules)")
    args = p.parse_args(argv)
    st = prefilter_stats(args.root, tuple(s for s in args.select.split(",") if s))
    if not st.files:
        print("no files")
        return 0
    print(f"{st.files} files, {st.bytes / 1e6:.1f} MB; parsed: {st.passed} files ({100 * st.passed / st.files:.1f} %), {st.passed_bytes / 1e6:.1f} MB ({100 * st.passed_bytes / max(st.bytes, 1):.1f} %)")
    for rid, n in sorted(st.per_rule.items(), key=lambda kv: -kv[1]):
        top = ", ".join(f"{t!r} {c}" for t, c in st.per_token[rid].most_common(args.top))
        print(f"{rid}: {100 * n / st.files:5.1f} %  {top}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
