"""Ties the text states that a reader makes at once, by family of wordings (issue 8, link recall).

Each family has a text whose tie must be made and a twin in near-identical words whose tie
must not (or the reverse). Every fixture is written for these rules, not taken from a real
notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.diff.facts import FactView, view
from monitor.extract import extract


def read(text: str, lang: str = "en") -> FactView:
    return view(analyze(extract(f"# Notice\n\n{text}\n".encode(), "text/markdown"), language=lang))


# ------------------------------------------------- a purpose column listing several purposes

#: Family "a purpose cell listing short purpose labels beside a legal-basis cell": every
#: label is a purpose of the row and takes the row's basis.
LABEL_LIST = """\
| Purpose of processing | Legal basis |
| --- | --- |
| 1. Account management<br><br>2. Fraud prevention<br><br>3. Personalised recommendations | Legitimate interests |
| 4. Newsletters | Consent |
"""

#: The twin: the first line names the row's purpose, the lines after it describe it in
#: sentences; the purposes of the description do not take the row's basis.
LABEL_THEN_SENTENCES = """\
| Purpose of processing | Legal basis |
| --- | --- |
| 1. Account management<br><br>We check logins to prevent fraud. We may show personalised recommendations on your account page. | Legitimate interests |
| 4. Newsletters | Consent |
"""


def test_every_label_of_a_purpose_list_takes_the_rows_basis() -> None:
    found = read(LABEL_LIST)
    assert "basis.legitimate_interests>purpose.security" in found.links, sorted(found.links)
    assert "basis.legitimate_interests>purpose.personalization" in found.links
    assert "basis.consent>purpose.marketing" in found.links
    assert "basis.consent>purpose.security" not in found.links


def test_a_description_after_the_first_line_does_not_take_the_rows_basis() -> None:
    found = read(LABEL_THEN_SENTENCES)
    assert {"purpose.security", "purpose.personalization"} <= found.affirmed
    assert "basis.legitimate_interests>purpose.security" not in found.links, sorted(found.links)
    assert "basis.legitimate_interests>purpose.personalization" not in found.links


def test_a_label_list_with_its_own_asides_still_counts() -> None:
    text = LABEL_LIST.replace(
        "2. Fraud prevention", "2. Fraud prevention (where not required by our contract)"
    )
    assert "basis.legitimate_interests>purpose.security" in read(text).links


# ------------------------------------------------- a paragraph that opens by pointing back

#: Family "a paragraph that opens by pointing back": its first sentence speaks of the last
#: sentence with facts of the paragraph before it, under the same heading.
POINTING_BACK = {
    "en": (
        "We analyse your booking history to personalise the trips we show you.",
        "We base this processing on our legitimate interests.",
        "We base our processing on our legitimate interests.",
    ),
    "fr": (
        "Nous analysons votre historique de réservation afin de vous recommander des voyages.",
        "Nous avons fondé ce traitement sur notre intérêt légitime.",
        "Nous avons fondé notre traitement sur notre intérêt légitime.",
    ),
    "de": (
        "Wir analysieren Ihren Buchungsverlauf, um Ihnen personalisierte Reiseangebote anzuzeigen.",
        "Rechtsgrundlage für diese Verarbeitung ist unser berechtigtes Interesse.",
        "Rechtsgrundlage für unsere Verarbeitung ist unser berechtigtes Interesse.",
    ),
    "es": (
        "Analizamos su historial de reservas para personalizar los viajes que le mostramos.",
        "Basamos este tratamiento en nuestro interés legítimo.",
        "Basamos nuestro tratamiento en nuestro interés legítimo.",
    ),
    "it": (
        "Analizziamo la cronologia delle prenotazioni per personalizzare i viaggi che ti mostriamo.",
        "Basiamo questo trattamento sul nostro legittimo interesse.",
        "Basiamo il nostro trattamento sul nostro legittimo interesse.",
    ),
    "nl": (
        "Wij analyseren uw boekingsgeschiedenis om de reizen die wij u tonen te personaliseren.",
        "Wij baseren deze verwerking op ons gerechtvaardigd belang.",
        "Wij baseren onze verwerking op ons gerechtvaardigd belang.",
    ),
}

LI_PERSONALIZATION = "basis.legitimate_interests>purpose.personalization"


@pytest.mark.parametrize("lang", sorted(POINTING_BACK))
def test_a_paragraph_pointing_back_ties_the_paragraph_before(lang: str) -> None:
    before, pointing, _ = POINTING_BACK[lang]
    found = read(f"## Trips\n\n{before}\n\n{pointing}", lang)
    assert LI_PERSONALIZATION in found.links, sorted(found.links)


@pytest.mark.parametrize("lang", sorted(POINTING_BACK))
def test_a_paragraph_without_a_pointer_ties_nothing_before_it(lang: str) -> None:
    before, _, plain = POINTING_BACK[lang]
    found = read(f"## Trips\n\n{before}\n\n{plain}", lang)
    assert "basis.legitimate_interests" in found.affirmed
    assert LI_PERSONALIZATION not in found.links, sorted(found.links)


@pytest.mark.parametrize("lang", sorted(POINTING_BACK))
def test_a_pointer_does_not_reach_across_a_heading(lang: str) -> None:
    before, pointing, _ = POINTING_BACK[lang]
    found = read(f"## Trips\n\n{before}\n\n## Other uses\n\n{pointing}", lang)
    assert LI_PERSONALIZATION not in found.links, sorted(found.links)


def test_a_data_sentence_pointing_back_at_a_purpose_paragraph() -> None:
    text = "## Offers\n\nWe send you marketing emails.\n\nFor this purpose, we use your purchase history."
    assert "purpose.marketing>data.activity" in read(text).links
    twin = text.replace("For this purpose, we", "We also")
    assert "data.activity" in read(twin).affirmed
    assert "purpose.marketing>data.activity" not in read(twin).links


def test_only_the_first_sentence_of_a_paragraph_points_back_across() -> None:
    before, pointing, _ = POINTING_BACK["en"]
    text = f"## Trips\n\n{before}\n\nWe keep your messages with our support team. {pointing}"
    found = read(text)
    assert LI_PERSONALIZATION not in found.links, sorted(found.links)


# ------------------------------------------------- a lead-in naming what its list items do not

#: Family "a lead-in naming what its list items do not": a list item finishes its lead-in's
#: sentence, and takes the purposes (or data) that sentence names when it names none itself.
#: (lead-in, an item naming only data, the same item naming its own purpose)
LEAD_INS = {
    "en": (
        "To detect fraud, we collect the following information:",
        "your IP address",
        "your IP address, to show you local advertising",
    ),
    "fr": (
        "Afin de détecter la fraude, nous collectons les informations suivantes :",
        "votre adresse IP",
        "votre adresse IP, pour vous montrer des publicités locales",
    ),
    "de": (
        "Um Betrug zu erkennen, erheben wir folgende Daten:",
        "Ihre IP-Adresse",
        "Ihre IP-Adresse, um Ihnen lokale Werbung anzuzeigen",
    ),
    "es": (
        "Para detectar el fraude, recopilamos la siguiente información:",
        "su dirección IP",
        "su dirección IP, para mostrarle publicidad local",
    ),
    "it": (
        "Per rilevare le frodi, raccogliamo le seguenti informazioni:",
        "il tuo indirizzo IP",
        "il tuo indirizzo IP, per mostrarti pubblicità locale",
    ),
    "nl": (
        "Om fraude op te sporen, verzamelen wij de volgende gegevens:",
        "uw IP-adres",
        "uw IP-adres, om u lokale advertenties te tonen",
    ),
}


@pytest.mark.parametrize("lang", sorted(LEAD_INS))
def test_a_data_item_takes_the_purpose_of_its_lead_in(lang: str) -> None:
    lead, item, _ = LEAD_INS[lang]
    found = read(f"## Trips\n\n{lead}\n\n- {item}\n", lang)
    assert "purpose.security>data.technical" in found.links, sorted(found.links)


@pytest.mark.parametrize("lang", sorted(LEAD_INS))
def test_an_item_naming_its_own_purpose_keeps_it(lang: str) -> None:
    lead, _, own = LEAD_INS[lang]
    found = read(f"## Trips\n\n{lead}\n\n- {own}\n", lang)
    assert "purpose.advertising>data.technical" in found.links, sorted(found.links)
    assert "purpose.security>data.technical" not in found.links


def test_a_bare_lead_in_speaks_of_the_purpose_of_the_sentence_before_it() -> None:
    text = (
        "## AI\n\nWe use your data to train our AI models. The legal bases we rely on are:\n\n"
        "- Consent\n- Legitimate interests\n"
    )
    found = read(text)
    assert "basis.consent>purpose.ai_training" in found.links, sorted(found.links)
    assert "basis.legitimate_interests>purpose.ai_training" in found.links


def test_data_of_an_earlier_sentence_of_the_lead_in_are_not_the_items() -> None:
    text = (
        "## Uses\n\nWe use your browsing history for the following purposes:\n\n- to detect fraud\n"
    )
    assert "purpose.security>data.activity" in read(text).links
    twin = (
        "## Uses\n\nWe keep your browsing history for a year. We use your data for the "
        "following purposes:\n\n- to detect fraud\n"
    )
    found = read(twin)
    assert "data.activity" in found.affirmed
    assert "purpose.security>data.activity" not in found.links, sorted(found.links)


def test_a_lead_in_reaches_no_list_under_another_heading() -> None:
    lead, item, _ = LEAD_INS["en"]
    found = read(f"## Trips\n\n{lead}\n\n## Other\n\n- {item}\n")
    assert "purpose.security>data.technical" not in found.links, sorted(found.links)


def test_only_the_first_sentence_of_an_item_finishes_its_lead_in() -> None:
    lead, item, _ = LEAD_INS["en"]
    found = read(f"## Trips\n\n{lead}\n\n- {item}. We also keep your payment card details.\n")
    assert "purpose.security>data.technical" in found.links, sorted(found.links)
    assert "data.financial" in found.affirmed
    assert "purpose.security>data.financial" not in found.links


# ------------------------------------------------- the basis of the processing just described

#: Family "the basis of the processing just described": a sentence naming a basis and
#: pointing back with a pro-form ("We do this", "This is based on", „Dies erfolgt“)
#: takes the purposes of the sentence before it. (processing sentence, basis sentence, the
#: basis sentence without its pointer)
BASIS_AFTER = {
    "en": (
        "We use your location to show you local ads.",
        "We do this on the basis of our legitimate interests.",
        "Our legitimate interests are listed in section 5.",
    ),
    "fr": (
        "Nous utilisons votre localisation pour vous montrer des publicités locales.",
        "Nous le faisons sur la base de notre intérêt légitime.",
        "Nos intérêts légitimes sont listés à la section 5.",
    ),
    "de": (
        "Wir verwenden Ihren Standort, um Ihnen lokale Werbung anzuzeigen.",
        "Dies erfolgt auf Grundlage unseres berechtigten Interesses.",
        "Unsere berechtigten Interessen sind in Abschnitt 5 aufgeführt.",
    ),
    "es": (
        "Utilizamos su ubicación para mostrarle anuncios locales.",
        "Lo hacemos sobre la base de nuestro interés legítimo.",
        "Nuestros intereses legítimos se enumeran en la sección 5.",
    ),
    "it": (
        "Utilizziamo la tua posizione per mostrarti annunci locali.",
        "Lo facciamo sulla base del nostro legittimo interesse.",
        "I nostri legittimi interessi sono elencati nella sezione 5.",
    ),
    "nl": (
        "Wij gebruiken uw locatie om u lokale advertenties te tonen.",
        "Wij doen dit op basis van ons gerechtvaardigd belang.",
        "Onze gerechtvaardigde belangen staan in paragraaf 5.",
    ),
}

LI_ADS = "basis.legitimate_interests>purpose.advertising"


@pytest.mark.parametrize("lang", sorted(BASIS_AFTER))
def test_a_basis_sentence_pointing_back_ties_the_purpose_before_it(lang: str) -> None:
    before, basis, _ = BASIS_AFTER[lang]
    found = read(f"## Details\n\n{before} {basis}", lang)
    assert LI_ADS in found.links, sorted(found.links)


@pytest.mark.parametrize("lang", sorted(BASIS_AFTER))
def test_a_basis_sentence_without_a_pointer_ties_nothing_before_it(lang: str) -> None:
    before, _, plain = BASIS_AFTER[lang]
    found = read(f"## Details\n\n{before} {plain}", lang)
    assert LI_ADS not in found.links, sorted(found.links)


def test_a_basis_sentence_with_its_own_purpose_keeps_it_and_takes_no_data() -> None:
    before, _, _ = BASIS_AFTER["en"]
    text = f"## Details\n\n{before} We do this on the basis of our legitimate interest in preventing fraud."
    found = read(text)
    assert "basis.legitimate_interests>purpose.security" in found.links, sorted(found.links)
    assert LI_ADS not in found.links
    # The pointer speaks of the processing's purposes, not of its data.
    assert "purpose.security>data.location" not in found.links


def test_a_data_pointer_does_not_reach_into_the_paragraph_before() -> None:
    # The purpose pointer crosses the paragraph break; a data pointer does not.
    text = "## Details\n\nWe collect your precise location.\n\nWe use this information to show you ads."
    assert "purpose.advertising>data.location" not in read(text).links


def test_a_bare_lead_in_pointing_back_at_data_gives_them_to_its_items() -> None:
    text = (
        "## Details\n\nWe collect your IP address. We use it for the following purposes:\n\n"
        "- to detect fraud\n"
    )
    assert "purpose.security>data.technical" in read(text).links, sorted(read(text).links)
    # Without the pointer, the data of the sentence before stay there.
    twin = text.replace("We use it for", "We use your data for")
    assert "purpose.security>data.technical" not in read(twin).links


def test_a_bare_lead_in_does_not_speak_of_a_denial_before_it() -> None:
    lead = "We use personal data for the following activities:\n\n- your IP address, in our logs\n"
    text = f"## Details\n\nOur staff access your messages for security reasons. {lead}"
    assert "purpose.security>data.technical" in read(text).links, sorted(read(text).links)
    twin = f"## Details\n\nOur staff do not access your messages unless required for security reasons. {lead}"
    assert "purpose.security>data.technical" not in read(twin).links, sorted(read(twin).links)
