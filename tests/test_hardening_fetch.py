"""Issue 10 through the real CLI against a real local web server: hostile pages and fetches.

Each scenario runs ``noticewatch`` as a subprocess (``tests/test_cli.py``'s helper)
against ``tests/httpserver.py`` on 127.0.0.1, which the watchlists allow
explicitly (``allow_private_networks = true``).
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.httpserver import NoticeServer
from tests.test_cli import cli_env, noticewatch

PARAGRAPHS_EN = [
    "We collect your name, email address and the content you post to provide the service.",
    "We use technical data such as your IP address to keep the service secure and prevent fraud.",
    "With your consent we show you personalised advertising based on your activity on the site.",
    "We share data with service providers who process it on our behalf under written contracts.",
    "You may access, correct or delete your data and object to processing at any time.",
    "We keep account data for as long as your account exists and delete it within ninety days.",
]
PARAGRAPHS_FR = [
    "Nous collectons votre nom, votre adresse électronique et le contenu que vous publiez.",
    "Nous utilisons les données techniques comme votre adresse IP pour sécuriser le service.",
    "Avec votre consentement, nous affichons de la publicité personnalisée selon votre activité.",
    "Nous partageons des données avec des prestataires qui les traitent pour notre compte.",
    "Vous pouvez accéder à vos données, les rectifier ou les effacer et vous opposer au traitement.",
    "Nous conservons les données du compte tant que le compte existe et les effaçons ensuite.",
]


def notice(paragraphs: list[str], *, lang: str = "en", repeat: int = 8, extra: str = "") -> str:
    body = "".join(
        f"<h2>Section {i + 1}</h2>" + "".join(f"<p>{p}</p>" for p in paragraphs)
        for i in range(repeat)
    )
    return (
        f'<!doctype html><html lang="{lang}"><head><title>Acme privacy</title></head>'
        f"<body><main><h1>Acme Privacy Notice</h1>{body}{extra}</main></body></html>"
    )


GOOD = notice(PARAGRAPHS_EN)


@pytest.fixture()
def server() -> Iterator[NoticeServer]:
    with NoticeServer() as srv:
        yield srv


def setup(tmp_path: Path, server: NoticeServer, extra: str = "") -> dict[str, str]:
    (tmp_path / "watchlist.toml").write_text(
        f"""
[settings]
allow_private_networks = true   # the test server is on 127.0.0.1

[[targets]]
id = "acme"
url = "{server.url("/privacy")}"
obey_robots = false
{extra}
""",
        encoding="utf-8",
    )
    return cli_env(tmp_path)


def add_to_watchlist(tmp_path: Path, text: str) -> None:
    path = tmp_path / "watchlist.toml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def recrawl(tmp_path: Path, env: dict[str, str], *args: str) -> tuple[int, dict]:
    proc = noticewatch(
        "recrawl", "--force", "--format", "json", *args, cwd=tmp_path, env=env, check=False
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)["results"][0]


def versions(tmp_path: Path, env: dict[str, str]) -> int:
    proc = noticewatch("targets", "--format", "json", cwd=tmp_path, env=env)
    return json.loads(proc.stdout)[0]["versions"]


# --------------------------------------------------------------------------- item 1: garbage


def garbage_bodies(seed: int) -> list[tuple[str, bytes, str | None]]:
    rng = random.Random(seed)
    import zlib

    import brotli

    html = GOOD.replace("Section", f"Part {seed}").encode()
    return [
        ("high bytes as utf-8", bytes(rng.randrange(0x80, 0x100) for _ in range(6000)),
         "text/html; charset=utf-8"),
        ("random bytes", bytes(rng.randrange(0, 0x100) for _ in range(6000)), "text/html"),
        ("raw deflate", zlib.compress(html)[2:-4], "text/html"),
        ("brotli without Content-Encoding", brotli.compress(html), "text/html"),
        ("latin-1 served as utf-8", notice(PARAGRAPHS_FR, lang="fr").encode("latin-1"),
         "text/html; charset=utf-8"),
        ("utf-8 served as latin-1", notice(PARAGRAPHS_FR, lang="fr").encode(),
         "text/html; charset=iso-8859-1"),
    ]  # fmt: skip


def test_garbage_never_becomes_a_version_and_the_real_notice_is_not_locked_out(
    tmp_path: Path, server: NoticeServer
) -> None:
    env = setup(tmp_path, server)
    server.set("/privacy", GOOD)
    code, first = recrawl(tmp_path, env)
    assert first["outcome"] == "new_version" and first["version"] == 1
    for seed in range(1):
        for name, body, content_type in garbage_bodies(seed):
            server.set("/privacy", body, content_type=content_type)
            code, result = recrawl(tmp_path, env)
            assert result["outcome"] in {"anomaly", "failed"}, (name, result)
            assert code == 1
    assert versions(tmp_path, env) == 1
    server.set("/privacy", GOOD)
    code, back = recrawl(tmp_path, env)
    assert (code, back["outcome"], back["version"]) == (0, "unchanged", 1)


def test_accept_records_a_flagged_fetch_and_a_return_restores_without_alert(
    tmp_path: Path, server: NoticeServer
) -> None:
    env = setup(tmp_path, server)
    server.set("/privacy", GOOD)
    recrawl(tmp_path, env)
    # Nothing flagged yet: nothing to accept.
    proc = noticewatch("accept", "acme", cwd=tmp_path, env=env, check=False)
    assert proc.returncode == 1 and "nothing to accept" in proc.stderr

    # Mojibake slips nowhere; a person decides to keep it anyway (say, to archive it).
    server.set("/privacy", notice(PARAGRAPHS_FR, lang="fr").encode("latin-1"))
    _code, flagged = recrawl(tmp_path, env)
    assert flagged["outcome"] == "anomaly" and "not decodable" in flagged["reason"]
    proc = noticewatch("accept", "acme", cwd=tmp_path, env=env)
    assert "accepted: new version v2" in proc.stdout

    # The real page returns: before, "text shrank" forever; now it restores v1 (no alert).
    server.set("/privacy", GOOD)
    code, back = recrawl(tmp_path, env)
    assert (code, back["outcome"], back["version"]) == (0, "restored", 3), back
    assert "restored v1" in back["summary"]
    code, again = recrawl(tmp_path, env)
    assert (again["outcome"], again["version"]) == ("unchanged", 3)


def test_shrink_language_flip_and_accept(tmp_path: Path, server: NoticeServer) -> None:
    env = setup(tmp_path, server)
    server.set("/privacy", GOOD)
    recrawl(tmp_path, env)
    server.set("/privacy", notice(PARAGRAPHS_FR, lang="fr"))
    _code, flip = recrawl(tmp_path, env)
    assert flip["outcome"] == "anomaly" and "language flip" in flip["reason"], flip
    short = notice(PARAGRAPHS_EN, repeat=2)
    server.set("/privacy", short)
    _code, shrunk = recrawl(tmp_path, env)
    assert shrunk["outcome"] == "anomaly" and "shrank" in shrunk["reason"]
    proc = noticewatch("accept", "acme", cwd=tmp_path, env=env)
    assert "new version v2" in proc.stdout
    _code, after = recrawl(tmp_path, env)  # compared with the accepted text now
    assert (after["outcome"], after["version"]) == ("unchanged", 2)


# --------------------------------------------------------------------------- item 2: interrupted recrawl


def _many(tmp_path: Path, server: NoticeServer, n: int, delay: float) -> dict[str, str]:
    lines = ["[settings]", "allow_private_networks = true", ""]
    for i in range(1, n + 1):
        server.set(f"/p{i}", GOOD, delay=delay)
        lines += ["[[targets]]", f'id = "p{i}"', f'url = "{server.url(f"/p{i}")}"']
        lines += ["obey_robots = false", ""]
    (tmp_path / "watchlist.toml").write_text("\n".join(lines), encoding="utf-8")
    return cli_env(tmp_path)


def _leased(tmp_path: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(tmp_path / "nw.db") as db:
        rows = db.execute(
            "SELECT slug FROM targets WHERE claimed_by IS NOT NULL AND claimed_until IS NOT NULL"
        )
        return [row[0] for row in rows]


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "SIGKILL"])
def test_an_interrupted_recrawl_does_not_block_the_next_one(
    tmp_path: Path, server: NoticeServer, how: str
) -> None:
    """Before: 200 leases stayed live; the next recrawl waited 61 s and printed "busy"."""
    import signal
    import subprocess
    import sys
    import time

    env = _many(tmp_path, server, 6, delay=30)
    noticewatch("db", "upgrade", cwd=tmp_path, env=env)
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "recrawl", "--no-progress"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while len(_leased(tmp_path)) < 6 or not server.requests:
        assert time.monotonic() < deadline and proc.poll() is None, proc.stderr
        time.sleep(0.1)
    proc.send_signal(getattr(signal, how))
    _out, err = proc.communicate(timeout=30)
    if how == "SIGKILL":
        assert proc.returncode == -signal.SIGKILL
        assert len(_leased(tmp_path)) == 6  # left behind by the dead process
    else:
        assert proc.returncode == 130, err
        assert "6 lease(s) released" in err
        assert _leased(tmp_path) == []
    for i in range(1, 7):
        server.set(f"/p{i}", GOOD)
    started = time.monotonic()
    code, result = recrawl(tmp_path, env, "p5", "--wait", "60")
    took = time.monotonic() - started
    assert (code, result["outcome"]) == (0, "new_version"), result
    assert took < 20, took  # no wait for a lease of a process that no longer exists


# --------------------------------------------------------------------------- item 4: addresses, redirects


def _watch(tmp_path: Path, body: str) -> dict[str, str]:
    (tmp_path / "watchlist.toml").write_text(body, encoding="utf-8")
    return cli_env(tmp_path)


def test_private_addresses_are_refused_at_connection_time_unless_allowed(
    tmp_path: Path, server: NoticeServer
) -> None:
    """Before: every one of these was fetched (the metadata address was requested)."""
    server.set("/privacy", GOOD)
    port = server.port
    env = _watch(
        tmp_path,
        f"""
[defaults]
obey_robots = false
timeout = 5

[[targets]]
id = "loopback"
url = "http://127.0.0.1:{port}/privacy"

[[targets]]
id = "by-name"          # a name that resolves to 127.0.0.1: checked on the resolved address
url = "http://localhost:{port}/privacy"

[[targets]]
id = "v6"
url = "http://[::1]:{port}/privacy"

[[targets]]
id = "metadata"
url = "http://169.254.169.254/latest/meta-data/"

[[targets]]
id = "intranet"
url = "http://127.0.0.1:{port}/privacy"
allow_private_networks = true
""",
    )
    proc = noticewatch("recrawl", "--format", "json", cwd=tmp_path, env=env, check=False)
    assert proc.returncode == 1, proc.stderr
    results = {r["target"]: r for r in json.loads(proc.stdout)["results"]}
    assert results["intranet"]["outcome"] == "new_version"
    for slug, words in {
        "loopback": "refused: 127.0.0.1 is a loopback address",
        "by-name": "refused: localhost resolves to 127.0.0.1, a loopback address",
        "v6": "refused: ::1 is a loopback address",
        "metadata": "refused: 169.254.169.254 is a cloud metadata address",
    }.items():
        assert results[slug]["outcome"] == "failed", results[slug]
        assert words in results[slug]["reason"], results[slug]
        assert "allow_private_networks = true" in results[slug]["reason"]
    assert server.count("/privacy") == 1  # the intranet target's fetch, and nothing else


def test_a_redirect_to_another_host_is_an_anomaly_unless_the_target_allows_it(
    tmp_path: Path, server: NoticeServer
) -> None:
    """Before: followed silently and recorded as a material change; nothing said "moved"."""
    port = server.port
    server.set("/privacy", GOOD)
    server.set("/elsewhere", notice(PARAGRAPHS_EN, extra="<p>We now sell your data.</p>"))
    env = _watch(
        tmp_path,
        f"""
[settings]
allow_private_networks = true   # the test server is on 127.0.0.1

[[targets]]
id = "acme"
url = "http://127.0.0.1:{port}/privacy"
obey_robots = false
""",
    )
    assert recrawl(tmp_path, env)[1]["version"] == 1
    server.redirect("/privacy", f"http://localhost:{port}/elsewhere")
    code, moved = recrawl(tmp_path, env)
    assert (code, moved["outcome"], moved["http_status"]) == (1, "anomaly", 302), moved
    assert f"moved to http://localhost:{port}/elsewhere" in moved["reason"]
    assert server.count("/elsewhere") == 0
    assert versions(tmp_path, env) == 1

    server.redirect("/privacy", "/elsewhere")  # same host: followed as ever
    code, same = recrawl(tmp_path, env)
    assert (same["outcome"], same["moved_to"]) == ("new_version", None), same

    add_to_watchlist(tmp_path, 'follow_redirects = "any"\n')
    server.set("/elsewhere", GOOD)
    server.redirect("/privacy", f"http://localhost:{port}/elsewhere")
    code, followed = recrawl(tmp_path, env)
    assert (followed["outcome"], followed["moved_to"]) == ("new_version", "localhost"), followed
    assert followed["summary"].startswith("moved to localhost; ")
    history = noticewatch("history", "acme", cwd=tmp_path, env=env).stdout
    assert "moved to localhost" in history


# --------------------------------------------------------------------------- item 5: smaller lies

CHALLENGE = """<!doctype html><html><head><title>Just a moment...</title></head><body>
<h1>Checking your browser before accessing acme.example</h1>
<p>Please enable JavaScript and cookies to continue.</p><p>Ray ID: 7f00aa</p></body></html>"""


def test_a_challenge_page_behind_an_error_status_is_a_bot_wall(
    tmp_path: Path, server: NoticeServer
) -> None:
    """Before: "failed: HTTP 403: HTTP status 403" and a "failing" incident."""
    env = setup(tmp_path, server)
    server.set("/privacy", CHALLENGE, status=403)
    for _ in range(3):
        code, result = recrawl(tmp_path, env)
    assert code == 1 and result["outcome"] == "failed", result
    assert result["reason"].startswith("bot wall: title 'Just a moment...'"), result
    proc = noticewatch("recrawl", "--force", cwd=tmp_path, env=env, check=False)
    assert "failed: HTTP 403: bot wall: title 'Just a moment...'" in proc.stdout
    targets = json.loads(noticewatch("targets", "--format", "json", cwd=tmp_path, env=env).stdout)
    assert targets[0]["status"] == "blocked"


def test_retry_after_is_honoured(tmp_path: Path, server: NoticeServer) -> None:
    """Before: three attempts back to back, whatever Retry-After said."""
    env = setup(tmp_path, server)
    server.set("/privacy", "busy", status=503, headers={"Retry-After": "2"})
    code, result = recrawl(tmp_path, env)
    assert (code, result["outcome"], result["http_status"]) == (1, "failed", 503)
    times = [r.at for r in server.requests_for("/privacy")]
    assert len(times) == 3
    assert all(b - a >= 1.9 for a, b in itertools.pairwise(times)), times
    server.clear_log()
    server.set("/privacy", "busy", status=429, headers={"Retry-After": "3600"})
    code, result = recrawl(tmp_path, env)
    assert result["http_status"] == 429 and server.count("/privacy") == 1  # not retried


def test_recrawl_exits_1_when_an_alert_could_not_be_delivered(
    tmp_path: Path, server: NoticeServer
) -> None:
    """Before: exit 0, although ``recrawl --help`` promised 1."""
    env = setup(tmp_path, server)
    add_to_watchlist(
        tmp_path,
        """
[channels.hook]
type = "webhook"
url = "http://127.0.0.1:9/closed"
secret_env = "NW_TEST_HOOK_SECRET"
timeout = 2

[[routes]]
channels = ["hook"]
min_severity = "editorial"
""",
    )
    env["NW_TEST_HOOK_SECRET"] = "s3cret"
    server.set("/privacy", GOOD)
    assert recrawl(tmp_path, env)[0] == 0
    server.set("/privacy", notice(PARAGRAPHS_EN, extra="<p>We sell your data to brokers.</p>"))
    proc = noticewatch("recrawl", cwd=tmp_path, env=env, check=False)
    assert "new version v2" in proc.stdout and proc.returncode == 1, proc.stdout + proc.stderr
    assert "recrawl" in proc.stdout or "alerts:" in proc.stdout


def test_a_tiny_real_notice_is_accepted_with_min_chars(
    tmp_path: Path, server: NoticeServer
) -> None:
    """Before: a 195-character notice was "too short" forever, with no way to say otherwise."""
    text = "Acme keeps no personal data. We do not use cookies, analytics or logs, and we "
    text += "never share anything with anyone. Questions: privacy@acme.example, Acme Ltd, Dublin."
    page = f"<html><body><main><h1>Privacy</h1><p>{text}</p></main></body></html>"
    env = setup(tmp_path, server)
    server.set("/privacy", page)
    _code, short = recrawl(tmp_path, env)
    assert short["outcome"] == "anomaly" and "fewer than 200" in short["reason"], short
    env = setup(tmp_path, server, extra="min_chars = 100")
    _code, ok = recrawl(tmp_path, env)
    assert ok["outcome"] == "new_version", ok


def test_unset_secret_env_warns_in_validate_and_stops_the_daemon(
    tmp_path: Path, server: NoticeServer
) -> None:
    """Before: validate said OK, and the first alert failed at send time."""
    env = setup(tmp_path, server)
    env.pop("NW_TEST_UNSET_SECRET", None)
    add_to_watchlist(
        tmp_path,
        """
[channels.hook]
type = "webhook"
url = "http://127.0.0.1:9/hook"
secret_env = "NW_TEST_UNSET_SECRET"
""",
    )
    proc = noticewatch("validate", cwd=tmp_path, env=env)
    assert "OK" in proc.stdout
    assert (
        "warning:" in proc.stderr and "secret_env: $NW_TEST_UNSET_SECRET is not set" in proc.stderr
    )
    proc = noticewatch("daemon", "--health-addr", "off", cwd=tmp_path, env=env, check=False)
    assert proc.returncode == 2 and "$NW_TEST_UNSET_SECRET is not set" in proc.stderr


def test_an_unresolvable_host_says_so_once(tmp_path: Path) -> None:
    """Before: "DNS lookup failed (3 attempts): DNS lookup failed: ..." (make run offline)."""
    (tmp_path / "watchlist.toml").write_text(
        '[[targets]]\nid = "gone"\nurl = "https://nonexistent.invalid/privacy"\nobey_robots = false\n'
    )
    env = cli_env(tmp_path)
    code, result = recrawl(tmp_path, env)
    assert code == 1
    assert result["reason"].startswith("cannot resolve nonexistent.invalid"), result
    assert result["reason"].count("DNS lookup failed") == 0
