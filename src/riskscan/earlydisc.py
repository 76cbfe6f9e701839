"""Files discovered ahead, by the child the command line forks at start-up.

A warm ``riskscan check`` (a pre-commit hook, an editor's save) spends
about 0.2 s before its scan starts (the interpreter, typer, the options,
the configuration, the engine's import), then about 0.1 s walking a
4,000-file tree.  The child ``riskscan.prewarm.fork_early`` starts before
typer is imported has the other core meanwhile: before it imports libcst
for the files the scan will find changed, it walks the tree
(:func:`discover_ahead`) and sends the scan the
:class:`~riskscan.discovery.Discovery` with the options it used.

It reads those options from the command line itself, with the
configuration file they lead to (:func:`guess_options`).  That is only a
guess: the scan takes the discovery (:func:`take`) when the options it
was made with are exactly the ones the scan discovers with (the root,
tests included or not, the excludes, the size limit), and walks the tree
itself otherwise (an option the guess does not read, a configuration it
could not load, a child that died, no child).  ``discover`` is a function
of those options and of the tree alone, so a discovery taken is the one
the scan would have made a moment later.
"""

from __future__ import annotations

import marshal
import os
from dataclasses import fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from .model import Skipped

if TYPE_CHECKING:
    from .discovery import Discovery
    from .engine import ScanOptions
    from .prewarm import Prewarmed

# `riskscan check`'s options that take a value (as the command line defines them)
_VALUED = {"--format", "-f", "--output", "-o", "--fail-on", "--exclude", "--select", "--ignore", "--extend-select",
           "--jobs", "-j", "--baseline", "--diff-base", "--config", "--max-bytes"}
_FLAGS = {"--include-tests", "--no-include-tests", "--no-cache", "--require-reason", "--strict", "--color", "--no-color"}


def guess_options(argv: list[str]) -> dict[str, Any] | None:
    """What ``riskscan check`` arguments say about discovery: ``path``,
    ``exclude`` (a list), ``include_tests`` (None: not given),
    ``max_bytes`` (None: not given), ``config`` (None: found from the path);
    None for anything this reading is not sure of (an unknown option, two
    paths, a value missing or malformed)."""
    if not argv or argv[0] != "check":
        return None
    got: dict[str, Any] = {"path": None, "exclude": [], "include_tests": None, "max_bytes": None, "config": None}
    rest = argv[1:]
    i = 0
    positional_only = False
    while i < len(rest):
        a = rest[i]
        i += 1
        if positional_only or not a.startswith("-") or a == "-":
            if got["path"] is not None:
                return None
            got["path"] = a
            continue
        if a == "--":
            positional_only = True
            continue
        if a in _FLAGS:
            if a in ("--include-tests", "--no-include-tests"):
                got["include_tests"] = a == "--include-tests"
            continue
        if a.startswith("--"):
            name, eq, value = a.partition("=")
        else:  # `-f json`, `-fjson`
            name, eq, value = a[:2], "=" if len(a) > 2 else "", a[2:]
        if name not in _VALUED:
            return None
        if not eq:
            if i >= len(rest):
                return None
            value = rest[i]
            i += 1
        if name == "--exclude":
            got["exclude"].append(value)
        elif name == "--max-bytes":
            try:
                got["max_bytes"] = int(value)
            except ValueError:
                return None
        elif name == "--config":
            got["config"] = value
    if got["path"] is None:
        got["path"] = "."
    return got


def discovery_key(root: str, include_tests: bool, excludes: tuple[str, ...], max_bytes: int) -> tuple[Any, ...]:
    """The options :func:`riskscan.discovery.discover` takes, as compared."""
    return (os.path.abspath(root), bool(include_tests), tuple(excludes), int(max_bytes))


def discover_ahead(argv: list[str]) -> bytes | None:
    """The packed ``(key, Discovery)`` (:func:`pack`) of the scan ``argv``
    asks for, or None when the guess is unsure or the scan will be a cold
    one (no cache: the scan stops the child at once, see
    ``riskscan.engine._prewarmed_child``) (what the child sends)."""
    from .cache import CACHE_DIR, CACHE_FILE
    from .config import load_config
    from .discovery import DEFAULT_MAX_BYTES, discover

    guess = guess_options(argv)
    if guess is None or not os.path.isfile(os.path.join(guess["path"], CACHE_DIR, CACHE_FILE)):
        return None
    cfg = load_config(guess["path"], guess["config"], [])
    include_tests = guess["include_tests"] if guess["include_tests"] is not None else bool(cfg.get("include-tests", False))
    excludes = tuple(cfg.get("exclude", ())) + tuple(guess["exclude"])
    max_bytes = guess["max_bytes"] if guess["max_bytes"] is not None else int(cfg.get("max-bytes", DEFAULT_MAX_BYTES))
    key = discovery_key(guess["path"], include_tests, excludes, max_bytes)
    return pack(key, discover(key[0], include_tests=key[1], excludes=key[2], max_bytes=key[3]))


def _rows(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def pack(key: tuple[Any, ...], disc: "Discovery") -> bytes:
    """``(key, disc)`` as marshal data: the files and skipped files as tuples
    of their fields (for 4,000 files about 11 ms packed and 6 unpacked,
    against 19 and 11 for a pickle of the objects), the rest as it is
    (plain strings, lists and dicts).  TypeError or ValueError for what
    it cannot carry as it is (the child then sends nothing)."""
    from .discovery import Discovery, SourceFile

    body = {}
    for name in _rows(Discovery):
        value = getattr(disc, name)
        if name in ("files", "skipped"):
            cls = SourceFile if name == "files" else Skipped
            if any(type(x) is not cls for x in value):
                raise TypeError(f"{name}: not all {cls.__name__}")  # (rebuilt as one, it would lose what it is)
            row = attrgetter(*_rows(cls))
            value = [row(x) for x in value]
        body[name] = value
    return marshal.dumps((key, body))


def unpack(data: bytes) -> "tuple[tuple[Any, ...], Discovery]":
    """What :func:`pack` packed (ValueError, TypeError, EOFError: not that)."""
    from .discovery import Discovery, SourceFile

    key, body = marshal.loads(data)
    files = [SourceFile(*row) for row in body.pop("files")]
    skipped = [Skipped(*row) for row in body.pop("skipped")]
    return tuple(key), Discovery(files=files, skipped=skipped, **body)


def take(child: "Prewarmed | None", root: str, opts: "ScanOptions") -> "Discovery | None":
    """The discovery ``child`` made ahead (waited for), when it made it with
    exactly the options of this scan; else None (the scan discovers the
    files itself)."""
    message = child.first_message() if child is not None else None
    if not message:
        return None
    try:
        key, disc = unpack(message)
    except Exception:
        return None
    if key != discovery_key(root, opts.include_tests, opts.excludes, opts.max_bytes):
        return None
    return disc
