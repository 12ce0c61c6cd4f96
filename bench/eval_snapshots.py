"""Replay the corpus's raw snapshot streams through extract + check and score change detection.

For each service in ``corpus/snapshots/*/`` (oldest first), every snapshot is
extracted twice: with the archive's own selectors from the manifest's
``declaration`` and with the automatic main-content choice. A snapshot is a
detected change when its normalized text differs from the last *accepted*
snapshot's (anomalies, as flagged by ``monitor.check``, are skipped exactly as
the recorder skips them). Detections are scored against the manifest's
``ota_version == "change"`` marks.

Prints figures, asserts nothing. Usage::

    .venv/bin/python bench/eval_snapshots.py [--corpus DIR] [--service NAME] [--diff N]

``--diff N`` prints up to N lines of the text diff behind each false positive
and false negative, to see what noise differs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from monitor.check import Anomaly, check_document, check_extraction_failure, check_response
from monitor.extract import ExtractionError, extract

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@dataclass
class Score:
    snapshots: int = 0
    true_changes: int = 0
    #: Marked changes whose visible text is identical (a link target or markup changed).
    markup_only: int = 0
    #: Marked changes on a snapshot this mode could not read (selectors matched nothing) or
    #: on the first readable one (nothing to compare with).
    unreadable: int = 0
    detected: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    seconds: float = 0.0
    anomalies: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "snapshots",
            "true_changes",
            "markup_only",
            "unreadable",
            "detected",
            "tp",
            "fp",
            "fn",
            "seconds",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.anomalies.update(other.anomalies)

    @property
    def precision(self) -> float:
        return self.tp / self.detected if self.detected else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.true_changes if self.true_changes else 1.0

    @property
    def text_recall(self) -> float:
        """Recall over the marked changes that change visible text."""
        wanted = self.true_changes - self.markup_only
        return self.tp / wanted if wanted else 1.0

    @property
    def readable_recall(self) -> float:
        """Recall over visible-text changes on snapshots this mode could read and compare."""
        wanted = self.true_changes - self.markup_only - self.unreadable
        return self.tp / wanted if wanted else 1.0

    def row(self, name: str, mode: str) -> str:
        anomalies = ", ".join(f"{k}={v}" for k, v in sorted(self.anomalies.items())) or "-"
        ms = 1000 * self.seconds / self.snapshots if self.snapshots else 0.0
        return (
            f"{name:<12} {mode:<9} {self.snapshots:>5} {self.true_changes:>5} {self.detected:>5} "
            f"{self.tp:>4} {self.fp:>4} {self.fn:>4} {self.precision:>6.2f} {self.recall:>6.2f} "
            f"{self.markup_only:>6} {self.text_recall:>6.2f} {self.unreadable:>6} "
            f"{self.readable_recall:>6.2f} {ms:>8.1f}  {anomalies}"
        )


HEADER = (
    f"{'service':<12} {'mode':<9} {'snaps':>5} {'true':>5} {'found':>5} {'TP':>4} {'FP':>4} "
    f"{'FN':>4} {'prec':>6} {'recall':>6} {'markup':>6} {'t.rec':>6} "
    f"{'unread':>6} {'r.rec':>6} {'ms/snap':>8}  anomalies"
)


def _as_list(value: object) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if isinstance(v, str))


def evaluate(service_dir: Path, mode: str, show_diff: int) -> Score:
    manifest = json.loads((service_dir / "manifest.json").read_text())
    declaration = manifest.get("declaration", {})
    select = _as_list(declaration.get("select")) if mode == "selectors" else ()
    remove = _as_list(declaration.get("remove")) if mode == "selectors" else ()
    url = declaration.get("fetch")
    score = Score()
    previous: str | None = None
    previous_file = ""
    for entry in manifest["snapshots"]:
        body = (service_dir / entry["file"]).read_bytes()
        content_type = "application/pdf" if entry["file"].endswith(".pdf") else "text/html"
        truth = entry.get("ota_version") == "change"
        score.snapshots += 1
        score.true_changes += truth
        if entry.get("contiguous_with_previous") is False and previous is not None:
            score.notes.append(f"{entry['file']}: not contiguous with the previous snapshot")
        started = time.perf_counter()
        anomaly: Anomaly | None = check_response(200, content_type, body)
        text = None
        if anomaly is None:
            try:
                document = extract(body, content_type, url=url, select=select, remove=remove)
            except ExtractionError as exc:
                anomaly = check_extraction_failure(body, content_type, exc, url=url)
            else:
                anomaly = check_document(
                    document, previous_chars=len(previous) if previous is not None else None
                )
                text = document.text
        score.seconds += time.perf_counter() - started
        if anomaly is not None or text is None:
            kind = anomaly.kind if anomaly else "unknown"
            score.anomalies[kind] += 1
            if truth:
                score.fn += 1
                score.unreadable += kind == "extraction_failed"
                score.notes.append(
                    f"{entry['file']}: change missed, {kind}: {anomaly.reason if anomaly else ''}"
                )
            continue
        if previous is None:
            previous, previous_file = text, entry["file"]
            if truth:
                score.fn += 1
                score.unreadable += 1
                score.notes.append(
                    f"{entry['file']}: change on the first readable snapshot (no baseline)"
                )
            continue
        changed = text != previous
        score.detected += changed
        if changed and truth:
            score.tp += 1
        elif changed:
            score.fp += 1
            score.notes.append(f"{entry['file']}: noise detected as a change (vs {previous_file})")
            _diff(previous, text, show_diff, score)
        elif truth:
            score.fn += 1
            if _visible_text(service_dir / previous_file, declaration) == _visible_text(
                service_dir / entry["file"], declaration
            ):
                score.markup_only += 1
                score.notes.append(
                    f"{entry['file']}: marked change with the same visible text as {previous_file} "
                    "(only markup or link targets changed): no version, by design"
                )
            else:
                score.notes.append(f"{entry['file']}: change missed, same text as {previous_file}")
        previous, previous_file = text, entry["file"]
    return score


def cross_check(services: list[Path], corpus: Path) -> list[str]:
    """Each recorded change's snapshot (read with the archive's selectors) against the archive's
    own Markdown version of the same date (read by the Markdown reader): same lines or not."""
    rows = []
    for service in services:
        manifest = json.loads((service / "manifest.json").read_text())
        declaration = manifest.get("declaration", {})
        select, remove = _as_list(declaration.get("select")), _as_list(declaration.get("remove"))
        for versions_manifest in sorted(corpus.glob(f"versions/*/{service.name}/manifest.json")):
            by_date = {
                v["date"][:16]: v for v in json.loads(versions_manifest.read_text())["versions"]
            }
            for entry in manifest["snapshots"]:
                version = by_date.get(entry["date"][:16])
                if entry.get("ota_version") != "change" or version is None:
                    continue
                try:
                    html = extract(
                        (service / entry["file"]).read_bytes(),
                        "text/html",
                        select=select,
                        remove=remove,
                    )
                except ExtractionError as exc:
                    rows.append(f"{service.name:<12} {entry['file']}  {version['file']:<8} {exc}")
                    continue
                markdown = extract(
                    (versions_manifest.parent / version["file"]).read_bytes(), "text/markdown"
                )
                same = html.lines == markdown.lines
                ratio = difflib.SequenceMatcher(
                    None, html.lines, markdown.lines, autojunk=False
                ).ratio()
                rows.append(
                    f"{service.name:<12} {entry['file']}  {version['file']:<8} "
                    f"{len(html.lines):>4} vs {len(markdown.lines):>4} lines  "
                    + ("identical" if same else f"line similarity {ratio:.3f}")
                )
    return rows


def _deterministic(services: list[Path]) -> bool:
    for service in services:
        manifest = json.loads((service / "manifest.json").read_text())
        declaration = manifest.get("declaration", {})
        body = (service / manifest["snapshots"][-1]["file"]).read_bytes()
        for select in (_as_list(declaration.get("select")), ()):
            try:
                first = extract(body, "text/html", select=select)
                second = extract(body, "text/html", select=select)
            except ExtractionError:
                continue
            if first.text.encode() != second.text.encode() or first != second:
                return False
    return True


def _visible_text(path: Path, declaration: dict[str, object]) -> str:
    """The visible text of the declared region (or the body), independent of noticewatch's extractor.

    Used only to tell a marked change that altered no visible text (a link
    target, markup) from a change the extractor missed.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_bytes(), "lxml")
    for tag in soup(["script", "style", "noscript", "template", "svg"]):
        tag.decompose()
    roots = [el for sel in _as_list(declaration.get("select")) for el in soup.select(sel)]
    if not roots:
        roots = [soup.body or soup]
    return " ".join(" ".join(root.get_text(" ").split()) for root in roots)


def _diff(old: str, new: str, limit: int, score: Score) -> None:
    if limit <= 0:
        return
    lines = [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if not line.startswith(("---", "+++", "@@"))
    ]
    for line in lines[:limit]:
        score.notes.append("      " + line[:160])
    if len(lines) > limit:
        score.notes.append(f"      ... {len(lines) - limit} more lines")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--service", action="append", help="only these services")
    parser.add_argument("--diff", type=int, default=0, help="diff lines to show per false positive")
    args = parser.parse_args()
    print(
        "recall: over all marked changes; markup: marked changes with identical visible text; "
        "t.rec: recall over the others;\nunread: marked changes on snapshots the mode could not "
        "read or compare (selectors matched nothing, no baseline); r.rec: recall without those"
    )
    services = sorted(
        p for p in (args.corpus / "snapshots").iterdir() if (p / "manifest.json").exists()
    )
    if args.service:
        services = [p for p in services if p.name in args.service]
    totals = {"selectors": Score(), "automatic": Score()}
    print(HEADER)
    notes: list[str] = []
    for service in services:
        for mode in ("selectors", "automatic"):
            score = evaluate(service, mode, args.diff)
            totals[mode].add(score)
            print(score.row(service.name, mode))
            notes.extend(f"{service.name} [{mode}] {note}" for note in score.notes)
    for mode, score in totals.items():
        print(score.row("TOTAL", mode))
    print(
        f"deterministic (each service's last snapshot extracted twice, both modes): {_deterministic(services)}"
    )
    rows = cross_check(services, args.corpus)
    if rows:
        print(
            "\nHTML snapshot (archive selectors) vs the archive's Markdown version of that change:"
        )
        for row in rows:
            print("  " + row)
    if notes:
        print("\nNotes:")
        for note in notes:
            print("  " + note)


if __name__ == "__main__":
    main()
