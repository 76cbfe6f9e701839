#!/usr/bin/env python3
"""Validate riskscan's SARIF with Microsoft's SARIF validator, as GitHub code
scanning would (`validate --rule-kind "Sarif;Gh"`).

    python scripts/validate_sarif.py                   # SARIF of fixtures/orchestrator
    python scripts/validate_sarif.py --fixture fixtures/python-service
    python scripts/validate_sarif.py --sarif riskscan.sarif

The validator is the npm package ``@microsoft/sarif-multitool``; it is
installed with ``npm install`` into ``~/.cache/riskscan-sarif-multitool`` (or
``--tool-dir``) the first time.  Exit codes: 0 no error reported, 1 the
validator reported errors (they are printed) or could not read the log, 2 npm or the validator is
unavailable (nothing was checked).  The schema check that needs no npm runs
in the test suite (tests/test_ci_outputs.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "@microsoft/sarif-multitool"
VERSION = "5.7.0"


def _platform_package() -> str:
    system = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, sys.platform)
    return f"{PACKAGE}-{system}"


def find_tool(tool_dir: Path) -> Path | None:
    """The validator's native binary, installed with npm when missing.

    The npm package's own launcher passes arguments through a shell, which
    splits `--rule-kind "Sarif;Gh"` at the semicolon, so the platform binary
    is run directly."""
    pkg_dir = tool_dir / "node_modules" / Path(_platform_package())
    binary = pkg_dir / ("Sarif.Multitool.exe" if sys.platform == "win32" else "Sarif.Multitool")
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            print("validate_sarif: npm is not on PATH; cannot install the SARIF validator", file=sys.stderr)
            return None
        tool_dir.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(tool_dir), f"{PACKAGE}@{VERSION}"],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0 or not binary.exists():
            print(f"validate_sarif: npm install {PACKAGE} failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
            return None
    if not os.access(binary, os.X_OK):
        binary.chmod(binary.stat().st_mode | 0o100)  # npm may skip the package's postinstall chmod
    return binary


def riskscan_sarif(fixture: Path, out: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(
        [sys.executable, "-m", "riskscan", "check", str(fixture), "--no-cache", "--format", "sarif", "--output", str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    if proc.returncode not in (0, 1) or not out.exists():
        raise SystemExit(f"validate_sarif: riskscan failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")


def validate(binary: Path, sarif: Path, work: Path) -> list[dict]:
    """The validator's results (its own SARIF log) for one file."""
    report = work / "validation.sarif"
    proc = subprocess.run(
        [str(binary), "validate", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note", "--output", str(report), str(sarif)],
        capture_output=True,
        text=True,
    )
    if not report.exists():
        raise SystemExit(f"validate_sarif: the validator did not run (exit {proc.returncode}):\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    log = json.loads(report.read_text(encoding="utf-8-sig"))
    results: list[dict] = []
    for run in log.get("runs", []):
        results.extend(run.get("results") or [])
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fixture", default=str(ROOT / "fixtures" / "orchestrator"), help="directory to scan (default: fixtures/orchestrator)")
    p.add_argument("--sarif", help="validate this SARIF file instead of scanning a fixture")
    p.add_argument("--tool-dir", default=str(Path.home() / ".cache" / "riskscan-sarif-multitool"))
    args = p.parse_args(argv)

    binary = find_tool(Path(args.tool_dir))
    if binary is None:
        return 2
    with tempfile.TemporaryDirectory(prefix="riskscan-sarif-") as tmp:
        work = Path(tmp)
        sarif = Path(args.sarif) if args.sarif else work / "riskscan.sarif"
        if not args.sarif:
            riskscan_sarif(Path(args.fixture), sarif)
        results = validate(binary, sarif, work)
    errors = [r for r in results if r.get("level", "warning") == "error"]
    counts = Counter((r.get("level", "warning"), r.get("ruleId")) for r in results)
    for r in results:
        if r.get("level", "warning") != "note":
            loc = ((r.get("locations") or [{}])[0].get("physicalLocation") or {}).get("region", {})
            text = (r.get("message") or {}).get("text") or json.dumps(r.get("message"))
            print(f"{r.get('level', 'warning')}: {r.get('ruleId')} line {loc.get('startLine', '?')}: {text}")
    for (level, rule), n in sorted(counts.items()):
        print(f"  {n:4d} {level} {rule}")
    print(f"validate_sarif: {platform.system()} {PACKAGE} {VERSION}: {len(errors)} error(s), {len(results) - len(errors)} warning(s)/note(s) for {sarif.name if args.sarif else args.fixture}")
    if not results:
        # the validator silently skips a log it cannot deserialise (e.g. a bad enum value):
        # a real riskscan log always gets a few notes, so silence is suspicious
        print("validate_sarif: the validator reported nothing at all; it may not have been able to read the file", file=sys.stderr)
        return 1
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
