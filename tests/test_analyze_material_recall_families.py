"""Wording families behind missed material changes, stated in the six lexicon languages.

- The person's interaction with the company's platform, site, app or emails, whatever the
  platform is called ("your interaction with the Acme.com platform", « vos interactions avec
  la plateforme », „wie Sie mit der Acme-Plattform interagieren“), is activity data; named
  as what a marketing message is built on, it ties marketing to activity. Twin: the same
  words with the support team, a person, in place of the platform.
- Conversations, prompts and messages with a copilot or an AI chat, whatever the product is
  called ("your conversations with Acme Copilot", « vos échanges avec le chat IA Acme »),
  are inputs to an AI feature. Twin: the same conversations with the customer service team.
- Letting the person access and use the platform, site or app ("to allow you to access and
  use the Site", « vous permettre d'accéder à notre plateforme », „damit Sie auf unsere
  Plattform zugreifen“) is providing the service. Twin: access to the person's own data.
- A purpose cell that says what it processes ("To provide our courses, including processing
  your voice recordings") names data of its row, as the data cell does. Twin: the same
  data named in the cell without a processing verb before them.

Each family has a statement of the fact and a twin in near-identical words that does not
state it. The fixtures are written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

#: {lang: (sentence tying marketing to the person's interaction with the platform, twin)}
INTERACTION = {
    "en": (
        "We use your contact details and your interaction with the Acme.com platform to send "
        "you personalised marketing messages.",
        "We use your contact details and your interaction with the Acme.com support team to "
        "send you personalised marketing messages.",
    ),
    "fr": (
        "Nous utilisons vos coordonnées et vos interactions avec la plateforme Acme.fr pour "
        "vous envoyer des communications marketing personnalisées.",
        "Nous utilisons vos coordonnées et vos interactions avec l'équipe d'assistance Acme.fr "
        "pour vous envoyer des communications marketing personnalisées.",
    ),
    "de": (
        "Wir nutzen Ihre Kontaktdaten und wie Sie mit der Acme-Plattform interagieren, um "
        "Ihnen personalisierte Marketingnachrichten zu senden.",
        "Wir nutzen Ihre Kontaktdaten und wie Sie mit dem Acme-Kundendienst sprechen, um "
        "Ihnen personalisierte Marketingnachrichten zu senden.",
    ),
    "es": (
        "Utilizamos sus datos de contacto y sus interacciones con la plataforma Acme.es para "
        "enviarle comunicaciones de marketing personalizadas.",
        "Utilizamos sus datos de contacto y sus interacciones con el equipo de soporte de "
        "Acme.es para enviarle comunicaciones de marketing personalizadas.",
    ),
    "it": (
        "Utilizziamo i tuoi dati di contatto e le tue interazioni con la piattaforma Acme.it "
        "per inviarti comunicazioni di marketing personalizzate.",
        "Utilizziamo i tuoi dati di contatto e le tue conversazioni con il team di assistenza "
        "Acme.it per inviarti comunicazioni di marketing personalizzate.",
    ),
    "nl": (
        "Wij gebruiken uw contactgegevens en uw interactie met het Acme.nl-platform om u "
        "gepersonaliseerde commerciële berichten te sturen.",
        "Wij gebruiken uw contactgegevens en uw gesprek met het Acme.nl-supportteam om u "
        "gepersonaliseerde commerciële berichten te sturen.",
    ),
}

#: {lang: (sentence naming conversations with a copilot or an AI chat, twin with a person)}
AI_CHAT = {
    "en": (
        "We store the conversations you have with Acme Copilot to improve our products.",
        "We store the conversations you have with the Acme support team to improve our products.",
    ),
    "fr": (
        "Nous conservons vos échanges avec le chat IA Acme pour améliorer nos produits.",
        "Nous conservons vos échanges avec l'équipe Acme pour améliorer nos produits.",
    ),
    "de": (
        "Wir speichern Ihre Gespräche mit dem Acme-KI-Chat, um unsere Produkte zu verbessern.",
        "Wir speichern Ihre Gespräche mit dem Acme-Kundendienst, um unsere Produkte zu verbessern.",
    ),
    "es": (
        "Conservamos sus conversaciones con el chat de IA de Acme para mejorar nuestros productos.",
        "Conservamos sus conversaciones con el equipo de Acme para mejorar nuestros productos.",
    ),
    "it": (
        "Conserviamo le tue conversazioni con la chat IA di Acme per migliorare i nostri prodotti.",
        "Conserviamo le tue conversazioni con il team di Acme per migliorare i nostri prodotti.",
    ),
    "nl": (
        "Wij bewaren uw gesprekken met de Acme AI-chat om onze producten te verbeteren.",
        "Wij bewaren uw gesprekken met het Acme-team om onze producten te verbeteren.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_interaction_with_the_platform_is_the_activity_marketing_is_built_on(lang: str) -> None:
    facts = read(INTERACTION[lang][0], lang)
    assert "data.activity" in facts.affirmed
    assert "purpose.marketing>data.activity" in facts.links


@pytest.mark.parametrize("lang", LANGS)
def test_interaction_with_a_team_is_no_activity(lang: str) -> None:
    facts = read(INTERACTION[lang][1], lang)
    assert "purpose.marketing" in facts.affirmed  # the twin still states the purpose
    assert "data.activity" not in facts.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_conversations_with_a_copilot_or_an_ai_chat_are_ai_inputs(lang: str) -> None:
    assert "data.ai_inputs" in read(AI_CHAT[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_conversations_with_a_team_are_no_ai_inputs(lang: str) -> None:
    assert "data.ai_inputs" not in read(AI_CHAT[lang][1], lang).affirmed


#: A marketing site named as what the person interacts with keeps its word: the gap of the
#: interaction family does not swallow the purpose (en, de: the adjective before the noun).
MARKETING_SITE = {
    "en": "We collect information about your interactions with our marketing websites.",
    "de": "Wir erfassen, wie Sie mit unseren Marketing-Websites interagieren.",
}


@pytest.mark.parametrize("lang", sorted(MARKETING_SITE))
def test_a_marketing_site_interacted_with_keeps_its_purpose_word(lang: str) -> None:
    facts = read(MARKETING_SITE[lang], lang)
    assert "purpose.marketing" in facts.affirmed
    assert "data.activity" not in facts.affirmed


#: {lang: (sentence using data to let the person access and use the platform, twin)}
ACCESS = {
    "en": (
        "We use your email address to allow you to access and use our platform.",
        "We use your email address to allow you to access and correct your data.",
    ),
    "fr": (
        "Nous utilisons votre adresse e-mail pour vous permettre d'accéder à notre plateforme.",
        "Nous utilisons votre adresse e-mail pour vous permettre d'accéder à vos données.",
    ),
    "de": (
        "Wir verwenden Ihre E-Mail-Adresse, damit Sie auf unsere Plattform zugreifen können.",
        "Wir verwenden Ihre E-Mail-Adresse, damit Sie auf Ihre Daten zugreifen können.",
    ),
    "es": (
        "Utilizamos su dirección de correo electrónico para permitirle acceder a nuestra "
        "plataforma.",
        "Utilizamos su dirección de correo electrónico para permitirle acceder a sus datos.",
    ),
    "it": (
        "Utilizziamo il tuo indirizzo email per consentirti di accedere alla nostra piattaforma.",
        "Utilizziamo il tuo indirizzo email per consentirti di accedere ai tuoi dati.",
    ),
    "nl": (
        "Wij gebruiken uw e-mailadres om u toegang te geven tot ons platform.",
        "Wij gebruiken uw e-mailadres om u toegang te geven tot uw gegevens.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_letting_the_person_access_the_platform_is_the_service(lang: str) -> None:
    assert "purpose.service" in read(ACCESS[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_access_to_the_persons_own_data_is_no_service(lang: str) -> None:
    assert "purpose.service" not in read(ACCESS[lang][1], lang).affirmed


#: {lang: (header cells, data cell, purpose cell naming processed data, its twin, basis)}
CELLS = {
    "en": (
        "Personal data | Purpose | Legal basis",
        "Contact details",
        "To provide our services, including processing your voice recordings",
        "To provide our services, including courses about voice recordings",
        "Contract",
    ),
    "fr": (
        "Données | Finalité | Base juridique",
        "Coordonnées",
        "Fournir nos services, notamment en utilisant vos enregistrements vocaux",
        "Fournir nos services, notamment des cours sur les enregistrements vocaux",
        "Contrat",
    ),
    "de": (
        "Daten | Zweck | Rechtsgrundlage",
        "Kontaktdaten",
        "Bereitstellung unserer Dienste, einschließlich der Verarbeitung Ihrer Sprachaufnahmen",
        "Bereitstellung unserer Dienste, einschließlich Kursen über Sprachaufnahmen",
        "Vertrag",
    ),
}


def _table(lang: str, purpose: str) -> str:
    header, data, _, _, basis = CELLS[lang]
    rows = f"| {header} |\n| --- | --- | --- |\n| {data} | {purpose} | {basis} |"
    return rows


@pytest.mark.parametrize("lang", sorted(CELLS))
def test_data_a_purpose_cell_processes_are_the_rows_data(lang: str) -> None:
    facts = read(_table(lang, CELLS[lang][2]), lang)
    assert "purpose.service>data.audio_visual" in facts.links


@pytest.mark.parametrize("lang", sorted(CELLS))
def test_data_a_purpose_cell_only_names_are_not_the_rows_data(lang: str) -> None:
    facts = read(_table(lang, CELLS[lang][3]), lang)
    assert "purpose.service>data.identifiers" in facts.links  # the row is still read
    assert "purpose.service>data.audio_visual" not in facts.links


#: Staff are no platform: talking with the customer service "through our website" is no
#: activity, though the platform's name follows in the gap.
STAFF = {
    "en": "We use your messages when you interact with our customer service agents through our "
    "website to provide support.",
    "fr": "Nous utilisons vos messages lors de vos interactions avec notre service client via notre "
    "site pour vous assister.",
    "de": "Wir verwenden Ihre Nachrichten, wenn Sie mit unserem Kundenservice über unsere Website "
    "interagieren, um Sie zu unterstützen.",
    "es": "Utilizamos sus mensajes en sus interacciones con nuestro equipo a través de nuestro "
    "sitio para prestarle asistencia.",
    "it": "Utilizziamo i tuoi messaggi nelle tue interazioni con il nostro servizio clienti "
    "tramite il nostro sito per fornirti assistenza.",
    "nl": "Wij gebruiken uw berichten bij uw interactie met onze klantenservice via onze website "
    "om u te helpen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_interaction_with_staff_through_the_site_is_no_activity(lang: str) -> None:
    assert "data.activity" not in read(STAFF[lang], lang).affirmed
