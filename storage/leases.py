"""Who is checking a target right now: leases on target rows, so each check happens once.

Several processes may want the same target at the same moment: two daemons
sharing one PostgreSQL database, or a daemon and a ``noticewatch recrawl``
started by hand. Each of them only fetches a target after writing its lease on
the target's row (``claimed_by`` = its worker id, ``claimed_until`` = when the
lease ends), and clears it when the check is recorded, setting
``next_check_at`` to the next planned check at the same time.

- PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` picks the candidate rows no
  other transaction is claiming at that instant, then an UPDATE writes the
  lease. Two daemons claiming at once get disjoint sets, and neither waits.
- SQLite: the claim transaction starts with ``BEGIN IMMEDIATE``, taking the
  single write lock before reading, so the read and the UPDATE see the same rows.

The UPDATE repeats the "no live lease" condition (a guard that costs nothing
under the lock and protects a caller that forgot it). A lease that is not
released — its holder was killed — simply ends at ``claimed_until``; the target
is then claimable again. Holders that work longer renew their leases. A lease
whose holder ran on this host (``claimed_by`` starts with this host's name) and
whose process is gone is taken over at once: a ``kill -9`` of a recrawl or a
daemon does not block the next one on the same machine.

Times are the callers' clocks (aware UTC datetimes): daemons on several
machines must keep their clocks in sync (NTP), as for any lease.

None of these functions commits: the caller's ``Database.session()`` block is
the transaction, and it should commit right after a claim, before fetching.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from storage.db import begin_immediate, in_chunks
from storage.models import FetchRow, TargetRow, utcnow

__all__ = [
    "KEEP",
    "Claim",
    "bring_forward",
    "claim",
    "claim_due",
    "holders",
    "last_fetch_ids",
    "next_checks",
    "release",
    "release_all",
    "renew",
    "worker_id",
]

#: ``release`` value meaning "leave next_check_at as it is" (the check did not happen).
KEEP: Any = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A target this worker now holds, until ``until`` unless renewed."""

    id: int
    slug: str
    #: ``next_check_at`` when it was claimed: when this check was planned (None: never planned).
    planned: datetime | None
    until: datetime


def worker_id(role: str | None = None) -> str:
    """``host:pid:random`` (plus ``:role``): unique per holder, readable in ``claimed_by``."""
    name = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
    return f"{name}:{role}" if role else name


def _free(now: datetime) -> Any:
    """No live lease: never claimed, released, or the holder's lease is over."""
    return or_(TargetRow.claimed_until.is_(None), TargetRow.claimed_until < now)


def _due(now: datetime) -> Any:
    return or_(TargetRow.next_check_at.is_(None), TargetRow.next_check_at <= now)


def _local_process_gone(worker: str | None) -> bool:
    """True when ``worker`` (``host:pid:...``) ran on this host and its process no longer exists.

    Another host's holder, an unreadable id, or a live process (even one that
    merely reuses the pid) is never taken for dead: those leases run out as usual.
    """
    host, _, rest = (worker or "").partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid() or pid <= 1:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a zombie (killed, not yet reaped by its parent) is gone too
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def _expire_dead_local(session: Session, where: Any, now: datetime) -> None:
    """End the live leases, among rows matching ``where``, of processes of this host that died."""
    holders = session.scalars(
        select(TargetRow.claimed_by)
        .where(where, TargetRow.claimed_until.is_not(None), TargetRow.claimed_until >= now)
        .distinct()
    ).all()
    dead = [worker for worker in holders if _local_process_gone(worker)]
    if dead:
        session.execute(
            update(TargetRow)
            .where(TargetRow.claimed_by.in_(dead))
            .values(claimed_by=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )


def _claim(
    session: Session,
    where: Any,
    *,
    worker: str,
    now: datetime,
    lease_seconds: float,
    limit: int | None,
) -> list[Claim]:
    pick = (
        select(TargetRow.id, TargetRow.slug, TargetRow.next_check_at)
        .where(where, _free(now))
        .order_by(TargetRow.next_check_at.nulls_first(), TargetRow.id)
    )
    if limit is not None:
        pick = pick.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    else:
        begin_immediate(session)
    _expire_dead_local(session, where, now)
    rows = session.execute(pick).all()
    if not rows:
        return []
    until = now + timedelta(seconds=lease_seconds)
    ids = [row.id for row in rows]
    session.execute(
        update(TargetRow)
        .where(TargetRow.id.in_(ids), _free(now))
        .values(claimed_by=worker, claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    ours = set(
        session.scalars(
            select(TargetRow.id).where(TargetRow.id.in_(ids), TargetRow.claimed_by == worker)
        )
    )
    return [Claim(row.id, row.slug, row.next_check_at, until) for row in rows if row.id in ours]


def claim_due(
    session: Session,
    slugs: Collection[str],
    *,
    worker: str,
    lease_seconds: float,
    now: datetime | None = None,
    early: float = 0.0,
    limit: int | None = None,
) -> list[Claim]:
    """Lease those of ``slugs`` that are enabled, due (``next_check_at`` passed, or never set) and free.

    ``early`` also takes targets due within that many seconds (daemons on several
    machines whose clocks differ by a little). Earliest planned first, at most ``limit``.
    """
    now = now or utcnow()
    if not slugs:
        return []
    horizon = now + timedelta(seconds=early)
    claims: list[Claim] = []
    for chunk in in_chunks(sorted(slugs)):
        remaining = None if limit is None else limit - len(claims)
        if remaining is not None and remaining <= 0:
            break
        claims += _claim(
            session,
            and_(TargetRow.slug.in_(chunk), TargetRow.enabled.is_(True), _due(horizon)),
            worker=worker,
            now=now,
            lease_seconds=lease_seconds,
            limit=remaining,
        )
    return claims


def claim(
    session: Session,
    slugs: Collection[str],
    *,
    worker: str,
    lease_seconds: float,
    now: datetime | None = None,
) -> list[Claim]:
    """Lease those of ``slugs`` that are free, due or not, enabled or not (a check asked for by hand)."""
    now = now or utcnow()
    claims: list[Claim] = []
    for chunk in in_chunks(sorted(slugs)):
        claims += _claim(
            session,
            TargetRow.slug.in_(chunk),
            worker=worker,
            now=now,
            lease_seconds=lease_seconds,
            limit=None,
        )
    return claims


def holders(
    session: Session, slugs: Collection[str], *, now: datetime | None = None
) -> dict[str, tuple[str, datetime]]:
    """The live leases among ``slugs``: slug -> (worker, until)."""
    now = now or utcnow()
    found: dict[str, tuple[str, datetime]] = {}
    for chunk in in_chunks(sorted(slugs)):
        rows = session.execute(
            select(TargetRow.slug, TargetRow.claimed_by, TargetRow.claimed_until).where(
                TargetRow.slug.in_(chunk),
                TargetRow.claimed_until.is_not(None),
                TargetRow.claimed_until >= now,
            )
        )
        found.update({row.slug: (row.claimed_by or "?", row.claimed_until) for row in rows})
    return found


def renew(
    session: Session,
    ids: Iterable[int],
    *,
    worker: str,
    lease_seconds: float,
    now: datetime | None = None,
) -> set[int]:
    """Extend this worker's leases on ``ids``; returns the ids it still holds.

    A lease that already ended may have been taken by another worker: it is not
    taken back (the id is missing from the result).
    """
    now = now or utcnow()
    ids = list(ids)
    held: set[int] = set()
    until = now + timedelta(seconds=lease_seconds)
    for chunk in in_chunks(ids):
        session.execute(
            update(TargetRow)
            .where(
                TargetRow.id.in_(chunk),
                TargetRow.claimed_by == worker,
                TargetRow.claimed_until.is_not(None),
                TargetRow.claimed_until >= now,
            )
            .values(claimed_until=until)
            .execution_options(synchronize_session=False)
        )
        held |= set(
            session.scalars(
                select(TargetRow.id).where(
                    TargetRow.id.in_(chunk),
                    TargetRow.claimed_by == worker,
                    TargetRow.claimed_until == until,
                )
            )
        )
    return held


def release(session: Session, done: Mapping[int, datetime | None], *, worker: str) -> int:
    """End this worker's leases on ``done``'s ids, setting each one's next planned check.

    ``done`` maps target id -> next ``next_check_at``, or ``KEEP`` (None) to leave
    it as it is (the check did not happen: the target stays due). Leases another
    worker has taken since are left alone. Returns how many were released.
    """
    table = TargetRow.__table__
    released = 0
    planned = [{"b_id": i, "b_next": n} for i, n in done.items() if n is not None]
    kept = [{"b_id": i} for i, n in done.items() if n is None]
    ours = and_(table.c.id == bindparam("b_id"), table.c.claimed_by == worker)
    connection = session.connection()
    if planned:
        result = connection.execute(
            table.update()
            .where(ours)
            .values(
                claimed_by=None,
                claimed_until=None,
                next_check_at=bindparam("b_next", type_=TargetRow.next_check_at.type),
            ),
            planned,
        )
        released += max(result.rowcount, 0)
    if kept:
        result = connection.execute(
            table.update().where(ours).values(claimed_by=None, claimed_until=None),
            kept,
        )
        released += max(result.rowcount, 0)
    return released


def release_all(session: Session, *, worker: str) -> int:
    """End every lease of ``worker`` without moving any planned check (shutdown, abandoned crawl)."""
    result = session.execute(
        update(TargetRow)
        .where(TargetRow.claimed_by == worker)
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return max(result.rowcount, 0)


def last_fetch_ids(session: Session, slugs: Collection[str]) -> dict[str, int]:
    """The id of each target's newest fetch row (0 when none): tells a check done meanwhile."""
    found: dict[str, int] = dict.fromkeys(slugs, 0)
    for chunk in in_chunks(sorted(slugs)):
        rows = session.execute(
            select(TargetRow.slug, func.max(FetchRow.id))
            .join(FetchRow, FetchRow.target_id == TargetRow.id)
            .where(TargetRow.slug.in_(chunk))
            .group_by(TargetRow.slug)
        )
        found.update({slug: fetch_id or 0 for slug, fetch_id in rows})
    return found


def next_checks(session: Session, slugs: Collection[str]) -> dict[str, datetime | None]:
    """The stored ``next_check_at`` of each target in ``slugs`` that has a row."""
    found: dict[str, datetime | None] = {}
    for chunk in in_chunks(sorted(slugs)):
        rows = session.execute(
            select(TargetRow.slug, TargetRow.next_check_at).where(TargetRow.slug.in_(chunk))
        )
        found.update({slug: when for slug, when in rows})
    return found


def bring_forward(session: Session, first: Mapping[str, datetime]) -> None:
    """No stored next check may stay later than ``first[slug]`` (a schedule was shortened)."""
    for slug, when in first.items():
        session.execute(
            update(TargetRow)
            .where(
                TargetRow.slug == slug,
                or_(TargetRow.next_check_at.is_(None), TargetRow.next_check_at > when),
            )
            .values(next_check_at=when)
        )
