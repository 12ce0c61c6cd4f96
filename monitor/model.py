"""Plain data passed between the stages of noticewatch.

Every stage of the functional core (extract, check, analyze, diff) takes and
returns these frozen dataclasses, so each stage can be tested and benchmarked
without a network, a reactor or a database. Scrapy items, SQLAlchemy rows and
alert payloads are converted to and from them at the edges.
"""

from __future__ import annotations

import hashlib
import operator
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Literal, TypeVar

BlockKind = Literal["heading", "paragraph", "list_item", "table_row", "preformatted"]

_T = TypeVar("_T", bound=type)


def pickled_by_position(cls: _T) -> _T:
    """Pickle a frozen slots dataclass as the tuple of its fields, read in C.

    A reader process sends each page's document and facts back to the crawl's
    process (``crawler.readers``): a few thousand of these objects per page.
    ``dataclasses``' own pickling of frozen slots classes calls ``fields()`` for
    every object, on both sides; this reads the values with one ``attrgetter``
    and sets them back in order, the same objects for a third less time.
    """
    names = tuple(f.name for f in fields(cls))
    values = operator.attrgetter(*names)
    single = len(names) == 1

    def getstate(self: Any) -> tuple[Any, ...]:
        return (values(self),) if single else values(self)

    def setstate(self: Any, state: tuple[Any, ...] | list[Any]) -> None:
        # A list is what dataclasses' own pickling wrote (a lexicon cache from before).
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    cls.__getstate__ = getstate  # type: ignore[attr-defined]
    cls.__setstate__ = setstate  # type: ignore[attr-defined]
    return cls


def text_sha256(text: str) -> str:
    """The hash that names a version's text (``VersionRow.text_sha256``): same text, same hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pickled_by_position
@dataclass(frozen=True, slots=True)
class Block:
    """One unit of a notice: a heading, a paragraph, a list item or a table row.

    Blocks are the lines of the normalized text, so a line diff is a block diff
    and every hunk can name the section it sits in.
    """

    kind: BlockKind
    text: str
    #: Heading level 1-6 for headings, 0 otherwise.
    level: int = 0
    #: Texts of the headings above this block, outermost first (a heading's own
    #: path does not include itself).
    path: tuple[str, ...] = ()

    def render(self) -> str:
        """The block as one line of normalized text (Markdown-like markers)."""
        if self.kind == "heading":
            return "#" * max(1, self.level) + " " + self.text
        if self.kind == "list_item":
            return "- " + self.text
        return self.text


@pickled_by_position
@dataclass(frozen=True, slots=True)
class Document:
    """The normalized content of one fetched notice."""

    blocks: tuple[Block, ...]
    title: str | None = None
    #: ISO 639-1 code declared by the page (``<html lang>``) or the watchlist.
    language: str | None = None
    #: Which extractor produced it; a change here means "re-extraction".
    extractor_version: str = ""
    #: The media type the document was extracted from (text/html, application/pdf, ...).
    source_type: str = "text/html"

    @property
    def text(self) -> str:
        """Normalized text: one block per line, deterministic byte for byte."""
        return "\n".join(block.render() for block in self.blocks)

    @property
    def lines(self) -> list[str]:
        return [block.render() for block in self.blocks]


# --------------------------------------------------------------------------- facts


@pickled_by_position
@dataclass(frozen=True, slots=True)
class Evidence:
    """The words that prove a fact, with their place in the document text."""

    text: str
    #: Character offsets in ``Document.text``.
    start: int
    end: int
    #: Taxonomy id this evidence supports, e.g. ``purpose.ai_training``.
    fact: str = ""


@pickled_by_position
@dataclass(frozen=True, slots=True)
class Statement:
    """What one block says: which bases, purposes and data categories it ties together."""

    section_path: tuple[str, ...]
    block_kind: BlockKind
    text: str
    legal_bases: frozenset[str] = frozenset()
    purposes: frozenset[str] = frozenset()
    data_categories: frozenset[str] = frozenset()
    #: "We do not use your messages to train ..." is a statement about non-use.
    negated: bool = False
    #: Bases taken from the heading above rather than from the block's own words.
    inherited_bases: frozenset[str] = frozenset()
    evidence: tuple[Evidence, ...] = ()
    #: Ties the block states explicitly ("basis.x>purpose.y", "purpose.y>data.z",
    #: "purpose.y>control.opt_out"): within one sentence, one table row, or a purpose under
    #: a heading naming its basis. Controls tie to the purposes of the whole block.
    links: frozenset[str] = frozenset()
    #: How the person controls the processing: "control.consent" (asked first, opt-in),
    #: "control.opt_out" (done unless the person objects or switches it off).
    controls: frozenset[str] = frozenset()
    #: Who receives the data when the statement shares it ("recipient.data_brokers", ...).
    recipients: frozenset[str] = frozenset()
    #: The statement says the data is *sold* ("we may sell or share ..."), or with
    #: ``negated``, that it is not ("we do not sell your personal information").
    sale: bool = False

    @property
    def facts(self) -> frozenset[str]:
        return self.legal_bases | self.purposes | self.data_categories


@pickled_by_position
@dataclass(frozen=True, slots=True)
class Announcement:
    """A change the notice announces for a later date ("from 3 November 2025 we will ...")."""

    effective_date: str | None  # ISO date when parseable
    text: str
    start: int
    #: Ids, links ("basis.x>purpose.y") and controls ("control.opt_out") the announcement names.
    facts: frozenset[str] = frozenset()


@pickled_by_position
@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the analyzer found in one document."""

    language: str
    statements: tuple[Statement, ...] = ()
    effective_date: str | None = None
    announcements: tuple[Announcement, ...] = ()
    analyzer_version: str = ""
    #: Every basis, purpose and data category the notice names anywhere, in a statement
    #: or not ("you can turn off location history"): the loose reading the differ uses to
    #: tell a fact new to the notice from one it already spoke of.
    mentioned: frozenset[str] = frozenset()

    def all_ids(self) -> frozenset[str]:
        """Every basis, purpose and category stated affirmatively somewhere."""
        ids: set[str] = set()
        for st in self.statements:
            if not st.negated:
                ids |= st.facts
        return frozenset(ids)


def pickled_flat(cls: _T, nested: dict[str, type]) -> _T:
    """Pickle ``cls`` with its ``nested`` fields' items (and theirs) as tuples of values.

    A page's facts are about 2,000 objects (statements and their evidence) and its
    document a few hundred blocks: pickled one by one, each costs a Python call both
    ways. Here one generated function per class reads a whole tree into tuples of
    plain values, which pickle writes and reads in C, and one rebuilds it by
    construction: for a peers page 3.6 -> 2.2 ms to pickle in the reader process
    and 4.4 -> 3.6 ms to load in the crawl's. Only used between processes of one
    version (``crawler.readers``); nothing pickled this way is stored.
    """
    _STATES[cls] = _flat_code(cls, nested)
    cls.__reduce__ = _reduce_flat  # type: ignore[method-assign,assignment]
    return cls


#: cls -> (state, build): what :func:`pickled_flat` generated for it.
_STATES: dict[type, tuple[Any, Any]] = {}


def _reduce_flat(self: Any) -> tuple[Any, tuple[Any, ...]]:
    return _from_state, (type(self), _STATES[type(self)][0](self))


def _from_state(cls: type, state: tuple[Any, ...]) -> Any:
    return _STATES[cls][1](state)


def _flat_code(cls: type, nested: dict[str, type]) -> tuple[Any, Any]:
    """(state, build) functions for ``cls``, generated from its fields (as ``dataclasses``
    generates ``__init__``): state gives a tuple, a nested field a tuple of its items'
    states; build calls ``cls`` with the fields in order."""
    env: dict[str, Any] = {"cls": cls, "tuple": tuple, "map": map}
    states, builds = [], []
    for i, f in enumerate(fields(cls)):  # type: ignore[arg-type]
        item = nested.get(f.name)
        if item is None:
            states.append(f"obj.{f.name}")
            builds.append(f"v[{i}]")
            continue
        if item in _STATES:  # an item class with nested fields of its own
            env[f"state{i}"], env[f"build{i}"] = _STATES[item]
            states.append(f"tuple(map(state{i}, obj.{f.name}))")
            builds.append(f"tuple([build{i}(x) for x in v[{i}]])")
        else:  # plain fields only: its values in order, and back by position
            names = [g.name for g in fields(item)]
            if len(names) < 2:  # attrgetter of one name gives the bare value
                raise TypeError(f"{item.__name__}: flat pickling needs two fields or more")
            env[f"state{i}"] = operator.attrgetter(*names)
            env[f"item{i}"] = item
            states.append(f"tuple(map(state{i}, obj.{f.name}))")
            builds.append(f"tuple([item{i}(*x) for x in v[{i}]])")
    code = (
        f"def state(obj):\n    return ({', '.join(states)},)\n"
        f"def build(v):\n    return cls({', '.join(builds)})\n"
    )
    exec(code, env)  # built from the field names (identifiers) only
    return env["state"], env["build"]


pickled_flat(Statement, {"evidence": Evidence})
pickled_flat(Facts, {"statements": Statement})
pickled_flat(Document, {"blocks": Block})


# --------------------------------------------------------------------------- changes


class Severity(StrEnum):
    """How much a new version matters to the people watching the notice."""

    MATERIAL = "material"  # a basis, purpose or data category (or a link between them) changed
    EDITORIAL = "editorial"  # the text changed, the facts did not
    REEXTRACTION = "reextraction"  # same page, newer extractor: recorded, never alerted
    FIRST = "first"  # first version of a target: nothing to compare with
    NONE = "none"  # only markup/whitespace/volatile tokens: no version recorded

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.NONE: 0,
    Severity.REEXTRACTION: 0,
    Severity.FIRST: 1,
    Severity.EDITORIAL: 1,
    Severity.MATERIAL: 2,
}

DiffOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class Hunk:
    """One changed region of the text, tied to the section it belongs to."""

    section_path: tuple[str, ...]
    old_start: int  # 0-based line numbers
    new_start: int
    old_lines: tuple[str, ...]
    new_lines: tuple[str, ...]
    #: Word-level refinement: (op, text) pairs covering old and new lines of the hunk.
    words: tuple[tuple[DiffOp, str], ...] = ()

    @property
    def summary(self) -> str:
        where = " › ".join(self.section_path) or "(top)"
        parts = []
        if self.new_lines:
            parts.append(f"+{len(self.new_lines)}")
        if self.old_lines:
            parts.append(f"-{len(self.old_lines)}")
        return f"{where}: {' '.join(parts)} line{'s' if max(len(self.new_lines), len(self.old_lines)) != 1 else ''}"


@dataclass(frozen=True, slots=True)
class DiffStats:
    lines_added: int = 0
    lines_removed: int = 0
    chars_added: int = 0
    chars_removed: int = 0


@dataclass(frozen=True, slots=True)
class TextDiff:
    hunks: tuple[Hunk, ...]
    stats: DiffStats


@dataclass(frozen=True, slots=True)
class FactChange:
    """One delta between two versions' facts, in plain words with evidence."""

    op: Literal["added", "removed"]
    #: A taxonomy id (``purpose.ai_training``) or a link (``basis.legitimate_interests>purpose.ai_training``).
    fact: str
    description: str
    old_evidence: tuple[str, ...] = ()
    new_evidence: tuple[str, ...] = ()


CardKind = Literal["purpose", "data", "basis", "announcement", "fact"]
CardStatus = Literal["added", "removed", "changed", "announced"]


@dataclass(frozen=True, slots=True)
class Card:
    """One thing a lawyer reads in a change: a purpose (or data category, basis, announcement)
    that appeared, disappeared or changed, with everything tied to it.

    A change report is a list of cards, most important first; link changes that merely
    follow from a new purpose or category live inside its card, not as items of their own.
    """

    kind: CardKind
    status: CardStatus
    #: The taxonomy id the card is about: "purpose.ai_training", "data.health", "basis.consent",
    #: or "announcement". A ``fact`` card is a delta item no other card explains (a control or
    #: recipient stated on its own), shown as it is so nothing in the delta goes unreported.
    subject: str
    #: Legal bases tied to the subject before and after (purpose cards).
    bases_old: tuple[str, ...] = ()
    bases_new: tuple[str, ...] = ()
    #: Data categories tied to the purpose that came and went, and all tied to it now.
    data_added: tuple[str, ...] = ()
    data_removed: tuple[str, ...] = ()
    data_now: tuple[str, ...] = ()
    #: Purposes a data category card is used for (data cards).
    purposes: tuple[str, ...] = ()
    #: "control.consent" / "control.opt_out" before and after.
    controls_old: tuple[str, ...] = ()
    controls_new: tuple[str, ...] = ()
    #: Recipients of sharing, and whether the notice says it sells (sharing purposes).
    recipients: tuple[str, ...] = ()
    sale: bool | None = None
    #: The notice states the subject in the negative ("we do not knowingly collect children's data").
    negated: bool = False
    #: The old version stated the subject in the negative: a flip from "we do not" to "we do"
    #: (with ``negated`` and status "changed", the flip the other way).
    was_negated: bool = False
    #: ISO date an announced change takes effect, when the card comes from an announcement.
    effective_date: str | None = None
    #: One line in plain words: "New purpose: training AI models — legitimate interests — ...".
    headline: str = ""
    old_evidence: tuple[str, ...] = ()
    new_evidence: tuple[str, ...] = ()
    #: Higher is more important; the alert's subject is the first card's headline.
    importance: int = 0
    #: The delta items (``FactChange.fact``) this card reports: every item of a change's
    #: delta is on exactly one card, so a material change never shows an empty report.
    covers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Change:
    """What happened between two versions of one notice."""

    severity: Severity
    text_diff: TextDiff
    fact_changes: tuple[FactChange, ...] = ()
    announcements: tuple[Announcement, ...] = ()
    summary: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    #: The change grouped the way a lawyer reads it (see :class:`Card`), most important first.
    cards: tuple[Card, ...] = ()
