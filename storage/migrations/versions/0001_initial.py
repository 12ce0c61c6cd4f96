"""Initial schema: targets, snapshots, versions, changes, fetches, incidents, alerts.

Revision ID: 0001
Revises:
Create Date: 2025-11-29

Written by hand and frozen: later changes go in new revisions. The types are
spelled out here (not imported from storage.models) so this file keeps
describing the 0001 schema whatever the models become.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _ts(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("service", sa.String(200), nullable=False),
        sa.Column("document", sa.String(200), nullable=False),
        sa.Column("region", sa.String(50), nullable=True),
        sa.Column("language", sa.String(20), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("options", JSON, nullable=False),
        sa.Column("schedule", sa.String(100), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        _ts("next_check_at"),
        _ts("last_checked_at"),
        _ts("last_changed_at"),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("claimed_by", sa.String(200), nullable=True),
        _ts("claimed_until"),
        _ts("created_at", nullable=False),
        _ts("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_targets"),
        sa.UniqueConstraint("slug", name="uq_targets_slug"),
    )
    op.create_index("ix_targets_due", "targets", ["enabled", "next_check_at"])

    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(200), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("compression", sa.String(20), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        _ts("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_snapshots"),
        sa.UniqueConstraint("sha256", name="uq_snapshots_sha256"),
    )

    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        _ts("fetched_at", nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("blocks", JSON, nullable=False),
        sa.Column("facts", JSON, nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("language", sa.String(20), nullable=True),
        sa.Column("source_type", sa.String(100), nullable=False),
        sa.Column("extractor_version", sa.String(50), nullable=False),
        sa.Column("analyzer_version", sa.String(50), nullable=True),
        sa.Column("effective_date", sa.String(20), nullable=True),
        _ts("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_versions"),
        sa.ForeignKeyConstraint(
            ["target_id"], ["targets.id"], name="fk_versions_target_id_targets"
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name="fk_versions_snapshot_id_snapshots"
        ),
        sa.UniqueConstraint("target_id", "number", name="uq_versions_target_id_number"),
    )

    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("from_version_id", sa.Integer(), nullable=True),
        sa.Column("to_version_id", sa.Integer(), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("facts_delta", JSON, nullable=False),
        sa.Column("diff_stats", JSON, nullable=False),
        sa.Column("hunks", JSON, nullable=False),
        sa.Column("announcements", JSON, nullable=False),
        sa.Column("extra", JSON, nullable=False),
        _ts("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_changes"),
        sa.ForeignKeyConstraint(["target_id"], ["targets.id"], name="fk_changes_target_id_targets"),
        sa.ForeignKeyConstraint(
            ["from_version_id"], ["versions.id"], name="fk_changes_from_version_id_versions"
        ),
        sa.ForeignKeyConstraint(
            ["to_version_id"], ["versions.id"], name="fk_changes_to_version_id_versions"
        ),
        sa.UniqueConstraint("to_version_id", name="uq_changes_to_version_id"),
    )
    op.create_index("ix_changes_target_created", "changes", ["target_id", "created_at"])

    op.create_table(
        "fetches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.String(100), nullable=True),
        _ts("started_at", nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("anomaly_kind", sa.String(50), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("snapshot_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_fetches"),
        sa.ForeignKeyConstraint(["target_id"], ["targets.id"], name="fk_fetches_target_id_targets"),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name="fk_fetches_snapshot_id_snapshots"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name="fk_fetches_version_id_versions"
        ),
    )
    op.create_index("ix_fetches_target_started", "fetches", ["target_id", "started_at"])

    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        _ts("opened_at", nullable=False),
        _ts("resolved_at"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
        sa.ForeignKeyConstraint(
            ["target_id"], ["targets.id"], name="fk_incidents_target_id_targets"
        ),
    )
    op.create_index("ix_incidents_target_opened", "incidents", ["target_id", "opened_at"])
    op.create_index(
        "uq_incidents_open_target",
        "incidents",
        ["target_id"],
        unique=True,
        sqlite_where=sa.text("resolved_at IS NULL"),
        postgresql_where=sa.text("resolved_at IS NULL"),
    )

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(200), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("change_id", sa.Integer(), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _ts("next_attempt_at"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.String(200), nullable=True),
        _ts("claimed_until"),
        _ts("created_at", nullable=False),
        _ts("sent_at"),
        sa.Column("payload", JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.ForeignKeyConstraint(["target_id"], ["targets.id"], name="fk_alerts_target_id_targets"),
        sa.ForeignKeyConstraint(["change_id"], ["changes.id"], name="fk_alerts_change_id_changes"),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name="fk_alerts_incident_id_incidents"
        ),
        sa.UniqueConstraint("idempotency_key", name="uq_alerts_idempotency_key"),
    )
    op.create_index("ix_alerts_status_next_attempt", "alerts", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("alerts")
    op.drop_table("incidents")
    op.drop_table("fetches")
    op.drop_table("changes")
    op.drop_table("versions")
    op.drop_table("snapshots")
    op.drop_table("targets")
