"""The fast paths of block normalization give the plain algorithm's output, byte for byte.

``normalize_text`` skips work it can prove useless (trigger words looked up in a word
cache, digit-free texts, the invisible-character scan); the reference below is the plain
algorithm it replaced, and every generated text must come out the same from both.
"""

from __future__ import annotations

import random
import unicodedata

import pytest

from monitor.extract import data, normalize
from monitor.extract.data import VolatilePattern, _needs_digit
from monitor.extract.normalize import (
    _INVISIBLE,
    _INVISIBLE_CHAR,
    _TOKEN,
    _URL,
    _clean_url_match,
    clean_whitespace,
    is_random_token,
    normalize_text,
    strip_volatile,
)


def reference_clean_whitespace(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if _INVISIBLE_CHAR.search(text) is not None:
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def reference_strip_volatile(text: str) -> str:
    if "://" in text:
        text = _URL.sub(_clean_url_match, text)
    lowered = text.lower()
    present = [t for t in data.volatile_triggers() if t in lowered]
    for pattern in data.volatile_patterns():
        if pattern.triggers and pattern.triggers.isdisjoint(present):
            continue
        text = pattern.regex.sub("", text)
    if len(text) >= 32 and max(map(len, text.split()), default=0) >= 32:
        text = _TOKEN.sub(lambda m: "" if is_random_token(m.group(0)) else m.group(0), text)
    return " ".join(text.split())


#: Pieces that reach every branch: triggers with and without a match, digits and none,
#: long tokens (random and not), URLs, non-ASCII words (one lowercasing to two characters),
#: invisible characters, odd whitespace.
PIECES = [
    "We",
    "process",
    "your",
    "data",
    "request",
    "Request ID: 7f3a9c21-88",
    "support",
    "support id abc123def",
    "event",
    "session",
    "Session-ID=9xk2m3n4p5",
    "ray id 8a7b6c5d4e3f2",
    "last",
    "Last visited on 12 May 2024 at 10:30",
    "you last visited March 3rd, 2024",
    "page generated in 0.42 seconds",
    "generated",
    "Page generated on 2024-05-01T12:00Z",
    "current time: 12:30",
    "current",
    "reference # 12.ab.3f",
    "reference",
    "csrf_token=ab12cd34ef",
    "nonce=abcdef123456",
    "https://example.com/p?utm_source=x&id=3&sid=77#top",
    ";jsessionid=ABC123def",
    "transaction",
    "incident",
    "trace",
    "dernière visite le 3 mai 2024",
    "Zuletzt besucht am 3. Mai 2024",
    "página generada el 3 de mayo de 2024",
    "última",
    "générée",
    "aBcD3eFgH1iJkL5mNoP7qRsT9uVwX2yZaB4cD6eFgH8",
    "0123456789abcdef0123456789ABCDEF",
    "550e8400-e29b-41d4-a716-446655440000",
    "a" * 40,
    "İstanbul",
    "İSTANBULİSTANBULİSTANBULİSTANBULİS",
    "ΣΊΣΥΦΟΣ",
    "Straße",
    "١٢٣",
    "café",
    "cafe\u0301",
    "soft\u00adhyphen",
    "zero\u200bwidth",
    "bidi\u202emark",
    "\u034fjoiner",
    "ctrl\x07char",
    "icon\ue001font",
    "array",
    "prevent",
    "supported",
    "\u00a0",
    "\u3000",
    "\n",
    "\t",
    "  ",
    "\x1c",
    "\u2028",
    "x-ray",
    "(c)",
    "é",
    "",
]


def _texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [
        rng.choice(["", " ", "\n"]).join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        for _ in range(n)
    ]


def test_normalize_text_equals_the_plain_algorithm() -> None:
    texts = _texts(11, 4000)
    expected = [reference_strip_volatile(reference_clean_whitespace(t)) for t in texts]
    assert [normalize_text(t) for t in texts] == expected
    # Again with a warm word cache: the second pass answers from it.
    assert [normalize_text(t) for t in texts] == expected
    # Each kind of volatile token was removed somewhere, so the comparison covered them.
    before, after = "\n".join(texts), "\n".join(expected)
    for token in ("7f3a9c21-88", "0.42 seconds", "abcdef123456", "utm_source", "jsessionid=ABC"):
        assert after.count(token) < before.count(token)


def test_strip_volatile_equals_the_plain_algorithm() -> None:
    texts = _texts(12, 1500)
    assert [strip_volatile(t) for t in texts] == [reference_strip_volatile(t) for t in texts]


def test_word_cache_forgets_when_full_and_stays_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalize, "_MAX_WORDS", 7)
    monkeypatch.setattr(normalize, "_SEEN_WORDS", {})
    monkeypatch.setattr(normalize, "_TRIGGER_WORDS", set())
    monkeypatch.setattr(normalize, "_LONG_WORDS", set())
    texts = _texts(13, 1500)
    assert [normalize_text(t) for t in texts] == [
        reference_strip_volatile(reference_clean_whitespace(t)) for t in texts
    ]
    assert len(normalize._SEEN_WORDS) <= 40  # cleared again and again, never grown past a block


def test_clean_whitespace_equals_the_plain_algorithm() -> None:
    texts = _texts(14, 3000) + [chr(c) + "a b" for c in _INVISIBLE]
    assert [clean_whitespace(t) for t in texts] == [reference_clean_whitespace(t) for t in texts]


def test_invisible_characters_are_what_the_printable_shortcut_assumes() -> None:
    """clean_whitespace trusts a printable result: no invisible character is whitespace,
    and U+034F is the only printable one (a new Unicode version could change this)."""
    assert not [c for c in _INVISIBLE if chr(c).isspace()]
    assert [c for c in _INVISIBLE if chr(c).isprintable()] == [0x034F]


@pytest.mark.parametrize(
    ("regex", "needs"),
    [
        (r"\d", True),
        (r"a\d+", True),
        (r"(?=[a-z]*\d)x", True),
        (r"(?<=\d)x", True),
        (r"(?:a\d|b\d)", True),
        (r"(?>\d)", True),
        (r"a\d?", False),
        (r"a\d*", False),
        (r"x\d{0,3}", False),
        (r"a|\d", False),
        (r"(?!\d)x", False),
        (r"[0-9]", False),  # a digit, but not read as such: False is always safe
        (r"x(?:\d|y)", False),
    ],
)
def test_needs_digit_is_read_from_the_regex(regex: str, needs: bool) -> None:
    assert _needs_digit(regex) is needs


def test_digit_patterns_of_volatile_toml() -> None:
    flagged = {p.name for p in data.volatile_patterns() if p.needs_digit}
    assert flagged == {"request_id", "generated_duration"}
    for pattern in data.volatile_patterns():
        if pattern.needs_digit:
            assert pattern.regex.search("request id abcdefgh generated in many seconds") is None


def test_a_trigger_with_whitespace_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    bad = (VolatilePattern("stamp_two_words", re.compile("x"), frozenset({"last visit"})),)
    monkeypatch.setattr(data, "volatile_patterns", lambda: bad)
    with pytest.raises(
        ValueError, match=r"volatile.toml: pattern 'stamp_two_words', key 'triggers'"
    ):
        data.volatile_triggers.__wrapped__()


def test_lowercasing_keeps_words_and_never_shortens_them() -> None:
    """The long-word shortcut reads the lowercased words: lowering a character never
    shortens it, nor turns whitespace into text or text into whitespace."""
    for code in range(0x110000):
        char = chr(code)
        lowered = char.lower()
        assert len(lowered) >= 1
        assert lowered.split() == ([] if char.isspace() else [lowered]), hex(code)
