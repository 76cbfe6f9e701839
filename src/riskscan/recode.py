"""The programs of regular expressions, kept from one run to the next.

``re`` compiles a pattern (parses it and generates the program its engine
runs) the first time a process uses it.  A warm re-scan after a one-file
edit compiles some 280 patterns (the checks', the frontends', the standard
library's), 50-70 ms of a run of under a second, although riskscan's
patterns never change between two runs.

:func:`install` replaces ``re``'s internal compile step
(``re._compiler.compile``, which ``re.compile``, ``re.search``... call when
a pattern is not in ``re``'s own cache) with one that builds the pattern
object from the program compiled for the same pattern and flags in an
earlier run, from ``$XDG_CACHE_HOME/riskscan/regex-code-<interpreter>.bin``
(riskscan.kept: authenticated, written only by scans that use the cache).
A pattern seen for the first time is compiled as ``re`` does and added.

* **Key.** The pattern and flags exactly.  One file per interpreter build
  (``sys.hexversion``) and engine (``_sre.MAGIC``): the program depends on
  both (opcodes, Unicode tables).
* **Checked by the engine.** ``_sre.compile`` validates a program before it
  makes a pattern of it; one it refuses is compiled afresh.  A kept pattern
  is the same object ``re`` would make: ``Pattern.__eq__`` compares the
  programs, and a test compares every pattern a scan compiles.
* Patterns compiled with ``re.DEBUG`` (which print their program) and
  anything but ``str``/``bytes`` patterns go to ``re`` itself.  Where
  ``re`` has no ``_compiler`` module (Python 3.10), nothing is installed.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import _sre

from .kept import Kept, KeptFile

MAGIC = b"riskscan-regex-code 1\n"
MAX_ENTRIES = 8000
_DEBUG = 128  # re.DEBUG

Program = tuple  # (flags, code, groups - 1, groupindex, indexgroup): _sre.compile's arguments after the pattern


def _name() -> str:
    tag = sys.implementation.cache_tag or sys.implementation.name
    return f"regex-code-{tag}-{sys.hexversion:x}-{_sre.MAGIC}.bin"


def _valid(key: Any, prog: Any) -> bool:
    return (
        type(key) is tuple and len(key) == 2 and type(key[0]) in (str, bytes) and type(key[1]) is int
        and type(prog) is tuple and len(prog) == 5
    )


KEPT = Kept(KeptFile(MAGIC, _name, _valid, MAX_ENTRIES))  # (pattern, flags) -> program
_plain: Callable[..., Any] | None = None  # re._compiler.compile as it was


def install() -> None:
    """Make ``re`` build patterns from kept programs (once per process)."""
    global _plain
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]  # noqa: F401  (3.11+)
    except ImportError:
        return
    if _plain is None and hasattr(_compiler, "_code"):
        _plain = _compiler.compile
        _compiler.compile = _compile


def _compile(pattern: Any, flags: int = 0) -> Any:
    assert _plain is not None
    if type(pattern) not in (str, bytes) or flags & _DEBUG:
        return _plain(pattern, flags)
    key = (pattern, int(flags))
    prog = KEPT.get(key)
    if prog is not None:
        try:
            return _sre.compile(pattern, *prog)
        except Exception:  # refused by the engine's validator: compiled afresh below
            pass
    prog = program(pattern, key[1])
    got = _sre.compile(pattern, *prog)
    KEPT.put(key, prog)
    return got


def program(pattern: str | bytes, flags: int) -> Program:
    """``_sre.compile``'s arguments for ``pattern``, as ``re._compiler.compile``
    computes them (re.error for a bad pattern, as ``re.compile``), in types
    marshal can write (the opcodes are int subclasses)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex, tuple(indexgroup))
