"""What every extractor (HTML, Markdown, plain text, PDF) feeds its text into.

The builder owns the rules that must not differ between formats: text is
normalized block by block, empty blocks vanish, and each block is stamped
with the path of headings above it, so a heading of level 2 closes every
open section of level 2 and deeper.
"""

from __future__ import annotations

import re

from monitor.errors import NoticewatchError
from monitor.extract.normalize import merge_repeats, normalize_text
from monitor.model import Block, BlockKind


class ExtractionError(NoticewatchError):
    """The body could not be read as a notice (corrupt PDF, selectors that match nothing ...)."""


_SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")


def join_cells(cells: list[str]) -> str:
    """One table row as a line: cells joined with `` | ``, trailing empty cells dropped.

    A Markdown separator row (``--- | ---``), which archives sometimes repeat
    inside a table, gives an empty string.
    """
    cells = [" ".join(cell.split()) for cell in cells]
    filled = [c for c in cells if c]
    if filled and all(_SEPARATOR_CELL.match(c) for c in filled):
        return ""
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells)


def join_pieces(pieces: list[str]) -> str:
    """Several blocks squeezed into one table cell: ``"; "`` between them, a space after punctuation."""
    out = ""
    for piece in pieces:
        piece = " ".join(piece.split())
        if not piece:
            continue
        if out:
            out += " " if out[-1] in ".;:,!?" else "; "
        out += piece
    return out


#: A line break inside a paragraph (``<br>``, a Markdown soft break), as readers pass it to
#: ``BlockBuilder.add``: Unicode's LINE SEPARATOR, which normalization turns into a space.
LINE_BREAK = "\u2028"

#: Glyphs that open list items in running text (PDF and Word conversions, hand-made pages
#: write "• a • b" in one paragraph): bullets, circles, squares, triangles, arrows, check marks.
LIST_GLYPHS = "•●○◦▪▫■‣▸►◆◇➢➤✓✔"
#: Dashes open list items only at the start of a line (inside a line they are punctuation).
LINE_DASHES = "-–—"

_GLYPH = re.compile(f"[{LIST_GLYPHS}]")
#: A dash opening the paragraph or a line; the cheap test ``_DASH_AFTER_BREAK`` comes first.
_LINE_DASH = re.compile(f"(?:^|(?<={LINE_BREAK}))[^\\S{LINE_BREAK}]*[{LINE_DASHES}](?=\\s)")
_DASH_AFTER_BREAK = re.compile(f"{LINE_BREAK}[ \\t\\u00a0]*[{LINE_DASHES}]\\s")
#: Word's sub-bullet, a letter "o" opening a line (PDF and Word conversions of a nested list);
#: the "o" is the match's last character, as a glyph is.
_SUB_BULLET = re.compile(f"(?<={LINE_BREAK})[ \\t\\u00a0]*o(?=[ \\t\\u00a0])")
#: Two sub-bullet lines in a row: a wrapped line that happens to start with "o" ("or" in
#: Spanish, Italian, Portuguese) does not make a sub-list.
_SUB_BULLET_RUN = re.compile(
    f"{LINE_BREAK}[ \\t\\u00a0]*o[ \\t\\u00a0][^{LINE_BREAK}]*{LINE_BREAK}[ \\t\\u00a0]*o[ \\t\\u00a0]"
)


def _opens_list(text: str, at: int) -> bool:
    """A glyph at ``at`` opens a list: it starts the paragraph or a line, or follows a colon."""
    before = text[:at].rstrip(" \t\u00a0")
    return not before.strip() or before[-1] in (":", LINE_BREAK)


def glyph_list(text: str) -> list[tuple[BlockKind, str]] | None:
    """A paragraph written as a list with glyph bullets: its lead-in and items, else None.

    The list opens at a glyph that starts the paragraph, follows a line break or a
    colon ("... for these purposes: • a • b"); every later glyph opens the next item.
    A glyph inside a sentence ("Home • Privacy • Terms") is a separator, and one
    glyph after a lead-in is not yet a list: a paragraph is split when it has two
    items, or starts with its glyph. Dashes count only at the start of lines, two
    at least (a paragraph opening with one dash is prose).
    """
    if text.isascii():  # no glyph, no LINE_BREAK: most paragraphs, told in constant time
        return None
    glyph = _GLYPH.search(text)
    if glyph is not None and _opens_list(text, glyph.start()):
        starts = [m.start() for m in _GLYPH.finditer(text, glyph.start())]
        if len(starts) < 2 and text[: starts[0]].strip():
            return None
    elif LINE_BREAK in text and _DASH_AFTER_BREAK.search(text) is not None:
        starts = [m.end() - 1 for m in _LINE_DASH.finditer(text)]
        if len(starts) < 2:
            return None
    else:
        return None
    starts = _with_sub_items(text, starts)
    pieces: list[tuple[BlockKind, str]] = []
    if text[: starts[0]].strip():
        pieces.append(("paragraph", text[: starts[0]]))
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        pieces.append(("list_item", text[start + 1 : end]))
    return pieces


def _with_sub_items(text: str, starts: list[int]) -> list[int]:
    """``starts`` of a glyph list's items, with Word's "o" sub-bullets as items of their own.

    Family "Word's 'o' sub-bullets" ("• Contact data<br>o your name<br>o your email"): in a
    paragraph already read as a glyph list, a line that opens with "o" after an item is a
    sub-item, when two such lines follow one another (``_SUB_BULLET_RUN``). A nested list's
    items are list items as the markup's would be.
    """
    if LINE_BREAK not in text or _SUB_BULLET_RUN.search(text, starts[0]) is None:
        return starts
    subs = [m.end() - 1 for m in _SUB_BULLET.finditer(text, starts[0])]
    return sorted({*starts, *subs})


#: Words of a broken paragraph's first half: fewer are a label ("Email" over "address").
_MIN_BROKEN_WORDS = 3
#: Fewer words with a colon are a "label: value" line ("Online: here" over "by post:").
_MIN_LABELLED_WORDS = 6
#: An enumerator opening a paragraph ("e) to ...", "ii. we ..."): an item, never a continuation.
_ENUMERATOR = re.compile(r"\(?(?:[a-z]|[ivx]{1,4})[.)]")


def continues(before: str, after: str) -> bool:
    """``after`` goes on the sentence ``before`` stopped in: a paragraph break a conversion made.

    ``before`` ends in a letter or a comma (no full stop, colon, bracket or figure: a
    date line "Updated 1 May 2024" ends there), has three words at least and is not
    a title (every long word capitalized) nor a short "label: value" line; ``after``
    opens with a word in lower case (not "iOS"), not an enumerator ("e) ...").
    """
    before, after = before.rstrip(), after.lstrip()
    # The cheap tests first: most paragraphs end with a full stop or start in capitals.
    if not before or not (before[-1].isalpha() or before[-1] == ",") or not after[:1].islower():
        return False
    first = after.split(maxsplit=1)[0]
    if not first.islower() or _ENUMERATOR.fullmatch(first):
        return False
    words = before.split()
    if len(words) < _MIN_BROKEN_WORDS or (":" in before and len(words) < _MIN_LABELLED_WORDS):
        return False
    return not all(w[0].isupper() for w in words if len(w) > 3 and w[0].isalpha())


class BlockBuilder:
    """Collects blocks in document order and tracks the open headings.

    Paragraphs given to ``paragraph`` (Markdown and plain text) are held until the
    next block: a conversion that cut a sentence into two paragraphs ("we collect
    your" / "email address when ...") is joined back, so that a capture cut and one
    not cut give the same text.
    """

    def __init__(self) -> None:
        self._blocks: list[Block] = []
        self._open: list[tuple[int, str]] = []
        self._held: str | None = None
        self.first_heading: str | None = None

    def heading(self, level: int, text: str) -> None:
        if self._held is not None:
            self._release()
        text = normalize_text(text)
        if not text:
            return
        level = min(6, max(1, level))
        while self._open and self._open[-1][0] >= level:
            self._open.pop()
        self._blocks.append(Block("heading", text, level, self.path))
        self._open.append((level, text))
        if self.first_heading is None:
            self.first_heading = text

    def add(self, kind: BlockKind, text: str) -> None:
        """One block; a paragraph written as a glyph list (``glyph_list``) gives its lead-in and items."""
        if self._held is not None:
            self._release()
        # An ASCII text holds no glyph (a test in constant time, for most paragraphs).
        if kind == "paragraph" and not text.isascii():
            pieces = glyph_list(text)
            if pieces is not None:
                for piece_kind, piece in pieces:
                    self._append(piece_kind, piece)
                return
        self._append(kind, text)

    def paragraph(self, text: str) -> None:
        """A paragraph of a format whose paragraph breaks may be a converter's line breaks.

        Held, and joined with a space to the next one when this one stops mid-sentence
        and the next starts in lower case (``continues``); not when it ends in a glyph
        list, whose items often end without punctuation.
        """
        held = self._held
        if held is not None:
            if continues(held, text) and glyph_list(held) is None:
                self._held = held + " " + text
                return
            self._held = None
            self.add("paragraph", held)
        self._held = text

    def _release(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            self.add("paragraph", held)

    def _append(self, kind: BlockKind, text: str) -> None:
        text = normalize_text(text)
        # A paragraph of nothing but symbols ("* * *", "=====", a lone bullet) is decoration.
        if text and (kind == "table_row" or any(c.isalnum() for c in text)):
            self._blocks.append(Block(kind, text, 0, self.path))

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(text for _level, text in self._open)

    def blocks(self) -> tuple[Block, ...]:
        if self._held is not None:
            self._release()
        return merge_repeats(self._blocks)
