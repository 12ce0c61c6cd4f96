"""storage/: migrations, snapshots, versions, changes, targets, incidents — on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import threading
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from types import MappingProxyType

import pytest
from sqlalchemy import event, func, inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from monitor import codec
from monitor.diff.stored import stored_change
from monitor.diff.text import diff_documents
from monitor.model import (
    Announcement,
    Block,
    Change,
    DiffStats,
    Document,
    Evidence,
    FactChange,
    Facts,
    Hunk,
    Severity,
    Statement,
    TextDiff,
)
from monitor.targets import Target
from storage import blobs, jsontext, repo
from storage.db import (
    DEFAULT_DATABASE_URL,
    SCHEMA_REVISION,
    Database,
    DatabaseUnavailable,
    SchemaOutOfDate,
    current_revision,
    database_url,
    head_revision,
    open_database,
    schema_is_current,
    upgrade,
)
from storage.models import (
    Base,
    ChangeRow,
    FetchRow,
    IncidentRow,
    SnapshotRow,
    TargetRow,
    VersionRow,
)

TABLES = {
    "targets",
    "fetches",
    "snapshots",
    "robots_txt",
    "versions",
    "changes",
    "alerts",
    "incidents",
    "installation",
}
WHEN = datetime(2025, 11, 3, 9, 30, tzinfo=UTC)

# A notice-like body: repetitive markup, as real pages are.
BODY = (
    b"<html><body><main>"
    + b"<p>We process your profile data for the purposes below.</p>\n" * 200
    + b"</main></body></html>"
)


def _target(slug: str = "acme-eu", **changes) -> Target:
    base = {
        "id": slug,
        "url": f"https://example.test/{slug}/privacy",
        "service": "Acme",
        "document": "Privacy Notice",
        "region": "EU",
        "language": "en",
        "headers": MappingProxyType({"Accept-Language": "en-GB"}),
        "tags": ("social",),
    }
    return Target(**(base | changes))


def _document(*paragraphs: str) -> Document:
    blocks = [Block("heading", "Privacy Notice", level=1)]
    blocks += [Block("paragraph", p, path=("Privacy Notice",)) for p in paragraphs]
    return Document(
        blocks=tuple(blocks), title="Privacy Notice", language="en", extractor_version="x1"
    )


def _facts() -> Facts:
    return Facts(
        language="en",
        statements=(
            Statement(
                section_path=("Privacy Notice", "Legitimate Interests"),
                block_kind="paragraph",
                text="We use your posts to train generative AI models.",
                legal_bases=frozenset({"basis.legitimate_interests"}),
                purposes=frozenset({"purpose.ai_training"}),
                data_categories=frozenset({"data.content", "data.profile"}),
                evidence=(Evidence("train generative AI models", 23, 49, "purpose.ai_training"),),
            ),
        ),
        effective_date="2025-11-03",
        announcements=(
            Announcement(
                "2025-11-03", "From 3 November 2025 ...", 10, frozenset({"purpose.ai_training"})
            ),
        ),
        analyzer_version="a1",
    )


def _change() -> Change:
    return Change(
        severity=Severity.MATERIAL,
        text_diff=TextDiff(
            hunks=(
                Hunk(
                    ("Privacy Notice",),
                    1,
                    1,
                    ("Old sentence.",),
                    ("We use your posts to train generative AI models.",),
                    words=(("delete", "Old sentence."), ("insert", "We use your posts ...")),
                ),
            ),
            stats=DiffStats(1, 1, 49, 13),
        ),
        fact_changes=(
            FactChange(
                "added",
                "purpose.ai_training",
                "new purpose: AI training",
                new_evidence=("We use ...",),
            ),
        ),
        announcements=_facts().announcements,
        summary="new purpose: training generative AI models",
        extra={"source": "test"},
    )


def _synced(database: Database, *targets: Target) -> None:
    with database.session() as session:
        repo.sync_targets(session, targets or [_target()])


# --------------------------------------------------------------------------- URLs and engine


def test_database_url_precedence(monkeypatch):
    monkeypatch.delenv("NOTICEWATCH_DATABASE_URL", raising=False)
    assert database_url() == DEFAULT_DATABASE_URL == "sqlite:///noticewatch.db"
    monkeypatch.setenv("NOTICEWATCH_DATABASE_URL", "sqlite:///from-env.db")
    assert database_url() == "sqlite:///from-env.db"
    assert database_url("sqlite:///explicit.db") == "sqlite:///explicit.db"


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_postgres_urls_use_psycopg_and_never_show_the_password(scheme):
    db = Database(
        f"{scheme}://watcher:s3cret-pw@db.example.test:5433/notices"
    )  # no connection is made
    assert db.engine.dialect.driver == "psycopg"
    assert db.dialect == "postgresql"
    for shown in (db.url, repr(db), str(db)):
        assert "s3cret-pw" not in shown
        assert "watcher:***@db.example.test:5433/notices" in shown
    db.dispose()


def test_unreachable_database_is_a_clear_error_without_the_password():
    with pytest.raises(DatabaseUnavailable) as info:
        open_database("postgresql://watcher:s3cret-pw@127.0.0.1:1/notices")
    assert "s3cret-pw" not in str(info.value)
    assert "127.0.0.1:1" in str(info.value)


def test_sqlite_is_tuned_and_its_directory_created(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'deep' / 'er' / 'nw.db'}")
    assert (tmp_path / "deep" / "er" / "nw.db").exists()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    db.dispose()


def test_in_memory_sqlite_is_shared_across_threads():
    db = open_database("sqlite://")
    _synced(db)
    found: list[object] = []

    def read() -> None:
        with db.session() as session:
            found.append(repo.get_target(session, "acme-eu"))

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert found[0] is not None


# --------------------------------------------------------------------------- migrations


def test_migrations_run_from_empty_to_head(db_url):
    db = open_database(db_url, upgrade=False)
    try:
        assert current_revision(db.engine) is None
        assert not schema_is_current(db.engine)
        with pytest.raises(SchemaOutOfDate, match="db upgrade"):
            open_database(db_url, upgrade=False, require_current=True)
        upgrade(db.engine)
        assert current_revision(db.engine) == head_revision() == SCHEMA_REVISION == "0004"
        assert schema_is_current(db.engine)
        assert set(inspect(db.engine).get_table_names()) == TABLES | {"alembic_version"}
        upgrade(db.engine)  # idempotent
        assert schema_is_current(db.engine)
        open_database(db_url, upgrade=False, require_current=True).dispose()
    finally:
        db.dispose()


def test_schema_revision_constant_is_the_migrations_head():
    """SCHEMA_REVISION lets every command check the schema without importing Alembic."""
    assert head_revision() == SCHEMA_REVISION


def test_models_and_migrations_describe_the_same_schema(database):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_a_schema_from_a_newer_version_is_refused(database):
    with database.session() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    assert not schema_is_current(database.engine)
    with pytest.raises(SchemaOutOfDate, match="9999_future"):
        upgrade(database.engine)


def test_concurrent_upgrades_of_a_fresh_database(db_url):
    """Two processes starting at once on an empty database: one migrates, the other waits."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def start() -> None:
        db = Database(db_url)
        try:
            barrier.wait()
            upgrade(db.engine)
        except BaseException as exc:
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    db = Database(db_url)
    assert schema_is_current(db.engine)
    db.dispose()


# --------------------------------------------------------------------------- sessions


def test_session_commits_on_success_and_rolls_back_on_error(database):
    _synced(database)
    with pytest.raises(RuntimeError), database.session() as session:
        repo.get_target(session, "acme-eu").service = "Changed"
        repo.put_snapshot(session, b"rolled back", "text/plain")
        raise RuntimeError("boom")
    with database.session() as session:
        assert repo.get_target(session, "acme-eu").service == "Acme"
        assert session.scalar(select(func.count()).select_from(SnapshotRow)) == 0


def test_rows_stay_readable_after_the_session(database):
    _synced(database)
    with database.session() as session:
        row = repo.get_target(session, "acme-eu")
    assert row.slug == "acme-eu"
    assert row.url == "https://example.test/acme-eu/privacy"


# --------------------------------------------------------------------------- targets


def test_sync_targets_inserts_updates_and_disables(database):
    _synced(database, _target("a"), _target("b"))
    with database.session() as session:
        a = repo.get_target(session, "a")
        assert (a.service, a.region, a.status, a.enabled, a.consecutive_failures) == (
            "Acme",
            "EU",
            "new",
            True,
            0,
        )
        assert a.options["headers"] == {"Accept-Language": "en-GB"}
        assert a.options["tags"] == ["social"]
        assert a.created_at.tzinfo is not None
        a.etag, a.last_modified = '"v1"', "Mon, 03 Nov 2025 09:00:00 GMT"
        a.last_checked_at = WHEN
        a.status = "ok"
        a_pk = a.id

    # b disappears from the watchlist; a gets a new service name and schedule; c is new.
    _synced(database, _target("a", service="Acme Corp", schedule="1d"), _target("c"))
    with database.session() as session:
        assert [t.slug for t in repo.list_targets(session)] == ["a", "b", "c"]
        a = repo.get_target(session, "a")
        assert a.id == a_pk
        assert (a.service, a.schedule) == ("Acme Corp", "1d")
        # Same URL and request options: validators and state are kept.
        assert (a.etag, a.last_modified, a.status, a.last_checked_at) == (
            '"v1"',
            "Mon, 03 Nov 2025 09:00:00 GMT",
            "ok",
            WHEN,
        )
        assert repo.get_target(session, "b").enabled is False
        assert repo.get_target(session, "c").enabled is True

    # b comes back (history kept, enabled again); a disabled in the watchlist stays known.
    _synced(database, _target("a", service="Acme Corp", schedule="1d", enabled=False), _target("b"))
    with database.session() as session:
        assert repo.get_target(session, "b").enabled is True
        assert repo.get_target(session, "a").enabled is False
        assert repo.get_target(session, "a").etag == '"v1"'
        assert repo.get_target(session, "missing") is None


@pytest.mark.parametrize(
    "change",
    [
        {"url": "https://example.test/acme-eu/privacy-v2"},
        {"select": ("main",)},
        {"headers": MappingProxyType({"Accept-Language": "fr-FR"})},
        {"cookies": MappingProxyType({"region": "eu"})},
    ],
    ids=["url", "select", "headers", "cookies"],
)
def test_changing_what_is_fetched_drops_the_validators(database, change):
    _synced(database)
    with database.session() as session:
        row = repo.get_target(session, "acme-eu")
        row.etag, row.last_modified = '"v1"', "Mon, 03 Nov 2025 09:00:00 GMT"
    _synced(database, _target(**change))
    with database.session() as session:
        row = repo.get_target(session, "acme-eu")
        assert (row.etag, row.last_modified) == (None, None)


def test_proxy_credentials_are_not_stored(database):
    _synced(database, _target(proxy="http://user:pr0xy-secret@proxy.example.test:3128"))
    with database.session() as session:
        proxy = repo.get_target(session, "acme-eu").options["proxy"]
    assert "pr0xy-secret" not in proxy
    assert proxy == "http://user:***@proxy.example.test:3128"


# --------------------------------------------------------------------------- snapshots


def test_blobs_compress_and_hash():
    assert (
        blobs.sha256_hex(b"abc")
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    packed = blobs.compress(BODY)
    assert len(packed) < len(BODY) / 5
    assert blobs.decompress(packed, "zlib") == BODY
    assert zlib.decompress(packed) == BODY
    assert blobs.decompress(zlib.compress(BODY, 6), "zlib") == BODY  # stored by older versions
    with pytest.raises(ValueError, match="brotli"):
        blobs.decompress(packed, "brotli")


def test_snapshots_are_stored_once_compressed(database):
    with database.session() as session:
        first = repo.put_snapshot(session, BODY, "text/html; charset=utf-8")
        again = repo.put_snapshot(session, BODY, "text/html")
        other = repo.put_snapshot(session, b"%PDF-1.7 other body", "application/pdf")
        empty = repo.put_snapshot(session, b"", None)
        assert first.id == again.id != other.id
        ids = (first.id, other.id, empty.id)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(SnapshotRow)) == 3
        row = session.get(SnapshotRow, ids[0])
        assert row.sha256 == blobs.sha256_hex(BODY)
        assert (row.size, row.compression, row.content_type) == (
            len(BODY),
            "zlib",
            "text/html; charset=utf-8",
        )
        assert len(row.body) < len(BODY) / 5
        assert repo.snapshot_body(row) == BODY
        assert repo.snapshot_body(session.get(SnapshotRow, ids[1])) == b"%PDF-1.7 other body"
        assert repo.snapshot_body(session.get(SnapshotRow, ids[2])) == b""
        assert row.created_at.tzinfo is UTC


def test_listing_versions_does_not_load_snapshot_bodies(database):
    _synced(database)
    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        repo.add_version(
            session,
            target,
            snapshot=repo.put_snapshot(session, BODY, "text/html"),
            document=_document("One."),
            facts=None,
            fetched_at=WHEN,
        )
    with database.session() as session:
        version = repo.list_versions(session, repo.get_target(session, "acme-eu").id)[0]
        assert "body" in inspect(version.snapshot).unloaded
        assert version.snapshot.sha256 == blobs.sha256_hex(BODY)
        assert repo.snapshot_body(version.snapshot) == BODY


def test_load_content_reads_blocks_and_facts_in_one_query_without_flushing(database):
    _synced(database)
    document, facts = _document("One.", "Two."), _facts()
    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        snap = repo.put_snapshot(session, BODY, "text/html")
        repo.add_version(
            session, target, snapshot=snap, document=document, facts=facts, fetched_at=WHEN
        )
    statements: list[str] = []

    def watch(_conn, _cursor, statement, *_args) -> None:
        statements.append(" ".join(statement.split()))

    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        version = repo.latest_version(session, target.id, lazy_content=True)
        assert {"blocks", "facts", "text"} <= inspect(version).unloaded
        target.last_checked_at = WHEN  # pending: the load must not flush it
        event.listen(database.engine, "before_cursor_execute", watch)
        try:
            repo.load_content(session, version)
            assert repo.version_document(version) == document
            assert repo.version_facts(version) == facts
            repo.load_content(session, version)  # already loaded: no query
        finally:
            event.remove(database.engine, "before_cursor_execute", watch)
        assert len(statements) == 1 and statements[0].startswith("SELECT versions.blocks")
        assert "text" in inspect(version).unloaded and target in session.dirty
    with database.session() as session:
        version = repo.latest_version(
            session, repo.get_target(session, "acme-eu").id, lazy_content=True
        )
        repo.load_content(session, version, facts=False)
        assert "facts" in inspect(version).unloaded
        assert repo.version_document(version) == document


@contextlib.contextmanager
def insert_reached(database, thread: threading.Thread) -> Iterator[threading.Event]:
    """An event set when ``thread`` sends an INSERT: from then on it writes, or waits for the lock."""
    reached = threading.Event()

    def watch(_conn, _cursor, statement, *_args) -> None:
        if threading.current_thread() is thread and statement.lstrip().upper().startswith("INSERT"):
            reached.set()

    event.listen(database.engine, "before_cursor_execute", watch)
    try:
        yield reached
    finally:
        event.remove(database.engine, "before_cursor_execute", watch)


def test_concurrent_put_snapshot_of_the_same_body(database):
    """Two workers store the same new body at once: neither fails, one row results."""
    body = b"<html>the same notice fetched by two workers</html>"
    results: dict[str, int] = {}
    errors: list[BaseException] = []

    def second_worker() -> None:
        try:
            with database.session() as session:
                results["second"] = repo.put_snapshot(session, body, "text/html").id
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=second_worker)
    with database.session() as session, insert_reached(database, worker) as inserting:
        results["first"] = repo.put_snapshot(
            session, body, "text/html"
        ).id  # inserted, not committed yet
        worker.start()
        assert inserting.wait(10)
        # The second insert waits on the first transaction (row lock / SQLite write lock).
        assert worker.is_alive()
    worker.join(30)
    assert not worker.is_alive()
    assert errors == []
    assert results["first"] == results["second"]
    with database.session() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(SnapshotRow)
                .where(SnapshotRow.sha256 == blobs.sha256_hex(body))
            )
            == 1
        )


def test_concurrent_sync_of_the_same_new_target(database):
    """The daemon and a manual recrawl syncing the same watchlist at once: one row, no error."""
    errors: list[BaseException] = []

    def second_process() -> None:
        try:
            with database.session() as session:
                repo.sync_targets(session, [_target("shared")])
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=second_process)
    with database.session() as session, insert_reached(database, worker) as inserting:
        repo.sync_targets(session, [_target("shared")])
        worker.start()
        assert inserting.wait(10)  # the second sync writes while the first is not committed
    worker.join(30)
    assert errors == []
    with database.session() as session:
        assert [t.slug for t in repo.list_targets(session)] == ["shared"]


# --------------------------------------------------------------------------- versions, changes, fetches


def test_versions_are_numbered_per_target(database):
    _synced(database, _target("a"), _target("b"))
    with database.session() as session:
        a, b = repo.get_target(session, "a"), repo.get_target(session, "b")
        snap = repo.put_snapshot(session, BODY, "text/html")
        assert repo.latest_version(session, a.id) is None
        for i, when in enumerate(
            (WHEN, WHEN + timedelta(days=1), WHEN + timedelta(days=2)), start=1
        ):
            v = repo.add_version(
                session,
                a,
                snapshot=snap,
                document=_document(f"Text {i}."),
                facts=None,
                fetched_at=when,
            )
            assert v.number == i
        vb = repo.add_version(
            session, b, snapshot=snap, document=_document("B."), facts=None, fetched_at=WHEN
        )
        assert vb.number == 1
        a_pk = a.id
    with database.session() as session:
        assert [v.number for v in repo.list_versions(session, a_pk)] == [1, 2, 3]
        summaries = repo.version_summaries(session, a_pk)
        assert [(v.number, v.chars, v.severity, v.summary) for v in summaries] == [
            (i, len(f"# Privacy Notice\nText {i}."), None, "") for i in (1, 2, 3)
        ]
        latest = repo.latest_version(session, a_pk)
        assert latest.number == 3
        assert latest.text == "# Privacy Notice\nText 3."
        assert repo.get_version(session, a_pk, 2).text.endswith("Text 2.")
        assert repo.get_version(session, a_pk, 4) is None
        with pytest.raises(IntegrityError), session.begin_nested():
            session.add(
                VersionRow(
                    target_id=a_pk,
                    number=2,
                    fetched_at=WHEN,
                    snapshot_id=latest.snapshot_id,
                    text="",
                    text_sha256="",
                    blocks=[],
                )
            )
            session.flush()


def test_documents_facts_and_changes_round_trip(database):
    _synced(database)
    document = _document("Old sentence.")
    new_document = Document(
        blocks=(
            *document.blocks[:1],
            Block(
                "paragraph",
                "We use your posts to train generative AI models.",
                path=("Privacy Notice",),
            ),
        ),
        title="Privacy Notice",
        language="en",
        extractor_version="x1",
        source_type="application/pdf",
    )
    facts, change = _facts(), _change()
    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        snap = repo.put_snapshot(session, BODY, "text/html")
        v1 = repo.add_version(
            session, target, snapshot=snap, document=document, facts=None, fetched_at=WHEN
        )
        v2 = repo.add_version(
            session, target, snapshot=snap, document=new_document, facts=facts, fetched_at=WHEN
        )
        # What the recorder stores for a first version: the whole text as one added hunk.
        whole = diff_documents(Document(blocks=()), document)
        first = Change(Severity.FIRST, whole, summary="first version")
        repo.add_change(session, target, from_version=None, to_version=v1, change=first)
        repo.add_change(session, target, from_version=v1, to_version=v2, change=change)
        target_pk = target.id
    with database.session() as session:
        v1, v2 = repo.list_versions(session, target_pk)
        assert repo.version_document(v1) == document
        assert repo.version_document(v2) == new_document
        assert repo.version_facts(v1) is None
        assert repo.version_facts(v2) == facts
        assert (v2.analyzer_version, v2.effective_date, v2.extractor_version) == (
            "a1",
            "2025-11-03",
            "x1",
        )
        assert v2.text_sha256 == blobs.sha256_hex(new_document.text.encode())
        c1, c2 = repo.change_for_version(session, v1), repo.change_for_version(session, v2)
        assert (c1.from_version_id, c1.severity) == (None, "first")
        assert c1.hunks == []  # not stored: monitor.diff.stored makes it from v1's blocks
        assert repo.change_model(c1) == replace(first, text_diff=TextDiff((), whole.stats))
        assert stored_change(c1) == first
        assert (c2.from_version_id, c2.to_version_id, c2.severity) == (v1.id, v2.id, "material")
        assert c2.summary == "new purpose: training generative AI models"
        assert repo.change_model(c2) == change
        assert c2.diff_stats["lines_added"] == 1
        # What `history` prints, in one query: the same as read from the full rows.
        assert repo.version_summaries(session, target_pk) == [
            repo.VersionSummary(
                v.number, v.fetched_at, len(v.text), v.snapshot.sha256, c.severity, c.summary
            )
            for v, c in ((v1, c1), (v2, c2))
        ]


def test_written_rows_are_in_the_session_as_written_and_read_back_the_same(database):
    """Snapshot, version, change and fetch rows go in by Core inserts: each comes back as a
    persistent object that later lookups (alerts read the change and its versions) find
    without a query, and a fresh session reads every column back as it was written."""
    _synced(database)
    document = _document("We use your posts to train generative AI models.")
    statements: list[str] = []

    def watch(conn, cursor, statement, *args):
        statements.append(statement.split()[0])

    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        snap = repo.put_snapshot(session, BODY, "text/html")
        version = repo.add_version(
            session, target, snapshot=snap, document=document, facts=_facts(), fetched_at=WHEN
        )
        change = repo.add_change(
            session, target, from_version=None, to_version=version, change=_change()
        )
        fetch = repo.add_fetch(
            session,
            target,
            crawl_id="c1",
            started_at=WHEN,
            duration_ms=12,
            http_status=200,
            final_url="https://acme.example/privacy",
            outcome="new_version",
            snapshot=snap,
            version=version,
        )
        written = [snap, version, change, fetch]
        assert all(inspect(row).persistent for row in written)
        event.listen(database.engine, "before_cursor_execute", watch)
        try:
            assert session.get(VersionRow, version.id) is version
            assert session.get(ChangeRow, change.id) is change
            assert session.get(SnapshotRow, snap.id) is snap
            assert version.snapshot is snap
            assert repo.put_snapshot(session, BODY, "text/html") is snap
            assert statements == ["SELECT"]  # put_snapshot's look-up by SHA-256 only
            statements.clear()
            session.flush()
            assert statements == []  # nothing left for the unit of work to insert
        finally:
            event.remove(database.engine, "before_cursor_execute", watch)
        expected = [_columns(row) for row in written]
    with database.session() as session:
        read = [_columns(session.get(type(row), row.id)) for row in written]
    assert read == expected
    assert expected[1]["number"] == 1 and expected[3]["duration_ms"] == 12.0


def _columns(row: object) -> dict[str, object]:
    return {attr.key: getattr(row, attr.key) for attr in inspect(type(row)).column_attrs}


def test_json_columns_read_what_the_standard_library_wrote_and_write_what_it_reads(database):
    """Rows written before orjson (``json.dumps``: spaces, ``\\uXXXX``) and before the compact
    facts (format 1) read as before; new rows are plain JSON that ``json.loads`` reads."""
    _synced(database)
    document = _document("Données « personnelles » — 🍪 cookies.", "Plain text.")
    facts = _facts()
    as_text = "facts::text" if database.dialect == "postgresql" else "facts"
    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        snap = repo.put_snapshot(session, BODY, "text/html")
        version = repo.add_version(
            session, target, snapshot=snap, document=document, facts=facts, fetched_at=WHEN
        )
        version_id = version.id
    with database.session() as session:
        written = session.execute(
            text(f"SELECT {as_text}, blocks FROM versions WHERE id = :id"), {"id": version_id}
        ).one()
        raw_facts = written[0]
        assert json.loads(raw_facts)["format"] == codec.FACTS_ROW_FORMAT
        assert codec.facts_from_row(json.loads(raw_facts)) == facts
        old_style = json.dumps(codec.facts_to_json(facts))
        if database.dialect == "sqlite":  # the text as written (PostgreSQL's JSONB keeps no text)
            assert "Données" in written[1] and "\\u00e9" not in written[1]
        cast = "CAST(:old AS JSONB)" if database.dialect == "postgresql" else ":old"
        old_blocks = json.dumps(codec.to_jsonable(document.blocks))
        assert "\\u00e9" in old_blocks
        session.execute(
            text(
                f"UPDATE versions SET facts = {cast}, blocks = {cast.replace('old', 'ob')} "
                "WHERE id = :id"
            ),
            {"old": old_style, "ob": old_blocks, "id": version_id},
        )
    with database.session() as session:
        (row,) = repo.list_versions(session, repo.get_target(session, "acme-eu").id)
        assert repo.version_facts(row) == facts
        assert repo.version_document(row).blocks == document.blocks


def test_json_text_falls_back_to_the_standard_library_for_what_orjson_refuses():
    assert jsontext.loads(jsontext.dumps({"é": [1, True, None, "🍪"]})) == {
        "é": [1, True, None, "🍪"]
    }
    # Integers beyond 64 bits and non-string keys: json's text, as before.
    assert jsontext.dumps(2**70) == json.dumps(2**70)
    assert jsontext.dumps({1: "a"}) == json.dumps({1: "a"})
    # A lone surrogate (not UTF-8): json's escape both ways.
    assert jsontext.dumps({"t": "a\ud800b"}) == json.dumps({"t": "a\ud800b"})
    assert jsontext.loads(json.dumps({"t": "a\ud800b"})) == {"t": "a\ud800b"}
    # An enum is written as its value (as json does); a forgotten datetime still fails.
    assert jsontext.dumps({"k": Severity.MATERIAL}) == '{"k":"material"}'
    with pytest.raises(TypeError, match="not JSON serializable"):
        jsontext.dumps({"when": WHEN})
    # NaN as json.dumps wrote it, and bytes from a driver.
    assert jsontext.loads('{"x": NaN}')["x"] != jsontext.loads('{"x": NaN}')["x"]
    assert jsontext.loads(b'{"a": [1]}') == {"a": [1]}
    with pytest.raises(ValueError):
        jsontext.loads("{not json")


def test_fetch_log(database):
    _synced(database)
    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        assert repo.last_fetch(session, target.id) is None
        snap = repo.put_snapshot(session, BODY, "text/html")
        version = repo.add_version(
            session, target, snapshot=snap, document=_document("A."), facts=None, fetched_at=WHEN
        )
        repo.add_fetch(
            session,
            target,
            crawl_id="c1",
            started_at=WHEN,
            duration_ms=120.5,
            http_status=200,
            final_url="https://example.test/final",
            outcome="new_version",
            snapshot=snap,
            version=version,
        )
        repo.add_fetch(
            session,
            target,
            crawl_id="c2",
            started_at=WHEN + timedelta(hours=6),
            duration_ms=30_000,
            http_status=None,
            final_url=None,
            outcome="failed",
            error="timeout after 30 s",
        )
        repo.add_fetch(
            session,
            target,
            crawl_id="c3",
            started_at=WHEN + timedelta(hours=12),
            duration_ms=80,
            http_status=200,
            final_url=None,
            outcome="anomaly",
            anomaly_kind="bot_wall",
            error="looks like a bot wall",
            snapshot=snap,
        )
        target_pk, snapshot_id, version_id = target.id, snap.id, version.id
    with database.session() as session:
        last = repo.last_fetch(session, target_pk)
        assert (last.crawl_id, last.outcome, last.anomaly_kind, last.snapshot_id) == (
            "c3",
            "anomaly",
            "bot_wall",
            snapshot_id,
        )
        rows = session.scalars(select(FetchRow).order_by(FetchRow.started_at)).all()
        assert [r.outcome for r in rows] == ["new_version", "failed", "anomaly"]
        assert (rows[0].duration_ms, rows[0].http_status, rows[0].version_id) == (
            120.5,
            200,
            version_id,
        )
        assert (rows[1].http_status, rows[1].error) == (None, "timeout after 30 s")


def test_foreign_keys_are_enforced(database):
    with pytest.raises(IntegrityError), database.session() as session:
        repo.add_fetch(
            session,
            TargetRow(id=424242),
            crawl_id=None,
            started_at=WHEN,
            duration_ms=None,
            http_status=None,
            final_url=None,
            outcome="failed",
        )


# --------------------------------------------------------------------------- incidents


def test_incidents_open_update_and_resolve(database):
    _synced(database)
    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        assert repo.resolve_incident(session, target) is None
        target.consecutive_failures = 3
        first = repo.open_incident(session, target, "failing", "HTTP 500")
        assert (first.kind, first.failures, first.resolved_at) == ("failing", 3, None)
        target.consecutive_failures = 4
        same = repo.open_incident(session, target, "blocked", "bot wall")
        assert same.id == first.id
        assert (same.kind, same.failures, same.last_error) == ("blocked", 4, "bot wall")
        incident_id = first.id
    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        resolved = repo.resolve_incident(session, target)
        assert resolved.id == incident_id
        assert resolved.resolved_at is not None
        assert repo.resolve_incident(session, target) is None
        target.consecutive_failures = 1
        again = repo.open_incident(session, target, "failing", "timeout")
        assert again.id != incident_id
        assert again.failures == 1
        target_pk = target.id
    with database.session() as session:
        incidents = repo.list_incidents(session, target_pk)
        assert [i.resolved_at is None for i in incidents] == [True, False]
        assert incidents[1].resolved_at.tzinfo is UTC


def test_one_open_incident_per_target_is_a_database_rule(database):
    _synced(database)
    with pytest.raises(IntegrityError), database.session() as session:
        target = repo.get_target(session, "acme-eu")
        session.add_all(
            [
                IncidentRow(target_id=target.id, kind="failing"),
                IncidentRow(target_id=target.id, kind="blocked"),
            ]
        )


# --------------------------------------------------------------------------- time


def test_datetimes_come_back_aware_in_utc(database):
    _synced(database)
    paris = timezone(timedelta(hours=1))
    local = datetime(2025, 11, 3, 10, 30, 15, 123456, tzinfo=paris)
    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        target.last_checked_at = local
        target.next_check_at = WHEN
    with database.session() as session:
        target = repo.get_target(session, "acme-eu")
        assert target.last_checked_at == local
        assert target.last_checked_at.tzinfo is UTC
        assert target.last_checked_at.hour == 9
        assert target.last_checked_at.microsecond == 123456
        # Comparisons in SQL use the same UTC instant, whatever the offset given.
        due = session.scalars(
            select(TargetRow).where(TargetRow.next_check_at <= WHEN.astimezone(paris))
        ).all()
        assert [t.slug for t in due] == ["acme-eu"]
        assert target.created_at.tzinfo is UTC and target.updated_at >= target.created_at


def test_naive_datetimes_are_refused(database):
    _synced(database)
    with pytest.raises(StatementError, match="naive datetime"), database.session() as session:
        repo.get_target(session, "acme-eu").last_checked_at = datetime(2025, 11, 3, 9, 30)
        session.flush()


# --------------------------------------------------------------------------- fixtures other tests rely on


@pytest.mark.postgres
def test_pg_url_is_a_live_postgresql_server_on_localhost(pg_url):
    assert pg_url.startswith("postgresql+psycopg://") and "@127.0.0.1:" in pg_url
    db = open_database(pg_url)
    try:
        with db.engine.connect() as conn:
            major = int(conn.exec_driver_sql("SHOW server_version_num").scalar()) // 10000
            assert major >= 13  # DROP DATABASE ... WITH (FORCE)
            assert conn.exec_driver_sql("SHOW TimeZone").scalar() == "UTC"
        assert schema_is_current(db.engine)
    finally:
        db.dispose()


def test_sqlite_database_fixture_is_migrated(sqlite_database):
    assert sqlite_database.dialect == "sqlite"
    assert schema_is_current(sqlite_database.engine)
    _synced(sqlite_database)
    with sqlite_database.session() as session:
        assert repo.get_target(session, "acme-eu") is not None


def test_last_fetch_outcomes_are_what_last_fetch_finds(database):
    """The last fetch is the latest started, the later written among equals (``last_fetch``)."""
    targets = [Target(id=f"t{i}", url=f"https://example.com/{i}") for i in range(4)]
    _synced(database, *targets)
    stories = {
        "t0": [(WHEN, "new_version"), (WHEN + timedelta(hours=1), "not_modified")],
        "t1": [(WHEN + timedelta(hours=2), "failed"), (WHEN, "unchanged")],  # written last, older
        "t2": [(WHEN, "anomaly"), (WHEN, "not_modified")],  # same time: the later row
        "t3": [],
    }
    with database.session() as session:
        rows = {row.slug: row for row in repo.list_targets(session)}
        for slug, fetches in stories.items():
            for started, outcome in fetches:
                repo.add_fetch(
                    session,
                    rows[slug],
                    crawl_id="c",
                    started_at=started,
                    duration_ms=1.0,
                    http_status=200,
                    final_url=None,
                    outcome=outcome,
                )
        pks = {slug: row.id for slug, row in rows.items()}
    with database.session() as session:
        found = repo.last_fetch_outcomes(session, pks.values())
        expected = {
            pk: fetch.outcome
            for pk in pks.values()
            if (fetch := repo.last_fetch(session, pk)) is not None
        }
    assert (
        found
        == expected
        == {
            pks["t0"]: "not_modified",
            pks["t1"]: "failed",
            pks["t2"]: "not_modified",
        }
    )


def test_latest_version_keys_read_every_target_across_chunks(database, monkeypatch):
    """One query per IN_CHUNK targets: a listing of more targets than that misses none."""
    import storage.db

    monkeypatch.setattr(storage.db, "IN_CHUNK", 2)
    targets = [Target(id=f"t{i}", url=f"https://example.com/{i}") for i in range(5)]
    _synced(database, *targets)
    with database.session() as session:
        rows = {row.slug: row for row in repo.list_targets(session)}
        snap = repo.put_snapshot(session, BODY, "text/html")
        for i, slug in enumerate(sorted(rows)):
            for _ in range(i % 3):  # t0 none, t1 one version, t2 two, ...
                repo.add_version(
                    session,
                    rows[slug],
                    snapshot=snap,
                    document=_document(f"Text of {slug}."),
                    facts=None,
                    fetched_at=WHEN,
                )
        pks = {slug: row.id for slug, row in rows.items()}
    with database.session() as session:
        keys = repo.latest_version_keys(session, pks.values())
        expected = {
            pk: (version.id, version.number)
            for pk in pks.values()
            if (version := repo.latest_version(session, pk)) is not None
        }
    assert {pk: (k.id, k.number) for pk, k in keys.items()} == expected
    assert {slug: keys[pk].number for slug, pk in pks.items() if pk in keys} == {
        "t1": 1,
        "t2": 2,
        "t4": 1,
    }
