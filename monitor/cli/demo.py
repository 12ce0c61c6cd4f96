"""``noticewatch demo``: the whole idea in under a minute, offline.

The story is the one the project exists for: a regional notice first *announces*
that it will rely on legitimate interests to train AI models (an alert the day the
banner appears), then the change *takes effect* in the notice's tables (a second
alert, its cards naming the purpose, basis, data and opt-out). A typo fix after
that is editorial and alerts no one.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from monitor.cli.context import Context

if TYPE_CHECKING:  # the rest is imported when used: `noticewatch --help` starts fast
    from storage.db import Database

TARGET_ID = "weavelink-eu"
#: The demo site is local and ours: no need for politeness delays.
_FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0}

#: Which page of monitor.demo.VERSIONS the site serves at each step (not imported here:
#: monitor.demo loads http.server, which `noticewatch --help` does not need), and why.
STEPS = (
    (0, "Version 1 is online: the first crawl records it."),
    (0, "Nothing changed on the site, but every fetch carries new tokens and timestamps."),
    (1, "Version 2 announces a change: from 3 November 2025, AI training on legitimate interests."),
    (
        2,
        "Version 3: the change takes effect; a table row states the purpose, basis, data and opt-out.",
    ),
    (3, "Version 4: a typo fix and new markup only."),
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="an offline tour: a local site whose privacy notice changes")
    p.add_argument(
        "--database", metavar="URL", help="keep the demo's data here (default: a temp SQLite file)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from crawler.runner import run_sync

    with tempfile.TemporaryDirectory(prefix="noticewatch-demo-") as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'demo.db'}"
        return run_sync(lambda: tour(url))


async def tour(database_url: str) -> int:
    from rich.console import Console
    from rich.rule import Rule

    from monitor.cli.crawl import describe, recrawl
    from monitor.config import Settings, Watchlist
    from monitor.demo import VERSIONS, DemoSite
    from monitor.targets import Target
    from storage import repo
    from storage.db import open_database

    console = Console(highlight=False)
    database = open_database(database_url)
    with DemoSite() as site:
        target = Target(
            id=TARGET_ID,
            url=site.url,
            service="Weavelink",
            document="Regional Privacy Notice",
            region="EU",
            language="en",
            headers={"Accept-Language": "en-IE"},
            tags=("demo", "eu"),
            allow_private_networks=True,  # the demo site is served on 127.0.0.1
        )
        watchlist = Watchlist(path=Path("demo"), targets=(target,), settings=Settings())
        with database.session() as session:
            repo.sync_targets(session, watchlist.targets)
        context = Context(watchlist=watchlist, database=database)
        console.print(Rule("noticewatch demo"))
        console.print(f"Watching {target.label} at {site.url}\nDatabase: {database.url}\n")
        for step, (page, story) in enumerate(STEPS, start=1):
            site.publish(VERSIONS[page])
            console.print(f"[bold]{step}. {story}[/]")
            (outcome,) = await recrawl(context, [target], force=True, settings=_FAST)
            console.print(f"   noticewatch recrawl → {describe(outcome)}\n")

    from monitor.cli import read

    ns = SimpleNamespace(database=database_url, watchlist=None, target=TARGET_ID, format="text")
    console.print(Rule(f"noticewatch history {TARGET_ID}"))
    read.history(ns)
    console.print(Rule("the alert for version 2: the change is announced (email)"))
    console.print(alert_preview(database, version=2, webhook=False), markup=False, soft_wrap=True)
    console.print(Rule("the alert for version 3: the change takes effect (email and webhook JSON)"))
    console.print(alert_preview(database, version=3), markup=False, soft_wrap=True)
    console.print(Rule(f"noticewatch diff {TARGET_ID} --from 3 --to 4"))
    read.diff(_diff_args(database_url, 3, 4))
    console.print(Rule("try it yourself"))
    console.print(
        "noticewatch facts --file notice.html    what a saved notice says, with evidence\n"
        "noticewatch diff --files old.html new.html --format html -o diff.html\n"
        "noticewatch demo --database sqlite:///demo.db   keep the demo's data to explore"
    )
    return 0


def alert_preview(database: Database, *, version: int, webhook: bool = True) -> str:
    """What a channel routed for material changes would receive; nothing is stored or sent.

    The email shows the cards above the diff; ``webhook`` adds the JSON body a webhook gets.
    """
    from monitor.alerts.preview import preview_change
    from storage import repo

    with database.session() as session:
        row = repo.get_target(session, TARGET_ID)
        change = repo.change_for_version(session, repo.get_version(session, row.id, version))
        preview = preview_change(session, change)
    if webhook:
        return preview.as_text()
    return f"Subject: {preview.email.subject}\n\n{preview.email.text}"


def _diff_args(database_url: str, old: int, new: int) -> SimpleNamespace:
    return SimpleNamespace(
        database=database_url,
        watchlist=None,
        target=TARGET_ID,
        from_version=old,
        to_version=new,
        files=None,
        language=None,
        format="text",
        output=None,
    )
