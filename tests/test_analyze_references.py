"""Back-references: a sentence that points back at the data or purposes of the sentence
before it ("We use this information to ...", "For this purpose, we use ...", "We base this
processing on ...") ties them, in the six lexicon languages.

Every fixture is written for this rule (one paragraph per wording family and language),
not taken from a real notice.
"""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.diff.facts import view
from monitor.extract import extract
from tests.families import LANGS

#: "We collect your precise location. We use this information to show you personalised
#: advertising." (back to the data of the sentence before).
BACK_DATA = {
    "en": "We collect your precise location. We use this information to show you personalised advertising.",
    "fr": "Nous collectons votre localisation précise. Nous utilisons ces données pour vous montrer de la publicité personnalisée.",
    "de": "Wir erheben Ihren genauen Standort. Diese Daten verwenden wir für personalisierte Werbung.",
    "es": "Recopilamos su ubicación precisa. Utilizamos estos datos para mostrarle publicidad personalizada.",
    "it": "Raccogliamo la tua posizione precisa. Utilizziamo questi dati per mostrarti pubblicità personalizzata.",
    "nl": "Wij verzamelen je precieze locatie. Deze gegevens gebruiken wij voor gepersonaliseerde advertenties.",
}

#: "We want to show you personalised advertising. For this purpose, we use your precise
#: location. We base this processing on our legitimate interests." (back to the purpose;
#: then back to both for the basis).
BACK_PURPOSE = {
    "en": "We want to show you personalised advertising. For this purpose, we use your precise location. We base this processing on our legitimate interests.",
    "fr": "Nous souhaitons vous montrer de la publicité personnalisée. À cette fin, nous utilisons votre localisation précise. Ce traitement est fondé sur notre intérêt légitime.",
    "de": "Wir möchten Ihnen personalisierte Werbung zeigen. Zu diesem Zweck verwenden wir Ihren genauen Standort. Diese Verarbeitung beruht auf unserem berechtigten Interesse.",
    "es": "Queremos mostrarle publicidad personalizada. Para este fin, utilizamos su ubicación precisa. Este tratamiento se basa en nuestro interés legítimo.",
    "it": "Vogliamo mostrarti pubblicità personalizzata. A tal fine, utilizziamo la tua posizione precisa. Questo trattamento si basa sul nostro legittimo interesse.",
    "nl": "Wij willen je gepersonaliseerde advertenties tonen. Voor dit doel gebruiken wij je precieze locatie. Deze verwerking is gebaseerd op ons gerechtvaardigd belang.",
}

#: The same two facts in two sentences with no word pointing back: no tie.
NO_REFERENCE = {
    "en": "We collect your precise location. We also show you personalised advertising.",
    "fr": "Nous collectons votre localisation précise. Nous vous montrons aussi de la publicité personnalisée.",
    "de": "Wir erheben Ihren genauen Standort. Wir zeigen Ihnen außerdem personalisierte Werbung.",
    "es": "Recopilamos su ubicación precisa. También le mostramos publicidad personalizada.",
    "it": "Raccogliamo la tua posizione precisa. Ti mostriamo anche pubblicità personalizzata.",
    "nl": "Wij verzamelen je precieze locatie. Wij tonen je ook gepersonaliseerde advertenties.",
}

#: "We use your IP address for security. We use this information, and your contacts, to
#: show personalised advertising.": the referring sentence names data of its own
#: (contacts), which win over the reference; the earlier data are not tied to advertising.
OWN_WORDS_WIN = {
    "en": "We use your IP address to prevent fraud. We use this information and your contact list to show you personalised advertising.",
}


def links(text: str, lang: str) -> frozenset[str]:
    return view(
        analyze(extract(f"# Notice\n\n{text}\n".encode(), "text/markdown"), language=lang)
    ).links


@pytest.mark.parametrize("lang", LANGS)
def test_data_named_before_is_tied_to_the_purpose_of_a_sentence_pointing_back(lang: str) -> None:
    assert "purpose.advertising>data.location" in links(BACK_DATA[lang], lang)


@pytest.mark.parametrize("lang", LANGS)
def test_purpose_named_before_takes_the_data_and_basis_of_sentences_pointing_back(
    lang: str,
) -> None:
    found = links(BACK_PURPOSE[lang], lang)
    assert "purpose.advertising>data.location" in found
    assert "basis.legitimate_interests>purpose.advertising" in found


@pytest.mark.parametrize("lang", LANGS)
def test_no_tie_across_sentences_without_a_reference(lang: str) -> None:
    assert "purpose.advertising>data.location" not in links(NO_REFERENCE[lang], lang)


def test_a_sentence_own_data_win_over_its_reference() -> None:
    found = links(OWN_WORDS_WIN["en"], "en")
    assert "purpose.advertising>data.social" in found
    assert "purpose.advertising>data.technical" not in found


def test_a_reference_does_not_reach_into_the_paragraph_before() -> None:
    text = "We collect your precise location.\n\nWe use this information to show you personalised advertising."
    assert "purpose.advertising>data.location" not in links(text, "en")


def test_a_reference_in_a_rights_sentence_ties_no_basis() -> None:
    text = (
        "We use your precise location to show you personalised advertising. "
        "You have the right to object to this processing based on our legitimate interests."
    )
    found = links(text, "en")
    assert "purpose.advertising>data.location" in found
    assert not any(link.startswith("basis.") for link in found)
