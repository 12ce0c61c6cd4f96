"""Recrawl throughput: 500 local notice pages of 50–150 KB through the real crawl path.

    .venv/bin/python bench/bench_recrawl.py [--pages 500] [--concurrency 16]

A separate process serves the pages (Python's http.server, which answers
If-Modified-Since with 304) so this process measures only noticewatch. Phases,
each one Scrapy crawl recorded into a fresh SQLite database exactly as
`noticewatch recrawl` does:

1. first crawl: every page is new (extract, analyze, store);
2. forced recrawl (`--force`, no conditional headers): the same bytes come back,
   so the recorder recognizes the raw body hash and does no extraction at all;
3. conditional recrawl: the server answers 304 Not Modified.

Then the extract + analyze + diff time of the largest corpus notice against its
previous version (median of 5). Prints pages per second, CPU seconds and peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.runner import run_sync
from monitor.cli.context import Context
from monitor.cli.crawl import recrawl
from monitor.config import Settings, Watchlist
from monitor.targets import Target
from storage import repo
from storage.db import open_database

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "versions"
WORDS = [
    "data",
    "personal",
    "information",
    "service",
    "account",
    "profile",
    "we",
    "use",
    "your",
    "you",
    "may",
    "process",
    "share",
    "partners",
    "advertising",
    "security",
    "fraud",
    "consent",
    "legitimate",
    "interests",
    "contract",
    "legal",
    "obligation",
    "analytics",
    "improve",
    "products",
    "content",
    "messages",
    "location",
    "device",
    "identifiers",
    "cookies",
    "retention",
    "rights",
    "request",
]


def notice_page(index: int, size: int, rng: random.Random) -> bytes:
    parts = [
        f"<html><head><title>Notice {index}</title></head><body><main><h1>Privacy notice {index}</h1>"
    ]
    section = 0
    while sum(map(len, parts)) < size:
        if rng.random() < 0.1:
            section += 1
            parts.append(f"<h2>Section {section}</h2>")
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))
        parts.append(f"<p>{sentence.capitalize()}.</p>")
    parts.append("</main></body></html>")
    return "".join(parts).encode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def phases(
    context: Context, targets: list[Target], concurrency: int
) -> list[tuple[str, float, float, dict[str, int]]]:
    settings = {
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
    }
    results = []
    for name, force in (
        ("first crawl", True),
        ("forced recrawl, same bytes", True),
        ("conditional recrawl (304)", False),
    ):
        cpu, wall = cpu_seconds(), time.perf_counter()
        outcomes = await recrawl(context, targets, force=force, settings=settings)
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.outcome] = counts.get(o.outcome, 0) + 1
        results.append((name, wall, cpu, counts))
        print(
            f"{name:<28} {len(outcomes) / wall:7.1f} pages/s  wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
            f"peak RSS {peak_rss_mb():6.0f} MB  {counts}",
            flush=True,
        )
    return results


def print_sizes(database: object, path: Path) -> None:
    """The database file and its versions' columns after the three crawls (SQLite bytes:
    JSON columns are stored as their text)."""
    from sqlalchemy import text

    with database.session() as session:  # type: ignore[attr-defined]
        row = session.execute(
            text(
                "SELECT count(*), sum(length(CAST(text AS BLOB))), sum(length(CAST(blocks AS BLOB))),"
                " sum(length(CAST(facts AS BLOB)))"
                " FROM versions"
            )
        ).one()
    versions, texts, blocks, facts = (v or 0 for v in row)
    print(
        f"database {path.stat().st_size / 1e6:.1f} MB; {versions} versions: text"
        f" {texts / 1e6:.1f} MB, blocks {blocks / 1e6:.1f} MB, facts {facts / 1e6:.1f} MB"
    )


def largest_pair() -> None:
    from monitor.analyze import analyze
    from monitor.diff import compare
    from monitor.extract import extract

    files = sorted(CORPUS.glob("*/*/*.md"), key=lambda p: p.stat().st_size)
    new = files[-1]
    old = new.with_name(f"{int(new.stem) - 1:03d}.md")
    if not old.exists():
        print(f"no previous version for {new}")
        return
    times = []
    for _ in range(5):
        start = time.perf_counter()
        a = extract(old.read_bytes(), "text/markdown")
        b = extract(new.read_bytes(), "text/markdown")
        change = compare(a, b, analyze(a), analyze(b))
        times.append(time.perf_counter() - start)
    print(
        f"largest corpus notice {new.relative_to(CORPUS)} ({new.stat().st_size / 1024:.0f} KB) vs previous: "
        f"extract + analyze + diff {statistics.median(times) * 1000:.0f} ms (median of 5), "
        f"{change.severity.value}, {len(change.text_diff.hunks)} hunks"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        sizes = []
        for i in range(args.pages):
            body = notice_page(i, rng.randint(50_000, 150_000), rng)
            (site / f"notice-{i}.html").write_bytes(body)
            sizes.append(len(body))
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "http.server",
                str(port),
                "--bind",
                "127.0.0.1",
                "--directory",
                str(site),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            targets = [
                Target(
                    id=f"notice-{i}",
                    url=f"http://127.0.0.1:{port}/notice-{i}.html",
                    language="en",
                    obey_robots=False,
                    allow_private_networks=True,  # the bench server is on 127.0.0.1
                )
                for i in range(args.pages)
            ]
            database = open_database(f"sqlite:///{tmp}/bench.db")
            with database.session() as session:
                repo.sync_targets(session, targets)
            watchlist = Watchlist(path=Path("bench"), targets=tuple(targets), settings=Settings())
            print(
                f"{args.pages} pages, {sum(sizes) / len(sizes) / 1024:.0f} KB average "
                f"({min(sizes) // 1024}–{max(sizes) // 1024} KB), concurrency {args.concurrency}, "
                f"start RSS {peak_rss_mb():.0f} MB"
            )
            run_sync(
                lambda: phases(
                    Context(watchlist=watchlist, database=database), targets, args.concurrency
                )
            )
            print_sizes(database, Path(tmp) / "bench.db")
        finally:
            server.terminate()
            server.wait()
    largest_pair()


if __name__ == "__main__":
    main()
