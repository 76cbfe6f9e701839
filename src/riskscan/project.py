"""The project: every file's facts plus the cross-file index checks query.

Checks receive one :class:`Project`.  It never re-reads files; everything here
is derived from :class:`~riskscan.facts.FileFacts`, so it works the same
from freshly extracted or cached facts.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any, Callable, Iterable, Iterator

from .facts import CALL, FN, IDENT, OBJ, Call, FileFacts, Func, Val
from .factindex import calls_by_func, funcs_by_id, funcs_named

CODE_LANGS = ("js", "ts", "py")


@dataclass
class Service:
    """A deployable unit: a directory with a package.json, pyproject.toml,
    setup.py, requirements*.txt or Dockerfile (``root`` is '' for the scan root)."""

    root: str
    name: str
    markers: list[str] = field(default_factory=list)


class Project:
    def __init__(
        self,
        files: dict[str, FileFacts],
        service_roots: dict[str, list[str]] | None = None,
        manifests: dict[str, dict] | None = None,
        loader: Callable[[str], FileFacts | None] | None = None,
        mentions: Callable[..., bool] | None = None,
        package: str = "",
    ) -> None:
        self.files = dict(sorted(files.items()))
        # the scanned directory's own name when it is a Python package (an
        # __init__.py at the top: `riskscan check src/sentry`), so that the
        # package's absolute imports of itself (`from sentry.app import x`) resolve
        self.package = package if package.isidentifier() and "__init__.py" in self.files else ""
        # parses a file the trigger prefilter left shallow, when an import needs it
        self._loader = loader
        # (path, name, value) -> could the file define ``name`` (see :meth:`full`)
        self._mentions = mentions
        self._loaded: dict[str, FileFacts] = {}
        self.manifests = manifests or {}
        roots = dict(service_roots or {})
        self.services = [
            Service(root=r, name=self.manifests.get(r, {}).get("name") or self.manifests.get(r, {}).get("py_name") or (posixpath.basename(r) or "."),
                    markers=sorted(m))
            for r, m in sorted(roots.items())
        ]
        # per file: calls by enclosing function id, child function ids by parent id,
        # and the nested calls already collected per function (see calls_in)
        self._calls_by_func: dict[str, tuple[dict[str, list[Call]], dict[str, list[str]], dict[str, list[Call]]]] = {}

    # what __init__ sets and ``forget_memos`` keeps (the lazy indexes among them, emptied)
    _FIXED = ("files", "package", "_loader", "_mentions", "_loaded", "manifests", "services")
    _LAZY_INDEXES = ("_calls_by_func",)

    def forget_memos(self) -> None:
        """Drop every answer remembered about the facts: the lazy indexes and
        cached properties here, and the checks' memos kept on this object
        (riskscan.checks._memo).  The facts stay, and so do the files parsed
        on demand (each is whole once remembered).  For a check stopped
        half-way (riskscan.checkrun): no later check may read what it left
        half-built."""
        for key in [k for k in self.__dict__ if k not in self._FIXED]:
            del self.__dict__[key]
        for key in self._LAZY_INDEXES:
            self.__dict__[key] = {}

    # ------------------------------------------------------------------ files
    def code_files(self) -> tuple[FileFacts, ...]:
        """The JS/TS/Python files, in path order (computed once: checks walk them many times)."""
        got = self.__dict__.get("_code_files")
        if got is None:
            got = self.__dict__["_code_files"] = tuple(ff for ff in self.files.values() if ff.lang in CODE_LANGS)
        return got

    def parsed_code_files(self) -> tuple[FileFacts, ...]:
        """:meth:`code_files` minus the shallow ones (a file the trigger prefilter
        did not parse has no calls, imports, routes, constants...: only its
        path, language and suppressions), for loops that only read parsed facts."""
        got = self.__dict__.get("_parsed_code_files")
        if got is None:
            got = self.__dict__["_parsed_code_files"] = tuple(ff for ff in self.code_files() if not ff.shallow)
        return got

    def compose_files(self) -> tuple[FileFacts, ...]:
        """The compose files with a model, in path order (computed once)."""
        got = self.__dict__.get("_compose_files")
        if got is None:
            got = self.__dict__["_compose_files"] = tuple(ff for ff in self.files.values() if ff.lang == "compose" and ff.compose is not None)
        return got

    def iter_calls(self, langs: Iterable[str] = CODE_LANGS) -> Iterator[tuple[FileFacts, Call]]:
        wanted = set(langs)
        for ff in self.files.values():
            if ff.lang in wanted:
                for call in ff.calls:
                    yield ff, call

    @cached_property
    def _by_method(self) -> dict[str, list[Any]]:
        """Every call by its method (or plain function) name, as a flat list
        ``[file, call, file, call, ...]``: one tuple per call of a large
        project would cost about 20 MB for the few names ever asked about."""
        index: dict[str, list[Any]] = defaultdict(list)
        for ff in self.files.values():  # iter_calls() without a generator step per call
            if ff.lang in CODE_LANGS:
                for call in ff.calls:
                    pairs = index[call.method or call.callee.rsplit(".", 1)[-1]]
                    pairs.append(ff)
                    pairs.append(call)
        return index

    def calls_named_unordered(self, name: str) -> Iterator[tuple[FileFacts, Call]]:
        """The calls of :meth:`calls_named` for one name, in no particular
        order (for a question whose answer no order changes)."""
        it = iter(self._by_method.get(name) or ())
        return zip(it, it, strict=False)  # (the list holds pairs)

    def calls_named(self, *names: str) -> list[tuple[FileFacts, Call]]:
        """Calls whose method (or plain function name) is one of ``names``."""
        out: list[tuple[FileFacts, Call]] = []
        for n in names:
            flat = self._by_method.get(n)
            if flat:
                out.extend(zip(flat[::2], flat[1::2], strict=True))
        out.sort(key=lambda fc: (fc[0].path, fc[1].line, fc[1].col))
        return out

    # -------------------------------------------------------------- functions
    def funcs(self, ff: FileFacts) -> dict[str, Func]:
        """The functions of ``ff`` by id (riskscan.factindex: one index per facts object)."""
        return funcs_by_id(ff)

    def funcs_named(self, ff: FileFacts, name: str) -> list[Func]:
        """The functions and methods of ``ff`` called ``name``, in file order:
        what ``[f for f in ff.funcs if f.name == name]`` gives, from an index
        built once per facts object (a lookup per call made that quadratic in
        a file's size)."""
        return funcs_named(ff, name)

    def func_of(self, ff: FileFacts, call: Call) -> Func | None:
        return self.funcs(ff).get(call.func) if call.func else None

    def scopes(self, ff: FileFacts, func_id: str) -> list[Func]:
        """The function ``func_id`` of ``ff`` and the functions around it,
        innermost first (see :func:`scope_chain`)."""
        return scope_chain(self.funcs(ff), func_id)

    def _call_index(self, ff: FileFacts) -> tuple[dict[str, list[Call]], dict[str, list[str]], dict[str, list[Call]]]:
        index = self._calls_by_func.get(ff.path)
        if index is None or (not index[0] and ff.calls):  # (a file parsed on demand after its shallow facts were asked about)
            by_func = calls_by_func(ff)
            kids: dict[str, list[str]] = defaultdict(list)
            for f in ff.funcs:
                if f.parent:
                    kids[f.parent].append(f.id)
            index = self._calls_by_func[ff.path] = (by_func, kids, {})
        return index

    def nested_funcs(self, ff: FileFacts, func_id: str) -> list[str]:
        """Ids of the functions defined inside ``func_id`` (callbacks,
        closures), transitively: one walk down the parent links, not one climb
        per function of the file."""
        kids = self._call_index(ff)[1]
        out: list[str] = []
        seen = {func_id}
        todo = list(kids.get(func_id, ()))
        while todo:
            fid = todo.pop()
            if fid not in seen:
                seen.add(fid)
                out.append(fid)
                todo.extend(kids.get(fid, ()))
        return out

    def calls_in(self, ff: FileFacts, func_id: str, nested: bool = True) -> list[Call]:
        """Calls whose enclosing function is ``func_id`` (and, with ``nested``,
        any function defined inside it, e.g. callbacks)."""
        by_func, _kids, nested_memo = self._call_index(ff)
        if not nested:
            return list(by_func.get(func_id, ()))
        got = nested_memo.get(func_id)
        if got is None:
            got = list(by_func.get(func_id, ()))
            for fid in self.nested_funcs(ff, func_id):
                got.extend(by_func.get(fid, ()))
            got.sort(key=lambda c: (c.line, c.col))
            nested_memo[func_id] = got
        return list(got)

    def is_inside(self, ff: FileFacts, func_id: str, ancestor_id: str) -> bool:
        funcs = self.funcs(ff)
        seen = 0
        cur = funcs.get(func_id)
        while cur is not None and cur.parent and seen < 100:
            if cur.parent == ancestor_id:
                return True
            cur = funcs.get(cur.parent)
            seen += 1
        return False

    def inside_of(self, ff: FileFacts) -> dict[str, list[str]]:
        """Function id -> the ids of the functions inside it, in the order of
        :meth:`funcs`: each ``f`` with ``is_inside(ff, f, id)``, for a loop
        over a file's functions that would ask that of every pair."""
        funcs = self.funcs(ff)
        out: dict[str, list[str]] = {}
        for f in funcs.values():
            seen = 0
            cur: Func | None = f
            while cur is not None and cur.parent and seen < 100:  # (the walk of is_inside)
                kin = out.setdefault(cur.parent, [])
                if not kin or kin[-1] != f.id:
                    kin.append(f.id)
                cur = funcs.get(cur.parent)
                seen += 1
        return out

    def local_func_named(self, ff: FileFacts, name: str) -> Func | None:
        for f in ff.funcs:
            if f.name == name:
                return f
        return None

    def fn_target(self, ff: FileFacts, val: Val) -> Func | None:
        """The local function a value refers to (an inline callback or a named local function)."""
        if val.k == FN:
            return self.funcs(ff).get(val.v)
        if val.k == IDENT:
            return self.local_func_named(ff, val.v)
        return None

    # -------------------------------------------------------------- resolving
    @cached_property
    def _module_index(self) -> dict[str, FileFacts]:
        index: dict[str, FileFacts] = {}
        put = index.setdefault
        for path, ff in self.files.items():
            stem = path.rsplit(".", 1)[0] if "." in path[path.rfind("/") + 1 :] else path
            put(stem, ff)
            if stem.endswith(("/index", "/__init__")):
                put(stem.rsplit("/", 1)[0], ff)
            elif stem in ("index", "__init__"):
                # the scanned root's own index.js: `require('../index')` from a
                # subfolder resolves to "./" (flowise's commands/start.js)
                index.setdefault("", ff)
        for root, manifest in self.manifests.items():
            # `require('..')` of a folder holding a package.json loads its `main`
            # (node-media-server's bin/app.js: "main": "src/index.js"); a folder
            # with an index.js keeps it (the frontend spells `require('../index')` so too)
            main = manifest.get("main")
            if not isinstance(main, str) or not main:
                continue
            stem = posixpath.normpath(posixpath.join(root, main))
            for ext in _JS_EXTS:
                if stem.endswith(ext):
                    stem = stem[: -len(ext)]
                    break
            target = index.get(stem)
            if target is not None and target.lang != "py":
                index.setdefault(root, target)
        return index

    def module_file(self, spec: str, name: str = "", value: bool = False) -> FileFacts | None:
        """The project file a resolved relative import ('./src/lib/db') points at.

        A file the trigger prefilter did not parse (a constants or config
        module has no trigger token) is parsed now, so imported values resolve
        whatever tokens their module holds.  Always the full facts, whatever
        the order of calls: the result does not depend on which check asked first."""
        ff = self.peek_module(spec)
        return self.full(ff, name, value) if ff is not None else None

    def may_import(self, path: str, name: str) -> bool:
        """Could an import statement of file ``path`` spell the word ``name``
        (for a Python file; else: could its text spell it)?  (True when that
        cannot be told.)"""
        return self._mentions is None or self._mentions(path, name, imported=True)

    def may_match(self, path: str, pattern: str) -> bool:
        """Could the text of file ``path`` match the probe pattern named
        ``pattern`` (riskscan.mentions.PATTERNS)?  (True when that cannot be
        told.)"""
        return self._mentions is None or self._mentions(path, pattern, pattern=True)

    def may_mention(self, path: str, name: str) -> bool:
        """Could the text of file ``path`` spell the word ``name``?  (True when
        that cannot be told: no name probe, an unreadable file.)"""
        return self._mentions is None or self._mentions(path, name, False, True)

    def full(self, ff: FileFacts, name: str = "", value: bool = False, called: bool = False) -> FileFacts:
        """``ff`` parsed in full: a file the prefilter left shallow is parsed
        on first use (then remembered).  For resolving imported names only;
        iterating ``files`` still sees the file as the prefilter left it.

        With ``name`` (the first segment of what is looked up in the file), a
        shallow file that cannot define it (the word is nowhere in its text
        and it re-exports nothing wholesale) stays shallow: parsing it could
        not resolve anything; with ``value`` only a module-level value (an
        assignment or an import, what :meth:`resolve` reads) is looked for,
        so a file that merely defines or calls a function of that name stays
        shallow too; with ``called``, only a file that can call it (the word
        right before a parenthesis) is parsed."""
        if not ff.shallow or self._loader is None:
            return ff
        if name and ff.path not in self._loaded and self._mentions is not None and not self._mentions(ff.path, name, value, called=called):
            return ff
        got = self._loaded.get(ff.path)
        if got is None:
            got = self._loader(ff.path) or ff
            self._loaded[ff.path] = got
        return got

    def peek_module(self, spec: str) -> FileFacts | None:
        """Like :meth:`module_file` without parsing: shallow files stay shallow
        (for when only the file's path or existence matters)."""
        if not spec.startswith("./"):
            return None
        return self._module_index.get(spec[2:])

    def resolve(self, ff: FileFacts, val: Val, depth: int = 0) -> Val:
        """Resolve an identifier through same-file and imported constants.

        ``QUEUE`` (a const in this file), ``QUEUES.JOBS`` (an object const) and
        ``./src/constants.QUEUES.JOBS`` (an imported const) all resolve to the
        literal value when the project defines it; anything else comes back
        unchanged.
        """
        if val.k != IDENT or depth > 5:
            return val
        name = val.v
        target: FileFacts = ff
        if name.startswith("./"):
            # './mod/path.NAME.rest' -> module './mod/path', attribute chain NAME.rest
            # (module file names may contain dots: './src/auth.routes.router')
            found = self._split_known_module(name)
            if found is None:
                return val
            target, name = found
        head, *tail = name.split(".")
        const = target.consts.get(head)
        if const is None:
            # imported name used through a local alias
            imp = target.imports.get(head)
            if imp and imp.startswith("./") and depth < 5:
                return self.resolve(target, Val(k=IDENT, v=".".join([imp, *tail])), depth + 1)
            return val
        for part in tail:
            if const.k == OBJ and const.keys and part in const.keys:
                const = const.keys[part]
            else:
                return val
        if const.k == IDENT:
            return self.resolve(target, const, depth + 1)
        return const

    def _split_known_module(self, name: str) -> tuple[FileFacts, str] | None:
        for mod, rest in _split_points(name):
            target = self.module_file(mod, rest.split(".", 1)[0], value=True)
            if target is not None and rest:
                return target, rest
        return None

    def literal(self, ff: FileFacts, val: Val) -> str | None:
        """The string a value resolves to (through constants), or None."""
        v = self.resolve(ff, val)
        if v.k == "str":
            return v.v
        return None

    def call_of(self, ff: FileFacts, val: Val) -> Call | None:
        if val.k == CALL and 0 <= val.call < len(ff.calls):
            return ff.calls[val.call]
        return None

    # -------------------------------------------------------------- services
    @cached_property
    def _services_by_root(self) -> dict[str, Service]:
        return {svc.root: svc for svc in self.services}  # roots are unique (dict keys in __init__)

    @cached_property
    def _python_services_by_root(self) -> dict[str, Service]:
        """The services that can own Python code: a directory whose only
        manifest is a package.json builds front-end assets (kolibri's plugin
        folders); the Python beside it belongs to the service above."""
        return {root: svc for root, svc in self._services_by_root.items() if svc.markers != ["package.json"]}

    def service_of(self, path: str) -> Service | None:
        """The innermost service whose directory holds ``path`` (walks up the
        path's directories: O(depth), not O(services)); for a Python file, the
        innermost one that can own Python code.  Remembered for the path and
        the directories walked: files_by_service and the checks ask about every
        file, and files of one directory share the answer."""
        asked = self._service_answers
        if path in asked:
            return asked[path]
        if path.endswith((".py", ".pyi")):
            memo = self.__dict__.setdefault("_py_service_of", {})
            by_root = self._python_services_by_root
        else:
            memo = self.__dict__.setdefault("_service_of", {})  # path -> answer (None too)
            by_root = self._services_by_root
        walked: list[str] = []
        cur = path
        while True:
            svc = memo.get(cur, memo)
            if svc is not memo:
                break
            svc = by_root.get(cur)
            walked.append(cur)
            if svc is not None or not cur:
                break
            cut = cur.rfind("/")
            cur = cur[:cut] if cut > 0 else ""
        for p in walked:  # only the last can be a service root: they all share its answer
            memo[p] = svc
        asked[path] = svc
        return svc

    @cached_property
    def _service_answers(self) -> dict[str, Service | None]:
        """The path :meth:`service_of` was asked about -> its answer."""
        return {}

    @cached_property
    def files_by_service(self) -> dict[str | None, list[FileFacts]]:
        """Service root (None: outside every service) -> the files it owns, in path order."""
        out: dict[str | None, list[FileFacts]] = {}
        # A file is no service root: its owner is its folder's (for its
        # language), so service_of walks once per folder and language, and
        # the other files of the folder are given the same answer.
        asked = self._service_answers
        py_roots, roots = self._python_services_by_root, self._services_by_root
        by_folder: dict[tuple[str, bool], Service | None] = {}
        for ff in self.files.values():
            path = ff.path
            py = path.endswith((".py", ".pyi"))
            cut = path.rfind("/")
            key = (path[:cut] if cut > 0 else "", py)
            if path in (py_roots if py else roots):
                svc = self.service_of(path)  # (a service root named like a file: its own answer)
            elif key in by_folder:
                svc = asked.setdefault(path, by_folder[key])
            else:
                svc = by_folder[key] = self.service_of(path)
            out.setdefault(svc.root if svc is not None else None, []).append(ff)
        return out

    def _files_under(self, root: str) -> list[FileFacts]:
        """Files below a directory (cached per directory)."""
        cache = self.__dict__.setdefault("_under", {})
        got = cache.get(root)
        if got is None:
            got = cache[root] = [f for f in self.files.values() if f.path.startswith(root + "/")]
        return got

    @cached_property
    def _roots_by_package_name(self) -> dict[Any, str]:
        """A workspace package's name (package.json ``name``) -> its root (the last root of a name wins)."""
        return {m.get("name"): root for root, m in self.manifests.items() if m.get("name")}

    def service_files(self, svc: Service | None) -> list[FileFacts]:
        """Files of a service plus project files its code imports (shared libraries)."""
        own = list(self.files_by_service.get(svc.root if svc is not None else None, []))
        seen = {ff.path for ff in own}
        queue = list(own)
        by_pkg_name = self._roots_by_package_name
        while queue:
            ff = queue.pop()
            for spec in ff.modules:
                targets: list[FileFacts] = []
                if spec.startswith("./"):
                    t = self.peek_module(spec)
                    if t is not None:
                        targets.append(t)
                else:
                    root = by_pkg_name.get(spec) or by_pkg_name.get("/".join(spec.split("/")[:2]))
                    if root is not None:
                        targets.extend(self._files_under(root))
                for t in targets:
                    if t.path not in seen:
                        seen.add(t.path)
                        queue.append(t)
                        own.append(t)
        own.sort(key=attrgetter("path"))
        return own


_JS_EXTS = (".js", ".cjs", ".mjs", ".jsx", ".ts", ".cts", ".mts", ".tsx")


def scope_chain(funcs: dict[str, Func], func_id: str) -> list[Func]:
    """The function ``func_id`` and the functions it is nested in, innermost
    first, from a file's functions by id: a callback's chain ends with the
    function that made it.  The walk stops at a parent ``funcs`` does not
    hold, and after 100 levels."""
    out: list[Func] = []
    cur = funcs.get(func_id) if func_id else None
    while cur is not None and len(out) < 100:
        out.append(cur)
        cur = funcs.get(cur.parent) if cur.parent else None
    return out


def _split_points(name: str) -> list[tuple[str, str]]:
    """Every way to read './dir/a.b.C.D' as (module, attribute chain), longest module first."""
    body = name[2:]
    slash = body.rfind("/")
    out: list[tuple[str, str]] = []
    idx = len(body)
    while True:
        dot = body.rfind(".", slash + 1, idx)
        if dot < 0:
            break
        out.append(("./" + body[:dot], body[dot + 1 :]))
        idx = dot
    return out


def _split_module(name: str) -> tuple[str, str, str]:
    """'./src/constants.QUEUES.JOBS' -> ('./src/constants', '.', 'QUEUES.JOBS')."""
    body = name[2:]
    # the module part never contains a dot after the last '/', except for '..'
    slash = body.rfind("/")
    dot = body.find(".", slash + 1)
    if dot < 0:
        return name, "", ""
    return "./" + body[:dot], ".", body[dot + 1 :]


def has_key(val: Val | None, *names: str) -> bool:
    """True when an object/kwargs value sets one of ``names`` (or might: open spread)."""
    if val is None or val.k != OBJ or val.keys is None:
        return False
    return any(n in val.keys for n in names)


def key(val: Val | None, *path: str) -> Val | None:
    """Nested key lookup in an OBJ value: key(opts, 'pool', 'max')."""
    cur = val
    for p in path:
        if cur is None or cur.k != OBJ or not cur.keys or p not in cur.keys:
            return None
        cur = cur.keys[p]
    return cur


def options(call: Call, index: int = 0) -> Val | None:
    """The options object of a JS call (first OBJ argument at or after ``index``),
    or the kwargs of a Python call as an OBJ value."""
    if call.kwargs:
        open_ = "**" in call.kwargs
        return Val(k=OBJ, keys={k: v for k, v in call.kwargs.items() if k != "**"}, open=open_)
    for arg in call.args[index:]:
        if arg.k == OBJ:
            return arg
    return None
