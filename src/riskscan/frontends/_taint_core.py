"""Shared core of the taint extractors (:mod:`.taint_js`, :mod:`.taint_py`).

* :class:`FlowBook` -- request-value flows, the guards seen on them and the
  sink records they reach, turned into the ``extra["taint"]`` format.
* :func:`merge` / :func:`join_arms` -- taint of values that meet (an
  expression's parts, the arms of an ``if``/``else``).
* :func:`classify_regex` -- what kind of guard a validation regex is;
  :func:`capture_groups` -- the groups of a regex route (``req.params[0]``...).
* ``CONTAIN_NAME`` -- helper names that mean a containment check.
"""

from __future__ import annotations

import re
from typing import Any

from ..lazyre import lazy_re

__all__ = [
    "FlowBook", "Taint", "merge", "join_arms", "capture_groups", "admits_chars", "classify_regex", "strptime_pattern", "strips_separators", "strips_slashes", "strips_parent_prefix", "strips_dot_runs", "cleared", "STRONG_GUARDS", "WEAK_GUARDS", "NO_PARENT",
    "SEGMENT_CLEARS", "CONTAIN_NAME", "param_index",
]

STRONG_GUARDS = ("contain", "basename", "allowlist")
# a helper named for checking that a path stays under a root (`is_path_inside(p,
# root)`, `is_within_directory`, `isSubPath`, `isChildPath`, the is-path-inside package): both
# frontends record a call to one as a containment guard
CONTAIN_NAME = re.compile(r"(?i)inside|within|sub_?path|is_?sub_?dir|contained_?in|path_?is_?in|child_?path|is_?child_?of|is_?descendant")
# noparent -- every leading `..` segment cut off a normalized path
# (`path.normalize(p).replace(/^(\.\.(\/|\\|$))+/, "")`): no `..` is left, but an
# absolute path still passes; joined under a fixed base with `path.join` (which
# never lets a later absolute part replace the base) it is contained there.
# segment: a route parameter whose converter stops at `/` (Flask `<name>`,
# FastAPI/Starlette `{name}`): the server decodes `%2F` before routing, so the
# value can hold no separator and only a lone `..` climbs, one directory
# nodotdot -- every run of two or more dots removed (`p.replace(/\.\.+/g, "")`,
# `replaceAll("..", "")`): no `..` is left anywhere, as with noparent
# dotname -- an anchored regex that admits dots but no `/` or `\\`
# (`^[A-Za-z0-9_.+-]+$`): reported like dotregex, its message saying that only
# a lone `..` gets through
# lexical: `relative_to` / `is_relative_to` of a path never resolved (Taint.resolved):
# it refuses an absolute path only, `root/../x` passes it
WEAK_GUARDS = ("blocklist", "dotregex", "dotname", "segment", "noparent", "nodotdot", "lexical")
# the guards after which no `..` is left in the value (see ``contained`` in taint_js)
NO_PARENT = ("noparent", "nodotdot")
# what clears a "segment" value (no `/` in it, so only a lone `..` climbs):
# nodot -- every dot was cut off (`name.split(".")[0]`); affixed -- fixed text
# with a character other than a dot is glued to it in the same path segment
# (`"book." + name`, `f"{name}.md"`), so the segment is never `..`
SEGMENT_CLEARS = ("nodot", "affixed")


# a prefix test must name one of these to refuse anything a traversal needs
_PREFIX_GUARD_CHARS = (".", "/", "\\", "\0", "%", "~", ":")


def prefix_test_guards(prefixes: list[str | None]) -> bool:
    """Does a prefix test on the raw request value (``name.startswith(p)``)
    refuse anything a traversal needs?  One whose literals name none of
    ``.``, ``/``, ``\\``, ``~``, ``:``, ``%`` (``path.startswith('static')``)
    only picks a branch or asks for a leading name: ``static/../../etc``
    passes either way, so it is no guard at all.  An unknown prefix (a
    variable, perhaps the base) counts as one."""
    return not prefixes or any(p is None or any(c in p for c in _PREFIX_GUARD_CHARS) for p in prefixes)


def replace_guards(old: str | None) -> bool:
    """Does a plain string replace (``name.replace(old, new)``) take out
    anything a traversal needs, so that it counts as a blocklist?  One whose
    searched text names `..`, a separator, an encoding or `~`, or is made of
    dots only (``replace("../", "")``, ``replace(".", "_")``) does; one that
    swaps a file extension or a word (``fullpath.replace(".json", "_addr.csv")``)
    leaves ``../../etc/x.json`` as it was: it guards nothing.  An unknown
    searched text (a variable) counts as one."""
    if old is None:
        return True
    return any(t in old for t in ("..", "/", "\\", "\0", "%", "~")) or (old != "" and old.strip(".") == "")


# a value with no `/` or backslash in it: a one-segment route parameter, or one
# an anchored pattern admitting dots but no separator matched (`^[\w.-]+$`)
ONE_SEGMENT = ("segment", "dotname")


def cleared(kinds: set[Any]) -> bool:
    """Do these guard kinds keep the value from leaving the directory: a strong
    guard, or a one-segment value that cannot be `..` either (MobSF's bundle
    id, matched by ``^([a-zA-Z]{1}[\\w.-]{1,255})$``, in ``f'{bundle_id}.flow.txt'``)."""
    return bool(kinds & set(STRONG_GUARDS)) or (bool(kinds & set(ONE_SEGMENT)) and bool(kinds & set(SEGMENT_CLEARS)))


class Taint:
    # anchored: string building put the request value after fixed text that ends
    # with a separator (`${base}/${name}`), so it can start no absolute path;
    # resolved: the path was normalized (`Path.resolve()`, `os.path.realpath`,
    # `abspath`, `normpath`), so no `..` is left in it for a lexical test to miss
    __slots__ = ("flows", "build", "derived", "anchored", "resolved")

    def __init__(self, flows: tuple[int, ...], build: int = -1, derived: bool = False, anchored: bool = False,
                 resolved: bool = False) -> None:
        self.flows = flows
        self.build = build
        self.derived = derived
        self.anchored = anchored
        self.resolved = resolved


def merge(*ts: Taint | None) -> Taint | None:
    got = [t for t in ts if t is not None]
    if not got:
        return None
    if len(got) == 1:
        return got[0]
    flows: list[int] = []
    for t in got:
        for f in t.flows:
            if f not in flows:
                flows.append(f)
    build = next((t.build for t in got if t.build >= 0), -1)
    return Taint(tuple(flows), build, any(t.derived for t in got), all(t.anchored for t in got), all(t.resolved for t in got))


def join_arms(arms: list[Any]) -> tuple[dict[str, Taint], dict[str, str]]:
    """The variables and request aliases after exclusive arms (an ``if``'s body
    and its ``else``, each run from the state before the ``if``): a variable is
    tainted when any arm leaves it tainted (the request value survives
    whichever arm comes last in the source); a request alias stays when any
    arm keeps it, the first arm's kind winning."""
    names = {n for a in arms for n in a.vars}
    joined = {n: t for n in sorted(names) if (t := merge(*(a.vars.get(n) for a in arms))) is not None}
    reqs: dict[str, str] = {}
    for a in arms:
        for k, v in a.reqs.items():
            reqs.setdefault(k, v)
    return joined, reqs


# --------------------------------------------------------------------------- regexes


def classify_regex(pattern: str, full: bool = False, start: bool = False) -> str:
    """'allowlist' for an anchored pattern that admits no dot, slash or backslash;
    'dotname' for an anchored pattern that admits dots but no slash or backslash
    (one path segment: only a lone `..` leaves the directory); 'dotregex' for
    an anchored pattern that admits a slash or backslash; 'blocklist' for an
    unanchored pattern (it can only reject what it names).  With ``full`` (a
    ``fullmatch``, or a capture group whose bounds the rest of the pattern
    fixes) every alternative must match the whole value, so a top-level
    alternation (Tornado's ``/(|index\\.html|app\\.js)``) is read like any
    other pattern; otherwise ``^a|b$`` anchors each end for one alternative only."""
    p = pattern
    anchored_start = full or start or p.startswith("^") or p.startswith("\\A")
    anchored_end = full or (p.endswith("$") and not p.endswith("\\$")) or p.endswith("\\Z") or p.endswith("\\z")
    if not (anchored_start and anchored_end):
        return "blocklist"
    if not full and _top_level_alternation(p):
        return "dotregex"
    if not _admits_separator(p):
        return "allowlist"
    return "dotregex" if _admits_separator(p, _SLASHES) else "dotname"


# what a strptime directive matches: digits, names and AM/PM (none of them a dot or a
# separator); %z an offset (`+01:00`); the locale's whole date/time (%c, %x, %X) may hold slashes
_STRPTIME_DIRECTIVES = {"z": "[-+0-9:]+", "c": ".+", "x": ".+", "X": ".+"}


def strptime_pattern(fmt: str) -> str:
    """The anchored regex of what ``datetime.strptime(value, fmt)`` accepts: a
    value that parses is made of the format's literal characters and what its
    directives match (``%Y%m%d.%H%M%S``: digits, one dot in a fixed place)."""
    out: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == "%" and i + 1 < len(fmt):
            d = fmt[i + 1]
            out.append("%" if d == "%" else _STRPTIME_DIRECTIVES.get(d, "[0-9A-Za-z]+" if d.isalpha() else ".+"))
            i += 2
            continue
        out.append("\\s*" if ch.isspace() else re.escape(ch))
        i += 1
    return "".join(out)


def strips_separators(pattern: str, replacement: str, global_: bool = True, chars: str = "./") -> bool:
    """`name.replace(/[^a-z0-9_-]/g, '')`, `re.sub(r"[^\\w-]", "", name)`: a global
    replace of one character class that matches every '.' and '/' with a
    replacement that has neither -- what is left cannot leave the directory.
    With ``chars="/\\"`` (see ``strips_slashes``) only the separators must go."""
    if not global_ or any(ch in replacement for ch in chars) or "/" in replacement or "\\" in replacement:
        return False
    p = pattern
    if not p.startswith("["):
        return False
    end, _ = _class_admits(p, 0)
    rest = p[end:]
    if rest not in ("", "+", "*", "{1,}"):
        return False
    members = _class_members(p[1 : end - 1].removeprefix("^"))
    if members is None:
        return False
    negated = p[1:2] == "^"
    for sep in chars:
        inside = any(lo <= ord(sep) <= hi for lo, hi in members)
        if inside == negated:  # a negated class listing it, or a positive class missing it
            return False
    return True


def strips_slashes(pattern: str, replacement: str, global_: bool = True) -> bool:
    """`re.sub(r"[^A-Za-z0-9.]", "", ext)`: a global replace of one character
    class that matches every '/' and '\\' but keeps dots -- what is left is one
    path segment, which only a lone `..` takes out of its directory (the
    "segment" guard, which fixed text glued to it clears)."""
    return strips_separators(pattern, replacement, global_, "/\\")


# two dots, then optionally more (`\.\.+`, `\.\.\.*`, `\.{2,}`, `\.{2,9}`, `[.]{2}`)
_DOT = r"(?:\\\.|\[\.\]|\[\\\.\])"
_DOT_RUN = re.compile(rf"{_DOT}(?:{_DOT}[+*]?|\{{2(?:,\d*)?\}})|{_DOT}{_DOT}{_DOT}\*")


def strips_dot_runs(pattern: str, replacement: str, global_: bool) -> bool:
    r"""`.replace(/\.\.+/g, '')`: every run of two or more dots removed, so no
    `..` is left anywhere (a run the pattern takes in pieces, `/\.\./g` on
    `...`, leaves at most one dot, and what stood around a run is no dot)."""
    return global_ and replacement == "" and _DOT_RUN.fullmatch(pattern) is not None


_PARENT_PREFIX = re.compile(r"\^\((?:\?:)?\\\.\\\.\((?:\?:)?([^()]*)\)\)[+*]")


def strips_parent_prefix(pattern: str, replacement: str) -> bool:
    r"""`.replace(/^(\.\.(\/|\\|$))+/, '')`: every leading `..` segment -- one
    followed by `/`, by `\` or by the end -- cut off.  What ``path.normalize``
    returns holds `..` segments only at its front, so after this one holds none."""
    if replacement != "":
        return False
    m = _PARENT_PREFIX.fullmatch(pattern)
    if m is None:
        return False
    seen: set[str] = set()
    for alt in m.group(1).split("|"):
        if alt == "$":
            seen.add("$")
            continue
        body = alt[1:-1] if alt.startswith("[") and alt.endswith("]") and not alt.startswith("[^") else alt
        i = 0
        while i < len(body):
            ch = body[i]
            if ch == "\\" and i + 1 < len(body) and body[i + 1] in "/\\":
                seen.add(body[i + 1])
                i += 2
            elif ch == "/":
                seen.add(ch)
                i += 1
            else:
                return False  # anything else: not the idiom
            if body is alt and i < len(body):
                return False  # (outside a class, one separator per alternative)
    return {"/", "\\", "$"} <= seen


def _class_members(body: str) -> list[tuple[int, int]] | None:
    """Code-point ranges of a character class body; None when it uses a broad escape."""
    out: list[tuple[int, int]] = []
    j = 0
    while j < len(body):
        ch = body[j]
        if ch == "\\" and j + 1 < len(body):
            nxt = body[j + 1]
            j += 2
            if nxt == "w":
                out.extend([(48, 57), (65, 90), (97, 122), (95, 95)])
                continue
            if nxt == "d":
                out.append((48, 57))
                continue
            if nxt in "sWDSPHpbB":
                return None
            code = ord(nxt)
        else:
            code = ord(ch)
            j += 1
        if j < len(body) - 1 and body[j] == "-":
            hi_ch = body[j + 1]
            if hi_ch == "\\" and j + 2 < len(body):
                hi = ord(body[j + 2])
                j += 3
            else:
                hi = ord(hi_ch)
                j += 2
            out.append((code, hi))
        else:
            out.append((code, code))
    return out


def _top_level_alternation(p: str) -> bool:
    depth = 0
    in_class = False
    i = 0
    while i < len(p):
        ch = p[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False


_SEPARATORS = (".", "/", "\\")
_SLASHES = ("/", "\\")
_BROAD_ESCAPES = frozenset("WDSPH")  # \W \D \S \P{..} \H admit punctuation


def _admits_separator(p: str, seps: tuple[str, ...] = _SEPARATORS) -> bool:
    """Can the pattern match a character of ``seps`` (a dot or a separator)?"""
    i = 0
    n = len(p)
    while i < n:
        ch = p[i]
        if ch == "\\" and i + 1 < n:
            nxt = p[i + 1]
            if nxt == "." and ("." not in seps or _fixed_dot(p, i)):
                i += 2  # one literal dot in a fixed place ('\\.pdf'): it cannot form '..'
                continue
            if nxt in _BROAD_ESCAPES or nxt in seps:
                return True
            if nxt in "xu":
                code = _hex_escape(p, i)
                if code is not None and chr(code) in seps:
                    return True
            i += 2
            continue
        if ch == "[":
            end, admits = _class_admits(p, i, seps)
            if admits:
                return True
            i = end
            continue
        if ch == "." or ch == "/":
            return True
        i += 1
    return False


def admits_chars(pattern: str, chars: tuple[str, ...]) -> bool:
    """Can the pattern match one of ``chars`` (``("%",)``: an escape a
    framework decodes after matching)?"""
    return _admits_separator(pattern, chars)


def _fixed_dot(p: str, i: int) -> bool:
    """The escaped dot at p[i] ('\\.') is not repeated: not quantified, not inside a
    quantified group, and not next to another dot-admitting token."""
    after = p[i + 2 : i + 3]
    if after in ("+", "*", "{", "?") or p[i + 2 : i + 4] == "\\.":
        return False
    if i >= 2 and p[i - 2 : i] == "\\.":
        return False
    # inside a repeated group ('(\\.[a-z]+)*') it can repeat: not fixed
    j = 0
    opens: list[int] = []
    while j < i:
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "(":
            opens.append(j)
        elif c == ")" and opens:
            opens.pop()
        j += 1
    return not opens or all(not _group_repeated(p, o) for o in opens)


def capture_groups(pattern: str) -> list[str] | None:
    """The capturing groups of a regex, in order (None when groups nest)."""
    out: list[str] = []
    depth, start, i = 0, -1, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            end = pattern.find("]", i + 2)
            i = end + 1 if end > 0 else len(pattern)
            continue
        if ch == "(":
            if depth:
                return None  # nested groups: the numbering is not worth guessing
            depth += 1
            start = i + 1 if not pattern.startswith("?", i + 1) else -1
        elif ch == ")" and depth:
            depth -= 1
            if start >= 0 and depth == 0:
                out.append(pattern[start:i])
            start = -1
        i += 1
    return out


def _group_repeated(p: str, open_idx: int) -> bool:
    depth = 0
    j = open_idx
    while j < len(p):
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return p[j + 1 : j + 2] in ("+", "*", "{")
        j += 1
    return False


def _hex_escape(p: str, i: int) -> int | None:
    kind = p[i + 1]
    digits = p[i + 2 : i + 4] if kind == "x" else p[i + 2 : i + 6]
    try:
        return int(digits, 16)
    except ValueError:
        return None


def _class_admits(p: str, i: int, seps_chars: tuple[str, ...] = _SEPARATORS) -> tuple[int, bool]:
    """Scan the character class starting at p[i] == '['; return (index after it, admits one of ``seps_chars``)."""
    j = i + 1
    negated = j < len(p) and p[j] == "^"
    if negated:
        j += 1
    members: list[tuple[int, int]] = []
    broad = False
    first = True
    prev: int | None = None
    while j < len(p):
        ch = p[j]
        if ch == "]" and not first:
            j += 1
            break
        first = False
        code: int | None
        if ch == "\\" and j + 1 < len(p):
            nxt = p[j + 1]
            if nxt in _BROAD_ESCAPES:
                broad = True
                code = None
                j += 2
            elif nxt in "wdsbB":
                code = None
                j += 2
            elif nxt in "xu":
                code = _hex_escape(p, j)
                j += 4 if nxt == "x" else 6
            else:
                code = ord(nxt)
                j += 2
        else:
            code = ord(ch)
            j += 1
        if code is not None and j < len(p) - 1 and p[j] == "-" and p[j + 1] != "]":
            hi_ch = p[j + 1]
            if hi_ch == "\\" and j + 2 < len(p):
                hi = ord(p[j + 2])
                j += 3
            else:
                hi = ord(hi_ch)
                j += 2
            members.append((code, hi))
        elif code is not None:
            members.append((code, code))
        prev = code
    del prev
    seps = [ord(c) for c in seps_chars]
    inside = any(lo <= s <= hi for s in seps for lo, hi in members)
    if negated:
        # a negated class admits every separator it does not list
        return j, not all(any(lo <= s <= hi for lo, hi in members) for s in seps)
    return j, inside or broad


# --------------------------------------------------------------------------- flows
# a variable or a chain of plain property reads (`body`, `body.params`)
_DOTTED_NAME = lazy_re(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")


class FlowBook:
    """Flows (one per request value), their guards, and the sink records they reach.

    Shared by the JS and Python taint extractors; positions are passed in so it
    does not depend on the tree library."""

    def __init__(self) -> None:
        self.flows: list[dict[str, Any]] = []
        self.records: list[dict[str, Any]] = []
        self.rec_flows: list[tuple[int, ...]] = []
        self.file_rec: dict[tuple[int, ...], int] = {}
        self.by_source: dict[tuple[int, str], Taint] = {}
        self.handoffs: list[tuple[dict[str, Any], tuple[int, ...]]] = []
        self._handoff_keys: set[frozenset[tuple[str, Any]]] = set()  # (the records above, to keep one of each)
        self.copies: dict[int, list[int]] = {}  # flow -> the flows narrow() made of it

    def new_flow(self, source: str, line: int, scope: int = -1, upload: bool = False) -> Taint:
        """A flow for one request value; within one handler (``scope``) the same
        expression read twice is the same flow, so a guard on one read covers the other.
        ``upload``: the value is the client-chosen name of an uploaded file (the
        check knows which upload libraries strip directories from it)."""
        key = (scope, source.replace(" ", "").replace("?.", "."))
        if scope >= 0:
            got = self.by_source.get(key)
            if got is not None:
                return got
        self.flows.append({"source": source, "line": line, "guards": [], **({"upload": True} if upload else {})})
        t = Taint((len(self.flows) - 1,))
        if scope >= 0:
            self.by_source[key] = t
        return t

    def refine(self, t: Taint, obj_text: str, text: str, line: int, scope: int) -> Taint:
        """`params.slug` read from the flow `params`: a flow of its own, named for
        it; read from a variable that holds the flow (`body.params` after `const
        { body } = req`, `payload.files` after `const payload = req.body.params`),
        named as the request names it (`req.body.params.files`)."""
        if len(t.flows) != 1 or t.build >= 0:
            return t
        flow = self.flows[t.flows[0]]
        source = flow["source"].replace(" ", "")
        obj = obj_text.replace(" ", "")
        if source != obj:
            if not (_DOTTED_NAME.fullmatch(obj) and text.startswith(obj_text)):
                return t
            text = source + text[len(obj_text):]  # (`req.body.params` + `.files`)
        sub = self.new_flow(text, line, scope, upload=bool(flow.get("upload")))
        for g in self.flows[t.flows[0]]["guards"]:
            if g not in self.flows[sub.flows[0]]["guards"]:
                self.flows[sub.flows[0]]["guards"].append(g)
        return sub

    def derive_flow(self, source: str, line: int, t: Taint) -> Taint:
        """A new flow for a part of ``t`` (destructuring), inheriting its guards."""
        sub = self.new_flow(source, line)
        for f in t.flows:
            for g in self.flows[f]["guards"]:
                if g not in self.flows[sub.flows[0]]["guards"]:
                    self.flows[sub.flows[0]]["guards"].append(g)
        return Taint(sub.flows, t.build, t.derived, resolved=t.resolved)

    def source_of(self, t: Taint | None) -> str:
        return self.flows[t.flows[0]]["source"] if t is not None and t.flows else ""

    def guard(self, t: Taint | None, kind: str, line: int, text: str, within: tuple[int, int] | None = None) -> None:
        """The check ``kind`` holds for ``t``'s flows; with ``within`` (first,
        last line), only for the sinks and hand-offs on those lines."""
        if t is None:
            return
        g: dict[str, Any] = {"kind": kind, "line": line, "text": text}
        if within is not None:
            g["within"] = within
        todo = list(t.flows)
        while todo:  # (a check of the request value later holds for what was cut from it before)
            f = todo.pop()
            if g not in self.flows[f]["guards"]:
                self.flows[f]["guards"].append(g)
            todo.extend(self.copies.get(f, ()))

    def record(self, line: int, col: int, sink: str, kind: str, t: Taint, func_line: int) -> int:
        self.records.append({"line": line, "col": col, "sink": sink, "kind": kind, "then": [], "escapes": False, "func_line": func_line})
        self.rec_flows.append(t.flows)
        return len(self.records) - 1

    def build(self, line: int, col: int, sink: str, t: Taint, func_line: int) -> Taint:
        """A path construction from a request value: recorded, and the result remembers it."""
        # (`Path(real)` of a resolved value stays resolved; a join with anything else is not)
        return Taint(t.flows, self.record(line, col, sink, "build", t, func_line), True, resolved=t.resolved)

    def narrow(self, t: Taint | None, kind: str, line: int, text: str) -> Taint | None:
        """A value derived from ``t`` that the guard ``kind`` holds for, and the
        request value itself does not (``name.split(".")[0]``): each flow is
        copied (same source, same guards) and the copy gets the guard."""
        if t is None:
            return None
        flows: list[int] = []
        for f in t.flows:
            old = self.flows[f]
            g = {"kind": kind, "line": line, "text": text}
            self.flows.append({**old, "guards": [*old["guards"], *([g] if g not in old["guards"] else [])]})
            flows.append(len(self.flows) - 1)
            self.copies.setdefault(f, []).append(len(self.flows) - 1)
        return Taint(tuple(flows), t.build, t.derived, resolved=t.resolved)

    def compare_to_copy(self, a: Taint | None, b: Taint | None) -> None:
        """``a == b`` (or ``!=``) where one side is a value narrow() made of the
        other (``secure_filename(name) != name``): the test is what the request
        value must pass to go on, so the copy's guards hold for the value too."""
        if a is None or b is None:
            return
        for orig, other in ((a, b), (b, a)):
            for f in orig.flows:
                for c in self.copies.get(f, ()):
                    if c in other.flows:
                        for g in self.flows[c]["guards"]:
                            self.guard(Taint((f,)), g["kind"], g["line"], g["text"])

    def file_sink(self, line: int, col: int, sink: str, t: Taint, func_line: int) -> None:
        item = {"line": line, "col": col, "sink": sink}
        target = t.build if t.build >= 0 else self.file_rec.get(t.flows, -1)
        if target >= 0:
            rec = self.records[target]
            if rec["kind"] == "file" and rec["line"] == line and rec["col"] == col and rec["sink"] == sink:
                return  # the same call met again (a helper walked once per call site): no second use of the value
            if not any(i["line"] == line and i["sink"] == sink for i in rec["then"]):
                rec["then"].append(item)
            return
        self.file_rec[t.flows] = self.record(line, col, sink, "file", t, func_line)

    def through(self, since: int, func: str, line: int) -> None:
        """The records made since ``since`` were reached inside the same-file
        helper ``func``, called with the request value at ``line``."""
        for rec in self.records[since:]:
            rec.setdefault("through", {"func": func, "line": line})

    def escape(self, t: Taint | None, via: str = "") -> None:
        """The built path leaves what this file shows: handed to the project
        function ``via`` (its checks are looked at across files), or anywhere
        else (``opaque``: returned, stored, passed to a method)."""
        if t is not None and t.build >= 0:
            rec = self.records[t.build]
            rec["escapes"] = True
            if via:
                names = rec.setdefault("via", [])
                if via not in names:
                    names.append(via)
            else:
                rec["opaque"] = True

    def handoff(self, line: int, col: int, name: str, arg: int, t: Taint | None, func_line: int, into: str = "", into_line: int = 0) -> None:
        """A request value (not yet a path) passed as argument ``arg`` to
        ``name``, a function of another module: the check looks that function's
        parameter up in the module's ``params`` summaries.  ``into``: the file
        API the call's result goes to (``fs.writeFile(helper(id))``, or
        through a variable), at ``into_line`` when that is another line."""
        if t is None or t.build >= 0 or not name:
            return
        rec: dict[str, Any] = {"line": line, "col": col, "name": name, "arg": arg, "func_line": func_line}
        if into:
            rec["into"] = into
            if into_line and into_line != line:
                rec["into_line"] = into_line
        key = frozenset(rec.items())
        if key not in self._handoff_keys:
            self._handoff_keys.add(key)
            self.handoffs.append((rec, t.flows))

    def result(self, params: list[dict[str, Any]]) -> dict[str, Any]:
        """The ``extra["taint"]`` dict: sinks, and handoffs and ``params`` summaries when there are any."""
        out: dict[str, Any] = {"sinks": self.output()}
        handoffs = sorted((self._sourced(rec, flows) for rec, flows in self.handoffs), key=lambda h: (h["line"], h["col"], h["arg"]))
        if handoffs:
            out["handoffs"] = handoffs
        if params:
            out["params"] = params
        return out

    def _sourced(self, rec: dict[str, Any], flows: tuple[int, ...]) -> dict[str, Any]:
        """``rec`` with the source and the guards of its least guarded flow
        (and, as ``others``, those of the rest, least guarded first: the check
        may know more about a source than this file shows)."""
        at = _record_lines(rec)
        order = sorted(flows, key=lambda i: _strength(self.flows, i, at))
        item = dict(rec)
        item.update(self._flow_fields(order[0], at))
        others = [o for o in (self._flow_fields(i, at) for i in order[1:]) if o["source"] != item["source"] or o["source_line"] != item["source_line"]]
        if others:
            item["others"] = others
        return item

    def _flow_fields(self, i: int, at: tuple[int, list[int]]) -> dict[str, Any]:
        flow = self.flows[i]
        guards = _guards_at(flow["guards"], at)
        out = {"source": flow["source"], "source_line": flow["line"], "guards": sorted(guards, key=lambda g: (g["line"], g["kind"], g["text"]))}
        if flow.get("upload"):
            out["upload"] = True
        return out

    def output_params(self) -> list[dict[str, Any]]:
        """The sink records of a pass where each parameter of a function was a
        flow of its own (named ``param:<index>``): what a function does with
        the value a caller passes in."""
        out: list[dict[str, Any]] = []
        for sink in self.output():
            index = param_index(sink.get("source"))
            if index is None:
                continue  # (a part of a destructured parameter: `{ params }`, not the value a caller passes)
            item = dict(sink)
            item["param"] = index
            del item["source"], item["source_line"]
            out.append(item)
        return out

    def output(self) -> list[dict[str, Any]]:
        sinks = [self._sourced(rec, flows) for rec, flows in zip(self.records, self.rec_flows, strict=False)]
        sinks.sort(key=lambda s: (s["line"], s["col"]))
        return sinks


def param_index(source: Any) -> int | None:
    """The parameter a ``param:<index>`` flow of a summary pass stands for
    (``param:1``, ``param:1.name``), None for any other source, or a part of
    a destructured parameter (``param:{ params }``)."""
    src = str(source or "")
    index = src[6:].split(".", 1)[0].split(" ", 1)[0] if src.startswith("param:") else ""
    return int(index) if index.isdigit() else None


def _record_lines(rec: dict[str, Any]) -> tuple[int, list[int]]:
    """(the line of a sink or hand-off record, the lines the path it builds is
    used on when it is not handed on: those uses are where it is read)."""
    uses = [int(t["line"]) for t in rec.get("then") or []] if rec.get("kind") == "build" and not rec.get("escapes") else []
    return int(rec.get("line") or 0), uses


def _guards_at(guards: list[dict[str, Any]], at: tuple[int, list[int]]) -> list[dict[str, Any]]:
    """The guards that hold for a record at ``at`` (:func:`_record_lines`):
    those held only on some lines (``within``) when the record is on one of
    them, or all the uses of the path it builds are, without that field."""
    line, uses = at
    out: list[dict[str, Any]] = []
    for g in guards:
        within = g.get("within")
        if within is None:
            out.append(g)
        elif within[0] <= line <= within[1] or (uses and all(within[0] <= u <= within[1] for u in uses)):
            out.append({k: v for k, v in g.items() if k != "within"})
    return out


def _strength(flows: list[dict[str, Any]], i: int, at: tuple[int, list[int]]) -> tuple[int, int]:
    """Sort key of flow ``i`` among a sink's flows (at ``at``): no guard < weak
    guards only < strong guard, then the order the flows reached the sink."""
    kinds = {g["kind"] for g in _guards_at(flows[i]["guards"], at)} - {"helper"}  # (a helper's verdict is judged by the check)
    return (2 if cleared(kinds) else 1 if kinds else 0, i)
