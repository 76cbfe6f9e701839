"""Precision/recall audit of the Redis rules (RS201-RS203) and path traversal
(RS701) on realistic mini-projects under ``tests/audit_redis_traversal/<case>/``.

The cases are modelled on real code (peer-tool test suites such as njsscan and
semgrep-rules, rewritten minimally, and common Redis/BullMQ/Celery set-ups).
Compose files carry no annotations (RS203 reports at the client construction);
annotation format: tests/audit_harness.py.

``python tests/test_audit_redis_traversal.py [case ...]`` prints per-rule precision and recall.
"""

from __future__ import annotations

import sys

import pytest

from audit_harness import HERE, Audit

AUDIT = Audit(HERE / "audit_redis_traversal", select=("RS201", "RS202", "RS203", "RS701"))


@pytest.mark.parametrize("name", AUDIT.cases)
def test_audit_case(name: str) -> None:
    AUDIT.check(name)


if __name__ == "__main__":
    AUDIT.report(sys.argv[1:])
