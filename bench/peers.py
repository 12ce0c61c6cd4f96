"""noticewatch against urlwatch, side by side, on the same local notice pages.

Generates N synthetic privacy-notice pages (60-150 KB each: headings, paragraphs,
lists, purpose/basis/data tables, a cookie banner, navigation and a footer), serves
them from one host (127.0.0.1) with a fixed latency per request and real conditional
GET (ETag / If-None-Match and Last-Modified / If-Modified-Since answered with 304),
and times, per tool, three cycles on a fresh database:

1. first: every page is new;
2. unchanged: nothing changed (the server answers 304);
3. 10% changed: one page in ten has a new paragraph and a new table row.

One cycle is one process: ``noticewatch recrawl`` (as shipped: its own politeness
settings) and ``urlwatch`` 2.29 with ``css: main`` and ``html2text`` per job,
installed by this script into its own venv (~/.cache/noticewatch-bench/) from PyPI;
when that cannot be done, urlwatch is skipped with a message saying why. For each
cycle: wall time, CPU time (user + system), peak RSS of the process tree (each
process's VmHWM, summed), pages the tool
reported changed against pages that did change; the median of --runs runs, and the
ratio noticewatch / urlwatch. A benchmark, not a test: it asserts nothing.

    .venv/bin/python bench/peers.py --n 50 --runs 1      # quick look
    .venv/bin/python bench/peers.py                      # N = 200, median of 3
    .venv/bin/python bench/peers.py --no-pool-too        # and noticewatch with read_workers = 0
    .venv/bin/python bench/peers.py --n 2000 --cycles first,unchanged   # skip the 10% cycle
    .venv/bin/python bench/peers.py --also-src /tmp/base  # and noticewatch from another tree

``--cycles`` picks the cycles to run; the first always runs (it fills the database the
others need). ``--also-src DIR`` runs noticewatch a second time per run from the source
tree DIR (e.g. ``git archive`` of an older commit), with this venv's packages, as
``nw-src``: old and new code alternate in one run, on one server, for a speed claim.
Each run starts with the next tool in turn (noticewatch, nw-src, ..., urlwatch), so a
load that drifts during a run does not always favour the same tool.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URLWATCH_VERSION = "2.29"
URLWATCH_VENV = Path.home() / ".cache" / "noticewatch-bench" / f"urlwatch-{URLWATCH_VERSION}"

# ---------------------------------------------------------------------- pages

DATA = [
    "your name and contact details",
    "profile data such as your job title and education",
    "posts, comments and messages you send",
    "device identifiers and IP addresses",
    "location data derived from your IP address",
    "inferred interests and demographics",
    "payment and billing information",
    "usage data about the features you use",
    "inputs to AI-powered features",
    "contacts you upload",
]
PURPOSES = [
    "provide and personalise the services",
    "show you relevant advertising",
    "keep the services safe and secure",
    "measure and improve our products",
    "train and improve our AI models",
    "communicate with you about the services",
    "comply with legal obligations",
    "conduct research and development",
]
BASES = ["consent", "legitimate interests", "performance of a contract", "legal obligation"]
FILLER = (
    "We take your privacy seriously and explain here how we handle personal data when you "
    "use our websites, apps and related services, including the choices you have and how "
    "to exercise your rights under applicable data protection law. "
)


def _paragraph(rng: random.Random) -> str:
    sentences = [
        f"We process {rng.choice(DATA)} to {rng.choice(PURPOSES)} "
        f"on the basis of {rng.choice(BASES)}."
        for _ in range(rng.randint(3, 6))
    ]
    return "<p>" + " ".join(sentences) + " " + FILLER * rng.randint(1, 3) + "</p>"


def _section(rng: random.Random, number: int) -> str:
    parts = [f"<h2>{number}. {rng.choice(PURPOSES).capitalize()}</h2>"]
    for sub in range(rng.randint(1, 3)):
        parts.append(f"<h3>{number}.{sub + 1} {rng.choice(DATA).capitalize()}</h3>")
        parts.extend(_paragraph(rng) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.6:
            parts.append(
                "<ul>"
                + "".join(f"<li>{rng.choice(DATA).capitalize()}</li>" for _ in range(5))
                + "</ul>"
            )
    if rng.random() < 0.5:
        rows = "".join(
            f"<tr><td>To {rng.choice(PURPOSES)}</td><td>{rng.choice(BASES).capitalize()}</td>"
            f"<td>{rng.choice(DATA).capitalize()}</td></tr>"
            for _ in range(rng.randint(3, 8))
        )
        parts.append(
            "<table><thead><tr><th>Purpose</th><th>Legal basis</th><th>Data</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return "\n".join(parts)


def page(index: int, revision: int) -> bytes:
    """Notice ``index`` at ``revision``: 60-150 KB; a revision adds a purpose and a paragraph."""
    rng = random.Random(f"notice-{index}")
    size = rng.randint(60_000, 150_000)
    company = f"Company {index:04d}"
    head = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{company} Privacy Notice</title></head><body>"
        "<div class='cookie-banner'><p>We use cookies to improve your experience. "
        "<button>Accept all</button> <button>Reject</button> <a href='/cookies'>Settings</a>"
        "</p></div><nav><a href='/'>Home</a> <a href='/legal'>Legal</a> "
        "<a href='/help'>Help</a></nav>"
        f"<main><h1>{company} European Regional Privacy Notice</h1>"
        "<p>Effective date: 1 March 2025.</p>"
    )
    footer = (
        "</main><footer><p>© 2025 " + company + ". All rights reserved.</p>"
        "<a href='/terms'>Terms</a> <a href='/privacy'>Privacy</a></footer></body></html>"
    )
    sections: list[str] = []
    length = len(head) + len(footer)
    while length < size:
        sections.append(_section(rng, len(sections) + 1))
        length += len(sections[-1]) + 1
    for r in range(revision):  # each revision: a new purpose, stated in a new paragraph
        change = random.Random(f"notice-{index}-rev-{r + 1}")
        sections.insert(
            change.randint(0, len(sections)),
            f"<h2>New: {change.choice(PURPOSES).capitalize()} (revision {r + 1})</h2>"
            f"<p>From 1 December 2025 we will process {change.choice(DATA)} to train our "
            f"generative AI models on the basis of legitimate interests. You can opt out in "
            f"Settings.</p><table><tr><th>Purpose</th><th>Legal basis</th><th>Data</th></tr>"
            f"<tr><td>To train our generative AI models</td><td>Legitimate interests</td>"
            f"<td>{change.choice(DATA).capitalize()}</td></tr></table>",
        )
    return (head + "\n".join(sections) + footer).encode("utf-8")


# ---------------------------------------------------------------------- server


class Site:
    """The pages, served from one host with latency and conditional GET; counts answers."""

    def __init__(self, n: int, latency: float, port: int = 0) -> None:
        self.n = n
        self.latency = latency
        self.revisions = [0] * n
        self._cache: dict[tuple[int, int], tuple[bytes, str, str]] = {}
        self._lock = threading.Lock()
        self.statuses: dict[int, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.answer(self)

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256  # the default 5 drops SYNs under a burst (1 s retry)

        self._httpd = Server(("127.0.0.1", port), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def version(self, index: int) -> tuple[bytes, str, str]:
        key = (index, self.revisions[index])
        with self._lock:
            if key not in self._cache:
                body = page(*key)
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                stamp = email.utils.formatdate(1_740_000_000 + 86_400 * key[1], usegmt=True)
                self._cache[key] = (body, etag, stamp)
            return self._cache[key]

    def _count(self, status: int) -> None:
        with self._lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        time.sleep(self.latency)
        path = handler.path.split("?", 1)[0]
        if not path.startswith("/notice/"):
            self._count(404)
            handler.send_response(404)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        index = int(path.rsplit("/", 1)[1])
        body, etag, stamp = self.version(index)
        match = handler.headers.get("If-None-Match")
        since = handler.headers.get("If-Modified-Since")
        if match is not None:
            fresh = etag in {t.strip().removeprefix("W/") for t in match.split(",")}
        elif since:
            try:
                fresh = email.utils.parsedate_to_datetime(
                    since
                ) >= email.utils.parsedate_to_datetime(stamp)
            except (TypeError, ValueError):
                fresh = False
        else:
            fresh = False
        if fresh:
            self._count(304)
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.send_header("Last-Modified", stamp)
            handler.end_headers()
            return
        self._count(200)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("ETag", etag)
        handler.send_header("Last-Modified", stamp)
        handler.end_headers()
        handler.wfile.write(body)


# ---------------------------------------------------------------------- running a tool


@dataclass
class Cycle:
    wall: float
    cpu: float
    rss_mb: float
    reported: int
    changed: int
    exit: int
    statuses: dict[int, int]


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process under it, from /proc/<pid>/task/<tid>/children."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as f:
                    queue.extend(int(child) for child in f.read().split())
            except OSError:
                continue
    return found


def _vm_hwm_kb(pid: int) -> tuple[bytes, int] | None:
    """(command line, VmHWM in kB) of ``pid``; None once it is gone."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read()
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return cmdline, int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


class TreePeak:
    """The peak RSS of a process tree: each process's VmHWM, sampled while it lives, summed.

    ``ru_maxrss`` from ``wait4`` is the largest single process of the tree (and, on
    Linux, may be the parent's peak from before ``exec``), so worker processes would
    not count. The kernel keeps each process's high-water mark (VmHWM) exactly; the
    sampler only needs to see every process once before it ends (a process that lives
    less than one interval may be missed). The sum is an upper bound of the tree's
    simultaneous peak: the processes' peaks need not coincide.
    """

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid = pid
        self.interval = interval
        #: pid -> (command line, peak kB). A spawned child is its parent's copy between
        #: fork and exec (its VmHWM is then the parent's): a new command line starts afresh.
        self.peaks: dict[int, tuple[bytes, int]] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.is_set():
            for pid in _descendants(self.pid):
                seen = _vm_hwm_kb(pid)
                if seen is None:
                    continue
                cmdline, hwm = seen
                before = self.peaks.get(pid)
                if before is None or before[0] != cmdline:
                    self.peaks[pid] = (cmdline, hwm)
                else:
                    self.peaks[pid] = (cmdline, max(before[1], hwm))
            self._done.wait(self.interval)

    def stop(self) -> float:
        """Stop sampling (call before reaping the root process); the peak in MB."""
        self._done.set()
        self._thread.join()
        return sum(kb for _, kb in self.peaks.values()) / 1024

    def parts(self) -> str:
        """Each process's peak by kind: the main process, page readers, multiprocessing's tracker
        (the code before the readers' own pool, run with ``--also-src``, still starts one)."""
        kinds: dict[str, list[float]] = {}
        for cmdline, kb in self.peaks.values():
            kind = (
                "tracker"
                if b"resource_tracker" in cmdline
                else "readers"
                if b"multiprocessing" in cmdline or b"reader_worker" in cmdline
                else "main"
            )
            kinds.setdefault(kind, []).append(kb / 1024)
        return " + ".join(
            f"{kind} {'+'.join(f'{mb:.0f}' for mb in sorted(mbs, reverse=True))}"
            for kind, mbs in kinds.items()
        )


#: The processes behind the last measured peak RSS (see TreePeak.parts), printed with the cycle.
last_parts = ""


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float, str, int]:
    """Run ``cmd``: (wall s, CPU s of its process tree, the tree's peak RSS in MB, stdout, exit)."""
    global last_parts
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.DEVNULL)
        peak = TreePeak(proc.pid)
        # Wait without reaping: the pid cannot be reused while the sampler still reads it.
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        rss = peak.stop()
        last_parts = peak.parts()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    # ru_*time of wait4 include the children the process reaped (a pool's workers).
    return wall, usage.ru_utime + usage.ru_stime, rss, text, proc.returncode


class Tool:
    """One cycle of a tool is one process: ``command`` run in ``work``, on files written there."""

    name = ""

    def __init__(self, site: Site, work: Path) -> None:
        self.work = work
        for name, text in self.files(site).items():
            (work / name).write_text(text)

    def files(self, site: Site) -> dict[str, str]:
        """The tool's configuration and job list, by file name."""
        raise NotImplementedError

    def command(self) -> tuple[list[str], dict[str, str]]:
        """The command line and its environment."""
        raise NotImplementedError

    def reported(self, out: str) -> int:
        """How many pages the tool's output says changed (or are new)."""
        raise NotImplementedError

    def run(self) -> tuple[float, float, float, int, int]:
        cmd, env = self.command()
        wall, cpu, rss, out, code = measure(cmd, self.work, env)
        return wall, cpu, rss, self.reported(out), code


class Noticewatch(Tool):
    name = "noticewatch"

    def files(self, site: Site) -> dict[str, str]:
        settings = '[settings]\nallow_private_networks = true\n\n[defaults]\nselect = ["main"]\n'
        targets = (
            f'\n[[targets]]\nid = "n{i:04d}"\nurl = "{site.base}/notice/{i}"\n'
            for i in range(site.n)
        )
        return {"watchlist.toml": settings + "".join(targets)}

    def command(self) -> tuple[list[str], dict[str, str]]:
        exe = str(Path(sys.executable).parent / "noticewatch")
        env = {**os.environ, "NOTICEWATCH_DATABASE_URL": f"sqlite:///{self.work / 'nw.db'}"}
        return [exe, "recrawl", "--format", "json", "--no-dispatch", "--no-progress"], env

    def reported(self, out: str) -> int:
        try:
            results = json.loads(out)["results"]
        except (ValueError, KeyError):
            return 0
        return sum(r["outcome"] in {"new_version", "restored"} for r in results)


class NoticewatchNoPool(Noticewatch):
    """noticewatch reading every page in its own process (``read_workers = 0``)."""

    name = "nw-no-pool"

    def command(self) -> tuple[list[str], dict[str, str]]:
        cmd, env = super().command()
        return cmd, {**env, "NOTICEWATCH_READ_WORKERS": "0"}


def with_workers(workers: int) -> type[Noticewatch]:
    """noticewatch with a pool of ``workers`` page readers (``NOTICEWATCH_READ_WORKERS``)."""

    class NoticewatchWorkers(Noticewatch):
        name = f"nw-{workers}-read"

        def command(self) -> tuple[list[str], dict[str, str]]:
            cmd, env = super().command()
            return cmd, {**env, "NOTICEWATCH_READ_WORKERS": str(workers)}

    return NoticewatchWorkers


class NoticewatchFromSource(Noticewatch):
    """noticewatch run from another source tree (``--also-src``), with this venv's packages."""

    name = "nw-src"
    source = ""

    def command(self) -> tuple[list[str], dict[str, str]]:
        _, env = super().command()
        cmd = [sys.executable, "-m", "monitor.cli", "recrawl", "--format", "json"]
        cmd += ["--no-dispatch", "--no-progress"]
        return cmd, {**env, "PYTHONPATH": self.source}


class Urlwatch(Tool):
    name = "urlwatch"

    def files(self, site: Site) -> dict[str, str]:
        jobs = (
            f"name: n{i:04d}\nurl: {site.base}/notice/{i}\nfilter:\n  - css: main\n  - html2text\n"
            for i in range(site.n)
        )
        config = (
            "display:\n  new: true\n  error: true\n  unchanged: false\n"
            "report:\n  text:\n    details: false\n    footer: false\n    line_length: 200\n"
            "    minimal: false\n  stdout:\n    enabled: true\n    color: false\n"
            "  html:\n    diff: unified\n  email:\n    enabled: false\n"
        )
        return {"urls.yaml": "---\n".join(jobs), "urlwatch.yaml": config}

    def command(self) -> tuple[list[str], dict[str, str]]:
        work = self.work
        env = {**os.environ, "HOME": str(work), "XDG_CONFIG_HOME": str(work)}
        cmd = [str(URLWATCH_VENV / "bin" / "urlwatch"), "--urls", str(work / "urls.yaml")]
        cmd += ["--config", str(work / "urlwatch.yaml"), "--cache", str(work / "cache.db")]
        return [*cmd, "--hooks", str(work / "hooks.py")], env

    def reported(self, out: str) -> int:
        # The summary (details: false): "01. NEW: n0000", "02. CHANGED: n0007"
        return len(re.findall(r"^\d+\. (?:NEW|CHANGED): ", out, flags=re.MULTILINE))


def install_urlwatch() -> str | None:
    """None when urlwatch is ready, else why it cannot run."""
    exe = URLWATCH_VENV / "bin" / "urlwatch"
    if exe.exists():
        probe = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
        if probe.returncode == 0 and URLWATCH_VERSION in probe.stdout:
            return None
        shutil.rmtree(URLWATCH_VENV, ignore_errors=True)
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", str(URLWATCH_VENV)], check=True, capture_output=True
        )
        subprocess.run(
            [
                str(URLWATCH_VENV / "bin" / "pip"),
                "install",
                "--quiet",
                f"urlwatch=={URLWATCH_VERSION}",
                "html2text",
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        shutil.rmtree(URLWATCH_VENV, ignore_errors=True)
        return f"could not install urlwatch {URLWATCH_VERSION} from PyPI: {detail.strip()[-300:]}"
    return None


CYCLES = ("first", "unchanged", "10% changed")


def run_tool(
    tool_cls: type[Tool], site: Site, tmp: Path, run: int, which: tuple[str, ...] = CYCLES
) -> dict[str, Cycle]:
    work = tmp / f"{tool_cls.name}-{run}"
    work.mkdir()
    site.revisions = [0] * site.n
    tool = tool_cls(site, work)
    cycles: dict[str, Cycle] = {}
    changing = random.Random(f"changes-{run}").sample(range(site.n), max(1, site.n // 10))
    for cycle in which:
        if cycle == "10% changed":
            for i in changing:
                site.revisions[i] += 1
        changed = site.n if cycle == "first" else len(changing) if cycle == "10% changed" else 0
        site.statuses = {}
        wall, cpu, rss, reported, code = tool.run()
        cycles[cycle] = Cycle(wall, cpu, rss, reported, changed, code, dict(site.statuses))
        print(
            f"  run {run + 1} {tool.name:<11} {cycle:<12} {wall:7.2f} s wall {cpu:7.2f} s CPU "
            f"{rss:6.0f} MB  reported {reported}/{changed} changed  "
            f"server {dict(sorted(site.statuses.items()))}  exit {code}  (MB: {last_parts})",
            flush=True,
        )
    return cycles


def median(cycles: list[Cycle], attr: str) -> float:
    return statistics.median(getattr(c, attr) for c in cycles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="pages (default 200)")
    parser.add_argument("--runs", type=int, default=3, help="runs; the median is printed")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per request")
    parser.add_argument("--no-urlwatch", action="store_true", help="noticewatch only")
    parser.add_argument(
        "--no-pool-too",
        action="store_true",
        help="also run noticewatch without its pool of readers (NOTICEWATCH_READ_WORKERS=0)",
    )
    parser.add_argument(
        "--workers-too",
        type=int,
        metavar="N",
        help="also run noticewatch with N page readers (NOTICEWATCH_READ_WORKERS=N)",
    )
    parser.add_argument(
        "--cycles",
        default="first,unchanged,changed",
        help="cycles to run, of first,unchanged,changed (the first always runs: it fills "
        "the database)",
    )
    parser.add_argument(
        "--also-src",
        metavar="DIR",
        help="also run noticewatch from the source tree DIR (old code against new, one run)",
    )
    opts = parser.parse_args()
    wanted = {name.strip() for name in opts.cycles.split(",") if name.strip()}
    unknown = wanted - {"first", "unchanged", "changed"}
    if unknown:
        parser.error(f"--cycles: unknown cycle(s) {', '.join(sorted(unknown))}")
    cycles = tuple(c for c in CYCLES if c == "first" or c.split()[-1] in wanted)

    tools: list[type[Tool]] = [Noticewatch]
    if opts.no_pool_too:
        tools.append(NoticewatchNoPool)
    if opts.workers_too is not None:
        tools.append(with_workers(opts.workers_too))
    if opts.also_src:
        NoticewatchFromSource.source = str(Path(opts.also_src).resolve())
        tools.append(NoticewatchFromSource)
    if opts.no_urlwatch:
        print("urlwatch: skipped (--no-urlwatch)")
    else:
        problem = install_urlwatch()
        if problem:
            print(f"urlwatch: SKIPPED: {problem}")
        else:
            tools.append(Urlwatch)

    site = Site(opts.n, opts.latency)
    sizes = [len(site.version(i)[0]) for i in range(opts.n)]
    print(
        f"{opts.n} pages, {min(sizes) // 1000}-{max(sizes) // 1000} KB "
        f"(mean {statistics.mean(sizes) / 1000:.0f} KB), one host, {opts.latency * 1000:.0f} ms "
        f"latency, {opts.runs} run(s), {os.cpu_count()} CPUs",
        flush=True,
    )
    results: dict[str, list[dict[str, Cycle]]] = {t.name: [] for t in tools}
    try:
        with tempfile.TemporaryDirectory(prefix="nw-peers-") as tmp:
            for run in range(opts.runs):
                # Each run starts with another tool: on a machine whose load drifts, the
                # tool that always ran first would always meet the other load.
                shift = run % len(tools)
                for tool_cls in tools[shift:] + tools[:shift]:
                    results[tool_cls.name].append(run_tool(tool_cls, site, Path(tmp), run, cycles))
    finally:
        site.close()

    print(f"\nmedian of {opts.runs} run(s), N = {opts.n}:")
    print(f"{'cycle':<12} {'tool':<12} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}  reported/changed")
    for cycle in cycles:
        for name, runs in results.items():
            cs = [r[cycle] for r in runs]
            print(
                f"{cycle:<12} {name:<12} {median(cs, 'wall'):8.2f} {median(cs, 'cpu'):8.2f} "
                f"{median(cs, 'rss_mb'):8.0f}  {median(cs, 'reported'):.0f}/{cs[0].changed}"
            )
    pairs = [(n, "urlwatch") for n in results if n != "urlwatch"] if "urlwatch" in results else []
    if "nw-src" in results:
        pairs.append(("noticewatch", "nw-src"))
    if pairs:
        for name, base in pairs:
            print(f"\n{name} / {base}:")
            for cycle in cycles:
                nw = [r[cycle] for r in results[name]]
                uw = [r[cycle] for r in results[base]]
                ratios = "  ".join(
                    f"{label} {median(nw, attr) / max(median(uw, attr), 1e-9):5.2f}x"
                    for label, attr in (("wall", "wall"), ("CPU", "cpu"), ("RSS", "rss_mb"))
                )
                nw_seen = f"{median(nw, 'reported'):.0f}/{nw[0].changed}"
                uw_seen = f"{median(uw, 'reported'):.0f}/{uw[0].changed}"
                print(f"{cycle:<12} {ratios}  reported/changed {nw_seen} vs {uw_seen}")


if __name__ == "__main__":
    main()
