"""The benchmark's helper scripts run against this checkout's code (the
benchmark itself is not part of CI: these keep its tools from breaking
silently when the package they import changes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def test_trigger_stats_script_runs_on_the_fixture():
    """`python bench/triggers.py DIR` (documented in bench/README.md)."""
    proc = subprocess.run([sys.executable, str(BENCH / "triggers.py"), str(ROOT / "fixtures" / "orchestrator")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert " files, " in first and "parsed:" in first
    assert any(line.startswith("RS101:") for line in proc.stdout.splitlines())


def test_synthetic_corpus_is_seeded_and_scannable(tmp_path):
    """The generator writes the same tree for the same seed, and riskscan
    finds the planted risks in it."""
    sys.path.insert(0, str(BENCH))
    try:
        import synth
    finally:
        sys.path.remove(str(BENCH))
    a, b = tmp_path / "a", tmp_path / "b"
    synth.generate(str(a), 300, seed=7)
    synth.generate(str(b), 300, seed=7)
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    assert files_a == sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)
    from riskscan.engine import ScanOptions, scan

    result = scan(ScanOptions(root=str(a), jobs=1, use_cache=False))
    assert result.findings and not result.warnings


def test_peak_memory_of_a_command_is_its_own_not_the_benchmarks():
    """A short command measured from a benchmark process that holds a lot of
    memory: on Linux the child's ``ru_maxrss`` starts from the memory it had
    before its exec (the benchmark's own), which once made every synthetic
    scenario of a run report the benchmark's 401 MB."""
    sys.path.insert(0, str(BENCH))
    try:
        import measure
    finally:
        sys.path.remove(str(BENCH))
    held = bytearray(160 * 2**20)
    for i in range(0, len(held), 4096):
        held[i] = 1
    assert measure.own_peak_rss() >= 160 * 2**20
    # (it lives long enough to be sampled on a busy machine too: a command
    # gone before the first sample has only its inflated ru_maxrss, discarded)
    sample = measure.measure([sys.executable, "-c", "import time; time.sleep(0.3)"])
    assert sample.returncode == 0
    assert 0 < sample.peak_rss < 100 * 2**20, sample
    grown = measure.measure([sys.executable, "-c", "import time; b = bytearray(200 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(0.3)"])
    assert grown.peak_rss >= 200 * 2**20, grown
    del held
