"""Each rule's check runs under a CPU-time budget (riskscan.limits.check_budget,
enforced in riskscan.checkrun): a check that overruns it is stopped, its
findings are left out with a warning, what the checks remember is forgotten,
and every other rule gives the findings it gives without it."""

from __future__ import annotations

import shutil
import textwrap
import time
from pathlib import Path

import pytest

import riskscan.checkrun as checkrun
import riskscan.checks as checks_pkg
from riskscan import factindex, limits
from riskscan.checkrun import run_checks
from riskscan.checks import _stores
from riskscan.engine import ScanOptions, scan
from riskscan.model import Hit
from riskscan.project import Project

from test_hostile import cli_env, run_cli, sane_report

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "orchestrator"
OVER = "took longer than 0.3 s of CPU time (the per-rule time budget, see RISKSCAN_CHECK_TIMEOUT); its findings are left out"


def _check(module: str, fn):
    fn.__module__ = f"riskscan.checks.{module}"
    return fn


def _hit(rid: str):
    def fn(project):
        yield Hit(rid, "a.py", 1, "found")

    return fn


def _spin(project):
    yield Hit("RS002", "a.py", 1, "found before the loop")
    while True:
        pass


def _checks(**special) -> dict:
    mods = ["pools", "auth", "queues", "redis", "pools", "auth"]
    out = {f"RS{i:03d}": _check(mods[i], _hit(f"RS{i:03d}")) for i in range(6)}
    for rid, fn in special.items():
        out[rid] = _check(mods[int(rid[2:])], fn)
    return out


def test_the_budget_grows_with_the_parsed_files_and_the_environment_sets_its_base(monkeypatch):
    monkeypatch.delenv("RISKSCAN_CHECK_TIMEOUT", raising=False)
    assert limits.check_budget(0) == 60.0
    assert limits.check_budget(2000) == pytest.approx(160.0)
    monkeypatch.setenv("RISKSCAN_CHECK_TIMEOUT", "12")
    assert limits.check_budget(1200) == pytest.approx(24.0)
    monkeypatch.setenv("RISKSCAN_CHECK_TIMEOUT", "0")
    assert limits.check_budget(5000) == 0.0  # no budget
    for bad in ("-3", "soon", ""):
        monkeypatch.setenv("RISKSCAN_CHECK_TIMEOUT", bad)
        assert limits.check_budget(0) == 60.0


@pytest.mark.parametrize("fork", [False, True])
def test_a_check_over_its_budget_is_stopped_and_the_others_run(monkeypatch, fork):
    monkeypatch.setenv("RISKSCAN_CHECK_TIMEOUT", "0.3")
    checks = _checks(RS002=_spin)
    got = dict(run_checks(Project({}), list(checks), checks, lambda h: True, fork=fork, debug=False))
    assert got["RS002"] == ([], OVER)  # (the hit it gave before the loop is left out too)
    assert all(got[rid] == ([Hit(rid, "a.py", 1, "found")], "") for rid in got if rid != "RS002")


def test_the_helper_stops_a_check_over_its_budget_the_same_way(monkeypatch):
    monkeypatch.setenv("RISKSCAN_CHECK_TIMEOUT", "0.3")
    monkeypatch.delenv("RISKSCAN_DEBUG", raising=False)  # (with it, the helper leaves a failure to this process)

    def slow_here(rid):
        def fn(project):
            if not checkrun.IN_HELPER:
                time.sleep(0.2)  # (the helper then takes most batches, RS002's among them)
            yield Hit(rid, "a.py", 1, "found")

        return fn

    def spins_in_helper(project):
        while checkrun.IN_HELPER:
            pass
        yield Hit("RS002", "a.py", 1, "found here")

    checks = _checks(**{f"RS{i:03d}": slow_here(f"RS{i:03d}") for i in (0, 1, 3, 4, 5)}, RS002=spins_in_helper)
    got = dict(run_checks(Project({}), list(checks), checks, lambda h: True, fork=True, debug=False))
    assert got["RS002"] == ([], OVER)
    assert all(got[rid] == ([Hit(rid, "a.py", 1, "found")], "") for rid in got if rid != "RS002")


def test_a_check_that_catches_the_stop_still_loses_its_answer(monkeypatch):
    monkeypatch.setenv("RISKSCAN_CHECK_TIMEOUT", "0.3")

    def swallows(project):
        try:
            while True:
                pass
        except BaseException:  # noqa: BLE001 - what a careless check could do
            pass
        yield Hit("RS001", "a.py", 1, "a partial answer")

    checks = _checks(RS001=swallows)
    got = dict(run_checks(Project({}), list(checks), checks, lambda h: True, fork=False, debug=False))
    assert got["RS001"] == ([], OVER)


def test_a_failing_check_is_still_its_error_not_the_budget(monkeypatch):
    monkeypatch.setenv("RISKSCAN_CHECK_TIMEOUT", "30")

    def broken(project):
        raise ValueError("bad fact")

    checks = _checks(RS003=broken)
    got = dict(run_checks(Project({}), list(checks), checks, lambda h: True, fork=False, debug=False))
    assert got["RS003"] == ([], "ValueError: bad fact")


def test_what_a_stopped_check_half_built_is_not_seen_by_the_next(monkeypatch):
    monkeypatch.setenv("RISKSCAN_CHECK_TIMEOUT", "0.3")
    project = Project({})
    seen: list = []

    def half_builds(project):
        project.__dict__["_rs_memo:half"] = {"only": "part"}
        _stores._USES[project] = frozenset({"half"})
        project.code_files()
        while True:
            pass
        yield

    def reads(project):
        seen.append((project.__dict__.get("_rs_memo:half"), _stores._USES.get(project), "_code_files" in project.__dict__))
        yield Hit("RS001", "a.py", 1, "found")

    checks = {"RS000": _check("pools", half_builds), "RS001": _check("pools", reads)}
    got = dict(run_checks(project, ["RS000", "RS001"], checks, lambda h: True, fork=False, debug=False))
    assert got["RS000"] == ([], OVER)
    assert seen == [(None, None, False)]
    assert got["RS001"] == ([Hit("RS001", "a.py", 1, "found")], "")


def test_forgetting_leaves_a_project_as_it_was_built():
    facts = scan(ScanOptions(root=str(FIXTURE), jobs=1, use_cache=False)).facts
    project, fresh = Project(facts), Project(facts)
    ff = next(f for f in project.files.values() if f.funcs)
    before = (project.code_files(), project.funcs_named(ff, ff.funcs[0].name), project.calls_in(ff, ff.funcs[0].id),
              project.calls_named("on"), project.service_of(ff.path))
    project._loaded["x.py"] = ff  # (a file parsed on demand is whole: kept)
    _stores.used_modules(project)
    assert set(project.__dict__) != set(fresh.__dict__)
    checks_pkg.forget_memos(project)
    assert set(project.__dict__) == set(fresh.__dict__)
    assert project._calls_by_func == {} and factindex._BY_LIST == {}  # (the indexes of each file's facts too)
    assert project._loaded == {"x.py": ff} and _stores._USES.get(project) is None
    after = (project.code_files(), project.funcs_named(ff, ff.funcs[0].name), project.calls_in(ff, ff.funcs[0].id),
             project.calls_named("on"), project.service_of(ff.path))
    assert after == before


# RS101's check replaced by one that never ends (in the scan's process and in
# the workers and helper it forks, which inherit the replacement)
SPIN_RS101 = textwrap.dedent("""
    import riskscan.checks as _checks
    _all = _checks.all_checks
    def _spin(project):
        while True:
            pass
        yield
    _spin.__module__ = "riskscan.checks.pools"
    def all_checks():
        got = _all()
        got["RS101"] = _spin
        return got
    _checks.all_checks = all_checks
""")


def _rows(data: dict) -> list[tuple]:
    return [(f["rule_id"], f["path"], f["line"], f["message"]) for f in data["findings"]]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_scan_with_a_never_ending_check_ends_with_every_other_rules_findings(tmp_path, jobs):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".riskscan_cache"))
    plain = sane_report(run_cli(root, "--jobs", jobs, "--ignore", "RS101"), root)
    proc = run_cli(root, "--jobs", jobs, prelude=SPIN_RS101, env=cli_env(RISKSCAN_CHECK_TIMEOUT="0.5"), timeout=120)
    data = sane_report(proc, root)
    assert "check RS101 failed: took longer than 0.5 s of CPU time (the per-rule time budget, see RISKSCAN_CHECK_TIMEOUT)" in " ".join(data["warnings"])
    assert plain["findings"] and _rows(data) == _rows(plain)
    text = run_cli(root, "--jobs", jobs, prelude=SPIN_RS101, env=cli_env(RISKSCAN_CHECK_TIMEOUT="0.5"), fmt="text", timeout=120)
    assert "check RS101 failed: took longer than 0.5 s" in text.stdout.decode()
