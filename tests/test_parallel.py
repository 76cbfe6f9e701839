"""Worker processes: the same bytes out whatever --jobs is, and no pool when
there is too little work to pay for one."""

from __future__ import annotations

import concurrent.futures as cf
from pathlib import Path

import pytest

import riskscan.engine as engine
from riskscan.engine import ScanOptions, scan
from riskscan.report import render

from helpers import write_tree

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ["orchestrator", "orchestrator-hardened", "python-service"]


@pytest.fixture
def pools(monkeypatch):
    """Counts the worker pools started."""
    started: list[int] = []
    real = cf.ProcessPoolExecutor

    def counting(*args, **kw):
        started.append(kw.get("max_workers") or 0)
        return real(*args, **kw)

    monkeypatch.setattr(cf, "ProcessPoolExecutor", counting)
    return started


def json_of(root: Path, jobs: int) -> str:
    return render("json", scan(ScanOptions(root=str(root), jobs=jobs, use_cache=False)))


@pytest.mark.parametrize("name", FIXTURES)
def test_jobs_1_and_2_give_identical_json(name, monkeypatch, pools):
    root = ROOT / "fixtures" / name
    serial = json_of(root, 1)
    assert pools == []
    # the fixtures are small: force the pool so the parallel path really runs
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    parallel = json_of(root, 2)
    assert pools == [2]
    assert parallel == serial
    assert json_of(root, 3) == serial


def test_parallel_on_many_files_is_identical(tmp_path, monkeypatch, pools):
    files = {}
    for i in range(60):
        files[f"svc{i % 3}/src/db{i}.js"] = f"const {{ Pool }} = require('pg');\nconst pool{i} = new Pool({{ max: {i + 1} }});\nmodule.exports = pool{i};\n"
        files[f"svc{i % 3}/src/util{i}.js"] = f"function f{i}(a) {{\n  return a + {i};\n}}\nmodule.exports = {{ f{i} }};\n"
    for s in range(3):
        files[f"svc{s}/package.json"] = f'{{"name": "svc{s}"}}'
    write_tree(tmp_path, files)
    serial = json_of(tmp_path, 1)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    assert json_of(tmp_path, 2) == serial
    assert pools == [2]
    assert '"RS101"' in serial


def test_little_work_starts_no_pool(tmp_path, pools):
    write_tree(tmp_path, {f"src/m{i}.js": "const { Pool } = require('pg');\nnew Pool();\n" for i in range(40)})
    scan(ScanOptions(root=str(tmp_path), jobs=4, use_cache=False))
    assert pools == []  # 40 files, a few KB: parsed in-process


def test_warm_run_with_one_change_starts_no_pool(tmp_path, monkeypatch, pools):
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "p" * 40)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    write_tree(tmp_path, {f"src/m{i}.js": f"const x{i} = {i};\n" for i in range(40)})
    scan(ScanOptions(root=str(tmp_path), jobs=2))
    assert pools == [2]
    (tmp_path / "src/m3.js").write_text("const x3 = 4;\n")
    scan(ScanOptions(root=str(tmp_path), jobs=2))
    assert pools == [2]  # one file to analyse: no second pool


def test_isolation_children_are_started_early_and_used(tmp_path, monkeypatch):
    """Big Python files are parsed in supervised children started before the
    pool (so they do not inherit the facts the scan accumulates), before the
    other files; one idle child is kept in reserve for files found later to
    need isolation; the result is the serial one and no child outlives the scan."""
    import multiprocessing as mp

    import riskscan.isolation as isolation

    filler = "".join(f"\ndef helper_{i}(a):\n    return a + {i}\n" for i in range(3500))
    files = {
        "svc/db.py": "from sqlalchemy import create_engine\nengine = create_engine(URL, pool_timeout=None)\n" + filler,
        "svc/small.py": "from sqlalchemy import create_engine\nengine = create_engine(URL, pool_timeout=None)\n",
    }
    write_tree(tmp_path, files)
    assert (tmp_path / "svc/db.py").stat().st_size > 64 * 1024
    serial = json_of(tmp_path, 1)
    started: list[int] = []
    real = isolation.start_children

    def spy(n, *args, **kw):
        started.append(n)
        return real(n, *args, **kw)

    monkeypatch.setattr(isolation, "start_children", spy)
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    assert json_of(tmp_path, 2) == serial
    assert started == [1, 1]  # one child for the one big file, one in reserve
    # the big file goes to its child first, the pool gets the rest afterwards
    calls: list[tuple[str, list[str]]] = []
    isolated, pooled = engine._extract_isolated, engine._extract_pooled
    monkeypatch.setattr(engine, "_extract_isolated", lambda work, *a, **kw: calls.append(("isolated", [j[0] for j in work])) or isolated(work, *a, **kw))
    monkeypatch.setattr(engine, "_extract_pooled", lambda pool, work, *a: calls.append(("pool", [j[0] for j in work])) or pooled(pool, work, *a))
    assert json_of(tmp_path, 2) == serial
    assert calls == [("isolated", ["svc/db.py"]), ("pool", ["svc/small.py"])]
    assert '"line": 2' in serial and '"path": "svc/db.py"' in serial
    assert mp.active_children() == []
