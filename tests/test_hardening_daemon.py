"""Issue 10 against a real ``noticewatch daemon`` process: schedules, reloads, stopping, takeover.

Helpers (the Daemon process wrapper, the local notice server, the watchlist
writer) come from ``tests/test_daemon.py``.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

from tests import test_daemon
from tests.httpserver import NoticeServer
from tests.test_daemon import Daemon, cli, serve, wait_until, watchlist

# The same fixtures as the daemon tests.
server = test_daemon.server
env = test_daemon.env
daemons = test_daemon.daemons


def test_out_of_range_schedule_is_a_config_error_at_start(
    tmp_path: Path, server: NoticeServer, env: dict[str, str]
) -> None:
    env.pop("NOTICEWATCH_MIN_INTERVAL")
    env["NOTICEWATCH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'nw.db'}"
    serve(server, "a")
    watchlist(tmp_path, server, {"a": "9999999d"})
    proc = cli("validate", cwd=tmp_path, env=env)
    assert proc.returncode == 2 and "out of range" in proc.stderr, proc.stderr
    proc = cli("daemon", "--health-addr", "off", cwd=tmp_path, env=env, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "out of range" in proc.stderr


def test_a_failed_reload_changes_nothing_and_health_and_metrics_agree(
    tmp_path: Path, server: NoticeServer, env: dict[str, str], daemons: list[Daemon]
) -> None:
    env["NOTICEWATCH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'nw.db'}"
    serve(server, "a", "b")
    watchlist(tmp_path, server, {"a": "2s", "b": "1h"})
    daemon = Daemon(tmp_path, env, "--spread", "1")
    daemons.append(daemon)
    daemon.wait_ready()
    wait_until(lambda: server.count("/b") == 1, 20, daemon.describe)

    watchlist(tmp_path, server, {"a": "2s", "b": "9999999d"})
    daemon.process.send_signal(signal.SIGHUP)
    wait_until(lambda: daemon.events("reload_failed"), 10, daemon.describe)
    status, body = daemon.get("/readyz")
    assert status == 200 and json.loads(body)["scheduled_targets"] == 2, body
    assert "noticewatch_scheduled_targets 2.0" in daemon.get("/metrics")[1]
    before = server.count("/a")
    wait_until(lambda: server.count("/a") >= before + 2, 20, daemon.describe)
    code, _ = daemon.stop()
    assert code == 0, daemon.describe()
