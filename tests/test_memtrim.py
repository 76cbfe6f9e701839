"""Worker processes give the memory a large file's parse freed back to the system."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from helpers import write_tree
from riskscan import engine, memtrim
from riskscan.engine import ScanOptions, scan

def _glibc() -> bool:
    try:
        return sys.platform.startswith("linux") and bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):
        return False


glibc = pytest.mark.skipif(not _glibc(), reason="malloc_trim is glibc's")


@glibc
def test_release_returns_freed_heap_pages_to_the_system():
    """Memory freed in the middle of the heap (what a parsed tree leaves
    behind: live objects in between) stays resident until it is released."""
    code = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, %r)
        from riskscan.memtrim import release_freed_memory

        def rss():
            with open("/proc/self/status") as fh:
                return next(int(l.split()[1]) for l in fh if l.startswith("VmRSS")) // 1024

        blocks = [bytes(2000) for _ in range(60000)]  # ~120 MB of malloc'd (not pymalloc) blocks
        keep = blocks[::16]  # live blocks spread over the heap: free() alone cannot shrink it
        del blocks
        before = rss()
        assert release_freed_memory() is True
        print(before, rss())
        """
        % os.path.join(os.path.dirname(os.path.dirname(__file__)), "src")
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout.split()
    before, after = int(out[0]), int(out[1])
    assert before - after > 50, (before, after)


def test_release_is_harmless_where_there_is_nothing_to_call(monkeypatch):
    monkeypatch.setattr(memtrim, "_trim", False)
    assert memtrim.release_freed_memory() is False


def _record_trims(monkeypatch, tmp_path):
    """Make every trim leave a file named after the process that trimmed."""
    marks = tmp_path / "marks"
    marks.mkdir()

    def fake() -> bool:
        (marks / str(os.getpid())).touch()
        return True

    monkeypatch.setattr(memtrim, "release_freed_memory", fake)  # forked workers inherit it
    return marks


def _tree(tmp_path):
    big = "import redis\n" + "".join(f"def f{i}(r):\n    return r.get('key{i}')\n" for i in range(1500))
    write_tree(tmp_path / "src", {"big.py": big, "small.py": "import redis\nredis.Redis()\n", "other.js": "const x = require('ioredis');\n"})
    assert len(big) >= memtrim.TRIM_MIN_BYTES
    return str(tmp_path / "src")


def test_workers_trim_after_a_large_file_and_the_scan_itself_never(tmp_path, monkeypatch):
    marks = _record_trims(monkeypatch, tmp_path)
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    root = _tree(tmp_path)
    parallel = scan(ScanOptions(root=root, jobs=2, use_cache=False))
    trimmed_by = {int(p.name) for p in marks.iterdir()}
    assert trimmed_by and os.getpid() not in trimmed_by  # by a worker (one large file: one worker)
    for p in marks.iterdir():
        p.unlink()
    alone = scan(ScanOptions(root=root, jobs=1, use_cache=False))
    assert not list(marks.iterdir())  # the scan's own process holds the facts: never trimmed
    assert [f.fingerprint for f in alone.findings] == [f.fingerprint for f in parallel.findings]
