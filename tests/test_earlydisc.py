"""Files discovered ahead by the command line's pre-warmed child
(riskscan.earlydisc): the options it reads, the discovery it sends, and that
the scan takes it only when it was made with exactly the scan's options."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from riskscan import earlydisc, engine
from riskscan.config import ConfigError
from riskscan.discovery import SourceFile, discover
from riskscan.engine import ScanOptions
from riskscan.runner import CheckArgs, build_options

from helpers import write_tree

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("argv, want", [
    (["check"], {"path": "."}),
    (["check", "."], {"path": "."}),
    (["check", "app", "--format", "json"], {"path": "app"}),
    (["check", "--format=sarif", "-o", "out.sarif", "app"], {"path": "app"}),
    (["check", "-fjson", "-j2", "app"], {"path": "app"}),
    (["check", "app", "--exclude", "gen/**", "--exclude=vendor/**"], {"path": "app", "exclude": ["gen/**", "vendor/**"]}),
    (["check", "--include-tests", "app"], {"path": "app", "include_tests": True}),
    (["check", "--include-tests", "--no-include-tests", "app"], {"path": "app", "include_tests": False}),
    (["check", "--max-bytes", "2048", "app"], {"path": "app", "max_bytes": 2048}),
    (["check", "--config", "ci/riskscan.toml", "app"], {"path": "app", "config": "ci/riskscan.toml"}),
    (["check", "--strict", "--no-color", "--select", "RS1", "--baseline", "b.json", "app"], {"path": "app"}),
    (["check", "--", "-odd-dir"], {"path": "-odd-dir"}),
])
def test_the_options_discovery_depends_on_are_read_from_the_command_line(argv, want):
    got = earlydisc.guess_options(argv)
    assert got == {"path": ".", "exclude": [], "include_tests": None, "max_bytes": None, "config": None, **want}


@pytest.mark.parametrize("argv", [
    ["rules"],
    [],
    ["check", "a", "b"],  # two paths: typer says what is wrong
    ["check", "--max-bytes", "big", "."],
    ["check", "--exclude"],  # value missing
    ["check", "--new-option", "."],  # an option this reading does not know
    ["check", "-x", "."],
    ["check", "--strict=yes", "."],
])
def test_anything_unsure_is_no_guess(argv):
    assert earlydisc.guess_options(argv) is None


def _tree(root: Path) -> Path:
    write_tree(root, {
        "package.json": '{"name": "api"}',
        "tsconfig.json": '{"compilerOptions": {"baseUrl": "src"}}',
        "src/server.js": "const express = require('express')\n",
        "src/big.js": "x".ljust(5000, "x") + "\n",
        "app/main.py": "import redis\n",
        "tests/test_main.py": "def test_x(): pass\n",
        "gen/out.js": "module.exports = 1\n",
    })
    os.symlink("/etc/passwd", root / "src" / "link.js")
    os.mkfifo(root / "src" / "pipe.js")
    (root / "src" / os.fsdecode(b"caf\xe9.js")).write_text("const redis = require('redis')\n")  # (a name that is not UTF-8)
    return root


def test_a_packed_discovery_is_the_discovery(tmp_path):
    root = _tree(tmp_path)
    assert any("\\xe9" in f.path for f in discover(str(root)).files)
    for kwargs in ({}, {"include_tests": True, "excludes": ("gen/**",), "max_bytes": 1024}):
        disc = discover(str(root), **kwargs)
        assert disc.skipped and disc.service_roots and disc.config_dirs  # (every part has something to carry)
        key = earlydisc.discovery_key(str(root), kwargs.get("include_tests", False), kwargs.get("excludes", ()), kwargs.get("max_bytes", 1 << 20))
        assert earlydisc.unpack(earlydisc.pack(key, disc)) == (key, disc)
    for name in ("orchestrator", "python-service"):
        disc = discover(str(FIXTURES / name))
        assert earlydisc.unpack(earlydisc.pack(("k",), disc))[1] == disc

    class Marked(SourceFile):
        pass

    disc = discover(str(root))
    disc.files.append(Marked("x.js", str(root / "x.js"), "js", 1))
    with pytest.raises(TypeError):
        earlydisc.pack(("k",), disc)  # (never sent as a plain SourceFile)
    disc.files.pop()
    disc.warnings.append(object())  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        earlydisc.pack(("k",), disc)


class _Child:
    def __init__(self, message):
        self.message = message

    def first_message(self):
        return self.message


def test_the_scan_takes_a_discovery_made_with_exactly_its_options(tmp_path):
    root = str(_tree(tmp_path))
    disc = discover(root, excludes=("gen/**",))
    packed = earlydisc.pack(earlydisc.discovery_key(root, False, ("gen/**",), 1 << 20), disc)
    same = ScanOptions(root=root, excludes=("gen/**",))
    assert earlydisc.take(_Child(packed), root, same) == disc
    for other in (ScanOptions(root=root), ScanOptions(root=root, excludes=("gen/**",), include_tests=True),
                  ScanOptions(root=root, excludes=("gen/**",), max_bytes=1024), ScanOptions(root=root, excludes=("gen/**", "x"))):
        assert earlydisc.take(_Child(packed), root, other) is None
    assert earlydisc.take(_Child(packed), str(tmp_path / "app"), same) is None  # another root
    for message in (None, b"", b"not marshal", earlydisc.pack(("k",), disc)[:-9]):
        assert earlydisc.take(_Child(message), root, same) is None
    assert earlydisc.take(None, root, same) is None


def test_the_guess_reads_the_configuration_as_the_scan_does(tmp_path, monkeypatch):
    root = _tree(tmp_path / "proj")
    monkeypatch.chdir(root)
    assert earlydisc.discover_ahead(["check"]) is None  # no cache: a cold scan, which stops the child
    engine.scan(ScanOptions(root=str(root)))
    (root / "pyproject.toml").write_text('[tool.riskscan]\nexclude = ["gen/**"]\ninclude-tests = true\nmax-bytes = 4096\n')
    for argv, args in (
        (["check"], CheckArgs(path=".")),
        (["check", ".", "--exclude", "src/**", "--no-include-tests"], CheckArgs(path=".", exclude=("src/**",), include_tests=False)),
        (["check", "--max-bytes=100", "."], CheckArgs(path=".", max_bytes=100)),
    ):
        key, disc = earlydisc.unpack(earlydisc.discover_ahead(argv))
        opts, _ = build_options(args)
        assert key == earlydisc.discovery_key(opts.root, opts.include_tests, opts.excludes, opts.max_bytes)
        assert disc == discover(opts.root, include_tests=opts.include_tests, excludes=opts.excludes, max_bytes=opts.max_bytes)
    assert earlydisc.discover_ahead(["check", "missing-dir"]) is None
    (root / "pyproject.toml").write_text('[tool.riskscan]\nexclude = 3\n')
    with pytest.raises(ConfigError):
        earlydisc.discover_ahead(["check"])  # (the child then sends nothing: the scan reports the error itself)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pre-warmed child forks (Linux only)")
def test_a_warm_check_uses_the_files_the_child_discovered(tmp_path, monkeypatch, capsys):
    from riskscan import cli

    root = tmp_path / "orchestrator"
    shutil.copytree(FIXTURES / "orchestrator", root, ignore=shutil.ignore_patterns(".riskscan_cache"))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # (the child is forked only with a second CPU)
    monkeypatch.setattr(engine, "_python_frontend_loaded", lambda: False)
    taken: list = []
    real = engine.take_discovery

    def spy(*a):
        taken.append(real(*a))
        return taken[-1]

    monkeypatch.setattr(engine, "take_discovery", spy)

    def check(*args):
        monkeypatch.setattr(sys, "argv", ["riskscan", "check", str(root), "--format", "json", *args])
        with pytest.raises(SystemExit):
            cli.main()
        return json.loads(capsys.readouterr().out)

    cold = check()
    assert taken == [None]  # no cache: no child kept for the scan
    warm = check()
    assert taken[1] == discover(str(root))
    (root / "apps/api/src/queue.js").write_text((root / "apps/api/src/queue.js").read_text() + "// edited\n")
    edited = check("--exclude", "docs/**")
    assert taken[2] == discover(str(root), excludes=("docs/**",))
    assert cold["findings"] == warm["findings"] == edited["findings"]
    (root / "riskscan.toml").write_text('exclude = ["apps/worker/**"]\n')
    narrowed = check()
    assert taken[3] == discover(str(root), excludes=("apps/worker/**",))
    assert not any(f["path"].startswith("apps/worker/") for f in narrowed["findings"])
    assert any(f["path"].startswith("apps/worker/") for f in warm["findings"])
