"""IMAP, POP3 and FTP connections that can wait forever (RS908).

Python's ``imaplib``, ``poplib`` and ``ftplib`` open their sockets with the
timeout they are given, and without one with the process-wide default, which
is none unless ``socket.setdefaulttimeout`` sets one.  A server that accepts
the connection and then stops answering holds the caller forever: a sign-in
checked against an IMAP server (an auth backend), a worker fetching a
mailbox, a job uploading to an FTP server.

Reported: ``imaplib.IMAP4`` / ``IMAP4_SSL``, ``poplib.POP3`` / ``POP3_SSL``
and ``ftplib.FTP`` / ``FTP_TLS`` created with no ``timeout`` (a ``timeout=``
keyword, a positional argument at or past the timeout's place, ``*args`` or
``**kwargs``, or a ``.timeout`` set on the object count as one;
``timeout=None`` is reported as switching it off).  An FTP object made with
no host connects later: it counts as timed when its ``connect()`` in the same
function is given one, or, held on ``self`` (also as a method of the class
returns it), when every ``connect()`` the class's methods run on it is.  imbox's ``Imbox`` (intelmq's mail collectors) takes
no timeout and opens imaplib's connection with none: it is reported unless
the service sets a process-wide one.

Not reported: a service that calls ``socket.setdefaulttimeout``, code run by
hand (commands, scripts), example projects, functions nothing names.  A
blocking connection in a coroutine or a Twisted module is said to block the
event loop, unless its class runs it beside the reactor (a method that the
class's reactor-running method neither calls nor hands on).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..facts import IDENT, NULL, OTHER, Call, FileFacts
from ..model import Hit
from . import check
from ._httpclients import service_root, socket_timeout_services
from ._reach import func_label, helper_funcs
from ._resolve import last_name
from ._routes import class_bases
from ._services import is_demo_path
from .mail import event_loop_blocked, from_table, untimed_constructions

if TYPE_CHECKING:
    from ..project import Project

# constructor -> (index of its timeout among the positional parameters, what it talks to)
_CLIENTS: dict[str, tuple[int, str]] = {
    "imaplib.IMAP4": (2, "an IMAP server"),
    "imaplib.IMAP4_SSL": (5, "an IMAP server"),  # (host, port, keyfile, certfile, ssl_context, timeout) before 3.12
    "poplib.POP3": (2, "a POP3 server"),
    "poplib.POP3_SSL": (4, "a POP3 server"),  # (host, port, keyfile, certfile, timeout, context) before 3.12
    "ftplib.FTP": (4, "an FTP server"),  # (host, user, passwd, acct, timeout)
    "ftplib.FTP_TLS": (7, "an FTP server"),  # (host, user, passwd, acct, keyfile, certfile, context, timeout) before 3.12
    # imbox's mailbox (up to 0.10.1) takes no timeout and opens imaplib's IMAP4_SSL / IMAP4 with none
    "imbox.Imbox": (99, "an IMAP server"),
    "imbox.imbox.Imbox": (99, "an IMAP server"),
}
_MODULES = frozenset(c.split(".", 1)[0] for c in _CLIENTS)
# libraries that open another one's connection for the caller, and what they open
_WRAPS = {"imbox": ("imaplib", "imbox accepts no timeout and opens imaplib's `IMAP4_SSL`/`IMAP4` with none")}


def _given(project: Project, ff: FileFacts, call: Call, place: int) -> str:
    """'set' | 'absent' | 'none': the timeout of a call whose positional timeout is at ``place``."""
    if "**" in call.kwargs or any(a.k == OTHER and a.v.startswith("*") for a in call.args) or len(call.args) > place:
        return "set"
    v = call.kwargs.get("timeout")
    if v is None:
        return "absent"
    return "none" if project.resolve(ff, v).k == NULL else "set"


def _timeout_state(project: Project, ff: FileFacts, call: Call) -> str:
    place = _CLIENTS[call.callee][0]
    state = _given(project, ff, call, place)
    if state != "absent":
        return state
    if call.assigned and f"{last_name(call.assigned)}.timeout" in ff.attrs:
        return "set"
    if call.callee.startswith("ftplib.") and not call.args and call.assigned and call.func:
        # `ftp = FTP(); ftp.connect(host, port, timeout)`: connect's own timeout (its third parameter)
        for c in project.calls_in(ff, call.func):
            if c.recv == call.assigned and c.method == "connect" and c.line >= call.line:
                return _given(project, ff, c, 2)
        return _connect_state_in_helpers(project, ff, call) or _connect_state_in_class(project, ff, call)
    return "absent"


def _connect_state_in_helpers(project: Project, ff: FileFacts, call: Call) -> str:
    """The timeout of the ``connect()`` calls that the functions of the same
    file a hostless FTP object is handed to run on the parameter receiving it
    (``with self.__ftp() as ftp: self.__connect(ftp)``, whose ``__connect(self,
    ftp)`` runs ``ftp.connect(host, port)``: thingsboard-gateway's FTP
    connector).  '' when no such ``connect()`` is found, 'set' only when
    every one is given a timeout."""
    states: list[str] = []
    for c in project.calls_in(ff, call.func):
        if c.line < call.line:
            continue
        places = [i for i, a in enumerate(c.args) if a.k == IDENT and a.v == call.assigned]
        for _tff, fn in helper_funcs(project, ff, c) if places else ():
            shift = 1 if fn.cls and fn.params[:1] in (["self"], ["cls"]) and c.method else 0
            params = [fn.params[i + shift] for i in places if i + shift < len(fn.params)]
            states += [_given(project, ff, k, 2) for k in project.calls_in(ff, fn.id)
                       if k.method == "connect" and k.recv in params]
    if not states:
        return ""
    return "absent" if "absent" in states else "none" if "none" in states else "set"


def _connect_state_in_class(project: Project, ff: FileFacts, call: Call) -> str:
    """The timeout of the ``connect()`` calls that the methods of the class
    making a hostless FTP object run on the attribute holding it:
    ``self.ftp = FTP()``, or ``self.con = self.make_connection()`` of a method
    that returns ``FTP()`` (lektor's publisher connects in another method), in
    the class or a base class of the same file.
    'set' only when every such ``connect()`` is given one."""
    funcs = project.funcs(ff)
    fn = funcs.get(call.func)
    if fn is None or not fn.cls:
        return "absent"
    family = {fn.cls}
    for _ in range(3):  # the class and its ancestors of the same file (lektor's FtpTlsConnection)
        family |= {b for c in family for b in class_bases(ff, c) if "." not in b}
    methods = {f.id for f in funcs.values() if f.cls in family}
    holders = {call.assigned} if call.assigned.startswith("self.") else set()
    if call.assigned == "return":
        holders = {c.assigned for c in ff.calls
                   if c.func in methods and c.recv == "self" and c.method == fn.name and c.assigned.startswith("self.")}
    states = [_given(project, ff, c, 2) for c in ff.calls
              if c.func in methods and c.method == "connect" and c.recv in holders]
    if not states or "absent" in states:
        return "absent"
    return "none" if "none" in states else "set"


@check("RS908")
def imap_pop_ftp_no_timeout(project: Project) -> Iterable[Hit]:
    files = [ff for ff in project.code_files() if ff.lang == "py" and not ff.shallow and any(m in _MODULES for m in ff.modules)]
    if not files:
        return
    services = socket_timeout_services(project, [ff for ff in project.code_files() if ff.lang == "py" and not ff.shallow])
    for ff in files:
        if is_demo_path(ff.path) or service_root(project, ff) in services:
            continue
        for call, _state, what in untimed_constructions(project, ff, _CLIENTS, _timeout_state):
            server = _CLIENTS[call.callee][1]
            module = call.callee.split(".", 1)[0]
            uses = module
            if module in _WRAPS:
                module, opens = _WRAPS[module]
                uses = module
                what = f"{what} ({opens})"
            elif from_table(call):
                # the table may mix imaplib's and poplib's classes (django-helpdesk's mail_defaults)
                uses = "the class"
                server = "a mail server" if call.callee.startswith(("imaplib.", "poplib.")) else server
            fn = project.func_of(ff, call)
            blocked, related = event_loop_blocked(project, ff, fn) or ("the request or worker that opened it", [])
            yield Hit("RS908", ff.path, call.line,
                      f"{what}: {uses} then uses the process-wide socket timeout, which is none, so {server} that accepts "
                      f"the connection and stops answering blocks {blocked} forever",
                      column=call.col, end_line=call.end_line, end_column=call.end_col, related=related,
                      anchor=f"{module}:{call.callee}:{func_label(ff, fn, with_line=False) if fn is not None else '-'}")
