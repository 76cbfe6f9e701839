"""Cross-file symbol lookups shared by the websocket and auth checks.

Facts name things three ways: a local name (``limiter``), a JS/relative
import resolved to a project module (``./src/mw/limit.loginLimiter``, or
``./src/mw/limit`` for a default import) and a Python absolute import of a
project module (``app.limits.limiter``).  :func:`definitions` turns any of
them into what defines it: the call whose result is assigned to the name, a
module constant, or a function.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Iterator

from ..factindex import funcs_named, withs_of_func
from ..facts import BOOL, CALL, FN, IDENT, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ..project import Project, Service, _split_module
from ._memo import calls_assigned, per_file, per_project, service_files

_DEFAULT_EXPORTS = ("default", "module.exports", "exports")


@dataclass(frozen=True)
class Def:
    ff: FileFacts
    call: Call | None = None
    const: Val | None = None
    func: Func | None = None


def withs_around(ff: FileFacts, c: Call) -> list[dict]:
    """The ``with`` items of ``c``'s own (Python) function whose block holds it."""
    return [w for w in withs_of_func(ff, c.func) if w.get("line", 0) <= c.line <= w.get("end_line", 0)]


def with_calls_around(ff: FileFacts, c: Call) -> list[Call]:
    """The calls that make the context managers of :func:`withs_around`
    (``Timeout(5)`` of ``with Timeout(5):``), ``c`` itself left out."""
    n = len(ff.calls)
    return [ff.calls[i] for w in withs_around(ff, c) for i in [w.get("call", -1)]
            if isinstance(i, int) and 0 <= i < n and ff.calls[i] is not c]


def package_of(dotted: str) -> str:
    """The package an import-resolved name comes from: 'ioredis.Redis' -> 'ioredis',
    '@nestjs/throttler.Throttle' -> '@nestjs/throttler'; '' for project modules."""
    if not dotted or dotted.startswith("."):
        return ""
    if dotted.startswith("@"):
        scope, _, rest = dotted.partition("/")
        return scope + "/" + rest.split(".", 1)[0]
    return dotted.split(".", 1)[0]


def norm_callee(callee: str) -> str:
    """A callee with default-export hops dropped: ``knex.default`` -> ``knex``,
    ``pg.default.Pool`` -> ``pg.Pool``."""
    if ".default" not in callee:  # most callees: no copy
        return callee
    return callee.replace(".default.", ".").removesuffix(".default")


# the words of an identifier: `failedLoginAttempts`, `LOCKOUT_MINUTES`, `userUploads2`
_WORD = lazy_re(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def imported_target(ff: FileFacts, target: str) -> str:
    """``target`` with its first name read through the file's imports:
    ``HTTPAdapter.send`` after ``from requests.adapters import HTTPAdapter``
    is ``requests.adapters.HTTPAdapter.send``; ``adapter_core_1.Adapter``
    after ``const adapter_core_1 = require("@iobroker/adapter-core")`` is
    ``@iobroker/adapter-core.Adapter``."""
    head, dot, rest = target.partition(".")
    imported = ff.imports.get(head)
    return f"{imported}{dot}{rest}" if imported else target


def name_words(name: str) -> list[str]:
    """The lower-cased words of an identifier or path, camelCase and
    snake_case split, digit runs as words of their own."""
    return [w.lower() for w in _WORD.findall(name)]


def built_in_place(c: Call) -> str:
    """The class a method call's receiver is built from where it is called
    (``Service(config).run()``: ``svc.service.Service``), or ''."""
    tail = f"().{c.method}"
    return c.callee[: -len(tail)] if c.method and c.recv.endswith(")") and c.callee.endswith(tail) else ""


def last_name(dotted: str) -> str:
    """'./src/mw/limit.loginLimiter' -> 'loginLimiter'; './src/mw/rate-limit' -> 'rate-limit'."""
    if dotted.startswith("./"):
        mod, _, rest = _split_module(dotted)
        if rest:
            return rest.rsplit(".", 1)[-1]
        return posixpath.basename(mod)
    return dotted.rsplit(".", 1)[-1]


def py_modules(project: Project) -> dict[str, FileFacts]:
    """Dotted module name -> the project's Python file (also every suffix:
    ``src.app.limits`` is importable as ``app.limits``)."""
    return _py_index(project)


def _py_index(project: Project) -> dict[str, FileFacts]:
    index = project.__dict__.get("_rs_py_modules")
    if index is None:
        index = {}
        for path, ff in project.files.items():
            if ff.lang != "py" or not path.endswith((".py", ".pyw")):
                continue  # an extensionless script (koji's cli/koji) is run, never imported: `import koji` is the package
            stem = path[:-3] if path.endswith(".py") else path
            if stem.endswith("/__init__"):
                stem = stem[: -len("/__init__")]
            dotted = stem.replace("/", ".")
            parts = dotted.split(".")
            # every suffix: 'src.app.limits' is also importable as 'app.limits'
            for k in range(len(parts)):
                index.setdefault(".".join(parts[k:]), ff)
        _add_package_dirs(project, index)
        pkg = getattr(project, "package", "")
        if pkg:
            # the scanned directory is the package itself: 'web.urls' is imported as 'sentry.web.urls'
            for path, ff in project.files.items():
                if ff.lang == "py" and path.endswith(".py"):
                    stem = path[:-3]
                    stem = "" if stem == "__init__" else stem[: -len("/__init__")] if stem.endswith("/__init__") else stem
                    index.setdefault(pkg + ("." + stem.replace("/", ".") if stem else ""), ff)
        project.__dict__["_rs_py_modules"] = index
    return index


def _add_package_dirs(project: Project, index: dict[str, FileFacts]) -> None:
    """The modules of packages that a service's setuptools ``package_dir``
    maps to a folder of another name, under their import names (limnoria's
    ``'supybot': 'src'``: ``src/utils/web.py`` is ``supybot.utils.web``)."""
    for root, manifest in project.manifests.items():
        mapping = manifest.get("py_package_dir")
        if not isinstance(mapping, dict):
            continue
        for name, folder in mapping.items():
            base = posixpath.join(root, folder) if root else folder
            for path, ff in project.files.items():
                if ff.lang != "py" or not path.endswith(".py") or not path.startswith(base + "/"):
                    continue
                stem = path[len(base) + 1 : -3]
                stem = "" if stem == "__init__" else stem.removesuffix("/__init__")
                index.setdefault(name + ("." + stem.replace("/", ".") if stem else ""), ff)


def split_module(project: Project, dotted: str) -> tuple[str, str]:
    """('./src/routes/auth.routes', 'default') for './src/routes/auth.routes.default':
    like ``project._split_module`` but file names may contain dots (NestJS
    ``auth.controller.ts``): the longest prefix that is a project module wins."""
    mod, _, rest = _split_module(dotted)
    if not rest:
        return mod, rest
    body = dotted[2:]
    slash = body.rfind("/")
    cut = len(body)
    while cut > slash + 1:
        if project.peek_module("./" + body[:cut]) is not None:
            return "./" + body[:cut], body[cut + 1 :]
        cut = body.rfind(".", slash + 1, cut)
        if cut < 0:
            break
    return mod, rest


def resolve_value(project: Project, ff: FileFacts, val: Val, depth: int = 0) -> Val:
    """``project.resolve`` that also follows imports from modules whose file
    names contain dots (``./src/config/db.config.dbConfig``)."""
    got = project.resolve(ff, val)
    if got is not val or val.k != IDENT or depth > 4:
        return got
    name = val.v
    if not name.startswith("./"):
        head, _, tail = name.partition(".")
        imp = ff.imports.get(head, "")
        if not imp.startswith("./") or head in ff.consts:
            return got
        name = imp + ("." + tail if tail else "")
    mod, rest = split_module(project, name)
    target = project.module_file(mod, rest.split(".", 1)[0], value=True)
    if target is None or not rest or (target is ff and rest == val.v):
        return got
    inner = Val(k=IDENT, v=rest, line=val.line)
    out = project.resolve(target, inner)
    if out is inner:
        return resolve_value(project, target, inner, depth + 1) if target is not ff else got
    return out


def foreign_py_name(project: Project, dotted: str) -> bool:
    """``dotted`` (a resolved Python name, ``docassemble.base.util.ocr_page``) lives
    in a module no file of the project is: no leading part of it names a project
    module or package.  Relative ('./...') and bare names are the project's own.
    No file is parsed."""
    if "." not in dotted or dotted.startswith("./"):
        return False
    index = _py_index(project)
    parts = dotted.split(".")
    return not any(".".join(parts[:k]) in index for k in range(len(parts) - 1, 0, -1))


def module_and_attr(project: Project, dotted: str, value: bool = False) -> tuple[FileFacts, str] | None:
    """The project file a resolved name lives in, and the attribute chain inside it.

    ``value``: the caller only reads module-level values (constants, imports)
    of the file, not its functions or classes (see ``Project.full``)."""
    if dotted.startswith("./"):
        mod, rest = _module_part(project, dotted)
        target = project.module_file(mod, rest.split(".", 1)[0], value)
        if target is None:
            # `from . import bp` resolves to './pkg/bp': a name defined in the package
            parent, _, name = mod.rpartition("/")
            if parent and parent != "." and name:
                target = project.module_file(parent, name, value)
                if target is not None:
                    return target, name + ("." + rest if rest else "")
            return None
        return target, rest
    if "." not in dotted:
        return None
    index = _py_index(project)
    parts = dotted.split(".")
    for k in range(len(parts) - 1, 0, -1):
        target = index.get(".".join(parts[:k]))
        if target is not None:
            return project.full(target, parts[k], value), ".".join(parts[k:])
    return None


def py_reexported(project: Project, dotted: str) -> str:
    """A Python name read through a project module that only hands on an
    import: ``swift.common.concurrency.urllib_request.urlopen``, where
    concurrency.py does ``from eventlet.green.urllib import request as
    urllib_request``, is ``eventlet.green.urllib.request.urlopen`` (and
    ``app.compat.urlopen`` after ``from urllib.request import urlopen``
    there is ``urllib.request.urlopen``); ``dotted`` itself otherwise."""
    got = module_and_attr(project, dotted, value=True) if "." in dotted else None
    if got is None or not got[1]:
        return dotted
    tf, attr = got
    head = attr.partition(".")[0]
    if tf.lang != "py" or any((f.name == head and not f.parent) or f.cls == head for f in tf.funcs) or head in tf.consts:
        return dotted  # the module's own function, class or value (`class HTTPConnection(HTTPConnection)`)
    out = imported_target(tf, attr)
    return dotted if out == attr or out.startswith("./") else out


def _module_part(project: Project, dotted: str) -> tuple[str, str]:
    """A relative name split into the module and the attribute chain inside it."""
    mod, rest = split_module(project, dotted)
    # `from . import views` resolves to './pkg.views': the attribute may be a submodule
    while rest:
        head, _, tail = rest.partition(".")
        if project.peek_module(mod + "/" + head) is None:
            break
        mod, rest = mod + "/" + head, tail
    return mod, rest


def module_itself(project: Project, dotted: str) -> FileFacts | None:
    """The project file a relative name ('./src/utils/db') is the module of,
    with no attribute inside it (what :func:`module_and_attr` answers with an
    empty attribute chain), as the prefilter left it: nothing is parsed."""
    if not dotted.startswith("./"):
        return None
    mod, rest = _module_part(project, dotted)
    return project.peek_module(mod) if not rest else None


def imported_name(project: Project, dotted: str) -> str:
    """The library name a project name stands for, through modules that
    re-export or alias it: ``pkg.core.celery.task`` where ``pkg/core/celery.py``
    has ``task = shared_task`` (or ``from celery import shared_task as task``)
    is ``celery.shared_task``; ``dotted`` itself when it is no such name."""
    for _hop in range(4):
        target = module_and_attr(project, dotted, value=True) if "." in dotted else None
        if target is None:
            break
        tff, attr = target
        head, dot, rest = attr.partition(".")
        imp = tff.imports.get(head)
        if not imp:
            break
        dotted = imp + dot + rest
    return dotted


@per_file
def assigned_calls(project: Project, ff: FileFacts) -> dict[tuple[str, str], list[Call]]:
    """(enclosing function, '' at module level; variable) -> the calls whose
    result it is assigned, in order."""
    out: dict[tuple[str, str], list[Call]] = {}
    for c in ff.calls:
        if c.assigned:
            out.setdefault((c.func, c.assigned), []).append(c)
    return out


def chained_on(ff: FileFacts, call: Call) -> list[Call]:
    """The calls made on ``call``'s result in the same expression
    (``inspect(engine).has_table(...)``, ``superagent.get(url).set(h).timeout(5)``):
    they start where it starts and their callee extends its own."""
    prefix = call.callee + "()."
    return [c for c in ff.calls if c.line == call.line and c.col == call.col and c.callee.startswith(prefix)]


def assigned_before(project: Project, ff: FileFacts, func: str, name: str, line: int) -> list[Call]:
    """The calls assigned to ``name`` in function ``func`` up to ``line``, in order."""
    return [c for c in assigned_calls(project, ff).get((func, name), ()) if c.line <= line]


def _local_defs(project: Project, ff: FileFacts, name: str, depth: int) -> list[Def]:
    out: list[Def] = []
    if not name:
        for n in _DEFAULT_EXPORTS:
            out.extend(Def(ff, call=c) for c in calls_assigned(ff, {n}))
        out.sort(key=lambda d: (d.call.line, d.call.col) if d.call else (0, 0))
        return out
    for n in (name, "exports." + name, "module.exports." + name, "this." + name, "self." + name):
        out.extend(Def(ff, call=c) for c in calls_assigned(ff, {n}))
    out.sort(key=lambda d: (d.call.line, d.call.col) if d.call else (0, 0))
    const = ff.consts.get(name)
    if const is not None:
        out.append(Def(ff, const=const))
    out.extend(Def(ff, func=f) for f in funcs_named(ff, name))
    head = name.split(".", 1)[0]
    if not out and head in ff.imports and depth < 4:
        imp = ff.imports[head]
        rest = name[len(head) :]
        if imp != head:
            out.extend(definitions(project, ff, imp + rest, depth + 1))
    return out


def definitions(project: Project, ff: FileFacts, name: str, depth: int = 0) -> list[Def]:
    """What defines ``name`` as seen from ``ff`` (same file or an imported project module)."""
    if depth > 4 or not name:
        return []
    if depth == 0 and not ff.shallow:
        # (by path: one parsed version of a file at most; the facts of a file the
        # prefilter left shallow define nothing and are not kept, so that what
        # they answer never stands for the same file parsed on demand)
        cache = project.__dict__.setdefault("_rs_defs", {})
        got = cache.get((ff.path, name))
        if got is None:
            got = _definitions(project, ff, name, 0)
            cache[(ff.path, name)] = got
        return got
    return _definitions(project, ff, name, depth)


def _definitions(project: Project, ff: FileFacts, name: str, depth: int) -> list[Def]:
    target = module_and_attr(project, name) if (name.startswith("./") or "." in name) else None
    if target is not None and target[0] is not ff:
        return _local_defs(project, target[0], target[1], depth + 1)
    if name.startswith("./"):
        return []
    return _local_defs(project, ff, name, depth)


def callee_funcs(project: Project, ff: FileFacts, call: Call) -> list[tuple[FileFacts, Func]]:
    """Project functions a call may run: a local function of that name, the
    imported function, or a method of that name in the same file or in the
    module the receiver comes from."""
    memo = project.__dict__.setdefault(_CALLEES, {})
    got = memo.get(id(call))
    if got is None or got[0] is not call:
        # (the call is kept with its answer, so its id cannot be reused by another)
        got = memo[id(call)] = (call, _callee_funcs(project, ff, call))
    return list(got[1])


_CALLEES = "_rs_callees"  # (where callee_funcs keeps its answers on the project)


def _callee_funcs(project: Project, ff: FileFacts, call: Call, own_methods: bool = True) -> list[tuple[FileFacts, Func]]:
    """(``callee_funcs``.)  Without ``own_methods``, leaving out the methods of
    ``ff``'s classes that a method call may run by its name alone (for
    ``_NamedSites``: a question about such a method finds those calls by name)."""
    out: list[tuple[FileFacts, Func]] = []
    name = call.method or last_name(call.callee)
    if not name:
        return out
    for d in definitions(project, ff, call.callee):
        if d.func is not None:
            out.append((d.ff, d.func))
        elif d.const is not None and d.const.k == FN:
            f = project.funcs(d.ff).get(d.const.v)
            if f is not None:
                out.append((d.ff, f))
    if not out and not call.method and call.callee.startswith("./"):
        # `require('./Signaling-Server')(socket)` / an import of `module.exports = function (socket) {...}`
        whole = _default_export_fn(project, call.callee)
        if whole is not None:
            out.append(whole)
    if call.method:
        if own_methods:
            for f in project.funcs_named(ff, name):
                if f.cls:
                    out.append((ff, f))
        own = _own_export_fn(project, ff, call.recv, name)
        if own is not None:
            out.append(own)
        head = call.recv.split(".", 1)[0] if call.recv else ""
        imp = ff.imports.get(head, "") if head else ""
        rtype = call.recv_type
        for dotted in (imp, rtype):
            target = module_and_attr(project, dotted) if dotted else None
            if target is not None and target[0] is not ff:
                for f in project.funcs_named(target[0], name):
                    out.append((target[0], f))
                whole = _reexported_default(project, target[0], name)
                if whole is not None:
                    out.append(whole)
    seen: set[tuple[str, str]] = set()
    uniq = []
    for tf, f in out:
        if (tf.path, f.id) not in seen:
            seen.add((tf.path, f.id))
            uniq.append((tf, f))
    return uniq


def constructed_inits(project: Project, ff: FileFacts, call: Call) -> list[tuple[FileFacts, Func]]:
    """Python: the ``__init__`` of the project class a call constructs
    (``server.Csw(cfg)``, ``Csw(cfg)`` imported or defined in ``ff``); empty
    for anything else."""
    if ff.lang != "py" or not call.callee:
        return []
    target = module_and_attr(project, call.callee) if "." in call.callee else (ff, call.callee)
    if target is None or not target[1] or "." in target[1]:
        return []
    tf, cls = target
    return [(tf, f) for f in tf.funcs if f.name == "__init__" and f.cls == cls]


@per_project
def class_constructions(project: Project, path: str, cls: str) -> list[tuple[FileFacts, Call]]:
    """Calls of class ``cls`` of file ``path`` in the project's Python code:
    by its own name in that file, or by the name an import resolves to (a file
    the prefilter left unparsed is parsed when its text can call the name)."""
    out = []
    for cff in project.code_files():
        if cff.lang != "py":
            continue
        cff = project.full(cff, cls, called=True)
        for c in cff.calls:
            if last_name(c.callee) != cls or c.method:
                continue
            if c.callee == cls:
                if cff.path == path:
                    out.append((cff, c))
                continue
            target = module_and_attr(project, c.callee)
            if target is not None and target[0].path == path and target[1] == cls:
                out.append((cff, c))
    return out


def call_sites(project: "Project", ff: FileFacts, func: Func, within: FileFacts | None = None) -> list[tuple[FileFacts, Call]]:
    """Calls of a project function from anywhere in the project (by name, then
    resolved); with ``within``, only the calls in that file."""
    memo = project.__dict__.setdefault("_rs_call_sites", {})
    key = (ff.path, func.id, func.name, func.cls, within.path if within is not None else None)
    got = memo.get(key)
    if got is None:
        got = memo[key] = _call_sites(project, ff, func, within)
    return list(got)


def _call_sites(project: "Project", ff: FileFacts, func: Func, within: FileFacts | None) -> list[tuple[FileFacts, Call]]:
    sites = _sites_of_name(project, func.name)
    if within is not None:
        # only the calls of one file: those resolved there (a project-wide question would resolve them all)
        picked = [i for i in sites.by_file.get(id(within), ()) if _is_call_site(project, sites.calls[i], ff, func)]
    else:
        own = sites.by_file.get(id(ff), ())  # (by identity: the facts of ``ff`` itself, not a version parsed in full)
        resolved = sites.resolved(project).get((id(ff), func.id), ())
        picked = sorted({*(i for i in own if _same_file_site(sites.calls[i][1], func)), *resolved})
    out = [sites.calls[i] for i in picked if not (sites.calls[i][1].func == func.id and sites.calls[i][0] is ff)]
    if not func.cls and not func.parent and ff.lang in ("js", "ts") and (ff.extra.get("exports") or {}).get("default") in (func.name, func.id):
        # `import createDBConnection from './utils/create-db-connection.js'; createDBConnection(...)`:
        # the call names the module, not the function
        out.extend(gc for gc in _module_calls(project).get(ff.path, ()) if within is None or gc[0] is within)
        out.sort(key=lambda gc: (gc[0].path, gc[1].line, gc[1].col))
    return out


def _same_file_site(c: Call, func: Func) -> bool:
    """A call in ``func``'s own file that names it: ``name()``, ``this.name()``, or any ``x.name()`` of a method."""
    return c.callee in (func.name, f"this.{func.name}") or bool(func.cls and c.method == func.name)


def _is_call_site(project: Project, gc: tuple[FileFacts, Call], ff: FileFacts, func: Func) -> bool:
    g, c = gc
    if g is ff and _same_file_site(c, func):
        return True
    return any(tf is ff and f.id == func.id for tf, f in callee_funcs(project, g, c))


class _NamedSites:
    """The project's calls of one name (``Project.calls_named``, in its order),
    by the file they are in and, once asked, by the function each may run."""

    __slots__ = ("calls", "by_file", "_resolved", "_held")

    def __init__(self, calls: list[tuple[FileFacts, Call]]) -> None:
        self.calls = calls
        self.by_file: dict[int, list[int]] = {}
        for i, (g, _c) in enumerate(calls):
            self.by_file.setdefault(id(g), []).append(i)
        self._resolved: dict[tuple[int, str], list[int]] | None = None
        self._held: list[list[tuple[FileFacts, Func]]] = []  # (the files indexed by id stay alive as long as this)

    def resolved(self, project: Project) -> dict[tuple[int, str], list[int]]:
        """(id of the function's file's facts, function id) -> positions of
        the calls that may run it, but for a method call the methods of its
        own file's classes it runs by name alone: every call of a common name
        (``get``) would otherwise count once for each class of its file that
        has such a method, where ``_same_file_site`` finds them for the one
        method asked about."""
        if self._resolved is None:
            out: dict[tuple[int, str], list[int]] = {}
            for i, (g, c) in enumerate(self.calls):
                got = project.__dict__.get(_CALLEES, {}).get(id(c))
                callees = got[1] if got is not None and got[0] is c else _callee_funcs(project, g, c, own_methods=False)
                self._held.append(callees)
                for key in dict.fromkeys((id(tf), f.id) for tf, f in callees):
                    out.setdefault(key, []).append(i)
            self._resolved = out
        return self._resolved


@per_project
def _sites_of_name(project: Project, name: str) -> _NamedSites:
    return _NamedSites(project.calls_named(name))


@per_project
def _module_calls(project: Project) -> dict[str, list[tuple[FileFacts, Call]]]:
    """Calls of a project module's default export (the callee is the module
    itself: ``./src/utils/create-db-connection``), by the module's file."""
    out: dict[str, list[tuple[FileFacts, Call]]] = {}
    for g in project.parsed_code_files():
        if g.lang == "py":
            continue
        for c in g.calls:
            if c.callee.startswith("./") and not c.method and not c.new:
                target = module_itself(project, c.callee)
                if target is not None:
                    out.setdefault(target.path, []).append((g, c))
    return out


def fn_of_val(project: Project, ff: FileFacts, val: Val) -> tuple[FileFacts, Func] | None:
    """The function a value refers to (inline callback, local or imported
    function; in JS/TS also one bound with ``.bind(...)``:
    ``endProcess.bind(null, 'SIGTERM')``, ``this.handle.bind(this)``; in
    Python one bound with ``functools.partial``: amqtt's
    ``websockets.serve(partial(self.ws_connected, listener_name=name), ...)``)."""
    if val.k == CALL and val.v.endswith(".bind") and ff.lang != "py":
        val = Val(IDENT, val.v[: -len(".bind")], line=val.line)
    val = bound_value(project, ff, val)
    if val.k == FN:
        f = project.funcs(ff).get(val.v)
        return (ff, f) if f is not None else None
    if val.k == IDENT:
        for d in definitions(project, ff, val.v):
            if d.func is not None:
                return d.ff, d.func
            if d.const is not None and d.const.k == FN:
                f = project.funcs(d.ff).get(d.const.v)
                if f is not None:
                    return d.ff, f
        if val.v.startswith("./"):
            return _default_export_fn(project, val.v) or _renamed_export_fn(project, val.v)
        head, _, name = val.v.partition(".")
        if head in ("self", "this") and name and "." not in name:
            # `router.add_post("/login", self.login)`: a method of the file's class
            methods = [f for f in ff.funcs if f.cls and f.name == name]
            if len({f.cls for f in methods}) == 1:
                return ff, methods[0]
    return None


def bound_value(project: Project, ff: FileFacts, val: Val) -> Val:
    """The function a Python ``functools.partial(fn, ...)`` binds (its first
    argument), or a call of a helper of the file that returns such a partial
    of its first parameter hands on (chancy's ``_r(route["endpoint"])``), else
    ``val`` itself.  The call runs the bound function."""
    c = project.call_of(ff, val) if ff.lang == "py" else None
    if c is not None and c.callee == "functools.partial" and c.args:
        return c.args[0]
    if c is not None and not c.method and c.args and _binds_first_param(project, ff, c):
        return c.args[0]  # chancy's `_r(route["endpoint"])`, `def _r(f): return partial(f, chancy=chancy, worker=worker)`
    return val


def _binds_first_param(project: Project, ff: FileFacts, call: Call) -> bool:
    """``call`` runs a plain function of the file whose one return is
    ``functools.partial`` of its first parameter: a helper that binds
    arguments to the function it is handed, which the result runs."""
    for tf, f in callee_funcs(project, ff, call):
        if tf is not ff or f.cls or not f.params:
            continue
        returns = [c for c in project.calls_in(tf, f.id, nested=False) if c.assigned == "return"]
        if (len(returns) == 1 and returns[0].callee == "functools.partial" and returns[0].args
                and returns[0].args[0].k == IDENT and returns[0].args[0].v == f.params[0]):
            return True
    return False


def _renamed_export_fn(project: Project, spec: str) -> tuple[FileFacts, Func] | None:
    """A function a module exports under another name (``export default {
    config: configure }``, ``module.exports = { get: fetchOne }``)."""
    target = module_and_attr(project, spec)
    if target is None or not target[1] or "." in target[1] or not target[0].extra:
        return None
    tf = target[0]
    local = (tf.extra.get("exports") or {}).get(target[1])
    if not isinstance(local, str) or not local.isidentifier() or local == target[1]:
        return None
    f = next((g for g in tf.funcs if g.name == local and not g.parent and not g.cls), None)
    return (tf, f) if f is not None else None


_REQUIRED = lazy_re(r"""^require\(\s*['"](\.{1,2}/[^'"]+)['"]\s*\)$""")


def _reexported_default(project: Project, tf: FileFacts, name: str) -> tuple[FileFacts, Func] | None:
    """``module.exports = { addSocket: require('./Signaling-Server.js') }``: the
    function the required module exports as a whole."""
    exported = (tf.extra.get("exports") or {}).get(name) if tf.extra else None
    m = _REQUIRED.match(exported) if isinstance(exported, str) else None
    if m is None:
        return None
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(tf.path), m.group(1)))
    rel = re.sub(r"\.[cm]?[jt]s$", "", rel)
    return _default_export_fn(project, "./" + rel)


def _own_export_fn(project: Project, ff: FileFacts, recv: str, name: str) -> tuple[FileFacts, Func] | None:
    """A JS module's call of a function it exports, through its own exports
    object: ``exports.loadFile(path)``, ``module.exports.loadFile(path)``, and
    compiled TypeScript's ``(0, exports.loadFile)(path)`` for a call of an
    exported ``loadFile`` in its own module (the function ``exports.loadFile =
    loadFile`` names, also under another name); also through the value it
    exports as a whole, which those members were set on (``module.exports =
    start; module.exports.cleanShutdown = cleanShutdown``, then
    ``start.cleanShutdown(...)``: bitcore-node's scaffold/start.js, the
    pattern that lets tests stub a helper)."""
    if ff.lang == "py" or not ff.extra:
        return None
    exports = ff.extra.get("exports") or {}
    if recv not in ("exports", "module.exports") and not (recv and recv == exports.get("default") and name in (ff.extra.get("default_members") or ())):
        return None
    local = exports.get(name)
    if not isinstance(local, str) or not local:
        return None
    f = project.funcs(ff).get(local) or next((g for g in ff.funcs if g.name == local and not g.parent and not g.cls), None)
    return (ff, f) if f is not None else None


def _default_export_fn(project: Project, spec: str) -> tuple[FileFacts, Func] | None:
    """The function a project module exports as a whole (``module.exports =
    function SigninRoute(req, res) {...}``, ``export default function``)."""
    target = module_and_attr(project, spec)
    if target is None or target[1] or not target[0].extra:
        return None
    tf = target[0]
    exported = (tf.extra.get("exports") or {}).get("default")
    if not isinstance(exported, str) or not exported:
        return None
    funcs = project.funcs(tf)
    f = funcs.get(exported)
    if f is None:
        f = next((g for g in tf.funcs if g.name == exported and not g.parent and not g.cls), None)
    return (tf, f) if f is not None else None


def is_bool(val: Val | None, value: bool) -> bool:
    """Is ``val`` the literal ``value`` (``True``/``true``, ``False``/``false``)?
    A value read from the environment or a setting is no literal."""
    return val is not None and val.k == BOOL and val.v.lower() == ("true" if value else "false")


def walk_vals(val: Val | None, depth: int = 0) -> Iterator[Val]:
    """``val`` and every value nested in it (object values, array items)."""
    if val is None or depth > 12:
        return
    yield val
    if val.keys:
        for v in val.keys.values():
            yield from walk_vals(v, depth + 1)
    if val.items:
        for v in val.items:
            yield from walk_vals(v, depth + 1)


def _service_lists(project: Project) -> dict[str, tuple[list[FileFacts], frozenset[str]]]:
    lists = project.__dict__.get("_rs_svc_lists")
    if lists is None:
        lists = {}
        roots: list[Service | None] = [*project.services, None]
        for svc in roots:
            key = svc.root if svc is not None else "\0none"
            files = [f for f in service_files(project, svc) if f.lang in ("js", "ts", "py")]
            lists[key] = (files, frozenset(f.path for f in files))
        project.__dict__["_rs_svc_lists"] = lists
    return lists


@per_project
def _lists_holding(project: Project) -> dict[str, list[str]]:
    """File path -> keys of the service lists (``_service_lists``) that hold it."""
    out: dict[str, list[str]] = {}
    for k, (_, members) in _service_lists(project).items():
        for path in members:
            out.setdefault(path, []).append(k)
    return out


def scope_files(project: Project, path: str) -> list[FileFacts]:
    """Code files that run together with ``path``: its service's files (with
    the shared libraries the service imports) and, for a shared library, the
    files of every service that imports it.  Sorted by path; cached, and the
    same list object for every path of one scope."""
    cache = project.__dict__.setdefault("_rs_scope", {})
    got = cache.get(path)
    if got is None:
        svc = project.service_of(path)
        own_key = svc.root if svc is not None else "\0none"
        lists = _service_lists(project)
        keys = [own_key] + sorted(k for k in _lists_holding(project).get(path, ()) if k != own_key)
        by_keys = project.__dict__.setdefault("_rs_scope_by_keys", {})
        got = by_keys.get(tuple(keys))
        if got is None:
            merged: dict[str, FileFacts] = {}
            for k in keys:
                merged.update((f.path, f) for f in lists.get(k, ([], frozenset()))[0])
            got = [merged[p] for p in sorted(merged)]
            by_keys[tuple(keys)] = got
        cache[path] = got
    return got


# --------------------------------------------------------------------------- constants behind barrels and templates
@per_project
def _pkg_roots(project: Project) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """(workspace package name, root) longest name first, and the names alone."""
    roots = sorted(((str(m.get("name")), r) for r, m in project.manifests.items() if m.get("name")), key=lambda x: (-len(x[0]), x[0]))
    return roots, tuple(name for name, _ in roots)


@per_project
def _package_module(project: Project, spec: str) -> tuple[FileFacts, str] | None:
    """A workspace package import (``@acme/shared.QUEUES.X``,
    ``@acme/shared/queues.QUEUES``): the package's module file and the
    attribute chain inside it."""
    roots, names = _pkg_roots(project)
    if not spec.startswith(names):
        return None  # under no workspace package
    for name, root in roots:
        if spec != name and not spec.startswith((name + ".", name + "/")):
            continue
        base = "./" + root if root else "."
        rest = spec[len(name):]
        if rest.startswith("/"):
            sub, _, attr = rest[1:].partition(".")
            cands = [f"{base}/{sub}", f"{base}/src/{sub}", f"{base}/lib/{sub}"]
        else:
            attr = rest[1:]
            cands = [f"{base}/src/index", f"{base}/index", f"{base}/lib/index"]
        for c in cands:
            target = project.module_file(c, attr.split(".", 1)[0], value=True)
            if target is not None:
                return target, attr
        return None
    return None


def resolve_at(project: Project, ff: FileFacts, val: Val, depth: int = 0) -> tuple[FileFacts, Val]:
    """Like ``project.resolve``, with the file that defines the value, and
    also through workspace package imports and ``export * from`` barrels."""
    if val.k != IDENT or depth > 6:
        return ff, val
    name = val.v
    if name.startswith("./"):
        mod, rest = split_module(project, name)
        target = project.module_file(mod, rest.split(".", 1)[0], value=True)
        if target is None or not rest:
            return ff, val
    else:
        head, _, tail = name.partition(".")
        if head in ff.consts:
            target, rest = ff, name
        elif ff.imports.get(head, head) != head:
            imp = ff.imports[head]
            return resolve_at(project, ff, Val(k=IDENT, v=imp + ("." + tail if tail else ""), line=val.line), depth + 1)
        else:
            got = _package_module(project, name)
            if got is None or not got[1]:
                return ff, val
            target, rest = got
    head, *tail_parts = rest.split(".")
    const = target.consts.get(head)
    if const is None:
        alias = target.imports.get(head)
        if alias and alias != head:
            return resolve_at(project, target, Val(k=IDENT, v=".".join([alias, *tail_parts]), line=val.line), depth + 1)
        for mod in target.extra.get("export_all") or []:
            t = project.module_file(mod, head, value=True) if isinstance(mod, str) else None
            if t is None or t is target:
                continue
            got_ff, got_v = resolve_at(project, t, Val(k=IDENT, v=rest, line=val.line), depth + 1)
            if got_v.k != IDENT:
                return got_ff, got_v
        return ff, val
    for part in tail_parts:
        if const.k == "obj" and const.keys and part in const.keys:
            const = const.keys[part]
        else:
            return ff, val
    if const.k == IDENT:
        got_ff, got_v = resolve_at(project, target, const, depth + 1)
        return (got_ff, got_v) if got_v is not const else (ff, val)
    return target, const


_INTERP = lazy_re(r"\$\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\}|(?<![$\w])\{([A-Za-z_]\w*(?:\.\w+)*)\}")


def fill_template(project: Project, ff: FileFacts, val: Val) -> Val:
    """A template whose interpolations are constants of the file defining it,
    with those constants written in (`${PREFIX}:jobs` -> 'orchestrator:jobs'):
    a STR when every interpolation is a constant, else the TMPL with the
    constant ones substituted."""
    if val.k != "tmpl" or not val.v:
        return val
    changed = False
    unknown = False

    def sub(m: re.Match[str]) -> str:
        nonlocal changed, unknown
        if m.group(2) and ff.lang != "py":
            return m.group(0)  # `{x}` is text in a JS template literal
        name = m.group(1) or m.group(2)
        v = project.resolve(ff, Val(k=IDENT, v=name, line=val.line))
        if v.k == IDENT:
            v = resolve_at(project, ff, Val(k=IDENT, v=name, line=val.line))[1]
        if v.k in ("str", "num"):
            changed = True
            return v.v
        unknown = True
        return m.group(0)

    text = _INTERP.sub(sub, val.v)
    if not changed:
        return val
    if unknown:
        return Val(k="tmpl", v=text, line=val.line)
    return Val(k="str", v=text, line=val.line)
