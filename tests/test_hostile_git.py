"""``--diff-base`` on a hostile checkout (issue 7): repository config that
names programs (fsmonitor hook, external diff, textconv, filter drivers,
pager, hooks) is never executed, and odd file names still match findings."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from test_hostile import PG_JS, cli_env, run_cli, sane_report

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git not installed"),
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names and scripts"),
]


def _git(repo: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t",
               GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def _hostile_config(repo: Path, marker_dir: Path) -> Path:
    """Point every program-running git setting at a script that leaves a marker."""
    script = marker_dir / "evil.sh"
    script.write_text(f'#!/bin/sh\ntouch "{marker_dir}/ran-$1"\ncat\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    settings = {
        "core.fsmonitor": f"{script} fsmonitor",
        "diff.external": f"{script} external",
        "core.pager": f"{script} pager",
        "pager.diff": f"{script} pagerdiff",
        "core.hooksPath": str(marker_dir),
        "filter.ev.clean": f"{script} clean",
        "filter.ev.smudge": f"{script} smudge",
        "filter.ev.required": "true",
        "filter.dot.ted.process": f"{script} process",
        "diff.ev.textconv": f"{script} textconv",
        "diff.ev.command": f"{script} diffcommand",
        "diff.noprefix": "true",
    }
    for key, value in settings.items():
        _git(repo, "config", key, value)
    for hook in ("post-checkout", "post-index-change", "pre-commit"):
        (marker_dir / hook).write_text(f'#!/bin/sh\ntouch "{marker_dir}/ran-hook-{hook}"\n')
        (marker_dir / hook).chmod(0o755)
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "attributes").write_text("*.js filter=ev diff=ev\n*.py filter=dot.ted\n")
    return script


def test_diff_base_never_runs_programs_from_repo_config(tmp_path):
    repo, markers = tmp_path / "repo", tmp_path / "markers"
    repo.mkdir()
    markers.mkdir()
    (repo / "old.js").write_text(PG_JS)
    (repo / "mod.js").write_text("// placeholder\n")
    (repo / "app.py").write_text("x = 1\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "feature")
    _hostile_config(repo, markers)
    # tracked files changed in the working tree (git must read them: filters would run) and new files
    (repo / "mod.js").write_text("// placeholder\n" + PG_JS)
    (repo / "app.py").write_text("x = 2\n")
    (repo / "with space.js").write_text(PG_JS)
    with open(os.path.join(os.fsencode(repo), b"new\nline.js"), "w") as fh:
        fh.write(PG_JS)
    with open(os.path.join(os.fsencode(repo), b"bad\xffname.js"), "w") as fh:
        fh.write(PG_JS)
    env = cli_env(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    proc = run_cli(repo, "--diff-base", "main", env=env)
    data = sane_report(proc, repo)
    assert sorted(p.name for p in markers.iterdir() if p.name.startswith("ran-")) == []
    paths = {f["path"] for f in data["findings"] if f["rule_id"] == "RS101"}
    assert "old.js" not in paths  # unchanged since the merge base
    assert {"mod.js", "with space.js", "new\\nline.js", "bad\\xffname.js"} <= paths


def test_diff_base_hostile_config_really_would_run(tmp_path):
    """Control: the same config does run the script under a plain `git diff`
    (so the test above proves the protection, not a dead vector)."""
    repo, markers = tmp_path / "repo", tmp_path / "markers"
    repo.mkdir()
    markers.mkdir()
    (repo / "mod.js").write_text("// a\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _hostile_config(repo, markers)
    (repo / "mod.js").write_text("// b\n")
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "diff", "HEAD"], cwd=repo, capture_output=True, env=env)
    assert any(p.name.startswith("ran-") for p in markers.iterdir())


def test_diff_base_refuses_option_like_refs(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.js").write_text(PG_JS)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    proc = run_cli(repo, "--diff-base=--output=x")
    assert proc.returncode == 2 and b"unknown git ref" in proc.stderr
    assert not (repo / "x").exists()
    assert json.loads(run_cli(repo, "--diff-base", "main").stdout)["findings"] == []
