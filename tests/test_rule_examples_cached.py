"""Every rule example scanned twice with the facts cache: the second scan
takes every file's facts from ``.riskscan_cache/`` (the files' mtimes are
moved, so the saved results are not reused and every check runs again) and
must report exactly what the first did -- rule, place, message, fingerprint
and related lines.  This holds the cache's encoding of every fact a check
reads to a round trip, for every rule at once: a fact field the cache forgot
would show here as a finding lost or changed on the warm scan."""

from __future__ import annotations

import os

import pytest

import riskscan.engine as engine

from helpers import scan_tree
from test_rule_examples import examples
from test_rule_lookalikes import _files


def _key(result):
    return sorted(
        (f.rule_id, f.path, f.line, f.column, f.end_line, f.end_column, f.message, f.fingerprint, tuple((r.path, r.line, r.message) for r in f.related))
        for f in result.findings
    )


@pytest.mark.parametrize(("rule_id", "example"), list(examples()))
def test_example_from_cached_facts_gives_the_same_findings(tmp_path, monkeypatch, rule_id, example):
    include_tests = bool(example.get("include_tests", False))
    cold = scan_tree(tmp_path, _files(example), select=(rule_id,), include_tests=include_tests, use_cache=True)
    for dirpath, dirnames, filenames in os.walk(tmp_path):
        dirnames[:] = [d for d in dirnames if d != ".riskscan_cache"]
        for name in filenames:
            path = os.path.join(dirpath, name)
            st = os.stat(path)
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    parsed: list[str] = []
    real = engine.analyse_file
    monkeypatch.setattr(engine, "analyse_file", lambda path, *a, **k: parsed.append(path) or real(path, *a, **k))
    warm = scan_tree(tmp_path, None, select=(rule_id,), include_tests=include_tests, use_cache=True)
    assert not parsed, f"the warm scan parsed {parsed} again"
    assert _key(warm) == _key(cold)
