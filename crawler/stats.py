"""Scrapy's in-memory crawl statistics, without a Python hook on every attribute access.

Scrapy 2.19's ``StatsCollector`` defines ``__getattribute__``: every attribute of the
collector (its dict of statistics too) is looked up through Python code that first
tries a ``_cached_<name>`` attribute, raising and catching an AttributeError for any
other name, and the statistics methods come back wrapped in a check that warns when a
caller still passes the deprecated ``spider`` argument. Scrapy counts a few statistics
per request (scheduled, dequeued, responses, items), so a crawl of 2,000 pages that
answer 304 went through that hook tens of thousands of times.

:class:`PlainStatsCollector` is Scrapy's ``MemoryStatsCollector`` with the default
attribute lookup: the same statistics, the same methods and arguments; a ``spider``
argument is accepted as before, only no longer warned about (neither Scrapy nor this
project passes one).
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    __getattribute__ = object.__getattribute__
