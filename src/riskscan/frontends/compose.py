"""Compose frontend: one compose YAML file (or a ``.env`` beside it) -> facts.

YAML is read the way ``docker compose`` (go-yaml v3) reads it, not with
PyYAML's YAML 1.1 defaults: the YAML 1.2 core schema (``restart: no`` is the
string "no", ``on``/``off``/``yes`` are strings, ``22:22`` is a string, not the
sexagesimal 1342), anchors/aliases and ``<<`` merge keys, and compose's own
``!reset``/``!override`` tags.  Loading is safe and bounded: no tag other than
the standard ones and compose's two is accepted (``!!python/object`` ->
skipped), duplicate keys are a parse problem, alias cycles are refused, and
alias expansion and nesting depth are capped (a "billion laughs" file is
rejected after a few thousand values, in milliseconds).

``FileFacts.compose`` (None when the file is not a compose project -- a
Kubernetes manifest, a CI workflow, Helm values)::

    {
      "named": true,                  # compose.yaml / docker-compose.*.yml name
      "services": {name: {...}},      # plain data per service: anchors, merge keys
                                      # and same-file ``extends`` resolved; an
                                      # other-file ``extends`` is kept as written;
                                      # ``${VAR}`` kept raw (interpolated at check
                                      # time with the .env beside the file);
                                      # "__lines__": {"": service line, key: line}
      "volumes": {...}, "networks": {...}, "secrets": {...}, "configs": {...},
      "lines": {"/services/web/ports/0": 8, ...},   # JSON pointer -> 1-based line
    }

``!reset X`` / ``!override X`` are kept as ``{"!reset": X}`` / ``{"!override": X}``
so the project-level merge (``checks/_compose_model.py``) can apply them.

A file named ``.env`` gives ``lang="dotenv"`` facts with
``extra={"env": {NAME: value}, "lines": {NAME: line}}``; values of secret-named
variables and passwords inside URLs are replaced with ``***`` (they are never
needed: a ``${VAR}`` value is never a finding, and facts are cached on disk).
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..checks._compose_merge import N, resolve_same_file_extends, to_plain
from ..facts import FileFacts
from . import SkipFile, decode_source

try:  # libyaml when available (fast), the pure-Python parser otherwise
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 200
MAX_VALUES = 250_000  # values after alias expansion, whatever the file size
MAX_FLOW_DEPTH = 200
MAX_DOCUMENTS = 64

COMPOSE_NAME = re.compile(r"^(?:docker-)?compose(?:[.-](?P<env>[^/]+?))?\.ya?ml$", re.I)
_TOP_KEYS = frozenset({"version", "name", "services", "networks", "volumes", "configs", "secrets", "include", "models"})

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, MAP, SEQ, MERGE = (_T + n for n in ("str", "int", "float", "bool", "null", "map", "seq", "merge"))
_ALLOWED_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, MAP, SEQ, MERGE, _T + "binary", _T + "timestamp", "!reset", "!override"})


class ComposeLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader with the YAML 1.2 core schema (what compose's go-yaml v3 uses)."""


ComposeLoader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in (
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (FLOAT, r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (MERGE, r"^(?:<<)$", "<"),
):
    ComposeLoader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


# --------------------------------------------------------------------------- entry point
def extract(path: str, data: bytes) -> FileFacts:
    name = posixpath.basename(path)
    if name == ".env":
        return _dotenv(path, data)
    if len(data) > MAX_BYTES:
        raise SkipFile(f"compose file larger than {MAX_BYTES} bytes")
    text = decode_source(data)
    named = bool(COMPOSE_NAME.match(name))
    root = _compose_root(text, named)
    if root is None:
        return FileFacts(path=path, lang="compose", compose=None)
    if not named and not _looks_like_compose(root):
        return FileFacts(path=path, lang="compose", compose=None)
    if named and _legacy_v1(root):
        raise SkipFile("legacy compose v1 format (services at the top level, no `services:` key): not analysed; "
                       "current Docker Compose no longer reads it either")
    model = _model(_Builder(path, _budget(text)).build(root, 0, 1), named)
    return FileFacts(path=path, lang="compose", compose=model)


def _legacy_v1(root: MappingNode) -> bool:
    """A compose file of the legacy v1 format: no ``services`` key, and its
    top-level entries are service definitions (``image``/``build``)."""
    top = _pairs(root)
    if not top or any(k == "services" for k, _ in top):
        return False
    return any(isinstance(v, MappingNode) and any(k in ("image", "build") for k, _ in _pairs(v)) for _, v in top)


def _compose_root(text: str, named: bool) -> MappingNode | None:
    """The first document's node graph (aliases shared, nothing expanded)."""
    _check_flow_depth(text)
    loader = ComposeLoader(text)
    try:
        docs = 0
        while loader.check_node():
            node = loader.get_node()
            docs += 1
            if node is not None:
                if not isinstance(node, MappingNode):
                    if named and not (isinstance(node, ScalarNode) and node.tag == NULL):
                        raise SkipFile("not a compose file: the top level is not a mapping")
                    return None
                return node
            if docs >= MAX_DOCUMENTS:
                break
        return MappingNode(MAP, []) if named else None
    except yaml.YAMLError as exc:
        if not named:
            return None
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
        raise SkipFile(f"YAML syntax error{where}: {problem}") from None
    finally:
        loader.dispose()


_BRACKET = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str) -> None:
    """libyaml's composer recurses natively: refuse absurd flow nesting before it sees it."""
    if text.count("[") + text.count("{") < MAX_FLOW_DEPTH:
        return
    depth = peak = 0
    for m in _BRACKET.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > peak:
                peak = depth
                if peak > MAX_FLOW_DEPTH:
                    raise SkipFile(f"nesting deeper than {MAX_FLOW_DEPTH} levels")
        elif depth:
            depth -= 1


# --------------------------------------------------------------------------- is it compose?
def _key(node: Node) -> str | None:
    return node.value if isinstance(node, ScalarNode) else None


def _pairs(node: MappingNode) -> list[tuple[str, Node]]:
    """Key/value pairs of a mapping including one level of ``<<`` merges."""
    out: list[tuple[str, Node]] = []
    for k, v in node.value:
        key = _key(k)
        if key is None:
            continue
        if k.tag == MERGE:
            sources = v.value if isinstance(v, SequenceNode) else [v]
            for src in sources[:16]:
                if isinstance(src, MappingNode):
                    out.extend((kk, vv) for kk0, vv in src.value if (kk := _key(kk0)) is not None)
            continue
        out.append((key, v))
    return out


# every key a compose service definition may hold (compose spec + v2 file format)
_SERVICE_KEYS = frozenset(
    """annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs container_name
    cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares cpus cpuset credential_spec
    depends_on deploy develop device_cgroup_rules devices dns dns_opt dns_search domainname driver_opts entrypoint
    env_file environment expose extends external_links extra_hosts gpus group_add healthcheck hostname image init ipc
    isolation label_file labels links logging mac_address mem_limit mem_reservation mem_swappiness memswap_limit
    models network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports post_start pre_stop
    privileged profiles provider pull_policy pull_refresh_after read_only restart runtime scale secrets security_opt
    shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user
    userns_mode uts volume_driver volumes volumes_from working_dir
    dockerfile kernel_memory log_driver log_opt net""".split()
)
# keys that only compose uses this way: a file of partial definitions holding them is
# a compose file other files ``extends`` from (``common-services.yml``)
_COMPOSE_ONLY_KEYS = frozenset(
    "restart healthcheck logging depends_on deploy mem_limit extends env_file expose ports volumes command entrypoint "
    "environment container_name cap_add cap_drop security_opt ulimits tmpfs stop_grace_period network_mode".split()
)


def _looks_like_compose(root: MappingNode) -> bool:
    """A YAML file without a compose name is compose when its top level holds only
    compose keys and ``services`` maps names to definitions made only of compose
    service keys (compose rejects any other), with ``image``/``build`` or other keys
    only compose uses (a file of partial definitions other files ``extends`` from).
    A Kubernetes manifest, a CI workflow or Helm values never qualify."""
    top = dict(_pairs(root))
    if "services" not in top or not isinstance(top["services"], MappingNode):
        return False
    if any(k not in _TOP_KEYS and not k.startswith("x-") for k in top):
        return False
    services = _pairs(top["services"])
    if not services:
        return False
    runnable = 0
    partial = 0
    for _, svc in services:
        if isinstance(svc, ScalarNode) and svc.tag == NULL:
            continue
        if not isinstance(svc, MappingNode):
            return False
        keys = dict(_pairs(svc))
        if not all(k in _SERVICE_KEYS or k.startswith("x-") for k in keys):
            return False  # `port:`, `replicas:`, `env:` ... are Helm values or app config
        image, build = keys.get("image"), keys.get("build")
        if image is not None and not isinstance(image, ScalarNode):
            return False  # Helm-style image: {repository, tag}
        if image is not None or isinstance(build, (ScalarNode, MappingNode)):
            runnable += 1
        elif _COMPOSE_ONLY_KEYS.intersection(keys):
            partial += 1
        else:
            return False
    return runnable + partial > 0


# --------------------------------------------------------------------------- building values
_INT_RE = re.compile(r"^[-+]?[0-9]+$")


def _budget(text: str) -> int:
    """How many values the file may expand to: a file without aliases has fewer
    values than characters; a few reused anchors stay far below 4x that, while an
    alias bomb ("billion laughs") hits the limit after a few thousand values."""
    return min(MAX_VALUES, 20_000 + 4 * len(text))


class _Builder:
    """Node graph -> N values, expanding aliases within a budget (the graph itself
    shares aliased nodes, so expansion is what must be bounded), refusing alias
    cycles, deep nesting, other tags and duplicate keys."""

    def __init__(self, path: str, budget: int) -> None:
        self.path = path
        self.left = budget
        self.budget = budget
        self.open: set[int] = set()

    def build(self, node: Node, depth: int, line: int) -> N:
        if depth > MAX_DEPTH:
            raise SkipFile(f"nesting deeper than {MAX_DEPTH} levels")
        self.left -= 1
        if self.left < 0:
            raise SkipFile(f"YAML aliases expand to more than {self.budget} values (alias bomb?)")
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            raise SkipFile(f"unsupported YAML tag {tag.replace(_T, '!!')} at line {node.start_mark.line + 1}")
        if tag in ("!reset", "!override"):
            inner = self._plain(node, depth, line)
            return N(inner.v, line, self.path, tag)
        return self._plain(node, depth, line)

    def _plain(self, node: Node, depth: int, line: int) -> N:
        if isinstance(node, ScalarNode):
            return N(_scalar(node), line, self.path)
        nid = id(node)
        if nid in self.open:
            raise SkipFile(f"recursive YAML alias at line {node.start_mark.line + 1}")
        self.open.add(nid)
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, depth, line)
            items = []
            for item in node.value:
                items.append(self.build(item, depth + 1, item.start_mark.line + 1))
            return N(items, line, self.path)
        finally:
            self.open.discard(nid)

    def _mapping(self, node: MappingNode, depth: int, line: int) -> N:
        merged: dict[str, N] = {}
        explicit: dict[str, N] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode):
                raise SkipFile(f"complex mapping key at line {knode.start_mark.line + 1}")
            if knode.tag not in _ALLOWED_TAGS:
                raise SkipFile(f"unsupported YAML tag {knode.tag.replace(_T, '!!')} at line {knode.start_mark.line + 1}")
            kline = knode.start_mark.line + 1
            if knode.tag == MERGE:
                sources = vnode.value if isinstance(vnode, SequenceNode) else [vnode]
                for src in sources:
                    if not isinstance(src, MappingNode):
                        raise SkipFile(f"merge key `<<` at line {kline} needs a mapping")
                    for k, v in self.build(src, depth + 1, kline).v.items():
                        merged.setdefault(k, v)
                continue
            key = knode.value
            if key in explicit:
                raise SkipFile(f"duplicate key '{key[:60]}' at line {kline}")
            explicit[key] = self.build(vnode, depth + 1, kline)
        if merged:
            merged.update(explicit)
            return N(merged, line, self.path)
        return N(explicit, line, self.path)


def _scalar(node: ScalarNode) -> Any:
    value: str = node.value
    tag = node.tag
    if tag == NULL:
        return None
    if tag == BOOL:
        return value.lower() == "true"
    if tag == INT:
        try:
            low = value.lower()
            sign = -1 if low.startswith("-") else 1
            body = low.lstrip("+-")
            if body.startswith("0o"):
                return sign * int(body[2:], 8)
            if body.startswith("0x"):
                return sign * int(body[2:], 16)
            if _INT_RE.match(value) and len(value) < 40:
                return int(value, 10)
        except ValueError:
            pass
        return value
    if tag == FLOAT:
        try:
            f = float(value)
        except ValueError:
            return value
        return f if f == f and f not in (float("inf"), float("-inf")) else value  # JSON has no inf/nan
    return value


# --------------------------------------------------------------------------- model
def _model(root: N, named: bool) -> dict[str, Any]:
    top = root.v if isinstance(root.v, dict) else {}
    services_node = top.get("services")
    services: dict[str, N] = {}
    if services_node is not None and isinstance(services_node.v, dict):
        for name, svc in services_node.v.items():
            services[name] = svc if isinstance(svc.v, dict) else N({}, svc.line, svc.path)
    services = resolve_same_file_extends(services)
    lines: dict[str, int] = {}
    plain_services: dict[str, Any] = {}
    for name, svc in services.items():
        pointer = "/services/" + name.replace("~", "~0").replace("/", "~1")
        svc = N(svc.v, svc.line, svc.path)  # tags on a whole service are meaningless here
        data = to_plain(svc, pointer, lines)
        data["__lines__"] = {"": svc.line, **{k: c.line for k, c in svc.v.items()}}
        plain_services[name] = data
    model: dict[str, Any] = {"named": named, "services": plain_services}
    for key in ("volumes", "networks", "secrets", "configs"):
        node = top.get(key)
        if node is not None and isinstance(node.v, dict):
            model[key] = to_plain(node, "/" + key, lines)
    model["lines"] = lines
    return model


# --------------------------------------------------------------------------- .env
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*[=:]\s?(.*)$")
_SECRET_NAME = re.compile(r"(?i)password|passwd|secret|token|api_?key|private_?key|credential|(?:^|_)pass(?:_|$)")
_URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://[^/\s:@]*:)([^@\s/]+)(@)")
MAX_ENV_ENTRIES = 5000


def _dotenv(path: str, data: bytes) -> FileFacts:
    text = decode_source(data)
    env: dict[str, str] = {}
    lines: dict[str, int] = {}
    rows = text.split("\n")
    i = 0
    while i < len(rows) and len(env) < MAX_ENV_ENTRIES:
        m = _ENV_LINE.match(rows[i])
        start = i + 1
        i += 1
        if not m or rows[start - 1].lstrip().startswith("#"):
            continue
        name, rest = m.group(1), m.group(2).strip()
        if rest[:1] in ("'", '"'):
            quote = rest[0]
            body = rest[1:]
            while quote not in _unescaped(body, quote) and i < len(rows) and i - start < 200:
                body += "\n" + rows[i]
                i += 1
            end = _close(body, quote)
            value = body[:end] if end >= 0 else body
            if quote == '"':
                value = value.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
        else:
            value = re.split(r"\s+#", rest, maxsplit=1)[0].strip()
        env[name] = _redact(name, value)
        lines[name] = start
    return FileFacts(path=path, lang="dotenv", extra={"env": env, "lines": lines})


def _unescaped(body: str, quote: str) -> str:
    return body.replace("\\\\", "").replace("\\" + quote, "")


def _close(body: str, quote: str) -> int:
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and quote == '"':
            i += 2
            continue
        if c == quote:
            return i
        i += 1
    return -1


def _redact(name: str, value: str) -> str:
    if name.startswith("COMPOSE_") or name.upper().endswith("_FILE"):
        return value
    if _SECRET_NAME.search(name) and value:
        return "***"
    return _URL_PASSWORD.sub(r"\1***\3", value)


__all__ = ["extract", "ComposeLoader", "COMPOSE_NAME"]
