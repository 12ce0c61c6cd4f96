"""``noticewatch web``: the read-only web view and feeds over the database.

Binds 127.0.0.1:8080 by default. Another address needs a token (``$NOTICEWATCH_WEB_TOKEN``,
``--token-env`` or ``--token-file``) or an explicit ``--insecure-no-auth``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading

log = logging.getLogger(__name__)

#: Kept here, not imported, so ``noticewatch --help`` loads nothing of the web view.
DEFAULT_WEB_ADDR = "127.0.0.1:8080"
DEFAULT_TOKEN_ENV = "NOTICEWATCH_WEB_TOKEN"


def register(sub: argparse._SubParsersAction) -> None:
    from monitor.cli import common_options

    p = sub.add_parser(
        "web",
        help="serve a read-only web view and Atom/JSON feeds of the database",
        description="Targets, timelines, changes with their cards and diffs, facts, comparisons; "
        "Atom feeds at /feed.atom, /targets/ID/feed.atom, /tags/TAG/feed.atom; JSON with .json.",
    )
    web_options(p)
    common_options(p)
    p.set_defaults(handler=run)


def web_options(p: argparse.ArgumentParser, *, addr: bool = True, prefix: str = "") -> None:
    """The options ``web`` and ``daemon --web-addr`` share (the daemon's start with ``--web-``)."""
    if addr:
        p.add_argument(
            "--addr",
            default=DEFAULT_WEB_ADDR,
            metavar="HOST:PORT",
            help=f"where to listen (default {DEFAULT_WEB_ADDR})",
        )
    p.add_argument(
        f"--{prefix}token-env",
        dest="token_env",
        metavar="NAME",
        help="require this environment variable's value as bearer token or basic-auth password "
        f"(default: ${DEFAULT_TOKEN_ENV} when set)",
    )
    p.add_argument(
        f"--{prefix}token-file",
        dest="token_file",
        metavar="PATH",
        help="the same, read from a file",
    )
    p.add_argument(
        f"--{prefix}insecure-no-auth",
        dest="insecure_no_auth",
        action="store_true",
        help="allow a non-loopback address without a token (only behind an authenticating proxy)",
    )
    p.add_argument(
        f"--{prefix}base-url",
        dest="base_url",
        metavar="URL",
        help="the site's public URL for links in feeds (default: from the request's Host header)",
    )


def build_server(args: argparse.Namespace, addr_text: str, database_url: str) -> object:
    """The bound (not yet serving) web server: auth checked, database opened read-only."""
    from monitor.daemon.health import parse_addr
    from monitor.errors import NoticewatchError
    from monitor.web.app import WebApp
    from monitor.web.auth import check_bind, load_auth
    from monitor.web.server import WebServer
    from storage.db import open_database

    try:
        addr = parse_addr(addr_text)
    except ValueError as exc:
        raise NoticewatchError(f"web address: {exc}") from None
    if addr is None:
        raise NoticewatchError("web address: give HOST:PORT")
    auth = load_auth(args.token_env, args.token_file)
    warning = check_bind(addr[0], auth, insecure=args.insecure_no_auth)
    if warning:
        log.warning(warning)
        print(f"noticewatch: WARNING: {warning}", file=sys.stderr)
    # The view never migrates: it reads whatever schema the crawler keeps current.
    database = open_database(database_url, upgrade=False, require_current=True)
    app = WebApp(database, auth=auth, base_url=args.base_url)
    try:
        server = WebServer(addr, app)
    except OSError as exc:
        database.dispose()
        raise NoticewatchError(f"cannot listen on {addr_text}: {exc.strerror or exc}") from None
    threading.Thread(target=app.warm, name="web-warm", daemon=True).start()
    return server


def run(args: argparse.Namespace) -> int:
    from monitor.cli.context import database_url, watchlist_for

    # The watchlist only says where the database is ([settings] database_url): it is not synced.
    server = build_server(args, args.addr, database_url(args, watchlist_for(args, needed=False)))
    print(f"noticewatch web: serving {server.url}/ (Ctrl-C to stop)", flush=True)  # type: ignore[attr-defined]
    try:
        server.serve_forever()  # type: ignore[attr-defined]
    finally:
        server.close()  # type: ignore[attr-defined]
    return 0
