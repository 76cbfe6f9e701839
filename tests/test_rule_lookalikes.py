"""Look-alikes derived from every rule's *bad* examples (rules/<ID>.yml).

A bad example is code a rule must report.  The same text must not be
reported when it is not code that runs:

* **commented out** -- every line of every source file (JS/TS, Python,
  compose) turned into a comment, as when someone disables a block;
* **quoted** -- each JS/TS/Python file's whole text held in a string
  constant (a code sample in documentation, a generator's template, a test
  fixture kept in a string).

Only the rule's trigger tokens survive in such files, so they are parsed
like any other: these tests hold every frontend and check to "facts come
from code, never from comments or string contents" across all rules at
once, not only where a rule's own examples thought of it.

RS000 (suppression comments that suppress nothing) is about comments
themselves and read from the text, so it is left out.
"""

from __future__ import annotations

import posixpath
import textwrap

import pytest

from riskscan.ruledefs import load_rules

from helpers import scan_tree
from test_rule_examples import DEFAULT_NAMES

_JS = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
_PY = (".py", ".pyw")
_YAML = (".yml", ".yaml")


def _files(example: dict) -> dict[str, str]:
    files = example.get("files") or {example.get("path") or DEFAULT_NAMES[example["lang"]]: example["code"]}
    return {path: textwrap.dedent(code) for path, code in files.items()}


def _ext(path: str) -> str:
    return posixpath.splitext(path)[1].lower()


def _bad_examples(exts: tuple[str, ...]):
    """Bad examples with at least one file the variant transforms."""
    for rid, meta in load_rules(examples=True).items():
        if rid == "RS000":
            continue
        for i, ex in enumerate(meta.examples):
            if ex.get("kind") != "bad" or not any(_ext(p) in exts for p in _files(ex)):
                continue
            label = ex.get("name", "").replace(" ", "-")[:40]
            yield pytest.param(rid, ex, id=f"{rid}-{ex.get('lang')}-{i}{'-' + label if label else ''}")


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
