"""The pre-warmed child of warm scans (riskscan.prewarm): what it answers, and
that it never outlives its batch or the time allowed."""

from __future__ import annotations

import os
import sys
import time

import pytest

from riskscan import prewarm

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks (Linux only)")


def _echo(job):
    if job == "crash":
        os._exit(3)
    if job == "hang":
        time.sleep(60)
    if job == "fail":
        raise ValueError("cannot")
    return (job, job.upper(), None)


def _setup():
    pass


def test_answers_every_job_and_is_reaped():
    child = prewarm.start(_setup, _echo)
    pid = child.pid
    got = child.run(["a", "b", "c"], deadline=30)
    assert got == {"a": ("a", "A", None), "b": ("b", "B", None), "c": ("c", "C", None)}
    assert child.pid == 0
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left


def test_a_crash_loses_only_the_unanswered_jobs():
    child = prewarm.start(_setup, _echo)
    assert set(child.run(["a", "crash", "b"], deadline=30)) == {"a"}


def test_a_job_that_raises_is_left_out():
    child = prewarm.start(_setup, _echo)
    assert set(child.run(["a", "fail", "b"], deadline=30)) == {"a", "b"}


def test_a_hang_is_cut_at_the_deadline():
    child = prewarm.start(_setup, _echo)
    t = time.monotonic()
    assert set(child.run(["a", "hang", "b"], deadline=1.0)) == {"a"}
    assert time.monotonic() - t < 10


def test_a_slow_setup_counts_against_the_deadline():
    child = prewarm.start(lambda: time.sleep(60), _echo)
    t = time.monotonic()
    assert child.run(["a"], deadline=0.5) == {}
    assert time.monotonic() - t < 10


def test_stopping_an_unused_child_kills_it_even_while_it_sets_up():
    child = prewarm.start(lambda: time.sleep(60), _echo)
    pid = child.pid
    t = time.monotonic()
    child.stop()
    child.stop()  # idempotent
    assert time.monotonic() - t < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_large_results_cross_the_pipe():
    child = prewarm.start(_setup, lambda job: (job, "x" * 5_000_000, None))
    got = child.run(["big"], deadline=30)
    assert len(got["big"][1]) == 5_000_000


def test_jobs_larger_than_the_pipe_do_not_block_past_the_deadline():
    child = prewarm.start(lambda: time.sleep(60), _echo)
    t = time.monotonic()
    assert child.run(["x" * 1_000_000], deadline=0.5) == {}
    assert time.monotonic() - t < 10


def test_jobs_larger_than_the_pipe_are_answered():
    child = prewarm.start(lambda: time.sleep(0.2), lambda job: (job[:3], len(job), None))
    assert child.run(["abc" * 400_000], deadline=30) == {"abc": ("abc", 1_200_000, None)}


def _idle_job(job):
    # what the idle steps did before this job came: the count they left in the file
    with open(job) as fh:
        return (job, fh.read(), None)


def test_idle_steps_run_until_done_while_no_job_has_come(tmp_path):
    # the child repeats its idle step after set-up until the step says it is done,
    # then serves the jobs as usual
    log = tmp_path / "steps"
    log.write_text("")
    left = [3]

    def idle():
        left[0] -= 1
        with open(log, "a") as fh:
            fh.write("x")
        return left[0] > 0

    child = prewarm.start(_setup, _idle_job, idle)
    time.sleep(0.5)  # (ample for three steps)
    got = child.run([str(log)], deadline=30)
    assert got == {str(log): (str(log), "xxx", None)}


def test_a_job_waits_for_one_idle_step_at_most(tmp_path):
    # an idle step that would never say it is done stops as soon as jobs come
    def idle():
        time.sleep(0.01)
        return True

    child = prewarm.start(_setup, _echo, idle)
    t = time.monotonic()
    assert child.run(["a", "b"], deadline=30) == {"a": ("a", "A", None), "b": ("b", "B", None)}
    assert time.monotonic() - t < 5


def test_the_callers_work_runs_once_the_jobs_are_sent(tmp_path):
    # `meanwhile` runs while the child works on the jobs: the child has them by then
    seen: list[float] = []
    child = prewarm.start(_setup, _slow_echo)
    t = time.monotonic()
    got = child.run(["a"], deadline=30, meanwhile=lambda: seen.append(time.monotonic()))
    assert got == {"a": ("a", "A", None)}
    assert len(seen) == 1 and seen[0] - t < 0.4  # (not after the child's 0.5 s of work)


def _slow_echo(job):
    time.sleep(0.5)
    return (job, job.upper(), None)


def test_works_with_descriptors_past_1024(many_open_files):
    """Waiting on the child's pipes takes any descriptor number (poll, not
    select): a process holding many open files numbers new pipes past 1,024."""
    child = prewarm.start(_setup, _echo)
    assert child is not None
    got = child.run(["a", "b"], 10)
    assert {k: v[1] for k, v in got.items()} == {"a": "A", "b": "B"}
    assert prewarm.ready(many_open_files[-1], 0)  # (/dev/null: readable at once)


# ----------------------------------------------------- the child's first message
def test_the_first_message_comes_before_the_answers():
    child = prewarm.start(_setup, _echo, first=lambda: b"files")
    assert child.first_message() == b"files"
    assert child.first_message() == b"files"  # (read once, kept)
    assert child.run(["a", "b"], deadline=30) == {"a": ("a", "A", None), "b": ("b", "B", None)}


def test_a_first_message_nobody_asked_for_is_not_taken_for_an_answer():
    child = prewarm.start(_setup, _echo, first=lambda: b"files")
    assert child.run(["a"], deadline=30) == {"a": ("a", "A", None)}


def test_a_first_message_that_fails_or_gives_nothing_is_empty():
    def fails():
        raise OSError("no tree")

    for first in (fails, lambda: None):
        child = prewarm.start(_setup, _echo, first=first)
        assert child.first_message() == b""
        assert child.run(["a"], deadline=30) == {"a": ("a", "A", None)}


def test_without_first_there_is_no_first_message():
    child = prewarm.start(_setup, _echo)
    assert child.first_message() is None
    assert child.run(["a"], deadline=30) == {"a": ("a", "A", None)}


def test_a_first_message_larger_than_the_pipe_does_not_hold_up_the_set_up(tmp_path):
    # the child sets up while the message waits to be read (the scan reads it
    # once its own start-up is over)
    marker = tmp_path / "set-up"
    big = os.urandom(4 << 20)
    child = prewarm.start(lambda: marker.write_text("done"), _echo, first=lambda: big)
    end = time.monotonic() + 20
    while not marker.exists() and time.monotonic() < end:
        time.sleep(0.01)
    assert marker.exists()
    assert child.first_message() == big
    assert child.run(["a"], deadline=30) == {"a": ("a", "A", None)}


def test_a_child_that_dies_before_its_first_message_answers_nothing():
    def dies():
        os._exit(3)

    child = prewarm.start(_setup, _echo, first=dies)
    assert child.first_message() is None
    assert child.run(["a"], deadline=30) == {}  # (the caller parses the files itself)
    assert child.pid == 0
