"""Priority from severity x probability, the 0-100 score and the freeze verdict."""

from __future__ import annotations

from dataclasses import dataclass, field

# rows: severity; columns: probability low, medium, high, certain
DEFAULT_MATRIX: dict[str, tuple[str, str, str, str]] = {
    "catastrophic": ("high", "critical", "critical", "critical"),
    "critical": ("high", "high", "critical", "critical"),
    "high": ("medium", "high", "high", "critical"),
    "medium": ("low", "medium", "medium", "high"),
    "low": ("low", "low", "low", "medium"),
}
_PROB_COL = {"low": 0, "medium": 1, "high": 2, "certain": 3}

# score deductions per finding, by priority (score = max(0, 100 - sum))
SCORE_WEIGHTS = {"critical": 25, "high": 10, "medium": 3, "low": 1}
PRIORITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def priority(severity: str, probability: str) -> str:
    return DEFAULT_MATRIX[severity][_PROB_COL[probability]]


@dataclass
class Verdict:
    decision: str  # REJECTED | CONDITIONAL | APPROVED
    score: int
    blockers: list[str] = field(default_factory=list)


@dataclass
class Thresholds:
    """Verdict thresholds (configurable): the priority that rejects, and the one
    that makes the verdict conditional."""

    reject_on: str = "critical"
    conditional_on: str = "high"


def verdict(priorities_by_rule: list[tuple[str, str]], thresholds: Thresholds | None = None) -> Verdict:
    """``priorities_by_rule``: (rule_id, priority) of every active finding."""
    t = thresholds or Thresholds()
    score = 100
    for _, prio in priorities_by_rule:
        score -= SCORE_WEIGHTS[prio]
    score = max(0, score)
    reject_rank = PRIORITY_ORDER[t.reject_on]
    cond_rank = PRIORITY_ORDER[t.conditional_on]
    blockers = sorted({rid for rid, prio in priorities_by_rule if PRIORITY_ORDER[prio] <= reject_rank})
    if blockers:
        return Verdict("REJECTED", score, blockers)
    if any(PRIORITY_ORDER[prio] <= cond_rank for _, prio in priorities_by_rule):
        return Verdict("CONDITIONAL", score, [])
    return Verdict("APPROVED", score, [])


def gate_failed(priorities: list[str], fail_on: str) -> bool:
    """True when any finding's priority is at or above ``fail_on`` ('none' never fails)."""
    if fail_on == "none":
        return False
    rank = PRIORITY_ORDER[fail_on]
    return any(PRIORITY_ORDER[p] <= rank for p in priorities)
