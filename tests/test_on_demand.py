"""Files the trigger prefilter skips are parsed on demand when a check
resolves an imported name into them (constants and config modules), with the
same result cold and warm, and without re-parsing them on a warm scan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import riskscan.engine as engine
import riskscan.mentions as mentions_mod
from riskscan.mentions import mentions_reader, py_binds
from riskscan.engine import ScanOptions, scan
from riskscan.report import render
from riskscan.triggers import MATCH_ALL, trigger_regex

from helpers import write_tree

# the queue name lives in a module with no trigger token of any rule
PROJECT = {
    "app/names.py": "RESIZE = 'img:resize'\nMAIL = 'outbox:mail'\n",
    "app/api.py": """\
        import redis
        from app.names import RESIZE, MAIL
        r = redis.Redis()
        def submit(p):
            r.lpush(RESIZE, p)
            r.lpush(MAIL, p)
        """,
    "app/worker.py": """\
        import redis
        from app import names
        r = redis.Redis()
        def main():
            while True:
                _, raw = r.brpop(names.RESIZE)
                handle(raw)
        """,
}


@pytest.fixture(autouse=True)
def _secret(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "s" * 40)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))


def _run(root: Path, **kw) -> str:
    return render("json", scan(ScanOptions(root=str(root), jobs=1, select=("RS301",), **kw)))


def _rs301(out: str) -> list[tuple[str, int]]:
    return [(f["path"], f["line"]) for f in json.loads(out)["findings"] if f["rule_id"] == "RS301"]


def test_constant_in_untriggered_module_resolves(tmp_path):
    write_tree(tmp_path, PROJECT)
    # the producer of 'outbox:mail' has no consumer; 'img:resize' has one
    assert _rs301(_run(tmp_path, use_cache=False)) == [("app/api.py", 6)]


def test_module_without_tokens_is_not_parsed_up_front(tmp_path, monkeypatch):
    write_tree(tmp_path, PROJECT)
    forced: list[list[str]] = []
    real = engine.extract_all

    def spy(files, triggers, *args, **kw):
        if triggers is not None and triggers.pattern == MATCH_ALL:
            forced.append([f.path for f in files])
        return real(files, triggers, *args, **kw)

    monkeypatch.setattr(engine, "extract_all", spy)
    cold = _run(tmp_path)
    assert forced == [["app/names.py"]]  # parsed once, when RS301 resolved the import
    forced.clear()
    warm = _run(tmp_path)
    assert forced == []  # the warm scan takes it from the cache
    assert warm == cold


def _forced_parses(monkeypatch) -> list[str]:
    forced: list[str] = []
    real = engine.extract_all

    def spy(files, triggers, *args, **kw):
        if triggers is not None and triggers.pattern == MATCH_ALL:
            forced.extend(f.path for f in files)
        return real(files, triggers, *args, **kw)

    monkeypatch.setattr(engine, "extract_all", spy)
    return forced


def test_module_that_cannot_define_the_name_is_not_parsed(tmp_path, monkeypatch):
    """Looking up a constant parses only modules that could bind it: one that
    only calls or defines a function of that name is left alone, and the
    finding is the same."""
    files = dict(PROJECT)
    files["app/helpers.py"] = "def MAIL():\n    return 1\n\n\ndef other():\n    return MAIL()\n"
    files["app/api.py"] = PROJECT["app/api.py"].replace("from app.names import RESIZE, MAIL", "from app.names import RESIZE\n        from app.helpers import MAIL")
    write_tree(tmp_path, files)
    forced = _forced_parses(monkeypatch)
    assert _rs301(_run(tmp_path, use_cache=False)) == []  # MAIL is no queue name here: nothing to report
    assert "app/helpers.py" not in forced and "app/names.py" in forced


@pytest.mark.parametrize(
    "names_py",
    [
        "from app.consts import *\n",  # a wholesale re-export may bind anything
        "(RESIZE, MAIL) = ('img:resize', 'outbox:mail')\n",
        "from app.consts import (\n    RESIZE,\n    MAIL,\n)\n",
    ],
    ids=["star-import", "tuple-assignment", "parenthesised-import"],
)
def test_modules_that_may_bind_the_name_are_parsed(tmp_path, monkeypatch, names_py):
    files = dict(PROJECT)
    files["app/names.py"] = names_py
    files["app/consts.py"] = "RESIZE = 'img:resize'\nMAIL = 'outbox:mail'\n"
    write_tree(tmp_path, files)
    forced = _forced_parses(monkeypatch)
    _run(tmp_path, use_cache=False)
    assert "app/names.py" in forced


def test_callers_are_looked_for_only_in_files_that_call_the_name(tmp_path, monkeypatch):
    """Whether a helper is run by hand is decided by its callers, searched in
    the modules the prefilter left unparsed: only a module whose text spells
    the name before a parenthesis can call it. On a large JS corpus every
    module spells `exports` (the name of a function given to module.exports),
    and reading each of them was most of the files parsed on demand."""
    files = {
        "package.json": '{"name": "svc", "dependencies": {"axios": "^1.0.0", "commander": "^11.0.0"}}',
        "lib/fetch-rates.js": "const axios = require('axios');\nmodule.exports = function (url) {\n  return axios.get(url);\n};\n",
        "lib/cli.js": "const { program } = require('commander');\nconst fetchRates = require('./fetch-rates');\n"
                      "program.command('rates').action(() => fetchRates(process.argv[2]));\nprogram.parse();\n",
        "lib/a.js": "module.exports = { one: 1 };\n",
        "lib/b.js": "exports.two = 2;\n",
        "lib/c.js": "// exports nothing of note\nmodule.exports.three = 3;\n",
    }
    write_tree(tmp_path, files)
    forced = _forced_parses(monkeypatch)
    out = json.loads(render("json", scan(ScanOptions(root=str(tmp_path), jobs=1, select=("RS905",), use_cache=False))))
    assert not {"lib/a.js", "lib/b.js", "lib/c.js"} & set(forced)
    # the verdict is the one reading them all gave (the helper serves the command line only)
    assert out["findings"] == []


def test_mentions_reader_value_lines(tmp_path):
    """Which lines can bind a module-level value (what constant lookups need)."""
    from riskscan.discovery import discover

    src = "from x import (\n    a,\n    FOO,\n)\nBAR: int = 3\nA, BAZ = 1, 2\ndef QUX():\n    self.ATTR = 1\nx = QUUX(1)\ntry:\n    import m as ALIAS\nexcept ImportError:\n    pass\n"
    write_tree(tmp_path, {"mod.py": src})
    mentions = mentions_reader(discover(str(tmp_path)), 1 << 20)
    got = {n: mentions("mod.py", n, True) for n in ("FOO", "BAR", "BAZ", "QUX", "QUUX", "ALIAS", "ATTR", "absent")}
    assert got == {"FOO": True, "BAR": True, "BAZ": True, "QUX": False, "QUUX": False, "ALIAS": True, "ATTR": False, "absent": False}
    # any mention counts when functions are looked up too
    assert mentions("mod.py", "QUX", False) and mentions("mod.py", "QUUX", False) and not mentions("mod.py", "absent", False)


def _py_value_regex(name: bytes):
    """The per-name regular expression the probe used before ``py_binds``
    (the reference it must agree with)."""
    import re

    n = re.escape(name)
    w = rb"(?<![\w$.])" + n + rb"(?![\w$])"
    return re.compile(
        rb"(?m)^[ \t]*(?:from[ \t][^\n]*)?import[ \t][^\n]*" + w
        + rb"|^[ \t]*[\w.,()\[\] \t*]*" + w + rb"[\w.,()\[\] \t*]*(?::[^\n=]*)?=(?!=)"
        + rb"|^[ \t]+(?:[\w.]+[ \t]+as[ \t]+)?" + n + rb"[ \t]*,?[ \t]*(?:#[^\n]*)?$"
    )


_PIECES = ["NAME", "NAMEX", "XNAME", "self.", ".", " ", "\t", "\n", "\r\n", "=", "==", ":", "int", ",", "(", ")", "[", "]", "*",
           "import ", "from ", "from x import ", " as ", "#", "# c", "$", "a", "b.c", "x = NAME", "NAME = 1", "    NAME,", "\"s\""]


@given(st.lists(st.sampled_from(_PIECES), max_size=14))
@settings(max_examples=3000, deadline=None)
def test_py_binds_agrees_with_the_per_name_regex(parts):
    data = "".join(parts).encode()
    assert py_binds(data, b"NAME") == (_py_value_regex(b"NAME").search(data) is not None)


@pytest.mark.parametrize(
    "src",
    ["NAME = 1", "  NAME: int = 3", "A, NAME = 1, 2", "from x import (a,\n    NAME,\n)", "import a.b as NAME", "if x:\n    NAME = 2",
     "self.NAME = 1", "NAME == 1", "f(NAME=1)", "x = NAME", "NAMES = 1", "# NAME = 1 in a comment", "\"NAME = 1\"", "    y as NAME  # c",
     "NAME\r\n= 1", "x.NAME = 1", "$NAME = 1", "NAME$ = 1", "print(NAME)\nNAME = 3"],
)
def test_py_binds_examples_agree_with_the_per_name_regex(src):
    data = src.encode()
    assert py_binds(data, b"NAME") == (_py_value_regex(b"NAME").search(data) is not None)


def test_mentions_reader_keeps_few_texts(tmp_path, monkeypatch):
    """The probe keeps only the last few texts it read; answers stay right
    when a text it dropped is asked about again."""
    from riskscan.discovery import discover

    monkeypatch.setattr(mentions_mod, "MENTIONS_TEXTS", 2)
    write_tree(tmp_path, {f"m{i}.py": f"NAME_{i} = {i}\n" for i in range(5)})
    mentions = mentions_reader(discover(str(tmp_path)), 1 << 20)
    for _ in range(2):
        assert [mentions(f"m{i}.py", f"NAME_{i}", True) for i in range(5)] == [True] * 5
        assert [mentions(f"m{i}.py", f"NAME_{(i + 1) % 5}", True) for i in range(5)] == [False] * 5


_PROBE_NAMES = ["NAME", "name", "Name_2", "$x", "x$", "cfg", "single", "req-ext", "café"]
_PROBE_MODES = [{"value": True}, {"value": False}, {"spelled": True}, {"called": True}, {"imported": True}]


def _probe_tree(root: Path, texts: list[str]) -> list[str]:
    paths = []
    for i, text in enumerate(texts):
        name = f"m{i}.py" if i % 2 == 0 else f"m{i}.js"
        (root / name).write_bytes(text.encode("utf-8"))
        paths.append(name)
    return paths


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list("NAMEnamecfgsinglx_2$é.(*=@, \t\r\n#") + ["import ", "from ", "export * from", "__getattr__", "req-ext",
                                                                                             "group", "click.", " as "]),
                         max_size=40).map("".join), min_size=1, max_size=3))
def test_identifier_index_answers_as_the_text_does(texts):
    """Once a file was read, a probe of a word it never spells as an
    identifier is answered from its identifier index: the answer is the one
    the text gives, in every mode (a fresh reader reads the text for each)."""
    import tempfile

    from riskscan.discovery import discover

    with tempfile.TemporaryDirectory() as tmp:
        paths = _probe_tree(Path(tmp), texts)
        disc = discover(tmp)
        shared = mentions_reader(disc, 1 << 20)
        for path in paths:
            for mode in _PROBE_MODES:
                for name in _PROBE_NAMES:
                    want = mentions_reader(disc, 1 << 20)(path, name, **mode)
                    assert shared(path, name, **mode) == want, (path, name, mode)
            for pattern, rx in mentions_mod.PATTERNS.items():
                want = rx.search((Path(tmp) / path).read_bytes()) is not None
                assert mentions_reader(disc, 1 << 20)(path, pattern, pattern=True) == want, (path, pattern)
                assert shared(path, pattern, pattern=True) == want, (path, pattern)


def test_identifier_index_spares_reading_again(tmp_path, monkeypatch):
    """A file is read at most twice however many names absent from it are
    asked (its index is made when it is read again: a file asked about only
    while its text is kept needs none)."""
    from riskscan.discovery import discover

    write_tree(tmp_path, {"a.py": "VALUE = 1\nfrom x import *\n", "b.js": "export const other = 2;\n"})
    monkeypatch.setattr(mentions_mod, "MENTIONS_TEXTS", 1)
    reads = []
    real = mentions_mod.read_regular
    monkeypatch.setattr(mentions_mod, "read_regular", lambda p, n: reads.append(p) or real(p, n))
    mentions = mentions_reader(discover(str(tmp_path)), 1 << 20)
    assert mentions("a.py", "VALUE", spelled=True) and mentions("b.js", "other", called=False, spelled=True)
    assert not any(mentions("a.py", f"absent{i}", spelled=True) for i in range(20))
    assert not any(mentions("b.js", f"absent{i}", called=True) for i in range(20))
    # `from x import *` can define any name: the value probe reads the text once more to learn that
    assert all(mentions("a.py", f"absent{i}", True) for i in range(20))
    assert sorted(reads, key=str) == sorted([str(tmp_path / "a.py")] * 3 + [str(tmp_path / "b.js")] * 2, key=str)


def test_changed_module_is_parsed_again(tmp_path):
    write_tree(tmp_path, PROJECT)
    _run(tmp_path)
    (tmp_path / "app/names.py").write_text("RESIZE = 'img:resize'\nMAIL = 'img:resize'\n")
    assert _rs301(_run(tmp_path)) == []
    assert _run(tmp_path) == _run(tmp_path, use_cache=False)


def test_trigger_tokens_match_whole_identifiers():
    rx = trigger_regex(["ping", "throttl*", "*ttempt*", ".close("])
    assert rx is not None
    found = {s: bool(rx.search(s)) for s in (b"mapping", b"ws.ping()", b"'/ping'", b"throttler", b"nothrottle", b"failedAttempts", b"db.close()", b"$ping")}
    assert found == {
        b"mapping": False,
        b"ws.ping()": True,
        b"'/ping'": True,
        b"throttler": True,
        b"nothrottle": False,
        b"failedAttempts": True,
        b"db.close()": True,
        b"$ping": False,
    }


def test_users_of_a_shared_got_instance_are_looked_for_by_its_module_path(tmp_path, monkeypatch):
    """An untimed got instance exported by `lib/request-external.js` (a file
    name that is no identifier, as Ghost's): the modules the prefilter left
    unparsed are parsed only when their text names that module, so the one
    that requires it is judged and an unrelated one is left alone."""
    write_tree(tmp_path, {
        "package.json": '{"name": "feeds", "dependencies": {"got": "^11.8.0", "express": "^4.19.2"}}',
        "lib/request-external.js": "const got = require('got');\nconst external = got.extend({ headers: { 'user-agent': 'feeds' } });\nmodule.exports = external;\n",
        "lib/routes/news.js": "const got = require('../request-external');\nmodule.exports = async (source) => (await got.get(source.url)).body;\n",
        "lib/routes/about.js": "module.exports = async (source) => source.title;\n",
        "lib/index.js": "const express = require('express');\nconst news = require('./routes/news');\nconst app = express();\napp.get('/news', async (req, res) => res.send(await news({ url: req.query.url })));\napp.listen(8080);\n",
    })
    forced = _forced_parses(monkeypatch)
    out = render("json", scan(ScanOptions(root=str(tmp_path), jobs=1, select=("RS905",), use_cache=False)))
    # (reported once, where the instance is made, naming the request through it)
    findings = json.loads(out)["findings"]
    assert [(f["path"], f["line"]) for f in findings] == [("lib/request-external.js", 2)]
    assert "`got.get()` in lib/routes/news.js:2" in findings[0]["message"]
    assert "lib/routes/news.js" in forced and "lib/routes/about.js" not in forced


def test_names_resolve_in_a_file_parsed_on_demand_whatever_was_asked_of_it_while_shallow():
    """A check may ask about a file while the prefilter has left it shallow
    (no facts) and later through its parsed facts (``Project.full``): what the
    shallow facts answered must not stand for the parsed ones."""
    from riskscan.checks._resolve import definitions
    from riskscan.facts import shallow_facts
    from riskscan.project import Project
    from riskscan.triggers import triggers_for

    code = b"import redis\n\ndef make_client():\n    return redis.Redis(socket_timeout=5)\n\nclient = make_client()\n"
    full = engine.analyse_file("app/clients.py", "py", code, triggers_for(None))
    assert not full.shallow
    shallow = shallow_facts("app/clients.py", "py")
    project = Project({"app/clients.py": shallow}, loader=lambda path: full)
    assert definitions(project, shallow, "make_client") == []
    parsed = project.full(shallow)
    assert parsed is full
    got = definitions(project, parsed, "make_client")
    assert [d.func.name for d in got if d.func is not None] == ["make_client"]
    assert [d.call.callee for d in definitions(project, parsed, "client") if d.call is not None] == ["make_client"]


def test_guards_of_a_file_parsed_on_demand_whatever_was_asked_of_it_while_shallow():
    """The limiters a router module mounts are found in its parsed facts even
    when its shallow facts (none) were asked about first."""
    from riskscan.checks._guards import GuardIndex
    from riskscan.checks._limiters import Limiters
    from riskscan.facts import shallow_facts
    from riskscan.project import Project
    from riskscan.triggers import triggers_for

    code = (b"const express = require('express');\nconst rateLimit = require('express-rate-limit');\n"
            b"const router = express.Router();\nrouter.use(rateLimit({ windowMs: 60000, max: 5 }));\nmodule.exports = router;\n")
    full = engine.analyse_file("src/routes/auth.js", "js", code, triggers_for(None))
    assert not full.shallow
    shallow = shallow_facts("src/routes/auth.js", "js")
    project = Project({"src/routes/auth.js": shallow}, loader=lambda path: full)
    guards = GuardIndex(project, Limiters(project))
    assert guards.file_guards(shallow) == []
    assert [g.line for g in guards.file_guards(project.full(shallow))] == [4]


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("import NAME", True), ("import a.NAME.b as x", True), ("from a.NAME import x", True), ("from .NAME import x", True),
        ("from a import NAME", True), ("from a import x, NAME", True), ("from a import (\n    x,\n    NAME,\n)", True),
        ("from a import (x,  # one\n    # two\n    NAME)", True), ("from a import x, \\\n    NAME", True),
        ("from a import x, \\\r\n    NAME", True), ("try: import NAME\nexcept ImportError: pass", True), ("x = 1; import NAME", True),
        ("if TYPE_CHECKING:\n    from a.NAME import B", True),
        # the word used, never imported: the module cannot be imported by this file
        ("x = NAME", False), ("NAME = 1", False), ("def f(NAME): pass", False), ("print('a NAME')", False),
        ("f(\n    NAME,\n)", False), ("import a\nx = a.NAME", False), ("NAMES = 1\nimport a", False),
    ],
)
def test_py_imports_finds_the_word_in_import_statements(src, expected):
    """The probe that decides which unparsed files can import a module named
    like a common word (SQLAlchemy's examples/inheritance/single.py): only
    files naming it in an import statement are parsed."""
    from riskscan.mentions import py_imports

    assert py_imports(src.encode(), b"NAME") is expected


_IMPORT_PIECES = ["import NAME", "import a.NAME", "from NAME import x", "from a import NAME", "from a import (x,\n NAME)", "from . import NAME",
                  "import a as NAME", "from a import x as NAME", "x = NAME", "NAME = 1", "f(NAME)", "# import", "'import NAME'", "import b",
                  "from a import (x,\n y)", "if x:\n    import NAME", "try: import NAME\nexcept E: pass", "from a import x, \\\n NAME"]


@given(st.lists(st.sampled_from(_IMPORT_PIECES), max_size=8))
@settings(max_examples=1500, deadline=None)
def test_py_imports_sees_every_import_the_parser_sees(parts):
    """Whenever libcst finds an import statement naming the word (module path
    or imported name), the text probe answers yes."""
    import libcst as cst

    src = "\n".join(parts) + "\n"
    try:
        module = cst.parse_module(src)
    except cst.ParserSyntaxError:
        return
    named = False

    class Imports(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> None:
            nonlocal named
            named |= any("NAME" in cst.Module([]).code_for_node(a.name).split(".") for a in node.names)

        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            nonlocal named
            mod = cst.Module([]).code_for_node(node.module) if node.module is not None else ""
            names = [] if isinstance(node.names, cst.ImportStar) else [cst.Module([]).code_for_node(a.name) for a in node.names]
            named |= "NAME" in mod.split(".") or "NAME" in names

    module.visit(Imports())
    from riskscan.mentions import py_imports

    if named:
        assert py_imports(src.encode(), b"NAME")


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("@click.group()\ndef cli(): pass", True), ("@cli.group(cls=X)\ndef sub(): pass", True), ("@group()\ndef cli(): pass", True),
        ("@ app.cli.group\ndef cli(): pass", True), ("from click import group as grp", True), ("command_group = click.group\n", True),
        ("command_group = group  # click's\r\n", True),
        # a regular expression's groups, a group by clause, a word in a comment
        ("m = re.match(p, s)\nx = m.group(1)", False), ("q.group_by(User.id)", False), ("# the group of workers", False),
        ("@groups.add\ndef f(): pass", False), ("x = self.group", True),
    ],
)
def test_click_group_pattern(src, expected):
    """The text probe that picks the files which can hold a click group (the
    only ones parsed to learn whether a serving group exists)."""
    from riskscan.mentions import PATTERNS

    assert (PATTERNS["click-group"].search(src.encode()) is not None) is expected
