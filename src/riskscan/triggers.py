"""The trigger prefilter: which files are worth parsing.

Each rule lists literal ``triggers`` in its rule file.  A file is parsed only
when it contains at least one token of an enabled rule; every other file is
still scanned (its suppression comments are read) but never parsed, which is
what keeps a cold scan of a large tree cheap.

Token syntax (case-sensitive):

* ``createPool`` -- a token made of identifier characters matches a whole
  identifier only: ``ping`` matches ``ws.ping()`` and ``'/ping'`` but not
  ``mapping``;
* ``throttl*`` -- a trailing ``*`` matches identifiers that start with it
  (``throttle``, ``throttler``);
* ``*ttempt*`` -- stars on both sides match anywhere, inside identifiers too
  (``failedLoginAttempts``);
* ``.close(``, ``'ws'``, ``express.static`` -- a token with any other
  character is a plain substring.
"""

from __future__ import annotations

import re
from typing import Iterable

_WORD = re.compile(r"[A-Za-z0-9_$]+")
# identifier characters on either side of a word token (JS identifiers may hold `$`)
_BEFORE = rb"(?<![A-Za-z0-9_$])"
_AFTER = rb"(?![A-Za-z0-9_$])"

# a pattern that selects every file (used to parse a file whatever its tokens)
MATCH_ALL = b"(?:)"


def _kind(token: str) -> str:
    if len(token) > 2 and token[0] == token[-1] == "*":
        return "plain"
    if token.endswith("*") and _WORD.fullmatch(token[:-1]):
        return "prefix"
    return "word" if _WORD.fullmatch(token) else "plain"


def _literal(token: str) -> str:
    kind = _kind(token)
    if kind == "prefix":
        return token[:-1]
    if kind == "plain" and len(token) > 2 and token[0] == token[-1] == "*":
        return token[1:-1]
    return token


def token_pattern(token: str) -> bytes:
    """The regular expression (bytes) for one trigger token."""
    return trigger_pattern([token]) or b""


def trigger_pattern(tokens: Iterable[str]) -> bytes | None:
    """One alternation for all tokens (None when there are none)."""
    toks = sorted({t for t in tokens if t and t != "*"})
    if not toks:
        return None
    words = sorted({_literal(t) for t in toks if _kind(t) == "word"})
    prefixes = sorted({_literal(t) for t in toks if _kind(t) == "prefix"})
    plain = sorted({_literal(t) for t in toks if _kind(t) == "plain"})
    parts: list[bytes] = []
    if words:
        parts.append(_BEFORE + b"(?:" + b"|".join(re.escape(w.encode()) for w in words) + b")" + _AFTER)
    if prefixes:
        parts.append(_BEFORE + b"(?:" + b"|".join(re.escape(p.encode()) for p in prefixes) + b")")
    parts.extend(re.escape(p.encode("utf-8")) for p in plain)
    return b"|".join(parts)


def trigger_regex(tokens: Iterable[str]) -> re.Pattern[bytes] | None:
    pattern = trigger_pattern(tokens)
    return re.compile(pattern) if pattern is not None else None
