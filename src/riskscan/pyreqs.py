"""The distributions a Python service declares it needs: requirements*.txt
(and the files they include with ``-r``), pyproject ``[project]
dependencies`` / Poetry dependencies, setup.cfg ``install_requires``, read as
text: nothing is executed.  Each is given as its normalised name with its
extras (``databases[postgresql]``), for the checks that ask which database
driver a service ships (riskscan.checks._db.dialect_hint)."""

from __future__ import annotations

import os
import re
from typing import Any, Iterable

from .fsutil import read_regular

# a requirement's name and extras at the start of a line ("SQLAlchemy[asyncio]>=2", "PyMySQL>=0.9.3 # MIT")
_REQ = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?")
_INCLUDE = re.compile(r"^\s*-(?:r|-requirement)\s*=?\s*(\S+)")
_REQ_FILE = re.compile(r"^requirements[^/]*\.txt$", re.I)


def _normal(name: str, extras: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower() + extras.lower().replace(" ", "")


def _spec(text: str) -> str:
    m = _REQ.match(text)
    return _normal(m.group(1), m.group(2) or "") if m else ""


def _requirements_file(abs_dir: str, rel: str, seen: set[str], depth: int = 0) -> Iterable[str]:
    """The requirements in ``rel`` (relative to the service's directory) and
    in the files it includes.  A file outside the service's directory, also
    through a symlinked folder (``-r shared/base.txt`` with ``shared`` a link
    out of the tree), is not read."""
    path = os.path.realpath(os.path.join(abs_dir, rel))
    if depth > 3 or path in seen or not path.startswith(os.path.realpath(abs_dir) + os.sep):
        return
    seen.add(path)
    try:
        text = read_regular(path, 512 * 1024).decode("utf-8", errors="replace")
    except OSError:
        return
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        inc = _INCLUDE.match(line)
        if inc is not None:
            # `-r requirements/base.txt`: relative to the including file
            yield from _requirements_file(abs_dir, os.path.join(os.path.dirname(os.path.relpath(path, os.path.realpath(abs_dir))), inc.group(1)), seen, depth + 1)
        elif line and not line.startswith(("#", "-")):
            got = _spec(line)
            if got:
                yield got


def _cfg_install_requires(text: str) -> Iterable[str]:
    m = re.search(r"^install_requires\s*=[ \t]*(.*?)(?=^\S|\Z)", text, re.M | re.S)
    if m is not None:
        for line in m.group(1).splitlines():
            got = _spec(line.split("#", 1)[0])
            if got:
                yield got


def python_requirements(abs_dir: str, markers: Iterable[str], packaging: Iterable[tuple[str, str, list[Any]]]) -> list[str]:
    """The requirements of the service in ``abs_dir`` (``packaging``: the
    (marker, text, pyproject tables) of its packaging files, as
    riskscan.engine reads them)."""
    found: set[str] = set()
    seen: set[str] = set()
    for marker in sorted(markers):
        if _REQ_FILE.match(marker):
            found.update(_requirements_file(abs_dir, marker, seen))
    for marker, text, tables in packaging:
        if marker == "setup.cfg":
            found.update(_cfg_install_requires(text))
        elif marker == "pyproject.toml":
            for table in tables:
                if not isinstance(table, dict):
                    continue
                deps = table.get("dependencies")
                if isinstance(deps, list):  # [project]
                    found.update(s for s in (_spec(d) for d in deps if isinstance(d, str)) if s)
                elif isinstance(deps, dict):  # [tool.poetry.dependencies]
                    for name, val in deps.items():
                        extras = val.get("extras") if isinstance(val, dict) else None
                        ex = "[" + ",".join(str(e) for e in extras) + "]" if isinstance(extras, list) and extras else ""
                        found.add(_normal(str(name), ex))
    return sorted(found)
