"""Code that runs only under a SIGALRM watchdog (RS905).

``signal.signal(signal.SIGALRM, handler)`` with a handler that exits or
raises, then ``signal.alarm(n)`` (or ``signal.setitimer(signal.ITIMER_REAL,
n)``): what the function runs after that, up to an ``alarm(0)``, is cut off
after n seconds, as a Node request a timer destroys is.

``alarm_bounded(project, ff, call)``: ``call`` (inside a function) runs only
under such an alarm: in the arming function itself, after the alarm is set,
in the block of a ``with`` on a project ``@contextmanager`` that yields
with such an alarm armed (barman's ``utils.timeout``: ``with
timeout(n):``), or in a module that is used nowhere but in such functions -- each project
module that imports it calls into it only there (or in the handler, or to
build an object of a class of it that has no ``__init__``), and it is no
program or route module of its own (kuryr-kubernetes' CNI plugin:
``cni/main.py`` arms a 180 s alarm before ``runner.run(...)``, the one use
of ``cni/api.py``, whose request to the CNI daemon the alarm bounds).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ..facts import IDENT, NUM, Call, FileFacts, Func, Val
from ._memo import methods_of, per_file, per_project
from ._reach import is_context_manager
from ._resolve import callee_funcs, fn_of_val, last_name, module_itself, py_modules, walk_vals, with_calls_around
from ._routes import base_class_home, class_bases, has_class
from ._services import console_script_files

if TYPE_CHECKING:
    from ..project import Project

# what a handler calls to end the wait: the process, or the call with an exception
_EXITS = frozenset({"sys.exit", "os._exit", "exit", "quit", "os.abort", "os.kill"})
_RAISED = ("Error", "Exception", "Timeout", "Exit", "Interrupt")
_CTORS = frozenset({"__init__", "__new__", "__post_init__"})


def _stops(project: Project, ff: FileFacts, handler: Val) -> tuple[FileFacts, Func] | None:
    """The handler function (in ``ff`` or imported from another module, as
    diamond's ``signal_to_exception`` from ``diamond.utils.signals``) when it
    exits or raises (None if not)."""
    got = fn_of_val(project, ff, handler)
    if got is None:
        return None
    for c in project.calls_in(got[0], got[1].id):
        name = last_name(c.callee)
        if c.callee in _EXITS or (name[:1].isupper() and name.endswith(_RAISED)):
            return got
    return None


def _seconds(call: Call) -> Val | None:
    """The interval an ``alarm``/``setitimer(ITIMER_REAL, ...)`` call sets."""
    if call.callee == "signal.alarm":
        return call.args[0] if call.args else call.kwargs.get("seconds")
    if call.callee == "signal.setitimer" and len(call.args) >= 2 and call.args[0].v.endswith("ITIMER_REAL"):
        return call.args[1]
    return None


def _zero(val: Val) -> bool:
    try:
        return val.k == NUM and float(val.v) == 0
    except ValueError:
        return False


@per_file
def _armed(project: Project, ff: FileFacts) -> tuple[dict[str, list[tuple[int, int]]], frozenset[str]]:
    """Function id -> the line spans in which it holds a SIGALRM watchdog
    armed (from the ``alarm(n)`` to an ``alarm(0)`` or the function's end),
    and the ids of the handlers."""
    handlers: dict[str, int] = {}  # function id ("" = module level) -> line of the registration
    kinds: set[str] = set()
    for c in ff.calls:
        if c.callee == "signal.signal" and len(c.args) == 2 and c.args[0].k == IDENT and c.args[0].v.endswith("SIGALRM"):
            got = _stops(project, ff, c.args[1])
            if got is not None:
                if got[0] is ff:  # (an imported handler is no function of this file)
                    kinds.add(got[1].id)
                handlers.setdefault(c.func, c.line)
    spans: dict[str, list[tuple[int, int]]] = {}
    if not handlers:
        return spans, frozenset()
    funcs = project.funcs(ff)
    timers = sorted(((c, sec) for c in ff.calls if (sec := _seconds(c)) is not None), key=lambda t: t[0].line)
    for c, sec in timers:
        fn = funcs.get(c.func)
        if fn is None or _zero(sec):
            continue
        if not any(fid == "" or (fid == c.func and line <= c.line) for fid, line in handlers.items()):
            continue
        ends = [t.line for t, s in timers if t.func == c.func and t.line > c.line and _zero(s)]
        spans.setdefault(c.func, []).append((c.line, min(ends) if ends else fn.end_line))
    return spans, frozenset(kinds)


def _under_alarm(project: Project, ff: FileFacts, call: Call) -> bool:
    """``call`` is made by the arming function itself while its alarm is set
    (not by a function nested in it, which may run at any time)."""
    spans, _ = _armed(project, ff)
    return any(a < call.line <= b for a, b in spans.get(call.func, ()))


@per_file
def _watchdog_managers(project: Project, ff: FileFacts) -> frozenset[str]:
    """The ids of the ``@contextmanager`` functions of ``ff`` that yield
    while their alarm is armed: the caller's ``with`` block runs under it."""
    spans, _ = _armed(project, ff)
    funcs = project.funcs(ff)
    out = set()
    for y in (ff.extra or {}).get("yields", ()) or ():
        if not (isinstance(y, list) and len(y) == 2):
            continue
        line, fid = y
        f = funcs.get(fid)
        if f is not None and is_context_manager(f) and any(a < line <= b for a, b in spans.get(fid, ())):
            out.add(fid)
    return frozenset(out)


def _in_watchdog_with(project: Project, ff: FileFacts, call: Call) -> bool:
    """``call`` is made by the function whose ``with`` block holds it, and
    that ``with`` enters a watchdog ``@contextmanager`` (:func:`_watchdog_managers`)."""
    return any(f.id in _watchdog_managers(project, tf) for item in with_calls_around(ff, call) for tf, f in callee_funcs(project, ff, item))


@per_project
def _watchdog_files(project: Project) -> tuple[str, ...]:
    """The Python files that arm a SIGALRM watchdog somewhere."""
    return tuple(ff.path for ff in project.code_files() if ff.lang == "py" and not ff.shallow and _armed(project, ff)[0])


@per_project
def _watched_modules(project: Project) -> frozenset[str]:
    """The project modules a file that arms a watchdog imports (every
    module a name of its imports can stand for: a superset)."""
    mods = py_modules(project)
    out: set[str] = set()
    for path in _watchdog_files(project):
        w = project.files[path]
        for target in (*w.imports.values(), *w.modules):
            if target.startswith("./"):
                m = module_itself(project, target)
                if m is not None:
                    out.add(m.path)
                continue
            parts = target.split(".")
            out.update(m.path for i in range(1, len(parts) + 1) if (m := mods.get(".".join(parts[:i]))) is not None)
    return frozenset(out)


def alarm_bounded(project: Project, ff: FileFacts, call: Call) -> bool:
    if ff.lang != "py" or not call.func or not _watchdog_files(project):
        return False
    # (a module no arming file imports runs under no alarm: its other users are not searched)
    return (_under_alarm(project, ff, call) or _in_watchdog_with(project, ff, call)
            or (ff.path in _watched_modules(project) and _module_under_alarm(project, ff.path))
            or (ff.path, call.func) in _dispatched_under_alarm(project))


@per_project
def _dispatched_under_alarm(project: Project) -> frozenset[tuple[str, str]]:
    """(path, function id) of the methods that run only under an alarm
    through method dispatch: a plugin runner arms it around
    ``obj.method()`` on an object it is handed (diamond's
    ``collector_process``: ``signal.alarm(max_time)``, then
    ``collector._run()``); the methods of that name, and the methods they
    call on ``self`` (or ``super()``): the methods of those names in any
    class, so a plugin module that subclasses the base counts without
    being imported (``Collector._run`` -> ``self.collect()``, each
    collector's ``collect`` -> ``self._get(url)``).

    Kept only while every call of the method's name anywhere in the
    project is made under an alarm or by another method kept, and the name
    is never handed to a call as a value (``Thread(target=self._get)``;
    an attribute or variable holding the bound method is not seen); dunder
    and decorated methods (run by the language or a framework) are not
    kept, nor is a function nested in a kept one (a callback may run at
    any time), nor a method of a class with a library base (which may run
    it by itself: a ``threading.Thread``'s ``run``)."""
    seeds: set[str] = set()
    for path in _watchdog_files(project):
        w = project.files[path]
        for c in w.calls:
            if (c.method and c.recv.isidentifier() and c.recv not in ("self", "cls") and not c.recv_type
                    and c.recv not in w.imports and _under_alarm(project, w, c)):
                seeds.add(c.method)
    if not seeds:
        return frozenset()
    kept: dict[tuple[str, str], tuple[FileFacts, Func]] = {}
    todo = [m for name in seeds for m in _methods_named(project, name)]
    while todo:
        tf, f = todo.pop()
        if ((tf.path, f.id) in kept or (f.name.startswith("__") and f.name.endswith("__")) or f.decorators
                or not _project_class_tree(project, tf, f.cls)):
            continue
        kept[(tf.path, f.id)] = (tf, f)
        for c in project.calls_in(tf, f.id, nested=False):
            if c.method and (c.recv == "self" or c.recv.startswith("super(")):
                todo.extend(_methods_named(project, c.method))
    # the greatest set in which every call of each method's name is armed or made by a kept method
    names = {f.name for _, f in kept.values()}
    sites = _calls_of_names(project, names)
    passed = _names_passed_as_values(project, names)
    changed = True
    while changed:
        changed = False
        for key, (_tf, f) in list(kept.items()):
            calls = sites.get(f.name, ())
            if f.name in passed or not calls or any(
                    (g.path, c.func) not in kept and not _under_alarm(project, g, c) for g, c in calls):
                del kept[key]
                changed = True
    return frozenset(kept)


def _project_class_tree(project: Project, ff: FileFacts, cls: str, depth: int = 0) -> bool:
    """Every base of class ``cls`` (up to ``object``) is a project class: no
    library base (``threading.Thread``, a framework's handler) runs one of
    its methods by itself (``start()`` -> ``run()``)."""
    if depth > 6 or not has_class(ff, cls):
        return False
    for b in class_bases(ff, cls):
        if b == "object":
            continue
        home = base_class_home(project, ff, b)
        if home is None or not _project_class_tree(project, project.full(home[0]), home[1], depth + 1):
            return False
    return True


def _py_files_naming(project: Project, name: str) -> list[FileFacts]:
    """The Python files that may spell ``name``: the parsed ones, and the
    unparsed ones whose text has the word (parsed for it)."""
    memo = project.__dict__.setdefault("_rs_watchdog_naming", {})
    got = memo.get(name)
    if got is None:
        got = memo[name] = [project.full(g) if g.shallow else g for g in project.code_files()
                            if g.lang == "py" and (not g.shallow or project.may_mention(g.path, name))]
    return got


def _methods_named(project: Project, name: str) -> list[tuple[FileFacts, Func]]:
    """The project's class methods called ``name`` (not nested functions)."""
    return [(g, f) for g in _py_files_naming(project, name) for f in g.funcs if f.name == name and f.cls and not f.parent]


def _calls_of_names(project: Project, names: set[str]) -> dict[str, list[tuple[FileFacts, Call]]]:
    """Every call (by method or plain name) of ``names``."""
    out: dict[str, list[tuple[FileFacts, Call]]] = {}
    for n in names:
        out[n] = [(g, c) for g in _py_files_naming(project, n) for c in g.calls if (c.method or last_name(c.callee)) == n]
    return out


def _names_passed_as_values(project: Project, names: set[str]) -> frozenset[str]:
    """Those of ``names`` some call is handed as a value (``target=self._get``)."""
    out = set()
    for g in {g.path: g for n in names for g in _py_files_naming(project, n)}.values():
        for c in g.calls:
            for a in (*c.args, *c.kwargs.values()):
                for v in walk_vals(a):
                    if v.k == IDENT and (n := last_name(v.v)) in names:
                        out.add(n)
    return frozenset(out)


@per_project
def _module_under_alarm(project: Project, path: str) -> bool:
    ff = project.files[path]
    if path in console_script_files(project) or ff.routes or (ff.extra or {}).get("main_guard"):
        return False
    names = tuple(n for n, g in py_modules(project).items() if g.path == path)
    stem = posixpath.basename(path[: -len("/__init__.py")] if path.endswith("/__init__.py") else path.removesuffix(".py"))
    users = 0
    for g in project.code_files():
        if g.lang != "py" or g.path == path:
            continue
        if g.shallow:
            if not project.may_mention(g.path, stem):
                continue
            g = project.full(g)
        targets = {t for t in g.imports.values() if _names_module(project, t, names, path)}
        if not targets and not any(_names_module(project, m, names, path) for m in g.modules):
            continue
        if not targets or not _used_under_alarm(project, g, targets, ff):
            return False
        users += 1
    return users > 0


def _names_module(project: Project, target: str, names: tuple[str, ...], path: str) -> bool:
    if target.startswith("./"):
        mod = module_itself(project, target)
        return mod is not None and mod.path == path
    return any(target == n or target.startswith(n + ".") for n in names)


def _used_under_alarm(project: Project, g: FileFacts, targets: set[str], m: FileFacts) -> bool:
    """Every use ``g`` makes of module ``m`` (through the imported names
    ``targets``) runs under an alarm of ``g``: no module-level value holds one
    of them, and each call of one is made with the alarm armed, by its
    handler, or builds an object of a class of ``m`` with no constructor."""
    def into(dotted: str) -> str | None:
        for t in targets:
            if dotted == t or dotted.startswith(t + "."):
                return dotted
        return None

    if any(v.k == IDENT and into(v.v) for v in g.consts.values()):
        return False
    _, handlers = _armed(project, g)
    used = False
    for c in g.calls:
        hit = into(c.callee) or into(c.recv_type)
        if hit is None:
            continue
        used = True
        if not c.func:
            return False
        if _under_alarm(project, g, c) or any(f.id in handlers for f in project.scopes(g, c.func)):
            continue
        if not _inert_class(m, hit.rsplit(".", 1)[-1]):
            return False
    return used


def _inert_class(m: FileFacts, cls: str) -> bool:
    """A class of ``m`` that runs no code of ``m`` when built: neither it
    nor its bases in ``m`` define a constructor."""
    seen: set[str] = set()
    todo = [cls]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if not has_class(m, name) or any(f.name in _CTORS for f in methods_of(m, name)):
            return False
        todo.extend(b.rsplit(".", 1)[-1] for b in class_bases(m, name) if has_class(m, b.rsplit(".", 1)[-1]))
    return True
