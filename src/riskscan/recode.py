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
earlier run (riskscan.kept: authenticated, written only by scans that use
the cache).  A pattern seen for the first time is compiled as ``re`` does
and added.  Two stores:

* **The code's own patterns**, those compiled at a module's top level
  (riskscan's, the standard library's, typer's) or by riskscan.lazyre, are
  the same in every run: ``$XDG_CACHE_HOME/riskscan/regex-code-<interpreter>.bin``,
  read by every run, a few hundred patterns.
* **Every other pattern**, compiled inside a function, is often built from
  the scanned project's names (``_connect`` or ``_check_stats`` as a whole word):
  a scan of the benchmark's real corpus compiles 1,500 of them, 0.3 s of
  each re-scan.  They are kept in the project's own cache,
  ``.riskscan_cache/regex-<interpreter>.bin`` (:func:`use_project_dir`, for
  scans that use the cache), read the first time such a pattern is
  compiled, so that one project's names never weigh on another's scans.

* **Key.** The pattern and flags exactly.  One file per interpreter build
  (``sys.hexversion``) and engine (``_sre.MAGIC``): the program depends on
  both (opcodes, Unicode tables).
* **Checked by the engine.** ``_sre.compile`` validates a program before it
  makes a pattern of it; one it refuses is compiled afresh.  A kept pattern
  is the same object ``re`` would make: ``Pattern.__eq__`` compares the
  programs; :func:`install` checks that on a probe pattern first, and a
  test compares every pattern a scan of a fixture keeps.
* Patterns compiled with ``re.DEBUG`` (which print their program) and
  anything but ``str``/``bytes`` patterns go to ``re`` itself.  Where
  ``re`` has no ``_compiler`` module (Python 3.10), nothing is installed.
"""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any, Callable

import _sre

from .kept import Kept, KeptFile

MAGIC = b"riskscan-regex-code 2\n"  # (2: the code's own patterns only; the others in the project)
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


KEPT = Kept(KeptFile(MAGIC, _name, _valid, MAX_ENTRIES))  # (pattern, flags) -> program: the code's own
LOCAL: Kept | None = None  # the same, of the other patterns, in the scanned project's cache (use_project_dir)
_plain: Callable[..., Any] | None = None  # re._compiler.compile as it was
_RE_GLOBALS: Any = None  # re's module namespace: its functions' frames are skipped to find who compiles
_LAZY: Any = None  # the code of lazyre's compile-on-first-use


def use_project_dir(directory: str | None) -> None:
    """Keep the patterns compiled inside functions in ``directory`` (the
    scanned root's ``.riskscan_cache``, not a symlink), or nowhere (None: a
    scan without the cache)."""
    global LOCAL
    if directory is None:
        LOCAL = None
    elif LOCAL is None or LOCAL.store.directory != directory:
        LOCAL = Kept(KeptFile(MAGIC, lambda: "regex-" + _name().removeprefix("regex-code-"), _valid, MAX_ENTRIES, directory))


def _store() -> Kept | None:
    """Where the pattern being compiled is kept: :data:`KEPT` when the code
    compiling it is a module's top level or lazyre's, else :data:`LOCAL`."""
    frame: FrameType | None = sys._getframe(2)  # (this module's _compile, then re's _compile)
    while frame is not None and frame.f_globals is _RE_GLOBALS:
        frame = frame.f_back
    if frame is None or frame.f_code.co_name == "<module>" or frame.f_code is _LAZY:
        return KEPT
    return LOCAL


def install() -> None:
    """Make ``re`` build patterns from kept programs (once per process)."""
    global _plain, _RE_GLOBALS, _LAZY
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]  # noqa: F401  (3.11+)
    except ImportError:
        return
    if _plain is None and hasattr(_compiler, "_code") and _faithful(_compiler.compile):
        import re

        from .lazyre import _LazyPattern

        _RE_GLOBALS = vars(re)
        _LAZY = _LazyPattern.__getattr__.__code__
        _plain = _compiler.compile
        _compiler.compile = _compile


def _faithful(plain: Callable[..., Any]) -> bool:
    """Whether :func:`program` makes what ``re`` makes on this interpreter
    (a ``re`` whose internals changed keeps its own compile)."""
    probe = r"(?P<a>x+)\1|[^\W\d]y(?i:z)"
    try:
        return bool(_sre.compile(probe, *program(probe, 0)) == plain(probe, 0))
    except Exception:
        return False


def _compile(pattern: Any, flags: int = 0) -> Any:
    assert _plain is not None
    if type(pattern) not in (str, bytes) or flags & _DEBUG:
        return _plain(pattern, flags)
    kept = _store()
    if kept is None:
        return _plain(pattern, flags)
    key = (pattern, int(flags))
    prog = kept.get(key)
    if prog is not None:
        try:
            return _sre.compile(pattern, *prog)
        except Exception:  # refused by the engine's validator: compiled afresh below
            pass
    try:
        prog = program(pattern, key[1])
        got = _sre.compile(pattern, *prog)
    except Exception:  # a bad pattern (re raises its own error), or anything unforeseen: re's own way, not kept
        return _plain(pattern, flags)
    kept.put(key, prog)
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
