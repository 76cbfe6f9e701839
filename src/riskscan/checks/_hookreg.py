"""Signal handlers a library function installs for its caller.

``onExit(callback) { process.on('SIGTERM', () => { callback(); process.exit() }) }``
(@pm2/io's ``onExit``) is a shutdown-hook registrar: its handler runs what the
caller hands in, and it is installed only when some code calls the registrar.
"""

from __future__ import annotations

from typing import Iterable

from ..facts import Call, FileFacts, Func
from ..project import Project
from ._resolve import callee_funcs, last_name


def hook_registrar(project: Project, reg: FileFacts, call: Call, calls: Iterable[tuple[FileFacts, Call]]) -> Func | None:
    """The named function around the registration ``call`` (in ``reg``) when the
    handler runs one of that function's parameters (``calls``: what the handler
    reaches, through local closures too) -- a parameter the project cannot follow
    to a function of its own -- else None."""
    if not call.func:
        return None
    outer = project.scopes(reg, call.func)
    params = {p: f for f in reversed(outer) for p in f.params}
    for cff, c in calls:
        if cff is not reg or c.recv or c.method or "." in c.callee or c.callee not in params:
            continue
        if not c.func or params[c.callee] not in project.scopes(cff, c.func):
            continue  # (a parameter of the handler's own, not the registrar's)
        owner = params[c.callee]
        if owner.name and not owner.name.startswith("<") and not callee_funcs(project, cff, c):
            return owner
    return None


def called_anywhere(project: Project, name: str) -> bool:
    """Some code of the project calls a function or method named ``name``
    (files the prefilter left unparsed are parsed when their text can)."""
    for g in project.code_files():
        if g.shallow:
            g = project.full(g, name, called=True)
        if any(c.method == name or last_name(c.callee) == name for c in g.calls):
            return True
    return False
