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
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any, Callable, KeysView, TypeVar

from ..facts import Call, FileFacts
from ..factindex import assigned_positions
from ..factindex import funcs_by_id as funcs_by_id, per_list as per_list  # (re-exported: the checks' helpers)

if TYPE_CHECKING:
    from ..project import Project, Service

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


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


def scope_holds(project: Project, files: list[FileFacts], ff: FileFacts) -> bool:
    """``any(f is ff for f in files)`` for a scope's list of files
    (``scope_files``), from a set made once per list: asked once per pool
    or server of the scope, that pass made the scope's work quadratic."""
    return id(ff) in per_scope(project, "file-ids", files, lambda: {id(f) for f in files})


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


def per_calls(slot: str, ff: FileFacts, build: Callable[[list[Call]], T]) -> T:
    """``build(ff.calls)`` once per file's call list, for helpers that have
    no project at hand: an index of a file's calls that each of its
    functions, clients or routes would otherwise find by reading them all.
    (Facts parsed on demand have lists of their own, so they never get the
    index of the prefilter's facts of the same path; see riskscan.factindex.)"""
    return per_list(slot, ff.calls, build)


def calls_at(ff: FileFacts, line: Any) -> list[Call]:
    """The calls of ``ff`` that start on ``line``, in file order."""
    try:
        return _between(ff, line, line)
    except TypeError:  # (a malformed line value: no index holds it)
        return [c for c in ff.calls if c.line == line]


def calls_between(ff: FileFacts, first: Any, last: Any) -> list[Call]:
    """The calls of ``ff`` that start on a line from ``first`` to ``last``
    (both included), in file order: a loop's, a handler's or a function's
    body, found by bisection instead of a pass over every call of the file."""
    try:
        return _between(ff, first, last)
    except TypeError:  # (a malformed line value)
        return [c for c in ff.calls if first <= c.line <= last]


def _between(ff: FileFacts, first: Any, last: Any) -> list[Call]:
    lines, order = per_calls("by-line", ff, _line_order)
    calls = ff.calls
    return [calls[i] for i in sorted(order[bisect_left(lines, first) : bisect_right(lines, last)])]


def _line_order(calls: list[Call]) -> tuple[list[int], list[int]]:
    """(the calls' lines, sorted; the positions of the calls in that order)."""
    order = sorted(range(len(calls)), key=lambda i: calls[i].line)
    return [calls[i].line for i in order], order


def calls_assigned(ff: FileFacts, names: set[str] | frozenset[str]) -> list[Call]:
    """The calls of ``ff`` whose value goes to one of ``names``, in file
    order; ``''`` among them: also the calls whose value goes nowhere (found
    by a pass over the file's calls, as most calls are: the index leaves them out)."""
    index = assigned_positions(ff)
    found = sorted(i for name in names if name for i in index.get(name, ()))
    if "" in names:
        found = sorted({*found, *(i for i, c in enumerate(ff.calls) if not c.assigned)})
    return [ff.calls[i] for i in found]


def func_classes(ff: FileFacts) -> KeysView[str]:
    """The classes the functions of ``ff`` are methods of ('' for module
    functions): the keys of :func:`methods_of`'s index."""
    return per_list("funcs-by-class", ff.funcs, _by_class).keys()


def call_position(ff: FileFacts, call: Call) -> int:
    """Where ``call`` (this very object) is in ``ff.calls``; -1 when it is not there."""
    return per_calls("positions", ff, _positions).get(id(call), -1)


def _positions(calls: list[Call]) -> dict[int, int]:
    out: dict[int, int] = {}
    for i, c in enumerate(calls):
        out.setdefault(id(c), i)
    return out


def methods_of(ff: FileFacts, cls: str) -> list[Any]:
    """``[f for f in ff.funcs if f.cls == cls]``, from an index made once per file."""
    return per_list("funcs-by-class", ff.funcs, _by_class).get(cls, [])


def _by_class(funcs: list) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for f in funcs:
        out.setdefault(f.cls, []).append(f)
    return out


def module_funcs_named(ff: FileFacts, name: str) -> list[Any]:
    """``[f for f in ff.funcs if f.name == name and not f.cls]``, from an index
    made once per file (not :func:`funcs_named` filtered: two thousand
    classes of one file may each have a ``get``)."""
    return per_list("module-funcs-by-name", ff.funcs, _module_by_name).get(name, [])


def _module_by_name(funcs: list) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for f in funcs:
        if not f.cls:
            out.setdefault(f.name, []).append(f)
    return out
