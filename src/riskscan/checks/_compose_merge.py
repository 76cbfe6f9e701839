"""Compose values with provenance, and compose's merge rules.

A :class:`N` is one compose value (mapping, sequence or scalar) that remembers
the file and line it was written on, so a merged service can still say where
each key came from ("the fix belongs in docker-compose.prod.yml line 12").

:func:`merge_service` merges an overriding service definition over a base one
the way ``docker compose`` does for ``-f a.yml -f b.yml`` and ``extends``:
mappings merge key by key; ``command``/``entrypoint``/``healthcheck.test``
are replaced; ``environment``/``labels``/``depends_on``/... merge as mappings
whatever their list/mapping form; ``volumes``/``secrets``/``configs`` merge
by mount target; ``ports``/``expose``/... are appended; ``logging`` is
replaced when the driver changes; ``!reset`` removes and ``!override``
replaces.

Plain form (what the frontend stores in ``FileFacts.compose``): JSON data plus a
JSON-pointer -> line map; ``!reset X`` / ``!override X`` are stored as a
one-key mapping ``{"!reset": X}`` / ``{"!override": X}``.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

RESET, OVERRIDE = "!reset", "!override"


class N:
    """A compose value: ``v`` is ``dict[str, N]``, ``list[N]`` or a scalar."""

    __slots__ = ("v", "line", "path", "tag", "raw")

    def __init__(self, v: Any, line: int = 0, path: str = "", tag: str = "", raw: Any = None) -> None:
        self.v = v
        self.line = line
        self.path = path
        self.tag = tag  # "" | "!reset" | "!override"
        self.raw = raw  # the value as written, before interpolation (scalars only)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"N({self.v!r}@{self.path}:{self.line}{' ' + self.tag if self.tag else ''})"

    # ----------------------------------------------------------- accessors
    @property
    def is_map(self) -> bool:
        return isinstance(self.v, dict)

    @property
    def is_seq(self) -> bool:
        return isinstance(self.v, list)

    def get(self, *keys: str) -> "N | None":
        cur: N | None = self
        for k in keys:
            if cur is None or not isinstance(cur.v, dict):
                return None
            cur = cur.v.get(k)
        return cur

    def items(self) -> Iterator[tuple[str, "N"]]:
        if isinstance(self.v, dict):
            yield from self.v.items()

    def seq(self) -> list["N"]:
        return self.v if isinstance(self.v, list) else []

    def with_value(self, v: Any) -> "N":
        return N(v, self.line, self.path, self.tag, self.raw)


def scalar_text(n: N | None) -> str | None:
    """A scalar as compose reads it into a string ('true', '512', 'no'), None for containers/null."""
    if n is None or n.v is None or isinstance(n.v, (dict, list)):
        return None
    if isinstance(n.v, bool):
        return "true" if n.v else "false"
    return str(n.v)


# --------------------------------------------------------------------------- plain <-> N
def _esc(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def ptr(base: str, key: str | int) -> str:
    """JSON pointer of a child."""
    return f"{base}/{_esc(str(key))}"


def to_plain(n: N, pointer: str, lines: dict[str, int]) -> Any:
    """N -> plain JSON data, recording each value's line under its JSON pointer."""
    if n.line:
        lines[pointer] = n.line
    if n.tag:
        inner = N(n.v, n.line, n.path)
        return {n.tag: to_plain(inner, ptr(pointer, n.tag), lines)}
    if isinstance(n.v, dict):
        return {k: to_plain(c, ptr(pointer, k), lines) for k, c in n.v.items()}
    if isinstance(n.v, list):
        return [to_plain(c, ptr(pointer, i), lines) for i, c in enumerate(n.v)]
    return n.v


def from_plain(data: Any, pointer: str, lines: dict[str, int], path: str, default_line: int = 0) -> N:
    """Plain data + pointer->line map -> N (keys starting with ``__`` are bookkeeping, skipped)."""
    line = int(lines.get(pointer, default_line) or default_line)
    if isinstance(data, dict):
        if len(data) == 1:
            (k, v), = data.items()
            if k in (RESET, OVERRIDE):
                inner = from_plain(v, ptr(pointer, k), lines, path, line)
                return N(inner.v, line, path, k)
        return N({str(k): from_plain(v, ptr(pointer, k), lines, path, line) for k, v in data.items() if not str(k).startswith("__")}, line, path)
    if isinstance(data, list):
        return N([from_plain(v, ptr(pointer, i), lines, path, line) for i, v in enumerate(data)], line, path)
    return N(data, line, path)


def to_data(n: N | None) -> Any:
    """N -> plain data without lines or tags (for callers that want values only)."""
    if n is None:
        return None
    if isinstance(n.v, dict):
        return {k: to_data(c) for k, c in n.v.items() if c.tag != RESET}
    if isinstance(n.v, list):
        return [to_data(c) for c in n.v]
    return n.v


# --------------------------------------------------------------------------- normalisers
def kv_mapping(n: N | None) -> dict[str, N]:
    """``environment``/``labels``/... as a mapping whatever the form: list items
    ``KEY=VALUE`` -> KEY: VALUE, ``KEY`` -> KEY: null.  Each value keeps its own line."""
    if n is None:
        return {}
    if isinstance(n.v, dict):
        return dict(n.v)
    out: dict[str, N] = {}
    if isinstance(n.v, list):
        for item in n.v:
            text = scalar_text(item)
            if text is None:
                continue
            raw = item.raw if isinstance(item.raw, str) else None
            if "=" in text:
                key, _, value = text.partition("=")
                raw_value = raw.partition("=")[2] if raw and "=" in raw else None
                out[key.strip()] = N(value, item.line, item.path, raw=raw_value if raw_value is not None else value)
            else:
                out[text.strip()] = N(None, item.line, item.path)
    return out


def depends_mapping(n: N | None) -> dict[str, N]:
    """``depends_on`` as {service: mapping N}; the short list form means ``condition: service_started``."""
    if n is None:
        return {}
    if isinstance(n.v, dict):
        return {k: (v if isinstance(v.v, dict) else N({}, v.line, v.path)) for k, v in n.v.items()}
    out: dict[str, N] = {}
    for item in n.seq():
        name = scalar_text(item)
        if name:
            out[name] = N({"condition": N("service_started", item.line, item.path)}, item.line, item.path)
    return out


def _names_mapping(n: N | None) -> dict[str, N]:
    """``networks`` (list of names or mapping)."""
    if n is None:
        return {}
    if isinstance(n.v, dict):
        return dict(n.v)
    return {t: N(None, i.line, i.path) for i in n.seq() if (t := scalar_text(i))}


def volume_target(item: N) -> str:
    """Mount target of a ``volumes`` entry (short or long syntax); '' when unknown."""
    if isinstance(item.v, dict):
        return scalar_text(item.get("target")) or ""
    text = scalar_text(item)
    if text is None:
        return ""
    parts = _split_volume(text)
    return parts[1]


def _split_volume(text: str) -> tuple[str, str, str]:
    """'src:/target:ro' -> (src, target, mode); '/target' -> ('', target, '')."""
    # Windows drive letters ("C:\\x:/y") are rare in compose; keep the simple rule
    parts = text.split(":")
    if len(parts) == 1:
        return "", parts[0], ""
    if len(parts) == 2:
        if parts[1] in ("ro", "rw", "z", "Z") and parts[0].startswith("/"):
            return "", parts[0], parts[1]
        return parts[0], parts[1], ""
    return parts[0], parts[1], ":".join(parts[2:])


def split_volume(text: str) -> tuple[str, str, str]:
    return _split_volume(text)


def _by_source(item: N) -> str:
    if isinstance(item.v, dict):
        return scalar_text(item.get("source")) or scalar_text(item.get("target")) or ""
    return scalar_text(item) or ""


def _seq_key(item: N) -> str:
    if isinstance(item.v, (dict, list)):
        return repr(to_data(item))
    return scalar_text(item) or ""


# --------------------------------------------------------------------------- merging
_REPLACE = {("command",), ("entrypoint",), ("healthcheck", "test"), ("build", "dockerfile_inline")}
_KV = {("environment",), ("labels",), ("annotations",), ("extra_hosts",), ("sysctls",), ("build", "args"), ("build", "labels"), ("deploy", "labels")}
_BY_KEY: dict[tuple[str, ...], Callable[[N], str]] = {
    ("volumes",): volume_target,
    ("devices",): lambda i: (scalar_text(i) or "").split(":")[1] if ":" in (scalar_text(i) or "") else _seq_key(i),
    ("secrets",): _by_source,
    ("configs",): _by_source,
}


def untag(n: N) -> N | None:
    """Resolve tags in a value that has nothing under it: ``!reset`` -> gone, ``!override`` -> value."""
    if n.tag == RESET:
        return None
    if isinstance(n.v, dict):
        out = {}
        for k, c in n.v.items():
            u = untag(c)
            if u is not None:
                out[k] = u
        return N(out, n.line, n.path, "", n.raw)
    if isinstance(n.v, list):
        return N([u for c in n.v if (u := untag(c)) is not None], n.line, n.path, "", n.raw)
    return N(n.v, n.line, n.path, "", n.raw) if n.tag else n


def merge_service(base: N, over: N) -> N:
    """``over`` merged over ``base`` (both service mappings); the result keeps base's line/path."""
    if not isinstance(base.v, dict):
        return untag(over) or N({}, over.line, over.path)
    if not isinstance(over.v, dict):
        return base
    return _merge_map(base, over, ())


def _merge_map(base: N, over: N, where: tuple[str, ...]) -> N:
    out = dict(base.v)
    for key, o in over.v.items():
        here = (*where, key)
        if o.tag == RESET:
            out.pop(key, None)
            continue
        if o.tag == OVERRIDE:
            u = untag(o)
            if u is not None:
                out[key] = u
            continue
        b = out.get(key)
        out[key] = (untag(o) or o) if b is None else _merge_value(b, o, here)
    return N(out, base.line, base.path)


def _merge_value(b: N, o: N, where: tuple[str, ...]) -> N:
    if where in _REPLACE:
        return untag(o) or o
    if where in _KV:
        merged = kv_mapping(b)
        for k, v in kv_mapping(o).items():
            if v.tag == RESET:
                merged.pop(k, None)
            else:
                merged[k] = untag(v) or v
        return N(merged, o.line, o.path)
    if where == ("depends_on",):
        bm, om = depends_mapping(b), depends_mapping(o)
        for k, v in om.items():
            bm[k] = _merge_map(bm[k], v, (*where, k)) if k in bm else v
        return N(bm, o.line, o.path)
    if where == ("networks",):
        bm, om = _names_mapping(b), _names_mapping(o)
        for k, v in om.items():
            bm[k] = _merge_value(bm[k], v, (*where, k)) if k in bm and isinstance(bm[k].v, dict) and isinstance(v.v, dict) else v
        return N(bm, o.line, o.path)
    if where == ("logging",) and isinstance(b.v, dict) and isinstance(o.v, dict):
        bd, od = scalar_text(b.get("driver")), scalar_text(o.get("driver"))
        if od is not None and bd is not None and od != bd:
            return untag(o) or o
        return _merge_map(b, o, where)
    if where == ("build",):
        b = N({"context": b}, b.line, b.path) if not isinstance(b.v, dict) else b
        o = N({"context": o}, o.line, o.path) if not isinstance(o.v, dict) else o
        return _merge_map(b, o, where)
    keyf = _BY_KEY.get(where)
    if keyf is not None and isinstance(b.v, list) and isinstance(o.v, list):
        items: dict[str, N] = {}
        order: list[str] = []
        for item in [*b.v, *o.v]:
            k = keyf(item) or _seq_key(item)
            if k not in items:
                order.append(k)
            items[k] = item
        return N([items[k] for k in order], o.line, o.path)
    if isinstance(b.v, dict) and isinstance(o.v, dict):
        return _merge_map(b, o, where)
    if isinstance(b.v, list) and isinstance(o.v, list):
        seen = {_seq_key(i) for i in b.v}
        extra = [i for i in o.v if _seq_key(i) not in seen]
        return N([*b.v, *[untag(i) or i for i in extra]], o.line, o.path)
    return untag(o) or o


# --------------------------------------------------------------------------- extends
def extends_ref(svc: N) -> tuple[str, str] | None:
    """(service, file) of a service's ``extends`` ('' file = same file), or None."""
    ext = svc.get("extends")
    if ext is None:
        return None
    if isinstance(ext.v, dict):
        name = scalar_text(ext.get("service")) or ""
        return (name, scalar_text(ext.get("file")) or "") if name else None
    plain = scalar_text(ext)
    return (plain, "") if plain else None


def without(svc: N, key: str) -> N:
    if not isinstance(svc.v, dict) or key not in svc.v:
        return svc
    return N({k: v for k, v in svc.v.items() if k != key}, svc.line, svc.path, svc.tag, svc.raw)


def resolve_same_file_extends(services: dict[str, N], max_depth: int = 16) -> dict[str, N]:
    """Resolve ``extends: {service: x}`` (no ``file``) inside one file.

    A service extending another file keeps its ``extends`` key (resolved at
    project level); so does one whose chain is broken or cyclic.
    """
    done: dict[str, N] = {}

    def resolve(name: str, stack: tuple[str, ...]) -> N:
        if name in done:
            return done[name]
        svc = services[name]
        ref = extends_ref(svc)
        if ref is None or ref[1] or ref[0] not in services or ref[0] in stack or len(stack) >= max_depth:
            done[name] = svc
            return svc
        parent = resolve(ref[0], (*stack, name))
        merged = merge_service(parent, without(svc, "extends"))
        # the service is declared here, whatever it inherits
        merged = N(merged.v, svc.line, svc.path)
        done[name] = merged
        return merged

    for name in services:
        resolve(name, ())
    return {name: done[name] for name in services}


__all__ = [
    "N",
    "RESET",
    "OVERRIDE",
    "scalar_text",
    "ptr",
    "to_plain",
    "from_plain",
    "to_data",
    "kv_mapping",
    "depends_mapping",
    "volume_target",
    "split_volume",
    "untag",
    "merge_service",
    "extends_ref",
    "without",
    "resolve_same_file_extends",
]
