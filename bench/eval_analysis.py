"""Evaluate the analyzer and the change classifier on the real corpus.

Run:  .venv/bin/python bench/eval_analysis.py [--corpus DIR] [--no-corpus] [--runs N] [--errors FILE]

1. Every hand-labelled pair of ../shared/corpus/labels/dev.jsonl: extract both
   versions (monitor.extract, Markdown), analyze, facts delta, classify; print
   precision/recall of "material" (overall and per language), per facet
   (categories / bases / purposes / links: the added and removed ids against the
   labels), every error grouped by kind (item or link), shape (facet, or basis>purpose /
   purpose>data) and cause (see ``cause``; ``--errors FILE`` writes them one JSON line
   each), the worst cases, and how many `upgrade` pairs were called material.
2. Every consecutive version pair of the corpus (labelled or not): per source,
   pairs / material / editorial / none.
3. Timing (median of --runs): analysis of the largest notice, and a whole pair
   (extract both + analyze both + ``monitor.diff.compare``: text diff, facts
   delta, classification and summary), with the share of each step.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_analyze import median_ms  # noqa: E402  (bench/ is on sys.path when run as a script)

from monitor.analyze import analyze  # noqa: E402
from monitor.analyze.taxonomy import ANNOUNCEMENT, LINK_SEP  # noqa: E402
from monitor.diff import compare  # noqa: E402
from monitor.diff.facts import (  # noqa: E402
    FactView,
    block_ties,
    classify,
    facts_delta,
    new_announcements,
    view,
)
from monitor.extract import extract  # noqa: E402
from monitor.model import Document, FactChange, Facts, Severity  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpus")
FACETS = ("categories", "bases", "purposes", "links")


_FACETS = {"data": "categories", "basis": "bases", "purpose": "purposes"}


def facet_of(fact: str) -> str | None:
    """The label guide's facet of an id or link; None for what the labels do not record
    (announcements, controls, recipients, sale)."""
    if LINK_SEP in fact:
        left, _, right = fact.partition(LINK_SEP)
        known = left.split(".", 1)[0] in _FACETS and right.split(".", 1)[0] in _FACETS
        return "links" if known else None
    return _FACETS.get(fact.split(".", 1)[0])


@dataclass
class Analyzed:
    document: Document
    facts: Facts


def _load(path: Path) -> Analyzed:
    doc = extract(path.read_bytes(), "text/markdown")
    return Analyzed(doc, analyze(doc))


class Cache:
    """Extract and analyze each corpus file once (in parallel with ``prefetch``)."""

    def __init__(self, workers: int = 1) -> None:
        self._items: dict[Path, Analyzed] = {}
        self._workers = workers

    def prefetch(self, paths: Iterable[Path]) -> None:
        todo = sorted({p for p in paths if p not in self._items})
        if self._workers <= 1 or len(todo) < 4:
            return
        with ProcessPoolExecutor(self._workers) as pool:
            for path, item in zip(todo, pool.map(_load, todo, chunksize=4), strict=True):
                self._items[path] = item

    def get(self, path: Path) -> Analyzed:
        if path not in self._items:
            self._items[path] = _load(path)
        return self._items[path]


def judge(cache: Cache, old: Path, new: Path) -> tuple[Severity, tuple[FactChange, ...]]:
    a, b = cache.get(old), cache.get(new)
    delta = facts_delta(a.facts, b.facts, old_text=a.document.text, new_text=b.document.text)
    return classify(delta, a.document.text != b.document.text, old=a.facts, new=b.facts), delta


def signed(delta: Iterable[FactChange]) -> set[str]:
    return {("+" if c.op == "added" else "-") + c.fact for c in delta if c.fact != ANNOUNCEMENT}


def pr(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    return f"precision {p:5.2f}  recall {r:5.2f}  (tp {tp}, fp {fp}, fn {fn})"


def summary(delta: tuple[FactChange, ...], limit: int = 6) -> str:
    parts = [("+" if c.op == "added" else "-") + c.fact for c in delta[:limit]]
    more = f" …(+{len(delta) - limit})" if len(delta) > limit else ""
    return ", ".join(parts) + more if parts else "(empty)"


# --------------------------------------------------------------------------- error causes


def cause(
    item: str,
    outcome: str,
    old: FactView,
    new: FactView,
    got: set[str],
    old_ties: frozenset[str],
    new_ties: frozenset[str],
) -> str:
    """Why one id or link is a false positive or negative, in the few words of the breakdown.

    For an id: a flip of the whole notice ("denied before"), of one block while the notice
    affirms it on both sides ("flip (block)"), or stated on one side only.
    For a link: whether it merely follows from an item added or removed in the same delta
    (``follows item``), whether both its ends were stated in both versions (a tie that moved
    between blocks or a new pairing of known facts), or what the analyzer lacks for a missed one.
    """
    sign, fact = item[0], item[1:]
    there, before = (new, old) if sign == "+" else (old, new)
    if LINK_SEP not in fact:
        if outcome == "fp":
            if fact in before.denied:
                return "denied before (flip)"
            # Affirmed on both sides: reported because one block turned between "we do not
            # X" and "we X" (``facts_delta``'s flips), not because one side lacks it.
            if fact in before.affirmed and fact in there.affirmed:
                return "flip (block)"
            return "stated only on one side"
        if fact in there.affirmed:
            return "found in both versions"
        return "not found (lexicon)" if fact not in there.denied else "found only denied"
    ends = fact.split(LINK_SEP)
    moved = {x[1:] for x in got if LINK_SEP not in x}
    if outcome == "fp":
        if moved & set(ends):
            return "follows item"
        if all(e in before.affirmed for e in ends):
            return "ends in both, new tie"
        return "end new (item not reported)"
    if not all(e in there.affirmed for e in ends):
        return "end not found"
    tied_there = fact in there.links
    if not tied_there:
        return "ends found, not tied"
    tied_before = fact in (old_ties if sign == "+" else new_ties)
    return "tied in both (block)" if tied_before else "dropped (rewrite)"


def stated_in_both(link: str, there: Facts, other_text: str) -> bool:
    """Whether a statement tying ``link`` on the side the label puts it stands word for word
    in the other version too: the label then reads a change the text does not make."""
    return any(link in st.links and st.text in other_text for st in there.statements)


# --------------------------------------------------------------------------- labelled pairs


def _announcement_found(cache: Cache, old: Path, new: Path, effective: str | None) -> str:
    """ "caught" when the new version announces a change the old one did not (with the label's
    date when it gives one), "wrong date" or "missed"."""
    a, b = cache.get(old), cache.get(new)
    fresh = new_announcements(a.facts, b.facts)
    if not fresh:
        return "missed"
    if effective and not any((x.effective_date or "").startswith(effective) for x in fresh):
        return "wrong date: " + ", ".join(str(x.effective_date) for x in fresh)
    return "caught"


def evaluate_labels(corpus: Path, cache: Cache, dump_path: Path | None = None) -> None:
    labels = [
        json.loads(line)
        for line in (corpus / "labels" / "dev.jsonl").read_text().splitlines()
        if line.strip()
    ]
    cache.prefetch([corpus / lab[k] for lab in labels for k in ("old", "new")])
    overall = Counter()
    per_lang: dict[str, Counter] = defaultdict(Counter)
    per_facet: dict[str, Counter] = defaultdict(Counter)
    #: (language, "items" | "links") -> tp/fp/fn
    per_lang_kind: dict[tuple[str, str], Counter] = defaultdict(Counter)
    worst: list[tuple[str, str, bool, str, str]] = []
    #: Per pair: how many ids/links it got wrong, for "the five worst pairs".
    errors: list[tuple[int, str, str]] = []
    announcements: list[tuple[str, str | None, str]] = []
    upgrades_material = 0
    upgrades = 0
    #: (outcome, kind, facet-or-link shape, cause) -> count, for the breakdown of errors.
    causes: Counter = Counter()
    dump: list[dict] = []
    for lab in labels:
        old, new = corpus / lab["old"], corpus / lab["new"]
        severity, delta = judge(cache, old, new)
        predicted = severity is Severity.MATERIAL
        truth = bool(lab["material"])
        lang = lab.get("language", "?")
        key = {(True, True): "tp", (False, True): "fp", (True, False): "fn", (False, False): "tn"}[
            (truth, predicted)
        ]
        overall[key] += 1
        per_lang[lang][key] += 1
        if lab.get("kind") == "upgrade":
            upgrades += 1
            upgrades_material += predicted
        if lab.get("announcement"):
            announcements.append(
                (
                    lab["id"],
                    lab.get("effective"),
                    _announcement_found(cache, old, new, lab.get("effective")),
                )
            )
        gold = {"+" + f for f in lab.get("added", [])} | {"-" + f for f in lab.get("removed", [])}
        got = {x for x in signed(delta) if facet_of(x[1:])}
        wrong = 0
        for item in gold | got:
            fac = facet_of(item[1:])
            if fac is None:
                continue
            kind = "links" if fac == "links" else "items"
            if item in gold and item in got:
                outcome = "tp"
            elif item in got:
                outcome = "fp"
            else:
                outcome = "fn"
            per_facet[fac][outcome] += 1
            if outcome != "tp":
                ra, rb = cache.get(old), cache.get(new)
                a, b = ra.facts, rb.facts
                # The differ's rule: a block counts for a tie only where the other version
                # reworded it away (``facts_delta`` passes the other version's text too).
                old_ties = block_ties(a, None, rb.document.text)
                new_ties = block_ties(b, None, ra.document.text)
                why = cause(item, outcome, view(a), view(b), got, old_ties, new_ties)
                if outcome == "fn" and why in ("tied in both (block)", "dropped (rewrite)"):
                    there, other = (
                        (b, ra.document.text) if item[0] == "+" else (a, rb.document.text)
                    )
                    if stated_in_both(item[1:], there, other):
                        why = "same sentence in both"
                shape = (
                    ">".join(x.split(".")[0] for x in item[1:].split(LINK_SEP))
                    if fac == "links"
                    else fac
                )
                causes[(outcome, kind, shape, why)] += 1
                dump.append({"pair": lab["id"], "item": item, "outcome": outcome, "cause": why})
            per_lang_kind[(lang, kind)][outcome] += 1
            per_lang_kind[("all", kind)][outcome] += 1
            wrong += outcome != "tp"
        if truth != predicted:
            worst.append((key, lab["id"], truth, severity.value, summary(delta)))
        elif truth and gold != got:
            worst.append(("ids", lab["id"], truth, severity.value, summary(delta)))
        if wrong or truth != predicted:
            missed = sorted(gold - got)[:4]
            extra = sorted(got - gold)[:4]
            why = f"material {truth}->{predicted}; missed {missed}; extra {extra}"
            errors.append((wrong + 10 * (truth != predicted), lab["id"], why))

    print(
        f"== labelled dev pairs: {len(labels)} ({sum(1 for x in labels if x['material'])} material)"
    )
    print("material, overall:      " + pr(overall["tp"], overall["fp"], overall["fn"]))
    for lang in sorted(per_lang):
        c = per_lang[lang]
        n = sum(c.values())
        print(f"material, {lang} ({n:3d} pairs): " + pr(c["tp"], c["fp"], c["fn"]))
    print(f"upgrade pairs classified material: {upgrades_material} of {upgrades}")
    print("\nper facet (added/removed ids vs labels):")
    for fac in FACETS:
        c = per_facet[fac]
        print(f"  {fac:<10} " + pr(c["tp"], c["fp"], c["fn"]))
    print("\nitems (categories, bases, purposes) and links, per language:")
    for lang in ["all", *sorted(per_lang)]:
        for kind in ("items", "links"):
            c = per_lang_kind[(lang, kind)]
            print(f"  {lang:<4} {kind:<6} " + pr(c["tp"], c["fp"], c["fn"]))
    print("\nerrors by kind, shape and cause (fp = reported, not labelled; fn = labelled, missed):")
    for (outcome, kind, shape, why), n in sorted(
        causes.items(), key=lambda kv: (kv[0][:2], -kv[1])
    ):
        print(f"  {outcome} {kind:<6} {shape:<14} {why:<28} {n:4d}")
    if dump_path:
        dump_path.write_text("\n".join(json.dumps(d) for d in dump) + "\n")
    caught = sum(1 for *_, outcome in announcements if outcome == "caught")
    print(f"\nlabelled announcements caught with their date: {caught} of {len(announcements)}")
    for pair_id, effective, outcome in announcements:
        print(f"  {pair_id} (effective {effective}): {outcome}")
    print("\nfive worst pairs (most ids and links wrong; a material error counts 10):")
    for score, pair_id, why in sorted(errors, key=lambda e: (-e[0], e[1]))[:5]:
        print(f"  {pair_id} ({score}): {why}")
    print("\nworst cases (fp/fn = material misclassified; ids = right call, different ids):")
    order = {"fn": 0, "fp": 1, "ids": 2}
    for key, pair_id, truth, predicted, delta_summary in sorted(
        worst, key=lambda w: (order[w[0]], w[1])
    ):
        print(
            f"  [{key:>3}] {pair_id}: label material={truth}, predicted {predicted}: {delta_summary}"
        )


# --------------------------------------------------------------------------- whole corpus


def corpus_pairs(corpus: Path) -> dict[str, list[tuple[Path, Path, str]]]:
    out: dict[str, list[tuple[Path, Path, str]]] = defaultdict(list)
    for manifest in sorted((corpus / "versions").glob("*/*/manifest.json")):
        data = json.loads(manifest.read_text())
        versions = data["versions"]
        for prev, cur in pairwise(versions):
            out[manifest.parent.parent.name].append(
                (
                    manifest.parent / prev["file"],
                    manifest.parent / cur["file"],
                    cur.get("kind", "change"),
                )
            )
    return out


def evaluate_corpus(corpus: Path, cache: Cache) -> None:
    print("\n== every consecutive version pair of the corpus")
    print(
        f"  {'source':<22} {'pairs':>5} {'material':>8} {'editorial':>9} {'none':>5}  (upgrade pairs material)"
    )
    totals = Counter()
    all_pairs = corpus_pairs(corpus)
    cache.prefetch([p for pairs in all_pairs.values() for old, new, _ in pairs for p in (old, new)])
    for source, pairs in all_pairs.items():
        c = Counter()
        for old, new, kind in pairs:
            severity, _ = judge(cache, old, new)
            c[severity.value] += 1
            c["pairs"] += 1
            if kind == "upgrade":
                c["upgrade"] += 1
                c["upgrade_material"] += severity is Severity.MATERIAL
        totals.update(c)
        print(
            f"  {source:<22} {c['pairs']:>5} {c['material']:>8} {c['editorial']:>9} {c['none']:>5}"
            f"  ({c['upgrade_material']} of {c['upgrade']})"
        )
    print(
        f"  {'total':<22} {totals['pairs']:>5} {totals['material']:>8} {totals['editorial']:>9} {totals['none']:>5}"
        f"  ({totals['upgrade_material']} of {totals['upgrade']})"
    )


def timing(corpus: Path, runs: int) -> None:
    files = [p for p in (corpus / "versions").glob("*/*/*.md") if p.stat().st_size > 0]
    largest = max(files, key=lambda p: p.stat().st_size)
    doc = extract(largest.read_bytes(), "text/markdown")
    analyze(doc)  # warm the lexicon caches, as in a running recorder
    a_wall, a_cpu = median_ms(lambda: analyze(doc), runs)

    pairs = [pair for pairs in corpus_pairs(corpus).values() for pair in pairs]
    pairs.sort(key=lambda p: p[0].stat().st_size + p[1].stat().st_size)

    def whole_pair(old: Path, new: Path) -> Callable[[], None]:
        def run() -> None:
            a = extract(old.read_bytes(), "text/markdown")
            b = extract(new.read_bytes(), "text/markdown")
            compare(a, b, analyze(a), analyze(b))

        return run

    def extract_only(old: Path, new: Path) -> Callable[[], None]:
        return lambda: (
            extract(old.read_bytes(), "text/markdown"),
            extract(new.read_bytes(), "text/markdown"),
        )

    rel = largest.relative_to(corpus / "versions")
    print(f"\n== timing (median of {runs} runs; wall / cpu)")
    print(
        f"  analyze largest notice ({rel}, {len(doc.text):,} chars, {len(doc.blocks)} blocks):"
        f" {a_wall:.0f} / {a_cpu:.0f} ms (target < 150 ms)"
    )
    for name, (old, new, _) in (("largest", pairs[-1]), ("median", pairs[len(pairs) // 2])):
        a = extract(old.read_bytes(), "text/markdown")
        b = extract(new.read_bytes(), "text/markdown")
        fa, fb = analyze(a), analyze(b)
        p_wall, p_cpu = median_ms(whole_pair(old, new), runs)
        e_wall, e_cpu = median_ms(extract_only(old, new), runs)
        n_wall, n_cpu = median_ms(lambda a=a, b=b: (analyze(a), analyze(b)), runs)
        c_wall, c_cpu = median_ms(lambda a=a, b=b, fa=fa, fb=fb: compare(a, b, fa, fb), runs)
        size = (old.stat().st_size + new.stat().st_size) // 1024
        print(
            f"  {name} pair ({old.relative_to(corpus / 'versions')} -> {new.name}, {size} KB of Markdown):"
            f" extract+analyze+compare {p_wall:.0f} / {p_cpu:.0f} ms (target < 500 ms);"
            f" of which extract {e_wall:.0f} / {e_cpu:.0f}, analyze {n_wall:.0f} / {n_cpu:.0f},"
            f" compare (text diff, facts delta, classify) {c_wall:.0f} / {c_cpu:.0f} ms"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-corpus", action="store_true", help="only the labelled pairs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--errors", type=Path, help="write every wrong id/link (pair, item, cause) as JSON lines"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="processes for extract+analyze of the corpus"
    )
    args = parser.parse_args(argv)
    cache = Cache(args.workers)
    evaluate_labels(args.corpus, cache, args.errors)
    if not args.no_corpus:
        evaluate_corpus(args.corpus, cache)
        # The cache holds every analyzed version of the corpus: with it alive, each full
        # garbage collection during the timing walks millions of objects a recorder never holds.
        del cache
        gc.collect()
        timing(args.corpus, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
