"""Import aliases of JS/TS projects: where ``@/utils/got`` points.

Many projects import their own modules by an alias instead of a relative
path.  The JS frontend resolves a relative import to the module's path
under the scanned root (``./lib/utils/got``), which is how checks follow
values, functions and client instances across files; an aliased import it
cannot resolve stays a bare name, as if it were an npm package, and every
cross-file judgement through it is lost.  This module reads the aliases a
project declares, so the frontend resolves them like relative imports:

* ``tsconfig.json`` / ``jsconfig.json`` ``compilerOptions.paths`` (with
  ``baseUrl``, and ``extends`` chains of relative files inside the root):
  ``"@/*": ["src/*"]``, ``"@app/config": ["src/config"]``.  A file follows
  the nearest such file in its directory or above (TypeScript's project that
  includes it, approximately).  A pattern of ``*`` alone, a target under
  ``node_modules`` or outside the root, and a wildcard anywhere but at the
  end are ignored.
* ``package.json`` ``_moduleAliases`` (module-alias: ``"@": "./lib"``) and
  ``imports`` (Node's subpath imports: ``"#db": "./src/db.js"``,
  ``"#utils/*": "./src/utils/*.js"``), for the files below that package.json.
* ``addAlias('@', __dirname)`` / ``addAliases({...})`` calls of module-alias
  in the code of a package that depends on it, when the target is written as
  ``__dirname``, ``() => __dirname``, ``path.join(__dirname, 'x')``,
  ``path.resolve(__dirname, 'x')`` or ``__dirname + '/x'`` (read from the
  text before any file is parsed, as the frontend needs them).

* ``baseUrl`` (alone or with ``paths``): a bare import that names a folder or
  module directly in the ``baseUrl`` folder resolves there, as TypeScript does
  (a NestJS project's ``baseUrl: "./"`` and ``import ... from
  'src/users/users.service'``).  The names of the project's dependencies and
  Node's built-in modules are left to them, and so is a name a ``paths``
  pattern covers.

* Babel's ``module-resolver`` plugin (``babel-plugin-module-resolver``) in
  ``.babelrc``, ``.babelrc.json``, ``babel.config.json`` or package.json's
  ``babel`` key, for the files below that file: ``alias`` entries whose
  target is a relative path (``"@db": "./src/db"`` covers ``@db`` and
  ``@db/x``; a regular-expression key such as ``"^@/(.+)"`` and a target
  naming a package are left alone), and ``root`` folders, read like
  ``baseUrl`` (a glob in a root is ignored).  Babel configs written in
  JavaScript (``babel.config.js``, ``.babelrc.js``) are never executed and not
  read.

Of a ``paths`` entry's targets, the first the tree holds (and that is not
refused) is used.  The aliases are part of the
facts cache's key and of the saved results' key: changing them re-analyses
the project.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .fsutil import read_regular

CONFIG_NAMES = ("tsconfig.json", "jsconfig.json")
BABEL_NAMES = (".babelrc", ".babelrc.json", "babel.config.json")
_RESOLVER = frozenset({"module-resolver", "babel-plugin-module-resolver"})
MAX_CONFIG_BYTES = 1024 * 1024
MAX_EXTENDS = 8

# (pattern prefix, pattern is a wildcard, target before the '*', target after the '*')
Rule = tuple[str, bool, str, str]


@dataclass
class AliasTable:
    """The aliases of a scan: per directory (as shown under the root), the rules
    its files follow.  ``configs``: directory -> rules of its nearest
    tsconfig/jsconfig; ``packages``: directory of a package.json -> its rules;
    ``babel``: directory of a Babel config -> its module-resolver rules."""

    configs: dict[str, tuple[Rule, ...]] = field(default_factory=dict)
    packages: dict[str, tuple[Rule, ...]] = field(default_factory=dict)
    babel: dict[str, tuple[Rule, ...]] = field(default_factory=dict)
    _memo: dict[str, tuple[Rule, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.configs or self.packages or self.babel)

    def key(self) -> bytes:
        """What the facts depend on (empty when there are no aliases, so a
        project without any keeps the key it had)."""
        if not self:
            return b""
        doc = [sorted(self.configs.items()), sorted(self.packages.items())]
        if self.babel:
            doc.append(sorted(self.babel.items()))
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode("utf-8", "surrogateescape")).digest()

    def for_path(self, path: str) -> tuple[Rule, ...]:
        """The rules a file at ``path`` follows: its nearest config's and its
        nearest package's, the longest pattern first."""
        if not self:
            return ()
        d = posixpath.dirname(path)
        got = self._memo.get(d)
        if got is None:
            rules = [*_nearest(self.configs, d), *_nearest(self.packages, d), *_nearest(self.babel, d)]
            got = self._memo[d] = tuple(sorted(set(rules), key=lambda r: (-len(r[0]), r[1], r)))
        return got


def _nearest(table: dict[str, tuple[Rule, ...]], d: str) -> tuple[Rule, ...]:
    while True:
        got = table.get(d)
        if got is not None:
            return got
        if not d:
            return ()
        cut = d.rfind("/")
        d = d[:cut] if cut > 0 else ""


def apply_alias(spec: str, rules: Iterable[Rule]) -> str | None:
    """The path under the root (``lib/utils/got``) that ``spec`` names through
    one of ``rules``, or None when no alias matches."""
    for prefix, wildcard, before, after in rules:
        if wildcard:
            if spec.startswith(prefix) and len(spec) > len(prefix):
                return before + spec[len(prefix):] + after
        elif spec == prefix:
            return before
        elif after == "/" and spec.startswith(prefix + "/"):
            return posixpath.join(before, spec[len(prefix) + 1:])  # module-alias: '@' also covers '@/x'
    return None


# ----------------------------------------------------------------- reading
def read_aliases(root: str, config_dirs: dict[str, str], manifests: dict[str, dict]) -> AliasTable:
    """The aliases declared in configuration files: ``config_dirs`` (directory
    as shown -> directory on disk) holds the tsconfig/jsconfig files discovery
    saw, ``manifests`` what the scan read from package.json files."""
    table = AliasTable()
    root = os.path.abspath(root)
    reserved = _NODE_BUILTINS.union(*(m.get("deps", ()) for m in manifests.values()))
    for shown, abs_dir in sorted(config_dirs.items()):
        for name in CONFIG_NAMES:
            rules = _config_rules(root, shown, abs_dir, name, reserved)
            if rules is not None:
                if rules:
                    table.configs[shown] = rules
                break
    for shown, manifest in sorted(manifests.items()):
        rules = _package_rules(root, shown, manifest)
        if rules:
            table.packages[shown] = rules
    babel_docs = [(shown, manifest["babel"]) for shown, manifest in sorted(manifests.items()) if isinstance(manifest.get("babel"), dict)]
    for shown, abs_dir in sorted(config_dirs.items()):
        for name in BABEL_NAMES:
            path = os.path.join(abs_dir, name)
            doc = _read_jsonc(path) if os.path.isfile(path) and not os.path.islink(path) else None
            if doc is not None:
                babel_docs.append((shown, doc))
    for shown, doc in babel_docs:
        rules = _babel_rules(root, shown, doc, reserved)
        if rules:
            table.babel[shown] = tuple(sorted(set(table.babel.get(shown, ())) | set(rules)))
    return table


def _babel_rules(root: str, shown: str, doc: dict[str, Any], reserved: frozenset[str]) -> tuple[Rule, ...]:
    """The rules of a Babel config's module-resolver plugin (paths relative to
    the config's directory ``shown``)."""
    rules: list[Rule] = []
    plugins = doc.get("plugins")
    for plugin in plugins if isinstance(plugins, list) else ():
        if not (isinstance(plugin, list) and len(plugin) >= 2 and plugin[0] in _RESOLVER and isinstance(plugin[1], dict)):
            continue
        opts = plugin[1]
        aliases = opts.get("alias")
        for k, v in aliases.items() if isinstance(aliases, dict) else ():
            if not (isinstance(k, str) and isinstance(v, str) and v.startswith(("./", "../"))) or k.startswith("^"):
                continue  # a regular expression, or a package's name: left alone
            target = _inside(posixpath.join(shown, v))
            rule = _rule(k, target, module_alias=True, root=root) if target is not None else None
            if rule is not None:
                rules.append(rule)
        roots = opts.get("root")
        for r in [roots] if isinstance(roots, str) else roots if isinstance(roots, list) else ():
            base = _inside(posixpath.join(shown, r)) if isinstance(r, str) and "*" not in r and not r.startswith("/") else None
            if base is not None:
                rules.extend(_base_url_rules(root, base, reserved, [rule[0] for rule in rules]))
    return tuple(sorted(set(rules)))


def add_code_aliases(table: AliasTable, root: str, manifests: dict[str, dict], files: Iterable[Any], max_bytes: int) -> None:
    """Add module-alias's ``addAlias``/``addAliases`` calls, read from the text of
    the JS/TS files (``files``: discovered SourceFiles) of packages that depend
    on module-alias."""
    users = sorted((d for d, m in manifests.items() if "module-alias" in (m.get("deps") or ())), key=len, reverse=True)
    if not users:
        return
    found: dict[str, list[Rule]] = {}
    for f in files:
        if f.kind not in ("js", "ts"):
            continue
        owner = next((d for d in users if not d or f.path.startswith(d + "/")), None)
        if owner is None:
            continue
        try:
            data = read_regular(f.abspath, max_bytes)
        except OSError:
            continue
        if b"addAlias" not in data:
            continue
        text = data.decode("utf-8", errors="replace")
        base = posixpath.dirname(f.path)
        for alias, expr in _code_alias_calls(text):
            target = _dirname_expr(expr, base)
            if target is not None:
                rule = _rule(alias, target, module_alias=True, root=root)
                if rule is not None:
                    found.setdefault(owner, []).append(rule)
    for owner, rules in found.items():
        merged = set(table.packages.get(owner, ())) | set(rules)
        table.packages[owner] = tuple(sorted(merged))
    table._memo.clear()


_ADD_ALIAS = re.compile(r"""\baddAlias\s*\(\s*(['"])([^'"\n]+)\1\s*,\s*([^;\n]{1,200})""")
_ADD_ALIASES = re.compile(r"""\baddAliases\s*\(\s*\{([^}]{1,4000})\}""")
_ALIAS_ENTRY = re.compile(r"""(['"])([^'"\n]+)\1\s*:\s*([^,\n]{1,200}(?:\([^)\n]*\))?)""")


def _code_alias_calls(text: str) -> Iterable[tuple[str, str]]:
    for m in _ADD_ALIAS.finditer(text):
        yield m.group(2), m.group(3)
    for m in _ADD_ALIASES.finditer(text):
        for e in _ALIAS_ENTRY.finditer(m.group(1)):
            yield e.group(2), e.group(3)


_STR = r"""(?:'([^'\n]*)'|"([^"\n]*)")"""
_DIRNAME_ONLY = re.compile(r"""^(?:\(\s*\)\s*=>\s*)?__dirname\s*\)?\s*$""")
_JOINED = re.compile(r"""^(?:\(\s*\)\s*=>\s*)?(?:path\.)?(?:join|resolve)\(\s*__dirname\s*((?:,\s*""" + _STR + r"""\s*)*)\)\s*\)?\s*$""")
_CONCAT = re.compile(r"""^(?:\(\s*\)\s*=>\s*)?__dirname\s*\+\s*""" + _STR + r"""\s*\)?\s*$""")
_STR_ITEM = re.compile(_STR)


def _dirname_expr(expr: str, base: str) -> str | None:
    """The directory (under the root) an alias target expression names, when it
    is written from ``__dirname``; None for anything else."""
    expr = expr.strip().rstrip(",")
    if _DIRNAME_ONLY.match(expr):
        return base
    m = _JOINED.match(expr) or _CONCAT.match(expr)
    if m is None:
        return None
    # (`__dirname + '/lib'` and `path.join(__dirname, '/lib')` join the part, slash or not)
    parts = [(a or b).lstrip("/") for a, b in _STR_ITEM.findall(expr[expr.index("__dirname") + len("__dirname"):])]
    return _inside(posixpath.join(base, *parts)) if parts else base


def _inside(path: str) -> str | None:
    """``path`` normalised under the root, or None outside it (or in node_modules)."""
    p = posixpath.normpath(path)
    if p == ".":
        return ""
    if p.startswith(("../", "/")) or p == ".." or "node_modules" in p.split("/"):
        return None
    return p


_MODULE_EXTS = ("", ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json")


def _exists(root: str, target: str, how: str) -> bool:
    """Is there something under ``root`` for the alias to lead to?  A package's
    paths may name folders its published tarball does not hold (appium's
    `"@appium/support": ["../support"]`): such an alias is left alone, and the
    import keeps naming the package.  ``how``: ``wildcard`` (the folder of
    the target's fixed part must exist), ``prefix`` (module-alias: a folder
    or a module) or ``exact`` (a module: a file, or a folder with an index
    module; a folder that is a package of its own is left to the workspace
    package lookup, which knows its ``main`` and ``src/``)."""
    rel = posixpath.dirname(target) if how == "wildcard" else target
    base = os.path.join(root, *rel.split("/")) if rel else root
    if how == "wildcard":
        return os.path.isdir(base)
    if any(os.path.isfile(base + ext) for ext in _MODULE_EXTS):
        return True
    if not os.path.isdir(base):
        return False
    if how == "prefix":
        return True
    if os.path.exists(os.path.join(base, "package.json")):
        return False
    return any(os.path.isfile(os.path.join(base, "index" + ext)) for ext in _MODULE_EXTS[1:])


def _rule(pattern: str, target: str, *, module_alias: bool = False, root: str = "") -> Rule | None:
    """A rule from an alias pattern and its target (already joined under the
    root); with ``root``, only when the target exists there."""
    if not pattern or pattern == "*" or pattern.startswith((".", "/")):
        return None
    how = "prefix" if module_alias else "wildcard" if "*" in target else "exact"
    if root and not _exists(root, target.partition("*")[0] if how == "wildcard" else target, how):
        return None
    if module_alias:
        # '@' covers '@' and '@/x' (and not '@scope/pkg')
        return (pattern, False, target, "/")
    if pattern.count("*") > 1 or target.count("*") > 1:
        return None
    if pattern.endswith("*"):
        if "*" not in target:
            return None
        before, _, after = target.partition("*")
        return (pattern[:-1], True, before, after)
    if "*" in pattern or "*" in target:
        return None
    return (pattern, False, target, "")


def _package_rules(root: str, shown: str, manifest: dict) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    aliases = manifest.get("module_aliases")
    if isinstance(aliases, dict):
        for k, v in aliases.items():
            target = _inside(posixpath.join(shown, v)) if isinstance(v, str) and not v.startswith("/") else None
            rule = _rule(str(k), target, module_alias=True, root=root) if target is not None else None
            if rule is not None:
                rules.append(rule)
    imports = manifest.get("subpath_imports")
    if isinstance(imports, dict):
        for k, v in imports.items():
            v = _condition_target(v)
            if not (isinstance(k, str) and k.startswith("#") and isinstance(v, str) and v.startswith("./")):
                continue
            target = _inside(posixpath.join(shown, v.replace("*", "\x00"))) if v else None
            rule = _rule(k, target.replace("\x00", "*"), root=root) if target is not None else None
            if rule is not None:
                rules.append(rule)
    return tuple(sorted(set(rules)))


def _condition_target(v: Any, depth: int = 0) -> Any:
    """The target a Node conditional export picks for a server (``node``,
    ``require``, ``import``, ``default``), or ``v`` itself."""
    if isinstance(v, dict) and depth < 4:
        for cond in ("node", "require", "import", "default"):
            if cond in v:
                return _condition_target(v[cond], depth + 1)
        return None
    return v


def _config_rules(root: str, shown: str, abs_dir: str, name: str, reserved: frozenset[str] = frozenset()) -> tuple[Rule, ...] | None:
    """The rules of ``abs_dir/name`` (None: no such file); its ``extends``
    chain is followed through relative files inside the root.  ``reserved``:
    bare names that are packages, never resolved against ``baseUrl``."""
    path = os.path.join(abs_dir, name)
    if not os.path.isfile(path) or os.path.islink(path):
        return None
    paths: dict[str, Any] | None = None
    paths_dir = ""  # (under the root) where the paths are relative to
    base_url: str | None = None
    cur_abs, cur_shown = path, posixpath.join(shown, name)
    for _ in range(MAX_EXTENDS):
        doc = _read_jsonc(cur_abs)
        if doc is None:
            break
        here = posixpath.dirname(cur_shown)
        opts = doc.get("compilerOptions")
        if isinstance(opts, dict):
            if base_url is None and isinstance(opts.get("baseUrl"), str):
                base_url = _inside(posixpath.join(here, opts["baseUrl"]))
                if base_url is None:
                    return ()
            if paths is None and isinstance(opts.get("paths"), dict):
                paths, paths_dir = opts["paths"], here
        ext = doc.get("extends")
        if isinstance(ext, list):
            ext = next((e for e in ext if isinstance(e, str)), None)
        if not (isinstance(ext, str) and ext.startswith(".")):
            break
        nxt = _inside(posixpath.join(here, ext if ext.endswith(".json") else ext + ".json"))
        if nxt is None:
            break
        cur_abs, cur_shown = os.path.join(root, *nxt.split("/")), nxt
    base = base_url if base_url is not None else paths_dir
    rules: list[Rule] = []
    for pattern, targets in (paths or {}).items():
        if not isinstance(pattern, str) or not isinstance(targets, list):
            continue
        for one in targets:
            # (TypeScript tries the targets in turn: the first the tree holds is used)
            target = _inside(posixpath.join(base, one.replace("*", "\x00"))) if isinstance(one, str) and not one.startswith("/") else None
            rule = _rule(pattern, target.replace("\x00", "*"), root=root) if target is not None else None
            if rule is not None:
                rules.append(rule)
                break
    if base_url is not None:
        rules.extend(_base_url_rules(root, base_url, reserved, [r[0] for r in rules]))
    return tuple(sorted(set(rules)))


# Node's built-in modules: a bare import of one never means a folder under baseUrl
_NODE_BUILTINS = frozenset({
    "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto", "dgram",
    "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2", "https", "inspector", "module", "net",
    "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl", "stream", "string_decoder",
    "sys", "test", "timers", "tls", "trace_events", "tty", "url", "util", "v8", "vm", "wasi", "worker_threads", "zlib",
})
_BARE_NAME = re.compile(r"[A-Za-z_][\w.-]*")
MAX_BASE_ENTRIES = 512


def _base_url_rules(root: str, base: str, reserved: frozenset[str], taken: list[str]) -> list[Rule]:
    """Rules for the folders and modules directly in the ``baseUrl`` folder
    (``src/`` -> ``<base>/src/``, ``db`` -> ``<base>/db``), except names that
    are packages (``reserved``), hidden, or covered by a ``paths`` pattern
    (``taken``: their prefixes).  Symbolic links are not followed."""
    abs_base = os.path.join(root, *base.split("/")) if base else root
    try:
        with os.scandir(abs_base) as it:
            entries = sorted((e for e in it), key=lambda e: e.name)[:MAX_BASE_ENTRIES]
    except OSError:
        return []
    out: list[Rule] = []
    for entry in entries:
        name = entry.name
        try:
            is_dir, is_file = entry.is_dir(follow_symlinks=False), entry.is_file(follow_symlinks=False)
        except OSError:
            continue
        if is_file:
            name, ext = posixpath.splitext(name)
            if ext not in _MODULE_EXTS[1:-1] or name.endswith(".d"):
                continue
        elif not is_dir or name == "node_modules":
            continue
        if not _BARE_NAME.fullmatch(name) or name in reserved \
                or any(p.rstrip("/") == name or p.startswith(name + "/") or name.startswith(p) for p in taken):
            continue
        target = posixpath.join(base, name)
        if is_dir:
            out.append((name + "/", True, target + "/", ""))
            if _exists(root, target, "exact"):
                out.append((name, False, target, ""))
        else:
            out.append((name, False, target, ""))
    return out


def _read_jsonc(path: str) -> dict[str, Any] | None:
    """A tsconfig-style file (JSON with comments and trailing commas), or None."""
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_CONFIG_BYTES:
        return None
    try:
        doc = json.loads(strip_jsonc(raw.decode("utf-8-sig", errors="replace")))
    except (ValueError, RecursionError):
        return None
    return doc if isinstance(doc, dict) else None


def strip_jsonc(text: str) -> str:
    """``text`` without ``//`` and ``/* */`` comments and trailing commas (outside strings)."""
    out: list[str] = []
    i, n = 0, len(text)
    comma = -1  # index in ``out`` of a comma that may turn out to be trailing
    while i < n:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            comma = -1
            i = j + 1
        elif ch == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif ch == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif ch in "}]":
            if comma >= 0:
                out[comma] = ""
            comma = -1
            out.append(ch)
            i += 1
        elif ch == ",":
            comma = len(out)
            out.append(ch)
            i += 1
        else:
            if not ch.isspace():
                comma = -1
            out.append(ch)
            i += 1
    return "".join(out)
