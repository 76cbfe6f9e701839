"""The cyclic garbage collector during a scan: young passes only.

A scan keeps what it builds until it ends: the facts of every file (frozen
out of the collector's sight, see ``riskscan.engine``) and the checks'
memos, about 240 MB at the end of a scan of the benchmark's real corpus.
CPython runs a full pass each time the objects that survived its young
passes grow by a quarter, and a full pass walks every object it tracks:
during the checks of a one-file re-scan of that corpus, ten full passes
took 1.7 s of 20 s and found about a hundred objects of garbage in all.
The young passes, which find what little cyclic garbage the checks make
(about 18,000 objects over that scan), go on.

The command line sets this for the whole command, the scan for its checks.
A worker or supervised child forked from the scan puts the usual passes
back (``restore``): what it builds per file dies with the file.
"""

from __future__ import annotations

import gc

# a third threshold that no count of young passes reaches
NO_FULL_PASS = 1 << 30
_USUAL: tuple[int, int, int] | None = None  # the thresholds before the first change


def without_full_passes() -> tuple[int, int, int]:
    """Stop the collector's full passes, its young ones going on; returns
    the thresholds it had, for ``gc.set_threshold(*before)``."""
    global _USUAL
    before = gc.get_threshold()
    if _USUAL is None:
        _USUAL = before
    gc.set_threshold(before[0], before[1], NO_FULL_PASS)
    return before


def restore() -> None:
    """The collector's thresholds as they were before any change here."""
    if _USUAL is not None:
        gc.set_threshold(*_USUAL)
