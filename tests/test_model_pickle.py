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


def test_an_analysed_page_comes_back_equal_through_the_readers_pickler() -> None:
    """What a reader process sends back (multiprocessing's ForkingPickler): a real page's
    document and facts, rebuilt whole from tuples of values, every item of its own type."""
    import sys
    from multiprocessing.reduction import ForkingPickler
    from pathlib import Path

    from monitor.analyze import analyze
    from monitor.extract import extract

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import peers

    document = extract(peers.page(2, 1), "text/html")
    facts = analyze(document)
    assert facts.statements and any(st.evidence for st in facts.statements)
    for value in (document, facts, (document, facts)):
        back = pickle.loads(ForkingPickler.dumps(value))
        assert back == value
    back_facts = pickle.loads(pickle.dumps(facts))
    assert all(type(st) is Statement for st in back_facts.statements)
    assert all(type(e) is Evidence for st in back_facts.statements for e in st.evidence)
    assert all(type(b) is Block for b in pickle.loads(pickle.dumps(document)).blocks)


def test_flat_pickling_covers_every_field() -> None:
    """A field added to the model is pickled too: the code is generated from the fields."""
    state = Facts.__reduce__(FACTS)[1][1]  # type: ignore[index]
    assert len(state) == len(fields(Facts))
    statement_state = state[[f.name for f in fields(Facts)].index("statements")][0]
    assert len(statement_state) == len(fields(Statement))


def test_flat_pickling_refuses_an_item_class_of_one_field() -> None:
    from dataclasses import dataclass

    from monitor.model import pickled_flat

    @dataclass(frozen=True)
    class One:
        x: int

    @dataclass(frozen=True)
    class Holder:
        items: tuple[One, ...] = ()

    with pytest.raises(TypeError, match="two fields or more"):
        pickled_flat(Holder, {"items": One})
