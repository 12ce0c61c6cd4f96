"""language_scores counts stopwords over the first 4,000 words exactly as word by word does."""

from __future__ import annotations

import random

import pytest

from monitor.analyze.language import _MAX_WORDS, _stopwords, language_scores
from monitor.analyze.lexicon import LANGUAGES
from monitor.analyze.text import WORD, fold


def reference(text: str) -> dict[str, int]:
    """The plain algorithm: each of the first words, one at a time."""
    index = _stopwords()
    scores = dict.fromkeys(LANGUAGES, 0)
    for n, m in enumerate(WORD.finditer(fold(text[: _MAX_WORDS * 12]))):
        if n >= _MAX_WORDS:
            break
        langs = index.get(m.group())
        if langs and len(langs) == 1:
            scores[langs[0]] += 2
        elif langs:
            for lang in langs:
                scores[lang] += 1
    return scores


WORDS = [
    "the", "and", "de", "la", "der", "die", "el", "il", "het", "een", "und", "données",
    "Données", "ÉTÉ", "privacy", "x" * 40, "a", "l'utilisateur", "data-protection", "über",
    "İstanbul", "ﬁle", "’s", "«", "»", "—", "\u00a0", "42", "_", "ß",
]  # fmt: skip


def texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        size = rnd.choice([0, 1, 10, 3000, 3999, 4000, 4001, 6000, 9000, 20000])
        seps = rnd.choice([[" "], [" ", ", ", ". ", "\n"], ["-", "'", " "], [""]])
        out.append("".join(rnd.choice(WORDS) + rnd.choice(seps) for _ in range(size)))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_the_same_scores_as_word_by_word(seed):
    for text in texts(seed, 40):
        assert language_scores(text) == reference(text)


def test_edge_texts():
    for text in [
        "",
        " ",
        "x" * 60_000,  # one word longer than the part searched first
        "a " * 30_000,
        ("ab" * 20 + " ") * 2_000,  # long words: fewer than 4,000 in the first part
        "le " * 3_999 + "x" * 30_000 + " der",
        "die" + "\u00a0" * 50_000,
    ]:
        assert language_scores(text) == reference(text)
