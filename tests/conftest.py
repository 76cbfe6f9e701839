import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path and not os.environ.get("RISKSCAN_TEST_INSTALLED"):
    sys.path.insert(0, str(SRC))

os.environ.setdefault("RISKSCAN_DEBUG", "1")


def _compiled_modules_outside_the_tree() -> None:
    """Many tests run riskscan in a new interpreter (``python -m riskscan``).
    With ``PYTHONDONTWRITEBYTECODE`` set, each of those compiled every module
    of the package from source again (about a third of the suite's time).
    Keep the compiled modules for this session in a temporary folder instead
    (``PYTHONPYCACHEPREFIX``), removed at the end: nothing is written into the
    checkout, as the variable asks, and each module is compiled once."""
    import atexit
    import shutil
    import tempfile

    if not os.environ.get("PYTHONDONTWRITEBYTECODE") or os.environ.get("PYTHONPYCACHEPREFIX"):
        return
    prefix = tempfile.mkdtemp(prefix="riskscan-tests-pycache-")
    atexit.register(shutil.rmtree, prefix, True)
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    sys.dont_write_bytecode = False
    sys.pycache_prefix = prefix


_compiled_modules_outside_the_tree()

# corpora scanned by the tests, never collected as tests themselves (their own
# test files import packages that are not installed here)
collect_ignore_glob = ["audit/*", "audit_*/*", "hostile/*"]


@pytest.fixture
def many_open_files():
    """More than 1,024 descriptors open in this process (an editor's server
    or a long test session can hold that many): the next pipes are numbered
    past what select(2) takes."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 1200
    if soft < want + 64:
        if hard != resource.RLIM_INFINITY and hard < want + 64:
            pytest.skip("too few descriptors allowed here")
        resource.setrlimit(resource.RLIMIT_NOFILE, (want + 64, hard))
    null = os.open(os.devnull, os.O_RDONLY)
    held = [os.dup(null) for _ in range(want)]
    try:
        yield held
    finally:
        for fd in [*held, null]:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.fixture
def checked(monkeypatch):
    """Counts the scans that ran their checks (riskscan.resultmemo and
    riskscan.samefacts reuse saved results instead)."""
    import riskscan.checks as checks

    runs: list[int] = []
    real = checks.all_checks

    def spy(*args, **kw):
        runs.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(checks, "all_checks", spy)
    return runs
