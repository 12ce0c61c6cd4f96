"""The facts delta between two versions of a notice, and how much it matters.

Compared on what the notice states as a whole, not sentence by sentence, so a
reworded, moved or duplicated sentence changes nothing: a basis, purpose or data
category is *added* when the new version states it affirmatively somewhere and
the old one nowhere (and *removed* the other way round). Links
("basis.legitimate_interests>purpose.ai_training", "purpose.ai_training>data.profile")
are compared the same way, over the ties each version states explicitly (one
sentence, one table row, a purpose under its basis heading). A statement that
flips between "we do not ..." and "we ..." is reported even when the fact is
stated elsewhere too, and so is a newly announced change ("from 3 November 2025
we will ...").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from monitor.analyze.taxonomy import (
    ANNOUNCEMENT,
    LINK_SEP,
    describe_link,
    facet,
    label,
    phrase,
    present_when_denied,
    ref,
    ties,
)
from monitor.analyze.text import fold, sentence_spans, span_index
from monitor.model import Announcement, FactChange, Facts, Severity, Statement

#: The delta item for "the notice now says it sells personal data" (or no longer does).
SALE = "sale"
_FACET_ORDER = {"basis": 0, "purpose": 1, "data": 2, "link": 3, SALE: 4, ANNOUNCEMENT: 5}
_MAX_EVIDENCE = 3
_MAX_CHARS = 400
#: How alike two statements must be (word overlap) to count as the same statement flipped.
_FLIP_SIMILARITY = 0.6


# --------------------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class FactView:
    """What one version states, as sets: the unit the delta is computed on."""

    affirmed: frozenset[str]
    denied: frozenset[str]
    links: frozenset[str]
    #: The notice says it sells personal data somewhere.
    sale: bool = False


def view(facts: Facts) -> FactView:
    """Presence of each id across the notice, the ties it states, and whether it sells.

    An id listed as ``present_when_denied`` in the taxonomy (children's data) is stated
    even by a denial; a control tie counts only for a purpose the notice states.
    """
    affirmed: set[str] = set()
    denied: set[str] = set()
    links: set[str] = set()
    sale = False
    for st in facts.statements:
        if st.negated:
            denied |= st.facts
        else:
            affirmed |= st.facts
            links |= st.links
            sale = sale or st.sale
    affirmed |= denied & present_when_denied()
    links = {
        link
        for link in links
        if facet(link.partition(LINK_SEP)[2]) != "control"
        or link.partition(LINK_SEP)[0] in affirmed
    }
    return FactView(frozenset(affirmed), frozenset(denied - affirmed), frozenset(links), sale)


#: Share of the new version's fact-stating blocks absent from the old one that makes a rewrite.
_REWRITE = 0.6
#: A notice of fewer fact-stating blocks is too short to call rewritten.
_REWRITE_MIN = 10


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = fold(text).split()
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def rewritten(old: Facts, new: Facts) -> bool:
    """Most of what the new version states is in new words: its fact-stating blocks mostly
    share less than half of their word triples with the old version (a renamed company or
    a changed link in every paragraph is no rewrite)."""
    texts = {st.text for st in new.statements}
    old_texts = {st.text for st in old.statements}
    changed = texts - old_texts
    if len(texts) < _REWRITE_MIN or len(changed) <= _REWRITE * len(texts):
        return False  # most blocks are word for word the same: no need to look closer
    before: set[tuple[str, ...]] = set()
    for text in old_texts:
        before |= _trigrams(text)
    fresh = 0
    for text in changed:
        grams = _trigrams(text)
        fresh += len(grams & before) * 2 < len(grams)
    return fresh > _REWRITE * len(texts)


#: How many statements apart, under one heading, two facts may be and still count as tied
#: for the purpose of calling a tie *new* (see ``block_ties``).
_NEIGHBOURS = 2


class _Verbatim:
    """Whether a block's text stands word for word in a version's text (``Document.text``),
    answered as ``text in other_text`` is, but without scanning the whole text for each
    block that did not change: such a block is mostly one of its lines (a paragraph or row
    as is, a list item after its "- "), a set lookup. The set costs a few scans to build,
    so it is built only once that many blocks were asked about."""

    __slots__ = ("_asked", "_lines", "_text")

    #: Blocks looked up by a plain scan before the set of lines is built.
    _SCANS = 8

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: frozenset[str] | None = None
        self._asked = 0

    def __contains__(self, block: str) -> bool:
        if self._lines is None:
            self._asked += 1
            if self._asked <= self._SCANS:
                return block in self._text
            self._lines = frozenset(self._text.split("\n"))
        # A whole line of the text is in the text: the lookup can only say yes rightly.
        if block in self._lines or "- " + block in self._lines:
            return True
        return block in self._text


def block_ties(
    facts: Facts, wanted: Iterable[str] | None = None, other_text: str | None = None
) -> frozenset[str]:
    """Every basis>purpose and purpose>data pair stated together in one block, or in two
    blocks at most ``_NEIGHBOURS`` statements apart under the same heading ("We collect your
    location." then "We use it to show you ads."): looser than ``Statement.links``, which
    needs one sentence or row, because a tie is new only where the old version never put
    the two facts side by side; a rewording that merges or splits sentences moves a tie
    without making it. With ``wanted`` (links), only those are looked for.

    With ``other_text`` (the other version's text), a block counts for the ties within it
    only when it was reworded away: a block that stands word for word in the other version
    says there what it said here, untied, so a tie the other version makes comes from other
    words and is new (or gone) indeed. Neighbouring blocks count as before: a paragraph
    split in two keeps its old half word for word."""
    ends: set[str] | None = None
    if wanted is not None:
        ends = {end for link in wanted for end in link.split(LINK_SEP)}
        if not ends:
            return frozenset()
    stated = []
    verbatim = _Verbatim(other_text) if other_text is not None else None
    for st in facts.statements:
        if st.negated:
            continue
        b, p, d = st.legal_bases, st.purposes, st.data_categories
        if ends is not None:
            b, p, d = b & ends, p & ends, d & ends
        # An unrelated statement (all empty here) still counts as a step between neighbours.
        gone = verbatim is None or ((b or p or d) and st.text not in verbatim)
        stated.append((st.section_path, b, p, d, gone))
    found: set[str] = set()
    for i, (path, b, p, d, gone) in enumerate(stated):
        if not (b or p or d):
            continue
        if gone:
            found |= ties(b, p, d)
        for o_path, ob, op, od, _ in stated[i + 1 : i + 1 + _NEIGHBOURS]:
            if o_path != path or not (((b or d) and op) or (p and (ob or od))):
                continue
            found |= ties(b, op) | ties(ob, p) | ties((), p, od) | ties((), op, d)
    return frozenset(found)


# --------------------------------------------------------------------------- delta


def _stating_sentences(facts: Facts, fact: str) -> set[str]:
    """The sentences (or rows) of ``facts`` that affirm ``fact`` (an id or a link)."""
    if LINK_SEP in fact:
        ends = fact.split(LINK_SEP)
        found = [st for st in facts.statements if not st.negated and fact in st.links]
    else:
        ends = [fact]
        found = [st for st in facts.statements if not st.negated and fact in st.facts]
    return {_sentence_with(st, ends).strip() for st in found}


def _restated(facts: Facts, fact: str, other_text: str | None) -> bool:
    """Every sentence of ``facts`` that states ``fact`` stands word for word in the other
    version's text: the words did not change, only what the analyzer read around them
    (a heading, a table header, a neighbouring sentence), so the notice says the same."""
    if not other_text:
        return False
    sentences = _stating_sentences(facts, fact)
    return bool(sentences) and all(s in other_text for s in sentences)


#: Facets whose ids are reported as added or removed only when the other version does not
#: even name them (see ``_spoken_of``).
_LOOSE_FACETS = frozenset({"data"})


def _spoken_of(facts: Facts, fid: str) -> bool:
    """Whether the other version names a data category at all, stated as processing or not
    ("you can turn off location history"): then a version that now states it says what the
    notice already spoke of, and one that no longer states it still speaks of it.
    Bases and purposes are reported on the strict reading: a new purpose matters even
    where the old text named it in passing."""
    return facet(fid) in _LOOSE_FACETS and fid in facts.mentioned


def facts_delta(
    old: Facts,
    new: Facts,
    *,
    language: str | None = None,
    old_text: str | None = None,
    new_text: str | None = None,
) -> tuple[FactChange, ...]:
    """Every fact, link, negation flip and announcement that differs, in plain words, sorted.

    With the versions' texts (``Document.text``), a fact or tie stated only in sentences
    that stand word for word in the other version is not reported: the same words say the
    same thing; only their surroundings moved.
    """
    lang = language or new.language or old.language or "en"
    a, b = view(old), view(new)
    changes: list[FactChange] = []

    def fresh(fid: str) -> bool:
        return not _restated(new, fid, old_text)

    def gone(fid: str) -> bool:
        return not _restated(old, fid, new_text)

    for fid in sorted(b.affirmed - a.affirmed):
        if fid not in a.denied and (_spoken_of(old, fid) or not fresh(fid)):
            continue
        if fid in a.denied:
            text = phrase("now_affirmed", lang).format(label=label(fid, lang))
        else:
            text = _added_text(fid, b.links, lang)
        changes.append(
            FactChange(
                "added", fid, text, _evidence(old, [fid], denied=True), _evidence(new, [fid])
            )
        )
    for fid in sorted(a.affirmed - b.affirmed):
        if fid not in b.denied and (_spoken_of(new, fid) or not gone(fid)):
            continue
        if fid in b.denied:
            text = phrase("now_denied", lang).format(label=label(fid, lang))
        else:
            text = phrase(f"removed_{facet(fid)}", lang).format(
                label=label(fid, lang), ref=ref(fid)
            )
        changes.append(
            FactChange(
                "removed", fid, text, _evidence(old, [fid]), _evidence(new, [fid], denied=True)
            )
        )

    # Links depend on how sentences are built; across a change of language (a notice served
    # in another locale) they differ for grammatical reasons, so only the ties of an id that
    # came or went are compared then: no grammar makes a tie to a basis the notice no longer
    # names, or hides one to a purpose it did not name.
    same_language = old.language == new.language
    # A tie is new only where the old version never put the two facts in one paragraph, item
    # or row, and gone only where the new one never does: a sentence split or merged by a
    # rewording moves a tie between sentences without changing what the notice says.
    came, went = b.links - a.links, a.links - b.links
    #: The facts that came or went: a tie to one of them is news in any wording.
    moved = b.affirmed ^ a.affirmed

    def of_moved(link: str) -> bool:
        return not moved.isdisjoint(link.split(LINK_SEP))

    if same_language:
        link_added = sorted(came - block_ties(old, came, new_text)) if came else []
        link_removed = sorted(went - block_ties(new, went, old_text)) if went else []
    else:
        link_added = sorted(x for x in came if of_moved(x))
        link_removed = sorted(x for x in went if of_moved(x))
    if (link_added or link_removed) and rewritten(old, new):
        # A rewrite reshuffles every sentence: only the ties of facts that came or went
        # are reliable, the rest would be dozens of items a reader cannot act on.
        # Controls are tied per block, not per sentence: they are kept.

        def reliable(link: str) -> bool:
            return (
                of_moved(link)
                or ANNOUNCEMENT in link.split(LINK_SEP)
                or facet(link.partition(LINK_SEP)[2]) == "control"
            )

        link_added = [x for x in link_added if reliable(x)]
        link_removed = [x for x in link_removed if reliable(x)]
    link_added = [x for x in link_added if fresh(x)]
    link_removed = [x for x in link_removed if gone(x)]
    for link in link_added:
        changes.append(
            FactChange(
                "added",
                link,
                phrase("added_link", lang).format(link=describe_link(link, lang)),
                (),
                _evidence(new, link.split(LINK_SEP), link=link),
            )
        )
    for link in link_removed:
        changes.append(
            FactChange(
                "removed",
                link,
                phrase("removed_link", lang).format(link=describe_link(link, lang)),
                _evidence(old, link.split(LINK_SEP), link=link),
                (),
            )
        )

    if a.sale != b.sale:
        op = "added" if b.sale else "removed"
        changes.append(
            FactChange(
                op,
                SALE,
                phrase(f"{op}_sale", lang),
                _sale_evidence(old) if not b.sale else (),
                _sale_evidence(new) if b.sale else (),
            )
        )
    reported = {c.fact for c in changes}
    if same_language:
        changes += [c for c in _flips(old, new, lang) if c.fact not in reported]
    changes += _new_announcements(old, new, lang)
    return tuple(sorted(changes, key=_order))


def _order(change: FactChange) -> tuple[int, int, str, str]:
    return (
        _FACET_ORDER.get(facet(change.fact), 9),
        0 if change.op == "added" else 1,
        change.fact,
        change.description,
    )


def _added_text(fid: str, links: frozenset[str], lang: str) -> str:
    """ "New purpose: training AI models — legal basis: legitimate interests (Art. 6(1)(f) GDPR); data used: ..."."""
    kind = facet(fid)
    details: list[str] = []
    if kind == "purpose":
        bases = sorted(link.split(LINK_SEP)[0] for link in links if link.endswith(LINK_SEP + fid))
        data = sorted(link.split(LINK_SEP)[1] for link in links if link.startswith(fid + LINK_SEP))
        if bases:
            items = ", ".join(label(x, lang) + ref(x) for x in bases)
            details.append(phrase("details_basis", lang).format(items=items))
        if data:
            details.append(
                phrase("details_data", lang).format(items=", ".join(label(x, lang) for x in data))
            )
    elif kind == "data":
        purposes = sorted(
            link.split(LINK_SEP)[0] for link in links if link.endswith(LINK_SEP + fid)
        )
        if purposes:
            details.append(
                phrase("details_purpose", lang).format(
                    items=", ".join(label(x, lang) for x in purposes)
                )
            )
    suffix = (" — " + "; ".join(details)) if details else ""
    return phrase(f"added_{kind}", lang).format(
        label=label(fid, lang), ref=ref(fid), details=suffix
    )


# --------------------------------------------------------------------------- flips


def _words(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) > 2}


def _similar(x: str, y: str) -> bool:
    wx, wy = _words(x), _words(y)
    if not wx or not wy:
        return False
    return len(wx & wy) / len(wx | wy) >= _FLIP_SIMILARITY


def _polarity(facts: Facts) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Block text -> (facts it affirms, facts it denies)."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for st in facts.statements:
        affirmed, denied = out.setdefault(st.text, (set(), set()))
        (denied if st.negated else affirmed).update(st.facts)
    return {text: (frozenset(a), frozenset(d - a)) for text, (a, d) in out.items()}


def _flips(old: Facts, new: Facts, lang: str) -> list[FactChange]:
    """Blocks rewritten between "we do not X" and "we X" (the same words otherwise).

    Only blocks whose text changed are paired (by word overlap); a fact flips when
    the old block denied it and the new one affirms it, or the other way round.
    """
    before, after = _polarity(old), _polarity(new)
    gone = {t: p for t, p in before.items() if t not in after and p[1]}
    came = {t: p for t, p in after.items() if t not in before}
    gone_aff = {t: p for t, p in before.items() if t not in after}
    came_neg = {t: p for t, p in came.items() if p[1]}
    out: dict[tuple[str, str], FactChange] = {}
    pairs = [(gone, came, "added"), (gone_aff, came_neg, "removed")]
    for olds, news, op in pairs:
        if not olds or not news or len(olds) * len(news) > 40_000:
            continue
        for old_text, (old_aff, old_neg) in olds.items():
            for new_text, (new_aff, new_neg) in news.items():
                flipped = (old_neg & new_aff) if op == "added" else (old_aff & new_neg)
                if not flipped or not _similar(old_text, new_text):
                    continue
                key = "now_affirmed" if op == "added" else "now_denied"
                for fid in sorted(flipped):
                    out.setdefault(
                        (op, fid),
                        FactChange(
                            op,
                            fid,
                            phrase(key, lang).format(label=label(fid, lang)),
                            (_clip(old_text),),
                            (_clip(new_text),),
                        ),
                    )
    return list(out.values())


# --------------------------------------------------------------------------- announcements


def _sale_evidence(facts: Facts) -> tuple[str, ...]:
    return tuple(_clip(st.text) for st in facts.statements if st.sale and not st.negated)[
        :_MAX_EVIDENCE
    ]


def _announcement_key(a: Announcement) -> str:
    return a.effective_date or " ".join(fold(a.text).split())


def _new_announcements(old: Facts, new: Facts, lang: str) -> list[FactChange]:
    """Announcements whose date (or wording, when undated) the old version did not carry."""
    known = {_announcement_key(a) for a in old.announcements}
    out: list[FactChange] = []
    seen: set[str] = set()
    for a in new.announcements:
        key = _announcement_key(a)
        # An announcement that names no basis, purpose, data or control ("this policy will
        # be effective on ...") is shown with the change but is not material on its own.
        if key in known or key in seen or not a.facts:
            continue
        seen.add(key)
        when = a.effective_date or phrase("unknown_date", lang)
        out.append(
            FactChange(
                "added",
                ANNOUNCEMENT,
                phrase("announcement", lang).format(date=when, text=_clip(a.text, 240)),
                (),
                (_clip(a.text),),
            )
        )
    return out


def new_announcements(old: Facts, new: Facts) -> tuple[Announcement, ...]:
    """The announcements of ``new`` that ``old`` did not make (compared by date, not position)."""
    known = {_announcement_key(a) for a in old.announcements}
    return tuple(a for a in new.announcements if _announcement_key(a) not in known)


# --------------------------------------------------------------------------- evidence


def _clip(text: str, limit: int = _MAX_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sentence_with(st: Statement, fact_ids: Iterable[str]) -> str:
    """The sentence of a statement that holds the evidence of all ``fact_ids`` (else the block)."""
    wanted = set(fact_ids)
    positions = []
    for ev in st.evidence:
        if ev.fact in wanted:
            idx = st.text.find(ev.text)
            if idx >= 0:
                positions.append((ev.fact, idx))
    if not positions:
        return st.text
    spans = sentence_spans(st.text)
    for start, end in spans:
        inside = {f for f, pos in positions if start <= pos < end}
        if inside >= wanted:
            return st.text[start:end]
    if st.block_kind == "table_row":
        return st.text
    # Facts in neighbouring sentences ("We use your posts to train AI. You can opt out in
    # your settings."): quote from the first to the last of them.
    firsts: dict[str, int] = {}
    for fact, pos in positions:
        firsts.setdefault(fact, pos)
    where = sorted({span_index(spans, pos) for pos in firsts.values()})
    if len(firsts) == len(wanted) and where[-1] - where[0] <= 2:
        return st.text[spans[where[0]][0] : spans[where[-1]][1]]
    start, end = spans[span_index(spans, positions[0][1])]
    return st.text[start:end]


def _evidence(
    facts: Facts, fact_ids: Sequence[str], *, denied: bool = False, link: str | None = None
) -> tuple[str, ...]:
    """Up to three sentences of ``facts`` that state ``fact_ids`` (denying them with ``denied``)."""
    out: list[str] = []
    for st in facts.statements:
        if st.negated != denied:
            continue
        if link is not None:
            if link not in st.links:
                continue
        elif not set(fact_ids) <= st.facts:
            continue
        sentence = _clip(_sentence_with(st, fact_ids))
        if sentence not in out:
            out.append(sentence)
        if len(out) >= _MAX_EVIDENCE:
            break
    if not out and not denied and link is None and set(fact_ids) <= present_when_denied():
        # Children's data stated only by "we do not knowingly collect ...": quote the denial.
        return _evidence(facts, fact_ids, denied=True)
    return tuple(out)


# --------------------------------------------------------------------------- severity


def _control_of(change: FactChange) -> tuple[str, str] | None:
    """(purpose, control) of a control tie ("purpose.x>control.opt_out"), else None."""
    left, sep, right = change.fact.partition(LINK_SEP)
    return (left, right) if sep and facet(right) == "control" else None


def purpose_controls(facts: Facts) -> dict[str, frozenset[str]]:
    """Purpose -> the controls a version ties to it (``control.consent``, ``control.opt_out``),
    for every purpose it states with a control: what a control item of the delta is judged
    against, since a control that stays the same is not in the delta."""
    out: dict[str, set[str]] = {}
    for link in view(facts).links:
        purpose, _, control = link.partition(LINK_SEP)
        if facet(control) == "control":
            out.setdefault(purpose, set()).add(control)
    return {purpose: frozenset(controls) for purpose, controls in out.items()}


def _say(controls: Iterable[str]) -> int:
    """How much say the person has over a purpose: 2 opt-in (asked first; consent can be
    withdrawn, so an opt-out beside it adds nothing), 1 opt-out, 0 nothing stated."""
    controls = set(controls)
    return 2 if "control.consent" in controls else 1 if "control.opt_out" in controls else 0


def _control_moved(before: frozenset[str], after: frozenset[str]) -> bool:
    """A purpose's control changed in a way that matters: the person loses a say (opt-in →
    opt-out or none, opt-out → none), which is what the public debate is about. A say gained
    (none → opt-out or opt-in, opt-out → opt-in) is shown on the card, not material: a new
    consent that is a legal basis is already material as a basis tie, and a control alone
    read as gained was, on the corpus, as often a framework's boilerplate or a misreading as
    a real change."""
    return _say(after) < _say(before)


def is_material(delta: Sequence[FactChange], *, old: Facts, new: Facts) -> bool:
    """Whether a delta (``old`` -> ``new``) changes what the notice says in substance.

    Every basis, purpose, data category, tie between them, sale flag, flip and announcement
    counts. A control item counts when the person loses a say over the purpose: opt-in →
    opt-out, opt-in → none, opt-out → none is material; a say gained (none → opt-out or
    opt-in, opt-out → opt-in), the same control in other words, or an opt-out added or
    dropped beside a consent that stays is not (shown on the purpose's card). A control that
    comes or goes with its purpose is part of that purpose's card, material as the purpose
    is. A control that stays the same is not in the delta, so both versions' controls are
    read (``purpose_controls``).
    """
    purposes: set[str] = set()
    for change in delta:
        pc = _control_of(change)
        if pc is None:
            return True
        purposes.add(pc[0])
    if not purposes:
        return False
    before, after = purpose_controls(old), purpose_controls(new)
    none: frozenset[str] = frozenset()
    return any(_control_moved(before.get(p, none), after.get(p, none)) for p in purposes)


def classify(
    delta: Sequence[FactChange], text_changed: bool, *, old: Facts, new: Facts
) -> Severity:
    """MATERIAL when the facts changed, EDITORIAL when only the words did, NONE otherwise.

    ``old`` and ``new`` are the facts the delta was computed from: a control item is
    judged against the purpose's controls on both sides (see ``is_material``).
    """
    if is_material(delta, old=old, new=new):
        return Severity.MATERIAL
    if delta:
        return Severity.EDITORIAL
    if text_changed:
        return Severity.EDITORIAL
    return Severity.NONE


# --------------------------------------------------------------------------- regions side by side


def compare_facts(a: Facts, b: Facts) -> dict[str, object]:
    """What one notice states and the other does not, per facet and for links (for `compare`)."""
    va, vb = view(a), view(b)
    out: dict[str, object] = {"language_a": a.language, "language_b": b.language}
    groups = (
        ("bases", lambda i: facet(i) == "basis", va.affirmed, vb.affirmed),
        ("purposes", lambda i: facet(i) == "purpose", va.affirmed, vb.affirmed),
        ("categories", lambda i: facet(i) == "data", va.affirmed, vb.affirmed),
        ("links", lambda i: True, va.links, vb.links),
    )
    for name, keep, left, right in groups:
        left = {i for i in left if keep(i)}
        right = {i for i in right if keep(i)}
        out[name] = {
            "only_a": sorted(left - right),
            "only_b": sorted(right - left),
            "both": sorted(left & right),
        }
    return out


__all__ = [
    "SALE",
    "FactView",
    "classify",
    "compare_facts",
    "facts_delta",
    "is_material",
    "new_announcements",
    "purpose_controls",
    "view",
]
