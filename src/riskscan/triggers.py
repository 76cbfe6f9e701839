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
from itertools import chain
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
    substring tokens are searched in the identifiers, case- and
    separator-folded first.  What an identifier says is the same in every
    file, so each distinct identifier is looked up in these tables once per
    process, for this matcher and the parts of its conjunctions at once
    (``_learn``); a file then costs a few set operations over its
    identifiers plus the checks of the bytes its identifiers call for.
    Built once per token set and process."""

    __slots__ = ("tokens", "_key", "_pattern", "_ready", "_everything", "_always", "_words", "_anchored", "_prefixed", "_suffixed", "_subs",
                 "_conj", "_seen", "_hot", "_cands", "_by_word", "_by_anchor", "_by_key", "_by_head", "_head", "_conj_ids", "_conj_always")

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
        self._tables()
        # the identifiers met so far (``_learn``; what each says is in the
        # ``_hot`` and ``_cands`` of this matcher and of its conjunctions' parts)
        self._seen: set[bytes] = set()
        self._merge()
        self._ready = True  # (last: a build cut short is redone by the next search)

    def _tables(self) -> None:
        """This matcher's own lookup tables (a conjunction's part has only
        these: the matcher whose conjunction it is learns for it)."""
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
                    part._tables()
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
        # of the identifiers met so far, those that match by themselves, and
        # those that call for literals to be looked for in the file's bytes
        self._hot: set[bytes] = set()
        self._cands: dict[bytes, list] = {}

    def _merge(self) -> None:
        """The tables of this matcher and of its conjunctions' parts in one,
        each entry naming the matcher it is for, so that a new identifier is
        looked up once for all of them."""
        self._by_word: dict[bytes, list[Triggers]] = {}
        self._by_anchor: dict[bytes, list[tuple[Triggers, dict]]] = {}
        by_key: dict[int, dict[bytes, list[tuple[Triggers, int, list]]]] = {}
        by_sub: dict[bytes, list[tuple[Triggers, list[bytes]]]] = {}
        for m in (self, *(part for parts in self._conj for part in parts)):
            for word in m._words:
                self._by_word.setdefault(word, []).append(m)
            for anchor, gates in m._anchored.items():
                self._by_anchor.setdefault(anchor, []).append((m, gates))
            for key_of, checks_of in (*m._prefixed, *m._suffixed):
                for key, checks in checks_of.items():
                    by_key.setdefault(key_of, {}).setdefault(key, []).append((m, abs(key_of), checks))
            for sub, variants in m._subs:
                by_sub.setdefault(sub, []).append((m, variants))
        self._by_key = sorted(by_key.items())
        # the substring tokens by their first bytes: only those whose head
        # is in the text are searched for
        self._head = min([_HEAD, *map(len, by_sub)])
        self._by_head: dict[bytes, list[tuple[bytes, list]]] = {}
        for sub, wanted in sorted(by_sub.items(), key=itemgetter(0)):
            self._by_head.setdefault(sub[: self._head], []).append((sub, wanted))
        # what any part of a conjunction needs: an identifier it knows, or a
        # literal it looks for in every file (a file with neither matches no
        # conjunction)
        self._conj_ids: set[bytes] = set()
        self._conj_always = sorted({lit for parts in self._conj for part in parts for lit in part._always})

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
        ids = identifiers(data)
        local = self._learn(ids)
        if self._match(data, ids, local):
            return True
        if not self._conj or (local is None and self._conj_ids.isdisjoint(ids) and not any(lit in data for lit in self._conj_always)):
            return False
        return any(all(part._match(data, ids, local) for part in parts) for parts in self._conj)

    def _learn(self, ids: set[bytes]) -> dict[Triggers, tuple[set[bytes], dict[bytes, list]]] | None:
        """Classify the identifiers of a file not met before (``_classify``)
        and remember what they say while fewer than ``MAX_SEEN`` identifiers
        are known; past that, return it for this file only."""
        new = ids - self._seen
        if not new:
            return None
        found = self._classify(new)
        if len(self._seen) >= MAX_SEEN:
            return found
        for m, (hot, cands) in found.items():
            m._hot |= hot
            for ident, checks in cands.items():
                m._cands.setdefault(ident, []).extend(checks)
            if m is not self:
                self._conj_ids |= hot
                self._conj_ids.update(cands)
        self._seen |= new  # (last: an identifier known is one whose classes are in place)
        return None

    def _classify(self, idents: set[bytes]) -> dict[Triggers, tuple[set[bytes], dict[bytes, list]]]:
        """What ``idents`` say, for each matcher they say anything to (this
        one, the parts of its conjunctions): the identifiers that match by
        themselves (a word token, or one holding a substring token: it lies
        inside one identifier, having no separator), and identifier -> the
        literals filed under it (as an anchor, or by its first or last
        bytes) to be looked for in the bytes: [(0, anchor gates) or (key
        length, checks)]."""
        found: dict[Triggers, tuple[set[bytes], dict[bytes, list]]] = {}

        def of(m: Triggers) -> tuple[set[bytes], dict[bytes, list]]:
            got = found.get(m)
            if got is None:
                got = found[m] = (set(), {})
            return got

        for word in self._by_word.keys() & idents:
            for m in self._by_word[word]:
                of(m)[0].add(word)
        for anchor in self._by_anchor.keys() & idents:
            for m, gates in self._by_anchor[anchor]:
                of(m)[1].setdefault(anchor, []).append((0, gates))
        for key_of, checks_of in self._by_key:
            cut = slice(0, key_of) if key_of > 0 else slice(key_of, None)
            if checks_of.keys().isdisjoint(map(itemgetter(cut), idents)):
                continue
            for ident in idents:
                for m, key_len, checks in checks_of.get(ident[cut], ()):
                    of(m)[1].setdefault(ident, []).append((key_len, checks))
        if self._by_head:
            joined = b" ".join(idents)
            folded = _fold(joined)
            heads, n = self._by_head, self._head
            # (a few identifiers: the heads in the text; many: every token)
            if len(folded) < _FEW_BYTES:
                subs: Iterable[list] = [heads[head] for head in heads.keys() & {folded[i : i + n] for i in range(len(folded) - n + 1)}]
            else:
                subs = heads.values()
            for sub, wanted in chain.from_iterable(subs):
                if sub in folded:
                    for m, variants in wanted:
                        for v in variants:
                            if v in joined:
                                of(m)[0].update(ident for ident in idents if v in ident)
        return found

    def _match(self, data: bytes, ids: set[bytes], local: dict | None) -> bool:
        """Does any ordinary (non-conjunction) token of this matcher occur?

        What an identifier says is the same in every file, so each is
        classified once per process (``_learn``), and a file costs a few set
        operations over its identifiers, whatever the number of tokens.
        ``local``: what ``_learn`` could not remember."""
        for lit in self._always:
            if lit in data:
                return True
        if not self._hot.isdisjoint(ids):
            return True
        # the literals called for, each once (identifiers sharing their
        # first or last bytes share the literals filed under them)
        todo: dict[int, tuple] = {}
        known = self._cands
        for ident in known.keys() & ids:
            for entry in known[ident]:
                todo[id(entry[1])] = entry
        if local is not None and (got := local.get(self)) is not None:
            if got[0]:
                return True
            for entries in got[1].values():
                for entry in entries:
                    todo[id(entry[1])] = entry
        return _verified(todo.values(), data)


# identifiers a matcher remembers (``Triggers._learn``): a few MB per process
MAX_SEEN = 1 << 17
_FEW_BYTES = 256  # identifiers' text short enough to look for the substring tokens by their heads
_HEAD = 3  # bytes of a substring token's head (``Triggers._by_head``; fewer when a token is shorter)


def _verified(found: Iterable[tuple], data: bytes) -> bool:
    """Is one of the literals an identifier calls for in ``data``?  ((0, an
    anchor's gates) or (key length, the checks of its first or last bytes))"""
    for key_len, checks in found:
        if key_len == 0:
            for gate, lits in checks.items():
                if gate in data:
                    for lit in lits:
                        if lit in data:
                            return True
        else:
            for check in checks:
                if (check in data) if isinstance(check, bytes) else check.found(data, key_len):
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
