"""Reading shell scripts and Dockerfile commands from the text frontend's facts.

The text frontend keeps a script as its command lines (continuations joined,
comment lines dropped: ``FileFacts.commands``).  What RS909 needs from them:

* :func:`words` -- a command line as the shell splits it (quotes removed, a
  trailing ``# comment`` dropped), or None when it cannot be split;
* :func:`simple_commands` -- the simple commands of one line, split on ``;``,
  ``&&``, ``||``, ``|`` and ``&`` outside quotes, each with whether it runs in
  the background (``cmd &``);
* :func:`last_top_level` -- the last simple command a script runs at its top
  level (not inside ``if``/``case``/a loop/a function body): the command that
  decides what the script's process ends up as.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from ..lazyre import lazy_re

# words that open and close a compound command (each counted where a command starts)
_OPENERS = frozenset({"if", "case", "for", "while", "until", "select"})
_CLOSERS = frozenset({"fi", "esac", "done"})
# `cat <<EOF`, `<<-'END'`: a here-document, whose lines up to the delimiter are data
_HEREDOC = lazy_re(r"<<-?\s*['\"]?(\w+)['\"]?")
# words after which a new command starts inside a compound (`if x; then y`)
_REOPEN = frozenset({"then", "else", "do", "elif"})


def words(text: str) -> list[str] | None:
    """``text`` split as the shell splits it (quotes removed, a ``# comment``
    dropped); None when it cannot be (an unclosed quote)."""
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return None


@dataclass(frozen=True)
class Simple:
    """One simple command of a line: its text and whether it is backgrounded (``cmd &``)."""

    text: str
    background: bool = False


def simple_commands(line: str) -> list[Simple]:
    """The simple commands of ``line``: split on ``;``, ``&&``, ``||``, ``|``
    and ``&`` outside quotes and ``$(...)``; a ``#`` that starts a word ends
    the line."""
    out: list[Simple] = []
    cur: list[str] = []
    quote = ""
    depth = 0
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if quote:
            cur.append(ch)
            if ch == "\\" and quote == '"' and i + 1 < n:
                cur.append(line[i + 1])
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
            cur.append(ch)
        elif ch == "\\" and i + 1 < n:
            cur.append(line[i : i + 2])
            i += 1
        elif ch == "$" and line.startswith("$(", i):
            depth += 1
            cur.append("$(")
            i += 1
        elif ch == ")" and depth:
            depth -= 1
            cur.append(ch)
        elif depth:
            cur.append(ch)
        elif ch == "#" and (not cur or cur[-1].isspace()):
            break
        elif ch == "&" and (line.startswith("&>", i) or (i > 0 and line[i - 1] in "<>")):
            cur.append(ch)  # `&>file`, `2>&1`: a redirection, not a separator
        elif ch in ";&|":
            two = line[i : i + 2]
            text = "".join(cur).strip()
            if text:
                out.append(Simple(text, ch == "&" and two != "&&"))
            cur = []
            if two in ("&&", "||", ";;"):
                i += 1
        else:
            cur.append(ch)
        i += 1
    text = "".join(cur).strip()
    if text:
        out.append(Simple(text))
    return out


def _first_word(text: str) -> str:
    parts = text.split(None, 1)
    return parts[0] if parts else ""


@dataclass(frozen=True)
class ScriptEnd:
    """What a script runs last at its top level: ``line`` and the simple
    command (None when the script ends inside a compound or runs nothing)."""

    line: int
    command: Simple | None
    traps: bool  # the script sets a `trap` anywhere


def last_top_level(commands: list[list]) -> ScriptEnd:
    """The last simple command the script runs outside any ``if``/``case``/loop
    and function body (see the module doc), with whether it sets a trap."""
    depth = 0
    last: tuple[int, Simple] | None = None
    traps = False
    heredoc = ""
    for line, text in commands:
        text = str(text)
        if heredoc:
            if text.strip() == heredoc:
                heredoc = ""
            continue
        m = _HEREDOC.search(text)
        if m is not None:
            heredoc = m.group(1)  # the lines up to the delimiter are data, not commands
        for cmd in simple_commands(text):
            first = _first_word(cmd.text)
            rest = cmd.text
            # `then cmd`, `do cmd`, `else cmd`: the command after the keyword
            while first in _REOPEN:
                rest = rest[len(first) :].strip()
                first = _first_word(rest)
            if first == "trap":
                traps = True
            if first in _OPENERS:
                depth += 1
                continue
            if first in _CLOSERS or first == "}":
                depth = max(0, depth - 1)
                continue
            if rest.endswith("{") or first == "{":
                depth += 1  # `main() {`, `function main {`, `{ ...`: a body follows
                continue
            if not rest or first in ("{", "(", ")"):
                continue
            if depth == 0:
                last = (int(line), Simple(rest, cmd.background))
    if last is None:
        return ScriptEnd(0, None, traps)
    return ScriptEnd(last[0], last[1], traps)


__all__ = ["ScriptEnd", "Simple", "last_top_level", "simple_commands", "words"]
