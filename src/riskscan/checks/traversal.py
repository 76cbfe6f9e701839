"""RS701: a request value reaches a file path.

The data flow is computed per file by the frontends (``extra["taint"]``, see
:mod:`riskscan.frontends.taint_js` for the format); this check only judges
it: a path construction counts when the built path is used (read, written,
sent) or handed on, a strong guard (containment check, basename, allowlist)
clears the flow, and weak guards only (blocklists, regexes that admit dots)
lower the finding to medium/low as the catalog says.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from ..facts import BOOL, CALL, IDENT, OBJ, STR, Call, FileFacts, Val
from ..frontends._taint_core import CONTAIN_NAME, NO_PARENT, WEAK_GUARDS, classify_regex, cleared, param_index
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import check
from ._memo import calls_at, per_file, per_project
from ._resolve import assigned_calls, callee_funcs, constructed_inits, definitions, imported_target, last_name, module_and_attr, walk_vals
from ._services import root_deps

_GUARD_WORDS = {
    "blocklist": "a blocklist",
    "dotregex": "a pattern that still admits dots or slashes",
    "dotname": "a pattern that admits dots but no `/` or `\\`",
    "segment": "a route that admits no `/` in it",
    "noparent": "cutting the leading `..` off the normalized path",
    "nodotdot": "removing every run of two or more dots",
    "lexical": "a containment check on a path never resolved",
}


def _judge(sink: dict[str, Any]) -> tuple[bool, list[dict[str, Any]]]:
    """(report it, weak guards seen)."""
    if sink.get("kind") == "build" and not sink.get("then") and not sink.get("escapes"):
        return False, []
    guards = sink.get("guards") or []
    kinds = {g.get("kind") for g in guards}
    if cleared(kinds):
        return False, []
    weak = [g for g in guards if g.get("kind") in WEAK_GUARDS]
    if weak and all(g.get("kind") == "segment" for g in weak) and _existence_only(sink):
        return False, []  # one segment (no `/`) only asked whether it exists: a lone `..` probes a folder the code chose
    return True, weak


# sinks that only ask whether a path exists (or its metadata): an oracle, not a read or write
_EXISTENCE = frozenset({
    "os.path.exists", "os.path.isfile", "os.path.isdir", "os.path.lexists", "os.path.getsize", "os.path.getmtime",
    "os.stat", "os.lstat", "Path.exists()", "Path.is_file()", "Path.is_dir()", "Path.stat()",
    "fs.existsSync", "fs.exists", "fs.access", "fs.accessSync", "fs.stat", "fs.statSync", "fs.lstat", "fs.lstatSync",
    "fs.promises.access", "fs.promises.stat", "fsp.access", "fsp.stat",
})


def _existence_only(sink: dict[str, Any]) -> bool:
    """Is every use of the request-built path an existence or metadata check?"""
    if sink.get("escapes"):
        return False
    uses = [t.get("sink") for t in sink.get("then") or []]
    if sink.get("kind") != "build":
        uses.append(sink.get("sink"))
    return bool(uses) and all(u in _EXISTENCE for u in uses)


def _handed_on_only(sink: dict[str, Any]) -> bool:
    """A built path no file API of the function uses: it is reported because it
    is handed on (to a call, a return), not for a read or write seen here."""
    return sink.get("kind") == "build" and not sink.get("then")


def _source_text(source: str) -> str:
    """'name (route parameter)' -> '`name` (route parameter)'; other sources in backticks."""
    if source.endswith(")") and " (" in source and not source.startswith("@"):
        name, _, desc = source.partition(" (")
        return f"`{name}` ({desc}"
    return f"`{source}`"


# file APIs that delete what the path names
_DELETES = lazy_re(r"(?:^|\.)(?:remove|unlink|unlinkSync|rmtree|rmdir|rmdirSync|rm|rmSync|removedirs|remove_file|delete)(?:\(\))?$")


def _worst_use(sink: dict[str, Any]) -> str:
    """The most harmful file API the built path reaches (a delete, then any
    use but an existence probe, then the first), '' when it is used nowhere."""
    uses = [str(t["sink"]) for t in sink.get("then") or []]
    if not uses:
        return ""
    return next((u for u in uses if _DELETES.search(u)), None) or next((u for u in uses if u not in _EXISTENCE), uses[0])


# file APIs that list a directory: they reveal names, not contents
_LISTS = lazy_re(r"(?:^|\.)(?:listdir|scandir|walk|iterdir|glob|rglob|readdir|readdirSync|opendir|opendirSync)(?:\(\))?$")


def _at_use(sink: dict[str, Any]) -> dict[str, Any]:
    """A request value first probed for existence (``os.path.isfile(p)``),
    then read, written or listed: the finding sits at that use (the worst
    one, a delete before any other), the probe is kept as ``probe``."""
    if sink.get("kind") != "file" or sink.get("sink") not in _EXISTENCE:
        return sink
    then = list(sink.get("then") or [])
    use = next((t for t in then if _DELETES.search(str(t["sink"]))), None) or next((t for t in then if t["sink"] not in _EXISTENCE), None)
    if use is None:
        return sink
    rest = [t for t in then if t is not use]
    probe = {"line": sink.get("line"), "sink": sink.get("sink")}
    return dict(sink, line=use["line"], col=use.get("col") or 1, sink=use["sink"], then=rest, probe=probe)


def _bare_name(sink: dict[str, Any], harm: str) -> str:
    """The tail of the message for a one-segment value that a file API takes
    as the whole path (``open(filename)``): no base to climb out of, but every
    file of the directory a relative path is resolved from is in reach."""
    # Flask's send_file resolves a relative path from the app's root path
    where = "the app's root path" if str(sink.get("sink") or "").endswith("send_file") else "the process's working directory"
    return (f"it is the whole path, joined under no base directory: a client {harm} in {where} by name "
            f"(`.env`, config, source), and a lone `..` names its parent; join it under the intended directory "
            f"and check the resolved path stays there")


def _message(sink: dict[str, Any], weak: list[dict[str, Any]]) -> str:
    src = _source_text(str(sink.get("source") or "a request value"))
    path = f"`{sink.get('sink')}`"
    worst = _worst_use(sink)
    if worst:
        # a built path is then used; two file calls on the value may be alternatives (`if dir: readdir else read`)
        path += f", then `{worst}`" if sink.get("kind") == "build" else f" and `{worst}`"
    harm = "deletes any file" if _DELETES.search(worst or str(sink.get("sink") or "")) else "reads or writes any file"
    if harm != "deletes any file" and str(sink.get("sink") or "").startswith("multer "):
        harm = "writes the upload over any file"  # multer's diskStorage name: where the upload is stored
    uses = [str(u) for u in (sink.get("sink") if sink.get("kind") != "build" else None, *(t["sink"] for t in sink.get("then") or [])) if u]
    lists = [u for u in uses if u not in _EXISTENCE]
    if harm != "deletes any file" and lists and all(_LISTS.search(u) for u in lists) and not weak:
        if sink.get("kind") == "file":
            return (
                f"Request value {src} reaches {path} with no containment check: it is the whole path, so a client lists "
                f"any directory the process can reach (`/etc`, `../..`), the names of config, secret and source files"
            )
        return (
            f"Request value {src} reaches {path} with no containment check: a `../` in it lists any directory "
            f"the process can reach, the names of config, secret and source files"
        )
    if weak and all(g["kind"] == "segment" for g in weak):
        text = str(weak[0].get("text", ""))
        # a route parameter (`<name>`, `{name}`) or a replace that strips every separator and keeps dots
        how = ("the route admits no `/` in it" if text[:1] in ("<", "{", ":") or text.endswith((">", "}"))
               else "the replace leaves no `/` or `\\` in it but keeps dots")
        if sink.get("kind") == "file":
            return (f"Request value {src} reaches {path} with no containment check; {how} "
                    f"(`{text}`, line {weak[0].get('line')}), but {_bare_name(sink, harm)}")
        return (
            f"Request value {src} reaches {path} with no containment check; {how} "
            f"(`{text}`, line {weak[0].get('line')}), so only a lone `..` gets through: one directory "
            f"up from where it is joined (two such values reach any file there); resolve the path and check it stays under the base"
        )
    if weak and all(g["kind"] in NO_PARENT for g in weak):
        return (
            f"Request value {src} reaches {path} guarded only by {_GUARD_WORDS[weak[0]['kind']]} "
            f"(`{weak[0].get('text', '')}`, line {weak[0].get('line')}): no `..` is left, but an absolute path still "
            f"passes, and here it is not joined under a base with `path.join` (`path.resolve` and the file APIs take it "
            f"as it is); join it under the base, or resolve the path and check it stays under the base"
        )
    if weak and all(g["kind"] == "dotname" for g in weak) and sink.get("kind") == "file":
        return (f"Request value {src} reaches {path} guarded only by {_GUARD_WORDS['dotname']} "
                f"(`{weak[0].get('text', '')}`, line {weak[0].get('line')}): the value is one path segment, "
                f"but {_bare_name(sink, harm)}")
    if weak and all(g["kind"] == "dotname" for g in weak):
        return (
            f"Request value {src} reaches {path} guarded only by {_GUARD_WORDS['dotname']} "
            f"(`{weak[0].get('text', '')}`, line {weak[0].get('line')}): the value is one path segment, so at most a lone `..` "
            f"gets through: one directory up from where it is joined (two such values reach any file there); "
            f"resolve the path and check it stays under the base"
        )
    if weak:
        kinds = list(dict.fromkeys(_GUARD_WORDS[g["kind"]] for g in weak))
        first = weak[0]
        # (a pattern of one path segment among the checks: separators and absolute paths are refused)
        what = ("the pattern keeps it to one path segment, so at most a lone `..` leaves the intended directory, where "
                "the other checks let it through" if any(g["kind"] == "dotname" for g in weak)
                else "it compares the path as written, so a `../` in it passes (only an absolute path is refused)"
                if all(g["kind"] == "lexical" for g in weak)
                else "encodings, absolute paths and separators the check does not list can still leave the intended directory")
        return (
            f"Request value {src} reaches {path} guarded only by {' and '.join(kinds)} "
            f"(`{first.get('text', '')}`, line {first.get('line')}): {what}; resolve the path and check it stays under the base"
        )
    return (
        f"Request value {src} reaches {path} with no containment check: a `../` in it {harm} "
        f"the process can reach (config, secrets, source)"
    )


def _oracle_message(sink: dict[str, Any], weak: list[dict[str, Any]]) -> str:
    src = _source_text(str(sink.get("source") or "a request value"))
    if sink.get("kind") == "file" and not weak:
        # the request value is the whole path (`os.path.exists(request.form["f"])`):
        # no base to climb out of; an absolute path, or `../` from the working directory
        return (
            f"Request value {src} reaches `{sink.get('sink')}` as the whole path, joined under no base directory and "
            f"with no containment check: a client probes whether any file exists on the server by naming it (an "
            f"absolute path, or a `../` path from the working directory): an oracle, not a read; join it under the "
            f"intended directory and check the resolved path stays there"
        )
    then = sink.get("then") or []
    used = then[0]["sink"] if then else sink.get("sink")
    return (
        f"Request value {src} reaches `{sink.get('sink')}`, used only by `{used}` with no containment check: a `../` in it "
        f"lets a client probe which files exist on the server (an oracle, not a read); resolve the path and check it stays under the base"
    )


def _func_name(project: Project, ff: FileFacts, line: Any) -> str:
    """The name of the first function of ``ff`` defined on ``line`` ("" for none)."""
    try:
        return _func_names_by_line(project, ff).get(line, "")
    except TypeError:  # (an unhashable line: no function is defined there)
        return ""


@per_file
def _func_names_by_line(project: Project, ff: FileFacts) -> dict[int, str]:
    """The name of the first function defined on each line of ``ff``: one
    index per file for every finding's anchor, not a pass per finding."""
    out: dict[int, str] = {}
    for f in ff.funcs:
        out.setdefault(f.line, f.name)
    return out


def _django_route_names(ff: FileFacts, r: Any) -> set[str]:
    """The dotted names a Django URL pattern's view mentions (``views.media``,
    ``views.FileView.as_view()``, also inside a wrapper such as
    ``login_required(views.media)``)."""
    names: set[str] = set()
    stack = list(r.middleware)
    seen = 0
    while stack and seen < 200:
        v = stack.pop()
        seen += 1
        if v.k in (IDENT, CALL, STR) and isinstance(v.v, str):
            names.add(v.v)
        if v.k == CALL and 0 <= v.call < len(ff.calls):
            c = ff.calls[v.call]
            stack.extend(c.args)
            stack.extend(c.kwargs.values())
    return names


def _django_routes(project: Project) -> Iterable[tuple[FileFacts, Any]]:
    for ff in project.parsed_code_files():
        if ff.lang == "py":
            for r in ff.routes:
                if r.framework == "django":
                    yield ff, r


@per_project
def _django_view_names(project: Project) -> frozenset[str] | None:
    """The names the project's Django URL patterns mention as views (the last
    segment of each name); None when the scan holds no URL pattern, so any
    function that takes ``request`` first may be a view."""
    names: set[str] = set()
    found = False
    for ff, r in _django_routes(project):
        found = True
        names.update(n.rsplit(".", 1)[-1] for n in _django_route_names(ff, r))
    return frozenset(names) if found else None


@per_project
def _django_route_paths(project: Project) -> dict[str, list[str]]:
    """Name -> the paths of the project's Django URL patterns that mention it
    (each dotted part of the names their views mention)."""
    out: dict[str, list[str]] = {}
    for ff, r in _django_routes(project):
        parts = {p for n in _django_route_names(ff, r) for p in n.split(".")}
        for n in parts:
            out.setdefault(n, []).append(r.path)
    return out


# Django path converters that match no dot and no slash (`int` is `[0-9]+`, `slug` `[-a-zA-Z0-9_]+`)
_SAFE_DJANGO_CONVERTERS = frozenset({"int", "slug", "uuid"})
_KWARGS_KEY = lazy_re(r"""^(?:self\.)?kwargs(?:\[|\.get\()\s*['"](\w+)['"]""")


def _url_argument_allowlisted(path: str, arg: str) -> bool | None:
    """Does the URL pattern ``path`` match ``arg`` only with no dot or slash
    (``<int:arg>``, ``<slug:arg>``, ``(?P<arg>[0-9]+)``)?  None when it does
    not name ``arg``."""
    at = path.find(f"(?P<{arg}>")
    if at >= 0:
        start = at + len(arg) + 5
        depth, i = 1, start
        while i < len(path) and depth:
            ch = path[i]
            if ch == "\\":
                i += 1
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            i += 1
        return depth == 0 and classify_regex(path[start : i - 1], full=True) == "allowlist"
    m = re.search(rf"<(?:(\w+):)?{re.escape(arg)}>", path)
    if m is None:
        return None
    return (m.group(1) or "str") in _SAFE_DJANGO_CONVERTERS


def _safe_url_argument(project: Project, ff: FileFacts, sink: dict[str, Any]) -> bool:
    """A Django view argument (or ``kwargs["x"]`` / ``self.kwargs["x"]``)
    that every URL pattern naming the view captures with a converter or regex
    group admitting no dot or slash: the resolver refused anything else
    before the view ran, as an allowlist would."""
    source = str(sink.get("source") or "")
    if source.endswith(" (view argument)"):
        arg = source[: -len(" (view argument)")]
    else:
        m = _KWARGS_KEY.match(source)
        if m is None:
            return False
        arg = m.group(1)
    fn = next((f for f in ff.funcs if f.line == sink.get("func_line")), None)
    if fn is None:
        return False
    view = fn.cls or fn.name
    paths = _django_route_paths(project).get(view) or []
    verdicts = [_url_argument_allowlisted(p, arg) for p in paths]
    return bool(verdicts) and all(v is True for v in verdicts)


def _past_url_arguments(project: Project, ff: FileFacts, sink: dict[str, Any]) -> dict[str, Any] | None:
    """``sink`` judged by its next least guarded request value while the one
    it names is a URL argument the routes restrict (:func:`_safe_url_argument`)
    or an uploaded file's name its parser stripped of directories
    (:func:`_basenamed_upload`); None when every request value reaching it is one."""
    rest = list(sink.get("others") or [])
    cur = _helper_guards(project, ff, sink)
    while _safe_url_argument(project, ff, cur) or _basenamed_upload(project, ff, cur):
        if not rest:
            return None
        nxt = rest.pop(0)
        cur = _helper_guards(project, ff, dict(sink, source=nxt.get("source"), source_line=nxt.get("source_line"), guards=nxt.get("guards") or [],
                                               upload=bool(nxt.get("upload"))))
    return cur


# upload parsers that hand the client's file name over stripped of its directories
# (busboy's `basename`: `../../etc/x` -> `x`, `..` -> ''), unless told to keep them:
# multer (also under Nest's FileInterceptor and @koa/multer) and express-fileupload
_BASENAMING_UPLOADS = ("multer", "@koa/multer", "koa-multer", "express-fileupload", "@nestjs/platform-express")
# parsers that keep the name as sent (formidable keeps `../`), or busboy read by hand
_RAW_NAME_UPLOADS = ("formidable", "express-formidable", "koa-body", "koa-better-body", "multiparty", "connect-multiparty", "busboy",
                     "co-busboy", "async-busboy", "@fastify/multipart", "fastify-multipart", "formidable-serverless")
# options that keep the directories (busboy's `preservePath`) or decode `%2F` after stripping (express-fileupload)
_NAME_KEEPING_OPTIONS = ("preservePath", "uriDecodeFileNames")


def _basenamed_upload(project: Project, ff: FileFacts, sink: dict[str, Any]) -> bool:
    """The request value is an uploaded file's client-chosen name (multer's
    ``req.file.originalname``, express-fileupload's ``req.files.x.name``, Nest's
    ``@UploadedFile() file``) in a package whose only upload parsers strip its
    directories (:data:`_BASENAMING_UPLOADS`), and no code of the project asks
    them to keep or decode them: joined under a folder it stays there."""
    if not sink.get("upload"):
        return False
    svc = project.service_of(ff.path)
    deps = root_deps(project, svc.root if svc is not None else "")
    if not any(d in deps for d in _BASENAMING_UPLOADS) or any(d in deps for d in _RAW_NAME_UPLOADS):
        return False
    return not _keeps_upload_names(project)


@per_project
def _keeps_upload_names(project: Project) -> bool:
    """Some JS code of the project sets ``preservePath`` or ``uriDecodeFileNames``
    (to anything but ``false``), or mentions them where it cannot be read."""
    for g in project.code_files():
        if g.lang == "py":
            continue
        if g.shallow:
            # (an unparsed file: one whose text may name the option is taken to set it)
            if any(project.full(g, word) is not g for word in _NAME_KEEPING_OPTIONS):
                return True
            continue
        vals = [*g.consts.values(), *(a for c in g.calls for a in (*c.args, *c.kwargs.values()))]
        for val in vals:
            for v in walk_vals(val):
                for word in _NAME_KEEPING_OPTIONS:
                    got = v.keys.get(word) if v.k == OBJ and v.keys else None
                    if got is not None and not (got.k == BOOL and got.v == "false"):
                        return True
    return False


# a value read from a function's own `**kwargs` (`kwargs.get("data")`, `kw["name"]`)
_STAR_KWARGS_READ = lazy_re(r"""^(\w+)(?:\[|\.get\()""")


def _unrouted_view_argument(project: Project, ff: FileFacts, sink: dict[str, Any]) -> bool:
    """A Django "view argument" of a module-level function that no URL
    pattern of the project names: a function other code calls with a request
    (a sendfile backend, a helper), so the argument is that code's value.
    So is a value its ``**kwargs`` holds (horizon's ``image_update(request,
    image_id, **kwargs)``, called by a form with the upload it saved).  The
    function is the one whose parameter the value is (a view argument's
    source line is its ``def``), also when the path is built or handed on in
    a same-file helper it called."""
    source = str(sink.get("source") or "")
    star = _STAR_KWARGS_READ.match(source)
    if not source.endswith(" (view argument)") and star is None:
        return False
    names = _django_view_names(project)
    if names is None:
        return False
    fn = None if star is not None else next((f for f in ff.funcs if f.line == sink.get("source_line")), None)
    fn = fn or next((f for f in ff.funcs if f.line == sink.get("func_line")), None)
    if fn is None or fn.cls or fn.parent or fn.name in names:
        return False
    # `**kwargs` is the last parameter; `request` (the first) is never it
    return star is None or (len(fn.params) > 1 and fn.params[-1] == star.group(1))


def _handed_to_checking_helpers(project: Project, ff: FileFacts, sink: dict[str, Any]) -> bool:
    """The built path is only handed to project functions (``sendFile(root, p,
    res)`` imported from a util module), each of which checks containment
    before it uses the path: it calls a containment-named helper
    (``isChildPath``) or tests ``path.relative(...)`` against ``'..'``."""
    via = sink.get("via")
    if sink.get("kind") != "build" or sink.get("then") or sink.get("opaque") or not isinstance(via, list) or not via:
        return False
    for name in via:
        defs = [d for d in definitions(project, ff, str(name)) if d.func is not None]
        if not defs or not all(_checks_containment(project, d.ff, d.func) for d in defs):
            return False
    return True


# Python calls that test whether a path stays under a root (`p.resolve().is_relative_to(root)`,
# `p.parent.samefile(root)`, `os.path.commonpath([p, root]) == root`)
_CONTAIN_CALLS = frozenset({"is_relative_to", "relative_to", "samefile", "commonpath"})


def _helper_guards(project: Project, ff: FileFacts, rec: dict[str, Any]) -> dict[str, Any]:
    """``rec`` with its ``helper`` and ``dependency`` guards judged: a call,
    whose failure stops the request, of a function of another module that the
    value or the path built from it was given (``if is_file_in_dir(p, root):
    ...``), or the FastAPI dependency whose result the parameter is
    (``path: str = Depends(validate_path)``, a function of this module or an
    imported one), is a containment check when every function it reaches
    checks one; else it guards nothing and is dropped."""
    guards = rec.get("guards") or []
    if not any(g.get("kind") in ("helper", "dependency") for g in guards):
        return rec
    out = []
    for g in guards:
        if g.get("kind") in ("helper", "dependency"):
            name = str(g.get("text") or "")
            if g["kind"] == "helper":
                funcs = _other_module_funcs(project, ff, g.get("line"), name)
            else:
                funcs = [(d.ff, d.func) for d in definitions(project, ff, name) if d.func is not None]
            if not funcs:
                continue
            if g["kind"] == "helper" and all(tf.lang in ("js", "ts") for tf, _fn in funcs):
                # JS: a regex validator (`common.existsUpPath(req.path)`), judged as its test inline
                kinds = [_js_validator(project, tf, fn) for tf, fn in funcs]
                if not all(kinds):
                    continue
                out.append(dict(g, kind=max(kinds, key=_PATTERN_STRENGTH.index)))
                continue
            if all(_checks_containment(project, tf, fn) for tf, fn in funcs):
                g = dict(g, kind="contain")
            else:
                kinds = [_pattern_check(project, tf, fn) for tf, fn in funcs] if g["kind"] == "helper" else []
                if not kinds or not all(kinds):
                    continue
                g = dict(g, kind=max(kinds, key=_PATTERN_STRENGTH.index))
        out.append(g)
    return dict(rec, guards=out)


# what a regex admits, strongest first (see ``classify_regex``)
_PATTERN_STRENGTH = ("allowlist", "dotname", "dotregex", "blocklist")
_REGEX_TESTS = frozenset({"match", "fullmatch", "search"})


def _pattern_check(project: Project, ff: FileFacts, func: Any) -> str:
    """What a validator of another module checks when its body matches one of
    its parameters against a regex (MobSF's ``is_md5(user_input)``:
    ``MD5_REGEX.match(user_input)`` with ``MD5_REGEX = re.compile(r'^[0-9a-f]{32}$')``
    at module level; ``re.match(pat, value)`` with ``pat`` compiled in the
    function): the guard kind of its weakest such pattern (``allowlist`` for
    one anchored and admitting no dot or separator), "" when it matches none,
    a pattern the scan cannot read, or not every parameter."""
    if ff.shallow:
        ff = project.full(ff)
        func = project.funcs(ff).get(func.id) if ff is not None else None
        if ff is None or func is None:
            return ""
    params = set(func.params) - {"self", "cls"}
    matched: set[str] = set()
    kinds: list[str] = []
    for c in project.calls_in(ff, func.id, nested=False):
        how = c.method or last_name(c.callee)
        if how not in _REGEX_TESTS:
            continue
        if imported_target(ff, c.callee) == f"re.{how}":
            pattern = _regex_text(project, ff, func.id, c.args[0] if c.args else None)
            subject = c.args[1] if len(c.args) > 1 else c.kwargs.get("string")
        else:
            pattern = _regex_text(project, ff, func.id, Val(IDENT, c.recv)) if c.recv else None
            subject = c.args[0] if c.args else c.kwargs.get("string")
        if subject is None or subject.k != IDENT or subject.v not in params:
            continue
        if pattern is None:
            return ""
        matched.add(subject.v)
        kinds.append(classify_regex(pattern, full=how == "fullmatch", start=how == "match"))
    # (every parameter: which argument holds the request value is not known,
    # and `valid(kind, name)` matching only `kind` says nothing of `name`)
    return max(kinds, key=_PATTERN_STRENGTH.index) if kinds and matched == params else ""


def _js_validator(project: Project, ff: FileFacts, func: Any) -> str:
    """The guard kind of a JS/TS function of one parameter that only returns a
    regex test of it (whistle's ``exports.existsUpPath = function (str) {
    return UP_PATH_REGEXP.test(str); }``), as the frontend's ``validators``
    record it: what the same test written in the caller would be; "" for any
    other function."""
    if ff.shallow:
        ff = project.full(ff)
    taint = ff.extra.get("taint") if ff.extra else None
    found = [v.get("kind") for v in (taint.get("validators") or []) if v.get("func_line") == func.line] if isinstance(taint, dict) else []
    return str(found[0]) if len(found) == 1 and found[0] in _PATTERN_STRENGTH else ""


def _regex_text(project: Project, ff: FileFacts, func_id: str, val: Val | None) -> str | None:
    """The pattern of a regex argument: a string literal, a string constant of
    the module, or a name the function or the module assigned ``re.compile(...)``
    of one."""
    if val is None:
        return None
    if val.k == STR:
        return str(val.v)
    compiled: Call | None = None
    if val.k == CALL and 0 <= val.call < len(ff.calls):
        compiled = ff.calls[val.call]
    elif val.k == IDENT and "." not in val.v:
        const = ff.consts.get(val.v)
        if const is not None and const.k == STR:
            return str(const.v)
        for scope in (func_id, ""):
            got = assigned_calls(project, ff).get((scope, val.v))
            if got:
                compiled = got[-1] if len(got) == 1 else None
                break
    if compiled is None or imported_target(ff, compiled.callee) != "re.compile" or not compiled.args or compiled.args[0].k != STR:
        return None
    return str(compiled.args[0].v)


def _checks_containment(project: Project, ff: FileFacts, func: Any) -> bool:
    if ff.shallow:
        ff = project.full(ff)
        func = project.funcs(ff).get(func.id) if ff is not None else None
        if ff is None or func is None:
            return False
    calls = project.calls_in(ff, func.id, nested=True)
    if any(CONTAIN_NAME.search(c.method or last_name(c.callee)) or (c.method or last_name(c.callee)) in _CONTAIN_CALLS for c in calls):
        return True
    relative = any(c.method == "relative" for c in calls)
    return relative and any(c.method == "startsWith" and c.args and c.args[0].k == STR and c.args[0].v.startswith("..") for c in calls)


def _other_module_funcs(project: Project, ff: FileFacts, line: Any, name: str) -> list[tuple[FileFacts, Any]]:
    """The functions of other modules the call of ``name`` at ``line`` reaches
    (a class's constructor for ``server.Csw(cfg)``)."""
    name = name.rsplit(".", 1)[-1]
    call = next((c for c in calls_at(ff, line) if (c.method or last_name(c.callee)) == name), None)
    if call is None:
        return []
    found = callee_funcs(project, ff, call) or constructed_inits(project, ff, call)
    if not found and call.method and call.recv.count(".") == 1:
        # ctx.store.deleteObject(key): a method of what the app put on Koa's context
        got = _koa_context_classes(project).get(call.recv.split(".", 1)[1])
        if got is not None:
            found = [(got[0], f) for f in got[0].funcs if f.cls == got[1] and f.name == call.method]
    return [(tf, func) for tf, func in found if tf is not ff]


_KOA_CONTEXT_SLOT = lazy_re(r"^(?:this|[A-Za-z_$][\w$]*)\.context\.([A-Za-z_$][\w$]*)$")


@per_project
def _koa_context_classes(project: Project) -> dict[str, tuple[FileFacts, str]]:
    """The project classes a Koa app puts on its context, by name, in a file
    that imports koa: ``this.store = this.context.store = new
    FilesystemStore(dir)`` in a class extending Koa (s3rver's
    lib/s3rver.js), ``app.context.db = new Db()``; every request's
    ``ctx.store`` is that instance.  A name also given another class, or an
    instance of no project class (``new LRU()``), is left out."""
    out: dict[str, tuple[FileFacts, str]] = {}
    clash: set[str] = set()
    for ff in project.code_files():
        if ff.lang not in ("js", "ts"):
            continue
        ff = project.full(ff, "context")  # (asked only when a handler calls such a method: a file the prefilter left shallow is read)
        if not any(m == "koa" for m in ff.modules):
            continue
        for c in ff.calls:
            m = _KOA_CONTEXT_SLOT.match(c.assigned) if c.new and c.assigned else None
            if m is None:
                continue
            target = _js_class(project, ff, c.callee)
            name = m.group(1)
            if target is None or out.get(name, target) != target:
                clash.add(name)
            else:
                out[name] = target
    return {k: v for k, v in out.items() if k not in clash}


def _js_class(project: Project, ff: FileFacts, callee: str) -> tuple[FileFacts, str] | None:
    """The project class ``new <callee>()`` builds: one of the file's, or a
    module's default export (``module.exports = FilesystemStore``) or named one."""
    if callee.startswith("./"):
        target = module_and_attr(project, callee)
        if target is None:
            return None
        tf, cls = project.full(target[0]), target[1] or str(((target[0].extra or {}).get("exports") or {}).get("default") or "")
    else:
        tf, cls = ff, callee
    classes = {str(k.get("name")) for k in (tf.extra or {}).get("classes") or [] if isinstance(k, dict)}
    return (tf, cls) if cls and cls in classes else None


def _judged_by_module(project: Project, ff: FileFacts, sink: dict[str, Any]) -> bool:
    """A request value passed to a file-named method of the project's own
    module (``monitor.writeFile(name)``) whose function the scan finds: the
    hand-off judges it by what that function does with it."""
    return bool(sink.get("module_call")) and bool(_other_module_funcs(project, ff, sink.get("line"), str(sink.get("sink") or "")))


def _helper_sinks(project: Project, ff: FileFacts, hand: dict[str, Any]) -> Iterable[tuple[FileFacts, dict[str, Any]]]:
    """The sink records a function of another module reaches with the
    parameter a request value is handed to (its ``params`` summaries)."""
    for tf, func in _other_module_funcs(project, ff, hand.get("line"), str(hand.get("name") or "")):
        taint = tf.extra.get("taint") if tf.extra else None
        for s in (taint.get("params") or []) if isinstance(taint, dict) else []:
            rec = _param_record(s, hand.get("arg")) if s.get("func_line") == func.line else None
            if rec is not None:
                yield tf, _helper_guards(project, tf, rec)


def _param_record(s: dict[str, Any], arg: Any) -> dict[str, Any] | None:
    """The summary record ``s`` as parameter ``arg`` reaches it, with that
    parameter's guards: a sink that several parameters reach (``path.join(root,
    name)`` in ``read(root, name)``) is summarised under the least guarded one,
    the rest are its ``others``."""
    if s.get("param") == arg:
        return s
    for o in s.get("others") or []:
        if param_index(o.get("source")) == arg:
            rec = {k: v for k, v in s.items() if k not in ("others", "upload")}
            return dict(rec, param=arg, guards=o.get("guards") or [], **({"upload": True} if o.get("upload") else {}))
    return None


def _handoff_hits(project: Project, ff: FileFacts, taint: dict[str, Any]) -> Iterable[Hit]:
    """A request value passed to a function of another module that builds a
    path from that parameter and uses it (``backups.remove(req.query.db)`` ->
    ``fs.unlink(path.join(DIR, name))``): reported at the call, where the
    request value enters, with the helper's sink as a related location."""
    seen: set[tuple[Any, ...]] = set()
    for first in taint.get("handoffs") or []:
        hand = _past_url_arguments(project, ff, first)
        if hand is None or _unrouted_view_argument(project, ff, hand):
            continue
        kinds = {g.get("kind") for g in hand.get("guards") or []}
        key = (hand.get("line"), hand.get("source"))
        if cleared(kinds) or key in seen:
            continue
        own_weak = [g for g in hand.get("guards") or [] if g.get("kind") in WEAK_GUARDS]
        # the helper's worst use of the parameter: a read before a weakly
        # guarded one before an existence probe
        best: tuple[int, int, FileFacts, dict[str, Any], list[dict[str, Any]]] | None = None
        for order, (tf, s) in enumerate(_helper_sinks(project, ff, hand)):
            if s.get("kind") == "build" and not s.get("then") and not hand.get("into"):
                continue  # a path the helper only builds and returns: the caller's use is what counts
            # judged with the caller's guards too: a one-segment route
            # parameter the helper cuts at its first dot cannot be `..`
            report, weak = _judge(dict(s, guards=[*own_weak, *(s.get("guards") or [])]))
            if not report:
                continue
            rank = 2 if _existence_only(s) else 1 if weak else 0
            if best is None or (rank, order) < best[:2]:
                best = (rank, order, tf, s, weak)
        if best is None:
            continue
        seen.add(key)
        _rank, _order, tf, s, weak = best
        merged = dict(s, source=hand.get("source"), source_line=hand.get("source_line"))
        oracle = _existence_only(s)
        base = _oracle_message(merged, weak) if oracle else _message(merged, weak)
        callee = str(hand.get("name"))
        msg = base.replace(" reaches ", f" is passed to `{callee}()`, which reaches ", 1)
        role = "builds the path from that parameter" if s.get("kind") == "build" else "uses that parameter as a path"
        related = [Related(tf.path, int(s.get("line", 0)), f"`{s.get('sink')}` {role}")]
        for t in s.get("then") or []:
            if t["line"] != s.get("line"):
                related.append(Related(tf.path, int(t["line"]), f"`{t['sink']}` uses the built path"))
        if hand.get("into") and not s.get("then") and s.get("kind") == "build":
            related.append(Related(ff.path, int(hand.get("into_line") or hand.get("line", 0)), f"`{hand['into']}` uses the path `{callee}()` returns"))
        for g in weak:
            related.append(Related(ff.path if g in own_weak else tf.path, int(g["line"]), f"{g['kind']} check `{g.get('text', '')}`"))
        yield Hit(
            "RS701",
            ff.path,
            int(hand.get("line", 0)),
            msg,
            column=int(hand.get("col", 1) or 1),
            related=related,
            anchor=f"traversal-via:{callee}:{hand.get('source')}",
            severity="low" if oracle else "medium" if weak else "",
            probability="low" if oracle or weak else "",
        )


@check("RS701")
def path_traversal(project: Project) -> Iterable[Hit]:
    for ff in project.code_files():
        taint = ff.extra.get("taint") if ff.extra else None
        if not isinstance(taint, dict):
            continue
        if taint.get("handoffs"):
            yield from _handoff_hits(project, ff, taint)
        # one finding per request value and function: its worst use (a read
        # before an existence probe), the first in the file among equals
        best: dict[tuple[Any, ...], tuple[tuple[int, bool], int, dict[str, Any], list[dict[str, Any]]]] = {}
        for order, first in enumerate(taint.get("sinks") or []):
            sink = _past_url_arguments(project, ff, first)
            if sink is None:
                continue
            sink = _at_use(sink)
            report, weak = _judge(sink)
            if (not report or _unrouted_view_argument(project, ff, sink) or _handed_to_checking_helpers(project, ff, sink)
                    or _judged_by_module(project, ff, sink)):
                continue
            ident = (sink.get("func_line"), sink.get("source"), sink.get("source_line"))
            # among equals, a path a file API uses before one only handed on
            # (`require(path.join(dir, 'theme.json'))`, then `res.sendFile(...)` of another)
            rank = (2 if _existence_only(sink) else 1 if weak else 0, _handed_on_only(sink))
            if ident not in best or rank < best[ident][0]:
                best[ident] = (rank, order, sink, weak)
        for _rank, _order, sink, weak in sorted(best.values(), key=lambda b: b[1]):
            line = int(sink.get("line", 0))
            related: list[Related] = []
            via = sink.get("through")
            via_line = int(via.get("line") or 0) if isinstance(via, dict) else 0
            passed = f"passed to `{via.get('func')}()`" if isinstance(via, dict) else ""
            if sink.get("source_line") and sink["source_line"] != line:
                src_line = int(sink["source_line"])
                text = f"request value {_source_text(str(sink.get('source')))}"
                related.append(Related(ff.path, src_line, f"{text}, {passed}" if via_line == src_line else text))
            if via_line and via_line != sink.get("source_line"):
                related.append(Related(ff.path, via_line, f"the request value is {passed}"))
            probe = sink.get("probe")
            if isinstance(probe, dict) and probe.get("line") != line:
                related.append(Related(ff.path, int(probe["line"]), f"`{probe['sink']}` first tests whether the path exists"))
            for t in sink.get("then") or []:
                if t["line"] != line:
                    related.append(Related(ff.path, int(t["line"]), f"`{t['sink']}` uses the built path"))
            for g in weak:
                related.append(Related(ff.path, int(g["line"]), f"{g['kind']} check `{g.get('text', '')}`"))
            oracle = _existence_only(sink)
            yield Hit(
                "RS701",
                ff.path,
                line,
                _oracle_message(sink, weak) if oracle else _message(sink, weak),
                column=int(sink.get("col", 1) or 1),
                related=related,
                anchor=f"traversal:{_func_name(project, ff, sink.get('func_line'))}:{sink.get('source')}",
                severity="low" if oracle else "medium" if weak else "",
                probability="low" if oracle or weak else "",
            )
