"""monitor.codec's stored form of facts (format 2): compact, exact, and old rows still read."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest

from monitor import codec
from monitor.analyze import analyze
from monitor.codec import CodecError
from monitor.extract import extract
from monitor.model import Evidence, Facts, Statement
from tests.test_codec import FULL_FACTS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import peers

TEXT = "We use your posts to train AI models. We use your posts to train AI models."


def _through_json(data):
    return json.loads(json.dumps(data))


def _facts(*evidence: Evidence, text: str = TEXT) -> Facts:
    return Facts(
        language="en",
        statements=(
            Statement(
                section_path=("Notice",),
                block_kind="paragraph",
                text=text,
                purposes=frozenset({"purpose.ai_training"}),
                evidence=evidence,
            ),
        ),
    )


def test_every_field_comes_back_equal():
    row = _through_json(codec.facts_to_row(FULL_FACTS))
    assert row["format"] == codec.FACTS_ROW_FORMAT
    assert codec.facts_from_row(row) == FULL_FACTS


def test_rows_written_before_the_compact_form_still_read():
    assert codec.facts_from_row(_through_json(codec.facts_to_json(FULL_FACTS))) == FULL_FACTS


def test_evidence_words_are_stored_only_where_the_statement_text_does_not_give_them():
    # The statement starts at 1000 in the document: both entries are read from its text.
    at = 1000
    kept = _facts(
        Evidence("your posts", at + 7, at + 17, "data.user_content"),
        Evidence("train AI models", at + 21, at + 36, "purpose.ai_training"),
    )
    row = codec.facts_to_row(kept)
    evidence = row["statements"][0][row["statement_fields"].index("evidence")]
    assert evidence == [
        at,
        [at + 7, at + 17, "data.user_content"],
        [at + 21, at + 36, "purpose.ai_training"],
    ]
    assert codec.facts_from_row(_through_json(row)) == kept
    # Words the offset does not give back (not in the text, or elsewhere) are written out.
    odd = _facts(
        Evidence("train AI models", at + 21, at + 36, "purpose.ai_training"),
        Evidence("nowhere here", 5, 17, "purpose.ai_training"),
        Evidence("", at, at, ""),
    )
    row = codec.facts_to_row(odd)
    evidence = row["statements"][0][row["statement_fields"].index("evidence")]
    assert evidence[2] == [5, 17, "purpose.ai_training", "nowhere here"]
    assert codec.facts_from_row(_through_json(row)) == odd


def test_a_repeated_phrase_found_first_at_the_wrong_place_still_round_trips():
    # "your posts" occurs twice in the text; the evidence is the second one.
    second = TEXT.index("your posts", 10)
    facts = _facts(Evidence("your posts", 500 + second, 500 + second + 10, "data.user_content"))
    assert codec.facts_from_row(_through_json(codec.facts_to_row(facts))) == facts


def test_rows_of_an_older_or_newer_field_list_read_with_defaults_and_without_the_unknown():
    row = _through_json(codec.facts_to_row(FULL_FACTS))
    names = row["statement_fields"]
    # Older: no "sale" field. Newer: an extra field this version does not know.
    sale = names.index("sale")
    row["statement_fields"] = [n for n in names if n != "sale"] + ["future_field"]
    statement = row["statements"][0]
    row["statements"][0] = statement[:sale] + statement[sale + 1 :] + [["x"]]
    expected = dataclasses.replace(
        FULL_FACTS, statements=(dataclasses.replace(FULL_FACTS.statements[0], sale=False),)
    )
    assert codec.facts_from_row(row) == expected


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda r: r.update(format=3), "unknown stored format 3"),
        (lambda r: r.update(statements="no"), "Facts.statements: expected an array"),
        (lambda r: r["statements"].append([1, 2]), "Facts.statements[1]: expected an array of 13"),
        (
            lambda r: r["statements"][0].__setitem__(2, 7),
            "Facts.statements[0].text: expected a string",
        ),
        (lambda r: r["statements"][0].__setitem__(3, "basis"), "legal_bases: expected an array"),
        (lambda r: r.update(language=None), "Facts.language: expected a string"),
    ],
)
def test_a_damaged_row_is_a_codec_error_naming_where(damage, message):
    row = _through_json(codec.facts_to_row(FULL_FACTS))
    damage(row)
    with pytest.raises(CodecError, match=message.replace("[", r"\[").replace("]", r"\]")):
        codec.facts_from_row(row)


def test_analysed_notices_round_trip_and_take_a_third_less_room():
    """Real analyses: a synthetic 100 KB notice (evidence offsets into the whole text) and
    the extraction fixtures."""
    documents = [extract(peers.page(3, 1), "text/html")]
    fixtures = Path(__file__).parent / "fixtures" / "extract"
    documents += [extract(p.read_bytes(), "text/html") for p in sorted(fixtures.glob("*.html"))]
    for document in documents:
        facts = analyze(document)
        row = codec.facts_to_row(facts)
        assert codec.facts_from_row(_through_json(row)) == facts
    assert facts_size(documents[0], codec.facts_to_row) < 0.75 * facts_size(
        documents[0], codec.facts_to_json
    )


def facts_size(document, encode) -> int:
    facts = analyze(document)
    assert facts.statements and any(st.evidence for st in facts.statements)
    return len(json.dumps(encode(facts), ensure_ascii=False))
