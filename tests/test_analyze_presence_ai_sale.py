"""Three more families of wording that state no fact, in the six lexicon languages.

- Processing BY artificial intelligence ("we use AI to personalise your experience") is
  not training it: ``purpose.ai_training`` needs models being trained, improved or
  developed.
- A person selling on a marketplace ("when you sell an item", "total time selling with
  us") is no sale of personal data: the sharing stays, the sale flag does not.
- Prohibiting others denies what it prohibits ("we restrict our AI service providers
  from training their models on your content"), as "prohibited from" already did in
  English: the prohibition words are negation cues.

Each family has a twin in the same words that still states the fact. The fixtures are
written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.test_analyze_presence import LANGS, read, sold, stated

AI = "purpose.ai_training"
SHARING = "purpose.sharing_third_parties"

#: AI used as a tool: no model is trained.
AI_USE = {
    "en": "To improve your experience, we use AI systems to personalise the content you see.",
    "fr": "Pour améliorer votre expérience, nous utilisons l'intelligence artificielle.",
    "de": "Wir nutzen KI, um Ihr Nutzungserlebnis zu verbessern.",
    "es": "Para mejorar su experiencia, utilizamos inteligencia artificial.",
    "it": "Per migliorare la tua esperienza, utilizziamo l'intelligenza artificiale.",
    "nl": "Om je ervaring te verbeteren, gebruiken wij kunstmatige intelligentie.",
}

#: The same words, where data improves or trains the models themselves.
AI_KEPT = {
    "en": "To improve your experience, we use your chats to improve our AI models.",
    "fr": "Pour améliorer votre expérience, nous utilisons vos conversations pour améliorer nos modèles d'intelligence artificielle.",
    "de": "Wir nutzen Ihre Chats, um unsere KI-Modelle zu trainieren.",
    "es": "Para mejorar su experiencia, utilizamos sus conversaciones para mejorar nuestros modelos de IA.",
    "it": "Per migliorare la tua esperienza, utilizziamo le tue conversazioni per addestrare i nostri modelli di intelligenza artificiale.",
    "nl": "Om je ervaring te verbeteren, gebruiken wij je gesprekken om onze AI-modellen te trainen.",
}

#: A person sells goods on a marketplace; their data is shared, not sold.
MARKET = {
    "en": "When you sell an item, we share your shipping address with third parties that deliver it.",
    "fr": "Lorsque les membres vendent un article, nous partageons leur adresse avec des tiers qui le livrent.",
    "de": "Wenn Sie einen Artikel verkaufen, geben wir Ihre Adresse an Dritte weiter, die ihn liefern.",
    "es": "Cuando los usuarios venden artículos, compartimos su dirección con terceros que los entregan.",
    "it": "Quando gli utenti vendono un articolo, condividiamo i loro dati di contatto con terzi che lo consegnano.",
    "nl": "Wanneer je een artikel verkoopt, delen wij je adres met derden die het bezorgen.",
}

#: The same words, where the service sells the person's data.
MARKET_KEPT = {
    "en": "When you sell an item, we sell your shipping address to third parties.",
    "fr": "Lorsque les membres vendent un article, nous vendons leur adresse à des tiers.",
    "de": "Wenn Sie einen Artikel verkaufen, verkaufen wir Ihre Adresse an Dritte.",
    "es": "Cuando los usuarios venden artículos, vendemos su dirección a terceros.",
    "it": "Quando gli utenti vendono un articolo, vendiamo i loro dati di contatto a terzi.",
    "nl": "Wanneer je een artikel verkoopt, verkopen wij je adres aan derden.",
}


#: More wordings of the two families (language, sentence).
AI_USE_MORE = [
    ("en", "We use AI tools to develop and offer interactive chats about your trip."),
    ("de", "Zur Verbesserung Ihres Erlebnisses nutzen wir künstliche Intelligenz."),
]
MARKET_MORE = [
    ("en", "We disclose your name and total time selling with us to other users."),
    ("en", "We share the items you sell and your city with other users."),
    ("nl", "Wanneer gebruikers spullen verkopen, delen wij hun adres met derden."),
]


#: Others prohibited from training: a denial, not a statement of training.
PROHIBITED = {
    "en": "We restrict our AI service providers from training their models on your content.",
    "fr": "Nous interdisons à nos prestataires d'entraîner leurs modèles d'IA sur vos contenus.",
    "de": "Wir untersagen unseren Dienstleistern, ihre KI-Modelle mit Ihren Inhalten zu trainieren.",
    "es": "Prohibimos a nuestros proveedores entrenar sus modelos de IA con sus contenidos.",
    "it": "Vietiamo ai nostri fornitori di addestrare i loro modelli di IA sui tuoi contenuti.",
    "nl": "Wij verbieden onze leveranciers hun AI-modellen te trainen met je inhoud.",
}

#: The same words, where the service itself trains and prohibits only its providers.
PROHIBITED_KEPT = {
    "en": "We use your content to train our AI models and prohibit our service providers from doing so.",
    "fr": "Nous utilisons vos contenus pour entraîner nos modèles d'IA et l'interdisons à nos prestataires.",
    "de": "Wir trainieren unsere KI-Modelle mit Ihren Inhalten, aber wir untersagen dies unseren Dienstleistern.",
    "es": "Utilizamos sus contenidos para entrenar nuestros modelos de IA y lo prohibimos a nuestros proveedores.",
    "it": "Utilizziamo i tuoi contenuti per addestrare i nostri modelli di IA e lo vietiamo ai nostri fornitori.",
    "nl": "Wij trainen onze AI-modellen met je inhoud, maar wij verbieden dit onze leveranciers.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_using_ai_as_a_tool_is_no_ai_training(lang: str) -> None:
    assert AI not in stated(read(AI_USE[lang], lang))


@pytest.mark.parametrize(("lang", "text"), AI_USE_MORE)
def test_more_wordings_of_ai_as_a_tool(lang: str, text: str) -> None:
    assert AI not in stated(read(text, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_data_used_to_improve_or_train_models_is_ai_training(lang: str) -> None:
    assert AI in stated(read(AI_KEPT[lang], lang))


@pytest.mark.parametrize("lang", LANGS)
def test_a_person_selling_on_a_marketplace_is_no_sale_of_data(lang: str) -> None:
    facts = read(MARKET[lang], lang)
    assert SHARING in stated(facts)
    assert not sold(facts)


@pytest.mark.parametrize(("lang", "text"), MARKET_MORE)
def test_more_wordings_of_a_person_selling(lang: str, text: str) -> None:
    facts = read(text, lang)
    assert SHARING in stated(facts)
    assert not sold(facts)


@pytest.mark.parametrize("lang", LANGS)
def test_the_service_selling_the_sellers_data_stays_a_sale(lang: str) -> None:
    facts = read(MARKET_KEPT[lang], lang)
    assert SHARING in stated(facts)
    assert sold(facts)


@pytest.mark.parametrize("lang", LANGS)
def test_prohibiting_others_from_training_is_no_ai_training(lang: str) -> None:
    assert AI not in stated(read(PROHIBITED[lang], lang))


@pytest.mark.parametrize("lang", LANGS)
def test_training_beside_a_prohibition_on_others_is_still_ai_training(lang: str) -> None:
    assert AI in stated(read(PROHIBITED_KEPT[lang], lang))
