"""JUnit XML: one testsuite per rule, one testcase per rule per file (a
failure lists that file's findings); rules that ran clean are one passing
testcase each, so dashboards show what was checked."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from ..engine import ScanResult


def render(result: "ScanResult") -> str:
    by_rule: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for f in result.findings:
        by_rule[f.rule_id][f.path].append(f)
    suites = []
    total = failures = 0
    for rid in result.enabled:
        meta = result.rules[rid]
        files = by_rule.get(rid, {})
        cases = []
        if not files:
            cases.append(f'    <testcase classname={quoteattr(rid)} name={quoteattr(meta.name)}/>')
        for path in sorted(files):
            fs = files[path]
            body = "\n".join(f"{path}:{f.line}:{f.column}: [{f.priority}] {f.message}" for f in fs)
            cases.append(
                f"    <testcase classname={quoteattr(rid)} name={quoteattr(f'{meta.name}: {path}')} file={quoteattr(path)}>\n"
                f"      <failure type={quoteattr(fs[0].priority)} message={quoteattr(f'{len(fs)} finding(s): {fs[0].message}')}>{escape(body)}</failure>\n"
                f"    </testcase>"
            )
        n_fail = len(files)
        total += len(cases)
        failures += n_fail
        suites.append(
            f"  <testsuite name={quoteattr(f'{rid} {meta.name}')} tests=\"{len(cases)}\" failures=\"{n_fail}\" errors=\"0\" skipped=\"0\">\n"
            + "\n".join(cases)
            + "\n  </testsuite>"
        )
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="riskscan" tests="{total}" failures="{failures}" errors="0">\n'
    return head + "\n".join(suites) + ("\n" if suites else "") + "</testsuites>\n"
