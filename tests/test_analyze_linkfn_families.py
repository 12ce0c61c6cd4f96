"""Ties a reader makes that the analyzer missed, by family of wordings (issue 8, link recall).

Each family has texts whose fact (and so its tie) must be found and twins in near-identical
words that must not give it. Every fixture is written for these rules, not taken from a real
notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read


def cases(table: dict[str, str | list[str]]) -> list[tuple[str, str]]:
    """The (language, text) pairs of a fixture table, in the lexicons' language order."""
    return [
        (lang, text)
        for lang in LANGS
        if lang in table
        for text in ([table[lang]] if isinstance(table[lang], str) else table[lang])
    ]


def assert_tie(text: str, lang: str, link: str) -> None:
    found = read(text, lang)
    assert link in found.links, (sorted(found.affirmed), sorted(found.links))


def assert_without(text: str, lang: str, kept: str, absent: str) -> None:
    """The twin still states ``kept`` (so the sentence is read) but not ``absent``."""
    found = read(text, lang)
    assert kept in found.affirmed, sorted(found.affirmed)
    assert absent not in found.affirmed, sorted(found.affirmed)


# ------------------------------------------- confirming a person is who they claim is security

#: Family "confirming a person is who they claim is security": preventing impersonation or
#: fake profiles, checking that the person is real and not a bot, or that it is really them.
#: Each sentence also names the data it uses, so the purpose ties to it.
WHO_THEY_CLAIM = {
    "en": [
        "To prevent impersonation, we process your biometric data.",
        "We process your biometric data to check that you are a real person and not a bot.",
        "We process your biometric data to confirm that it is really you.",
        "We process your biometric data to detect fake profiles.",
    ],
    "fr": [
        "Pour éviter l'usurpation d'identité, nous traitons vos données biométriques.",
        "Nous traitons vos données biométriques pour vérifier que vous êtes une personne réelle.",
        "Nous traitons vos données biométriques pour vérifier qu'il s'agit bien de vous.",
        "Nous traitons vos données biométriques pour détecter les faux profils.",
    ],
    "de": [
        "Wir verarbeiten Ihre biometrischen Daten, um Identitätsdiebstahl zu verhindern.",
        "Wir verarbeiten Ihre biometrischen Daten, um zu prüfen, dass Sie ein echter Mensch sind.",
        "Wir verarbeiten Ihre biometrischen Daten, um zu bestätigen, dass es sich wirklich um Sie handelt.",
        "Wir verarbeiten Ihre biometrischen Daten, um gefälschte Profile zu erkennen.",
    ],
    "es": [
        "Para evitar la suplantación de identidad, tratamos tus datos biométricos.",
        "Tratamos tus datos biométricos para comprobar que eres una persona real.",
        "Tratamos tus datos biométricos para confirmar que realmente eres tú.",
        "Tratamos tus datos biométricos para detectar perfiles falsos.",
    ],
    "it": [
        "Per evitare il furto d'identità, trattiamo i tuoi dati biometrici.",
        "Trattiamo i tuoi dati biometrici per verificare che sei una persona reale.",
        "Trattiamo i tuoi dati biometrici per verificare che sei davvero tu.",
        "Trattiamo i tuoi dati biometrici per individuare profili falsi.",
    ],
    "nl": [
        "Om identiteitsfraude te voorkomen, verwerken wij uw biometrische gegevens.",
        "Wij verwerken uw biometrische gegevens om te controleren dat u een echt persoon bent.",
        "Wij verwerken uw biometrische gegevens om te controleren dat u het echt bent.",
        "Wij verwerken uw biometrische gegevens om nepprofielen op te sporen.",
    ],
}

#: The twins: a real person who answers you (not the person checked), and the same
#: sentences without the check, state no security purpose.
NOT_WHO_THEY_CLAIM = {
    "en": [
        "We process your biometric data so that a real person, not a bot, answers you.",
        "We process your biometric data to show your profile.",
    ],
    "fr": [
        "Nous traitons vos données biométriques pour qu'une personne réelle, pas un robot, vous réponde.",
        "Nous traitons vos données biométriques pour afficher votre profil.",
    ],
    "de": [
        "Wir verarbeiten Ihre biometrischen Daten, damit Ihnen ein echter Mensch antwortet.",
        "Wir verarbeiten Ihre biometrischen Daten, um Ihr Profil anzuzeigen.",
    ],
    "es": [
        "Tratamos tus datos biométricos para que una persona real, no un robot, te responda.",
        "Tratamos tus datos biométricos para mostrar tu perfil.",
    ],
    "it": [
        "Trattiamo i tuoi dati biometrici perché una persona reale, non un robot, ti risponda.",
        "Trattiamo i tuoi dati biometrici per mostrare il tuo profilo.",
    ],
    "nl": [
        "Wij verwerken uw biometrische gegevens zodat een echt persoon u antwoordt.",
        "Wij verwerken uw biometrische gegevens om uw profiel te tonen.",
    ],
}


@pytest.mark.parametrize(("lang", "text"), cases(WHO_THEY_CLAIM))
def test_confirming_who_a_person_is_is_security(lang: str, text: str) -> None:
    assert_tie(text, lang, "purpose.security>data.biometric")


@pytest.mark.parametrize(("lang", "text"), cases(NOT_WHO_THEY_CLAIM))
def test_a_real_person_who_answers_is_no_security(lang: str, text: str) -> None:
    assert_without(text, lang, "data.biometric", "purpose.security")


# ------------------------------------------- laws named by their place are still laws to comply with

#: Family "laws named by their place are still laws to comply with": "local", "regional",
#: "national" between the verb and the laws keep the legal-compliance purpose, which ties
#: to the data of the sentence.
PLACE_LAWS = {
    "en": [
        "To comply with local laws, we keep your payment data.",
        "We keep your payment data to comply with national and regional legal requirements.",
    ],
    "fr": ["Pour respecter les lois locales, nous conservons vos données de paiement."],
    "de": [
        "Zur Einhaltung lokaler Gesetze speichern wir Ihre Zahlungsdaten.",
        "Wir speichern Ihre Zahlungsdaten, um nationale Rechtsvorschriften einzuhalten.",
    ],
    "es": ["Para cumplir con las leyes locales, conservamos sus datos de pago."],
    "it": ["Per rispettare le leggi locali, conserviamo i tuoi dati di pagamento."],
    "nl": [
        "Om de lokale wetgeving na te leven, bewaren wij uw betalingsgegevens.",
        "Voor de naleving van lokale wetten bewaren wij uw betalingsgegevens.",
    ],
}

#: The twins: the same laws named as a condition ("depending on local laws"), not as
#: something the processing complies with, state no purpose.
PLACE_LAWS_AS_CONDITION = {
    "en": "Depending on local laws, we keep your payment data.",
    "fr": "Selon les lois locales, nous conservons vos données de paiement.",
    "de": "Je nach lokalen Gesetzen speichern wir Ihre Zahlungsdaten.",
    "es": "Según las leyes locales, conservamos sus datos de pago.",
    "it": "In base alle leggi locali, conserviamo i tuoi dati di pagamento.",
    "nl": "Afhankelijk van lokale wetten bewaren wij uw betalingsgegevens.",
}


@pytest.mark.parametrize(("lang", "text"), cases(PLACE_LAWS))
def test_complying_with_local_laws_is_legal_compliance(lang: str, text: str) -> None:
    assert_tie(text, lang, "purpose.legal_compliance>data.financial")


@pytest.mark.parametrize(("lang", "text"), cases(PLACE_LAWS_AS_CONDITION))
def test_local_laws_as_a_condition_are_no_purpose(lang: str, text: str) -> None:
    assert_without(text, lang, "data.financial", "purpose.legal_compliance")


# ------------------------------------------------------ an order from the relevant authorities

#: Family "an order from the relevant authorities": "relevant", "competent", "appropriate"
#: before the authority keep the order a legal one (English puts them before the noun).
RELEVANT_AUTHORITIES = [
    "If we receive a valid order from the relevant judicial authorities, we may disclose your IP address to them.",
    "If we receive a request from the competent authorities, we may disclose your IP address to them.",
]

#: The twin: an order from a team of ours is no legal request.
RELEVANT_TEAM = (
    "If we receive a valid order from the relevant team, we may disclose your IP address to them."
)


@pytest.mark.parametrize("text", RELEVANT_AUTHORITIES)
def test_an_order_from_the_relevant_authorities_is_legal_compliance(text: str) -> None:
    assert_tie(text, "en", "purpose.legal_compliance>data.technical")


def test_an_order_from_a_team_is_no_legal_compliance() -> None:
    assert_without(RELEVANT_TEAM, "en", "data.technical", "purpose.legal_compliance")


# ---------------------------------- information about the person's use, whatever the preposition

#: Family "information about the person's use, whatever the preposition": "relating to",
#: "regarding", « concernant », „bezüglich“ name the same activity data as "about".
USE_INFORMATION = {
    "en": [
        "We use information relating to your use of the Site to perform statistical analyses.",
        "We use data regarding your use of the Services to perform statistical analyses.",
    ],
    "fr": [
        "Nous utilisons les informations concernant votre utilisation du site pour réaliser des statistiques."
    ],
    "de": ["Wir verwenden Informationen bezüglich Ihrer Nutzung der Website für Statistiken."],
    "es": ["Utilizamos la información relativa a su uso del sitio para elaborar estadísticas."],
    "it": [
        "Utilizziamo le informazioni relative al tuo utilizzo del sito per elaborare statistiche."
    ],
    "nl": ["Wij gebruiken informatie met betrekking tot uw gebruik van de site voor statistieken."],
}

#: The twins: the same preposition before the person's account names no activity.
ACCOUNT_INFORMATION = {
    "en": "We use information relating to your user account to perform statistical analyses.",
    "fr": "Nous utilisons les informations concernant votre compte utilisateur pour réaliser des statistiques.",
    "de": "Wir verwenden Informationen bezüglich Ihres Nutzerkontos für Statistiken.",
    "es": "Utilizamos la información relativa a su cuenta de usuario para elaborar estadísticas.",
    "it": "Utilizziamo le informazioni relative al tuo account utente per elaborare statistiche.",
    "nl": "Wij gebruiken informatie met betrekking tot uw gebruikersaccount voor statistieken.",
}


@pytest.mark.parametrize(("lang", "text"), cases(USE_INFORMATION))
def test_information_relating_to_your_use_is_activity(lang: str, text: str) -> None:
    assert_tie(text, lang, "purpose.analytics>data.activity")


@pytest.mark.parametrize(("lang", "text"), cases(ACCOUNT_INFORMATION))
def test_information_relating_to_your_account_is_no_activity(lang: str, text: str) -> None:
    assert_without(text, lang, "purpose.analytics", "data.activity")


# ------------------------------------------- a response rate is a figure about the person, not support

#: Family "a response rate is a figure about the person, not support": « taux de réponse aux
#: messages », «tasso di risposta alle richieste» name activity data, while answering the
#: person's messages is support (the nouns of answering exist in French and Italian only).
RESPONSE_RATE = {
    "fr": "Nous recueillons des informations sur votre utilisation de notre Plateforme, comme votre taux de réponse aux messages.",
    "it": "Raccogliamo informazioni sul tuo utilizzo della piattaforma, come il tuo tasso di risposta alle richieste.",
}
ANSWERING = {
    "fr": "Nous utilisons votre adresse e-mail pour répondre à vos messages.",
    "it": "Utilizziamo il tuo indirizzo email per rispondere alle tue richieste.",
}


@pytest.mark.parametrize(("lang", "text"), cases(RESPONSE_RATE))
def test_a_response_rate_is_no_support(lang: str, text: str) -> None:
    assert_without(text, lang, "data.activity", "purpose.support")


@pytest.mark.parametrize(("lang", "text"), cases(ANSWERING))
def test_answering_messages_is_still_support(lang: str, text: str) -> None:
    assert_tie(text, lang, "purpose.support>data.identifiers")
