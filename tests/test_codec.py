"""monitor.codec: the model dataclasses to JSON and back, exactly."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import MappingProxyType

import pytest

from monitor import codec
from monitor.codec import CodecError, from_jsonable, to_jsonable
from monitor.model import (
    Announcement,
    Block,
    Change,
    DiffStats,
    Document,
    Evidence,
    FactChange,
    Facts,
    Hunk,
    Severity,
    Statement,
    TextDiff,
)
from monitor.targets import Target

DOCUMENT = Document(
    blocks=(
        Block("heading", "Regional Privacy Notice", level=1),
        Block("heading", "Legitimate Interests", level=2, path=("Regional Privacy Notice",)),
        Block(
            "list_item",
            "We use your posts to train generative AI models.",
            path=("Regional Privacy Notice", "Legitimate Interests"),
        ),
        Block("table_row", "Profile data | Contract", path=("Regional Privacy Notice",)),
        Block("paragraph", "Zürich — « citations » ‘quotes’ 🙂"),
    ),
    title="Regional Privacy Notice",
    language="en",
    extractor_version="extract-3",
    source_type="application/pdf",
)

FACTS = Facts(
    language="en",
    statements=(
        Statement(
            section_path=("Regional Privacy Notice", "Legitimate Interests"),
            block_kind="list_item",
            text="We use your posts to train generative AI models.",
            legal_bases=frozenset({"basis.legitimate_interests"}),
            purposes=frozenset({"purpose.ai_training", "purpose.analytics"}),
            data_categories=frozenset({"data.content", "data.profile", "data.inferred"}),
            inherited_bases=frozenset({"basis.legitimate_interests"}),
            evidence=(Evidence("train generative AI models", 20, 46, "purpose.ai_training"),),
        ),
        Statement(
            section_path=(),
            block_kind="paragraph",
            text="We do not sell your data.",
            negated=True,
        ),
    ),
    effective_date="2025-11-03",
    announcements=(
        Announcement(
            "2025-11-03",
            "From 3 November 2025 we will ...",
            120,
            frozenset({"purpose.ai_training"}),
        ),
    ),
    analyzer_version="analyze-2",
)

CHANGE = Change(
    severity=Severity.MATERIAL,
    text_diff=TextDiff(
        hunks=(
            Hunk(
                section_path=("Regional Privacy Notice", "Legitimate Interests"),
                old_start=2,
                new_start=2,
                old_lines=(),
                new_lines=("- We use your posts to train generative AI models.",),
                words=(("equal", "We use "), ("insert", "your posts"), ("delete", "cookies")),
            ),
        ),
        stats=DiffStats(lines_added=1, lines_removed=0, chars_added=50, chars_removed=0),
    ),
    fact_changes=(
        FactChange(
            "added",
            "basis.legitimate_interests>purpose.ai_training",
            "new purpose under legitimate interests: training generative AI models",
            new_evidence=("We use your posts to train generative AI models.",),
        ),
    ),
    announcements=FACTS.announcements,
    summary="new legal basis for AI training",
    extra={"reextracted": False, "note": "x", "counts": [1, 2]},
)


@pytest.mark.parametrize("value", [DOCUMENT, FACTS, CHANGE], ids=["document", "facts", "change"])
def test_round_trip_is_exact_through_json_text(value):
    data = to_jsonable(value)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    back = from_jsonable(type(value), json.loads(text))
    assert back == value
    assert type(back) is type(value)


def test_convenience_functions_round_trip():
    assert codec.document_from_json(codec.document_to_json(DOCUMENT)) == DOCUMENT
    assert codec.facts_from_json(codec.facts_to_json(FACTS)) == FACTS
    assert codec.change_from_json(codec.change_to_json(CHANGE)) == CHANGE


def test_rebuilt_values_have_the_model_types():
    facts = codec.facts_from_json(json.loads(json.dumps(codec.facts_to_json(FACTS))))
    st = facts.statements[0]
    assert isinstance(facts.statements, tuple)
    assert isinstance(st.purposes, frozenset)
    assert isinstance(st.section_path, tuple)
    assert isinstance(st.evidence[0], Evidence)
    change = codec.change_from_json(json.loads(json.dumps(codec.change_to_json(CHANGE))))
    assert change.severity is Severity.MATERIAL
    assert change.text_diff.hunks[0].words[1] == ("insert", "your posts")
    assert isinstance(change.text_diff.hunks[0].words[1], tuple)
    # Facts derived from the rebuilt statements behave as before.
    assert facts.all_ids() == FACTS.all_ids()


def test_sets_are_sorted_and_output_is_deterministic():
    a = Statement((), "paragraph", "t", purposes=frozenset(["purpose.b", "purpose.a", "purpose.c"]))
    b = Statement((), "paragraph", "t", purposes=frozenset(["purpose.c", "purpose.b", "purpose.a"]))
    assert to_jsonable(a)["purposes"] == ["purpose.a", "purpose.b", "purpose.c"]
    assert json.dumps(to_jsonable(a)) == json.dumps(to_jsonable(b))
    # Fields come out in declaration order.
    assert list(to_jsonable(DOCUMENT)) == [
        "blocks",
        "title",
        "language",
        "extractor_version",
        "source_type",
    ]


def test_enums_tuples_and_nesting_encode_to_plain_json():
    data = to_jsonable(CHANGE)
    assert data["severity"] == "material"
    assert type(data["severity"]) is str
    assert data["text_diff"]["hunks"][0]["words"][0] == ["equal", "We use "]
    assert data["text_diff"]["stats"] == {
        "lines_added": 1,
        "lines_removed": 0,
        "chars_added": 50,
        "chars_removed": 0,
    }
    assert to_jsonable(Severity.FIRST) == "first"
    assert to_jsonable(datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2025-01-02T03:04:05+00:00"


def test_target_round_trip_keeps_read_only_mappings():
    target = Target(
        id="acme-eu",
        url="https://example.test/privacy",
        service="Acme",
        region="EU",
        select=("main", "#notice"),
        headers=MappingProxyType({"Accept-Language": "fr-FR"}),
        cookies=MappingProxyType({"region": "eu"}),
        timeout=12.5,
        tags=("social",),
    )
    back = from_jsonable(Target, json.loads(json.dumps(to_jsonable(target))))
    assert back == target
    assert isinstance(back.headers, MappingProxyType)
    # An integer where a float is declared (hand-written JSON) is read as a float.
    data = to_jsonable(target) | {"timeout": 30}
    assert from_jsonable(Target, data).timeout == 30.0
    assert isinstance(from_jsonable(Target, data).timeout, float)


def test_missing_fields_take_defaults_and_unknown_keys_are_ignored():
    block = from_jsonable(Block, {"kind": "paragraph", "text": "Hello", "added_later": 1})
    assert block == Block("paragraph", "Hello")
    facts = from_jsonable(Facts, {"language": "de"})
    assert facts == Facts(language="de")


@pytest.mark.parametrize(
    ("cls", "data", "message"),
    [
        (Block, {"kind": "footnote", "text": "x"}, "Block.kind"),
        (Block, {"text": "x"}, "missing field 'kind'"),
        (Block, {"kind": "paragraph", "text": "x", "level": "2"}, "Block.level"),
        (Block, {"kind": "paragraph", "text": "x", "path": "A > B"}, "Block.path"),
        (Change, {"severity": "huge", "text_diff": {"hunks": [], "stats": {}}}, "Change.severity"),
        (Facts, ["en"], "expected an object"),
        (
            Hunk,
            {
                "section_path": [],
                "old_start": 0,
                "new_start": 0,
                "old_lines": [],
                "new_lines": [],
                "words": [["equal"]],
            },
            "expected 2 items",
        ),
    ],
)
def test_wrong_shapes_raise_codec_error_naming_the_place(cls, data, message):
    with pytest.raises(CodecError, match=message):
        from_jsonable(cls, data)


def test_values_without_json_form_are_refused():
    with pytest.raises(CodecError):
        to_jsonable(b"raw bytes")
    with pytest.raises(CodecError):
        to_jsonable({1: "non-string key"})
