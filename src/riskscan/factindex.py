"""Indexes of one file's facts, built once per list and shared by every reader.

The project (riskscan.project) and the checks (riskscan.checks._memo) ask
the same questions of a file's facts many times: its function of an id,
its functions of a name, the calls whose value goes to a name.  Read from
the lists each time, that work grows with the square of a file's size;
each answer here comes from one index per list, built the first time it
is asked for and kept until the scan's checks end (:func:`forget`, called
by ``riskscan.checks.scan_ended``).

An index is keyed by the list object it was built from, and that list is
kept with it, so an id reused by another list never hits: facts parsed on
demand have lists of their own and never get the index of the prefilter's
facts of the same path.  Indexes are shared: callers must not change what
they get back.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from .facts import Call, FileFacts, Func

T = TypeVar("T")

# (slot, id of the list or facts object) -> (that object, what ``build`` made of it)
_BY_LIST: dict[tuple[str, int], tuple[Any, Any]] = {}


O = TypeVar("O")


def per_list(slot: str, items: O, build: Callable[[O], T]) -> T:
    """``build(items)`` once per object: a file's list (its calls or
    functions), or a whole facts object (``per_facts``, for what is drawn
    from more than one of its lists)."""
    key = (slot, id(items))
    got = _BY_LIST.get(key)
    if got is None or got[0] is not items:
        got = _BY_LIST[key] = (items, build(items))
    return got[1]


per_facts = per_list


def forget() -> None:
    """Drop every index (the scan's checks have ended)."""
    _BY_LIST.clear()


def funcs_by_id(ff: FileFacts) -> dict[str, Func]:
    """``{f.id: f for f in ff.funcs}`` (the frontends number the ids of a
    file's functions apart: ``name@line#2``)."""
    return per_list("funcs-by-id", ff.funcs, _by_id)


def _by_id(funcs: list[Func]) -> dict[str, Func]:
    return {f.id: f for f in funcs}


def funcs_named(ff: FileFacts, name: str) -> list[Func]:
    """The functions and methods of ``ff`` called ``name``, in file order."""
    return per_list("funcs-by-name", ff.funcs, _by_name).get(name, [])


def _by_name(funcs: list[Func]) -> dict[str, list[Func]]:
    out: dict[str, list[Func]] = {}
    for f in funcs:
        out.setdefault(f.name, []).append(f)
    return out


def assigned_positions(ff: FileFacts) -> dict[str, list[int]]:
    """The name a call's value goes to -> the positions in ``ff.calls`` of
    the calls assigned to it, in file order (calls assigned to nothing are
    left out)."""
    return per_list("positions-by-assigned", ff.calls, _positions_by_assigned)


def _positions_by_assigned(calls: list[Call]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, c in enumerate(calls):
        if c.assigned:
            out.setdefault(c.assigned, []).append(i)
    return out


def calls_by_func(ff: FileFacts) -> dict[str, list[Call]]:
    """The calls of ``ff`` by the id of the function they are made in ('' at
    module level), in file order."""
    return per_list("calls-by-func", ff.calls, _by_func)


def _by_func(calls: list[Call]) -> dict[str, list[Call]]:
    out: dict[str, list[Call]] = {}
    for c in calls:
        out.setdefault(c.func, []).append(c)
    return out


_NO_WITHS: list[dict] = []


def withs_of_func(ff: FileFacts, func: str | None) -> list[dict]:
    """The ``with`` items (Python: ``ff.extra["withs"]``) of the function
    ``func`` of ``ff``, in file order."""
    withs = (ff.extra or {}).get("withs")
    if not isinstance(withs, list):
        return _NO_WITHS
    return per_list("withs-by-func", withs, _withs_by_func).get(func, _NO_WITHS)


def _withs_by_func(withs: list) -> dict[str | None, list[dict]]:
    out: dict[str | None, list[dict]] = {}
    for w in withs:
        if isinstance(w, dict):
            out.setdefault(w.get("func"), []).append(w)
    return out
