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

from monitor.codec import facts_from_row, facts_to_row, gc_paused
from monitor.model import Announcement, Facts

_STRICT = (
    orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
)


def dumps(value: Any) -> str:
    """JSON text for a column (a str: SQLite would store bytes as a BLOB).

    :class:`EncodedFacts` are written as the text they hold (made by this function).
    """
    if type(value) is EncodedFacts:
        return value.text
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


class EncodedFacts:
    """A page's facts as its version row stores them, encoded once, where the page is read.

    ``text`` is :func:`dumps` of :func:`monitor.codec.facts_to_row`: the very text the
    version row's ``facts`` column is written as (:func:`dumps` passes it through).
    A reader process used to send the facts as objects (a long notice's ~2,000
    statements and evidence entries): the crawl's process unpickled them into
    dataclasses only to turn them back into lists (``facts_to_row``) and then JSON
    text for the row, about 7 of the 25 ms it spent on a new 100 KB page. Written
    here, by the reader, the text costs it no more than pickling the objects did
    (3.6 against 4.2 ms a page) and the crawl's process stores it as it is. What
    recording reads of the facts without comparing them (a first version's
    announcements and number of statements, the row's analyzer version and
    effective date) travels beside the text; the whole :class:`Facts` are decoded
    from the text (:attr:`facts`) only where they are compared (a changed page), or
    kept from where they were found when the page is read in this process.
    """

    __slots__ = (
        "_facts",
        "analyzer_version",
        "announcements",
        "effective_date",
        "language",
        "statement_count",
        "text",
    )

    def __init__(
        self,
        text: str,
        language: str,
        effective_date: str | None,
        analyzer_version: str,
        announcements: tuple[Announcement, ...],
        statement_count: int,
        facts: Facts | None = None,
    ) -> None:
        self.text = text
        self.language = language
        self.effective_date = effective_date
        self.analyzer_version = analyzer_version
        self.announcements = announcements
        self.statement_count = statement_count
        self._facts = facts

    @classmethod
    def of(cls, facts: Facts) -> EncodedFacts:
        """``facts`` with their stored text (and the objects, for a reading in this process)."""
        return cls(
            dumps(facts_to_row(facts)),
            language=facts.language,
            effective_date=facts.effective_date,
            analyzer_version=facts.analyzer_version,
            announcements=facts.announcements,
            statement_count=len(facts.statements),
            facts=facts,
        )

    @property
    def facts(self) -> Facts:
        """The facts themselves: kept, or decoded from the text once (after a trip between processes)."""
        if self._facts is None:
            self._facts = facts_from_row(loads(self.text))
        return self._facts

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # The text and the few values beside it; never the objects (what this class saves):
        # unpickled, they are decoded from the text when asked for.
        return EncodedFacts, (
            self.text,
            self.language,
            self.effective_date,
            self.analyzer_version,
            self.announcements,
            self.statement_count,
        )

    def __eq__(self, other: object) -> bool:
        # The text is the facts (facts_from_row gives back equal facts): equal texts, equal facts.
        if not isinstance(other, EncodedFacts):
            return NotImplemented
        return self.text == other.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return (
            f"EncodedFacts({self.statement_count} statements, language={self.language!r}, "
            f"{len(self.text)} chars)"
        )
