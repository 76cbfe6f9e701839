"""The facts cache (.riskscan_cache/): hits, invalidation, and never trusting
a cache it did not write itself."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import riskscan.cache as cache_mod
import riskscan.engine as engine
from riskscan.engine import ScanOptions, scan
from riskscan.report import render

from helpers import write_tree

ROOT = Path(__file__).resolve().parent.parent

POOL_BAD = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5 });\nmodule.exports = pool;\n"
POOL_OK = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5, connectionTimeoutMillis: 5000 });\nmodule.exports = pool;\n"
PLAIN = "function total(a, b) {\n  return a + b;\n}\nmodule.exports = { total };\n"
PROJECT = {"src/db.js": POOL_BAD, "src/util.js": PLAIN, "src/other.js": PLAIN.replace("total", "sum")}


@pytest.fixture(autouse=True)
def _secret(monkeypatch, tmp_path_factory):
    """A known HMAC secret and a private XDG cache home for every test."""
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "s" * 40)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))


@pytest.fixture(autouse=True)
def _facts_only(monkeypatch):
    """These tests are about the facts cache: every scan runs its checks (the
    reuse of a whole unchanged scan's results is tested in test_resultmemo.py)."""
    monkeypatch.setattr(engine, "_result_memo", lambda *args: None)


@pytest.fixture
def extracted(monkeypatch):
    """Records the paths each scan sends to the frontends."""
    calls: list[list[str]] = []
    real = engine.extract_all

    def spy(files, *args, **kw):
        calls.append(sorted(f.path for f in files))
        return real(files, *args, **kw)

    monkeypatch.setattr(engine, "extract_all", spy)
    return calls


def run(root: Path, **kw) -> str:
    kw.setdefault("jobs", 1)
    kw.setdefault("use_cache", True)
    return render("json", scan(ScanOptions(root=str(root), **kw)))


def cache_file(root: Path) -> Path:
    return root / ".riskscan_cache" / "facts-v1.json"


def rules_of(out: str) -> list[tuple[str, str]]:
    return sorted((f["rule_id"], f["path"]) for f in json.loads(out)["findings"])


def sign(body: bytes, key: str, secret: str = "s" * 40) -> bytes:
    mac = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    header = {"format": cache_mod.FORMAT, "version": cache_mod.FORMAT_VERSION, "key": key, "mac": mac}
    return json.dumps(header).encode() + b"\n" + body


def body_of(root: Path) -> dict:
    """The cache's entries by path."""
    return cache_mod.decode_body(cache_file(root).read_bytes().split(b"\n", 1)[1])[0]


def body_from(entries: dict) -> bytes:
    return b"".join(cache_mod.encode_body(entries, {}))


def current_key(root: Path) -> str:
    return json.loads(cache_file(root).read_bytes().split(b"\n", 1)[0])["key"]


# ------------------------------------------------------------------ hits
def test_second_scan_is_all_hits_and_same_output(tmp_path, extracted):
    write_tree(tmp_path, PROJECT)
    first = run(tmp_path)
    second = run(tmp_path)
    assert first == second
    assert extracted == [["src/db.js", "src/other.js", "src/util.js"], []]
    assert ("RS101", "src/db.js") in rules_of(first)
    assert first == run(tmp_path, use_cache=False)


def test_hit_does_not_read_the_file(tmp_path, monkeypatch):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    reads: list[str] = []
    real = cache_mod.read_regular

    def spy(path, limit):
        reads.append(path)
        return real(path, limit)

    monkeypatch.setattr(cache_mod, "read_regular", spy)
    run(tmp_path)
    assert [p for p in reads if not p.endswith(("facts-v1.json", "probes-v1.json", "secret", cache_mod.JOURNAL))] == []


def test_content_change_reparses_only_that_file(tmp_path, extracted):
    write_tree(tmp_path, PROJECT)
    assert ("RS101", "src/db.js") in rules_of(run(tmp_path))
    (tmp_path / "src/db.js").write_text(POOL_OK)
    out = run(tmp_path)
    assert extracted[-1] == ["src/db.js"]
    assert ("RS101", "src/db.js") not in rules_of(out)
    assert out == run(tmp_path, use_cache=False)


def test_same_size_same_mtime_edit_is_caught_by_the_inode_or_hash(tmp_path, extracted):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    p = tmp_path / "src/db.js"
    st = p.stat()
    replacement = POOL_BAD.replace("max: 5", "max: 6")
    assert len(replacement) == len(POOL_BAD)
    tmp = tmp_path / "src/db.js.new"
    tmp.write_text(replacement)
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, p)  # new inode, same size and mtime
    run(tmp_path)
    assert extracted[-1] == ["src/db.js"]


def test_touch_without_change_is_a_hit(tmp_path, extracted):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    p = tmp_path / "src/util.js"
    os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10**9))
    run(tmp_path)
    assert extracted[-1] == []
    run(tmp_path)  # the new signature was remembered
    assert extracted[-1] == []


def test_cross_file_result_follows_a_change_in_another_file(tmp_path):
    """Project-level checks re-run on all facts: a cached file is judged against a changed one."""
    files = {
        "svc/package.json": '{"name": "svc"}',
        "svc/db.js": "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5, connectionTimeoutMillis: 1000, statement_timeout: 1000 });\nmodule.exports = { pool };\n",
        "svc/server.js": "const http = require('http');\nconst { pool } = require('./db');\nhttp.createServer(() => {}).listen(3000);\n",
    }
    write_tree(tmp_path, files)
    first = run(tmp_path, select=("RS104",))
    assert rules_of(first) == [("RS104", "svc/db.js")]
    (tmp_path / "svc/server.js").write_text(files["svc/server.js"] + "process.on('SIGTERM', async () => { await pool.end(); });\n")
    second = run(tmp_path, select=("RS104",))
    assert rules_of(second) == []  # db.js came from the cache, the pool is now closed elsewhere
    assert second == run(tmp_path, select=("RS104",), use_cache=False)


def test_deleted_files_are_pruned(tmp_path):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    (tmp_path / "src/other.js").unlink()
    run(tmp_path)
    body = body_of(tmp_path)
    assert sorted(body) == ["src/db.js", "src/util.js"]


def test_unparsed_files_cost_one_short_entry(tmp_path):
    write_tree(tmp_path, {"src/db.js": POOL_BAD, "src/plain.js": "const x = 1;\n"})
    run(tmp_path, select=("RS101",))
    body = body_of(tmp_path)
    assert body["src/plain.js"][2:] == ["p", "js"]
    assert body["src/db.js"][2] == "f"
    assert run(tmp_path, select=("RS101",)) == run(tmp_path, select=("RS101",), use_cache=False)


# ------------------------------------------------------------ invalidation
def test_rule_set_change_rebuilds(tmp_path, extracted, monkeypatch):
    write_tree(tmp_path, PROJECT)
    run(tmp_path, select=("RS101",))
    run(tmp_path, select=("RS101",))
    assert extracted[-1] == []
    # the rules' trigger tokens decide what is parsed: new tokens, new facts
    real = engine.load_rules

    def more_tokens():
        rules = dict(real())  # a copy: the loaded rules are memoised
        rules["RS101"] = dataclasses.replace(rules["RS101"], triggers=(*rules["RS101"].triggers, "total"))
        return rules

    monkeypatch.setattr(engine, "load_rules", more_tokens)
    run(tmp_path, select=("RS101",))
    assert extracted[-1] == ["src/db.js", "src/other.js", "src/util.js"]
    run(tmp_path, select=("RS101",))
    assert extracted[-1] == []


def test_selection_shares_the_cache_and_the_analysis(tmp_path, extracted):
    """--select/--ignore choose which rules report, not which files are
    analysed: a selected rule reports what it reports in a full run, and
    scans with different selections share one cache."""
    write_tree(tmp_path, PROJECT)
    full = rules_of(run(tmp_path))
    assert ("RS101", "src/db.js") in full
    only = run(tmp_path, select=("RS101",))
    assert extracted[-1] == []
    assert rules_of(only) == [f for f in full if f[0] == "RS101"]
    assert rules_of(run(tmp_path, ignore=("RS101",))) == [f for f in full if f[0] != "RS101"]
    assert extracted[-1] == []


def test_version_change_rebuilds(tmp_path, extracted, monkeypatch):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    monkeypatch.setattr(cache_mod, "__version__", "999.0.0")
    run(tmp_path)
    assert extracted[-1] == ["src/db.js", "src/other.js", "src/util.js"]
    run(tmp_path)
    assert extracted[-1] == []


def test_frontend_code_change_rebuilds(tmp_path, extracted, monkeypatch):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    monkeypatch.setattr(cache_mod, "_code_fingerprint", lambda: b"edited frontend")
    run(tmp_path)
    assert extracted[-1] == ["src/db.js", "src/other.js", "src/util.js"]


def test_code_fingerprint_covers_every_module_that_shapes_facts():
    """An edited checkout never reuses facts its code would now produce
    differently: the frontends, the facts model, the suppression parser, the
    trigger matcher, the engine and the limits (which files count as minified)."""
    got = cache_mod._code_fingerprint().decode()
    names = {line.split(":", 1)[0] for line in got.splitlines()[1:]}
    assert {"facts.py", "suppress.py", "engine.py", "triggers.py", "limits.py", "aliases.py", "frontends/javascript.py", "frontends/python.py", "frontends/compose.py"} <= names
    assert not any(line.endswith(":-") for line in got.splitlines())  # every one of them found


def test_another_secret_means_a_foreign_cache(tmp_path, extracted, monkeypatch):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    monkeypatch.setenv("RISKSCAN_CACHE_SECRET", "t" * 40)
    run(tmp_path)
    assert extracted[-1] == ["src/db.js", "src/other.js", "src/util.js"]


def test_per_user_secret_is_created_once(tmp_path, monkeypatch):
    monkeypatch.delenv("RISKSCAN_CACHE_SECRET")
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    secret = Path(os.environ["XDG_CACHE_HOME"]) / "riskscan" / "secret"
    first = secret.read_bytes()
    assert len(first) >= 32
    run(tmp_path)
    assert secret.read_bytes() == first


# ------------------------------------------------------------ corrupt caches
def _corrupt_cases(root: Path) -> dict[str, bytes]:
    good = cache_file(root).read_bytes()
    header, body = good.split(b"\n", 1)
    key = json.loads(header)["key"]
    entries = cache_mod.decode_body(body)[0]
    db_sig, db_digest = entries["src/db.js"][:2]
    wrong_types = dict(entries)
    wrong_types["src/db.js"] = [db_sig, db_digest, "f", json.dumps({"path": "src/db.js", "lang": "js", "imports": 5, "calls": []})]
    del wrong_types["src/util.js"], wrong_types["src/other.js"]
    bad_lines = b'"src/util.js"\tnot a line\n"src/other.js"\t1\t2\t3\t4\n[1, 2, 3]\n'
    bad_lang = dict(entries)
    for path, entry in entries.items():
        if entry[2] == "p":  # a file no trigger selected
            bad_lang[path] = [entry[0], entry[1], "p", ["js"]]
    not_json = dict(entries)
    not_json["src/db.js"] = [db_sig, db_digest, "f", "{not json"]
    nested = dict(entries)
    nested["src/db.js"] = [db_sig, db_digest, "f", "[" * 100000 + "]" * 100000]
    other_file = dict(entries)
    other_file["src/db.js"] = [db_sig, db_digest, "f", json.dumps({"path": "src/util.js", "lang": "js"})]
    empty_facts = dict(entries)  # claims db.js has nothing in it (a forged hit)
    empty_facts["src/db.js"] = [db_sig, db_digest, "f", json.dumps({"path": "src/db.js", "lang": "js"})]
    return {
        "garbage": os.urandom(2000),
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "foreign format": json.dumps({"format": "ruff-cache", "entries": {}}).encode() + b"\n{}",
        "not lines of entries": sign(b"[1, 2, 3]", key),
        "deeply nested path": sign(b"[" * 100000 + b"]" * 100000 + b"\t\t\tp\t\"js\"\n", key),
        "deeply nested facts": sign(body_from(nested), key),
        "not ASCII": sign(body_from(entries) + "\u00e9".encode() + b"\n", key),
        "wrong types in entries": sign(body_from(wrong_types) + bad_lines, key),
        "language of the wrong type": sign(body_from(bad_lang), key),
        "facts that are not JSON": sign(body_from(not_json), key),
        "facts of another path": sign(body_from(other_file), key),
        "forged without the secret": sign(body_from(empty_facts), key, secret="x" * 40),
        "old single-document body": sign(json.dumps(entries).encode(), key),
        "old unsigned format": json.dumps({"format": cache_mod.FORMAT, "key": key, "entries": {}}).encode(),
    }


def test_corrupt_or_foreign_caches_are_ignored_and_rebuilt(tmp_path):
    write_tree(tmp_path, PROJECT)
    expected = run(tmp_path, use_cache=False)
    run(tmp_path)
    for name, content in _corrupt_cases(tmp_path).items():
        cache_file(tmp_path).write_bytes(content)
        assert run(tmp_path) == expected, name
        rebuilt = cache_file(tmp_path).read_bytes()
        assert rebuilt.split(b"\n", 1)[0].startswith(b"{"), name
        assert run(tmp_path) == expected, name


def test_forged_entry_is_not_trusted(tmp_path):
    """A cache that claims a file is empty must not hide its findings."""
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    forged = _corrupt_cases(tmp_path)["forged without the secret"]
    cache_file(tmp_path).write_bytes(forged)
    assert ("RS101", "src/db.js") in rules_of(run(tmp_path))


def test_symlinked_cache_file_is_not_followed(tmp_path):
    write_tree(tmp_path / "proj", PROJECT)
    other = tmp_path / "other"
    write_tree(other, {"a.js": PLAIN})
    run(other)
    target = cache_file(other)
    before = target.read_bytes()
    (tmp_path / "proj/.riskscan_cache").mkdir()
    cache_file(tmp_path / "proj").symlink_to(target)
    out = run(tmp_path / "proj")
    assert ("RS101", "src/db.js") in rules_of(out)
    assert target.read_bytes() == before  # never written through the link
    assert not cache_file(tmp_path / "proj").is_symlink()  # replaced by a real cache


def test_symlinked_cache_dir_is_left_alone(tmp_path):
    write_tree(tmp_path / "proj", PROJECT)
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "proj/.riskscan_cache").symlink_to(outside, target_is_directory=True)
    out = run(tmp_path / "proj")
    assert ("RS101", "src/db.js") in rules_of(out)
    assert list(outside.iterdir()) == []


def test_cache_path_that_is_a_file_still_scans(tmp_path):
    write_tree(tmp_path, PROJECT)
    (tmp_path / ".riskscan_cache").write_text("not a directory")
    assert run(tmp_path) == run(tmp_path, use_cache=False)
    assert (tmp_path / ".riskscan_cache").read_text() == "not a directory"


# ------------------------------------------------------------ writing
def test_gitignore_is_created(tmp_path):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    gi = tmp_path / ".riskscan_cache" / ".gitignore"
    assert gi.read_text().splitlines()[-1] == "*"


def test_no_cache_writes_nothing(tmp_path):
    write_tree(tmp_path, PROJECT)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    run(tmp_path, use_cache=False)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_no_cache_ignores_an_existing_cache(tmp_path, extracted):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    mtime = cache_file(tmp_path).stat().st_mtime_ns
    run(tmp_path, use_cache=False)
    assert extracted[-1] == ["src/db.js", "src/other.js", "src/util.js"]
    assert cache_file(tmp_path).stat().st_mtime_ns == mtime


def test_unwritable_cache_still_scans(tmp_path, monkeypatch):
    write_tree(tmp_path, PROJECT)
    expected = run(tmp_path, use_cache=False)

    def refuse(*a, **kw):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(cache_mod.tempfile, "mkstemp", refuse)
    assert run(tmp_path) == expected
    assert not cache_file(tmp_path).exists()
    assert not list((tmp_path / ".riskscan_cache").glob(".facts-*"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_read_only_root_still_scans(tmp_path):
    write_tree(tmp_path, PROJECT)
    expected = run(tmp_path, use_cache=False)
    os.chmod(tmp_path, 0o555)
    try:
        assert run(tmp_path) == expected
    finally:
        os.chmod(tmp_path, 0o755)


def test_file_changed_during_analysis_is_not_remembered(tmp_path, monkeypatch):
    write_tree(tmp_path, PROJECT)
    real = engine.extract_all

    def edit_midway(files, *args, **kw):
        out = real(files, *args, **kw)
        (tmp_path / "src/db.js").write_text(POOL_OK + "// edited while scanning\n")
        return out

    monkeypatch.setattr(engine, "extract_all", edit_midway)
    run(tmp_path)
    monkeypatch.setattr(engine, "extract_all", real)
    assert ("RS101", "src/db.js") not in rules_of(run(tmp_path))


def test_clean_command_removes_the_cache(tmp_path):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    assert cache_file(tmp_path).exists()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-m", "riskscan", "clean", str(tmp_path)], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "removed" in out.stdout
    assert not (tmp_path / ".riskscan_cache").exists()
    out = subprocess.run([sys.executable, "-m", "riskscan", "clean", str(tmp_path)], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0 and "no cache" in out.stdout
    assert (tmp_path / "src/db.js").exists()


def test_workers_send_large_batches_as_cache_entries_only(tmp_path, monkeypatch):
    """With a worker pool and the cache on, the workers send each file's cache
    entry and not its facts; the scan rebuilds the facts from the entries once
    the workers are gone, and reports what a scan without the cache (facts
    sent as objects) reports.  An entry that cannot be read back (the spill
    file failed) costs a re-parse in a supervised child, not the file."""
    write_tree(tmp_path, PROJECT)
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    sent = []
    real_record = engine._is_lean

    def is_lean(res):
        got = real_record(res)
        sent.append(got)
        return got

    monkeypatch.setattr(engine, "_is_lean", is_lean)
    plain = run(tmp_path, jobs=2, use_cache=False)
    assert not any(sent)  # without the cache: facts as objects
    rebuilt = []
    real_facts_of = cache_mod.PayloadSpill.facts_of

    def facts_of(self, path):
        rebuilt.append(path)
        if path == "src/db.js":
            raise OSError("spill file gone")
        return real_facts_of(self, path)

    monkeypatch.setattr(cache_mod.PayloadSpill, "facts_of", facts_of)
    assert run(tmp_path, jobs=2) == plain
    assert sorted(rebuilt) == sorted(PROJECT) and any(sent)
    assert run(tmp_path, jobs=2) == plain  # and the cache it wrote reads back the same


def test_a_file_whose_parser_crashed_is_parsed_in_a_supervised_child_next_time(tmp_path, monkeypatch):
    """A crash is not cached as the file's result (it may not recur), but the
    next scan, even a small warm one that parses in its own process, parses
    that file in a supervised child: the same crash there costs the file, not
    the scan."""
    write_tree(tmp_path, PROJECT)
    real_worker = engine._worker

    def crashed(job):
        if job[0] == "src/db.js":
            return job[0], engine.Skipped(job[0], "parser crashed (SIGSEGV)")
        return real_worker(job)

    monkeypatch.setattr(engine, "_worker", crashed)
    first = json.loads(run(tmp_path))
    assert {s["path"]: s["reason"] for s in first["skipped"]} == {"src/db.js": "parser crashed (SIGSEGV)"}
    assert body_of(tmp_path)["src/db.js"][2] == cache_mod.ISOLATE
    monkeypatch.setattr(engine, "_worker", real_worker)

    here, isolated = [], []

    def in_process(job):
        here.append(job[0])
        return real_worker(job)

    real_isolated = engine._extract_isolated

    def spy_isolated(work, *args, **kw):
        isolated.extend(job[0] for job in work)
        return real_isolated(work, *args, **kw)

    monkeypatch.setattr(engine, "_worker", in_process)
    monkeypatch.setattr(engine, "_extract_isolated", spy_isolated)
    second = run(tmp_path)
    assert isolated == ["src/db.js"] and "src/db.js" not in here
    assert second == run(tmp_path, use_cache=False)  # parsed fine this time: its findings are back
    assert body_of(tmp_path)["src/db.js"][2] == "f"  # and cached as usual


def test_entries_encoded_by_worker_processes_match(tmp_path, monkeypatch, extracted):
    """With a worker pool, the workers encode the cache entries; they are the
    entries the main process would write, and the next scan hits them all."""
    write_tree(tmp_path, PROJECT)
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    cold = render("json", scan(ScanOptions(root=str(tmp_path), jobs=2)))
    entries = body_of(tmp_path)
    for path in PROJECT:
        sig, digest, tag, payload = entries[path]
        assert digest == hashlib.sha256((tmp_path / path).read_bytes()).hexdigest()
        facts = engine.analyse_file(path, "js", (tmp_path / path).read_bytes(), None, wanted=True)
        if tag == "f":
            assert json.loads(payload) == json.loads(cache_mod.encode_facts(facts)[1])
    extracted.clear()
    assert render("json", scan(ScanOptions(root=str(tmp_path), jobs=2))) == cold
    assert extracted == [[]]  # nothing to parse again


def test_compact_calls_round_trip_exactly():
    """Cached calls are stored in a compact list form; every call of the
    bundled fixtures comes back equal, and malformed lists are rejected."""
    from riskscan.facts import pack_call, unpack_call

    result = scan(ScanOptions(root=str(ROOT / "fixtures" / "orchestrator"), jobs=1, use_cache=False))
    calls = [c for ff in result.facts.values() for c in ff.calls]
    assert len(calls) > 100
    for c in calls:
        assert unpack_call(json.loads(json.dumps(pack_call(c)))) == c
    # structure is checked; scalar types are not (the cache is authenticated)
    for bad in ([], ["f"] * 16, {"callee": "f"}, ["f", "", "", "", 1, 1, 1, 1, "", [[]]], ["f", "", "", "", 1, 1, 1, 1, "", [{"k": "str"}]], ["f", "", "", "", 1, 1, 1, 1, "", ["abc"]]):
        with pytest.raises(ValueError):
            unpack_call(bad)


def test_facts_share_their_call_strings_across_files(tmp_path):
    """Names repeated across files (callees, value kinds, identifiers) are
    one string object in memory, whether the facts were just parsed or read
    back from the cache: a large project's facts are about a sixth smaller."""
    code = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5 });\npool.query('SELECT ' + String(1));\n"
    write_tree(tmp_path, {"src/a.js": code, "src/b.js": code})
    for _ in ("parsed", "cached"):
        facts = scan(ScanOptions(root=str(tmp_path), jobs=1)).facts
        a, b = facts["src/a.js"].calls, facts["src/b.js"].calls
        assert [c.callee for c in a] == [c.callee for c in b] and a
        assert all(x.callee is y.callee and x.func is y.func for x, y in zip(a, b, strict=True))
        va = [v for c in a for v in c.args]
        vb = [v for c in b for v in c.args]
        assert va and all(x.k is y.k and x.v is y.v for x, y in zip(va, vb, strict=True))


def test_facts_share_their_other_strings_across_files(tmp_path):
    """Function names and parameters, member reads, imports and module names
    are shared across files too, parsed or cached; functions without
    parameters / decorators hold the shared empty list."""
    from riskscan.facts import EMPTY_LIST

    code = (
        "import os\nimport requests\nfrom a.b import c as d\n\n"
        "class K:\n    def run(self, x):\n        return self.client.size if x == 'y' else d(os.environ['Z'])\n\n"
        "def helper():\n    return requests.get('http://x')\n"
    )
    write_tree(tmp_path, {"a.py": code, "b.py": code})
    for _ in ("parsed", "cached"):
        facts = scan(ScanOptions(root=str(tmp_path), jobs=1)).facts
        a, b = facts["a.py"], facts["b.py"]
        assert a.funcs and [f.name for f in a.funcs] == [f.name for f in b.funcs]
        for fa, fb in zip(a.funcs, b.funcs, strict=True):
            assert fa.id is fb.id and fa.name is fb.name and fa.cls is fb.cls and fa.parent is fb.parent
            assert all(x is y for x, y in zip(fa.params, fb.params, strict=True))
            assert fa.decorators is EMPTY_LIST
        assert any(f.params is EMPTY_LIST for f in a.funcs) and any(f.params for f in a.funcs)
        assert a.attrs and all(x is y for x, y in zip(a.attrs, b.attrs, strict=True))
        assert a.modules and all(x is y for x, y in zip(a.modules, b.modules, strict=True))
        assert a.imports and all(x is y and a.imports[x] is b.imports[y] for x, y in zip(a.imports, b.imports, strict=True))


def test_facts_share_line_numbers_above_the_interpreters_small_ints(tmp_path, monkeypatch):
    """Line numbers above 256 would be a new int object per call, value and
    function (a tenth of a large project's facts): parsed, parsed in worker
    processes or read back from the cache, equal line numbers are one object,
    and the values are unchanged."""
    from riskscan import engine

    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    filler = "x = 1\n" * 400
    code = filler + "import os\n\ndef run(a):\n    os.getenv('HOME', 'x')\n    print(a, 'b')\n"
    tree = {f"pkg/m{i}.py": code for i in range(6)}
    write_tree(tmp_path, tree)
    # parsed here (writing the cache), parsed in worker processes, read back from the cache
    for jobs, use_cache in ((1, True), (2, False), (2, True)):
        facts = scan(ScanOptions(root=str(tmp_path), jobs=jobs, use_cache=use_cache)).facts
        files = [facts[p] for p in tree]
        calls = [ff.calls for ff in files]
        assert [c.line for c in calls[0]] == [404, 405] and [c.end_line for c in calls[0]] == [404, 405]
        for other in calls[1:]:
            assert all(x.line is y.line and x.end_line is y.end_line for x, y in zip(calls[0], other, strict=True))
            assert all(x.args[0].line is y.args[0].line for x, y in zip(calls[0], other, strict=True))
        funcs = [ff.funcs[0] for ff in files]
        assert funcs[0].line == 403 and all(f.line is funcs[0].line and f.end_line is funcs[0].end_line for f in funcs)


def test_calls_without_arguments_share_one_unchangeable_empty(tmp_path):
    """Once facts are final (parsed, or read back from the cache) a call
    without positional / keyword arguments holds the shared EMPTY_LIST /
    EMPTY_DICT, which refuse changes; they survive pickling (worker
    processes) and copying as the same objects."""
    import copy
    import pickle

    from riskscan.facts import EMPTY_LIST, EMPTY_DICT

    code = "import os\nos.getcwd()\nprint('x')\nopen('f', mode='r')\n"
    write_tree(tmp_path, {"a.py": code, "b.py": code})
    for _ in ("parsed", "cached"):
        calls = [c for ff in scan(ScanOptions(root=str(tmp_path), jobs=1)).facts.values() for c in ff.calls]
        assert any(c.args for c in calls) and any(c.kwargs for c in calls)
        assert any(not c.args for c in calls)
        assert all(c.args is EMPTY_LIST for c in calls if not c.args)
        assert all(c.kwargs is EMPTY_DICT for c in calls if not c.kwargs)
        assert all(c.args is not EMPTY_LIST for c in calls if c.args)
    for empty in (EMPTY_LIST, EMPTY_DICT):
        assert pickle.loads(pickle.dumps(empty)) is empty and copy.copy(empty) is empty and copy.deepcopy(empty) is empty
    for change in (lambda: EMPTY_LIST.append(1), lambda: EMPTY_LIST.extend([1]), lambda: EMPTY_DICT.update(a=1), lambda: EMPTY_DICT.setdefault("a", 1)):
        with pytest.raises(TypeError):
            change()
    assert EMPTY_LIST == [] and EMPTY_DICT == {}


def test_body_lines_round_trip_any_path():
    """Paths are read back exactly whether or not their JSON needs escapes
    (quotes, backslashes, tabs, non-ASCII); a value that is not a string is a
    malformed line, not a crash."""
    paths = ["src/db.js", 'src/"quoted".js', "src\\back.py", "src/tab\there.py", "src/caf\u00e9.py", "src/\U0001f600.js", ""]
    entries = {p: ["1:2:3", "ab" * 32, "p", "js"] for p in paths}
    entries["src/skip.js"] = ["1:2:3", "cd" * 32, "s", 'binary "file"']
    got, full, bad = cache_mod.decode_body(body_from(entries))
    assert (got, full, bad) == (entries, {}, 0)
    lines = body_from({"a.js": ["1:2:3", "ab" * 32, "p", "js"]}) + b'7\t1:2:3\tab\tp\t"js"\n"b.js"\t1:2:3\tab\tp\t["js"]\n'
    got, _, bad = cache_mod.decode_body(lines)
    assert list(got) == ["a.js"] and bad == 2


@pytest.mark.parametrize("enabled", [True, False])
def test_scan_leaves_the_garbage_collector_as_it_found_it(tmp_path, enabled):
    """A scan switches the collector off while facts arrive and freezes them for
    the checks; a program that calls ``scan`` (a warm one that parses a changed
    file in process, too) gets its collector state back, nothing left frozen."""
    import gc

    write_tree(tmp_path, PROJECT)
    run(tmp_path)  # cold: fills the cache
    (tmp_path / "src" / "util.js").write_text(PLAIN + "// changed\n")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        frozen = gc.get_freeze_count()
        out = run(tmp_path)  # warm: cache hits plus one file parsed here
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == frozen
    finally:
        gc.enable() if was else gc.disable()
    assert "RS101" in out


# ------------------------------------------------ payloads left on disk
def _loaded(root: Path) -> "cache_mod.FactsCache":
    """A FactsCache of ``root`` after the scan's split (hits decoded)."""
    from riskscan.discovery import discover
    from riskscan.ruledefs import load_rules
    from riskscan.triggers import triggers_for

    rules = load_rules()
    trig = triggers_for(t for meta in rules.values() for t in meta.triggers)
    cache = cache_mod.FactsCache(str(root), enabled=True, trigger_key=trig.key)
    todo, cached = cache.split_lazily(discover(str(root)).files)
    hits, failed = cache.decode(cached)
    assert not todo and not failed and hits
    return cache


def test_warm_scan_keeps_cached_payloads_on_disk_not_in_memory(tmp_path):
    write_tree(tmp_path, PROJECT)
    run(tmp_path)
    cache = _loaded(tmp_path)
    payloads = [e[3] for e in cache.entries.values() if e[2] == "f"]
    assert payloads and all(isinstance(p, cache_mod._OnDisk) for p in payloads)
    # and they read back as the facts they were
    facts = cache_mod.facts_from_payload(cache._payload(payloads[0]))
    assert facts.path == "src/db.js"


def test_a_large_cache_file_is_not_held_in_memory_while_its_facts_are_built(tmp_path, monkeypatch, extracted):
    """Past KEEP_READ_BYTES the file read to authenticate and index the cache
    is let go before any facts are built from it: the payloads are read back
    from the file one by one, and the warm scan reports what the cold one did."""
    write_tree(tmp_path, PROJECT)
    first = run(tmp_path)
    monkeypatch.setattr(cache_mod, "KEEP_READ_BYTES", 0)
    held = []
    real_decode = cache_mod.FactsCache.decode

    def decode(self, files):
        held.append(self._raw)
        return real_decode(self, files)

    monkeypatch.setattr(cache_mod.FactsCache, "decode", decode)
    extracted.clear()
    assert run(tmp_path) == first
    assert held == [None] and extracted == [[]]  # every file came from the cache, read back from the file


def test_cold_scan_drops_the_payloads_after_writing_them(tmp_path, monkeypatch):
    """The cache is written before the checks run; from then on its payloads
    are read from the file, not held in memory."""
    write_tree(tmp_path, PROJECT)
    seen = []
    real = cache_mod.FactsCache.save

    def save(self):
        real(self)
        seen.append([type(e[3]).__name__ for e in self.entries.values() if e[2] == "f"])

    monkeypatch.setattr(cache_mod.FactsCache, "save", save)
    first = run(tmp_path)
    assert seen and seen[0] == ["_OnDisk"]
    assert run(tmp_path) == first


def test_rewrite_copies_payloads_from_the_file_it_authenticated(tmp_path, extracted):
    """Another scan replacing the cache file between this scan's read and
    its write does not change what this scan copies: it reads from the file
    it opened (and authenticated), whatever is at the path now."""
    write_tree(tmp_path, PROJECT)
    first = run(tmp_path)
    cache = _loaded(tmp_path)
    original = cache_file(tmp_path).read_bytes()
    # a concurrent scan renames another (here: empty-bodied) cache over it
    other = tmp_path / "other"
    other.write_bytes(original.split(b"\n", 1)[0] + b"\n")
    os.replace(other, cache_file(tmp_path))
    cache.dirty = True
    cache.save()
    assert cache_file(tmp_path).read_bytes() == original
    extracted.clear()
    assert run(tmp_path) == first
    assert extracted == [[]]


def test_rewrite_copies_the_lines_of_unchanged_entries_as_they_are(tmp_path, extracted, monkeypatch):
    """A re-scan after one edit encodes that file's line again and copies
    every other line from the file it read: the same bytes the full encoding
    gives (each line decodes to its own entry, once), and a later save in the
    same scan copies from the file just written."""
    write_tree(tmp_path, {**PROJECT, **{f"src/plain{i}.js": PLAIN.replace("total", f"t{i}") for i in range(5)}})
    first = run(tmp_path)
    encoded: list[str] = []
    real = cache_mod._body_line

    def spy(path, entry, payload):
        encoded.append(path)
        return real(path, entry, payload)

    monkeypatch.setattr(cache_mod, "_body_line", spy)
    (tmp_path / "src/db.js").write_text(POOL_BAD + "// edited\n")
    extracted.clear()
    assert run(tmp_path) == first
    assert extracted == [["src/db.js"]]
    assert encoded == ["src/db.js"]
    raw = cache_file(tmp_path).read_bytes()
    body = raw.split(b"\n", 1)[1]
    entries = body_of(tmp_path)
    assert len(entries) == len(body.splitlines()) == 8
    assert body_from(entries) == body
    assert entries["src/db.js"][2] == "f" and entries["src/util.js"][2] == "p"

    cache = _loaded(tmp_path)
    encoded.clear()
    cache.dirty = True
    cache.save()
    cache.dirty = True
    cache.save()  # (from the file the first save wrote)
    assert encoded == []
    assert cache_file(tmp_path).read_bytes() == raw
    assert isinstance(cache.entries["src/db.js"][3], cache_mod._OnDisk)
    assert cache._payload(cache.entries["src/db.js"][3]) == entries["src/db.js"][3].encode()
    extracted.clear()
    assert run(tmp_path) == first
    assert extracted == [[]]


def test_payload_that_cannot_be_read_back_is_forgotten(tmp_path, extracted):
    write_tree(tmp_path, PROJECT)
    first = run(tmp_path)
    cache = _loaded(tmp_path)
    os.truncate(cache_file(tmp_path), 10)  # the open file shrinks under the scan
    cache.dirty = True
    cache.save()
    assert "src/db.js" not in cache.entries  # its payload was lost: analysed again next time
    extracted.clear()
    assert run(tmp_path) == first
    assert extracted == [["src/db.js"]]


def test_workers_payloads_wait_in_a_spill_file_not_in_memory(tmp_path):
    """A cold scan's encoded payloads go to an unlinked file in the cache
    directory as they arrive; skipped and unparsed entries stay as they are;
    the cache reads the payloads back from the file."""
    from riskscan.ruledefs import load_rules
    from riskscan.triggers import triggers_for

    trig = triggers_for(t for meta in load_rules().values() for t in meta.triggers)
    cache = cache_mod.FactsCache(str(tmp_path), enabled=True, trigger_key=trig.key)
    spill = cache.spill()
    spill["a.js"] = ("ab" * 32, "f", '{"path":"a.js","lang":"js"}')
    spill["b.js"] = ("cd" * 32, "p", "js")
    assert isinstance(spill["a.js"][2], cache_mod._OnDisk)
    assert spill["b.js"] == ("cd" * 32, "p", "js")
    assert cache._payload(spill["a.js"][2]) == b'{"path":"a.js","lang":"js"}'
    assert [p.name for p in (tmp_path / ".riskscan_cache").iterdir()] == []  # unlinked
    spill.close()


def test_spill_keeps_payloads_in_memory_when_it_cannot_write(tmp_path):
    (tmp_path / ".riskscan_cache").write_text("not a directory")
    cache = cache_mod.FactsCache(str(tmp_path), enabled=True, trigger_key=b"x")
    spill = cache.spill()
    spill["a.js"] = ("ab" * 32, "f", "{}")
    assert spill["a.js"] == ("ab" * 32, "f", "{}")


def test_unparsed_files_share_their_empty_facts(tmp_path):
    """A file no trigger selects costs a path, a language and (when it has
    them) its suppressions: its empty fields are shared, immutable, fresh or
    from the cache, so memory does not grow by ten containers per file."""
    from riskscan.facts import EMPTY_DICT, EMPTY_LIST

    write_tree(tmp_path, PROJECT)
    for _ in range(2):  # cold, then from the cache
        result = scan(ScanOptions(root=str(tmp_path), jobs=1, use_cache=True))
        shallow = [result.facts[p] for p in ("src/util.js", "src/other.js")]
        for ff in shallow:
            assert ff.shallow
            assert ff.calls is EMPTY_LIST and ff.funcs is EMPTY_LIST and ff.attrs is EMPTY_LIST
            assert ff.imports is EMPTY_DICT and ff.extra is EMPTY_DICT
        with pytest.raises(TypeError):
            shallow[0].calls.append(None)


def test_shallow_facts_fill_every_field_in_order():
    """``shallow_facts`` passes FileFacts' fields by position: each lands in
    its own field, whatever order the model lists them in."""
    from riskscan.facts import EMPTY_DICT, EMPTY_LIST, FileFacts, Suppression, shallow_facts

    sup = [Suppression(line=1, ids=["RS101"], reason="r")]
    for got, sups in ((shallow_facts("a/b.py", "py"), EMPTY_LIST), (shallow_facts("a/b.py", "py", sup), sup)):
        assert got == FileFacts(
            path="a/b.py", lang="py", imports=EMPTY_DICT, modules=EMPTY_LIST, calls=EMPTY_LIST, funcs=EMPTY_LIST, routes=EMPTY_LIST,
            consts=EMPTY_DICT, attrs=EMPTY_LIST, suppressions=sups, commands=EMPTY_LIST, compose=None, extra=EMPTY_DICT, shallow=True,
        )
        assert got.suppressions is sups and got.imports is EMPTY_DICT and got.compose is None


def test_payloads_read_back_without_pread(tmp_path, monkeypatch):
    """Platforms without os.pread (Windows) seek and read instead."""
    write_tree(tmp_path, PROJECT)
    first = run(tmp_path)
    monkeypatch.delattr(os, "pread")
    cache = _loaded(tmp_path)
    payload = next(e[3] for e in cache.entries.values() if e[2] == "f")
    assert cache_mod.facts_from_payload(cache._payload(payload)).path == "src/db.js"
    assert run(tmp_path) == first


# ------------------------------------------- pre-warmed child (warm re-scans)
PY_POOL_BAD = "import psycopg2.pool\n\npool = psycopg2.pool.ThreadedConnectionPool(1, 5, dsn='postgresql://db/app')\n"
PY_PROJECT = {**PROJECT, "app/db.py": PY_POOL_BAD, "app/util.py": "def add(a, b):\n    return a + b\n"}


@pytest.fixture
def prewarmed_runs(monkeypatch):
    """Records the paths sent to pre-warmed children, and the children
    started; the Python frontend counts as not yet imported here, as in a
    fresh ``riskscan`` process."""
    from riskscan import prewarm

    if not sys.platform.startswith("linux"):
        pytest.skip("the pre-warmed child forks (Linux only)")
    monkeypatch.setattr(engine, "_python_frontend_loaded", lambda: False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # (forked only with a second CPU)
    runs: list[list[str]] = []
    started: list = []
    real_run, real_start = prewarm.Prewarmed.run, prewarm.start

    def run(self, jobs, deadline, meanwhile=None):
        runs.append(sorted(job[0] for job in jobs))
        return real_run(self, jobs, deadline, meanwhile)

    def start(*a, **k):
        child = real_start(*a, **k)
        started.append(child)
        return child

    monkeypatch.setattr(prewarm.Prewarmed, "run", run)
    monkeypatch.setattr(prewarm, "start", start)
    return runs, started


def test_edited_python_file_is_parsed_in_the_prewarmed_child(tmp_path, prewarmed_runs):
    runs, started = prewarmed_runs
    write_tree(tmp_path, PY_PROJECT)
    first = run(tmp_path, jobs=2)
    assert runs == [] and started == []  # cold: no cache, no pre-warmed child
    assert ("RS103", "app/db.py") in rules_of(first)
    (tmp_path / "app/db.py").write_text(PY_POOL_BAD + "# edited\n")
    out = run(tmp_path, jobs=2)
    assert runs == [["app/db.py"]]
    assert len(started) == 1 and started[0].pid == 0  # served, then stopped and reaped
    assert out == run(tmp_path, use_cache=False)
    assert json.loads(out)["findings"] == json.loads(first)["findings"]


def _cli_check(monkeypatch, capsys, *args: str) -> str:
    """``riskscan check ARGS`` through the console entry point, in this process."""
    from riskscan import cli

    monkeypatch.setattr(sys, "argv", ["riskscan", "check", *args])
    with pytest.raises(SystemExit):
        cli.main()
    return capsys.readouterr().out


def test_the_command_line_forks_the_child_before_parsing_options_and_the_scan_takes_it_over(
        tmp_path, prewarmed_runs, monkeypatch, capsys):
    """``riskscan check`` forks the pre-warmed child first thing (while typer,
    the configuration and the engine load); a warm scan with an edited Python
    file parses it there, starting no second child; a cold scan stops it."""
    from riskscan import prewarm

    runs, started = prewarmed_runs
    write_tree(tmp_path, PY_PROJECT)
    cold = _cli_check(monkeypatch, capsys, str(tmp_path), "--format", "json", "--jobs", "2")
    assert len(started) == 1 and started[0].pid == 0  # forked at start-up, stopped: no cache to warm
    assert runs == []
    (tmp_path / "app/db.py").write_text(PY_POOL_BAD + "# edited\n")
    warm = _cli_check(monkeypatch, capsys, str(tmp_path), "--format", "json", "--jobs", "2")
    assert len(started) == 2 and started[1].pid == 0  # one child for this scan: the early one, served
    assert runs == [["app/db.py"]]
    assert prewarm.take_early() is None
    assert json.loads(warm)["findings"] == json.loads(cold)["findings"] == json.loads(run(tmp_path, use_cache=False))["findings"]


@pytest.mark.parametrize("argv, forks", [
    (["check", "."], True),
    (["check", ".", "--jobs", "2"], True),
    (["check", "--format", "json", "."], True),
    (["check", ".", "--no-cache"], False),
    (["check", ".", "--jobs", "1"], False),
    (["check", "-j", "1", "."], False),
    (["check", "--jobs=1", "."], False),
    (["check", "--help"], False),
    (["rules"], False),
    (["--help"], False),
    ([], False),
])
def test_the_child_is_forked_early_only_for_a_check_that_may_use_it(monkeypatch, argv, forks):
    from riskscan import prewarm

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    calls: list = []
    monkeypatch.setattr(prewarm, "start", lambda setup, worker, idle=None, first=None: calls.append(setup))
    prewarm.fork_early(argv)
    assert calls == ([prewarm._early_setup] if forks else [])
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    calls.clear()
    prewarm.fork_early(["check", "."])
    assert calls == []  # one CPU: the child would only compete with the scan


def test_files_the_prewarmed_child_does_not_answer_are_parsed_supervised(tmp_path, prewarmed_runs, monkeypatch):
    from riskscan import prewarm

    write_tree(tmp_path, PY_PROJECT)
    run(tmp_path, jobs=2)
    (tmp_path / "app/db.py").write_text(PY_POOL_BAD.replace("1, 5", "2, 5"))
    supervised: list[list[str]] = []
    real = engine._extract_isolated

    def spy(work, *a, **k):
        supervised.append(sorted(job[0] for job in work))
        return real(work, *a, **k)

    monkeypatch.setattr(engine, "_extract_isolated", spy)
    monkeypatch.setattr(prewarm.Prewarmed, "run", lambda self, jobs, deadline, meanwhile=None: (self.stop(), {})[1])  # crashed at once
    out = run(tmp_path, jobs=2)
    assert supervised == [["app/db.py"]]
    assert out == run(tmp_path, use_cache=False)


def test_edited_javascript_file_is_parsed_here_and_the_child_is_stopped(tmp_path, prewarmed_runs):
    runs, started = prewarmed_runs
    write_tree(tmp_path, PY_PROJECT)
    run(tmp_path, jobs=2)
    (tmp_path / "src/db.js").write_text(POOL_OK)
    out = run(tmp_path, jobs=2)
    assert len(started) == 1 and started[0].pid == 0
    assert runs == []
    assert ("RS101", "src/db.js") not in rules_of(out)
    assert out == run(tmp_path, use_cache=False)


def test_no_prewarmed_child_without_cache_or_parallelism(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "_python_frontend_loaded", lambda: False)
    write_tree(tmp_path, PY_PROJECT)
    assert engine._prewarmed_child(str(tmp_path), ScanOptions(root=str(tmp_path))) is None  # no cache yet
    run(tmp_path)
    for opts in (ScanOptions(root=str(tmp_path), jobs=1), ScanOptions(root=str(tmp_path), use_cache=False)):
        assert engine._prewarmed_child(str(tmp_path), opts) is None
    child = engine._prewarmed_child(str(tmp_path), ScanOptions(root=str(tmp_path), jobs=2))
    try:
        assert (child is not None) == (sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1)
    finally:
        if child is not None:
            child.stop()


def test_warm_scan_with_nothing_to_parse_never_builds_the_trigger_tables(tmp_path, monkeypatch):
    import riskscan.triggers as triggers_mod

    write_tree(tmp_path, PROJECT)
    first = run(tmp_path)
    triggers_mod._build.cache_clear()  # as in a fresh process
    monkeypatch.setattr(triggers_mod.Triggers, "_build", lambda self: pytest.fail("built the trigger tables"))
    assert run(tmp_path) == first


def test_warm_scan_survives_a_parser_crash_on_an_edited_file(tmp_path, prewarmed_runs, monkeypatch):
    """A native crash while parsing the edited file kills the pre-warmed child,
    then the supervised child that retries it: the file is reported as
    skipped with the reason, and the rest of the scan stands."""
    runs, _started = prewarmed_runs
    write_tree(tmp_path, PY_PROJECT)
    first = json.loads(run(tmp_path, jobs=2))
    (tmp_path / "app/db.py").write_text(PY_POOL_BAD + "# crashes the parser\n")
    real = engine._encoding_worker
    parent = os.getpid()

    def crashing(job):
        if os.getpid() != parent and job[0] == "app/db.py":
            os._exit(139)  # as a segfault in a native parser would end the process
        return real(job)

    monkeypatch.setattr(engine, "_encoding_worker", crashing)
    out = json.loads(run(tmp_path, jobs=2))
    assert runs == [["app/db.py"]]
    assert [(s["path"], s["reason"]) for s in out["skipped"]] == [("app/db.py", "parser process exited unexpectedly (code 139)")]
    assert [f for f in out["findings"] if f["path"] != "app/db.py"] == [f for f in first["findings"] if f["path"] != "app/db.py"]


# ------------------------------------------------------------ name probes
# lib/cli.js calls the axios helper; the checks ask every JS module the
# prefilter left unparsed whether it can call `fetchRates` (riskscan.mentions)
PROBED = {
    "package.json": '{"name": "svc", "dependencies": {"axios": "^1.0.0", "commander": "^11.0.0"}}',
    "lib/fetch-rates.js": "const axios = require('axios');\nmodule.exports = function (url) {\n  return axios.get(url);\n};\n",
    "lib/cli.js": "const { program } = require('commander');\nconst fetchRates = require('./fetch-rates');\n"
                  "program.command('rates').action(() => fetchRates(process.argv[2]));\nprogram.parse();\n",
    "lib/a.js": "module.exports = { one: 1 };\n",
    "lib/b.js": "exports.two = 2;\n",
}


def _probe_reads(monkeypatch) -> list[str]:
    """The files the name probe reads, by name."""
    import riskscan.mentions as mentions_mod

    reads: list[str] = []
    real = mentions_mod.read_regular
    monkeypatch.setattr(mentions_mod, "read_regular", lambda path, *a: reads.append(os.path.basename(path)) or real(path, *a))
    return reads


def probes_file(root: Path) -> Path:
    return root / ".riskscan_cache" / "probes-v1.json"


def test_name_probe_answers_about_unchanged_files_are_reused(tmp_path, monkeypatch):
    """A re-scan after an edit takes the probe answers about unchanged files
    from .riskscan_cache/probes-v1.json instead of reading those files
    again; a file that changed is read again; the output is the scan's
    without a cache."""
    write_tree(tmp_path, PROBED)
    reads = _probe_reads(monkeypatch)
    run(tmp_path)
    assert {"a.js", "b.js"} <= set(reads)
    assert probes_file(tmp_path).is_file()
    (tmp_path / "lib/fetch-rates.js").write_text(PROBED["lib/fetch-rates.js"] + "// edited\n")
    reads.clear()
    second = run(tmp_path)
    assert reads == []
    (tmp_path / "lib/b.js").write_text("exports.two = 2;\nexports.three = 3;\n")
    third = run(tmp_path)
    assert reads == ["b.js"]
    assert second == third == run(tmp_path, use_cache=False)


def test_a_few_new_probe_answers_do_not_rewrite_the_saved_ones(tmp_path, monkeypatch):
    """After an edit to one probed file its answers are asked again; a handful
    of new answers among hundreds does not rewrite probes-v1.json (the next
    scan asks them again instead), and the output is the scan's without a cache."""
    tree = dict(PROBED)
    for n in range(300):
        tree[f"lib/m{n:03d}.js"] = f"exports.v{n} = {n};\n"
    write_tree(tmp_path, tree)
    reads = _probe_reads(monkeypatch)
    run(tmp_path)
    saved = probes_file(tmp_path).read_bytes()
    doc = json.loads(saved.split(b"\n", 1)[1])
    assert len(doc["files"]) > 300 and len(doc["sets"]) <= 5  # (files with the same answers share one set)
    (tmp_path / "lib/b.js").write_text("exports.two = 2;\nexports.three = 3;\n")
    reads.clear()
    second = run(tmp_path)
    assert reads == ["b.js"]
    assert probes_file(tmp_path).read_bytes() == saved
    (tmp_path / "lib/fetch-rates.js").write_text(PROBED["lib/fetch-rates.js"] + "// edited\n")
    reads.clear()
    third = run(tmp_path)
    assert reads == ["b.js"]  # (its saved answers are stale: asked again)
    assert second == third == run(tmp_path, use_cache=False)


def test_forged_or_foreign_probe_answers_are_ignored(tmp_path, monkeypatch):
    """The answers are authenticated like the facts cache: a file signed with
    another secret (or not at all) is not believed, and is rewritten."""
    write_tree(tmp_path, PROBED)
    run(tmp_path)
    header, body = probes_file(tmp_path).read_bytes().split(b"\n", 1)
    doc = json.loads(body)
    assert "lib/a.js" in doc["files"]
    # forged: lib/a.js said to call nothing, signed with another secret
    doc["sets"].append([["c", "fetchRates", False], ["c", "other", False]])
    doc["files"]["lib/a.js"][1] = len(doc["sets"]) - 1
    forged = json.dumps(doc).encode()
    mac = hmac.new(b"x" * 40, json.loads(header)["key"].encode() + b"\n" + forged, hashlib.sha256).hexdigest()
    for content in (json.dumps({**json.loads(header), "mac": mac}).encode() + b"\n" + forged, b"not json\n{}", b""):
        probes_file(tmp_path).write_bytes(content)
        (tmp_path / "lib/fetch-rates.js").write_text(PROBED["lib/fetch-rates.js"] + f"// {len(content)}\n")
        reads = _probe_reads(monkeypatch)
        run(tmp_path)
        assert "a.js" in reads
        assert json.loads(probes_file(tmp_path).read_bytes().split(b"\n", 1)[0])["mac"] != mac


@pytest.mark.parametrize("damage", ["short hash", "set out of range", "malformed set", "not a list"])
def test_a_malformed_saved_probe_entry_is_asked_again(tmp_path, monkeypatch, damage):
    """An authentic file whose entry for lib/a.js is malformed (or points at a
    malformed set) answers nothing about it: the file is read again, and the
    output is the scan's without a cache."""
    write_tree(tmp_path, PROBED)
    run(tmp_path)
    header, body = probes_file(tmp_path).read_bytes().split(b"\n", 1)
    doc = json.loads(body)
    entry = doc["files"]["lib/a.js"]
    if damage == "short hash":
        entry[0] = entry[0][:8]
    elif damage == "set out of range":
        entry[1] = len(doc["sets"])
    elif damage == "malformed set":
        doc["sets"].append([["c", "fetchRates", "no"]])
        entry[1] = len(doc["sets"]) - 1
    else:
        doc["files"]["lib/a.js"] = {"digest": entry[0]}
    body = json.dumps(doc).encode()
    key = json.loads(header)["key"]
    head = json.dumps({**json.loads(header), "mac": hmac.new(cache_mod.secret(), key.encode() + b"\n" + body, hashlib.sha256).hexdigest()}).encode()
    probes_file(tmp_path).write_bytes(head + b"\n" + body)
    (tmp_path / "lib/fetch-rates.js").write_text(PROBED["lib/fetch-rates.js"] + "// edited\n")
    reads = _probe_reads(monkeypatch)
    got = run(tmp_path)
    assert "a.js" in reads and "b.js" not in reads
    assert got == run(tmp_path, use_cache=False)


def test_no_cache_keeps_no_probe_answers(tmp_path):
    write_tree(tmp_path, PROBED)
    run(tmp_path, use_cache=False)
    assert not (tmp_path / ".riskscan_cache").exists()


def test_no_answer_is_kept_about_a_file_the_probe_could_not_read(tmp_path, monkeypatch):
    """An unreadable file answers "yes" (then the parser decides), which says
    nothing about its text: the next scan reads it again."""
    import riskscan.mentions as mentions_mod

    write_tree(tmp_path, PROBED)
    real = mentions_mod.read_regular

    def flaky(path, *a):
        if path.endswith("a.js"):
            raise OSError("busy")
        return real(path, *a)

    monkeypatch.setattr(mentions_mod, "read_regular", flaky)
    run(tmp_path)
    assert "lib/a.js" not in json.loads(probes_file(tmp_path).read_bytes().split(b"\n", 1)[1])["files"]
    reads = _probe_reads(monkeypatch)
    (tmp_path / "lib/fetch-rates.js").write_text(PROBED["lib/fetch-rates.js"] + "// edited\n")
    run(tmp_path)
    assert reads == ["a.js"]
