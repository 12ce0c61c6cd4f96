"""Families of wordings whose reading decides whether a change is material (issue 8).

Each family is a text that must give the fact and a twin in near-identical words that must
not, read through the real extractor and analyzer (`tests.families.read`).
"""

from __future__ import annotations

import pytest

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
