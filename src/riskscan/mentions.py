"""The on-demand name probe: could a file define a name?

Import resolution (constants, functions, clients defined in another module)
may need a file the trigger prefilter left unparsed.  Before such a file is
parsed on demand, :func:`mentions_reader` answers from its text whether it can
hold the name at all, so the parse is skipped for most probes.  The answer
errs towards "yes": only a file that surely cannot define the name is ruled
out.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import OrderedDict
from functools import lru_cache
from typing import Callable
from zlib import crc32

from .discovery import Discovery
from .fsutil import read_regular
from .triggers import identifiers, searchable

# texts kept by the probe (answers are memoised separately)
MENTIONS_TEXTS = 64
# a module that re-exports another wholesale can define names its text never spells
_WHOLESALE = re.compile(
    rb"import\s*\*|export\s*\*|module\.exports\s*=\s*require\b|Object\.assign\(\s*(?:module\.)?exports\b|\.\.\.\s*require\(|__getattr__|globals\(\)"
)
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
# a name a file's identifier index can rule out: ASCII identifier characters only
_ASCII_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")

# Python lines that can bind a module-level value ``NAME``, as the text before
# (head) and after (tail) one occurrence of the name on its line:
#   an import:                  ``from x import (a, NAME)`` / ``import NAME``
#   an assignment target:       ``NAME = ...``, ``A, NAME = ...``, ``NAME: int = ...``
#   a line of an import list:   ``    NAME,`` / ``    x.y as NAME  # comment``
# Name-independent, so nothing is compiled per name (a few hundred names on a
# large project cost about 0.1 s of regular-expression compilation).
_IMPORT_HEAD = re.compile(rb"[ \t]*(?:from[ \t][^\n]*)?import[ \t][^\n]*")
_TARGET_HEAD = re.compile(rb"[\w.,()\[\] \t*]*")
_TARGET_TAIL = re.compile(rb"[\w.,()\[\] \t*]*(?::[^\n=]*)?=(?!=)")
_LIST_HEAD = re.compile(rb"[ \t]+(?:[\w.]+[ \t]+as[ \t]+)?")
_LIST_TAIL = re.compile(rb"[ \t]*,?[ \t]*(?:#[^\n]*)?")
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$")
_ATTR_BYTES = _WORD_BYTES | {ord(".")}


def py_binds(data: bytes, name: bytes) -> bool:
    """Is there a line in ``data`` (Python source) that can bind ``name`` as a
    module-level value (an import, an assignment target, a line of a
    parenthesised import list)?  ``name`` must be an identifier."""
    size, n = len(data), len(name)
    i = data.find(name)
    while i >= 0:
        end = i + n
        start = data.rfind(b"\n", 0, i) + 1
        stop = data.find(b"\n", end)
        if stop < 0:
            stop = size
        head, tail = data[start:i], data[end:stop]
        # a whole word that is not an attribute (``self.NAME = ...``)
        if (i == 0 or data[i - 1] not in _ATTR_BYTES) and (end == size or data[end] not in _WORD_BYTES):
            if _IMPORT_HEAD.fullmatch(head) or (_TARGET_HEAD.fullmatch(head) and _TARGET_TAIL.match(tail)):
                return True
        if _LIST_HEAD.fullmatch(head) and _LIST_TAIL.fullmatch(tail):
            return True
        i = data.find(name, i + 1)
    return False


# text patterns a probe can be asked by name (``pattern=True``): the name is
# the key of its answers, so a pattern's meaning must never change under it
PATTERNS: dict[str, re.Pattern[bytes]] = {
    # what a click group's decorator is written as: `@click.group(...)`,
    # `@cli.group()`, `@group()`, or an alias of click's `group` (`from click
    # import group as grp`, `command_group = click.group`)
    "click-group": re.compile(rb"(?m)@[ \t]*(?:[\w.]*\.)?group(?![\w$])|(?<![\w$])group[ \t]+as(?![\w$])|=[ \t]*(?:[\w.]*\.)?group[ \t]*(?:#[^\n]*)?\r?$"),
}

# the word each pattern's every match holds as a whole identifier: a text
# without it needs no regular expression, and a file's identifier index
# (word_index) can rule the pattern out
PATTERN_WORDS: dict[str, bytes] = {"click-group": b"group"}

# an import statement's keyword before a name on its line (``import a.NAME``,
# ``from .NAME import x``, ``from a import b, NAME``, ``try: import NAME``)
_IMPORT_WORD = re.compile(rb"(?<![\w$])(?:import|from)(?![\w$])")


def py_imports(data: bytes, name: bytes) -> bool:
    """Can an import statement of ``data`` (Python source) spell the word
    ``name``: on a line after ``import`` or ``from`` (also a line continued
    with a backslash from one), or in the parenthesised name list of a
    ``from ... import (...)``?  Errs towards yes: a comment saying "import"
    counts too."""
    pattern = _word_pattern(name)
    for m in pattern.finditer(data):
        i = m.start()
        start = data.rfind(b"\n", 0, i) + 1
        # a logical line continued from the lines above
        while data[max(start - 2, 0):start] == b"\\\n" or data[max(start - 3, 0):start] == b"\\\r\n":
            start = data.rfind(b"\n", 0, start - 2) + 1
        if _IMPORT_WORD.search(data, start, i):
            return True
        paren = data.rfind(b"(", 0, i)
        if paren >= 0 and b")" not in data[paren:i] and _IMPORT_WORD.search(data, data.rfind(b"\n", 0, paren) + 1, paren):
            return True
    return False


@lru_cache(maxsize=4096)
def _word_pattern(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"(?<![\w$])" + re.escape(name) + rb"(?![\w$])")


@lru_cache(maxsize=4096)
def _call_pattern(name: bytes) -> re.Pattern[bytes]:
    """The word right before a call's parenthesis (or a JS tagged template's
    backtick), or closing the parenthesised callee of compiled CommonJS, which
    TypeScript and Babel write ``(0, data_1.parseDataFile)(path)`` for an
    imported function's ``parseDataFile(path)``."""
    return re.compile(rb"(?<![\w$])" + re.escape(name) + rb"\s*(?:[(`]|\)\s*\()")


def word_index(data: bytes) -> array:
    """The CRC-32 of each distinct identifier of ``data`` (runs of
    ``[A-Za-z0-9_$]``, what the probes' word boundaries delimit), sorted: 4
    bytes a word, where the text would be tens."""
    return array("I", sorted(set(map(crc32, identifiers(data)))))


def _indexed(index: array, h: int) -> bool:
    """Can the file whose :func:`word_index` is ``index`` spell a whole
    identifier whose CRC-32 is ``h``?  (A collision says yes: the text then
    decides.)"""
    i = bisect_left(index, h)
    return i < len(index) and index[i] == h


def _wholesale(entry: list) -> bool:
    """Does the text of a ``[text, wholesale]`` entry re-export other modules
    wholesale (worked out on first use)?"""
    if entry[1] is None:
        entry[1] = _WHOLESALE.search(entry[0]) is not None
    return entry[1]


# A probe's key: (path, name, mode); mode "call" (``called``), None
# (``spelled``), else the ``value`` flag.  An answer depends only on the
# file's content (riskscan.probememo keeps them from one scan to the next).
ProbeKey = tuple[str, str, "bool | str | None"]


def probe_key(path: str, name: str, value: bool = False, spelled: bool = False, called: bool = False, imported: bool = False,
              pattern: bool = False) -> ProbeKey:
    """The key of a probe asked with :func:`mentions_reader`'s arguments."""
    return (path, name, "pattern" if pattern else "call" if called else "import" if imported else None if spelled else value)


def mentions_reader(disc: Discovery, max_bytes: int, memo: dict[ProbeKey, bool] | None = None) -> Callable[..., bool]:
    """``(path, name, value)`` -> could the file define ``name``: the word is
    in its text (for ``value``, in a Python module, on a line that can bind a
    module-level value), or it re-exports other modules wholesale, or it
    cannot be read (then the parser decides).  Lets on-demand parsing skip
    modules that cannot hold what an import lookup wants.  With
    ``spelled=True``: does its text spell the word at all (a wholesale
    re-export does not matter then; an unreadable file still answers yes).
    With ``called=True``: could the file call a function of that name, its
    text spelling the word right before a parenthesis (``name(``,
    ``obj.name (``); a module that only mentions the word holds no call of
    it (every CommonJS module spells ``exports``, the name of each function
    assigned to ``module.exports``).  With ``imported=True``: could an
    import statement of the file name it (:func:`py_imports`; for Python
    modules, else as ``spelled``).  With ``pattern=True``, ``name`` is the
    key of one of :data:`PATTERNS`: does the text match it?
    ``memo``: answers known already (riskscan.probememo), filled with the
    new ones: answers drawn from a file's text only (the "yes" of a file
    that cannot be read is remembered apart).
    """
    by_path = {f.path: f for f in disc.files}
    # the texts of the files asked about last (a few: a large project must not
    # keep every probed module in memory; answers are remembered in ``memo``),
    # with whether each re-exports other modules wholesale (None until a probe
    # needs it: most probes ask whether a name is spelled or called, which a
    # wholesale re-export does not change, and the test reads the whole text)
    texts: OrderedDict[str, list] = OrderedDict()
    # every file read twice: its identifier index (word_index) and whether it
    # re-exports wholesale (None until known).  A probe of a word the file
    # never spells as an identifier is answered from it without reading the
    # file again: most probes are, as each name asked is a new reading of
    # every file otherwise (212,000 reads on the bench's 8,000-file corpus).
    # (A file asked about only while its text is kept needs none.)
    indexes: dict[str, list] = {}
    read: set[str] = set()
    # name (a pattern's with a NUL before) -> the CRC-32 of the word an index
    # can rule it out by (an ASCII identifier, a pattern's PATTERN_WORDS), else -1
    hashes: dict[str, int] = {}
    answers: dict[ProbeKey, bool] = memo if memo is not None else {}
    unreadable: set[str] = set()

    def mentions(path: str, name: str, value: bool = False, spelled: bool = False, called: bool = False, imported: bool = False,
                 pattern: bool = False) -> bool:
        key = probe_key(path, name, value, spelled, called, imported, pattern)
        got = answers.get(key)
        if got is not None:
            return got
        if path in unreadable:
            return True
        known = indexes.get(path)
        if known is not None:
            hkey = "\0" + name if pattern else name
            h = hashes.get(hkey)
            if h is None:
                if pattern:
                    h = crc32(PATTERN_WORDS[name]) if name in PATTERN_WORDS else -1
                else:
                    h = crc32(name.encode()) if _ASCII_NAME.fullmatch(name) else -1
                hashes[hkey] = h
            if h >= 0 and not _indexed(known[0], h):
                # not spelled as an identifier: no probe but a value's (by a wholesale re-export) can say yes
                got = False if spelled or called or imported or pattern else known[1]
                if got is not None:
                    answers[key] = got
                    return got
        sf = by_path.get(path)
        if path in texts:
            texts.move_to_end(path)
        else:
            data: bytes | None = None
            if sf is not None:
                try:
                    data = searchable(read_regular(sf.abspath, max_bytes + 1))
                except OSError:
                    data = None
            if data is None:
                unreadable.add(path)  # (then the parser decides)
                return True
            texts[path] = [data, None]
            while len(texts) > MENTIONS_TEXTS:
                texts.popitem(last=False)
            if path in read:
                if known is None:
                    indexes[path] = [word_index(data), None]
            else:
                read.add(path)
        entry = texts[path]
        data = entry[0]
        word = name.encode()
        if pattern:
            got = PATTERN_WORDS.get(name, b"") in data and PATTERNS[name].search(data) is not None
        elif not spelled and not called and not imported and _wholesale(entry):
            got = True
        elif word not in data:  # (cheap: most probes end here; also for a module's file stem, `request-external`)
            got = False
        elif not _NAME.fullmatch(name):
            got = True  # spelled, but no word boundaries to test
        elif called:
            got = _call_pattern(word).search(data) is not None
        elif imported and sf is not None and sf.kind == "py":
            got = py_imports(data, word)
        elif value and not spelled and sf is not None and sf.kind == "py":
            got = py_binds(data, word)
        else:
            got = _word_pattern(word).search(data) is not None
        if entry[1] is not None and path in indexes:
            indexes[path][1] = entry[1]
        answers[key] = got
        return got

    return mentions
