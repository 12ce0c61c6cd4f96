"""The text diff: line-level hunks tied to sections, refined word by word."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from monitor.diff.text import (
    WordBudget,
    diff_documents,
    diff_texts,
    is_reorder_only,
    refine_words,
    unified,
)
from monitor.model import Block, DiffStats, Document, Hunk, TextDiff


def doc(*lines: str, language: str | None = None) -> Document:
    """A document from Markdown-like lines: ``#`` lines are headings, ``- `` list items."""
    blocks: list[Block] = []
    path: list[str] = []
    for line in lines:
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            text = line[level:].strip()
            path = path[: level - 1]
            blocks.append(Block("heading", text, level, tuple(path)))
            path = [*path, text]
        elif line.startswith("- "):
            blocks.append(Block("list_item", line[2:], 0, tuple(path)))
        else:
            blocks.append(Block("paragraph", line, 0, tuple(path)))
    return Document(tuple(blocks), language=language)


def old_text(hunk: Hunk) -> str:
    return "".join(t for op, t in hunk.words if op != "insert")


def new_text(hunk: Hunk) -> str:
    return "".join(t for op, t in hunk.words if op != "delete")


BASE = (
    "# Privacy Notice",
    "Last updated: 1 March 2025.",
    "## What we collect",
    "We collect your name and email address.",
    "We collect the content you post.",
    "## Legal bases",
    "### Legitimate interests",
    "We use your data to keep the service secure.",
    "We use your data to measure the reach of posts.",
    "Contact us to learn more.",
    "### Consent",
    "We show personalised ads with your consent.",
    "Contact us to learn more.",
    "## Your rights",
    "- Access",
    "- Deletion",
    "- Objection",
)


def base() -> Document:
    return doc(*BASE)


def edited(
    replacements: dict[int, str] | None = None, inserts: dict[int, list[str]] | None = None
) -> Document:
    lines = list(BASE)
    for i, text in (replacements or {}).items():
        lines[i] = text
    for i in sorted(inserts or {}, reverse=True):
        lines[i:i] = (inserts or {})[i]
    return doc(*lines)


# --------------------------------------------------------------------------- hunks and sections


def test_identical_documents_have_no_hunks() -> None:
    diff = diff_documents(base(), base())
    assert diff == TextDiff(hunks=(), stats=DiffStats())
    assert unified(diff) == ""
    assert not is_reorder_only(diff)


def test_hunk_is_tied_to_its_nested_section() -> None:
    new = edited(
        {8: "We use your data to measure the reach of posts and to train generative AI models."}
    )
    (hunk,) = diff_documents(base(), new).hunks
    assert hunk.section_path == ("Privacy Notice", "Legal bases", "Legitimate interests")
    assert hunk.old_start == hunk.new_start == 8
    assert hunk.old_lines == (BASE[8],)
    assert hunk.summary == "Privacy Notice › Legal bases › Legitimate interests: +1 -1 line"


def test_word_refinement_marks_exactly_the_changed_words() -> None:
    new = edited(
        {
            3: "We collect your name and phone number.",
            8: "We use your data to measure the reach of ads.",
        }
    )
    first, second = diff_documents(base(), new).hunks
    assert first.words == (
        ("equal", "We collect your name and "),
        ("delete", "email address"),
        ("insert", "phone number"),
        ("equal", "."),
    )
    assert second.words == (
        ("equal", "We use your data to measure the reach of "),
        ("delete", "posts"),
        ("insert", "ads"),
        ("equal", "."),
    )
    assert first.section_path == ("Privacy Notice", "What we collect")


def test_words_are_never_cut_in_two() -> None:
    words = refine_words("We use data for training models.", "We use data for retraining models.")
    assert ("delete", "training") in words and ("insert", "retraining") in words
    words = refine_words("Keep it for 30 days.", "Keep it for 90 days.")
    assert words == (
        ("equal", "Keep it for "),
        ("delete", "30"),
        ("insert", "90"),
        ("equal", " days."),
    )


def test_inserted_section_is_its_own_hunk_named_after_its_heading() -> None:
    new = edited(
        inserts={
            13: [
                "### Training AI",
                "We train generative AI models on your posts.",
                "Contact us to learn more.",
            ]
        }
    )
    diff = diff_documents(base(), new)
    (hunk,) = diff.hunks
    assert hunk.old_lines == ()
    assert hunk.new_lines == (
        "### Training AI",
        "We train generative AI models on your posts.",
        "Contact us to learn more.",
    )
    assert hunk.section_path == ("Privacy Notice", "Legal bases", "Training AI")
    assert hunk.words == (("insert", "\n".join(hunk.new_lines)),)
    assert diff.stats.lines_added == 3 and diff.stats.lines_removed == 0


def test_new_section_after_an_edit_is_not_folded_into_the_edited_section() -> None:
    # The consent section now also ends with the same sentence as the new one: the
    # line diff may match either copy; the hunks must still follow the headings.
    new = edited(
        {11: "We show personalised ads and sponsored posts with your consent."},
        inserts={
            13: [
                "### Training AI",
                "We train generative AI models on your posts.",
                "Contact us to learn more.",
            ]
        },
    )
    hunks = diff_documents(base(), new).hunks
    assert [h.section_path[-1] for h in hunks] == ["Consent", "Training AI"]
    assert hunks[0].old_lines == (BASE[11],)
    assert hunks[0].new_lines == (
        "We show personalised ads and sponsored posts with your consent.",
    )
    assert hunks[1].new_lines[0] == "### Training AI"


def test_insert_only_and_delete_only_hunks() -> None:
    new = doc(*BASE[:5], "We collect your location.", *BASE[5:15], *BASE[16:])
    inserted, deleted = diff_documents(base(), new).hunks
    assert (inserted.old_lines, inserted.new_lines) == ((), ("We collect your location.",))
    assert inserted.words == (("insert", "We collect your location."),)
    assert inserted.section_path == ("Privacy Notice", "What we collect")
    assert (deleted.old_lines, deleted.new_lines) == (("- Deletion",), ())
    assert deleted.words == (("delete", "- Deletion"),)
    # A pure deletion is placed in the old document's sections.
    assert deleted.section_path == ("Privacy Notice", "Your rights")
    assert (deleted.old_start, deleted.new_start) == (15, 16)


def test_deleted_section_takes_its_own_heading_as_path() -> None:
    new = doc(*BASE[:10], *BASE[13:])
    (hunk,) = diff_documents(base(), new).hunks
    assert hunk.new_lines == ()
    assert hunk.old_lines == BASE[10:13]
    assert hunk.section_path == ("Privacy Notice", "Legal bases", "Consent")


def test_edits_in_two_sections_stay_two_hunks_across_a_heading() -> None:
    # Only the "### Consent" heading separates the two edits: a semantic cleanup on
    # the line diff would fold it in; the hunks must not cross it.
    new = edited({9: "Write to us to learn more.", 11: "We show ads with your consent."})
    hunks = diff_documents(base(), new).hunks
    assert [h.section_path[-1] for h in hunks] == ["Legitimate interests", "Consent"]
    assert [h.old_lines for h in hunks] == [(BASE[9],), (BASE[11],)]


def test_short_unchanged_line_between_edits_of_one_section_is_folded_in() -> None:
    new = edited({7: "We use your data to keep our service safe.", 9: "Write to us to learn more."})
    diff = diff_documents(base(), new)
    (hunk,) = diff.hunks
    assert hunk.old_lines == BASE[7:10]
    assert ("equal", "\n" + BASE[8] + "\n") in hunk.words or BASE[8] in "".join(
        t for op, t in hunk.words if op == "equal"
    )
    # Stats count the minimal line diff: the unchanged line is neither added nor removed.
    assert (diff.stats.lines_added, diff.stats.lines_removed) == (2, 2)


def test_words_cover_old_and_new_lines_of_every_hunk() -> None:
    rng = random.Random(3)
    vocabulary = [
        "we",
        "use",
        "share",
        "your",
        "data",
        "name",
        "email",
        "posts",
        "ads",
        "consent",
        "models",
        "for",
        "to",
        "and",
        "the",
    ]
    for _ in range(30):
        lines = [
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 9))) for _ in range(12)
        ]
        mutated = list(lines)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(mutated))
            action = rng.choice(("edit", "insert", "delete"))
            if action == "edit":
                words = mutated[i].split()
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
                mutated[i] = " ".join(words)
            elif action == "insert":
                mutated.insert(i, " ".join(rng.sample(vocabulary, 4)))
            elif len(mutated) > 1:
                del mutated[i]
        for context in (0, 2):
            diff = diff_documents(doc(*lines), doc(*mutated), context=context)
            for hunk in diff.hunks:
                assert old_text(hunk) == "\n".join(hunk.old_lines)
                assert new_text(hunk) == "\n".join(hunk.new_lines)
                assert lines[hunk.old_start : hunk.old_start + len(hunk.old_lines)] == list(
                    hunk.old_lines
                )
                assert mutated[hunk.new_start : hunk.new_start + len(hunk.new_lines)] == list(
                    hunk.new_lines
                )
            # Applying the hunks to the old lines gives the new lines.
            rebuilt, at = [], 0
            for hunk in diff.hunks:
                rebuilt += lines[at : hunk.old_start] + list(hunk.new_lines)
                at = hunk.old_start + len(hunk.old_lines)
            assert rebuilt + lines[at:] == mutated


def test_context_keeps_unchanged_lines_around_hunks_and_merges_close_ones() -> None:
    new = edited({3: "We collect your name.", 7: "We use your data to keep the service safe."})
    assert len(diff_documents(base(), new).hunks) == 2
    one = diff_documents(base(), new, context=1).hunks
    assert [(h.old_start, h.old_lines) for h in one] == [(2, BASE[2:5]), (6, BASE[6:9])]
    assert one[0].section_path == ("Privacy Notice", "What we collect")
    assert one[0].words[0] == ("equal", "## What we collect\nWe collect your name")
    (merged,) = diff_documents(base(), new, context=2).hunks
    assert merged.old_lines == BASE[1:10]
    assert merged.section_path == ("Privacy Notice", "What we collect")


# --------------------------------------------------------------------------- moves, stats, text


def test_reorder_only_detection() -> None:
    swapped = doc(*BASE[:14], "- Objection", "- Access", "- Deletion")
    diff = diff_documents(base(), swapped)
    assert diff.hunks and is_reorder_only(diff)
    moved = doc(*BASE[:2], *BASE[13:], *BASE[2:13])  # "Your rights" moved up
    assert is_reorder_only(diff_documents(base(), moved))
    swapped_and_edited = doc(*BASE[:14], "- Objection", "- Access", "- Erasure")
    assert not is_reorder_only(diff_documents(base(), swapped_and_edited))
    duplicated = doc(*BASE, "- Access")
    assert not is_reorder_only(diff_documents(base(), duplicated))
    assert is_reorder_only(diff_texts("a\nb\nc", "c\nb\na"))


def test_stats_count_lines_and_changed_characters() -> None:
    new = edited(
        {3: "We collect your name and phone number."}, inserts={5: ["We collect your location."]}
    )
    stats = diff_documents(base(), new).stats
    assert stats == DiffStats(
        lines_added=2,
        lines_removed=1,
        chars_added=len("phone number") + len("We collect your location."),
        chars_removed=len("email address"),
    )
    stats = diff_documents(Document(blocks=()), base()).stats
    assert stats.lines_added == len(BASE) and stats.lines_removed == 0
    assert stats.chars_added == sum(len(line) for line in base().lines)


def test_unicode_french_german_and_emoji() -> None:
    old = doc(
        "# Politique de confidentialité",
        "Nous traitons vos données à caractère personnel pour la publicité.",
        "## Datenschutz",
        "Wir verarbeiten Ihre Daten für Werbung und Analysen.",
        "Merci 🙂 pour votre confiance.",
    )
    new = doc(
        "# Politique de confidentialité",
        "Nous traitons vos données à caractère personnel pour l’entraînement de l’IA.",
        "## Datenschutz",
        "Wir verarbeiten Ihre Daten für Werbung und Künstliche Intelligenz.",
        "Merci 👩‍💻 pour votre confiance.",
    )
    french, german = diff_documents(old, new).hunks
    assert french.section_path == ("Politique de confidentialité",)
    assert ("delete", "la publicité") in french.words
    assert ("insert", "l’entraînement de l’IA") in french.words
    assert german.section_path == ("Politique de confidentialité", "Datenschutz")
    assert ("delete", "Analysen") in german.words
    assert ("insert", "Künstliche Intelligenz") in german.words
    assert ("equal", ".\nMerci ") in german.words
    assert ("delete", "🙂") in german.words
    assert "".join(t for op, t in german.words if op == "insert").endswith("👩\u200d💻")
    assert new_text(german) == "\n".join(german.new_lines)
    # A decomposed accent (combining mark) stays inside its word.
    words = refine_words("un cafe\u0301 au lait", "un the\u0301 au lait")
    assert words == (
        ("equal", "un "),
        ("delete", "cafe\u0301"),
        ("insert", "the\u0301"),
        ("equal", " au lait"),
    )


def _long_rewrite() -> tuple[str, str]:
    rng = random.Random(5)
    vocabulary = ["data", "share", "partners", "retain", "legal", "purposes", "process", "your"]
    sentences = [
        " ".join(rng.choice(vocabulary) for _ in range(14)).capitalize() + "." for _ in range(80)
    ]
    old = [*sentences[:40], "We keep data for 30 days.", *sentences[40:]]
    new = [*sentences[:40], "We keep data for 90 days.", *sentences[40:]]
    for i in range(0, len(new), 2):
        if i != 40:
            new[i] = " ".join(rng.choice(vocabulary) for _ in range(14)).capitalize() + "."
    return " ".join(old), " ".join(new)


def test_large_rewrite_is_aligned_by_sentence_then_refined_by_word() -> None:
    old, new = _long_rewrite()
    words = refine_words(old, new)
    assert "".join(t for op, t in words if op != "insert") == old
    assert "".join(t for op, t in words if op != "delete") == new
    assert ("delete", "30") in words and ("insert", "90") in words
    assert any(op == "equal" and old.split(". ")[1] in t for op, t in words)
    assert refine_words(old, new) == words


def test_word_budget_bounds_the_work_for_one_document() -> None:
    old, new = _long_rewrite()
    spent = WordBudget(0)
    words = refine_words(old, new, budget=spent)
    assert "".join(t for op, t in words if op != "insert") == old
    assert "".join(t for op, t in words if op != "delete") == new
    # Out of budget, changed sentences are shown whole.
    assert ("delete", "30") not in words
    assert any(op == "delete" and "We keep data for 30 days." in t for op, t in words)
    assert any(op == "equal" and old.split(". ")[1] in t for op, t in words)
    assert spent.left == 0


def test_block_holding_a_newline_is_one_unit() -> None:
    old = Document(
        (
            Block("paragraph", "Intro."),
            Block("preformatted", "line one\nline two"),
            Block("paragraph", "End."),
        )
    )
    new = Document(
        (
            Block("paragraph", "Intro."),
            Block("preformatted", "line one\nline 2"),
            Block("paragraph", "End."),
        )
    )
    (hunk,) = diff_documents(old, new).hunks
    assert hunk.old_lines == ("line one\nline two",)
    assert (hunk.old_start, hunk.new_start) == (1, 1)
    assert ("delete", "two") in hunk.words and ("insert", "2") in hunk.words


def test_last_line_without_trailing_newline_is_not_a_change() -> None:
    # Plain diff_linesToChars on "a\nb" vs "a\nb\nc" would see "b" and "b\n" as different lines.
    diff = diff_texts("a\nb", "a\nb\nc")
    (hunk,) = diff.hunks
    assert (hunk.old_lines, hunk.new_lines) == ((), ("c",))


def test_diff_texts_and_unified() -> None:
    diff = diff_texts("alpha\nbeta\ngamma", "alpha\nBETA\ngamma\ndelta")
    assert [h.section_path for h in diff.hunks] == [()]
    # "gamma" sits between two edits as long as itself: folded in, shown as context.
    assert unified(diff) == "@@ (top) @@\n-beta\n+BETA\n gamma\n+delta\n"
    assert diff_texts("", "") == TextDiff(hunks=(), stats=DiffStats())
    assert diff_texts("", "x").hunks[0].new_lines == ("x",)


def test_unified_names_sections_and_keeps_unchanged_lines_as_context() -> None:
    new = edited({7: "We use your data to keep our service safe.", 9: "Write to us to learn more."})
    text = unified(diff_documents(base(), new))
    assert text.splitlines() == [
        "@@ Privacy Notice › Legal bases › Legitimate interests @@",
        "-We use your data to keep the service secure.",
        "+We use your data to keep our service safe.",
        " We use your data to measure the reach of posts.",
        "-Contact us to learn more.",
        "+Write to us to learn more.",
    ]


def test_long_notice_marks_only_what_changed() -> None:
    rng = random.Random(11)
    vocabulary = [
        "personal",
        "data",
        "process",
        "share",
        "retain",
        "partners",
        "services",
        "legal",
        "consent",
        "purposes",
    ]
    lines = ["# Notice"]
    for s in range(60):
        lines.append(f"## Section {s}")
        lines += [" ".join(rng.choice(vocabulary) for _ in range(30)) + "." for _ in range(10)]
    new_lines = list(lines)
    for i in (5, 200, 420, 610):
        new_lines[i] = new_lines[i].replace(".", " and to train generative AI models.")
    diff = diff_documents(doc(*lines), doc(*new_lines))
    assert len(diff.hunks) == 4
    assert diff.stats.chars_added == 4 * len(" and to train generative AI models")
    assert diff.stats.chars_removed == 0


def _diff_json(seed: str) -> str:
    code = (
        "import json, dataclasses\n"
        "from monitor.diff.text import diff_texts\n"
        "d = diff_texts(open(0).readline().replace('|', '\\n'), 'x\\nb\\nc a b\\nd e\\nf')\n"
        "print(json.dumps(dataclasses.asdict(d)))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", code],
        input="a|b|c|d e f|g",
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return out.stdout


def test_deterministic_across_runs_and_hash_seeds() -> None:
    new = edited(
        {3: "We collect your name.", 11: "We show ads."}, inserts={13: ["### New", "Text."]}
    )
    assert diff_documents(base(), new) == diff_documents(base(), new)
    first = _diff_json("1")
    assert json.loads(first)["hunks"]
    assert _diff_json("2") == first == _diff_json("12345")


@pytest.mark.parametrize("context", [0, 3])
def test_first_version_is_one_insertion(context: int) -> None:
    (hunk,) = diff_documents(Document(blocks=()), base(), context=context).hunks
    assert hunk.new_lines == BASE
    assert hunk.section_path == ("Privacy Notice",)


def test_new_section_keeps_its_subsections_but_not_its_siblings() -> None:
    new = edited(
        inserts={
            5: [
                "## Training AI",
                "We train models.",
                "### On posts",
                "Public posts.",
                "## Sharing",
                "We share.",
            ]
        }
    )
    hunks = diff_documents(base(), new).hunks
    assert [(h.section_path, len(h.new_lines)) for h in hunks] == [
        (("Privacy Notice", "Training AI"), 4),
        (("Privacy Notice", "Sharing"), 2),
    ]
