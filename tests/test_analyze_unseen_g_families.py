"""Wording families behind misreadings on a fourth sample of unlabelled English notices.

- A basis named in a bracketed exception ("to prevent fraud (except where we have a legal
  obligation to do so)") is the basis of that purpose's excepted cases, as a bracketed
  condition ("(where …)") already was; and either bracket qualifies only the list item it
  stands in, never the items before the semicolon ("to show you ads; to prevent fraud
  (where …)"). Twin: the same exception set off by commas, outside brackets, still qualifies
  the whole sentence.
- Personalised marketing is marketing, no personalisation of the service: "personalized
  marketing emails", « e-mails marketing personnalisés », „personalisierte Marketing-E-Mails“.
  Twin: personalising the feed and sending marketing emails states both.
- Interactions with features that are part of, or built on, an AI, whatever the AI is called,
  are inputs to AI: "your interactions with our features that are part of Acme AI". Twin:
  the same features part of a help center or a cloud are no AI inputs.

Each family has a sentence that states the fact and a twin in near-identical words that
does not (or the reverse). The fixtures are written for these rules, not taken from a
real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

# ---------------------------------------------------------------- a basis in a bracketed exception

#: {lang: (the exception in brackets after the second item of a semicolon list, the twin
#: with the same exception set off by commas)}
EXCEPTION_BRACKET = {
    "en": (
        "We rely on legitimate interests for these purposes: to show you ads; to prevent fraud (except where we have a legal obligation to do so); and to improve our services.",
        "We rely on legitimate interests for these purposes: to show you ads; to prevent fraud, except where we have a legal obligation to do so; and to improve our services.",
    ),
    "fr": (
        "Nous nous fondons sur notre intérêt légitime pour ces finalités : vous montrer des publicités ; prévenir la fraude (sauf lorsque nous avons une obligation légale de le faire) ; et améliorer nos services.",
        "Nous nous fondons sur notre intérêt légitime pour ces finalités : vous montrer des publicités ; prévenir la fraude, sauf lorsque nous avons une obligation légale de le faire ; et améliorer nos services.",
    ),
    "de": (
        "Wir stützen uns für diese Zwecke auf berechtigte Interessen: um Ihnen Werbung anzuzeigen; um Betrug zu verhindern (außer wenn wir dazu eine rechtliche Verpflichtung haben); und um unsere Dienste zu verbessern.",
        "Wir stützen uns für diese Zwecke auf berechtigte Interessen: um Ihnen Werbung anzuzeigen; um Betrug zu verhindern, außer wenn wir dazu eine rechtliche Verpflichtung haben; und um unsere Dienste zu verbessern.",
    ),
    "es": (
        "Nos basamos en el interés legítimo para estos fines: mostrarle anuncios; prevenir el fraude (salvo cuando tengamos una obligación legal de hacerlo); y mejorar nuestros servicios.",
        "Nos basamos en el interés legítimo para estos fines: mostrarle anuncios; prevenir el fraude, salvo cuando tengamos una obligación legal de hacerlo; y mejorar nuestros servicios.",
    ),
    "it": (
        "Ci basiamo sul legittimo interesse per queste finalità: mostrarti annunci pubblicitari; prevenire le frodi (tranne quando abbiamo un obbligo legale di farlo); e migliorare i nostri servizi.",
        "Ci basiamo sul legittimo interesse per queste finalità: mostrarti annunci pubblicitari; prevenire le frodi, tranne quando abbiamo un obbligo legale di farlo; e migliorare i nostri servizi.",
    ),
    "nl": (
        "Wij baseren ons op gerechtvaardigd belang voor deze doeleinden: om u advertenties te tonen; om fraude te voorkomen (behalve wanneer wij daartoe een wettelijke verplichting hebben); en om onze diensten te verbeteren.",
        "Wij baseren ons op gerechtvaardigd belang voor deze doeleinden: om u advertenties te tonen; om fraude te voorkomen, behalve wanneer wij daartoe een wettelijke verplichting hebben; en om onze diensten te verbeteren.",
    ),
}

OBLIGATION_ADS = "basis.legal_obligation>purpose.advertising"
OBLIGATION_FRAUD = "basis.legal_obligation>purpose.security"


@pytest.mark.parametrize("lang", LANGS)
def test_a_basis_in_a_bracketed_exception_qualifies_its_own_list_item_only(lang: str) -> None:
    bracket, _ = EXCEPTION_BRACKET[lang]
    view = read(bracket, lang)
    assert OBLIGATION_FRAUD in view.links
    assert OBLIGATION_ADS not in view.links
    assert "basis.legitimate_interests>purpose.advertising" in view.links


@pytest.mark.parametrize("lang", LANGS)
def test_the_same_exception_outside_brackets_still_qualifies_the_sentence(lang: str) -> None:
    _, commas = EXCEPTION_BRACKET[lang]
    assert {OBLIGATION_ADS, OBLIGATION_FRAUD} <= read(commas, lang).links


def test_a_bracketed_condition_stops_at_the_semicolon_before_it() -> None:
    """The older family ("(where …)") now keeps to its list item as well."""
    text = (
        "We rely on legitimate interests for these purposes: to show you ads; "
        "to prevent fraud (where we have a legal obligation to do so); and to improve our services."
    )
    links = read(text, "en").links
    assert OBLIGATION_FRAUD in links
    assert OBLIGATION_ADS not in links


def test_a_bracketed_exception_after_two_purposes_of_one_item_qualifies_both() -> None:
    text = "We rely on legitimate interests to show you ads and to prevent fraud (except where we have a legal obligation to do so)."
    assert {OBLIGATION_ADS, OBLIGATION_FRAUD} <= read(text, "en").links


# ---------------------------------------------------------------- personalised marketing

#: {lang: (personalised marketing, the twin that personalises the feed and sends marketing)}
PERSONALISED_MARKETING = {
    "en": (
        "We may send you personalized marketing emails, from which you can unsubscribe.",
        "We may personalize your feed and send you marketing emails, from which you can unsubscribe.",
    ),
    "fr": (
        "Nous utilisons vos données pour vous envoyer des e-mails marketing personnalisés.",
        "Nous utilisons vos données pour personnaliser votre fil et vous envoyer des e-mails marketing.",
    ),
    "de": (
        "Wir verwenden Ihre Daten, um Ihnen personalisierte Marketing-E-Mails zu senden.",
        "Wir verwenden Ihre Daten, um Ihren Feed zu personalisieren und Ihnen Marketing-E-Mails zu senden.",
    ),
    "es": (
        "Utilizamos sus datos para enviarle comunicaciones de marketing personalizadas.",
        "Utilizamos sus datos para personalizar su feed y enviarle comunicaciones de marketing.",
    ),
    "it": (
        "Utilizziamo i tuoi dati per inviarti comunicazioni di marketing personalizzate.",
        "Utilizziamo i tuoi dati per personalizzare il tuo feed e inviarti comunicazioni di marketing.",
    ),
    "nl": (
        "We gebruiken uw gegevens om u gepersonaliseerde commerciële berichten te sturen.",
        "We gebruiken uw gegevens om uw feed te personaliseren en u commerciële berichten te sturen.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_personalised_marketing_is_marketing_only(lang: str) -> None:
    marketing, _ = PERSONALISED_MARKETING[lang]
    view = read(marketing, lang)
    assert "purpose.marketing" in view.affirmed
    assert "purpose.personalization" not in view.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_personalising_the_feed_beside_marketing_is_still_personalisation(lang: str) -> None:
    _, both = PERSONALISED_MARKETING[lang]
    assert {"purpose.marketing", "purpose.personalization"} <= read(both, lang).affirmed


def test_the_opt_out_of_personalised_marketing_emails_is_marketing_s_only() -> None:
    marketing, _ = PERSONALISED_MARKETING["en"]
    links = read(marketing, "en").links
    assert "purpose.marketing>control.opt_out" in links
    assert "purpose.personalization>control.opt_out" not in links


# ---------------------------------------------------------------- features that are part of an AI

#: {lang: (interactions with features built on an AI named by a brand, the twin built on a cloud)}
AI_FEATURES = {
    "en": (
        "We collect your interactions with our features that are part of Acme AI and related metadata.",
        "We collect your interactions with our features that are part of the Acme Help Center and related metadata.",
    ),
    "fr": (
        "Nous collectons vos interactions avec nos fonctionnalités basées sur l'IA Acme.",
        "Nous collectons vos interactions avec nos fonctionnalités basées sur le cloud Acme.",
    ),
    "de": (
        "Wir erheben Ihre Interaktionen mit unseren Funktionen auf Basis von Acme KI.",
        "Wir erheben Ihre Interaktionen mit unseren Funktionen auf Basis von Acme Cloud.",
    ),
    "es": (
        "Recopilamos sus interacciones con nuestras funciones basadas en Acme IA.",
        "Recopilamos sus interacciones con nuestras funciones basadas en Acme Cloud.",
    ),
    "it": (
        "Raccogliamo le tue interazioni con le nostre funzionalità basate su Acme IA.",
        "Raccogliamo le tue interazioni con le nostre funzionalità basate su Acme Cloud.",
    ),
    "nl": (
        "Wij verzamelen uw interacties met onze functies op basis van Acme AI.",
        "Wij verzamelen uw interacties met onze functies op basis van Acme Cloud.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_interactions_with_features_built_on_an_ai_are_ai_inputs(lang: str) -> None:
    ai, _ = AI_FEATURES[lang]
    assert "data.ai_inputs" in read(ai, lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_interactions_with_features_built_on_something_else_are_no_ai_inputs(lang: str) -> None:
    _, cloud = AI_FEATURES[lang]
    assert "data.ai_inputs" not in read(cloud, lang).affirmed


def test_tools_powered_by_generative_ai_are_ai_features() -> None:
    text = "We collect your interactions with our tools powered by generative AI."
    assert "data.ai_inputs" in read(text, "en").affirmed
