"""Regular expressions compiled on first use.

A scan imports every check module, and their module-level patterns cost
about a tenth of a second to compile, every run; a warm re-scan of a project
with one file changed uses a fifth of them (the rest belong to checks whose
code paths that project never reaches). ``lazy_re`` defers the compile to the
first use of the pattern; from then on its methods are the compiled
pattern's own bound methods, held in the instance, so a hot pattern costs no
more per call than a compiled one.
"""

from __future__ import annotations

import re
from typing import Any, cast

# what the checks use of a compiled pattern (all of re.Pattern's public API)
_FORWARDED = ("search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split", "scanner",
              "pattern", "flags", "groups", "groupindex")


class _LazyPattern:
    """Stands for ``re.compile(pattern, flags)`` until first used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only runs for what the instance does not hold yet
        if name not in _FORWARDED:
            raise AttributeError(name)
        compiled = re.compile(*self._args)
        for attr in _FORWARDED:
            self.__dict__[attr] = getattr(compiled, attr)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_re({self._args[0]!r})"


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used.  Use it for
    module-level patterns only, and only with the pattern's own methods and
    attributes (not as an argument to ``re.search``, nor in ``isinstance``)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
