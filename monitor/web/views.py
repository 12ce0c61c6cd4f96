"""Each page as (template, context) for people and as a JSON document for programs.

Functions here read through ``monitor.web.queries`` and the existing readers
(``storage.repo``, ``monitor.render``, ``monitor.cli.read``'s documents), so the
web view says what ``history``, ``diff``, ``facts`` and ``compare`` say, in the
same words and the same ``noticewatch.*/v1`` JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy.orm import Session

from monitor.errors import NoticewatchError
from monitor.web import queries
from monitor.web.queries import TargetSummary

PER_PAGE = 50
FEED_ENTRIES = 20
#: How much of an announcement's sentence a timeline line shows.
ANNOUNCEMENT_CHARS = 240


class NotFound(NoticewatchError, LookupError):
    """No such target, version or tag: a 404 with this message."""


@dataclass(frozen=True, slots=True)
class Page:
    template: str
    context: dict[str, Any]
    #: The same content for programs (``Accept: application/json`` or ``.json``).
    document: dict[str, Any]


def _iso(when: datetime | None) -> str | None:
    return (
        when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if when else None
    )


def target_url(slug: str) -> str:
    return f"/targets/{quote(slug, safe='')}"


def change_url(slug: str, number: int) -> str:
    return f"{target_url(slug)}/versions/{number}"


def _target_json(t: TargetSummary) -> dict[str, Any]:
    return {
        "target": t.slug,
        "service": t.service,
        "document": t.document,
        "region": t.region,
        "tags": list(t.tags),
        "enabled": t.enabled,
        "status": t.status,
        "last_checked_at": _iso(t.last_checked_at),
        "last_outcome": t.last_outcome,
        "last_error": t.last_error,
        "last_material_change_at": _iso(t.last_material_at),
        "last_material_version": t.last_material_version,
        "url": target_url(t.slug),
    }


def _pager(page: int, total: int, per_page: int, params: dict[str, str]) -> dict[str, Any]:
    pages = max(1, -(-total // per_page))

    def link(n: int) -> str:
        return "?" + urlencode({**{k: v for k, v in params.items() if v}, "page": n})

    return {
        "page": page,
        "pages": pages,
        "total": total,
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
    }


# --------------------------------------------------------------------------- targets


def targets_page(session: Session, *, tag: str, region: str, service: str, page: int) -> Page:
    result = queries.list_targets(
        session,
        tag=tag or None,
        region=region or None,
        service=service or None,
        offset=(page - 1) * PER_PAGE,
        limit=PER_PAGE,
    )
    filters = {"tag": tag, "region": region, "service": service}
    pager = _pager(page, result.total, PER_PAGE, filters)
    return Page(
        "targets.html",
        {
            "targets": result.items,
            "filters": filters,
            "tags": result.tags,
            "regions": result.regions,
            "services": result.services,
            "pager": pager,
            "feed": f"/tags/{quote(tag, safe='')}/feed.atom" if tag else "/feed.atom",
        },
        {
            "targets": [_target_json(t) for t in result.items],
            "filters": {k: v or None for k, v in filters.items()},
            **{k: pager[k] for k in ("page", "pages", "total")},
        },
    )


# --------------------------------------------------------------------------- timeline


def _target(session: Session, slug: str) -> TargetSummary:
    target = queries.target_summary(session, slug)
    if target is None:
        raise NotFound(f"unknown target {slug!r}")
    return target


def timeline_page(session: Session, slug: str, *, page: int) -> Page:
    """Versions newest first, with the announced changes placed at their effective dates."""
    from monitor.render import clip

    target = _target(session, slug)
    line = queries.timeline(session, target, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    items: list[dict[str, Any]] = []
    for v in line.versions:
        items.append(
            {
                "kind": "version",
                "date": v.fetched_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
                "sort": v.fetched_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
                "css": v.severity or "first",
                "severity": v.severity or "first",
                "number": v.number,
                "summary": v.summary or ("first version recorded" if v.number == 1 else ""),
                "url": change_url(slug, v.number),
                "effective_date": v.effective_date,
            }
        )
    if line.versions:
        newest = items[0]["sort"] if page > 1 else "9999"
        oldest = items[-1]["sort"] if len(line.versions) == PER_PAGE else ""
        today = datetime.now(UTC).strftime("%Y-%m-%d")
        for ann in line.announcements:
            when = ann.effective_date or ann.seen_at.astimezone(UTC).strftime("%Y-%m-%d")
            if not oldest <= when <= newest:
                continue
            items.append(
                {
                    "kind": "announcement",
                    "date": ann.effective_date or "date not stated",
                    "sort": when + " ~",  # after the versions of that day
                    "css": "announcement" + (" future" if when > today else ""),
                    "future": when > today,
                    "number": ann.version,
                    "summary": clip(" ".join(ann.text.split()), ANNOUNCEMENT_CHARS),
                    "url": change_url(slug, ann.version),
                }
            )
    items.sort(key=lambda i: i["sort"], reverse=True)
    pager = _pager(page, line.total, PER_PAGE, {})
    return Page(
        "timeline.html",
        {"target": target, "items": items, "pager": pager, "feed": f"{target_url(slug)}/feed.atom"},
        {
            **_target_json(target),
            "versions": [
                {
                    "version": v.number,
                    "fetched_at": _iso(v.fetched_at),
                    "severity": v.severity,
                    "summary": v.summary,
                    "effective_date": v.effective_date,
                    "url": change_url(slug, v.number),
                }
                for v in line.versions
            ],
            "announcements": [
                {
                    "effective_date": a.effective_date,
                    "text": a.text,
                    "announced_in_version": a.version,
                    "announced_at": _iso(a.seen_at),
                }
                for a in line.announcements
            ],
            **{k: pager[k] for k in ("page", "pages", "total")},
        },
    )


# --------------------------------------------------------------------------- change


def _labels(language: str) -> Any:
    from monitor.analyze.taxonomy import label

    return lambda fact_id: label(fact_id, language)


def _versions(session: Session, target: TargetSummary, number: int) -> tuple[Any, Any]:
    new = queries.version(session, target.pk, number)
    if new is None:
        raise NotFound(f"{target.slug}: no version {number}")
    old = queries.version(session, target.pk, number - 1) if number > 1 else None
    return old, new


def stored_change(session: Session, old: Any, new: Any, language: str | None) -> Any:
    """The change as recorded (what was alerted), with its cards rebuilt from the stored facts."""
    from monitor.alerts.context import change_cards
    from monitor.diff.stored import stored_change
    from monitor.model import Change, DiffStats, Severity, TextDiff

    row = queries.change_of(session, new.id)
    if row is None:
        return Change(Severity.FIRST, TextDiff((), DiffStats()), summary="first version recorded")
    change = stored_change(row)  # a first version's hunk is made from its text
    cards, _ = change_cards(old, new, change.fact_changes, language)
    return replace(change, cards=cards)


def change_page(session: Session, slug: str, number: int, *, inline: bool) -> Page:
    from monitor.cli.read import diff_document, version_meta
    from monitor.model import Document, Facts
    from monitor.render.html import change_view
    from storage import repo

    target = _target(session, slug)
    old, new = _versions(session, target, number)
    new_doc = repo.version_document(new)
    old_doc = repo.version_document(old) if old is not None else Document(blocks=())
    new_facts = repo.version_facts(new) or Facts(language=new.language or "en")
    old_facts = (repo.version_facts(old) if old is not None else None) or Facts(
        language=new_facts.language
    )
    language = new_facts.language or "en"
    change = stored_change(session, old, new, language)
    view = change_view(
        change, old=old_doc, new=new_doc, fact_labels=_labels(language), contexts=True
    )
    base = change_url(slug, number)
    cells = change_map(change.text_diff.hunks, len(new_doc.blocks))
    old_label = (
        f"v{old.number} ({old.fetched_at:%Y-%m-%d %H:%M})"
        if old is not None
        else "(nothing before)"
    )
    new_label = f"v{new.number} ({new.fetched_at:%Y-%m-%d %H:%M})"
    meta = {
        "target": slug,
        "old": version_meta(old) if old is not None else None,
        "new": version_meta(new),
    }
    return Page(
        "change.html",
        {
            "target": target,
            "view": view,
            "old": old,
            "new": new,
            "old_label": old_label,
            "new_label": new_label,
            "inline": inline,
            "permalink": base,
            "side_url": base,
            "inline_url": base + "?view=inline",
            "facts_url": base + "/facts",
            "old_snapshot": change_url(slug, old.number) + "/snapshot" if old is not None else None,
            "new_snapshot": base + "/snapshot",
            "prev_url": change_url(slug, number - 1) if old is not None else None,
            "next_url": change_url(slug, number + 1)
            if queries.version_exists(session, target.pk, number + 1)
            else None,
            "lang": new.language or "",
            "map": cells,
        },
        diff_document(change, meta, old_facts, new_facts),
    )


#: Cells of the change map: the notice from top to bottom in this many slices.
MAP_CELLS = 80


def change_map(hunks: Any, lines: int) -> list[tuple[str, int]]:
    """The notice as a bar of slices, each ("ins" | "del" | "chg" | "", hunk number or 0).

    Where a slice holds a changed place it links to that place's diff, so where
    the notice changed is seen at a glance, and one click away.
    """
    n = max(lines, 1)
    count = min(MAP_CELLS, n)
    cells: list[tuple[str, int]] = [("", 0)] * count
    for k, hunk in enumerate(hunks, start=1):
        kind = "chg" if hunk.old_lines and hunk.new_lines else ("ins" if hunk.new_lines else "del")
        start = min(hunk.new_start, n - 1)
        end = min(start + max(len(hunk.new_lines), 1), n)
        for cell in range(start * count // n, (end - 1) * count // n + 1):
            previous = cells[cell][0]
            cells[cell] = (kind if previous in ("", kind) else "chg", cells[cell][1] or k)
    return cells


def snapshot(session: Session, slug: str, number: int) -> tuple[bytes, str]:
    """The raw bytes as fetched, and their recorded content type."""
    from storage import repo

    target = _target(session, slug)
    version = queries.version(session, target.pk, number)
    if version is None:
        raise NotFound(f"{slug}: no version {number}")
    return repo.snapshot_body(version.snapshot), version.snapshot.content_type or ""


# --------------------------------------------------------------------------- facts


def facts_page(session: Session, slug: str, number: int) -> Page:
    """Statements grouped by legal basis, then by purpose, each with the notice's words."""
    from monitor import codec
    from monitor.analyze import analyze
    from monitor.analyze.taxonomy import label
    from monitor.cli.read import FACTS_SCHEMA, version_meta
    from storage import repo

    target = _target(session, slug)
    _, version = _versions(session, target, number)
    facts = repo.version_facts(version) or analyze(repo.version_document(version))
    lang = facts.language or "en"
    groups: dict[str, dict[str, list[Any]]] = {}
    for st in facts.statements:
        for basis in sorted(st.legal_bases) or [""]:
            for purpose in sorted(st.purposes) or [""]:
                groups.setdefault(basis, {}).setdefault(purpose, []).append(st)
    view = []
    for basis in sorted(groups, key=lambda b: (b == "", label(b, lang) if b else "")):
        purposes = []
        for purpose in sorted(groups[basis], key=lambda p: (p == "", label(p, lang) if p else "")):
            statements = [
                {
                    "negated": st.negated,
                    "data": ", ".join(label(d, lang) for d in sorted(st.data_categories)),
                    "where": " › ".join(st.section_path) or "(top)",
                    "text": st.text,
                }
                for st in groups[basis][purpose]
            ]
            purposes.append(
                {
                    "id": purpose,
                    "label": label(purpose, lang) if purpose else "(no purpose stated)",
                    "statements": statements,
                }
            )
        view.append(
            {
                "id": basis,
                "label": label(basis, lang) if basis else "(no legal basis stated)",
                "purposes": purposes,
            }
        )
    return Page(
        "facts.html",
        {
            "target": target,
            "version": version,
            "facts": facts,
            "groups": view,
            "change_url": change_url(slug, number),
            "lang": lang,
        },
        {
            "schema": FACTS_SCHEMA,
            "target": slug,
            "version": version_meta(version),
            "facts": codec.facts_to_json(facts),
        },
    )


# --------------------------------------------------------------------------- compare


def compare_page(session: Session, a: str, b: str) -> Page:
    """Two targets' latest facts purpose by purpose, differences first (``noticewatch compare``)."""
    from monitor.analyze import analyze
    from monitor.analyze.taxonomy import label
    from monitor.cli.read import compare_document, side_text
    from monitor.diff.cards import compare_cards
    from storage import repo

    choices = queries.target_choices(session)
    context: dict[str, Any] = {"choices": choices, "a": a, "b": b, "rows": None}
    if not (a and b):
        return Page("compare.html", context, {"targets": [slug for slug, _ in choices]})
    sides = []
    for slug in (a, b):
        target = _target(session, slug)
        version = queries.latest_version(session, target.pk)
        if version is None:
            raise NotFound(f"{slug}: no versions recorded yet")
        sides.append(repo.version_facts(version) or analyze(repo.version_document(version)))
    language = sides[0].language or "en"
    rows = compare_cards(sides[0], sides[1], language)

    def names(i: str) -> str:
        return label(i, language)

    view = [
        {
            "kind": row.kind,
            "label": names(row.subject),
            "differs": bool(row.differences),
            "what": ", ".join(
                ("only in " + (a if row.b is None else b)) if d == "presence" else d
                for d in row.differences
            ),
            "a": side_text(row.a, names),
            "b": side_text(row.b, names),
        }
        for row in rows
    ]
    context.update(
        rows=view,
        differing=[r for r in view if r["differs"]],
        same=[r for r in view if not r["differs"]],
        a_url=target_url(a),
        b_url=target_url(b),
    )
    return Page("compare.html", context, compare_document(a, b, sides[0], sides[1], rows))


# --------------------------------------------------------------------------- feeds


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    #: Path of the feed itself (without .atom/.json) and of the page it describes.
    path: str
    page: str
    entries: list[dict[str, Any]]


def feed(session: Session, *, slug: str | None = None, tag: str | None = None) -> Feed:
    """The latest material changes as feed entries, each with its cards' headlines and fields."""
    from monitor import codec
    from monitor.render import card_fields

    if slug is not None:
        target = _target(session, slug)
        entries = queries.feed(session, target_pks=[target.pk], limit=FEED_ENTRIES)
        title, path, page = (
            f"noticewatch: {target.label}",
            f"{target_url(slug)}/feed",
            target_url(slug),
        )
    elif tag is not None:
        pks = queries.tagged_target_pks(session, tag)
        if not pks:
            raise NotFound(f"no target is tagged {tag!r}")
        entries = queries.feed(session, target_pks=pks, limit=FEED_ENTRIES)
        title = f"noticewatch: notices tagged {tag}"
        path, page = f"/tags/{quote(tag, safe='')}/feed", "/?" + urlencode({"tag": tag})
    else:
        entries = queries.feed(session, limit=FEED_ENTRIES)
        title, path, page = "noticewatch: material changes", "/feed", "/"
    out = []
    for e in entries:
        old = SimpleNamespace(facts=e.old_facts) if e.old_facts is not None else None
        new = SimpleNamespace(facts=e.new_facts)
        change = _entry_change(e, old, new)
        labels = _labels(change.language)
        out.append(
            {
                "id": f"tag:noticewatch,{e.fetched_at:%Y-%m-%d}:{e.target.slug}/v{e.version}/{e.text_sha256[:16]}",
                "title": f"{e.target.label}: {e.summary}",
                "target": e.target,
                "version": e.version,
                "summary": e.summary,
                "updated": _iso(e.created_at),
                "fetched_at": _iso(e.fetched_at),
                "url": change_url(e.target.slug, e.version),
                "cards": [
                    {"status": c.status, "headline": c.headline, "fields": card_fields(c, labels)}
                    for c in change.cards
                ],
                "cards_json": codec.to_jsonable(change.cards),
            }
        )
    return Feed(title, path, page, out)


class _CardCache:
    """Cards of recorded changes by change id: a change never changes once recorded.

    Rebuilding a feed entry's cards decodes both versions' facts (milliseconds
    each), which for a feed of twenty entries is most of the page's time; kept
    here, a feed costs its query and its rendering. Bounded, thread-safe.
    """

    def __init__(self, size: int = 2048) -> None:
        import threading
        from collections import OrderedDict

        self._items: OrderedDict[int, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def get(self, key: int) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: int, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


CARDS = _CardCache()


def _entry_change(entry: Any, old: Any, new: Any) -> Any:
    from monitor import codec
    from monitor.alerts.context import change_cards
    from monitor.model import FactChange

    cached = CARDS.get(entry.change_id)
    if cached is not None:
        return cached
    delta = codec.from_jsonable(tuple[FactChange, ...], entry.facts_delta or [])
    cards, language = change_cards(old, new, delta, None)
    result = SimpleNamespace(cards=cards, language=language)
    CARDS.put(entry.change_id, result)
    return result


def feed_json(feed: Feed, base: str) -> dict[str, Any]:
    return {
        "title": feed.title,
        "feed": base + feed.path + ".atom",
        "updated": feed.entries[0]["updated"] if feed.entries else None,
        "entries": [
            {
                "id": e["id"],
                "title": e["title"],
                "target": e["target"].slug,
                "version": e["version"],
                "severity": "material",
                "summary": e["summary"],
                "detected_at": e["updated"],
                "fetched_at": e["fetched_at"],
                "url": base + e["url"],
                "json": base + e["url"] + ".json",
                "cards": e["cards_json"],
            }
            for e in feed.entries
        ],
    }
