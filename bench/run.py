#!/usr/bin/env python3
"""riskscan benchmark: one command, everything measured side by side.

    python bench/run.py            # full run (about 15-20 minutes on 2 cores)
    python bench/run.py --quick    # smaller synthetic corpus, fewer rounds

Builds (once, cached under ~/.cache/riskscan-bench or $RISKSCAN_BENCH_CACHE)
a corpus of real open-source code fetched from PyPI and npm plus seeded
synthetic monorepos, installs Semgrep from PyPI into its own virtualenv there,
then times riskscan (cold with --jobs 1 and default jobs, warm with nothing
changed, warm with one file changed, --version) and Semgrep, and writes
bench/RESULTS.md.  See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
sys.path.insert(0, os.path.join(REPO, "src"))
sys.path.insert(0, BENCH)

from corpus import build_real, corpus_stats  # noqa: E402
from measure import Series, measure  # noqa: E402
from report import Report  # noqa: E402
from synth import build_synth  # noqa: E402

SEMGREP_VERSION = "1.185.0"
RULES = os.path.join(BENCH, "semgrep-rules.yml")

def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- tools
def riskscan_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKSCAN_")}
    env["PYTHONPATH"] = os.path.join(REPO, "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["CI"] = "1"  # no progress bar
    env["NO_COLOR"] = "1"
    # byte-compiled modules, as after `pip install` (see precompile): an
    # environment with PYTHONDONTWRITEBYTECODE would otherwise time the
    # compilation of riskscan's own source on every run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def precompile() -> None:
    """Byte-compile src/riskscan (into its git-ignored __pycache__ folders) before timing."""
    import compileall

    compileall.compile_dir(os.path.join(REPO, "src", "riskscan"), quiet=1)


RS = [sys.executable, "-m", "riskscan"]
# what the installed `riskscan` console script runs (riskscan.cli:main)
RS_SCRIPT = [sys.executable, "-c", "import sys; from riskscan.cli import main; sys.exit(main())"]


def ensure_semgrep(cache_dir: str) -> str:
    venv = os.path.join(cache_dir, f"semgrep-{SEMGREP_VERSION}")
    exe = os.path.join(venv, "bin", "semgrep")
    if not os.path.exists(exe):
        log(f"installing semgrep {SEMGREP_VERSION} from PyPI into {venv}")
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "python"), "-m", "pip", "install", "--quiet", f"semgrep=={SEMGREP_VERSION}"], check=True, stdout=subprocess.DEVNULL)
    return exe


def semgrep_cmd(exe: str, root: str, out: str, jobs: int | None = None) -> list[str]:
    cmd = [exe, "scan", "--config", RULES, "--metrics=off", "--disable-version-check", "--json", "--output", out, "--quiet"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    return cmd + [root]


def semgrep_env() -> dict[str, str]:
    env = dict(os.environ)
    env["SEMGREP_SEND_METRICS"] = "off"
    env["SEMGREP_ENABLE_VERSION_CHECK"] = "0"
    return env


def warm_fs(root: str) -> None:
    """Read every file once so all tools start from the same warm OS cache."""
    for dirpath, _, names in os.walk(root):
        for name in names:
            try:
                with open(os.path.join(dirpath, name), "rb") as fh:
                    while fh.read(1 << 20):
                        pass
            except OSError:
                pass


# ---------------------------------------------------------------- scenarios
SCENARIO_BUDGET = [150.0]  # seconds; set from --scenario-budget


def repeat(series: Series, rounds: int):
    """Round numbers for a scenario: stop early (after at least one round)
    once its runs have taken more than the scenario budget."""
    for i in range(rounds):
        if i and sum(x.wall for x in series.samples) > SCENARIO_BUDGET[0]:
            return
        yield i


def clean(root: str) -> None:
    subprocess.run(RS + ["clean", root], env=riskscan_env(), check=True, stdout=subprocess.DEVNULL)


def pick_edit_target(root: str) -> str:
    """A file riskscan parses (it names a pool): editing it forces a real re-parse."""
    candidates = []
    for dirpath, dirnames, names in os.walk(root):
        dirnames.sort()
        for name in sorted(names):
            if name.endswith((".js", ".ts", ".py")):
                path = os.path.join(dirpath, name)
                try:
                    with open(path, "rb") as fh:
                        head = fh.read(65536)
                except OSError:
                    continue
                if b"Pool" in head or b"create_engine" in head:
                    candidates.append(path)
        if len(candidates) > 20:
            break
    if not candidates:
        raise SystemExit(f"bench: no file to edit in {root}")
    return candidates[len(candidates) // 2]


def pick_unparsed_target(root: str) -> str | None:
    """A JavaScript, TypeScript or Python file no rule's trigger token
    selects: riskscan keeps no facts of it but its suppression comments, as
    for most of a real project's files (the edit most commits make)."""
    from riskscan.ruledefs import load_rules
    from riskscan.triggers import searchable, triggers_for

    everything = triggers_for(t for meta in load_rules().values() for t in meta.triggers)
    candidates = []
    for dirpath, dirnames, names in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != ".riskscan_cache")
        for name in sorted(names):
            if name.endswith((".js", ".ts", ".py")):
                path = os.path.join(dirpath, name)
                try:
                    with open(path, "rb") as fh:
                        data = fh.read()
                except OSError:
                    continue
                if data.strip() and not everything.search(searchable(data)):
                    candidates.append(path)
        if len(candidates) > 20:
            break
    return candidates[len(candidates) // 2] if candidates else None


def code_edit(original: bytes, comment: bytes, i: int) -> bytes:
    """``original`` with ``i + 1`` comment lines inserted at its top (after a
    ``#!`` line): every line below moves, and so does every fact the file
    holds (calls, routes, options are kept with their lines), so each round's
    edit changes the file's facts from the round before and every
    project-level check runs again (the same edit again would leave the
    facts of the previous round, and the saved results would be reused)."""
    lines = b"".join(comment + b" bench edit %d.%d %f\n" % (i, k, time.time()) for k in range(i + 1))
    if original.startswith(b"#!"):
        first, _, rest = original.partition(b"\n")
        return first + b"\n" + lines + rest
    return lines + original


def timed_edits(target: str, series: Series, rounds: int, edit, run) -> None:
    """Edit ``target`` (``edit(original, comment, round)``) before each round
    of ``run``; the original content is put back afterwards."""
    with open(target, "rb") as fh:
        original = fh.read()
    comment = b"#" if target.endswith(".py") else b"//"
    try:
        for i in repeat(series, rounds):
            with open(target, "wb") as fh:
                fh.write(edit(original, comment, i))
            run(i)
    finally:
        with open(target, "wb") as fh:
            fh.write(original)


def bench_riskscan(root: str, rounds: int, tmp: str, tag: str, *, jobs1: bool = True) -> dict[str, Series]:
    env = riskscan_env()
    out: dict[str, Series] = {}
    base = RS + ["check", root, "--format", "json"]
    if jobs1:
        s = out["cold_j1"] = Series("cold, --jobs 1")
        for i in repeat(s, rounds):
            clean(root)
            log(f"  [{tag}] riskscan cold --jobs 1 ({i + 1}/{rounds})")
            s.add(measure(base + ["--jobs", "1"], env=env, stdout_path=os.path.join(tmp, f"{tag}-j1.json")))
    s = out["cold"] = Series("cold, default jobs")
    for i in repeat(s, rounds):
        clean(root)
        log(f"  [{tag}] riskscan cold ({i + 1}/{rounds})")
        s.add(measure(base, env=env, stdout_path=os.path.join(tmp, f"{tag}-cold.json")))
    s = out["warm"] = Series("warm, nothing changed")
    for i in repeat(s, rounds):
        log(f"  [{tag}] riskscan warm ({i + 1}/{rounds})")
        s.add(measure(base, env=env, stdout_path=os.path.join(tmp, f"{tag}-warm.json")))

    def warm1(i: int) -> None:
        log(f"  [{tag}] riskscan warm, one file's code changed ({i + 1}/{rounds})")
        out["warm1"].add(measure(base, env=env, stdout_path=os.path.join(tmp, f"{tag}-warm1.json")))

    out["warm1"] = Series("warm, one file changed (its facts too)")
    timed_edits(pick_edit_target(root), out["warm1"], rounds, code_edit, warm1)
    unparsed = pick_unparsed_target(root)
    if unparsed is not None:
        def same(i: int) -> None:
            log(f"  [{tag}] riskscan warm, one unparsed file changed ({i + 1}/{rounds})")
            out["warm1same"].add(measure(base, env=env, stdout_path=os.path.join(tmp, f"{tag}-warm1same.json")))

        # a comment of digits only: no name a check could ask the file about
        out["warm1same"] = Series("warm, one file changed (same facts: a file no trigger selects)")
        timed_edits(unparsed, out["warm1same"], rounds, lambda original, comment, i: original + comment + b" %d %d\n" % (i, time.time_ns()), same)
    clean(root)
    return out


def same_findings(a: str, b: str) -> bool:
    try:
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def bench_version(rounds: int) -> Series:
    s = Series("riskscan --version")
    for _ in range(rounds):
        s.add(measure(RS_SCRIPT + ["--version"], env=riskscan_env()))
    return s


def bench_semgrep(exe: str, root: str, rounds: int, tmp: str, tag: str) -> Series:
    s = Series("Semgrep")
    for i in repeat(s, rounds):
        log(f"  [{tag}] semgrep ({i + 1}/{rounds})")
        s.add(measure(semgrep_cmd(exe, root, os.path.join(tmp, f"{tag}-semgrep.json")), env=semgrep_env()))
    return s


# ---------------------------------------------------------------- report
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="10k/20k synthetic files, 2 rounds, 1 Semgrep round (about 5 minutes)")
    p.add_argument("--rounds", type=int, help="rounds per riskscan scenario (default 3, --quick 2)")
    p.add_argument("--semgrep-rounds", type=int, help="rounds of Semgrep on the real corpus (default 2, --quick 1)")
    p.add_argument("--synth-files", type=int, help="size of the large synthetic corpus (default 50000, --quick 20000); half of it is also scanned to check linearity")
    p.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpus")
    p.add_argument("--no-real", action="store_true", help="skip the real corpus (no download)")
    p.add_argument("--no-synth", action="store_true", help="skip the synthetic corpora")
    p.add_argument("--no-semgrep", action="store_true", help="do not install or run Semgrep")
    p.add_argument("--semgrep-synth", action="store_true", help="also run Semgrep once on the large synthetic corpus")
    p.add_argument("--scenario-budget", type=float, default=150.0, help="stop repeating a scenario once its rounds took this many seconds (default 150)")
    p.add_argument("--cache-dir", default=os.environ.get("RISKSCAN_BENCH_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "riskscan-bench"))
    p.add_argument("--results", default=os.path.join(BENCH, "RESULTS.md"), help="where to write the markdown results ('-' = do not write)")
    args = p.parse_args(argv)
    args.rounds = args.rounds or (2 if args.quick else 3)
    args.semgrep_rounds = args.semgrep_rounds or (1 if args.quick else 2)
    args.synth_files = args.synth_files or (20000 if args.quick else 50000)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    SCENARIO_BUDGET[0] = args.scenario_budget
    os.makedirs(args.cache_dir, exist_ok=True)
    tmp = os.path.join(args.cache_dir, "out")
    os.makedirs(tmp, exist_ok=True)
    t_start = time.time()
    rep = Report(args)
    precompile()

    semgrep = None if args.no_semgrep else ensure_semgrep(args.cache_dir)
    if semgrep:
        try:
            rep.semgrep_version = subprocess.run([semgrep, "--version", "--disable-version-check"], capture_output=True, text=True, env=semgrep_env(), timeout=60).stdout.strip()
        except subprocess.TimeoutExpired:
            rep.semgrep_version = SEMGREP_VERSION

    corpora: list[tuple[str, str]] = []
    if not args.no_real:
        corpora.append(("real", build_real(args.cache_dir, log)))
    if not args.no_synth:
        half = args.synth_files // 2
        corpora.append((f"synth-{half}", build_synth(args.cache_dir, half, args.seed, log)))
        corpora.append((f"synth-{args.synth_files}", build_synth(args.cache_dir, args.synth_files, args.seed, log)))

    rep.version = bench_version(max(5, args.rounds * 3))
    for tag, root in corpora:
        log(f"corpus {tag}: {root}")
        warm_fs(root)
        stats = corpus_stats(root)
        rs = bench_riskscan(root, args.rounds, tmp, tag, jobs1=True)
        identical = same_findings(os.path.join(tmp, f"{tag}-j1.json"), os.path.join(tmp, f"{tag}-cold.json"))
        sg = None
        if semgrep and (tag == "real" or (args.semgrep_synth and tag == corpora[-1][0])):
            sg = bench_semgrep(semgrep, root, args.semgrep_rounds if tag == "real" else 1, tmp, tag)
        rep.add_corpus(tag, root, stats, rs, sg, identical, os.path.join(tmp, f"{tag}-cold.json"), os.path.join(tmp, f"{tag}-semgrep.json") if sg else "")
    rep.elapsed = time.time() - t_start
    text = rep.render()
    print(text)
    if args.results != "-":
        with open(args.results, "w", encoding="utf-8") as fh:
            fh.write(text)
        log(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
