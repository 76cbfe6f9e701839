"""``--diff-base REF``: keep findings on lines changed since the merge base.

The whole project is still analysed (a new route is judged against limiters
defined elsewhere); only the reported findings are limited.  Uses the real
``git`` binary; outside a repository or with an unknown ref it is a usage
error.  A finding counts as changed when any line between its start and end
(or one of its related locations) was added or modified.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import ScanResult


class DiffError(Exception):
    pass


_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")

# Repository config is not trusted: a checkout's .git/config (or an included
# file) could name programs git would run for the commands below.  These
# settings switch off every such hook for read-only commands; filter drivers
# (clean/smudge/process, run by `git diff` on files whose stat data changed)
# are emptied one by one (see _filter_overrides), external diff drivers and
# textconv are refused with --no-ext-diff / --no-textconv on `git diff`.
SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.quotePath=true",
    "diff.external=",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "color.ui=false",
)
_FILTER_KEY = re.compile(r"^filter\.(.+)\.(clean|smudge|process|required)$", re.I)


def _git(args: list[str], cwd: str, config: tuple[str, ...] = ()) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise DiffError("--diff-base needs git on PATH")
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_PAGER="cat", PAGER="cat", GIT_OPTIONAL_LOCKS="0")
    env.pop("GIT_EXTERNAL_DIFF", None)
    cmd = [git, "--no-pager"]
    for item in (*SAFE_CONFIG, *config):
        cmd += ["-c", item]
    proc = subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise DiffError(err.splitlines()[-1] if err else f"git {args[0]} failed")
    return proc.stdout


def _filter_overrides(root: str) -> tuple[str, ...]:
    """``-c`` settings that empty every configured filter driver (any scope)."""
    try:
        names = _git(["config", "-z", "--name-only", "--get-regexp", r"^filter\."], root)
    except DiffError:  # exit 1: no filter configured
        return ()
    drivers = sorted({m.group(1) for key in names.decode("utf-8", "surrogateescape").split("\0") if (m := _FILTER_KEY.match(key))})
    out: list[str] = []
    for name in drivers:
        out += [f"filter.{name}.clean=", f"filter.{name}.smudge=", f"filter.{name}.process=", f"filter.{name}.required=false"]
    return tuple(out)


_C_ESCAPES = {ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11, ord("f"): 12, ord("r"): 13, ord('"'): 34, ord("\\"): 92}


def _unquote(raw: bytes) -> bytes:
    """A path as git prints it in a diff header: C-quoted when it holds
    special bytes (``"b/new\nline.js"``, octal ``\377``), else as is."""
    if not (raw.startswith(b'"') and raw.endswith(b'"') and len(raw) >= 2):
        return raw
    body, out, i = raw[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != 0x5C or i + 1 >= len(body):
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1]
        if len(body[i + 1 : i + 4]) == 3 and all(0x30 <= d <= 0x37 for d in body[i + 1 : i + 4]):
            out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
            i += 4
        else:
            out.append(_C_ESCAPES.get(nxt, nxt))
            i += 2
    return bytes(out)


def _shown(raw: bytes) -> str:
    """A git path (bytes) as riskscan shows it (discovery.display_path)."""
    from .discovery import display_path

    return display_path(os.fsdecode(raw))


def changed_lines(root: str, ref: str) -> dict[str, set[int]]:
    """Changed lines per path (as shown in reports, relative to ``root``),
    working tree vs merge-base(ref, HEAD); ``{-1}`` for an untracked file."""
    if ref.startswith("-"):
        raise DiffError(f"--diff-base: unknown git ref {ref!r}")
    try:
        _git(["rev-parse", "--show-toplevel"], root)
    except DiffError:
        raise DiffError(f"--diff-base: {root} is not inside a git repository") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    except DiffError:
        raise DiffError(f"--diff-base: unknown git ref {ref!r}") from None
    base = _git(["merge-base", ref, "HEAD"], root).decode("ascii", "replace").strip()
    diff = _git(
        ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/",
         "--unified=0", "--relative", base, "--", "."],
        root,
        _filter_overrides(root),
    )
    out: dict[str, set[int]] = {}
    current: str | None = None
    for line in diff.split(b"\n"):
        if line.startswith(b"+++ "):
            target = _unquote(line[4:].rstrip(b"\t"))
            current = _shown(target[2:]) if target.startswith(b"b/") else None
            if current is not None:
                out.setdefault(current, set())
        elif current is not None:
            m = _HUNK.match(line)
            if m:
                start = int(m.group(1))
                count = int(m.group(2)) if m.group(2) is not None else 1
                out[current].update(range(start, start + count))
    # untracked files are new in full
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard", "--", "."], root)
    for path in untracked.split(b"\0"):
        if path:
            out[_shown(path)] = {-1}
    return out


def limit_to_diff(result: "ScanResult", ref: str) -> None:
    changed = changed_lines(result.root, ref)

    def touched(path: str, start: int, end: int) -> bool:
        lines = changed.get(path)
        if not lines:
            return False
        return -1 in lines or any(n in lines for n in range(start, end + 1))

    result.findings = [
        f
        for f in result.findings
        if touched(f.path, f.line, f.end_line) or any(touched(r.path, r.line, r.line) for r in f.related)
    ]
