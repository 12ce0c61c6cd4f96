"""Cards: the change grouped by purpose, from hand-built facts (no extractor, no analyzer)."""

from __future__ import annotations

from monitor.diff.cards import build_cards, compare_cards, purpose_states, summary_line
from monitor.diff.facts import facts_delta
from monitor.model import Announcement, Card, FactChange, Facts, Statement

LI = "basis.legitimate_interests"
AI = "purpose.ai_training"
ADS = "purpose.advertising"
SHARE = "purpose.sharing_third_parties"


def st(
    text: str,
    *,
    bases: tuple[str, ...] = (),
    purposes: tuple[str, ...] = (),
    data: tuple[str, ...] = (),
    controls: tuple[str, ...] = (),
    recipients: tuple[str, ...] = (),
    sale: bool = False,
    negated: bool = False,
    tie: bool = True,
) -> Statement:
    """A statement tying every basis, data category and control to every purpose it names."""
    links = set()
    if tie:
        for p in purposes:
            links |= {f"{b}>{p}" for b in bases}
            links |= {f"{p}>{d}" for d in data}
            links |= {f"{p}>{c}" for c in controls}
    return Statement(
        section_path=("How we use your data",),
        block_kind="paragraph",
        text=text,
        legal_bases=frozenset(bases),
        purposes=frozenset(purposes),
        data_categories=frozenset(data),
        negated=negated,
        links=frozenset(links),
        controls=frozenset(controls),
        recipients=frozenset(recipients),
        sale=sale,
    )


def facts(*statements: Statement, announcements: tuple[Announcement, ...] = ()) -> Facts:
    return Facts(language="en", statements=statements, announcements=announcements)


SECURITY = st(
    "We use technical data to keep the service secure.",
    bases=(LI,),
    purposes=("purpose.security",),
    data=("data.technical",),
)
AI_ROW = st(
    "To train our generative AI models: profile data, posts, messages, inputs to AI features. "
    "You can opt out in Settings.",
    bases=(LI,),
    purposes=(AI,),
    data=("data.profile", "data.content", "data.communications", "data.ai_inputs"),
    controls=("control.opt_out",),
)


def cards_between(old: Facts, new: Facts, language: str = "en") -> tuple[Card, ...]:
    return build_cards(old, new, facts_delta(old, new), language)


def assert_every_delta_item_on_a_card(old: Facts, new: Facts) -> tuple[Card, ...]:
    delta = facts_delta(old, new)
    cards = build_cards(old, new, delta, "en")
    covered = [fact for card in cards for fact in card.covers]
    assert sorted(covered) == sorted(fc.fact for fc in delta)  # each item on exactly one card
    if delta:
        assert cards
    return cards


def test_new_purpose_with_basis_data_and_opt_out_is_one_card() -> None:
    old, new = facts(SECURITY), facts(SECURITY, AI_ROW)
    cards = assert_every_delta_item_on_a_card(old, new)
    top = cards[0]
    assert (top.kind, top.status, top.subject) == ("purpose", "added", AI)
    assert top.bases_old == () and top.bases_new == (LI,)
    assert (
        set(top.data_added)
        == set(top.data_now)
        == {
            "data.profile",
            "data.content",
            "data.communications",
            "data.ai_inputs",
        }
    )
    assert top.controls_new == ("control.opt_out",)
    assert top.headline.startswith("New purpose: training AI models — legitimate interests — ")
    assert top.headline.endswith("— opt-out")
    assert "inputs to AI features" in top.headline
    assert top.new_evidence and "generative AI" in top.new_evidence[0]
    # The new data categories follow from the new purpose: no cards of their own.
    assert [c.kind for c in cards] == ["purpose"]
    assert summary_line(cards) == top.headline


def test_basis_change_on_an_existing_purpose() -> None:
    old = facts(st("We show ads with your consent.", bases=("basis.consent",), purposes=(ADS,)))
    new = facts(st("We show ads in our legitimate interests.", bases=(LI,), purposes=(ADS,)))
    (card,) = assert_every_delta_item_on_a_card(old, new)
    assert (card.kind, card.status, card.subject) == ("purpose", "changed", ADS)
    assert (card.bases_old, card.bases_new) == (("basis.consent",), (LI,))
    assert card.headline == (
        "Purpose changed: advertising — legal basis consent → legitimate interests"
    )
    assert card.old_evidence and card.new_evidence


def test_consent_to_opt_out_is_a_changed_card_and_weighs_more() -> None:
    old = facts(
        st(
            "We use your posts to train AI models only if you agree first.",
            purposes=(AI,),
            controls=("control.consent",),
        )
    )
    new = facts(
        st(
            "We use your posts to train AI models unless you opt out.",
            purposes=(AI,),
            controls=("control.opt_out",),
        )
    )
    (card,) = assert_every_delta_item_on_a_card(old, new)
    assert card.status == "changed"
    assert (card.controls_old, card.controls_new) == (("control.consent",), ("control.opt_out",))
    assert card.headline == (
        "Purpose changed: training AI models — control opt-in (asks first) → opt-out"
    )
    plain = facts(st("We ask first.", purposes=(AI,), controls=("control.consent",)))
    other = facts(
        st(
            "We ask first now.",
            purposes=(AI,),
            controls=("control.consent",),
            data=("data.profile",),
        )
    )
    (milder,) = build_cards(plain, other, facts_delta(plain, other), "en")
    assert card.importance > milder.importance


def test_a_purpose_gaining_or_losing_its_only_control_says_old_and_new() -> None:
    """None → opt-in and opt-out → none: the purpose's card names both sides, "not stated"
    for the side without a control; the same control both sides makes no card."""
    bare = facts(st("We show you ads.", purposes=(ADS,)))
    asks = facts(
        st("We show you ads if you agree.", purposes=(ADS,), controls=("control.consent",))
    )
    (gained,) = assert_every_delta_item_on_a_card(bare, asks)
    assert (gained.status, gained.controls_old, gained.controls_new) == (
        "changed",
        (),
        ("control.consent",),
    )
    assert gained.headline == (
        "Purpose changed: advertising — control not stated → opt-in (asks first)"
    )
    objects = facts(
        st("We show you ads. You can opt out.", purposes=(ADS,), controls=("control.opt_out",))
    )
    (lost,) = assert_every_delta_item_on_a_card(objects, bare)
    assert lost.headline == "Purpose changed: advertising — control opt-out → not stated"
    assert lost.old_evidence == ("We show you ads. You can opt out.",)
    reworded = facts(
        st("We show you ads. You may object.", purposes=(ADS,), controls=("control.opt_out",))
    )
    assert cards_between(objects, reworded) == ()


def test_data_category_without_a_purpose_gets_its_own_card() -> None:
    old = facts(SECURITY)
    new = facts(SECURITY, st("We collect health data.", data=("data.health",)))
    cards = assert_every_delta_item_on_a_card(old, new)
    (card,) = cards
    assert (card.kind, card.status, card.subject) == ("data", "added", "data.health")
    assert card.headline == "New data category: health data"


def test_children_data_denied_is_a_card_that_says_so() -> None:
    old = facts(SECURITY)
    new = facts(
        SECURITY,
        st(
            "We do not knowingly collect data from children.", data=("data.children",), negated=True
        ),
    )
    # However the delta reports it (the analyzer counts a denied children's-data as present),
    # the card keeps the negation.
    delta = (FactChange("added", "data.children", "New data category: children's data"),)
    (card,) = build_cards(old, new, delta, "en")
    assert (card.kind, card.subject, card.negated) == ("data", "data.children", True)
    assert card.headline == "Children's data: does not knowingly collect"
    # The delta quotes affirmative statements; the card quotes the denial.
    assert card.new_evidence == ("We do not knowingly collect data from children.",)
    assert build_cards(old, new, delta, "fr")[0].headline.endswith("ne collecte pas sciemment")


def test_negation_flip_becomes_a_changed_card() -> None:
    old = facts(
        st(
            "We use your messages to train AI models.",
            purposes=(AI,),
            data=("data.communications",),
        )
    )
    new = facts(
        st(
            "We do not use your messages to train AI models.",
            purposes=(AI,),
            data=("data.communications",),
            negated=True,
        )
    )
    cards = assert_every_delta_item_on_a_card(old, new)
    ai = next(c for c in cards if c.subject == AI)
    assert (ai.status, ai.negated, ai.was_negated) == ("changed", True, False)
    assert ai.headline == "Now denied (previously stated): training AI models"
    # And back: "we do not" becomes "we do", with what is now tied to the purpose.
    (back,) = [c for c in assert_every_delta_item_on_a_card(new, old) if c.subject == AI]
    assert (back.status, back.negated, back.was_negated) == ("changed", False, True)
    assert back.headline == (
        "Now stated (previously denied): training AI models — communications and messages"
    )


def test_sale_flag_and_recipients_show_in_the_sharing_card() -> None:
    old = facts(SECURITY)
    new = facts(
        SECURITY,
        st(
            "We may sell your personal information to data brokers and advertisers.",
            purposes=(SHARE,),
            data=("data.identifiers",),
            recipients=("recipient.data_brokers", "recipient.advertisers"),
            sale=True,
        ),
    )
    cards = assert_every_delta_item_on_a_card(old, new)
    card = cards[0]
    assert (card.subject, card.status, card.sale) == (SHARE, "added", True)
    assert card.recipients == ("recipient.advertisers", "recipient.data_brokers")
    assert "shared with: advertisers, data brokers" in card.headline
    assert card.headline.endswith("— sold")
    assert "sale" in card.covers  # the notice-wide sale item is shown on the selling purpose
    states = purpose_states(new)
    assert states[SHARE].sale is True


def test_a_sale_alone_changes_the_sharing_purpose_card() -> None:
    old = facts(st("We share your personal information with partners.", purposes=(SHARE,)))
    new = facts(st("We sell your personal information to partners.", purposes=(SHARE,), sale=True))
    (card,) = assert_every_delta_item_on_a_card(old, new)
    assert (card.subject, card.status, card.sale, card.covers) == (
        SHARE,
        "changed",
        True,
        ("sale",),
    )
    assert card.headline == "Purpose changed: sharing with third parties — sold"
    assert card.new_evidence == ("We sell your personal information to partners.",)


def test_announcement_card_names_date_and_facts() -> None:
    text = (
        "On 3 November 2025, we are updating this notice to provide information about our "
        "reliance on legitimate interests as the legal basis for training AI models. "
        "You can opt out at any time in your settings."
    )
    ann = Announcement(
        effective_date="2025-11-03",
        text=text,
        start=0,
        facts=frozenset({AI, LI, f"{LI}>{AI}", f"{AI}>control.opt_out"}),
    )
    old, new = facts(SECURITY), facts(SECURITY, announcements=(ann,))
    cards = assert_every_delta_item_on_a_card(old, new)
    (card,) = cards
    assert (card.kind, card.status, card.effective_date) == (
        "announcement",
        "announced",
        "2025-11-03",
    )
    assert card.purposes == (AI,) and card.bases_new == (LI,)
    assert card.controls_new == ("control.opt_out",)
    assert card.headline == (
        "Announced for 2025-11-03: training AI models — legitimate interests — opt-out"
    )
    assert card.new_evidence == (text,)


def test_every_delta_item_is_on_a_card_even_without_statements() -> None:
    """Deltas stored without facts (or facts the cards cannot explain) still give cards."""
    delta = (
        FactChange("added", AI, "New purpose: training AI models", new_evidence=("We train.",)),
        FactChange("added", "control.opt_out", "New: opt-out"),
        FactChange("removed", "recipient.partners", "No longer: partners"),
        FactChange("added", "announcement", "Announced change", new_evidence=("From May.",)),
        FactChange("added", f"{ADS}>data.location", "advertising — data used: location"),
    )
    cards = build_cards(facts(), facts(), delta, "en")
    covered = sorted(f for c in cards for f in c.covers)
    assert covered == sorted(fc.fact for fc in delta)
    ai = next(c for c in cards if c.subject == AI)
    assert ai.status == "added" and ai.new_evidence == ("We train.",)
    assert all(c.headline for c in cards)
    importances = [c.importance for c in cards]
    assert importances == sorted(importances, reverse=True)


def test_no_delta_no_cards() -> None:
    assert build_cards(facts(SECURITY), facts(SECURITY), (), "en") == ()


def test_headlines_in_the_notice_language() -> None:
    old, new = facts(SECURITY), facts(SECURITY, AI_ROW)
    (card,) = cards_between(old, new, "de")
    assert card.headline.startswith(
        "Neuer Zweck: Training von KI-Modellen — berechtigte Interessen"
    )


# --------------------------------------------------------------------------- compare


def test_compare_cards_puts_differences_first() -> None:
    eu = facts(
        SECURITY,
        st(
            "We show ads with your consent.",
            bases=("basis.consent",),
            purposes=(ADS,),
            controls=("control.consent",),
        ),
    )
    us = facts(
        SECURITY,
        st(
            "We show ads; you can opt out.",
            bases=(LI,),
            purposes=(ADS,),
            controls=("control.opt_out",),
        ),
        st(
            "We may sell your personal information.",
            purposes=(SHARE,),
            sale=True,
            recipients=("recipient.data_brokers",),
        ),
    )
    rows = compare_cards(eu, us, "en")
    subjects = [r.subject for r in rows]
    differing = [r.subject for r in rows if r.differences]
    assert subjects[: len(differing)] == differing  # differences first
    assert set(differing) >= {ADS, SHARE}
    assert "purpose.security" in subjects[len(differing) :]
    ads = next(r for r in rows if r.subject == ADS)
    assert ads.a is not None and ads.b is not None
    assert ads.a.bases == ("basis.consent",) and ads.b.bases == (LI,)
    assert set(ads.differences) == {"basis", "control"}
    share = next(r for r in rows if r.subject == SHARE)
    assert share.a is None and share.b is not None and share.b.sale is True
    assert share.b.recipients == ("recipient.data_brokers",)
