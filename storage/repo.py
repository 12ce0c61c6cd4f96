"""Queries and writes over the storage models, as plain functions taking a Session.

None of them commits: the caller's ``Database.session()`` block is the
transaction, so a fetch log row, a version, its change and its alerts are
written together or not at all. Dataclasses from monitor/model.py go in and
come out (through monitor.codec); rows stay inside storage and the CLI.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, defer, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from monitor import codec
from monitor.jsontext import EncodedFacts
from monitor.model import (
    Announcement,
    Block,
    Change,
    DiffStats,
    Document,
    FactChange,
    Facts,
    Hunk,
    Severity,
    TextDiff,
    text_sha256,
)
from monitor.targets import Selector, Target, selector_key
from storage import blobs
from storage.db import in_chunks
from storage.models import (
    ChangeRow,
    FetchRow,
    IncidentRow,
    SnapshotRow,
    TargetRow,
    VersionRow,
    utcnow,
)

# --------------------------------------------------------------------------- targets

#: Options that change what the server is asked for or how the answer is read: when one
#: changes, the stored ETag/Last-Modified no longer describe it and must not be sent.
_REFETCH_OPTIONS = ("select", "remove", "headers", "cookies", "proxy", "render", "parts", "filters")


def sync_targets(session: Session, targets: Sequence[Target]) -> None:
    """Make the targets table match the watchlist.

    Known slugs get their configuration updated and keep their history, validators
    and state; new ones are inserted; slugs no longer listed are disabled (their
    history stays). A changed URL, selector, header, cookie or proxy drops the
    stored validators, so the next fetch is unconditional and re-read with the
    new settings instead of answered by a 304.
    """
    wanted = {t.id: t for t in targets}
    # The stored configuration as plain columns: only rows that differ (or are new) are
    # loaded as objects and updated. Loading every row, at every recrawl, was a tenth of
    # an unchanged cycle's start-up.
    columns = [getattr(TargetRow, key) for key in _CONFIG_KEYS]
    stored = {row[0]: row[1:] for row in session.execute(select(TargetRow.slug, *columns))}
    missing = [_new_target_values(t) for slug, t in wanted.items() if slug not in stored]
    if missing:  # ON CONFLICT: another process may be syncing the same watchlist right now
        _insert_missing(session, TargetRow.__table__, "slug", missing)
    enabled = _CONFIG_KEYS.index("enabled")
    stale = [slug for slug in wanted if slug not in stored] + [
        slug
        for slug, values in stored.items()
        if (slug not in wanted and values[enabled])
        or (slug in wanted and values != _config_tuple(wanted[slug]))
    ]
    for chunk in in_chunks(stale):
        for row in session.scalars(select(TargetRow).where(TargetRow.slug.in_(chunk))):
            target = wanted.get(row.slug)
            if target is None:
                if row.enabled:
                    row.enabled = False
                continue
            _apply_config(row, target)


def _new_target_values(target: Target) -> dict[str, Any]:
    now = utcnow()
    return {
        **_config_values(target),
        "slug": target.id,
        "consecutive_failures": 0,
        "status": "new",
        "created_at": now,
        "updated_at": now,
    }


#: The target columns the watchlist decides (``_config_values``), in a fixed order.
_CONFIG_KEYS = (
    "service",
    "document",
    "region",
    "language",
    "url",
    "options",
    "schedule",
    "enabled",
)


def _config_tuple(target: Target) -> tuple[Any, ...]:
    values = _config_values(target)
    return tuple(values[key] for key in _CONFIG_KEYS)


def _config_values(target: Target) -> dict[str, Any]:
    return {
        "service": target.service,
        "document": target.document,
        "region": target.region,
        "language": target.language,
        "url": target.url,
        "options": target_options(target),
        "schedule": target.schedule,
        "enabled": target.enabled,
    }


def target_options(target: Target) -> dict[str, Any]:
    """The request and reading options of a target, as stored in targets.options (proxy password masked)."""
    return {
        "select": selectors_json(target.select),
        "remove": selectors_json(target.remove),
        "headers": dict(target.headers),
        "cookies": dict(target.cookies),
        "proxy": _mask_proxy(target.proxy),
        "timeout": target.timeout,
        "max_shrink": target.max_shrink,
        "obey_robots": target.obey_robots,
        "tags": list(target.tags),
        # Only when set, so targets of older watchlists keep the options they were stored with.
        **({"render": target.render} if target.render != "static" else {}),
        **({"wait_for": target.wait_for} if target.wait_for else {}),
        **({"filters": list(target.filters)} if target.filters else {}),
        **(
            {
                "parts": [
                    {
                        "url": part.url,
                        "select": selectors_json(part.select),
                        "remove": selectors_json(part.remove),
                    }
                    for part in target.parts
                ]
            }
            if target.parts
            else {}
        ),
    }


def selectors_json(selectors: Sequence[Selector]) -> list[Any]:
    """CSS selectors as strings, ranges as tables of their set landmarks (JSON-ready)."""
    return [selector_key(selector) for selector in selectors]


def _mask_proxy(proxy: str | None) -> str | None:
    """Proxy URLs may carry credentials; the database never stores secrets."""
    if not proxy or "@" not in proxy:
        return proxy
    try:
        url = make_url(proxy)
    except ArgumentError:
        scheme, _, rest = proxy.rpartition("://")
        return (scheme + "://" if scheme else "") + "***@" + rest.rpartition("@")[2]
    return url.render_as_string(hide_password=True)


def _apply_config(row: TargetRow, target: Target) -> None:
    values = _config_values(target)
    old_options = row.options or {}
    refetch = row.url != target.url or any(
        old_options.get(key) != values["options"].get(key) for key in _REFETCH_OPTIONS
    )
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
    if refetch and (row.etag is not None or row.last_modified is not None):
        row.etag = None
        row.last_modified = None


def get_target(session: Session, slug: str) -> TargetRow | None:
    return session.scalars(select(TargetRow).where(TargetRow.slug == slug)).one_or_none()


def get_targets(session: Session, slugs: Iterable[str]) -> dict[str, TargetRow]:
    """Target rows by slug, in one query: a batch of fetches needs them all at once."""
    query = select(TargetRow).where(TargetRow.slug.in_(sorted(set(slugs))))
    return {row.slug: row for row in session.scalars(query)}


@dataclass(frozen=True, slots=True)
class TargetState:
    """A target's row id and status: all a batch of 304s needs to know of it."""

    id: int
    status: str


def target_states(session: Session, slugs: Iterable[str]) -> dict[str, TargetState]:
    """Id and status by slug, two columns in one query (no row objects to build and track)."""
    query = select(TargetRow.slug, TargetRow.id, TargetRow.status).where(
        TargetRow.slug.in_(sorted(set(slugs)))
    )
    return {slug: TargetState(pk, status) for slug, pk, status in session.execute(query)}


def record_checks(session: Session, checked: Sequence[tuple[int, datetime]]) -> None:
    """Targets checked without a failure, in one UPDATE statement run for each of them.

    Each item is a target's id and the time of its check; failures end
    (``consecutive_failures`` 0, ``status`` "ok"), as :class:`monitor.record.Recorder`
    does for a target it loaded as an object, and ``updated_at`` moves on. For targets
    with no open incident (an incident's end is recorded with its alerts, one by one).
    """
    if not checked:
        return
    now = utcnow()
    table = TargetRow.__table__
    statement = (
        table.update()
        .where(table.c.id == bindparam("pk"))
        .values(
            consecutive_failures=0,
            status="ok",
            last_checked_at=bindparam("checked_at"),
            updated_at=now,
        )
    )
    session.execute(statement, [{"pk": pk, "checked_at": at} for pk, at in checked])


def add_fetches(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Fetch log rows (the values of :func:`add_fetch`) in one executemany INSERT."""
    if rows:
        session.execute(FetchRow.__table__.insert(), list(rows))


@dataclass(frozen=True, slots=True)
class Validators:
    """A target's row id and stored validators: what a conditional request needs of it."""

    id: int
    etag: str | None
    last_modified: str | None


def target_validators(session: Session, slugs: Iterable[str]) -> dict[str, Validators]:
    """Row id, ETag and Last-Modified by slug, in one query (columns, not row objects)."""
    query = select(TargetRow.slug, TargetRow.id, TargetRow.etag, TargetRow.last_modified).where(
        TargetRow.slug.in_(sorted(set(slugs)))
    )
    return {
        slug: Validators(pk, etag, modified) for slug, pk, etag, modified in session.execute(query)
    }


def list_targets(session: Session) -> list[TargetRow]:
    """Every target ever watched (disabled ones too), by slug."""
    return list(session.scalars(select(TargetRow).order_by(TargetRow.slug)))


# --------------------------------------------------------------------------- snapshots


def put_snapshot(session: Session, body: bytes, content_type: str | None) -> SnapshotRow:
    """The snapshot row for ``body``, stored (compressed) only if no identical body is stored yet.

    Safe when two workers store the same body at once: the insert is
    ``ON CONFLICT DO NOTHING`` on the SHA-256, so the second waits for the first
    and then reads its row instead of failing on the unique constraint.
    """
    sha = blobs.sha256_hex(body)
    row = _snapshot_by_sha(session, sha)
    if row is not None:
        return row
    values = {
        "sha256": sha,
        "content_type": content_type,
        "size": len(body),
        "compression": blobs.ZLIB,
        "body": blobs.compress(body),
        "created_at": utcnow(),
    }
    pk = _insert_missing(session, SnapshotRow.__table__, "sha256", [values], returning=True)
    if pk is None:  # another worker stored the same body first: read its row
        row = _snapshot_by_sha(session, sha)
        assert row is not None, "snapshot inserted but not found"
        return row
    return _attach(session, SnapshotRow, pk, values)


def _snapshot_by_sha(session: Session, sha: str) -> SnapshotRow | None:
    return session.scalars(select(SnapshotRow).where(SnapshotRow.sha256 == sha)).one_or_none()


def snapshot_body(row: SnapshotRow) -> bytes:
    """The raw body exactly as it was fetched."""
    return blobs.decompress(row.body, row.compression)


def _insert_missing(
    session: Session,
    table: Any,
    key: str,
    rows: list[dict[str, Any]],
    *,
    returning: bool = False,
) -> int | None:
    """INSERT ... ON CONFLICT (key) DO NOTHING, on SQLite and PostgreSQL alike.

    ``returning``: the id of the (one) row inserted, None when it was already there.
    """
    assert isinstance(table, Table)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement = postgresql.insert(table).on_conflict_do_nothing(index_elements=[key])
    elif dialect == "sqlite":
        statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=[key])
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        existing = set(
            session.scalars(select(table.c[key]).where(table.c[key].in_([r[key] for r in rows])))
        )
        rows = [r for r in rows if r[key] not in existing]
        if not rows:
            return None
        statement = table.insert()
    if returning:
        return session.execute(statement.returning(table.c.id), rows[0]).scalar_one_or_none()
    session.execute(statement, rows)
    return None


def _insert(
    session: Session, model: type[Any], values: dict[str, Any], *, unloaded: Collection[str] = ()
) -> Any:
    """INSERT one row with Core and return it as a persistent ORM object, without a flush.

    The recorder writes a snapshot, version, change and fetch row per new or changed
    page and needs each one's id at once (the next row refers to it). Added to the
    session and flushed one by one, each went through the unit of work (state
    tracking, dependency sort, flush events: most of a new page's database time);
    a Core insert is one statement with its values bound. ``values`` must hold every
    column the model's defaults would fill, so the object is what the ORM would
    have written. Columns named in ``unloaded`` are written but left out of the object
    (loaded on first access): their values are not what the attribute holds.
    """
    pk = session.execute(model.__table__.insert(), values).inserted_primary_key[0]
    if unloaded:
        values = {key: value for key, value in values.items() if key not in unloaded}
    return _attach(session, model, pk, values)


def _attach(session: Session, model: type[Any], pk: int, values: dict[str, Any]) -> Any:
    """An object for a row just inserted by Core, in the session as if loaded from it.

    Later ``session.get``, relationships and alert rendering find it in the identity
    map instead of selecting it again; columns not in ``values`` (a deferred body)
    load on first access, as after a query.
    """
    row = model(id=pk, **values)
    make_transient_to_detached(row)
    session.add(row)
    return row


# --------------------------------------------------------------------------- versions


def latest_version(
    session: Session, target_pk: int, *, lazy_content: bool = False
) -> VersionRow | None:
    """The newest version; ``lazy_content`` leaves text, blocks and facts to load on first access.

    The recorder mostly needs hashes and numbers: decoding a long notice's blocks
    and facts JSON on every unchanged check cost more than the rest of the check.
    Lazy attributes load only while the session is open.
    """
    query = select(VersionRow).where(VersionRow.target_id == target_pk)
    if lazy_content:
        query = query.options(
            defer(VersionRow.text), defer(VersionRow.blocks), defer(VersionRow.facts)
        )
    return session.scalars(query.order_by(VersionRow.number.desc()).limit(1)).first()


def latest_versions(
    session: Session, target_pks: Iterable[int], *, lazy_content: bool = False
) -> dict[int, VersionRow]:
    """The newest version of each target that has one, by target key, in one query.

    What :func:`latest_version` gives one target at a time, for a batch of fetches
    (``lazy_content`` as there).
    """
    pks = sorted(set(target_pks))
    newest = (
        select(VersionRow.target_id, func.max(VersionRow.number).label("number"))
        .where(VersionRow.target_id.in_(pks))
        .group_by(VersionRow.target_id)
        .subquery()
    )
    query = select(VersionRow).join(
        newest,
        (VersionRow.target_id == newest.c.target_id) & (VersionRow.number == newest.c.number),
    )
    if lazy_content:
        query = query.options(
            defer(VersionRow.text), defer(VersionRow.blocks), defer(VersionRow.facts)
        )
    return {version.target_id: version for version in session.scalars(query)}


@dataclass(frozen=True, slots=True)
class VersionKey:
    """A version's row id and number: all an unchanged check needs of the latest version."""

    id: int
    number: int


def latest_version_keys(session: Session, target_pks: Iterable[int]) -> dict[int, VersionKey]:
    """The id and number of each target's newest version, by target key, in one query per
    500 targets.

    What a 304 needs (the number it reports, the id its fetch row points to), read from
    the (target_id, number) index alone. Loading the version row itself, as
    :func:`latest_versions` does even with its content deferred, also loads its
    snapshot, compressed page body included: 2,000 unchanged checks read 50 MB.
    """
    found: dict[int, VersionKey] = {}
    for chunk in in_chunks(sorted(set(target_pks))):
        newest = (
            select(VersionRow.target_id, func.max(VersionRow.number).label("number"))
            .where(VersionRow.target_id.in_(chunk))
            .group_by(VersionRow.target_id)
            .subquery()
        )
        rows = session.execute(
            select(VersionRow.target_id, VersionRow.id, VersionRow.number).join(
                newest,
                (VersionRow.target_id == newest.c.target_id)
                & (VersionRow.number == newest.c.number),
            )
        )
        found.update(
            {target_id: VersionKey(id=pk, number=number) for target_id, pk, number in rows}
        )
    return found


def versions_before(session: Session, target_pk: int, number: int, count: int) -> list[VersionRow]:
    """The ``count`` versions before number ``number``, newest first, their content loaded lazily.

    Where the recorder looks for a text the page comes back to (a page alternating
    between texts); most calls read only their hashes.
    """
    query = (
        select(VersionRow)
        .where(
            VersionRow.target_id == target_pk,
            VersionRow.number < number,
            VersionRow.number >= number - count,
        )
        .options(defer(VersionRow.text), defer(VersionRow.blocks), defer(VersionRow.facts))
    )
    return list(session.scalars(query.order_by(VersionRow.number.desc())))


def get_version(session: Session, target_pk: int, number: int) -> VersionRow | None:
    return session.scalars(
        select(VersionRow).where(VersionRow.target_id == target_pk, VersionRow.number == number)
    ).one_or_none()


def list_versions(session: Session, target_pk: int) -> list[VersionRow]:
    """Oldest first."""
    return list(
        session.scalars(
            select(VersionRow).where(VersionRow.target_id == target_pk).order_by(VersionRow.number)
        )
    )


def add_version(
    session: Session,
    target: TargetRow,
    *,
    snapshot: SnapshotRow,
    document: Document,
    facts: Facts | EncodedFacts | None,
    fetched_at: datetime,
    reading_key: str | None = None,
    text: str | None = None,
    text_sha: str | None = None,
) -> VersionRow:
    """Record ``document`` as the target's next version (number = last + 1).

    :class:`EncodedFacts` (a reader's) are written as the text they hold, the very
    text ``facts_to_row`` and the column's JSON would give; the row object leaves
    them to load on first access, as a dict like any row's. ``text``: ``document.text``
    when the caller has it already (it is rendered from the blocks at each access);
    ``text_sha``: its :func:`text_sha256`, when the caller has hashed it already.
    """
    last = session.scalar(
        select(func.max(VersionRow.number)).where(VersionRow.target_id == target.id)
    )
    if text is None:
        text = document.text
    row: VersionRow = _insert(
        session,
        VersionRow,
        {
            "target_id": target.id,
            "number": (last or 0) + 1,
            "fetched_at": fetched_at,
            "snapshot_id": snapshot.id,
            "text": text,
            "text_sha256": text_sha if text_sha is not None else text_sha256(text),
            "blocks": codec.to_jsonable(document.blocks),
            "facts": (
                facts
                if facts is None or isinstance(facts, EncodedFacts)
                else codec.facts_to_row(facts)
            ),
            "title": document.title,
            "language": document.language,
            "source_type": document.source_type,
            "extractor_version": document.extractor_version,
            "reading_key": reading_key,
            "analyzer_version": facts.analyzer_version if facts is not None else None,
            "effective_date": facts.effective_date if facts is not None else None,
            "created_at": utcnow(),
        },
        unloaded=("facts",) if isinstance(facts, EncodedFacts) else (),
    )
    # The snapshot row is at hand: set, not lazily selected again on first access.
    set_committed_value(row, "snapshot", snapshot)
    return row


def load_content(session: Session, row: VersionRow, *, facts: bool = True) -> None:
    """Load the blocks (and ``facts``) a ``lazy_content`` version left out, in one query.

    Comparing with a changed page needs both: loaded one attribute at a time they
    cost a query each, and each query first flushed whatever the recorder had
    changed on the target so far. Loaded attributes are left as they are.
    """
    unloaded = sa_inspect(row).unloaded
    columns = [
        column
        for column in (VersionRow.blocks, VersionRow.facts if facts else None)
        if column is not None and column.key in unloaded
    ]
    if not columns:
        return
    with session.no_autoflush:
        values = session.execute(select(*columns).where(VersionRow.id == row.id)).one()
    for column, value in zip(columns, values, strict=True):
        set_committed_value(row, column.key, value)


def version_document(row: VersionRow) -> Document:
    return Document(
        blocks=codec.from_jsonable(tuple[Block, ...], row.blocks),
        title=row.title,
        language=row.language,
        extractor_version=row.extractor_version,
        source_type=row.source_type,
    )


def version_facts(row: VersionRow) -> Facts | None:
    return codec.facts_from_row(row.facts) if row.facts is not None else None


# --------------------------------------------------------------------------- changes


def add_change(
    session: Session,
    target: TargetRow,
    *,
    from_version: VersionRow | None,
    to_version: VersionRow,
    change: Change,
) -> ChangeRow:
    return _insert(
        session,
        ChangeRow,
        {
            "target_id": target.id,
            "from_version_id": from_version.id if from_version is not None else None,
            "to_version_id": to_version.id,
            "severity": Severity(change.severity).value,
            "summary": change.summary,
            "facts_delta": codec.to_jsonable(change.fact_changes),
            "diff_stats": codec.to_jsonable(change.text_diff.stats),
            "hunks": []
            if hunk_made_on_reading(change.severity, from_version)
            else codec.to_jsonable(change.text_diff.hunks),
            "announcements": codec.to_jsonable(change.announcements),
            "extra": codec.to_jsonable(change.extra),
            "created_at": utcnow(),
        },
    )


def change_for_version(session: Session, version: VersionRow) -> ChangeRow | None:
    """The change that introduced ``version`` (None if it was recorded without one)."""
    return session.scalars(
        select(ChangeRow).where(ChangeRow.to_version_id == version.id)
    ).one_or_none()


@dataclass(frozen=True, slots=True)
class VersionSummary:
    """One line of a target's history: what `noticewatch history` prints."""

    number: int
    fetched_at: datetime
    chars: int
    snapshot_sha256: str
    severity: str | None
    summary: str


def version_summaries(session: Session, target_pk: int) -> list[VersionSummary]:
    """A target's versions, oldest first, without their text, blocks or facts.

    One query: a history of many versions of a 100 KB notice would otherwise decode every
    version's blocks and facts (hundreds of KB of JSON each) only to print a size.
    """
    rows = session.execute(
        select(
            VersionRow.number,
            VersionRow.fetched_at,
            func.length(VersionRow.text),
            SnapshotRow.sha256,
            ChangeRow.severity,
            ChangeRow.summary,
        )
        .join(SnapshotRow, SnapshotRow.id == VersionRow.snapshot_id)
        .outerjoin(ChangeRow, ChangeRow.to_version_id == VersionRow.id)
        .where(VersionRow.target_id == target_pk)
        .order_by(VersionRow.number)
    )
    return [
        VersionSummary(number, fetched_at, chars or 0, sha, severity, summary or "")
        for number, fetched_at, chars, sha, severity, summary in rows
    ]


def hunk_made_on_reading(severity: Severity | str, from_version: Any) -> bool:
    """A first version's change (no version before it): stored without its hunk, which
    ``monitor.diff.stored`` makes again from the version's text when it is read."""
    return from_version is None and Severity(severity) is Severity.FIRST


def change_model(row: ChangeRow) -> Change:
    """The change as stored: a first version's without its hunk (see ``monitor.diff.stored``)."""
    return Change(
        severity=Severity(row.severity),
        text_diff=TextDiff(
            hunks=codec.from_jsonable(tuple[Hunk, ...], row.hunks),
            stats=codec.from_jsonable(DiffStats, row.diff_stats),
        ),
        fact_changes=codec.from_jsonable(tuple[FactChange, ...], row.facts_delta),
        announcements=codec.from_jsonable(tuple[Announcement, ...], row.announcements),
        summary=row.summary,
        extra=dict(row.extra or {}),
    )


# --------------------------------------------------------------------------- fetch log


def add_fetch(
    session: Session, target: TargetRow, *, flush: bool = True, **fields: Any
) -> FetchRow:
    """Log one fetch (``fields``: those of :func:`fetch_values`); ``flush=False`` leaves the
    INSERT to the next flush (a batch's rows together).

    Flushed, the row goes in by a Core insert (see :func:`_insert`); unflushed,
    through the session, whose flush writes a batch's rows in one executemany.
    """
    values = fetch_values(target.id, **fields)
    if flush:
        row: FetchRow = _insert(session, FetchRow, values)
        return row
    row = FetchRow(**values)
    session.add(row)
    return row


def fetch_values(
    target_pk: int,
    *,
    crawl_id: str | None,
    started_at: datetime,
    duration_ms: float | None,
    http_status: int | None,
    final_url: str | None,
    outcome: str,
    anomaly_kind: str | None = None,
    error: str | None = None,
    snapshot: SnapshotRow | None = None,
    version: VersionRow | VersionKey | None = None,
) -> dict[str, Any]:
    """The columns of one fetch log row (:func:`add_fetch`, :func:`add_fetches`)."""
    return {
        "target_id": target_pk,
        "crawl_id": crawl_id,
        "started_at": started_at,
        "duration_ms": float(duration_ms) if duration_ms is not None else None,
        "http_status": http_status,
        "final_url": final_url,
        "outcome": outcome,
        "anomaly_kind": anomaly_kind,
        "error": error,
        "snapshot_id": snapshot.id if snapshot is not None else None,
        "version_id": version.id if version is not None else None,
    }


def last_fetch_outcomes(session: Session, target_pks: Iterable[int]) -> dict[int, str]:
    """Each target's last fetch outcome (the fetch :func:`last_fetch` finds), by target id.

    One statement per 500 targets, each target's fetch found through the
    (target_id, started_at) index: ``noticewatch targets`` listed 2,000 targets in
    25 s with a query per target for its last fetch and one loading its latest version.
    """
    last = (
        select(FetchRow.outcome)
        .where(FetchRow.target_id == TargetRow.id)
        .order_by(FetchRow.started_at.desc(), FetchRow.id.desc())
        .limit(1)
        .correlate(TargetRow)
        .scalar_subquery()
    )
    found: dict[int, str] = {}
    for chunk in in_chunks(sorted(set(target_pks))):
        rows = session.execute(select(TargetRow.id, last).where(TargetRow.id.in_(chunk)))
        found.update({pk: outcome for pk, outcome in rows if outcome is not None})
    return found


def last_fetch(session: Session, target_pk: int) -> FetchRow | None:
    return session.scalars(
        select(FetchRow)
        .where(FetchRow.target_id == target_pk)
        .order_by(FetchRow.started_at.desc(), FetchRow.id.desc())
        .limit(1)
    ).first()


# --------------------------------------------------------------------------- incidents


def target_status_counts(session: Session) -> dict[str, int]:
    """Enabled targets by status (``ok``, ``failing``, ``blocked`` ...)."""
    rows = session.execute(
        select(TargetRow.status, func.count())
        .where(TargetRow.enabled.is_(True))
        .group_by(TargetRow.status)
    )
    return {status: count for status, count in rows}


def last_fetch_times(session: Session, outcomes: Collection[str]) -> dict[str, datetime]:
    """When each enabled target last had a fetch with one of ``outcomes`` (aware UTC)."""
    rows = session.execute(
        select(TargetRow.slug, func.max(FetchRow.started_at))
        .join(FetchRow, FetchRow.target_id == TargetRow.id)
        .where(FetchRow.outcome.in_(list(outcomes)), TargetRow.enabled.is_(True))
        .group_by(TargetRow.slug)
    )
    return {
        slug: when if when.tzinfo else when.replace(tzinfo=UTC)
        for slug, when in rows
        if when is not None
    }


def open_incident(session: Session, target: TargetRow, kind: str, error: str | None) -> IncidentRow:
    """The target's open incident, updated with this failure, or a new one.

    ``failures`` counts the consecutive failed checks, including those before
    the incident opened (taken from ``target.consecutive_failures``).
    """
    incident = open_incident_of(session, target.id)
    streak = target.consecutive_failures or 0
    if incident is None:
        incident = IncidentRow(
            target_id=target.id,
            kind=kind,
            opened_at=utcnow(),
            last_error=error,
            failures=max(1, streak),
        )
        session.add(incident)
    else:
        incident.kind = kind
        incident.last_error = error
        incident.failures = max(incident.failures + 1, streak)
    session.flush()
    return incident


def resolve_incident(session: Session, target: TargetRow) -> IncidentRow | None:
    """Close the target's open incident; None when there was none."""
    incident = open_incident_of(session, target.id)
    if incident is not None:
        incident.resolved_at = utcnow()
        session.flush()
    return incident


def open_incident_of(session: Session, target_pk: int) -> IncidentRow | None:
    return session.scalars(
        select(IncidentRow).where(
            IncidentRow.target_id == target_pk, IncidentRow.resolved_at.is_(None)
        )
    ).one_or_none()


def list_incidents(session: Session, target_pk: int | None = None) -> list[IncidentRow]:
    """Newest first; all targets unless ``target_pk``."""
    query = select(IncidentRow).order_by(IncidentRow.opened_at.desc(), IncidentRow.id.desc())
    if target_pk is not None:
        query = query.where(IncidentRow.target_id == target_pk)
    return list(session.scalars(query))
