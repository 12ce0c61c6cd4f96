"""Lists written with glyph bullets in one paragraph, and paragraphs a conversion cut mid-sentence.

Notices converted from PDF or Word, and hand-made pages, write their lists as "● a ● b" or as
lines "• a<br>• b" of one paragraph, and some captures cut a sentence into two paragraphs. The
fixtures are written for these rules, in English and French, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.extract import extract
from monitor.extract.blocks import continues, glyph_list
from tests.families import notice_facts, read


def blocks(body: str, content_type: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in extract(body.encode(), content_type).blocks]


# --------------------------------------------------------------------------- glyph lists

LEAD_IN = {
    "en": (
        "We use your data for the following purposes:",
        ["to answer your questions", "to keep your account safe"],
    ),
    "fr": (
        "Nous utilisons vos données pour les finalités suivantes :",
        ["répondre à vos questions", "protéger votre compte"],
    ),
}


@pytest.mark.parametrize("lang", LEAD_IN)
@pytest.mark.parametrize("glyph", ["●", "•", "▪", "◦", "■", "‣"])
def test_an_inline_glyph_list_gives_its_lead_in_and_items_html(lang: str, glyph: str) -> None:
    lead, items = LEAD_IN[lang]
    body = f"<p>{lead} {glyph} {items[0]} ; {glyph} {items[1]}</p>"
    assert blocks(body, "text/html") == [
        ("paragraph", lead),
        ("list_item", f"{items[0]} ;"),
        ("list_item", items[1]),
    ]


@pytest.mark.parametrize("lang", LEAD_IN)
def test_glyph_lines_of_one_paragraph_are_items_markdown(lang: str) -> None:
    lead, items = LEAD_IN[lang]
    body = f"# Title\n\n{lead}\n• {items[0]}\n• {items[1]}\n\nAfter the list.\n"
    assert blocks(body, "text/markdown")[1:] == [
        ("paragraph", lead),
        ("list_item", items[0]),
        ("list_item", items[1]),
        ("paragraph", "After the list."),
    ]


@pytest.mark.parametrize("lang", LEAD_IN)
def test_glyph_glued_to_the_colon_and_lines_after_br(lang: str) -> None:
    lead, items = LEAD_IN[lang]
    body = f"<p>{lead}•{items[0]}<br>•{items[1]}</p>"
    assert blocks(body, "text/html") == [
        ("paragraph", lead),
        ("list_item", items[0]),
        ("list_item", items[1]),
    ]


def test_a_paragraph_opening_with_its_glyph_is_an_item_even_alone() -> None:
    body = "# Title\n\n• to answer your questions\n\n• to keep your account safe\n"
    assert blocks(body, "text/markdown")[1:] == [
        ("list_item", "to answer your questions"),
        ("list_item", "to keep your account safe"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Home • Privacy • Cookies • Contact",  # a separator in a footer or breadcrumb
        "Accueil • Confidentialité • Mentions légales",
        "We answer within a month • more in our help centre",  # one glyph inside a sentence
        "Please note: • this page is updated every year",  # one glyph after a colon: no list yet
        "Veuillez noter : • cette page est mise à jour chaque année",
    ],
)
def test_a_glyph_inside_a_sentence_or_a_single_one_after_a_lead_is_no_list(text: str) -> None:
    assert glyph_list(text) is None
    assert blocks(f"<p>{text}</p>", "text/html") == [("paragraph", text)]


@pytest.mark.parametrize("dash", ["-", "–", "—"])
def test_dashes_open_items_only_at_line_starts(dash: str) -> None:
    body = f"<p>Nous partageons vos données avec :<br>{dash} nos prestataires<br>{dash} nos partenaires</p>"
    assert blocks(body, "text/html") == [
        ("paragraph", "Nous partageons vos données avec :"),
        ("list_item", "nos prestataires"),
        ("list_item", "nos partenaires"),
    ]
    markdown = f"# T\n\nNous partageons vos données avec :\n{dash} nos prestataires\n{dash} nos partenaires\n"
    # CommonMark reads "-" lines as a list already; the en and em dashes are lines of a paragraph.
    assert blocks(markdown, "text/markdown")[1:] == [
        ("paragraph", "Nous partageons vos données avec :"),
        ("list_item", "nos prestataires"),
        ("list_item", "nos partenaires"),
    ]
    inline = f"<p>We keep it {dash} as the law requires {dash} for five years.</p>"
    assert blocks(inline, "text/html") == [
        ("paragraph", f"We keep it {dash} as the law requires {dash} for five years.")
    ]
    # One dash line is a signature or an aside, not a list.
    alone = f"<p>With our best regards,<br>{dash} the privacy team</p>"
    assert blocks(alone, "text/html") == [
        ("paragraph", f"With our best regards, {dash} the privacy team")
    ]


def test_a_line_break_without_a_glyph_is_still_a_space() -> None:
    assert blocks("<p>We collect your name<br>and your address.</p>", "text/html") == [
        ("paragraph", "We collect your name and your address.")
    ]
    assert blocks("# T\n\nWe collect your name\nand your address.\n", "text/markdown")[1:] == [
        ("paragraph", "We collect your name and your address.")
    ]


def test_glyphs_in_list_items_and_table_cells_are_left_as_they_are() -> None:
    body = "<ul><li>a • b</li></ul><table><tr><td>Data: • a • b</td></tr></table>"
    assert blocks(body, "text/html") == [("list_item", "a • b"), ("table_row", "Data: • a • b")]


# --------------------------------------------------------------------------- Word's "o" sub-bullets

#: A glyph list converted from Word: each item's sub-items are lines opening with "o".
SUB_BULLETS = {
    "en": ("We collect:", "Contact data:", ["your name", "your email address"], "Device data"),
    "es": (
        "Recopilamos:",
        "Datos de contacto:",
        ["su nombre", "su correo electrónico"],
        "Datos del dispositivo",
    ),
    "it": (
        "Raccogliamo:",
        "Dati di contatto:",
        ["il tuo nome", "il tuo indirizzo email"],
        "Dati del dispositivo",
    ),
}


@pytest.mark.parametrize("lang", SUB_BULLETS)
def test_word_o_sub_bullets_of_a_glyph_list_are_items(lang: str) -> None:
    lead, parent, subs, last = SUB_BULLETS[lang]
    expected = [
        ("paragraph", lead),
        ("list_item", parent),
        *[("list_item", sub) for sub in subs],
        ("list_item", last),
    ]
    lines = [lead, f"• {parent}", *[f"o {sub}" for sub in subs], f"• {last}"]
    assert blocks("# T\n\n" + "\n".join(lines) + "\n", "text/markdown")[1:] == expected
    assert blocks("<p>" + "<br>".join(lines) + "</p>", "text/html") == expected


@pytest.mark.parametrize(
    "lines",
    [
        # "o" is "or": a wrapped item line opening with it, once per item, is no sub-list.
        [
            "Recopilamos:",
            "• su nombre, sus apellidos",
            "o su seudónimo",
            "• su correo electrónico",
            "o su teléfono",
        ],
        [
            "Raccogliamo:",
            "• il tuo nome, il tuo cognome",
            "o il tuo pseudonimo",
            "• la tua email",
            "o il tuo telefono",
        ],
    ],
)
def test_twin_o_lines_apart_are_wrapped_lines(lines: list[str]) -> None:
    items = blocks("# T\n\n" + "\n".join(lines) + "\n", "text/markdown")[2:]
    assert items == [
        ("list_item", f"{lines[1][2:]} {lines[2]}"),
        ("list_item", f"{lines[3][2:]} {lines[4]}"),
    ]


def test_twin_o_lines_outside_a_glyph_list_are_text() -> None:
    # One glyph after a lead-in is not yet a glyph list, so its "o" lines stay in the text.
    body = "# T\n\nRecopilamos: • su nombre y sus apellidos\no su seudónimo\no su teléfono\n"
    assert blocks(body, "text/markdown")[1:] == [
        (
            "paragraph",
            "Recopilamos: • su nombre y sus apellidos o su seudónimo o su teléfono",
        )
    ]
    assert glyph_list("Recopilamos datos\u2028o su seudónimo\u2028o su teléfono") is None


# --------------------------------------------------------------------------- what the analyzer reads


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "We use your data for the following purposes: ● to send you offers ● to prevent fraud",
        ),
        (
            "fr",
            "Nous utilisons vos données pour les finalités suivantes : ● vous envoyer des offres "
            "● prévenir la fraude",
        ),
    ],
)
def test_the_items_of_a_glyph_lead_in_are_statements(lang: str, text: str) -> None:
    facts = notice_facts(text, lang)
    items = [st for st in facts.statements if st.block_kind == "list_item"]
    assert [sorted(st.purposes) for st in items] == [["purpose.marketing"], ["purpose.security"]]
    assert read(text, lang).affirmed == {"purpose.marketing", "purpose.security"}


#: Each item ties its own data to its own purpose, as a marked-up list does.
ITEM_TIES = {
    "en": "We use the following data: ● your email address, to send you our newsletter "
    "● your precise location, to show offers near you",
    "fr": "Nous utilisons les données suivantes : ● votre adresse e-mail, pour vous envoyer "
    "notre newsletter ● votre localisation précise, pour vous montrer des offres près de chez vous",
}


@pytest.mark.parametrize("lang", ITEM_TIES)
def test_glyph_items_tie_only_their_own_words(lang: str) -> None:
    links = read(ITEM_TIES[lang], lang).links
    assert "purpose.marketing>data.identifiers" in links
    assert "purpose.marketing>data.location" not in links
    # The twin with list markup reads the same.
    marked = ITEM_TIES[lang].replace(" ● ", "\n\n- ").replace(": \n", ":\n")
    assert read(marked, lang).links == links


def test_a_denying_glyph_lead_in_denies_its_items() -> None:
    text = (
        "We never use your data for the following purposes: ● targeted advertising "
        "● training artificial intelligence models"
    )
    facts = read(text, "en")
    assert facts.denied == {"purpose.advertising", "purpose.ai_training"}
    assert not facts.affirmed & {"purpose.advertising", "purpose.ai_training"}
    # The twin that uses the data for them states them.
    stated = read(text.replace("never use", "use"), "en")
    assert {"purpose.advertising", "purpose.ai_training"} <= stated.affirmed


# --------------------------------------------------------------------------- paragraphs cut mid-sentence


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("We collect your", "email address when you create an account."),
        ("Nous collectons votre adresse", "e-mail lorsque vous créez un compte."),
        ("We share it with our partners,", "who help us deliver your orders."),
    ],
)
def test_a_paragraph_cut_mid_sentence_is_joined(first: str, second: str) -> None:
    joined = ("paragraph", f"{first} {second}")
    assert blocks(f"# T\n\n{first}\n\n{second}\n", "text/markdown")[1:] == [joined]
    assert blocks(f"{first}\n\n{second}\n", "text/plain") == [joined]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("We collect your email address.", "then we confirm it."),  # a full stop ends it
        ("We collect the following:", "name and email address."),  # a lead-in
        ("Email", "address"),  # labels
        ("Email address", "used to sign in"),
        ("Privacy Notice for Acme Customers", "last updated in May"),  # a title
        ("Politique de Confidentialité des Services Acme", "mise à jour en mai"),
        ("Updated on 1 May 2024", "this notice explains what we do"),  # a date line
        ("We collect your device identifiers and", "iOS advertising identifier."),  # not lower case
        ("We collect your device identifiers and", "Your advertising identifier."),
        ("to protect the safety of our users; and", "e) to answer requests of the police."),
        ("afin de protéger nos membres ; et", "ii) de répondre aux autorités."),
        ("By e-mail: right here", "by post:"),  # "label: value" lines
        ("Par e-mail : juste ici", "par courrier :"),
    ],
)
def test_guards_of_the_joined_paragraph(first: str, second: str) -> None:
    assert not continues(first, second)
    assert blocks(f"# T\n\n{first}\n\n{second}\n", "text/markdown")[1:] == [
        ("paragraph", first),
        ("paragraph", second),
    ]


def test_headings_items_rows_and_bold_lines_are_never_joined() -> None:
    body = (
        "# T\n\n"
        "## What we collect from you\n\nwe collect your name.\n\n"
        "- an item without a full stop\n\nthen a sentence in lower case.\n\n"
        "| a | b |\n| --- | --- |\n| row without stop | x |\n\nlower case after a table.\n\n"
        "**How we use your data at all**\n\nwe use it to answer you.\n\n"
        "We use your data for: ● answers ● security\n\nand nothing else.\n"
    )
    assert blocks(body, "text/markdown")[1:] == [
        ("heading", "What we collect from you"),
        ("paragraph", "we collect your name."),
        ("list_item", "an item without a full stop"),
        ("paragraph", "then a sentence in lower case."),
        ("table_row", "a | b"),
        ("table_row", "row without stop | x"),
        ("paragraph", "lower case after a table."),
        ("paragraph", "How we use your data at all"),
        ("paragraph", "we use it to answer you."),
        ("paragraph", "We use your data for:"),
        ("list_item", "answers"),
        ("list_item", "security"),
        ("paragraph", "and nothing else."),
    ]


def test_html_paragraphs_are_never_joined() -> None:
    body = "<p>We collect your</p><p>email address when you sign up.</p>"
    assert blocks(body, "text/html") == [
        ("paragraph", "We collect your"),
        ("paragraph", "email address when you sign up."),
    ]
