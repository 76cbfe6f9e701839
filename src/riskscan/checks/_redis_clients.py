"""Which calls create Redis clients, and which clients have an 'error' listener.

``redis_clients(project)`` lists every construction of a Redis connection the
RS2xx rules know about: node-redis ``createClient``/``createCluster``/
``createSentinel``, ioredis ``new Redis``/``new Redis.Cluster``, copies made
with ``.duplicate()``, BullMQ ``Worker``/``QueueEvents``, Kue / bee-queue
queues and node-resque's queues, workers and schedulers (event emitters that re-emit connection errors), and redis-py ``Redis``/``from_url``/``Sentinel``/
``RedisCluster``.  ``error_listener(project, client)`` finds the ``'error'``
listener a Node client has, wherever in the project it is attached.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..facts import ARR, CALL, IDENT, OBJ, STR, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ..project import key, scope_chain
from ._longrun import import_graph
from ._memo import call_position, funcs_by_id, per_calls, per_list, per_project
from ._resolve import call_sites, callee_funcs, fn_of_val, last_name, norm_callee

if TYPE_CHECKING:
    from ..project import Project

# resolved callee -> (library label, kind, what the code calls)
JS_CTORS: dict[str, tuple[str, str, str]] = {
    "ioredis": ("ioredis", "client", "new Redis"),
    "ioredis.Redis": ("ioredis", "client", "new Redis"),
    "ioredis.Cluster": ("ioredis", "cluster", "new Redis.Cluster"),
    "ioredis.Redis.Cluster": ("ioredis", "cluster", "new Redis.Cluster"),
    "redis.createClient": ("node-redis", "client", "createClient"),
    "@redis/client.createClient": ("node-redis", "client", "createClient"),
    "@node-redis/client.createClient": ("node-redis", "client", "createClient"),
    "redis.createCluster": ("node-redis", "cluster", "createCluster"),
    "@redis/client.createCluster": ("node-redis", "cluster", "createCluster"),
    "redis.createSentinel": ("node-redis", "sentinel", "createSentinel"),
    "@redis/client.createSentinel": ("node-redis", "sentinel", "createSentinel"),
    "bullmq.Worker": ("BullMQ", "worker", "new Worker"),
    "bullmq.QueueEvents": ("BullMQ", "worker", "new QueueEvents"),
    "@taskforcesh/bullmq-pro.WorkerPro": ("BullMQ", "worker", "new WorkerPro"),
    # queues that re-emit their Redis connection's errors as 'error' on themselves
    # (kue/lib/redis.js, bee-queue's Queue#makeClient); Bull 4 installs a no-op listener
    "kue.createQueue": ("Kue", "queue", "createQueue"),
    "bee-queue": ("bee-queue", "queue", "new Queue"),
    "bee-queue.Queue": ("bee-queue", "queue", "new Queue"),
    # node-resque's Queue re-emits its Connection's (the ioredis client's) errors,
    # Worker and Scheduler their Queue's, MultiWorker its Workers' (src/core/*.ts)
    "node-resque.Queue": ("node-resque", "queue", "new Queue"),
    "node-resque.Worker": ("node-resque", "queue", "new Worker"),
    "node-resque.Scheduler": ("node-resque", "queue", "new Scheduler"),
    "node-resque.MultiWorker": ("node-resque", "queue", "new MultiWorker"),
}
# kinds of emitters that are not a connection of their own (no endpoint, no .duplicate())
EMITTERS = ("worker", "queue")
PY_CTORS: dict[str, tuple[str, str, str]] = {}
for _name in (
    "redis.Redis",
    "redis.StrictRedis",
    "redis.client.Redis",
    "redis.client.StrictRedis",
    "redis.asyncio.Redis",
    "redis.asyncio.StrictRedis",
    "redis.asyncio.client.Redis",
    "aioredis.Redis",
    "aioredis.StrictRedis",
    "valkey.Valkey",
    "valkey.asyncio.Valkey",
):
    PY_CTORS[_name] = ("redis-py", "client", _name.rsplit(".", 1)[-1])
    PY_CTORS[_name + ".from_url"] = ("redis-py", "client", _name.rsplit(".", 1)[-1] + ".from_url")
for _name in ("redis.from_url", "redis.asyncio.from_url", "aioredis.from_url", "aioredis.create_redis_pool", "aioredis.create_redis", "valkey.from_url"):
    PY_CTORS[_name] = ("redis-py", "client", _name.split(".", 1)[1] if _name.count(".") > 1 else _name)
for _name in ("redis.ConnectionPool", "redis.BlockingConnectionPool", "redis.asyncio.ConnectionPool", "redis.asyncio.BlockingConnectionPool"):
    PY_CTORS[_name] = ("redis-py", "pool", _name.rsplit(".", 1)[-1])
    PY_CTORS[_name + ".from_url"] = ("redis-py", "pool", _name.rsplit(".", 1)[-1] + ".from_url")
for _name in ("redis.sentinel.Sentinel", "redis.Sentinel", "redis.asyncio.sentinel.Sentinel", "redis.asyncio.Sentinel", "aioredis.sentinel.Sentinel", "valkey.sentinel.Sentinel"):
    PY_CTORS[_name] = ("redis-py", "sentinel", "Sentinel")
for _name in ("redis.cluster.RedisCluster", "redis.RedisCluster", "redis.asyncio.cluster.RedisCluster", "redis.asyncio.RedisCluster", "rediscluster.RedisCluster", "valkey.cluster.ValkeyCluster"):
    PY_CTORS[_name] = ("redis-py", "cluster", "RedisCluster")

_CLIENT_LIBS = ("ioredis", "redis", "@redis/", "bullmq")
LISTEN_METHODS = ("on", "once", "addListener", "prependListener", "prependOnceListener")
_EXPORT_PREFIXES = ("this.", "self.", "exports.", "module.exports.")
_DEFAULT_NAMES = ("default", "exports", "module.exports")


@dataclass
class RedisClient:
    ff: FileFacts
    call: Call
    index: int  # position in ff.calls
    lib: str  # ioredis | node-redis | BullMQ | redis-py
    kind: str  # client | cluster | sentinel | pool | duplicate | worker | queue
    ctor: str  # what the code calls ("createClient", "new Redis", "client.duplicate()")
    name: str  # variable/attribute it is bound to ("" when none; "return" in a factory)
    origin: "RedisClient | None" = None  # for duplicates: the client copied
    via: list[tuple[FileFacts, Call]] = field(default_factory=list)  # factory call sites

    @property
    def short(self) -> str:
        return short_name(self.name)

    def shown(self, unnamed: str) -> str:
        """The client's name in backquotes, or ``unnamed`` for a returned value or a default export."""
        return f"`{self.short}`" if self.short and self.name not in ("return",) + _DEFAULT_NAMES else unnamed

    def label(self) -> str:
        who = self.shown("created here")
        what = {"worker": "BullMQ " + self.ctor.replace("new ", ""), "duplicate": f"copy made with {self.ctor}"}.get(self.kind, f"{self.lib} {self.ctor}")
        return f"{who} ({what})" if who != "created here" else what

    def anchor(self) -> str:
        return f"redis:{self.ctor}:{self.name or '-'}"


def short_name(name: str) -> str:
    for p in _EXPORT_PREFIXES:
        if name.startswith(p):
            name = name[len(p) :]
    return name.rsplit(".", 1)[-1] if name else ""


# wrappers that return the client itself or an object whose EventEmitter methods
# are the client's, bound to it (co-redis: `wrap.on = client.on.bind(client)`)
_SAME_EMITTER_WRAPPERS = frozenset({"co-redis", "bluebird.promisifyAll"})


class _CallIndex:
    """What the lookups below ask of one file's calls, indexed once (a file
    building thousands of clients would otherwise have each of them read
    every call of the file): wrappers by the call they wrap, the calls that
    assign a value by position, and by what their arguments name."""

    __slots__ = ("assigned_at", "calls", "for_each", "named", "wrappers")

    def __init__(self, calls: list[Call]) -> None:
        self.calls = calls
        self.wrappers: dict[int, Call] = {}  # wrapped call's position -> the first wrapper
        self.assigned_at: dict[tuple[int, int], list[Call]] = {}
        self.named: dict[tuple[str, object], list[int]] = {}  # ("call", i) / ("name", v) / ("short", v) an argument names -> positions
        self.for_each: list[int] = []  # `[a, b].forEach(...)`
        for i, c in enumerate(calls):
            if norm_callee(c.callee) in _SAME_EMITTER_WRAPPERS and len(c.args) == 1 and c.args[0].k == CALL:
                self.wrappers.setdefault(c.args[0].call, c)
            if c.assigned:
                self.assigned_at.setdefault((c.line, c.col), []).append(c)
            if c.method == "forEach" and c.recv.startswith("["):
                self.for_each.append(i)
            keys: set[tuple[str, object]] = set()
            for a in c.args:
                _arg_keys(a, keys)
            for k in keys:
                self.named.setdefault(k, []).append(i)


def _arg_keys(val: Val, out: set[tuple[str, object]]) -> None:
    """What an argument can name a client by (see ``_mentions``)."""
    if val.k == CALL:
        out.add(("call", val.call))
    elif val.k == IDENT:
        out.add(("name", val.v))
        out.add(("short", short_name(val.v)))
    elif val.k == ARR and val.items:
        for v in val.items:
            _arg_keys(v, out)


def _call_index(ff: FileFacts) -> _CallIndex:
    return per_calls("redis-clients", ff, _CallIndex)


def _wrapping_call(ff: FileFacts, call: Call) -> Call | None:
    """The call that hands the construction ``call`` to a wrapper that listens
    for the client (`const c = wrapper(createClient(url))` with co-redis)."""
    return _call_index(ff).wrappers.get(call_position(ff, call))


def bound_name(ff: FileFacts, call: Call) -> str:
    """The variable a construction ends up in, also through a chain
    (`const c = createClient().on('error', f)`) or a wrapper that shares the
    client's events (`const c = coRedis(createClient(url))`)."""
    if call.assigned:
        return call.assigned
    wrapper = _wrapping_call(ff, call)
    if wrapper is not None and wrapper.assigned:
        return wrapper.assigned
    for other in _call_index(ff).assigned_at.get((call.line, call.col), ()):
        if other is not call:
            return other.assigned
    # `const redis = globalThis.redis ?? new Redis(url)`, `x = cond ? new Redis(a) : new Redis(b)`
    for item in (ff.extra or {}).get("assigns") or ():  # only what frontends/_assigns.py keeps
        if len(item) < 4 or item[2] != call.line or (item[1] or "") != call.func:
            continue
        target, val = str(item[0]), item[3]
        kind = val.get("k") if isinstance(val, dict) else ""
        if kind not in ("call", "obj", "arr", "fn") and re.fullmatch(r"(?:this\.)?[\w$]+", target) and _may_hold(val, call):
            return target
    return ""


_WHOLE_TEXT = 60  # a value's recorded text shorter than this is whole (the frontends cut it at 80 characters)


def _may_hold(val: dict, call: Call) -> bool:
    """An assignment on the construction's line may bind it only if its value
    contains it: minified code puts a whole function on one line, and
    ``return f=await probe(s),f?new Cluster(s):new Redis(s)`` binds ``f`` to
    the probe's answer, not to the client.  A value whose recorded text may
    be cut short is taken as before."""
    text = re.sub(r"\s+", "", str(val.get("v") or ""))
    head = re.sub(r"\s+", "", call.text.split("(", 1)[0])
    return len(text) >= _WHOLE_TEXT or not head or head in text


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def redis_clients(project: "Project") -> list[RedisClient]:
    """Every Redis client construction in the project (file order)."""
    got = _CACHE.get(project)
    if got is not None:
        return got
    out: list[RedisClient] = []
    for ff in project.parsed_code_files():
        table = PY_CTORS if ff.lang == "py" else JS_CTORS
        mine: list[RedisClient] = []
        for i, call in enumerate(ff.calls):
            callee = call.callee
            spec = table.get(norm_callee(callee) if ".default" in callee else callee)  # (most have none: no call)
            if spec is None:
                continue
            lib, kind, ctor = spec
            mine.append(RedisClient(ff, call, i, lib, kind, ctor, bound_name(ff, call)))
        if ff.lang != "py":
            mine.extend(_duplicates(ff, mine))
        mine.sort(key=lambda c: c.index)
        out.extend(mine)
    out = _imported_duplicates(project, out)
    _CACHE[project] = out
    return out


def _imported_duplicates(project: "Project", clients: list[RedisClient]) -> list[RedisClient]:
    """`client.duplicate()` on a client imported from another module."""
    extra: list[RedisClient] = []
    taken = {(c.ff.path, c.index) for c in clients}
    for ff in project.parsed_code_files():
        if ff.lang == "py":
            continue
        for i, call in enumerate(ff.calls):
            if call.method != "duplicate" or (ff.path, i) in taken or recv_head(call.recv) not in ff.imports:
                continue
            origin = first_named_client(project, ff, call.recv, clients, lambda c: c.kind not in EMITTERS)
            if origin is None:
                continue
            dup = RedisClient(ff, call, i, origin.lib, "duplicate", f"{call.recv}.duplicate()", bound_name(ff, call), origin=origin)
            extra.append(dup)
            taken.add((ff.path, i))
            # copies of that copy in the same file
            extra.extend(_duplicates(ff, [dup]))
    if not extra:
        return clients
    merged = clients + extra
    order = {ff.path: n for n, ff in enumerate(project.code_files())}
    merged.sort(key=lambda c: (order.get(c.ff.path, 0), c.index))
    return merged


def _duplicates(ff: FileFacts, clients: list[RedisClient]) -> list[RedisClient]:
    out: list[RedisClient] = []
    known = list(clients)
    changed = True
    seen: set[int] = {c.index for c in clients if c.ff is ff}
    while changed:
        changed = False
        for i, call in enumerate(ff.calls):
            if call.method != "duplicate" or i in seen:
                continue
            origin = client_for_recv(ff, call, known)
            if origin is None or origin.kind in EMITTERS:
                continue
            seen.add(i)
            dup = RedisClient(ff, call, i, origin.lib, "duplicate", f"{call.recv or 'client'}.duplicate()", bound_name(ff, call), origin=origin)
            out.append(dup)
            known.append(dup)
            changed = True
    return out


class _RecvIndex:
    """The clients of a list by file and where they are built, and by file
    and the name they are bound to (whole, and its last part): what
    ``client_for_recv`` looks for, without reading the whole list for each
    call.  The lists it is asked about only grow by appending while they are
    asked about (``_duplicates`` adds the copies it finds): the new ones are
    indexed when the list has grown."""

    __slots__ = ("at", "by_name", "clients", "n")

    def __init__(self, clients: list[RedisClient]) -> None:
        self.clients = clients
        self.n = 0
        self.at: dict[tuple[int, int, int], list[int]] = {}
        self.by_name: dict[tuple[int, str, str], list[int]] = {}
        self.grow()

    def grow(self) -> None:
        for i in range(self.n, len(self.clients)):
            c = self.clients[i]
            self.at.setdefault((id(c.ff), c.call.line, c.call.col), []).append(i)
            if c.name and c.name not in ("return",) + _DEFAULT_NAMES:
                self.by_name.setdefault((id(c.ff), "name", c.name), []).append(i)
                self.by_name.setdefault((id(c.ff), "short", c.short), []).append(i)
        self.n = len(self.clients)

    def candidates(self, ff: FileFacts, call: Call) -> list[RedisClient]:
        """The clients that may be the one ``call`` is made on, in list order."""
        if len(self.clients) != self.n:
            self.grow()
        f = id(ff)
        picked = {*self.at.get((f, call.line, call.col), ()), *self.by_name.get((f, "name", call.recv), ()),
                  *self.by_name.get((f, "short", short_name(call.recv)), ())}
        return [self.clients[i] for i in sorted(picked)]


def client_for_recv(ff: FileFacts, call: Call, clients: list[RedisClient]) -> RedisClient | None:
    """The same-file client a method call is made on (by variable, or a chained construction)."""
    recv = call.recv
    if not recv:
        return None
    index = per_list("clients-by-recv", clients, _RecvIndex)
    if index.n > len(clients):  # (a list that shrank: not one this index was made for)
        index = _RecvIndex(clients)
    for c in index.candidates(ff, call):
        if c.ff is not ff:
            continue
        if c.call.line == call.line and c.call.col == call.col:
            return c  # chained: createClient().duplicate()
        if c.name and c.name not in ("return",) + _DEFAULT_NAMES and (recv == c.name or short_name(recv) == c.short) and same_owner(ff, c.call, call):
            return c
    return None


def owner_class(ff: FileFacts, call: Call) -> str:
    """The class a call belongs to: its method's class, or for a field initializer
    (no enclosing function) the class of the next method below it."""
    for f in scope_chain(funcs_by_id(ff), call.func):
        if f.cls:
            return f.cls
    if call.func:
        return ""
    lines, classes = per_list("methods-by-line", ff.funcs, _methods_by_line)
    at = bisect_left(lines, call.line)
    return classes[at] if at < len(lines) else ""


def _methods_by_line(funcs: list[Func]) -> tuple[list[int], list[str]]:
    """The lines of a file's methods, sorted (the first in the file first among
    those of one line), and their classes."""
    methods = sorted((f.line, i, f.cls) for i, f in enumerate(funcs) if f.cls)
    return [m[0] for m in methods], [m[2] for m in methods]


def same_owner(ff: FileFacts, a: Call, b: Call) -> bool:
    """`this.x` in two places names the same field only inside the same class."""
    if not (a.assigned.startswith("this.") or b.recv.startswith("this.")):
        return True
    ca, cb = owner_class(ff, a), owner_class(ff, b)
    return not ca or not cb or ca == cb


# --------------------------------------------------------------------------- listeners
def event_name(project: "Project", ff: FileFacts, call: Call) -> str:
    if call.method not in LISTEN_METHODS or not call.args:
        return ""
    return project.literal(ff, call.args[0]) or ""


def error_listeners(project: "Project") -> list[tuple[FileFacts, Call]]:
    got = project.__dict__.get("_rs_redis_err_listeners")
    if got is None:
        got = [(ff, c) for ff, c in project.calls_named(*LISTEN_METHODS) if ff.lang != "py" and event_name(project, ff, c) == "error"]
        project.__dict__["_rs_redis_err_listeners"] = got
    return got


def recv_head(recv: str) -> str:
    return re.split(r"[.(\[]", recv, maxsplit=1)[0]


def imports_file(project: "Project", importer: FileFacts, target: FileFacts) -> bool:
    return target.path in import_graph(project).get(importer.path, ())


def recv_points_into(project: "Project", g: FileFacts, recv: str, target: FileFacts, name: str) -> bool:
    """`recv` in file ``g`` names the export ``name`` of ``target`` (or its default export)."""
    head = recv_head(recv)
    imp = g.imports.get(head, "")
    if not imp:
        return short_name(recv) == short_name(name) and bool(name)
    mod_stem = target.path.rsplit(".", 1)[0]
    if imp.startswith("./"):
        body = imp[2:]
        if body == mod_stem or body == mod_stem.removesuffix("/index"):
            return True  # default export / whole module
        if body.startswith(mod_stem + ".") or body.startswith(mod_stem.removesuffix("/index") + "."):
            return last_name(imp) == short_name(name) or short_name(recv) == short_name(name)
    return short_name(recv) == short_name(name) or last_name(imp) == short_name(name)


def names_client(project: "Project", g: FileFacts, recv: str, client: RedisClient) -> bool:
    """`recv` in another file ``g`` is the exported ``client`` (imported directly or through a re-export)."""
    if not client.name or client.name == "return" or g is client.ff:
        return False
    if imports_file(project, g, client.ff) and recv_points_into(project, g, recv, client.ff, client.name):
        return True
    imp = g.imports.get(recv_head(recv), "")
    return bool(imp) and client.name not in _DEFAULT_NAMES and not imp.startswith(_CLIENT_LIBS) and last_name(imp) == client.short


def first_named_client(project: "Project", g: FileFacts, recv: str, clients: list[RedisClient], accept: Callable[[RedisClient], bool] | None = None) -> RedisClient | None:
    """The first of ``clients`` (in their order) that ``recv`` in ``g``
    names and ``accept`` takes: a client of another file (by path), imported
    (:func:`names_client`).  Only the clients of the files ``g`` imports,
    and those whose name is the last of ``recv``'s import, can be, so only
    those are tried (from an index of ``clients`` made once per list)."""
    by_path, by_short = per_list("redis-clients-by-path-and-name", clients, _path_and_name_index)
    picked = {i for path in import_graph(project).get(g.path, ()) for i in by_path.get(path, ())}
    imp = g.imports.get(recv_head(recv), "")
    if imp:
        picked.update(by_short.get(last_name(imp), ()))
    for i in sorted(picked):
        client = clients[i]
        if client.ff.path != g.path and (accept is None or accept(client)) and names_client(project, g, recv, client):
            return client
    return None


def _path_and_name_index(clients: list[RedisClient]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    by_path: dict[str, list[int]] = {}
    by_short: dict[str, list[int]] = {}
    for i, c in enumerate(clients):
        by_path.setdefault(c.ff.path, []).append(i)
        by_short.setdefault(c.short, []).append(i)
    return by_path, by_short


@per_project
def _listener_index(project: "Project") -> tuple[dict[tuple[int, int, int], int], dict[tuple[int, str, str], list[int]], dict[tuple[str, str], list[int]]]:
    """The positions of the 'error' listeners (``error_listeners``): the first
    by file and position; all by file and receiver (and by file and the
    receiver's last name); and, for :func:`error_listener`'s search of the
    other files, those that may name another file's client through an
    import (:func:`names_client`), under each file their own file imports
    (``("file", path)``) and under the last name of their receiver's import
    (``("import", name)``)."""
    at: dict[tuple[int, int, int], int] = {}
    by_recv: dict[tuple[int, str, str], list[int]] = {}
    imported: dict[tuple[str, str], list[int]] = {}
    graph = import_graph(project)
    for i, (lf, lc) in enumerate(error_listeners(project)):
        at.setdefault((id(lf), lc.line, lc.col), i)
        by_recv.setdefault((id(lf), "recv", lc.recv), []).append(i)
        by_recv.setdefault((id(lf), "short", short_name(lc.recv)), []).append(i)
        for path in graph.get(lf.path, ()):
            imported.setdefault(("file", path), []).append(i)
        imp = lf.imports.get(recv_head(lc.recv), "")
        if imp:
            imported.setdefault(("import", last_name(imp)), []).append(i)
    return at, by_recv, imported


def error_listener(project: "Project", client: RedisClient) -> tuple[FileFacts, Call] | None:
    """An 'error' listener attached to ``client`` anywhere in the project, or None."""
    ff, call = client.ff, client.call
    listeners = error_listeners(project)
    at, by_recv, imported = _listener_index(project)
    # chained on the construction: createClient().on('error', ...)
    chained = at.get((id(ff), call.line, call.col))
    if chained is not None:
        return listeners[chained]
    name = client.name
    if name and name != "return":
        if name not in _DEFAULT_NAMES:
            for i in sorted({*by_recv.get((id(ff), "recv", name), ()), *by_recv.get((id(ff), "short", client.short), ())}):
                lf, lc = listeners[i]
                if same_owner(ff, client.call, lc):
                    return lf, lc
        # exported: a module importing this file (or a re-export of it) attaches it
        # (only a listener of a file importing this one, or whose receiver's
        # import ends in the client's name, can name it)
        for i in sorted({*imported.get(("file", ff.path), ()), *imported.get(("import", client.short), ())}):
            lf, lc = listeners[i]
            if lf is not ff and names_client(project, lf, lc.recv, client):
                return lf, lc
    got = _handed_to_listener(project, client)
    if got is not None:
        return got
    return None


def _handed_to_listener(project: "Project", client: RedisClient) -> tuple[FileFacts, Call] | None:
    """The client is passed to a function that attaches an 'error' listener to
    its parameter (`attachLogging(client)`, `[pub, sub].forEach(c => c.on('error', ...))`)."""
    ff = client.ff
    named = bool(client.short) and client.name not in ("return",) + _DEFAULT_NAMES
    word = re.compile(r"(?<![\w$.])" + re.escape(client.short) + r"(?![\w$])") if named else None
    # the calls that can name the client in an argument (or list it in `[a, b].forEach`), in file order
    index = _call_index(ff)
    picked = set(index.named.get(("call", client.index), ())) if client.index >= 0 else set()
    if named:
        picked.update(index.named.get(("name", client.name), ()), index.named.get(("short", client.short), ()), index.for_each)
    for call in (ff.calls[i] for i in sorted(picked)):
        passes = any(_mentions(a, client) for a in call.args)
        if word is None and not passes:
            continue
        if word is not None and call.method == "forEach" and call.recv.startswith("[") and word.search(call.recv):
            for a in call.args:
                target = fn_of_val(project, ff, a)
                if target is not None:
                    got = _listens_on_param(project, *target)
                    if got is not None:
                        return got
            continue
        if not passes:
            continue
        for tf, func in callee_funcs(project, ff, call):
            got = _listens_on_param(project, tf, func)
            if got is not None:
                return got
    return None


def _mentions(val: Val, client: RedisClient) -> bool:
    if val.k == CALL and val.call == client.index and client.index >= 0:
        return True  # watch(new Redis(url))
    if val.k == IDENT and (not client.short or client.name in ("return",) + _DEFAULT_NAMES):
        return False
    if val.k == IDENT:
        return val.v == client.name or short_name(val.v) == client.short
    if val.k == ARR and val.items:
        return any(_mentions(v, client) for v in val.items)
    return False


def _listens_on_param(project: "Project", ff: FileFacts, func: Func) -> tuple[FileFacts, Call] | None:
    params = set(func.params)
    for c in project.calls_in(ff, func.id):
        if c.method in LISTEN_METHODS and recv_head(c.recv) in params and event_name(project, ff, c) == "error":
            return ff, c
    return None


def is_client(project: "Project", g: FileFacts, val: Val | None, client: RedisClient) -> bool:
    """``val`` in file ``g`` is ``client``: its construction, or its variable (here or imported)."""
    if val is None:
        return False
    if val.k == "call" and g is client.ff and val.call == client.index:
        return True
    return val.k == "ident" and bool(client.short) and short_name(val.v) == client.short and (g is client.ff or imports_file(project, g, client.ff))


# Bottleneck's Redis connections (lib/IORedisConnection.js, lib/RedisConnection.js)
# listen on the client they are handed (`client.on("error", e =>
# this.Events.trigger("error", e))`) and quit it on `disconnect()`
_BOTTLENECK_CONNECTIONS = frozenset({"bottleneck.IORedisConnection", "bottleneck.RedisConnection"})


def bottleneck_connections(project: "Project", client: RedisClient) -> list[tuple[FileFacts, Call, str]]:
    """(file, construction, variable) of the Bottleneck Redis connections the
    client is handed to as their `client` (`new Bottleneck.IORedisConnection({ client })`)."""
    out: list[tuple[FileFacts, Call, str]] = []
    for g, call in project.calls_named("IORedisConnection", "RedisConnection"):
        if g.lang not in ("js", "ts") or norm_callee(call.callee) not in _BOTTLENECK_CONNECTIONS or not call.args:
            continue
        first = call.args[0]
        if is_client(project, g, key(project.resolve(g, first) if first.k == IDENT else first, "client"), client):
            out.append((g, call, short_name(bound_name(g, call))))
    return out


# --------------------------------------------------------------------------- factories
def factory_of(project: "Project", client: RedisClient) -> Func | None:
    """The function a construction sits in when the client is what it returns."""
    if not client.call.func:
        return None
    func = project.funcs(client.ff).get(client.call.func)
    if func is None or func.name in ("<anon>", "constructor"):
        return None
    return func


def as_site_client(client: RedisClient, g: FileFacts, site: Call, index: int) -> RedisClient:
    """The client a factory call site receives."""
    return RedisClient(g, site, index, client.lib, client.kind, f"{site.callee}()", bound_name(g, site), origin=client)


# --------------------------------------------------------------------------- RS203 endpoints
@dataclass
class Endpoint:
    """Where a Redis connection goes, as far as the code says."""

    ff: FileFacts
    call: Call
    lib: str
    mode: str  # sentinel | cluster | literal | default | env | unknown
    detail: str  # URL / host text for messages
    ctor: str
    name: str = ""


_URL_RE = lazy_re(r"^(rediss?|redis\+sentinel|sentinel|valkey|unix)://", re.I)


def classify_value(project: "Project", ff: FileFacts, val: Val | None, depth: int = 0) -> tuple[str, str]:
    """(mode, detail) of a URL/host/options value."""
    if val is None:
        return "default", "localhost:6379"
    v = project.resolve(ff, val) if val.k == IDENT else val
    if v.k == STR:
        text = v.v
        if text.lower().startswith(("sentinel://", "redis+sentinel://")):
            return "sentinel", text
        return "literal", text
    if v.k == "tmpl":
        return ("env" if "env" in v.v.lower() else "unknown"), v.v
    if v.k == "env":
        return "env", v.v
    if v.k == OBJ and depth < 3:
        keys = v.keys or {}
        if "sentinels" in keys or "sentinel" in keys or "sentinelPassword" in keys:
            return "sentinel", "Sentinel"
        if "rootNodes" in keys or "clusters" in keys or "startupNodes" in keys or "startup_nodes" in keys:
            return "cluster", "Cluster"
        for k in ("url", "host", "path"):
            if k in keys:
                return classify_value(project, ff, keys[k], depth + 1)
        sock = keys.get("socket")
        if sock is not None:
            return classify_value(project, ff, sock, depth + 1)
        if v.open:
            return "unknown", ""
        return "default", "localhost:6379"
    return "unknown", ""


def client_endpoint(project: "Project", client: RedisClient) -> Endpoint | None:
    ff, call = client.ff, client.call
    mk = lambda mode, detail: Endpoint(ff, call, client.lib, mode, detail, client.ctor, client.name)  # noqa: E731
    if client.kind in ("cluster", "sentinel"):
        return mk(client.kind, client.ctor)
    if client.kind == "duplicate":
        return None  # same endpoint as its origin
    if client.kind == "worker":
        return _queue_endpoint(project, ff, call, client.lib, client.ctor)
    if client.kind == "queue":
        return None  # (bee-queue's are queue_endpoints)
    if ff.lang == "py":
        if call.callee.endswith("from_url"):
            url = call.args[0] if call.args else call.kwargs.get("url")
            return mk(*classify_value(project, ff, url)) if url is not None else mk("unknown", "")
        if "connection_pool" in call.kwargs or "**" in call.kwargs:
            return None if "connection_pool" in call.kwargs else mk("unknown", "")
        for k in ("host", "unix_socket_path", "path"):
            if k in call.kwargs:
                return mk(*classify_value(project, ff, call.kwargs[k]))
        if call.args:
            return mk(*classify_value(project, ff, call.args[0]))
        return mk("default", "localhost:6379")
    # ioredis: (port, host, opts) | (url, opts) | (opts); node-redis: (opts)
    if not call.args:
        return mk("default", "localhost:6379")
    first = call.args[0]
    if first.k == "num" and len(call.args) > 1:
        return mk(*classify_value(project, ff, call.args[1]))
    mode, detail = classify_value(project, ff, first)
    if mode in ("literal", "default", "env", "unknown") and len(call.args) > 1:
        opts = project.resolve(ff, call.args[-1])
        if opts.k == OBJ and opts.keys and ("sentinels" in opts.keys or "sentinel" in opts.keys):
            return mk("sentinel", "Sentinel")
    return mk(mode, detail)


_BULL_CTORS = {"bull", "bull.Queue", "bee-queue", "kue.createQueue"}
BULLMQ = ("bullmq.Queue", "bullmq.Worker", "bullmq.QueueEvents", "bullmq.FlowProducer", "bullmq.QueueScheduler", "@taskforcesh/bullmq-pro.QueuePro", "@taskforcesh/bullmq-pro.WorkerPro")


def _queue_endpoint(project: "Project", ff: FileFacts, call: Call, lib: str, ctor: str) -> Endpoint | None:
    """The connection a BullMQ/Bull queue or worker opens from inline options
    (None when it is handed a client constructed elsewhere)."""
    mk = lambda mode, detail: Endpoint(ff, call, lib, mode, detail, ctor, call.assigned)  # noqa: E731
    callee = norm_callee(call.callee)
    if callee in BULLMQ:
        # a queue or worker takes its options after its name (and processor); a
        # FlowProducer has no name: its options come first, then a connection factory
        given = call.args[:1] if callee == "bullmq.FlowProducer" else call.args[1:]
        opts = None
        for a in given:
            r = project.resolve(ff, a)
            if r.k == OBJ:
                opts = r
        if opts is None:
            if any(project.resolve(ff, a).k not in (STR, "fn", OBJ) for a in given):
                return mk("unknown", "")
            return mk("default", "localhost:6379")
        conn = key(opts, "connection")
        if conn is None:
            return mk("unknown", "") if opts.open else mk("default", "localhost:6379")
        if conn.k == CALL:
            return None  # inline client: classified as a client
        rc = project.resolve(ff, conn)
        if rc.k == OBJ:
            return mk(*classify_value(project, ff, rc))
        return None  # a client variable (classified where it is created) or unknown
    if callee in _BULL_CTORS:
        if len(call.args) < 2:
            return mk("default", "localhost:6379")
        second = project.resolve(ff, call.args[1])
        if second.k == OBJ:
            redis = key(second, "redis")
            if key(second, "createClient") is not None:
                return None
            if redis is None:
                return mk("unknown", "") if second.open else mk("default", "localhost:6379")
            return mk(*classify_value(project, ff, redis))
        return mk(*classify_value(project, ff, second))
    return None


@per_project
def queue_endpoints(project: "Project") -> list[Endpoint]:
    """Connections opened by BullMQ/Bull/bee-queue constructions from inline options
    (computed once per project)."""
    out: list[Endpoint] = []
    for ff in project.parsed_code_files():
        if ff.lang == "py":
            for call in ff.calls:
                ep = taskiq_broker_endpoint(project, ff, call) or dramatiq_broker_endpoint(project, ff, call)
                if ep is not None:
                    out.append(ep)
            continue
        for call in ff.calls:
            callee = norm_callee(call.callee)
            if callee in BULLMQ or (callee in _BULL_CTORS and call.new):
                if callee in ("bullmq.Worker", "bullmq.QueueEvents", "@taskforcesh/bullmq-pro.WorkerPro"):
                    continue  # listed by redis_clients
                ep = _queue_endpoint(project, ff, call, "BullMQ" if callee.startswith(("bullmq", "@taskforce")) else callee.split(".", 1)[0], call.text.split("(", 1)[0] or callee)
                if ep is not None:
                    out.append(ep)
            elif callee.startswith("@nestjs/bull") and callee.endswith((".BullModule.forRoot", ".BullModule.registerQueue")):
                ep = _nest_endpoint(project, ff, call, callee)
                if ep is not None:
                    out.append(ep)
    return out


def taskiq_broker(callee: str) -> str:
    """The class name of a taskiq-redis broker construction (``ListQueueBroker``,
    ``RedisStreamSentinelBroker`` ...), else ''.  Result backends and schedule
    sources of that package store results and schedules, not the queue."""
    mod, _, name = callee.rpartition(".")
    return name if (mod == "taskiq_redis" or mod.startswith("taskiq_redis.")) and name.endswith("Broker") else ""


def taskiq_broker_endpoint(project: "Project", ff: FileFacts, call: Call) -> Endpoint | None:
    """The Redis a taskiq-redis broker connects to: its ``url`` (first argument);
    the ``*SentinelBroker``/``*ClusterBroker`` classes fail over."""
    name = taskiq_broker(call.callee)
    if not name:
        return None
    mk = lambda mode, detail: Endpoint(ff, call, "taskiq_redis", mode, detail, name, call.assigned)  # noqa: E731
    if "Sentinel" in name:
        return mk("sentinel", name)
    if "Cluster" in name:
        return mk("cluster", name)
    url = call.kwargs.get("url") or (call.args[0] if call.args else None)
    return mk(*classify_value(project, ff, url)) if url is not None else mk("unknown", "")


_DRAMATIQ_REDIS = frozenset({"dramatiq.brokers.redis.RedisBroker", "dramatiq.brokers.redis.broker.RedisBroker"})


def dramatiq_broker_endpoint(project: "Project", ff: FileFacts, call: Call) -> Endpoint | None:
    """The Redis a Dramatiq ``RedisBroker`` connects to: its ``url``, else the
    ``host`` it hands to redis-py's connection pool, else localhost:6379 (its
    keyword arguments are all optional); None when it is given a client made
    elsewhere (``client=``, classified where that client is built)."""
    if call.callee not in _DRAMATIQ_REDIS or "client" in call.kwargs:
        return None
    mk = lambda mode, detail: Endpoint(ff, call, "dramatiq", mode, detail, "RedisBroker", call.assigned)  # noqa: E731
    for name in ("url", "host"):
        if name in call.kwargs:
            return mk(*classify_value(project, ff, call.kwargs[name]))
    if "**" in call.kwargs or call.args:
        return mk("unknown", "")
    return mk("default", "localhost:6379")


def _nest_endpoint(project: "Project", ff: FileFacts, call: Call, callee: str) -> Endpoint | None:
    """NestJS ``BullModule.forRoot({connection | redis | url})`` (registerQueue only when it sets its own)."""
    opts = next((r for r in (project.resolve(ff, a) for a in call.args) if r.k == OBJ), None)
    if opts is None:
        return None
    conn = key(opts, "connection") or key(opts, "redis") or key(opts, "url")  # @nestjs/bull also takes a `url`
    ctor = "BullModule." + callee.rsplit(".", 1)[-1]
    if conn is None:
        if callee.endswith("forRoot") and not opts.open:
            return Endpoint(ff, call, "NestJS Bull", "default", "localhost:6379", ctor)
        return None
    return Endpoint(ff, call, "NestJS Bull", *classify_value(project, ff, conn), ctor)


__all__ = [
    "EMITTERS",
    "JS_CTORS",
    "PY_CTORS",
    "BULLMQ",
    "client_for_recv",
    "imports_file",
    "recv_head",
    "recv_points_into",
    "names_client",
    "bound_name",
    "RedisClient",
    "Endpoint",
    "LISTEN_METHODS",
    "redis_clients",
    "error_listeners",
    "error_listener",
    "event_name",
    "factory_of",
    "call_sites",
    "as_site_client",
    "client_endpoint",
    "queue_endpoints",
    "taskiq_broker",
    "taskiq_broker_endpoint",
    "dramatiq_broker_endpoint",
    "classify_value",
    "short_name",
    "norm_callee",
]
