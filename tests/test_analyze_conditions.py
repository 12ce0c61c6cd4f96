"""The balancing test of legitimate interests is a condition, not a denial, in the six
lexicon languages: "we rely on our legitimate interests where they are not outweighed by
your rights" states the basis; its "not" belongs to the condition.

Every fixture is written for this rule, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.diff.facts import FactView, view
from monitor.extract import extract

LANGS = ("en", "fr", "de", "es", "it", "nl")

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


def read(text: str, lang: str) -> FactView:
    return view(analyze(extract(f"# Notice\n\n{text}\n".encode(), "text/markdown"), language=lang))


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
