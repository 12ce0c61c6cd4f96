"""Alembic environment for noticewatch.

``storage.db.migrate`` runs the migrations programmatically and hands over its
own connection (already inside the transaction that holds the migration lock)
through ``config.attributes["connection"]``. Run by hand, ``alembic -c
storage/alembic.ini ...`` connects to ``database_url()`` (``--database`` style:
``-x url=...`` or $NOTICEWATCH_DATABASE_URL) instead.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from storage.db import database_url, make_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata

if config.config_file_name and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _configure(**kwargs: object) -> None:
    context.configure(target_metadata=target_metadata, compare_type=True, **kwargs)


def run_offline() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url")
    _configure(url=database_url(url), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    # SQLite cannot ALTER most things: later migrations rebuild tables in batch mode.
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    engine = make_engine(database_url(url))
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
