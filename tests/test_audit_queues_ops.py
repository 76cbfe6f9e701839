"""Precision/recall audit of the job-queue rules (RS301-RS304), the dual-write
rule (RS601) and the lifecycle/observability rules (RS901-RS906) on realistic
mini-projects under ``tests/audit_queues_ops/<case>/``.

The cases are written the way teams write Node/TS and Python backends
(Express, Fastify, Koa, NestJS, FastAPI, Flask, Django, Starlette; BullMQ,
Bull, Celery, RQ, raw Redis lists; pg, knex, Sequelize, TypeORM, Prisma,
SQLAlchemy, asyncpg; monorepos with shared packages) and mix risky code with
the mitigated forms and look-alikes the catalog's edge-case decisions
describe.  Project-level findings sit at the service entry point; compose
files, Procfiles and Dockerfiles carry no annotations.  Annotation format:
tests/audit_harness.py.

``python tests/test_audit_queues_ops.py [case ...]`` prints per-rule precision and recall.
"""

from __future__ import annotations

import sys

import pytest

from audit_harness import HERE, Audit

AUDIT = Audit(
    HERE / "audit_queues_ops",
    select=("RS301", "RS302", "RS303", "RS304", "RS601", "RS901", "RS902", "RS903", "RS904", "RS905", "RS906"),
)


@pytest.mark.parametrize("name", AUDIT.cases)
def test_audit_case(name: str) -> None:
    AUDIT.check(name)


if __name__ == "__main__":
    AUDIT.report(sys.argv[1:])
