"""The previous scan's results, reused when nothing the scan reads has changed.

A warm scan takes every file's facts from the facts cache
(:mod:`riskscan.cache`) but still runs every project-level check on all of
them, so a change in one file is judged against all the others.  When *no*
input has changed since the last scan of the same root, the checks can only
find what they found then: the scan returns those results
(``.riskscan_cache/results-v1.json``) without reading the facts or running
the checks, which is what makes a re-scan of an unchanged tree (a hook or a
CI job run again, an editor saving a file it did not change) near-instant.

* **Key.** Everything the checks and the reports read: the scanned root, the
  path, kind and stat signature (size, mtime, inode: the facts cache's change
  test) of every discovered file, what discovery skipped and warned about,
  the service roots and what the scan read from their manifests
  (``package.json`` dependencies, scripts, entry points and import aliases;
  Python console scripts), the aliases read from tsconfig/jsconfig files
  (riskscan.aliases), the scan options (rules selected, tests included, excludes, size
  limit, severity and probability overrides, thresholds, per-file ignores,
  suppression reasons required), every rule's metadata, riskscan's version,
  the Python version, and the size and mtime of every riskscan module (an
  edited checkout never reuses a stale result).
* **Same contents.** When only stat signatures changed (a ``touch``, git
  rewriting files on a branch switched back, a fresh checkout beside a
  restored cache), the scan reads the facts cache, which confirms each file's
  content hash; the same key with every file counted by its content hash
  instead (``content_key``, saved beside ``key``) then finds the saved
  results, and the checks are not run.
* **Same facts.** When files changed but what the checks see of them did
  not (a comment reworded, an edit to a file no trigger token selects), the
  results are reused too: riskscan.samefacts, with the key by facts
  (``facts_key``) and the record of the questions the checks asked about
  files' text, both saved with the results.  Anything else -- a fact
  changed, a file added or removed, another option -- means a full scan,
  which then replaces the saved results.
* **Not saved** when a file was skipped for a reason that may not recur (it
  could not be read, its parser crashed or overran its time budget, an
  internal error): the next scan tries that file again.
* **Never trusted.** As the facts cache: authenticated with the same
  per-user HMAC secret, plain JSON with every field's type checked, written
  atomically and best effort.  ``--no-cache`` neither reads nor writes it;
  ``riskscan clean`` removes it with the rest of the cache.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from . import __version__
from .cache import CACHE_DIR, TRANSIENT_SKIPS, _foreign_dir, file_sig, isolate_next_time, read_side_file, secret, write_side_file
from .fsutil import open_regular, unlink_quietly
from .model import Finding, Related, RuleMeta, Skipped
from .samefacts import Asked, encode

if TYPE_CHECKING:
    from .discovery import Discovery
    from .engine import ScanOptions

RESULTS_FILE = "results-v1.json"
FORMAT = "riskscan-results"
MAX_RESULTS_BYTES = 256 * 1024 * 1024

# Finding fields in the order they are saved, with their types
_FINDING = tuple((name, typ) for name, typ in Finding.__annotations__.items() if name != "related")
_TYPES = {"str": str, "int": int, "bool": bool}


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> list[str]:
    """Size and mtime of every module of riskscan (checks and reports included),
    read once per process (the code that runs is the code imported; a process
    that scans again and again asks each time).  Callers must not change the list."""
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [f"riskscan {__version__}", f"py{sys.version_info[0]}.{sys.version_info[1]}"]
    for folder, dirs, names in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(n for n in names if n.endswith(".py")):
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            parts.append(f"{os.path.relpath(path, here)}:{st.st_size}:{st.st_mtime_ns}")
    return parts


def key_base(
    root: str,
    opts: "ScanOptions",
    rules: dict[str, RuleMeta],
    enabled: list[str],
    disc: "Discovery",
    manifests: dict[str, Any],
) -> "hashlib._Hash":
    """The digest, still open, of every input of a scan's results but its
    files and the aliases (see the module docstring): worked out once per
    scan, then copied by :func:`scan_key` for the key by stat signature and
    for the key by content."""
    rule_fields = [name for name in RuleMeta.__dataclass_fields__ if name != "examples"]
    doc = {
        "code": _code_fingerprint(),
        "root": root,
        "options": {
            "include_tests": opts.include_tests,
            "excludes": list(opts.excludes),
            "select": list(opts.select),
            "ignore": list(opts.ignore),
            "max_bytes": opts.max_bytes,
            "severity_overrides": sorted(opts.severity_overrides.items()),
            "probability_overrides": sorted(opts.probability_overrides.items()),
            "thresholds": [opts.thresholds.reject_on, opts.thresholds.conditional_on],
            "per_file_ignores": sorted((k, list(v)) for k, v in opts.per_file_ignores.items()),
            "require_reason": opts.require_reason,
        },
        "rules": [[rid, [getattr(meta, name) for name in rule_fields]] for rid, meta in sorted(rules.items())],
        "enabled": enabled,
        "skipped": [[s.path, s.reason, s.excluded] for s in disc.skipped],
        "warnings": disc.warnings,
        "service_roots": sorted(disc.service_roots.items()),
        "service_dirs": sorted(disc.service_dirs.items()),
        "manifests": manifests,
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True, default=list).encode("utf-8", "surrogateescape"))


def scan_key(base: "hashlib._Hash", disc: "Discovery", alias_key: bytes = b"", digests: dict[str, str] | None = None) -> str | None:
    """The digest of everything a scan's results depend on: ``base``
    (:func:`key_base`), the aliases read from tsconfig/jsconfig files and
    module-alias calls (riskscan.aliases), and the path, kind and stat
    signature of every discovered file; None when a file's stat signature is
    unknown (no reuse).

    With ``digests`` (path -> sha256 of the content, from the facts cache) the
    files count by their content instead: the key of the same inputs that
    survives a ``touch`` or a fresh checkout; None when a file has none."""
    files = []
    for f in disc.files:
        sig = (f.sig or file_sig(f.abspath)) if digests is None else digests.get(f.path)
        if not sig:
            return None
        files.append((f.path, f.kind, sig))
    h = base.copy()
    h.update(b"\0by " + (b"stat" if digests is None else b"content") + b"\0aliases " + alias_key.hex().encode("ascii") + b"\0files ")
    h.update(json.dumps(files).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


class SavedResults:
    """What a scan returns besides what the caller already has: the active and
    suppressed findings, the skipped files, the warnings, the count of files scanned."""

    __slots__ = ("findings", "suppressed", "skipped", "warnings", "files_scanned", "asked")

    def __init__(self, findings: list[Finding], suppressed: list[Finding], skipped: list[Skipped], warnings: list[str], files_scanned: int,
                 asked: Any = None) -> None:
        self.findings = findings
        self.suppressed = suppressed
        self.skipped = skipped
        self.warnings = warnings
        self.files_scanned = files_scanned
        # what the checks asked about files' text (riskscan.samefacts): an
        # Asked from the scan, or its saved form read back; None: not known
        self.asked = asked


class ResultMemo:
    """``.riskscan_cache/results-v1.json`` under ``root``, for the scan whose inputs digest to ``key``
    (by stat signature) and, once the facts cache has confirmed every file's
    content, to ``content_key`` (by content)."""

    def __init__(self, root: str, key: str, base: "hashlib._Hash") -> None:
        self.dir = os.path.join(root, CACHE_DIR)
        self.path = os.path.join(self.dir, RESULTS_FILE)
        self.key = key
        self.base = base  # (key_base: what the content key is made from)
        self.content_key: str | None = None
        # the key with every file counted by its content, or by its skip when
        # the facts cache keeps none of it (riskscan.samefacts.facts_key)
        self.facts_key: str | None = None
        self._file: tuple[dict[str, Any], bytes] | None = None  # (the file as read: header, body)
        self._read_once = False
        # (a cache directory that is a symlink is not ours: as for the facts cache, never read or written)
        self.secret = secret() if not _foreign_dir(self.dir) else None

    def _mac(self, key: str, content_key: str, facts_key: str, body: bytes) -> str:
        assert self.secret is not None
        return hmac.new(self.secret, f"{key}\n{content_key}\n{facts_key}\n".encode("ascii") + body, hashlib.sha256).hexdigest()

    def read(self) -> SavedResults | None:
        """The saved results when they are this key's and authentic, else None."""
        return self._read("key", self.key)

    def read_by_content(self) -> SavedResults | None:
        """The saved results when every file's content (``content_key``) and
        every other input are what they were computed from: only stat
        signatures changed (a ``touch``, a branch switched back, a fresh
        checkout beside a restored cache)."""
        return self._read("content_key", self.content_key) if self.content_key else None

    def read_by_facts_key(self, facts_key: str) -> SavedResults | None:
        """The saved results whose facts key is ``facts_key`` (riskscan.samefacts)."""
        return self._read("facts_key", facts_key) if facts_key else None

    def _read(self, field: str, want: str | None) -> SavedResults | None:
        if self.secret is None:
            return None
        if not self._read_once:  # (once per scan: asked by key, by content, by facts)
            self._file = read_side_file(self.path, MAX_RESULTS_BYTES)
            self._read_once = True
        if self._file is None:
            return None
        header, body = self._file
        if not (
            header.get(field) == want
            and header.get("format") == FORMAT
            and isinstance(header.get("key"), str)
            and isinstance(header.get("content_key"), str)
            and isinstance(header.get("facts_key"), str)
            and isinstance(header.get("mac"), str)
            and hmac.compare_digest(header["mac"], self._mac(header["key"], header["content_key"], header["facts_key"], body))
        ):
            return None
        try:
            return _decode(json.loads(body))
        except (ValueError, TypeError, KeyError, RecursionError):
            return None

    def write(self, saved: SavedResults) -> None:
        """Save the results (best effort), unless a file's skip may not recur."""
        if self.secret is None:
            return
        if any(not s.excluded and (s.reason.startswith(TRANSIENT_SKIPS) or isolate_next_time(s.reason)) for s in saved.skipped):
            self.forget()
            return
        body = json.dumps(_encode(saved), ensure_ascii=True, separators=(",", ":")).encode("ascii")
        content_key = self.content_key or ""
        facts_key = self.facts_key or ""
        header = json.dumps({"format": FORMAT, "key": self.key, "content_key": content_key, "facts_key": facts_key,
                             "mac": self._mac(self.key, content_key, facts_key, body)}).encode("ascii")
        # (best effort: in a read-only checkout or on a full disk the next scan runs the checks)
        write_side_file(self.dir, RESULTS_FILE, header + b"\n" + body)

    def forget(self) -> None:
        """Remove saved results that no longer hold (never through a symlink)."""
        if _foreign_dir(self.dir):
            return
        try:
            fd = open_regular(self.path)
        except OSError:
            return
        os.close(fd)
        unlink_quietly(self.path)


def _encode(saved: SavedResults) -> dict[str, Any]:
    def finding(f: Finding) -> list[Any]:
        return [getattr(f, name) for name, _ in _FINDING] + [[[r.path, r.line, r.message] for r in f.related]]

    return {
        "findings": [finding(f) for f in saved.findings],
        "suppressed": [finding(f) for f in saved.suppressed],
        "skipped": [[s.path, s.reason, s.excluded] for s in saved.skipped],
        "warnings": list(saved.warnings),
        "files_scanned": saved.files_scanned,
        **({"asked": encode(saved.asked) if isinstance(saved.asked, Asked) else saved.asked} if saved.asked is not None else {}),
    }


def _check(value: Any, typ: type) -> Any:
    if type(value) is not typ:
        raise TypeError(f"expected {typ.__name__}")
    return value


def _decode(doc: Any) -> SavedResults:
    def finding(raw: Any) -> Finding:
        if not isinstance(raw, list) or len(raw) != len(_FINDING) + 1:
            raise ValueError("bad finding")
        values = {name: _check(v, _TYPES[typ]) for (name, typ), v in zip(_FINDING, raw[:-1], strict=True)}
        related = [Related(_check(p, str), _check(n, int), _check(m, str)) for p, n, m in _check(raw[-1], list)]
        return Finding(**values, related=related)

    def skipped(raw: Any) -> Skipped:
        path, reason, excluded = _check(raw, list)
        return Skipped(_check(path, str), _check(reason, str), _check(excluded, bool))

    if not isinstance(doc, dict):
        raise ValueError("bad results")
    return SavedResults(
        [finding(f) for f in _check(doc["findings"], list)],
        [finding(f) for f in _check(doc["suppressed"], list)],
        [skipped(s) for s in _check(doc["skipped"], list)],
        [_check(w, str) for w in _check(doc["warnings"], list)],
        _check(doc["files_scanned"], int),
        doc.get("asked"),  # (its shape is checked where it is read: riskscan.samefacts.questions_of)
    )
