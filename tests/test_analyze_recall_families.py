"""Wording families the analyzer missed, stated in the six lexicon languages.

Material changes went unreported because the lexicons did not know how notices word a
few common facts:

- age assurance: estimating, checking or confirming a person's age, and photos of a face
  or an ID document for it, are verification data;
- voice and audio inputs: voice features, voice searches and calls, speech recognition,
  dictation, transcribed audio;
- conversations with chatbots and AI assistants: chatbot conversations, messages and
  histories, and support given through a chatbot, are inputs to AI features (a chatbot
  named only as a way to contact us is a pointer);
- sharing worded as transmitting, passing on, forwarding or handing over data to
  recipients (also with the verb last, in German and Dutch, and to a single recipient in
  French);
- a person's occupation or profession is employment data;
- marketing worded as a verb: "to promote our products";
- citations of GDPR articles: the letter as "alinéa (f)", "lettre f", "lett. f)", and
  lists of letters that cite several bases at once ("Art. 6(1)(b), (c) and (f)").

Each family has a statement of the fact and a twin in near-identical words that does not
state it (a denial, a pointer or a right), so every rule is shown to be precise as well.
The fixtures are written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze.lexicon import load_lexicon
from monitor.analyze.text import fold
from tests.test_analyze_presence import LANGS, read, stated

#: (family, fact, {lang: (sentence stating the fact, twin that does not)})
FAMILIES: list[tuple[str, str, dict[str, tuple[str, str]]]] = [
    (
        "age assurance",
        "data.verification",
        {
            "en": (
                "We use a provider to estimate your age from a photo of your face.",
                "We never estimate your age from a photo of your face.",
            ),
            "fr": (
                "Nous utilisons un prestataire pour estimer votre âge à partir d'une photo de votre visage.",
                "Nous n'utilisons jamais de prestataire pour estimer votre âge à partir d'une photo de votre visage.",
            ),
            "de": (
                "Wir nutzen einen Dienstleister zur Altersschätzung anhand eines Fotos Ihres Gesichts.",
                "Wir nutzen keinen Dienstleister zur Altersschätzung anhand eines Fotos Ihres Gesichts.",
            ),
            "es": (
                "Utilizamos un proveedor para estimar su edad a partir de una foto de su rostro.",
                "No utilizamos ningún proveedor para estimar su edad a partir de una foto de su rostro.",
            ),
            "it": (
                "Utilizziamo un fornitore per stimare la tua età da una foto del tuo volto.",
                "Non utilizziamo alcun fornitore per stimare la tua età da una foto del tuo volto.",
            ),
            "nl": (
                "Wij gebruiken een dienstverlener om je leeftijd te schatten aan de hand van een foto van je gezicht.",
                "Wij gebruiken nooit een dienstverlener om je leeftijd te schatten aan de hand van een foto van je gezicht.",
            ),
        },
    ),
    (
        "voice and audio inputs",
        "data.audio_visual",
        {
            "en": (
                "We process your voice searches to show you results.",
                "We do not process your voice searches to show you results.",
            ),
            "fr": (
                "Nous traitons vos recherches vocales pour afficher des résultats.",
                "Nous ne traitons pas vos recherches vocales pour afficher des résultats.",
            ),
            "de": (
                "Wir verarbeiten Ihre Eingaben über die Sprachsuche, um Ergebnisse anzuzeigen.",
                "Wir verarbeiten Ihre Eingaben über die Sprachsuche nicht, um Ergebnisse anzuzeigen.",
            ),
            "es": (
                "Tratamos sus búsquedas por voz para mostrarle resultados.",
                "No tratamos sus búsquedas por voz para mostrarle resultados.",
            ),
            "it": (
                "Trattiamo le tue ricerche vocali per mostrarti i risultati.",
                "Non trattiamo le tue ricerche vocali per mostrarti i risultati.",
            ),
            "nl": (
                "Wij verwerken je spraakopdrachten om resultaten te tonen.",
                "Wij verwerken je spraakopdrachten niet om resultaten te tonen.",
            ),
        },
    ),
    (
        "conversations with chatbots",
        "data.ai_inputs",
        {
            "en": (
                "Our customer support is provided through a chatbot, which processes your questions.",
                "For other requests, you can contact our team via our chat bot.",
            ),
            "fr": (
                "Notre service client est assuré par un agent conversationnel, qui traite vos questions.",
                "Pour toute autre demande, vous pouvez contacter notre équipe par notre chatbot.",
            ),
            "de": (
                "Unser Kundenservice erfolgt über einen Chatbot, der Ihre Fragen verarbeitet.",
                "Für andere Anliegen können Sie unser Team über unseren Chatbot kontaktieren.",
            ),
            "es": (
                "Nuestra atención al cliente se presta mediante un chatbot que trata sus preguntas.",
                "Para otras solicitudes, puede contactar a nuestro equipo mediante nuestro chatbot.",
            ),
            "it": (
                "La nostra assistenza clienti è fornita tramite un chatbot che tratta le tue domande.",
                "Per altre richieste, puoi contattare il nostro team tramite il nostro chatbot.",
            ),
            "nl": (
                "Onze klantenservice verloopt via een chatbot die je vragen verwerkt.",
                "Voor andere vragen kun je contact opnemen met ons team via onze chatbot.",
            ),
        },
    ),
    (
        "chatbot conversations kept",
        "data.ai_inputs",
        {
            "en": (
                "We store your chatbot conversations to improve our answers.",
                "We do not store your chatbot conversations to improve our answers.",
            ),
            "fr": (
                "Nous conservons l'historique du chatbot pour améliorer nos réponses.",
                "Nous ne conservons pas l'historique du chatbot pour améliorer nos réponses.",
            ),
            "de": (
                "Wir speichern Ihre Chatbot-Verläufe, um unsere Antworten zu verbessern.",
                "Wir speichern Ihre Chatbot-Verläufe nicht, um unsere Antworten zu verbessern.",
            ),
            "es": (
                "Conservamos sus conversaciones con el chatbot para mejorar nuestras respuestas.",
                "No conservamos sus conversaciones con el chatbot para mejorar nuestras respuestas.",
            ),
            "it": (
                "Conserviamo le tue conversazioni con il chatbot per migliorare le nostre risposte.",
                "Non conserviamo le tue conversazioni con il chatbot per migliorare le nostre risposte.",
            ),
            "nl": (
                "Wij bewaren je chatbotgesprekken om onze antwoorden te verbeteren.",
                "Wij bewaren je chatbotgesprekken niet om onze antwoorden te verbeteren.",
            ),
        },
    ),
    (
        "sharing: transmitted or passed on to recipients",
        "purpose.sharing_third_parties",
        {
            "en": (
                "We may transmit your booking details to our partners.",
                "We never transmit your booking details to our partners.",
            ),
            "fr": (
                "Nous pouvons remettre votre adresse à un partenaire de livraison.",
                "Nous ne remettons jamais votre adresse à un partenaire de livraison.",
            ),
            "de": (
                "Wir können Ihre Buchungsdaten an unsere Partner weiterleiten.",
                "Wir werden Ihre Buchungsdaten niemals an unsere Partner weiterleiten.",
            ),
            "es": (
                "Podemos facilitar sus datos de reserva a nuestros socios.",
                "Nunca facilitamos sus datos de reserva a nuestros socios.",
            ),
            "it": (
                "Possiamo trasmettere i dati della prenotazione ai nostri partner.",
                "Non trasmettiamo mai i dati della prenotazione ai nostri partner.",
            ),
            "nl": (
                "Wij kunnen je boekingsgegevens doorsturen naar onze partners.",
                "Wij sturen je boekingsgegevens nooit door naar onze partners.",
            ),
        },
    ),
    (
        "occupation",
        "data.employment",
        {
            "en": (
                "We collect your occupation to set up your profile.",
                "We do not collect your occupation to set up your profile.",
            ),
            "fr": (
                "Nous collectons votre profession pour créer votre profil.",
                "Nous ne collectons pas votre profession pour créer votre profil.",
            ),
            "de": (
                "Wir erheben Ihren Beruf, um Ihr Profil einzurichten.",
                "Wir erheben Ihren Beruf nicht, um Ihr Profil einzurichten.",
            ),
            "es": (
                "Recopilamos su profesión para crear su perfil.",
                "No recopilamos su profesión para crear su perfil.",
            ),
            "it": (
                "Raccogliamo la tua professione per creare il tuo profilo.",
                "Non raccogliamo la tua professione per creare il tuo profilo.",
            ),
            "nl": (
                "Wij verzamelen je beroep om je profiel aan te maken.",
                "Wij verzamelen je beroep niet om je profiel aan te maken.",
            ),
        },
    ),
    (
        "marketing as a verb",
        "purpose.marketing",
        {
            "en": (
                "We use your email address to promote our products.",
                "We do not use your email address to promote our products.",
            ),
            "fr": (
                "Nous utilisons votre adresse e-mail pour promouvoir nos produits.",
                "Nous n'utilisons pas votre adresse e-mail pour promouvoir nos produits.",
            ),
            "de": (
                "Wir verwenden Ihre E-Mail-Adresse, um unsere Produkte zu bewerben.",
                "Wir verwenden Ihre E-Mail-Adresse nicht, um unsere Produkte zu bewerben.",
            ),
            "es": (
                "Utilizamos su correo electrónico para promocionar nuestros productos.",
                "No utilizamos su correo electrónico para promocionar nuestros productos.",
            ),
            "it": (
                "Utilizziamo il tuo indirizzo email per promuovere i nostri prodotti.",
                "Non utilizziamo il tuo indirizzo email per promuovere i nostri prodotti.",
            ),
            "nl": (
                "Wij gebruiken je e-mailadres om onze producten te promoten.",
                "Wij gebruiken je e-mailadres niet om onze producten te promoten.",
            ),
        },
    ),
]


def _cases() -> list[tuple[str, str, str, str, str]]:
    return [
        (family, fact, lang, yes, no)
        for family, fact, table in FAMILIES
        for lang, (yes, no) in table.items()
    ]


@pytest.mark.parametrize(("family", "fact", "lang", "yes", "no"), _cases())
def test_a_statement_of_the_family_gives_the_fact(
    family: str, fact: str, lang: str, yes: str, no: str
) -> None:
    assert fact in stated(read(yes, lang)), f"{family} ({lang}): {yes}"


@pytest.mark.parametrize(("family", "fact", "lang", "yes", "no"), _cases())
def test_its_twin_in_near_identical_words_does_not(
    family: str, fact: str, lang: str, yes: str, no: str
) -> None:
    assert fact not in stated(read(no, lang)), f"{family} ({lang}): {no}"


def test_every_family_is_written_in_six_languages() -> None:
    for family, _fact, table in FAMILIES:
        assert set(table) == set(LANGS), family


def test_support_through_a_chatbot_ties_the_support_purpose_to_the_chatbot() -> None:
    facts = read(
        "Our customer support is provided through a chatbot, which processes your questions.", "en"
    )
    links = {link for st in facts.statements for link in st.links}
    assert "purpose.support>data.ai_inputs" in links


def test_a_chat_bot_is_not_a_chat_between_people() -> None:
    assert "data.communications" not in stated(
        read("We store your conversations with our chat bot to answer your questions.", "en")
    )
    assert "data.communications" in stated(
        read("We store your chats with other members to deliver them.", "en")
    )


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("l'article 6, paragraphe 1, alinéa (f) du RGPD", {"basis.legitimate_interests"}),
        ("article 6.1, lettre f du RGPD", {"basis.legitimate_interests"}),
        ("art. 6, par. 1, lett. f) del GDPR", {"basis.legitimate_interests"}),
        ("art. 6 para. 1 subpara. 1 lit. f GDPR", {"basis.legitimate_interests"}),
        (
            "l'Article 6 (1) (b), (c) et (f) du RGPD",
            {"basis.contract", "basis.legal_obligation", "basis.legitimate_interests"},
        ),
        ("Article 6(1)(b) and (f) GDPR", {"basis.contract", "basis.legitimate_interests"}),
        (
            "Art. 6 Abs. 1 lit. b, c und f DSGVO",
            {"basis.contract", "basis.legal_obligation", "basis.legitimate_interests"},
        ),
        ("artículo 6, apartado 1, letras a) y b) del RGPD", {"basis.consent", "basis.contract"}),
        ("artikel 6, lid 1, onder a of b AVG", {"basis.consent", "basis.contract"}),
    ],
)
def test_gdpr_citations_name_every_basis_they_cite(text: str, facts: set[str]) -> None:
    hits = {h.label for h in load_lexicon("en").facts.find(fold(text))}
    assert {h for h in hits if h.startswith("basis.")} == facts


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("Article 6(1) GDPR lists the legal bases", set()),  # no letter: no basis
        ("Art. 6(1)(f) GDPR", {"basis.legitimate_interests"}),
        # A letter followed by other words ends the list: no (a) is cited here.
        ("artículo 6.1.b) y a la empresa", {"basis.contract"}),
        ("Article 6(1)(b) of a contract", {"basis.contract"}),
    ],
)
def test_a_citation_names_no_basis_it_does_not_cite(text: str, facts: set[str]) -> None:
    hits = {h.label for h in load_lexicon("en").facts.find(fold(text))}
    assert {h for h in hits if h.startswith("basis.")} == facts


def test_every_basis_of_a_list_survives_as_evidence() -> None:
    """The bases of one list are found on the same words, so none is dropped as a part of
    another's longer match."""
    facts = read("La base juridique est l'article 6, paragraphe 1(b), (c) ou (f) du RGPD.", "fr")
    assert {"basis.contract", "basis.legal_obligation", "basis.legitimate_interests"} <= stated(
        facts
    )


#: (fact, lang, sentence): words near a family's that must not give its fact.
NOT_THE_FACT = [
    # "dictate" as "require": no voice input.
    (
        "data.audio_visual",
        "en",
        "We disclose your data to service providers whose contracts dictate how they use it.",
    ),
    # A profile photo of a face is an image of the person, not an identity or age check.
    ("data.verification", "en", "We collect the photos of your face that you add to your profile."),
    # Partners promoting their own products is not the notice's marketing.
    (
        "purpose.marketing",
        "en",
        "We share your data with partners who promote their products on our site.",
    ),
    (
        "purpose.marketing",
        "fr",
        "Nous partageons vos données avec des partenaires qui font la promotion de leurs services.",
    ),
    # A chatbot named as a way to contact us is a pointer.
    (
        "data.ai_inputs",
        "en",
        "To delete your account, you can reach out to customer support via our chat bot.",
    ),
]


@pytest.mark.parametrize(("fact", "lang", "text"), NOT_THE_FACT)
def test_words_near_a_family_do_not_give_its_fact(fact: str, lang: str, text: str) -> None:
    assert fact not in stated(read(text, lang))


def test_a_voice_chat_is_both_a_communication_and_voice_data() -> None:
    found = stated(
        read("When you play games with text or voice chat, we use your chats for safety.", "en")
    )
    assert {"data.communications", "data.audio_visual"} <= found


def test_citation_regexes_have_no_groups() -> None:
    """The matcher joins the group-free ``re:`` phrases of one hint into a single gate that
    rules most blocks out at once; a group in a citation regex would disable it."""
    import re

    from monitor.analyze.lexicon import article_patterns

    assert all(re.compile(source[3:]).groups == 0 for _fact, source in article_patterns())
