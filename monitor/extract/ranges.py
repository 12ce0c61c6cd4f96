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

from monitor.extract import css, dom
from monitor.extract.blocks import ExtractionError
from monitor.extract.dom import Element
from monitor.targets import Range

#: A node of the pre-order walk: an element, comment or processing instruction, or a
#: string, named by the element it belongs to and where (``"text"`` inside it, ``"tail"`` after it).
Node = Element | tuple[Element, str]


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


def _first(soup: Element, css_selector: str) -> Element | None:
    return css.select_one(soup, css_selector)


def _order(soup: Element) -> tuple[dict[Node, int], dict[Node, int], list[Node]]:
    """Pre-order index of every node (strings included, as bs4 lists them), and the index just past its subtree."""
    nodes: list[Node] = []
    index: dict[Node, int] = {}
    past: dict[Node, int] = {}
    # Each frame: the element, its child nodes left.
    stack: list[tuple[Element, list[Node]]] = []

    def enter(node: Node) -> None:
        index[node] = len(nodes)
        nodes.append(node)
        if isinstance(node, tuple) or not isinstance(node.tag, str):
            past[node] = len(nodes)
            return
        children: list[Node] = [(node, "text")] if node.text else []
        for child in node:
            children.append(child)
            if child.tail:
                children.append((child, "tail"))
        children.reverse()
        stack.append((node, children))

    enter(soup)
    while stack:
        element, children = stack[-1]
        if children:
            enter(children.pop())
        else:
            stack.pop()
            past[element] = len(nodes)
    return index, past, nodes


def preorder(soup: Element) -> dict[Node, int]:
    """Where each node of ``soup`` comes in document order, in the numbering ranges use."""
    return _order(soup)[0]


def _span(
    soup: Element, selector: Range, index: dict[Node, int], past: dict[Node, int]
) -> _Span | None:
    """The range's span in ``soup``; None when a landmark is missing (the range is nowhere)."""
    start_css = selector.start_before or selector.start_after
    end_css = selector.end_before or selector.end_after
    if not start_css or not end_css:
        raise ExtractionError(f"range {describe(selector)} needs one start and one end selector")
    start_tag = _first(soup, start_css)
    end_tag = _first(soup, end_css)
    if start_tag is None or end_tag is None:
        return None
    start = index[start_tag] if selector.start_before else past[start_tag]
    end = index[end_tag] if selector.end_before else past[end_tag]
    return _Span(start, end)


def _inside(nodes: list[Node], span: _Span, past: dict[Node, int]) -> list[Node]:
    """The outermost nodes whose whole subtree lies in ``span``."""
    found: list[Node] = []
    i = span.start
    while i < span.end:
        node = nodes[i]
        if past[node] <= span.end:
            found.append(node)
            i = past[node]
        else:
            i += 1  # partly inside: the range ends within it; look at its children
    return found


def _drop(doomed: list[Node]) -> None:
    """Remove nodes: strings first, then elements (whose tails may just have gone)."""
    for node in doomed:
        if isinstance(node, tuple):
            element, where = node
            setattr(element, where, None)
    for node in doomed:
        if not isinstance(node, tuple):
            dom.remove(node)


def remove_ranges(soup: Element, ranges: list[Range]) -> None:
    """Drop the content of every range (in place); a range whose landmarks are missing removes nothing.

    All ranges are placed before anything is removed, so one range's removal never
    moves another's landmarks.
    """
    if not ranges:
        return
    index, past, nodes = _order(soup)
    doomed: list[Node] = []
    for selector in ranges:
        span = _span(soup, selector, index, past)
        if span is not None and span.start < span.end:
            doomed.extend(_inside(nodes, span, past))
    _drop(doomed)


def select_range(soup: Element, selector: Range) -> tuple[int, Element] | None:
    """A copy of the page cut down to the range, as (where it starts, its root); None when it is nowhere.

    Everything wholly before the start or after the end goes; the elements the range
    starts or ends in stay as a skeleton, so headings, lists and tables inside read as
    they do on the page.
    """
    piece = copy.deepcopy(soup)
    index, past, nodes = _order(piece)
    span = _span(piece, selector, index, past)
    if span is None or span.start >= span.end:
        return None
    outside: list[Node] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        end = past[node]
        if end <= span.start or i >= span.end:
            outside.append(node)  # wholly before or after: its subtree goes with it
            i = end
        else:
            i += 1
    _drop(outside)
    body = dom.body_of(piece)
    return span.start, piece if body is None else body
