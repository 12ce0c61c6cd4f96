"""Scrapy's HTTP/1.1 download handler, imported without walking the whole stack three times.

Importing ``scrapy.core.downloader.handlers.http11`` imports
``scrapy.core.downloader.contextfactory``, which defines three deprecated aliases with
``scrapy.utils.deprecate.create_deprecated_class``. Each calls ``inspect.stack()`` only to
name the module of the alias (it reads ``stack()[1]``). ``inspect.stack`` reads source
lines and resolves the module of every frame on the stack, scanning ``sys.modules``
for each (CPython issue 92041): by the time a crawl imports it, the stack is about 45
frames deep and 1,000 modules are loaded, and those three calls were 0.3-0.6 s of every
``recrawl``'s start-up, more than the rest of Scrapy's handler together.

During that one import ``inspect.stack`` gives the same frames, file names, line numbers
and function names without the source lines, which Scrapy does not read. Anything
else (the module already imported, a Scrapy that no longer does this) is a plain import.

Scrapy then names the alias's module with ``inspect.getmodule(frame)``, whose first call
in a process resolves the real path of every module loaded (another 20-40 ms): during
that import a frame's module is the one its globals name, when it is loaded (the
module being imported is), which is what the file lookup finds.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import threading
from typing import Any

_CONTEXT_FACTORY = "scrapy.core.downloader.contextfactory"
_lock = threading.Lock()


def _frames_without_source(context: int = 1) -> list[inspect.FrameInfo]:
    """``inspect.stack()`` without source context: frame, file, line and function only."""
    frames = []
    frame: Any = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        frames.append(
            inspect.FrameInfo(frame, code.co_filename, frame.f_lineno, code.co_name, None, None)
        )
        frame = frame.f_back
    return frames


_getmodule = inspect.getmodule


def _module_of_frame(obj: object, _filename: str | None = None) -> Any:
    """``inspect.getmodule``, for a frame the module its globals name (when it is loaded)."""
    if inspect.isframe(obj):
        module = sys.modules.get(obj.f_globals.get("__name__", ""))
        if module is not None:
            return module
    return _getmodule(obj, _filename)  # type: ignore[arg-type]


def _import_context_factory() -> None:
    if _CONTEXT_FACTORY in sys.modules:
        return
    with _lock:
        stack, getmodule = inspect.stack, inspect.getmodule
        inspect.stack = _frames_without_source  # type: ignore[assignment]
        inspect.getmodule = _module_of_frame
        try:
            importlib.import_module(_CONTEXT_FACTORY)
        finally:
            inspect.stack, inspect.getmodule = stack, getmodule


_import_context_factory()

from scrapy.core.downloader.handlers.http11 import (  # noqa: E402
    HTTP11DownloadHandler,
    _ScrapyAgent,
)

__all__ = ["HTTP11DownloadHandler", "_ScrapyAgent"]
