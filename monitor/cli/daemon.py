"""``noticewatch daemon``: run every target on its schedule, in the foreground, until SIGTERM."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

from monitor.cli.context import database_url
from monitor.cli.web import web_options

if TYPE_CHECKING:  # the rest is imported when used: `noticewatch --help` starts fast
    from storage.db import Database

#: monitor.daemon.planning.DEFAULT_SPREAD_SECONDS (not imported: it loads APScheduler).
DEFAULT_SPREAD_SECONDS = 300.0
#: monitor.daemon.health.DEFAULT_HEALTH_ADDR (not imported: it loads http.server).
DEFAULT_HEALTH_ADDR = "127.0.0.1:9108"


def register(sub: argparse._SubParsersAction) -> None:
    from monitor.cli import common_options, settings_option

    p = sub.add_parser(
        "daemon",
        help="check every target on its schedule (foreground; health, metrics, alerts)",
        description="Run in the foreground: check each enabled target on its schedule, deliver "
        "alerts, answer /healthz, /readyz and /metrics. SIGHUP reloads the watchlist; SIGTERM or "
        "SIGINT stops cleanly within --grace seconds. Several daemons may share one PostgreSQL "
        "database: each check is done once. On PostgreSQL the schema must be current "
        "(`noticewatch db upgrade`); a SQLite file is upgraded in place.",
    )
    common_options(p)
    p.add_argument(
        "--health-addr",
        default=DEFAULT_HEALTH_ADDR,
        metavar="HOST:PORT",
        help=f"where /healthz, /readyz and /metrics answer (default {DEFAULT_HEALTH_ADDR}; 'off' to disable)",
    )
    p.add_argument(
        "--web-addr",
        default="off",
        metavar="HOST:PORT",
        help="also serve the read-only web view and feeds here (as `noticewatch web`; "
        "default off; a non-loopback address needs a --web-token-env/--web-token-file)",
    )
    web_options(p, addr=False, prefix="web-")
    p.add_argument(
        "--log-format",
        choices=["text", "json"],
        default="text",
        help="text: readable lines; json: one JSON object per line, with crawl and alert ids",
    )
    p.add_argument(
        "--watch-config",
        action="store_true",
        help="reload the watchlist when its file changes (as on SIGHUP)",
    )
    p.add_argument("--grace", type=_seconds, default=25.0, metavar="SECONDS",
                   help="on SIGTERM/SIGINT, exit within this time (default 25)")  # fmt: skip
    p.add_argument("--crawl-timeout", type=_seconds, default=900.0, metavar="SECONDS",
                   help="stop a crawl still running after this (default 900)")  # fmt: skip
    p.add_argument("--lease", type=_seconds, default=120.0, metavar="SECONDS",
                   help="lease on targets being checked; renewed while checking, so another "
                   "daemon takes over a dead one's targets this long after (default 120)")  # fmt: skip
    p.add_argument("--spread", type=_seconds, default=DEFAULT_SPREAD_SECONDS, metavar="SECONDS",
                   help="first checks of new or overdue targets are spread over this window, "
                   f"at most their interval (default {DEFAULT_SPREAD_SECONDS:g})")  # fmt: skip
    p.add_argument("--batch-window", type=_seconds, default=1.0, metavar="SECONDS",
                   help="targets falling due within this window share one crawl (default 1)")  # fmt: skip
    p.add_argument("--max-batch", type=int, default=100, metavar="N",
                   help="at most N targets per crawl (default 100)")  # fmt: skip
    p.add_argument("--max-crawls", type=int, default=4, metavar="N",
                   help="at most N crawls at once (default 4)")  # fmt: skip
    settings_option(p, help="a Scrapy setting for the daemon's crawls, e.g. -s "
                    "NOTICEWATCH_MAX_PER_HOST=4 (repeatable)")  # fmt: skip
    p.set_defaults(handler=run)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def open_daemon_database(url: str) -> Database:
    """PostgreSQL: refuse a schema that is not current; SQLite: upgrade in place, like every command.

    A fleet of daemons shares one PostgreSQL schema: upgrading it is a deliberate
    step (``noticewatch db upgrade``) taken when the new version is rolled out,
    not a side effect of whichever daemon restarts first. A SQLite file belongs
    to one host and one daemon, so it is migrated as the other commands do.
    """
    from sqlalchemy.engine import make_url

    from storage.db import open_database

    try:
        sqlite = make_url(url).get_backend_name() == "sqlite"
    except Exception:
        sqlite = False
    if sqlite:
        return open_database(url)
    return open_database(url, upgrade=False, require_current=True)


def run(args: argparse.Namespace) -> int:
    from monitor.cli import scrapy_settings
    from monitor.config import load_watchlist, missing_secrets
    from monitor.daemon import logs
    from monitor.daemon.health import parse_addr
    from monitor.daemon.service import Daemon, DaemonOptions, run_daemon
    from storage import repo

    logs.configure(args.log_format, logging.DEBUG if args.verbose else logging.INFO)
    try:
        health_addr = parse_addr(args.health_addr)
    except ValueError as exc:
        print(f"noticewatch daemon: --health-addr: {exc}", file=sys.stderr)
        return 2
    try:
        web_addr = parse_addr(args.web_addr)
    except ValueError as exc:
        print(f"noticewatch daemon: --web-addr: {exc}", file=sys.stderr)
        return 2
    try:
        crawl_settings = scrapy_settings(args.scrapy_settings)
    except ValueError as exc:
        print(f"noticewatch daemon: {exc}", file=sys.stderr)
        return 2
    if args.max_batch < 1 or args.max_crawls < 1:
        print(
            "noticewatch daemon: --max-batch and --max-crawls must be at least 1", file=sys.stderr
        )
        return 2
    watchlist = load_watchlist(args.watchlist)
    missing = missing_secrets(watchlist)
    if missing:
        for problem in missing:
            print(f"noticewatch daemon: {watchlist.path}: {problem}", file=sys.stderr)
        print("noticewatch daemon: set them, or remove the channels", file=sys.stderr)
        return 2
    database = open_daemon_database(database_url(args, watchlist))
    with database.session() as session:
        repo.sync_targets(session, watchlist.targets)
    options = DaemonOptions(
        health_addr=health_addr,
        watch_config=args.watch_config,
        grace=args.grace,
        crawl_timeout=args.crawl_timeout,
        lease=args.lease,
        spread=args.spread,
        batch_window=args.batch_window,
        max_batch=args.max_batch,
        max_crawls=args.max_crawls,
        crawl_settings=crawl_settings,
    )
    daemon = Daemon(watchlist, database, options)
    try:
        daemon.bind_health()
    except OSError as exc:
        print(f"noticewatch daemon: cannot listen on {args.health_addr}: {exc.strerror or exc}",
              file=sys.stderr)  # fmt: skip
        database.dispose()
        return 2
    web = None
    if web_addr is not None:
        from monitor.cli.web import build_server
        from monitor.errors import NoticewatchError

        try:
            web = build_server(args, args.web_addr, database_url(args, watchlist))
        except NoticewatchError as exc:
            print(f"noticewatch daemon: --web-addr: {exc}", file=sys.stderr)
            database.dispose()
            return 2
        web.start()  # type: ignore[attr-defined]
        logging.getLogger("monitor.daemon").info("web view on %s/", web.url)  # type: ignore[attr-defined]
    try:
        return run_daemon(daemon)
    finally:
        if web is not None:
            web.close()  # type: ignore[attr-defined]
        database.dispose()
