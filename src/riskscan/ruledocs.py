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
    if meta.example:
        parts += ["", f"{heading}# Example", "", meta.example]
    if meta.use_instead:
        parts += ["", f"{heading}# Use instead", "", meta.use_instead]
    parts += ["", f"{heading}# Mitigation", "", meta.mitigation]
    if meta.references:
        parts += ["", f"{heading}# References", ""] + [f"- {r}" for r in meta.references]
    return "\n".join(parts) + "\n"
