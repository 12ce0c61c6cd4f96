"""What a rendered page costs: render = "browser" against a plain fetch of the same page.

    .venv/bin/python bench/bench_browser.py [--runs 5] [--pages 5] [--snapshot PATH]

One real notice page of the corpus (a snapshot, with its scripts, styles and
images to other hosts stripped so neither fetch leaves 127.0.0.1) is served by a
local server. Each run is a fresh process running one crawl through the real
crawl path (crawler.runner.crawl with the project's settings), in two shapes:

- one page: what a check of one target costs (for the browser: Playwright and
  Chromium start, the page renders, everything closes: the daemon's case);
- ``--pages`` pages in one crawl: the cost per page once the browser is up.

Measured per run: the crawl's wall time; the fetch time of each page as the crawl
reports it (``FetchedNotice.duration_ms``); and the peak memory of the whole process
tree (the crawl process plus Chromium's processes: RSS, and PSS, which counts
shared pages once), sampled every 50 ms from /proc, since Chromium's memory is
in its own processes. Figures are medians of
``--runs`` runs, with the browser/plain ratio. Needs Chromium (crawler/browser.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SNAPSHOT = ROOT.parent / "shared" / "corpus" / "snapshots" / "happn" / "0007.html"
_EXTERNAL = re.compile(
    rb"<script\b.*?</script\s*>|<(?:link|img|iframe|source|video|audio)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def local_page(path: Path) -> bytes:
    """The snapshot without anything that would make the browser leave 127.0.0.1."""
    return _EXTERNAL.sub(b"", path.read_bytes())


def tree_memory_kb(root: int) -> tuple[int, int]:
    """(RSS, PSS) of ``root`` and all its descendants now, in kB (Linux /proc).

    RSS counts the pages Chromium's processes share once per process; PSS splits
    them between the processes, so its sum is the tree's real footprint.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    rss = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return rss, pss


def child(mode: str, url: str, pages: int) -> None:
    """One crawl of ``pages`` targets at ``url`` (render = ``mode``); prints JSON figures."""
    peak = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            rss, pss = tree_memory_kb(os.getpid())
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    from crawler.items import FetchRequest
    from crawler.runner import crawl, run_sync
    from monitor.targets import Target

    class Keep:
        def process(self, notice: Any) -> object:
            return notice

    targets = [
        Target(id=f"p{i}", url=url, render=mode, allow_private_networks=True, obey_robots=False)
        for i in range(pages)
    ]
    started = time.perf_counter()
    pairs = run_sync(lambda: crawl([FetchRequest(t) for t in targets], Keep()))
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    failed = [n.error for n, _ in pairs if n.error or n.status != 200]
    if failed:
        raise SystemExit(f"{mode}: a fetch failed: {failed[0]}")
    print(
        json.dumps(
            {
                "wall_s": wall,
                "fetch_ms": statistics.median(n.duration_ms for n, _ in pairs),
                "peak_rss_mb": peak[0] / 1024,
                "peak_pss_mb": peak[1] / 1024,
                "body_bytes": len(pairs[0][0].body),
            }
        )
    )


def run_child(mode: str, url: str, pages: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, url, str(pages)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    parser.add_argument(
        "--child", nargs=3, metavar=("MODE", "URL", "PAGES"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return

    from crawler.browser import find_chromium
    from tests.httpserver import NoticeServer

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("bench_browser needs Chromium (apt-get install chromium)")
    body = local_page(args.snapshot)
    print(f"page: {args.snapshot} ({len(body):,} bytes served), chromium: {chromium}")
    print(f"median of {args.runs} runs, each a fresh process and one crawl\n")
    with NoticeServer() as server:
        server.set("/notice", body)
        url = server.url("/notice")
        rows = []
        for pages in (1, args.pages):
            results: dict[str, list[dict[str, float]]] = {"static": [], "browser": []}
            for _ in range(args.runs):
                for mode in results:  # interleaved: a slow moment hurts both alike
                    results[mode].append(run_child(mode, url, pages))
            medians = {
                mode: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
                for mode, runs in results.items()
            }
            rows.append((pages, medians))
    header = (
        f"{'crawl':<16}{'mode':<9}{'wall s':>8}{'fetch ms/page':>15}"
        f"{'peak RSS MB':>13}{'peak PSS MB':>13}"
    )
    print(header)
    print("-" * len(header))
    for pages, medians in rows:
        label = "1 page" if pages == 1 else f"{pages} pages"
        for mode in ("static", "browser"):
            m = medians[mode]
            print(
                f"{label:<16}{mode:<9}{m['wall_s']:>8.2f}{m['fetch_ms']:>15.0f}"
                f"{m['peak_rss_mb']:>13.0f}{m['peak_pss_mb']:>13.0f}"
            )
        s, b = medians["static"], medians["browser"]
        print(
            f"{'':<16}{'ratio':<9}{b['wall_s'] / s['wall_s']:>7.1f}x"
            f"{b['fetch_ms'] / s['fetch_ms']:>14.1f}x{b['peak_rss_mb'] / s['peak_rss_mb']:>12.1f}x"
            f"{b['peak_pss_mb'] / s['peak_pss_mb']:>12.1f}x"
        )


if __name__ == "__main__":
    main()
