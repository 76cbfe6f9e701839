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
  character is a plain substring;
* ``.update(|UPDATE&*status*|*state*`` -- a conjunction: the file must
  match every ``&``-separated part, and a part matches when any of its
  ``|``-separated tokens does (a status *update*, not every ``dict.update``).

Matching is done by :class:`Triggers`, not by one regular expression: an
alternation of a few thousand literals costs Python's ``re`` about 1 MB/s,
while splitting a file into its identifiers once and answering each token
kind with set lookups runs at tens of MB/s.  ``trigger_pattern`` (one regular
expression with exactly the same meaning) is kept as the reference the
matcher is tested against and as the rule set's cache key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter
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


def _conj_parts(token: str) -> list[list[str]] | None:
    """``a|b&c`` -> [[a, b], [c]]; None for an ordinary token."""
    if "&" not in token:
        return None
    parts = [[alt for alt in part.split("|") if alt and alt != "*"] for part in token.split("&")]
    return parts if all(parts) else None


def trigger_pattern(tokens: Iterable[str]) -> bytes | None:
    """One alternation for all tokens (None when there are none)."""
    toks = sorted({t for t in tokens if t and t != "*"})
    if not toks:
        return None
    conj = {t: groups for t in toks if (groups := _conj_parts(t)) is not None}
    toks = [t for t in toks if t not in conj]
    # a conjunction: at the start of the data, look ahead for each part
    head = [b"\\A" + b"".join(b"(?=[\\s\\S]*?(?:" + (trigger_pattern(alts) or b"") + b"))" for alts in groups) for groups in conj.values()]
    if not toks:
        return b"|".join(head)
    words = sorted({_literal(t) for t in toks if _kind(t) == "word"})
    prefixes = sorted({_literal(t) for t in toks if _kind(t) == "prefix"})
    plain = sorted({_literal(t) for t in toks if _kind(t) == "plain"})
    parts: list[bytes] = []
    if words:
        parts.append(_BEFORE + b"(?:" + b"|".join(re.escape(w.encode()) for w in words) + b")" + _AFTER)
    if prefixes:
        parts.append(_BEFORE + b"(?:" + b"|".join(re.escape(p.encode()) for p in prefixes) + b")")
    parts.extend(re.escape(p.encode("utf-8")) for p in plain)
    return b"|".join(head + parts)


def trigger_regex(tokens: Iterable[str]) -> re.Pattern[bytes] | None:
    """The reference regular expression (slow on thousands of tokens: use ``triggers_for``)."""
    pattern = trigger_pattern(tokens)
    return re.compile(pattern) if pattern is not None else None


# ---------------------------------------------------------------- matcher
_ID_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$"
# every byte that cannot be part of an identifier becomes a space
_TO_SPACES = bytes(c if c in _ID_BYTES else 0x20 for c in range(256))
# anchors are grouped by their first/last bytes, at most this many
_KEY_LEN = 6
# identifiers too common to anchor a punctuated token on: the token would be
# verified in nearly every file
_COMMON = frozenset(
    "require import from def self this new const let var return async await function class data type value "
    "values request req res response app update get post put set in is not and or of for if else with as "
    "module exports default true false null None True False".split()
)


class Triggers:
    """Does a file contain any of these trigger tokens?  (see the module doc)

    ``search(data)`` has the meaning of ``re.search(trigger_pattern(tokens),
    data)``.  The file's identifiers are collected once; whole-identifier
    tokens are a set lookup; prefix tokens and punctuated tokens are looked
    up by an *anchor* (an identifier, identifier prefix or identifier suffix
    the token implies) and only then verified against the bytes (a literal
    filed under a whole identifier first through its *gate*, the identifier
    with the byte either side, which many literals share: the 38 spellings
    of ``.all(`` cost one search in a file that calls no ``.all(``);
    substring tokens are searched in the file's identifiers, case- and
    separator-folded first.  What is derived from a file's identifiers is
    computed once per file, however many conjunction parts ask
    (:class:`_Probe`).  Built once per token set and process."""

    __slots__ = ("tokens", "_key", "_pattern", "_ready", "_everything", "_always", "_words", "_anchored", "_prefixed", "_suffixed", "_subs", "_conj")

    def __init__(self, tokens: Iterable[str] | None) -> None:
        self._everything = tokens is None
        self.tokens = tuple(sorted({t for t in tokens or () if t and t != "*"}))
        self._key: bytes | None = None
        self._pattern: bytes | None = None
        # the lookup tables are built on the first search: a warm scan with
        # nothing to parse never needs them (thousands of tokens, ~30 ms)
        self._ready = False

    @property
    def key(self) -> bytes:
        """What identifies the token set (the facts cache's key): the tokens."""
        if self._key is None:
            self._key = MATCH_ALL if self._everything else b"\n".join(t.encode("utf-8", "surrogatepass") for t in self.tokens)
        return self._key

    @property
    def pattern(self) -> bytes:
        """``trigger_pattern`` of the tokens (``MATCH_ALL`` for every file)."""
        if self._pattern is None:
            self._pattern = MATCH_ALL if self._everything else (trigger_pattern(self.tokens) or b"")
        return self._pattern

    def _build(self) -> None:
        toks = self.tokens
        self._always: list[bytes] = []
        self._words: set[bytes] = set()
        # anchor identifier -> its bytes with one byte either side (a gate every
        # literal filed under it contains) -> the literals
        self._anchored: dict[bytes, dict[bytes, list[bytes]]] = {}
        prefixes: dict[bytes, list] = {}
        suffixes: dict[bytes, list] = {}
        subs: list[bytes] = []
        self._conj: list[list[Triggers]] = []
        for t in toks:
            conj = _conj_parts(t)
            if conj is not None:
                parts = [Triggers(alts) for alts in conj]
                for part in parts:
                    part._build()
                self._conj.append(parts)
                continue
            kind = _kind(t)
            lit = _literal(t)
            if kind == "word":
                self._words.add(t.encode())
            elif kind == "prefix":
                prefixes.setdefault(lit.encode(), []).append(_Starts(lit.encode()))
            elif lit != t and _WORD.fullmatch(lit):  # *substring* inside identifiers
                subs.append(lit.encode())
            else:
                self._anchor(lit, prefixes, suffixes)
        self._prefixed = _keyed(prefixes, front=True)
        self._suffixed = _keyed(suffixes, front=False)
        folded: dict[bytes, list[bytes]] = {}
        for sub in subs:
            folded.setdefault(_fold(sub), []).append(sub)
        self._subs = sorted(folded.items())
        self._ready = True  # (last: a build cut short is redone by the next search)

    def __reduce__(self) -> tuple:  # workers rebuild it from the tokens (and memoise it)
        return (triggers_for, (None if self._everything else self.tokens,))

    def _anchor(self, lit: str, prefixes: dict, suffixes: dict) -> None:
        """File a punctuated literal under the identifier it implies."""
        best = None
        for m in _WORD.finditer(lit):
            left, right = m.start() > 0, m.end() < len(lit)
            if not (left or right):
                continue
            kind = "exact" if left and right else "prefix" if left else "suffix"
            rank = (m.group() not in _COMMON, kind == "exact", len(m.group()))
            if best is None or rank > best[0]:
                best = (rank, kind, m.group().encode(), lit[max(m.start() - 1, 0) : m.end() + 1].encode("utf-8"))
        check = lit.encode("utf-8")
        if best is None:
            self._always.append(check)
        elif best[1] == "exact":
            self._anchored.setdefault(best[2], {}).setdefault(best[3], []).append(check)
        else:
            (prefixes if best[1] == "prefix" else suffixes).setdefault(best[2], []).append(check)

    def search(self, data: bytes) -> bool:
        if self._everything:
            return True
        if not self._ready:
            self._build()
        probe = _Probe(data)
        if self._match(probe):
            return True
        return any(all(part._match(probe) for part in parts) for parts in self._conj)

    def _match(self, probe: _Probe) -> bool:
        """Does any ordinary (non-conjunction) token occur?"""
        data, ids = probe.data, probe.ids
        for lit in self._always:
            if lit in data:
                return True
        if not self._words.isdisjoint(ids):
            return True
        anchored = self._anchored
        for a in anchored.keys() & ids:
            for gate, lits in anchored[a].items():
                if gate in data:
                    for lit in lits:
                        if lit in data:
                            return True
        for groups in (self._prefixed, self._suffixed):
            for key_of, by_key in groups:
                for key in by_key.keys() & probe.keys(key_of):
                    for check in by_key[key]:
                        if (check in data) if isinstance(check, bytes) else check.found(data, len(key)):
                            return True
        if self._subs:
            joined, folded = probe.joined()
            for sub, variants in self._subs:
                if sub in folded:
                    for v in variants:
                        if v in joined:
                            return True
        return False


class _Starts:
    """A prefix token (``throttl*``): an identifier starting with ``lit``.
    Found by its key alone when the key is the whole literal (the key is the
    first bytes of an identifier of the file), else by ``bytes.find`` with the
    byte before tested: the meaning of ``_BEFORE + lit``, without a regular
    expression's scan of every position."""

    __slots__ = ("lit",)

    def __init__(self, lit: bytes) -> None:
        self.lit = lit

    def found(self, data: bytes, key_len: int) -> bool:
        lit = self.lit
        if len(lit) == key_len:
            return True
        at = data.find(lit)
        while at >= 0:
            if at == 0 or data[at - 1] not in _ID_BYTES:
                return True
            at = data.find(lit, at + 1)
        return False


class _Probe:
    """One file as the matcher sees it: its identifiers, and what is derived
    from them (their first/last bytes per key length, the folded identifier
    string) computed once per file, however many conjunction parts ask."""

    __slots__ = ("data", "ids", "_keys", "_joined")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.ids = identifiers(data)
        self._keys: dict[int, set[bytes]] = {}
        self._joined: tuple[bytes, bytes] | None = None

    def keys(self, key_of: int) -> set[bytes]:
        """The identifiers' first (``key_of`` > 0) or last (< 0) ``abs(key_of)`` bytes."""
        got = self._keys.get(key_of)
        if got is None:
            cut = slice(0, key_of) if key_of > 0 else slice(key_of, None)
            got = self._keys[key_of] = set(map(itemgetter(cut), self.ids))
        return got

    def joined(self) -> tuple[bytes, bytes]:
        """The identifiers joined by spaces, as they are and folded."""
        if self._joined is None:
            joined = b" ".join(self.ids)
            self._joined = (joined, _fold(joined))
        return self._joined


def identifiers(data: bytes) -> set[bytes]:
    """The distinct identifiers of ``data``: its runs of ``[A-Za-z0-9_$]``."""
    return set(data.translate(_TO_SPACES).split())


def searchable(data: bytes) -> bytes:
    """The bytes the trigger prefilter (and the on-demand name probe) searches:
    UTF-16 (with a BOM) as UTF-8."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    return data


def _fold(b: bytes) -> bytes:
    return b.lower().translate(None, b"_")


def _keyed(anchors: dict[bytes, list], front: bool) -> list[tuple[int, dict[bytes, list]]]:
    """Regroup anchors by their first (last) bytes: one set probe per key length.
    Each group is keyed by ``n`` for the first ``n`` bytes, ``-n`` for the last."""
    out: dict[int, dict[bytes, list]] = {}
    for chunk, checks in anchors.items():
        n = min(len(chunk), _KEY_LEN)
        key = chunk[:n] if front else chunk[-n:]
        out.setdefault(n, {}).setdefault(key, []).extend(checks)
    return [(n if front else -n, d) for n, d in sorted(out.items())]


@lru_cache(maxsize=8)
def _build(tokens: tuple[str, ...] | None) -> Triggers:
    return Triggers(tokens)


def triggers_for(tokens: Iterable[str] | None) -> Triggers:
    """The matcher for these tokens (None: every file); memoised per process."""
    return _build(None if tokens is None else tuple(sorted({t for t in tokens if t and t != "*"})))
