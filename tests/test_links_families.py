"""Which ties (basis>purpose, purpose>data) a notice states, by family of wordings.

The label guide records a tie only where the notice makes it explicitly: one sentence, one
table row, or a purpose listed under its basis. Each family here has a text whose tie must
be made and a twin in near-identical words whose tie must not (or the reverse). Every
fixture is written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.diff.facts import FactView, facts_delta, view
from monitor.extract import extract


def read(text: str, lang: str = "en") -> FactView:
    return view(analyze(extract(f"# Notice\n\n{text}\n".encode(), "text/markdown"), language=lang))


# --------------------------------------------------------------------------- one data cell in every row

#: Family "one generic data list for every purpose": the data cell is the same in every row.
GENERIC_DATA = """\
| Purpose | Personal data | Legal basis |
| --- | --- | --- |
| To show you personalised advertising | Depending on your settings, this may include: your location; your payment card details; your contacts | Consent |
| To detect and prevent fraud | Depending on your settings, this may include: your location; your payment card details; your contacts | Legitimate interests |
| For analytics and measurement | Depending on your settings, this may include: your location; your payment card details; your contacts | Legitimate interests |
"""

#: The twin: each row names its own data (two rows share a cell, the third does not).
OWN_DATA = """\
| Purpose | Personal data | Legal basis |
| --- | --- | --- |
| To show you personalised advertising | Your location; your payment card details | Consent |
| To detect and prevent fraud | Your location; your payment card details | Legitimate interests |
| For analytics and measurement | Your contacts | Legitimate interests |
"""


def test_a_data_cell_every_row_repeats_ties_no_data_to_the_rows() -> None:
    found = read(GENERIC_DATA)
    assert {"data.location", "data.financial", "purpose.advertising"} <= found.affirmed
    assert not any(">data." in link for link in found.links), sorted(found.links)
    # The row's basis still goes with its purpose.
    assert "basis.consent>purpose.advertising" in found.links
    assert "basis.legitimate_interests>purpose.security" in found.links


def test_data_cells_of_their_own_tie_their_row() -> None:
    found = read(OWN_DATA)
    assert "purpose.advertising>data.location" in found.links
    assert "purpose.security>data.financial" in found.links
    assert "purpose.analytics>data.social" in found.links
    assert "purpose.analytics>data.location" not in found.links


def test_two_rows_are_too_few_to_call_a_cell_generic() -> None:
    two = "\n".join(GENERIC_DATA.splitlines()[:4]) + "\n"
    found = read(two)
    assert "purpose.advertising>data.location" in found.links


# --------------------------------------------------------------------------- examples in a purpose cell

#: Family "examples under a row's purpose": each example is tied on its own.
EXAMPLES_ROW = """\
| Purpose | Legal basis |
| --- | --- |
| For security and fraud prevention<br><br>Examples of processing activities:<br><br>* We analyse IP addresses to detect abuse.<br>* We use your precise location to show you local advertising. | Legitimate interests |
"""

#: The twin: the same words as the row's own description, no examples.
DESCRIBED_ROW = """\
| Purpose | Legal basis |
| --- | --- |
| For security and fraud prevention, by analysing IP addresses and your precise location | Legitimate interests |
"""


def test_an_example_ties_its_data_to_its_own_purpose() -> None:
    found = read(EXAMPLES_ROW)
    assert "purpose.advertising>data.location" in found.links
    assert "purpose.security>data.technical" in found.links
    # The location of the advertising example is not the row's security purpose's data.
    assert "purpose.security>data.location" not in found.links
    # The row's basis goes with the row's purpose, not with an example's.
    assert "basis.legitimate_interests>purpose.security" in found.links
    assert "basis.legitimate_interests>purpose.advertising" not in found.links


def test_data_of_the_row_s_own_description_tie_its_purpose() -> None:
    found = read(DESCRIBED_ROW)
    assert "purpose.security>data.location" in found.links
    assert "purpose.security>data.technical" in found.links


# --------------------------------------------------------------------------- purposes in a basis cell

#: Family "the basis followed by its own purposes", in a basis column.
BASIS_CELL = """\
| Why we process data | Legal grounds |
| --- | --- |
| To communicate with you | The legal grounds could include: To perform a contract with you, such as when you contact us for customer support. When necessary for our legitimate interests, including to:<br>* Marketing to inform users about our services.<br>* Research to improve our products. |
"""

#: Twins: the purpose comes before its basis in a clause of its own ("_Where …_ basis"), or
#: a lost line break glues a condition to the basis before it.
PURPOSE_FIRST_CELL = """\
| Why we process data | Legal grounds |
| --- | --- |
| To communicate with you | _Service messages_ It is necessary for the performance of a contract_Where we send you marketing emails_ Consent of the individual |
"""
GLUED_CELL = """\
| Why we process data | Legal grounds |
| --- | --- |
| To communicate with you | It is necessary for the performance of a contract with the individual Where we send you marketing emails it is our legitimate interests |
"""


def test_a_basis_cell_ties_each_basis_to_the_purposes_that_follow_it() -> None:
    found = read(BASIS_CELL)
    assert "basis.contract>purpose.support" in found.links
    assert "basis.legitimate_interests>purpose.marketing" in found.links
    assert "basis.legitimate_interests>purpose.research" in found.links
    assert {"purpose.support", "purpose.marketing", "purpose.research"} <= found.affirmed
    # Each purpose goes with its own basis, not with every basis of the cell.
    assert "basis.contract>purpose.marketing" not in found.links
    assert "basis.legitimate_interests>purpose.support" not in found.links


def test_a_purpose_before_its_basis_or_after_a_lost_break_is_not_tied_to_the_basis_before() -> None:
    for text in (PURPOSE_FIRST_CELL, GLUED_CELL):
        found = read(text)
        assert "basis.contract>purpose.marketing" not in found.links, text


# --------------------------------------------------------------------------- an empty cell keeps the columns

#: Family "a row with an empty cell": the cells after it stay in their columns, so the basis
#: column is read as the basis column.
EMPTY_CELL = """\
| Purpose | Personal data | Source | Sold or shared | Legal basis |
| --- | --- | --- | --- | --- |
| Fraud detection | Your IP address | Users |     | It is necessary for the purposes of our legitimate interests |
"""

#: The twin: the same row with the cell filled.
FILLED_CELL = """\
| Purpose | Personal data | Source | Sold or shared | Legal basis |
| --- | --- | --- | --- | --- |
| Fraud detection | Your IP address | Users | Not sold | It is necessary for the purposes of our legitimate interests |
"""


def test_an_empty_cell_keeps_the_basis_in_its_column() -> None:
    for text in (EMPTY_CELL, FILLED_CELL):
        found = read(text)
        assert "basis.legitimate_interests>purpose.security" in found.links, text
        assert "purpose.security>data.technical" in found.links, text


# --------------------------------------------------------------------------- the basis of the data just described

#: Family "the basis of the data just described": a sentence naming only a basis and
#: pointing back at the data before it speaks of that processing, its purposes too.
BASIS_OF_THIS_DATA = {
    "en": (
        "We process your IP address for marketing purposes. The legal basis for processing this data is our legitimate interest.",
        "We process your IP address for marketing purposes. The legal basis for processing your account data is our legitimate interest.",
    ),
    "fr": (
        "Nous traitons votre adresse IP à des fins de marketing. La base juridique du traitement de ces données est notre intérêt légitime.",
        "Nous traitons votre adresse IP à des fins de marketing. La base juridique du traitement de vos données de compte est notre intérêt légitime.",
    ),
    "de": (
        "Wir verarbeiten Ihre IP-Adresse zu Marketingzwecken. Rechtsgrundlage für die Verarbeitung dieser Daten ist unser berechtigtes Interesse.",
        "Wir verarbeiten Ihre IP-Adresse zu Marketingzwecken. Rechtsgrundlage für die Verarbeitung Ihrer Kontodaten ist unser berechtigtes Interesse.",
    ),
}


@pytest.mark.parametrize("lang", sorted(BASIS_OF_THIS_DATA))
def test_a_basis_of_this_data_ties_the_purposes_before_it(lang: str) -> None:
    back, own = BASIS_OF_THIS_DATA[lang]
    found = read(back, lang)
    assert "basis.legitimate_interests>purpose.marketing" in found.links, sorted(found.links)
    # The twin names data of its own: it does not point back, and ties no purpose.
    found = read(own, lang)
    assert "basis.legitimate_interests" in found.affirmed
    assert "basis.legitimate_interests>purpose.marketing" not in found.links


# --------------------------------------------------------------------------- differ: a tie in new words

OLD_NOTICE = """\
# Notice

## What we collect

We collect your precise location when you use the app. We use cookies to show you advertising.

## Contact

Write to us at privacy@example.com.
"""

#: The old paragraph stands word for word; a new sentence elsewhere ties its two facts.
NEW_WORDS = OLD_NOTICE.replace(
    "## Contact",
    "## Ads\n\nWe use your precise location to show you advertising.\n\n## Contact",
)

#: The twin: the old paragraph itself is reworded into one sentence (a merge, not new words).
REWORDED = OLD_NOTICE.replace(
    "We collect your precise location when you use the app. We use cookies to show you advertising.",
    "We collect your precise location when you use the app and we use cookies to show you advertising.",
)

TIE = "purpose.advertising>data.location"


def _delta(old: str, new: str) -> set[str]:
    a, b = (extract(x.encode(), "text/markdown") for x in (old, new))
    fa, fb = analyze(a, language="en"), analyze(b, language="en")
    return {c.op + " " + c.fact for c in facts_delta(fa, fb, old_text=a.text, new_text=b.text)}


def test_a_tie_made_by_new_words_is_new_even_where_an_unchanged_block_held_both_ends() -> None:
    assert "added " + TIE in _delta(OLD_NOTICE, NEW_WORDS)
    # And gone the other way round.
    assert "removed " + TIE in _delta(NEW_WORDS, OLD_NOTICE)


def test_a_paragraph_merged_into_one_sentence_makes_no_new_tie() -> None:
    assert read(REWORDED.split("## What we collect")[1]).links >= {TIE}
    assert "added " + TIE not in _delta(OLD_NOTICE, REWORDED)


# --------------------------------------------------------------------------- a condition, not the processing

#: Family "a condition, not the processing": what "depending on …" names decides whether the
#: processing happens; it is neither its data nor its ground.
CONDITION = {
    "en": (
        "Depending on your location, communication preferences and consent settings (as applicable), we may use your email address to send you marketing emails.",
        "Using your location, communication preferences and consent (as applicable), we may use your email address to send you marketing emails.",
    ),
    "de": (
        "Je nach Ihrem Standort verwenden wir Ihre E-Mail-Adresse, für Marketingzwecke.",
        "Wir verwenden Ihren Standort und Ihre E-Mail-Adresse, für Marketingzwecke.",
    ),
}


@pytest.mark.parametrize("lang", sorted(CONDITION))
def test_what_a_condition_names_is_not_tied(lang: str) -> None:
    condition, use = CONDITION[lang]
    found = read(condition, lang)
    marketing = {link for link in found.links if link.startswith("purpose.marketing>")}
    assert marketing and "purpose.marketing>data.location" not in marketing, sorted(found.links)
    assert not any(link.startswith("basis.consent>") for link in found.links)
    found = read(use, lang)
    assert "purpose.marketing>data.location" in found.links, sorted(found.links)
