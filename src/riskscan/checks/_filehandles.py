"""What a Python function does with a file it opens for update (mode ``r+``).

``open(path, "r+b")`` can write, but whether it does depends on the handle.
A handle the function only reads changes nothing; one it reads and then
truncates to nothing is a spool being drained (swift's ``.pending`` file:
its entries are merged into the database, then the file is emptied).  That
is the relay half of an outbox, not a second store written beside the
database: dying between the two only replays the entries.
"""

from __future__ import annotations

from ..facts import CALL, IDENT, NUM, Call, FileFacts, Val

# methods of a file object that leave the file as it is
_READS = frozenset({"read", "readline", "readlines", "read1", "readinto", "readinto1"})
_QUIET = _READS | frozenset({"seek", "tell", "fileno", "flush", "close", "closed", "isatty", "readable", "seekable", "writable"})


def _zero(val: Val | None) -> bool:
    return val is not None and val.k == NUM and val.v in ("0", "0.0")


def _fileno_of(val: Val, handle: str) -> bool:
    return val.k == CALL and val.v == f"{handle}.fileno"


def only_read_or_drained(ff: FileFacts, call: Call) -> bool:
    """``call`` opens a file for update (``r+``, no ``w``/``a``/``x``), binds
    it to a local (``with open(p, "r+b") as fp``, ``fp = open(...)``), and the
    function only reads that handle, or reads it and empties it
    (``fp.truncate(0)``, ``os.ftruncate(fp.fileno(), 0)``).  A handle written,
    truncated to some other length, or handed to another call (``json.dump(d,
    fp)``, ``mmap.mmap(fp.fileno(), 0)``) is not."""
    handle = call.assigned
    if not handle.isidentifier() or not call.func:
        return False
    read = emptied = False
    for c in ff.calls:
        if c.func != call.func or c.line < call.line or c is call:
            continue
        args = list(c.args) + list(c.kwargs.values())
        if c.recv == handle:
            if c.method in _READS:
                read = True
            elif c.method == "truncate" and len(c.args) == 1 and _zero(c.args[0]):
                emptied = True
            elif c.method not in _QUIET:
                return False  # write, writelines, truncate(n), anything unknown
            continue
        if c.callee == "os.ftruncate" and c.args and _fileno_of(c.args[0], handle):
            if len(c.args) == 2 and _zero(c.args[1]):
                emptied = True
                continue
            return False
        if any((a.k == IDENT and a.v == handle) or _fileno_of(a, handle) for a in args):
            return False  # handed on: whatever the callee does is not known here
    return read or not emptied
