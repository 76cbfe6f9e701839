"""Huey tasks and Dramatiq actors the project defines (RS301, RS302).

Huey enqueues a task when its function is called (``send_invoice(order)``),
from any module that imports it, so a producer's file need not name Huey at
all; Dramatiq actors are sent with ``.send()``.  What every such project
does name is the definition: ``@huey.task()`` on a Huey instance (or
``@task()``/``@db_task()`` of huey.contrib.djhuey and django-huey),
``@dramatiq.actor``.  A defined task is there to be run by a consumer.
"""

from __future__ import annotations

from ..facts import CALL, OBJ, Call, FileFacts, Func, Val
from ..project import Project
from ._memo import per_project
from ._resolve import is_bool, last_name
from ._stores import name_origin

HUEY_MODULES = ("huey", "django_huey")
# (djhuey's `on_commit_task` enqueues once the transaction commits and takes `task()`'s options)
_HUEY_TASKS = frozenset({"task", "db_task", "on_commit_task"})


def huey_task_call(call: Call, instances: set[str]) -> bool:
    """``@huey.task(...)`` on a Huey instance (named for it, or built in this
    file), or the ``task``/``db_task``/``on_commit_task`` decorators of Huey's
    Django integrations."""
    callee = call.callee
    last = callee.rsplit(".", 1)[-1]
    if last not in _HUEY_TASKS:
        return False
    if callee.startswith(("huey.contrib.djhuey.", "django_huey.")):
        return True
    recv = call.recv or callee.rpartition(".")[0]
    return bool(recv) and (recv in instances or "huey" in recv.rsplit(".", 1)[-1].lower())


def _huey_instances(ff: FileFacts) -> set[str]:
    return {c.assigned for c in ff.calls if c.assigned and c.callee.startswith("huey.") and c.callee.endswith("Huey")}


@per_project
def huey_tasks(project: Project) -> list[tuple[FileFacts, Func, Val, Call]]:
    """(file, function, decorator, decorator call) of every Huey task (not
    the periodic ones, which the consumer's scheduler runs)."""
    out: list[tuple[FileFacts, Func, Val, Call]] = []
    for ff in project.parsed_code_files():
        if ff.lang != "py" or not any(m.split(".", 1)[0] in HUEY_MODULES for m in ff.modules):
            continue
        instances = _huey_instances(ff)
        for f in ff.funcs:
            for dec in f.decorators:
                call = project.call_of(ff, dec) if dec.k == CALL else None
                if call is not None and huey_task_call(call, instances):
                    if not _mini_huey(project, ff, call):
                        out.append((ff, f, dec, call))
                    break
    return out


def _mini_huey(project: Project, ff: FileFacts, call: Call) -> bool:
    """``@huey.task()`` on a ``huey.contrib.mini.MiniHuey`` (built in this
    file or imported): MiniHuey runs its tasks in a gevent pool of the
    process that calls them, with no broker, no consumer and no ``retries=``
    (its ``task(validate_func)`` is a periodic task)."""
    return bool(call.recv) and last_name(name_origin(project, ff, call.recv)) == "MiniHuey"


@per_project
def dramatiq_actors(project: Project) -> list[tuple[FileFacts, Func, Val]]:
    """(file, function, decorator) of every ``@dramatiq.actor`` function."""
    out: list[tuple[FileFacts, Func, Val]] = []
    for ff in project.parsed_code_files():
        if ff.lang != "py" or not any(m.split(".", 1)[0] == "dramatiq" for m in ff.modules):
            continue
        for f in ff.funcs:
            dec = next((d for d in f.decorators if d.v == "dramatiq.actor" or d.v.startswith("dramatiq.actor(")), None)
            if dec is not None:
                out.append((ff, f, dec))
    return out


def huey_immediate(project: Project) -> bool:
    """Huey runs tasks inline, in the caller: a Huey built with
    ``immediate=True``, or Django settings ``HUEY = {"immediate": True}``."""
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        if any(c.callee.startswith("huey.") and c.callee.endswith("Huey") and is_bool(c.kwargs.get("immediate"), True) for c in ff.calls):
            return True
        conf = ff.consts.get("HUEY")
        if conf is not None and conf.k == OBJ and conf.keys and is_bool(conf.keys.get("immediate"), True):
            return True
    return False


def task_label(dec: Val) -> str:
    """How a message shows the decorator: `@huey.task()`, `@dramatiq.actor`."""
    name = dec.v.split("(", 1)[0]
    return f"@{name}()" if dec.k == CALL else f"@{name}"

