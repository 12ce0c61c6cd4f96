"""Two loose readings seen on unseen notices, each with a twin that keeps the fact.

- Messages the company sends ("we send you messages", « vous envoyer des messages »,
  „Ihnen Nachrichten senden“) are no communications of the person: the messages the
  person sends to other members are.
- Removing is a right like deleting: "you can remove ..." states no processing, while
  "we remove ... after 30 days" still names the data it removes.

The fixtures are written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.test_analyze_precision_families import LANGS, read

# --------------------------------------------------------------------------- messages we send you

#: (the company sends messages to the person, the person's messages to other members).
MESSAGES = {
    "en": (
        "We use your email address to send you messages about our offers.",
        "We use your email address to deliver the messages you send to other members.",
    ),
    "fr": (
        "Nous utilisons votre adresse e-mail pour vous envoyer des messages sur nos offres.",
        "Nous conservons les messages que vous envoyez à d'autres membres pour les leur transmettre.",
    ),
    "de": (
        "Wir verwenden Ihre E-Mail-Adresse, um Ihnen Nachrichten über unsere Angebote zu senden.",
        "Wir speichern die Nachrichten, die Sie an andere Mitglieder senden, um sie zuzustellen.",
    ),
    "es": (
        "Utilizamos su dirección de correo electrónico para enviarle mensajes sobre nuestras ofertas.",
        "Conservamos los mensajes que envía a otros miembros para entregarlos.",
    ),
    "it": (
        "Utilizziamo il tuo indirizzo email per inviarti messaggi sulle nostre offerte.",
        "Conserviamo i messaggi che invii ad altri membri per consegnarli.",
    ),
    "nl": (
        "Wij gebruiken uw e-mailadres om u berichten over onze aanbiedingen te sturen.",
        "Wij bewaren de berichten die u stuurt om ze aan andere leden te bezorgen.",
    ),
}

#: The same family, the other way round: "the messages we send you".
MESSAGES_WE_SEND = {
    "en": "We keep a copy of the messages we send you.",
    "fr": "Nous conservons une copie des messages que nous vous envoyons.",
    "de": "Wir speichern eine Kopie der Nachrichten, die wir Ihnen senden.",
    "es": "Conservamos una copia de los mensajes que le enviamos.",
    "it": "Conserviamo una copia dei messaggi che ti inviamo.",
    "nl": "Wij bewaren een kopie van de berichten die wij u sturen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_messages_the_company_sends_are_no_communications(lang: str) -> None:
    ours, _ = MESSAGES[lang]
    found = read(ours, lang)
    assert "data.communications" not in found.affirmed
    assert "data.identifiers" in found.affirmed
    assert "data.communications" not in read(MESSAGES_WE_SEND[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_messages_the_person_sends_are_communications(lang: str) -> None:
    _, theirs = MESSAGES[lang]
    assert "data.communications" in read(theirs, lang).affirmed


@pytest.mark.parametrize(
    "kind", ["marketing and informational", "administrative", "information", "advertising"]
)
def test_named_kinds_of_company_messages_are_no_communications(kind: str) -> None:
    found = read(f"We use your contact details to send {kind} messages.", "en")
    assert "data.communications" not in found.affirmed
    assert "data.identifiers" in found.affirmed
    assert (
        "data.communications"
        in read("We use your contact details to deliver your messages.", "en").affirmed
    )


#: Other English wordings of the company's own messages, each with the person's messages as twin.
OUR_MESSAGES = [
    (
        "We send messages about the products you use, using the email address you registered.",
        "We send messages you write to other members, using the email address you registered.",
    ),
    (
        "We collect information about how you interact with our messages.",
        "We collect information about how you interact with your messages.",
    ),
]


#: Messages other members send the person are the person's communications.
SENT_BY_OTHERS = [
    "We store information about members who sent you messages.",
    "We let other members send you messages, and we store them.",
]


@pytest.mark.parametrize("text", SENT_BY_OTHERS)
def test_messages_other_members_send_you_are_communications(text: str) -> None:
    assert "data.communications" in read(text, "en").affirmed


@pytest.mark.parametrize(("ours", "theirs"), OUR_MESSAGES)
def test_our_messages_are_no_communications(ours: str, theirs: str) -> None:
    assert "data.communications" not in read(ours, "en").affirmed
    assert "data.communications" in read(theirs, "en").affirmed


# --------------------------------------------------------------------------- removing is a right

#: (the person may remove the data: a right; the company removes it after 30 days: retention,
#: which still names the data).
REMOVE = {
    "en": (
        "You can remove the phone number we collect to secure your account.",
        "We remove the phone number we collect to secure your account after 30 days.",
    ),
    "fr": (
        "Vous pouvez retirer le numéro de téléphone que nous collectons pour sécuriser votre compte.",
        "Nous retirons le numéro de téléphone que nous collectons pour sécuriser votre compte après 30 jours.",
    ),
    "de": (
        "Sie können die Telefonnummer, die wir erheben, aus Ihrem Profil entfernen.",
        "Wir entfernen die Telefonnummer, die wir erheben, nach 30 Tagen aus Ihrem Profil.",
    ),
    "es": (
        "Puede quitar el número de teléfono que recopilamos de su perfil.",
        "Quitamos el número de teléfono que recopilamos de su perfil después de 30 días.",
    ),
    "it": (
        "Puoi rimuovere il numero di telefono che raccogliamo dal tuo profilo.",
        "Rimuoviamo il numero di telefono che raccogliamo dal tuo profilo dopo 30 giorni.",
    ),
    "nl": (
        "U kunt het telefoonnummer dat wij verzamelen uit uw profiel verwijderen.",
        "Wij verwijderen het telefoonnummer dat wij verzamelen na 30 dagen uit uw profiel.",
    ),
}

#: The other remove/delete verbs of the family, put in place of the verb of REMOVE's right.
REMOVE_VERBS = {
    "en": ("remove", ["delete"]),
    "fr": ("retirer", ["supprimer"]),
    "es": ("quitar", ["eliminar", "suprimir"]),
    "it": ("rimuovere", ["eliminare", "cancellare"]),
}


@pytest.mark.parametrize("lang", LANGS)
def test_removing_is_a_right(lang: str) -> None:
    right, _ = REMOVE[lang]
    assert "data.identifiers" not in read(right, lang).affirmed


@pytest.mark.parametrize("lang", sorted(REMOVE_VERBS))
def test_every_remove_verb_is_a_right(lang: str) -> None:
    right, _ = REMOVE[lang]
    verb, others = REMOVE_VERBS[lang]
    for other in others:
        assert "data.identifiers" not in read(right.replace(verb, other), lang).affirmed, other


@pytest.mark.parametrize("lang", LANGS)
def test_removing_after_a_period_is_no_right(lang: str) -> None:
    _, retention = REMOVE[lang]
    assert "data.identifiers" in read(retention, lang).affirmed
