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
  bytecode magic number, as ``__pycache__``) and per group of modules:
  libcst's syntax tree (``dataclass-code-libcst-...``, read only by the
  processes that parse Python) apart from the rest (riskscan's own classes,
  which every scan makes): 1 MB of libcst code cost the scan's own process
  10-15 ms to authenticate and load for nothing.
* Authenticated, written only by scans that use the cache, atomic and
  merged: riskscan.kept.
"""

from __future__ import annotations

import builtins
import sys
import types
from typing import Any

from .kept import Kept, KeptFile

MAGIC = b"riskscan-dataclass-code 2\n"  # (2: libcst kept apart)
MAX_ENTRIES = 8000
GROUPS = ("libcst",)  # top-level packages whose classes' code is kept apart; the rest is kept together


def _store(group: str) -> KeptFile:
    def name() -> str:
        from importlib._bootstrap_external import MAGIC_NUMBER  # (loaded at start-up: the frozen importlib)

        tag = sys.implementation.cache_tag or sys.implementation.name
        return f"dataclass-code-{group + '-' if group else ''}{tag}-{MAGIC_NUMBER.hex()}.bin"

    return KeptFile(MAGIC, name, lambda k, v: isinstance(k, str) and isinstance(v, types.CodeType), MAX_ENTRIES)


KEPT = {group: Kept(_store(group)) for group in ("", *GROUPS)}


def install() -> None:
    """Make :mod:`dataclasses` run cached code (once per process; where its
    module already has an ``exec`` of its own, nothing is changed)."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is None:
        dataclasses.exec = _exec  # type: ignore[attr-defined]


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    if isinstance(source, str):
        source = _compiled(source, globals.get("__name__") if isinstance(globals, dict) else None)
    builtins.exec(source, globals, locals)


def _compiled(text: str, module: Any = None) -> types.CodeType:
    """The code of ``text``, kept with the code of ``module``'s group
    (dataclasses runs the methods' text in the class's module)."""
    top = module.partition(".")[0] if isinstance(module, str) else ""
    kept = KEPT[top if top in KEPT else ""]
    code = kept.get(text)
    if code is None:
        code = compile(text, "<string>", "exec", dont_inherit=True)
        kept.put(text, code)
    return code
