"""Run one command and measure its wall time and the peak RSS of its whole
process tree (the command plus every process it starts, sampled together).

Linux only: the tree is found by scanning ``/proc/*/stat`` for parent ids every
``interval`` seconds, and each process's resident set (``rss`` field of
``/proc/<pid>/stat``) is summed.  Pages shared between forked workers are
counted once per process, so the figure errs on the high side, the same way
for every tool measured.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Sample:
    wall: float  # seconds
    peak_rss: int  # bytes, whole process tree
    returncode: int
    max_procs: int  # largest number of processes alive at once


def _proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (ppid, rss bytes) for every process we can read."""
    table: dict[int, tuple[int, int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                raw = fh.read()
        except OSError:
            continue
        rest = raw[raw.rfind(b")") + 2 :].split()
        try:
            table[int(name)] = (int(rest[1]), int(rest[21]) * PAGE)
        except (IndexError, ValueError):
            continue
    return table


def own_peak_rss() -> int:
    """This process's peak resident size in bytes (``VmHWM``; 0 if unknown)."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_rss(root: int) -> tuple[int, int]:
    """(summed RSS in bytes, number of processes) of ``root`` and its descendants."""
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total = count = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        entry = table.get(pid)
        if entry is None:
            continue
        total += entry[1]
        count += 1
        stack.extend(children.get(pid, ()))
    return total, count


def measure(cmd: list[str], *, cwd: str | None = None, env: dict[str, str] | None = None, interval: float = 0.02, stdout_path: str | None = None, timeout: float = 3600) -> Sample:
    peak = [0, 0]
    done = threading.Event()
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err = open(os.devnull, "wb")
    try:
        t0 = time.perf_counter()
        # own process group: a timeout or an interrupted bench ends the whole tree
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)

        def kill_tree() -> None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass

        def poll() -> None:
            while not done.is_set():
                rss, n = tree_rss(proc.pid)
                peak[0] = max(peak[0], rss)
                peak[1] = max(peak[1], n)
                done.wait(interval)

        # a first sample at once (Popen returns once the command has been
        # exec'd), so that a command shorter than the thread's start has one
        rss, n = tree_rss(proc.pid)
        peak[0], peak[1] = rss, n
        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
        killer = threading.Timer(timeout, kill_tree)
        killer.start()
        try:
            # wait4 also gives the largest single-process RSS among the command and
            # the descendants it waited for: a floor for processes too short to sample
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            kill_tree()
            raise
        wall = time.perf_counter() - t0
        killer.cancel()
        proc.returncode = rc = os.waitstatus_to_exitcode(status)
        done.set()
        thread.join()
        # (on Linux a child's maximum starts from the memory it had before its
        # exec, that is this process's, shared until then: a figure no larger
        # than this process's own peak may be that, and the samples decide)
        if usage.ru_maxrss * 1024 > own_peak_rss():
            peak[0] = max(peak[0], usage.ru_maxrss * 1024)
    finally:
        if stdout_path:
            out.close()  # type: ignore[union-attr]
        err.close()
    return Sample(wall=wall, peak_rss=peak[0], returncode=rc, max_procs=peak[1])


class Series:
    def __init__(self, label: str) -> None:
        self.label = label
        self.samples: list[Sample] = []

    def add(self, s: Sample) -> Sample:
        self.samples.append(s)
        return s

    @property
    def min(self) -> float:
        return min(s.wall for s in self.samples)

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def rss(self) -> int:
        return max(s.peak_rss for s in self.samples)

    @property
    def rcs(self) -> set[int]:
        return {s.returncode for s in self.samples}
