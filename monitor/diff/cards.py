"""A change as *cards*: one per purpose that appeared, disappeared or changed, the way a lawyer reads it.

The facts delta (``monitor.diff.facts``) is exact but flat: a new purpose arrives
as the purpose id, its legal basis link, one link per data category and one per
control, and a reader has to put them back together. A card does that: it says,
for one purpose, the legal basis before and after, the data categories that came
and went, how the person controls it (opt-in or opt-out), who receives the data
and whether it is sold, with the notice's own sentences as evidence. Data
categories and legal bases that changed without a purpose card to explain them
get cards of their own, and so does every newly announced change.

Every item of the delta lands in exactly one card (``Card.covers`` says which),
so a material change never renders as an empty report. Importance weights are
data (``cards.toml``) so a lawyer can reorder what the alert's subject names.
Everything here is a pure function of two ``Facts`` and their delta.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from monitor.analyze.taxonomy import ANNOUNCEMENT, LINK_SEP, facet, ids, label, phrase, ref
from monitor.diff.facts import SALE, new_announcements, view
from monitor.model import Announcement, Card, FactChange, Facts

#: Between the parts of a headline: "New purpose: X — legitimate interests — profile data — opt-out".
SEP = " — "
#: Evidence sentences kept per side of a card.
MAX_EVIDENCE = 3
#: Characters of a statement quoted as evidence (the delta's own limit).
EVIDENCE_CHARS = 400
#: Characters of an announcement's own text used when it names no fact.
ANNOUNCEMENT_HEAD_CHARS = 120


# --------------------------------------------------------------------------- weights


@cache
def _weights() -> dict[str, dict[str, int]]:
    text = resources.files("monitor.diff").joinpath("cards.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {name: {str(k): int(v) for k, v in table.items()} for name, table in data.items()}


def weight(fact_id: str) -> int:
    """The extra importance ``cards.toml`` gives an id (0 when it is not listed)."""
    return _weights().get("ids", {}).get(fact_id, 0)


def _importance(card: Card) -> int:
    w = _weights()
    score = w.get("status", {}).get(f"{card.kind}.{card.status}", 0)
    gained = {card.subject, *card.data_added, *card.purposes, *card.recipients}
    gained |= set(card.bases_new) - set(card.bases_old)
    gained |= set(card.controls_new) - set(card.controls_old)
    if card.kind == "announcement":
        gained |= set(card.bases_new) | set(card.data_now) | set(card.controls_new)
    score += sum(weight(i) for i in gained)
    if card.sale:
        score += w.get("extra", {}).get("sale", 0)
    if "control.consent" in card.controls_old and "control.opt_out" in card.controls_new:
        score += w.get("extra", {}).get("consent_to_opt_out", 0)
    return score


# --------------------------------------------------------------------------- what one version says


@dataclass(frozen=True, slots=True)
class PurposeState:
    """What one version says about one purpose: stated or denied, and what is tied to it."""

    stated: bool = False
    denied: bool = False
    bases: frozenset[str] = frozenset()
    data: frozenset[str] = frozenset()
    controls: frozenset[str] = frozenset()
    recipients: frozenset[str] = frozenset()
    #: True: the notice says it sells; False: it says it does not; None: it says neither.
    sale: bool | None = None


def _tied(links: Iterable[str], fact_id: str) -> tuple[set[str], set[str]]:
    """(ids linked on the left of ``fact_id``, ids linked on its right)."""
    left: set[str] = set()
    right: set[str] = set()
    for link in links:
        a, _, b = link.partition(LINK_SEP)
        if b == fact_id:
            left.add(a)
        elif a == fact_id:
            right.add(b)
    return left, right


def purpose_states(facts: Facts) -> dict[str, PurposeState]:
    """Every purpose a version states or denies, with its bases, data, controls, recipients and sale."""
    v = view(facts)
    negated = _negated_only(facts)
    ids = {i for i in v.affirmed | v.denied | negated if facet(i) == "purpose"}
    ids |= {p for link in v.links for p in link.split(LINK_SEP) if facet(p) == "purpose"}
    out: dict[str, PurposeState] = {}
    for pid in ids:
        bases, right = _tied(v.links, pid)
        recipients: set[str] = set()
        sold = not_sold = False
        for st in facts.statements:
            if pid not in st.purposes:
                continue
            if st.negated:
                not_sold |= st.sale
            else:
                recipients |= st.recipients
                sold |= st.sale
        out[pid] = PurposeState(
            stated=pid in v.affirmed and pid not in negated,
            denied=pid in negated,
            bases=frozenset(b for b in bases if facet(b) == "basis"),
            data=frozenset(d for d in right if facet(d) == "data"),
            controls=frozenset(c for c in right if facet(c) == "control"),
            recipients=frozenset(recipients),
            sale=True if sold else (False if not_sold else None),
        )
    return out


def _negated_only(facts: Facts) -> frozenset[str]:
    """Ids the version states only in the negative ("we do not knowingly collect children's data").

    Read from the statements, not from ``view``, so an id that counts as present
    when only denied (children's data) still carries its negation.
    """
    affirmed: set[str] = set()
    denied: set[str] = set()
    for st in facts.statements:
        (denied if st.negated else affirmed).update(st.facts)
    return frozenset(denied - affirmed)


# --------------------------------------------------------------------------- cards from a delta


@dataclass(slots=True)
class _Draft:
    """A card being assembled: the delta items it covers and their evidence."""

    kind: str
    subject: str
    items: list[FactChange] = field(default_factory=list)


def _purpose_of(fc: FactChange) -> str | None:
    """The purpose a delta item is about: the id itself, or the purpose end of a link."""
    if LINK_SEP in fc.fact:
        for part in fc.fact.split(LINK_SEP):
            if facet(part) == "purpose":
                return part
        return None
    return fc.fact if facet(fc.fact) == "purpose" else None


def build_cards(
    old: Facts, new: Facts, delta: Sequence[FactChange], language: str
) -> tuple[Card, ...]:
    """The delta between ``old`` and ``new`` as cards, most important first (empty without a delta).

    Purpose cards gather every delta item about their purpose (its id, its basis,
    data and control links). A data category or legal basis that changed gets a
    card of its own only when no purpose card already shows it coming or going.
    Each newly announced change is a card. Anything else in the delta (a control
    or recipient stated on its own) becomes a plain ``fact`` card, so that every
    delta item is on some card.
    """
    if not delta:
        return ()
    before, after = purpose_states(old), purpose_states(new)
    drafts: dict[str, _Draft] = {}
    announcements: list[FactChange] = []
    rest: list[FactChange] = []
    for fc in delta:
        pid = _purpose_of(fc)
        if fc.fact == ANNOUNCEMENT:
            announcements.append(fc)
        elif pid is not None:
            drafts.setdefault(pid, _Draft("purpose", pid)).items.append(fc)
        else:
            rest.append(fc)

    cards: list[Card] = []
    for pid, draft in drafts.items():
        cards.append(
            _purpose_card(
                pid, draft.items, before.get(pid, PurposeState()), after.get(pid, PurposeState())
            )
        )

    leftovers: dict[str, _Draft] = {}
    for fc in rest:
        host = _explaining_card(fc, cards)
        if host is None and fc.fact == SALE:
            host = _selling_purpose_card(fc, cards, before, after)
            if host is not None and host not in cards:
                cards.append(host)
        if host is not None:
            k = cards.index(host)
            cards[k] = _with_items(host, [fc])
            continue
        kind = facet(fc.fact) if facet(fc.fact) in {"data", "basis"} else "fact"
        leftovers.setdefault(fc.fact, _Draft(kind, fc.fact)).items.append(fc)
    for draft in leftovers.values():
        cards.append(_other_card(draft, old, new))

    cards += _announcement_cards(old, new, announcements)
    worded = [_finish(card, language) for card in cards]
    return tuple(sorted(worded, key=_rank))


def _rank(card: Card) -> tuple[int, int, str]:
    kinds = {"purpose": 0, "announcement": 1, "data": 2, "basis": 3, "fact": 4}
    return (-card.importance, kinds.get(card.kind, 9), card.headline)


def _with_items(card: Card, items: Sequence[FactChange]) -> Card:
    """``card`` also covering ``items`` (and quoting their evidence)."""
    return replace(
        card,
        covers=(*card.covers, *(fc.fact for fc in items)),
        new_evidence=_quotes([*card.new_evidence, *(e for fc in items for e in fc.new_evidence)])[
            :MAX_EVIDENCE
        ],
        old_evidence=_quotes([*card.old_evidence, *(e for fc in items for e in fc.old_evidence)])[
            :MAX_EVIDENCE
        ],
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _quotes(values: Iterable[str]) -> tuple[str, ...]:
    """Evidence sentences once each, a sentence dropped when a longer one quoted already holds it.

    One table row proves a purpose, its basis and its data, and the delta quotes it once
    as the sentence and once as the whole row: the card shows the row.
    """
    unique = _unique(values)
    bare = [q.rstrip("…") for q in unique]
    return tuple(
        q
        for k, q in enumerate(unique)
        if not any(
            j != k and bare[k] in other and len(other) > len(bare[k])
            for j, other in enumerate(bare)
        )
    )


def _purpose_card(
    pid: str, items: Sequence[FactChange], old: PurposeState, new: PurposeState
) -> Card:
    """A purpose's card: status from what each version states, details from both."""
    own = [fc for fc in items if fc.fact == pid]
    if (old.denied and new.stated) or (old.stated and new.denied):
        status = "changed"  # a negation flip: "we do not X" <-> "we X"
    elif new.stated and not old.stated:
        status = "added"
    elif old.stated and not new.stated:
        status = "removed"
    elif own and not (old.stated or new.stated):
        # Facts without statements (a delta recorded on its own): trust the delta's word.
        status = "added" if own[0].op == "added" else "removed"
    else:
        status = "changed"
    card = Card(
        kind="purpose",
        status=status,
        subject=pid,
        bases_old=in_taxonomy_order(old.bases),
        bases_new=in_taxonomy_order(new.bases),
        data_added=in_taxonomy_order(new.data - old.data),
        data_removed=in_taxonomy_order(old.data - new.data),
        data_now=in_taxonomy_order(new.data),
        controls_old=in_taxonomy_order(old.controls),
        controls_new=in_taxonomy_order(new.controls),
        recipients=in_taxonomy_order(new.recipients if status != "removed" else old.recipients),
        sale=new.sale if status != "removed" else old.sale,
        negated=new.denied,
        was_negated=old.denied and not new.denied,
    )
    return _with_items(card, items)


def _explaining_card(fc: FactChange, cards: Sequence[Card]) -> Card | None:
    """The purpose card that already shows ``fc`` (a data category, basis, control or recipient)."""
    fid, added = fc.fact, fc.op == "added"
    for card in cards:
        if card.kind != "purpose":
            continue
        kind = facet(fid)
        if kind == "data":
            if fid == "data.children":
                return None  # its negation is worth a card of its own
            shown = card.data_added if added else card.data_removed
        elif kind == "basis":
            shown = tuple(
                set(card.bases_new) - set(card.bases_old)
                if added
                else set(card.bases_old) - set(card.bases_new)
            )
        elif kind == "control":
            shown = tuple(
                set(card.controls_new) - set(card.controls_old)
                if added
                else set(card.controls_old) - set(card.controls_new)
            )
        elif kind == "recipient":
            shown = card.recipients if added else ()
        else:
            shown = ()
        if fid in shown:
            return card
    return None


def _selling_purpose_card(
    fc: FactChange,
    cards: Sequence[Card],
    before: dict[str, PurposeState],
    after: dict[str, PurposeState],
) -> Card | None:
    """The purpose card that shows the notice starting (or ceasing) to say it sells.

    The delta reports the sale once for the whole notice; the reader wants it on the
    purpose that sells, sharing with third parties first. A purpose whose only change
    is the sale gets a ``changed`` card for it. None when no purpose carries the sale.
    """
    selling = fc.op == "added"
    flipped = [
        pid
        for pid in set(before) | set(after)
        if (after.get(pid, PurposeState()).sale is True) == selling
        and (before.get(pid, PurposeState()).sale is True) != selling
    ]
    if not flipped:
        return None
    flipped.sort(key=lambda pid: (pid != "purpose.sharing_third_parties", -weight(pid), pid))
    existing = {card.subject: card for card in cards if card.kind == "purpose"}
    for pid in flipped:
        if pid in existing:
            return existing[pid]
    pid = flipped[0]
    return _purpose_card(pid, (), before.get(pid, PurposeState()), after.get(pid, PurposeState()))


def _other_card(draft: _Draft, old: Facts, new: Facts) -> Card:
    """A card for a data category, legal basis or other id no purpose card explains.

    ``changed`` when both versions speak of the id (one stating it, the other
    denying it); ``negated`` when the new version speaks of it only in the negative.
    """
    fid = draft.subject
    ops = {fc.op for fc in draft.items}
    negated_old, negated_new = _negated_only(old), _negated_only(new)
    in_old = fid in view(old).affirmed or fid in negated_old
    in_new = fid in view(new).affirmed or fid in negated_new
    if len(ops) > 1 or (in_old and in_new):
        status = "changed"
    else:
        status = "added" if "added" in ops else "removed"
    purposes: tuple[str, ...] = ()
    if draft.kind == "data":
        left, _ = _tied(view(new if status != "removed" else old).links, fid)
        purposes = in_taxonomy_order(p for p in left if facet(p) == "purpose")
    card = Card(
        kind=draft.kind,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        subject=fid,
        # A fact card has no template of its own: it says what the delta says.
        headline=draft.items[0].description if draft.kind == "fact" else "",
        purposes=purposes,
        negated=fid in negated_new and status != "removed",
        was_negated=fid in negated_old and status == "changed",
    )
    card = _with_items(card, draft.items)
    if card.negated and not card.new_evidence:
        card = replace(card, new_evidence=_denials(new, fid))
    return card


def _denials(facts: Facts, fact_id: str) -> tuple[str, ...]:
    """The statements that deny ``fact_id``: the evidence of a card stated in the negative.

    The delta quotes affirmative statements; a fact present only by its denial
    ("we do not knowingly collect children's data") is proven by the denial.
    """
    quotes = [
        _clip(st.text, EVIDENCE_CHARS)
        for st in facts.statements
        if st.negated and fact_id in st.facts
    ]
    return _unique(quotes)[:MAX_EVIDENCE]


def _announcement_cards(old: Facts, new: Facts, items: Sequence[FactChange]) -> list[Card]:
    """One card per newly announced change, with the facts it names; its delta items matched by text."""
    cards: list[Card] = []
    unmatched = list(items)
    seen: set[tuple[str | None, str]] = set()
    for ann in new_announcements(old, new):
        key = (ann.effective_date, " ".join(ann.text.split()) if not ann.effective_date else "")
        if key in seen:
            continue
        seen.add(key)
        mine = [fc for fc in unmatched if _quotes_announcement(fc, ann)]
        if not mine and unmatched:
            mine = [unmatched[0]]
        for fc in mine:
            unmatched.remove(fc)
        cards.append(_announcement_card(ann, mine))
    for fc in unmatched:  # an announcement the facts no longer hold: still on a card
        cards.append(
            _with_items(Card(kind="announcement", status="announced", subject=ANNOUNCEMENT), [fc])
        )
    return cards


def _quotes_announcement(fc: FactChange, ann: Announcement) -> bool:
    head = " ".join(ann.text.split())[:60]
    return any(head and e.startswith(head) for e in fc.new_evidence)


def _announcement_card(ann: Announcement, items: Sequence[FactChange]) -> Card:
    names = {i for i in ann.facts if LINK_SEP not in i}
    for link in ann.facts:
        if LINK_SEP in link:
            names.update(link.split(LINK_SEP))

    def of(kind: str) -> tuple[str, ...]:
        return in_taxonomy_order(i for i in names if facet(i) == kind)

    card = Card(
        kind="announcement",
        status="announced",
        subject=ANNOUNCEMENT,
        purposes=of("purpose"),
        bases_new=of("basis"),
        data_now=of("data"),
        controls_new=of("control"),
        recipients=of("recipient"),
        effective_date=ann.effective_date,
        new_evidence=(" ".join(ann.text.split()),),
    )
    return _with_items(card, items)


# --------------------------------------------------------------------------- headlines


@cache
def _taxonomy_order() -> dict[str, int]:
    return {fact_id: k for k, fact_id in enumerate(ids())}


def in_taxonomy_order(fact_ids: Iterable[str]) -> tuple[str, ...]:
    """Ids in the order of ``taxonomy.toml`` (profile before content before messages), as a notice lists them."""
    order = _taxonomy_order()
    return tuple(sorted(fact_ids, key=lambda i: (order.get(i, len(order)), i)))


class _Lang(str):
    """A language code that also says how tightly to word lists of labels.

    Headlines are built once in full; the email subject needs the same words in
    fewer characters (labels without their parenthesised examples, long lists cut
    to their first items), and carrying that in the language argument keeps one
    set of headline functions for both.
    """

    short: bool = False
    max_items: int | None = None


def _tight(language: str, max_items: int | None) -> _Lang:
    lang = _Lang(language)
    lang.short, lang.max_items = True, max_items
    return lang


def _labels(fact_ids: Iterable[str], lang: str) -> str:
    ordered = in_taxonomy_order(fact_ids)
    names = [label(i, lang) for i in ordered]
    if getattr(lang, "short", False):
        names = [re.sub(r"\s*\([^)]*\)", "", n) for n in names]
    limit = getattr(lang, "max_items", None)
    if limit is not None and len(names) > limit:
        names = [*names[:limit], f"+{len(names) - limit}"]
    return ", ".join(names)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _has_phrase(key: str) -> bool:
    return phrase(key, "en") != key


def _controls_text(card: Card, lang: str) -> str:
    if card.controls_old != card.controls_new and card.controls_old and card.kind == "purpose":
        return phrase("card_control_change", lang).format(
            old=_labels(card.controls_old, lang) or phrase("card_not_stated", lang),
            new=_labels(card.controls_new, lang) or phrase("card_not_stated", lang),
        )
    return _labels(card.controls_new, lang)


def _sharing_parts(card: Card, lang: str) -> list[str]:
    parts = []
    if card.recipients:
        parts.append(phrase("card_recipients", lang).format(items=_labels(card.recipients, lang)))
    if card.sale is True:
        parts.append(phrase("card_sold", lang))
    elif card.sale is False:
        parts.append(phrase("card_not_sold", lang))
    return parts


def headline(card: Card, language: str) -> str:
    """The card in one line of plain words, in the notice's language."""
    lang = language
    name = label(card.subject, lang)
    if card.kind == "purpose":
        return _purpose_headline(card, name, lang)
    if card.kind == "announcement":
        when = card.effective_date or phrase("unknown_date", lang)
        what = [
            _labels(card.purposes, lang),
            _labels(card.bases_new, lang),
            _labels(card.data_now, lang),
            _labels(card.controls_new, lang),
            *_sharing_parts(card, lang),
        ]
        text = SEP.join(p for p in what if p)
        if not text:
            quoted = card.new_evidence[0] if card.new_evidence else ""
            text = _clip(quoted, ANNOUNCEMENT_HEAD_CHARS)
        return phrase("card_announced", lang).format(date=when, what=text)
    if card.negated and card.status == "changed":
        return phrase("now_denied", lang).format(label=name)
    if card.negated:
        key = f"card_denied_{card.subject.split('.', 1)[-1]}"
        return phrase(key if _has_phrase(key) else "card_denied", lang).format(label=_cap(name))
    if card.was_negated:
        return phrase("now_affirmed", lang).format(label=name)
    if card.kind in {"data", "basis"}:
        key = ("added_" if card.status != "removed" else "removed_") + card.kind
        details = ""
        if card.purposes:
            details = SEP + phrase("details_purpose", lang).format(
                items=_labels(card.purposes, lang)
            )
        return phrase(key, lang).format(label=name, ref=ref(card.subject), details=details)
    key = "card_fact_added" if card.status != "removed" else "card_fact_removed"
    return card.headline or phrase(key, lang).format(label=name)


def compact_headline(card: Card, language: str, limit: int) -> str:
    """The card's headline in at most ``limit`` characters, for a subject line.

    Rather than cutting off the end (where the control, opt-in or opt-out, is),
    labels lose their parenthesised examples, then lists keep their first items.
    """
    if len(card.headline) <= limit:
        return card.headline
    text = card.headline
    for max_items in (None, 3, 2, 1):
        text = headline(card, _tight(language, max_items))
        if len(text) <= limit:
            return text
    return _clip(text, limit)


def _purpose_headline(card: Card, name: str, lang: str) -> str:
    if card.negated:
        return phrase("now_denied", lang).format(label=name)
    if card.status == "removed":
        return phrase("removed_purpose", lang).format(label=name)
    if card.status == "added" or card.was_negated:
        title = (
            phrase("now_affirmed", lang).format(label=name)
            if card.was_negated
            else phrase("added_purpose", lang).format(label=name, details="")
        )
        parts = [
            title,
            _labels(card.bases_new, lang),
            _labels(card.data_now, lang),
            _controls_text(card, lang),
            *_sharing_parts(card, lang),
        ]
        return SEP.join(p for p in parts if p)
    parts = [phrase("card_purpose_changed", lang).format(label=name)]
    if card.bases_old != card.bases_new:
        parts.append(
            phrase("card_basis_change", lang).format(
                old=_labels(card.bases_old, lang) or phrase("card_not_stated", lang),
                new=_labels(card.bases_new, lang) or phrase("card_not_stated", lang),
            )
        )
    if card.data_added:
        parts.append(phrase("card_data_added", lang).format(items=_labels(card.data_added, lang)))
    if card.data_removed:
        parts.append(
            phrase("card_data_removed", lang).format(items=_labels(card.data_removed, lang))
        )
    if card.controls_old != card.controls_new:
        parts.append(
            phrase("card_control_change", lang).format(
                old=_labels(card.controls_old, lang) or phrase("card_not_stated", lang),
                new=_labels(card.controls_new, lang) or phrase("card_not_stated", lang),
            )
        )
    parts += _sharing_parts(card, lang)
    return SEP.join(p for p in parts if p)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _finish(card: Card, language: str) -> Card:
    """The card with its headline in ``language`` and its importance from ``cards.toml``."""
    return replace(card, headline=headline(card, language), importance=_importance(card))


# --------------------------------------------------------------------------- summary


def summary_line(cards: Sequence[Card]) -> str:
    """The first card's headline, and how many more cards there are: the change in one line."""
    if not cards:
        return ""
    more = len(cards) - 1
    return cards[0].headline + (f" (+{more} more)" if more else "")


# --------------------------------------------------------------------------- regions side by side


@dataclass(frozen=True, slots=True)
class Side:
    """What one notice says about a purpose (or data category, or legal basis)."""

    stated: bool
    negated: bool = False
    bases: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    sale: bool | None = None


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One purpose (or data category, or basis) in notice A and in notice B.

    ``differences`` names what differs ("presence", "negation", "basis", "data",
    "control", "recipients", "sale"); a side is None when that notice does not
    speak of the subject at all.
    """

    kind: str
    subject: str
    a: Side | None
    b: Side | None
    differences: tuple[str, ...]


_SIDE_FIELDS = (
    ("negation", "negated"),
    ("basis", "bases"),
    ("data", "data"),
    ("control", "controls"),
    ("recipients", "recipients"),
    ("sale", "sale"),
)


def _purpose_side(state: PurposeState | None) -> Side | None:
    if state is None:
        return None
    return Side(
        stated=state.stated,
        negated=state.denied,
        bases=in_taxonomy_order(state.bases),
        data=in_taxonomy_order(state.data),
        controls=in_taxonomy_order(state.controls),
        recipients=in_taxonomy_order(state.recipients),
        sale=state.sale,
    )


def _id_sides(facts: Facts, kind: str) -> dict[str, Side]:
    v = view(facts)
    negated = _negated_only(facts)
    ids = {i for i in v.affirmed | negated if facet(i) == kind}
    return {i: Side(stated=i not in negated, negated=i in negated) for i in ids}


def _differences(a: Side | None, b: Side | None) -> tuple[str, ...]:
    if a is None or b is None:
        return ("presence",) if a is not b else ()
    out = [name for name, attr in _SIDE_FIELDS if getattr(a, attr) != getattr(b, attr)]
    return tuple(out)


def compare_cards(a: Facts, b: Facts, language: str) -> tuple[CompareRow, ...]:
    """Two notices (an EU and a US one) purpose by purpose: differences first, the rest after.

    Each purpose either notice states (or denies) is a row with its basis, data,
    control, recipients and sale in A and in B; then data categories and legal
    bases, compared on presence and negation. Within the differences, purposes
    come first, weightier ids (``cards.toml``) before lighter ones.
    """
    rows: list[CompareRow] = []
    pa, pb = purpose_states(a), purpose_states(b)
    for pid in set(pa) | set(pb):
        sa, sb = _purpose_side(pa.get(pid)), _purpose_side(pb.get(pid))
        rows.append(CompareRow("purpose", pid, sa, sb, _differences(sa, sb)))
    for kind in ("data", "basis"):
        da, db = _id_sides(a, kind), _id_sides(b, kind)
        for fid in set(da) | set(db):
            sa, sb = da.get(fid), db.get(fid)
            rows.append(CompareRow(kind, fid, sa, sb, _differences(sa, sb)))
    kinds = {"purpose": 0, "data": 1, "basis": 2}

    def order(row: CompareRow) -> tuple[int, int, int, str]:
        return (
            0 if row.differences else 1,
            kinds[row.kind],
            -weight(row.subject),
            label(row.subject, language),
        )

    return tuple(sorted(rows, key=order))


__all__ = [
    "CompareRow",
    "PurposeState",
    "Side",
    "build_cards",
    "compact_headline",
    "compare_cards",
    "headline",
    "purpose_states",
    "summary_line",
    "weight",
]
