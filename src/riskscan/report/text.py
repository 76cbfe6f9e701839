"""Terminal report (rich): verdict panel, findings by priority, summary table."""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING

from . import safe_text as _safe
from . import skipped_reasons

if TYPE_CHECKING:
    from ..engine import ScanResult

_STYLE = {"critical": "bold red", "high": "bold dark_orange", "medium": "yellow", "low": "cyan"}
_VERDICT_STYLE = {"REJECTED": "bold white on red", "CONDITIONAL": "bold black on yellow", "APPROVED": "bold white on green"}
_VERDICT_TEXT = {
    "REJECTED": "Not ready for production: critical risks block the freeze.",
    "CONDITIONAL": "Fit for development/staging; fix the high-priority risks before production.",
    "APPROVED": "No critical or high-priority risk found.",
}
_LEXERS = {".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "jsx", ".ts": "typescript", ".tsx": "tsx", ".py": "python", ".yml": "yaml", ".yaml": "yaml"}


def render(result: "ScanResult", *, color: bool = False, width: int = 100) -> str:
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.syntax import Syntax
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, soft_wrap=False)
    v = result.verdict
    head = Text()
    head.append(f" {v.decision} ", style=_VERDICT_STYLE[v.decision])
    head.append(f"  score {v.score}/100  ·  {len(result.findings)} finding(s)  ·  est. effort {_effort(result.effort_minutes)}\n")
    head.append(_VERDICT_TEXT[v.decision])
    if v.blockers:
        head.append("\nBlockers: " + ", ".join(f"{b} {result.rules[b].name}" for b in v.blockers))
    if result.skipped:
        failed = [s for s in result.skipped if not s.excluded]
        if failed:
            head.append(f"\nWarning: {len(failed)} file(s) could not be analysed; the verdict does not cover them.", style="bold yellow")
    console.print(Panel(head, title="riskscan", expand=True))

    for prio in ("critical", "high", "medium", "low"):
        group = [f for f in result.findings if f.priority == prio]
        if not group:
            continue
        console.print(Text(f"\n{prio.upper()} ({len(group)})", style=_STYLE[prio]))
        for f in group:
            title = Text()
            title.append(f"{f.path}:{f.line}:{f.column} ", style="bold")
            title.append(f"{f.rule_id} ", style=_STYLE[prio])
            title.append(f"{f.name}  ", style="dim")
            title.append(f"[{f.severity}/{f.probability}]", style="dim")
            body: list = [title, Text("  " + _safe(f.message))]
            if f.evidence:
                lexer = _LEXERS.get(os.path.splitext(f.path)[1].lower(), "text")
                body.append(Syntax(_safe(f.evidence), lexer, line_numbers=True, start_line=f.line, theme="ansi_dark", word_wrap=False, background_color="default"))
            for r in f.related:
                body.append(Text(f"  related: {r.path}:{r.line} {_safe(r.message)}", style="dim"))
            console.print(Group(*body))

    table = Table(title="Summary", show_edge=False, expand=False)
    table.add_column("priority")
    table.add_column("findings", justify="right")
    counts = result.by_priority()
    for prio in ("critical", "high", "medium", "low"):
        table.add_row(Text(prio, style=_STYLE[prio]), str(counts[prio]))
    console.print()
    console.print(table)
    stats = f"{result.files_scanned} file(s) scanned, {len(result.skipped)} skipped"
    if result.suppressed:
        stats += f", {len(result.suppressed)} finding(s) suppressed inline"
    if result.baselined:
        stats += f", {result.baselined} baselined ({result.baseline_fixed} baseline entr{'y' if result.baseline_fixed == 1 else 'ies'} now fixed)"
    console.print(stats)
    for reason, n in skipped_reasons(result):
        console.print(Text(f"  skipped {n}: {_safe(reason)}", style="yellow"))
    for w in result.warnings:
        console.print(Text(f"warning: {_safe(w)}", style="yellow"))
    return buf.getvalue()


def _effort(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes / 60:.1f} h"
