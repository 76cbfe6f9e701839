"""References to a SQL pool across files: who uses it and who closes it.

:class:`PoolRefs` recognises code that refers to one pool found by
``_db.db_pools``: its variable (also imported into other files), attribute
copies (``this.pool`` inside the owning class, ``app.state.pool``), a getter or
factory that returns it (``getPool().end()``), and names imported from the
pool's module.  :func:`closing_calls` lists the calls that close it (for RS104
and for shutdown-handler checks that report what is left open).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..facts import CALL, IDENT, OTHER, Call, FileFacts, Val
from ._db import PG_PROMISE, DbPool
from ._memo import methods_of, per_file, per_project
from ._reach import enclosing_class, is_cached_property
from ._resolve import package_of, py_modules

if TYPE_CHECKING:
    from ..project import Project


def class_of(project: Project, ff: FileFacts, call: Call) -> str:
    """Name of the class a call sits in (methods, nested callbacks, field initialisers)."""
    cls = enclosing_class(project, ff, call.func) if call.func else ""
    if cls:
        return cls
    best = ""
    span = 1 << 30
    for klass in ff.extra.get("classes", []) if ff.extra else []:
        if isinstance(klass, dict) and klass.get("line", 0) <= call.line <= klass.get("end_line", 0):
            size = int(klass.get("end_line", 0)) - int(klass.get("line", 0))
            if size < span:
                best, span = str(klass.get("name", "")), size
    return best


def module_prefixes(ff: FileFacts) -> tuple[str, ...]:
    stem = ff.path.rsplit(".", 1)[0]
    out = ["./" + stem + "."]
    if stem.endswith("/index") or stem.endswith("/__init__"):
        out.append("./" + stem.rsplit("/", 1)[0] + ".")
    if ff.lang == "py":
        dotted = stem.removesuffix("/__init__").replace("/", ".")
        parts = dotted.split(".")
        # absolute imports may be rooted at any parent (src/, the service dir)
        for i in range(len(parts) - 1):
            out.append(".".join(parts[i:]) + ".")
    return tuple(out)


@per_file
def _bound_calls(project: Project, ff: FileFacts) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]:
    """The calls of ``ff`` whose result is bound to a name, by index into
    ``ff.calls``: by the last part of the callee's name, by the callee's
    name, and by the last part of each name passed as an argument.  Built
    once per file: every pool's :meth:`PoolRefs._made` looks its factories up
    here instead of reading all the calls again."""
    by_last: dict[str, list[int]] = {}
    by_callee: dict[str, list[int]] = {}
    by_arg: dict[str, list[int]] = {}
    for i, c in enumerate(ff.calls):
        if not c.assigned or c.assigned == "return":
            continue
        by_last.setdefault(c.callee.rsplit(".", 1)[-1], []).append(i)
        by_callee.setdefault(c.callee, []).append(i)
        for a in c.args:
            if a.k == IDENT:
                got = by_arg.setdefault(a.v.rsplit(".", 1)[-1], [])
                if not got or got[-1] != i:
                    got.append(i)
    return by_last, by_callee, by_arg


class PoolRefs:
    """Recognises code that refers to one pool: its variable (also in other
    files), attribute copies (``this.pool``, ``app.state.pool``), a getter or
    factory that returns it, and names imported from the pool's module."""

    def __init__(self, project: Project, pool: DbPool, files: list[FileFacts]) -> None:
        self.pool = pool
        self.names: set[str] = set()
        if pool.short_name:
            self.names.add(pool.short_name)
        # the names a `self.x` / `this.x` receiver may carry: the pool's own,
        # and attributes a factory's result is stored in (a caller's local
        # `engine = make_engine()` says nothing about another class's `self.engine`)
        self.attr_names: set[str] = set(self.names)
        self.factories: set[str] = set()
        # factories that hand out a local bound to a factory's result: name -> the class of the method ("" for a function)
        self.handed: dict[str, str] = {}
        fn = pool.func_name()
        if fn and fn not in ("constructor", "__init__"):
            self.factories.add(fn)
        self.prefixes = module_prefixes(pool.ff)
        self.project = project
        # a Python module-level function: never a method of an object's attribute (`self.engine.connect()`)
        made_in = project.func_of(pool.ff, pool.call) if fn and pool.ff.lang == "py" else None
        self.module_factory = made_in is not None and not made_in.cls
        # a factory that is a method: the class whose `self.<attr>` may hold what it returns
        self.factory_cls = made_in.cls if made_in is not None else ""
        # `this.pool` / `self.engine` held by a class: only that class reaches it as `this.*`
        self.owner_cls = class_of(project, pool.ff, pool.call) if pool.name.startswith(("this.", "self.", "cls.")) else ""
        # a cached property that returns the pool (`@cached_property def pool(self): return
        # AsyncConnectionPool(...)`): its class reads the one pool as `self.pool`
        self.cached_attr = (made_in.cls, made_in.name) if made_in is not None and is_cached_property(made_in) else None
        # the module itself when its default export is the factory
        # (`module.exports = function connect(url) {...}`; `const db = require('./db')(url)`)
        exports = pool.ff.extra.get("exports") if pool.ff.extra else None
        modules = {p[:-1] for p in self.prefixes} if fn and isinstance(exports, dict) and exports.get("default") == pool.call.func else set()
        # names bound to the factory's result anywhere (`const pool = makePool()`), or to what a
        # registry handed the factory itself returns (`self.engine = get_engine(key, self._create_engine)`)
        if self.factories:
            made = self._made(files, modules)
            # a function that returns the local it bound to the factory's result is a factory too
            # (query-exporter: `engine = create_db_engine(cfg)` ... `return engine` in `_setup_engine()`,
            # then `self._engine = self._setup_engine()` and `self._engine.dispose()` on shutdown)
            handed = {name: cls for name, cls in _handing_factories(made, files).items() if name not in self.factories}
            if handed:
                self.handed = handed
                self.factories |= set(handed)
                made = self._made(files, modules)
            # a method of the pool itself (or of what the factory gave) that the factory's name
            # spells hands out a connection, not the pool (`self.connection = self.engine.connect()`)
            got = self.names | {c.assigned.rsplit(".", 1)[-1] for c in made}
            for c in made:
                if _owned_by(c.callee, got):
                    continue
                self.names.add(c.assigned.rsplit(".", 1)[-1])
                if "." in c.assigned:
                    self.attr_names.add(c.assigned.rsplit(".", 1)[-1])

    def _made(self, files: list[FileFacts], modules: set[str]) -> list[Call]:
        """Calls whose result, bound to a name, is what one of the factories returns."""
        made: list[Call] = []
        for ff in files:
            by_last, by_callee, by_arg = _bound_calls(self.project, ff)
            calls = ff.calls
            found: set[int] = set()
            for name in self.factories:
                found.update(i for i in by_last.get(name, ()) if not self._namesake(ff, calls[i], calls[i].callee))
                found.update(by_arg.get(name, ()))
            for module in modules:
                found.update(by_callee.get(module, ()))
            made.extend(calls[i] for i in sorted(found))
        return made

    def _namesake(self, ff: FileFacts, call: Call, callee: str) -> bool:
        """``callee`` (what ``call`` calls, or the call its receiver came
        from) spells the factory's name but is something else: a library the
        file imports (``sqlite3.connect(path)``), a method of an object's
        attribute when the factory is a Python module's function
        (``self.engine.connect()``), or ``self.fn()`` in another class that
        defines its own ``fn`` (txtai's scoring ``Terms.connect``, beside the
        graph's ``connect()`` that builds an engine)."""
        pkg = package_of(callee)
        if pkg and any(package_of(v) == pkg for v in ff.imports.values()):
            mods, parts = py_modules(self.project), callee.split(".")
            if not any(".".join(parts[:k]) in mods for k in range(1, len(parts))):
                return True  # (a name of the project's own modules: `app.db.connect`)
        owner, _, method = callee.rpartition(".")
        if self.module_factory and owner.startswith(("self.", "cls.")):
            return True
        if "." in owner and not owner.startswith(("self.", "cls.", "this.")) and self._other_pool(owner):
            return True
        if owner not in ("self", "cls", "this"):
            return False
        cls = class_of(self.project, ff, call)
        if not cls or (ff is self.pool.ff and cls == class_of(self.project, ff, self.pool.call)):
            return False
        if self.handed.get(method) == cls:
            return False  # the method of this class that hands out the pool
        return any(f.name == method for f in methods_of(ff, cls))

    def _other_pool(self, owner: str) -> bool:
        """``owner`` names another SQL pool a module of the project keeps
        (``app.db.ENGINE``): its ``connect()`` hands out a connection."""
        from ._db import db_pools
        from ._resolve import module_and_attr

        got = module_and_attr(self.project, owner, value=True)
        if got is None or not got[1]:
            return False
        return any(p.ff is got[0] and p.name == got[1] and p.call is not self.pool.call for p in db_pools(self.project))

    def receiver(self, ff: FileFacts, call: Call) -> bool:
        """``call`` is a method call on this pool."""
        recv = call.recv
        if not recv:
            return False
        if getattr(self.pool, "ctor", "") == PG_PROMISE:  # (PoolRefs also follows Redis clients)
            if call.recv_type == PG_PROMISE or (call.method == "end" and recv.rsplit(".", 1)[-1] in self._pgp_names()):
                return True  # `pgp.end()`: the library's end() closes every pool it made
            if recv.endswith(".$pool"):
                recv = recv[: -len(".$pool")]  # `db.$pool.end()`: the database object's pg Pool
        last = recv.rsplit(".", 1)[-1]
        if (self.cached_attr is not None and recv == f"self.{self.cached_attr[1]}" and ff is self.pool.ff
                and class_of(self.project, ff, call) == self.cached_attr[0]):
            return True
        if recv.startswith(("this.", "self.", "cls.")) and recv.count(".") == 1:
            # another object's own attribute of the same name is another pool
            if self.owner_cls:
                return ff is self.pool.ff and last in self.names and class_of(self.project, ff, call) == self.owner_cls
            if last in self.attr_names and not self._own_factory_class(ff, call):
                return True
        elif last in self.names:
            return True
        base = last[:-2] if last.endswith("()") else ""
        if base and base in self.factories:
            return True
        if call.recv_type:
            rt_last = call.recv_type.rsplit(".", 1)[-1]
            if rt_last in self.factories and not self._namesake(ff, call, call.recv_type) and not _owned_by(call.recv_type, self.names):
                return True
            if ff is self.pool.ff and call.recv_type == self.pool.call.callee and self.pool.name:
                return True
        return self.imported(call.callee, call.method)

    def _own_factory_class(self, ff: FileFacts, call: Call) -> bool:
        """``call`` (on or passing on ``self.<attr>``) sits in a class other
        than the one whose method builds the pool, a class that defines its own
        method of the factory's name: its ``self.<attr>`` holds what that method
        builds, another pool (eduMFA's statistics module and audit module each
        have ``_create_engine()`` and ``self.engine = get_engine(key,
        self._create_engine)``; the audit class's ``self.engine.dispose`` does
        not close the statistics engine)."""
        if not self.factory_cls:
            return False
        cls = class_of(self.project, ff, call)
        if not cls or (ff is self.pool.ff and cls == self.factory_cls):
            return False
        return any(f.name in self.factories for f in methods_of(ff, cls))

    def _pgp_names(self) -> set[str]:
        """The names the pool's file gives pg-promise's initialised library (`pgp`)."""
        return {c.assigned.rsplit(".", 1)[-1] for c in self.pool.ff.calls if c.callee == PG_PROMISE and c.assigned}

    def imported(self, text: str, method: str) -> bool:
        """``text`` names something imported from the pool's module (``./src/db.pool.end``)."""
        for prefix in self.prefixes:
            if text.startswith(prefix):
                rest = text[len(prefix):]
                head = rest.split(".", 1)[0].removesuffix("()")
                if head in self.names or head in self.factories:
                    return True
                if rest == method and method in CLOSE_METHODS and self.pool.ff.lang in ("js", "ts"):
                    return True  # `db.end()` on the required module itself: its default export is the pool
        return False

    def value(self, val: Val, methods: Iterable[str], ff: FileFacts | None = None, call: Call | None = None) -> bool:
        """A value such as ``pool.end`` / ``engine.dispose`` (a bound method passed on);
        ``methods`` are plain method names (no dots).  With the file and the
        call it is passed to, ``self.<attr>.dispose`` in a class with its own
        factory of the pool's factory's name is not this pool's
        (:meth:`_own_factory_class`)."""
        if val.k not in (IDENT, CALL, OTHER):
            return False
        text = val.v.removesuffix(".bind")
        owner, dot, m = text.rpartition(".")
        if not dot or m not in methods:
            return False
        last = owner.rsplit(".", 1)[-1]
        if last in self.names or last.removesuffix("()") in self.factories:
            return not (ff is not None and call is not None and owner.startswith(("self.", "cls.")) and owner.count(".") == 1
                        and self._own_factory_class(ff, call))
        return self.imported(text, m)



def _handing_factories(made: list[Call], files: list[FileFacts]) -> dict[str, str]:
    """The functions that return a local bound to one of ``made`` (``engine =
    make_engine()`` then ``return engine``), not constructors: name -> class
    of the method ("" for a function)."""
    out: dict[str, str] = {}
    for ff in files:
        returned = {(fid, name) for fid, name in (ff.extra or {}).get("return_names") or ()}
        if not returned:
            continue
        here = {id(c) for c in ff.calls}
        for c in made:
            if c.func and "." not in c.assigned and (c.func, c.assigned) in returned and id(c) in here:
                fn = next((f for f in ff.funcs if f.id == c.func), None)
                if fn is not None and fn.name and fn.name not in ("constructor", "__init__"):
                    out[fn.name] = fn.cls
    return out


def _owned_by(callee: str, names: set[str]) -> bool:
    """``callee`` is a method of an object held under one of ``names``
    (``self.engine.connect``, ``db.ENGINE.connect``)."""
    owner = callee.rpartition(".")[0]
    return bool(owner) and owner.rsplit(".", 1)[-1].removesuffix("()") in names


CLOSE_METHODS = ("end", "destroy", "close", "dispose", "closeall", "terminate", "disconnect", "shutdown", "aclose")


_DOT_CLOSERS = tuple("." + m for m in CLOSE_METHODS)


def _closer_value(val: Val) -> bool:
    """A value that may be a bound closer (``pool.end``): what ``PoolRefs.value`` can accept.
    (Its last dotted segment, ``.bind`` aside, is a close method: the suffix test
    says so without splitting the text, for every argument of every call.)"""
    if val.k not in (IDENT, CALL, OTHER):
        return False
    return val.v.removesuffix(".bind").endswith(_DOT_CLOSERS)


@per_file
def _may_close(project: Project, ff: FileFacts) -> list[Call]:
    """The calls of a file :func:`closing_calls` has to look at (most calls close nothing)."""
    return [
        c
        for c in ff.calls
        if c.method in CLOSE_METHODS
        or c.method == "bind"
        or any(_closer_value(v) or (v.k == "arr" and any(_closer_value(it) for it in (v.items or []))) for v in (*c.args, *c.kwargs.values()))
    ]


def closing_calls(project: Project, pool: DbPool, files: list[FileFacts]) -> list[tuple[FileFacts, Call]]:
    """Calls in ``files`` that close ``pool``: ``pool.end()``, ``db.destroy()``
    on the imported module, ``getPool().end()``, ``this.pool.end()`` in the
    owning class, or a bound closer passed on (``atexit.register(engine.dispose)``,
    ``process.on('SIGTERM', pool.end.bind(pool))``)."""
    refs = PoolRefs(project, pool, files)
    out: list[tuple[FileFacts, Call]] = []
    for ff in files:
        if not ff.calls:
            continue  # nothing to close with (every shallow file)
        for c in _may_close(project, ff):
            if c.method in CLOSE_METHODS and refs.receiver(ff, c):
                if _another_pool(project, pool, ff, c) or _replaced_after_close(project, ff, c):
                    continue
                out.append((ff, c))
            elif c.method == "bind" and refs.value(Val(k=IDENT, v=c.recv), CLOSE_METHODS, ff, c):
                out.append((ff, c))
            elif any(refs.value(v, CLOSE_METHODS, ff, c) or (v.k == "arr" and any(refs.value(it, CLOSE_METHODS, ff, c) for it in (v.items or [])))
                     for v in (*c.args, *c.kwargs.values())):
                out.append((ff, c))
    return out


def _replaced_after_close(project: Project, ff: FileFacts, call: Call) -> bool:
    """The close is the first half of a swap: further on in the same function
    the name it closes is bound to a new pool (rasa's
    ``self.engine.dispose()`` and then ``self.engine = create_engine(url)``
    on the database it has just created): it retires the old engine while
    the process goes on, so it closes nothing on shutdown, neither the pool
    it retires nor the one that takes its place."""
    name = call.recv
    return bool(name) and any(
        p.name == name and p.call.func == call.func and (p.call.line, p.call.col) > (call.line, call.col)
        for p in _pool_index(project)[2].get(id(ff), ())
    )


@per_project
def _pool_index(project: Project) -> tuple[dict[int, list[DbPool]], dict[tuple[int, str], list[DbPool]], dict[int, list[DbPool]]]:
    """The project's pools (``db_pools``, in its order) by the identity of
    their construction call, by (the identity of their file, their function),
    and by the identity of their file: the close calls of every pool ask
    which other pool a name is bound to."""
    from ._db import db_pools

    by_call: dict[int, list[DbPool]] = {}
    by_func: dict[tuple[int, str], list[DbPool]] = {}
    by_file: dict[int, list[DbPool]] = {}
    for p in db_pools(project):
        by_call.setdefault(id(p.call), []).append(p)
        by_func.setdefault((id(p.ff), p.call.func), []).append(p)
        by_file.setdefault(id(p.ff), []).append(p)
    return by_call, by_func, by_file


def _last_binding(ff: FileFacts, call: Call, name: str, scopes: set[str]) -> Call | None:
    """The last call before ``call`` in ``scopes`` whose result is assigned to ``name``."""
    binding: Call | None = None
    for b in ff.calls:
        if b.assigned == name and b.func in scopes and (b.line, b.col) < (call.line, call.col):
            binding = b
    return binding


def _another_pool(project: Project, pool: DbPool, ff: FileFacts, call: Call) -> bool:
    """The bare receiver of a close call in another file is bound there to
    another SQL pool of the project, not to ``pool`` that happens to share
    its name (automatisch: the service's knex instance `client`, never
    destroyed, and `client.destroy()` in each PostgreSQL action on the
    instance `const client = getClient($)` returned, and `client.end()` in a
    setup script on the pg Client `import client from './client'`): a local
    of the calling function (or around it) last assigned from a construction
    of another pool or a call of a function that builds one, or a name
    imported from a module that builds another pool and not this one.  In
    the pool's own file, a local of another function (one the pool's
    function does not enclose) last assigned there from another pool's
    construction (eduMFA's SQL resolver: `engine.dispose()` in
    `testconnection()` closes the `engine = create_engine(...)` it has just
    built, not the engine `_create_engine()` returns)."""
    name = call.recv
    if not name or not name.replace("$", "_").isidentifier():
        return False
    from ._db import db_pools
    from ._resolve import callee_funcs, module_and_attr

    if all(p is pool for p in db_pools(project)):
        return False  # (no other pool)
    by_call, by_func, by_file = _pool_index(project)
    if ff is pool.ff:
        own = {f.id for f in project.scopes(ff, call.func)} if call.func else set()
        if not own or pool.call.func in own:
            return False
        local = _last_binding(ff, call, name, own)
        return local is not None and any(p is not pool and p.ff is ff for p in by_call.get(id(local), ()))
    binding = _last_binding(ff, call, name, {f.id for f in project.scopes(ff, call.func)} | {""})
    if binding is not None:
        if any(p is not pool and p.ff is ff for p in by_call.get(id(binding), ())):
            return True
        made = callee_funcs(project, ff, binding)
        if any(tf is pool.ff and f.id == pool.call.func for tf, f in made):
            return False
        return any(p is not pool for tf, f in made for p in by_func.get((id(tf), f.id), ()))
    spec = ff.imports.get(name, "")
    if not spec.startswith("./"):
        return False
    got = module_and_attr(project, spec)
    if got is None or got[0] is pool.ff:
        return False
    tff, attr = got
    if not attr:  # a default import: the name the module's default export gives
        exports = tff.extra.get("exports") if tff.extra else None
        attr = str(exports.get("default", "")) if isinstance(exports, dict) else ""
    attr = attr.split(".", 1)[0]
    return bool(attr) and any(p is not pool and (p.short_name == attr or (attr == "default" and p.name == "default"))
                              for p in by_file.get(id(tff), ()))
