"""Reusing a whole scan's results when nothing it reads has changed
(riskscan.resultmemo): same output, no checks run, and any change -- a file,
a manifest, an option, a rule, riskscan's code -- means a full scan."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import riskscan.engine as engine
import riskscan.resultmemo as memo_mod
from riskscan.engine import ScanOptions, scan
from riskscan.report import render

from helpers import write_tree

POOL_BAD = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5 });\nmodule.exports = pool;\n"
POOL_OK = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5, connectionTimeoutMillis: 5000 });\nmodule.exports = pool;\n"
PLAIN = "function total(a, b) {\n  return a + b;\n}\nmodule.exports = { total };\n"
SUPPRESSED = (
    "const { Pool } = require('pg');\n"
    "// riskscan-ignore RS101: pgbouncer in front, it times out\n"
    "const pool = new Pool({ max: 5 });\nmodule.exports = pool;\n"
)
PROJECT = {"src/db.js": POOL_BAD, "src/util.js": PLAIN, "src/replica.js": SUPPRESSED, "package.json": '{"name": "svc", "dependencies": {"pg": "8"}}'}


@pytest.fixture(autouse=True)
def _secret(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "s" * 40)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))


def run(root: Path, fmt: str = "json", **kw) -> str:
    kw.setdefault("jobs", 1)
    return render(fmt, scan(ScanOptions(root=str(root), **kw)))


def results_file(root: Path) -> Path:
    return root / ".riskscan_cache" / memo_mod.RESULTS_FILE


def findings(out: str) -> list[tuple[str, str, int]]:
    return sorted((f["rule_id"], f["path"], f["line"]) for f in json.loads(out)["findings"])


def test_an_unchanged_tree_gets_the_same_report_without_running_the_checks(tmp_path, checked):
    write_tree(tmp_path, PROJECT)
    formats = ("json", "sarif", "markdown", "text")
    first = {fmt: render(fmt, scan(ScanOptions(root=str(tmp_path), jobs=1, use_cache=False))) for fmt in formats}
    assert run(tmp_path) == first["json"]  # (saves the results)
    assert len(checked) == len(formats) + 1 and results_file(tmp_path).is_file()
    again = {fmt: run(tmp_path, fmt) for fmt in formats}
    assert len(checked) == len(formats) + 1  # no check ran again
    assert again == first
    data = json.loads(again["json"])
    assert ("RS101", "src/db.js", 2) in findings(again["json"])
    assert data["summary"]["suppressed"] == 1  # suppressed findings are kept too


@pytest.mark.parametrize(
    "change",
    ["edit", "add", "remove", "manifest"],
)
def test_any_change_to_the_files_runs_the_checks_again(tmp_path, checked, change):
    write_tree(tmp_path, PROJECT)
    before = run(tmp_path)
    if change == "edit":
        (tmp_path / "src/db.js").write_text(POOL_OK)
    elif change == "add":
        (tmp_path / "src/db2.js").write_text(POOL_BAD)
    elif change == "remove":
        (tmp_path / "src/db.js").unlink()
    else:  # what a service depends on decides which of its findings hold
        (tmp_path / "package.json").write_text('{"name": "svc", "dependencies": {"pg": "8", "ioredis": "5"}}')
    after = run(tmp_path)
    assert len(checked) == 2
    assert after == run(tmp_path, use_cache=False)  # the full scan's answer, not the saved one
    if change in ("edit", "remove"):
        assert ("RS101", "src/db.js", 2) not in findings(after)
    elif change == "add":
        assert ("RS101", "src/db2.js", 2) in findings(after)
    else:
        assert after == before


@pytest.fixture
def facts_read(monkeypatch):
    """Counts the scans that read the facts cache (the saved results were not
    reused by stat signature alone)."""
    import riskscan.cache as cache_mod

    reads: list[int] = []
    real = cache_mod.FactsCache.split_lazily

    def spy(self, files):
        reads.append(1)
        return real(self, files)

    monkeypatch.setattr(cache_mod.FactsCache, "split_lazily", spy)
    return reads


@pytest.mark.parametrize("change", ["touch", "rewrite"])
def test_files_with_the_same_contents_reuse_the_results_without_running_the_checks(tmp_path, checked, facts_read, change):
    """Only stat signatures changed (a touch; git rewriting files on a branch
    switched back, or a fresh checkout beside a restored cache): the facts
    cache confirms every content hash, and the saved results are reused; the
    next scan then reuses them by stat signature alone."""
    write_tree(tmp_path, PROJECT)
    before = run(tmp_path)
    for rel in ("src/db.js", "src/util.js"):
        path = tmp_path / rel
        if change == "touch":
            st = os.stat(path)
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        else:
            text = path.read_text()
            path.unlink()
            path.write_text(text)
    assert run(tmp_path) == before
    assert len(checked) == 1 and len(facts_read) == 2  # the cache was read, the checks did not run
    assert run(tmp_path) == before
    assert len(checked) == 1 and len(facts_read) == 2  # reused by stat signature: not even the cache was read


def test_same_contents_with_other_options_run_the_checks_again(tmp_path, checked):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    path = tmp_path / "src/db.js"
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert run(tmp_path, ignore=("RS101",)) == run(tmp_path, use_cache=False, ignore=("RS101",))
    assert len(checked) == 3


def test_a_content_edit_and_its_undo_are_judged_afresh(tmp_path, checked):
    """Content keys compare with the last scan's results only: after an edit
    was scanned, undoing it runs the checks again and finds the first answer."""
    write_tree(tmp_path, PROJECT)
    first = run(tmp_path)
    (tmp_path / "src/db.js").write_text(POOL_OK)
    edited = run(tmp_path)
    assert ("RS101", "src/db.js", 2) not in findings(edited)
    (tmp_path / "src/db.js").write_text(POOL_BAD)
    assert run(tmp_path) == first
    assert len(checked) == 3


@pytest.mark.parametrize(
    "options",
    [
        {"select": ("RS102",)},
        {"ignore": ("RS101",)},
        {"include_tests": True},
        {"excludes": ("src/db.js",)},
        {"severity_overrides": {"RS101": "low"}},
        {"probability_overrides": {"RS101": "low"}},
        {"per_file_ignores": {"src/*.js": ("RS101",)}},
        {"require_reason": True},
        {"max_bytes": 100},
    ],
)
def test_other_options_run_the_checks_again(tmp_path, checked, options):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    assert run(tmp_path, **options) == run(tmp_path, use_cache=False, **options)
    assert len(checked) == 3


def test_other_rules_or_code_run_the_checks_again(tmp_path, checked, monkeypatch):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    real_load = engine.load_rules
    retitled = {rid: (meta if rid != "RS101" else dataclasses.replace(meta, title="Pool that waits forever")) for rid, meta in real_load().items()}
    monkeypatch.setattr(engine, "load_rules", lambda: retitled)
    out = run(tmp_path)
    assert len(checked) == 2
    assert any(f["title"] == "Pool that waits forever" for f in json.loads(out)["findings"])
    monkeypatch.setattr(engine, "load_rules", real_load)
    run(tmp_path)  # the saved results are the retitled scan's: not reused
    assert len(checked) == 3
    real_code = memo_mod._code_fingerprint
    monkeypatch.setattr(memo_mod, "_code_fingerprint", lambda: real_code() + ["checks/pools.py:1:2"])  # an edited checkout
    run(tmp_path)
    assert len(checked) == 4


def test_no_cache_neither_reads_nor_writes_saved_results(tmp_path, checked):
    write_tree(tmp_path, PROJECT)
    run(tmp_path, use_cache=False)
    assert not results_file(tmp_path).exists()
    run(tmp_path)
    run(tmp_path, use_cache=False)
    assert len(checked) == 3


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-secret", "edited-body", "symlink"])
def test_saved_results_it_did_not_write_are_ignored(tmp_path, checked, monkeypatch, damage):
    write_tree(tmp_path, PROJECT)
    good = run(tmp_path)
    path = results_file(tmp_path)
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00not json\n{}")
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "other-secret":
        monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "t" * 40)
        run(tmp_path, use_cache=False)  # (the facts cache is also another secret's)
    elif damage == "edited-body":  # a finding taken out by hand, the header left as it was
        header, body = raw.split(b"\n", 1)
        doc = json.loads(body)
        doc["findings"] = []
        path.write_bytes(header + b"\n" + json.dumps(doc).encode())
    else:  # a symlink standing in for the file is never read through
        target = tmp_path / "elsewhere.json"
        target.write_bytes(raw)
        path.unlink()
        path.symlink_to(target)
    checked.clear()
    assert run(tmp_path) == good
    assert len(checked) == 1


def test_a_cache_directory_that_is_a_symlink_is_never_read_or_written(tmp_path, checked):
    """Saved results are neither read nor written through a `.riskscan_cache`
    that is a symlink (it may point out of the scanned tree)."""
    project = tmp_path / "project"
    write_tree(project, PROJECT)
    first = run(project)
    elsewhere = tmp_path / "elsewhere"
    (project / ".riskscan_cache").rename(elsewhere)
    (project / ".riskscan_cache").symlink_to(elsewhere, target_is_directory=True)
    before = (elsewhere / memo_mod.RESULTS_FILE).read_bytes()
    assert run(project) == first
    assert len(checked) == 2  # the checks ran: the saved results behind the symlink were not used
    assert (elsewhere / memo_mod.RESULTS_FILE).read_bytes() == before  # nor rewritten


def test_not_saved_when_a_file_could_not_be_analysed_this_time(tmp_path, checked, monkeypatch):
    """A file skipped for a reason that may not recur (here the frontend's
    internal error) is analysed again by the next scan, not remembered."""
    import riskscan.frontends as frontends

    write_tree(tmp_path, PROJECT)
    monkeypatch.delenv("RISKSCAN_DEBUG", raising=False)  # (tests otherwise raise a frontend's error)

    def broken(kind):
        def extract(path, data):
            raise ValueError("boom")

        return extract

    real_load = frontends.load
    monkeypatch.setattr(frontends, "load", broken)
    out = run(tmp_path)
    assert any(s["reason"].startswith("internal error") for s in json.loads(out)["skipped"])
    assert not results_file(tmp_path).exists()
    monkeypatch.setattr(frontends, "load", real_load)
    assert ("RS101", "src/db.js", 2) in findings(run(tmp_path))
    assert len(checked) == 2


def test_the_command_line_reuses_and_clean_removes_saved_results(tmp_path):
    write_tree(tmp_path, PROJECT)
    env = {**os.environ, "RISKSCAN_CACHE_SECRET": "s" * 40, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "RISKSCAN_TIMINGS": "1"}
    env.pop("NO_COLOR", None)
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")

    def check() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "riskscan", "check", str(tmp_path), "--format", "json"], capture_output=True, text=True, env=env, timeout=120)

    first, second = check(), check()
    assert first.returncode == second.returncode and first.stdout == second.stdout
    assert "results reused" not in first.stderr and "results reused" in second.stderr
    subprocess.run([sys.executable, "-m", "riskscan", "clean", str(tmp_path)], capture_output=True, env=env, timeout=60, check=True)
    assert not results_file(tmp_path).exists()
    third = check()
    assert third.stdout == first.stdout and "results reused" not in third.stderr


def test_the_key_covers_the_aliases_the_files_and_how_they_are_counted(tmp_path):
    """The two keys of a scan share one digest of everything but the files
    and the aliases (``key_base``), copied for each: the same inputs give the
    same key, and the aliases, a file's signature or content, the way files
    are counted and the options each give another."""
    from riskscan.discovery import discover
    from riskscan.ruledefs import load_rules

    write_tree(tmp_path, PROJECT)
    disc = discover(str(tmp_path))
    opts = ScanOptions(root=str(tmp_path))
    rules = load_rules()
    enabled = sorted(rules)

    def base(options: ScanOptions = opts):
        return memo_mod.key_base(str(tmp_path), options, rules, enabled, disc, {})

    shared = base()
    by_stat = memo_mod.scan_key(shared, disc, b"aliases")
    assert by_stat is not None
    assert memo_mod.scan_key(base(), disc, b"aliases") == by_stat
    assert memo_mod.scan_key(shared, disc, b"other aliases") != by_stat
    digests = {f.path: "0" * 64 for f in disc.files}
    by_content = memo_mod.scan_key(shared, disc, b"aliases", digests)
    assert by_content not in (None, by_stat)
    assert memo_mod.scan_key(shared, disc, b"aliases", {**digests, "src/db.js": "1" * 64}) != by_content
    assert memo_mod.scan_key(shared, disc, b"aliases", {}) is None  # a file without a confirmed content
    assert memo_mod.scan_key(shared, disc, b"aliases") == by_stat  # (the shared digest is copied, never fed)
    assert memo_mod.scan_key(base(dataclasses.replace(opts, include_tests=True)), disc, b"aliases") != by_stat
    assert memo_mod.scan_key(shared, dataclasses.replace(disc, files=disc.files[1:]), b"aliases") != by_stat
