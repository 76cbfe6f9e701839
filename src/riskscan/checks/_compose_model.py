"""The merged compose model: which files form a deployment, and its services.

Compose projects are found per directory:

* the **base** file is ``compose.yaml`` > ``compose.yml`` > ``docker-compose.yaml``
  > ``docker-compose.yml`` (compose's own precedence), else a
  ``docker-compose.base.yml`` (``common``, ``shared`` ...), or the first file of
  ``COMPOSE_FILE`` in the ``.env``;
* **overlays** are ``*.override.yml`` files and the ``docker-compose.<env>.yml``
  files in the same directory that override services of the base (or only hold
  partial definitions);
* the analysed **file sets**: ``COMPOSE_FILE`` when the ``.env`` sets it; else
  base + each production overlay (``prod``, ``production``, ``prd``, ``live``)
  when there is one -- that is what is deployed (an overlay that defines every
  service in full may also be run alone: both are candidates); else base +
  ``*.override.yml`` (what ``docker compose up`` reads) plus base + each other
  non-development overlay (``staging``, ``swarm``, ``ha``...).  A risk is
  reported only when it shows in every candidate set (fixed in any = fixed).
  Development files (``dev``, ``local``, ``ci``...), overlays or not, are not deployments;
* every other compose file (another name in the folder, a compose-shaped YAML,
  a folder without a base) is a project of its own; a file that other files
  only ``extends`` from is not, nor is a dev container's compose file
  (``.devcontainer/``: an editor's development environment, never deployed).

Each set is merged with compose's rules (:mod:`._compose_merge`), ``extends``
across files is resolved, and values are interpolated with the ``.env`` beside
the base file (:mod:`._compose_interp`).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..facts import FileFacts
from ..lazyre import lazy_re
from ._compose_build import NO_BUILD, BuildInfo, build_info
from ._compose_images import Family, ImageRef, family_of, is_sentinel_image, parse_image
from ._compose_interp import UNKNOWN, display, dotenv_values, interpolate, known
from ._compose_merge import N, depends_mapping, extends_ref, from_plain, kv_mapping, merge_service, scalar_text, untag, without
from ._compose_teststack import DEFAULT_FILES as _BASE_ORDER, test_stacks
from ._services import example_project_dir

if TYPE_CHECKING:
    from ..project import Project

_NAME = lazy_re(r"^(?:docker-)?compose(?:[.-](?P<env>[^/]+?))?\.ya?ml$", re.I)
PROD_ENVS = frozenset({"prod", "production", "prd", "live"})
DEV_ENVS = frozenset({"dev", "development", "develop", "local", "test", "tests", "testing", "integration", "ci", "debug", "e2e", "devcontainer", "example", "sample", "mock", "sandbox",
                      "regtest"})  # (Bitcoin's local regression-test network)
DEV_PROFILES = DEV_ENVS | frozenset({"tools", "tooling", "docs", "manual", "optional", "admin", "debugging", "profiling", "seed", "migrate", "setup", "init"})
# folders that hold a development container, a local test network (lnbits'
# docker/regtest: lnd, CLN and eclair nodes for its tests) or a tutorial's stack
# (django-ca's tutorials/compose with Let's Encrypt's test-only Pebble), or an
# example's (Weblate's weblate/examples/docker-compose.yml, an override snippet
# with placeholder values: example code is not deployed for the code rules either),
# or an OpenStack project's DevStack plugin (keystone's devstack/tools/oidc/
# docker-compose.yaml: the Keycloak `start-dev` its devstack/lib/oidc.sh starts
# on a developer's DevStack cloud), or a CI pipeline's stack (ipyparallel's
# ci/slurm/docker-compose.yaml: the MariaDB and Slurm daemons its GitHub
# workflow starts for the Slurm launcher's tests; `ci`/`.ci` folders are CI's
# for discovery too, whose commands are not how production starts)
DEV_DIRS = frozenset({".devcontainer", "devcontainer", "regtest", "tutorial", "tutorials", "example", "examples", "demo", "demos", "sample", "samples",
                      "devstack", "ci", ".ci"})
# folders of a project's tooling: a compose file there starts what the tooling
# needs (databases for integration tests), unless its name says production
_SCRIPT_DIRS = frozenset({"scripts", "script"})
_PROD_WORDS = frozenset({"prod", "production", "deploy", "deployment", "release", "live", "staging", "stage"})
BASE_WORDS = frozenset({"base", "common", "shared", "core", "main", "default"})  # docker-compose.base.yml: the base of a -f set
MAX_EXTENDS_DEPTH = 8


# --------------------------------------------------------------------------- public service view
@dataclass
class ComposeService:
    """One service of a merged compose file set (see :func:`compose_services`)."""

    name: str
    file: str  # compose file where the service is declared (its key line is ``line``)
    line: int
    image: str  # interpolated image ('' when none); a part that cannot be known stays as written (``${TAG}``)
    family: str  # datastore/cache family by image: postgres, mysql, mariadb, mongo, redis, rabbitmq, ... ('' = none)
    role: str  # datastore | cache | sentinel | one-shot | app
    command: str  # interpolated ``command`` as one string ('' when none)
    entrypoint: str
    environment: dict[str, str | None]  # interpolated, list form normalised to a mapping
    profiles: list[str]
    one_shot: bool
    builds: bool  # has ``build:``
    files: list[str]  # the compose file set this service was merged from
    incomplete: bool = False  # ``extends`` a file/service that is not in the project
    node: N = field(default_factory=lambda: N({}), repr=False)  # merged definition with provenance
    family_info: Family | None = field(default=None, repr=False)
    image_ref: ImageRef | None = field(default=None, repr=False)
    build: BuildInfo = field(default=NO_BUILD, repr=False)  # the Dockerfile it builds from (base image, HEALTHCHECK)

    @property
    def data(self) -> dict[str, Any]:
        """The merged definition as plain data (interpolated; a string with an
        unknown variable stays as written)."""
        return _known_data(self.node) or {}

    @property
    def stateful(self) -> bool:
        return self.role == "datastore"

    def get(self, *keys: str) -> N | None:
        return self.node.get(*keys)

    def value(self, *keys: str) -> Any:
        """``data`` at ``keys`` (None when not set), without making the rest of ``data``."""
        return _known_data(self.node.get(*keys))

    def key_line(self, *keys: str) -> tuple[str, int]:
        """(file, line) of a key when set, else of the service key."""
        n = self.node.get(*keys)
        if n is not None and n.line:
            return n.path or self.file, n.line
        return self.file, self.line


def _known_data(n: N | None) -> Any:
    if n is None:
        return None
    if isinstance(n.v, dict):
        return {k: _known_data(c) for k, c in n.v.items()}
    if isinstance(n.v, list):
        return [_known_data(c) for c in n.v]
    if isinstance(n.v, str) and UNKNOWN in n.v:
        return n.raw if isinstance(n.raw, str) else n.v.replace(UNKNOWN, "")
    return n.v


@dataclass
class FileSet:
    files: list[FileFacts]
    env: dict[str, str]

    @property
    def paths(self) -> list[str]:
        return [ff.path for ff in self.files]

    @property
    def label(self) -> str:
        names = [posixpath.basename(p) for p in self.paths]
        if len(set(names)) != len(names):
            names = self.paths
        return " + ".join(names)


@dataclass
class ComposeProject:
    dir: str
    sets: list[FileSet]  # candidate deployments: a risk must show in all of them


# --------------------------------------------------------------------------- finding the projects
def env_tokens(path: str) -> list[str] | None:
    """Environment words of a compose file name (``docker-compose.prod.yml`` -> ['prod']),
    [] for a base file, None for a YAML file without a compose name."""
    m = _NAME.match(posixpath.basename(path))
    if not m:
        return None
    return [t for t in re.split(r"[.\-_]+", (m.group("env") or "").lower()) if t]


def _services(ff: FileFacts) -> dict[str, Any]:
    model = ff.compose or {}
    svcs = model.get("services")
    return svcs if isinstance(svcs, dict) else {}


def _extends_targets(files: list[FileFacts]) -> set[str]:
    out: set[str] = set()
    for ff in files:
        for data in _services(ff).values():
            ext = data.get("extends") if isinstance(data, dict) else None
            if isinstance(ext, dict) and isinstance(ext.get("file"), str):
                out.add(posixpath.normpath(posixpath.join(posixpath.dirname(ff.path), ext["file"])))
    return out


def _is_overlay(ov: FileFacts, base: FileFacts) -> bool:
    mine, theirs = _services(ov), _services(base)
    if set(mine) & set(theirs):
        return True
    return bool(mine) and not any(isinstance(d, dict) and ("image" in d or "build" in d or "extends" in d) for d in mine.values())


def dev_named_file(path: str) -> bool:
    """A file named for a development or test environment (``settings/dev.py``,
    ``local_settings.py``, ``settings_test.py``, ``dev_urls.py``): not how production runs."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return bool(set(re.split(r"[.\-_]+", stem.lower())) & DEV_ENVS)


def _dev_env_dir(name: str) -> bool:
    """A folder named as a development or test environment (signalk's
    ``tools/oidc-test-env``, ``dev-env``, ``e2e_environment``) or as
    development tooling (intelmq's ``contrib/development-tools``, ``devtools``)."""
    words = set(re.split(r"[.\-_]+", name.lower()))
    if words & {"tools", "tooling"} and words & {"dev", "development", "develop"} or words & {"devtools", "devtooling"}:
        return True
    return bool(words & {"env", "environment", "environments"}) and bool(words & DEV_ENVS)


def compose_projects(project: "Project") -> list[ComposeProject]:
    cached = project.__dict__.get("_rs_compose_projects")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    files = list(project.compose_files())
    targets = _extends_targets(files)
    dotenvs = {posixpath.dirname(ff.path): ff for ff in project.files.values() if ff.lang == "dotenv"}
    by_dir: dict[str, list[FileFacts]] = {}
    stacks = test_stacks(project) if files else frozenset()
    for ff in files:
        if DEV_DIRS.intersection(ff.path.split("/")[:-1]) or any(_dev_env_dir(part) or example_project_dir(part) for part in ff.path.split("/")[:-1]):
            continue  # a development container, test environment or example/test project (modoboa's test_project/), not a deployment
        if _SCRIPT_DIRS.intersection(ff.path.split("/")[:-1]) and not _PROD_WORDS.intersection(env_tokens(ff.path) or []):
            continue  # budibase's scripts/integrations/postgres/docker-compose.yml: a database for its tests
        if ff.path in stacks:
            continue  # sqlpad's drivers/postgres/docker-compose.yml, up and down around its test.sh's mocha run
        by_dir.setdefault(posixpath.dirname(ff.path), []).append(ff)
    out: list[ComposeProject] = []
    for d in sorted(by_dir):
        raw_env = dotenvs[d].extra.get("env") if d in dotenvs else None
        env = dotenv_values(raw_env) if isinstance(raw_env, dict) else {}
        for sets in _dir_sets(project, d, by_dir[d], env, targets):
            out.append(ComposeProject(d, sets))
    project.__dict__["_rs_compose_projects"] = out
    return out


def _dir_sets(project: "Project", d: str, ffs: list[FileFacts], env: dict[str, str], targets: set[str]) -> list[list[FileSet]]:
    bases = sorted(
        (ff for ff in ffs if env_tokens(ff.path) == [] or set(env_tokens(ff.path) or ["-"]) <= BASE_WORDS),
        key=lambda ff: (env_tokens(ff.path) != [], _BASE_ORDER.index(posixpath.basename(ff.path)) if posixpath.basename(ff.path) in _BASE_ORDER else 9, ff.path),
    )
    overlays = [ff for ff in ffs if env_tokens(ff.path) and ff.path not in targets]
    others = [ff for ff in ffs if env_tokens(ff.path) is None and ff.path not in targets]
    listed = _compose_file_env(project, d, env)
    primary = listed[0] if listed else (bases[0] if bases else None)
    if primary is None:
        return [
            [FileSet([ff], env)]
            for ff in sorted(ffs, key=lambda f: f.path)
            if ff.path not in targets and not set(env_tokens(ff.path) or ()) & DEV_ENVS
        ]
    in_sets: set[str] = {primary.path}
    result: list[list[FileSet]] = []
    over = [ov for ov in overlays if ov is not primary and (env_tokens(ov.path) == ["override"] or _is_overlay(ov, primary))]
    if listed:
        result.append([FileSet(listed, env)])
        in_sets.update(ff.path for ff in listed)
    else:
        auto = [ov for ov in over if env_tokens(ov.path) == ["override"]]
        prod = [ov for ov in over if set(env_tokens(ov.path) or ()) & PROD_ENVS]
        if prod:
            cands = [fs for p in prod for fs in _overlay_sets(primary, p, env)]
        else:
            cands = [FileSet([primary, *auto], env)]
            cands += [fs for ov in over if ov not in auto and not set(env_tokens(ov.path) or ()) & DEV_ENVS for fs in _overlay_sets(primary, ov, env)]
        result.append(cands)
        for fs in cands:
            in_sets.update(fs.paths)
    in_sets.update(ov.path for ov in over)  # overlays are never projects of their own
    for ff in sorted(ffs, key=lambda f: f.path):
        if ff.path in in_sets or ff.path in targets:
            continue
        toks = env_tokens(ff.path)
        if toks and set(toks) & DEV_ENVS:
            continue  # a development variant of the base
        if ff in bases or ff in overlays or ff in others:
            result.append([FileSet([ff], env)])
    return result


def _complete(ff: FileFacts) -> bool:
    """Every service of the file is a full definition (``image``/``build``/``extends``)."""
    svcs = _services(ff)
    return bool(svcs) and all(isinstance(d, dict) and ("image" in d or "build" in d or "extends" in d) for d in svcs.values())


def _overlay_sets(base: FileFacts, ov: FileFacts, env: dict[str, str]) -> list[FileSet]:
    """How an environment file may be deployed: merged over the base, and -- when it
    defines every service in full (``docker-compose.prod.yml`` copied from the base
    and run alone with ``-f``) -- on its own, reported in that file first."""
    merged = FileSet([base, ov], env)
    return [FileSet([ov], env), merged] if _complete(ov) else [merged]


def _compose_file_env(project: "Project", d: str, env: dict[str, str]) -> list[FileFacts]:
    value = env.get("COMPOSE_FILE")
    if not value or not known(value):
        return []
    sep = env.get("COMPOSE_PATH_SEPARATOR") or (";" if ";" in value else ":")
    out: list[FileFacts] = []
    for part in value.split(sep):
        part = part.strip()
        if not part:
            continue
        ff = project.files.get(posixpath.normpath(posixpath.join(d, part)))
        if ff is None or ff.compose is None:
            return []
        out.append(ff)
    return out


# --------------------------------------------------------------------------- services of one file
def _file_services(project: "Project", ff: FileFacts, cache: dict[str, Any], depth: int = 0) -> tuple[dict[str, N], set[str]]:
    """A file's services as N trees with ``extends`` from other files resolved;
    the second item names services whose ``extends`` could not be resolved."""
    hit = cache.get(ff.path)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    cache[ff.path] = ({}, set())  # cycle guard
    model = ff.compose or {}
    lines = model.get("lines") or {}
    svcs: dict[str, N] = {}
    incomplete: set[str] = set()
    for name, data in _services(ff).items():
        if not isinstance(data, dict):
            continue
        pointer = "/services/" + name.replace("~", "~0").replace("/", "~1")
        own_line = (data.get("__lines__") or {}).get("", 0) if isinstance(data.get("__lines__"), dict) else 0
        n = from_plain(data, pointer, lines, ff.path, int(own_line or 0))
        n = N(n.v, int(own_line or n.line or 1), ff.path)
        ref = extends_ref(n)
        if ref is not None:
            parent = _extended(project, ff, ref, cache, depth)
            if parent is None:
                incomplete.add(name)
            else:
                n = N(merge_service(parent, without(n, "extends")).v, n.line, n.path)
        svcs[name] = n
    cache[ff.path] = (svcs, incomplete)
    return svcs, incomplete


def _extended(project: "Project", ff: FileFacts, ref: tuple[str, str], cache: dict[str, Any], depth: int) -> N | None:
    service, file = ref
    if not file or depth >= MAX_EXTENDS_DEPTH or UNKNOWN in file or "$" in file:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(ff.path), file))
    if target.startswith("../") or target == "..":
        return None
    tff = project.files.get(target)
    if tff is None or tff.compose is None:
        return None
    svcs, incomplete = _file_services(project, tff, cache, depth + 1)
    if service not in svcs or service in incomplete:
        return None
    return svcs[service]


# --------------------------------------------------------------------------- merging a set
def _interpolate(n: N, env: dict[str, str]) -> N:
    if isinstance(n.v, dict):
        return N({k: _interpolate(c, env) for k, c in n.v.items()}, n.line, n.path, n.tag, n.raw)
    if isinstance(n.v, list):
        return N([_interpolate(c, env) for c in n.v], n.line, n.path, n.tag, n.raw)
    if isinstance(n.v, str):
        return N(interpolate(n.v, env), n.line, n.path, n.tag, n.v)
    return N(n.v, n.line, n.path, n.tag, n.v)


def set_services(project: "Project", fs: FileSet) -> list[ComposeService]:
    """The merged services of one file set, sorted by (file, line, name)."""
    cache = project.__dict__.setdefault("_rs_compose_sets", {})
    key = tuple(fs.paths)
    got = cache.get(key)
    if got is not None:
        return got  # type: ignore[no-any-return]
    file_cache = project.__dict__.setdefault("_rs_compose_files", {})
    merged: dict[str, N] = {}
    incomplete: set[str] = set()
    for ff in fs.files:
        svcs, inc = _file_services(project, ff, file_cache)
        incomplete |= inc
        for name, n in svcs.items():
            merged[name] = N(merge_service(merged[name], n).v, merged[name].line, merged[name].path) if name in merged else n
    nodes = {name: _interpolate(untag(n) or N({}, n.line, n.path), fs.env) for name, n in merged.items()}
    completed = _completed_targets(nodes)
    active_profiles = _active_profiles(fs.env)
    out: list[ComposeService] = []
    for name, n in nodes.items():
        if name not in incomplete and n.get("image") is None and n.get("build") is None:
            continue  # a partial definition (an overlay for a base in another folder): compose cannot run it
        if _scaled_to_zero(n):
            continue
        svc = _service(project, name, n, fs, name in incomplete, name in completed)
        if not _profile_active(svc.profiles, active_profiles):
            continue
        out.append(svc)
    out.sort(key=lambda s: (s.file, s.line, s.name))
    cache[key] = out
    return out


def _scaled_to_zero(n: N) -> bool:
    for value in (n.get("scale"), n.get("deploy", "replicas")):
        if scalar_text(value) == "0":
            return True
    return False


def _completed_targets(nodes: dict[str, N]) -> set[str]:
    out: set[str] = set()
    for n in nodes.values():
        for target, dep in depends_mapping(n.get("depends_on")).items():
            if scalar_text(dep.get("condition")) == "service_completed_successfully":
                out.add(target)
    return out


def _active_profiles(env: dict[str, str]) -> set[str] | None:
    value = env.get("COMPOSE_PROFILES")
    if not value or not known(value):
        return None
    return {p.strip() for p in value.split(",") if p.strip()}


def _profile_active(profiles: list[str], active: set[str] | None) -> bool:
    if not profiles:
        return True
    if active is not None:
        return bool(set(profiles) & active) or "*" in active
    return not all(p.lower() in DEV_PROFILES for p in profiles)


def text_of(n: N | None) -> str:
    """A string or list value (command, entrypoint, healthcheck test) as one string."""
    if n is None:
        return ""
    if isinstance(n.v, list):
        return " ".join(scalar_text(i) or "" for i in n.v)
    return scalar_text(n) or ""


def tokens_of(n: N | None) -> list[str]:
    """Shell words of a command (list form kept as is)."""
    if n is None:
        return []
    if isinstance(n.v, list):
        return [scalar_text(i) or "" for i in n.v]
    text = scalar_text(n) or ""
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


# a service that runs a test suite and exits: by its name or its build's Dockerfile name
_TEST_RUNNER = lazy_re(r"(?:^|[-_.])(?:tests?|testbed|test-?runner|e2e|integration-tests?|cypress|playwright|jest|pytest)(?:$|[-_.\d])", re.I)
_ONESHOT_NAME = lazy_re(
    r"(?:^|[-_.])(?:db-?|database-?)?(?:migrat\w*|init|initdb|initiali[sz]\w*|seed\w*|setup|bootstrap\w*|provision\w*|create-?buckets?|fixtures?|installer|populate)(?:$|[-_.\d])"
    r"|(?:migrate|migration|migrations|migrator|init|seed|seeder|setup)$",
    re.I,
)
# a job named for the file it generates, the verb first (`generate-openapi-spec`,
# `generate-certs`); a `generator` / `data-generator` is a producer that keeps running
_GENERATE_JOB_NAME = lazy_re(r"(?:^|[-_.])generate(?:$|[-_.])", re.I)
_ONESHOT_CMD = lazy_re(
    r"\b(?:migrate|migrations?|db:migrate|db:seed|seed|alembic\s+upgrade|flyway|liquibase|prisma\s+(?:migrate|db\s+push)|knex\s+migrate|typeorm\s+migration|createbuckets|mc\s+mb|mc\s+alias)\b",
    re.I,
)
_SERVER_CMD = lazy_re(
    r"\b(?:gunicorn|uvicorn|daphne|hypercorn|runserver|serve|server|start|celery|worker|nginx|httpd|supervisord|pm2|exec|sleep\s+infinity|tail\s+-f|dev|watch)\b|\bnode\s+\S+|\bnpm\s+run\s+(?!migrat)",
    re.I,
)
_ONESHOT_IMAGES = frozenset({"flyway", "liquibase", "migrate", "mc", "aws-cli", "atlas", "dbmate", "goose", "sqitch",
                             "curl", "alpine-curl"})  # curlimages/curl, byrnedo/alpine-curl: one request (or a script of them), then exit
# a command that keeps the container running: a job image turned into a poller
_FOREVER = lazy_re(r"\bwhile\s+(?:true|:|\[\s*1\s*\])|\bsleep\s+infinity\b|\btail\s+-f\b|\bcrond?\b")
_CLIENT_CMD = lazy_re(r"^(?:redis-cli|valkey-cli|psql|pg_dump|pg_dumpall|pg_restore|pg_isready|mysql|mysqldump|mongosh|mongo|mongodump|mongorestore|cqlsh|curl|wget|mc|sh|bash)$")


# what a shell runs when it is told to do nothing and exit
_NOOP_SCRIPT = lazy_re(r"\s*(?:(?:/usr)?/bin/true|true|:|exit(?:\s+0)?)\s*;?\s*")


def _noop_command(tokens: list[str]) -> bool:
    """The container's command does nothing and exits (``command: /bin/true``,
    ``["sh", "-c", "exit 0"]``): a service that is there only so ``docker compose
    build`` builds its image (a base image other services build FROM)."""
    if len(tokens) == 1:
        return posixpath.basename(tokens[0]) == "true"
    if len(tokens) == 3 and posixpath.basename(tokens[0]) in ("sh", "bash") and tokens[1] == "-c":
        return bool(_NOOP_SCRIPT.fullmatch(tokens[2]))
    return False


def _one_shot(name: str, n: N, completed: bool, ref: ImageRef | None, server: bool, client: bool = False) -> bool:
    """Runs to completion: a ``service_completed_successfully`` target, or a
    migration/init/seed/setup/generate job by name, command or image, a service
    whose command does nothing and exits (``/bin/true``), or a datastore
    client tool run once (``psql -c``, ``redis-cli SET``) (``server``: the service
    runs a datastore server, e.g. a Cassandra "seed" node, never one-shot)."""
    if completed:
        return True
    restart = scalar_text(n.get("restart")) or ""
    policy = scalar_text(n.get("deploy", "restart_policy", "condition")) or ""
    if restart in ("always", "unless-stopped") or policy == "any" or server:
        return False
    if _ONESHOT_NAME.search(name) or client:
        return True
    if _noop_command(tokens_of(n.get("entrypoint")) + tokens_of(n.get("command"))):
        return True  # INGInious' `env-base`: `command: /bin/true`, a base image built and never run
    dockerfile = scalar_text(n.get("build", "dockerfile")) or ""
    if _TEST_RUNNER.search(name) or _TEST_RUNNER.search(posixpath.basename(dockerfile)):
        return True  # a test runner (isso's `isso-client` built from Dockerfile-js-testbed) runs the suite and exits
    command = " ".join(text_of(n.get(k)) for k in ("entrypoint", "command"))
    if _GENERATE_JOB_NAME.search(name) and not _FOREVER.search(command):
        return True  # sqlmesh's `generate-openapi-spec` writes the spec file and exits
    if command and _ONESHOT_CMD.search(command) and not _SERVER_CMD.search(command):
        return True
    return ref is not None and ref.name in _ONESHOT_IMAGES and not _FOREVER.search(command)


def _is_client(tokens: list[str]) -> bool:
    """A datastore image used to run a client tool (redis-cli, psql ...), not the server."""
    if not tokens:
        return False
    first = posixpath.basename(tokens[0])
    if first in ("sh", "bash"):
        script = " ".join(tokens[1:])
        return bool(re.search(r"\b(?:redis-cli|valkey-cli|psql|pg_dump|mysql|mysqldump|mongosh|mongodump|cqlsh)\b", script)) and not re.search(
            r"\b(?:redis-server|valkey-server|postgres|mysqld|mongod|docker-entrypoint)\b", script
        )
    return bool(_CLIENT_CMD.match(first)) and first not in ("sh", "bash")


def _runs_script(tokens: list[str]) -> bool:
    """The command replaces the image's server with a shell script
    (``bash /scripts/provision.sh``, ``sh -c "..."``, ``/init.sh``)."""
    if not tokens:
        return False
    first = posixpath.basename(tokens[0])
    if first not in ("sh", "bash") and not first.endswith(".sh"):
        return False
    return not re.search(r"\b(?:redis-server|valkey-server|postgres|mysqld|mongod|docker-entrypoint|kafka-server-start|run\.sh|entrypoint\.sh)\b", " ".join(tokens))


def _runs_own_program(cmd: str | None) -> bool:
    """The Dockerfile built FROM a datastore image sets a CMD that runs a program of its own
    (``CMD ["./app/startup.sh"]``, ``CMD python -m app``): the image's entrypoint hands any
    command that is not the server (or flags for it) straight to exec, so the container runs
    the application, not the datastore.  A CMD naming the server, its wrapper script or
    flags only (``CMD ["postgres", "-c", ...]``, ``CMD ["--appendonly", "yes"]``) keeps it one."""
    if not cmd:
        return False
    text = cmd.strip().lstrip("[").strip().strip("\"'")
    if not text or text.startswith("-"):
        return False
    return not re.search(
        r"\b(?:redis-server|redis-stack-server|valkey-server|keydb-server|postgres|postgresql|mysqld|mariadbd|mongod|rabbitmq-server|"
        r"elasticsearch|opensearch|kafka-server-start|zookeeper-server-start|zkServer|etcd|nats-server|minio|clickhouse|cassandra|"
        r"couchdb|neo4j|influxd|docker-entrypoint|run\.sh|entrypoint\.sh)\b",
        cmd,
    )


def _service(project: "Project", name: str, n: N, fs: FileSet, incomplete: bool, completed: bool) -> ComposeService:
    image_n = n.get("image")
    image = scalar_text(image_n) or ""
    ref = parse_image(image) if image else None
    built = build_info(project, n, n.path)
    fam = family_of(ref)
    if fam is None and built.base and not _runs_own_program(built.cmd):
        fam = family_of(parse_image(built.base))  # `build: ./postgres` whose Dockerfile is `FROM postgres:16`
    command_n, entry_n = n.get("command"), n.get("entrypoint")
    cmd_tokens = tokens_of(entry_n) + tokens_of(command_n)
    command = text_of(command_n)
    client = _is_client(cmd_tokens)
    base_ref = ref or (parse_image(built.base) if built.base else None)
    # `init-kafka` on the kafka image running a provisioning script: a job, not the datastore
    server = fam is not None and fam.stateful and not client and not (_ONESHOT_NAME.search(name) and _runs_script(cmd_tokens))
    one_shot = _one_shot(name, n, completed, base_ref, server, client and fam is not None)
    env: dict[str, str | None] = {}
    for key, val in kv_mapping(n.get("environment")).items():
        text = scalar_text(val)
        env[key] = None if text is None else display(text, val.raw if isinstance(val.raw, str) else None)
    sentinel = is_sentinel_image(ref) or bool(re.search(r"redis-sentinel|valkey-sentinel|--sentinel\b", " ".join(cmd_tokens)))
    if one_shot:
        role = "one-shot"
    elif sentinel:
        role = "sentinel"
    elif fam is not None and not client:
        role = "datastore" if fam.stateful else "cache"
    else:
        role = "app"
    family = fam.name if fam is not None else ""
    if sentinel and not family and (ref is None or re.search(r"redis|valkey|keydb", ref.name)):
        family = "redis"
    listed = n.get("profiles")
    profiles = [scalar_text(p) or "" for p in (listed.seq() if listed is not None else [])]
    return ComposeService(
        name=name,
        file=n.path,
        line=n.line,
        image=display(image, image_n.raw if image_n is not None and isinstance(image_n.raw, str) else None),
        family=family,
        role=role,
        command=display(command, None),
        entrypoint=display(text_of(entry_n), None),
        environment=env,
        profiles=[p for p in profiles if p],
        one_shot=one_shot,
        builds=n.get("build") is not None,
        files=fs.paths,
        incomplete=incomplete,
        node=n,
        family_info=fam,
        image_ref=ref,
        build=built,
    )


# --------------------------------------------------------------------------- public API
def compose_services(project: "Project") -> list[ComposeService]:
    """Every service compose runs, merged per compose project (see the module doc).

    Returns ``list[ComposeService]`` sorted by (file, line, name): for each
    compose project the services of its first candidate file set, with
    override files, ``extends`` and ``.env`` interpolation applied, and
    development-only profiles left out.  Useful attributes: ``name``,
    ``file``/``line`` (the service key), ``image``, ``family`` ('redis',
    'postgres', ...), ``role`` ('datastore' | 'cache' | 'sentinel' |
    'one-shot' | 'app'), ``command``, ``entrypoint``, ``environment``
    (dict), ``profiles``, ``files`` (the set), ``data`` (merged plain dict).
    """
    out: list[ComposeService] = []
    for cp in compose_projects(project):
        if cp.sets:
            out.extend(set_services(project, cp.sets[0]))
    out.sort(key=lambda s: (s.file, s.line, s.name))
    return out


__all__ = [
    "ComposeService",
    "ComposeProject",
    "FileSet",
    "compose_projects",
    "compose_services",
    "set_services",
    "env_tokens",
    "text_of",
    "tokens_of",
    "PROD_ENVS",
    "DEV_ENVS",
    "dev_named_file",
]
