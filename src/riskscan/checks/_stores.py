"""What a call writes to: the SQL database, Redis, the filesystem or a job queue.

``store_write(project, ff, call)`` classifies one call as a :class:`Write`
(or ``None``) for the consistency rules; the helpers below it (receiver
origin, Redis clients, query-builder chains) are shared with the queue rules.

Recognised writes
-----------------
* **sql** -- SQL text with INSERT/UPDATE/DELETE/MERGE/UPSERT passed to an
  executor (``query``, ``execute``, ``run``, tagged templates such as
  ``sql`` / ``$executeRaw``, SQLAlchemy ``text()``); query-builder and ORM
  writes: knex ``insert/update/del``, Kysely ``insertInto/updateTable/deleteFrom``,
  Drizzle ``insert/update/delete``, TypeORM repositories, managers and query
  builders, Prisma ``model.create/update/upsert/delete``, Sequelize/Objection
  models, SQLAlchemy ``session.add``+commit, bulk ``session.query(...).delete()`` /
  ``.update()``+commit and ``insert/update/delete``
  constructs, Django ``objects.create/update/...`` and model/serializer ``save()``.
  Reads (SELECT) are not writes.  MongoDB is not SQL and is not counted.
* **redis** -- data writes on a Redis client (``set``, ``hSet``, ``lPush``,
  ``sAdd``, ``zAdd``, ``xAdd``, ``incr``...).  Cache invalidation (``del``,
  ``unlink``, ``expire``), ``publish``, and lock/idempotency keys taken with
  ``NX`` are not counted.
* **fs** -- ``fs.writeFile``/``appendFile`` (sync, callback, promises, fs-extra),
  ``createWriteStream``, ``fs.copyFile``/``cp``/``rename`` and fs-extra's
  ``copy``/``move`` (at their destination), Python ``open(..., 'w'|'a'|'x')``,
  ``Path.write_text/write_bytes``, ``shutil.copyfile/copy/copy2/copytree/move``
  and ``os.rename/replace`` (at their destination).
* **enqueue** -- BullMQ/Bull ``add``/``addBulk``, bee-queue ``createJob``,
  Celery ``delay``/``apply_async``/``send_task``, RQ ``enqueue*``, amqplib
  ``sendToQueue``, SQS ``SendMessage``.
"""

from __future__ import annotations

import re
import sys
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..facts import CALL, IDENT, NULL, NUM, OBJ, STR, TMPL, Call, FileFacts, Val
from ..factindex import assigned_positions
from ..frontends._assigns import DATABASE_FILE
from ..lazyre import lazy_re
from . import _sql
from ._dbrefs import class_of
from ._filehandles import only_read_or_drained
from ._memo import methods_of, per_project
from ._redis_clients import EMITTERS, JS_CTORS, PY_CTORS
from ._resolve import assigned_before, definitions, fill_template, imported_target, module_and_attr, norm_callee, py_modules, resolve_at

if TYPE_CHECKING:
    from ..project import Project

SQL, REDIS, FS, ENQUEUE = "sql", "redis", "fs", "enqueue"
STORE_NAMES = {SQL: "the database", REDIS: "Redis", FS: "the filesystem", ENQUEUE: "the job queue"}


@dataclass(frozen=True)
class Write:
    kind: str  # sql | redis | fs | enqueue
    what: str  # short description for messages: "`db.query` (INSERT INTO jobs)"
    target: str = ""  # table / key / path / queue when known


# --------------------------------------------------------------------------- project-wide facts
_USES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def used_modules(project: Project) -> frozenset[str]:
    """Top-level module names imported anywhere in the project's code."""
    got = _USES.get(project)
    if got is None:
        mods: set[str] = set()
        for ff in project.code_files():
            for spec in ff.modules:
                if spec.startswith("./"):
                    continue
                if spec.startswith("@"):
                    mods.add("/".join(spec.split("/")[:2]))
                mods.add(spec.split("/")[0].split(".")[0])
                mods.add(spec)
        got = frozenset(mods)
        _USES[project] = got
    return got


def uses(project: Project, *names: str) -> bool:
    mods = used_modules(project)
    return any(n in mods for n in names)


def file_uses(ff: FileFacts, *names: str) -> bool:
    for spec in ff.modules:
        head = "/".join(spec.split("/")[:2]) if spec.startswith("@") else spec.split("/")[0].split(".")[0]
        if head in names or spec in names:
            return True
    return False


# one-off programs: seeds, migrations, maintenance scripts, docs examples
_OFFLINE_DIRS = frozenset({"scripts", "script", "migrations", "migration", "alembic", "seeds", "seeders", "seed", "fixtures",
                           "examples", "example", "docs", "benchmarks", "bench"})


# a module of one-off programs by its own name (lnbits' core/migrations.py, seed.js)
_OFFLINE_FILES = lazy_re(r"^(?:migrations?|migrate|seeds?|seeders?)\.(?:py|[cm]?[jt]s)$", re.I)


def offline_path(path: str) -> bool:
    """A file under a directory of one-off programs (migrations, seeds,
    scripts), or a module named as one (``migrations.py``, ``seed.js``)."""
    parts = path.split("/")
    return any(part.lower() in _OFFLINE_DIRS for part in parts[:-1]) or bool(_OFFLINE_FILES.match(parts[-1]))


# --------------------------------------------------------------------------- receivers
_CHAIN_TAIL = lazy_re(r"\.(?:multi|pipeline|pipelined|transaction|duplicate|withTypeMapping)(?:\(\))?$")
_ROOT = lazy_re(r"^(?:await\s+)?((?:this|self|cls)\.[A-Za-z_$][\w$]*|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)")


def recv_root(call: Call) -> str:
    """The receiver object without chained calls: 'redis' for
    ``redis.multi().set(...)``, 'this.redis' for ``this.redis.set``."""
    recv = call.recv
    if not recv:
        return ""
    m = _ROOT.match(recv)
    if not m:
        return ""
    root = m.group(1)
    # 'redis.multi' (from 'redis.multi()') -> 'redis'
    rest = recv[m.end():]
    if rest.startswith("("):
        root = root.rsplit(".", 1)[0] if "." in root else root
    return root


def _assigned_call(project: Project, ff: FileFacts, name: str, func: str | None = None) -> Call | None:
    """The call whose result ``name`` holds: the first call assigned to
    exactly ``name``, else the last one assigned to its ``this.``/``self.``
    twin (``self.client`` and ``client``).  With ``func`` (the id of the
    function reading ``name``), a plain Python name assigned in another
    function is that function's local and does not count (see
    :func:`_binds_for`)."""
    names = {name}
    if name.startswith(("this.", "self.")):
        names.add(name.split(".", 1)[1])
    else:
        names.update({"this." + name, "self." + name})
    index = assigned_positions(ff)
    calls = ff.calls
    exact = index.get(name)
    if exact and func is not None:
        exact = [i for i in exact if _binds_for(project, ff, name, calls[i], func)]
    if exact:
        return calls[exact[0]]
    names.discard(name)
    last = max((at[-1] for n in names if (at := index.get(n))), default=None)
    return calls[last] if last is not None else None


def _binds_for(project: Project, ff: FileFacts, name: str, assign: Call, func: str) -> bool:
    """Whether the assignment ``assign`` can bind the name ``name`` read in
    the function ``func``: in Python a plain name a function assigns is that
    function's own local unless it declares it ``global``/``nonlocal``, so
    only an assignment at module level, in ``func`` or in a function around
    it binds the name there (``evidences = []`` in one route is not the
    ``evidences := redis.get(...)`` of another).  Other languages and
    attribute names: every assignment counts."""
    if ff.lang != "py" or "." in name or not assign.func or assign.func == func:
        return True
    if name in ff.extra.get("py_outer_names", ()):
        return True
    return bool(func) and project.is_inside(ff, func, assign.func)


def name_origin(project: Project, ff: FileFacts, name: str, depth: int = 0, func: str | None = None) -> str:
    """The callee that created the object ``name`` refers to (same file or an
    imported project module), '' when unknown.  ``pipe = client.multi()`` gives
    the origin of ``client``.  ``func``: the id of the function reading
    ``name`` (its assignments in other functions are other variables)."""
    if not name or depth > 4:
        return ""
    call = _assigned_call(project, ff, name, func)
    if call is not None:
        callee = call.callee
        if _CHAIN_TAIL.search("." + call.method if call.method else "") and call.recv:
            inner = recv_root(call) or call.recv
            return name_origin(project, ff, inner, depth + 1, call.func) or callee
        if callee.startswith("./") or (ff.lang == "py" and callee and "." in callee):
            # a project factory: createRedis() in ./lib/redis
            sub = _factory_origin(project, ff, call, depth)
            if sub:
                return sub
        return callee
    head = name.split(".", 1)[0]
    imp = ff.imports.get(head)
    if imp and imp != head:
        dotted = imp + name[len(head):]
        for d in definitions(project, ff, dotted):
            if d.call is not None:
                c = d.call
                if c.callee.startswith("./") or (d.ff.lang == "py" and "." in c.callee):
                    sub = _factory_origin(project, d.ff, c, depth + 1)
                    if sub:
                        return sub
                return c.callee
        return dotted
    return ""


def _factory_origin(project: Project, ff: FileFacts, call: Call, depth: int) -> str:
    """What a project factory function returns, when it constructs a known client."""
    if depth > 3:
        return ""
    for d in definitions(project, ff, call.callee):
        if d.func is None:
            continue
        for c in project.calls_in(d.ff, d.func.id, nested=False):
            if classify_client(c.callee):
                return c.callee
    return ""


def recv_origin(project: Project, ff: FileFacts, call: Call) -> str:
    """The constructor callee of a call's receiver ('' when unknown)."""
    cache = project.__dict__.setdefault("_rs_recv_origin", {})
    key = (ff.path, call.line, call.col, call.callee)
    got = cache.get(key)
    if got is not None:
        return got
    out = ""
    root = recv_root(call)
    if root:
        out = name_origin(project, ff, root, func=call.func)
    if not out and call.recv_type and "(" not in call.recv_type:
        out = call.recv_type
    cache[key] = out
    return out


_REDIS_LIBS = ("redis", "ioredis", "aioredis", "@redis", "@upstash/redis", "coredis", "valkey", "iovalkey", "fakeredis", "redis-py")


def callee_package(callee: str) -> str:
    """The package a resolved callee comes from: ``pika`` for
    ``pika.BlockingConnection``, ``@google-cloud/pubsub`` for
    ``@google-cloud/pubsub.PubSub``."""
    if callee.startswith("@"):
        return "/".join(callee.split("/")[:2]).split(".")[0]
    return callee.split(".")[0]


def classify_client(origin: str) -> str:
    """'redis' when a constructor callee makes a Redis client, else '': the
    RS2xx constructor tables, then any callee of a Redis library."""
    if not origin:
        return ""
    o = norm_callee(origin)
    spec = JS_CTORS.get(o) or PY_CTORS.get(o)
    if spec is not None:
        return "redis" if spec[1] not in EMITTERS else ""
    head = callee_package(o)
    if head in _REDIS_LIBS or head.startswith("@redis/"):
        return "redis"
    if head == "django_redis" or o.endswith("get_redis_connection"):
        return "redis"
    return ""


_NOT_REDIS = lazy_re(r"(?:^|\.)(?:Map|Set|WeakMap|LRUCache|LRU|NodeCache|lru-cache|node-cache|keyv|cache-manager|memory-cache|quick-lru|lru_cache|TTLCache|cachetools|dict|Counter|defaultdict)(?:\.|$)", re.I)


def is_redis(project: Project, ff: FileFacts, call: Call) -> bool:
    """The call's receiver is a Redis client (or a pipeline/multi on one).

    Known origin: a Redis library constructor (or a project factory/module
    named for Redis) is Redis; any other library constructor, ``Map`` or an
    in-memory cache is not.  Unknown origin (a parameter, an attribute set
    elsewhere): the receiver's name decides (``redis``, ``redisClient``; a
    ``cache`` when the project uses a Redis library)."""
    origin = recv_origin(project, ff, call)
    if origin:
        if classify_client(origin):
            return True
        if _NOT_REDIS.search(origin):
            return False
        if "redis" in origin.lower() or "valkey" in origin.lower():
            return True
        local = origin.startswith(("./", "this.", "self.")) or "." not in origin
        if not local:
            return False  # made by another library
    root = recv_root(call) or call.recv
    last = root.rsplit(".", 1)[-1].lower()
    if "redis" in last or "valkey" in last:
        return True
    if "cache" in last and not origin and uses(project, *_REDIS_LIBS):
        return True
    return False


# --------------------------------------------------------------------------- Redis writes
REDIS_WRITE_METHODS = frozenset(
    m.lower()
    for m in (
        "set", "setex", "setEx", "psetex", "pSetEx", "setnx", "setNX", "mset", "mSet", "msetnx", "mSetNX",
        "getset", "getSet", "setrange", "setRange", "append", "setbit", "setBit",
        "hset", "hSet", "hmset", "hMSet", "hsetnx", "hSetNX", "hincrby", "hIncrBy", "hincrbyfloat", "hIncrByFloat",
        "lpush", "lPush", "rpush", "rPush", "lpushx", "lPushX", "rpushx", "rPushX", "lset", "lSet", "linsert", "lInsert",
        "sadd", "sAdd", "smove", "sMove", "zadd", "zAdd", "zincrby", "zIncrBy", "xadd", "xAdd",
        "incr", "incrby", "incrBy", "incrbyfloat", "incrByFloat", "decr", "decrby", "decrBy",
        "pfadd", "pfAdd", "geoadd", "geoAdd", "json.set", "copy", "restore",
    )
)
_COUNTER_KEY = lazy_re(r"rate|limit|attempt|retr(?:y|ies)|throttle|metric|stats?\b|counter|hits|visits|views|lock", re.I)
_COUNTER_METHODS = frozenset({"incr", "incrby", "incrbyfloat", "decr", "decrby", "hincrby", "hincrbyfloat", "pfadd", "zincrby"})
# keys that guard the request rather than mirror data: locks, rate limits, idempotency markers
_GUARD_KEY = lazy_re(r"^(?:[\w-]+:)?(?:lock|locks|mutex|rate|ratelimit|rate-limit|rate_limit|rl|throttle|idem|idempotency|dedupe?)\b", re.I)
LIST_PUSH = frozenset({"lpush", "rpush", "lpushx", "rpushx"})


_SUBSCRIPT = lazy_re(r"\[\s*['\"]([\w$-]+)['\"]\s*\]")


def resolve(project: Project, ff: FileFacts, val: Val) -> Val:
    """``project.resolve`` plus subscripts (``QUEUES['mail']``) and Python
    absolute imports of project modules (``app.keys.RESIZE_QUEUE``),
    workspace packages and ``export *`` barrels; templates get the constants
    they interpolate written in (``_resolve.fill_template``)."""
    if val.k == TMPL:
        return fill_template(project, ff, val)
    if val.k != IDENT:
        return val
    # the same name is resolved for many calls of a file: what it resolves to
    # does not depend on where it is used (an unresolved name comes back as is)
    memo = project.__dict__.get("_rs_store_resolve")
    if memo is None:
        memo = project.__dict__["_rs_store_resolve"] = {}
    key = (ff.path, val.v)
    got = memo.get(key, _UNSEEN)
    if got is _UNSEEN:
        got = memo[key] = _resolve_ident(project, ff, val)
    return val if got is None else got


_UNSEEN = object()


def _resolve_ident(project: Project, ff: FileFacts, val: Val) -> Val | None:
    """What the identifier ``val`` resolves to (another identifier when only
    an import alias resolves), or None when nothing does."""
    v = project.resolve(ff, val)
    if v.k == TMPL:
        where, tv = resolve_at(project, ff, val)
        return fill_template(project, where, tv) if tv.k == TMPL else v
    if v.k != IDENT:
        return v
    name = _SUBSCRIPT.sub(lambda m: "." + m.group(1), v.v)
    if name != v.v:
        v2 = project.resolve(ff, Val(k=IDENT, v=name, line=val.line))
        if v2.k != IDENT:
            return v2
    if ff.lang == "py" and "." in name and not name.startswith("./"):
        got = module_and_attr(project, name, value=True)
        if got is not None and got[1] and got[0] is not ff:
            target, attr = got
            v3 = project.resolve(target, Val(k=IDENT, v=attr, line=val.line))
            if v3.k == TMPL:
                return fill_template(project, target, v3)
            if v3.k != IDENT:
                return v3
    where, v4 = resolve_at(project, ff, Val(k=IDENT, v=name, line=val.line))
    if v4.k == TMPL:
        return fill_template(project, where, v4)
    if v4.k != IDENT:
        return v4
    return None if v is val else v


def key_text(project: Project, ff: FileFacts, val: Val | None) -> str:
    """The key a value names: a literal, or the constant prefix of a template ('jobs:' for `jobs:${id}`)."""
    if val is None:
        return ""
    v = resolve(project, ff, val)
    if v.k == STR:
        return v.v
    if v.k == TMPL:
        m = re.search(r"\$\{|\{[A-Za-z_]|%s|%\(", v.v)
        return v.v[: m.start()] if m else v.v
    return ""


def _has_nx(project: Project, ff: FileFacts, call: Call) -> bool:
    if call.method.lower() in ("setnx", "hsetnx", "msetnx"):
        return True
    for a in call.args[1:]:
        v = resolve(project, ff, a)
        if v.k == STR and v.v.upper() == "NX":
            return True
        if v.k == OBJ and v.keys and ("NX" in v.keys or "nx" in v.keys):
            return True
    nx = call.kwargs.get("nx")
    return nx is not None and nx.v not in ("False", "false")


SHORT_TTL = 300  # seconds: a value expiring this soon is a cache entry or a lock, not a record


def _seconds(project: Project, ff: FileFacts, val: Val | None, scale: float = 1.0) -> float | None:
    v = resolve(project, ff, val) if val is not None else None
    if v is None or v.k != NUM:
        return None
    try:
        return float(v.v.replace("_", "")) / scale
    except ValueError:
        return None


def _short_ttl(project: Project, ff: FileFacts, call: Call) -> bool:
    """The write gives its key an expiry of at most SHORT_TTL seconds
    (``set(k, v, ex=10)``, ``set(k, v, 'EX', 10)``, ``{EX: 10}``, ``setex(k, 10, v)``,
    Django's ``cache.set(k, v, 30)``): whatever a crash leaves behind is gone
    within minutes."""
    m = call.method.lower()
    ttl: float | None = None
    if m in ("setex", "psetex") and len(call.args) > 1:
        ttl = _seconds(project, ff, call.args[1], 1000.0 if m == "psetex" else 1.0)
    elif m == "set":
        for name, scale in (("ex", 1.0), ("px", 1000.0), ("timeout", 1.0)):
            if name in call.kwargs:
                ttl = _seconds(project, ff, call.kwargs[name], scale)
        for i, a in enumerate(call.args[2:], start=2):
            v = resolve(project, ff, a)
            if v.k == STR and v.v.upper() in ("EX", "PX") and i + 1 < len(call.args):
                ttl = _seconds(project, ff, call.args[i + 1], 1000.0 if v.v.upper() == "PX" else 1.0)
            elif v.k == OBJ and v.keys:
                for name, scale in (("EX", 1.0), ("ex", 1.0), ("PX", 1000.0), ("px", 1000.0)):
                    if name in v.keys:
                        ttl = _seconds(project, ff, v.keys[name], scale)
        if ttl is None and ff.lang == "py" and len(call.args) > 2 and "cache" in call.recv.rsplit(".", 1)[-1].lower():
            ttl = _seconds(project, ff, call.args[2])  # Django / cachelib: cache.set(key, value, timeout)
    return ttl is not None and 0 < ttl <= SHORT_TTL


def _expires_here(project: Project, ff: FileFacts, call: Call) -> bool:
    """Does the same function give the counter's key an expiry (``incr(key)``
    then ``expire(key, 300)``)?  A counter that expires counts attempts or
    rate, it does not mirror state."""
    if not call.args:
        return False
    key = call.args[0]
    for c in project.calls_in(ff, call.func, nested=False):
        if c.method.lower() in ("expire", "pexpire", "expireat", "pexpireat") and c.args:
            other = c.args[0]
            if other.k == key.k and other.v == key.v:
                return True
    return False


def _short_expiry_here(project: Project, ff: FileFacts, call: Call) -> bool:
    """Does the same function give the written key an expiry of at most
    SHORT_TTL seconds (``zadd(key, ...)`` then ``expire(key, 30)``: a
    presence or heartbeat entry the next beat rewrites)?"""
    if not call.args:
        return False
    key = call.args[0]
    for c in project.calls_in(ff, call.func, nested=False):
        m = c.method.lower()
        if m not in ("expire", "pexpire") or len(c.args) < 2 or c.recv != call.recv:
            continue
        other = c.args[0]
        if other.k == key.k and other.v == key.v:
            ttl = _seconds(project, ff, c.args[1], 1000.0 if m == "pexpire" else 1.0)
            if ttl is not None and 0 < ttl <= SHORT_TTL:
                return True
    return False


def redis_write(project: Project, ff: FileFacts, call: Call) -> Write | None:
    method = call.method.lower()
    if call.method == "set" and call.recv.endswith(".json"):
        method = "json.set"
    if method not in REDIS_WRITE_METHODS or not call.recv:
        return None
    if not is_redis(project, ff, call):
        return None
    if method == "append" and len(call.args) < 2 and not recv_origin(project, ff, call):
        return None  # `self._username_cache.append(name)`: a list, whatever its name (APPEND takes a key and a value)
    key = key_text(project, ff, call.args[0]) if call.args else ""
    if method in ("set", "json.set") and _has_nx(project, ff, call):
        return None  # a lock / idempotency key, not data
    if method in ("setnx", "hsetnx", "msetnx"):
        return None
    if method == "set" and len(call.args) >= 2 and call.args[-1].k == NULL and call.args[-1].v in ("undefined", "None"):
        return None  # `cache.set(ctx, key, undefined)`: forgets an entry (Redis cannot store undefined)
    if method in ("set", "setex", "psetex") and _short_ttl(project, ff, call):
        return None  # expires within minutes: a cache entry or a lock its expiry repairs
    if _short_expiry_here(project, ff, call):
        return None  # so does a key the same function gives a short expiry (a presence / heartbeat entry)
    if method in _COUNTER_METHODS and ((key and _COUNTER_KEY.search(key)) or _expires_here(project, ff, call)):
        return None  # a rate / attempt counter, not state
    if key and _GUARD_KEY.match(key):
        return None  # a lock / rate-limit / idempotency key
    label = f"`{short(call)}`" + (f" on key `{key}…`" if key and call.args and call.args[0].k == TMPL else f" on key `{key}`" if key else "")
    return Write(REDIS, label, key)


# --------------------------------------------------------------------------- filesystem writes
_FS_MODULES = ("fs", "node:fs", "fs/promises", "node:fs/promises", "fs-extra", "graceful-fs", "fs.promises", "node:fs.promises")
_FS_WRITE = frozenset({
    "writeFile", "writeFileSync", "appendFile", "appendFileSync", "createWriteStream",
    "outputFile", "outputFileSync", "outputJson", "outputJsonSync", "outputJSON", "writeJson", "writeJsonSync", "writeJSON", "writeJSONSync",
})


def _log_path(project: Project, ff: FileFacts, val: Val | None) -> bool:
    """A write target that is a log file (an append-only audit trail, not state)."""
    if val is None:
        return False
    v = resolve(project, ff, val)
    if v.k == IDENT and _LOG_NAME.search(v.v.rsplit(".", 1)[-1]):
        return True  # open(settings.RESOURCE_IMPORT_LOG, "a"): a setting named for a log file
    return v.k in (STR, TMPL) and bool(re.search(r"(?:\.log|\blogs?\b|\.jsonl)\b", v.v, re.I))


_LOG_NAME = lazy_re(r"(?:^|_)LOG(?:_?FILE|_?PATH)?$|^log_?(?:file|path)$|logfile$", re.I)


# a name or setting for the database's own file: SQLITE_PATH, DATABASE_FILE,
# config.DB_PATH, sqlite_file (not a directory, not a dump or export file)
_DB_FILE_NAME = lazy_re(r"(?:^|_)(?:sqlite3?(?:_?db)?|database|db)_?(?:path|file|filename|file_name|location)$|^sqlite3?(?:_?db)?$", re.I)


def _db_file(project: Project, ff: FileFacts, val: Val | None) -> bool:
    """A path named as the database's own file: a variable or setting
    (``config.SQLITE_PATH``, ``DATABASE_FILE``, ``db_path``).  A literal
    ``"x.db"`` says nothing: it may be a user's uploaded database or a
    template copied for each tenant, which a row then points at."""
    if val is None:
        return False
    return any(v.k == IDENT and bool(_DB_FILE_NAME.search(v.v.rsplit(".", 1)[-1])) for v in (val, resolve(project, ff, val)))


def _bound_to_db_file(ff: FileFacts, call: Call, val: Val | None) -> bool:
    """A local that every binding before ``call`` in its function sets to the
    database's own file as the connection names it (kolibri's repair of a
    corrupt SQLite file: ``original_path = connection.url.database``, else
    ``connection.get_connection_params()["database"]``), one at least, and no
    call's result rebinds in between."""
    if val is None or val.k != IDENT or not val.v.isidentifier() or not call.func:
        return False
    bound = [a for a in ff.extra.get("assigns") or () if isinstance(a, list) and len(a) >= 4 and a[0] == val.v
             and a[1] == call.func and isinstance(a[2], int) and a[2] < call.line and isinstance(a[3], dict)]
    return (bool(bound) and all(DATABASE_FILE.fullmatch(str(a[3].get("v", ""))) for a in bound)
            and not any(c.assigned == val.v and c.func == call.func and c.line < call.line for c in ff.calls))


_TEMP = lazy_re(r"(?i)\btmp|\btemp(?!late)|tmpdir|gettempdir|mkdtemp|mkstemp|temporary")
# files about the process or the program itself: its PID file, a lock file, a
# version stamp (pyload's database thread writes `self.version_path` at start-up)
_PROCESS_FILE = lazy_re(r"(?i)(?:^|[._/-])pid(?:[._-]?file)?(?:$|[._/-])|\.pid\b|lock[._-]?file|\.lock\b"
                           r"|(?:^|[._/-])version[._-]?(?:path|file)$")


def _process_file(project: Project, ff: FileFacts, val: Val | None) -> bool:
    """A write target that records the process or the program (a PID or lock
    file, a version stamp) or discards (the null device), not data another
    store must agree with."""
    if val is None:
        return False
    v = resolve(project, ff, val)
    if v.k in (STR, IDENT) and v.v in _NULL_DEVICES:
        return True  # open(os.devnull, "w"): a sink for console output (geonode's gs_slurp)
    return v.k in (STR, TMPL, IDENT) and bool(_PROCESS_FILE.search(v.v))


_NULL_DEVICES = frozenset({"os.devnull", "/dev/null", "nul", "NUL"})


def _temp_path(project: Project, ff: FileFacts, call: Call, val: Val | None) -> bool:
    """A write target in a temporary directory (``os.tmpdir()``, ``/tmp``,
    ``tempfile``): scratch space, not a store that must agree with another.
    A name the function built with pathlib joins is followed to the folder it
    starts from (geonode's ``with tempfile.TemporaryDirectory() as temp_dir_str:
    temp_dir = Path(temp_dir_str); sub = temp_dir / "logs"; path = sub / name``)."""
    if val is None:
        return False
    v = resolve(project, ff, val)
    if v.k in (STR, TMPL, IDENT) and _TEMP.search(v.v):
        return True
    if v.k == IDENT:
        name = v.v
        for _ in range(5):
            for c in project.calls_in(ff, call.func, nested=False):
                if c.assigned == name and c.line <= call.line and _names_temp_space(c):
                    return True
            joins = [j for j in (ff.extra or {}).get("path_joins", ()) if isinstance(j, list) and len(j) == 4
                     and j[0] == name and j[1] == call.func and isinstance(j[2], int) and j[2] <= call.line]
            if not joins:
                break
            name = str(joins[-1][3])
            if _TEMP.search(name):
                return True
    if v.k == CALL:
        sub = project.call_of(ff, v)
        return sub is not None and _names_temp_space(sub)
    return False


_PATH_JOINS = frozenset({"os.path.join", "posixpath.join", "ntpath.join"})


def _names_temp_space(call: Call) -> bool:
    """The call that builds a write target names temporary space. For a path
    join that is one of its folders (every part but the last) or a literal
    last part (`"tmp-export.zip"`); a variable holding the file's own name
    says nothing about where the file goes, whatever it is called
    (Mezzanine's gallery import saves each zip member to
    `os.path.join(GALLERIES_UPLOAD_DIR, slug, tempname)`, `tempname` the
    member's decoded name)."""
    if (call.callee in _PATH_JOINS or call.method == "joinpath") and call.args and call.args[-1].k == IDENT:
        parts = call.args[:-1] if call.callee in _PATH_JOINS else call.args[:-1] + [Val(IDENT, call.recv)]
        return any(a.k in (STR, TMPL, IDENT, CALL) and bool(_TEMP.search(a.v)) for a in parts)
    return bool(_TEMP.search(call.text))


# methods that write their object to the path they are handed: `.save(path)`
# (werkzeug's FileStorage, Pillow, openpyxl) and `.savefile(path)` /
# `.save_file(path)` (translate-toolkit's stores: Pootle's `store.savefile(file_path)`)
_SAVE_TO_PATH = frozenset({"save", "savefile", "save_file"})
_FS_NAMES = _FS_WRITE | _SAVE_TO_PATH | {"open", "write_text", "write_bytes"}  # every name fs_write answers for
# a destination path handed to `.save()`: a file written
_PATH_NAME = lazy_re(r"(?i)(?:^|_)(?:path|filepath|filename|file_name|dest|dst|destination|target|location|fullpath)$")


# Python calls that create or replace a file at their destination (second) argument
_PY_FILE_MOVES = frozenset({"shutil.copyfile", "shutil.copy", "shutil.copy2", "shutil.copytree", "shutil.move",
                            "os.rename", "os.renames", "os.replace"})


# Node calls that create or replace a file at their destination (second)
# argument: fs's copyFile/cp/rename, fs-extra's copy/move
_JS_FILE_MOVES = frozenset({"copyFile", "copyFileSync", "cp", "cpSync", "rename", "renameSync", "copy", "copySync", "move", "moveSync"})


def _file_move(project: Project, ff: FileFacts, call: Call) -> Write | None:
    """``shutil.copyfile(src, dst)``, ``shutil.move``, ``os.replace``... (and
    Node's ``fs.copyFile(src, dst)``, ``fs.rename``, fs-extra's ``move``): the
    destination file is written, like ``open(dst, "wb")``.  Not counted when the
    destination is scratch space or a PID / lock file, nor when either end is a
    log file (rotating a log archives it) or the database's own file (a SQLite
    file backed up before a migration, or a backup put back: the database
    itself, not a second store beside it)."""
    src = call.args[0] if call.args else call.kwargs.get("src")
    dst = call.args[1] if len(call.args) > 1 else call.kwargs.get("dst")
    if dst is None or _log_path(project, ff, dst) or _log_path(project, ff, src):
        return None
    if _db_file(project, ff, src) or _db_file(project, ff, dst) or _bound_to_db_file(ff, call, src) or _bound_to_db_file(ff, call, dst):
        return None
    if _temp_path(project, ff, call, dst) or _process_file(project, ff, dst):
        return None
    return Write(FS, f"`{short(call)}`")


def fs_write(project: Project, ff: FileFacts, call: Call) -> Write | None:
    if ff.lang == "py" and call.callee in _PY_FILE_MOVES:
        return _file_move(project, ff, call)
    name = call.method or call.callee.rsplit(".", 1)[-1]
    if name in _JS_FILE_MOVES and ff.lang in ("js", "ts"):
        return _file_move(project, ff, call) if _on_fs_module(call) else None
    if name not in _FS_NAMES:
        return None
    if call.args and _log_path(project, ff, call.args[0]):
        return None
    if call.args and (_db_file(project, ff, call.args[0]) or _bound_to_db_file(ff, call, call.args[0])):
        return None  # the database's own file (kolibri's dbrestore truncates it before loading a dump): not a second store
    if call.args and (_temp_path(project, ff, call, call.args[0]) or _process_file(project, ff, call.args[0])):
        return None
    if ff.lang in ("js", "ts"):
        if name not in _FS_WRITE:
            return None
        return Write(FS, f"`{short(call)}`") if _on_fs_module(call) or call.callee in ("Bun.write",) else None
    if ff.lang == "py":
        if call.callee in ("open", "io.open", "codecs.open", "aiofiles.open", "builtins.open", "os.fdopen") or (call.method == "open" and call.recv in ("Path", "path", "p")):
            mode = call.kwargs.get("mode")
            if mode is None:
                idx = 0 if call.method == "open" and call.callee not in ("io.open", "codecs.open", "aiofiles.open") and call.recv else 1
                mode = call.args[idx] if len(call.args) > idx else None
            mode = (resolve(project, ff, mode) if mode is not None else None)
            if mode is not None and mode.k == STR and re.search(r"[wax+]", mode.v):
                if not re.search(r"[wax]", mode.v) and only_read_or_drained(ff, call):
                    return None  # opened for update, but only read, or read and emptied (a drained spool)
                return Write(FS, f"`{short(call)}` with mode '{mode.v}'")
            return None
        if name in ("write_text", "write_bytes") and call.recv:
            return Write(FS, f"`{short(call)}`")
        if name in _SAVE_TO_PATH and call.method and call.args and _is_path_arg(call.args[0]):
            return Write(FS, f"`{short(call)}`")  # request.files["file"].save(path), image.save(dest), store.savefile(file_path)
    return None


def _on_fs_module(call: Call) -> bool:
    """A JS call of Node's fs (callback, sync or promises) or fs-extra."""
    mod = call.callee.rsplit(".", 1)[0] if "." in call.callee else ""
    if mod in _FS_MODULES or mod.startswith(("fs.", "node:fs.")):
        return True
    root = (recv_root(call) or call.recv).rsplit(".", 1)[-1]
    return root in ("fs", "fsp", "fsPromises", "fse", "fsExtra") and not call.recv_type


# a function named for the file path it returns: `abs_path(version.url)`,
# `self.get_file_path()`, `os.path.abspath(p)` (not a URL's or a route's path)
_PATH_CALL = lazy_re(r"(?i)(?:^|_)(?:path|filepath|filename|file_name|fullpath)$|^(?:abspath|realpath|normpath|expanduser)$")
_NOT_FILE_PATH = lazy_re(r"(?i)(?:^|_)(?:url|uri|route|request|api)_")


def _is_path_arg(v: Val) -> bool:
    if v.k == CALL:
        if v.v in ("os.path.join", "posixpath.join", "pathlib.Path", "Path") or v.v.endswith((".joinpath", "os.path.join")):
            return True
        name = v.v.rsplit(".", 1)[-1]  # papermerge's `pdf.save(abs_path(document_version.document_path.url))`
        return bool(_PATH_CALL.search(name)) and not _NOT_FILE_PATH.search(name)
    if v.k == IDENT:
        return bool(_PATH_NAME.search(v.v.rsplit(".", 1)[-1]))
    return v.k in (STR, TMPL) and "/" in v.v


# --------------------------------------------------------------------------- enqueue
BULL_LIBS = ("bullmq", "bull", "bee-queue", "@nestjs/bull", "@nestjs/bullmq", "@taskforcesh/bullmq-pro", "kue")


def is_bull_queue_origin(origin: str) -> bool:
    o = origin.replace(".default", "")
    return o in ("bullmq.Queue", "bull", "bull.Queue", "bee-queue", "bee-queue.Queue", "@taskforcesh/bullmq-pro.QueuePro", "bullmq.FlowProducer") or o.startswith(("@nestjs/bull.", "@nestjs/bullmq."))


def is_bull_queue(project: Project, ff: FileFacts, call: Call) -> bool:
    origin = recv_origin(project, ff, call)
    if origin:
        if is_bull_queue_origin(origin):
            return True
        if origin.split(".")[0] in ("Queue", "Bull") and file_uses(ff, *BULL_LIBS):
            return True
        return bool(re.search(r"queue", origin, re.I)) and origin.startswith("./") and uses(project, *BULL_LIBS)
    root = (recv_root(call) or call.recv).rsplit(".", 1)[-1]
    return bool(re.search(r"queue$", root, re.I)) and uses(project, *BULL_LIBS)


# durable message brokers: package of the receiver's constructor -> publishing methods
_BROKER_SENDS = {
    "kafkajs": ("send", "sendBatch"),
    "amqplib": ("publish", "sendToQueue"),
    "amqp-connection-manager": ("publish", "sendToQueue"),
    "@google-cloud/pubsub": ("publish", "publishMessage", "publishJSON"),
    "kafka": ("send",),
    "aiokafka": ("send", "send_and_wait", "send_batch"),
    "confluent_kafka": ("produce",),
    "pika": ("basic_publish",),
    "aio_pika": ("publish",),
}


_BROKER_METHODS = frozenset(m for methods in _BROKER_SENDS.values() for m in methods)

# module-level publishes to a durable broker: fedora-messaging's `api.publish(message)`
# sends to RabbitMQ on a connection the library keeps (confirmed delivery)
_BROKER_FUNCS = frozenset({"fedora_messaging.api.publish", "fedora_messaging.api.twisted_publish"})


def _broker_send(project: Project, ff: FileFacts, call: Call) -> bool:
    """A publish to a durable broker (Kafka, RabbitMQ, Pub/Sub) made on a client
    of that library: the same outbox problem as a job queue."""
    if call.callee in _BROKER_FUNCS:
        return True
    if not call.method or not call.recv or call.method not in _BROKER_METHODS:
        return False  # (cheap first: the receiver's origin is costly to find)
    origin = recv_origin(project, ff, call) or call.recv_type
    if not origin or origin.startswith("./"):
        return False
    head = callee_package(origin)
    if head not in _BROKER_SENDS and "." in origin and head.isidentifier():
        # made by a method of another local object: `channel = connection.channel()`
        # after `connection = pika.BlockingConnection(...)`
        outer = name_origin(project, ff, head)
        if outer and not outer.startswith("./"):
            head = callee_package(outer)
    return call.method in _BROKER_SENDS.get(head, ())


# django-q2's enqueue functions: one task, a chain (its first task is queued)
# or an iterable of argument sets (queued as one task)
DJANGO_Q_FUNCS = frozenset({"django_q.tasks.async_task", "django_q.tasks.async_chain", "django_q.tasks.async_iter"})
# the class forms, run as `AsyncTask(func, *args).run()`, or `task = Chain(...)`
# then `task.run()`: `Chain.run()` is `async_chain`, `Iter.run()` is `async_iter`
_DJANGO_Q_CLASSES = frozenset({"django_q.tasks.AsyncTask", "django_q.tasks.Chain", "django_q.tasks.Iter"})


def _django_q_send(call: Call) -> bool:
    """django-q2's ``async_task``/``async_chain``/``async_iter`` or the
    ``.run()`` of an ``AsyncTask``, ``Chain`` or ``Iter`` (by name only)."""
    if call.method != "run":
        return call.callee in DJANGO_Q_FUNCS
    return call.recv_type in _DJANGO_Q_CLASSES or (call.callee.endswith("().run") and call.callee[:-6] in _DJANGO_Q_CLASSES)


def _django_q_enqueue(project: Project, call: Call) -> bool:
    """A django-q2 enqueue (``_django_q_send``), unless its
    broker may be the ORM one, whose queue is a table of the database."""
    return _django_q_send(call) and not _django_q_broker_may_be_orm(project)


@per_project
def _django_q_broker_may_be_orm(project: Project) -> bool:
    """Does a settings module's ``Q_CLUSTER`` choose django-q2's ORM broker (an
    ``orm`` key), or is it a value that cannot be read (a call's result, a
    spread)?  With no ``Q_CLUSTER`` in sight the broker is the default, Redis."""
    for ff in project.parsed_code_files():
        conf = ff.consts.get("Q_CLUSTER") if ff.lang == "py" else None
        if conf is not None and (conf.k != OBJ or conf.open or "orm" in (conf.keys or {})):
            return True
    return False


# pg-boss: ``new PgBoss(url)`` (CommonJS default, ESM default, v10's named
# export) and its ways of sending jobs (riskscan.checks._jobqueues reads them too)
PGBOSS_CTORS = frozenset({"pg-boss", "pg-boss.default", "pg-boss.PgBoss"})
PGBOSS_SENDS = frozenset({"send", "sendAfter", "sendThrottled", "sendDebounced", "sendSingleton", "insert"})


def is_pgboss(call: Call) -> bool:
    """``call``'s receiver is typed by the frontend as ``new PgBoss(...)``."""
    return call.recv_type.replace("()", "") in PGBOSS_CTORS


def _pgboss_own_transaction(call: Call) -> bool:
    """``boss.send(name, data[, options])`` (and its variants, the request
    form ``send({name, data, options})``, ``insert``) that pg-boss commits in
    a transaction of its own: no ``db`` option hands it the caller's.  Options
    that cannot be read (a variable, a spread) may hold ``db``: not judged."""
    args = call.args
    if call.method == "insert":
        opts = args[2] if len(args) > 2 else args[1] if len(args) == 2 and args[0].k != STR else None
    elif args[0].k == OBJ:
        if args[0].open:
            return False
        opts = (args[0].keys or {}).get("options")
    else:
        opts = args[2] if len(args) > 2 else None
    if opts is None or opts.k == NULL:
        return True
    return opts.k == OBJ and not opts.open and "db" not in (opts.keys or {})


def enqueue_write(project: Project, ff: FileFacts, call: Call) -> Write | None:
    m = call.method
    if _broker_send(project, ff, call):
        return Write(ENQUEUE, f"`{short(call)}`")
    if ff.lang in ("js", "ts"):
        if m in PGBOSS_SENDS and call.recv and call.args and is_pgboss(call) and _pgboss_own_transaction(call):
            return Write(ENQUEUE, f"`{short(call)}`")
        if m in ("add", "addBulk") and call.recv and is_bull_queue(project, ff, call):
            return Write(ENQUEUE, f"`{short(call)}`")
        if m == "createJob" and call.recv and is_bull_queue(project, ff, call):
            return Write(ENQUEUE, f"`{short(call)}`")
        if m == "sendToQueue":
            return Write(ENQUEUE, f"`{short(call)}`")
        if call.new and call.callee.endswith("SendMessageCommand") and "sqs" in call.callee.lower():
            return Write(ENQUEUE, "`SendMessageCommand`")
        if m == "sendMessage" and re.search(r"sqs", call.recv + recv_origin(project, ff, call), re.I):
            return Write(ENQUEUE, f"`{short(call)}`")
        return None
    if ff.lang == "py":
        if m in ("delay", "apply_async") and call.recv and call.recv not in ("self",) and uses(project, "celery"):
            return Write(ENQUEUE, f"`{short(call)}`")
        if m == "delay" and call.recv and rq_job(project, ff, call.recv) is not None:
            return Write(ENQUEUE, f"`{short(call)}`")
        if m == "send_task" and uses(project, "celery"):
            return Write(ENQUEUE, f"`{short(call)}`")
        if m in ("send", "send_with_options") and call.recv and _dramatiq_actor(project, ff, call.recv):
            return Write(ENQUEUE, f"`{short(call)}`")
        if rq_enqueue(project, ff, call) or _django_q_enqueue(project, call):
            return Write(ENQUEUE, f"`{short(call)}`")
        if m == "delay" and call.recv and tasktiger_delay(project, ff, call):
            return Write(ENQUEUE, f"`{short(call)}`")
        if m in ("send_message", "send_messages") and re.search(r"sqs|queue", call.recv, re.I) and uses(project, "boto3", "aioboto3"):
            return Write(ENQUEUE, f"`{short(call)}`")
    return None


def _decorator_of(project: Project, ff: FileFacts, name: str, match: Callable[[Val], bool]) -> tuple[FileFacts, Val] | None:
    """The first decorator ``match`` accepts on the function ``name`` names
    (seen from ``ff``: same file or imported), with the function's file."""
    for d in definitions(project, ff, name):
        for v in d.func.decorators if d.func is not None else ():
            if match(v):
                return d.ff, v
    return None


def _dramatiq_actor(project: Project, ff: FileFacts, name: str) -> bool:
    """``export_data.send(...)``: ``name`` is a function decorated with ``@dramatiq.actor``."""
    return uses(project, "dramatiq") and _decorator_of(project, ff, name, lambda v: v.v.startswith("dramatiq.actor")) is not None


RQ_JOB_DECORATORS = frozenset({"rq.decorators.job", "rq.job", "django_rq.job", "django_rq.decorators.job"})


def rq_job(project: Project, ff: FileFacts, name: str) -> tuple[FileFacts, Call] | None:
    """``reindex.delay(...)``: ``name`` is a function decorated with RQ's
    ``@job(queue)`` (or django-rq's); its file and the decorator's call (queue, ``retry=``)."""
    if not uses(project, "rq", "django_rq"):
        return None
    got = _decorator_of(project, ff, name, lambda v: v.k == CALL and v.v in RQ_JOB_DECORATORS)
    if got is None or not 0 <= got[1].call < len(got[0].calls):
        return None
    return got[0], got[0].calls[got[1].call]


# TaskTiger's queue object and its task class (`Task(tiger, fn, args=...)`)
TASKTIGER = frozenset({"tasktiger.TaskTiger", "tasktiger.tasktiger.TaskTiger"})
_TASKTIGER_TASKS = frozenset({"tasktiger.Task", "tasktiger.task.Task"})


def tasktiger_delay(project: Project, ff: FileFacts, call: Call) -> bool:
    """A ``delay()`` that queues a TaskTiger task: ``tiger.delay(fn, ...)``
    on a ``TaskTiger`` (also one imported from the module that builds it),
    ``Task(tiger, fn).delay()``, or ``fn.delay(...)`` of a function decorated
    with a TaskTiger's ``@tiger.task(...)``."""
    if not uses(project, "tasktiger"):
        return False
    origin = recv_origin(project, ff, call)
    if origin in TASKTIGER or origin in _TASKTIGER_TASKS or call.callee.rsplit(".", 1)[0].replace("()", "") in _TASKTIGER_TASKS:
        return True
    for d in definitions(project, ff, call.recv):
        for v in d.func.decorators if d.func is not None else ():
            if v.k == CALL and v.v.endswith(".task") and 0 <= v.call < len(d.ff.calls):
                deco = d.ff.calls[v.call]
                if recv_origin(project, d.ff, deco) in TASKTIGER:
                    return True
    return False


RQ_ENQUEUES = frozenset({"enqueue", "enqueue_call", "enqueue_in", "enqueue_at"})
# a receiver named as an RQ queue or scheduler (`queue`, `low_q`, `get_queue('default')`, `scheduler`)
_RQ_RECEIVER = lazy_re(r"(?i)queue|(?:^|[._])q$|sched")


def rq_enqueue(project: Project, ff: FileFacts, call: Call) -> bool:
    """``queue.enqueue(f, ...)`` (``enqueue_call/_in/_at``, ``django_rq.enqueue``)
    on an RQ queue or scheduler.  A project that defines methods of these
    names itself (NetBox's ``JobRunner.enqueue``, its event actions'
    ``action.enqueue``) has calls of them too: there the receiver must be
    named as a queue or scheduler, and never ``self``/``cls``/``super()``."""
    if call.callee == "django_rq.enqueue":
        return True
    if call.method not in RQ_ENQUEUES or not uses(project, "rq", "django_rq"):
        return False
    recv = call.recv
    if recv in ("self", "cls") or recv.startswith("super(") or _other_library_object(project, ff, call):
        return False
    return call.method not in _project_methods(project) or bool(_RQ_RECEIVER.search(recv))


# RQ and the libraries built on it: rq, django_rq, rq_scheduler, flask_rq2, ...
_RQ_PACKAGE = lazy_re(r"(?i)(?:^|_)rq\d*(?:_|$)")


def _other_library_object(project: Project, ff: FileFacts, call: Call) -> bool:
    """The receiver's type is known and comes from another library: its
    annotation or its constructor names a class or factory of a package that
    is neither RQ (nor built on it) nor the project's, and is not named as a
    queue or scheduler (docling-serve's ``orchestrator: BaseOrchestrator``,
    a docling-jobkit class whose ``enqueue`` is its own).  The frontend's
    type is read first: it knows the function's own parameters and locals,
    where ``recv_origin`` may find another function's variable of that name."""
    typ = call.recv_type if call.recv_type and "(" not in call.recv_type else recv_origin(project, ff, call)
    if "." not in typ or typ.startswith(("./", "self.", "this.")):
        return False
    package = callee_package(typ)
    if package in sys.stdlib_module_names or package == "typing_extensions":
        return False  # `q: Any`, `q: typing.Any`: says nothing of what the object is
    if _RQ_PACKAGE.search(package) or _RQ_RECEIVER.search(typ.rsplit(".", 1)[-1]):
        return False
    return module_and_attr(project, typ) is None


@per_project
def _project_methods(project: Project) -> frozenset[str]:
    """Names of the methods the project's Python classes define."""
    return frozenset(f.name for ff in project.parsed_code_files() if ff.lang == "py" for f in ff.funcs if f.cls)


# the method names enqueue_write can answer for (besides ``new ...SendMessageCommand``)
_ENQUEUE_METHODS = _BROKER_METHODS | {"send", "send_with_options",
    "add", "addBulk", "createJob", "sendToQueue", "sendMessage",
    "delay", "apply_async", "send_task", "enqueue", "enqueue_call", "enqueue_in", "enqueue_at", "send_message", "send_messages",
}


def any_non_sql_write(project: Project, ff: FileFacts) -> bool:
    """Does a call made in a function of the file write to Redis, the
    filesystem or a job queue (``redis_write``, ``fs_write``,
    ``enqueue_write``)?  The first tests those three make on the call's name
    are made inline first, without a function call per call: most calls are
    none of them."""
    for call in ff.calls:
        m = call.method
        if (
            call.func
            and (
                (m and ((call.recv and m.lower() in REDIS_WRITE_METHODS) or m in _ENQUEUE_METHODS))
                or call.new
                or (m or call.callee.rsplit(".", 1)[-1]) in _FS_NAMES
                or call.callee in _PY_FILE_MOVES
                or _django_q_send(call)
                or (m or call.callee.rsplit(".", 1)[-1]) in _JS_FILE_MOVES
            )
            and (redis_write(project, ff, call) or fs_write(project, ff, call) or enqueue_write(project, ff, call))
        ):
            return True
    return False


# --------------------------------------------------------------------------- SQL writes
_EXECUTORS = frozenset({
    "query", "execute", "exec", "executemany", "execute_many", "run", "none", "one", "oneOrNone", "many", "manyOrNone",
    "any", "result", "raw", "unsafe", "$executeRaw", "$executeRawUnsafe", "$queryRaw", "$queryRawUnsafe", "fetch", "fetchrow",
    "fetchval", "fetch_all", "fetch_one", "fetch_val", "execute_batch", "execute_values", "executescript", "all", "get",
    "sql", "text", "prepare", "batch", "multi", "task", "tx",
})
_SQL_TAGS = frozenset({"sql", "SQL", "text", "raw", "$executeRaw", "$queryRaw", "unsafe", "query"})
_LOGGING = lazy_re(r"^(?:console|log|logger|logging|print|warn|error|debug|info|assert|Error|TypeError)$", re.I)


def sql_texts(project: Project, ff: FileFacts, call: Call) -> list[tuple[str, Val]]:
    """SQL texts a call executes or builds: (text, literal value).  Executors
    (``query``, ``execute``, tags such as ``sql``) take any text; other calls
    (project helpers such as ``runQuery``) only text whose SQL keywords are
    upper case (see :func:`sql_write`)."""
    name = call.method or call.callee.rsplit(".", 1)[-1]
    if call.new or _LOGGING.match(name) or _LOGGING.match((call.recv or call.callee).split(".")[0]):
        return []
    out: list[tuple[str, Val]] = []
    cands: list[Val] = list(call.args[:2])
    for k in ("query", "sql", "statement", "stmt", "text"):
        if k in call.kwargs:
            cands.append(call.kwargs[k])
    for a in cands:
        v = resolve(project, ff, a)
        if v.k == CALL:
            sub = project.call_of(ff, v)
            if sub is not None and sub.args and (sub.method or sub.callee.rsplit(".", 1)[-1]) in ("text", "sql", "SQL", "raw", "literal"):
                v = resolve(project, ff, sub.args[0])
        t = _sql.text_of(v)
        if t is not None:
            out.append((t, v))
    return out


_SQL_VERB = lazy_re(r"\b(?:INSERT|UPDATE|DELETE|MERGE|REPLACE|UPSERT)\b")


def _may_be_sql(ff: FileFacts, val: Val) -> bool:
    """Cheap gate for a project helper's first argument: upper-case SQL text, or a
    constant / imported name that may hold it."""
    if val.k in (STR, TMPL):
        return bool(_SQL_VERB.search(val.v))
    return val.k == IDENT and ("." in val.v or val.v in ff.consts or val.v in ff.imports)


def is_executor(call: Call) -> bool:
    name = call.method or call.callee.rsplit(".", 1)[-1]
    return name in _EXECUTORS or name in _SQL_TAGS


_KNEX_WRITES = frozenset({"insert", "update", "del", "delete", "upsert", "merge", "increment", "decrement", "truncate"})
_KYSELY = frozenset({"insertInto", "updateTable", "deleteFrom", "replaceInto", "mergeInto"})
_PRISMA_WRITES = frozenset({"create", "createMany", "createManyAndReturn", "update", "updateMany", "upsert", "delete", "deleteMany"})
_MODEL_WRITES = frozenset({"create", "bulkCreate", "update", "destroy", "upsert", "findOrCreate", "increment", "decrement", "insert", "insertGraph", "patch", "patchAndFetchById", "updateAndFetchById", "deleteById", "relate"})
_REPO_WRITES = frozenset({"save", "insert", "update", "delete", "remove", "softDelete", "softRemove", "upsert", "increment", "decrement", "restore", "persistAndFlush", "nativeUpdate", "nativeInsert", "nativeDelete", "persist", "flush"})
_SQL_ORMS = ("sequelize", "sequelize-typescript", "@sequelize/core", "objection", "typeorm", "@mikro-orm/core", "bookshelf", "waterline", "@nestjs/typeorm", "@nestjs/sequelize")
_DJANGO_WRITES = frozenset({"create", "bulk_create", "update", "delete", "get_or_create", "update_or_create", "bulk_update"})
_SA_SESSION = frozenset({"add", "add_all", "merge", "delete", "bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings"})


def chain_root(call: Call) -> str:
    """The leading identifier of a chained call's source ('db' in ``db('jobs').where().update()``)."""
    m = re.match(r"(?:await\s+)?(?:new\s+)?((?:this|self)\.#?[\w$]+|[\w$]+)", call.recv or call.text)
    return m.group(1) if m else ""


def is_knex_chain(project: Project, ff: FileFacts, call: Call) -> bool:
    from ._db import db_pools

    root = chain_root(call)
    if not root:
        return False
    text = call.recv or ""
    for pool in db_pools(project):
        if pool.library != "knex" or not pool.name:
            continue
        if pool.ff is ff and (root == pool.name or root == pool.short_name or text.startswith(pool.name + "(")):
            return True
    imp = ff.imports.get(root, "")
    if imp in ("knex", "knex.knex", "knex.default"):
        return True
    if imp.startswith("./") or (ff.lang != "py" and imp):
        origin = name_origin(project, ff, root)
        if origin in ("knex", "knex.knex", "knex.default"):
            return True
    if re.match(rf"{re.escape(root)}\s*\(\s*['\"`]", text) and (file_uses(ff, "knex") or uses(project, "knex")):
        return True  # db('jobs')... / trx('jobs')... with knex in the project
    return False


def sql_write(project: Project, ff: FileFacts, call: Call) -> Write | None:
    texts = sql_texts(project, ff, call)
    executor = is_executor(call)
    for t, _ in texts:
        for w in _sql.writes(t):
            if not executor and not t[w.offset:].startswith(w.verb):
                continue  # lower-case prose passed to some other call
            verb = {"INSERT": "INSERT INTO", "DELETE": "DELETE FROM"}.get(w.verb, w.verb)
            return Write(SQL, f"`{short(call)}` {verb} {w.table}", w.table)
    if texts and executor:
        return None
    m = call.method
    if not m:
        if ff.lang == "py" and re.match(r"^(?:sqlalchemy|sqlmodel)(?:\.sql|\.dialects\.\w+)?\.(insert|update|delete)$", call.callee):
            table = _first_name(call)
            return Write(SQL, f"`{call.callee.rsplit('.', 1)[-1]}({table})`", table)
        return None
    if ff.lang in ("js", "ts"):
        return _js_orm_write(project, ff, call, m)
    if ff.lang == "py":
        return _pypika_write(project, ff, call, m) or _py_orm_write(project, ff, call, m)
    return None


# PyPika query chains that build a write: `Query.into(t).insert(...)`, `Query.update(t).set(...)`,
# `Query.from_(t).delete()` (the write method -> the call in its chain that names the table)
_PYPIKA_HEADS = {"insert": ("into", "INSERT INTO"), "set": ("update", "UPDATE"), "delete": ("from_", "DELETE FROM")}
_DBAPI_RUNS = frozenset({"execute", "executemany", "execute_many", "executescript"})


def _pypika_write(project: Project, ff: FileFacts, call: Call, m: str) -> Write | None:
    """A PyPika query chain that builds an INSERT / UPDATE / DELETE in a
    function that also runs SQL on a DB-API cursor (``cur.execute(sql)``):
    the write the function makes.  The chain shows it is PyPika by its start
    (``Query.into(...)``, imported from pypika) or by the table it names
    (``Table("jobs")`` of pypika): chroma's ``self._db.querybuilder()
    .into(Table("max_seq_id")).columns(...).insert(...)``, then
    ``cur.execute(sql, params)``.  A chain that only builds text (a
    function returning it) is not a write of its own."""
    head, verb = _PYPIKA_HEADS.get(m, ("", ""))
    if not head or "()." not in call.callee or not file_uses(ff, "pypika"):
        return None
    parts = call.callee.split("().")
    prefixes = {"().".join(parts[:i]) for i in range(1, len(parts))}
    start = next((c for c in ff.calls if c.func == call.func and c.callee in prefixes
                  and (c.method or c.callee.rsplit(".", 1)[-1]) == head), None)
    if start is None or not any(c.func == call.func and c.method in _DBAPI_RUNS for c in ff.calls):
        return None
    arg = start.args[0] if start.args else None
    named = resolve(project, ff, arg) if arg is not None else None
    if not (start.callee.startswith("pypika.") or (named is not None and named.k == CALL and named.v.startswith("pypika."))):
        return None
    table = ""
    if arg is not None and arg.k == IDENT:
        table = arg.v.rsplit(".", 1)[-1]
    elif arg is not None and arg.k == STR:
        table = arg.v
    elif arg is not None and (made := project.call_of(ff, arg)) is not None and made.args and made.args[0].k == STR:
        table = made.args[0].v
    return Write(SQL, f"`{short(call)}` {verb} {table}".rstrip(), table)


def _first_name(call: Call) -> str:
    if call.args and call.args[0].k in (IDENT, STR, CALL):
        return call.args[0].v.rsplit(".", 1)[-1]
    return ""


def _js_orm_write(project: Project, ff: FileFacts, call: Call, m: str) -> Write | None:
    recv = call.recv
    if m in _KYSELY:
        t = call.args[0].v if call.args and call.args[0].k == STR else ""
        return Write(SQL, f"`{short(call)}`", t)
    if m in _KNEX_WRITES and recv and is_knex_chain(project, ff, call):
        t = ""
        mm = re.match(r"[\w$.]+\(\s*['\"`]([\w.]+)", recv)
        if mm:
            t = mm.group(1)
        return Write(SQL, f"`{short(call)}`", t)
    if (
        m in ("insert", "update", "delete") and recv and "(" not in recv and call.args and call.args[0].k == IDENT
        and recv.rsplit(".", 1)[-1] in ("db", "tx", "trx", "database") and uses(project, "drizzle-orm")
    ):
        return Write(SQL, f"`{short(call)}`", _first_name(call))
    if m == "execute" and "createQueryBuilder" in recv and re.search(r"\.(update|insert|delete)\(", recv):
        mm = re.search(r"\.(?:update|into|from)\(\s*([\w$]+)", recv)
        return Write(SQL, f"`{short(call)}`", mm.group(1) if mm else "")
    parts = recv.split(".") if recv and "(" not in recv else []
    if m in _PRISMA_WRITES and len(parts) >= 2:
        owner = parts[-2]
        if "prisma" in owner.lower() or (owner in ("tx", "db", "client", "trx") and uses(project, "@prisma/client")):
            return Write(SQL, f"`{short(call)}`", parts[-1])
    if m in _REPO_WRITES and parts:
        last = parts[-1]
        named = re.search(r"(?:repo|repository)$", last, re.I) or last in ("manager", "entityManager", "em")
        if named and (uses(project, *_SQL_ORMS) or "getRepository" in recv_origin(project, ff, call) or last.endswith(("Repository", "Repo"))):
            return Write(SQL, f"`{short(call)}`", re.sub(r"(?i)repo(sitory)?$", "", last))
        if len(parts) == 2 and parts[0] == "this" and injected_repository(project, ff, call, last):
            return Write(SQL, f"`{short(call)}`", last)
    if m in _MODEL_WRITES and uses(project, *_SQL_ORMS):
        model = ""
        if len(parts) == 1 and re.match(r"^[A-Z][A-Za-z0-9]*$", parts[0]):
            model = parts[0]
        elif len(parts) == 2 and parts[0] in ("models", "db", "this.models") and re.match(r"^[A-Z]", parts[1]):
            model = parts[1]
        elif recv and re.match(r"^[A-Z][\w$]*\.query\(\)", recv) and uses(project, "objection"):
            model = recv.split(".", 1)[0]
        if model and not _is_non_model(ff, model):
            return Write(SQL, f"`{short(call)}`", model)
    return None


_NOT_REPO = lazy_re(r"queue|cache|redis|service|client|http|config|logger|emitter|bus|gateway", re.I)


def injected_repository(project: Project, ff: FileFacts, call: Call, prop: str) -> bool:
    """``this.orders.save()`` where ``orders`` is a constructor parameter of a
    class whose constructor injects repositories (``@InjectRepository(Order)``)."""
    if _NOT_REPO.search(prop):
        return False
    for f in ff.funcs:
        if f.name == "constructor" and prop in f.params:
            return any(c.func == f.id and c.callee.rsplit(".", 1)[-1] in ("InjectRepository", "InjectModel") and c.callee.startswith(("@nestjs/typeorm", "@nestjs/sequelize"))
                       for c in ff.calls)
    return False


# TypeORM's repository classes (typeorm and forks published under a scope, such as @n8n/typeorm)
_TYPEORM_REPOSITORY = lazy_re(r"^(?:@[\w.-]+/)?typeorm\.(?:Repository|TreeRepository)$")


def in_typeorm_repository(project: Project, ff: FileFacts, call: Call) -> bool:
    """``this.update(...)`` in a class that extends TypeORM's ``Repository``,
    directly or through project classes (n8n's ``ExecutionRepository extends
    BaseRepository``, a ``Repository`` of ``@n8n/typeorm``): the repository's
    own ``update``."""
    cls = class_of(project, ff, call)
    return bool(cls) and _extends_typeorm_repository(project, ff, cls)


def _extends_typeorm_repository(project: Project, ff: FileFacts, cls: str, depth: int = 0) -> bool:
    base = next((str(k.get("extends") or "") for k in (ff.extra or {}).get("classes", ()) if isinstance(k, dict) and k.get("name") == cls), "")
    if not base or depth > 3:
        return False
    target = imported_target(ff, base)
    if _TYPEORM_REPOSITORY.match(target):
        return True
    if "." not in base and target == base:
        return _extends_typeorm_repository(project, ff, base, depth + 1)  # a class of the same file
    home = module_and_attr(project, target) if target.startswith("./") else None
    return home is not None and bool(home[1]) and "." not in home[1] and _extends_typeorm_repository(project, home[0], home[1], depth + 1)


def _is_non_model(ff: FileFacts, name: str) -> bool:
    """Capitalised globals and library classes that are not ORM models."""
    if name in ("Object", "Array", "Promise", "JSON", "Math", "Date", "Reflect", "Map", "Set", "Buffer", "Queue", "Worker", "Redis"):
        return True
    imp = ff.imports.get(name, "")
    return bool(imp) and not imp.startswith("./") and not imp.startswith(("sequelize", "objection", "typeorm", "@mikro-orm", "@/", "~/", "src/"))


def _foreign_object(project: Project, call: Call) -> bool:
    """Was the receiver built by another library (``context = cairo.Context(s)``,
    then ``context.save()``)?  Not a model: Django's, DRF's and the project's
    own classes (any module the project holds) are."""
    t = call.recv_type
    if not t or "." not in t or t.startswith(("./", "django", "rest_framework", "self.", "cls.")):
        return False  # (`self.form_class(...)`: a class the view is configured with, the project's own)
    return t.split(".", 1)[0] not in _py_packages(project)


def _enqueued_job(project: Project, ff: FileFacts, call: Call) -> bool:
    """``job.save()`` on the job an enqueue returned, in place or through a
    function of this file that returns it (ralph's reports: ``job =
    enqueue(self, request)``, which returns ``view.queue.enqueue_call(...)``,
    then ``job.meta[...] = ...; job.save()``): RQ's Job.save() writes the job
    back to the queue's Redis, not a row."""
    if not call.recv.isidentifier() or not call.func:
        return False
    made = assigned_before(project, ff, call.func, call.recv, call.line)
    if not made:
        return False
    src = made[-1]
    if enqueue_write(project, ff, src) is not None:
        return True
    if src.method or "." in src.callee:
        return False
    return any(c.assigned == "return" and enqueue_write(project, ff, c) is not None
               for f in ff.funcs if f.name == src.callee and not f.cls for c in project.calls_in(ff, f.id))


@per_project
def _py_packages(project: Project) -> frozenset[str]:
    """First segments of every module name the project's Python files can be imported as."""
    return frozenset(name.split(".", 1)[0] for name in py_modules(project))


_MANAGER = lazy_re(r"(?:^|\.)objects\b|(?:^|\.)[A-Z]\w*\.\w*objects\b")


def _django_manager(recv: str) -> bool:
    """A Django model manager or a queryset from one: ``Order.objects``,
    ``Order.objects.filter(...)``, ``Order.all_objects`` (a custom manager on a
    model class); not a dict attribute named like one (``self._quota_objects``)."""
    return bool(_MANAGER.search(recv))


# a base class that makes a Django model: django.db.models.Model and friends,
# django.contrib.auth's user bases, or a class named like a model base
_MODEL_BASE = lazy_re(r"^django\.(?:db\.models|contrib\.(?:auth|gis\.db\.models))\.|(?:^|\.)\w*Model$")


# Django's own QuerySet and Manager classes (``models.QuerySet``, ``django.db.models.query.QuerySet``,
# ``models.Manager``, ``BaseManager``): their ``create``/``bulk_create``/``update``... write rows
_QUERYSET_BASE = lazy_re(r"^django\.db\.models\.(?:query\.|manager\.)?(?:QuerySet|Manager|BaseManager)$")


_PLAIN_BASES = frozenset({"dict", "list", "set", "object", "collections.OrderedDict", "collections.UserDict", "collections.defaultdict",
                          "OrderedDict", "UserDict", "defaultdict", "typing.Dict", "typing.NamedTuple", "dataclasses.dataclass"})


def _plain_class(project: Project, ff: FileFacts, call: Call) -> bool:
    """``self.save()`` in a class of this file built on a plain container
    (``class ConfigDict(dict)`` persisting itself to JSON): not an ORM row."""
    cls = class_of(project, ff, call)
    for klass in ff.extra.get("classes", ()) if ff.extra and cls else ():
        if isinstance(klass, dict) and klass.get("name") == cls:
            bases = [b for b in klass.get("bases") or () if isinstance(b, str)]
            return all(b in _PLAIN_BASES for b in bases)
    return False


def _own_file_save(project: Project, ff: FileFacts, call: Call) -> bool:
    """``self.save()`` in a class of this file that is no model and defines a
    ``save`` of its own that does not hand on to ``super().save()`` (Django's
    file session store, which writes the session file): what it writes is read
    from that method's body, a same-file helper, not taken for a row."""
    cls = class_of(project, ff, call)
    if not cls or _model_class(project, ff, cls, 0):
        return False
    own = [f for f in methods_of(ff, cls) if f.name == "save"]
    if not own:
        return False
    return not any(c.method == "save" and c.recv.startswith("super") for f in own for c in project.calls_in(ff, f.id, nested=True))


def _in_model_class(project: Project, ff: FileFacts, call: Call) -> bool:
    """``super().save()`` in a method of a Django model (its save override writes
    the row), not of a session store or form whose parent saves elsewhere."""
    cls = class_of(project, ff, call)
    return bool(cls) and _model_class(project, ff, cls, 0)


def _in_queryset_class(project: Project, ff: FileFacts, call: Call) -> bool:
    """``super().create(...)`` in a method of a Django QuerySet or Manager
    subclass (saleor's ``ProductVariantQueryset.create`` overriding the
    insert to enqueue a task after it): the parent's write is the row's."""
    cls = class_of(project, ff, call)
    return bool(cls) and _model_class(project, ff, cls, 0, _QUERYSET_BASE)


def _model_class(project: Project, ff: FileFacts, cls: str, depth: int, wanted: re.Pattern[str] | None = None) -> bool:
    """``cls`` (a class of ``ff``) is built, directly or through project classes
    up to three levels above, on a base ``wanted`` matches (a Django model base
    unless told)."""
    if depth > 3:
        return False
    wanted = wanted or _MODEL_BASE
    for klass in ff.extra.get("classes", ()) if ff.extra else ():
        if not isinstance(klass, dict) or klass.get("name") != cls:
            continue
        for base in klass.get("bases") or ():
            if not isinstance(base, str):
                continue
            if wanted.search(base):
                return True
            mod, _, name = base.rpartition(".")
            home = py_modules(project).get(mod) if mod else ff
            if home is not None and _model_class(project, project.full(home, name), name, depth + 1, wanted):
                return True
    return False


_SA_SESSION_NAME = lazy_re(r"session|^db$|^sess$|^s$|^uow$", re.I)
# `calibre_db.session.query(Model)...`: the session and the first model queried
_SA_QUERY = lazy_re(r"^((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)\.query\(\s*([\w.]*)")


def _sa_committed(project: Project, ff: FileFacts, call: Call, session: str) -> bool:
    """The function making ``call`` also commits / flushes that SQLAlchemy session."""
    fcalls = project.calls_in(ff, call.func, nested=True) if call.func else [c for c in ff.calls if not c.func]
    return any(c.recv == session and c.method in ("commit", "flush", "begin", "begin_nested") for c in fcalls)


def _queryset_var(ff: FileFacts, call: Call) -> str:
    """The model of a Django queryset the call's receiver variable holds (assigned
    from a manager earlier in the same function), or ''.  The receiver is the
    variable or a chain of calls on it (``entries.using("default")``), not one
    of its attributes: ``event.cache.delete(key)`` (pretalx's per-event
    cache) deletes no row."""
    root = call.recv.split(".", 1)[0].split("(", 1)[0]
    if not root.isidentifier() or root in ("self", "cls"):
        return ""
    rest = call.recv[len(root):]
    if rest and (not rest.startswith(".") or any("(" not in seg for seg in _split_members(rest[1:]))):
        return ""
    for c in ff.calls:
        if c.assigned == root and c.func == call.func and c.line <= call.line and _django_manager(c.callee):
            return c.callee.split(".objects", 1)[0].rsplit(".", 1)[-1]
    return ""


def _split_members(text: str) -> list[str]:
    """``using("a.b").filter(x=1)`` -> its member segments, dots inside calls' parentheses kept."""
    out: list[str] = []
    depth = 0
    cur = ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "." and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _py_orm_write(project: Project, ff: FileFacts, call: Call, m: str) -> Write | None:
    recv = call.recv
    if m in _DJANGO_WRITES and _django_manager(recv):
        model = recv.split(".", 1)[0]
        return Write(SQL, f"`{short(call)}`", model)
    if m in _DJANGO_WRITES and recv and recv.startswith("super") and _in_queryset_class(project, ff, call):
        return Write(SQL, f"`{short(call)}`", class_of(project, ff, call))
    if m in ("delete", "update") and recv and (qs := _queryset_var(ff, call)):
        # `entries = Memory.objects.filter(...)`, then `entries.using("default").delete()`
        return Write(SQL, f"`{short(call)}`", qs)
    if (
        m == "save"
        and recv
        and (not recv.startswith("super") or _in_model_class(project, ff, call))
        and not (recv == "self" and (_plain_class(project, ff, call) or _own_file_save(project, ff, call)))
        and file_uses(ff, "django", "rest_framework")
        # a model's save() takes keywords only: `im.save(tmp_location, quality="high")`,
        # `storage.save(name, content)` write files (papermerge's `doc.save()` is a row)
        and not any(not a.v.startswith("*") for a in call.args)  # (`super().save(*args, **kwargs)` passes its own on)
        and not re.search(r"image|img|storage|fig|plot|wb|workbook", recv, re.I)
        and not _foreign_object(project, call)
        and not _enqueued_job(project, ff, call)
    ):
        return Write(SQL, f"`{short(call)}`", recv)
    if m in _SA_SESSION and recv:
        if _SA_SESSION_NAME.search(recv.rsplit(".", 1)[-1]) and _sa_committed(project, ff, call, recv):
            target = ""
            if call.args and call.args[0].k == CALL:
                target = call.args[0].v.rsplit(".", 1)[-1]
            return Write(SQL, f"`{short(call)}`", target)
    if m in ("delete", "update") and recv:
        # a bulk Query.delete() / Query.update({...}): `session.query(Model).filter(...).delete()`
        # issues the DELETE / UPDATE itself, like session.delete(obj) at the flush
        q = _SA_QUERY.match(recv)
        if q and _SA_SESSION_NAME.search(q.group(1).rsplit(".", 1)[-1]) and _sa_committed(project, ff, call, q.group(1)):
            return Write(SQL, f"`{short(call)}`", q.group(2).rsplit(".", 1)[-1])
    if m in ("insert", "update", "delete") and re.match(r"^[a-z_]\w*(?:_table)?$", recv or "") and call.recv_type.endswith("Table"):
        return Write(SQL, f"`{short(call)}`", recv)
    return None


# --------------------------------------------------------------------------- entry point
_WRITE_NAMES: frozenset[str] = frozenset()


def _write_names() -> frozenset[str]:
    """Every method / function name some store write can have (a cheap gate)."""
    global _WRITE_NAMES
    if not _WRITE_NAMES:
        names = set(_EXECUTORS) | _SQL_TAGS | _KNEX_WRITES | _KYSELY | _PRISMA_WRITES | _MODEL_WRITES | _REPO_WRITES
        names |= _DJANGO_WRITES | _SA_SESSION | _FS_WRITE | _JS_FILE_MOVES | _SAVE_TO_PATH | {"execute", "insert", "update", "delete", "open", "write_text", "write_bytes", "write"}
        names |= {"add", "addBulk", "createJob", "sendToQueue", "sendMessage", "delay", "apply_async", "send_task", "enqueue",
                  "enqueue_call", "enqueue_in", "enqueue_at", "send_message", "send_messages", "SendMessageCommand",
                  *(f.rsplit(".", 1)[-1] for f in DJANGO_Q_FUNCS)}
        names |= {m for methods in _BROKER_SENDS.values() for m in methods}
        _WRITE_NAMES = frozenset(names)
    return _WRITE_NAMES


def store_write(project: Project, ff: FileFacts, call: Call) -> Write | None:
    """What store this call writes to, or None."""
    name = call.method or call.callee.rsplit(".", 1)[-1]
    if (
        name not in _write_names()
        and name.lower() not in REDIS_WRITE_METHODS
        and not (call.method == "set" and call.recv.endswith(".json"))
        and not (call.args and _may_be_sql(ff, call.args[0]))
        and not (ff.lang == "py" and call.callee in _PY_FILE_MOVES)
    ):
        return None
    return sql_write(project, ff, call) or redis_write(project, ff, call) or fs_write(project, ff, call) or enqueue_write(project, ff, call)


# how compiled TypeScript calls an imported function: `(0, promises_1.writeFile)(…)`
_COMPILED_CALLEE = lazy_re(r"^\(0,\s*([\w$.]+)\)\(")


def short(call: Call) -> str:
    """How the code names a call, for messages: `redis.hSet`, `db(…).update`,
    `promises_1.writeFile` for compiled ``await (0, promises_1.writeFile)(…)``."""
    if call.recv and "(" in call.recv:
        head = re.sub(r"^(?:await\s+|new\s+)", "", call.recv.split("(", 1)[0])
        return f"{head}(…).{call.method}"
    text = re.sub(r"^(?:await\b\s*|new\s+)", "", call.text) if call.text else call.callee
    compiled = _COMPILED_CALLEE.match(text)
    text = compiled.group(1) if compiled else text.split("(", 1)[0].strip()
    if len(text) > 60 or not text:
        text = (call.recv.rsplit(".", 1)[-1] + "." if call.recv else "") + (call.method or call.callee.rsplit(".", 1)[-1])
    return text

