"""A page that alternates between texts is not a notice that keeps changing.

Sites serve two regional variants in turn, or a page captured one time with one of its
parts and the next time without it. Each swap used to go out as "notice changed".
The recorder now knows a fetch that comes back to a text of the last few versions. The
first return is news, alerted as a change since the latest version (a notice that reverts
a change must be heard of), but checked against the text it is back to, so a page back to
its half is not held as broken. Once the page made that swap before, it alternates: the
very same text restores it (no alert), a text like it is compared with it (only its own
edits count). A notice edited a little is compared with its latest version as before.
Fixtures are a fictional notice in Markdown.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alert_fixtures import alerting, make_target

from crawler.items import FetchedNotice
from monitor.record import ALTERNATION_WINDOW, Recorder
from storage import outbox, repo
from storage.db import Database

INTRO = (
    "# Privacy notice\n\n"
    "Lumenfold Ltd explains here how it handles the personal data of the people who use "
    "its photo printing service, and how they can use their rights.\n\n"
)
CORE = (
    "## What we collect\n\n"
    "We collect your name, your email address and your postal address to print and deliver "
    "your orders.\n\n"
    "We keep your order history for six years to meet our accounting obligations.\n\n"
    "## Your rights\n\n"
    "You may ask for a copy of your data, have it corrected or erased, and complain to the "
    "supervisory authority of your country.\n\n"
    "## Security\n\n"
    "Your photos are stored on servers in the European Union, encrypted at rest, and only "
    "the staff who print your order can open them.\n\n"
    "## Contact\n\n"
    "Write to our data protection officer at the postal address on our invoices, or use the "
    "form in your account settings; we answer within one month.\n\n"
)
#: A part the page sometimes comes with (another tab, a regional annex): a purpose of its own.
ANNEX = (
    "## Partners\n\n"
    "With your consent we share your email address with advertising partners so that they "
    "can show you personalised advertising on other websites.\n\n"
    "We use your browsing activity on our website to measure the reach of our campaigns.\n\n"
)
FULL = INTRO + CORE + ANNEX
PART = INTRO + CORE


@pytest.fixture
def recording(sqlite_database: Database, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A function that records a Markdown text as the next fetch and says what happened."""
    monkeypatch.setenv("NW_ALT_SECRET", "s")
    config = alerting(
        '[channels.hook]\ntype = "webhook"\nurl = "http://127.0.0.1:9/hook"\n'
        'secret_env = "NW_ALT_SECRET"\n\n[[routes]]\nchannels = ["hook"]\n'
    )
    target = make_target("lumenfold", url="https://lumenfold.example/privacy.md", language="en")
    with sqlite_database.session() as session:
        repo.sync_targets(session, [target])
    recorder = Recorder(sqlite_database, [target], alerting=config)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    fetches = iter(range(1000))

    def record(text: str, final_url: str | None = None) -> tuple[Any, int]:
        fetched = FetchedNotice(
            target_id=target.id,
            url=target.url,
            final_url=final_url or target.url,
            status=200,
            headers={"Content-Type": "text/markdown; charset=utf-8"},
            body=text.encode(),
            fetched_at=start + timedelta(hours=next(fetches)),
            duration_ms=1.0,
            crawl_id="test",
        )
        outcome = recorder.process(fetched)
        with sqlite_database.session() as session:
            return outcome, len(outbox.list_alerts(session))

    return record


def test_a_part_that_comes_and_goes_alerts_once_each_way(recording: Any) -> None:
    assert recording(FULL)[0].outcome == "new_version"
    lost, alerts = recording(PART)
    assert lost.outcome == "new_version" and alerts == 1  # first seen: a change, as ever
    back, alerts = recording(FULL)
    assert back.outcome == "new_version" and alerts == 2, back.describe()  # first return: news
    assert back.summary.startswith("back to v1's text; ")
    for text, restored in ((PART, 2), (FULL, 3), (PART, 4)):
        again, alerts = recording(text)
        assert again.outcome == "restored" and alerts == 2, again.describe()
        assert f"restored v{restored}; the page alternates" in again.summary


def test_twin_a_notice_that_reverts_a_change_alerts(recording: Any) -> None:
    """A purpose added, then withdrawn word for word: the withdrawal is news, never a swap."""
    recording(PART)
    added, alerts = recording(PART + ANNEX)
    assert added.severity is not None and added.severity.value == "material" and alerts == 1
    reverted, alerts = recording(PART)
    assert reverted.outcome == "new_version" and alerts == 2, reverted.describe()
    assert reverted.severity is not None and reverted.severity.value == "material"
    assert reverted.summary.startswith("back to v1's text; ")


def test_a_doubled_page_back_to_its_half_is_not_held_as_shrunk(recording: Any) -> None:
    """The short text first, then with a long part, then short again: before, "shrank" for ever."""
    long_annex = ANNEX * 6
    recording(PART)
    recording(PART + long_annex)
    back, alerts = recording(PART)
    assert (back.outcome, back.version, alerts) == ("new_version", 3, 2), back.describe()
    edited, _ = recording(PART.replace("six years", "ten years"))
    assert edited.outcome == "new_version"  # the short text is the one compared with now
    assert not edited.summary.startswith(("back to", "compared with"))


def test_back_to_a_text_like_an_earlier_one_counts_only_its_own_edits(recording: Any) -> None:
    recording(FULL)
    recording(PART)
    recording(FULL)  # the first return: alerted
    recording(PART)  # the swap seen before: restored as v4
    same_but_one_word = FULL.replace("## Contact", "## Contact us")
    back, alerts = recording(same_but_one_word)
    assert back.outcome == "new_version" and alerts == 2, back.describe()
    assert back.summary.startswith("compared with v3, a text the page had")
    assert back.severity is not None and back.severity.value == "editorial"


def test_twin_the_first_return_to_a_like_text_is_compared_with_the_latest(recording: Any) -> None:
    recording(FULL)
    recording(PART)
    same_but_one_word = FULL.replace("## Contact", "## Contact us")
    back, alerts = recording(same_but_one_word)
    assert back.outcome == "new_version" and alerts == 2, back.describe()
    assert back.summary.startswith("back to a text like v1's text; ")
    assert back.severity is not None and back.severity.value == "material"


def test_twin_a_notice_that_gains_a_new_part_alerts(recording: Any) -> None:
    """Near-identical steps, but the last text is new: a change, alerted."""
    recording(FULL)
    recording(PART)
    other = ANNEX.replace("advertising partners", "insurance partners").replace(
        "measure the reach of our campaigns", "train our recommendation model"
    )
    new, alerts = recording(PART + other)
    assert new.outcome == "new_version" and alerts == 2, new.describe()


def test_twin_a_small_edit_is_compared_with_the_latest_version(recording: Any) -> None:
    """A notice edited a little each time stays compared with its latest version."""
    recording(FULL)
    recording(FULL.replace("six years", "seven years"))
    third, _ = recording(FULL.replace("six years", "seven years").replace("erased", "deleted"))
    assert third.outcome == "new_version" and not third.summary.startswith("compared with")


def test_twin_a_text_older_than_the_window_is_a_change(recording: Any) -> None:
    recording(FULL)
    for n in range(ALTERNATION_WINDOW + 1):
        recording(PART + f"Version note {n}: this notice was reviewed in month {n} of the year.\n")
    old, _ = recording(FULL)
    assert old.outcome == "new_version" and old.severity is not None
    assert old.severity.value == "material"


def test_twin_the_same_text_from_another_host_is_news(recording: Any) -> None:
    """A page served from another host is reported, whatever its text: never an alternation."""
    recording(FULL)
    recording(PART)
    moved, alerts = recording(FULL, final_url="https://pages.example.net/lumenfold/privacy.md")
    assert moved.outcome == "new_version" and alerts == 2, moved.describe()
    assert moved.summary.startswith("moved to pages.example.net")
