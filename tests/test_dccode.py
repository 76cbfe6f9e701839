"""Dataclasses' compiled methods kept between runs (riskscan.dccode): the
classes made with the kept code behave as those made by dataclasses alone,
and a kept file that is not exactly what this user's riskscan wrote is
never run."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# made in a fresh interpreter: install(), then classes of every kind, then what they do
PROGRAM = textwrap.dedent(
    """
    import dataclasses, json, sys
    from riskscan import dccode, kept
    if sys.argv[1] == "on":
        dccode.install()
        kept.allow_writes()

    @dataclasses.dataclass
    class A:
        x: int
        y: list = dataclasses.field(default_factory=list)
        z: str = "z"

    @dataclasses.dataclass(frozen=True, order=True)
    class B:
        p: int
        q: tuple = ()

    a, b = A(1), B(2, (3,))
    out = {"repr": [repr(a), repr(b)], "eq": [a == A(1), a == A(2), b == B(2, (3,))], "lt": B(1) < B(2),
           "hash": hash(b) == hash(B(2, (3,))), "default": a.y is not A(1).y, "init_ann": sorted(A.__init__.__annotations__)}
    try:
        b.p = 5
        out["frozen"] = False
    except dataclasses.FrozenInstanceError:
        out["frozen"] = True
    out["kept"] = sum(len(k.used) - k.new for k in dccode.KEPT.values())  # (the methods whose code came from the kept file)
    kept.save()
    print(json.dumps(out))
    """
)


def _run(mode: str, cache_home: Path, secret: str = "s" * 40) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), XDG_CACHE_HOME=str(cache_home), RISKSCAN_CACHE_SECRET=secret)
    out = subprocess.run([sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    import json

    return json.loads(out.stdout)


def _strip(got: dict) -> dict:
    return {k: v for k, v in got.items() if k != "kept"}


def _kept(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "riskscan").glob("dataclass-code-*.bin"))


def test_classes_behave_the_same_compiled_fresh_and_from_the_kept_code(tmp_path):
    plain = _run("off", tmp_path)
    assert _kept(tmp_path) == []  # (nothing installed, nothing written)
    first = _run("on", tmp_path)  # compiles, then saves
    assert len(_kept(tmp_path)) == 1
    second = _run("on", tmp_path)  # runs the kept code
    assert _strip(plain) == _strip(first) == _strip(second)
    assert plain["frozen"] and plain["eq"] == [True, False, True]
    assert first["kept"] == 0 and second["kept"] > 0  # (compiled, then taken from the kept file)


def test_a_file_signed_with_another_secret_is_not_run(tmp_path):
    _run("on", tmp_path, secret="a" * 40)
    got = _run("on", tmp_path, secret="b" * 40)
    assert got["kept"] == 0  # compiled again: the kept code was not trusted


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_file_is_ignored(tmp_path, damage):
    _run("on", tmp_path)
    (path,) = _kept(tmp_path)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    else:
        path.write_bytes(b"not a cache at all")
    got = _run("on", tmp_path)
    assert got["kept"] == 0 and got["frozen"] and got["eq"] == [True, False, True]
    assert _run("on", tmp_path)["kept"] > 0  # (rewritten, then used)


def _fresh(monkeypatch, group: str = ""):
    """dccode's kept code of ``group``, empty, no file read, nothing saved."""
    from riskscan import dccode, kept

    fresh = kept.Kept(dccode.KEPT[group].store)
    fresh.items = {}
    monkeypatch.setitem(dccode.KEPT, group, fresh)
    monkeypatch.setattr(kept, "_writes", False)
    return fresh


def test_nothing_is_written_without_allow_writes(tmp_path, monkeypatch):
    from riskscan import kept

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _fresh(monkeypatch).put("x = 1", compile("x = 1", "<string>", "exec"))
    kept.save()
    assert _kept(tmp_path) == []


def test_libcst_classes_code_is_kept_apart(monkeypatch):
    """The syntax tree's methods go to their own file, which a process that
    never parses Python does not read."""
    from riskscan import dccode

    main, cst = _fresh(monkeypatch), _fresh(monkeypatch, "libcst")
    dccode._exec("a = 1", {"__name__": "libcst._nodes.expression"}, {})
    dccode._exec("b = 2", {"__name__": "riskscan.model"}, {})
    dccode._exec("c = 3", {}, {})
    assert list(cst.items) == ["a = 1"] and sorted(main.items) == ["b = 2", "c = 3"]
    assert "libcst" in os.path.basename(cst.store.path()) and "libcst" not in os.path.basename(main.store.path())


def test_exec_of_other_sources_is_left_alone():
    from riskscan import dccode

    ns: dict = {}
    code = compile("x = 41 + 1", "<test>", "exec")
    dccode._exec(code, {}, ns)
    assert ns["x"] == 42
    dccode._exec("y = 2", {}, ns)
    assert ns["y"] == 2


def test_a_scan_from_the_command_line_keeps_the_code_only_with_the_cache(tmp_path):
    """`riskscan check` saves what it compiled (dataclasses' methods and
    regular expressions' programs, riskscan.recode); `--no-cache` writes nothing."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), XDG_CACHE_HOME=str(tmp_path / "home"), RISKSCAN_CACHE_SECRET="c" * 40)
    project = tmp_path / "p"
    project.mkdir()
    (project / "app.js").write_text("const { Pool } = require('pg');\nconst pool = new Pool();\n")
    cmd = [sys.executable, "-c", "import sys; from riskscan.cli import main; sys.exit(main())", "check", str(project), "--format", "json"]
    subprocess.run([*cmd, "--no-cache"], capture_output=True, env=env, timeout=120)
    assert _kept(tmp_path / "home") == []
    assert not (tmp_path / "home").exists()
    subprocess.run(cmd, capture_output=True, env=env, timeout=120)
    assert len(_kept(tmp_path / "home")) == 1
    assert len(list((tmp_path / "home" / "riskscan").glob("regex-code-*.bin"))) == 1


def test_the_kept_code_is_compiled_as_dataclasses_compiles_it(monkeypatch):
    """Without __future__ flags, as dataclasses' own exec (this module and
    riskscan.dccode have ``from __future__ import annotations``): the
    generated __init__'s annotation is the field's type, not a string."""
    from riskscan import dccode

    fresh = _fresh(monkeypatch)
    monkeypatch.setattr(dataclasses, "exec", dccode._exec, raising=False)
    C = dataclasses.make_dataclass("C", [("n", int)])
    assert C.__init__.__annotations__["n"] is int
    assert C(3).n == 3 and C(3) == C(3)
    assert len(fresh.items) >= 2  # (__init__, __repr__, __eq__ went through the kept-code exec)
