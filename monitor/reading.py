"""Reading a fetched page: extract, check, analyse. The CPU work of a check, in any process.

The recorder (``monitor.record``) runs :func:`read_page` in the crawl's process
or hands it to a reader process (``crawler.readers``). This module imports only
what reading needs (the extractor, the checks, the analyzer), not storage or
SQLAlchemy: a reader process starts faster and stays smaller (it imports the
module of the function it runs).
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.analyze import analyze
from monitor.check import Anomaly, check_document
from monitor.extract.decode import decoding_problem
from monitor.jsontext import EncodedFacts
from monitor.model import Document, text_sha256
from monitor.parts import read_notice
from monitor.targets import Target


def read_document(body: bytes, content_type: str | None, target: Target, url: str) -> Document:
    """How noticewatch reads a fetched body as ``target``'s notice: the one way, for every caller.

    Recording a fetch (here or in a reader process, through :func:`read_page`),
    re-reading an old snapshot for a newer extractor, and ``accept`` all read
    through this function, so a body always gives the same document.
    """
    return read_notice(body, content_type, target, url)


@dataclass(frozen=True, slots=True)
class LatestText:
    """The latest version, as :func:`read_page` needs it: its number, text hash and text."""

    number: int
    text_sha256: str
    text: str


@dataclass(frozen=True, slots=True)
class Checked:
    """The anomaly check of a read page against version ``against`` (None: the first)."""

    against: int | None
    anomaly: Anomaly | None


@dataclass(frozen=True, slots=True)
class PageReading:
    """What :func:`read_page` found: the document, its facts, its anomaly check."""

    document: Document
    #: None when the text is the latest version's (it will be "unchanged": no facts needed).
    #: Encoded as the version row stores them, here (see :class:`EncodedFacts`).
    facts: EncodedFacts | None
    #: None when the latest version is not a trusted one: the recorder checks then.
    checked: Checked | None = None


def read_page(
    body: bytes,
    content_type: str | None,
    target: Target,
    url: str,
    latest: LatestText | None = None,
) -> PageReading:
    """Read one fetched page: extract, check, analyse. The CPU work of a check, run in a reader.

    The anomaly check compares with ``latest``, the target's latest version, when
    that is a trusted text (else the recorder finds the last trusted one and checks
    there). A page whose text is ``latest``'s is not analysed: the recorder logs
    it as unchanged without facts. Raises ExtractionError like
    :func:`read_document`. A module-level function of plain data, so the pipeline
    can run it in another process (``crawler.readers``).
    """
    document = read_document(body, content_type, target, url)
    checked = None
    if latest is None or decoding_problem(latest.text) is None:
        anomaly = check_document(
            document,
            previous_text=latest.text if latest is not None else None,
            max_shrink=target.max_shrink,
            min_chars=target.min_chars,
        )
        checked = Checked(latest.number if latest is not None else None, anomaly)
    if latest is not None and text_sha256(document.text) == latest.text_sha256:
        return PageReading(document, None, checked)
    facts = EncodedFacts.of(analyze(document, language=target.language))
    return PageReading(document, facts, checked)
