"""decoding_problem counts ASCII by kind and the rest one by one: the same verdicts as a plain count.

The reference below is the plain reading of the rules (every character counted
with a Counter, judged one by one); the product counts the ASCII characters by
kind in C. Both must give the same answer, message included, on texts built to
reach every rule, ties between scripts included.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter

import pytest

from monitor.extract.decode import _MOJIBAKE, _script, decoding_problem


def reference(text: str) -> str | None:
    n = len(text)
    if n == 0:
        return None
    tolerated = max(2, n // 10_000)
    if text.count("\ufffd") > tolerated:
        return f"{text.count(chr(0xFFFD))} undecodable byte sequences (replacement characters)"
    mojibake = len(_MOJIBAKE.findall(text))
    if mojibake > tolerated:
        return f"{mojibake} UTF-8 sequences read as single-byte characters (mojibake)"
    counts = Counter(text)
    controls = sum(
        k
        for c, k in counts.items()
        if (c < " " and c not in "\t\n\r\f\v") or "\x7f" <= c <= "\x9f" or c in "\ufffe\uffff"
    )
    if controls > tolerated:
        return f"{controls} control characters"
    seen = [(c, k) for c, k in counts.items() if not c.isspace()]
    visible = sum(k for _, k in seen)
    if visible < 200:
        return None
    letters = [(c, k) for c, k in seen if c.isalpha()]
    lettered = sum(k for _, k in letters)
    ordinary = sum(
        k
        for c, k in seen
        if c.isalnum() or unicodedata.category(c)[0] in {"P", "Z"} or c in "$%+<=>|~^`"
    )
    if lettered < 0.5 * visible or ordinary < 0.9 * visible:
        return (
            f"implausible letters: {lettered / visible:.0%} letters, "
            f"{1 - ordinary / visible:.0%} symbols"
        )
    scripts: dict[str, int] = {}
    for c, k in letters:
        script = "LATIN" if c.isascii() else _script(c)
        scripts[script] = scripts.get(script, 0) + k
    main = max(scripts, key=scripts.__getitem__)
    mixed = lettered - scripts[main] - (scripts.get("LATIN", 0) if main != "LATIN" else 0)
    if mixed > 0.3 * lettered:
        return f"implausible letters: {mixed / lettered:.0%} outside the {main.lower()} script"
    if main == "LATIN":
        accented = sum(k for c, k in letters if not c.isascii())
        if accented > 0.4 * lettered:
            return f"implausible letters: {accented / lettered:.0%} accented Latin letters"
    words = len(text.split())
    if main not in {"CJK", "THAI", "LAO", "KHMER", "MYANMAR"} and visible > 40 * max(words, 1):
        return f"implausible text: {visible // max(words, 1)} characters per word"
    return None


ALPHABETS = [
    "abcXYZ",
    "  \n\t",
    "\x00\x01\x1b\x7f\x85\x9f",
    "éèàüßñ",
    "абвгдЖ",
    "中文字漢",
    "αβγΩ",
    "©®™€$%+<=>",
    "\ufffd",
    "\u0301\u0300",
    "0123",
    ".,;:!?()",
    "ÃƒÂ©",
    "\u3000\xa0",
    "ضصث",
    "ไทย",
]


def _texts() -> list[str]:
    rng = random.Random(11)
    texts = [
        # Ties between scripts: the one met first in the text wins.
        "a" * 150 + "б" * 150 + " x",
        "б" * 150 + "a" * 150 + " x",
        "é" * 150 + "б" * 150 + " ",
        "б" * 100 + "é" * 100 + "b" * 100 + " ",
        # More distinct non-ASCII characters than the short path takes.
        "".join(chr(0x4E00 + i) for i in range(300)) + " 中" * 50,
    ]
    for _ in range(600):
        alphabet = "".join(rng.sample(ALPHABETS, rng.randint(1, 4)))
        weights = [rng.random() for _ in alphabet]
        size = rng.choice([0, 5, 199, 220, 400, 2000, 25000])
        texts.append("".join(rng.choices(alphabet, weights, k=size)))
    return texts


def test_the_same_verdicts_as_counting_every_character() -> None:
    verdicts: Counter[str] = Counter()
    texts = _texts()
    for text in texts:
        expected = reference(text)
        assert decoding_problem(text) == expected, text[:80]
        verdicts[(expected or "none").split(":")[0].split(" ", 1)[-1]] += 1
    # Every rule was reached (the texts would otherwise prove little).
    for rule in ("none", "control characters", "letters", "text", "undecodable byte sequences"):
        assert any(rule in verdict for verdict in verdicts), (rule, verdicts)
    assert any("outside the" in (reference(t) or "") for t in texts[:5])


@pytest.mark.parametrize(
    "text",
    [
        "Nous collectons vos données personnelles, à des fins de sécurité. " * 40,
        "Мы обрабатываем ваши персональные данные. " * 40 + "Privacy " * 30,
    ],
)
def test_real_text_agrees(text: str) -> None:
    assert decoding_problem(text) == reference(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Daten " * 100 + "Ã©" * 5,  # the only non-ASCII characters are mojibake
        "Straße und Übermittlung " * 40 + "Ã¼" * 6,  # ß and Ü open the scan as well
        "plain ascii " * 50,  # no character from Â to ß: no scan, no mojibake
    ],
)
def test_mojibake_with_and_without_its_first_characters(text: str) -> None:
    assert decoding_problem(text) == reference(text)
    assert ("mojibake" in (decoding_problem(text) or "")) == ("Ã" in text)
