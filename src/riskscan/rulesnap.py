"""A JSON snapshot of the parsed rule files, in the per-user cache directory.

Every run needs the rules' metadata (triggers, severities, texts).  Parsing
the YAML rule files, and importing PyYAML to do it, costs about 60 ms: a
tenth of a warm re-scan of a mid-sized project.  So ``load_rules`` keeps
what it parsed (without the rules' ``examples``, which only tests read) in
``$XDG_CACHE_HOME/riskscan/rules-<hash of the rules folder>.json`` and reads
that instead while it is current.

* **Key.** The riskscan version and the name, size and mtime of every rule
  file and of the modules that turn them into :class:`RuleMeta`; an edited
  rule file or checkout never reuses a stale snapshot.
* **Never trusted further than its shape.** A snapshot with another key, not
  JSON, or with a field of the wrong type is ignored and rewritten.  It only
  ever holds a copy of data shipped with riskscan.
* **Written only by scans that use the cache** (``allow_writes``, called
  for ``check``/``baseline`` without ``--no-cache``): other commands and
  ``--no-cache`` only read it.  Writes are atomic (temp file + rename) and
  best effort; where nothing can be written, the rules are parsed on every
  run as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from . import __version__
from .fsutil import replace_private, user_cache_dir
from .model import RuleMeta

FORMAT = 1
_INTS = ("effort",)
_TUPLES = ("languages", "tags", "references", "triggers")
# the RuleMeta fields kept (``examples`` is left out: a snapshot is for scans)
_FIELDS = tuple(name for name in RuleMeta.__dataclass_fields__ if name != "examples")
# the modules that decide what a rule file becomes
_CODE = ("ruledefs.py", "model.py", "rulesnap.py")
_writes = False


def allow_writes() -> None:
    """Let this process write snapshots (a scan that uses the cache)."""
    global _writes
    _writes = True


def _path(directory: Path) -> str:
    digest = hashlib.sha256(str(directory).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return os.path.join(user_cache_dir(), f"rules-{digest}.json")


def _key(directory: Path, paths: list[Path]) -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [f"riskscan {__version__}", f"format {FORMAT}", str(directory)]
    for path in [Path(here, name) for name in _CODE] + paths:
        try:
            st = os.stat(path)
        except OSError:
            return ""  # cannot tell whether it changed: no snapshot
        parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _rule(raw: Any) -> RuleMeta:
    if not isinstance(raw, dict) or set(raw) != set(_FIELDS):
        raise ValueError("bad rule")
    for name in _FIELDS:
        value = raw[name]
        if name in _INTS:
            ok = type(value) is int
        elif name in _TUPLES:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            raw[name] = tuple(value) if ok else value
        else:
            ok = isinstance(value, str)
        if not ok:
            raise ValueError(f"bad {name}")
    return RuleMeta(**raw)


def read(directory: Path, paths: list[Path]) -> dict[str, RuleMeta] | None:
    """The rules of the snapshot of ``directory`` if it is current, else None."""
    key = _key(directory, paths)
    if not key:
        return None
    try:
        with open(_path(directory), "rb") as fh:
            data = json.loads(fh.read())
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("rules"), list):
            return None
        rules = [_rule(raw) for raw in data["rules"]]
    except (OSError, ValueError, TypeError, RecursionError):
        return None
    if [r.id for r in rules] != sorted(r.id for r in rules) or len(rules) != len(paths):
        return None
    return {r.id: r for r in rules}


def write(directory: Path, paths: list[Path], rules: dict[str, RuleMeta]) -> None:
    """Remember ``rules`` (parsed from ``paths`` without examples) when this
    process may (``allow_writes``); best effort."""
    key = _key(directory, paths) if _writes else ""
    if not key:
        return
    data = {"key": key, "rules": [{name: getattr(r, name) for name in _FIELDS} for r in rules.values()]}
    replace_private(_path(directory), json.dumps(data).encode("utf-8"))
