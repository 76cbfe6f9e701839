"""Property-based fuzzing (issue 7): generated and mutated JS/TS/Python/YAML
through every frontend, through ``engine.analyse_file`` and through the CLI.

Seeds are the rule examples (``rules/*.yml``), the fixtures and the hostile
corpus; mutations insert hostile tokens (brackets, NULs, lone CRs, BOMs,
invalid UTF-8, YAML anchors and tags, interpolation), delete, duplicate and
truncate slices, shuffle lines and re-encode (UTF-16, CR-only, CRLF).

In CI the run is small and derandomized (same examples every run).  A longer,
random run, reproducible from the seed it prints::

    RISKSCAN_FUZZ_EXAMPLES=2000 RISKSCAN_FUZZ_RANDOM=1 \\
        python -m pytest tests/test_fuzz.py -p no:cacheprovider --hypothesis-seed=12345

A failure prints the failing input and a ``@reproduce_failure(...)`` blob;
rerunning with the same ``--hypothesis-seed`` (random mode) or as is
(derandomized mode) replays it.
"""

from __future__ import annotations

import atexit
import json
import os
import random
import shutil
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from riskscan.engine import _extract_isolated, _worker_init, analyse_file  # noqa: E402
from riskscan.triggers import triggers_for  # noqa: E402
from riskscan.facts import FileFacts, to_json  # noqa: E402
from riskscan.frontends import SkipFile, load  # noqa: E402
from riskscan.limits import needs_isolation  # noqa: E402
from riskscan.model import Skipped  # noqa: E402
from riskscan.ruledefs import load_rules  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("RISKSCAN_FUZZ_EXAMPLES", "25"))
RANDOM = bool(os.environ.get("RISKSCAN_FUZZ_RANDOM"))
MAX_INPUT = 24 * 1024  # keeps every example fast and in-process-safe

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.large_base_example],
)
CLI_FUZZ = settings(FUZZ, max_examples=max(5, EXAMPLES // 3))

EXT = {"js": ".js", "ts": ".ts", "py": ".py", "compose": ".yaml"}
NAMES = {"js": ("app.js", "src/server.mjs", "lib/x.cjs", "ui/App.jsx"), "ts": ("app.ts", "src/main.tsx", "x.mts"),
         "py": ("app.py", "pkg/__init__.py", "svc/worker.pyw"), "compose": ("compose.yaml", "docker-compose.yml", "deploy/compose.prod.yaml")}


# --------------------------------------------------------------------------- seed corpus
def _seeds() -> dict[str, list[bytes]]:
    out: dict[str, list[bytes]] = {k: [] for k in EXT}

    def add(path: str, code: str | bytes) -> None:
        kind = _kind_of(path)
        if kind:
            out[kind].append(code.encode("utf-8") if isinstance(code, str) else code)

    for meta in load_rules(examples=True).values():
        for ex in meta.examples:
            files = ex.get("files") or {ex.get("path") or "app" + EXT.get(ex.get("lang", ""), ".txt"): ex.get("code", "")}
            for path, code in files.items():
                add(path, code)
    for base in (ROOT / "fixtures", ROOT / "tests" / "hostile"):
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.stat().st_size <= MAX_INPUT:
                add(p.name, p.read_bytes())
    for kind in out:
        out[kind] = sorted(set(out[kind])) or [b""]
    return out


def _kind_of(path: str) -> str | None:
    low = path.lower()
    if low.endswith((".js", ".mjs", ".cjs", ".jsx")):
        return "js"
    if low.endswith((".ts", ".tsx", ".mts", ".cts")):
        return "ts"
    if low.endswith((".py", ".pyw", ".tac")):
        return "py"
    if low.endswith((".yml", ".yaml")):
        return "compose"
    return None


SEEDS = _seeds()

HOSTILE = [
    b"(", b")", b"[", b"]", b"{", b"}", b"\x00", b"\r", b"\r\n", b"\n", b"\t", b"\xff", b"\xc3", b"\xed\xa0\x80",
    b"\xef\xbb\xbf", b"\xff\xfe", b"`", b"${", b"`${", b'"""', b"'''", b"'", b'"', b"#", b"//", b"/*", b"*/", b"\\",
    b"elif x:\n", b"lambda: ", b"not ", b"await ", b"@dec\n", b"<div>", b"</div>", b"=>", b"?.", b"??", b"async ",
    b"${A:-", b"&a ", b"*a", b"<<: *a\n", b"!!python/object/apply:os.system ['true']", b"!reset ", b"- ", b": ",
    b"---\n", b"...\n", b"\xe2\x80\xa8", b"\xe2\x80\xae", b"\f", b"\v", b"    ", b"if x:\n    ", b"def f(", b"class A:",
    b"function(", b"new Pool({", b"require('pg')", b"import redis\n", b"services:\n", b"0x", b"1e999", b"\x1b[31m",
]


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS[kind])))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.integers(0, 9))
        n = len(data)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 400)))
        if op == 0:
            data[i:i] = draw(st.binary(max_size=24))
        elif op in (1, 2):
            data[i:i] = draw(st.sampled_from(HOSTILE)) * draw(st.integers(1, 60))
        elif op == 3:
            del data[i:j]
        elif op == 4:
            data[i:i] = bytes(data[i:j]) * draw(st.integers(1, 8))
        elif op == 5:
            del data[i:]
        elif op == 6:
            lines = bytes(data).split(b"\n")
            random.Random(draw(st.integers(0, 2**32))).shuffle(lines)
            data = bytearray(b"\n".join(lines))
        elif op == 7 and n:
            data[min(i, n - 1)] = draw(st.integers(0, 255))
        elif op == 8:
            text = bytes(data).decode("utf-8", "replace")
            enc = draw(st.sampled_from(("utf-16", "utf-16-le", "cr", "crlf", "latin-1")))
            if enc == "cr":
                data = bytearray(text.replace("\n", "\r").encode())
            elif enc == "crlf":
                data = bytearray(text.replace("\n", "\r\n").encode())
            else:
                data = bytearray(text.encode(enc, "replace"))
        else:
            text = draw(st.text(max_size=40))
            data[i:i] = text.encode("utf-8", "surrogatepass")
    return bytes(data[:MAX_INPUT])


TOKENS = {
    "js": ["const", "let", "var", "function", "class", "new", "Pool", "require('pg')", "import", "from", "export", "=>", "(", ")",
           "{", "}", "[", "]", ";", ",", ".", "=", "'s'", "`t${x}`", "x", "await", "async", "<A>", "</A>", "?", ":", "...",
           "app.get('/x', (req, res) => {})", "\n", " ", "//c\n", "/*", "*/", "@d", "#p", "?.", "??="],
    "py": ["def", "class", "import", "from", "redis", "lambda", "if", "elif", "else", "for", "in", "with", "as", "async",
           "await", "(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "'s'", "f'{x}'", "x", "\n", "    ", "\t", "#c\n",
           "match", "case", "type", "@d\n", "->", "**", "yield", "return", "try:", "except", "create_engine(url)"],
}
TOKENS["ts"] = TOKENS["js"] + [": number", "interface", "type", "<T>", "as", "satisfies", "enum", "implements", "!"]


def soup(kind: str) -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from(TOKENS[kind]), max_size=300).map(lambda toks: " ".join(toks).encode())


_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
_tree = st.recursive(_scalar, lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=8), kids, max_size=4)), max_leaves=30)


@st.composite
def compose_docs(draw: st.DrawFn) -> bytes:
    services = draw(st.dictionaries(st.text(min_size=1, max_size=8), st.dictionaries(
        st.sampled_from(["image", "ports", "environment", "command", "healthcheck", "restart", "deploy", "depends_on",
                         "volumes", "logging", "mem_limit", "extends", "x-" + "any"]), _tree, max_size=6), max_size=4))
    doc = {"services": services, **draw(st.dictionaries(st.sampled_from(["volumes", "networks", "x-common", "name"]), _tree, max_size=2))}
    return yaml.safe_dump(doc, allow_unicode=True).encode("utf-8", "surrogatepass")


def inputs(kind: str) -> st.SearchStrategy[bytes]:
    parts = [mutated(kind)]
    if kind in TOKENS:
        parts.append(soup(kind))
    if kind == "compose":
        parts.append(compose_docs())
    return st.one_of(*parts)


ALL_INPUTS = st.sampled_from(sorted(EXT)).flatmap(lambda k: st.tuples(st.just(k), st.sampled_from(NAMES[k]), inputs(k)))


@contextmanager
def production_mode():
    """RISKSCAN_DEBUG off: the engine's own guarantees, not the test mode's re-raise."""
    old = os.environ.pop("RISKSCAN_DEBUG", None)
    try:
        yield
    finally:
        if old is not None:
            os.environ["RISKSCAN_DEBUG"] = old


def _json_safe(facts: FileFacts) -> None:
    """Facts are cached as JSON: they must serialise, as valid UTF-8."""
    json.dumps(to_json(facts), ensure_ascii=False, allow_nan=False).encode("utf-8")


_worker_init()  # the recursion limit the engine runs frontends with


# --------------------------------------------------------------------------- properties
@FUZZ
@given(case=ALL_INPUTS)
def test_frontends_raise_only_skipfile(case):
    kind, path, data = case
    if needs_isolation(kind, data):  # could crash the native parser: that is the engine's job, below
        return
    try:
        facts = load(kind)(path, data)
    except SkipFile as exc:
        assert str(exc).strip(), "SkipFile needs a reason"
        return
    assert isinstance(facts, FileFacts)
    assert facts.path == path
    _json_safe(facts)


TRIGGERS = triggers_for(t for meta in load_rules().values() for t in meta.triggers)


@FUZZ
@given(case=ALL_INPUTS)
def test_analyse_file_never_raises(case):
    kind, path, data = case
    with production_mode():
        if needs_isolation(kind, data):
            res = _extract_isolated([(path, _write_tmp(data), kind, 1 << 20, TRIGGERS)], None)[path][0]
        else:
            res = analyse_file(path, kind, data, TRIGGERS)
    assert isinstance(res, (FileFacts, Skipped))
    if isinstance(res, Skipped):
        assert res.reason.strip()
        assert not res.reason.startswith("internal error"), f"frontend bug on {path}: {res.reason}"
    else:
        _json_safe(res)


_TMP = tempfile.mkdtemp(prefix="riskscan-fuzz-")
atexit.register(shutil.rmtree, _TMP, True)


def _write_tmp(data: bytes) -> str:
    p = os.path.join(_TMP, "input")
    with open(p, "wb") as fh:
        fh.write(data)
    return p


_NAME_CHARS = st.text(alphabet=st.sampled_from(list("abcXYZ019_-. ") + ["\u00e9", "\U0001f680", "\\", "\n", "'"]), min_size=1, max_size=10)


@st.composite
def small_trees(draw: st.DrawFn) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for _ in range(draw(st.integers(1, 5))):
        kind, path, data = draw(ALL_INPUTS)
        stem = draw(_NAME_CHARS).strip(". ") or "f"
        d, _, name = path.rpartition("/")
        if kind != "compose":  # compose files are recognised by name: keep it
            name = stem + name[name.rfind("."):]
        rel = f"{d}/{name}" if d else name
        files.setdefault(rel, data)
    return files


@CLI_FUZZ
@given(tree=small_trees())
def test_cli_accounts_for_every_file(tree):
    from typer.testing import CliRunner

    from riskscan.cli import app

    with tempfile.TemporaryDirectory(prefix="riskscan-fuzz-tree-") as tmp:
        for rel, data in tree.items():
            p = Path(tmp, *rel.split("/"))
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        result = CliRunner().invoke(app, ["check", tmp, "--format", "json", "--no-cache", "--jobs", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), (result.exit_code, result.output[-2000:])
    data = json.loads(result.stdout)
    s = data["summary"]
    assert s["files_scanned"] + s["files_skipped"] == len(tree), (sorted(tree), data["skipped"])
    for sk in data["skipped"]:
        assert sk["reason"].strip() and not sk["reason"].startswith("internal error"), sk


def test_seed_corpus_is_not_empty():
    assert all(len(SEEDS[k]) > 3 for k in EXT), {k: len(v) for k, v in SEEDS.items()}
    assert re.search(rb"Pool", b"".join(SEEDS["js"]))
