"""The CLI imports what a command needs, when it runs: `noticewatch --help` starts fast.

bench/bench_startup.py measures it (about 0.55 s -> 0.1 s for --help on a 2-CPU machine).
"""

from __future__ import annotations

import subprocess
import sys

#: Heavy packages no command's argument parsing needs.
HEAVY = ("sqlalchemy", "scrapy", "twisted", "rich", "bs4", "lxml", "monitor.analyze", "storage")

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
