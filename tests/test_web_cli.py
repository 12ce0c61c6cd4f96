"""``noticewatch web`` and ``noticewatch daemon --web-addr`` as real processes."""

from __future__ import annotations

import base64
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.httpserver import NoticeServer
from tests.pg import free_port
from tests.test_daemon import Daemon, serve, wait_until, watchlist
from tests.web_db import cli_env

TOKEN = "correct-horse-battery-staple-42"


def fetch(url: str, auth: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        cwd=cwd,
        env=env or cli_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_web_command_serves_with_a_token_and_refuses_public_addresses_without(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    missing = run("web", "--database", url, "--addr", f"127.0.0.1:{free_port()}", cwd=tmp_path)
    assert missing.returncode == 3 and "noticewatch db upgrade" in missing.stderr
    (tmp_path / "watchlist.toml").write_text(
        f'[settings]\ndatabase_url = "sqlite:///{tmp_path / "from-watchlist.db"}"\n'
    )
    configured = run("web", "--addr", f"127.0.0.1:{free_port()}", cwd=tmp_path)
    assert configured.returncode == 3 and "from-watchlist.db" in configured.stderr
    assert run("db", "upgrade", "--database", url, cwd=tmp_path).returncode == 0

    refused = run("web", "--database", url, "--addr", "0.0.0.0:0", cwd=tmp_path)
    assert refused.returncode == 2
    assert "refusing to serve the web view on 0.0.0.0 without authentication" in refused.stderr

    port = free_port()
    env = {**cli_env(), "NOTICEWATCH_WEB_TOKEN": TOKEN}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "monitor.cli",
            "web",
            "--database",
            url,
            "--addr",
            f"127.0.0.1:{port}",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def up() -> bool:
            try:
                return fetch(base + "/")[0] == 401
            except OSError:
                assert process.poll() is None, process.communicate()
                return False

        wait_until(up, 30)
        basic = "Basic " + base64.b64encode(f"me:{TOKEN}".encode()).decode()
        status, page = fetch(base + "/", basic)
        assert status == 200 and "Watched notices" in page and "access by token" in page
        assert fetch(base + "/feed.atom", f"Bearer {TOKEN}")[0] == 200
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert "serving http://127.0.0.1:" in out
    assert TOKEN not in out + err


def test_daemon_serves_the_web_view_beside_its_crawls(tmp_path: Path) -> None:
    env = {**cli_env(), "NOTICEWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'nw.db'}"}
    port = free_port()
    with NoticeServer() as server:
        serve(server, "alpha")
        watchlist(tmp_path, server, {"alpha": "1h"})
        daemon = Daemon(tmp_path, env, "--spread", "0.2", "--web-addr", f"127.0.0.1:{port}")
        try:
            daemon.wait_ready()
            base = f"http://127.0.0.1:{port}"
            wait_until(lambda: ">v1</a>" in fetch(base + "/targets/alpha")[1], 60, daemon.describe)
            status, page = fetch(base + "/")
            assert status == 200 and 'href="/targets/alpha"' in page
            assert fetch(base + "/feed.atom")[0] == 200
            code, _ = daemon.stop()
            assert code == 0
        finally:
            daemon.cleanup()
    started = time.monotonic()
    refused = run(
        "daemon", "--health-addr", "off", "--web-addr", "0.0.0.0:0", cwd=tmp_path, env=env
    )
    assert refused.returncode == 2 and "--web-addr" in refused.stderr
    assert time.monotonic() - started < 60
