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


def test_review_gives_the_rationale_and_leaves_detection_notes_to_the_rule_docs():
    """A tech lead reads why each risk breaks production; the catalogue of
    what the check matches and leaves out (pages long for RS501) belongs to
    `riskscan explain`, which the review points to."""
    from riskscan.ruledefs import load_rules

    rules = load_rules()
    text = render("markdown", scan_tree(FIXTURE))
    rs501 = rules["RS501"]
    assert rs501.detection and rs501.why in text
    assert rs501.detection[:200] not in text
    assert "`riskscan explain RS501`" in text
    for meta in rules.values():
        # the review's Analysis stays a rationale: a few paragraphs per rule
        assert len(meta.why) <= 2000, f"{meta.id}: move what the check matches into `detection:`"


def test_markdown_mentions_skipped_files(tmp_path):
    (tmp_path / "broken.js").write_text("const { Pool } = require('pg');\nconst pool = new Pool({;\n")
    text = render("markdown", scan_tree(tmp_path))
    assert "could not be analysed" in text and "syntax error" in text
