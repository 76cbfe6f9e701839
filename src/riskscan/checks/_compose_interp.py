"""Compose variable interpolation with the ``.env`` beside the compose file.

Supported: ``$VAR``, ``${VAR}``, ``${VAR:-default}`` (unset or empty),
``${VAR-default}`` (unset), ``${VAR:?err}``/``${VAR?err}``,
``${VAR:+alt}``/``${VAR+alt}``, ``$$`` (a literal ``$``); defaults may nest.

Only the ``.env`` is known (the shell environment of whoever runs compose is
not): a variable it does not set takes its default; one with no default is
*unknown*, written as the :data:`UNKNOWN` character in the result so callers
can tell "known to be X" from "cannot know" (never a finding by itself).

Bounded: nesting deeper than :data:`MAX_NESTING` is unknown and skipped in
one linear scan, so a 10,000-level ``${A:-${A:-...}}`` costs O(length).
"""

from __future__ import annotations

from typing import Mapping

from ..lazyre import lazy_re

UNKNOWN = "\x00"
MAX_NESTING = 24
MAX_LENGTH = 64 * 1024
_NAME = lazy_re(r"[A-Za-z_][A-Za-z0-9_]*")


def known(text: str | None) -> bool:
    return text is not None and UNKNOWN not in text


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """``text`` with variables substituted; unknown parts become :data:`UNKNOWN`."""
    if "$" not in text:
        return text
    if len(text) > MAX_LENGTH:
        return UNKNOWN
    out, _ = _expand(text, 0, env, 0, False)
    return out


def _skip_braced(s: str, i: int) -> int:
    """Index of the ``}`` closing the ``${`` whose body starts at ``i`` (len(s) when unclosed)."""
    depth = 1
    n = len(s)
    while i < n:
        c = s[i]
        if c == "$" and i + 1 < n and s[i + 1] == "{":
            depth += 1
            i += 2
            continue
        if c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def _expand(s: str, i: int, env: Mapping[str, str], depth: int, in_braces: bool) -> tuple[str, int]:
    out: list[str] = []
    n = len(s)
    while i < n:
        c = s[i]
        if in_braces and c == "}":
            return "".join(out), i
        if c != "$" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = s[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        if nxt == "{":
            value, i = _braced(s, i + 2, env, depth)
            out.append(value)
            continue
        m = _NAME.match(s, i + 1)
        if m:
            found = env.get(m.group())
            out.append(UNKNOWN if found is None else found)
            i = m.end()
            continue
        out.append(c)
        i += 1
    return "".join(out), i


def _braced(s: str, i: int, env: Mapping[str, str], depth: int) -> tuple[str, int]:
    """Expand ``${...}`` whose body starts at ``i``; returns (value, index after '}')."""
    n = len(s)
    if depth >= MAX_NESTING:
        return UNKNOWN, min(n, _skip_braced(s, i) + 1)
    m = _NAME.match(s, i)
    if not m:
        return UNKNOWN, min(n, _skip_braced(s, i) + 1)
    name = m.group()
    j = m.end()
    if j >= n:
        return UNKNOWN, n
    if s[j] == "}":
        value = env.get(name)
        return (UNKNOWN if value is None else value), j + 1
    op = ""
    for cand in (":-", ":?", ":+", "-", "?", "+"):
        if s.startswith(cand, j):
            op = cand
            break
    if not op:
        return UNKNOWN, min(n, _skip_braced(s, j) + 1)
    word, k = _expand(s, j + len(op), env, depth + 1, True)
    end = k + 1 if k < n else n
    value = env.get(name)
    is_set = value is not None
    non_empty = bool(value)
    if op == ":-":
        return (value if non_empty else word), end  # type: ignore[return-value]
    if op == "-":
        return (value if is_set else word), end  # type: ignore[return-value]
    if op in (":?", "?"):
        ok = non_empty if op == ":?" else is_set
        return (value if ok else UNKNOWN), end  # type: ignore[return-value]
    # :+ / +
    ok = non_empty if op == ":+" else is_set
    return (word if ok else ""), end


def dotenv_values(env: Mapping[str, str]) -> dict[str, str]:
    """A ``.env``'s values with references to earlier variables expanded (as compose does)."""
    out: dict[str, str] = {}
    for name, value in env.items():
        out[name] = interpolate(str(value), out) if "$" in str(value) else str(value)
    return out


def display(text: str | None, raw: str | None = None) -> str:
    """Text for a message: the raw form when part of it is unknown."""
    if text is None:
        return raw or ""
    if UNKNOWN in text:
        return raw if raw is not None else text.replace(UNKNOWN, "?")
    return text


__all__ = ["UNKNOWN", "known", "interpolate", "dotenv_values", "display"]
