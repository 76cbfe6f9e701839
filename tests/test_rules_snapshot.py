"""The parsed rules' snapshot in the per-user cache directory (riskscan.rulesnap)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import riskscan.ruledefs as ruledefs
from riskscan import rulesnap
from riskscan.fsutil import user_cache_dir

load = ruledefs.load_rules.__wrapped__  # without the per-process lru_cache


@pytest.fixture(autouse=True)
def _xdg(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.setattr(rulesnap, "_writes", True)  # as in a scan with the cache


def snapshot_files() -> list[Path]:
    return sorted(Path(user_cache_dir()).glob("rules-*.json"))


def test_second_load_reads_the_snapshot_and_gets_the_same_rules(monkeypatch):
    parsed = load()
    assert len(snapshot_files()) == 1
    monkeypatch.setattr(ruledefs, "_load_file", lambda *a, **k: pytest.fail("parsed the YAML again"))
    again = load()
    assert again == parsed
    assert list(again) == sorted(again)
    assert all(isinstance(r.triggers, tuple) for r in again.values())


def test_examples_are_never_taken_from_the_snapshot():
    load()
    with_examples = load(examples=True)
    assert all(r.examples for r in with_examples.values())


def copy_rules(tmp_path: Path) -> tuple[Path, list[Path]]:
    directory = tmp_path / "rules"
    shutil.copytree(ruledefs.data_dir("rules"), directory)
    return directory, sorted(directory.glob("RS*.yml"))


def test_edited_rule_file_makes_the_snapshot_stale(tmp_path):
    directory, paths = copy_rules(tmp_path)
    rules = {p.stem: ruledefs._load_file(p, False) for p in paths}
    rulesnap.write(directory, paths, rules)
    assert rulesnap.read(directory, paths) == rules
    st = os.stat(paths[0])
    os.utime(paths[0], ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert rulesnap.read(directory, paths) is None
    assert rulesnap.read(directory, paths[1:]) is None  # a rule file removed


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: b"not json",
        lambda d: json.dumps({**d, "key": "0" * 64}).encode(),
        lambda d: json.dumps({**d, "rules": [{**d["rules"][0], "effort": "15"}] + d["rules"][1:]}).encode(),
        lambda d: json.dumps({**d, "rules": [{**d["rules"][0], "triggers": "Pool"}] + d["rules"][1:]}).encode(),
        lambda d: json.dumps({**d, "rules": [{**d["rules"][0], "extra": 1}] + d["rules"][1:]}).encode(),
        lambda d: json.dumps({**d, "rules": d["rules"][:-1]}).encode(),
    ],
    ids=["not-json", "other-key", "effort-not-int", "triggers-not-list", "unknown-field", "rule-missing"],
)
def test_damaged_snapshot_is_ignored_and_rewritten(damage):
    parsed = load()
    (path,) = snapshot_files()
    good = json.loads(path.read_bytes())
    path.write_bytes(damage(good))
    assert load() == parsed
    assert json.loads(path.read_bytes()) == good


def test_unwritable_cache_directory_still_loads_rules(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load() == load(examples=False)
    assert len(load()) >= 30


def cli(*args: str, xdg: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(xdg), "RISKSCAN_CACHE_SECRET": "s" * 40}
    return subprocess.run([sys.executable, "-m", "riskscan", *args], env=env, capture_output=True, text=True, timeout=120)


def test_only_scans_with_the_cache_write_the_snapshot(tmp_path):
    (tmp_path / "app.js").write_text("const x = 1;\n")
    xdg = tmp_path / "xdg"
    for args in (("rules",), ("explain", "RS101"), ("check", str(tmp_path), "--no-cache")):
        assert cli(*args, xdg=xdg).returncode == 0
        assert not xdg.exists(), args
    assert cli("check", str(tmp_path), xdg=xdg).returncode == 0
    assert len(list((xdg / "riskscan").glob("rules-*.json"))) == 1
    assert cli("rules", "--format", "json", xdg=xdg).returncode == 0  # reads it
