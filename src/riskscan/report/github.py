"""GitHub Actions workflow commands: one annotation per finding, most
important first (GitHub shows at most 10 errors and 10 warnings per step, so
the full text report should also be printed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import ScanResult

COMMAND = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def _data(s: str) -> str:
    from . import safe_text

    return safe_text(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(result: "ScanResult") -> str:
    lines = []
    for f in result.findings:
        props = f"file={_prop(f.path)},line={f.line},endLine={f.end_line},col={f.column},title={_prop(f'{f.rule_id} {f.name} ({f.priority})')}"
        lines.append(f"::{COMMAND[f.priority]} {props}::{_data(f.message)}")
    v = result.verdict
    summary = f"riskscan: {v.decision} (score {v.score}/100, {len(result.findings)} finding(s), {len(result.skipped)} file(s) skipped)"
    lines.append(f"::{'error' if v.decision == 'REJECTED' else 'notice'}::{_data(summary)}")
    return "\n".join(lines) + "\n"
