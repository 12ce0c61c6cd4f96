"""Request fingerprints that keep regional variants of one URL apart.

Scrapy's default fingerprint is the canonical URL, method and body: headers,
cookies and proxy are ignored. A platform serving its EU and US notices at the
same URL (chosen by Accept-Language, a cookie or the proxy's country) would then
be one request to the dupe filter, and one entry in any fingerprint-keyed cache.
The target id names the variant, so it joins the fingerprint.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from scrapy.utils.request import RequestFingerprinter

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

#: Request meta key holding the watchlist target id.
TARGET_ID_META = "target_id"


class TargetRequestFingerprinter:
    """Scrapy's fingerprint, extended with the request's target id when it has one."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TargetRequestFingerprinter:
        return cls(crawler)

    def __init__(self, crawler: Crawler | None = None) -> None:
        self._default = RequestFingerprinter(crawler)

    def fingerprint(self, request: Request) -> bytes:
        base = self._default.fingerprint(request)
        target_id = request.meta.get(TARGET_ID_META)
        if target_id is None:
            # robots.txt and other requests that belong to no target keep Scrapy's fingerprint.
            return base
        return hashlib.sha1(base + b"\x00target\x00" + str(target_id).encode("utf-8")).digest()
