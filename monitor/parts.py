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

Conditional GET works per page: each page's ETag / Last-Modified are kept in the
envelope and sent back with the next check of that page. When every page answers
304 the check is "not modified"; when only some do, the recorder fills those in
from the last version's envelope (:func:`fill`) and reads the whole notice again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

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
    #: The page's validators, sent back with the next check (a conditional GET per page).
    etag: str | None = None
    last_modified: str | None = None
    #: The page answered 304: its bytes are the last version's (see :func:`fill`).
    not_modified: bool = False


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
        for name, value in (
            ("Content-Type", page.content_type),
            ("ETag", page.etag),
            ("Last-Modified", page.last_modified),
            ("Status", "304" if page.not_modified else None),
        ):
            if value:
                head += f"{name}: {_line(value)}\r\n"
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
                etag=headers.get("etag"),
                last_modified=headers.get("last-modified"),
                not_modified=headers.get("status") == "304",
            )
        )
    return pages


def validators(body: bytes, content_type: str | None, parts: Sequence[Part]) -> tuple[Any, ...]:
    """Each page's (etag, last_modified) from the last version's envelope, for a conditional GET.

    Empty when that envelope is not of these very pages (the target's urls changed):
    every page is then fetched in full.
    """
    if not is_parts(content_type):
        return ()
    try:
        pages = unpack(body, content_type)
    except ValueError:
        return ()
    if [page.url for page in pages] != [part.url for part in parts]:
        return ()
    return tuple((page.etag, page.last_modified) for page in pages)


def needs_fill(body: bytes, content_type: str | None) -> bool:
    """Some page of this envelope answered 304 and has no bytes of its own yet."""
    if not is_parts(content_type):
        return False
    try:
        return any(page.not_modified for page in unpack(body, content_type))
    except ValueError:
        return False


def fill(
    body: bytes, content_type: str | None, previous: bytes, previous_type: str | None
) -> tuple[bytes, str]:
    """The envelope with each 304 page replaced by that page as the last version has it.

    ValueError when the last version has no copy of such a page (it then cannot be read).
    """
    pages = unpack(body, content_type)
    try:
        kept = {page.url: page for page in unpack(previous, previous_type)}
    except ValueError:
        kept = {}
    filled = []
    for index, page in enumerate(pages):
        if page.not_modified:
            old = kept.get(page.url)
            if old is None or old.not_modified:
                raise ValueError(
                    f"page {index + 1} of {len(pages)} ({page.url}) answered 304 Not Modified "
                    "and the last version has no copy of it"
                )
            page = replace(
                old,
                etag=page.etag or old.etag,
                last_modified=page.last_modified or old.last_modified,
            )
        filled.append(page)
    return pack(filled)


def extract_parts(
    body: bytes,
    content_type: str | None,
    parts: Sequence[Part],
    *,
    language: str | None = None,
    filters: Sequence[str] = (),
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
                    filters=filters,
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
        return extract_parts(
            body, content_type, target.parts, language=target.language, filters=target.filters
        )
    return extract(
        body,
        content_type,
        url=url,
        select=target.select,
        remove=target.remove,
        filters=target.filters,
        language=target.language,
    )


def _line(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")
