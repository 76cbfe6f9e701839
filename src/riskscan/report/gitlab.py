"""GitLab Code Quality report (a JSON array; fingerprints are unique)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import ScanResult

SEVERITY = {"critical": "blocker", "high": "critical", "medium": "major", "low": "minor"}


def render(result: "ScanResult") -> str:
    issues = [
        {
            "type": "issue",
            "check_name": f"{f.rule_id} {f.name}",
            "description": f"{f.rule_id}: {f.message}",
            "categories": ["Bug Risk"],
            "fingerprint": f.fingerprint,
            "severity": SEVERITY[f.priority],
            "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
        }
        for f in result.findings
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
