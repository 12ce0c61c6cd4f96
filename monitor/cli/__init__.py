"""The ``noticewatch`` command line.

Exit status (documented in the README):
  0  everything worked (for ``recrawl``: every target was checked)
  1  the command ran but something failed (``recrawl``: at least one target failed or looked blocked)
  2  usage or configuration error (the message says which file, target and key)
  3  database error (unreachable, or schema out of date: run ``noticewatch db upgrade``)
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from monitor import __version__
from monitor.errors import NoticewatchError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DATABASE = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    from monitor.cli import admin, alerts, crawl, daemon, demo, ota, read, web

    parser = argparse.ArgumentParser(
        prog="noticewatch",
        description="Watch privacy notices and report what changed in substance.",
        epilog="Exit status: 0 ok, 1 a target or delivery failed, 2 usage/config error, 3 database error.",
    )
    parser.add_argument("--version", action="version", version=f"noticewatch {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more log output (-vv: debug)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (crawl, daemon, demo, admin, read, alerts, ota, web):
        module.register(sub)
    return parser


def common_options(parser: argparse.ArgumentParser, *, watchlist: bool = True) -> None:
    """--watchlist and --database, shared by the commands that need them."""
    if watchlist:
        parser.add_argument(
            "--watchlist",
            metavar="PATH",
            help="watchlist TOML (default: $NOTICEWATCH_WATCHLIST or ./watchlist.toml)",
        )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="SQLAlchemy URL (default: $NOTICEWATCH_DATABASE_URL, else the watchlist's "
        "[settings] database_url, else sqlite:///noticewatch.db)",
    )


def settings_option(parser: argparse.ArgumentParser, *, help: str) -> None:
    """-s/--set NAME=VALUE: one spelling of Scrapy settings for every command that crawls."""
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        dest="scrapy_settings", help=help)  # fmt: skip


def scrapy_settings(pairs: Sequence[str]) -> dict[str, str]:
    """The -s pairs as settings; ValueError names the pair that is not one (exit 2, not a trace)."""
    settings: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"-s {pair!r}: expected NAME=VALUE")
        settings[name.strip()] = value
    return settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not args.verbose:
        # A robots.txt that cannot be fetched is logged by Scrapy with a traceback; the
        # page's own fetch fails the same way and is reported on the target's line.
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    try:
        return int(args.handler(args) or 0)
    except NoticewatchError as exc:
        from monitor.errors import ConfigErrors
        from storage.db import DatabaseError

        print(
            f"noticewatch: {exc}" if not isinstance(exc, ConfigErrors) else str(exc),
            file=sys.stderr,
        )
        return EXIT_DATABASE if isinstance(exc, DatabaseError) else EXIT_USAGE
    except KeyboardInterrupt:
        print("noticewatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
