"""installation: this database's id, part of every alert's idempotency key and Message-ID.

Keys used to be made from the content alone (target, version, text hash, channel), so
two installations watching the same notice, or a database rebuilt from scratch, handed
a receiver the same key for different alerts, and a receiver that de-duplicates on it
dropped real ones. The row is made when an alert first needs it
(``storage.installation``), not here, so deleting it gives a copied database its own id.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "installation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_installation"),
    )


def downgrade() -> None:
    op.drop_table("installation")
