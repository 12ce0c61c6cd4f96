"""PDF notices to blocks with pypdf.

A PDF has no paragraphs, only positioned lines, so they are rebuilt: a line
joins the previous one unless a blank line, a bullet, a heading-like line or
the end of a sentence on a short line separates them. Page numbers and running
headers/footers repeated on most pages are dropped, since they would otherwise
be text that moves whenever a paragraph is added on an earlier page.
"""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO
from typing import Any

from monitor.extract.blocks import BlockBuilder, ExtractionError
from monitor.extract.normalize import clean_whitespace, normalize_language
from monitor.extract.text import guess_heading_level
from monitor.model import BlockKind

_PAGE_NUMBER = re.compile(
    r"^(?:page|seite|página|pagina|pag\.|p\.)?\s*[-–—(]?\s*\d{1,4}\s*"
    r"(?:(?:/|of|sur|von|de|di|van|z)\s*\d{1,4})?\s*[-–—)]?$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-•◦▪▫‣·*–]|\(?[a-z]\)|\(?\d{1,3}\))\s+")
_SENTENCE_END = re.compile(r"[.!?:;»”\")]$")


def _page_lines(pages: list[str]) -> list[list[str]]:
    """Lines of each page, without page numbers and running headers or footers."""
    lines = [[clean_whitespace(line) for line in page.splitlines()] for page in pages]
    lines = [[line for line in page if not _PAGE_NUMBER.match(line)] for page in lines]
    if len(lines) >= 3:
        edge = Counter()
        for page in lines:
            nonblank = [line for line in page if line]
            for line in set(nonblank[:1] + nonblank[-1:]):
                edge[re.sub(r"\d+", "#", line)] += 1
        running = {key for key, count in edge.items() if count >= 0.6 * len(lines)}
        if running:
            lines = [
                [line for line in page if re.sub(r"\d+", "#", line) not in running]
                for page in lines
            ]
    return lines


def blocks_from_lines(lines: list[str], builder: BlockBuilder) -> BlockBuilder:
    """Rebuild paragraphs, list items and headings from positioned lines ("" marks a gap)."""
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    width = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 80
    kind: BlockKind = "paragraph"
    current: list[str] = []
    ended = True

    def flush() -> None:
        nonlocal current
        if current:
            builder.add(kind, " ".join(current))
        current = []

    for line in lines:
        if not line:
            flush()
            kind, ended = "paragraph", True
            continue
        # After a list item a capitalised short line is a heading, not the item's continuation.
        starts = ended or not current or (kind == "list_item" and line[:1].isupper())
        level = guess_heading_level(line) if starts else 0
        bullet = _BULLET.match(line)
        if level:
            flush()
            builder.heading(level, line)
            kind, ended = "paragraph", True
            continue
        if bullet:
            flush()
            kind, current = "list_item", [line[bullet.end() :]]
        elif (
            current
            and current[-1].endswith("-")
            and line[:1].islower()
            and current[-1][-2:-1].isalpha()
        ):
            current[-1] = current[-1][:-1] + line
        elif ended and current:
            flush()
            kind, current = "paragraph", [line]
        else:
            current.append(line)
        ended = bool(_SENTENCE_END.search(line)) and len(line) < 0.85 * width
    flush()
    return builder


def _page_text(page: Any) -> str:
    """Text of one page; layout mode keeps vertical gaps as blank lines (paragraph breaks)."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode is stricter about odd fonts; plain mode still reads them
        return page.extract_text() or ""


def extract_pdf(body: bytes) -> tuple[BlockBuilder, str | None, str | None]:
    """Blocks, title (document info, else first heading) and declared language (/Lang) of a PDF."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(BytesIO(body))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [_page_text(page) for page in reader.pages]
        metadata = reader.metadata
        title = clean_whitespace(str(metadata.title)) if metadata and metadata.title else None
        root = reader.trailer["/Root"]
        language = normalize_language(str(root.get("/Lang"))) if "/Lang" in root else None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise ExtractionError(f"unreadable PDF: {exc}") from exc
    lines: list[str] = []
    for page in _page_lines(pages):
        lines.extend(page)
    builder = blocks_from_lines(lines, BlockBuilder())
    return builder, title or builder.first_heading, language
