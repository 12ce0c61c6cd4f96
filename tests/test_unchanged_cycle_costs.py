"""What an unchanged recrawl no longer pays for, with the same results (issue 11).

Each cut is checked for what it must keep: a selector checked once still fails every
target that uses it; Scrapy's deprecated aliases keep their module; the statistics
collector keeps Scrapy's statistics; start-up and the reactor give the garbage
collector back as they found it.
"""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from monitor.config import parse_watchlist
from monitor.errors import ConfigErrors


def test_a_bad_selector_shared_by_targets_fails_each_of_them() -> None:
    raw = {
        "defaults": {"select": ["p[["]},
        "targets": [
            {"id": "one", "url": "https://one.example/privacy"},
            {"id": "two", "url": "https://two.example/privacy"},
        ],
    }
    with pytest.raises(ConfigErrors) as info:
        parse_watchlist(raw)
    text = str(info.value)
    for target in ("one", "two"):
        assert f"target '{target}': select: invalid CSS selector 'p[['" in text


def test_shared_good_selectors_still_parse() -> None:
    raw = {
        "defaults": {"select": ["main"], "remove": [".banner"]},
        "targets": [{"id": f"t{i}", "url": f"https://t{i}.example/p"} for i in range(3)],
    }
    targets = parse_watchlist(raw).targets
    assert [t.select for t in targets] == [("main",)] * 3
    assert [t.remove for t in targets] == [(".banner",)] * 3


ALIASES_PROBE = """
import inspect
getmodule, stack = inspect.getmodule, inspect.stack
import crawler.scrapy_http
from scrapy.core.downloader import contextfactory, tls
assert (inspect.getmodule, inspect.stack) == (getmodule, stack)
print(contextfactory.ScrapyClientContextFactory.__module__)
print(contextfactory.AcceptableProtocolsContextFactory.__module__)
print(tls.ScrapyClientTLSOptions.__module__)
"""


def test_the_context_factory_aliases_keep_their_module_and_inspect_is_restored() -> None:
    out = subprocess.run(
        [sys.executable, "-c", ALIASES_PROBE], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == [
        "scrapy.core.downloader.contextfactory",
        "scrapy.core.downloader.contextfactory",
        "scrapy.core.downloader.tls",
    ]


def test_the_crawls_statistics_are_scrapys_without_the_lookup_hook() -> None:
    import scrapy
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from crawler.runner import crawl_settings
    from crawler.stats import PlainStatsCollector

    assert crawl_settings()["STATS_CLASS"] == "crawler.stats.PlainStatsCollector"
    stats = PlainStatsCollector(get_crawler(scrapy.Spider))
    assert isinstance(stats, MemoryStatsCollector)
    assert type(stats).__getattribute__ is object.__getattribute__
    stats.inc_value("responses")
    stats.inc_value("responses", 2)
    stats.max_value("largest", 3)
    stats.max_value("largest", 2)
    stats.set_value("finish_reason", "finished")
    assert stats.get_stats() == {"responses": 3, "largest": 3, "finish_reason": "finished"}
    assert stats.get_value("finish_reason") == "finished"


@pytest.mark.parametrize("enabled", [True, False])
def test_start_up_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    from monitor.codec import gc_paused  # what recrawl's start-up runs under

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), gc_paused():
            raise RuntimeError("start-up failed")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
