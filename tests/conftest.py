"""Shared fixtures: databases on SQLite and on a real throwaway PostgreSQL cluster.

- ``pg_cluster`` (session): the running cluster (tests/pg.py), started on first use.
- ``pg_url`` (session): a ``postgresql+psycopg://`` URL of a database on that cluster.
- ``db_url``: parametrized over ``sqlite`` (a file in tmp_path) and ``postgres`` (a fresh
  database per test, dropped afterwards); the postgres case carries the ``postgres`` marker.
- ``database``: an opened, migrated ``storage.db.Database`` for ``db_url``.
- ``sqlite_database``: an opened, migrated SQLite Database in tmp_path (no parametrization).
- ``reactor`` (session): the one Twisted reactor thread the crawler tests run Scrapy on.

Without PostgreSQL binaries the postgres cases are skipped, saying why; with CI=true
they fail instead, so CI can never pass by silently not testing PostgreSQL.
Select or drop them with ``-m postgres`` / ``-m "not postgres"``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from pg import PgCluster, PostgresUnavailable

from storage.db import Database, open_database
from tests.httpserver import ReactorThread

# The daemon tests check targets every couple of seconds: lower the 1-minute schedule floor
# (monitor.schedule.MIN_INTERVAL_ENV) for this process and the daemons it starts.
os.environ.setdefault("NOTICEWATCH_MIN_INTERVAL", "1")


@pytest.fixture(scope="session")
def reactor() -> ReactorThread:
    return ReactorThread.get()


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    try:
        cluster = PgCluster.start()
    except PostgresUnavailable as exc:
        if _on_ci():
            pytest.fail(f"CI=true but PostgreSQL is not available: {exc}", pytrace=False)
        pytest.skip(
            f"PostgreSQL not available: {exc} (install postgresql, or set CI=true to make this an error)"
        )
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """One database for the whole session (tests that share it must not assume it is empty)."""
    with pg_cluster.database("session") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database, not migrated: SQLite in tmp_path, or a fresh PostgreSQL database.

    When the test also uses ``database`` (which migrates it anyway), the PostgreSQL
    database is copied from a migrated template instead: same result, much faster.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'noticewatch.db'}"
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    with cluster.database(migrated="database" in request.fixturenames) as url:
        yield url


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def sqlite_database(tmp_path) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path / 'noticewatch.db'}")
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture(autouse=True)
def _fresh_robots_txt() -> Iterator[None]:
    """Each test starts with no robots.txt kept in the process (its server may reuse a port)."""
    from crawler.robots import clear_memory

    clear_memory()
    yield
