"""A notice read from several pages (``urls = [...]``): one body for the rest of noticewatch.

The crawler fetches the pages in order and packs their raw responses into one
body, a MIME-like envelope of type ``application/x-noticewatch-parts``: each
page's bytes exactly as received, after a few header lines saying where they came
from (``Content-Location``) and what they are (``Content-Type``). That envelope
is the fetch's body everywhere after the crawl: it is the snapshot (one blob, so
"the very bytes of the latest version" and ``accept`` work unchanged), and
reading it extracts every page with its own select/remove and joins the blocks
in order. The boundary is derived from the pages' bytes, so the same pages give
the same envelope byte for byte, and no page can contain it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from monitor.extract import ExtractionError, extract
from monitor.model import Document
from monitor.targets import Part, Target

#: The media type of a packed multi-page body (never sent by a server).
PARTS_TYPE = "application/x-noticewatch-parts"


@dataclass(frozen=True, slots=True)
class PageBody:
    """One page of a multi-page notice, as fetched."""

    url: str
    content_type: str | None
    body: bytes


def is_parts(content_type: str | None) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() == PARTS_TYPE


def pack(pages: Sequence[PageBody]) -> tuple[bytes, str]:
    """The envelope of ``pages`` and its content type (with the boundary)."""
    digest = hashlib.sha256()
    for page in pages:
        digest.update(hashlib.sha256(page.body).digest())
    boundary = "nwparts-" + digest.hexdigest()[:32]
    chunks: list[bytes] = []
    for page in pages:
        head = f"--{boundary}\r\nContent-Location: {_line(page.url)}\r\n"
        if page.content_type:
            head += f"Content-Type: {_line(page.content_type)}\r\n"
        chunks.append(head.encode("utf-8") + b"\r\n" + page.body + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"{PARTS_TYPE}; boundary={boundary}"


def unpack(body: bytes, content_type: str | None) -> list[PageBody]:
    """The pages of an envelope made by :func:`pack`; ValueError when it is not one."""
    boundary = ""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.lower() == "boundary":
            boundary = value.strip().strip('"')
    if not boundary:
        raise ValueError("a multi-page body without its boundary")
    delimiter = f"--{boundary}".encode()
    end = body.rfind(delimiter + b"--")
    if end < 0:
        raise ValueError("a truncated multi-page body")
    pages: list[PageBody] = []
    for chunk in body[:end].split(delimiter + b"\r\n")[1:]:
        head, sep, rest = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise ValueError("a multi-page body part without headers")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        pages.append(
            PageBody(
                url=headers.get("content-location", ""),
                content_type=headers.get("content-type"),
                body=rest[:-2] if rest.endswith(b"\r\n") else rest,
            )
        )
    return pages


def extract_parts(
    body: bytes, content_type: str | None, parts: Sequence[Part], *, language: str | None = None
) -> Document:
    """Read every page with its own select/remove and join them, in order, as one document.

    The pages are matched to ``parts`` by position; a page the target no longer
    lists (an old snapshot) is read with the last part's options.
    """
    try:
        pages = unpack(body, content_type)
    except ValueError as exc:
        raise ExtractionError(str(exc)) from None
    if not pages:
        raise ExtractionError("a multi-page body with no page")
    documents: list[Document] = []
    for index, page in enumerate(pages):
        part = parts[min(index, len(parts) - 1)] if parts else Part(url=page.url)
        try:
            documents.append(
                extract(
                    page.body,
                    page.content_type,
                    url=page.url,
                    select=part.select,
                    remove=part.remove,
                    language=language,
                )
            )
        except ExtractionError as exc:
            raise ExtractionError(f"page {index + 1} of {len(pages)} ({page.url}): {exc}") from None
    first = documents[0]
    return Document(
        blocks=tuple(block for document in documents for block in document.blocks),
        title=first.title,
        language=first.language,
        extractor_version=first.extractor_version,
        source_type=first.source_type,
    )


def read_notice(body: bytes, content_type: str | None, target: Target, url: str) -> Document:
    """The notice in a fetched body: one page, or a multi-page envelope (see the module docstring)."""
    if is_parts(content_type):
        return extract_parts(body, content_type, target.parts, language=target.language)
    return extract(
        body,
        content_type,
        url=url,
        select=target.select,
        remove=target.remove,
        language=target.language,
    )


def _line(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")
