"""HTML extraction: structure, noise, selectors, charsets, volatile tokens, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.extract import EXTRACTOR_VERSION, ExtractionError, extract, sniff_type
from monitor.extract import data as extract_data
from monitor.extract.normalize import (
    clean_url,
    clean_whitespace,
    is_random_token,
    merge_repeats,
    normalize_language,
    normalize_text,
    strip_volatile,
)
from monitor.model import Block

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
NOTICE = (FIXTURES / "notice.html").read_bytes()
NOISY = (FIXTURES / "notice_noisy.html").read_bytes()

TITLE = "European Regional Privacy Notice"
DATA = "1. Data We Collect"
BASES = "2. Legal Bases"


def html(body: str, head: str = "", lang: str = "en") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'.encode()
    )


def lines(body: str, **kwargs: object) -> list[str]:
    return extract(html(body), "text/html", **kwargs).lines  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the fixture notice


@pytest.fixture(scope="module")
def notice():
    return extract(
        NOTICE, "text/html; charset=utf-8", url="https://fabrikam.example/legal/privacy/eu"
    )


def test_document_metadata(notice):
    assert notice.title == "European Regional Privacy Notice | Fabrikam Social"
    assert notice.language == "en"
    assert notice.source_type == "text/html"
    assert notice.extractor_version == EXTRACTOR_VERSION


def test_fixture_notice_reads_as_expected(notice):
    assert notice.lines == [
        "# European Regional Privacy Notice",
        "Effective 3 November 2025. This notice explains how Fabrikam Social processes personal "
        "data of members in the [European Economic Area](/eea).",
        "## 1. Data We Collect",
        "We collect the following data:",
        "- Profile data",
        "- name and headline",
        "- work history",
        "- Contact data, such as your email address",
        "- Usage data",
        "### 1.1 Data from Partners",
        "Advertising partners may share data with us.",
        "Publishers share conversion events.",
        "## 2. Legal Bases",
        "### Legitimate Interests",
        "Purpose | Data | Basis",
        "Training generative AI models | Profile data; Posts | Legitimate interests",
        "Security | Usage data | Legitimate interests",
        "### Consent",
        "- Personalised advertising",
        "- Precise location",
        "## 3. Contact",
        "Manage your choices at https://fabrikam.example/settings?tab=privacy.",
        "Fabrikam Social Ireland Ltd",
        "Wilton Place, Dublin 2, Éire",
    ]


def test_heading_paths_follow_levels(notice):
    by_text = {b.text: b for b in notice.blocks}
    assert by_text[TITLE].path == ()
    assert by_text[TITLE].level == 1
    assert by_text[DATA].path == (TITLE,)
    assert by_text["work history"].path == (TITLE, DATA)
    assert by_text["1.1 Data from Partners"].level == 3
    assert by_text["Publishers share conversion events."].path == (
        TITLE,
        DATA,
        "1.1 Data from Partners",
    )
    # a level-2 heading closes the level-3 section above it
    assert by_text[BASES].path == (TITLE,)
    # role="heading" with aria-level counts as a heading
    assert by_text["Legitimate Interests"].kind == "heading"
    assert by_text["Legitimate Interests"].level == 3
    row = by_text["Security | Usage data | Legitimate interests"]
    assert row.kind == "table_row"
    assert row.path == (TITLE, BASES, "Legitimate Interests")
    assert by_text["Precise location"].path == (TITLE, BASES, "Consent")


def test_block_kinds(notice):
    kinds = {b.text: b.kind for b in notice.blocks}
    assert kinds["We collect the following data:"] == "paragraph"
    assert kinds["Contact data, such as your email address"] == "list_item"  # <li><p> is an item
    assert kinds["Purpose | Data | Basis"] == "table_row"  # header row kept
    assert kinds["Personalised advertising"] == "list_item"  # <ol> too
    assert kinds["Wilton Place, Dublin 2, Éire"] == "preformatted"


def test_noise_is_removed(notice):
    text = notice.text
    for noise in (
        "Jobs",  # nav
        "Search",  # form / button
        "We use cookies",  # OneTrust banner
        "Cookies help us",  # generic cookie banner
        "User Agreement",  # sidebar
        "Preview banner",  # hidden attribute
        "Decorative duplicate",  # aria-hidden
        "Old effective date",  # display: none
        "Skip to content",  # screen-reader only
        "Sign up to see more",  # visibility: hidden dialog
        "© 2025",  # page footer
        "enable JavaScript",  # noscript
        "Template text",
        "svg text",
        "window.__STATE__",
        "font-family",
    ):
        assert noise not in text, noise


def test_every_block_renders_on_one_line(notice):
    assert all("\n" not in line for line in notice.lines)
    assert notice.text == "\n".join(notice.lines)


def test_noisy_fetch_of_the_same_notice_gives_the_same_text(notice):
    """Different scripts, banners, menus, markup, whitespace kinds, soft hyphens, NFD accents,
    a session id and tracking parameters in a URL, a "last visited" stamp, a render time,
    a request id and a repeated (mobile + desktop) heading: none of it is a change."""
    noisy = extract(NOISY, "text/html")
    assert noisy.text == notice.text
    assert noisy.blocks == notice.blocks


def test_same_bytes_give_identical_text_twice():
    first = extract(NOISY, "text/html")
    second = extract(NOISY, "text/html")
    assert first == second
    assert first.text.encode() == second.text.encode()


# --------------------------------------------------------------------------- inline vs block


def test_inline_elements_do_not_split_a_block():
    assert lines(
        "<p>We <a href='#'>collect</a> <strong>your</strong> <span>da</span>ta<br>and more.</p>"
    ) == ["We collect your data and more."]


def test_double_br_separates_paragraphs_single_br_is_a_space():
    assert lines("<div>First line<br>same paragraph<br><br>Second paragraph</div>") == [
        "First line same paragraph",
        "Second paragraph",
    ]


def test_div_with_direct_text_is_a_paragraph_and_nested_blocks_split_it():
    assert lines("<div>Intro <em>text</em><div>Inner block</div>Tail text</div>") == [
        "Intro text",
        "Inner block",
        "Tail text",
    ]


def test_nested_list_items_are_not_folded_into_the_parent():
    got = lines(
        "<ul><li>Parent <b>item</b><ol><li>Child one</li><li>Child two</li></ol>after</li><li>Next</li></ul>"
    )
    assert got == ["- Parent item", "- Child one", "- Child two", "- after", "- Next"]


def test_table_rows_header_and_cells():
    got = lines(
        "<table><caption>Retention</caption><tr><th>Data</th><th>Period</th></tr>"
        "<tr><td>Logs</td><td>90 days</td></tr><tr><td>Empty row?</td><td></td></tr>"
        "<tr><td></td><td></td></tr></table>"
    )
    assert got == ["Retention", "Data | Period", "Logs | 90 days", "Empty row?"]


def test_layout_table_is_read_as_containers():
    got = lines(
        "<table><tr><td><h2>Section</h2><p>Body text.</p></td><td><p>Side</p></td></tr></table>"
    )
    assert got == ["## Section", "Body text.", "Side"]


def test_heading_text_keeps_inner_blocks_apart():
    assert lines("<h2><span>3.</span><div>Sharing</div></h2><p>x y z</p>")[0] == "## 3. Sharing"


def test_accordion_toggles_keep_their_labels_other_buttons_go():
    got = lines(
        "<h3><button>How we use data</button></h3><p>For ads.</p>"
        "<button aria-expanded='false' aria-controls='p2'>Who we share with</button>"
        "<div id='p2'><p>Processors.</p></div><button>Print this page</button>"
    )
    assert got == ["### How we use data", "For ads.", "Who we share with", "Processors."]


def test_markup_escaped_by_the_cms_is_read_as_html():
    escaped = (
        "&lt;p&gt;&lt;span&gt;Effective 2 December 2024.&lt;/span&gt;&lt;/p&gt;&lt;h3&gt;&lt;span&gt;DATA"
        "&lt;/span&gt;&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;span&gt;Name&lt;/span&gt;&lt;/li&gt;"
        "&lt;li&gt;&lt;a href=&quot;/x&quot;&gt;Email&lt;/a&gt;&lt;/li&gt;&lt;/ul&gt;"
    )
    assert lines(f"<h1>Policy</h1><div class='rich'>{escaped}</div>") == [
        "# Policy",
        "Effective 2 December 2024.",
        "### DATA",
        "- Name",
        "- [Email](/x)",
    ]
    by_text = {b.text: b for b in extract(html(f"<h1>Policy</h1><div>{escaped}</div>")).blocks}
    assert by_text["Name"].path == ("Policy", "DATA")


def test_a_notice_mentioning_tags_is_not_reparsed():
    text = "We load <script> tags and <img> pixels from partners; see <https://x.example>."
    assert lines(f"<p>{text.replace('<', '&lt;')}</p>") == [text]


def test_empty_and_symbol_only_blocks_are_dropped():
    assert lines("<p> </p><p>&nbsp;</p><p>* * *</p><p>Real</p><h2></h2>") == ["Real"]


def test_deeply_nested_markup_does_not_recurse():
    deep = "<div>" * 3000 + "Deep text" + "</div>" * 3000
    assert lines(deep) == ["Deep text"]


def test_heading_inside_article_header_is_kept_but_page_header_is_not():
    got = lines(
        "<header><h1>Site name</h1></header><article><header><h1>Privacy</h1></header>"
        "<p>Article body with enough words to be the content of this page.</p>"
        "<footer><p>Article footnote</p></footer></article><footer>Site footer</footer>"
    )
    assert got == [
        "# Privacy",
        "Article body with enough words to be the content of this page.",
        "Article footnote",
    ]


# --------------------------------------------------------------------------- selectors


def test_select_keeps_all_matches_in_document_order():
    body = "<p class='b'>Second</p><div id='a'><p>First</p></div><p>Other</p><p class='b'>Third</p>"
    # selectors given in another order than the document: output follows the document
    assert lines(body, select=[".b", "#a"]) == ["Second", "First", "Third"]


def test_select_does_not_duplicate_nested_matches():
    body = "<div class='c'><p>Outer</p><div class='c'><p>Inner</p></div></div>"
    assert lines(body, select=[".c"]) == ["Outer", "Inner"]


def test_selected_element_may_be_a_heading_or_item():
    assert lines("<h2 id='t'>Title</h2><ul><li id='i'>Item</li></ul>", select=["#t", "#i"]) == [
        "## Title",
        "- Item",
    ]


def test_remove_selectors_apply_with_and_without_select():
    body = "<main><p>Keep me</p><p class='promo'>Drop me</p></main><div><p>Outside</p></div>"
    assert lines(body, select=["main"], remove=[".promo"]) == ["Keep me"]
    assert "Drop me" not in lines(body, remove=[".promo"])


def test_select_matching_nothing_raises():
    with pytest.raises(ExtractionError, match="no element matches"):
        extract(html("<p>text</p>"), "text/html", select=[".missing"])


def test_invalid_selector_raises_extraction_error():
    with pytest.raises(ExtractionError, match="invalid CSS selector"):
        extract(html("<p>text</p>"), "text/html", select=["p[["])


def test_select_as_a_single_string_is_accepted():
    assert extract(html("<p id='x'>Only</p><p>Not</p>"), "text/html", select="#x").lines == ["Only"]  # type: ignore[arg-type]


# --------------------------------------------------------------------------- automatic main content


LONG = " ".join(["We process personal data to provide the service."] * 8)
LONG2 = " ".join(["We share personal data with our processors."] * 8)
LONG3 = " ".join(["You may object to processing at any time."] * 8)


def test_main_landmark_is_chosen_when_it_holds_most_text():
    body = f"<div class='promo'><p>Download our app today for the best experience!</p></div><main><h1>Notice</h1><p>{LONG}</p></main>"
    assert lines(body) == ["# Notice", LONG]


def test_densest_container_wins_over_link_lists_without_landmarks():
    links = "".join(f"<p><a href='/p{i}'>Related article number {i}</a></p>" for i in range(30))
    body = (
        f"<div class='wrap'><div class='related'>{links}</div>"
        f"<div class='content'><h2>Data</h2><p>{LONG}</p><p>{LONG2}</p></div></div>"
    )
    got = lines(body)
    assert got == ["## Data", LONG, LONG2]


def test_title_in_a_banner_beside_the_body_is_kept():
    body = (
        "<div class='page'><div class='banner'><h1>Privacy Policy</h1><a href='/x'>Print</a></div>"
        f"<div class='body'><p>{LONG}</p><p>{LONG2}</p><p>{LONG3}</p></div></div>"
    )
    assert lines(body)[0] == "# Privacy Policy"


def test_a_sibling_holding_part_of_the_notice_is_not_cut_off():
    body = f"<div class='a'><p>{LONG}</p></div><div class='b'><p>{LONG2}</p></div>"
    assert lines(body) == [LONG, LONG2]


def test_rules_apply_independently_inside_content():
    """A header kept because it sits in an article is still removed when hidden."""
    body = (
        f"<article><header hidden><p>Sponsored</p></header><h1>Privacy</h1><p>{LONG}</p></article>"
    )
    assert lines(body) == ["# Privacy", LONG]


def test_whole_page_form_is_not_removed():
    body = f"<form id='aspnetForm'><h1>Privacy</h1><p>{LONG}</p><p>{LONG2}</p></form>"
    assert lines(body)[0] == "# Privacy"


def test_content_behind_an_open_modal_is_not_removed():
    body = f"<div aria-hidden='true' class='app'><h1>Privacy</h1><p>{LONG}</p></div><div role='dialog'>Accept cookies?</div>"
    assert lines(body) == ["# Privacy", LONG]


def test_notice_sections_named_after_cookies_or_consent_are_kept():
    body = (
        f"<main><h1>Privacy</h1><p>{LONG}</p><section id='consent'><h2 id='cookies'>Cookies</h2>"
        f"<p>We use cookies for analytics.</p></section><div class='js-cookie-message'>We use cookies! OK</div>"
        f"<p>{LONG2}</p></main>"
    )
    assert lines(body) == ["# Privacy", LONG, "## Cookies", "We use cookies for analytics.", LONG2]


def test_cookie_policy_container_is_not_taken_for_a_banner():
    body = f"<div class='cookie-policy-content'><h1>Cookie Policy</h1><p>{LONG}</p><p>{LONG2}</p></div>"
    assert lines(body)[0] == "# Cookie Policy"


# --------------------------------------------------------------------------- charsets and sniffing


def test_meta_charset_iso_8859_1():
    body = (
        '<html><head><meta charset="iso-8859-1"><title>Données</title></head>'
        "<body><p>Nous traitons vos données personnelles à des fins précises.</p></body></html>"
    ).encode("iso-8859-1")
    doc = extract(body, "text/html")
    assert doc.lines == ["Nous traitons vos données personnelles à des fins précises."]
    assert doc.title == "Données"


def test_header_charset_windows_1252_wins_over_nothing():
    body = "<p>Die Verarbeitung „berechtigter Interessen“ – Übersicht</p>".encode("cp1252")
    doc = extract(body, "text/html; charset=windows-1252")
    assert doc.lines == ["Die Verarbeitung „berechtigter Interessen“ – Übersicht"]


def test_header_charset_iso_8859_1_reads_windows_1252_quotes():
    body = "<p>l’intérêt légitime</p>".encode("cp1252")
    assert extract(body, "text/html; charset=iso-8859-1").lines == ["l’intérêt légitime"]


def test_encoding_argument_overrides_declarations():
    body = '<meta charset="utf-8"><p>Café</p>'.encode("cp1252")
    assert extract(body, "text/html", encoding="cp1252").lines == ["Café"]


def test_undeclared_non_utf8_bytes_fall_back_to_windows_1252():
    body = "<html><body><p>Société générale</p></body></html>".encode("cp1252")
    assert extract(body, "text/html").lines == ["Société générale"]


def test_utf8_bom_is_honoured():
    body = b"\xef\xbb\xbf" + "<p>Straße</p>".encode()
    assert extract(body).lines == ["Straße"]


def test_language_from_argument_or_html_lang():
    assert extract(html("<p>x y</p>", lang="fr-FR")).language == "fr"
    assert extract(html("<p>x y</p>", lang="fr-FR"), language="de").language == "de"
    assert extract(b"<html><body><p>x</p></body></html>").language is None


def test_title_falls_back_to_first_h1():
    assert extract(html("<h1>Notice title</h1><p>Body</p>")).title == "Notice title"


@pytest.mark.parametrize(
    ("body", "content_type", "url", "expected"),
    [
        (b"<!doctype html><p>x</p>", None, None, "text/html"),
        (b"  <html><body>x</body></html>", "application/octet-stream", None, "text/html"),
        (b'<div class="content" id="article_content"><h1>x</h1></div>', None, None, "text/html"),
        (b"%PDF-1.4\n...", "text/html", None, "application/pdf"),
        (b"# Title\n\ntext", None, "https://x.example/policy.md", "text/markdown"),
        (b"# Title\n\ntext", "text/markdown; charset=utf-8", None, "text/markdown"),
        (b"Plain <b>notice</b>", "text/plain", None, "text/plain"),
        (b"Plain notice", None, None, "text/plain"),
    ],
)
def test_sniffing(body, content_type, url, expected):
    assert sniff_type(body, content_type, url) == expected


# --------------------------------------------------------------------------- normalization functions


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\u00a0b", "a b"),  # no-break space
        ("a\u202fb\u2009c", "a b c"),  # narrow and thin spaces
        ("a\u3000b", "a b"),  # ideographic space
        ("a \t\r\n b", "a b"),
        ("per\u00adsonal", "personal"),  # soft hyphen
        ("da\u200bta\u200d\ufeff", "data"),  # zero-width space/joiner, BOM
        ("\u200ela\u200f", "la"),  # bidi marks
        ("Cafe\u0301", "Café"),  # NFD -> NFC
        ("  padded  ", "padded"),
        ("icon\ue001 text", "icon text"),  # private-use (icon font) glyph
        ("ctrl\x00\x07char", "ctrlchar"),
        ("“quoted” ‘typographic’ – dash …", "“quoted” ‘typographic’ – dash …"),
        ("ﬁ ligature", "ﬁ ligature"),  # no compatibility folding
    ],
)
def test_clean_whitespace(raw, expected):
    assert clean_whitespace(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("You last visited on 29 Nov 2025 at 10:32.", ""),
        ("Welcome back! Last visit: 2025-11-29T10:32:00Z", "Welcome back!"),
        ("Dernière visite le 29 novembre 2025 à 10:32", ""),
        ("Zuletzt besucht am 29.11.2025 um 10:32 Uhr", ""),
        ("This page was generated on 11/29/2025 10:32 PM.", ""),
        ("Page generated in 0.042 seconds", ""),
        ("Request ID: 4f1c9e2a77 - Help", "- Help"),
        ("Cloudflare Ray ID: 8a1b2c3d4e5f6a7b", "Cloudflare"),
        ("Reference #18.2f3d1502.1732875120.5a4f7b", ""),
        ("token csrf_token=Zm9vYmFyYmF6 end", "token end"),
        ("nonce: 'r4nd0mN0nc3'", ""),
        ("id 3f2b8c1e-9d4a-4c2b-8e7f-1a2b3c4d5e6f end", "id end"),
        ("hash 9e107d9d372bb6826bd81d3542a419d6 end", "hash end"),
        ("tok aGVsbG8gd29ybGQ1gdGhpcy9BpcyBhIHRva2VuIGZvciB0ZXN0 end", "tok end"),
        (
            "see https://x.example/a;jsessionid=0A1B2C3D4E?lang=en.",
            "see https://x.example/a?lang=en.",
        ),
        (
            "see https://x.example/p?sid=1&tab=2&utm_source=m#top",
            "see https://x.example/p?tab=2#top",
        ),
    ],
)
def test_volatile_tokens_are_removed(raw, expected):
    assert strip_volatile(clean_whitespace(raw)) == expected


@pytest.mark.parametrize(
    "kept",
    [
        "Last updated: 5 May 2024",
        "Effective date: 3 November 2025",
        "This policy was created on 5 May 2020.",
        "We keep your session ID cookie for 30 minutes.",
        "Data generated on your device stays there.",
        "We store the date you last visited our site.",
        "If you last visited 3 times this week, we show a reminder.",
        "Our reference number for this processing is in Annex 2.",
        "Visit https://x.example/settings?tab=privacy&v=2 to choose.",
        "The path /legal/Privacy-Policy/EU/v2/2024-05-01/final-version is archived.",
        "Contact dpo@fabrikam.example or call +353 1 234 5678.",
        "Request a copy of your data within 30 days.",
        "CCPA categories A, B and K apply.",
    ],
)
def test_notice_text_is_not_mistaken_for_volatile_tokens(kept):
    assert normalize_text(kept) == kept


def test_is_random_token():
    assert is_random_token("550e8400-e29b-41d4-a716-446655440000")
    assert is_random_token("0123456789abcdef0123456789abcdef")
    assert is_random_token("Zx8Kq2LmN4pR7sT1vW3yB6dF9gH0jK5aQeRtYuIo")
    assert not is_random_token("internationalisationAndLocalisationGuide2024")
    assert not is_random_token("0123456789abcdef")


def test_clean_url_keeps_order_and_unknown_parameters():
    assert (
        clean_url("https://x.example/p?b=2&a=1&PHPSESSID=zz&_=123") == "https://x.example/p?b=2&a=1"
    )
    assert clean_url("https://x.example/p") == "https://x.example/p"
    assert clean_url("https://x.example/p?utm_source=a#frag") == "https://x.example/p#frag"


def test_merge_repeats_only_merges_adjacent_identical_runs():
    def p(text: str, path: tuple[str, ...] = ()) -> Block:
        return Block("paragraph", text, 0, path)

    def texts(blocks: list[Block]) -> list[str]:
        return [b.text for b in merge_repeats(blocks)]

    assert texts([p("a"), p("a"), p("b")]) == ["a", "b"]
    assert texts([p("a"), p("a"), p("a")]) == ["a"]
    assert texts([p("m1"), p("m2"), p("m1"), p("m2"), p("x")]) == ["m1", "m2", "x"]
    assert texts([p("a"), p("b"), p("a")]) == ["a", "b", "a"]  # not adjacent
    assert texts([p("a", ("S1",)), p("a", ("S2",))]) == ["a", "a"]  # other section
    rows = [Block("table_row", "Yes | Yes"), Block("table_row", "Yes | Yes")]
    assert merge_repeats(rows) == tuple(rows)  # repeated rows are data
    heading = Block("heading", "Sharing", 2)
    assert merge_repeats([heading, heading, p("x", ("Sharing",))]) == (
        heading,
        p("x", ("Sharing",)),
    )


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-US", "en"),
        ("fr_FR", "fr"),
        ("DE", "de"),
        ("und", None),
        ("x-default", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_language(tag, expected):
    assert normalize_language(tag) == expected


PINNED_FINGERPRINT = "1c9a4c24733f15bdc410b5a093503339f9efc74e5ff9364d967a23596f0f6330"


def test_data_files_are_pinned_to_the_extractor_version():
    """Editing noise.toml or volatile.toml changes this fingerprint: bump EXTRACTOR_VERSION
    if the edit can change extracted text, then add the new pin."""
    pinned = {"2": PINNED_FINGERPRINT, "3": PINNED_FINGERPRINT, "4": PINNED_FINGERPRINT}
    assert pinned.get(EXTRACTOR_VERSION) == extract_data.fingerprint()
