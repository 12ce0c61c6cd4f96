"""Dates in notices: the effective / last-updated date and announced upcoming changes.

Dates are written many ways ("3 November 2025", "November 3, 2025", "1er mars
2021", "01.02.2024", "3 de noviembre de 2025", "2025-11-03"); month names come
from every lexicon so a German date in an English notice still parses. Only
cue + date pairs count: "Last updated: 12 May 2024", "Stand: 01.02.2024", and for
announcements a cue right before the date ("from", "à compter du", "ab dem") plus
a future verb in the same sentence ("we will", "nous utiliserons", "werden").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from monitor.analyze.lexicon import LANGUAGES, Lexicon, month_names
from monitor.analyze.text import sentence_spans

#: How far after a cue the date may start (a colon, "on the", "du", "vom" ...).
_CUE_REACH = 40


@dataclass(frozen=True, slots=True)
class FoundDate:
    iso: str
    start: int
    end: int


@cache
def _months() -> dict[str, int]:
    """Month names of every language (from the lexicon files: no lexicon is compiled)."""
    found: dict[str, int] = {}
    for lang in LANGUAGES:
        for name, number in month_names(lang).items():
            found.setdefault(name, number)
    return found


@cache
def _date_regex() -> re.Pattern[str]:
    names = sorted(_months(), key=len, reverse=True)
    month = "(?P<{g}>" + "|".join(re.escape(n) for n in names) + r")\.?"
    day = r"(?P<{g}>[0-3]?\d)(?:er|st|nd|rd|th|º|°|\.)?"
    year = r"(?P<{g}>(?:19|20)\d\d)"
    forms = [
        # 2025-11-03
        r"(?P<iy>(?:19|20)\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)(?!\d)",
        # 3 November 2025, 1er mars 2021, 1. Februar 2024, 3 de noviembre de 2025
        day.format(g="d1")
        + r"\s*(?:de\s+)?"
        + month.format(g="m1")
        + r",?\s*(?:de\s+|del\s+)?"
        + year.format(g="y1"),
        # November 3, 2025
        month.format(g="m2") + r"\s+" + day.format(g="d2") + r",?\s+" + year.format(g="y2"),
        # 03/11/2025, 01.02.2024
        r"(?P<na>[0-3]?\d)(?P<sep>[./])(?P<nb>[01]?\d)(?P=sep)(?P<ny>(?:19|20)\d\d)(?!\d)",
        # November 2025, novembre 2025
        month.format(g="m3") + r"\s+(?:de\s+|del\s+)?" + year.format(g="y3"),
    ]
    return re.compile(r"(?<![\w])(?:" + "|".join(f"(?:{f})" for f in forms) + r")")


def _iso(y: int, m: int, d: int | None) -> str | None:
    try:
        if d is None:
            date(y, m, 1)
            return f"{y:04d}-{m:02d}"
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(folded: str, pos: int = 0, *, month_first: bool = False) -> FoundDate | None:
    """The first date at or after ``pos`` in a folded text.

    Slashed dates are read day first (03/11/2025 is 3 November) unless only the other
    reading is possible (01/15/2025) or ``month_first`` says so; dotted dates are always
    day first. A month without a day gives "YYYY-MM".
    """
    months = _months()
    for m in _date_regex().finditer(folded, pos):
        g = m.groupdict()
        iso: str | None
        if g["iy"]:
            iso = _iso(int(g["iy"]), int(g["im"]), int(g["id"]))
        elif g["m1"]:
            iso = _iso(int(g["y1"]), months[g["m1"]], int(g["d1"]))
        elif g["m2"]:
            iso = _iso(int(g["y2"]), months[g["m2"]], int(g["d2"]))
        elif g["na"]:
            a, b = int(g["na"]), int(g["nb"])
            # Day first (European notices) unless it cannot be (01/15/2025) or the caller says so.
            if g["sep"] == "/" and a <= 12 and (b > 12 or month_first):
                a, b = b, a
            iso = _iso(int(g["ny"]), b, a)
        else:
            iso = _iso(int(g["y3"]), months[g["m3"]], None)
        if iso:
            return FoundDate(iso, m.start(), m.end())
    return None


def date_after_cue(
    folded: str, cue_end: int, *, month_first: bool = False, reach: int = _CUE_REACH
) -> FoundDate | None:
    """A date starting within ``reach`` characters after a cue, with no sentence break between."""
    found = parse_date(folded[: cue_end + reach + 40], cue_end, month_first=month_first)
    if found is None or found.start - cue_end > reach:
        return None
    if re.search(r"[.;!?]\s", folded[cue_end : found.start]):
        return None
    return found


def effective_date(blocks: list[tuple[int, str, str]], lexicon: Lexicon) -> str | None:
    """The notice's effective or last-updated date: the first cue followed by a date.

    ``blocks`` are (offset, original text, folded text) of the document's lines. A cue in
    a sentence about the future ("the new policy will be effective 27 January 2027") is
    an announcement, not the notice's own date, and so is one in brackets ("(effective
    from 28 January 2026)"), which dates one section.
    """
    for _offset, text, folded in blocks:
        for hit in lexicon.effective.find(folded):
            if folded[: hit.start].rstrip().endswith("("):
                continue  # "(effective from 28 January 2026)" dates a section's rule
            found = date_after_cue(folded, hit.end)
            if not found:
                continue
            start, end = next(
                ((s, e) for s, e in sentence_spans(text) if s <= hit.start < e), (0, len(text))
            )
            if lexicon.future.search(text[start:end].lower()):
                continue
            return found.iso
    return None


@dataclass(frozen=True, slots=True)
class AnnouncedDate:
    iso: str | None
    #: Where the announcing sentence starts and ends in the block text.
    start: int
    end: int
    #: Announced by a cue opening the sentence ("Starting 1 May 2025, ..."), not by its verb.
    lead: bool = False


def announced_dates(
    text: str, folded: str, sentences: list[tuple[int, int]], lexicon: Lexicon
) -> list[AnnouncedDate]:
    """Sentences announcing a change: "From 3 November 2025, we will ...", "On November 3,
    2025, we are updating this notice ...", "... will go into effect on January 15, 2026",
    "Beginning July 21, 2024, X is on by default", "Once this change comes into effect".

    A cue right before a date counts in a sentence about the future (a future verb, a
    change in progress, "until then" in the next sentence); a ``lead`` cue opening the
    sentence or a parenthesis ("Starting 1 May 2025, ...", "(effective from 28 January
    2026)") announces on its own; ``undated`` phrases announce without a date.
    """
    out: list[AnnouncedDate] = []
    hits = lexicon.announce.find(folded)
    leads = lexicon.announce_lead.find(folded)
    undated = lexicon.announce_undated.find(folded)
    if not hits and not leads and not undated:
        return out
    lower = text.lower()
    for k, (s_start, s_end) in enumerate(sentences):
        found = None
        lead = False
        for hit in (h for h in leads if s_start <= h.start < s_end):
            before = folded[s_start : hit.start].strip(" *_-\"'")
            if before and not before.endswith("("):
                continue
            found = date_after_cue(folded[:s_end], hit.end, reach=12)
            if found:
                lead = True
                break
        if found is None:
            nxt = sentences[k + 1] if k + 1 < len(sentences) else None
            future = lexicon.future.search(lower, s_start, s_end) or (
                nxt is not None and lexicon.future_next.search(lower, *nxt)
            )
            for hit in (h for h in hits if s_start <= h.start < s_end):
                if not future:
                    break
                found = date_after_cue(folded[:s_end], hit.end, reach=12)
                if found:
                    break
        if found is not None:
            out.append(AnnouncedDate(found.iso, s_start, s_end, lead))
        elif any(s_start <= h.start < s_end for h in undated):
            out.append(AnnouncedDate(None, s_start, s_end))
    return out
