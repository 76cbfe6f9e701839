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


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(args: list[str], cwd: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise DiffError("--diff-base needs git on PATH")
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    proc = subprocess.run([git, *args], cwd=cwd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    if proc.returncode != 0:
        raise DiffError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"git {' '.join(args)} failed")
    return proc.stdout


def changed_lines(root: str, ref: str) -> dict[str, set[int]]:
    """Changed lines per path (relative to ``root``), working tree vs merge-base(ref, HEAD)."""
    try:
        top = _git(["rev-parse", "--show-toplevel"], root).strip()
    except DiffError:
        raise DiffError(f"--diff-base: {root} is not inside a git repository") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    except DiffError:
        raise DiffError(f"--diff-base: unknown git ref {ref!r}") from None
    base = _git(["merge-base", ref, "HEAD"], root).strip()
    diff = _git(["diff", "--no-color", "--no-ext-diff", "--unified=0", "--relative", base, "--", "."], root)
    out: dict[str, set[int]] = {}
    current: str | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            current = target[2:] if target.startswith("b/") else None
            if current is not None:
                out.setdefault(current, set())
        elif current is not None:
            m = _HUNK.match(line)
            if m:
                start = int(m.group(1))
                count = int(m.group(2)) if m.group(2) is not None else 1
                out[current].update(range(start, start + count))
    # untracked files are new in full
    untracked = _git(["ls-files", "--others", "--exclude-standard", "--", "."], root)
    for path in untracked.splitlines():
        out[path] = {-1}
    _ = top
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
