"""Requests bounded by a green-thread timeout (RS905).

eventlet and gevent run each request of a service in a green thread.
``with eventlet.Timeout(n):`` (or gevent's ``Timeout``) raises in that green
thread once n seconds have passed, but only at a point where the thread
yields to the hub.  A standard-library socket blocks the whole process
without yielding, so the timer never fires, unless the process is
monkey-patched: ``eventlet.monkey_patch()`` with sockets not left out, or
gevent's ``monkey.patch_all()`` / ``patch_socket()``.  A client from
``eventlet.green`` (its ``urllib``/``http.client`` twins) yields by itself.

``green_bounded(project, ff, call)``: the Python request ``call`` runs inside
a ``with`` block of its own function whose item is such a timeout (or a
project subclass of one, as OpenStack Swift's ``ConnectionTimeout``) with an
interval that is not ``None``, and either the call's service patches its
sockets somewhere or the client is a green one.  A ``Timeout()`` with no
interval, or ``Timeout(None)``, never fires.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..facts import BOOL, NULL, Call, FileFacts, Val
from ._memo import per_project
from ._resolve import with_calls_around
from ._routes import class_bases, project_class

if TYPE_CHECKING:
    from ..project import Project

_TIMEOUTS = frozenset({"eventlet.Timeout", "eventlet.timeout.Timeout", "gevent.Timeout", "gevent.timeout.Timeout"})
_EVENTLET_PATCH = frozenset({"eventlet.monkey_patch", "eventlet.patcher.monkey_patch"})
_GEVENT_PATCH_ALL = "gevent.monkey.patch_all"
_GEVENT_PATCH_SOCKET = "gevent.monkey.patch_socket"
_PATCH_NAMES = ("monkey_patch", "patch_all", "patch_socket")
_GREEN = "eventlet.green."


def _false(val: Val | None) -> bool:
    return val is not None and val.k == BOOL and val.v.lower() == "false"


def _true(val: Val) -> bool:
    return val.k == BOOL and val.v.lower() == "true"


def _patches_sockets(call: Call) -> bool:
    """A monkey-patching call that makes the standard socket module green.

    eventlet patches only the modules named true when any is, else every
    module not named false; gevent's ``patch_all`` patches sockets unless
    ``socket=False``.  Keywords from a ``**dict`` are taken as patching."""
    if call.callee in _EVENTLET_PATCH:
        if "**" in call.kwargs:
            return True
        if any(_true(v) for v in call.kwargs.values()):
            return _true(call.kwargs["socket"]) if "socket" in call.kwargs else False
        return not _false(call.kwargs.get("socket"))
    if call.callee == _GEVENT_PATCH_ALL:
        return not _false(call.kwargs.get("socket"))
    return call.callee == _GEVENT_PATCH_SOCKET


@per_project
def _patched_services(project: Project) -> frozenset[str | None]:
    """Roots of the services with a file that monkey-patches sockets."""
    out: set[str | None] = set()
    for ff in project.code_files():
        if ff.lang != "py":
            continue
        if ff.shallow:  # (patching is often all a module does: the prefilter left it unparsed)
            for name in _PATCH_NAMES:
                ff = project.full(ff, name, called=True)
                if not ff.shallow:
                    break
        if any(_patches_sockets(c) for c in ff.calls):
            svc = project.service_of(ff.path)
            out.add(svc.root if svc is not None else None)
    return frozenset(out)


def _is_green_timeout(project: Project, ff: FileFacts, callee: str, depth: int = 0) -> bool:
    """``callee`` is eventlet's or gevent's Timeout, or a project class derived from one."""
    if callee in _TIMEOUTS:
        return True
    if depth >= 3:
        return False
    home = project_class(project, ff, callee)
    if home is None:
        return False
    tf, cls = home
    return any(_is_green_timeout(project, tf, base, depth + 1) for base in class_bases(tf, cls))


def _interval(call: Call) -> bool:
    """The timeout is given seconds: a first argument (or ``seconds=``) that is not None."""
    val = call.args[0] if call.args else call.kwargs.get("seconds")
    return val is not None and val.k != NULL


def green_bounded(project: Project, ff: FileFacts, call: Call) -> bool:
    if ff.lang != "py" or not call.func:
        return False
    green = call.callee.startswith(_GREEN) or call.recv_type.startswith(_GREEN)
    for item in with_calls_around(ff, call):
        if not _interval(item) or not _is_green_timeout(project, ff, item.callee):
            continue
        if green:
            return True
        svc = project.service_of(ff.path)
        return (svc.root if svc is not None else None) in _patched_services(project)
    return False
