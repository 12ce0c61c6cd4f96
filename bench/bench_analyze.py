"""Time the analyzer and the facts delta on real notices of the corpus.

Run:  .venv/bin/python bench/bench_analyze.py [--corpus DIR] [--runs N] [--top K]

Prints, for the K largest notices, the median wall and CPU time of ``analyze``
(lexicons warm, as in a running recorder), and for the largest version pair the
median of extract + analyze + facts delta + classify. CPU time is printed next
to wall time because other processes on a shared 2-core machine inflate the latter.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.analyze import analyze  # noqa: E402
from monitor.diff.facts import classify, facts_delta  # noqa: E402
from monitor.extract import extract  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpus")


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(wall, cpu) medians in milliseconds."""
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args(argv)

    files = sorted(
        (p for p in (args.corpus / "versions").glob("*/*/*.md") if p.stat().st_size > 0),
        key=lambda p: p.stat().st_size,
        reverse=True,
    )
    print(f"analyze, {args.runs} runs, median (target < 150 ms for the largest notice):")
    seen: set[Path] = set()
    shown = 0
    for path in files:
        if path.parent in seen:  # one notice per service
            continue
        seen.add(path.parent)
        doc = extract(path.read_bytes(), "text/markdown")
        analyze(doc)  # warm the lexicon caches
        wall, cpu = median_ms(lambda doc=doc: analyze(doc), args.runs)
        rel = path.relative_to(args.corpus / "versions")
        print(
            f"  {rel!s:<48} {len(doc.text):>8,} chars {len(doc.blocks):>5} blocks  {wall:6.0f} ms wall {cpu:6.0f} ms cpu"
        )
        shown += 1
        if shown >= args.top:
            break

    old, new = files[0], files[0].parent / f"{int(files[0].stem) - 1:03d}.md"
    if not new.exists():
        new = old

    def whole_pair() -> None:
        a = extract(new.read_bytes(), "text/markdown")
        b = extract(old.read_bytes(), "text/markdown")
        fa, fb = analyze(a), analyze(b)
        delta = facts_delta(fa, fb, old_text=a.text, new_text=b.text)
        classify(delta, a.text != b.text, old=fa, new=fb)

    def extract_pair() -> None:
        extract(new.read_bytes(), "text/markdown")
        extract(old.read_bytes(), "text/markdown")

    wall, cpu = median_ms(whole_pair, args.runs)
    e_wall, e_cpu = median_ms(extract_pair, args.runs)
    print(
        f"whole pair {new.name} -> {old.name} of {old.parent.relative_to(args.corpus / 'versions')} (target < 500 ms):"
    )
    print(f"  extract + analyze + facts delta + classify: {wall:.0f} ms wall, {cpu:.0f} ms cpu")
    print(
        f"  of which extract (monitor.extract, both versions): {e_wall:.0f} ms wall, {e_cpu:.0f} ms cpu"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
