"""Which assignments the ``assigns`` fact keeps (both frontends).

A file has an assignment on most lines, and every one kept is held in memory
by every scan and decoded from the cache by every warm scan, while the checks
read only a few shapes of them.  So an assignment is recorded (in the format
described in the frontends' docstrings) only when some reader can use it, and
its ``names read`` only when :func:`riskscan.checks._db._assigned_through` can
match one of them:

* **By target** (:func:`by_target`): ``.broker_url`` / ``.BROKER_URL``
  (Celery broker, ``_redis_deploy.broker_endpoints``), ``*always_eager``
  (``queues._celery_eager``), a target containing ``beat``
  (``queues._periodic_tasks``), ``*.schedule`` (``queues._scheduled_later``:
  a task registration given its schedule by a later assignment),
  ``*task_annotations`` / ``*.task_cls``
  (``queues._celery_global_retry``), ``cache-control``
  (``static_cache._sets_cache_control``), ``*.maxConnections``
  (``websocket._server_limit``), ``requests.*``, ``*.request`` / ``.send`` /
  ``.timeout`` / ``.get`` / ``.post``, ``axios.defaults`` and ``fetch``
  (``_httpclients``: patched requests, mounted sessions, axios defaults, a
  shadowed ``fetch``), ``*["timeout"]`` (``_httpclients.forwards_kwargs``:
  a wrapper that fills in its keyword arguments' timeout) and
  ``*["websocket_ping_interval"]`` (the same for a Tornado Application
  subclass's ``__init__``, ``websocket._tornado_app_classes``), a target containing ``SQLALCHEMY_``
  (``_db._flask_config``: Flask-SQLAlchemy settings) or ``SOCK_SERVER_OPTIONS``
  (``websocket._sock_options_set``: Flask-Sock's), a target containing
  ``AUTH_RATE_LIMITED`` (``_guards._appbuilder_auth_limit``:
  Flask-AppBuilder's sign-in rate limit).  Matched case as the
  readers match it.
* **A client bound through an expression** (:func:`may_bind` and a value kind
  not in :data:`UNBOUND_KINDS`; ``_redis_clients.bound_name``,
  ``const redis = globalThis.redis ?? new Redis()``): the target is a plain
  name or ``this.x`` and the same function makes a call on the assignment's
  first line.
* **A pool constructed in the value** (``_db._assigned_through``,
  ``const pool = global.pgPool ?? new Pool()``): the target is a plain name,
  ``this.x`` or ``self.x`` and a name the value reads ends in a pool
  constructor name (:data:`POOL_CTOR_TAILS`, a superset of
  ``_db._CTOR_NAMES``, which a test checks).  Only those names are kept;
  every other assignment has ``[]`` as its names.

* **A name bound to the signed-in account** (:func:`signed_in_value`;
  ``auth._signed_in_object``, ``user = self.context["user"]`` in a DRF
  serializer, then ``authenticate(username=user.username, ...)``): the target
  is a plain name and the value, an attribute or subscript, is exactly
  ``request.user``, ``self.request.user``, ``self.context[...]``,
  ``self.context[...].user`` or ``self.instance`` (Python).

* **A name bound to the database's own file** (:func:`database_file_value`;
  ``_stores._bound_to_db_file``, kolibri's ``original_path =
  connection.url.database`` before ``copyfile(original_path, backup)``): the
  target is a plain name in a function and the value is a connection's or the
  settings' name for the database file (:data:`DATABASE_FILE`); every other
  binding of that name in that function is kept too, whatever its value.

* **A name bound to the Authorization header** (:func:`authorization_value`;
  ``checks._basicauth``, ``header = request.headers["Authorization"]`` before
  the Basic credentials are decoded and checked): the target is a plain name
  in a function and the value is a subscript whose key is the literal
  ``"Authorization"`` (or the environ's ``"HTTP_AUTHORIZATION"``), or the
  credentials Flask/werkzeug parse from it (``auth = request.authorization``)
  (Python).

* **A constructor keeping a parameter** (:func:`kept_parameter`;
  ``lifecycle._kept_as``, ``constructor(server) { this.server = server }``:
  the member a server handed to ``new C(server)`` is closed through), JS
  only: the target is ``this.x``, the function is a ``constructor`` and the
  value is one of its parameters, as a plain name.

* **A name bound to a member named as a logger** (:func:`logger_member`;
  ``structured_logging._package_member_logger``, pouchdb-server's ``var
  logger = pouchDBApp.couchLogger`` of the app express-pouchdb made), JS
  only: the target is a plain name and the value a member chain whose last
  segment ends in ``logger`` (``couchLogger``, ``logger``).

A new reader of ``assigns`` (or a wider one) must widen this filter; this
module is part of the cache key, so cached facts follow.  The frontends' caps
on assignments count every assignment, kept or not, as before.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..facts import ARR, CALL, FN, IDENT, OBJ, Call
from ..lazyre import lazy_re

# the last segment of the constructor names `_db._assigned_through` looks for
POOL_CTOR_TAILS = frozenset(
    {
        "Pool", "Client", "pg-pool", "createPool", "createPoolCluster", "knex", "Knex", "sequelize", "Sequelize", "PrismaPg",
        "postgres", "default", "create_pool", "create_pool_async", "ConnectionPool", "AsyncConnectionPool", "NullConnectionPool",
        "AsyncNullConnectionPool", "SimpleConnectionPool", "ThreadedConnectionPool", "PersistentConnectionPool",
        "create_engine", "create_async_engine", "engine_from_config", "async_engine_from_config", "MySQLConnectionPool",
        "SQLAlchemy", "DataSource", "createConnection", "forRoot",
    }
)
# value kinds `_redis_clients.bound_name` never binds through
UNBOUND_KINDS = frozenset({CALL, OBJ, ARR, FN})

_POOL_TARGET = re.compile(r"^(?:this\.|self\.)?[A-Za-z_$][\w$]*$")  # _db._TARGET
_BOUND_TARGET = re.compile(r"(?:this\.)?[\w$]+")  # _redis_clients.bound_name (fullmatch)
_BROKER = re.compile(r"\.broker_url$|\.BROKER_URL$")  # _redis_deploy._BROKER_ATTR
_EAGER = re.compile(r"(?:^|[._])(?:task_)?always_eager$", re.I)  # queues._EAGER
# keys a pass-through wrapper may fill in its own keyword arguments (_httpclients.forwards_kwargs)
_FORWARDED_KEYS = tuple(f"[{q}{k}{q}]" for k in ("timeout", "websocket_ping_interval") for q in "\"'")
_SUFFIXES = (".maxConnections", ".request", ".send", ".timeout", ".get", ".post", "task_annotations", ".task_cls", ".schedule")


def by_target(target: str) -> bool:
    """Some reader wants this assignment whatever its value and names."""
    if target.endswith(_SUFFIXES) or target.startswith("requests.") or target == "fetch" or target == "axios.defaults":
        return True
    if target.endswith(("admin.site", "sites.site")):  # a replaced Django admin site (_routes._admin_login_replaced)
        return True
    if target.endswith(_FORWARDED_KEYS):  # kwargs["timeout"] = 10 in a wrapper (_httpclients.forwards_kwargs)
        return True
    if "AUTH_RATE_LIMITED" in target:  # app.config["AUTH_RATE_LIMITED"] = True (_guards._appbuilder_auth_limit: Flask-AppBuilder's)
        return True
    if "SQLALCHEMY_" in target or "SOCK_SERVER_OPTIONS" in target:  # app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {...} (_db._flask_config), Flask-Sock's (websocket._sock_options_set)
        return True
    low = target.lower()
    # (aiohttp's `resp.headers[hdrs.CACHE_CONTROL] = ...` names the header by its constant)
    return "cache-control" in low or "cache_control]" in low or "beat" in low or _BROKER.search(target) is not None or _EAGER.search(target) is not None


def call_sites(calls: Iterable[Call]) -> set[tuple[int, str]]:
    """(line, func) of every call, for :func:`may_bind`."""
    return {(c.line, c.func) for c in calls}


def may_bind(target: str, line: int, func: str, sites: set[tuple[int, str]]) -> bool:
    """``bound_name`` may read this assignment if its value kind is not in :data:`UNBOUND_KINDS`."""
    return (line, func or "") in sites and _BOUND_TARGET.fullmatch(target) is not None


# the signed-in account as a view or serializer holds it (read by auth._signed_in_object)
SIGNED_IN = re.compile(r"(?:self\.)?request\.user|self\.context\[[^\[\]]*\](?:\.user)?|self\.instance")
_PLAIN_NAME = re.compile(r"[A-Za-z_]\w*")


def signed_in_value(target: str, kind: str, text: str) -> bool:
    """``auth._signed_in_object`` may read this assignment: a plain name bound to the signed-in account."""
    return kind == IDENT and _PLAIN_NAME.fullmatch(target) is not None and SIGNED_IN.fullmatch(text) is not None


# an item read of the request's Authorization header (`request.headers["Authorization"]`,
# `environ["HTTP_AUTHORIZATION"]`), as the Python frontend renders a subscript
AUTHORIZATION_ITEM = re.compile(r"""\[\s*['"](?:[Aa]uthorization|AUTHORIZATION|HTTP_AUTHORIZATION)['"]\s*\]""")


# the credentials Flask/werkzeug parse from that header (`request.authorization`,
# `flask.request.authorization` once the import is resolved)
PARSED_AUTHORIZATION = lazy_re(r"(?:^|\.)request\.authorization$")


def authorization_value(target: str, kind: str, text: str) -> bool:
    """``checks._basicauth`` may read this assignment: a plain name bound to
    the Authorization header's value (``header = request.headers["Authorization"]``)
    or to the credentials parsed from it (``auth = request.authorization``)."""
    return kind == IDENT and _PLAIN_NAME.fullmatch(target) is not None and (
        AUTHORIZATION_ITEM.search(text) is not None or PARSED_AUTHORIZATION.search(text) is not None)


# the database's own file as a connection or the settings name it: SQLAlchemy's
# `engine.url.database`, Django's `connection.get_connection_params()["database"]`,
# `connection.settings_dict["NAME"]`, `settings.DATABASES["default"]["NAME"]`
# (which the Python frontend renders `django.conf.settings.DATABASES[]["NAME"]`: an inner key may be left out)
DATABASE_FILE = re.compile(r"""[\w.]*\.url\.database|[\w.]*\.get_connection_params\(\)\[["']database["']\]"""
                           r"""|[\w.]*\.settings_dict\[["']NAME["']\]|(?:[\w.]*\.)?DATABASES\[[^\[\]]*\]\[["']NAME["']\]""")


def database_file_value(target: str, text: str) -> bool:
    """``_stores._db_file`` may read this assignment: a plain name bound to the
    database's own file (kolibri's ``original_path = connection.url.database``)."""
    return _PLAIN_NAME.fullmatch(target) is not None and DATABASE_FILE.fullmatch(text) is not None


_THIS_MEMBER = re.compile(r"this\.[A-Za-z_$][\w$]*")


def kept_parameter(target: str, func_name: str, params: Iterable[str], value: str) -> bool:
    """``lifecycle._kept_as`` may read this assignment: a constructor keeping one of its parameters (``this.server = server``)."""
    return func_name == "constructor" and _THIS_MEMBER.fullmatch(target) is not None and value in params


# a member chain whose last segment is named as a logger: `app.couchLogger`, `server.logger`
LOGGER_MEMBER = lazy_re(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\.[\w$]*[Ll]ogger")


def logger_member(target: str, text: str) -> bool:
    """``structured_logging._package_member_logger`` may read this assignment: a plain
    name bound to a member named as a logger (``var logger = pouchDBApp.couchLogger``)."""
    return _PLAIN_NAME.fullmatch(target) is not None and LOGGER_MEMBER.fullmatch(text) is not None


def pool_target(target: str) -> bool:
    """``_assigned_through`` may name a pool after this target."""
    return _POOL_TARGET.match(target) is not None


def pool_names(names: Iterable[str]) -> list[str]:
    """The names read (in order, no repeats) ``_assigned_through`` can match: those ending in a pool constructor name."""
    return [n for n in dict.fromkeys(names) if n.rsplit(".", 1)[-1] in POOL_CTOR_TAILS]
