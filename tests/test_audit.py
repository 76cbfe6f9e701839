"""Precision/recall audit of the pool (RS10x), WebSocket (RS40x) and auth
(RS50x) rules on realistic mini-projects under ``tests/audit/<name>/``
(annotation format: tests/audit_harness.py).

``python tests/test_audit.py`` prints per-rule precision and recall.
"""

from __future__ import annotations

import sys

import pytest

from audit_harness import HERE, Audit

AUDIT = Audit(HERE / "audit", select=("RS10", "RS40", "RS50"))


@pytest.mark.parametrize("name", AUDIT.cases)
def test_audit_project(name: str) -> None:
    AUDIT.check(name)


if __name__ == "__main__":
    AUDIT.report(sys.argv[1:])
