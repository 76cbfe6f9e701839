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
