"""Which of the six lexicon languages a notice is written in, from its most common small words.

Cheap and deterministic: count, in the first words of the text, how many are
stopwords of each language (lists in the lexicon files) and take the language
with the most. Privacy notices are long and formal, so a few thousand words
decide reliably; a text with no stopword at all is taken to be English.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from monitor.analyze.lexicon import LANGUAGES, stopwords
from monitor.analyze.text import find_words, fold

DEFAULT_LANGUAGE = "en"
#: Enough words to decide; more only costs time.
_MAX_WORDS = 4000
#: Characters per word searched first (most notices average under 7, spaces included).
_FIRST_PART = 7
_NON_WORD = re.compile(r"\W")


@cache
def _stopwords() -> dict[str, tuple[str, ...]]:
    """word -> languages that list it (shared words count for each).

    Read from the lexicon files alone: compiling six lexicons only to guess a language
    would cost a worker or a CLI command over a second.
    """
    index: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for word in stopwords(lang):
            index.setdefault(word, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


def language_scores(text: str) -> dict[str, int]:
    """Stopword counts per language over the first words of ``text``."""
    index = _stopwords()
    scores = dict.fromkeys(LANGUAGES, 0)
    folded = fold(text[: _MAX_WORDS * 12])
    # The words of a first part of the text, if that part holds enough of them: a long
    # notice's first 4,000 words take about half of the 48,000 characters, and finding
    # words is most of the cost. The part ends at a non-word character, so it cuts no word.
    end = _NON_WORD.search(folded, _MAX_WORDS * _FIRST_PART)
    found = find_words(folded[: end.start()]) if end is not None else []
    if len(found) < _MAX_WORDS:
        found = find_words(folded)
    # A sum over the words, so over the distinct words times their counts (counted in C).
    counts = Counter(found[:_MAX_WORDS])
    for word in index.keys() & counts.keys():
        langs = index[word]
        if len(langs) == 1:
            scores[langs[0]] += 2 * counts[word]
        else:
            for lang in langs:
                scores[lang] += counts[word]
    return scores


def detect_language(text: str) -> str:
    """ISO 639-1 code among en, fr, de, es, it, nl; "en" when nothing points elsewhere."""
    scores = language_scores(text)
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == DEFAULT_LANGUAGE))
    return best if scores[best] > 0 else DEFAULT_LANGUAGE


def normalize_language(code: str | None) -> str | None:
    """ "fr-FR" -> "fr"; None for codes without a lexicon."""
    if not code:
        return None
    short = code.strip().replace("_", "-").split("-")[0].lower()
    return short if short in LANGUAGES else None
