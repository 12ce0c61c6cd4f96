"""Ties a notice does not state: guards against the analyzer linking what the text keeps apart.

Each family has a text whose tie must not be made and a twin in near-identical words whose
tie must be (or the reverse). Every fixture is written for these rules, not taken from a
real notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.diff.facts import FactView, view
from monitor.extract import extract


def read(text: str, lang: str = "en") -> FactView:
    return view(analyze(extract(f"# Notice\n\n{text}\n".encode(), "text/markdown"), language=lang))


# --------------------------------------------------------------------------- a full stop lost after a bracket

#: Family "a full stop lost after a closing bracket": a capitalised subject and its
#: processing verb after ")" start a new sentence; the facts of the two are not tied.
#: (text, language, the tie the run-on would make); the second sentence names data of its own.
LOST_STOP = [
    (
        "Acme holds some records about you (for example your bank account number, your login"
        " details) Acme processes your email address to detect fraud.",
        "en",
        "purpose.security>data.financial",
    ),
    (
        "Acme holds some records about you (for example your bank account number) Acme may use"
        " your email address to detect fraud.",
        "en",
        "purpose.security>data.financial",
    ),
    (
        "Acme conserve certaines informations (par exemple vos coordonnées bancaires)"
        " Acme traite votre adresse e-mail pour lutter contre la fraude.",
        "fr",
        "purpose.security>data.financial",
    ),
    (
        "Acme speichert einige Angaben (zum Beispiel Ihre Bankverbindung) Acme verarbeitet"
        " Ihre E-Mail-Adresse zur Betrugsprävention.",
        "de",
        "purpose.security>data.financial",
    ),
]


@pytest.mark.parametrize(("text", "lang", "tie"), LOST_STOP)
def test_a_subject_after_a_bracket_starts_a_sentence(text: str, lang: str, tie: str) -> None:
    found = read(text, lang)
    purpose, data = tie.split(">")
    assert {purpose, data} <= found.affirmed, sorted(found.affirmed)
    assert tie not in found.links, sorted(found.links)
    # The second sentence's own data keep their purpose.
    assert any(link.startswith(purpose + ">") for link in found.links), sorted(found.links)


@pytest.mark.parametrize(("text", "lang", "tie"), LOST_STOP)
def test_with_the_full_stop_written_the_reading_is_the_same(text: str, lang: str, tie: str) -> None:
    fixed = text.replace(") Acme", "). Acme")
    assert fixed != text
    assert tie not in read(fixed, lang).links


#: The twins: the bracket is followed by lower-case words of the same sentence, or by a
#: capitalised name that is not the subject of a processing verb.
BRACKET_TWINS = [
    (
        "We use some records about you (for example your bank account number) to detect fraud.",
        "en",
        "purpose.security>data.financial",
    ),
    (
        "We use your bank account number (as described in Section 2) Monday to Friday to detect"
        " fraud.",
        "en",
        "purpose.security>data.financial",
    ),
    (
        "Nous utilisons vos coordonnées bancaires (par exemple lors d'un achat) pour"
        " lutter contre la fraude.",
        "fr",
        "purpose.security>data.financial",
    ),
]


def test_an_enumeration_marker_is_no_lost_full_stop() -> None:
    # "(i) Payment processors who process …": a marker opens an item of the sentence's list.
    found = read(
        "We share your bank account number with (i) Payment processors who process it to"
        " detect fraud, and (ii) Hosting providers."
    )
    assert "purpose.security>data.financial" in found.links, sorted(found.links)


@pytest.mark.parametrize(("text", "lang", "tie"), BRACKET_TWINS)
def test_a_bracket_inside_the_sentence_keeps_its_tie(text: str, lang: str, tie: str) -> None:
    assert tie in read(text, lang).links


# --------------------------------------------------------------------------- the name of a law

#: Family "the name of a law is no purpose": a security word in a law's title names the
#: law, not the company's security purpose. (text, language)
LAW_TITLES = [
    (
        "To meet our duties under the Online Safety Act, we use your date of birth to estimate"
        " your age.",
        "en",
    ),
    ("Under the Cybersecurity Act, we use your date of birth to estimate your age.", "en"),
    (
        "Conformément à la loi sur la sécurité en ligne, nous utilisons votre date de naissance"
        " pour estimer votre âge.",
        "fr",
    ),
    (
        "Gemäß dem IT-Sicherheitsgesetz verwenden wir Ihr Geburtsdatum, um Ihr Alter zu schätzen.",
        "de",
    ),
    (
        "De acuerdo con la Ley de Seguridad en Línea, utilizamos su fecha de nacimiento para"
        " estimar su edad.",
        "es",
    ),
    (
        "In conformità con la legge sulla sicurezza online, utilizziamo la tua data di nascita"
        " per stimare la tua età.",
        "it",
    ),
    (
        "Op grond van de Wet op de online veiligheid gebruiken wij uw geboortedatum om uw"
        " leeftijd te schatten.",
        "nl",
    ),
]

#: The twins: the same words naming the company's own security purpose.
SECURITY_PURPOSES = [
    ("For online safety, we use your date of birth to estimate your age.", "en"),
    ("For cybersecurity, we use your date of birth to estimate your age.", "en"),
    (
        "Pour la sécurité en ligne, nous utilisons votre date de naissance pour estimer votre âge.",
        "fr",
    ),
    (
        "Zur Sicherheit unserer Nutzer verwenden wir Ihr Geburtsdatum, um Ihr Alter zu schätzen.",
        "de",
    ),
    (
        "Por motivos de seguridad en línea, utilizamos su fecha de nacimiento para estimar su"
        " edad.",
        "es",
    ),
    (
        "Per la sicurezza online, utilizziamo la tua data di nascita per stimare la tua età.",
        "it",
    ),
    (
        "Voor de online veiligheid gebruiken wij uw geboortedatum om uw leeftijd te schatten.",
        "nl",
    ),
]


@pytest.mark.parametrize(("text", "lang"), LAW_TITLES)
def test_a_law_s_name_states_no_security_purpose(text: str, lang: str) -> None:
    found = read(text, lang)
    assert "data.demographic" in found.affirmed, sorted(found.affirmed)
    assert "purpose.security" not in found.affirmed, sorted(found.affirmed)
    assert not any(link.startswith("purpose.security>") for link in found.links)


@pytest.mark.parametrize(("text", "lang"), SECURITY_PURPOSES)
def test_the_same_words_as_a_purpose_are_tied(text: str, lang: str) -> None:
    found = read(text, lang)
    assert "purpose.security>data.demographic" in found.links, sorted(found.links)


# --------------------------------------------------------------------------- customer service as a source

#: Family "customer service as where messages come from, not a purpose": the person's
#: conversations with customer service, and "Customer Service Data", name data and their
#: source. (text, language) "Correspondence with our customer service" is left out: an
#: earlier fixture (tests/test_analyze_item_families.py) reads it as a support purpose.
SUPPORT_AS_SOURCE = [
    (
        "We collect your conversations with our customer service, such as chat messages and"
        " emails.",
        "en",
    ),
    ("Customer Service Data: we collect chat messages and emails you send us.", "en"),
    (
        "Nous utilisons les conversations échangées avec Acme via le service client, par"
        " exemple vos messages et vos e-mails.",
        "fr",
    ),
    (
        "Wir erheben Ihre Gespräche mit unserem Kundenservice, etwa Chatnachrichten und E-Mails.",
        "de",
    ),
    (
        "Recopilamos sus conversaciones con nuestro servicio de atención al cliente, como"
        " mensajes de chat y correos electrónicos.",
        "es",
    ),
    (
        "Raccogliamo le tue conversazioni con il nostro servizio clienti, come messaggi in chat"
        " ed e-mail.",
        "it",
    ),
    (
        "Wij verzamelen uw gesprekken met onze klantenservice, zoals chatberichten en e-mails.",
        "nl",
    ),
]

#: The twins: the same messages used to give customer service.
SUPPORT_AS_PURPOSE = [
    (
        "We collect your chat messages and emails to provide customer service.",
        "en",
    ),
    (
        "We collect chat messages and emails you send us to provide customer service.",
        "en",
    ),
    (
        "Nous utilisons vos messages et vos e-mails pour le service client.",
        "fr",
    ),
    (
        "Wir erheben Ihre Chatnachrichten und E-Mails für unseren Kundenservice.",
        "de",
    ),
    (
        "Recopilamos sus mensajes de chat y correos electrónicos para el servicio de atención"
        " al cliente.",
        "es",
    ),
    (
        "Raccogliamo i tuoi messaggi in chat ed e-mail per il nostro servizio clienti.",
        "it",
    ),
    (
        "Wij verzamelen uw chatberichten en e-mails voor onze klantenservice.",
        "nl",
    ),
]


@pytest.mark.parametrize(("text", "lang"), SUPPORT_AS_SOURCE)
def test_messages_with_customer_service_name_no_support_purpose(text: str, lang: str) -> None:
    found = read(text, lang)
    assert "data.communications" in found.affirmed, sorted(found.affirmed)
    assert "purpose.support" not in found.affirmed, sorted(found.affirmed)


@pytest.mark.parametrize(("text", "lang"), SUPPORT_AS_PURPOSE)
def test_messages_used_for_customer_service_are_tied(text: str, lang: str) -> None:
    found = read(text, lang)
    assert "purpose.support>data.communications" in found.links, sorted(found.links)


# --------------------------------------------------------------------------- account settings as a place

#: Family "account settings as the place the person acts, not account data" (en and fr:
#: the other lexicons have no "account settings" phrase). (text, language)
SETTINGS_AS_PLACE = [
    ("You can change how we personalise ads for you in your account settings.", "en"),
    (
        "We personalise the ads you see; you can switch this off via your Acme account settings.",
        "en",
    ),
    (
        "Nous utilisons votre historique de navigation pour personnaliser les publicités, selon"
        " vos choix dans les paramètres du compte.",
        "fr",
    ),
]

#: The twins: the settings themselves are what is used.
SETTINGS_AS_DATA = [
    ("We use your account settings to personalise the ads you see.", "en"),
    ("We use your Acme account settings to personalise the ads you see.", "en"),
    (
        "Nous utilisons les paramètres du compte pour la personnalisation des publicités.",
        "fr",
    ),
]


@pytest.mark.parametrize(("text", "lang"), SETTINGS_AS_PLACE)
def test_account_settings_as_a_place_are_no_account_data(text: str, lang: str) -> None:
    found = read(text, lang)
    assert "data.account" not in found.affirmed, sorted(found.affirmed)
    assert not any(link.endswith(">data.account") for link in found.links)


@pytest.mark.parametrize(("text", "lang"), SETTINGS_AS_DATA)
def test_account_settings_used_are_account_data(text: str, lang: str) -> None:
    found = read(text, lang)
    assert "data.account" in found.affirmed, sorted(found.affirmed)
    assert any(link.endswith(">data.account") for link in found.links), sorted(found.links)


#: Family "answering the person's questions is support" (its own words, without "to" before
#: the object), with a twin that keeps the questions but answers nothing.
ANSWERS = [
    ("We keep your chat messages to answer your questions.", "en", True),
    ("We keep your chat messages and your questions to improve our products.", "en", False),
    # A feature answering questions is the product, not support: the person's own questions.
    ("Our AI assistant uses your chat messages to answer questions about the news.", "en", False),
    ("Wij bewaren uw chatberichten om uw vragen te beantwoorden.", "nl", True),
    ("Wij bewaren uw chatberichten en uw vragen om onze producten te verbeteren.", "nl", False),
]


@pytest.mark.parametrize(("text", "lang", "support"), ANSWERS)
def test_answering_questions_is_support(text: str, lang: str, support: bool) -> None:
    found = read(text, lang)
    assert ("purpose.support>data.communications" in found.links) is support, sorted(found.links)
