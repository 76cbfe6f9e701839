"""The project's job queues: who produces to and who consumes from which queue.

``queue_index(project)`` lists every queue operation it recognises, matched
by queue name or list key across all files and packages:

* BullMQ / Bull / bee-queue: ``new Queue(name)`` + ``add``/``addBulk``/
  ``createJob`` (produce), ``new Worker(name)``, ``queue.process()``, NestJS
  ``@Processor(name)`` (consume), ``clean``/``obliterate``/``drain``/``empty``;
  NestJS ``@InjectQueue(name)`` constructor parameters name the queue of
  ``this.xQueue``.
* Raw Redis lists: ``lPush/rPush`` (produce), ``brPop/blPop/rPop/lPop/lMove/
  bLMove/rPopLPush/lmPop`` (consume, the source key), ``lTrim`` (trim),
  ``lRange/lIndex`` (read).  Template keys keep their constant prefix.
* Celery: ``delay``/``apply_async``/``send_task`` (produce); workers are
  commands (compose, Procfile, Dockerfile, scripts, Makefile, supervisor,
  package.json) or ``worker_main``/``Worker`` calls.
* RQ: ``enqueue*`` (produce); ``rq worker``/``rqworker`` commands and
  ``rq.Worker`` calls.
* pg-boss (jobs in Postgres): ``send``/``sendAfter``/... on a ``new
  PgBoss()`` instance (produce); ``work(name, handler)``, ``fetch(name)``
  (consume).

A name that cannot be resolved is ``""``: an unknown producer never reports,
and an unknown consumer is assumed to consume anything of its kind.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from ..facts import ARR, CALL, FN, IDENT, NUM, OBJ, STR, TMPL, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ._memo import calls_assigned, per_project
from ._resolve import callee_funcs, definitions, module_and_attr
from ._stores import BULL_LIBS, PGBOSS_SENDS, file_uses, is_bull_queue, is_pgboss, is_redis, key_text, recv_origin, recv_root, resolve, rq_enqueue, rq_job, uses

if TYPE_CHECKING:
    from ..project import Project

BULL, LIST, CELERY, RQ, PGBOSS = "bull", "list", "celery", "rq", "pgboss"
DRAMATIQ, HUEY = "dramatiq", "huey"  # consumers only: their tasks are found where defined (riskscan.checks._taskdefs)
PRODUCE, CONSUME, TRIM, READ, CLEAN = "produce", "consume", "trim", "read", "clean"

DEAD_LETTER = lazy_re(r"dead|dlq|failed", re.I)


@dataclass
class QueueOp:
    ff: FileFacts
    call: Call
    kind: str  # bull | list | celery | rq
    role: str  # produce | consume | trim | read | clean
    name: str  # queue name / list key / key prefix; "" = unknown
    exact: bool = True  # False: ``name`` is the constant prefix of a template key
    lib: str = ""  # BullMQ, Bull, bee-queue, Redis list, Celery, RQ
    queue_call: Call | None = None  # the Queue construction (bull / rq)
    queue_ff: FileFacts | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class WorkerCmd:
    path: str
    line: int
    text: str
    kind: str  # celery | rq | dramatiq | huey


# --------------------------------------------------------------------------- names
def _lit(project: Project, ff: FileFacts, val: Val | None) -> tuple[str, bool]:
    """(name, exact) of a queue name / key value; ('', True) when unknown."""
    if val is None:
        return "", True
    v = resolve(project, ff, val)
    if v.k == STR:
        return v.v, True
    if v.k == TMPL:
        return key_text(project, ff, v), False
    return "", True


def _param_index(project: Project, ff: FileFacts, call: Call, val: Val) -> tuple[Func, int] | None:
    """The enclosing function and parameter position when ``val`` is a parameter."""
    if val.k != IDENT or not call.func:
        return None
    for cur in project.scopes(ff, call.func)[:5]:
        if val.v in cur.params:
            return cur, cur.params.index(val.v)
    return None


def _arg_values(project: Project, ff: FileFacts, func: Func, idx: int) -> list[tuple[FileFacts, Val]]:
    """Values passed at position ``idx`` by every call of ``func`` in the project."""
    out: list[tuple[FileFacts, Val]] = []
    if not func.name or func.name.startswith("<"):
        return out
    for cff, c in project.calls_named(func.name):
        if len(c.args) <= idx:
            continue
        if any(tf is ff and tf_func.id == func.id for tf, tf_func in callee_funcs(project, cff, c)):
            out.append((cff, c.args[idx]))
    return out


def names_of(project: Project, ff: FileFacts, call: Call, val: Val | None) -> list[tuple[str, bool]]:
    """Every (name, exact) a value can hold: literal, constant, template prefix,
    items of an array, or the arguments given to the enclosing function's parameter."""
    if val is None:
        return [("", True)]
    v = resolve(project, ff, val)
    if v.k == ARR and v.items is not None:
        out = []
        for item in v.items:
            out.extend(names_of(project, ff, call, item))
        return out or [("", True)]
    name, exact = _lit(project, ff, v)
    if name:
        return [(name, exact)]
    if v.k == IDENT:
        p = _param_index(project, ff, call, v)
        if p is not None:
            vals = _arg_values(project, ff, p[0], p[1])
            out = []
            for aff, a in vals:
                n, e = _lit(project, aff, a)
                out.append((n, e))
            if out:
                return out
    return [("", True)]


class NameIndex:
    """Queue names or keys (exact ones, and template prefixes), to ask for
    many names which of them :func:`matches` it, each in the time of the
    name's length and of the answer (not a pass over all of them per name)."""

    def __init__(self, names: Iterable[tuple[str, bool]]) -> None:
        self.exact_at: dict[str, list[int]] = {}  # exact name -> positions
        self.prefix_at: dict[str, list[int]] = {}  # template prefix -> positions
        for i, (n, exact) in enumerate(names):
            if n:
                (self.exact_at if exact else self.prefix_at).setdefault(n, []).append(i)
        self.exact = sorted(self.exact_at)
        self.prefixes = sorted(self.prefix_at)

    def matching(self, name: str, exact: bool) -> list[int]:
        """The positions, in order, of the names ``n`` with ``matches(name, exact, n, n_exact)``."""
        if not name:
            return []
        picked = {i for k in range(1, len(name) + 1) for i in self.prefix_at.get(name[:k], ())}  # templates ``name`` starts with
        if exact:
            picked.update(self.exact_at.get(name, ()))
        else:  # (the names that start with this template: a run of the sorted names)
            picked.update(i for n in _starting(self.exact, name) for i in self.exact_at[n])
            picked.update(i for n in _starting(self.prefixes, name) for i in self.prefix_at[n])
        return sorted(picked)

    def any_match(self, name: str, exact: bool) -> bool:
        """``any(matches(name, exact, b, b_exact) for b, b_exact in names)``."""
        if not name:
            return False
        if self.prefix_at and any(name[:k] in self.prefix_at for k in range(1, len(name) + 1)):
            return True  # a template that ``name`` starts with
        if exact:
            return name in self.exact_at
        return _starts_one(self.exact, name) or _starts_one(self.prefixes, name)  # (a name that starts with the template)


def _starting(names: list[str], prefix: str) -> list[str]:
    """The sorted ``names`` that start with ``prefix`` (a run of them)."""
    start = end = bisect_left(names, prefix)
    while end < len(names) and names[end].startswith(prefix):
        end += 1
    return names[start:end]


def _starts_one(names: list[str], prefix: str) -> bool:
    """Does one of the sorted ``names`` start with ``prefix``?"""
    i = bisect_left(names, prefix)
    return i < len(names) and names[i].startswith(prefix)


def matches(a: str, a_exact: bool, b: str, b_exact: bool) -> bool:
    """Do two queue names / keys (or template prefixes) denote the same queue?"""
    if not a or not b:
        return False
    if a_exact and b_exact:
        return a == b
    if a_exact:
        return a.startswith(b)
    if b_exact:
        return b.startswith(a)
    return a.startswith(b) or b.startswith(a)


# --------------------------------------------------------------------------- bull
_WORKER_CTORS = ("bullmq.Worker", "@taskforcesh/bullmq-pro.WorkerPro", "bullmq.Worker.default")
_QUEUE_CTORS = ("bullmq.Queue", "bull", "bull.Queue", "bee-queue", "bee-queue.Queue", "@taskforcesh/bullmq-pro.QueuePro", "bull.default", "bee-queue.default")


def _lib_of(callee: str) -> str:
    c = callee.replace(".default", "")
    if c.startswith(("bullmq", "@taskforcesh", "@nestjs/bullmq")):
        return "BullMQ"
    if c.startswith("bee-queue"):
        return "bee-queue"
    if c.startswith(("bull", "@nestjs/bull")):
        return "Bull"
    return "BullMQ"


def is_queue_ctor(ff: FileFacts, call: Call) -> bool:
    callee = call.callee.replace(".default", "")
    if callee in _QUEUE_CTORS:
        return call.new or ff.lang == "py" or callee in ("bull",)
    if call.new and callee in ("Queue", "Bull") and any(s.split("/")[0] in ("bullmq", "bull", "bee-queue") for s in ff.modules):
        return True
    return False


def _queue_def(project: Project, ff: FileFacts, call: Call) -> tuple[FileFacts, Call] | None:
    """The ``new Queue(...)`` a producer/consumer call is made on."""
    root = recv_root(call)
    if not root:
        return None
    cands: list[tuple[FileFacts, Call]] = []
    names = {root}
    if root.startswith(("this.", "self.")):
        names.add(root.split(".", 1)[1])
    else:
        names.update({"this." + root, "self." + root})
    cands.extend((ff, c) for c in calls_assigned(ff, names))
    head = root.split(".", 1)[0]
    imp = ff.imports.get(head)
    if not cands and imp and imp != head:
        for d in definitions(project, ff, imp + root[len(head):]):
            if d.call is not None:
                cands.append((d.ff, d.call))
        if not cands and root == head and imp.startswith("./"):
            cands.extend(_default_export_calls(project, imp))
    for cff, c in cands:
        if is_queue_ctor(cff, c):
            return cff, c
        # a project factory: const q = makeQueue('emails')
        for tff, f in callee_funcs(project, cff, c):
            for inner in project.calls_in(tff, f.id, nested=False):
                if is_queue_ctor(tff, inner):
                    return cff, _factory_view(project, tff, f, inner, cff, c)
    return None


def _default_export_calls(project: Project, spec: str) -> list[tuple[FileFacts, Call]]:
    """The module-level construction a JS/TS module's default export names:
    ``const emailQueue = new Queue('email', opts); export default emailQueue``
    (automatisch's queues/*.ts), or ``export default new Queue('email')``,
    for a file that imports it as ``import emailQueue from '../queues/email'``."""
    got = module_and_attr(project, spec)
    if got is None or got[1] or got[0].lang not in ("js", "ts"):
        return []
    tff = got[0]
    dflt = (tff.extra.get("exports") or {}).get("default") if tff.extra else None
    if not isinstance(dflt, str):
        return []
    name = dflt if re.fullmatch(r"[A-Za-z_$][\w$]*", dflt) else "default"
    return [(tff, c) for c in tff.calls if not c.func and c.assigned == name]


def _factory_view(project: Project, tff: FileFacts, f: Func, ctor: Call, cff: FileFacts, site: Call) -> Call:
    """The queue construction as seen from a factory call site: when the
    factory passes its parameter as the name, substitute the argument."""
    if ctor.args and ctor.args[0].k == IDENT and ctor.args[0].v in f.params:
        idx = f.params.index(ctor.args[0].v)
        if idx < len(site.args):
            arg = resolve(project, cff, site.args[idx])
            return Call(callee=ctor.callee, new=ctor.new, args=[arg, *ctor.args[1:]], line=ctor.line, col=ctor.col, text=ctor.text)
    return ctor


def _queue_attr_name(project: Project, ff: FileFacts, call: Call, val: Val | None) -> list[tuple[str, bool]]:
    """``new Worker(emailQueue.name, …)``: the name of that queue's construction."""
    if val is None or val.k != IDENT or not val.v.endswith(".name"):
        return []
    owner = val.v[: -len(".name")]
    qdef: tuple[FileFacts, Call] | None = None
    if owner.startswith("./") or (ff.lang == "py" and "." in owner):
        for d in definitions(project, ff, owner):
            if d.call is not None and is_queue_ctor(d.ff, d.call):
                qdef = (d.ff, d.call)
                break
    else:
        qdef = _queue_def(project, ff, Call(callee=f"{owner}.add", method="add", recv=owner, func=call.func))
    if qdef is None:
        return []
    qff, qcall = qdef
    return names_of(project, qff, qcall, qcall.args[0] if qcall.args else qcall.kwargs.get("name"))


def _nest_injected(project: Project, ff: FileFacts, call: Call) -> tuple[Call, str] | None:
    """(InjectQueue call, lib) for ``this.x.add`` when ``x`` is a constructor
    parameter injected with ``@InjectQueue(name)``."""
    root = recv_root(call)
    if not root.startswith("this."):
        return None
    prop = root.split(".", 1)[1]
    cls = next((f.cls for f in project.scopes(ff, call.func)[:21] if f.cls), "")
    for ctor in ff.funcs:
        if ctor.name != "constructor" or (cls and ctor.cls != cls) or prop not in ctor.params:
            continue
        injects = [c for c in ff.calls if c.func == ctor.id and c.callee.endswith(".InjectQueue") and c.callee.startswith("@nestjs/")]
        if not injects:
            return None
        if len(injects) == 1:
            queue_params = [p for p in ctor.params if re.search(r"queue", p, re.I)]
            if queue_params == [prop] or len(ctor.params) == 1:
                return injects[0], _lib_of(injects[0].callee)
        want = re.sub(r"(?i)queue$", "", prop).lower()
        for c in injects:
            n, _ = _lit(project, ff, c.args[0] if c.args else None)
            norm = re.sub(r"[^a-z0-9]", "", n.lower())
            if want and norm and (norm.startswith(want) or want.startswith(norm)):
                return c, _lib_of(c.callee)
        return None
    return None


_BULL_DROPS = ("clean", "obliterate", "drain", "empty")


@per_project
def _queue_wrapper_methods(project: Project) -> frozenset[str]:
    """Names of the project's own JS/TS class methods named like a queue's
    clean-up that make that clean-up on a queue the instance holds
    (``empty() { return this.queue.drain(); }``: an adapter over a Bull or
    BullMQ queue, as a queue dashboard has one per library)."""
    out: set[str] = set()
    for ff, c in project.calls_named(*_BULL_DROPS):
        if ff.lang not in ("js", "ts") or not c.func or not c.recv.startswith("this."):
            continue
        f = project.funcs(ff).get(c.func)
        if f is not None and f.cls and f.name in _BULL_DROPS:
            out.add(f.name)
    return frozenset(out)


def _calls_queue_wrapper(project: Project, ff: FileFacts, call: Call) -> bool:
    """``queue.empty()`` on an object known only by its name, when the
    project's own queue adapter class defines ``empty()`` over the queue it
    holds: the call is most likely the adapter's (a route handler handed the
    adapter), whose own clean-up call is the one reported, not a second time
    here.  A receiver of the instance's own (``this.queue``) or one whose
    construction is known is judged as before."""
    if call.recv.startswith("this.") or call.method not in _queue_wrapper_methods(project):
        return False
    return not recv_origin(project, ff, call)


_BULLMQ_LIBS = ("bullmq", "@taskforcesh/bullmq-pro", "@nestjs/bullmq")
_OLD_BULL_LIBS = ("bull", "@nestjs/bull", "bee-queue", "kue")


def _unbuilt_queue_lib(project: Project, ff: FileFacts) -> str:
    """The library of a queue whose construction is not found: BullMQ when
    the file imports BullMQ and not Bull (an adapter over a `bullmq` Queue),
    or, in a file that imports neither, when the project uses only BullMQ;
    else Bull."""
    if file_uses(ff, *_BULLMQ_LIBS) or file_uses(ff, *_OLD_BULL_LIBS):
        return "Bull" if file_uses(ff, *_OLD_BULL_LIBS) else "BullMQ"
    return "Bull" if uses(project, *_OLD_BULL_LIBS) else "BullMQ"


def _bull_ops(project: Project, ff: FileFacts, out: list[QueueOp]) -> None:
    for call in ff.calls:
        callee = call.callee.replace(".default", "")
        if callee in _WORKER_CTORS and (call.new or ff.lang == "py"):
            namev = call.args[0] if call.args else call.kwargs.get("name")
            for n, e in _queue_attr_name(project, ff, call, namev) or names_of(project, ff, call, namev):
                out.append(QueueOp(ff, call, BULL, CONSUME, n, e, "BullMQ"))
            continue
        if callee.startswith("@nestjs/bull") and callee.endswith(".Processor"):
            arg = call.args[0] if call.args else None
            if arg is not None and arg.k == OBJ:
                arg = (arg.keys or {}).get("name")
            for n, e in names_of(project, ff, call, arg):
                out.append(QueueOp(ff, call, BULL, CONSUME, n, e, _lib_of(callee)))
            continue
        if callee.startswith("@nestjs/bull") and callee.endswith(".registerQueue"):
            for a in call.args:
                v = resolve(project, ff, a)
                if v.k == OBJ and v.keys and "processors" in v.keys:
                    for n, e in names_of(project, ff, call, v.keys.get("name")):
                        out.append(QueueOp(ff, call, BULL, CONSUME, n, e, _lib_of(callee)))
            continue
        m = call.method
        if m not in ("add", "addBulk", "createJob", "process", "clean", "obliterate", "drain", "empty"):
            continue
        if not call.recv:
            continue
        qdef = _queue_def(project, ff, call)
        nest = _nest_injected(project, ff, call) if qdef is None else None
        if qdef is None and nest is None:
            if not is_bull_queue(project, ff, call):
                continue
            # a queue whose construction cannot be found: name unknown
            if m in ("add", "addBulk", "createJob") or m == "process":
                role = CONSUME if m == "process" else PRODUCE
                out.append(QueueOp(ff, call, BULL, role, "", True, _unbuilt_queue_lib(project, ff)))
            elif m in _BULL_DROPS and not _calls_queue_wrapper(project, ff, call):
                out.append(QueueOp(ff, call, BULL, CLEAN, "", True, _unbuilt_queue_lib(project, ff)))
            continue
        if qdef is not None:
            qff, qcall = qdef
            lib = _lib_of(qcall.callee)
            if qcall.callee.replace(".default", "") in ("Queue", "Bull"):
                lib = "BullMQ" if any(s == "bullmq" for s in qff.modules) else "Bull"
            namev = qcall.args[0] if qcall.args else qcall.kwargs.get("name")
            names = names_of(project, qff, qcall, namev)
        else:
            qcall, lib = nest  # type: ignore[misc]
            qff = ff
            names = names_of(project, ff, qcall, qcall.args[0] if qcall.args else None)
        if m == "add" and qcall.callee.replace(".default", "") == "bullmq.FlowProducer":
            continue
        role = {"add": PRODUCE, "addBulk": PRODUCE, "createJob": PRODUCE, "process": CONSUME}.get(m, CLEAN)
        if lib == "BullMQ" and m == "process":
            continue  # BullMQ queues have no process(): not this library
        for n, e in names:
            out.append(QueueOp(ff, call, BULL, role, n, e, lib, qcall, qff, {"nest": nest is not None}))


# --------------------------------------------------------------------------- pg-boss


def _pgboss_ops(project: Project, ff: FileFacts, out: list[QueueOp]) -> None:
    """pg-boss: ``boss.send(name, data, options)`` and its variants on an
    instance the frontend types as ``new PgBoss(...)`` (produce), and
    ``x.work(name, [options,] handler)`` on any receiver, or ``x.fetch(name)``
    on a pg-boss instance or a receiver named for one (consume: a boss handed
    to a worker module as a parameter is still a consumer; an unknown queue
    name consumes anything)."""
    for call in ff.calls:
        m = call.method
        if not call.recv or not call.args or m not in PGBOSS_SENDS and m not in ("work", "fetch"):
            continue
        typed = is_pgboss(call)
        if m == "work":
            if len(call.args) < 2 or call.args[-1].k not in (FN, IDENT):
                continue
            role = CONSUME
        elif m == "fetch":
            if not (typed or "boss" in call.recv.rsplit(".", 1)[-1].lower()):
                continue
            role = CONSUME
        elif typed:
            role = PRODUCE
        else:
            continue
        for n, e in names_of(project, ff, call, call.args[0]):
            out.append(QueueOp(ff, call, PGBOSS, role, n, e, "pg-boss"))


# --------------------------------------------------------------------------- redis lists
_LIST_METHODS = {
    "lpush": PRODUCE, "rpush": PRODUCE, "lpushx": PRODUCE, "rpushx": PRODUCE,
    "brpop": CONSUME, "blpop": CONSUME, "rpop": CONSUME, "lpop": CONSUME, "lmove": CONSUME, "blmove": CONSUME,
    "rpoplpush": CONSUME, "brpoplpush": CONSUME, "lmpop": CONSUME, "blmpop": CONSUME,
    "ltrim": TRIM, "lrange": READ, "lindex": READ, "lpos": READ,
}
def list_role(cmd: str) -> str:
    """produce / consume / trim / read for a lower-case Redis list command ('' otherwise)."""
    return _LIST_METHODS.get(cmd, "")


_RAW_CMD = ("sendCommand", "send_command", "call", "execute_command", "command")


def list_method(project: Project, ff: FileFacts, call: Call) -> tuple[str, list[Val]] | None:
    """(lower-case list command, its arguments) for a Redis list call, incl. raw commands."""
    if not call.recv:
        return None
    m = call.method.lower()
    raw = call.method in _RAW_CMD and bool(call.args)
    if not raw and m not in _LIST_METHODS:
        return None
    args = list(call.args)
    if raw:
        first = args[0]
        if first.k == ARR and first.items:
            cmd = first.items[0]
            if cmd.k == STR:
                m, args = cmd.v.lower(), list(first.items[1:])
        elif first.k == STR:
            m, args = first.v.lower(), args[1:]
    if m not in _LIST_METHODS:
        return None
    if not is_redis(project, ff, call):
        return None
    return m, args


def _list_ops(project: Project, ff: FileFacts, out: list[QueueOp]) -> None:
    for call in ff.calls:
        # (cheap first, as list_method starts: a list command, or a raw one, on a receiver)
        if not call.recv or (call.method.lower() not in _LIST_METHODS and call.method not in _RAW_CMD):
            continue
        got = list_method(project, ff, call)
        if got is None:
            continue
        m, args = got
        role = _LIST_METHODS[m]
        if role == CONSUME and m in ("brpop", "blpop", "lmpop", "blmpop"):
            keys: list[Val] = []
            for a in args:
                v = resolve(project, ff, a)
                if v.k in (NUM, OBJ, FN) or (v.k == STR and v.v.upper() in ("LEFT", "RIGHT")):
                    continue
                if v.k == CALL and v.v.rsplit(".", 1)[-1] in ("commandOptions", "Number", "parseInt", "int", "float"):
                    continue  # node-redis isolated-connection options, a computed timeout
                keys.append(a)
            if m in ("brpop", "blpop") and len(keys) > 1 and ff.lang in ("js", "ts"):
                last = keys[-1]
                lv = resolve(project, ff, last)
                if lv.k not in (STR, TMPL, ARR):
                    keys = keys[:-1]  # the timeout given as a variable
            if ff.lang == "py" and len(keys) > 1 and m in ("brpop", "blpop"):
                keys = keys[:1]
            if not keys:
                keys = [Val(k="other")]
        else:
            keys = args[:1] if args else [Val(k="other")]
        for k in keys:
            kv = resolve(project, ff, k)
            raw = kv.v if kv.k in (STR, TMPL) else ""
            for n, e in names_of(project, ff, call, k):
                out.append(QueueOp(ff, call, LIST, role, n, e, "Redis list", extra={"cmd": m, "raw": raw or n}))


# --------------------------------------------------------------------------- celery / rq
_CANVAS_TASK = lazy_re(r"([A-Za-z_]\w*)\.(?:s|si|signature)\(")


def _canvas_task(ff: FileFacts, func: str, name: str) -> str:
    """The first task of a Celery canvas (chain, group, chord) a local variable
    holds: ``pipeline = tasks.run_sketch_init.s(ids) | analyzer_group`` ->
    ``run_sketch_init``; '' when ``name`` holds no canvas written in place."""
    for item in ff.extra.get("assigns") or () if ff.extra else ():
        if len(item) > 3 and item[0] == name and item[1] == func and isinstance(item[3], dict):
            m = _CANVAS_TASK.search(str(item[3].get("v", "")))
            if m is not None:
                return m.group(1)
    return ""



def _py_ops(project: Project, ff: FileFacts, out: list[QueueOp]) -> None:
    celery = uses(project, "celery")
    rq = uses(project, "rq", "django_rq")
    for call in ff.calls:
        m = call.method
        job = rq_job(project, ff, call.recv) if rq and m == "delay" and call.recv else None
        if job is not None:
            jf, deco = job
            queue = deco.args[0] if deco.args else deco.kwargs.get("queue")
            out.append(QueueOp(ff, call, RQ, PRODUCE, _rq_queue_of(project, jf, queue), True, "RQ",
                               extra={"retry": "retry" in deco.kwargs or "**" in deco.kwargs}))
        elif celery and m in ("delay", "apply_async") and call.recv and call.recv not in ("self", "cls") and not call.recv.startswith("super("):
            obj = call.recv  # the task object (`send_email`, or `send_email` of `send_email.s(...)`)
            if obj.rsplit(".", 1)[-1] in ("s", "si", "signature") and "." in obj:
                obj = obj.rsplit(".", 1)[0]
            task = obj.rsplit(".", 1)[-1]
            if "." not in obj:
                task = _canvas_task(ff, call.func, obj) or task  # `pipeline = t.s(x) | group(...)`: its first task
                if _enclosing_param(project, ff, call.func, obj):
                    task = "?"  # whatever task the caller hands in: no name to show
            if not _plain_function(project, ff, obj):
                out.append(QueueOp(ff, call, CELERY, PRODUCE, task or call.recv, True, "Celery"))
        elif celery and m == "send_task":
            n, _ = _lit(project, ff, call.args[0] if call.args else call.kwargs.get("name"))
            out.append(QueueOp(ff, call, CELERY, PRODUCE, n or "?", True, "Celery"))
        elif rq and rq_enqueue(project, ff, call):
            out.append(QueueOp(ff, call, RQ, PRODUCE, _rq_queue_name(project, ff, call), True, "RQ"))
        if celery and (
            m == "worker_main"
            or (m == "start" and _argv_has_worker(call))
            or call.callee.startswith(("celery.apps.worker", "celery.bin."))  # (a project CLI embedding celery's own)
            or (m == "Worker" and call.recv)
        ):
            out.append(QueueOp(ff, call, CELERY, CONSUME, "*", True, "Celery"))
        if call.callee.startswith("dramatiq") and call.callee.rsplit(".", 1)[-1] == "Worker":
            out.append(QueueOp(ff, call, DRAMATIQ, CONSUME, "*", True, "Dramatiq"))
        if m == "create_consumer" and "huey" in call.recv.rsplit(".", 1)[-1].lower() or call.callee in ("huey.consumer.Consumer", "huey.Consumer"):
            out.append(QueueOp(ff, call, HUEY, CONSUME, "*", True, "Huey"))
        if rq and rq_worker_ctor(project, ff, call.callee):
            out.append(QueueOp(ff, call, RQ, CONSUME, "*", True, "RQ"))


def rq_worker_ctor(project: Project, ff: FileFacts, callee: str) -> bool:
    """``callee`` (as ``ff`` names it) builds an RQ worker: RQ's worker and
    worker-pool classes, django-rq's ``get_worker``, or a project subclass of
    an RQ worker class."""
    return (
        callee.startswith("rq.") and callee.endswith(("Worker", "WorkerPool"))
        or callee in ("rq.worker.Worker", "rq.SimpleWorker", "django_rq.get_worker", "django_rq.workers.get_worker")
        or _rq_worker_class(project, ff, callee)
    )


_RQ_WORKERS = frozenset({"rq.Worker", "rq.worker.Worker", "rq.SimpleWorker", "rq.worker.SimpleWorker", "rq.worker.SpawnWorker",
                         "rq.worker_pool.WorkerPool"})


def _rq_worker_class(project: Project, ff: FileFacts, callee: str) -> bool:
    """``bg_jobs.Worker(queues)`` where the project's ``class Worker(rq.Worker)`` lives in ``bg_jobs``."""
    if not callee:
        return False
    name = callee.rpartition(".")[2]
    classes = _rq_worker_classes(project)
    if not any(cls == name for _path, cls in classes):
        return False
    where = module_and_attr(project, callee) if "." in callee else (ff, callee)
    return where is not None and (where[0].path, where[1]) in classes


@per_project
def _rq_worker_classes(project: Project) -> tuple[tuple[str, str], ...]:
    """(file, class name) of the project's subclasses of an RQ worker."""
    out: list[tuple[str, str]] = []
    for f in project.parsed_code_files():
        if f.lang != "py" or not f.extra:
            continue
        for c in f.extra.get("classes") or ():
            if isinstance(c, dict) and any(b in _RQ_WORKERS for b in c.get("bases") or ()):
                out.append((f.path, str(c.get("name", ""))))
    return tuple(out)


def _enclosing_param(project: Project, ff: FileFacts, fid: str, name: str) -> bool:
    """``name`` is a parameter of the function ``fid`` or of a function enclosing
    it: a task decorator's or helper's argument (django-spirit's ``def task(t):
    t = shared_task(t)`` whose wrapper calls ``t.delay(...)``), so it names
    whatever task a caller passes, not a task called ``t``."""
    funcs = project.funcs(ff)
    fn = funcs.get(fid) if fid else None
    while fn is not None:
        if name in fn.params:
            return True
        fn = funcs.get(fn.parent) if fn.parent else None
    return False


def _plain_function(project: Project, ff: FileFacts, name: str) -> bool:
    """``name`` is a project function defined with no decorator at all (byro's
    ``mail_send_task.apply_async(...)`` on a plain ``def``): not a Celery task,
    so the call enqueues nothing."""
    defs = definitions(project, ff, name)
    return bool(defs) and all(d.func is not None and not d.func.cls and not d.func.decorators for d in defs)


def _argv_has_worker(call: Call) -> bool:
    for v in list(call.args) + list(call.kwargs.values()):
        if v.k == ARR and v.items and any(i.k == STR and i.v == "worker" for i in v.items):
            return True
    return False


def _rq_queue_name(project: Project, ff: FileFacts, call: Call) -> str:
    root = recv_root(call)
    if not root:
        return "default"
    return _queue_var_name(project, ff, root)


def _queue_var_name(project: Project, ff: FileFacts, var: str) -> str:
    """The name of the RQ ``Queue(...)`` the file assigns to ``var`` ('' unknown)."""
    for c in calls_assigned(ff, {var}):
        if c.callee.endswith("Queue"):
            n, _ = _lit(project, ff, c.args[0] if c.args else c.kwargs.get("name"))
            return n or ("default" if not c.args and "name" not in c.kwargs else "")
    return ""


def _rq_queue_of(project: Project, ff: FileFacts, queue: Val | None) -> str:
    """The queue of RQ's ``@job(queue)``: a name or a ``Queue`` variable."""
    if queue is None:
        return ""
    if queue.k == IDENT:
        return _queue_var_name(project, ff, queue.v)
    n, _ = _lit(project, ff, queue)
    return n


_CELERY_WORKER = lazy_re(r"\bcelery\b.*?\b(worker|multi)\b", re.I | re.S)
_RQ_WORKER = lazy_re(r"\brq\b[\"',\s]+worker\b|\brqworker\b|\brq\s+worker-pool\b", re.I)
# `dramatiq app.tasks`, `python -m dramatiq app.tasks`, `dramatiq-gevent ...`, django_dramatiq's `manage.py rundramatiq`
_DRAMATIQ_WORKER = lazy_re(r"\bdramatiq(?:-gevent)?[\"',\s]+(?!-)[A-Za-z_][\w.:]*|\brundramatiq\b", re.I)
# `huey_consumer app.huey`, `huey_consumer.py main.huey`, Django's `manage.py run_huey`, django-huey's `djangohuey`
_HUEY_WORKER = lazy_re(r"\bhuey_consumer(?:\.py)?\b|\brun_huey\b|\bdjangohuey\b", re.I)
# installing a package is no command that starts it (`pip install dramatiq redis`)
_INSTALL = lazy_re(r"\b(?:install|add)\b", re.I)


def _texts_of_compose(model: Any) -> list[tuple[int, str]]:
    """(line, text) of every service ``command``/``entrypoint`` in a compose model."""
    out: list[tuple[int, str]] = []
    services = model.get("services") if isinstance(model, dict) else None
    if not isinstance(services, dict):
        return out
    for _, svc in sorted(services.items(), key=lambda kv: str(kv[0])):
        if not isinstance(svc, dict):
            continue
        lines = svc.get("__lines__")
        if not isinstance(lines, dict):
            lines = {}
        for key in ("command", "entrypoint"):
            val = svc.get(key)
            if isinstance(val, dict):  # !override / !reset kept as {tag: value}
                val = val.get("!override")
            if val is None:
                continue
            text = " ".join(str(x) for x in val) if isinstance(val, list) else str(val)
            out.append((int(lines.get(key) or lines.get("") or 0), text))
    return out


def worker_commands(project: Project) -> list[WorkerCmd]:
    """Celery / RQ worker start-up commands anywhere in the project."""
    out: list[WorkerCmd] = []
    for ff in project.files.values():
        texts: list[tuple[int, str]] = []
        if ff.lang == "text":
            texts = [(int(line), str(text)) for line, text in ff.commands]
        elif ff.lang == "compose" and ff.compose is not None:
            texts = _texts_of_compose(ff.compose)
        for line, text in texts:
            if _CELERY_WORKER.search(text) and not re.search(r"\bcelery\b[^\n]*\b(?:beat|flower|inspect|purge|status|call)\b(?![^\n]*\bworker\b)", text, re.I):
                out.append(WorkerCmd(ff.path, line, text[:120], CELERY))
            if _RQ_WORKER.search(text):
                out.append(WorkerCmd(ff.path, line, text[:120], RQ))
            if _DRAMATIQ_WORKER.search(text) and not _INSTALL.search(text):
                out.append(WorkerCmd(ff.path, line, text[:120], DRAMATIQ))
            if _HUEY_WORKER.search(text):
                out.append(WorkerCmd(ff.path, line, text[:120], HUEY))
    for root, manifest in sorted(project.manifests.items()):
        for name, script in sorted((manifest.get("scripts") or {}).items()):
            if _CELERY_WORKER.search(script):
                out.append(WorkerCmd(f"{root}/package.json" if root else "package.json", 0, f"{name}: {script}"[:120], CELERY))
    return out


# --------------------------------------------------------------------------- index
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def queue_index(project: Project) -> list[QueueOp]:
    got = _CACHE.get(project)
    if got is not None:
        return got
    out: list[QueueOp] = []
    bull = uses(project, *BULL_LIBS)
    pgboss = uses(project, "pg-boss")
    for ff in project.parsed_code_files():
        if bull and ff.lang in ("js", "ts", "py"):
            _bull_ops(project, ff, out)
        _list_ops(project, ff, out)
        if pgboss and ff.lang in ("js", "ts"):
            _pgboss_ops(project, ff, out)
        if ff.lang == "py":
            _py_ops(project, ff, out)
    _CACHE[project] = out
    return out


@per_project
def ops(project: Project, kind: str, role: str) -> list[QueueOp]:
    """The queue operations of one kind and role, in index order (shared: not to be changed)."""
    return [o for o in queue_index(project) if o.kind == kind and o.role == role]


def consumers_of(project: Project, op: QueueOp) -> list[QueueOp] | None:
    """Consumers matching a producer/trim op; None when an unknown consumer
    of the same kind exists (it might consume anything)."""
    index = _consumer_index(project, op.kind)
    if index is None:
        return None
    cons, names = index
    return [cons[i] for i in names.matching(op.name, op.exact)]


@per_project
def _consumer_index(project: Project, kind: str) -> tuple[list[QueueOp], NameIndex] | None:
    """The consumers of a kind (None when one has no name) and the index of
    their names that ``consumers_of`` matches a producer against."""
    cons = ops(project, kind, CONSUME)
    if any(not c.name for c in cons):
        return None
    return cons, NameIndex((c.name, c.exact) for c in cons)


def describe(op: QueueOp) -> str:
    return f"`{op.name}{'' if op.exact else '…'}`"

