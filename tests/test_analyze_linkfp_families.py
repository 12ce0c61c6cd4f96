"""Ties a notice does not state, second set: guards against links the text keeps apart.

Each family has a text whose tie must not be made and a twin in near-identical words whose
tie must be. Every fixture is written for these rules, not taken from a real notice. The
first set is ``tests/test_analyze_overtie_families.py``.
"""

from __future__ import annotations

import pytest

from tests.families import read

# --------------------------------------------------------------------------- a purpose in a condition

#: Family "a purpose named in a 'depending on …' condition is not the processing's purpose":
#: "depending on how you set up your account, we collect your date of birth" says when the
#: date of birth is collected, not what for. (language, condition, twin, the tie).
CONDITION_PURPOSE = [
    (
        "en",
        "Depending on how you set up your account, we also collect your date of birth and"
        " your phone number.",
        "To set up your account, we also collect your date of birth and your phone number.",
        "purpose.service>data.demographic",
    ),
    (
        "en",
        "Depending on whether you sign up for marketing emails, we collect your date of birth.",
        "For marketing emails, we collect your date of birth.",
        "purpose.marketing>data.demographic",
    ),
    (
        "de",
        "Je nach Ihren Einstellungen für Werbe-E-Mails erheben wir Ihr Geburtsdatum.",
        "Für Werbe-E-Mails erheben wir Ihr Geburtsdatum.",
        "purpose.marketing>data.demographic",
    ),
    (
        "es",
        "Dependiendo de sus preferencias de marketing, recopilamos su fecha de nacimiento.",
        "Para sus preferencias de marketing, recopilamos su fecha de nacimiento.",
        "purpose.marketing>data.demographic",
    ),
    (
        "it",
        "A seconda delle sue preferenze di marketing, raccogliamo la sua data di nascita.",
        "Per le sue preferenze di marketing, raccogliamo la sua data di nascita.",
        "purpose.marketing>data.demographic",
    ),
    (
        "nl",
        "Afhankelijk van uw voorkeuren voor direct marketing verzamelen wij uw geboortedatum.",
        "Voor direct marketing verzamelen wij uw geboortedatum.",
        "purpose.marketing>data.demographic",
    ),
]


@pytest.mark.parametrize(("lang", "condition", "twin", "tie"), CONDITION_PURPOSE)
def test_a_purpose_in_a_condition_is_not_tied(
    lang: str, condition: str, twin: str, tie: str
) -> None:
    found = read(condition, lang)
    assert tie.split(">")[1] in found.affirmed, sorted(found.affirmed)
    assert tie not in found.links, sorted(found.links)


@pytest.mark.parametrize(("lang", "condition", "twin", "tie"), CONDITION_PURPOSE)
def test_twin_the_same_purpose_as_an_aim_is_tied(
    lang: str, condition: str, twin: str, tie: str
) -> None:
    assert tie in read(twin, lang).links


def test_a_purpose_after_the_condition_is_still_tied() -> None:
    found = read(
        "Depending on how you set up your account, we use your date of birth for marketing emails.",
        "en",
    )
    assert "purpose.marketing>data.demographic" in found.links, sorted(found.links)
    assert "purpose.service>data.demographic" not in found.links


# --------------------------------------------------------------------------- a bracketed basis condition

#: Family "a basis in a bracketed condition qualifies what comes before it": "to send you
#: newsletters (where you have consented) and to personalise your results" gives consent to
#: the newsletters only. Twin: the same bracket after both purposes qualifies both.
#: (language, bracket in the middle, bracket at the end, the basis, the purpose before, after)
BRACKET_BASIS = [
    (
        "en",
        "We use your booking history to send you newsletters (where you have consented to this)"
        " and to personalise the search results you see.",
        "We use your booking history to send you newsletters and to personalise the search"
        " results you see (where you have consented to this).",
    ),
    (
        "fr",
        "Nous utilisons votre historique de réservation pour vous envoyer des newsletters"
        " (lorsque vous y avez consenti) et pour personnaliser les résultats de recherche.",
        "Nous utilisons votre historique de réservation pour vous envoyer des newsletters et pour"
        " personnaliser les résultats de recherche (lorsque vous y avez consenti).",
    ),
    (
        "de",
        "Wir verwenden Ihre Buchungshistorie, um Ihnen Newsletter zu senden (sofern Sie"
        " eingewilligt haben), und um Suchergebnisse zu personalisieren.",
        "Wir verwenden Ihre Buchungshistorie, um Ihnen Newsletter zu senden und um"
        " Suchergebnisse zu personalisieren (sofern Sie eingewilligt haben).",
    ),
    (
        "es",
        "Utilizamos su historial de reservas para enviarle comunicaciones de marketing (cuando"
        " usted haya dado su consentimiento) y para personalizar los resultados de búsqueda.",
        "Utilizamos su historial de reservas para enviarle comunicaciones de marketing y para"
        " personalizar los resultados de búsqueda (cuando usted haya dado su consentimiento).",
    ),
    (
        "it",
        "Utilizziamo la cronologia delle prenotazioni per inviarle newsletter (se ha prestato il"
        " consenso) e per personalizzare i risultati di ricerca.",
        "Utilizziamo la cronologia delle prenotazioni per inviarle newsletter e per"
        " personalizzare i risultati di ricerca (se ha prestato il consenso).",
    ),
    (
        "nl",
        "Wij gebruiken uw boekingsgeschiedenis om u nieuwsbrieven te sturen (wanneer u daarvoor"
        " toestemming hebt gegeven) en om zoekresultaten te personaliseren.",
        "Wij gebruiken uw boekingsgeschiedenis om u nieuwsbrieven te sturen en om"
        " zoekresultaten te personaliseren (wanneer u daarvoor toestemming hebt gegeven).",
    ),
]
CONSENT_MARKETING = "basis.consent>purpose.marketing"
CONSENT_PERSONALIZATION = "basis.consent>purpose.personalization"


@pytest.mark.parametrize(("lang", "middle", "end"), BRACKET_BASIS)
def test_a_bracketed_basis_qualifies_only_what_comes_before(
    lang: str, middle: str, end: str
) -> None:
    found = read(middle, lang)
    assert CONSENT_MARKETING in found.links, sorted(found.links)
    assert CONSENT_PERSONALIZATION not in found.links, sorted(found.links)
    assert "purpose.personalization" in found.affirmed


@pytest.mark.parametrize(("lang", "middle", "end"), BRACKET_BASIS)
def test_twin_a_bracketed_basis_after_both_qualifies_both(lang: str, middle: str, end: str) -> None:
    assert {CONSENT_MARKETING, CONSENT_PERSONALIZATION} <= read(end, lang).links


def test_twin_a_bracketed_basis_opening_the_sentence_qualifies_all() -> None:
    found = read(
        "(Where you have consented) we use your booking history to send you newsletters and to"
        " personalise the search results you see.",
        "en",
    )
    assert {CONSENT_MARKETING, CONSENT_PERSONALIZATION} <= found.links, sorted(found.links)


def test_twin_a_bracket_of_examples_is_no_condition() -> None:
    found = read(
        "We use your booking history to send you newsletters (for example, with your consent)"
        " and to personalise the search results you see.",
        "en",
    )
    assert {CONSENT_MARKETING, CONSENT_PERSONALIZATION} <= found.links, sorted(found.links)


def test_twin_a_basis_named_outside_the_bracket_too_qualifies_all() -> None:
    found = read(
        "With your consent, we use your booking history to send you newsletters (where you have"
        " consented to this) and to personalise the search results you see.",
        "en",
    )
    assert {CONSENT_MARKETING, CONSENT_PERSONALIZATION} <= found.links, sorted(found.links)


# --------------------------------------------------------------------------- a journey's security checkpoint

#: Family "a journey's security checkpoint is a place, not our purpose": "your passage through
#: airport security" is a stage of the trip; "the security of boarding" is the company's
#: purpose. (language, checkpoint, twin); both name biometric data.
CHECKPOINT = [
    (
        "en",
        "We collect your biometric data to speed up your passage through airport security and"
        " boarding.",
        "We collect your biometric data for the security of boarding.",
    ),
    (
        "fr",
        "Dans les aéroports équipés, nous recueillons vos données biométriques pour votre passage"
        " par les filtres de sécurité de l'aéroport et l'embarquement.",
        "Nous recueillons vos données biométriques pour la sécurité de l'embarquement.",
    ),
    (
        "de",
        "Wir erheben Ihre biometrischen Daten für die Sicherheitskontrolle am Flughafen und das"
        " Boarding.",
        "Wir erheben Ihre biometrischen Daten für die Sicherheit beim Boarding.",
    ),
    (
        "es",
        "Recopilamos sus datos biométricos para su paso por los controles de seguridad del"
        " aeropuerto y el embarque.",
        "Recopilamos sus datos biométricos para la seguridad del embarque.",
    ),
    (
        "it",
        "Raccogliamo i suoi dati biometrici per il passaggio ai controlli di sicurezza in"
        " aeroporto e l'imbarco.",
        "Raccogliamo i suoi dati biometrici per la sicurezza dell'imbarco.",
    ),
    (
        "nl",
        "Wij verzamelen uw biometrische gegevens voor de beveiligingscontrole op de luchthaven en"
        " het boarden.",
        "Wij verzamelen uw biometrische gegevens voor de beveiliging van het boarden.",
    ),
]
SECURITY_BIOMETRIC = "purpose.security>data.biometric"


@pytest.mark.parametrize(("lang", "checkpoint", "twin"), CHECKPOINT)
def test_a_security_checkpoint_is_no_security_purpose(
    lang: str, checkpoint: str, twin: str
) -> None:
    found = read(checkpoint, lang)
    assert "data.biometric" in found.affirmed, sorted(found.affirmed)
    assert SECURITY_BIOMETRIC not in found.links, sorted(found.links)


@pytest.mark.parametrize(("lang", "checkpoint", "twin"), CHECKPOINT)
def test_twin_the_security_of_the_journey_is_a_purpose(
    lang: str, checkpoint: str, twin: str
) -> None:
    assert SECURITY_BIOMETRIC in read(twin, lang).links


def test_twin_security_checks_on_an_account_are_a_purpose() -> None:
    found = read("We run security checks on your account using your IP address.", "en")
    assert "purpose.security>data.technical" in found.links, sorted(found.links)
