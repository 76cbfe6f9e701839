"""Markdown review report (jinja2 template ``templates/report.md.j2``)."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..discovery import display_name
from ..model import PROBABILITIES, SEVERITIES
from ..ruledefs import data_dir
from ..scoring import PRIORITY_ORDER
from . import safe_text, skipped_reasons

if TYPE_CHECKING:
    from ..engine import ScanResult

ICONS = {"critical": "🔴", "high": "🟠", "medium": "🟡", "low": "🟢"}
VERDICT_ICONS = {"REJECTED": "❌", "CONDITIONAL": "⚠️", "APPROVED": "✅"}
VERDICT_TEXT = {
    "REJECTED": "Do not freeze for production: critical-priority risks will cause incidents under real load. Fit for development only until the blockers are fixed.",
    "CONDITIONAL": "Fit to freeze for development and staging; fix the high-priority risks before production.",
    "APPROVED": "No critical or high-priority risk found; fit to freeze for production.",
}
_LANG = {".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "jsx", ".ts": "typescript", ".tsx": "tsx", ".py": "python", ".yml": "yaml", ".yaml": "yaml"}


def effort_text(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes / 60
    return f"{hours:.1f} h".replace(".0 h", " h")


def _fence(code: str) -> str:
    """A backtick fence longer than any backtick run in ``code`` (scanned code
    must not be able to close the block and inject markdown)."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def context(result: "ScanResult") -> dict[str, Any]:
    by_rule: dict[str, list] = defaultdict(list)
    for f in result.findings:
        by_rule[f.rule_id].append(f)
    risks = []
    for rid, fs in by_rule.items():
        meta = result.rules[rid]
        top = min(fs, key=lambda f: PRIORITY_ORDER[f.priority])
        risks.append(
            {
                "rule_id": rid,
                "name": meta.name,
                "title": meta.title,
                "severity": top.severity,
                "probability": top.probability,
                "priority": top.priority,
                "priority_icon": ICONS[top.priority],
                "impact": meta.impact,
                "why": meta.why,
                "has_detection": bool(meta.detection),
                "mitigation": meta.mitigation,
                "effort_minutes": sum(f.effort_minutes for f in fs),
                "effort": effort_text(sum(f.effort_minutes for f in fs)),
                "findings": [
                    {
                        "path": f.path,
                        "line": f.line,
                        "message": f.message,
                        "related": f.related,
                        "evidence": f.evidence,
                        "evidence_block": "\n".join("   " + ln for ln in safe_text(f.evidence).split("\n")),
                        "fence": _fence(f.evidence),
                        "lang": _LANG.get(os.path.splitext(f.path)[1].lower(), ""),
                    }
                    for f in fs
                ],
            }
        )
    risks.sort(key=lambda r: (PRIORITY_ORDER[r["priority"]], SEVERITIES.index(r["severity"]), r["rule_id"]))
    matrix = {s: {p: 0 for p in PROBABILITIES} for s in SEVERITIES}
    for f in result.findings:
        matrix[f.severity][f.probability] += 1
    blockers = [
        {"rule_id": r["rule_id"], "title": r["title"], "count": len(r["findings"])}
        for r in risks
        if r["rule_id"] in result.verdict.blockers
    ]
    actions = [
        {"rule_id": r["rule_id"], "title": r["title"], "priority": r["priority"], "priority_icon": r["priority_icon"], "count": len(r["findings"]), "effort": r["effort"]}
        for r in risks
    ]
    blocker_minutes = sum(r["effort_minutes"] for r in risks if r["rule_id"] in result.verdict.blockers)
    failed = [s for s in result.skipped if not s.excluded]
    return {
        "project": display_name(os.path.basename(result.root.rstrip("/")) or result.root),
        "verdict": result.verdict,
        "verdict_icon": VERDICT_ICONS[result.verdict.decision],
        "verdict_text": VERDICT_TEXT[result.verdict.decision],
        "findings": result.findings,
        "risks": risks,
        "severities": list(SEVERITIES),
        "probabilities": ["low", "medium", "high", "certain"],
        "matrix": matrix,
        "blockers": blockers,
        "actions": actions,
        "effort_total": effort_text(result.effort_minutes),
        "effort_blockers": effort_text(blocker_minutes),
        "files_scanned": result.files_scanned,
        "skipped": result.skipped,
        "failed_skips": failed,
        "skip_reasons": skipped_reasons(result),
        "warnings": [safe_text(w) for w in result.warnings],
        "suppressed": len(result.suppressed),
        "baselined": result.baselined,
        "version": __version__,
    }


def render(result: "ScanResult") -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    text = env.get_template("report.md.j2").render(**context(result))
    # collapse runs of blank lines left by template control blocks
    lines = text.split("\n")
    out: list[str] = []
    for ln in lines:
        if ln.strip() == "" and out and out[-1].strip() == "":
            continue
        out.append(ln.rstrip())
    return "\n".join(out).strip() + "\n"
