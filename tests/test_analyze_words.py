"""find_words gives WORD.findall's words, by the split path on ASCII and the regex elsewhere."""

from __future__ import annotations

import random
import re

from monitor.analyze.text import WORD, find_words, fold


def test_every_ascii_character_around_words():
    for code in range(128):
        c = chr(code)
        for text in (c, f"ab{c}cd", f"{c}x{c}{c}y_1{c}", c * 3):
            assert find_words(text) == WORD.findall(text), repr(text)


def test_generated_texts_ascii_and_not():
    rnd = random.Random(11)
    pieces = ["data", "Personal", "_", "42", " ", "\n", "\t", "\x1c", "\x0b", ",", ".", "-", "'",
              "é", "ß", "İ", "’", "\u00a0", "\u2003", "🍪", "ﬁ", "٣", "x_y", "\x00", "\x7f"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 30)))
        for t in (text, fold(text)):
            assert find_words(t) == WORD.findall(t), repr(t)


def test_fold_is_the_table_on_every_character():
    """``fold`` splits a non-ASCII text into ASCII and non-ASCII runs; what it gives is the
    fold table applied to each character, as ``str.translate`` does (the definition)."""
    from monitor.analyze.text import _TABLE

    for code in range(0x3000):
        c = chr(code)
        for text in (c, f"A{c}b", f"{c}`É{c}{c}x"):
            assert fold(text) == text.translate(_TABLE), repr(text)
    rnd = random.Random(12)
    pieces = ["Data", "É", "é", "İ", "ß", "Σ", "ς", "’", "`", "«", "\u00a0", "\u1fef", "ﬁ",
              "ǅ", " ", "x", "Ä", "\u0301", "🍪", "\u2014"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 30)))
        assert fold(text) == text.translate(_TABLE), repr(text)
        assert len(fold(text)) == len(text)


def test_positions_are_the_whole_word_occurrences():
    """``Tokens.positions`` finds a word between two spaces of the ASCII text with its
    non-word characters made spaces; the offsets are those of ``(?<!\\w)word(?!\\w)``, on ASCII
    texts and on the others (which keep the scan with edge checks)."""
    from monitor.analyze.lexicon import Tokens

    rnd = random.Random(24)
    pieces = ["to", "top", "a", "to_", "_to", "data", "1", " ", "  ", "\n", ",", ".", "-", "/",
              "'", "é", "’", "\u00a0", "x"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 25)))
        tokens = Tokens(text)
        for word in sorted(tokens.words | {"to", "a", "data", "x", "top"}):
            expected = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
            assert tokens.positions(word) == expected, (text, word)
            assert tokens.positions(word) == expected  # again, from the memo
