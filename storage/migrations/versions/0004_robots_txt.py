"""robots_txt: each site's robots.txt kept across crawls until its cache headers say it expired.

robots.txt used to be fetched once per site per crawl: the daemon asked every site
for it again at every check, and so did every ``recrawl``. The crawler now keeps it
in memory and here (``crawler.robots``, ``storage.robots``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "robots_txt",
        sa.Column("site", sa.String(300), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("site", name="pk_robots_txt"),
    )


def downgrade() -> None:
    op.drop_table("robots_txt")
