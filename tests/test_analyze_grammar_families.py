"""Statement grammar families: how far a back-reference reaches, how far a pointer silences.

- A sentence that names no purpose or data of its own but refers back to the processing
  of the sentence before by its practices, activities or operations ("these practices",
  « ces opérations », „diese Vorgänge“, "estas operaciones", "tali attività", "deze
  activiteiten") speaks of that sentence's purposes and data, as "this processing"
  already did: the legal basis it gives is tied to them.
- A pointer inside a parenthesis ("(for more information, see ...)") is an aside: it
  silences its clause of the parenthesis, not the whole sentence. Outside a parenthesis
  it still silences its sentence; a right in brackets still silences its sentence, which
  it often names ("If you no longer want our ads (your right to object), contact us").

Each family has a statement and a twin in near-identical words that does not state it.
The fixtures are written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.test_analyze_precision_families import LANGS, read

# --------------------------------------------------------------------------- back-references

#: (statement, the twin, which points at no earlier processing): the first sentence of
#: each uses browsing history for ads; the second gives consent as the legal basis.
PRACTICES = {
    "en": (
        "We use your browsing history to show you personalised ads. Where these practices involve personal data, the legal basis is your consent.",
        "We use your browsing history to show you personalised ads. Where other practices involve personal data, the legal basis is your consent.",
    ),
    "fr": (
        "Nous utilisons votre historique de navigation pour vous montrer des publicités personnalisées. Lorsque ces opérations portent sur des données personnelles, la base juridique est votre consentement.",
        "Nous utilisons votre historique de navigation pour vous montrer des publicités personnalisées. Lorsque d'autres opérations portent sur des données personnelles, la base juridique est votre consentement.",
    ),
    "de": (
        "Wir nutzen Ihren Browserverlauf, um Ihnen personalisierte Werbung anzuzeigen. Soweit diese Vorgänge personenbezogene Daten betreffen, ist die Rechtsgrundlage Ihre Einwilligung.",
        "Wir nutzen Ihren Browserverlauf, um Ihnen personalisierte Werbung anzuzeigen. Soweit andere Vorgänge personenbezogene Daten betreffen, ist die Rechtsgrundlage Ihre Einwilligung.",
    ),
    "es": (
        "Utilizamos su historial de navegación para mostrarle anuncios personalizados. Cuando estas operaciones impliquen datos personales, la base jurídica es su consentimiento.",
        "Utilizamos su historial de navegación para mostrarle anuncios personalizados. Cuando otras operaciones impliquen datos personales, la base jurídica es su consentimiento.",
    ),
    "it": (
        "Utilizziamo la tua cronologia di navigazione per mostrarti annunci personalizzati. Quando tali attività riguardano dati personali, la base giuridica è il tuo consenso.",
        "Utilizziamo la tua cronologia di navigazione per mostrarti annunci personalizzati. Quando altre attività riguardano dati personali, la base giuridica è il tuo consenso.",
    ),
    "nl": (
        "Wij gebruiken uw surfgedrag om u gepersonaliseerde advertenties te tonen. Voor zover deze activiteiten persoonsgegevens betreffen, is de rechtsgrond uw toestemming.",
        "Wij gebruiken uw surfgedrag om u gepersonaliseerde advertenties te tonen. Voor zover andere activiteiten persoonsgegevens betreffen, is de rechtsgrond uw toestemming.",
    ),
}

#: Other members of the family, in the same frame: "{}" is where the reference goes.
OTHER_NAMES = {
    "en": ["such practices", "these activities", "these processing operations"],
    "fr": ["ces pratiques", "ces activités de traitement", "ces utilisations"],
    "de": ["diese Verarbeitungen", "diese Verarbeitungsvorgänge", "solche Praktiken"],
    "es": ["estas actividades", "tales prácticas", "dichas operaciones de tratamiento"],
    "it": ["queste operazioni", "tali pratiche", "queste attività di trattamento"],
    "nl": ["deze handelingen", "dergelijke praktijken", "deze verwerkingshandelingen"],
}

#: The word of each twin that the other names replace.
TWIN_WORD = {
    "en": "other practices",
    "fr": "d'autres opérations",
    "de": "andere Vorgänge",
    "es": "otras operaciones",
    "it": "altre attività",
    "nl": "andere activiteiten",
}

CONSENT_FOR_ADS = "basis.consent>purpose.advertising"


@pytest.mark.parametrize("lang", LANGS)
def test_these_practices_carry_the_purpose_to_the_next_sentences_basis(lang: str) -> None:
    found = read(PRACTICES[lang][0], lang)
    assert CONSENT_FOR_ADS in found.links
    assert "purpose.advertising>data.activity" in found.links


@pytest.mark.parametrize("lang", LANGS)
def test_other_practices_point_at_nothing(lang: str) -> None:
    found = read(PRACTICES[lang][1], lang)
    assert "basis.consent" in found.affirmed
    assert CONSENT_FOR_ADS not in found.links


@pytest.mark.parametrize(("lang", "name"), [(lang, n) for lang in LANGS for n in OTHER_NAMES[lang]])
def test_every_name_of_the_practices_points_back(lang: str, name: str) -> None:
    text = PRACTICES[lang][1].replace(TWIN_WORD[lang], name)
    assert text != PRACTICES[lang][1]
    assert CONSENT_FOR_ADS in read(text, lang).links


# --------------------------------------------------------------------------- pointers in asides

#: (a pointer in a parenthesis after the fact, the same pointer opening a clause of the
#: sentence): the first states the training, the twin is a pointer sentence.
POINTER_ASIDES = {
    "en": (
        "We use your posts to train our AI models (for more information, see our AI page).",
        "We use your posts to train our AI models, for more information see our AI page.",
    ),
    "fr": (
        "Nous utilisons vos publications pour entraîner nos modèles d'IA (pour plus d'informations, consultez notre page IA).",
        "Nous utilisons vos publications pour entraîner nos modèles d'IA, pour plus d'informations consultez notre page IA.",
    ),
    "de": (
        "Wir verwenden Ihre Beiträge, um unsere KI-Modelle zu trainieren (weitere Informationen finden Sie auf unserer KI-Seite).",
        "Wir verwenden Ihre Beiträge, um unsere KI-Modelle zu trainieren, weitere Informationen finden Sie auf unserer KI-Seite.",
    ),
}


@pytest.mark.parametrize("lang", sorted(POINTER_ASIDES))
def test_a_pointer_in_a_parenthesis_silences_only_the_parenthesis(lang: str) -> None:
    found = read(POINTER_ASIDES[lang][0], lang)
    assert "purpose.ai_training>data.content" in found.links


@pytest.mark.parametrize("lang", sorted(POINTER_ASIDES))
def test_a_pointer_outside_a_parenthesis_silences_its_sentence(lang: str) -> None:
    found = read(POINTER_ASIDES[lang][1], lang)
    assert "purpose.ai_training" not in found.affirmed


def test_a_pointer_after_a_dash_silences_only_its_clause_of_the_parenthesis() -> None:
    item = (
        "We collect your messages.\n\n* Offer certain features (including AI training on your"
        " messages - click here for more information)."
    )
    found = read(item, "en")
    assert "purpose.ai_training" in found.affirmed


def test_the_whole_sentence_in_a_parenthesis_stays_a_pointer() -> None:
    text = "We collect your email address. (For more information on how we use your posts to train AI models, see our AI page.)"
    found = read(text, "en")
    assert "purpose.ai_training" not in found.affirmed


def test_a_parenthesis_left_open_keeps_the_sentence_quiet() -> None:
    text = "We use your posts to train our AI models (for more information, see our AI page."
    found = read(text, "en")
    assert "purpose.ai_training" not in found.affirmed


# --------------------------------------------------------------------------- retention criteria

#: (a reason for keeping data, weighed when setting retention periods: no basis of
#: processing; the twin, which bases processing on the same interest). Once a pointer in
#: a parenthesis no longer silences a whole list item, "our legitimate interests for
#: retaining the information (to learn more, see above)" among retention criteria would
#: otherwise read as a legal basis.
RETENTION_INTERESTS = {
    "en": (
        "We consider our legitimate interests in retaining the information.",
        "We rely on our legitimate interests in processing the information.",
    ),
    "fr": (
        "Nous tenons compte de notre intérêt légitime à conserver les données.",
        "Nous nous fondons sur notre intérêt légitime à traiter les données.",
    ),
    "de": (
        "Wir berücksichtigen unser berechtigtes Interesse an der Aufbewahrung der Daten.",
        "Wir stützen uns auf unser berechtigtes Interesse an der Verarbeitung der Daten.",
    ),
    "es": (
        "Tenemos en cuenta nuestro interés legítimo en conservar los datos.",
        "Nos basamos en nuestro interés legítimo en tratar los datos.",
    ),
    "it": (
        "Teniamo conto del nostro interesse legittimo a conservare i dati.",
        "Ci basiamo sul nostro interesse legittimo a trattare i dati.",
    ),
    "nl": (
        "Wij houden rekening met ons gerechtvaardigd belang bij het bewaren van de gegevens.",
        "Wij baseren ons op ons gerechtvaardigd belang bij het verwerken van de gegevens.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_an_interest_in_retaining_data_is_a_retention_criterion(lang: str) -> None:
    assert "basis.legitimate_interests" not in read(RETENTION_INTERESTS[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_an_interest_in_processing_data_is_a_basis(lang: str) -> None:
    assert "basis.legitimate_interests" in read(RETENTION_INTERESTS[lang][1], lang).affirmed


def test_a_retention_criterion_with_a_pointer_in_a_list_states_no_basis() -> None:
    text = (
        "When setting retention periods, we take into account:\n\n"
        "* our legitimate interests for retaining the information (to learn more, see the section above);\n"
        "* the statute of limitations."
    )
    assert "basis.legitimate_interests" not in read(text, "en").affirmed


# --------------------------------------------------------------------------- explicit agreement

#: (explicit agreement, which is explicit consent; plain agreement, which is not; explicit
#: acceptance of the terms of use, which is the contract, not consent).
EXPLICIT_AGREEMENT = {
    "en": (
        "We use your health data to tailor your training plan where you have expressly agreed to it.",
        "We use your health data to tailor your training plan where you have agreed to it.",
        "We use your health data to tailor your training plan where you have expressly accepted our terms of use.",
    ),
    "fr": (
        "Nous utilisons vos données de santé pour adapter votre programme d'entraînement si vous l'avez expressément accepté.",
        "Nous utilisons vos données de santé pour adapter votre programme d'entraînement si vous l'avez accepté.",
        "Nous utilisons vos données de santé pour adapter votre programme d'entraînement si vous avez expressément accepté nos conditions générales.",
    ),
    "de": (
        "Wir verwenden Ihre Gesundheitsdaten, um Ihren Trainingsplan anzupassen, wenn Sie dem ausdrücklich zugestimmt haben.",
        "Wir verwenden Ihre Gesundheitsdaten, um Ihren Trainingsplan anzupassen, wenn Sie dem zugestimmt haben.",
        "Wir verwenden Ihre Gesundheitsdaten, um Ihren Trainingsplan anzupassen, wenn Sie ausdrücklich unsere Nutzungsbedingungen akzeptiert haben.",
    ),
    "es": (
        "Utilizamos sus datos de salud para adaptar su plan de entrenamiento si lo ha aceptado expresamente.",
        "Utilizamos sus datos de salud para adaptar su plan de entrenamiento si lo ha aceptado.",
        "Utilizamos sus datos de salud para adaptar su plan de entrenamiento si ha aceptado expresamente los términos de uso.",
    ),
    "it": (
        "Utilizziamo i tuoi dati sanitari per adattare il tuo piano di allenamento se lo hai accettato espressamente.",
        "Utilizziamo i tuoi dati sanitari per adattare il tuo piano di allenamento se lo hai accettato.",
        "Utilizziamo i tuoi dati sanitari per adattare il tuo piano di allenamento se hai accettato espressamente i termini di servizio.",
    ),
    "nl": (
        "Wij gebruiken uw gezondheidsgegevens om uw trainingsschema aan te passen als u daar uitdrukkelijk mee hebt ingestemd.",
        "Wij gebruiken uw gezondheidsgegevens om uw trainingsschema aan te passen als u daarmee hebt ingestemd.",
        "Wij gebruiken uw gezondheidsgegevens om uw trainingsschema aan te passen als u uitdrukkelijk hebt ingestemd met de algemene voorwaarden.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_explicit_agreement_is_explicit_consent(lang: str) -> None:
    found = read(EXPLICIT_AGREEMENT[lang][0], lang)
    assert "basis.explicit_consent" in found.affirmed
    assert "data.health" in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_plain_agreement_is_no_explicit_consent(lang: str) -> None:
    assert "basis.explicit_consent" not in read(EXPLICIT_AGREEMENT[lang][1], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_explicitly_accepted_terms_are_no_explicit_consent(lang: str) -> None:
    assert "basis.explicit_consent" not in read(EXPLICIT_AGREEMENT[lang][2], lang).affirmed


def test_a_right_in_a_parenthesis_still_silences_its_sentence() -> None:
    text = (
        "If you no longer want to receive our personalised ads (you have the right to object"
        " at any time), write to us."
    )
    assert "purpose.advertising" not in read(text, "en").affirmed
    pointer = text.replace(
        "you have the right to object at any time", "see our ads page for details"
    )
    assert "purpose.advertising" in read(pointer, "en").affirmed
