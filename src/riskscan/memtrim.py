"""Give the memory a parser has freed back to the operating system.

A worker process that has parsed a large file keeps the memory of its syntax
tree after the tree is gone: glibc's allocator holds freed blocks for reuse
instead of returning them, so a worker's resident size stays at the high-water
mark of the largest file it has seen (measured on the real-world benchmark
corpus: a libcst worker at 125-188 MB between files, 100-115 MB after
``malloc_trim``).  Summed over the workers of a scan, that is memory nobody
uses.  After each large file a worker process (never the scan's own process,
whose heap holds the facts) calls :func:`release_freed_memory`: glibc's
``malloc_trim(0)`` returns the free pages, about 1 ms on such a heap.

Elsewhere (macOS, musl) there is nothing to call and it does nothing.
"""

from __future__ import annotations

from typing import Any

# files at least this large leave enough freed memory behind to be worth a trim
TRIM_MIN_BYTES = 32 * 1024

_trim: Any = None  # libc's malloc_trim once looked up; False where there is none


def release_freed_memory() -> bool:
    """Return freed heap memory to the system; False where that is not possible."""
    global _trim
    if _trim is None:
        _trim = _lookup()
    if _trim is False:
        return False
    try:
        _trim(0)
    except Exception:  # pragma: no cover - a libc that misbehaves: stop asking it
        _trim = False
        return False
    return True


def _lookup() -> Any:
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        # the symbols already loaded in this process (libc's among them): no
        # library is loaded, the running program is only searched
        fn = ctypes.CDLL(None).malloc_trim
    except (ImportError, OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return False
    fn.argtypes = [ctypes.c_size_t]
    fn.restype = ctypes.c_int
    return fn
