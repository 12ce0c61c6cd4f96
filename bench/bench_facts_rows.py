"""The stored form of facts (``codec.facts_to_row``, format 2) against the JSON form (format 1).

Run:  .venv/bin/python bench/bench_facts_rows.py [--corpus DIR] [--synthetic N] [--all-languages K]

For every text ``bench/check_identical_facts.py`` analyses (corpus versions and snapshots,
synthetic peers pages, every K-th version under each lexicon), writes the facts both ways
as the version row's JSON text (``storage.jsontext``), and reads each back:

- every stored form must read back equal to the facts analysed (format 2 and format 1,
  which old rows hold); the script exits 1 naming the first text that does not;
- the bytes of both forms, summed, for the corpus and for the synthetic pages;
- CPU milliseconds per text to write (encode + JSON text) and read (JSON text + decode)
  each form: the sum over texts of each one's fastest of --runs.

Asserts nothing about time; sizes and equality do not depend on the machine's load.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_identical_facts import DEFAULT_CORPUS, jobs

from monitor import codec
from monitor.analyze import analyze
from monitor.errors import NoticewatchError
from monitor.extract import extract
from storage.jsontext import dumps, loads


def _fastest(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--synthetic", type=int, default=20)
    parser.add_argument("--all-languages", type=int, default=10, metavar="K")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    import peers

    totals: dict[str, dict[str, float]] = {}
    texts = 0
    for name, source, kind, language in jobs(args.corpus, args.synthetic, args.all_languages):
        if source.startswith("peers:"):
            _, index, revision = source.split(":")
            body = peers.page(int(index), int(revision))
        else:
            body = Path(source).read_bytes()
        try:
            facts = analyze(extract(body, kind), language=language)
        except NoticewatchError:
            continue
        group = totals.setdefault(
            "synthetic" if source.startswith("peers:") else "corpus",
            dict.fromkeys(
                ("texts", "v1 bytes", "v2 bytes", "v1 write", "v2 write", "v1 read", "v2 read"), 0.0
            ),
        )
        v1, v2 = dumps(codec.facts_to_json(facts)), dumps(codec.facts_to_row(facts))
        for form, text in (("format 1", v1), ("format 2", v2)):
            if codec.facts_from_row(loads(text)) != facts:
                print(f"{name}: {form} does not read back equal", file=sys.stderr)
                return 1
        texts += 1
        group["texts"] += 1
        group["v1 bytes"] += len(v1.encode())
        group["v2 bytes"] += len(v2.encode())
        group["v1 write"] += _fastest(lambda f=facts: dumps(codec.facts_to_json(f)), args.runs)
        group["v2 write"] += _fastest(lambda f=facts: dumps(codec.facts_to_row(f)), args.runs)
        group["v1 read"] += _fastest(lambda t=v1: codec.facts_from_json(loads(t)), args.runs)
        group["v2 read"] += _fastest(lambda t=v2: codec.facts_from_row(loads(t)), args.runs)
    print(f"{texts} texts: every format 1 and format 2 row reads back equal to its facts")
    print(
        f"{'':10} {'texts':>6} {'format 1 MB':>12} {'format 2 MB':>12} {'2/1':>5}"
        f" {'write ms/text 1 → 2':>22} {'read ms/text 1 → 2':>22}"
    )
    for label, g in totals.items():
        n = g["texts"]
        print(
            f"{label:10} {n:6.0f} {g['v1 bytes'] / 1e6:12.1f} {g['v2 bytes'] / 1e6:12.1f}"
            f" {g['v2 bytes'] / g['v1 bytes']:5.2f}"
            f" {g['v1 write'] / n:10.2f} → {g['v2 write'] / n:8.2f}"
            f" {g['v1 read'] / n:10.2f} → {g['v2 read'] / n:8.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
