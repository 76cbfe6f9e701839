"""The Dockerfile a compose service builds from: its base image and HEALTHCHECK.

``build_info(project, node, file)`` resolves ``build:`` (a context string, or
``context``/``dockerfile``/``dockerfile_inline``/``target``) relative to the
compose file that wrote it, reads the Dockerfile's instructions from the text
frontend's facts, and picks the stage compose builds (``target``, else the
last).  Multi-stage files are followed: a stage ``FROM builder`` inherits the
base image and HEALTHCHECK of stage ``builder``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..discovery import DEFAULT_EXCLUDED_DIRS, is_test_dir
from ..lazyre import lazy_re
from ._compose_interp import known
from ._compose_merge import N, scalar_text

if TYPE_CHECKING:
    from ..project import Project

_FROM = lazy_re(r"^FROM\s+(?:--\S+\s+)*(?P<image>\S+)(?:\s+AS\s+(?P<name>\S+))?", re.I)
_HEALTHCHECK = lazy_re(r"^HEALTHCHECK\s+", re.I)
_HEALTHCHECK_NONE = lazy_re(r"^HEALTHCHECK\s+NONE\b", re.I)
_CMD = lazy_re(r"^CMD\s+(?P<cmd>.*)$", re.I)


@dataclass(frozen=True)
class BuildInfo:
    """``seen``: the Dockerfile was read; ``base``: the image the built stage
    starts from ('' when unknown); ``healthcheck``: True/False when the stage
    (or a stage it builds on) declares ``HEALTHCHECK``/``HEALTHCHECK NONE``,
    None when it says nothing (the base image decides); ``cmd``: the text of
    the last ``CMD`` the built stage (or a stage it builds on) declares, None
    when it declares none (the base image's command runs)."""

    seen: bool
    base: str = ""
    healthcheck: bool | None = None
    cmd: str | None = None


NO_BUILD = BuildInfo(seen=False)


def dockerfile_path(build: N, file: str) -> str | None:
    """The project path of the Dockerfile a ``build:`` (a context string, or
    ``context``/``dockerfile``) names, relative to the compose ``file`` that
    wrote it; None when it cannot be told (an unknown variable, a remote or
    absolute context, an inline Dockerfile, a path out of the project)."""
    target_dir = file
    if isinstance(build.v, dict):
        if build.get("dockerfile_inline") is not None:
            return None
        ctx_n = build.get("context")
        ctx = scalar_text(ctx_n) if ctx_n is not None else "."
        dockerfile = scalar_text(build.get("dockerfile")) or "Dockerfile"
        target_dir = (ctx_n.path if ctx_n is not None and ctx_n.path else build.path) or file
    else:
        ctx = scalar_text(build)
        dockerfile = "Dockerfile"
        target_dir = build.path or file
    if ctx is None or not known(ctx) or not known(dockerfile):
        return None
    if "://" in ctx or ctx.startswith(("git@", "github.com/")) or dockerfile.startswith("/") or ctx.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(target_dir), ctx, dockerfile))
    return None if path.startswith("../") or path == ".." else path


def _instructions(project: "Project", build: N, file: str) -> list[str] | None:
    """The Dockerfile's instructions; None when it cannot be seen; [] when it is not in the project."""
    if isinstance(build.v, dict):
        inline = build.get("dockerfile_inline")
        if inline is not None:
            text = scalar_text(inline) or ""
            return [ln.strip() for ln in text.split("\n")] if known(text) else None
    path = dockerfile_path(build, file)
    if path is None:
        return None
    ff = project.files.get(path)
    if ff is None:
        # a Dockerfile under build/, dist/, vendor/, test/ ... is never scanned: it may say anything
        return None if any(d in DEFAULT_EXCLUDED_DIRS or is_test_dir(d) for d in path.split("/")[:-1]) else []
    return [str(cmd) for _, cmd in ff.commands]


def build_info(project: "Project", n: N, file: str) -> BuildInfo:
    """What the service's ``build:`` makes (NO_BUILD when it builds nothing)."""
    build = n.get("build")
    if build is None:
        return NO_BUILD
    lines = _instructions(project, build, file)
    if lines is None:
        return BuildInfo(seen=False)
    stages: list[tuple[str, str, bool | None]] = []  # (from, name, healthcheck)
    cmds: list[str | None] = []  # per stage: its last CMD
    for line in lines:
        m = _FROM.match(line)
        if m:
            stages.append((m.group("image"), (m.group("name") or "").lower(), None))
            cmds.append(None)
            continue
        if stages and _HEALTHCHECK.match(line):
            image, name, _ = stages[-1]
            stages[-1] = (image, name, not _HEALTHCHECK_NONE.match(line))
        c = _CMD.match(line) if stages else None
        if c:
            cmds[-1] = c.group("cmd").strip()
    if not stages:
        return BuildInfo(seen=True)
    target = (scalar_text(n.get("build", "target")) or "").lower() if isinstance(build.v, dict) else ""
    index = next((i for i, (_, name, _) in enumerate(stages) if target and name == target), len(stages) - 1)
    healthcheck: bool | None = None
    cmd: str | None = None
    seen_names: set[str] = set()
    while True:
        image, name, hc = stages[index]
        if healthcheck is None:
            healthcheck = hc
        if cmd is None:
            cmd = cmds[index]
        seen_names.add(name)
        parent = next((i for i, (_, nm, _) in enumerate(stages[:index]) if nm and nm == image.lower()), None)
        if parent is None or stages[parent][1] in seen_names:
            return BuildInfo(seen=True, base=image, healthcheck=healthcheck, cmd=cmd)
        index = parent


__all__ = ["BuildInfo", "NO_BUILD", "build_info", "dockerfile_path"]
