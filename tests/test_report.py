"""The markdown review of the orchestrator fixture is checked in and must not drift.

Regenerate after an intended change with:
    python -m riskscan check fixtures/orchestrator --format markdown --no-cache -o fixtures/orchestrator/EXPECTED_REPORT.md
"""

from __future__ import annotations

from pathlib import Path

from riskscan.report import render

from helpers import scan_tree

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "orchestrator"


def test_markdown_report_matches_expected():
    got = render("markdown", scan_tree(FIXTURE))
    expected = (FIXTURE / "EXPECTED_REPORT.md").read_text(encoding="utf-8")
    assert got == expected, "markdown report changed; see this test's docstring to regenerate"


def test_markdown_report_reads_like_a_review():
    text = render("markdown", scan_tree(FIXTURE))
    assert text.startswith("# Production-readiness review: orchestrator")
    assert "**Verdict: REJECTED**" in text
    assert "## Risk summary" in text and "### Severity × probability" in text
    assert "## Freeze recommendation" in text and "### Blockers for production" in text
    assert "### Ordered actions" in text
    assert "lib/db-connector.js:" in text
    # every risk section has the parts a reviewer expects
    import re

    n_risks = len(re.findall(r"\n## Risk \d+: ", text))
    assert n_risks >= 7
    for part in ("**Impact:**", "### Analysis", "### Evidence", "### Mitigation"):
        assert text.count(part) == n_risks


def test_markdown_mentions_skipped_files(tmp_path):
    (tmp_path / "broken.js").write_text("const { Pool } = require('pg');\nconst pool = new Pool({;\n")
    text = render("markdown", scan_tree(tmp_path))
    assert "could not be analysed" in text and "syntax error" in text
