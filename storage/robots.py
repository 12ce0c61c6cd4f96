"""robots.txt kept in the database across crawls, for ``crawler.robots``.

The crawler knows nothing of storage: the Recorder hands it this store (its
``robots_store``), whose two blocking calls the crawler runs off the reactor thread.
"""

from __future__ import annotations

from datetime import datetime

from storage.db import Database
from storage.models import RobotsRow, utcnow


class RobotsStore:
    """``load`` / ``save`` a site's robots.txt body with its expiry (aware UTC datetimes)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def load(self, site: str) -> tuple[bytes, int, datetime] | None:
        """(body, status, expires_at) of the site's robots.txt, or None when there is none stored."""
        with self.database.session() as session:
            row = session.get(RobotsRow, site)
            if row is None:
                return None
            return row.body, row.status, row.expires_at

    def save(self, site: str, body: bytes, status: int, expires_at: datetime) -> None:
        with self.database.session() as session:
            row = session.get(RobotsRow, site)
            if row is None:
                row = RobotsRow(site=site)
                session.add(row)
            row.body, row.status = body, status
            row.fetched_at, row.expires_at = utcnow(), expires_at
