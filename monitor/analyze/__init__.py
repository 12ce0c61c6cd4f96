"""What a notice says: legal bases, purposes and data categories, with evidence.

``analyze`` turns a :class:`~monitor.model.Document` into
:class:`~monitor.model.Facts` with the lexicon of the notice's language (taken
from the caller, else the document, else detected from the text). Everything it
knows lives in data files a lawyer can read: ``taxonomy.toml`` (the ids and their
labels) and ``lexicons/<lang>.toml`` (the phrases). No model, no network: the
same document always gives the same facts, and each fact points at its words.
"""

from __future__ import annotations

import re

from monitor.analyze.dates import announced_dates, effective_date
from monitor.analyze.language import detect_language, normalize_language
from monitor.analyze.lexicon import Hit, Lexicon, Tokens, load_lexicon
from monitor.analyze.statements import (
    analyze_block,
    block_statements,
    header_roles,
    inherited_bases,
    links_allowed,
)
from monitor.analyze.text import fold, sentence_spans
from monitor.model import Announcement, Document, Facts, Statement

#: Every date form the analyzer reads carries a four-digit year: blocks without one are skipped.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: What every year match contains; starting with a literal, it scans far faster than
#: ``_YEAR`` (whose lookbehind defeats the engine's prefix search), so it is asked first.
_YEAR_HINT = re.compile(r"(?:19|20)\d\d(?!\d)")

#: Bump when lexicons, taxonomy or rules change what is found, so stored facts can be recomputed.
ANALYZER_VERSION = "lexicon-1"


def pick_language(document: Document, language: str | None = None) -> str:
    """The explicit language, else the document's declared one, else the detected one."""
    return (
        normalize_language(language)
        or normalize_language(document.language)
        or detect_language(document.text)
    )


def analyze(document: Document, *, language: str | None = None) -> Facts:
    """The statements, effective date and announced changes of one notice."""
    lang = pick_language(document, language)
    lexicon = load_lexicon(lang)
    statements: list[Statement] = []
    announcements: list[Announcement] = []
    dated_blocks: list[tuple[int, str, str]] = []
    heading_cache: dict[str, frozenset[str]] = {}
    quiet_cache: dict[str, bool] = {}

    offset = 0
    roles: list[frozenset[str]] | None = None
    previous = None
    for block in document.blocks:
        rendered = len(block.render())
        start = offset + rendered - len(block.text)
        offset += rendered + 1
        folded = fold(block.text)
        has_year = _YEAR_HINT.search(folded) is not None and _YEAR.search(folded) is not None
        if has_year:
            dated_blocks.append((start, block.text, folded))
        if block.kind == "heading":
            previous = block
            continue
        is_row = block.kind == "table_row"
        if is_row:
            new_table = (
                previous is None or previous.kind != "table_row" or previous.path != block.path
            )
            previous = block
            if new_table:
                roles = header_roles(block.text, lexicon)
                if roles is not None:
                    continue  # the header row names columns; it states nothing itself
        else:
            roles = None
            previous = block
        inherited = inherited_bases(block.path, lexicon, heading_cache)
        # Split into sentences only where they are read: dated blocks here, blocks with hits
        # in analyze_block.
        sentences = sentence_spans(block.text) if has_year else None
        facts = analyze_block(
            block.text,
            lexicon,
            tokens=Tokens(folded),
            sentences=sentences,
            inherited=inherited,
            roles=roles,
            is_row=is_row,
            with_links=links_allowed(block.path, lexicon, quiet_cache),
        )
        statements += block_statements(block, start, facts, inherited)
        if has_year:
            announcements += _announcements(
                block.text, folded, sentences, start, facts.affirmed, lexicon
            )

    effective = effective_date(dated_blocks, lexicon)
    if effective:
        # "As of 18 September 2017 we will ..." in a notice updated since: no longer upcoming.
        announcements = [
            a for a in announcements if a.effective_date is None or a.effective_date > effective
        ]
    return Facts(
        language=lang,
        statements=tuple(statements),
        effective_date=effective,
        announcements=tuple(announcements),
        analyzer_version=ANALYZER_VERSION,
    )


def _announcements(
    text: str,
    folded: str,
    sentences: list[tuple[int, int]],
    offset: int,
    affirmed: list[Hit],
    lexicon: Lexicon,
) -> list[Announcement]:
    found = announced_dates(text, folded, sentences, lexicon)
    out = []
    for a in found:
        in_sentence = frozenset(h.label for h in affirmed if a.start <= h.start < a.end)
        facts = in_sentence or frozenset(h.label for h in affirmed)
        out.append(Announcement(a.iso, text[a.start : a.end].strip(), offset + a.start, facts))
    return out


__all__ = ["ANALYZER_VERSION", "analyze", "detect_language", "pick_language"]
