"""Families of wordings whose reading decides whether a change is material (issue 8).

Each family is a text that must give the fact and a twin in near-identical words that must
not, read through the real extractor and analyzer (`tests.families.read`).
"""

from __future__ import annotations

import pytest

from monitor.analyze.text import sentence_spans
from tests.families import read

# --------------------------------------------------------------------------- harm prevention

#: Preventing harm, or keeping people and their exchanges safe, is a security purpose.
HARM = [
    ("en", "We keep your chats with our assistant to prevent harm to you or others."),
    ("en", "We review reported messages to keep you and others safe."),
    (
        "en",
        "We keep your chats with our assistant to make sure that your interactions remain safe.",
    ),
    ("en", "We analyse uploaded photos to protect users against physical harm."),
    ("fr", "Nous conservons vos discussions avec l'assistant pour prévenir les préjudices."),
    ("fr", "Nous conservons vos discussions avec l'assistant pour que vos échanges restent sûrs."),
    ("de", "Wir speichern Ihre Chats mit dem Assistenten, um Schaden von Ihnen abzuwenden."),
    ("de", "Wir speichern Ihre Chats mit dem Assistenten, um Schäden zu verhindern."),
    ("es", "Guardamos tus chats con el asistente para prevenir daños a ti o a otros."),
    ("es", "Guardamos tus chats con el asistente para que los usuarios estén a salvo."),
    ("it", "Conserviamo le tue chat con l'assistente per prevenire danni a te o ad altri."),
    ("it", "Conserviamo le tue chat con l'assistente perché gli utenti siano al sicuro."),
    ("nl", "We bewaren je chats met de assistent om schade te voorkomen."),
    ("nl", "We bewaren je chats met de assistent om gebruikers veilig te houden."),
]

#: The twins: the data themselves kept safe is how they are stored, not a purpose; harm
#: from the company's own AI is about fairness.
SAFE_DATA = [
    ("en", "We keep your chats with our assistant and keep your data safe."),
    ("en", "We keep your chats with our assistant; the data of our users are safe with us."),
    ("en", "We take steps to avoid harm and bias in the answers of our assistant."),
    ("fr", "Nous conservons vos discussions avec l'assistant et vos données restent sûres."),
    ("de", "Wir speichern Ihre Chats mit dem Assistenten und halten Ihre Daten sicher."),
    ("es", "Guardamos tus chats con el asistente y tus datos están a salvo."),
    ("it", "Conserviamo le tue chat con l'assistente e i tuoi dati sono al sicuro."),
    ("nl", "We bewaren je chats met de assistent en je gegevens blijven veilig."),
]


@pytest.mark.parametrize(("lang", "text"), HARM)
def test_preventing_harm_or_keeping_people_safe_is_security(lang: str, text: str) -> None:
    assert "purpose.security" in read(text, lang).affirmed


@pytest.mark.parametrize(("lang", "text"), SAFE_DATA)
def test_data_kept_safe_is_no_security_purpose(lang: str, text: str) -> None:
    assert "purpose.security" not in read(text, lang).affirmed


# --------------------------------------------------------------------------- what a request comes with

#: An identity document that must come with a request is the rights procedure, not data
#: kept for a verification purpose.
WITH_REQUEST = [
    ("en", "Please include a copy of your ID card with your request, which we use to reply."),
    ("en", "Your request must be accompanied by a copy of your passport, which we use to reply."),
    (
        "fr",
        "Merci de joindre à votre demande une copie de votre pièce d'identité, que nous utilisons.",
    ),
    (
        "fr",
        "Votre demande doit être accompagnée d'une copie de votre passeport, que nous utilisons.",
    ),
    (
        "de",
        "Bitte fügen Sie Ihrer Anfrage eine Kopie Ihres Personalausweises bei, die wir verwenden.",
    ),
    ("es", "Adjunte a su solicitud una copia de su pasaporte, que utilizamos para responder."),
    ("es", "Su solicitud deberá ir acompañada de una copia de su pasaporte, que utilizamos."),
    ("it", "Allega alla richiesta una copia del tuo passaporto, che utilizziamo per rispondere."),
    ("it", "La richiesta deve essere accompagnata da una copia del passaporto, che utilizziamo."),
    ("nl", "Voeg een kopie van uw paspoort bij uw verzoek, die wij gebruiken om te antwoorden."),
    ("nl", "Uw verzoek moet vergezeld gaan van een kopie van uw paspoort, die wij gebruiken."),
]

#: The twins: the same document asked with an application or a booking is verification data.
WITH_APPLICATION = [
    ("en", "Please include a copy of your ID card with your application, which we use to reply."),
    (
        "fr",
        "Merci de joindre à votre dossier une copie de votre pièce d'identité, que nous utilisons.",
    ),
    (
        "de",
        "Bitte fügen Sie Ihrem Antragsformular eine Kopie Ihres Personalausweises bei, die wir verwenden.",
    ),
    ("es", "Adjunte a su reserva una copia de su pasaporte, que utilizamos para responder."),
    (
        "it",
        "Allega alla prenotazione una copia del tuo passaporto, che utilizziamo per rispondere.",
    ),
    ("nl", "Voeg een kopie van uw paspoort bij uw boeking, die wij gebruiken om te antwoorden."),
]


@pytest.mark.parametrize(("lang", "text"), WITH_REQUEST)
def test_an_id_copy_sent_with_a_request_is_no_verification_data(lang: str, text: str) -> None:
    assert "data.verification" not in read(text, lang).affirmed


@pytest.mark.parametrize(("lang", "text"), WITH_APPLICATION)
def test_an_id_copy_sent_with_an_application_is_verification_data(lang: str, text: str) -> None:
    assert "data.verification" in read(text, lang).affirmed


# --------------------------------------------------------------------------- dots inside a name

#: A dot inside a word (a name written as a domain, a version number) ends no phrase gap.
DOTTED_NAME = [
    ("en", "We share the orders you place on Shop.com with our partners."),
    ("en", "We share the orders you place in version 2.1 of the app with our partners."),
    ("fr", "Nous partageons les commandes passées sur Boutique.fr avec nos partenaires."),
    ("de", "Wir übermitteln Bestellungen auf Shop.de an unsere Partner."),
    ("es", "Compartimos los pedidos realizados en Tienda.es con nuestros socios."),
    ("it", "Trasmettiamo gli ordini effettuati su Negozio.it ai nostri partner."),
    ("nl", "We delen de bestellingen op Winkel.nl met onze partners."),
]

#: The twins: a real full stop right after the name still ends the sentence.
DOTTED_NAME_THEN_STOP = [
    ("en", "We share the orders you place on Shop.com. Our partners help us."),
    ("fr", "Nous partageons les commandes passées sur Boutique.fr. Nos partenaires nous aident."),
    ("de", "Wir übermitteln Bestellungen auf Shop.de. Unsere Partner helfen uns."),
    ("es", "Compartimos los pedidos realizados en Tienda.es. Nuestros socios nos ayudan."),
    ("it", "Trasmettiamo gli ordini effettuati su Negozio.it. I nostri partner ci aiutano."),
    ("nl", "We delen de bestellingen op Winkel.nl. Onze partners helpen ons."),
]


@pytest.mark.parametrize(("lang", "text"), DOTTED_NAME)
def test_a_dot_inside_a_name_does_not_cut_a_phrase(lang: str, text: str) -> None:
    assert "purpose.sharing_third_parties" in read(text, lang).affirmed


@pytest.mark.parametrize(("lang", "text"), DOTTED_NAME_THEN_STOP)
def test_a_full_stop_after_a_name_still_ends_the_sentence(lang: str, text: str) -> None:
    assert "purpose.sharing_third_parties" not in read(text, lang).affirmed


# --------------------------------------------------------------------------- abbreviations

#: An abbreviation's full stop ("e.g.", "z. B.", « c.-à-d. ») ends neither a phrase gap nor
#: the clause a denial reaches over.
ABBREVIATION_IN_GAP = [
    ("en", "We share the orders you place, e.g. gift cards, with our partners."),
    ("de", "Wir übermitteln Bestellungen, z. B. Geschenkkarten, an unsere Partner."),
    ("it", "Trasmettiamo gli ordini effettuati, ad es. le carte regalo, ai nostri partner."),
]

DENIAL_OVER_ABBREVIATION = [
    ("en", "We do not share your data, e.g. your email address, with advertisers."),
    ("fr", "Nous ne vendons pas vos données, p. ex. votre adresse e-mail, à des annonceurs."),
    (
        "fr",
        "Nous ne partageons pas vos données, c.-à-d. votre adresse e-mail, avec des annonceurs.",
    ),
    ("de", "Wir verkaufen Ihre Daten, d. h. Ihre E-Mail-Adresse, niemals an Dritte."),
    ("de", "Wir übermitteln Ihre Daten, z. B. Ihre E-Mail-Adresse, nicht an unsere Partner."),
    ("es", "No compartimos sus datos, p. ej. su correo electrónico, con anunciantes."),
    ("it", "Non condividiamo i tuoi dati, ad es. il tuo indirizzo email, con inserzionisti."),
    ("nl", "We delen uw gegevens, bijv. uw e-mailadres, niet met adverteerders."),
]

#: The twins: the denial ends with its sentence, right after a name written as a domain.
DENIAL_THEN_STOP = [
    ("en", "We do not sell anything on Shop.com. We share your email address with advertisers."),
    (
        "de",
        "Wir verkaufen nichts auf Shop.de. Wir übermitteln Ihre E-Mail-Adresse an unsere Partner.",
    ),
]


@pytest.mark.parametrize(("lang", "text"), ABBREVIATION_IN_GAP)
def test_an_abbreviation_does_not_cut_a_phrase(lang: str, text: str) -> None:
    assert "purpose.sharing_third_parties" in read(text, lang).affirmed


@pytest.mark.parametrize(("lang", "text"), DENIAL_OVER_ABBREVIATION)
def test_a_denial_reaches_over_an_abbreviation(lang: str, text: str) -> None:
    found = read(text, lang)
    assert "data.identifiers" not in found.affirmed
    assert "data.identifiers" in found.denied


@pytest.mark.parametrize(("lang", "text"), DENIAL_THEN_STOP)
def test_a_denial_ends_at_the_full_stop_after_a_name(lang: str, text: str) -> None:
    found = read(text, lang)
    assert {"data.identifiers", "purpose.sharing_third_parties"} <= found.affirmed


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Daten, z. B. Ihre Adresse. Wir teilen sie.", 2),
        ("Data, e.g. Google Analytics, i.e. Tools. We share it.", 2),
        ("Données, c.-à-d. Votre adresse. Nous partageons.", 2),
        ("We list it on Booking.com. We also share it.", 2),
        ("Photos, videos, etc. We share them.", 2),
        ("Operated by Example B.V. We share it.", 2),
        ("Beheerd door Voorbeeld BV. Wij delen het.", 2),
    ],
)
def test_sentences_end_at_full_stops_not_at_abbreviations(text: str, sentences: int) -> None:
    assert len(sentence_spans(text)) == sentences
