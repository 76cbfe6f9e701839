"""Command line: parses arguments, maps outcomes to exit codes (0 pass, 1 gate
failed, 2 usage/config error).  Heavy modules are imported inside commands so
``riskscan --help`` stays fast; ``riskscan --version`` is answered before
typer is even imported.  The typer app is built on first use of ``app``
(the commands below are registered in :func:`_build_app`)."""

from __future__ import annotations

import gc
import os
import sys

from . import __version__

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: `riskscan --version` imports nothing it does not need
if TYPE_CHECKING:
    from typing import Annotated, Any, Optional

    import typer

FORMAT_NAMES = ("text", "json", "markdown", "sarif", "github", "gitlab", "junit")
FAIL_ON = ("critical", "high", "medium", "low", "none")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"riskscan {__version__}")
        raise typer.Exit(0)


def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """riskscan: production-readiness review from the code."""


def fail(message: str) -> "typer.Exit":
    """Print a one-line usage/config error and return the exit to raise."""
    typer.echo(f"riskscan: error: {message}", err=True)
    return typer.Exit(2)


def _split_list(values: list[str] | None) -> tuple[str, ...]:
    """``--select RS501,RS502`` (as Ruff takes it) and ``--select RS501 --select RS502`` alike."""
    return tuple(part.strip() for v in values or () for part in v.split(",") if part.strip())


def _parse_outputs(outputs: list[str], fmt: str) -> list[tuple[str, str]]:
    parsed: list[tuple[str, str]] = []
    for spec in outputs:
        name, sep, path = spec.partition(":")
        if sep and name in FORMAT_NAMES and path:
            parsed.append((name, path))
        else:
            parsed.append((fmt, spec))
    return parsed


def check(
    path: Annotated[str, typer.Argument(help="Directory to scan.")] = ".",
    format: Annotated[str, typer.Option("--format", "-f", help="Report on stdout: text, json, markdown, sarif, github, gitlab, junit.")] = "text",
    output: Annotated[Optional[list[str]], typer.Option("--output", "-o", help="Write a report to a file: FILE (in --format) or FORMAT:FILE; repeatable. With FORMAT:FILE the terminal still shows --format.")] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 when a finding has this priority or higher: critical (default: the verdict is REJECTED), high, medium, low, none.")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Glob of paths to leave out; repeatable.")] = None,
    include_tests: Annotated[Optional[bool], typer.Option("--include-tests/--no-include-tests", help="Also analyse test code (tests/, *.test.*, test_*.py ...).")] = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only these rules (ids, id prefixes such as RS1, or names); comma-separated or repeated.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Leave out these rules; comma-separated or repeated.")] = None,
    extend_select: Annotated[Optional[list[str]], typer.Option("--extend-select", help="Add rules to the selection; comma-separated or repeated.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (default: number of CPUs); 1 starts no worker pool and no check helper.")] = 0,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write .riskscan_cache/.")] = False,
    baseline: Annotated[Optional[str], typer.Option("--baseline", help="Baseline file: report and gate only findings not in it.")] = None,
    diff_base: Annotated[Optional[str], typer.Option("--diff-base", help="Only report findings on lines changed since the merge base with this git ref.")] = None,
    require_reason: Annotated[bool, typer.Option("--require-reason", help="Report suppressions without a reason (RS000).")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 2 when any file could not be analysed.")] = False,
    config: Annotated[Optional[str], typer.Option("--config", help="Config file (default: nearest riskscan.toml, .riskscan.toml or pyproject.toml [tool.riskscan]).")] = None,
    max_bytes: Annotated[Optional[int], typer.Option("--max-bytes", help="Skip files larger than this (default 1 MiB).")] = None,
    color: Annotated[Optional[bool], typer.Option("--color/--no-color", help="Force colour on or off (default: on for terminals).")] = None,
) -> None:
    """Scan a project and print the production-readiness review."""
    from .runner import CheckArgs, run_check

    if format not in FORMAT_NAMES:
        raise fail(f"unknown format {format!r} (choose from {', '.join(FORMAT_NAMES)})")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise fail(f"unknown --fail-on value {fail_on!r} (choose from {', '.join(FAIL_ON)})")
    args = CheckArgs(
        path=path,
        format=format,
        outputs=_parse_outputs(output or [], format),
        fail_on=fail_on,
        exclude=tuple(exclude or ()),
        include_tests=include_tests,
        select=_split_list(select),
        ignore=_split_list(ignore),
        extend_select=_split_list(extend_select),
        jobs=jobs,
        no_cache=no_cache,
        baseline=baseline,
        diff_base=diff_base,
        require_reason=require_reason,
        strict=strict,
        config=config,
        max_bytes=max_bytes,
        color=color,
    )
    code = run_check(args)
    raise typer.Exit(code)


def rules(
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List every rule with its id, name, default severity and probability."""
    import json

    from .ruledefs import RulesMissing, load_rules
    from .scoring import priority

    try:
        all_rules = load_rules()
    except RulesMissing as exc:
        raise fail(str(exc)) from None
    if format == "json":
        typer.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "name": r.name,
                        "title": r.title,
                        "severity": r.severity,
                        "probability": r.probability,
                        "priority": priority(r.severity, r.probability),
                        "languages": list(r.languages),
                        "tags": list(r.tags),
                    }
                    for r in all_rules.values()
                ],
                indent=2,
            )
        )
        return
    if format != "text":
        raise fail(f"unknown format {format!r} (choose from text, json)")
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False)
    for col in ("id", "name", "severity", "probability", "priority", "languages"):
        table.add_column(col)
    for r in all_rules.values():
        table.add_row(r.id, r.name, r.severity, r.probability, priority(r.severity, r.probability), ", ".join(r.languages))
    Console(width=140).print(table)


def explain(rule: Annotated[str, typer.Argument(help="Rule id (RS101) or name (db-pool-no-acquire-timeout).")]) -> None:
    """Show a rule's documentation: why it breaks, example, fix, what the check reports, references."""
    from rich.console import Console
    from rich.markdown import Markdown

    from .ruledefs import RulesMissing, load_rules
    from .ruledocs import rule_markdown

    try:
        all_rules = load_rules()
    except RulesMissing as exc:
        raise fail(str(exc)) from None
    meta = all_rules.get(rule.upper()) or next((r for r in all_rules.values() if r.name == rule), None)
    if meta is None:
        raise fail(f"unknown rule {rule!r} (see `riskscan rules`)")
    Console().print(Markdown(rule_markdown(meta)))


def baseline_cmd(
    path: Annotated[str, typer.Argument(help="Directory to scan.")] = ".",
    output: Annotated[str, typer.Option("--output", "-o", help="Baseline file to write.")] = ".riskscan-baseline.json",
    config: Annotated[Optional[str], typer.Option("--config", help="Config file (default: discovered).")] = None,
    include_tests: Annotated[Optional[bool], typer.Option("--include-tests/--no-include-tests", help="Also analyse test code.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write .riskscan_cache/.")] = False,
) -> None:
    """Record the current findings so `check --baseline FILE` gates only new ones (writes FILE)."""
    from .runner import CheckArgs, run_baseline

    raise typer.Exit(run_baseline(CheckArgs(path=path, config=config, include_tests=include_tests, no_cache=no_cache), output))


def init(
    path: Annotated[str, typer.Argument(help="Directory to write riskscan.toml into.")] = ".",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing riskscan.toml.")] = False,
) -> None:
    """Write a commented starter riskscan.toml (writes a file)."""
    from .config import STARTER

    if not os.path.isdir(path):
        raise fail(f"not a directory: {path}")
    target = os.path.join(path, "riskscan.toml")
    if os.path.exists(target) and not force:
        raise fail(f"{target} already exists (use --force to overwrite)")
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(STARTER)
    typer.echo(f"wrote {target}")


def clean(path: Annotated[str, typer.Argument(help="Project root whose cache to remove.")] = ".") -> None:
    """Remove the cache (.riskscan_cache/: facts and saved results) under PATH."""
    from .cache import clean as clean_cache

    if not os.path.isdir(path):
        raise fail(f"not a directory: {path}")
    removed = clean_cache(path)
    typer.echo("removed .riskscan_cache" if removed else "no cache to remove")


def _build_app() -> typer.Typer:
    # typer resolves the commands' annotations (Annotated[str, typer.Option(...)]) in this module
    global typer, Annotated, Optional
    from typing import Annotated, Optional

    import typer

    cli = typer.Typer(
        name="riskscan",
        help="Static production-readiness analyzer: finds what will fall over in production, with evidence at file:line.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    cli.callback()(_main)
    for command in (check, rules, explain):
        cli.command()(command)
    cli.command("baseline")(baseline_cmd)
    for small in (init, clean):
        cli.command()(small)
    return cli


def __getattr__(name: str) -> Any:
    """``app`` (the typer application) is built on first access."""
    if name == "app":
        built = globals()["app"] = _build_app()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"riskscan {__version__}\n")
        return
    from .gcpolicy import without_full_passes
    from .kept import install, save
    from .prewarm import fork_early

    # dataclasses' methods and regular expressions' programs compiled in an
    # earlier run are reused (riskscan.kept)
    install()

    # what a command builds lives until it ends: the collector's young passes
    # go on, its full passes over all of it are left out (riskscan.gcpolicy)
    without_full_passes()
    fork_early(sys.argv[1:])  # a warm `check` parses edited files there (riskscan.prewarm)
    try:
        __getattr__("app")()
    except KeyboardInterrupt:
        sys.stderr.write("riskscan: interrupted\n")
        sys.exit(130)
    finally:
        save()  # (what the report compiled after the scan saved; nothing unless the scan allowed it)
        # The scan's facts (millions of objects, held in reference cycles by
        # the checks' memos) are garbage now, and the interpreter's collection
        # at exit would walk and free them one by one: seconds on a large
        # project, spent after the report is out.  Frozen, the exit skips them.
        gc.freeze()


if __name__ == "__main__":
    main()
