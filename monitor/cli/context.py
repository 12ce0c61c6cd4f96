"""What most commands need before they start: the watchlist and an open database."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from monitor.config import Watchlist, load_watchlist
from monitor.errors import NoticewatchError
from storage import repo
from storage.db import Database, open_database
from storage.db import database_url as resolve_database_url


class UnknownTarget(NoticewatchError):
    pass


@dataclass
class Context:
    watchlist: Watchlist | None
    database: Database


def database_url(args: argparse.Namespace, watchlist: Watchlist | None = None) -> str:
    """--database, else $NOTICEWATCH_DATABASE_URL, else the watchlist's [settings], else the default."""
    configured = watchlist.settings.database_url if watchlist is not None else None
    return resolve_database_url(getattr(args, "database", None), configured)


def watchlist_for(args: argparse.Namespace, *, needed: bool = True) -> Watchlist | None:
    """The watchlist; when not ``needed`` and none was named, ./watchlist.toml if it loads, else None."""
    if needed or getattr(args, "watchlist", None):
        return load_watchlist(getattr(args, "watchlist", None))
    try:
        return load_watchlist(None)
    except NoticewatchError:
        return None


def open_context(
    args: argparse.Namespace, *, need_watchlist: bool = True, sync: bool = True
) -> Context:
    """Load the watchlist (when there is one or it is needed), open the database, sync targets."""
    watchlist = watchlist_for(args, needed=need_watchlist)
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
