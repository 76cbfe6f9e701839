"""Compose files that a test script brings up for its test run and takes down
after it: the suite's environment, not a deployment.

sqlpad keeps beside each database driver a ``test.sh`` that runs
``docker-compose up -d``, then ``npx mocha ./test.js``, then
``docker-compose down`` (``drivers/postgres/test.sh``): the
``docker-compose.yml`` there is a throw-away database for the driver's tests.

A compose file counts as such a stack when one shell script (``*.sh``,
``*.bash``) or one package.json script, read in order, starts it (``up``/
``start``), then runs a test runner (mocha, jest, pytest, ``npm test``,
``go test``...), then stops it again (``down``/``stop``/``rm``/``kill``),
and none of its services builds an image: the stack only runs images pulled
for the tests to reach, while the code under test runs on the host.  A stack
that builds the project's own image may be the deployment a CI script tests
end to end, and is judged as before.  Which files a command starts is read
as compose reads it: each ``-f``/``--file``, relative to the directory the
script runs in (its own folder, or the one a literal ``cd`` moves to), else
the default compose file of that directory and its ``.override.`` file.

A script named for setting up the tests (``test-setup.sh``, zuul's
``tools/test-setup-docker.sh``, ``setup-tests.sh``) prepares what the suite,
run later by its own command, reaches: a stack it starts is the suite's
environment even though no test runner and no ``down`` follow in it.  Shell
variables assigned a plain value in the script before the call are expanded
(``COMPOSE="docker compose"`` ... ``${ROOTCMD} ${COMPOSE} up -d``, with
``ROOTCMD=${ROOTCMD:-env}``), and a command substitution (``USER_ID=$(id -u)``)
is one word.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from typing import TYPE_CHECKING, Any

from ..facts import FileFacts
from ..lazyre import lazy_re
from ._compose_interp import UNKNOWN, interpolate

if TYPE_CHECKING:
    from ..project import Project

# the files `docker compose` reads in a folder when no -f names one, in its order of preference
DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_OVERRIDES = ("compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml")
_UP = frozenset({"up", "start"})
_DOWN = frozenset({"down", "stop", "rm", "kill"})
# compose's global options that take a value (the subcommand is the first other word)
_VALUE_OPTS = frozenset({"-f", "--file", "-p", "--project-name", "--project-directory", "--env-file", "--profile", "--ansi", "--log-level",
                         "-H", "--host", "--context", "-c", "--parallel", "--progress"})
_STEP_SPLIT = lazy_re(r"&&|\|\||;|(?<![|>])\|(?!\|)")
_RUNNERS = frozenset({"mocha", "_mocha", "jest", "vitest", "ava", "tap", "jasmine", "karma", "lab", "pytest", "py.test", "tox", "nox", "rspec", "phpunit",
                      "nyc", "c8", "istanbul"})
_PKG_MANAGERS = frozenset({"npm", "yarn", "pnpm", "bun"})
_TEST_SCRIPT = lazy_re(r"^(?:test|tests|t)(?:$|[:\-_])", re.I)
# words before the command itself: env assignments, wrappers, shell keywords (`if npm test; then`)
_WRAPPERS = frozenset({"exec", "time", "env", "sudo", "npx", "command", "nohup", "if", "then", "else", "elif", "do", "while", "until", "!", "{", "("})
_SCRIPT_DIR = lazy_re(r"dirname|BASH_SOURCE|\$0")
# a script named for preparing the test suite's environment (test-setup.sh, setup_tests.sh)
_TEST_SETUP_NAME = lazy_re(r"^(?:tests?[-_]?set[-_]?up|set[-_]?up[-_]?tests?)(?:[-_.].*)?$", re.I)
_SUBSTITUTION = lazy_re(r"\$\([^()]*\)|`[^`]*`")
_VAR_WORD = lazy_re(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?::?-[^}$]*)?\})")
_ASSIGNMENT = lazy_re(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)


def _words(step: str) -> list[str]:
    """Shell words of a step; a command substitution (``$(id -u)``) is one unknown word."""
    step = _SUBSTITUTION.sub("$_", step)
    try:
        return shlex.split(step, comments=True)
    except ValueError:
        return step.split()


def _expand_vars(words: list[str], variables: dict[str, str]) -> list[str]:
    """Words with each word that is a variable of known value (``${COMPOSE}``,
    ``${ROOTCMD:-env}``) replaced by the words of that value."""
    out: list[str] = []
    for w in words:
        value = interpolate(w, variables) if _VAR_WORD.fullmatch(w) else UNKNOWN
        if UNKNOWN in value:
            out.append(w)
        else:
            out.extend(_words(value))
    return out


def _assigned(words: list[str], variables: dict[str, str]) -> bool:
    """Record a plain assignment step (``COMPOSE="docker compose"``); True when it was one."""
    m = _ASSIGNMENT.match(words[0]) if len(words) == 1 else None
    if m is None:
        return False
    value = interpolate(m.group(2), variables)
    if UNKNOWN in value:
        variables.pop(m.group(1), None)
    else:
        variables[m.group(1)] = value
    return True


def _drop_prefix(words: list[str]) -> list[str]:
    """Words of a command without env assignments and wrappers (``FOO=1 npx mocha``)."""
    i = 0
    while i < len(words):
        w = words[i]
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", w) or w in _WRAPPERS:
            i += 1
            continue
        break
    return words[i:]


def runs_tests(words: list[str]) -> bool:
    """A test runner: ``mocha``/``jest``/``pytest``..., ``npm test``/``npm run test:x``,
    ``go test``, ``cargo test``, ``python -m pytest``, ``node --test``."""
    w = _drop_prefix(words)
    if not w:
        return False
    prog = posixpath.basename(w[0])
    rest = w[1:]
    if prog in _RUNNERS:
        return True
    if prog in _PKG_MANAGERS and rest:
        if rest[0] in ("run", "run-script") and len(rest) > 1:
            return bool(_TEST_SCRIPT.match(rest[1]))
        return bool(_TEST_SCRIPT.match(rest[0]))
    if prog in ("go", "cargo", "mvn", "gradle", "gradlew", "make") and rest:
        return rest[0] in ("test", "verify", "check") or (prog == "make" and bool(_TEST_SCRIPT.match(rest[0])))
    if re.fullmatch(r"python[0-9.]*", prog) and len(rest) > 1 and rest[0] == "-m":
        return rest[1] in ("pytest", "unittest", "tox", "nox")
    if prog == "node" and "--test" in rest:
        return True
    if prog in ("cypress", "playwright") and rest:
        return rest[0] in ("run", "test")
    return False


def _compose_call(words: list[str]) -> tuple[str, list[str], str | None] | None:
    """(subcommand, -f files, --project-directory) of a ``docker-compose``/``docker compose`` call."""
    w = _drop_prefix(words)
    if not w:
        return None
    prog = posixpath.basename(w[0])
    if prog in ("docker-compose", "podman-compose"):
        args = w[1:]
    elif prog in ("docker", "podman") and len(w) > 1 and w[1] == "compose":
        args = w[2:]
    else:
        return None
    files: list[str] = []
    project_dir: str | None = None
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("-"):
            name, eq, value = a.partition("=")
            if name in _VALUE_OPTS:
                if not eq:
                    i += 1
                    value = args[i] if i < len(args) else ""
                if name in ("-f", "--file"):
                    files.append(value)
                elif name == "--project-directory":
                    project_dir = value
            i += 1
            continue
        return a, files, project_dir
    return None


def _stack(project: "Project", cwd: str, files: list[str], project_dir: str | None) -> frozenset[str]:
    """The compose files a call in ``cwd`` reads (paths in the project)."""
    if files:
        if any("$" in f or "`" in f for f in files):
            return frozenset()
        return frozenset(posixpath.normpath(posixpath.join(cwd, f)) for f in files)
    where = posixpath.normpath(posixpath.join(cwd, project_dir)) if project_dir else cwd
    if project_dir and ("$" in project_dir or "`" in project_dir):
        return frozenset()
    out: set[str] = set()
    for name in DEFAULT_FILES:
        path = posixpath.normpath(posixpath.join(where, name))
        if path in project.files:
            out.add(path)
            break
    if out:
        for name in _OVERRIDES:
            path = posixpath.normpath(posixpath.join(where, name))
            if path in project.files:
                out.add(path)
    return frozenset(out)


def _test_stacks_of(project: "Project", lines: list[str], cwd: str | None, test_setup: bool = False) -> set[str]:
    """Compose files that these commands, run in order, start, test against and
    stop (or, in a script named for setting up the tests, only start)."""
    started: set[str] = set()  # started before a test runner ran
    tested: set[str] = set()  # started, then tests ran
    out: set[str] = set()
    variables: dict[str, str] = {}
    for line in lines:
        for step in _STEP_SPLIT.split(line):
            words = _words(step.strip())
            if not words or _assigned(words, variables):
                continue
            words = _expand_vars(words, variables)
            if not words:
                continue  # `${FAILED:-}` alone (a table cell after `|`): expands to no command
            if words[0] == "cd":
                target = words[1] if len(words) > 1 else ""
                if cwd is not None and target and not re.search(r"[$`~]", target):
                    cwd = posixpath.normpath(posixpath.join(cwd, target))
                elif _SCRIPT_DIR.search(step) and cwd is not None:
                    pass  # cd "$(dirname "$0")": the script's own folder, where it started
                else:
                    cwd = None
                continue
            call = _compose_call(words)
            if call is not None:
                sub, files, project_dir = call
                if cwd is None:
                    continue
                stack = _stack(project, cwd, files, project_dir)
                if sub in _UP:
                    started |= stack
                elif sub in _DOWN:
                    out |= tested & stack
                continue
            if runs_tests(words):
                tested |= started
    return out | started if test_setup else out


def _builds(ff: FileFacts) -> bool:
    svcs = (ff.compose or {}).get("services")
    return isinstance(svcs, dict) and any(isinstance(d, dict) and "build" in d for d in svcs.values())


def test_stacks(project: "Project") -> frozenset[str]:
    """Paths of compose files that a test script starts for its run and stops
    after it, and that build nothing (see the module's docstring)."""
    cached = project.__dict__.get("_rs_compose_test_stacks")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found: set[str] = set()
    for ff in project.files.values():
        if ff.lang != "text" or not ff.commands:
            continue
        kind = str((ff.extra or {}).get("kind") or "")
        folder = posixpath.dirname(ff.path)
        if kind == "package.json":
            for _line, text in ff.commands:
                found |= _test_stacks_of(project, [_script_body(str(text))], folder)
        elif ff.path.endswith((".sh", ".bash")):
            found |= _test_stacks_of(project, [str(text) for _line, text in ff.commands], folder, _names_test_setup(ff.path))
    out = frozenset(p for p in found if (cf := project.files.get(p)) is not None and cf.compose is not None and not _builds(cf))
    project.__dict__["_rs_compose_test_stacks"] = out
    return out


def _names_test_setup(path: str) -> bool:
    """A script whose name says it sets up the test environment (``tools/test-setup-docker.sh``)."""
    return bool(_TEST_SETUP_NAME.match(posixpath.basename(path)))


def _script_body(entry: str) -> str:
    """The command of a package.json script entry ``"name": "command"``."""
    import json

    _name, sep, value = entry.partition(": ")
    if not sep:
        return ""
    try:
        got: Any = json.loads(value)
    except ValueError:
        return ""
    return got if isinstance(got, str) else ""
