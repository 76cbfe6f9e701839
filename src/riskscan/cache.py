"""Per-file facts cache in ``.riskscan_cache/`` at the scanned root.

One file, ``facts-v1.json``: a one-line JSON header, then a body of one
line per file: ``path<TAB>stat signature<TAB>sha256 of the content<TAB>kind
<TAB>value``, the path and the value as ASCII JSON (neither can hold a raw
tab or newline).  Kind ``f``: the value is the file's facts
(``facts.to_json`` with calls in the compact list form of
``facts.pack_call``), decoded only when the file is a hit; ``p``: a file no
trigger selected, the value is its language (nothing else to remember);
``s``: a skipped file, the value is the reason; ``o``: the full facts of a
file a check parsed on demand (no signature).  One line per entry lets a scan
read the body without first unescaping every payload out of one big JSON
document.

* **Payloads stay on disk.** A facts payload read from the cache (or just
  written to it) is not kept in memory: the entry remembers where it is in
  the file, and the file stays open for the scan, so rewriting the cache
  copies it from there.  On a large project the payloads are as big as the
  cache file (about 90 MB for 70 MB of source), next to the facts built from
  them.  The open descriptor keeps the file that was authenticated, even
  when another scan renames a new cache file over it.

* **Key.** The header's key covers the riskscan version, the code that
  produces facts (frontends, facts model, suppression parser, trigger
  matcher, engine, the limits that skip minified files: size and mtime
  of their files, so an edited checkout never reuses stale facts), the Python
  version and the trigger tokens of all rules, selected or not (which decide what is
  parsed).  Another key means the whole cache is ignored and rebuilt.
* **Hits.** A file whose stat signature (size, mtime, inode) is unchanged is a
  hit without being read; when only the signature changed (``touch``, a
  branch switch) the content hash decides.  Project-level checks always run
  again on all facts, cached or fresh.
* **Never trusted.** A cache directory can arrive with a checkout (committed
  by mistake or on purpose), so the body is authenticated with an HMAC whose
  secret lives outside the repository (``$RISKSCAN_CACHE_SECRET``, else a
  random per-user secret in ``$XDG_CACHE_HOME/riskscan/secret``).  A file that
  is malformed, of another format, signed with another secret, a symlink, or
  has entries of the wrong shape is ignored (entry by entry where possible)
  and rewritten.  Plain JSON, never pickle.
* **Writes** are atomic (temp file + rename) and best effort: a read-only
  checkout scans without a cache.  ``.riskscan_cache/.gitignore`` keeps the
  directory out of git.  Entries for files that no longer exist are pruned.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import sys
import tempfile
import weakref
from dataclasses import MISSING, fields
from typing import Any, Iterator, TypeGuard

from . import __version__
from .discovery import SourceFile, real_path, stat_sig
from .facts import FileFacts, from_json, gc_paused, intern_rest, pack_call, shallow_facts, to_json, unpack_call
from .fsutil import open_regular, read_regular, read_secret, unlink_quietly, user_cache_dir
from .model import Skipped

CACHE_DIR = ".riskscan_cache"
CACHE_FILE = "facts-v1.json"
FORMAT = "riskscan-facts-cache"
FORMAT_VERSION = 4  # 3: calls in compact form; 4: one line per entry
MAX_CACHE_BYTES = 1024 * 1024 * 1024
# A cache file up to this size stays in memory while its hits are decoded
# (slicing beats a read per payload); a larger one is let go as soon as its
# lines are indexed, so the facts built from it never share the memory with
# it (a large project's cache is a third of its facts' size: 89 MB on the
# benchmark's real corpus, a warm scan's peak otherwise)
KEEP_READ_BYTES = 16 * 1024 * 1024
GITIGNORE = "# Automatically created by riskscan.\n*\n"
# lines copied from the old cache file to the new one are read this much at a time
_COPY_CHUNK = 4 * 1024 * 1024
# kind of a body line holding the facts of a shallow file parsed on demand
ON_DEMAND = "o"
# skip reasons that describe the run, not the file: never remembered as the
# file's result (a crash or a kill is remembered as ISOLATE, below)
TRANSIENT_SKIPS = ("cannot read", "internal error", "parser crashed", "larger than", "out of memory", "analysis took longer")
# Entry kind of a file whose parser crashed or had to be killed (a native hang):
# analysed again by the next scan -- the failure may not recur -- but in a
# supervised child (``FactsCache.isolate``), never in the scan's own process,
# where the same crash would end the scan
ISOLATE = "i"


# Files being parsed in the scan's own process, one JSON path per line, written
# before each parse and removed once the batch is done: a file still listed
# when a scan starts took the previous scan down (a native crash no pre-check
# foresaw) and is parsed in a supervised child (``FactsCache.isolate``)
JOURNAL = "inflight"
MAX_JOURNAL_BYTES = 1024 * 1024


# where an entry's line is in the open cache file: (the entry, its fields
# then, start, end including the newline); copied as it is while the entry
# still holds those fields (FactsCache._write)
_Span = tuple[list[Any], tuple[Any, ...], int, int]


def isolate_next_time(reason: str) -> bool:
    """A skip reason that says the parser took its process down or had to be killed."""
    return reason.startswith("parser crashed") or reason.endswith("(killed)")


class Journal:
    """The in-flight file list (see JOURNAL), created on the first note."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None
        self._failed = False

    def note(self, rel: str) -> None:
        if self._failed:
            return
        try:
            if self._fd is None:
                os.makedirs(os.path.dirname(self.path), exist_ok=True)
                self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
            os.write(self._fd, json.dumps(rel).encode("ascii") + b"\n")
        except OSError:  # read-only checkout, disk full: parse without the safety net
            self._failed = True

    def close(self) -> None:
        """The batch is done: nothing was in flight when the scan died."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            unlink_quietly(self.path)


class _OnDisk:
    """A facts payload left in a file: ``length`` bytes at ``offset`` of the
    open cache file (``FactsCache._src``), or of the open file ``fd`` (a
    ``PayloadSpill``)."""

    __slots__ = ("fd", "length", "offset")

    def __init__(self, offset: int, length: int, fd: int | None = None) -> None:
        self.offset = offset
        self.length = length
        self.fd = fd


class PayloadSpill(dict):
    """Cache entries the workers encoded (path -> (sha256, tag, payload)),
    with each facts payload written to an unlinked file in the cache
    directory as it arrives, instead of being held in memory until the cache
    is written: on a large project they add up to the size of the cache file.
    Where the file cannot be created, payloads stay in memory."""

    def __init__(self, cache: "FactsCache") -> None:
        super().__init__()
        self._fh: Any = None
        self._pos = 0
        self._dir: str | None = cache.dir if cache.enabled else None  # None: in memory

    def _file(self) -> Any:
        """The open spill file (created on first use), None once payloads stay in memory."""
        if self._dir is None:
            return None
        if self._fh is None:
            try:
                os.makedirs(self._dir, exist_ok=True)
                if not _foreign_dir(self._dir):
                    self._fh = tempfile.TemporaryFile(dir=self._dir, prefix=".spill-", buffering=0)
            except OSError:
                pass
            if self._fh is None:
                self._dir = None
        return self._fh

    def __setitem__(self, path: str, enc: Any) -> None:
        digest, tag, payload = enc
        if tag == "f" and isinstance(payload, str) and self._file() is not None:
            data = payload.encode("ascii")
            try:
                written = self._fh.write(data)
            except OSError:
                written = -1
            if written == len(data):
                payload = _OnDisk(self._pos, len(data), self._fh.fileno())
                self._pos += len(data)
            else:  # disk full...: keep this and the rest in memory
                self._dir = None
        super().__setitem__(path, (digest, tag, payload))

    def facts_of(self, path: str) -> FileFacts:
        """The facts of ``path``'s entry, rebuilt as a cache hit is (``_decode``;
        raises ValueError / OSError / KeyError when it cannot be read back)."""
        digest, tag, payload = self[path]
        got = _decode(path, ["", digest, tag, payload], _spilled)
        if not isinstance(got, FileFacts):
            raise ValueError("not a facts entry")
        return got

    def close(self) -> None:
        """Close (and so delete) the file: call once the cache no longer points into it."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _read_at(fd: int, value: _OnDisk) -> bytes:
    """A payload's bytes from the open file ``fd``; raises if the file is shorter."""
    data = _pread(fd, value.length, value.offset)
    if len(data) != value.length:
        raise ValueError("file shrank")
    return data


def _spilled(value: str | _OnDisk) -> str | bytes:
    """A spilled entry's payload (``PayloadSpill``): in memory, or in its file."""
    if isinstance(value, str):
        return value
    if value.fd is None:
        raise ValueError("not in the spill file")
    return _read_at(value.fd, value)


def _pread(fd: int, length: int, offset: int) -> bytes:
    """``length`` bytes at ``offset`` (``os.pread`` where the platform has it)."""
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, length)


def file_sig(path: str) -> str | None:
    """The stat signature of a regular file (see ``discovery.stat_sig``); None for anything else."""
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return stat_sig(st)


def _code_fingerprint() -> bytes:
    """Size and mtime of the modules whose behaviour shapes the facts."""
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [f"py{sys.version_info[0]}.{sys.version_info[1]}"]
    # (limits.py decides which files are skipped as minified or bundled)
    # (aliases.py decides what a JS/TS import resolves to)
    names = ["facts.py", "suppress.py", "engine.py", "triggers.py", "limits.py", "aliases.py"]
    fe = os.path.join(here, "frontends")
    try:
        names += sorted(os.path.join("frontends", n) for n in os.listdir(fe) if n.endswith(".py"))
    except OSError:
        pass
    for name in names:
        try:
            st = os.stat(os.path.join(here, name))
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return "\n".join(parts).encode()


def secret() -> bytes | None:
    """The HMAC secret: from the environment, else a per-user random file (created once)."""
    got = read_secret()
    if got is not None:
        return got
    path = os.path.join(user_cache_dir(), "secret")
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".secret-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.urandom(32).hex().encode())
        try:
            os.link(tmp, path)  # fails if another process created it first: use theirs
        except OSError:
            pass
        finally:
            os.unlink(tmp)
        data = read_regular(path, 4096).strip()
        return data if len(data) >= 32 else None
    except OSError:
        return None


# types of the fact fields that have no default to compare with
_REQUIRED = {"callee": str, "id": str, "name": str, "line": int, "end_line": int, "method": str, "path": str, "router": str, "lang": str, "ids": list, "reason": str}


_PLANS: dict[type, list[tuple[str, Any, bool]]] = {}


def _plan(cls: type) -> list[tuple[str, Any, bool]]:
    """(field name, expected type(s), items must be str) for a fact class, computed once."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = []
        for f in fields(cls):
            if f.default is not MISSING:
                expected: Any = type(f.default) if f.default is not None else (dict, list, type(None))
            elif f.default_factory is not MISSING:
                expected = type(f.default_factory())
            else:
                expected = _REQUIRED.get(f.name, object)
            plan.append((f.name, expected, f.name in ("modules", "attrs", "params", "imports")))
        _PLANS[cls] = plan
    return plan


def _shape_ok(facts: FileFacts) -> bool:
    """The top-level fields of rebuilt facts have the types the model declares
    (``from_json`` builds nested objects field by field but keeps scalars as
    given).  Shallow on purpose: the body is authenticated, so this guards
    against our own format changes, not forgeries, and must stay cheap."""
    for name, expected, str_items in _plan(FileFacts):
        value = getattr(facts, name)
        if not isinstance(value, expected):
            return False
        if str_items and value:
            for item in value.values() if isinstance(value, dict) else value:
                if not isinstance(item, str):
                    return False
    return True


def _decode(path: str, entry: Any, payload: Any) -> FileFacts | Skipped:
    """Rebuild one cached result (``payload`` reads the facts' JSON of an
    entry); raises on anything malformed."""
    if entry[2] == "s":
        if not isinstance(entry[3], str):
            raise ValueError("bad skip reason")
        return Skipped(path, entry[3])
    if entry[2] == "p":  # a file no trigger selected: only its language (most entries)
        if not isinstance(entry[3], str):
            raise ValueError("bad language")
        return shallow_facts(path, entry[3])
    if entry[2] != "f" or not isinstance(entry[3], (str, _OnDisk)):
        raise ValueError("bad entry kind")
    facts = facts_from_payload(payload(entry[3]))
    if facts.path != path or not _shape_ok(facts):
        raise ValueError("facts of another file, or of the wrong shape")
    return facts


def _valid(entry: Any) -> TypeGuard[list[Any]]:
    return isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str) and isinstance(entry[1], str)


class FactsCache:
    def __init__(self, root: str, *, enabled: bool, trigger_key: bytes) -> None:
        self.root = root
        self.dir = os.path.join(root, CACHE_DIR)
        self.path = os.path.join(self.dir, CACHE_FILE)
        self.secret = secret() if enabled else None
        # a cache directory that is a symlink (or not a directory) is not ours: leave it alone
        self.enabled = enabled and self.secret is not None and not _foreign_dir(self.dir)
        h = hashlib.sha256()
        for part in (__version__.encode(), _code_fingerprint(), trigger_key):
            h.update(part)
            h.update(b"\0")
        self.key = h.hexdigest()[:32]
        self.entries: dict[str, Any] = {}
        self.full: dict[str, Any] = {}  # path -> [sha256, facts JSON] of files parsed on demand
        self.dirty = False
        self._seen: set[str] = set()
        # files to analyse in a supervised child whatever their size (see ISOLATE)
        self.isolate: set[str] = set()
        self._sigs: dict[str, str | None] = {}
        self._src: int | None = None  # descriptor of the cache file the _OnDisk payloads are in
        self._raw: bytes | None = None  # its content, until the hits are decoded
        self._closer: Any = None
        # where each entry's line is in that file, as long as the entry is
        # what was read there (see _write)
        self._spans: dict[str, _Span] = {}
        if self.enabled:
            self._load()
            self._read_journal()

    # ------------------------------------------------------------ read
    def _mac(self, body: bytes | memoryview) -> str:
        assert self.secret is not None
        return hmac.new(self.secret, body, hashlib.sha256).hexdigest()

    def _load(self) -> None:
        try:
            fd = open_regular(self.path)
        except OSError:  # missing, a symlink (O_NOFOLLOW), a FIFO...
            return
        try:
            if os.fstat(fd).st_size > MAX_CACHE_BYTES:
                raise OSError("cache file too large")
            with open(fd, "rb", buffering=0, closefd=False) as fh:
                raw = fh.read()  # one allocation of the file's size
        except OSError:
            os.close(fd)
            return
        self._use_source(fd)
        nl = raw.find(b"\n")
        if nl < 0:
            self.dirty = True
            return
        body = memoryview(raw)[nl + 1 :]
        try:
            header = json.loads(raw[:nl])
            ok = (
                isinstance(header, dict)
                and header.get("format") == FORMAT
                and header.get("version") == FORMAT_VERSION
                and header.get("key") == self.key
                and isinstance(header.get("mac"), str)
                and hmac.compare_digest(header["mac"], self._mac(body))
            )
            with gc_paused():  # a few hundred thousand acyclic objects: no collections while they are built
                got = decode_body(raw, nl + 1, on_disk=True, spans=self._spans) if ok else None
        except (ValueError, RecursionError, MemoryError):
            got = None
        if got is None:
            self.dirty = True  # rewrite what we could not use
            self._spans.clear()
            return
        self.entries, self.full, bad_lines = got
        self.dirty = bad_lines > 0
        self._raw = raw if len(raw) <= KEEP_READ_BYTES else None  # (else payloads are read back from the file)

    def _read_journal(self) -> None:
        """Files an earlier scan was parsing in its own process when it died."""
        path = os.path.join(self.dir, JOURNAL)
        try:
            data = read_regular(path, MAX_JOURNAL_BYTES)
        except OSError:
            return
        for line in data.splitlines():
            try:
                got = json.loads(line)
            except ValueError:
                continue
            if isinstance(got, str):
                self.isolate.add(got)
        unlink_quietly(path)

    def journal(self) -> "Journal | None":
        """Where the scan notes each file before parsing it in its own process."""
        return Journal(os.path.join(self.dir, JOURNAL)) if self.enabled and not _foreign_dir(self.dir) else None

    def close(self) -> None:
        """Let go of the cache file the payloads left on disk are read from
        (the scan is over).  Not left to the collector: a process that scans
        again and again (an editor's server, a test session) would hold one
        descriptor per scan until a full collection, or for good once
        ``gc.freeze`` has put the scan's objects out of its reach."""
        self._use_source(None)

    def _use_source(self, fd: int | None) -> None:
        """Make ``fd`` the file the _OnDisk payloads point into (closing the previous one)."""
        if self._closer is not None:
            self._closer()
        self._src = fd
        self._closer = weakref.finalize(self, os.close, fd) if fd is not None else None

    def _payload(self, value: str | _OnDisk) -> str | bytes:
        """The facts' JSON of an entry, from memory or from the cache file."""
        if isinstance(value, str):
            return value
        fd = value.fd
        if fd is None:  # in the cache file: in memory until the hits are decoded
            if self._raw is not None:
                return self._raw[value.offset : value.offset + value.length]
            fd = self._src
        if fd is None:
            raise ValueError("cache file closed")
        return _read_at(fd, value)

    def split_lazily(self, files: list[SourceFile]) -> tuple[list[SourceFile], list[SourceFile]]:
        """(files to analyse, files whose results the cache holds): the
        results are decoded by :meth:`decode`, which a scan whose saved
        results hold never needs (riskscan.samefacts)."""
        if not self.enabled:
            return list(files), []
        todo: list[SourceFile] = []
        hits: list[SourceFile] = []
        entries, sigs, seen = self.entries, self._sigs, self._seen
        for f in files:
            path = f.path
            seen.add(path)
            sig = sigs[path] = f.sig or file_sig(f.abspath)  # discovery's stat when it has one
            entry = entries.get(path)
            if entry is None or sig is None:
                todo.append(f)
                continue
            if not _valid(entry):
                entries.pop(path, None)
                self.dirty = True
                todo.append(f)
                continue
            if entry[2] == ISOLATE:  # its parser crashed last time: again, safely
                self.isolate.add(path)
                todo.append(f)
                continue
            if entry[0] != sig:
                # stat changed: compare content hashes before re-parsing
                try:
                    digest = hashlib.sha256(read_regular(f.abspath, f.size + 1)).hexdigest()
                except OSError:
                    todo.append(f)
                    continue
                if entry[1] != digest:
                    todo.append(f)
                    continue
                entry[0] = sig
                self.dirty = True
            hits.append(f)
        return todo, hits

    def decode(self, files: list[SourceFile]) -> tuple[dict[str, FileFacts | Skipped], list[SourceFile]]:
        """(the cached results of ``files``, from :meth:`split_lazily`; the
        files whose entry turned out malformed, forgotten: to analyse)."""
        hits: dict[str, FileFacts | Skipped] = {}
        failed: list[SourceFile] = []
        with gc_paused():
            try:
                for f in files:
                    try:
                        hits[f.path] = _decode(f.path, self.entries[f.path], self._payload)
                    except Exception:  # malformed entry: forget it and re-analyse
                        self.entries.pop(f.path, None)
                        self.dirty = True
                        failed.append(f)
            finally:
                self._raw = None  # the hits are decoded: payloads are read from the file from now on
        return hits, failed

    # ------------------------------------------------------------ write
    def update(
        self, files: list[SourceFile], results: dict[str, FileFacts | Skipped], encoded: dict[str, tuple[str, str, Any]] | None = None
    ) -> None:
        """Remember fresh results; a file that changed while it was analysed is not stored.

        ``encoded``: path -> (sha256 of the analysed bytes, tag, payload) from
        :func:`encode_facts`, when the workers already encoded the facts."""
        if not self.enabled:
            return
        for f in files:
            res = results.get(f.path)
            before = self._sigs.get(f.path)
            if res is None or before is None:
                continue
            if isinstance(res, Skipped) and isolate_next_time(res.reason):
                self.entries[f.path] = [before, "", ISOLATE, res.reason]
                self.dirty = True
                continue
            if isinstance(res, Skipped) and (res.excluded or res.reason.startswith(TRANSIENT_SKIPS)):
                self.entries.pop(f.path, None)
                continue
            got = (encoded or {}).get(f.path)
            if got is not None and not isinstance(res, Skipped):
                digest = got[0]
            else:
                try:
                    digest = hashlib.sha256(read_regular(f.abspath, f.size + 1)).hexdigest()
                except OSError:
                    continue
            if file_sig(f.abspath) != before:
                self.entries.pop(f.path, None)
                continue
            if isinstance(res, Skipped):
                self.entries[f.path] = [before, digest, "s", res.reason]
            else:
                tag, payload = got[1:] if got is not None else encode_facts(res)
                self.entries[f.path] = [before, digest, tag, payload]
            self.dirty = True

    def previous(self, paths: list[str]) -> dict[str, tuple[str, str, bytes]]:
        """path -> (sha256 of the content, tag, payload as bytes) of the
        entries held for ``paths`` (before :meth:`update` replaces them);
        paths with no readable entry are left out (riskscan.samefacts)."""
        out: dict[str, tuple[str, str, bytes]] = {}
        for path in paths:
            entry = self.entries.get(path)
            if not _valid(entry) or not entry[1] or entry[2] == ISOLATE:
                continue
            try:
                payload = self._payload(entry[3]) if entry[2] == "f" else entry[3]
            except (OSError, ValueError):
                continue
            if isinstance(payload, str):
                payload = payload.encode("utf-8", "surrogateescape")
            if isinstance(payload, bytes):
                out[path] = (str(entry[1]), str(entry[2]), payload)
        return out

    def digests(self, files: list[SourceFile]) -> dict[str, str] | None:
        """path -> sha256 of the content of every file in ``files``, as this
        scan confirmed it (a stat signature unchanged since the content was
        hashed, or a content hash taken now); None when a file has none (no
        cache, a file skipped for a reason that may not recur, a file that
        changed while it was analysed)."""
        if not self.enabled:
            return None
        out: dict[str, str] = {}
        for f in files:
            digest = self.digest(f.path)
            if digest is None:
                return None
            out[f.path] = digest
        return out

    def digest(self, path: str) -> str | None:
        """The sha256 of the content of ``path`` as this scan confirmed it
        (see :meth:`digests`), or None."""
        entry = self.entries.get(path)
        if _valid(entry) and entry[1] and entry[2] != ISOLATE and entry[0] == self._sigs.get(path):
            return str(entry[1])
        return None

    # ------------------------------------------------- parsed on demand
    def get_full(self, path: str) -> FileFacts | None:
        """Full facts of a file the prefilter left shallow and a check then
        parsed on demand (an imported module), if its content is unchanged."""
        if not self.enabled:
            return None
        entry, stored = self.entries.get(path), self.full.get(path)
        if not (_valid(entry) and isinstance(stored, list) and len(stored) == 2 and stored[0] == entry[1]):
            return None
        if self._sigs.get(path) != entry[0]:
            return None  # not confirmed unchanged in this run
        try:
            facts = facts_from_payload(self._payload(stored[1]))
        except Exception:
            return None
        return facts if facts.path == path and _shape_ok(facts) else None

    def put_full(self, path: str, facts: FileFacts) -> None:
        entry = self.entries.get(path)
        if not self.enabled or not _valid(entry) or self._sigs.get(path) != entry[0]:
            return
        self.full[path] = [entry[1], facts_payload(facts)]
        self.dirty = True

    def _prune(self) -> None:
        gone = [p for p in self.entries if p not in self._seen and not os.path.lexists(real_path(self.root, p))]
        for p in gone:
            del self.entries[p]
        full = self.full
        for p in [p for p in full if p not in self.entries]:
            del full[p]
            gone.append(p)
        if gone:
            self.dirty = True

    def _header(self, mac: str) -> bytes:
        return json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "key": self.key, "mac": mac, "entries": len(self.entries)}).encode("ascii")

    def _write(self, fh: Any) -> tuple[list[tuple[list[Any], _OnDisk]], dict[str, _Span], bool]:
        """Header line, then the body streamed line by line: the whole body is
        never held in memory -- on a large project it is hundreds of MB next
        to the facts themselves.  The header's MAC is written last, over a
        placeholder of the same length.  Returns where each facts payload
        now is in the written file (the list holding it, its place), where
        each entry's line is in it (its spans, the facts payloads' entries
        still to be taken down once they point there), and whether an entry
        was left out (a payload that could not be read back).

        The line of an entry that is still what the cache file held (most of
        them, on a re-scan) is copied from that file as it is, in runs of
        neighbouring lines, instead of being encoded again: the same bytes,
        without a JSON encoding and a write per file."""
        assert self.secret is not None
        mac = hmac.new(self.secret, digestmod=hashlib.sha256)
        placeholder = self._header("0" * 64)
        fh.write(placeholder + b"\n")
        pos = len(placeholder) + 1
        where: list[tuple[list[Any], _OnDisk]] = []
        written: dict[str, _Span] = {}
        left_out = False
        source = self._src if self._src is not None else -1
        spans = self._spans if source >= 0 else {}
        if spans and os.fstat(source).st_size < max(span[3] for span in spans.values()):
            spans = {}  # the file shrank under the scan: each entry on its own, as far as it can be read
        run = [0, 0]  # the neighbouring lines to copy: start and end in the file

        def flush() -> None:
            src, end = run
            while src < end:
                data = _pread(source, min(end - src, _COPY_CHUNK), src)
                if not data:
                    raise ValueError("cache file shrank")
                mac.update(data)
                fh.write(data)
                src += len(data)
            run[0] = run[1] = 0

        for path, entry in self.entries.items():
            span = spans.get(path)
            if span is not None and span[0] is entry and span[1] == tuple(entry):
                start, end = span[2], span[3]
                if run[1] != start:
                    flush()
                    run[0] = start
                run[1] = end
                size = end - start
                fields = span[1]
                if entry[2] == "f":
                    length = entry[3].length if type(entry[3]) is _OnDisk else len(entry[3])
            else:
                head_value = _body_line(path, entry, self._payload)
                if head_value is None:
                    left_out = True
                    continue
                flush()
                head, value = head_value
                mac.update(head)
                mac.update(value)
                fh.write(head)
                fh.write(value)
                size = len(head) + len(value)
                fields = tuple(entry)
                length = len(value) - 1
            if entry[2] == "f":  # the payload ends the line, before its newline
                where.append((entry, _OnDisk(pos + size - 1 - length, length)))
                fields = ()  # (its fields: once it points there)
            written[path] = (entry, fields, pos, pos + size)
            pos += size
        flush()
        for head, value, holder in _full_lines(self.full, self._payload):
            mac.update(head)
            mac.update(value)
            fh.write(head)
            fh.write(value)
            pos += len(head)
            if holder is not None:
                where.append((holder, _OnDisk(pos, len(value) - 1)))
            pos += len(value)
        header = self._header(mac.hexdigest())
        assert len(header) == len(placeholder)
        fh.seek(0)
        fh.write(header)
        return where, written, left_out

    def spill(self) -> PayloadSpill:
        """Where the workers' cache entries go until the cache is written."""
        return PayloadSpill(self)

    def _repoint(self, where: list[tuple[list[Any], _OnDisk]], src: int, left_out: bool = True) -> None:
        """The payloads are in the file just written (``src``): point there and
        drop them from memory.  A payload left on disk that could not be
        copied (``_write`` left its entry out) is forgotten."""
        moved = set()
        for holder, place in where:
            holder[-1] = place
            moved.add(id(holder))
        if left_out:
            self.entries = {p: e for p, e in self.entries.items() if id(e) in moved or not isinstance(e[-1], _OnDisk)}
        self.full = {p: v for p, v in self.full.items() if id(v) in moved or not isinstance(v[-1], _OnDisk)}
        self._raw = None
        self._use_source(src)

    def save(self) -> None:
        if not self.enabled:
            return
        self._prune()
        if not self.dirty:
            return
        tmp = None
        try:
            if not prepare_dir(self.dir):
                return
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".facts-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                where, written, left_out = self._write(fh)
            src = open_regular(tmp)
            try:
                os.replace(tmp, self.path)
            except OSError:
                os.close(src)
                raise
            tmp = None
            self.dirty = False
            self._repoint(where, src, left_out)
            # the lines of the file just written, for the next save of this
            # scan (the entries of facts payloads as they now point there)
            for path, span in written.items():
                if not span[1]:
                    written[path] = (span[0], tuple(span[0]), span[2], span[3])
            self._spans = written
        except (OSError, ValueError):
            pass  # read-only checkout, disk full...: run without a cache
        finally:
            unlink_quietly(tmp)


def encode_body(entries: dict[str, Any], full: dict[str, Any]) -> Iterator[bytes]:
    """The body lines (see the module doc) of entries and on-demand facts held in memory."""
    for head, value, _holder in body_lines(entries, full, lambda v: v):
        yield head + value


def body_lines(entries: dict[str, Any], full: dict[str, Any], payload: Any) -> Iterator[tuple[bytes, bytes, list[Any] | None]]:
    """The body lines (see the module doc) of these entries and on-demand
    facts, each as (line up to its value, value and newline, the list that
    holds the value when it is a facts payload); ``payload`` reads a value
    left on disk (ValueError when it cannot: the entry is left out)."""
    for path, entry in entries.items():
        got = _body_line(path, entry, payload)
        if got is not None:
            yield got[0], got[1], entry if entry[2] == "f" else None
    yield from _full_lines(full, payload)


def _body_line(path: str, entry: list[Any], payload: Any) -> tuple[bytes, bytes] | None:
    """(line up to its value, value and newline) of one entry; None when its
    payload cannot be read back (the entry is left out)."""
    sig, digest, kind, value = entry
    try:
        text = payload(value) if kind == "f" else json.dumps(value)
    except (OSError, ValueError):
        return None
    data = text.encode("ascii") if isinstance(text, str) else text
    return f"{json.dumps(path)}\t{sig}\t{digest}\t{kind}\t".encode("ascii"), data + b"\n"


def _full_lines(full: dict[str, Any], payload: Any) -> Iterator[tuple[bytes, bytes, list[Any] | None]]:
    """The body lines of the facts of files parsed on demand, as :func:`body_lines`."""
    for path, stored in full.items():
        try:
            text = payload(stored[1])
        except (OSError, ValueError):
            continue
        data = text.encode("ascii") if isinstance(text, str) else text
        yield f"{json.dumps(path)}\t\t{stored[0]}\t{ON_DEMAND}\t".encode("ascii"), data + b"\n", stored


def decode_body(
    data: bytes, start: int = 0, on_disk: bool = False, spans: "dict[str, _Span] | None" = None
) -> tuple[dict[str, Any], dict[str, Any], int]:
    """(entries, on-demand facts, number of malformed lines) of the body that
    starts at ``start``.  Facts stay JSON text, or with ``on_disk`` where they
    are in ``data`` (an ``_OnDisk``: ``data`` is the whole cache file); a
    malformed line (not ASCII, fields missing...) is left out, and its file
    is analysed again.  ``spans``: filled with where each entry's line is in
    ``data`` (see ``FactsCache._write``)."""
    entries: dict[str, Any] = {}
    full: dict[str, Any] = {}
    bad = 0
    size = len(data)
    while start < size:  # line by line: the body is never copied whole
        end = data.find(b"\n", start)
        if end < 0:
            end = size
        parts = data[start:end].split(b"\t", 4)
        line_start, start = start, end + 1
        if parts == [b""]:
            continue
        try:
            if len(parts) != 5:
                raise ValueError("bad line")
            path = _json_str(parts[0])
            kind = parts[3].decode("ascii")
            value: str | _OnDisk
            if on_disk and (kind == "f" or kind == ON_DEMAND):
                if not parts[4].isascii():
                    raise ValueError("not ASCII")
                value = _OnDisk(end - len(parts[4]), len(parts[4]))
            else:
                value = parts[4].decode("ascii")
            if kind == ON_DEMAND:
                full[path] = [parts[2].decode("ascii"), value]
            else:
                entry = entries[path] = [parts[1].decode("ascii"), parts[2].decode("ascii"), kind, value if kind == "f" else _json_str(parts[4])]
                if spans is not None and end < size:  # (a last line without its newline is written again)
                    spans[path] = (entry, tuple(entry), line_start, start)
        except (ValueError, RecursionError):
            bad += 1
    return entries, full, bad


def _json_str(raw: bytes) -> str:
    """A JSON string field of a body line: sliced when it has no escapes (the
    common case, a few times faster than the JSON decoder), else decoded."""
    if len(raw) >= 2 and raw[0] == 0x22 and raw[-1] == 0x22 and b"\\" not in raw and raw.count(b'"') == 2:
        return raw[1:-1].decode("ascii")
    got = json.loads(raw)
    if not isinstance(got, str):
        raise ValueError("not a string")
    return got


def encode_facts(res: FileFacts) -> tuple[str, str]:
    """(tag, payload) of a cache entry: ``("p", language)`` for a file no
    trigger selected, else ``("f", facts as JSON)``.  Runs in the workers
    (``engine._encoding_worker``) so the scan's main process does not."""
    data = to_json(res)
    if data.keys() == {"path", "lang", "shallow"}:
        return "p", res.lang
    return "f", facts_payload(res, data)


def facts_payload(facts: FileFacts, data: dict[str, Any] | None = None) -> str:
    """The cached JSON of a file's facts: ``to_json`` with the calls in their
    compact form (``facts.pack_call``)."""
    data = dict(to_json(facts) if data is None else data)
    if facts.calls:
        data["calls"] = [pack_call(c) for c in facts.calls]
    return json.dumps(data, separators=(",", ":"))


def facts_from_payload(text: str | bytes) -> FileFacts:
    """Inverse of :func:`facts_payload`; raises ValueError on anything malformed."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("bad facts")
    calls = data.pop("calls", [])
    if not isinstance(calls, list):
        raise ValueError("bad calls")
    facts = from_json("FileFacts", data)
    with gc_paused():
        facts.calls = [unpack_call(a) for a in calls]
        intern_rest(facts)  # the rest of facts.intern_strings: calls, functions and values are done as they are built
    return facts


def read_side_file(path: str, max_bytes: int) -> tuple[dict[str, Any], bytes] | None:
    """(header, body) of a file kept beside the facts cache (saved results,
    probe answers): a JSON object on the first line, then the body; None when
    it cannot be read or has no such header."""
    try:
        raw = read_regular(path, max_bytes)
    except OSError:
        return None
    nl = raw.find(b"\n")
    try:
        header = json.loads(raw[:nl]) if nl > 0 else None
    except (ValueError, RecursionError):
        return None
    return (header, raw[nl + 1 :]) if isinstance(header, dict) else None


def write_side_file(folder: str, name: str, data: bytes) -> bool:
    """Replace ``folder/name`` with ``data`` atomically (a temporary file,
    then a rename), creating the cache directory; best effort: False when it
    cannot (a read-only checkout, a full disk, a foreign directory)."""
    tmp = None
    try:
        if not prepare_dir(folder):
            return False
        fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + name.split("-", 1)[0] + "-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, os.path.join(folder, name))
        tmp = None
        return True
    except (OSError, ValueError):
        return False
    finally:
        unlink_quietly(tmp)


def prepare_dir(path: str) -> bool:
    """Create the cache directory with its ``.gitignore`` (raises OSError when
    it cannot); False when something that is not a directory stands there."""
    os.makedirs(path, exist_ok=True)
    if _foreign_dir(path):
        return False
    gi = os.path.join(path, ".gitignore")
    if not os.path.lexists(gi):
        with open(gi, "w", encoding="utf-8") as fh:
            fh.write(GITIGNORE)
    return True


def _foreign_dir(path: str) -> bool:
    """True when ``path`` exists but is not a real directory (a symlink, a file)."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return not stat.S_ISDIR(st.st_mode)


def clean(root: str) -> bool:
    """Remove the cache directory (or a symlink standing in its place); True if there was one."""
    import shutil

    path = os.path.join(os.path.abspath(root), CACHE_DIR)
    if os.path.islink(path):
        os.unlink(path)
        return True
    if os.path.isdir(path):
        shutil.rmtree(path)
        return True
    return False
