"""Routes a file serves by where it sits (file-based routing), shared by the
JS frontend, which records them, and the checks, which name them from a path
alone (``riskscan.checks._credroutes.next_route_url``)."""

from __future__ import annotations

# the folders a Medusa 2 project's `api` folder sits in: its source and build output
_MEDUSA_API_PARENTS = frozenset({"src", "dist", "lib", "build"})


def medusa_api_at(parts: list[str]) -> int:
    """The index in ``parts`` (a file path split at ``/``, the file name
    last) of the ``api`` folder a Medusa 2 ``route`` file's URL counts from,
    -1 when there is none: the last ``api`` folder right under a ``src``,
    ``dist``, ``lib`` or ``build`` folder, else the first ``api`` folder.  So
    an app kept in a monorepo folder named ``api`` (``apps/api/src/api/auth/
    login/route.ts``) serves ``/auth/login``, not ``/src/api/auth/login``."""
    found = [k for k, p in enumerate(parts[:-1]) if p == "api"]
    if not found:
        return -1
    under = [k for k in found if k > 0 and parts[k - 1] in _MEDUSA_API_PARENTS]
    return under[-1] if under else found[0]


# the extensions of a React Router / Remix route module
_ROUTE_MODULE_EXTS = frozenset({"js", "jsx", "ts", "tsx", "mjs", "mdx"})


def react_router_file_url(parts: list[str]) -> str | None:
    """The URL a React Router (framework mode) or Remix route module serves
    by where it sits under the app's ``app/routes`` folder, None for a file
    elsewhere: the folders and the file name, with ``.`` separating segments
    as in flat routes (``app/routes/api.health.ts`` serves ``/api/health``,
    ``app/routes/healthcheck/route.tsx`` and Remix v1's
    ``app/routes/healthcheck/index.tsx`` serve ``/healthcheck``); pathless
    segments (``_auth``, ``_index``), optional ones (``($lang)``) and
    ``.server``/``.client`` modules, which are never routes, are left out."""
    at = next((k for k in range(len(parts) - 2, 0, -1) if parts[k] == "routes" and parts[k - 1] == "app"), -1)
    if at < 0:
        return None
    stem, dot, ext = parts[-1].rpartition(".")
    if not dot or ext not in _ROUTE_MODULE_EXTS or stem.endswith((".server", ".client")):
        return None
    names = parts[at + 1 : -1] + ([] if stem == "route" and len(parts) - at > 2 else [stem])
    segs: list[str] = []
    for name in names:
        for seg in name.replace("[.]", "\0").split("."):
            seg = seg.replace("\0", ".").replace("[", "").replace("]", "")
            if seg and not seg.startswith(("_", "(")):
                segs.append(seg.removesuffix("_"))
    if segs and segs[-1] == "index":
        segs.pop()
    return "/" + "/".join(segs)
