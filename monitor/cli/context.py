"""What most commands need before they start: the watchlist and an open database."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monitor.errors import NoticewatchError

if TYPE_CHECKING:  # the rest is imported when used: `noticewatch --help` starts fast
    from monitor.config import Watchlist
    from storage.db import Database


class UnknownTarget(NoticewatchError):
    pass


@dataclass
class Context:
    watchlist: Watchlist | None
    database: Database


def database_url(args: argparse.Namespace, watchlist: Watchlist | None = None) -> str:
    """--database, else $NOTICEWATCH_DATABASE_URL, else the watchlist's [settings], else the default."""
    from storage.db import database_url as resolve_database_url

    configured = watchlist.settings.database_url if watchlist is not None else None
    return resolve_database_url(getattr(args, "database", None), configured)


def watchlist_for(args: argparse.Namespace, *, needed: bool = True) -> Watchlist | None:
    """The watchlist; when not ``needed`` and none was named, ./watchlist.toml if it loads, else None."""
    from monitor.config import load_watchlist

    if needed or getattr(args, "watchlist", None):
        return load_watchlist(getattr(args, "watchlist", None))
    try:
        return load_watchlist(None)
    except NoticewatchError:
        return None


def open_context(
    args: argparse.Namespace, *, need_watchlist: bool = True, sync: bool = True
) -> Context:
    """Load the watchlist (when there is one or it is needed), open the database, sync targets.

    A watchlist found by chance (./watchlist.toml for a command that does not need one) only
    names the database: syncing it would disable the targets of another watchlist's database,
    e.g. the demo's when it is run from a checkout.
    """
    from storage import repo
    from storage.db import open_database

    watchlist = watchlist_for(args, needed=need_watchlist)
    database = open_database(database_url(args, watchlist))
    chosen = need_watchlist or bool(getattr(args, "watchlist", None))
    if watchlist is not None and sync and chosen:
        with database.session() as session:
            repo.sync_targets(session, watchlist.targets)
    return Context(watchlist=watchlist, database=database)


def target_row(session: object, target_id: str) -> object:
    from storage import repo

    row = repo.get_target(session, target_id)
    if row is None:
        known = ", ".join(t.slug for t in repo.list_targets(session)) or "none recorded yet"
        raise UnknownTarget(f"unknown target {target_id!r} (known: {known})")
    return row
