"""SARIF 2.1.0 for GitHub code scanning: one run, rules with docs, results
with relative URIs, partialFingerprints and related locations; suppressed
findings stay in the log with an inSource suppression."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__

if TYPE_CHECKING:
    from ..engine import ScanResult
    from ..model import Finding, RuleMeta

INFORMATION_URI = "https://github.com/riskscan/riskscan"
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
PROBLEM_SEVERITY = {"critical": "error", "high": "error", "medium": "warning", "low": "recommendation"}
PRECISION = {"certain": "very-high", "high": "high", "medium": "medium", "low": "low"}
SECURITY_RULES = ("RS501", "RS502", "RS701", "RS806", "RS808")
_DEFAULT_SECURITY_SEVERITY = {"critical": "9.0", "high": "7.5", "medium": "5.0", "low": "3.0"}


def _rule(meta: "RuleMeta") -> dict[str, Any]:
    from ..ruledocs import rule_markdown, rule_text
    from ..scoring import priority

    prio = priority(meta.severity, meta.probability)
    props: dict[str, Any] = {
        "tags": sorted({*meta.tags, *(["security"] if meta.id in SECURITY_RULES else [])})[:20],
        "precision": PRECISION[meta.probability],
        "problem.severity": PROBLEM_SEVERITY[prio],
        "riskscan.severity": meta.severity,
        "riskscan.probability": meta.probability,
    }
    if meta.id in SECURITY_RULES:
        props["security-severity"] = meta.security_severity or _DEFAULT_SECURITY_SEVERITY[prio]
    return {
        "id": meta.id,
        "name": "".join(part.capitalize() for part in meta.name.split("-")),
        "shortDescription": {"text": meta.title[:1024]},
        "fullDescription": {"text": (meta.why.split("\n\n")[0].strip() or meta.title)[:1024]},
        "help": {"text": rule_text(meta), "markdown": rule_markdown(meta)},
        "helpUri": f"{INFORMATION_URI}/blob/main/docs/rules.md#{meta.id.lower()}-{meta.name}",
        "defaultConfiguration": {"level": LEVEL[prio]},
        "properties": props,
    }


def _location(path: str, line: int, col: int = 1, end_line: int = 0, end_col: int = 0, message: str = "") -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(1, line), "startColumn": max(1, col)}
    if end_line:
        region["endLine"] = max(end_line, line)
    if end_col and (end_line or line) >= line:
        region["endColumn"] = max(1, end_col)
    loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}, "region": region}}
    if message:
        loc["message"] = {"text": message}
    return loc


def _with_snippet(loc: dict[str, Any], f: "Finding") -> dict[str, Any]:
    """The code shown with the alert: the region's own text when it is on one
    line, and the evidence lines as the context region."""
    if not f.evidence:
        return loc
    lines = f.evidence.split("\n")
    phys = loc["physicalLocation"]
    region = phys["region"]
    if region.get("endLine", region["startLine"]) == region["startLine"] and "endColumn" in region:
        text = lines[0][region["startColumn"] - 1 : region["endColumn"] - 1]
        if text:
            region["snippet"] = {"text": text}
    phys["contextRegion"] = {"startLine": f.line, "endLine": f.line + len(lines) - 1, "snippet": {"text": f.evidence}}
    return loc


def _result(f: "Finding", rule_index: dict[str, int]) -> dict[str, Any]:
    res: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index[f.rule_id],
        "level": LEVEL[f.priority],
        "message": {"text": f.message},
        "locations": [_with_snippet(_location(f.path, f.line, f.column, f.end_line, f.end_column), f)],
        "partialFingerprints": {"riskscan/v1": f.fingerprint},
        "properties": {"priority": f.priority, "severity": f.severity, "probability": f.probability, "effortMinutes": f.effort_minutes},
    }
    if f.related:
        res["relatedLocations"] = [
            {**_location(r.path, r.line, message=r.message), "id": i} for i, r in enumerate(f.related[:1000], start=1)
        ]
    if f.suppressed:
        sup: dict[str, Any] = {"kind": "inSource", "status": "accepted"}
        if f.suppression_reason:
            sup["justification"] = f.suppression_reason
        res["suppressions"] = [sup]
    return res


def as_dict(result: "ScanResult") -> dict[str, Any]:
    ids = sorted(result.rules)
    rule_index = {rid: i for i, rid in enumerate(ids)}
    findings = sorted([*result.findings, *result.suppressed], key=lambda f: (f.path, f.line, f.column, f.rule_id, f.fingerprint))
    notifications = [
        {"level": "warning", "message": {"text": f"{s.path}: skipped: {s.reason}"}, "locations": [_location(s.path, 1)]}
        for s in result.skipped
    ]
    # a real file URI: percent-encoded bytes, so any directory name gives valid UTF-8
    root_uri = Path(result.root).as_uri().rstrip("/") + "/" if os.path.isabs(result.root) else ""
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "riskscan",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(result.rules[rid]) for rid in ids],
                    }
                },
                "automationDetails": {"id": "riskscan/"},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "results": [_result(f, rule_index) for f in findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def render(result: "ScanResult") -> str:
    return json.dumps(as_dict(result), indent=2, ensure_ascii=False) + "\n"
