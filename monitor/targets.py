"""A watched notice, as the rest of noticewatch sees it once the watchlist is validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Range:
    """A stretch of a page between two landmarks, for pages whose notice has no element of its own.

    Exactly one start (``start_before`` / ``start_after``) and one end (``end_before`` /
    ``end_after``) are CSS selectors; the range runs in document order between them.
    Open Terms Archive's ``startBefore`` ... ``endAfter`` objects map one to one.
    """

    start_before: str | None = None
    start_after: str | None = None
    end_before: str | None = None
    end_after: str | None = None


#: A ``select`` or ``remove`` entry: a CSS selector or a range between two of them.
Selector = str | Range


def selector_key(selector: Selector) -> str | dict[str, str]:
    """A selector as plain JSON (a CSS string, or the range's set landmarks), for keys and output."""
    if isinstance(selector, str):
        return selector
    return {k: v for k in Range.__slots__ if (v := getattr(selector, k))}


@dataclass(frozen=True, slots=True)
class Part:
    """One page of a notice that is read as several pages in order (``urls = [...]``)."""

    url: str
    select: tuple[Selector, ...] = ()
    remove: tuple[Selector, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """One notice to watch: where to fetch it and how to read it."""

    id: str
    url: str
    service: str = ""
    document: str = "Privacy Policy"
    region: str | None = None
    #: ISO 639-1; None means "detect from the text".
    language: str | None = None
    #: CSS selectors for the notice's content; empty means automatic main-content choice.
    select: tuple[Selector, ...] = ()
    #: CSS selectors removed before extraction (banners, menus ...).
    remove: tuple[Selector, ...] = ()
    headers: Mapping[str, str] = field(default_factory=_empty, hash=False)
    cookies: Mapping[str, str] = field(default_factory=_empty, hash=False)
    proxy: str | None = None
    #: "6h", "30m", "1d" (interval) or a 5-field cron expression; used by the daemon.
    schedule: str = "6h"
    enabled: bool = True
    obey_robots: bool = True
    #: Download timeout in seconds.
    timeout: float = 30.0
    #: A new text shorter than this share of the previous version is an anomaly, not a change.
    max_shrink: float = 0.5
    #: A text shorter than this many characters is an anomaly ("too short"), not a notice.
    min_chars: int = 200
    #: Redirects followed: "same-host" (a move to another host is an anomaly) or "any".
    follow_redirects: str = "same-host"
    #: Fetch from loopback, private, link-local and metadata addresses (intranet notices).
    allow_private_networks: bool = False
    tags: tuple[str, ...] = ()
    #: "static" (the plain downloader) or "browser" (rendered in Chromium, for pages built by scripts).
    render: str = "static"
    #: With render = "browser": a CSS selector the page must show before it is read.
    wait_for: str | None = None
    #: Several pages read as one notice, in order; empty means the one page at ``url``.
    parts: tuple[Part, ...] = ()
    #: Named cleaning steps of ``monitor.extract.filters`` applied after select/remove.
    filters: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Human name: "LinkedIn — EU Privacy Policy"."""
        parts = [self.service or self.id]
        doc = " ".join(p for p in (self.region, self.document) if p)
        return f"{parts[0]} — {doc}" if doc else parts[0]
