"""The collector during a scan (riskscan.gcpolicy): the checks run without
full passes, whose walks over the memos they keep found next to nothing,
and the thresholds are back as they were once the scan returns."""

from __future__ import annotations

import gc
import os
import sys

import pytest

from riskscan import checkrun, gcpolicy
from riskscan.engine import ScanOptions, scan

FIXTURE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "orchestrator")


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


@pytest.mark.parametrize("jobs", [1, 2])
def test_checks_run_without_full_passes_and_the_scan_puts_the_thresholds_back(monkeypatch, thresholds, jobs):
    seen: list[tuple[int, int, int]] = []
    run_one = checkrun._run_one

    def spy(project, rid, fn, keep, debug, budget=0.0):
        seen.append(gc.get_threshold())
        return run_one(project, rid, fn, keep, debug, budget)

    monkeypatch.setattr(checkrun, "_run_one", spy)
    result = scan(ScanOptions(root=FIXTURE, jobs=jobs, use_cache=False))
    assert result.findings  # (the checks ran and found the fixture's problems)
    assert seen and all(t == (thresholds[0], thresholds[1], gcpolicy.NO_FULL_PASS) for t in seen)
    assert gc.get_threshold() == thresholds


def test_the_scan_puts_the_thresholds_back_when_a_check_fails(monkeypatch, thresholds):
    def boom(project, rid, fn, keep, debug, budget=0.0):
        raise RuntimeError("a check blew up")

    monkeypatch.setattr(checkrun, "_run_one", boom)
    with pytest.raises(RuntimeError):
        scan(ScanOptions(root=FIXTURE, jobs=1, use_cache=False))
    assert gc.get_threshold() == thresholds


def test_young_passes_go_on_and_restore_puts_back_the_usual_thresholds(monkeypatch, thresholds):
    monkeypatch.setattr(gcpolicy, "_USUAL", None)
    before = gcpolicy.without_full_passes()
    assert before == thresholds
    young, middle, full = gc.get_threshold()
    assert (young, middle) == thresholds[:2] and full == gcpolicy.NO_FULL_PASS
    gcpolicy.without_full_passes()  # (a second change keeps the first thresholds as the usual ones)
    gcpolicy.restore()
    assert gc.get_threshold() == thresholds


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks (Linux only)")
def test_a_worker_forked_from_the_command_has_its_full_passes_back(monkeypatch, thresholds):
    from riskscan import engine

    monkeypatch.setattr(gcpolicy, "_USUAL", None)
    gcpolicy.without_full_passes()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            engine._worker_init(child=True)
            os.write(w, repr(gc.get_threshold()).encode())
        finally:
            os._exit(0)
    os.close(w)
    got = os.read(r, 200).decode()
    os.close(r)
    os.waitpid(pid, 0)
    assert got == repr(thresholds)
