"""Readiness gates in a compose service's command: does it wait until a
dependency accepts connections before starting its program?

``wait-for-it db:5432 -- npm start`` names the host in the command itself.
Projects also keep their gates in scripts of their own, bind-mounted into the
container: mojaloop's central-ledger runs ``sh /opt/wait-for/wait-for-central-ledger.sh
&& node src/api/index.js`` with ``./docker/wait-for:/opt/wait-for`` mounted, and
that script runs ``wait-for-mysql.sh``, ``wait-for-kafka.sh`` ... in turn.  Such
scripts are followed (through the service's bind mounts, a few calls deep) when
they are in the project; a dependency the scripts never name is not waited for.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from ..lazyre import lazy_re
from ._compose_interp import known
from ._compose_merge import kv_mapping, scalar_text, split_volume
from ._compose_model import ComposeService, text_of

if TYPE_CHECKING:
    from ..project import Project

# readiness gates a command starts with: wait-for-it, wait-for, dockerize -wait, wait4x, wait-on
WAIT_TOOL = lazy_re(r"wait-for-it|wait_for_it|wait-for\b|wait-for\.sh|dockerize\b.*-wait\b|wait4x|wait-on\b|docker-compose-wait|/wait\b")
# a shell script a command runs (`sh /opt/wait-for/wait-for-mysql.sh`, `/scripts/wait.sh db`)
_SCRIPT = lazy_re(r"(?<![\w$./-])(?:\.{0,2}/)?[\w./-]*\.(?:sh|bash)\b")
_DEPTH = 4


def waits_for(project: "Project", svc: ComposeService, target: str) -> bool:
    """The service's command (or its ``WAIT_HOSTS`` for docker-compose-wait) waits
    until ``target`` accepts connections before starting the program."""
    host = re.compile(rf"(?<![\w.-]){re.escape(target)}:\d")
    command = " ".join(text_of(svc.get(k)) for k in ("entrypoint", "command"))
    if WAIT_TOOL.search(command) and host.search(command):
        return True
    wait_hosts = kv_mapping(svc.get("environment")).get("WAIT_HOSTS")
    if wait_hosts is not None and host.search(scalar_text(wait_hosts) or ""):
        return True
    if not WAIT_TOOL.search(command):
        return False
    named = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(target)}(?![A-Za-z0-9_])")
    return any(named.search(text) for text in _script_texts(project, svc, command))


def _mounts(svc: ComposeService) -> list[tuple[str, str]]:
    """(container dir, project path) of the service's bind mounts of project folders."""
    out: list[tuple[str, str]] = []
    volumes = svc.get("volumes")
    for item in volumes.seq() if volumes is not None else []:
        if isinstance(item.v, dict):
            source, target = scalar_text(item.get("source")) or "", scalar_text(item.get("target")) or ""
        else:
            source, target, _ = split_volume(scalar_text(item) or "")
        if not source.startswith(".") or not target.startswith("/") or not known(source) or not known(target):
            continue
        base = posixpath.dirname(getattr(item, "path", None) or svc.file)
        path = posixpath.normpath(posixpath.join(base, source))
        if not path.startswith(".."):
            out.append((target.rstrip("/") or "/", "" if path == "." else path))
    return out


def _script_texts(project: "Project", svc: ComposeService, command: str) -> list[str]:
    """The text of the project's scripts the command runs through the service's
    bind mounts, and of the scripts those run, a few calls deep."""
    mounts = _mounts(svc)
    if not mounts:
        return []
    out: list[str] = []
    seen: set[str] = set()
    todo = [(command, 0)]
    while todo:
        text, depth = todo.pop()
        if depth >= _DEPTH:
            continue
        for m in _SCRIPT.finditer(text):
            path = _host_path(m.group(0), mounts)
            if path is None or path in seen:
                continue
            seen.add(path)
            ff = project.files.get(path)
            if ff is None or not ff.commands:
                continue
            body = " ".join(str(line) for _n, line in ff.commands)
            out.append(body)
            todo.append((body, depth + 1))
    return out


def _host_path(script: str, mounts: list[tuple[str, str]]) -> str | None:
    """The project path of a container path under a bind mount, else None."""
    if not script.startswith("/"):
        return None
    for target, source in sorted(mounts, key=lambda m: -len(m[0])):
        if script == target or script.startswith(target.rstrip("/") + "/"):
            rest = script[len(target):].lstrip("/")
            return posixpath.normpath(posixpath.join(source, rest)) if source else posixpath.normpath(rest)
    return None
