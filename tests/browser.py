"""The real Chromium for browser tests: found like the crawler finds it, skipped or failed like PostgreSQL.

Outside CI a machine without Chromium skips these tests with a message; on CI
(``CI=true``) a missing browser is a failure, because ``make test`` installs it there.
"""

from __future__ import annotations

import os

import pytest

from crawler.browser import INSTALL_HINT, LAUNCH_ARGS, find_chromium


def chromium_or_skip() -> str:
    """The Chromium executable; skips the test (fails it on CI) when there is none."""
    path = find_chromium()
    if path is None:
        message = f"browser tests need Chromium: {INSTALL_HINT}"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return path


def launch_options() -> dict[str, object]:
    """Keyword arguments for Playwright's ``chromium.launch`` with the system browser."""
    return {"executable_path": chromium_or_skip(), "headless": True, "args": list(LAUNCH_ARGS)}
