"""The extractor's data files (noise selectors, volatile tokens, bot-wall phrases).

They are TOML next to this module so that a reviewer can read and extend them
without touching code; they are read once per process and cached, since every
extraction consults them.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

#: The data files that shape extracted text (walls.toml only feeds monitor.check).
TEXT_DATA_FILES = ("noise.toml", "volatile.toml")


@cache
def load(name: str) -> dict[str, Any]:
    """One data file, parsed."""
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))


def fingerprint() -> str:
    """SHA-256 over the text-shaping data files, so a test can tell when they changed without a version bump."""
    digest = hashlib.sha256()
    for name in TEXT_DATA_FILES:
        digest.update(name.encode())
        digest.update(resources.files(__package__).joinpath(name).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class VolatilePattern:
    name: str
    regex: re.Pattern[str]
    #: Lowercase substrings, one of which a text must contain for the pattern to be tried
    #: (empty: always try). Plain ``in`` tests: far faster than a regex alternation.
    triggers: frozenset[str] = frozenset()


@cache
def volatile_patterns() -> tuple[VolatilePattern, ...]:
    """The volatile-token patterns, with their ``{fragment}`` placeholders expanded."""
    data = load("volatile.toml")
    fragments: dict[str, str] = {}
    for key, value in data.get("fragments", {}).items():
        fragments[key] = _expand(value, fragments)
    return tuple(
        VolatilePattern(
            entry["name"],
            re.compile(_expand(entry["regex"], fragments), re.IGNORECASE),
            frozenset(w.lower() for w in entry.get("triggers", ())),
        )
        for entry in data.get("pattern", [])
    )


@cache
def volatile_triggers() -> tuple[str, ...]:
    """Every pattern's trigger substrings, once each: looked for in a text before any pattern."""
    return tuple(dict.fromkeys(w for p in volatile_patterns() for w in sorted(p.triggers)))


@cache
def token_rules() -> dict[str, float]:
    return dict(load("volatile.toml").get("tokens", {}))


@cache
def volatile_params() -> frozenset[str]:
    return frozenset(
        p.lower() for p in load("volatile.toml").get("url", {}).get("volatile_params", [])
    )


@cache
def volatile_prefixes() -> tuple[str, ...]:
    return tuple(
        p.lower() for p in load("volatile.toml").get("url", {}).get("volatile_prefixes", [])
    )


def _expand(template: str, fragments: dict[str, str]) -> str:
    """Substitute ``{name}`` with a known fragment; regex braces such as ``{1,4}`` stay as they are."""
    return re.sub(
        r"\{([a-z_]+)\}",
        lambda m: fragments[m.group(1)] if m.group(1) in fragments else m.group(0),
        template,
    )
