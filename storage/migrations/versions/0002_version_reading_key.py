"""versions.reading_key: how a version was read (extractor version, selectors, language).

A recrawl that receives the very bytes of the latest version, read the same way,
needs no extraction at all; this key tells "read the same way" apart from a
watchlist whose selectors changed since.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.add_column(sa.Column("reading_key", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("reading_key")
