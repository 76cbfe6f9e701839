"""Name-probe answers kept from one scan to the next.

Checks ask of files the trigger prefilter left unparsed whether their text
can define, spell or call a name (riskscan.mentions): whether a helper has
callers in a command-line module, whether an imported constant can be in a
module.  A re-scan after an edit asks the same questions of the same
unchanged files; on a large project that is tens of thousands of probes and
as many file reads, a sixth of the checks' time.  An answer depends only on
the file's content, so the answers are saved in
``.riskscan_cache/probes-v1.json`` under each file's content hash, and a scan
takes those of the files the facts cache confirmed unchanged
(``FactsCache.digest``).  A file that changed is probed again.

* **Key.** The facts cache's key (riskscan's version, the code that produces
  facts and the trigger tokens) and the size and mtime of riskscan.mentions,
  which answers the probes.  Another key: the file is ignored and rewritten.
* **Compact, read as asked.** Files share a few sets of answers (on the
  benchmark's synthetic corpus, 8,000 files share 4), so the file holds the
  distinct sets once and, per file, the first 16 hex digits of its content
  hash and the number of its set.  Reading it decodes that JSON and nothing
  more: a file's hash is compared with the facts cache's the first time a
  check asks about it (:class:`Answers`).  It used to expand every answer of
  every file up front, 45-70 ms of a re-scan of 8,000 files.
* **Never trusted.** As the facts cache: authenticated with its per-user
  HMAC secret, every field's type checked, an entry of the wrong shape left
  out; plain JSON.  Only answers drawn from a file's text are kept (the
  "yes" about a file that could not be read says nothing about it).
* **Written** only when the scan added answers (atomically and best effort),
  and not for a handful: the whole file is rewritten, so after an edit to
  one file (whose answers are asked again) saving its few new answers would
  cost more than asking them again next time (on a 8,000-file project, 6
  answers against a rewrite of 18,000).  Answers are saved when there was
  no saved file to start from or the new ones are at least
  ``SAVE_SHARE`` of all (or ``SAVE_COUNT``), so the answers about changed
  files that go stale add up to at most that share before the next save.
  ``--no-cache`` neither reads nor writes it; ``riskscan clean`` removes it
  with the rest of the cache.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .cache import read_side_file, write_side_file

if TYPE_CHECKING:
    from .cache import FactsCache
    from .mentions import ProbeKey

PROBES_FILE = "probes-v1.json"
FORMAT = "riskscan-probes-2"  # (2: shared answer sets, short hashes)
MAX_PROBES_BYTES = 64 * 1024 * 1024
# a probe's mode (riskscan.mentions.ProbeKey) as saved
_CODES: dict[Any, str] = {"call": "c", "import": "i", "pattern": "p", None: "s", True: "v", False: "n"}
_MODES = {code: mode for mode, code in _CODES.items()}
# new answers worth a rewrite of the file: this share of all answers, or this many
SAVE_SHARE = 0.01
SAVE_COUNT = 2048
DIGEST_CHARS = 16  # of a file's sha256, in hex: enough to tell its versions apart (the file is authenticated)


class Answers(dict):
    """The probe answers of a scan: as a dict, the answers found during this
    scan (``ProbeKey -> bool``, in the order found: riskscan.checkrun sends
    the helper's new ones back); :meth:`get` also answers from the saved
    sets, for files whose content is what they were saved for."""

    def __init__(self, sets: "Iterable[dict[tuple[str, Any], bool] | None]" = (), files: "dict[str, Any] | None" = None,
                 digest: "Callable[[str], str | None] | None" = None, count: int = 0) -> None:
        super().__init__()
        self._sets = list(sets)
        self._files = files or {}
        self._digest = digest
        self.count = count  # answers in the saved file (stale ones included)
        self._valid: dict[str, dict[tuple[str, Any], bool] | None] = {}

    def saved(self, path: str) -> "dict[tuple[str, Any], bool] | None":
        """The saved answers about ``path`` ((name, mode) -> bool) when its
        content is unchanged, else None."""
        try:
            return self._valid[path]
        except KeyError:
            pass
        got = None
        entry = self._files.get(path)
        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and len(entry[0]) == DIGEST_CHARS \
                and type(entry[1]) is int and 0 <= entry[1] < len(self._sets) and self._digest is not None:
            digest = self._digest(path)
            if digest is not None and digest.startswith(entry[0]):
                got = self._sets[entry[1]]
        self._valid[path] = got
        return got

    def get(self, key: "ProbeKey", default: Any = None) -> Any:  # type: ignore[override]
        got = dict.get(self, key)
        if got is None:
            saved = self.saved(key[0])
            if saved is not None:
                got = saved.get((key[1], key[2]))
        return default if got is None else got

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None  # type: ignore[arg-type]

    def all_files(self) -> "dict[str, dict[tuple[str, Any], bool]]":
        """Every file's answers, saved (when still true) and new: path -> (name, mode) -> bool."""
        out: dict[str, dict[tuple[str, Any], bool]] = {}
        for path in self._files:
            saved = self.saved(path)
            if saved:
                out[path] = dict(saved)
        for (path, name, mode), got in self.items():
            out.setdefault(path, {})[(name, mode)] = got
        return out


class ProbeMemo:
    """The saved answers of ``cache``'s scan root (see the module doc)."""

    def __init__(self, cache: "FactsCache") -> None:
        self.cache = cache
        self.path = os.path.join(cache.dir, PROBES_FILE)
        h = hashlib.sha256(cache.key.encode("ascii"))
        try:
            st = os.stat(os.path.join(os.path.dirname(os.path.abspath(__file__)), "mentions.py"))
            h.update(f"\0{st.st_size}:{st.st_mtime_ns}".encode("ascii"))
        except OSError:
            pass
        self.key = h.hexdigest()[:32]
        self._answers: Answers | None = None

    def _mac(self, body: bytes) -> str:
        assert self.cache.secret is not None
        return hmac.new(self.cache.secret, self.key.encode("ascii") + b"\n" + body, hashlib.sha256).hexdigest()

    def load(self) -> Answers:
        """The saved answers about files whose content is unchanged, read
        on the first call; later calls give the same object."""
        if self._answers is None:
            self._answers = self._read()
        return self._answers

    def _read(self) -> Answers:
        if not self.cache.enabled:
            return Answers()
        read = read_side_file(self.path, MAX_PROBES_BYTES)
        if read is None:
            return Answers()
        header, body = read
        if not (header.get("format") == FORMAT and header.get("key") == self.key and isinstance(header.get("mac"), str)
                and hmac.compare_digest(header["mac"], self._mac(body))):
            return Answers()
        try:
            doc = json.loads(body)
        except (ValueError, RecursionError):
            return Answers()
        if not (isinstance(doc, dict) and isinstance(doc.get("sets"), list) and isinstance(doc.get("files"), dict)
                and type(doc.get("count")) is int):
            return Answers()
        return Answers([_answer_set(raw) for raw in doc["sets"]], doc["files"], self.cache.digest, doc["count"])

    def save(self, memo: Answers) -> None:
        """Save the answers (what :meth:`load` gave, with this scan's new ones)
        when they grew by more than a handful (see the module's doc)."""
        if not self.cache.enabled or self.cache.secret is None:
            return
        new = len(memo)
        if new <= 0 or (memo.count and new < SAVE_COUNT and new < SAVE_SHARE * (memo.count + new)):
            return
        sets: dict[tuple, int] = {}
        files: dict[str, list[Any]] = {}
        count = 0
        by_path = memo.all_files()
        for path in sorted(by_path):
            digest = self.cache.digest(path)
            answers = [(_CODES[mode], name, got) for (name, mode), got in by_path[path].items() if mode in _CODES]
            if digest is None or not answers:
                continue
            answers.sort()
            files[path] = [digest[:DIGEST_CHARS], sets.setdefault(tuple(answers), len(sets))]
            count += len(answers)
        doc = {"count": count, "sets": [[list(a) for a in answers] for answers in sets], "files": files}
        body = json.dumps(doc, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        header = json.dumps({"format": FORMAT, "key": self.key, "mac": self._mac(body)}).encode("ascii")
        if write_side_file(self.cache.dir, PROBES_FILE, header + b"\n" + body):
            memo.count = count


def _answer_set(raw: Any) -> "dict[tuple[str, Any], bool] | None":
    """One saved set of answers, (name, mode) -> bool; None when any of it is malformed."""
    if not isinstance(raw, list):
        return None
    out: dict[tuple[str, Any], bool] = {}
    for item in raw:
        if not (isinstance(item, list) and len(item) == 3 and item[0] in _MODES and isinstance(item[1], str) and type(item[2]) is bool):
            return None
        out[(item[1], _MODES[item[0]])] = item[2]
    return out
