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
from typing import TYPE_CHECKING, Any

from .cache import read_side_file, write_side_file

if TYPE_CHECKING:
    from .cache import FactsCache
    from .mentions import ProbeKey

PROBES_FILE = "probes-v1.json"
FORMAT = "riskscan-probes"
MAX_PROBES_BYTES = 64 * 1024 * 1024
# a probe's mode (riskscan.mentions.ProbeKey) as saved
_CODES: dict[Any, str] = {"call": "c", "import": "i", "pattern": "p", None: "s", True: "v", False: "n"}
_MODES = {code: mode for mode, code in _CODES.items()}
# new answers worth a rewrite of the file: this share of all answers, or this many
SAVE_SHARE = 0.01
SAVE_COUNT = 2048


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
        self._loaded = 0
        self._answers: dict[ProbeKey, bool] | None = None

    def _mac(self, body: bytes) -> str:
        assert self.cache.secret is not None
        return hmac.new(self.cache.secret, self.key.encode("ascii") + b"\n" + body, hashlib.sha256).hexdigest()

    def load(self) -> "dict[ProbeKey, bool]":
        """The saved answers about files whose content is unchanged, read
        on the first call; later calls give the same dict."""
        if self._answers is None:
            self._answers = self._read()
        return self._answers

    def _read(self) -> "dict[ProbeKey, bool]":
        memo: dict[ProbeKey, bool] = {}
        if not self.cache.enabled:
            return memo
        read = read_side_file(self.path, MAX_PROBES_BYTES)
        if read is None:
            return memo
        header, body = read
        if not (header.get("format") == FORMAT and header.get("key") == self.key and isinstance(header.get("mac"), str)
                and hmac.compare_digest(header["mac"], self._mac(body))):
            return memo
        try:
            doc = json.loads(body)
        except (ValueError, RecursionError):
            return memo
        if not isinstance(doc, dict):
            return memo
        digest = self.cache.digest
        for path, saved in doc.items():
            if not (isinstance(saved, list) and len(saved) == 2 and isinstance(saved[1], dict)) or digest(path) != saved[0]:
                continue  # (a file that changed since, or an entry of the wrong shape)
            for code, names in saved[1].items():
                if code not in _MODES or not (isinstance(names, list) and len(names) == 2 and all(isinstance(n, list) for n in names)):
                    continue
                mode = _MODES[code]
                for got, group in zip((True, False), names, strict=True):
                    for name in group:
                        if isinstance(name, str):
                            memo[(path, name, mode)] = got
        self._loaded = len(memo)
        return memo

    def save(self, memo: "dict[ProbeKey, bool]") -> None:
        """Save ``memo`` (what :meth:`load` gave, with this scan's new answers)
        when it grew by more than a handful (see the module's doc)."""
        if not self.cache.enabled or self.cache.secret is None:
            return
        new = len(memo) - self._loaded
        if new <= 0 or (self._loaded and new < SAVE_COUNT and new < SAVE_SHARE * len(memo)):
            return
        by_path: dict[str, dict[str, list[list[str]]]] = {}
        for (path, name, mode), got in memo.items():
            code = _CODES.get(mode)
            if code is not None:
                by_path.setdefault(path, {}).setdefault(code, [[], []])[0 if got else 1].append(name)
        doc: dict[str, list[Any]] = {}
        for path in sorted(by_path):
            digest = self.cache.digest(path)
            if digest is not None:
                doc[path] = [digest, by_path[path]]
        body = json.dumps(doc, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        header = json.dumps({"format": FORMAT, "key": self.key, "mac": self._mac(body)}).encode("ascii")
        if write_side_file(self.cache.dir, PROBES_FILE, header + b"\n" + body):
            self._loaded = len(memo)
