"""Test-file names: discovery leaves them out unless --include-tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskscan.discovery import _TEST_FILE, is_test_file_name, is_test_path

TEST_NAMES = ["app.test.js", "db.spec.ts", "test_pool.py", "pool_test.py", "conftest.py", "tests.py", "testing.py",
              "pytest_plugin.py", "dbForTests.js", "db-for-testing.ts", "test-helpers.js", "specHelper.js",
              "TestHelper.ts", "testUtils.js", "spec_utilities.py", "test_UTILS.py"]
CODE_NAMES = ["app.js", "server.ts", "pool.py", "latest.py", "inspect.py", "manifest.json.js", "specs.md.js",
              "respect.py", "contest.py", "protest.js", "TEST_pool.py", "detester.py"]


@pytest.mark.parametrize("name", TEST_NAMES)
def test_test_file_names_are_recognised(name: str) -> None:
    assert is_test_file_name(name)
    assert is_test_path(f"src/{name}")


@pytest.mark.parametrize("name", CODE_NAMES)
def test_code_file_names_are_not_test_files(name: str) -> None:
    assert not is_test_file_name(name)
    assert not is_test_path(f"src/{name}")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="tTeEsSpPcCoOnfuUiIlLhHrR_-.jyx", max_size=24))
def test_the_quick_answer_is_the_regular_expressions(name: str) -> None:
    # the substring gate in front of the regular expression never changes an answer
    assert is_test_file_name(name) == (_TEST_FILE.search(name) is not None)
