"""Is this fetch a real notice? A failed fetch is never a change.

An error page, a bot wall, a login page, an empty body or a page that lost
most of its text would each look like "the notice changed" to a text diff.
These checks run before a version is recorded; anything they flag is logged on
the fetch as an anomaly and the stored version stays as it is.

``check_response`` looks at the HTTP status and the raw bytes (before
extraction); ``check_document`` at the extracted text, optionally against the
length of the previous version. The wall phrases live in
``monitor/extract/walls.toml`` so a reviewer can add a language or a vendor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from monitor.extract import data
from monitor.extract.decode import decoding_problem
from monitor.model import Document

#: Anomaly kinds, for the fetch log and incident reports.
HTTP_ERROR = "http_error"
EMPTY = "empty"
TOO_SHORT = "too_short"
BOT_WALL = "bot_wall"
LOGIN_WALL = "login_wall"
SHRUNK = "shrunk"
NOT_HTML = "not_html"
EXTRACTION_FAILED = "extraction_failed"
UNDECODABLE = "undecodable"
LANGUAGE_FLIP = "language_flip"
MOVED = "moved"
NEEDS_BROWSER = "needs_browser"
KINDS = (
    HTTP_ERROR,
    EMPTY,
    TOO_SHORT,
    BOT_WALL,
    LOGIN_WALL,
    SHRUNK,
    NOT_HTML,
    EXTRACTION_FAILED,
    UNDECODABLE,
    LANGUAGE_FLIP,
    MOVED,
    NEEDS_BROWSER,
)
#: The default floor of a notice's text, in characters (per target: ``min_chars``).
DEFAULT_MIN_CHARS = 200
#: Enough stopwords to say which language a text is in (see ``language_flip``).
_CONFIDENT_LANGUAGE = 20


@dataclass(frozen=True)
class Anomaly:
    """Why a fetch did not give a notice: ``kind`` is one of ``KINDS``, ``reason`` is for people."""

    kind: str
    reason: str


# --------------------------------------------------------------------------- raw response

#: Media types that cannot be a notice, whatever the bytes look like.
_BINARY_TYPES = ("image/", "audio/", "video/", "font/")
_BINARY_EXACT = frozenset(
    {
        "application/octet-stream",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "application/x-7z-compressed",
        "application/vnd.ms-excel",
        "application/x-shockwave-flash",
        "application/wasm",
    }
)
#: Magic numbers of compressed or binary payloads (an undecoded gzip body, a zip, an image).
_MAGIC = (
    b"\x1f\x8b",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"RIFF",
    b"\x00asm",
    b"7z\xbc\xaf",
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")


def _looks_binary(body: bytes) -> bool:
    """Binary garbage: a known magic number, or many control bytes in the first 4 KB."""
    head = body[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs by design
        return False
    if head.startswith(_MAGIC):
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls > 0.1 * len(head)


def check_response(status: int | None, content_type: str | None, body: bytes) -> Anomaly | None:
    """HTTP errors, empty bodies and binary payloads; None when the response may hold a notice.

    304 Not Modified is not an anomaly (the caller records "not modified");
    a status of None means the body did not come over HTTP (a file, a replay).
    """
    if status is not None and status != 304 and not 200 <= status < 300:
        return Anomaly(HTTP_ERROR, f"HTTP status {status}")
    if status == 304:
        return None
    if not body.strip():
        return Anomaly(EMPTY, "empty response body")
    if body.lstrip()[:5] == b"%PDF-" or b"%PDF-" in body[:1024]:
        return None
    media = (content_type or "").split(";", 1)[0].strip().lower()
    # An image/audio/video type is never a notice; application/octet-stream often is mislabelled text.
    if media.startswith(_BINARY_TYPES) or (media in _BINARY_EXACT and _looks_binary(body)):
        return Anomaly(NOT_HTML, f"not a notice: {media} body")
    if _looks_binary(body):
        return Anomaly(NOT_HTML, "not a notice: the body is binary data")
    return None


def check_redirect(status: int | None, headers: Any, url: str) -> Anomaly | None:
    """A redirect the crawler did not follow (to another host): the notice moved."""
    from urllib.parse import urljoin

    location = (headers or {}).get("location")
    if status not in {301, 302, 303, 307, 308} or not location:
        return None
    moved = urljoin(url, location)
    return Anomaly(
        MOVED,
        f"moved to {moved} (another host: update the target's url, "
        'or set follow_redirects = "any")',
    )


def moved_host(url: str, final_url: str | None) -> str | None:
    """The host a followed redirect ended on, when it is not the target's own host."""
    from urllib.parse import urlsplit

    from crawler.middlewares import same_host

    if not final_url:
        return None
    asked, answered = urlsplit(url).hostname, urlsplit(final_url).hostname
    return None if same_host(asked, answered) else answered


# --------------------------------------------------------------------------- extracted document


@cache
def _walls() -> dict[str, Any]:
    raw = data.load("walls.toml")
    return {
        "max_chars": int(raw["rules"]["max_chars"]),
        "min_share": float(raw["rules"]["min_share"]),
        BOT_WALL: (
            tuple(t.lower() for t in raw["bot_wall"]["titles"]),
            tuple(p.lower() for p in raw["bot_wall"]["phrases"]),
        ),
        LOGIN_WALL: (
            tuple(t.lower() for t in raw["login_wall"]["titles"]),
            tuple(p.lower() for p in raw["login_wall"]["phrases"]),
        ),
    }


def _fold(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def _wall(document: Document, kind: str, min_chars: int) -> str | None:
    """The phrase or title that makes this short document a wall of ``kind``, if any."""
    rules = _walls()
    titles, phrases = rules[kind]
    texts = [_fold(block.text) for block in document.blocks]
    total = sum(len(t) for t in texts)
    if total > rules["max_chars"]:
        return None
    title = _fold(document.title or "")
    for prefix in titles:
        if title.startswith(prefix):
            return f"title {document.title!r}"
    found: list[str] = []
    walled = 0
    for text in texts:
        hits = [p for p in phrases if p in text]
        if hits:
            found.extend(hits)
            walled += len(text)
    if not found:
        return None
    if total < min_chars or walled >= rules["min_share"] * total:
        return ", ".join(repr(p) for p in dict.fromkeys(found))
    return None


def check_document(
    document: Document,
    *,
    previous_chars: int | None = None,
    previous_text: str | None = None,
    max_shrink: float = 0.5,
    min_chars: int = DEFAULT_MIN_CHARS,
) -> Anomaly | None:
    """Undecodable, empty, too short, a wall, shrunk or in another language; None for a notice.

    ``previous_text`` is the text of the last *trusted* version (see
    ``monitor.record``); ``previous_chars`` its length, when the text itself is
    not at hand. A text shorter than ``(1 - max_shrink)`` of it is taken for a
    broken page (a partial render, an error template) rather than a notice that
    lost half of itself overnight; a text whose language is not the previous
    one's is taken for a wrong page or a wrong decoding. Short pages dominated by
    challenge or sign-in phrases are walls; a long notice that mentions CAPTCHAs
    or signing in is not. A person accepts a flagged fetch with ``noticewatch accept``.
    """
    chars = len(document.text)
    if not document.blocks or chars == 0:
        return Anomaly(EMPTY, "no text extracted")
    problem = decoding_problem(document.text)
    if problem:
        return Anomaly(UNDECODABLE, f"not decodable as text: {problem}")
    for kind, label in ((BOT_WALL, "bot wall"), (LOGIN_WALL, "login wall")):
        evidence = _wall(document, kind, min_chars)
        if evidence:
            return Anomaly(kind, f"{label}: {evidence}")
    if chars < min_chars:
        return Anomaly(TOO_SHORT, f"only {chars} characters of text (fewer than {min_chars})")
    if previous_text is not None:
        previous_chars = len(previous_text)
    if previous_chars and chars < (1 - max_shrink) * previous_chars:
        return Anomaly(
            SHRUNK,
            f"text shrank from {previous_chars} to {chars} characters "
            f"(more than {max_shrink:.0%} lost)",
        )
    if previous_text is not None:
        flip = language_flip(previous_text, document.text)
        if flip:
            return Anomaly(LANGUAGE_FLIP, flip)
    return None


def language_flip(old: str, new: str) -> str | None:
    """ "the text is in es, no longer in en" when both are confidently in different languages."""
    from monitor.analyze.language import language_scores

    before, after = language_scores(old), language_scores(new)
    was = max(before, key=before.__getitem__)
    now = max(after, key=after.__getitem__)
    if was == now or before[was] < _CONFIDENT_LANGUAGE or after[now] < _CONFIDENT_LANGUAGE:
        return None
    if after[was] * 4 > after[now]:  # still plainly in the old language too (a bilingual page)
        return None
    return f"language flip: the text is in {now}, no longer in {was}"


def check_wall(
    body: bytes,
    content_type: str | None,
    *,
    url: str | None = None,
    min_chars: int = DEFAULT_MIN_CHARS,
) -> Anomaly | None:
    """A bot or login wall in ``body``, read without the target's selectors; None if it is not one.

    Challenge pages come with any status (200, 403, 429, 503): a wall behind an
    error status is still a wall ("blocked"), not a failing site.
    """
    from monitor.extract import ExtractionError, extract

    if not body.strip() or len(body) > _WALL_MAX_BYTES:
        return None
    try:
        document = extract(body, content_type, url=url)
    except ExtractionError:
        return None
    if not document.blocks:
        return None
    for kind, label in ((BOT_WALL, "bot wall"), (LOGIN_WALL, "login wall")):
        evidence = _wall(document, kind, min_chars)
        if evidence:
            return Anomaly(kind, f"{label}: {evidence}")
    return None


#: A challenge page is small; a larger error body is not read for walls.
_WALL_MAX_BYTES = 512 * 1024


def check_extraction_failure(
    body: bytes,
    content_type: str | None,
    error: Exception,
    *,
    url: str | None = None,
    min_chars: int = DEFAULT_MIN_CHARS,
) -> Anomaly:
    """The anomaly for an extraction that failed, naming a bot or login wall when that is the cause.

    A target's selectors match nothing on a challenge page, so "selector matched
    nothing" alone would hide the real problem; the page is read again without
    selectors to tell a wall from a redesigned page.
    """
    wall = check_wall(body, content_type, url=url, min_chars=min_chars)
    if wall is not None:
        return wall
    return Anomaly(EXTRACTION_FAILED, f"could not extract the notice: {error}")


# --------------------------------------------------------------------------- pages built by scripts

#: The reason given when a static fetch is an application shell.
NEEDS_BROWSER_REASON = 'this page needs a browser: set render = "browser"'
#: Root elements single-page applications mount into.
_SHELL_ROOT = re.compile(
    rb"<(?:div|main|section)\b[^>]*\bid\s*=\s*[\"']?(?:app|root|__next|__nuxt|q-app|svelte)[\"'\s>]"
    rb"|<app-root\b|\bng-app\b|\bdata-reactroot\b",
    re.IGNORECASE,
)
_NOSCRIPT = re.compile(rb"<noscript\b[^>]*>(.*?)</noscript>", re.IGNORECASE | re.DOTALL)
_ASKS_FOR_SCRIPTS = re.compile(rb"javascript|enable\s+js|\bjs\b", re.IGNORECASE)
_INVISIBLE = re.compile(
    rb"<(script|style|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(rb"<[^>]*>")
#: An application shell carries little text of its own (characters, tags and scripts removed).
_SHELL_MAX_TEXT = 1000


def looks_like_app_shell(body: bytes) -> bool:
    """A page whose notice is built by scripts: little text, a mount point or a <noscript> plea.

    Fetched without a browser, such a page is an empty shell; the anomaly then
    says what to do instead of "too short".
    """
    head = body[:2_000_000]
    text = _TAG.sub(b" ", _INVISIBLE.sub(b" ", head))
    if len(b" ".join(text.split())) > _SHELL_MAX_TEXT:
        return False
    if _SHELL_ROOT.search(head):
        return True
    return any(_ASKS_FOR_SCRIPTS.search(inner) for inner in _NOSCRIPT.findall(head))


def browser_hint(anomaly: Anomaly, body: bytes, render: str = "static") -> Anomaly:
    """``anomaly`` for a static fetch, or "this page needs a browser" when the body is an app shell."""
    if render != "static" or anomaly.kind not in {EMPTY, TOO_SHORT, EXTRACTION_FAILED}:
        return anomaly
    if not looks_like_app_shell(body):
        return anomaly
    return Anomaly(NEEDS_BROWSER, f"{NEEDS_BROWSER_REASON}; {anomaly.reason}")
