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


class BlockBuilder:
    """Collects blocks in document order and tracks the open headings."""

    def __init__(self) -> None:
        self._blocks: list[Block] = []
        self._open: list[tuple[int, str]] = []
        self.first_heading: str | None = None

    def heading(self, level: int, text: str) -> None:
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
        text = normalize_text(text)
        # A paragraph of nothing but symbols ("* * *", "=====", a lone bullet) is decoration.
        if text and (kind == "table_row" or any(c.isalnum() for c in text)):
            self._blocks.append(Block(kind, text, 0, self.path))

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(text for _level, text in self._open)

    def blocks(self) -> tuple[Block, ...]:
        return merge_repeats(self._blocks)
