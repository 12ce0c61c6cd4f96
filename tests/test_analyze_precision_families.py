"""Sentence shapes that state no fact, each with a twin in near-identical words that does.

One family per section, in the six lexicon languages where it is lexical. Every fixture
is written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

# --------------------------------------------------------------------------- contacts with us

#: The person's contacts with the company (its customer service) are exchanges with it,
#: not the person's contact list: no social-graph data.
CONTACTS_WITH_US = {
    "en": "We keep records of your contacts with our customer service, such as chat conversations, to answer your questions.",
    "fr": "Nous conservons une trace de vos contacts avec notre service client, comme les conversations par chat, pour répondre à vos questions.",
    "de": "Wir speichern Ihre Kontakte mit unserem Kundenservice, etwa Chatverläufe, um Ihre Fragen zu beantworten.",
    "es": "Conservamos un registro de sus contactos con nuestro servicio de atención al cliente, como las conversaciones de chat, para responder a sus preguntas.",
    "it": "Conserviamo traccia dei tuoi contatti con il nostro servizio clienti, come le conversazioni in chat, per rispondere alle tue domande.",
    "nl": "Wij bewaren uw contacten met onze klantenservice, zoals chatgesprekken, om uw vragen te beantwoorden.",
}

#: "Contacts with us", the short form.
CONTACTS_WITH_US_SHORT = {
    "en": "We keep records of your contacts with us to answer your questions.",
    "fr": "Nous conservons une trace de vos contacts avec nous pour répondre à vos questions.",
    "de": "Wir speichern Ihre Kontakte mit uns, um Ihre Fragen zu beantworten.",
    "es": "Conservamos un registro de sus contactos con nosotros para responder a sus preguntas.",
    "it": "Conserviamo traccia dei tuoi contatti con noi per rispondere alle tue domande.",
    "nl": "Wij bewaren uw contacten met ons om uw vragen te beantwoorden.",
}

#: The twin: contacts with other users are the social graph.
CONTACTS_WITH_USERS = {
    "en": "We keep records of your contacts with other members, such as the people you follow, to suggest new friends.",
    "fr": "Nous conservons une trace de vos contacts avec d'autres membres, comme les personnes que vous suivez, pour vous suggérer des amis.",
    "de": "Wir speichern Ihre Kontakte mit anderen Mitgliedern, etwa die Personen, denen Sie folgen, um Ihnen neue Freunde vorzuschlagen.",
    "es": "Conservamos un registro de sus contactos con otros miembros, como las personas que sigue, para sugerirle nuevos amigos.",
    "it": "Conserviamo traccia dei tuoi contatti con altri membri, come le persone che segui, per suggerirti nuovi amici.",
    "nl": "Wij bewaren uw contacten met andere leden, zoals de mensen die u volgt, om u nieuwe vrienden voor te stellen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_contacts_with_customer_service_are_no_social_graph(lang: str) -> None:
    found = read(CONTACTS_WITH_US[lang], lang)
    assert "data.social" not in found.affirmed
    assert "purpose.support" in found.affirmed
    assert "data.social" not in read(CONTACTS_WITH_US_SHORT[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_contacts_with_other_members_are_the_social_graph(lang: str) -> None:
    found = read(CONTACTS_WITH_USERS[lang], lang)
    assert "data.social" in found.affirmed


# --------------------------------------------------------------------------- the person's research

#: The person's own research (what they look up, with the service's help) is no research
#: purpose of the notice's author. Lexical only where a lexicon reads the bare word as
#: research (en "research", de "Forschung", nl "onderzoek"); fr, es and it already ask
#: for "à des fins de recherche", "fines de investigación", "fini di ricerca".
YOUR_RESEARCH = {
    "en": "Our assistant uses your chat messages to refine your research queries.",
    "fr": "Notre assistant utilise vos messages de chat pour affiner vos recherches.",
    "de": "Unser Assistent nutzt Ihre Chatnachrichten, um Sie bei Ihrer Forschung zu unterstützen.",
    "es": "Nuestro asistente utiliza sus mensajes de chat para afinar sus búsquedas.",
    "it": "Il nostro assistente utilizza i tuoi messaggi in chat per affinare le tue ricerche.",
    "nl": "Onze assistent gebruikt uw chatberichten om u te helpen bij uw onderzoek.",
}

#: The twin: the author's research on the same messages.
OUR_RESEARCH = {
    "en": "Our assistant uses your chat messages for research.",
    "fr": "Notre assistant utilise vos messages de chat à des fins de recherche.",
    "de": "Unser Assistent nutzt Ihre Chatnachrichten für Forschung.",
    "es": "Nuestro asistente utiliza sus mensajes de chat con fines de investigación.",
    "it": "Il nostro assistente utilizza i tuoi messaggi in chat per fini di ricerca.",
    "nl": "Onze assistent gebruikt uw chatberichten voor onderzoek.",
}

#: Dutch "onderzoeken" is also to investigate a complaint or a report: no research purpose.
NL_INVESTIGATION = "Wij gebruiken uw chatberichten om uw klacht te onderzoeken."
NL_INVESTIGATION_TWIN = (
    "Wij gebruiken uw chatberichten voor onderzoek naar het gebruik van onze dienst."
)


@pytest.mark.parametrize("lang", LANGS)
def test_the_persons_own_research_is_no_research_purpose(lang: str) -> None:
    found = read(YOUR_RESEARCH[lang], lang)
    assert "purpose.research" not in found.affirmed
    assert "data.communications" in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_research_by_the_author_is_a_research_purpose(lang: str) -> None:
    found = read(OUR_RESEARCH[lang], lang)
    assert "purpose.research>data.communications" in found.links


def test_investigating_a_complaint_is_no_research_in_dutch() -> None:
    assert "purpose.research" not in read(NL_INVESTIGATION, "nl").affirmed
    assert "purpose.research" in read(NL_INVESTIGATION_TWIN, "nl").affirmed


# --------------------------------------------------------------------------- the employer as a source

#: The employer as the last of a list of sources the data comes from is no employment data
#: (the lexicons already knew the employer alone as a source: "from your employer").
EMPLOYER_AMONG_SOURCES = {
    "en": "We receive your name and email address from you, your school or your employer to give you access to the courses.",
    "fr": "Nous recevons votre nom et votre adresse e-mail de vous, de votre école ou de votre employeur pour vous donner accès aux cours.",
    "de": "Wir erhalten Ihren Namen und Ihre E-Mail-Adresse von Ihnen, Ihrer Schule oder Ihrem Arbeitgeber, um Ihnen Zugang zu den Kursen zu geben.",
    "es": "Recibimos su nombre y su correo electrónico de usted, de su escuela o de su empleador para darle acceso a los cursos.",
    "it": "Riceviamo il tuo nome e il tuo indirizzo email da te, dalla tua scuola o dal tuo datore di lavoro per darti accesso ai corsi.",
    "nl": "Wij ontvangen uw naam en e-mailadres van u, uw school of uw werkgever om u toegang tot de cursussen te geven.",
}

#: The twin: the employer among the data received from the person.
EMPLOYER_AMONG_DATA = {
    "en": "We receive from you your name, your email address and your employer to give you access to the courses.",
    "fr": "Nous recevons de vous votre nom, votre adresse e-mail et votre employeur pour vous donner accès aux cours.",
    "de": "Wir erhalten von Ihnen Ihren Namen, Ihre E-Mail-Adresse und Ihren Arbeitgeber, um Ihnen Zugang zu den Kursen zu geben.",
    "es": "Recibimos de usted su nombre, su correo electrónico y su empleador para darle acceso a los cursos.",
    "it": "Riceviamo da te il tuo nome, il tuo indirizzo email e il tuo datore di lavoro per darti accesso ai corsi.",
    "nl": "Wij ontvangen van u uw naam, uw e-mailadres en uw werkgever om u toegang tot de cursussen te geven.",
}

#: "From you, such as ... your employer" lists data, not sources: it keeps the fact.
EMPLOYER_AFTER_SUCH_AS = "We receive information from you, such as your name or your employer, to give you access to the courses."


@pytest.mark.parametrize("lang", LANGS)
def test_the_employer_among_sources_is_no_employment_data(lang: str) -> None:
    found = read(EMPLOYER_AMONG_SOURCES[lang], lang)
    assert "data.employment" not in found.affirmed
    assert "data.identifiers" in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_the_employer_among_the_data_is_employment_data(lang: str) -> None:
    found = read(EMPLOYER_AMONG_DATA[lang], lang)
    assert {"data.employment", "data.identifiers"} <= found.affirmed


def test_the_employer_among_examples_after_from_you_is_employment_data() -> None:
    assert "data.employment" in read(EMPLOYER_AFTER_SUCH_AS, "en").affirmed


# --------------------------------------------------------------------------- ads the person saw

#: The ads (pages, videos) the person has seen or clicked are what the person did: activity
#: data, and the "ads" inside name a thing, not an advertising purpose (the lexicons knew
#: the present tense, "ads you interact with").
ADS_YOU_SAW = {
    "en": "We collect the ads you interacted with and the pages you visited to measure our audience.",
    "fr": "Nous collectons les publicités avec lesquelles vous avez interagi et les pages que vous avez visitées pour mesurer notre audience.",
    "de": "Wir erfassen die Anzeigen, mit denen Sie interagiert haben, und die Seiten, die Sie besucht haben, um unsere Reichweite zu messen.",
    "es": "Recopilamos los anuncios con los que ha interactuado y las páginas que ha visitado para medir nuestra audiencia.",
    "it": "Raccogliamo gli annunci con cui hai interagito e le pagine che hai visitato per misurare il nostro pubblico.",
    "nl": "Wij verzamelen de advertenties die u hebt bekeken en de pagina's die u hebt bezocht om ons bereik te meten.",
}

#: The twin: the same activity used to show ads.
ACTIVITY_FOR_ADS = {
    "en": "We collect the pages you visited to show you ads.",
    "fr": "Nous collectons les pages que vous avez visitées pour vous montrer des publicités.",
    "de": "Wir erfassen die Seiten, die Sie besucht haben, um Ihnen Werbung zu zeigen.",
    "es": "Recopilamos las páginas que ha visitado para mostrarle anuncios.",
    "it": "Raccogliamo le pagine che hai visitato per mostrarti annunci.",
    "nl": "Wij verzamelen de pagina's die u hebt bezocht om u advertenties te tonen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_ads_the_person_saw_are_activity_not_advertising(lang: str) -> None:
    found = read(ADS_YOU_SAW[lang], lang)
    assert "data.activity" in found.affirmed
    assert "purpose.advertising" not in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_activity_used_to_show_ads_is_tied_to_advertising(lang: str) -> None:
    found = read(ACTIVITY_FOR_ADS[lang], lang)
    assert "purpose.advertising>data.activity" in found.links


# --------------------------------------------------------------------------- inline enumerations

#: The items of an inline enumeration, "(i) ..., (ii) ...", are separate statements: the
#: data of one item is not tied to the purpose of another. Not lexical (the markers are
#: the same in every language): English and French fixtures.
ENUMERATED_RECIPIENTS = {
    "en": "We disclose personal data to (i) cloud providers who host our services, (ii) fraud prevention providers who check your device identifiers, and (iii) analytics providers who analyse your browsing history.",
    "fr": "Nous communiquons des données personnelles à (i) des hébergeurs qui hébergent nos services, (ii) des prestataires de lutte contre la fraude qui vérifient les identifiants de votre appareil, et (iii) des prestataires de mesure d'audience qui analysent votre historique de navigation.",
}

#: The twin: the same sentence without the markers is one statement, tied as a whole.
PLAIN_RECIPIENTS = {
    "en": "We disclose personal data to cloud providers who host our services, fraud prevention providers who check your device identifiers, and analytics providers who analyse your browsing history.",
    "fr": "Nous communiquons des données personnelles à des hébergeurs qui hébergent nos services, des prestataires de lutte contre la fraude qui vérifient les identifiants de votre appareil, et des prestataires de mesure d'audience qui analysent votre historique de navigation.",
}

#: What the lead names belongs to every item.
ENUMERATED_PURPOSES = {
    "en": "We use your device identifiers to (a) detect fraud, (b) show you personalised ads, and (c) analyse how our services are used.",
    "fr": "Nous utilisons les identifiants de votre appareil pour (a) prévenir la fraude, (b) vous montrer des publicités personnalisées et (c) mesurer l'audience de nos services.",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_items_of_an_enumeration_are_not_tied_to_each_other(lang: str) -> None:
    found = read(ENUMERATED_RECIPIENTS[lang], lang)
    assert {"purpose.security>data.technical", "purpose.analytics>data.activity"} <= found.links
    assert "purpose.security>data.activity" not in found.links
    assert "purpose.analytics>data.technical" not in found.links


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_sentence_without_markers_is_tied_as_a_whole(lang: str) -> None:
    found = read(PLAIN_RECIPIENTS[lang], lang)
    assert {"purpose.security>data.activity", "purpose.analytics>data.technical"} <= found.links


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_lead_of_an_enumeration_belongs_to_every_item(lang: str) -> None:
    found = read(ENUMERATED_PURPOSES[lang], lang)
    assert {
        "purpose.security>data.technical",
        "purpose.advertising>data.technical",
    } <= found.links


#: Purposes named only in the last item may close the whole list: they go to every item.
ENUMERATED_DATA_THEN_PURPOSE = {
    "en": "We collect (i) your name, (ii) your email address and (iii) your precise location to show you personalised ads.",
    "fr": "Nous collectons (i) votre nom, (ii) votre adresse e-mail et (iii) votre localisation précise pour vous montrer des publicités personnalisées.",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_purpose_closing_an_enumeration_belongs_to_every_item(lang: str) -> None:
    found = read(ENUMERATED_DATA_THEN_PURPOSE[lang], lang)
    assert {
        "purpose.advertising>data.identifiers",
        "purpose.advertising>data.location",
    } <= found.links
