"""Time the analyzer of two source trees in one run, alternating them, for before/after claims.

Run:  .venv/bin/python bench/compare_analyze.py --base /tmp/base [--rounds 5] [--pages 5]
          [--notices 8]

``--base`` is another checkout of the project (``git archive REV | tar -x -C DIR``). Each
round runs one fresh child process per tree, old then new, each importing ``monitor`` from
its own tree (PYTHONPATH), and measures in it:

- ``synthetic``: ``analyze`` of ``bench/peers.page(i, 0)`` for i < --pages (about 110 KB of
  HTML, 60 K characters of text each), CPU ms per page (the median over pages of each page's
  fastest of --runs, after a warm-up);
- ``largest``: ``analyze`` of the largest corpus notice (CPU ms, fastest of --runs);
- ``corpus``: the sum over the --notices largest corpus notices, one per service, of each
  one's fastest ``analyze`` (CPU ms): real notices, which repeat blocks far less than the
  synthetic pages do;
- ``pair``: extract both + analyze both + facts delta + classify of the largest notice and
  the version before it (as bench/bench_analyze.py), CPU ms, fastest of --runs;
- ``start``: a fresh process importing the analyzer and analysing one synthetic page, as a
  read worker does for its first page (wall ms), once with the disk cache of compiled
  lexicons warm and once with an empty one (the old tree has no cache: both are the same).

The table shows the median over rounds of each figure, and new / old. Only ratios within
one run mean anything on a shared machine; within a process the fastest run is taken,
because other processes can only add to a run's CPU time (caches, shared cores).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path("/work/shared/corpus")

_CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
root, corpus, pages, runs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
notices = int(sys.argv[5])
sys.path[:0] = [root, root + "/bench"]
import peers
from monitor.analyze import analyze
from monitor.diff.facts import classify, facts_delta
from monitor.extract import extract

def cpu_ms(fn):
    # The least disturbed of --runs: other processes on a shared machine only add time.
    out = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        out.append((time.process_time() - t) * 1000)
    return min(out)

docs = [extract(peers.page(i, 0), "text/html") for i in range(pages)]
for d in docs:
    analyze(d)
synthetic = statistics.median(cpu_ms(lambda d=d: analyze(d)) for d in docs)
files = sorted((p for p in (corpus / "versions").glob("*/*/*.md") if p.stat().st_size > 0),
               key=lambda p: p.stat().st_size, reverse=True)
old, new = files[0], files[0].parent / f"{int(files[0].stem) - 1:03d}.md"
big = extract(old.read_bytes(), "text/markdown")
analyze(big)
largest = cpu_ms(lambda: analyze(big))
seen, real = set(), []
for path in files:
    if path.parent.name not in seen and len(real) < notices:
        seen.add(path.parent.name)
        real.append(extract(path.read_bytes(), "text/markdown"))
for d in real:
    analyze(d)
corpus_ms = sum(cpu_ms(lambda d=d: analyze(d)) for d in real)
def pair():
    a = extract(new.read_bytes(), "text/markdown")
    b = extract(old.read_bytes(), "text/markdown")
    fa, fb = analyze(a), analyze(b)
    delta = facts_delta(fa, fb, old_text=a.text, new_text=b.text)
    try:
        classify(delta, a.text != b.text, old=fa, new=fb)
    except TypeError:  # a tree from before classify read both versions' controls
        classify(delta, a.text != b.text)
print(json.dumps({"synthetic": synthetic, "largest": largest, "corpus": corpus_ms,
                  "pair": cpu_ms(pair)}))
"""

_START = r"""
import sys
root = sys.argv[1]
sys.path[:0] = [root, root + "/bench"]
from monitor.analyze import analyze
from monitor.extract import extract
import peers
analyze(extract(peers.page(0, 0), "text/html"))
"""


def child(
    tree: Path, corpus: Path, pages: int, runs: int, notices: int, env: dict[str, str]
) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tree), str(corpus), str(pages), str(runs), str(notices)],
        env={**env, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def start_ms(tree: Path, env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", _START, str(tree)],
        env={**env, "PYTHONPATH": str(tree)},
        capture_output=True,
        check=True,
    )
    return (time.perf_counter() - t) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", type=Path, required=True, help="the old tree")
    parser.add_argument("--new", type=Path, default=ROOT, help="the new tree (this one)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--notices", type=int, default=8, help="real notices for 'corpus'")
    args = parser.parse_args(argv)

    trees = {"old": args.base.resolve(), "new": args.new.resolve()}
    results: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    with tempfile.TemporaryDirectory(prefix="compare-analyze-") as tmp:
        warm = {**os.environ, "NOTICEWATCH_CACHE_DIR": str(Path(tmp) / "warm")}
        for tree in trees.values():  # fill the warm cache (a no-op for a tree without one)
            start_ms(tree, warm)
        for round_ in range(args.rounds):
            for name, tree in trees.items():
                got = results[name]
                for key, value in child(
                    tree, args.corpus, args.pages, args.runs, args.notices, warm
                ).items():
                    got.setdefault(key, []).append(value)
                got.setdefault("start, cache warm", []).append(start_ms(tree, warm))
                cold = {**os.environ, "NOTICEWATCH_CACHE_DIR": str(Path(tmp) / f"cold{round_}")}
                got.setdefault("start, cache empty", []).append(start_ms(tree, cold))
            print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)

    print(f"median of {args.rounds} rounds, old = {trees['old']}, new = {trees['new']}")
    print(f"{'measure':<40} {'old':>9} {'new':>9} {'new/old':>8}")
    units = {
        "synthetic": "analyze, synthetic page (CPU ms)",
        "largest": "analyze, largest corpus notice (CPU ms)",
        "corpus": "analyze, K largest notices, sum (CPU ms)",
        "pair": "whole pair (CPU ms)",
    }
    for key in results["old"]:
        old = statistics.median(results["old"][key])
        new = statistics.median(results["new"][key])
        label = units.get(key, f"worker {key} (wall ms)")
        print(f"{label:<40} {old:9.1f} {new:9.1f} {new / old:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
