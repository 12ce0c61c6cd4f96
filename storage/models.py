"""The tables noticewatch remembers things in (SQLAlchemy 2.x typed ORM).

The same models run on SQLite (the default, nothing to install) and PostgreSQL
(deployments with several workers), so only portable types are used: JSON is
JSONB on PostgreSQL, and every timestamp goes through :class:`UTCDateTime`,
which stores UTC and always hands back timezone-aware UTC datetimes (SQLite
has no timezone type and would otherwise return naive ones).

The schema itself is owned by the Alembic migrations in ``storage/migrations``;
a test checks that these models and the migrations describe the same schema.
Enumerated values (statuses, outcomes) are plain strings listed below rather
than CHECK constraints, so adding one never needs a table rebuild on SQLite.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: targets.status
TARGET_STATUSES = ("new", "ok", "failing", "blocked")
#: fetches.outcome
FETCH_OUTCOMES = ("new_version", "unchanged", "not_modified", "anomaly", "failed", "reextracted")
#: alerts.kind and alerts.status
ALERT_KINDS = ("change", "operational", "test")
ALERT_STATUSES = ("pending", "sending", "sent", "failed", "dead")
#: incidents.kind
INCIDENT_KINDS = ("failing", "blocked")

# Constraint names are part of the schema: migrations (and SQLite batch rebuilds) refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back as an aware UTC datetime.

    Naive datetimes are refused: whether they meant local time or UTC is a
    guess, and a wrong guess shifts a notice's history by hours.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"naive datetime {value.isoformat()} refused: pass an aware UTC datetime"
            )
        value = value.astimezone(UTC)
        # SQLite stores text without an offset: keep it UTC and naive there so text order is time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


#: JSON everywhere, JSONB on PostgreSQL (smaller, indexable).
JSONType = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TargetRow(Base):
    """One watched notice: its configuration (synced from the watchlist) and its check state."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Target.id from the watchlist.
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    service: Mapped[str] = mapped_column(String(200), default="")
    document: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str | None] = mapped_column(String(50))
    language: Mapped[str | None] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text)
    #: select, remove, headers, cookies, proxy (password masked), timeout, max_shrink, obey_robots, tags.
    options: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    schedule: Mapped[str] = mapped_column(String(100), default="6h")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Validators for conditional GET; reset when what the server is asked for changes.
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="new")
    # Lease taken by a daemon worker (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL).
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_targets_due", "enabled", "next_check_at"),)

    def __repr__(self) -> str:
        return f"TargetRow(id={self.id!r}, slug={self.slug!r}, status={self.status!r})"


class SnapshotRow(Base):
    """A raw body exactly as fetched, stored once per SHA-256, compressed."""

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Hex SHA-256 of the raw (uncompressed) body.
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str | None] = mapped_column(String(200))
    #: Raw size in bytes.
    size: Mapped[int] = mapped_column(Integer)
    compression: Mapped[str] = mapped_column(String(20), default="zlib")
    # Deferred: listing versions must not pull every body out of the database.
    body: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"SnapshotRow(id={self.id!r}, sha256={self.sha256[:12]!r}, size={self.size!r})"


class VersionRow(Base):
    """A new normalized text of a target: recorded only when the text changed."""

    __tablename__ = "versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"))
    #: 1, 2, 3 ... per target.
    number: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    #: Document.text: one block per line.
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    #: Document.blocks as JSON (codec).
    blocks: Mapped[list[Any]] = mapped_column(JSONType)
    #: Facts as JSON (codec), when the analyzer ran.
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    title: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(20))
    #: Document.source_type (text/html, application/pdf ...).
    source_type: Mapped[str] = mapped_column(String(100), default="text/html")
    extractor_version: Mapped[str] = mapped_column(String(50), default="")
    #: Digest of how the snapshot was read (extractor version, selectors, language).
    reading_key: Mapped[str | None] = mapped_column(String(64))
    analyzer_version: Mapped[str | None] = mapped_column(String(50))
    effective_date: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    target: Mapped[TargetRow] = relationship()
    snapshot: Mapped[SnapshotRow] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (UniqueConstraint("target_id", "number"),)

    def __repr__(self) -> str:
        return f"VersionRow(id={self.id!r}, target_id={self.target_id!r}, number={self.number!r})"


class ChangeRow(Base):
    """What happened between two versions: severity, facts delta, text diff."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"))
    #: None for the first version of a target.
    from_version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    #: One change per version: the one that introduced it.
    to_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), unique=True)
    #: Severity value: material | editorial | reextraction | first | none.
    severity: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text, default="")
    #: Change.fact_changes.
    facts_delta: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    #: Change.text_diff.stats.
    diff_stats: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    #: Change.text_diff.hunks.
    hunks: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    announcements: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    #: Change.extra.
    extra: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    target: Mapped[TargetRow] = relationship()
    from_version: Mapped[VersionRow | None] = relationship(foreign_keys=[from_version_id])
    to_version: Mapped[VersionRow] = relationship(foreign_keys=[to_version_id])

    __table_args__ = (Index("ix_changes_target_created", "target_id", "created_at"),)

    def __repr__(self) -> str:
        return f"ChangeRow(id={self.id!r}, to_version_id={self.to_version_id!r}, severity={self.severity!r})"


class FetchRow(Base):
    """Every attempt to fetch a target, whatever came of it."""

    __tablename__ = "fetches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"))
    #: Groups the fetches of one crawl (one recrawl run, one daemon tick).
    crawl_id: Mapped[str | None] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[float | None] = mapped_column(Float)
    http_status: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(Text)
    #: One of FETCH_OUTCOMES.
    outcome: Mapped[str] = mapped_column(String(20))
    anomaly_kind: Mapped[str | None] = mapped_column(String(50))
    error: Mapped[str | None] = mapped_column(Text)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))

    target: Mapped[TargetRow] = relationship()
    snapshot: Mapped[SnapshotRow | None] = relationship()
    version: Mapped[VersionRow | None] = relationship()

    __table_args__ = (Index("ix_fetches_target_started", "target_id", "started_at"),)

    def __repr__(self) -> str:
        return f"FetchRow(id={self.id!r}, target_id={self.target_id!r}, outcome={self.outcome!r})"


class IncidentRow(Base):
    """A target that keeps failing or looks blocked, from the first alarm to recovery."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"))
    #: failing | blocked
    kind: Mapped[str] = mapped_column(String(20))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)

    target: Mapped[TargetRow] = relationship()

    __table_args__ = (
        Index("ix_incidents_target_opened", "target_id", "opened_at"),
        # At most one open incident per target, even with two workers racing.
        Index(
            "uq_incidents_open_target",
            "target_id",
            unique=True,
            sqlite_where=text("resolved_at IS NULL"),
            postgresql_where=text("resolved_at IS NULL"),
        ),
    )

    def __repr__(self) -> str:
        return f"IncidentRow(id={self.id!r}, target_id={self.target_id!r}, kind={self.kind!r})"


class AlertRow(Base):
    """The outbox: one message to deliver, written in the transaction that decided it."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: change | operational | test
    kind: Mapped[str] = mapped_column(String(20))
    #: Channel name from the watchlist's alerting configuration.
    channel: Mapped[str] = mapped_column(String(200))
    #: Same key for every attempt of the same alert: receivers deduplicate on it.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id"))
    change_id: Mapped[int | None] = mapped_column(ForeignKey("changes.id"))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    #: One of ALERT_STATUSES.
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Lease of the dispatcher delivering it; an expired lease makes it deliverable again.
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The frozen message data, so a retry sends exactly the same alert.
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSONType)

    target: Mapped[TargetRow | None] = relationship()
    change: Mapped[ChangeRow | None] = relationship()
    incident: Mapped[IncidentRow | None] = relationship()

    __table_args__ = (Index("ix_alerts_status_next_attempt", "status", "next_attempt_at"),)

    def __repr__(self) -> str:
        return f"AlertRow(id={self.id!r}, channel={self.channel!r}, status={self.status!r})"


class InstallationRow(Base):
    """This database's identity: one row, made the first time an alert needs a key.

    Alert keys and Message-IDs include it, so two installations (or a database rebuilt
    from scratch) never hand a receiver the same key for different alerts. See
    ``storage.installation``.
    """

    __tablename__ = "installation"

    #: Always 1: there is one row.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: 32 random hex digits (a UUID4).
    uuid: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"InstallationRow(uuid={self.uuid!r})"


class RobotsRow(Base):
    """A site's robots.txt as last fetched, kept across crawls until it expires.

    The daemon and repeated ``recrawl`` runs read it instead of fetching it again
    (``crawler.robots``); ``expires_at`` comes from the response's Cache-Control
    max-age or Expires, else one day after the fetch.
    """

    __tablename__ = "robots_txt"

    #: "https://host[:port]", as the crawler requests it.
    site: Mapped[str] = mapped_column(String(300), primary_key=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return (
            f"RobotsRow(site={self.site!r}, status={self.status!r}, expires_at={self.expires_at!r})"
        )
