"""Baselines: record today's findings, gate only on new ones.

File format (JSON)::

    {"format": "riskscan-baseline", "version": 1, "tool_version": "...",
     "findings": [{"fingerprint": "...", "rule_id": "RS101", "path": "lib/db.js", "message": "..."}]}

Matching is by fingerprint only (rule, path, anchor, normalised line text;
never the line number), so adding lines above a finding keeps it baselined;
a moved file is reported as new.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .engine import ScanResult

FORMAT = "riskscan-baseline"


class BaselineError(Exception):
    pass


def write_baseline(result: "ScanResult", path: str) -> int:
    entries = [
        {"fingerprint": f.fingerprint, "rule_id": f.rule_id, "path": f.path, "message": f.message}
        for f in sorted(result.findings, key=lambda f: (f.path, f.rule_id, f.fingerprint))
    ]
    data = {"format": FORMAT, "version": 1, "tool_version": __version__, "findings": entries}
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return len(entries)


def load_baseline(path: str) -> set[str]:
    from .fsutil import NotRegular, read_regular

    try:
        # the user named this file: follow a link, but never block on a FIFO or device
        raw = read_regular(os.path.realpath(path), 64 * 1024 * 1024)
    except FileNotFoundError:
        raise BaselineError(f"baseline file not found: {path}") from None
    except NotRegular:
        raise BaselineError(f"{path}: not a regular file") from None
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise BaselineError(f"{path}: not a riskscan baseline (invalid JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a riskscan baseline (missing format marker)")
    if data.get("version") != 1:
        raise BaselineError(f"{path}: unsupported baseline version {data.get('version')!r}")
    out: set[str] = set()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"{path}: malformed baseline entry")
        out.add(entry["fingerprint"])
    return out


def apply_baseline(result: "ScanResult", path: str) -> None:
    """Drop baselined findings from ``result`` and count what was fixed."""
    known = load_baseline(path)
    current = {f.fingerprint for f in result.findings}
    kept = []
    baselined = 0
    for f in result.findings:
        if f.fingerprint in known:
            f.baselined = True
            baselined += 1
        else:
            kept.append(f)
    result.findings = kept
    result.baselined = baselined
    result.baseline_fixed = len(known - current)
