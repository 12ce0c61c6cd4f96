"""Start-up time of the CLI: median wall time of a few commands over repeated runs.

Each command runs as a fresh process (``python -m monitor.cli ...``), ``--runs`` times,
after one warm-up run; the median and the fastest are printed. ``--rev REV`` measures a
git revision too (checked out into a temporary worktree and put first on PYTHONPATH,
with this venv's packages), for a before/after table. ``--importtime`` prints the
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


def timings(source: Path, workdir: Path, args: list[str], runs: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    cmd = [sys.executable, "-m", "monitor.cli", *args]
    subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, check=True)  # warm-up
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


def measure(label: str, source: Path, workdir: Path, runs: int, importtime: bool) -> dict:
    results = {}
    for name, args in COMMANDS.items():
        samples = timings(source, workdir, args, runs)
        results[name] = (statistics.median(samples), min(samples))
        print(
            f"{label:<10} {name:<16} median {results[name][0] * 1000:6.0f} ms"
            f"   min {results[name][1] * 1000:6.0f} ms   ({runs} runs)",
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
        tables = {}
        if opts.rev:
            before = Path(tmp) / "before"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(before), opts.rev],
                cwd=ROOT,
                capture_output=True,
                check=True,
            )
            try:
                tables[opts.rev] = measure(opts.rev, before, workdir, opts.runs, opts.importtime)
            finally:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(before)],
                    cwd=ROOT,
                    capture_output=True,
                    check=False,
                )
        tables["this tree"] = measure("this tree", ROOT, workdir, opts.runs, opts.importtime)

    if opts.rev:
        print()
        old, new = tables[opts.rev], tables["this tree"]
        for name in COMMANDS:
            print(
                f"{name:<16} {old[name][0] * 1000:6.0f} ms -> {new[name][0] * 1000:6.0f} ms"
                f"  ({new[name][0] / old[name][0]:.2f}x)"
            )


if __name__ == "__main__":
    main()
