"""Where compose datastores keep their data, and whether it survives.

* :func:`data_volume` -- is a persistent volume mounted at the service's data
  directory (image defaults from :mod:`._compose_images`, moved by ``PGDATA``,
  ``--dir``, ``--dbpath``, ``server /export`` ...)?  None when it cannot be known
  (``volumes_from``, a mount target or data-dir flag from an unset variable).
* :func:`memory_data_dirs` -- the data directories a tmpfs mount holds in memory.
* :func:`stateful` -- a datastore that holds data (core NATS without JetStream
  does not).
* :func:`redis_persistence_off` -- ``--save ""`` without ``--appendonly yes``.
"""

from __future__ import annotations

import posixpath
import re
import shlex

from ._compose_interp import UNKNOWN, known
from ._compose_merge import N, kv_mapping, scalar_text, split_volume
from ._compose_model import ComposeService, tokens_of


def _mounts(svc: ComposeService) -> list[tuple[str, bool, N]] | None:
    """(target, persistent, node) of every mount; None when a target cannot be known."""
    out: list[tuple[str, bool, N]] = []
    volumes = svc.get("volumes")
    for item in volumes.seq() if volumes is not None else []:
        if isinstance(item.v, dict):
            target = scalar_text(item.get("target"))
            kind = scalar_text(item.get("type")) or "volume"
            if target is None or not known(target) or not known(kind):
                return None
            out.append((target.rstrip("/") or "/", kind != "tmpfs", item))
            continue
        text = scalar_text(item)
        if text is None:
            continue
        _, target, _ = split_volume(text)
        if not known(target):
            return None
        out.append((target.rstrip("/") or "/", True, item))
    tmpfs = svc.get("tmpfs")
    if tmpfs is not None:
        for item in tmpfs.seq() if tmpfs.is_seq else [tmpfs]:
            text = scalar_text(item)
            if text and known(text):
                out.append((text.split(":")[0].rstrip("/") or "/", False, item))
    return out


def _flag_values(tokens: list[str], flags: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for i, tok in enumerate(tokens):
        for flag in flags:
            if tok == flag and i + 1 < len(tokens):
                out.append(tokens[i + 1])
            elif tok.startswith(flag + "="):
                out.append(tok[len(flag) + 1 :])
    return out


# a shell that runs the script of an entrypoint or command (`/bin/sh -c "minio server /data & ..."`)
_SHELLS = frozenset({"sh", "bash", "ash", "dash"})
_SHELL_OPS = frozenset({"&", "&&", ";", "|", "||"})
# `minio server` flags that take no value
_MINIO_SWITCHES = frozenset({"--quiet", "--anonymous", "--json"})


def _words(svc: ComposeService) -> list[str]:
    """Shell words of the entrypoint and command.  The script a shell runs
    (``sh -c "…"``: lobe-chat's minio entrypoint that starts ``minio server
    /etc/minio/data &`` and then creates its bucket) is split into its own
    words, its operators (``&``, ``;``, the end of a line) as words of their own."""
    tokens = tokens_of(svc.get("entrypoint")) + tokens_of(svc.get("command"))
    for i, tok in enumerate(tokens[:-2]):
        if posixpath.basename(tok) in _SHELLS and tokens[i + 1] == "-c":
            script: list[str] = []
            for line in tokens[i + 2].splitlines():
                lex = shlex.shlex(line, posix=True, punctuation_chars=True)
                lex.whitespace_split = True
                try:
                    script += list(lex) + [";"]
                except ValueError:
                    script += line.split() + [";"]
            return tokens[: i + 2] + script + tokens[i + 3 :]
    return tokens


def _minio_dirs(words: list[str]) -> list[str]:
    """The directories ``minio server`` serves (``words`` follow ``server``):
    its positional words up to the end of its command, not the values of its
    flags (``--address ":${MINIO_PORT}"``)."""
    out: list[str] = []
    value = False
    for w in words:
        if w in _SHELL_OPS:
            break
        if value:
            value = False
        elif w.startswith("-"):
            value = "=" not in w and w not in _MINIO_SWITCHES
        else:
            out.append(w)
    return out


def data_dirs(svc: ComposeService) -> list[str] | None:
    """Where the service keeps its data (any of these); None when unknown.  A
    directory set by the environment (``PGDATA``) or a flag (``--dir``,
    ``server /export``) replaces the image's default."""
    fam = svc.family_info
    if fam is None:
        return None
    moved: list[str] = []
    env = kv_mapping(svc.get("environment"))
    for var in fam.env:
        val = env.get(var)
        text = scalar_text(val) if val is not None else None
        if text is None:
            continue
        if not known(text):
            return None
        moved.extend(p.strip() for p in re.split(r"[,\s]+", text) if p.strip().startswith("/"))
    tokens = _words(svc)
    values = _flag_values(tokens, fam.flags)
    if fam.name == "minio" and "server" in tokens:
        values += _minio_dirs(tokens[tokens.index("server") + 1 :])
    if fam.name == "postgres":
        values += [t.split("=", 1)[1] for t in tokens if t.startswith("data_directory=")]
    if any(UNKNOWN in v for v in values):
        return None
    moved.extend(v for v in values if v.startswith("/"))
    dirs = moved or list(fam.dirs)
    return [d.rstrip("/") or "/" for d in dirs]


def _has_config_file(tokens: list[str]) -> bool:
    return any(t.endswith((".conf", ".cnf", ".yaml", ".yml", ".toml", ".ini", ".json")) and "/" in t for t in tokens[1:] if not t.startswith("-"))


def data_volume(svc: ComposeService) -> bool | None:
    """True when a persistent volume covers the data directory, None when unknown."""
    if svc.get("volumes_from") is not None:
        return None
    mounts = _mounts(svc)
    dirs = data_dirs(svc)
    if mounts is None or dirs is None:
        return None
    persistent = [t for t, keep, _ in mounts if keep]
    for target in persistent:
        for d in dirs:
            if target == d or target == "/" or d.startswith(target + "/"):
                return True
    tokens = _words(svc)
    if _has_config_file(tokens):
        # a config file may move the data dir: any directory mount besides the config counts
        files = {t for t in tokens if "/" in t}
        if any(t not in files and posixpath.splitext(t)[1] == "" for t in persistent):
            return None
    return False


def memory_data_dirs(svc: ComposeService) -> list[str]:
    """The data directories a tmpfs mount covers (``tmpfs: [/var/lib/pg/data]``
    with ``PGDATA`` there, or a ``type: tmpfs`` volume): kept in memory, lost
    each time the container stops, not only when it is removed."""
    mounts = _mounts(svc) or []
    dirs = data_dirs(svc) or []
    memory = [t for t, keep, _ in mounts if not keep]
    return [d for d in dirs if any(t == d or t == "/" or d.startswith(t + "/") for t in memory)]


def persistent_dirs(svc: ComposeService) -> list[str]:
    """The container directories the service's persistent volumes mount at
    (files such as a mounted config left out): where the data is kept when
    the data directory is not among them (``/var_lib/mysql`` for
    ``/var/lib/mysql``)."""
    mounts = _mounts(svc) or []
    return list(dict.fromkeys(t for t, keep, _ in mounts if keep and t != "/" and posixpath.splitext(t)[1] == ""))


def stateful(svc: ComposeService) -> bool:
    if svc.role != "datastore":
        return False
    if svc.family == "nats":
        # core NATS keeps nothing; JetStream (or a config that may enable it) persists
        tokens = tokens_of(svc.get("command"))
        return any(t in ("-js", "--jetstream", "-c", "--config") for t in tokens)
    return True


def redis_persistence_off(svc: ComposeService) -> N | None:
    """The ``command`` node when it switches persistence off (--save "" and no --appendonly yes)."""
    cmd = svc.get("command")
    tokens = tokens_of(svc.get("entrypoint")) + tokens_of(cmd)
    if not tokens:
        return None
    save_off = False
    aof_on = False
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok == "--save" and (nxt is None or nxt in ("", "''", '""')):
            save_off = True
        if tok == "--save" and nxt is not None and nxt not in ("", "''", '""') and not nxt.startswith("--"):
            save_off = False
        if tok in ("--save", "--appendonly") and nxt is not None and UNKNOWN in nxt:
            return None
        if tok == "--appendonly" and nxt is not None and nxt.lower() == "yes":
            aof_on = True
    if save_off and not aof_on and not _has_config_file(tokens):
        return cmd or svc.get("entrypoint")
    return None


__all__ = ["data_volume", "data_dirs", "stateful", "redis_persistence_off"]
