"""Bytes to text, trusting the declarations a browser would trust, in the order it would.

A notice served as ISO-8859-1 and read as UTF-8 (or the reverse) turns every
accented letter into a change, so the charset choice must be the same on every
fetch: the HTTP header (or an explicit override), then a byte-order mark or
``<meta charset>``, then UTF-8 when the bytes are valid UTF-8, else Windows-1252.
"""

from __future__ import annotations

import re

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
    to_unicode,
)


def media_type(content_type: str | None) -> str:
    """``"Text/HTML; charset=utf-8"`` -> ``"text/html"``; empty string when unknown."""
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def _utf8_or_cp1252(body: bytes) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_html(body: bytes, content_type: str | None = None, encoding: str | None = None) -> str:
    """HTML bytes to text: override, then BOM, header, ``<meta charset>``, then sniffing.

    A BOM wins over the header (as browsers do); an explicit ``encoding`` argument is an
    operator's override, so it wins over everything. The order is spelled out here with
    w3lib's parts rather than left to ``html_to_unicode``: since w3lib 2.6 its last resort
    is a guess from the bytes and the URL's domain, and the parameter that set ours
    (``auto_detect_fun``) is deprecated; a guess could differ between two fetches of one
    notice, UTF-8-else-Windows-1252 cannot.
    """
    if encoding and resolve_encoding(encoding):
        return body.decode(resolve_encoding(encoding) or encoding, errors="replace").lstrip(
            "\ufeff"
        )
    bom, bom_bytes = read_bom(body)
    if bom is not None and bom_bytes is not None:
        return to_unicode(body[len(bom_bytes) :], bom)
    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    if declared in ("utf-16", "utf-32"):
        declared += "-be"  # no BOM: big-endian, as w3lib and the Unicode standard read it
    return to_unicode(body, declared or _utf8_or_cp1252(body))


def decode_text(body: bytes, content_type: str | None = None, encoding: str | None = None) -> str:
    """Plain text or Markdown bytes to text: override, header charset, BOM, UTF-8, else Windows-1252."""
    declared = encoding or http_content_type_encoding(content_type)
    if declared and resolve_encoding(declared):
        return body.decode(resolve_encoding(declared) or declared, errors="replace").lstrip(
            "\ufeff"
        )
    bom, bom_bytes = read_bom(body)
    if bom:
        return body[len(bom_bytes) :].decode(bom, errors="replace")
    return body.decode(_utf8_or_cp1252(body), errors="replace")


# --------------------------------------------------------------------------- decoding confidence

#: Families of scripts that one notice plausibly mixes (Japanese mixes kana and ideographs).
_FAMILIES = {
    "HIRAGANA": "CJK",
    "KATAKANA": "CJK",
    "CJK": "CJK",
    "HANGUL": "CJK",
    "IDEOGRAPHIC": "CJK",
    "FULLWIDTH": "CJK",
    "HALFWIDTH": "CJK",
}
#: The first byte of a 2-byte UTF-8 sequence read as Windows-1252/Latin-1, then its second byte.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00df][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6"
    "\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc"
    "\u2122\u0161\u203a\u0153\u017e\u0178]"
)
#: A text this short says too little to judge its letters (a wall or too-short check applies).
_MIN_JUDGED = 200


def _script(char: str) -> str:
    import unicodedata

    name = unicodedata.name(char, "")
    word = name.split(" ", 1)[0]
    return _FAMILIES.get(word, word)


def _is_control(c: str) -> bool:
    return (c < " " and c not in "\t\n\r\f\v") or "\x7f" <= c <= "\x9f" or c in "\ufffe\uffff"


def _is_ordinary(c: str) -> bool:
    """Letters, digits and punctuation make up real text; symbols and marks do not dominate it."""
    import unicodedata

    return c.isalnum() or unicodedata.category(c)[0] in {"P", "Z"} or c in "$%+<=>|~^`"


def _ascii_having(test: object) -> bytes:
    return bytes(i for i in range(128) if test(chr(i)))  # type: ignore[operator]


#: The ASCII characters of each kind :func:`decoding_problem` counts, as bytes to delete.
_ASCII_CONTROLS = _ascii_having(_is_control)
_ASCII_SPACES = _ascii_having(str.isspace)
_ASCII_LETTERS = _ascii_having(lambda c: not c.isspace() and c.isalpha())
_ASCII_ORDINARY = _ascii_having(lambda c: not c.isspace() and _is_ordinary(c))
_ASCII_LETTER = re.compile("[" + re.escape(_ASCII_LETTERS.decode("ascii")) + "]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _among(ascii_text: bytes, kind: bytes) -> int:
    """How many bytes of ``ascii_text`` are in ``kind``."""
    return len(ascii_text) - len(ascii_text.translate(None, kind))


def _others(text: str) -> dict[str, int]:
    """The count of each non-ASCII character of ``text``, in the order they first appear."""
    if text.isascii():
        return {}
    distinct = [c for c in set(text) if c >= "\x80"]
    if len(distinct) <= 64:  # a Latin-script notice: its accented letters, a few symbols
        return {c: text.count(c) for c in sorted(distinct, key=text.find)}
    from collections import Counter

    return Counter("".join(_NON_ASCII.findall(text)))


def decoding_problem(text: str) -> str | None:
    """Why ``text`` does not read as decoded text, or None when it plausibly does.

    Bytes read with the wrong charset, or bytes that were never text (random
    data, a compressed body served without ``Content-Encoding``), decode to
    replacement characters, control characters, or letters no language uses
    together. Real notices in any script pass: a few stray characters are
    tolerated (at most 2, or one in 10,000).

    Every check weighs characters by their count. The ASCII characters, most of a
    notice in a Latin script, are counted by kind in C (``bytes.translate``); only
    the others are counted one by one, each distinct one judged once.
    """
    n = len(text)
    if n == 0:
        return None
    tolerated = max(2, n // 10_000)
    replacement = text.count("\ufffd")
    if replacement > tolerated:
        return f"{replacement} undecodable byte sequences (replacement characters)"
    others = _others(text)
    # Mojibake starts with a character in Â..ß: a text without one has none (an English
    # notice is all ASCII), and the regex scan is then spared.
    mojibake = len(_MOJIBAKE.findall(text)) if any("\u00c2" <= c <= "\u00df" for c in others) else 0
    if mojibake > tolerated:
        return f"{mojibake} UTF-8 sequences read as single-byte characters (mojibake)"
    ascii_text = text.encode("ascii", "ignore")
    controls = _among(ascii_text, _ASCII_CONTROLS) + sum(
        k for c, k in others.items() if _is_control(c)
    )
    if controls > tolerated:
        return f"{controls} control characters"
    seen = [(c, k) for c, k in others.items() if not c.isspace()]
    visible = len(ascii_text) - _among(ascii_text, _ASCII_SPACES) + sum(k for _, k in seen)
    if visible < _MIN_JUDGED:
        return None
    letters = [(c, k) for c, k in seen if c.isalpha()]
    ascii_letters = _among(ascii_text, _ASCII_LETTERS)
    lettered = ascii_letters + sum(k for _, k in letters)
    ordinary = _among(ascii_text, _ASCII_ORDINARY) + sum(k for c, k in seen if _is_ordinary(c))
    if lettered < 0.5 * visible or ordinary < 0.9 * visible:
        return (
            f"implausible letters: {lettered / visible:.0%} letters, "
            f"{1 - ordinary / visible:.0%} symbols"
        )
    # Letters by script, in the order the text meets them: a tie goes to the first.
    scripts: dict[str, int] = {}
    match = _ASCII_LETTER.search(text) if ascii_letters else None
    latin_at = match.start() if match is not None else None
    for c, k in letters:
        if latin_at is not None and text.find(c) > latin_at:
            scripts["LATIN"] = scripts.get("LATIN", 0) + ascii_letters
            latin_at = None
        script = _script(c)
        scripts[script] = scripts.get(script, 0) + k
    if latin_at is not None:
        scripts["LATIN"] = scripts.get("LATIN", 0) + ascii_letters
    main = max(scripts, key=scripts.__getitem__)
    mixed = lettered - scripts[main] - (scripts.get("LATIN", 0) if main != "LATIN" else 0)
    if mixed > 0.3 * lettered:
        return f"implausible letters: {mixed / lettered:.0%} outside the {main.lower()} script"
    if main == "LATIN":
        accented = sum(k for _, k in letters)  # the non-ASCII letters
        if accented > 0.4 * lettered:
            return f"implausible letters: {accented / lettered:.0%} accented Latin letters"
    words = len(text.split())
    if main not in {"CJK", "THAI", "LAO", "KHMER", "MYANMAR"} and visible > 40 * max(words, 1):
        return f"implausible text: {visible // max(words, 1)} characters per word"
    return None
