"""Which calls create SQL connection pools, engines and clients.

``db_pools(project)`` lists every construction of a SQL pool the pool rules
(RS101-RS104) know about, with its library, the variable it is assigned to,
its options (``None`` when they cannot be known) and its SQL dialect.  Other
checks use it to tell SQL clients from look-alikes (``is_sql_receiver``).

Options are read tri-state with :func:`lookup`: a key is ``SET`` (present,
whatever its value: env, config, variable), ``ABSENT`` (the options are fully
known and do not have it) or ``UNKNOWN`` (an unresolvable spread, variable or
call could hold it) -- precision first, an unknown never produces a finding.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from ..facts import BRANCH, CALL, ENV, IDENT, NULL, NUM, OBJ, OTHER, STR, TMPL, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ._memo import calls_assigned, calls_at, funcs_by_id, methods_of, per_project
from ._reach import is_property
from ._resolve import norm_callee

if TYPE_CHECKING:
    from ..project import Project

SET, ABSENT, UNKNOWN = "set", "absent", "unknown"

POSTGRES, MYSQL, SQLITE, MSSQL, ORACLE = "postgres", "mysql", "sqlite", "mssql", "oracle"
OTHER_DB = "other"  # a database the URL names that is none of the above

# library -> (display name, default max connections, close methods)
LIBRARIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "pg": ("pg", "10", ("end",)),
    "postgres.js": ("postgres.js", "10", ("end",)),
    "mysql2": ("mysql2", "10", ("end",)),
    "mariadb": ("mariadb", "10", ("end",)),
    "knex": ("knex", "10", ("destroy",)),
    "sequelize": ("Sequelize", "5", ("close",)),
    "sqlalchemy": ("SQLAlchemy", "5 (+10 overflow)", ("dispose",)),
    "asyncpg": ("asyncpg", "10", ("close", "terminate")),
    "psycopg_pool": ("psycopg_pool", "4", ("close",)),
    "psycopg2": ("psycopg2", "", ("closeall",)),
    "aiopg": ("aiopg", "10", ("close", "terminate")),
    "aiomysql": ("aiomysql", "10", ("close", "terminate")),
    "mysql-connector": ("mysql-connector", "5", ("close",)),
    "typeorm": ("TypeORM", "10", ("destroy", "close")),
    # Twisted's adbapi.ConnectionPool: cp_max defaults to 5; it closes itself when the reactor shuts down
    "adbapi": ("Twisted adbapi", "5", ("close",)),
    "oracledb": ("python-oracledb", "2", ("close",)),
}

_PY_PREFIXES = ("sqlalchemy", "sqlmodel")
# the ctor of a pg-promise database (library "pg": it runs on a pg Pool with pg's options)
PG_PROMISE = "pg-promise"


@dataclass
class DbPool:
    ff: FileFacts
    call: Call
    index: int  # position in ff.calls
    library: str  # key of LIBRARIES
    kind: str  # pool | client | engine | cluster
    ctor: str  # what the code calls, for messages ("Pool", "createPool", "create_engine")
    name: str  # assigned variable/attribute ("pool", "this.pool", "self.engine", "default", "return") or ""
    opts: Val | None  # options object (OBJ) or None = unknown
    url: Val | None  # connection string / URL value when given
    dialect: str  # postgres | mysql | sqlite | mssql | oracle | "" (unknown)
    not_pooled: bool = False  # SQLAlchemy NullPool/StaticPool, psycopg_pool NullConnectionPool

    def made_in(self) -> Func | None:
        """The function the pool is made in (None at module level)."""
        return funcs_by_id(self.ff).get(self.call.func) if self.call.func else None

    @property
    def lib_name(self) -> str:
        return LIBRARIES[self.library][0]

    @property
    def default_max(self) -> str:
        return LIBRARIES[self.library][1]

    @property
    def close_methods(self) -> tuple[str, ...]:
        return LIBRARIES[self.library][2]

    @property
    def short_name(self) -> str:
        """Last segment of the variable ('this.pool' -> 'pool'), '' when unnamed."""
        if self.name in ("", "return", "default", "exports", "module.exports"):
            return ""
        return self.name.rsplit(".", 1)[-1]

    @property
    def pool_class_unknown(self) -> bool:
        """A SQLAlchemy engine whose ``poolclass`` is set to something we cannot
        name (`if nullpool: kw["poolclass"] = NullPool`: set only in one branch):
        whether it pools at all is unknown."""
        if self.library != "sqlalchemy" or self.not_pooled or self.opts is None or not self.opts.keys:
            return False
        pc = self.opts.keys.get("poolclass")
        return pc is not None and not (pc.k in (IDENT, CALL, STR) and re.search(r"QueuePool$", pc.v))

    @property
    def flask_extension(self) -> bool:
        """A Flask-SQLAlchemy ``SQLAlchemy()``: the extension builds and owns the engine."""
        return self.library == "sqlalchemy" and self.ctor == "SQLAlchemy"

    def label(self) -> str:
        """'pg Pool `pool`' / 'SQLAlchemy engine `engine`' / 'knex instance `db`' for messages."""
        if self.flask_extension:
            return f"Flask-SQLAlchemy engine of {self.display_name()}"
        if self.ctor == PG_PROMISE:
            return f"pg-promise database {self.display_name()} (a pg Pool)"
        if self.library == "typeorm" and self.ctor == "TypeOrmModule.forRoot":
            return "TypeORM connection of TypeOrmModule.forRoot()"
        if self.library in ("knex", "sequelize"):
            what = "instance"
        elif self.library == "typeorm":
            what = self.ctor
        elif self.library == "postgres.js":
            what = "client"
        elif self.kind == "engine":
            what = "engine"
        elif self.kind == "cluster":
            what = "pool cluster"
        elif self.ctor[:1].isupper():
            what = self.ctor
        else:
            what = "pool"
        if self.library == "pg" and norm_callee(self.call.callee).startswith(NEON + "."):
            return f"Neon serverless {what} {self.display_name()} (node-postgres)"
        return f"{self.lib_name} {what} {self.display_name()}"

    def display_name(self) -> str:
        if self.name in ("default", "exports", "module.exports"):
            return "(default export)"
        if self.name == "return":
            made_in = self.made_in()
            if made_in is not None and self.ff.lang == "py" and is_property(made_in):
                return f"built by the `{made_in.cls}.{made_in.name}` property"  # read as `obj.pool`, never called
            fn = self.func_name()
            return f"returned by `{fn}()`" if fn else "(returned)"
        if not self.name:
            return "(unassigned)"
        return f"`{self.name}`"

    def func_name(self) -> str:
        f = self.made_in()
        return f.name if f is not None and f.name and not f.name.startswith("<") else ""

    def anchor(self) -> str:
        return f"{self.library}:{self.name or self.func_name() or '-'}:{self.ctor}"


# --------------------------------------------------------------------------- values
def is_disabled(val: Val | None) -> bool:
    """A literal that switches a timeout off: 0, Infinity, None/null/undefined."""
    if val is None:
        return False
    if val.k == NULL:
        return True
    if val.k == NUM:
        v = val.v.replace("_", "").strip()
        if v in ("Infinity", "+Infinity", "inf"):
            return True
        try:
            return float(v) == 0
        except ValueError:
            return False
    if val.k == IDENT and val.v in ("Infinity", "Number.POSITIVE_INFINITY", "math.inf", "float.inf"):
        return True
    return False


def is_none(val: Val | None) -> bool:
    return val is not None and val.k == NULL


def num(val: Val | None) -> str:
    """Source text of a numeric literal, '' otherwise."""
    if val is not None and val.k == NUM:
        return val.v
    return ""


def _resolve(project: Project, ff: FileFacts, val: Val | None) -> Val | None:
    if val is not None and val.k == IDENT:
        from ._resolve import resolve_value

        return resolve_value(project, ff, val)
    if val is not None and val.k == OBJ and val.open and val.items:
        return _with_spreads(project, ff, val)
    if val is not None and val.k in (OTHER, ENV) and val.v.endswith("]"):
        got = env_config(project, ff, val)
        if got is not None:
            return got
    return val


def _with_spreads(project: Project, ff: FileFacts, val: Val) -> Val:
    """``{...DEFAULT_POOL_CONFIG, connectionString}`` with the spread constant
    imported from another module (postgres-meta): the object it makes, when every
    spread resolves to an object we can see whole; else ``val`` (open) as is.
    A spread written after own keys (an item marked open) may override them:
    not merged, ``val`` as is."""
    from ._resolve import resolve_value

    merged: dict[str, Val] = {}
    if any(item.open for item in val.items or ()):
        return val
    for item in val.items or ():
        got = resolve_value(project, ff, item) if item.k == IDENT else None
        if got is None or got.k != OBJ or got.keys is None or got.open:
            return val
        merged.update(got.keys)
    merged.update(val.keys or {})
    return Val(k=OBJ, keys=merged, line=val.line)


# `config[env]`, `knexfile[process.env.NODE_ENV || 'development']`,
# `require('../knexfile')[env]`: one entry of a per-environment config module
_SUBSCRIPT = lazy_re(
    r"^(?:require\(\s*['\"`](\.{1,2}/[^'\"`]+)['\"`]\s*\)|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*))\s*\[(.+)\]$", re.S
)
_QUOTED = lazy_re(r"^\s*['\"`]([\w-]+)['\"`]\s*$")
_PROD_KEYS = ("production", "prod")


def _module_object(ff: FileFacts) -> Val:
    """A module's exports as one object value (its ``default`` export when that is an object)."""
    default = ff.consts.get("default")
    if default is not None and default.k == OBJ:
        return default
    return Val(k=OBJ, keys=dict(ff.consts))


def env_config(project: Project, ff: FileFacts, val: Val) -> Val | None:
    """The configuration object a subscripted per-environment config selects:
    the literal key when the subscript is one, else the ``production`` entry
    (what runs in production), else the only entry; None when unknown."""
    import posixpath

    from ._resolve import resolve_value

    m = _SUBSCRIPT.match(val.v.strip())
    if m is None:
        return None
    container: Val | None = None
    if m.group(1):
        spec = posixpath.normpath(posixpath.join(posixpath.dirname(ff.path), m.group(1)))
        target = project.module_file("./" + spec.rsplit(".", 1)[0] if spec.endswith((".js", ".cjs", ".mjs", ".ts", ".json")) else "./" + spec)
        if target is not None:
            container = _module_object(target)
    else:
        name = m.group(2)
        imp = ff.imports.get(name, "")
        target = project.module_file(imp) if imp.startswith("./") and name not in ff.consts else None
        if target is not None:
            container = _module_object(target)
        else:
            got = resolve_value(project, ff, Val(k=IDENT, v=name, line=val.line))
            if got.k == OBJ:
                container = got
    if container is None or container.open or not container.keys:
        return None
    keys = container.keys
    lit = _QUOTED.match(m.group(3))
    if lit is not None:
        entry = keys.get(lit.group(1))
    else:
        entry = next((keys[k] for k in _PROD_KEYS if k in keys), None)
        if entry is None:
            objs = [v for v in keys.values() if v.k == OBJ]
            entry = objs[0] if len(objs) == 1 else None
    if entry is not None and entry.k == IDENT:
        entry = resolve_value(project, target if target is not None else ff, entry)
    return entry if entry is not None and entry.k == OBJ else None


def lookup(project: Project, ff: FileFacts, opts: Val | None, *path: str) -> tuple[str, Val | None]:
    """Tri-state nested key lookup: (SET, value) / (ABSENT, None) / (UNKNOWN, None)."""
    cur = _resolve(project, ff, opts)
    if cur is None:
        return UNKNOWN, None
    for i, part in enumerate(path):
        cur = _resolve(project, ff, cur)
        if cur is None:
            return UNKNOWN, None
        if cur.k == NULL and i > 0:
            return ABSENT, None
        if cur.k != OBJ:
            return UNKNOWN, None
        if cur.keys and part in cur.keys:
            cur = cur.keys[part]
            continue
        return (UNKNOWN if cur.open else ABSENT), None
    return SET, cur


def walk_strings(val: Val | None, depth: int = 0) -> Iterator[str]:
    """Every string-ish text inside a value (literals, templates, env defaults)."""
    if val is None or depth > 12:
        return
    if val.k in (STR, TMPL, ENV):
        yield val.v
    if val.keys:
        for k, sub in val.keys.items():
            yield k
            yield from walk_strings(sub, depth + 1)
    if val.items:
        for sub in val.items:
            yield from walk_strings(sub, depth + 1)


# --------------------------------------------------------------------------- dialects
_ANY_SCHEME = lazy_re(r"^[a-z][\w.-]*(?:\+[\w-]+)?://", re.I)
_SCHEME = lazy_re(r"\b(postgres(?:ql)?|pg|psql|cockroachdb|redshift|timescale|mysql|mariadb|sqlite3?|duckdb|gsheets|shillelagh|bigquery|mssql|sqlserver|oracle|oracledb)(?:\+[\w-]+)?:", re.I)
_DIALECTS = {
    "postgres": POSTGRES, "postgresql": POSTGRES, "pg": POSTGRES, "psql": POSTGRES, "cockroachdb": POSTGRES,
    "redshift": POSTGRES, "timescale": POSTGRES, "pg-native": POSTGRES, "pgnative": POSTGRES, "postgresql-native": POSTGRES,
    "mysql": MYSQL, "mysql2": MYSQL, "mariadb": MYSQL,
    "sqlite": SQLITE, "sqlite3": SQLITE, "better-sqlite3": SQLITE,
    "duckdb": SQLITE,  # embedded and in-process like SQLite: no server, no connection budget
    "gsheets": SQLITE, "shillelagh": SQLITE,  # shillelagh's dialects: an in-memory SQLite (APSW) over an API
    # sqlalchemy-bigquery: each query is a job over Google's HTTP API, no server sessions or max_connections to budget
    "bigquery": SQLITE,
    "mssql": MSSQL, "sqlserver": MSSQL, "tedious": MSSQL,
    "oracle": ORACLE, "oracledb": ORACLE,
}


def dialect_name(text: str) -> str:
    return _DIALECTS.get(text.strip().lower(), "")


def dialect_of_url(project: Project, ff: FileFacts, val: Val | None, depth: int = 0) -> str:
    """Dialect of a connection URL value when its text shows a scheme."""
    val = _resolve(project, ff, val)
    if val is None or depth > 4:
        return ""
    if val.k == IDENT and val.v.startswith(("self.", "this.")):
        return _attribute_dialect(project, ff, val, depth)
    if val.k == IDENT and "." in val.v and ff.lang == "py":
        # `create_async_engine(config.db_url)` with `db_url: str = Field(default="sqlite+aiosqlite://")`
        attr = val.v.rpartition(".")[2]
        return _settings_default_dialect(project, ff, attr) or _oslo_option_dialect(project, ff, val.v, attr)
    if val.k in (STR, TMPL, ENV):
        m = _SCHEME.search(val.v)
        if m:
            return dialect_name(m.group(1))
        lead = _LEADING_HOLE.match(val.v) if val.k == TMPL else None
        if lead is not None:
            # f"{DB._DIALECT}:///{path}" with `_DIALECT = "sqlite"` a constant of the file
            const = ff.consts.get(lead.group(1)) or ff.consts.get(lead.group(1).replace("self.", "", 1))
            if const is not None and const.k == STR:
                return dialect_name(const.v.split("+", 1)[0])
        if val.k in (STR, TMPL) and _ANY_SCHEME.match(val.v):
            return OTHER_DB  # a literal URL (or f-string) of another engine: `gsheets://`, `trino://...`, f"bigquery://{project}"
        if val.k == ENV and val.line:
            # os.getenv("DATABASE_URL", "postgresql://localhost/app"): the default shows the database
            for c in ff.calls:
                if c.line == val.line and c.method in ("getenv", "get") and len(c.args) >= 2 and c.args[1].k in (STR, TMPL):
                    m = _SCHEME.search(c.args[1].v)
                    if m:
                        return dialect_name(m.group(1))
        return ""
    if val.k == OTHER and val.v[:1] in ("'", '"', "`"):
        # a URL built from a literal: "sqlite:///%s" % path, "sqlite:///" + path
        m = _SCHEME.match(val.v[1:])
        return dialect_name(m.group(1)) if m else ""
    if val.k == OTHER and ff.lang == "py":
        # a URL filled into a module's format string: `CONNECTION_STR_FORMAT % (user, password)`
        # with `CONNECTION_STR_FORMAT = "mysql+pymysql://%s:%s@localhost/"` (trove's guest agent)
        m = _FILLED_CONST.match(val.v)
        if m:
            return _format_dialect(project, ff, m.group(1), val.line)
    if val.k == CALL:
        sub = project.call_of(ff, val)
        # `get_db_url(path)` / `self.get_db_url(path)`: what the project's function returns
        got = _returned_dialect(project, ff, sub) if sub is not None else ""
        if got:
            return got
        # 'sqlite:///{0}'.format(path)
        if sub is not None and sub.method == "format" and sub.recv[:1] in ("'", '"'):
            m = _SCHEME.match(sub.recv[1:])
            return dialect_name(m.group(1)) if m else ""
        # URL_FORMAT.format(user, password), a format string held in a constant
        if sub is not None and sub.method == "format" and ff.lang == "py" and _DOTTED_NAME.match(sub.recv):
            return _format_dialect(project, ff, sub.recv, val.line)
        # sqlalchemy URL.create("postgresql+psycopg2", ...)
        if sub is not None and (sub.method == "create" or sub.callee.endswith("make_url")):
            first = sub.kwargs.get("drivername") or (sub.args[0] if sub.args else None)
            first = _resolve(project, ff, first)
            if first is not None and first.k in (STR, TMPL):
                return dialect_name(first.v.split("+", 1)[0]) or dialect_of_url(project, ff, first)
            if first is not None and sub.callee.endswith("make_url"):
                # make_url('sqlite:///' + path): the URL it parses (URL.create's first argument is a driver name)
                return dialect_of_url(project, ff, first, depth + 1)
    return ""


def _attribute_dialect(project: Project, ff: FileFacts, attr: Val, depth: int) -> str:
    """The dialect of the URL an attribute holds (``self.url``), read from the
    calls the file assigns to it before its use (``self.db_url =
    self.get_db_url(path)``, ``self.url = make_url('sqlite:///' + path)``)
    and from its other values there (``extra["attr_values"]``, Python).  ''
    unless every one of them names the same dialect: sopel's ``SopelDB``
    assigns ``make_url('sqlite:///' + path)`` in one arm and
    ``make_url(config.core.db_url)`` or ``URL(drivername=...)`` in the others,
    so its engine's database is unknown."""
    from ..facts import from_json

    line = attr.line
    vals = [Val(k=CALL, v=c.callee, call=i, line=c.line) for i, c in enumerate(ff.calls) if c.assigned == attr.v and c.line <= (line or c.line)]
    if vals:
        vals += [from_json("Val", v) for t, at, v in (ff.extra.get("attr_values") or ()) if t == attr.v and at <= (line or at)]
    found: set[str] = set()
    for v in vals:
        found.add(dialect_of_url(project, ff, v, depth + 1))
        if len(found) > 1 or "" in found:
            return ""
    return found.pop() if found else ""


_LEADING_HOLE = lazy_re(r"^\{([\w.]+)\}(?:\+[\w-]+)?:")
_DOTTED = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"
_DOTTED_NAME = lazy_re(rf"^{_DOTTED}$")
# `NAME % (...)` / `NAME + path`: a string constant filled in or extended
_FILLED_CONST = lazy_re(rf"^({_DOTTED})\s*[%+]")


def _format_dialect(project: Project, ff: FileFacts, name: str, line: int) -> str:
    """The dialect a URL built from the string constant ``name`` names (the
    constant resolved through the file and its imports): '' when ``name``
    holds no literal string or template, or one that does not start with a
    URL scheme."""
    if name.startswith(("self.", "cls.")):
        return ""
    base = _resolve(project, ff, Val(k=IDENT, v=name, line=line))
    if base is None or base.k not in (STR, TMPL):
        return ""
    m = _SCHEME.match(base.v.strip())
    return dialect_name(m.group(1)) if m else ""


def _settings_default_dialect(project: Project, ff: FileFacts, attr: str) -> str:
    """The dialect of the default URL a settings class gives field ``attr``
    (``db_url: str = Field(default="sqlite+aiosqlite:///:memory:")`` in a
    pydantic model, or a plain ``db_url = "postgresql://..."``), when a
    class defined in ``ff`` or imported into it from the project declares the
    field, and every such class agrees: like ``os.getenv("DATABASE_URL",
    "sqlite:///app.db")``, the default shows the database the code is
    written for.  '' when no such class is seen or a default is not a
    literal URL."""
    from ._routes import class_attrs

    owners: list[tuple[FileFacts, str]] = [(ff, cls) for cls in (ff.extra.get("class_attrs") or {})] if ff.extra else []
    for local, target in ff.imports.items():
        spec, _, cls = target.rpartition(".")
        if local[:1].isupper() and spec.startswith("./"):
            tf = project.module_file(spec, cls)
            if tf is not None and tf is not ff:
                owners.append((tf, cls))
    found: set[str] = set()
    for tf, cls in owners:
        default = class_attrs(tf, cls).get(attr)
        if default is None:
            continue
        if default.k == CALL:  # pydantic's Field(default=...) / Field("...")
            field_call = project.call_of(tf, default)
            default = (field_call.kwargs.get("default") or (field_call.args[0] if field_call.args else None)) if field_call is not None else None
        m = _SCHEME.search(default.v) if default is not None and default.k in (STR, TMPL) else None
        if m is None:
            return ""
        found.add(dialect_name(m.group(1)))
    return found.pop() if len(found) == 1 else ""


# oslo.config option constructors whose ``default=`` can hold a connection URL
_OSLO_OPTS = ("StrOpt", "URIOpt", "Opt")


def _oslo_option_dialect(project: Project, ff: FileFacts, ref: str, attr: str) -> str:
    """The dialect of the default URL of the oslo.config option ``ref`` reads
    (``create_engine(CONF.db_url)``, ``CONF`` oslo.config's conventional
    name for its ``ConfigOpts`` or one group of it) when the service
    registers that option (``cfg.StrOpt('db-url',
    default='sqlite:///zebra.db')``; oslo.config turns dashes into
    underscores) and every such registration agrees: like
    ``os.getenv("DATABASE_URL", "sqlite:///app.db")``, the default shows the
    database the code is written for.  '' when the reference is not
    ``CONF.<option>`` (a named group, ``CONF.database.connection``, may be a
    library's option the project does not register), no option of that
    name is seen, or a default is not a literal URL."""
    if ref.removeprefix("cfg.") != f"CONF.{attr}":
        return ""
    files = project.service_files(project.service_of(ff.path))
    found: set[str] = set()
    for other in files:
        if other.lang != "py":
            continue
        full = other
        for opt in _OSLO_OPTS if other.shallow else ():
            full = project.full(other, opt, called=True)  # parsed only when its text can call one
            if not full.shallow:
                break
        for call in full.calls:
            if (call.method or call.callee.rsplit(".", 1)[-1]) not in _OSLO_OPTS or not call.args:
                continue
            name = call.args[0]
            if name.k != STR or name.v.replace("-", "_") != attr:
                continue
            default = _resolve(project, full, call.kwargs.get("default"))
            m = _SCHEME.search(default.v) if default is not None and default.k in (STR, TMPL) else None
            if m is None:
                return ""
            found.add(dialect_name(m.group(1)))
    return found.pop() if len(found) == 1 else ""


def _returned_dialect(project: Project, ff: FileFacts, call: Call) -> str:
    """The dialect every string a called project function returns names
    (``return f"sqlite:///{path}/run.sqlite"``), '' when they do not agree."""
    from ..facts import from_json
    from ._resolve import callee_funcs

    found: set[str] = set()
    for tf, fn in callee_funcs(project, ff, call):
        for item in (tf.extra or {}).get("returns") or ():
            if isinstance(item, list) and len(item) == 2 and item[0] == fn.id and isinstance(item[1], dict):
                found.add(dialect_of_url(project, tf, from_json("Val", item[1])))
    return found.pop() if len(found) == 1 else ""


# evidence of the database a service talks to, when a pool's own config does not say
_JS_DRIVERS = {"pg": POSTGRES, "pg-pool": POSTGRES, "@neondatabase/serverless": POSTGRES, "postgres": POSTGRES, "pg-native": POSTGRES, "mysql": MYSQL, "mysql2": MYSQL,
               "mariadb": MYSQL, "sqlite3": SQLITE, "better-sqlite3": SQLITE, "tedious": MSSQL, "mssql": MSSQL, "oracledb": ORACLE}
_PY_DRIVERS = {"psycopg2": POSTGRES, "psycopg": POSTGRES, "asyncpg": POSTGRES, "pg8000": POSTGRES, "psycopg_pool": POSTGRES,
               "aiopg": POSTGRES, "pymysql": MYSQL, "MySQLdb": MYSQL, "aiomysql": MYSQL, "asyncmy": MYSQL, "mysql": MYSQL,
               "sqlite3": SQLITE, "aiosqlite": SQLITE, "pyodbc": MSSQL, "pymssql": MSSQL, "cx_Oracle": ORACLE, "oracledb": ORACLE}
_IMAGE = lazy_re(r"\b(postgres|postgis|timescaledb|mysql|mariadb|mssql|oracle)\b", re.I)


# Python distributions (requirements*.txt, pyproject, setup.cfg) that are database drivers,
# and the extras of a library that pull one in (`databases[postgresql]`, `sqlalchemy[asyncio,postgresql_asyncpg]`)
_PY_DISTS = {"psycopg2": POSTGRES, "psycopg2-binary": POSTGRES, "psycopg": POSTGRES, "psycopg-binary": POSTGRES, "psycopg-c": POSTGRES,
             "psycopg-pool": POSTGRES, "asyncpg": POSTGRES, "pg8000": POSTGRES, "aiopg": POSTGRES, "psycopg2cffi": POSTGRES,
             "pymysql": MYSQL, "mysqlclient": MYSQL, "aiomysql": MYSQL, "asyncmy": MYSQL, "mysql-connector-python": MYSQL,
             "mysql-connector": MYSQL, "mariadb": MYSQL, "aiosqlite": SQLITE, "pyodbc": MSSQL, "pymssql": MSSQL, "aioodbc": MSSQL,
             "cx-oracle": ORACLE, "oracledb": ORACLE}
_EXTRA_DIALECT = lazy_re(r"(postgres|psycopg|asyncpg|pg8000|aiopg)|(mysql|mariadb|asyncmy)|(mssql|pyodbc)|(oracle)")


def _py_requirement_dialects(req: str) -> set[str]:
    """The databases a declared requirement (``name[extras]``) ships a driver for."""
    name, _, extras = req.partition("[")
    found = {_PY_DISTS[name]} if name in _PY_DISTS else set()
    for m in _EXTRA_DIALECT.finditer(extras):
        found.add((POSTGRES, MYSQL, MSSQL, ORACLE)[m.lastindex - 1 if m.lastindex else 0])
    return found


def dialect_hint(project: Project, files: list[FileFacts]) -> set[str]:
    """Databases the given files' drivers, package manifests and compose images point at."""
    found: set[str] = set()
    roots: set[str] = set()
    for ff in files:
        for spec in ff.modules:
            if ff.lang == "py":
                d = _PY_DRIVERS.get(spec.split(".", 1)[0])
            else:
                d = _JS_DRIVERS.get(spec.split("/", 1)[0] if not spec.startswith("@") else spec)
            if d:
                found.add(d)
        svc = project.service_of(ff.path)
        if svc is not None:
            roots.add(svc.root)
    for root in sorted(roots):
        for dep in project.manifests.get(root, {}).get("deps", ()):
            d = _JS_DRIVERS.get(dep)
            if d:
                found.add(d)
        for req in project.manifests.get(root, {}).get("py_deps", ()):
            found.update(_py_requirement_dialects(req))
    for cf in project.compose_files():
        for m in _IMAGE.finditer(_compose_images(cf.compose)):
            d = {"postgis": POSTGRES, "timescaledb": POSTGRES}.get(m.group(1).lower()) or dialect_name(m.group(1))
            if d:
                found.add(d)
    return found


def _compose_images(model: object) -> str:
    out: list[str] = []

    def visit(node: object, depth: int) -> None:
        if depth > 8:
            return
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "image" and isinstance(v, str):
                    out.append(v)
                elif isinstance(v, (dict, list)):
                    visit(v, depth + 1)
        elif isinstance(node, list):
            for v in node:
                visit(v, depth + 1)

    visit(model, 0)
    return " ".join(out)


# --------------------------------------------------------------------------- recognising constructions
def _head_name(call: Call) -> str:
    text = call.text[4:].lstrip() if call.text.startswith("new ") else call.text
    # compiled TypeScript calls an import through the comma operator: `(0, knex_1.knex)(config)`
    text = _COMMA_CALL.sub("", text, count=1)
    m = re.match(r"[A-Za-z_$][\w$]*", text)
    return m.group(0) if m else ""


_COMMA_CALL = lazy_re(r"^\(\s*0\s*,\s*")


def _import_bound(ff: FileFacts, call: Call, modules: tuple[str, ...]) -> bool:
    """The call goes through a name imported from one of ``modules`` (or an inline require)."""
    if call.text.startswith("require(") or call.text.startswith("(require("):
        return True
    head = _head_name(call)
    target = norm_callee(ff.imports.get(head, ""))
    return any(target == m or target.startswith(m + ".") for m in modules)


def _js_first_opts(project: Project, ff: FileFacts, call: Call, url_key: str = "connectionString") -> tuple[Val | None, Val | None]:
    """(options, url) of a JS constructor taking ``(config | url)``."""
    if not call.args:
        return Val(k=OBJ, keys={}), None
    first = _resolve(project, ff, call.args[0])
    if first is not None and first.k == CALL:
        first = _returned_object(project, ff, first) or first
    if first is None:
        return None, None
    if first.k == OBJ:
        url = first.keys.get(url_key) if first.keys else None
        return first, url
    if first.k in (STR, TMPL) or (first.k == ENV and _ENV_READ.match(first.v)):
        return Val(k=OBJ, keys={url_key: first}), first
    return None, None  # a config object from somewhere else


def _returned_object(project: Project, ff: FileFacts, val: Val) -> Val | None:
    """The object a plain function of the same file returns, when its one
    return statement hands back a variable built up there (pdf-bot's
    ``new pg.Client(parseConfig())``, ``parseConfig`` setting ``config.host``,
    ``config.ssl``... on ``var config = {}`` and returning it; see the JS
    frontend's ``extra["return_objs"]``); None for anything else."""
    from ..facts import from_json
    from ._resolve import callee_funcs

    call = project.call_of(ff, val)
    if call is None or call.method or call.new:
        return None
    found = callee_funcs(project, ff, call)
    if len(found) != 1 or found[0][0].path != ff.path:
        return None
    fn = found[0][1]
    objs = [item[1] for item in (project.full(ff).extra or {}).get("return_objs") or () if isinstance(item, list) and len(item) == 2 and item[0] == fn.id]
    return from_json("Val", objs[0]) if len(objs) == 1 and isinstance(objs[0], dict) else None


# `process.env.DATABASE_URL`, `process.env['DB_URL'] ?? 'postgres://…'`: a connection string;
# `require('./config')[process.env.NODE_ENV]` is a whole config object
_ENV_READ = lazy_re(r"^(?:process\.env\.\w+|process\.env\[['\"`][\w-]+['\"`]\]|(?:Bun|Deno)\.env\S*|\w+)(?:\s*(?:\|\||\?\?)\s*['\"`][^'\"`]*['\"`])?!?$")


def _py_opts(project: Project, ff: FileFacts, call: Call) -> Val:
    keys = {k: v for k, v in call.kwargs.items() if k != "**"}
    starred = any(a.k == "other" and a.v.startswith("*") for a in call.args)
    spread = call.kwargs.get("**")
    if spread is not None and not starred and call.line == call.end_line and call.text.count("**") == 1:
        got = _property_dict(project, ff, spread)
        if got is not None:
            return Val(k=OBJ, keys={**(got.keys or {}), **keys}, open=got.open, line=got.line)
    return Val(k=OBJ, keys=keys, open=spread is not None or starred)


_ATTR_CHAIN = lazy_re(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")


def _property_dict(project: Project, ff: FileFacts, spread: Val) -> Val | None:
    """``create_engine(url, **settings.database_engine_args)`` with ``settings``
    an instance of a project class (``settings = Settings()``, here or in the
    module it is imported from) whose ``database_engine_args`` is a property
    returning dicts (argilla-server's settings.py): the one dict they make
    (facts ``property_dicts``, merged by ``merge_alternatives``); None when
    the spread is anything else, or the name is bound more than once."""
    from ..facts import from_json
    from ._resolve import last_name, module_and_attr

    if not _ATTR_CHAIN.match(spread.v):
        return None
    obj, _, attr = spread.v.rpartition(".")
    if "." in obj:
        return None
    imp = ff.imports.get(obj, "")
    home = module_and_attr(project, imp, value=True) if imp and imp != obj else (ff, obj)
    if home is None or "." in home[1]:
        return None
    made = [c for c in home[0].calls if c.assigned == home[1] and not c.func]
    if len(made) != 1 or not made[0].callee:
        return None
    callee = made[0].callee
    cls = last_name(callee)
    where = home[0] if callee == cls else (module_and_attr(project, callee) or (None, ""))[0]
    if where is None:
        return None
    ids = {f.id for f in methods_of(where, cls) if f.name == attr}
    for item in (where.extra or {}).get("property_dicts") or ():
        if isinstance(item, list) and len(item) == 2 and item[0] in ids and isinstance(item[1], dict):
            got = from_json("Val", item[1])
            return got if isinstance(got, Val) and got.k == OBJ and got.keys is not None else None
    return None


def _classify(project: Project, ff: FileFacts, call: Call) -> DbPool | None:
    callee = norm_callee(call.callee)
    mk = lambda lib, kind, ctor, opts, url, dialect: DbPool(ff, call, -1, lib, kind, ctor, call.assigned, opts, url, dialect)  # noqa: E731
    if ff.lang in ("js", "ts"):
        return _classify_js(project, ff, call, callee, mk)
    if ff.lang == "py":
        if "." in callee and not callee.startswith("./"):
            # `from kinto.core.utils import sqlalchemy` (a project module that
            # imports the library, maybe under a try): the library's own call
            from ._resolve import imported_name

            callee = imported_name(project, callee)
        return _classify_py(project, ff, call, callee, mk)
    return None


NEON = "@neondatabase/serverless"


def _classify_js(project: Project, ff: FileFacts, call: Call, callee: str, mk) -> DbPool | None:
    if call.new and callee in ("Pool", "Client") and _destructured_from_pg(ff, callee):
        callee = "pg." + callee
    if call.new and callee in ("pg.Pool", "pg.native.Pool", "pg-pool", "pg-pool.Pool", NEON + ".Pool"):
        # Neon's serverless driver is node-postgres over a WebSocket: the same
        # Pool and Client, with the same options and defaults
        opts, url = _js_first_opts(project, ff, call)
        return mk("pg", "pool", "Pool", opts, url, POSTGRES)
    if call.new and callee == "@prisma/adapter-pg.PrismaPg":
        # Prisma 7's driver adapter builds a pg Pool from a pool config;
        # `new PrismaPg(pool)` hands it one that is judged where it is built
        first = _resolve(project, ff, call.args[0]) if call.args else None
        if first is None or first.k != OBJ:
            return None
        opts, url = _js_first_opts(project, ff, call)
        return mk("pg", "pool", "PrismaPg", opts, url, POSTGRES)
    if call.new and callee in ("pg.Client", "pg.native.Client", NEON + ".Client"):
        opts, url = _js_first_opts(project, ff, call)
        return mk("pg", "client", "Client", opts, url, POSTGRES)
    if not call.new and not call.method and callee and _pg_promise_instance(ff, callee, call.line):
        # `const pgp = require('pg-promise')(); const db = pgp(cn)`: a database object on a
        # pg Pool built from the same connection options (max, connectionTimeoutMillis...)
        opts, url = _js_first_opts(project, ff, call)
        return mk("pg", "pool", PG_PROMISE, opts, url, POSTGRES)
    mod, _, fn = callee.rpartition(".")
    if mod in ("mysql2", "mysql2/promise", "mysql", "mariadb", "mariadb/callback") and fn in ("createPool", "createPoolCluster"):
        lib = "mariadb" if mod.startswith("mariadb") else "mysql2"
        kind = "cluster" if fn == "createPoolCluster" else "pool"
        opts, url = _js_first_opts(project, ff, call, "uri")
        return mk(lib, kind, fn, opts, url, MYSQL)
    if callee in ("knex", "knex.knex", "knex.Knex") and not call.new and _import_bound(ff, call, ("knex",)):
        if not call.args:
            return None
        first = _resolve(project, ff, call.args[0])
        if first is None or first.k in (STR, TMPL):
            return None  # knex('users'): a query on an instance named like the factory
        if first.k == OBJ:
            client = _resolve(project, ff, (first.keys or {}).get("client") or (first.keys or {}).get("dialect"))
            dialect = dialect_name(client.v) if client is not None and client.k == STR else ""
            if not dialect:
                dialect = dialect_of_url(project, ff, (first.keys or {}).get("connection"))
            return mk("knex", "pool", "knex", first, (first.keys or {}).get("connection"), dialect)
        return mk("knex", "pool", "knex", None, None, "")
    if call.new and callee in ("sequelize", "sequelize.Sequelize", "sequelize-typescript.Sequelize", "@sequelize/core.Sequelize"):
        return _sequelize(project, ff, call, mk)
    if (call.new and callee == "typeorm.DataSource") or callee in ("typeorm.createConnection", "@nestjs/typeorm.TypeOrmModule.forRoot"):
        return _typeorm(project, ff, call, callee, mk)
    if callee == "postgres" and not call.new and _import_bound(ff, call, ("postgres",)):
        args = [_resolve(project, ff, a) for a in call.args]
        opts = Val(k=OBJ, keys={})
        url = None
        if len(args) == 1 and args[0] is not None:
            if args[0].k == OBJ:
                opts = args[0]
            elif args[0].k in (STR, TMPL, ENV):
                url = args[0]
            else:
                opts = None
        elif len(args) >= 2:
            url = args[0]
            opts = args[1] if args[1] is not None and args[1].k == OBJ else None
        return mk("postgres.js", "pool", "postgres", opts, url, POSTGRES)
    return None


def _typeorm(project: Project, ff: FileFacts, call: Call, callee: str, mk) -> DbPool:
    """A TypeORM DataSource (``new DataSource({type: 'postgres', ...})``, 0.2's
    ``createConnection``, NestJS ``TypeOrmModule.forRoot``): its driver builds
    the pool from ``poolSize`` / ``connectTimeoutMS`` and ``extra`` (pg:
    ``connectionTimeoutMillis: connectTimeoutMS, max: poolSize, ...extra``)."""
    first = _resolve(project, ff, call.args[0]) if call.args else None
    opts = first if first is not None and first.k == OBJ else None
    dialect = ""
    if opts is not None and opts.keys:
        t = _resolve(project, ff, opts.keys.get("type"))
        dialect = dialect_name(t.v) if t is not None and t.k == STR else ""
        if not dialect and t is not None and t.k == IDENT:
            dialect = _tested_dialect(ff, call, t.v)
        if not dialect:
            dialect = dialect_of_url(project, ff, opts.keys.get("url"))
    head = call.args[0] if call.args and opts is None else None
    if not dialect and head is not None and head.k == IDENT and head.v.isidentifier():
        # `if (options.type === 'sqlite') { return createConnection(options); }` (pigallery2)
        dialect = _tested_dialect(ff, call, f"{head.v}.type")
    ctor = "TypeOrmModule.forRoot" if callee.endswith("forRoot") else "DataSource" if call.new else "createConnection"
    return mk("typeorm", "pool", ctor, opts, opts.keys.get("url") if opts is not None and opts.keys else None, dialect)


def _tested_dialect(ff: FileFacts, call: Call, name: str) -> str:
    """The dialect ``call`` is built for when its type is the variable
    ``name`` and it runs only in the ``if`` arm of a test of that variable
    against a dialect's name (saml-jackson: ``if (sqlType === 'mssql') {
    this.dataSource = new DataSource({...baseOpts})``, ``type: sqlType``);
    every such comparison on the test's line must name the same dialect
    (``t === 'postgres' || t === 'cockroachdb'``).  "" when none does."""
    regions = ff.extra.get("branches") if ff.extra else None
    if not regions:
        return ""
    pos = (call.line, call.col)
    same = re.compile(rf"^\s*(?:{re.escape(name)}\s*===?\s*['\"]([\w-]+)['\"]|['\"]([\w-]+)['\"]\s*===?\s*{re.escape(name)})\s*$")
    mention = re.compile(rf"(?<![\w.$]){re.escape(name)}(?![\w$])")
    for bl, _bc, arm, sl, sc, el, ec in regions:
        if arm != 0 or not (sl, sc) <= pos <= (el, ec):
            continue
        found = set()
        for cmp in ff.extra.get("compares", ()):
            if isinstance(cmp, list) and len(cmp) >= 3 and cmp[0] == bl and mention.search(str(cmp[2])):
                m = same.match(str(cmp[2]))
                found.add(dialect_name(m.group(1) or m.group(2)) if m else "")
        if len(found) == 1 and "" not in found:
            return found.pop()
    return ""


def built_off_postgres(ff: FileFacts, call: Call, url: Val | None) -> bool:
    """``call`` runs only where the URL it is given (a plain name) is known not to
    be a Postgres one: in the ``else``/``elif`` arm of ``if url.startswith("postgresql"):``
    in the same function (docassemble's ``create_engine(url, pool_pre_ping=...)``
    beside the Postgres engine built in the ``if`` arm)."""
    if url is None or url.k != IDENT:
        return False
    pos = (call.line, call.col)
    for rec in ff.extra.get("prefix_ifs", ()) if ff.extra else ():
        if not (isinstance(rec, list) and len(rec) == 12) or rec[1] != call.func or rec[2] != url.v:
            continue
        if str(rec[3]).lower().rstrip(":/") in ("postgres", "postgresql") and (rec[8], rec[9]) <= pos <= (rec[10], rec[11]):
            return True
    return False


def _pg_promise_instance(ff: FileFacts, name: str, line: int) -> bool:
    """``name`` holds pg-promise's initialised library (``const pgp =
    require('pg-promise')(options)``, ``pgPromise({...})``), assigned in this
    file before ``line``."""
    return any(c.callee == PG_PROMISE and c.line <= line for c in calls_assigned(ff, {name}))


def _destructured_from_pg(ff: FileFacts, name: str) -> bool:
    """``import pg from 'pg'; const { Pool } = pg;`` leaves ``Pool`` unresolved in
    the facts: accept it when the file imports pg and binds ``Pool`` nowhere else."""
    if "pg" not in ff.modules or name in ff.imports:
        return False
    classes = ff.extra.get("classes", []) if ff.extra else []
    if any(isinstance(k, dict) and k.get("name") == name for k in classes):
        return False
    return not any(f.name == name for f in ff.funcs)


def _sequelize(project: Project, ff: FileFacts, call: Call, mk) -> DbPool:
    args = [_resolve(project, ff, a) for a in call.args]
    opts: Val | None
    url: Val | None = None
    if not args:
        opts = Val(k=OBJ, keys={})
    elif len(args) in (2, 4) or (args[-1] is not None and args[-1].k == OBJ):
        opts = args[-1] if args[-1] is not None and args[-1].k == OBJ else None
        if len(args) == 2:
            url = args[0]
    elif len(args) == 1 and args[0] is not None and args[0].k in (STR, TMPL, ENV):
        opts, url = Val(k=OBJ, keys={}), args[0]
    elif len(args) == 3:
        opts = Val(k=OBJ, keys={})
    else:
        opts = None
    dialect = ""
    if opts is not None and opts.keys:
        d = _resolve(project, ff, opts.keys.get("dialect"))
        if d is not None and d.k == STR:
            dialect = dialect_name(d.v)
        if not dialect and "url" in opts.keys:
            url = opts.keys["url"]
    if not dialect:
        dialect = dialect_of_url(project, ff, url)
    return mk("sequelize", "pool", "Sequelize", opts, url, dialect)


_PY_CTORS = {
    "asyncpg.create_pool": ("asyncpg", "pool", "create_pool", POSTGRES),
    "asyncpg.pool.create_pool": ("asyncpg", "pool", "create_pool", POSTGRES),
    "psycopg_pool.ConnectionPool": ("psycopg_pool", "pool", "ConnectionPool", POSTGRES),
    "psycopg_pool.AsyncConnectionPool": ("psycopg_pool", "pool", "AsyncConnectionPool", POSTGRES),
    "psycopg_pool.NullConnectionPool": ("psycopg_pool", "pool", "NullConnectionPool", POSTGRES),
    "psycopg_pool.AsyncNullConnectionPool": ("psycopg_pool", "pool", "AsyncNullConnectionPool", POSTGRES),
    "psycopg2.pool.SimpleConnectionPool": ("psycopg2", "pool", "SimpleConnectionPool", POSTGRES),
    "psycopg2.pool.ThreadedConnectionPool": ("psycopg2", "pool", "ThreadedConnectionPool", POSTGRES),
    "psycopg2.pool.PersistentConnectionPool": ("psycopg2", "pool", "PersistentConnectionPool", POSTGRES),
    "aiopg.create_pool": ("aiopg", "pool", "create_pool", POSTGRES),
    "aiopg.sa.create_engine": ("aiopg", "engine", "create_engine", POSTGRES),
    "aiomysql.create_pool": ("aiomysql", "pool", "create_pool", MYSQL),
    "aiomysql.sa.create_engine": ("aiomysql", "engine", "create_engine", MYSQL),
    "mysql.connector.pooling.MySQLConnectionPool": ("mysql-connector", "pool", "MySQLConnectionPool", MYSQL),
    "oracledb.create_pool": ("oracledb", "pool", "create_pool", ORACLE),
    "oracledb.create_pool_async": ("oracledb", "pool", "create_pool_async", ORACLE),
}


# Twisted's adbapi pool: ``ConnectionPool("psycopg2", host=..., cp_max=5)``, the DB-API module's name first (or
# ``dbapiName=``), the rest handed to its ``connect()`` but for the pool's own ``cp_*`` options
_ADBAPI_POOLS = ("twisted.enterprise.adbapi.ConnectionPool",)


@per_project
def _adbapi_subclasses(project: Project) -> frozenset[str]:
    """Names of the project's Python classes that extend Twisted's adbapi
    ``ConnectionPool``, directly or through project classes (three levels):
    cowrie's ``class ReconnectingPostgreSQLConnectionPool(adbapi.ConnectionPool)``."""
    classes = [(str(c.get("name", "")), [str(b) for b in c.get("bases") or () if isinstance(b, str)])
               for ff in project.code_files() if ff.lang == "py" and ff.extra
               for c in ff.extra.get("classes") or () if isinstance(c, dict)]
    names: set[str] = set()
    for _ in range(3):
        names |= {n for n, bases in classes if any(b in _ADBAPI_POOLS or b.rsplit(".", 1)[-1] in names for b in bases)}
    return frozenset(names)


def _classify_adbapi(project: Project, ff: FileFacts, call: Call, mk) -> DbPool:
    """An adbapi pool: its dialect is the DB-API module's (``"psycopg2"``,
    ``"MySQLdb"``, ``"mysql.connector"``, ``"sqlite3"``; unknown when the name
    is not a literal), its options the keywords (``cp_max``, the driver's
    ``options``), its URL a psycopg2 ``dsn`` (keyword or second argument)."""
    name = _resolve(project, ff, call.args[0] if call.args else call.kwargs.get("dbapiName"))
    driver = name.v if name is not None and name.k == STR else ""
    dialect = (_PY_DRIVERS.get(driver) or _PY_DRIVERS.get(driver.split(".", 1)[0], "")) if driver else ""
    opts = _py_opts(project, ff, call)
    if opts.keys:
        opts.keys.pop("dbapiName", None)
    url = call.kwargs.get("dsn") or (call.args[1] if len(call.args) > 1 and dialect == POSTGRES else None)
    return mk("adbapi", "pool", "ConnectionPool", opts, url, dialect)


# Flask-SQLAlchemy: ``db = SQLAlchemy(app)`` builds a SQLAlchemy engine whose
# options come from ``engine_options=`` and the app's configuration
_FSA_CTORS = frozenset({"flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy"})
_FSA_OPTIONS = "SQLALCHEMY_ENGINE_OPTIONS"
_FSA_URL = "SQLALCHEMY_DATABASE_URI"
# Flask-SQLAlchemy 2.x keys and the create_engine option each one sets
_FSA_KEYS = {
    "SQLALCHEMY_POOL_SIZE": "pool_size",
    "SQLALCHEMY_POOL_TIMEOUT": "pool_timeout",
    "SQLALCHEMY_MAX_OVERFLOW": "max_overflow",
    "SQLALCHEMY_POOL_RECYCLE": "pool_recycle",
}
_FSA_ALL = frozenset({_FSA_OPTIONS, _FSA_URL, *_FSA_KEYS})
# configuration read from outside the code (a file, the environment): it may set any key
_CONFIG_FROM_OUTSIDE = frozenset({"from_pyfile", "from_envvar", "from_file", "from_prefixed_env"})
_CONFIG_ITEM = lazy_re(r"""\[\s*['"](SQLALCHEMY_\w+)['"]\s*\]$""")
# loaders that run a Python file named at run time (a deployment's config.py) as a module
_FILE_LOADERS = frozenset({"imp.load_source", "importlib.machinery.SourceFileLoader", "importlib.util.spec_from_file_location"})


def _loaded_from_file(project: Project, ff: FileFacts, call: Call) -> bool:
    """``call`` (``app.config.from_object(obj)``) hands Flask an object the
    code takes from a Python file it loads at run time, which may set any key
    (module-build-service: ``conf, config_section = init_config()``, where
    ``init_config()`` runs ``imp.load_source(..., "/etc/module-build-service/config.py")``
    and picks a class of that module): ``obj`` is a module-level name (of
    this file or imported, or a local of the calling function) that such a
    loader's call, or a project function calling one, assigns."""
    from ._resolve import callee_funcs, module_and_attr

    arg = call.args[0] if call.args else call.kwargs.get("obj")
    if arg is None or arg.k != IDENT:
        return False
    home = module_and_attr(project, arg.v) if "." in arg.v else (ff, arg.v)
    if home is None or home[0].lang != "py":
        return False
    tff, attr = home
    for c in tff.calls:
        if c.func not in ("", call.func if tff is ff else "") or attr not in (t.strip() for t in c.assigned.split(",")):
            continue
        if norm_callee(c.callee) in _FILE_LOADERS or any(
                norm_callee(x.callee) in _FILE_LOADERS for hf, fn in callee_funcs(project, tff, c) for x in project.calls_in(hf, fn.id, nested=True)):
            return True
    return False


def _flask_config(project: Project, path: str) -> tuple[list[tuple[str, Val | None, FileFacts]], bool]:
    """Every Flask-SQLAlchemy setting the code that runs with ``path`` makes
    (config class and module constants, ``app.config[KEY] = ...``,
    ``config.update(KEY=...)``, ``setdefault``), and whether configuration is
    also read from outside the code (``from_pyfile``, ``from_envvar``,
    ``from_file``, ``from_prefixed_env``, ``from_object`` of an object taken
    from a Python file loaded at run time, or ``update``/``from_mapping`` of a
    mapping we cannot read)."""
    from ..facts import from_json
    from ._resolve import scope_files

    files = scope_files(project, path)  # one list object per scope
    memo = project.__dict__.setdefault("_rs_flask_config", {})
    got = memo.get(id(files))
    if got is not None:
        return got
    entries: list[tuple[str, Val | None, FileFacts]] = []
    outside = False
    for ff in files:
        if ff.lang != "py" or ff.shallow:
            continue
        for name, v in ff.consts.items():
            if name.rsplit(".", 1)[-1] in _FSA_ALL:
                entries.append((name.rsplit(".", 1)[-1], v, ff))
        # (a `config.update(layer_config)` of a Keras layer's get_config() in a
        # module that does not import Flask is no Flask configuration: dioptra)
        flask = any(m.split(".", 1)[0] in ("flask", "flask_sqlalchemy") for m in ff.modules) or "app.config" in " ".join(ff.attrs)
        for c in ff.calls:
            if not c.method or "config" not in c.recv.lower():
                continue
            if not flask and not c.recv.endswith(("app.config", "current_app.config")):
                continue
            if c.method in _CONFIG_FROM_OUTSIDE or (c.method == "from_object" and _loaded_from_file(project, ff, c)):
                outside = True
            elif c.method in ("update", "from_mapping"):
                entries.extend((k, v, ff) for k, v in c.kwargs.items() if k in _FSA_ALL)
                if "**" in c.kwargs:
                    outside = True
                for arg in c.args:
                    mapping = _resolve(project, ff, arg)
                    if mapping is None or mapping.k != OBJ or mapping.open:
                        outside = True
                    else:
                        entries.extend((k, v, ff) for k, v in (mapping.keys or {}).items() if k in _FSA_ALL)
            elif c.method == "setdefault" and c.args and c.args[0].k == STR and c.args[0].v in _FSA_ALL:
                entries.append((c.args[0].v, c.args[1] if len(c.args) > 1 else None, ff))
        for item in ff.extra.get("assigns") or [] if ff.extra else []:  # only what frontends/_assigns.py keeps
            m = _CONFIG_ITEM.search(str(item[0])) if item else None
            if m and m.group(1) in _FSA_ALL:
                raw = item[3] if len(item) > 3 else None
                entries.append((m.group(1), from_json("Val", raw) if isinstance(raw, dict) else None, ff))
    got = memo[id(files)] = (entries, outside)
    return got


# the methods of Flask-SQLAlchemy 2.x/3.x that build the engine: a subclass
# overriding one may set any option
_FSA_ENGINE_METHODS = frozenset({"apply_driver_hacks", "apply_pool_defaults", "create_engine", "get_engine", "make_connector",
                                 "_make_engine", "_apply_driver_defaults", "init_app"})


def _fsa_subclasses(project: Project) -> dict[tuple[str, str], bool]:
    """The project's classes built on Flask-SQLAlchemy's ``SQLAlchemy``
    (Indico's ``class IndicoSQLAlchemy(SQLAlchemy)``), through up to three
    project classes: (file, class) -> whether it, or a project class between
    it and the extension, overrides a method that builds the engine."""
    got = _FSA_SUB_CACHE.get(project)
    if got is not None:
        return got
    from ._resolve import module_and_attr

    classes: list[tuple[FileFacts, str, list[str], bool]] = []
    for ff in project.parsed_code_files():
        if ff.lang != "py" or not ff.extra:
            continue
        for c in ff.extra.get("classes") or []:
            if isinstance(c, dict) and c.get("bases"):
                bases = [str(b) for b in c["bases"] if isinstance(b, str)]
                overrides = any(f.cls == c["name"] for m in _FSA_ENGINE_METHODS for f in project.funcs_named(ff, m)) or any(
                    f.cls == c["name"] and _init_sets_engine(project, ff, f) for f in project.funcs_named(ff, "__init__"))
                classes.append((ff, str(c["name"]), bases, overrides))
    out: dict[tuple[str, str], bool] = {}
    for ff, name, bases, overrides in classes:
        if any(norm_callee(b) in _FSA_CTORS for b in bases):
            out[(ff.path, name)] = overrides
    for _ in range(2):
        if not out:
            break
        names = {n for _p, n in out}
        for ff, name, bases, overrides in classes:
            if (ff.path, name) in out:
                continue
            for b in bases:
                if b.rsplit(".", 1)[-1] not in names:
                    continue
                home = (ff, b) if "." not in b else module_and_attr(project, b)
                if home is not None and (home[0].path, home[1]) in out:
                    out[(ff.path, name)] = overrides or out[(home[0].path, home[1])]
                    break
    _FSA_SUB_CACHE[project] = out
    return out


def _init_sets_engine(project: Project, ff: FileFacts, f: Func) -> bool:
    """A subclass's ``__init__`` that hands the extension engine options of its
    own (``super().__init__(engine_options=...)``, ``kwargs.setdefault("engine_options", ...)``)."""
    for c in project.calls_in(ff, f.id):
        if "engine_options" in c.kwargs or any(a.k == STR and a.v == "engine_options" for a in c.args):
            return True
    return False


def _fsa_subclass(project: Project, ff: FileFacts, callee: str) -> bool | None:
    """``callee`` constructs a project subclass of Flask-SQLAlchemy's extension:
    whether it overrides the engine's construction; None when it is no such class."""
    subs = _fsa_subclasses(project)
    if not subs or callee.rsplit(".", 1)[-1] not in {n for _p, n in subs}:
        return None
    if "." not in callee:
        return subs.get((ff.path, callee))
    from ._resolve import module_and_attr

    home = module_and_attr(project, callee)
    return subs.get((home[0].path, home[1])) if home is not None else None


def _classify_flask(project: Project, ff: FileFacts, call: Call, mk, engine_overridden: bool = False) -> DbPool:
    """The engine of a Flask-SQLAlchemy extension (or of a project subclass of
    it): its options are ``engine_options=`` merged with every
    SQLALCHEMY_ENGINE_OPTIONS (and 2.x pool key) the code sets; a key any of
    them sets counts as set, and a value we cannot read, configuration read
    from outside the code, or a subclass building the engine itself leaves the
    options open."""
    entries, outside = _flask_config(project, ff.path)
    keys: dict[str, Val] = {}
    is_open = outside or engine_overridden or "**" in call.kwargs or any(a.k == "other" and a.v.startswith("*") for a in call.args)
    sources: list[tuple[Val | None, FileFacts]] = [(call.kwargs["engine_options"], ff)] if "engine_options" in call.kwargs else []
    sources += [(v, f) for k, v, f in entries if k == _FSA_OPTIONS]
    for v, f in sources:
        v = _resolve(project, f, v)
        if v is None or v.k != OBJ:
            is_open = True
            continue
        is_open = is_open or v.open
        for k, sub in (v.keys or {}).items():
            keys.setdefault(k, sub)
    for k, v, _f in entries:
        if k in _FSA_KEYS:
            keys.setdefault(_FSA_KEYS[k], v if v is not None else Val(k=OTHER, v=k))
    urls = [(v, f) for k, v, f in entries if k == _FSA_URL]
    dialects = {dialect_of_url(project, f, v) for v, f in urls}
    dialect = dialects.pop() if len(dialects) == 1 else ""
    url = urls[0][0] if len(urls) == 1 and urls[0][1] is ff else None
    return mk("sqlalchemy", "engine", "SQLAlchemy", Val(k=OBJ, keys=keys, open=is_open), url, dialect)


def _classify_py(project: Project, ff: FileFacts, call: Call, callee: str, mk) -> DbPool | None:
    if callee in _FSA_CTORS:
        return _classify_flask(project, ff, call, mk)
    overridden = _fsa_subclass(project, ff, callee) if callee.rsplit(".", 1)[-1] not in _CTOR_NAMES else None
    if overridden is not None:
        return _classify_flask(project, ff, call, mk, overridden)
    if callee in _ADBAPI_POOLS or (ff.lang == "py" and callee.rsplit(".", 1)[-1] in _adbapi_subclasses(project)):
        return _classify_adbapi(project, ff, call, mk)
    for prefix in ("psycopg_pool.pool.", "psycopg_pool.base.", "asyncpg.pool."):
        if callee.startswith(prefix) and callee.count(".") == prefix.count("."):
            callee = prefix.split(".")[0] + "." + callee.rsplit(".", 1)[-1]
    spec = _PY_CTORS.get(callee)
    if spec is not None:
        lib, kind, ctor, dialect = spec
        opts = _py_opts(project, ff, call)
        if lib == "oracledb" and "params" in call.kwargs:
            opts.open = True  # `params=oracledb.PoolParams(max=..., getmode=...)` may set any option
        url_key = {"asyncpg": "dsn", "psycopg_pool": "conninfo", "psycopg2": "dsn", "aiopg": "dsn"}.get(lib, "")
        url = call.kwargs.get(url_key) if url_key else None
        if url is None and lib in ("asyncpg", "psycopg_pool", "aiopg") and call.args:
            url = call.args[0]
        if url is None and lib == "psycopg2" and len(call.args) >= 3:
            url = call.args[2]
        pool = mk(lib, kind, ctor, opts, url, dialect)
        pool.not_pooled = "Null" in ctor
        return pool
    head, _, fn = callee.partition(".")
    if head in _PY_PREFIXES and fn.rsplit(".", 1)[-1] in ("create_engine", "create_async_engine"):
        opts = _py_opts(project, ff, call)
        url = call.kwargs.get("url") or (call.args[0] if call.args else None)
        pool = mk("sqlalchemy", "engine", fn.rsplit(".", 1)[-1], opts, url, _engine_dialect(project, ff, call, url, opts))
        pc = opts.keys.get("poolclass") if opts.keys else None
        if pc is not None and pc.k in (IDENT, CALL, STR) and re.search(r"(NullPool|StaticPool|SingletonThreadPool|AssertionPool)$", pc.v):
            pool.not_pooled = True
        return pool
    if head in _PY_PREFIXES and fn.rsplit(".", 1)[-1] in ("engine_from_config", "async_engine_from_config"):
        # the pool options live in the configuration mapping (`<prefix>pool_size`):
        # whatever it holds is unknown here, so only option-free rules judge it
        url = call.kwargs.get("url")
        opts = Val(k=OBJ, keys={}, open=True)
        return mk("sqlalchemy", "engine", fn.rsplit(".", 1)[-1], opts, url, dialect_of_url(project, ff, url))
    return None


def _engine_dialect(project: Project, ff: FileFacts, call: Call, url: Val | None, opts: Val) -> str:
    """The dialect of a SQLAlchemy engine built by ``call`` (``create_engine``,
    or a caller of a pass-through factory) from ``url`` with options ``opts``:
    the URL's, else SQLite when the call runs only in a branch that tests for
    it or passes a sqlite-only connect argument."""
    dialect = dialect_of_url(project, ff, url)
    if dialect == SQLITE and url is not None and _postgres_in_other_arm(ff, call, url):
        dialect = POSTGRES  # the SQLite URL is one arm's; the other arm's is Postgres
    if not dialect and _in_sqlite_branch(ff, call):
        dialect = SQLITE  # `if url.startswith("sqlite"): engine = create_async_engine(url, ...)`
    state, connect_args = lookup(project, ff, opts, "connect_args") if not dialect else (ABSENT, None)
    if state == SET and connect_args is not None and connect_args.v != BRANCH and _sets_check_same_thread(project, ff, connect_args):
        dialect = SQLITE  # a sqlite-only connect argument (set whatever the URL: one a branch on the URL adds is no such evidence)
    if not dialect and _named_for_sqlite(project, ff, call):
        dialect = SQLITE  # prefect's `class AioSqliteConfiguration: async def engine(self): create_async_engine(self.connection_url, ...)`
    if not dialect and any(lookup(project, ff, opts, key)[0] == SET for key in _BIGQUERY_ENGINE_ARGS):
        # create_engine(uri, credentials_info=...): arguments only sqlalchemy-bigquery's dialect
        # takes (SQLAlchemy rejects an engine argument no dialect consumes), a URL from settings
        dialect = dialect_name("bigquery")
    return dialect


def _sets_check_same_thread(project: Project, ff: FileFacts, connect_args: Val) -> bool:
    """``connect_args`` gives sqlite3's ``check_same_thread`` whichever way it
    is built: not a key only one arm of a choice of dicts sets
    (``{"check_same_thread": True} if "sqlite" in uri else {}``, merged to an
    opaque value by :func:`merge_alternatives`), which a branch on the URL adds."""
    state, got = lookup(project, ff, connect_args, "check_same_thread")
    return state == SET and got is not None and got.k != OTHER


# create_engine arguments of sqlalchemy-bigquery's dialect (a service account's key, or its file)
_BIGQUERY_ENGINE_ARGS = ("credentials_info", "credentials_path")


def _named_for_sqlite(project: Project, ff: FileFacts, call: Call) -> bool:
    """The engine is built in a function, or a method of a class, whose name
    says SQLite (``AioSqliteConfiguration.engine``, ``def sqlite_engine()``):
    a URL read from settings there is a SQLite file's, the sibling class or
    function for Postgres builds its own engine."""
    fn = project.funcs(ff).get(call.func) if call.func else None
    while fn is not None:
        if "sqlite" in fn.name.lower() or "sqlite" in fn.cls.lower():
            return True
        fn = project.funcs(ff).get(fn.parent) if fn.parent else None
    return False


def _in_sqlite_branch(ff: FileFacts, call: Call) -> bool:
    """``call`` runs only in the ``if`` arm of a test for SQLite: ``if
    url.startswith("sqlite"):`` or ``if settings.DB_ENGINE == "sqlite":``
    (skyvern's engine factory builds its SQLite engine there, the pooled
    Postgres one after it)."""
    regions = ff.extra.get("branches") if ff.extra else None
    if not regions:
        return False
    pos = (call.line, call.col)
    for bl, _bc, arm, sl, sc, el, ec in regions:
        if arm == 0 and (sl, sc) <= pos <= (el, ec) and _tests_sqlite(ff, bl):
            return True
    return False


def _postgres_in_other_arm(ff: FileFacts, call: Call, url: Val) -> bool:
    """The engine's URL is bound in one arm of an ``if`` that ``call`` does
    not run in, and another arm of that ``if`` names a Postgres URL scheme in
    a call's string (cashu's Database: ``database_uri.replace("postgresql://",
    "postgresql+asyncpg://")`` when the location is a URL, else
    ``database_uri = f"sqlite+aiosqlite:///{path}"``, then one
    ``create_async_engine(database_uri, **kwargs)`` after the ``if``): the
    SQLite URL is that arm's only, the engine is Postgres on the other path."""
    regions = ff.extra.get("branches") if ff.extra else None
    if not regions or not url.line:
        return False
    pos = (call.line, call.col)
    for bl, bc, arm, sl, sc, el, ec in regions:
        if not sl <= url.line <= el or (sl, sc) <= pos <= (el, ec):
            continue
        for bl2, bc2, arm2, sl2, sc2, el2, ec2 in regions:
            if (bl2, bc2) == (bl, bc) and arm2 != arm and _names_postgres_scheme(ff, (sl2, sc2), (el2, ec2)):
                return True
    return False


def _names_postgres_scheme(ff: FileFacts, start: tuple[int, int], end: tuple[int, int]) -> bool:
    """A call between ``start`` and ``end`` is handed a string naming a Postgres URL scheme (``"postgresql+asyncpg://"``)."""
    for c in ff.calls:
        if start <= (c.line, c.col) <= end:
            for v in c.args:
                m = _SCHEME.search(v.v) if v.k in (STR, TMPL) else None
                if m is not None and dialect_name(m.group(1)) == POSTGRES:
                    return True
    return False


def _tests_sqlite(ff: FileFacts, line: int) -> bool:
    for c in calls_at(ff, line):
        if c.method == "startswith" and c.args and c.args[0].k == STR and c.args[0].v.lower().startswith("sqlite"):
            return True
    for cmp in ff.extra.get("compares", ()) if ff.extra else ():
        if isinstance(cmp, list) and len(cmp) >= 3 and cmp[0] == line and "==" in str(cmp[2]) and "sqlite" in str(cmp[2]).lower():
            return True
    return False


# --------------------------------------------------------------------------- public API
# the last name of every callee ``_classify`` recognises (``default``: ``knex.default``
# is normalised to ``knex``), a cheap gate before it
_CTOR_NAMES = frozenset(
    {"Pool", "Client", "pg-pool", "createPool", "createPoolCluster", "knex", "Knex", "sequelize", "Sequelize", "postgres", "default",
     "DataSource", "createConnection", "forRoot", "PrismaPg"}
    | {c.rsplit(".", 1)[-1] for c in _PY_CTORS}
    | {"create_engine", "create_async_engine", "engine_from_config", "async_engine_from_config", "SQLAlchemy"}
)
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_FSA_SUB_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def db_pools(project: Project) -> list[DbPool]:
    """Every SQL pool/engine/client construction in the project, in file order."""
    got = _CACHE.get(project)
    if got is not None:
        return got
    out: list[DbPool] = []
    subclasses = {n for _p, n in _fsa_subclasses(project)} | _adbapi_subclasses(project)
    for ff in project.code_files():
        # the names holding pg-promise's initialised library (`const pgp = require('pg-promise')()`)
        pgp = {c.assigned for c in ff.calls if c.callee == PG_PROMISE and c.assigned} if ff.lang != "py" else set()
        for i, call in enumerate(ff.calls):
            last = call.callee.rsplit(".", 1)[-1]
            if last not in _CTOR_NAMES and (last not in subclasses or ff.lang != "py") and call.callee not in pgp:
                continue
            pool = _classify(project, ff, call)
            if pool is not None:
                pool.index = i
                if not pool.name:
                    pool.name = _assigned_through(ff, call)
                out.append(pool)
    out = _through_wrappers(project, out)
    _CACHE[project] = out
    return out


def _pass_through(ff: FileFacts, pool: DbPool) -> int | None:
    """A module-level function that builds the pool from what its caller
    passes: Python ``def make_engine(url, **kwargs): return create_engine(url,
    **kwargs)`` (open.webui's ``_create_async_engine``; -1), or a JS
    ``function makePool(opts) { return new pg.Pool(opts) }`` whose options are
    a parameter (graphile-worker's ``makeNewPool``; the parameter's position).
    None for any other pool."""
    call = pool.call
    if not call.func:
        return None
    if ff.lang == "py" and (pool.name != "return" or "**" not in call.kwargs):
        return None
    if ff.lang in ("js", "ts") and (pool.opts is not None or not call.args or call.args[0].k != IDENT):
        return None
    fn = next((f for f in ff.funcs if f.id == call.func), None)
    if fn is None or fn.cls or fn.parent or not fn.params or fn.name == "<anon>":
        return None
    if ff.lang == "py":
        spread = call.kwargs["**"].v
        return -1 if any(re.search(rf"\b{re.escape(p)}\b", spread) for p in fn.params) else None
    if ff.lang in ("js", "ts") and call.args[0].v in fn.params:
        return fn.params.index(call.args[0].v)
    return None


def _through_wrappers(project: Project, pools: list[DbPool]) -> list[DbPool]:
    """Pools built through a pass-through factory (:func:`_pass_through`) are
    judged at its callers, with the options each caller passes (the factory's
    own call has open or unknown options and would say nothing)."""
    wrappers: dict[tuple[str, str], tuple[DbPool, int]] = {}
    for p in pools:
        pos = _pass_through(p.ff, p)
        if pos is not None:
            wrappers[(p.ff.path, next(f.name for f in p.ff.funcs if f.id == p.call.func))] = (p, pos)
    if not wrappers:
        return pools
    from ._resolve import module_and_attr

    found: dict[tuple[str, str], list[DbPool]] = {}
    names = {name for _path, name in wrappers}
    for ff in project.parsed_code_files():
        for i, call in enumerate(ff.calls):
            # (a cheap gate: resolving every dotted callee could parse modules on demand)
            if call.method or not call.callee or call.callee.rsplit(".", 1)[-1] not in names:
                continue
            key: tuple[str, str] | None = (ff.path, call.callee) if (ff.path, call.callee) in wrappers else None
            if key is None and "." in call.callee:
                target = module_and_attr(project, call.callee)
                if target is not None and (target[0].path, target[1]) in wrappers:
                    key = (target[0].path, target[1])
            if key is None:
                continue
            inner, pos = wrappers[key]
            pool = _at_caller(project, ff, call, i, inner, pos)
            if pool is not None:
                found.setdefault(key, []).append(pool)
    if not found:
        return pools
    replaced = {id(wrappers[k][0]) for k in found}
    out = [p for p in pools if id(p) not in replaced]
    for extra in found.values():
        out.extend(extra)
    out.sort(key=lambda p: (p.ff.path, p.call.line, p.call.col))
    return out


def _at_caller(project: Project, ff: FileFacts, call: Call, index: int, inner: DbPool, pos: int) -> DbPool | None:
    """The pool of a pass-through factory as one caller builds it (None when
    the caller is of another language or passes nothing in the options' place)."""
    name = call.assigned or _assigned_through(ff, call)
    if pos < 0:
        if ff.lang != "py":
            return None
        keys = {k: v for k, v in inner.call.kwargs.items() if k != "**"}
        keys.update({k: v for k, v in call.kwargs.items() if k != "**"})
        opts = Val(k=OBJ, keys=keys, open="**" in call.kwargs)
        passed = _spread_param_passed(inner, call)
        if passed is not None:
            opts = _with_passed_dict(project, ff, keys, passed)
        url = call.kwargs.get("url") or (call.args[0] if call.args else None)
        # (the caller's call and options: `_create_engine(url, connect_args={"check_same_thread": False})`)
        dialect = _engine_dialect(project, ff, call, url, opts) if inner.library == "sqlalchemy" else dialect_of_url(project, ff, url)
        pool = DbPool(ff, call, index, inner.library, inner.kind, inner.ctor, name, opts, url, dialect)
        pc = (opts.keys or {}).get("poolclass")
        pool.not_pooled = pc is not None and pc.k in (IDENT, CALL, STR) and bool(re.search(r"(NullPool|StaticPool|SingletonThreadPool|AssertionPool)$", pc.v))
        return pool
    if ff.lang not in ("js", "ts") or pos >= len(call.args):
        return None
    # the caller's value stands for the parameter: the factory's own call,
    # classified again with it (resolved where the caller wrote it)
    arg = _resolve(project, ff, call.args[pos])
    if arg is None:
        return None
    args = list(inner.call.args)
    args[0] = arg
    again = Call(callee=inner.call.callee, new=inner.call.new, args=args, kwargs=inner.call.kwargs, line=inner.call.line, col=inner.call.col, text=inner.call.text)
    got = _classify(project, inner.ff, again)
    if got is None:
        return None
    return DbPool(ff, call, index, got.library, got.kind, got.ctor, name or (inner.name if inner.name != "return" else ""), got.opts, got.url,
                  got.dialect or dialect_of_url(project, ff, got.url))


def _spread_param_passed(inner: DbPool, call: Call) -> str | None:
    """The keyword by which ``call`` passes the dict a factory spreads into the
    pool (Airflow's ``create_metadata_engine(url, *, engine_args, ...)``:
    ``create_engine(url, **engine_args)``, called with ``engine_args=args``),
    or None (``def make(url, **kwargs)``: the caller's own keywords are the options)."""
    params = next((f.params for f in inner.ff.funcs if f.id == inner.call.func), [])
    spread = re.sub(r"(['\"]).*?\1", "", inner.call.kwargs["**"].v)  # names, not the text of a string key
    return next((k for k in call.kwargs if k in params and re.search(rf"\b{re.escape(k)}\b", spread)), None)


def _with_passed_dict(project: Project, ff: FileFacts, keys: dict[str, Val], name: str) -> Val:
    """The options of a factory's pool whose caller passes the dict it spreads
    as the keyword ``name``: the dict's keys in place of that keyword, open
    when the dict is not seen whole (a function's result, ``conf.getjson(...)``)."""
    passed = _resolve(project, ff, keys.pop(name))
    if passed is None or passed.k != OBJ or passed.keys is None:
        return Val(k=OBJ, keys=keys, open=True)
    return Val(k=OBJ, keys={**keys, **passed.keys}, open=passed.open)


_TARGET = lazy_re(r"^(?:this\.|self\.)?[A-Za-z_$][\w$]*$")


def _assigned_through(ff: FileFacts, call: Call) -> str:
    """The variable a construction ends up in when it is one operand of the
    assigned expression (``const pool = global.pgPool ?? new Pool()``)."""
    best = ""
    best_line = -1
    for entry in ff.extra.get("assigns", []) or [] if ff.extra else []:  # only what frontends/_assigns.py keeps
        if not isinstance(entry, (list, tuple)) or len(entry) < 5:
            continue
        target, func, line, _val, names = entry[0], entry[1], entry[2], entry[3], entry[4]
        if func != call.func or not isinstance(line, int) or line > call.line or line <= best_line:
            continue
        if call.callee in (names or []) and isinstance(target, str) and _TARGET.match(target) \
                and not _holds_own_construction(ff, call, _val):
            best, best_line = target, line
    return best


def _holds_own_construction(ff: FileFacts, call: Call, val: object) -> bool:
    """The assigned value is another construction of the same kind, whole
    (behind an ``await``/``yield``), not ``call``: ``const tmpConn = yield
    createConnection(tmp)``, then ``return yield createConnection(options)``
    a few lines on, is no second assignment to ``tmpConn``."""
    if not isinstance(val, dict):
        return False
    idx, text = val.get("call"), str(val.get("v", ""))
    for i, c in enumerate(ff.calls):
        if c is call or c.callee != call.callee or c.func != call.func:
            continue
        if idx == i or (c.text and text in (c.text, f"await {c.text}", f"yield {c.text}")):
            return True
    return False


def is_sql_receiver(project: Project, ff: FileFacts, call: Call) -> DbPool | None:
    """The pool a method call is made on (``pool.query``, ``this.pool.query``,
    ``db.raw``), when its receiver is a known SQL pool variable of the same
    file or its receiver type is a pool constructor."""
    for pool in db_pools(project):
        if pool.ff is ff and pool.name and call.recv and (call.recv == pool.name or call.recv.rsplit(".", 1)[-1] == pool.short_name):
            return pool
    for pool in db_pools(project):
        if call.recv_type and call.recv_type == pool.call.callee:
            return pool
    return None
