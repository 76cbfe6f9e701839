"""Per-file facts cache in ``.riskscan_cache/`` at the scanned root.

One JSON file maps each path to its stat signature, content hash and facts
(or skip reason).  The key includes the riskscan version and the trigger
tokens of the enabled rules (which decide what is parsed).  The cache is plain
JSON, never pickle: a cache directory committed to a repository is untrusted
input, so anything malformed is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Any

from . import __version__
from .discovery import SourceFile
from .facts import FileFacts, from_json, to_json
from .fsutil import read_regular
from .model import Skipped

CACHE_DIR = ".riskscan_cache"
CACHE_FILE = "facts-v1.json"
FORMAT = "riskscan-facts-cache"


def _sig(f: SourceFile) -> str | None:
    try:
        st = os.stat(f.abspath, follow_symlinks=False)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


class FactsCache:
    def __init__(self, root: str, *, enabled: bool, trigger_key: bytes) -> None:
        self.root = root
        self.enabled = enabled
        self.dir = os.path.join(root, CACHE_DIR)
        self.key = hashlib.sha256(__version__.encode() + b"\0" + trigger_key).hexdigest()[:24]
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        if enabled:
            self._load()

    def _load(self) -> None:
        path = os.path.join(self.dir, CACHE_FILE)
        try:
            raw = read_regular(path, 512 * 1024 * 1024)
            data = json.loads(raw)
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != self.key:
            return
        entries = data.get("entries")
        if isinstance(entries, dict):
            self.entries = entries

    def split(self, files: list[SourceFile]) -> tuple[list[SourceFile], dict[str, FileFacts | Skipped]]:
        """(files to analyse, results taken from the cache)."""
        if not self.enabled:
            return list(files), {}
        todo: list[SourceFile] = []
        hits: dict[str, FileFacts | Skipped] = {}
        for f in files:
            entry = self.entries.get(f.path)
            sig = _sig(f)
            if entry is None or sig is None:
                todo.append(f)
                continue
            if entry.get("sig") != sig:
                # stat changed: compare content hashes before re-parsing
                try:
                    digest = hashlib.sha256(read_regular(f.abspath, f.size + 1)).hexdigest()
                except OSError:
                    todo.append(f)
                    continue
                if entry.get("sha") != digest:
                    todo.append(f)
                    continue
                entry["sig"] = sig
                self.dirty = True
            try:
                if "skip" in entry:
                    hits[f.path] = Skipped(f.path, str(entry["skip"]))
                else:
                    facts = from_json("FileFacts", entry["facts"])
                    if facts.path != f.path:
                        raise ValueError("path mismatch")
                    hits[f.path] = facts
            except Exception:
                todo.append(f)
        return todo, hits

    def update(self, files: list[SourceFile], results: dict[str, FileFacts | Skipped]) -> None:
        if not self.enabled:
            return
        for f in files:
            res = results.get(f.path)
            sig = _sig(f)
            if res is None or sig is None:
                continue
            try:
                digest = hashlib.sha256(read_regular(f.abspath, f.size + 1)).hexdigest()
            except OSError:
                continue
            if isinstance(res, Skipped):
                if res.reason.startswith(("cannot read", "internal error", "parser crashed")):
                    continue  # transient or a bug: do not remember
                self.entries[f.path] = {"sig": sig, "sha": digest, "skip": res.reason}
            else:
                self.entries[f.path] = {"sig": sig, "sha": digest, "facts": to_json(res)}
            self.dirty = True

    def save(self) -> None:
        if not self.enabled or not self.dirty:
            return
        try:
            os.makedirs(self.dir, exist_ok=True)
            gi = os.path.join(self.dir, ".gitignore")
            if not os.path.exists(gi):
                with open(gi, "w", encoding="utf-8") as fh:
                    fh.write("# Automatically created by riskscan.\n*\n")
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".facts-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"format": FORMAT, "key": self.key, "entries": self.entries}, fh, separators=(",", ":"))
            os.replace(tmp, os.path.join(self.dir, CACHE_FILE))
        except OSError:
            pass  # read-only checkout: run without a cache


def clean(root: str) -> bool:
    """Remove the cache directory; True if there was one."""
    import shutil

    path = os.path.join(os.path.abspath(root), CACHE_DIR)
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
        return True
    return False
