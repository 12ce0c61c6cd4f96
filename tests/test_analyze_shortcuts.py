"""The analyzer's shortcuts change nothing it finds.

``analyze`` skips the blocks ``may_state`` rejects (no fact or control hit, not a row read
with its header), and reads a block text that repeats in a notice once per set of inputs.
Both are for speed only: these tests run the analyzer with and without them and compare.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

import monitor.analyze as analyzer
from monitor.analyze import analyze
from monitor.analyze.lexicon import Tokens, load_lexicon, split_cues
from monitor.analyze.statements import EMPTY, analyze_block, header_roles, may_state
from monitor.analyze.text import fold
from monitor.codec import facts_to_json
from monitor.extract import extract
from monitor.model import Block, Document, Facts

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import peers


def fact_hits(text: str, language: str = "en") -> list:
    return split_cues(load_lexicon(language).facts.find(Tokens(fold(text))))[0]


def without_shortcuts(document: Document, monkeypatch: pytest.MonkeyPatch) -> Facts:
    """``analyze`` calling ``analyze_block`` on every block, with no memo of repeated ones."""
    with monkeypatch.context() as m:
        m.setattr(analyzer, "may_state", lambda hits, roles: True)
        m.setattr(analyzer, "repeated_texts", lambda document: set())
        return analyze(document)


# --------------------------------------------------------------------------- skipped blocks

NOTHING_STATED = [
    "Contact us at the address below.",
    "Last updated 3 March 2025.",
    "Learn more",
    "our service providers and vendors",  # recipients alone
    "",
]


@pytest.mark.parametrize("text", NOTHING_STATED)
def test_a_block_may_state_rejects_yields_nothing_in_any_context(text: str) -> None:
    lexicon = load_lexicon("en")
    hits = fact_hits(text)
    assert not may_state(hits, None)
    for context, is_item, is_row, with_links, inherited, purposes in itertools.product(
        (False, True),
        (False, True),
        (False, True),
        (False, True),
        (frozenset(), frozenset({"basis.consent"})),
        (frozenset(), frozenset({"purpose.advertising"})),
    ):
        found = analyze_block(
            text,
            lexicon,
            inherited=inherited,
            section_purposes=purposes,
            is_row=is_row,
            is_item=is_item,
            with_links=with_links,
            context=context,
        )
        assert found is EMPTY


def test_may_state_keeps_facts_controls_and_rows_read_with_their_header() -> None:
    assert may_state(fact_hits("We use your location to show you ads."), None)
    assert may_state(fact_hits("You can opt out at any time in your settings."), None)
    # A basis column's cell gains hits of its own ("Contract" alone is no fact in prose).
    lexicon = load_lexicon("en")
    roles = header_roles("Purpose | Legal basis", lexicon)
    assert roles is not None
    assert not may_state(fact_hits("Account | Contract"), None)
    assert may_state(fact_hits("Account | Contract"), roles)
    row = "Account | Contract"
    found = analyze_block(row, lexicon, roles=roles, is_row=True, context=True, hits=fact_hits(row))
    assert [h.label for h in found.affirmed] == ["basis.contract"]


# --------------------------------------------------------------------------- repeated blocks


def repeating_notice() -> Document:
    """The same blocks under headings, lead-ins and tables that read them differently."""
    same = "We use your contact details and device information to show you personalised ads."
    footer = "We do not sell your personal information. You can opt out of advertising."
    item = "Your email address"
    row = "Advertising | Consent | Browsing history"
    blocks = [
        Block("heading", "Where we rely on your consent", 2, ()),
        Block("paragraph", same, 0, ("Where we rely on your consent",)),
        Block("paragraph", footer, 0, ("Where we rely on your consent",)),
        Block("paragraph", "We collect the following data:", 0, ("Where we rely on your consent",)),
        Block("list_item", item, 0, ("Where we rely on your consent",)),
        Block("heading", "Legitimate interests", 2, ()),
        Block("paragraph", same, 0, ("Legitimate interests",)),
        Block("paragraph", footer, 0, ("Legitimate interests",)),
        Block("heading", "Contact", 2, ()),
        Block("list_item", item, 0, ("Contact",)),
        Block("heading", "How long we keep data", 2, ()),
        Block("paragraph", same, 0, ("How long we keep data",)),
        Block("heading", "Table one", 2, ()),
        Block("table_row", "Purpose | Legal basis | Data", 0, ("Table one",)),
        Block("table_row", row, 0, ("Table one",)),
        Block("heading", "Table two", 2, ()),
        Block("table_row", "Purpose | Data | Retention", 0, ("Table two",)),
        Block("table_row", row, 0, ("Table two",)),
        Block("paragraph", "From 1 May 2030 we will use your posts to train AI.", 0, ()),
        Block("paragraph", "From 1 May 2030 we will use your posts to train AI.", 0, ()),
    ]
    return Document(blocks=tuple(blocks), language="en")


def test_a_repeated_block_is_read_in_its_own_context(monkeypatch: pytest.MonkeyPatch) -> None:
    document = repeating_notice()
    facts = analyze(document)
    assert facts == without_shortcuts(document, monkeypatch)
    same = [st for st in facts.statements if st.text.startswith("We use your contact")]
    # Three copies, three readings: each heading's basis, none under retention.
    by_section = {st.section_path: st.legal_bases for st in same if not st.negated}
    assert by_section[("Where we rely on your consent",)] == frozenset({"basis.consent"})
    assert by_section[("Legitimate interests",)] == frozenset({"basis.legitimate_interests"})
    assert len(same) == 3
    # Evidence offsets are those of each copy, not of the first one.
    offsets = [st.evidence[0].start for st in same]
    assert len(set(offsets)) == 3
    text = document.text
    for st in facts.statements:
        for ev in st.evidence:
            assert text[ev.start : ev.end] == ev.text
    # The list item is a statement after the lead-in only; the rows read with their header.
    items = [st for st in facts.statements if st.text == "Your email address"]
    assert [st.section_path for st in items] == [("Where we rely on your consent",)]
    assert len(facts.announcements) == 2


@pytest.mark.parametrize("index", [0, 1])
def test_shortcuts_change_nothing_on_a_synthetic_notice(
    index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    for revision in (0, 1):
        document = extract(peers.page(index, revision), "text/html")
        assert analyzer.repeated_texts(document)  # the memo is exercised
        fast = analyze(document)
        assert fast.statements
        slow = without_shortcuts(document, monkeypatch)
        assert facts_to_json(fast) == facts_to_json(slow)
