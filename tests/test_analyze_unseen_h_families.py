"""Wording families behind misreadings on a fifth sample of unlabelled English notices.

- Data named by the outside source it comes from, without a verb of receiving, is data
  received from third parties: "information from partners", "datasets from publicly
  available sources", « données provenant de fournisseurs de données », „Informationen von
  Werbepartnern“. Twin: the same data sent *to* those parties, or coming from the person's
  own device or from the service itself, is not.

Each family has a sentence that states the fact and a twin in near-identical words that
does not (or the reverse). The fixtures are written for these rules, not taken from a
real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

THIRD_PARTY = "data.third_party"

#: {lang: (data named by the outside source it comes from, the twin: the same data sent to it)}
FROM_A_SOURCE = {
    "en": (
        "We use information from advertising partners to measure our campaigns.",
        "We send information to advertising partners to measure our campaigns.",
    ),
    "fr": (
        "Nous utilisons des données provenant de fournisseurs de données pour mesurer nos campagnes.",
        "Nous envoyons des données à des fournisseurs de données pour mesurer nos campagnes.",
    ),
    "de": (
        "Wir nutzen Informationen von Werbepartnern, um unsere Kampagnen zu messen.",
        "Wir geben Informationen an Werbepartner weiter, um unsere Kampagnen zu messen.",
    ),
    "es": (
        "Utilizamos datos procedentes de proveedores de datos para medir nuestras campañas.",
        "Enviamos datos a proveedores de datos para medir nuestras campañas.",
    ),
    "it": (
        "Utilizziamo dati provenienti da fornitori di dati per misurare le nostre campagne.",
        "Inviamo dati a fornitori di dati per misurare le nostre campagne.",
    ),
    "nl": (
        "We gebruiken gegevens van dataleveranciers om onze campagnes te meten.",
        "We sturen gegevens naar dataleveranciers om onze campagnes te meten.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_data_named_by_the_source_it_comes_from_is_third_party_data(lang: str) -> None:
    assert THIRD_PARTY in read(FROM_A_SOURCE[lang][0], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_the_same_data_sent_to_that_party_is_not(lang: str) -> None:
    assert THIRD_PARTY not in read(FROM_A_SOURCE[lang][1], lang).affirmed


def test_datasets_from_public_sources_are_third_party_data() -> None:
    facts = read("Datasets from publicly available sources help us train our models.", "en")
    assert THIRD_PARTY in facts.affirmed


@pytest.mark.parametrize(
    "twin",
    [
        "Datasets from our own services help us train our models.",
        "We use information from your device to provide the service.",
        "We use information from you to provide the service.",
    ],
)
def test_twin_data_from_the_service_or_the_person_is_not(twin: str) -> None:
    assert THIRD_PARTY not in read(twin, "en").affirmed
