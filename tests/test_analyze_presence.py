"""A fact is PRESENT only where the notice says it processes the data or relies on the basis.

On the latest version of every corpus notice (``bench/audit_presence.py``), bases and
special categories were reported present from sentences that state no such thing. Each
family below covers a kind of wording, in the six lexicon languages:

- IT diagnostics and the health of a system are no health data ("diagnostic data",
  "diagnose and fix problems", "health data about the operating system");
- accessibility names no one's health ("people with disabilities");
- health as what a purpose protects ("protect the life, physical or mental health of our
  users") is no health data;
- child sexual abuse detection is content moderation, not children's data;
- fighting racial or ethnic bias names no one's origin;
- pointers to another document ("you will find here information about ...", "for
  additional information") state no processing;
- the law's own text, quoted as what the law offers (the public task and vital interests
  of Art. 6(1)(d)(e) GDPR, the identifiable person of Art. 4(1)), states no reliance;
- rights in the law's words (withdrawal "does not affect the lawfulness", objection "on
  grounds relating to your particular situation", "you have withdrawn your consent");
- goods sold ("devices sold by our partners") are no sale of data.

Every family has a twin: the same words in a real statement still give the fact.
Every fixture is written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.model import Facts
from tests.families import LANGS
from tests.families import notice_facts as read


def stated(facts: Facts) -> frozenset[str]:
    """What the notice states: affirmed facts, and children's data affirmed or denied."""
    out: set[str] = set()
    for st in facts.statements:
        out |= {f for f in st.facts if not st.negated or f == "data.children"}
    return frozenset(out)


#: (family, fact, {lang: sentence that must NOT state the fact})
WRONG: list[tuple[str, str, dict[str, str]]] = [
    (
        "it diagnostics",
        "data.health",
        {
            "en": "We collect diagnostic data and crash reports from your device to diagnose and fix problems.",
            "fr": "Nous collectons des données de diagnostic et des rapports d'erreur de votre appareil pour diagnostiquer et corriger les problèmes.",
            "de": "Wir erheben Diagnosedaten und Absturzberichte Ihres Geräts, um Probleme zu diagnostizieren und zu beheben.",
            "es": "Recopilamos datos de diagnóstico e informes de errores de su dispositivo para diagnosticar y solucionar problemas.",
            "it": "Raccogliamo dati di diagnostica e rapporti sugli errori del dispositivo per diagnosticare e risolvere i problemi.",
            "nl": "Wij verzamelen diagnosegegevens en crashrapporten van je apparaat om storingen op te sporen.",
        },
    ),
    (
        "system health",
        "data.health",
        {
            "en": "We collect health data about the operating system and apps on your device to fix errors.",
            "de": "Wir erheben den Gesundheitszustand des Betriebssystems, um Fehler zu beheben.",
        },
    ),
    (
        "accessibility",
        "data.health",
        {
            "en": "We process requests from people with disabilities to provide an accessible version of the service.",
            "fr": "Nous traitons les demandes des personnes en situation de handicap pour fournir une version accessible du service.",
            "de": "Wir verarbeiten Anfragen von Menschen mit Behinderungen, um eine barrierefreie Version des Dienstes bereitzustellen.",
            "es": "Tratamos las solicitudes de personas con discapacidad para ofrecer una versión accesible del servicio.",
            "it": "Trattiamo le richieste delle persone con disabilità per offrire una versione accessibile del servizio.",
            "nl": "Wij verwerken verzoeken van mensen met een handicap om een toegankelijke versie van de dienst aan te bieden.",
        },
    ),
    (
        "health protected",
        "data.health",
        {
            "en": "We use your information to protect the life, physical or mental health of our users.",
            "fr": "Nous utilisons vos informations pour protéger la vie, la santé physique ou mentale de nos utilisateurs.",
            "de": "Wir verwenden Ihre Daten zum Schutz des Lebens und der körperlichen Gesundheit unserer Nutzer.",
            "es": "Utilizamos su información para proteger la vida y la salud física de nuestros usuarios.",
            "it": "Utilizziamo le tue informazioni per proteggere la vita e la salute fisica dei nostri utenti.",
            "nl": "Wij gebruiken je gegevens om het leven en de lichamelijke gezondheid van onze gebruikers te beschermen.",
        },
    ),
    (
        "child abuse detection",
        "data.children",
        {
            "en": "We use tools to detect the sexual exploitation of children.",
            "fr": "Nous utilisons des outils automatisés pour détecter les contenus d'abus sexuels sur mineurs.",
            "de": "Wir verwenden automatisierte Werkzeuge, um sexuellen Missbrauch von Kindern in hochgeladenen Inhalten zu erkennen.",
            "es": "Utilizamos herramientas automatizadas para detectar abusos sexuales contra menores en el contenido subido.",
            "it": "Utilizziamo strumenti automatizzati per rilevare abusi sessuali su minori nei contenuti caricati.",
            "nl": "Wij gebruiken geautomatiseerde hulpmiddelen om seksueel misbruik van kinderen in geüploade inhoud op te sporen.",
        },
    ),
    (
        "bias",
        "data.special",
        {
            "en": "We use survey responses to identify and combat racial bias in our systems.",
            "fr": "Nous utilisons les réponses aux enquêtes pour lutter contre les discriminations ethniques.",
            "de": "Wir verwenden Umfrageantworten, um ethnische Diskriminierung in unseren Systemen zu bekämpfen.",
            "es": "Utilizamos las respuestas a encuestas para combatir la discriminación étnica en nuestros sistemas.",
            "it": "Utilizziamo le risposte ai sondaggi per contrastare la discriminazione etnica nei nostri sistemi.",
            "nl": "Wij gebruiken antwoorden op enquêtes om etnische discriminatie in onze systemen te bestrijden.",
        },
    ),
    (
        "pointer",
        "data.health",
        {
            "en": "You will find here information about how we collect and use your health data.",
            "fr": "Vous trouverez ici des informations sur la manière dont nous collectons et utilisons vos données de santé.",
            "de": "Hier finden Sie Informationen darüber, wie wir Ihre Gesundheitsdaten erheben und verwenden.",
            "es": "Aquí encontrará información sobre cómo recopilamos y utilizamos sus datos de salud.",
            "it": "Qui troverai informazioni su come raccogliamo e utilizziamo i tuoi dati sanitari.",
            "nl": "Hier vindt u informatie over hoe wij uw gezondheidsgegevens verzamelen en gebruiken.",
        },
    ),
    (
        "law text: public task",
        "basis.public_task",
        {
            "en": "- processing is necessary for the performance of a task carried out in the public interest or in the exercise of official authority vested in the controller;",
            "fr": "- le traitement est nécessaire à l'exécution d'une mission d'intérêt public ou relevant de l'exercice de l'autorité publique dont est investi le responsable du traitement ;",
            "de": "- die Verarbeitung ist für die Wahrnehmung einer Aufgabe erforderlich, die im öffentlichen Interesse liegt oder in Ausübung öffentlicher Gewalt erfolgt, die dem Verantwortlichen übertragen wurde;",
            "es": "- el tratamiento es necesario para el cumplimiento de una misión realizada en interés público o en el ejercicio de poderes públicos conferidos al responsable del tratamiento;",
            "it": "- il trattamento è necessario per l'esecuzione di un compito di interesse pubblico o connesso all'esercizio di pubblici poteri di cui è investito il titolare del trattamento;",
            "nl": "- de verwerking is noodzakelijk voor de vervulling van een taak van algemeen belang of van een taak in het kader van de uitoefening van het openbaar gezag;",
        },
    ),
    (
        "law text: vital interests",
        "basis.vital_interests",
        {
            "en": "- processing is necessary in order to protect the vital interests of the data subject or of another natural person;",
            "fr": "- le traitement est nécessaire à la sauvegarde des intérêts vitaux de la personne concernée ou d'une autre personne physique ;",
            "de": "- die Verarbeitung ist erforderlich, um lebenswichtige Interessen der betroffenen Person oder einer anderen natürlichen Person zu schützen;",
            "es": "- el tratamiento es necesario para proteger intereses vitales del interesado o de otra persona física;",
            "it": "- il trattamento è necessario per la salvaguardia degli interessi vitali dell'interessato o di un'altra persona fisica;",
            "nl": "- de verwerking is noodzakelijk om de vitale belangen van de betrokkene of van een andere natuurlijke persoon te beschermen;",
        },
    ),
    (
        "law text: identifiable person",
        "data.special",
        {
            "en": "We process personal data, that is any information relating to an identifiable natural person who can be identified directly or indirectly by reference to physical, genetic or cultural factors.",
            "fr": "Nous traitons des données personnelles, à savoir toute information se rapportant à une personne qui peut être identifiée, directement ou indirectement, notamment par référence à des éléments physiques, génétiques ou culturels.",
            "de": "Wir verarbeiten personenbezogene Daten, also Informationen über eine natürliche Person, die direkt oder indirekt identifiziert werden kann, etwa anhand genetischer oder kultureller Merkmale.",
            "es": "Tratamos datos personales, es decir, información sobre una persona cuya identidad pueda determinarse, directa o indirectamente, en particular mediante elementos físicos, genéticos o culturales.",
            "it": "Trattiamo dati personali, cioè informazioni su una persona che può essere identificata, direttamente o indirettamente, in particolare mediante elementi fisici, genetici o culturali.",
            "nl": "Wij verwerken persoonsgegevens, dat wil zeggen informatie over een persoon die direct of indirect kan worden geïdentificeerd, met name aan de hand van fysieke, genetische of culturele elementen.",
        },
    ),
    (
        "rights: lawfulness of withdrawal",
        "basis.consent",
        {
            "en": "Withdrawing your consent does not affect the lawfulness of processing based on consent before its withdrawal.",
            "fr": "Vous avez retiré votre consentement et il n'existe pas d'autre fondement juridique au traitement.",
            "de": "Die Rechtmäßigkeit der Verarbeitung auf Grundlage der Einwilligung bleibt bis zum Widerruf unberührt.",
            "es": "La retirada del consentimiento no afectará a la licitud del tratamiento basado en el consentimiento previo a su retirada.",
            "it": "La revoca del consenso non pregiudica la liceità del trattamento basata sul consenso prima della revoca.",
            "nl": "Het intrekken van toestemming laat de rechtmatigheid van eerdere verwerking onverlet.",
        },
    ),
    (
        "rights: objection on particular grounds",
        "basis.legitimate_interests",
        {
            "en": "- Object, on grounds relating to your particular situation, to processing of your data based on our legitimate interests.",
            "fr": "- S'opposer, pour des raisons tenant à votre situation particulière, à un traitement fondé sur notre intérêt légitime.",
            "de": "- Widerspruch aus Gründen, die sich aus Ihrer besonderen Situation ergeben, gegen eine Verarbeitung auf Grundlage unserer berechtigten Interessen.",
            "es": "- Oponerse, por motivos relacionados con su situación particular, al tratamiento basado en nuestro interés legítimo.",
            "it": "- Opporsi, per motivi connessi alla sua situazione particolare, al trattamento basato sul nostro legittimo interesse.",
            "nl": "- Bezwaar maken, in verband met uw specifieke situatie, tegen verwerking op basis van ons gerechtvaardigd belang.",
        },
    ),
]

#: (family, fact, {lang: sentence in the same words that states the fact})
KEPT: list[tuple[str, str, dict[str, str]]] = [
    (
        "medical diagnosis",
        "data.health",
        {
            "en": "We collect your medical diagnosis to provide the service.",
            "fr": "Nous collectons votre diagnostic médical pour fournir le service.",
            "de": "Wir verarbeiten Ihre ärztliche Diagnose, um den Dienst bereitzustellen.",
            "es": "Tratamos su diagnóstico médico para prestar el servicio.",
            "it": "Trattiamo la tua diagnosi medica per fornire il servizio.",
            "nl": "Wij verwerken je medische diagnose om de dienst te leveren.",
        },
    ),
    (
        "a person's health",
        "data.health",
        {
            "en": "We collect health data about your heart rate to provide the service.",
            "de": "Wir erheben Ihren Gesundheitszustand, um den Dienst bereitzustellen.",
        },
    ),
    (
        "a person's disability",
        "data.health",
        {
            "en": "We collect information about your disability to provide special assistance.",
            "fr": "Nous collectons des informations sur votre handicap pour fournir une assistance spéciale.",
            "de": "Wir erheben Angaben zu Ihrer Behinderung, um besondere Unterstützung zu leisten.",
            "es": "Recopilamos información sobre su discapacidad para prestar asistencia especial.",
            "it": "Raccogliamo informazioni sulla tua disabilità per fornire assistenza speciale.",
            "nl": "Wij verzamelen informatie over je handicap om speciale ondersteuning te bieden.",
        },
    ),
    (
        "a person's physical health",
        "data.health",
        {
            "en": "We collect information about your physical or mental health to provide coaching.",
            "fr": "Nous collectons des informations sur votre santé physique pour fournir un accompagnement.",
            "de": "Wir erheben Angaben zu Ihrer körperlichen Gesundheit, um ein Coaching anzubieten.",
            "es": "Recopilamos información sobre su salud física para ofrecer asesoramiento.",
            "it": "Raccogliamo informazioni sulla tua salute fisica per offrire un servizio di coaching.",
            "nl": "Wij verzamelen informatie over je lichamelijke gezondheid om coaching te bieden.",
        },
    ),
    (
        "children's data",
        "data.children",
        {
            "en": "We collect information from children with the consent of their parents.",
            "fr": "Nous collectons les données des mineurs avec l'accord de leurs parents.",
            "de": "Wir erheben Daten von Kindern nur mit Zustimmung der Eltern.",
            "es": "Recopilamos datos de menores con el consentimiento de sus padres.",
            "it": "Raccogliamo dati di minori con il consenso dei genitori.",
            "nl": "Wij verzamelen gegevens van kinderen met toestemming van hun ouders.",
        },
    ),
    (
        "ethnic origin",
        "data.special",
        {
            "en": "We collect your racial or ethnic origin if you choose to provide it.",
            "fr": "Nous collectons votre origine ethnique si vous choisissez de la fournir.",
            "de": "Wir erheben Ihre ethnische Herkunft, wenn Sie sie angeben.",
            "es": "Recopilamos su origen étnico si decide facilitarlo.",
            "it": "Raccogliamo la tua origine etnica se scegli di fornirla.",
            "nl": "Wij verzamelen je etnische afkomst als je die wilt verstrekken.",
        },
    ),
    (
        "reliance on vital interests",
        "basis.vital_interests",
        {
            "en": "We process your location to protect your vital interests in an emergency.",
            "fr": "Nous traitons votre localisation pour protéger vos intérêts vitaux en cas d'urgence.",
            "de": "Wir verarbeiten Ihren Standort, um in einem Notfall Ihre lebenswichtigen Interessen zu schützen.",
            "es": "Tratamos su ubicación para proteger sus intereses vitales en caso de emergencia.",
            "it": "Trattiamo la tua posizione per proteggere i tuoi interessi vitali in caso di emergenza.",
            "nl": "Wij verwerken je locatie om in een noodgeval je vitale belangen te beschermen.",
        },
    ),
    (
        "genetic data",
        "data.special",
        {
            "en": "We process your genetic data to provide ancestry reports.",
            "fr": "Nous traitons vos données génétiques pour fournir des rapports d'ascendance.",
            "de": "Wir verarbeiten Ihre genetischen Daten, um Abstammungsberichte zu erstellen.",
            "es": "Tratamos sus datos genéticos para elaborar informes de ascendencia.",
            "it": "Trattiamo i tuoi dati genetici per fornire rapporti sulle origini.",
            "nl": "Wij verwerken je genetische gegevens om afstammingsrapporten te maken.",
        },
    ),
    (
        "reliance on consent",
        "basis.consent",
        {
            "en": "We process your email address for newsletters based on your consent.",
            "fr": "Nous traitons votre adresse e-mail pour la newsletter sur la base de votre consentement.",
            "de": "Wir verarbeiten Ihre E-Mail-Adresse für den Newsletter auf Grundlage Ihrer Einwilligung.",
            "es": "Tratamos su dirección de correo electrónico para el boletín sobre la base de su consentimiento.",
            "it": "Trattiamo il tuo indirizzo email per la newsletter sulla base del tuo consenso.",
            "nl": "Wij verwerken je e-mailadres voor de nieuwsbrief op basis van je toestemming.",
        },
    ),
    (
        "reliance on legitimate interests",
        "basis.legitimate_interests",
        {
            "en": "We process your device identifiers to prevent fraud based on our legitimate interests.",
            "fr": "Nous traitons les identifiants de votre appareil pour prévenir la fraude sur la base de notre intérêt légitime.",
            "de": "Wir verarbeiten Ihre Gerätekennungen zur Betrugsprävention auf Grundlage unserer berechtigten Interessen.",
            "es": "Tratamos los identificadores de su dispositivo para prevenir el fraude sobre la base de nuestro interés legítimo.",
            "it": "Trattiamo gli identificativi del tuo dispositivo per prevenire le frodi sulla base del nostro legittimo interesse.",
            "nl": "Wij verwerken de identificatoren van je apparaat om fraude te voorkomen op basis van ons gerechtvaardigd belang.",
        },
    ),
]

#: Goods sold, beside a real sharing statement: sharing stays, the sale flag does not.
GOODS_SOLD = {
    "en": "We share your device data with third parties for devices sold by Google or our partners.",
    "fr": "Nous partageons les données de votre appareil avec des tiers pour les appareils vendus par Google ou nos partenaires.",
    "de": "Wir geben Ihre Gerätedaten an Dritte weiter, bei von Google oder Partnern verkauften Geräten.",
    "es": "Compartimos los datos de su dispositivo con terceros para los dispositivos vendidos por Google o nuestros socios.",
    "it": "Condividiamo i dati del tuo dispositivo con terze parti per i dispositivi venduti da Google o dai nostri partner.",
    "nl": "Wij delen de gegevens van je apparaat met derden voor apparaten die door Google of onze partners worden verkocht.",
}

#: A sale of data stays a sale.
DATA_SOLD = {
    "en": "We sell your personal information to advertising partners.",
    "fr": "Nous vendons vos données personnelles à des partenaires publicitaires.",
    "de": "Wir verkaufen Ihre personenbezogenen Daten an Werbepartner.",
    "es": "Vendemos sus datos personales a socios publicitarios.",
    "it": "Vendiamo i tuoi dati personali a partner pubblicitari.",
    "nl": "Wij verkopen je persoonsgegevens aan advertentiepartners.",
}


def _cases(table: list[tuple[str, str, dict[str, str]]]) -> list[tuple[str, str, str, str]]:
    return [
        (family, fact, lang, text) for family, fact, texts in table for lang, text in texts.items()
    ]


@pytest.mark.parametrize(("family", "fact", "lang", "text"), _cases(WRONG))
def test_wording_that_states_no_processing_gives_no_fact(
    family: str, fact: str, lang: str, text: str
) -> None:
    assert fact not in stated(read(text, lang)), family


@pytest.mark.parametrize(("family", "fact", "lang", "text"), _cases(KEPT))
def test_the_same_words_in_a_processing_statement_still_give_the_fact(
    family: str, fact: str, lang: str, text: str
) -> None:
    assert fact in stated(read(text, lang)), family


def sold(facts: Facts) -> bool:
    """Whether an affirmed statement says data is sold."""
    return any(st.sale for st in facts.statements if not st.negated)


@pytest.mark.parametrize("lang", LANGS)
def test_goods_sold_are_no_sale_of_data(lang: str) -> None:
    facts = read(GOODS_SOLD[lang], lang)
    assert "purpose.sharing_third_parties" in stated(facts)
    assert not sold(facts)


@pytest.mark.parametrize("lang", LANGS)
def test_a_sale_of_data_stays_a_sale(lang: str) -> None:
    facts = read(DATA_SOLD[lang], lang)
    assert "purpose.sharing_third_parties" in stated(facts)
    assert sold(facts)


def test_every_family_is_written_in_six_languages_where_the_lexicon_can_match_it() -> None:
    """System health is the only family with fewer: only en and de name a system's health."""
    for family, _, texts in WRONG:
        expected = {"en", "de"} if family == "system health" else set(LANGS)
        assert set(texts) == expected, family
