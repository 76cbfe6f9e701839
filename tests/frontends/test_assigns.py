"""The ``assigns`` filter (frontends/_assigns.py) keeps what its readers in the checks match."""

from __future__ import annotations

from riskscan.checks import _db, _redis_deploy, queues
from riskscan.frontends import _assigns


def test_pool_ctor_tails_cover_the_db_constructors():
    assert _db._CTOR_NAMES <= _assigns.POOL_CTOR_TAILS


def test_filter_patterns_are_the_readers_patterns():
    assert _assigns._POOL_TARGET.pattern == _db._TARGET.pattern
    assert _assigns._BROKER.pattern == _redis_deploy._BROKER_ATTR.pattern
    assert (_assigns._EAGER.pattern, _assigns._EAGER.flags) == (queues._EAGER.pattern, queues._EAGER.flags)


def test_by_target():
    for t in ("app.conf.broker_url", "CELERY.BROKER_URL", "app.conf.task_always_eager", "CELERY_BEAT_SCHEDULE", "app.conf.beat_schedule",
              "app.conf.task_annotations", "app.conf.task_cls", "res.headers['Cache-Control']", "server.maxConnections",
              "requests.get", "s.request", "s.send", "axios.defaults.timeout", "api.defaults.timeout", "axios.defaults", "fetch"):
        assert _assigns.by_target(t), t
    for t in ("pool", "this.pool", "x.maxconnections", "broker_url.x", "fetcher", "axios"):
        assert not _assigns.by_target(t), t


def test_authorization_items_are_kept_as_basicauth_reads_them():
    from riskscan.checks import _basicauth
    from riskscan.facts import CALL, IDENT

    for text in ('request.headers["Authorization"]', "self.request.headers['authorization']", 'environ["HTTP_AUTHORIZATION"]'):
        assert _assigns.authorization_value("header", IDENT, text), text
        assert _basicauth._HEADER_ITEM.search(text) or _basicauth._ENVIRON_ITEM.search(text), text
    # another header, a .get() call, an attribute target: not kept
    assert not _assigns.authorization_value("h", IDENT, 'request.headers["X-Authorization-Id"]')
    assert not _assigns.authorization_value("h", CALL, 'request.headers.get')
    assert not _assigns.authorization_value("self.h", IDENT, 'request.headers["Authorization"]')
    # the credentials Flask parses from the header (`auth = request.authorization`, whoogle's auth_required)
    for text in ("request.authorization", "flask.request.authorization"):
        assert _assigns.authorization_value("auth", IDENT, text), text
        assert _basicauth.PARSED_AUTHORIZATION.search(text), text
    for text in ("request.authorization.username", "self.authorization", "request.authorization_header", "myrequest.authorization"):
        assert not _assigns.authorization_value("auth", IDENT, text), text


def test_logger_members_are_kept_as_structured_logging_reads_them():
    # a plain name bound to a member named as a logger (pouchdb-server's `var logger = pouchDBApp.couchLogger`)
    for text in ("pouchDBApp.couchLogger", "app.logger", "server.core.appLogger", "$hub.Logger"):
        assert _assigns.logger_member("logger", text), text
    # no member named as a logger, a call, a name alone, an attribute target: not kept
    for text in ("pouchDBApp.couchConfig", "app.logger.child", "app.getLogger()", "logger", "app.loggers"):
        assert not _assigns.logger_member("logger", text), text
    assert not _assigns.logger_member("this.logger", "app.logger")
