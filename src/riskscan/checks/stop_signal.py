"""RS910 stop-signal-unhandled: a Node service whose shutdown code runs on
Ctrl-C (SIGINT) only, never on the SIGTERM that stops it in production.

``docker stop``, Compose, Kubernetes and systemd stop a process with SIGTERM.
Node's default action for a signal it has no listener for is to end at once,
so a service that closes its server and connections in a
``process.on('SIGINT', ...)`` handler, and listens for nothing else, shuts
down cleanly on a developer's Ctrl-C and is killed mid-request on every
deploy.  RS901 settles whether a service has a stop handler and whether that
handler closes what the process opened; this rule reports the processes RS901
accepts (their handlers close what they opened, or cannot be followed) whose
handlers all listen for SIGINT, SIGQUIT or SIGBREAK and none for SIGTERM
(``lifecycle.interrupt_only_handlers``).  A handler whose signal is not a
literal may be SIGTERM: not reported.

Not reported either when the project stops its processes with SIGINT: a
Dockerfile ``STOPSIGNAL SIGINT`` (or ``2``), a compose ``stop_signal``, pm2
(whose default kill signal is SIGINT) anywhere in the project's start-up
commands or dependencies or an ``ecosystem.config.*`` file, or a systemd unit
that sets ``KillSignal``, or a supervisor program that sets ``stopsignal``.

Python: RS901 judges a hand-written worker loop, or the asyncio event loop
a program runs forever (``loop.run_forever()``; servers run by uvicorn,
gunicorn, Celery... handle signals themselves) and accepts any signal
handling in its process.  This rule reports such a loop whose process
handles interrupts only (``signal.signal(signal.SIGINT, ...)``,
``except KeyboardInterrupt``) and nothing that may be SIGTERM
(``lifecycle.py_interrupt_only``): Python's default action on SIGTERM ends
the process at once, so the loop's shutdown code never runs on a deploy.
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterable, Iterator

from ..lazyre import lazy_re
from ..facts import FileFacts
from ..model import Hit, Related
from ..project import Project
from . import check
from ._compose_model import compose_services
from ._services import LONG_RUNNING, Entry, Unit, entry_points, units, uses_dependency
from .lifecycle import (
    grpc_server_kept_up, in_flight, interrupt_only_handlers, kept_alive_server, kept_alive_words, loop_in_coroutine, loop_work_lost,
    py_interrupt_only,
    py_loop_label, started,
)

_STOPSIGNAL_INT = lazy_re(r"^\s*STOPSIGNAL\s+[\"']?(?:SIG)?(?:INT|2)\b", re.I)
_PM2 = lazy_re(r"\bpm2(?:-runtime|-docker|-dev)?\b")


def _stops_with_interrupt(project: Project) -> bool:
    """Does the project stop its processes with a signal of its own choosing (see the module doc)?"""
    for ff in project.files.values():
        if posixpath.basename(ff.path).lower().startswith("ecosystem.config."):
            return True
        if ff.lang != "text":
            continue
        kind = (ff.extra or {}).get("kind")
        if kind == "systemd" and project.may_mention(ff.path, "KillSignal"):
            return True
        if kind == "supervisor" and project.may_mention(ff.path, "stopsignal"):
            return True
        for _line, text in ff.commands:
            if (kind == "dockerfile" and _STOPSIGNAL_INT.match(str(text))) or _PM2.search(str(text)):
                return True
    return any(svc.node.get("stop_signal") is not None for svc in compose_services(project))


@check("RS910")
def stop_signal_unhandled(project: Project) -> Iterable[Hit]:
    hits = [hit for unit in units(project) for hit in _unit_hits(project, unit)]
    if hits and not _stops_with_interrupt(project):
        yield from hits


def _unit_hits(project: Project, unit: Unit) -> Iterator[Hit]:
    """The service's Python worker loop and Node process whose stop handling covers interrupts only."""
    all_entries = entry_points(project, unit)
    py_got = py_interrupt_only(project, unit, [e for e in all_entries if e.ff.lang == "py"])
    if py_got is not None:
        yield _python_hit(project, unit, *py_got, served=kept_alive_server(project, unit, py_got[0], all_entries))
    entries = [e for e in all_entries if e.kind in LONG_RUNNING and e.ff.lang != "py"]
    got = interrupt_only_handlers(project, unit, entries) if entries else None
    if got is None or uses_dependency(project, unit, ("pm2",)):
        return
    entry, signals, handlers = got
    reg, call = handlers[0]
    c = entry.call
    yield Hit(
        "RS910", entry.ff.path, entry.line,
        f"{started(entry)}; its stop handler ({reg.path}:{call.line}) listens for {signals} only: `docker stop`, Compose, "
        f"Kubernetes and systemd stop a process with SIGTERM, which nothing here listens for, so Node ends at once and the "
        f"shutdown code runs only on a terminal's Ctrl-C: on every deploy {in_flight(entry)} and connections are dropped "
        f"instead of closed",
        column=entry.col,
        end_line=c.end_line if c is not None else 0,
        end_column=c.end_col if c is not None else 0,
        related=[Related(r.path, cl.line, "stop handler registered here, for no SIGTERM") for r, cl in handlers[:2]],
        anchor=unit.anchor(),
    )


def _python_hit(project: Project, unit: Unit, entry: Entry, signals: str, where: list[tuple[FileFacts, int, str]],
                served: Entry | None = None) -> Hit:
    """The finding for a Python loop; ``served``: the server the loop only
    keeps the program alive for (``lifecycle.kept_alive_server``), whose
    requests are what a SIGTERM cuts off."""
    ff, line, _what = where[0]
    c = entry.call  # (an asyncio event loop run forever; None for a worker loop)
    lost = loop_work_lost(entry) if c is not None else "the job in progress is cut off mid-iteration"
    what = py_loop_label(entry)
    related: list[Related] = []
    grpc = grpc_server_kept_up(project, entry)
    if grpc is not None:
        served = None  # (its own wording below, as RS901's)
    if served is not None:
        what, lost = kept_alive_words(entry, served)
        related.append(Related(served.ff.path, served.line, "the server the loop keeps running"))
    if c is not None:
        fix = "`loop.add_signal_handler(signal.SIGTERM, ...)`"
    elif loop_in_coroutine(project, entry):
        # a loop awaiting in an `async def`: a flag set by a signal.signal handler is not seen until its await returns
        fix = "`loop.add_signal_handler(signal.SIGTERM, ...)` cancelling the task that runs the loop"
    else:
        fix = "`signal.signal(signal.SIGTERM, handler)`"
    keeps = ""
    if grpc is not None:
        # (a loop that only keeps a gRPC server up: grpcio handles no signal, so its RPCs are what is cut off)
        keeps = f" that keeps its gRPC server (`{grpc.what}`, line {grpc.line}) up,"
        lost = "the server's RPCs in flight are cut off"
        fix = "`signal.signal(signal.SIGTERM, handler)`, with a handler that calls `server.stop(grace)`"
    return Hit(
        "RS910", entry.ff.path, entry.line,
        f"{entry.ff.path} {what}{keeps} whose stop handling ({ff.path}:{line}) covers "
        f"{signals} only: `docker stop`, Compose, Kubernetes and systemd stop a process with SIGTERM, which nothing here "
        f"handles, so Python ends the process at once (no handler, no `finally`) and the shutdown code runs only on a "
        f"terminal's Ctrl-C: on every deploy {lost} and its connections are dropped "
        f"(handle SIGTERM too: {fix})",
        column=entry.col if c is not None else 1,
        end_line=c.end_line if c is not None else 0,
        end_column=c.end_col if c is not None else 0,
        related=[Related(f.path, ln, f"stop handling here, for no SIGTERM ({'except KeyboardInterrupt' if w == 'KeyboardInterrupt' else w})")
                 for f, ln, w in where[:2]] + related,
        anchor=unit.anchor(),
    )
