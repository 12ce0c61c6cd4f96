"""This database's installation id: made once, the first time it is asked for, then kept.

Alert idempotency keys and Message-IDs include it (``monitor.alerts.keys``): two
installations watching the same notice, or a database rebuilt from scratch, never hand
a receiver the same key for different alerts, while every retry of one alert keeps its
key (the key is stored on the alert row when the alert is created). A copy of a
database (a backup restored elsewhere) is the same installation until its row is deleted.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import InstallationRow, utcnow

#: The primary key of the one row.
_ROW = 1


def installation_id(session: Session) -> str:
    """The id, made in the caller's transaction if this database has none yet.

    Two processes asking at once on a new database agree: the insert does nothing when
    the row is already there (on PostgreSQL it waits for the other's insert to commit),
    and both read the one row.
    """
    query = select(InstallationRow.uuid).where(InstallationRow.id == _ROW)
    found = session.scalar(query)
    if found is not None:
        return found
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(
        insert(InstallationRow)
        .values(id=_ROW, uuid=uuid.uuid4().hex, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["id"])
    )
    made = session.scalar(query)
    assert made is not None
    return made
