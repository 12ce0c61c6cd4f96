"""Two families of words that look like a fact but name something else.

- **Location as a condition** ("regardless of your location", « quel que soit votre pays »):
  it says the processing happens wherever the person is, not that their location is collected.
  The twin keeps a location that is collected in the same sentence.
- **A rule's scope** ("this setting does not apply to other forms of advertising", « ne
  s'applique pas à », „gilt nicht für“) says where a rule stops, not that the processing is
  denied. The twin is a plain denial of the same processing.
- **A referral programme** (« programme de parrainage », „Empfehlungsprogramm“, "programa de
  recomendación") is no personalization, though its word is that of a recommendation. The twin
  keeps personalised recommendations.
- **A mobile advertising identifier** ("your advertising ID", "IDFA", « ID publicitaire »)
  is device data, not the advertising purpose. The twin keeps advertising as a purpose.
"""

from __future__ import annotations

import pytest

from tests.families import read

CONDITION = [
    ("en", "We use your email address for security, regardless of your location."),
    ("en", "We use your email address for security, irrespective of your country."),
    (
        "fr",
        "Nous utilisons votre adresse e-mail pour la sécurité, quelle que soit votre localisation.",
    ),
    ("de", "Wir verwenden Ihre E-Mail-Adresse zur Sicherheit, unabhängig von Ihrem Standort."),
    ("es", "Usamos su correo electrónico para la seguridad, independientemente de su ubicación."),
    (
        "it",
        "Usiamo il tuo indirizzo e-mail per la sicurezza, indipendentemente dalla tua posizione.",
    ),
    ("nl", "Wij gebruiken uw e-mailadres voor beveiliging, ongeacht uw locatie."),
]

COLLECTED = [
    ("en", "Regardless of your device, we use your precise location for security."),
    ("fr", "Quel que soit votre appareil, nous utilisons votre localisation pour la sécurité."),
    ("de", "Unabhängig von Ihrem Gerät verwenden wir Ihren Standort zur Sicherheit."),
    ("es", "Independientemente de su dispositivo, usamos su ubicación para la seguridad."),
    (
        "it",
        "Indipendentemente dal tuo dispositivo, usiamo la tua geolocalizzazione per la sicurezza.",
    ),
    ("nl", "Ongeacht uw apparaat gebruiken wij uw locatie voor beveiliging."),
]


@pytest.mark.parametrize(("lang", "text"), CONDITION)
def test_a_location_named_as_a_condition_is_no_location_data(lang: str, text: str) -> None:
    facts = read(text, lang)
    assert "purpose.security" in facts.affirmed
    assert "data.location" not in facts.affirmed


@pytest.mark.parametrize(("lang", "text"), COLLECTED)
def test_twin_a_location_used_beside_a_condition_is_location_data(lang: str, text: str) -> None:
    facts = read(text, lang)
    assert "data.location" in facts.affirmed
    assert "purpose.security>data.location" in facts.links


ADVERTISING_ID = [
    ("en", "We collect your advertising ID to prevent fraud."),
    ("en", "We collect your device's ad ID and IDFA to prevent fraud."),
    ("fr", "Nous collectons votre ID publicitaire pour prévenir la fraude."),
    ("de", "Wir erheben Ihre Werbe-ID zur Betrugsprävention."),
    ("es", "Recopilamos su ID de publicidad para prevenir el fraude."),
    ("it", "Raccogliamo il tuo ID pubblicitario per prevenire le frodi."),
    ("nl", "Wij verzamelen uw advertentie-ID om fraude te voorkomen."),
]

ADVERTISING = [
    ("en", "We collect your device ID to show you advertising."),
    ("fr", "Nous collectons l'identifiant de votre appareil pour la publicité."),
    ("de", "Wir erheben Ihre Geräte-ID für Werbung."),
    ("es", "Recopilamos el identificador de su dispositivo para publicidad."),
    ("it", "Raccogliamo l'identificativo del dispositivo per la pubblicità."),
    ("nl", "Wij verzamelen uw apparaat-ID voor advertenties."),
]


@pytest.mark.parametrize(("lang", "text"), ADVERTISING_ID)
def test_an_advertising_identifier_is_device_data_not_advertising(lang: str, text: str) -> None:
    facts = read(text, lang)
    assert "data.technical" in facts.affirmed
    assert "purpose.advertising" not in facts.affirmed
    assert "purpose.security>data.technical" in facts.links


@pytest.mark.parametrize(("lang", "text"), ADVERTISING)
def test_twin_device_data_used_for_advertising_is_advertising(lang: str, text: str) -> None:
    facts = read(text, lang)
    assert "purpose.advertising>data.technical" in facts.links


SCOPE = [
    ("en", "This setting does not apply to other forms of targeted advertising."),
    ("fr", "Ce paramètre ne s'applique pas à la publicité ciblée."),
    ("de", "Diese Einstellung gilt nicht für personalisierte Werbung."),
    ("es", "Este ajuste no se aplica a la publicidad personalizada."),
    ("it", "Questa impostazione non si applica alla pubblicità personalizzata."),
    ("nl", "Deze instelling geldt niet voor de reclame die wij u tonen."),
    ("nl", "Deze instelling is niet van toepassing op de reclame die wij u tonen."),
]

DENIAL = [
    ("en", "We do not use your messages for targeted advertising."),
    ("fr", "Nous n'utilisons pas vos messages pour la publicité ciblée."),
    ("de", "Wir verwenden Ihre Nachrichten nicht für personalisierte Werbung."),
    ("es", "No usamos sus mensajes para publicidad personalizada."),
    ("it", "Non usiamo i tuoi messaggi per la pubblicità personalizzata."),
    ("nl", "Wij tonen u geen reclame."),
]


@pytest.mark.parametrize(("lang", "text"), SCOPE)
def test_the_scope_of_a_rule_denies_nothing(lang: str, text: str) -> None:
    facts = read(text, lang)
    assert "purpose.advertising" in facts.affirmed
    assert "purpose.advertising" not in facts.denied


@pytest.mark.parametrize(("lang", "text"), DENIAL)
def test_twin_a_plain_denial_still_denies(lang: str, text: str) -> None:
    facts = read(text, lang)
    assert "purpose.advertising" in facts.denied
    assert "purpose.advertising" not in facts.affirmed


REFERRAL = [
    ("fr", "Nous utilisons votre adresse e-mail pour le programme de parrainage."),
    ("fr", "Nous utilisons votre adresse e-mail pour le programme de recommandation."),
    ("de", "Wir verwenden Ihre E-Mail-Adresse für unser Empfehlungsprogramm."),
    ("es", "Usamos su correo electrónico para el programa de recomendación."),
    ("it", "Usiamo il tuo indirizzo e-mail per il programma di raccomandazione."),
    ("nl", "Wij gebruiken uw e-mailadres voor ons aanbevelingsprogramma."),
]

RECOMMENDATIONS = [
    ("fr", "Nous utilisons votre historique pour vous faire des recommandations."),
    ("de", "Wir verwenden Ihren Verlauf für Empfehlungen."),
    ("es", "Usamos su historial para hacerle recomendaciones."),
    ("it", "Usiamo la tua cronologia per le raccomandazioni."),
    ("nl", "Wij gebruiken uw geschiedenis voor aanbevelingen."),
]


@pytest.mark.parametrize(("lang", "text"), REFERRAL)
def test_a_referral_programme_is_no_personalization(lang: str, text: str) -> None:
    facts = read(text, lang)
    assert "data.identifiers" in facts.affirmed
    assert "purpose.personalization" not in facts.affirmed


@pytest.mark.parametrize(("lang", "text"), RECOMMENDATIONS)
def test_twin_recommendations_made_to_the_person_are_personalization(lang: str, text: str) -> None:
    assert "purpose.personalization" in read(text, lang).affirmed
