"""Alert content: subject, bodies, escaping of notice text, the webhook JSON, chat presets, keys."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from alert_fixtures import (
    AI_TRAINING,
    ANNOUNCEMENT,
    HOSTILE,
    POSTS,
    SAFE_TAGS,
    SECTION,
    make_target,
    one_hunk_diff,
    parsed,
)

from monitor.alerts.bodies import (
    SCHEMA,
    change_document,
    diff_excerpt,
    slack_message,
    teams_message,
)
from monitor.alerts.channels import Content, kind_for
from monitor.alerts.config import EmailChannel, WebhookChannel
from monitor.alerts.context import ChangeContext, Envelope, IncidentContext, VersionRef
from monitor.alerts.email_content import _diff_html, change_email, incident_email
from monitor.alerts.headlines import change_subject, incident_subject
from monitor.alerts.keys import incident_key, make_key, message_id
from monitor.model import FactChange, Hunk, Severity, TextDiff

T0 = datetime(2025, 10, 1, 8, 30, tzinfo=UTC)
T1 = datetime(2025, 10, 2, 9, 45, tzinfo=UTC)


def context(**fields) -> ChangeContext:
    values = {
        "change_id": 7,
        "target": make_target(
            "linkedin-eu", service="LinkedIn", document="Privacy Policy", region="EU"
        ),
        "severity": Severity.MATERIAL,
        "summary": AI_TRAINING.description,
        "from_version": VersionRef(3, T0, "a" * 64),
        "to_version": VersionRef(4, T1, "b" * 64),
        "fact_changes": (AI_TRAINING,),
        "announcements": (),
        "text_diff": one_hunk_diff(
            "We use your profile to show jobs.", "We use your profile to train AI models."
        ),
        "detected_at": T1,
    }
    values.update(fields)
    return ChangeContext(**values)


def envelope(**fields) -> Envelope:
    values = {
        "key": "change-0123456789abcdef0123456789abcdef",
        "kind": "change",
        "channel": "mail",
        "created_at": T1,
    }
    values.update(fields)
    return Envelope(**values)


def test_subject_says_it_all() -> None:
    assert change_subject(context()) == (
        "[noticewatch] LinkedIn — EU Privacy Policy: new purpose: AI model training (legitimate interests)"
    )
    many = tuple(
        FactChange(
            op="added", fact=f"data.x{i}", description=f"new data category: category number {i}"
        )
        for i in range(6)
    )
    subject = change_subject(context(fact_changes=many))
    assert subject.endswith("more)") and len(subject) <= 180 and "\n" not in subject
    editorial = change_subject(context(severity=Severity.EDITORIAL, fact_changes=()))
    assert (
        editorial
        == "[noticewatch] LinkedIn — EU Privacy Policy: editorial change in 1 section (+1/−1 lines)"
    )


def test_email_leads_with_facts_then_diff_then_lookup() -> None:
    content = change_email(
        context(fact_changes=(AI_TRAINING, POSTS), announcements=(ANNOUNCEMENT,)), envelope()
    )
    text = content.text
    facts_at = text.index("What changed")
    assert text.index("+ new purpose: AI model training") > facts_at
    assert text.index("now: “We use your profile and your posts") > facts_at
    # Both facts rest on the same sentence: it is quoted once.
    assert text.count("We use your profile and your posts") == 1
    assert text.index("Announced for later") < text.index("Text changes") < text.index("Look it up")
    assert "2025-11-03" in text
    assert "[-show jobs.-]{+train AI models.+}" in text
    assert "noticewatch diff linkedin-eu --from 3 --to 4" in text
    assert "v3 fetched 2025-10-01 08:30 UTC" in text
    assert content.message_id == "<change-0123456789abcdef0123456789abcdef@noticewatch>"
    assert content.date == "Thu, 02 Oct 2025 09:45:00 +0000"
    assert content.headers["X-Noticewatch-Event"] == "change.material"
    html = content.html
    assert '<del style="' in html and '<ins style="' in html
    assert html.index("What changed") < html.index("Text changes") < html.index("Look it up")
    assert '<a href="https://weavelink.example/legal/privacy/linkedin-eu">' in html


def test_without_diff_only_the_size_is_given() -> None:
    env = envelope(include_diff=False)
    content = change_email(context(), env)
    assert "Text changes: +1 / −1 lines in 1 place(s)" in content.text
    assert "[-" not in content.text and "<del" not in content.html
    document = change_document(context(), env)
    assert "excerpt" not in document["change"]["diff"]
    assert document["change"]["diff"]["stats"]["hunks"] == 1


def test_notice_text_is_escaped_in_html() -> None:
    hostile_fact = FactChange(
        op="added",
        fact="data.partners",
        description="new recipients: partners",
        new_evidence=(HOSTILE,),
    )
    hunk = Hunk(SECTION, 0, 0, ("old",), (HOSTILE,), words=(("delete", "old"), ("insert", HOSTILE)))
    ctx = context(
        fact_changes=(hostile_fact,),
        announcements=(ANNOUNCEMENT.__class__(effective_date=None, text=HOSTILE, start=0),),
        text_diff=TextDiff((hunk,), one_hunk_diff("a", "b").stats),
    )
    html = change_email(ctx, envelope()).html
    tags = parsed(html)
    assert tags.tags <= SAFE_TAGS, tags.tags - SAFE_TAGS
    for tag, name, value in tags.attributes:
        assert not name.startswith("on"), (tag, name)
        if name == "href":
            assert value.startswith("https://"), value
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;a href=&quot;javascript:alert(document.cookie)&quot;&gt;see list&lt;/a&gt;" in html
    # The text part quotes the notice as it is.
    assert '<script>alert("x")</script>' in change_email(ctx, envelope()).text


def test_fallback_diff_escapes_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A renderer bug must not cost the alert: the escaped unified diff goes out instead."""
    import monitor.render.html

    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(monitor.render.html, "inline_diff_html", broken)
    hunk = Hunk(("<b>Sec</b>",), 0, 0, ("x",), (HOSTILE,), words=(("insert", HOSTILE),))
    html = _diff_html(TextDiff((hunk,), one_hunk_diff("a", "b").stats), 5)
    assert parsed(html).tags <= {"pre"}
    assert "&lt;b&gt;Sec&lt;/b&gt;" in html and "&lt;script&gt;" in html


def test_change_document_schema() -> None:
    ctx = context(announcements=(ANNOUNCEMENT,))
    doc = change_document(ctx, envelope(alert_id=12, channel="hook"))
    assert doc["schema"] == SCHEMA and doc["event"] == "change.material"
    assert doc["alert"] == {
        "id": 12,
        "key": "change-0123456789abcdef0123456789abcdef",
        "kind": "change",
        "channel": "hook",
        "created_at": "2025-10-02T09:45:00+00:00",
    }
    assert (
        doc["target"]["id"] == "linkedin-eu"
        and doc["target"]["label"] == "LinkedIn — EU Privacy Policy"
    )
    change = doc["change"]
    assert change["from"] == {
        "version": 3,
        "fetched_at": "2025-10-01T08:30:00+00:00",
        "text_sha256": "a" * 64,
        "effective_date": None,
    }
    assert change["to"]["version"] == 4 and change["severity"] == "material"
    assert change["facts"] == [
        {
            "op": "added",
            "fact": "purpose.ai_training",
            "description": "new purpose: AI model training (legitimate interests)",
            "old_evidence": [],
            "new_evidence": [AI_TRAINING.new_evidence[0]],
        }
    ]
    assert change["announcements"][0]["effective_date"] == "2025-11-03"
    assert change["diff"]["excerpt"][0] == {
        "section": list(SECTION),
        "removed": ["We use your profile to show jobs."],
        "added": ["We use your profile to train AI models."],
    }
    assert doc["lookup"]["command"] == "noticewatch diff linkedin-eu --from 3 --to 4"
    json.dumps(doc)  # plain JSON


def test_diff_excerpt_is_bounded() -> None:
    hunks = tuple(Hunk(("S",), i, i, ("x" * 500,), ("y" * 500,)) for i in range(50))
    excerpt, truncated = diff_excerpt(TextDiff(hunks, one_hunk_diff("a", "b").stats))
    assert truncated
    assert sum(len(line) for h in excerpt for line in h["removed"] + h["added"]) <= 8000
    assert len(excerpt) <= 20


def test_payload_is_deterministic() -> None:
    mail = EmailChannel(
        name="mail", to=("a@example.org",), sender="b@example.org", smtp_host="smtp.example.org"
    )
    hook = WebhookChannel(name="hook", url="https://x.example/h")
    for channel in (mail, hook):
        env = envelope(channel=channel.name)
        first = kind_for(channel).render(Content.change(context(), env), env)
        again = kind_for(channel).render(Content.change(context(), env), env)
        assert first == again
    body = kind_for(hook).render(Content.change(context(), envelope()), envelope())["body"]
    assert json.loads(body)["schema"] == SCHEMA and ": " not in body[:40]


def test_keys_are_stable_and_distinct() -> None:
    key = make_key("change", "linkedin-eu", 4, "b" * 64, "mail")
    assert key == make_key("change", "linkedin-eu", 4, "b" * 64, "mail")
    assert key != make_key("change", "linkedin-eu", 4, "b" * 64, "hook")
    assert key.startswith("change-") and len(key) == len("change-") + 32
    assert message_id(key) == f"<{key}@noticewatch>"


def test_incident_messages() -> None:
    opened = IncidentContext(
        1, make_target(), "blocked", "opened", T0, None, 3, "bot wall: captcha page"
    )
    resolved = IncidentContext(
        1, make_target(), "blocked", "resolved", T0, T1, 3, "bot wall: captcha page"
    )
    assert incident_subject(opened) == (
        "[noticewatch] Weavelink — EU Privacy Policy: blocked: 3 checks in a row did not get the notice"
    )
    assert "recovered" in incident_subject(resolved)
    first = incident_email(opened, envelope(kind="operational", key=incident_key(opened, "mail")))
    second = incident_email(
        resolved, envelope(kind="operational", key=incident_key(resolved, "mail"))
    )
    assert first.message_id != second.message_id
    assert second.headers["In-Reply-To"] == first.message_id  # the recovery threads under the alarm
    assert "bot wall: captcha page" in first.text


@pytest.mark.parametrize("preset", [slack_message, teams_message])
def test_chat_presets(preset) -> None:
    hostile = FactChange(
        op="added", fact="data.x", description="new data <b>&</b>", new_evidence=(HOSTILE,)
    )
    message = preset(change_document(context(fact_changes=(hostile,)), envelope()))
    text = json.dumps(message, ensure_ascii=False)
    assert "LinkedIn — EU Privacy Policy: material change" in text
    if preset is slack_message:
        assert "<script>" not in message["text"] and "&lt;script&gt;" in message["text"]
        assert "new data &lt;b&gt;&amp;&lt;/b&gt;" in message["text"]
        assert "|notice>" in message["text"]
    else:
        card = message["attachments"][0]["content"]
        assert card["type"] == "AdaptiveCard"
        assert card["actions"][0]["url"].startswith("https://")


def test_preview_for_the_demo(sqlite_database) -> None:
    from alert_fixtures import record_change

    from monitor.alerts.preview import preview_change

    recorded = record_change(sqlite_database, None, make_target())
    with sqlite_database.session() as session:
        preview = preview_change(session, recorded.change_id)
    shown = preview.as_text()
    # The subject names the top card, rebuilt from the stored delta.
    assert shown.startswith(
        "Subject: [noticewatch] Weavelink — EU Privacy Policy: New purpose: training AI models"
    )
    assert '"cards": [' in shown
    assert '"schema": "noticewatch.alert/v1"' in shown


# --------------------------------------------------------------------------- cards


def carded(**fields) -> ChangeContext:
    """A context whose change is reported as two cards (a new purpose, a changed one)."""
    from card_fixtures import ai_training_card

    from monitor.model import Card

    ai = ai_training_card(
        HOSTILE,
        "New purpose: training AI models — legitimate interests — profile data, "
        "user content — opt-out",
    )
    share = Card(
        kind="purpose",
        status="added",
        subject="purpose.sharing_third_parties",
        recipients=("recipient.data_brokers",),
        sale=True,
        headline="New purpose: sharing with third parties — shared with: data brokers — sold",
        new_evidence=("We may sell your personal information to data brokers.",),
        importance=150,
        covers=("purpose.sharing_third_parties",),
    )
    values = {"fact_changes": (AI_TRAINING, POSTS), "cards": (ai, share)}
    values.update(fields)
    return context(**values)


def test_subject_names_the_top_card_and_counts_the_rest() -> None:
    assert change_subject(carded()) == (
        "[noticewatch] LinkedIn — EU Privacy Policy: New purpose: training AI models — "
        "legitimate interests — profile data, user content — opt-out (+1 more)"
    )
    from dataclasses import replace

    from monitor.diff.cards import headline as card_headline

    many = (
        "data.profile", "data.content", "data.communications", "data.activity",
        "data.inferred", "data.ai_inputs", "data.feedback", "data.audio_visual",
    )  # fmt: skip
    long = replace(carded().cards[0], data_added=many, data_now=many)
    long = replace(long, headline=card_headline(long, "en"))
    assert len(long.headline) > 180
    subject = change_subject(carded(cards=(long, *carded().cards[1:])))
    # Too long in full: the labels lose their examples and the list its tail, not the opt-out.
    assert len(subject) <= 180 and subject.endswith("— opt-out (+1 more)"), subject
    assert "profile data, user content, " in subject and "+" in subject


def test_email_shows_the_cards_above_the_diff_and_escapes_them() -> None:
    content = change_email(carded(announcements=(ANNOUNCEMENT,)), envelope())
    text = content.text
    top = text.index("* [new] New purpose: training AI models — legitimate interests")
    assert text.index("What changed") < top < text.index("* [new] New purpose: sharing")
    assert text.index("* [new] New purpose: sharing") < text.index("Text changes")
    assert "    legal basis: legitimate interests" in text
    assert "    control: opt-out" in text
    assert "    shared with: data brokers" in text and "    sale: sold" in text
    assert "+ new purpose: AI model training" not in text  # the cards replace the flat list
    assert "Announced for later" not in text
    assert '<script>alert("x")</script>' in text  # the text part quotes the notice as it is
    html = content.html
    tags = parsed(html)
    assert tags.tags <= SAFE_TAGS, tags.tags - SAFE_TAGS
    assert not any(name.startswith("on") for _, name, _ in tags.attributes)
    assert "<script" not in html.lower() and "&lt;script&gt;alert(&quot;x&quot;)" in html
    assert html.index("New purpose: training AI models") < html.index("Text changes")


def test_webhook_carries_the_cards_and_the_top_headline() -> None:
    doc = change_document(carded(), envelope())
    change = doc["change"]
    assert doc["schema"] == "noticewatch.alert/v1"  # cards are additive
    assert change["summary"] == carded().cards[0].headline
    assert change["headline"].endswith("(+1 more)")
    first, second = change["cards"]
    assert first["kind"] == "purpose" and first["status"] == "added"
    assert first["subject"] == "purpose.ai_training"
    assert first["bases_new"] == ["basis.legitimate_interests"]
    assert first["controls_new"] == ["control.opt_out"]
    assert first["new_evidence"] == [HOSTILE]
    assert second["recipients"] == ["recipient.data_brokers"] and second["sale"] is True
    assert change["facts"]  # the flat delta stays, for machines
    json.dumps(doc)


def test_chat_presets_show_the_top_cards_escaped() -> None:
    message = slack_message(change_document(carded(), envelope()))
    assert "• New purpose: training AI models" in message["text"]
    assert "• New purpose: sharing with third parties" in message["text"]
    assert "<script>" not in message["text"] and "&lt;script&gt;" in message["text"]
    assert "new purpose: AI model training (legitimate interests)" not in message["text"]
    card = teams_message(change_document(carded(), envelope()))["attachments"][0]["content"]
    assert card["body"][1]["text"].startswith("• New purpose: training AI models")
