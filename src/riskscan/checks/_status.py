"""Status/state updates and their guards, for RS304.

``status_updates(project)`` finds every statement that sets a ``status`` /
``state`` column (``*_status``/``*_state`` too):

* raw SQL ``UPDATE t SET status = …`` in strings, templates, tagged
  templates and f-strings passed to any call (executors, ``text()``, ``sql``
  tags, project helpers), resolved through constants;
* query builders / ORMs: knex ``.update({status})``, Kysely
  ``updateTable().set({status})``, Drizzle ``update(t).set({status})``,
  TypeORM ``repo.update(criteria, {status})`` and query builders, Sequelize
  ``Model.update({status}, {where})``, Prisma ``model.update({where, data})``,
  Objection ``patch/update``, SQLAlchemy ``update(T).values(status=…)`` and
  ``query(T).filter(…).update({…})``, Django ``.filter(…).update(status=…)``,
  Peewee / Tortoise ``Model.update(status=…).where(…)``.

Each is ``guarded`` when its condition mentions the status/state or a
version column (``status = …``, ``IN``, ``<>``, ``ANY``, ``version = …``),
``unknown`` when the condition cannot be read (a variable, a callback, a
substituted clause) -- unknown never reports.  A row lock taken in the same
function (``SELECT … FOR UPDATE``, ``select_for_update``, ``with_for_update``,
``forUpdate``) counts as a guard: the transition is serialised.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..facts import ARR, BOOL, CALL, FN, IDENT, NULL, OBJ, OTHER, STR, TMPL, Call, FileFacts, Func, Val, from_json
from ..lazyre import lazy_re
from . import _sql
from ._memo import calls_at, per_project
from ._resolve import assigned_before, call_sites, callee_funcs, last_name
from ._stores import in_typeorm_repository, injected_repository, is_knex_chain, offline_path, resolve, uses

if TYPE_CHECKING:
    from ..project import Project

# (a column reached through a class attribute counts like `Job.status`: octavia's
# repositories update `{self.model_class.status: 'BUILDING'}`)
_STATUS_KEY = lazy_re(r"^[\"'`]?(?:\w+\.)*(?:\w+_)?(?:status|state)[\"'`]?$", re.I)
# (and the columns of a lease or claim, which a worker takes and releases with the job:
# phoenix's `claimed_by IS NULL OR claimed_at < stale_cutoff`)
_GUARD_TOKEN = lazy_re(
    r"(?<![A-Za-z0-9])(?:\w+_)?(?:status|state|version|lock_version|row_version|revision|generation"
    r"|claimed_(?:by|at)|locked_(?:by|at|until)|lease_(?:owner|holder|expires(?:_at)?|until)|leased_(?:by|until))(?:__\w+)?(?![A-Za-z0-9])",
    re.I,
)


def _sets_status(key: str) -> bool:
    """An update key that sets a status/state column, not a sign-in factor's switch (``twofa_status``)."""
    return bool(_STATUS_KEY.match(key)) and not _sql.FACTOR_SWITCH.match(key.strip("\"'`").rsplit(".", 1)[-1])


# (a time series' aggregates: Home Assistant's statistics rows set a meter's `state`
# beside its `mean`, `min`, `max` and `sum`, a reading, not a lifecycle)
_AGGREGATE_KEY = lazy_re(r"^(?:mean|min|max|sum|avg|average|median)$", re.I)


def _measurement_row(keys: Iterable[str]) -> bool:
    """The update also sets two or more aggregate columns: its `state` is a measured value."""
    names = {k.strip("\"'`").rsplit(".", 1)[-1].lower() for k in keys}
    return sum(1 for n in names if _AGGREGATE_KEY.match(n)) >= 2


# a call that serializes a document (`json.dumps(state)`, `JSON.stringify(state)`): the column holds a
# snapshot of data (jesse's saved dashboard form), not a lifecycle value a worker advances
_SERIALIZE_CALL = lazy_re(
    r"^(?:json|orjson|ujson|simplejson|rapidjson|pickle|cPickle|yaml|msgpack|JSON|jsonpickle)\.(?:dumps|dump|stringify|packb|encode|safe_dump)$"
)


# protobuf's serialization of a message (`state.SerializeToString()`): its bytes, a document too
_SERIALIZE_METHODS = frozenset({"SerializeToString", "SerializePartialToString"})


def _document_value(val: Val | None) -> bool:
    """The value written is a serialized document, not a status word."""
    return val is not None and val.k == CALL and (bool(_SERIALIZE_CALL.match(val.v)) or val.v.rsplit(".", 1)[-1] in _SERIALIZE_METHODS)


_SQL_PARAMS_KWARGS = ("params", "args", "parameters", "vars")


def _document_params(call: Call, text: str, su: _sql.StatusUpdate) -> bool:
    """Every status/state column the raw UPDATE ``su`` of ``text`` sets is
    bound to a positional parameter (``%s``, ``?``, ``$n``) that ``call``
    passes in a literal list as a serialized document (:func:`_document_value`):
    GRR's ``UPDATE hunt_output_plugins_states SET plugin_state = %s ...`` run
    with ``[modified_plugin_state.SerializeToString(), ...]``, a snapshot of
    data, as the ORM's ``'state': json.dumps(state)`` is."""
    params = call.args[1] if len(call.args) > 1 else next((call.kwargs[k] for k in _SQL_PARAMS_KWARGS if k in call.kwargs), None)
    if params is None or params.k != ARR or not params.items:
        return False
    m = re.search(r"\bSET\b", text[su.offset :], re.I)
    if m is None:
        return False
    start = su.offset + m.end()
    wm = re.search(r"(?<![{.])\b(?:WHERE|RETURNING|FROM)\b", text[start:], re.I)
    set_clause = text[start : start + wm.start()] if wm else text[start:]
    cols = [c for c in _sql._assigned_columns(set_clause) if _sql.lifecycle_column(c)]
    for col in cols:
        p = re.search(rf"(?:^|[\s,.\"`\[]){re.escape(col)}[\"`\]]?\s*=\s*(%s|\?|\$(\d+))\s*(?:,|$)", set_clause)
        if p is None:
            return False  # (a literal or an expression: a status word may be written)
        index = int(p.group(2)) - 1 if p.group(2) else text.count(p.group(1), 0, start + p.start(1))
        if not 0 <= index < len(params.items) or not _document_value(params.items[index]):
            return False
    return bool(cols)


def _lifecycle_keys(values: dict[str, Val]) -> list[str]:
    """The keys of an update, less those written with a serialized document
    (:func:`_document_value`) or with True/False: a boolean ``*_state`` column
    is an on/off flag (geonode's ``dirty_state``, set True when a resource
    changes and False once it is synced), not a lifecycle a worker advances
    from one state to the next."""
    return [k for k, v in values.items() if not _document_value(v) and not (v is not None and v.k == BOOL)]


def _pick_status(keys: Iterable[str]) -> str:
    """The status/state key of an update's keys, the row's own ``status``/``state``
    before a prefixed one (monasca-api sets ``lifecycle_state`` and ``state``);
    '' for none."""
    found = [k for k in keys if _sets_status(k)]
    bare = [k for k in found if k.strip("\"'`").rsplit(".", 1)[-1].lower() in ("status", "state")]
    return (bare or found or [""])[0]


def _kwargs_status(kwargs: dict[str, Val]) -> str:
    """The status column keyword arguments set (``.values(status=...)``), '' for
    none or for a measurement row (:func:`_measurement_row`)."""
    if _measurement_row(kwargs):
        return ""
    return _pick_status(_lifecycle_keys(kwargs))


def _names_guard(text: str) -> bool:
    """The condition text names a status/state/version column: ``status =``,
    ``Job.state == x``, ``JobTable.c.status.in_(...)``; not a variable of that
    name whose attribute is read (dagster: ``... == state.instigator_origin_id``);
    or tests a lifecycle timestamp for NULL (skyvern: ``completed_at IS NULL``)."""
    if _sql.LIFECYCLE_NULL.search(text):
        return True
    for m in _GUARD_TOKEN.finditer(text):
        attr = text[m.end() : m.end() + 2]
        if len(attr) == 2 and attr[0] == "." and (attr[1].isalpha() or attr[1] == "_") and (m.start() == 0 or text[m.start() - 1] != "."):
            continue
        return True
    return False


_WHERE_METHODS = frozenset({
    "where", "andWhere", "orWhere", "whereIn", "whereNot", "whereNotIn", "andWhereNot", "andWhereIn", "whereRaw", "andWhereRaw",
    "filter", "filter_by", "exclude", "findById", "whereRef",
})
_LOGGING = lazy_re(r"^(?:console|log|logger|logging|print|warn|error|debug|info|assert|Error|TypeError|t|i18n|gettext|_)$")
_LOCKS = lazy_re(r"\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b", re.I)
_LOCK_METHODS = frozenset({"select_for_update", "with_for_update", "forUpdate", "forNoKeyUpdate", "setLock", "lockForUpdate"})


@dataclass
class StatusWrite:
    ff: FileFacts
    call: Call
    line: int
    col: int
    what: str  # "UPDATE jobs SET status" / "knex update({ status })"
    column: str
    guarded: bool
    unknown: bool
    # the callers whose dict sets the status the update spreads (:func:`_spread_param_status`)
    passed_by: list[tuple[FileFacts, Call]] = field(default_factory=list)


# --------------------------------------------------------------------------- raw SQL


_SQL_KWARGS = frozenset({"query", "sql", "statement", "stmt", "text"})
_TEXT_FUNCS = frozenset({"text", "sql", "SQL", "raw", "literal", "dedent"})


def _sql_calls(project: Project, ff: FileFacts) -> list[tuple[Call, list[Val]]]:
    """The calls of a file (``new`` aside) with the first arguments (and SQL
    keyword arguments) that may hold an UPDATE text: literals mentioning it
    ("update" in lower case is what re.I matches for these letters),
    templates, ``text()``-like calls, constants and imported names."""
    consts, imports = ff.consts, ff.imports
    out: list[tuple[Call, list[Val]]] = []
    # (function, local) pairs bound to a `.format()` call, and to a call of a
    # project function returning an update's text, somewhere in the file
    # (found for the first local passed): the only locals that can hold one
    formatted: set[tuple[str, str]] | None = None
    returned: set[tuple[str, str]] = set()
    for call in ff.calls:
        if call.new:
            continue
        cands = call.args[:2]
        if call.kwargs:
            cands = [*cands, *(v for k, v in call.kwargs.items() if k in _SQL_KWARGS)]
        keep = []
        for a in cands:
            k = a.k
            if (k == STR and "update" in a.v.lower()) or k == TMPL or k == CALL or (k == IDENT and ("." in a.v or a.v in consts or a.v in imports)):
                keep.append(a)
            elif k == IDENT and call.func:
                if formatted is None:
                    names = _sql_returning_functions(project)
                    formatted = {(c.func, c.assigned) for c in ff.calls if c.assigned and c.method == "format"}
                    if names:
                        returned = {(c.func, c.assigned) for c in ff.calls if c.assigned and (c.method or last_name(c.callee)) in names}
                bound = (call.func, a.v)
                held = _formatted_local(project, ff, call, a.v) if bound in formatted else None
                if held is not None:
                    keep.append(held)
                elif bound in returned:
                    keep.extend(_returned_local(project, ff, call, a.v))
        if keep:
            out.append((call, keep))
    return out


def _formatted_literal(call: Call) -> Val | None:
    """A string literal's ``.format(limit=n)`` (``UPDATE t SET status=%s ...
    [1:{limit}]``): the literal being formatted, as a template whose ``{...}``
    holes are unknown; adjacent literals joined (:func:`_joined_literals`)."""
    text = call.recv.strip()
    joined = _joined_literals(text)
    if joined is not None:
        return Val(TMPL, joined, line=call.line)
    for q in ('"""', "'''", '"', "'"):
        if len(text) >= 2 * len(q) and text.startswith(q) and text.endswith(q):
            return Val(TMPL, text[len(q) : -len(q)], line=call.line)
    return None


def _joined_literals(text: str) -> str | None:
    """The text of adjacent Python string literals, Python's implicit
    concatenation (GRR's ``("UPDATE user_notification " "SET
    notification_state = %s " "WHERE ... IN {}").format(...)``): their
    contents joined; None for a single literal, a bytes or f-string part, or
    anything else."""
    if text.count('"') + text.count("'") < 4:
        return None  # (one literal at most)
    try:
        toks = [t for t in tokenize.generate_tokens(io.StringIO(f"({text})").readline)
                if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.COMMENT)]
    except (tokenize.TokenError, SyntaxError):
        return None
    parts = toks[1:-1]  # (inside the parentheses added)
    if len(parts) < 2 or any(t.type != tokenize.STRING or set(t.string.split(t.string[-1], 1)[0].lower()) & {"b", "f"} for t in parts):
        return None
    try:
        values = [ast.literal_eval(t.string) for t in parts]
    except (ValueError, SyntaxError):
        return None
    return "".join(values) if all(isinstance(v, str) for v in values) else None


def _formatted_local(project: Project, ff: FileFacts, call: Call, name: str) -> Val | None:
    """What a local of the function holds when ``call`` passes it, when the
    function last bound it before that line to a string literal's
    ``.format(...)`` (alerta's ``update = "UPDATE alerts SET status=...
    [1:{limit}]".format(limit=...)``, then ``self._updateone(update, ...)``):
    the literal, as :func:`_formatted_literal` reads it; else None."""
    last = max(assigned_before(project, ff, call.func, name, call.line - 1), key=lambda c: c.line, default=None)
    return _formatted_literal(last) if last is not None and last.method == "format" else None


@per_project
def _sql_returning_functions(project: Project) -> frozenset[str]:
    """The names of the project functions that return a literal mentioning an
    update (``extra["returns"]``); empty when none does, and then no call's
    result can hold one.  A call is followed into its callee only when it
    names one of them: resolving every call whose result a local passes on
    would parse modules on demand and memoize callees for all of them (about
    25 MB more at the peak of a scan of the real corpus)."""
    names: set[str] = set()
    for tf in project.parsed_code_files():
        ids = {item[0] for item in (tf.extra or {}).get("returns") or () if _mentions_update(item)}
        if ids:
            names.update(f.name for f in tf.funcs if f.id in ids)
    return frozenset(names)


def _mentions_update(item: object) -> bool:
    """An ``extra["returns"]`` entry, ``[func id, value]``, whose value is a
    text literal that mentions an update (read before decoding it)."""
    return (isinstance(item, list) and len(item) == 2 and isinstance(item[1], dict) and item[1].get("k") in (STR, TMPL)
            and "update" in str(item[1].get("v", "")).lower())


def _returned_texts(tf: FileFacts, func_id: str) -> list[Val]:
    """The literals the function ``func_id`` of ``tf`` returns that mention an update."""
    return [from_json("Val", item[1]) for item in (tf.extra or {}).get("returns") or () if item[0] == func_id and _mentions_update(item)]


def _returned_sql(project: Project, ff: FileFacts, call: Call) -> list[Val]:
    """The SQL a call of a project function returns, when that function returns
    a literal text (pg-boss's plans: ``const sql = plans.restoreJobs(schema,
    table)``, a function returning ```UPDATE ${schema}.${table} SET state =
    ...```, then ``db.executeSql(sql, [name, ids])``): each text as a value of
    no line of this file (the update runs at the call that passes it)."""
    if (call.method or last_name(call.callee)) not in _sql_returning_functions(project):
        return []
    out: list[Val] = []
    for tf, fn in callee_funcs(project, ff, call) or _only_method(project, call):
        out += [Val(v.k, v.v) for v in _returned_texts(tf, fn.id)]
    return out


def _only_method(project: Project, call: Call) -> list[tuple[FileFacts, Func]]:
    """The one method of the project a call on an object's attribute names,
    when no other function of the project has that name (pgqueuer's
    ``self.qbs.build_set_schedule_queued_query()``, whose ``qbs`` is a
    dataclass field of the query builder's class): the SQL it returns is what
    the call passes on."""
    if not call.method or not call.recv.startswith(("self.", "cls.")):
        return []
    got = [(tf, f) for tf in project.parsed_code_files() if tf.lang == "py" for f in tf.funcs if f.name == call.method]
    return got if len(got) == 1 and got[0][1].cls else []


def _returned_local(project: Project, ff: FileFacts, call: Call, name: str) -> list[Val]:
    """What a local of the function holds when ``call`` passes it, when the
    function last bound it before that line to a call of a project function
    returning SQL text (:func:`_returned_sql`); else []."""
    last = max(assigned_before(project, ff, call.func, name, call.line - 1), key=lambda c: c.line, default=None)
    return _returned_sql(project, ff, last) if last is not None else []


def _passed_sql(project: Project, ff: FileFacts, call: Call, arg: Val) -> list[Val]:
    """The SQL texts (:func:`_returned_sql`) an argument of ``call`` carries:
    a call of a project function returning one, or a local bound to such a call."""
    if arg.k == CALL:
        sub = project.call_of(ff, arg)
        return _returned_sql(project, ff, sub) if sub is not None else []
    if arg.k == IDENT and call.func:
        return _returned_local(project, ff, call, arg.v)
    return []


def _arg_texts(project: Project, ff: FileFacts, cands: list[Val]) -> list[Val]:
    """The SQL-looking texts (mentioning UPDATE) candidate values resolve to."""
    out: list[Val] = []
    for a in cands:
        v = resolve(project, ff, a)
        if v.k == CALL:
            sub = project.call_of(ff, v)
            if sub is not None and sub.args and (sub.method or sub.callee.rsplit(".", 1)[-1]) in _TEXT_FUNCS:
                v = resolve(project, ff, sub.args[0])
            elif sub is not None and sub.method == "format":
                v = _formatted_literal(sub) or v
            elif sub is not None and _sql_returning_functions(project):
                out += _returned_sql(project, ff, sub)
                continue
        if (v.k == STR or v.k == TMPL) and "update" in v.v.lower():
            out.append(v)
    return out


def _raw_updates(project: Project, ff: FileFacts, out: list[StatusWrite]) -> None:
    seen: set[tuple[int, str]] = set()
    for call, cands in _sql_calls(project, ff):
        name = call.method or call.callee.rsplit(".", 1)[-1]
        if _LOGGING.match(name) or _LOGGING.match((call.recv or call.callee).split(".")[0]):
            continue
        for v in _arg_texts(project, ff, cands):
            for su in _sql.status_updates(v.v):
                # lower-case SQL only through a recognised executor-ish call
                verb = v.v[su.offset : su.offset + 6]
                if verb != "UPDATE" and name not in ("query", "execute", "exec", "run", "raw", "text", "sql", "none", "one", "any", "unsafe", "executemany", "$executeRaw", "$executeRawUnsafe"):
                    continue
                key = (v.line, v.v)
                if key in seen:
                    continue
                if not su.guarded and _document_params(call, v.v, su):
                    continue  # (a serialized document bound to the status column: not a lifecycle)
                seen.add(key)
                inside = call.line <= v.line <= max(call.end_line, call.line)
                line = _sql.line_of_offset(v, su.offset, v.v) if inside else call.line
                out.append(StatusWrite(ff, call, line, call.col if line == call.line else 1, f"`UPDATE {su.table} SET {su.column}`", su.column, su.guarded, su.unknown))


# --------------------------------------------------------------------------- builders
def _chain(ff: FileFacts, call: Call) -> list[Call]:
    """Every call of the same chained expression (they share the start position)."""
    return [c for c in calls_at(ff, call.line) if c.col == call.col and c.func == call.func]


_LOGICAL_KEYS = frozenset({"and", "or", "not", "where", "_and", "_or", "_not"})


def _texts(project: Project, ff: FileFacts, val: Val | None, depth: int = 0) -> tuple[list[str], bool]:
    """(texts, unknown) a condition value mentions."""
    if val is None or depth > 6:
        return [], False
    v = resolve(project, ff, val)
    if v.k == OBJ:
        texts: list[str] = list((v.keys or {}).keys())
        unknown = v.open
        for key, sub in (v.keys or {}).items():
            t, u = _texts(project, ff, sub, depth + 1)
            texts += t
            # computed keys under a named column are operators ({ createdAt: { [Op.lt]: d } }):
            # only a nested logical group can hide a condition on another column
            unknown = unknown or (u and sub.k in (OBJ,) and key.strip("\"'`$").lower() in _LOGICAL_KEYS)
        return texts, unknown
    if v.k == CALL:
        called = project.call_of(ff, v)
        texts = [v.v]
        unknown = False
        if called is not None and called.method == "is_" and called.args and called.args[0].k == NULL:
            texts.append(v.v.removesuffix(".is_") + " IS NULL")  # Job.completed_at.is_(None)
        if called is not None and not called.recv and "." not in called.callee and any(f.name == called.callee and not f.cls for f in ff.funcs):
            unknown = True  # `.where(conditions_for(snapshot))`: a helper of this file builds conditions we do not read
        if called is not None and _WRAPPED_COLUMN.match(called.recv):
            texts.append(called.recv)  # SQLModel's `col(Job.status).in_(...)`, `func.lower(Job.state).in_(...)`: the column it wraps
        if called is not None:
            for a in list(called.args) + list(called.kwargs.values()):
                t, u = _texts(project, ff, a, depth + 1)
                texts += t
                unknown = unknown or u
            texts += list(called.kwargs.keys())
        return texts, unknown
    if v.k == OTHER and _SPLAT_CALL.match(v.v):
        return [v.v], True  # `and_(*_matches_snapshot(current))`: conditions a call returns, not read here
    if v.k in (STR, TMPL, OTHER):
        return [v.v], False
    if v.k == IDENT:
        return [v.v], False
    if v.k == FN:
        return [], True
    if v.k == "arr":
        texts = []
        unknown = False
        for item in v.items or []:
            t, u = _texts(project, ff, item, depth + 1)
            texts += t
            unknown = unknown or u
        return texts, unknown
    return [], False


_SPLAT_CALL = lazy_re(r"^\*{1,2}[A-Za-z_][\w.]*\(")
# the receiver of a condition's method that is one call wrapping a column (`col(Job.status)`), not a chain (a subquery)
_WRAPPED_COLUMN = lazy_re(r"^[A-Za-z_][\w.]*\([^()]*\)$")


def _cond_state(project: Project, ff: FileFacts, vals: list[Val | None], kw_names: list[str] | None = None) -> tuple[bool, bool]:
    """(guarded, unknown) for condition values (and keyword names); a lone
    unresolvable variable as the whole condition is unknown."""
    texts: list[str] = list(kw_names or [])
    unknown = False
    if len(vals) == 1 and vals[0] is not None and not kw_names:
        whole = resolve(project, ff, vals[0])
        if whole.k in (IDENT, CALL) and project.call_of(ff, whole) is None:
            named = _names_guard(whole.v)
            return named, not named
    for val in vals:
        t, u = _texts(project, ff, val)
        texts += t
        unknown = unknown or u
    guarded = any(_names_guard(t) for t in texts)
    return guarded, unknown and not guarded


def _chain_conditions(project: Project, ff: FileFacts, chain: list[Call]) -> tuple[bool, bool]:
    vals: list[Val | None] = []
    kws: list[str] = []
    for c in chain:
        if c.method == "modify" and c.args and ff.lang in ("js", "ts"):
            # knex `.modify(recoverableDeliveries, staleBefore)`: a function adds
            # conditions we do not read (Ghost's compare-and-set on the status)
            return False, True
        if c.method in _WHERE_METHODS:
            if len(c.args) == 1 and not c.kwargs:
                g, u = _cond_state(project, ff, [c.args[0]])
                if g:
                    return True, False
                if u:
                    return False, True
            vals.extend(c.args)
            kws.extend(k for k in c.kwargs if k != "**")
            if "**" in c.kwargs:
                return False, True
            vals.extend(v for k, v in c.kwargs.items() if k != "**")
    return _cond_state(project, ff, vals, kws)


def _status_in(project: Project, ff: FileFacts, val: Val | None) -> str:
    """The status/state key an update object sets, '' when none."""
    if val is None:
        return ""
    v = resolve(project, ff, val)
    if v.k != OBJ or not v.keys or _measurement_row(v.keys):
        return ""
    written = {k: resolve(project, ff, sub) for k, sub in v.keys.items()}
    return _pick_status(_lifecycle_keys(written)).strip("\"'`").rsplit(".", 1)[-1]


def _key_line(project: Project, ff: FileFacts, val: Val | None, key: str, default: int) -> int:
    v = (resolve(project, ff, val) if val is not None else None)
    if v is not None and v.k == OBJ and v.keys:
        for k, sub in v.keys.items():
            if k.strip("\"'`").rsplit(".", 1)[-1] == key and sub.line:
                return sub.line
        if v.line:
            return v.line
    return default


def _compare_and_set(project: Project, ff: FileFacts, chain: list[Call], update: Call) -> bool:
    """Django: the filter compares a column the same update sets
    (``filter(Q(last_checkin__lte=ts)).update(status=..., last_checkin=ts)``):
    only the newest writer wins, a compare-and-set on that column."""
    sets = {k for k in update.kwargs if k != "**" and not _STATUS_KEY.match(k)}
    if not sets:
        return False
    compared: set[str] = set()
    for c in chain:
        if c.method not in ("filter", "exclude"):
            continue
        compared.update(c.kwargs)
        if c.args:  # Q(last_checkin__lte=ts) | Q(last_checkin__isnull=True): the Q() calls inside the filter's arguments
            end = max(c.end_line, c.line)
            compared.update(k for q in ff.calls if last_name(q.callee) == "Q" and c.line <= q.line <= end for k in q.kwargs)
    return any(k.split("__", 1)[0] in sets for k in compared if k.split("__", 1)[0] not in ("id", "pk"))


def _within(call: Call, line: int) -> int:
    """``line`` (of the status value or key) when it is inside the call, else
    the call's own line: a value resolved from a constant or a dict built
    elsewhere carries the line where that was defined (an enum member)."""
    return line if line and call.line <= line <= max(call.end_line, call.line) else call.line


def _django_model(project: Project, ff: FileFacts, call: Call) -> str:
    """The model a Django manager chain starts from: ``models.TagKey.objects`` ->
    ``TagKey``; ``self.__class__.objects`` -> the enclosing class; another
    object's class (``unit.__class__.objects``, in a method of a class that is
    not the unit's: Pootle's ``UserPurger``) is named as written."""
    m = _DJANGO_MANAGER.search(call.recv)
    head = call.recv[: m.start()] if m is not None else ""
    name = head.rsplit(".", 1)[-1]
    if name == "__class__" and head not in ("__class__", "self.__class__"):
        return head
    if not head or name in ("__class__", "self", "cls", "type(self)"):
        # (`msg_mngr.filter(...)`, a manager kept in a local: the model of the method's class)
        fn = project.func_of(ff, call)
        return fn.cls if fn is not None and fn.cls else (head or call.recv.split(".", 1)[0])
    return name


def _mk(ff: FileFacts, call: Call, line: int, what: str, col: str, guarded: bool, unknown: bool) -> StatusWrite:
    return StatusWrite(ff, call, line or call.line, call.col if (line or call.line) == call.line else 1, what, col, guarded, unknown)


_JS_BUILDER_METHODS = frozenset({"update", "updateMany", "set", "patch"})  # every method a branch below takes
_UPDATE_CALL = lazy_re(r"\.(?:updateTable|update)\(")
_OBJECTION_QUERY = lazy_re(r"^[A-Z][\w$]*\.query\(")
_REPO_NAME = lazy_re(r"(?:repo|repository)$", re.I)
_CAPITALISED = lazy_re(r"^[A-Z]")


def _js_builders(project: Project, ff: FileFacts, out: list[StatusWrite]) -> None:
    for call in ff.calls:
        m = call.method
        if m not in _JS_BUILDER_METHODS:
            continue
        recv = call.recv
        # knex: db('jobs').where(...).update({ status }) / .update('status', x)
        if m == "update" and recv and "(" in recv and is_knex_chain(project, ff, call):
            col = _status_in(project, ff, call.args[0] if call.args else None)
            if not col and call.args and call.args[0].k == STR and _sets_status(call.args[0].v):
                col = call.args[0].v
            if col:
                g, u = _chain_conditions(project, ff, _chain(ff, call))
                out.append(_mk(ff, call, _key_line(project, ff, call.args[0], col, call.line), f"knex `update({{ {col} }})`", col, g, u))
            continue
        # Kysely / Drizzle / TypeORM query builder: .set({ status })
        if m == "set" and recv and "(" in recv and _UPDATE_CALL.search(recv):
            col = _status_in(project, ff, call.args[0] if call.args else None)
            if col:
                chain = _chain(ff, call)
                g, u = _chain_conditions(project, ff, chain)
                lib = "Kysely" if "updateTable(" in recv else ("TypeORM" if "createQueryBuilder" in recv else "query builder")
                out.append(_mk(ff, call, _key_line(project, ff, call.args[0], col, call.line), f"{lib} `set({{ {col} }})`", col, g, u))
            continue
        # Objection: Model.query().patch({ status }) / update({ status })
        if m in ("patch", "update") and recv and _OBJECTION_QUERY.match(recv):
            col = _status_in(project, ff, call.args[0] if call.args else None)
            if col:
                g, u = _chain_conditions(project, ff, _chain(ff, call))
                out.append(_mk(ff, call, _key_line(project, ff, call.args[0], col, call.line), f"Objection `{m}({{ {col} }})`", col, g, u))
            continue
        if "(" in (recv or ""):
            continue
        parts = recv.split(".") if recv else []
        # Prisma: prisma.job.update({ where, data: { status } })
        if m in ("update", "updateMany") and len(parts) >= 2 and ("prisma" in parts[-2].lower() or (parts[-2] in ("tx", "db", "client") and uses(project, "@prisma/client"))):
            opts = call.args[0] if call.args else None
            o = (resolve(project, ff, opts) if opts is not None else None)
            if o is None or o.k != OBJ or not o.keys:
                continue
            col = _status_in(project, ff, o.keys.get("data"))
            if col:
                g, u = _cond_state(project, ff, [o.keys.get("where")]) if "where" in o.keys else (False, False)
                out.append(_mk(ff, call, _key_line(project, ff, o.keys.get("data"), col, call.line), f"Prisma `{parts[-1]}.{m}({{ data: {{ {col} }} }})`", col, g, u))
            continue
        # TypeORM repository / manager: repo.update(criteria, { status })
        is_repo = bool(parts) and (
            _REPO_NAME.search(parts[-1])
            or (len(parts) == 2 and parts[0] == "this" and injected_repository(project, ff, call, parts[-1]))
            or (parts == ["this"] and m == "update" and in_typeorm_repository(project, ff, call))
        )
        if m == "update" and parts and (is_repo or parts[-1] in ("manager", "entityManager", "em")):
            i = 1 if is_repo else 2
            if len(call.args) <= i:
                continue
            col = _status_in(project, ff, call.args[i])
            if col:
                g, u = _criteria_state(project, ff, call.args[i - 1])
                out.append(_mk(ff, call, _key_line(project, ff, call.args[i], col, call.line), f"TypeORM `{parts[-1]}.update(…, {{ {col} }})`", col, g, u))
            continue
        # Sequelize: Job.update({ status }, { where })
        if m == "update" and len(parts) in (1, 2) and _CAPITALISED.match(parts[-1]) and uses(project, "sequelize", "sequelize-typescript", "@sequelize/core"):
            col = _status_in(project, ff, call.args[0] if call.args else None)
            if not col:
                continue
            opts = call.args[1] if len(call.args) > 1 else None
            o = (resolve(project, ff, opts) if opts is not None else None)
            if o is None or o.k != OBJ:
                g, u = False, True
            elif not o.keys or "where" not in o.keys:
                g, u = False, o.open
            else:
                g, u = _cond_state(project, ff, [o.keys["where"]])
            out.append(_mk(ff, call, _key_line(project, ff, call.args[0], col, call.line), f"Sequelize `{parts[-1]}.update({{ {col} }})`", col, g, u))


def _criteria_state(project: Project, ff: FileFacts, crit: Val) -> tuple[bool, bool]:
    v = resolve(project, ff, crit)
    if v.k == OBJ:
        return _cond_state(project, ff, [v])
    if v.k in (STR, "num", TMPL) or (crit.k == IDENT):
        return False, False  # an id
    return False, True


_SA_UPDATE_CALL = lazy_re(r"(?:^|\.)update\(")
_SA_UPDATE = lazy_re(r"^(?:sqlalchemy|sqlmodel)(?:\.sql)?(?:\.expression)?\.update$")
_DJANGO_MANAGER = lazy_re(r"(?:^|\.)(?:objects|_default_manager|_base_manager)(?:\.|$)")
# a local holding a manager (creme's `msg_mngr = cls._default_manager`), in a Django module
_MANAGER_ALIAS = lazy_re(r"^[a-z_]\w*_(?:mngr|mgr|manager)\.")
# the manager a chain starts from (`Job.objects`), and a local name a receiver starts with
_MANAGER_RECV = lazy_re(r"^(?:[\w.]*\.)?(?:objects|_default_manager|_base_manager)$")
_LOCAL_HEAD = lazy_re(r"^([A-Za-z_]\w*)(?:\.|$)")
_SA_QUERY = lazy_re(r"\.query\(")
# Flask-SQLAlchemy's query property of a model class: `Job.query.filter_by(id=job_id)`
_MODEL_QUERY = lazy_re(r"^[A-Z]\w*\.query(?:\.|$)")
_PEEWEE_MODEL = lazy_re(r"^[A-Z][A-Za-z0-9_]*(?:\.filter\(|$)")


def _py_builders(project: Project, ff: FileFacts, out: list[StatusWrite]) -> None:
    for call in ff.calls:
        m = call.method
        # SQLAlchemy: update(Job).where(...).values(status=...)
        if m == "values" and call.recv and _SA_UPDATE_CALL.search(call.recv):
            chain = _chain(ff, call)
            root = next((c for c in chain if _SA_UPDATE.match(c.callee) or c.method == "update"), None)
            if root is None:
                continue
            col = _kwargs_status(call.kwargs) or _status_in(project, ff, call.args[0] if call.args else None)
            spread, passers = "", []
            if not col and "**" in call.kwargs:
                # `.values(**job_dict)`, `job_dict` a parameter its callers fill with the status
                spread, col, passers = call.kwargs["**"].v, *_spread_param_status(project, ff, call)
            if not col:
                continue
            g, u = _chain_conditions(project, ff, chain + _refined_later(ff, call))
            if "**" in call.kwargs and not passers:
                u = True
            g = g or _kept_by_case(project, ff, call.kwargs.get(col), col)
            stmt = _sa_update_stmt(root)
            line = _within(call, call.kwargs[col].line) if col in call.kwargs else call.line
            if passers:
                sw = _mk(ff, call, line, f"SQLAlchemy `{stmt}.values(**{spread})`, with the `{col}` its callers pass,", col, g, u)
                sw.passed_by = passers
                out.append(sw)
                continue
            out.append(_mk(ff, call, line, f"SQLAlchemy `{stmt}.values({col}=…)`", col, g, u))
            continue
        if m != "update" or not call.recv:
            continue
        recv = call.recv
        kw_col = _kwargs_status(call.kwargs)
        obj_col = _status_in(project, ff, call.args[0] if call.args else None)
        col = kw_col or obj_col
        if not col:
            continue
        chain = _chain(ff, call)
        line = _within(call, call.kwargs[kw_col].line if kw_col else _key_line(project, ff, call.args[0] if call.args else None, col, call.line))
        # Django: Job.objects.filter(...).update(status=...), also through a
        # local the same function bound to such a queryset (`qs = Job.objects.filter(...)`)
        built = [] if _DJANGO_MANAGER.search(recv) else _queryset_built_here(ff, call)
        if built or _DJANGO_MANAGER.search(recv) or (_MANAGER_ALIAS.match(recv) and any(m.startswith("django") for m in ff.modules)):
            chain = chain + built
            g, u = _chain_conditions(project, ff, chain)
            g = g or _compare_and_set(project, ff, chain, call)
            root = next((c for c in built if _MANAGER_RECV.match(c.recv)), call)
            out.append(_mk(ff, call, line, f"Django `{_django_model(project, ff, root)}.objects…update({col}=…)`", col, g, u))
            continue
        # SQLAlchemy ORM: session.query(Job).filter(...).update({...}), also
        # through a local the same function bound to such a query
        # (or a query a project helper returns: OpenStack's `model_query(models.Audit, session=s)`)
        def sa_root(c: Call) -> bool:
            return _sa_query_root(c) or _query_helper_call(project, ff, c)

        sa_chain = _SA_QUERY.search(recv) or _MODEL_QUERY.match(recv) or any(_query_helper_call(project, ff, c) for c in chain)
        built = [] if sa_chain else _queryset_built_here(ff, call, sa_root)
        if built or sa_chain:
            g, u = _chain_conditions(project, ff, chain + built)
            out.append(_mk(ff, call, line, f"SQLAlchemy `query(…).update({{{col}: …}})`", col, g, u))
            continue
        # Peewee Model.update(status=...).where(...) / Tortoise Model.filter(...).update(status=...)
        if _PEEWEE_MODEL.match(recv) and kw_col:
            g, u = _chain_conditions(project, ff, chain)
            out.append(_mk(ff, call, line, f"`{recv.split('.', 1)[0]}.update({col}=…)`", col, g, u))


_PLAIN_DOTTED = lazy_re(r"^[A-Za-z_]\w*(?:\.\w+)*$")


def _sa_update_stmt(root: Call) -> str:
    """How the message names a SQLAlchemy update: ``update(Job)`` for the
    function given a model or table, ``JOBS_TABLE.update()`` for a Core
    table's own method (ckanext-xloader's ``JOBS_TABLE.update().where(...)``),
    which names its table on the receiver, not in the arguments; the
    receiver as written when it is a dotted name (``Job.__table__``,
    ``db.JOBS_TABLE``)."""
    if not root.args and root.method == "update" and _PLAIN_DOTTED.match(root.recv) and not _SA_UPDATE.match(root.callee):
        return f"{root.recv}.update()"
    return f"update({root.args[0].v.rsplit('.', 1)[-1] if root.args else ''})"


_PLAIN_NAME = lazy_re(r"^[A-Za-z_]\w*$")


def _spread_param_status(project: Project, ff: FileFacts, call: Call) -> tuple[str, list[tuple[FileFacts, Call]]]:
    """The status key, and the calls that pass it, when an update spreads a
    parameter of its function (``.values(**job_dict)`` in ``def
    _update_job(job_id, job_dict)``) and callers of that function pass a dict
    setting the status (ckanext-xloader's ``mark_job_as_completed``:
    ``_update_job(job_id, {"status": "complete", ...})``); ('', []) when
    the spread is no plain parameter or no caller's dict sets a status."""
    name = call.kwargs["**"].v
    fn = next((f for f in ff.funcs if f.id == call.func), None)
    if fn is None or not _PLAIN_NAME.match(name) or name not in fn.params:
        return "", []
    pos = fn.params.index(name)
    if fn.cls and fn.params[0] in ("self", "cls"):
        pos -= 1  # `self._update(job_id, values)`: the call's arguments start after `self`
    col, passers = "", []
    for g, site in call_sites(project, ff, fn):
        arg = site.kwargs.get(name) or (site.args[pos] if 0 <= pos < len(site.args) else None)
        found = _status_in(project, g, arg)
        if found:
            col = col or found
            passers.append((g, site))
    return col, passers


def _django_root(c: Call) -> bool:
    return bool(_MANAGER_RECV.match(c.recv))


def _sa_query_root(c: Call) -> bool:
    """``session.query(Job)`` (a model or column, not a string of SQL), or a
    step on Flask-SQLAlchemy's ``Job.query``."""
    return (c.method == "query" and bool(c.recv) and bool(c.args) and c.args[0].k == IDENT) or _MODEL_QUERY.fullmatch(c.recv + ".") is not None


def _query_helper_call(project: Project, ff: FileFacts, c: Call) -> bool:
    """``model_query(models.Audit, session=session)``: a call, given a model,
    of a project function that returns an ORM query of the model it is given
    (OpenStack's database APIs: ``def model_query(model, session=None): ...
    return session.query(model)``)."""
    if ff.lang != "py" or not c.args or c.args[0].k != IDENT:
        return False
    return any(_returns_query_of_param(project, tf, f) for tf, f in callee_funcs(project, ff, c))


def _returns_query_of_param(project: Project, tf: FileFacts, f: Func) -> bool:
    """Does ``f`` return ``<session>.query(<its parameter>)`` (directly, or
    through a local: ``query = session.query(model, *args); return query``)?"""
    memo = project.__dict__.setdefault("_rs_query_helpers", {})
    key = (id(tf), f.id)
    got = memo.get(key)
    if got is None:
        params = set(f.params)
        got = False
        for q in project.calls_in(tf, f.id, nested=False):
            if q.method == "query" and q.recv and q.args and q.args[0].k == IDENT and q.args[0].v in params:
                # what the statement keeps (its outermost call) is still a query, not a row or a count
                kept = [c for c in _chain(tf, q) if c.assigned]
                if kept and all(c.method in _SA_QUERY_STEPS and (c.assigned == "return" or c.assigned.isidentifier()) for c in kept):
                    got = True
                    break
        memo[key] = got
    return got


# what an SQLAlchemy ORM query chain may end in and still be a query (not `.one()`, `.first()`: a row)
_SA_QUERY_STEPS = _WHERE_METHODS | {"query", "options", "join", "outerjoin", "order_by", "limit", "offset",
                                    "execution_options", "enable_eagerloads", "select_from", "params", "distinct",
                                    "with_for_update"}


def _queryset_built_here(ff: FileFacts, call: Call, root: Callable[[Call], bool] = _django_root) -> list[Call]:
    """The calls that built the Django queryset a local holds when ``call``
    updates it (kolibri's ``channel_requests = ContentRemovalRequest.objects.filter(id__in=...)``,
    then ``channel_requests.update(status=...)``): every binding of the local
    earlier in the same function, each a manager chain (``Model.objects...``)
    or a refinement of the local itself (``qs = qs.filter(status=...)``), at
    least one a manager chain.  [] when the local is bound otherwise or not
    here (a parameter, another queryset): what it holds is not known.
    With another ``root`` (an SQLAlchemy ORM query's: ``_sa_query_root``,
    or the ``model_query(...)`` helpers of :func:`_query_helper_call`), the
    same for such a query (glance's ``query = session.query(models.Image).filter_by(id=image_id)``,
    then ``query.update(values)``), each binding ending in a query step."""
    head = _LOCAL_HEAD.match(call.recv)
    if head is None or head.group(1) in ("self", "cls") or not call.func:
        return []
    name = head.group(1)
    binds = [c for c in ff.calls if c.func == call.func and c.assigned == name and c.line < call.line]
    built: list[Call] = []
    for b in binds:
        chain = _chain(ff, b)
        own = _LOCAL_HEAD.match(b.recv)
        if not any(root(c) for c in chain) and (own is None or own.group(1) != name):
            return []
        if root is not _django_root and b.method not in _SA_QUERY_STEPS:
            return []
        built.extend(chain)
    return built if any(root(c) for c in built) else []


def _refined_later(ff: FileFacts, call: Call) -> list[Call]:
    """Conditions added to the statement after it is built, on the variable it
    is kept in (gnocchi: ``q = update(T)...values(state=s)`` then ``q =
    q.where(T.state == expected)``, also under an ``if``), in the same function."""
    var = call.assigned
    if not var or not var.isidentifier():
        return []
    return [c for c in ff.calls if c.func == call.func and c.line > call.line and c.recv == var and c.method in _WHERE_METHODS]


def _kept_by_case(project: Project, ff: FileFacts, val: Val | None, col: str) -> bool:
    """``.values(status=case((Job.status.in_(TERMINAL), Job.status), else_=new))``:
    the new value is chosen row by row from the current one (a compare-and-set
    inside the UPDATE), when the expression reads the column itself."""
    if val is None or val.k != CALL or val.v.rsplit(".", 1)[-1] not in ("case", "coalesce"):
        return False
    texts, _ = _texts(project, ff, val)
    return any(f".{col}" in t for t in texts[1:])


# --------------------------------------------------------------------------- locks
def _locks_row(project: Project, ff: FileFacts, call: Call) -> bool:
    """The enclosing function takes a row lock before updating, itself or
    through a helper of the same file it calls (NetBox's
    ``self.status = self._lock_status(using)``, a ``select_for_update()``)."""
    calls = project.calls_in(ff, call.func, nested=True) if call.func else [c for c in ff.calls if not c.func]
    own: set[int] = set()
    for u in calls:
        if u.method == "update" and u.recv:
            own |= _own_lock(ff, u, calls)
    if own:
        calls = [c for c in calls if id(c) not in own]
    if _takes_lock(project, ff, calls):
        return True
    for c in calls:
        if c.recv not in ("self", "this", "cls") and (c.recv or "." in c.callee):
            continue  # not a call of this file's own function or method
        for tf, fn in callee_funcs(project, ff, c):
            if tf is ff and fn.id != call.func and _takes_lock(project, ff, project.calls_in(ff, fn.id, nested=True)):
                return True
    return False


def _own_lock(ff: FileFacts, call: Call, calls: list[Call]) -> set[int]:
    """The lock calls of an updated query itself (senlin's ``query =
    session.query(models.Action).with_for_update()``, then
    ``query.update({'status': ...})``; ``Job.objects.select_for_update().filter(...).update(...)``)
    when nothing else runs between the lock and the update: an UPDATE takes
    no ``FOR UPDATE`` clause, so such a lock is never taken, for this update
    or any other of the function.  A query whose rows are read first
    (``query.all()``) keeps its lock."""
    stmt = _chain(ff, call)
    if ff.lang == "py":
        stmt = stmt + _queryset_built_here(ff, call, _sa_query_root) + _queryset_built_here(ff, call)
    locks = [c for c in stmt if c.method in _LOCK_METHODS]
    if not locks:
        return set()
    spans = [(c.line, max(c.end_line, c.line)) for c in stmt]  # the statements and their own arguments
    first = min(c.line for c in locks)
    if any(first <= c.line <= call.line and not any(a <= c.line <= b for a, b in spans) for c in calls):
        return set()
    return {id(c) for c in locks}


def _takes_lock(project: Project, ff: FileFacts, calls: list[Call]) -> bool:
    for c in calls:
        if c.method in _LOCK_METHODS:
            return True
        for a in c.args[:2]:
            v = resolve(project, ff, a)
            if v.k in (STR, TMPL) and _LOCKS.search(v.v):
                return True
            if _sql_returning_functions(project) and any(_LOCKS.search(t.v) for t in _passed_sql(project, ff, c, a)):
                return True  # `executeSql(plans.lockJob(schema), [id])`: a lock a project function returns
        if c.method == "setLock" or (c.method == "lock" and any(x.k == STR and "pessimistic" in x.v for x in c.args)):
            return True
    return False


def status_updates(project: Project) -> list[StatusWrite]:
    out: list[StatusWrite] = []
    for ff in project.parsed_code_files():
        if offline_path(ff.path):
            continue  # data migrations and seeds run once, alone
        found: list[StatusWrite] = []
        _raw_updates(project, ff, found)
        if ff.lang == "py":
            _py_builders(project, ff, found)
        else:
            _js_builders(project, ff, found)
        for sw in found:
            if not sw.guarded and not sw.unknown and _locks_row(project, ff, sw.call):
                sw.guarded = True
        out.extend(found)
    return out


__all__ = ["StatusWrite", "status_updates"]
