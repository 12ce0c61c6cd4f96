"""One way to set up a crawl into the database: ``recrawl``, the daemon and ``scrapy crawl notices``.

All three fetch a list of targets with the one spider and record each fetch
with the :class:`~monitor.record.Recorder`. :func:`plan_crawl` is what they
share: the crawl id, the conditional requests built from the stored
validators, the recorder with the watchlist's alerting, and the Scrapy
settings the watchlist asks for (contact URL, User-Agent) under the command
line's own. How the crawl then runs differs and stays with the caller:
``crawler.runner.crawl`` for ``recrawl``, a bounded crawl for the daemon,
Scrapy's own engine for ``scrapy crawl notices``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crawler.items import FetchRequest
from crawler.spiders.notices import new_crawl_id
from monitor.config import Watchlist
from monitor.record import Recorder, fetch_requests
from monitor.targets import Target
from storage.db import Database


@dataclass(frozen=True, slots=True)
class CrawlPlan:
    """What one crawl fetches, where each fetch is recorded, and with which Scrapy settings."""

    crawl_id: str
    requests: list[FetchRequest]
    recorder: Recorder
    settings: dict[str, Any]


def plan_crawl(
    database: Database,
    watchlist: Watchlist,
    targets: Sequence[Target],
    *,
    force: bool = False,
    flags: Mapping[str, Any] | None = None,
    crawl_id: str | None = None,
) -> CrawlPlan:
    """Set up one crawl of ``targets`` into ``database`` (reads the stored validators: blocking).

    ``flags`` are Scrapy settings from the command line (``-s NAME=VALUE``) or
    the caller; they override what the watchlist's ``[settings]`` says.
    ``force`` sends no conditional headers (no 304).
    """
    return CrawlPlan(
        crawl_id=crawl_id or new_crawl_id(),
        requests=fetch_requests(database, targets, force=force),
        recorder=Recorder(database, targets, alerting=watchlist.alerting),
        settings=watchlist.settings.crawl_settings(flags),
    )


def standalone_requests(settings: Any) -> tuple[list[FetchRequest], Recorder]:
    """What ``scrapy crawl notices`` crawls: the enabled targets of the watchlist, into the database.

    ``settings`` are the crawl's Scrapy settings, not frozen yet: ``-s
    NOTICEWATCH_WATCHLIST=...`` and ``-s NOTICEWATCH_DATABASE_URL=...`` are the
    command-line flags; the watchlist's contact URL and User-Agent are added
    below the command line's priority, as for the other two ways to crawl.
    """
    from crawler.settings import apply_contact_url
    from monitor.config import load_watchlist
    from storage import repo
    from storage.db import database_url, open_database

    watchlist = load_watchlist(settings.get("NOTICEWATCH_WATCHLIST"))
    database = open_database(
        database_url(settings.get("NOTICEWATCH_DATABASE_URL"), watchlist.settings.database_url)
    )
    with database.session() as session:
        repo.sync_targets(session, watchlist.targets)
    plan = plan_crawl(database, watchlist, watchlist.select())
    for name, value in plan.settings.items():
        settings.set(name, value, priority="spider")  # under -s (cmdline), over the project's
    apply_contact_url(settings)
    return plan.requests, plan.recorder
