"""ioBroker adapters: the adapter class of js-controller, which adapters
reach through ``@iobroker/adapter-core`` (``class X extends utils.Adapter``,
``utils.adapter({...})``).  It handles SIGINT/SIGTERM itself, running the
adapter's ``unload`` handler before it ends the process (RS901), and gives the
adapter its levelled logger, ``this.log.info(...)`` (RS902)."""

from __future__ import annotations

from ..facts import Call, FileFacts
from ..project import Project
from ._reach import enclosing_class
from ._resolve import imported_target

IOBROKER_CORE = "@iobroker/adapter-core"
IOBROKER_ADAPTERS = frozenset({f"{IOBROKER_CORE}.Adapter", f"{IOBROKER_CORE}.adapter"})


def imports_adapter_core(ff: FileFacts) -> bool:
    return any(v == IOBROKER_CORE or v.startswith(IOBROKER_CORE + ".") for v in ff.imports.values())


def builds_iobroker_adapter(ff: FileFacts, call: Call) -> bool:
    """``call`` is the library's ``Adapter``/``adapter`` itself (``utils.adapter({...})``)."""
    return imported_target(ff, call.callee) in IOBROKER_ADAPTERS


def extends_iobroker_adapter(ff: FileFacts, cls: str) -> bool:
    """``cls`` is a class of the file that extends the library's adapter class."""
    return any(isinstance(k, dict) and k.get("name") == cls and imported_target(ff, str(k.get("extends") or "")) in IOBROKER_ADAPTERS
               for k in (ff.extra or {}).get("classes", ()) or ())


def on_iobroker_adapter(project: Project, ff: FileFacts, call: Call) -> bool:
    """``call`` is made on an ioBroker adapter: on ``this`` in a class extending
    the adapter class, or on an object the library's ``Adapter``/``adapter`` built."""
    if call.recv == "this":
        return bool(call.func) and extends_iobroker_adapter(ff, enclosing_class(project, ff, call.func))
    return bool(call.recv_type) and imported_target(ff, call.recv_type) in IOBROKER_ADAPTERS


def adapter_log_calls(project: Project, ff: FileFacts) -> list[Call]:
    """Calls on the logger an ioBroker adapter's class gives it: ``this.log.x(...)``
    in a class extending the adapter class, ``adapter.log.x(...)`` on an object the
    library's ``Adapter``/``adapter`` built in the file."""
    if not imports_adapter_core(ff):
        return []
    built = {c.assigned for c in ff.calls if c.assigned and builds_iobroker_adapter(ff, c)}
    out: list[Call] = []
    for c in ff.calls:
        owner, _, member = c.recv.rpartition(".")
        if member != "log":
            continue
        if owner in built or (owner == "this" and bool(c.func) and extends_iobroker_adapter(ff, enclosing_class(project, ff, c.func))):
            out.append(c)
    return out
