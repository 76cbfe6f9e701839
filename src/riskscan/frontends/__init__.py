"""Frontends: one per file kind, each a pure function ``(path, data) -> FileFacts``.

``path`` is the posix path relative to the scanned root (used to resolve
relative imports and to name things); ``data`` is the file's bytes.  A
frontend raises :class:`SkipFile` with a one-line reason when it cannot
analyse the file (undecodable, syntax error it cannot recover from, too deep,
too big); any other exception is a bug, but the engine still turns it into a
skipped file so one file never stops a scan.

Frontends are imported lazily (``load(kind)``) so ``riskscan --help`` never
imports tree-sitter grammars or libcst.
"""

from __future__ import annotations

import importlib
import re
from typing import Callable

from ..facts import FileFacts


# a Strapi app's list of the middlewares every request runs through
# (``config/middlewares.js``, ``config/env/<env>/middlewares.js``): the JS
# frontend keeps its names, the checks parse such a file on demand
STRAPI_APP_MIDDLEWARES = re.compile(r"(?:^|/)config/(?:env/[^/]+/)?middlewares\.(?:js|ts|mjs|cjs)$")
# a Sails app's route table (``module.exports.routes = {...}``; riskscan.checks._sails)
SAILS_ROUTES = re.compile(r"(?:^|/)config/routes\.(?:js|ts|mjs|cjs)$")
# the Api classes of flask-restful and flask-restx: ``Api(bp)`` serves the
# resources its ``add_resource`` adds under the blueprint it is built on
RESTFUL_APIS = frozenset({"flask_restful.Api", "flask_restx.Api"})


# server-side/generator template tags (Jinja, Django, Nunjucks, cookiecutter): a
# file holding them where its parse fails is a template, not source of the language
TEMPLATE_TAGS = re.compile(
    rb"\{%-?\s*(?:if|for|include|block|extends|set|macro|load|endif|endfor|url|trans|static|autoescape|endautoescape|with|raw|filter|call|import|from)\b"
    rb"|\{\{[^{}\n]{1,200}\}\}"
)


class SkipFile(Exception):
    """The file cannot be analysed; ``str(exc)`` is the reason shown to the user.
    ``excluded``: left out by design (not source of the language), so it does
    not count against the scan's coverage."""

    def __init__(self, reason: str = "", excluded: bool = False) -> None:
        super().__init__(reason)
        self.excluded = excluded


_MODULES = {
    "js": "riskscan.frontends.javascript",
    "ts": "riskscan.frontends.javascript",
    "py": "riskscan.frontends.python",
    "compose": "riskscan.frontends.compose",
    "dotenv": "riskscan.frontends.compose",
    "text": "riskscan.frontends.text",
}

Extractor = Callable[[str, bytes], FileFacts]


def load(kind: str) -> Extractor:
    """Return the ``extract(path, data)`` function for a file kind."""
    module = importlib.import_module(_MODULES[kind])
    return module.extract  # type: ignore[no-any-return]


def decode_source(data: bytes) -> str:
    """Decode source bytes as the languages do: UTF-8 (BOM allowed), UTF-16 with a BOM.

    Raises SkipFile for binary or undecodable content.  Line endings are
    normalised to ``\\n`` (CRLF and lone CR both count as one line break) so
    line numbers match what editors show.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        text = _utf8(data)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise SkipFile("undecodable UTF-16 content") from None
    else:
        if b"\x00" in data[:8192]:
            raise SkipFile("binary content (NUL bytes)")
        text = _utf8(data)
    if "\x00" in text:
        raise SkipFile("binary content (NUL bytes)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SkipFile(f"not valid UTF-8 (byte {exc.start})") from None
