"""A page read in a reader process comes back to the crawl's process by pickle: the same objects."""

from __future__ import annotations

import pickle
from dataclasses import fields

import pytest

from monitor.model import Announcement, Block, Document, Evidence, Facts, Statement

STATEMENT = Statement(
    section_path=("How we use your data",),
    block_kind="table_row",
    text="To train AI | Legitimate interests | Posts",
    legal_bases=frozenset({"basis.legitimate_interests"}),
    purposes=frozenset({"purpose.ai_training"}),
    data_categories=frozenset({"data.content"}),
    evidence=(Evidence("Posts", 37, 42, "data.content"),),
    links=frozenset({"basis.legitimate_interests>purpose.ai_training"}),
    controls=frozenset({"control.opt_out"}),
    sale=True,
)
FACTS = Facts(
    language="en",
    statements=(STATEMENT,),
    effective_date="2025-11-03",
    announcements=(Announcement("2025-11-03", "On 3 November 2025 ...", 0, frozenset({"x"})),),
    analyzer_version="test",
    mentioned=frozenset({"purpose.ai_training"}),
)
DOCUMENT = Document(
    blocks=(
        Block("heading", "How we use your data", level=2),
        Block("table_row", STATEMENT.text, path=("How we use your data",)),
    ),
    title="Privacy",
    language="en",
    extractor_version="x",
)


@pytest.mark.parametrize(
    "value", [FACTS, DOCUMENT, STATEMENT], ids=["facts", "document", "statement"]
)
@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_a_pickled_value_comes_back_equal(value: object, protocol: int) -> None:
    back = pickle.loads(pickle.dumps(value, protocol=protocol))
    assert back == value
    assert type(back) is type(value)


def test_the_state_is_every_field_in_order() -> None:
    state = STATEMENT.__getstate__()  # type: ignore[attr-defined]
    assert state == tuple(getattr(STATEMENT, f.name) for f in fields(Statement))


def test_a_state_pickled_by_dataclasses_itself_still_loads() -> None:
    """dataclasses' own frozen-slots pickling wrote a list of the fields' values."""
    evidence = object.__new__(Evidence)
    evidence.__setstate__(["Posts", 37, 42, "data.content"])  # type: ignore[attr-defined]
    assert evidence == Evidence("Posts", 37, 42, "data.content")


def test_a_state_of_another_shape_is_refused() -> None:
    evidence = object.__new__(Evidence)
    with pytest.raises(ValueError):
        evidence.__setstate__(("Posts", 37))  # type: ignore[attr-defined]
