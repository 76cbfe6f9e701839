"""Calls that prompt the operator at a terminal (for :func:`._cli.terminal_code`).

A prompt library's call (``inquirer.prompt``, ``getpass.getpass``...), a
Node ``readline`` interface's ``question()``, or a call of a project's own
prompt helper: a function of another module that prompts, itself or through
a function of its module (pm2's ``lib/tools/prompt.js``: ``prompt()`` asks
through ``rl.question``, ``confirm()`` through ``prompt()``).
"""

from __future__ import annotations

from ..facts import Call, FileFacts
from ..project import Project
from ._resolve import callee_funcs

PROMPTS = frozenset({
    "getpass.getpass", "click.prompt", "click.termui.prompt", "typer.prompt", "click.confirm", "typer.confirm",
    # Node: inquirer, enquirer, prompts, @inquirer/prompts, readline-sync
    "inquirer.prompt", "enquirer.prompt", "prompts", "@inquirer/prompts.input", "@inquirer/prompts.password",
    "@inquirer/prompts.confirm", "@inquirer/prompts.select", "readline-sync.question",
})
# the types the JS frontend gives a `readline.createInterface(...)` result
_READLINE = frozenset({"readline.createInterface", "node:readline.createInterface",
                       "readline/promises.createInterface", "node:readline/promises.createInterface"})


def _asks(c: Call) -> bool:
    return c.callee in PROMPTS or (c.method == "question" and c.recv_type in _READLINE)


def is_prompt(project: Project, ff: FileFacts, c: Call) -> bool:
    """``c`` prompts the operator: a prompt library's call or a readline
    ``question()``, or a call of a project function of another module that
    makes one (in the function, or in a function of its module it calls)."""
    if _asks(c):
        return True
    if not c.callee.startswith("./") or ff.lang == "py":
        return False
    memo = project.__dict__.setdefault("_rs_prompt_helpers", {})
    key = (ff.path, c.callee)
    if key not in memo:
        memo[key] = False
        memo[key] = any(gff is not ff and _prompts_within(project, gff, fn.id, 1) for gff, fn in callee_funcs(project, ff, c))
    return bool(memo[key])


def _prompts_within(project: Project, ff: FileFacts, fid: str, depth: int) -> bool:
    for c in project.calls_in(ff, fid):
        if _asks(c):
            return True
        if depth > 0 and not c.recv and "." not in c.callee:
            if any(gff is ff and g.id != fid and _prompts_within(project, ff, g.id, depth - 1) for gff, g in callee_funcs(project, ff, c)):
                return True
    return False
