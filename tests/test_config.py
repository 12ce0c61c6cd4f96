"""Watchlist loading: every problem is reported with its file, target and key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.config import load_watchlist, parse_watchlist, watchlist_path
from monitor.errors import ConfigErrors
from monitor.schedule import parse_schedule

GOOD = """
[settings]
contact_url = "https://example.org/contact"

[defaults]
schedule = "12h"
headers = { "Accept-Language" = "en" }

[[targets]]
id = "acme-eu"
service = "Acme"
region = "EU"
url = "https://acme.example/privacy?gl=ie"
select = "main"
remove = [".cookie", "#banner"]
headers = { "Accept-Language" = "en-IE" }
cookies = { region = "eu" }
tags = ["eu"]

[[targets]]
id = "acme-us"
service = "Acme"
region = "US"
url = "https://acme.example/privacy?gl=us"
schedule = "0 */6 * * *"
enabled = false
obey_robots = false
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "watchlist.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_watchlist_with_defaults(tmp_path: Path) -> None:
    wl = load_watchlist(write(tmp_path, GOOD))
    eu, us = wl.targets
    assert eu.id == "acme-eu" and eu.select == ("main",) and eu.remove == (".cookie", "#banner")
    assert eu.headers == {"Accept-Language": "en-IE"}  # target overrides [defaults]
    assert eu.cookies == {"region": "eu"}
    assert eu.schedule == "12h"  # inherited
    assert us.headers == {"Accept-Language": "en"}
    assert us.schedule == "0 */6 * * *" and not us.enabled and not us.obey_robots
    assert wl.settings.contact_url == "https://example.org/contact"
    assert [t.id for t in wl.select()] == ["acme-eu"]
    assert [t.id for t in wl.select(["acme-us"])] == ["acme-us"]
    with pytest.raises(KeyError):
        wl.select(["nope"])
    assert eu.label == "Acme — EU Privacy Policy"


def test_every_error_is_located(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[targets]]
id = "ok-one"
url = "https://a.example/"
schedul = "6h"

[[targets]]
id = "Bad Id"
url = "ftp://a.example/"
timeout = "fast"

[[targets]]
id = "ok-one"
url = "https://b.example/"
select = ["div[[["]
schedule = "every day"
language = "english"
headers = { "Accept-Language" = 5 }
""",
    )
    with pytest.raises(ConfigErrors) as info:
        load_watchlist(path)
    messages = [str(e) for e in info.value.errors]
    text = "\n".join(messages)
    assert all(m.startswith(str(path)) for m in messages)
    assert "target 'ok-one': schedul: unknown key (did you mean 'schedule'?)" in text
    assert "target 'Bad Id': id:" in text
    assert "target 'Bad Id': url: 'ftp://a.example/' is not an http(s) URL" in text
    assert "target 'Bad Id': timeout: must be a number" in text
    assert "target 'ok-one': id: duplicate target id" in text
    assert "select: invalid CSS selector" in text
    assert "schedule: 'every day' is neither an interval" in text
    assert "language: 'english' is not a two-letter" in text
    assert "headers: must be a table of string values" in text


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigErrors, match="file not found"):
        load_watchlist(tmp_path / "nope.toml")
    with pytest.raises(ConfigErrors, match=r"invalid TOML.*line 2"):
        load_watchlist(write(tmp_path, "[[targets]]\nid = \n"))


def test_unknown_top_level_table() -> None:
    with pytest.raises(ConfigErrors, match=r"targes: unknown key \(did you mean 'targets'"):
        parse_watchlist({"targes": []}, file="w.toml")


def test_watchlist_path_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTICEWATCH_WATCHLIST", raising=False)
    assert watchlist_path() == Path("watchlist.toml")
    monkeypatch.setenv("NOTICEWATCH_WATCHLIST", "/etc/nw.toml")
    assert watchlist_path() == Path("/etc/nw.toml")
    assert watchlist_path("x.toml") == Path("x.toml")


def test_shipped_example_watchlist_is_valid() -> None:
    wl = load_watchlist(Path(__file__).parent.parent / "watchlist.toml")
    ids = {t.id for t in wl.targets}
    assert {"linkedin-eu", "linkedin-global"} <= ids


@pytest.mark.parametrize(
    ("text", "seconds", "cron"),
    [
        ("6h", 21600, None),
        ("1h30m", 5400, None),
        ("45s", 45, None),
        ("cron: 0 3 * * *", None, "0 3 * * *"),
    ],
)
def test_schedules(text: str, seconds: int | None, cron: str | None) -> None:
    schedule = parse_schedule(text)
    assert schedule.interval_seconds == seconds and schedule.cron == cron


@pytest.mark.parametrize("text", ["0s", "soon", "61 * * * *", ""])
def test_bad_schedules(text: str) -> None:
    with pytest.raises(ValueError):
        parse_schedule(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9999999d", "out of range: between 1m and 366d"),
        ("1s", "out of range: between 1m and 366d"),
        ("59s", "out of range"),
        ("367d", "out of range"),
        ("0 0 30 2 *", "does not fire at least once a year"),
        ("0 0 29 2 *", "does not fire at least once a year"),
    ],
)
def test_schedule_bounds(monkeypatch: pytest.MonkeyPatch, text: str, message: str) -> None:
    """Issue 10.3: a schedule the daemon cannot run, or that never fires, is a config error."""
    monkeypatch.delenv("NOTICEWATCH_MIN_INTERVAL", raising=False)
    with pytest.raises(ValueError, match=message):
        parse_schedule(text)


@pytest.mark.parametrize("text", ["1m", "366d", "52w", "0 0 1 1 *", "* * * * *"])
def test_schedule_bounds_admit(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.delenv("NOTICEWATCH_MIN_INTERVAL", raising=False)
    parse_schedule(text)


def test_validate_rejects_out_of_range_schedule(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("NOTICEWATCH_MIN_INTERVAL", raising=False)
    path = tmp_path / "w.toml"
    path.write_text('[[targets]]\nid = "a"\nurl = "https://example.org/"\nschedule = "9999999d"\n')
    with pytest.raises(
        ConfigErrors, match="target 'a': schedule: interval '9999999d' is out of range"
    ):
        load_watchlist(path)


# --------------------------------------------------------------------------- one order


def test_database_url_order_is_flag_env_watchlist_default(monkeypatch, tmp_path: Path) -> None:
    """Every entry point resolves the database the same way (storage.db.database_url)."""
    import argparse

    from monitor.cli.context import database_url as cli_url
    from storage.db import DEFAULT_DATABASE_URL, database_url

    monkeypatch.delenv("NOTICEWATCH_DATABASE_URL", raising=False)
    assert database_url() == DEFAULT_DATABASE_URL
    assert database_url(None, "sqlite:///watchlist.db") == "sqlite:///watchlist.db"
    monkeypatch.setenv("NOTICEWATCH_DATABASE_URL", "postgres://nw@env/db")
    assert database_url(None, "sqlite:///watchlist.db") == "postgresql+psycopg://nw@env/db"
    assert database_url("sqlite:///flag.db", "sqlite:///watchlist.db") == "sqlite:///flag.db"

    file = tmp_path / "w.toml"
    file.write_text('[settings]\ndatabase_url = "sqlite:///watchlist.db"\n', encoding="utf-8")
    watchlist = load_watchlist(file)
    assert cli_url(argparse.Namespace(database=None), watchlist) == "postgresql+psycopg://nw@env/db"
    monkeypatch.delenv("NOTICEWATCH_DATABASE_URL")
    assert cli_url(argparse.Namespace(database=None), watchlist) == "sqlite:///watchlist.db"
    assert cli_url(argparse.Namespace(database="sqlite:///f.db"), watchlist) == "sqlite:///f.db"


def test_settings_user_agent_and_contact_url_reach_the_crawl() -> None:
    settings = parse_watchlist(
        {"settings": {"contact_url": "https://example.org/c", "user_agent": "Acme-DPO/1.0"}}
    ).settings
    assert settings.crawl_settings() == {
        "NOTICEWATCH_CONTACT_URL": "https://example.org/c",
        "USER_AGENT": "Acme-DPO/1.0",
    }
    # A command-line flag about the User-Agent wins over both keys of the watchlist.
    assert settings.crawl_settings({"NOTICEWATCH_CONTACT_URL": "https://flag.example/"}) == {
        "NOTICEWATCH_CONTACT_URL": "https://flag.example/"
    }
    assert settings.crawl_settings({"LOG_LEVEL": "DEBUG"})["USER_AGENT"] == "Acme-DPO/1.0"


def test_settings_user_agent_must_be_one_line() -> None:
    with pytest.raises(ConfigErrors, match=r"settings\.user_agent"):
        parse_watchlist({"settings": {"user_agent": "a\r\nX-Injected: 1"}}, file="w.toml")


# --------------------------------------------------------------------------- issue 12 keys

PAGES = """
[defaults]
render = "browser"

[[targets]]
id = "spa"
url = "https://spa.example/privacy"
wait_for = "#notice p"

[[targets]]
id = "two-pages"
render = "static"
select = "main"
remove = ".ad"
urls = [
  "https://b.example/privacy",
  { url = "https://b.example/privacy/cookies", select = [{ start_after = "h1", end_before = "footer" }] },
]
"""


def test_render_wait_for_and_urls_make_targets(tmp_path: Path) -> None:
    from monitor.targets import Part, Range

    spa, pages = load_watchlist(write(tmp_path, PAGES)).targets
    assert (spa.render, spa.wait_for, spa.parts) == ("browser", "#notice p", ())
    assert pages.render == "static" and pages.url == "https://b.example/privacy"
    assert pages.parts == (
        Part("https://b.example/privacy", select=("main",), remove=(".ad",)),
        Part(
            "https://b.example/privacy/cookies",
            select=(Range(start_after="h1", end_before="footer"),),
            remove=(".ad",),
        ),
    )


def test_issue12_keys_report_file_target_and_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[targets]]
id = "both"
url = "https://a.example/"
urls = ["https://a.example/2"]
wait_for = "main"
filters = ["strip-dates"]

[[targets]]
id = "bad-parts"
render = "brower"
urls = [{ url = "ftp://x.example/", selct = "p" }, 3]
remove = [{ start_after = "h1", start_before = "h2" }, { start_after = "h1", end_after = "p[[" }]
""",
    )
    with pytest.raises(ConfigErrors) as info:
        load_watchlist(path)
    text = "\n".join(str(e) for e in info.value.errors)
    assert all(str(e).startswith(str(path)) for e in info.value.errors)
    assert "target 'both': urls: a target has either url (one page) or urls" in text
    assert "target 'both': wait_for: only works with render = \"browser\"" in text
    assert "target 'both': filters: unknown filter 'strip-dates'" in text
    assert "target 'bad-parts': render: 'brower' is not one of" in text
    assert "target 'bad-parts': urls[0].selct: unknown key (did you mean 'select'?)" in text
    assert "target 'bad-parts': urls[0].url: 'ftp://x.example/' is not an http(s) URL" in text
    assert "target 'bad-parts': urls[1]: must be a URL or an inline table" in text
    assert "remove[0]: a range needs exactly one start: start_before or start_after" in text
    assert "remove[0]: a range needs exactly one end" in text
    assert "remove[1].end_after: invalid CSS selector 'p[['" in text


def test_filters_are_checked_against_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from monitor.extract import filters

    monkeypatch.setitem(filters.FILTERS, "strip-dates", lambda tree: None)
    doc = '[[targets]]\nid = "a"\nurl = "https://a.example/"\nfilters = [{}]\n'
    (target,) = load_watchlist(write(tmp_path, doc.format('"strip-dates"'))).targets
    assert target.filters == ("strip-dates",)
    with pytest.raises(
        ConfigErrors, match=r"filters: unknown filter 'strip-date' \(did you mean 'strip-dates'\?\)"
    ):
        load_watchlist(write(tmp_path, doc.format('"strip-date"')))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab-_#.>* 1", min_size=1, max_size=12))
def test_a_selector_checked_without_soupsieve_is_one_soupsieve_accepts(selector: str) -> None:
    """The fast path for plain selectors (names, ids, classes, > and descendants) never
    lets through what the extractor (soupsieve) would reject."""
    import soupsieve

    from monitor.config import _PLAIN_SELECTOR

    if _PLAIN_SELECTOR.fullmatch(selector):
        soupsieve.compile(selector)


def test_plain_selectors_are_checked_without_importing_soupsieve() -> None:
    code = (
        "import sys\n"
        "from monitor.config import parse_watchlist\n"
        "target = {'id': 'a', 'url': 'https://example.org/p', 'remove': ['.banner'],\n"
        "          'select': ['main', 'div#content > article.notice']}\n"
        "parse_watchlist({'targets': [target]})\n"
        "print('soupsieve' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
