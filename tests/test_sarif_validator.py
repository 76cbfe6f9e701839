"""Microsoft's SARIF validator (GitHub rules included) on the orchestrator's
SARIF, when it is installed: `python scripts/validate_sarif.py` installs it
with npm (network) into ~/.cache/riskscan-sarif-multitool; this test never
downloads anything and is skipped without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL_DIR = Path.home() / ".cache" / "riskscan-sarif-multitool"
BINARY = TOOL_DIR / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"


@pytest.mark.skipif(not sys.platform.startswith("linux") or not BINARY.exists(), reason="SARIF multitool not installed (run scripts/validate_sarif.py once)")
@pytest.mark.parametrize("fixture", ["orchestrator", "python-service"])
def test_microsoft_validator_reports_no_error(fixture):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate_sarif.py"), "--fixture", str(ROOT / "fixtures" / fixture), "--tool-dir", str(TOOL_DIR)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0 error(s)" in proc.stdout
