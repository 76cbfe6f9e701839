"""Reusing the saved results when the files that changed have the same facts
(riskscan.samefacts): no check runs for an edit the checks cannot see, the
output is always a full scan's, and anything the checks could see -- a fact,
an answer to a question they ask about a file's text, a file they parse on
demand, the text of a finding's line -- runs them again."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import riskscan.checkrun as checkrun
import riskscan.samefacts as samefacts
from riskscan.cache import CACHE_DIR
from riskscan.checkrun import run_checks
from riskscan.engine import ScanOptions, scan
from riskscan.report import render
from riskscan.resultmemo import RESULTS_FILE

from helpers import write_tree
from test_resultmemo import findings, run

POOL_BAD = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5 });\nmodule.exports = pool;\n"
POOL_OK = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5, connectionTimeoutMillis: 5000 });\nmodule.exports = pool;\n"
PLAIN = "function total(a, b) {\n  return a + b;\n}\nmodule.exports = { total };\n"
REPO = "const pool = require('./db');\nasync function byId(id) {\n  return pool.query('SELECT * FROM jobs WHERE id = $1', [id]);\n}\nmodule.exports = { byId };\n"
PROJECT = {
    "src/db.js": POOL_BAD,  # findings
    "src/ok.js": POOL_OK,  # findings (no statement timeout)
    "src/repo.js": REPO,  # parsed, no finding
    "src/util.js": PLAIN,  # no trigger token: not parsed
    "package.json": '{"name": "svc", "dependencies": {"pg": "8"}}',
}

# A queue name imported from a module no trigger token selects: RS301 asks
# whether `app/names.py` can define MAIL before parsing it (riskscan.mentions)
@pytest.fixture(autouse=True)
def _secret(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "s" * 40)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))


QUEUE = {
    "app/__init__.py": "",
    "app/api.py": "import redis\nfrom app.names import MAIL\nr = redis.Redis()\ndef submit(p):\n    r.lpush(MAIL, p)\n",
    "app/names.py": "OTHER = 'x'\n",
}


def fresh(root: Path, fmt: str = "json") -> str:
    return run(root, fmt, use_cache=False)


def edit(path: Path, text: str) -> None:
    # (a new mtime even on a coarse clock: the cache's change test reads the stat signature first)
    path.write_text(text)
    later = time.time() + 5
    os.utime(path, (later, later))


@pytest.mark.parametrize("path, text", [
    ("src/util.js", PLAIN + "// reworded\n"),  # a file no trigger selects: its facts are empty
    ("src/util.js", "\n\n" + PLAIN.replace("a + b", "b + a")),  # lines moved, code changed: still nothing to keep
    ("src/repo.js", REPO + "// a comment below the code\n"),  # a parsed file, nothing moved
])
def test_an_edit_that_leaves_the_facts_reuses_the_results(tmp_path, checked, path, text):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    assert len(checked) == 1
    edit(tmp_path / path, text)
    formats = ("json", "sarif", "markdown", "text")
    again = {fmt: run(tmp_path, fmt) for fmt in formats}
    assert len(checked) == 1  # no check ran again, for any format
    assert again == {fmt: fresh(tmp_path, fmt) for fmt in formats}
    assert ("RS101", "src/db.js", 2) in findings(again["json"])
    edit(tmp_path / path, text + "\n")  # and again: the record of the checks' questions is kept with the reused results
    assert run(tmp_path) == again["json"] and len(checked) == 1 + len(formats)


def test_facts_that_moved_run_the_checks(tmp_path, checked):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    edit(tmp_path / "src/repo.js", "// a line on top\n" + REPO)
    assert run(tmp_path) == fresh(tmp_path)
    assert len(checked) == 3  # the first scan, this one, and the fresh one


def test_an_edit_to_a_file_with_a_finding_runs_the_checks(tmp_path, checked):
    """Its facts are the same, but a finding's fingerprint is taken from the text of its line."""
    write_tree(tmp_path, PROJECT)
    before = json.loads(run(tmp_path))
    edit(tmp_path / "src/db.js", POOL_BAD.replace("max: 5 });", "max: 5 }); // no timeout yet"))
    after = run(tmp_path)
    assert after == fresh(tmp_path) and len(checked) == 3
    fp = {f["path"]: f["fingerprint"] for f in before["findings"] if f["rule_id"] == "RS101"}
    assert {f["path"]: f["fingerprint"] for f in json.loads(after)["findings"] if f["rule_id"] == "RS101"}["src/db.js"] != fp["src/db.js"]


def test_a_new_answer_to_a_checks_question_runs_the_checks(tmp_path, checked):
    """`app/names.py` is not parsed and its facts stay empty, but once it
    defines MAIL the pushed queue has a name, and nothing consumes it."""
    write_tree(tmp_path, QUEUE)
    before = run(tmp_path)
    assert not [f for f in findings(before) if f[0] == "RS301"]
    edit(tmp_path / "app/names.py", "OTHER = 'y'\n")  # the same answers: reused
    assert run(tmp_path) == before and len(checked) == 1
    edit(tmp_path / "app/names.py", "OTHER = 'y'\nMAIL = 'outbox:mail'\n")
    after = run(tmp_path)
    assert len(checked) == 2
    assert after == fresh(tmp_path)
    assert [f for f in findings(after) if f[0] == "RS301"]


def test_a_file_a_check_parsed_on_demand_runs_the_checks(tmp_path, checked):
    write_tree(tmp_path, dict(QUEUE, **{"app/names.py": "MAIL = 'outbox:mail'\n"}))
    before = run(tmp_path)
    assert [f for f in findings(before) if f[0] == "RS301"]
    edit(tmp_path / "app/names.py", "MAIL = 'outbox:mail'  # the mail queue\n")
    assert run(tmp_path) == fresh(tmp_path)
    assert len(checked) == 3


def test_a_new_or_removed_file_runs_the_checks(tmp_path, checked):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    (tmp_path / "src/util2.js").write_text(PLAIN)
    assert run(tmp_path) == fresh(tmp_path) and len(checked) == 3
    (tmp_path / "src/util2.js").unlink()
    edit(tmp_path / "src/util.js", PLAIN + "// x\n")  # one file gone, one edited
    assert run(tmp_path) == fresh(tmp_path) and len(checked) == 5


def test_results_of_other_options_are_not_reused(tmp_path, checked):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    edit(tmp_path / "src/util.js", PLAIN + "// x\n")
    out = run(tmp_path, select=("RS103",))
    assert len(checked) == 2 and out == render("json", scan(ScanOptions(root=str(tmp_path), jobs=1, use_cache=False, select=("RS103",))))


def test_results_saved_before_the_cache_moved_on_are_not_reused(tmp_path, checked):
    """The saved results hold for the facts cache's previous entries only: a
    scan that updated the cache without saving results (``--no-reuse``-like:
    results not reusable) leaves results the next scan must not take."""
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    saved = (tmp_path / CACHE_DIR / RESULTS_FILE).read_bytes()
    edit(tmp_path / "src/ok.js", POOL_BAD)  # a finding now
    run(tmp_path)
    (tmp_path / CACHE_DIR / RESULTS_FILE).write_bytes(saved)  # the results of the first scan back
    edit(tmp_path / "src/ok.js", POOL_BAD + "// x\n")  # same facts as the cache's entry, not as the saved results'
    out = run(tmp_path)
    assert ("RS101", "src/ok.js", 2) in findings(out)
    assert out == fresh(tmp_path)


def test_results_with_no_record_of_questions_are_not_reused(tmp_path, checked, monkeypatch):
    """Results saved by a riskscan that kept no record of the checks' questions."""
    import riskscan.resultmemo as memo_mod

    real = memo_mod._encode
    monkeypatch.setattr(memo_mod, "_encode", lambda saved: {k: v for k, v in real(saved).items() if k != "asked"})
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    monkeypatch.setattr(memo_mod, "_encode", real)
    edit(tmp_path / "src/util.js", PLAIN + "// x\n")
    assert run(tmp_path) == fresh(tmp_path) and len(checked) == 3


def test_the_helpers_questions_come_back_before_its_answers():
    """Questions a forked helper's checks ask are recorded in this process
    (riskscan.checkrun), so the saved record holds every rule's."""
    asked = samefacts.Asked()
    asked.note(("seen.py", "x", "call"), True)

    def asker(tag: str):
        def fn(project):
            time.sleep(0.05)
            asked.note((f"{tag}.py", str(os.getpid()), None), False)
            asked.note((f"{tag}.py", "", samefacts.LOAD), True)
            return []

        return fn

    checks = {}
    for i, module in enumerate(["pools", "auth", "queues", "redis"]):  # four modules: both processes get some
        checks[f"RS{i:03d}"] = asker(f"RS{i:03d}")
        checks[f"RS{i:03d}"].__module__ = f"riskscan.checks.{module}"
    run_checks(object(), sorted(checks), checks, lambda h: True, fork=True, debug=False, asked=asked)
    got = dict(asked.items())
    pids = {k[1] for k in got if k[2] is None}
    assert len(got) == 9 and len(pids) == 2  # every check's questions, from both processes
    assert asked.items()[0] == (("seen.py", "x", "call"), True)


def test_a_scan_whose_checks_ran_in_a_helper_records_their_questions(tmp_path, monkeypatch, checked):
    monkeypatch.setattr(checkrun, "fork_worthwhile", lambda jobs, n: True)
    write_tree(tmp_path, QUEUE)
    before = run(tmp_path, jobs=2)
    doc = json.loads((tmp_path / CACHE_DIR / RESULTS_FILE).read_bytes().split(b"\n", 1)[1])
    assert ["MAIL", "v", 0] in doc["asked"]["sets"][doc["asked"]["files"]["app/names.py"]]
    edit(tmp_path / "app/names.py", "OTHER = 'y'\nMAIL = 'outbox:mail'\n")
    after = run(tmp_path, jobs=2)
    assert after != before and after == fresh(tmp_path) and len(checked) == 3


@pytest.mark.parametrize("doc", [None, [], {"sets": [], "files": {"a.py": 0}}, {"sets": [[["x", "?", 1]]], "files": {"a.py": 0}},
                                 {"sets": [[["x", "v", 2]]], "files": {"a.py": 0}}, {"sets": [[["x", "v"]]], "files": {"a.py": 0}},
                                 {"sets": "x", "files": {}}, {"sets": [], "files": {"a.py": "0"}}])
def test_a_record_of_the_wrong_shape_is_not_trusted(doc):
    assert samefacts.questions_of(doc, "a.py") is None


def test_the_record_reads_back_what_was_asked():
    asked = samefacts.Asked()
    for key, got in [(("a.py", "X", True), True), (("a.py", "f", "call"), False), (("b.js", "Y", None), True), (("a.py", "", samefacts.LOAD), True),
                     (("c.js", "f", "call"), False), (("c.js", "X", True), True), (("c.js", "f", "call"), False)]:
        asked.note(key, got)
    assert len(asked.log) == 7 and len(asked.items()) == 6  # (the repeat noted, kept once)
    assert asked.since(4) == [(("c.js", "f", "call"), False), (("c.js", "X", True), True)]
    doc = json.loads(json.dumps(samefacts.encode(asked)))
    assert sorted(samefacts.questions_of(doc, "a.py") or []) == sorted([("X", True, True), ("f", "call", False), ("", samefacts.LOAD, True)])
    assert samefacts.questions_of(doc, "b.js") == [("Y", None, True)]
    assert samefacts.questions_of(doc, "d.py") == []  # asked nothing
    assert len(doc["sets"]) == 3


BUNDLE = "\n".join(["var a=require('redis').createClient();a.on('error',function(e){process.exit(1)});" * 60] * 8) + "\n"


def test_a_project_with_a_file_the_cache_keeps_nothing_of_reuses_too(tmp_path, checked):
    """A minified bundle is skipped on every scan (the facts cache keeps no
    entry of it, so the key by content is unknown): the key by facts counts
    it by its skip, and its text by the checks' questions."""
    write_tree(tmp_path, dict(PROJECT, **{"public/app.bundle.js": BUNDLE}))
    first = run(tmp_path)
    assert "public/app.bundle.js" in {s["path"] for s in json.loads(first)["skipped"]}
    edit(tmp_path / "src/util.js", PLAIN + "// reworded\n")
    assert run(tmp_path) == first and len(checked) == 1
    edit(tmp_path / "public/app.bundle.js", BUNDLE + "// 1\n")  # skipped as it was
    assert run(tmp_path) == first and len(checked) == 1
    assert first == fresh(tmp_path)
    edit(tmp_path / "public/app.bundle.js", "var a = require('redis').createClient();\n")  # analysed now
    assert run(tmp_path) == fresh(tmp_path) and len(checked) == 4
