"""The parsed page as lxml elements, read the way the extractor always read it.

The extractor used to build a BeautifulSoup tree (with bs4's ``lxml`` builder)
over the same libxml2 parse; building that Python tree was most of the cost of
extraction. This module parses with the same libxml2 push parser, builds the
tree from the same events in C, and gives the
few readings the extractor needs with bs4's exact semantics, so that the text
of every page stays byte for byte what it was (``EXTRACTOR_VERSION`` unchanged):

- text lives in ``.text`` / ``.tail``; each of them is one string, as bs4's
  strings are (comments and processing instructions separate them);
- a removed element is replaced by an empty comment that carries its tail, so
  that the strings before and after it stay two strings, as with bs4's
  ``extract()`` (``stripped_strings`` strips each string on its own);
- a string of ASCII whitespace only reads as one space or one newline outside
  ``<pre>``/``<textarea>``, as bs4 stores it;
- ``get_text`` skips the strings of ``<script>``, ``<style>``, ``<template>``,
  ``<rt>`` and ``<rp>``, as bs4's ``get_text`` does (they are other string types there).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

Element = etree._Element

#: bs4 keeps the strings inside these elements as another string type, which ``get_text`` skips.
STRING_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})
#: bs4 keeps whitespace-only strings as they are inside these.
PRESERVE_WHITESPACE = frozenset({"pre", "textarea"})
ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"

_PLACEHOLDER = ""
#: Makes elements under HTML naming rules (``@click``, ``xmlns:xlink``, ``o:p`` are names here).
_LENIENT = etree.HTMLParser()


def parse(text: str) -> Element:
    """The page's root element, from the events bs4's ``lxml`` builder received.

    Like bs4, this feeds the whole str to libxml2's HTML push parser once and
    builds the tree from its events (lxml's C ``TreeBuilder`` as the target), not
    with libxml2's own tree builder, which stops nesting at 256 levels and keeps
    whitespace differently: the same events give the same elements and strings.
    """
    if text[:1] == "\ufeff":
        text = text[1:]
    try:
        root = _build(text, etree.TreeBuilder(parser=_LENIENT))
    except (etree.XMLSyntaxError, ValueError):
        # lxml cannot hold C0 control characters (XML forbids them): read the page with
        # stand-ins that read the same (see _STAND_INS).
        text = text.translate(_STAND_INS)
        try:
            root = _build(text, etree.TreeBuilder(parser=_LENIENT))
        except (etree.XMLSyntaxError, ValueError):
            root = _native(text)
    if root is not None and not isinstance(root.tag, str):
        # The builder returns the last top-level node: a comment after </html> (caches and
        # CMSs write one) hides the page, so build again, holding on to the first element.
        made: list[Element] = []

        def element(tag: str, attrib: dict[str, str]) -> Element:
            node = _LENIENT.makeelement(tag, attrib)
            if not made:
                made.append(node)
            return node

        _build(text, etree.TreeBuilder(element_factory=element))
        root = made[0] if made else None
    return etree.Element("html") if root is None else root


def _build(text: str, builder: etree.TreeBuilder) -> Element | None:
    """The last top-level node the builder closed; None for a page without any element."""
    parser = etree.HTMLParser(recover=True, huge_tree=False, target=builder)
    parser.feed(text)
    try:
        return parser.close()
    except etree.XMLSyntaxError as exc:
        if "missing toplevel element" in str(exc):
            return None  # nothing but whitespace: an empty document, as bs4 gives
        raise


def _native(text: str) -> Element | None:
    """libxml2's own tree: the last resort for a page the builder refused (it never loses the page)."""
    parser = etree.HTMLParser(recover=True, huge_tree=True)
    parser.feed(text)
    try:
        return parser.close()
    except etree.XMLSyntaxError:
        return None


#: Stand-ins for the characters XML (so lxml) cannot hold, chosen to read as the originals:
#: a control that is not whitespace becomes a private-use character (one character, not
#: whitespace, removed by normalization like the control); one that Python splits on
#: becomes a Unicode space that is not ASCII whitespace; a form feed, which HTML also
#: parses as whitespace, becomes a space (the only difference: a form feed counted as a
#: character of text when the extractor looks for the main content, a space does not).
_STAND_INS = {
    **{c: 0xF700 + c for c in (*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1C))},
    0x0B: 0x2028,
    0x0C: 0x20,
    0x1C: 0x2029,
    0x1D: 0x1680,
    0x1E: 0x3000,
    0x1F: 0x205F,
    0xFFFE: 0xF7FE,
    0xFFFF: 0xF7FF,
}


def is_element(node: object) -> bool:
    """An element, not a comment or processing instruction (their ``tag`` is a function)."""
    return isinstance(node.tag, str)  # type: ignore[attr-defined]


def elements(root: Element) -> list[Element]:
    """Every element under ``root`` (not ``root`` itself) in document order."""
    found = list(root.iter(etree.Element))
    return found[1:] if found and found[0] is root else found


def first(root: Element, name: str) -> Element | None:
    """The first element named ``name`` under ``root`` (not ``root`` itself), as bs4's ``find``."""
    for element in root.iter(name):
        if element is not root:
            return element
    return None


def body_of(root: Element) -> Element | None:
    return first(root, "body")


def whitespace(text: str, preserved: bool) -> str:
    """A string as bs4 stores it: ASCII whitespace alone is one space (one newline if it had one)."""
    if preserved or text.strip(ASCII_SPACES):
        return text
    return "\n" if "\n" in text else " "


def in_preserved(element: Element) -> bool:
    """Inside (or is) a ``<pre>`` or ``<textarea>``: its whitespace strings are kept as they are."""
    node: Element | None = element
    while node is not None:
        if node.tag in PRESERVE_WHITESPACE:
            return True
        node = node.getparent()
    return False


def _container(element: Element) -> str | None:
    """The nearest of ``element`` and its ancestors that gives its strings another type in bs4."""
    node: Element | None = element
    while node is not None:
        if node.tag in STRING_CONTAINERS:
            return node.tag
        node = node.getparent()
    return None


def has_plain_strings_only(element: Element) -> bool:
    """No string in or around ``element`` is of another bs4 type: lxml's ``itertext`` gives them all."""
    return next(element.iter(*STRING_CONTAINERS), None) is None and _container(element) is None


def text_strings(element: Element) -> Iterator[str]:
    """The strings bs4's ``get_text`` joins for ``element``, in order, each as bs4 stores it.

    bs4 gives a string the type of the nearest ``STRING_CONTAINERS`` element around it,
    and ``get_text`` keeps the strings of the element's own type: plain strings for
    most elements, only a script's strings for a ``<script>``.
    """
    wanted = element.tag if element.tag in STRING_CONTAINERS else None
    here = _container(element)
    outer = in_preserved(element)
    if element.text and here == wanted:
        yield whitespace(element.text, outer)
    # Each frame: the children left, whether whitespace is kept in them, their strings' type.
    stack: list[tuple[Iterator[Element], bool, str | None]] = [(iter(element), outer, here)]
    tails: list[Element] = []
    while stack:
        children, preserved, container = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                owner = tails.pop()
                if owner.tail and stack[-1][2] == wanted:
                    yield whitespace(owner.tail, stack[-1][1])
            continue
        if isinstance(child.tag, str):
            inner = child.tag if child.tag in STRING_CONTAINERS else container
            if inner != wanted and wanted is None:
                # Nothing inside is a plain string: skip the subtree, read its tail.
                if child.tail and container == wanted:
                    yield whitespace(child.tail, preserved)
                continue
            inside = preserved or child.tag in PRESERVE_WHITESPACE
            if child.text and inner == wanted:
                yield whitespace(child.text, inside)
            tails.append(child)
            stack.append((iter(child), inside, inner))
            continue
        if child.tail and container == wanted:
            yield whitespace(child.tail, preserved)


def get_text(element: Element, separator: str = "") -> str:
    """bs4's ``get_text(separator)`` of ``element``."""
    return separator.join(text_strings(element))


def remove(element: Element) -> None:
    """Take ``element`` out of the page, keeping the text after it a string of its own."""
    parent = element.getparent()
    if parent is None:
        return
    placeholder = etree.Comment(_PLACEHOLDER)
    placeholder.tail = element.tail
    element.tail = None
    parent.replace(element, placeholder)


def replace_with_text(element: Element, text: str) -> None:
    """Put ``text`` where ``element`` was, as a string of its own (bs4's ``replace_with(str)``)."""
    parent = element.getparent()
    if parent is None:
        return
    before = etree.Comment(_PLACEHOLDER)
    before.tail = text
    after = etree.Comment(_PLACEHOLDER)
    after.tail = element.tail
    element.tail = None
    index = parent.index(element)
    parent.remove(element)
    parent.insert(index, after)
    parent.insert(index, before)


def set_string(element: Element, text: str) -> None:
    """Replace everything inside ``element`` by ``text`` (bs4's ``tag.string = text``)."""
    for child in list(element):
        element.remove(child)
    element.text = text


def ancestors(element: Element) -> Iterator[Element]:
    node = element.getparent()
    while node is not None:
        yield node
        node = node.getparent()


def classes(element: Element) -> list[str]:
    """The ``class`` tokens, split on any whitespace as bs4 splits multi-valued attributes."""
    value = element.get("class")
    return value.split() if value else []
