"""Pages that need a browser: ``render = "browser"`` targets go through scrapy-playwright.

Only those requests do: the download handler here is the guarded plain handler
(crawler/guard.py) for everything else, and starts Playwright and the system
Chromium (crawler/browser.py) the first time a crawl asks for a rendered page,
so a crawl without browser targets, or a machine without Chromium, never pays for
one. A browser target on such a machine fails alone, with the package to install.

Each rendered page gets a browser context of its own (its own cookies and
storage, the target's proxy), closed as soon as the page is read. At most
``NOTICEWATCH_BROWSER_PAGES`` pages (default 2) are open at once in a crawl: a
page costs a renderer process, 50-150 MB each. A page that does not load (or
whose ``wait_for`` selector does not appear) within the target's timeout is a
timeout, a failed fetch like any other, never a change.

Private addresses: unless the target allows private networks, the page's host
is resolved and refused up front as the plain handler refuses it, and every
request the page makes (scripts, XHR, frames) is checked the same way before
Chromium sends it. Chromium resolves names again itself, so a DNS answer that
changes between the two lookups is not caught here (the plain handler checks the
address it connects to).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import socket
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import DownloadFailedError, DownloadTimeoutError

from crawler.browser import LAUNCH_ARGS
from crawler.guard import GuardedHTTP11DownloadHandler, PrivateAddressRefused, address_problem

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from monitor.targets import Target

#: Request meta: this request is rendered in the browser (scrapy-playwright's own key).
RENDER_META = "playwright"
#: Scrapy setting: the most browser pages open at once in a crawl.
PAGES_SETTING = "NOTICEWATCH_BROWSER_PAGES"
#: Scrapy setting: the Chromium executable (else $NOTICEWATCH_CHROMIUM, else the PATH).
CHROMIUM_SETTING = "NOTICEWATCH_CHROMIUM"
#: Scrapy setting: V8 heap limit of a page, in MB (a runaway script fails, not the machine).
HEAP_SETTING = "NOTICEWATCH_BROWSER_HEAP_MB"

_contexts = itertools.count(1)


def browser_meta(target: Target) -> dict[str, Any]:
    """The request meta that has scrapy-playwright render ``target`` (see the module docstring)."""
    from scrapy_playwright.page import PageMethod

    timeout_ms = target.timeout * 1000.0
    if target.wait_for:
        settle = PageMethod(
            "wait_for_selector", target.wait_for, state="attached", timeout=timeout_ms
        )
    else:
        settle = PageMethod(_settle, timeout_ms=timeout_ms)
    context: dict[str, Any] = {"service_workers": "block"}
    if target.proxy:
        context["proxy"] = {"server": target.proxy}
    return {
        RENDER_META: True,
        "playwright_include_page": True,
        "playwright_context_kwargs": context,
        "playwright_page_goto_kwargs": {"timeout": timeout_ms, "wait_until": "load"},
        "playwright_page_methods": [settle],
    }


async def _settle(page: Any, *, timeout_ms: float) -> None:
    """Without ``wait_for``: let the scripts' first requests finish (at most 5 s, never a failure)."""
    with contextlib.suppress(Exception):
        await page.wait_for_load_state("networkidle", timeout=min(timeout_ms, 5000.0))


def chromium_for(settings: Any) -> str:
    """The Chromium to launch: the Scrapy setting, else $NOTICEWATCH_CHROMIUM, else the PATH."""
    from crawler.browser import require_chromium

    return require_chromium(settings.get(CHROMIUM_SETTING))


class RenderingDownloadHandler(GuardedHTTP11DownloadHandler):
    """The guarded plain handler, plus Chromium (through scrapy-playwright) for rendered pages."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._browser: Any = None
        self._browser_lock = asyncio.Lock()
        self._pages = asyncio.Semaphore(max(1, crawler.settings.getint(PAGES_SETTING, 2)))

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get(RENDER_META):
            return await super().download_request(request)
        if not self._allows_private(request):
            await refuse_private(request.url)
        async with self._pages:
            browser = await self._browser_handler()
            return await self._render(browser, request)

    async def _render(self, browser: Any, request: Request) -> Response:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        name = f"noticewatch-{next(_contexts)}"
        request.meta["playwright_context"] = name
        if not self._allows_private(request):
            request.meta["playwright_page_init_callback"] = _guard_page
        timeout = float(
            request.meta.get("download_timeout")
            or self._crawler.settings.getfloat("DOWNLOAD_TIMEOUT")
        )
        try:
            # Loading and wait_for each have the target's timeout; this bounds the whole page.
            return await asyncio.wait_for(browser.download_request(request), 2 * timeout + 5)
        except (TimeoutError, PlaywrightTimeout):
            raise DownloadTimeoutError(f"the page did not render within {timeout:g} s") from None
        except PlaywrightError as exc:
            first = (exc.message or str(exc)).strip().splitlines()[0] if str(exc) else "error"
            raise DownloadFailedError(f"browser: {first}") from None
        finally:
            request.meta.pop("playwright_page", None)
            wrapper = browser.context_wrappers.get(name)
            if wrapper is not None:
                with contextlib.suppress(Exception):
                    await wrapper.context.close()

    async def _browser_handler(self) -> Any:
        """scrapy-playwright's handler with the system Chromium, started on first use."""
        async with self._browser_lock:
            if self._browser is None:
                executable = chromium_for(self._crawler.settings)
                from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

                handler = ScrapyPlaywrightDownloadHandler(self._crawler)
                heap = self._crawler.settings.getint(HEAP_SETTING, 512)
                handler.config.launch_options = {
                    "executable_path": executable,
                    "headless": True,
                    "args": [*LAUNCH_ARGS, f"--js-flags=--max-old-space-size={heap}"],
                }
                handler.config.max_pages_per_context = 1
                # The engine has started already: start Playwright now (its handler does it
                # on engine_started). Chromium itself starts with the first page.
                await handler._launch()
                self._browser = handler
            return self._browser

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            if self._browser is not None:
                browser, self._browser = self._browser, None
                await browser.close()


async def refuse_private(url: str) -> None:
    """PrivateAddressRefused when ``url``'s host is (or resolves only to) a non-public address."""
    problem = await private_problem(url)
    if problem is not None:
        raise PrivateAddressRefused(f"{problem} (allow_private_networks = true allows it)")


async def private_problem(url: str) -> str | None:
    """Why the host of ``url`` may not be fetched ("127.0.0.1 is a loopback address"), or None."""
    parts = urlsplit(url)
    host = parts.hostname
    if parts.scheme not in {"http", "https", "ws", "wss"} or not host:
        return None
    problem = address_problem(host)
    if problem is not None:
        return f"{host} is {problem}"
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return None  # Chromium reports the DNS failure itself
    addresses = [info[4][0] for info in infos]
    problems = [address_problem(address) for address in addresses]
    if addresses and all(problems):
        return f"{host} resolves to {addresses[0]}, {problems[0]}"
    return None


async def _guard_page(page: Any, request: Request) -> None:
    """Refuse the page's own requests to non-public addresses (registered after, so run first)."""

    async def guard(route: Any, browser_request: Any) -> None:
        if await private_problem(browser_request.url) is not None:
            await route.abort("blockedbyclient")
        else:
            await route.fallback()

    await page.route("**", guard)
