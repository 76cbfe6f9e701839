"""Process commands in YAML that is not a compose file: Kubernetes manifests,
Helm templates, Copilot/App Engine/Render/DigitalOcean specs, CloudFormation
task definitions.

Every mapping's ``entrypoint``/``command``/``args`` (any case: ``Command``,
``EntryPoint``) become one command, list items joined with spaces, at the line
of its first key; ``startCommand``, ``dockerCommand`` and ``run_command`` are
commands of their own.  The file is loaded with the compose frontend's safe
loader and only its node graph is walked (nothing is constructed, so no tag
can run code, and an aliased node is visited once, so an alias bomb costs
nothing).  A template (a line starting with ``{{``, ``{%`` or ``<%``: Helm, Jinja, ERB) or YAML
that does not load is read line by line instead: scalar, flow list
(``["celery", "worker"]``), block list and block scalar values under those keys.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import SkipFile
from .compose import MAX_DEPTH, NULL, ComposeLoader, _check_flow_depth

MAX_COMMANDS = 5000
MAX_CHARS = 2000
MAX_DOCUMENTS = 2000
MAX_ITEMS = 500

_JOINED = ("entrypoint", "command", "args")  # one process: image entrypoint + command + arguments
_SINGLE = ("startcommand", "dockercommand", "runcommand")
_KEYS = frozenset(_JOINED + _SINGLE)
_TEMPLATE_LINE = re.compile(r"(?m)^[ \t]*(?:-[ \t]+)?(?:\{\{|\{%|<%)")  # a template directive or value as YAML syntax


def _norm(key: str) -> str:
    return key.strip("\"'").replace("_", "").lower()


def yaml_commands(text: str) -> list[list]:
    """[[line, command], ...] sorted by line."""
    found = None
    if not _TEMPLATE_LINE.search(text):
        try:
            found = _parsed(text)
        except (yaml.YAMLError, SkipFile, RecursionError):
            found = None
    if found is None:
        found = _scanned(text)
    found.sort(key=lambda e: (e[0], e[1]))
    return [[line, cmd[:MAX_CHARS]] for line, cmd in found[:MAX_COMMANDS]]


# --------------------------------------------------------------------------- loaded YAML
def _parsed(text: str) -> list[tuple[int, str]]:
    _check_flow_depth(text)
    loader = ComposeLoader(text)
    out: list[tuple[int, str]] = []
    try:
        docs = 0
        while loader.check_node() and docs < MAX_DOCUMENTS:
            node = loader.get_node()
            docs += 1
            if node is not None:
                _walk(node, out)
    finally:
        loader.dispose()
    return out


def _walk(root: Node, out: list[tuple[int, str]]) -> None:
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack and len(out) < MAX_COMMANDS:
        node, depth = stack.pop()
        if id(node) in seen or depth > MAX_DEPTH:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            parts: dict[str, tuple[int, str]] = {}
            for k, v in node.value:
                key = _norm(k.value) if isinstance(k, ScalarNode) and isinstance(k.value, str) else ""
                if key in _KEYS:
                    cmd = _node_text(v)
                    if cmd:
                        parts.setdefault(key, (k.start_mark.line + 1, cmd))
                stack.append((v, depth + 1))
            _emit(parts, out)


def _node_text(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return "" if node.tag == NULL else str(node.value).strip()
    if isinstance(node, SequenceNode):
        items = [str(n.value).strip() for n in node.value[:MAX_ITEMS] if isinstance(n, ScalarNode) and n.tag != NULL]
        return " ".join(i for i in items if i)
    return ""


def _emit(parts: dict[str, tuple[int, str]], out: list[tuple[int, str]]) -> None:
    joined = [parts[k] for k in _JOINED if k in parts]
    if joined:
        out.append((min(line for line, _ in joined), " ".join(cmd for _, cmd in joined)))
    for k in _SINGLE:
        if k in parts:
            out.append(parts[k])


# --------------------------------------------------------------------------- line by line
_KEY_LINE = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)*)(?P<key>[\"']?[A-Za-z_]+[\"']?)[ \t]*:(?:[ \t](?P<rest>.*))?$")
_BLOCK = re.compile(r"^[|>][-+0-9]*(?:[ \t]+#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


_DIRECTIVES = {"{{": "}}", "{%": "%}", "{#": "#}", "<%": "%>"}


def _skippable(stripped: str) -> bool:
    """Blank, comment or template directive line (Helm/Go, Jinja, ERB)."""
    if not stripped or stripped[0] == "#":
        return True
    return stripped[0] in "{<" and _DIRECTIVES.get(stripped[:2]) == stripped[-2:]


def _strip_comment(s: str) -> str:
    """``value  # comment`` -> ``value`` (a ``#`` starts a comment after a blank)."""
    i = s.find("#")
    while i > 0:
        if s[i - 1] in " \t":
            return s[:i].rstrip()
        i = s.find("#", i + 1)
    return "" if i == 0 else s


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] == '"':
        return re.sub(r"\\(.)", r"\1", s[1:-1])
    if len(s) >= 2 and s[0] == s[-1] == "'":
        return s[1:-1].replace("''", "'")
    return s if s.startswith("{{") else _strip_comment(s)


def _scanned(text: str) -> list[tuple[int, str]]:
    lines = text.split("\n")
    out: list[tuple[int, str]] = []
    group: dict[str, tuple[int, str]] = {}  # command keys of the mapping being read
    group_col = -1
    i, n = 0, len(lines)
    while i < n and len(out) < MAX_COMMANDS:
        line = lines[i]
        if ":" not in line:  # not a key line: it only matters when it ends the open mapping
            if group and _indent(line) < group_col and not _skippable(line.strip()):
                _emit(group, out)
                group, group_col = {}, -1
            i += 1
            continue
        if _skippable(line.strip()):
            i += 1
            continue
        m = _KEY_LINE.match(line)
        col = len(m.group("lead")) if m else _indent(line)
        if group and (col < group_col or (m is not None and "-" in m.group("lead") and col == group_col)):
            _emit(group, out)  # the mapping that held the keys has ended
            group, group_col = {}, -1
        key = _norm(m.group("key")) if m else ""
        if m is None or key not in _KEYS:
            i += 1
            continue
        key_line = i + 1
        cmd, i = _value(lines, i + 1, col, (m.group("rest") or "").strip())
        if not cmd:
            continue
        if group and col != group_col:
            _emit(group, out)
            group = {}
        group_col = col
        group.setdefault(key, (key_line, cmd))
    if group:
        _emit(group, out)
    return out


def _value(lines: list[str], i: int, col: int, rest: str) -> tuple[str, int]:
    """The command text of a key at column ``col`` whose value starts with
    ``rest``, and the index of the first line after the value."""
    if rest.startswith("["):
        flow = _Flow()
        flow.feed(rest)
        taken = 1
        while not flow.done and i < len(lines) and taken < MAX_ITEMS:
            flow.feed(lines[i])
            i += 1
            taken += 1
        flow.flush()
        return " ".join(x for x in (_unquote(t) for t in flow.items) if x), i
    if _BLOCK.match(rest):
        return _block(lines, i, col)
    if rest and not rest.startswith("#"):
        return _unquote(rest), i
    # a block list: ``- item`` lines at or below the key's column
    items: list[str] = []
    item_col = -1
    end = min(len(lines), i + 2 * MAX_ITEMS)  # no command list is longer
    while i < end and len(items) < MAX_ITEMS:
        line = lines[i]
        stripped = line.strip()
        if _skippable(stripped):
            i += 1
            continue
        ind = _indent(line)
        if stripped.startswith("- ") or stripped == "-":
            if ind < col or (item_col >= 0 and ind != item_col):
                break
            item_col = ind
            value = stripped[1:].strip()
            if _BLOCK.match(value):
                text, i = _block(lines, i + 1, ind)
                items.append(text)
                continue
            items.append(_unquote(value))
            i += 1
        elif items and ind > item_col:  # a plain or quoted item folded over lines
            if len(items[-1]) < MAX_CHARS:
                items[-1] = f"{items[-1]} {_unquote(stripped)}"
            i += 1
        else:
            break
    return " ".join(x for x in items if x), i


def _block(lines: list[str], i: int, col: int) -> tuple[str, int]:
    """A ``|``/``>`` block scalar: the following lines indented past ``col``."""
    body: list[str] = []
    while i < len(lines) and len(body) < MAX_ITEMS:
        line = lines[i]
        if line.strip() and _indent(line) <= col:
            break
        body.append(line.strip())
        i += 1
    return "\n".join(body).strip(), i


class _Flow:
    """A flow sequence (``[a, "b c", 'd']``) read line by line, one pass over the
    characters (no regex backtracking on hostile quotes)."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote = ""
        self.escaped = False
        self.items: list[str] = []
        self.cur: list[str] = []
        self.closed = False  # the closing bracket was read
        self.budget = 2 * MAX_CHARS  # characters read at most: no command is longer

    @property
    def done(self) -> bool:
        return self.closed or self.budget <= 0 or len(self.items) >= MAX_ITEMS

    def flush(self) -> None:
        item = "".join(self.cur).strip()
        if item:
            self.items.append(item)
        self.cur = []

    def feed(self, line: str) -> None:
        prev = " "
        line = line[: max(0, self.budget)]
        self.budget -= max(1, len(line))
        for ch in line:
            if self.closed or len(self.items) >= MAX_ITEMS:
                return
            if self.quote:
                self.cur.append(ch)
                if self.escaped:
                    self.escaped = False
                elif ch == "\\" and self.quote == '"':
                    self.escaped = True
                elif ch == self.quote:
                    self.quote = ""
            elif ch in "\"'":
                self.quote = ch
                self.cur.append(ch)
            elif ch == "#" and prev in " \t":
                break  # a comment to the end of the line
            elif ch == "[":
                self.depth += 1
                if self.depth > 1:
                    self.cur.append(ch)
            elif ch == "]":
                self.depth -= 1
                if self.depth <= 0:
                    self.flush()
                    self.closed = True
                else:
                    self.cur.append(ch)
            elif ch == "," and self.depth == 1:
                self.flush()
            else:
                self.cur.append(ch)
            prev = ch
        if self.quote:
            self.cur.append(" ")
        elif self.cur and self.cur[-1] not in " \t":
            self.cur.append(" ")
