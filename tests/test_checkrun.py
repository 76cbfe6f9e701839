"""The checks shared with a forked helper (riskscan.checkrun): the same
findings, warnings and order as running them one by one, whatever the
helper does or cannot do."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import riskscan.checkrun as checkrun
import riskscan.engine as engine
from riskscan.checkrun import NeedsParent, fork_worthwhile, run_checks
from riskscan.engine import ScanOptions, scan
from riskscan.model import Hit
from riskscan.report import render

from helpers import write_tree
from test_on_demand import PROJECT as ON_DEMAND_PROJECT

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ["orchestrator", "orchestrator-hardened", "python-service"]


def _check(module: str, fn):
    fn.__module__ = f"riskscan.checks.{module}"
    return fn


def _pid_hit(rid: str):
    def fn(project):
        time.sleep(0.05)  # (long enough for the helper to start and take its share)
        yield Hit(rid, "a.py", 1, f"pid {os.getpid()}")
        yield Hit("RS999", "a.py", 2, "not kept")

    return fn


def _checks() -> dict:
    # four modules, so both processes get batches
    mods = ["pools", "auth", "queues", "redis", "pools", "auth", "queues", "redis"]
    return {f"RS{i:03d}": _check(mods[i], _pid_hit(f"RS{i:03d}")) for i in range(8)}


def _keep(h: Hit) -> bool:
    return h.rule_id != "RS999"


def test_helper_takes_whole_batches_and_the_order_is_the_rules():
    checks = _checks()
    rules = sorted(checks, reverse=True)
    got = run_checks(object(), rules, checks, _keep, fork=True, debug=False)
    assert [rid for rid, _ in got] == rules
    pids = {}
    for rid, (hits, failure) in got:
        assert failure == ""
        assert [h.rule_id for h in hits] == [rid]  # the RS999 hit was not kept
        pids[rid] = int(hits[0].message.split()[1])
    assert os.getpid() in pids.values()
    assert len(set(pids.values())) == 2  # the helper ran some of them
    for a, b in [("RS000", "RS004"), ("RS001", "RS005"), ("RS002", "RS006"), ("RS003", "RS007")]:
        assert pids[a] == pids[b]  # one module's checks in one process (shared memos)


def test_serial_runs_everything_here():
    checks = _checks()
    got = run_checks(object(), list(checks), checks, _keep, fork=False, debug=False)
    assert {int(h.message.split()[1]) for _, (hits, _) in got for h in hits} == {os.getpid()}


def test_a_failing_check_is_the_same_warning_in_the_helper():
    checks = _checks()

    def broken(project):
        raise ValueError("bad fact")

    for rid in checks:
        checks[rid] = _check(checks[rid].__module__.rpartition(".")[2], broken) if rid == "RS002" else checks[rid]
    for fork in (False, True):
        got = dict(run_checks(object(), list(checks), checks, _keep, fork=fork, debug=False))
        assert got["RS002"] == ([], "ValueError: bad fact")
        assert all(got[r][1] == "" for r in got if r != "RS002")


def test_debug_raises_here_even_when_the_helper_hit_the_failure():
    checks = _checks()

    def broken(project):
        raise ValueError("bad fact")

    broken.__module__ = "riskscan.checks.zzz_last"  # queued last: whoever takes it
    checks["RS100"] = broken
    with pytest.raises(ValueError):
        run_checks(object(), list(checks), checks, _keep, fork=True, debug=True)


def _slow_here(rid: str):
    """A check that takes a while in the scan's own process only: the helper then takes most batches."""

    def fn(project):
        if not checkrun.IN_HELPER:
            time.sleep(0.2)
        yield Hit(rid, "a.py", 1, f"pid {os.getpid()}")

    return fn


def test_a_rule_that_needs_a_parse_runs_here(tmp_path):
    marker = tmp_path / "helper-asked"

    def needs_parse(project):
        if checkrun.IN_HELPER:
            marker.write_text("x")
            raise NeedsParent("lib/constants.py")
        yield Hit("RS005", "a.py", 1, f"pid {os.getpid()}")

    mods = ["pools", "auth", "queues", "redis", "websocket", "compose"]
    checks = {f"RS{i:03d}": _check(mods[i], needs_parse if i == 5 else _slow_here(f"RS{i:03d}")) for i in range(6)}
    got = dict(run_checks(object(), list(checks), checks, _keep, fork=True, debug=False))
    assert marker.exists()  # the helper took it (and gave it back)
    assert got["RS005"] == ([Hit("RS005", "a.py", 1, f"pid {os.getpid()}")], "")
    assert all(len(hits) == 1 and not failure for hits, failure in got.values())


def test_a_helper_that_dies_loses_nothing(tmp_path):
    marker = tmp_path / "helper-died"

    def dies(project):
        if checkrun.IN_HELPER:
            marker.write_text("x")
            os._exit(3)
        yield Hit("RS005", "a.py", 1, "here")

    mods = ["pools", "auth", "queues", "redis", "websocket", "compose"]
    checks = {f"RS{i:03d}": _check(mods[i], dies if i == 5 else _slow_here(f"RS{i:03d}")) for i in range(6)}
    got = dict(run_checks(object(), list(checks), checks, _keep, fork=True, debug=False))
    assert marker.exists()
    assert set(got) == set(checks)
    assert all(len(hits) == 1 and not failure for hits, failure in got.values())
    assert got["RS005"][0][0].message == "here"


def test_no_helper_for_one_job_or_a_large_process(monkeypatch):
    monkeypatch.setattr(checkrun, "MAX_FORK_RSS", 1 << 40)
    assert not fork_worthwhile(1, 30)  # --jobs 1: this process only
    assert not fork_worthwhile(2, 1)
    monkeypatch.setattr(checkrun, "MAX_FORK_RSS", 1024)  # (this process is larger)
    assert not fork_worthwhile(2, 30)


def _json(root: Path, jobs: int) -> str:
    return render("json", scan(ScanOptions(root=str(root), jobs=jobs, use_cache=False)))


@pytest.mark.parametrize("name", FIXTURES)
def test_fixtures_identical_with_the_helper(name, monkeypatch):
    root = ROOT / "fixtures" / name
    serial = _json(root, 1)
    forks: list[bool] = []
    real = checkrun.run_checks

    def spy(*args, **kw):
        forks.append(kw["fork"])
        return real(*args, **kw)

    monkeypatch.setattr(checkrun, "MAX_FORK_RSS", 1 << 40)
    monkeypatch.setattr(checkrun, "run_checks", spy)
    if not fork_worthwhile(2, 30):
        pytest.skip("no fork here (one CPU, threads, or not Linux)")
    assert _json(root, 2) == serial
    assert forks == [True]


def test_on_demand_parse_in_the_helper_gives_the_serial_answer(tmp_path, monkeypatch):
    # the queue name lives in a constants module no trigger selects: a check
    # parses it on demand, which only the scan's own process may do
    write_tree(tmp_path, ON_DEMAND_PROJECT)
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "c" * 40)
    serial = _json(tmp_path, 1)
    monkeypatch.setattr(checkrun, "MAX_FORK_RSS", 1 << 40)
    if not fork_worthwhile(2, 30):
        pytest.skip("no fork here (one CPU, threads, or not Linux)")
    loads: list[str] = []
    real = engine._on_demand_loader

    def counting(*args, **kw):
        load = real(*args, **kw)

        def wrapped(path):
            loads.append(path)
            return load(path)

        return wrapped

    monkeypatch.setattr(engine, "_on_demand_loader", counting)
    assert _json(tmp_path, 2) == serial
    assert "app/names.py" in loads
    assert '"RS301"' in serial  # (the MAIL queue has no worker: found through names.py)


@pytest.mark.parametrize("fork", [False, True])
def test_the_scans_own_work_is_done_once_before_it_takes_a_check(fork):
    order: list[str] = []
    checks = {}
    for i, mod in enumerate(["pools", "auth", "queues"]):

        def fn(project, rid=f"RS{i:03d}"):
            if not checkrun.IN_HELPER:
                order.append(rid)
            yield Hit(rid, "a.py", 1, "x")

        checks[f"RS{i:03d}"] = _check(mod, fn)
    got = run_checks(object(), list(checks), checks, _keep, fork=fork, debug=False, first=lambda: order.append("first"))
    assert order.count("first") == 1 and order[0] == "first"
    assert [len(hits) for _, (hits, _) in got] == [1, 1, 1]


def test_a_queue_too_long_for_a_pipe_runs_here(monkeypatch):
    # (the queue is written before the fork, so it must fit a pipe's buffer)
    monkeypatch.setattr(checkrun, "_MAX_BATCHES", 2)
    checks = _checks()  # four modules: four batches
    got = run_checks(object(), list(checks), checks, _keep, fork=True, debug=False)
    assert {int(h.message.split()[1]) for _, (hits, _) in got for h in hits} == {os.getpid()}


def test_what_the_helpers_checks_learned_comes_back():
    """The name probes' answers the helper's checks add to their copy of the
    shared dict are added to this process's (riskscan.probememo saves them)."""
    learned: dict = {("seen.py", "x", "call"): True}

    def learner(tag: str):
        def fn(project):
            time.sleep(0.05)
            learned[(f"{tag}.py", str(os.getpid()), "call")] = False
            return []

        return fn

    checks = {f"RS{i:03d}": _check(m, learner(f"RS{i:03d}")) for i, m in enumerate(["pools", "auth", "queues", "redis"])}
    run_checks(object(), sorted(checks), checks, _keep, fork=True, debug=False, learned=learned)
    pids = {int(k[1]) for k in learned if k[0] != "seen.py"}
    assert len(learned) == 5 and len(pids) == 2  # every check's entry, from both processes


def test_the_helper_works_with_descriptors_past_1024(many_open_files):
    checks = _checks()
    got = run_checks(object(), list(checks), checks, _keep, fork=True, debug=False)
    assert [rid for rid, _ in got] == list(checks)
    assert all(failure == "" and [h.rule_id for h in hits] == [rid] for rid, (hits, failure) in got)
    pids = {int(hits[0].message.split()[1]) for _, (hits, _) in got}
    if fork_worthwhile(2, 30):
        assert len(pids) == 2  # the helper answered for its batches


def test_a_scan_with_descriptors_past_1024_gives_the_serial_answer(many_open_files, monkeypatch):
    root = ROOT / "fixtures" / "orchestrator"
    serial = _json(root, 1)
    monkeypatch.setattr(checkrun, "MAX_FORK_RSS", 1 << 40)
    assert _json(root, 2) == serial


def test_scans_in_one_process_hold_no_descriptor_after(tmp_path, monkeypatch):
    """The facts cache's file is let go when the scan ends, not when the
    collector gets to it (the scan's objects hold it in reference cycles): a
    process that scans again and again (a test session, an editor's server)
    would otherwise run out of descriptors."""
    import gc
    import shutil

    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc here")
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "c" * 40)
    root = tmp_path / "p"
    shutil.copytree(ROOT / "fixtures" / "orchestrator", root)
    edited = root / "lib" / "db-connector.js"
    text = edited.read_text()
    scan(ScanOptions(root=str(root), jobs=1))  # (imports, the cache written...)
    gc.collect()
    before = len(os.listdir("/proc/self/fd"))
    was = gc.isenabled()
    gc.disable()  # (nothing is left to the collector)
    try:
        for i in range(4):
            edited.write_text(text + f"// edit {i}\n")
            scan(ScanOptions(root=str(root), jobs=1))
        assert len(os.listdir("/proc/self/fd")) == before
    finally:
        if was:
            gc.enable()
