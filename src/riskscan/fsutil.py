"""Safe reads: only regular files, never blocking, never following links."""

from __future__ import annotations

import os
import stat


class NotRegular(OSError):
    pass


def read_regular(path: str, limit: int) -> bytes:
    """Read up to ``limit`` bytes of a regular file.

    Opens with O_NONBLOCK|O_NOFOLLOW so a file swapped for a FIFO, device or
    symlink after discovery is refused instead of blocking or escaping.
    """
    fd = open_regular(path)
    try:
        return read_fd(fd, limit)
    finally:
        os.close(fd)


def open_regular(path: str) -> int:
    """A read-only descriptor of a regular file (see :func:`read_regular`); the caller closes it."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(0, "not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_fd(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from ``fd``'s current position to its end."""
    chunks = []
    remaining = limit
    while remaining > 0:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)  # (one chunk: that very object, no copy)


def unlink_quietly(path: str | None) -> None:
    """Remove a leftover temporary file, if there is one (best effort)."""
    if path is None:
        return
    try:
        os.unlink(path)
    except OSError:
        pass


def replace_private(path: str, data: bytes) -> bool:
    """Replace ``path`` (a file of the per-user cache directory) with
    ``data`` atomically: a temporary file of this user's only (created
    exclusively, so never through a planted symlink), then a rename; its
    directory is created private when missing.  Best effort: False when it
    cannot be written (a read-only home, a full disk)."""
    import tempfile

    tmp = None
    try:
        folder = os.path.dirname(path)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        unlink_quietly(tmp)


def read_secret() -> bytes | None:
    """The per-user HMAC secret of riskscan's caches when there is one
    (``RISKSCAN_CACHE_SECRET``, else the file riskscan.cache.secret creates);
    never creates it."""
    env = os.environ.get("RISKSCAN_CACHE_SECRET")
    if env:
        return env.encode()
    try:
        data = read_regular(os.path.join(user_cache_dir(), "secret"), 4096).strip()
    except OSError:
        return None
    return data if len(data) >= 32 else None


def user_cache_dir() -> str:
    """riskscan's per-user cache directory (``$XDG_CACHE_HOME/riskscan``):
    the facts cache's secret and the rules' snapshot."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "riskscan")
