"""``noticewatch import-ota``: watch the services Open Terms Archive declares, in one command."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # imported when the command runs: `noticewatch --help` starts fast
    from monitor.ota import ImportResult
    from monitor.watchlist_merge import Action


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-ota",
        help="write watchlist targets from Open Terms Archive declarations",
        description="Read Open Terms Archive declaration files (<Service>.json) or folders of "
        "them and write one watchlist target per document: fetch -> url, select/remove "
        '(ranges too), executeClientScripts -> render = "browser", combine -> urls, filter '
        "names -> our cleaning steps where one matches. Prints, per service, what was imported "
        "and what could not be. With --output, targets are appended to that watchlist (its "
        "comments kept); a target edited by hand since it was imported is kept unless --force.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="declaration files or folders")
    p.add_argument(
        "--documents",
        action="append",
        metavar="TYPE",
        help='document types to import (repeatable; default "Privacy Policy"; "all" for every type)',
    )
    p.add_argument(
        "--tag", action="append", default=[], metavar="T", help="add this tag to every target"
    )
    p.add_argument(
        "--output",
        metavar="FILE",
        help="watchlist to create or add to (default: print the TOML on standard output)",
    )
    p.add_argument(
        "--force", action="store_true", help="overwrite targets that were edited by hand"
    )
    p.set_defaults(handler=import_ota)


def import_ota(args: argparse.Namespace) -> int:
    from monitor.ota import DEFAULT_DOCUMENTS, import_declarations
    from monitor.watchlist_merge import merge

    documents = args.documents or list(DEFAULT_DOCUMENTS)
    wanted = None if any(d.strip().lower() == "all" for d in documents) else documents
    result = import_declarations(args.paths, documents=wanted, tags=args.tag)
    output = Path(args.output) if args.output else None
    existing = output.read_text(encoding="utf-8") if output and output.exists() else None
    text, actions = merge(existing, result.imported, force=args.force, file=str(output or "-"))
    report_to = sys.stdout if output else sys.stderr
    report(result, actions, report_to)
    if output is None:
        sys.stdout.write(text)
    elif text != existing:
        _write(output, text)
        print(f"wrote {output}; check it with: noticewatch validate --watchlist {output}")
    return 0 if result.imported else 1


def _write(path: Path, text: str) -> None:
    """Replace the file in one step: an interrupted import leaves the old watchlist whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report(result: ImportResult, actions: list[Action], out: TextIO) -> None:
    """Per service: each document imported (as which target, how it is read) or why not; then totals."""
    action_of = {a.target_id: a.action for a in actions}
    by_service: dict[tuple[str, str], list[str]] = {}
    for item in result.imported:
        entry = item.entry
        how = []
        if entry.get("render") == "browser":
            how.append("browser")
        if "urls" in entry:
            how.append(f"{len(entry['urls'])} pages")
        ranges = sum(isinstance(s, dict) for k in ("select", "remove") for s in entry.get(k, []))
        if ranges:
            how.append(f"{ranges} range(s)")
        if entry.get("filters"):
            how.append("filters " + ", ".join(entry["filters"]))
        action = action_of.get(item.id, "added")
        if action == "kept":
            action = "kept: edited by hand since imported (--force overwrites)"
        line = f"  {item.document} -> {item.id}: {action}" + (f" ({'; '.join(how)})" if how else "")
        lines = [line, *(f"    not supported: {u}" for u in item.unsupported)]
        by_service.setdefault((item.service, item.source), []).extend(lines)
    for skipped in result.skipped:
        by_service.setdefault((skipped.service, skipped.source), []).append(
            f"  {skipped.document}: not imported: {skipped.reason}"
        )
    for (service, source), lines in sorted(by_service.items(), key=lambda kv: kv[0][0].casefold()):
        print(f"{service} ({source})", file=out)
        for line in lines:
            print(line, file=out)
    print(summary(result, actions), file=out)


def summary(result: ImportResult, actions: list[Action]) -> str:
    """The totals line: what the closing note and the README quote."""
    imported = result.imported
    counts = Counter(a.action for a in actions)
    done = ", ".join(f"{n} {name}" for name, n in sorted(counts.items())) or "nothing written"
    browser = sum(i.entry.get("render") == "browser" for i in imported)
    pages = sum("urls" in i.entry for i in imported)
    ranges = sum(
        any(isinstance(s, dict) for k in ("select", "remove") for s in i.entry.get(k, []))
        for i in imported
    )
    filters = sum(bool(i.entry.get("filters")) for i in imported)
    partial = sum(bool(i.unsupported) for i in imported)
    return (
        f"{len(imported)} target(s) from {result.services} declaration(s) ({done}): "
        f"{browser} render in a browser, {pages} of several pages, {ranges} with ranges, "
        f"{filters} with filters; {partial} with something not supported; "
        f"{len(result.skipped)} document(s) not imported; "
        f"{result.other_documents} document(s) of other types left out"
    )
