"""Wording families read at the level of a clause, a lead-in or a rights request.

Material changes went unreported because the analyzer read a few common wordings too
narrowly, or too broadly:

- sharing stated across a clause: a transmit / share / disclose verb and its recipient far
  apart within one clause ("we may transmit the details of your search, such as ..., to the
  hosting provider"), never across a new clause ("..., and we pay a fee to the provider");
- a paragraph that ends with a label of the data a service uses ("We also offer support by
  chatbot. Data used:") states that service's processing, and the list under it does too;
- checking a person's identity before answering a rights request is rights text: it states no
  processing and names no verification data;
- storage verbs whose subject is the person's data ("your location history is saved /
  remembered / kept") state processing;
- a right worded as a request that the company act ("to request that we transfer your
  data to another provider") is rights text;
- rights worded in the third person in Spanish and Italian ("el usuario puede oponerse",
  "l'utente può opporsi") are rights text like "you can object".

Each family has a text that states the fact and a twin in near-identical words that does
not. The fixtures are written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze.patterns import compile_pattern
from monitor.analyze.text import fold
from tests.test_analyze_presence import LANGS, read, stated

#: (family, fact, {lang: (text stating the fact, twin that does not)})
FAMILIES: list[tuple[str, str, dict[str, tuple[str, str]]]] = [
    (
        "sharing across a clause",
        "purpose.sharing_third_parties",
        {
            "en": (
                "We may transmit the details of your search, such as the city, the dates of your stay and the number of travellers, to the hosting provider.",
                "We may share the details of your search, such as the city, the dates of your stay and the number of travellers, across our own services, and we pay a commission to the hosting provider.",
            ),
            "fr": (
                "Nous pouvons transmettre les détails de votre recherche, tels que la ville, les dates de votre séjour et le nombre de voyageurs, au prestataire d'hébergement.",
                "Nous pouvons partager les détails de votre recherche, tels que la ville, les dates de votre séjour et le nombre de voyageurs, entre nos propres services, et nous versons une commission au prestataire d'hébergement.",
            ),
            "de": (
                "Wir übermitteln die Angaben Ihrer Suche, etwa die Stadt, die Daten Ihres Aufenthalts und die Zahl der Reisenden, an den Dienstleister für Unterkünfte.",
                "Wir teilen die Angaben Ihrer Suche, etwa die Stadt, die Daten Ihres Aufenthalts und die Zahl der Reisenden, zwischen unseren eigenen Diensten, und wir zahlen eine Provision an den Dienstleister für Unterkünfte.",
            ),
            "es": (
                "Podemos transmitir los detalles de su búsqueda, como la ciudad, las fechas de su estancia y el número de viajeros, al proveedor de alojamiento.",
                "Podemos compartir los detalles de su búsqueda, como la ciudad, las fechas de su estancia y el número de viajeros, entre nuestros propios servicios, pero pagamos una comisión al proveedor de alojamiento.",
            ),
            "it": (
                "Possiamo trasmettere i dettagli della tua ricerca, come la città, le date del soggiorno e il numero di viaggiatori, al fornitore di alloggi.",
                "Possiamo condividere i dettagli della tua ricerca, come la città, le date del soggiorno e il numero di viaggiatori, tra i nostri servizi, ma paghiamo una commissione al fornitore di alloggi.",
            ),
            "nl": (
                "Wij kunnen de gegevens van uw zoekopdracht, zoals de stad, de data van uw verblijf en het aantal reizigers, doorgeven aan de aanbieder van accommodaties.",
                "Wij kunnen de gegevens van uw zoekopdracht, zoals de stad, de data van uw verblijf en het aantal reizigers, opslaan op onze servers, maar wij betalen een commissie aan de aanbieder van accommodaties.",
            ),
        },
    ),
    (
        "data lead-in label",
        "data.ai_inputs",
        {
            "en": (
                "We also offer customer support by chatbot. Data used:\n\n* your name\n* your IP address",
                "We also offer customer support by chatbot. Opening hours:\n\n* weekdays\n* weekends",
            ),
            "fr": (
                "Nous proposons aussi un service client par chatbot. Données utilisées :\n\n* votre nom\n* votre adresse IP",
                "Nous proposons aussi un service client par chatbot. Horaires d'ouverture :\n\n* en semaine\n* le week-end",
            ),
            "de": (
                "Wir bieten auch Kundenservice über einen Chatbot an. Verwendete Daten:\n\n* Ihr Name\n* Ihre IP-Adresse",
                "Wir bieten auch Kundenservice über einen Chatbot an. Öffnungszeiten:\n\n* werktags\n* am Wochenende",
            ),
            "es": (
                "También ofrecemos atención al cliente mediante un chatbot. Datos utilizados:\n\n* su nombre\n* su dirección IP",
                "También ofrecemos atención al cliente mediante un chatbot. Horario de atención:\n\n* entre semana\n* fines de semana",
            ),
            "it": (
                "Offriamo anche assistenza clienti tramite un chatbot. Dati utilizzati:\n\n* il tuo nome\n* il tuo indirizzo IP",
                "Offriamo anche assistenza clienti tramite un chatbot. Orari di apertura:\n\n* nei giorni feriali\n* nel fine settimana",
            ),
            "nl": (
                "Wij bieden ook klantenservice via een chatbot. Gebruikte gegevens:\n\n* uw naam\n* uw IP-adres",
                "Wij bieden ook klantenservice via een chatbot. Openingstijden:\n\n* op werkdagen\n* in het weekend",
            ),
        },
    ),
    (
        "identity checks of a rights request",
        "data.verification",
        {
            "en": (
                "We verify your identity with a copy of your ID when you open an account.",
                "When you make a request, we will verify your identity by asking you to sign in.",
            ),
            "fr": (
                "Nous vérifions votre identité avec une copie de votre pièce d'identité lors de l'ouverture du compte.",
                "Lorsque vous nous adressez une demande, nous vérifierons votre identité en vous demandant de vous connecter.",
            ),
            "de": (
                "Wir überprüfen Ihre Identität anhand einer Kopie Ihres Ausweises, wenn Sie ein Konto eröffnen.",
                "Wenn Sie eine Anfrage stellen, werden wir Ihre Identität überprüfen, indem wir Sie bitten, sich anzumelden.",
            ),
            "es": (
                "Verificamos su identidad con una copia de su documento de identidad cuando abre una cuenta.",
                "Cuando nos envíe una solicitud, verificaremos su identidad pidiéndole que inicie sesión.",
            ),
            "it": (
                "Verifichiamo la tua identità con una copia del documento d'identità quando apri un account.",
                "Quando ci invii una richiesta, verificheremo la tua identità chiedendoti di accedere.",
            ),
            "nl": (
                "Wij verifiëren uw identiteit met een kopie van uw identiteitsbewijs wanneer u een account opent.",
                "Wanneer u een verzoek indient, zullen wij uw identiteit verifiëren door u te vragen in te loggen.",
            ),
        },
    ),
    (
        "storage verbs on the person's data",
        "data.location",
        {
            "en": ("Your location history is also saved.", "Your location history belongs to you."),
            "fr": (
                "Votre historique de localisation est également sauvegardé.",
                "Votre historique de localisation vous appartient.",
            ),
            "de": ("Ihr Standortverlauf wird archiviert.", "Ihr Standortverlauf gehört Ihnen."),
            "es": (
                "Su historial de ubicación se archiva.",
                "Su historial de ubicación le pertenece.",
            ),
            "it": (
                "I dati di localizzazione vengono anche salvati.",
                "I dati di localizzazione ti appartengono.",
            ),
            "nl": (
                "Uw locatiegeschiedenis wordt ook onthouden.",
                "Uw locatiegeschiedenis is van u.",
            ),
        },
    ),
]

FAMILIES.append(
    (
        "a right worded as a request that the company act",
        "data.location",
        {
            "en": (
                "We transfer your location history to another provider.",
                "To request that we transfer your location history to another provider.",
            ),
            "fr": (
                "Nous transférons vos données de localisation à un autre prestataire.",
                "Demander que nous transférions vos données de localisation à un autre prestataire.",
            ),
            "de": (
                "Wir übermitteln Ihre Standortdaten an einen anderen Anbieter.",
                "Verlangen, dass wir Ihre Standortdaten auf einen anderen Anbieter übertragen.",
            ),
            "es": (
                "Transferimos sus datos de localización a otro proveedor.",
                "Solicitar que transfiramos sus datos de localización a otro proveedor.",
            ),
            "it": (
                "Trasferiamo i dati di localizzazione a un altro fornitore.",
                "Chiedere che trasferiamo i dati di localizzazione a un altro fornitore.",
            ),
            "nl": (
                "Wij verstrekken uw locatiegegevens aan een andere aanbieder.",
                "Verzoeken dat wij uw locatiegegevens aan een andere aanbieder overdragen.",
            ),
        },
    )
)

#: Third-person rights (es, it): (lang, a right, the same words as a processing statement).
THIRD_PERSON: list[tuple[str, str, str]] = [
    (
        "es",
        "El usuario puede oponerse al uso de sus datos de localización con fines publicitarios.",
        "Usamos los datos de localización del usuario con fines publicitarios.",
    ),
    (
        "es",
        "Los usuarios pueden retirar su consentimiento al uso de sus datos de localización con fines publicitarios.",
        "Los usuarios nos dan su consentimiento al uso de sus datos de localización con fines publicitarios.",
    ),
    (
        "it",
        "L'utente può opporsi all'uso dei dati di localizzazione per finalità pubblicitarie.",
        "Utilizziamo i dati di localizzazione dell'utente per finalità pubblicitarie.",
    ),
    (
        "it",
        "Gli utenti possono revocare il consenso all'uso dei dati di localizzazione per finalità pubblicitarie.",
        "Gli utenti ci danno il consenso all'uso dei dati di localizzazione per finalità pubblicitarie.",
    ),
]


def _cases() -> list[tuple[str, str, str, str, str]]:
    return [
        (family, fact, lang, yes, no)
        for family, fact, texts in FAMILIES
        for lang, (yes, no) in texts.items()
    ]


@pytest.mark.parametrize(("family", "fact", "lang", "yes", "no"), _cases())
def test_a_text_of_the_family_gives_the_fact(
    family: str, fact: str, lang: str, yes: str, no: str
) -> None:
    assert fact in stated(read(yes, lang)), (family, lang)


@pytest.mark.parametrize(("family", "fact", "lang", "yes", "no"), _cases())
def test_its_twin_in_near_identical_words_does_not(
    family: str, fact: str, lang: str, yes: str, no: str
) -> None:
    assert fact not in stated(read(no, lang)), (family, lang)


def test_every_family_is_written_in_six_languages() -> None:
    for family, _, texts in FAMILIES:
        assert set(texts) == set(LANGS), family


@pytest.mark.parametrize(("lang", "right", "statement"), THIRD_PERSON)
def test_third_person_rights_state_no_processing(lang: str, right: str, statement: str) -> None:
    assert not stated(read(right, lang))
    assert {"data.location", "purpose.advertising"} <= stated(read(statement, lang))


def test_a_data_label_ties_the_service_it_names_to_its_data() -> None:
    facts = read("We also offer customer support by chatbot. Data used:\n\n* your name", "en")
    links = {link for st in facts.statements for link in st.links}
    assert "purpose.support>data.ai_inputs" in links


def test_a_data_label_makes_the_list_under_it_processing() -> None:
    """ "Data concerned" has no processing verb; as a label it still opens a list of data."""
    text = "We also offer customer support by chatbot. Data concerned:\n\n* your IP address"
    assert "data.technical" in stated(read(text, "en"))
    assert "data.technical" not in stated(
        read("We also offer customer support by chatbot. Details:\n\n* your IP address", "en")
    )


def test_a_data_label_must_be_the_whole_last_sentence() -> None:
    text = "We also offer customer support by chatbot. Ask it anything about the data used:\n\n* a"
    assert "data.ai_inputs" not in stated(read(text, "en"))


def test_the_clause_gap_spans_long_objects_but_not_a_new_clause() -> None:
    pattern = compile_pattern("transmit ...+ to the provider")
    long_object = ", ".join(f"item {i}" for i in range(12))
    assert pattern.regex.search(fold(f"we transmit {long_object} to the provider"))
    assert not pattern.regex.search(fold(f"we transmit {long_object}, and we pay to the provider"))
    assert not pattern.regex.search(fold("we transmit it. Then to the provider"))
    too_long = " ".join(["word"] * 31)
    assert not pattern.regex.search(fold(f"we transmit {too_long} to the provider"))


def test_the_clause_gap_is_a_gap_of_at_most_thirty_words() -> None:
    pattern = compile_pattern("transmit ...+ to the provider")
    assert pattern.regex.search(fold("we transmit " + " ".join(["word"] * 30) + " to the provider"))


def test_a_short_gap_is_unchanged() -> None:
    pattern = compile_pattern("transmit ... to the provider")
    assert not pattern.regex.search(
        fold("we transmit " + " ".join(["word"] * 7) + " to the provider")
    )


def test_requesting_a_feature_is_no_rights_request() -> None:
    """A request as a verb opens no rights request: the identity check is for the feature."""
    text = "When you request premium features, we may verify your identity with documents."
    assert "data.verification" in stated(read(text, "en"))
    text = "When you make a request, we may verify your identity with documents."
    assert "data.verification" not in stated(read(text, "en"))


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "We also offer customer support by chatbot.\n\nData used:\n\n* your name"),
        (
            "fr",
            "Nous proposons aussi un service client par chatbot.\n\nDonnées utilisées :\n\n* votre nom",
        ),
        (
            "de",
            "Wir bieten auch Kundenservice über einen Chatbot an.\n\nVerwendete Daten:\n\n* Ihr Name",
        ),
    ],
)
def test_a_data_label_in_its_own_paragraph_speaks_for_the_paragraph_before(
    lang: str, text: str
) -> None:
    assert "data.ai_inputs" in stated(read(text, lang))
    other = text.replace(text.split("\n\n")[1], "Contact:" if lang == "en" else "Kontakt:")
    assert "data.ai_inputs" not in stated(read(other, lang))


def test_the_company_acting_on_a_request_is_processing() -> None:
    """A third party asking is no right of the person: the company then processes."""
    text = (
        "We rely on consent to share your location history with the police, such as where a"
        " member requests that we provide it to help find a stolen phone."
    )
    assert "data.location" in stated(read(text, "en"))
