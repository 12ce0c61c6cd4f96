"""Value checkers shared by every configuration table (targets, channels, routes ...).

Each checker returns None when the value is fine, or a message for a person that
says what was expected and what was found; the caller adds the file and the key.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Checker = Callable[[Any], str | None]


def kind_of(value: Any) -> str:
    """How a TOML value reads to a person: "a string", "a number", "a table" ..."""
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
    }.get(type(value), "a table" if isinstance(value, Mapping) else type(value).__name__)


def unknown_key(key: str, allowed: Iterable[str]) -> str:
    """The message for a key that is not allowed, suggesting the likely intended one."""
    known = sorted(allowed)
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return f"unknown key (did you mean {close[0]!r}?)"
    return f"unknown key (known keys: {', '.join(known)})"


def check_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, got {value!r}"


def check_str(value: Any) -> str | None:
    return None if isinstance(value, str) else f"must be a string, got {kind_of(value)}"


def check_number(low: float, high: float) -> Checker:
    def check(value: Any) -> str | None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            return f"must be a number between {low:g} and {high:g}, got {value!r}"
        return None

    return check


def check_int(low: int, high: int) -> Checker:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"must be a whole number between {low} and {high}, got {value!r}"
        return None

    return check


def check_choice(choices: tuple[str, ...]) -> Checker:
    def check(value: Any) -> str | None:
        if value not in choices:
            return f"{value!r} is not one of: {', '.join(repr(c) for c in choices)}"
        return None

    return check
