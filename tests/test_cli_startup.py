"""The CLI imports what a command needs, when it runs: `noticewatch --help` starts fast.

bench/bench_startup.py measures it (about 0.55 s -> 0.1 s for --help on a 2-CPU machine).
"""

from __future__ import annotations

import subprocess
import sys

#: Heavy packages no command's argument parsing needs.
HEAVY = (
    "sqlalchemy",
    "scrapy",
    "twisted",
    "rich",
    "bs4",
    "lxml",
    "monitor.analyze",
    "storage",
    # http.server (and the email package it loads): the daemon's health server, the demo site.
    "http",
    "email",
    "monitor.daemon",
    "monitor.demo",
)

PROBE = """
import sys
from monitor.cli import build_parser
parser = build_parser()
for argv in (["recrawl", "--help"], ["targets", "--help"], ["diff", "--help"]):
    try:
        parser.parse_args(argv)
    except SystemExit:
        pass
heavy = sorted({m.split(".")[0] if not m.startswith("monitor.") else ".".join(m.split(".")[:2])
                for m in sys.modules})
print("\\n".join(heavy))
"""


def test_help_imports_no_heavy_package() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    loaded = set(proc.stdout.split())
    assert "monitor.cli" in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_the_cli_copies_of_daemon_defaults_are_the_daemons() -> None:
    """monitor.cli.daemon keeps two defaults of its own, not to import their modules for --help."""
    from monitor.cli import daemon as cli
    from monitor.daemon.health import DEFAULT_HEALTH_ADDR
    from monitor.daemon.planning import DEFAULT_SPREAD_SECONDS

    assert (cli.DEFAULT_HEALTH_ADDR, cli.DEFAULT_SPREAD_SECONDS) == (
        DEFAULT_HEALTH_ADDR,
        DEFAULT_SPREAD_SECONDS,
    )
