"""RS101-RS104: SQL connection pools (acquire timeout, size, statement
timeout, shutdown).

Every finding sits on the pool construction found by ``_db.db_pools``.
Options are judged tri-state (see ``_db.lookup``): only options known to lack
a setting, or a setting that is a literal disabling value, produce a finding.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Iterable

from ..facts import ENV, IDENT, NULL, OBJ, STR, TMPL, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import check
from ._cli import run_by_hand
from ._db import (
    ABSENT,
    MSSQL,
    PG_PROMISE,
    POSTGRES,
    SQLITE,
    SET,
    UNKNOWN,
    DbPool,
    built_off_postgres,
    db_pools,
    dialect_hint,
    is_disabled,
    is_none,
    lookup,
    num,
    walk_strings,
)
from ._dbrefs import PoolRefs, class_of, closing_calls
from ._longrun import alembic_program, long_running
from ._reach import is_context_manager, is_property
from ._memo import calls_between, methods_of, per_file, per_scope, scope_holds
from ._resolve import (call_sites, callee_funcs, chained_on, last_name, module_and_attr, py_reexported, scope_files, with_calls_around,
                       withs_around)
from ._services import string_values

# --------------------------------------------------------------------------- helpers


def _hit(rule: str, pool: DbPool, message: str, related: list[Related] | None = None) -> Hit:
    c = pool.call
    return Hit(
        rule_id=rule,
        path=pool.ff.path,
        line=c.line,
        column=c.col or 1,
        end_line=c.end_line if c.end_line == c.line else 0,
        end_column=c.end_col if c.end_line == c.line else 0,
        message=message,
        related=related or [],
        anchor=pool.anchor(),
    )


def _max_text(project: Project, pool: DbPool, *path: str) -> str:
    """'all 20 connections' / 'all 10 connections (pg default)' / 'all its connections'."""
    state, val = lookup(project, pool.ff, pool.opts, *path)
    if state == SET and pool.library == "sqlalchemy" and path == ("pool_size",) and num(val):
        ostate, oval = lookup(project, pool.ff, pool.opts, "max_overflow")
        n = num(val)
        if ostate == ABSENT:
            return f"all {n} (+10 overflow) connections"
        if ostate == SET and num(oval):
            try:
                return f"all {int(float(n)) + int(float(num(oval)))} connections"
            except ValueError:
                return f"all {n} (+{num(oval)} overflow) connections"
        return "all its connections"
    if state == SET:
        n = num(val)
        return f"all {n} connections" if n else "all its connections"
    if state == ABSENT and pool.library == "psycopg_pool" and path == ("max_size",):
        resized = _resized_max(project, pool)
        if resized is not None:
            n = num(resized)
            return f"all {n} connections" if n else "all its connections"
        # psycopg_pool: max_size defaults to min_size
        mstate, mval = lookup(project, pool.ff, pool.opts, "min_size")
        if mstate == SET:
            n = num(mval)
            return f"all {n} connections (max_size defaults to min_size)" if n else "all its connections"
    if state == ABSENT and pool.default_max and not pool.pool_class_unknown:
        # a `poolclass` we cannot name (a NullPool in one subclass) may not pool at all
        return f"all {pool.default_max} connections ({pool.lib_name} default)"
    return "all its connections"


def _one_connection(size: str) -> bool:
    """Does a ``_max_text`` size name a pool of a single connection?"""
    return size == "all 1 connections"


def _all_taken(project: Project, pool: DbPool, state: str, *path: str) -> str:
    """'all 20 connections are busy', or 'its only connection is busy' for a
    pool of one connection (``_max_text`` names the size)."""
    text = _max_text(project, pool, *path)
    return f"its only connection is {state}" if _one_connection(text) else f"{text} are {state}"


_MAX_KEY = {
    "pg": ("max",),
    "postgres.js": ("max",),
    "mysql2": ("connectionLimit",),
    "mariadb": ("connectionLimit",),
    "knex": ("pool", "max"),
    "sequelize": ("pool", "max"),
    "sqlalchemy": ("pool_size",),
    "asyncpg": ("max_size",),
    "psycopg_pool": ("max_size",),
    "aiopg": ("maxsize",),
    "aiomysql": ("maxsize",),
    "mysql-connector": ("pool_size",),
    "typeorm": ("poolSize",),
    "adbapi": ("cp_max",),
    "oracledb": ("max",),
}


# where a Flask-SQLAlchemy app sets engine options (RS102/RS103 messages)
_FLASK_WHERE = " in SQLALCHEMY_ENGINE_OPTIONS or engine_options="

_MIGRATION_DIRS = frozenset({"alembic", "migrations", "migration", "migrate", "db-migrate"})


# functions of migration tooling (alembic's env.py and the like)
_MIGRATION_FUNCS = frozenset({"migrate", "upgrade", "downgrade", "run_migrations", "run_migrations_online", "run_migrations_offline"})


def _tooling(project: Project, pool: DbPool) -> bool:
    """Pools built by migration tooling (alembic env.py and revisions wherever they are, migration scripts,
    a function named like a migration) or by a command-line command
    (``@click.command()``, ``@app.command()``, ``@app.cli.command()``) run
    one-off work in a process that exits: pool sizing and timeouts do not
    apply.  So does a pool scoped to one function (``_scoped``), and the
    fallback of a pool created in a ``try`` (``_fallback``): it is judged
    with the first.  (``run_by_hand`` also covers argparse programs, scripts
    folders, and the helpers only such code of the same module calls.)"""
    if any(part.lower() in _MIGRATION_DIRS for part in pool.ff.path.split("/")[:-1]) or alembic_program(pool.ff):
        return True
    if any(fn.name in _MIGRATION_FUNCS for fn in project.scopes(pool.ff, pool.call.func)):
        return True
    return run_by_hand(project, pool.ff, pool.call.func) or _scoped(project, pool) or _fallback(pool) or _url_only(pool)


def _url_only(pool: DbPool) -> bool:
    """An engine a function makes only to read its URL (``engine =
    create_engine(url)``, then ``database_exists(engine.url)`` and
    ``create_database(engine.url)``, sqlalchemy_utils' idiom: those make
    their own engine from the URL) and uses no other way: it never checks a
    connection out, so there is no pool to size, time out or close (the
    Python frontend's ``url_only``)."""
    return pool.index in (pool.ff.extra or {}).get("url_only", ())


def _fallback(pool: DbPool) -> bool:
    """The second try of a pool whose first, in the ``try`` above, raised:
    ``try: engine = create_engine(url, pool_size=n) except TypeError: engine =
    create_engine(url)`` is there for pool classes that take no sizing at all;
    the first call is the one judged."""
    ff, call = pool.ff, pool.call
    for h in (ff.extra or {}).get("handlers", ()):
        if not isinstance(h, dict) or h.get("func", "") != call.func:
            continue
        if not (int(h.get("line", 0)) <= call.line <= int(h.get("end_line", 0))):
            continue
        lo, hi = int(h.get("try_line", 0)), int(h.get("try_end_line", 0))
        if any(c is not call and c.callee == call.callee and c.assigned == call.assigned for c in calls_between(ff, lo, hi)):
            return True
    return False


def _scoped(project: Project, pool: DbPool) -> bool:
    """A pool made for one task: created in a function that uses it and
    closes it before returning (``engine = create_engine(url)``, ``with
    engine.connect()``, ``finally: engine.dispose()``), and never hands it to
    other code (an argument, a nested function).  Only that function's own
    sequential code ever holds its connections, so pool sizing and acquire
    timeouts do not apply (a project helper that only queries it,
    :func:`_helper_uses_locally`, is that code too).  A lifespan that creates
    a pool, stores it and closes it after ``yield`` does not use it itself
    and stays a pool."""
    if _closed_by_each_caller(project, pool) or _checked_out_at_once(pool):
        return True
    got = _own_use(project, pool)
    if got is None:
        return False
    closed, used, _bound = got
    if closed:
        return used or _context_per_use(project, pool)
    # never disposed, but built on each call for that call's own queries
    # (the Python frontend's ``local_engines``): RS104 reports the leak
    return _per_call(project, pool)


def _closed_by_each_caller(project: Project, pool: DbPool) -> bool:
    """A pool a factory function builds and hands to its caller, where every
    caller uses it for its own task and closes it (automatisch's PostgreSQL
    app: ``getClient($)`` returns ``knex({client: 'pg', connection: ...})``,
    and each action runs ``const client = getClient($)``, its queries,
    ``client.destroy()``): as with a pool made and closed in one function, no
    pool outlives the call, so pool sizing and acquire timeouts do not apply.
    The factory must not use the pool itself (it only builds and returns it),
    and each call of it, one at least, must sit in a function that binds the
    result to a local, queries it in its own body and closes it there, hands
    it to no call but awaited ones (``await setParams(client, params)``) and
    to no nested function (a callback or a shutdown handler may run after the
    close)."""
    if pool.kind == "client" or pool.ff.lang not in ("js", "ts"):
        return False
    fn = project.func_of(pool.ff, pool.call)
    if fn is None or not fn.name or fn.name.startswith("<") or fn.cls or fn.name == "constructor":
        return False
    if pool.name != "return":
        if not pool.name or "." in pool.name or _own_use(project, pool) != (False, False, False):
            return False
    sites = call_sites(project, pool.ff, fn)
    return bool(sites) and all(_uses_then_closes(project, g, c, pool.close_methods) for g, c in sites)


def _uses_then_closes(project: Project, ff: FileFacts, site: Call, closers: tuple[str, ...]) -> bool:
    name = site.assigned
    if not site.func or not name or "." in name or name in ("return", "default", "exports"):
        return False
    closed = used = False
    for c in project.calls_in(ff, site.func):
        if c is site:
            continue
        if c.func != site.func:
            if c.recv == name or c.callee == name or _hands_on(c, name):
                return False  # a nested function holds it
            continue
        role = _receiver_role(c, name, closers)
        closed = closed or role == "close"
        used = used or role == "use" or (not role and c.callee == name)  # knex's `client('table')...`
        if _hands_on(c, name) and not c.awaited:
            return False  # handed on to code that may keep it
    return closed and used


def _receiver_role(c: Call, name: str, closers: tuple[str, ...]) -> str:
    """What ``c`` does to the pool held in the local ``name`` as its receiver:
    'close' (one of the pool's close methods), 'use' (any other method), or ''."""
    if c.recv != name:
        return ""
    return "close" if c.method in closers else "use"


def _hands_on(c: Call, name: str) -> bool:
    """``c`` is given the local ``name`` as an argument."""
    return any(v.k == IDENT and v.v == name for v in (*c.args, *c.kwargs.values()))


def _per_call(project: Project, pool: DbPool) -> bool:
    """An engine built on every call of its function for that call's own
    use and never disposed of (fides' ``validate_db_engine``): a pool left
    behind by each call, not one the service keeps.  Only its own methods
    use it, and calls that use it while they run (``pd.read_sql(q, engine)``,
    ``metadata.create_all(engine)``, a project helper that keeps nothing):
    a session factory bound to it (``return sessionmaker(bind=engine)``)
    may outlive the call and keep the pool."""
    if _checked_out_at_once(pool):
        return True
    got = _own_use(project, pool)
    return got is not None and got == (False, True, False) and _local_engine(pool)


# the SQLAlchemy engine methods that check one connection out of its pool
_CHECKOUTS = frozenset({"connect", "raw_connection", "begin"})


def _checked_out_at_once(pool: DbPool) -> bool:
    """A SQLAlchemy engine that a function builds in no name and checks one
    connection out of in the same expression, ``return
    create_engine(url).raw_connection()`` or ``with
    create_engine(url).connect() as conn:`` (feast's Ray ``read_sql``
    connection factory): each call gets an engine of its own that serves that
    one connection and nothing else can reach, so pool sizing and timeouts do
    not apply, and RS104 reports the pool each call leaves behind.  A
    connection stored on an attribute (``self.conn = create_engine(url).connect()``)
    keeps its engine as long as its object: not this."""
    if pool.library != "sqlalchemy" or pool.kind != "engine" or pool.name or not pool.call.func:
        return False
    prefix = pool.call.callee + "()."
    return any(c.callee == prefix + c.method and c.method in _CHECKOUTS and "." not in c.assigned
               for c in chained_on(pool.ff, pool.call))


def _local_engine(pool: DbPool) -> bool:
    return pool.index in (pool.ff.extra or {}).get("local_engines", ())


def _own_use(project: Project, pool: DbPool) -> tuple[bool, bool, bool] | None:
    """(closed, used, bound to a consumer that keeps it) of a pool held in a local
    name of the function that creates it and used by that function's own
    code only; None when a nested function uses it or a call other than a
    local consumer is handed it (or it is no local, or a single connection)."""
    name, fid = pool.name, pool.call.func
    if pool.kind == "client":
        return None  # one connection: its connect timeout matters wherever it lives
    if not fid or not name or "." in name or name in ("return", "default", "exports"):
        return None
    ff = pool.ff
    if any(c.recv == name and c.func != fid for c in project.calls_in(ff, fid)):
        return None  # a nested function (a task, a callback) uses it too
    closers = pool.close_methods
    closed = used = bound = False
    for c in project.calls_in(ff, fid, nested=False):
        if c is pool.call:
            continue
        role = _receiver_role(c, name, closers)
        closed = closed or role == "close"
        used = used or role == "use"
        if _hands_on(c, name):
            if last_name(c.callee) in _LOCAL_CONSUMERS:
                used = True  # sessionmaker(bind=engine), Table(..., autoload_with=engine): used here
                bound = bound or (last_name(c.callee) in _ENGINE_KEEPERS and not _inspected_at_once(ff, c))
                continue
            if _helper_uses_locally(project, ff, c, name):
                used = True  # query_for(table, engine=engine): a project helper that queries it and keeps nothing
                continue
            return None  # handed on
    return closed, used, bound


def _inspected_at_once(ff: FileFacts, call: Call) -> bool:
    """``inspect(engine).has_table("server")``: the Inspector is asked at
    once and dropped, and its methods return plain data (names, columns),
    so nothing keeps the engine past the call (pgadmin4's
    check_external_config_db)."""
    return last_name(call.callee) == "inspect" and bool(chained_on(ff, call))


def _helper_uses_locally(project: Project, ff: FileFacts, call: Call, name: str) -> bool:
    """``call`` hands the engine held in ``name`` to project functions (one at
    least) that use it in their own code only: the parameter that receives it
    is read only as the object of an attribute or as an argument (the Python
    frontend's ``local_params``: never returned, stored or captured), and
    the calls it is handed to are SQLAlchemy/pandas calls that use it without
    keeping it (mlrun's ``_generate_sql_query_with_time_filter(engine=engine)``
    reflecting ``Table(name, MetaData(), autoload_with=engine)``)."""
    targets = callee_funcs(project, ff, call)
    if not targets:
        return False
    for tf, fn in targets:
        param = _param_receiving(call, name, fn)
        if param not in (tf.extra or {}).get("local_params", {}).get(fn.id, ()):
            return False
        for c in project.calls_in(tf, fn.id, nested=False):
            if _hands_on(c, param) and (last_name(c.callee) not in _LOCAL_CONSUMERS or last_name(c.callee) in _ENGINE_KEEPERS):
                return False
    return True


def _param_receiving(call: Call, name: str, fn: Func) -> str:
    """The parameter of ``fn`` that ``call`` passes the local ``name`` to
    (by keyword, or by position past a method's ``self``), or ''."""
    for key, v in call.kwargs.items():
        if v.k == IDENT and v.v == name:
            return key if key in fn.params else ""
    pos = next((i for i, a in enumerate(call.args) if a.k == IDENT and a.v == name), -1)
    if pos < 0:
        return ""
    pos += 1 if fn.cls and fn.params and fn.params[0] in ("self", "cls") else 0
    return fn.params[pos] if pos < len(fn.params) else ""


def _context_per_use(project: Project, pool: DbPool) -> bool:
    """A ``@contextmanager`` that makes the engine, yields it and disposes of
    it, which the project uses as ``with self._get_engine(...) as engine:``
    (fief's workspace checks): each block gets its own short-lived engine.
    (A lifespan is not entered by the project's own ``with ... as``.)"""
    fn = project.func_of(pool.ff, pool.call)
    if fn is None or not is_context_manager(fn):
        return False
    for ff in scope_files(project, pool.ff.path):
        for w in (ff.extra or {}).get("withs", ()):
            if not isinstance(w, dict) or not w.get("as"):
                continue
            idx = w.get("call", -1)
            c = ff.calls[idx] if isinstance(idx, int) and 0 <= idx < len(ff.calls) else None
            if c is not None and (c.method or last_name(c.callee)) == fn.name:
                return True
    return False


# SQLAlchemy / pandas calls that use an engine in the caller's own code (a
# session bound to it, a reflected table, a query) without keeping it: the
# function that disposes of the engine also ends their use
_LOCAL_CONSUMERS = frozenset({
    "sessionmaker", "Session", "scoped_session", "Table", "MetaData", "inspect", "reflect", "create_all", "drop_all",
    "read_sql", "read_sql_query", "read_sql_table", "to_sql", "automap_base",
})
# of those, the ones whose result holds the engine and may outlive the call
# (``return sessionmaker(bind=engine)``); the others only use it while they run
_ENGINE_KEEPERS = frozenset({"sessionmaker", "Session", "scoped_session", "MetaData", "inspect", "automap_base"})


# --------------------------------------------------------------------------- RS101


_ASYNCPG_ACQUIRE = ("acquire",)
_ASYNCPG_QUERY = ("fetch", "fetchrow", "fetchval", "execute", "executemany", "copy_from_query", "copy_from_table",
                  "copy_to_table", "copy_records_to_table")


@check("RS101")
def pool_no_acquire_timeout(project: Project) -> Iterable[Hit]:
    for pool in db_pools(project):
        if pool.not_pooled or _tooling(project, pool):
            continue
        lib = pool.library
        if lib == "pg":
            state, val = lookup(project, pool.ff, pool.opts, "connectionTimeoutMillis")
            if state == UNKNOWN or (state == SET and not is_disabled(val)):
                continue
            how = "sets connectionTimeoutMillis: 0 (no limit)" if state == SET else "has no connectionTimeoutMillis (pg's default 0 means no limit)"
            if pool.kind == "client":
                yield _hit("RS101", pool, f"{pool.label()} {how}: connect() hangs indefinitely when the database or the network stops answering, and so does every request waiting on it")
            else:
                yield _hit("RS101", pool, f"{pool.label()} {how}: when {_all_taken(project, pool, 'busy', 'max')}, {'every Prisma query through this adapter' if pool.ctor == 'PrismaPg' else 'every pool.query()/pool.connect()'} waits indefinitely instead of failing, and requests pile up until the service hangs")
        elif lib == "knex":
            state, val = lookup(project, pool.ff, pool.opts, "acquireConnectionTimeout")
            if state == SET and is_disabled(val):
                yield _hit("RS101", pool, f"{pool.label()} sets acquireConnectionTimeout: {val.v if val else '0'} (no timeout): when {_all_taken(project, pool, 'busy', 'pool', 'max')}, queries wait forever for a connection instead of failing after knex's 60 s default")
        elif lib == "sequelize":
            state, val = lookup(project, pool.ff, pool.opts, "pool", "acquire")
            if state == SET and is_disabled(val):
                yield _hit("RS101", pool, f"{pool.label()} sets pool.acquire: {val.v if val else '0'} (no timeout): when {_all_taken(project, pool, 'busy', 'pool', 'max')}, queries wait forever for a connection instead of failing after Sequelize's 60 s default")
        elif lib == "sqlalchemy":
            state, val = lookup(project, pool.ff, pool.opts, "pool_timeout")
            if state == SET and is_none(val):
                yield _hit("RS101", pool, f"{pool.label()} sets pool_timeout=None: when {_all_taken(project, pool, 'checked out', 'pool_size')}, every request blocks forever waiting for one instead of failing after SQLAlchemy's 30 s default")
        elif lib == "psycopg_pool":
            state, val = lookup(project, pool.ff, pool.opts, "timeout")
            if state == SET and is_none(val):
                yield _hit("RS101", pool, f"{pool.label()} sets timeout=None: when {_all_taken(project, pool, 'in use', 'max_size')}, getconn()/connection() waits forever instead of failing after psycopg_pool's 30 s default")
        elif lib == "asyncpg":
            yield from _asyncpg_acquire(project, pool)
        elif lib == "oracledb":
            state, val = lookup(project, pool.ff, pool.opts, "getmode")
            if state == UNKNOWN or (state == SET and (val is None or not val.v.endswith("POOL_GETMODE_WAIT"))):
                continue  # NOWAIT fails at once, TIMEDWAIT waits wait_timeout, FORCEGET opens another connection
            how = "sets getmode=POOL_GETMODE_WAIT" if state == SET else "has no getmode (python-oracledb's default is POOL_GETMODE_WAIT)"
            yield _hit("RS101", pool, f"{pool.label()} {how}: when {_all_taken(project, pool, 'busy', 'max')}, every acquire() waits "
                       "forever for one to be released instead of failing; use getmode=oracledb.POOL_GETMODE_TIMEDWAIT with a wait_timeout")
        elif lib == "typeorm" and pool.dialect == POSTGRES:
            state, val = _typeorm_option(project, pool, ("connectTimeoutMS",), ("extra", "connectionTimeoutMillis"))
            if state == UNKNOWN or (state == SET and not is_disabled(val)):
                continue
            how = ("sets a connect timeout of 0 (no limit)" if state == SET
                   else "has no connectTimeoutMS (TypeORM hands it to pg as connectionTimeoutMillis, whose default 0 means no limit)")
            yield _hit("RS101", pool, f"{pool.label()} {how}: when {_all_taken(project, pool, 'busy', 'poolSize')}, every query "
                       "waits indefinitely for a connection instead of failing, and requests pile up until the service hangs")


def _typeorm_option(project: Project, pool: DbPool, *paths: tuple[str, ...]) -> tuple[str, Val | None]:
    """The first of a TypeORM option's spellings that is set (``poolSize`` or
    ``extra.max``): SET with its value, else UNKNOWN when any is, else ABSENT."""
    unknown = False
    for path in paths:
        state, val = lookup(project, pool.ff, pool.opts, *path)
        if state == SET:
            return state, val
        unknown = unknown or state == UNKNOWN
    return (UNKNOWN if unknown else ABSENT), None


def _asyncpg_acquire(project: Project, pool: DbPool) -> Iterable[Hit]:
    # the pool's callers may hold no trigger token (`await app.state.db.fetch(...)`):
    # asyncpg pools are rare, so their service's Python files are parsed on demand
    around = [project.full(f) if f.lang == "py" else f for f in scope_files(project, pool.ff.path)]
    refs = PoolRefs(project, pool, around)
    held = _holder_calls(project, pool, refs, around)
    holders = {(ff.path, cls) for ff, _c, cls in held}
    held_at = {(ff.path, c.line, c.col) for ff, c, _cls in held}
    calls = [(ff, c) for ff in around if ff.lang == "py" for c in ff.calls]
    in_scope = {(ff.path, c.line, c.col) for ff, c in calls}
    calls += [(ff, c) for ff, c, _cls in held if (ff.path, c.line, c.col) not in in_scope]  # a class of a shared library
    sites: list[tuple[FileFacts, Call, Call | None]] = []
    for ff, c in calls:
        if c.method not in _ASYNCPG_ACQUIRE and c.method not in _ASYNCPG_QUERY:
            continue
        if "**" in c.kwargs:
            continue
        if (ff.path, c.line, c.col) not in held_at:
            if not refs.receiver(ff, c):
                continue
            if ff is not pool.ff and "." not in c.recv and "pool" not in c.recv.lower() and not refs.imported(c.callee, c.method):
                continue  # a bare `db.execute()` elsewhere is as likely a SQLAlchemy session as this pool
            if holders and ff is not pool.ff and _self_attr(c.recv) and (ff.path, class_of(project, ff, c)) not in holders:
                continue  # a namesake attribute of a class the pool is not handed to (another pool)
        withs = withs_around(ff, c)
        if any(item.callee in _TIMEOUT_BLOCKS for item in with_calls_around(ff, c)):
            continue  # under `async with asyncio.timeout(...)`: every wait inside is bounded
        gate = _semaphore_gate(project, ff, c, withs)
        t = c.kwargs.get("timeout")
        if t is not None and not is_none(t) and gate is None:
            continue
        sites.append((ff, c, gate))
    if not sites:
        return
    ff0, c0, _g = sites[0]
    where = f"{ff0.path}:{c0.line} `{c0.text[:60]}`"
    more = f" and {len(sites) - 1} other place{'s' if len(sites) > 2 else ''}" if len(sites) > 1 else ""
    shown = pool.display_name()
    shown = shown if shown.startswith("`") else f"the pool {shown}".replace(" (unassigned)", "")
    related = [Related(ff.path, c.line, f"acquires a connection from {shown} "
                       + (f"after waiting on `{g.assigned}` with no timeout" if g is not None else "without timeout="))
               for ff, c, g in sites[:10]]
    gated = [(ff, g) for ff, _c, g in sites if g is not None]
    if gated and len(gated) == len(sites):
        # r2r's SemaphoreConnectionPool: `async with self.semaphore: async with self.pool.acquire()`
        gff, sem = gated[0]
        related.append(Related(gff.path, sem.line, f"`{sem.assigned}` created here ({sem.callee}, no timeout on its wait)"))
        yield _hit(
            "RS101",
            pool,
            f"{pool.label()} is reached through a semaphore with no timeout ({where}{more}): callers wait on `{sem.assigned}` "
            f"({gff.path}:{sem.line}, an {sem.callee}) before they acquire a connection, so when its permits are taken they wait forever; "
            "a timeout= on pool.acquire() does not bound the wait on the semaphore: put both under one `async with asyncio.timeout(...)`",
            related,
        )
        return
    yield _hit(
        "RS101",
        pool,
        f"{pool.label()} is used without an acquire timeout ({where}{more}): when {_all_taken(project, pool, 'busy', 'max_size')}, "
        "those callers wait forever for a connection; pass timeout= to pool.acquire()",
        related,
    )


def _self_attr(recv: str) -> bool:
    """``self.pool``: an attribute of the object a method runs on."""
    return recv.startswith("self.") and recv.count(".") == 1


def _holder_calls(project: Project, pool: DbPool, refs: PoolRefs, files: list[FileFacts]) -> list[tuple[FileFacts, Call, str]]:
    """(file, call, class) of the calls on the pool made by the classes it is
    handed to: ``AsyncpgPoolDriver(pool)``, whose ``__init__`` stores its
    parameter as is (``self._pool = pool``, the frontend's ``init_attrs``)
    and whose methods call ``self._pool.fetch(...)``; also when that
    ``__init__`` hands its parameter on to another such class.  The pool is
    handed by the name the function that makes it binds it to, or by a name
    bound to a call of its factory (``async with create_pool() as pool``)."""
    todo: list[tuple[FileFacts, str, str]] = []
    if pool.name and "." not in pool.name and pool.call.func:
        todo.append((pool.ff, pool.call.func, pool.name))
    if refs.factories:
        for ff in files:
            for c in ff.calls:
                if c.func and c.assigned and "." not in c.assigned and last_name(c.callee) in refs.factories and c is not pool.call:
                    todo.append((ff, c.func, c.assigned))
    out: list[tuple[FileFacts, Call, str]] = []
    seen: set[tuple[str, str, str]] = set()
    while todo and len(seen) < 20:
        ff, fid, name = todo.pop()
        for c in project.calls_in(ff, fid):
            if not any(a.k == IDENT and a.v == name for a in (*c.args, *c.kwargs.values())):
                continue
            for tf, init in _class_inits(project, ff, c):
                param = _param_receiving(c, name, init)
                if not param or (tf.path, init.id, param) in seen:
                    continue
                seen.add((tf.path, init.id, param))
                attrs = {"self." + a for a in (tf.extra or {}).get("init_attrs", {}).get(init.id, {}).get(param, ())}
                out.extend((tf, k, init.cls) for k in tf.calls if k.recv in attrs and class_of(project, tf, k) == init.cls)
                todo.append((tf, init.id, param))  # handed on from the constructor (`AsyncpgPoolDriver(pool)` in `__init__`)
    return out


def _class_inits(project: Project, ff: FileFacts, call: Call) -> list[tuple[FileFacts, Func]]:
    """The ``__init__`` of the project class a call constructs (a class of the
    file, or one imported, also through a module that re-exports it)."""
    if call.method or not call.callee:
        return []
    got: tuple[FileFacts, str] | None = (ff, call.callee) if "." not in call.callee else None
    if got is None:
        got = module_and_attr(project, py_reexported(project, call.callee))
    if got is None or "." in got[1] or got[0].lang != "py":
        return []
    tf, cls = got
    return [(tf, f) for f in methods_of(tf, cls) if f.name == "__init__" and not f.parent]


# what bounds every wait in its block: `async with asyncio.timeout(5):`
_TIMEOUT_BLOCKS = frozenset({"asyncio.timeout", "asyncio.timeout_at", "async_timeout.timeout", "async_timeout.timeout_at",
                             "anyio.fail_after", "anyio.move_on_after", "trio.fail_after", "trio.move_on_after"})
# what callers queue on, with no timeout of its own, when held by `async with`
_SEMAPHORES = frozenset({"asyncio.Semaphore", "asyncio.BoundedSemaphore", "anyio.Semaphore", "anyio.CapacityLimiter",
                         "asyncio.locks.Semaphore", "asyncio.locks.BoundedSemaphore"})


def _semaphore_gate(project: Project, ff: FileFacts, c: Call, withs: list[dict]) -> Call | None:
    """The semaphore constructor (a Call of this file) when the pool call ``c``
    runs inside ``async with <that semaphore>:``, callers queueing on it with
    no timeout first (r2r's ``async with self.semaphore: async with
    self.pool.acquire()``)."""
    names = {w["item"] for w in withs if w.get("async") and isinstance(w.get("item"), str)}
    if not names:
        return None
    cls = class_of(project, ff, c)
    for s in ff.calls:
        if s.callee in _SEMAPHORES and s.assigned in names and (not s.assigned.startswith("self.") or class_of(project, ff, s) == cls):
            return s
    return None


# --------------------------------------------------------------------------- RS102


@check("RS102")
def pool_size_implicit(project: Project) -> Iterable[Hit]:
    for pool in db_pools(project):
        if pool.not_pooled or pool.pool_class_unknown or pool.kind == "client" or pool.library == "psycopg2" or pool.dialect == "sqlite" or _tooling(project, pool):
            continue
        if pool.kind == "cluster":
            yield from _cluster_adds(project, pool)
            continue
        path = _MAX_KEY.get(pool.library)
        if not path:
            continue
        if pool.library == "typeorm" and pool.dialect == MSSQL:
            path = ("pool", "max")  # TypeORM's SQL Server driver hands `pool` (and `extra`) to mssql, never poolSize
        state, _ = (_typeorm_option(project, pool, *_TYPEORM_MAX.get(pool.dialect, _TYPEORM_MAX[POSTGRES])) if pool.library == "typeorm"
                    else lookup(project, pool.ff, pool.opts, *path))
        if state != ABSENT:
            continue
        if pool.library == "psycopg_pool" and _resized_max(project, pool) is not None:
            continue
        if pool.url is not None and pool.url.k in (STR, TMPL) and re.search(r"[?&](connectionLimit|max|pool_size|max_size)=", pool.url.v):
            continue  # mysql2 'mysql://…?connectionLimit=20'
        key = ".".join(path) + _FLASK_WHERE * pool.flask_extension
        if pool.library == "typeorm" and pool.dialect == MSSQL and lookup(project, pool.ff, pool.opts, "poolSize")[0] == SET:
            key = "pool.max (its poolSize is never read by TypeORM's SQL Server driver)"
        if pool.library == "sqlalchemy":
            consequence = "it silently gets SQLAlchemy's QueuePool default of 5 connections + 10 overflow per process, so each worker and replica opens up to 15 connections nobody budgeted against the database's max_connections"
        elif pool.library == "psycopg_pool":
            mstate, mval = lookup(project, pool.ff, pool.opts, "min_size")
            n = num(mval) if mstate == SET else ("4" if mstate == ABSENT else "")
            behind = f"{n} connections" if n else "min_size connections"
            where = f"min_size ({n})" if mstate == SET and n else ("min_size (4 by default)" if n else "min_size")
            consequence = f"max_size falls back to {where}, so the pool never grows under load and requests queue behind {behind}"
        else:
            lib = "mssql driver's" if pool.library == "typeorm" and pool.dialect == MSSQL else pool.lib_name
            consequence = (
                f"it silently uses the {lib} default of {pool.default_max} connections per process, so concurrency is capped by an accident "
                "and the total across replicas is never budgeted against the database's max_connections"
            )
        yield _hit("RS102", pool, f"{pool.label()} sets no {key}: {consequence}")


def _resized_max(project: Project, pool: DbPool) -> Val | None:
    """The maximum a psycopg_pool pool is given after construction by its
    ``resize(min_size, max_size)`` method (saq's PostgresQueue builds
    ``AsyncConnectionPool(url, open=False)`` and on connect runs
    ``await self.pool.resize(min_size=self.min_size, max_size=self.max_size)``):
    the ``max_size`` argument (keyword or second positional) of such a call on
    the pool, anywhere in its service; None when no call sets one
    (``resize(4)`` makes max_size equal min_size, as the default does)."""
    files = scope_files(project, pool.ff.path)
    refs: PoolRefs | None = None
    for ff in files:
        if ff.lang != "py":
            continue
        for c in ff.calls:
            if c.method != "resize":
                continue
            val = c.kwargs.get("max_size") or (c.args[1] if len(c.args) > 1 else None)
            if val is None or val.k == NULL:
                continue
            refs = refs or PoolRefs(project, pool, files)
            if refs.receiver(ff, c):
                return val
    return None


# where a TypeORM DataSource's maximum can be set, by dialect: poolSize (pg,
# mysql) or extra; a SQL Server DataSource's driver hands `pool` and `extra`
# to mssql's pool and never reads poolSize; one whose type is unknown may be either
_TYPEORM_MAX: dict[str, tuple[tuple[str, ...], ...]] = {
    POSTGRES: (("poolSize",), ("extra", "max"), ("extra", "connectionLimit")),
    MSSQL: (("pool", "max"), ("extra", "pool", "max")),
    "": (("poolSize",), ("extra", "max"), ("extra", "connectionLimit"), ("pool", "max"), ("extra", "pool", "max")),
}


def _cluster_adds(project: Project, pool: DbPool) -> Iterable[Hit]:
    if not pool.name:
        return
    for c in pool.ff.calls:
        if c.method != "add" or c.recv != pool.name or len(c.args) < 2:
            continue
        state, _ = lookup(project, pool.ff, c.args[-1], "connectionLimit")
        if state == ABSENT:
            yield Hit(
                rule_id="RS102",
                path=pool.ff.path,
                line=c.line,
                column=c.col or 1,
                message=f"{pool.lib_name} pool cluster `{pool.name}` adds a pool with no connectionLimit: each node silently uses the default of 10 connections, never budgeted against the database's max_connections",
                anchor=f"{pool.anchor()}:add",
            )


# --------------------------------------------------------------------------- RS103

_TIMEOUT_KEYS = {"statement_timeout", "query_timeout", "command_timeout", "statementTimeout", "queryTimeout", "commandTimeout"}
# keys whose (non-literal) value could carry a statement timeout we cannot see
_CONTAINERS = {"dialectOptions", "connect_args", "kwargs", "server_settings", "extra", "execution_options", "connection", "options", "pool"}
_URL_KEYS = {"connectionString", "connection_string", "uri", "url", "dsn", "conninfo", "host"}
_STMT = lazy_re(r"statement_timeout|statementTimeout", re.I)


def _stmt_timeout_state(project: Project, ff: FileFacts, val: Val | None, key: str = "", depth: int = 0) -> str:
    """SET when a value carries a statement/query timeout, UNKNOWN when it could, else ABSENT."""
    from ._db import _resolve

    val = _resolve(project, ff, val)
    if val is None or depth > 8:
        return UNKNOWN
    if val.k in (STR, TMPL):
        return SET if _STMT.search(val.v) else ABSENT
    if val.k == ENV:
        if _STMT.search(val.v):
            return SET
        return UNKNOWN if key == "options" else ABSENT
    if val.k == NULL:
        return ABSENT
    if val.k == OBJ:
        state = UNKNOWN if val.open else ABSENT
        for k, sub in (val.keys or {}).items():
            if k in _TIMEOUT_KEYS or (key == "execution_options" and "timeout" in k.lower()):
                if not is_disabled(_resolve(project, ff, sub)):
                    return SET
                continue
            if k in _URL_KEYS or k in _CONTAINERS or key in _CONTAINERS or depth == 0:
                sub_state = _stmt_timeout_state(project, ff, sub, k, depth + 1)
                if sub_state == SET:
                    return SET
                if sub_state == UNKNOWN and k in _CONTAINERS:
                    state = UNKNOWN
        return state
    if val.k == "arr":
        states = [_stmt_timeout_state(project, ff, it, key, depth + 1) for it in (val.items or [])]
        return SET if SET in states else (UNKNOWN if UNKNOWN in states else ABSENT)
    if key in _URL_KEYS or key == "":
        return ABSENT  # a connection string / host from config says nothing about timeouts
    if val.k in ("fn",):
        return UNKNOWN  # a hook (afterCreate/afterConnect) we do not follow here
    return UNKNOWN if key in _CONTAINERS or depth == 0 else ABSENT


# a query that reads the setting (`SHOW statement_timeout`, `current_setting(...)`) sets nothing
# reads of the setting, and a SET LOCAL that lasts one transaction (phoenix's sandboxed SQL tool): no pool-wide timeout
_STMT_READ = lazy_re(r"(?i)^\s*show\s|current_setting\s*\(|\bset\s+local\s+statement_timeout")
_LOG_CALLS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print", "trace"})


def _reports_only(c: Call) -> bool:
    """A log line or a print that names the setting (``logger.warning("statement_timeout: %s", v)``)."""
    name = c.method or last_name(c.callee)
    return name in _LOG_CALLS and (not c.recv or c.recv in ("console", "logging") or "log" in c.recv.lower())


def _strings_mention_timeout(ff: FileFacts, skip: set[int], consts: bool = True) -> tuple[int, str] | None:
    """A statement_timeout set by code (SET on connect, a hook, a shared URL constant);
    the options of pool constructions (``skip``) only count for their own pool.
    Module constants count only with ``consts`` (the pool's own file): a config
    object elsewhere (another environment's settings, another pool's options)
    says nothing about a pool whose options are fully known."""
    for i, c in enumerate(ff.calls):
        if i in skip or _reports_only(c):
            continue
        for v in (*c.args, *c.kwargs.values()):
            for s in walk_strings(v):
                if _STMT.search(s) and not _STMT_READ.search(s):
                    return c.line, c.text
    if not consts:
        return None
    for v in ff.consts.values():
        for s in walk_strings(v):
            if _STMT.search(s):
                return v.line, s
    return None


def _ops_mention_timeout(project: Project) -> bool:
    """A server-side statement_timeout in compose (postgres -c statement_timeout, PGOPTIONS) or start-up commands."""
    for ff in project.compose_files():
        try:
            if _STMT.search(json.dumps(ff.compose, default=str)):
                return True
        except (TypeError, ValueError):
            continue
    for ff in project.files.values():
        if ff.lang == "text" and any(_STMT.search(str(t)) for _, t in ff.commands):
            return True
    return False


@check("RS103")
def no_statement_timeout(project: Project) -> Iterable[Hit]:
    all_pools = db_pools(project)
    pools = [p for p in all_pools if p.library in ("pg", "postgres.js", "knex", "sequelize", "sqlalchemy", "asyncpg", "psycopg_pool", "psycopg2", "aiopg", "adbapi")
             or (p.library == "typeorm" and p.dialect == POSTGRES)]
    # NullPool/StaticPool engines are "not pools" (catalog RS102): not a Postgres pool either
    pools = [p for p in pools if p.kind != "client" and not p.not_pooled and not _tooling(project, p)]
    if not pools or _ops_mention_timeout(project):
        return
    mention_cache: dict[tuple[str, bool], tuple[int, str] | None] = {}
    pool_calls: dict[int, set[int]] = {}  # id(file facts) -> indexes of its pool constructions
    for p in all_pools:
        pool_calls.setdefault(id(p.ff), set()).add(p.index)

    def _mentions(ff: FileFacts, own: bool) -> bool:
        if ff.shallow:
            return False  # no calls and no constants: mentions nothing
        ck = (ff.path, own)
        if ck not in mention_cache:
            mention_cache[ck] = _strings_mention_timeout(ff, pool_calls.get(id(ff), set()), consts=own)
        return mention_cache[ck] is not None

    def _mentioning(files: list[FileFacts]) -> list[FileFacts]:
        return [ff for ff in files if _mentions(ff, False)]
    for pool in pools:
        if pool.dialect and pool.dialect != POSTGRES:
            continue
        if pool.library == "adbapi" and not pool.dialect:
            continue  # `ConnectionPool(dbapi_name, ...)`: a driver we cannot name says no Postgres
        around = scope_files(project, pool.ff.path)
        if not pool.dialect and built_off_postgres(pool.ff, pool.call, pool.url):
            continue  # `else: create_engine(url)` after `if url.startswith("postgresql"):`: another database's engine
        if not pool.dialect:
            hint = per_scope(project, "dialect-hint", around, functools.partial(dialect_hint, project, around))  # (shared: not changed)
            # a sqlite3 import elsewhere in the service (a local cache) says nothing
            # about this pool's server; one in the pool's own file does
            if hint == {SQLITE} and SQLITE not in dialect_hint(project, [pool.ff]):
                hint = set()
            if hint and POSTGRES not in hint:
                continue
            if not hint and pool.ff.lang != "py":
                continue  # knex/Sequelize with a client from configuration and no pg driver in sight: "with pg" is not shown
        if pool.opts is None:
            continue
        if _stmt_timeout_state(project, pool.ff, pool.opts) != ABSENT:
            continue
        if pool.url is not None and _stmt_timeout_state(project, pool.ff, pool.url, "url") == SET:
            continue
        # a timeout mentioned in the strings of another file of the scope (the files
        # that do, found once per scope), or in the pool's own file's (constants too)
        mentioning = per_scope(project, "timeout_mentions", around, functools.partial(_mentioning, around))
        if any(ff is not pool.ff for ff in mentioning) or (scope_holds(project, around, pool.ff) and _mentions(pool.ff, True)):
            continue
        if pool.library == "knex" and _knex_query_timeouts(around):
            continue
        key = {
            "pg": "statement_timeout/query_timeout",
            "postgres.js": "connection.statement_timeout",
            "knex": "connection.statement_timeout",
            "sequelize": "dialectOptions.statement_timeout",
            "sqlalchemy": "connect_args options='-c statement_timeout=…'",
            "asyncpg": "command_timeout",
            "psycopg_pool": "kwargs options='-c statement_timeout=…'",
            "psycopg2": "options='-c statement_timeout=…'",
            "aiopg": "options='-c statement_timeout=…'",
            "adbapi": "the driver's options='-c statement_timeout=…'",
            "typeorm": "extra.statement_timeout",
        }[pool.library]
        if pool.library == "sqlalchemy" and _through_asyncpg(project, pool):
            key = "connect_args={'server_settings': {'statement_timeout': …}}"  # asyncpg's connect() takes no libpq `options`
        creator = _own_creator(pool)
        if creator:
            # SQLAlchemy never reads connect_args (nor the URL's options) when the engine has a creator
            key = (f"statement_timeout set in the connections its {creator} opens: asyncpg `server_settings={{'statement_timeout': …}}`, "
                   "libpq `options='-c statement_timeout=…'`; connect_args is not read by an engine with its own creator")
        key += _FLASK_WHERE * pool.flask_extension
        size = _max_text(project, pool, *_MAX_KEY.get(pool.library, ("max",))) if pool.library in _MAX_KEY else "all its connections"
        stalls = ("a runaway query holds its connection with no upper bound (the lock_timeout it sets bounds only the wait for locks)"
                  if _sets_lock_timeout(pool) else "a runaway or lock-blocked query holds its connection with no upper bound")
        yield _hit(
            "RS103",
            pool,
            f"{pool.label()} has no statement timeout ({key}, or SET statement_timeout on connect): {stalls}, "
            + ("and one of them takes its only connection and stalls every request" if _one_connection(size)
               else f"and a handful of them take {size} and stall every request"),
        )


def _own_creator(pool: DbPool) -> str:
    """The keyword (``creator``/``async_creator``) by which a SQLAlchemy
    engine opens its connections itself (arize-phoenix's AWS IAM engine:
    ``create_async_engine(url=url, async_creator=async_creator)``), else ''."""
    if pool.library != "sqlalchemy" or pool.opts is None or not pool.opts.keys:
        return ""
    return next((k for k in ("async_creator", "creator") if k in pool.opts.keys), "")


def _through_asyncpg(project: Project, pool: DbPool) -> bool:
    """A SQLAlchemy engine whose URL, or the engine's file, names the asyncpg
    driver (``postgresql+asyncpg://``, cashu's and lnbits'
    ``database_uri.replace("postgres://", "postgresql+asyncpg://")``) and no
    psycopg one, or an async engine (``create_async_engine``) whose URL names
    no driver where the service ships asyncpg and not psycopg 3, the other
    async Postgres driver (fmn's ``create_async_engine(settings.services.distgit_db_url)``,
    asyncpg among its dependencies; psycopg2 cannot serve an async engine):
    asyncpg's ``connect()`` takes ``server_settings``, not libpq's
    ``options='-c ...'``."""
    url = list(walk_strings(pool.url))
    psycopg, asyncpg = _driver_strings(project, pool.ff)
    if psycopg or any("+psycopg" in t for t in url):
        return False
    if asyncpg or any("+asyncpg" in t for t in url):
        return True
    if last_name(pool.ctor) not in _ASYNC_ENGINES:
        return False
    svc = project.service_of(pool.ff.path)
    deps = {d.split("[", 1)[0] for root in {"", svc.root if svc is not None else ""} for d in project.manifests.get(root, {}).get("py_deps", ())}
    return "asyncpg" in deps and not deps & _PSYCOPG3


@per_file
def _driver_strings(project: Project, ff: FileFacts) -> tuple[bool, bool]:
    """Whether the file's literal strings (:func:`string_values`) name a
    psycopg driver, and an asyncpg one (``+psycopg``, ``+asyncpg``): read
    once per file, not once per engine of the file."""
    texts = list(string_values(ff))
    return any("+psycopg" in t for t in texts), any("+asyncpg" in t for t in texts)


# SQLAlchemy's constructors of an asyncio engine, which needs an async driver
_ASYNC_ENGINES = frozenset({"create_async_engine", "async_engine_from_config"})


# the distributions of psycopg 3, which serves async engines too (postgresql+psycopg://)
_PSYCOPG3 = frozenset({"psycopg", "psycopg-binary", "psycopg-c", "psycopg-pool"})


_LOCK_TIMEOUT = lazy_re(r"\block_?timeout\b", re.I)


def _sets_lock_timeout(pool: DbPool) -> bool:
    """The pool's options or URL set Postgres' ``lock_timeout`` (cashu's
    ``connect_args={"server_settings": {"lock_timeout": ...}}``,
    ``options='-c lock_timeout=5s'``): a query waiting for a lock gives up."""
    return any(_LOCK_TIMEOUT.search(s) for v in (pool.opts, pool.url) for s in walk_strings(v))


def _knex_query_timeouts(files: list[FileFacts]) -> bool:
    return any(c.method == "timeout" and "(" in c.recv for ff in files if ff.lang in ("js", "ts") for c in ff.calls)


# --------------------------------------------------------------------------- RS104

_NEST_HOOKS = ("onModuleDestroy", "onApplicationShutdown", "beforeApplicationShutdown")


@check("RS104")
def pool_not_closed(project: Project) -> Iterable[Hit]:
    running = long_running(project)
    seen: set[tuple[str, str, str, str]] = set()
    for pool in db_pools(project):
        if pool.library == "adbapi":
            continue  # a Twisted adbapi pool closes itself on the reactor's shutdown (its `during shutdown` trigger)
        if pool.not_pooled or pool.pool_class_unknown or pool.dialect == "sqlite" or _url_only(pool):
            continue  # SQLite: no server holding sessions for a dead process (NullPool: none held; a poolclass we cannot name: unknown)
        if pool.flask_extension:
            continue  # the extension builds the engine when first used and owns it
        if pool.name and pool.name != "return":
            # `if (url) db = new Sequelize(url) else db = new Sequelize(...)`: one object
            ident = (pool.ff.path, pool.name, class_of(project, pool.ff, pool.call), pool.call.func)
            if ident in seen:
                continue
            seen.add(ident)
        entry = running.get(pool.ff.path)
        if entry is None or run_by_hand(project, pool.ff, pool.call.func):
            continue
        if _context_managed(pool):
            continue
        around = scope_files(project, pool.ff.path)
        if _nest_managed(project, pool, around):
            continue
        per_call = _per_call(project, pool)
        # a close in code only an operator runs (Ghost's `generate-data` and `timetravel`
        # commands end their own process's knex) does not close the server's pool
        closers = [(f, c) for f, c in closing_calls(project, pool, around) if not run_by_hand(project, f, c.func)]
        if per_call:
            # no code but its own function's ever holds the engine (no return, store or hand-on):
            # a close elsewhere (another class's `self.engine.dispose()`) closes another object
            closers = [(f, c) for f, c in closers if f is pool.ff and c.func == pool.call.func]
        if closers or _prisma_disconnected(pool, around):
            continue
        closer = pool.close_methods[0] if pool.close_methods else "close"
        obj = pool.short_name or {"knex": "knex", "sequelize": "sequelize", "sqlalchemy": "engine", "postgres.js": "sql", "typeorm": "dataSource"}.get(pool.library, "pool")
        related = [Related(entry.path, entry.line, f"long-running process started here ({entry.what})")]
        if per_call:
            fn = pool.func_name()
            made_in = pool.made_in()
            if made_in is not None and pool.ff.lang == "py" and is_property(made_in):
                # read as `self.engine`, never called: every read builds a new engine
                each, every = "read", f"every read of the `{made_in.cls}.{made_in.name}` property"
            else:
                each, every = "call", f"every call of {f'`{fn}()`' if fn else 'its function'}"
            yield _hit(
                "RS104",
                pool,
                f"{pool.label()} is built anew on {every} and never disposed "
                f"(no {_closer_text(pool, obj, closer)} before it returns): each {each} leaves a pool behind whose connection stays open "
                f"until the garbage collector reaches it, so frequent {each}s pile up idle sessions on the database",
                related,
            )
            continue
        yield _hit(
            "RS104",
            pool,
            f"{pool.label()} is created in a long-running process but nothing closes it (no {_closer_text(pool, obj, closer)} on shutdown): on SIGTERM or a redeploy "
            f"the process dies with {_open_conns(project, pool)} open: in-flight queries are cut off mid-transaction and the requests waiting on them fail",
            related,
        )


def _open_conns(project: Project, pool: DbPool) -> str:
    if pool.kind == "client":
        return "its connection"
    text = _max_text(project, pool, *_MAX_KEY[pool.library]) if pool.library in _MAX_KEY else ""
    return text.replace("all ", "up to ", 1) if text.startswith("all ") and "its" not in text else "its connections"


def _context_managed(pool: DbPool) -> bool:
    """``with ConnectionPool(...) as pool`` / ``async with create_pool() as pool`` closes it on exit."""
    withs = pool.ff.extra.get("withs", []) if pool.ff.extra else []
    return any(isinstance(w, dict) and w.get("call") == pool.index for w in withs)


def _prisma_disconnected(pool: DbPool, files: list[FileFacts]) -> bool:
    """A PrismaPg adapter's pool ends with the client it was given to: ``prisma.$disconnect()``."""
    return pool.ctor == "PrismaPg" and any(c.method == "$disconnect" for ff in files if ff.lang in ("js", "ts") for c in ff.calls)


def _closer_text(pool: DbPool, obj: str, closer: str) -> str:
    if pool.ctor == "TypeOrmModule.forRoot":
        return "app.enableShutdownHooks(), which lets TypeOrmModule destroy it"
    if pool.ctor == "PrismaPg":
        return "$disconnect() on the PrismaClient given this adapter"
    if pool.ctor == PG_PROMISE:
        return f"{obj}.$pool.end() or pgp.end()"
    if pool.library == "typeorm" and pool.ctor == "createConnection":
        # 0.2's Connection has no destroy(): it closes with close() (still there in 0.3)
        return f"{pool.short_name or 'connection'}.close()"
    return f"{obj}.{closer}()"


def _enables_shutdown_hooks(project: Project, files: list[FileFacts]) -> bool:
    """A JS/TS file of ``files`` (a scope: :func:`scope_files` gives all its
    paths one list) calls ``enableShutdownHooks()``: asked once per scope,
    not once per pool."""
    return per_scope(project, "nest_shutdown_hooks", files,  # type: ignore[no-any-return]
                     lambda: any(c.method == "enableShutdownHooks" for ff in files if ff.lang in ("js", "ts") for c in ff.calls))


def _nest_managed(project: Project, pool: DbPool, files: list[FileFacts]) -> bool:
    """NestJS: the provider holding the pool implements a shutdown hook, or the app enables shutdown hooks."""
    if pool.ff.lang not in ("js", "ts"):
        return False
    cls = class_of(project, pool.ff, pool.call)
    if cls and any(f.name in _NEST_HOOKS for f in methods_of(pool.ff, cls)):
        return True
    if _enables_shutdown_hooks(project, files):
        return True
    if cls or not any(m.startswith("@nestjs/") for m in pool.ff.modules):
        return False
    # a pool built by a provider factory (`useFactory: () => new Pool()`) is
    # injected elsewhere; a lifecycle hook that closes an injected member
    # (`onApplicationShutdown() { return this.pool.end() }`) closes it
    return any(c.method in pool.close_methods for c in _nest_hook_member_calls(project, files))


def _nest_hook_member_calls(project: Project, files: list[FileFacts]) -> list[Call]:
    """The calls on a ``this.`` member made in NestJS lifecycle hooks
    (``onApplicationShutdown``...) of the JS/TS files of ``files`` (a scope):
    collected once per scope, not once per pool."""
    return per_scope(project, "nest_hook_member_calls", files,  # type: ignore[no-any-return]
                     lambda: [c for ff in files if ff.lang in ("js", "ts") for f in ff.funcs if f.name in _NEST_HOOKS
                              for c in project.calls_in(ff, f.id) if c.recv.startswith("this.")])
