"""``noticewatch recrawl``: fetch now, record what changed, deliver the alerts."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from monitor.cli.context import Context, UnknownTarget, open_context

if TYPE_CHECKING:  # the rest is imported when used: `noticewatch --help` starts fast
    from rich.progress import Progress

    from monitor.record import FetchOutcome
    from monitor.targets import Target


def register(sub: argparse._SubParsersAction) -> None:
    from monitor.cli import common_options, settings_option

    p = sub.add_parser(
        "recrawl",
        help="fetch targets now and print what changed",
        description="Fetch every enabled target (or the named ones) now, record new versions "
        "and changes, and deliver pending alerts. Exit status 1 when a target failed or "
        "looked blocked, or an alert could not be delivered (it stays queued for a retry).",
    )
    p.add_argument("targets", nargs="*", metavar="TARGET", help="target ids (default: all enabled)")
    p.add_argument(
        "--force", action="store_true", help="refetch without conditional headers (no 304)"
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.add_argument("--no-dispatch", action="store_true", help="leave pending alerts for later")
    p.add_argument(
        "--wait",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="a target a daemon is checking right now is waited for this long and its result "
        "reported (no second fetch); still busy after that: reported as busy (default 60)",
    )
    settings_option(p, help="a Scrapy setting for this crawl, e.g. -s NOTICEWATCH_MAX_PER_HOST=4 "
                    "(repeatable; over the watchlist's [settings])")  # fmt: skip
    common_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from monitor.cli import scrapy_settings

    try:
        settings = scrapy_settings(args.scrapy_settings)
    except ValueError as exc:
        print(f"noticewatch recrawl: {exc}", file=sys.stderr)
        return 2
    from monitor.codec import gc_paused  # imported by the database's modules anyway

    # What start-up builds lives as long as the process (Scrapy, Twisted, SQLAlchemy and
    # our modules, the watchlist's targets), and run_sync freezes it out of the
    # collector's way; while it is built, each full collection went through all of it
    # again: about a tenth of the start-up's CPU. It is frozen before the collector is
    # back: else the first collection after the pause goes through all of it (60-80 ms).
    with gc_paused():
        # Start-up: the crawl's modules (the two below it imports later anyway), the
        # database and the watchlist.
        import monitor.crawl
        import monitor.daemon.leasing  # noqa: F401
        from crawler.runner import run_sync

        context = open_context(args)
        assert context.watchlist is not None
        try:
            targets = context.watchlist.select(args.targets)
        except KeyError as exc:
            raise UnknownTarget(
                f"unknown target(s): {exc.args[0]} (see `noticewatch targets`)"
            ) from None
        gc.freeze()
    if not targets:
        print("no enabled targets in the watchlist", file=sys.stderr)
        return 0
    # rich (50 ms to import) only when a bar may be shown: not for --no-progress or JSON.
    show_progress = not args.no_progress and args.format == "text" and _stderr_is_terminal()
    try:
        outcomes = run_sync(
            lambda: recrawl(
                context,
                targets,
                force=args.force,
                progress=show_progress,
                settings=settings or None,
                wait=args.wait,
            )
        )
    except KeyboardInterrupt:  # SIGINT or SIGTERM: Twisted stopped the reactor mid-crawl
        from monitor.daemon.leasing import release_interrupted

        released = release_interrupted()
        print(
            f"interrupted: {released} lease(s) released; checks already recorded are kept",
            file=sys.stderr,
        )
        return 130
    dispatch = None
    if not args.no_dispatch and context.watchlist.alerting is not None:
        dispatch = dispatch_alerts(context)
    print_outcomes(outcomes, fmt=args.format, dispatch=dispatch)
    undelivered = dispatch is not None and any(
        getattr(dispatch, name, 0) for name in ("retried", "failed", "dead")
    )
    return 0 if all(o.ok for o in outcomes) and not undelivered else 1


async def recrawl(
    context: Context,
    targets: Sequence[Target],
    *,
    force: bool = False,
    progress: bool = False,
    crawl_id: str | None = None,
    settings: dict[str, Any] | None = None,
    wait: float = 60.0,
) -> list[FetchOutcome]:
    """One Scrapy crawl over ``targets``, recorded into ``context.database``.

    Each target is leased first (storage.leases), so a daemon never checks it at the
    same time; one a daemon is checking now is waited for up to ``wait`` seconds and
    the daemon's result reported, or reported ``busy`` (see monitor.daemon.leasing).
    """
    from monitor.daemon.leasing import hold_for_recrawl

    async with hold_for_recrawl(context.database, targets, wait=wait) as hold:
        fetched = (
            await _recrawl(context, hold.targets, force, progress, crawl_id, settings)
            if hold.targets
            else []
        )
    return hold.merge(targets, fetched)


async def _recrawl(
    context: Context,
    targets: Sequence[Target],
    force: bool,
    progress: bool,
    crawl_id: str | None,
    settings: dict[str, Any] | None,
) -> list[FetchOutcome]:
    from crawler import runner
    from monitor.crawl import plan_crawl
    from monitor.record import outcome_of

    assert context.watchlist is not None
    plan = plan_crawl(
        context.database,
        context.watchlist,
        targets,
        force=force,
        flags=settings,
        crawl_id=crawl_id,
    )
    on_result: Callable[[Any, Any], None] | None = None
    with _progress() if progress else contextlib.nullcontext() as bar:
        if bar is not None:
            task = bar.add_task("checking", total=len(plan.requests))
            on_result = lambda _notice, _result: bar.advance(task)  # noqa: E731
        results = await runner.crawl(
            plan.requests,
            plan.recorder,
            settings=plan.settings,
            crawl_id=plan.crawl_id,
            on_result=on_result,
            keep_bodies=False,  # recorded already; a large crawl would hold every page
        )
    return [outcome_of(notice, result) for notice, result in results]


def _stderr_is_terminal() -> bool:
    from rich.console import Console

    return Console(stderr=True).is_terminal


def _progress() -> Progress:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def dispatch_alerts(context: Context) -> Any:
    from monitor.alerts.dispatcher import Dispatcher

    assert context.watchlist is not None
    return Dispatcher(context.database, context.watchlist.alerting).dispatch_once()


def describe(outcome: FetchOutcome) -> str:
    """Kept for callers of the old name (``monitor/cli/demo.py``); use ``FetchOutcome.describe``."""
    return outcome.describe()


def print_outcomes(outcomes: Sequence[FetchOutcome], *, fmt: str, dispatch: Any = None) -> None:
    counts = Counter(o.outcome for o in outcomes)
    if fmt == "json":
        doc = {
            "results": [
                {
                    "target": o.target_id,
                    "outcome": o.outcome,
                    "http_status": o.http_status,
                    "version": o.version,
                    "severity": o.severity.value if o.severity else None,
                    "summary": o.summary,
                    "reason": o.reason,
                    "moved_to": o.moved_to,
                    "duration_ms": round(o.duration_ms, 1),
                }
                for o in outcomes
            ],
            "summary": {"targets": len(outcomes), **dict(sorted(counts.items()))},
        }
        if dispatch is not None:
            doc["alerts"] = _dispatch_summary(dispatch)
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    width = max((len(o.target_id) for o in outcomes), default=0)
    for o in outcomes:
        print(f"{o.target_id:<{width}}  {o.describe()}")
    parts = [f"{n} {name.replace('_', ' ')}" for name, n in sorted(counts.items())]
    print(f"{len(outcomes)} target(s): " + ", ".join(parts))
    if dispatch is not None:
        print("alerts: " + ", ".join(f"{k} {v}" for k, v in _dispatch_summary(dispatch).items()))


def _dispatch_summary(report: Any) -> dict[str, int]:
    if hasattr(report, "as_dict"):
        return dict(report.as_dict())
    return {k: v for k, v in vars(report).items() if isinstance(v, int)}
