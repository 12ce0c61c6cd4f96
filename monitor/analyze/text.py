"""Text helpers shared by the analyzer: length-preserving folding, sentences, clauses.

Matching runs on a *folded* copy of each block (lower case, accents stripped,
typographic quotes and dashes made plain) that has exactly the same length as
the original, so a match position in the folded text is also the position of
the evidence in ``Document.text``. No case-insensitive or accent-insensitive
regex flags are needed, and lexicon authors can write "interet legitime" or
"intérêt légitime" alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

_PLAIN = {
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u00ad": "-",
}


class _FoldTable(dict[int, str]):
    """``str.translate`` table that computes (and caches) the fold of each new character."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        folded = _fold_char(char)
        self[codepoint] = folded
        return folded


def _fold_char(char: str) -> str:
    if char in _PLAIN:
        return _PLAIN[char]
    lower = char.lower()
    if len(lower) != 1:  # e.g. "İ" lowers to two code points: keep the length
        lower = char
    if lower.isascii():
        return lower
    base = unicodedata.normalize("NFD", lower)[0]
    return base if len(base) == 1 else lower


_TABLE = _FoldTable()


#: A run of non-ASCII characters; split on it, the captured runs are the odd pieces.
_NON_ASCII_RUN = re.compile(r"([^\x00-\x7f]+)")


def fold(text: str) -> str:
    """Lower case, no accents, plain quotes; same length as ``text``."""
    if text.isascii():
        # The table on ASCII: lower case, and the backtick its only plain-quote entry. ``lower``
        # runs in C, where ``translate`` with a dict subclass looks up every character.
        return text.lower().replace("`", "'")
    # The table maps each character alone, so the text folds piece by piece: its ASCII runs
    # as above and only its non-ASCII runs through the table. (``translate`` gives up its
    # ASCII fast path at the first non-ASCII character: one typographic apostrophe made it
    # look up every character after it, about 2.5x slower on the real notices.)
    pieces = _NON_ASCII_RUN.split(text)
    for i in range(0, len(pieces), 2):
        pieces[i] = pieces[i].lower().replace("`", "'")
    for i in range(1, len(pieces), 2):
        pieces[i] = pieces[i].translate(_TABLE)
    return "".join(pieces)


# --------------------------------------------------------------------------- sentences

#: Candidate sentence ends: . ! ? followed by a space, and inline bullets (" • ", " * ";
#: ``_sentence_spans`` checks the space before a bullet). One class of single characters:
#: the regex engine skips to them in a tight loop, where ``[.!?](?=\s)|\s[•·▪*](?=\s)``
#: (the same matches, a bullet's taken with its space) was tried at every position.
_BREAK = re.compile(r"[.!?•·▪*](?=\s)")
_BULLETS = "•·▪*"
_SPACE = re.compile(r"\s+")
_ORDINAL = re.compile(r"(?<![\w.])\d{1,2}\.$")
_OPENERS = "\"'«“([*•·▪"


@cache
def abbreviation_regex() -> str:
    """Regex source, on folded text, of one abbreviation whose full stop ends no sentence
    (taxonomy ``[clause_gap] abbreviations``: "e.g.", "z. B.", « c.-à-d. »); a space in
    one may be missing or doubled in the text ("z.B.", "z.  B.")."""
    from monitor.analyze.taxonomy import abbreviations  # taxonomy imports this module

    folded = [fold(a) for a in abbreviations()]
    alts = {r"\s*".join(re.escape(part) for part in a.split()) for a in folded}
    # Each starts with a few letters and a dot, space or hyphen: a lookahead that fails fast
    # on the words of a text before the alternatives are tried one by one.
    first = max((len(re.match(r"[^\W\d_]*", a).group()) for a in folded), default=1)
    guard = rf"(?=[^\W\d_]{{1,{first}}}[.\s-])"
    return guard + "(?:" + "|".join(sorted(alts, key=len, reverse=True)) + ")"


@cache
def _abbreviation() -> tuple[re.Pattern[str], frozenset[str], re.Pattern[str], int]:
    """The abbreviations as one regex (a whole token: no letter or dot before it); the
    letter runs they are made of, and a regex of a run of letters no longer than the
    longest of them, ending where the search ends: cheap first tests of the word before a dot."""
    from monitor.analyze.taxonomy import abbreviations

    runs = frozenset(r for a in abbreviations() for r in re.findall(r"[^\W\d_]+", fold(a)))
    longest = max(map(len, runs), default=1)
    short = re.compile(rf"(?<![^\W\d_])[^\W\d_]{{1,{longest}}}$")
    return re.compile(rf"(?<![\w.]){abbreviation_regex()}"), runs, short, longest


def in_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``text[dot]`` belongs to an abbreviation that ends no
    sentence ("e.g. Google", "z. B. Ihre"); a dot after "Booking.com" or "etc." is a full stop."""
    regex, runs, short, longest = _abbreviation()
    # The letters right before the dot, no more than the longest run ("bijv."): a longer
    # word is no abbreviation, and most full stops end one, so this test comes first.
    run = short.search(text, max(0, dot - longest), dot)
    if run is None or fold(run.group()) not in runs:
        return False
    lo = max(0, dot - 10)
    window = fold(text[lo : dot + 10])
    return any(m.start() <= dot - lo < m.end() for m in regex.finditer(window, 1 if lo else 0))


def sentence_spans(text: str, starters: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one block, covering the text without gaps.

    A sentence ends at . ! ? followed by a space and an upper-case letter, a digit-free
    opener (quote, bracket, bullet), at ; or at an inline bullet; "e.g. the", "Art. 6"
    and "U.S. law" do not split, nor "e.g. Google" or "z. B. Ihre" (the abbreviations of
    :func:`in_abbreviation`). With ``starters`` (a language's capitalised sentence
    openers), a sentence also ends where its full stop is missing: "... to third parties
    We share ...".
    """
    spans = _sentence_spans(text)
    if starters is None:
        return spans
    cuts: list[tuple[int, int]] = []  # (end of the sentence before, start of the next)
    for m in starters.finditer(text):
        begin = m.start()
        end = begin
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end < begin and end > 0 and text[end - 1].islower() and not _in_title(text, end):
            cuts.append((end, begin))
    if not cuts:
        return spans
    out: list[tuple[int, int]] = []
    i = 0
    for start, end in spans:
        while i < len(cuts) and cuts[i][1] <= start:
            i += 1
        while i < len(cuts) and cuts[i][1] < end:
            if cuts[i][0] > start:
                out.append((start, cuts[i][0]))
                start = cuts[i][1]
            i += 1
        out.append((start, end))
    return out


def _in_title(text: str, end: int) -> bool:
    """Whether the two words ending at ``end`` are both capitalised: a title such as
    "Personal Information We Receive From Third Parties" goes on past "We", while
    "parties We share" and German "keine Daten Wir teilen" (one capitalised noun) cut."""
    capitals = 0
    pos = end
    for _ in range(2):
        start = pos
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'-"):
            start -= 1
        if start == pos or not text[start].isupper():
            return False
        capitals += 1
        pos = start
        while pos > 0 and text[pos - 1] == " ":
            pos -= 1
    return capitals == 2


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BREAK.finditer(text):
        mark = m.group()
        if mark in _BULLETS:  # inline bullet: the sentence ends before the space before it
            at = m.start()
            if not at or not text[at - 1].isspace():
                continue
            cut, resume = at - 1, at
        else:
            space = _SPACE.match(text, m.end())
            resume = space.end() if space else m.end()
            if resume >= n:
                continue
            if mark in ".!?":
                nxt = text[resume]
                if not (nxt.isupper() or nxt in _OPENERS):
                    continue
                if mark == "." and _ORDINAL.search(text, max(0, m.start() - 3), m.start() + 1):
                    continue  # "am 3. November", "1. Februar": a German ordinal, not a full stop
                if mark == "." and in_abbreviation(text, m.start()):
                    continue  # "e.g. Google", "z. B. Ihre": an abbreviation, not a full stop
            cut = m.end()
        if cut > start:
            spans.append((start, cut))
            start = resume
    if start < n or not spans:
        spans.append((start, n))
    return spans


def span_index(spans: list[tuple[int, int]], pos: int) -> int:
    """Index of the span that contains ``pos`` (the last one starting at or before it)."""
    lo, hi = 0, len(spans) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if spans[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def open_bracket(text: str, start: int, pos: int) -> int:
    """Where the round bracket that ``pos`` stands in opens: the last "(" of ``text[start:pos]``
    with no ")" after it before ``pos``; -1 when ``pos`` is outside brackets. Not nesting-aware:
    "(a (b) c" puts "c" outside, as a reader skimming for the nearest aside would."""
    opening = text.rfind("(", start, pos)
    return opening if opening >= 0 and text.find(")", opening, pos) < 0 else -1


WORD = re.compile(r"\w+")

#: Every ASCII character that is not a word character (``\w``), to a space.
_ASCII_NON_WORD = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
)


def find_words(folded: str) -> list[str]:
    """``WORD.findall(folded)``: the runs of word characters, in order.

    An ASCII text (most folded blocks) is split instead: its non-word characters
    made spaces by ``str.translate``, which has a fast path for ASCII, then
    ``str.split``, 3-5x faster than the regex. The same words: an ASCII word
    character is a letter, a digit or "_", none of them whitespace.
    """
    spaced = ascii_spaced(folded)
    return WORD.findall(folded) if spaced is None else spaced.split()


def ascii_spaced(folded: str) -> str | None:
    """An ASCII ``folded`` with each non-word character made a space (the same length, the
    words where they were); None for a text with other characters."""
    return folded.translate(_ASCII_NON_WORD) if folded.isascii() else None


def words(folded: str) -> Iterator[re.Match[str]]:
    return WORD.finditer(folded)
