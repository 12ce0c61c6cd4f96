"""monitor.codec: the model dataclasses to JSON and back, exactly."""

from __future__ import annotations

import dataclasses
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


# --------------------------------------------------------------------------- the compiled decoder

#: Every field of Facts and of what it holds set away from its default.
FULL_FACTS = Facts(
    language="fr",
    statements=(
        Statement(
            section_path=("Notice", "Partage"),
            block_kind="table_row",
            text="Nous partageons vos données avec nos partenaires publicitaires.",
            legal_bases=frozenset({"basis.consent", "basis.contract"}),
            purposes=frozenset({"purpose.advertising"}),
            data_categories=frozenset({"data.identifiers"}),
            negated=True,
            inherited_bases=frozenset({"basis.consent"}),
            evidence=(
                Evidence("partenaires publicitaires", 30, 55, "purpose.advertising"),
                Evidence("vos données", 15, 26, "data.identifiers"),
            ),
            links=frozenset({"https://example.test/opt-out"}),
            controls=frozenset({"control.opt_out"}),
            recipients=frozenset({"recipient.advertisers"}),
            sale=True,
        ),
    ),
    effective_date="2026-01-01",
    announcements=(Announcement(None, "Bientôt ...", 7, frozenset({"purpose.ai_training"})),),
    analyzer_version="analyze-9",
    mentioned=frozenset({"data.identifiers", "data.location"}),
)


def _every_field_set(value, path="value"):
    """Fail naming the first dataclass field still at its default (the test would then miss it)."""
    import dataclasses

    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            field_value = getattr(value, f.name)
            default = f.default if f.default is not dataclasses.MISSING else dataclasses.MISSING
            assert field_value != default, f"{path}.{f.name} is at its default"
            _every_field_set(field_value, f"{path}.{f.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            _every_field_set(item, f"{path}[{i}]")


@pytest.mark.parametrize(
    "value", [FULL_FACTS, DOCUMENT, CHANGE], ids=["facts", "document", "change"]
)
def test_compiled_decoder_gives_what_the_general_rules_give(value):
    data = json.loads(json.dumps(to_jsonable(value)))
    general = codec._decode(type(value), data, "value")
    compiled = codec._fast(type(value))(data)  # raises codec._Unsure if it fell back
    assert compiled == general == value
    assert from_jsonable(type(value), data) == value


def test_the_full_facts_fixture_sets_every_field():
    _every_field_set(FULL_FACTS)


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "paragraph", "text": "x", "path": ("A", "B")},  # a tuple, not a JSON array
        {"kind": "paragraph", "text": type("Text", (str,), {})("x")},  # a str subclass
        {"kind": "paragraph", "text": "x", "level": True},  # a bool where an int is declared
    ],
)
def test_data_not_from_json_is_decoded_by_the_general_rules(data):
    with pytest.raises(codec._Unsure):
        codec._fast(Block)(data)
    try:
        expected = codec._decode(Block, data, "Block")
    except CodecError as exc:
        with pytest.raises(CodecError, match=str(exc)):
            from_jsonable(Block, data)
    else:
        assert from_jsonable(Block, data) == expected


def test_real_facts_decode_identically():
    from monitor.analyze import analyze
    from monitor.extract import extract

    html = (
        b"<html lang=en><body><main><h1>Privacy</h1><h2>Advertising</h2>"
        b"<p>We use your location data and device identifiers to show you personalised ads, "
        b"on the basis of your consent. You can withdraw consent at any time.</p>"
        b"<table><tr><th>Purpose</th><th>Legal basis</th></tr><tr><td>Train our AI models</td>"
        b"<td>Legitimate interests</td></tr></table></main></body></html>"
    )
    facts = analyze(extract(html, "text/html"))
    assert facts.statements
    data = json.loads(json.dumps(codec.facts_to_json(facts)))
    assert codec._fast(Facts)(data) == codec._decode(Facts, data, "Facts") == facts


@dataclasses.dataclass(frozen=True)
class _Defaults:
    name: str
    count: int = 3
    tags: list[str] = dataclasses.field(default_factory=list)
    flag: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True)
class _KeywordOnly:
    name: str
    count: int = 3


@dataclasses.dataclass
class _NotInit:
    name: str
    seen: int = dataclasses.field(default=0, init=False)


def test_compiled_decoder_fills_defaults_as_init_does_and_keeps_keyword_only_classes():
    decode = codec._fast(_Defaults)
    first, second = decode({"name": "a"}), decode({"name": "b"})
    assert first == _Defaults("a") and second == _Defaults("b")
    assert first.tags is not second.tags  # a default_factory is called per instance
    assert decode({"flag": True, "name": "c", "count": 5}) == _Defaults("c", 5, [], True)
    with pytest.raises(codec._Unsure):
        decode({"count": 1})  # a required field missing: the general rules name it
    with pytest.raises(CodecError, match="name"):
        from_jsonable(_Defaults, {"count": 1})
    assert codec._fast(_KeywordOnly)({"name": "k"}) == _KeywordOnly(name="k")
    assert from_jsonable(_NotInit, {"name": "n"}) == _NotInit("n")


@pytest.mark.parametrize(
    "value", [FULL_FACTS, DOCUMENT, CHANGE], ids=["facts", "document", "change"]
)
def test_generated_encoder_gives_what_the_general_rules_give(value):
    assert to_jsonable(value) == codec._to_jsonable(value)
    assert json.dumps(to_jsonable(value)) == json.dumps(codec._to_jsonable(value))


def test_gc_paused_leaves_the_collector_as_it_found_it():
    import gc

    assert gc.isenabled()
    with codec.gc_paused():
        assert not gc.isenabled()
        with codec.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause found it off
    assert gc.isenabled()
    with pytest.raises(CodecError), codec.gc_paused():
        codec.facts_from_json({"statements": "not a list"})
    assert gc.isenabled()
    gc.disable()
    try:
        codec.facts_to_json(FULL_FACTS)
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()
