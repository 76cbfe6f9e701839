"""Where the project's Redis runs and what depends on it (RS203).

* ``compose_redis(project)``: the Redis containers compose runs, each with a
  role -- ``primary`` (a plain redis-server), ``replica`` (``--replicaof``,
  bitnami ``REDIS_REPLICATION_MODE``), ``sentinel`` or ``cluster``.  Reads the
  merged services of ``compose.compose_services`` (overrides, extends, .env
  and dev-only profiles applied; one-shot ``redis-cli`` containers skipped),
  else the raw compose models.
* ``redis_uses(project, files)``: what the code keeps in Redis that a Redis
  outage takes down -- job queues (BullMQ/Bull/bee-queue, Redis lists, RQ,
  Celery with a Redis broker, arq/dramatiq/huey) and sessions (connect-redis,
  Flask-Session, Django sessions in a Redis cache).
* ``endpoints(project, files)``: every Redis connection the code opens, as far
  as the code says where it goes (see ``_redis_clients.Endpoint``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from ..facts import BOOL, ENV, NUM, STR, Call, FileFacts, Val
from ..lazyre import lazy_re
from ._db import _compose_images, _flask_config
from ._jobqueues import BULL, CELERY, CONSUME, LIST, PRODUCE, RQ, queue_index
from ._redis_clients import Endpoint, classify_value, client_endpoint, queue_endpoints, redis_clients, taskiq_broker

if TYPE_CHECKING:
    from ..project import Project

PRIMARY, REPLICA, SENTINEL, CLUSTER = "primary", "replica", "sentinel", "cluster"

_IMAGE = lazy_re(r"(?:^|/)(redis|valkey|keydb|redis-stack|redis-stack-server|dragonfly|dragonflydb|redis-sentinel|redis-cluster|valkey-sentinel|valkey-cluster)(?:[:@]|$)", re.I)
_REPLICA_CMD = lazy_re(r"--(?:replicaof|slaveof)\b|\b(?:replicaof|slaveof)\s+\S+\s+\d+", re.I)
_SENTINEL_CMD = lazy_re(r"redis-sentinel|--sentinel\b|valkey-sentinel", re.I)
_CLUSTER_CMD = lazy_re(r"--cluster-enabled\s+yes|cluster-enabled\s+yes", re.I)


@dataclass
class ComposeRedis:
    path: str
    line: int
    name: str
    image: str
    role: str  # primary | replica | sentinel | cluster


def _text(v: Any) -> str:
    """Plain text of a compose value (string, list, or {value, line} wrappers)."""
    if v is None:
        return ""
    if isinstance(v, dict):
        if "value" in v or "v" in v:
            return _text(v.get("value", v.get("v")))
        return " ".join(f"{k}={_text(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return " ".join(_text(x) for x in v)
    return str(v)


def _get(obj: Any, *names: str) -> Any:
    for n in names:
        if isinstance(obj, dict) and n in obj:
            return obj[n]
        if not isinstance(obj, dict) and hasattr(obj, n):
            return getattr(obj, n)
    return None


def _role(name: str, image: str, command: str, env: str) -> str | None:
    img = image.lower()
    m = _IMAGE.search(img.split("@")[0].rsplit(":", 1)[0] + ":") if img else None
    is_redis = bool(m) or "redis-server" in command or "valkey-server" in command or "redis-sentinel" in command
    if not is_redis and not image and name.lower() in ("redis", "valkey", "keydb") and not command:
        is_redis = False  # built from a Dockerfile we cannot see: unknown
    if not is_redis:
        return None
    if "sentinel" in img or _SENTINEL_CMD.search(command):
        return SENTINEL
    if "cluster" in img or _CLUSTER_CMD.search(command):
        return CLUSTER
    if _REPLICA_CMD.search(command) or re.search(r"REDIS_REPLICATION_MODE\W+(?:slave|replica)", env, re.I) or re.search(r"REDIS_MASTER_HOST\b", env):
        return REPLICA
    return PRIMARY


def _from_helper(project: "Project") -> list[ComposeRedis] | None:
    try:
        from .compose import compose_services
    except ImportError:
        return None
    try:
        services = compose_services(project)
    except Exception:  # noqa: BLE001 - a sibling module's bug must not hide this rule
        import os

        if os.environ.get("RISKSCAN_DEBUG"):
            raise
        return None
    items = services.items() if isinstance(services, dict) else ((None, s) for s in services or ())
    out: list[ComposeRedis] = []
    for key, svc in items:
        name = str(_get(svc, "name") or key or "")
        image = _text(_get(svc, "image"))
        command = " ".join(_text(_get(svc, n)) for n in ("command", "entrypoint"))
        env = _text(_get(svc, "environment", "env"))
        family = str(_get(svc, "family") or "")
        svc_role = str(_get(svc, "role") or "")
        if svc_role in ("one-shot", "app"):
            continue  # a redis-cli job (`redis-cli ... ping`) or an app built on a redis image: not a node
        role = _role(name, image, command, env) or (PRIMARY if family in ("redis", "valkey", "keydb") else None)
        if role is None:
            continue
        if svc_role == "sentinel":
            role = SENTINEL
        path = str(_get(svc, "file", "path") or "")
        line = int(_get(svc, "line") or 1)
        out.append(ComposeRedis(path, line, name, image, role))
    return out


def _from_models(project: "Project") -> list[ComposeRedis]:
    out: list[ComposeRedis] = []
    for cf in project.compose_files():
        model = cf.compose or {}
        services = _get(model, "services")
        if not isinstance(services, dict):
            continue
        for name, svc in sorted(services.items(), key=lambda kv: str(kv[0])):
            if not isinstance(svc, dict):
                continue
            image = _text(svc.get("image"))
            command = " ".join(_text(svc.get(n)) for n in ("command", "entrypoint"))
            env = _text(svc.get("environment"))
            role = _role(str(name), image, command, env)
            if role is None:
                continue
            lines = svc.get("__lines__")
            line = lines.get("") if isinstance(lines, dict) else None
            out.append(ComposeRedis(cf.path, int(str(line)) if str(line).isdigit() else 1, str(name), image, role))
    return out


def compose_redis(project: "Project") -> list[ComposeRedis]:
    cache = project.__dict__.get("_rs_compose_redis")
    if cache is None:
        got = _from_helper(project)
        cache = got if got is not None else _from_models(project)
        cache.sort(key=lambda s: (s.path, s.line, s.name))
        project.__dict__["_rs_compose_redis"] = cache
    return cache


# --------------------------------------------------------------------------- what depends on Redis
@dataclass
class Use:
    path: str
    line: int
    group: str  # "BullMQ queue", "Celery task", "sessions (connect-redis)"
    name: str  # queue / task name ('' when none)
    kind: str  # queue | session

    @property
    def what(self) -> str:
        return f"{self.group} `{self.name}`" if self.name and self.name not in _PLACEHOLDERS else self.group


# names that stand for "computed at runtime" (``send_task(name)``) or "every
# queue" (a worker): counted, never shown as a name
_PLACEHOLDERS = frozenset({"?", "*"})


def summary(uses: list[Use]) -> str:
    """'BullMQ queues `emails`, `reports` and sessions (connect-redis)'."""
    groups: dict[str, list[str]] = {}
    unnamed: dict[str, set[tuple[str, int]]] = {}  # uses whose name is computed at runtime
    for u in uses:
        names = groups.setdefault(u.group, [])
        if u.name in _PLACEHOLDERS:
            unnamed.setdefault(u.group, set()).add((u.path, u.line))
        elif u.name and u.name not in names:
            names.append(u.name)
    parts = []
    for group, names in groups.items():
        if not names:
            parts.append(group)
            continue
        more = len(names) - 3 if len(names) > 3 else 0
        shown = ", ".join(f"`{n}`" for n in names[:3])
        more += len(unnamed.get(group, ()))
        parts.append(f"{group}{'s' if len(names) + more > 1 else ''} {shown}{f' (+{more})' if more else ''}")
    return " and ".join(parts[:3])


_SESSION_JS = ("connect-redis", "connect-redis-store", "@fastify/session", "koa-redis", "express-session-redis")
_SESSION_CALLS = frozenset({"RedisStore", "connectRedis", "RedisStoreFactory"})
_PY_QUEUE_MODS = {"arq": "arq job queue", "dramatiq": "dramatiq broker", "huey": "huey task queue", "taskiq_redis": "taskiq broker", "saq": "saq queue", "tasktiger": "TaskTiger task queue"}
# libraries whose queues live in the object a module builds (`tiger = TaskTiger(connection=conn)`): a module
# that only imports them (for type hints, under `if TYPE_CHECKING:`) keeps no queue in Redis
_PY_QUEUE_CTORS = {"tasktiger": frozenset({"tasktiger.TaskTiger", "tasktiger.tasktiger.TaskTiger"})}


def _strings(val: Val | None, depth: int = 0) -> Iterator[str]:
    if val is None or depth > 8:
        return
    if val.k == STR:
        yield val.v
    for v in (val.keys or {}).values():
        yield from _strings(v, depth + 1)
    for v in val.items or ():
        yield from _strings(v, depth + 1)


def _redis_url(text: str) -> bool:
    return bool(re.match(r"^(?:rediss?|redis\+sentinel|sentinel|valkey)://", text, re.I))


def _other_broker_in_compose(project: "Project") -> bool:
    """Compose runs RabbitMQ (or another AMQP broker): an env broker URL is not known to be Redis."""
    got = project.__dict__.get("_rs_amqp_in_compose")
    if got is None:
        images = " ".join(_compose_images(cf.compose) for cf in project.compose_files())
        got = bool(re.search(r"rabbitmq|activemq|qpid|amqp|localstack|elasticmq", images, re.I))
        project.__dict__["_rs_amqp_in_compose"] = got
    return got


def _settings_location(val: Val) -> tuple[str, str]:
    for k, v in _items(val):
        if k in ("LOCATION", "URL", "hosts") or k == "HOST":
            for text in _strings(v):
                if _redis_url(text) or k == "HOST":
                    return ("sentinel" if text.lower().startswith("sentinel") else "literal"), text
            if v.k == ENV:
                return "env", v.v  # "HOST": env.str("SCANCODEIO_RQ_REDIS_HOST", default="localhost")
        if k in ("SENTINELS", "sentinels"):
            return "sentinel", "Sentinel"
    return "unknown", ""


def _huey_location(val: Val) -> tuple[str, str]:
    """Django's ``HUEY`` settings (huey.contrib.djhuey): the host or URL its
    ``connection`` names, when the huey is a Redis one (``huey_class`` left to
    the default or naming a ``*RedisHuey``) that does not run tasks inline
    (``immediate``). A SQLite, file or memory huey, a huey class or host not
    written in the settings, is unknown."""
    keys = val.keys or {}
    cls = keys.get("huey_class")
    if cls is not None and not (cls.k == STR and cls.v.endswith("RedisHuey")):
        return "unknown", ""
    immediate = keys.get("immediate")
    if immediate is not None and not (immediate.k == BOOL and immediate.v == "false"):
        return "unknown", ""  # tasks run in the caller (or a value decided elsewhere)
    conn = keys.get("connection")
    ck = conn.keys or {} if conn is not None else {}
    for k in ("url", "host"):
        v = ck.get(k)
        if v is None:
            continue
        if v.k == ENV:
            return "env", v.v
        if v.k == STR and v.v and (k == "host" or _redis_url(v.v)):
            port = ck.get("port")
            return "literal", f"{v.v}:{port.v}" if k == "host" and port is not None and port.k == NUM else v.v
    return "unknown", ""


def _items(val: Val | None, depth: int = 0) -> Iterator[tuple[str, Val]]:
    if val is None or depth > 6:
        return
    for k, v in (val.keys or {}).items():
        yield k, v
        yield from _items(v, depth + 1)
    for v in val.items or ():
        yield from _items(v, depth + 1)


_BROKER_CONST = lazy_re(r"broker_url$|^REDIS_URL$|^SESSION_REDIS_URL$", re.I)
_BROKER_ATTR = lazy_re(r"\.broker_url$|\.BROKER_URL$")


def broker_endpoints(project: "Project", files: list[FileFacts]) -> list[Endpoint]:
    """Celery brokers and settings constants (CELERY_BROKER_URL ...) that point at Redis.
    A broker URL read from the environment counts only when compose runs no
    other broker.  An upper-case constant of a Flask app whose configuration
    is also read from a file or the environment (``from_pyfile``,
    ``from_envvar``...) is a default the deployment replaces: it is read like
    a URL from the environment (FlaskBB's ``DefaultConfig``)."""
    out: list[Endpoint] = []
    env_ok = not _other_broker_in_compose(project)
    for ff in files:
        if ff.lang != "py":
            continue
        for call in ff.calls:
            if call.callee in ("celery.Celery",) or (call.method == "update" and call.recv.endswith(".conf")) or call.method == "config_from_object":
                val = call.kwargs.get("broker") or call.kwargs.get("broker_url")
                if val is None and call.callee == "celery.Celery" and len(call.args) > 1:
                    val = call.args[1]
                if val is None:
                    continue
                mode, detail = classify_value(project, ff, val)
                if (mode == "literal" and not _redis_url(detail)) or mode == "unknown" or (mode == "env" and not env_ok):
                    continue
                out.append(Endpoint(ff, call, "Celery", mode, detail, "Celery broker", call.assigned))
        for name, val in ff.consts.items():
            if _BROKER_CONST.search(name):
                mode, detail = classify_value(project, ff, val)
            elif name in ("CACHES", "RQ_QUEUES", "CHANNEL_LAYERS"):
                # Django settings: the first Redis location / RQ HOST written in them
                mode, detail = _settings_location(val)
            elif name == "HUEY" and val.keys:
                mode, detail = _huey_location(val)
            else:
                continue
            if mode == "literal" and name.rsplit(".", 1)[-1].isupper() and _flask_config(project, ff.path)[1]:
                mode = "env"
            if mode == "env" and env_ok and (name in ("RQ_QUEUES", "HUEY") or any("redis" in t.lower() for t in _strings(val))):
                # a host or URL from the environment: RQ's and a Redis huey's are Redis, a cache's or a channel layer's when its backend is
                out.append(Endpoint(ff, Call(callee=name, line=val.line or 1, col=1, text=name), "settings", mode, detail, "settings constant", name))
            elif mode in ("literal", "sentinel") and (_redis_url(detail) or name in ("RQ_QUEUES", "HUEY")):
                out.append(Endpoint(ff, Call(callee=name, line=val.line or 1, col=1, text=name), "settings", mode, detail, "settings constant", name))
        for item in ff.extra.get("assigns") or [] if ff.extra else []:  # only what frontends/_assigns.py keeps
            target = str(item[0]) if item else ""
            if not _BROKER_ATTR.search(target):
                continue
            val = item[3] if len(item) > 3 else None
            if isinstance(val, dict) and val.get("k") == STR and _redis_url(str(val.get("v", ""))):
                out.append(Endpoint(ff, Call(callee=target, line=int(item[2]), col=1, text=target), "Celery", "literal", str(val["v"]), target, target))
    return out


def redis_uses(project: "Project", files: list[FileFacts], brokers: list[Endpoint]) -> list[Use]:
    paths = {ff.path for ff in files}
    out: list[Use] = []
    # (a Redis huey's connection is huey's own, not Celery's broker)
    redis_celery = any(b.lib in ("Celery", "settings") and b.mode != "unknown" and b.name != "HUEY" for b in brokers)
    for op in queue_index(project):
        if op.ff.path not in paths:
            continue
        if op.kind == BULL:
            out.append(Use(op.ff.path, op.call.line, f"{op.lib} queue", op.name, "queue"))
        elif op.kind == LIST and op.role in (PRODUCE, CONSUME):
            # a push or a pop; LRANGE/LINDEX/LPOS/LTRIM alone read or cap a list (a feed), they queue nothing
            out.append(Use(op.ff.path, op.call.line, "Redis list queue", op.name, "queue"))
        elif op.kind == RQ:
            out.append(Use(op.ff.path, op.call.line, "RQ queue", op.name or "default", "queue"))
        elif op.kind == CELERY and redis_celery:
            out.append(Use(op.ff.path, op.call.line, "Celery task", op.name, "queue"))
    has_tasks = any(u.group == "Celery task" for u in out)
    for b in brokers:
        if b.lib == "Celery" and b.mode != "unknown" and b.ff.path in paths and not has_tasks:
            out.append(Use(b.ff.path, b.call.line, "the Celery broker", "", "queue"))
    for ff in files:
        if ff.shallow:
            continue  # no modules, calls or constants
        mods = set(ff.modules)
        if ff.lang != "py" and any(m.startswith(_SESSION_JS) for m in mods):
            # `var Redis = require('connect-redis')(express)`: the store class, under any name
            store_classes = {c.assigned for c in ff.calls if c.assigned and c.callee.replace(".default", "").startswith(_SESSION_JS)}
            for call in ff.calls:
                callee = call.callee.replace(".default", "")
                name = callee.rsplit(".", 1)[-1]
                if (call.new and callee.startswith(_SESSION_JS)) or name in _SESSION_CALLS or (call.new and name in store_classes):
                    out.append(Use(ff.path, call.line, "sessions (connect-redis)", "", "session"))
                    break
        if ff.lang == "py":
            for mod, what in _PY_QUEUE_MODS.items():
                if any(m == mod or m.startswith(mod + ".") for m in mods):
                    first = next((c for c in ff.calls if c.callee.startswith(mod)), None)
                    if mod == "taskiq_redis" and first is not None:
                        # a taskiq-redis result backend or schedule source beside another broker
                        # (AioPikaBroker(...).with_result_backend(RedisAsyncResultBackend(...))) queues nothing
                        first = next((c for c in ff.calls if taskiq_broker(c.callee)), None)
                        if first is None:
                            continue
                    if mod in _PY_QUEUE_CTORS:
                        first = next((c for c in ff.calls if c.callee in _PY_QUEUE_CTORS[mod]), None)
                        if first is None:
                            continue
                    out.append(Use(ff.path, first.line if first else 1, what, "", "queue"))
            if any(m.startswith("flask_session") for m in mods):
                first = next((c for c in ff.calls if c.callee.startswith("flask_session")), None)
                out.append(Use(ff.path, first.line if first else 1, "sessions (Flask-Session)", "", "session"))
            st = ff.consts.get("SESSION_TYPE")
            if st is not None and st.k == STR and st.v.lower() == "redis":
                out.append(Use(ff.path, st.line or 1, "sessions (SESSION_TYPE = 'redis')", "", "session"))
            se = ff.consts.get("SESSION_ENGINE")
            caches = ff.consts.get("CACHES")
            if se is not None and se.k == STR and ("redis" in se.v.lower() or (se.v.endswith(".cache") and caches is not None and any("redis" in s.lower() for s in _strings(caches)))):
                out.append(Use(ff.path, se.line or 1, "Django sessions", "", "session"))
    out.sort(key=lambda u: (u.path, u.line))
    return out


def endpoints(project: "Project", files: list[FileFacts], brokers: list[Endpoint]) -> list[Endpoint]:
    paths = {ff.path for ff in files}
    out: list[Endpoint] = []
    for client in redis_clients(project):
        if client.ff.path in paths:
            ep = client_endpoint(project, client)
            if ep is not None:
                out.append(ep)
    out.extend(ep for ep in queue_endpoints(project) if ep.ff.path in paths)
    out.extend(brokers)
    out.sort(key=lambda e: (e.ff.path, e.call.line, e.call.col))
    return out


__all__ = ["ComposeRedis", "Use", "summary", "compose_redis", "redis_uses", "endpoints", "broker_endpoints", "PRIMARY", "REPLICA", "SENTINEL", "CLUSTER"]
