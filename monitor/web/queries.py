"""What the web pages read from the database, as plain dataclasses.

Every query selects the columns a page shows, never whole version rows (their
text, blocks and facts are the bulk of the database), and lists are paged in
SQL, so a page costs the same with ten versions or a hundred thousand. Targets
are few (a thousand is a large watchlist): their list is filtered in Python,
which keeps tag filtering portable between SQLite and PostgreSQL JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from monitor import codec
from monitor.model import Announcement
from storage.models import ChangeRow, FetchRow, TargetRow, VersionRow

MATERIAL = "material"
#: Anomaly kinds and error words that mean "this page is built by scripts: render it in a browser".
_BROWSER_HINTS = ("needs_browser", "javascript", 'render = "browser"', "needs a browser")


@dataclass(frozen=True, slots=True)
class TargetSummary:
    pk: int
    slug: str
    service: str
    document: str
    region: str | None
    tags: tuple[str, ...]
    enabled: bool
    #: ok | failing | blocked | needs browser | new
    status: str
    last_checked_at: datetime | None
    last_outcome: str | None = None
    last_error: str | None = None
    last_material_at: datetime | None = None
    last_material_version: int | None = None

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.service, self.region, self.document) if p) or self.slug


@dataclass(frozen=True, slots=True)
class TargetPage:
    items: list[TargetSummary]
    total: int
    tags: list[str]
    regions: list[str]
    services: list[str]


@dataclass(frozen=True, slots=True)
class VersionEntry:
    number: int
    fetched_at: datetime
    severity: str | None
    summary: str
    effective_date: str | None
    chars: int | None = None


@dataclass(frozen=True, slots=True)
class AnnouncementEntry:
    effective_date: str | None
    text: str
    #: The version that first carried it.
    version: int
    seen_at: datetime


@dataclass(frozen=True, slots=True)
class Timeline:
    target: TargetSummary
    versions: list[VersionEntry]
    total: int
    announcements: list[AnnouncementEntry] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    change_id: int
    target: TargetSummary
    version: int
    severity: str
    summary: str
    created_at: datetime
    fetched_at: datetime
    text_sha256: str
    facts_delta: list[Any]
    #: The two versions' stored facts (JSON), for the entry's cards.
    old_facts: dict[str, Any] | None
    new_facts: dict[str, Any] | None


def _tags(options: Any) -> tuple[str, ...]:
    return tuple(str(t) for t in ((options or {}).get("tags") or ()))


def _summary(row: Any, fetch: Any = None, material: Any = None) -> TargetSummary:
    status = row.status or "new"
    error = fetch.error if fetch is not None else None
    kind = fetch.anomaly_kind if fetch is not None else None
    outcome = fetch.outcome if fetch is not None else None
    if status in {"new", "ok"} and outcome in {"failed", "anomaly"}:
        # The stored status waits for a streak before it alarms; the list shows the last check.
        status = "failing" if outcome == "failed" else "blocked"
    if status in {"failing", "blocked"}:
        hay = f"{kind or ''} {error or ''}".lower()
        if any(hint.lower() in hay for hint in _BROWSER_HINTS):
            status = "needs browser"
    return TargetSummary(
        pk=row.id,
        slug=row.slug,
        service=row.service or "",
        document=row.document or "",
        region=row.region,
        tags=_tags(row.options),
        enabled=bool(row.enabled),
        status=status,
        last_checked_at=row.last_checked_at,
        last_outcome=fetch.outcome if fetch is not None else None,
        last_error=error or kind,
        last_material_at=material[0] if material else None,
        last_material_version=material[1] if material else None,
    )


_TARGET_COLUMNS = (
    TargetRow.id,
    TargetRow.slug,
    TargetRow.service,
    TargetRow.document,
    TargetRow.region,
    TargetRow.options,
    TargetRow.enabled,
    TargetRow.status,
    TargetRow.last_checked_at,
)


def list_targets(
    session: Session,
    *,
    tag: str | None = None,
    region: str | None = None,
    service: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> TargetPage:
    """One page of targets (enabled first, then by service, region, document) with the filter choices.

    ``service`` matches part of the service name or of the target id, case aside.
    """
    rows = session.execute(select(*_TARGET_COLUMNS)).all()
    needle = (service or "").casefold()
    tags = sorted({t for r in rows for t in _tags(r.options)})
    regions = sorted({r.region for r in rows if r.region})
    services = sorted({r.service for r in rows if r.service})
    chosen = [
        r
        for r in rows
        if (not tag or tag in _tags(r.options))
        and (not region or r.region == region)
        and (not needle or needle in (r.service or "").casefold() or needle in r.slug.casefold())
    ]
    chosen.sort(
        key=lambda r: (
            not r.enabled,
            (r.service or r.slug).casefold(),
            r.region or "",
            r.document or "",
            r.slug,
        )
    )
    page = chosen[offset : offset + limit]
    pks = [r.id for r in page]
    fetches = _last_fetches(session, pks)
    materials = _last_materials(session, pks)
    items = [_summary(r, fetches.get(r.id), materials.get(r.id)) for r in page]
    return TargetPage(items, len(chosen), tags, regions, services)


def _last_fetches(session: Session, pks: Sequence[int]) -> dict[int, Any]:
    """The latest fetch of each target (one indexed lookup each: ix_fetches_target_started)."""
    if not pks:
        return {}
    latest = (
        select(FetchRow.target_id, func.max(FetchRow.started_at).label("at"))
        .where(FetchRow.target_id.in_(pks))
        .group_by(FetchRow.target_id)
        .subquery()
    )
    query = select(
        FetchRow.target_id, FetchRow.outcome, FetchRow.error, FetchRow.anomaly_kind, FetchRow.id
    ).join(
        latest, and_(FetchRow.target_id == latest.c.target_id, FetchRow.started_at == latest.c.at)
    )
    out: dict[int, Any] = {}
    for row in session.execute(query.order_by(FetchRow.id)):
        out[row.target_id] = row
    return out


def _last_materials(session: Session, pks: Sequence[int]) -> dict[int, tuple[datetime, int]]:
    """When each target last changed in substance, and the version that did."""
    if not pks:
        return {}
    latest = (
        select(ChangeRow.target_id, func.max(ChangeRow.id).label("id"))
        .where(ChangeRow.target_id.in_(pks), ChangeRow.severity == MATERIAL)
        .group_by(ChangeRow.target_id)
        .subquery()
    )
    query = (
        select(ChangeRow.target_id, VersionRow.fetched_at, VersionRow.number)
        .join(latest, ChangeRow.id == latest.c.id)
        .join(VersionRow, VersionRow.id == ChangeRow.to_version_id)
    )
    return {r.target_id: (r.fetched_at, r.number) for r in session.execute(query)}


def target_summary(session: Session, slug: str) -> TargetSummary | None:
    row = session.execute(select(*_TARGET_COLUMNS).where(TargetRow.slug == slug)).first()
    if row is None:
        return None
    fetch = _last_fetches(session, [row.id]).get(row.id)
    return _summary(row, fetch, _last_materials(session, [row.id]).get(row.id))


def timeline(
    session: Session, target: TargetSummary, *, offset: int = 0, limit: int = 50
) -> Timeline:
    """A page of the target's versions, newest first, and every change it announced."""
    total = session.scalar(select(func.count()).where(VersionRow.target_id == target.pk)) or 0
    query = (
        select(
            VersionRow.number,
            VersionRow.fetched_at,
            VersionRow.effective_date,
            ChangeRow.severity,
            ChangeRow.summary,
        )
        .outerjoin(ChangeRow, ChangeRow.to_version_id == VersionRow.id)
        .where(VersionRow.target_id == target.pk)
        .order_by(VersionRow.number.desc())
        .offset(offset)
        .limit(limit)
    )
    versions = [
        VersionEntry(r.number, r.fetched_at, r.severity, r.summary or "", r.effective_date)
        for r in session.execute(query)
    ]
    announced = session.execute(
        select(ChangeRow.announcements, VersionRow.number, VersionRow.fetched_at)
        .join(VersionRow, VersionRow.id == ChangeRow.to_version_id)
        .where(ChangeRow.target_id == target.pk, ChangeRow.severity == MATERIAL)
        .order_by(VersionRow.number)
    )
    announcements = []
    for raw, number, fetched_at in announced:
        if not raw:
            continue
        for ann in codec.from_jsonable(tuple[Announcement, ...], raw):
            announcements.append(
                AnnouncementEntry(ann.effective_date, ann.text, number, fetched_at)
            )
    return Timeline(target, versions, total, announcements)


def feed(
    session: Session, *, target_pks: Sequence[int] | None = None, limit: int = 20
) -> list[FeedEntry]:
    """The latest material changes, newest first (of some targets, or of all).

    Newest is by id, which grows as changes are recorded: walking the primary key
    backwards stops after ``limit`` material rows instead of sorting a history of
    a hundred thousand changes (no index needed). The rows' big columns (facts)
    are read in a second query, for those few rows only.
    """
    ids_query = (
        select(ChangeRow.id)
        .where(ChangeRow.severity == MATERIAL)
        .order_by(ChangeRow.id.desc())
        .limit(limit)
    )
    if target_pks is not None:
        if not target_pks:
            return []
        ids_query = ids_query.where(ChangeRow.target_id.in_(list(target_pks)))
    ids = list(session.scalars(ids_query))
    if not ids:
        return []
    old = aliased(VersionRow)
    query = (
        select(
            ChangeRow.id,
            ChangeRow.target_id,
            ChangeRow.severity,
            ChangeRow.summary,
            ChangeRow.created_at,
            ChangeRow.facts_delta,
            VersionRow.number,
            VersionRow.fetched_at,
            VersionRow.text_sha256,
            VersionRow.facts,
            old.facts.label("old_facts"),
        )
        .join(VersionRow, VersionRow.id == ChangeRow.to_version_id)
        .outerjoin(old, old.id == ChangeRow.from_version_id)
        .where(ChangeRow.id.in_(ids))
        .order_by(ChangeRow.id.desc())
    )
    rows = session.execute(query).all()
    pks = sorted({r.target_id for r in rows})
    targets = {
        r.id: _summary(r)
        for r in session.execute(select(*_TARGET_COLUMNS).where(TargetRow.id.in_(pks)))
    }
    return [
        FeedEntry(
            change_id=r.id,
            target=targets[r.target_id],
            version=r.number,
            severity=r.severity,
            summary=r.summary or "",
            created_at=r.created_at,
            fetched_at=r.fetched_at,
            text_sha256=r.text_sha256,
            facts_delta=r.facts_delta or [],
            old_facts=r.old_facts,
            new_facts=r.facts,
        )
        for r in rows
    ]


def tagged_target_pks(session: Session, tag: str) -> list[int]:
    return [
        r.id
        for r in session.execute(select(TargetRow.id, TargetRow.options))
        if tag in _tags(r.options)
    ]


def version(session: Session, target_pk: int, number: int) -> VersionRow | None:
    """A whole version row (text, blocks, facts): for the one or two a change page shows."""
    return session.scalars(
        select(VersionRow).where(VersionRow.target_id == target_pk, VersionRow.number == number)
    ).one_or_none()


def change_of(session: Session, version_pk: int) -> ChangeRow | None:
    return session.scalars(
        select(ChangeRow).where(ChangeRow.to_version_id == version_pk)
    ).one_or_none()


def target_choices(session: Session) -> list[tuple[str, str]]:
    """(slug, label) of every target, for the compare form."""
    rows = session.execute(
        select(TargetRow.slug, TargetRow.service, TargetRow.region, TargetRow.document).order_by(
            TargetRow.service, TargetRow.region, TargetRow.slug
        )
    )
    return [
        (r.slug, " ".join(p for p in (r.service, r.region, r.document) if p) or r.slug)
        for r in rows
    ]


def version_exists(session: Session, target_pk: int, number: int) -> bool:
    return (
        session.scalar(
            select(VersionRow.id).where(
                VersionRow.target_id == target_pk, VersionRow.number == number
            )
        )
        is not None
    )


def latest_version(session: Session, target_pk: int) -> VersionRow | None:
    return session.scalars(
        select(VersionRow)
        .where(VersionRow.target_id == target_pk)
        .order_by(VersionRow.number.desc())
        .limit(1)
    ).first()
