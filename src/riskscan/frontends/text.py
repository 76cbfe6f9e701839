"""Plain-text frontend for files that start processes: Procfile, Dockerfile,
shell scripts, Makefile, supervisor config, package.json scripts, systemd
units, Kubernetes manifests / Helm templates and other non-compose YAML.

Facts: ``commands`` = [line, text], which project-level rules search for
worker start-up commands (``celery -A app worker``, ``rq worker``) and
Dockerfile ``HEALTHCHECK``/``CMD`` instructions.  ``extra["kind"]`` says what
the file is: ``dockerfile``, ``package.json``, ``yaml``, ``supervisor``,
``systemd``, else the file's lower-case name (``procfile``, ``entrypoint.sh``).

* Procfile, Dockerfile, scripts, Makefile, ``supervisord.conf``: every
  non-comment line (joined across backslash continuations; a comment line
  inside a Dockerfile instruction's continuation is dropped, as Docker drops
  it, and in a script it ends the command without adding its words);
* package.json: one ``"name": "command"`` per npm script;
* YAML (discovery only passes YAML with a command key, never CI pipelines):
  ``entrypoint`` + ``command`` + ``args`` of each mapping as one command
  (``_yaml_commands``);
* supervisor program files (``conf.d/celery.conf``): the ``command=`` of
  each ``[program:x]``;
* systemd units: each ``ExecStart=``, with the unit's ``Environment=``
  variables substituted and ``${CELERY_BIN}``-style executables named;
* Paste Deploy configurations (OpenStack's ``api-paste.ini``, ``extra["kind"]
  = "paste"``): no commands, but ``extra["health_mounts"]``, where another
  section names an oslo.middleware health check app or filter.

Template suffixes (``celery.service.j2``, ``worker.yaml.tpl``) are read as the
file they render.  A Python settings template (``settings.py.jinja2``,
Django's ``settings.py-tpl``) starts no process: its literal
``NAME = value`` lines become ``consts`` (``extra["kind"] = "python-template"``),
which tell project-level rules how a generated site is configured (Celery's
``task_always_eager``).
"""

from __future__ import annotations

import posixpath
import re

from ..facts import ARR, BOOL, NUM, STR, FileFacts, Val
from . import decode_source

MAX_COMMANDS = 5000


def _package_scripts(text: str) -> list[list] | None:
    """package.json: one command per npm script, as ``"name": "command"`` with the
    line of its key (scripts are often written on one line)."""
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return None
    scripts = data.get("scripts") if isinstance(data, dict) else None
    if not isinstance(scripts, dict):
        return []
    out: list[list] = []
    pos = max(0, text.find('"scripts"'))
    for name, cmd in scripts.items():
        if not isinstance(cmd, str):
            continue
        at = text.find(json.dumps(name), pos)
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        out.append([line, f"{json.dumps(name)}: {json.dumps(cmd)}"[:1000]])
        if len(out) >= MAX_COMMANDS:
            break
    return out


_TEMPLATE_EXT = (".j2", ".jinja", ".jinja2", ".tpl", ".tmpl", ".template", ".erb", ".in")


def _rendered_ext(name: str) -> str:
    """The extension of the file a name renders to (``x.service.j2`` -> ``.service``)."""
    stem, ext = posixpath.splitext(name)
    if ext in _TEMPLATE_EXT:
        ext = posixpath.splitext(stem)[1]
    return ext


_SECTION = re.compile(r"^\[([^\]]*)\]")
_INI_KEY = re.compile(r"^([A-Za-z_][\w.-]*)[ \t]*[=:][ \t]*(.*)$")


def _ini_values(text: str, sections: re.Pattern[str], keys: tuple[str, ...], systemd: bool) -> list[list]:
    """[line, value] of ``keys`` inside matching sections of an INI-style file.
    supervisor (ConfigParser): keys in any case, a value continues on indented
    lines; systemd: keys as written, a value continues after a trailing backslash."""
    out: list[list] = []
    lines = text.split("\n")
    inside = False
    key_indent = -1  # ConfigParser: a line indented deeper than the last key continues its value
    i = 0
    while i < len(lines) and len(out) < MAX_COMMANDS:
        raw = lines[i]
        line = raw.strip()
        i += 1
        if not line or line.startswith(("#", ";")):
            continue
        indent = len(raw) - len(raw.lstrip())
        if not systemd and key_indent >= 0 and indent > key_indent:
            continue  # the value of a key before it (arches' keys are all indented four spaces)
        sec = _SECTION.match(line)
        if sec:
            inside = bool(sections.match(sec.group(1).strip()))
            key_indent = -1
            continue
        key_indent = indent
        m = _INI_KEY.match(line) if inside else None
        if m is None or (m.group(1) if systemd else m.group(1).lower()) not in keys:
            continue
        start = i
        first = m.group(2).strip()
        pending = systemd and first.endswith("\\")
        parts = [first[:-1].rstrip() if pending else first]
        while i < len(lines):
            nxt = lines[i].strip()
            if systemd:
                if not pending:
                    break
            elif len(lines[i]) - len(lines[i].lstrip()) <= indent or not nxt:
                break
            i += 1
            if nxt.startswith(("#", ";")):
                continue
            pending = systemd and nxt.endswith("\\")
            if len(parts) < 200:
                parts.append(nxt[:-1].rstrip() if pending else nxt)
        value = " ".join(p for p in parts if p)
        if value:
            out.append([start, value[:1000]])
    return out


_PROGRAM = re.compile(r"^(?:fcgi-)?program:", re.I)
_SERVICE = re.compile(r"^Service$")
_ENV_ASSIGN = re.compile(r"\"([A-Za-z_]\w*)=([^\"]*)\"|'([A-Za-z_]\w*)=([^']*)'|([A-Za-z_]\w*)=(\S*)")
_BIN_VAR = re.compile(r"\$\{?([A-Za-z][A-Za-z0-9]*)_(?:BIN|CMD|EXE|EXEC)\}?(?![\w])")


_PROGRAM_LINE = re.compile(r"^\[(?:fcgi-)?program:", re.I | re.M)
_SUP_ENV = re.compile(r"([A-Za-z_]\w*)[ \t]*=[ \t]*(?:\"([^\"]*)\"|'([^']*)'|([^,\s]*))")
_SUP_EXPAND = re.compile(r"%\(ENV_([A-Za-z_]\w*)\)s")
_SUP_BIN = re.compile(r"(?:^|_)([A-Za-z][A-Za-z0-9]*)_(?:BIN|CMD|EXE|EXEC)$")


def _supervisor_commands(text: str) -> list[list]:
    """The ``command=`` of each ``[program:x]``, with supervisor's ``%(ENV_X)s``
    expanded from the programs' ``environment=`` where it is set there, and
    to nothing where it is not (``%(ENV_BIN_DIR)scelery`` is ``celery``)."""
    env: dict[str, str] = {}
    for _, value in _ini_values(text, _PROGRAM, ("environment",), False):
        for m in _SUP_ENV.finditer(value):
            got = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
            env.setdefault(m.group(1), _SUP_EXPAND.sub("", got))

    def expand(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in env:
            return env[name]
        binary = _SUP_BIN.search(name)  # %(ENV_APP_GUNICORN_BIN)s: the program is gunicorn
        return binary.group(1).lower() if binary else ""

    out: list[list] = []
    for line, value in _ini_values(text, _PROGRAM, ("command",), False):
        out.append([line, _SUP_EXPAND.sub(expand, value)[:1000]])
    return out


def _systemd_commands(text: str) -> list[list]:
    env: dict[str, str] = {}
    for _, value in _ini_values(text, _SERVICE, ("Environment",), True):
        for m in _ENV_ASSIGN.finditer(value):
            name = m.group(1) or m.group(3) or m.group(5)
            env[name] = m.group(2) if m.group(1) else m.group(4) if m.group(3) else m.group(6)
    out: list[list] = []
    for line, value in _ini_values(text, _SERVICE, ("ExecStart",), True):
        value = value.lstrip("-@+!:")
        for name in sorted(env, key=len, reverse=True):
            value = value.replace("${" + name + "}", env[name]).replace("$" + name, env[name])
        # the celery docs' unit: ExecStart=/bin/sh -c '${CELERY_BIN} -A $CELERY_APP multi start ...'
        value = _BIN_VAR.sub(lambda m: m.group(1).lower(), value)
        out.append([line, value[:1000]])
    return out


# a Paste Deploy configuration (OpenStack's api-paste.ini): sections built by a factory
_PASTE_FACTORY = re.compile(r"(?m)^[ \t]*paste\.\w+_factory[ \t]*[=:]")
# oslo.middleware's health check, by its import path or its entry point
_OSLO_HEALTHCHECK = re.compile(r"\boslo_middleware(?:\.healthcheck)?:Healthcheck\b|\begg:oslo[._]middleware#healthcheck\b", re.I)
# the keys that say what builds a section (the others may name sections: a urlmap, a pipeline)
_PASTE_BUILDERS = frozenset({"use", "paste.app_factory", "paste.filter_factory", "paste.composite_factory", "paste.filter_app_factory"})
_PASTE_ENTRY = re.compile(r"^([^=:\s][^=:]*?)[ \t]*[=:][ \t]*(.*)$")


def _paste_sections(text: str) -> list[tuple[str, list[tuple[int, str, str]]]]:
    """(name, [(line, key, value)]) of each section of a Paste Deploy
    configuration; an indented line continues the value of the key before
    it (a pipeline written over several lines) and keeps its own line."""
    sections: list[tuple[str, list[tuple[int, str, str]]]] = []
    for i, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        sec = _SECTION.match(line)
        if sec:
            sections.append((sec.group(1).strip(), []))
            continue
        if not sections:
            continue
        entries = sections[-1][1]
        m = _PASTE_ENTRY.match(line)
        if raw[:1] in (" ", "\t") and entries:
            entries.append((i, entries[-1][1], line))
        elif m is not None and len(entries) < MAX_COMMANDS:
            entries.append((i, m.group(1).strip().lower(), m.group(2).strip()))
    return sections


def _paste_health_mounts(text: str) -> list[list]:
    """[line, "key: name"] where a Paste Deploy configuration serves
    oslo.middleware's health check: an ``[app:x]`` or ``[filter:x]`` section
    built by its ``Healthcheck`` that another section names (a urlmap's
    ``/healthcheck: x``, ``pipeline = cors x request_id ... api``); a health
    check defined and never mounted serves nothing."""
    sections = _paste_sections(text)
    health = set()
    for name, entries in sections:
        kind, _, own = name.partition(":")
        if kind.strip().lower() in ("app", "filter") and any(k in _PASTE_BUILDERS and _OSLO_HEALTHCHECK.search(v) for _, k, v in entries):
            health.add(own.strip())
    out: list[list] = []
    for name, entries in sections:
        own = name.partition(":")[2].strip()
        for line, key, value in entries:
            hit = next((w for w in re.split(r"[\s,]+", value) if w in health and w != own), None) if key not in _PASTE_BUILDERS else None
            if hit is not None:
                out.append([line, f"{key}: {hit}"[:1000]])
    return out


# a module-level ``NAME = literal`` line of a Python settings template
_SETTING = re.compile(r"""^([A-Za-z_]\w*)[ \t]*=[ \t]*(True|False|-?\d+(?:\.\d+)?|'[^'\\\n]*'|"[^"\\\n]*")[ \t]*(?:#.*)?$""")


# an unindented ``NAME = (`` / ``NAME = [`` opening a list of strings, one a line
_LIST_START = re.compile(r"""^([A-Za-z_]\w*)[ \t]*=[ \t]*([(\[])[ \t]*(?:#.*)?$""")
# an item line of such a list: a string literal, its comma, a comment
_LIST_ITEM = re.compile(r"""^[ \t]+('[^'\\\n]*'|"[^"\\\n]*")[ \t]*,?[ \t]*(?:#.*)?$""")
# a line inside it that holds no item: blank, a comment, a template tag or comment
_LIST_NOTHING = re.compile(r"""^[ \t]*(?:#.*|\{[%#].*[%#]\}[ \t]*)?$""")


def _template_list(lines: list[str], start: int, close: str) -> tuple[list[Val], int] | None:
    """The string items of a list or tuple opened on line ``start`` (0-based)
    and closed by ``close`` at the start of a later line, with the index of
    that line; None when a line holds anything else (a name, a call: not
    literal settings)."""
    items: list[Val] = []
    for j in range(start + 1, min(len(lines), start + 500)):
        raw = lines[j].rstrip("\r")
        if raw.startswith(close):
            return items, j
        m = _LIST_ITEM.match(raw)
        if m is not None:
            items.append(Val(STR, m.group(1)[1:-1], line=j + 1))
        elif _LIST_NOTHING.match(raw) is None:
            return None
    return None


def _template_settings(text: str) -> dict[str, Val]:
    """The literal settings of a Python template a generated site runs with
    (``settings.py.jinja2``, Django's ``settings.py-tpl``): not parsed as
    Python (template tags are not Python), only its unindented
    ``NAME = True/False/number/'string'`` lines and lists of strings written
    one a line (askbot's ``MIDDLEWARE = (`` ... ``)``); the last one of a name wins."""
    out: dict[str, Val] = {}
    lines = text.split("\n")
    for i, raw in enumerate(lines, start=1):
        lm = _LIST_START.match(raw.rstrip("\r"))
        if lm is not None:
            got = _template_list(lines, i - 1, ")" if lm.group(2) == "(" else "]")
            if got is not None:
                out[lm.group(1)] = Val(ARR, items=got[0], line=i)
            continue
        m = _SETTING.match(raw.rstrip("\r"))
        if m is None:
            continue
        value = m.group(2)
        if value in ("True", "False"):
            out[m.group(1)] = Val(BOOL, value.lower(), line=i)
        elif value[0] in "'\"":
            out[m.group(1)] = Val(STR, value[1:-1], line=i)
        else:
            out[m.group(1)] = Val(NUM, value, line=i)
    return out


def extract(path: str, data: bytes) -> FileFacts:
    text = decode_source(data)
    if posixpath.basename(path).lower() == "package.json":
        scripts = _package_scripts(text)
        if scripts is not None:
            return FileFacts(path=path, lang="text", commands=scripts, extra={"kind": "package.json"})
    name = posixpath.basename(path).lower()
    ext = _rendered_ext(name)
    if ext in (".yml", ".yaml"):
        from ._yaml_commands import yaml_commands

        return FileFacts(path=path, lang="text", commands=yaml_commands(text), extra={"kind": "yaml"})
    if ext in (".conf", ".ini") and _PASTE_FACTORY.search(text) and not _PROGRAM_LINE.search(text):
        return FileFacts(path=path, lang="text", extra={"kind": "paste", "health_mounts": _paste_health_mounts(text)})
    if (ext in (".conf", ".ini") and not name.startswith("supervisord.conf")) or (not ext and _PROGRAM_LINE.search(text)):
        return FileFacts(path=path, lang="text", commands=_supervisor_commands(text), extra={"kind": "supervisor"})
    if ext == ".service":
        return FileFacts(path=path, lang="text", commands=_systemd_commands(text), extra={"kind": "systemd"})
    if ext in (".py", ".pyw", ".py-tpl"):
        return FileFacts(path=path, lang="text", consts=_template_settings(text), extra={"kind": "python-template"})
    kind = "dockerfile" if name.startswith(("dockerfile", "containerfile")) or name.endswith(".dockerfile") else name
    commands: list[list] = []
    pending: list[str] = []
    start = 0
    for i, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not pending:
            start = i
            if not line or line.startswith("#"):
                continue
        elif line.startswith("#") or (not line and kind == "dockerfile"):
            if kind == "dockerfile":
                continue  # Docker drops comment (and empty) lines inside an instruction's continuation
            line = ""  # a shell comment after a continuation ends the command; its words are no part of it
        if line.endswith("\\"):
            pending.append(line[:-1].strip())
            continue
        pending.append(line)
        commands.append([start, " ".join(p for p in pending if p)[:1000]])
        pending = []
        if len(commands) >= MAX_COMMANDS:
            break
    if pending:
        commands.append([start, " ".join(p for p in pending if p)[:1000]])
    return FileFacts(path=path, lang="text", commands=commands, extra={"kind": kind})
