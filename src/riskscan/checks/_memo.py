"""Per-project memos shared by the checks.

Many checks ask the same project-wide questions (the files of a service,
the import graph...; which service owns a file is remembered by
``Project.service_of`` itself).  Each answer is computed once
per :class:`~riskscan.project.Project` and kept on the project object itself
(``project.__dict__``, like the other ``_rs_*`` memos), so it lives exactly
as long as the scan and no check pays for another's question twice.

Memoised values are shared: callers must not mutate what they get back.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from ..facts import FileFacts

if TYPE_CHECKING:
    from ..project import Project, Service

F = TypeVar("F", bound=Callable[..., Any])


def per_project(fn: F) -> F:
    """Cache ``fn(project, *args)`` on the project (``args`` must be hashable)."""
    slot = f"_rs_memo:{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(project: Project, *args: Any) -> Any:
        store = project.__dict__.get(slot)
        if store is None:
            store = project.__dict__[slot] = {}
        try:
            return store[args]
        except KeyError:
            got = store[args] = fn(project, *args)
            return got

    return wrapper  # type: ignore[return-value]


def per_file(fn: F) -> F:
    """Cache ``fn(project, ff)`` per file path.  Only the project's own facts
    of a file are cached: other facts of the same path (a shallow file
    parsed in full on demand) are computed each time."""
    slot = f"_rs_memo:{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(project: Project, ff: FileFacts) -> Any:
        if project.files.get(ff.path) is not ff:
            return fn(project, ff)
        store = project.__dict__.get(slot)
        if store is None:
            store = project.__dict__[slot] = {}
        try:
            return store[ff.path]
        except KeyError:
            got = store[ff.path] = fn(project, ff)
            return got

    return wrapper  # type: ignore[return-value]


def per_scope(project: Project, slot: str, files: list[FileFacts], compute: Callable[[], Any], *key: Any) -> Any:
    """``compute()`` once per list ``files`` (and ``key``), kept on the
    project under ``slot``.  Meant for a scope's files: ``scope_files`` gives
    every path of one scope the same list object, so an answer about a scope
    is computed once, not once per server, route or pool in it.  The list is
    kept with its answer, so its id cannot be reused by another list."""
    memo = project.__dict__.setdefault(f"_rs_scope_memo:{slot}", {})
    k = (id(files),) + key
    got = memo.get(k)
    if got is None or got[0] is not files:
        got = memo[k] = (files, compute())
    return got[1]


def _svc_key(svc: Service | None) -> str | None:
    return svc.root if svc is not None else None


def service_files(project: Project, svc: Service | None) -> list[FileFacts]:
    """``project.service_files(svc)``, computed once per service."""
    store = project.__dict__.setdefault("_rs_memo:service_files", {})
    key = _svc_key(svc)
    got = store.get(key)
    if got is None:
        got = store[key] = project.service_files(svc)
    return got
