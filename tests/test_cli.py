"""The CLI through its real entry point, against a real local web server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.httpserver import NoticeServer

NOTICE = """<!doctype html><html lang="en"><head><title>Acme Privacy</title>
<script>var token = "{token}";</script></head><body>
<nav><a href="/">Home</a></nav>
<main>
<h1>Acme European Privacy Notice</h1>
<p>Last updated: 1 March 2025</p>
<h2>Data we collect</h2>
<ul><li>Profile data: your name, photo, current position and skills.</li>
<li>Technical data: IP address, device identifiers and browser type.</li></ul>
<h2>How we use your data</h2>
<h3>Legitimate Interests</h3>
<p>We use technical data to keep the service secure and prevent fraud.</p>
<p>We analyse how the service is used to improve our products.</p>
{extra}
<h3>Consent</h3>
<p>With your consent we show you personalised advertising based on your activity.</p>
<h2>Your rights</h2>
<p>You may access, correct or delete your data and object to processing at any time by
writing to our data protection officer; we answer every request within one month.</p>
</main>
<footer>Generated at {token}</footer>
</body></html>"""

AI_ROW = (
    "<p>We use your profile data, posts and inputs to AI features to train generative AI models "
    "that power our writing assistant.</p>"
)


def page(extra: str = "", token: str = "t1") -> bytes:
    return NOTICE.format(extra=extra, token=token).encode()


def noticewatch(
    *args: str, cwd: Path, env: dict[str, str], check: bool = True
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
    return proc


@pytest.fixture()
def server() -> Iterator[NoticeServer]:
    with NoticeServer() as srv:
        yield srv


@pytest.fixture()
def workdir(tmp_path: Path, server: NoticeServer) -> Path:
    (tmp_path / "watchlist.toml").write_text(
        f"""
[settings]
allow_private_networks = true   # the test server is on 127.0.0.1

[defaults]
schedule = "1h"

[[targets]]
id = "acme-eu"
service = "Acme"
region = "EU"
language = "en"
url = "{server.url("/privacy/eu")}"
headers = {{ "Accept-Language" = "en-IE" }}

[[targets]]
id = "acme-us"
service = "Acme"
region = "US"
url = "{server.url("/privacy/us")}"
""",
        encoding="utf-8",
    )
    return tmp_path


def cli_env(tmp_path: Path) -> dict[str, str]:
    """The caller's environment without NOTICEWATCH_* settings, with a database in tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTICEWATCH_")}
    env["NOTICEWATCH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'nw.db'}"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return env


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path)


def test_recrawl_records_versions_and_reports_outcomes(
    server: NoticeServer, workdir: Path, env: dict[str, str]
) -> None:
    server.set("/privacy/eu", page(token="a"), etag='"v1"')
    server.set("/privacy/us", page(token="b"))

    first = noticewatch("recrawl", cwd=workdir, env=env)
    assert "acme-eu  new version v1 (first)" in first.stdout
    assert "acme-us  new version v1 (first)" in first.stdout
    assert "2 target(s): 2 new version" in first.stdout

    # Same ETag: a conditional request and a 304; new noise only: unchanged.
    server.set("/privacy/us", page(token="c"))
    second = noticewatch("recrawl", "--format", "json", cwd=workdir, env=env)
    results = {r["target"]: r for r in json.loads(second.stdout)["results"]}
    assert results["acme-eu"]["outcome"] == "not_modified"
    assert results["acme-us"]["outcome"] == "unchanged"
    eu_requests = [r for r in server.requests if r.path == "/privacy/eu"]
    assert eu_requests[-1].headers.get("If-None-Match") == '"v1"'
    assert eu_requests[-1].headers.get("Accept-Language") == "en-IE"

    # --force: no conditional headers; a real change is recorded and classified.
    server.set("/privacy/eu", page(extra=AI_ROW, token="d"), etag='"v2"')
    third = noticewatch("recrawl", "acme-eu", "--force", "--format", "json", cwd=workdir, env=env)
    (result,) = json.loads(third.stdout)["results"]
    assert (
        "If-None-Match" not in [r for r in server.requests if r.path == "/privacy/eu"][-1].headers
    )
    assert result["outcome"] == "new_version" and result["version"] == 2
    assert result["severity"] == "material"

    hist = noticewatch("history", "acme-eu", cwd=workdir, env=env)
    lines = hist.stdout.strip().splitlines()
    assert lines[0].startswith("v1 ") and lines[1].startswith("v2 ") and "material" in lines[1]

    diff = noticewatch("diff", "acme-eu", "--format", "json", cwd=workdir, env=env)
    doc = json.loads(diff.stdout)
    assert doc["schema"] == "noticewatch.diff/v1" and doc["severity"] == "material"
    added = {fc["fact"] for fc in doc["fact_changes"] if fc["op"] == "added"}
    assert "purpose.ai_training" in added
    assert any("generative AI" in "".join(t for _op, t in h["words"]) for h in doc["hunks"])

    html = noticewatch(
        "diff", "acme-eu", "--from", "1", "--to", "2", "--format", "html", cwd=workdir, env=env
    )
    assert html.stdout.lstrip().lower().startswith("<!doctype html")
    text = noticewatch("diff", "acme-eu", cwd=workdir, env=env)
    assert "generative AI" in text.stdout

    shown = noticewatch("show", "acme-eu", "--version", "1", cwd=workdir, env=env)
    assert "# Acme European Privacy Notice" in shown.stdout and "Generated at" not in shown.stdout
    raw = subprocess.run(
        [sys.executable, "-m", "monitor.cli", "show", "acme-eu", "--raw"],
        cwd=workdir,
        env=env,
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert raw.stdout == page(extra=AI_ROW, token="d")

    targets = noticewatch("targets", "--format", "json", cwd=workdir, env=env)
    rows = {t["id"]: t for t in json.loads(targets.stdout)}
    assert rows["acme-eu"]["versions"] == 2 and rows["acme-eu"]["last_change"]
    assert rows["acme-us"]["last_outcome"] == "unchanged"


def test_failed_fetch_is_never_a_change(
    server: NoticeServer, workdir: Path, env: dict[str, str]
) -> None:
    server.set("/privacy/eu", page())
    server.set("/privacy/us", page())
    noticewatch("recrawl", cwd=workdir, env=env)

    server.set("/privacy/eu", b"<html><body>Internal error</body></html>", status=500)
    server.set(
        "/privacy/us",
        b"<html><head><title>Just a moment...</title></head><body>Checking your browser. "
        b"Please enable JavaScript and cookies to continue.</body></html>",
    )
    proc = noticewatch("recrawl", "--format", "json", cwd=workdir, env=env, check=False)
    assert proc.returncode == 1
    results = {r["target"]: r for r in json.loads(proc.stdout)["results"]}
    assert results["acme-eu"]["outcome"] == "failed" and results["acme-eu"]["http_status"] == 500
    assert results["acme-us"]["outcome"] == "anomaly"
    for target in ("acme-eu", "acme-us"):
        hist = noticewatch("history", target, "--format", "json", cwd=workdir, env=env)
        assert [v["version"] for v in json.loads(hist.stdout)["versions"]] == [1]


def test_usage_errors(workdir: Path, env: dict[str, str]) -> None:
    proc = noticewatch("recrawl", "nope", cwd=workdir, env=env, check=False)
    assert proc.returncode == 2 and "unknown target" in proc.stderr
    (workdir / "bad.toml").write_text(
        '[[targets]]\nid = "x"\nurl = "https://x.example/"\nschedul = "6h"\n'
    )
    proc = noticewatch("validate", "--watchlist", "bad.toml", cwd=workdir, env=env, check=False)
    assert proc.returncode == 2
    assert "bad.toml: target 'x': schedul: unknown key (did you mean 'schedule'?)" in proc.stderr
    ok = noticewatch("validate", cwd=workdir, env=env)
    assert "OK — 2 target(s)" in ok.stdout


def test_files_mode_needs_no_database(tmp_path: Path, env: dict[str, str]) -> None:
    old, new = tmp_path / "old.html", tmp_path / "new.html"
    old.write_bytes(page())
    new.write_bytes(page(extra=AI_ROW))
    env.pop("NOTICEWATCH_DATABASE_URL")
    proc = noticewatch(
        "diff", "--files", str(old), str(new), "--format", "json", cwd=tmp_path, env=env
    )
    diffed = json.loads(proc.stdout)
    assert diffed["severity"] == "material" and diffed["schema"] == "noticewatch.diff/v1"
    # Every delta item is on exactly one card; the summary is the top card's headline.
    cards = diffed["cards"]
    assert cards and diffed["summary"].startswith(cards[0]["headline"])
    covered = sorted(fact for card in cards for fact in card["covers"])
    assert covered == sorted(fc["fact"] for fc in diffed["fact_changes"])
    facts = noticewatch("facts", "--file", str(new), "--format", "json", cwd=tmp_path, env=env)
    doc = json.loads(facts.stdout)
    assert doc["schema"] == "noticewatch.facts/v1"
    assert any("purpose.ai_training" in s["purposes"] for s in doc["facts"]["statements"])
    assert not (tmp_path / "noticewatch.db").exists()


def test_demo_runs_offline(tmp_path: Path, env: dict[str, str]) -> None:
    env.pop("NOTICEWATCH_DATABASE_URL")
    proc = noticewatch("demo", cwd=tmp_path, env=env)
    out = proc.stdout
    assert "new version v1 (first)" in out
    assert "unchanged (v1)" in out
    assert "new version v2 (material)" in out
    assert "new version v3 (material)" in out
    assert "new version v4 (editorial)" in out
    # The announcement alert comes first, then the alert when the change takes effect,
    # each naming its top card in the subject and showing the cards above the diff.
    announced = out.index(
        "Subject: [noticewatch] Weavelink — EU Regional Privacy Notice: Announced for "
        "2025-11-03: training AI models — legitimate interests — opt-out"
    )
    effective = out.index(
        "Subject: [noticewatch] Weavelink — EU Regional Privacy Notice: New purpose: "
        "training AI models — legitimate interests — profile data"
    )
    assert announced < effective
    cards = out.index(
        "* [new] New purpose: training AI models — legitimate interests — ", effective
    )
    assert cards < out.index("Text changes", effective)
    assert "inputs to AI features" in out[cards : out.index("Text changes", effective)]
    assert "— opt-out" in out[effective : out.index("\n", effective)]
    assert '"cards": [' in out


def test_a_watchlist_found_by_chance_changes_no_other_database(
    tmp_path: Path, env: dict[str, str]
) -> None:
    # Run from a checkout, the demo (and any read command) must not sync ./watchlist.toml
    # into its own database: the demo's target would be "no longer watched".
    env.pop("NOTICEWATCH_DATABASE_URL")
    (tmp_path / "watchlist.toml").write_text(
        '[[targets]]\nid = "other"\nurl = "https://example.org/privacy"\n'
    )
    database = f"sqlite:///{tmp_path / 'demo.db'}"
    noticewatch("demo", "--database", database, cwd=tmp_path, env=env)
    listed = noticewatch(
        "targets", "--database", database, "--format", "json", cwd=tmp_path, env=env
    )
    slugs = {t["id"]: t for t in json.loads(listed.stdout)}
    assert "other" not in slugs
    assert slugs["weavelink-eu"]["enabled"] is True


def test_console_script_entry_point(tmp_path: Path, env: dict[str, str]) -> None:
    script = Path(sys.executable).parent / "noticewatch"
    proc = subprocess.run(
        [str(script), "--help"], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0
    for command in (
        "recrawl",
        "demo",
        "targets",
        "validate",
        "history",
        "diff",
        "show",
        "facts",
        "compare",
    ):
        assert command in proc.stdout


US_NOTICE = b"""<!doctype html><html lang="en"><body><main>
<h1>Acme Privacy Policy (United States)</h1>
<h2>Information we collect</h2>
<p>We collect your name, email address and your profile data, such as your current position.</p>
<p>We collect technical data such as your IP address and device identifiers.</p>
<h2>How we use information</h2>
<p>We use technical data to keep the service secure and prevent fraud.</p>
<p>We may sell your personal information to advertising partners.</p>
<p>Residents of some states may opt out of the sale of their personal information in settings.</p>
</main></body></html>"""


def test_facts_and_regional_compare(
    server: NoticeServer, workdir: Path, env: dict[str, str]
) -> None:
    server.set("/privacy/eu", page())
    server.set("/privacy/us", US_NOTICE)
    noticewatch("recrawl", cwd=workdir, env=env)

    facts = noticewatch("facts", "acme-eu", cwd=workdir, env=env).stdout
    assert "legitimate interests [basis.legitimate_interests]" in facts
    assert "“We use technical data to keep the service secure and prevent fraud.”" in facts
    doc = json.loads(
        noticewatch(
            "facts", "acme-eu", "--version", "1", "--format", "json", cwd=workdir, env=env
        ).stdout
    )
    assert doc["version"]["number"] == 1 and doc["facts"]["language"] == "en"

    compared = json.loads(
        noticewatch(
            "compare", "acme-eu", "acme-us", "--format", "json", cwd=workdir, env=env
        ).stdout
    )["comparison"]
    assert "basis.legitimate_interests" in compared["bases"]["only_a"]
    assert "purpose.sharing_third_parties" in compared["purposes"]["only_b"]
    assert "purpose.security" in compared["purposes"]["both"]
    text = noticewatch("compare", "acme-eu", "acme-us", cwd=workdir, env=env).stdout
    assert "only in acme-eu" in text and "only in acme-us" in text
    # Purpose by purpose, what differs first; the ids stay in "comparison" for machines.
    assert (
        text.index("Differences")
        < text.index("sharing with third parties")
        < text.index("Same in both")
    )
    assert ">" not in text  # no raw link ids
    rows = json.loads(
        noticewatch(
            "compare", "acme-eu", "acme-us", "--format", "json", cwd=workdir, env=env
        ).stdout
    )["rows"]
    differing = [r["subject"] for r in rows if r["differences"]]
    assert [r["subject"] for r in rows[: len(differing)]] == differing
    share = next(r for r in rows if r["subject"] == "purpose.sharing_third_parties")
    assert share["a"] is None and share["b"]["stated"] and share["differences"] == ["presence"]


def test_recrawl_takes_scrapy_settings_with_s(
    server: NoticeServer, workdir: Path, env: dict[str, str]
) -> None:
    """``-s NAME=VALUE`` as in the daemon: over the watchlist, for this crawl only."""
    server.set("/privacy/eu", page(token="a"))
    server.set("/privacy/us", page(token="b"))
    noticewatch(
        "recrawl", "acme-eu", "-s", "NOTICEWATCH_CONTACT_URL=https://dpo.example.org/crawler",
        cwd=workdir, env=env,
    )  # fmt: skip
    (sent,) = server.requests_for("/privacy/eu")
    assert sent.headers["User-Agent"].endswith("(+https://dpo.example.org/crawler)")

    noticewatch("recrawl", "acme-us", cwd=workdir, env=env)
    (plain,) = server.requests_for("/privacy/us")
    assert "dpo.example.org" not in plain.headers["User-Agent"]

    bad = noticewatch("recrawl", "-s", "NOT_A_PAIR", cwd=workdir, env=env, check=False)
    assert bad.returncode == 2
    assert "-s 'NOT_A_PAIR': expected NAME=VALUE" in bad.stderr
