"""Code that runs from a terminal, not in a server: command-line commands,
Django management commands, interactive prompts.

Such code runs once and exits, for one operator: connection-pool budgets do
not apply to it (RS101-RS103), a password it checks is typed at a prompt,
not guessed at a login endpoint (RS502), and an HTTP call without a timeout
holds the operator's terminal, not a server's workers (RS905).
"""

from __future__ import annotations

from ..facts import CALL, IDENT, FileFacts
from ..project import Project

# decorators of command-line commands (click, typer; Flask's app.cli.command)
_CLI_DECORATORS = (".command", ".group")
_PROMPTS = frozenset({"getpass.getpass"})
# task runners' tasks (invoke, fabric): run by hand, `invoke load-fixtures`
_TASK_RUNNERS = frozenset({"invoke.task", "invoke.tasks.task", "fabric.task", "fabric.tasks.task", "fabric.api.task"})


def in_command(project: Project, ff: FileFacts, fid: str) -> bool:
    """Is function ``fid`` (or one it is nested in) a command-line command:
    ``@click.command()``, typer's ``@app.command()``, ``@app.cli.command()``,
    an invoke/fabric ``@task``?
    (A chat bot's ``@bot.command()`` runs in a long-lived process: plain
    ``.command`` decorators count only in files that import click or typer,
    or when they resolve to click/typer, imported inside a function.)"""
    funcs = project.funcs(ff)
    cli = any(m.split(".", 1)[0] in ("click", "typer") for m in ff.imports.values())
    hops = 0
    while fid and fid in funcs and hops < 50:
        fn = funcs[fid]
        for d in fn.decorators:
            if d.k in (CALL, IDENT) and (
                d.v.endswith(".cli.command")
                or (d.v.endswith(_CLI_DECORATORS) and (cli or d.v.startswith(("click.", "typer."))))
                or d.v in _TASK_RUNNERS
            ):
                return True
        fid = fn.parent
        hops += 1
    return False


def terminal_code(project: Project, ff: FileFacts, fid: str) -> bool:
    """Code an operator runs at a terminal: a command-line command, a Django
    management command, or code that prompts for a password
    (``getpass.getpass`` in the same function, or at module level)."""
    if "/management/commands/" in f"/{ff.path}":
        return True
    for c in ff.calls:
        # a prompt at module level makes the module a terminal program; in a
        # function, only that function (and what it nests) prompts: jupyter's
        # passwd() prompts, its passwd_check() serves the web login
        if c.callee in _PROMPTS and (not c.func or c.func == fid or (fid and project.is_inside(ff, fid, c.func))):
            return True
    return in_command(project, ff, fid)
