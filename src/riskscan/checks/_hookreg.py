"""Signal handlers a library function installs for its caller.

``onExit(callback) { process.on('SIGTERM', () => { callback(); process.exit() }) }``
(@pm2/io's ``onExit``) is a shutdown-hook registrar: its handler runs what the
caller hands in, and it is installed only when some code calls the registrar.
"""

from __future__ import annotations

from typing import Iterable

from ..facts import Call, FileFacts, Func
from ..project import Project
from ._resolve import call_sites, callee_funcs, fn_of_val, last_name


def hook_registrar(project: Project, reg: FileFacts, call: Call, calls: Iterable[tuple[FileFacts, Call]]) -> Func | None:
    """The named function around the registration ``call`` (in ``reg``) when the
    handler runs one of that function's parameters (``calls``: what the handler
    reaches, through local closures too) -- a parameter the project cannot follow
    to a function of its own -- else None."""
    found = _run_params(project, reg, call, calls)
    return found[0] if found is not None else None


def _run_params(project: Project, reg: FileFacts, call: Call,
                calls: Iterable[tuple[FileFacts, Call]]) -> tuple[Func, dict[str, Call]] | None:
    """The registrar of :func:`hook_registrar` and, by name, the calls of its
    parameters that the handler makes (those of the first registrar found)."""
    if not call.func:
        return None
    outer = project.scopes(reg, call.func)
    params = {p: f for f in reversed(outer) for p in f.params}
    owner: Func | None = None
    run: dict[str, Call] = {}
    for cff, c in calls:
        if cff is not reg or c.recv or c.method or "." in c.callee or c.callee not in params:
            continue
        if not c.func or params[c.callee] not in project.scopes(cff, c.func):
            continue  # (a parameter of the handler's own, not the registrar's)
        if owner is not None and params[c.callee] is not owner:
            continue
        if params[c.callee].name and not params[c.callee].name.startswith("<") and not callee_funcs(project, cff, c):
            owner = params[c.callee]
            run.setdefault(c.callee, c)
    return (owner, run) if owner is not None else None


def handed_hooks(project: Project, reg: FileFacts, call: Call, calls: Iterable[tuple[FileFacts, Call]],
                 param_call: Call | None = None) -> list[tuple[FileFacts, Func]]:
    """The project's functions that the handler of a shutdown-hook registrar
    runs: the arguments its callers hand in the place of the parameters the
    handler calls (serve's ``registerCloseListener(() => server.close())``,
    whose SIGINT/SIGTERM ``wrapper`` runs ``fn()``).  With ``param_call``,
    only those handed in the place of the parameter that call runs."""
    found = _run_params(project, reg, call, calls)
    if found is None:
        return []
    owner, run = found
    places = [owner.params.index(p) for p in run if param_call is None or param_call.callee == p]
    out: list[tuple[FileFacts, Func]] = []
    for g, site in call_sites(project, reg, owner):
        for i in places:
            target = fn_of_val(project, g, site.args[i]) if i < len(site.args) else None
            if target is not None and all(t[1] is not target[1] for t in out):
                out.append(target)
    return out


def called_anywhere(project: Project, name: str) -> bool:
    """Some code of the project calls a function or method named ``name``
    (files the prefilter left unparsed are parsed when their text can)."""
    for g in project.code_files():
        if g.shallow:
            g = project.full(g, name, called=True)
        if any(c.method == name or last_name(c.callee) == name for c in g.calls):
            return True
    return False
