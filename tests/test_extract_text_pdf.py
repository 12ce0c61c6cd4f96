"""Markdown, plain text and PDF extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.extract import ExtractionError, extract

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
TITLE = "Fabrikam Social Privacy Notice"
COLLECT = "1. WHAT WE COLLECT"
REGISTRATION = "Registration data"


# --------------------------------------------------------------------------- Markdown


@pytest.fixture(scope="module")
def markdown():
    return extract((FIXTURES / "notice.md").read_bytes(), "text/markdown")


def test_markdown_reads_as_expected(markdown):
    assert markdown.source_type == "text/markdown"
    assert markdown.title == TITLE
    assert markdown.lines == [
        "# Fabrikam Social Privacy Notice",
        "Welcome to the Fabrikam Social privacy notice (“Notice”). Read it with our Terms of "
        "Service and our Cookie Policy.",
        "## 1. WHAT WE COLLECT",
        "### Registration data",
        "When you register, we collect:",
        "- Name;",
        "- Email address",
        "- primary address",
        "- recovery address",
        "- Date of birth",
        "- First ordered item",
        "- Second ordered item with a line that wraps",
        "Purpose | Data | Legal basis",
        "Providing the service | Profile data | Contract",
        "Advertising and measurement | Usage data",
        "#### Contact",
        "Data Protection Officer",
        "dpo@fabrikam.example",
        "Some inline code and struck text.",
        "indented code line",
    ]


def test_markdown_structure_and_paths(markdown):
    by_text = {b.text: b for b in markdown.blocks}
    assert by_text[TITLE].level == 1  # setext "====="
    assert by_text[COLLECT].level == 2  # setext "-----", escaped "1\."
    assert by_text[REGISTRATION].path == (TITLE, COLLECT)
    assert by_text["recovery address"].kind == "list_item"
    assert by_text["recovery address"].path == (TITLE, COLLECT, REGISTRATION)
    assert by_text["Providing the service | Profile data | Contract"].kind == "table_row"
    assert by_text["Contact"].level == 4
    assert by_text["dpo@fabrikam.example"].path == (TITLE, COLLECT, REGISTRATION, "Contact")
    assert by_text["indented code line"].kind == "preformatted"


def test_markdown_by_url_suffix_and_html_inside():
    body = b"# Notice\n\n<ul><li>From <b>HTML</b></li></ul>\n\nText with <br> break and <span>span</span>.\n"
    doc = extract(body, None, url="https://x.example/privacy.md")
    assert doc.source_type == "text/markdown"
    assert doc.lines == ["# Notice", "- From HTML", "Text with break and span."]
    assert doc.blocks[1].path == ("Notice",)


def test_markdown_of_an_archive_version_parses_cleanly():
    """The shape of Open Terms Archive Markdown: setext headings, escapes, star bullets,
    a repeated separator row, link titles, images, horizontal rules."""
    body = (
        b"Service Terms\n=============\n\n2\\. DATA\n--------\n\n"
        b'*   [Item](https://x.example "t") one\n*   **Bold** item\n\n'
        b"| A | B |\n| --- | --- |\n| C | D |\n| --- | --- |\n| E |     |\n\n* * *\n\n"
        b"[![](https://x.example/logo.png)](https://x.example)\n\nLast para_with_underscores_kept.\n"
    )
    assert extract(body, "text/markdown").lines == [
        "# Service Terms",
        "## 2. DATA",
        "- Item one",
        "- Bold item",
        "A | B",
        "C | D",
        "E",
        "Last para_with_underscores_kept.",
    ]


def test_markdown_table_whose_delimiter_row_disagrees_with_its_header():
    """An archive quirk: header of 2 cells, delimiter and one row of 3; GFM would give up."""
    body = b"| Purpose | Data |\n| --- | --- | --- |\n| Ads | Usage | Legitimate interests |\n| Safety | Logs |\n"
    assert extract(body, "text/markdown").lines == [
        "Purpose | Data",
        "Ads | Usage | Legitimate interests",
        "Safety | Logs",
    ]


def test_markdown_cell_lists_read_like_html_cell_lists():
    body = b"| Purpose | Data |\n| --- | --- |\n| Ads | *   Name<br>*   Email<br>continued<br><br>Note. |\n"
    html = (
        b"<table><tr><th>Purpose</th><th>Data</th></tr><tr><td>Ads</td><td><ul><li>Name</li>"
        b"<li>Email<br>continued</li></ul><p>Note.</p></td></tr></table>"
    )
    assert extract(body, "text/markdown").lines == extract(html, "text/html").lines
    assert extract(body, "text/markdown").lines[1] == "Ads | Name; Email continued; Note."


def test_markdown_empty_bold_is_dropped_but_escaped_stars_stay():
    assert extract(b"the European****Commission and \\*\\*\\*\\* stars", "text/markdown").lines == [
        "the EuropeanCommission and **** stars"
    ]


@pytest.mark.parametrize(
    "source",
    [
        "We collect your name and email address.",
        "Plain words: 100% of them, with (brackets), #hashes, $signs, and ] alone! Really?",
        "| Purpose | Data |\n| --- | --- |\n| Ads | Profile data |\n| Help | Messages<br>Email |",
        "# A heading\n\n- an item\n- **bold** item with [a link](https://example.test/x)",
        "Escapes \\* and &amp; entities, `code`, <span>html</span>, ~~struck~~ text",
        "Two lines\nof one paragraph,  \nwith a hard break.",
        "",
    ],
)
def test_markdown_plain_text_shortcut_gives_the_parser_tokens(source):
    """Text without inline markup skips markdown-it's inline parser: same tokens as running it."""
    from markdown_it import MarkdownIt

    from monitor.extract.text import _markdown

    stock = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

    def shape(tokens):
        return [
            (t.type, t.content, [(c.type, c.content) for c in t.children or ()]) for t in tokens
        ]

    assert shape(_markdown().parse(source)) == shape(stock.parse(source))


def test_markdown_charset_from_header():
    body = "# Données\n\nTraitement des données.\n".encode("cp1252")
    assert extract(body, "text/markdown; charset=windows-1252").lines == [
        "# Données",
        "Traitement des données.",
    ]


# --------------------------------------------------------------------------- plain text


def test_plain_text():
    doc = extract((FIXTURES / "notice.txt").read_bytes(), "text/plain; charset=utf-8")
    assert doc.source_type == "text/plain"
    assert doc.lines == [
        "# FABRIKAM SOCIAL PRIVACY NOTICE",
        "This notice explains how we process personal data of our members.",
        "We collect:",
        "- your name",
        "- your email address",
        "- your posts",
        "- We keep data for two years.",
        "- We delete it on request.",
    ]
    assert doc.blocks[1].path == ("FABRIKAM SOCIAL PRIVACY NOTICE",)


def test_plain_text_windows_line_endings_and_cp1252_fallback():
    body = "Première ligne\r\nsuite.\r\n\r\nSecond paragraphe.".encode("cp1252")
    assert extract(body).lines == ["Première ligne suite.", "Second paragraphe."]


# --------------------------------------------------------------------------- PDF


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[str]], *, title: str | None = None, lang: str | None = None) -> bytes:
    """A small valid PDF written by hand: one Helvetica text stream per page, "" = a blank line."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(
        b"<< /Type /Catalog /Pages 2 0 R"
        + (b" /Lang (" + _escape(lang) + b")" if lang else b"")
        + b" >>"
    )
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for page_id, lines in zip(page_ids, pages, strict=True):
        ops = [b"BT /F1 11 Tf 14 TL 72 770 Td"]
        for line in lines:
            if line:
                ops.append(b"(" + _escape(line) + b") Tj")
            ops.append(b"T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = b""
    if title:
        objects.append(b"<< /Title (" + _escape(title) + b") >>")
        info = b" /Info %d 0 R" % len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1) + info + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


PAGES = [
    [
        "PRIVACY NOTICE",
        "",
        "1. Data We Collect",
        "We collect your name and your email address when you register for an",
        "account with us. We also collect usage data.",
        "- device identifiers",
        "- approximate location",
        "",
        "Page 1 of 2",
    ],
    [
        "2. Sharing",
        "We share data with service providers who help us run the service. We",
        "never sell your personal data (see “Rights”).",
        "",
        "Données: traitées à Dublin.",
        "",
        "Page 2 of 2",
    ],
]


def test_pdf_paragraphs_lists_headings():
    doc = extract(make_pdf(PAGES, title="Fabrikam Notice", lang="en-GB"), "application/pdf")
    assert doc.source_type == "application/pdf"
    assert doc.title == "Fabrikam Notice"
    assert doc.language == "en"
    assert doc.lines == [
        "# PRIVACY NOTICE",
        "## 1. Data We Collect",
        "We collect your name and your email address when you register for an account with us. "
        "We also collect usage data.",
        "- device identifiers",
        "- approximate location",
        "## 2. Sharing",
        "We share data with service providers who help us run the service. We never sell your "
        "personal data (see “Rights”).",
        "Données: traitées à Dublin.",
    ]
    assert doc.blocks[-1].path == ("PRIVACY NOTICE", "2. Sharing")


def test_pdf_is_sniffed_whatever_the_declared_type():
    pdf = make_pdf([["A short notice line that is long enough to read."]])
    assert extract(pdf, "application/octet-stream").source_type == "application/pdf"
    assert extract(pdf, "text/html").source_type == "application/pdf"


def test_pdf_title_falls_back_to_first_heading_and_is_deterministic():
    pdf = make_pdf(PAGES)
    first, second = extract(pdf), extract(pdf)
    assert first.title == "PRIVACY NOTICE"
    assert first == second


def test_running_headers_are_dropped():
    words = ["one", "two", "three", "four"]
    pages = [
        [
            "Fabrikam Privacy Notice",
            "",
            f"Paragraph {w} starts here.",
            "",
            f"Paragraph {w} ends here.",
            "",
            f"- {i} -",
        ]
        for i, w in enumerate(words, start=1)
    ]
    doc = extract(make_pdf(pages))
    assert "Fabrikam Privacy Notice" not in doc.text
    assert "Paragraph three starts here." in doc.lines
    assert doc.lines[-1] == "Paragraph four ends here."  # "- 4 -" page number dropped


def test_corrupt_pdf_raises_extraction_error():
    with pytest.raises(ExtractionError, match="unreadable PDF"):
        extract(b"%PDF-1.4\n this is not a pdf at all", "application/pdf")
