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


# --------------------------------------------------------------------------- requirements on apps

#: Family "a platform's requirements on apps or developers": "Google Play requires apps that
#: request … to justify their access to your photos" states the apps' duties, not processing of
#: the platform's own. Twin: the platform requiring the access itself. (language, rule, twin)
APP_REQUIREMENTS = [
    (
        "en",
        "To protect your security, Google Play requires apps that request this permission to"
        " justify their access to your photos and videos.",
        "To protect your security, Google Play requires access to your photos and videos.",
    ),
    (
        "fr",
        "Pour protéger votre sécurité, Google Play exige des applications qu'elles justifient"
        " l'accès à vos photos et vidéos.",
        "Pour protéger votre sécurité, Google Play exige l'accès à vos photos et vidéos.",
    ),
    (
        "de",
        "Zum Schutz Ihrer Sicherheit verlangt Google Play von Apps, die auf Ihre Fotos und Videos"
        " zugreifen, eine Begründung.",
        "Zum Schutz Ihrer Sicherheit verlangt Google Play Zugriff auf Ihre Fotos und Videos.",
    ),
    (
        "es",
        "Para proteger su seguridad, Google Play exige a las aplicaciones que justifiquen el"
        " acceso a sus fotos y vídeos.",
        "Para proteger su seguridad, Google Play exige el acceso a sus fotos y vídeos.",
    ),
    (
        "it",
        "Per proteggere la sua sicurezza, Google Play richiede alle app di giustificare l'accesso"
        " alle sue foto e ai suoi video.",
        "Per proteggere la sua sicurezza, Google Play richiede l'accesso alle sue foto e ai suoi"
        " video.",
    ),
    (
        "nl",
        "Om uw veiligheid te beschermen, vereist Google Play dat apps de toegang tot uw foto's en"
        " video's rechtvaardigen.",
        "Om uw veiligheid te beschermen, vereist Google Play toegang tot uw foto's en video's.",
    ),
]
SECURITY_CONTENT = "purpose.security>data.content"


@pytest.mark.parametrize(("lang", "rule", "twin"), APP_REQUIREMENTS)
def test_a_requirement_on_apps_states_no_processing(lang: str, rule: str, twin: str) -> None:
    found = read(rule, lang)
    assert SECURITY_CONTENT not in found.links, sorted(found.links)
    assert "data.content" not in found.affirmed, sorted(found.affirmed)


@pytest.mark.parametrize(("lang", "rule", "twin"), APP_REQUIREMENTS)
def test_twin_the_platform_requiring_access_itself_processes(
    lang: str, rule: str, twin: str
) -> None:
    assert SECURITY_CONTENT in read(twin, lang).links


def test_twin_requiring_data_is_processing() -> None:
    found = read("We require your location to show you relevant ads.", "en")
    assert "purpose.advertising>data.location" in found.links, sorted(found.links)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "You may need to go through a security checkpoint, where we use your phone number to confirm your identity.",
        ),
        (
            "de",
            "Sie müssen durch die Sicherheitskontrolle Ihres Kontos, bei der wir Ihre Telefonnummer verwenden.",
        ),
    ],
)
def test_twin_an_account_security_checkpoint_is_a_purpose(lang: str, text: str) -> None:
    found = read(text, lang)
    assert "purpose.security>data.identifiers" in found.links, sorted(found.links)
