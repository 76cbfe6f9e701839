"""Every rule's good/bad examples from rules/<ID>.yml (Fixit-style).

A bad example must fire exactly on the lines marked with a trailing
``ruleid`` comment; a good example must not fire at all.  Each example is
written to a fresh directory and scanned with only its rule selected (plus
the real discovery, so test-file exclusion applies as for users; every
rule's trigger tokens decide which files are parsed, as in any scan).
"""

from __future__ import annotations

import re
from typing import Callable

import pytest

from riskscan.ruledefs import load_rules

from helpers import scan_tree

DEFAULT_NAMES = {"js": "app.js", "ts": "app.ts", "py": "app.py", "compose": "docker-compose.yml", "docker": "Dockerfile"}
_MARK = re.compile(r"(//|#)\s*ruleid\b")


def examples(keep: Callable[[str, dict], bool] = lambda rule_id, example: True):
    """pytest params (rule id, example) of every rule example ``keep`` accepts."""
    for rid, meta in load_rules(examples=True).items():
        for i, ex in enumerate(meta.examples):
            if keep(rid, ex):
                label = ex.get("name", "").replace(" ", "-")[:40]
                yield pytest.param(rid, ex, id=f"{rid}-{ex.get('lang')}-{ex.get('kind')}-{i}{'-' + label if label else ''}")


def example_files(example: dict) -> dict[str, str]:
    """path -> text of an example's files."""
    return example.get("files") or {example.get("path") or DEFAULT_NAMES[example["lang"]]: example["code"]}


def marked_lines(files: dict[str, str]) -> set[tuple[str, int]]:
    """(path, line) of every line marked with a trailing ``ruleid`` comment."""
    return {(path, n) for path, code in files.items() for n, line in enumerate(code.split("\n"), start=1) if _MARK.search(line)}


@pytest.mark.parametrize(("rule_id", "example"), list(examples()))
def test_rule_example(tmp_path, rule_id, example):
    files = example_files(example)
    expected = marked_lines(files)
    result = scan_tree(tmp_path, files, select=(rule_id,), include_tests=bool(example.get("include_tests", False)))
    assert not [s for s in result.skipped if not s.excluded], f"example files were skipped: {result.skipped}"
    # a check that raised reports nothing: a good example would pass for the wrong reason
    assert not [w for w in result.warnings if w.startswith("check ")], f"a check failed: {result.warnings}"
    got = {(f.path, f.line) for f in result.findings if f.rule_id == rule_id}
    if example["kind"] == "bad":
        assert expected, "a bad example must mark at least one line with `ruleid`"
        assert got == expected, f"{rule_id} fired at {sorted(got)}, expected {sorted(expected)}"
    else:
        assert not got, f"{rule_id} fired on a good example at {sorted(got)}"


def test_every_rule_has_examples_and_check():
    from riskscan.checks import all_checks

    rules = load_rules(examples=True)
    checks = all_checks()
    for rid, meta in rules.items():
        assert rid in checks, f"{rid} has a rule file but no check"
        kinds = {ex.get("kind") for ex in meta.examples}
        assert {"bad", "good"} <= kinds, f"{rid} needs good and bad examples"
        for lang in meta.languages:
            langs = {ex.get("lang") for ex in meta.examples}
            assert lang in langs or (lang == "ts" and "js" in langs), f"{rid} has no example for {lang}"
    for rid in checks:
        assert rid in rules, f"check {rid} has no rules/{rid}.yml"


def test_scan_rules_are_the_full_rules_without_examples():
    """A scan loads each rule file without its ``examples`` (the last key,
    left unparsed for speed): every other field must be exactly what the
    whole file says, and the examples key must really be the last one."""
    import dataclasses

    full = load_rules(examples=True)
    lean = load_rules()
    assert list(lean) == list(full)
    for rid, meta in full.items():
        assert meta.examples, rid
        assert lean[rid].examples == ()
        assert lean[rid] == dataclasses.replace(meta, examples=()), rid


def test_rule_files_have_no_duplicate_keys():
    """A key written twice in one mapping (two ``name:`` in one example, left by
    a merge that dropped the ``- kind:`` line between two examples) silently
    keeps only the last value: one example would vanish and its code run under
    the other's name and kind."""
    import glob
    import os

    import yaml

    class StrictLoader(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            assert key not in seen, f"{loader.name}: key {key!r} written twice (line {key_node.start_mark.line + 1})"
            seen.add(key)
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    rules_dir = os.path.join(os.path.dirname(__file__), os.pardir, "rules")
    paths = sorted(glob.glob(os.path.join(rules_dir, "*.yml")))
    assert paths
    for path in paths:
        with open(path, encoding="utf-8") as f:
            yaml.load(f, Loader=StrictLoader)
