"""`riskscan check` end to end: config + CLI flags -> scan -> baseline/diff
filters -> reports -> exit code."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

from .engine import ScanOptions, ScanResult, UsageError, scan
from .scoring import PRIORITY_ORDER, gate_failed, verdict


@dataclass
class CheckArgs:
    path: str = "."
    format: str = "text"
    outputs: list[tuple[str, str]] = field(default_factory=list)
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()
    include_tests: bool | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    jobs: int = 0
    no_cache: bool = False
    baseline: str | None = None
    diff_base: str | None = None
    require_reason: bool = False
    strict: bool = False
    config: str | None = None
    max_bytes: int | None = None
    color: bool | None = None


def _err(message: str) -> int:
    sys.stderr.write(f"riskscan: error: {message}\n")
    return 2


def _shown(path: str) -> str:
    from .discovery import display_path

    return display_path(path)


def _not_regular(path: str) -> str:
    """Why ``path`` must not be opened ('' when it is a regular file or
    missing): a FIFO would block the read forever, a device never ends."""
    import stat

    try:
        st = os.stat(path)
    except OSError:
        return ""  # the reader reports it
    return "" if stat.S_ISREG(st.st_mode) else "not a regular file"


def build_options(args: CheckArgs, warnings: list[str] | None = None) -> tuple[ScanOptions, dict]:
    """Merge the config file (if any) and CLI flags (which win) into ScanOptions.

    Config problems that do not stop the scan are appended to ``warnings``."""
    from .config import load_config

    if not args.no_cache:
        from .rulesnap import allow_writes

        allow_writes()  # (config validation may be the first to load the rules)
    cfg = load_config(args.path, args.config, warnings)
    opts = ScanOptions(root=args.path)
    opts.jobs = args.jobs
    opts.use_cache = not args.no_cache
    opts.include_tests = args.include_tests if args.include_tests is not None else bool(cfg.get("include-tests", False))
    opts.excludes = tuple(cfg.get("exclude", ())) + args.exclude
    select = args.select or tuple(cfg.get("select", ()))
    extend = tuple(cfg.get("extend-select", ())) + args.extend_select
    if extend:
        select = (select or ("ALL",)) + extend if select else ("ALL",) + extend
    opts.select = select
    opts.ignore = tuple(cfg.get("ignore", ())) + args.ignore
    opts.per_file_ignores = {k: tuple(v) for k, v in cfg.get("per-file-ignores", {}).items()}
    opts.severity_overrides = dict(cfg.get("severity", {}))
    opts.probability_overrides = dict(cfg.get("probability", {}))
    if args.max_bytes is not None:
        opts.max_bytes = args.max_bytes
    elif "max-bytes" in cfg:
        opts.max_bytes = int(cfg["max-bytes"])
    thresholds = cfg.get("verdict", {})
    if thresholds:
        from .scoring import Thresholds

        opts.thresholds = Thresholds(
            reject_on=thresholds.get("reject-on", "critical"),
            conditional_on=thresholds.get("conditional-on", "high"),
        )
    opts.require_reason = args.require_reason or bool(cfg.get("require-reason", False))
    return opts, cfg


def run_check(args: CheckArgs) -> int:
    if not os.path.exists(args.path):
        return _err(f"path does not exist: {args.path}")
    if not os.path.isdir(args.path):
        return _err(f"not a directory: {args.path}")
    from .config import ConfigError

    config_warnings: list[str] = []
    try:
        opts, cfg = build_options(args, config_warnings)
    except ConfigError as exc:
        return _err(str(exc))
    for w in config_warnings:
        sys.stderr.write(f"riskscan: warning: {w}\n")
    progress = _progress_bar()
    opts.progress = progress.update if progress else None
    try:
        result = scan(opts)
    except UsageError as exc:
        return _err(str(exc))
    finally:
        if progress:
            progress.close()
    result.warnings[:0] = config_warnings

    baseline_path = args.baseline or cfg.get("baseline")
    try:
        if baseline_path:
            from .baseline import BaselineError, apply_baseline

            problem = _not_regular(baseline_path)
            if problem:
                return _err(f"cannot read baseline {_shown(baseline_path)}: {problem}")
            try:
                apply_baseline(result, baseline_path)
            except BaselineError as exc:
                return _err(str(exc))
            except RecursionError:  # hostile nesting in the JSON
                return _err(f"{_shown(baseline_path)}: not a riskscan baseline (nested too deeply)")
        if args.diff_base:
            from .diffscope import DiffError, limit_to_diff

            try:
                limit_to_diff(result, args.diff_base)
            except DiffError as exc:
                return _err(str(exc))
    except ImportError as exc:  # pragma: no cover - feature module missing
        return _err(f"feature not available: {exc}")
    if baseline_path or args.diff_base:
        result.verdict = verdict([(f.rule_id, f.priority) for f in result.findings], opts.thresholds)

    from .report import render

    color = args.color if args.color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    width = 100
    if color:
        try:
            width = min(140, os.get_terminal_size().columns)
        except OSError:
            pass
    for fmt, path in args.outputs:
        text = render(fmt, result, color=False)
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as exc:
            return _err(f"cannot write {path}: {exc.strerror or exc}")
    # With `--output FILE` (no FORMAT:) the file replaces stdout for that format;
    # the terminal still gets the text summary.
    stdout_fmt = args.format
    if any(fmt == args.format for fmt, _ in args.outputs) and args.format != "text":
        stdout_fmt = "text"
    sys.stdout.write(render(stdout_fmt, result, color=bool(color) and stdout_fmt == "text", width=width))
    sys.stdout.flush()

    if args.strict and any(not s.excluded for s in result.skipped):
        sys.stderr.write(f"riskscan: error: --strict: {sum(1 for s in result.skipped if not s.excluded)} file(s) could not be analysed\n")
        return 2
    fail_on = args.fail_on or cfg.get("fail-on") or "critical"
    if fail_on not in PRIORITY_ORDER and fail_on != "none":
        return _err(f"unknown fail-on value {fail_on!r}")
    if fail_on == "critical" and not args.fail_on and not cfg.get("fail-on"):
        return 1 if result.verdict.decision == "REJECTED" else 0
    return 1 if gate_failed([f.priority for f in result.findings], fail_on) else 0


def run_baseline(args: CheckArgs, output: str) -> int:
    """`riskscan baseline`: scan and write every current finding to ``output``."""
    if not os.path.isdir(args.path):
        return _err(f"not a directory: {args.path}")
    from .baseline import write_baseline
    from .config import ConfigError

    config_warnings: list[str] = []
    try:
        opts, _ = build_options(args, config_warnings)
        for w in config_warnings:
            sys.stderr.write(f"riskscan: warning: {w}\n")
        result = scan(opts)
    except (ConfigError, UsageError) as exc:
        return _err(str(exc))
    try:
        n = write_baseline(result, output)
    except OSError as exc:
        return _err(f"cannot write {output}: {exc.strerror or exc}")
    sys.stdout.write(f"wrote {n} finding(s) to {output}\n")
    return 0


class _Progress:
    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.progress = Progress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True), transient=True)
        self.task = self.progress.add_task("scan", total=None)
        self.started = False

    def update(self, done: int, total: int) -> None:
        if not self.started:
            self.progress.start()
            self.started = True
        self.progress.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.started:
            self.progress.stop()


def _progress_bar() -> _Progress | None:
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    return _Progress()


def result_summary(result: ScanResult) -> str:
    return f"{result.verdict.decision} ({len(result.findings)} findings)"
