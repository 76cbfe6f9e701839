"""Rule documentation rendered from rule files (terminal `explain`, docs/rules.md, SARIF help)."""

from __future__ import annotations

from .model import RuleMeta
from .scoring import priority


def rule_markdown(meta: RuleMeta, heading: str = "#") -> str:
    parts = [
        f"{heading} {meta.id} {meta.name}",
        "",
        f"**{meta.title}**",
        "",
        f"Severity: {meta.severity} · Probability: {meta.probability} · Priority: {priority(meta.severity, meta.probability)} · "
        f"Languages: {', '.join(meta.languages)} · Effort: {meta.effort} min",
        "",
        f"{heading}# Why it breaks",
        "",
        meta.why,
        "",
        f"Impact: {meta.impact}",
    ]
    # the snippets are code: fenced, so their comment lines (`# Dockerfile`) are no headings
    if meta.example:
        parts += ["", f"{heading}# Example", "", "```", meta.example, "```"]
    if meta.use_instead:
        parts += ["", f"{heading}# Use instead", "", "```", meta.use_instead, "```"]
    parts += ["", f"{heading}# Mitigation", "", meta.mitigation]
    if meta.detection:
        parts += ["", f"{heading}# What riskscan reports", "", meta.detection]
    if meta.references:
        parts += ["", f"{heading}# References", ""] + [f"- {r}" for r in meta.references]
    return "\n".join(parts) + "\n"


def rule_text(meta: RuleMeta) -> str:
    """Plain-text docs (SARIF help.text)."""
    parts = [f"{meta.id} {meta.name}: {meta.title}", "", "Why it breaks:", meta.why, "", f"Impact: {meta.impact}", "", "Mitigation:", meta.mitigation]
    if meta.detection:
        parts += ["", "What riskscan reports:", meta.detection]
    if meta.references:
        parts += ["", "References:"] + [f"- {r}" for r in meta.references]
    return "\n".join(parts)


def rules_document(rules: dict[str, RuleMeta]) -> str:
    """docs/rules.md: an index table and every rule's docs."""
    lines = [
        "# riskscan rules",
        "",
        "Generated from `rules/*.yml` by `python scripts/gen_rule_docs.py`; do not edit by hand.",
        "",
        "| id | name | severity | probability | priority | languages |",
        "|---|---|---|---|---|---|",
    ]
    for meta in rules.values():
        anchor = f"{meta.id.lower()}-{meta.name}"
        lines.append(
            f"| [{meta.id}](#{anchor}) | {meta.name} | {meta.severity} | {meta.probability} | {priority(meta.severity, meta.probability)} | {', '.join(meta.languages)} |"
        )
    lines.append("")
    for meta in rules.values():
        lines.append(rule_markdown(meta, heading="##"))
    return "\n".join(lines).rstrip() + "\n"
