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
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from monitor.analyze.lexicon import STOP, Hit, Lexicon, Tokens, split_cues
from monitor.analyze.negation import denial_cues, negated_hits
from monitor.analyze.taxonomy import facet, ties
from monitor.analyze.text import fold, open_bracket, sentence_spans, span_index
from monitor.model import Block, Evidence, Statement

CELL_SEP = " | "
#: Facets that are facts on their own (controls and recipients qualify them).
FACT_FACETS = frozenset({"basis", "purpose", "data"})
SHARING = "purpose.sharing_third_parties"

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
    #: How the person controls the block's purposes ("control.opt_out", ...).
    controls: frozenset[str] = frozenset()
    recipients: frozenset[str] = frozenset()
    #: The block says data is sold (``sale``) or that it is not (``sale_denied``).
    sale: bool = False
    sale_denied: bool = False
    #: Where the controls are said, for evidence ("You can opt out in your settings").
    control_hits: tuple[Hit, ...] = ()
    #: The purposes and data of the block's last sentence that named some, for a next
    #: paragraph opening with a pointer back at them (``analyze_block``'s ``prior``).
    last: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    #: What the block's last sentence names, for the list items that finish it when it is a
    #: lead-in: its purposes and data; when it names none ("The legal bases we rely on
    #: are:"), the purposes of the sentence just before it.
    lead: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


EMPTY = BlockFacts([], [], frozenset())

#: Facets of the hits that can make a block state something: facts, and the controls that
#: speak for them. Recipients alone state nothing; stop phrases only cancel hits.
_STATING = FACT_FACETS | {"control"}


def may_state(hits: Iterable[Hit], roles: list[frozenset[str]] | None) -> bool:
    """Whether ``analyze_block`` can find anything in a block with these fact hits.

    The one test ``analyze_block`` itself starts with, so a caller may skip a block this
    rejects and lose nothing: cleaning only drops hits, and only a table row read with
    its header (``roles``) gains hits (from its basis cells) beyond ``hits``.
    """
    return bool(roles) or any(facet(h.label) in _STATING for h in hits)


def clean_hits(hits: list[Hit]) -> list[Hit]:
    """Drop hits cancelled by an exception phrase, and sub-phrases of a longer hit of the same facet."""
    stops = [h for h in hits if h.label.startswith(STOP)]
    facts = hits  # not modified: sorted below into a new list
    if stops:
        facts = [
            h
            for h in hits
            if not h.label.startswith(STOP)
            and not any(
                s.label[1:] == h.label and s.start < h.end and h.start < s.end for s in stops
            )
        ]
    kept: list[Hit] = []
    kept_facets: list[str] = []  # facet of each kept hit, computed once (a hot loop)
    for h in sorted(facts, key=lambda h: (h.start, -h.end, h.label)):
        f = facet(h.label)
        start, end = h.start, h.end
        covered = False
        for i in range(max(0, len(kept) - 16), len(kept)):
            k = kept[i]
            if (
                k.start <= start
                and end <= k.end
                and kept_facets[i] == f
                and (
                    k.label == h.label
                    # "consent" inside "explicit consent": a sub-phrase sharing an edge. A phrase
                    # inside the gap of "share ... with third parties" keeps its own fact.
                    or (k.end - k.start > end - start and (k.start == start or k.end == end))
                )
            ):
                covered = True
                break
        if covered:
            continue
        kept.append(h)
        kept_facets.append(f)
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
    hits = clean_hits(split_cues(lexicon.facts.find(tokens))[0])
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


def in_context(path: tuple[str, ...], lexicon: Lexicon, cache: dict[str, bool]) -> bool:
    """True under a heading that says its items state processing ("Information we collect",
    "How we use your data", "Purposes", a legal basis heading)."""
    for heading in path:
        found = cache.get(heading)
        if found is None:
            folded = fold(heading)
            found = cache[heading] = bool(
                lexicon.contexts.find(folded)
                or lexicon.states_processing(folded)
                or heading_bases(heading, lexicon, {})
            )
        if found:
            return True
    return False


def heading_purposes(
    path: tuple[str, ...], lexicon: Lexicon, cache: dict[str, frozenset[str]]
) -> frozenset[str]:
    """The purposes the nearest heading above names ("Advertising", "Training our AI
    models"): a sentence under it that states data or a basis but no purpose of its own
    speaks of them."""
    if not path:
        return frozenset()
    heading = path[-1]
    found = cache.get(heading)
    if found is None:
        hits = clean_hits(split_cues(lexicon.facts.find(fold(heading)))[0])
        found = cache[heading] = frozenset(
            h.label for h in _drop_nested_purposes(hits) if facet(h.label) == "purpose"
        )
    return found


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
    """The cells of a row ``a | b | c``. An empty cell, once the row's spaces are collapsed,
    leaves a bare bar ("Providers | | It is necessary …"): it is a cell of its own, so the
    cells after it stay in their columns."""
    spans = []
    start = 0
    while True:
        # An empty cell: "| " right after a separator, or a bar ending the row.
        while text.startswith("| ", start) or (start > 0 and text[start:] == "|"):
            spans.append((start, start))
            start += 2
        idx = text.find(CELL_SEP, start)
        if idx < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, idx))
        start = idx + len(CELL_SEP)


def header_roles(text: str, lexicon: Lexicon) -> list[frozenset[str]] | None:
    """Column roles ("basis", "purpose", "data", "recipient", "other") of a header row.

    A row is a header when it has two or more short cells and most of its filled cells
    name a role ("Purpose", "How we use your data", "Legal basis", "Personal data used",
    "Catégories de données", "Rechtsgrundlage" ...).
    """
    spans = cell_spans(text)
    if len(spans) < 2:
        return None
    folded = fold(text)
    roles: list[frozenset[str]] = []
    filled = named = 0
    for start, end in spans:
        # A header cell may explain its column below its name ("Catégories de données<br><br>
        # (described in section 2)"): the name is its first piece.
        cell = folded[start:end].replace("*", " ").split("; ")[0].split(" (")[0].strip()
        if len(cell) > 80:
            return None
        found = frozenset(h.label for h in lexicon.columns.find(cell)) if cell else frozenset()
        if len(found) > 1 and "other" in found:
            found = found - {"other"}
        roles.append(found)
        filled += bool(cell)
        named += bool(found)
    return roles if named and filled >= 2 and named * 2 >= filled else None


def column_bases(header: str, roles: list[frozenset[str]], lexicon: Lexicon) -> frozenset[str]:
    """Bases a basis column's header names ("Legitimate interests relied on"): every row has them."""
    folded = fold(header)
    bases: set[str] = set()
    for (start, end), role in zip(cell_spans(header), roles, strict=False):
        if "basis" in role:
            found = clean_hits(lexicon.facts.find(folded[start:end]))
            bases |= {h.label for h in found if facet(h.label) == "basis"}
    return frozenset(bases)


def _keep_in_cell(label: str, role: frozenset[str], table_roles: frozenset[str]) -> bool:
    """Whether a hit belongs to its cell: a basis in the basis column, data in the data column.

    A facet no column claims (a table of Purpose | Legal basis mentions data in its purpose
    cells) is kept wherever it is; "other" columns (retention, sources, rights) state no facts.
    """
    kind = facet(label)
    if kind == "control":
        return True
    if kind in role:
        return True
    if "other" in role:
        return False
    if kind == "basis" and _disclosure_only(role):
        return False  # "Other companies, with your consent": that disclosure's condition
    return kind not in table_roles


def _disclosure_only(role: frozenset[str]) -> bool:
    """A recipients column ("Who receives it"), claiming no purpose or basis: a consent or an
    opt-out in its cells ("Other companies with your consent", "Partners, unless you opt
    out") conditions that disclosure, not the row's purposes (no basis, no control of them)."""
    return "recipient" in role and not role & {"purpose", "basis"}


#: How many words before a data phrase a processing verb of a purpose cell may stand.
_CELL_OBJECT_WORDS = 5


def _processed_in_cell(
    h: Hit, cell_start: int, role: frozenset[str], folded: str, lexicon: Lexicon
) -> bool:
    """Family "a purpose cell that says what it processes" ("To provide the courses, including
    processing your communications via text and voice"): data named right after a processing
    verb of the purpose cell, in its clause, are the row's data like those of its data cell."""
    if "purpose" not in role or facet(h.label) != "data":
        return False
    words = _CELL_CLAUSE_END.split(folded[cell_start : h.start])[-1].split()
    return any(w in lexicon.processing_words for w in words[-_CELL_OBJECT_WORDS:])


#: Where a clause of a cell ends, for ``_processed_in_cell``.
_CELL_CLAUSE_END = re.compile(r"[.;:,()!?]")


def _drop_nested_purposes(hits: list[Hit]) -> list[Hit]:
    """Purpose words inside a data phrase, or inside or equal to a recipient phrase, name a
    thing, not why it is processed: "security questions", "marketing preferences",
    "advertising partners", "advertisers" state no purpose."""
    things = [h for h in hits if facet(h.label) in ("data", "recipient")]
    if not things:
        return hits

    def inside(h: Hit, t: Hit) -> bool:
        if not (t.start <= h.start and h.end <= t.end):
            return False
        return facet(t.label) == "recipient" or t.end - t.start > h.end - h.start

    return [h for h in hits if facet(h.label) != "purpose" or not any(inside(h, t) for t in things)]


#: An inline enumeration marker: "(i)", "(ii)", "(a)", "(2)", after a space or at the start.
_MARKER = re.compile(r"(?:^|(?<=\s))\((?:[ivx]{1,4}|[a-h]|\d{1,2})\)(?=\s)")


def _enumeration(marks: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """The lead and the items of an inline enumeration in one sentence ("we share it with
    (i) payment processors who ..., (ii) cloud providers who ..."): the lead first, then
    one span per item; empty when the sentence has fewer than two of the block's
    ``marks`` (positions of ``_MARKER``)."""
    inside = [m for m in marks if start <= m < end]
    if len(inside) < 2:
        return []
    return [(start, inside[0]), *zip(inside, [*inside[1:], end], strict=True)]


def _item_ties(
    hits: list[Hit],
    spans: list[tuple[int, int]],
    inherited: frozenset[str],
    purposes: set[str],
    data: set[str],
) -> set[str]:
    """Ties of an enumerated sentence: each item with the lead, never two items together.

    The items of "(i) payment processors who process transactions, (ii) age verification
    providers who confirm your age" are separate statements: a purpose of one and the data
    of another are not tied. What the lead names ("We use your location to (a) ..., (b) ...")
    belongs to every item. A facet the sentence does not name itself (its purposes from the
    heading or a back-reference: ``purposes``, ``data``) goes to every item, as it would to
    a plain sentence; so do the bases of the heading (``inherited``). Purposes named only
    in the last item may close the whole list ("We collect (i) your name, (ii) your email
    and (iii) your location to show you ads"): then they belong to every item too.
    """
    own = {h.label for h in hits}
    own_purposes = any(f.startswith("purpose.") for f in own)
    own_data = any(f.startswith("data.") for f in own)
    lead_start, lead_end = spans[0]
    lead = {h.label for h in hits if lead_start <= h.start < lead_end}
    last_start = spans[-1][0]
    if own_purposes and not any(
        h.label.startswith("purpose.") and h.start < last_start for h in hits
    ):
        lead |= {f for f in own if f.startswith("purpose.")}
    out: set[str] = set()
    for i_start, i_end in spans[1:]:
        item = lead | {h.label for h in hits if i_start <= h.start < i_end}
        b = {f for f in item if f.startswith("basis.")}
        p = {f for f in item if f.startswith("purpose.")} if own_purposes else purposes
        d = {f for f in item if f.startswith("data.")} if own_data else data
        out |= ties(b | inherited, p, d)
    return out


#: Suffix of ``[no_processing]`` families that count only where they open a clause.
OPENING = "_opening"
_CLAUSE_LEAD = re.compile(r"[\s\-*•·\"'(\[]*(?:please\s+)?$")


def opens_clause(folded: str, sentences: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` opens its sentence or a clause (after , : ; or a bracket), give or take
    bullets, quotes and a "please": where an imperative stands."""
    start = sentences[span_index(sentences, pos)][0]
    cut = max(folded.rfind(mark, start, pos) for mark in ",:;(")
    lead = folded[max(start, cut + 1) : pos]
    return _CLAUSE_LEAD.fullmatch(lead) is not None


def _example_spans(
    cells: list[tuple[int, int]], roles: list[frozenset[str]], examples: list[int]
) -> list[tuple[int, int]]:
    """The examples of each purpose cell: from "Examples of processing activities:" (or "For
    example") to the end of the cell."""
    spans = []
    for (start, end), role in zip(cells, roles, strict=False):
        if "purpose" in role:
            marks = [pos for pos in examples if start < pos < end]
            if marks:
                spans.append((min(marks), end))
    return spans


def _example_ties(
    affirmed: list[Hit],
    spans: list[tuple[int, int]],
    sentences: list[tuple[int, int]],
    heads: set[str],
) -> set[str]:
    """Purpose>data ties of the examples of a purpose cell, one sentence at a time.

    Family "examples under a row's purpose" ("To protect our users; Examples of processing
    activities: We analyze IP addresses to detect abuse. We use your location to ..."): each
    example is a statement of its own, so its data go with the purposes it names itself, and
    with the row's purpose only when it names none; the data of one example are not tied to
    the purpose of another, nor all of them to the row's purpose.
    """
    out: set[str] = set()
    for s_start, s_end in sentences:
        for e_start, e_end in spans:
            a, b = max(s_start, e_start), min(s_end, e_end)
            if a >= b:
                continue
            inside = [h.label for h in affirmed if a <= h.start < b]
            data = {f for f in inside if f.startswith("data.")}
            if not data:
                continue
            own = {f for f in inside if f.startswith("purpose.")}
            out |= ties((), own or heads, data)
    return out


#: A condition on the processing, up to the end of its clause: "depending on your location
#: and settings", "je nach Ihrem Wohnort", "dependiendo de su ubicación", "a seconda della
#: sua posizione", "afhankelijk van uw locatie". Not « en fonction de » or "based on": those
#: say what the processing uses.
_CONDITION = re.compile(
    r"\b(?:depending (?:on|upon)|je nach|dependiendo de|a seconda d\w*|afhankelijk van)\b"
    # A list in the condition ("your location, preferences and consent settings") runs to
    # the comma before the main clause's subject, or to an opening bracket, within 100
    # characters; else the condition is its next four words at most ("je nach Ihrem
    # Standort verwenden wir …" has no comma).
    r"(?:[^;.:()]{0,100}?(?=,\s*(?:we|you|our|they|it|this|these|wir|sie|nosotros|noi|wij)\b|\s*\()"
    r"|(?:\s+[^\s,;.:()]+){1,4})"
)
_CONDITION_HINT = re.compile(r"depending|je nach|dependiendo|a seconda|afhankelijk")


#: Family "a basis in a bracketed condition qualifies what comes before it" (overtie guard):
#: "to send you offers (where you have consented to this) and to rank search results" gives
#: consent to the offers only. The bracket opens with a condition word (en fr de es it nl),
#: or with an exception word: "to prevent fraud (except where the law obliges us)" names
#: the basis of that purpose's excepted cases, not of the sentence's other purposes.
_BRACKET_CONDITION = re.compile(
    r"\(\s*(?:where|when|if|provided|insofar|lorsque|lorsqu|quand|si|sous reserve|sofern"
    r"|soweit|wenn|falls|cuando|siempre que|en caso de que|quando|se|qualora|ove|laddove"
    r"|wanneer|indien|als|voor zover|mits"
    r"|except|unless|sauf|excepte|a moins|ausser|außer|es sei denn|salvo|excepto|a menos"
    r"|tranne|eccetto|a meno|behalve|tenzij|uitgezonderd)\b[^()]*\)"
)


def _bracket_basis_ties(
    folded: str, unit: tuple[int, int], unit_hits: list[Hit], purposes: set[str]
) -> tuple[set[str], set[str]]:
    """The bases a bracketed condition of ``unit`` names, and their ties to the purposes
    named before the bracket (``_BRACKET_CONDITION``). A bracket with no purpose before it
    ("(Where you agree) we use …") scopes nothing: its bases keep the unit's purposes."""
    scoped: set[str] = set()
    links: set[str] = set()
    spans: list[tuple[int, int]] = []
    for m in _BRACKET_CONDITION.finditer(folded, unit[0], unit[1]):
        inside = {h.label for h in unit_hits if m.start() < h.start < m.end()}
        bases = {f for f in inside if f.startswith("basis.")}
        # ... and only the list item it stands in: "to show ads; to prevent fraud (where
        # the law obliges us)" scopes the obligation to fraud, the item after the semicolon.
        item = folded.rfind(";", unit[0], m.start()) + 1
        before = {h.label for h in unit_hits if item <= h.start < m.start() and h.label in purposes}
        if bases and before:
            scoped |= bases
            links |= ties(bases, before, ())
            spans.append(m.span())
    # A basis named outside the brackets too is the whole sentence's.
    scoped -= {h.label for h in unit_hits if h.label in scoped and not _in_any(h.start, spans)}
    return scoped, links


#: What ends a clause inside a table cell: a semicolon (a ``<br>`` item), the underscore of
#: an italic label glued to its text ("…the individual_Where we …"), or a capitalised clause
#: opener straight after a lower-case word, where a line break was lost ("… a contract with
#: the individual Where we …"; « … du contrat Lorsque … »; „… des Vertrags Wenn …“).
_CELL_CLAUSE = re.compile(
    r";|(?<=\w)_|_(?=\w)|(?<=[a-zà-ÿß]) (?:Where|When|If|For|To|With|Unless|Once|Lorsque|Quand"
    r"|Si|Pour|Wenn|Soweit|Sofern|Für|Zur|Zum|Cuando|Si|Para|Quando|Per|Wanneer|Als|Voor)\b"
)


#: Family "a full stop lost after a closing bracket" (overtie guard): "… (e.g., messaging
#: content) Acme processes your data for security" starts a new sentence at the capitalised
#: subject when a processing verb follows it, at once or after one word ("Acme may use");
#: the two sentences' facts are not tied to each other. Language-agnostic: the verb is the
#: lexicon's ``[processing] cues`` word; the capital is read on the original text.
_BRACKET_SUBJECT = re.compile(
    r"\)[ \t]+(?=[A-ZÀ-ÖØ-Þ][\w'’&-]*[ \t]+(?:([a-zß-ÿ][\w'’-]*)[ \t]+)?([a-zß-ÿ][\w'’-]*))"
)


#: The end of an enumeration marker before its ")": "(ii", " b", "3".
_MARKER_END = re.compile(r"(?:^|[\s(])(?:[ivxIVX]{1,4}|[a-hA-H]|\d{1,2})$")


def _lost_stops(text: str, units: list[tuple[int, int]], lexicon: Lexicon) -> list[tuple[int, int]]:
    """``units`` cut where a closing bracket is followed by a capitalised subject and its
    processing verb (``_BRACKET_SUBJECT``): only the ties of the block are read on them."""
    cuts = [
        m.end()
        for m in _BRACKET_SUBJECT.finditer(text)
        if (
            fold(m.group(2)) in lexicon.processing_words
            or (m.group(1) is not None and fold(m.group(1)) in lexicon.processing_words)
        )
        # "(i) Payment processors who …", "a) We collect": an enumeration's marker, no aside.
        and not _MARKER_END.search(text, max(0, m.start() - 6), m.start())
    ]
    if not cuts:
        return units
    out: list[tuple[int, int]] = []
    for start, end in units:
        for cut in cuts:
            if start < cut < end:
                out.append((start, cut))
                start = cut
        out.append((start, end))
    return out


#: How far apart (characters) two bases of a basis cell may be and still share the purposes
#: that follow them ("with your consent or for our legitimate interests").
_BASIS_RUN = 30


def _basis_cell_ties(
    text: str,
    hits: list[Hit],
    cells: list[tuple[int, int]],
    roles: list[frozenset[str]],
    sentences: list[tuple[int, int]],
    silent: list[tuple[int, int]],
) -> tuple[set[str], list[Hit]]:
    """Basis>purpose ties a basis cell states itself, and the purpose hits it ties.

    Family "the basis followed by its own purposes" ("To comply with our contract to provide
    Services to you"; "To perform a contract with you, such as when you contact us for
    support"; "For our legitimate interests, including to: provide and improve our services.
    Marketing to inform users …"): a purpose goes with the bases named before it in its
    sentence (the nearest run of them), and with those of a sentence that opens a list
    (":" after its basis) for the sentences that follow, until the next basis. A purpose
    before any basis of its sentence ("Where we personalise …: legitimate interests") is
    not tied: such cells pair in both orders, and the order is not known.
    """
    out: set[str] = set()
    tied: list[Hit] = []
    for (start, end), role in zip(cells, roles, strict=False):
        if "basis" not in role:
            continue
        inside = [h for h in hits if start <= h.start < end and not _in_any(h.start, silent)]
        if not any(h.label.startswith("purpose.") for h in inside):
            continue
        current: set[str] = set()
        carried: set[str] = set()  # bases of a list lead-in ("including to:")
        run = False  # the last hit was a basis: a further basis joins the run
        last_basis = start
        # Where the last basis phrase starts: a clause break inside the phrase counts too
        # (a lexicon phrase may run over a glued label: "a contract_Where").
        basis_from = start
        for s_start, s_end in sentences:
            a, b = max(s_start, start), min(s_end, end)
            if a >= b:
                continue
            current = set(carried)
            for h in inside:
                if not a <= h.start < b:
                    continue
                if h.label.startswith("basis."):
                    # "consent or legitimate interests": bases a few words apart share a purpose.
                    joined = (
                        run
                        and h.start - last_basis <= _BASIS_RUN
                        and not _CELL_CLAUSE.search(text, basis_from, h.start)
                    )
                    current = (current | {h.label}) if joined else {h.label}
                    run = True
                    last_basis = max(last_basis, h.end)
                    basis_from = h.start + 1
                    carried = set()
                else:
                    run = False
                    if current and _CELL_CLAUSE.search(text, basis_from, h.start):
                        current = set(carried)  # a new clause of the cell: its own pairing
                    if current:
                        out |= ties(current, {h.label})
                        tied.append(h)
            if current and ":" in text[max(a, last_basis) : b]:
                carried = current
            run = False
    return out, tied


def _purpose_heads(
    text: str, cells: list[tuple[int, int]], roles: list[frozenset[str]], examples: list[int]
) -> list[tuple[int, int]]:
    """What names the row's purpose in each purpose cell: the cell up to its examples
    ("Examples of processing activities:", "For example"), else its first line when more
    lines follow, unless those lines are all short labels beside a basis cell."""
    heads = []
    # Family "a purpose column listing several purposes beside a legal-basis column"
    # ("A. Trip management; B. Customer support | Contract"): every label is the row's.
    basis_column = any("basis" in role for role in roles)
    for (start, end), role in zip(cells, roles, strict=False):
        if "purpose" in role:
            marks = [pos for pos in examples if start < pos < end]
            cut = min(marks) if marks else text.find("; ", start, end)
            if basis_column and not marks and cut > start and _label_list(text[start:end]):
                cut = end
            if cut > start:
                heads.append((start, cut))
    return heads


#: A cell item that is a sentence, not a label: a full stop, "?", "!" or ":" before more
#: words ("Account creation. We use your email to …"; "Marketing: we send you offers").
_ITEM_SENTENCE = re.compile(r"[.?!:]\s+\S")
#: A bracketed aside of a label ("Platform services (where not required by a contract)").
_ITEM_ASIDE = re.compile(r"\([^()]*\)")
#: The longest item still read as a label, in words outside its brackets.
_LABEL_WORDS = 8


def _label_list(cell: str) -> bool:
    """True when every ``<br>`` item of a purpose cell is a short label ("A. Trip management;
    B. Customer support; C. Fraud prevention"): such a cell names several purposes of the
    row, where a first line followed by sentences names the row's purpose and describes it."""
    items = [_NUMBERING.sub("", item.lower()) for item in cell.split(_CELL_ITEM)]
    return len(items) > 1 and all(
        item.strip()
        and not _ITEM_SENTENCE.search(_ITEM_ASIDE.sub("", item))
        and len(_ITEM_ASIDE.sub("", item).split()) <= _LABEL_WORDS
        for item in items
    )


#: What opens a clause inside a parenthesis: the bracket itself, a comma, a semicolon or a
#: spaced dash ("(including AI training - click here for more information)").
_ASIDE_BREAK = re.compile(r"[(,;]|\s[-\u2013\u2014]\s")


#: How many legal bases one sentence names, as alternatives, to be a list of the grounds
#: relied on rather than the basis of its purposes (``analyze_block``).
_GROUNDS_LIST = 3


def _open_bases(text: str, start: int, unit_hits: list[Hit]) -> set[str]:
    """The bases a unit names outside brackets: those a list of grounds offers as alternatives
    ("We rely on legitimate interests for …: … (except where we have a legal obligation or
    your consent)" names one, its bracket an exception)."""
    return {
        h.label
        for h in unit_hits
        if h.label.startswith("basis.")
        and text.count("(", start, h.start) <= text.count(")", start, h.start)
    }


#: The ``[no_processing]`` families (cue labels) whose scope ends with their parenthesis:
#: pointers. A right or a retention period in brackets often names what the whole sentence
#: does ("If you no longer want our ads (exercising your right to object), contact us"),
#: so those keep silencing their sentence.
ASIDE = "np:pointers"


def aside_scope(folded: str, sentence: tuple[int, int], pos: int) -> tuple[int, int]:
    """What a pointer at ``pos`` silences: its sentence, or, when the pointer sits in a
    parenthesis that closes within the sentence, only its clause of that parenthesis.

    A parenthesis is an aside: "We use your posts to train AI models (click here for more
    information)" still states the training, and "(including AI training - see here for
    details)" still states it before the dash. A pointer outside any parenthesis, or in
    one left open, keeps its whole sentence quiet.
    """
    start, end = sentence
    depth = 0
    opening = -1
    for i in range(pos - 1, start - 1, -1):
        ch = folded[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                opening = i
                break
            depth -= 1
    if opening < 0:
        return sentence
    closing = folded.find(")", pos, end)
    if closing < 0:
        return sentence
    cut = opening
    for m in _ASIDE_BREAK.finditer(folded, opening, pos):
        cut = m.start()
    return cut, closing + 1


#: Cue labels of words pointing back at an earlier sentence: "back:data" ("this
#: information", "ces données", "diese Daten"), "back:purpose" ("for these purposes", "à
#: cette fin", "zu diesem Zweck"), "back:both" ("this processing", "ce traitement").
BACK = "back:"
#: The back-references that point at an earlier sentence's purposes.
_BACK_PURPOSES = frozenset({BACK + "purpose", BACK + "both"})


def resolve_back(
    labels: set[str],
    purposes: set[str],
    data: set[str],
    before_purposes: set[str],
    before_data: set[str],
) -> tuple[set[str], set[str]]:
    """A sentence's purposes and data once its back-references are resolved.

    Reference family: a sentence that names no purpose (or no data) of its own but points
    back ("We use this information to personalise ads", "For this purpose, we use your IP
    address", "We base this processing on our legitimate interests") speaks of those of the
    last sentence before it, in the same paragraph or item, that named some. Its own words
    always win: "this information includes your location" keeps its location.
    """
    if not labels:
        return purposes, data
    if not purposes and labels & {BACK + "purpose", BACK + "both"}:
        purposes = before_purposes
    if not data and labels & {BACK + "data", BACK + "both"}:
        data = before_data
    return purposes, data


def within_cells(
    sentences: list[tuple[int, int]], cells: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """A row's sentences, each cut at the edges of its cells' items (``_item_spans``).

    Scope family: a cell, and an item of a cell (its ``<br>`` lines), ends every sentence,
    full stop or not. A right, a pointer or a negation in one cell or item ("Consent<br>You
    can withdraw your consent at any time") silences or denies what its own item says, not
    the basis above it nor the purpose and data of the cells beside it.
    """
    if len(cells) < 2:
        return sentences
    out: list[tuple[int, int]] = []
    for a, b in sentences:
        for c, d in cells:
            start, end = max(a, c), min(b, d)
            if start < end:
                out.append((start, end))
    return out


def _in_any(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def analyze_block(
    text: str,
    lexicon: Lexicon,
    *,
    tokens: Tokens | None = None,
    sentences: list[tuple[int, int]] | None = None,
    inherited: frozenset[str] = frozenset(),
    section_purposes: frozenset[str] = frozenset(),
    roles: list[frozenset[str]] | None = None,
    is_row: bool = False,
    is_item: bool = False,
    with_links: bool = True,
    context: bool = False,
    skip: list[tuple[int, int]] | None = None,
    hits: list[Hit] | None = None,
    shared: frozenset[int] = frozenset(),
    prior: tuple[frozenset[str], frozenset[str]] | None = None,
    lead: tuple[frozenset[str], frozenset[str]] | None = None,
) -> BlockFacts:
    """Affirmed and denied fact hits of one block, the links it states explicitly, its controls.

    Facts come only from *processing statements*: sentences that say data is collected,
    used, shared, kept, inferred or trained on (``[processing] cues``), or any sentence of a
    list item or row under a heading, lead-in or table header that says so (``context``).
    Sentences of the ``[no_processing]`` families (rights, pointers, discouragements,
    definitions, retention, controller identity) never state facts. ``skip`` spans
    (announcement sentences) are read by the announcement parser instead. ``hits`` are the
    block's fact hits (``split_cues``), when the caller has them already. ``shared`` are
    the columns of a row whose cell every row of its table repeats (``shared_cells``): their
    data are stated but tied to no purpose of the row. ``prior`` are the purposes and data of
    the paragraph before, under the same heading (its ``last``): the purposes the block's
    first sentence may point back at. ``lead`` are those of the lead-in paragraph a list item
    continues ("To detect fraud, we collect:"): what the item names none of, it takes.
    """
    if tokens is None:
        tokens = Tokens(fold(text))
    folded = tokens.folded
    if hits is None:
        hits = split_cues(lexicon.facts.find(tokens))[0]
    if not may_state(hits, roles):
        return EMPTY
    cells = cell_spans(text) if roles else []
    if roles:
        hits = list(hits)
        for (start, end), role in zip(cells, roles, strict=False):
            if "basis" in role:
                cell_hits = lexicon.cells.find(folded[start:end])
                hits += [Hit(h.label, h.start + start, h.end + start) for h in cell_hits]
    hits = clean_hits(hits)
    if not may_state(hits, None):
        return EMPTY  # recipients alone state nothing
    if sentences is None:
        sentences = sentence_spans(text, lexicon.sentence_starters)
    # A row's cells cut at their ``<br>`` items: they end its sentences and scope its controls.
    row_items = _item_spans(text, cells or cell_spans(text)) if is_row or roles else []
    if is_row:
        sentences = within_cells(sentences, row_items)

    # Which sentences may state facts.
    cues = lexicon.cues.find(tokens)
    quiet = [
        aside_scope(folded, sentences[span_index(sentences, h.start)], h.start)
        if h.label.startswith(ASIDE)
        else sentences[span_index(sentences, h.start)]
        for h in cues
        if h.label.startswith("np:")
        and (not h.label.endswith(OPENING) or opens_clause(folded, sentences, h.start))
    ]
    # A question ("Does X collect information from children?") asks; it states nothing.
    if "?" in text:
        quiet += [(a, b) for a, b in sentences if text[a:b].rstrip(" *_").endswith("?")]
    stating: list[tuple[int, int]] = []
    if not context and not lexicon.has_processing_cues:
        context = True  # a lexicon without processing cues: every sentence may state facts
    if not context:
        if is_row or is_item:
            # A row or list item is one statement: a cue anywhere in it makes it processing.
            context = lexicon.processing_words.any_in(tokens.words) or any(
                c.label == "proc" for c in cues
            )
        else:
            proc = [c for c in cues if c.label == "proc"]
            stating = lexicon.processing_spans(tokens, sentences, proc)
    skip = skip or []
    if roles:
        table_roles = frozenset().union(*roles)
        cell_starts = [(a, a) for a, _ in cells]

    def states(h: Hit) -> bool:
        if _in_any(h.start, skip) or _in_any(h.start, quiet):
            return False
        if not context and not _in_any(h.start, stating):
            return False
        if roles:
            cell = span_index(cell_starts, h.start)
            return cell < len(roles) and (
                _keep_in_cell(h.label, roles[cell], table_roles)
                or _processed_in_cell(h, cells[cell][0], roles[cell], folded, lexicon)
            )
        return True

    # One pass over the hits, each facet looked up once (in the order of ``hits``).
    controls: list[Hit] = []
    recipients: list[Hit] = []
    facts: list[Hit] = []
    for h in _drop_nested_purposes(hits):
        kind = facet(h.label)
        if kind == "control":
            if not _in_any(h.start, skip):
                controls.append(h)
        elif kind == "recipient":
            if states(h):
                recipients.append(h)
        elif kind in FACT_FACETS and states(h):
            facts.append(h)
    sales = [h for h in cues if h.label == "sale" and states(h)] if facts else []
    if sales:
        goods = [h for h in cues if h.label == "nosale"]
        sales = [h for h in sales if not any(g.start < h.end and h.start < g.end for g in goods)]
    if not facts and not controls:
        return EMPTY
    checked = facts + controls + recipients + sales
    denied_idx = negated_hits(tokens, sentences, checked, lexicon, cues)
    affirmed = [h for i, h in enumerate(facts) if i not in denied_idx]
    denied = [h for i, h in enumerate(facts) if i in denied_idx]
    n = len(facts)
    kept_controls = [h for i, h in enumerate(controls, n) if i not in denied_idx]
    n += len(controls)
    kept_recipients = [h for i, h in enumerate(recipients, n) if i not in denied_idx]
    n += len(recipients)
    sale_affirmed = sale_denied = False
    for i, h in enumerate(sales, n):
        sentence = sentences[span_index(sentences, h.start)]
        sharing = [f for f in facts if f.label == SHARING and sentence[0] <= f.start < sentence[1]]
        if not sharing:
            continue
        if i in denied_idx:
            sale_denied = True
        else:
            sale_affirmed = True

    units = [(0, len(text))] if is_row else sentences
    if not with_links:
        units = []
    elif not is_row and ")" in text:
        units = _lost_stops(text, units, lexicon)
    # A purpose cell opens with the row's purpose and may go on with examples ("To provide
    # our services; Examples: we use your IP address to ... detect fraud ..."): the
    # examples' purposes are stated, but the row's basis and data belong to its first line.
    examples = [c.start for c in cues if c.label == "ex"]
    heads = _purpose_heads(text, cells, roles, examples) if roles else []
    # The examples of a purpose cell are tied sentence by sentence (``_example_ties``).
    example_spans = _example_spans(cells, roles, examples) if heads and examples else []
    # Data the row does not tie to its own purpose: its examples' (tied per sentence) and
    # those of a cell every row repeats.
    untied = example_spans + [cells[i] for i in sorted(shared) if i < len(cells)]
    links: set[str] = set()
    # What the last sentence with facts spoke of, for the next one that points back at it;
    # the block's back-references, looked for once, when a sentence lacks what one before had.
    before_purposes: set[str] = set()
    before_data: set[str] = set()
    # Family "a paragraph that opens by pointing back at a purpose" ("We base this
    # processing on our legitimate interests", « À cette fin, nous utilisons … »,
    # „Rechtsgrundlage für diese Verarbeitung ist …"): its first sentence speaks of the
    # purposes of the last one of the paragraph before. Not of its data: "We use this
    # information to …" stays within its paragraph.
    from_prior = bool(prior and units and prior[0])
    if from_prior:
        before_purposes = set(prior[0])
    backs: list[Hit] | None = None
    # ``affirmed`` is in text order (``clean_hits`` sorts): a unit's hits are one slice of it.
    affirmed_starts = [h.start for h in affirmed]
    # Inline enumeration markers, looked for only where two brackets could make one.
    marks = (
        [m.start() for m in _MARKER.finditer(text)]
        if units and not is_row and text.count("(") > 1
        else []
    )
    # Family "a condition, not the processing": the data or basis named in "depending on your
    # location and consent settings, we may send you marketing emails" decide whether the
    # processing happens; they are not what it uses, nor its ground: stated, never tied.
    # Nor is a purpose it names ("depending on how you set up your account, we collect your
    # date of birth") the processing's purpose.
    conditions = (
        [m.span() for m in _CONDITION.finditer(folded)]
        if units and _CONDITION_HINT.search(folded)
        else []
    )
    # What the last unit and the one before it named (``BlockFacts.lead``).
    final: tuple[set[str], set[str]] = (set(), set())
    penult: tuple[set[str], set[str]] = (set(), set())
    # Family "a bare lead-in speaks of the sentence before it" skips a sentence that denies,
    # even with an exception ("Staff do not access your content unless required for security
    # reasons. We use personal data for the following:").
    denials = [c.start for c in denial_cues(cues)]
    final_denies = False
    #: The sentences that list the legal grounds (family "a list of the legal grounds").
    grounds: list[tuple[int, int]] = []
    for u_index, (u_start, u_end) in enumerate(units):
        if u_index:
            final, penult = (set(), set()), ((set(), set()) if final_denies else final)
            final_denies = False
        if from_prior and u_start > units[0][0]:
            before_purposes, before_data = set(), set()
            from_prior = False
        first = bisect_left(affirmed_starts, u_start)
        last = bisect_left(affirmed_starts, u_end, first)
        if first == last:
            continue
        in_unit = [
            h.label
            for h in affirmed[first:last]
            if not (untied and h.label.startswith("data.") and _in_any(h.start, untied))
            and not (conditions and _in_any(h.start, conditions))
        ]
        bases = {f for f in in_unit if f.startswith("basis.")}
        purposes = {f for f in in_unit if f.startswith("purpose.")}
        data = {f for f in in_unit if f.startswith("data.")}
        if (before_purposes and not purposes) or (before_data and not data):
            if backs is None:
                backs = lexicon.back.find(tokens)
            labels = {c.label for c in backs if u_start <= c.start < u_end}
            if bases and not purposes and BACK + "data" in labels:
                # Family "the basis of the data just described" ("We process your IP address
                # to market our services. The legal basis for processing this data is our
                # legitimate interest"): a sentence naming only a basis speaks of the
                # processing before it, its purposes too.
                labels.add(BACK + "purpose")
            purposes, data = resolve_back(labels, purposes, data, before_purposes, before_data)
        if lead and not u_index:
            # Family "a lead-in naming what its list items do not" ("To detect fraud, we
            # collect: • your IP address"; "We use your data to train our models. The legal
            # bases we rely on are: • consent"): the item's first sentence finishes the
            # lead-in's.
            purposes = purposes or set(lead[0])
            data = data or set(lead[1])
        purposes = purposes or set(section_purposes)
        if heads:
            # The row's purpose is its first line, even when that line names no purpose
            # of ours ("To develop new services"): the examples' purposes are not the row's.
            purposes = _head_purposes(affirmed, heads)
        if example_spans:
            links |= _example_ties(affirmed, example_spans, sentences, purposes)
        items = _enumeration(marks, u_start, u_end) if marks else []
        if items:
            links |= _item_ties(affirmed[first:last], items, inherited, purposes, data)
        elif not is_row and len(_open_bases(text, u_start, affirmed[first:last])) >= _GROUNDS_LIST:
            # Family "a list of the legal grounds" ("we rely on your consent, the contract
            # with you, or to comply with our legal obligations"): it says which grounds
            # exist, not which purpose each covers; its bases tie to no purpose, and the
            # consent it names ("where you have given your consent") is a ground, no control.
            links |= ties(inherited, purposes, data)
            grounds.append((u_start, u_end))
        elif bases and not is_row and "(" in text[u_start:u_end]:
            scoped, scoped_links = _bracket_basis_ties(
                folded, (u_start, u_end), affirmed[first:last], purposes
            )
            links |= scoped_links | ties((bases - scoped) | inherited, purposes, data)
        else:
            links |= ties(bases | inherited, purposes, data)
        final = (purposes, data)
        final_denies = bool(denials) and any(u_start <= pos < u_end for pos in denials)
        if from_prior:
            # The paragraph before is spoken of by this sentence only, never by the next.
            before_purposes, before_data = set(purposes), set(data)
            from_prior = False
        else:
            before_purposes = purposes or before_purposes
            before_data = data or before_data

    if roles and with_links and any("basis" in r for r in roles):
        cell_hits = [
            h for h in _drop_nested_purposes(hits) if facet(h.label) in ("basis", "purpose")
        ]
        denied_in = negated_hits(tokens, sentences, cell_hits, lexicon, cues)
        cell_links, cell_purposes = _basis_cell_ties(
            text,
            [h for i, h in enumerate(cell_hits) if i not in denied_in],
            cells,
            roles,
            sentences,
            quiet + skip,
        )
        if cell_links:
            links |= cell_links
            # A purpose a basis cell ties is stated by the row, as its tie is.
            known = {(h.label, h.start) for h in affirmed}
            extra = [h for h in cell_purposes if (h.label, h.start) not in known]
            if extra:
                affirmed = sorted([*affirmed, *extra], key=lambda h: (h.start, -h.end, h.label))
    if kept_controls:
        if roles:
            # A row is one statement: a control in a cell item naming no purpose speaks for
            # the row's purposes (its purpose cell's first line, when it has one); one in a
            # recipients cell speaks for that disclosure only.
            row = {h.label for h in affirmed if h.label.startswith("purpose.")}
            if heads:
                row = _head_purposes(affirmed, heads) or row
            tying = [
                h
                for h in kept_controls
                if not _disclosure_only(
                    roles[min(span_index(cell_starts, h.start), len(roles) - 1)]
                )
            ]
            links |= control_ties(tying, affirmed, row_items, row=row)
        else:
            if backs is None:
                backs = lexicon.back.find(tokens)
            pointing = [c.start for c in backs if c.label in _BACK_PURPOSES]
            tying = [c for c in kept_controls if not _in_any(c.start, grounds)]
            named = [
                h
                for h in hits
                # A purpose in brackets is an aside (a menu path, an example), not what is named.
                if h.label.startswith("purpose.") and open_bracket(folded, 0, h.start) < 0
            ]
            links |= control_ties(tying, affirmed, sentences, pointing=pointing, named=named)
    return BlockFacts(
        affirmed,
        denied,
        frozenset(links),
        controls=frozenset(h.label for h in kept_controls),
        control_hits=tuple(kept_controls),
        recipients=frozenset(h.label for h in kept_recipients),
        sale=sale_affirmed,
        sale_denied=sale_denied and not sale_affirmed,
        last=(frozenset(before_purposes), frozenset(before_data)),
        lead=_lead(final, penult, text, units, tokens, lexicon, backs),
    )


def _lead(
    final: tuple[set[str], set[str]],
    penult: tuple[set[str], set[str]],
    text: str,
    units: list[tuple[int, int]],
    tokens: Tokens,
    lexicon: Lexicon,
    backs: list[Hit] | None,
) -> tuple[frozenset[str], frozenset[str]]:
    """What a block's list items take when it is their lead-in (``BlockFacts.lead``): what
    its last sentence names; when that sentence names nothing ("The legal bases we rely on
    are:"), the purposes of the sentence before it, and its data too when the last sentence
    points back at them ("We collect your email address. We use it for the following:")."""
    if final[0] or final[1]:
        return frozenset(final[0]), frozenset(final[1])
    data: set[str] = set()
    if penult[1] and units and text.rstrip().endswith(":"):
        if backs is None:
            backs = lexicon.back.find(tokens)
        start, end = units[-1]
        if any(start <= c.start < end and c.label in (BACK + "data", BACK + "both") for c in backs):
            data = penult[1]
    return frozenset(penult[0]), frozenset(data)


def _head_purposes(affirmed: list[Hit], heads: list[tuple[int, int]]) -> set[str]:
    """The purposes a row's purpose cell names in its first line (``_purpose_heads``): the
    row's own, not those of the examples after it."""
    return {h.label for h in affirmed if h.label.startswith("purpose.") and _in_any(h.start, heads)}


#: Where a table cell's items part (``<br>`` and list items inside a cell become "; ").
_CELL_ITEM = "; "


def _item_spans(text: str, cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The items of a row's cells, in text order: each cell cut at its ``<br>`` items."""
    out: list[tuple[int, int]] = []
    for start, end in cells:
        while True:
            cut = text.find(_CELL_ITEM, start, end)
            if cut < 0:
                out.append((start, end))
                break
            out.append((start, cut))
            start = cut + len(_CELL_ITEM)
    return out


def control_ties(
    controls: Iterable[Hit],
    affirmed: list[Hit],
    scopes: list[tuple[int, int]],
    *,
    row: set[str] | None = None,
    pointing: list[int] | None = None,
    named: list[Hit] | None = None,
) -> set[str]:
    """Links of each control to the purposes it speaks for.

    Scope family: a control ("you can opt out", "with your consent") speaks for the purposes
    of its own sentence (``scopes``), or of its own item of a table cell ("Improving our
    products, unless you opt out in your settings; Complying with legal obligations"): a
    consent to marketing e-mails in one sentence is no consent to the fraud checks of the
    next. A control whose sentence or item names no purpose speaks for
    - the row's purposes (``row``), in a table row: the row is one statement;
    - the purposes of the last sentence before it that named some, when its sentence
      points back ("You can object to this processing", « Vous pouvez vous opposer à ce
      traitement »: ``pointing``, the positions of the block's back-references);
    - else the block's purpose, when the block states only one ("You can opt out in your
      settings" after "We use your posts to train AI"). After "We use your location for
      ads and to detect fraud", "you can opt out of the collection of your location" does
      not say which use it stops: it ties nothing.
    A rights sentence alone ("you can opt out of the sale of your data") states no purpose,
    so it ties nothing. A control whose sentence names a purpose without stating it
    (``named``: every purpose hit of the block, stated or not, outside brackets: "(scroll
    down to Opt Out of Targeted Advertising)" is a menu path) speaks only for that purpose,
    when the block states it: "You also have the right to opt out of targeted advertising"
    after "We use your data to provide our services" says which use it stops, and that is
    not the service.
    """
    purposes = [h for h in affirmed if h.label.startswith("purpose.")]
    block = {h.label for h in purposes}
    out: set[str] = set()
    for c in controls:
        start, end = scopes[span_index(scopes, c.start)]
        own = {h.label for h in purposes if start <= h.start < end}
        if not own:
            if row is not None:
                own = row
            elif pointing and any(start <= pos < end for pos in pointing):
                before = [h for h in purposes if h.start < start]
                if before:
                    s_start, s_end = scopes[span_index(scopes, before[-1].start)]
                    own = {h.label for h in before if s_start <= h.start < s_end}
            elif len(block) == 1:
                says = {h.label for h in named or () if start <= h.start < end}
                own = block & says if says else block
        out |= ties(purposes=own, controls=(c.label,))
    return out


def _evidence(text: str, offset: int, hits: Iterable[Hit]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(text[h.start : h.end], offset + h.start, offset + h.end, h.label) for h in hits
    )


def split_facets(ids: Iterable[str]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(bases, purposes, data categories) among ``ids``."""
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
    if affirmed_ids or facts.links:
        bases, purposes, data = split_facets(affirmed_ids)
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
                evidence=_evidence(block.text, offset, [*facts.affirmed, *facts.control_hits]),
                links=facts.links,
                controls=facts.controls,
                recipients=facts.recipients,
                sale=facts.sale,
            )
        )
    denied_ids = {h.label for h in facts.denied} - affirmed_ids
    if facts.sale_denied:
        # "We do not sell personal data" beside "we share it with service providers".
        denied_ids |= {h.label for h in facts.denied if h.label == SHARING}
    if denied_ids:
        bases, purposes, data = split_facets(denied_ids)
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
                sale=facts.sale_denied,
            )
        )
    return out
