"""Range selectors: the stretch of a page between two landmarks, for notices without an element of their own.

A range runs in document order from a start point (just before or just after the
first element its start selector matches) to an end point (just before or just after
the first element its end selector matches), as a DOM Range set with
``setStartBefore`` / ``setStartAfter`` / ``setEndBefore`` / ``setEndAfter`` does:
Open Terms Archive's ``startBefore`` ... ``endAfter`` objects read the same here.

Points are positions between nodes of the pre-order walk of the document, so an
element is *inside* the range when its whole subtree lies between the two points,
and *partly inside* when the range starts or ends within it (its ancestors of a
landmark). Selecting a range keeps the inside and the partly-inside skeleton around
it; removing one drops the inside only.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from bs4 import BeautifulSoup, PageElement, Tag

from monitor.extract.blocks import ExtractionError
from monitor.targets import Range


@dataclass(frozen=True, slots=True)
class _Span:
    """Where a range runs: pre-order indices ``start <= i < end``."""

    start: int
    end: int


def describe(selector: str | Range) -> str:
    """A selector as a person wrote it, for error messages."""
    if isinstance(selector, str):
        return selector
    fields = ("start_before", "start_after", "end_before", "end_after")
    return (
        "{"
        + ", ".join(f"{f} = {getattr(selector, f)!r}" for f in fields if getattr(selector, f))
        + "}"
    )


def _first(soup: Tag, css: str) -> Tag | None:
    try:
        return soup.select_one(css)
    except Exception as exc:  # soupsieve raises its own SelectorSyntaxError
        raise ExtractionError(f"invalid CSS selector {css!r}: {exc}") from exc


def _order(soup: Tag) -> tuple[dict[int, int], dict[int, int], list[PageElement]]:
    """Pre-order index of every node, and the index just past its subtree."""
    nodes: list[PageElement] = list(soup.descendants)
    index = {id(node): i for i, node in enumerate(nodes)}
    past: dict[int, int] = {}
    for i in range(len(nodes) - 1, -1, -1):
        node = nodes[i]
        last = i + 1
        if isinstance(node, Tag) and node.contents:
            last = past[id(node.contents[-1])]
        past[id(node)] = last
    return index, past, nodes


def _span(soup: Tag, selector: Range, index: dict[int, int], past: dict[int, int]) -> _Span | None:
    """The range's span in ``soup``; None when a landmark is missing (the range is nowhere)."""
    start_css = selector.start_before or selector.start_after
    end_css = selector.end_before or selector.end_after
    if not start_css or not end_css:
        raise ExtractionError(f"range {describe(selector)} needs one start and one end selector")
    start_tag = _first(soup, start_css)
    end_tag = _first(soup, end_css)
    if start_tag is None or end_tag is None:
        return None
    start = index[id(start_tag)] if selector.start_before else past[id(start_tag)]
    end = index[id(end_tag)] if selector.end_before else past[id(end_tag)]
    return _Span(start, end)


def _inside(
    nodes: list[PageElement], span: _Span, index: dict[int, int], past: dict[int, int]
) -> list[PageElement]:
    """The outermost nodes whose whole subtree lies in ``span``."""
    found: list[PageElement] = []
    i = span.start
    while i < span.end:
        node = nodes[i]
        if past[id(node)] <= span.end:
            found.append(node)
            i = past[id(node)]
        else:
            i += 1  # partly inside: the range ends within it; look at its children
    return found


def remove_ranges(soup: BeautifulSoup, ranges: list[Range]) -> None:
    """Drop the content of every range (in place); a range whose landmarks are missing removes nothing.

    All ranges are placed before anything is removed, so one range's removal never
    moves another's landmarks.
    """
    if not ranges:
        return
    index, past, nodes = _order(soup)
    doomed: list[PageElement] = []
    for selector in ranges:
        span = _span(soup, selector, index, past)
        if span is not None and span.start < span.end:
            doomed.extend(_inside(nodes, span, index, past))
    for node in doomed:
        node.extract()


def select_range(soup: BeautifulSoup, selector: Range) -> tuple[int, Tag] | None:
    """A copy of the page cut down to the range, as (where it starts, its root); None when it is nowhere.

    Everything wholly before the start or after the end goes; the elements the range
    starts or ends in stay as a skeleton, so headings, lists and tables inside read as
    they do on the page.
    """
    piece = copy.copy(soup)
    index, past, nodes = _order(piece)
    span = _span(piece, selector, index, past)
    if span is None or span.start >= span.end:
        return None
    outside: list[PageElement] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        end = past[id(node)]
        if end <= span.start or i >= span.end:
            outside.append(node)  # wholly before or after: its subtree goes with it
            i = end
        else:
            i += 1
    for node in outside:
        node.extract()
    root = piece.body if isinstance(piece.body, Tag) else piece
    return span.start, root
