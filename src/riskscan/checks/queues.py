"""RS301-RS304: job processing (no consumer, no retry, backlog trimming,
unguarded job status updates).

RS301-RS303 read the project-wide queue index (``_jobqueues.queue_index``):
producers and consumers are matched by queue name / list key across files
and packages.  RS304 reads ``_status.status_updates``.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable, Iterable, Iterator, TypeVar

from ..facts import ARR, BOOL, CALL, ENV, FN, IDENT, NULL, NUM, OBJ, OTHER, STR, TMPL, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import check
from ._db import ABSENT, SET, UNKNOWN, lookup
from ._jobqueues import (
    BULL,
    CELERY,
    CLEAN,
    CONSUME,
    DEAD_LETTER,
    DRAMATIQ,
    HUEY,
    LIST,
    PGBOSS,
    PRODUCE,
    READ,
    RQ,
    TRIM,
    NameIndex,
    QueueOp,
    consumers_of,
    describe,
    list_method,
    ops,
    queue_index,
    worker_commands,
)
from ._longrun import is_script, long_running, npm_asset_script, npm_process_script
from ._reach import func_label, helper_funcs, reachable_calls
from ._memo import per_project
from ._resolve import (assigned_before, assigned_calls, callee_funcs, foreign_py_name, imported_name, last_name, module_and_attr, package_of,
                       walk_vals)
from ._routes import as_val, base_class_home, class_attrs, class_bases
from ._services import is_demo_path
from ._status import status_updates
from ._taskdefs import dramatiq_actors, huey_immediate, huey_tasks, task_label
from ._stores import enqueue_write, is_redis, key_text, name_origin, resolve, short, uses

MAX_RELATED = 20  # producers listed with a "no worker" finding

_QUEUE_LIKE = lazy_re(r"queue|job|task|work|pending|backlog|todo|inbox|process|dispatch|webhook|mail|command|cmd", re.I)


def _hit(rule: str, op: QueueOp, message: str, related: list[Related] | None = None, anchor: str = "") -> Hit:
    c = op.call
    return Hit(
        rule_id=rule,
        path=op.ff.path,
        line=c.line,
        column=c.col or 1,
        end_line=c.end_line if c.end_line == c.line else 0,
        end_column=c.end_col if c.end_line == c.line else 0,
        message=message,
        related=related or [],
        anchor=anchor,
    )


def _first_per_file(found: list[QueueOp]) -> list[list[QueueOp]]:
    """Group ops by (file, name), in file/line order."""
    groups: dict[tuple[str, str], list[QueueOp]] = {}
    for op in sorted(found, key=lambda o: (o.ff.path, o.call.line, o.call.col)):
        groups.setdefault((op.ff.path, op.name), []).append(op)
    return list(groups.values())


def _where(op: QueueOp) -> str:
    return f"{op.ff.path}:{op.call.line}"


# --------------------------------------------------------------------------- RS301
@check("RS301")
def queue_no_consumer(project: Project) -> Iterable[Hit]:
    yield from _rs301_defined(project, HUEY)
    yield from _rs301_defined(project, DRAMATIQ)
    idx = queue_index(project)
    if not idx:
        return
    yield from _rs301_bull(project)
    yield from _rs301_pgboss(project)
    yield from _rs301_lists(project)
    yield from _rs301_workers(project, CELERY)
    yield from _rs301_workers(project, RQ)


def _unconsumed(project: Project, kind: str) -> list[QueueOp]:
    """Producers of a named, non-dead-letter queue that no consumer matches
    (none when a consumer with an unknown name exists)."""
    out = []
    for op in ops(project, kind, PRODUCE):
        if not op.name or DEAD_LETTER.search(op.name):
            continue
        if consumers_of(project, op) == []:
            out.append(op)
    return out


def _rs301_bull(project: Project) -> Iterable[Hit]:
    for group in _first_per_file(_unconsumed(project, BULL)):
        op = group[0]
        name = describe(op)
        consumer = "Worker" if op.lib == "BullMQ" else "`process()` handler"
        related = [Related(o.ff.path, o.call.line, "also adds jobs to this queue") for o in group[1:]]
        if op.queue_call is not None and op.queue_ff is not None and op.queue_call.line:
            related.append(Related(op.queue_ff.path, op.queue_call.line, f"queue {name} is created here"))
        msg = (
            f"Jobs are added to queue {name} ({op.lib}) but no {consumer} for {name} exists anywhere in the project: "
            f"they will wait in Redis forever and the work never happens"
        )
        yield _hit("RS301", op, msg, related, anchor=f"bull:{op.name}")


def _rs301_pgboss(project: Project) -> Iterable[Hit]:
    for group in _first_per_file(_unconsumed(project, PGBOSS)):
        op = group[0]
        name = describe(op)
        related = [Related(o.ff.path, o.call.line, "also sends jobs to this queue") for o in group[1:]]
        msg = (
            f"Jobs are sent to queue {name} (pg-boss) but nothing in the project calls `work({op.name!r}, ...)` or "
            f"`fetch({op.name!r})`: they wait in Postgres until pg-boss expires them, and the work never happens"
        )
        yield _hit("RS301", op, msg, related, anchor=f"pgboss:{op.name}")


def _rs301_lists(project: Project) -> Iterable[Hit]:
    reads = ops(project, LIST, READ) + ops(project, LIST, TRIM)
    named = NameIndex([(r.name, r.exact) for r in reads])
    unnamed: list[bool] = []  # (is there a read of a key riskscan cannot name, not built by a key function? asked once)

    def unnamed_read() -> bool:
        if not unnamed:
            unnamed.append(any(not r.name and not _built_key(project, r) for r in reads))
        return unnamed[0]

    found = []
    for op in _unconsumed(project, LIST):
        if named.any_match(op.name, op.exact) or unnamed_read():
            continue  # a list read with LRANGE or capped with LTRIM: a feed, not a queue
        if not _QUEUE_LIKE.search(op.extra.get("raw") or op.name):
            continue  # a list of unknown purpose that nothing reads: not judged
        found.append(op)
    for group in _first_per_file(found):
        op = group[0]
        related = [Related(o.ff.path, o.call.line, "also pushes to this list") for o in group[1:]]
        msg = (
            f"Jobs are pushed to Redis list {describe(op)} but nothing in the project pops that key "
            f"(no BRPOP/BLPOP/RPOP/LPOP/LMOVE consumer): they pile up in Redis forever and the work never happens"
        )
        yield _hit("RS301", op, msg, related, anchor=f"list:{op.name}")


def _built_key(project: Project, op: QueueOp) -> str:
    """The key-builder function a list op's unresolved key comes from
    (``activityKey(userId)``), '' otherwise.  Such a read names the lists
    that function builds, not a producer's constant key."""
    got = list_method(project, op.ff, op.call)
    if not got or not got[1]:
        return ""
    v = resolve(project, op.ff, got[1][0])
    return v.v if v.k == CALL else ""


def _rs301_workers(project: Project, kind: str) -> Iterable[Hit]:
    producers = ops(project, kind, PRODUCE)
    if not producers:
        return
    if kind == CELERY and _celery_eager(project):
        return  # tasks run inline in the caller
    if ops(project, kind, CONSUME) or any(w.kind == kind for w in worker_commands(project)):
        return
    if not _defines_processes(project):
        return  # no compose file, Procfile, Dockerfile, script or unit anywhere: how processes start is not in the scan
    if kind == CELERY:
        producers = [op for op in producers if not _runs_inline_too(project, op)]
    lib = "Celery" if kind == CELERY else "RQ"
    how = "`celery -A … worker`" if kind == CELERY else "`rq worker`"
    # One cause, one finding per service: its first producer, the others as
    # related locations (a Django app sending 80 tasks is one missing worker,
    # not 80 findings).
    ordered = sorted(producers, key=lambda o: (o.ff.path, o.call.line, o.call.col))
    for root, group in _by_service(project, ordered, lambda o: o.ff.path):
        op = group[0]
        names = list(dict.fromkeys(o.name for o in group if o.name and o.name != "?"))
        # (an RQ op's name is its queue's, a Celery op's its task's)
        named = (lambda n: f"a job for queue `{n}`") if kind == RQ else (lambda n: f"task `{n}`")
        related = [
            Related(o.ff.path, o.call.line, f"also sends {named(o.name) if o.name and o.name != '?' else 'a task'}")
            for o in group[1:MAX_RELATED + 1]
        ]
        what = named(op.name) if op.name and op.name != "?" else "a task"
        what = what[0].upper() + what[1:]
        more = ""
        if len(group) > 1:
            counted = ("to ", "queue") if kind == RQ else ("", "task")
            more = f" ({len(group)} calls send {counted[0]}{len(names)} {counted[1]}{'s' if len(names) != 1 else ''}" if names else f" ({len(group)} calls"
            more += f"; the first {MAX_RELATED} are listed)" if len(group) - 1 > MAX_RELATED else ")"
        msg = (
            f"{what} is sent to {lib} with `{short(op.call)}()`{more} but no {lib} worker is started anywhere in the project "
            f"(no {how} in compose, Procfile, Dockerfile, supervisor or systemd config, scripts or code): the tasks wait in the broker forever"
        )
        yield _hit("RS301", op, msg, related, anchor=f"{kind}:no-worker:{root}")


_T = TypeVar("_T")


def _by_service(project: Project, items: list[_T], path_of: Callable[[_T], str]) -> list[tuple[str, list[_T]]]:
    """``items`` grouped by the root of the service owning their file (one
    "no worker" finding per service), roots sorted, items in their order."""
    groups: dict[str, list[_T]] = {}
    for item in items:
        svc = project.service_of(path_of(item))
        groups.setdefault(svc.root if svc is not None else "", []).append(item)
    return sorted(groups.items())


_DEFINED = {
    # kind: (library, its consumer, how it is started, what a call does)
    HUEY: ("Huey", "consumer", "`huey_consumer` or `manage.py run_huey`", "each call of it enqueues a task that waits in the broker forever"),
    DRAMATIQ: ("Dramatiq", "worker", "`dramatiq <module>` or `manage.py rundramatiq`", "each message sent to it waits in the broker forever"),
}


def _rs301_defined(project: Project, kind: str) -> Iterable[Hit]:
    """Huey tasks and Dramatiq actors defined in a project that starts no
    consumer for them anywhere (:mod:`._taskdefs`): one finding per service,
    at its first task, the others related."""
    defined = [(ff, f, dec) for ff, f, dec, _ in huey_tasks(project)] if kind == HUEY else dramatiq_actors(project)
    defined = [d for d in defined if not is_demo_path(d[0].path)]
    if not defined or ops(project, kind, CONSUME) or any(w.kind == kind for w in worker_commands(project)):
        return
    if not _defines_processes(project) or (kind == HUEY and huey_immediate(project)):
        return  # how processes start is not in the scan; or Huey runs its tasks inline (immediate mode)
    lib, consumer, how, effect = _DEFINED[kind]
    noun = "task" if kind == HUEY else "actor"
    ordered = sorted(defined, key=lambda d: (d[0].path, d[2].line or d[1].line))
    for root, group in _by_service(project, ordered, lambda d: d[0].path):
        ff, f, dec = group[0]
        more = f" ({len(group)} {noun}s defined)" if len(group) > 1 else ""
        related = [Related(g[0].path, g[2].line or g[1].line, f"{lib} {noun} `{g[1].name}` defined here") for g in group[1:MAX_RELATED + 1]]
        msg = (f"{lib} {noun} `{f.name}` is defined (`{task_label(dec)}`){more} but no {lib} {consumer} is started anywhere in the project "
               f"(no {how} in compose, Procfile, Dockerfile, supervisor or systemd config, scripts or code): {effect}, "
               f"and the work never happens")
        line = dec.line or f.line
        yield Hit("RS301", ff.path, line, msg, related=related, anchor=f"{kind}:no-worker:{root}")


def _runs_inline_too(project: Project, op: QueueOp) -> bool:
    """The function that sends the task also runs it in its own process
    (``if not app.config["CELERY_CONFIG"]: return task(**kwargs)`` before
    ``task.apply_async(kwargs=kwargs)``; also ``task.apply()``/``task.run()``,
    or in a callback of the function): the queue is optional, so a deployment
    without a worker runs the tasks inline instead of leaving them in a broker
    (gramps-webapi's ``run_task``).  The task is also named by the qualified
    name its import resolves to (``app.tasks.ExportTask``), and a Task class
    is run through an instance the function builds of it (``task =
    ExportTask(); task.run(rows)``, tendenci's exports): an instance kept in
    a local counts only when ``run``/``apply`` is called on it."""
    task = op.call.recv
    if not task or not op.call.func or op.call.method not in ("delay", "apply_async"):
        return False
    suffix = "." + op.call.method
    full = op.call.callee[: -len(suffix)] if op.call.callee.endswith(suffix) else task
    calls = [c for c in project.calls_in(op.ff, op.call.func) if c is not op.call]
    instances = {c.assigned for c in calls if full != task and c.callee == full and c.assigned not in ("", "return")}
    for c in calls:
        if c.callee == task or (c.recv in (task, full) and c.method in ("apply", "run")):
            return True
        if full != task and c.callee == full and c.assigned in ("", "return"):
            return True  # the imported task called directly (returned, passed on, its result unused)
        if c.recv in instances and c.method in ("apply", "run"):
            return True
    return False


def _defines_processes(project: Project) -> bool:
    """Does the scan hold any file that says how processes start (compose,
    Procfile, Dockerfile, shell scripts, Makefile, Kubernetes/Helm YAML,
    supervisor, systemd, package.json scripts)?  A package published without
    them (a wheel of a Django app) may well start its worker from files that
    are not in it; "no worker anywhere" needs somewhere to look."""
    if project.compose_files():
        return True
    return any(_says_how_processes_start(project, ff) for ff in project.files.values())


def _says_how_processes_start(project: Project, ff: FileFacts) -> bool:
    """A text file of commands, but not a docs/ or examples/ Makefile (it
    builds documentation or a demo), nor one that starts no process
    (:func:`_starts_no_process`), nor a package.json none of whose scripts
    is named for a process of the service: one of build or translation
    tooling (InvenioRDM's i18n package, ``extract_messages``,
    ``compile_catalog``) starts none, nor does a ``dev``/``start`` script
    that only runs a front-end bundler (:func:`npm_asset_script`:
    django-sql-explorer's ``"dev": "... && npx vite"``)."""
    if ff.lang != "text" or not ff.commands or is_demo_path(ff.path) or _starts_no_process(project, ff):
        return False
    if (ff.extra or {}).get("kind") != "package.json":
        return True
    manifest = project.manifests.get(posixpath.dirname(ff.path))
    if manifest is None:
        return True  # (its scripts not read: as before)
    scripts = manifest.get("scripts") or {}
    return any(npm_process_script(str(name)) and not npm_asset_script(str(script)) for name, script in scripts.items())


def _starts_no_process(project: Project, ff: FileFacts) -> bool:
    """A script or Makefile that cannot be how the service's processes start:
    a shell script shipped as data of a Python package (its folder holds an
    ``__init__.py``: galaxy's job-script templates and tool wrappers under
    ``galaxy/jobs/runners/util/job_script/``), or a Makefile whose targets
    only build, test, lint or release the package (``clean``, ``dist``,
    ``test``, ``lint``, ``release``...; the Makefile of a published sdist)."""
    name = posixpath.basename(ff.path).lower()
    if name.endswith((".sh", ".bash")):
        folder = posixpath.dirname(ff.path)
        return (f"{folder}/__init__.py" if folder else "__init__.py") in project.files
    return name == "makefile" and _chore_targets_only(ff.commands)


# a Makefile target line (`clean-build:`, `dist: clean _dist`), not a `VAR := value` assignment
_MAKE_TARGET = lazy_re(r"^([\w.-]+)\s*:(?![:=])")
# targets that build, check or publish the package: `clean-pyc`, `_setup-mypy-venv`, `lint-dist`, `push-release`
_CHORE_TARGET = lazy_re(r"^_*(?:help|clean|dist|sdist|wheel|build|test|tests|check|lint|format|fmt|mypy|typecheck|coverage|docs?"
                           r"|release|publish|upload|install|setup|venv|version|bump|new|commit|push|tag|changelog|requirements|deps)"
                           r"(?:[-_.]|$)", re.I)


def _chore_targets_only(commands: list[list]) -> bool:
    """Every target of a Makefile (``commands`` as the text frontend keeps
    them) is a packaging or development chore; special targets (``.PHONY``)
    are not counted, and a Makefile with no target is not one of chores."""
    targets = [m.group(1) for _line, text in commands for m in [_MAKE_TARGET.match(str(text))] if m and not m.group(1).startswith(".")]
    return bool(targets) and all(_CHORE_TARGET.match(t) for t in targets)


_EAGER = lazy_re(r"(?:^|[._])(?:task_)?always_eager$", re.I)


def _celery_eager(project: Project) -> bool:
    """``task_always_eager = True`` set anywhere (settings constant, conf attribute,
    kwargs, or the settings template a generated site runs with)."""
    for ff in project.files.values():
        template = ff.lang == "text" and (ff.extra or {}).get("kind") == "python-template"
        if ff.lang != "py" and not template:
            continue
        for name, val in ff.consts.items():
            if _EAGER.search(name) and val.k == "bool" and val.v.lower() == "true":
                return True
        if template:
            continue  # (a template's literal settings are all it holds)
        for item in (ff.extra or {}).get("assigns", ()):  # only what frontends/_assigns.py keeps
            if len(item) > 3 and _EAGER.search(str(item[0])) and isinstance(item[3], dict) and str(item[3].get("v", "")).lower() == "true":
                return True
        for c in ff.calls:
            for k, v in c.kwargs.items():
                if _EAGER.search(k) and v.k == "bool" and v.v.lower() == "true":
                    return True
    return False


# --------------------------------------------------------------------------- RS302
@check("RS302")
def queue_no_retry(project: Project) -> Iterable[Hit]:
    yield from _rs302_huey(project)
    if not queue_index(project) and not uses(project, "celery"):
        return
    yield from _rs302_bull(project)
    yield from _rs302_celery(project)
    yield from _rs302_rq(project)
    yield from _rs302_lists(project)


def _job_opts(project: Project, op: QueueOp) -> list[Val | None]:
    """The job options of an add call (one per job for addBulk); None = absent."""
    c = op.call
    ff = op.ff
    m = c.method
    if m == "addBulk":
        arr = resolve(project, ff, c.args[0]) if c.args else None
        if arr is None or arr.k != ARR or arr.items is None:
            return [Val(k="other")]
        out: list[Val | None] = []
        for item in arr.items:
            item = resolve(project, ff, item)
            if item.k != OBJ or item.keys is None:
                out.append(Val(k="other"))
            else:
                out.append(item.keys.get("opts") if "opts" in item.keys else (Val(k="other") if item.open else None))
        return out
    if ff.lang == "py":
        if "opts" in c.kwargs:
            return [c.kwargs["opts"]]
        return [c.args[2] if len(c.args) > 2 else None]
    if op.lib == "BullMQ":
        return [c.args[2] if len(c.args) > 2 else None]
    # Bull: add(data, opts?) or add(name, data, opts?)
    first = resolve(project, ff, c.args[0]) if c.args else None
    if first is not None and first.k == STR:
        return [c.args[2] if len(c.args) > 2 else None]
    return [c.args[1] if len(c.args) > 1 else None]


def _state(project: Project, ff: FileFacts, opts: Val | None, *path: str) -> str:
    if opts is None:
        return ABSENT
    state, _ = lookup(project, ff, opts, *path)
    return state


def _queue_defaults(project: Project, op: QueueOp) -> str:
    """Tri-state: does the queue give its jobs default attempts?"""
    if op.extra.get("nest"):
        return _nest_defaults(project, op)
    q = op.queue_call
    qff = op.queue_ff
    if q is None or qff is None:
        return UNKNOWN
    if qff.lang == "py":
        opts = q.kwargs.get("opts") or (q.args[1] if len(q.args) > 1 else None)
        if "**" in q.kwargs:
            return UNKNOWN
    else:
        rest = [resolve(project, qff, a) for a in q.args[1:]]
        objs = [a for a in rest if a.k not in (STR, TMPL, ENV, NUM)]  # Bull takes (name, url, opts)
        opts = objs[-1] if objs else None
    return _state(project, qff, opts, "defaultJobOptions", "attempts")


def _nest_defaults(project: Project, op: QueueOp) -> str:
    best = ABSENT
    for ff, c in project.calls_named("registerQueue", "forRoot", "registerQueueAsync", "forRootAsync"):
        if not c.recv.endswith("BullModule"):
            continue
        if c.method.endswith("Async"):
            return UNKNOWN
        for a in c.args:
            v = resolve(project, ff, a)
            if v.k != OBJ:
                return UNKNOWN
            if c.method == "registerQueue":
                name = v.keys.get("name") if v.keys else None
                n = project.literal(ff, name) if name is not None else None
                if n is None or n != op.name:
                    continue
            st = _state(project, ff, v, "defaultJobOptions", "attempts")
            if st == SET:
                return SET
            if st == UNKNOWN:
                best = UNKNOWN
    return best


def _rs302_bull(project: Project) -> Iterable[Hit]:
    seen: set[tuple[str, int, int]] = set()
    for op in ops(project, BULL, PRODUCE):
        key = (op.ff.path, op.call.line, op.call.col)
        if key in seen:
            continue
        seen.add(key)
        if op.call.method == "createJob":
            if _bee_retries(op):
                continue
            if op.lib != "bee-queue":
                continue
            qname = f"queue {describe(op)}" if op.name else "a bee-queue queue"
            msg = f"Job created on {qname} (bee-queue) without `.retries(n)`: a job that fails once is never retried"
            yield _hit("RS302", op, msg, anchor=f"bee:{op.name}")
            continue
        if op.queue_call is None and not op.extra.get("nest"):
            continue  # the queue (and its defaults) cannot be seen
        job_opts = _job_opts(project, op)
        states = [_state(project, op.ff, o, "attempts") for o in job_opts]
        if not states or any(s != ABSENT for s in states):
            continue
        if all(_repeatable(project, op.ff, o) for o in job_opts):
            continue
        if _queue_defaults(project, op) != ABSENT:
            continue
        n = project.literal(op.ff, op.call.args[0]) if op.call.args and op.lib == "BullMQ" and op.call.method == "add" else None
        job = f"Job `{n}`" if n else "The job"
        qname = f"queue {describe(op)}" if op.name else "its queue"
        msg = (
            f"{job} is added to {qname} ({op.lib}) with no `attempts` in its options or the queue's "
            f"`defaultJobOptions`: one transient failure (a timeout, a deploy) and the job is marked failed and never retried"
        )
        yield _hit("RS302", op, msg, anchor=f"bull-add:{op.name}:{n or ''}")


# what makes a BullMQ/Bull `repeat` option a schedule (BullMQ: pattern | every; Bull: cron | every)
_REPEAT_KEYS = ("pattern", "cron", "every")


def _repeatable(project: Project, ff: FileFacts, opts: Val | None) -> bool:
    """Job options that make the job repeatable (``{repeat: {pattern: '0 1 * *
    *'}}``, ``{repeat: {every: 60000}}``): BullMQ/Bull add the next run as the
    schedule says whether this one failed or not, so the next run does what a
    failed one missed, as with a Celery beat task.  A ``repeat`` whose
    schedule cannot be seen (a variable) counts too."""
    state, rep = lookup(project, ff, opts, "repeat")
    if state != SET or rep is None or rep.k == NULL:
        return False
    rep = resolve(project, ff, rep)
    if rep.k != OBJ:
        return rep.k in (IDENT, CALL)
    return rep.open or any(k in (rep.keys or {}) for k in _REPEAT_KEYS)


def _bee_retries(op: QueueOp) -> bool:
    c = op.call
    for other in op.ff.calls:
        if other.line == c.line and other.col == c.col and other.method == "retries":
            return True
    return False


_CELERY_RETRY_KW = ("autoretry_for", "retry_backoff", "retry_kwargs")


_TASKISH = lazy_re(r"task|job", re.I)


def _celery_task_decorator(project: Project, ff: FileFacts, dec: Val) -> Call | None | bool:
    """For a decorator value: the decorator call (with kwargs), True for a bare
    task decorator, or None when it is not a Celery task decorator."""
    name = dec.v
    call = project.call_of(ff, dec) if dec.k == CALL else None
    if call is not None:
        name = call.callee
    if not name:
        return None
    got = _celery_task_name(project, ff, dec, call, name)
    if got is None and "." in name and not name.startswith("celery") and _TASKISH.search(name.rsplit(".", 1)[-1]):
        # a project alias of a task decorator (job = shared_task in pkg/celery.py),
        # looked up only for decorators named like one: every decorator of the project comes here
        real = imported_name(project, name)
        if real != name:
            got = _celery_task_name(project, ff, dec, call, real)
    return got


def _celery_task_name(project: Project, ff: FileFacts, dec: Val, call: Call | None, name: str) -> Call | None | bool:
    last = name.rsplit(".", 1)[-1]
    if last == "shared_task" and (name.startswith("celery") or name == "shared_task"):
        return call if call is not None else True
    if last == "task" and "." in name:
        base = name.rsplit(".", 1)[0]
        if base.startswith("celery") or re.search(r"(?:^|[._])(?:app|celery|capp|worker|queue)$", base, re.I):
            return call if call is not None else True
        recv = dec.v.rsplit(".", 1)[0] if dec.k != CALL else (call.recv if call is not None else "")
        origin = name_origin(project, ff, recv)
        if origin.startswith("celery"):
            return call if call is not None else True
        # (the app may be made in another module: `from opencve.extensions import cel`)
        home = module_and_attr(project, ff.imports[recv]) if recv in ff.imports else None
        if _celery_subclass(project, home[0] if home is not None else ff, origin, 0):
            return call if call is not None else True
    return None


def _celery_subclass(project: Project, ff: FileFacts, cls: str, depth: int) -> bool:
    """``cls`` is the project's subclass of ``celery.Celery`` (opencve's
    ``class FlaskCelery(Celery)``, its app ``cel = FlaskCelery(...)``)."""
    if not cls or depth > 3 or cls.startswith("celery"):
        return False
    home = base_class_home(project, ff, cls)
    if home is None:
        return False
    tf, name = home
    return any(b.startswith("celery") and b.endswith("Celery") or _celery_subclass(project, tf, b, depth + 1) for b in class_bases(tf, name))


def _periodic_tasks(project: Project) -> set[str]:
    """Names of Celery tasks run by beat, or by an APScheduler interval or
    cron job (a missed run is retried by the next one)."""
    from ..facts import from_json

    names: set[str] = set()
    aps = uses(project, "apscheduler")  # (or a scheduler made in a module no trigger parsed: _aps_receiver)
    # beat entries built from a registry (mayan's CeleryQueue._update_celery:
    # beat_schedule.update({task_type.name: {'schedule': task_type.schedule, 'task': task_type.dotted_path}}))
    # and the registrations that feed them (add_task_type(dotted_path='...tasks.task_event_prune', schedule=timedelta(...)))
    dynamic = False
    registered: set[str] = set()
    later = _scheduled_later(project)

    def visit(val: Val | None) -> None:
        nonlocal dynamic
        for v in walk_vals(val):
            if v.k == OBJ and v.keys and "task" in v.keys and "schedule" in v.keys:
                if v.keys["task"].k == STR:
                    names.add(v.keys["task"].v.rsplit(".", 1)[-1])
                elif v.keys["task"].k in (IDENT, CALL):
                    dynamic = True

    for ff in project.code_files():
        if ff.lang != "py":
            continue
        for val in ff.consts.values():
            visit(val)
        for item in (ff.extra or {}).get("assigns", ()):  # only what frontends/_assigns.py keeps
            if len(item) > 3 and isinstance(item[3], dict) and "beat" in str(item[0]).lower():
                visit(from_json("Val", item[3]))
        for item in (ff.extra or {}).get("property_dicts", ()):
            # a config property handed to config_from_object (conda-store's `celery_config`: return {"beat_schedule": {...}})
            visit(from_json("Val", item[1]))
        for c in ff.calls:
            if c.method == "add_periodic_task":
                for a in [*c.args[1:2], c.kwargs.get("sig")]:
                    if a is not None and a.k == CALL and "." in a.v:
                        recv = a.v.split("(")[0].rsplit(".", 1)[0]
                        names.add(last_name(recv))
                        names.update(_loop_names(ff, c, recv))
            elif c.method in ("update", "config_from_object") or "beat_schedule" in c.kwargs:
                for a in [*c.args, *c.kwargs.values()]:
                    visit(a)
            sched = c.kwargs.get("schedule")
            # (or a module-level registration given its schedule by a later assignment: mayan's
            # `task_type_x = queue.add_task_type(dotted_path='...')`, then `task_type_x.schedule = timedelta(...)`)
            if sched is not None and sched.k not in (NULL, BOOL, STR) or c.assigned in later and not c.func:
                registered.update(a.v.strip().rsplit(".", 1)[-1] for a in [*c.args, *c.kwargs.values()] if a.k == STR and a.v)
            if c.method in _APS_ADD and (aps or _aps_receiver(project, ff, c)):
                func = c.args[0] if c.args else c.kwargs.get("func") or c.kwargs.get("func_or_task_id")
                trigger = c.args[1] if len(c.args) > 1 else c.kwargs.get("trigger")
                if func is not None and func.k in (IDENT, FN) and _aps_recurring(project, ff, c, trigger):
                    names.add(func.v.split("@", 1)[0].rsplit(".", 1)[-1])  # (FN: "name@line", a function of the file)
        for f in ff.funcs:
            for d in f.decorators:
                dc = project.call_of(ff, d) if d.k == CALL else None
                if dc is not None and dc.method == "scheduled_job" and (aps or _aps_receiver(project, ff, dc)) and _aps_recurring(
                        project, ff, dc, dc.args[0] if dc.args else dc.kwargs.get("trigger")):
                    names.add(f.name)
    if dynamic:
        names |= registered
    names |= _periodic_receiver_sends(project)
    return names


def _loop_names(ff: FileFacts, at: Call, var: str) -> list[str]:
    """The names the loop variable ``var`` takes in the function of ``at``
    when the loop walks a literal table (the frontend's ``loop_receivers``:
    module-build-service's ``for task, name in tasks:
    sender.add_periodic_task(n, task.s(), name=name)`` over a tuple of
    ``(log_summary, "...")`` pairs); [] otherwise."""
    calls = ff.calls
    for entry in (ff.extra or {}).get("loop_receivers", ()):
        i, v, names = entry
        if v == var and isinstance(i, int) and 0 <= i < len(calls) and calls[i].func == at.func:
            return [last_name(str(n)) for n in names]
    return []


def _scheduled_later(project: Project) -> set[str]:
    """Names given a schedule by an assignment (``task_type_x.schedule =
    timedelta(seconds=60)``, in any Python file): the last name before
    ``.schedule``, when the value is a schedule (not None, a flag or a string)."""
    from ..facts import from_json

    got: set[str] = set()
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for item in (ff.extra or {}).get("assigns", ()):
            target = str(item[0])
            if target.endswith(".schedule") and len(item) > 3 and isinstance(item[3], dict):
                if from_json("Val", item[3]).k not in (NULL, BOOL, STR):
                    got.add(target[: -len(".schedule")].rsplit(".", 1)[-1])
    got.difference_update(("", "self", "cls", "this"))
    return got


# APScheduler: `scheduler.add_job(func, "interval", seconds=30)`, 4.x's
# `add_schedule(func, CronTrigger(...))`, `@scheduler.scheduled_job("cron", ...)`
_APS_ADD = frozenset({"add_job", "add_schedule"})
_APS_RECURRING = frozenset({"interval", "cron", "calendarinterval"})
_APS_TRIGGERS = frozenset({"CronTrigger", "IntervalTrigger", "CalendarIntervalTrigger", "from_crontab"})


def _aps_receiver(project: Project, ff: FileFacts, call: Call) -> bool:
    """The receiver of ``call`` is an APScheduler scheduler: the file imports
    apscheduler, or the receiver is a name of a project module that does
    (``from app.scheduler import scheduler``, that module being one the
    trigger prefilter left unparsed)."""
    if any(m.split(".", 1)[0] == "apscheduler" for m in ff.modules):
        return True
    recv = call.callee.rpartition(".")[0]
    got = module_and_attr(project, recv, value=True) if "." in recv else None
    return got is not None and any(m.split(".", 1)[0] == "apscheduler" for m in got[0].modules)


def _aps_recurring(project: Project, ff: FileFacts, call: Call, trigger: Val | None) -> bool:
    """Does APScheduler run the job of ``call`` again and again: a trigger
    named "interval"/"cron", or a CronTrigger/IntervalTrigger built in place,
    in a local name of the same function, or returned by a project function
    (``trigger=create_cron_trigger(expr, tz)``)?  None (APScheduler's default)
    and "date" run it once."""
    if trigger is None:
        return False
    if trigger.k == STR:
        return trigger.v.strip().lower() in _APS_RECURRING
    made: Call | None = None
    if trigger.k == CALL:
        made = project.call_of(ff, trigger)
    elif trigger.k == IDENT and "." not in trigger.v:
        # `cron_trigger = create_cron_trigger(...)` earlier in the same function
        for d in ff.calls:
            if d.func == call.func and d.assigned == trigger.v and d.line < call.line:
                made = d
    if made is None:
        return False
    if last_name(made.callee) in _APS_TRIGGERS:
        return True
    return any(r.func == fn.id and r.assigned == "return" and last_name(r.callee) in _APS_TRIGGERS
               for tf, fn in callee_funcs(project, ff, made) for r in tf.calls)


# a signal sent on a schedule (pretix/pretalx's `periodic_task`, sent by the
# `runperiodic` management command that cron runs every few minutes)
_PERIODIC_SIGNAL = lazy_re(r"(?i)periodic|cron|(?:^|_)(?:tick|hourly|daily|nightly|minutely)(?:$|_)")


def _periodic_receiver_sends(project: Project) -> set[str]:
    """Names of the tasks a receiver of a periodic signal enqueues
    (``@receiver(periodic_task) def f(...): task.apply_async(...)``): the
    next period enqueues them again, as beat would."""
    names: set[str] = set()
    for ff in project.code_files():
        if ff.lang != "py" or not ff.funcs:
            continue
        for f in ff.funcs:
            if not any(_periodic_receiver(project, ff, d) for d in f.decorators):
                continue
            for c in project.calls_in(ff, f.id, nested=True):
                if c.method in ("delay", "apply_async") and c.recv:
                    names.add(c.recv.rsplit(".", 1)[-1])
    return names


def _periodic_receiver(project: Project, ff: FileFacts, dec: Val) -> bool:
    call = project.call_of(ff, dec)
    if call is None or last_name(call.callee) != "receiver":
        return False
    signal = call.args[0] if call.args else call.kwargs.get("signal")
    return signal is not None and signal.k == IDENT and _PERIODIC_SIGNAL.search(signal.v.rsplit(".", 1)[-1]) is not None


def _rs302_celery(project: Project) -> Iterable[Hit]:
    if not uses(project, "celery"):
        return
    if _celery_global_retry(project):
        return
    periodic = _periodic_tasks(project)
    tasks = list(celery_tasks(project))
    for _ in range(3):  # a task sent only by a task sent only by beat is sent again too (superdesk's transmit_item)
        more = _sent_only_by(project, [(ff, f) for ff, f, _dec, got in tasks if f.name in periodic or _registered(got) in periodic])
        if more <= periodic:
            break
        periodic = periodic | more
    for ff, f, dec, got in tasks:
        registered = _registered(got)  # the name= it is registered under (bodhi: `approve_testing_task` as "approve_testing")
        base_limits: list[Val] = []
        if isinstance(got, Call):
            kw = got.kwargs
            if "**" in kw or any(k in kw for k in _CELERY_RETRY_KW):
                continue
            if "base" in kw and not _base_without_retry(project, ff, kw["base"], limits=base_limits):
                continue
        if _calls_retry(project, ff, f) or f.name in periodic or (registered and registered in periodic) or f.name == "debug_task":
            continue  # (`debug_task`: Celery's Django sample, which prints its request)
        if _run_in_process_only(project, ff, f) and not (registered and registered in _task_names_sent(project)[0]):
            continue
        if _nothing_to_fail(project, ff, f):
            continue  # a task that calls nothing (a legacy no-op kept for old schedules), a stub that only
            # raises NotImplementedError, or one that only computes, sleeps or prints, has nothing a
            # transient failure could stop (nor a retry finish)
        if _dead_task(project, ff, f, registered):
            continue
        limit = got.kwargs.get("max_retries") if isinstance(got, Call) else None
        setter = "sets"
        if limit is None and base_limits and isinstance(got, Call):
            limit = base_limits[0]
            setter = f"has a base task class (`{last_name(got.kwargs['base'].v)}`) that sets"
        why = (f"{setter} `max_retries={limit.v}` but never calls `self.retry` and has no `autoretry_for` "
               "(max_retries alone retries nothing)" if limit is not None and limit.v and limit.k in (NUM, IDENT)
               else "has no retry policy (no `autoretry_for`, `retry_backoff` or `self.retry`)")
        yield _task_hit(
            ff, f, dec, f"Celery task `{f.name}` {why}: "
            f"a transient failure (a timeout, a broker blip, a deploy)", f"celery-task:{f.name}")


def _dead_task(project: Project, ff: FileFacts, f: Func, registered: str) -> bool:
    """A task nothing in the project sends, signs or names, whose own body
    calls a name imported from a module of its package that the project does
    not have (bodhi 26.4.0's ``handle_update``: ``from .updates import
    UpdatesHandler``, with no ``tasks/updates.py``): every run fails on that
    import, so the task is dead code and no retry could finish it."""
    sent = _task_names_sent(project)[0]
    if f.name in sent or (registered and registered in sent):
        return False
    return any(_missing_sibling_module(project, ff, c.callee) for c in project.calls_in(ff, f.id, nested=False))


def _missing_sibling_module(project: Project, ff: FileFacts, callee: str) -> bool:
    """Is ``callee`` (a resolved relative name, './pkg/mod.Name') a name ``ff``
    imports from a module of its own package (``from .mod import Name``, which
    needs the module; not ``from . import mod``, which may be a name the
    package defines) that no file of the project is, as a module or a package
    folder?"""
    if not callee.startswith("./"):
        return False
    body = callee[2:]
    slash = body.rfind("/")
    mod, dot, attr = body[slash + 1 :].partition(".")
    mod = body[: slash + 1] + mod
    if not dot or "./" + mod + "." + attr.split(".", 1)[0] not in ff.imports.values():
        return False
    if posixpath.dirname(mod) != posixpath.dirname(ff.path):
        return False
    return project.peek_module("./" + mod) is None and not any(p.startswith(mod + "/") for p in project.files)


def _registered(got: Call | bool) -> str:
    """The ``name=`` a task decorator call registers the task under (its last dotted part), or ''."""
    named = got.kwargs.get("name") if isinstance(got, Call) else None
    return named.v.rsplit(".", 1)[-1] if named is not None and named.k == STR else ""


def _sent_only_by(project: Project, runs: list[tuple[FileFacts, Func]]) -> set[str]:
    """Names of the tasks that only the task functions ``runs`` send (``t.delay()``,
    ``send_task("t")``), and that no other code sends, signs or names to a
    call that runs tasks by name: conda-store's beat-run
    ``task_update_conda_channels`` sends ``task_update_conda_channel`` for each
    channel, so the next period sends a failed one again.  Sends in the helpers
    a task runs count as its own."""
    # (through the helpers a task runs: superdesk's beat task `transmit` calls
    # `PublishContent().run()`, whose `publish()` sends `transmit_subscriber_items`)
    reach = [(tf, c, s) for tf, f in runs for _cf, c, s in reachable_calls(project, tf, f.id, same_file=False, depth=3)]
    # (a helper that other code runs as well sends for that code too: celery-director's beat task `execute`
    # and its POST /workflows route both run `WorkflowBuilder.run()`, which signs `start.si(...)`)
    shared = _sites_shared_with_others(project, {id(s): (tf, s) for tf, _c, s in reach}, {id(c) for _tf, c, _s in reach})
    mine = {id(c) for _tf, c, s in reach if c is s or id(s) not in shared}
    inside: set[str] = set()
    outside: set[str] = set()
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for c in ff.calls:
            by_name = last_name(c.callee) in _BY_NAME_CALLS
            if c.method in _CELERY_SENDS and c.recv:
                names = {last_name(c.recv)}
            elif by_name:
                names = {x.v.strip().rsplit(".", 1)[-1] for v in (*c.args, *c.kwargs.values()) for x in walk_vals(v) if x.k == STR and x.v}
            else:
                continue
            sends = (c.method in _CELERY_SENDS and c.recv) or last_name(c.callee) == "send_task"
            (inside if id(c) in mine and sends else outside).update(names)
    # (a task a handler table holds may be sent by code that looks it up: module-build-service's consumer)
    return inside - outside - _tabled_tasks(project)


def _sites_shared_with_others(project: Project, sites: dict[int, tuple[FileFacts, Call]], reached: set[int]) -> set[int]:
    """ids of the ``sites`` (calls of helpers in a task's own body) whose
    helper some call outside ``reached`` (the calls the tasks reach) runs
    too: what that helper sends, it sends for other code as well."""
    helpers: dict[tuple[str, str], set[int]] = {}
    names: set[str] = set()
    for sid, (tf, s) in sites.items():
        for hff, h in helper_funcs(project, tf, s, same_file=False):
            helpers.setdefault((hff.path, h.id), set()).add(sid)
            names.add(h.name)
    shared: set[int] = set()
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for c in ff.calls:
            if id(c) in reached or (c.method or last_name(c.callee)) not in names:
                continue
            for hff, h in helper_funcs(project, ff, c, same_file=False):
                shared |= helpers.get((hff.path, h.id), set())
    return shared


def _task_hit(ff: FileFacts, f: Func, dec: Val, what: str, anchor: str) -> Hit:
    """RS302 at a task's decorator: ``what`` and its consequence."""
    return Hit(rule_id="RS302", path=ff.path, line=dec.line or f.line, message=f"{what} loses the job for good", anchor=anchor)


_CELERY_SENDS = frozenset({"delay", "apply_async", "s", "si", "signature", "map", "starmap", "chunks", "apply"})


# calls whose strings name a task to run: send_task("app.tasks.t"), signature("t"),
# a schedule (add_periodic_task, conf.update(beat_schedule=...), PeriodicTask.objects.create(task=...))
_BY_NAME_CALLS = frozenset({"send_task", "signature", "Signature", "add_periodic_task", "update", "setdefault", "create", "get_or_create",
                            "update_or_create", "dict"})


@per_project
def _task_names_sent(project: Project) -> tuple[frozenset[str], frozenset[str]]:
    """(names a Celery call sends or signs -- ``t.delay()``, ``t.s(x)``,
    ``t.apply_async()`` -- or names in a string the way ``send_task`` and
    schedules do: the last dotted part of a module-level value or of an
    argument of such a call, not a task's own ``name=`` or a logger's name;
    names of the project's functions called as plain functions)."""
    sent: set[str] = set()
    called: set[str] = set()
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        vals: list[Val] = list(ff.consts.values())
        for c in ff.calls:
            if c.method in _CELERY_SENDS and c.recv:
                sent.update(re.findall(r"\w+", c.recv))
            elif (not c.method or c.recv in ff.imports) and not foreign_py_name(project, c.callee):
                # (not a library's function of the same name: docassemble's `do_ocr_page(...)`,
                # imported `from docassemble.base.util import ocr_page as do_ocr_page`, beside its task `ocr_page`)
                called.add(last_name(c.callee))
            if last_name(c.callee) in _BY_NAME_CALLS:
                vals.extend(c.args)
                vals.extend(c.kwargs.values())
            elif "task" in c.kwargs:
                vals.append(c.kwargs["task"])
        for v in vals:
            for x in walk_vals(v):
                if x.k == STR and x.v:
                    sent.add(x.v.strip().rsplit(".", 1)[-1])
    return frozenset(sent), frozenset(called)


_UNNAMED_SENDS = frozenset({"delay", "apply_async"})


@per_project
def _tabled_tasks(project: Project) -> frozenset[str]:
    """Names of the functions a module-level table holds (a dict, list or
    tuple constant, or a name bound to the function:
    module-build-service's ``ON_MODULE_CHANGE_HANDLERS = {BUILD_STATES["init"]:
    modules.init, ...}`` and ``ON_REPO_CHANGE_HANDLER = repos.done``) when
    the project sends a task through a receiver that names no task -- a
    value looked up at run time (``handler = ON_MODULE_CHANGE_HANDLERS[state];
    handler.delay(...)``, ``getattr(handler, "delay")(**kwargs)``): each of
    them may be the task sent (and so may a task the table's module aliases,
    ``ON_TAG_CHANGE_HANDLER = tags.tagged``), so a plain call of it elsewhere (a local
    mode running the handlers in order) does not make it run in-process
    only.  Empty when there is no such send."""
    tasks = {f.name for _ff, f, _dec, _got in celery_tasks(project)}
    unnamed = False
    for ff in project.parsed_code_files():
        if ff.lang != "py" or unnamed:
            continue
        for c in ff.calls:
            if c.method in _UNNAMED_SENDS and c.recv.isidentifier() and c.recv not in tasks:
                unnamed = True
            elif (c.callee == "getattr" and len(c.args) == 2 and c.args[1].k == STR and c.args[1].v in _UNNAMED_SENDS
                  and c.args[0].k == IDENT and last_name(c.args[0].v) not in tasks):
                unnamed = True
            if unnamed:
                break
    if not unnamed:
        return frozenset()
    held: set[str] = set()
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for val in ff.consts.values():
            held.update(last_name(x.v.split("@", 1)[0]) for x in walk_vals(val) if x.k in (IDENT, FN))  # (FN: "name@line", a function of the file)
        held.update(last_name(ff.imports.get(str(n), "")) for n in (ff.extra or {}).get("module_aliases", ()))
    return frozenset(held & tasks)


# files the trigger prefilter left unparsed that one scan reads to find plain calls of tasks
_PROBE_BUDGET = 400


def _run_in_process_only(project: Project, ff: FileFacts, f: Func) -> bool:
    """A task the project only ever calls as a function (papermerge's
    ``normalize_pages(origin=instance)`` from a signal handler) and never
    sends, signs or names in a string: it runs in the caller's process, so no
    queued job can be lost.  The call may sit in a file no trigger selected
    (a signals module): the unparsed files of the task's package (or the one
    above it) whose text imports the name are parsed to look (within a
    budget per scan)."""
    sent, called = _task_names_sent(project)
    if f.name in sent or f.name in _tabled_tasks(project):
        return False
    if f.name in called:
        return True
    # (the caller is near the task: its package or the one above it, papermerge's core/signals.py)
    near = posixpath.dirname(posixpath.dirname(ff.path))
    near = near + "/" if near else ""
    budget = project.__dict__.setdefault("_rs_task_probe_budget", [_PROBE_BUDGET])
    for g in _unparsed_py_under(project).get(near, ()):
        if budget[0] <= 0:
            return False
        budget[0] -= 1
        full = project.full(g, f.name, value=True)  # (parsed only when its text imports or assigns the name)
        if full is not g and any(last_name(c.callee) == f.name and (not c.method or c.recv in full.imports) for c in full.calls):
            return True
    return False


@per_project
def _unparsed_py_under(project: Project) -> dict[str, list[FileFacts]]:
    """The Python files the prefilter left unparsed, in path order, under
    each folder that holds them (``"pkg/sub/"``, and ``""`` for all):
    looked up once per task instead of read in full for each."""
    out: dict[str, list[FileFacts]] = {}
    for g in project.code_files():
        if g.shallow and g.lang == "py":
            out.setdefault("", []).append(g)
            end = g.path.find("/")
            while end >= 0:
                out.setdefault(g.path[: end + 1], []).append(g)
                end = g.path.find("/", end + 1)
    return out


def celery_tasks(project: Project) -> Iterator[tuple[FileFacts, Func, Val, Call | bool]]:
    """Every Celery task function: (file, function, its task decorator, the
    decorator's call -- with ``base=``, retry options... -- or True for a bare
    ``@app.task``), in path order; a function's first task decorator only."""
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for f in ff.funcs:
            for dec in f.decorators:
                got = _celery_task_decorator(project, ff, dec)
                if got is not None:
                    yield ff, f, dec, got
                    break


def _celery_global_retry(project: Project) -> bool:
    """An app-wide task class (``Celery(task_cls=…)``) or task annotations:
    every task may carry a retry policy set elsewhere."""
    for _ff, c in project.calls_named("Celery"):
        if c.callee.startswith("celery") and ("task_cls" in c.kwargs or "**" in c.kwargs):
            return True
    for ff in project.code_files():
        if ff.lang != "py":
            continue
        if any(name.lower().endswith("task_annotations") and _annotations_may_retry(val) for name, val in ff.consts.items()):
            return True
        for item in (ff.extra or {}).get("assigns", ()):  # only what frontends/_assigns.py keeps
            target = str(item[0]) if len(item) > 0 else ""
            if target.endswith(".task_cls"):
                return True
            if target.endswith("task_annotations"):
                val = as_val(item[3]) if len(item) > 3 else None
                if val is None or _annotations_may_retry(val):
                    return True
    return False


_RETRY_OPTIONS = frozenset({"autoretry_for", "max_retries", "retry_backoff", "retry_kwargs", "default_retry_delay", "retry_jitter", "retry_backoff_max"})


def _annotations_may_retry(val: Val) -> bool:
    """Celery ``task_annotations`` that may give tasks a retry policy: a literal
    ``{task name: {option: value}}`` dict (or a list of them) only when some
    task's options name a retry option; any other value (a class, a function,
    options we cannot read) may do anything."""
    if val.k == ARR and val.items is not None:
        return any(_annotations_may_retry(i) for i in val.items)
    if val.k != OBJ or val.keys is None:
        return True
    for name, opts in val.keys.items():
        if name.startswith("**") or opts.k != OBJ or opts.keys is None:
            return True
        if any(k in _RETRY_OPTIONS or k.startswith("**") for k in opts.keys):
            return True
    return False


# class attributes of a task class that give its tasks a retry policy.  Not
# `max_retries` nor `default_retry_delay`: they only bound and space the retries
# that `self.retry` or `autoretry_for` make (geonode's UpdateTaskClass sets
# `max_retries = 3`, and nothing retries), as on the task decorator
_RETRY_ATTRS = frozenset({"autoretry_for", "retry_backoff", "retry_kwargs", "acks_late"})


def _base_without_retry(project: Project, ff: FileFacts, base: Val, depth: int = 0, limits: list[Val] | None = None) -> bool:
    """``@shared_task(base=DjangoCaTask)``: the project's own task class, read
    through its project bases, sets no retry option and calls no ``retry``
    (django-ca's only validates arguments).  False (assumed to retry) when a
    class or a base cannot be read.  The ``max_retries`` a class on the way
    sets (which retries nothing by itself) is appended to ``limits``."""
    if base.k != IDENT or depth > 3:
        return False
    home = base_class_home(project, ff, base.v)
    if home is None:
        return False
    tf, cls = home
    if tf.shallow:
        tf = project.full(tf)
    if not any(f.cls == cls for f in tf.funcs) and not class_bases(tf, cls):
        again = tf.imports.get(cls, "")  # re-exported by a package's __init__
        return bool(again) and _base_without_retry(project, tf, Val(IDENT, again), depth + 1, limits)
    attrs = class_attrs(tf, cls)
    if _RETRY_ATTRS.intersection(attrs):
        return False
    if limits is not None and "max_retries" in attrs:
        limits.append(attrs["max_retries"])
    if any(c.method == "retry" for f in tf.funcs if f.cls == cls for c in project.calls_in(tf, f.id, nested=True)):
        return False
    for b in class_bases(tf, cls):
        if b in ("celery.Task", "celery.app.task.Task", "celery.app.Task") or _celery_app_task(project, tf, b):
            continue
        if not _base_without_retry(project, tf, Val(IDENT, b), depth + 1, limits):
            return False
    return True


_CELERY_APPS = frozenset({"celery.Celery", "celery.app.Celery", "celery.app.base.Celery"})


def _celery_app_task(project: Project, ff: FileFacts, base: str) -> bool:
    """A class base that is the ``Task`` attribute of a Celery app -- the
    project's own ``app = Celery(...)`` (``class EventTask(app.Task)``, pretix;
    Celery's recommended spelling) or ``celery.current_app``: Celery's ``Task``,
    which carries no retry policy.  (An app made with ``task_cls=`` gives every
    task its class: ``_celery_global_retry`` stops the rule before this.)"""
    recv, _, attr = base.rpartition(".")
    if attr != "Task" or not recv:
        return False
    if recv in ("celery.current_app", "celery.app.current_app"):
        return True
    home = module_and_attr(project, recv) if "." in recv else None
    tf, name = (home[0], home[1]) if home is not None and home[1] and "." not in home[1] else (ff, recv)
    if "." in name:
        return False
    return name_origin(project, tf, name) in _CELERY_APPS


def _calls_retry(project: Project, ff: FileFacts, f: Func) -> bool:
    """The task body calls ``self.retry(...)`` (or ``<task>.retry`` / ``current_task.retry``),
    or hands ``self.retry`` to a helper that calls it (pretix's scheduled exports
    pass ``self.retry`` to ``_run_scheduled_export``)."""
    recvs = ("self", f.name, "current_task", "task")
    for c in project.calls_in(ff, f.id, nested=True):
        if c.method == "retry" and (c.recv in recvs or c.recv.endswith("." + f.name)):
            return True
        for a in (*c.args, *c.kwargs.values()):
            if a.k == IDENT and a.v.endswith(".retry") and (a.v[: -len(".retry")] in recvs or a.v.endswith("." + f.name + ".retry")):
                return True
    return False


def _rs302_huey(project: Project) -> Iterable[Hit]:
    """Huey retries a task only when it is given ``retries=`` (default 0), or
    when it raises ``RetryTask``; a periodic task runs again at its next
    period (``periodic_task``, ``db_periodic_task``, ``schedule=``)."""
    for ff, f, dec, call in huey_tasks(project):
        kw = call.kwargs
        retries = kw.get("retries")
        if "**" in kw or "schedule" in kw or (retries is not None and not (retries.k == NUM and retries.v == "0")):
            continue
        body = project.calls_in(ff, f.id, nested=True)
        if _nothing_to_fail(project, ff, f) or any(c.callee.rsplit(".", 1)[-1] == "RetryTask" for c in body):
            continue  # (nothing a transient failure could stop; `raise RetryTask()`: retried by hand)
        # (not "a deploy that stops the consumer": Huey never retries a task its shutdown
        # interrupts, whatever its retries=, so the message names only failures that raise)
        yield _task_hit(
            ff, f, dec, f"Huey task `{f.name}` has no retries (`retries=` defaults to 0): a transient failure that raises "
            f"in it (a timeout, a storage or network blip)", f"huey-task:{f.name}")


# calls no transient failure can stop: Python's builtins that only compute, printing,
# a sleep, a read of the environment
_INFALLIBLE = frozenset({"abs", "all", "any", "bool", "dict", "divmod", "enumerate", "filter", "float", "format", "frozenset", "int",
                         "isinstance", "len", "list", "map", "max", "min", "print", "range", "repr", "reversed", "round", "set",
                         "sorted", "str", "sum", "tuple", "zip", "time.sleep", "asyncio.sleep", "os.environ.get", "os.getenv"})
# an exception built to be raised: `raise NotImplementedError(...)`, `raise ValueError(n)`
_EXCEPTION_CLASS = lazy_re(r"^(?:[A-Z]\w*)?(?:Error|Exception)$")
# a log record written through a logging library's logger (its handlers swallow
# their own errors): `logger = logging.getLogger(__name__)` then `logger.debug(...)`,
# `logging.info(...)`, Celery's `get_task_logger`, structlog, loguru's `logger`
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
_LOGGER_MAKERS = frozenset({"logging.getLogger", "logging.Logger", "celery.utils.log.get_task_logger", "celery.utils.log.get_logger",
                            "structlog.get_logger", "structlog.getLogger", "structlog.stdlib.get_logger"})


def _log_call(c: Call) -> bool:
    """``c`` writes a log record through a logging library's logger."""
    if c.method not in _LOG_METHODS:
        return False
    return c.recv_type in _LOGGER_MAKERS or c.callee in {f"logging.{c.method}", f"loguru.logger.{c.method}"}


def _nothing_to_fail(project: Project, ff: FileFacts, f: Func, seen: set[str] | None = None) -> bool:
    """A task's body calls nothing a transient failure could stop, and so
    nothing a retry could finish: no call at all, or only builtins that
    compute (``sum(ns)``), ``print`` or a logger's record (geonode's
    ``_finish_harvesting_chunk`` only ``logger.debug``s that a chunk ended), a
    sleep, an environment read, an exception to raise, and module-level helpers
    of its own file that do no more (huey's example tasks print through a
    ``tprint`` helper and sleep)."""
    seen = seen if seen is not None else set()
    seen.add(f.id)
    for c in project.calls_in(ff, f.id, nested=True):
        helper = next((g for g in ff.funcs if g.name == c.callee and not g.cls and not g.parent), None) if c.callee.isidentifier() else None
        if helper is not None:
            if helper.id not in seen and not _nothing_to_fail(project, ff, helper, seen):
                return False
        elif c.callee not in _INFALLIBLE and not _EXCEPTION_CLASS.match(last_name(c.callee)) and not _log_call(c):
            return False
    return True


# `Queue.enqueue_call(func, args, kwargs, timeout, result_ttl, ttl, failure_ttl,
# description, depends_on, job_id, at_front, meta, retry, ...)`: retry's slot
_ENQUEUE_CALL_RETRY_POS = 12


def _enqueue_call_retry(call: Call) -> bool:
    """RQ's ``enqueue_call`` is given a retry positionally: a ``Retry(...)``
    anywhere among its arguments, any value but ``None`` in retry's slot (the
    rq CLI's ``enqueue_call(..., at_front, None, retry)``, its ``retry`` built
    from ``--retry-max``, as a ``retry=retry`` keyword would be), or an
    unpacked ``*args`` before that slot, which may fill it."""
    args = list(call.args or ())
    if any(v.k == CALL and v.v.endswith("Retry") for v in args):
        return True
    if any(v.open and str(v.v).startswith("*") for v in args[: _ENQUEUE_CALL_RETRY_POS + 1]):
        return True
    return len(args) > _ENQUEUE_CALL_RETRY_POS and args[_ENQUEUE_CALL_RETRY_POS].k != NULL


def _rs302_rq(project: Project) -> Iterable[Hit]:
    for op in ops(project, RQ, PRODUCE):
        kw = op.call.kwargs
        if "retry" in kw or "**" in kw or op.extra.get("retry"):
            continue  # (a job decorated with @job(queue, retry=Retry(...)) carries its own)
        if op.call.method == "enqueue_call" and _enqueue_call_retry(op.call):
            continue
        msg = (
            f"RQ job enqueued with `{short(op.call)}` has no `retry=Retry(...)`: a job that fails once "
            f"goes straight to the failed registry and is never retried"
        )
        yield _hit("RS302", op, msg, anchor=f"rq:{short(op.call)}")


_REPUSH = frozenset({"lpush", "rpush", "lpushx", "rpushx", "zadd", "xadd", "lmove", "rpoplpush", "blmove", "brpoplpush"})
_DESTRUCTIVE = frozenset({"brpop", "blpop", "rpop", "lpop", "lmpop", "blmpop"})
_FAILED_MARK = lazy_re(r"fail|dead|dlq|retry|error", re.I)


def _rs302_lists(project: Project) -> Iterable[Hit]:
    seen: set[tuple[str, int, int]] = set()
    for op in ops(project, LIST, CONSUME):
        cmd = op.extra.get("cmd", "")
        if cmd not in _DESTRUCTIVE:
            continue  # LMOVE / BRPOPLPUSH keep the job in a processing list
        key = (op.ff.path, op.call.line, op.call.col)
        if key in seen:
            continue
        seen.add(key)
        if not op.name or DEAD_LETTER.search(op.name):
            continue
        if not job_consumer(project, op):
            continue
        if _has_failure_path(project, op):
            continue
        msg = (
            f"`{short(op.call)}` takes jobs off Redis list {describe(op)} and nothing on the failure path re-pushes them "
            f"or moves them to a failed/dead-letter list: a job whose processing throws (or a worker that crashes) is lost for good"
        )
        yield _hit("RS302", op, msg, anchor=f"pop:{op.name}")


def job_consumer(project: Project, op: QueueOp) -> bool:
    """A list pop that takes jobs: a blocking pop, a pop of a queue-like key
    (``jobs:pending``, ``emails``...), or a pop that is polled over and over."""
    cmd = op.extra.get("cmd", "")
    return cmd.startswith("b") or bool(_QUEUE_LIKE.search(op.extra.get("raw") or op.name)) or _polled(project, op)


_TIMERS = frozenset({"setInterval", "schedule", "CronJob", "scheduleJob", "every", "repeat"})


def _polled(project: Project, op: QueueOp) -> bool:
    """A non-blocking pop that runs over and over -- in a ``while`` loop
    (Python), a timer / cron callback, or a worker program -- takes jobs off a
    queue; a one-off ``rpop`` of a list some code also pushes to (an undo
    stack, a pool of proxies) hands an item to its caller and is not a consumer."""
    ff, call = op.ff, op.call
    if _WORKER_FILE.search("/".join(ff.path.split("/")[-2:])):
        return True
    chain = [f.id for f in project.scopes(ff, call.func)[:10]]
    if ff.lang == "py":
        for loop in ff.extra.get("loops", []) or []:
            if isinstance(loop, dict) and int(loop.get("line", 0)) <= call.line <= int(loop.get("end_line", 0)) and str(loop.get("func", "")) in (call.func, *chain):
                return True
        return False
    ids = set(chain)
    for c in ff.calls:
        name = c.method or c.callee.rsplit(".", 1)[-1]
        if name in _TIMERS and any(a.k == FN and a.v in ids for a in c.args):
            return True
    return False


_WORKER_FILE = lazy_re(r"(worker|consumer|processor|poller|daemon|cron|runner)", re.I)


def _has_failure_path(project: Project, op: QueueOp) -> bool:
    ff, call = op.ff, op.call
    if call.func:
        calls = reachable_calls(project, ff, call.func, same_file=False, depth=3)
    else:
        calls = ((ff, c, c) for c in ff.calls if not c.func)
    for cff, c, _ in calls:
        if c is call:
            continue
        got = list_method(project, cff, c)
        if got is not None and got[0] in _REPUSH:
            return True
        m = c.method.lower()
        if m in _REPUSH and c.recv and is_redis(project, cff, c):
            return True
        if m in ("sadd", "hset", "set", "hsetnx", "incr") and c.args and c.recv and is_redis(project, cff, c):
            k = key_text(project, cff, c.args[0])
            if k and _FAILED_MARK.search(k):
                return True
        if enqueue_write(project, cff, c) is not None:
            return True
        for a in c.args[:2]:
            v = resolve(project, cff, a)
            if v.k in (STR,) and re.search(r"\b(?:UPDATE|INSERT)\b.*'(?:failed|dead|error)'", v.v, re.I | re.S):
                return True
    return False


# --------------------------------------------------------------------------- RS303
_WAITING_STATES = frozenset({"wait", "waiting", "active", "delayed", "paused", "prioritized", "wait-children", "waiting-children"})


@check("RS303")
def queue_backlog_drops_jobs(project: Project) -> Iterable[Hit]:
    # no early return on a project with no queue op: an RQ queue emptied or a Celery purge needs
    # no producer or consumer in the project (a dashboard over another service's queues)
    runtime = _Runtime(project)
    for op in ops(project, LIST, TRIM):
        if not op.name or _is_offline(op.ff, runtime) or _batch_pop(project, op):
            continue
        cons = consumers_of(project, op)
        if cons:
            cons = [c for c in cons if job_consumer(project, c)]  # not an undo stack / capped history popped once
        if not cons:
            continue  # unknown consumers, or a capped list nothing pops (a feed)
        c0 = cons[0]
        related = [Related(c.ff.path, c.call.line, f"consumer of {describe(op)}: `{short(c.call)}`") for c in cons[:3]]
        msg = (
            f"`{short(op.call)}` trims queue {describe(op)} (consumed by `{short(c0.call)}` in {_where(c0)}): when the "
            f"consumer falls behind, every job past the cap is silently deleted instead of processed"
        )
        yield _hit("RS303", op, msg, related, anchor=f"ltrim:{op.name}")
    for op in ops(project, BULL, CLEAN):
        if _is_offline(op.ff, runtime):
            continue
        what = _drops_waiting(project, op)
        if not what:
            continue
        qname = describe(op) if op.name else "the queue"
        msg = (
            f"`{short(op.call)}` {what} of {qname} ({op.lib}) at runtime: jobs that were accepted but not yet "
            f"processed are deleted, and nobody finds out"
        )
        yield _hit("RS303", op, msg, anchor=f"clean:{op.name}:{op.call.method}")
    yield from _py_purges(project, runtime)


def _batch_pop(project: Project, op: QueueOp) -> bool:
    """``LRANGE key 0 n-1`` then ``LTRIM key n -1`` in one function: the trim
    deletes exactly the n jobs the function just read and hands on (a batch
    pop, as karton's ``consume_queues_batch``), not a cap that drops a backlog."""
    got = list_method(project, op.ff, op.call)
    if got is None or len(got[1]) < 3 or got[1][2].k != NUM or got[1][2].v != "-1":
        return False
    start = got[1][1]
    for read in ops(project, LIST, READ):
        if read.ff is not op.ff or read.call.func != op.call.func or read.name != op.name or read.call.line > op.call.line:
            continue
        r = list_method(project, read.ff, read.call)
        if r is None or r[0] != "lrange" or len(r[1]) < 3 or r[1][1].k != NUM or r[1][1].v != "0":
            continue
        if _next_index(project, op.ff, r[1][2], start):
            return True
    return False


_MINUS_ONE = lazy_re(r"^\s*([\w.]+)\s*-\s*1\s*$")


def _next_index(project: Project, ff: FileFacts, stop: Val, start: Val) -> bool:
    """``start`` is ``stop + 1`` and past 0: literals 99 / 100, or ``n - 1`` /
    ``n`` (the frontend may have written a constant ``n`` in as its number)."""
    m = _MINUS_ONE.match(stop.v) if stop.k == OTHER else None
    if m and start.k == IDENT:
        return m.group(1) == start.v
    last = _int(resolve(project, ff, Val(IDENT, m.group(1)))) - 1 if m else _int(stop)
    first = _int(start)
    return first > 0 and first == last + 1


def _int(val: Val) -> int:
    """An integer literal's value, -1 for anything else."""
    try:
        return int(val.v) if val.k == NUM else -1
    except ValueError:
        return -1


class _Runtime:
    """Files a server or worker runs (``long_running``), computed only when asked."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._paths: dict | None = None

    def __contains__(self, path: str) -> bool:
        if self._paths is None:
            self._paths = long_running(self.project)
        return path in self._paths


def _is_offline(ff: FileFacts, runtime: _Runtime) -> bool:
    """A one-off script or migration that no server or worker runs."""
    return is_script(ff) and ff.path not in runtime


def _drops_waiting(project: Project, op: QueueOp) -> str:
    c = op.call
    m = c.method
    if m == "obliterate":
        return "deletes every job (waiting and active included)"
    if m == "drain":
        return "removes all waiting jobs"
    if m == "empty":
        return "removes all waiting jobs"
    if m == "clean":
        for a in c.args:
            v = resolve(project, op.ff, a)
            if v.k == STR and v.v in _WAITING_STATES:
                return f"removes `{v.v}` jobs"
    return ""


# packages of in-process queues, whose `.empty()` only asks whether the queue is empty
# (`while not q.empty(): q.get()` on a `queue.Queue()`): RQ's `Queue.empty()` deletes its jobs
_IN_PROCESS_QUEUES = frozenset({"queue", "asyncio", "multiprocessing", "gevent", "eventlet", "tornado", "janus", "trio", "anyio"})


def _py_purges(project: Project, runtime: _Runtime) -> Iterable[Hit]:
    for ff, c in project.calls_named("purge", "empty"):
        if ff.lang != "py" or _is_offline(ff, runtime):
            continue
        if c.method == "purge" and c.recv.endswith("control") and uses(project, "celery"):
            msg = f"`{short(c)}` purges every waiting Celery task at runtime: accepted work is deleted, not processed"
        elif (c.method == "empty" and uses(project, "rq", "django_rq") and re.search(r"(?:^|_)q(?:ueue)?$|queue", c.recv, re.I)
              and package_of(c.recv_type) not in _IN_PROCESS_QUEUES):
            msg = f"`{short(c)}` empties {_rq_queue_named(project, ff, c)} at runtime: every waiting job is deleted, not processed"
        else:
            continue
        yield Hit(rule_id="RS303", path=ff.path, line=c.line, column=c.col or 1, message=msg, anchor=f"purge:{c.recv}")


def _rq_queue_named(project: Project, ff: FileFacts, c: Call) -> str:
    """How a message names the RQ queue ``c`` is called on: by the name its
    ``Queue(...)`` is given in the function (or at module level) -- a literal
    (RQ queue `emails`) or a variable (rq-dashboard's ``Queue(queue_name)``:
    the RQ queue named by `queue_name`) --, else by the receiver."""
    made = [m for m in assigned_before(project, ff, c.func, c.recv, c.line) if m.callee.endswith("Queue")]
    if not made and c.func:
        made = [m for m in assigned_calls(project, ff).get(("", c.recv), ()) if m.callee.endswith("Queue")]
    if made:
        m = made[-1]
        arg = m.args[0] if m.args else m.kwargs.get("name")
        if arg is None:
            return "RQ queue `default`"
        v = resolve(project, ff, arg)
        if v.k == STR:
            return f"RQ queue `{v.v}`"
        if arg.k == IDENT:
            return f"the RQ queue named by `{arg.v}`"
    return f"RQ queue `{c.recv}`"


# --------------------------------------------------------------------------- RS304
# a table, model or statement about work to be done: its lost update is a job's
_JOBLIKE = lazy_re(r"(?i)job|task|run|build|queue|worker|step|deploy|pipeline|execution|batch|import|export|sync|dag")
# SQLAlchemy's `query.update(values, synchronize_session=...)` option names no job ("sync")
_NOT_JOBLIKE = lazy_re(r"\bsynchronize_session\s*=")


@check("RS304")
def job_status_unguarded_update(project: Project) -> Iterable[Hit]:
    for sw in status_updates(project):
        if sw.guarded or sw.unknown:
            continue
        fn = project.func_of(sw.ff, sw.call)
        where = f" in {func_label(sw.ff, fn)}" if fn is not None else ""
        lost = ("a completed job flips back to failed, a cancelled one runs" if _JOBLIKE.search(_NOT_JOBLIKE.sub("", f"{sw.what} {sw.call.text}"))
                else f"a row another process has already moved on is set back to an older {sw.column}")
        msg = (
            f"{sw.what}{where} has no condition on the current {sw.column} or a version column: two workers, a retry "
            f"or a recovery sweep can race on the same row and the last write wins ({lost}); "
            f"add `AND {sw.column} = <expected>` and check the affected row count"
        )
        yield Hit(
            rule_id="RS304",
            path=sw.ff.path,
            line=sw.line,
            column=sw.col or 1,
            message=msg,
            related=[Related(g.path, c.line, f"`{c.callee.rsplit('.', 1)[-1]}()` is passed a `{sw.column}` here") for g, c in sw.passed_by[:MAX_RELATED]],
            anchor=f"{func_label(sw.ff, fn, with_line=False) if fn is not None else ''}:{sw.what}",
        )


__all__ = ["queue_no_consumer", "queue_no_retry", "queue_backlog_drops_jobs", "job_status_unguarded_update"]
