"""The facts delta between two versions and the change classification."""

from __future__ import annotations

import pytest

from monitor.analyze import analyze
from monitor.diff.facts import (
    classify,
    compare_facts,
    facts_delta,
    new_announcements,
    purpose_controls,
    view,
)
from monitor.extract import extract
from monitor.model import Block, Document, Facts, Severity, Statement

TITLE = "Privacy Policy"


def section(heading: str, *items: str) -> tuple[Block, ...]:
    path = (TITLE, heading)
    return (
        Block("heading", heading, 2, (TITLE,)),
        *(Block("list_item", item, 0, path) for item in items),
    )


def notice(*sections: tuple[Block, ...], language: str = "en") -> Document:
    blocks: list[Block] = [Block("heading", TITLE, 1)]
    for s in sections:
        blocks += s
    return Document(blocks=tuple(blocks), language=language)


def facts(d: Document) -> Facts:
    return analyze(d)


BASE = (
    section(
        "Legitimate interests",
        "We use your activity on our services to keep our services secure and to prevent fraud.",
        "We analyse how you use our services to improve our products.",
    ),
    section("Consent", "We send you newsletters about our products."),
    section(
        "Contract", "We use your email address and payment information to provide the services."
    ),
)


def test_reordering_sections_is_editorial() -> None:
    old = notice(*BASE)
    new = notice(BASE[2], BASE[0], BASE[1])
    delta = facts_delta(facts(old), facts(new))
    assert delta == ()
    assert (
        classify(delta, old.text != new.text, old=facts(old), new=facts(new)) is Severity.EDITORIAL
    )


def test_rewording_and_restating_a_known_fact_is_editorial() -> None:
    old = notice(*BASE)
    reworded = section(
        "Legitimate interests",
        "To keep our services secure and prevent fraud, we use your activity on our services.",
        "We analyse how you use our services to improve our products.",
        "We also use your activity on our services to keep our services secure.",  # said already
    )
    new = notice(reworded, BASE[1], BASE[2])
    assert facts_delta(facts(old), facts(new)) == ()


def test_identical_text_is_none() -> None:
    assert classify((), False, old=Facts("en"), new=Facts("en")) is Severity.NONE


def test_ai_training_under_legitimate_interests_is_material() -> None:
    old = notice(*BASE)
    li = section(
        "Legitimate interests",
        "We use your activity on our services to keep our services secure and to prevent fraud.",
        "We analyse how you use our services to improve our products.",
        "We use your profile information, posts and comments to train generative AI models.",
    )
    new = notice(li, BASE[1], BASE[2])
    delta = facts_delta(facts(old), facts(new))
    assert classify(delta, True, old=facts(old), new=facts(new)) is Severity.MATERIAL
    by_fact = {c.fact: c for c in delta}
    assert {c.op for c in delta} == {"added"}
    assert {
        "purpose.ai_training",
        "data.profile",
        "data.content",
        "basis.legitimate_interests>purpose.ai_training",
        "purpose.ai_training>data.profile",
        "purpose.ai_training>data.content",
    } <= set(by_fact)
    # The basis itself was already stated: not reported as new.
    assert "basis.legitimate_interests" not in by_fact
    added = by_fact["purpose.ai_training"]
    assert added.description.startswith(
        "New purpose: training AI models — legal basis: legitimate interests (Art. 6(1)(f) GDPR)"
    )
    assert "profile data" in added.description
    assert added.new_evidence == (
        "We use your profile information, posts and comments to train generative AI models.",
    )
    assert added.old_evidence == ()
    link = by_fact["basis.legitimate_interests>purpose.ai_training"]
    assert (
        link.description
        == "training AI models — legal basis: legitimate interests (Art. 6(1)(f) GDPR)"
    )
    assert link.new_evidence


def test_removed_facts_and_ordering() -> None:
    old = notice(*BASE)
    new = notice(BASE[0], BASE[2])  # the consent section is gone
    delta = facts_delta(facts(old), facts(new))
    assert [(c.op, c.fact) for c in delta][:2] == [
        ("removed", "basis.consent"),
        ("removed", "purpose.marketing"),
    ]
    assert delta[0].description == "Legal basis no longer stated: consent (Art. 6(1)(a) GDPR)"
    assert delta[0].old_evidence and not delta[0].new_evidence
    # Deterministic: bases, purposes, data, links; added before removed; then by id.
    assert list(delta) == sorted(
        delta,
        key=lambda c: (
            ["basis", "purpose", "data"].index(c.fact.split(".")[0]) if ">" not in c.fact else 3,
            c.op != "added",
            c.fact,
        ),
    )
    assert facts_delta(facts(old), facts(new)) == delta


def test_purpose_tied_to_a_new_basis_is_material() -> None:
    old = notice(*BASE)
    moved = section("Legitimate interests", "We send you newsletters about our products.")
    new = notice(
        BASE[0], moved, BASE[2]
    )  # newsletters now under legitimate interests, consent gone
    delta = {(c.op, c.fact) for c in facts_delta(facts(old), facts(new))}
    assert ("added", "basis.legitimate_interests>purpose.marketing") in delta
    assert ("removed", "basis.consent>purpose.marketing") in delta


def test_negation_flip_is_reported() -> None:
    old = notice(*BASE, section("Sharing", "We do not sell your personal data to third parties."))
    new = notice(*BASE, section("Sharing", "We sell your personal data to third parties."))
    delta = facts_delta(facts(old), facts(new))
    [flip] = [c for c in delta if c.fact == "purpose.sharing_third_parties"]
    assert flip.op == "added"
    assert flip.description == "Now stated (previously denied): sharing with third parties"
    assert flip.old_evidence == ("We do not sell your personal data to third parties.",)
    assert flip.new_evidence == ("We sell your personal data to third parties.",)
    back = facts_delta(facts(new), facts(old))
    assert [(c.op, c.description) for c in back if c.fact == "purpose.sharing_third_parties"] == [
        ("removed", "Now denied (previously stated): sharing with third parties")
    ]


def test_flip_is_reported_even_when_the_fact_is_stated_elsewhere() -> None:
    sharing = section("Partners", "We share your email address with our advertising partners.")
    old = notice(
        *BASE, sharing, section("Sale", "We do not sell your personal data to third parties.")
    )
    new = notice(*BASE, sharing, section("Sale", "We sell your personal data to third parties."))
    delta = facts_delta(facts(old), facts(new))
    assert [(c.op, c.fact) for c in delta if c.fact == "purpose.sharing_third_parties"] == [
        ("added", "purpose.sharing_third_parties")
    ]


def test_removing_a_denial_is_not_material() -> None:
    old = notice(
        *BASE,
        section("AI", "We do not use your private messages to train AI models."),
    )
    new = notice(*BASE)
    assert facts_delta(facts(old), facts(new)) == ()


def test_childrens_data_is_stated_by_a_denial_too() -> None:
    """ "We do not knowingly collect ... from children" says something about children's data:
    adding or dropping it is a change (taxonomy: present_when_denied)."""
    children = section(
        "Children", "We do not knowingly collect personal information from children under 13."
    )
    delta = facts_delta(facts(notice(*BASE)), facts(notice(*BASE, children)))
    assert [(c.op, c.fact) for c in delta] == [("added", "data.children")]
    assert view(facts(notice(*BASE, children))).affirmed >= {"data.children"}


def test_new_announcement_is_material_once() -> None:
    announcing = section(
        "Changes",
        "From 3 November 2025, we will rely on legitimate interests to use your posts to train AI models.",
    )
    old = notice(*BASE)
    new = notice(*BASE, announcing)
    old_f, new_f = facts(old), facts(new)
    delta = facts_delta(old_f, new_f)
    [ann] = [c for c in delta if c.fact == "announcement"]
    assert ann.description.startswith(
        "Announced change, effective 2025-11-03: From 3 November 2025"
    )
    assert new_announcements(old_f, new_f) == new_f.announcements
    # Still announced in the next version (moved elsewhere): nothing new.
    later = notice(announcing, *BASE)
    assert [c for c in facts_delta(new_f, facts(later)) if c.fact == "announcement"] == []
    assert new_announcements(new_f, facts(later)) == ()


def test_descriptions_follow_the_notice_language() -> None:
    old = notice(
        section("Intérêt légitime", "Nous utilisons votre adresse IP pour prévenir la fraude."),
        language="fr",
    )
    new = notice(
        section(
            "Intérêt légitime",
            "Nous utilisons votre adresse IP pour prévenir la fraude.",
            "Nous utilisons vos publications pour entraîner nos modèles d'IA générative.",
        ),
        language="fr",
    )
    delta = facts_delta(facts(old), facts(new))
    by_fact = {c.fact: c for c in delta}
    assert by_fact["purpose.ai_training"].description.startswith(
        "Nouvelle finalité : entraînement de modèles d'IA — base légale : intérêts légitimes (Art. 6(1)(f) GDPR)"
    )
    english = facts_delta(facts(old), facts(new), language="en")
    assert {c.fact: c for c in english}["purpose.ai_training"].description.startswith(
        "New purpose: training AI models"
    )


def test_compare_facts_side_by_side() -> None:
    eu = facts(notice(*BASE))
    us = facts(notice(BASE[0], section("Sharing", "We sell your personal data to third parties.")))
    result = compare_facts(eu, us)
    assert result["bases"] == {
        "only_a": ["basis.consent", "basis.contract"],
        "only_b": [],
        "both": ["basis.legitimate_interests"],
    }
    assert "purpose.sharing_third_parties" in result["purposes"]["only_b"]
    assert "purpose.marketing" in result["purposes"]["only_a"]
    assert "data.financial" in result["categories"]["only_a"]
    assert "basis.legitimate_interests>purpose.security" in result["links"]["both"]
    assert result["language_a"] == result["language_b"] == "en"


def test_a_sentence_kept_word_for_word_states_nothing_new() -> None:
    """Moved under a heading that makes it read as processing, the same words say the same
    thing: with the texts, no fact is added (or removed the other way round); new words are."""
    item = "- Newsletters about our products"
    old = extract(f"# Notice\n\n## About us\n\n{item}\n".encode(), "text/markdown")
    new = extract(f"# Notice\n\n## How we use your data\n\n{item}\n".encode(), "text/markdown")
    fo, fn = analyze(old, language="en"), analyze(new, language="en")
    assert [c.fact for c in facts_delta(fo, fn)] == ["purpose.marketing"]
    assert facts_delta(fo, fn, old_text=old.text, new_text=new.text) == ()
    assert facts_delta(fn, fo, old_text=new.text, new_text=old.text) == ()
    more = extract(
        f"# Notice\n\n## How we use your data\n\n{item} and personalised ads\n".encode(),
        "text/markdown",
    )
    delta = facts_delta(fo, analyze(more, language="en"), old_text=old.text, new_text=more.text)
    assert {c.fact for c in delta} >= {"purpose.advertising", "purpose.marketing"}


def test_a_data_category_the_old_version_spoke_of_is_not_new() -> None:
    """Location named only in a settings sentence before, stated as collected now: the notice
    already spoke of it, so no "new data category"; a purpose named in passing before (a
    pointer) and stated now is still new."""
    old = facts(
        Document(
            blocks=(
                Block("heading", TITLE, 1),
                Block(
                    "paragraph",
                    "We collect your email address. You can turn off location history in your"
                    " settings. Learn more about how we train AI models.",
                    0,
                    (TITLE,),
                ),
            ),
            language="en",
        )
    )
    new = facts(
        Document(
            blocks=(
                Block("heading", TITLE, 1),
                Block(
                    "paragraph",
                    "We collect your email address and your precise location. We use your posts"
                    " to train AI models.",
                    0,
                    (TITLE,),
                ),
            ),
            language="en",
        )
    )
    assert "data.location" in old.mentioned and "data.location" not in view(old).affirmed
    changed = {(c.op, c.fact) for c in facts_delta(old, new)}
    assert ("added", "data.location") not in changed
    assert ("added", "purpose.ai_training") in changed
    assert ("added", "data.location") not in {(c.op, c.fact) for c in facts_delta(new, old)} and (
        "removed",
        "data.location",
    ) not in {(c.op, c.fact) for c in facts_delta(new, old)}


def test_a_tie_made_by_neighbouring_paragraphs_is_not_new_when_merged() -> None:
    """ "We collect your location." then "We use this information to show you advertising."
    under one heading, merged into one sentence: the tie moved, it is not new (nor gone the
    other way round); the same facts under two headings are a new tie."""

    def doc(*paragraphs: tuple[str, str]) -> Facts:
        blocks = [Block("heading", TITLE, 1)]
        for heading, text in paragraphs:
            blocks.append(Block("paragraph", text, 0, (TITLE, heading)))
        return facts(Document(blocks=tuple(blocks), language="en"))

    collect = "We collect your precise location."
    use = "We use this information to show you advertising."
    merged = doc(("How we use data", "We collect your precise location to show you advertising."))
    assert "purpose.advertising>data.location" in view(merged).links
    near = doc(("How we use data", collect), ("How we use data", use))
    far = doc(("Information we collect", collect), ("How we use data", use))
    assert facts_delta(near, merged) == ()
    assert facts_delta(merged, near) == ()
    assert [(c.op, c.fact) for c in facts_delta(far, merged)] == [
        ("added", "purpose.advertising>data.location")
    ]


# --------------------------------------------------------------------------- a purpose's control

#: One purpose (advertising) with no control, an opt-in, an opt-out, and the same opt-out in
#: other words, per language: (language, heading, none, opt-in, opt-out, opt-out reworded).
CONTROLLED = {
    "en": (
        "Notice",
        "We use your location to show you personalised ads.",
        "We use your location to show you personalised ads if you agree to it.",
        "We use your location to show you personalised ads. You can opt out in your settings.",
        "We use your location to show you personalised ads. You can turn this off in your"
        " settings.",
    ),
    "de": (
        "Hinweis",
        "Wir verwenden Ihren Standort, um Ihnen personalisierte Werbung zu zeigen.",
        "Wir verwenden Ihren Standort, um Ihnen personalisierte Werbung zu zeigen, wenn Sie"
        " zustimmen.",
        "Wir verwenden Ihren Standort, um Ihnen personalisierte Werbung zu zeigen. Sie können"
        " dies in Ihren Einstellungen deaktivieren.",
        "Wir verwenden Ihren Standort, um Ihnen personalisierte Werbung zu zeigen. Sie können"
        " dem in Ihren Einstellungen widersprechen.",
    ),
}
_CONTROL = {"none": 1, "in": 2, "out": 3, "out2": 4}


def controlled(language: str, which: str) -> tuple[Facts, str]:
    heading, *texts = CONTROLLED[language]
    text = f"# {heading}\n\n{texts[_CONTROL[which] - 1]}\n"
    doc = extract(text.encode(), "text/markdown")
    return analyze(Document(blocks=doc.blocks, language=language)), text


@pytest.mark.parametrize("language", sorted(CONTROLLED))
@pytest.mark.parametrize(
    ("before", "after", "severity"),
    [
        ("in", "none", Severity.MATERIAL),
        ("out", "none", Severity.MATERIAL),
        ("in", "out", Severity.MATERIAL),
        # A say gained is shown on the purpose's card, not material.
        ("none", "in", Severity.EDITORIAL),
        ("out", "in", Severity.EDITORIAL),
        ("none", "out", Severity.EDITORIAL),
    ],
)
def test_a_purpose_whose_control_gives_less_say_is_material(
    language: str, before: str, after: str, severity: Severity
) -> None:
    """The only delta is the control of a purpose stated on both sides: material when the
    person loses a say (opt-in or opt-out gone or weakened), editorial when they gain one."""
    old, old_text = controlled(language, before)
    new, new_text = controlled(language, after)
    delta = facts_delta(old, new, old_text=old_text, new_text=new_text)
    assert delta and all(">control." in c.fact for c in delta)
    assert classify(delta, True, old=old, new=new) is severity


@pytest.mark.parametrize("language", sorted(CONTROLLED))
def test_the_same_control_in_other_words_is_editorial(language: str) -> None:
    old, old_text = controlled(language, "out")
    new, new_text = controlled(language, "out2")
    assert (
        purpose_controls(old)
        == purpose_controls(new)
        == {"purpose.advertising": frozenset({"control.opt_out"})}
    )
    delta = facts_delta(old, new, old_text=old_text, new_text=new_text)
    assert delta == ()
    assert classify(delta, True, old=old, new=new) is Severity.EDITORIAL


def test_a_control_item_is_judged_against_the_controls_that_stay() -> None:
    """The same delta item (an opt-out lost) is material where the purpose had no other
    control and editorial where it keeps its consent: a control that stays is not in the
    delta, so classify reads both versions' controls."""
    ads = "purpose.advertising"

    def version(text: str, *controls: str) -> Facts:
        links = frozenset(f"{ads}>{c}" for c in controls)
        st = Statement(("Notice",), "paragraph", text, purposes=frozenset({ads}), links=links)
        return Facts("en", (st,))

    bare = version("We show you ads.")
    opt_out = version("We show you ads. You can opt out.", "control.opt_out")
    consent = version("We show you ads if you agree.", "control.consent")
    both = version(
        "We show you ads if you agree. You can opt out.", "control.consent", "control.opt_out"
    )
    for old, new, expected in [
        (bare, opt_out, Severity.EDITORIAL),  # a say gained, the processing as it was
        (opt_out, bare, Severity.MATERIAL),
        (bare, consent, Severity.EDITORIAL),  # a say gained
        (consent, bare, Severity.MATERIAL),
        (consent, both, Severity.EDITORIAL),
        (both, consent, Severity.EDITORIAL),
        (opt_out, both, Severity.EDITORIAL),  # opt-out -> opt-in: a say gained
        (both, opt_out, Severity.MATERIAL),  # opt-in -> opt-out
    ]:
        delta = facts_delta(old, new)
        assert [c.fact.partition(">")[2] for c in delta] in (
            ["control.opt_out"],
            ["control.consent"],
        )
        assert classify(delta, True, old=old, new=new) is expected
