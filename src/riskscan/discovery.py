"""File discovery: which files under the root are analysed, and as what.

Rules (documented in the README):
* never follows symbolic links (a link whose name, or whose target's name,
  looks like a source file is listed in ``skipped``); never opens anything but
  regular files (FIFOs, sockets and devices with source-like names are listed,
  never opened);
* honours ``.gitignore`` files (nested ones too) and the default excludes; a
  pattern the matcher cannot parse is dropped with a warning, the rest apply;
* test code is left out unless ``include_tests``;
* files larger than ``max_bytes`` are listed in ``skipped``;
* files whose name is not enough (other YAML, ``.conf``/``.ini``, ``.service``,
  extensionless scripts in ``bin/``/``scripts/``) are kept only when a bounded
  read of their start shows what they are (:func:`_sniff`); the others are
  left out silently, never listed;
* a directory that cannot be read is listed in ``skipped`` as ``dir/``;
* paths are shown with :func:`display_name`: control characters, backslashes
  and bytes that are not UTF-8 are escaped (``\\n``, ``\\\\``, ``\\xff``), so
  every path in a report is a valid, unambiguous string; :func:`real_path`
  maps a shown path back to the file on disk (``SourceFile.abspath`` is the
  same for discovered files).

Symbolic links, special files and files over the size limit are left out by
design (``Skipped.excluded``); undecodable or unreadable files are failures.
"""

from __future__ import annotations

import json
import fnmatch
import functools
import os
import re
import stat
from dataclasses import dataclass, field

from .fsutil import read_regular
from .lazyre import lazy_re
from .model import Skipped

DEFAULT_EXCLUDED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", "bower_components", "jspm_packages", "dist", "build",
        "vendor", "_vendor", "vendored", "_vendored", "third_party", "thirdparty", "third-party", "3rdparty",
        "venv", ".venv", "virtualenv", ".virtualenv", "__pycache__", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".riskscan_cache", "site-packages",
        ".next", ".nuxt", ".svelte-kit", "coverage", ".eggs", ".idea", ".vscode",
        # Yarn Berry's own folder: its vendored release and plugins, editor SDK shims, unplugged packages
        ".yarn",
    }
)
# the module-resolution loaders Yarn Plug'n'Play generates beside package.json
_YARN_PNP_FILES = frozenset({".pnp.cjs", ".pnp.js", ".pnp.loader.mjs"})
# (`testutils`/`test_utils`: a package's helpers for its tests, sentry's `sentry/testutils/`
# of TestCase bases and fixtures, which its tests import and its code does not)
TEST_DIRS = frozenset({"test", "tests", "_tests", "__tests__", "__mocks__", "spec", "e2e", "testing", "testutils", "test_utils"})
# a module named for the tests it serves: lobe-chat's `dbForTest.ts` (the test database
# its `__tests__/` import), `db_for_tests.py`, `server-for-testing.js`; and a test
# or spec helper module: actionhero's `src/modules/specHelper.ts` (its tests' runner of
# actions and tasks, "only available in the TEST environment"), `test-helpers.js`,
# `apiTestHelper.ts` (not `latestHelper.js`: "test" starts the name or a word of it); and a
# module of test utilities named so from its start: configurable-http-proxy's
# `lib/testutil.js` (the target servers and proxy set-up its `test/` imports), `testUtils.ts`,
# `test-utils.js` (not `latestUtils.js` or `abTestUtils.ts`: "test" must start the name)
_TEST_FILE = re.compile(
    r"(\.(test|spec)\.[^.]+$)|(^test_.*\.py$)|(_test\.py$)|(^conftest\.py$)|(^tests\.py$)|(^testing\.py$)|(^pytest_?plugins?\.py$)"
    r"|((For|[-_]for[-_])[Tt]est(s|ing)?\.[^.]+$)"
    r"|((^|[-_.])(test|spec)[-_]?[Hh]elpers?\.[^.]+$)|((^|[a-z0-9])(Test|Spec)[-_]?Helpers?\.[^.]+$)"
    r"|(^([Tt]est|[Ss]pec)s?[-_]?([Uu]til(s|ities)?|UTILS?)\.[^.]+$)"
)


def is_test_file_name(name: str) -> bool:
    """Is ``name`` a test file's name (:data:`_TEST_FILE`)?  Every spelling it
    matches holds ``test``/``Test`` or ``spec``/``Spec``: most names are
    answered without the regular expression (a tenth of discovery's time)."""
    return ("est" in name or "pec" in name) and _TEST_FILE.search(name) is not None

JS_EXT = {".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "js", ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "ts"}
PY_EXT = {".py": "py", ".pyw": "py", ".tac": "py"}
_COMPOSE_NAME = re.compile(r"^(docker-)?compose([.-][^/]*)?\.ya?ml$", re.I)
_TEXT_NAMES = re.compile(r"^(procfile|dockerfile|containerfile|makefile|supervisord\.conf|package\.json)([.-].*)?$", re.I)
_TEXT_EXT = (".sh", ".bash", ".dockerfile", ".mk")
# Kinds that need a look at the content before they are analysed (see _sniff);
# anything the look rejects is left out silently, like any other unknown file.
_SNIFFED = frozenset({"yaml", "yaml-template", "ini", "unit", "shebang"})
# an Ansible/Jinja/ERB template of a deployment file: ``celery.service.j2``
_TEMPLATE_EXT = (".j2", ".jinja", ".jinja2", ".tpl", ".tmpl", ".template", ".erb", ".in")
# extensionless launchers read when they start with ``#!``: ``bin/www``, ``scripts/worker``, runit ``run``
_SCRIPT_DIR_NAMES = frozenset({"bin", "scripts", "script"})
_LAUNCHER_NAMES = frozenset({"run", "start", "entrypoint", "docker-entrypoint"})
# CI pipelines and dev environments: the commands they run are not how production starts
_CI_PATH = re.compile(
    r"(?:^|/)(?:\.github|\.gitlab|\.circleci|\.buildkite|\.tekton|\.woodpecker|\.drone|\.semaphore|\.devcontainer|\.?ci)/"
    r"|(?:^|/)(?:\.gitlab-ci|\.travis|\.drone|\.woodpecker|\.cirrus|\.gitpod|\.pre-commit-config|\.pre-commit-hooks|\.readthedocs"
    r"|\.?codecov|bitbucket-pipelines|azure-pipelines[^/]*|\.?appveyor|codemagic|cloudbuild[^/]*|buildspec[^/]*|mkdocs|action)\.ya?ml$",
    re.I,
)
SERVICE_MARKERS = re.compile(r"^(package\.json|pyproject\.toml|setup\.py|setup\.cfg|requirements[^/]*\.txt|dockerfile|containerfile)$", re.I)

DEFAULT_MAX_BYTES = 1024 * 1024

# a relative import at a module's top level: the module belongs to a package
# (`from . import authors`); a setup script runs as __main__ and cannot have one
_TOP_LEVEL_RELATIVE_IMPORT = re.compile(rb"^from[ \t]+\.", re.M)


# a call of setuptools' / distutils' `setup(...)` (not a `def setup(`): what every setup script does;
# a method of the project's own of that name is not it (exabgp's `exabgp/environment/setup.py`, a
# module of the package, ends with `Env.setup(CONFIGURATION)`), only the packaging modules' own
# (`setuptools.setup(...)`, `distutils.core.setup(...)`, `skbuild.setup(...)`)
SETUP_CALL = lazy_re(r"^(?![ \t]*def\b).*?(?:(?<![\w.])|(?<=setuptools\.)|(?<=core\.)|(?<=skbuild\.))setup\s*\(", re.M)


def _package_module_named_setup(name: str, path: str) -> bool:
    """A ``setup.py`` that is a module of a package, not a setup script:
    limnoria's ``src/setup.py`` is ``supybot.setup`` (``from . import
    authors``; a helper its plugins' setup scripts call), so its folder is no
    distribution of its own; so is one beside the package's ``__init__.py``
    that calls no ``setup()`` (Red-DiscordBot's ``redbot/setup.py``, the
    ``redbot-setup`` command's module, ``from redbot.core import ...``).
    Not a service marker."""
    if name.lower() != "setup.py":
        return False
    try:
        head = read_regular(path, 256 * 1024)
    except OSError:
        return False
    if _TOP_LEVEL_RELATIVE_IMPORT.search(head) is not None:
        return True
    return os.path.isfile(os.path.join(os.path.dirname(path), "__init__.py")) and SETUP_CALL.search(head.decode("utf-8", "replace")) is None


def _module_type_marker(path: str) -> bool:
    """A package.json that only says how Node loads the ``.js`` files below
    it (``{"type": "module"}`` / ``{"type": "commonjs"}``): what dual-build
    tools (esm2cjs, tshy) write into each build folder of a package
    (@zwave-js/server's ``dist-esm/`` and ``dist-cjs/``).  No package of its
    own: no name, no dependencies, no scripts, no entry point."""
    try:
        data = json.loads(read_regular(path, 64 * 1024).decode("utf-8", "replace"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and set(data) == {"type"}


def _in_js_package(service_roots: dict[str, list[str]], shown_dir: str) -> bool:
    """A folder above ``shown_dir`` holds a package.json (the package whose
    build folder it is)."""
    parts = shown_dir.split("/")
    return any("package.json" in service_roots.get("/".join(parts[:i]), ()) for i in range(len(parts)))


# third-party browser libraries copied into a static folder (octoprint's
# static/js/lib/: hls.js, less.js): left out like vendor/
_VENDORED_WEB_LIBS = frozenset({"lib", "libs", "third-party", "third_party", "thirdparty", "3rdparty", "external", "externals"})
_WEB_ROOTS = frozenset({"static", "public", "assets", "www", "webroot", "wwwroot"})


def under_web_root(rel: str) -> bool:
    return any(p.lower() in _WEB_ROOTS for p in rel.split("/")[:-1])


def installed_by_bower(abs_dir: str) -> bool:
    """A folder bower installed a package into: bower writes ``.bower.json``
    into each package it installs, wherever its ``.bowerrc`` puts them
    (nbviewer's ``static/components/reveal.js/``); a third-party package, left
    out like ``bower_components/``."""
    return os.path.isfile(os.path.join(abs_dir, ".bower.json"))


def stat_sig(st: os.stat_result) -> str:
    """A file's identity for the facts cache: size, modification time, inode."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


@dataclass
class SourceFile:
    path: str  # posix, relative to root
    abspath: str
    kind: str  # js | ts | py | compose | text
    size: int
    sig: str = ""  # "size:mtime_ns:inode" as discovered (the facts cache's change test), "" if unknown


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    service_roots: dict[str, list[str]] = field(default_factory=dict)  # dir -> marker file names
    service_dirs: dict[str, str] = field(default_factory=dict)  # dir as shown -> absolute dir on disk
    config_dirs: dict[str, str] = field(default_factory=dict)  # dir holding a tsconfig/jsconfig.json or a JSON Babel config (riskscan.aliases) -> dir on disk


_TEST_KINDS = "int|integration|e2e|functional|acceptance|unit|system|smoke|regression|perf|performance|load|stress"
# a folder named for a kind of test after `test-`/`test_` (tiledesk's `test-int/`, `tests_e2e/`)
_TEST_KIND_DIR = re.compile(rf"tests?[-_](?:{_TEST_KINDS})")
# a folder named for a kind of tests in one word, alone or after the package's
# name and `_`/`-` (heat's `heat_integrationtests/`, barbican's `functionaltests/`)
_KIND_TESTS_DIR = re.compile(rf"(?:.+[-_])?(?:{_TEST_KINDS})tests")
# a folder of the helpers a package's tests share (apostrophe 4.32.2's `test-lib/`: its
# tests' raw HTTP getter and node_modules set-up, required only by `test/` and a debug script),
# like `testutils/`: `test-lib`, `test_utils`, `testHelpers`, `test-support`; and a folder of
# the tools a package's developers test it with by hand (tacker 16.0.0's `test-tools/`: a fake
# notification endpoint, a wsgiref server run from a shell, and a CLI for the API)
_TEST_SUPPORT_DIR = re.compile(r"[Tt]ests?[-_]?(?:[Ll]ibs?|[Uu]tils?|[Hh]elpers?|[Ss]upport|[Tt]ools?)")


def is_test_dir(name: str) -> bool:
    """A folder of test code: ``tests/``, ``__tests__/``... and a package's
    own test folders named ``<something>_tests`` / ``-tests`` (dagster's
    ``dagster_tests/core_tests/``, ``integration-tests/``), ``test-<kind>``
    (tiledesk's ``test-int/`` of integration tests, ``test_e2e/``) or
    ``<kind>tests`` (heat's ``heat_integrationtests/``), and a folder of
    test helpers or tools (``test-lib/``, ``test_utils/``, ``test-tools/``)."""
    return (
        name in TEST_DIRS
        or _TEST_SUPPORT_DIR.fullmatch(name) is not None
        or name.endswith(("_tests", "-tests"))
        or _TEST_KIND_DIR.fullmatch(name) is not None
        or _KIND_TESTS_DIR.fullmatch(name) is not None
    )


# a Python package of tests named like a test module (devpi-server 6.20.3's
# `test_devpi_server/`: its test_*.py modules, conftest.py and the pytest plugin
# of fixtures they share); only when the folder holds test modules of its own
_TEST_PACKAGE_DIR = re.compile(r"test_[A-Za-z0-9_]+")
_TEST_MODULE = re.compile(r"(?:test_.*|conftest)\.py")
_CONFTEST = lazy_re(r"conftest\.py")


# a pytest plugin, by pytest's naming convention for them (girder 5.0.21's `pytest_girder/`, the
# `pytest-girder` distribution of its test fixtures: a CherryPy server its tests start); only a
# Python package or distribution so named (`__init__.py`, `setup.py`, `setup.cfg`, `pyproject.toml`)
_PYTEST_PLUGIN_DIR = lazy_re(r"pytest[-_][A-Za-z0-9][A-Za-z0-9_-]*")
_PY_PACKAGE_MARKERS = ("__init__.py", "setup.py", "setup.cfg", "pyproject.toml")


def is_pytest_plugin_dir(name: str, abs_dir: str) -> bool:
    """A folder named ``pytest_<name>``/``pytest-<name>`` that is a Python
    package or distribution: a pytest plugin (pytest-girder's fixtures and
    test server, pytest-django), test code like ``conftest.py``."""
    if _PYTEST_PLUGIN_DIR.fullmatch(name) is None:
        return False
    return any(os.path.isfile(os.path.join(abs_dir, m)) for m in _PY_PACKAGE_MARKERS)


# a folder named alone for a kind of tests that names nothing else (tahoe-lafs 1.20.0's
# `integration/`); not `system/`, `unit/`, `load/`, `performance/`: app packages too
_TEST_SUITE_NAME = lazy_re(r"integration|functional|acceptance|e2e|smoke")


def is_test_package_dir(name: str, abs_dir: str) -> bool:
    """A folder named ``test_<name>`` that directly holds a ``conftest.py`` or
    ``test_*.py`` module: a package of tests (``test_devpi_server/``), not a
    folder of the service's code that happens to start with ``test_``; and a
    folder named for a kind of test suite alone (``integration``,
    ``functional``, ``acceptance``, ``e2e``, ``smoke``) that directly holds a
    ``conftest.py``, the root of a pytest suite (tahoe-lafs' ``integration/``:
    its ``util.py`` and ``grid.py`` drive the nodes its ``test_*.py`` start),
    not a service's ``integration/`` package of connectors to other systems;
    and a ``t/`` folder of pytest suites (:func:`_short_test_root`); and a
    pytest plugin (:func:`is_pytest_plugin_dir`)."""
    if name == "t":
        return _short_test_root(abs_dir)
    if _TEST_PACKAGE_DIR.fullmatch(name) is not None:
        wanted = _TEST_MODULE
    elif _TEST_SUITE_NAME.fullmatch(name) is not None:
        wanted = _CONFTEST
    else:
        return is_pytest_plugin_dir(name, abs_dir)
    try:
        with os.scandir(abs_dir) as it:
            return any(wanted.fullmatch(e.name) is not None and e.is_file(follow_symlinks=False) for e in it)
    except OSError:
        return False


def _short_test_root(abs_dir: str) -> bool:
    """A folder named ``t`` (the test root of Perl and of the Celery family:
    celery 5.7.0's ``t/unit/``, ``t/integration/``, ``t/smoke/``) that holds a
    ``conftest.py``, directly or in a folder of its own (``t/unit/conftest.py``):
    the root of pytest suites, whose fixture apps (``t/unit/bin/proj/__init__.py``:
    ``Celery(set_as_current=False)``) are not the service's code.  A ``t/`` of
    anything else (a colocated ``test_*.py`` module alone) stays the project's."""
    try:
        with os.scandir(abs_dir) as it:
            entries = [(e.name, e.path, e.is_dir(follow_symlinks=False)) for e in it]
        for ename, path, is_dir in entries:
            if not is_dir:
                if _CONFTEST.fullmatch(ename) is not None:
                    return True
                continue
            if os.path.isfile(os.path.join(path, "conftest.py")):
                return True
    except OSError:
        return False
    return False


def is_test_path(rel: str) -> bool:
    parts = rel.split("/")
    if any(is_test_dir(p) for p in parts[:-1]):
        return True
    return is_test_file_name(parts[-1])


def classify(name: str) -> str | None:
    """File kind by name: js, ts, py, compose, dotenv, text, one of the kinds
    decided by content (``_SNIFFED``: yaml = compose or process definitions,
    yaml-template, ini = supervisor program or Paste Deploy configuration,
    unit = systemd service), or None."""
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
    if ext in (".conf", ".ini"):
        return "ini"
    if ext == ".service":
        return "unit"
    if ext == ".py-tpl":
        return "text"  # Django's startproject/startapp templates (settings.py-tpl): read for their settings
    if ext in _TEMPLATE_EXT:
        inner = os.path.splitext(lower[: -len(ext)])[1]
        if inner in PY_EXT:
            return "text"  # a settings template a generated site runs with (settings.py.jinja2)
        if inner in (".yml", ".yaml"):
            return "yaml-template"
        if inner in (".conf", ".ini"):
            return "ini"
        if inner == ".service":
            return "unit"
        if not inner or "supervisor" in lower:
            return "ini"  # partial_supervisord.tmpl: kept if it holds [program:x] sections
    return None


# the scripts a distribution installs: setup.py's ``scripts=["powa-web"]``, setup.cfg's ``scripts = bin/x``
_SETUP_PY_SCRIPTS = re.compile(rb"\bscripts\s*=\s*[\[(]([^\])]*)[\])]")
_SETUP_CFG_SCRIPTS = re.compile(rb"(?m)^scripts[ \t]*=[ \t]*([^\n]*(?:\n[ \t]+[^\n]*)*)")
_QUOTED = re.compile(rb"[\"']([^\"'\n]+)[\"']")


def _package_bins(abs_dir: str) -> list[bytes]:
    """The commands the ``package.json`` of this directory installs
    (``"bin": "cli"`` or ``"bin": {"drakov": "drakov"}``): the program an
    operator runs, often an extensionless ``#!/usr/bin/env node`` file."""
    try:
        data = json.loads(read_regular(os.path.join(abs_dir, "package.json"), 256 * 1024).decode("utf-8", "replace"))
    except (OSError, ValueError):
        return []
    bins = data.get("bin") if isinstance(data, dict) else None
    values = [bins] if isinstance(bins, str) else list(bins.values()) if isinstance(bins, dict) else []
    return [v.encode() for v in values if isinstance(v, str)]


def _declared_scripts(abs_dir: str, rel_dir: str, names: set[str]) -> set[str]:
    """Files (as paths under the root) that the ``setup.py`` / ``setup.cfg``
    of this directory installs as scripts, or its ``package.json`` as ``bin``
    commands: the program an operator runs (``scripts=["powa-web"]``, an
    extensionless launcher at the top of the distribution), read like the
    launchers of ``bin/`` when it starts with ``#!``."""
    found: list[bytes] = _package_bins(abs_dir) if "package.json" in names else []
    for setup, pattern in (("setup.py", _SETUP_PY_SCRIPTS), ("setup.cfg", _SETUP_CFG_SCRIPTS)):
        if setup not in names:
            continue
        try:
            text = read_regular(os.path.join(abs_dir, setup), 256 * 1024)
        except OSError:
            continue
        for m in pattern.finditer(text):
            found.extend(_QUOTED.findall(m.group(1)) if setup == "setup.py" else re.split(rb"[\s,]+", m.group(1)))
    out: set[str] = set()
    for raw in found:
        path = raw.decode("utf-8", "replace").strip().removeprefix("./")
        if path and not path.startswith("/") and ".." not in path.split("/"):
            out.add(f"{rel_dir}/{path}" if rel_dir else path)
    return out


def _maybe_launcher(rel: str) -> bool:
    """An extensionless file where launch scripts live (read if it starts with ``#!``)."""
    parts = rel.split("/")
    name = parts[-1]
    if "." in name or not name:
        return False
    return name.lower() in _LAUNCHER_NAMES or (len(parts) > 1 and parts[-2].lower() in _SCRIPT_DIR_NAMES)


_SERVICES_LINE = re.compile(rb"(?m)^services\s*:")
# ``services:`` holding a list (render.yaml, .gitlab-ci.yml): never a compose project
_SERVICES_LIST = re.compile(rb"(?m)^services[ \t]*:[ \t]*(?:\[|(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*-(?:[ \t]|\r?\n))")
# a key that holds a process command in a Kubernetes manifest, Helm template,
# Copilot/App Engine/Render/DigitalOcean spec, CloudFormation task definition
_COMMAND_KEY = re.compile(
    rb"(?m)^[ \t]*(?:-[ \t]+)*[\"']?(?:command|args|entrypoint|startCommand|dockerCommand|run_command)[\"']?[ \t]*:(?:[ \t]|\r?$)", re.I
)
_PROGRAM_SECTION = re.compile(rb"(?m)^[ \t]*\[(?:fcgi-)?program:")
# a Paste Deploy configuration (OpenStack's api-paste.ini): sections built by a factory
_PASTE_FACTORY = re.compile(rb"(?m)^[ \t]*paste\.\w+_factory[ \t]*[=:]")
_EXEC_START = re.compile(rb"(?m)^[ \t]*ExecStart[ \t]*=")
_SHEBANG = re.compile(rb"^#![ \t]*(\S+)(?:[ \t]+(.*))?")
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"})
_NODES = frozenset({"node", "nodejs", "bun", "ts-node", "tsx"})


_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def display_name(name: str) -> str:
    """A file name as shown in reports: injective and valid Unicode.

    Bytes that are not UTF-8 (surrogate-escaped by ``os``) become ``\\xNN``,
    control characters ``\\n``/``\\r``/``\\t``/``\\xNN``/``\\uNNNN``, and a
    backslash is doubled so no two names can show the same.
    """
    if name.isprintable() and "\\" not in name:
        return name
    out = []
    for ch in name:
        o = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif 0xDC80 <= o <= 0xDCFF:  # undecodable byte (os.fsdecode surrogateescape)
            out.append(f"\\x{o - 0xDC00:02x}")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif 0x80 <= o < 0xA0 or 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _link_target_kind(path: str) -> str | None:
    try:
        target = os.readlink(path)
    except (OSError, ValueError):
        return None
    return classify(os.path.basename(target.rstrip("/")))


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
        where = f"{(display_path(rel_dir) + '/') if rel_dir else ''}.gitignore"
        try:
            raw = read_regular(path, 256 * 1024)
            lines = raw.decode("utf-8", errors="replace").splitlines()
            spec, bad, risky = _compile_ignore(lines)
        except Exception as exc:  # unreadable, or the matcher itself failed: report, don't stop
            warnings.append(f"{where}: ignored ({type(exc).__name__}: {str(exc)[:120]})")
            return False
        for lineno, error in bad[:5]:
            warnings.append(f"{where}:{lineno}: pattern ignored ({error[:120]})")
        if len(bad) > 5:
            warnings.append(f"{where}: {len(bad) - 5} more patterns ignored")
        if spec is None:
            return False
        self.specs.append((rel_dir, _GuardedSpec(spec, risky, where, warnings)))
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


# A pattern's regex backtracks combinatorially in its wildcards (``a*a*a*a*b``
# against a long name of ``a``s takes minutes).  Patterns with more than
# _MAX_WILDCARDS are dropped; a .gitignore with a pattern of more than
# _GUARD_WILDCARDS is matched under a time budget and disabled if it overruns.
_MAX_WILDCARDS = 8
_GUARD_WILDCARDS = 2
_MATCH_BUDGET = 0.25  # seconds for one path against one guarded .gitignore
_WILDCARD = re.compile(r"\*+|\?|\[")


class _GuardedSpec:
    def __init__(self, spec: object, risky: bool, where: str, warnings: list[str]) -> None:
        self.spec, self.risky, self.where, self.warnings = spec, risky, where, warnings
        self.disabled = False

    def match_file(self, sub: str) -> bool:
        if self.disabled:
            return False
        if not self.risky:
            return bool(self.spec.match_file(sub))  # type: ignore[attr-defined]
        from .isolation import BudgetExceeded, time_budget

        try:
            with time_budget(_MATCH_BUDGET):
                return bool(self.spec.match_file(sub))  # type: ignore[attr-defined]
        except BudgetExceeded:
            self.disabled = True
            self.warnings.append(f"{self.where}: disabled at {display_path(sub)!r} (matching took longer than {_MATCH_BUDGET} s)")
            return False


def display_path(rel: str) -> str:
    return "/".join(display_name(part) for part in rel.split("/")) if rel else rel


_UNESCAPE = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}


def real_name(shown: str) -> str:
    """The inverse of :func:`display_name`: the name as ``os`` functions take
    it (undecodable bytes surrogate-escaped again)."""
    if "\\" not in shown:
        return shown
    out: list[str] = []
    i, n = 0, len(shown)
    while i < n:
        ch = shown[i]
        nxt = shown[i + 1 : i + 2]
        if ch != "\\" or not nxt:
            out.append(ch)
            i += 1
        elif nxt in _UNESCAPE:
            out.append(_UNESCAPE[nxt])
            i += 2
        elif nxt in ("x", "u"):
            width = 2 if nxt == "x" else 4
            digits = shown[i + 2 : i + 2 + width]
            try:
                o = int(digits, 16) if len(digits) == width else -1
            except ValueError:
                o = -1
            if o < 0:
                out.append(ch)
                i += 1
                continue
            out.append(chr(0xDC00 + o) if nxt == "x" and o >= 0x80 else chr(o))
            i += 2 + width
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def real_path(root: str, shown: str) -> str:
    """The file on disk for a path as shown in reports (relative to ``root``)."""
    if not shown:
        return root
    return os.path.join(root, *(real_name(part) for part in shown.rstrip("/").split("/")))


def _compile_ignore(lines: list[str]) -> tuple[object | None, list[tuple[int, str]], bool]:
    """A GitIgnoreSpec of the patterns that compile, (line, error) for the
    others, and whether a kept pattern has enough wildcards to need a time guard."""
    import warnings as _warnings

    from pathspec import GitIgnoreSpec

    good: list[str] = []
    bad: list[tuple[int, str]] = []
    risky = False
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        for lineno, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            wildcards = len(_WILDCARD.findall(line))
            if wildcards > _MAX_WILDCARDS:
                bad.append((lineno, f"more than {_MAX_WILDCARDS} wildcards"))
                continue
            risky = risky or wildcards > _GUARD_WILDCARDS
            try:
                GitIgnoreSpec.from_lines([line]).match_file("x")
            except Exception as exc:  # noqa: BLE001 - any matcher failure drops the line only
                bad.append((lineno, f"{type(exc).__name__}: {exc}"))
                continue
            good.append(line)
        if not good:
            return None, bad, False
        return GitIgnoreSpec.from_lines(good), bad, risky


_ALIAS_CONFIGS = frozenset({"tsconfig.json", "jsconfig.json", ".babelrc", ".babelrc.json", "babel.config.json"})


@functools.lru_cache(maxsize=16384)
def _by_name(name: str) -> tuple[str | None, bool, bool, bool]:
    """What discovery needs of a file's name, remembered (a project's files
    share a few hundred names: `__init__.py`, `index.ts`, `db.py`): (its kind
    by :func:`classify`, "" for Yarn's generated files; a service marker; an
    import-alias configuration; a test file's name)."""
    if name in _YARN_PNP_FILES:
        return "", False, False, False
    return classify(name), SERVICE_MARKERS.match(name) is not None, name in _ALIAS_CONFIGS, is_test_file_name(name)


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
    # stack of (rel_dir as on disk, rel_dir as shown, abs_dir)
    stack: list[tuple[str, str, str]] = [("", "", root)]
    scripts: set[str] = set()  # launchers a setup.py / setup.cfg / package.json "bin" installs (_declared_scripts)
    while stack:
        rel_dir, shown_dir, abs_dir = stack.pop()
        # trim gitignore specs that belong to directories we have left
        ignore.specs = [(b, s) for b, s in ignore.specs if not b or rel_dir == b or rel_dir.startswith(b + "/")]
        ignore.load(rel_dir, abs_dir, out.warnings)
        try:
            with os.scandir(abs_dir) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            out.warnings.append(f"{shown_dir or '.'}: directory not readable ({exc.strerror or exc})")
            out.skipped.append(Skipped((shown_dir or ".") + "/", f"directory not readable ({exc.strerror or exc})"))
            continue
        subdirs: list[tuple[str, str, str]] = []
        markers: list[str] = []
        if any(e.name in ("setup.py", "setup.cfg", "package.json") for e in entries):
            scripts |= _declared_scripts(abs_dir, rel_dir, {e.name for e in entries})
        for entry in entries:
            name = entry.name
            shown = display_name(name)
            rel = f"{rel_dir}/{name}" if rel_dir else name
            try:
                if entry.is_symlink():
                    kind = classify(name) or _link_target_kind(entry.path)
                    if kind is not None and kind not in _SNIFFED:
                        out.skipped.append(Skipped(_posix(shown_dir, shown), "symbolic link not followed", excluded=True))
                    continue
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if name in DEFAULT_EXCLUDED_DIRS or (not include_tests and (is_test_dir(name) or is_test_package_dir(name, entry.path))):
                    continue
                if name.lower() in _VENDORED_WEB_LIBS and under_web_root(rel):
                    continue  # static/js/lib/hls.js: a copied browser library, not the project's code
                if _excluded(rel, excludes, True) or ignore.ignored(rel, True):
                    continue
                if os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):
                    continue  # a virtualenv under any name
                if installed_by_bower(entry.path):
                    continue
                subdirs.append((rel, _posix(shown_dir, shown), entry.path))
                continue
            kind, marker, alias_config, test_name = _by_name(name)
            if kind == "":
                continue  # generated by Yarn, like node_modules
            if kind is None and (_maybe_launcher(rel) or rel in scripts):
                kind = "shebang"
            if marker and is_file and not _package_module_named_setup(name, entry.path):
                markers.append(name)
            if alias_config and is_file:
                out.config_dirs[shown_dir] = abs_dir
            if kind is None:
                continue
            if not is_file:
                if kind not in _SNIFFED:
                    try:
                        what = _special_kind(entry.stat(follow_symlinks=False).st_mode)
                    except OSError:
                        what = "not a regular file"
                    out.skipped.append(Skipped(_posix(shown_dir, shown), f"{what}, never opened", excluded=True))
                continue
            if _excluded(rel, excludes, False) or ignore.ignored(rel, False):
                continue
            # (test directories were not entered: only the file name can say test)
            if not include_tests and test_name:
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                out.skipped.append(Skipped(_posix(shown_dir, shown), f"cannot stat ({exc.strerror or exc})"))
                continue
            size = st.st_size
            if kind in _SNIFFED:
                sniffed = None if size > max_bytes else _sniff(entry.path, kind, rel)
                if sniffed is None:
                    continue
                kind = sniffed
            if size > max_bytes:
                out.skipped.append(Skipped(_posix(shown_dir, shown), f"larger than the {max_bytes} byte limit", excluded=True))
                continue
            out.files.append(SourceFile(_posix(shown_dir, shown), entry.path, kind, size, stat_sig(st)))
        if "package.json" in markers and shown_dir and _module_type_marker(os.path.join(abs_dir, "package.json")) \
                and _in_js_package(out.service_roots, shown_dir):
            markers.remove("package.json")
        if markers:
            out.service_roots[shown_dir] = markers
            out.service_dirs[shown_dir] = abs_dir
        for sub in reversed(subdirs):
            stack.append(sub)
    out.files = _drop_compiled_copies(out)
    out.files.sort(key=lambda f: f.path)
    out.skipped.sort(key=lambda s: s.path)
    return out


# `lib/core.js` (or `out/`) beside `src/core.ts`: tsc output shipped next to its source
_COMPILED_JS = re.compile(r"^(.*/)?(?:lib|out)/(.+)\.[cm]?js$")
_TS_SOURCES = (".ts", ".tsx", ".mts", ".cts")


def _drop_compiled_copies(out: Discovery) -> list[SourceFile]:
    """The files without the JavaScript a TypeScript file of the scan compiles
    to (botkit ships `lib/core.js` beside `src/core.ts`): reading both would
    report every finding twice.  Listed as skipped (excluded); compiled code
    shipped without its source is still read like its source."""
    sources = {f.path for f in out.files if f.kind == "ts"}
    babel = _babel_copies(out.files)
    esm = _esm_build_copies(out.files)
    if not sources and not babel and not esm:
        return out.files
    kept: list[SourceFile] = []
    for f in out.files:
        m = _COMPILED_JS.match(f.path) if f.kind == "js" else None
        stem = f"{m.group(1) or ''}src/{m.group(2)}" if m else ""
        src = next((stem + ext for ext in _TS_SOURCES if stem + ext in sources), None) if stem else None
        if src is None and f.path in babel:
            src = babel[f.path]
        if src is not None:
            out.skipped.append(Skipped(f.path, f"compiled output of {src}, which is scanned", excluded=True))
            continue
        if f.path in esm:
            out.skipped.append(Skipped(f.path, f"ES module build of {esm[f.path]}, which is scanned", excluded=True))
            continue
        kept.append(f)
    return kept


def _esm_build_copies(files: list[SourceFile]) -> dict[str, str]:
    """The ES module half of a dual build (verdaccio's packages ship
    `lib/auth.js` for require() beside `lib/auth.mjs` for import): `.mjs`
    files with a `.js` or `.cjs` sibling of the same name, when at least two
    of a folder's `.mjs` files and half of them have one.  Only the CommonJS
    copy is read (an import of `./auth.mjs` resolves to it too); a folder's
    lone `.mjs` beside its `.js` stays."""
    js = {f.path for f in files if f.kind == "js"}
    by_dir: dict[str, list[tuple[str, str]]] = {}
    for path in js:
        if path.endswith(".mjs"):
            stem = path[:-4]
            twin = next((stem + ext for ext in (".js", ".cjs") if stem + ext in js), "")
            by_dir.setdefault(path.rpartition("/")[0], []).append((path, twin))
    return _paired_copies(by_dir)


def _babel_copies(files: list[SourceFile]) -> dict[str, str]:
    """JavaScript compiled from JavaScript (Babel: openhim ships `lib/koaApi.js`
    beside `src/koaApi.js`): ``lib/``/``out/`` files with a ``src/`` file of the
    same name, when at least two of a folder's files and half of them have one
    (a package may keep unrelated code in both)."""
    js = {f.path for f in files if f.kind == "js"}
    by_root: dict[str, list[tuple[str, str]]] = {}
    for path in js:
        m = _COMPILED_JS.match(path)
        if m is None:
            continue
        pairs = by_root.setdefault(m.group(1) or "", [])
        src = f"{m.group(1) or ''}src/{path[m.end(1) if m.group(1) else 0:].split('/', 1)[1]}"
        pairs.append((path, src if src in js else ""))
    return _paired_copies(by_root)


def _paired_copies(groups: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """copy -> the file it copies, for each folder (or root) of ``groups``
    (its ``(file, the file it copies or "")`` pairs) where at least two files
    and half of them have their twin: a folder with one lone pair may hold
    unrelated code under the same name."""
    out: dict[str, str] = {}
    for pairs in groups.values():
        found = [(p, twin) for p, twin in pairs if twin]
        if len(found) >= 2 and 2 * len(found) >= len(pairs):
            out.update(found)
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


def _looks_like_compose(head: bytes) -> bool:
    """Cheap check for YAML files with other names: a top-level ``services:`` key
    that does not hold a list."""
    return bool(_SERVICES_LINE.search(head)) and not _SERVICES_LIST.search(head)


def _sniff(path: str, kind: str, rel: str) -> str | None:
    """The kind of a file whose name is not enough, from a bounded read of its
    start: ``compose``; ``text`` for files that define how processes start
    (Kubernetes manifests, Helm templates and other YAML with a ``command``/
    ``args``/``entrypoint`` key, supervisor ``[program:x]`` files, systemd
    units with ``ExecStart=``, shell scripts with a ``#!`` line; Paste Deploy
    configurations, which say what an OpenStack API serves); ``js``/``py``
    for extensionless Node/Python scripts (``bin/www``); None to leave it out.
    YAML of CI pipelines and dev environments is never read for commands."""
    limit = 256 if kind == "shebang" else 64 * 1024 if kind in ("ini", "unit") else 256 * 1024
    try:
        head = read_regular(path, limit)
    except OSError:
        return None
    if kind == "yaml" and _looks_like_compose(head):
        return "compose"
    if kind in ("yaml", "yaml-template"):
        return "text" if _COMMAND_KEY.search(head) and not _CI_PATH.search(rel) else None
    if kind == "ini":
        return "text" if _PROGRAM_SECTION.search(head) or _PASTE_FACTORY.search(head) else None
    if kind == "unit":
        return "text" if _EXEC_START.search(head) else None
    return _interpreter_kind(head)


def _interpreter_kind(head: bytes) -> str | None:
    """``#!/bin/sh`` -> text, ``#!/usr/bin/env node`` -> js, ``#!/usr/bin/python3`` -> py."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    m = _SHEBANG.match(head.split(b"\n", 1)[0].rstrip(b"\r"))
    if m is None:
        return None
    words = [m.group(1).rsplit(b"/", 1)[-1], *(m.group(2) or b"").split()]
    if words[0] == b"env":
        words = [w for w in words[1:] if not w.startswith(b"-") and b"=" not in w][:1]
    if not words:
        return None
    prog = words[0].decode("ascii", "replace").lower()
    if prog in _SHELLS:
        return "text"
    if prog in _NODES:
        return "js"
    if re.fullmatch(r"(?:python|pypy)[0-9.]*", prog):
        return "py"
    return None
