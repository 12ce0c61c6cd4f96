"""Benchmark: line-mode diff of a long notice vs diff-match-patch on the whole text.

Prints figures, asserts nothing. Two inputs:

- a synthetic ~200 KB notice (nested sections, paragraphs, list items) and a
  version with about 2 KB changed across several sections (words edited,
  sentences added, a paragraph removed, a new section);
- when the corpus is there, the largest Markdown notice in
  ``../shared/corpus/versions`` and the biggest rewrite (largest size change),
  each against the version before it, read with a plain line split (``#`` lines
  as headings).

For each: the median of 7 runs of ``diff_documents`` (line mode, then word
refinement inside hunks), and the baseline, ``diff_main`` with the default 1 s
timeout on the whole text collapsed to one line, with how many characters each
marks as changed.

    .venv/bin/python bench/bench_diff.py [--corpus DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from diff_match_patch import diff_match_patch

from monitor.diff.text import diff_documents
from monitor.model import Block, Document, TextDiff

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "versions"

_WORDS = [
    "we",
    "process",
    "your",
    "personal",
    "data",
    "information",
    "account",
    "profile",
    "content",
    "messages",
    "contacts",
    "device",
    "location",
    "usage",
    "analytics",
    "advertising",
    "partners",
    "services",
    "security",
    "legal",
    "obligations",
    "legitimate",
    "interests",
    "consent",
    "contract",
    "provide",
    "improve",
    "personalise",
    "measure",
    "protect",
    "research",
    "develop",
    "share",
    "retain",
    "delete",
    "request",
    "access",
    "object",
    "restrict",
    "portability",
    "members",
    "visitors",
    "customers",
    "controller",
    "processor",
    "transfer",
    "safeguards",
    "adequacy",
    "decision",
]


# --------------------------------------------------------------------------- inputs


def synthetic_pair(target_bytes: int = 200_000, seed: int = 7) -> tuple[Document, Document]:
    """A ~200 KB notice and a version with ~2 KB changed in several sections."""
    rng = random.Random(seed)

    def sentence() -> str:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 22))]
        return " ".join(words).capitalize() + "."

    blocks: list[Block] = [Block("heading", "Privacy Policy", 1)]
    size = 0
    section = 0
    while size < target_bytes:
        section += 1
        h2 = f"Section {section}: {rng.choice(_WORDS).title()} {rng.choice(_WORDS)}"
        blocks.append(Block("heading", h2, 2, ("Privacy Policy",)))
        for sub in range(3):
            h3 = f"{section}.{sub + 1} {rng.choice(_WORDS).title()}"
            path = ("Privacy Policy", h2)
            blocks.append(Block("heading", h3, 3, path))
            for _ in range(rng.randint(3, 6)):
                kind = "list_item" if rng.random() < 0.3 else "paragraph"
                text = " ".join(sentence() for _ in range(rng.randint(1, 4)))
                blocks.append(Block(kind, text, 0, (*path, h3)))
                size += len(text) + 1
    old = Document(tuple(blocks))

    new_blocks = list(blocks)
    changed = 0
    para_idx = [i for i, b in enumerate(new_blocks) if b.kind != "heading"]
    for i in sorted(rng.sample(para_idx, 20), reverse=True):
        b = new_blocks[i]
        action = rng.choice(("edit", "edit", "add", "remove"))
        if action == "edit":
            words = b.text.split()
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(_WORDS)
            new_blocks[i] = Block(b.kind, " ".join(words), b.level, b.path)
            changed += 30
        elif action == "add":
            extra = sentence()
            new_blocks.insert(i + 1, Block("paragraph", extra, 0, b.path))
            changed += len(extra)
        else:
            del new_blocks[i]
            changed += len(b.text)
    at = len(new_blocks) // 2
    while new_blocks[at].kind != "heading" or new_blocks[at].level != 2:
        at += 1
    path = ("Privacy Policy", "Section 0: Training generative AI models")
    new_section = [
        Block("heading", path[1], 2, path[:1]),
        Block("paragraph", "We use your posts and profile to train generative AI models.", 0, path),
        Block("paragraph", "Our legal basis is our legitimate interests.", 0, path),
    ]
    new_blocks[at:at] = new_section
    return old, Document(tuple(new_blocks))


def markdown_document(text: str) -> Document:
    """A Markdown file as a Document by a plain line split: ``#`` lines are headings."""
    blocks: list[Block] = []
    path: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = min(6, len(line) - len(line.lstrip("#")))
            title = line[level:].strip()
            path = path[: level - 1]
            blocks.append(Block("heading", title, level, tuple(path)))
            path = [*path, title]
        elif line.startswith(("- ", "* ")):
            blocks.append(Block("list_item", line[2:], 0, tuple(path)))
        else:
            blocks.append(Block("paragraph", line, 0, tuple(path)))
    return Document(tuple(blocks))


def corpus_pairs(corpus: Path) -> list[tuple[str, Document, Document]]:
    """The largest corpus notice, and the biggest rewrite (size change), each vs the version before."""
    pairs = []
    for folder in sorted({p.parent for p in corpus.glob("*/*/*.md")}):
        files = sorted(folder.glob("*.md"))
        pairs += list(pairwise(files))
    if not pairs:
        return []
    largest = max(pairs, key=lambda pair: pair[1].stat().st_size)
    rewrite = max(pairs, key=lambda pair: abs(pair[1].stat().st_size - pair[0].stat().st_size))
    chosen = []
    for what, (old, new) in (("largest notice", largest), ("biggest rewrite", rewrite)):
        name = f"corpus {what}: {new.relative_to(corpus)} vs {old.name}"
        old_doc = markdown_document(old.read_text(encoding="utf-8"))
        chosen.append((name, old_doc, markdown_document(new.read_text(encoding="utf-8"))))
    return chosen


# --------------------------------------------------------------------------- measures


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def naive(old: Document, new: Document) -> list[tuple[int, str]]:
    """The trap: the whole notice on one line, diff_main with its default 1 s timeout."""
    dmp = diff_match_patch()
    return dmp.diff_main(old.text.replace("\n", " "), new.text.replace("\n", " "))


def report(name: str, old: Document, new: Document, runs: int) -> None:
    print(f"\n== {name}")
    print(
        f"   old {len(old.text.encode()):,} bytes / {len(old.blocks):,} blocks,"
        f" new {len(new.text.encode()):,} bytes / {len(new.blocks):,} blocks"
    )
    ms, result = median_ms(lambda: diff_documents(old, new), runs)
    assert isinstance(result, TextDiff)
    stats = result.stats
    print(
        f"   diff_documents (line mode + words): median {ms:8.1f} ms over {runs} runs;"
        f" {len(result.hunks)} hunks, +{stats.lines_added}/-{stats.lines_removed} lines,"
        f" {stats.chars_added + stats.chars_removed:,} chars marked changed"
        f" (+{stats.chars_added:,}/-{stats.chars_removed:,})"
    )
    base_runs = max(1, min(runs, 3))
    ms_naive, diffs = median_ms(lambda: naive(old, new), base_runs)
    assert isinstance(diffs, list)
    marked = sum(len(t) for op, t in diffs if op != 0)
    print(
        f"   baseline diff_main on one line:     median {ms_naive:8.1f} ms over {base_runs} runs;"
        f" {marked:,} chars marked changed"
    )
    sections = sorted({" › ".join(h.section_path[-1:]) for h in result.hunks})
    print(
        f"   hunks in {len(sections)} sections, e.g. {'; '.join(h.summary for h in result.hunks[:3])}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    old, new = synthetic_pair()
    report("synthetic notice, ~2 KB changed in several sections", old, new, args.runs)
    if args.corpus.is_dir():
        for name, old, new in corpus_pairs(args.corpus):
            report(name, old, new, args.runs)
    else:
        print(f"\n(corpus not found at {args.corpus}: skipped)")


if __name__ == "__main__":
    main()
