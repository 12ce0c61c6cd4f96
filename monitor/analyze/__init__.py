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
from collections import Counter

from monitor.analyze.dates import announced_dates, effective_date
from monitor.analyze.language import detect_language, normalize_language
from monitor.analyze.lexicon import (
    CHOICES,
    RIGHTS,
    Hit,
    Lexicon,
    Tokens,
    load_lexicon,
    split_cues,
)
from monitor.analyze.negation import negated_hits
from monitor.analyze.statements import (
    FACT_FACETS,
    BlockFacts,
    analyze_block,
    block_statements,
    cell_spans,
    clean_hits,
    column_bases,
    header_roles,
    heading_purposes,
    in_context,
    inherited_bases,
    links_allowed,
    may_state,
    split_facets,
)
from monitor.analyze.taxonomy import LINK_SEP, facet, ties
from monitor.analyze.text import fold, sentence_spans
from monitor.model import Announcement, Block, Document, Facts, Statement

#: Every date form the analyzer reads carries a four-digit year: blocks without one are skipped.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: What every year match contains; starting with a literal, it scans far faster than
#: ``_YEAR`` (whose lookbehind defeats the engine's prefix search), so it is asked first,
#: after a test that the text holds "19" or "20" at all (a substring search, faster still:
#: few blocks hold a year).
_YEAR_HINT = re.compile(r"(?:19|20)\d\d(?!\d)")

#: Two sentences in one cell ("… partners. We use …"): prose, not a list of values.
_PROSE_CELL = re.compile(r"[^\W\d_][.!?]\s+[A-ZÀ-Ý]")

#: Bump when lexicons, taxonomy or rules change what is found, so stored facts can be recomputed.
ANALYZER_VERSION = "lexicon-13"


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
    announced: list[tuple[Announcement, bool]] = []
    dated_blocks: list[tuple[int, str, str]] = []
    heading_cache: dict[str, frozenset[str]] = {}
    quiet_cache: dict[str, bool] = {}
    context_cache: dict[str, bool] = {}
    purpose_cache: dict[str, frozenset[str]] = {}
    mentioned: set[str] = set()
    # A notice repeats blocks ("Learn more", a footer per section, the same list item under
    # several headings): what reading such a block depends on is computed once per notice.
    # By text: its fold and year test, its words and fact hits; by every input of
    # ``analyze_block``: what it found. Never across notices.
    repeated = repeated_texts(document)
    folds: dict[str, tuple[str, bool]] = {}
    matched: dict[str, tuple[Tokens, list[Hit], list[Hit]]] = {}
    found_in: dict[tuple[object, ...], BlockFacts] = {}
    #: What the headings above a block say, by section path (blocks share their section's).
    by_path: dict[tuple[str, ...], tuple[frozenset[str], bool, frozenset[str], bool]] = {}

    shared = shared_cells(document)
    offset = 0
    roles: list[frozenset[str]] | None = None
    #: Bases a table header names for its whole column ("Legitimate interests relied on").
    header_bases: frozenset[str] = frozenset()
    previous = None
    #: A paragraph ending in ":" that states processing ("We collect the following data:")
    #: makes the list items after it processing statements.
    lead_in = False
    #: A lead-in that denies or forbids the use ("We never use it for the following
    #: purposes:"): the list items after it are denials (see ``_denies_its_list``).
    denied_list = False
    #: A rights lead-in ("You have the right to:", "You must not:": ``RIGHTS``), whose list
    #: items state nothing, or the person's choices ("You can:": ``CHOICES``), whose items
    #: state only the controls they offer (``Lexicon.leads_rights``); else None.
    rights_list: str | None = None
    #: The section and ``last`` purposes and data of the paragraph just read, for a next
    #: paragraph under the same heading that opens by pointing back at them.
    prior: tuple[tuple[str, ...], tuple[frozenset[str], frozenset[str]]] | None = None
    #: The same for the lead-in paragraph (``lead_in``) whose list items follow.
    lead_facts: tuple[tuple[str, ...], tuple[frozenset[str], frozenset[str]]] | None = None
    blocks = document.blocks
    #: The notice's own date, read once a block announces a dated change (``_past``).
    notice_date: object = _UNREAD
    for index, block in enumerate(blocks):
        before, prior = prior, None
        rendered = len(block.render())
        start = offset + rendered - len(block.text)
        offset += rendered + 1
        text = block.text
        seen = folds.get(text)
        if seen is None:
            folded = fold(text)
            has_year = (
                ("20" in folded or "19" in folded)  # what a year starts with, found in C
                and _YEAR_HINT.search(folded) is not None
                and _YEAR.search(folded) is not None
            )
            if text in repeated:
                folds[text] = (folded, has_year)
        else:
            folded, has_year = seen
        if has_year:
            dated_blocks.append((start, block.text, folded))
        if block.kind == "heading":
            previous = block
            lead_in = denied_list = False
            rights_list = None
            continue
        is_row = block.kind == "table_row"
        path = block.path
        if is_row:
            new_table = (
                previous is None or previous.kind != "table_row" or previous.path != block.path
            )
            previous = block
            header = header_roles(block.text, lexicon)
            if header is not None and (new_table or roles is None or header != roles):
                roles = header
                header_bases = column_bases(block.text, header, lexicon)
                continue  # the header row names columns; it states nothing itself
            if new_table:
                roles = None
                header_bases = frozenset()
            # A table whose header names no roles and whose cells hold prose ("Information we
            # receive from others | We may receive … For example, …") is layout: its row is
            # read as a paragraph under its first cell as a heading (ties within one sentence,
            # or to the purpose that cell names), not as one (purpose, basis, data) record.
            if roles is None and _prose_row(block.text):
                is_row = False
                first = next(((a, b) for a, b in cell_spans(block.text) if b > a), (0, 0))
                path = (*block.path, block.text[first[0] : first[1]])
        else:
            roles = None
            previous = block
        read = matched.get(text)
        if read is None:
            tokens = Tokens(folded)
            hits, cues = split_cues(lexicon.facts.find(tokens))
            if text in repeated:
                matched[text] = (tokens, hits, cues)
        else:
            tokens, hits, cues = read
        sentences = None
        skip: list[tuple[int, int]] = []
        if has_year or any(c.label == "undated" for c in cues):
            sentences = sentence_spans(block.text, lexicon.sentence_starters)
            found = _announcements(block.text, folded, sentences, start, hits, lexicon)
            if any(a.effective_date for a, _lead in found):
                if notice_date is _UNREAD:
                    notice_date = _notice_date(blocks, lexicon)
                found = [(a, lead) for a, lead in found if not _past(a, lead, notice_date)]
            announced += found
            skip = [(a.start - start, a.start - start + len(a.text)) for a, _ in found]
        # What an announcement names is not yet spoken of: it is news when it takes effect.
        if skip:
            mentioned.update(h.label for h in hits if not any(a <= h.start < b for a, b in skip))
        else:
            mentioned.update([h.label for h in hits])
        if block.kind == "list_item" and rights_list == RIGHTS:
            pass  # the person's right or a rule laid on them: no processing of ours
        elif block.kind == "list_item" and denied_list:
            # An item of a denying lead-in states no processing: what it names is denied, as
            # in "we do not use it for …", so children's data stays a (denied) fact.
            denied = [h for h in clean_hits(hits) if facet(h.label) in FACT_FACETS]
            if denied:
                statements += block_statements(
                    block, start, BlockFacts([], denied, frozenset()), frozenset()
                )
        elif may_state(hits, roles):  # else analyze_block finds nothing, and says so first
            under = by_path.get(path)
            if under is None:
                under = by_path[path] = (
                    inherited_bases(path, lexicon, heading_cache),
                    in_context(path, lexicon, context_cache),
                    heading_purposes(path, lexicon, purpose_cache),
                    links_allowed(path, lexicon, quiet_cache),
                )
            inherited, path_context, section_purposes, with_links = under
            if roles and header_bases:
                inherited = inherited | header_bases
            # A table in a notice lists processing row by row; a list item after a lead-in
            # that says so does too, and so does any block under a heading that says so
            # ("Information we collect", "How we use your data"); elsewhere a sentence must
            # say so itself.
            is_item = block.kind == "list_item"
            context = is_row or (is_item and lead_in) or path_context
            if not context and block.kind == "paragraph":
                # Lead-in family: a paragraph ending in a label of the data a service uses
                # ("We also offer a support chatbot. Data used:"), or followed by that label
                # alone, states that service's processing.
                if text.rstrip().endswith(":"):
                    if sentences is None:
                        sentences = sentence_spans(block.text, lexicon.sentence_starters)
                    context = lexicon.ends_with_data_label(block.text, sentences)
                elif index + 1 < len(blocks):
                    context = _data_label_alone(blocks[index + 1], lexicon)
            opening = (
                before[1]
                if before is not None and before[0] == path and block.kind == "paragraph"
                else None
            )
            leading = (
                lead_facts[1]
                if is_item and lead_in and lead_facts is not None and lead_facts[0] == path
                else None
            )
            key = None
            facts = None
            if text in repeated:
                key = (
                    text,
                    inherited,
                    section_purposes,
                    tuple(roles) if roles else None,
                    is_row,
                    is_item,
                    with_links,
                    context,
                    tuple(skip),
                    shared.get(index) if is_row else None,
                    opening,
                    leading,
                )
                facts = found_in.get(key)
            if facts is None:
                facts = analyze_block(
                    text,
                    lexicon,
                    tokens=tokens,
                    sentences=sentences,
                    inherited=inherited,
                    section_purposes=section_purposes,
                    roles=roles,
                    is_row=is_row,
                    is_item=is_item,
                    with_links=with_links,
                    context=context,
                    skip=skip,
                    hits=hits,
                    shared=shared.get(index, frozenset()) if is_row else frozenset(),
                    prior=opening,
                    lead=leading,
                )
                if key is not None:
                    found_in[key] = facts
            if not (
                is_item
                and rights_list == CHOICES
                and not any(facet(t.partition(LINK_SEP)[2]) == "control" for t in facts.links)
            ):
                # A choice of the person's states a purpose only with the control it offers
                # ("turn off personalised ads in your settings"), as "you can …" would.
                statements += block_statements(block, start, facts, inherited)
            if block.kind == "paragraph" and not is_row:
                prior = (path, facts.last)
                lead_facts = (path, facts.lead)
        if block.kind == "paragraph":
            if prior is None:
                lead_facts = None
            lead_in = False
            rights_list = None
            if block.text.rstrip().endswith(":"):
                if sentences is None:
                    sentences = sentence_spans(block.text, lexicon.sentence_starters)
                rights_list = lexicon.leads_rights(block.text, sentences)
                lead_in = rights_list is None and bool(
                    lexicon.states_processing(tokens)
                    or lexicon.contexts.find(tokens)
                    or lexicon.ends_with_data_label(block.text, sentences)
                )
            denied_list = lead_in and _denies_its_list(block.text, tokens, sentences, lexicon)
            lead_in = lead_in and not denied_list

    effective = effective_date(dated_blocks, lexicon)
    return Facts(
        language=lang,
        statements=tuple(statements),
        effective_date=effective,
        announcements=tuple(a for a, _lead in announced),
        analyzer_version=ANALYZER_VERSION,
        mentioned=frozenset(m for m in mentioned if facet(m) in FACT_FACETS),
    )


def repeated_texts(document: Document) -> set[str]:
    """The block texts that occur more than once in ``document``: the only ones whose
    reading ``analyze`` keeps. Keeping every block's words would cost more (memory, cache
    misses) than the lookups save: measured slower on the largest corpus notice."""
    counts = Counter(block.text for block in document.blocks)
    return {text for text, n in counts.items() if n > 1}


#: A restriction limits the use to the list that follows; it does not deny it.
_RESTRICTIONS = frozenset({"may only"})
#: A lead-in's tail "including, but not limited to:" belongs to the list, not a clause of
#: its own: its "but" would cut the clause and its "not" deny it (six languages, folded).
_OPEN_TAIL = re.compile(
    r"(?:[\s,]+(?:including|includes|y compris|notamment|einschlie(?:ss|ß)lich|insbesondere"
    r"|incluid[oa]s|incluyendo|inclus[io]|compres[io]|waaronder|inclusief))?[\s,]*"
    r"(?:but not limited to|sans s'y limiter|sans (?:y )?etre limite(?:e|s|es)? a"
    r"|aber nicht (?:beschrankt|beschränkt) auf|sin limitarse a|ma non limitat[oi] a"
    r"|maar niet beperkt tot)[\s,]*:\s*$"
)


def _denies_its_list(
    text: str, tokens: Tokens, sentences: list[tuple[int, int]] | None, lexicon: Lexicon
) -> bool:
    """Family "a lead-in that denies or forbids the use denies its list".

    "We never use this data for the following purposes:", "You are prohibited from using
    it for:": the items say what is not done, so what they name is denied. The colon (or the
    word before an "including, but not limited to:" tail) is read as a fact of the
    lead-in's last clause: negated there, so is the list.
    Only lead-ins (a paragraph ending in a colon that speaks of processing) get here.
    """
    tail = _OPEN_TAIL.search(tokens.folded)
    if tail:  # read the lead-in without its tail, whose "not" and "but" are the list's
        text = text[: tail.start()]
        tokens = Tokens(tokens.folded[: tail.start()])
        sentences = None
    grammar = [
        h
        for h in lexicon.grammar.find(tokens)
        if tokens.folded[h.start : h.end] not in _RESTRICTIONS
    ]
    if not grammar:
        return False
    if sentences is None:
        sentences = sentence_spans(text, lexicon.sentence_starters)
    end = len(tokens.folded.rstrip())
    probe = [Hit("lead", end - 1, end)]
    return bool(negated_hits(tokens, sentences, probe, lexicon, grammar))


def _data_label_alone(block: Block, lexicon: Lexicon) -> bool:
    """Whether ``block`` is a paragraph holding only a data lead-in label ("Data used:")."""
    if block.kind != "paragraph" or not block.text.rstrip().endswith(":"):
        return False
    sentences = sentence_spans(block.text, lexicon.sentence_starters)
    return len(sentences) == 1 and lexicon.ends_with_data_label(block.text, sentences)


#: A table of fewer body rows repeating a cell is too short to call that cell generic.
_SHARED_MIN_ROWS = 3


def shared_cells(document: Document) -> dict[int, frozenset[int]]:
    """Per table row (block index), the columns whose cell every body row of its table
    repeats word for word.

    Family "one generic data list for every purpose" ("The information processed will
    depend on how you use our services but could include: …" in each row): such a cell says
    what the table's purposes may use between them, not what one row's purpose uses, so
    ``analyze_block`` states its data without tying them to the row. The first row of a
    run is left out (it is the header, or the only row that could differ)."""
    out: dict[int, frozenset[int]] = {}
    blocks = document.blocks
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "table_row":
            i += 1
            continue
        j = i + 1
        while (
            j < len(blocks) and blocks[j].kind == "table_row" and blocks[j].path == blocks[i].path
        ):
            j += 1
        body = range(i + 1, j)
        if len(body) >= _SHARED_MIN_ROWS:
            cells = [[blocks[k].text[a:b] for a, b in cell_spans(blocks[k].text)] for k in body]
            width = min(len(c) for c in cells)
            same = frozenset(
                col
                for col in range(width)
                if cells[0][col].strip() and all(c[col] == cells[0][col] for c in cells)
            )
            if same:
                out.update(dict.fromkeys(body, same))
        i = j
    return out


def _prose_row(text: str) -> bool:
    """A row with a cell of two or more full sentences."""
    return any(_PROSE_CELL.search(text, start, end) is not None for start, end in cell_spans(text))


#: ``analyze`` has not read the notice's own date yet.
_UNREAD = object()


def _notice_date(blocks: tuple[Block, ...], lexicon: Lexicon) -> str | None:
    """The notice's effective date (``effective_date``), read before its blocks are: asked
    only when a block announces a dated change, which is rare, so most notices pay nothing."""
    dated = [(0, b.text, folded) for b in blocks if _YEAR.search(folded := fold(b.text))]
    return effective_date(dated, lexicon)


def _past(announcement: Announcement, lead: bool, notice_date: object) -> bool:
    """Family "a plan dated before the notice's own date is a statement of the notice".

    "As of 18 May 2019, we plan to share your data with …" in a notice updated since
    says what the notice's company does now, and a sentence opened by "Starting <date>" on
    the notice's own date ("Effective from 1 May 2025, we …") is the notice itself: their
    facts are statements, not news. A date after the notice's (or on it, announced by the
    verb: "Effective 15 January 2026" of the upcoming version) is an announcement.
    """
    when = announcement.effective_date
    if not when or not isinstance(notice_date, str):
        return False
    return when < notice_date or (lead and when == notice_date)


def _announcements(
    text: str,
    folded: str,
    sentences: list[tuple[int, int]],
    offset: int,
    raw_hits: list[Hit],
    lexicon: Lexicon,
) -> list[tuple[Announcement, bool]]:
    """Announced changes of one block, each with the facts its sentence names.

    An announcement names what will change ("our reliance on legitimate interests as the
    legal basis for training AI models"): its bases, purposes and data, the ties between
    them in the sentence, and the controls of its block ("You can opt out ...").
    """
    found = announced_dates(text, folded, sentences, lexicon)
    if not found:
        return []
    hits = clean_hits(list(raw_hits))
    controls = {h.label for h in hits if h.label.startswith("control.")}
    out = []
    for a in found:
        named = {
            h.label for h in hits if a.start <= h.start < a.end and facet(h.label) in FACT_FACETS
        }
        bases, purposes, data = split_facets(named)
        facts = frozenset(named | ties(bases, purposes, data, controls) | controls)
        announcement = Announcement(a.iso, text[a.start : a.end].strip(), offset + a.start, facts)
        out.append((announcement, a.lead))
    return out


__all__ = ["ANALYZER_VERSION", "analyze", "detect_language", "pick_language"]
