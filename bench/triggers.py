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


def prefilter_stats(root: str, select: tuple[str, ...] = (), per_token: bool = True) -> PrefilterStats:
    from riskscan.discovery import discover
    from riskscan.engine import _ALWAYS
    from riskscan.fsutil import read_regular
    from riskscan.ruledefs import load_rules
    from riskscan.triggers import searchable, triggers_for

    rules = load_rules()
    if select:
        rules = {rid: meta for rid, meta in rules.items() if rid in select}
    out = PrefilterStats(per_token={rid: Counter() for rid in rules})
    # the scan's own matcher (riskscan.triggers): all enabled rules, then each rule alone
    everything = triggers_for(t for meta in rules.values() for t in meta.triggers)
    by_rule = {rid: triggers_for(meta.triggers) for rid, meta in rules.items() if meta.triggers}
    by_token = {t: triggers_for([t]) for meta in rules.values() for t in meta.triggers if t} if per_token else {}
    disc = discover(root)
    for f in disc.files:
        try:
            data = searchable(read_regular(f.abspath, f.size + 1))
        except OSError:
            continue
        out.files += 1
        out.bytes += len(data)
        if f.kind in _ALWAYS:
            out.passed += 1
            out.passed_bytes += len(data)
            continue
        if not everything.search(data):
            continue
        out.passed += 1
        out.passed_bytes += len(data)
        for rid, trig in by_rule.items():
            if not trig.search(data):
                continue
            out.per_rule[rid] += 1
            if per_token:
                for t in rules[rid].triggers:
                    if t and by_token[t].search(data):
                        out.per_token[rid][t] += 1
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
