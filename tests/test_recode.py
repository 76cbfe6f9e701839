"""Regular expressions' programs kept between runs (riskscan.recode): a
pattern built from a kept program is the pattern ``re`` makes, and a kept
file that is not exactly what this user's riskscan wrote is never used."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from re import _compiler

import _sre
import pytest

from riskscan import kept, recode

ROOT = Path(__file__).resolve().parent.parent
SECRET = "r" * 40

# what makes programs differ: groups, names, inline and given flags, case
# folding beyond ASCII, bytes, look-arounds, back references, verbose text
PATTERNS: list[tuple[str | bytes, int]] = [
    (r"(?P<verb>get|post)\s+(?P<path>/\S*)", 0),
    (r"(?i)ǅungla|straße", 0),
    (r"straße|ǆ", re.IGNORECASE),
    (r"""
        ^(?:\w+_)?      # a prefix
        (login|auth)$   # the word
     """, re.VERBOSE),
    (rb"\x00[\x80-\xff]+(?=end)", 0),
    (r"(?<!\.)\b(\w+)\s+\1\b", re.MULTILINE),
    (r"a.b", re.DOTALL | re.ASCII),
    (r"[^\W\d_]+", 0),
]
SAMPLES = ["GET /health", "post /x", "ǅUNGLA", "STRASSE", "Straße", "login", "x_auth", "ǄUNGLA", "a\nb", "the the cat", "ünïcode"]


def _fixture_copy(dst: Path) -> None:
    """The orchestrator fixture, without the cache a scan of the checkout
    itself (the README's quickstart) leaves in it."""
    shutil.copytree(ROOT / "fixtures" / "orchestrator", dst, ignore=shutil.ignore_patterns(".riskscan_cache"))


def _plain():
    return recode._plain or _compiler.compile  # (a test may have run the CLI in this process: recode installed)


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh kept file for this test, recode's state reset."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", SECRET)
    monkeypatch.setattr(recode, "_plain", _plain())
    monkeypatch.setattr(recode, "KEPT", kept.Kept(recode.KEPT.store))
    monkeypatch.setattr(recode, "_store", lambda: recode.KEPT)  # (compiled from this test's functions: the code's own store)
    monkeypatch.setattr(kept, "_writes", True)
    return Path(recode.KEPT.store.path())


def _same(a: re.Pattern, b: re.Pattern) -> None:
    assert a == b  # (the pattern, its flags and its program)
    assert (a.groups, dict(a.groupindex), a.flags) == (b.groups, dict(b.groupindex), b.flags)
    for s in SAMPLES:
        s2: str | bytes = s.encode("utf-8") if isinstance(a.pattern, bytes) else s
        ma, mb = a.search(s2), b.search(s2)  # type: ignore[arg-type]
        assert (ma and (ma.span(), ma.groups())) == (mb and (mb.span(), mb.groups()))


def test_patterns_from_kept_programs_are_the_patterns_re_makes(store):
    fresh = [recode._compile(p, f) for p, f in PATTERNS]
    assert recode.KEPT.new == len(PATTERNS)
    recode.KEPT.save()
    assert store.is_file() and recode.KEPT.new == 0
    recode.KEPT.items = None  # (as a new process: read from the file)
    again = [recode._compile(p, f) for p, f in PATTERNS]
    assert recode.KEPT.new == 0  # all from the kept file
    for (p, f), a, b in zip(PATTERNS, fresh, again, strict=True):
        _same(a, b)
        _same(b, _plain()(p, f))


def test_the_codes_own_patterns_and_the_others_are_kept_apart(tmp_path):
    """Patterns compiled at a module's top level or by lazy_re go to the
    per-user store; those compiled inside functions (built from a project's
    names) to the project's store, or nowhere without one."""
    code = (
        "import re, sys, riskscan.recode as r\n"
        "from riskscan.lazyre import lazy_re\n"
        "r.install()\n"
        "r.use_project_dir(sys.argv[1] if len(sys.argv) > 1 else None)\n"
        "exec(compile('import re\\nA = re.compile(\"top_level_1\")', 'm.py', 'exec'), {})\n"
        "def f():\n    return re.compile('in_a_function_1')\n"
        "f()\n"
        "lazy_re('lazy_1').search('x')\n"
        "own, local = r.KEPT.items or {}, (r.LOCAL.items or {}) if r.LOCAL else {}\n"
        "print(*[k in own for k in ('top_level_1', 'lazy_1', 'in_a_function_1')], *[k in local for k in ('top_level_1', 'in_a_function_1')])\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), XDG_CACHE_HOME=str(tmp_path), RISKSCAN_CACHE_SECRET=SECRET)
    env["PYTHONPATH"] = str(ROOT / "src")
    code = code.replace("k in own", "(k, 0) in own").replace("k in local", "(k, 0) in local")
    for args, want in (([str(tmp_path)], "True True False False True"), ([], "True True False False False")):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, env=env)
        assert out.stdout.split() == want.split(), out.stderr[-2000:]


def test_every_pattern_a_scan_compiles_is_kept_as_re_compiles_it(tmp_path, store, monkeypatch):
    """A real scan from the command line keeps a few hundred patterns of the
    code's own (the checks', the frontends', the standard library's) and the
    others in the project's cache; each kept program makes the pattern
    ``re`` makes; `--no-cache` keeps none in the project."""
    project = tmp_path / "project"
    _fixture_copy(project)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), XDG_CACHE_HOME=str(tmp_path), RISKSCAN_CACHE_SECRET=SECRET)
    cmd = [sys.executable, "-c", "import sys; from riskscan.cli import main; sys.exit(main())", "check", str(project), "--format", "json"]
    out = subprocess.run(cmd, capture_output=True, env=env, timeout=300, cwd=tmp_path)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    own = recode.KEPT.store.read()
    monkeypatch.setattr(recode, "LOCAL", None)
    recode.use_project_dir(str(project / ".riskscan_cache"))
    assert recode.LOCAL is not None
    local = recode.LOCAL.store.read()
    assert len(own) > 100 and len(local) > 10 and not set(own) & set(local)
    for (pattern, flags), prog in [*own.items(), *local.items()]:
        _same(_sre.compile(pattern, *prog), _plain()(pattern, flags))
    other = tmp_path / "other"
    _fixture_copy(other)
    subprocess.run([*cmd[:-3], str(other), "--format", "json", "--no-cache"], capture_output=True, env=env, timeout=300, cwd=tmp_path)
    assert not (other / ".riskscan_cache").exists()


def test_a_program_the_engine_refuses_is_compiled_afresh(store):
    recode.KEPT.items = {("a+b", 0): (0, [1, 2, 3], 0, {}, (None,))}  # (not a valid program)
    got = recode._compile("a+b", 0)
    _same(got, _plain()("a+b", 0))
    assert recode.KEPT.new == 1 and recode.KEPT.items[("a+b", 0)] != (0, [1, 2, 3], 0, {}, (None,))


def test_a_bad_pattern_raises_as_re_does(store):
    with pytest.raises(re.error):
        recode._compile("(unclosed", 0)
    assert recode.KEPT.new == 0


def test_an_unforeseen_failure_falls_back_to_re(store, monkeypatch):
    """If re's internals change under riskscan, a pattern is still compiled (by re, not kept)."""
    monkeypatch.setattr(recode, "program", lambda *a: (_ for _ in ()).throw(AttributeError("gone")))
    _same(recode._compile("a|b", 0), _plain()("a|b", 0))
    assert recode.KEPT.new == 0


@pytest.mark.parametrize("faithful", [True, False])
def test_install_checks_that_kept_programs_are_res_own(faithful):
    """install() replaces re's compile step only when a program made
    riskscan's way is the one re makes (here made to differ: another flag)."""
    code = (
        "import re, riskscan.recode as r\n"
        "from re import _compiler\n"
        "real = r.program\n"
        + ("" if faithful else "r.program = lambda p, f: real(p, f | re.IGNORECASE)\n")
        + "r.install()\n"
        "print(_compiler.compile is r._compile, r._plain is not None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert out.stdout.split() == ([str(faithful)] * 2), out.stderr[-2000:]


def test_debug_patterns_are_left_to_re(store, capsys):
    recode._compile("ab", re.DEBUG)
    assert "LITERAL" in capsys.readouterr().out  # (re printed the program)
    assert recode.KEPT.items in (None, {}) and recode.KEPT.new == 0


@pytest.mark.parametrize("damage", ["other secret", "truncate", "flip", "garbage", "wrong shape"])
def test_a_kept_file_not_written_by_this_users_riskscan_is_ignored(store, monkeypatch, damage):
    recode._compile(r"\d+", 0)
    recode.KEPT.save()
    data = store.read_bytes()
    if damage == "other secret":
        monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "o" * 40)
    elif damage == "truncate":
        store.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        store.write_bytes(data[:-3] + bytes([data[-3] ^ 0xFF]) + data[-2:])
    elif damage == "garbage":
        store.write_bytes(b"not kept code")
    else:  # authentic, but not a mapping of (pattern, flags) to programs
        store.unlink()  # (a save merges with the file: start from nothing)
        assert recode.KEPT.store.save({"x": 1}, set())
    assert recode.KEPT.store.read() == {}
    recode.KEPT.items = None
    _same(recode._compile(r"\d+", 0), _plain()(r"\d+", 0))
    assert recode.KEPT.new == 1  # compiled again: the kept program was not trusted


def test_nothing_is_written_without_allow_writes(store, monkeypatch):
    monkeypatch.setattr(kept, "_writes", False)
    recode._compile("x+y", 0)
    recode.KEPT.save()
    assert not store.exists()


def test_a_planted_project_store_is_neither_trusted_nor_written_through(tmp_path, monkeypatch):
    """A `.riskscan_cache/regex-*.bin` committed to the scanned repository is
    not believed (another secret), and one that is a symbolic link is never
    read or written through: the scan's findings are those without a cache."""
    project = tmp_path / "project"
    _fixture_copy(project)
    (project / ".riskscan_cache").mkdir()
    monkeypatch.setattr(recode, "LOCAL", None)
    recode.use_project_dir(str(project / ".riskscan_cache"))
    assert recode.LOCAL is not None
    planted = Path(recode.LOCAL.store.path())
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"not for riskscan to touch")
    planted.symlink_to(outside)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), XDG_CACHE_HOME=str(tmp_path / "home"), RISKSCAN_CACHE_SECRET=SECRET)
    cmd = [sys.executable, "-c", "import sys; from riskscan.cli import main; sys.exit(main())", "check", str(project), "--format", "json"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert outside.read_bytes() == b"not for riskscan to touch"
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", SECRET)
    assert not planted.is_symlink() and len(recode.LOCAL.store.read()) > 10  # (replaced by the scan's own store)
    env2 = dict(env, RISKSCAN_CACHE_SECRET="z" * 40)  # the file now holds answers signed with another secret
    again = subprocess.run([*cmd, "--no-cache"], capture_output=True, text=True, env=env2, timeout=300)
    second = subprocess.run(cmd, capture_output=True, text=True, env=env2, timeout=300)
    strip = lambda out: json.loads(out)["findings"]  # noqa: E731
    assert strip(first.stdout) == strip(again.stdout) == strip(second.stdout)
