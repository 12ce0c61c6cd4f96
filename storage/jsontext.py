"""The JSON text of the JSON columns: orjson when it can, the standard library when it cannot.

A changed page writes its facts (about four times the notice's text: ~400 KB for
a long notice) and reads back the previous version's; ``json.dumps`` and
``json.loads`` of that cost about 3.6 and 2.5 ms, orjson 0.6 and 1.4 ms. The values
are the same either way (the codec gives plain dicts, lists, strings, ints and
bools); only the text differs (no spaces after separators, UTF-8 instead of
``\\uXXXX`` escapes), and both libraries read what either wrote. Whatever orjson
refuses goes through ``json`` as before, with its result or its error: integers
beyond 64 bits, non-string keys, lone surrogates, subclasses of str/int/dict/list,
dataclasses and datetimes (passed through, so a value the codec forgot to convert
still fails as it did), and ``NaN``/``Infinity`` in rows the standard library wrote. One
difference is left: orjson writes a float ``NaN`` as ``null``; no stored value
holds a float (the model has none, and PostgreSQL's JSONB refuses ``NaN``).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from monitor.codec import gc_paused

_STRICT = (
    orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
)


def dumps(value: Any) -> str:
    """JSON text for a column (a str: SQLite would store bytes as a BLOB)."""
    try:
        return orjson.dumps(value, option=_STRICT).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError: what only json can write, or its error
        return json.dumps(value)


def loads(text: str | bytes) -> Any:
    """The value of a column's JSON text, whichever library wrote it."""
    try:
        with gc_paused():  # a long notice's facts: ~20,000 objects, none in a cycle
            return orjson.loads(text)
    except orjson.JSONDecodeError:  # NaN/Infinity from json.dumps, or really not JSON
        return json.loads(text)
