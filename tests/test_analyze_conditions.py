"""Conditions on a denial are no denial, in the six lexicon languages.

Two families of wordings that read as "not" but state processing under a condition:
- the balancing test of legitimate interests ("we rely on our legitimate interests where
  they are not outweighed by your rights"): the "not" belongs to the condition;
- an exception opening the clause after a comma ("we do not share your messages, unless
  you ask us to"): the comma cut the sentence at the exception word (a subject word in
  several lexicons), which used to leave the "not" clause alone, a denial.

Every fixture is written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

#: "We use your device identifiers to prevent fraud on the basis of our legitimate interests,
#: where your rights do not outweigh them." (the "not" of the balancing test)
BALANCING_TEST = {
    "en": "We use your device identifiers to prevent fraud on the basis of our legitimate interests where they are not outweighed by your rights.",
    "fr": "Lorsque vos droits ne prévalent pas sur notre intérêt légitime, nous utilisons les identifiants de votre appareil pour prévenir la fraude.",
    "de": "Unser berechtigtes Interesse an der Betrugsprävention mit Ihren Gerätekennungen wird von Ihren Rechten nicht überwogen.",
    "es": "Cuando sus derechos no prevalecen sobre nuestro interés legítimo, utilizamos los identificadores de su dispositivo para prevenir el fraude.",
    "it": "Quando i tuoi diritti non prevalgono sul nostro legittimo interesse, utilizziamo gli identificativi del tuo dispositivo per prevenire le frodi.",
    "nl": "Wij gebruiken de identificatoren van je apparaat om fraude te voorkomen op basis van ons gerechtvaardigd belang wanneer jouw rechten niet zwaarder wegen.",
}

#: A plain denial in the same words stays a denial: the rule lifts only the balancing test.
PLAIN_DENIAL = {
    "en": "We do not use your device identifiers to prevent fraud.",
    "fr": "Nous n'utilisons pas les identifiants de votre appareil pour prévenir la fraude.",
    "de": "Wir verwenden Ihre Gerätekennungen nicht zur Betrugsprävention.",
    "es": "No utilizamos los identificadores de su dispositivo para prevenir el fraude.",
    "it": "Non utilizziamo gli identificativi del tuo dispositivo per prevenire le frodi.",
    "nl": "Wij gebruiken de identificatoren van je apparaat niet om fraude te voorkomen.",
}


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
SHARING_DENIAL = {
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


@pytest.mark.parametrize("lang", LANGS)
def test_the_balancing_test_of_legitimate_interests_is_no_denial(lang: str) -> None:
    found = read(BALANCING_TEST[lang], lang)
    assert {"basis.legitimate_interests", "purpose.security"} <= found.affirmed
    assert not found.denied


@pytest.mark.parametrize("lang", LANGS)
def test_a_denial_without_the_balancing_test_stays_a_denial(lang: str) -> None:
    found = read(PLAIN_DENIAL[lang], lang)
    assert "purpose.security" in found.denied
    assert "purpose.security" not in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_an_exception_after_a_comma_makes_the_clause_before_it_no_denial(lang: str) -> None:
    found = read(EXCEPTION_AFTER_COMMA[lang], lang)
    assert "purpose.sharing_third_parties" in found.affirmed
    assert not found.denied


@pytest.mark.parametrize("lang", LANGS)
def test_a_denial_without_condition_stays_a_denial(lang: str) -> None:
    found = read(SHARING_DENIAL[lang], lang)
    assert "purpose.sharing_third_parties" in found.denied
    assert "purpose.sharing_third_parties" not in found.affirmed


def test_an_exception_in_the_next_sentence_does_not_lift_a_denial() -> None:
    found = read(DENIAL_THEN_SENTENCE["en"], "en")
    assert "purpose.sharing_third_parties" in found.denied
    assert "purpose.marketing" in found.affirmed
