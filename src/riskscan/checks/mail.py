"""Outgoing SMTP connections that can wait forever (RS907).

Python's ``smtplib`` opens its socket with the process-wide default timeout,
which is none unless ``socket.setdefaulttimeout`` sets one; Django's SMTP
backend hands ``EMAIL_TIMEOUT`` (default ``None``) to it.  A mail server that
accepts the connection and then stops answering holds the sender -- a request
sending a password-reset mail, a worker sending notifications -- forever.

Reported:

* ``smtplib.SMTP`` / ``SMTP_SSL`` / ``LMTP`` created with no ``timeout``
  (a ``timeout=`` keyword, a fourth positional argument, ``**kwargs`` or a
  ``.timeout`` set on the object before it connects count as one;
  ``timeout=None`` is reported as switching it off);
* a Django settings module that sets ``EMAIL_HOST`` when no settings module
  sets ``EMAIL_TIMEOUT`` (or sets it to ``None``) and the backend is Django's
  SMTP one (the default); a backend from the environment or a third-party one
  (anymail, django-ses, a Celery relay) is not judged.
* a Flask-Mail ``Mail()``: it opens ``smtplib.SMTP(server, port)`` with no
  timeout and has no setting for one (a project class built on it, with its
  own ``connect``, and Flask-Mailman, which passes ``MAIL_TIMEOUT``, are not
  judged).
* a pyramid_mailer mailer (``get_mailer()``) that sends with ``send`` or
  ``send_immediately``: repoze.sendmail's ``SMTPMailer`` opens
  ``smtplib.SMTP(host, port)`` with no timeout and no ``mail.*`` setting
  gives one (``send_to_queue`` only writes a maildir; a project that includes
  only ``pyramid_mailer.debug`` / ``.testing`` sends nothing).
* Twisted's ``SMTPSenderFactory`` / ``ESMTPSenderFactory`` created with no
  ``timeout`` (their protocol's idle timeout stays ``None``: no timeout
  checking), and ``twisted.mail.smtp.sendmail()``, which builds one with none;
  not when the module, or one importing it, bounds some Deferred
  (``addTimeout``, ``timeout_deferred``...). A process-wide socket timeout
  does not bound Twisted's non-blocking sockets.

Not reported: a service that calls ``socket.setdefaulttimeout`` (smtplib,
Django, Flask-Mail and pyramid_mailer), code run by hand (commands, scripts), example projects, development settings
(``settings/dev.py``, ``local_settings.py``); aiosmtplib (60 s by default)
and nodemailer (finite connection, greeting and socket timeouts) are bounded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Container, Iterable

from ..facts import IDENT, NULL, OTHER, STR, Call, FileFacts, Func, Val
from ..model import Hit, Related
from . import check
from ._cli import run_by_hand
from ._compose_model import dev_named_file
from ._httpclients import bounds_deferreds, never_named, service_root, socket_timeout_services
from ._memo import methods_of
from ._reach import coroutine_running, func_label
from ._resolve import last_name, module_and_attr
from ._services import django_project, is_demo_path

if TYPE_CHECKING:
    from ..project import Project

_SMTP_CLASSES = ("smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP")
_DJANGO_BACKENDS = "django.core.mail.backends."
_DJANGO_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_SETTINGS_NAMES = ("INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "ROOT_URLCONF", "DATABASES", "WSGI_APPLICATION")


def _timeout_state(project: Project, ff: FileFacts, call: Call) -> str:
    """'set' | 'absent' | 'none' for an smtplib constructor call."""
    if "**" in call.kwargs or any(a.k == OTHER and a.v.startswith("*") for a in call.args) or len(call.args) > 3:
        return "set"  # (SMTP's fourth positional parameter is its timeout; LMTP's and SMTP_SSL's are other options)
    v = call.kwargs.get("timeout")
    if v is None:
        return "set" if not call.args and call.assigned and f"{last_name(call.assigned)}.timeout" in ff.attrs else "absent"
    return "none" if project.resolve(ff, v).k == NULL else "set"


# what a connection check does with the connection: greet, maybe sign in or switch to TLS, close
_GREETINGS = ("ehlo", "helo", "ehlo_or_helo_if_needed", "noop", "has_extn", "starttls", "login", "set_debuglevel", "quit", "close")


def _greets_only(project: Project, ff: FileFacts, call: Call) -> list[str] | None:
    """The methods (in call order, once each) that the function creating the
    connection calls on it, when it only greets the server and closes the
    connection itself -- a check that a server answers (canaille's
    ``default_smtp_config``: ``conn = smtplib.SMTP("localhost", 25)``,
    ``conn.ehlo()``, ``conn.quit()``), sending no mail and handing the
    connection to nothing; else None."""
    name = call.assigned
    if not name or "." in name or not call.func:
        return None
    used: list[str] = []
    for c in project.calls_in(ff, call.func):
        if c is call:
            continue
        if any(v.v == name for v in [*c.args, *c.kwargs.values()] if v.k == IDENT):
            return None  # handed on: its user may send
        if c.recv != name:
            continue
        if c.method not in _GREETINGS:
            return None
        if c.method not in used:
            used.append(c.method)
    return used if "quit" in used or "close" in used else None


def _covered(project: Project, ff: FileFacts, services: set[str | None]) -> bool:
    return service_root(project, ff) in services


def untimed_constructions(project: Project, ff: FileFacts, classes: Container[str],
                          timeout_state: Callable[[Project, FileFacts, Call], str]) -> Iterable[tuple[Call, str, str]]:
    """(call, 'absent' | 'none', what the message says it is) for each call in
    ``ff`` constructing one of ``classes`` whose ``timeout_state`` is not 'set',
    outside code run by hand and functions nothing names (RS907, RS908)."""
    for call in ff.calls:
        if call.callee not in classes:
            continue
        state = timeout_state(project, ff, call)
        if state == "set" or run_by_hand(project, ff, call.func) or never_named(project, ff, call.func):
            continue
        named = _constructor_named(call)
        what = f"{named} is created with `timeout=None`" if state == "none" else f"{named} is created without a timeout"
        yield call, state, what


def _constructor_named(call: Call) -> str:
    """How a message names the class a call constructs: ``smtplib.SMTP()``;
    for a call through a local name (``socket_func = smtplib.SMTP``, then
    ``socket_func(host)``) that name and the class it holds there, for one
    through a member of ``self`` (``self.smtp_class(host)``) the member and the
    class its class gives it; for a call
    made straight on a conditional expression (``(smtplib.SMTP_SSL if secure
    else smtplib.SMTP)(host)``) the first arm and the choice."""
    head = call.text.split("(", 1)[0].strip()
    if not head:
        return f"`{call.callee}()` (or the other class the conditional expression picks)"
    if from_table(call):
        # `mail_defaults[box_type][encryption]["init"](host, port)`: django-helpdesk's process_queue
        return f"`{head}()` (`{call.callee}` or another class its table holds)"
    if "." not in head and last_name(head) != last_name(call.callee):
        return f"`{head}()` (a name for `{call.callee}`)"
    if head.startswith(("self.", "cls.")) and head.count(".") == 1 and last_name(head) != last_name(call.callee):
        # `self.smtp_class = smtplib.SMTP_SSL` (or smtplib.SMTP) in one method, `self.smtp_class(host)` in another
        return f"`{head}()` (a member its class sets to `{call.callee}`)"
    return f"`{call.callee}()`"


def from_table(call: Call) -> bool:
    """A class called as an entry of a table (``defaults[kind]["init"](host)``)."""
    return call.text.split("(", 1)[0].strip().endswith("]")


def on_event_loop(project: Project, ff: FileFacts, fn: Func | None) -> bool:
    """A blocking call in a coroutine, in a plain function only coroutines
    call (:func:`_reach.coroutine_running`: aiosmtpd's ``Proxy._deliver``,
    called from ``async def handle_DATA``), or in a Twisted module stops the
    whole event loop (sydent's sendEmail) -- unless it is in a method that its
    class runs beside the reactor, not on it (:func:`_beside_the_reactor`)."""
    if fn is not None and coroutine_running(project, ff, fn) is not None:
        return True
    if not any(m == "twisted" or m.startswith("twisted.") for m in ff.modules):
        return False
    return fn is None or not _beside_the_reactor(project, ff, fn)


def event_loop_blocked(project: Project, ff: FileFacts, fn: Func | None) -> tuple[str, list[Related]] | None:
    """What a message says a blocking connection made in ``fn`` blocks when
    that is the event loop (:func:`on_event_loop`), naming the coroutine
    that calls ``fn`` (and giving it as ``related``) when ``fn`` is a plain
    helper; None when it is not on the event loop."""
    if not on_event_loop(project, ff, fn):
        return None
    coro = coroutine_running(project, ff, fn)
    if coro is None or coro[1] is fn:
        return "the event loop, and with it every request this process serves,", []
    g, f = coro
    return (f"the event loop (it is called from the coroutine {func_label(g, f)}, {g.path}:{f.line}), and with it every "
            f"request this process serves,", [Related(g.path, f.line, f"coroutine {func_label(g, f)} runs it on the event loop")])


_REACTOR_RUN = "twisted.internet.reactor.run"


def _beside_the_reactor(project: Project, ff: FileFacts, fn: Func) -> bool:
    """``fn`` is (or is nested in) a method of a class that starts the Twisted
    reactor in another of its methods, and neither that method -- with the
    protocols and callbacks defined inside it -- nor a method of the class it
    reaches calls ``fn``'s method or hands it on: the class runs it beside the
    reactor, not on it (honeypots' ``test_server()`` self-checks, sibling to a
    ``server_main()`` that ends in ``reactor.run()``)."""
    top = project.scopes(ff, fn.id)[-1]
    if not top.cls or top.parent:
        return False
    methods = {f.name: f for f in methods_of(ff, top.cls) if not f.parent}
    reached = [m for m in methods.values() if any(c.callee == _REACTOR_RUN for c in project.calls_in(ff, m.id))]
    if not reached or top in reached:
        return False
    names = {m.name for m in reached}
    todo = list(reached)
    while todo:
        for c in project.calls_in(ff, todo.pop().id):
            # `self.log(...)`, `_q_s.log(...)` from a protocol; `reactor.callLater(1, self.check)` hands one on
            used = {c.method} | {last_name(v.v) for v in [*c.args, *c.kwargs.values()] if v.k == IDENT}
            for name in used & methods.keys() - names:
                names.add(name)
                todo.append(methods[name])
    return top.name not in names


def _smtplib_hits(project: Project, files: list[FileFacts], services: set[str | None]) -> Iterable[Hit]:
    for ff in files:
        if not any(m == "smtplib" for m in ff.modules) or _covered(project, ff, services):
            continue
        for call, _state, what in untimed_constructions(project, ff, _SMTP_CLASSES, _timeout_state):
            fn = project.func_of(ff, call)
            on_loop = event_loop_blocked(project, ff, fn)
            probe = _greets_only(project, ff, call) if fn is not None and on_loop is None else None
            related: list[Related] = []
            if on_loop is not None:
                blocked, related = on_loop
            elif probe is not None and fn is not None:
                # canaille's default_smtp_config: `conn = smtplib.SMTP("localhost", 25); conn.ehlo(); conn.quit()`
                blocked = (f"`{fn.name}()`, a connection check that sends no mail (only "
                           f"{', '.join(f'`{m}()`' for m in probe)}), and whatever runs it,")
            else:
                blocked = "the request or worker sending this mail"
            yield Hit("RS907", ff.path, call.line,
                      f"{what}: smtplib then uses the process-wide socket timeout, which is none, so a mail server that accepts "
                      f"the connection and stops answering blocks {blocked} forever",
                      column=call.col, end_line=call.end_line, end_column=call.end_col, related=related,
                      anchor=f"smtp:{call.callee}:{func_label(ff, fn, with_line=False) if fn is not None else '-'}")


# the end of the message for a mail library that opens smtplib with no timeout and has no setting for one
_NO_SETTING_WAITS = ("smtplib then uses the process-wide socket timeout, which is none, so a mail server that accepts the "
                     "connection and stops answering blocks the request or worker sending the mail forever")


def _flask_mail_sends(project: Project, home: FileFacts, name: str) -> list[tuple[FileFacts, Call]]:
    """The ``send``/``send_message`` calls on the Flask-Mail instance that
    ``home`` binds to ``name`` at its top level: in ``home`` itself, or in a
    module that imports it (``from app import mailer``; ``mailer.send(msg)``)."""
    sends: list[tuple[FileFacts, Call]] = []
    for g in project.code_files():
        if g.lang != "py" or g.shallow:
            continue
        for c in g.calls:
            if c.method not in ("send", "send_message") or not c.recv or "." in c.recv:
                continue
            if g is home and c.recv == name:
                sends.append((g, c))
            elif c.recv in g.imports and (target := module_and_attr(project, g.imports[c.recv])) is not None \
                    and target[0] is home and target[1] == name:
                sends.append((g, c))
    return sends


def _flask_mail_hits(project: Project, files: list[FileFacts], services: set[str | None]) -> Iterable[Hit]:
    """Flask-Mail's ``Mail`` connects with ``smtplib.SMTP(server, port)`` (or
    ``SMTP_SSL``) and no timeout, and has no setting for one (0.9 and 0.10):
    every ``mail.send()`` waits as long as the mail server does."""
    for ff in files:
        if not any(m == "flask_mail" for m in ff.modules) or _covered(project, ff, services):
            continue
        for call in ff.calls:
            if call.callee != "flask_mail.Mail" or run_by_hand(project, ff, call.func) or never_named(project, ff, call.func):
                continue
            sends = _flask_mail_sends(project, ff, call.assigned) if call.assigned and not call.func else []
            where = f" (`{sends[0][1].recv}.{sends[0][1].method}()` at {sends[0][0].path}:{sends[0][1].line}" + (
                f" and {len(sends) - 1} more)" if len(sends) > 1 else ")") if sends else ""
            yield Hit("RS907", ff.path, call.line,
                      f"Flask-Mail's `Mail()` sends{where} through `smtplib.SMTP(MAIL_SERVER, MAIL_PORT)` (or `SMTP_SSL`) opened "
                      f"with no timeout, and Flask-Mail has no setting for one: {_NO_SETTING_WAITS}",
                      column=call.col, end_line=call.end_line, end_column=call.end_col,
                      related=[Related(g.path, c.line, "mail sent here") for g, c in sends[:3]],
                      anchor=f"smtp:flask_mail:{call.assigned or '-'}")


# pyramid_mailer's mailer methods that reach repoze.sendmail's SMTPMailer
# (`send` at the transaction's commit, `send_immediately` at once)
_PYRAMID_SMTP_SENDS = ("send", "send_immediately")
# what `config.include()` takes for pyramid_mailer's mailers that send no mail
_PYRAMID_FAKE_MAILERS = ("pyramid_mailer.debug", "pyramid_mailer.testing")


def _pyramid_fake_mailers_only(project: Project, files: list[FileFacts]) -> bool:
    """Every ``config.include()`` of pyramid_mailer in the project names its
    debug or testing mailer (``config.include("pyramid_mailer.debug")``), and
    there is at least one: no mail reaches an SMTP server.  An include whose
    name is computed (``"pyramid_mailer" + (".debug" if debug else "")``) may
    pick the real one."""
    names = [project.resolve(ff, c.args[0]) for ff in files for c in ff.calls
             if c.method == "include" and c.args and "pyramid_mailer" in c.args[0].v]
    return bool(names) and all(v.k == STR and v.v in _PYRAMID_FAKE_MAILERS for v in names)


def _pyramid_mailer_hits(project: Project, files: list[FileFacts], services: set[str | None]) -> Iterable[Hit]:
    """pyramid_mailer's ``Mailer`` delivers through repoze.sendmail's
    ``SMTPMailer``, which connects with ``smtplib.SMTP(host, str(port))`` (or
    ``SMTP_SSL``) and no timeout; ``Mailer.from_settings`` reads no timeout
    setting.  Reported at each ``send``/``send_immediately`` on a mailer the
    same function gets from ``get_mailer()``, or on ``get_mailer(request)``
    itself."""
    if _pyramid_fake_mailers_only(project, files):
        return
    for ff in files:
        if "pyramid_mailer" not in ff.modules or _covered(project, ff, services):
            continue
        mailers = {(c.func, c.assigned) for c in ff.calls
                   if c.callee == "pyramid_mailer.get_mailer" and c.assigned and "." not in c.assigned}
        for call in ff.calls:
            on_mailer = (call.func, call.recv) in mailers or call.callee == f"pyramid_mailer.get_mailer().{call.method}"
            if call.method not in _PYRAMID_SMTP_SENDS or not on_mailer \
                    or run_by_hand(project, ff, call.func) or never_named(project, ff, call.func):
                continue
            fn = project.func_of(ff, call)
            yield Hit("RS907", ff.path, call.line,
                      f"pyramid_mailer's `{call.recv}.{call.method}()` delivers through repoze.sendmail's `SMTPMailer`, which "
                      f"opens `smtplib.SMTP(host, port)` (or `SMTP_SSL`) with no timeout, and pyramid_mailer has no `mail.*` "
                      f"setting for one: {_NO_SETTING_WAITS}",
                      column=call.col, end_line=call.end_line, end_column=call.end_col,
                      anchor=f"smtp:pyramid_mailer:{call.method}:{func_label(ff, fn, with_line=False) if fn is not None else '-'}")


# Twisted's SMTP client factories -> the index of their positional `timeout`
# (None by default, which SMTPClient reads as "perform no timeout checking")
_TWISTED_FACTORIES = {"twisted.mail.smtp.SMTPSenderFactory": 5, "twisted.mail.smtp.ESMTPSenderFactory": 7}
# builds an ESMTPSenderFactory with no timeout and takes none itself
_TWISTED_SENDMAIL = "twisted.mail.smtp.sendmail"


def _twisted_timeout(project: Project, ff: FileFacts, call: Call) -> str:
    """'set' | 'absent' | 'none' for a Twisted SMTP sender factory: a
    ``timeout=`` keyword, the positional one, ``**kwargs``/``*args``, or a
    ``.timeout`` set on the factory afterwards (``buildProtocol`` reads it)."""
    if "**" in call.kwargs or any(a.k == OTHER and a.v.startswith("*") for a in call.args):
        return "set"
    at = _TWISTED_FACTORIES[call.callee]
    v = call.kwargs.get("timeout") or (call.args[at] if len(call.args) > at else None)
    if v is None:
        return "set" if call.assigned and f"{last_name(call.assigned)}.timeout" in ff.attrs else "absent"
    return "none" if project.resolve(ff, v).k == NULL else "set"


def _twisted_hits(project: Project, files: list[FileFacts]) -> Iterable[Hit]:
    """``ESMTPSenderFactory(user, secret, sender, to, msg, d)`` connected with
    ``endpoint.connect(factory)``: Twisted's SMTP client never times out a
    server that stops answering unless the factory gives a ``timeout``, so the
    send's Deferred -- and the request or job awaiting it -- waits forever."""
    for ff in files:
        if not any(m == "twisted.mail" or m.startswith("twisted.mail.") for m in ff.modules):
            continue
        for call in ff.calls:
            if call.callee in _TWISTED_FACTORIES:
                state = _twisted_timeout(project, ff, call)
                short = call.callee.rsplit(".", 1)[-1]
                what = (f"`{short}()` is created with `timeout=None`" if state == "none"
                        else f"`{short}()` is created without a timeout")
                fix = "pass `timeout=seconds`"
            elif call.callee == _TWISTED_SENDMAIL:
                state, what = "absent", "`sendmail()` (twisted.mail.smtp) builds its ESMTPSenderFactory without a timeout and takes none"
                fix = "bound the Deferred it returns with `.addTimeout(seconds, reactor)`, which aborts the connection"
            else:
                continue
            if state == "set" or run_by_hand(project, ff, call.func) or never_named(project, ff, call.func) or bounds_deferreds(project, ff):
                continue
            fn = project.func_of(ff, call)
            yield Hit("RS907", ff.path, call.line,
                      f"{what}: Twisted's SMTP client then does no timeout checking, so a mail server that accepts the connection "
                      "and stops answering holds this send's Deferred and its connection, and the request or job awaiting it, "
                      f"forever ({fix})",
                      column=call.col, end_line=call.end_line, end_column=call.end_col,
                      anchor=f"smtp:{call.callee}:{func_label(ff, fn, with_line=False) if fn is not None else '-'}")


def _settings_module(ff: FileFacts) -> bool:
    return "settings" in ff.path.lower() or any(n in ff.consts for n in _SETTINGS_NAMES)


def _backend_values(ff: FileFacts) -> list[Val]:
    """What a module assigns to ``EMAIL_BACKEND`` at its top level (an opaque value for a call's result)."""
    got = [ff.consts["EMAIL_BACKEND"]] if "EMAIL_BACKEND" in ff.consts else []
    got += [Val(OTHER, c.callee, line=c.line) for c in ff.calls if not c.func and c.assigned == "EMAIL_BACKEND"]
    return got


def _framework_defaults(path: str) -> bool:
    """Django's own defaults (``django/conf/global_settings.py``): every setting's default, not a deployment's choice."""
    return path.endswith("django/conf/global_settings.py")


def _timeout_setting(project: Project, files: list[FileFacts]) -> Val | None:
    """The ``EMAIL_TIMEOUT`` a settings module gives; an opaque value when some
    code sets or reads it otherwise (``setattr(settings, "EMAIL_TIMEOUT", 5)``,
    ``env.int("EMAIL_TIMEOUT")`` in a dict of settings)."""
    for ff in files:
        if "EMAIL_TIMEOUT" in ff.consts:
            return project.resolve(ff, ff.consts["EMAIL_TIMEOUT"])
    for ff in files:
        if any(a.endswith(".EMAIL_TIMEOUT") for a in ff.attrs) or any(not c.func and c.assigned == "EMAIL_TIMEOUT" for c in ff.calls) or any(
            a.k == STR and a.v == "EMAIL_TIMEOUT" for c in ff.calls for a in c.args
        ):
            return Val(OTHER, "EMAIL_TIMEOUT")
    return None


def _django_hits(project: Project, files: list[FileFacts], services: set[str | None]) -> Iterable[Hit]:
    if not django_project(project, files):
        return
    timeout = _timeout_setting(project, files)
    if timeout is not None and timeout.k != NULL:
        return
    backends = [(ff, project.resolve(ff, v)) for ff in files for v in _backend_values(ff)]
    if any(v.k != STR or not v.v.startswith(_DJANGO_BACKENDS) for _, v in backends):
        return  # a backend read from the environment, or another library's: not known to be smtplib
    hosts = [ff for ff in files if "EMAIL_HOST" in ff.consts and _settings_module(ff) and not dev_named_file(ff.path)
             and not is_demo_path(ff.path) and not _covered(project, ff, services)
             and not any(g is ff and v.v != _DJANGO_SMTP for g, v in backends)]
    if not hosts:
        return
    first, others = hosts[0], hosts[1:]
    line = first.consts["EMAIL_HOST"].line or 1
    why = "`EMAIL_TIMEOUT` is `None`" if timeout is not None else "no settings module sets `EMAIL_TIMEOUT`"
    yield Hit("RS907", first.path, line,
              f"Django sends mail through its SMTP backend to the `EMAIL_HOST` set here, and {why}: the backend's "
              "connection then has no socket timeout, so a mail server that stalls holds the request or worker sending a "
              "password-reset or notification mail forever",
              related=[Related(g.path, g.consts["EMAIL_HOST"].line or 1, "EMAIL_HOST also set here") for g in others[:3]],
              anchor="smtp:django:EMAIL_HOST")


@check("RS907")
def smtp_client_no_timeout(project: Project) -> Iterable[Hit]:
    files = [ff for ff in project.code_files() if ff.lang == "py" and not ff.shallow and not _framework_defaults(ff.path)]
    services = socket_timeout_services(project, files)
    judged = [ff for ff in files if not is_demo_path(ff.path)]
    yield from _smtplib_hits(project, judged, services)
    yield from _flask_mail_hits(project, judged, services)
    yield from _pyramid_mailer_hits(project, judged, services)
    yield from _twisted_hits(project, judged)
    yield from _django_hits(project, files, services)
