"""Compiled objects kept from one run to the next, in an authenticated file.

Two things riskscan compiles on every run cost it more than the work they
serve on a small re-scan: the methods :mod:`dataclasses` writes for each
class (riskscan.dccode) and the programs of regular expressions
(riskscan.recode).  Each keeps what it compiled in files of
``$XDG_CACHE_HOME/riskscan`` named for the interpreter, each a
:class:`KeptFile` (held in a process by a :class:`Kept`):

* **Authenticated** like the facts cache, with the per-user secret (or
  ``RISKSCAN_CACHE_SECRET``): the file is marshal data, like a ``.pyc``, so
  one that is not exactly what this user's riskscan wrote (another secret,
  truncated, malformed, not a mapping) is ignored, and without a secret
  nothing is read.
* **Written only by scans that use the cache** (:func:`allow_writes`, as the
  rules' snapshot, riskscan.rulesnap), when the process compiled something
  new: atomic (temp file + rename), best effort, merged with what another
  process wrote meanwhile, and cut back to what this process used when it
  grows past the store's limit.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
from typing import Any, Callable

from .fsutil import read_regular, read_secret, replace_private, user_cache_dir

MAX_BYTES = 32 * 1024 * 1024


class KeptFile:
    """One store: ``<directory>/<name>``, a marshalled dict whose items
    ``valid(key, value)`` accepts, behind ``magic`` and an HMAC.  The
    directory is riskscan's per-user cache directory (created when missing)
    unless ``directory`` names a scanned project's ``.riskscan_cache``, where
    the file is written as the cache's other side files
    (riskscan.cache.write_side_file: the directory with its ``.gitignore``,
    never one that is a symlink)."""

    def __init__(self, magic: bytes, name: Callable[[], str], valid: Callable[[Any, Any], bool], max_entries: int,
                 directory: str | None = None) -> None:
        self.magic = magic
        self._name = name
        self._valid = valid
        self.max_entries = max_entries
        self.directory = directory

    def path(self) -> str:
        return os.path.join(self.directory or user_cache_dir(), self._name())

    def _mac(self, secret: bytes, body: bytes) -> bytes:
        return hmac.new(secret, self.magic + body, hashlib.sha256).hexdigest().encode("ascii")

    def read(self) -> dict:
        """What an earlier run saved, when it is authentic; else nothing."""
        secret = read_secret()
        if secret is None:
            return {}
        try:
            data = read_regular(self.path(), MAX_BYTES + 1)
        except OSError:
            return {}
        head = len(self.magic) + 65
        if len(data) > MAX_BYTES or not data.startswith(self.magic) or data[head - 1 : head] != b"\n":
            return {}
        body = data[head:]
        if not hmac.compare_digest(data[len(self.magic) : head - 1], self._mac(secret, body)):
            return {}
        try:
            got = marshal.loads(body)
        except (ValueError, EOFError, TypeError):
            return {}
        if not isinstance(got, dict) or not all(self._valid(k, v) for k, v in got.items()):
            return {}
        return got

    def save(self, current: dict, used: set) -> bool:
        """Write ``current`` merged with what the file holds now (only what
        was ``used`` when that grows past the limit); False when it could not
        be written (no secret, no cache directory, disk full...)."""
        try:
            from .cache import secret

            key = secret()
            if key is None:
                return False
            merged = {**self.read(), **current}
            if len(merged) > self.max_entries:
                merged = {k: merged[k] for k in used if k in merged}
            body = marshal.dumps(merged)
            data = self.magic + self._mac(key, body) + b"\n" + body
            if self.directory is not None:  # a project's cache: written as its other side files
                from .cache import write_side_file

                return write_side_file(self.directory, self._name(), data)
            return replace_private(self.path(), data)
        except (OSError, ValueError):
            return False


class Kept:
    """What one :class:`KeptFile` holds, in this process: read on first use,
    added to as the process compiles, saved when it compiled something new."""

    def __init__(self, store: KeptFile) -> None:
        self.store = store
        self.items: dict | None = None
        self.used: set = set()
        self.new = 0

    def _read(self) -> dict:
        if self.items is None:
            self.items = self.store.read()
        return self.items

    def get(self, key: Any) -> Any:
        got = self._read().get(key)
        if got is not None:
            self.used.add(key)
        return got

    def put(self, key: Any, value: Any) -> None:
        self._read()[key] = value
        self.used.add(key)
        self.new += 1

    def save(self) -> None:
        if _writes and self.new and self.items is not None and self.store.save(self.items, self.used):
            self.new = 0


_writes = False


def install() -> None:
    """Reuse kept code in this process (dataclasses' methods, regular expressions)."""
    from . import dccode, recode

    dccode.install()
    recode.install()


def allow_writes() -> None:
    """Let this process save what it compiled (a scan that uses the cache)."""
    global _writes
    _writes = True


def save() -> None:
    """Save what this process compiled, in each store that has something new
    (when writes are allowed)."""
    from . import dccode, recode

    for kept in (*dccode.KEPT.values(), recode.KEPT, recode.LOCAL):
        if kept is not None:
            kept.save()
