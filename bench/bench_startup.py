"""Start-up time of the CLI: median wall time of a few commands over repeated runs.

Each command runs as a fresh process (``python -m monitor.cli ...``), ``--runs`` times,
after one warm-up run; the median and the fastest are printed. ``--rev REV`` measures a
git revision too (its ``git archive`` unpacked into a temporary directory and put first
on PYTHONPATH, with this venv's packages), ``--src DIR`` another source tree, for a
before/after table; the two trees alternate run by run. ``--importtime`` prints the
slowest imports of each command (``python -X importtime``).

    .venv/bin/python bench/bench_startup.py
    .venv/bin/python bench/bench_startup.py --rev HEAD~1 --runs 15 --importtime
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "recrawl --help": ["recrawl", "--help"],
    "validate": ["validate"],
    "targets": ["targets"],
}

WATCHLIST = """\
[settings]
allow_private_networks = true

[[targets]]
id = "acme-eu"
url = "http://127.0.0.1:9/privacy"
"""


def timings(
    source: Path, workdir: Path, args: list[str], runs: int, *, warm_up: bool = True
) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    cmd = [sys.executable, "-m", "monitor.cli", *args]
    if warm_up:
        subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, check=True)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, check=True)
        out.append(time.perf_counter() - start)
    return out


def slowest_imports(source: Path, workdir: Path, args: list[str], top: int = 8) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    cmd = [sys.executable, "-X", "importtime", "-m", "monitor.cli", *args]
    proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, check=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line[len("import time:") :].split("|")
        if not name.startswith("  "):  # top-level imports only: nested ones are indented
            rows.append((int(cumulative), name.strip()))
    return [f"{us / 1000:7.1f} ms  {name}" for us, name in sorted(rows, reverse=True)[:top]]


def measure(trees: dict[str, Path], workdir: Path, runs: int, importtime: bool) -> dict:
    """Median and fastest wall time per tree and command; the trees alternate run by run,
    so a change of the machine's load falls on both alike."""
    samples: dict[tuple[str, str], list[float]] = {}
    for name, args in COMMANDS.items():
        for source in trees.values():
            timings(source, workdir, args, 0)  # a warm-up run only
        for _ in range(runs):
            for label, source in trees.items():
                samples.setdefault((label, name), []).extend(
                    timings(source, workdir, args, 1, warm_up=False)
                )
    results: dict[str, dict[str, tuple[float, float]]] = {label: {} for label in trees}
    for label, source in trees.items():
        for name, args in COMMANDS.items():
            got = samples[(label, name)]
            results[label][name] = (statistics.median(got), min(got))
            print(
                f"{label:<10} {name:<16} median {results[label][name][0] * 1000:6.0f} ms"
                f"   min {results[label][name][1] * 1000:6.0f} ms   ({runs} runs)",
                flush=True,
            )
            if importtime:
                for row in slowest_imports(source, workdir, args):
                    print(f"{'':<28}{row}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rev", help="also measure this git revision (e.g. HEAD~1)")
    parser.add_argument(
        "--src", type=Path, help="also measure this source tree (e.g. a git archive of a commit)"
    )
    parser.add_argument("--importtime", action="store_true", help="print the slowest imports")
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="nw-startup-") as tmp:
        workdir = Path(tmp) / "work"
        workdir.mkdir()
        (workdir / "watchlist.toml").write_text(WATCHLIST)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        # A database with the target in it, so `targets` reads rows as it would for real.
        subprocess.run(
            [sys.executable, "-m", "monitor.cli", "targets"],
            cwd=workdir,
            env=env,
            capture_output=True,
            check=True,
        )
        trees: dict[str, Path] = {}
        if opts.rev:  # the revision's files, unpacked (no git worktree to clean up)
            before = Path(tmp) / "before"
            before.mkdir()
            archive = subprocess.run(
                ["git", "archive", opts.rev], cwd=ROOT, capture_output=True, check=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
            trees[opts.rev] = before
        elif opts.src:
            trees[str(opts.src)] = opts.src.resolve()
        trees["this tree"] = ROOT
        tables = measure(trees, workdir, opts.runs, opts.importtime)

    if len(trees) > 1:
        print()
        old, new = tables[next(iter(trees))], tables["this tree"]
        for name in COMMANDS:
            print(
                f"{name:<16} {old[name][0] * 1000:6.0f} ms -> {new[name][0] * 1000:6.0f} ms"
                f"  ({new[name][0] / old[name][0]:.2f}x)"
            )


if __name__ == "__main__":
    main()
