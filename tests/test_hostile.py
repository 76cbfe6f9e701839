"""Hostile repositories (issue 7): the real CLI on trees built to break it.

The acceptance test builds a tree from the checked-in corpus (``tests/hostile``,
built by ``scripts/build_hostile_corpus.py``) plus what cannot be checked in
(symlinks, FIFOs, sockets, devices, odd names, unreadable files, big files) and
runs ``python -m riskscan check`` on it in a subprocess with a hard timeout:
exit 0 or 1, valid JSON, no traceback, nothing reported or read outside the
root, every source/compose file scanned or skipped with a reason.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "hostile"
HARD_TIMEOUT = 240  # seconds: the harness kills a CLI run that takes longer
MARKER = "/tmp/riskscan-pwned"  # what the corpus's "code that must never run" would create
PG_JS = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5 });\nmodule.exports = pool;\n"
PG_PY = 'import os\nfrom sqlalchemy import create_engine\n\nengine = create_engine(os.environ["DB_URL"])\n'
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file-system cases")


# --------------------------------------------------------------------------- running the CLI
def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("RISKSCAN_DEBUG", None)  # production behaviour: nothing may escape anyway
    env["CI"] = "1"  # no progress bar
    if not os.environ.get("RISKSCAN_TEST_INSTALLED"):
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def run_cli(root: Path, *args: str, prelude: str = "", env: dict[str, str] | None = None, fmt: str = "json",
            timeout: float = HARD_TIMEOUT, cache: bool = False) -> subprocess.CompletedProcess:
    """``python -m riskscan check ROOT --format FMT --no-cache ARGS`` with a hard timeout
    (with ``cache``, without ``--no-cache``).

    ``prelude`` is Python run first in the same process (monkeypatches that
    simulate a crashing parser or an unreadable file); it is inherited by the
    worker processes riskscan forks.
    """
    argv = ["check", str(root), "--format", fmt, *([] if cache else ["--no-cache"]), *args]
    if prelude:
        code = prelude + "\nimport runpy, sys\nsys.argv = ['riskscan'] + sys.argv[1:]\nrunpy.run_module('riskscan', run_name='__main__', alter_sys=True)\n"
        cmd = [sys.executable, "-c", code, *argv]
    else:
        cmd = [sys.executable, "-m", "riskscan", *argv]
    return subprocess.run(cmd, capture_output=True, timeout=timeout, env=env or cli_env(), cwd=str(root.parent))


def sane_report(proc: subprocess.CompletedProcess, root: Path) -> dict:
    """Exit 0/1, no traceback, valid JSON, every path relative and inside the root."""
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode in (0, 1), f"exit {proc.returncode}\n{err[-3000:]}"
    assert "Traceback" not in err, err[-3000:]
    data = json.loads(proc.stdout.decode("utf-8"))  # strict: the report is valid UTF-8
    summary = data["summary"]
    assert summary["files_skipped"] == len(data["skipped"])
    real_root = os.path.realpath(root)
    paths = [s["path"] for s in data["skipped"]]
    for f in data["findings"]:
        paths.append(f["path"])
        paths.extend(r["path"] for r in f.get("related", []))
    for p in paths:
        assert p and not p.startswith("/") and ".." not in p.split("/"), p
        if "\\" not in p:  # shown as on disk: its directory really is inside the root
            parent = os.path.realpath(os.path.join(root, os.path.dirname(p.rstrip("/"))))
            assert parent == real_root or parent.startswith(real_root + os.sep), p
    for s in data["skipped"]:
        assert s["reason"].strip(), s
        assert not s["reason"].startswith("internal error"), s  # a frontend bug, even if contained
    return data


def check_accounting(data: dict, must_scan: set[str], must_skip: set[str], either: set[str]) -> None:
    skipped = {s["path"]: s["reason"] for s in data["skipped"]}
    expected = must_scan | must_skip | either
    assert not must_scan & must_skip
    assert not (set(skipped) - expected), f"unexpected skips: {sorted(set(skipped) - expected)}"
    missing = sorted(must_skip - set(skipped))
    assert not missing, f"should be skipped with a reason: {missing}"
    wrongly = {p: skipped[p] for p in sorted(must_scan & set(skipped))}
    assert not wrongly, f"should be analysed: {wrongly}"
    s = data["summary"]
    assert s["files_scanned"] + s["files_skipped"] == len(expected), (s, len(expected))


# --------------------------------------------------------------------------- the hostile tree
def manifest() -> dict[str, dict]:
    return json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))


class Tree:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.scan: set[str] = set()
        self.skip: set[str] = set()
        self.either: set[str] = set()
        self.findings: list[tuple[str, str, int]] = []  # (path, rule, line)
        self.notes: list[str] = []


def _mkfifo(path: Path) -> bool:
    try:
        os.mkfifo(path)
        return True
    except (OSError, AttributeError):
        return False


def _mksocket(path: Path) -> bool:
    """A UNIX socket file (bound from its directory: socket paths are limited to ~100 bytes)."""
    cwd = os.getcwd()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.chdir(path.parent)
        sock.bind(path.name)
        return True
    except OSError:
        return False
    finally:
        sock.close()
        os.chdir(cwd)


def build_hostile_tree(root: Path, *, reverse: bool = False, big: bool = True) -> Tree:
    """The corpus plus every file-system oddity of issue 7.  ``reverse`` creates
    everything in the opposite order (same tree, other directory order on disk)."""
    t = Tree(root)
    root.mkdir(parents=True)
    outside = root.parent / (root.name + "-outside")
    outside.mkdir()
    (outside / "bait.js").write_text(PG_JS)
    (outside / "bait.py").write_text(PG_PY)

    steps = []
    for rel, entry in manifest().items():
        def copy(rel: str = rel) -> None:
            dst = root / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(CORPUS / rel, dst)

        steps.append(copy)
        expect = entry["expect"]
        if expect == "scan":
            t.scan.add(rel)
        elif expect == "skip":
            t.skip.add(rel)
        elif expect == "any":
            t.either.add(rel)
        if "finding" in entry:
            t.findings.append((rel, entry["finding"][0], entry["finding"][1]))

    def write(rel: str, data: bytes | str, expect: str | None) -> None:
        def step() -> None:
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data.encode() if isinstance(data, str) else data)

        steps.append(step)
        if expect:
            {"scan": t.scan, "skip": t.skip, "any": t.either}[expect].add(rel)

    # names: spaces, newlines, leading dashes, backslashes, invalid UTF-8 (shown escaped)
    write("names/with space.js", PG_JS, "scan")
    write("names/-rf.js", PG_JS, "scan")
    write("names/--help.py", PG_PY, "scan")
    write("-v.js", "const x = 1;\n", "scan")
    write("names/emoji \U0001f680.ts", "import { Pool } from 'pg';\n", "scan")
    write("names/.hidden.js", PG_JS, "scan")

    def odd_names() -> None:
        base = os.fsencode(root / "names")
        os.makedirs(base, exist_ok=True)
        for raw in (b"new\nline.js", b"tab\tname.ts", b"back\\slash.js", b"bad\xff\xfename.js", b"cr\rname.py"):
            with open(os.path.join(base, raw), "wb") as fh:
                fh.write(PG_JS.encode() if raw.endswith((b".js", b".ts")) else PG_PY.encode())
        os.makedirs(os.path.join(base, b"dir\xff"), exist_ok=True)
        with open(os.path.join(base, b"dir\xff", b"pool.js"), "wb") as fh:
            fh.write(PG_JS.encode())

    steps.append(odd_names)
    t.scan |= {"names/new\\nline.js", "names/tab\\tname.ts", "names/back\\\\slash.js", "names/bad\\xff\\xfename.js",
               "names/cr\\rname.py", "names/dir\\xff/pool.js"}
    t.findings += [("names/dir\\xff/pool.js", "RS101", 2), ("names/new\\nline.js", "RS101", 2), ("names/with space.js", "RS101", 2)]

    # a directory with a source-like name, tests and ignored files (excluded by design: not counted)
    write("odd/evil.js/inner.js", PG_JS, "scan")
    write("odd/evil.py/__init__.py", "", "scan")
    write("tests/test_db.py", PG_PY, None)
    write("src/db.test.js", PG_JS, None)
    write("generated/out.js", PG_JS, None)
    write("src/app.generated.js", PG_JS, None)
    write("node_modules/pg/index.js", PG_JS, None)
    write(".gitignore", "generated/\n*.generated.js\n\\\n!\n[z-a]\n**/***.nothing\n", None)
    # patterns whose regex backtracks for minutes on a long name: dropped or time-guarded, reported
    write("redos/.gitignore", "a*a*a*a*a*a*a*b\n" + "a*" * 12 + "b\n", None)
    write("redos/" + "a" * 60 + ".js", PG_JS, "scan")

    # symbolic links: never followed; those that look like source files are listed
    def links() -> None:
        d = root / "links"
        d.mkdir(exist_ok=True)
        os.symlink(outside / "bait.js", d / "outside.js")
        os.symlink(outside / "bait.py", d / "outside_py")  # target looks like source
        os.symlink(outside, d / "outside_dir")  # a directory outside: not descended
        os.symlink("loop.js", d / "loop.js")
        os.symlink("loop_b.py", d / "loop_a.py")
        os.symlink("loop_a.py", d / "loop_b.py")
        os.symlink("nowhere.py", d / "dangling.py")
        os.symlink("..", d / "up")
        os.symlink("/etc/passwd", d / "passwd.ts")
        os.symlink("../names/with space.js", d / "inside.js")
        os.symlink("/dev/zero", d / "zero.js")

    steps.append(links)
    t.skip |= {"links/outside.js", "links/outside_py", "links/loop.js", "links/loop_a.py", "links/loop_b.py",
               "links/dangling.py", "links/passwd.ts", "links/inside.js", "links/zero.js"}

    # FIFOs, a socket, a device: never opened (a FIFO would block a reader forever)
    def specials() -> None:
        d = root / "special"
        d.mkdir(exist_ok=True)
        for name in ("fifo.js", "compose.yaml", "package.json", "riskscan_fifo.py"):
            if _mkfifo(d / name):
                t.skip.add(f"special/{name}")
        _mkfifo(d / ".gitignore")  # read by discovery: must not block either (not counted)
        _mkfifo(d / "other.yaml")  # not compose-named: never even classified
        if _mksocket(d / "sock.py"):
            t.skip.add("special/sock.py")
        if IS_ROOT:
            try:
                os.mknod(d / "zero.py", stat.S_IFCHR | 0o600, os.makedev(1, 5))
                t.skip.add("special/zero.py")
            except (OSError, AttributeError):
                t.notes.append("no device node (mknod not permitted)")

    steps.append(specials)

    # size limits: over the limit = skipped (excluded); a 1 MB single line is either
    if big:
        write("big/huge.js", b"// " + b"x" * (3 << 19) + b"\n" + PG_JS.encode(), "skip")
        write("big/one_line.js", PG_JS.replace("\n", " ").encode() + b"const s = '" + b"a" * 1_000_000 + b"';", "any")
        write("big/one_line.py", b"import redis; s = '" + b"b" * 1_000_000 + b"'", "any")
        write("big/deep_and_long.py", b"import redis\nx = " + b"(" * 5000 + b")" * 5000 + b"\n" + b"# " + b"c" * 500_000 + b"\n", "skip")

    # unreadable file and folder (permission bits do not stop root: see the simulated test)
    if not IS_ROOT:
        def unreadable() -> None:
            (root / "locked").mkdir()
            (root / "locked" / "a.js").write_text(PG_JS)
            os.chmod(root / "locked", 0)
            (root / "secret.js").write_text(PG_JS)
            os.chmod(root / "secret.js", 0)

        steps.append(unreadable)
        t.skip |= {"locked/", "secret.js"}

    for step in reversed(steps) if reverse else steps:
        step()
    return t


def _restore_permissions(root: Path) -> None:
    for p in (root / "locked", root / "secret.js"):
        try:
            os.chmod(p, 0o755)
        except OSError:
            pass


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("hostile")
    tree = build_hostile_tree(base / "repo")
    yield tree
    _restore_permissions(tree.root)


# --------------------------------------------------------------------------- acceptance
def test_corpus_is_what_the_script_builds(tmp_path):
    """The checked-in corpus is reproducible from its script (deterministic, small)."""
    out = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_hostile_corpus.py"), "--out", str(out)], check=True, capture_output=True)
    built = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    checked_in = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file())
    assert built == checked_in
    for rel in built:
        assert (out / rel).read_bytes() == (CORPUS / rel).read_bytes(), rel
    assert sum((CORPUS / rel).stat().st_size for rel in built) < 2_000_000


def test_hostile_tree_end_to_end(hostile, tmp_path):
    """Exit 0/1, valid JSON, no traceback, nothing outside the root, every file
    accounted for, expected findings at the right lines, within the time limit;
    the text and markdown reports of the same run say what was skipped and why."""
    if os.path.exists(MARKER):
        os.unlink(MARKER)
    text_out, md_out = tmp_path / "report.txt", tmp_path / "report.md"
    start = time.monotonic()
    proc = run_cli(hostile.root, "-o", f"text:{text_out}", "-o", f"markdown:{md_out}")
    elapsed = time.monotonic() - start
    data = sane_report(proc, hostile.root)
    check_accounting(data, hostile.scan, hostile.skip, hostile.either)
    got = {(f["path"], f["rule_id"], f["line"]) for f in data["findings"]}
    missing = [f for f in hostile.findings if f not in got]
    assert not missing, f"findings missing (line numbers?): {missing}"
    assert not os.path.exists(MARKER), "code from the scanned tree was executed"
    # nothing from outside the root, nothing under ignored / test / vendored paths
    for f in data["findings"]:
        assert not f["path"].startswith(("links/", "generated/", "tests/", "node_modules/")), f["path"]
        assert not f["path"].endswith((".generated.js", ".test.js")), f["path"]
    reasons = {s["path"]: s["reason"] for s in data["skipped"]}
    assert "symbolic link" in reasons["links/outside.js"]
    assert "never opened" in reasons.get("special/fifo.js", "never opened")
    assert "larger than" in reasons["big/huge.js"]
    assert reasons["nesting/py_elif_chain.py"]  # libcst segfaults on it: "parser crashed (SIGSEGV)" unless a guard catches it first
    assert elapsed < HARD_TIMEOUT
    # honest accounting in the human reports
    n_skipped = data["summary"]["files_skipped"]
    text = " ".join(text_out.read_text(encoding="utf-8").split())  # rich wraps long lines
    assert f"{data['summary']['files_scanned']} file(s) scanned, {n_skipped} skipped" in text
    assert "could not be analysed" in text
    assert "symbolic link not followed" in text and "nesting deeper than" in text
    assert "pattern ignored" in text  # .gitignore lines the matcher cannot parse: reported, not fatal
    assert "matching took longer than" in text
    md = " ".join(md_out.read_text(encoding="utf-8").split())
    assert "could not be analysed" in md and f"skipped {n_skipped}" in md


def test_strict_exits_2_only_for_real_failures(tmp_path):
    root = tmp_path / "broken"
    _small_repo(root, {})
    (root / "latin1.js").write_bytes(b"const { Pool } = require('pg'); const s = '\xe9';\n")
    proc = run_cli(root, "--strict")
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert b"could not be analysed" in proc.stderr
    # only exclusions (size limit, symlinks, special files): --strict passes
    root = tmp_path / "clean"
    root.mkdir()
    (root / "db.js").write_text(PG_JS)
    (root / "big.js").write_text("// " + "x" * 5000 + "\n")
    os.symlink("db.js", root / "link.js")
    _mkfifo(root / "pipe.py")
    proc = run_cli(root, "--strict", "--max-bytes", "1000")
    data = sane_report(proc, root)
    assert {s["path"] for s in data["skipped"]} >= {"big.js", "link.js"}


def test_no_read_outside_root_no_exec_no_network_audited(hostile, tmp_path):
    """Python audit hooks (inherited by forked workers) record every open,
    directory listing, import, process start and socket use during the scan."""
    log = tmp_path / "audit.log"
    outside = os.path.realpath(str(hostile.root) + "-outside")
    root = os.path.realpath(hostile.root)
    prelude = textwrap.dedent(f"""
        import os, sys
        _fd = os.open({str(log)!r}, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        _OUT, _ROOT = {outside!r}, {root!r}
        _BAD = {{"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "socket.connect",
                 "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request", "http.client.connect", "ctypes.dlopen"}}
        def _hook(event, args, _w=os.write, _rp=os.path.realpath):
            try:
                if event in ("open", "os.scandir", "os.listdir") and args and isinstance(args[0], (str, bytes)):
                    p = os.fsdecode(args[0])
                    if _rp(p).startswith(_OUT):
                        _w(_fd, f"READ-OUTSIDE {{event}} {{p!r}}\\n".encode())
                elif event == "import" and len(args) > 1 and isinstance(args[1], str) and args[1].startswith(_ROOT):
                    _w(_fd, f"IMPORT {{args[1]!r}}\\n".encode())
                elif event == "ctypes.dlopen" and args and args[0] is None:
                    pass  # the running program's own symbols (riskscan.memtrim's malloc_trim): no code is loaded
                elif event in _BAD:
                    _w(_fd, f"{{event}} {{str(args)[:200]}}\\n".encode())
            except Exception:
                pass
        sys.addaudithook(_hook)
    """)
    proc = run_cli(hostile.root, "--jobs", "2", prelude=prelude)
    sane_report(proc, hostile.root)
    events = log.read_text() if log.exists() else ""
    assert events == "", events
    assert not os.path.exists(MARKER)


def test_scan_with_networking_disabled(tmp_path):
    prefix = None
    for candidate in (["unshare", "-n"], ["unshare", "-r", "-n"]):  # as root; else in a user namespace
        if shutil.which("unshare") and subprocess.run([*candidate, "true"], capture_output=True).returncode == 0:
            prefix = candidate
            break
    if prefix is None:
        pytest.skip("unshare -n not available here (needs root or unprivileged user namespaces)")
    root = tmp_path / "repo"
    shutil.copytree(CORPUS, root)
    cmd = [*prefix, sys.executable, "-m", "riskscan", "check", str(root), "--format", "json", "--no-cache"]
    proc = subprocess.run(cmd, capture_output=True, timeout=HARD_TIMEOUT, env=cli_env(), cwd=str(tmp_path))
    offline = sane_report(proc, root)
    assert offline["summary"]["files_scanned"] + offline["summary"]["files_skipped"] == sum(
        1 for e in manifest().values() if e["expect"] != "ignored")


# --------------------------------------------------------------------------- crashing / hanging parsers
CRASHER = textwrap.dedent("""
    import os, signal, time
    import riskscan.frontends.javascript as _js, riskscan.frontends.python as _py

    def _hostile(orig):
        def extract(path, data):
            if b"CRASH_HERE" in data:
                os.kill(os.getpid(), signal.SIGSEGV)  # what libcst's native parser does on deep nesting
            if b"EXIT_HERE" in data:
                os._exit(3)
            if b"HANG_HERE" in data:  # a native loop: no signal gets through
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGPROF})
                time.sleep(3600)
            if b"SPIN_HERE" in data:  # a Python-level loop: the time budget interrupts it
                while True:
                    pass
            return orig(path, data)
        return extract

    _js.extract = _hostile(_js.extract)
    _py.extract = _hostile(_py.extract)
""")
# 1,500 nested lambdas: what crashes libcst; the isolation pre-check sends it to a child
DEEP_LAMBDAS = "import redis  # CRASH_HERE\nx = " + "lambda: " * 1500 + "1\n"


def _small_repo(root: Path, extra: dict[str, str]) -> None:
    root.mkdir()
    (root / "ok.js").write_text(PG_JS)
    (root / "ok.py").write_text(PG_PY)
    for rel, text in extra.items():
        (root / rel).write_text(text)


def test_native_crash_in_serial_scan_costs_one_file(tmp_path):
    root = tmp_path / "repo"
    _small_repo(root, {"deep.py": DEEP_LAMBDAS, "exits.py": "import redis  # EXIT_HERE\nx = " + "lambda: " * 300 + "1\n"})
    data = sane_report(run_cli(root, "--jobs", "1", prelude=CRASHER), root)
    reasons = {s["path"]: s["reason"] for s in data["skipped"]}
    assert reasons["deep.py"] == "parser crashed (SIGSEGV)"
    assert "exited" in reasons["exits.py"]
    assert data["summary"]["files_scanned"] == 2
    assert {(f["path"], f["rule_id"]) for f in data["findings"]} >= {("ok.js", "RS101"), ("ok.py", "RS103")}


def test_native_crash_in_parallel_scan_costs_one_file(tmp_path):
    """A worker of the pool dies on an ordinary-looking file: the files it never
    returned are redone in supervised children, the crashing one is listed."""
    root = tmp_path / "repo"
    filler = {f"f{i:02d}.js": ("// " + "x" * 100 + "\n") * 1000 + PG_JS for i in range(30)}
    _small_repo(root, {"crash.js": "// CRASH_HERE\n" + PG_JS, **filler})
    data = sane_report(run_cli(root, "--jobs", "2", prelude=CRASHER), root)
    reasons = {s["path"]: s["reason"] for s in data["skipped"]}
    assert reasons == {"crash.js": "parser crashed (SIGSEGV)"}
    assert data["summary"]["files_scanned"] == 32
    assert {f["path"] for f in data["findings"] if f["rule_id"] == "RS101"} >= {"ok.js", "f00.js", "f29.js"}


def test_native_crash_in_this_process_is_not_repeated_by_the_next_scan(tmp_path):
    """An ordinary-looking file parsed in the scan's own process (a small
    batch, or --jobs 1) whose native parser crashes takes that scan down:
    nothing foresaw it.  The next scan with the cache knows which file was in
    flight, parses it in a supervised child and reports it skipped; so do the
    scans after it."""
    root = tmp_path / "repo"
    _small_repo(root, {"crash.js": "// CRASH_HERE\n" + PG_JS})
    env = cli_env(RISKSCAN_CACHE_SECRET="c" * 40)
    first = run_cli(root, "--jobs", "1", prelude=CRASHER, env=env, cache=True)
    assert first.returncode == -signal.SIGSEGV  # (what a native crash does to any process)
    assert (root / ".riskscan_cache" / "inflight").read_text().splitlines() == ['"crash.js"']
    for _ in range(2):
        data = sane_report(run_cli(root, "--jobs", "1", prelude=CRASHER, env=env, cache=True), root)
        assert {s["path"]: s["reason"] for s in data["skipped"]} == {"crash.js": "parser crashed (SIGSEGV)"}
        assert {(f["path"], f["rule_id"]) for f in data["findings"]} >= {("ok.js", "RS101"), ("ok.py", "RS103")}
        assert not (root / ".riskscan_cache" / "inflight").exists()


def test_native_crash_while_a_check_parses_a_file_on_demand_costs_one_file(tmp_path):
    """A file the prefilter skipped and a check then parses (here a constants
    module an imported name resolves into) is parsed in a supervised child:
    its parser's crash costs that file's values, not the scan, every time."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "db.js").write_text(
        "const { Pool } = require('pg');\nconst { MAX } = require('./conf');\n"
        "const pool = new Pool({ max: MAX, connectionTimeoutMillis: 1000 });\nmodule.exports = pool;\n"
    )
    (root / "conf.js").write_text("// CRASH_HERE\nmodule.exports = { MAX: 5 };\n")
    env = cli_env(RISKSCAN_CACHE_SECRET="c" * 40)
    for args in (("--jobs", "1"), ("--jobs", "1"), ("--jobs", "2")):
        data = sane_report(run_cli(root, *args, prelude=CRASHER, env=env, cache=True), root)
        assert {(f["path"], f["rule_id"]) for f in data["findings"]} >= {("db.js", "RS103")}
    data = sane_report(run_cli(root, "--jobs", "1", prelude=CRASHER), root)  # --no-cache too
    assert {(f["path"], f["rule_id"]) for f in data["findings"]} >= {("db.js", "RS103")}


def test_native_crash_in_parallel_scan_with_the_cache_costs_one_file(tmp_path):
    """With the cache on, the workers send cache entries instead of facts
    (rebuilt once they are gone): a worker that dies still costs only its file,
    the files it never returned are redone, and the next (warm) scan reports
    the same."""
    root = tmp_path / "repo"
    filler = {f"f{i:02d}.js": ("// " + "x" * 100 + "\n") * 1000 + PG_JS for i in range(30)}
    _small_repo(root, {"crash.js": "// CRASH_HERE\n" + PG_JS, "crash.py": "import redis  # CRASH_HERE\n", **filler})
    env = cli_env(RISKSCAN_CACHE_SECRET="c" * 40)
    cold = sane_report(run_cli(root, "--jobs", "2", prelude=CRASHER, env=env, cache=True), root)
    reasons = {s["path"]: s["reason"] for s in cold["skipped"]}
    assert reasons == {"crash.js": "parser crashed (SIGSEGV)", "crash.py": "parser crashed (SIGSEGV)"}
    assert cold["summary"]["files_scanned"] == 32
    assert {f["path"] for f in cold["findings"] if f["rule_id"] == "RS101"} >= {"ok.js", "f00.js", "f29.js"}
    assert (root / ".riskscan_cache").is_dir()
    warm = sane_report(run_cli(root, "--jobs", "2", prelude=CRASHER, env=env, cache=True), root)
    assert warm["findings"] == cold["findings"] and warm["skipped"] == cold["skipped"]


def test_native_crash_of_a_big_file_parsed_first_costs_one_file(tmp_path):
    """Files big enough to be isolated are parsed first, in supervised children,
    while the pool's workers wait: a child that crashes there is replaced and
    the other big files and the rest of the scan go on."""
    root = tmp_path / "repo"
    pad = ("// " + "x" * 100 + "\n") * 2000  # about 210 KB
    filler = {f"f{i:02d}.js": ("// " + "x" * 100 + "\n") * 1000 + PG_JS for i in range(30)}
    bigs = {"big_crash.js": "// CRASH_HERE\n" + pad + PG_JS, "big_one.js": pad + PG_JS, "big_two.js": pad + PG_JS}
    _small_repo(root, {**bigs, **filler})
    data = sane_report(run_cli(root, "--jobs", "2", prelude=CRASHER, env=cli_env(RISKSCAN_ISOLATE_BYTES="200000")), root)
    reasons = {s["path"]: s["reason"] for s in data["skipped"]}
    assert reasons == {"big_crash.js": "parser crashed (SIGSEGV)"}
    assert data["summary"]["files_scanned"] == 34
    assert {f["path"] for f in data["findings"] if f["rule_id"] == "RS101"} >= {"ok.js", "big_one.js", "big_two.js", "f00.js", "f29.js"}


def test_time_budget_stops_python_loops_and_native_hangs(tmp_path):
    root = tmp_path / "repo"
    # SPIN: a small ordinary file, parsed in-process: the CPU-time budget (SIGPROF) interrupts it.
    # HANG: signals blocked and asleep (a native wait): it uses no CPU time, so the isolated
    # child is killed at the wall-time cap of its hard deadline (WALL_CAP_FACTOR).
    _small_repo(root, {"spin.js": "// SPIN_HERE\n" + PG_JS, "hang.py": DEEP_LAMBDAS.replace("CRASH_HERE", "HANG_HERE")})
    start = time.monotonic()
    proc = run_cli(root, "--jobs", "1", prelude=CRASHER, env=cli_env(RISKSCAN_FILE_TIMEOUT="1"), timeout=120)
    elapsed = time.monotonic() - start
    data = sane_report(proc, root)
    reasons = {s["path"]: s["reason"] for s in data["skipped"]}
    assert reasons["spin.js"].startswith("analysis took longer than")
    assert reasons["hang.py"].startswith("analysis took longer than") and reasons["hang.py"].endswith("(killed)")
    assert data["summary"]["files_scanned"] + data["summary"]["files_skipped"] == 4
    assert elapsed < 90  # budget ~1 s each + the hard kill at 4 x (1.5 x + 2 s); slack for loaded CI machines


def test_unreadable_files_and_folders(tmp_path):
    root = tmp_path / "repo"
    _small_repo(root, {"secret.js": PG_JS})
    (root / "locked").mkdir()
    (root / "locked" / "a.js").write_text(PG_JS)
    if IS_ROOT:
        # permission bits do not stop root: simulate the kernel's answer instead
        prelude = textwrap.dedent("""
            import errno, os
            import riskscan.engine as _engine
            _read, _scandir = _engine.read_regular, os.scandir
            def read_regular(path, limit):
                if os.path.basename(path) == "secret.js":
                    raise PermissionError(errno.EACCES, "Permission denied", path)
                return _read(path, limit)
            def scandir(path="."):
                if os.path.basename(os.fspath(path)) == "locked":
                    raise PermissionError(errno.EACCES, "Permission denied", path)
                return _scandir(path)
            _engine.read_regular = read_regular
            os.scandir = scandir
        """)
    else:
        prelude = ""
        os.chmod(root / "secret.js", 0)
        os.chmod(root / "locked", 0)
    try:
        data = sane_report(run_cli(root, prelude=prelude), root)
    finally:
        os.chmod(root / "locked", 0o755)
    reasons = {s["path"]: s["reason"] for s in data["skipped"]}
    assert reasons["secret.js"].startswith("cannot read") and "denied" in reasons["secret.js"]
    assert reasons["locked/"].startswith("directory not readable")
    assert data["summary"]["files_scanned"] == 2


# --------------------------------------------------------------------------- config files, odd root and file names
@pytest.mark.parametrize("content", [b"[tool\nbroken = = \n", b"[tool.riskscan]\nselect = [\n", b"\xff\xfe[tool]", b"x = " + b"[" * 5000])
def test_broken_pyproject_toml_is_not_fatal(tmp_path, content):
    """A pyproject.toml riskscan was not pointed at: a warning, then the defaults."""
    root = tmp_path / "repo"
    _small_repo(root, {})
    (root / "pyproject.toml").write_bytes(content)
    proc = run_cli(root)
    data = sane_report(proc, root)
    assert data["summary"]["findings"] >= 1  # defaults: RS101 on ok.js
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and "warning:" in err and "pyproject.toml" in err and "invalid TOML" in err
    assert any("pyproject.toml" in w for w in data["warnings"])
    text = run_cli(root, fmt="text")
    assert text.returncode in (0, 1) and b"pyproject.toml" in text.stdout


@pytest.mark.parametrize("name", ["riskscan.toml", ".riskscan.toml"])
def test_broken_riskscan_toml_stays_a_config_error(tmp_path, name):
    root = tmp_path / "repo"
    _small_repo(root, {name: "select = [\n"})
    proc = run_cli(root)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1 and name in err and "invalid TOML" in err
    assert "Traceback" not in err


def test_explicit_broken_pyproject_is_a_config_error(tmp_path):
    root = tmp_path / "repo"
    _small_repo(root, {"pyproject.toml": "[tool\n"})
    proc = run_cli(root, "--config", str(root / "pyproject.toml"))
    assert proc.returncode == 2 and b"invalid TOML" in proc.stderr


def test_config_files_never_block_or_escape(tmp_path):
    """A FIFO config never blocks; a config linked out of the root is not read."""
    outside = tmp_path / "outside.toml"
    outside.write_text("ignore = ['RS101']\n")
    root = tmp_path / "repo"
    _small_repo(root, {})
    os.symlink(outside, root / "riskscan.toml")
    if not _mkfifo(root / ".riskscan.toml"):
        pytest.skip("no FIFOs here")
    os.symlink("/dev/zero", root / "pyproject.toml")
    proc = run_cli(root, timeout=60)
    data = sane_report(proc, root)
    assert "RS101" in {f["rule_id"] for f in data["findings"]}  # the outside ignore was not applied
    err = proc.stderr.decode()
    assert ".riskscan.toml: not a regular file" in err and "riskscan.toml: symbolic link" in err
    # a link that stays inside the root is followed
    os.unlink(root / "riskscan.toml")
    (root / "shared").mkdir()
    (root / "shared" / "riskscan.toml").write_text("ignore = ['RS101']\n")
    os.symlink("shared/riskscan.toml", root / "riskscan.toml")
    data = sane_report(run_cli(root, timeout=60), root)
    assert "RS101" not in {f["rule_id"] for f in data["findings"]}
    # --config on a FIFO: an error, not a hang
    proc = run_cli(root, "--config", str(root / ".riskscan.toml"), timeout=60)
    assert proc.returncode == 2 and b"not a regular file" in proc.stderr


def test_undecodable_root_name_gives_valid_json(tmp_path):
    root = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"r\xffoot\nx")))
    _small_repo(root, {})
    data = sane_report(run_cli(root), root)
    assert data["root"].endswith("/r\\xffoot\\nx")
    for fmt in ("sarif", "markdown", "text", "junit", "github", "gitlab"):
        proc = run_cli(root, fmt=fmt)
        assert proc.returncode in (0, 1) and b"Traceback" not in proc.stderr, (fmt, proc.stderr[-2000:])
        out = proc.stdout.decode("utf-8")  # strict: valid UTF-8
        if fmt == "sarif":
            uri = json.loads(out)["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            assert uri.startswith("file:///") and uri.endswith("/r%FFoot%0Ax/")
        if fmt == "markdown":
            assert "r\\xffoot\\nx" in out


def test_evidence_and_manifests_for_undecodable_names(tmp_path):
    """Findings in files whose names are escaped for display still carry the
    evidence snippet (read from the real file), and package.json of a service
    directory with such a name is read."""
    root = tmp_path / "repo"
    root.mkdir()
    base = os.fsencode(root)
    for raw in (b"bad\xff\xfename.js", b"new\nline.js"):
        with open(os.path.join(base, raw), "wb") as fh:
            fh.write(PG_JS.encode())
    # a decoy literally named like the shown form of new<LF>line.js (backslash, n):
    # reading by the shown path would take its lines as the evidence
    (root / "new\\nline.js").write_text("// decoy\n" * 5)
    svc = os.path.join(base, b"svc\xff")
    os.mkdir(svc)
    with open(os.path.join(svc, b"package.json"), "wb") as fh:
        fh.write(b'{"name": "svc-odd", "dependencies": {"pg": "^8"}}')
    with open(os.path.join(svc, b"db.js"), "wb") as fh:
        fh.write(PG_JS.encode())
    data = sane_report(run_cli(root), root)
    evidence = {f["path"]: f["evidence"] for f in data["findings"] if f["rule_id"] == "RS101"}
    for shown in ("bad\\xff\\xfename.js", "new\\nline.js", "svc\\xff/db.js"):
        assert "new Pool" in evidence.get(shown, ""), (shown, sorted(evidence))

    from riskscan.discovery import discover
    from riskscan.engine import _manifests

    disc = discover(str(root))
    assert _manifests(str(root), disc)["svc\\xff"]["name"] == "svc-odd"


def test_display_names_map_back_to_the_file():
    """discovery.real_name inverts display_name for every name (so reports'
    paths always lead back to the file they are about)."""
    from riskscan.discovery import display_name, display_path, real_name, real_path

    alphabet = [chr(c) for c in (*range(0, 0x30), 0x5C, 0x78, 0x75, 0x6E, 0x7F, 0x85, 0x9F, 0xE9, 0xD800, 0x1F680)]
    alphabet += [chr(0xDC00 + b) for b in range(0x80, 0x100, 5)]
    rng = __import__("random").Random(7)
    for _ in range(20000):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert real_name(display_name(name)) == name, repr(name)
    raw = os.fsdecode(b"d\xff/new\nline.js")
    assert real_path("/r", display_path(raw)) == os.path.join("/r", raw)


def test_warnings_reach_the_json_report(tmp_path):
    """A .gitignore the matcher cannot parse is reported (JSON `warnings`), not fatal."""
    root = tmp_path / "repo"
    _small_repo(root, {".gitignore": "\\\n[z-a]\nok.py\n"})
    data = sane_report(run_cli(root), root)
    assert any(w.startswith(".gitignore:1: pattern ignored") for w in data["warnings"]), data["warnings"]
    assert [f["path"] for f in data["findings"] if f["path"] == "ok.py"] == []  # the good pattern still applies


def test_hostile_baseline_file_is_refused_not_hung(tmp_path):
    root = tmp_path / "repo"
    _small_repo(root, {"deep.json": "[" * 100_000, "riskscan.toml": "baseline = 'pipe.json'\n"})
    if not _mkfifo(root / "pipe.json"):
        pytest.skip("no FIFOs here")
    proc = run_cli(root, timeout=60)
    assert proc.returncode == 2 and b"not a regular file" in proc.stderr and b"Traceback" not in proc.stderr
    proc = run_cli(root, "--baseline", str(root / "deep.json"), timeout=60)
    assert proc.returncode == 2 and b"deep.json" in proc.stderr and b"Traceback" not in proc.stderr


def test_terminal_reports_escape_control_characters(tmp_path):
    """An ESC sequence or bidi override in a scanned line never reaches the terminal / CI log raw."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "db.js").write_bytes(PG_JS.replace("module.exports", "// \x1b[2J\x1b[32mAPPROVED \u202e\nmodule.exports").encode()
                                 .replace(b"{ max: 5 });", b"{ max: 5 }); // \x1b]0;title\x07 \xe2\x80\xae"))
    for fmt in ("text", "github"):
        out = run_cli(root, fmt=fmt).stdout.decode("utf-8")
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, fmt
    text = run_cli(root, fmt="text").stdout.decode("utf-8")
    assert "\\x1b]0;title\\x07 \\u202e" in text  # shown escaped in the evidence


# --------------------------------------------------------------------------- limits and config
def test_max_bytes_flag_and_config(tmp_path):
    root = tmp_path / "repo"
    _small_repo(root, {"big.js": "// " + "x" * 3000 + "\n" + PG_JS})
    data = sane_report(run_cli(root, "--max-bytes", "2000", "--strict"), root)
    assert [(s["path"], s["reason"]) for s in data["skipped"]] == [("big.js", "larger than the 2000 byte limit")]
    (root / "riskscan.toml").write_text("max-bytes = 2000\n")
    data = sane_report(run_cli(root, "--strict"), root)
    assert [s["path"] for s in data["skipped"]] == ["big.js"]


def test_yaml_bombs_and_deep_interpolation_are_skipped_fast(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    for rel in ("yaml/alias_bomb/compose.yaml", "yaml/merge_bomb/compose.yaml", "nesting/yaml_interpolation/compose.yaml",
                "nesting/yaml_flow/compose.yaml", "nesting/yaml_block/compose.yaml", "yaml/python_object/compose.yaml"):
        dst = root / rel
        dst.parent.mkdir(parents=True)
        shutil.copyfile(CORPUS / rel, dst)
    start = time.monotonic()
    data = sane_report(run_cli(root), root)
    assert time.monotonic() - start < 90
    assert data["summary"]["files_scanned"] == 0 and data["summary"]["files_skipped"] == 6
    reasons = {s["path"]: s["reason"] for s in data["skipped"]}
    assert "tag" in reasons["yaml/python_object/compose.yaml"]
    assert "alias" in reasons["yaml/alias_bomb/compose.yaml"]


# --------------------------------------------------------------------------- determinism
def test_json_byte_identical_across_runs_jobs_and_creation_orders(tmp_path):
    root = tmp_path / "repo"

    def build(reverse: bool) -> None:
        build_hostile_tree(root, reverse=reverse, big=False)
        pad = root / "pad"
        pad.mkdir()
        names = [f"p{i:02d}.js" for i in range(30)]
        for name in reversed(names) if reverse else names:  # enough bytes for the parallel path
            (pad / name).write_text("// " + "y" * 80_000 + "\n" + PG_JS)

    build(False)
    one = run_cli(root, "--jobs", "1")
    two = run_cli(root, "--jobs", "2")
    sane_report(one, root)
    _restore_permissions(root)
    shutil.rmtree(root)
    shutil.rmtree(str(root) + "-outside")
    build(True)
    reordered = run_cli(root, "--jobs", "2")
    _restore_permissions(root)
    assert one.stdout == two.stdout
    assert one.stdout == reordered.stdout


# --------------------------------------------------------------------------- memory
def test_memory_bounded_on_50000_small_files(tmp_path):
    n = int(os.environ.get("RISKSCAN_HOSTILE_FILES", "50000"))
    # tmpfs when there is one: creating and deleting 50,000 files on a busy disk takes minutes
    shm = None
    try:
        st = os.statvfs("/dev/shm")
        if os.access("/dev/shm", os.W_OK) and st.f_bavail * st.f_frsize > n * 8192 + (64 << 20):
            shm = "/dev/shm"
    except (OSError, AttributeError):
        pass
    base = Path(tempfile.mkdtemp(prefix="riskscan-50k-", dir=shm or str(tmp_path)))
    try:
        _memory_run(base, n, tmp_path)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _memory_run(base: Path, n: int, tmp_path: Path) -> None:
    root = base / "repo"
    head, other = PG_JS.encode(), b"export const v = 1;\n"
    for d in range(max(1, n // 500)):
        sub = root / f"d{d:03d}"
        sub.mkdir(parents=True)
        for i in range(500):
            fd = os.open(sub / f"f{i:03d}.js", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                os.write(fd, head if i == 0 else other)
            finally:
                os.close(fd)
    code = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(p.stderr.decode('utf-8', 'replace')[-2000:])\n"
    )
    cmd = [sys.executable, "-c", code, sys.executable, "-m", "riskscan", "check", str(root), "--format", "json", "--no-cache"]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, timeout=HARD_TIMEOUT, env=cli_env(), cwd=str(tmp_path))
    elapsed = time.monotonic() - start
    rc, rss_kib = (int(x) for x in proc.stdout.split())
    assert rc in (0, 1), proc.stderr.decode()
    assert rss_kib < 768 * 1024, f"peak RSS {rss_kib // 1024} MiB for {n} files"
    assert elapsed < HARD_TIMEOUT, f"{elapsed:.0f} s for {n} files"


def test_signal_names_are_reported(tmp_path):
    """The supervisor names the signal that killed a child (SIGKILL from the OOM killer too)."""
    from riskscan.isolation import run_supervised

    results: dict = {}
    run_supervised(
        [("a", signal.SIGKILL), ("b", 0)],
        _die_or_echo,
        on_crash=lambda job, reason: reason,
        on_timeout=lambda job, s: "timeout",
        on_error=lambda job, m, tb: m,
        on_result=lambda job, res: results.__setitem__(job[0], res),
    )
    assert results == {"a": "parser crashed (SIGKILL)", "b": "ok b"}


def _die_or_echo(job):
    if job[1]:
        os.kill(os.getpid(), job[1])
    return f"ok {job[0]}"


def _spin_or_sleep(job):
    end = time.monotonic() + job[2]
    if job[1] == "spin":  # computing: uses CPU time
        while time.monotonic() < end:
            pass
    else:  # waiting, as a child of a busy machine does while others run
        time.sleep(job[2])
    return f"done {job[0]}"


@pytest.mark.skipif(not os.path.exists(f"/proc/{os.getpid()}/stat"), reason="CPU time of a child is read from /proc")
def test_hard_deadline_counts_cpu_time_not_a_busy_machine():
    """A child that has not used its deadline's CPU time is not killed for the
    wall time it waited (the machine was busy); one that computes past it is,
    and one that waits forever is killed at the wall-time cap."""
    from riskscan.isolation import WALL_CAP_FACTOR, run_supervised

    results: dict = {}
    start = time.monotonic()
    run_supervised(
        [("waits", "sleep", 2.0), ("computes", "spin", 30.0), ("hangs", "sleep", 3600.0)],
        _spin_or_sleep,
        procs=3,
        deadline_of=lambda job: 1.0,
        on_crash=lambda job, reason: reason,
        on_timeout=lambda job, s: f"killed after {s:.0f} s",
        on_error=lambda job, m, tb: m,
        on_result=lambda job, res: results.__setitem__(job[0], res),
    )
    elapsed = time.monotonic() - start
    assert results == {"waits": "done waits", "computes": "killed after 1 s", "hangs": "killed after 1 s"}
    assert elapsed < WALL_CAP_FACTOR * 1.0 + 10
