"""The previous results reused when every file that changed has the same facts.

riskscan.resultmemo reuses a scan's results when no input changed.  Most
edits change a file the checks judge by its facts alone, and many of them
leave those facts as they were: a comment or a docstring reworded, and above
all any edit to one of the many files no trigger token selects (their facts
are empty).  The checks would find what they found last time, so after the
edited files are analysed again the scan returns the saved results instead of
running the checks on every file.

The checks are deterministic functions of the project's facts and of what
they ask about a file's text (riskscan.mentions: could this file define,
spell or call a name?) or parse of it on demand.  A scan records every such
question with its answer (:class:`Asked`, saved with the results), so the
next one can tell whether a changed file would answer them differently.  The
saved results are reused when, for each file whose content changed since
they were computed:

* its facts are the same: its cache entry, re-encoded, is byte for byte
  what the facts cache held for its previous content (the same tag: facts,
  no trigger token, or the same skip reason);
* every question the previous scan's checks asked about it gets the same
  answer from its new text, and no check parsed it on demand;
* no finding, active or suppressed, is in it: a finding's fingerprint and
  end column come from the text of its line (``engine.build_findings``);

and every other input is what it was: the same key as the saved results'
content key (riskscan.resultmemo), worked out with the changed files'
previous content hashes as the facts cache held them, which also proves the
cache's previous entries are those of the saved results' scan.  By induction
over the checks' steps, each then reads the same facts and gets the same
answers as last time, so it reaches the same hits.

Only a few changed files are looked at (``MAX_CHANGED``), each one's
previous entry read from the cache file; anything else runs the checks.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .cache import FactsCache
    from .discovery import Discovery
    from .facts import FileFacts
    from .mentions import ProbeKey
    from .model import Skipped
    from .resultmemo import ResultMemo, SavedResults

# more changed files than this: the checks run (each would be compared and probed again)
MAX_CHANGED = 64
# the mode of a question that is a parse on demand (riskscan.project's loader)
LOAD = "load"
# a question's mode as saved
_CODES: dict[Any, str] = {"call": "c", "import": "i", "pattern": "p", None: "s", True: "v", False: "n", LOAD: "l"}
_MODES = {code: mode for mode, code in _CODES.items()}


class Asked:
    """The questions the checks asked about files' text (``ProbeKey`` ->
    answer).  Compact, as a large project asks hundreds of thousands (the
    benchmark's real corpus about 200,000 distinct ones, which as a dict of
    tuples held 32 MB at the checks' peak): paths and questions are numbered
    once, and each question asked is one 64-bit entry of ``log`` (path
    number, question number, answer), in the order asked, repeats included
    (a forked helper sends back what it added since its last message,
    riskscan.checkrun)."""

    __slots__ = ("_paths", "_path_list", "_questions", "_question_list", "log")

    def __init__(self) -> None:
        self._paths: dict[str, int] = {}
        self._path_list: list[str] = []
        self._questions: dict[tuple[str, Any], int] = {}
        self._question_list: list[tuple[str, Any]] = []
        self.log = array("q")

    def note(self, key: "ProbeKey", got: bool) -> None:
        path, name, mode = key
        p = self._paths.get(path)
        if p is None:
            p = self._paths[path] = len(self._path_list)
            self._path_list.append(path)
        question = (name, mode)
        q = self._questions.get(question)
        if q is None:
            q = self._questions[question] = len(self._question_list)
            self._question_list.append(question)
        self.log.append((p << 32) | (q << 1) | (1 if got else 0))

    def _entry(self, e: int) -> tuple["ProbeKey", bool]:
        name, mode = self._question_list[(e >> 1) & 0x7FFFFFFF]
        return (self._path_list[e >> 32], name, mode), bool(e & 1)

    def since(self, known: int) -> list[tuple["ProbeKey", bool]]:
        """The questions noted after the first ``known`` entries, each once."""
        return [self._entry(e) for e in {e >> 1: e for e in self.log[known:]}.values()]

    def merge(self, items: list[tuple["ProbeKey", bool]]) -> None:
        for key, got in items:
            self.note(key, got)

    def items(self) -> list[tuple["ProbeKey", bool]]:
        """Each question once, with its answer, in the order first asked."""
        seen: dict[int, int] = {}
        for e in self.log:
            seen.setdefault(e >> 1, e)
        return [self._entry(e) for e in seen.values()]


def recording(mentions: Callable[..., bool], asked: Asked) -> Callable[..., bool]:
    """``mentions`` (riskscan.mentions.mentions_reader), noting each question and its answer in ``asked``."""
    from .mentions import probe_key

    def probe(path: str, name: str, value: bool = False, spelled: bool = False, called: bool = False, imported: bool = False,
              pattern: bool = False) -> bool:
        got = mentions(path, name, value, spelled, called, imported, pattern)
        asked.note(probe_key(path, name, value, spelled, called, imported, pattern), got)
        return got

    return probe


def recording_loads(load: Callable[[str], "FileFacts | None"], asked: Asked) -> Callable[[str], "FileFacts | None"]:
    """The on-demand parser ``load``, noting each file it is asked for in ``asked``."""

    def loader(path: str) -> "FileFacts | None":
        asked.note((path, "", LOAD), True)
        return load(path)

    return loader


def encode(asked: Asked) -> dict[str, Any]:
    """The questions as saved: the distinct sets of (name, mode, answer) once,
    and each file's set by its number (files share a few).  Built from the
    sorted log, at the end of a scan whose facts are still in memory: no
    object per question asked (a tuple each would be tens of MB on a large
    project, at the scan's peak)."""
    log = sorted(asked.log)  # (by path, then question: each file's questions in a row)
    sets: dict[tuple[int, ...], int] = {}
    files: dict[str, int] = {}
    i = 0
    while i < len(log):
        p = log[i] >> 32
        j = i
        codes: list[int] = []
        while j < len(log) and log[j] >> 32 == p:
            code = log[j] & 0xFFFFFFFF  # (question number << 1) | answer
            if not codes or codes[-1] >> 1 != code >> 1:
                codes.append(code)
            j += 1
        files[asked._path_list[p]] = sets.setdefault(tuple(codes), len(sets))
        i = j
    del log
    rows = []
    for distinct in sets:
        qs = []
        for code in distinct:
            name, mode = asked._question_list[code >> 1]
            qs.append([name, _CODES[mode], code & 1])
        qs.sort()
        rows.append(qs)
    return {"sets": rows, "files": dict(sorted(files.items()))}


def questions_of(doc: Any, path: str) -> list[tuple[str, Any, bool]] | None:
    """The questions saved about ``path`` ((name, mode, answer); empty when
    none was asked), or None when ``doc`` is not a record of the right shape."""
    if not isinstance(doc, dict) or not isinstance(doc.get("sets"), list) or not isinstance(doc.get("files"), dict):
        return None
    i = doc["files"].get(path)
    if i is None:
        return []
    if type(i) is not int or not 0 <= i < len(doc["sets"]) or not isinstance(doc["sets"][i], list):
        return None
    out = []
    for q in doc["sets"][i]:
        if not (isinstance(q, list) and len(q) == 3 and isinstance(q[0], str) and q[1] in _MODES and q[2] in (0, 1)):
            return None
        out.append((q[0], _MODES[q[1]], bool(q[2])))
    return out


def _ask(mentions: Callable[..., bool], path: str, name: str, mode: Any) -> bool:
    if mode == "pattern":
        return mentions(path, name, pattern=True)
    if mode == "call":
        return mentions(path, name, called=True)
    if mode == "import":
        return mentions(path, name, imported=True)
    if mode is None:
        return mentions(path, name, spelled=True)
    return mentions(path, name, bool(mode))


def entry_of(res: "FileFacts | Skipped", encoded: dict[str, Any] | None, path: str) -> tuple[str, bytes]:
    """(tag, payload as bytes) of a fresh result as the facts cache stores it."""
    from .cache import _spilled, encode_facts
    from .model import Skipped

    payload: Any
    if isinstance(res, Skipped):
        tag, payload = "s", res.reason
    else:
        got = (encoded or {}).get(path)
        tag, payload = (got[1], got[2]) if got is not None else encode_facts(res)
        if not isinstance(payload, (str, bytes)):
            payload = _spilled(payload)  # (written to the spill file as it arrived)
    return tag, payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else payload


def facts_key(memo: "ResultMemo", disc: "Discovery", alias_key: bytes, sig: Callable[[str], str | None]) -> str | None:
    """The key of the saved results' inputs with each file counted by
    ``sig(path)``: its content hash, or ``skip:`` and the reason for a file
    the facts cache keeps no entry of (a minified bundle, a template that is
    no Python): the scan sees nothing of such a file but its skip and its
    text, which the checks' questions are asked of again.  None when a file
    has neither."""
    from .resultmemo import scan_key

    digests: dict[str, str] = {}
    for f in disc.files:
        got = sig(f.path)
        if got is None:
            return None
        digests[f.path] = got
    return scan_key(memo.base, disc, alias_key, digests)


def scan_sig(cache: "FactsCache", results: "dict[str, FileFacts | Skipped]") -> Callable[[str], str | None]:
    """The ``sig`` of :func:`facts_key` for a scan: the content hash the
    facts cache confirmed, else the skip of a file it keeps no entry of."""
    from .model import Skipped

    def sig(path: str) -> str | None:
        got = cache.digest(path)
        if got is None:
            res = results.get(path)
            return f"skip:{res.reason}" if isinstance(res, Skipped) else None
        return got

    return sig


def reuse_if_same_facts(
    memo: "ResultMemo",
    disc: "Discovery",
    alias_key: bytes,
    cache: "FactsCache",
    before: dict[str, tuple[str, str, bytes]],
    now: dict[str, tuple[str, bytes]],
    mentions: Callable[..., bool],
) -> "SavedResults | None":
    """The saved results when they hold for this scan (see the module
    docstring), else None.  ``before``: path -> (content hash, tag, payload)
    of the facts cache's entry of each file analysed again, before this scan
    (none for a file it kept no entry of); ``now``: path -> (tag, payload) of
    each one's fresh result; ``mentions``: the name probe this scan's checks
    would use."""
    if not now or len(now) > MAX_CHANGED:
        return None
    sigs: dict[str, str] = {}
    for path, (tag, payload) in now.items():
        old = before.get(path)
        if old is not None:
            if old[1] != tag or old[2] != payload:
                return None  # new facts
            sigs[path] = old[0]
        elif tag == "s":
            sigs[path] = "skip:" + payload.decode("utf-8", "surrogateescape")  # (kept by no cache: its skip, as the key by facts counts it)
        else:
            return None  # a new file
    key = facts_key(memo, disc, alias_key, lambda path: sigs.get(path) or cache.digest(path))
    saved = memo.read_by_facts_key(key) if key else None
    if saved is None or saved.asked is None:
        return None
    with_findings = {f.path for f in saved.findings} | {f.path for f in saved.suppressed}
    for path in now:
        if path in with_findings:
            return None
        questions = questions_of(saved.asked, path)
        if questions is None or any(mode == LOAD for _name, mode, _got in questions):
            return None
        if any(_ask(mentions, path, name, mode) != got for name, mode, got in questions):
            return None
    return saved
