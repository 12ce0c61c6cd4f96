"""Pure text normalization: what makes two fetches of an unchanged notice byte-identical.

A notice is recorded again only when its normalized text changes, so every
difference that a reader cannot see (non-breaking spaces, zero-width
characters, soft hyphens, composed vs decomposed accents) or that changes on
every fetch (session ids, CSRF tokens, "last visited" stamps, cache busters)
must vanish here. Visible typography is kept: typographic quotes, dashes and
ligatures are part of what the notice says and how it was edited.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable

from monitor.extract import data
from monitor.model import Block

#: Characters removed outright: invisible formatting (soft hyphen, zero-width
#: space/joiners, word joiner, BOM, bidi marks and embeddings), C0/C1 control
#: characters that are not whitespace, and private-use code points (icon fonts).
_INVISIBLE = dict.fromkeys(
    [
        0x00AD,
        0x034F,
        0x061C,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x2070),
        0xFEFF,
        *range(0x00, 0x09),
        *range(0x0E, 0x1C),
        0x7F,
        *(c for c in range(0x80, 0xA0) if c != 0x85),
        *range(0xE000, 0xF900),
    ]
)


def _char_class(codepoints: Iterable[int]) -> re.Pattern[str]:
    """A regex character class of ``codepoints``, as ranges."""
    ranges: list[list[int]] = []
    for c in sorted(codepoints):
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return re.compile(
        "["
        + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
        + "]"
    )


#: Finds a character of ``_INVISIBLE``: a C scan, where ``translate`` with a dict costs a
#: Python lookup per character of every non-ASCII text.
_INVISIBLE_CHAR = _char_class(_INVISIBLE)

_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.IGNORECASE)


def clean_whitespace(text: str) -> str:
    """NFC, invisible characters removed, every run of whitespace (any kind) one space, stripped."""
    text = unicodedata.normalize("NFC", text)
    # str.split() splits on every Unicode whitespace (NBSP, thin and ideographic spaces,
    # line and paragraph separators, NEL ...), which is exactly the set a reader cannot tell apart.
    collapsed = " ".join(text.split())
    # No invisible character is whitespace, and all but U+034F are unprintable: a printable
    # result without U+034F had none to remove (isprintable is a cheaper scan than the class).
    if collapsed.isprintable() and "\u034f" not in collapsed:
        return collapsed
    if _INVISIBLE_CHAR.search(text) is not None:
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def clean_url(url: str, volatile: frozenset[str] | None = None) -> str:
    """Drop session, CSRF, cache-busting and click-tracking parameters from one URL.

    Other parameters keep their order and spelling; the fragment is kept.
    """
    volatile = data.volatile_params() if volatile is None else volatile
    head, sep, fragment = url.partition("#")
    base, qmark, query = head.partition("?")
    if not qmark:
        return url
    prefixes = data.volatile_prefixes()

    def tracked(name: str) -> bool:
        name = name.lower()
        return name in volatile or name.startswith(prefixes)

    kept = [p for p in query.split("&") if p and not tracked(p.split("=", 1)[0])]
    cleaned = base + ("?" + "&".join(kept) if kept else "")
    return cleaned + (sep + fragment if sep else "")


def _clean_url_match(match: re.Match[str]) -> str:
    """Clean a URL found in text, leaving the sentence punctuation that follows it alone."""
    url = match.group(0)
    stripped = url.rstrip(".,;:!?")
    return clean_url(stripped) + url[len(stripped) :]


_TOKEN = re.compile(r"(?<![\w+/=-])[A-Za-z0-9+/_-]{32,}={0,2}(?![\w+/=-])")
_HEX = re.compile(r"[0-9a-fA-F]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_LETTER_RUN = re.compile(r"[A-Za-z]+")
#: What ``\d`` matches in the volatile patterns (any Unicode decimal digit).
_DIGIT = re.compile(r"\d")


def is_random_token(token: str) -> bool:
    """A UUID, a long hex string, or a long mix of digits and both cases that flips case often.

    Generated ids (base64, base62) switch between upper and lower case about
    every other letter; words, paths and CamelCase names rarely do.
    """
    rules = data.token_rules()
    if _UUID.fullmatch(token) or (len(token) >= rules.get("min_hex", 32) and _HEX.fullmatch(token)):
        return True
    body = token.rstrip("=")
    if len(body) < rules.get("min_random", 40):
        return False
    digits = sum(c.isdigit() for c in body)
    upper = sum(c.isupper() for c in body)
    lower = sum(c.islower() for c in body)
    if min(digits, upper, lower) < 3:
        return False
    pairs = switches = 0
    for run in _LETTER_RUN.findall(body):
        for a, b in itertools.pairwise(run):
            pairs += 1
            switches += a.isupper() != b.isupper()
    return pairs > 0 and switches / pairs >= float(rules.get("min_case_switch", 0.3))


#: Lowercased words of earlier blocks, each with the volatile triggers it holds (mostly
#: none), and the set of those that hold one. Searching 43 triggers in every block was half
#: of the normalization; a notice's words mostly repeat (within it and across notices), so
#: only new words are searched. Triggers hold no whitespace (``data.volatile_triggers``
#: checks), hence a trigger is in a text exactly when it is in one of its words.
#: Bounded: cleared when full. Only sets and dicts as the right operand below, so that
#: ``set.difference``/``intersection`` walk the block's words, not the cache.
_SEEN_WORDS: dict[str, frozenset[str]] = {}
_TRIGGER_WORDS: set[str] = set()
#: The words of 32 characters or more (the shortest token ``_TOKEN`` looks at).
_LONG_WORDS: set[str] = set()
_MAX_WORDS = 200_000
_NONE: frozenset[str] = frozenset()


def _present_triggers(words: set[str]) -> frozenset[str]:
    """The volatile triggers that occur in ``words`` (lowercased, whitespace-free)."""
    new = words.difference(_SEEN_WORDS)
    if new:
        triggers = data.volatile_triggers()
        if len(_SEEN_WORDS) + len(new) > _MAX_WORDS:
            _SEEN_WORDS.clear()
            _TRIGGER_WORDS.clear()
            _LONG_WORDS.clear()
            new = words  # the block's known words were forgotten too
        _LONG_WORDS.update(word for word in new if len(word) >= 32)
        if any(map("\n".join(new).__contains__, triggers)):
            for word in new:
                held = frozenset(filter(word.__contains__, triggers))
                _SEEN_WORDS[word] = held
                if held:
                    _TRIGGER_WORDS.add(word)
        else:
            _SEEN_WORDS.update(dict.fromkeys(new, _NONE))
    if _TRIGGER_WORDS.isdisjoint(words):
        return _NONE
    return _NONE.union(*map(_SEEN_WORDS.__getitem__, words.intersection(_TRIGGER_WORDS)))


def strip_volatile(text: str) -> str:
    """Remove tokens that change on every fetch (see volatile.toml), then re-collapse spaces."""
    return _strip_volatile(text, collapsed=False)


def _strip_volatile(text: str, *, collapsed: bool) -> str:
    """``strip_volatile``; ``collapsed`` says ``text`` is already single-spaced and stripped."""
    original = text
    if "://" in text:
        text = _URL.sub(_clean_url_match, text)
    worded = text
    words = set(text.lower().split())
    present = _present_triggers(words)
    # With no trigger present only the patterns without triggers can match (none, today).
    for pattern in data.volatile_patterns() if present else data.untriggered_patterns():
        if pattern.triggers and pattern.triggers.isdisjoint(present):
            continue
        if pattern.needs_digit and _DIGIT.search(text) is None:
            continue
        text = pattern.regex.sub("", text)
    # A token is a run of 32+ non-space characters: skip the (slow) scan when no word is that long.
    # Lowercasing never shortens a word ("İ" even becomes two characters), nor makes or
    # removes whitespace: no long lowercased word, no long word.
    if text is worded and _LONG_WORDS.isdisjoint(words):
        long_word = False
    else:
        long_word = len(text) >= 32 and max(map(len, text.split()), default=0) >= 32
    if long_word:
        text = _TOKEN.sub(lambda m: "" if is_random_token(m.group(0)) else m.group(0), text)
    if collapsed and text == original:
        return text
    return " ".join(text.split())


def normalize_text(text: str) -> str:
    """The full normalization of one block's text: whitespace, then volatile tokens."""
    return _strip_volatile(clean_whitespace(text), collapsed=True)


#: Block kinds whose adjacent repeats are data (two identical table rows), never rendering artefacts.
_REPEATABLE = frozenset({"table_row", "preformatted"})


def merge_repeats(blocks: Iterable[Block], max_run: int = 40) -> tuple[Block, ...]:
    """Collapse a run of blocks immediately repeated (``A B A B`` -> ``A B``; ``A A`` -> ``A``).

    Responsive pages often render the same heading or menu twice (mobile and
    desktop), and only one copy is visible. Repeats are merged only when
    identical in kind, level, text and section path, and directly adjacent;
    table rows and preformatted lines are never merged since repeated rows are
    data. The run length is the distance to the nearest earlier copy of the
    newest block, at most ``max_run`` blocks.
    """
    out: list[Block] = []
    last_seen: dict[Block, int] = {}
    for block in blocks:
        out.append(block)
        n = len(out)
        previous = last_seen.get(block)
        last_seen[block] = n - 1
        if previous is None:
            continue
        k = n - 1 - previous
        if k > max_run or 2 * k > n:
            continue
        tail = out[n - k :]
        if tail == out[n - 2 * k : n - k] and not any(b.kind in _REPEATABLE for b in tail):
            del out[n - k :]
            last_seen = {b: i for i, b in enumerate(out)}
    return tuple(out)


_LANGUAGE = re.compile(r"^([A-Za-z]{2})(?:$|[-_])")


def normalize_language(tag: str | None) -> str | None:
    """``en-US``, ``fr_FR``, ``DE`` -> ``en``, ``fr``, ``de``; anything else (``und``, ``x-default``) -> None."""
    if not tag:
        return None
    match = _LANGUAGE.match(tag.strip())
    return match.group(1).lower() if match else None
