"""Soak the daemon: many targets on slow local pages, short schedules, for minutes; print figures.

The issue's soak: 1,000 targets on 20 ms-latency local pages, 1-minute
schedules, 10 minutes. Every parameter is a flag with that default. It starts
a local web server (asyncio, in this process) on ``--hosts`` loopback addresses
(127.0.0.1, 127.0.0.2, ...: sites, for Scrapy's per-site politeness), writes a
watchlist, runs ``noticewatch daemon --log-format json`` as a subprocess
against a fresh SQLite file (or ``--database``; ``--daemons N`` runs a fleet of N
daemons on it), samples RSS (the largest of the daemons), stops them with
SIGTERM, and reports:

- checks per minute (over the steady part: after the first period),
- scheduling lag, p50/p99 of actual minus planned start (the daemon logs both),
- RSS at start (after the first period, all targets loaded) and at the end,
- CPU per check: the daemons' CPU time (their processes included) over the checks
  they logged, up to the SIGTERM; and over the steady part alone (start-up and
  every target's first, new page left out: what a check costs once running),
- missed checks (a gap between two checks of a target longer than 1.5 periods,
  or a target not checked in the last 1.5 periods) and duplicated ones (two
  checks of a target less than half a period apart, seen by the web server),
- fetches seen by the server vs checks logged by the daemon.

Prints figures, asserts nothing. Usage::

    .venv/bin/python bench/soak_daemon.py                       # the full soak (~11 min)
    .venv/bin/python bench/soak_daemon.py --targets 200 --minutes 3
    .venv/bin/python bench/soak_daemon.py --etag       # unchanged pages answer 304
    .venv/bin/python bench/soak_daemon.py --daemons 3 --database postgresql+psycopg://...

Extra daemon options go after ``--``: ``bench/soak_daemon.py -- --batch-window 2``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PARAGRAPHS = [
    "We collect the information you give us when you create an account: your name, email "
    "address, date of birth, and the profile details you choose to add.",
    "We collect technical data such as your IP address, device identifiers, browser type and "
    "the pages you visit, to keep the service secure and to prevent fraud.",
    "We use your data to provide the service under our contract with you, and with your consent "
    "to send you newsletters; you may withdraw your consent at any time.",
    "We rely on our legitimate interests to measure how the service is used and to improve it, "
    "and we share data with processors who host the service on our behalf.",
    "You may access, correct or delete your data, object to processing and lodge a complaint "
    "with your data protection authority. Our data protection officer answers within a month.",
]


def page(n: int) -> bytes:
    body = "".join(f"<h2>Section {k + 1}</h2><p>{p}</p>" for k, p in enumerate(PARAGRAPHS))
    html = (
        f"<!doctype html><html lang='en'><head><title>Service {n} privacy notice</title></head>"
        f"<body><nav>Home | Help</nav><main><h1>Service {n} Privacy Notice</h1>{body}"
        f"<p>Reference {n:05d}.</p></main><footer>(c) Service {n}</footer></body></html>"
    )
    return html.encode()


# --------------------------------------------------------------------------- the web server


class Site:
    """Pages /n/<i> on several loopback addresses; every arrival recorded (path, time)."""

    def __init__(
        self, hosts: list[str], port: int, targets: int, latency: float, *, etag: bool = False
    ) -> None:
        self.hosts, self.port, self.latency, self.etag = hosts, port, latency, etag
        self.pages = {f"/n/{i}": page(i) for i in range(targets)}
        self.arrivals: dict[str, list[float]] = defaultdict(list)
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="soak-site")

    def start(self) -> Site:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the soak web server did not start")
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._serve, host=self.hosts, port=self.port, backlog=1024)
        )
        self._ready.set()
        self.loop.run_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                parts = line.decode("latin-1").split()
                if len(parts) < 2:
                    return
                headers: dict[str, str] = {}
                while True:
                    raw = await reader.readline()
                    if raw in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = raw.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                if int(headers.get("content-length") or 0):
                    await reader.readexactly(int(headers["content-length"]))
                path = parts[1].split("?", 1)[0]
                self.arrivals[path].append(time.time())
                await asyncio.sleep(self.latency)
                if path == "/robots.txt":
                    status, body, ctype = 200, b"User-agent: *\nAllow: /\n", "text/plain"
                elif path in self.pages:
                    status, body, ctype = 200, self.pages[path], "text/html; charset=utf-8"
                else:
                    status, body, ctype = 404, b"not found", "text/plain"
                extra = ""
                if self.etag and status == 200 and path != "/robots.txt":
                    tag = f'"{path[3:]}"'  # the page never changes: its number is its version
                    extra = f"ETag: {tag}\r\n"
                    if headers.get("if-none-match") == tag:
                        status, body = 304, b""
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\n{extra}"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float:
    """CPU (user + system) of ``pid`` and its processes, living and reaped, so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, queue = 0.0, [pid]
    while queue:
        current = queue.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            # utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after "(comm)"
            total += sum(int(v) for v in fields[11:15]) / ticks
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text()
                queue.extend(int(child) for child in children.split())
        except (OSError, ValueError):
            continue
    return total


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def parse_schedule_seconds(text: str) -> int:
    sys.path.insert(0, str(ROOT))
    from monitor.schedule import parse_schedule

    schedule = parse_schedule(text)
    if schedule.interval_seconds is None:
        raise SystemExit("--schedule must be an interval such as 1m")
    return schedule.interval_seconds


# --------------------------------------------------------------------------- the run


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--targets", type=int, default=1000)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--schedule", default="1m")
    ap.add_argument("--latency-ms", type=float, default=20.0)
    ap.add_argument("--hosts", type=int, default=50, help="loopback addresses = sites (default 50)")
    ap.add_argument("--database", help="database URL (default: a new SQLite file in a temp dir)")
    ap.add_argument("--workdir", help="keep files here (default: a temp dir, removed)")
    ap.add_argument("--sample", type=float, default=5.0, help="RSS sampling period, seconds")
    ap.add_argument(
        "--daemons", type=int, default=1, help="daemons sharing the database (a fleet: PostgreSQL)"
    )
    ap.add_argument(
        "--etag",
        action="store_true",
        help="pages carry an ETag and unchanged ones answer 304 (default: same bytes, 200)",
    )
    ap.add_argument("daemon_args", nargs="*", help="extra daemon arguments (after --)")
    args = ap.parse_args()

    period = parse_schedule_seconds(args.schedule)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="nw-soak-"))
    workdir.mkdir(parents=True, exist_ok=True)
    hosts = [f"127.0.0.{1 + k}" for k in range(max(1, min(args.hosts, 250)))]
    port = free_port()
    site = Site(hosts, port, args.targets, args.latency_ms / 1000, etag=args.etag).start()
    lines = ["[settings]\nallow_private_networks = true  # the soak's sites are on 127.0.0.x\n"]
    lines += [
        f'[[targets]]\nid = "t{i:05d}"\nurl = "http://{hosts[i % len(hosts)]}:{port}/n/{i}"\n'
        f'schedule = "{args.schedule}"\n'
        for i in range(args.targets)
    ]
    (workdir / "watchlist.toml").write_text("\n".join(lines))
    database = args.database or f"sqlite:///{workdir / 'soak.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTICEWATCH_")}
    env["PYTHONPATH"] = str(ROOT)
    print(
        f"soak: {args.targets} targets every {args.schedule} on {len(hosts)} local sites "
        f"({args.latency_ms:g} ms latency, {'ETag and 304' if args.etag else 'no validators'}), "
        f"{args.minutes:g} min, {args.daemons} daemon(s), database {database.split('://')[0]}",
        flush=True,
    )
    daemons: list[tuple[subprocess.Popen[bytes], Path, int]] = []
    started = time.time()
    for k in range(args.daemons):
        health = free_port()
        log_path = workdir / f"daemon{k}.log"
        command = [
            sys.executable, "-m", "monitor.cli", "daemon",
            "--watchlist", str(workdir / "watchlist.toml"),
            "--database", database,
            "--log-format", "json",
            "--health-addr", f"127.0.0.1:{health}",
            *args.daemon_args,
        ]  # fmt: skip
        with log_path.open("wb") as log_file:
            process = subprocess.Popen(
                command, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=log_file
            )
        daemons.append((process, log_path, health))
    samples: list[tuple[float, float]] = []  # (seconds since start, largest RSS of the daemons)
    end = started + args.minutes * 60
    next_report = started + 60
    # The first period holds start-up and every target's first (new) page: CPU per check
    # is also counted over the steady part alone, from the first sample after it begins.
    steady_cpu: tuple[float, float] | None = None
    while time.time() < end and all(p.poll() is None for p, _, _ in daemons):
        values = [v for v in (rss_mb(p.pid) for p, _, _ in daemons) if v is not None]
        if values:
            samples.append((time.time() - started, max(values)))
        if steady_cpu is None and time.time() >= started + period * 1.2:
            steady_cpu = (time.time(), sum(cpu_seconds(p.pid) for p, _, _ in daemons))
        if time.time() >= next_report and values:
            fetched = sum(len(v) for k, v in site.arrivals.items() if k != "/robots.txt")
            minute = int((time.time() - started) / 60)
            print(f"  {minute} min: {fetched} fetches, RSS {max(values):.0f} MB", flush=True)
            next_report += 60
        time.sleep(args.sample)
    metrics = ""
    for _, _, health in daemons:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{health}/metrics", timeout=10) as r:
                metrics += r.read().decode()
        except OSError as exc:
            print(f"  (could not read /metrics: {exc})")
    cpu = sum(cpu_seconds(p.pid) for p, _, _ in daemons)  # before SIGTERM: the checks' CPU
    stop_sent = time.time()
    codes: list[object] = []
    for process, _, _ in daemons:
        process.send_signal(signal.SIGTERM)
    for process, _, _ in daemons:
        try:
            codes.append(process.wait(60))
        except subprocess.TimeoutExpired:
            process.kill()
            codes.append("killed after 60 s")
    stopped_in = time.time() - stop_sent
    site.close()
    logs = [log for _, log, _ in daemons]
    report(
        args, period, started, stop_sent, samples, site, logs, codes, stopped_in, metrics, cpu,
        steady_cpu,
    )  # fmt: skip
    if not args.workdir:
        print(f"(files in {workdir})")


def report(
    args: argparse.Namespace,
    period: int,
    started: float,
    stopped: float,
    samples: list[tuple[float, float]],
    site: Site,
    logs: list[Path],
    codes: list[object],
    stopped_in: float,
    metrics: str,
    cpu: float,
    steady_cpu: tuple[float, float] | None = None,
) -> None:
    checks: dict[str, list[float]] = defaultdict(list)
    per_daemon: list[int] = []
    lags: list[float] = []
    errors = 0
    steady_from = started + period * 1.2  # after every target's first check (spread over a period)
    lines = []
    for log_path in logs:
        mine = log_path.read_text(errors="replace").splitlines()
        per_daemon.append(sum(1 for line in mine if '"event": "checked"' in line))
        lines += mine
    for line in lines:
        if not line.startswith("{"):
            continue
        try:
            doc = json.loads(line)
        except ValueError:
            continue
        if doc.get("level") == "error":
            errors += 1
        if doc.get("event") != "checked":
            continue
        at = datetime.fromisoformat(doc["started"]).timestamp()
        checks[doc["target"]].append(at)
        if doc.get("lag_s") is not None and at >= steady_from:
            lags.append(doc["lag_s"])
    steady = [t for times in checks.values() for t in times if steady_from <= t < stopped]
    minutes = (stopped - steady_from) / 60
    missed = duplicated = 0
    for i in range(args.targets):
        times = sorted(checks.get(f"t{i:05d}", []))
        if not times:
            missed += 1
            continue
        for a, b in itertools.pairwise(times):
            if b - a > 1.5 * period:
                missed += round((b - a) / period) - 1
        if stopped - times[-1] > 1.5 * period:
            missed += round((stopped - times[-1]) / period) - 1
    server_fetches = 0
    for path, arrivals in site.arrivals.items():
        if path == "/robots.txt":
            continue
        server_fetches += len(arrivals)
        ordered = sorted(arrivals)
        duplicated += sum(1 for a, b in itertools.pairwise(ordered) if b - a < 0.5 * period)
    logged = sum(len(v) for v in checks.values())
    if steady_cpu is not None:
        steady_checks = sum(
            1 for times in checks.values() for t in times if steady_cpu[0] <= t < stopped
        )
    early = [v for t, v in samples if t >= 10]  # the interpreter has loaded noticewatch and Scrapy
    rss_first = early[0] if early else float("nan")
    at_start = [v for t, v in samples if t >= period * 1.2]
    rss_start = at_start[0] if at_start else float("nan")
    rss_end = samples[-1][1] if samples else float("nan")
    growth = (rss_end - rss_start) / rss_start * 100 if at_start else float("nan")
    expected = args.targets * 60 / period
    print()
    print(
        f"checks per minute      {len(steady) / minutes:8.1f}   (expected {expected:.0f}; steady part: {minutes:.1f} min)"
    )
    print(
        f"CPU per check          {cpu / max(logged, 1) * 1000:8.1f} ms   "
        f"({cpu:.1f} s CPU of the daemon(s) and their processes, {logged} checks)"
    )
    if steady_cpu is not None:
        print(
            f"  steady part only     {(cpu - steady_cpu[1]) / max(steady_checks, 1) * 1000:8.1f} ms   "
            f"({cpu - steady_cpu[1]:.1f} s CPU, {steady_checks} checks after "
            f"{steady_cpu[0] - started:.0f} s: start-up and first pages left out)"
        )
    print(f"scheduling lag p50     {percentile(lags, 50):8.3f} s")
    print(
        f"scheduling lag p99     {percentile(lags, 99):8.3f} s   (max {max(lags, default=float('nan')):.3f} s, {len(lags)} checks)"
    )
    print(
        f"RSS                    {rss_first:8.1f} MB at 10 s, {rss_start:.1f} MB after the first period, "
        f"{rss_end:.1f} MB at the end ({growth:+.1f}%), max {max((v for _, v in samples), default=float('nan')):.1f} MB"
    )
    print(f"missed checks          {missed:8d}")
    print(
        f"duplicated checks      {duplicated:8d}   (same page fetched twice within half a period)"
    )
    print(
        f"fetches (server/log)   {server_fetches:8d} / {logged}   robots.txt {len(site.arrivals.get('/robots.txt', []))}"
    )
    print(f"error log lines        {errors:8d}")
    if len(per_daemon) > 1:
        print(f"checks per daemon      {per_daemon}")
    print(f"SIGTERM -> exit        {stopped_in:8.1f} s   (exit status {codes})")
    for name in (
        "noticewatch_crawls_total",
        "noticewatch_crawl_targets_sum",
        "noticewatch_crawl_targets_count",
    ):
        for line in metrics.splitlines():
            if line.startswith(name):
                print(f"  {line}")


if __name__ == "__main__":
    main()
