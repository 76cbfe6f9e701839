"""The Python taint pass's quick text tests give the answers of the regular expressions they stand for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskscan.frontends.taint_py import _ROUTE_DECORATOR, _SOURCE_WORDS, _route_decorator, _source_words

_PIECES = ["request", "Request", "REQUEST", "requests", "req", "Req", "HTTPRequestHandler", "start_response", "UploadFile",
           "self.kwargs", "self", "kwargs", "@", "@app.get(", "@bp.route(", "@x.y.websocket(", "@property", "app.", "route(", "_", "x", "1",
           ".", "(", " ", "\t", "\n", "\r", "\x1c", "\x0b", "é", "ſ", "İ", "$", "#"]


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_quick_tests_agree_with_the_regular_expressions(text: str) -> None:
    assert _source_words(text) == (_SOURCE_WORDS.search(text) is not None)
    assert _route_decorator(text) == (_ROUTE_DECORATOR.search(text) is not None)


@pytest.mark.parametrize(
    ("text", "source", "route"),
    [
        ("def view(request):\n", True, False),
        ("import requests\nrequests.get(url)\n", False, False),
        ("x = req.args\n", True, False),
        ("prereq = 1\n", False, False),
        ("class H(BaseHTTPRequestHandler): pass\n", True, False),
        ("def app(environ, start_response):\n", True, False),
        ("@app.get('/files')\ndef f(): pass\n", False, True),
        ("    @router.post('/x')\n", False, True),
        ("x = 1  @app.get('/x')\n", False, False),
        ("@property\ndef x(self): pass\n", False, False),
        ("naïve = HttpRequest()\n", True, False),
    ],
)
def test_examples(text: str, source: bool, route: bool) -> None:
    assert (_source_words(text), _route_decorator(text)) == (source, route)
