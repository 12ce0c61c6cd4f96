"""From blocks to statements: what each paragraph, list item or table row says.

One statement per block that states facts. Its legal bases are its own words
plus the basis named by the nearest heading above it ("Legitimate Interests",
"Where we rely on your consent"); table rows are statements of their own, read
with the header row when it names the columns (Purpose | Legal basis | Data).

Links ("basis.x>purpose.y", "purpose.y>data.z") are recorded only where the
notice ties them explicitly: within one sentence, one table row, or a purpose
under a heading that names its basis. A long paragraph that mentions a basis in
one sentence and a purpose three sentences later does not link them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from monitor.analyze.lexicon import STOP, Hit, Lexicon, Tokens
from monitor.analyze.negation import negated_hits
from monitor.analyze.taxonomy import LINK_SEP, facet
from monitor.analyze.text import fold, sentence_spans
from monitor.model import Block, Evidence, Statement

CELL_SEP = " | "

_NUMBERING = re.compile(
    r"^\s*(?:[(\[]?(?:\d+(?:\.\d+)*|[a-z]|[ivxlc]+)[)\].:]?\s+|[(\[]?(?:\d+(?:\.\d+)*|[a-z]|[ivxlc]+)[)\]]\s*)+"
)
_TRAILING = re.compile(r"[\s:.\-*_#]+$")


@dataclass(frozen=True, slots=True)
class BlockFacts:
    """The hits of one block, split into what it affirms and what it denies."""

    affirmed: list[Hit]
    denied: list[Hit]
    links: frozenset[str]


def clean_hits(hits: list[Hit]) -> list[Hit]:
    """Drop hits cancelled by an exception phrase, and sub-phrases of a longer hit of the same facet."""
    stops = [h for h in hits if h.label.startswith(STOP)]
    facts = [h for h in hits if not h.label.startswith(STOP)]
    if stops:
        facts = [
            h
            for h in facts
            if not any(
                s.label[1:] == h.label and s.start < h.end and h.start < s.end for s in stops
            )
        ]
    kept: list[Hit] = []
    for h in sorted(facts, key=lambda h: (h.start, -h.end, h.label)):
        f = facet(h.label)
        if any(
            facet(k.label) == f
            and k.start <= h.start
            and h.end <= k.end
            and (
                k.label == h.label
                # "consent" inside "explicit consent": a sub-phrase sharing an edge. A phrase
                # inside the gap of "share ... with third parties" keeps its own fact.
                or (k.end - k.start > h.end - h.start and (k.start == h.start or k.end == h.end))
            )
            for k in kept[-16:]
        ):
            continue
        kept.append(h)
    return kept


def heading_key(text: str) -> str:
    """A heading as matched by ``heading`` phrases: folded, without numbering or trailing colon."""
    folded = fold(text).replace("**", "").strip()
    folded = _NUMBERING.sub("", folded)
    return _TRAILING.sub("", folded).strip()


def heading_bases(text: str, lexicon: Lexicon, cache: dict[str, frozenset[str]]) -> frozenset[str]:
    """Legal bases a heading names, as a whole ("Consent") or in its words ("Where we rely on consent")."""
    if text in cache:
        return cache[text]
    key = heading_key(text)
    bases = {fid for fid, regex in lexicon.headings if regex.fullmatch(key)}
    tokens = Tokens(fold(text))
    hits = clean_hits(lexicon.facts.find(tokens))
    denied = negated_hits(tokens, sentence_spans(text), hits, lexicon)
    bases |= {h.label for i, h in enumerate(hits) if facet(h.label) == "basis" and i not in denied}
    result = frozenset(bases)
    cache[text] = result
    return result


def links_allowed(path: tuple[str, ...], lexicon: Lexicon, cache: dict[str, bool]) -> bool:
    """False under a retention, rights or transfers heading (lexicon ``[sections] no_links``)."""
    for heading in path:
        quiet = cache.get(heading)
        if quiet is None:
            quiet = cache[heading] = bool(lexicon.no_links.find(fold(heading)))
        if quiet:
            return False
    return True


def inherited_bases(
    path: tuple[str, ...], lexicon: Lexicon, cache: dict[str, frozenset[str]]
) -> frozenset[str]:
    """The bases of the nearest heading above that names one."""
    for heading in reversed(path):
        bases = heading_bases(heading, lexicon, cache)
        if bases:
            return bases
    return frozenset()


def cell_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    while True:
        idx = text.find(CELL_SEP, start)
        if idx < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, idx))
        start = idx + len(CELL_SEP)


def header_roles(text: str, lexicon: Lexicon) -> list[frozenset[str]] | None:
    """Column roles ("basis", "purpose", "data") when a table row reads like a header row."""
    spans = cell_spans(text)
    if len(spans) < 2:
        return None
    folded = fold(text)
    roles: list[frozenset[str]] = []
    named = False
    for start, end in spans:
        cell = folded[start:end].strip()
        if len(cell) > 80:
            return None
        found = frozenset(h.label for h in lexicon.columns.find(cell))
        # "Legal basis" names the basis column even though "basis" is not a purpose.
        roles.append(found)
        named = named or bool(found)
    return roles if named else None


def analyze_block(
    text: str,
    lexicon: Lexicon,
    *,
    tokens: Tokens | None = None,
    sentences: list[tuple[int, int]] | None = None,
    inherited: frozenset[str] = frozenset(),
    roles: list[frozenset[str]] | None = None,
    is_row: bool = False,
    with_links: bool = True,
) -> BlockFacts:
    """Affirmed and denied fact hits of one block, and the links it states explicitly."""
    if tokens is None:
        tokens = Tokens(fold(text))
    folded = tokens.folded
    hits = lexicon.facts.find(tokens)
    if roles:
        for (start, end), role in zip(cell_spans(text), roles, strict=False):
            if "basis" in role:
                cell_hits = lexicon.cells.find(folded[start:end])
                hits += [Hit(h.label, h.start + start, h.end + start) for h in cell_hits]
    hits = clean_hits(hits)
    if not hits:
        return BlockFacts([], [], frozenset())
    if sentences is None:
        sentences = sentence_spans(text)
    denied_idx = negated_hits(tokens, sentences, hits, lexicon)
    affirmed = [h for i, h in enumerate(hits) if i not in denied_idx]
    denied = [h for i, h in enumerate(hits) if i in denied_idx]
    units = [(0, len(text))] if is_row else sentences
    if not with_links:
        units = []
    links: set[str] = set()
    for u_start, u_end in units:
        in_unit = [h.label for h in affirmed if u_start <= h.start < u_end]
        if not in_unit:
            continue
        bases = {f for f in in_unit if f.startswith("basis.")}
        purposes = {f for f in in_unit if f.startswith("purpose.")}
        data = {f for f in in_unit if f.startswith("data.")}
        bases |= inherited
        links |= {f"{b}{LINK_SEP}{p}" for b in bases for p in purposes}
        links |= {f"{p}{LINK_SEP}{d}" for p in purposes for d in data}
    return BlockFacts(affirmed, denied, frozenset(links))


def _evidence(text: str, offset: int, hits: Iterable[Hit]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(text[h.start : h.end], offset + h.start, offset + h.end, h.label) for h in hits
    )


def _split(ids: Iterable[str]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    ids = set(ids)
    return (
        frozenset(i for i in ids if i.startswith("basis.")),
        frozenset(i for i in ids if i.startswith("purpose.")),
        frozenset(i for i in ids if i.startswith("data.")),
    )


def block_statements(
    block: Block,
    offset: int,
    facts: BlockFacts,
    inherited: frozenset[str],
) -> list[Statement]:
    """The affirmative statement of a block and, when it denies something, its negated twin."""
    out: list[Statement] = []
    affirmed_ids = {h.label for h in facts.affirmed}
    if affirmed_ids:
        bases, purposes, data = _split(affirmed_ids)
        own_bases = bases
        # Inherited bases matter for what the block says only when it states a purpose or data.
        carried = inherited if (purposes or data) else frozenset()
        out.append(
            Statement(
                section_path=block.path,
                block_kind=block.kind,
                text=block.text,
                legal_bases=own_bases | carried,
                purposes=purposes,
                data_categories=data,
                negated=False,
                inherited_bases=carried - own_bases,
                evidence=_evidence(block.text, offset, facts.affirmed),
                links=facts.links,
            )
        )
    denied_ids = {h.label for h in facts.denied} - affirmed_ids
    if denied_ids:
        bases, purposes, data = _split(denied_ids)
        out.append(
            Statement(
                section_path=block.path,
                block_kind=block.kind,
                text=block.text,
                legal_bases=bases,
                purposes=purposes,
                data_categories=data,
                negated=True,
                evidence=_evidence(
                    block.text, offset, [h for h in facts.denied if h.label in denied_ids]
                ),
            )
        )
    return out
