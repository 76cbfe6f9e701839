"""The CLI as users run it: exit codes, formats, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "orchestrator"
HARDENED = ROOT / "fixtures" / "orchestrator-hardened"


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + e.get("PYTHONPATH", "")
    e.pop("RISKSCAN_DEBUG", None)
    if env:
        e.update(env)
    return subprocess.run([sys.executable, "-m", "riskscan", *args], capture_output=True, text=True, cwd=cwd, env=e, timeout=300)


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("riskscan ")
    out = run("--help")
    assert out.returncode == 0
    for cmd in ("check", "rules", "explain", "clean"):
        assert cmd in out.stdout


def test_nonexistent_path_is_one_line_exit_2(tmp_path):
    out = run("check", str(tmp_path / "nope"))
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0
    assert "does not exist" in out.stderr
    assert "Traceback" not in out.stderr


def test_unknown_format_and_rule_exit_2(tmp_path):
    assert run("check", str(tmp_path), "--format", "xml").returncode == 2
    out = run("check", str(tmp_path), "--select", "RS999", "--no-cache")
    assert out.returncode == 2 and "RS999" in out.stderr and "Traceback" not in out.stderr


def test_select_and_ignore_take_comma_separated_lists():
    out = run("check", str(FIXTURE), "--format", "json", "--no-cache", "--select", "RS501,RS502")
    assert {f["rule_id"] for f in json.loads(out.stdout)["findings"]} == {"RS501", "RS502"}
    out = run("check", str(FIXTURE), "--format", "json", "--no-cache", "--select", "RS5", "--ignore", "RS501, RS502")
    assert json.loads(out.stdout)["findings"] == []
    out = run("check", str(FIXTURE), "--no-cache", "--select", "RS501,RS999")
    assert out.returncode == 2 and "RS999" in out.stderr


def test_missing_rule_files_are_an_error_not_an_approval(tmp_path):
    """A copy of the code without its rules must not approve everything in silence."""
    import shutil

    shutil.copytree(ROOT / "src" / "riskscan", tmp_path / "src" / "riskscan", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "app.js").write_text("const { Pool } = require('pg');\nconst pool = new Pool();\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tmp_path / "src")
    for args in (("check", str(tmp_path / "repo"), "--no-cache"), ("rules",), ("explain", "RS101")):
        out = subprocess.run([sys.executable, "-m", "riskscan", *args], capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=120)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert "no rule files" in out.stderr and "Traceback" not in out.stderr
        assert out.stderr.strip().count("\n") == 0


def test_empty_dir_is_approved(tmp_path):
    out = run("check", str(tmp_path), "--format", "json", "--no-cache")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["verdict"]["decision"] == "APPROVED"
    assert data["summary"]["files_scanned"] == 0


def test_orchestrator_json_rejected_exit_1():
    out = run("check", str(FIXTURE), "--format", "json", "--no-cache")
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert data["schema_version"] == 1
    assert data["tool"]["name"] == "riskscan"
    assert data["verdict"]["decision"] == "REJECTED"
    rules = {f["rule_id"] for f in data["findings"]}
    for rid in ("RS101", "RS102", "RS103", "RS401", "RS501", "RS601", "RS801"):
        assert rid in rules, f"{rid} missing from the orchestrator findings"
    for f in data["findings"]:
        assert set(f) >= {
            "rule_id", "name", "title", "severity", "probability", "priority", "path", "line", "column",
            "end_line", "end_column", "message", "evidence", "mitigation", "effort_minutes", "related", "fingerprint",
        }
        assert not f["path"].startswith("/")
        assert f["line"] >= 1 and f["column"] >= 1
    assert data["summary"]["findings"] == len(data["findings"])
    assert sum(data["summary"]["by_priority"].values()) == len(data["findings"])


def test_hardened_fixture_has_no_findings_of_first_rules():
    out = run("check", str(HARDENED), "--format", "json", "--no-cache")
    data = json.loads(out.stdout)
    rules = {f["rule_id"] for f in data["findings"]}
    assert not rules & {"RS101", "RS102", "RS103", "RS401", "RS501", "RS601", "RS801"}, rules
    assert data["verdict"]["decision"] != "REJECTED"
    assert out.returncode == 0


def test_fail_on_levels(tmp_path):
    # orchestrator has high findings: --fail-on none never fails
    assert run("check", str(FIXTURE), "--fail-on", "none", "--no-cache", "--format", "json").returncode == 0
    assert run("check", str(FIXTURE), "--fail-on", "low", "--no-cache", "--format", "json").returncode == 1
    assert run("check", str(tmp_path), "--fail-on", "bogus").returncode == 2


def test_text_report_is_readable():
    out = run("check", str(FIXTURE), "--no-cache")
    assert out.returncode == 1
    assert "REJECTED" in out.stdout
    assert "lib/db-connector.js:" in out.stdout
    assert "\x1b[" not in out.stdout  # no colour when not a terminal


def test_output_file_and_stdout(tmp_path):
    target = tmp_path / "report.json"
    out = run("check", str(FIXTURE), "--no-cache", "--output", f"json:{target}")
    assert "REJECTED" in out.stdout
    assert json.loads(target.read_text())["verdict"]["decision"] == "REJECTED"


def test_jobs_do_not_change_output():
    a = run("check", str(FIXTURE), "--format", "json", "--no-cache", "--jobs", "1").stdout
    b = run("check", str(FIXTURE), "--format", "json", "--no-cache", "--jobs", "2").stdout
    assert a == b


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_formats_exit_codes_consistent(fmt):
    assert run("check", str(FIXTURE), "--format", fmt, "--no-cache").returncode == 1


def test_rules_and_explain():
    out = run("rules", "--format", "json")
    assert out.returncode == 0
    ids = [r["id"] for r in json.loads(out.stdout)]
    assert "RS101" in ids and ids == sorted(ids)
    out = run("explain", "RS101")
    assert out.returncode == 0 and "connection" in out.stdout.lower()
    # the detection notes the review leaves out are here
    out = run("explain", "RS501")
    assert "What riskscan reports" in out.stdout and "Medusa" in out.stdout
    assert run("explain", "RS999").returncode == 2


def test_color_only_when_asked_or_on_a_terminal(tmp_path):
    """stdout is a pipe here: no ANSI escapes unless --color; --color colours the
    terminal report only, never a file written with --output or another format."""
    plain = run("check", str(FIXTURE), "--no-cache")
    assert plain.returncode == 1 and "\x1b[" not in plain.stdout
    coloured = run("check", str(FIXTURE), "--no-cache", "--color", "--output", f"markdown:{tmp_path / 'r.md'}")
    assert "\x1b[" in coloured.stdout
    assert "\x1b[" not in (tmp_path / "r.md").read_text(encoding="utf-8")
    as_json = run("check", str(FIXTURE), "--no-cache", "--color", "--format", "json")
    assert "\x1b[" not in as_json.stdout and json.loads(as_json.stdout)["findings"]
