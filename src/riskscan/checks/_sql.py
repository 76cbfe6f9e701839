"""Reading SQL text: which statements write, which table, and whether an
``UPDATE … SET status = …`` is guarded by a condition on the current status.

Everything here works on the text of a string literal, template literal,
tagged template or f-string (``Val.v`` of kind ``str``/``tmpl``); template
substitutions (``${id}``, ``{job_id}``) are treated as opaque values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..facts import STR, TMPL, Val
from ..lazyre import lazy_re

_COMMENTS = lazy_re(r"/\*.*?\*/|--[^\n]*", re.S)
# a table name, also one a template fills in: `${schema}.${table}`, an f-string's `{schema}.job`
_IDENT = r"(?:[\w.\"`\[\]]|\$?\{[^{}\n]*\})+"

_VERB = lazy_re(
    rf"^\s*(?:\(\s*)*(?:"
    rf"(?P<ins>INSERT\s+(?:OR\s+\w+\s+|IGNORE\s+)?INTO\s+(?P<it>{_IDENT}))"
    rf"|(?P<upd>UPDATE\s+(?:ONLY\s+)?(?P<ut>{_IDENT})(?:\s+(?:AS\s+)?\w+)?\s+SET\b)"
    rf"|(?P<del>DELETE\s+FROM\s+(?:ONLY\s+)?(?P<dt>{_IDENT}))"
    rf"|(?P<mer>MERGE\s+INTO\s+(?P<mt>{_IDENT}))"
    rf"|(?P<rep>(?:REPLACE|UPSERT)\s+INTO\s+(?P<rt>{_IDENT}))"
    rf")",
    re.I,
)
_WITH_WRITE = lazy_re(rf"\)\s*(?:,\s*\w+\s+AS\s*\(.*?\)\s*)*(INSERT\s+INTO\s+({_IDENT})|UPDATE\s+({_IDENT})\s+SET\b|DELETE\s+FROM\s+({_IDENT}))", re.I | re.S)


@dataclass(frozen=True)
class SqlWrite:
    verb: str  # INSERT | UPDATE | DELETE | MERGE | REPLACE
    table: str  # as written, unquoted ('jobs', 'public.jobs')
    text: str  # the statement (comments removed)
    offset: int  # character offset of the statement's verb inside the original text


def text_of(val: Val | None) -> str | None:
    """SQL-ish text of a literal value (string or template), else None."""
    if val is not None and val.k in (STR, TMPL):
        return val.v
    return None


def _clean_table(name: str) -> str:
    return name.strip().strip("\"`[]").replace('"', "").replace("`", "")


def _statements(text: str) -> list[tuple[int, str]]:
    """(offset, statement) pairs, split on ';' outside quotes."""
    out: list[tuple[int, str]] = []
    start = 0
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in ("'", '"'):
            quote = ch
        elif ch == ";":
            out.append((start, text[start:i]))
            start = i + 1
    out.append((start, text[start:]))
    return out


# SQLite's own bookkeeping (pyload's `UPDATE SQLITE_SEQUENCE SET seq=?` at start-up), not application rows
_ENGINE_TABLE = lazy_re(r"(?i)sqlite_(?:sequence|master|schema|stat\d*)$")


def writes(text: str) -> list[SqlWrite]:
    """Every writing statement in a piece of SQL text (reads give [])."""
    if len(text) > 20000:
        text = text[:20000]
    cleaned = _COMMENTS.sub(lambda m: " " * len(m.group(0)), text)
    out: list[SqlWrite] = []
    for off, stmt in _statements(cleaned):
        lead = len(stmt) - len(stmt.lstrip())
        body = stmt.lstrip()
        m = _VERB.match(body)
        if m is not None:
            verb = next(k for k in ("ins", "upd", "del", "mer", "rep") if m.group(k))
            table = m.group({"ins": "it", "upd": "ut", "del": "dt", "mer": "mt", "rep": "rt"}[verb])
            name = {"ins": "INSERT", "upd": "UPDATE", "del": "DELETE", "mer": "MERGE", "rep": "REPLACE"}[verb]
            if not _ENGINE_TABLE.match(_clean_table(table)):
                out.append(SqlWrite(name, _clean_table(table), body, off + lead + (m.start(verb) if verb else 0)))
            continue
        if re.match(r"WITH\b", body, re.I):
            w = _WITH_WRITE.search(body)
            if w is not None:
                verb = w.group(1).split()[0].upper()
                table = w.group(2) or w.group(3) or w.group(4) or ""
                out.append(SqlWrite(verb, _clean_table(table), body[w.start(1):], off + lead + w.start(1)))
    return out


# a data-modifying CTE: `WITH retry AS (UPDATE jobs SET ... RETURNING id) INSERT INTO log ...`
_CTE_UPDATE = lazy_re(rf"\bAS\s*(?:(?:NOT\s+)?MATERIALIZED\s*)?(\()\s*(UPDATE\s+(?:ONLY\s+)?({_IDENT})(?:\s+(?:AS\s+)?\w+)?\s+SET\b)", re.I)


def cte_updates(text: str) -> list[SqlWrite]:
    """The UPDATEs a ``WITH`` statement runs in its common table expressions
    (PostgreSQL's data-modifying CTEs, pgqueuer's ``WITH retry AS (UPDATE
    ... SET status = 'queued' ... WHERE id = $1 RETURNING ...) INSERT INTO
    log ...``), each with the text of its own parentheses; :func:`writes`
    gives only the statement's main write."""
    if len(text) > 20000:
        text = text[:20000]
    cleaned = _COMMENTS.sub(lambda m: " " * len(m.group(0)), text)
    out: list[SqlWrite] = []
    for off, stmt in _statements(cleaned):
        if not re.match(r"\s*WITH\b", stmt, re.I):
            continue
        for m in _CTE_UPDATE.finditer(stmt):
            depth, end = 0, len(stmt)
            for i in range(m.start(1), len(stmt)):
                if stmt[i] == "(":
                    depth += 1
                elif stmt[i] == ")":
                    depth -= 1
                    if depth == 0:
                        end = i
                        break
            table = _clean_table(m.group(3))
            if not _ENGINE_TABLE.match(table):
                out.append(SqlWrite("UPDATE", table, stmt[m.start(2):end], off + m.start(2)))
    return out


def is_outbox_table(table: str) -> bool:
    return "outbox" in table.lower()


# --------------------------------------------------------------------------- status updates
STATUS_COL = lazy_re(r"^(?:\w+_)?(?:status|state)$", re.I)
# the on/off switch of a second sign-in factor (uptime-kuma's `user.twofa_status`, `mfa_state`,
# `totp_status`): a setting the account's owner turns on or off, not a lifecycle that workers,
# retries or sweeps advance (a one-time code's own `otp_status` is one: not in the list)
FACTOR_SWITCH = lazy_re(r"^(?:two_?fa|2fa|two_?factor|mfa|multi_?factor|totp)_(?:status|state)$", re.I)


def lifecycle_column(name: str) -> bool:
    """A status/state column (``status``, ``job_state``...) other than a :data:`FACTOR_SWITCH`."""
    return bool(STATUS_COL.match(name)) and not FACTOR_SWITCH.match(name)


# the operators that test a column's current value
_TEST_OPS = r"\s*(?:=|<>|!=|\bIN\b|\bNOT\s+IN\b|\bIS\b|\bNOT\b|=\s*ANY|<|>|\bLIKE\b|&)"
# a status/state column cast to another type, as PostgreSQL compares an enum-typed status with
# text (procrastinate's `procrastinate_job_status`, written `status::text`): `status::text`,
# `CAST(status AS varchar(20))`
_CAST_SUFFIX = r"(?:\s*::\s*[\w.\"]+(?:\s*\(\s*\d+\s*\))?(?:\s*\[\])?)?"
_CAST_CALL = r"\bCAST\s*\(\s*(?:[\w\"`\[\]]+\.)?[\"`\[]?(?:\w+_)?(?:status|state)[\"`\]]?\s+AS\s+[\w\s.\"]+?(?:\(\s*\d+\s*\))?\s*\)"
# a condition on the current status: a comparison, a list, ANY(...), or a flag test of a bit-mask
# status (`WHERE status & ?`: the task list of temboard keeps its states as bits), also of the
# column cast to another type (:data:`_CAST_SUFFIX`), or a version column
_GUARD = lazy_re(
    r"[\"`\[]?\b(?:\w+_)?(?:status|state)\b[\"`\]]?" + _CAST_SUFFIX + _TEST_OPS
    + r"|" + _CAST_CALL + _TEST_OPS
    + r"|\b(?:ANY|ALL)\s*\(\s*[\w.\"]*(?:status|state)"
    r"|[\"`\[]?\b(?:\w+_)?(?:version|revision|generation|etag|xmin)\b[\"`\]]?\s*=",
    re.I,
)
# the columns of a worker's claim or lease on the row, compared (`claimed_by = $2`, `locked_until < now()`,
# `lease_owner IS NULL`), or its claim token (chancy's fencing `claim_id IS NOT DISTINCT FROM %(claim_id)s`,
# judged by :func:`claim_guard` with the table)
_CLAIM_GUARD = lazy_re(
    r"(?<![A-Za-z0-9])(?:(?:\w+_)?(?:claimed_(?:by|at)|locked_(?:by|at|until)|lease_(?:owner|holder|expires(?:_at)?|until)|leased_(?:by|until))"
    r"|(?<!_)(?P<token>claim_(?:id|token)))[\"`\]]?\s*(?:=|<>|!=|<|>|\bIN\b|\bIS\b|=\s*ANY)",
    re.I,
)


def claim_guard(where: str, table: str) -> bool:
    """The WHERE tests a worker's claim on the row (:data:`_CLAIM_GUARD`); a
    claim token counts only on a table not itself named for claims (an
    insurer's ``UPDATE claims SET status = … WHERE claim_id = $1`` picks the
    claim by its key)."""
    return any(not m.group("token") or "claim" not in table.lower() for m in _CLAIM_GUARD.finditer(where))


# a lifecycle timestamp the same transitions set, tested for NULL: `completed_at IS NULL`
# (SQLAlchemy `.is_(None)`, read as that text), `started_at == None`, Django `finished_at__isnull`;
# also spelt in camelCase, as TypeORM entities name their columns (n8n: `"expiredAt" IS NULL`)
LIFECYCLE_NULL = lazy_re(
    r"(?<![A-Za-z0-9])(?:\w+_)?(?:completed|finished|started|ended|cancell?ed|processed|done|terminated|closed|resolved|expired)(?:_at|At)[\"`\]]?"
    r"(?:\s+IS\s+NULL\b|\s*(?:==|\bis)\s*None\b|__isnull\b)",
    re.I,
)
# a substitution standing for a whole condition: WHERE ${cond} / AND {clause}
_OPAQUE_COND = lazy_re(r"\b(?:WHERE|AND|OR)\s*(?:\(\s*)*(?:\$\{|\{[A-Za-z_])", re.I)
# a hole after a complete value inside the WHERE: conditions substituted in (pg-boss's `AND id =
# ANY($2::uuid[]) ${fenced ? attemptFence(3) : ''}`), not a value compared (`LIMIT ${n}`)
_COND_HOLE = lazy_re(r"""(?:(\w+)|[)'"\]])\s+(?:\$\{|\{(?=[A-Za-z_]))[^{}]*\}""")
_VALUE_KEYWORDS = frozenset({"LIMIT", "OFFSET", "LIKE", "ILIKE", "IS", "IN", "NOT", "BETWEEN", "AND", "OR", "WHERE", "ANY", "ALL",
                             "SIMILAR", "TO", "BY", "ESCAPE", "DISTINCT", "FROM", "RETURNING"})


def _cond_hole(where: str) -> bool:
    """The WHERE holds a :data:`_COND_HOLE`: a hole after a value, not after a keyword that takes one."""
    return any((m.group(1) or "").upper() not in _VALUE_KEYWORDS for m in _COND_HOLE.finditer(where))


# a hole right after a complete value, ending the statement: a clause substituted in, not a value
_CLAUSE_HOLE = lazy_re(r"""[\w)'"\]}]\s+(?:\$\{|\{)[A-Za-z_][\w.]*(?:\(\))?\}\s*;?\s*$""")


@dataclass(frozen=True)
class StatusUpdate:
    table: str
    column: str  # the status/state column set
    guarded: bool
    unknown: bool  # the condition cannot be read (a substituted clause)
    offset: int  # offset of UPDATE in the original text


def status_updates(text: str) -> list[StatusUpdate]:
    """``UPDATE t SET status = …`` statements in the text, with their guard state."""
    out: list[StatusUpdate] = []
    for w in writes(text) + cte_updates(text):
        if w.verb != "UPDATE":
            continue
        body = w.text
        m = re.search(r"\bSET\b", body, re.I)
        if m is None:
            continue
        rest = body[m.end():]
        wm = re.search(r"(?<![{.])\b(WHERE|RETURNING|FROM)\b", rest, re.I)  # (not a hole named so: `{where}`)
        set_clause = rest[: wm.start()] if wm else rest
        where = rest[wm.start():] if wm else ""
        cols = _assigned_columns(set_clause)
        status_cols = [c for c in cols if lifecycle_column(c)]
        if not status_cols:
            continue
        col = status_cols[0]
        # SET status = CASE WHEN status = … : the transition is checked in the statement
        set_guard = bool(re.search(r"\bCASE\b[^;]*\bWHEN\b[^;]*\b(?:status|state)\b", set_clause, re.I))
        where_only = re.split(r"\bRETURNING\b", where, flags=re.I)[0]
        if _constant_row(where_only):
            continue  # `WHERE name = 'total'`: one fixed row (a counter, a singleton), not a job's state
        guarded = (set_guard or bool(_GUARD.search(_own_conditions(where_only, w.table, body))) or bool(LIFECYCLE_NULL.search(where_only))
                   or claim_guard(where_only, w.table))
        # (or the statement has no WHERE and ends in a substituted clause: invokeai's
        # f"UPDATE session_queue SET status = 'canceled' {where};" with `where` built beforehand)
        unknown = (bool(_OPAQUE_COND.search(where_only)) or _cond_hole(where_only)
                   or (not re.search(r"(?<![{.])\bWHERE\b", where_only, re.I) and bool(_CLAUSE_HOLE.search(set_clause))))
        out.append(StatusUpdate(w.table, col, guarded, unknown and not guarded, w.offset))
    return out


# a status/state column qualified by a name (`js.status`, `"b"."state"`)
_QUALIFIED_STATUS = lazy_re(r"(?<![\w.{}$])[\"`\[]?(\w+)[\"`\]]?\.[\"`\[]?(?:\w+_)?(?:status|state)\b[\"`\]]?", re.I)
# the relations a statement reads or writes and the names it gives them: `UPDATE jobs j`,
# `FROM job_status js`, `JOIN {schema}.batches AS b`
_RELATION = lazy_re(rf"\b(?:UPDATE|FROM|JOIN)\s+(?:ONLY\s+)?({_IDENT})(?:\s+(?:AS\s+)?(\w+))?", re.I)
_NOT_ALIAS = frozenset({"where", "set", "on", "using", "returning", "inner", "left", "right", "join", "natural", "cross", "full", "outer",
                        "group", "order", "limit", "offset", "for", "union", "except", "intersect", "window", "having", "and", "or", "as"})


def _own_conditions(where: str, table: str, statement: str) -> str:
    """The WHERE text with the status/state columns of other relations left
    out: ``WHERE id = ANY(SELECT js.id FROM job_status js WHERE js.status =
    'failed')`` (pgqueuer's log_job) tests the status of the rows it is given,
    not the current status of the row it updates.  A qualifier counts as
    another relation's only when the statement names that relation (or gives
    it that alias) and it is not the updated table (``UPDATE jobs j ...
    WHERE j.status``, a subquery's ``FROM jobs q ... q.state`` are the
    table's own); an unqualified column, or a qualifier the statement does
    not declare, is taken as the table's own."""
    if "." not in where:
        return where
    own_rel = _clean_table(table).lower()
    rels: dict[str, str] = {}  # qualifier -> the relation it names
    for m in _RELATION.finditer(statement):
        rel = _clean_table(m.group(1)).lower()
        rels.setdefault(rel.rsplit(".", 1)[-1], rel)
        alias = (m.group(2) or "").lower()
        if alias and alias not in _NOT_ALIAS:
            rels[alias] = rel
    foreign = {q for q, rel in rels.items() if rel != own_rel and rel.rsplit(".", 1)[-1] != own_rel.rsplit(".", 1)[-1]}
    if not foreign:
        return where
    return _QUALIFIED_STATUS.sub(lambda m: "other_column" if m.group(1).lower() in foreign else m.group(0), where)


_CONST_COND = lazy_re(r"""\s*[\w."`\[\]]+\s*=\s*(?:\\?'[^'\\?$%:{}]*\\?'|\d+)\s*""")


def _constant_row(where: str) -> bool:
    """A WHERE that picks a row by literal values only (no placeholder):
    ``WHERE name = 'total'``, ``WHERE id = 1``."""
    body = re.sub(r"^\s*WHERE\b", "", where.strip(), flags=re.I).strip().rstrip(";")
    if not body:
        return False
    return all(_CONST_COND.fullmatch(part) for part in re.split(r"\bAND\b", body, flags=re.I))


def _assigned_columns(set_clause: str) -> list[str]:
    """Column names assigned in a SET clause (top level, commas outside parentheses)."""
    cols: list[str] = []
    depth = 0
    part_start = 0
    parts: list[str] = []
    for i, ch in enumerate(set_clause):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            parts.append(set_clause[part_start:i])
            part_start = i + 1
    parts.append(set_clause[part_start:])
    for part in parts:
        m = re.match(r"\s*(?:[\w\"`]+\.)?[\"`\[]?(\w+)[\"`\]]?\s*=(?!=)", part)
        if m:
            cols.append(m.group(1))
    return cols


def line_of_offset(val: Val, offset: int, text: str) -> int:
    """Line of a character offset inside a literal that starts at ``val.line``."""
    return val.line + text.count("\n", 0, max(0, offset))
