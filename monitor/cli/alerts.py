"""``noticewatch alerts``: look into the outbox, retry what failed, test a channel."""

from __future__ import annotations

import argparse
import json
import sys

from monitor.cli.context import open_context
from monitor.errors import NoticewatchError

STATUSES = ("pending", "sending", "sent", "failed", "dead")


def register(sub: argparse._SubParsersAction) -> None:
    from monitor.cli import common_options

    p = sub.add_parser("alerts", help="list, retry and test alerts (the outbox)")
    asub = p.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")

    ls = asub.add_parser("list", help="alerts, oldest first")
    ls.add_argument("--status", choices=STATUSES, help="only alerts in this status")
    ls.add_argument("--limit", type=int, help="at most this many (the newest)")
    ls.add_argument("--format", choices=["text", "json"], default="text")
    common_options(ls)
    ls.set_defaults(handler=list_alerts)

    retry = asub.add_parser("retry", help="deliver a failed or dead alert again")
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", type=int, help="alert id (see `alerts list`)")
    which.add_argument("--all-dead", action="store_true", help="every dead alert")
    retry.add_argument(
        "--no-dispatch", action="store_true", help="only mark them due; deliver later"
    )
    common_options(retry)
    retry.set_defaults(handler=retry_alerts)

    test = asub.add_parser("send-test", help="send a real test message through a channel")
    test.add_argument("channel", help="channel name from the watchlist's [channels.NAME]")
    common_options(test)
    test.set_defaults(handler=send_test)


def list_alerts(args: argparse.Namespace) -> int:
    from monitor.alerts.headlines import alert_title
    from storage import outbox

    context = open_context(args, need_watchlist=False, sync=False)
    with context.database.session() as session:
        rows = outbox.list_alerts(session, args.status)
        if args.limit:
            rows = rows[-args.limit :]
        entries = [
            {
                "id": row.id,
                "kind": row.kind,
                "channel": row.channel,
                "status": row.status,
                "attempts": row.attempts,
                "created_at": row.created_at.isoformat(timespec="seconds"),
                "next_attempt_at": row.next_attempt_at.isoformat(timespec="seconds")
                if row.next_attempt_at and row.status == "pending"
                else None,
                "sent_at": row.sent_at.isoformat(timespec="seconds") if row.sent_at else None,
                "last_error": row.last_error,
                "title": alert_title(row.payload, row.kind),
                "idempotency_key": row.idempotency_key,
            }
            for row in rows
        ]
    if args.format == "json":
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return 0
    if not entries:
        print("no alerts" + (f" with status {args.status}" if args.status else ""))
        return 0
    for e in entries:
        line = f"#{e['id']:<5} {e['created_at']}  {e['status']:<8} {e['channel']:<16} {e['title']}"
        if e["status"] in {"failed", "dead"} and e["last_error"]:
            line += f"\n       last error after {e['attempts']} attempt(s): {e['last_error']}"
        elif e["next_attempt_at"] and e["attempts"]:
            line += f"\n       attempt {e['attempts'] + 1} due {e['next_attempt_at']}"
        print(line)
    return 0


def retry_alerts(args: argparse.Namespace) -> int:
    from storage import outbox

    context = open_context(args, need_watchlist=False, sync=False)
    with context.database.session() as session:
        if args.all_dead:
            count = outbox.retry_all_dead(session)
            print(f"{count} dead alert(s) due again")
        else:
            row = outbox.retry(session, args.id)
            print(f"alert #{row.id} ({row.channel}) due again")
    if args.no_dispatch or context.watchlist is None or context.watchlist.alerting is None:
        return 0
    from monitor.cli.crawl import dispatch_alerts

    report = dispatch_alerts(context)
    print("delivery: " + ", ".join(f"{k} {v}" for k, v in report.as_dict().items()))
    return 0 if not (report.failed or report.dead) else 1


def send_test(args: argparse.Namespace) -> int:
    from monitor.alerts.dispatcher import Dispatcher

    context = open_context(args, sync=False)
    assert context.watchlist is not None
    if context.watchlist.alerting is None:
        raise NoticewatchError(f"{context.watchlist.path}: no [channels] configured")
    result = Dispatcher(context.database, context.watchlist.alerting).send_test(args.channel)
    if result.ok:
        print(f"test alert #{result.alert_id} sent through {result.channel}: {result.detail}")
        return 0
    print(
        f"test alert #{result.alert_id} through {result.channel} failed: {result.detail}",
        file=sys.stderr,
    )
    return 1
