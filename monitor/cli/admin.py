"""``noticewatch targets``, ``validate`` and ``db``: what is watched, and the database itself."""

from __future__ import annotations

import argparse
import json
import sys

from monitor.cli.context import database_url, open_context, watchlist_for


def register(sub: argparse._SubParsersAction) -> None:
    from monitor.cli import common_options

    p = sub.add_parser("targets", help="list targets with their last check, last change and status")
    p.add_argument("--format", choices=["text", "json"], default="text")
    common_options(p)
    p.set_defaults(handler=targets)

    p = sub.add_parser("validate", help="check the watchlist and print precise errors")
    p.add_argument("--watchlist", metavar="PATH", help="watchlist TOML (default: ./watchlist.toml)")
    p.set_defaults(handler=validate)

    p = sub.add_parser(
        "accept",
        help="accept a target's last flagged fetch (anomaly) as its new version",
        description="Record the last check of TARGET, which was flagged as an anomaly (text "
        "shrank, undecodable, language flip, too short, moved ...), as the target's new "
        "version: compared, recorded and alerted like any change. Exit 1 when the last check "
        "was not a flagged fetch.",
    )
    p.add_argument("target", metavar="TARGET")
    p.add_argument("--no-dispatch", action="store_true", help="leave the new alerts pending")
    common_options(p)
    p.set_defaults(handler=accept)

    p = sub.add_parser("db", help="database maintenance")
    dbsub = p.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = dbsub.add_parser("upgrade", help="run the migrations up to the current schema")
    common_options(up)
    up.set_defaults(handler=db_upgrade)
    cur = dbsub.add_parser("current", help="print the schema revision of the database")
    common_options(cur)
    cur.set_defaults(handler=db_current)


def targets(args: argparse.Namespace) -> int:
    from storage import repo

    context = open_context(args, need_watchlist=False)
    with context.database.session() as session:
        rows = repo.list_targets(session)
        pks = [row.id for row in rows]
        # Numbers and outcomes only, a query per 500 targets (not two row lookups per target).
        latest = {pk: key.number for pk, key in repo.latest_version_keys(session, pks).items()}
        outcomes = repo.last_fetch_outcomes(session, pks)
        table = []
        for row in rows:
            table.append(
                {
                    "id": row.slug,
                    "service": row.service,
                    "document": row.document,
                    "region": row.region,
                    "enabled": row.enabled,
                    "status": row.status,
                    "last_check": _iso(row.last_checked_at),
                    "last_outcome": outcomes.get(row.id),
                    "last_change": _iso(row.last_changed_at),
                    "versions": latest.get(row.id, 0),
                    "schedule": row.schedule,
                    "url": row.url,
                }
            )
    if args.format == "json":
        print(json.dumps(table, indent=2, ensure_ascii=False))
        return 0
    if not table:
        print("no targets yet: add [[targets]] to the watchlist (see `noticewatch validate`)")
        return 0
    from rich.console import Console
    from rich.table import Table

    out = Table(box=None, pad_edge=False)
    for column in (
        "target",
        "service",
        "region",
        "status",
        "last check",
        "outcome",
        "last change",
        "versions",
    ):
        out.add_column(column, no_wrap=column != "service")
    for t in table:
        out.add_row(
            t["id"],
            t["service"],
            t["region"] or "-",
            t["status"] if t["enabled"] else "disabled",
            _short(t["last_check"]) or "never",
            (t["last_outcome"] or "-").replace("_", " "),
            _short(t["last_change"]) or "-",
            str(t["versions"]),
        )
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=200)  # piped: never truncate ids
    console.print(out)
    return 0


def validate(args: argparse.Namespace) -> int:
    from monitor.config import load_watchlist, watchlist_path
    from monitor.errors import ConfigErrors

    path = watchlist_path(args.watchlist)
    try:
        watchlist = load_watchlist(path)
    except ConfigErrors as exc:
        for error in exc.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"{path}: {len(exc.errors)} error(s)", file=sys.stderr)
        return 2
    from monitor.config import missing_secrets

    for problem in missing_secrets(watchlist):
        print(f"warning: {path}: {problem} (sending to this channel will fail)", file=sys.stderr)
    enabled = sum(t.enabled for t in watchlist.targets)
    channels = len(getattr(watchlist.alerting, "channels", {}) or {})
    print(
        f"{path}: OK — {len(watchlist.targets)} target(s), {enabled} enabled, {channels} alert channel(s)"
    )
    return 0


def accept(args: argparse.Namespace) -> int:
    from monitor.cli.context import UnknownTarget
    from monitor.record import Recorder

    context = open_context(args)
    assert context.watchlist is not None
    try:
        context.watchlist.get(args.target)
    except KeyError:
        raise UnknownTarget(f"unknown target {args.target!r} (see `noticewatch targets`)") from None
    recorder = Recorder(
        context.database, context.watchlist.targets, alerting=context.watchlist.alerting
    )
    try:
        outcome = recorder.accept(args.target)
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.target}  accepted: {outcome.describe()}")
    if not args.no_dispatch and context.watchlist.alerting is not None:
        from monitor.cli.crawl import dispatch_alerts

        dispatch_alerts(context)
    return 0


def db_upgrade(args: argparse.Namespace) -> int:
    from storage.db import current_revision, open_database

    database = open_database(database_url(args, watchlist_for(args, needed=False)), upgrade=True)
    print(f"{database.url}: schema at revision {current_revision(database.engine)}")
    return 0


def db_current(args: argparse.Namespace) -> int:
    from storage.db import current_revision, open_database, schema_is_current

    database = open_database(database_url(args, watchlist_for(args, needed=False)), upgrade=False)
    revision = current_revision(database.engine)
    state = (
        "up to date"
        if schema_is_current(database.engine)
        else "out of date: run `noticewatch db upgrade`"
    )
    print(f"{database.url}: revision {revision or 'none'} ({state})")
    return 0


def _short(iso: str | None) -> str | None:
    """2026-11-29T04:25:11+00:00 -> 2026-11-29 04:25 (UTC) for the table."""
    return iso[:16].replace("T", " ") if iso else None


def _iso(value: object) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None  # type: ignore[attr-defined]
