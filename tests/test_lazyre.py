"""lazy_re: module-level patterns of the checks compile on first use, and
behave as the compiled pattern does."""

from __future__ import annotations

import pathlib
import pickle
import re

import pytest

from riskscan.lazyre import lazy_re

CHECKS = pathlib.Path(__file__).resolve().parents[1] / "src" / "riskscan" / "checks"


def test_lazy_pattern_matches_as_the_compiled_one_does():
    lazy, eager = lazy_re(r"(?P<word>\w+)-(\d+)", re.I), re.compile(r"(?P<word>\w+)-(\d+)", re.I)
    text = "Job-12 and queue-7"
    assert lazy.search(text).group("word") == eager.search(text).group("word") == "Job"
    assert lazy.match(text).span() == eager.match(text).span()
    assert lazy.fullmatch("a-1") and not lazy.fullmatch("a-1 b")
    assert lazy.findall(text) == eager.findall(text)
    assert [m.group(0) for m in lazy.finditer(text)] == ["Job-12", "queue-7"]
    assert lazy.sub("x", text) == eager.sub("x", text) and lazy.subn("x", text) == eager.subn("x", text)
    assert lazy.split(text) == eager.split(text)
    assert (lazy.pattern, lazy.flags, lazy.groups, dict(lazy.groupindex)) == (eager.pattern, eager.flags, eager.groups, dict(eager.groupindex))


def test_lazy_pattern_compiles_on_first_use_and_reports_errors_then():
    bad = lazy_re(r"(unclosed")  # not compiled yet: importing a module never fails here
    with pytest.raises(re.error):
        bad.search("x")
    with pytest.raises(AttributeError):
        lazy_re("a").no_such_method  # noqa: B018


def test_lazy_pattern_survives_pickling_before_and_after_use():
    pat = lazy_re(r"\d+")
    assert pickle.loads(pickle.dumps(pat)).findall("a1b22") == ["1", "22"]
    pat.search("1")
    assert pickle.loads(pickle.dumps(pat)).findall("a1b22") == ["1", "22"]


def test_check_modules_compile_no_pattern_at_module_level():
    # every module-level pattern of the checks is lazy: an eager one costs every run its compile
    eager = [f"{p.name}:{n}" for p in sorted(CHECKS.glob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.match(r"^[A-Za-z_]\w*(?:\s*:[^=]+)?\s*=\s*re\.compile\(", line)]
    assert eager == []
