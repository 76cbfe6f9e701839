"""Precision/recall audit of the compose rules (RS204, RS801-RS808) on
realistic compose projects under ``tests/audit_compose/<case>/``.

The cases are modelled on real compose files: the peers' own test suites
(KICS ``dockerCompose`` queries, dclint rules), docker/awesome-compose stacks
(wordpress+mysql, django+postgres+redis+celery, node+mongo, the elastic stack,
kafka+zookeeper, minio, traefik) and the compose features that change the
answer (override/prod file sets, ``extends`` across files, ``.env``
interpolation, profiles, anchors and merge keys, long-syntax ports, one-shot
jobs, ``*_FILE`` secrets) -- rewritten minimally, with their semantics kept.
Kubernetes manifests, Helm values and CI workflows sit beside them and must
never be read as compose.

Every expected finding is annotated on its exact line with a trailing
``# expect: RS801, RS805`` comment (format: tests/audit_harness.py).

``python tests/test_audit_compose.py`` prints per-rule precision and recall.
"""

from __future__ import annotations

import sys

import pytest

from audit_harness import HERE, Audit

AUDIT = Audit(HERE / "audit_compose", select=("RS80", "RS204"), annotated=(".yml", ".yaml"))


@pytest.mark.parametrize("name", AUDIT.cases)
def test_audit_compose_case(name: str) -> None:
    AUDIT.check(name)


def test_audit_compose_has_every_rule() -> None:
    """Each audited rule has positives somewhere in the corpus."""
    rules = {r for name in AUDIT.cases for r, _, _ in AUDIT.expected(name)}
    assert rules >= {"RS204", "RS801", "RS802", "RS803", "RS804", "RS805", "RS806", "RS807", "RS808"}


if __name__ == "__main__":
    AUDIT.report(sys.argv[1:])
