"""RS902: which packages are named as a logger (structured_logging._logger_package)."""

from __future__ import annotations

from riskscan.checks import structured_logging


def test_packages_named_as_a_logger():
    for spec in ("mini-logger", "@acme/logger", "log-driver", "@graphile/logger", "js-logging", "@acme/logs"):
        assert structured_logging._logger_package(spec), spec


def test_packages_that_read_logs_are_no_loggers():
    # pouchdb-server's couchdb-log-parse parses CouchDB log lines; the others read, show or follow log files
    for spec in ("couchdb-log-parse", "apache-log-parser", "log-parser", "@acme/log-reader", "logs-viewer", "log-tail"):
        assert not structured_logging._logger_package(spec), spec
    # a module of the project's own is judged by its file
    assert not structured_logging._logger_package("./lib/logger")
