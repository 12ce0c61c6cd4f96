"""Turn one fetch into what noticewatch remembers: a fetch log row, maybe a version, a change, alerts.

This is where the functional core (check, extract, analyze, diff) meets storage.
The rule it enforces: a fetch that failed or looks wrong (error status, bot wall,
near-empty page, a text that suddenly shrank) is logged as such and never becomes
a version or a "notice changed" alert. Everything a fetch leads to is written in
one transaction, alerts included, so a crash never leaves a change without its alerts.
Fetches that change nothing (a 304, or the very bytes of the latest version, on a
target with no open incident) may instead be collected and written many to one
transaction (``process_unless_quiet`` then ``record_quiet``, driven by the crawler's
pipeline): a crash loses at most that batch of fetch log rows, never a version or alert.
Read pages (new or changed) may be written many to one transaction too
(``record_reads``): each page's rows, alerts and validators are in that one
transaction, so a crash before it commits loses the whole batch, and the next cycle,
which asks with the validators stored before it, fetches and detects those changes again.
The reading of a new or changed page (extraction and analysis: the CPU work) may
run elsewhere, in another process (``read_job`` then ``record_read``, driven by the
pipeline); it always goes through :func:`monitor.reading.read_page` and
:func:`monitor.reading.read_document`, so a page reads the same wherever it is read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from crawler.items import QUIET, FetchedNotice, FetchRequest, ReadJob
from monitor import reading
from monitor.analyze import ANALYZER_VERSION, analyze
from monitor.check import (
    Anomaly,
    browser_hint,
    check_document,
    check_extraction_failure,
    check_redirect,
    check_response,
    check_wall,
    moved_host,
)
from monitor.diff import compare
from monitor.extract import EXTRACTOR_VERSION, ExtractionError
from monitor.extract.decode import decoding_problem
from monitor.jsontext import EncodedFacts
from monitor.model import Change, Document, Facts, Severity, text_sha256
from monitor.parts import fill, needs_fill, validators
from monitor.reading import Checked, LatestText, PageReading, read_page
from monitor.targets import Target, selector_key
from storage import repo
from storage.db import Database, in_chunks

log = logging.getLogger(__name__)

#: Consecutive failed or blocked checks before a target counts as failing (an incident).
DEFAULT_FAILURES_BEFORE_INCIDENT = 3
#: A page that alternates between texts (regional variants served in turn, a part of the
#: page captured one time and not the next) comes back to a text it had: a fetch that is
#: not like the latest version but like one of the ALTERNATION_WINDOW before it is back
#: (see ``returned_to``). A first return is news (a notice that reverts a change is
#: alerted); once the page came back to a text before, it alternates, and returns are not.
ALTERNATION_WINDOW = 5
#: "Like": this share of the longer text's characters is in lines both texts have.
ALTERNATION_LIKENESS = 0.98

#: Target statuses with an open incident: the next good fetch resolves it (and alerts).
_INCIDENT_STATUSES = frozenset({"failing", "blocked"})

#: "Read the latest version from the database" (a batch passes the one it read already).
_LOOK_UP: Any = object()


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What one check of one target came to; printed by the CLI, counted by the daemon."""

    target_id: str
    #: new_version | unchanged | not_modified | reextracted | anomaly | failed
    outcome: str
    http_status: int | None = None
    version: int | None = None
    severity: Severity | None = None
    summary: str = ""
    reason: str | None = None
    duration_ms: float = 0.0
    #: The other host a followed redirect ended on (``follow_redirects = "any"``).
    moved_to: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome not in {"anomaly", "failed"}

    def describe(self) -> str:
        """One line for a person: what ``recrawl`` prints and the daemon logs for this check."""
        if self.outcome == "new_version":
            severity = self.severity.value if self.severity else "new"
            text = f"new version v{self.version} ({severity})"
            return f"{text}: {self.summary}" if self.summary else text
        if self.outcome == "unchanged" and self.moved_to:
            return f"unchanged (v{self.version}; moved to {self.moved_to})"
        if self.outcome == "reextracted":
            return f"re-extracted as v{self.version} (newer extractor; not a change of the notice)"
        if self.outcome == "restored":
            return f"restored as v{self.version}: {self.summary}"
        if self.outcome == "unchanged":
            return f"unchanged (v{self.version})"
        if self.outcome == "not_modified":
            return f"not modified (304, v{self.version})" if self.version else "not modified (304)"
        if self.outcome == "busy":
            return f"busy: {self.reason or 'being checked by another worker'}"
        status = f"HTTP {self.http_status}: " if self.http_status else ""
        label = "failed" if self.outcome == "failed" else "anomaly"
        return f"{label}: {status}{self.reason or 'unknown error'}"


def outcome_of(notice: FetchedNotice, result: object) -> FetchOutcome:
    """What the crawler reports for one request: the Recorder's outcome, or the error it raised."""
    if isinstance(result, FetchOutcome):
        return result
    return FetchOutcome(
        target_id=notice.target_id,
        outcome="failed",
        http_status=notice.status,
        reason=f"internal error while recording: {result}",
    )


class Recorder:
    """The crawler's NoticeProcessor: records each FetchedNotice; safe to call from a worker thread."""

    def __init__(
        self,
        database: Database,
        targets: Sequence[Target],
        *,
        alerting: Any = None,
        failures_before_incident: int | None = None,
    ) -> None:
        self.database = database
        self.targets: Mapping[str, Target] = {t.id: t for t in targets}
        self.alerting = alerting
        configured = getattr(getattr(alerting, "operational", None), "after_failures", None)
        self.failures_before_incident = (
            failures_before_incident or configured or DEFAULT_FAILURES_BEFORE_INCIDENT
        )
        #: The transaction of the batch :meth:`record_reads` is writing, in its thread.
        self._batch = threading.local()

    @property
    def robots_store(self) -> Any:
        """Where the crawler keeps robots.txt across crawls (``crawler.robots``)."""
        from storage.robots import RobotsStore

        return RobotsStore(self.database)

    # The crawler calls this, once per FetchRequest, in a worker thread, one at a time.
    def process(self, notice: FetchedNotice) -> FetchOutcome:
        """Record ``notice`` in its own transaction: fetch log row, version, change, alerts."""
        outcome = self._process(notice, defer_quiet=False)
        assert isinstance(outcome, FetchOutcome)
        return outcome

    def process_unless_quiet(self, notice: FetchedNotice) -> FetchOutcome | object:
        """Like :meth:`process`, but return :data:`QUIET` for a fetch that changes nothing.

        A quiet fetch (a 304, or the very bytes of the latest version) is not
        written here: the caller collects such notices and records them together
        with :meth:`record_quiet`, one transaction for many. Everything else (a
        failure, an anomaly, a new version with its change and alerts) is recorded
        now, in its own transaction, exactly as :meth:`process` does.
        """
        return self._process(notice, defer_quiet=True)

    def quiet_at_once(self, notice: FetchedNotice) -> bool:
        """Whether ``notice`` is quiet without asking the database: a 304 of a one-page notice.

        :meth:`process_unless_quiet` would say :data:`QUIET` for it without a query, so
        the pipeline skips that call (a trip to the writer thread, behind any batch
        being written) and queues the notice for :meth:`record_quiet` at once.
        """
        return (
            notice.error is None
            and notice.not_modified
            and not needs_fill(notice.body, notice.content_type)
        )

    def record_quiet(self, notices: Sequence[FetchedNotice]) -> list[FetchOutcome]:
        """Record fetches that :meth:`process_unless_quiet` called quiet, in ONE transaction.

        Outcomes come back in the order of ``notices``. A notice that is no longer
        quiet when it is written (its target is failing or blocked: the fetch closes
        an incident, with an alert; or the latest version changed meanwhile) is
        recorded after the batch, in its own transaction, by :meth:`process`.
        """
        outcomes: list[FetchOutcome | None] = [None] * len(notices)
        with self.database.session() as session:
            # A few queries for the whole batch, not two per fetch. A 304 needs its target's
            # id and status and its latest version's key, and is written with the batch's
            # others in two executemany statements (targets' UPDATE, fetch rows' INSERT):
            # no row objects to load, track and flush. A same-bytes fetch compares with the
            # latest version (hashes, snapshot), through its target's row object.
            same_bytes = {n.target_id for n in notices if not n.not_modified}
            rows = repo.get_targets(session, same_bytes) if same_bytes else {}
            states = repo.target_states(
                session, (n.target_id for n in notices if n.target_id not in same_bytes)
            )
            keys = repo.latest_version_keys(
                session,
                [states[slug].id for slug in states]
                + [rows[n.target_id].id for n in notices if n.not_modified and n.target_id in rows],
            )
            latest = (
                repo.latest_versions(session, [row.id for row in rows.values()], lazy_content=True)
                if rows
                else {}
            )
            checked: list[tuple[int, datetime]] = []
            fetches: list[dict[str, Any]] = []
            for i, notice in enumerate(notices):
                target = self.targets[notice.target_id]
                state = states.get(target.id)
                if state is not None:  # a 304 (its target has no same-bytes fetch here)
                    if state.status in _INCIDENT_STATUSES:
                        continue
                    previous = keys.get(state.id)
                    checked.append((state.id, notice.fetched_at))
                    fields = _fetch_fields(notice, "not_modified", version=previous)
                    fetches.append(repo.fetch_values(state.id, **fields))
                    outcomes[i] = self._outcome(
                        notice, "not_modified", version=previous.number if previous else None
                    )
                    continue
                row = rows.get(target.id)
                if row is None or row.status in _INCIDENT_STATUSES:
                    continue
                if notice.not_modified:
                    outcomes[i] = self._write_not_modified(
                        session, row, notice, target, previous=keys.get(row.id)
                    )
                    continue
                outcomes[i] = self._write_same_bytes(
                    session, row, notice, target, previous=latest.get(row.id)
                )
            repo.record_checks(session, checked)
            repo.add_fetches(session, fetches)
        return [
            outcome if outcome is not None else self.process(notice)
            for notice, outcome in zip(notices, outcomes, strict=True)
        ]

    def _process(self, notice: FetchedNotice, *, defer_quiet: bool) -> FetchOutcome | object:
        if defer_quiet and self.quiet_at_once(notice):
            return QUIET
        target = self.targets[notice.target_id]
        if notice.error is not None:
            return self._record_failure(notice, target, "failed", notice.error, None)
        if needs_fill(notice.body, notice.content_type):  # pages of a notice that answered 304
            try:
                notice = self._fill_pages(notice, target)
            except ValueError as exc:
                return self._record_failure(notice, target, "failed", str(exc), None)
            defer_quiet = False  # the pipeline holds the unfilled notice
        if notice.not_modified:  # filled, or not deferred: recorded now
            return self._record_not_modified(notice, target)
        anomaly = _refusal(notice)
        if anomaly is not None:
            outcome = "failed" if anomaly.kind == "http_error" else "anomaly"
            if anomaly.kind == "http_error":  # a challenge page behind a 403/429/503 is a wall
                anomaly = (
                    check_wall(
                        notice.body,
                        notice.content_type,
                        url=notice.final_url or notice.url,
                        min_chars=target.min_chars,
                    )
                    or anomaly
                )
            return self._record_failure(notice, target, outcome, anomaly.reason, anomaly)
        with self.database.session() as session:
            row = repo.get_target(session, target.id)
            previous = _latest(session, row)
            # The very bytes of the latest version, read the same way: unchanged, no reading.
            if row is not None and self._same_bytes_version(session, row, notice, target, previous):
                if defer_quiet and row.status not in _INCIDENT_STATUSES:
                    return QUIET  # written with its batch
                return self._write_same_bytes(session, row, notice, target, previous=previous)
            job = self._job(notice, target, previous)
        try:
            reading: object = job.run()
        except Exception as exc:
            reading = exc
        return self.record_read(notice, reading)

    def read_job(self, notice: FetchedNotice) -> ReadJob | None:
        """The reading ``notice`` needs, to run anywhere (another process); None if it needs none.

        Decided without writing anything: a failed, refused, quiet or same-bytes
        fetch needs no reading (None), and the pipeline records it with
        :meth:`process_unless_quiet`; any other is recorded, once read, with
        :meth:`record_read`.
        """
        target = self.targets[notice.target_id]
        if (
            notice.error is not None
            or notice.not_modified
            or needs_fill(notice.body, notice.content_type)  # filled from the database first
            or _refusal(notice) is not None
        ):
            return None
        with self.database.session() as session:
            # The target's id is all this needs of its row: two columns, not a row object
            # (loaded, its options' JSON decoded, tracked) that record_read loads again.
            state = repo.target_states(session, [target.id]).get(target.id)
            previous = (
                repo.latest_version(session, state.id, lazy_content=True)
                if state is not None
                else None
            )
            if state is not None and self._same_bytes_version(
                session, state, notice, target, previous
            ):
                return None
            return self._job(notice, target, previous)

    def record_read(self, notice: FetchedNotice, reading: object) -> FetchOutcome:
        """Record ``notice`` with its :func:`read_page` result, or the exception reading raised.

        A page the extractor cannot read is an anomaly, as ever; any other failure of
        the reading (a bug, or the reading process crashed) is a failed check of that
        page with the error named: its fetch is logged, and it is never a change.
        """
        target = self.targets[notice.target_id]
        if isinstance(reading, ExtractionError):
            anomaly = check_extraction_failure(
                notice.body, notice.content_type, reading, url=notice.final_url or notice.url
            )
            anomaly = browser_hint(anomaly, notice.body, target.render)
            return self._record_failure(notice, target, "anomaly", anomaly.reason, anomaly)
        if isinstance(reading, BaseException):
            log.error("%s: reading the page failed", notice.target_id, exc_info=reading)
            reason = f"reading the page failed: {type(reading).__name__}: {reading}"
            return self._record_failure(notice, target, "failed", reason, None)
        if not isinstance(reading, PageReading):
            raise TypeError(f"record_read needs a PageReading, got {type(reading).__name__}")
        return self._record_document(
            notice, target, reading.document, facts=reading.facts, checked=reading.checked
        )

    def record_reads(self, pages: Sequence[tuple[FetchedNotice, object]]) -> list[FetchOutcome]:
        """Record read pages (``record_read``'s arguments, in fetch order) in ONE transaction.

        A commit and a transaction's set-up per page were a good part of recording a
        new page. Each page is recorded by :meth:`record_read`, as alone, into this
        transaction, flushed before the next: a later page of the same target compares
        with the version an earlier one added. Nothing is committed when any page
        fails: the caller then records them one by one (one bad page costs only its
        own record), and a crash loses the whole batch (fetch rows, versions, changes,
        alerts and the validators together), so the next cycle fetches those pages
        again and finds the same changes.
        """
        with self.database.session() as session:
            self._batch.session = session
            try:
                outcomes = []
                for notice, reading in pages:
                    outcomes.append(self.record_read(notice, reading))
                    session.flush()
                return outcomes
            finally:
                self._batch.session = None

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """The batch's session while :meth:`record_reads` writes one in this thread, else a new one."""
        session = getattr(self._batch, "session", None)
        if session is not None:
            yield session
            return
        with self.database.session() as session:
            yield session

    def _job(self, notice: FetchedNotice, target: Target, version: Any) -> ReadJob:
        """The :func:`read_page` call for ``notice`` against the latest ``version`` (in session).

        Plain data, so it can go to another process.
        """
        latest = (
            LatestText(version.number, version.text_sha256, version.text)
            if version is not None
            else None
        )
        url = notice.final_url or notice.url
        return ReadJob(read_page, (notice.body, notice.content_type, target, url, latest))

    def accept(self, target_id: str, *, crawl_id: str = "accept") -> FetchOutcome:
        """Record the target's last flagged fetch as its new version: a person's decision.

        The fetch must be an anomaly (shrunk, undecodable, a language flip, too
        short ...) newer than the latest version, with its body kept as a
        snapshot. The change is compared, recorded and alerted like any other;
        raises LookupError when there is nothing to accept.
        """
        from sqlalchemy import select

        from storage.models import FetchRow

        target = self.targets[target_id]
        with self.database.session() as session:
            row = repo.get_target(session, target_id)
            if row is None:
                raise LookupError(f"{target_id}: never checked")
            latest = repo.latest_version(session, row.id, lazy_content=True)
            query = select(FetchRow).where(FetchRow.target_id == row.id)
            fetch = session.scalars(query.order_by(FetchRow.id.desc()).limit(1)).first()
            if fetch is None or fetch.outcome != "anomaly" or fetch.snapshot is None:
                last = fetch.outcome.replace("_", " ") if fetch is not None else "none"
                raise LookupError(
                    f"{target_id}: nothing to accept: the last check was not a flagged "
                    f"fetch with a body (last outcome: {last})"
                )
            if latest is not None and latest.snapshot_id == fetch.snapshot_id:
                raise LookupError(f"{target_id}: the flagged fetch is already v{latest.number}")
            notice = FetchedNotice(
                target_id=target_id,
                url=target.url,
                final_url=fetch.final_url,
                status=fetch.http_status,
                headers={"content-type": fetch.snapshot.content_type or ""},
                body=repo.snapshot_body(fetch.snapshot),
                fetched_at=datetime.now(UTC),
                duration_ms=0.0,
                crawl_id=crawl_id,
            )
            reason = fetch.error or fetch.anomaly_kind or "flagged"
        try:
            document = reading.read_document(
                notice.body, notice.content_type, target, notice.final_url or notice.url
            )
        except ExtractionError as exc:
            raise LookupError(
                f"{target_id}: the flagged fetch has no text to accept: {exc}"
            ) from None
        outcome = self._record_document(notice, target, document, accepted=True)
        log.info("%s: accepted a flagged fetch (%s) as v%s", target_id, reason, outcome.version)
        return outcome

    # ------------------------------------------------------------------ outcomes

    def _same_bytes_version(
        self,
        session: Any,
        row: Any,
        notice: FetchedNotice,
        target: Target,
        previous: Any = _LOOK_UP,
    ) -> Any:
        if previous is _LOOK_UP:
            previous = repo.latest_version(session, row.id, lazy_content=True)
        if (
            previous is None
            or previous.snapshot.sha256 != hashlib.sha256(notice.body).hexdigest()
            or previous.reading_key != reading_key(target)
        ):
            return None
        return previous

    def _write_same_bytes(
        self,
        session: Any,
        row: Any,
        notice: FetchedNotice,
        target: Target,
        *,
        previous: Any = _LOOK_UP,
    ) -> FetchOutcome | None:
        previous = self._same_bytes_version(session, row, notice, target, previous)
        if previous is None:
            return None
        self._checked(session, row, notice, target)
        self._log_fetch(
            session, row, notice, "unchanged", snapshot=previous.snapshot, version=previous
        )
        return self._outcome(notice, "unchanged", version=previous.number)

    def _record_document(
        self,
        notice: FetchedNotice,
        target: Target,
        document: Document,
        *,
        accepted: bool = False,
        facts: EncodedFacts | None = None,
        checked: Checked | None = None,
    ) -> FetchOutcome:
        """Check ``document`` against the last trusted version, then record it when it changed.

        ``accepted``: a person accepted this fetch (``noticewatch accept``); the
        anomaly checks are skipped and the change is recorded and alerted as usual.
        ``facts``: the document's facts when they were found already (by
        :func:`read_page`); else they are found here, when the text changed, and
        encoded as a reader's are, so recording has one form of them.
        ``checked``: the anomaly check :func:`read_page` made against the latest
        version, used when that is still the latest; else the check is made here.
        """
        # Rendered from the blocks at each access: once here, for the hash and the version row.
        text = document.text
        text_sha = text_sha256(text)
        with self._transaction() as session:
            row = repo.get_target(session, target.id)
            previous = repo.latest_version(session, row.id, lazy_content=True)
            number = previous.number if previous is not None else None
            moved = moved_host(target.url, notice.final_url)
            # A page served from another host is news, whatever its text (no alternation).
            back = (
                None
                if accepted or moved
                else returned_to(session, row.id, previous, text, text_sha)
            )
            earlier = back.version if back is not None and back.alternates else None
            if back is not None:
                # Back to a text the page had, read as a notice then: checked against that
                # text (a page back to its half did not break). Compared with it once the page
                # alternates; the first return is a change since the latest version.
                trusted = back.version if back.alternates else previous
                anomaly = check_document(
                    document,
                    previous_text=back.version.text,
                    max_shrink=target.max_shrink,
                    min_chars=target.min_chars,
                )
            elif checked is not None and checked.against == number:
                trusted, anomaly = previous, None if accepted else checked.anomaly
            else:
                trusted = last_trusted_version(session, row.id, previous)
                anomaly = (
                    None
                    if accepted
                    else check_document(
                        document,
                        previous_text=trusted.text if trusted is not None else None,
                        max_shrink=target.max_shrink,
                        min_chars=target.min_chars,
                    )
                )
            snapshot = repo.put_snapshot(session, notice.body, notice.content_type)
            if anomaly is not None:
                anomaly = browser_hint(anomaly, notice.body, target.render)
                self._log_fetch(session, row, notice, "anomaly", anomaly=anomaly, snapshot=snapshot)
                self._count_failure(session, row, target, anomaly.reason, blocked=True)
                return self._outcome(notice, "anomaly", reason=anomaly.reason)

            self._checked(session, row, notice, target)

            if previous is not None and previous.text_sha256 == text_sha:
                self._log_fetch(
                    session, row, notice, "unchanged", snapshot=snapshot, version=previous
                )
                return self._outcome(notice, "unchanged", version=previous.number)

            if facts is None:
                facts = EncodedFacts.of(analyze(document, language=target.language))
            if trusted is not None and trusted is not previous and trusted.text_sha256 == text_sha:
                # The notice is back to a trusted text: the versions after it were misreadings
                # (recorded before they could be told apart), or the page alternates between
                # texts and made this swap before. Restore, no alert.
                alternation = earlier is not None
                change = self._restoration(previous, trusted, document, alternation=alternation)
                outcome = "restored"
            else:
                # After untrusted readings, the change is the one since the last trusted text.
                base = trusted if trusted is not None else previous
                change, outcome = self._change_since(session, base, document, facts, target)
                if earlier is not None:
                    summary = f"compared with v{earlier.number}, a text the page had; "
                    change = replace(change, summary=summary + change.summary)
                elif back is not None:
                    same = back.version.text_sha256 == text_sha
                    like = "" if same else "a text like "
                    summary = f"back to {like}v{back.version.number}'s text; "
                    change = replace(change, summary=summary + change.summary)
            if moved:
                change = replace(change, summary=f"moved to {moved}; {change.summary}")
            if change.severity in {Severity.MATERIAL, Severity.EDITORIAL}:
                # Set before the version is added: one UPDATE of the target with last_checked_at.
                row.last_changed_at = notice.fetched_at
            version = repo.add_version(
                session,
                row,
                snapshot=snapshot,
                document=document,
                facts=facts,
                fetched_at=notice.fetched_at,
                reading_key=reading_key(target),
                text=text,
                text_sha=text_sha,
            )
            change_row = repo.add_change(
                session,
                row,
                from_version=previous if outcome == "restored" or trusted is None else trusted,
                to_version=version,
                change=change,
            )
            self._log_fetch(
                session,
                row,
                notice,
                "accepted" if accepted else outcome,
                snapshot=snapshot,
                version=version,
            )
            if self.alerting is not None and outcome != "restored":
                from monitor.alerts.enqueue import enqueue_change_alerts

                enqueue_change_alerts(session, self.alerting, target, change_row, change.severity)
            return self._outcome(
                notice,
                outcome,
                version=version.number,
                severity=change.severity,
                summary=change.summary,
            )

    def _restoration(
        self, previous: Any, trusted: Any, document: Document, *, alternation: bool = False
    ) -> Change:
        from monitor.diff.text import diff_documents

        between = f"v{trusted.number + 1}..v{previous.number}"
        return Change(
            severity=Severity.REEXTRACTION,
            text_diff=diff_documents(repo.version_document(previous), document),
            summary=(
                f"restored v{trusted.number}; the page alternates between texts "
                f"({between} came between); no alert"
                if alternation
                else f"restored v{trusted.number}; {between} "
                "were untrusted readings (not decodable as text); no alert"
            ),
        )

    def _change_since(
        self,
        session: Any,
        previous: Any,
        document: Document,
        encoded: EncodedFacts,
        target: Target,
    ) -> tuple[Change, str]:
        """Compare with the previous version, telling a newer extractor apart from a new notice.

        A first version needs only the facts' announcements and number of statements:
        the facts are decoded into objects (after a reader's trip) only to be compared.
        """
        if previous is None:
            from monitor.diff.text import diff_documents

            empty = Document(blocks=())
            first = Change(
                severity=Severity.FIRST,
                text_diff=diff_documents(empty, document),
                announcements=encoded.announcements,
                summary=(
                    f"first version ({len(document.blocks)} blocks, "
                    f"{encoded.statement_count} statements)"
                ),
            )
            return first, "new_version"
        facts = encoded.facts
        # Blocks and facts in one query (the facts only when they will be used).
        repo.load_content(session, previous, facts=previous.analyzer_version == ANALYZER_VERSION)
        old_document = repo.version_document(previous)
        if previous.extractor_version != EXTRACTOR_VERSION:
            # Same page read by newer rules? Re-extract the old snapshot and compare like with like.
            snapshot = previous.snapshot
            old_body = repo.snapshot_body(snapshot)
            try:
                reread = reading.read_document(old_body, snapshot.content_type, target, target.url)
            except ExtractionError:
                reread = None
            if reread is not None and reread.text == document.text:
                change = compare(
                    old_document, document, _facts_of(previous, old_document, target), facts
                )
                reextraction = Change(
                    severity=Severity.REEXTRACTION,
                    text_diff=change.text_diff,
                    summary=f"re-extraction by extractor {EXTRACTOR_VERSION} (was {previous.extractor_version})",
                )
                return reextraction, "reextracted"
            if reread is not None:
                old_document = reread
        old_facts = _facts_of(previous, old_document, target)
        return compare(old_document, document, old_facts, facts), "new_version"

    def _record_not_modified(self, notice: FetchedNotice, target: Target) -> FetchOutcome:
        with self.database.session() as session:
            row = repo.get_target(session, target.id)
            return self._write_not_modified(session, row, notice, target)

    def _write_not_modified(
        self,
        session: Any,
        row: Any,
        notice: FetchedNotice,
        target: Target,
        *,
        previous: Any = _LOOK_UP,
    ) -> FetchOutcome:
        if previous is _LOOK_UP:
            previous = repo.latest_version_keys(session, [row.id]).get(row.id)
        self._checked(session, row, notice, target)
        # Not flushed one by one: a batch's fetch rows go to the database together.
        self._log_fetch(session, row, notice, "not_modified", version=previous, flush=False)
        return self._outcome(notice, "not_modified", version=previous.number if previous else None)

    def _record_failure(
        self,
        notice: FetchedNotice,
        target: Target,
        outcome: str,
        reason: str,
        anomaly: Anomaly | None,
    ) -> FetchOutcome:
        with self._transaction() as session:
            row = repo.get_target(session, target.id)
            snapshot = (
                repo.put_snapshot(session, notice.body, notice.content_type)
                if notice.body
                else None
            )
            self._log_fetch(
                session, row, notice, outcome, anomaly=anomaly, error=reason, snapshot=snapshot
            )
            blocked = anomaly is not None and anomaly.kind in {"bot_wall", "login_wall"}
            self._count_failure(session, row, target, reason, blocked=blocked)
            return self._outcome(notice, outcome, reason=reason)

    def _fill_pages(self, notice: FetchedNotice, target: Target) -> FetchedNotice:
        """The multi-page notice with its 304 pages as the latest version has them."""
        with self.database.session() as session:
            row = repo.get_target(session, target.id)
            latest = repo.latest_version(session, row.id, lazy_content=True)
            if latest is None:
                previous, previous_type = b"", None
            else:
                previous = repo.snapshot_body(latest.snapshot)
                previous_type = latest.snapshot.content_type
        body, content_type = fill(notice.body, notice.content_type, previous, previous_type)
        return replace(notice, body=body, headers={**notice.headers, "content-type": content_type})

    # ------------------------------------------------------------------ helpers

    def _log_fetch(
        self,
        session: Any,
        row: Any,
        notice: FetchedNotice,
        outcome: str,
        *,
        flush: bool = True,
        **details: Any,
    ) -> None:
        """Log ``notice``'s fetch (``details``: those of :func:`_fetch_fields`)."""
        repo.add_fetch(session, row, flush=flush, **_fetch_fields(notice, outcome, **details))

    def _count_failure(
        self, session: Any, row: Any, target: Target, reason: str, *, blocked: bool
    ) -> None:
        row.consecutive_failures = (row.consecutive_failures or 0) + 1
        row.last_checked_at = datetime.now(UTC)
        if row.consecutive_failures >= self.failures_before_incident:
            kind = "blocked" if blocked else "failing"
            newly = row.status not in {"failing", "blocked"}
            row.status = kind
            incident = repo.open_incident(session, row, kind, reason)
            if newly and self.alerting is not None:
                from monitor.alerts.enqueue import enqueue_operational

                enqueue_operational(session, self.alerting, target, incident, "opened")

    def _checked(self, session: Any, row: Any, notice: FetchedNotice, target: Target) -> None:
        """The check reached the notice: open failures end, and the time is kept.

        A 200's validators replace the stored ones; a 304 has none of its own, so the
        stored ones stay for the next conditional request.
        """
        self._resolve_failures(session, row, target)
        if not notice.not_modified:
            row.etag = notice.etag
            row.last_modified = notice.last_modified
        row.last_checked_at = notice.fetched_at

    def _resolve_failures(self, session: Any, row: Any, target: Target) -> None:
        row.consecutive_failures = 0
        if row.status in {"failing", "blocked"}:
            incident = repo.resolve_incident(session, row)
            if incident is not None and self.alerting is not None:
                from monitor.alerts.enqueue import enqueue_operational

                enqueue_operational(session, self.alerting, target, incident, "resolved")
        row.status = "ok"

    def _outcome(self, notice: FetchedNotice, outcome: str, **fields: Any) -> FetchOutcome:
        target = self.targets.get(notice.target_id)
        moved = moved_host(target.url, notice.final_url) if target is not None else None
        return FetchOutcome(
            target_id=notice.target_id,
            outcome=outcome,
            http_status=notice.status,
            duration_ms=notice.duration_ms,
            moved_to=moved,
            **fields,
        )


def _fetch_fields(
    notice: FetchedNotice,
    outcome: str,
    *,
    anomaly: Anomaly | None = None,
    error: str | None = None,
    snapshot: Any = None,
    version: Any = None,
) -> dict[str, Any]:
    """The fetch log row of ``notice`` (the columns of ``repo.fetch_values`` but the target)."""
    return {
        "crawl_id": notice.crawl_id,
        "started_at": notice.fetched_at,
        "duration_ms": notice.duration_ms,
        "http_status": notice.status,
        "final_url": notice.final_url,
        "outcome": outcome,
        "anomaly_kind": anomaly.kind if anomaly else None,
        "error": error or (anomaly.reason if anomaly else None),
        "snapshot": snapshot,
        "version": version,
    }


def _refusal(notice: FetchedNotice) -> Anomaly | None:
    """Why the response is not a notice to read (a move to another host, an error status ...)."""
    moved = check_redirect(notice.status, notice.headers, notice.final_url or notice.url)
    if moved is not None:
        return moved
    return check_response(notice.status, notice.content_type, notice.body)


def _latest(session: Any, row: Any) -> Any:
    """The target's latest version (content loaded when read), or None for a new target."""
    return repo.latest_version(session, row.id, lazy_content=True) if row is not None else None


def is_trusted(version: Any) -> bool:
    """A version whose text reads as decoded text (see ``monitor.extract.decode``).

    Versions are never recorded from undecodable fetches; an untrusted one is a
    leftover from before that check, and anomaly checks compare with the last
    trusted version instead.
    """
    return decoding_problem(version.text) is None


def last_trusted_version(session: Any, target_pk: int, latest: Any) -> Any:
    """``latest`` when it is trusted, else the newest trusted version before it (or None)."""
    if latest is None or is_trusted(latest):
        return latest
    for version in reversed(repo.list_versions(session, target_pk)):
        if version.number < latest.number and is_trusted(version):
            return version
    return None


def _line_weights(text: str) -> Counter[str]:
    """Each distinct line of ``text`` and how often it occurs: what ``_likeness`` compares."""
    return Counter(text.split("\n"))


def _likeness(one: Counter[str], other: Counter[str]) -> float:
    """The share of the longer text's characters that are in lines both texts have."""
    common = sum(len(line) * min(n, other[line]) for line, n in one.items() if line in other)
    longest = max(
        sum(len(line) * n for line, n in one.items()),
        sum(len(line) * n for line, n in other.items()),
    )
    return common / longest if longest else 1.0


@dataclass(frozen=True)
class Return:
    """An earlier version a fetch's text is back to (see ``returned_to``)."""

    version: Any
    #: The page came back to an earlier text before, within the window: it alternates
    #: between texts, and coming back is no news.
    alternates: bool


def returned_to(
    session: Any, target_pk: int, previous: Any, text: str, text_sha: str
) -> Return | None:
    """The earlier trusted version a fetch's text is back to, or None (see ALTERNATION_WINDOW).

    Its very text (by hash), or a text like it when the fetch is not like the latest
    version: a notice edited a little stays compared with its latest version.
    """
    if previous is None or previous.text_sha256 == text_sha or not is_trusted(previous):
        return None
    earlier = repo.versions_before(session, target_pk, previous.number, ALTERNATION_WINDOW)
    if not earlier:
        return None
    # Each text's lines are counted once, on first need: the look-up and the question below
    # ask about the same few versions.
    counted: dict[int, Counter[str]] = {}

    def weights(version: Any) -> Counter[str]:
        if version.number not in counted:
            counted[version.number] = _line_weights(version.text)
        return counted[version.number]

    found = next((v for v in earlier if v.text_sha256 == text_sha), None)
    if found is None:
        lines = _line_weights(text)
        if _likeness(lines, weights(previous)) >= ALTERNATION_LIKENESS:
            return None
        found = next(
            (v for v in earlier if _likeness(lines, weights(v)) >= ALTERNATION_LIKENESS), None
        )
    if found is None or not is_trusted(found):
        return None
    # Oldest first, the latest last: did the page come back to a text it had before, within
    # the window? A notice reverts a change once; a page that keeps coming back alternates.
    steps = [*reversed(earlier), previous]
    alternates = any(
        steps[i].text_sha256 == steps[j].text_sha256
        or _likeness(weights(steps[i]), weights(steps[j])) >= ALTERNATION_LIKENESS
        for j in range(2, len(steps))
        for i in range(j - 1)
    )
    return Return(found, alternates)


def _facts_of(version: Any, document: Document, target: Target) -> Facts:
    """The stored facts, or fresh ones when the analyzer changed since (compare like with like)."""
    if version.analyzer_version == ANALYZER_VERSION:
        stored = repo.version_facts(version)
        if stored is not None:
            return stored
    return analyze(document, language=target.language)


def reading_key(target: Target) -> str:
    """How a target's snapshots are read; the same bytes read the same way give the same text."""
    key: list[Any] = [
        EXTRACTOR_VERSION,
        [selector_key(s) for s in target.select],
        [selector_key(s) for s in target.remove],
        target.language,
    ]
    # Only when set, so the keys of targets without them stay what they were.
    if target.filters:
        key.append(list(target.filters))
    if target.parts:
        key.append(
            [
                [p.url, [selector_key(s) for s in p.select], [selector_key(s) for s in p.remove]]
                for p in target.parts
            ]
        )
    return hashlib.sha256(json.dumps(key).encode("utf-8")).hexdigest()


def fetch_requests(
    database: Database, targets: Sequence[Target], *, force: bool = False
) -> list[FetchRequest]:
    """One request per target, conditional on the stored validators unless ``force``.

    The stored validators and the latest versions' keys are read a chunk of targets at a
    time (two queries of a few columns per chunk), not two row lookups per target: at
    2,000 targets the lookups one by one were most of an unchanged cycle's start-up.
    """
    if force:
        return [FetchRequest(target=t) for t in targets]
    requests = []
    with database.session() as session:
        for chunk in in_chunks(targets):
            rows = repo.target_validators(session, (t.id for t in chunk))
            # Whether there is one (its key); the version itself (its snapshot) only for
            # multi-page notices, whose pages' validators are in the snapshot's envelope.
            keys = repo.latest_version_keys(session, (r.id for r in rows.values()))
            paged = [rows[t.id].id for t in chunk if t.parts and t.id in rows]
            latest = repo.latest_versions(session, paged, lazy_content=True) if paged else {}
            for target in chunk:
                row = rows.get(target.id)
                if row is None or row.id not in keys:
                    requests.append(FetchRequest(target=target))
                elif target.parts:
                    snapshot = latest[row.id].snapshot
                    pairs = validators(
                        repo.snapshot_body(snapshot), snapshot.content_type, target.parts
                    )
                    requests.append(FetchRequest(target=target, part_validators=pairs))
                else:
                    requests.append(
                        FetchRequest(target=target, etag=row.etag, last_modified=row.last_modified)
                    )
    return requests
