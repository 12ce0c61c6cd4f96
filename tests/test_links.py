"""Link targets are part of the notice: normalized in the text, a link-only change is a version.

And the extractor upgrade that started writing them is silent: a notice recorded by
the previous extractor is re-extracted, never alerted as changed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import monitor.reading
import monitor.record
from monitor.analyze import analyze
from monitor.diff import compare
from monitor.extract import EXTRACTOR_VERSION, extract
from monitor.extract.links import link_target
from monitor.model import Document, Severity
from monitor.reading import read_document
from monitor.record import Recorder
from monitor.targets import Target
from storage import repo
from storage.db import Database
from tests.test_record import notice as fetched


@pytest.mark.parametrize(
    ("href", "target"),
    [
        (
            "https://Example.COM:443/privacy?utm_source=mail&utm_foo=1&id=7#top",
            "https://example.com/privacy?id=7#top",
        ),
        ("HTTP://example.com:80/a?fbclid=x", "http://example.com/a"),
        ("  /legal/\n\tcookies  ", "/legal/cookies"),
        ("mailto:DPO@Example.COM?subject=Request", "mailto:DPO@example.com"),
        ("tel:+49 (30) 1234-56", "tel:+4930123456"),
        ("//cdn.example.com/policy (v2).pdf", "//cdn.example.com/policy%20%28v2%29.pdf"),
        ("#section-3", "#section-3"),
        ("/cdn-cgi/l/email-protection#3e5a4e517e5b465f534e525b105d5153", "mailto:dpo@example.com"),
        ("javascript:void(0)", None),
        ("#", None),
        ("data:image/png;base64,AAAA", None),
        ("", None),
    ],
)
def test_link_targets_are_normalized(href: str, target: str | None) -> None:
    assert link_target(href) == target


def page(contact: str, extra: str = "") -> bytes:
    return (
        "<html><body><main><h1>Privacy</h1>"
        "<p>We collect your name, email address and IP address to provide the service.</p>"
        "<p>With your consent we show you personalised advertising based on your activity.</p>"
        f'<p>To object, use <a href="{contact}">our request form</a> or write to '
        '<a href="mailto:dpo@example.com">dpo@example.com</a>.</p>'
        f"{extra}</main></body></html>"
    ).encode()


def test_links_are_written_once_and_text_only_links_are_not_repeated() -> None:
    doc = extract(page("https://example.com/faq?utm_campaign=x#privacy"), "text/html")
    assert doc.lines[-1] == (
        "To object, use [our request form](https://example.com/faq#privacy) or write to dpo@example.com."
    )


def test_a_link_only_change_is_editorial_and_names_old_and_new_target() -> None:
    old = extract(page("https://example.com/faq#privacy"), "text/html")
    new = extract(page("https://example.com/request"), "text/html")
    change = compare(old, new, analyze(old), analyze(new))
    assert change.severity is Severity.EDITORIAL
    assert (
        change.summary
        == "links only: https://example.com/faq#privacy → https://example.com/request"
    )


def test_a_tracking_parameter_alone_is_no_change() -> None:
    old = extract(page("https://example.com/request"), "text/html")
    new = extract(page("https://example.com/request?utm_source=newsletter&gclid=1"), "text/html")
    assert old.text == new.text


def test_added_links_are_listed_and_counted() -> None:
    toc = "".join(f"<li>Part {i}</li>" for i in range(1, 6))
    linked = "".join(f'<li><a href="#p{i}">Part {i}</a></li>' for i in range(1, 6))
    old = extract(page("/request", f"<ol>{toc}</ol>"), "text/html")
    new = extract(page("/request", f"<ol>{linked}</ol>"), "text/html")
    change = compare(old, new, analyze(old), analyze(new))
    assert change.severity is Severity.EDITORIAL
    assert change.summary == "links only: + #p1; + #p2; + #p3 (and 2 more)"


def test_words_and_links_changed_is_an_ordinary_wording_change() -> None:
    old = extract(page("/faq"), "text/html")
    new = extract(page("/request").replace(b"our request form", b"the form"), "text/html")
    change = compare(old, new, analyze(old), analyze(new))
    assert change.summary.startswith("wording only")


# --------------------------------------------------------------------------- recording

URL = "http://127.0.0.1/privacy"
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")


def read_as_extractor_1(
    body: bytes, content_type: str | None, target: Target, url: str
) -> Document:
    """Reads pages as extractor 1 did: the same text without link targets."""
    doc = read_document(body, content_type, target, url)
    blocks = tuple(replace(b, text=_LINK.sub(r"\1", b.text)) for b in doc.blocks)
    return replace(doc, blocks=blocks, extractor_version="1")


def test_the_extractor_upgrade_is_silent_then_link_changes_are_versions(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = Target(id="acme", url=URL, language="en")
    with sqlite_database.session() as session:
        repo.sync_targets(session, [target])
    body = page("https://example.com/faq#privacy")

    with monkeypatch.context() as patched:
        patched.setattr(monitor.record, "EXTRACTOR_VERSION", "1")
        patched.setattr(monitor.reading, "read_document", read_as_extractor_1)
        old = Recorder(sqlite_database, [target])
        assert old.process(fetched(body)).outcome == "new_version"
        assert old.process(fetched(body)).outcome == "unchanged"

    recorder = Recorder(sqlite_database, [target])
    # The same bytes, read by the new extractor: recorded as a re-extraction, not a change.
    upgraded = recorder.process(fetched(body))
    assert (upgraded.outcome, upgraded.severity) == ("reextracted", Severity.REEXTRACTION)
    # Noise in the markup after the upgrade: unchanged.
    assert (
        recorder.process(fetched(body.replace(b"<main>", b"<main class=x>"))).outcome == "unchanged"
    )

    moved = recorder.process(fetched(page("https://example.com/request")))
    assert (moved.outcome, moved.severity) == ("new_version", Severity.EDITORIAL)
    assert moved.summary == (
        "links only: https://example.com/faq#privacy → https://example.com/request"
    )
    with sqlite_database.session() as session:
        row = repo.get_target(session, "acme")
        versions = repo.list_versions(session, row.id)
        assert [v.extractor_version for v in versions] == [
            "1",
            EXTRACTOR_VERSION,
            EXTRACTOR_VERSION,
        ]
        assert "[our request form](https://example.com/request)" in versions[-1].text


SNAPSHOTS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "snapshots"


@pytest.mark.parametrize(
    ("old", "new", "summary"),
    [
        (
            "0006.html",
            "0007.html",
            "links only: https://www.lovescout24.de/faq/#privacyRequest → https://www.lovescout24.de/request",
        ),
        ("0008.html", "0009.html", "links only: + #CH1; + #CH2; + #CH3 (and 9 more)"),
    ],
)
def test_the_corpus_link_only_changes_are_editorial_versions(
    old: str, new: str, summary: str
) -> None:
    folder = SNAPSHOTS / "LoveScout24"
    if not folder.is_dir():
        pytest.skip(f"the corpus snapshots are not here ({folder}): see shared/corpus/README.md")
    before = extract((folder / old).read_bytes(), "text/html", select=["#article_content"])
    after = extract((folder / new).read_bytes(), "text/html", select=["#article_content"])
    change = compare(before, after, analyze(before), analyze(after))
    assert (change.severity, change.summary) == (Severity.EDITORIAL, summary)


def test_a_range_target_with_a_filter_through_a_real_crawl(sqlite_database: Database) -> None:
    """Scrapy fetches a local page; the recorder reads it by a range and a filter (reading key
    included), and a link moved behind a redirector is recorded as a link-only version."""
    from crawler.items import FetchRequest
    from crawler.runner import crawl
    from monitor.targets import Range
    from tests.httpserver import NoticeServer, ReactorThread

    def served(destination: str) -> bytes:
        link = f"https://l.example.com/l.php?u={destination}&h=AT{destination[-3:]}"
        return page(
            "/request", f'<p id="x">Partners</p><p>See <a href="{link}">their policy</a>.</p>'
        )

    reactor = ReactorThread.get()
    with NoticeServer() as server:
        target = Target(
            id="acme",
            url=server.url("/privacy"),
            language="en",
            select=(Range(start_before="h1", end_before="#x"), "#x ~ p"),
            filters=("unwrap_redirect_links",),
            obey_robots=False,
            allow_private_networks=True,
        )
        with sqlite_database.session() as session:
            repo.sync_targets(session, [target])
        recorder = Recorder(sqlite_database, [target])
        fast = {"AUTOTHROTTLE_ENABLED": False, "RETRY_ENABLED": False}

        def check(body: bytes) -> object:
            server.set("/privacy", body)
            ((_notice, outcome),) = reactor.run(
                crawl([FetchRequest(target)], recorder, settings=fast)
            )
            return outcome

        first = check(served("https%3A%2F%2Fpartner.example%2Fp1"))
        assert first.outcome == "new_version"
        assert check(served("https%3A%2F%2Fpartner.example%2Fp1")).outcome == "unchanged"
        moved = check(served("https%3A%2F%2Fpartner.example%2Fp2"))
        assert (moved.outcome, moved.severity) == ("new_version", Severity.EDITORIAL)
        assert (
            moved.summary == "links only: https://partner.example/p1 → https://partner.example/p2"
        )
    with sqlite_database.session() as session:
        text = repo.latest_version(session, repo.get_target(session, "acme").id).text
    assert "Partners" not in text  # the range ends before it
    assert text.endswith("See [their policy](https://partner.example/p2).")
