"""The lxml reading of HTML keeps BeautifulSoup's semantics (strings, whitespace, selectors).

The extractor read pages through a BeautifulSoup tree until it moved to lxml; the
text of a page must not change with that (a changed text is a false "notice
changed" alert for every watched page). BeautifulSoup is still installed, so these
tests compare against it directly on the inputs where the two trees could differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from monitor.extract import ExtractionError, css, dom, extract
from monitor.extract.html import _text_len, content_scores, title_of

FIXTURES = Path(__file__).parent / "fixtures" / "extract"

#: Pages where a tree built another way would read differently.
TRICKY = [
    # text split by comments stays several strings (each stripped on its own)
    "<html><head><title>Our\n<!-- x -->\nnotice</title></head><body><p>a\n<!--c-->\nb</p></body></html>",
    # ruby annotations and scripts are not part of get_text
    "<h1>漢<rt>kan</rt>字<rp>(</rp></h1><p>x<script>var a</script>y<style>p{}</style></p>",
    # whitespace-only strings: one space or newline, except in pre / textarea
    "<div>\t\r\n  <span> \r </span>x<pre> \t\n <b> </b>\n</pre><textarea>\n \n</textarea></div>",
    # attribute names that are not XML names, tags with a colon
    '<div @click="go()" :class="c" xmlns:xlink="x"><o:p>Word</o:p><p>kept</p></div>',
    # a comment after </html>, as page caches write
    "<html><body><main><p>Read me.</p></main></body></html>\n<!-- served by cache -->",
    # template content, deep nesting
    "<body><template><p>Template text</p></template><p>shown</p></body>",
    "<div>" * 300 + "Deep text" + "</div>" * 300,
]


def _tricky_pages() -> list[str]:
    return [*TRICKY, *(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.html")))]


@pytest.mark.parametrize("page", _tricky_pages())
def test_the_tree_has_bs4s_elements_and_strings(page: str) -> None:
    soup = BeautifulSoup(page, "lxml")
    root = dom.parse(page)
    bs4_tags = soup.find_all(True)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    assert [t.name for t in bs4_tags] == [e.tag for e in elements]
    for tag, element in zip(bs4_tags, elements, strict=True):
        assert dom.get_text(element, " ") == tag.get_text(" ")
        assert _text_len(element) == sum(len(s) - s.count(" ") for s in tag.stripped_strings)
    soup_title = soup.title.get_text(" ") if soup.title else None
    title = title_of(root)
    if soup_title and soup_title.split():
        assert title == " ".join(soup_title.split())


@pytest.mark.parametrize("page", _tricky_pages())
def test_content_scores_count_what_bs4s_strings_count(page: str) -> None:
    soup = BeautifulSoup(page, "lxml")
    root = dom.parse(page)
    body = dom.body_of(root)
    if body is None:
        return
    expected: dict[int, int] = {}
    bs4_body = soup.body
    for string in bs4_body.descendants:
        if type(string).__name__ in ("Comment", "Tag") or not isinstance(string, str):
            continue
        size = len(string) - string.count(" ") - string.count("\n") - string.count("\t")
        chain = []
        for parent in string.parents:
            if parent.name == "a":
                chain = []
                break
            chain.append(parent)
            if parent is bs4_body:
                break
        for parent in chain:
            expected[id(parent)] = expected.get(id(parent), 0) + max(size, 0)
    index = {id(t): i for i, t in enumerate(bs4_body.find_all(True))}
    elements = list(body.iter(tag=None))
    elements = [e for e in elements if isinstance(e.tag, str) and e is not body]
    scores = content_scores(body)
    assert scores.get(body, 0) == expected.get(id(bs4_body), 0)
    for tag_id, i in index.items():
        assert scores.get(elements[i], 0) == expected.get(tag_id, 0)


def test_a_comment_after_the_page_does_not_hide_it() -> None:
    page = (
        b"<html><body><main><h1>Notice</h1><p>We keep data.</p></main></body></html><!-- cache -->"
    )
    document = extract(page, "text/html")
    assert [b.text for b in document.blocks] == ["Notice", "We keep data."]


@pytest.mark.parametrize(
    ("page", "text"),
    [
        (b"<p>a\x0cb c</p>", "a b c"),  # a form feed is whitespace
        (b"<p>a\x01b</p>", "ab"),  # a control that is not whitespace is dropped
        (b'<p title="x\x0c">a\x0bb</p>', "a b"),
        (b"<p>a\x1fb\x1c</p>", "a b"),
        (b"<p\x0cclass=a>t</p>", "t"),  # a form feed between a tag's name and its attributes
    ],
)
def test_control_characters_read_as_they_did(page: bytes, text: str) -> None:
    """lxml cannot hold them (XML forbids them); the stand-ins read the same."""
    assert [b.text for b in extract(page, "text/html").blocks] == [text]


def test_odd_attribute_names_and_prefixed_tags_are_read() -> None:
    page = b'<body><div @click="x" xmlns:xlink="y"><p>Kept <o:p>text</o:p></p></div></body>'
    assert [b.text for b in extract(page, "text/html").blocks] == ["Kept text"]


SELECTORS = [
    "main",
    "p",
    "div > p",
    "h2 + p",
    "h2 ~ p",
    "#main .content p",
    "a[href^='https']",
    "a[href*=privacy]",
    "[lang|=en]",
    "body *",
    "html body main",
    # soupsieve's own syntax, read by soupsieve on a mirror of the page
    "p:first-child",
    "li:nth-child(2n+1)",
    "section:nth-of-type(2)",
    "div:has(> h2)",
    "p:-soup-contains('cookie')",
    ":is(h1, h2)",
    "input[type=TEXT]",
]


@pytest.mark.parametrize("page", _tricky_pages())
def test_selectors_match_what_soupsieve_matches(page: str) -> None:
    soup = BeautifulSoup(page, "lxml")
    root = dom.parse(page)
    bs4_index = {id(t): i for i, t in enumerate(soup.find_all(True))}
    lxml_index = {e: i for i, e in enumerate(e for e in root.iter() if isinstance(e.tag, str))}
    for selector in SELECTORS:
        expected = [bs4_index[id(t)] for t in soup.select(selector)]
        assert [lxml_index[e] for e in css.select(root, selector)] == expected, selector


def test_simple_selectors_run_in_lxml_and_the_rest_in_soupsieve() -> None:
    assert css.is_fast("main") and css.is_fast("#a .b > p[href^='x']")
    assert not css.is_fast("p:nth-of-type(2)")
    assert not css.is_fast("input[type=text]")  # soupsieve ignores case there
    assert not css.is_fast("p:-soup-contains('x')")


def test_an_invalid_selector_keeps_soupsieves_message() -> None:
    with pytest.raises(
        ExtractionError, match=r"invalid CSS selector 'p\[': Malformed attribute selector"
    ):
        extract(b"<body><p>x</p></body>", "text/html", select="p[")


def test_remove_selectors_see_the_whole_page() -> None:
    page = (
        b"<html><body><main><p>Notice text here.</p><div class='x'>Share</div></main>"
        b"<p>Elsewhere</p></body></html>"
    )
    blocks = extract(page, "text/html", remove="html body .x").blocks
    assert [b.text for b in blocks] == ["Notice text here."]


def test_a_remove_selector_that_matches_the_whole_page_leaves_nothing_to_select() -> None:
    with pytest.raises(ExtractionError, match="no element matches the selector"):
        extract(
            b"<html><body><main><p>x</p></main></body></html>",
            "text/html",
            select="main",
            remove="html",
        )
