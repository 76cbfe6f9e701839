"""Files the trigger prefilter skips are parsed on demand when a check
resolves an imported name into them (constants and config modules), with the
same result cold and warm, and without re-parsing them on a warm scan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import riskscan.engine as engine
from riskscan.engine import ScanOptions, scan
from riskscan.report import render
from riskscan.triggers import MATCH_ALL, trigger_regex

from helpers import write_tree

# the queue name lives in a module with no trigger token of any rule
PROJECT = {
    "app/names.py": "RESIZE = 'img:resize'\nMAIL = 'outbox:mail'\n",
    "app/api.py": """\
        import redis
        from app.names import RESIZE, MAIL
        r = redis.Redis()
        def submit(p):
            r.lpush(RESIZE, p)
            r.lpush(MAIL, p)
        """,
    "app/worker.py": """\
        import redis
        from app import names
        r = redis.Redis()
        def main():
            while True:
                _, raw = r.brpop(names.RESIZE)
                handle(raw)
        """,
}


@pytest.fixture(autouse=True)
def _secret(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "s" * 40)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))


def _run(root: Path, **kw) -> str:
    return render("json", scan(ScanOptions(root=str(root), jobs=1, select=("RS301",), **kw)))


def _rs301(out: str) -> list[tuple[str, int]]:
    return [(f["path"], f["line"]) for f in json.loads(out)["findings"] if f["rule_id"] == "RS301"]


def test_constant_in_untriggered_module_resolves(tmp_path):
    write_tree(tmp_path, PROJECT)
    # the producer of 'outbox:mail' has no consumer; 'img:resize' has one
    assert _rs301(_run(tmp_path, use_cache=False)) == [("app/api.py", 6)]


def test_module_without_tokens_is_not_parsed_up_front(tmp_path, monkeypatch):
    write_tree(tmp_path, PROJECT)
    forced: list[list[str]] = []
    real = engine.extract_all

    def spy(files, triggers, *args, **kw):
        if triggers is not None and triggers.pattern == MATCH_ALL:
            forced.append([f.path for f in files])
        return real(files, triggers, *args, **kw)

    monkeypatch.setattr(engine, "extract_all", spy)
    cold = _run(tmp_path)
    assert forced == [["app/names.py"]]  # parsed once, when RS301 resolved the import
    forced.clear()
    warm = _run(tmp_path)
    assert forced == []  # the warm scan takes it from the cache
    assert warm == cold


def test_changed_module_is_parsed_again(tmp_path):
    write_tree(tmp_path, PROJECT)
    _run(tmp_path)
    (tmp_path / "app/names.py").write_text("RESIZE = 'img:resize'\nMAIL = 'img:resize'\n")
    assert _rs301(_run(tmp_path)) == []
    assert _run(tmp_path) == _run(tmp_path, use_cache=False)


def test_trigger_tokens_match_whole_identifiers():
    rx = trigger_regex(["ping", "throttl*", "*ttempt*", ".close("])
    assert rx is not None
    found = {s: bool(rx.search(s)) for s in (b"mapping", b"ws.ping()", b"'/ping'", b"throttler", b"nothrottle", b"failedAttempts", b"db.close()", b"$ping")}
    assert found == {
        b"mapping": False,
        b"ws.ping()": True,
        b"'/ping'": True,
        b"throttler": True,
        b"nothrottle": False,
        b"failedAttempts": True,
        b"db.close()": True,
        b"$ping": False,
    }
