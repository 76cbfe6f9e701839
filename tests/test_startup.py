"""`riskscan --version` and `--help` stay cheap: no parser, template or rule
loading on the way (the console script's path: riskscan.cli:main)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("libcst", "tree_sitter", "tree_sitter_javascript", "tree_sitter_typescript", "jinja2", "yaml")
ENTRY = "import sys; from riskscan.cli import main; sys.exit(main())"


def imported_modules(*args: str) -> set[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", ENTRY, *args], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    mods = set()
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                mods.add(name)
    assert mods, "no -X importtime output"
    return mods


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("check", "--help")])
def test_no_heavy_imports(args):
    mods = imported_modules(*args)
    heavy = sorted(m for m in mods if m.split(".")[0] in HEAVY)
    assert heavy == [], f"{' '.join(args)} imports {heavy}"
    ours = sorted(m for m in mods if m.startswith("riskscan."))
    assert not any(m.startswith(("riskscan.frontends", "riskscan.engine", "riskscan.checks", "riskscan.ruledefs")) for m in ours), ours
