"""RS905 http-client-no-timeout: an outbound HTTP call that can wait forever,
reported per call.  Which calls of which client library are untimed is
decided in ``_httpclients``; this module judges where they run and words
the finding.
"""

from __future__ import annotations

from typing import Iterable

from ..facts import FN, IDENT, NULL, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import check
from ._cli import serving_group
from ._httpclients import MadeWithout, Untimed, untimed_calls
from ._longrun import importers_of, while_loops
from ._memo import calls_at, funcs_by_id, per_calls
from ._reach import coroutine_running, func_label
from ._resolve import call_sites, last_name, walk_vals
from ._services import in_main_guard
from ._routes import extends_where


# the consequence RS905's messages give for a call made in the serving worker itself
_WORKER_BLOCKED = lazy_re(r"blocks this worker(?: forever| until it is restarted| \(and, under load, every worker\) until the process is restarted)")


def _log_handler_emit(project: Project, ff: FileFacts, call: Call) -> Func | None:
    """The ``emit`` method holding ``call`` of a class that extends a stdlib
    logging handler (``logging.Handler``, ``logging.handlers.SocketHandler``,
    ...), directly or through project classes (opencanary's ``SlackHandler``
    posting each alert to a webhook): the logging call runs it in its own
    thread.  None when the project runs a ``QueueListener``, which runs its
    handlers in a thread of its own."""
    fn = project.func_of(ff, call) if ff.lang == "py" else None
    if fn is None or fn.name != "emit" or not fn.cls or fn.parent:
        return None
    if not extends_where(project, ff, fn.cls, lambda b: b.split(".", 1)[0] == "logging" and b.endswith("Handler"), levels=4):
        return None
    if any(last_name(c.callee) == "QueueListener" for g in project.code_files() if g.lang == "py" for c in g.calls):
        return None
    return fn


def _thread_per_call(project: Project, ff: FileFacts, call: Call) -> tuple[Call, Func, Func, Func | None, list[Func]] | None:
    """The ``threading.Thread(target=fn)`` of the same file, made inside a
    function, whose target ``fn`` holds ``call`` (integreat-cms's
    ``matomo_request``, started by the per-request ``wrap``), or calls the
    function holding it when nothing else does (errbot's version check: the
    thread runs ``self._async_vcheck``, which calls ``self._get_version()``),
    or calls every function that does, each called by nothing else (vllm's
    usage reporter: the thread runs ``_report_usage_worker``, which calls
    ``_report_usage_once`` and ``_report_continuous_usage``, the only callers
    of ``_send_to_server``): (the Thread call, the target, the function
    starting it, the helper holding ``call`` or None, the functions between
    the target and the helper).  A thread started under ``if __name__ ==
    "__main__"`` of a module that another project module imports is its
    demo, not the service's: not counted (as for :func:`_import_time`)."""
    if not call.func:
        return None
    funcs = funcs_by_id(ff)
    holder = funcs.get(call.func)
    # (the file's threads first: most files start none, and finding the sole
    # caller asks every other file whether it names the function)
    threads = [t for t in per_calls("threads", ff, _threads) if t.func in funcs]
    if threads and any(in_main_guard(ff, t.line) for t in threads) and importers_of(project).get(ff.path):
        # a library module's demo (alignak's misc/carboniface.py: `if __name__ == '__main__':` defines
        # `keep_updating`, which restarts a threading.Timer): the modules importing it never run it
        threads = [t for t in threads if not in_main_guard(ff, t.line)]
    if holder is None or not threads:
        return None
    callers = _same_file_callers(project, ff, holder, funcs)
    # (the intermediate callers' own callers, asked only when the holder has more than one)
    between = [(c, _sole_caller(project, ff, c, funcs)) for c in callers] if len(callers) > 1 else []
    outer = {id(up): up for _c, up in between if up is not None}
    chains: list[tuple[Func, Func | None, list[Func]]] = [(holder, None, [])]
    if len(callers) == 1:
        chains.append((callers[0], holder, []))
    elif between and len(outer) == 1 and all(up is not None for _c, up in between):
        chains.append((next(iter(outer.values())), holder, [c for c, _up in between]))
    for target, helper, via in chains:
        for t in threads:
            v = t.kwargs.get("target") if t.callee == "threading.Thread" else (t.args[1] if len(t.args) > 1 else t.kwargs.get("function"))
            if v is not None and _names_func(v, target, funcs[t.func]):
                return t, target, funcs[t.func], helper, via
    return None


def _threads(calls: list[Call]) -> list[Call]:
    """The file's ``threading.Thread`` / ``Timer`` calls made in a function."""
    return [t for t in calls if t.callee in ("threading.Thread", "threading.Timer") and t.func]


def _names(funcs: list[Func]) -> str:
    """``a``, ``a` or `b``, ``a`, `b` or `c``: the functions by name."""
    names = [f"`{f.name}`" for f in funcs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _untimed_join(ff: FileFacts, thread: Call) -> Call | None:
    """The ``t.join()`` with no timeout (nor ``timeout=None``) that the
    function starting ``thread`` makes, after it, on the name the thread is
    assigned to (open-interpreter's ``Browser.fast_search``: a thread for the
    search request, then ``response_thread.join()``): that function waits
    for the thread, so a hang there holds it too."""
    if not thread.assigned:
        return None
    for c in ff.calls:
        if (c.func == thread.func and c.line > thread.line and c.method == "join" and c.recv == thread.assigned
                and all(v.k == NULL for v in (*c.args, *c.kwargs.values()))
                and set(c.kwargs) <= {"timeout"} and len(c.args) <= 1):
            return c
    return None


def _loops_over(ff: FileFacts, target: Func, helper: Func | None, call: Call, via: list[Func] | None = None) -> bool:
    """The thread's target makes the request (or calls the helper making it)
    inside a ``while`` loop of its own: a worker that takes one job after
    another for as long as it lives, not a thread that makes one request.
    With functions ``via`` between the target and the helper, a loop of the
    target around a call of one of them, or a loop of one of them around its
    call of the helper (vllm's ``_report_continuous_usage``: `while True`,
    sleep ten minutes, send), counts the same."""
    if helper is None:
        return any(lo <= call.line <= hi for lo, hi in while_loops(ff, target.id))
    via = via or []
    inner = {f.name for f in via} or {helper.name}
    pairs = [(target, inner)] + [(f, {helper.name}) for f in via]
    return any(lo <= c.line <= hi for fn, names in pairs for lo, hi in while_loops(ff, fn.id)
               for c in ff.calls if c.func == fn.id and last_name(c.callee) in names)


def _names_func(v: Val, target: Func, starter: Func) -> bool:
    """``v`` is ``target``: the function itself, its name, or ``self.name``
    in a method of the target's own class."""
    if v.k == FN:
        return v.v == target.id
    if v.k != IDENT:
        return False
    return v.v == target.name or bool(target.cls) and starter.cls == target.cls and v.v == f"self.{target.name}"


def _sole_caller(project: Project, ff: FileFacts, fn: Func, funcs: dict[str, Func]) -> Func | None:
    """The one function of ``ff`` that makes every call of the undecorated
    ``fn``: no other file may name it, and ``fn`` is handed nowhere as a
    value (a callback run by something else)."""
    callers = _same_file_callers(project, ff, fn, funcs)
    return callers[0] if len(callers) == 1 else None


def _same_file_callers(project: Project, ff: FileFacts, fn: Func, funcs: dict[str, Func]) -> list[Func]:
    """The functions of ``ff`` that make every call of the undecorated
    ``fn`` (at most three): empty when another file may name it, ``fn`` is
    handed somewhere as a value (a callback run by something else), or a
    call of it is made outside a function."""
    if fn.decorators:
        return []
    named = (fn.name, f"self.{fn.name}")
    if any(v.k == IDENT and v.v in named for c in ff.calls for a in (*c.args, *c.kwargs.values()) for v in walk_vals(a)):
        return []
    holders = {c.func for c in ff.calls if last_name(c.callee) == fn.name}
    found = [funcs[h] for h in sorted(holders) if h in funcs]
    if not found or len(found) != len(holders) or len(found) > 3 or fn in found:
        return []
    if any(project.may_mention(g.path, fn.name) for g in project.files.values() if g is not ff and g.lang != "compose"):
        return []  # (asked last: it reads every other file's names)
    return found


def _import_time(project: Project, ff: FileFacts, call: Call) -> tuple[FileFacts, Call] | None:
    """(file, call) that runs a Python request when a module is imported: the
    request itself in module code, or the call in module code of the module
    function holding it when every project call of that function is such a
    call (assemblyline-ui's ``config.py`` runs ``load_openid_configuration``
    at line 142, whose ``requests.get`` has no timeout), in a module that
    another project module imports (a script run by its path is no import).
    Not under ``if __name__ == "__main__"`` (a script run by hand); None
    otherwise."""
    if ff.lang != "py":
        return None
    importers = importers_of(project)
    if not call.func:
        return (ff, call) if importers.get(ff.path) and not in_main_guard(ff, call.line) else None
    fn = project.func_of(ff, call)
    if fn is None or fn.cls or fn.parent or fn.decorators or fn.is_async:
        return None
    sites = call_sites(project, ff, fn)
    if not sites or any(c.func or g.lang != "py" or in_main_guard(g, c.line) or not importers.get(g.path) for g, c in sites):
        return None
    return sites[0]


@check("RS905")
def http_client_no_timeout(project: Project) -> Iterable[Hit]:
    # where a client another module makes without a timeout is made -> (the first
    # request's account of it, the requests through it): one finding there
    shared: dict[tuple[str, int], tuple[MadeWithout, list[Untimed]]] = {}
    for u in untimed_calls(project):
        if u.made is not None and u.made.path != u.ff.path:
            shared.setdefault((u.made.path, u.made.line), (u.made, []))[1].append(u)
            continue
        c = u.call
        msg, related = u.message, list(u.related)
        m = _WORKER_BLOCKED.search(msg)
        got = _thread_per_call(project, u.ff, c) if m is not None else None
        emit = _log_handler_emit(project, u.ff, c) if m is not None and got is None else None
        loop = coroutine_running(project, u.ff, project.func_of(u.ff, c)) if m is not None and got is None and emit is None else None
        at_import = _import_time(project, u.ff, c) if m is not None and got is None and emit is None and loop is None else None
        group = (serving_group(project, u.ff, c.func) if m is not None and got is None and emit is None and loop is None and at_import is None
                 and u.ff.lang == "py" and c.func else None)
        if m is not None and emit is not None:
            # no worker of a server: every logging call that reaches the handler makes the request
            twisted = (" (in this Twisted program, logging from a protocol or service does it on the reactor thread, "
                       "so every connection the process serves waits with it)"
                       if any(mod.split(".", 1)[0] == "twisted" for mod in u.ff.modules) else "")
            msg = (msg[:m.start()] + f"blocks the code that logs: `{emit.cls}.emit` is a logging handler, run in the thread of each "
                   f"logging call that reaches it, so every such call hangs{twisted} until the process is restarted" + msg[m.end():])
        elif m is not None and loop is not None:
            # one thread runs every coroutine: the whole process stops at once, whatever the load
            lff, coro = loop
            where = "" if coro is project.func_of(u.ff, c) else f" (it is called from the coroutine {func_label(lff, coro)}, {lff.path}:{coro.line})"
            msg = (msg[:m.start()] + f"blocks the event loop{where}: every coroutine of the process (each connection, request or task "
                   "it serves) waits with it until the process is restarted" + msg[m.end():])
            related.append(Related(lff.path, coro.line, f"coroutine {func_label(lff, coro)} runs it on the event loop"))
        elif m is not None and group is not None:
            # click runs a group's code before each of its commands: the serving one waits behind it
            gff, gfn, sub = group
            msg = (msg[:m.start()] + f"hangs the start-up of the service: click runs the group `{gfn.name}` ({gff.path}:{gfn.line}) "
                   f"before each of its commands, `{sub}` (which starts the server) among them, and it makes this request, so the "
                   "service never comes up until the process is restarted" + msg[m.end():])
            if gff.path != u.ff.path or gfn.line != c.line:
                related.append(Related(gff.path, gfn.line, f"click group `{gfn.name}`, run before its command `{sub}`"))
        elif m is not None and at_import is not None:
            # the request runs while a module is imported: whatever imports it hangs there, whatever the load
            sff, site = at_import
            holder = project.func_of(u.ff, c)
            how = ("the request runs in its module code" if site is c or holder is None
                   else f"`{holder.name}` sends the request and the module calls it at line {site.line}")
            msg = (msg[:m.start()] + f"hangs the import of `{sff.path}`: {how}, as it is imported, so every process that imports the "
                   "module stops there until it is restarted (a service that imports it at start-up never comes up)" + msg[m.end():])
            if site is not c:
                related.append(Related(sff.path, site.line, "called here when the module is imported"))
        elif m is not None and got is not None:
            # the request's worker goes on; the thread started for each call hangs, and they pile up
            t, target, starter, helper, via = got
            through = (f" (which calls `{helper.name}`)" if helper is not None and not via else
                       f" (which calls `{helper.name}` through {_names(via)})" if helper is not None else "")
            # a Timer runs its function only when it fires: one the starter cancels first
            # (dtale's reaper, restarted on every request) runs nothing
            each = ("for each of these timers that fires" if t.callee == "threading.Timer"
                    else f"each time `{starter.name}` runs")
            joined = _untimed_join(u.ff, t)
            if joined is not None:
                # the starter waits for the thread: the hang holds it, nothing piles up
                msg = (msg[:m.start()] + f"{m.group(0)}: `{starter.name}` sends it from the thread that `{t.callee}` (line {t.line}) "
                       f"starts to run `{target.name}`{through}, then waits for that thread with `{joined.callee}()` and no timeout "
                       f"(line {joined.line}), so it hangs along with it" + msg[m.end():])
                related.append(Related(u.ff.path, joined.line, f"`{starter.name}` waits here for the thread, with no timeout"))
            elif t.callee == "threading.Thread" and _loops_over(u.ff, target, helper, c, via):
                # a long-lived worker taking one job after another (invokeai's download queue:
                # `_start_workers` starts a fixed pool once): it stalls, it does not pile up
                msg = (msg[:m.start()] + f"hangs for good the worker thread that `{t.callee}` in `{starter.name}` (line {t.line}) starts "
                       f"to run `{target.name}`{through}: that worker takes no more work, and once every such worker is stuck the same "
                       "way, nothing they serve is processed until the process is restarted" + msg[m.end():])
            else:
                msg = (msg[:m.start()] + f"hangs for good the thread that `{t.callee}` in `{starter.name}` (line {t.line}) starts to run "
                       f"`{target.name}`{through}: one more such thread, holding a socket, {each}, piling up while the upstream hangs"
                       + msg[m.end():])
            related.append(Related(u.ff.path, t.line, f"thread started here for `{target.name}`"))
        caught = _caught_timeout(u.ff, c) if u.lib == "requests" and "timeout" not in c.kwargs else None
        if caught is not None:
            line, exc = caught
            msg += (f"; the `except {exc}` on line {line} never sees that hang: requests raises its Timeout only when a "
                    "timeout is given")
            related.append(Related(u.ff.path, line, f"`{exc}` caught here, never raised without a timeout"))
        yield Hit("RS905", u.ff.path, c.line, msg, column=c.col, end_line=c.end_line, end_column=c.end_col,
                  related=related, anchor=u.anchor)
    for _where, (made, users) in sorted(shared.items(), key=lambda kv: kv[0]):
        yield _shared_client_hit(project, made, users)


# what requests raises when a given timeout runs out (`requests.Timeout` is the same class)
_REQUESTS_TIMEOUTS = frozenset({"requests.exceptions.Timeout", "requests.Timeout", "requests.exceptions.ReadTimeout", "requests.ReadTimeout"})


def _caught_timeout(ff: FileFacts, call: Call) -> tuple[int, str] | None:
    """(line, exception) of an ``except`` of requests' Timeout around
    ``call``, in its own function (assemblyline-ui's OpenID discovery retries
    on ``requests.exceptions.Timeout`` around a ``requests.get`` given none):
    without a timeout the request never raises it; else None.  (Only for a
    call given no ``timeout=`` at all: one given a parameter may time out
    when a caller passes one.)"""
    for h in (ff.extra or {}).get("handlers") or ():
        if not isinstance(h, dict) or h.get("func", "") != call.func or not h.get("try_line", 0) <= call.line < h.get("line", 0):
            continue
        exc = next((t for t in h.get("types") or () if t in _REQUESTS_TIMEOUTS), None)
        if exc is not None:
            return int(h["line"]), exc
    return None


_SHOWN_USERS = 3


_LISTED_USERS = 20


def _shared_client_hit(project: Project, made: MadeWithout, users: list[Untimed]) -> Hit:
    """One finding for a client a module makes without a timeout and other
    modules send requests through, at the place it is made: the fix is
    there, and an exported instance may carry hundreds of requests (rsshub's
    got instance), which as that many findings would bury everything else."""
    path, line = made.path, made.line
    files = sorted({u.ff.path for u in users})
    examples = ", ".join(f"`{_shown(u.call)}()` in {u.ff.path}:{u.call.line}" for u in users[:_SHOWN_USERS])
    more = f" and {len(users) - _SHOWN_USERS:,} more" if len(users) > _SHOWN_USERS else ""
    n_req = f"{len(users):,} request{'s' if len(users) != 1 else ''}"
    n_files = f"{len(files):,} other module{'s' if len(files) != 1 else ''}"
    tail = users[0].message.split(": ", 1)[-1].replace("holds this request", "holds each such request")
    goes = "goes" if len(users) == 1 else "go"
    msg = f"{made.phrase}, and {n_req} in {n_files} {goes} through it with no timeout of their own ({examples}{more}): {tail}"
    related = [Related(u.ff.path, u.call.line, f"`{_shown(u.call)}()` goes through it with no timeout") for u in users[:_LISTED_USERS]]
    ff = project.files.get(path)
    at = next(iter(calls_at(ff, line)), None) if ff is not None else None
    lib = users[0].lib
    anchor = f"http:{lib}:made:{at.callee if at is not None else ''}:{at.assigned if at is not None else ''}"
    if at is None:
        return Hit("RS905", path, line, msg, related=related, anchor=anchor)
    return Hit("RS905", path, line, msg, column=at.col, end_line=at.end_line, end_column=at.end_col, related=related, anchor=anchor)


def _shown(c: Call) -> str:
    return f"{c.recv}.{c.method}" if c.recv and c.method else (c.callee.rsplit("/", 1)[-1] or c.callee)


__all__ = ["http_client_no_timeout"]
