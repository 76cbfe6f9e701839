"""Reading a Python service's declared requirements (riskscan.pyreqs): as
text, inside the scanned tree only."""

from __future__ import annotations

import os

from riskscan.pyreqs import python_requirements


def _reqs(svc, markers=("requirements.txt",)):
    return python_requirements(str(svc), markers, [])


def test_requirements_and_their_includes_are_read(tmp_path):
    svc = tmp_path / "svc"
    (svc / "requirements").mkdir(parents=True)
    (svc / "requirements.txt").write_text("-r requirements/base.txt\nPyMySQL>=1.0  # MIT\n# psycopg2\n")
    (svc / "requirements/base.txt").write_text("SQLAlchemy[asyncio]>=2\n--requirement=db.txt\n")
    (svc / "requirements/db.txt").write_text("psycopg2-binary==2.9\n")
    assert _reqs(svc) == ["psycopg2-binary", "pymysql", "sqlalchemy[asyncio]"]


def test_an_include_outside_the_service_is_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "base.txt").write_text("psycopg2\n")
    svc = tmp_path / "root/svc"
    svc.mkdir(parents=True)
    os.symlink(outside, svc / "shared", target_is_directory=True)  # a folder linked out of the tree
    os.symlink(outside / "base.txt", svc / "linked.txt")  # a file linked out of the tree
    (svc / "requirements.txt").write_text("-r shared/base.txt\n-r linked.txt\n-r ../../outside/base.txt\nredis\n")
    assert _reqs(svc) == ["redis"]


def test_special_files_and_include_loops_do_not_block(tmp_path):
    svc = tmp_path / "svc"
    svc.mkdir()
    os.mkfifo(svc / "fifo.txt")
    (svc / "requirements.txt").write_text("-r fifo.txt\n-r requirements.txt\n-r missing.txt\nasyncpg\n")
    assert _reqs(svc) == ["asyncpg"]
