"""The spider knows each site's proxy and private-network permission as Scrapy names the site.

It finds the (scheme, netloc) Scrapy will request once per site as written (IDN hosts
in punycode, the scheme lowercased ...), not once per target: these must be what a
request of each target's own URL gives.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy
from scrapy.utils.test import get_crawler

from crawler.items import FetchRequest
from crawler.spiders.notices import NoticeSpider, _site
from monitor.targets import Target

URLS = [
    "http://bücher.example/privacy",
    "http://bücher.example/cookies?lang=de",
    "HTTP://Example.COM:8080/a b",
    "https://example.com/privacy#top",
    "https://user@example.com/privacy",
    "http://[::1]:8080/notice",
    "http://127.0.0.1:9/notice/1",
    "http://127.0.0.1:9/notice/2",
]


def test_each_site_is_named_as_a_request_of_each_url_names_it() -> None:
    known: dict[tuple[str, str], tuple[str, str] | None] = {}
    for url in URLS:
        parts = urlsplit(scrapy.Request(url).url)
        assert _site(url, known) == (parts.scheme, parts.netloc), url
    assert len(known) == len(URLS) - 2  # two URLs share a site with the one before them
    assert _site("not a url", known) is None
    assert _site("http://[::1/broken", known) is None


def test_the_spider_knows_proxies_and_private_sites_by_site() -> None:
    targets = [
        Target(id="de-1", url=URLS[0], proxy="http://proxy.example:3128"),
        Target(id="de-2", url=URLS[1], proxy="http://other.example:3128"),
        Target(id="local", url=URLS[6], allow_private_networks=True),
        Target(id="public", url=URLS[3]),
    ]
    crawler = get_crawler(NoticeSpider, {"ROBOTSTXT_OBEY": False})
    spider = NoticeSpider.from_crawler(
        crawler, fetch_requests=[FetchRequest(target=t) for t in targets]
    )
    # The first target on a site names its proxy (robots.txt goes through it).
    assert spider.proxy_for_site("http", "xn--bcher-kva.example") == "http://proxy.example:3128"
    assert spider.proxy_for_site("https", "example.com") is None
    assert spider.allows_private_site("http", "127.0.0.1:9")
    assert not spider.allows_private_site("https", "example.com")
    assert not spider.allows_private_site("http", "xn--bcher-kva.example")
