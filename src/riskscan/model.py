"""Core value types: rule metadata, hits from checks, findings in reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("catastrophic", "critical", "high", "medium", "low")
PROBABILITIES = ("certain", "high", "medium", "low")
PRIORITIES = ("critical", "high", "medium", "low")


@dataclass(frozen=True, slots=True)
class RuleMeta:
    id: str
    name: str
    title: str
    severity: str
    probability: str
    impact: str
    effort: int  # minutes
    why: str  # the rationale: why it breaks in production (shown in the review)
    mitigation: str
    languages: tuple[str, ...]
    tags: tuple[str, ...]
    references: tuple[str, ...]
    triggers: tuple[str, ...]
    example: str = ""
    use_instead: str = ""
    security_severity: str = ""
    detection: str = ""  # what the check reports and leaves out (rule docs, `explain`)
    examples: tuple[dict[str, Any], ...] = ()


@dataclass(slots=True)
class Related:
    path: str
    line: int
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "message": self.message}


@dataclass(slots=True)
class Hit:
    """What a check reports: a rule fired at a place, with a message naming the object."""

    rule_id: str
    path: str
    line: int
    message: str
    column: int = 1
    end_line: int = 0
    end_column: int = 0
    related: list[Related] = field(default_factory=list)
    anchor: str = ""  # stable identity inside the file for the fingerprint (e.g. "pool@createPool")
    severity: str = ""  # override of the rule's default (e.g. RS701 guarded-by-blocklist)
    probability: str = ""


@dataclass(slots=True)
class Finding:
    rule_id: str
    name: str
    title: str
    severity: str
    probability: str
    priority: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    evidence: str
    mitigation: str
    effort_minutes: int
    related: list[Related]
    fingerprint: str
    suppressed: bool = False
    suppression_reason: str = ""
    baselined: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "name": self.name,
            "title": self.title,
            "severity": self.severity,
            "probability": self.probability,
            "priority": self.priority,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "evidence": self.evidence,
            "mitigation": self.mitigation,
            "effort_minutes": self.effort_minutes,
            "related": [r.as_dict() for r in self.related],
            "fingerprint": self.fingerprint,
        }


@dataclass(slots=True)
class Skipped:
    path: str
    reason: str
    excluded: bool = False  # skipped by an exclude rule (size limit etc.), not by a failure
