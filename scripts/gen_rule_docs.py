"""Regenerate docs/rules.md from rules/*.yml (tests/test_docs.py checks it is current)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from riskscan.ruledefs import load_rules  # noqa: E402
from riskscan.ruledocs import rules_document  # noqa: E402

if __name__ == "__main__":
    (ROOT / "docs" / "rules.md").write_text(rules_document(load_rules()), encoding="utf-8")
    print("wrote docs/rules.md")
