"""Time ``extract()`` on the largest corpus snapshot and a few corpus Markdown versions.

Prints the median of several runs per input, in milliseconds, and the
throughput; asserts nothing. Usage::

    .venv/bin/python bench/bench_extract.py [--corpus DIR] [--runs N]

``--against TREE`` compares this checkout with another one (say ``git archive`` of
an older commit unpacked in /tmp): per round, each tree reads the same pages in a
fresh interpreter (old and new alternate, so both see the same machine load), and
the table gives the median milliseconds per page over the rounds and their ratio:
peers pages (``bench/peers.py`` ``page(i, 0)``) read automatically and with
``select = main``, and every HTML corpus snapshot read automatically and with its
declaration's selectors; first, the block normalization alone on the peers pages and the
snapshots (automatic reading), in the fresh interpreter::

    .venv/bin/python bench/bench_extract.py --against /tmp/base [--rounds 5] [--pages 20]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
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


#: (label, what is read): the cases of ``--against``. The "normalize" cases time the block
#: normalization alone (``normalize_text`` on every text a page's walk hands to the
#: BlockBuilder), first thing in a fresh interpreter, so its word cache starts empty.
NORMALIZE_CASES = ("peers normalize", "corpus normalize")
CASES = (*NORMALIZE_CASES, "peers auto", "peers select main", "corpus auto", "corpus declared")


def _case_inputs(case: str, corpus: Path, pages: int) -> list[tuple[bytes, dict[str, object]]]:
    if case.startswith("peers"):
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import peers

        options: dict[str, object] = {"select": ("main",)} if case.endswith("main") else {}
        return [(peers.page(i, 0), options) for i in range(pages)]
    inputs = []
    for path in sorted((corpus / "snapshots").glob("*/*.html")):
        options = {"content_type": "text/html"}
        if case.endswith("declared"):
            options.update(_selectors(path))
        inputs.append((path.read_bytes(), options))
    return inputs


def _time_normalization(inputs: list[tuple[bytes, dict[str, object]]]) -> float:
    """ms per page of ``normalize_text`` over the block texts of ``inputs`` (read automatically)."""
    from monitor.extract import ExtractionError, blocks

    normalize_text = blocks.normalize_text
    pages: list[list[str]] = []

    def collect(text: str) -> str:
        pages[-1].append(text)
        return text  # not normalized: the cache stays cold for the timing below

    blocks.normalize_text = collect  # type: ignore[assignment]
    try:
        for body, _options in inputs:
            pages.append([])
            with contextlib.suppress(ExtractionError):
                extract(body)
    finally:
        blocks.normalize_text = normalize_text
    normalize_text("")  # loads and compiles the data files, leaves the word cache empty
    started = time.perf_counter()
    for texts in pages:
        for text in texts:
            normalize_text(text)
    return 1000 * (time.perf_counter() - started) / len(pages)


def _child(corpus: Path, pages: int) -> None:
    """One round in this interpreter: ms per page for each case, as JSON on stdout."""
    from monitor.extract import ExtractionError

    result = {}
    for case in NORMALIZE_CASES:
        result[case] = _time_normalization(_case_inputs(case, corpus, pages))
    for case in CASES[len(NORMALIZE_CASES) :]:
        inputs = _case_inputs(case, corpus, pages)
        body, options = inputs[0]
        with contextlib.suppress(ExtractionError):
            extract(body, **options)  # type: ignore[arg-type]  # warm caches
        started = time.perf_counter()
        for body, options in inputs:
            # A declared selector that matches nothing on an old snapshot is timed all the same.
            with contextlib.suppress(ExtractionError):
                extract(body, **options)  # type: ignore[arg-type]
        result[case] = 1000 * (time.perf_counter() - started) / len(inputs)
    print(json.dumps(result))


def _compare(against: Path, corpus: Path, rounds: int, pages: int) -> None:
    here = Path(__file__).resolve().parents[1]
    trees = {"old": against.resolve(), "new": here}
    times: dict[str, dict[str, list[float]]] = {t: {c: [] for c in CASES} for t in trees}
    script = Path(__file__).resolve()
    for _ in range(rounds):
        for label, tree in trees.items():
            env = {**os.environ, "PYTHONPATH": str(tree)}
            command = [sys.executable, str(script), "--child", "--corpus", str(corpus)]
            output = subprocess.run(
                [*command, "--pages", str(pages)],
                cwd=tree,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for case, ms in json.loads(output.splitlines()[-1]).items():
                times[label][case].append(ms)
    print(f"old: {trees['old']}  new: {trees['new']}  ({rounds} alternated rounds, median)")
    print(f"{'input':<20} {'old ms/page':>12} {'new ms/page':>12} {'speed-up':>9}")
    for case in CASES:
        old = statistics.median(times["old"][case])
        new = statistics.median(times["new"][case])
        print(f"{case:<20} {old:>12.1f} {new:>12.1f} {old / new:>8.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", type=int, default=20, help="peers pages per case")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.corpus, args.pages)
        return
    if args.against:
        _compare(args.against, args.corpus, args.rounds, args.pages)
        return

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
