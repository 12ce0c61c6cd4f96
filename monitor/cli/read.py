"""Reading what was recorded: ``history``, ``diff``, ``show``, ``facts``, ``compare``.

``diff --files`` and ``facts --file`` work on saved notices with no crawl and no
database, for people who want to check a notice they saved or script the analyzer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.cli.context import UnknownTarget, open_context, target_row
from monitor.errors import NoticewatchError

if TYPE_CHECKING:  # the rest is imported when used: `noticewatch --help` starts fast
    from rich.console import Console

    from monitor.diff.cards import CompareRow, Side
    from monitor.model import Change, Document, Facts
    from monitor.render import FactLabels

DIFF_SCHEMA = "noticewatch.diff/v1"
FACTS_SCHEMA = "noticewatch.facts/v1"
COMPARE_SCHEMA = "noticewatch.compare/v1"

_MEDIA_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
}


def register(sub: argparse._SubParsersAction) -> None:
    from monitor.cli import common_options

    p = sub.add_parser("history", help="list the versions of a target")
    p.add_argument("target")
    p.add_argument("--format", choices=["text", "json"], default="text")
    common_options(p)
    p.set_defaults(handler=history)

    p = sub.add_parser(
        "diff",
        help="show what changed between two versions (or two files)",
        description="Default: the latest version against the one before. "
        "With --files OLD NEW, compare two saved notices (HTML, PDF, Markdown or text) without a database.",
    )
    p.add_argument("target", nargs="?")
    p.add_argument(
        "--from", dest="from_version", type=int, metavar="N", help="older version number"
    )
    p.add_argument("--to", dest="to_version", type=int, metavar="M", help="newer version number")
    p.add_argument(
        "--files", nargs=2, metavar=("OLD", "NEW"), help="compare two local files ('-' = stdin)"
    )
    p.add_argument("--language", help="language of the files (default: detected)")
    p.add_argument("--format", choices=["text", "html", "json"], default="text")
    p.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE instead of standard output"
    )
    common_options(p)
    p.set_defaults(handler=diff)

    p = sub.add_parser("show", help="print the extracted text of a version (or its raw snapshot)")
    p.add_argument("target")
    p.add_argument("--version", type=int, metavar="N", help="version number (default: latest)")
    p.add_argument("--raw", action="store_true", help="the raw bytes as fetched")
    common_options(p)
    p.set_defaults(handler=show)

    p = sub.add_parser(
        "facts",
        help="what a notice says: statements grouped by legal basis, with evidence",
        description="For a target's version, or for a local file with --file PATH (or - for stdin).",
    )
    p.add_argument("target", nargs="?")
    p.add_argument("--version", type=int, metavar="N", help="version number (default: latest)")
    p.add_argument(
        "--file", metavar="PATH", help="analyze a local HTML, PDF, Markdown or text file"
    )
    p.add_argument("--language", help="language of the notice (default: watchlist or detected)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    common_options(p)
    p.set_defaults(handler=facts)

    p = sub.add_parser(
        "compare", help="facts of two targets side by side (e.g. the EU and US notices)"
    )
    p.add_argument("target_a")
    p.add_argument("target_b")
    p.add_argument("--format", choices=["text", "json"], default="text")
    common_options(p)
    p.set_defaults(handler=compare_targets)


# --------------------------------------------------------------------------- history / show


def history(args: argparse.Namespace) -> int:
    from storage import repo

    context = open_context(args, need_watchlist=False)
    with context.database.session() as session:
        row = target_row(session, args.target)
        entries = [
            {
                "version": v.number,
                "fetched_at": v.fetched_at.isoformat(timespec="seconds"),
                "chars": v.chars,
                "snapshot_sha256": v.snapshot_sha256,
                "severity": v.severity,
                "summary": v.summary,
            }
            for v in repo.version_summaries(session, row.id)
        ]
    if args.format == "json":
        print(
            json.dumps({"target": args.target, "versions": entries}, indent=2, ensure_ascii=False)
        )
        return 0
    if not entries:
        print(f"{args.target}: no versions recorded yet (run `noticewatch recrawl {args.target}`)")
        return 0
    for e in entries:
        print(
            f"v{e['version']:<3} {e['fetched_at']}  {e['chars']:>7} chars  "
            f"{e['snapshot_sha256'][:12]}  {e['severity'] or '-':<12} {e['summary']}"
        )
    return 0


def show(args: argparse.Namespace) -> int:
    from storage import repo

    context = open_context(args, need_watchlist=False)
    with context.database.session() as session:
        version = _version(session, args.target, args.version)
        if args.raw:
            data = repo.snapshot_body(version.snapshot)
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            return 0
        text = version.text
    print(text)
    return 0


# --------------------------------------------------------------------------- diff


def diff(args: argparse.Namespace) -> int:
    from monitor.analyze import analyze
    from monitor.diff import compare
    from monitor.model import Change, Severity
    from storage import repo

    if args.files:
        old_doc = read_document(args.files[0], language=args.language)
        new_doc = read_document(args.files[1], language=args.language)
        old_facts = analyze(old_doc, language=args.language)
        new_facts = analyze(new_doc, language=args.language)
        change = compare(old_doc, new_doc, old_facts, new_facts)
        labels = (args.files[0], args.files[1])
        title = "Comparison of two saved notices"
        meta: dict[str, Any] = {"old": {"file": args.files[0]}, "new": {"file": args.files[1]}}
    else:
        if not args.target:
            raise NoticewatchError("diff: name a TARGET, or give --files OLD NEW")
        context = open_context(args, need_watchlist=False)
        with context.database.session() as session:
            row = target_row(session, args.target)
            new_v = _version(session, args.target, args.to_version)
            from_number = args.from_version if args.from_version is not None else new_v.number - 1
            if from_number < 1:
                raise NoticewatchError(
                    f"{args.target}: only one version recorded, nothing to compare"
                )
            old_v = _version(session, args.target, from_number)
            old_doc, new_doc = repo.version_document(old_v), repo.version_document(new_v)
            old_facts = repo.version_facts(old_v) or analyze(old_doc)
            new_facts = repo.version_facts(new_v) or analyze(new_doc)
            change = compare(old_doc, new_doc, old_facts, new_facts)
            stored = repo.change_for_version(session, new_v)
            if (
                stored is not None
                and new_v.number == old_v.number + 1
                and stored.severity == "reextraction"
            ):
                change = Change(
                    severity=Severity.REEXTRACTION,
                    text_diff=change.text_diff,
                    summary=stored.summary,
                )
            labels = (
                f"v{old_v.number} ({old_v.fetched_at:%Y-%m-%d %H:%M})",
                f"v{new_v.number} ({new_v.fetched_at:%Y-%m-%d %H:%M})",
            )
            title = f"{row.service} — {' '.join(p for p in (row.region, row.document) if p)}"
            meta = {
                "target": args.target,
                "old": _version_meta(old_v),
                "new": _version_meta(new_v),
            }
    return _emit_diff(args, change, title, labels, old_doc, new_doc, old_facts, new_facts, meta)


def _emit_diff(
    args: argparse.Namespace,
    change: Change,
    title: str,
    labels: tuple[str, str],
    old_doc: Document,
    new_doc: Document,
    old_facts: Facts,
    new_facts: Facts,
    meta: dict[str, Any],
) -> int:
    from rich.console import Console

    from monitor.analyze.taxonomy import label

    language = new_facts.language

    def fact_label(fact_id: str) -> str:
        return label(fact_id, language)

    if args.format == "json":
        doc = diff_document(change, meta, old_facts, new_facts)
        _write(args, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "html":
        from monitor.render.html import change_page

        page = change_page(
            change,
            title=title,
            old_label=labels[0],
            new_label=labels[1],
            old=old_doc,
            new=new_doc,
            fact_labels=fact_label,
        )
        _write(args, page)
    else:
        from monitor.render.terminal import render_change

        with open(args.output, "w", encoding="utf-8") if args.output else nullcontext() as fh:
            console = Console(file=fh, no_color=True, width=100) if fh else Console(highlight=False)
            render_change(
                console,
                change,
                title=title,
                old_label=labels[0],
                new_label=labels[1],
                fact_labels=fact_label,
            )
    return 0


def diff_document(
    change: Change, meta: dict[str, Any], old_facts: Facts, new_facts: Facts
) -> dict[str, Any]:
    """The ``noticewatch.diff/v1`` document (``diff --format json``, the web view's change JSON)."""
    from monitor import codec

    return {
        "schema": DIFF_SCHEMA,
        **meta,
        "severity": change.severity.value,
        "summary": change.summary,
        "cards": codec.to_jsonable(change.cards),
        "fact_changes": codec.to_jsonable(change.fact_changes),
        "announcements": codec.to_jsonable(change.announcements),
        "stats": codec.to_jsonable(change.text_diff.stats),
        "hunks": codec.to_jsonable(change.text_diff.hunks),
        "old_facts": codec.facts_to_json(old_facts),
        "new_facts": codec.facts_to_json(new_facts),
    }


def _write(args: argparse.Namespace, text: str) -> None:
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


# --------------------------------------------------------------------------- facts / compare


def facts(args: argparse.Namespace) -> int:
    from rich.console import Console

    from monitor import codec
    from monitor.analyze import analyze
    from storage import repo

    if args.file:
        document = read_document(args.file, language=args.language)
        result = analyze(document, language=args.language)
        source: dict[str, Any] = {"file": args.file}
    else:
        if not args.target:
            raise NoticewatchError("facts: name a TARGET, or give --file PATH")
        context = open_context(args, need_watchlist=False)
        with context.database.session() as session:
            version = _version(session, args.target, args.version)
            document = repo.version_document(version)
            stored = repo.version_facts(version)
            result = (
                stored
                if stored is not None and not args.language
                else analyze(document, language=args.language)
            )
            source = {"target": args.target, "version": _version_meta(version)}
    if args.format == "json":
        doc = {"schema": FACTS_SCHEMA, **source, "facts": codec.facts_to_json(result)}
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    print_facts(Console(highlight=False), result)
    return 0


def print_facts(console: Console, result: Facts) -> None:
    """Statements grouped by legal basis, each with the words that prove it."""
    from rich.markup import escape

    from monitor.analyze.taxonomy import label

    lang = result.language
    header = f"language: {lang}"
    if result.effective_date:
        header += f" · effective/updated: {result.effective_date}"
    console.print(header)
    for a in result.announcements:
        when = a.effective_date or "a later date"
        console.print(
            f"[bold yellow]announced change, effective {escape(when)}:[/] {escape(a.text)}"
        )
    groups: dict[str, list[Any]] = {}
    for st in result.statements:
        keys = sorted(st.legal_bases) or ["(no legal basis stated)"]
        for key in keys:
            groups.setdefault(key, []).append(st)
    for basis in sorted(groups, key=lambda k: (k.startswith("("), k)):
        title = basis if basis.startswith("(") else f"{label(basis, lang)} [{basis}]"
        console.print(f"\n[bold]{escape(title)}[/]")
        for st in groups[basis]:
            where = " › ".join(st.section_path) or "(top)"
            tags = sorted(st.purposes) + sorted(st.data_categories)
            neg = "[red]NOT[/] " if st.negated else ""
            console.print(
                f"  • {neg}{escape(', '.join(label(t, lang) for t in tags) or '-')}  [dim]({escape(where)})[/]"
            )
            console.print(f"    [dim]“{escape(_clip(st.text, 240))}”[/]")


def compare_targets(args: argparse.Namespace) -> int:
    """Two notices purpose by purpose (basis, data, control in each), differences first."""
    from rich.console import Console

    from monitor.analyze import analyze
    from monitor.analyze.taxonomy import label
    from monitor.diff.cards import compare_cards
    from storage import repo

    context = open_context(args, need_watchlist=False)
    with context.database.session() as session:
        sides = []
        for target_id in (args.target_a, args.target_b):
            version = _version(session, target_id, None)
            stored = repo.version_facts(version)
            sides.append(stored if stored is not None else analyze(repo.version_document(version)))
    language = sides[0].language or "en"
    rows = compare_cards(sides[0], sides[1], language)
    if args.format == "json":
        doc = compare_document(args.target_a, args.target_b, sides[0], sides[1], rows)
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    print_comparison(
        Console(highlight=False), rows, args.target_a, args.target_b, lambda i: label(i, language)
    )
    return 0


def compare_document(
    name_a: str, name_b: str, a: Facts, b: Facts, rows: Sequence[CompareRow]
) -> dict[str, Any]:
    """The ``noticewatch.compare/v1`` document (``compare --format json``, the web view's JSON)."""
    from monitor import codec
    from monitor.analyze.taxonomy import label
    from monitor.diff.facts import compare_facts

    language = a.language or "en"
    doc = {
        "schema": COMPARE_SCHEMA,
        "a": name_a,
        "b": name_b,
        "language_a": a.language,
        "language_b": b.language,
        "rows": [{**codec.to_jsonable(row), "label": label(row.subject, language)} for row in rows],
        "comparison": compare_facts(a, b),
    }
    return codec.to_jsonable(doc)


def print_comparison(
    console: Console, rows: Sequence[CompareRow], name_a: str, name_b: str, names: FactLabels
) -> None:
    """Each purpose with its basis, data and control in A and in B; what differs first."""
    from rich.text import Text

    differing = [row for row in rows if row.differences]
    same = [row for row in rows if not row.differences]
    width = max(len(name_a), len(name_b))
    console.print(Text(f"{name_a} ↔ {name_b}", style="bold"))
    console.print()
    console.print(Text(f"Differences ({len(differing)})", style="bold underline"))
    if not differing:
        console.print("  none: both notices state the same purposes, bases, data and controls")
    for row in differing:
        head = Text(f"  {row.kind} ", style="dim")
        head.append(names(row.subject), style="bold")
        what = ", ".join(
            "only in " + (name_a if row.b is None else name_b) if d == "presence" else d
            for d in row.differences
        )
        head.append(f"  [{what}]", style="yellow")
        console.print(head)
        for name, side in ((name_a, row.a), (name_b, row.b)):
            line = Text(f"      {name:<{width}}  ", style="dim")
            line.append(side_text(side, names))
            console.print(line)
    console.print()
    console.print(Text(f"Same in both ({len(same)})", style="bold underline"))
    for row in same:
        line = Text(f"  {row.kind} ", style="dim")
        line.append(names(row.subject))
        detail = side_text(row.a, names) if row.kind == "purpose" else ""
        if detail and detail != "stated":
            line.append(f" — {detail}", style="dim")
        console.print(line)


def side_text(side: Side | None, names: FactLabels) -> str:
    """One notice's word on a subject: "legal basis: X · data: Y · control: Z", or "not stated"."""
    if side is None:
        return "not stated"

    def words(ids: Sequence[str]) -> str:
        return ", ".join(names(i) or i for i in ids)

    parts = []
    if side.negated:
        parts.append("stated in the negative (the notice says it does not)")
    for name, ids in (
        ("legal basis", side.bases),
        ("data", side.data),
        ("control", side.controls),
        ("shared with", side.recipients),
    ):
        if ids:
            parts.append(f"{name}: {words(ids)}")
    if side.sale is not None:
        parts.append("sold" if side.sale else "says it does not sell")
    return " · ".join(parts) or "stated"


# --------------------------------------------------------------------------- helpers


def read_document(path: str, *, language: str | None = None) -> Document:
    """A local notice (HTML, PDF, Markdown, text; '-' reads stdin) as a Document."""
    from monitor.extract import MAX_TEXT_CHARS, ExtractionError, extract

    try:
        if path != "-" and Path(path).stat().st_size > 4 * MAX_TEXT_CHARS:
            # Even four bytes a character would be over the limit: refused before reading.
            raise NoticewatchError(
                f"{path}: notice too large: {Path(path).stat().st_size:,} bytes"
                f" (the limit is {MAX_TEXT_CHARS:,} characters of text)"
            )
        body = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise NoticewatchError(f"cannot read {path}: {exc.strerror or exc}") from None
    media_type = _MEDIA_TYPES.get(Path(path).suffix.lower()) if path != "-" else None
    try:
        return extract(
            body, media_type, url=None if path == "-" else Path(path).name, language=language
        )
    except ExtractionError as exc:
        raise NoticewatchError(f"cannot extract {path}: {exc}") from None


def _version(session: Any, target_id: str, number: int | None) -> Any:
    from storage import repo

    row = target_row(session, target_id)
    version = (
        repo.latest_version(session, row.id)
        if number is None
        else repo.get_version(session, row.id, number)
    )
    if version is None:
        if number is None:
            raise UnknownTarget(
                f"{target_id}: no versions recorded yet (run `noticewatch recrawl {target_id}`)"
            )
        raise UnknownTarget(
            f"{target_id}: no version {number} (see `noticewatch history {target_id}`)"
        )
    return version


def version_meta(version: Any) -> dict[str, Any]:
    """A version's identity in the JSON documents: number, time, hashes, reader versions."""
    return _version_meta(version)


def _version_meta(version: Any) -> dict[str, Any]:
    return {
        "number": version.number,
        "fetched_at": version.fetched_at.isoformat(timespec="seconds"),
        "text_sha256": version.text_sha256,
        "snapshot_sha256": version.snapshot.sha256,
        "extractor_version": version.extractor_version,
        "analyzer_version": version.analyzer_version,
    }


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
