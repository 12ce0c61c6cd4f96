"""Time ``extract()`` on the largest corpus snapshot and a few corpus Markdown versions.

Prints the median of several runs per input, in milliseconds, and the
throughput; asserts nothing. Usage::

    .venv/bin/python bench/bench_extract.py [--corpus DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from monitor.extract import extract

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _median_ms(body: bytes, runs: int, **kwargs: object) -> tuple[float, int]:
    times = []
    blocks = 0
    for _ in range(runs):
        started = time.perf_counter()
        document = extract(body, **kwargs)  # type: ignore[arg-type]
        times.append(1000 * (time.perf_counter() - started))
        blocks = len(document.blocks)
    return statistics.median(times), blocks


def _selectors(snapshot: Path) -> dict[str, tuple[str, ...]]:
    declaration = json.loads((snapshot.parent / "manifest.json").read_text()).get("declaration", {})

    def as_tuple(value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            return (value,)
        return tuple(value) if isinstance(value, list) else ()

    return {
        "select": as_tuple(declaration.get("select")),
        "remove": as_tuple(declaration.get("remove")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    snapshots = sorted((args.corpus / "snapshots").glob("*/*.html"), key=lambda p: p.stat().st_size)
    markdown = sorted((args.corpus / "versions").glob("*/*/*.md"), key=lambda p: p.stat().st_size)
    cases: list[tuple[str, Path, dict[str, object]]] = []
    if snapshots:
        largest = snapshots[-1]
        cases.append(("html auto", largest, {"content_type": "text/html"}))
        cases.append(("html select", largest, {"content_type": "text/html", **_selectors(largest)}))
        cases.append(
            ("html median-size", snapshots[len(snapshots) // 2], {"content_type": "text/html"})
        )
    for fraction in (1.0, 0.9, 0.5):
        if markdown:
            path = markdown[min(len(markdown) - 1, int(fraction * (len(markdown) - 1)))]
            cases.append(("markdown", path, {"content_type": "text/markdown"}))

    print(f"{'input':<18} {'file':<52} {'KB':>7} {'blocks':>6} {'median ms':>10} {'MB/s':>6}")
    for label, path, kwargs in cases:
        body = path.read_bytes()
        extract(body, **kwargs)  # type: ignore[arg-type]  # warm caches (data files, parsers)
        ms, blocks = _median_ms(body, args.runs, **kwargs)
        name = "/".join(path.parts[-2:]) if label.startswith("html") else "/".join(path.parts[-3:])
        mbps = len(body) / 1e6 / (ms / 1000) if ms else 0.0
        print(
            f"{label:<18} {name:<52} {len(body) / 1024:>7.0f} {blocks:>6} {ms:>10.1f} {mbps:>6.1f}"
        )


if __name__ == "__main__":
    main()
