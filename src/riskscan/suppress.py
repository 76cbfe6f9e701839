"""Inline suppressions.

Syntax (one per language family; documented in the README):

* JavaScript / TypeScript::

      // riskscan-ignore RS101: pool sized by pgbouncer
      // riskscan-ignore RS101, RS102: reason
      // riskscan-ignore-file RS902: CLI tool, console output is the product

* Python, YAML, Dockerfile, shell::

      # riskscan: ignore[RS101] -- pool sized by pgbouncer
      # riskscan: ignore[RS101,RS102] -- reason
      # riskscan: ignore-file[RS902] -- reason

A suppression covers findings on its own line and on the next line (so it can
trail the code or sit on the line above).  The reason is the text after ``:``
(JS) or ``--`` (Python/YAML).  The file-level form covers the whole file.
"""

from __future__ import annotations

import re

from .facts import Suppression

_ID_LIST = r"(?P<ids>RS\d{3}(?:\s*,\s*RS\d{3})*)"
_JS = re.compile(r"(?://|/\*)[ \t]*riskscan-ignore(?P<file>-file)?(?![\w-])(?:[ \t]+" + _ID_LIST + r")?(?:[ \t]*:[ \t]*(?P<reason>[^\n]*?)[ \t]*(?:\*/|$))?", re.M)
_HASH = re.compile(r"#[ \t]*riskscan:[ \t]*ignore(?P<file>-file)?(?![\w-])(?:\[" + _ID_LIST + r"\])?(?:[ \t]*--[ \t]*(?P<reason>[^\n]*?))?[ \t]*$", re.M)


def parse_suppressions(text: str, lang: str) -> list[Suppression]:
    if "riskscan" not in text:
        return []
    pattern = _JS if lang in ("js", "ts") else _HASH
    out: list[Suppression] = []
    for m in pattern.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        ids = [i.strip() for i in (m.group("ids") or "").split(",") if i.strip()]
        reason = (m.group("reason") or "").strip()
        file_level = bool(m.group("file"))
        out.append(Suppression(line=line, ids=ids, reason=reason, file_level=file_level, applies_to=[] if file_level else [line, line + 1]))
    return out
