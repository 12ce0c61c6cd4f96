"""Benchmark: server time of every web page on a large history.

Builds (once, cached in --db-dir) a SQLite database of --targets targets and
--versions versions in all, with bulk inserts through storage's models: the
demo's four notices are read by the real pipeline (extract, analyze, compare)
and recycled, every tenth version of a target is a material change (with the
real facts delta and announcements), the others editorial, one fetch per
version, a few targets failing. Only the last three versions of each target
carry their full facts JSON (so the file stays a few hundred MB); the change
page of an older version works from the stored delta alone.

Then it calls the WSGI app in-process (what the server does for each request,
minus the socket) and prints, per page, the median of --runs requests in ms,
against the same page on a small baseline database (10 targets x 10 versions)
built the same way in the same run, and whether it stays under the 200 ms
budget. Asserts nothing.

    .venv/bin/python bench/bench_web.py [--targets 1000] [--versions 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor import codec  # noqa: E402
from monitor.analyze import analyze  # noqa: E402
from monitor.demo import VERSIONS, notice_html  # noqa: E402
from monitor.diff import compare  # noqa: E402
from monitor.extract import extract  # noqa: E402
from storage import blobs  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.models import ChangeRow, FetchRow, SnapshotRow, TargetRow, VersionRow  # noqa: E402

BUDGET_MS = 200.0
SERVICES = ["Weavelink", "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Soylent"]
REGIONS = ["EU", "US", "UK", "BR", "IN"]


def pipeline() -> list[dict[str, Any]]:
    """The demo's four versions as stored rows would hold them, and the change into each."""
    out: list[dict[str, Any]] = []
    previous = None
    for name in VERSIONS:
        body = notice_html(name).encode()
        doc = extract(body, "text/html", url="https://example.test/privacy", language="en")
        facts = analyze(doc)
        change = compare(previous[0], doc, previous[1], facts) if previous else None
        out.append({"body": body, "doc": doc, "facts": facts, "change": change})
        previous = (doc, facts)
    return out


def build(path: Path, targets: int, versions: int) -> str:
    url = f"sqlite:///{path}"
    if path.exists():
        return url
    started = time.perf_counter()
    database = open_database(url)
    demo = pipeline()
    per_target = max(1, versions // targets)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with database.session() as session:
        snapshots = []
        for item in demo:
            session.execute(
                insert(SnapshotRow),
                [
                    {
                        "sha256": blobs.sha256_hex(item["body"]),
                        "content_type": "text/html; charset=utf-8",
                        "size": len(item["body"]),
                        "compression": blobs.ZLIB,
                        "body": blobs.compress(item["body"]),
                        "created_at": now,
                    }
                ],
            )
            snapshots.append(
                session.scalar(
                    select(SnapshotRow.id).where(
                        SnapshotRow.sha256 == blobs.sha256_hex(item["body"])
                    )
                )
            )
            item["snapshot"] = snapshots[-1]
            item["blocks"] = codec.to_jsonable(item["doc"].blocks)
            item["facts_json"] = codec.facts_to_json(item["facts"])
            item["text"] = item["doc"].text
        session.execute(
            insert(TargetRow),
            [
                {
                    "id": t + 1,
                    "slug": f"t{t:04d}-{SERVICES[t % len(SERVICES)].lower()}-{REGIONS[t % len(REGIONS)].lower()}",
                    "service": f"{SERVICES[t % len(SERVICES)]} {t // len(SERVICES)}",
                    "document": "Privacy Notice",
                    "region": REGIONS[t % len(REGIONS)],
                    "language": "en",
                    "url": f"https://example.test/{t}/privacy",
                    "options": {
                        "tags": ["bench", REGIONS[t % len(REGIONS)].lower(), f"group{t % 20}"]
                    },
                    "schedule": "6h",
                    "enabled": True,
                    "last_checked_at": now,
                    "status": "failing" if t % 50 == 7 else "ok",
                    "consecutive_failures": 3 if t % 50 == 7 else 0,
                    "created_at": now,
                    "updated_at": now,
                }
                for t in range(targets)
            ],
        )
        version_id = change_id = fetch_id = 0
        for t in range(targets):
            v_rows, c_rows, f_rows = [], [], []
            for n in range(1, per_target + 1):
                version_id += 1
                material = n > 1 and (n % 10 == 0 or n == per_target)
                item = demo[2] if material else demo[3] if n > 1 else demo[0]
                full = n > per_target - 3
                fetched = now - timedelta(hours=6 * (per_target - n))
                text = item["text"] + f"\nRevision {n} of target {t}."
                v_rows.append(
                    {
                        "id": version_id,
                        "target_id": t + 1,
                        "number": n,
                        "fetched_at": fetched,
                        "snapshot_id": item["snapshot"],
                        "text": text,
                        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
                        "blocks": item["blocks"],
                        "facts": item["facts_json"] if full else None,
                        "title": item["doc"].title,
                        "language": "en",
                        "source_type": "text/html",
                        "extractor_version": item["doc"].extractor_version,
                        "analyzer_version": item["facts"].analyzer_version,
                        "effective_date": item["facts"].effective_date,
                        "created_at": fetched,
                    }
                )
                change = demo[2]["change"] if material else demo[3]["change"]
                change_id += 1
                c_rows.append(
                    {
                        "id": change_id,
                        "target_id": t + 1,
                        "from_version_id": version_id - 1 if n > 1 else None,
                        "to_version_id": version_id,
                        "severity": "first" if n == 1 else change.severity.value,
                        "summary": "first version" if n == 1 else change.summary,
                        "facts_delta": codec.to_jsonable(change.fact_changes) if n > 1 else [],
                        "diff_stats": codec.to_jsonable(change.text_diff.stats),
                        "hunks": codec.to_jsonable(change.text_diff.hunks) if n > 1 else [],
                        "announcements": codec.to_jsonable(change.announcements) if n > 1 else [],
                        "extra": {},
                        "created_at": fetched,
                    }
                )
                fetch_id += 1
                f_rows.append(
                    {
                        "id": fetch_id,
                        "target_id": t + 1,
                        "crawl_id": f"c{n}",
                        "started_at": fetched,
                        "duration_ms": 120.0,
                        "http_status": 404 if (t % 50 == 7 and n == per_target) else 200,
                        "outcome": "failed" if (t % 50 == 7 and n == per_target) else "new_version",
                        "error": "HTTP status 404" if (t % 50 == 7 and n == per_target) else None,
                        "snapshot_id": item["snapshot"],
                        "version_id": version_id,
                    }
                )
            session.execute(insert(VersionRow), v_rows)
            session.execute(insert(ChangeRow), c_rows)
            session.execute(insert(FetchRow), f_rows)
    database.dispose()
    print(
        f"built {path} ({targets} targets, {version_id} versions) in {time.perf_counter() - started:.0f} s"
    )
    return url


def cold(app: Any, path: str) -> float:
    """The first request with no cards cached (a server just started, before its warm-up)."""
    from monitor.web import views

    views.CARDS = type(views.CARDS)()
    return measure(app, path, 1)[0]


def measure(app: Any, path: str, runs: int) -> tuple[float, int]:
    route, _, query = path.partition("?")
    times = []
    status = 0
    for _ in range(runs):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": route,
            "QUERY_STRING": query,
            "HTTP_HOST": "127.0.0.1:8080",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
        }
        seen: list[str] = []
        started = time.perf_counter()
        b"".join(app(environ, lambda s, h, seen=seen: seen.append(s)))
        times.append((time.perf_counter() - started) * 1000)
        status = int(seen[0].split()[0])
    return statistics.median(times), status


def pages(targets: int, per_target: int) -> list[str]:
    big = f"t0001-{SERVICES[1].lower()}-{REGIONS[1].lower()}"
    other = f"t0002-{SERVICES[2].lower()}-{REGIONS[2].lower()}"
    last = per_target
    pages_of_targets = max(1, -(-targets // 50))
    return [
        "/",
        f"/?page={pages_of_targets}",
        "/?tag=group3",
        "/?region=EU&service=" + f"{SERVICES[0]}%200",
        f"/targets/{big}",
        f"/targets/{big}?page=2" if per_target > 50 else f"/targets/{big}",
        f"/targets/{big}/versions/{last}",
        f"/targets/{big}/versions/{last}?view=inline",
        f"/targets/{big}/versions/{max(2, last // 2)}",
        f"/targets/{big}/versions/{last}/facts",
        f"/compare?a={big}&b={other}",
        "/feed.atom",
        f"/targets/{big}/feed.atom",
        "/tags/group3/feed.atom",
        "/targets.json",
        f"/targets/{big}.json",
        f"/targets/{big}/versions/{last}.json",
        "/feed.json",
    ]


def main() -> None:
    from monitor.web.app import WebApp

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db-dir", default="/tmp/noticewatch-bench-web")
    args = parser.parse_args()
    folder = Path(args.db_dir)
    folder.mkdir(parents=True, exist_ok=True)
    small = build(folder / "small-10x100.db", 10, 100)
    large = build(folder / f"large-{args.targets}x{args.versions}.db", args.targets, args.versions)
    apps = {}
    for name, url in (("small", small), ("large", large)):
        database = open_database(url, upgrade=False, require_current=True)
        apps[name] = WebApp(database)
    small_pages = pages(10, 10)
    large_pages = pages(args.targets, max(1, args.versions // args.targets))
    print(f"median server time of {args.runs} requests (ms); budget {BUDGET_MS:.0f} ms")
    print(
        "cold: the first request, nothing cached (feeds rebuild their cards); small/large: median"
    )
    print(
        f"{'page (large database)':<58} {'small':>7} {'large':>8} {'ratio':>6} {'cold':>7}  status"
    )
    measure(apps["small"], "/", 1)  # load templates, taxonomy, lexicons once
    worst = worst_cold = 0.0
    for small_path, large_path in zip(small_pages, large_pages, strict=True):
        first = cold(apps["large"], large_path)
        measure(apps["small"], small_path, 1)
        s, _ = measure(apps["small"], small_path, args.runs)
        t, status = measure(apps["large"], large_path, args.runs)
        worst, worst_cold = max(worst, t), max(worst_cold, first)
        verdict = "ok" if t <= BUDGET_MS else "OVER"
        if status != 200:
            verdict = f"HTTP {status}"
        print(f"{large_path[:58]:<58} {s:7.1f} {t:8.1f} {t / s:6.1f} {first:7.1f}  {verdict}")
    print(
        f"slowest page: {worst:.1f} ms median ({'within' if worst <= BUDGET_MS else 'OVER'} the "
        f"{BUDGET_MS:.0f} ms budget); slowest first request: {worst_cold:.1f} ms"
    )


if __name__ == "__main__":
    main()
