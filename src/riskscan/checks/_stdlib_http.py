"""Paths a stdlib ``http.server`` request handler answers by testing a path
segment it split off ``self.path`` (RS903's health route, RS906's own
``/metrics``), which the frontends list as no ``Route`` facts.

pghoard's ``RequestHandler(BaseHTTPRequestHandler)``: ``path =
self.path.lstrip("/").split("/")`` then ``if path[0] == "status": ...`` in
a method its ``do_GET`` calls.  A comparison with a slash-led literal
(``self.path == "/health"``) is read by the checks themselves; this reads
the bare word a handler compares its first segment (or its whole stripped
path) with.
"""

from __future__ import annotations

from ..facts import FileFacts
from ..lazyre import lazy_re

# `path[0] == "status"`, `parts[0] == 'healthz'`, `self.path.strip("/") == "ping"`,
# `url.path.lstrip('/') == "metrics"` (either side); not `path[2] == "status"` (the
# status of something under a parameter), `kind == "status"` (no path) nor
# `os.path.basename(self.path) == "status"` (a file name: the last segment;
# only string methods may follow the path)
_PATH_VALUE = r"(?:\w+\.)?\w*(?:path|parts|segments|segs)\w*(?:\.(?:strip|lstrip|rstrip|lower|casefold|split|partition)\([^()]*\))*(?:\[0\])?"
_LEFT = lazy_re(rf"""^{_PATH_VALUE}\s*==\s*(["'])([\w.-]+)\1$""")
_RIGHT = lazy_re(rf"""^(["'])([\w.-]+)\1\s*==\s*{_PATH_VALUE}$""")


def handler_segment_paths(ff: FileFacts) -> list[tuple[str, int]]:
    """``("/status", line)`` for each first path segment a method of an
    ``http.server`` request handler class (one that defines ``do_GET``)
    compares with a bare word."""
    if ff.lang != "py" or not ff.extra:
        return []
    handlers = {f.cls for f in ff.funcs if f.name == "do_GET" and f.cls}
    if not handlers:
        return []
    in_handler = {f.id for f in ff.funcs if f.cls in handlers}
    out = []
    for cmp in ff.extra.get("compares", []) or []:
        if not (isinstance(cmp, list) and len(cmp) >= 3 and cmp[1] in in_handler):
            continue
        m = _LEFT.match(str(cmp[2])) or _RIGHT.match(str(cmp[2]))
        if m is not None:
            out.append(("/" + m.group(2), int(cmp[0])))
    return out
