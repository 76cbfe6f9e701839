"""The test suite's own set-up (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _pycache_dirs() -> set[Path]:
    return set((ROOT / "src").rglob("__pycache__"))


def test_new_interpreters_of_the_suite_never_write_bytecode_into_the_checkout_when_asked_not_to():
    """With PYTHONDONTWRITEBYTECODE set, the suite keeps the compiled modules
    of the interpreters it starts in a temporary folder outside the checkout
    (PYTHONPYCACHEPREFIX), so the many tests that run ``python -m riskscan``
    compile the package once instead of every time."""
    prefix = os.environ.get("PYTHONPYCACHEPREFIX")
    if os.environ.get("PYTHONDONTWRITEBYTECODE") or not prefix:
        pytest.skip("the session started without PYTHONDONTWRITEBYTECODE (or with a prefix of its own)")
    assert not Path(prefix).resolve().is_relative_to(ROOT)
    before = _pycache_dirs()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    subprocess.run([sys.executable, "-c", "import riskscan.engine, riskscan.checks"], env=env, check=True, timeout=120)
    assert _pycache_dirs() == before
    compiled = list(Path(prefix).rglob("engine*.pyc"))
    assert compiled, "the new interpreter kept no compiled module in the session's folder"
