"""Recall gaps closed as families: each with a fixture that must state the fact and a twin in
near-identical words that must not (or the reverse).

One family per section, in the lexicon languages where the wording is lexical (a language is
left out where its lexicon already reads the wording, or where the word is ambiguous; the
lexicon comment says which). Every fixture is written for these rules, not taken from a notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze.lexicon import load_lexicon
from monitor.analyze.text import sentence_spans
from tests.families import read

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


# --------------------------------------------------------------------------- identity checks of a rights request

#: A verification and a rights request ("your request", « votre demande », „Ihre Anfrage“)
#: in one sentence, however far apart, are the identity check of a rights request: rights
#: text, no verification data. (de: a positive ending; its negated form is read as a denial.)
CHECK_FOR_A_REQUEST = {
    "en": "We may ask you for some details to verify your identity and, if those details are missing or do not match, we will not be able to complete your request.",
    "fr": "Nous pouvons vous demander certains éléments pour vérifier votre identité et, si ces éléments manquent ou ne correspondent pas, nous ne pourrons pas traiter votre demande.",
    "de": "Wir erheben einige Angaben, um Ihre Identität zu überprüfen, und wenn diese Angaben vollständig sind und übereinstimmen, bearbeiten wir danach Ihre Anfrage.",
    "es": "Podemos pedirle algunos datos para verificar su identidad y, si esos datos faltan o no coinciden, no podremos atender su solicitud.",
    "it": "Possiamo chiederti alcuni dati per verificare la tua identità e, se questi dati mancano o non corrispondono, non potremo evadere la tua richiesta.",
    "nl": "Wij kunnen u om enkele gegevens vragen om uw identiteit te verifiëren en als die gegevens ontbreken of niet overeenkomen, kunnen wij uw verzoek niet behandelen.",
}

#: The twins: a product feature the person requests (a verb, not a rights request) keeps
#: the identity check as verification data.
CHECK_FOR_A_FEATURE = {
    "en": "When you request premium features, we may ask you for some details and a photo of your ID to verify your identity before you can use them.",
    "fr": "Lorsque vous demandez des fonctions premium, nous pouvons vous demander certains éléments et une photo de votre pièce d'identité pour vérifier votre identité avant que vous puissiez les utiliser.",
    "de": "Wenn Sie Premium-Funktionen anfordern, erheben wir einige Angaben, um Ihre Identität zu überprüfen, und wenn diese Angaben vollständig sind und übereinstimmen, schalten wir danach die Funktionen frei.",
    "es": "Cuando solicita funciones premium, podemos pedirle algunos datos y una foto de su documento de identidad para verificar su identidad antes de que pueda usarlas.",
    "it": "Quando richiedi funzioni premium, possiamo chiederti alcuni dati e una foto del tuo documento d'identità per verificare la tua identità prima che tu possa usarle.",
    "nl": "Wanneer u premiumfuncties aanvraagt, kunnen wij u om enkele gegevens en een foto van uw identiteitsbewijs vragen om uw identiteit te verifiëren voordat u ze kunt gebruiken.",
}


@pytest.mark.parametrize("lang", sorted(CHECK_FOR_A_REQUEST))
def test_identity_check_of_a_request_in_one_sentence_is_rights_text(lang: str) -> None:
    found = read(CHECK_FOR_A_REQUEST[lang], lang)
    assert "data.verification" not in found.affirmed
    assert "data.verification" not in found.denied


@pytest.mark.parametrize("lang", sorted(CHECK_FOR_A_FEATURE))
def test_twin_identity_check_for_a_requested_feature_is_verification(lang: str) -> None:
    assert "data.verification" in read(CHECK_FOR_A_FEATURE[lang], lang).affirmed


def test_the_request_ends_with_its_sentence() -> None:
    """The check and the request must share a sentence: "your request" in the next one is
    another statement."""
    text = "We collect a photo of your ID to verify your identity when you sign up. We answer your request within a month."
    assert "data.verification" in read(text, "en").affirmed


# --------------------------------------------------------------------------- a sentence without its full stop

#: A capitalised subject after a lower-case word opens a new sentence even when the full
#: stop is missing, so the denial before it does not reach the use after it. en "Your", es
#: "Sus", it "I tuoi", nl "Uw" are new (before a lower-case word only); fr « Vos » and de
#: „Wir“ were starters already and are pinned here.
NO_FULL_STOP = {
    "en": "We do not sell personal data to advertisers Your usage data is used for analytics to improve the app.",
    "fr": "Nous ne vendons pas de données personnelles aux annonceurs Vos données d'utilisation sont utilisées pour des analyses afin d'améliorer l'application.",
    "de": "Wir verkaufen keine personenbezogenen Daten an Werbetreibende Wir nutzen Ihre Nutzungsdaten für Analysen, um die App zu verbessern.",
    "es": "No vendemos datos personales a anunciantes Sus datos de uso se utilizan para análisis con el fin de mejorar la app.",
    "it": "Non vendiamo dati personali agli inserzionisti I tuoi dati di utilizzo sono usati per analisi al fine di migliorare l'app.",
    "nl": "Wij verkopen geen persoonsgegevens aan adverteerders Uw gebruiksgegevens worden gebruikt voor analyse om de app te verbeteren.",
}

#: The twins: the same capitalised word opening a name or a title ("Your Phone", "Tu Cuenta",
#: "I Tuoi Dati", "Uw Account") starts no sentence, so the denial runs on through it.
NAME_NOT_A_SENTENCE = {
    "en": "We do not sell personal data to advertisers or to Your Phone analytics providers to improve the app.",
    "es": "No vendemos datos personales a anunciantes ni a Tu Cuenta Analítica para análisis con el fin de mejorar la app.",
    "it": "Non vendiamo dati personali agli inserzionisti né a I Tuoi Dati Analisi per analisi al fine di migliorare l'app.",
    "nl": "Wij verkopen geen persoonsgegevens aan adverteerders of aan Uw Account Analyse voor analyse om de app te verbeteren.",
}


@pytest.mark.parametrize("lang", sorted(NO_FULL_STOP))
def test_negation_stops_where_the_full_stop_is_missing(lang: str) -> None:
    found = read(NO_FULL_STOP[lang], lang)
    assert "purpose.sharing_third_parties" in found.denied
    assert "data.activity" in found.affirmed
    assert "data.activity" not in found.denied


@pytest.mark.parametrize("lang", sorted(NAME_NOT_A_SENTENCE))
def test_twin_a_capitalised_name_does_not_stop_the_negation(lang: str) -> None:
    found = read(NAME_NOT_A_SENTENCE[lang], lang)
    assert "purpose.analytics" in found.denied
    assert "purpose.analytics" not in found.affirmed


def test_starter_before_a_lower_case_word_only() -> None:
    starters = load_lexicon("en").sentence_starters
    text = (
        "Open the Your Phone app to pair it and we read your contacts Your data stays on the phone"
    )
    pieces = [text[a:b] for a, b in sentence_spans(text, starters)]
    assert pieces == [
        "Open the Your Phone app to pair it and we read your contacts",
        "Your data stays on the phone",
    ]


def test_our_starts_a_sentence_only_before_a_lower_case_word() -> None:
    starters = load_lexicon("en").sentence_starters
    text = "We do not sell data to the Our Services partners and we keep it short Our staff read your messages"
    pieces = [text[a:b] for a, b in sentence_spans(text, starters)]
    assert pieces == [
        "We do not sell data to the Our Services partners and we keep it short",
        "Our staff read your messages",
    ]
