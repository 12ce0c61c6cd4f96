"""Ties a notice does not state, second set: guards against links the text keeps apart.

Each family has a text whose tie must not be made and a twin in near-identical words whose
tie must be. Every fixture is written for these rules, not taken from a real notice. The
first set is ``tests/test_analyze_overtie_families.py``.
"""

from __future__ import annotations

import pytest

from tests.families import read

# --------------------------------------------------------------------------- a purpose in a condition

#: Family "a purpose named in a 'depending on …' condition is not the processing's purpose":
#: "depending on how you set up your account, we collect your date of birth" says when the
#: date of birth is collected, not what for. (language, condition, twin, the tie).
CONDITION_PURPOSE = [
    (
        "en",
        "Depending on how you set up your account, we also collect your date of birth and"
        " your phone number.",
        "To set up your account, we also collect your date of birth and your phone number.",
        "purpose.service>data.demographic",
    ),
    (
        "en",
        "Depending on whether you sign up for marketing emails, we collect your date of birth.",
        "For marketing emails, we collect your date of birth.",
        "purpose.marketing>data.demographic",
    ),
    (
        "de",
        "Je nach Ihren Einstellungen für Werbe-E-Mails erheben wir Ihr Geburtsdatum.",
        "Für Werbe-E-Mails erheben wir Ihr Geburtsdatum.",
        "purpose.marketing>data.demographic",
    ),
    (
        "es",
        "Dependiendo de sus preferencias de marketing, recopilamos su fecha de nacimiento.",
        "Para sus preferencias de marketing, recopilamos su fecha de nacimiento.",
        "purpose.marketing>data.demographic",
    ),
    (
        "it",
        "A seconda delle sue preferenze di marketing, raccogliamo la sua data di nascita.",
        "Per le sue preferenze di marketing, raccogliamo la sua data di nascita.",
        "purpose.marketing>data.demographic",
    ),
    (
        "nl",
        "Afhankelijk van uw voorkeuren voor direct marketing verzamelen wij uw geboortedatum.",
        "Voor direct marketing verzamelen wij uw geboortedatum.",
        "purpose.marketing>data.demographic",
    ),
]


@pytest.mark.parametrize(("lang", "condition", "twin", "tie"), CONDITION_PURPOSE)
def test_a_purpose_in_a_condition_is_not_tied(
    lang: str, condition: str, twin: str, tie: str
) -> None:
    found = read(condition, lang)
    assert tie.split(">")[1] in found.affirmed, sorted(found.affirmed)
    assert tie not in found.links, sorted(found.links)


@pytest.mark.parametrize(("lang", "condition", "twin", "tie"), CONDITION_PURPOSE)
def test_twin_the_same_purpose_as_an_aim_is_tied(
    lang: str, condition: str, twin: str, tie: str
) -> None:
    assert tie in read(twin, lang).links


def test_a_purpose_after_the_condition_is_still_tied() -> None:
    found = read(
        "Depending on how you set up your account, we use your date of birth for marketing emails.",
        "en",
    )
    assert "purpose.marketing>data.demographic" in found.links, sorted(found.links)
    assert "purpose.service>data.demographic" not in found.links
