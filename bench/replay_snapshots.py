"""Replay the corpus's raw snapshot streams through the real crawler and recorder.

For each service in ../shared/corpus/snapshots/, a local HTTP server on 127.0.0.1
serves the snapshots one after the other at one URL; after each, noticewatch
recrawls it (Scrapy spider → pipeline → Recorder → SQLite) exactly as
`noticewatch recrawl` would. The versions it records are compared with the
archive's marks (`ota_version: change`): most snapshots are noise, a few are
real changes.

    .venv/bin/python bench/replay_snapshots.py [--service NAME] [--mode selectors|auto|both]

Prints, per service and mode: snapshots, marked changes, versions recorded,
true/false positives, misses, precision/recall, anomalies, how the changes were
classified (material / editorial), and the median time per check.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.items import FetchRequest
from crawler.runner import crawl, run_sync
from monitor.record import Recorder
from monitor.targets import Target
from storage import repo
from storage.db import open_database
from tests.httpserver import NoticeServer

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "snapshots"
FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "RETRY_ENABLED": False}


def media_type(name: str) -> str:
    return "application/pdf" if name.endswith(".pdf") else "text/html; charset=utf-8"


async def replay(service_dir: Path, mode: str) -> dict[str, object]:
    manifest = json.loads((service_dir / "manifest.json").read_text())
    declaration = manifest.get("declaration", {})
    select = declaration.get("select") if mode == "selectors" else None
    remove = declaration.get("remove") if mode == "selectors" else None
    with tempfile.TemporaryDirectory() as tmp, NoticeServer() as server:
        database = open_database(f"sqlite:///{tmp}/replay.db")
        target = Target(
            id=service_dir.name.lower(),
            url=server.url("/privacy"),
            service=service_dir.name,
            select=tuple([select] if isinstance(select, str) else select or ()),
            remove=tuple([remove] if isinstance(remove, str) else remove or ()),
            obey_robots=False,
            allow_private_networks=True,  # the replay server is on 127.0.0.1
        )
        with database.session() as session:
            repo.sync_targets(session, [target])
        recorder = Recorder(database, [target])
        rows = []
        for snap in manifest["snapshots"]:
            body = (service_dir / snap["file"]).read_bytes()
            server.set("/privacy", body, content_type=media_type(snap["file"]))
            started = time.perf_counter()
            ((_notice, outcome),) = await crawl(
                [FetchRequest(target=target)], recorder, settings=FAST
            )
            rows.append((snap, outcome, time.perf_counter() - started))
        database.engine.dispose()

    counts: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    seen_first = False
    for snap, outcome, _elapsed in rows:
        marked = snap["ota_version"] == "change"
        counts[f"outcome.{outcome.outcome}"] += 1
        recorded = outcome.outcome == "new_version"
        if recorded and not seen_first:
            seen_first = True  # the first recorded version has nothing to be compared with
            continue
        if not seen_first:
            continue
        counts["marked"] += marked
        if recorded:
            severities[outcome.severity.value] += 1
        counts["tp"] += recorded and marked
        counts["fp"] += recorded and not marked
        counts["fn"] += marked and not recorded
    return {
        "service": service_dir.name,
        "mode": mode,
        "snapshots": len(rows),
        "counts": counts,
        "severities": severities,
        "median_ms": statistics.median(e for *_, e in rows) * 1000,
    }


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


async def main(args: argparse.Namespace) -> None:
    services = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    if args.service:
        services = [p for p in services if p.name.lower() == args.service.lower()]
    modes = ["selectors", "auto"] if args.mode == "both" else [args.mode]
    header = (
        f"{'service':<12} {'mode':<9} {'snaps':>5} {'marked':>6} {'tp':>3} {'fp':>3} {'fn':>3} "
        f"{'prec':>5} {'rec':>5} {'anom':>4} {'material':>8} {'editorial':>9} {'ms/check':>8}"
    )
    print(header)
    totals: dict[str, Counter[str]] = {m: Counter() for m in modes}
    for mode in modes:
        for service in services:
            r = await replay(service, mode)
            c, s = r["counts"], r["severities"]
            totals[mode].update(c)
            totals[mode].update({f"sev.{k}": v for k, v in s.items()})
            print(
                f"{r['service']:<12} {mode:<9} {r['snapshots']:>5} {c['marked']:>6} {c['tp']:>3} {c['fp']:>3} "
                f"{c['fn']:>3} {ratio(c['tp'], c['tp'] + c['fp']):>5} {ratio(c['tp'], c['tp'] + c['fn']):>5} "
                f"{c['outcome.anomaly'] + c['outcome.failed']:>4} {s['material']:>8} {s['editorial']:>9} "
                f"{r['median_ms']:>8.0f}"
            )
    for mode, t in totals.items():
        print(
            f"TOTAL {mode}: marked {t['marked']}, recorded {t['tp'] + t['fp']}, tp {t['tp']}, fp {t['fp']}, "
            f"fn {t['fn']}, precision {ratio(t['tp'], t['tp'] + t['fp'])}, recall {ratio(t['tp'], t['tp'] + t['fn'])}, "
            f"anomalies {t['outcome.anomaly'] + t['outcome.failed']}, "
            f"classified material {t['sev.material']}, editorial {t['sev.editorial']}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--service")
    parser.add_argument("--mode", choices=["selectors", "auto", "both"], default="both")
    run_sync(lambda: main(parser.parse_args()))
