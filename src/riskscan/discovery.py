"""File discovery: which files under the root are analysed, and as what.

Rules (documented in the README):
* never follows symbolic links (a link whose name looks like a source file is
  listed in ``skipped``); never opens anything but regular files;
* honours ``.gitignore`` files (nested ones too) and the default excludes;
* test code is left out unless ``include_tests``;
* files larger than ``max_bytes`` are listed in ``skipped``.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field

from .fsutil import read_regular
from .model import Skipped

DEFAULT_EXCLUDED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", "bower_components", "jspm_packages", "dist", "build",
        "vendor", "venv", ".venv", "virtualenv", ".virtualenv", "__pycache__", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".riskscan_cache", "site-packages",
        ".next", ".nuxt", ".svelte-kit", "coverage", ".eggs", ".idea", ".vscode",
    }
)
TEST_DIRS = frozenset({"test", "tests", "__tests__", "__mocks__", "spec", "e2e"})
_TEST_FILE = re.compile(r"(\.(test|spec)\.[^.]+$)|(^test_.*\.py$)|(_test\.py$)|(^conftest\.py$)")

JS_EXT = {".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "js", ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "ts"}
PY_EXT = {".py": "py", ".pyw": "py"}
_COMPOSE_NAME = re.compile(r"^(docker-)?compose([.-][^/]*)?\.ya?ml$", re.I)
_TEXT_NAMES = re.compile(r"^(procfile|dockerfile|containerfile|makefile|supervisord\.conf|package\.json)([.-].*)?$", re.I)
_TEXT_EXT = (".sh", ".bash", ".dockerfile", ".mk")
SERVICE_MARKERS = re.compile(r"^(package\.json|pyproject\.toml|setup\.py|setup\.cfg|requirements[^/]*\.txt|dockerfile|containerfile)$", re.I)

DEFAULT_MAX_BYTES = 1024 * 1024


@dataclass
class SourceFile:
    path: str  # posix, relative to root
    abspath: str
    kind: str  # js | ts | py | compose | text
    size: int


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    service_roots: dict[str, list[str]] = field(default_factory=dict)  # dir -> marker file names


def is_test_path(rel: str) -> bool:
    parts = rel.split("/")
    if any(p in TEST_DIRS for p in parts[:-1]):
        return True
    return bool(_TEST_FILE.search(parts[-1]))


def classify(name: str) -> str | None:
    """File kind by name: js, ts, py, compose, yaml (maybe compose), dotenv, text, or None."""
    if name == ".env":
        return "dotenv"  # compose interpolation values for the compose files beside it
    lower = name.lower()
    ext = os.path.splitext(lower)[1]
    if ext in JS_EXT:
        if lower.endswith((".min.js", ".min.mjs", ".min.cjs", ".d.ts", ".d.mts", ".d.cts")):
            return None
        return JS_EXT[ext]
    if ext in PY_EXT:
        return "py"
    if ext in (".yml", ".yaml"):
        return "compose" if _COMPOSE_NAME.match(name) else "yaml"
    if _TEXT_NAMES.match(name) or lower.endswith(_TEXT_EXT):
        return "text"
    return None


_SERVICES_LINE = re.compile(rb"(?m)^services\s*:")


class _Ignore:
    """Stack of .gitignore specs, each relative to the directory that holds it."""

    def __init__(self) -> None:
        self.specs: list[tuple[str, object]] = []

    def load(self, rel_dir: str, abs_dir: str, warnings: list[str]) -> bool:
        path = os.path.join(abs_dir, ".gitignore")
        try:
            st = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode):
            return False
        try:
            raw = read_regular(path, 256 * 1024)
            lines = raw.decode("utf-8", errors="replace").splitlines()
            from pathspec import GitIgnoreSpec

            spec = GitIgnoreSpec.from_lines(lines)
        except Exception as exc:  # unparsable pattern: report, don't stop
            warnings.append(f"{(rel_dir + '/') if rel_dir else ''}.gitignore: ignored ({type(exc).__name__}: {exc})")
            return False
        self.specs.append((rel_dir, spec))
        return True

    def ignored(self, rel: str, is_dir: bool) -> bool:
        for base, spec in self.specs:
            if base and not rel.startswith(base + "/"):
                continue
            sub = rel[len(base) + 1 :] if base else rel
            if is_dir:
                sub += "/"
            try:
                if spec.match_file(sub):  # type: ignore[attr-defined]
                    return True
            except Exception:
                continue
        return False


def discover(
    root: str,
    *,
    include_tests: bool = False,
    excludes: tuple[str, ...] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Discovery:
    """Walk ``root`` (iteratively, sorted, no symlinks) and classify files."""
    out = Discovery()
    root = os.path.abspath(root)
    ignore = _Ignore()
    # stack of (rel_dir, abs_dir, n_specs_before)
    stack: list[tuple[str, str]] = [("", root)]
    while stack:
        rel_dir, abs_dir = stack.pop()
        # trim gitignore specs that belong to directories we have left
        ignore.specs = [(b, s) for b, s in ignore.specs if not b or rel_dir == b or rel_dir.startswith(b + "/")]
        ignore.load(rel_dir, abs_dir, out.warnings)
        try:
            with os.scandir(abs_dir) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            out.warnings.append(f"{rel_dir or '.'}: directory not readable ({exc.strerror or exc})")
            continue
        subdirs: list[tuple[str, str]] = []
        markers: list[str] = []
        for entry in entries:
            name = entry.name
            if "\n" in name or "\r" in name:
                shown = name.encode("unicode_escape").decode("ascii")
            else:
                shown = name
            rel = f"{rel_dir}/{name}" if rel_dir else name
            try:
                if entry.is_symlink():
                    kind = classify(name)
                    if kind is not None and kind != "yaml":
                        out.skipped.append(Skipped(_posix(rel_dir, shown), "symbolic link not followed"))
                    continue
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if name in DEFAULT_EXCLUDED_DIRS or (not include_tests and name in TEST_DIRS):
                    continue
                if _excluded(rel, excludes, True) or ignore.ignored(rel, True):
                    continue
                if os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):
                    continue  # a virtualenv under any name
                subdirs.append((rel, entry.path))
                continue
            kind = classify(name)
            if SERVICE_MARKERS.match(name) and is_file:
                markers.append(name)
            if kind is None:
                continue
            if not is_file:
                if kind != "yaml":
                    out.skipped.append(Skipped(_posix(rel_dir, shown), "not a regular file"))
                continue
            if _excluded(rel, excludes, False) or ignore.ignored(rel, False):
                continue
            if not include_tests and is_test_path(rel):
                continue
            try:
                size = entry.stat(follow_symlinks=False).st_size
            except OSError as exc:
                out.skipped.append(Skipped(_posix(rel_dir, shown), f"cannot stat ({exc.strerror or exc})"))
                continue
            if kind == "yaml":
                if size > max_bytes or not _looks_like_compose(entry.path):
                    continue
                kind = "compose"
            if size > max_bytes:
                out.skipped.append(Skipped(_posix(rel_dir, shown), f"larger than the {max_bytes} byte limit", excluded=True))
                continue
            out.files.append(SourceFile(_posix(rel_dir, shown), entry.path, kind, size))
        if markers:
            out.service_roots[rel_dir] = markers
        for sub in reversed(subdirs):
            stack.append(sub)
    out.files.sort(key=lambda f: f.path)
    out.skipped.sort(key=lambda s: s.path)
    return out


def _posix(rel_dir: str, name: str) -> str:
    return f"{rel_dir}/{name}" if rel_dir else name


def _excluded(rel: str, patterns: tuple[str, ...], is_dir: bool) -> bool:
    if not patterns:
        return False
    name = rel.rsplit("/", 1)[-1]
    for pat in patterns:
        p = pat.rstrip("/")
        if fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(rel, p + "/**"):
            return True
        if "/" not in p and any(fnmatch.fnmatchcase(part, p) for part in rel.split("/")[:-1 if not is_dir else None]):
            return True
    return False


def _looks_like_compose(path: str) -> bool:
    """Cheap check for YAML files with other names: a top-level ``services:`` key."""
    try:
        head = read_regular(path, 256 * 1024)
    except OSError:
        return False
    return bool(_SERVICES_LINE.search(head))
