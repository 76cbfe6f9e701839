"""Finding fingerprints: stable when unrelated lines move, never line-based.

fingerprint = sha256(rule id, path, anchor, normalised text of the finding's
first line)[:20], plus an occurrence counter when the same tuple repeats in a
file.  Whitespace is removed from the text so re-indenting does not change it.
A file move changes the path and so the fingerprint (reported as new).
"""

from __future__ import annotations

import hashlib
import re

_WS = re.compile(r"\s+")


def fingerprint(rule_id: str, path: str, anchor: str, line_text: str, occurrence: int) -> str:
    norm = _WS.sub("", line_text)
    h = hashlib.sha256("\x1f".join((rule_id, path, anchor, norm, str(occurrence))).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:20]
