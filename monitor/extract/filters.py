"""Named cleaning steps a target can ask for (``filters = [...]``), applied after select/remove.

Open Terms Archive declarations name service-specific JavaScript filters; the importer
maps those it can onto these generic steps and reports the rest as not supported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: name -> step; a step cleans the parsed page in place before its text is read.
FILTERS: dict[str, Callable[[Any], None]] = {}


def filter_names() -> tuple[str, ...]:
    """The names a watchlist may list under ``filters``, for validation and suggestions."""
    return tuple(sorted(FILTERS))
