"""RS906 no-metrics: a service with no metrics instrumentation.

Project-level: one finding per service (``_services.units``) that runs a
server or a worker, at its entry point.
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterable

from ..facts import BOOL, CALL, FN, IDENT, NULL, NUM, OBJ, STR, TMPL, FileFacts, Route
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import check
from ._compose_model import DEV_DIRS
from ._longrun import TORNADO_TIMER
from ._memo import per_project
from ._mounts import imported_router_prefix, join_path
from ._routes import view_targets
from ._services import (
    HTTP,
    LONG_RUNNING,
    SERVER_KIND_NAMES,
    WORKER,
    Unit,
    compose_for,
    entry_point,
    find_module,
    is_demo_path,
    string_values,
    unit_commands,
    units,
    uses_dependency,
)
from ._stdlib_http import handler_segment_paths
from ._text import capitalized
from .health import PATH_CHARS, table_route


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
    # collectd: the daemon's Python plugin API (`collectd.Values(...).dispatch()`, fmn's
    # fmn.core.collectd) or the PyPI client sending values to it over UDP, a StatsD client's role
    "collectd",
    # Flask-MonitoringDashboard: dashboard.bind(app) records every endpoint's hits,
    # latencies and status codes in-process and alerts on them (the role of an APM agent)
    "flask_monitoringdashboard",
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
    raw = [p for p in path.split("/") if PATH_CHARS.sub("", p)]
    if not raw or PATH_CHARS.sub("", raw[-1]).lower() not in _METRICS_SEGMENT:
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


def _sends_statsd(ff: FileFacts) -> bool:
    """The file is a StatsD client of the project's own: it opens a UDP
    socket (``socket.socket(AF_INET, SOCK_DGRAM)``), sends on it
    (``sendto``/``send``) and writes StatsD datagrams (``statsd_formats``:
    alignak's ``Stats``, ``packet = '%s.%s.%s:%d|ms' % (...)`` then
    ``self.statsd_sock.sendto(packet, self.statsd_addr)``; circus's
    ``StatsdClient`` formats the value part, ``"%d|c" % delta``, and joins
    it to the bucket with ``"%s:%s"``).  A datagram
    format alone (a docstring's example, a parser of StatsD lines) or a UDP
    socket sending anything else is not one."""
    if ff.lang != "py" or ff.shallow or not (ff.extra or {}).get("statsd_formats"):
        return False
    udp = any(c.method == "socket" and any(v.k == IDENT and v.v.rpartition(".")[2] == "SOCK_DGRAM" for v in (*c.args, *c.kwargs.values()))
              for c in ff.calls)
    return udp and any(c.method in ("sendto", "send") for c in ff.calls)


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


# the body of a scrape: OpenMetrics, or Prometheus' text exposition format
_EXPOSITION_TYPE = lazy_re(r"^\s*(?:application/openmetrics-text|text/plain\s*;\s*version=0\.0\.4)\b", re.I)
_HEADER_SETTERS = frozenset({"setHeader", "set_header", "setheader", "send_header", "header", "set", "add_header"})
_TYPE_KWARGS = ("media_type", "content_type", "mimetype")


def _serves_exposition(ff: FileFacts) -> bool:
    """The service answers scrapes itself: a response's content type is the
    OpenMetrics or Prometheus text format (tahoe-lafs'
    ``req.setHeader("content-type", "application/openmetrics-text; ...")`` at
    ``/statistics?t=openmetrics``, ``PlainTextResponse(..., media_type=...)``),
    whatever the path.  A scraper asking for that format (an ``Accept`` header)
    serves nothing."""
    for c in ff.calls:
        if c.method in _HEADER_SETTERS and len(c.args) >= 2 and c.args[0].k == STR and c.args[1].k == STR \
                and c.args[0].v.lower() == "content-type" and _EXPOSITION_TYPE.search(c.args[1].v):
            return True
        if any((v := c.kwargs.get(k)) is not None and v.k == STR and _EXPOSITION_TYPE.search(v.v) for k in _TYPE_KWARGS):
            return True
    return False


# hapi's ops and request monitor under its name before the move to the @hapi
# scope (good <= 8, for hapi <= 17): the same plugin as `@hapi/good` above
_UNSCOPED_GOOD = ("good",)


def _unscoped_good(project: Project, unit: Unit) -> bool:
    """The service monitors itself with ``good`` (hoodie registers
    ``require('good')`` with ``ops: {interval: 30000}``): a package.json
    dependency or a JS/TS import of it; a Python module named ``good`` is not it."""
    return bool(uses_dependency(project, unit, _UNSCOPED_GOOD)) \
        or find_module([ff for ff in unit.files if ff.lang in ("js", "ts")], _UNSCOPED_GOOD) is not None


def _has_metrics(project: Project, unit: Unit) -> bool:
    hit = find_module(unit.files, _METRIC_LIBS)
    if hit is not None and hit[1] == "opentelemetry" and _otlp_messages_only(hit[0]):
        # (the first hit only decodes OTLP messages: look at every file)
        hit = next((h for ff in unit.files for h in [find_module([ff], _METRIC_LIBS)]
                    if h is not None and not (h[1] == "opentelemetry" and _otlp_messages_only(ff))), None)
    if hit is not None or any(_metric_from_wrapper(ff) or _sends_statsd(ff) for ff in unit.files):
        return True
    if any(_sys_stats(project, ff) for ff in unit.files if not ff.shallow):
        return True
    for ff in unit.files:  # a `/metrics` endpoint of its own (pretix's serve_metrics), kuzzle's route table entry
        if any(any(_instrumentation_route(p) for p in _route_paths(project, ff, r)) and not _placeholder_view(project, ff, r) for r in ff.routes) \
                or table_route(ff, _instrumentation_route):
            return True
        if any(_instrumentation_route(path) for path, _line in handler_segment_paths(ff)):
            return True  # http.server: `if path[0] == "metrics":` in the handler (pghoard's Prometheus endpoint)
        if not ff.shallow and _serves_exposition(ff):
            return True
    if uses_dependency(project, unit, JS_METRICS) or _unscoped_good(project, unit):
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
# agent or monitor under oslo.service, cotyledon's services, the services a .tac file hands twistd, an APScheduler
# loop, a Tornado PeriodicCallback): their message names no queue depth
_TASK_RUNNERS = frozenset({"oslo_service.service.launch", "oslo_service.service.ServiceLauncher", "oslo_service.service.ProcessLauncher",
                           "cotyledon.ServiceManager", "twisted.scripts.twistd.run", "apscheduler.schedulers.blocking.BlockingScheduler",
                           TORNADO_TIMER})


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
            f"{capitalized(unit.label)} runs {runs} (`{entry.what}` in {entry.ff.path}) but has no metrics instrumentation ({libs}){stub}: "
            f"{what} are invisible, so saturation and slowdowns are found by users instead of alerts, and capacity cannot be planned"
        )
        c = entry.call
        yield Hit("RS906", entry.ff.path, entry.line, msg, column=entry.col,
                  end_line=c.end_line if c is not None else 0, end_column=c.end_col if c is not None else 0, anchor=unit.anchor(),
                  related=[Related(ff.path, r.line, f"`{r.path}` runs `{name}()`, which only returns a constant response") for ff, r, name in placeholders])


__all__ = ["no_metrics"]
