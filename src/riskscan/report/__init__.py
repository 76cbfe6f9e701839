"""Reporters: one module per output format, each ``render(result) -> str``.

Imported lazily so only the formats asked for are loaded.
"""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import ScanResult

FORMATS = {
    "text": "text",
    "json": "json_report",
    "markdown": "markdown",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}


def render(fmt: str, result: "ScanResult", *, color: bool = False, width: int = 100) -> str:
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    if fmt == "text":
        return module.render(result, color=color, width=width)
    return module.render(result)


def skipped_reasons(result: "ScanResult") -> list[tuple[str, int]]:
    """(reason, count) of skipped files, most common first (reasons are grouped
    by their text before any parenthesis or 'at line')."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for s in result.skipped:
        reason = s.reason.split(" (")[0].split(" at line")[0]
        counts[reason] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


# Terminal control characters from the scanned tree (in evidence lines and in
# names or skip reasons quoted in messages) are shown escaped, never sent to a
# terminal or CI log: an ESC sequence could rewrite or hide the verdict.  Bidi
# overrides/isolates are escaped too, so "Trojan Source" text stays visible.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(s: str) -> str:
    """``s`` with control characters (except newline and tab) as ``\\xNN``/``\\uNNNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", s)
