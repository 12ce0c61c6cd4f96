"""Errors a user sees: each says where the problem is and what is wrong."""

from __future__ import annotations


class NoticewatchError(Exception):
    """Base class for errors reported to the user without a traceback."""


class ConfigError(NoticewatchError):
    """A configuration problem, located by file, target (or section) and key."""

    def __init__(self, file: str, key: str, message: str, *, target: str | None = None) -> None:
        self.file = file
        self.key = key
        self.target = target
        self.message = message
        where = f"{file}: "
        if target:
            where += f"target {target!r}: "
        super().__init__(f"{where}{key}: {message}" if key else f"{where}{message}")


class ConfigErrors(NoticewatchError):
    """Several configuration problems found at once (validate reports them all)."""

    def __init__(self, errors: list[ConfigError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
