"""Giving freed heap memory back to the operating system.

A worker that parsed a large file has freed its syntax tree, but glibc's
allocator keeps the freed pages in the process: a worker that once parsed a
big Python module stays at its high-water mark (100 MB and more) for the rest
of the scan, next to the main process that holds every file's facts.  glibc's
``malloc_trim`` returns those pages.  It costs about 10 ms, so it runs only
when the process has grown by ``GROWTH`` bytes since it last ran.

Linux with glibc only; anywhere else (macOS, musl) this does nothing.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

GROWTH = 32 * 1024 * 1024

_state: dict[str, Any] = {"trim": None, "loaded": False, "last": 0}


def _trim_function() -> Callable[[int], int] | None:
    if not _state["loaded"]:
        _state["loaded"] = True
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _state["trim"] = ctypes.CDLL("libc.so.6").malloc_trim
            except (OSError, AttributeError):  # not glibc
                _state["trim"] = None
    return _state["trim"]


def _rss() -> int:
    with open("/proc/self/statm", "rb") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def release_if_grown(growth: int = GROWTH) -> bool:
    """Return freed heap pages to the OS if the resident size grew by
    ``growth`` bytes since the last release (True if it ran)."""
    trim = _trim_function()
    if trim is None:
        return False
    try:
        if _rss() - _state["last"] < growth:
            return False
        trim(0)
        _state["last"] = _rss()
    except (OSError, ValueError, IndexError):
        return False
    return True
