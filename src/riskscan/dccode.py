"""The compiled methods of dataclasses, kept from one run to the next.

Creating a dataclass compiles the methods :mod:`dataclasses` writes for it
(``__init__``, ``__repr__``, ``__eq__``...) from source text.  libcst
defines its syntax tree as a few hundred frozen dataclasses: compiling their
methods is more than half of its import, 0.1-0.2 s that the pre-warmed child
of a warm re-scan (riskscan.prewarm) and each worker of a cold one pay
before they can parse a file; riskscan's own dataclasses (the facts, the
checks' records) cost the scan's process some 20-40 ms more.

:func:`install` gives the :mod:`dataclasses` module an ``exec`` of its own
that runs the code object compiled for the same text in an earlier run
(compiled as ``exec`` itself would: no ``__future__`` flags), from
``$XDG_CACHE_HOME/riskscan/dataclass-code-<interpreter>.bin``; a text seen
for the first time is compiled as before and added.

* **Key.** The text itself: a code object is only ever run for exactly the
  text it was compiled from.  One file per interpreter (its cache tag and
  bytecode magic number, as ``__pycache__``).
* Authenticated, written only by scans that use the cache, atomic and
  merged: riskscan.kept.
"""

from __future__ import annotations

import builtins
import sys
import types
from typing import Any

from .kept import KeptFile

MAGIC = b"riskscan-dataclass-code 1\n"
MAX_ENTRIES = 8000


def _name() -> str:
    from importlib._bootstrap_external import MAGIC_NUMBER  # (loaded at start-up: the frozen importlib)

    tag = sys.implementation.cache_tag or sys.implementation.name
    return f"dataclass-code-{tag}-{MAGIC_NUMBER.hex()}.bin"


STORE = KeptFile(MAGIC, _name, lambda k, v: isinstance(k, str) and isinstance(v, types.CodeType), MAX_ENTRIES)

_code: dict[str, types.CodeType] | None = None  # text -> code; None until first needed
_used: set[str] = set()
_new = 0
_writes = False


def install() -> None:
    """Make :mod:`dataclasses` run cached code (once per process; where its
    module already has an ``exec`` of its own, nothing is changed)."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is None:
        dataclasses.exec = _exec  # type: ignore[attr-defined]


def allow_writes() -> None:
    """Let this process save what it compiled (a scan that uses the cache)."""
    global _writes
    _writes = True


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    if isinstance(source, str):
        source = _compiled(source)
    builtins.exec(source, globals, locals)


def _compiled(text: str) -> types.CodeType:
    global _code, _new
    if _code is None:
        _code = STORE.read()
    code = _code.get(text)
    if code is None:
        code = _code[text] = compile(text, "<string>", "exec", dont_inherit=True)
        _new += 1
    _used.add(text)
    return code


def save() -> None:
    """Save the code compiled in this process (when writes are allowed and
    there is something new)."""
    global _new
    if _writes and _new and _code is not None and STORE.save(_code, _used):
        _new = 0
