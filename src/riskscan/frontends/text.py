"""Plain-text frontend for files that start processes: Procfile, Dockerfile,
shell scripts, Makefile, supervisor config, package.json scripts.

Facts: ``commands`` = [line, text] for every non-comment line (joined across
backslash continuations), which project-level rules search for worker
start-up commands (``celery -A app worker``, ``rq worker``) and Dockerfile
``HEALTHCHECK``/``CMD`` instructions.
"""

from __future__ import annotations

import posixpath

from ..facts import FileFacts
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


def extract(path: str, data: bytes) -> FileFacts:
    text = decode_source(data)
    if posixpath.basename(path).lower() == "package.json":
        scripts = _package_scripts(text)
        if scripts is not None:
            return FileFacts(path=path, lang="text", commands=scripts, extra={"kind": "package.json"})
    commands: list[list] = []
    pending: list[str] = []
    start = 0
    for i, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not pending:
            start = i
            if not line or line.startswith("#"):
                continue
        if line.endswith("\\"):
            pending.append(line[:-1].strip())
            continue
        pending.append(line)
        commands.append([start, " ".join(p for p in pending if p)[:1000]])
        pending = []
        if len(commands) >= MAX_COMMANDS:
            break
    if pending:
        commands.append([start, " ".join(pending)[:1000]])
    name = posixpath.basename(path).lower()
    kind = "dockerfile" if name.startswith(("dockerfile", "containerfile")) or name.endswith(".dockerfile") else name
    return FileFacts(path=path, lang="text", commands=commands, extra={"kind": kind})
