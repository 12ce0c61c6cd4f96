"""Where the browser for ``render = "browser"`` targets lives, and how it is started.

Playwright cannot download its own browser on many networks (nor on these
machines), so noticewatch drives the system's Chromium (Debian's ``chromium``
package): ``$NOTICEWATCH_CHROMIUM`` if set, else the first Chromium on the PATH.
"""

from __future__ import annotations

import os
import shutil

from monitor.errors import NoticewatchError

CHROMIUM_ENV = "NOTICEWATCH_CHROMIUM"
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "install Chromium (Debian/Ubuntu: apt-get install chromium) "
    f"or set {CHROMIUM_ENV} to its executable"
)

#: Flags for a headless Chromium on a closed network: no sandbox (it often runs as root in
#: containers), no GPU, and none of the background traffic to Google's hosts that a locked-down
#: network refuses by the dozen.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--metrics-recording-only",
)


class BrowserUnavailable(NoticewatchError, RuntimeError):
    """No Chromium to render a page with; the message says what to install."""


def find_chromium(configured: str | None = None) -> str | None:
    """The Chromium executable to launch, or None when there is none.

    ``configured`` (the Scrapy setting of the same name) comes before the environment.
    """
    configured = _configured(configured)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium(configured: str | None = None) -> str:
    """The Chromium executable, or BrowserUnavailable naming the package to install."""
    path = find_chromium(configured)
    if path is None:
        configured = _configured(configured)
        where = (
            f"{CHROMIUM_ENV}={configured!r} is not an executable"
            if configured
            else "no Chromium on the PATH"
        )
        raise BrowserUnavailable(f"this target needs a browser and {where}: {INSTALL_HINT}")
    return path


def _configured(configured: str | None) -> str:
    return (configured or "").strip() or os.environ.get(CHROMIUM_ENV, "").strip()
