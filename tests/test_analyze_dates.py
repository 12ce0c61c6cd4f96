"""Effective dates and announced changes, in six languages."""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.analyze.dates import parse_date
from monitor.analyze.text import fold
from monitor.model import Block, Document


def notice(*lines: str, language: str) -> Document:
    return Document(
        blocks=(
            Block("heading", "Notice", 1),
            *(Block("paragraph", line, 0, ("Notice",)) for line in lines),
        ),
        language=language,
    )


@pytest.mark.parametrize(
    ("lang", "line", "iso"),
    [
        ("en", "Effective date: 3 November 2025", "2025-11-03"),
        ("en", "Last updated: November 3, 2025", "2025-11-03"),
        ("en", "This Privacy Policy was last updated on 22 December 2022.", "2022-12-22"),
        ("fr", "Dernière mise à jour : 12 mars 2024", "2024-03-12"),
        ("fr", "Cette version est applicable à partir du 1er juillet 2025.", "2025-07-01"),
        ("de", "Stand: 01.02.2024", "2024-02-01"),
        ("de", "Zuletzt aktualisiert am 5. März 2024", "2024-03-05"),
        ("de", "Diese Bestimmungen gelten ab 01.02.2026.", "2026-02-01"),
        ("fr", "Cette politique s'applique à partir de 01/02/2026.", "2026-02-01"),
        ("en", "Updated: 11/05/2026", "2026-05-11"),
        ("es", "Fecha de entrada en vigor: 5 de mayo de 2024", "2024-05-05"),
        ("it", "Ultimo aggiornamento: 7 giugno 2024", "2024-06-07"),
        ("nl", "Laatst bijgewerkt: 1 juli 2024", "2024-07-01"),
    ],
)
def test_effective_date(lang: str, line: str, iso: str) -> None:
    facts = analyze(notice("We explain how we use your data.", line, language=lang))
    assert facts.effective_date == iso


def test_no_effective_date_without_cue() -> None:
    facts = analyze(
        notice("We were founded on 3 November 2001.", "Data is kept for 30 days.", language="en")
    )
    assert facts.effective_date is None


def test_first_dated_cue_wins_and_month_only_dates() -> None:
    facts = analyze(notice("Effective: January 2024", "Last updated: 3 May 2023", language="en"))
    assert facts.effective_date == "2024-01"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-11-03", "2025-11-03"),
        ("le 1er mars 2021", "2021-03-01"),
        ("am 1. februar 2024", "2024-02-01"),
        ("3 de noviembre de 2025", "2025-11-03"),
        ("31.02.2024 then 01.03.2024", "2024-03-01"),  # impossible dates are skipped
    ],
)
def test_parse_date_forms(text: str, iso: str) -> None:
    found = parse_date(fold(text))
    assert found is not None and found.iso == iso


def test_slash_dates_are_day_first_unless_impossible() -> None:
    assert parse_date("03/11/2025").iso == "2025-11-03"
    assert parse_date("01/15/2025").iso == "2025-01-15"  # only a US reading exists
    assert parse_date("03/11/2025", month_first=True).iso == "2025-03-11"


def test_a_future_effective_date_is_an_announcement_not_the_notice_date() -> None:
    facts = analyze(
        notice(
            "The new policy will be effective 27 January 2027.",
            "Last updated: 2 March 2026",
            language="en",
        )
    )
    assert facts.effective_date == "2026-03-02"
    assert [a.effective_date for a in facts.announcements] == ["2027-01-27"]


def test_announcements_older_than_the_notice_are_dropped() -> None:
    facts = analyze(
        notice(
            "Last updated: 2 March 2024",
            "As of 18 September 2017, we will share some information with our affiliates.",
            language="en",
        )
    )
    assert facts.announcements == ()


ANNOUNCEMENTS = [
    (
        "en",
        "From 3 November 2025, we will use your profile information to train our AI models.",
        {"purpose.ai_training", "data.profile"},
    ),
    (
        "fr",
        "À compter du 3 novembre 2025, nous utiliserons les informations de votre profil pour entraîner nos modèles d'IA.",
        {"purpose.ai_training", "data.profile"},
    ),
    (
        "de",
        "Ab dem 3. November 2025 werden wir Ihre Profildaten für das Training von KI-Modellen verwenden.",
        {"purpose.ai_training", "data.profile"},
    ),
    (
        "es",
        "A partir del 3 de noviembre de 2025, utilizaremos los datos del perfil para entrenar modelos de IA.",
        {"purpose.ai_training", "data.profile"},
    ),
    (
        "it",
        "A partire dal 3 novembre 2025 utilizzeremo i dati del profilo per addestrare modelli di IA.",
        {"purpose.ai_training", "data.profile"},
    ),
    (
        "nl",
        "Vanaf 3 november 2025 zullen wij uw profielgegevens gebruiken om AI-modellen te trainen.",
        {"purpose.ai_training", "data.profile"},
    ),
]


@pytest.mark.parametrize(("lang", "line", "expected"), ANNOUNCEMENTS)
def test_announced_change(lang: str, line: str, expected: set[str]) -> None:
    d = notice("Introduction.", line, language=lang)
    facts = analyze(d)
    [announcement] = facts.announcements
    assert announcement.effective_date == "2025-11-03"
    assert expected <= announcement.facts
    assert (
        d.text[announcement.start : announcement.start + len(announcement.text)]
        == announcement.text
    )


def test_past_or_undated_sentences_are_not_announcements() -> None:
    facts = analyze(
        notice(
            "On 25 May 2018 the GDPR came into force.",
            "From time to time, we will update this policy.",
            "This version applies from 1 March 2024.",
            language="en",
        )
    )
    assert facts.announcements == ()
