"""JSON report (schema_version 1; the contract other tools read)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..discovery import display_path

if TYPE_CHECKING:
    from ..engine import ScanResult


def as_dict(result: "ScanResult") -> dict[str, Any]:
    return {
        "schema_version": 1,
        "tool": {"name": "riskscan", "version": __version__},
        "root": display_path(result.root),  # escaped like every path: valid UTF-8 whatever the name
        "verdict": {
            "decision": result.verdict.decision,
            "score": result.verdict.score,
            "blockers": result.verdict.blockers,
        },
        "summary": {
            "files_scanned": result.files_scanned,
            "files_skipped": len(result.skipped),
            "findings": len(result.findings),
            "by_priority": result.by_priority(),
            "effort_minutes": result.effort_minutes,
            "suppressed": len(result.suppressed),
            "baselined": result.baselined,
            "baseline_fixed": result.baseline_fixed,
        },
        "findings": [f.as_dict() for f in result.findings],
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
        "warnings": list(result.warnings),
    }


def render(result: "ScanResult") -> str:
    return json.dumps(as_dict(result), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
