"""A child process forked at the start of a warm scan, ready to parse the
few files that changed.

libcst's import costs about 0.2 s, often more than the rest of the analysis
of a few edited Python files.  The child imports the frontend (and builds
the scan's trigger matcher) while the scan reads its rules, discovers files
and reads the cache; the files found to have changed are then parsed there.
While it waits for them it does what else the first parse would (reads the
order of libcst's node classes), a short step at a time, so that files sent
early wait for one step at most.

It is a bare ``os.fork`` with two pipes, not a ``multiprocessing`` process:
a scan with nothing to parse kills it at once, and importing
multiprocessing and opening its socket pair would cost that scan 25-40 ms
for nothing.  It is only an accelerator: a file it does not answer for (it
crashed, hung past the deadline, or could not be forked) is handed back to
the caller, which parses it the supervised way (``riskscan.isolation``).

Messages are length-prefixed pickles between this process and its own fork
(never data from the scanned tree): the jobs, once, then one
``(path, result, cache entry)`` per file.

**Forked at start-up.**  The command line forks the child before it even
imports typer (:func:`fork_early`, for ``riskscan check`` without
``--no-cache`` or ``--jobs 1``): parsing the options, loading the
configuration and importing the engine take about 0.1 s, which the child
spends importing libcst instead of the scan waiting for it afterwards.
The scan takes that child over (:func:`take_early`) or, when it turns out
to need none (no cache yet, one CPU), stops it.  Before it imports libcst,
that child walks the tree for the scan (riskscan.earlydisc): its first
message, which the scan takes when the child read the same options.
"""

from __future__ import annotations

import math
import os
import select
import signal
import struct
import sys
import time
from typing import Any, Callable

LEN = struct.Struct(">Q")


class Prewarmed:
    """A forked child that runs ``setup()`` and then ``worker(job)`` for the
    jobs it is sent.  With ``first``, the child first sends what ``first()``
    returns (None: an empty message) and then sets up: :meth:`first_message`
    reads it."""

    def __init__(self, setup: Callable[[], None], worker: Callable[[Any], Any], idle: Callable[[], bool] | None = None,
                 first: Callable[[], bytes | None] | None = None) -> None:
        jobs_r, jobs_w = os.pipe()
        out_r, out_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (jobs_r, jobs_w, out_r, out_w):
                os.close(fd)
            raise
        if pid == 0:  # pragma: no cover - runs in the child (its exit code is not looked at)
            try:
                os.close(jobs_w)
                os.close(out_r)
                _serve(jobs_r, out_w, setup, worker, idle, first)
            finally:
                os._exit(0)
        os.close(jobs_r)
        os.close(out_w)
        self.pid = pid
        self._jobs = jobs_w
        self._out = out_r
        self._buf = bytearray()
        self._first: bytes | None = None
        self._first_due = first is not None
        self._lost = False  # the first message never came: what follows cannot be read

    def first_message(self, end: float | None = None) -> bytes | None:
        """The child's first message (see the class doc), waited for until
        ``end`` (monotonic time, None: as long as the child lives): empty
        when ``first`` gave nothing; None without ``first`` or when it did
        not come (the child then has nothing more to say: :meth:`run`
        answers no job)."""
        if self._first_due:
            self._first_due = False
            try:
                self._first = read_message(self._out, self._buf, end) if self._out >= 0 else None
            except OSError:
                self._first = None
            self._lost = self._first is None
        return self._first

    def run(self, jobs: list[Any], deadline: float, meanwhile: Callable[[], object] | None = None) -> dict[str, Any]:
        """Send ``jobs`` and wait, at most ``deadline`` seconds, for their results:
        path -> what ``worker`` returned.  The jobs left out are those the child
        did not answer for; it is stopped in any case (it serves one batch).
        ``meanwhile`` is called once the jobs are sent (its time counts
        against the deadline)."""
        import pickle

        results: dict[str, Any] = {}
        try:
            end = time.monotonic() + deadline
            self.first_message(end)  # (not the answer to a job)
            if self._lost:
                return results
            data = pickle.dumps(jobs, protocol=pickle.HIGHEST_PROTOCOL)
            # (the jobs can outgrow the pipe's buffer while the child is still setting up)
            if not write_all(self._jobs, LEN.pack(len(data)) + data, end):
                return results
            os.close(self._jobs)
            self._jobs = -1
            if meanwhile is not None:
                meanwhile()
            while len(results) < len(jobs):
                message = read_message(self._out, self._buf, end)
                if message is None:
                    break
                got = pickle.loads(message)
                results[got[0]] = got
        except (OSError, ValueError, EOFError, pickle.PickleError, struct.error):
            pass  # what arrived stands; the rest goes back to the caller
        finally:
            self.stop()
        return results

    def stop(self) -> None:
        """Kill the child (it may still be importing) and reap it."""
        if self.pid <= 0:
            return
        kill_and_reap(self.pid)
        self.pid = 0
        close_quietly(self._jobs, self._out)
        self._jobs = self._out = -1


def kill_and_reap(pid: int) -> None:
    """SIGKILL a child of this process (gone already: nothing) and wait for it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass


def close_quietly(*fds: int) -> None:
    for fd in fds:
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass


_EARLY: Prewarmed | None = None


def fork_early(argv: list[str]) -> None:
    """Fork the scan's child now (see the module's doc) when the arguments
    are those of a ``check`` that may use one: a cache, more than one job,
    more than one CPU.  Whatever the scan does not take over is stopped at exit."""
    global _EARLY
    if not argv or argv[0] != "check" or _EARLY is not None or (os.cpu_count() or 1) < 2:
        return
    rest = argv[1:]
    if any(a in ("--no-cache", "--help", "-h") for a in rest):
        return
    for i, a in enumerate(rest):
        value = a.partition("=")[2] if a.startswith("--jobs=") else rest[i + 1] if a in ("--jobs", "-j") and i + 1 < len(rest) else None
        if value is not None and value.strip() == "1":
            return
    _EARLY = start(_early_setup, _early_worker, _early_idle, lambda: _early_discovery(argv))
    if _EARLY is not None:
        import atexit

        atexit.register(_stop_early)


def take_early() -> Prewarmed | None:
    """The child :func:`fork_early` started, now the caller's to run or stop (once)."""
    global _EARLY
    child, _EARLY = _EARLY, None
    return child


def _stop_early() -> None:
    child = take_early()
    if child is not None:
        child.stop()


def _early_discovery(argv: list[str]) -> bytes | None:  # pragma: no cover - runs in the child
    from .earlydisc import discover_ahead

    return discover_ahead(argv)


def _early_setup() -> None:  # pragma: no cover - runs in the child
    from .engine import prewarm_setup

    prewarm_setup()


def _early_idle() -> bool:  # pragma: no cover - runs in the child
    from .engine import prewarm_idle

    return prewarm_idle()


def _early_worker(job: Any) -> Any:  # pragma: no cover - runs in the child
    from .engine import _encoding_worker

    return _encoding_worker(job)


def start(setup: Callable[[], None], worker: Callable[[Any], Any], idle: Callable[[], bool] | None = None,
          first: Callable[[], bytes | None] | None = None) -> Prewarmed | None:
    """A pre-warmed child, or None where processes cannot fork.  ``idle``:
    a step of optional work the child repeats after ``setup`` while no job
    has come, until it returns False; ``first``: see :class:`Prewarmed`."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return None
    try:
        return Prewarmed(setup, worker, idle, first)
    except OSError:
        return None


def _serve(
    jobs_r: int, out_w: int, setup: Callable[[], None], worker: Callable[[Any], Any], idle: Callable[[], bool] | None = None,
    first: Callable[[], bytes | None] | None = None,
) -> None:  # pragma: no cover - child
    import pickle

    sending = None
    if first is not None:
        try:
            data = first() or b""
        except Exception:
            data = b""
        import threading

        # (written while the set-up goes on: the scan reads it once its own start-up is over)
        sending = threading.Thread(target=write_all, args=(out_w, LEN.pack(len(data)) + data), daemon=True)
        sending.start()
    setup()
    # (each step is short: the jobs, once they come, wait for one step at most)
    while idle is not None and not ready(jobs_r, 0) and idle():
        pass
    message = read_message(jobs_r, bytearray(), None)
    if message is None:
        return  # the scan needed nothing (or ended)
    if sending is not None:
        sending.join()  # (read by now: the scan reads it before it sends the jobs)
    for job in pickle.loads(message):
        try:
            out = pickle.dumps(worker(job), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            continue  # not answered: the scan parses it the supervised way
        write_all(out_w, LEN.pack(len(out)) + out)


def ready(fd: int, timeout: float, write: bool = False) -> bool:
    """Whether ``fd`` can be read (``write``: written) within ``timeout``
    seconds; an end of file or a closed reader counts (the read or write
    then says so).  poll(2), not select(2): select takes no descriptor
    numbered 1,024 or more, which a process holding many open files (an
    editor's server, a long test session) hands out."""
    poller = select.poll()
    poller.register(fd, select.POLLOUT if write else select.POLLIN)
    return bool(poller.poll(math.ceil(timeout * 1000) if timeout > 0 else 0))


def write_all(fd: int, data: bytes, end: float | None = None) -> bool:
    """Write all of ``data``; False if ``end`` (monotonic time) passes first."""
    view = memoryview(data)
    while view:
        if end is not None:
            left = end - time.monotonic()
            if left <= 0 or not ready(fd, left, write=True):
                return False
        n = os.write(fd, view[: 1 << 16] if end is not None else view)
        view = view[n:]
    return True


def pop_message(buf: bytearray) -> bytes | None:
    """The first length-prefixed message of ``buf``, taken out of it, when it
    is there whole; else None (``buf`` unchanged)."""
    if len(buf) < LEN.size:
        return None
    need = LEN.size + LEN.unpack_from(buf)[0]
    if len(buf) < need:
        return None
    message = bytes(buf[LEN.size : need])
    del buf[:need]
    return message


def read_message(fd: int, buf: bytearray, end: float | None) -> bytes | None:
    """The next length-prefixed message from ``fd`` (``buf`` keeps what was read
    past it); None at end of file or once ``end`` (monotonic time) has passed."""
    while True:
        message = pop_message(buf)
        if message is not None:
            return message
        if end is not None:
            left = end - time.monotonic()
            if left <= 0 or not ready(fd, left):
                return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return None
        buf += chunk
