"""Recall gaps closed as families: each with a fixture that must state the fact and a twin in
near-identical words that must not (or the reverse).

One family per section, in the lexicon languages where the wording is lexical (a language is
left out where its lexicon already reads the wording, or where the word is ambiguous; the
lexicon comment says which). Every fixture is written for these rules, not taken from a notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.diff.facts import FactView, view
from monitor.extract import extract


def read(text: str, lang: str) -> FactView:
    return view(analyze(extract(f"# Notice\n\n{text}\n".encode(), "text/markdown"), language=lang))


# --------------------------------------------------------------------------- research as a verb phrase

#: "conduct research", « mener des recherches », „Forschung betreiben“, ...: research.
RESEARCH_VERB = {
    "en": "We use your data to conduct research on how people learn languages.",
    "fr": "Nous utilisons vos données pour mener des recherches sur la façon dont on apprend les langues.",
    "de": "Wir nutzen Ihre Daten, um Forschung zu betreiben, wie Menschen Sprachen lernen.",
    "es": "Utilizamos sus datos para realizar investigaciones sobre cómo se aprenden los idiomas.",
    "it": "Utilizziamo i tuoi dati per condurre ricerche su come si imparano le lingue.",
    "nl": "Wij gebruiken uw gegevens om onderzoek te doen naar hoe mensen talen leren.",
}

#: The twins: searching (fr, it) and investigating fraud (es) are no research.
RESEARCH_TWIN = {
    "fr": "Lorsque vous effectuez des recherches sur notre site, nous enregistrons vos requêtes pour afficher les résultats.",
    "es": "Utilizamos sus datos para realizar investigaciones sobre fraudes en su cuenta.",
    "it": "Quando effettui ricerche nell'app, registriamo le tue richieste per mostrarti i risultati.",
}


@pytest.mark.parametrize("lang", sorted(RESEARCH_VERB))
def test_research_as_a_verb_phrase(lang: str) -> None:
    assert "purpose.research" in read(RESEARCH_VERB[lang], lang).affirmed


@pytest.mark.parametrize("lang", sorted(RESEARCH_TWIN))
def test_twin_searching_or_investigating_is_no_research(lang: str) -> None:
    assert "purpose.research" not in read(RESEARCH_TWIN[lang], lang).affirmed


# --------------------------------------------------------------------------- the person's content, singular

#: « votre contenu », "tu contenido", "il tuo contenuto" (en "your content" and nl "uw inhoud"
#: were read already; de „Ihren Inhalt“ is also "their content" once lower-cased: left out).
YOUR_CONTENT = {
    "en": "We analyze your content to offer you suggestions.",
    "fr": "Nous analysons votre contenu pour vous proposer des suggestions.",
    "es": "Analizamos tu contenido para ofrecerte sugerencias.",
    "it": "Analizziamo il tuo contenuto per offrirti suggerimenti.",
    "nl": "Wij analyseren uw inhoud om u suggesties te bieden.",
}

#: The twins: the content of the service's own pages is not the person's.
PAGES_CONTENT = {
    "en": "We analyze the content of our pages to offer you suggestions.",
    "fr": "Nous analysons le contenu de nos pages pour vous proposer des suggestions.",
    "es": "Analizamos el contenido de nuestras páginas para ofrecerte sugerencias.",
    "it": "Analizziamo il contenuto delle nostre pagine per offrirti suggerimenti.",
    "nl": "Wij analyseren de inhoud van onze pagina's om u suggesties te bieden.",
}


@pytest.mark.parametrize("lang", sorted(YOUR_CONTENT))
def test_your_content_in_the_singular(lang: str) -> None:
    assert "data.content" in read(YOUR_CONTENT[lang], lang).affirmed


@pytest.mark.parametrize("lang", sorted(PAGES_CONTENT))
def test_twin_content_of_our_pages_is_not_the_persons(lang: str) -> None:
    assert "data.content" not in read(PAGES_CONTENT[lang], lang).affirmed


# --------------------------------------------------------------------------- content chosen for an AI feature

#: Content the person chooses to use with an AI feature is an input to it.
CHOSEN_FOR_AI = {
    "en": "We process the text or content you choose to use with AI features to give you a summary.",
    "fr": "Nous traitons le texte ou le contenu que vous choisissez d'utiliser avec les fonctionnalités d'IA pour vous donner un résumé.",
    "de": "Wir verarbeiten den Text oder Inhalt, den Sie mit KI-Funktionen verwenden möchten, um Ihnen eine Zusammenfassung zu geben.",
    "es": "Tratamos el texto o contenido que elige usar con las funciones de IA para darle un resumen.",
    "it": "Trattiamo il testo o il contenuto che scegli di usare con le funzionalità di IA per darti un riassunto.",
    "nl": "Wij verwerken de tekst of inhoud die u met AI-functies wilt gebruiken om u een samenvatting te geven.",
}

#: The twins: the same content chosen to share with other members.
CHOSEN_FOR_MEMBERS = {
    "en": "We process the text or content you choose to share with other members to show it on your profile.",
    "fr": "Nous traitons le texte ou le contenu que vous choisissez de partager avec les autres membres pour l'afficher sur votre profil.",
    "de": "Wir verarbeiten den Text oder Inhalt, den Sie mit anderen Mitgliedern teilen möchten, um ihn in Ihrem Profil anzuzeigen.",
    "es": "Tratamos el texto o contenido que elige compartir con otros miembros para mostrarlo en su perfil.",
    "it": "Trattiamo il testo o il contenuto che scegli di condividere con altri membri per mostrarlo sul tuo profilo.",
    "nl": "Wij verwerken de tekst of inhoud die u met andere leden wilt delen om die op uw profiel te tonen.",
}


@pytest.mark.parametrize("lang", sorted(CHOSEN_FOR_AI))
def test_content_chosen_for_an_ai_feature_is_an_ai_input(lang: str) -> None:
    assert "data.ai_inputs" in read(CHOSEN_FOR_AI[lang], lang).affirmed


@pytest.mark.parametrize("lang", sorted(CHOSEN_FOR_MEMBERS))
def test_twin_content_chosen_for_members_is_no_ai_input(lang: str) -> None:
    assert "data.ai_inputs" not in read(CHOSEN_FOR_MEMBERS[lang], lang).affirmed


def test_the_feature_named_earlier_in_the_sentence() -> None:
    text = "When you use AI features like summaries, we process the content you choose to use with the feature to give you a summary."
    assert "data.ai_inputs" in read(text, "en").affirmed
    twin = "When you use photo features like collages, we process the content you choose to use with the feature to give you a collage."
    assert "data.ai_inputs" not in read(twin, "en").affirmed


# --------------------------------------------------------------------------- third parties as a source

#: Data received from third parties, including the two-word forms « tierces parties »,
#: "terceras partes", „derde partijen“.
FROM_THIRD_PARTIES = {
    "en": "We receive information about you from third parties, such as when you log in with a social account.",
    "fr": "Nous pouvons recevoir de tierces parties des données vous concernant, par exemple lorsque vous vous connectez avec un réseau social.",
    "de": "Wir erhalten Informationen über Sie von Dritten, etwa wenn Sie sich mit einem sozialen Konto anmelden.",
    "es": "Recibimos información sobre usted de terceras partes, por ejemplo cuando inicia sesión con una cuenta social.",
    "it": "Riceviamo informazioni su di te da terze parti, ad esempio quando accedi con un account social.",
    "nl": "Wij ontvangen informatie over u van derde partijen, bijvoorbeeld wanneer u inlogt met een sociaal account.",
}

#: The twins: data sent TO those parties is sharing, not data received from them.
TO_THIRD_PARTIES = {
    "fr": "Nous pouvons transmettre à des tierces parties des données vous concernant, par exemple lorsque vous vous connectez avec un réseau social.",
    "es": "Podemos enviar a terceras partes información sobre usted, por ejemplo cuando inicia sesión con una cuenta social.",
    "nl": "Wij kunnen informatie over u aan derde partijen verstrekken, bijvoorbeeld wanneer u inlogt met een sociaal account.",
}


@pytest.mark.parametrize("lang", sorted(FROM_THIRD_PARTIES))
def test_data_received_from_third_parties(lang: str) -> None:
    assert "data.third_party" in read(FROM_THIRD_PARTIES[lang], lang).affirmed


def test_data_of_third_parties_as_a_label() -> None:
    assert (
        "data.third_party"
        in read(
            "Nous traitons les données de tierces parties pour créer votre compte.", "fr"
        ).affirmed
    )


@pytest.mark.parametrize("lang", sorted(TO_THIRD_PARTIES))
def test_twin_data_sent_to_third_parties_is_not_received(lang: str) -> None:
    assert "data.third_party" not in read(TO_THIRD_PARTIES[lang], lang).affirmed
