"""Per-file limits: what bounds the work riskscan does on any one file.

Every limit turns into a ``skipped`` entry with a reason, never into a crash
or a hang.  The defaults are chosen so that ordinary source never meets them.

=====================  =====================================  ===========================================
limit                  default                                how to change it
=====================  =====================================  ===========================================
bytes per file         1 MiB (larger files: skipped,          ``--max-bytes N`` / ``max-bytes = N`` in the
                       counted as excluded)                   config file
time per file          5 s + 15 s per MiB of the file, of     ``RISKSCAN_FILE_TIMEOUT=SECONDS`` (the base;
                       CPU time (a 1 MiB file gets 20 s)      per MiB is 3x the base; ``0`` = no budget)
nesting, Python        100 brackets / indentation levels,     ``frontends/python.py`` ``MAX_NESTING``,
                       500 operators in one expression,       ``MAX_CHAIN``, ``MAX_ELIFS``
                       1,000 branches of one if/elif chain
nesting, JS/TS         400 levels                             ``frontends/javascript.py`` ``_MAX_NEST``
nesting, YAML          200 levels (block or flow); aliases    ``frontends/compose.py`` ``MAX_DEPTH``,
                       expand to at most 20,000 values + 4    ``MAX_FLOW_DEPTH``, ``MAX_VALUES``,
                       per character (250,000 in all);        ``MAX_DOCUMENTS``
                       64 documents per file
.env entries           5,000 per file                         ``frontends/compose.py`` ``MAX_ENV_ENTRIES``
isolation              Python files over 64 KiB or looking    ``RISKSCAN_ISOLATE_BYTES=N`` (the 256 KiB;
                       deeply nested, and any parsed file     Python uses the smaller of N and 64 KiB)
                       over 256 KiB, are parsed in a child
                       process
.gitignore patterns    more than 8 wildcards: dropped;        ``discovery.py`` ``_MAX_WILDCARDS``,
                       more than 2: matched under a 0.25 s    ``_GUARD_WILDCARDS``, ``_MATCH_BUDGET``
                       budget per path (overrun: that
                       .gitignore is disabled, with a warning)
time per rule          60 s + 50 ms per parsed file, of CPU   ``RISKSCAN_CHECK_TIMEOUT=SECONDS`` (the
                       time (a project of 2,000 parsed        base; per file is 1/1200 of the base;
                       files: 160 s); not a per-file limit:   ``0`` = no budget)
                       an overrun leaves out that rule's
                       findings, with a warning
=====================  =====================================  ===========================================

Time budget: the budget is CPU time, so a scan on a busy machine (a loaded CI
runner, several scans at once) skips the same files as a scan alone; a
skipped file can hide a mitigation another file's finding depends on.  It is
enforced twice.  In the scanning process (and in ``--jobs`` workers) a CPU
timer interrupts the Python-level work of a frontend (tree walks, fact
building) once the budget is spent.  A native parser cannot
be interrupted that way, which is why files that could make one slow or crash
it are *isolated*: they are parsed in a supervised child process that is
killed when it overruns the budget (1.5x + 2 s of CPU time, measured from
``/proc`` on Linux; wall time elsewhere, and at most 4x that in wall time for
a child that waits instead of computing) or dies (libcst's native parser
overflows its stack on code nested thousands of levels deep, which is a
segfault, not an exception).  The file is then listed as skipped ("parser
crashed (SIGSEGV)" / "analysis took longer than N s") and the scan goes on.
Ordinary files never pay for a process: the isolation check is a few
``bytes.count`` calls.

Time per rule: the checks run once the facts are in, over all of them, so a
file shaped to make one of them slow (thousands of units that each look at
all the others) is not skipped by the per-file budget.  Each rule's check
gets a CPU-time budget of its own instead (:func:`check_budget`, enforced in
riskscan.checkrun with the same timer): ordinary projects use a small part
of it (the largest rule on the benchmark's 8,000-file real corpus takes
about 6 s), and a rule that overruns it is stopped, its findings are left
out and the report's warnings say so, while the other rules run as usual.
"""

from __future__ import annotations

import os
import re
from itertools import accumulate

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = MIB

DEFAULT_FILE_TIMEOUT = 5.0  # seconds for a tiny file
TIMEOUT_PER_MIB_FACTOR = 3.0  # + 3x the base per MiB of source
HARD_KILL_FACTOR = 1.5  # an isolated child is killed after 1.5x the budget + grace
HARD_KILL_GRACE = 2.0

ISOLATE_BYTES_PY = 64 * 1024
ISOLATE_BYTES = 256 * 1024
# Python shapes that can make libcst's native parser recurse deeply (each is far
# beyond what hand-written code has, and far below what crashes it)
_PY_DEPTH = 40  # bracket depth (also caught by the frontend's pre-scan at 100)
_PY_ELIF = 300  # elif chains nest in libcst's tree (segfault near 10,000)
_PY_KEYWORDS = 200  # lambda / not / await / if-else chains on one logical line
_PY_LINE = 20_000  # characters in one line
_PY_INDENT = 160  # spaces (or 20 tabs) of indentation

_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"()[]{}")
_DEPTH_VALUE = {ord("("): 1, ord("["): 1, ord("{"): 1, ord(")"): -1, ord("]"): -1, ord("}"): -1}
_INDENT = re.compile(rb"^(?:[ \t]{%d,}|\t{%d,})\S" % (_PY_INDENT, _PY_INDENT // 8), re.M)


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if value >= 0 else default


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default


def file_timeout_base() -> float:
    """Seconds a tiny file may take (``RISKSCAN_FILE_TIMEOUT``; 0 = no budget)."""
    return _env_float("RISKSCAN_FILE_TIMEOUT", DEFAULT_FILE_TIMEOUT)


def time_budget(size: int, base: float | None = None) -> float:
    """Seconds one file of ``size`` bytes may take (0 = unlimited)."""
    base = file_timeout_base() if base is None else base
    if base <= 0:
        return 0.0
    return base * (1.0 + TIMEOUT_PER_MIB_FACTOR * size / MIB)


DEFAULT_CHECK_TIMEOUT = 60.0  # seconds of CPU time for one rule's check
CHECK_TIMEOUT_FILE_SHARE = 1 / 1200  # + this share of the base per parsed file (50 ms with the default base)


def check_budget(parsed_files: int) -> float:
    """Seconds of CPU time one rule's check may take on a project of
    ``parsed_files`` parsed files (``RISKSCAN_CHECK_TIMEOUT``, the base;
    0 = unlimited)."""
    base = _env_float("RISKSCAN_CHECK_TIMEOUT", DEFAULT_CHECK_TIMEOUT)
    if base <= 0:
        return 0.0
    return base * (1.0 + CHECK_TIMEOUT_FILE_SHARE * max(0, parsed_files))


def hard_deadline(budget: float) -> float:
    """When a supervisor kills an isolated child (0 = never)."""
    return budget * HARD_KILL_FACTOR + HARD_KILL_GRACE if budget > 0 else 0.0


def max_bracket_depth(data: bytes) -> int:
    """Deepest ()/[]/{} nesting, counting brackets in strings and comments too
    (an over-estimate is fine: it only decides where a file is parsed)."""
    only = data.translate(None, _NOT_BRACKETS)
    if len(only) < 2:
        return len(only)
    return max(0, max(accumulate(map(_DEPTH_VALUE.__getitem__, only))))


# minified or bundled JavaScript: generated, not the service's source.  Code
# splitting emits many small chunks (Vite's ``assets/name-<hash>.js``, 2-10 KB
# on one line), so the size floor only keeps a tiny file with one long line
# (a hand-written one-liner) from counting as a bundle
MINIFIED_MIN_BYTES = 1024
MINIFIED_LINE = 300  # average characters per line


def looks_minified(kind: str, data: bytes) -> bool:
    """A JS/TS file whose lines average over ``MINIFIED_LINE`` characters
    (bundles, ``*.min.js`` under another name): generated code, not analysed.
    Hand-written source averages 30-40 characters a line.  An inline source
    map (``//# sourceMappingURL=data:...``, the whole original source
    base64-encoded on one line, which Babel and tsc append to each file they
    compile) is not code and does not count: the compiled module beside it is
    as readable as its source."""
    if kind not in ("js", "ts") or len(data) < MINIFIED_MIN_BYTES:
        return False
    lines = data.count(b"\n") + 1
    if len(data) <= MINIFIED_LINE * lines:
        return False
    at = data.rfind(b"sourceMappingURL=data:")
    if at < 0:
        return True
    start = data.rfind(b"\n", 0, at) + 1
    if data[start:at].strip() not in (b"//#", b"//@", b"/*#", b"/*@"):
        return True  # the words inside code or a string, not the map comment
    end = data.find(b"\n", at)
    rest = len(data) - ((len(data) if end < 0 else end) - start)
    return rest >= MINIFIED_MIN_BYTES and rest > MINIFIED_LINE * max(1, lines - 1)


def isolated_by_size(kind: str, size: int) -> bool:
    """Is a file of this kind and size parsed in a supervised child whatever
    its content?  (The size part of :func:`needs_isolation`.)"""
    limit = _env_int("RISKSCAN_ISOLATE_BYTES", ISOLATE_BYTES)
    return size > limit or (kind == "py" and size > min(limit, ISOLATE_BYTES_PY))


def needs_isolation(kind: str, data: bytes) -> bool:
    """Should this file be parsed in a supervised child process?

    True for files a native parser might crash on or spend unbounded time in;
    cheap (C-speed scans of the bytes) and False for ordinary source.
    """
    if isolated_by_size(kind, len(data)):
        return True
    if kind != "py":
        return False
    if data.count(b"elif") > _PY_ELIF:
        return True
    if data.count(b"lambda") + data.count(b"not ") + data.count(b"await ") + data.count(b" else ") > _PY_KEYWORDS:
        return True
    if len(data) > _PY_LINE and max(map(len, data.splitlines())) > _PY_LINE:
        return True
    if (b" " * 64 in data or b"\t" * 16 in data) and _INDENT.search(data):
        return True
    return max_bracket_depth(data) > _PY_DEPTH
