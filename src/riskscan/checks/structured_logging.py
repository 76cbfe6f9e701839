"""RS902 unstructured-logging: a service that logs through ``console.*`` (JS) or
``print`` (Python) and through no logging library.

Project-level: one finding per service (``_services.units``) that runs a
server or a worker, at its entry point.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..facts import ARR, BOOL, CALL, IDENT, NUM, OBJ, OTHER, STR, TMPL, Call, FileFacts, Val
from ..frontends._assigns import LOGGER_MEMBER
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import check
from ._cli import command_output, one_off_file
from ._iobroker import adapter_log_calls
from ._longrun import importers_of, is_script, long_running
from ._memo import per_file
from ._routes import is_mock
from ._resolve import py_modules
from ._services import (
    Entry,
    Unit,
    entry_point,
    find_module,
    imported_by_service,
    is_browser,
    one_off_path,
    units,
    uses_dependency,
)
from ._text import capitalized


JS_LOGGERS = (
    "pino", "pino-http", "winston", "bunyan", "log4js", "consola", "loglevel", "signale", "tslog", "roarr", "nestjs-pino",
    "@google-cloud/logging", "@google-cloud/logging-winston", "@google-cloud/logging-bunyan", "express-winston", "koa-pino-logger",
    "hapi-pino", "@aws-lambda-powertools/logger", "electron-log", "@logtail/", "@axiomhq/", "loglayer", "@opentelemetry/api-logs",
    "@nestjs/common.Logger", "@nestjs/common.ConsoleLogger", "@nestjs/common.LoggerService", "@sentry/node.logger", "log4js-node", "npmlog",
    "simple-node-logger", "@elastic/ecs-pino-format", "@elastic/ecs-winston-format", "fastify.FastifyBaseLogger", "@hapi/good",
    "modern-syslog", "syslog-client", "node-syslog", "ain2", "winston-syslog", "systemd-journald",
)


# the JS loggers that are a module's member (`@nestjs/common.Logger`), and their methods' prefix
_MEMBER_LOGGERS = frozenset(n for n in JS_LOGGERS if "." in n)


_MEMBER_LOGGER_METHODS = tuple(f"{n}." for n in _MEMBER_LOGGERS)


PY_LOGGERS = ("logging", "structlog", "loguru", "logbook", "eliot", "picologging", "pythonjsonlogger", "aws_lambda_powertools", "json_logging", "twiggy",
              # Twisted's logging system: levelled, timestamped events (twisted.logger) and the legacy log.msg/log.err
              "twisted.logger", "twisted.python.log",
              # OpenStack's oslo.log (``from oslo_log import log as logging``): stdlib logging with levels,
              # request ids from oslo.context and a JSON formatter; its other modules (versionutils) log nothing
              "oslo_log.log")


_CONSOLE = ("log", "info", "warn", "error", "debug", "trace")


_LEVELS = frozenset({"trace", "debug", "info", "warn", "warning", "error", "exception", "critical", "fatal"})


# framework loggers: Flask/Quart ``app.logger`` (stdlib logging), fastify / pino-http ``request.log``,
# ThinkJS's global ``think.logger`` (think-logger3 over log4js, set by the app's logger adapter)
_FRAMEWORK_LOGGER = lazy_re(r"(^|\.)(app|current_app)\.logger$|^(request|req|reply|fastify|server|app)\.log$|^think\.logger$")


_CLI_MODULES = ("click", "typer", "argparse", "fire", "docopt", "optparse", "cleo", "plac")


# print(), and print() spelled otherwise: free text written to stderr (datasette prints a
# failed request's traceback with traceback.print_exc() and reports a failed
# CSV stream with sys.stderr.write); stdout writes may be a protocol (stdio
# servers), not a log, and are left alone
_PY_CONSOLE = frozenset({"print", "sys.stderr.write", "traceback.print_exc", "traceback.print_exception"})


def _console_calls(project: Project, unit: Unit, entry: Entry, running: dict) -> list[tuple[FileFacts, Call]]:
    out: list[tuple[FileFacts, Call]] = []
    for ff in unit.files:
        if ff.shallow:
            continue  # no calls: _file_console_calls is empty
        if ff is not entry.ff and (_one_off(project, unit, ff) or is_mock(ff) or is_browser(project, ff) or ff.path not in running):
            continue
        if ff.lang == "py" and ff is not entry.ff and _cli_program(project, ff):
            continue
        # (the answer a Node command-line command such as `add <user>` prints on the
        # operator's terminal is no log of the service: printing is its interface)
        out.extend((ff, c) for c in _file_console_calls(project, ff) if not command_output(project, ff, c.func))
    return out


def _one_off(project: Project, unit: Unit, ff: FileFacts) -> bool:
    """A one-off program of the service (``scripts/``, ``seed.js``), whose console
    lines are no service logs; not a module only its name makes one (parse-dashboard's
    ``browser-control/setup.js``) that the service's own code imports
    (:func:`one_off_path`): it runs inside the server and logs there."""
    return unit.is_script(ff.path) and one_off_path(project, ff.path)


@per_file
def _cli_program(project: Project, ff: FileFacts) -> bool:
    """A Python file that looks like a one-off or command-line program, or is
    one by :func:`one_off_file` (also a command the package installs,
    ``[project.scripts]``/``console_scripts``, that serves nothing and no
    other file imports: octavia's ``amphora-interface``)."""
    return is_script(ff) or find_module([ff], _CLI_MODULES) is not None or one_off_file(project, ff)


@per_file
def _file_console_calls(project: Project, ff: FileFacts) -> list[Call]:
    """The file's ``print()`` calls outside ``__main__`` guards (Python) or
    ``console.*`` calls (JS/TS), none when the file defines its own."""
    if ff.lang == "py":
        if "print" in ff.imports or any(f.name == "print" and not f.cls for f in ff.funcs):
            return []
        guards = [(int(g[0]), int(g[1])) for g in (ff.extra.get("main_guard", []) if ff.extra else []) if isinstance(g, list) and len(g) == 2]
        return [c for c in ff.calls if c.callee in _PY_CONSOLE and not any(a <= c.line <= b for a, b in guards)]
    if "console" in ff.imports:
        return []
    exits = [(c.func, c.line) for c in ff.calls if c.callee == "process.exit" and (not c.args or (c.args[0].k == NUM and c.args[0].v == "0"))]
    return [c for c in ff.calls if ((c.recv == "console" and c.method in _CONSOLE and c.callee == f"console.{c.method}")
            # `console.log.apply(console, args)`, `console.log.bind(console)`: wrappers that still write plain text
            or (c.method in ("apply", "call", "bind") and c.recv.startswith("console.") and c.recv[8:] in _CONSOLE and c.callee == f"{c.recv}.{c.method}"))
            and not _screen_then_exit(c, exits) and not _screen_then_return(c) and not _exits_first(c)] + _console_refs(ff)


def _console_refs(ff: FileFacts) -> list[Call]:
    """Console methods handed on to be called under another name (``logger =
    { info: console.log }``, ``const log = console.error``), as calls of
    their own: every line logged through that name is plain console text."""
    refs = ff.extra.get("console_refs") if ff.extra else None
    return [Call(callee=f"console.{r[2]}", method=str(r[2]), recv="console", line=int(r[0]), col=int(r[1]), end_line=int(r[0]), text=_REF)
            for r in refs or () if isinstance(r, list) and len(r) == 3 and r[2] in _CONSOLE]


# the text of a console method handed on (see _console_refs): it is no call
_REF = "(handed on)"


def _screen_then_exit(c: Call, exits: list[tuple[str, int]]) -> bool:
    """``console.log`` lines of a ``--help`` / ``--version`` screen: the same
    function ends the process normally (``process.exit()`` / ``exit(0)``)
    a few lines after the call ends (a long usage text is one call over
    many lines: http-server's bin/http-server)."""
    return c.method in ("log", "info") and any(f == c.func and 0 < line - max(c.line, c.end_line) <= 40 for f, line in exits)


def _exits_first(c: Call) -> bool:
    """A console call one of whose arguments is ``process.exit(...)``
    (``console.log(process.exit(1))``, ``.catch(err => console.error(process.exit(1), err))``):
    the arguments are evaluated before the call, so the process ends first and
    the line is never written."""
    return any(a.k == CALL and a.v == "process.exit" for a in c.args)


def _screen_then_return(c: Call) -> bool:
    """``return console.log(usage)`` at the top level of a CommonJS module: the
    module stops right there, before it starts anything, so the lines are a
    ``--help`` screen (dynalite's cli.js), not a log.  A ``return`` of a console
    call inside a function is logging like any other call."""
    return c.method in ("log", "info") and not c.func and c.assigned == "return"


# a line that opens with the current time: `${new Date().toISOString()} ...`,
# f"[{datetime.now():%X}] ...", f"{time.strftime('%X')} ..."
_STAMPED = lazy_re(r"^\s*\[?(?:\$\{\s*(?:new\s+)?Date\(\)|\{\s*(?:datetime\.){1,2}(?:utc)?now\(|\{\s*time\.(?:strftime|asctime|ctime)\()")


def _stamped(c: Call) -> bool:
    """The line is a template that starts with the current time, stamped by
    hand (bittorrent-tracker's bin/cmd.js: ``${new Date().toISOString()} ERROR: ...``)."""
    return bool(c.args) and c.args[0].k == TMPL and _STAMPED.match(c.args[0].v) is not None


def _structured(c: Call) -> bool:
    """``console.log(JSON.stringify({...}))`` / ``print(json.dumps({...}))``: structured by hand."""
    return bool(c.args) and c.args[0].k == CALL and c.args[0].v in ("JSON.stringify", "json.dumps", "orjson.dumps", "ujson.dumps")


def _has_logger(project: Project, unit: Unit, entry: Entry) -> bool:
    if uses_dependency(project, unit, [n for n in JS_LOGGERS if "." not in n]):
        return True
    if any(_logs_with_library(ff) or _py_package_logger(project, ff) for ff in unit.files):
        return True
    if any(_own_logger(ff) for ff in unit.files if not ff.shallow and _serves_the_service(project, unit, entry, ff)):
        return True
    if any(_logger_member(ff) for ff in unit.files if ff.lang != "py" and not ff.shallow):
        return True
    if any(_installs_logging_plugin(ff) for ff in unit.files if ff.lang != "py" and not ff.shallow):
        return True  # ssb-server's `.use(require('ssb-logging'))`: the server's log events, printed by level
    if any(c.callee.startswith("sails.log.") for ff in unit.files if ff.lang != "py" for c in ff.calls):
        return True  # a Sails app's own levelled logger (sails.log.info(...), configured in config/log.js)
    if any(c.method in _LEVELS for ff in unit.files if ff.lang != "py" and not ff.shallow for c in adapter_log_calls(project, ff)):
        return True  # an ioBroker adapter's levelled logger (this.log.info(...)), which its adapter class gives it
    # `import logging` is in most Python modules, so it is no trigger token: the
    # service's unparsed Python modules are parsed on demand, only here (a
    # service that prints and shows no logger so far), likeliest first
    shallow = [ff for ff in unit.files if ff.lang == "py" and ff.shallow]
    shallow.sort(key=lambda ff: (not _LOGGER_HOME.search(ff.path.rsplit("/", 1)[-1]), ff.path))
    return any(_logs_with_library(full) or _py_package_logger(project, full) for full in map(project.full, shallow))


# a member named for a logging library, read from one of the project's own packages
_LOGGER_MEMBERS = frozenset({"pino", "winston", "bunyan", "log4js", "pinoHttp", "pinoLogger"})


def _logger_member(ff: FileFacts) -> bool:
    """A logging library reached through another package's member: a JS file
    that reads ``x.pino`` (budibase's ``app.use(middleware.pino)``, the request
    logger of its shared ``@budibase/backend-core``) where ``x`` was imported."""
    imported = set(ff.imports)
    return any(a.rsplit(".", 1)[-1] in _LOGGER_MEMBERS and a.split(".", 1)[0] in imported for a in ff.attrs if "." in a)


# a package named as a logging system (ssb-logging, js-logging), not as a request
# logger (koa-logger, express-log-url, morgan)
_LOGGING_PKG = lazy_re(r"(?:^|[-_/@.])logging$", re.I)


# the servers whose use()/register() take request middleware or HTTP plugins: a
# module handed to them as it is handles requests (a request logger)
_MIDDLEWARE_HOSTS = ("express", "koa", "connect", "restify", "polka", "fastify", "@hapi/hapi", "hapi", "hono", "@koa/router", "koa-router")


_PLUGIN_METHODS = frozenset({"use", "register", "plugin"})


def _installs_logging_plugin(ff: FileFacts) -> bool:
    """A logging package installed into the server as a plugin: handed as it
    is, not called, to ``use()``/``register()``/``plugin()`` (ssb-server's
    ``.use(require('ssb-logging'))``: secret-stack's logging plugin prints the
    server's ``log:*`` events by level, filtered by the configured
    ``logging.level``; the project's code logs through the server's events, so
    it calls no level method itself).  Only a package named as a logging
    system -- a request logger is named as a logger (koa-logger,
    express-log-url, handed to Express's ``app.use`` as it is) -- and not in a
    file of an HTTP framework, whose ``use()`` takes request middleware; a
    factory called for a middleware (``app.use(logging({logger}))``) or a
    module of the project's own is no such plugin."""
    if find_module([ff], _MIDDLEWARE_HOSTS) is not None:
        return False
    for c in ff.calls:
        if c.method not in _PLUGIN_METHODS or not c.recv:
            continue
        for a in c.args:
            for v in (a.items or []) if a.k == ARR else (a,):
                pkg = _handed_package(ff, v)
                if pkg and _LOGGING_PKG.search(pkg):
                    return True
    return False


def _handed_package(ff: FileFacts, v: Val) -> str:
    """The package a value is, as it is: ``require('x')`` or a name imported
    from ``'x'`` ('' for anything else, a call of it or a relative module)."""
    spec = ""
    if v.k == CALL and v.v == "require" and 0 <= v.call < len(ff.calls):
        req = ff.calls[v.call]
        spec = req.args[0].v if req.args and req.args[0].k == STR else ""
    elif v.k == IDENT:
        spec = ff.imports.get(v.v, v.v if v.v in ff.modules else "").removesuffix(".default")
        if spec not in ff.modules:
            return ""  # a member of a module (`x.logging`), not the module itself
    return "" if not spec or spec.startswith((".", "/")) else spec


def _serves_the_service(project: Project, unit: Unit, entry: Entry, ff: FileFacts) -> bool:
    """A module the service's own code may log through: any but a one-off or
    command-line program (``bin/``, ``scripts/``) that only other such programs
    import.  whistle's ``bin/util.js`` colours the CLI's messages with
    ``error``/``warn``/``info`` functions over ``console.log``; the proxy server
    started from ``lib/`` never imports it, so it is no logger of the service
    (its console lines are not counted either, see :func:`_console_calls`)."""
    if ff is entry.ff or not unit.is_script(ff.path) or imported_by_service(project, ff.path):
        return True
    return entry.ff.path in importers_of(project).get(ff.path, ())


def _own_logger(ff: FileFacts) -> bool:
    """A module of the project's own levelled logger: it defines functions or
    methods for at least three levels (``info``, ``warn``, ``error``...) and
    writes to the console itself (uptime-kuma's ``Logger`` class, a
    ``logger.js`` adding timestamps, levels and trace ids)."""
    levels = defined = {f.name.lower() for f in ff.funcs if f.name.lower() in _LEVELS}
    if len(levels) < 3 and "log" in ff.path.rsplit("/", 1)[-1].lower():
        # a logger module making its level methods in a loop over a table of the
        # levels (nci's lib/logger.js: `{log: 'reset', info: 'cyan', warn: 'yellow',
        # error: 'red'}` -> Logger.prototype[method])
        for val in ff.consts.values():
            table = {k.lower() for k in val.keys} & _LEVELS if val.k == OBJ and val.keys else set()
            if len(table) >= 3:
                levels = table
                break
    # (the console itself, or the process's streams: `process.stdout.write(line)`, Haraka's logger.js;
    # in Python print() or stderr, from a module or class named for logging: a log.py whose
    # info()/warning()/error() write sys.stderr, not three route functions of a views module)
    if ff.lang == "py":
        named = bool(_LOGGER_PKG.search("/" + ff.path.rsplit("/", 1)[-1])) or any(
            f.name.lower() in _LEVELS and _LOGGER_CLASS.search(f.cls) for f in ff.funcs)
        return named and len(levels) >= 3 and any(c.callee in _PY_CONSOLE for c in ff.calls)
    # a bound console method (`console.error.bind(console)`, `console.log.apply(console, args)`) writes the console
    # too, for a module that defines its level methods (magicmirror's js/logger.js: level functions, console
    # methods bound after stamping them with time and level); a mere table of bound console methods adds nothing
    if len(defined) >= 3 and _colours_only(ff, defined):
        return False
    return len(levels) >= 3 and any(c.recv == "console" or (c.method == "write" and c.recv in _STD_STREAMS)
                                    or (len(defined) >= 3 and _bound_console(c)) for c in ff.calls)


# ANSI colour codes as JS source writes them ('\x1B[31m', '\u001b[0m', '\033[1m', '\e[32m') or as the escape itself
_ANSI = lazy_re(r"^(?:(?:\\(?:x1b|u001b|u\{1b\}|033|e)|\x1b)\[[0-9;]*m)+$", re.I)


# the terms of a plain `+` concatenation (`RED + msg + RESET`); a call or a nested expression is no such term
_TERM = lazy_re(r"^[A-Za-z_$][\w$]*$")


_TERM_SPLIT = lazy_re(r"\s*\+\s*")


def _colours_only(ff: FileFacts, levels: set[str]) -> bool:
    """The module's level methods write nothing but the message, coloured:
    every console call in them passes only the method's own parameters and
    ANSI colour codes (stubby's src/console/out.js: ``info(msg) {
    console.info(BLUE + msg + RESET) }``, ``error(msg) { console.error(RED + msg
    + RESET) }``), and at least one colour code.  Such a module adds no level
    text, no time and no id to the line -- the colour is all it adds, and it
    is gone once the output is not a terminal -- so it is no logger of the
    project's own.  A level method that stamps the time or the level, or
    calls anything but the console (formats the line, appends it to a file),
    is judged as before."""
    funcs = {f.id: f for f in ff.funcs if f.name.lower() in levels}
    coloured = False
    seen = False
    for c in ff.calls:
        f = funcs.get(c.func)
        if f is None:
            continue
        if c.recv != "console":
            return False  # the method does more than write the line (appends it to a file, emits it, formats it)
        seen = True
        for a in c.args:
            terms = _TERM_SPLIT.split(a.v) if a.k == OTHER else [a.v] if a.k in (IDENT, STR) else None
            if terms is None:
                return False
            for t in terms:
                t = t.strip()
                const = ff.consts.get(t) if a.k != STR else None
                ansi = a.k == STR or (const is not None and const.k == STR)
                text = t if a.k == STR else const.v if const is not None else ""
                if ansi and _ANSI.match(text):
                    coloured = True
                elif a.k == STR or not _TERM.match(t) or t not in f.params:
                    return False
    return seen and coloured


def _bound_console(c: Call) -> bool:
    """``console.log.bind(console)``, ``console[level].apply(console, args)``: a console method taken to be called later;
    also one held in a variable and called on the console (bitcore-node's lib/logger.js: ``var fn = console[level] ||
    console.log; fn.apply(console, args)``)."""
    if c.method in ("apply", "call") and c.callee == f"{c.recv}.{c.method}" and c.args and c.args[0].k == IDENT and c.args[0].v == "console":
        return True
    return c.method in ("apply", "call", "bind") and c.recv.startswith(("console.", "console[")) and c.callee == f"{c.recv}.{c.method}"


_STD_STREAMS = frozenset({"process.stdout", "process.stderr"})


# a Python class named for a logger (Logger, JobLogger, ColorLog; not Catalog)
_LOGGER_CLASS = lazy_re(r"Log(?:ger|ging)?(?:$|[A-Z_])|^log(?:ger)?$")


_LOGGER_HOME = lazy_re(r"log|settings|config|conf|__init__|app|main|core|util", re.I)


# a package named as a logger (mini-logger, @acme/logger, log-driver): any
# levelled logging library outside the list, when its file logs with levels
_IMPORTED_LOGGER = lazy_re(r"(?i)^(?:create|get|make|new)?_?logger$|^log$")


_LOGGER_PKG = lazy_re(r"(?:^|[-_/@.])(?:logger|logging|logs?)(?:$|[-_/.])", re.I)


# a package that reads logs rather than writes them: a parser, reader, viewer or tail of log files
_LOG_READER = lazy_re(r"(?:^|[-_/@.])(?:pars(?:e|er|ers|ing)|reader|viewer|tail)(?:$|[-_/.])", re.I)


def _logger_package(spec: str) -> bool:
    """A package named as a logger (``mini-logger``, ``@acme/logger``, ``log-driver``),
    not a module of the project's own, and not a package that reads logs
    (pouchdb-server's ``couchdb-log-parse``, whose ``new LogParser()`` parses
    CouchDB log lines to print them: no logger of the service)."""
    return not spec.startswith((".", "/")) and _LOGGER_PKG.search(spec) is not None and _LOG_READER.search(spec) is None


def _logs_with_library(ff: FileFacts) -> bool:
    if find_module([ff], JS_LOGGERS + PY_LOGGERS) is not None:
        return True
    if ff.lang != "py" and any(_logger_package(m) for m in ff.modules) and any(
            c.method in _LEVELS and c.recv != "console" for c in ff.calls):
        return True
    if ff.lang != "py" and any(
        not v.startswith((".", "/")) and _IMPORTED_LOGGER.search(v.rsplit(".", 1)[-1]) for v in ff.imports.values()
    ) and any(c.method in _LEVELS and c.recv and c.recv != "console" for c in ff.calls):
        return True  # `import { logger } from '@acme/common'`: a package's logger (winston, pino behind it)
    if ff.lang != "py" and _package_level_logs(ff):
        return True  # `const errorLog = make_errorLog(__filename)` of node-opcua-debug: a package's levelled log functions
    if ff.lang != "py" and _builds_package_logger(ff):
        return True  # the project's logger module, made from a logger package, that its other modules log with
    if ff.lang != "py" and _package_member_logger(ff):
        return True  # `var logger = pouchDBApp.couchLogger`: the logger of an object a package made
    if ff.lang == "py" and "LOGGING" in ff.consts:
        return True  # Django LOGGING settings: the stdlib logging tree is configured
    if ff.lang != "py" and any(c.callee in _MEMBER_LOGGERS or c.callee.startswith(_MEMBER_LOGGER_METHODS) for c in ff.calls):
        return True  # a logger class reached through its module (compiled TypeScript: `new _common.Logger('jobs')`)
    for c in ff.calls:
        if c.method in _LEVELS and _FRAMEWORK_LOGGER.search(c.recv):
            return True
        callee = c.callee.replace(".default", "")
        if callee in ("fastify", "fastify.fastify", "fastify.Fastify") or callee.endswith("NestFactory.create"):
            opts = next((a for a in c.args if a.k == OBJ), None)
            if opts is not None and opts.keys and ("logger" in opts.keys or "loggerInstance" in opts.keys):
                v = opts.keys.get("logger") or opts.keys.get("loggerInstance")
                if not (v is not None and v.k == BOOL and v.v == "false"):
                    return True
    return False


# a package's factory of one level's log function: make_errorLog, createWarnLogger, getDebugLog
_LEVEL_LOG_MAKER = lazy_re(r"(?i)^(?:create|get|make|new)_?(debug|info|warn|error|trace|fatal)(?:ing)?_?log(?:ger)?$")


def _package_level_logs(ff: FileFacts) -> bool:
    """A JS module logging through the log functions a package makes for two or
    more levels (node-opcua-debug: ``const errorLog = make_errorLog(__filename)``,
    ``make_warningLog``, ``make_debugLog``; the package stamps time, file and
    level and filters by a configured level), calling what they made.  A
    factory of the project's own (a function of the file, a relative import)
    is judged by its own module."""
    packages = tuple(m for m in ff.modules if not m.startswith((".", "/")))
    made: dict[str, str] = {}
    for c in ff.calls:
        pkg, _, name = c.callee.rpartition(".")
        m = _LEVEL_LOG_MAKER.match(name)
        if m and c.assigned and any(pkg == p or pkg.startswith(p + ".") for p in packages):
            made[c.assigned] = m.group(1).lower()
    return len({made[c.callee] for c in ff.calls if c.callee in made}) >= 2


def _builds_package_logger(ff: FileFacts) -> bool:
    """A JS module that makes the project's logger from a package named as a
    logger: it subclasses a class imported from it (graphile-worker's
    logger.js: ``class Logger extends GraphileLogger``, ``Logger`` of
    ``@graphile/logger``) or constructs one (``new Logger({ level })`` of
    ``@acme/logger``), and the modules that import it log with levels
    through it.  A plain call of such a package is not one
    (``app.use(logger())`` of koa-logger: an HTTP access logger)."""
    pkgs = tuple(m for m in ff.modules if _logger_package(m))
    if not pkgs:
        return False

    def of_pkg(target: str) -> bool:
        return any(target == p or target.startswith(p + ".") for p in pkgs)

    if any(c.new and of_pkg(c.callee) for c in ff.calls):
        return True
    for cls in (ff.extra or {}).get("classes", ()):
        base = cls.get("extends") if isinstance(cls, dict) else None
        if isinstance(base, str) and base:
            head, _, rest = base.partition(".")
            target = ff.imports.get(head, "")
            if target and of_pkg(f"{target}.{rest}" if rest else target):
                return True
    return False


def _package_member_logger(ff: FileFacts) -> bool:
    """A JS module logging with levels through the logger an object made by a
    package holds: pouchdb-server's ``var pouchDBApp =
    require('express-pouchdb')(...)``, ``var logger = pouchDBApp.couchLogger``,
    then ``logger.info(...)`` / ``logger.warning(...)`` (express-pouchdb's
    CouchDB logger: levelled, time-stamped lines filtered by the configured
    ``log.level``).  The object is a call's or a constructor's result of a
    package (not of a module of the project's own, which is judged by its own
    file) or a package imported as it is; the name is bound to a member named
    as a logger (``frontends/_assigns.logger_member``)."""
    packages = tuple(m for m in ff.modules if not m.startswith((".", "/")))
    if not packages:
        return False

    def of_package(target: str) -> bool:
        return any(target == p or target.startswith(p + ".") for p in packages)

    made = {c.assigned for c in ff.calls if c.assigned and of_package(c.callee)}
    bound: set[str] = set()
    for a in (ff.extra or {}).get("assigns") or ():
        if not (isinstance(a, list) and len(a) >= 4 and isinstance(a[0], str) and isinstance(a[3], dict) and a[3].get("k") == IDENT):
            continue
        text = str(a[3].get("v", ""))
        root = text.split(".", 1)[0]
        if LOGGER_MEMBER.fullmatch(text) and (root in made or of_package(ff.imports.get(root, ""))):
            bound.add(a[0])
    return bool(bound) and any(c.method in _LEVELS and c.recv in bound for c in ff.calls)


def _py_package_logger(project: Project, ff: FileFacts) -> bool:
    """A Python module logging with levels through another package's logger:
    ``from opal_common.logger import logger`` (loguru behind it, in the
    project's shared package installed beside it), ``from acme.log import
    get_logger`` -- a module named as a logger, or a name imported as one --
    then ``logger.info(...)``.  A module of the scanned project is judged by
    its own file instead (a print wrapper named logger.py is no library)."""
    if ff.lang != "py" or ff.shallow:
        return False
    index = py_modules(project)
    names = {local for local, target in ff.imports.items()
             if not target.startswith((".", "/")) and "." in target
             and (_LOGGER_PKG.search(target.rsplit(".", 1)[0]) or _IMPORTED_LOGGER.search(target.rsplit(".", 1)[-1]))
             and target.rsplit(".", 1)[0] not in index}
    return bool(names) and any(c.method in _LEVELS and c.recv in names | _bound_to(ff, names)
                               for c in ff.calls)


def _bound_to(ff: FileFacts, names: set[str]) -> set[str]:
    """Names the file binds to a call of one of ``names``: ``log = get_logger(__name__)``."""
    return {c.assigned for c in ff.calls if c.assigned and c.callee in names}


@check("RS902")
def unstructured_logging(project: Project) -> Iterable[Hit]:
    running = long_running(project)
    for unit in units(project):
        entry = entry_point(project, unit)
        if entry is None:
            continue
        # (a line structured by hand, console.log(JSON.stringify({...})), is not the problem: not counted or shown)
        calls = [(ff, c) for ff, c in _console_calls(project, unit, entry, running) if not _structured(c)]
        if not calls:
            continue
        if _has_logger(project, unit, entry):
            continue
        py = entry.ff.lang == "py"
        kinds = sorted({c.callee.removesuffix(f".{c.method}") if c.method in ("apply", "call", "bind") else c.callee for _ff, c in calls})
        nfiles = len({ff.path for ff, _c in calls})
        what = ", ".join(f"`{k}`" for k in kinds[:4])
        lib = "logging/structlog/loguru" if py else "pino/winston/bunyan"
        lacks = ("no level or request/job id (each stamps the time by hand, as plain text)" if all(_stamped(c) for _ff, c in calls)
                 else "no level, timestamp or request/job id")
        nrefs = sum(1 for _ff, c in calls if c.text == _REF)
        uses = " and ".join(part for part in (
            f"{len(calls) - nrefs} call{'s' if len(calls) - nrefs != 1 else ''}" if len(calls) > nrefs else "",
            f"{nrefs} console method{'s' if nrefs != 1 else ''} handed on as a logging function" if nrefs else "") if part)
        msg = (
            f"{capitalized(unit.label)} logs through {what} ({uses} in "
            f"{nfiles} file{'s' if nfiles != 1 else ''}) and uses no logging library ({lib}): lines carry {lacks}, "
            "so errors cannot be filtered, alerted on or correlated across requests in the log platform"
        )
        in_entry = [c for ff, c in calls if ff is entry.ff]
        at_ff, at = (entry.ff, in_entry[0]) if in_entry else (entry.ff, entry.call)
        related: list[Related] = []
        seen = {entry.ff.path}
        for ff, c in calls:
            if ff.path not in seen:
                seen.add(ff.path)
                related.append(Related(ff.path, c.line, f"`{c.callee}` {'handed on as a logging function' if c.text == _REF else 'used for logging'} here"))
            if len(related) >= 3:
                break
        if at is None:
            yield Hit("RS902", entry.ff.path, entry.line, msg, related=related, anchor=unit.anchor())
        else:
            # (the call's own span, as RS901/RS903/RS906 give the start-up call they point at)
            yield Hit("RS902", at_ff.path, at.line, msg, column=at.col, end_line=at.end_line, end_column=at.end_col,
                      related=related, anchor=unit.anchor())


__all__ = ["unstructured_logging"]
