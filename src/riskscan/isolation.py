"""Run per-file work so that no single file can stop or stall the scan.

Two tools, both documented in :mod:`riskscan.limits`:

* :func:`time_budget` - a soft per-file budget in the current process: a
  ``SIGPROF`` timer raises :class:`BudgetExceeded` (a ``BaseException``, so a
  frontend's ``except Exception`` cannot swallow it) into Python-level work.
  The budget is CPU time, not wall time: a scan sharing a loaded machine
  (CI runners, parallel scans) skips the same files as one running alone.
  It is a no-op where signals are not available (Windows, non-main threads).
* :func:`run_supervised` - parses files in child processes, one file at a
  time per child, and survives anything a child does: a segfault in a native
  parser, ``os._exit``, an out-of-memory kill (the file is reported as
  crashed and a fresh child takes the next file), or a native loop that never
  returns (the child is killed at the hard deadline: CPU time where the
  system tells it (Linux ``/proc``), with a wall-time cap of
  ``WALL_CAP_FACTOR`` times the deadline for a child that waits instead of
  computing).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from contextlib import contextmanager
from typing import Any, Callable, Iterator


class BudgetExceeded(BaseException):
    """The per-file time budget ran out (raised by the SIGPROF handler)."""


class Budget:
    """What :func:`time_budget` yields: ``fired`` once the budget ran out."""

    __slots__ = ("seconds", "fired")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False


_armed: Budget | None = None
REFIRE = 0.05  # once spent, the alarm repeats until the block is left (a swallowed raise is retried)
# a child past its hard deadline in wall time but not in CPU time (the machine
# is busy) gets more time, up to this many times the deadline in wall time
WALL_CAP_FACTOR = 4.0


def _on_alarm(signum: int, frame: Any) -> None:  # pragma: no cover - timing dependent
    budget = _armed
    if budget is not None:
        budget.fired = True
        raise BudgetExceeded()


def _unraisable(hook: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def quiet(unraisable: Any) -> Any:
        if isinstance(unraisable.exc_value, BudgetExceeded):
            return None  # raised inside a __del__ / callback: the alarm repeats anyway
        return hook(unraisable)

    return quiet


@contextmanager
def time_budget(seconds: float) -> Iterator[Budget]:
    """Raise :class:`BudgetExceeded` in the block once it has used ``seconds``
    of CPU time (the process's, user and system).

    The yielded :class:`Budget` says whether the budget ran out, even if code
    in the block caught the exception.  A no-op (``fired`` stays False) when
    ``seconds`` is 0 or signals cannot be used here.
    """
    global _armed
    budget = Budget(seconds)
    if (
        seconds <= 0
        or _armed is not None
        or not hasattr(signal, "setitimer")
        or not hasattr(signal, "SIGPROF")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield budget
        return
    try:
        previous = signal.signal(signal.SIGPROF, _on_alarm)
    except (ValueError, OSError):  # embedded interpreter without signal support
        yield budget
        return
    hook = sys.unraisablehook
    sys.unraisablehook = _unraisable(hook)
    _armed = budget
    signal.setitimer(signal.ITIMER_PROF, seconds, REFIRE)
    try:
        yield budget
    finally:
        while True:  # the alarm may fire while disarming: retry until disarmed
            try:
                _armed = None
                signal.setitimer(signal.ITIMER_PROF, 0)
                signal.signal(signal.SIGPROF, previous)
                sys.unraisablehook = hook
                break
            except BudgetExceeded:
                continue


# --------------------------------------------------------------------------- supervisor
Job = Any  # a picklable tuple whose first item is the file's path


def _context() -> Any:
    import multiprocessing as mp

    if sys.platform.startswith("linux"):
        return mp.get_context("fork")
    return mp.get_context()


def _child_main(conn: Any, worker: Callable[[Job], Any], init: Callable[[], None] | None) -> None:
    """Child loop: receive a job, send ("ok", result) or ("error", text); stop on None / EOF."""
    if init is not None:
        init()
    parent = os.getppid()
    try:
        while True:
            # poll so an orphaned child (supervisor killed) notices and exits
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            if job is None:
                return
            try:
                out: tuple = ("ok", worker(job))
            except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
                out = ("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())
            try:
                conn.send(out)
            except Exception as exc:  # unpicklable / too deep result
                conn.send(("error", f"result not transferable ({type(exc).__name__})", ""))
    finally:
        conn.close()


def start_children(n: int, worker: Callable[[Job], Any], init: Callable[[], None] | None = None) -> list[Any]:
    """Start ``n`` idle children now, for :func:`run_supervised` later.

    A forked child shares its parent's memory as it is at the fork: children
    started before the parent holds much (the facts of a scan) stay small,
    where children forked later would each count the parent's whole memory
    as their own resident set.  Stop unused ones with :func:`stop_children`."""
    ctx = _context()
    return [_Child(ctx, worker, init) for _ in range(max(0, n))]


def stop_children(children: list[Any]) -> None:
    for child in children:
        child.stop()


_TICKS: float | None = None


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) a process has used, from Linux's /proc; None elsewhere."""
    global _TICKS
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read()
        fields = raw[raw.rindex(b")") + 2 :].split()
        if _TICKS is None:
            _TICKS = float(os.sysconf("SC_CLK_TCK"))
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, ValueError, IndexError, AttributeError):
        return None


class _Child:
    def __init__(self, ctx: Any, worker: Callable[[Job], Any], init: Callable[[], None] | None) -> None:
        parent_end, child_end = ctx.Pipe(duplex=True)
        self.conn = parent_end
        self.proc = ctx.Process(target=_child_main, args=(child_end, worker, init), daemon=True)
        self.proc.start()
        child_end.close()
        self.job: Job | None = None
        self.limit = 0.0
        self.deadline = 0.0
        self.started = 0.0  # wall time the job was sent
        self.cpu0: float | None = None  # the child's CPU time then (None: not known here)

    def overran(self, now: float) -> bool:
        """Past the hard deadline: in CPU time where it can be read (a busy
        machine slows a child without making its file harder), else, or
        once the wall time reaches WALL_CAP_FACTOR times the deadline, in
        wall time.  Not yet: the deadline moves to when it could be."""
        if self.cpu0 is not None and now < self.started + self.limit * WALL_CAP_FACTOR:
            cpu = _cpu_seconds(self.proc.pid)
            if cpu is not None:
                used = cpu - self.cpu0
                if used < self.limit:
                    self.deadline = min(now + max(0.25, self.limit - used), self.started + self.limit * WALL_CAP_FACTOR)
                    return False
        return True

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                try:
                    self.conn.send(None)
                except OSError:
                    pass
            self.proc.join(timeout=5)
            if self.proc.is_alive():
                self.proc.kill()
                self.proc.join(timeout=5)
        finally:
            self.conn.close()

    def death_reason(self) -> str:
        self.proc.join(timeout=5)
        code = self.proc.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"parser crashed ({name})"
        return f"parser process exited unexpectedly (code {code})"


def run_supervised(
    jobs: list[Job],
    worker: Callable[[Job], Any],
    *,
    procs: int = 1,
    deadline_of: Callable[[Job], float] = lambda job: 0.0,
    on_crash: Callable[[Job, str], Any],
    on_timeout: Callable[[Job, float], Any],
    on_error: Callable[[Job, str, str], Any],
    on_result: Callable[[Job, Any], None],
    init: Callable[[], None] | None = None,
    children: list[Any] | None = None,
    keep: bool = False,
) -> None:
    """Run ``worker(job)`` for every job in supervised child processes.

    ``children``: idle children from :func:`start_children` (same ``worker``
    and ``init``) to use first; the list is emptied, and with ``keep`` the
    children still alive and idle at the end are put back into it (else they
    are stopped like the others).

    ``on_result(job, value)`` receives, for every job exactly once, the
    worker's return value or what ``on_crash(job, reason)`` /
    ``on_timeout(job, seconds)`` / ``on_error(job, message, traceback)``
    return.  ``deadline_of(job)`` is the wall time after which the child is
    killed (0 = none).  Results arrive in completion order.
    """
    ctx = _context()
    pending: deque[Job] = deque(jobs)
    idle: list[_Child] = list(children or ())
    if children is not None:
        children.clear()
    busy: list[_Child] = []
    procs = max(1, procs)
    from multiprocessing.connection import wait

    try:
        while pending or busy:
            while pending and len(busy) < procs:
                child = idle.pop() if idle else _Child(ctx, worker, init)
                job = pending.popleft()
                try:
                    child.conn.send(job)
                except OSError:  # died while idle: replace it, retry the job
                    child.stop(kill=True)
                    pending.appendleft(job)
                    continue
                limit = deadline_of(job)
                child.job = job
                child.limit = limit
                child.started = time.monotonic()
                child.deadline = child.started + limit if limit > 0 else 0.0
                child.cpu0 = _cpu_seconds(child.proc.pid) if limit > 0 else None
                busy.append(child)
            deadlines = [c.deadline for c in busy if c.deadline]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = set(wait([c.conn for c in busy] + [c.proc.sentinel for c in busy], timeout=timeout))
            now = time.monotonic()
            for child in list(busy):
                job = child.job
                if child.conn in ready or child.proc.sentinel in ready:
                    try:
                        msg = child.conn.recv() if child.conn.poll() else None
                    except (EOFError, OSError):
                        msg = None
                    busy.remove(child)
                    if msg is None:  # died without an answer
                        reason = child.death_reason()
                        child.stop(kill=True)
                        on_result(job, on_crash(job, reason))
                        continue
                    if msg[0] == "ok":
                        on_result(job, msg[1])
                    else:
                        on_result(job, on_error(job, msg[1], msg[2]))
                    idle.append(child)
                elif child.deadline and now >= child.deadline and child.overran(now):
                    busy.remove(child)
                    child.stop(kill=True)
                    on_result(job, on_timeout(job, child.limit))
    finally:
        for child in busy:
            child.stop(kill=True)
        if keep and children is not None:
            children.extend(c for c in idle if c.proc.is_alive())
            idle = [c for c in idle if c not in children]
        for child in idle:
            child.stop()
