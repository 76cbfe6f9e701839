"""Shared test helpers: write a project to a temp dir and scan it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from riskscan.engine import ScanOptions, ScanResult, scan


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def scan_tree(root: Path, files: dict[str, str] | None = None, **kw) -> ScanResult:
    if files:
        write_tree(root, files)
    kw.setdefault("use_cache", False)
    kw.setdefault("jobs", 1)
    return scan(ScanOptions(root=str(root), **kw))


def hits(result: ScanResult, rule_id: str) -> list[tuple[str, int]]:
    return sorted((f.path, f.line) for f in result.findings if f.rule_id == rule_id)
