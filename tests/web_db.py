"""A database for the web view's tests, filled by real crawls of local sites.

``noticewatch demo`` crawls the demo's site (four versions of Weavelink's notice:
first, announced, material, editorial); then ``noticewatch recrawl`` crawls a
second local site whose notice carries XSS payloads as text (``<script>``,
``<img onerror>``, ``javascript:`` links) and a target that answers 404, so the
pages show every status, a hostile change and its feed entry.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.httpserver import NoticeServer

EVIL = (
    "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; "
    '<a href="javascript:alert(3)">javascript:alert(3)</a>'
)
EVIL_TEXT = "<script>alert(1)</script>"

#: Every page that shows Evilcorp's hostile notice text: where escaping is checked.
HOSTILE_PAGES = (
    "/",
    "/targets/evilcorp-eu",
    "/targets/evilcorp-eu/versions/2",
    "/targets/evilcorp-eu/versions/2?view=inline",
    "/targets/evilcorp-eu/versions/2/facts",
    "/compare?a=evilcorp-eu&b=weavelink-eu",
)

NOTICE = """<!doctype html><html lang="en"><head><title>Evilcorp Privacy</title></head><body>
<main>
<h1>Evilcorp Privacy Notice {title}</h1>
<p>Last updated: 1 March 2025</p>
<h2>Data we collect</h2>
<ul><li>Profile data: your name, photo and email address.</li>
<li>Technical data: IP address, device identifiers and browser type.</li></ul>
<h2>How we use your data</h2>
<h3>Legitimate Interests</h3>
<p>We use technical data to keep the service secure and prevent fraud.</p>
{extra}
<h2>Your rights</h2>
<p>You may access, correct or delete your data and object to processing at any time by
writing to our data protection officer; we answer every request within one month.</p>
</main></body></html>"""

EXTRA = (
    "<h3>Consent " + EVIL + "</h3>"
    "<p>With your consent we show you personalised advertising based on your activity "
    "and share your profile data with advertising partners. " + EVIL + "</p>"
)


@dataclass(frozen=True)
class WebDatabase:
    url: str
    path: Path


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTICEWATCH_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return env


def noticewatch(*args: str, cwd: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        cwd=cwd,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=240,
    )
    if proc.returncode not in (0, 1):  # 1: a target failed (the 404 one, on purpose)
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def build(tmp: Path, url: str | None = None) -> WebDatabase:
    """Crawl the demo site, then the hostile site, into ``url`` (default: SQLite under ``tmp``)."""
    db = tmp / "web.db"
    url = url or f"sqlite:///{db}"
    (tmp / "demo").mkdir()
    noticewatch("demo", "--database", url, cwd=tmp / "demo")
    with NoticeServer() as server:
        server.set("/privacy", NOTICE.format(title="", extra=""))
        (tmp / "watchlist.toml").write_text(
            f"""
[settings]
allow_private_networks = true   # the test server is on 127.0.0.1
database_url = "{url}"

[[targets]]
id = "weavelink-eu"
service = "Weavelink"
document = "Regional Privacy Notice"
region = "EU"
language = "en"
tags = ["demo", "eu"]
url = "http://127.0.0.1:9/not-crawled-again"

[[targets]]
id = "evilcorp-eu"
service = "Evilcorp <script>alert(4)</script>"
document = "Privacy Notice"
region = "EU"
language = "en"
tags = ["evil", "eu"]
url = "{server.url("/privacy")}"

[[targets]]
id = "gone-us"
service = "Gone"
document = "Privacy Policy"
region = "US"
tags = ["us"]
url = "{server.url("/missing")}"
""",
            encoding="utf-8",
        )
        noticewatch("recrawl", "evilcorp-eu", "gone-us", cwd=tmp)
        server.set("/privacy", NOTICE.format(title=EVIL, extra=EXTRA))
        noticewatch("recrawl", "evilcorp-eu", "--force", cwd=tmp)
    return WebDatabase(url, db)
