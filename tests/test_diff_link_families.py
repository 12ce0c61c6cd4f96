"""The differ's link rules, on pairs of small versions written for these tests.

Family "ties across a change of language": a notice served in another locale ties its facts
by another grammar, so ties are not compared sentence against sentence then; but a tie to a
basis, purpose or data category that the new version no longer states at all (or that the
old one did not state) is gone (or new) whatever the grammar, and is reported.

And the word-for-word test of ``block_ties`` (is a block still in the other version's text?)
answers exactly as a plain substring test, whatever the lines look like.
"""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.diff.facts import _Verbatim, block_ties, facts_delta
from monitor.extract import extract
from monitor.model import Document, Facts


def _read(text: str, lang: str) -> tuple[Document, Facts]:
    doc = extract(f"# Notice\n\n{text}\n".encode(), "text/markdown")
    return doc, analyze(doc, language=lang)


def _delta(old: tuple[str, str], new: tuple[str, str]) -> set[str]:
    (a, fa), (b, fb) = _read(*old), _read(*new)
    return {c.op + " " + c.fact for c in facts_delta(fa, fb, old_text=a.text, new_text=b.text)}


# --------------------------------------------------------------------------- across languages

BASIS_TIE = "basis.legitimate_interests>purpose.advertising"
EN = (
    "We rely on our legitimate interests to show you personalised advertising.\n\n"
    "We use your email address to provide our services.",
    "en",
)
#: The same notice in French, without the advertising paragraph: the basis and the purpose go.
FR_WITHOUT = ("Nous utilisons votre adresse e-mail pour fournir nos services.", "fr")
#: The twin: the whole notice in French, every fact still stated.
FR_ALL = (
    "Nous nous fondons sur notre intérêt légitime pour vous montrer de la publicité "
    "personnalisée.\n\nNous utilisons votre adresse e-mail pour fournir nos services.",
    "fr",
)


def test_a_tie_of_a_basis_gone_across_a_change_of_language_is_reported_gone() -> None:
    found = _delta(EN, FR_WITHOUT)
    assert {"removed basis.legitimate_interests", "removed " + BASIS_TIE} <= found, found
    # The tie of what both versions state is not compared across the languages.
    assert not any("purpose.service>" in item for item in found), found
    # And new the other way round.
    assert "added " + BASIS_TIE in _delta(FR_WITHOUT, EN)


def test_the_same_notice_in_another_language_reports_no_tie() -> None:
    assert _delta(EN, FR_ALL) == set()


DATA_TIE = "purpose.advertising>data.identifiers"
#: Both ends in both versions, tied in one language only: a question of grammar, not reported.
EN_TIED = ("We use your email address to show you personalised advertising.", "en")
FR_UNTIED = (
    "Nous vous montrons de la publicité personnalisée.\n\nNous recueillons votre adresse e-mail.",
    "fr",
)


def test_a_tie_whose_ends_both_versions_state_is_not_compared_across_languages() -> None:
    _, fr = _read(*FR_UNTIED)
    _, en = _read(*EN_TIED)
    assert DATA_TIE in {link for st in en.statements for link in st.links}
    assert DATA_TIE not in {link for st in fr.statements for link in st.links}
    assert _delta(EN_TIED, FR_UNTIED) == set()
    assert _delta(FR_UNTIED, EN_TIED) == set()


# --------------------------------------------------------------------------- word for word

TEXT = "\n".join(
    [
        "# Privacy",
        "We collect your location.",
        "- your email address",
        "| Purpose | Data |",
        "We use it to show ads. We keep it a year.",
    ]
)
ASKED = [
    "We collect your location.",  # a line
    "your email address",  # a list item after its "- "
    "- your email address",  # the line itself
    "We use it to show ads.",  # part of a line
    "location.\n- your",  # across lines
    "Privacy",  # a heading's words
    "We collect your location",  # a prefix
    "We sell your location.",  # absent
    "",  # the empty block
    "| Purpose | Data |",
    "| Purpose |",
]


@pytest.mark.parametrize("rounds", [1, 3])
def test_the_word_for_word_test_answers_as_a_substring_test(rounds: int) -> None:
    # Asked more often than its few plain scans, it answers from its set of lines too.
    verbatim = _Verbatim(TEXT)
    for _ in range(rounds):
        assert [x in verbatim for x in ASKED] == [x in TEXT for x in ASKED]


def test_a_block_counts_for_its_ties_only_where_the_other_text_reworded_it() -> None:
    # Ten blocks stating facts first, so the lookups outlast the plain scans.
    filler = "\n\n".join(f"We collect your phone number for reason {i}." for i in range(10))
    block = "We collect your precise location. Separately, we use cookies to show you advertising."
    _, facts = _read(filler + "\n\n" + block, "en")
    tie = "purpose.advertising>data.location"
    assert tie not in {link for st in facts.statements for link in st.links}
    same, _ = _read(filler + "\n\n" + block, "en")
    reworded, _ = _read(filler + "\n\n" + block.replace("Separately, we", "We"), "en")
    assert tie not in block_ties(facts, None, same.text)
    assert tie in block_ties(facts, None, reworded.text)
    assert tie in block_ties(facts, {tie}, reworded.text)
