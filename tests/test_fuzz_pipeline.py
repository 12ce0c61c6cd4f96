"""Fuzzing extract -> check -> analyze -> diff, and the recorder on top (issue 10).

Two properties, over bytes a hostile or broken server could send:

- **never crashes**: any body, any declared type, gives a Document or an
  ``ExtractionError``; a Document is analysed and diffed against a real notice
  without an exception;
- **never records a version from undecodable bytes**: a body that is not text
  (random bytes, compressed data without ``Content-Encoding``, text in the wrong
  charset) fetched after a good version is never a new version.

CI runs a bounded number of examples; ``bench/fuzz_pipeline.py`` runs many more
with the same properties (``check_*`` below).
"""

from __future__ import annotations

import random
import tempfile
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import brotli
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.items import FetchedNotice
from monitor.analyze import analyze
from monitor.diff import compare
from monitor.extract import ExtractionError, extract
from monitor.record import Recorder
from monitor.targets import Target
from storage import repo
from storage.db import open_database
from tests.test_hardening_fetch import GOOD, PARAGRAPHS_FR, notice

CONTENT_TYPES = st.sampled_from(
    [
        None,
        "text/html",
        "text/html; charset=utf-8",
        "text/html; charset=iso-8859-1",
        "text/html; charset=shift_jis",
        "text/html; charset=bogus",
        "text/plain",
        "text/plain; charset=utf-16",
        "text/markdown",
        "application/pdf",
        "application/octet-stream",
        "application/xhtml+xml",
    ]
)

_TAGS = ["p", "h1", "h2", "li", "td", "th", "main", "div", "table", "tr", "ul", "script", "br"]


@st.composite
def html_like(draw: st.DrawFn) -> bytes:
    """Markup soup: real tags, broken tags, entities, odd characters, real notice sentences."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            tag = draw(st.sampled_from(_TAGS))
            parts.append(f"<{tag}>" if draw(st.booleans()) else f"</{tag}>")
        elif kind == 1:
            parts.append(draw(st.text(max_size=80)))
        elif kind == 2:
            parts.append(draw(st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&nbsp;", "&bogus;"])))
        elif kind == 3:
            parts.append(draw(st.sampled_from(PARAGRAPHS_FR)))
        else:
            parts.append(GOOD[draw(st.integers(0, len(GOOD))) :][: draw(st.integers(0, 400))])
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"]))
    return "".join(parts).encode(encoding, errors="replace")


@st.composite
def undecodable(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """Bytes that are not the text they claim to be."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    size = draw(st.integers(1_000, 20_000))
    kind = draw(st.integers(0, 4))
    page = GOOD.replace("Section", f"Part {rng.random()}")
    if kind == 0:
        body = bytes(rng.randrange(0x80, 0x100) for _ in range(size))
    elif kind == 1:
        body = bytes(rng.randrange(0, 0x100) for _ in range(size))
    elif kind == 2:
        body = zlib.compress(page.encode())[2:-4]
    elif kind == 3:
        body = brotli.compress(page.encode())
    else:
        body = notice(PARAGRAPHS_FR, lang="fr").encode("latin-1")
        return body, draw(
            st.sampled_from(["text/html; charset=utf-8", "text/plain; charset=utf-8"])
        )
    return body, draw(CONTENT_TYPES.filter(lambda c: c != "application/pdf"))


BODIES = st.one_of(st.binary(max_size=4_000), html_like())


# --------------------------------------------------------------------------- the properties

_BASE = extract(GOOD.encode(), "text/html")
_BASE_FACTS = analyze(_BASE)


def check_never_crashes(body: bytes, content_type: str | None) -> None:
    try:
        document = extract(body, content_type)
    except ExtractionError:
        return
    facts = analyze(document)
    compare(_BASE, document, _BASE_FACTS, facts)
    compare(document, _BASE, facts, _BASE_FACTS)


class Pipeline:
    """A recorder on a throwaway SQLite database, with one good version recorded."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory()
        self.database = open_database(f"sqlite:///{Path(self._dir.name) / 'fuzz.db'}")
        self.target = Target(id="fuzz", url="http://127.0.0.1/privacy")
        with self.database.session() as session:
            repo.sync_targets(session, [self.target])
        self.recorder = Recorder(self.database, [self.target])
        first = self.recorder.process(self.notice(GOOD.encode(), "text/html; charset=utf-8"))
        assert first.outcome == "new_version", first

    def notice(self, body: bytes, content_type: str | None) -> FetchedNotice:
        headers = {"content-type": content_type} if content_type else {}
        return FetchedNotice(
            target_id="fuzz",
            url=self.target.url,
            final_url=self.target.url,
            status=200,
            headers=headers,
            body=body,
            fetched_at=datetime.now(UTC),
            duration_ms=1.0,
            crawl_id="fuzz",
        )

    def close(self) -> None:
        self.database.dispose()
        self._dir.cleanup()


def check_never_a_version(pipeline: Pipeline, body: bytes, content_type: str | None) -> None:
    outcome = pipeline.recorder.process(pipeline.notice(body, content_type))
    assert outcome.outcome in {"anomaly", "failed"}, (outcome, body[:60], content_type)


# --------------------------------------------------------------------------- CI: bounded

CI = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))


@CI
@given(body=BODIES, content_type=CONTENT_TYPES)
def test_never_crashes(body: bytes, content_type: str | None) -> None:
    check_never_crashes(body, content_type)


@pytest.fixture(scope="module")
def pipeline() -> Iterator[Pipeline]:
    made = Pipeline()
    yield made
    made.close()


@CI
@given(case=undecodable())
def test_never_records_a_version_from_undecodable_bytes(
    pipeline: Pipeline, case: tuple[bytes, str | None]
) -> None:
    check_never_a_version(pipeline, *case)
