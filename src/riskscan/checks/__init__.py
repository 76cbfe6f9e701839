"""Checks: detection logic keyed by rule id.

A check is a function ``(project: Project) -> Iterable[Hit]`` registered with
``@check("RS101")``.  It reads only facts (``riskscan.project.Project``), so it
serves every language at once and sees the whole project (cross-file and
project-level rules need nothing special).  Rule metadata and docs live in
``rules/<ID>.yml``; a test asserts every rule file has a check and vice versa.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from ..model import Hit
    from ..project import Project

CheckFn = Callable[["Project"], Iterable["Hit"]]

CHECKS: dict[str, CheckFn] = {}
_LOADED = False

# modules holding checks; imported on first use
_MODULES = (
    "pools",
    "redis",
    "queues",
    "websocket",
    "login_rate_limit",
    "login_lockout",
    "consistency",
    "traversal",
    "lifecycle",
    "structured_logging",
    "health",
    "static_cache",
    "http_timeouts",
    "metrics",
    "mail",
    "imap_pop_ftp",
    "container_signals",
    "stop_signal",
    "compose",
    "suppression",
)


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        if rule_id in CHECKS:
            raise RuntimeError(f"duplicate check for {rule_id}")
        CHECKS[rule_id] = fn
        return fn

    return register


def all_checks() -> dict[str, CheckFn]:
    global _LOADED
    if not _LOADED:
        _LOADED = True
        for name in _MODULES:
            try:
                importlib.import_module(f"{__name__}.{name}")
            except ModuleNotFoundError as exc:  # a family not written yet
                if exc.name != f"{__name__}.{name}":
                    raise
    return CHECKS


def forget_memos(project: "Project") -> None:
    """Forget what the checks remember about ``project`` (on it, see
    ``Project.forget_memos``, and in their modules), after a check was
    stopped half-way (riskscan.checkrun)."""
    import sys
    import weakref

    project.forget_memos()
    scan_ended()
    for name, module in list(sys.modules.items()):
        if name.startswith(__name__ + ".") and module is not None:
            for value in list(vars(module).values()):
                if isinstance(value, weakref.WeakKeyDictionary):
                    value.pop(project, None)


def scan_ended() -> None:
    """Release what the checks' module-level memos hold about a scan's files
    (the per-project memos go with the project itself)."""
    from ..factindex import forget

    forget()  # (the indexes of each file's facts, riskscan.factindex)
    if _LOADED:
        from . import _services

        _services.forget_files()
