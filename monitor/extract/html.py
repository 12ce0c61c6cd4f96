"""HTML to blocks: strip the page down to its notice, then read it as a reader would.

Three steps, each with one job:

1. ``clean`` removes what is never notice text (scripts, menus, page header and
   footer, forms, cookie banners, hidden elements, the target's ``remove``
   selectors), with guards so that a page whose notice sits in an odd place
   (a whole-page ``<form>``, content behind ``aria-hidden`` while a modal is open)
   keeps it;
2. ``select_roots`` / ``choose_main`` pick where the notice is: the target's
   ``select`` selectors, or the landmark or densest container holding most of
   the page's own (non-link) text;
3. ``walk`` turns the chosen elements into blocks: each heading, paragraph,
   list item, table row and preformatted line is one block, inline markup never
   splits a block, nested lists are not folded into their parent item.

The walk is iterative (no recursion), because real pages nest thousands deep.
The page is an lxml tree read with BeautifulSoup's semantics (``dom``): the text
is what it was when the extractor built a BeautifulSoup tree, at a fraction of the cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, Protocol

from monitor.extract import css, data, dom
from monitor.extract.blocks import (
    LINE_BREAK,
    BlockBuilder,
    ExtractionError,
    join_cells,
    join_pieces,
)
from monitor.extract.dom import Element as Tag
from monitor.extract.filters import cleaning_steps
from monitor.extract.links import link_target, shows_target
from monitor.extract.normalize import clean_whitespace, normalize_language
from monitor.extract.ranges import describe, preorder, remove_ranges, select_range
from monitor.model import BlockKind
from monitor.targets import Range, Selector

#: Elements that start and end a block (a line of text in a browser).
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "plaintext",
        "pre",
        "section",
        "summary",
        "table",
        "caption",
        "colgroup",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
        "xmp",
        "noframes",
        "search",
    ]
)
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LIST_TAGS = frozenset({"ul", "ol", "menu", "dir", "dl"})

#: Stands for a ``<br>`` while a block's text is assembled: one is a space, two or more end a block.
BR = "\ue000"


# --------------------------------------------------------------------------- parsing


parse = dom.parse


def title_of(soup: Tag) -> str | None:
    """``<title>``, else the first ``<h1>``, normalized; None when both are empty."""
    titles = [t for t in soup.iter("title") if not any(a.tag == "svg" for a in dom.ancestors(t))]
    for element in (titles[0] if titles else None, next(soup.iter("h1"), None)):
        if element is not None:
            text = clean_whitespace(dom.get_text(element, " "))
            if text:
                return text
    return None


def language_of(soup: Tag) -> str | None:
    """The page's declared language: ``<html lang>``, else ``Content-Language`` in a meta tag."""
    html = next(soup.iter("html"), None)
    if html is not None:
        for attribute in ("lang", "xml:lang"):
            value = html.get(attribute)
            if isinstance(value, str) and normalize_language(value):
                return normalize_language(value)
    for meta in soup.iter("meta"):
        if str(meta.get("http-equiv", "")).lower() == "content-language":
            value = normalize_language(str(meta.get("content", "")).split(",")[0])
            if value:
                return value
    return None


# --------------------------------------------------------------------------- cleaning


@cache
def _rules() -> dict[str, Any]:
    raw = data.load("noise.toml")
    cookies = raw["cookie_banners"]
    hidden = raw["hidden"]
    return {
        "always_tags": frozenset(raw["always"]["tags"]),
        "always_roles": frozenset(raw["always"]["roles"]),
        "control_tags": frozenset(raw["controls"]["tags"]),
        "control_roles": frozenset(raw["controls"]["roles"]),
        "control_keep": tuple(raw["controls"]["keep_attributes"]),
        "page_tags": frozenset(raw["page_level"]["tags"]),
        "page_roles": frozenset(raw["page_level"]["roles"]),
        "content_ancestors": frozenset(raw["page_level"]["content_ancestors"]),
        "content_roles": frozenset(raw["page_level"]["content_roles"]),
        "guarded_tags": frozenset(raw["guarded"]["tags"]),
        "guarded_roles": frozenset(raw["guarded"]["roles"]),
        "guarded_share": float(raw["guarded"]["share"]),
        "guarded_max": int(raw["guarded"]["max_chars"]),
        "hidden_share": float(hidden["share"]),
        "hidden_attributes": tuple(hidden["attributes"]),
        "aria_hidden": bool(hidden["aria_hidden"]),
        "hidden_styles": tuple(s.replace(" ", "") for s in hidden["styles"]),
        "hidden_classes": frozenset(c.lower() for c in hidden["classes"]),
        "vendors": tuple(v.lower() for v in cookies["vendors"]),
        "generic": tuple(g.lower() for g in cookies["generic"]),
        "generic_share": float(cookies["share"]),
        "weak": tuple(w.lower() for w in cookies["weak"]),
        "weak_with": tuple(w.lower() for w in cookies["weak_with"]),
    }


def _names(tag: Tag) -> list[str]:
    """The id and class tokens of an element, lowercased: what cookie-banner rules match against."""
    names: list[str] = []
    identifier = tag.get("id")
    if isinstance(identifier, str) and identifier:
        names.append(identifier.lower())
    names.extend(c.lower() for c in dom.classes(tag))
    return names


def _role(tag: Tag) -> str:
    role = tag.get("role")
    return role.strip().lower() if isinstance(role, str) else ""


def _text_len(tag: Tag) -> int:
    """Characters of the element's text, each string stripped, spaces not counted (as bs4 counted)."""
    if dom.has_plain_strings_only(tag):
        strings: Any = tag.itertext()  # in C: the same strings when no script or ruby is inside
    else:
        strings = dom.text_strings(tag)
    total = 0
    for s in strings:
        s = s.strip()
        total += len(s) - s.count(" ")
    return total


def _is_hidden(tag: Tag, rules: dict[str, Any]) -> bool:
    attrs = tag.attrib
    if any(a in attrs for a in rules["hidden_attributes"]):
        return True
    if rules["aria_hidden"] and str(attrs.get("aria-hidden", "")).strip().lower() == "true":
        return True
    style = attrs.get("style")
    if isinstance(style, str) and style:
        compact = style.replace(" ", "").lower()
        if any(s in compact for s in rules["hidden_styles"]):
            return True
    return "class" in attrs and any(c.lower() in rules["hidden_classes"] for c in dom.classes(tag))


def _is_chrome_control(tag: Tag, rules: dict[str, Any]) -> bool:
    """A button that is not an accordion toggle or part of a heading."""
    if tag.tag not in rules["control_tags"] and _role(tag) not in rules["control_roles"]:
        return False
    if any(a in tag.attrib for a in rules["control_keep"]):
        return False
    return not any(_heading_level(parent) for parent in dom.ancestors(tag))


def _inside_content(tag: Tag, rules: dict[str, Any]) -> bool:
    for parent in dom.ancestors(tag):
        if parent.tag in rules["content_ancestors"] or _role(parent) in rules["content_roles"]:
            return True
    return False


tags = dom.elements


def _remove_tags(root: Tag, names: frozenset[str]) -> None:
    for element in [t for t in tags(root) if t.tag in names]:
        dom.remove(element)


def clean(root: Tag, remove: Sequence[str] = (), *, keep: Tag | None = None) -> None:
    """Remove every element that is not notice text from ``root`` (in place).

    ``keep`` (a selected root) is never removed itself, even if a rule matches it.
    """
    rules = _rules()
    _remove_tags(root, rules["always_tags"])
    for selector in remove:
        for element in _select(root, selector, within=root):
            if element is not keep:
                dom.remove(element)
    page_chars = max(1, _text_len(root))

    def guarded(element: Tag, share: float, max_chars: int | None) -> bool:
        chars = _text_len(element)
        return chars < share * page_chars and (max_chars is None or chars < max_chars)

    vendors, generic = rules["vendors"], rules["generic"]

    def is_noise(element: Tag) -> bool:
        role = _role(element)
        if role in rules["always_roles"] or _is_chrome_control(element, rules):
            return True
        name = element.tag
        if (name in rules["page_tags"] or role in rules["page_roles"]) and not _inside_content(
            element, rules
        ):
            return True
        if (name in rules["guarded_tags"] or role in rules["guarded_roles"]) and guarded(
            element, rules["guarded_share"], rules["guarded_max"]
        ):
            return True
        if _is_hidden(element, rules) and guarded(element, rules["hidden_share"], None):
            return True
        names = _names(element)
        if not names:
            return False
        if any(n.startswith(vendors) for n in names):
            return True
        if any(n.startswith(generic) for n in names):
            return guarded(element, rules["generic_share"], None)
        weak = any(
            w in n and any(o in n for o in rules["weak_with"]) for n in names for w in rules["weak"]
        )
        return (
            weak
            and not _heading_level(element)
            and guarded(element, rules["guarded_share"], rules["guarded_max"])
        )

    # An element without attributes is noise only by its name (a quick test for most elements).
    named = rules["control_tags"] | rules["page_tags"] | rules["guarded_tags"]
    doomed = [
        element
        for element in tags(root)
        if element is not keep
        and (element.tag in named or len(element.attrib))
        and is_noise(element)
    ]
    for element in doomed:
        dom.remove(element)


# --------------------------------------------------------------------------- where the notice is


def _select(root: Tag, selector: str, *, within: Tag | None = None) -> list[Tag]:
    """Matches on the whole page (its top element), optionally only those inside ``within``."""
    top = root.getroottree().getroot()
    return css.select(top if top is not None else root, selector, within=within)


def select_roots(soup: Tag, selectors: Sequence[str]) -> list[Tag]:
    """Every element any selector matches, in document order, without elements nested in another match."""
    found: list[Tag] = []
    seen: set[Tag] = set()
    for selector in selectors:
        for tag in _select(soup, selector):
            if tag not in seen:
                seen.add(tag)
                found.append(tag)
    if len(selectors) > 1:
        order = {tag: i for i, tag in enumerate(tags(soup))}
        found.sort(key=lambda t: order.get(t, 0))
    roots: list[Tag] = []
    chosen: set[Tag] = set()
    for tag in found:
        if not any(parent in chosen for parent in dom.ancestors(tag)):
            roots.append(tag)
            chosen.add(tag)
    return roots


def content_scores(root: Tag) -> dict[Tag, int]:
    """Per element: characters of its text outside links (what a reader reads, not clicks).

    Link text counts for no element, not even the link's ancestors; ASCII whitespace
    alone counts nothing (it is one space or newline to a reader).
    """
    if root.tag == "a":
        return {}
    nodes = list(root.iter())
    scores: dict[Tag, int] = {}
    # Characters gathered so far for an element: its children's tails and scores.
    gathered: dict[Tag, int] = {}
    for node in reversed(nodes):  # children before their parent
        if node is root:
            break
        parent = node.getparent()
        add = _size(node.tail, parent) if node.tail else 0
        if isinstance(node.tag, str):
            own = gathered.pop(node, 0) + (_size(node.text, node) if node.text else 0)
            if own and node.tag != "a":
                scores[node] = own
                add += own
        if add:
            gathered[parent] = gathered.get(parent, 0) + add
    total = gathered.get(root, 0) + (_size(root.text, root) if root.text else 0)
    if total:
        scores[root] = total
    for link in root.iter("a"):  # text inside a link counts for nothing, not even its own
        for inner in link.iter():
            scores.pop(inner, None)
    return scores


def _size(string: str, parent: Tag) -> int:
    """Characters of one string that a reader reads: not spaces, newlines or tabs."""
    size = len(string) - string.count(" ") - string.count("\n") - string.count("\t")
    if (
        size > 0
        and string.isspace()
        and not string.strip(dom.ASCII_SPACES)
        and not dom.in_preserved(parent)
    ):
        return 0  # CR or form feed in ASCII whitespace: bs4 kept it as one space or newline
    return max(size, 0)


#: A landmark (main, article, role=main) is the notice when it holds this share of the page's text.
LANDMARK_SHARE = 0.6
#: Descend into a child while it holds this share of its parent's text: the rest is page furniture.
DESCEND_SHARE = 0.9


def choose_main(root: Tag) -> list[Tag]:
    """The elements that hold the notice: a landmark with most of the text, else the densest container.

    From the landmark (or the body), descend into the child holding nearly all
    of the text until no single child does. Stopping early keeps some page
    furniture (harmless when it is static); descending too far would drop part
    of the notice, which is worse: a missed change. The notice's own title often
    sits in a banner beside its body, so an ``<h1>`` left behind on the way down
    is kept in front of the chosen container.
    """
    scores = content_scores(root)
    total = scores.get(root, 0)
    node = root
    if total:
        landmarks = [
            tag for tag in tags(root) if tag.tag in ("main", "article") or _role(tag) == "main"
        ]
        if landmarks:
            best = max(landmarks, key=lambda t: scores.get(t, 0))
            if scores.get(best, 0) >= LANDMARK_SHARE * total:
                node = best
    titles: list[Tag] = []
    while True:
        here = scores.get(node, 0)
        children = [c for c in node if isinstance(c.tag, str)]
        if not here or not children:
            break
        best = max(children, key=lambda t: scores.get(t, 0))
        if scores.get(best, 0) < DESCEND_SHARE * here:
            break
        for sibling in children:
            if sibling is best:
                break
            found = [sibling] if sibling.tag == "h1" else list(sibling.iter("h1"))
            titles.extend(h for h in found if scores.get(h, 0))
        node = best
    return [*titles, node]


# --------------------------------------------------------------------------- reading blocks


def _heading_level(tag: Tag) -> int:
    """1-6 for h1-h6 and role=heading elements, 0 for anything else."""
    level = HEADING_TAGS.get(tag.tag, 0)
    if level:
        return level
    if _role(tag) == "heading":
        try:
            return min(6, max(1, int(str(tag.get("aria-level", "2")))))
        except ValueError:
            return 2
    return 0


def _nodes(element: Tag) -> Iterator[Tag | str]:
    """The children of an element as bs4 lists them: its strings and its child nodes, in order."""
    if element.text:
        yield element.text
    for child in element:
        yield child
        if child.tail:
            yield child.tail


def flat_text(tag: Tag) -> str:
    """All the text of an element on one line: block boundaries and ``<br>`` become spaces."""
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(_nodes(tag), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                parts.append(" ")
        elif isinstance(child, str):
            parts.append(child)
        elif isinstance(child.tag, str):
            if child.tag == "br":
                parts.append(" ")
                continue
            block = child.tag in BLOCK_TAGS
            if block:
                parts.append(" ")
            stack.append((_nodes(child), block))
    return " ".join("".join(parts).replace(BR, " ").split())


_LAYOUT_INSIDE = ("table", "h1", "h2", "h3", "h4", "h5", "h6")


def _is_layout_table(table: Tag) -> bool:
    """A table used for page layout (it holds headings or other tables) is read as containers."""
    return any(e is not table for e in table.iter(*_LAYOUT_INSIDE))


def _rows(table: Tag) -> list[Tag]:
    rows: list[Tag] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if c.tag == "tr")
    return rows


class _Pieces:
    """A sink that gathers the blocks of a table cell, to be joined on one line."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def heading(self, level: int, text: str) -> None:
        self.texts.append(text)

    def add(self, kind: BlockKind, text: str) -> None:
        self.texts.append(text)


def _cell_text(cell: Tag) -> str:
    pieces = _Pieces()
    walk([cell], pieces, inner=True)
    return join_pieces(pieces.texts)


class Sink(Protocol):
    """What ``walk`` writes to: a BlockBuilder, or the pieces of a table cell."""

    def heading(self, level: int, text: str) -> None: ...

    def add(self, kind: BlockKind, text: str) -> None: ...


_MARKUP = re.compile(
    r"</?(?:p|span|div|a|li|ul|ol|h[1-6]|strong|em|b|i|u|br|table|tbody|thead|tr|td|th|section)"
    r"(?:\s[^<>]{0,500})?/?>",
    re.IGNORECASE,
)


def looks_like_markup(text: str) -> bool:
    """Text that is HTML source shown as text (a CMS that escaped its own markup).

    Such a page shows tag soup to readers; reading the markup as HTML gives the
    notice it was meant to show. A notice that merely mentions a ``<script>``
    tag has a few tags, not a tenth of its characters in them.
    """
    if text.count("<") < 5:
        return False
    tags = _MARKUP.findall(text)
    return len(tags) >= 5 and sum(len(t) for t in tags) >= 0.1 * len(text)


def walk(roots: Sequence[Tag], sink: Sink, *, inner: bool = False, escaped: bool = False) -> None:
    """Emit the blocks of ``roots`` (in order) into ``sink``.

    ``inner`` means the roots' own tags are containers to read through (a table
    cell), rather than elements to interpret (a selected ``<li>`` or ``<h2>``).
    ``escaped`` marks a walk over markup that was found escaped in text, which
    is read once as HTML and never again.
    """
    buffer: list[str] = []
    flushes = 0
    #: Open links: (the ``<a>``, its normalized target, where its text starts in ``buffer``, flushes so far).
    links: list[tuple[Tag, str, int, int]] = []

    def flush(kind: BlockKind) -> None:
        nonlocal flushes
        flushes += 1
        if not buffer:
            return
        text = "".join(buffer)
        buffer.clear()
        for part in _split_on_double_br(text):
            if not escaped and looks_like_markup(part):
                page = parse(part)
                body = dom.body_of(page)
                walk([page if body is None else body], sink, inner=True, escaped=True)
            else:
                sink.add(kind, part)

    # Each frame: (element, its children as bs4 lists them, block kind of its text, is it a
    # block, are whitespace-only strings kept: inside <pre> or <textarea>, as bs4 keeps them)
    stack: list[tuple[Any, Any, BlockKind, bool, bool]] = []
    if inner:
        for root in reversed(roots):
            stack.append((root, _nodes(root), "paragraph", True, dom.in_preserved(root)))
    else:
        stack.append((None, iter(roots), "paragraph", True, False))

    while stack:
        element, children, kind, is_block, preserved = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                flush(kind)
            elif links and links[-1][0] is element:
                _close_link(buffer, links.pop(), flushes)
            continue
        if isinstance(child, str):
            # bs4 kept a string of ASCII whitespace alone as one space or newline
            buffer.append(
                child if preserved or not child.isspace() else dom.whitespace(child, False)
            )
            continue
        name = child.tag
        if not isinstance(name, str):
            continue  # a comment or processing instruction
        if name == "br":
            buffer.append(BR)
            continue
        level = _heading_level(child)
        if level:
            flush(kind)
            sink.heading(level, flat_text(child))
            continue
        if name == "table" and not _is_layout_table(child):
            flush(kind)
            _table(child, sink)
            continue
        if name in ("pre", "listing", "xmp", "plaintext"):
            flush(kind)
            for line in dom.get_text(child).replace("\r", "\n").split("\n"):
                sink.add("preformatted", line)
            continue
        keep = dom.in_preserved(child) if element is None else preserved or name == "textarea"
        if name == "li" or name == "dt" or name == "dd":
            flush(kind)
            child_kind: BlockKind = "list_item" if name == "li" else "paragraph"
            stack.append((child, _nodes(child), child_kind, True, keep))
            continue
        if name in BLOCK_TAGS:
            flush(kind)
            stack.append((child, _nodes(child), kind, True, keep))
            continue
        # inline: its text joins the current block
        if name == "a":
            target = link_target(_attribute(child, "href"))
            if target is not None:
                links.append((child, target, len(buffer), flushes))
        stack.append((child, _nodes(child), kind, False, keep))


def _attribute(tag: Tag, name: str) -> str | None:
    value = tag.get(name)
    return value if isinstance(value, str) else None


def _close_link(buffer: list[str], link: tuple[Tag, str, int, int], flushes: int) -> None:
    """Write the link just read as ``[text](target)``, unless its text is its target or a block split it."""
    _tag, target, start, opened_at = link
    if flushes != opened_at:
        return  # a block inside the link (a card): its text was already written out
    text = "".join(buffer[start:])
    shown = " ".join(text.replace(BR, " ").split())
    if not shown or not any(c.isalnum() for c in shown) or shows_target(shown, target):
        return
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    buffer[start:] = [lead, "[", text.strip(), "](", target, ")", trail]


_DOUBLE_BR = re.compile(BR + r"\s*" + BR + "[\\s" + BR + "]*")


def _split_on_double_br(text: str) -> list[str]:
    """Two or more ``<br>`` in a row end a paragraph; a single one is a line break (read as a space).

    The line break is kept as ``LINE_BREAK`` so that the builder sees lines opening
    with a bullet glyph or a dash ("• a<br>• b"): a list written without list markup.
    """
    if BR not in text:
        return [text]
    return [part.replace(BR, LINE_BREAK) for part in _DOUBLE_BR.split(text)]


def _table(table: Tag, sink: Sink) -> None:
    """One table_row block per row, cells joined with `` | ``; a caption is a paragraph."""
    caption = dom.first(table, "caption")
    if caption is not None:
        sink.add("paragraph", flat_text(caption))
    for row in _rows(table):
        cells = [_cell_text(c) for c in row if c.tag in ("td", "th")]
        sink.add("table_row", join_cells(cells))


# --------------------------------------------------------------------------- entry point


def extract_html(
    text: str,
    *,
    select: Sequence[Selector] = (),
    remove: Sequence[Selector] = (),
    filters: Sequence[str] = (),
) -> tuple[BlockBuilder, str | None, str | None]:
    """Blocks, title and declared language of one HTML page.

    ``select`` and ``remove`` take CSS selectors and ranges (see ``ranges``); the
    named ``filters`` clean what is left after them, before it is read.
    """
    steps = cleaning_steps(filters)
    soup = parse(text)
    title = title_of(soup)
    language = language_of(soup)
    builder = BlockBuilder()
    _remove_tags(soup, _rules()["always_tags"])
    css_remove = [s for s in remove if isinstance(s, str)]
    remove_ranges(soup, [s for s in remove if isinstance(s, Range)])
    if select:
        emptied = False
        for selector in css_remove:
            for element in _select(soup, selector):
                emptied = emptied or element is soup  # the whole page removed: nothing to select
                dom.remove(element)
        roots = [] if emptied else _selected(soup, select)
        if not roots:
            raise ExtractionError(
                f"no element matches the selector(s) {', '.join(describe(s) for s in select)}"
            )
        for root in roots:
            clean(root, (), keep=root)
            for step in steps:
                step(root)
        walk(roots, builder)
    else:
        body = dom.body_of(soup)
        if body is None:
            body = soup
        clean(body, css_remove, keep=body)
        for step in steps:
            step(body)
        walk(choose_main(body), builder)
    return builder, title, language


def _selected(soup: Tag, select: Sequence[Selector]) -> list[Tag]:
    """The roots to read: CSS matches and range pieces, in document order."""
    selectors = [s for s in select if isinstance(s, str)]
    ranges = [s for s in select if isinstance(s, Range)]
    roots = select_roots(soup, selectors) if selectors else []
    if not ranges:
        return roots
    order = preorder(soup)
    placed = [(order[root], root) for root in roots]
    for selector in ranges:
        piece = select_range(soup, selector)
        if piece is not None:
            placed.append(piece)
    placed.sort(key=lambda item: item[0])
    return [root for _start, root in placed]
