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
    #: The regex requires a decimal digit (``\d``): not tried on a text without one.
    needs_digit: bool = False


@cache
def volatile_patterns() -> tuple[VolatilePattern, ...]:
    """The volatile-token patterns, with their ``{fragment}`` placeholders expanded."""
    data = load("volatile.toml")
    fragments: dict[str, str] = {}
    for key, value in data.get("fragments", {}).items():
        fragments[key] = _expand(value, fragments)
    patterns = []
    for entry in data.get("pattern", []):
        regex = _expand(entry["regex"], fragments)
        patterns.append(
            VolatilePattern(
                entry["name"],
                re.compile(regex, re.IGNORECASE),
                frozenset(w.lower() for w in entry.get("triggers", ())),
                _needs_digit(regex),
            )
        )
    return tuple(patterns)


@cache
def untriggered_patterns() -> tuple[VolatilePattern, ...]:
    """The patterns tried on every text, having no triggers (in file order)."""
    return tuple(p for p in volatile_patterns() if not p.triggers)


@cache
def volatile_triggers() -> tuple[str, ...]:
    """Every pattern's trigger substrings, once each: looked for in a text before any pattern.

    A trigger is looked for in a text's words (``normalize._present_triggers``), so it must
    not hold whitespace, nor be empty (it would be in every text but in no word).
    """
    for pattern in volatile_patterns():
        for word in pattern.triggers:
            if not word or word != "".join(word.split()):
                raise ValueError(
                    f"volatile.toml: pattern {pattern.name!r}, key 'triggers': {word!r} is empty"
                    " or holds whitespace; a trigger is looked for inside one word"
                )
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


def _needs_digit(regex: str) -> bool:
    """Whether every match of ``regex`` holds a decimal digit (a ``\\d`` no match can skip).

    Read from the parsed regex, not declared in volatile.toml, so that it cannot go stale
    when a pattern is edited. Conservative: False whenever unsure.
    """
    try:
        from re import _constants as sre  # the stdlib's own regex parser
        from re import _parser
    except ImportError:  # pragma: no cover - another Python's layout: never skip
        return False

    def needs(items: Any) -> bool:
        for op, av in items:
            if op is sre.IN and av == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]:
                return True
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                if av[0] >= 1 and needs(av[2]):
                    return True
            elif op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP:
                if needs(av[-1] if op is sre.SUBPATTERN else av):
                    return True
            elif op is sre.BRANCH:
                if all(needs(branch) for branch in av[1]):
                    return True
            elif op is sre.ASSERT and needs(av[1]):
                return True
        return False

    return needs(_parser.parse(regex, re.IGNORECASE))


def _expand(template: str, fragments: dict[str, str]) -> str:
    """Substitute ``{name}`` with a known fragment; regex braces such as ``{1,4}`` stay as they are."""
    return re.sub(
        r"\{([a-z_]+)\}",
        lambda m: fragments[m.group(1)] if m.group(1) in fragments else m.group(0),
        template,
    )
