"""Exclusive branches: the arms of ``if``/``else``, conditional expressions and
``match`` cases, for rules that must not pair two things only one of which
can run (RS601: a write in the ``if`` arm and another in the ``else`` arm).

Both frontends record, in ``FileFacts.extra["branches"]``, one entry per arm
that holds at least one call, and only for branch points where two or more
arms do: ``[line, col, arm, start line, start col, end line, end col]``, where
``line``/``col`` identify the branch point (the ``if``, conditional
expression or ``except`` clause), ``arm`` is the arm's index (0 = the ``if``
body / consequence / ``except`` body, 1 = the ``else``/``elif`` part; match
cases in order) and the span is the arm's, in the calls' convention (1-based
lines and character columns).  An ``else if``/``elif`` is a branch point of
its own nested in arm 1.  An ``if`` with no ``else`` whose body ends in
``return``/``raise``/``throw`` (a guard clause) gets the rest of its enclosing
block as arm 1: what follows runs only when the body did not (in Python also
the rest of the blocks around it up to the function's body, not past a
``try``).  So do a Python
``if``/``elif`` chain with no ``else`` whose every arm exits (arm 1 runs from
the first ``elif`` to the end of the block) and a Python ``except`` clause
that exits (arm 1 is what follows its ``try`` in the block).  ``switch`` cases are not recorded (they fall through
unless they break), nor are ``continue``/``break`` guards (the other path runs
in the next iteration of the same call).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Iterable, Sequence

Pos = tuple[int, int]


def branch_regions(points: Iterable[tuple[Pos, Sequence[tuple[Pos, Pos] | None]]], call_starts: Sequence[Pos]) -> list[list[int]]:
    """``points``: (branch point position, arm spans or None for a missing arm);
    ``call_starts``: the sorted start positions of the file's calls."""
    out: list[list[int]] = []
    for (bl, bc), arms in points:
        kept: list[list[int]] = []
        for i, arm in enumerate(arms):
            if arm is None:
                continue
            start, end = arm
            k = bisect_left(call_starts, start)
            if k < len(call_starts) and call_starts[k] < end:
                kept.append([bl, bc, i, start[0], start[1], end[0], end[1]])
        if len(kept) >= 2:
            out.extend(kept)
    return out

