"""Configuration files.

Discovery (Ruff's semantics): starting at the scanned directory and walking
up to the filesystem root, the first directory holding ``.riskscan.toml``,
``riskscan.toml`` or a ``pyproject.toml`` *with* a ``[tool.riskscan]`` table
wins (in that order within one directory); files are not merged.  ``--config
FILE`` replaces discovery.  Command-line flags override the file.

Keys (kebab-case, all optional)::

    select = ["RS1", "RS501"]        # rule ids, prefixes or names
    ignore = ["RS906"]
    extend-select = []
    exclude = ["scripts/*"]
    include-tests = false
    fail-on = "critical"             # critical|high|medium|low|none
    baseline = ".riskscan-baseline.json"
    require-reason = false
    max-bytes = 1048576
    [per-file-ignores]
    "legacy/*" = ["RS902"]
    [severity]                       # per-rule default overrides
    RS906 = "medium"
    [probability]
    RS102 = "high"
    [verdict]
    reject-on = "critical"           # priority that rejects
    conditional-on = "high"          # priority that makes the verdict conditional

Unknown keys, unknown rule ids and bad values are errors (exit 2) naming the
key and the file.  So is a ``.riskscan.toml`` / ``riskscan.toml`` (or the
``--config`` file) that cannot be read or parsed.  A ``pyproject.toml`` found
by the search that cannot be read or parsed is *not* fatal: it is ignored with
a warning and the search goes on (the user did not point riskscan at it).
Config files are read as regular files only (never a FIFO or device, never
blocking, at most 1 MiB); a config found by the search that is a symbolic
link out of its directory is ignored with a warning.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import Any

from .fsutil import read_regular
from .model import PRIORITIES, PROBABILITIES, SEVERITIES

CONFIG_NAMES = (".riskscan.toml", "riskscan.toml", "pyproject.toml")
_LIST_KEYS = ("select", "ignore", "extend-select", "exclude")
_BOOL_KEYS = ("include-tests", "require-reason")
MAX_CONFIG_BYTES = 1024 * 1024
_KNOWN = set(_LIST_KEYS) | set(_BOOL_KEYS) | {"fail-on", "baseline", "max-bytes", "per-file-ignores", "severity", "probability", "verdict"}


class ConfigError(Exception):
    pass


def _toml():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def find_config(start: str, warnings: list[str] | None = None) -> tuple[str, dict[str, Any]] | None:
    """Nearest config file at or above ``start``: (path, table).

    Candidates are read with :func:`riskscan.fsutil.read_regular` (never a
    FIFO or device, never blocking).  A candidate that is a symbolic link is
    followed only when its target stays inside the directory holding it; one
    pointing elsewhere, or at something that is not a regular file, is ignored
    with a warning.  A ``pyproject.toml`` that cannot be read or parsed is
    ignored with a warning (the user did not point riskscan at it, and most
    pyproject files are not ours); a broken ``.riskscan.toml`` /
    ``riskscan.toml`` is a :class:`ConfigError`.
    """
    warnings = [] if warnings is None else warnings
    cur = os.path.abspath(start)
    while True:
        for name in CONFIG_NAMES:
            path = os.path.join(cur, name)
            lenient = name == "pyproject.toml"
            try:
                raw = _candidate(path, cur, warnings)
                if raw is None:
                    continue
                table = _parse(raw, path)
            except ConfigError as exc:
                if not lenient:
                    raise
                warnings.append(f"{exc}; ignored (no [tool.riskscan] settings read from it)")
                continue
            if table is not None:
                return path, table
        parent = os.path.dirname(cur)
        if parent == cur:
            return None
        cur = parent


def _shown(path: str) -> str:
    from .discovery import display_path

    return display_path(path)


def _candidate(path: str, boundary: str, warnings: list[str]) -> bytes | None:
    """The bytes of a config file found by the search, or None when there is
    none (or it is a link out of ``boundary`` / a special file: warned)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    target = path
    if stat.S_ISLNK(st.st_mode):
        real = os.path.realpath(path)
        base = os.path.realpath(boundary)
        if not real.startswith(base.rstrip(os.sep) + os.sep):
            warnings.append(f"{_shown(path)}: symbolic link out of its directory not followed; ignored")
            return None
        try:
            st = os.stat(real)
        except OSError:
            warnings.append(f"{_shown(path)}: dangling symbolic link; ignored")
            return None
        target = real
    if stat.S_ISDIR(st.st_mode):
        return None
    if not stat.S_ISREG(st.st_mode):
        warnings.append(f"{_shown(path)}: not a regular file, never opened; ignored")
        return None
    return _read_bytes(target, path)


def _read_bytes(target: str, shown: str) -> bytes:
    try:
        raw = read_regular(target, MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{_shown(shown)}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{_shown(shown)}: larger than {MAX_CONFIG_BYTES} bytes")
    return raw


def _parse(raw: bytes, path: str) -> dict[str, Any] | None:
    """The riskscan table of a config file's bytes (None: a pyproject.toml
    without ``[tool.riskscan]``)."""
    try:
        data = _toml().loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{_shown(path)}: invalid TOML (not UTF-8)") from None
    except RecursionError:
        raise ConfigError(f"{_shown(path)}: invalid TOML (nested too deeply)") from None
    except Exception as exc:  # TOMLDecodeError
        raise ConfigError(f"{_shown(path)}: invalid TOML ({str(exc)[:200]})") from None
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "riskscan" not in tool:
            return None
        table = tool["riskscan"]
        if not isinstance(table, dict):
            raise ConfigError(f"{_shown(path)}: [tool.riskscan] must be a table")
        return table
    return data


def _read(path: str) -> dict[str, Any] | None:
    """A config file the user named (``--config``): links are followed (the
    user chose the file), anything but a regular file is refused."""
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except OSError:
        raise ConfigError(f"config file not found: {_shown(path)}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ConfigError(f"{_shown(path)}: not a regular file")
    return _parse(_read_bytes(real, path), path)


def load_config(path: str, explicit: str | None = None, warnings: list[str] | None = None) -> dict[str, Any]:
    """The validated config for a scan of ``path`` ({} when there is none).

    Problems that do not stop the scan (an unparsable ``pyproject.toml``, a
    config link not followed) are appended to ``warnings``."""
    if explicit:
        table = _read(explicit)
        if table is None:
            raise ConfigError(f"{_shown(explicit)}: no [tool.riskscan] table")
        source = explicit
    else:
        found = find_config(path, warnings)
        if found is None:
            return {}
        source, table = found
    cfg = validate(table, _shown(source))
    base = "" if not cfg.get("baseline") else os.path.dirname(os.path.abspath(source))
    if base and not os.path.isabs(cfg["baseline"]):
        cfg["baseline"] = os.path.join(base, cfg["baseline"])
    cfg["__file__"] = source
    return cfg


def _rule_ids() -> dict[str, str]:
    from .ruledefs import RulesMissing, load_rules

    try:
        return {rid: meta.name for rid, meta in load_rules().items()}
    except RulesMissing as exc:
        raise ConfigError(str(exc)) from None


def _check_selector(sel: Any, key: str, source: str, rules: dict[str, str]) -> str:
    if not isinstance(sel, str):
        raise ConfigError(f"{source}: {key}: expected rule ids as strings, got {sel!r}")
    if sel == "ALL" or any(rid == sel or rid.startswith(sel) or name == sel for rid, name in rules.items()):
        return sel
    raise ConfigError(f"{source}: {key}: unknown rule {sel!r}")


def validate(table: dict[str, Any], source: str) -> dict[str, Any]:
    rules = _rule_ids()
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KNOWN:
            raise ConfigError(f"{source}: unknown key {key!r}")
        if key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{source}: {key}: expected a list of strings")
            if key != "exclude":
                for v in value:
                    _check_selector(v, key, source, rules)
            out[key] = list(value)
        elif key in _BOOL_KEYS:
            if not isinstance(value, bool):
                raise ConfigError(f"{source}: {key}: expected true or false")
            out[key] = value
        elif key == "fail-on":
            if value not in (*PRIORITIES, "none"):
                raise ConfigError(f"{source}: fail-on: expected one of {', '.join((*PRIORITIES, 'none'))}")
            out[key] = value
        elif key == "baseline":
            if not isinstance(value, str):
                raise ConfigError(f"{source}: baseline: expected a path")
            out[key] = value
        elif key == "max-bytes":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{source}: max-bytes: expected a positive integer")
            out[key] = value
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: per-file-ignores: expected a table of glob = [rule ids]")
            pfi: dict[str, list[str]] = {}
            for glob, ids in value.items():
                if not isinstance(ids, list):
                    raise ConfigError(f"{source}: per-file-ignores.{glob}: expected a list of rule ids")
                pfi[glob] = [_check_selector(i, f"per-file-ignores.{glob}", source, rules) for i in ids]
            out[key] = pfi
        elif key in ("severity", "probability"):
            allowed = SEVERITIES if key == "severity" else PROBABILITIES
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: {key}: expected a table of rule id = level")
            for rid, level in value.items():
                if rid not in rules:
                    raise ConfigError(f"{source}: {key}: unknown rule {rid!r}")
                if level not in allowed:
                    raise ConfigError(f"{source}: {key}.{rid}: expected one of {', '.join(allowed)}")
            out[key] = dict(value)
        elif key == "verdict":
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: verdict: expected a table")
            for vk, vv in value.items():
                if vk not in ("reject-on", "conditional-on"):
                    raise ConfigError(f"{source}: unknown key 'verdict.{vk}'")
                if vv not in PRIORITIES:
                    raise ConfigError(f"{source}: verdict.{vk}: expected one of {', '.join(PRIORITIES)}")
            out[key] = dict(value)
    return out


STARTER = """\
# riskscan configuration (https://github.com/riskscan/riskscan#configuration)
# Nearest .riskscan.toml / riskscan.toml / pyproject.toml [tool.riskscan] wins;
# command-line flags override it.

# Rules to run: ids (RS101), prefixes (RS1 = all pool rules) or names.
# select = ["ALL"]
# ignore = ["RS906"]

# Paths to leave out (globs), in addition to .gitignore and the defaults.
# exclude = ["scripts/*", "examples/*"]

# Analyse test code too (off: mitigations in tests do not count).
# include-tests = false

# Exit 1 when a finding has this priority or higher; "critical" = when REJECTED.
# fail-on = "critical"

# Gate only on findings not recorded in this baseline (riskscan baseline).
# baseline = ".riskscan-baseline.json"

# Report suppressions that give no reason.
# require-reason = false

# [per-file-ignores]
# "legacy/*" = ["RS902"]

# [severity]
# RS906 = "medium"

# [probability]
# RS102 = "high"

# [verdict]
# reject-on = "critical"
# conditional-on = "high"
"""
