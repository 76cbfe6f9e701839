"""The compiled methods of dataclasses, kept from one run to the next.

Creating a dataclass compiles the methods :mod:`dataclasses` writes for it
(``__init__``, ``__repr__``, ``__eq__``...) from source text.  libcst
defines its syntax tree as a few hundred frozen dataclasses: compiling their
methods is more than half of its import, 0.1-0.2 s that the pre-warmed child
of a warm re-scan (riskscan.prewarm) and each worker of a cold one pay
before they can parse a file; riskscan's own dataclasses (the facts, the
checks' records) cost the scan's process some 20-40 ms more.

:func:`install` gives the :mod:`dataclasses` module an ``exec`` of its own
that runs the code object compiled for the same text in an earlier run
(compiled as ``exec`` itself would: no ``__future__`` flags), from
``$XDG_CACHE_HOME/riskscan/dataclass-code-<interpreter>.bin``; a text seen
for the first time is compiled as before and added.

* **Key.** The text itself: a code object is only ever run for exactly the
  text it was compiled from.  One file per interpreter (its cache tag and
  bytecode magic number, as ``__pycache__``).
* **Authenticated** like the facts cache, with the per-user secret (or
  ``RISKSCAN_CACHE_SECRET``): marshal data, like a ``.pyc``, is code, so a
  file that is not exactly what this user's riskscan wrote (another secret,
  truncated, malformed, not a mapping of text to code) is ignored, and
  without a secret nothing is read.
* **Written only by scans that use the cache** (:func:`allow_writes`, as the
  rules' snapshot, riskscan.rulesnap), when this process compiled something
  new: atomic (temp file + rename), best effort, merged with what another
  process wrote meanwhile, and cut back to what this process used when it
  grows past ``MAX_ENTRIES``.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import marshal
import os
import sys
import types
from typing import Any

from .fsutil import read_regular, read_secret, unlink_quietly, user_cache_dir

MAGIC = b"riskscan-dataclass-code 1\n"
MAX_BYTES = 32 * 1024 * 1024
MAX_ENTRIES = 8000

_code: dict[str, types.CodeType] | None = None  # text -> code; None until first needed
_used: set[str] = set()
_new = 0
_writes = False


def install() -> None:
    """Make :mod:`dataclasses` run cached code (once per process; where its
    module already has an ``exec`` of its own, nothing is changed)."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is None:
        dataclasses.exec = _exec  # type: ignore[attr-defined]


def allow_writes() -> None:
    """Let this process save what it compiled (a scan that uses the cache)."""
    global _writes
    _writes = True


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    if isinstance(source, str):
        source = _compiled(source)
    builtins.exec(source, globals, locals)


def _compiled(text: str) -> types.CodeType:
    global _code, _new
    if _code is None:
        _code = _read()
    code = _code.get(text)
    if code is None:
        code = _code[text] = compile(text, "<string>", "exec", dont_inherit=True)
        _new += 1
    _used.add(text)
    return code


def _path() -> str:
    from importlib._bootstrap_external import MAGIC_NUMBER  # (loaded at start-up: the frozen importlib)

    tag = sys.implementation.cache_tag or sys.implementation.name
    return os.path.join(user_cache_dir(), f"dataclass-code-{tag}-{MAGIC_NUMBER.hex()}.bin")


def _mac(secret: bytes, body: bytes) -> bytes:
    return hmac.new(secret, MAGIC + body, hashlib.sha256).hexdigest().encode("ascii")


def _read() -> dict[str, types.CodeType]:
    """What an earlier run saved, when it is authentic; else nothing."""
    secret = read_secret()
    if secret is None:
        return {}
    try:
        data = read_regular(_path(), MAX_BYTES + 1)
    except OSError:
        return {}
    head = len(MAGIC) + 65
    if len(data) > MAX_BYTES or not data.startswith(MAGIC) or data[head - 1 : head] != b"\n":
        return {}
    body = data[head:]
    if not hmac.compare_digest(data[len(MAGIC) : head - 1], _mac(secret, body)):
        return {}
    try:
        got = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(got, dict) or not all(isinstance(k, str) and isinstance(v, types.CodeType) for k, v in got.items()):
        return {}
    return got


def save() -> None:
    """Save the code compiled in this process (when writes are allowed and
    there is something new)."""
    global _new
    if not _writes or not _new or _code is None:
        return
    try:
        from .cache import secret

        key = secret()
        if key is None:
            return
        merged = {**_read(), **_code}
        if len(merged) > MAX_ENTRIES:
            merged = {text: merged[text] for text in _used}
        body = marshal.dumps(merged)
        path = _path()
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + _mac(key, body) + b"\n" + body)
            os.replace(tmp, path)
        finally:
            unlink_quietly(tmp)
        _new = 0
    except (OSError, ValueError):
        pass  # (no cache directory, disk full...: compiled again next time)
