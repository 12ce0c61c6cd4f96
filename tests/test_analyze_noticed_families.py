"""Wordings noticed on real notices and left alone last stop: each family with a fixture that
states the fact and a twin in near-identical words that does not (or the reverse).

One family per section, in the lexicon languages where the wording is lexical. Every fixture
is written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

# --------------------------------------------------------------------------- a negated necessity qualifier

#: A relative clause that negates necessity says which cookies; the sentence states their use.
USE_NOT_NECESSARY_RELATIVE = {
    "en": "We use cookies that are not strictly necessary to show you personalised advertising, based on your consent.",
    "fr": "Nous utilisons les cookies qui ne sont pas strictement nécessaires au fonctionnement du site pour vous montrer de la publicité personnalisée, sur la base de votre consentement.",
    "de": "Wir verwenden Cookies, die für den Betrieb der Website nicht erforderlich sind, um Ihnen personalisierte Werbung zu zeigen, auf Grundlage Ihrer Einwilligung.",
    "es": "Usamos cookies que no son estrictamente necesarias para mostrarle publicidad personalizada, sobre la base de su consentimiento.",
    "it": "Utilizziamo cookie che non sono strettamente necessari per mostrarti pubblicità personalizzata, sulla base del tuo consenso.",
    "nl": "Wij gebruiken cookies die niet strikt noodzakelijk zijn om u gepersonaliseerde advertenties te tonen, op basis van uw toestemming.",
}

#: The same qualifier as an adjective phrase before or after the noun.
USE_NOT_NECESSARY_ADJECTIVE = {
    "en": "With your consent, we use cookies not strictly necessary for the service to show you personalised advertising.",
    "fr": "Avec votre consentement, nous utilisons des cookies pas strictement nécessaires au service pour vous montrer de la publicité personnalisée.",
    "de": "Mit Ihrer Einwilligung verwenden wir nicht unbedingt erforderliche Cookies, um Ihnen personalisierte Werbung zu zeigen.",
    "es": "Con su consentimiento, usamos cookies no esenciales para mostrarle publicidad personalizada.",
    "it": "Con il tuo consenso, utilizziamo cookie non strettamente necessari per mostrarti pubblicità personalizzata.",
    "nl": "Met uw toestemming gebruiken wij niet-noodzakelijke cookies om u gepersonaliseerde advertenties te tonen.",
}

#: The twin: a negation outside the qualifier still denies what the sentence names.
DO_NOT_USE_NOT_NECESSARY = {
    "en": "We do not use cookies that are not strictly necessary.",
    "fr": "Nous n'utilisons pas de cookies qui ne sont pas strictement nécessaires.",
    "de": "Wir verwenden keine Cookies, die nicht unbedingt erforderlich sind.",
    "es": "No usamos cookies que no sean estrictamente necesarias.",
    "it": "Non utilizziamo cookie che non siano strettamente necessari.",
    "nl": "Wij gebruiken geen cookies die niet strikt noodzakelijk zijn.",
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "texts",
    [USE_NOT_NECESSARY_RELATIVE, USE_NOT_NECESSARY_ADJECTIVE],
    ids=["relative", "adjective"],
)
def test_a_negated_necessity_qualifier_denies_nothing(texts: dict[str, str], lang: str) -> None:
    facts = read(texts[lang], lang)
    assert {"data.technical", "purpose.advertising", "basis.consent"} <= facts.affirmed
    assert not facts.denied


@pytest.mark.parametrize("lang", LANGS)
def test_twin_a_negation_outside_the_qualifier_still_denies(lang: str) -> None:
    facts = read(DO_NOT_USE_NOT_NECESSARY[lang], lang)
    assert "data.technical" in facts.denied
    assert "data.technical" not in facts.affirmed
