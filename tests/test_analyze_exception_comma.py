"""An exception opening the clause after a comma qualifies the denial before it, in the six
lexicon languages: "we do not share your messages, unless you ask us to" states sharing
under a condition. The comma used to cut the sentence at the exception word (a subject
word in several lexicons) and leave the "not" clause alone, a denial.

Every fixture is written for this rule, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.diff.facts import FactView, view
from monitor.extract import extract

LANGS = ("en", "fr", "de", "es", "it", "nl")

#: "We do not share your messages with advertisers, unless you ask us to."
EXCEPTION_AFTER_COMMA = {
    "en": "We do not share your messages with advertisers, unless you ask us to.",
    "fr": "Nous ne partageons pas vos messages avec des annonceurs, sauf si vous nous le demandez.",
    "de": "Wir geben Ihre Nachrichten nicht an Werbetreibende weiter, sofern Sie uns nicht darum bitten.",
    "es": "No compartimos sus mensajes con anunciantes, salvo que usted nos lo pida.",
    "it": "Non condividiamo i tuoi messaggi con gli inserzionisti, salvo che tu ce lo chieda.",
    "nl": "Wij delen je berichten niet met adverteerders, tenzij je ons daarom vraagt.",
}

#: The same denial with no condition stays a denial.
PLAIN_DENIAL = {
    "en": "We do not share your messages with advertisers.",
    "fr": "Nous ne partageons pas vos messages avec des annonceurs.",
    "de": "Wir geben Ihre Nachrichten nicht an Werbetreibende weiter.",
    "es": "No compartimos sus mensajes con anunciantes.",
    "it": "Non condividiamo i tuoi messaggi con gli inserzionisti.",
    "nl": "Wij delen je berichten niet met adverteerders.",
}

#: A full stop ends the denial's sentence: an exception in the next sentence does not lift it.
DENIAL_THEN_SENTENCE = {
    "en": "We do not share your messages with advertisers. Unless you opt out, we send you newsletters.",
}


def read(text: str, lang: str) -> FactView:
    return view(analyze(extract(f"# Notice\n\n{text}\n".encode(), "text/markdown"), language=lang))


@pytest.mark.parametrize("lang", LANGS)
def test_an_exception_after_a_comma_makes_the_clause_before_it_no_denial(lang: str) -> None:
    found = read(EXCEPTION_AFTER_COMMA[lang], lang)
    assert "purpose.sharing_third_parties" in found.affirmed
    assert not found.denied


@pytest.mark.parametrize("lang", LANGS)
def test_a_denial_without_condition_stays_a_denial(lang: str) -> None:
    found = read(PLAIN_DENIAL[lang], lang)
    assert "purpose.sharing_third_parties" in found.denied
    assert "purpose.sharing_third_parties" not in found.affirmed


def test_an_exception_in_the_next_sentence_does_not_lift_a_denial() -> None:
    found = read(DENIAL_THEN_SENTENCE["en"], "en")
    assert "purpose.sharing_third_parties" in found.denied
    assert "purpose.marketing" in found.affirmed
