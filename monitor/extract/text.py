"""Markdown and plain text to blocks.

Markdown is parsed with markdown-it-py (CommonMark, plus GFM tables and
strikethrough), not with line regexes: archives such as Open Terms Archive
write setext headings (``Title`` over ``=====``), backslash escapes (``1\\.``),
lazy continuation lines, nested lists and inline HTML, and a hand-rolled
parser gets each of those subtly wrong. Links keep their text, images and
emphasis markers vanish, so a Markdown version and the HTML page it came from
give comparable text.

Plain text has no markup to trust: paragraphs are separated by blank lines,
wrapped lines are joined, and lines opening with a bullet or a number are list
items.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from monitor.extract.blocks import LINE_BREAK, BlockBuilder, join_cells, join_pieces
from monitor.model import BlockKind

_BR_TAG = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_CELL_BULLET = re.compile(r"^(?:[*+\-•]|\d{1,3}[.)])\s+")
#: Stands for a ``<br>`` inside a table cell while the cell is split into its items.
_BR = "\ue000"
_PARAGRAPH_BREAK = re.compile(_BR + r"\s*" + _BR + "[\\s" + _BR + "]*")


def _cell_text(text: str) -> str:
    """A Markdown table cell, where archives write lists as ``*   a<br>*   b``: items joined like HTML cells.

    A line opening with a bullet starts an item, a blank line (two ``<br>``) a
    paragraph; any other ``<br>`` is a space, as in HTML.
    """
    pieces: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        for i, line in enumerate(paragraph.split(_BR)):
            line = line.strip()
            bullet = _CELL_BULLET.match(line)
            if bullet:
                pieces.append(line[bullet.end() :])
            elif i and pieces:
                pieces[-1] += " " + line
            else:
                pieces.append(line)
    return join_pieces(pieces)


#: A character that can open inline markup (emphasis, link, image, code, HTML, entity,
#: escape, strikethrough, line break): text without any of them is one text run.
_INLINE_MARKUP = re.compile(r"[\n\\`*_\[<&~]")


def _parse_inlines(state: StateCore) -> None:
    """markdown-it's inline step, without running the inline parser on text that has no markup.

    Half of a notice's paragraphs, headings and cells are plain sentences, which the
    inline parser scans character by character only to make the one text token made here.
    """
    md, env = state.md, state.env
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if _INLINE_MARKUP.search(token.content):
            md.inline.parse(token.content, md, env, token.children)
        elif token.content:
            text = Token("text", "", 0)
            text.content = token.content
            token.children.append(text)


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # Link targets are dropped from the text, so skip their (costly) URL normalization.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.core.ruler.at("inline", _parse_inlines)
    return md


def _inline_text(token: Token, br: str = " ", newline: str = " ") -> str:
    """The visible text of an inline token: links as their text, no images, no emphasis markers.

    ``br`` is what an inline ``<br>`` becomes: a space, or a marker for table cells;
    ``newline`` what a line break becomes (``LINE_BREAK`` in paragraphs, for glyph lists).
    """
    parts: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(newline)
        elif kind == "html_inline":
            # <br> separates words; other inline tags (<span>, <a ...>) are markup only.
            parts.append(br if _BR_TAG.match(child.content.strip()) else "")
        # image, link_open/close, em/strong/s open/close: no text of their own
    return "".join(parts)


#: ``****``: an empty bold span (``<strong></strong>`` converted to Markdown), which
#: CommonMark leaves as literal asterisks. Escaped asterisks (``\*``) never match.
_EMPTY_STRONG = re.compile(r"(?<![*\\])\*\*\*\*(?!\*)")
_EMPHASIZED = re.compile(r"^\s*([*_]{1,3})\S.*\S\1\s*$", re.DOTALL)
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _cell_count(row: str) -> int:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return len(re.split(r"(?<!\\)\|", row))


def repair_tables(text: str) -> str:
    """Give a table's delimiter row as many cells as its header row.

    GFM ignores a table whose delimiter row (``| --- | --- |``) has another cell
    count than its header, and the whole table becomes one paragraph; it also
    drops body cells beyond the header's count. Archived Markdown has such
    tables (a row with one cell more than the header), so the header is padded
    with empty cells and the delimiter row rewritten to the wider of the two.
    """
    if "---" not in text or "|" not in text:
        return text
    lines = text.split("\n")
    for i in range(1, len(lines)):
        line = lines[i]
        if "|" not in line or "-" not in line or not _DELIMITER_ROW.match(line):
            continue
        header = lines[i - 1]
        if "|" not in header or _DELIMITER_ROW.match(header):
            continue
        header_count, delimiter_count = _cell_count(header), _cell_count(line)
        if header_count != delimiter_count:
            count = max(header_count, delimiter_count)
            padded = header.rstrip()
            padded = padded if padded.endswith("|") else padded + " |"
            lines[i - 1] = padded + "  |" * (count - header_count)
            lines[i] = "|" + " --- |" * count
    return "\n".join(lines)


def extract_markdown(text: str, builder: BlockBuilder | None = None) -> BlockBuilder:
    """Markdown to blocks: headings with levels, paragraphs, list items, table rows, code lines."""
    builder = builder or BlockBuilder()
    tokens = _markdown().parse(_EMPTY_STRONG.sub("", repair_tables(text)))
    contexts: list[BlockKind] = []
    heading_level = 0
    cells: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "list_item_open":
            contexts.append("list_item")
        elif kind == "list_item_close":
            contexts.pop()
        elif kind == "tr_open":
            cells = []
        elif kind == "tr_close":
            if cells is not None:
                builder.add("table_row", join_cells(cells))
            cells = None
        elif kind == "inline":
            if cells is not None:
                cells.append(_cell_text(_inline_text(token, br=_BR)))
                continue
            if heading_level:
                builder.heading(heading_level, _inline_text(token))
            elif contexts:
                builder.add(contexts[-1], _inline_text(token))
            else:
                # Line breaks are kept for glyph lists, which only non-ASCII text can hold (an
                # ASCII dash line is a list item already); an ASCII paragraph stays ASCII, and fast.
                br = " " if token.content.isascii() else LINE_BREAK
                content = _inline_text(token, br, br)
                source = token.content
                if (
                    source.startswith(("*", "_"))
                    and source.endswith(("*", "_"))
                    and _EMPHASIZED.match(source)
                ):
                    # A paragraph all in bold or italics stands for a heading: never joined.
                    builder.add("paragraph", content)
                else:
                    builder.paragraph(content)
        elif kind in ("code_block", "fence"):
            for line in token.content.split("\n"):
                builder.add("preformatted", line)
        elif kind == "html_block":
            _html_block(token.content, builder)
    return builder


def _html_block(html: str, builder: BlockBuilder) -> None:
    """Raw HTML inside Markdown is read with the HTML walker, continuing the same sections."""
    from monitor.extract.dom import body_of
    from monitor.extract.html import parse, walk

    page = parse(html)
    body = body_of(page)
    walk([page if body is None else body], builder, inner=True)


# --------------------------------------------------------------------------- plain text

_BULLET = re.compile(r"^\s*(?:[-*+•◦▪▫‣·–—]|\(?\d{1,3}[.)]|\(?[a-z]\))\s+")


_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?=\w)")


def guess_heading_level(line: str) -> int:
    """Level of a line that reads as a heading in unmarked text, else 0.

    Short, without closing punctuation, and either in capitals (level 1, a
    title) or numbered ("2 Sharing" level 2, "2.1 Recipients" level 3), so
    that numbered sections sit under a title. Callers only ask for lines that
    start a paragraph.
    """
    line = line.strip()
    if len(line) < 3 or len(line) > 80 or line[-1] in ".,;:":
        return 0
    numbered = _NUMBERED_HEADING.match(line)
    rest = line[numbered.end() :] if numbered else line
    if not rest or not rest[0].isupper():
        return 0
    if numbered:
        return min(6, numbered.group(1).count(".") + 2)
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return 1
    return 0


def extract_plain(text: str, builder: BlockBuilder | None = None) -> BlockBuilder:
    """Plain text to blocks: blank lines separate paragraphs; bullet or numbered lines are list items.

    A paragraph of one short line in capitals or numbered like a section
    ("2.1 Sharing") is taken for a heading.
    """
    builder = builder or BlockBuilder()
    for chunk in re.split(r"\n[ \t\f\v\u00a0]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        stripped = chunk.strip()
        if stripped and "\n" not in stripped and guess_heading_level(stripped):
            builder.heading(guess_heading_level(stripped), stripped)
            continue
        kind: BlockKind = "paragraph"
        lines: list[str] = []
        for line in chunk.split("\n"):
            bullet = _BULLET.match(line)
            if bullet:
                if lines:
                    builder.add(kind, " ".join(lines))
                kind, lines = "list_item", [line[bullet.end() :]]
            else:
                lines.append(line)
        if lines:
            if kind == "paragraph":
                builder.paragraph(" ".join(lines))
            else:
                builder.add(kind, " ".join(lines))
    return builder
