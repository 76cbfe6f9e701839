"""Calls a function makes, following the helpers it calls.

``helper_funcs`` finds the project functions one call runs (a local function,
``this.method``/``self.method`` of the same class, or -- when allowed -- an
imported function); ``reachable_calls`` collects the calls of a function, its
nested callbacks and, transitively, of those helpers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..facts import CALL, IDENT, Call, FileFacts, Func
from ._memo import func_classes
from ._resolve import call_sites, callee_funcs, last_name, module_and_attr

if TYPE_CHECKING:
    from ..project import Project


def func_label(ff: FileFacts, func: Func, with_line: bool = True) -> str:
    """How a message names a function: `name`, `Class.name`, or the route it
    handles (else its line; without ``with_line`` -- for anchors -- "anonymous")."""
    if func.name and not func.name.startswith("<"):
        return f"`{func.name}`" if not func.cls else f"`{func.cls}.{func.name}`"
    for r in ff.routes:
        if r.handler == func.id:
            return f"the `{r.method} {r.path}` handler"
    return f"the function at line {func.line}" if with_line else "an anonymous function"


def coroutine_running(project: Project, ff: FileFacts, fn: Func | None) -> tuple[FileFacts, Func] | None:
    """The coroutine whose event loop a blocking Python call in ``fn`` stops:
    ``fn`` itself when it is an ``async def``, or the one every project call
    of the plain function ``fn`` is made in (heralding's ``get_public_ip``, a
    ``requests.get`` awaited from nothing but
    ``Honeypot._record_and_lookup_public_ip``; aiosmtpd's ``Proxy._deliver``,
    called only from ``async def handle_DATA``).  None for a function
    nothing calls by name (run in a thread by ``run_in_executor(None, fn)``
    or ``asyncio.to_thread(fn)``), a decorated one (``@sync_to_async`` runs
    it in a thread), or one a plain function calls."""
    if fn is None or ff.lang != "py" or fn.is_async:
        return (ff, fn) if fn is not None and ff.lang == "py" else None
    if fn.decorators:
        return None
    first = None
    for g, c in call_sites(project, ff, fn):
        f = project.func_of(g, c)
        if f is None or not f.is_async:
            return None
        first = first or (g, f)
    return first


_CONTEXT_MANAGERS = frozenset({"contextmanager", "asynccontextmanager"})


def is_context_manager(func: Func) -> bool:
    """``func`` is a ``@contextmanager`` / ``@asynccontextmanager``: what it
    yields is the caller's ``with ... as`` value."""
    return any(d.k in (IDENT, CALL) and last_name(d.v) in _CONTEXT_MANAGERS for d in func.decorators)


# decorators that make a method a cached attribute: computed on first access, the same object after
_CACHED_PROPERTIES = frozenset({"cached_property", "reify"})


def is_cached_property(func: Func) -> bool:
    """``func`` is a method read as a cached attribute (``@functools.cached_property``,
    the ``cached_property`` package's, Pyramid's ``@reify``): ``self.name`` is the one
    object its first read built.  (A plain ``@property`` runs again on every read.)"""
    return bool(func.cls) and any(d.k in (IDENT, CALL) and last_name(d.v) in _CACHED_PROPERTIES for d in func.decorators)


_PROPERTIES = frozenset({"property", *_CACHED_PROPERTIES})


def is_property(func: Func) -> bool:
    """``func`` is a method read as an attribute (``@property`` or a cached one)."""
    return bool(func.cls) and any(d.k in (IDENT, CALL) and last_name(d.v) in _PROPERTIES for d in func.decorators)


def enclosing_class(project: Project, ff: FileFacts, func_id: str) -> str:
    return next((f.cls for f in project.scopes(ff, func_id) if f.cls), "")


def helper_funcs(project: Project, ff: FileFacts, call: Call, same_file: bool = True) -> list[tuple[FileFacts, Func]]:
    """Project functions ``call`` runs.  With ``same_file``, only functions of
    ``ff``: a plain call of a local function, ``this.m()``/``self.m()`` on
    a method of the caller's class, or ``x.m()`` on an instance of a class
    of the file."""
    out: list[tuple[FileFacts, Func]] = []
    if not call.method:
        name = call.callee
        for f in project.funcs_named(ff, name):
            if not f.cls:
                out.append((ff, f))
        if out or same_file:
            return out
    elif call.recv in ("this", "self", "cls"):
        cls = enclosing_class(project, ff, call.func) if call.func else ""
        for f in project.funcs_named(ff, call.method):
            if f.cls and (not cls or f.cls == cls):
                out.append((ff, f))
        if out or same_file:
            return out
    elif call.recv_type and "." not in call.recv_type and call.recv_type in func_classes(ff):
        # `svc.set(x)` on an instance of a class of this file (`svc = new FilesService(db)`)
        for f in project.funcs_named(ff, call.method):
            if f.cls == call.recv_type:
                out.append((ff, f))
        if out or same_file:
            return out
    elif same_file:
        return out
    elif ff.lang == "py" and call.recv.endswith("()") and call.recv[:-2].replace(".", "").isidentifier():
        # `UpdateIngest().run()`: the method of a project class called on a fresh instance
        home = module_and_attr(project, call.callee[: -len("()." + call.method)]) if call.callee.endswith("()." + call.method) else None
        if home is not None and "." not in home[1]:
            tff = home[0]
            out.extend((tff, f) for f in project.funcs_named(tff, call.method) if f.cls == home[1])
            if out:
                return out
    for tff, f in callee_funcs(project, ff, call):
        if call.method and tff is ff and call.recv not in ("this", "self", "cls"):
            continue  # a method of that name in this file on some other object
        out.append((tff, f))
    return out


def reachable_calls(
    project: Project, ff: FileFacts, func_id: str, same_file: bool = True, depth: int = 3
) -> Iterator[tuple[FileFacts, Call, Call]]:
    """(file, call, site) for every call ``func_id`` makes (nested callbacks
    included) and, up to ``depth`` helper levels, the calls of the helpers it
    runs; ``site`` is the call in ``func_id`` that leads there."""
    seen: set[tuple[str, str]] = {(ff.path, func_id)}

    def walk(cff: FileFacts, fid: str, site: Call | None, level: int) -> Iterator[tuple[FileFacts, Call, Call]]:
        for c in project.calls_in(cff, fid, nested=True):
            s = site or c
            yield cff, c, s
            if level >= depth:
                continue
            for hff, h in helper_funcs(project, cff, c, same_file):
                key = (hff.path, h.id)
                if key in seen:
                    continue
                seen.add(key)
                yield from walk(hff, h.id, s, level + 1)

    yield from walk(ff, func_id, None, 0)
