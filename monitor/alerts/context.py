"""What an alert is about, read from the database once: a change or an incident, and the alert itself.

The renderers (``email_content``, ``bodies``) take these plain objects and never
touch the database, so they are pure functions of what was stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from monitor import codec
from monitor.model import Announcement, Card, DiffStats, FactChange, Facts, Severity, TextDiff
from monitor.targets import Target


@dataclass(frozen=True, slots=True)
class VersionRef:
    number: int
    fetched_at: datetime
    text_sha256: str
    effective_date: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeContext:
    """Everything an alert about one change may say, read from the database once."""

    change_id: int
    target: Target
    severity: Severity
    summary: str
    from_version: VersionRef | None
    to_version: VersionRef
    fact_changes: tuple[FactChange, ...]
    announcements: tuple[Announcement, ...]
    text_diff: TextDiff
    detected_at: datetime
    #: The change as cards, most important first (see ``monitor.diff.cards``): rebuilt from
    #: the two versions' stored facts, so alerts about changes recorded before cards existed
    #: get them too. Empty when the facts did not change.
    cards: tuple[Card, ...] = ()
    #: The language the cards' labels are in (the notice's).
    language: str = "en"
    #: The database's installation id (``storage.installation``), for the alert's keys.
    installation: str = ""


@dataclass(frozen=True, slots=True)
class IncidentContext:
    incident_id: int
    target: Target
    #: failing | blocked
    kind: str
    #: opened | resolved
    event: str
    opened_at: datetime
    resolved_at: datetime | None
    failures: int
    last_error: str | None
    #: The database's installation id (``storage.installation``), for the alert's keys.
    installation: str = ""


@dataclass(frozen=True, slots=True)
class Envelope:
    """The identity of one alert: the same for every attempt to deliver it."""

    key: str
    kind: str
    channel: str
    created_at: datetime
    alert_id: int | None = None
    include_diff: bool = True


def target_from_row(row: Any) -> Target:
    """The Target as stored (the alert describes what was watched, not today's watchlist)."""
    options = row.options or {}
    return Target(
        id=row.slug,
        url=row.url,
        service=row.service or row.slug,
        document=row.document or "",
        region=row.region,
        language=row.language,
        tags=tuple(options.get("tags") or ()),
    )


def _version_ref(row: Any) -> VersionRef:
    return VersionRef(
        number=row.number,
        fetched_at=row.fetched_at,
        text_sha256=row.text_sha256,
        effective_date=row.effective_date,
    )


def load_change(session: Any, change: Any) -> ChangeContext:
    """Read a change (a ChangeRow or its id) with its versions and target."""
    from monitor.diff.stored import stored_hunks
    from storage.installation import installation_id
    from storage.models import ChangeRow, TargetRow, VersionRow

    row = change if isinstance(change, ChangeRow) else session.get(ChangeRow, change)
    if row is None:
        raise LookupError(f"change {change!r} not found")
    target_row = session.get(TargetRow, row.target_id)
    to_row = session.get(VersionRow, row.to_version_id)
    from_row = (
        session.get(VersionRow, row.from_version_id) if row.from_version_id is not None else None
    )
    fact_changes = codec.from_jsonable(tuple[FactChange, ...], row.facts_delta or [])
    target = target_from_row(target_row)
    cards, language = change_cards(from_row, to_row, fact_changes, target.language)
    return ChangeContext(
        change_id=row.id,
        target=target,
        severity=Severity(row.severity),
        summary=row.summary or "",
        from_version=_version_ref(from_row) if from_row is not None else None,
        to_version=_version_ref(to_row),
        fact_changes=fact_changes,
        announcements=codec.from_jsonable(tuple[Announcement, ...], row.announcements or []),
        text_diff=TextDiff(
            hunks=stored_hunks(row),  # a first version's are made from its text
            stats=codec.from_jsonable(DiffStats, row.diff_stats or {}),
        ),
        detected_at=row.created_at,
        cards=cards,
        language=language,
        installation=installation_id(session),
    )


def change_cards(
    from_row: Any, to_row: Any, delta: tuple[FactChange, ...], language: str | None
) -> tuple[tuple[Card, ...], str]:
    """The cards of a stored change, from its delta and the two versions' facts; and their language."""
    from monitor.diff.cards import build_cards
    from storage.repo import version_facts

    new = version_facts(to_row) if to_row is not None else None
    old = version_facts(from_row) if from_row is not None else None
    lang = (new.language if new is not None else None) or language or "en"
    empty = Facts(language=lang)
    return build_cards(old or empty, new or empty, delta, lang), lang


def load_incident(session: Any, incident: Any, event: str) -> IncidentContext:
    from storage.installation import installation_id
    from storage.models import IncidentRow, TargetRow

    row = incident if isinstance(incident, IncidentRow) else session.get(IncidentRow, incident)
    if row is None:
        raise LookupError(f"incident {incident!r} not found")
    return IncidentContext(
        incident_id=row.id,
        target=target_from_row(session.get(TargetRow, row.target_id)),
        kind=row.kind,
        event=event,
        opened_at=row.opened_at,
        resolved_at=row.resolved_at if event == "resolved" else None,
        failures=row.failures or 0,
        last_error=row.last_error,
        installation=installation_id(session),
    )
