"""Look-alikes derived from every rule's *bad* examples (rules/<ID>.yml).

A bad example is code a rule must report.  The same text must not be
reported when it is not code that runs:

* **commented out** -- every line of every source file (JS/TS, Python,
  compose) turned into a comment, as when someone disables a block;
* **quoted** -- each JS/TS/Python file's whole text held in a string
  constant (a code sample in documentation, a generator's template, a test
  fixture kept in a string).

And every JS example, good or bad, renamed to TypeScript (``.js`` -> ``.ts``,
``.mjs`` -> ``.mts``..., and the names other files use for them) must give
the same findings: TypeScript is parsed with its own grammar, and most rules'
examples are written in JS only.  Every example moved into a monorepo
folder must give the same findings; and the findings of every bad example
must keep their fingerprints when lines are added above them, and be
silenced by a suppression comment on the line above.

Only the rule's trigger tokens survive in such files, so they are parsed
like any other: these tests hold every frontend and check to "facts come
from code, never from comments or string contents" across all rules at
once, not only where a rule's own examples thought of it.

RS000 (suppression comments that suppress nothing) is about comments
themselves and read from the text, so it is left out.
"""

from __future__ import annotations

import posixpath
import re
import textwrap

import pytest

from helpers import scan_tree
from test_rule_examples import _MARK, example_files, examples, marked_lines

_JS = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
_PY = (".py", ".pyw", ".tac")
_YAML = (".yml", ".yaml")


def _files(example: dict) -> dict[str, str]:
    return {path: textwrap.dedent(code) for path, code in example_files(example).items()}


def _ext(path: str) -> str:
    return posixpath.splitext(path)[1].lower()


def _bad_examples(exts: tuple[str, ...]):
    """Bad examples with at least one file the variant transforms."""
    return examples(lambda rid, ex: rid != "RS000" and ex.get("kind") == "bad" and any(_ext(p) in exts for p in _files(ex)))


def _commented(path: str, code: str) -> str:
    mark = "// " if _ext(path) in _JS else "# "
    return "".join(mark + line + "\n" for line in code.split("\n"))


def _quoted(path: str, code: str) -> str:
    if _ext(path) in _JS:
        body = code.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
        return f"export const SAMPLE = `\n{body}`;\n"
    body = code.replace("\\", "\\\\").replace("'''", "\\'\\'\\'")
    return f"SAMPLE = '''\n{body}'''\n"


def _scan_variant(tmp_path, rule_id: str, example: dict, transform, exts: tuple[str, ...]) -> list[tuple[str, int]]:
    files = _files(example)
    changed = {p: (transform(p, c) if _ext(p) in exts else c) for p, c in files.items()}
    result = scan_tree(tmp_path, changed, select=(rule_id,), include_tests=bool(example.get("include_tests", False)))
    assert not [s for s in result.skipped if not s.excluded], f"files were skipped: {result.skipped}"
    assert not [w for w in result.warnings if w.startswith("check ")], f"a check failed: {result.warnings}"
    return sorted((f.path, f.line) for f in result.findings if f.rule_id == rule_id)


@pytest.mark.parametrize(("rule_id", "example"), list(_bad_examples(_JS + _PY + _YAML)))
def test_bad_example_commented_out_is_not_reported(tmp_path, rule_id, example):
    got = _scan_variant(tmp_path, rule_id, example, _commented, _JS + _PY + _YAML)
    assert not got, f"{rule_id} fired on its bad example commented out, at {got}"


@pytest.mark.parametrize(("rule_id", "example"), list(_bad_examples(_JS + _PY)))
def test_bad_example_held_in_a_string_is_not_reported(tmp_path, rule_id, example):
    got = _scan_variant(tmp_path, rule_id, example, _quoted, _JS + _PY)
    assert not got, f"{rule_id} fired on its bad example held in a string constant, at {got}"


# ---------------------------------------------------------------- the same JS as TypeScript
_TS_OF = {".js": ".ts", ".mjs": ".mts", ".cjs": ".cts", ".jsx": ".tsx"}


def _js_examples():
    return examples(lambda rid, ex: ex.get("lang") == "js" and any(_ext(p) in _TS_OF for p in _files(ex)))


@pytest.mark.parametrize(("rule_id", "example"), list(_js_examples()))
def test_js_example_renamed_to_typescript_gives_the_same_findings(tmp_path, rule_id, example):
    files = _files(example)
    names = {p: posixpath.splitext(p)[0] + _TS_OF[_ext(p)] for p in files if _ext(p) in _TS_OF}
    # what names the files (package.json scripts, a spawned module's path) names the new files
    refs = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(posixpath.basename(p)) for p in sorted(names, key=len, reverse=True)) + r")(?![\w.])")
    renamed = {names.get(p, p): refs.sub(lambda m: posixpath.splitext(m.group(1))[0] + _TS_OF[_ext(m.group(1))], c) for p, c in files.items()}
    back = {names.get(p, p): p for p in files}
    result = scan_tree(tmp_path, renamed, select=(rule_id,), include_tests=bool(example.get("include_tests", False)))
    assert not [s for s in result.skipped if not s.excluded], f"files were skipped: {result.skipped}"
    got = sorted((back[f.path], f.line) for f in result.findings if f.rule_id == rule_id)
    expected = sorted(marked_lines(files))
    assert got == (expected if example["kind"] == "bad" else []), f"{rule_id} as TypeScript fired at {got}, expected {expected}"


# ---------------------------------------------------------------- findings move with their code
def _shifted(path: str, code: str) -> str:
    mark = "//" if _ext(path) in _JS else "#"
    if code.startswith("#!"):  # a shebang stays the first line
        first, _, rest = code.partition("\n")
        return f"{first}\n{mark} added\n\n{mark} lines\n{rest}"
    return f"{mark} added\n\n{mark} lines\n{code}"


@pytest.mark.parametrize(("rule_id", "example"), list(_bad_examples(_JS + _PY + _YAML)))
def test_bad_example_findings_keep_their_fingerprints_when_lines_move(tmp_path, rule_id, example):
    """Three lines added at the top of every source file: each finding moves
    down three lines and keeps its fingerprint (a baseline or a code-scanning
    alert follows the code, it is not a new finding)."""
    files = _files(example)
    before = scan_tree(tmp_path / "a", files, select=(rule_id,), include_tests=bool(example.get("include_tests", False)))
    moved = {p: (_shifted(p, c) if _ext(p) in _JS + _PY + _YAML else c) for p, c in files.items()}
    after = scan_tree(tmp_path / "b", moved, select=(rule_id,), include_tests=bool(example.get("include_tests", False)))
    shift = {p: (3 if _ext(p) in _JS + _PY + _YAML else 0) for p in files}
    want = sorted((f.path, f.line + shift.get(f.path, 0), f.fingerprint) for f in before.findings if f.rule_id == rule_id)
    got = sorted((f.path, f.line, f.fingerprint) for f in after.findings if f.rule_id == rule_id)
    assert want, "the bad example reported nothing"
    assert got == want


# ---------------------------------------------------------------- the same project inside a monorepo
_SUBDIR = "services/api/"


@pytest.mark.parametrize(("rule_id", "example"), list(examples()))
def test_example_moved_into_a_monorepo_folder_gives_the_same_findings(tmp_path, rule_id, example):
    """Every example, good or bad, moved into ``services/api/`` of a larger
    repository: the same findings (a service is judged from its own root, and
    a folder named ``api`` is not an API's own folder of a framework)."""
    files = _files(example)
    result = scan_tree(tmp_path, {_SUBDIR + p: c for p, c in files.items()}, select=(rule_id,),
                       include_tests=bool(example.get("include_tests", False)))
    got = {(f.path.removeprefix(_SUBDIR), f.line) for f in result.findings if f.rule_id == rule_id}
    expected = marked_lines(files)
    assert got == (expected if example["kind"] == "bad" else set()), f"{rule_id} in {_SUBDIR} fired at {sorted(got)}, expected {sorted(expected)}"


# ---------------------------------------------------------------- every finding can be suppressed
@pytest.mark.parametrize(("rule_id", "example"), list(_bad_examples(_JS + _PY + _YAML)))
def test_bad_example_suppressed_on_the_line_above_reports_nothing(tmp_path, rule_id, example):
    """The README's suppression (``// riskscan-ignore RSxxx: reason`` /
    ``# riskscan: ignore[RSxxx] -- reason``) on the line above each reported
    line silences every rule's finding, and is not itself unused (RS000)."""
    files = _files(example)
    marked = {}
    for path, code in files.items():
        lines = []
        for line in code.split("\n"):
            if _MARK.search(line) and _ext(path) in _JS + _PY + _YAML:
                indent = line[: len(line) - len(line.lstrip())]
                lines.append(indent + (f"// riskscan-ignore {rule_id}: reason" if _ext(path) in _JS else f"# riskscan: ignore[{rule_id}] -- reason"))
            lines.append(line)
        marked[path] = "\n".join(lines)
    result = scan_tree(tmp_path, marked, select=(rule_id, "RS000"), include_tests=bool(example.get("include_tests", False)))
    assert not [(f.rule_id, f.path, f.line) for f in result.findings]
    assert [f for f in result.suppressed if f.rule_id == rule_id]
