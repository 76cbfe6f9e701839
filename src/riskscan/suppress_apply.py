"""Applying inline suppressions and per-file ignores to findings.

A suppressed finding is kept (SARIF lists it with its justification) but does
not count for the verdict.  A suppression that matched nothing is reported as
RS000 unused-suppression; with ``require_reason`` a suppression without a
reason is reported too (and still suppresses).
"""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING

from .facts import FileFacts
from .model import Finding, Hit, RuleMeta

if TYPE_CHECKING:
    from .engine import ScanOptions


def _per_file_ignored(path: str, rule_id: str, per_file: dict[str, tuple[str, ...]]) -> bool:
    for pattern, ids in per_file.items():
        if fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern.rstrip("/") + "/**"):
            if any(rule_id == i or rule_id.startswith(i) or i == "ALL" for i in ids):
                return True
    return False


def apply_suppressions(
    findings: list[Finding],
    facts: dict[str, FileFacts],
    rules: dict[str, RuleMeta],
    opts: "ScanOptions",
    enabled: list[str],
) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """Returns (active findings, suppressed findings, RS000 findings)."""
    active: list[Finding] = []
    suppressed: list[Finding] = []
    used: set[tuple[str, int]] = set()
    for f in findings:
        if _per_file_ignored(f.path, f.rule_id, opts.per_file_ignores):
            continue
        ff = facts.get(f.path)
        match = None
        if ff is not None:
            for s in ff.suppressions:
                if s.ids and f.rule_id not in s.ids:
                    continue
                if s.file_level or f.line in s.applies_to:
                    match = s
                    break
        if match is None:
            active.append(f)
        else:
            used.add((f.path, match.line))
            f.suppressed = True
            f.suppression_reason = match.reason
            suppressed.append(f)

    extra: list[Finding] = []
    if "RS000" in enabled and "RS000" in rules:
        from .engine import build_findings

        hits: list[Hit] = []
        enabled_set = set(enabled)
        for path, ff in facts.items():
            for s in ff.suppressions:
                label = ", ".join(s.ids) if s.ids else "all rules"
                if (path, s.line) not in used:
                    # only judge suppressions of rules that ran
                    if s.ids and not any(i in enabled_set for i in s.ids):
                        continue
                    hits.append(Hit("RS000", path, s.line, f"Suppression of {label} matches no finding: remove it", anchor=f"unused:{label}"))
                elif getattr(opts, "require_reason", False) and not s.reason:
                    hits.append(Hit("RS000", path, s.line, f"Suppression of {label} has no reason: say why the risk is accepted", anchor=f"noreason:{label}"))
        extra = build_findings(opts.root, hits, rules, opts)
    return active, suppressed, extra
