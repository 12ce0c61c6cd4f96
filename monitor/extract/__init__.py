"""Extraction: the bytes of a fetched notice to a normalized ``Document``.

``extract`` picks the reader from the content type, then from the bytes
(``%PDF-``, an HTML tag, a ``.md`` URL, else plain text), decodes the charset as
a browser would, and returns ordered blocks whose rendering is the text that
versions are compared on. It is deterministic: the same bytes and options give
the same text, byte for byte.

Version policy for ``EXTRACTOR_VERSION``: bump it whenever a change in this
package can change ``Document.text`` (or block kinds, levels or paths) for the
same bytes and options: code, the rules in ``noise.toml`` or the patterns in
``volatile.toml``. The recorder compares it with the version stored with the
previous text and, when they differ, re-extracts the old snapshot so that a
newer extractor is recorded as a re-extraction rather than alerted as a change
of the notice. Changes to ``walls.toml`` (used by ``monitor.check``) do not
change text and need no bump. Pure refactorings need no bump either; the
tests pin the data files' fingerprint to the version to catch a forgotten bump.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from monitor.extract.blocks import BlockBuilder, ExtractionError
from monitor.extract.decode import decode_html, decode_text, media_type
from monitor.extract.normalize import normalize_language
from monitor.model import Document
from monitor.targets import Range, Selector

__all__ = ["EXTRACTOR_VERSION", "MAX_TEXT_CHARS", "ExtractionError", "extract", "sniff_type"]

#: 2: link targets kept in the text (``[text](target)``), range selectors, named filters.
#: 3: lists written with glyph bullets in one paragraph are list items; Markdown and plain
#: paragraphs a conversion cut mid-sentence are joined.
EXTRACTOR_VERSION = "4"

#: The largest notice read: 5 million characters of text (real notices: 10-200 thousand).
#: Memory and time grow with the text; a larger page is refused, not half-read.
MAX_TEXT_CHARS = 5_000_000

_TAG = re.compile(rb"<[^>]*>")

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml+html"})
MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown", "text/md"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})

_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|"
    rb"div|p|h[1-6]|section|article|main|table|ul|ol|span|a|br|\?xml)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)


def sniff_type(body: bytes, content_type: str | None = None, url: str | None = None) -> str:
    """The media type to read ``body`` as: text/html, application/pdf, text/markdown or text/plain.

    A declared HTML, PDF or Markdown type is trusted; other declarations (none,
    ``application/octet-stream``, ``text/plain`` ...) fall back to the bytes, since
    servers mislabel notices, and ``%PDF-`` in the first kilobyte always wins.
    """
    declared = media_type(content_type)
    head = body[:1024].lstrip(b"\xef\xbb\xbf")
    if b"%PDF-" in head[:1024] or declared in PDF_TYPES:
        return "application/pdf"
    if declared in HTML_TYPES:
        return "text/html"
    if declared in MARKDOWN_TYPES:
        return "text/markdown"
    path = (url or "").split("?", 1)[0].split("#", 1)[0].lower()
    if path.endswith((".md", ".markdown")):
        return "text/markdown"
    if declared != "text/plain" and _HTML_START.match(head):
        return "text/html"
    return "text/plain"


def extract(
    body: bytes,
    content_type: str | None = None,
    *,
    url: str | None = None,
    select: Sequence[Selector] | Selector = (),
    remove: Sequence[Selector] | Selector = (),
    filters: Sequence[str] = (),
    language: str | None = None,
    encoding: str | None = None,
    max_chars: int = MAX_TEXT_CHARS,
) -> Document:
    """Read one fetched notice into a Document.

    ``select``/``remove`` are CSS selectors or ranges between two of them (HTML
    only): with ``select``, only the matched elements are read, and no match raises
    ExtractionError (a selector that stopped matching is a broken target, not an
    empty notice). ``filters`` names cleaning steps of ``monitor.extract.filters``
    run after them. Link targets are part of the text, as ``[text](target)``. ``language``
    (ISO 639-1) overrides the page's declaration; ``encoding`` overrides every
    charset declaration. A text longer than ``max_chars`` raises ExtractionError
    ("notice too large"), before parsing when the bytes alone tell.
    """
    if isinstance(select, str | Range):
        select = (select,)
    if isinstance(remove, str | Range):
        remove = (remove,)
    source_type = sniff_type(body, content_type, url)
    _refuse_large(body, source_type, max_chars)
    title: str | None
    declared: str | None = None
    if source_type == "text/html":
        from monitor.extract.html import extract_html

        builder, title, declared = extract_html(
            decode_html(body, content_type, encoding),
            select=select,
            remove=remove,
            filters=filters,
        )
    elif source_type == "application/pdf":
        from monitor.extract.pdf import extract_pdf

        builder, title, declared = extract_pdf(body)
    else:
        from monitor.extract.text import extract_markdown, extract_plain

        text = decode_text(body, content_type, encoding)
        reader = extract_markdown if source_type == "text/markdown" else extract_plain
        builder = reader(text, BlockBuilder())
        title = builder.first_heading
    blocks = builder.blocks()
    chars = sum(len(block.text) + 1 for block in blocks)
    if chars > max_chars:
        raise _too_large(chars, max_chars)
    return Document(
        blocks=blocks,
        title=title,
        language=normalize_language(language) or declared,
        extractor_version=EXTRACTOR_VERSION,
        source_type=source_type,
    )


def _too_large(chars: int, limit: int) -> ExtractionError:
    return ExtractionError(
        f"notice too large: about {chars:,} characters of text (the limit is {limit:,})"
    )


def _refuse_large(body: bytes, source_type: str, limit: int) -> None:
    """Refuse, before parsing, a body whose text is surely longer than ``limit`` characters.

    UTF-8 text is at least one byte per character, so text bodies are measured by
    their length (an upper bound); HTML by its bytes outside tags (markup costs
    nothing, a bloated page with a small notice is read). PDFs are measured after.
    """
    if len(body) <= limit or source_type == "application/pdf":
        return
    if source_type == "text/html":
        estimate = len(body) - sum(m.end() - m.start() for m in _TAG.finditer(body))
    else:
        estimate = len(body) // 4  # even four bytes per character is over the limit
    if estimate > limit:
        raise _too_large(estimate, limit)
