"""Issue 10.6: large inputs are refused early, with memory a small multiple of the input.

The limit is ``monitor.extract.MAX_TEXT_CHARS`` (5 million characters of text). Each
CLI command runs in a fresh interpreter that reports its own peak RSS.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.extract import MAX_TEXT_CHARS, ExtractionError, extract
from tests.httpserver import NoticeServer
from tests.test_cli import cli_env
from tests.test_hardening_fetch import PARAGRAPHS_EN

RUN_MEASURED = """
import runpy, sys
sys.argv = ["noticewatch", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("monitor.cli", run_name="__main__")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
# VmHWM is this interpreter's own peak: getrusage's ru_maxrss would also count the pytest
# process it was forked from (Linux keeps the pre-exec peak).
with open("/proc/self/status") as status:
    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(f"MAXRSS_MB={hwm // 1024}", file=sys.stderr)
sys.exit(code)
"""


def measured(*args: str, cwd: Path, env: dict[str, str]) -> tuple[int, str, str, int, float]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", RUN_MEASURED, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    took = time.monotonic() - started
    rss = int(proc.stderr.rsplit("MAXRSS_MB=", 1)[1].split()[0])
    return proc.returncode, proc.stdout, proc.stderr, rss, took


def big_html(sections: int) -> bytes:
    body = "".join(
        f"<h2>Section {i}</h2>"
        + "".join(f"<p>{p} ({i}.{j})</p>" for j, p in enumerate(PARAGRAPHS_EN))
        for i in range(sections)
    )
    return f"<html><body><main><h1>Notice</h1>{body}</main></body></html>".encode()


@pytest.fixture()
def server() -> Iterator[NoticeServer]:
    with NoticeServer() as srv:
        yield srv


def test_the_limit_in_process() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionError, match="notice too large"):
        extract(big_html(20_000), "text/html")  # 13.7 MB of HTML, 12.7 M characters of text
    assert time.monotonic() - started < 10  # refused before parsing (parsing takes ~20 s)
    with pytest.raises(ExtractionError, match="notice too large"):
        extract(b"word " * (MAX_TEXT_CHARS // 4), "text/plain", max_chars=MAX_TEXT_CHARS // 2)
    document = extract(big_html(200), "text/html")
    assert 100_000 < len(document.text) < MAX_TEXT_CHARS


def test_a_12_mb_page_is_an_anomaly_quickly_and_cheaply(
    tmp_path: Path, server: NoticeServer
) -> None:
    """Before: 21 s, 895 MB RSS, the SQLite file +129 MB."""
    server.set("/privacy", big_html(18_000))  # 12.3 MB
    (tmp_path / "watchlist.toml").write_text(
        "[settings]\nallow_private_networks = true\n\n"
        f'[[targets]]\nid = "big"\nurl = "{server.url("/privacy")}"\nobey_robots = false\n'
    )
    env = cli_env(tmp_path)
    code, out, err, rss, took = measured(
        "recrawl", "--format", "json", "--no-progress", cwd=tmp_path, env=env
    )
    result = json.loads(out)["results"][0]
    assert code == 1 and result["outcome"] == "anomaly", (out, err)
    assert "notice too large" in result["reason"]
    assert rss < 300, rss  # before the limit: 895 MB
    assert (tmp_path / "nw.db").stat().st_size < 5_000_000  # the compressed snapshot only
    print(f"12 MB page: {took:.1f} s, {rss} MB")


@pytest.mark.parametrize("command", ["facts", "diff"])
def test_facts_and_diff_of_50_mb_files_are_refused(tmp_path: Path, command: str) -> None:
    """Before: ``facts --file`` 137 s and 821 MB; ``diff --files`` 83 s and 2.0 GB."""
    text = ("We collect your name and email address to provide the service. " * 800_000).encode()
    assert len(text) > 50_000_000
    (tmp_path / "a.txt").write_bytes(text)
    (tmp_path / "b.txt").write_bytes(text.replace(b"email", b"phone", 10))
    args = (
        ["facts", "--file", "a.txt"]
        if command == "facts"
        else ["diff", "--files", "a.txt", "b.txt"]
    )
    code, _out, err, rss, took = measured(*args, cwd=tmp_path, env=cli_env(tmp_path))
    assert code != 0 and "notice too large" in err, err
    assert took < 30 and rss < 400, (took, rss)
    print(f"{command} of 50 MB: {took:.1f} s, {rss} MB")
