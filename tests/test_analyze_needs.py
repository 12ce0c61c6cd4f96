"""The substrings a ``re:`` phrase needs, tested before it is scanned over a text, never
rule out a text it matches (the speed-up finds the same hits)."""

from __future__ import annotations

import random
import re

from monitor.analyze.lexicon import LANGUAGES, Matcher, _has_needs, load_lexicon
from monitor.analyze.patterns import compile_pattern, regex_hint, required_substrings
from monitor.analyze.text import fold


def _needs(pattern: str) -> tuple[frozenset[str], ...]:
    return required_substrings(re.compile(pattern))


def test_literal_runs_and_alternations_are_needed():
    needs = _needs(
        r"(?:retain|keep|kept|stor)\w*[^.;:]{0,60}\bfor\s+(?:\d+|one)\s+(?:days?|weeks?)\b"
    )
    assert needs == (
        frozenset({"retain", "keep", "kept", "stor"}),
        frozenset({"for"}),
        frozenset({"day", "week"}),
    )
    assert _needs(r"(abc)+x(?>def)") == (frozenset({"abc"}), frozenset({"def"}))


def test_what_may_be_absent_adds_nothing():
    assert _needs(r"ab?c") == ()  # "ac" matches: no run of two letters is sure
    assert _needs(r"(?:abc)?de") == (frozenset({"de"}),)
    assert _needs(r"(?:abc|\d+)x") == ()  # one alternative needs no letters
    assert _needs(r"(?:abc){0,3}") == ()
    assert _needs(r"x(?=abc)(?<=yx)") == ()  # lookarounds: not read
    assert _needs(r"(?i)abc") == ()  # any case: "ABC" matches
    assert _needs(r"ab(?i:cde)fg") == (frozenset({"ab"}), frozenset({"fg"}))


def test_generated_texts_match_only_with_their_needs():
    """Texts built slot by slot from each regex's pieces, each slot left out or replaced
    at random: every text a regex matches holds its needs, and a text lacking one does not
    match."""
    cases = {
        r"(?:retain|keep|kept|stor)\w*[^.;:]{0,60}\bfor\s+(?:\d+|one|two)\s+(?:days?|weeks?)\b": [
            ["retain", "keep", "kept", "stor", "hold", ""], ["ed", "ing", "", "."],
            [" your data ", " ", ""], ["for", "fro", ""], [" ", ""], ["30", "one", "two", ""],
            [" ", ""], ["days", "weeks", "day", "months", ""], ["", "s", " ."],
        ],
        r"with(?<= and with) your (?:prior |express )?(?:consent|permission)(?=\s*(?:[.;)]|$))": [
            [" and", "and", " we", ""], [" ", ""], ["with", "wit", ""], [" "], ["your ", "our ", ""],
            ["prior ", "express ", ""], ["consent", "permission", "ok"], [".", ";", "", " x"],
        ],
        r"a(?:bc|bd)+e?f{2,3}(?:gh|ij)": [
            ["a", "x", ""], ["bc", "bd", "b", ""], ["bc", "bd", ""], ["e", ""],
            ["ff", "f", "fff"], ["gh", "ij", "g", ""],
        ],
    }  # fmt: skip
    rnd = random.Random(8)
    for pattern, slots in cases.items():
        regex = re.compile(pattern)
        needs = tuple(tuple(n) for n in required_substrings(regex))
        assert needs
        matched = 0
        for _ in range(3000):
            text = "".join(rnd.choice(slot) for slot in slots)
            if regex.search(text):
                matched += 1
                assert _has_needs(text, needs), (pattern, text)
        assert matched > 20, pattern  # the texts did reach matches


def test_every_lexicon_scan_keeps_its_matches():
    """The unkeyed phrases of every language: with the needs tested first, the same hits as
    the plain scan, on texts made of each phrase's own needed words."""
    for language in LANGUAGES:
        lexicon = load_lexicon(language)
        for matcher in (lexicon.facts, lexicon.cues):
            assert isinstance(matcher, Matcher)
            for _hint, needs, _gate, idxs in matcher._anywhere_groups:
                for idx in idxs:
                    regex = matcher._patterns[idx].regex
                    words = sorted({w for need in required_substrings(regex) for w in need})
                    text = " ".join(words) + " " + " ".join(reversed(words))
                    if regex.search(text):
                        assert _has_needs(text, needs), (language, regex.pattern)


def test_a_text_without_the_needs_skips_the_scan():
    lexicon = load_lexicon("en")
    text = "we keep your messages for 30 days."
    hits = lexicon.cues.find(text)
    assert any(h.label == "np:retention" for h in hits)
    assert not any(h.label == "np:retention" for h in lexicon.cues.find("we keep your messages."))


def test_a_re_phrase_is_tried_on_the_letters_every_match_starts_with():
    """The hint a ``re:`` phrase is filtered by is read from its parsed regex: a last
    letter made optional ("titulaires?") is not part of it, and a leading alternation
    gives none, so the singular and the second alternative still match."""
    assert regex_hint(re.compile(r"\btitulaires?\b")) == "titulaire"
    assert regex_hint(re.compile(r"^motifs?")) == "motif"
    assert regex_hint(re.compile(r"abc|de")) == ""
    assert regex_hint(re.compile(r"(?i)abc")) == ""  # any case: nothing is sure
    assert regex_hint(re.compile(r"\b(?:betekent|betekenen)\b")) == "beteken"
    matcher = Matcher([("x", r"re:\btitulaires? du compte"), ("y", "re:abc|de compte")])
    assert [h.label for h in matcher.find("le titulaire du compte")] == ["x"]
    assert [h.label for h in matcher.find("les titulaires du compte")] == ["x"]
    assert [h.label for h in matcher.find("un de compte")] == ["y"]


def test_a_group_needs_the_longest_word_of_each_alternative():
    """A phrase's group needs a word of each alternative, the longest one: "a little one" needs
    "little", not "a", so a text holding "a" but none of the group's words is not tried. What
    the phrase finds does not change."""
    compiled = compile_pattern("(gather*|keep) ... (from|of) (a little one|juniors|pupils under)")
    assert frozenset({"little", "juniors", "pupils"}) in compiled.needs
    matcher = Matcher([("data.minors", compiled.source)])
    found = matcher.find(fold("We keep records of a little one only with a parent's consent."))
    assert [(h.label, h.start) for h in found] == [("data.minors", 3)]
    assert matcher.find(fold("We keep records of a person who is one.")) == []


def test_a_phrase_with_a_gap_is_tried_only_where_its_starred_words_could_be():
    """A phrase with a gap is tried only in a text holding the letters of each of its "*"
    words (any of a group's): the same hits, fewer dear attempts."""
    source = "(answer|handle) ... (copy|erasure) petition*"
    matcher = Matcher([("np:rights", source)])
    assert ("petition",) in matcher._texts[0]
    text = fold("We answer every erasure petitions within a month.")
    assert [(h.start, h.end) for h in matcher.find(text)] == [(3, 33)]
    assert matcher.find(fold("We answer every erasure request within a month.")) == []
    assert Matcher([("x", "(answer|handle) (copy|erasure) petition*")])._texts == [()]


def test_a_re_phrase_opening_with_a_word_boundary_is_gated_without_it():
    """A ``re:`` phrase opening with ``\\b`` is first searched for without it (the regex
    engine then skips to its first letters), and scanned from where that search found
    something: the same hits as the phrase's own scan, a match inside a word ("into") no
    hit, and no scan where the gate finds nothing."""
    from monitor.analyze.lexicon import _any_of

    gate = _any_of([re.compile(r"\b(?:to|we)\s+(?:provide|run)\b")])
    assert gate is not None
    assert gate.regex.pattern == r"(?:to|we)\s+(?:provide|run)\b"
    assert _any_of([re.compile(r"(?:to|we)\s+run")]) is None  # no boundary: nothing to gain
    pattern = r"\b(?:to|we)\s+(?:provide|run)\b"
    matcher = Matcher([("x", "re:" + pattern)])
    texts = ["into provide, then to provide", "onto run", "we run and to provide", "we  run",
             "nothing here", "to provider", "", "to run to run"]  # fmt: skip
    regex = re.compile(pattern)
    for text in texts:
        expected = [(m.start(), m.end()) for m in regex.finditer(text) if m.end() > m.start()]
        assert [(h.start, h.end) for h in matcher.find(text)] == expected, text
