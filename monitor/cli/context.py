"""What most commands need before they start: the watchlist and an open database."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

from monitor.config import Watchlist, load_watchlist
from monitor.errors import NoticewatchError
from storage import repo
from storage.db import Database, open_database


class UnknownTarget(NoticewatchError):
    pass


@dataclass
class Context:
    watchlist: Watchlist | None
    database: Database


def database_url(args: argparse.Namespace, watchlist: Watchlist | None = None) -> str | None:
    """--database, else $NOTICEWATCH_DATABASE_URL, else the watchlist's [settings], else the default."""
    explicit = getattr(args, "database", None) or os.environ.get("NOTICEWATCH_DATABASE_URL")
    if explicit:
        return explicit
    return watchlist.settings.database_url if watchlist is not None else None


def open_context(
    args: argparse.Namespace, *, need_watchlist: bool = True, sync: bool = True
) -> Context:
    """Load the watchlist (when there is one or it is needed), open the database, sync targets."""
    watchlist = None
    if need_watchlist or getattr(args, "watchlist", None):
        watchlist = load_watchlist(getattr(args, "watchlist", None))
    else:
        try:
            watchlist = load_watchlist(None)
        except NoticewatchError:
            watchlist = None
    database = open_database(database_url(args, watchlist))
    if watchlist is not None and sync:
        with database.session() as session:
            repo.sync_targets(session, watchlist.targets)
    return Context(watchlist=watchlist, database=database)


def target_row(session: object, target_id: str) -> object:
    row = repo.get_target(session, target_id)
    if row is None:
        known = ", ".join(t.slug for t in repo.list_targets(session)) or "none recorded yet"
        raise UnknownTarget(f"unknown target {target_id!r} (known: {known})")
    return row
