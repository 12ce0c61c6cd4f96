"""Daemon logs: readable lines on a terminal, one JSON object per line for log collectors.

Records carry structured fields through ``extra=`` (``crawl_id``, ``target``,
``alert_id``, ...). The text format appends them in brackets; the JSON format
makes them keys, so ``jq 'select(.crawl_id == "...")'`` finds every line of
one crawl. The alert dispatcher logs "alert <id> via <channel> ...": a filter
lifts that id into ``alert_id`` without touching the dispatcher.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime
from typing import Any, TextIO

#: Structured fields, in the order the text format shows them.
FIELDS = (
    "event",
    "crawl_id",
    "alert_id",
    "target",
    "outcome",
    "targets",
    "planned",
    "started",
    "lag_s",
    "duration_s",
    "worker",
    "reason",
)

LOG_FORMATS = ("text", "json")


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {
        name: getattr(record, name) for name in FIELDS if getattr(record, name, None) is not None
    }


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", ...fields, "exception"?}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        return json.dumps(doc, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """``12:00:03 INFO    message  [crawl=3f2a... target=acme-eu]``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(message)s", "%Y-%m-%d %H:%M:%S")
        self.converter = time.gmtime  # UTC, like the database and the JSON logs

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        shown = {
            k: v for k, v in _fields(record).items() if k in ("crawl_id", "alert_id", "worker")
        }
        if shown:
            text += "  [" + " ".join(f"{k.removesuffix('_id')}={v}" for k, v in shown.items()) + "]"
        return text


class AlertIdFilter(logging.Filter):
    """Gives the dispatcher's "alert %s via %s ..." records an ``alert_id`` field."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            getattr(record, "alert_id", None) is None
            and isinstance(record.msg, str)
            and record.msg.startswith("alert %s")
            and isinstance(record.args, tuple)
            and record.args
        ):
            record.alert_id = record.args[0]
        return True


def configure(fmt: str = "text", level: int = logging.INFO, stream: TextIO | None = None) -> None:
    """Send every log record to ``stream`` (stderr) in ``fmt``; replaces earlier root handlers."""
    if fmt not in LOG_FORMATS:
        raise ValueError(f"unknown log format {fmt!r} (use one of {', '.join(LOG_FORMATS)})")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(AlertIdFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Scrapy's own chatter stays at WARNING (crawler.runner sets it per crawl too).
    logging.getLogger("scrapy").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # The pipeline logs each notice at INFO; the daemon logs each check itself, with its fields.
    logging.getLogger("crawler.pipelines").setLevel(logging.WARNING)
