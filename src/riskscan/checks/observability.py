"""RS902-RS906: logging, health endpoint, static caching, HTTP client
timeouts, metrics.

RS902, RS903 and RS906 are project-level: one finding per service
(``_services.units``) that runs a server or a worker, at its entry point.
RS904 and RS905 are reported per call.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable, Iterable

from ..facts import ARR, BOOL, CALL, FN, IDENT, NULL, NUM, OBJ, OTHER, STR, TMPL, Call, FileFacts, Func, Route, Val, from_json
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import _aiohttp_static as aiohttp_static
from . import check
from ._cli import one_off_file
from ._compose_model import DEV_DIRS
from ._credroutes import registration_value, strip_prefix_hole
from ._httpclients import MadeWithout, Untimed, untimed_calls
from ._iobroker import adapter_log_calls
from ._longrun import entry_calls, importers_of, is_script, long_running, while_loops
from ._memo import per_file, per_project
from ._mounts import imported_router_prefix, join_path
from ._routes import HTTP_VERBS, base_class_home, class_bases, is_mock, pecan_views, project_class, pyramid_views, view_targets
from ._resolve import callee_funcs, last_name, module_and_attr, name_words, py_modules, walk_vals
from ._services import (
    HTTP,
    LONG_RUNNING,
    SERVER_KIND_NAMES,
    WORKER,
    Entry,
    Unit,
    compose_for,
    entry_point,
    entry_points,
    find_module,
    is_browser,
    is_demo_path,
    one_off_path,
    string_values,
    unit_commands,
    unit_text_files,
    units,
    unrun_ui_server,
    uses_dependency,
)
from ._stdlib_http import handler_segment_paths


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- RS902
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
        if ff is not entry.ff and (unit.is_script(ff.path) or is_mock(ff) or is_browser(project, ff) or ff.path not in running):
            continue
        if ff.lang == "py" and ff is not entry.ff and _cli_program(project, ff):
            continue
        out.extend((ff, c) for c in _file_console_calls(project, ff))
    return out


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
            and not _screen_then_exit(c, exits)]


def _screen_then_exit(c: Call, exits: list[tuple[str, int]]) -> bool:
    """``console.log`` lines of a ``--help`` / ``--version`` screen: the same
    function ends the process normally (``process.exit()`` / ``exit(0)``)
    a few lines later.  Output for a terminal, not a log line."""
    return c.method in ("log", "info") and any(f == c.func and 0 < line - c.line <= 40 for f, line in exits)


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


def _has_logger(project: Project, unit: Unit) -> bool:
    if uses_dependency(project, unit, [n for n in JS_LOGGERS if "." not in n]):
        return True
    if any(_logs_with_library(ff) or _py_package_logger(project, ff) for ff in unit.files):
        return True
    if any(_own_logger(ff) for ff in unit.files if not ff.shallow):
        return True
    if any(_logger_member(ff) for ff in unit.files if ff.lang != "py" and not ff.shallow):
        return True
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
    return len(levels) >= 3 and any(c.recv == "console" or (c.method == "write" and c.recv in _STD_STREAMS)
                                    or (len(defined) >= 3 and _bound_console(c)) for c in ff.calls)


def _bound_console(c: Call) -> bool:
    """``console.log.bind(console)``, ``console[level].apply(console, args)``: a console method taken to be called later."""
    return c.method in ("apply", "call", "bind") and c.recv.startswith(("console.", "console[")) and c.callee == f"{c.recv}.{c.method}"


_STD_STREAMS = frozenset({"process.stdout", "process.stderr"})
# a Python class named for a logger (Logger, JobLogger, ColorLog; not Catalog)
_LOGGER_CLASS = lazy_re(r"Log(?:ger|ging)?(?:$|[A-Z_])|^log(?:ger)?$")


_LOGGER_HOME = lazy_re(r"log|settings|config|conf|__init__|app|main|core|util", re.I)


# a package named as a logger (mini-logger, @acme/logger, log-driver): any
# levelled logging library outside the list, when its file logs with levels
_IMPORTED_LOGGER = lazy_re(r"(?i)^(?:create|get|make|new)?_?logger$|^log$")
_LOGGER_PKG = lazy_re(r"(?:^|[-_/@.])(?:logger|logging|logs?)(?:$|[-_/.])", re.I)


def _logs_with_library(ff: FileFacts) -> bool:
    if find_module([ff], JS_LOGGERS + PY_LOGGERS) is not None:
        return True
    if ff.lang != "py" and any(not m.startswith((".", "/")) and _LOGGER_PKG.search(m) for m in ff.modules) and any(
            c.method in _LEVELS and c.recv != "console" for c in ff.calls):
        return True
    if ff.lang != "py" and any(
        not v.startswith((".", "/")) and _IMPORTED_LOGGER.search(v.rsplit(".", 1)[-1]) for v in ff.imports.values()
    ) and any(c.method in _LEVELS and c.recv and c.recv != "console" for c in ff.calls):
        return True  # `import { logger } from '@acme/common'`: a package's logger (winston, pino behind it)
    if ff.lang != "py" and _builds_package_logger(ff):
        return True  # the project's logger module, made from a logger package, that its other modules log with
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


def _builds_package_logger(ff: FileFacts) -> bool:
    """A JS module that makes the project's logger from a package named as a
    logger: it subclasses a class imported from it (graphile-worker's
    logger.js: ``class Logger extends GraphileLogger``, ``Logger`` of
    ``@graphile/logger``) or constructs one (``new Logger({ level })`` of
    ``@acme/logger``), and the modules that import it log with levels
    through it.  A plain call of such a package is not one
    (``app.use(logger())`` of koa-logger: an HTTP access logger)."""
    pkgs = tuple(m for m in ff.modules if not m.startswith((".", "/")) and _LOGGER_PKG.search(m))
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
        if _has_logger(project, unit):
            continue
        py = entry.ff.lang == "py"
        kinds = sorted({c.callee.removesuffix(f".{c.method}") if c.method in ("apply", "call", "bind") else c.callee for _ff, c in calls})
        nfiles = len({ff.path for ff, _c in calls})
        what = ", ".join(f"`{k}`" for k in kinds[:4])
        lib = "logging/structlog/loguru" if py else "pino/winston/bunyan"
        lacks = ("no level or request/job id (each stamps the time by hand, as plain text)" if all(_stamped(c) for _ff, c in calls)
                 else "no level, timestamp or request/job id")
        msg = (
            f"{_cap(unit.label)} logs through {what} ({len(calls)} call{'s' if len(calls) != 1 else ''} in "
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
                related.append(Related(ff.path, c.line, f"`{c.callee}` used for logging here"))
            if len(related) >= 3:
                break
        if at is None:
            yield Hit("RS902", entry.ff.path, entry.line, msg, related=related, anchor=unit.anchor())
        else:
            yield Hit("RS902", at_ff.path, at.line, msg, column=at.col, related=related, anchor=unit.anchor())


# --------------------------------------------------------------------------- RS903
# words that name a health route wherever they appear in the path (/health/db, /api/healthz)
HEALTH_WORDS = frozenset({
    "health", "healthz", "healthcheck", "healthchecks", "health-check", "health_check", "_health", "__health", "livez", "readyz",
    "startupz", "liveness", "readiness", "heartbeat", "lbheartbeat", "_ah",
})
# parts of a compound route name (`/worker-health`) that make it a health check...
_HEALTH_PARTS = frozenset({"health", "healthz", "healthcheck", "liveness", "readiness", "livez", "readyz"})
# ...and what its other parts may name: the service or one of its parts
_INFRA_PARTS = frozenset({"app", "api", "service", "svc", "server", "system", "sys", "db", "database", "worker", "workers", "redis", "cache",
                          "queue", "broker", "k8s", "kube", "lb", "deep", "shallow", "full", "basic", "simple", "check", "checks", "self",
                          "ashx", "json", "php", "html", "v1", "v2", "internal", "status", "ping", "all", "node", "cluster"})
# words that do only as the last segment of a path that is not about one resource (/api/status, not /jobs/:id/status)
LAST_HEALTH_WORDS = frozenset({"ready", "live", "alive", "ping", "status", "hc", "up", "healthy"})
JS_HEALTH_LIBS = (
    "@godaddy/terminus", "lightship", "@nestjs/terminus", "express-healthcheck", "express-health-check", "express-actuator",
    "@hmcts/nodejs-healthcheck", "fastify-healthcheck", "@fastify/under-pressure", "under-pressure", "healthcheck-middleware",
    "express-healthchecker", "apollo-server", "@cloudnative/health-connect", "@cloudnative/health", "maikai", "@promster/",
)
PY_HEALTH_LIBS = (
    "fastapi_health", "health_check", "healthcheck", "flask_healthz", "watchman", "django_alive", "alive", "pyctuator",
    "fastapi_healthchecks", "starlette_health", "flask_health", "aiohttp_healthcheck", "django_health_check",
    "oslo_middleware.healthcheck", "oslo_middleware.Healthcheck",  # (the package exports the class at its top too)
    # mautrix's AppService serves /_matrix/mau/live and /_matrix/mau/ready, and its
    # Bridge builds one; not the package's other names (AppServiceServerMixin only
    # adds the transaction routes to the caller's own app, IntentAPI is a client)
    "mautrix.appservice.AppService", "mautrix.appservice.appservice.AppService", "mautrix.bridge.Bridge", "mautrix.bridge.bridge.Bridge",
)
_PATH_CHARS = lazy_re(r"[\^$?()\\*+]")


# every word the tests below can match is in the path's text: a path with
# none of them is no health path (most paths asked about are plain file names)
_ANY_HEALTH_WORD = lazy_re("|".join(sorted(map(re.escape, HEALTH_WORDS | _HEALTH_PARTS | LAST_HEALTH_WORDS))))


def is_health_path(path: str) -> bool:
    """A route path that serves a health check (under any prefix)."""
    text = _PATH_CHARS.sub("", path.strip()).split("?", 1)[0]
    if " " in text or "://" in text or not _ANY_HEALTH_WORD.search(text.lower()):
        return False
    if "/" not in text:
        text = "/" + text
    segs = [s for s in (strip_prefix_hole(seg) for seg in text.split("/")) if s]
    if not segs:
        return False
    # (a segment wrapped in underscores is the same word, reserved for the
    # service's own use: Dockerflow's `/__heartbeat__` and `/__lbheartbeat__`)
    if any(seg.lower() in HEALTH_WORDS or seg.strip("_").lower() in HEALTH_WORDS for seg in segs):
        return True
    # `/worker-health`, `/db_health`: a compound name ending the path, about the
    # service or a part of it (not `/testing/test-case-health`, a report page)
    parts = [p for p in re.split(r"[-_.]", segs[-1].lower()) if p]
    if any(part in _HEALTH_PARTS for part in parts):
        others = [p for p in parts if p not in _HEALTH_PARTS]
        if len(segs) == 1 or all(p in _INFRA_PARTS for p in others):
            return True
    # `/status` or `/api/ping`, but not the status of one thing: `/orders/:id/status`,
    # `/:id/branches/remote/*/status` (any parameter or wildcard on the way)
    raw = [strip_prefix_hole(seg) for seg in path.split("?", 1)[0].split("/")]
    lead = next((i for i, seg in enumerate(raw) if seg), -1)
    if lead >= 0 and _PREFIX_VAR.match(raw[lead]):
        raw = raw[lead + 1 :]  # f"{base_path}/status": a mount prefix held in a variable, not a parameter
    if any(seg.startswith((":", "{", "<", "[", "$")) or "*" in seg or "(" in seg for seg in raw):
        return False
    if segs[-1].lower() not in LAST_HEALTH_WORDS:
        return False
    if segs[-1].lower() in ("live", "up") and len(segs) > 1 and segs[-2].lower() in _LIVE_CONTENT:
        return False  # `/logs/live`, `/scores/live`: a live feed of something (dallinger's log stream), not liveness
    # two resource names before it (`/requests/aggregate/status`): the status of a thing
    named = [seg for seg in segs[:-1] if seg.lower() not in _INFRA_PARTS and not _VERSION_SEG.match(seg)]
    if named and segs[-2] is named[-1] and _PLURAL_RESOURCE.match(named[-1]) and named[-1].lower()[:-1] not in _INFRA_PARTS:
        return False  # `/api/notifications/status`, `/jobs/status`: the state of a collection of things
    return len(named) < 2


def _ping_under_registered_name(path: str) -> bool:
    """A route declared at `` `/ping/${env.db.name}` ``: a health `/ping` followed only by
    segments the server fills in when it registers the route (acebase-server's
    connectivity check under the name of the database it serves), so still one fixed
    path the process answers; not `/ping/:host`, nor a hole naming an id or an account."""
    raw = [seg for seg in path.split("?", 1)[0].split("/") if seg]
    tail = len(raw)
    while tail and registration_value(raw[tail - 1]):
        tail -= 1
    return 0 < tail < len(raw) and raw[tail - 1].lower() == "ping" and is_health_path("/" + "/".join(raw[:tail]))


# a plural resource name (`notifications`, `jobs`, `orders`), not a service's
# (`myapp`) or a short word (`ops`), nor one ending in -ss/-us/-is (`status`, `analysis`);
# the service's parts in the plural (`services`, `servers`, `nodes`) still do
_PLURAL_RESOURCE = lazy_re(r"(?i)^[a-z][a-z_-]+[^sui]s$|^[a-z][a-z_-]+ies$")


_LIVE_CONTENT = frozenset({"log", "logs", "event", "events", "stream", "streams", "feed", "feeds", "video", "videos", "chat", "score",
                           "scores", "game", "games", "match", "matches", "news", "tv", "radio", "broadcast", "updates", "tail", "console"})
_VERSION_SEG = lazy_re(r"(?i)^v\d+(?:\.\d+)*$|^_+$")


# an interpolated first segment named for a prefix (`{base_path}`, `${API_ROOT}`, `{url_prefix}`)
_PREFIX_VAR = lazy_re(r"^\$?\{\w*(?:prefix|base|root|mount|api_?path|url)\w*\}$", re.I)


_NOT_ROUTE_CALLS = frozenset({"require", "import", "require.resolve", "importlib.import_module", "__import__", "open", "os.path.join",
                              "path.join", "path.resolve", "pathlib.Path", "Path"})
_ROUTE_VERBS = frozenset({"get", "head", "all", "route", "use"})
# methods that register a route (a string starting with an interpolated base counts only there)
_REGISTERS = _ROUTE_VERBS | {"post", "put", "patch", "register", "add", "addRoute", "add_route", "add_api_route", "add_url_rule", "on", "handle"}
# methods of other receivers that may still put a route on a server (a mount, a resource,
# a route table, a framework's builder)
_MAY_REGISTER = frozenset({"add_get", "add_head", "add_view", "add_resource", "add_routes", "api_route", "mount", "include",
                           "include_router", "add_websocket_route", "Route", "Mount", "Rule", "url", "path", "re_path", "resource",
                           "addHook", "all", "route", "Application", "HTTPServer", "Router", "Blueprint", "APIRouter",
                           "forRoot", "forRootAsync", "health", "healthCheck", "check", "createTerminus", "createLightship",
                           "middleware", "setup", "register_blueprint", "add_handler", "add_handlers", "putChild",
                           "add_url", "addRoutes", "routes", "group", "prefix", "namespace", "expose", "serve", "listen"})
# HTTP clients: a health URL they call is another service's
_HTTP_CLIENTS = frozenset({"fetch", "axios", "got", "ky", "superagent", "needle", "undici", "node-fetch", "requests", "httpx", "urllib", "aiohttp"})
_HEALTH_NAME = lazy_re(r"health|liveness|readiness|(?:^|[._])(?:ping|alive|status)(?:_?(?:path|url|route|endpoint))?$", re.I)
# calls whose strings are topics, events or log text, never a route
_MESSAGE_METHODS = frozenset({"publish", "subscribe", "unsubscribe", "emit", "send", "produce", "write", "log", "info", "warn", "warning",
                              "error", "debug", "trace", "fatal", "sendMessage", "sendToQueue", "basic_publish"})
_WRITE_VERBS = frozenset({"post", "put", "patch", "delete"})
_NOT_ROUTE_PREFIXES = ("fs.", "path.", "os.path.", "shutil.", "node:fs", "node:path")
# URLs built (`urljoin(upstream, "/status")`, Jupyter's `url_path_join(hub_url, "/api/health")`,
# `new URL("/healthz", upstream)`): an address, often another service's; a route table's
# join is read as the route (the frontend)
_URL_JOINS = frozenset({"urljoin", "url_path_join", "url_concat", "URL"})
# client-side routers of single-page apps (vue-router, react-router, Angular)
_PAGE_ROUTERS = frozenset({"createRouter", "VueRouter", "Router", "createBrowserRouter", "createHashRouter", "createMemoryRouter",
                           "forRoot", "forChild", "useRoutes", "createRoutesFromElements"})
# (also camelCase: `appRouter`, `apiRouter`)
_SERVER_RECV = lazy_re(r"(?:^|[._])(?i:app|application|router|routes?|server|api|bp|blueprint|fastify|instance|web|r)$"
                          r"|[a-z0-9](?:App|Application|Router|Routes?|Server|Api|Blueprint)$")
# a receiver named as an HTTP client (`this.client`, `apiClient`, `this.createClient(login)`, `httpClient`)
_CLIENT_RECV = lazy_re(r"(?i)client(?:\([^()]*\))?$")
# what a generated gRPC client stub calls on its channel
_GRPC_STUBS = frozenset({"unary_unary", "unary_stream", "stream_unary", "stream_stream"})
# functions that list paths to leave alone (a rate limiter's or a request logger's exemptions)
_EXEMPTION_FN = lazy_re(r"(?i)exempt|skip|ignor|exclu|bypass|whitelist|allowlist|^should(?:not)?(?:log|limit|count|track|skip)")
# registrations of WebSocket message handlers and chat commands
_COMMAND_REGISTRATION = lazy_re(r"(?i)websocket|command$")
_QUOTED_HEALTH = lazy_re(r"""['"`]([^'"`\s]*)['"`]""")


# a raw http server's routing by a string test of the request's path
_PATH_TESTS = frozenset({"endsWith", "startsWith", "includes"})
_REQUEST_PATH = lazy_re(r"^(?:this\.)?(?:req|request|ctx|context)(?:\.(?:req|request))?\.(?:url|path|pathname|originalUrl)$")


def _request_path_test(c: Call) -> bool:
    """``req.url.endsWith("/__health_check")``: a raw http server answering its
    health path (nocobase's gateway), like ``req.url === '/healthz'``; not in a
    function that lists paths to leave alone (a logger's ``skip``)."""
    return (c.method in _PATH_TESTS and _REQUEST_PATH.match(c.recv) is not None and len(c.args) == 1 and c.args[0].k == STR
            and c.args[0].v.startswith("/") and is_health_path(c.args[0].v) and not _EXEMPTION_FN.search(c.func.split("@", 1)[0]))


def _health_route(project: Project, unit: Unit) -> tuple[str, int] | None:
    for ff in unit.files:
        got = _file_health_route(project, ff)
        if got is not None:
            return got
    return None


# django-health-check's and django-watchman's modules (`include("health_check.urls")`),
# not a setting named for a health check (senlin's `cfg.IntOpt('health_check_interval_min')`)
_HEALTH_APP = lazy_re(r"(?:health_check|watchman)(?:\.|$)")


@per_file
def _file_health_route(project: Project, ff: FileFacts) -> tuple[str, int] | None:
    """The first health endpoint a file declares or mentions (once per file:
    units share files)."""
    if ff.shallow:
        if not _named_for_health_route(ff.path):
            return None  # nothing parsed to look at
        # a file-based route (Next.js pages/api/health.ts) need not hold a trigger token,
        # nor a module named for the health route it registers (verdaccio's api/ping.js:
        # `route.get(PING_API_ENDPOINTS.ping, ...)`, its path an imported constant)
        ff = project.full(ff)
    pyramid = pyramid_views(project, ff) if ff.lang == "py" and "pyramid" in " ".join(ff.modules) else []
    pecan = pecan_views(project, ff) if ff.lang == "py" else []
    for r in [*ff.routes, *pyramid, *pecan]:
        # a probe sends GET: `POST /auth/ping` (a signed-in check) is not a health route
        # (Pyramid: `@view_config(name="health")`, a traversal view, Kotti's layout)
        path = _filled_member_path(project, ff, r.path) if ff.lang == "py" else r.path
        if (is_health_path(path) or _ping_under_registered_name(path)) and _answers_get(r.method):
            return ff.path, r.line
    got = _route_module_health(ff) or _cube_gateway_mounted(ff)
    if got is not None:
        return got
    browser = ff.lang != "py" and is_browser(project, ff)
    flask = ff.lang == "py" and any(m.split(".", 1)[0].startswith("flask") for m in ff.modules)
    # (browser code compares paths for its own pages and URLs: `prefix.indexOf('/live') !== -1`
    # in pywb's replay frame is no route the server answers)
    for cmp in ff.extra.get("compares", []) if ff.extra and not browser else []:
        if isinstance(cmp, list) and len(cmp) >= 3:
            if _EXEMPTION_FN.search(str(cmp[1]).split("@", 1)[0]):
                continue  # `isExempt(path) { return path === '/health' }`: a path let through a limiter or logger, not served
            for m in _QUOTED_HEALTH.finditer(str(cmp[2])):
                if m.group(1).startswith("/") and is_health_path(m.group(1)):
                    return ff.path, int(cmp[0])
    for path, line in handler_segment_paths(ff):
        if is_health_path(path):
            return ff.path, line  # http.server: `if path[0] == "status":` in the handler do_GET dispatches through
    for c in ff.calls:
        if c.callee in _NOT_ROUTE_CALLS or c.callee.startswith(_NOT_ROUTE_PREFIXES) or last_name(c.callee) in _URL_JOINS:
            continue  # require('./lib/status'), path.join(dir, 'health'), urljoin(upstream, '/status'): a module, a file or an address
        if c.method in _MESSAGE_METHODS:
            continue  # client.publish('bridge/health', ...), log.info('db/health ok'): a topic or a message
        if _COMMAND_REGISTRATION.search(c.callee.rsplit(".", 1)[-1]):
            # Home Assistant's `@websocket_command({Required("type"): "cloud/status"})`, Slack Bolt's
            # `app.command('/status', ...)`: a message or command type, not an HTTP route
            continue
        if c.method in _WRITE_VERBS or _write_verbs_only(c):
            # routes.post('/auth/ping'), `add_api_route("/ping", h, methods=["POST"])`, a
            # description of another API's operation `Operation(method="POST", path="/heartbeat/{node}")`:
            # a probe sends GET
            continue
        if _request_path_test(c):
            return ff.path, c.line
        if c.method == "putChild" and len(c.args) >= 2 and c.args[0].k == STR and is_health_path("/" + c.args[0].v):
            return ff.path, c.line  # Twisted: root.putChild(b"health", HealthResource())
        if (c.method in _NAMED_PATH_VERBS and len(c.args) >= 2 and _HEALTH_NAME.search(_named_path(ff, c.args[0]))
                and c.args[-1].k in (FN, IDENT, CALL) and _SERVER_RECV.search(c.recv)):
            # app.get(config.healthCheck.path, ...): a path from configuration, named for it,
            # also under a prefix helper (Starlette's `api.add_route(config.prepend_backend_path(
            # str(constants.Endpoint.HEALTH)), health, methods=["GET"])`; not `ICONS.get(status, None)`, a lookup)
            return ff.path, c.line
        if _health_via_route_wrapper(project, ff, c):
            return ff.path, c.line
        if (c.method in _ROUTE_VERBS and len(c.args) >= 2 and c.args[-1].k in (FN, IDENT, CALL) and _SERVER_RECV.search(c.recv)
                and is_health_path(_prefixed_path(c.args[0]))):
            # obj.app.get(url + 'health.ashx', ...), app.get(`${base}healthz`, ...): a health
            # route under a mount prefix held in a variable (the prefix ends with its own slash)
            return ff.path, c.line
        if browser and c.callee.rsplit(".", 1)[-1] in _PAGE_ROUTERS:
            continue  # a page router's `{ path: '/status', component: StatusPage }`: a page, not the server's health route
        if c.callee.split(".", 1)[0] in _HTTP_CLIENTS:
            continue  # fetch(`${upstream}/health`): another service's health URL
        if c.method in _GRPC_STUBS:
            continue  # channel.unary_unary("/api.DagsterApi/Ping", ...): a gRPC client's method, not an HTTP route
        if _CLIENT_RECV.search(c.recv):
            continue  # this.client.get("/api/v1/status"), this.createClient(login).get(...): a request to another server
        if flask and _flask_health_endpoint(c):
            return ff.path, c.line
        registers = c.method in _REGISTERS or not c.method
        if not registers and c.recv and c.method not in _MAY_REGISTER and not c.method[:1].isupper() and not c.new \
                and not _SERVER_RECV.search(c.recv):
            # `fgt.monitor("system/status", "")`: a device's API asked for its status
            # (Home Assistant's integrations), no route of this server (a constructor,
            # `dispatcher.DispatcherMiddleware(app, {"/healthcheck": ...})`, may build one)
            continue
        for v in (*c.args, *c.kwargs.values()):
            for s in _strings(v):
                if s.startswith(("${", "{")) and not registers:
                    continue  # HttpClient.create(`${baseUrl}hubot/ping`): a URL built on another host's base
                if ("/" in s and not s.startswith(".") and is_health_path(s)) or (ff.lang == "py" and _HEALTH_APP.match(s) is not None):
                    return ff.path, c.line
    got = _table_health_route(ff) if not browser else None  # (a page router's route table lists pages)
    if got is not None:
        return got
    for inc in ff.extra.get("django_includes", []) if ff.extra else []:
        if isinstance(inc, dict) and _HEALTH_APP.match(str(inc.get("module", ""))) is not None:
            return ff.path, int(inc.get("line", 0) or 0)
    if ff.lang == "py":
        for s in string_values(ff):
            if s in ("health_check", "watchman", "django_alive") or s.startswith("health_check."):
                return ff.path, 1
    return None


# an f-string hole holding a class member or module attribute (`{Endpoint.healthz}`):
# a dotted name, which no path parameter (`{item_id}`, `<int:id>`) can be
_MEMBER_HOLE = lazy_re(r"\{([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\}")


def _filled_member_path(project: Project, ff: FileFacts, path: str) -> str:
    """A Python route path built by an f-string from members of a class of
    constants (whoogle's ``@app.route(f'/{Endpoint.healthz}')``, its
    ``class Endpoint(Enum): healthz = 'healthz'``), with each member written
    in: its string value when the project defines it (in this file or the
    module it is imported from), else its own name (a path named for the
    health check, like ``str(constants.Endpoint.HEALTH)``)."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        head, _, rest = name.partition(".")
        const = ff.consts.get(name)
        imp = ff.imports.get(head, "")
        if const is None and imp and imp != head:
            got = module_and_attr(project, imp + "." + rest, value=True)
            const = got[0].consts.get(got[1]) if got is not None else None
        return const.v if const is not None and const.k == STR else name.rsplit(".", 1)[-1]

    return _MEMBER_HOLE.sub(sub, path) if "{" in path else path


# Cube's API gateway answers GET /readyz and /livez on the Express app it is
# handed: by its own initApp(app) or server-core's, which hands the app on
_CUBE_GATEWAYS = ("@cubejs-backend/server-core", "@cubejs-backend/api-gateway")
# ...and the all-in-one Cube server's listen() builds that app and hands it on
_CUBE_SERVER = "@cubejs-backend/server"


def _cube_gateway_mounted(ff: FileFacts) -> tuple[str, int] | None:
    """Cube's API gateway mounted on the service's app: ``core.initApp(app)``
    in a file importing Cube's server core or API gateway, or ``listen()`` of
    the all-in-one ``CubejsServer`` (cube's own server.js, a deployment's
    ``new CubejsServer().listen()``): the gateway serves /readyz and /livez."""
    if ff.lang == "py" or not any(m.startswith("@cubejs-backend/") for m in ff.modules):
        return None
    mounts = find_module([ff], _CUBE_GATEWAYS) is not None
    for c in ff.calls:
        if mounts and c.method == "initApp" and len(c.args) == 1 and not c.new and _may_be_cube_core(ff, c):
            return ff.path, c.line
        if c.method == "listen" and _is_cube_server(c.recv_type):
            return ff.path, c.line
    return None


def _may_be_cube_core(ff: FileFacts, c: Call) -> bool:
    """The receiver of ``initApp`` may be Cube's core or gateway: an instance
    of one (``CubejsServerCore.create()``), a member its class sets
    (``this.core``, made by a method) or a local of unknown origin; not a
    project module, another package or an instance of another class."""
    if c.recv_type:
        return c.recv_type.startswith((*_CUBE_GATEWAYS, "this."))
    spec = ff.imports.get(c.recv.split(".", 1)[0])
    return spec is None or spec.startswith(_CUBE_GATEWAYS)


def _is_cube_server(recv_type: str) -> bool:
    """An instance of ``@cubejs-backend/server``'s default export or its ``CubejsServer``."""
    return recv_type.removesuffix(".default").removesuffix(".CubejsServer") == _CUBE_SERVER


# a route module's exported path: a regex literal (`/^\\/status$/`) or a quoted string
_EXPORTED_PATH = lazy_re(r"""^/(.+)/[a-z]*$|^(['"`])(/[^'"`]*)\2$""")


def _route_module_health(ff: FileFacts) -> tuple[str, int] | None:
    """A module that is one route of a server loading its route modules by
    type (TiddlyWiki's ``module-type: route``: ``exports.methods = ["GET"]``,
    ``exports.path = /^\\/status$/``, ``exports.handler = function...``): a
    health path answering GET, with a handler function of its own."""
    exports = ff.extra.get("exports") if ff.extra and ff.lang != "py" else None
    if not isinstance(exports, dict):
        return None
    m = _EXPORTED_PATH.match(str(exports.get("path", "")))
    methods = re.findall(r"""['"`](\w+)['"`]""", str(exports.get("methods") or exports.get("method") or ""))
    handler = next((f for f in ff.funcs if exports.get("handler") in (f.id, f.name) and not f.parent and not f.cls), None)
    if m is None or handler is None or not any(_answers_get(verb) for verb in methods):
        return None
    return (ff.path, handler.line) if is_health_path(m.group(1) or m.group(3)) else None


def _named_for_health_route(path: str) -> bool:
    """A file whose path is a health route's (a file-based route:
    ``pages/api/health.ts``) or whose own name is (``api/ping.js``,
    ``routes/healthz.py``): worth parsing to look for one."""
    stem = path.rsplit(".", 1)[0]
    return is_health_path(stem) or is_health_path(posixpath.basename(stem))


_ROUTE_KEYS = ("path", "url", "route", "pattern")
# `url + 'health.ashx'`, `domain.url + "/healthz"`: a variable prefix and a literal rest
_CONCAT_PATH = lazy_re(r"""^[A-Za-z_$][\w$.]* ?\+ ?(['"`])([\w./-]*)\1$""")


def _flask_health_endpoint(c: Call) -> bool:
    """A Flask route whose path is only known when the app starts (a variable
    or a call: vantage6's ``path = "/".join([api_base, logger_name(__name__)])``)
    registered for GET under an endpoint named for the health check:
    ``api.add_resource(Health, path, endpoint="health")``. The endpoint is the
    name Flask gives the route: the ``endpoint`` argument, else the resource
    class's name (flask-restful) or the view function's (``add_url_rule``).
    A path with literal text of its own is not judged by its endpoint."""
    view: Val | None
    if c.method == "add_resource" and len(c.args) >= 2:
        paths, view = c.args[1:], c.args[0]
        named = c.kwargs.get("endpoint")
    elif c.method == "add_url_rule" and c.args:
        paths, view = c.args[:1], c.kwargs.get("view_func") or (c.args[2] if len(c.args) > 2 else None)
        named = c.kwargs.get("endpoint") or (c.args[1] if len(c.args) > 1 else None)
    else:
        return False
    if any(p.k not in (IDENT, CALL) for p in paths):
        return False
    methods = c.kwargs.get("methods")
    if methods is not None and methods.items and all(m.k == STR for m in methods.items) and not any(
            _answers_get(m.v) for m in methods.items):
        return False  # methods=("POST",): a probe sends GET
    if named is not None and named.k != NULL:
        name = named.v if named.k == STR else ""
    else:
        name = last_name(view.v.split("@", 1)[0]) if view is not None and view.k in (IDENT, FN) else ""
    words = [w for w in re.split(r"[-_.]", name.lower()) if w]
    return bool(words) and (name.strip("_").lower() in HEALTH_WORDS or (
        any(w in _HEALTH_PARTS for w in words) and all(w in _HEALTH_PARTS or w in _INFRA_PARTS for w in words)))


# methods that register a route with its path first (Starlette's and FastAPI's `add_route`)
_NAMED_PATH_VERBS = _ROUTE_VERBS | {"add_route", "add_api_route"}


def _named_path(ff: FileFacts, v: Val, depth: int = 0) -> str:
    """The name a route path is held in: a variable or attribute
    (``config.healthCheck.path``), or the one named argument of the calls that
    wrap it (a prefix helper, ``str()``: ``prepend_backend_path(str(Endpoint.HEALTH))``),
    else ""."""
    if v.k == IDENT:
        return v.v
    if v.k != CALL or depth >= 3 or not 0 <= v.call < len(ff.calls):
        return ""
    named = [a for a in ff.calls[v.call].args if a.k in (IDENT, CALL)]
    return _named_path(ff, named[0], depth + 1) if len(named) == 1 else ""


def _health_via_route_wrapper(project: Project, ff: FileFacts, c: Call) -> bool:
    """``this.registerGetPathPrefix(this.options.healthCheckPath, handler)``: a
    call of the project's own function or method that registers a GET route on
    the server at the path it is handed (its body: ``this.server.get(prefix,
    ...)``), handed a health path or a path named for the health check."""
    if len(c.args) < 2 or c.args[-1].k not in (FN, IDENT, CALL) or c.method in _ROUTE_VERBS or c.new:
        return False
    at = [i for i, a in enumerate(c.args[:-1])
          if (a.k == IDENT and _HEALTH_NAME.search(a.v)) or (a.k == STR and a.v.startswith("/") and is_health_path(a.v))]
    if not at:
        return False
    for tf, f in callee_funcs(project, ff, c):
        shift = 1 if f.cls and f.params and f.params[0] in ("self", "cls") else 0
        params = {f.params[i + shift] for i in at if i + shift < len(f.params)}
        if any(g.func == f.id and g.method in _ROUTE_VERBS and len(g.args) >= 2 and g.args[0].k == IDENT and g.args[0].v in params
               and _SERVER_RECV.search(g.recv) for g in tf.calls):
            return True
    return False


def _prefixed_path(v: Val) -> str:
    """A route path written as a variable prefix and a literal rest, as
    ``/${prefix}rest`` (what ``is_health_path`` reads past the hole), or ''."""
    if v.k == TMPL and v.v.startswith("${"):
        return "/" + v.v
    if v.k == OTHER:
        m = _CONCAT_PATH.match(v.v)
        if m is not None and m.group(2):
            return "/${prefix}" + m.group(2)
    return ""


def _write_verbs_only(c: Call) -> bool:
    """The call's ``method=``/``methods=`` argument names HTTP verbs, none of
    them one a probe sends (GET, HEAD)."""
    for key in ("method", "methods"):
        v = c.kwargs.get(key)
        if v is None:
            continue
        verbs = [x.v for x in (v.items or []) if x.k == STR] if v.k == ARR else [v.v] if v.k == STR else []
        if verbs and len(verbs) == len(v.items or [v]) and all(x.lower() in _WRITE_VERBS for x in verbs):
            return True
    return False


def _answers_get(method: str) -> bool:
    m = method.upper()
    return m in ("", "ANY", "ALL", "GET", "HEAD") or "GET" in m.replace(",", " ").split()


def _table_health_route(ff: FileFacts) -> tuple[str, int] | None:
    """A health route in a route table the file keeps as a module-level
    constant (``[{verb: 'get', path: '/_healthCheck', handler}, ...]``,
    registered in a loop), or a handler map keyed by path whose GET handler
    is named for the health check (``'/': { get: healthCheck }``)."""
    got = _table_route(ff, is_health_path) or _method_map_health_route(ff)
    if got is not None:
        return got
    for name, val in ff.consts.items():
        if name.startswith("/") and val.k == OBJ and val.keys:
            for verb in ("get", "GET", "head", "HEAD"):
                h = val.keys.get(verb)
                if h is not None and h.k in (FN, IDENT) and _HEALTH_NAME.search(h.v.split("@", 1)[0].rsplit(".", 1)[-1]):
                    return ff.path, val.line or h.line or 1
    return None


def _method_map_health_route(ff: FileFacts) -> tuple[str, int] | None:
    """A health path answering GET in a module-level route table keyed by path
    whose every entry is keyed by HTTP method (appium's W3C routes:
    ``{'/session': {POST: {...}}, '/status': {GET: {command: 'getStatus'}}}``,
    registered in a loop over paths and methods)."""
    for table in ff.consts.values():
        routes = table.keys if table.k == OBJ and table.keys else {}
        if len(routes) < 2 or not all(path.startswith("/") and _verb_map(v) for path, v in routes.items()):
            continue
        for path, methods in routes.items():
            if is_health_path(path) and any(_answers_get(verb) for verb in methods.keys or {}):
                return ff.path, methods.line or table.line or 1
    return None


def _verb_map(v: Val) -> bool:
    """``{GET: ..., DELETE: ...}``: entries keyed by HTTP method only."""
    return v.k == OBJ and bool(v.keys) and all(verb.lower() in HTTP_VERBS for verb in v.keys or {})


def _table_route(ff: FileFacts, wanted: Callable[[str], bool]) -> tuple[str, int] | None:
    """The first path of a module-level route table that ``wanted`` accepts."""
    for val in ff.consts.values():
        stack, seen = [val], 0
        while stack and seen < 5000:
            v = stack.pop()
            seen += 1
            if v.k == OBJ and v.keys:
                for k in _ROUTE_KEYS:
                    p = v.keys.get(k)
                    if p is not None and p.k == STR and p.v.startswith("/") and wanted(p.v):
                        return ff.path, p.line or val.line or 1
                stack.extend(v.keys.values())
            elif v.items:
                stack.extend(v.items)
    return None


def _strings(v: Val, depth: int = 0) -> Iterable[str]:
    if depth > 6:
        return
    if v.k in (STR, TMPL):  # f"{BASE_ROUTE}/health", `${prefix}/healthz`
        yield v.v
    for k, x in (v.keys or {}).items():
        if k.startswith("/"):
            yield k  # DispatcherMiddleware(app, {"/healthcheck": hc_app}): a mount path
        yield from _strings(x, depth + 1)
    for x in v.items or []:
        yield from _strings(x, depth + 1)


def _probed(project: Project, unit: Unit) -> bool:
    """A Dockerfile HEALTHCHECK or a compose healthcheck of this service that
    requests a health path (a Dockerfile in an example folder of the service,
    shiny's code-editor sample ``examples/code-editor/examples/docker.dockerfile``,
    probes the example's app, not the service)."""
    for ff, _line, text in unit_commands(project, unit):
        if is_demo_path(ff.path[len(unit.root):]):
            continue
        if text.upper().startswith("HEALTHCHECK") and _mentions_health_url(text):
            return True
    for cs in compose_for(project, unit):
        hc = cs.data.get("healthcheck")
        if isinstance(hc, dict):
            test = hc.get("test")
            text = " ".join(str(t) for t in test) if isinstance(test, list) else str(test or "")
            if _mentions_health_url(text):
                return True
    return False


def _paste_health_check(project: Project, unit: Unit) -> bool:
    """oslo.middleware's health check mounted by the service's Paste Deploy
    configuration (designate's etc/designate/api-paste.ini: ``/healthcheck:
    healthcheck`` in its urlmap, ``[app:healthcheck]`` built by
    ``oslo_middleware:Healthcheck.app_factory``), outside example folders."""
    return any(ff.extra.get("health_mounts") for ff in unit_text_files(project, unit)
               if ff.extra and not is_demo_path(ff.path[len(unit.root):]))


def _builds_oslo_healthcheck(files: list[FileFacts]) -> bool:
    """oslo.middleware's health check built through the package's top-level
    export, ``import oslo_middleware`` then ``oslo_middleware.Healthcheck(app,
    conf)`` (the class Paste's ``oslo_middleware:Healthcheck.app_factory``
    names): the import alone, of the package, is no health check."""
    return any(c.callee == "oslo_middleware.Healthcheck" or c.callee.startswith("oslo_middleware.Healthcheck.")
               for ff in files if ff.lang == "py" for c in ff.calls)


def _mentions_health_url(text: str) -> bool:
    return any(is_health_path(m.group(0)) for m in re.finditer(r"/[\w./-]*", text))


def _worker_sidecar(project: Project, unit: Unit, entry: Entry) -> bool:
    """A worker that runs a bare ``http.createServer`` (metrics, probes) is not
    an HTTP service; nor is a Python worker whose only HTTP servers are
    stdlib ones exposing its Prometheus metrics (``_py_metrics_server``:
    dramatiq's Prometheus middleware, forked beside the worker processes)."""
    entries = entry_points(project, unit)
    if not any(e.kind == WORKER and e.tier <= 2 for e in entries):
        return False
    if entry.ff.lang == "py":
        return all(_py_metrics_server(project, e) for e in entries if e.kind == HTTP)
    c = entry.call
    bare = c is not None and (c.callee.endswith("createServer") or c.recv_type.endswith("createServer"))
    return bare and not any(r.path != "/metrics" for ff in unit.files for r in ff.routes)


_PROM_HANDLERS = frozenset({"prometheus_client.MetricsHandler", "prometheus_client.exposition.MetricsHandler"})
# what a hand-written handler may do besides calling prometheus_client: write its response
# (and measure it: `self.send_header("Content-Length", str(len(output)))`)
_HANDLER_WRITES = frozenset({"send_response", "send_header", "end_headers", "write", "flush"})
_MEASURES = frozenset({"len", "str"})


def _py_metrics_server(project: Project, entry: Entry) -> bool:
    """``serve_forever()`` of an ``http.server`` server built in the same
    function with a request handler that only exposes Prometheus metrics:
    prometheus_client's ``MetricsHandler``, or a handler class of the file
    whose ``do_*`` methods call ``generate_latest`` and otherwise only
    prometheus_client and the response writes, testing nothing (dramatiq's
    ``HTTPServer((HTTP_HOST, HTTP_PORT), _metrics_handler).serve_forever()``,
    its ``do_GET`` writing the multiprocess registry).  A handler that tests
    its path or calls anything else serves more than metrics."""
    ff, call = entry.ff, entry.call
    if call is None or call.method != "serve_forever" or not call.recv or not call.recv_type.startswith("http.server."):
        return False
    made = [c for c in ff.calls if c.assigned == call.recv and c.func == call.func and c.line <= call.line]
    if not made:
        return False
    handler = made[-1].args[1] if len(made[-1].args) >= 2 else made[-1].kwargs.get("RequestHandlerClass")
    if handler is None or handler.k != IDENT:
        return False
    if handler.v in _PROM_HANDLERS:
        return True
    verbs = [f for f in ff.funcs if f.cls == handler.v and f.name.startswith("do_")]
    if not verbs or not any(isinstance(k, dict) and k.get("name") == handler.v for k in (ff.extra or {}).get("classes", ())):
        return False
    tested = {cmp[1] for cmp in (ff.extra or {}).get("compares", ()) or () if isinstance(cmp, list) and len(cmp) > 1}
    for f in verbs:
        body = project.calls_in(ff, f.id)
        if f.id in tested or any(project.nested_funcs(ff, f.id)):
            return False
        if not any(c.method == "generate_latest" and c.callee.startswith("prometheus_client.") for c in body):
            return False
        if not all(c.callee.startswith("prometheus_client.") or c.callee in _MEASURES
                   or (c.recv.split(".", 1)[0] == "self" and c.method in _HANDLER_WRITES) for c in body):
            return False
    return True


def _health_server(project: Project, entry: Entry) -> bool:
    """The HTTP server is itself the health check: started in a module or a
    class named for it (n8n's task runner: ``class HealthCheckServer`` in
    health-check-server.js answers 200 on every path)."""
    stem = entry.ff.path.rsplit("/", 1)[-1].split(".", 1)[0]
    if "health" in stem.lower():
        return True
    fn = project.func_of(entry.ff, entry.call) if entry.call is not None else None
    return fn is not None and "health" in fn.cls.lower() or _answers_ok_to_all(project, entry)


_NODE_SERVERS = frozenset({"http.createServer", "https.createServer", "node:http.createServer", "node:https.createServer"})
_RESPONSE_WRITES = frozenset({"writeHead", "setHeader", "write", "end"})


def _answers_ok_to_all(project: Project, entry: Entry) -> bool:
    """The service's raw Node server answers every request with the same
    success, whatever its path (y-websocket-server's ``http.createServer((_request,
    response) => { response.writeHead(200, ...); response.end('okay') })``, its
    WebSockets upgraded on the side): a probe of ``/healthz`` gets 200 as from a
    ``/ping`` route.  The request listener, defined inline, only writes to its
    response: ``writeHead`` with a 2xx status, then ``end``; no other call, no
    comparison, no function inside it (one that branches on the request or
    answers an error is no such server)."""
    ff, call = entry.ff, entry.call
    if ff.lang == "py" or call is None:
        return False
    for c in ff.calls:
        if c.callee not in _NODE_SERVERS or not c.args or c.args[-1].k != FN:
            continue
        if c is not call and not (c.assigned and c.assigned == call.recv):
            continue  # (the server the service starts: `const server = http.createServer(...)`, then `server.listen(...)`)
        fn = project.fn_target(ff, c.args[-1])
        if fn is None or len(fn.params) < 2 or project.nested_funcs(ff, fn.id):
            continue
        body = project.calls_in(ff, fn.id, nested=False)
        if any(d.recv != fn.params[1] or d.method not in _RESPONSE_WRITES for d in body):
            continue
        if any(isinstance(cmp, list) and len(cmp) > 1 and cmp[1] == fn.id for cmp in (ff.extra or {}).get("compares", ())):
            continue
        heads = [d for d in body if d.method == "writeHead"]
        if heads and all(d.args and d.args[0].k == NUM and d.args[0].v[:1] == "2" and len(d.args[0].v) == 3 for d in heads) \
                and any(d.method == "end" for d in body):
            return True
    return False


# database and Redis clients: what a health check would find dead (not an
# embedded SQLite library, sqlite3/better-sqlite3: a local file, no connection
# to lose; datasette serves its SQLite files through Python's sqlite3)
_DATABASES = (
    "pg", "pg-pool", "postgres", "mysql", "mysql2", "mariadb", "knex", "sequelize", "typeorm", "@prisma/client", "mongoose", "mongodb",
    "@mikro-orm/", "drizzle-orm", "kysely",
    "sqlalchemy", "psycopg2", "psycopg", "asyncpg", "aiopg", "pymysql", "MySQLdb", "aiomysql", "django.db", "peewee", "tortoise",
    "pymongo", "motor", "sqlmodel", "databases", "flask_sqlalchemy", "mongoengine",
)
_REDIS_CLIENTS = ("ioredis", "redis", "@redis/", "bullmq", "bull", "aioredis", "redis.asyncio", "celery", "rq")


def _dead_connections(project: Project, entry: FileFacts, files: list[FileFacts]) -> str:
    """What a dead dependency of the service is called: 'database', 'Redis',
    both, or ''. Only the server's own code counts: the entry file, files
    with routes or a server start, and modules another project file imports;
    not a module nothing imports, a plugin offered to the package's users
    (locust's ``contrib/postgres.py``, a load-test user that queries the
    database under test, is not the web UI's own connection)."""
    importers = importers_of(project)
    own = [ff for ff in files if ff is entry or ff.path in importers or ff.routes or entry_calls(ff)]
    found = [what for what, mods in (("database", _DATABASES), ("Redis", _REDIS_CLIENTS)) if find_module(own, mods) is not None]
    return " or ".join(found)


@check("RS903")
def no_health_endpoint(project: Project) -> Iterable[Hit]:
    for unit in units(project):
        entry = entry_point(project, unit, [HTTP])
        if entry is None or _worker_sidecar(project, unit, entry) or _health_server(project, entry):
            continue
        if _health_route(project, unit) is not None:
            continue
        if find_module(unit.files, JS_HEALTH_LIBS + PY_HEALTH_LIBS) is not None or uses_dependency(project, unit, JS_HEALTH_LIBS):
            continue
        if _probed(project, unit) or _paste_health_check(project, unit) or _builds_oslo_healthcheck(unit.files):
            continue
        dead = _dead_connections(project, entry.ff, unit.files)
        broken = f"an instance whose {dead} connection is dead" if dead else "an instance that is up but stuck (a hung event loop, every worker busy)"
        msg = (
            f"{_cap(unit.label)} is an HTTP service (`{entry.what}` in {entry.ff.path}) with no health endpoint "
            "(no /health, /healthz, /readyz or /ping route and no health-check library): the orchestrator or load balancer can only see "
            f"that the port is open, so {broken} keeps receiving traffic and is never restarted"
        )
        c = entry.call
        yield Hit("RS903", entry.ff.path, entry.line, msg, column=entry.col,
                  end_line=c.end_line if c is not None else 0, end_column=c.end_col if c is not None else 0, anchor=unit.anchor())


# --------------------------------------------------------------------------- RS904
_STATIC_JS = {
    "express.static": 1,
    "serve-static": 1,
    "koa-static": 1,
    "koa-static-server": 0,
    "@koa/static": 1,
    "express-static-gzip": 1,  # serve-static underneath: cache options under `serveStatic`
    # srvx's `staticMiddleware({ dir, maxAge, immutable })` (zigbee2mqtt's frontend): no
    # Cache-Control header at all unless `maxAge` is set, only ETag/Last-Modified
    "srvx/static.staticMiddleware": 0,
}
_FASTIFY_STATIC = ("@fastify/static", "fastify-static")


def _requires(project: Project, ff: FileFacts, val: Val, modules: tuple[str, ...]) -> bool:
    """``require('@fastify/static')`` written inline as the argument."""
    if val.k != CALL:
        return False
    sub = project.call_of(ff, val)
    return sub is not None and sub.callee == "require" and bool(sub.args) and sub.args[0].k == STR and sub.args[0].v in modules
_CACHE_KEYS = ("maxAge", "maxage", "max-age", "immutable", "setHeaders", "cacheControl", "headers", "cache", "lastModified_")
_CACHE_MIDDLEWARE = (
    "apicache", "express-cache-controller", "cache-control", "koa-cache-control", "@fastify/caching", "fastify-caching", "koa-static-cache",
    "nocache", "helmet.noCache", "express-cache-headers", "http-cache-middleware", "koa-conditional-get",
)
# a mount of files the application writes at run time (uploads, screenshots,
# avatars, logs), named by a whole word: `uploads`, `UPLOAD_DIR`, `userUploads`,
# `log_directory`, not a plugin called `uploadimage` nor a log viewer's assets
_USER_CONTENT_WORDS = frozenset({"upload", "uploads", "uploaded", "screenshot", "screenshots", "avatar", "avatars", "attachment",
                                 "attachments", "usercontent", "userdata", "userfiles", "logs"})
# the word after `user` or `log` that makes it a folder of such files: `user_files`, `LOG_DIR`
_CONTENT_FOLDER_AFTER = {"user": ("content", "data", "files"), "log": ("dir", "directory", "folder", "path", "root", "files")}


def _user_content(text: str) -> bool:
    words = [w for w in name_words(text) if not w.isdigit()]
    return any(w in _USER_CONTENT_WORDS or nxt in _CONTENT_FOLDER_AFTER.get(w, ()) for w, nxt in zip(words, [*words[1:], ""], strict=True))


_STARLETTE_STATIC = ("starlette.staticfiles.StaticFiles", "fastapi.staticfiles.StaticFiles")
# FastAPI's ``app.frontend(path, directory=...)`` / ``router.frontend(...)`` serves a
# front-end build through a StaticFiles subclass of its own that sets no Cache-Control
_FASTAPI_FRONTEND_OWNERS = frozenset({"fastapi.FastAPI", "fastapi.applications.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"})
_PY_CACHE_MIDDLEWARE = ("whitenoise", "starlette_cache", "fastapi_cache", "cachecontrol_middleware")
# Litestar's static router: answers with ETag/Last-Modified and no Cache-Control unless
# given `cache_control=`, or a layer above it (the app, a Router) sets one
_LITESTAR_STATIC = ("litestar.static_files.create_static_files_router", "litestar.static_files.router.create_static_files_router")
_LITESTAR_LABEL = "create_static_files_router"
_LITESTAR_LAYERS = frozenset({"litestar.Litestar", "litestar.app.Litestar", "litestar.Router", "litestar.router.Router"})


_NO_STORE = lazy_re(r"no-cache|no-store|max-age=0\b")


def _forbids_caching(value: Val | None) -> bool:
    """``res.set('Cache-Control', 'no-cache')`` on one page: what it says is
    "never cache", so it is no caching policy for the static files."""
    return value is not None and value.k == STR and bool(_NO_STORE.search(value.v.lower())) and not re.search(r"max-age=[1-9]", value.v)


# the `secure` package's header builder: `Secure(cache=CacheControl().max_age(31536000))`,
# which its middleware or `set_headers(response)` puts on every response
_SECURE_CACHE_CONTROL = lazy_re(r"^secure(?:\.headers)?\.CacheControl\(\)\.")


def _secure_cache_lifetime(c: Call) -> bool:
    """``CacheControl().public().max_age(31536000)`` / ``.immutable()`` /
    ``.set("public, max-age=86400")`` of the ``secure`` package: a lifetime
    for what it sends (not ``max_age(0)``, ``no_store()`` or ``no_cache()``,
    which forbid caching)."""
    if not _SECURE_CACHE_CONTROL.match(c.callee):
        return False
    if c.method == "immutable":
        return True
    if c.method == "set":
        return bool(c.args) and c.args[0].k == STR and bool(re.search(r"max-age=[1-9]|immutable", c.args[0].v))
    if c.method not in ("max_age", "s_maxage") or not c.args:
        return False
    return c.args[0].k != NUM or c.args[0].v.strip("0") not in ("", ".")


def _sets_cache_control(ff: FileFacts) -> bool:
    """The file sets a Cache-Control header somewhere (a caching middleware),
    not only in the handler of one route of its own (see :func:`_one_route_spans`)."""
    spans = _one_route_spans(ff)
    for c in ff.calls:
        if any(start < (c.line, c.col) and c.end_line <= end for start, end in spans):
            continue
        for v in c.args[:1]:
            # (also aiohttp's constant: `resp.headers.setdefault(hdrs.CACHE_CONTROL, ...)`)
            named = (v.k == STR and v.v.lower() == "cache-control") or (v.k == IDENT and v.v.endswith("hdrs.CACHE_CONTROL"))
            if named and not _forbids_caching(c.args[1] if len(c.args) > 1 else None):
                return True
        if any(k.lower() in ("cache-control", "cache_control") for k in c.kwargs):
            return True
        if any(_header_object_caches(a) for a in c.args):
            return True
        if _secure_cache_lifetime(c):
            return True
    for a in ff.extra.get("assigns", []) if ff.extra else []:  # only what frontends/_assigns.py keeps
        if isinstance(a, list) and a and ("cache-control" in str(a[0]).lower() or "cache_control]" in str(a[0]).lower()):
            # (`response.headers["cache-control"] = "no-store"` for index.html only says "never cache")
            if not _forbids_caching(_assigned_value(a)):
                return True
    for v in ff.consts.values():
        if _header_object_caches(v):
            return True
    return False


def _assigned_value(a: list) -> Val | None:
    """The value an ``assigns`` record (``[target, func, line, Val json, ...]``) gives, None when it holds none."""
    return from_json("Val", a[3]) if len(a) > 3 and isinstance(a[3], dict) else None


def _header_object_caches(v: Val) -> bool:
    """A header object (``{"Cache-Control": "public, max-age=31536000"}``)
    that gives responses a cache lifetime; ``{"cache-control": "no-cache"}``
    for the HTML entry documents says "never cache" and is no caching policy
    for the static files."""
    if v.k != OBJ or not v.keys:
        return False
    return any(k.lower() == "cache-control" and not _forbids_caching(val) for k, val in v.keys.items())


def _registers_cache_middleware(project: Project, ff: FileFacts) -> bool:
    """The Python file adds to its app a middleware that a project module of
    its own sets a Cache-Control header in: Starlette's ``Middleware(X)`` or
    ``add_middleware(X)`` with ``X`` a project class of another module whose
    module sets one (a dagster-webserver-like ``build_middleware()`` returning
    ``[Middleware(StaticCacheMiddleware)]``, the class in ``cache.py``)."""
    for c in ff.calls:
        if not c.args or c.args[0].k != IDENT:
            continue
        if not (c.method == "add_middleware" or c.callee in ("starlette.middleware.Middleware", "fastapi.middleware.Middleware")):
            continue
        home = project_class(project, ff, c.args[0].v)
        if home is not None and home[0].path != ff.path and _sets_cache_control(project.full(home[0])):
            return True
    return False


def _one_route_spans(ff: FileFacts) -> list[tuple[tuple[int, int], int]]:
    """Where a JS file registers a handler for one route of its own -- a verb
    and a path with no wildcard, ``app.get('/media/:filename', ...)``: the
    registration call's start (line, column) and end line.  A header set
    there goes out with that route's responses only (botpress's media
    route), not with the files a static middleware serves; ``app.use(...)``,
    ``app.all(...)`` and ``'*'`` paths stay middlewares."""
    if ff.lang == "py":
        return []
    one = {(r.line, r.col) for r in ff.routes if r.method != "ANY" and "*" not in r.path}
    return [((c.line, c.col), c.end_line) for c in ff.calls if (c.line, c.col) in one and c.method]


def _static_calls(project: Project, ff: FileFacts) -> Iterable[tuple[Call, Val | None, str]]:
    """(call, options, label) for static-file middleware constructions."""
    for c in ff.calls:
        callee = c.callee.replace(".default", "")
        if ff.lang == "py":
            if callee in _STARLETTE_STATIC:
                yield c, None, "StaticFiles"
            elif c.callee and not c.method and last_name(callee) in _static_subclass_names(project) and _stock_static_subclass(project, ff, callee) is not None:
                yield c, None, last_name(callee)
            elif _fastapi_frontend(c):
                yield c, None, f"{c.recv}.frontend"
            elif aiohttp_static.is_static_route(ff, c):
                yield c, None, aiohttp_static.LABEL
            elif callee in _LITESTAR_STATIC and not ({"cache_control", "**"} & c.kwargs.keys()):
                yield c, None, _LITESTAR_LABEL
            continue
        if callee in _STATIC_JS:
            idx = _STATIC_JS[callee]
            opts = c.args[idx] if len(c.args) > idx else None
            if callee == "koa-static-server" and c.args:
                opts = c.args[0]
            yield c, opts if opts is not None else Val(OBJ, keys={}), c.text.split("(", 1)[0] or callee
        elif c.method == "register" and c.args and (c.args[0].v.replace(".default", "") in _FASTIFY_STATIC or _requires(project, ff, c.args[0], _FASTIFY_STATIC)):
            opts = c.args[1] if len(c.args) > 1 else None
            yield c, opts if opts is not None else Val(OBJ, keys={}), "@fastify/static"
        elif c.method == "useStaticAssets" and c.recv:
            opts = c.args[1] if len(c.args) > 1 else Val(OBJ, keys={})
            yield c, opts, f"{c.recv}.useStaticAssets"
        elif callee.endswith("ServeStaticModule.forRoot") and c.args:
            opts = project.resolve(ff, c.args[0])
            inner = opts.keys.get("serveStaticOptions") if opts.k == OBJ and opts.keys is not None else None
            if opts.k != OBJ or opts.open:
                continue
            yield c, inner if inner is not None else Val(OBJ, keys={}), "ServeStaticModule.forRoot"


def _litestar_layer_cache(project: Project, ff: FileFacts) -> bool:
    """A Litestar app or Router of ``ff``'s service is given ``cache_control=``:
    a layered setting that every router and handler below it inherits, the
    static router included (the app is often built in another module)."""
    svc = project.service_of(ff.path)
    root = svc.root if svc is not None else None
    for other in project.code_files():
        if other.lang != "py" or not project.may_mention(other.path, "cache_control"):
            continue
        if root is not None:
            other_svc = project.service_of(other.path)
            if other_svc is None or other_svc.root != root:
                continue
        if any(c.callee in _LITESTAR_LAYERS and "cache_control" in c.kwargs for c in project.full(other).calls):
            return True
    return False


def _fastapi_frontend(c: Call) -> bool:
    """``app.frontend("/", directory="dist")`` on a FastAPI app or APIRouter
    (the receiver's type as the frontend knows it: a name bound to
    ``FastAPI(...)``/``APIRouter(...)``): FastAPI serves that directory with
    its own StaticFiles subclass, which adds no Cache-Control header."""
    return c.method == "frontend" and "directory" in c.kwargs and c.recv_type.split("()")[0] in _FASTAPI_FRONTEND_OWNERS


@per_project
def _static_subclass_names(project: Project) -> frozenset[str]:
    """Names of the project's Python classes that may extend StaticFiles (a
    base of that name, or of such a class): the cheap gate before
    :func:`_stock_static_subclass`."""
    bases: dict[str, set[str]] = {}
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for c in ff.extra.get("classes", []) or []:
            if isinstance(c, dict) and c.get("name"):
                bases.setdefault(str(c["name"]), set()).update(last_name(str(b)) for b in c.get("bases", []) or [] if isinstance(b, str))
    names = {"StaticFiles"}
    grown = True
    while grown:
        new = {n for n, bs in bases.items() if n not in names and bs & names}
        names |= new
        grown = bool(new)
    if not _names_own_static_files(bases):
        names.discard("StaticFiles")
    return frozenset(names)


def _names_own_static_files(bases: dict[str, set[str]]) -> bool:
    """A project class is itself named ``StaticFiles`` and extends a
    StaticFiles (shiny's ``class StaticFiles(starlette.staticfiles.StaticFiles)``,
    imported under Starlette's name): calls of that name may construct it."""
    return "StaticFiles" in bases.get("StaticFiles", set())


def _stock_static_subclass(project: Project, ff: FileFacts, name: str, depth: int = 0) -> tuple[FileFacts, int] | None:
    """``name`` (as a call names it) is a project class that extends
    Starlette's StaticFiles, directly or through project classes, in modules
    that set no Cache-Control header anywhere (argilla-server's
    ``RewriteStaticFiles``, which only rewrites unknown paths to index.html):
    it serves files as StaticFiles does. The class's file and line, else None."""
    home = base_class_home(project, ff, name) if depth < 4 and name else None
    if home is None or home[0].lang != "py" or _sets_cache_control(home[0]):
        return None
    info = next((c for c in home[0].extra.get("classes", []) or [] if isinstance(c, dict) and c.get("name") == home[1]), None)
    if info is None:
        return None
    for base in class_bases(home[0], home[1]):
        if base in _STARLETTE_STATIC or _stock_static_subclass(project, home[0], base, depth + 1) is not None:
            return home[0], int(info.get("line") or 0)
    return None


_TORNADO_STATIC = frozenset({"tornado.web.StaticFileHandler"})


def _tornado_static(ff: FileFacts) -> list[Route]:
    """Tornado routes served by the stock ``StaticFileHandler`` (a subclass
    may set its own cache time), except of files the application writes
    (judged by the route's path: the frontend keeps the handler, not its options)."""
    return [
        r for r in ff.routes
        if r.framework == "tornado" and r.middleware and r.middleware[0].k == IDENT and r.middleware[0].v in _TORNADO_STATIC
        and not _user_content(r.path)
    ]


def _sets_static_path(ff: FileFacts) -> bool:
    """Tornado settings with ``static_path`` in this file: a module-level
    settings dict (``settings = {"static_path": ...}``) or a call given it
    (``Application(handlers, static_path=...)``, ``dict(static_path=...)``)."""
    if any(v.k == OBJ and v.keys and "static_path" in v.keys for v in ff.consts.values()):
        return True
    return any("static_path" in c.kwargs or any(a.k == OBJ and a.keys and "static_path" in a.keys for a in c.args) for c in ff.calls)


@per_project
def _static_url_services(project: Project) -> frozenset[str]:
    """Roots of the services whose Tornado settings set ``static_path``.

    That setting is what ``static_url()`` needs, and pages link their assets
    through it (``{{ static_url('app.js') }}`` in a template): the URL then
    carries a ``?v=<hash>`` that StaticFileHandler answers with a ten-year
    max-age, whatever route serves it.  Templates are not scanned, so in such
    a service the links are taken to be versioned."""
    out = set()
    for ff in project.parsed_code_files():
        if ff.lang == "py" and _sets_static_path(ff):
            svc = project.service_of(ff.path)
            out.add(svc.root if svc is not None else "")
    return frozenset(out)


@check("RS904")
def static_assets_no_cache(project: Project) -> Iterable[Hit]:
    for ff in project.parsed_code_files():
        if one_off_path(project, ff.path) or is_demo_path(ff.path) or is_mock(ff) or is_browser(project, ff):
            continue
        found = list(_static_calls(project, ff))
        tornado = _tornado_static(ff) if ff.lang == "py" and ff.routes else []
        if tornado and _static_url_services(project):
            svc = project.service_of(ff.path)
            if (svc.root if svc is not None else "") in _static_url_services(project):
                tornado = []  # pages link the files through static_url(): versioned, cached for ten years
        if not found and not tornado:
            continue
        if unrun_ui_server(project, ff):
            continue  # a front-end's local preview server, not what is deployed
        if _sets_cache_control(ff):
            continue
        if ff.lang == "py":
            if find_module([ff], _PY_CACHE_MIDDLEWARE) is not None or _registers_cache_middleware(project, ff):
                continue
            if all(label == aiohttp_static.LABEL for _, _, label in found) and not tornado \
                    and aiohttp_static.service_sets_cache_control(project, ff, _sets_cache_control):
                continue  # an aiohttp middleware or response hook of the service sets the header
            if any(label == _LITESTAR_LABEL for _, _, label in found) and _litestar_layer_cache(project, ff):
                found = [f for f in found if f[2] != _LITESTAR_LABEL]  # the app or a Router sets cache_control for every layer below
        elif find_module([ff], _CACHE_MIDDLEWARE) is not None:
            continue
        for r in tornado:
            yield Hit("RS904", ff.path, r.line,
                      f"Tornado's `StaticFileHandler` serves `{r.path}` with no Cache-Control header (it sends one only for URLs with a `?v=` "
                      "version argument, which `static_url()` adds): browsers and CDNs revalidate every asset on every page view, adding a "
                      "round trip per file and load on the app server; link the files with `static_url()` or route them to a "
                      "StaticFileHandler subclass whose `get_cache_time` returns a max-age",
                      column=r.col, anchor=f"static:tornado:{r.path}")
        for c, opts, label in found:
            if opts is not None:
                v = project.resolve(ff, opts)
                if v.k != OBJ or v.keys is None or v.open:
                    continue  # options we cannot see
                keys = v.keys
                inner = keys.get("serveStatic") if c.callee.startswith("express-static-gzip") else None
                if inner is not None:
                    iv = project.resolve(ff, inner)
                    if iv.k != OBJ or iv.keys is None or iv.open:
                        continue
                    keys = iv.keys
                if any(k in keys for k in _CACHE_KEYS):
                    continue
            if _serves_user_content(project, ff, c):
                continue
            target = _static_target(project, ff, c)
            shown = c.text if c.text and len(c.text) <= 100 and c.text.count("(") == c.text.count(")") else f"{label}({target})"
            related = []
            if ff.lang == "py" and _fastapi_frontend(c):
                msg = (f"`{shown}` serves a front-end build with no Cache-Control header (FastAPI's `frontend()` serves it with "
                       "Starlette's StaticFiles, which sends only ETag/Last-Modified): browsers and CDNs revalidate every asset on every "
                       "page view, adding a round trip per file and load on the app server; set Cache-Control in a middleware (a long "
                       "max-age for fingerprinted assets, no-cache for index.html)")
            elif label == _LITESTAR_LABEL:
                msg = (f"`{shown}` serves files with no Cache-Control header (Litestar's static router sends only ETag/Last-Modified "
                       "unless given `cache_control=`): browsers and CDNs revalidate every asset on every page view, adding a round trip "
                       "per file and load on the app server; pass `cache_control=CacheControlHeader(max_age=…)` to the router (or set it "
                       "on the app or an enclosing Router)")
            elif label == aiohttp_static.LABEL:
                msg = (f"`{shown}` serves files with no Cache-Control header (aiohttp answers a static route with only "
                       "Last-Modified/ETag): browsers and CDNs revalidate every asset on every page view, adding a round trip per file "
                       "and load on the app server; set Cache-Control in a middleware or an on_response_prepare handler (a long max-age "
                       "for fingerprinted assets, no-cache for the HTML)")
            elif ff.lang == "py" and c.callee.replace(".default", "") not in _STARLETTE_STATIC:
                sub = _stock_static_subclass(project, ff, c.callee.replace(".default", ""))
                if sub is not None:
                    related.append(Related(sub[0].path, sub[1], f"`{label}` extends Starlette's StaticFiles and sets no Cache-Control lifetime"))
                msg = (f"`{shown}` (`{label}` is the project's subclass of Starlette's StaticFiles and sets no Cache-Control lifetime) serves files with no Cache-Control header "
                       "(Starlette sends only ETag/Last-Modified): browsers and CDNs revalidate every asset on every page view, adding a round "
                       f"trip per file and load on the app server; set Cache-Control in `{label}` (its `file_response`) or in a middleware")
            elif ff.lang == "py":
                msg = (f"`{shown}` serves files with no Cache-Control header (Starlette sends only ETag/Last-Modified): browsers and "
                       "CDNs revalidate every asset on every page view, adding a round trip per file and load on the app server; mount a "
                       "StaticFiles subclass or middleware that sets Cache-Control")
            elif c.callee == "srvx/static.staticMiddleware":
                msg = (f"`{shown}` serves files with no maxAge: srvx's staticMiddleware then sends no Cache-Control header (only "
                       "ETag/Last-Modified), so browsers and CDNs revalidate or re-download every asset on every page view through "
                       "the Node process; set maxAge (with immutable for fingerprinted assets) and keep the HTML revalidated")
            else:
                msg = (f"`{shown}` serves files with no cache settings (no maxAge/immutable/setHeaders): assets go out with "
                       "Cache-Control: max-age=0, so every page view revalidates or re-downloads every file through the Node process "
                       "instead of the browser or CDN cache")
            yield Hit("RS904", ff.path, c.line, msg, column=c.col, end_line=c.end_line, end_column=c.end_col,
                      anchor=f"static:{label}:{target}", related=related)


def _serves_user_content(project: Project, ff: FileFacts, c: Call) -> bool:
    """Is the mounted directory one the application writes to (uploads, screenshots)?"""
    if ff.lang == "py":
        d = aiohttp_static.directory(c) if aiohttp_static.is_static_route(ff, c) else c.kwargs.get("directory")
        if c.callee in _LITESTAR_STATIC:
            d = _litestar_directory(c)
    else:
        d = c.args[0] if c.args else None
    if d is None:
        return False
    lit = project.literal(ff, d)
    return _user_content(lit if lit is not None else f"{d.v} {c.text}") or (ff.lang == "py" and _generated_dir(ff, c, d))


def _litestar_directory(c: Call) -> Val | None:
    """The first folder a Litestar static router serves (``directories=[...]``, its second argument)."""
    ds = c.kwargs.get("directories", c.args[1] if len(c.args) > 1 else None)
    return ds.items[0] if ds is not None and ds.k == ARR and ds.items else None


_PATH_WRAPPERS = frozenset({"str", "os.fspath", "pathlib.Path", "Path"})


def _generated_dir(ff: FileFacts, c: Call, d: Val) -> bool:
    """The function mounting ``StaticFiles(directory=d)`` makes ``d`` itself
    (``d.mkdir(...)``, ``os.makedirs(d)``) and writes a file before the mount:
    files generated at run time (opal-server's jwks.json, written at startup
    from the signing key), which may change under their name."""
    if d.k == CALL and d.v in _PATH_WRAPPERS and 0 <= d.call < len(ff.calls) and ff.calls[d.call].args:
        d = ff.calls[d.call].args[0]
    if d.k != IDENT or not c.func:
        return False
    before = [x for x in ff.calls if x.func == c.func and x.line <= c.line]
    made = any((x.method == "mkdir" and x.recv == d.v) or (x.callee in ("os.makedirs", "os.mkdir") and x.args and x.args[0].k == IDENT
                                                         and x.args[0].v == d.v) for x in before)
    return made and any(_writes_file(x) for x in before)


def _writes_file(c: Call) -> bool:
    if c.method in ("write_text", "write_bytes"):
        return True
    if c.callee not in ("open", "io.open", "aiofiles.open"):
        return False
    mode = c.args[1] if len(c.args) > 1 else c.kwargs.get("mode")
    return mode is not None and mode.k == STR and any(m in mode.v for m in "wax")


def _static_target(project: Project, ff: FileFacts, c: Call) -> str:
    if ff.lang == "py":
        if aiohttp_static.is_static_route(ff, c):
            d = aiohttp_static.directory(c)
            lit = project.literal(ff, d) if d is not None else None
            return f"'{lit}'" if lit is not None else "…"
        if c.callee in _LITESTAR_STATIC:
            p = c.kwargs.get("path", c.args[0] if c.args else None)
            lit = project.literal(ff, p) if p is not None else None
            return f"'{lit}'" if lit is not None else "…"
        d = c.kwargs.get("directory")
        if d is not None:
            lit = project.literal(ff, d)
            return f'directory="{lit}"' if lit is not None else "directory=…"
        return ""
    if c.args:
        lit = project.literal(ff, c.args[0])
        if lit is not None:
            return f"'{lit}'"
        if c.args[0].k == CALL and "path." in c.args[0].v:
            return "path…"
    return "…" if c.args else ""


# --------------------------------------------------------------------------- RS905
# the consequence RS905's messages give for a call made in the serving worker itself
_WORKER_BLOCKED = lazy_re(r"blocks this worker(?: forever| until it is restarted| \(and, under load, every worker\) until the process is restarted)")


def _thread_per_call(project: Project, ff: FileFacts, call: Call) -> tuple[Call, Func, Func, Func | None] | None:
    """The ``threading.Thread(target=fn)`` of the same file, made inside a
    function, whose target ``fn`` holds ``call`` (integreat-cms's
    ``matomo_request``, started by the per-request ``wrap``), or calls the
    function holding it when nothing else does (errbot's version check: the
    thread runs ``self._async_vcheck``, which calls ``self._get_version()``):
    (the Thread call, the target, the function starting it, the helper
    holding ``call`` or None)."""
    if not call.func:
        return None
    funcs = {f.id: f for f in ff.funcs}
    holder = funcs.get(call.func)
    # (the file's threads first: most files start none, and finding the sole
    # caller asks every other file whether it names the function)
    threads = [t for t in ff.calls if t.callee in ("threading.Thread", "threading.Timer") and t.func and t.func in funcs]
    if holder is None or not threads:
        return None
    for target, helper in ((holder, None), (None, holder)):
        if target is None:
            target = _sole_caller(project, ff, holder, funcs)
            if target is None:
                continue
        for t in threads:
            v = t.kwargs.get("target") if t.callee == "threading.Thread" else (t.args[1] if len(t.args) > 1 else t.kwargs.get("function"))
            if v is not None and _names_func(v, target, funcs[t.func]):
                return t, target, funcs[t.func], helper
    return None


def _loops_over(ff: FileFacts, target: Func, helper: Func | None, call: Call) -> bool:
    """The thread's target makes the request (or calls the helper making it)
    inside a ``while`` loop of its own: a worker that takes one job after
    another for as long as it lives, not a thread that makes one request."""
    loops = while_loops(ff, target.id)
    if not loops:
        return False
    lines = [call.line] if helper is None else [c.line for c in ff.calls if c.func == target.id and last_name(c.callee) == helper.name]
    return any(lo <= ln <= hi for lo, hi in loops for ln in lines)


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
    if fn.decorators:
        return None
    named = (fn.name, f"self.{fn.name}")
    if any(v.k == IDENT and v.v in named for c in ff.calls for a in (*c.args, *c.kwargs.values()) for v in walk_vals(a)):
        return None
    holders = {c.func for c in ff.calls if last_name(c.callee) == fn.name}
    if len(holders) != 1:
        return None
    if any(project.may_mention(g.path, fn.name) for g in project.files.values() if g is not ff and g.lang != "compose"):
        return None  # (asked last: it reads every other file's names)
    return funcs.get(holders.pop())


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
        if m is not None and got is not None:
            # the request's worker goes on; the thread started for each call hangs, and they pile up
            t, target, starter, helper = got
            through = f" (which calls `{helper.name}`)" if helper is not None else ""
            # a Timer runs its function only when it fires: one the starter cancels first
            # (dtale's reaper, restarted on every request) runs nothing
            each = ("for each of these timers that fires" if t.callee == "threading.Timer"
                    else f"each time `{starter.name}` runs")
            if t.callee == "threading.Thread" and _loops_over(u.ff, target, helper, c):
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
        yield Hit("RS905", u.ff.path, c.line, msg, column=c.col, end_line=c.end_line, end_column=c.end_col,
                  related=related, anchor=u.anchor)
    for _where, (made, users) in sorted(shared.items(), key=lambda kv: kv[0]):
        yield _shared_client_hit(project, made, users)


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
    at = next((c for c in ff.calls if c.line == line), None) if ff is not None else None
    lib = users[0].lib
    anchor = f"http:{lib}:made:{at.callee if at is not None else ''}:{at.assigned if at is not None else ''}"
    if at is None:
        return Hit("RS905", path, line, msg, related=related, anchor=anchor)
    return Hit("RS905", path, line, msg, column=at.col, end_line=at.end_line, end_column=at.end_col, related=related, anchor=anchor)


def _shown(c: Call) -> str:
    return f"{c.recv}.{c.method}" if c.recv and c.method else (c.callee.rsplit("/", 1)[-1] or c.callee)


# --------------------------------------------------------------------------- RS906
JS_METRICS = (
    "prom-client", "express-prom-bundle", "prometheus-api-metrics", "express-prometheus-middleware", "@opentelemetry/", "hot-shots",
    "node-statsd", "statsd-client", "lynx", "dd-trace", "datadog-metrics", "@datadog/", "newrelic", "elastic-apm-node", "appmetrics",
    "@google-cloud/monitoring", "aws-embedded-metrics", "@aws-sdk/client-cloudwatch", "@willsoto/nestjs-prometheus", "fastify-metrics",
    "koa-prometheus-adv", "prometheus-gc-stats", "swagger-stats", "@pm2/io", "@honeycombio/", "applicationinsights", "@azure/monitor-opentelemetry",
    "@dynatrace/", "@instana/collector", "@appsignal/", "@promster/", "@sentry/node.metrics", "@vercel/otel", "statsd", "node-dogstatsd",
    "@splunk/otel", "opentelemetry", "@grafana/faro-core", "prometheus-query", "@hapi/good", "measured-core", "measured",
    "aedes-stats",  # an MQTT broker's statistics on $SYS topics (see _sys_stats)
)
PY_METRICS = (
    "prometheus_client", "prometheus_fastapi_instrumentator", "starlette_exporter", "starlette_prometheus", "prometheus_flask_exporter",
    "django_prometheus", "aioprometheus", "opentelemetry", "statsd", "datadog", "ddtrace", "newrelic", "elasticapm", "applicationinsights",
    "opencensus", "azure.monitor", "pyformance", "prometheus_async", "scout_apm", "appsignal", "beeline", "aiohttp_prometheus",
    "flask_prometheus_metrics", "prometheus_aioexporter", "celery_exporter", "sentry_sdk.metrics", "honeycomb", "pystatsd", "markus",
    # aiohttp-openmetrics: its metrics_middleware times every request, its `metrics` handler serves them
    "aiohttp_openmetrics",
    # request tracing (per-request latencies and errors, like the tracers above)
    "opentracing", "jaeger_client",
    # gRPC server interceptors recording Prometheus metrics (py-grpc-prometheus's PromServerInterceptor)
    "py_grpc_prometheus", "py_async_grpc_prometheus", "python_grpc_prometheus",
)
_METRIC_COMMANDS = lazy_re(r"opentelemetry|otel|dd-trace|ddtrace|datadog|newrelic|elastic-apm|prometheus|statsd|honeycomb|appsignal|instana", re.I)
# in Kubernetes/Helm YAML, supervisor program files and systemd units a
# container or program may *be* Prometheus, an exporter or a StatsD server;
# only a wrapper that instruments the service's own process counts there
_METRIC_WRAPPERS = lazy_re(
    r"opentelemetry-instrument|ddtrace-run|newrelic-admin|(?:-r|--require|--import)[\s=]+\S*(?:dd-trace|newrelic|@opentelemetry|elastic-apm)", re.I
)
_METRIC_ENV = lazy_re(r"^(OTEL_|DD_(AGENT|TRACE|SERVICE|ENV)|NEW_RELIC_|ELASTIC_APM_|PROMETHEUS_|STATSD_|APPLICATIONINSIGHTS_)")


def _lists_other_programs(ff: FileFacts) -> bool:
    """A command file that may start other programs next to the service
    (Kubernetes/Helm YAML, supervisor, systemd), not only the service itself."""
    kind = ff.extra.get("kind") if ff.extra else ""
    return ff.path.lower().endswith((".yml", ".yaml")) or kind in ("yaml", "supervisor", "systemd", "supervisord.conf")


_METRICS_SEGMENT = frozenset({"metrics", "prometheus", "_metrics", "__metrics"})


_PATH_PARAM = lazy_re(r"[{<:]|\(\?P<|^\[")  # /{id}, /<int:id>, /:id, (?P<id>...), /[id]


def _instrumentation_route(path: str) -> bool:
    """``/metrics`` (or ``/internal/prometheus``): the process's own metrics,
    not a resource's statistics (``/datasets/{id}/metrics``: a path
    parameter before the last segment)."""
    raw = [p for p in path.split("/") if _PATH_CHARS.sub("", p)]
    if not raw or _PATH_CHARS.sub("", raw[-1]).lower() not in _METRICS_SEGMENT:
        return False
    return not any(_PATH_PARAM.search(p.replace("(?:", "")) for p in raw[:-1])


# a hole of a template path (f"{BASE_ROUTE_CORE}/metrics", `${PREFIX}/metrics`), not
# a path parameter written into an f-string (f"/items/{{item_id}}")
_TEMPLATE_HOLE = lazy_re(r"(?<!\{)\$?\{([A-Za-z_]\w*)\}(?!\})")


def _route_paths(project: Project, ff: FileFacts, route: Route) -> list[str]:
    """The paths a route is served at as far as the file tells: its path, or,
    when the path is a helper's result (Starlette's ``Route(_with_base(ROUTE_METRICS,
    base_url), ...)``, ``make_url_path(base, ROUTE)``), the literal paths the
    helper is given; a template's holes that name a string constant of the
    file are filled in (``f"{BASE_ROUTE_CORE}/metrics"`` -> ``_stcore/metrics``),
    so that a prefix is not read as a path parameter."""
    paths = [route.path]
    outer = imported_router_prefix(project, ff, route.router) if route.path.startswith("/") else ""
    if outer:
        paths = [join_path(outer, route.path)]  # (the blueprint another module made, with its prefix)
    call = next((c for c in ff.calls if c.line == route.line and c.col == route.col), None) if "/" not in route.path else None
    for a in call.args if call is not None else []:
        if a.k == CALL and a.v == route.path and 0 <= a.call < len(ff.calls):
            paths = [v.v for v in ff.calls[a.call].args if v.k in (STR, TMPL)] or paths
            break

    def fill(m: re.Match[str]) -> str:
        const = ff.consts.get(m.group(1))
        return const.v if const is not None and const.k in (STR, TMPL) else m.group(0)
    out = []
    for p in paths:
        for _ in range(3):  # (a constant may itself be a template of constants)
            p = _TEMPLATE_HOLE.sub(fill, p)
        out.append(p)
    return out


_METRIC_TYPES = frozenset({"Counter", "Histogram", "Gauge", "Summary"})


# a package named for an instrumentation library it wraps or re-exports
# (`@tryghost/prometheus-metrics`, `@medusajs/framework/opentelemetry/api`)
_JS_METRIC_NAME = lazy_re(r"prometheus|prom-client|opentelemetry", re.I)


# a function named for starting the process's Prometheus exporter or metrics server
_EXPORTER_STARTER = lazy_re(r"(?i)^(?:start|run|serve|expose|setup|init)_?(?:prometheus(?:_?(?:exporter|server|endpoint|metrics|http_server))?"
                               r"|metrics_?(?:exporter|server|endpoint|http_server))$")


# a StatsD client, middleware or metric logger class (`StatsdMiddleware`, `GalaxyStatsdClient`,
# ironic's `StatsdMetricLogger`; a plain `Client` of a module named for StatsD, monasca-statsd's
# `monascastatsd.Client`), not a setting or config class
_STATSD_CLASS = lazy_re(r"^[A-Z]\w*Stats[dD]\w*(?:Client|Middleware|Logger)$|^Stats[dD]\w*(?:Client|Middleware|Logger)$|^Client$")


def _statsd_wrapper_class(mod: str, name: str) -> bool:
    """A StatsD client, middleware or metric logger class from a module named
    for StatsD: one of the project's framework (galaxy's
    ``galaxy.web.framework.middleware.statsd.StatsdMiddleware``,
    ``galaxy.web.statsd_client.GalaxyStatsdClient``), which wraps the
    statsd library where the scan cannot see it, or the project's own
    (ironic's ``ironic.common.metrics_statsd.StatsdMetricLogger``, which
    sends the StatsD protocol over UDP itself), or a StatsD client library's
    ``Client`` (monasca-statsd's ``monascastatsd.Client``)."""
    return bool(_STATSD_CLASS.match(name)) and any("statsd" in part.lower() for part in mod.split("."))


def _metric_from_wrapper(ff: FileFacts) -> bool:
    """Metric types imported from a project's or framework's re-export of the
    Prometheus client (``from mautrix.util.opt_prometheus import Counter``),
    or a call of an imported function named for starting the Prometheus
    exporter (vantage6's ``start_prometheus_exporter(port=...)`` from its
    shared ``vantage6.backend.common.metrics``, which runs prometheus_client's
    ``start_http_server``), or a StatsD client or middleware class from a
    module named for StatsD, imported or made through its imported module
    (``_statsd_wrapper_class``), or a call into another package's module
    named for OpenTelemetry (``_calls_otel_wrapper``); in JS/TS, a package whose name says it wraps
    prom-client, Prometheus or OpenTelemetry (Ghost's
    ``@tryghost/prometheus-metrics``, medusa's
    ``@medusajs/framework/opentelemetry/api``)."""
    if ff.lang != "py":
        return any(not m.startswith(".") and _JS_METRIC_NAME.search(m) for m in ff.modules)
    imported = set(ff.imports.values())
    for dotted in imported:
        mod, _, name = dotted.rpartition(".")
        if name in _METRIC_TYPES and "prometheus" in mod.lower():
            return True
        if _statsd_wrapper_class(mod, name):
            return True
    for c in ff.calls:  # made through its imported module: metrics_statsd.StatsdMetricLogger(prefix)
        mod, _, name = c.callee.rpartition(".")
        if mod in imported and _statsd_wrapper_class(mod, name):
            return True
    if any((c.callee in imported or c.callee.rpartition(".")[0] in imported) and _EXPORTER_STARTER.match(c.callee.rpartition(".")[2])
           for c in ff.calls if "." in c.callee):
        return True
    return _calls_otel_wrapper(ff, imported)


# a module of another package named for the OpenTelemetry instrumentation it wraps
_OTEL_PARTS = frozenset({"otel", "opentelemetry"})


def _calls_otel_wrapper(ff: FileFacts, imported: set[str]) -> bool:
    """A call into an imported module of a package (not OpenTelemetry itself)
    named for OpenTelemetry: reflex's ``from reflex_base import otel`` and
    ``otel.asgi_middleware(app)``, ``otel.record_connection(1)`` (the
    framework's base package creates the meters and tracers)."""
    wrappers = {m for m in imported if _OTEL_PARTS.intersection(m.split(".")[1:])}
    return bool(wrappers) and any(c.callee in wrappers or c.callee.rpartition(".")[0] in wrappers for c in ff.calls)


_METRIC_LIBS = JS_METRICS + PY_METRICS
_LITERALS = (STR, NUM, BOOL, NULL)


def _placeholder_view(project: Project, ff: FileFacts, route: Route) -> str:
    """The name of the one function a ``/metrics`` route runs when all it does
    is answer a constant (label-studio's ``def metrics(request): return
    HttpResponse('')``, "Empty page for metrics evaluation"; ``(req, res) =>
    res.sendStatus(204)``): one call, given literals only, and no decorator
    that could wrap it; else "" (a view that computes anything, or one that
    cannot be read, is taken for the process's metrics)."""
    # (Starlette's Route(path, view) lists the view itself among the route's middleware)
    middleware = [m for m in route.middleware if not (route.handler and m.k == FN and m.v == route.handler)]
    if len(middleware) > (0 if route.handler else 1):
        return ""
    targets = view_targets(project, ff, route)
    if len(targets) != 1 or not targets[0][1]:
        return ""
    tf, fid, _cls = targets[0]
    fn = project.funcs(tf).get(fid)
    if fn is None or fn.decorators:
        return ""
    inside = {fid}
    for f in tf.funcs:  # (nested functions follow their parent in source order)
        if f.parent in inside:
            inside.add(f.id)
    calls = [c for c in tf.calls if c.func in inside]
    if len(calls) != 1 or any(a.k not in _LITERALS for a in (*calls[0].args, *calls[0].kwargs.values())):
        return ""
    return fn.name


def _otlp_messages_only(ff: FileFacts) -> bool:
    """The file's OpenTelemetry imports are only ``opentelemetry.proto``: the
    OTLP message classes of a service that receives telemetry from others
    (evidently's trace collector), which instrument nothing."""
    otel = [m for m in (*ff.modules, *ff.imports.values()) if m == "opentelemetry" or m.startswith("opentelemetry.")]
    return bool(otel) and all(m.startswith("opentelemetry.proto") for m in otel)


# MQTT's $SYS/ topics are where a broker publishes its own statistics (Mosquitto's
# $SYS/broker/clients/connected and load/*, mosca's Stats, aedes-stats), which MQTT
# monitoring reads; a heartbeat or a client-connected event there counts nothing
_SYS_TOPIC = lazy_re(r"""^[\s(]*["'`]?\$SYS/""")
_SYS_STAT = lazy_re(r"(?i)(?<![\w$])(?:load|memory|heap|uptime|bytes|messages|connections"
                       r"|clients/(?:connected|maximum|total|count|active)|publish/(?:received|sent)|subscriptions/count)(?![\w$])")
_LAST_NAME = lazy_re(r"([A-Za-z_$][\w$]*)\s*\)*\s*$")


def _sys_stats(project: Project, ff: FileFacts) -> bool:
    """The file publishes the service's statistics on MQTT ``$SYS/`` topics: a
    ``publish`` whose topic starts with ``$SYS/`` and names a statistic
    (``"$SYS/broker/load/connections/1min"``), itself or through a parameter of
    the function publishing that its callers in the file fill with one (mosca's
    Stats: ``doPublish("clients/connected", n)`` ->
    ``server.publish({ topic: "$SYS/" + server.id + "/" + topic })``).  Not a
    heartbeat or a new-client event (aedes's ``$SYS/<id>/heartbeat``), nor a
    subscription to another broker's ``$SYS/#``."""
    if ff.lang == "py":
        return False
    for c in ff.calls:
        if c.method != "publish" or not c.args:
            continue
        topic = c.args[0].keys.get("topic") if c.args[0].k == OBJ and c.args[0].keys else c.args[0]
        if topic is None or not _SYS_TOPIC.match(topic.v):
            continue
        if _SYS_STAT.search(topic.v):
            return True
        fn = project.funcs(ff).get(c.func) if c.func else None
        last = _LAST_NAME.search(topic.v)
        if fn is None or fn.name == "<anon>" or last is None or last.group(1) not in fn.params:
            continue
        at = fn.params.index(last.group(1))
        if any((k.callee == fn.name or k.method == fn.name) and len(k.args) > at and k.args[at].k == STR and _SYS_STAT.search(k.args[at].v)
               for k in ff.calls):
            return True
    return False


def _has_metrics(project: Project, unit: Unit) -> bool:
    hit = find_module(unit.files, _METRIC_LIBS)
    if hit is not None and hit[1] == "opentelemetry" and _otlp_messages_only(hit[0]):
        # (the first hit only decodes OTLP messages: look at every file)
        hit = next((h for ff in unit.files for h in [find_module([ff], _METRIC_LIBS)]
                    if h is not None and not (h[1] == "opentelemetry" and _otlp_messages_only(ff))), None)
    if hit is not None or any(_metric_from_wrapper(ff) for ff in unit.files):
        return True
    if any(_sys_stats(project, ff) for ff in unit.files if not ff.shallow):
        return True
    for ff in unit.files:  # a `/metrics` endpoint of its own (pretix's serve_metrics), kuzzle's route table entry
        if any(any(_instrumentation_route(p) for p in _route_paths(project, ff, r)) and not _placeholder_view(project, ff, r) for r in ff.routes) \
                or _table_route(ff, _instrumentation_route):
            return True
        if any(_instrumentation_route(path) for path, _line in handler_segment_paths(ff)):
            return True  # http.server: `if path[0] == "metrics":` in the handler (pghoard's Prometheus endpoint)
    if uses_dependency(project, unit, JS_METRICS):
        return True
    for ff in unit.files:
        if ff.lang == "py" and any(s in ("django_prometheus",) or s.startswith("django_prometheus.") for s in string_values(ff)):
            return True
    if _metrics_plugin(project, unit):
        return True
    for ff, _line, text in unit_commands(project, unit):
        if _dev_setup_script(ff.path[len(unit.root):]):
            continue  # (relative to the service: a service that is itself an example keeps its own start-up)
        if (_METRIC_WRAPPERS if _lists_other_programs(ff) else _METRIC_COMMANDS).search(text):
            return True
    for cs in compose_for(project, unit):
        if any(_METRIC_ENV.match(k) for k in cs.environment) or _METRIC_COMMANDS.search(cs.command + " " + cs.entrypoint):
            return True
    return False


# a shell script named for running or preparing the test suite (run-tests.sh,
# run-func-tests.sh, integration_test.sh, test-setup.sh): not the service's start-up
_TEST_RUNNER_SCRIPT = lazy_re(r"(?:^|[-_.])tests?(?:[-_.][^/]*)?\.(?:sh|bash)$", re.I)


def _dev_setup_script(path: str) -> bool:
    """A command file of a development or example set-up, not of the
    deployed service: an OpenStack DevStack plugin (``devstack/plugin.sh``,
    which configures a developer's DevStack cloud and names the project's
    Prometheus data source when it disables it), a dev container, an
    example or demo; the folders whose compose files are not deployments
    either (``DEV_DIRS``); a shell script named for running the tests
    (gnocchi's ``run-upgrade-tests.sh``, whose ``$GNOCCHI_STATSD_RESOURCE_ID``
    names a resource of the service under test); ``path`` is relative to
    the service's root."""
    return bool(DEV_DIRS.intersection(path.split("/")[:-1])) or is_demo_path(path) \
        or _TEST_RUNNER_SCRIPT.search(posixpath.basename(path)) is not None


def _metrics_plugin(project: Project, unit: Unit) -> str:
    """A plugin of the unit's Python package that ships its metrics: a
    project file outside the unit that imports a metrics library and defines
    a subclass of one of the package's classes (Lemur's ``lemur_statsd``, a
    package of its own under ``lemur/plugins/``: ``class
    StatsdMetricPlugin(lemur.plugins.bases.metric.MetricPlugin)`` sending
    through DogStatsd, which Lemur loads from its ``lemur.plugins`` entry
    point group).  Another service that merely imports the package keeps its
    metrics to itself.  The file's path, or ""."""
    pkgs = {p for ff in unit.files if ff.lang == "py" and ff.path in unit.own
            for p in [_top_package(unit.root, ff.path)] if p}
    if not pkgs:
        return ""
    mine = {ff.path for ff in unit.files}
    return next((path for path, bases in _metric_subclass_bases(project) if path not in mine and bases & pkgs), "")


@per_project
def _metric_subclass_bases(project: Project) -> list[tuple[str, frozenset[str]]]:
    """(path, top-level packages of its classes' dotted bases) of each parsed
    Python file that imports a metrics library and defines a subclass (once
    per project: every unit without metrics asks)."""
    out: list[tuple[str, frozenset[str]]] = []
    for ff in project.code_files():
        if ff.lang != "py" or ff.shallow or find_module([ff], _METRIC_LIBS) is None:
            continue
        tops = frozenset(b.split(".", 1)[0] for c in (ff.extra or {}).get("classes", []) or [] if isinstance(c, dict)
                         for b in c.get("bases", []) or [] if isinstance(b, str) and "." in b)
        if tops:
            out.append((ff.path, tops))
    return out


def _top_package(root: str, path: str) -> str:
    """The top-level package a file of a service is imported under (``lemur/factory.py`` -> ``lemur``), or ""."""
    rel = path[len(root) + 1:] if root and path.startswith(root + "/") else path
    head, sep, _rest = rel.partition("/")
    return head if sep and head.isidentifier() else ""


# workers that launch long-running services or run scheduled tasks rather than consume a job queue (an OpenStack
# agent or monitor under oslo.service, cotyledon's services, an APScheduler loop): their message names no queue depth
_TASK_RUNNERS = frozenset({"oslo_service.service.launch", "oslo_service.service.ServiceLauncher", "oslo_service.service.ProcessLauncher",
                           "cotyledon.ServiceManager", "apscheduler.schedulers.blocking.BlockingScheduler"})


@check("RS906")
def no_metrics(project: Project) -> Iterable[Hit]:
    for unit in units(project):
        entry = entry_point(project, unit, LONG_RUNNING)
        if entry is None:
            continue
        if _has_metrics(project, unit):
            continue
        py = entry.ff.lang == "py"
        libs = "prometheus_client, OpenTelemetry, StatsD/Datadog" if py else "prom-client, OpenTelemetry, StatsD/Datadog"
        tasks = entry.kind == WORKER and entry.call is not None and entry.call.callee in _TASK_RUNNERS
        what = ("task throughput, durations and failures" if tasks
                else "job throughput, durations, failures and queue depth" if entry.kind == "worker"
                else "request rates, latencies and error rates" if entry.kind == HTTP
                else "connection and request rates, latencies and error rates")
        runs = "a worker" if entry.kind == WORKER else SERVER_KIND_NAMES.get(entry.kind, f"a {entry.kind} server")
        placeholders = [(ff, r, name) for ff in unit.files for r in ff.routes
                        if _instrumentation_route(r.path) and (name := _placeholder_view(project, ff, r))]
        stub = f", and its `{placeholders[0][1].path}` route only answers a constant" if placeholders else ""
        msg = (
            f"{_cap(unit.label)} runs {runs} (`{entry.what}` in {entry.ff.path}) but has no metrics instrumentation ({libs}){stub}: "
            f"{what} are invisible, so saturation and slowdowns are found by users instead of alerts, and capacity cannot be planned"
        )
        c = entry.call
        yield Hit("RS906", entry.ff.path, entry.line, msg, column=entry.col,
                  end_line=c.end_line if c is not None else 0, end_column=c.end_col if c is not None else 0, anchor=unit.anchor(),
                  related=[Related(ff.path, r.line, f"`{r.path}` runs `{name}()`, which only returns a constant response") for ff, r, name in placeholders])


__all__ = ["unstructured_logging", "no_health_endpoint", "static_assets_no_cache", "http_client_no_timeout", "no_metrics", "is_health_path"]
