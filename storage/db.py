"""Engine, sessions and schema migrations: where the database is and how to talk to it.

SQLite is the default (a file in the working directory, nothing to install);
PostgreSQL is for deployments with several workers. Both go through the same
models and the same Alembic migrations, which run programmatically from the
installed package, so ``pip install`` plus ``noticewatch`` is enough: no
``alembic.ini`` to find, no separate migration step unless you ask for one.

SQLite is tuned for one writer and many readers across processes: WAL
journal, foreign keys enforced, a 30 s busy timeout (a second process waits
for the lock instead of failing), ``synchronous=NORMAL`` (durable at each
checkpoint, safe with WAL).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from monitor.errors import NoticewatchError
from storage import jsontext

log = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///noticewatch.db"
ENV_VAR = "NOTICEWATCH_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: The schema this code expects: the newest migration's revision (bump it with each new migration).
SCHEMA_REVISION = "0004"
# Any constant will do: it only has to be the same in every noticewatch process.
_PG_MIGRATION_LOCK = 0x6E6F74696365  # "notice"
_T = TypeVar("_T")

#: Keys bound per ``IN (...)`` statement: well under any database's limit of bound
#: parameters (SQLite before 3.32 allowed 999).
IN_CHUNK = 500


def in_chunks(items: Iterable[_T]) -> Iterator[list[_T]]:
    """``items`` in lists of at most :data:`IN_CHUNK`, one ``IN (...)`` query each."""
    items = list(items)
    for start in range(0, len(items), IN_CHUNK):
        yield items[start : start + IN_CHUNK]


class DatabaseError(NoticewatchError):
    """The database cannot be used as it is (the CLI exits with status 3)."""


class DatabaseUnavailable(DatabaseError):
    """Cannot connect, or the URL is not one we can use."""


class SchemaOutOfDate(DatabaseError):
    """The schema is not the one this version of noticewatch expects."""


# --------------------------------------------------------------------------- URLs


def database_url(flag: str | None = None, configured: str | None = None) -> str:
    """The database URL, in the one order every entry point uses.

    The command-line flag (``--database``, or ``-s NOTICEWATCH_DATABASE_URL`` for
    ``scrapy crawl``), else $NOTICEWATCH_DATABASE_URL, else ``configured`` (the
    watchlist's ``[settings] database_url``), else ./noticewatch.db.
    """
    return normalize_url(flag or os.environ.get(ENV_VAR) or configured or DEFAULT_DATABASE_URL)


def normalize_url(url: str) -> str:
    """PostgreSQL URLs as people write them (``postgres://``, ``postgresql://``) use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def masked(url: str | URL) -> str:
    """The URL with its password replaced by ***: safe for logs, errors and --help."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "<unparseable database URL>"
    return parsed.render_as_string(hide_password=True)


# --------------------------------------------------------------------------- engine and sessions


class Database:
    """An engine and its session factory; ``session()`` is one transaction."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.engine: Engine = make_engine(url, **engine_options)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        """The URL with the password masked (never print the real one)."""
        return masked(self.engine.url)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        Rows stay readable after the block (no expiry on commit), but lazy
        relationships and deferred columns must be touched inside it.
        """
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close pooled connections (tests, and before dropping a database)."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.url!r})"

    __str__ = __repr__


def make_engine(url: str, **engine_options: Any) -> Engine:
    """An engine for ``url`` with the SQLite pragmas or the psycopg driver set up."""
    url = normalize_url(url)
    engine_options.setdefault("json_serializer", jsontext.dumps)
    engine_options.setdefault("json_deserializer", jsontext.loads)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(f"not a database URL: {masked(url)}") from None
    if parsed.get_backend_name() == "sqlite":
        if _sqlite_in_memory(parsed):
            # One shared connection, or every thread would see its own empty database.
            engine_options.setdefault("poolclass", StaticPool)
            engine_options.setdefault("connect_args", {"check_same_thread": False})
        engine = create_engine(parsed, **engine_options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine_options.setdefault("pool_pre_ping", True)
    try:
        return create_engine(parsed, **engine_options)
    except Exception as exc:  # e.g. a driver that is not installed
        raise DatabaseUnavailable(f"cannot use {masked(parsed)}: {exc}") from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        _sqlite_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_wal(cursor: Any) -> None:
    """Switch the file to WAL (persistent, so usually already done).

    The switch needs an exclusive lock and SQLite answers "database is locked"
    at once instead of waiting when another connection opens the new file at
    the same moment, so retry for as long as the busy timeout would have waited.
    """
    import sqlite3

    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() in ("wal", "memory"):
        return
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            transient = "locked" in str(exc) or "busy" in str(exc)
            if not transient or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_in_memory(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database


def open_database(
    url: str | None = None, *, upgrade: bool = True, require_current: bool = False
) -> Database:
    """Open the database at ``url`` (see :func:`database_url`), migrating it to the current schema.

    With ``upgrade=False`` the schema is left alone (``noticewatch db current``);
    add ``require_current=True`` to refuse a schema that is not the current one.
    Raises :class:`DatabaseUnavailable` when it cannot connect.
    """
    url = database_url(url)
    parsed = make_url(url) if _parses(url) else None
    if (
        parsed is not None
        and parsed.get_backend_name() == "sqlite"
        and not _sqlite_in_memory(parsed)
    ):
        path = Path(parsed.database or "")
        if not str(path).startswith("file:"):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(
                    f"cannot create the directory of {masked(url)}: {exc.strerror or exc}"
                ) from None
    database = Database(url)
    try:
        if upgrade:
            migrate(database.engine)
        else:
            with _translated(database.engine), database.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            if require_current and not schema_is_current(database.engine):
                raise SchemaOutOfDate(
                    f"{database.url}: schema at revision {current_revision(database.engine) or 'none'}, "
                    f"expected {SCHEMA_REVISION}: run `noticewatch db upgrade`"
                )
    except BaseException:
        database.dispose()
        raise
    return database


def _parses(url: str) -> bool:
    try:
        make_url(url)
    except ArgumentError:
        return False
    return True


@contextmanager
def _translated(engine: Engine) -> Iterator[None]:
    """Connection failures as a DatabaseUnavailable that names the (masked) URL."""
    try:
        yield
    except OperationalError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        detail = reason[0] if reason else type(exc).__name__
        raise DatabaseUnavailable(f"cannot use database {masked(engine.url)}: {detail}") from None


# --------------------------------------------------------------------------- migrations


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic Config pointing at the packaged migrations, bound to ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str:
    """The head of the packaged migrations (a test checks it is SCHEMA_REVISION)."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def _revisions(connection: Connection) -> tuple[str, ...]:
    """What alembic_version says, read directly: importing Alembic costs ~150 ms per command."""
    if not inspect(connection).has_table("alembic_version"):
        return ()
    rows = connection.execute(text("SELECT version_num FROM alembic_version"))
    return tuple(sorted(row[0] for row in rows))


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None before the first migration)."""
    with _translated(engine), engine.connect() as conn:
        heads = _revisions(conn)
    return heads[0] if heads else None


def schema_is_current(engine: Engine) -> bool:
    with _translated(engine), engine.connect() as conn:
        return _revisions(conn) == (SCHEMA_REVISION,)


def upgrade(engine: Engine) -> None:
    """Migrate to the current schema; safe when several processes start at once."""
    migrate(engine)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade to ``revision`` under a lock; a schema newer than ours is a SchemaOutOfDate."""
    with _translated(engine):
        if revision == "head" and schema_is_current(engine):
            return
        from alembic import command
        from alembic.util.exc import CommandError

        with engine.connect() as conn:
            # Serialize concurrent upgraders; the loser then finds nothing left to do.
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            elif conn.dialect.name == "postgresql":
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                )
            before = _revisions(conn)
            try:
                command.upgrade(alembic_config(conn), revision)
            except CommandError as exc:
                conn.rollback()
                raise SchemaOutOfDate(
                    f"{masked(engine.url)}: cannot migrate from revision {', '.join(before) or 'none'} "
                    f"({exc}); is this database from a newer noticewatch?"
                ) from None
            conn.commit()
            after = _revisions(conn)
    if before != after:
        log.info("database %s migrated from %s to %s", masked(engine.url), before or "empty", after)


def begin_immediate(session: Session) -> None:
    """On SQLite take the write lock now (BEGIN IMMEDIATE), so a read-then-write cannot race.

    PostgreSQL needs nothing here: its callers lock rows (FOR UPDATE SKIP LOCKED).
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi = connection.connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
