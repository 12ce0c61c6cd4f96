"""CSS selectors over the lxml page, with soupsieve's semantics.

Watchlists and Open Terms Archive declarations are validated with soupsieve
(``monitor.config``), so soupsieve defines what a selector means. Most selectors
are type, class, id and attribute tests joined by combinators; for those, the
XPath that ``cssselect`` writes matches the same elements, and lxml runs it in C.
Anything else (pseudo-classes such as ``:nth-of-type`` or ``:has``, attribute
flags, namespaces, ``[type=...]``, which soupsieve compares without case) is
matched by soupsieve itself on a BeautifulSoup mirror of the page, built only
for such a selector: it is rare, and it keeps every selector meaning what it
meant and every error message what it said.
"""

from __future__ import annotations

from functools import cache

from cssselect import HTMLTranslator, SelectorError, parse
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash, Selector
from lxml import etree

from monitor.extract import dom
from monitor.extract.blocks import ExtractionError
from monitor.extract.dom import Element as Node

_TRANSLATOR = HTMLTranslator()
_SIMPLE_OPERATORS = frozenset({"exists", "=", "~=", "|=", "^=", "$=", "*="})
#: Attribute values soupsieve compares case-insensitively in HTML.
_CASELESS_ATTRIBUTES = frozenset({"type"})


def _simple(tree: object) -> bool:
    """A parsed selector made only of type, class, id and attribute tests and combinators."""
    while True:
        if isinstance(tree, CombinedSelector):
            if not _simple(tree.subselector):
                return False
            tree = tree.selector
        elif isinstance(tree, Class | Hash):
            tree = tree.selector
        elif isinstance(tree, Attrib):
            if (
                tree.namespace
                or tree.operator not in _SIMPLE_OPERATORS
                or tree.attrib.lower() in _CASELESS_ATTRIBUTES
                or (tree.operator != "exists" and not tree.value.value)
            ):
                return False
            tree = tree.selector
        elif isinstance(tree, Element):
            return tree.namespace is None
        else:
            return False


@cache
def _xpath(selector: str) -> etree.XPath | None:
    """The compiled XPath for ``selector`` when it is simple, else None (soupsieve reads it)."""
    try:
        parsed: list[Selector] = parse(selector)
    except SelectorError:
        return None
    if not parsed or any(s.pseudo_element or not _simple(s.parsed_tree) for s in parsed):
        return None
    try:
        expression = " | ".join(
            _TRANSLATOR.selector_to_xpath(s, prefix="descendant-or-self::") for s in parsed
        )
    except SelectorError:
        return None
    return etree.XPath(expression)


def is_fast(selector: str) -> bool:
    """Whether ``selector`` is matched by lxml directly (for the benchmark and tests)."""
    return _xpath(selector) is not None


def select(root: Node, selector: str, *, within: Node | None = None) -> list[Node]:
    """The elements of the page ``root`` that ``selector`` matches, in document order.

    ``root`` is the page's top element (it can match itself, as on a BeautifulSoup);
    with ``within``, only elements strictly inside it are returned, while the
    selector is still matched against the whole page (``html main p`` matches from
    ``<main>`` too, as soupsieve does).
    """
    compiled = _xpath(selector)
    if compiled is not None:
        found = [e for e in compiled(root) if isinstance(e.tag, str)]
        if found and next(root.iter("template"), None) is not None:
            # A template's content is not part of the document: soupsieve never enters it.
            found = [e for e in found if not any(a.tag == "template" for a in dom.ancestors(e))]
    else:
        found = _soupsieve(root, selector)
    if within is None:
        return found
    return [e for e in found if any(a is within for a in dom.ancestors(e))]


def select_one(root: Node, selector: str) -> Node | None:
    found = select(root, selector)
    return found[0] if found else None


def _soupsieve(root: Node, selector: str) -> list[Node]:
    """Match ``selector`` with soupsieve on a BeautifulSoup copy of the page, mapped back to lxml."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup("", "lxml")
    originals: dict[int, Node] = {}
    # Each entry: the copy, its original, whether whitespace-only strings stay as they are.
    stack: list[tuple[Tag, Node, bool]] = []

    def mirror(element: Node, preserved: bool) -> Tag:
        attrs: dict[str, object] = dict(element.attrib)
        if "class" in attrs:
            attrs["class"] = str(attrs["class"]).split()  # as bs4 stores it
        tag = soup.new_tag(element.tag, attrs=attrs)
        originals[id(tag)] = element
        if element.text:
            tag.append(NavigableString(dom.whitespace(element.text, preserved)))
        return tag

    preserved = dom.in_preserved(root)
    top = mirror(root, preserved)
    soup.append(top)
    stack.append((top, root, preserved))
    while stack:
        tag, element, preserved = stack.pop()
        for child in element:
            if isinstance(child.tag, str):
                inside = preserved or child.tag in dom.PRESERVE_WHITESPACE
                copy = mirror(child, inside)
                tag.append(copy)
                stack.append((copy, child, inside))
            if child.tail:
                tag.append(NavigableString(dom.whitespace(child.tail, preserved)))
    try:
        matched = soup.select(selector)
    except Exception as exc:  # soupsieve raises its own SelectorSyntaxError
        raise ExtractionError(f"invalid CSS selector {selector!r}: {exc}") from exc
    return [originals[id(tag)] for tag in matched]
