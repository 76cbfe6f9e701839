"""Which interfaces a compose ``ports`` entry publishes on (RS806).

Short syntax (``"5432:5432"``, ``"127.0.0.1:5432:5432"``, ``"[::1]:6379:6379"``,
``"127.0.0.1:6379"``, ``"6379"``, ranges, ``/tcp``) and long syntax
(``host_ip``; ``published: 127.0.0.1:5432`` as docker also accepts).  A part
that depends on an unset variable is unknown, except a host port from a
variable named for a port (``"${DB_PORT}:5432"``): that is still every interface.
"""

from __future__ import annotations

import ipaddress

from ..lazyre import lazy_re
from ._compose_interp import known
from ._compose_merge import N, scalar_text

_ALL_IFACES = ("", "0.0.0.0", "::", "*")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


def _split_ip(text: str) -> tuple[str | None, str]:
    """``[ip]:rest`` / ``a.b.c.d:rest`` -> (ip, rest); (None, text) when no address leads."""
    if text.startswith("["):
        end = text.find("]")
        if end > 0:
            return text[1:end], text[end + 2 :]
    head, sep, rest = text.partition(":")
    if sep and (_is_ip(head) or (not known(head) and "." in head)):
        return head, rest
    return None, text


_PORT_VAR = lazy_re(r"^\$\{?(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:[:?+\-][^}]*)?\}?:[^:]+$")


def _port_variable(raw: object) -> bool:
    """``"${POSTGRES_PORT}:5432"``: the host part is a variable named for a port, so
    whatever it holds, the port is published on every interface."""
    m = _PORT_VAR.match(raw.strip()) if isinstance(raw, str) else None
    return m is not None and "PORT" in m.group("name").upper()


def port_binding(item: N) -> tuple[bool | None, str, str]:
    """(published on all interfaces?, container port, how it reads) of a ``ports``
    entry; None = unknown (a variable nobody sets)."""
    if isinstance(item.v, dict):
        target = scalar_text(item.get("target")) or "?"
        published = (scalar_text(item.get("published")) or "").strip()
        ip = scalar_text(item.get("host_ip"))
        if ip is None and published:
            # `published: 127.0.0.1:8080` (not in the spec, but docker accepts and peers honour it)
            ip, published = _split_ip(published)
        shown = f"target {target}" + (f", published {published}" if published else "") + (f", host_ip {ip}" if ip is not None else ", no host_ip")
        if ip is None:
            return (True if known(published) else None), target, shown
        if not known(ip):
            return None, target, shown
        return ip.strip("[]") in _ALL_IFACES, target, shown
    text = scalar_text(item)
    if text is None:
        return None, "?", ""
    shown = item.raw if isinstance(item.raw, str) else text
    text = text.strip().rsplit("/", 1)[0]
    ip, rest = _split_ip(text)
    container = rest.rsplit(":", 1)[-1]
    if ip is not None:
        if not known(ip):
            return None, container, shown
        return ip in _ALL_IFACES, container, shown
    parts = text.split(":")
    if len(parts) == 1:
        return (True if known(text) else None), container, shown
    if len(parts) == 2:
        if not known(parts[0]) and not _port_variable(item.raw):
            return None, container, shown
        return True, container, shown
    host = ":".join(parts[:-2])
    if not known(host):
        return None, container, shown
    return host in _ALL_IFACES, container, shown


__all__ = ["port_binding"]
