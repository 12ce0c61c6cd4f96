"""Audit what the analyzer says a notice STATES, on the latest version of every corpus service.

Run:  .venv/bin/python bench/audit_presence.py [--corpus DIR] [--out FILE] [--review FILE]

The dev labels are about changes between versions; they cannot show a fact drawn from a
sentence that states no reliance or no processing (rights text, a definition, a list of
the bases the law offers, a discouragement). Unseen notices show it: legal bases and
special categories reported PRESENT far more often than annotators find them. This
script measures that on the corpus:

1. For the latest version of every service of every source (ie and us variants are
   different notices), extract, analyze and count, per audited fact, how many notices
   state it. A fact is stated by an affirmative statement; children's data also by a
   denial ("we do not knowingly collect data from children" is a fact about children).
   The sale flag counts as its own fact: ``purpose.sharing_third_parties+sale``.
2. Write every (service, fact, evidence sentence) to ``--out`` (JSONL; by default a new
   file per run in the temp directory, its path printed first), each with a
   ``hash`` of (fact, sentence) so a verdict survives analyzer changes that keep the
   sentence.
3. With ``--review`` (default bench/presence_review.jsonl: service, file, fact, hash,
   verdict ``correct`` / ``wrong``, why), print per fact: evidence judged / correct, and
   notices judged / correct (a notice is correct for a fact when some evidence of it is
   judged correct, wrong when all its evidence is judged wrong), plus the judged-correct
   evidence that no longer appears (facts lost since the review).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.analyze import analyze  # noqa: E402
from monitor.extract import extract  # noqa: E402
from monitor.model import Facts  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpus")
DEFAULT_REVIEW = ROOT / "bench" / "presence_review.jsonl"
SALE = "purpose.sharing_third_parties+sale"
AUDITED = (
    "basis.consent",
    "basis.explicit_consent",
    "basis.contract",
    "basis.legal_obligation",
    "basis.vital_interests",
    "basis.public_task",
    "basis.legitimate_interests",
    "data.special",
    "data.health",
    "data.biometric",
    "data.criminal",
    "data.children",
    "data.verification",
    "purpose.ai_training",
    SALE,
)
#: Facts stated even by a denial: "we do not knowingly collect children's data" is about children.
DENIAL_COUNTS = frozenset({"data.children"})

#: A sentence ends at . ! ? or ; followed by a space, or at a line break.
_END = re.compile(r"[.!?;](?=\s)|\n")


def latest_versions(corpus: Path) -> list[tuple[str, str, Path]]:
    """(source, service, file) of the latest version of each service of each source."""
    out = []
    for manifest in sorted((corpus / "versions").glob("*/*/manifest.json")):
        versions = json.loads(manifest.read_text())["versions"]
        last = max(versions, key=lambda v: v["n"])
        out.append(
            (manifest.parent.parent.name, manifest.parent.name, manifest.parent / last["file"])
        )
    return out


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around [start, end): what a reviewer needs to judge the fact."""
    left = 0
    for m in _END.finditer(text, max(0, start - 1500), start):
        left = m.end()
    m = _END.search(text, end)
    right = m.end() if m else len(text)
    return " ".join(text[left:right].split())


def evidence_hash(fact: str, sentence: str) -> str:
    return hashlib.sha1(f"{fact}\n{sentence}".encode()).hexdigest()[:12]


def stated(text: str, facts: Facts) -> dict[str, dict[str, dict]]:
    """Per audited fact, its evidence sentences (by hash) in one notice."""
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for st in facts.statements:
        for fact in AUDITED:
            own = fact.split("+")[0]
            if st.negated and fact not in DENIAL_COUNTS:
                continue
            if fact == SALE and not st.sale:
                continue
            if own not in st.facts:
                continue
            evidence = [e for e in st.evidence if e.fact == own]
            if evidence:
                for e in evidence:
                    sentence = sentence_at(text, e.start, e.end)
                    row = {"sentence": sentence, "words": e.text, "negated": st.negated}
                    found[fact].setdefault(evidence_hash(fact, sentence), row)
            else:  # a basis taken from the heading above the block
                sentence = " > ".join(st.section_path) + " :: " + " ".join(st.text.split())[:400]
                row = {"sentence": sentence, "words": "(heading)", "negated": st.negated}
                found[fact].setdefault(evidence_hash(fact, sentence), row)
    return found


def load_review(path: Path) -> dict[tuple[str, str, str], dict]:
    if not path.exists():
        return {}
    review = {}
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("verdict") not in ("correct", "wrong"):
            raise SystemExit(f"{path}:{n}: key 'verdict' must be 'correct' or 'wrong'")
        review[(row["service"], row["fact"], row["hash"])] = row
    return review


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--out",
        type=Path,
        default=None,
        help="evidence JSONL (default: a new file per run in the temp directory, so two runs"
        " at once do not overwrite each other's)",
    )
    ap.add_argument("--review", type=Path, default=DEFAULT_REVIEW)
    args = ap.parse_args(argv)
    if args.out is None:
        fd, name = tempfile.mkstemp(prefix="presence_evidence-", suffix=".jsonl")
        os.close(fd)
        args.out = Path(name)
    print(f"evidence: {args.out}", flush=True)

    notices = latest_versions(args.corpus)
    review = load_review(args.review)
    per_fact: Counter[str] = Counter()
    seen: set[tuple[str, str, str]] = set()
    ev_judged: Counter[str] = Counter()
    ev_correct: Counter[str] = Counter()
    doc_verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    with args.out.open("w") as out:
        for source, service, path in notices:
            name = f"{source}/{service}"
            doc = extract(path.read_bytes(), "text/markdown")
            facts = analyze(doc)
            for fact, rows in stated(doc.text, facts).items():
                per_fact[fact] += 1
                verdicts = []
                for h, row in rows.items():
                    seen.add((name, fact, h))
                    line = {"service": name, "file": path.name, "language": facts.language}
                    out.write(json.dumps({**line, "fact": fact, "hash": h, **row}) + "\n")
                    judged = review.get((name, fact, h))
                    if judged:
                        ev_judged[fact] += 1
                        ev_correct[fact] += judged["verdict"] == "correct"
                        verdicts.append(judged["verdict"])
                if "correct" in verdicts:
                    doc_verdicts[fact]["correct"] += 1
                elif verdicts and len(verdicts) == len(rows):
                    doc_verdicts[fact]["wrong"] += 1
                else:
                    doc_verdicts[fact]["unjudged"] += 1

    lost: Counter[str] = Counter()
    gone: Counter[str] = Counter()
    for key, row in review.items():
        if key not in seen:
            gone[key[1]] += 1
            lost[key[1]] += row["verdict"] == "correct"

    print(
        f"{len(notices)} notices (latest version of each service, per source); evidence in {args.out}"
    )
    print(
        f"{'fact':38} {'notices':>7} | {'ev judged':>9} {'correct':>7} {'P':>5} |"
        f" {'doc ok':>6} {'wrong':>5} {'unjudg':>6} {'P':>5} | {'gone':>4} {'lost ok':>7}"
    )
    for fact in AUDITED:
        j, c = ev_judged[fact], ev_correct[fact]
        d = doc_verdicts[fact]
        dj = d["correct"] + d["wrong"]
        p_ev = f"{c / j:.2f}" if j else "-"
        p_doc = f"{d['correct'] / dj:.2f}" if dj else "-"
        print(
            f"{fact:38} {per_fact[fact]:>7} | {j:>9} {c:>7} {p_ev:>5} |"
            f" {d['correct']:>6} {d['wrong']:>5} {d['unjudged']:>6} {p_doc:>5} | {gone[fact]:>4} {lost[fact]:>7}"
        )
    tj, tc = sum(ev_judged.values()), sum(ev_correct.values())
    print(f"all evidence: judged {tj}, correct {tc}" + (f", P {tc / tj:.2f}" if tj else ""))
    print(
        f"judged evidence gone since the review: {sum(gone.values())}, of them correct: {sum(lost.values())}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
