"""Fingerprint what the analyzer finds, so speed work can prove it changed nothing.

Run:  .venv/bin/python bench/check_identical_facts.py OUT [--corpus DIR] [--synthetic N]
          [--all-languages K] [--workers W]

Writes one line per analysed text to OUT: a name and the sha256 of its Facts' JSON
(``monitor.codec.facts_to_json``, keys in field order, as stored). The texts are every
version in ``DIR/versions`` (extracted as Markdown, as ``bench/eval_analysis.py`` reads
them), every snapshot in ``DIR/snapshots`` (HTML, as fetched), and the synthetic pages
``bench/peers.page(i, r)`` for i < N, r in (0, 1). With ``--all-languages K``, every K-th
version is also analysed under each lexicon (en, fr, de, es, it, nl), so lexicons the
corpus barely uses are exercised too.

To compare two trees (old code by PYTHONPATH):

    PYTHONPATH=/tmp/base .venv/bin/python /tmp/base/bench/check_identical_facts.py old.txt
    .venv/bin/python bench/check_identical_facts.py new.txt
    diff old.txt new.txt && echo identical

The script imports ``monitor`` from the first tree on ``sys.path``; run the copy of the
tree being measured so the two cannot mix.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_CORPUS = Path("/work/shared/corpus")
LANGUAGES = ("en", "fr", "de", "es", "it", "nl")


def _snapshot_type(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "text/html"
    if suffix == ".md":
        return "text/markdown"
    return None  # PDFs and others: not what this check is about


def jobs(corpus: Path, synthetic: int, every: int) -> Iterator[tuple[str, str, str, str | None]]:
    """(name, source, content type, forced language) of every text to analyse."""
    versions = sorted(p for p in (corpus / "versions").glob("*/*/*.md") if p.stat().st_size > 0)
    for i, path in enumerate(versions):
        name = str(path.relative_to(corpus))
        yield name, str(path), "text/markdown", None
        if every and i % every == 0:
            for lang in LANGUAGES:
                yield f"{name}@{lang}", str(path), "text/markdown", lang
    for path in sorted((corpus / "snapshots").glob("*/*")):
        kind = _snapshot_type(path)
        if kind is not None and path.stat().st_size > 0:
            yield str(path.relative_to(corpus)), str(path), kind, None
    for i in range(synthetic):
        for revision in (0, 1):
            yield f"peers/{i}/{revision}", f"peers:{i}:{revision}", "text/html", None


def fingerprint(job: tuple[str, str, str, str | None]) -> str:
    from monitor.analyze import analyze
    from monitor.codec import facts_to_json
    from monitor.errors import NoticewatchError
    from monitor.extract import extract

    name, source, kind, language = job
    if source.startswith("peers:"):
        import peers

        _, index, revision = source.split(":")
        body = peers.page(int(index), int(revision))
    else:
        body = Path(source).read_bytes()
    try:
        document = extract(body, kind)
    except NoticewatchError as exc:
        return f"{name}\textract-error {type(exc).__name__}"
    facts = analyze(document, language=language)
    data = json.dumps(facts_to_json(facts), ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(data.encode()).hexdigest()
    return f"{name}\t{digest}\t{len(facts.statements)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--synthetic", type=int, default=20)
    parser.add_argument("--all-languages", type=int, default=10, metavar="K")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)

    todo = list(jobs(args.corpus, args.synthetic, args.all_languages))
    if args.workers > 1:
        with ProcessPoolExecutor(args.workers) as pool:
            lines = list(pool.map(fingerprint, todo, chunksize=8))
    else:
        lines = [fingerprint(job) for job in todo]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} texts fingerprinted into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
