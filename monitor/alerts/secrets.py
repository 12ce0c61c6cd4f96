"""Secrets (SMTP passwords, webhook signing keys) named in the config, read only when sending.

The configuration holds a :class:`SecretRef` — *where* the secret is (an
environment variable or a file) — never the value. The value is read at send
time, wrapped in :class:`Secret` whose ``repr``/``str`` are masked, so it
cannot end up in a log line, a traceback, ``--help`` or the database by
accident. Errors name the variable or file, never the value.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from monitor.errors import NoticewatchError

MASK = "***"


class SecretError(NoticewatchError):
    """A secret named in the configuration cannot be read (missing variable, unreadable file)."""


class Secret:
    """A secret value that does not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value, for the one call that needs it (SMTP login, HMAC key)."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("secrets are not picklable")


@dataclass(frozen=True, slots=True)
class SecretRef:
    """Where a secret lives: exactly one of an environment variable or a file path."""

    env: str | None = None
    file: str | None = None

    def __post_init__(self) -> None:
        if (self.env is None) == (self.file is None):
            raise ValueError("a SecretRef names exactly one of env or file")

    def describe(self) -> str:
        """Where the secret is read from, safe to print."""
        return f"environment variable {self.env}" if self.env else f"file {self.file}"

    def resolve(self) -> Secret:
        """Read the secret now; raises :class:`SecretError` naming the variable or file."""
        if self.env is not None:
            value = os.environ.get(self.env)
            if value is None:
                raise SecretError(f"environment variable {self.env} is not set")
        else:
            assert self.file is not None
            try:
                value = Path(self.file).expanduser().read_text(encoding="utf-8")
            except FileNotFoundError:
                raise SecretError(f"secret file {self.file} does not exist") from None
            except (OSError, UnicodeDecodeError) as exc:
                reason = (
                    exc.strerror
                    if isinstance(exc, OSError) and exc.strerror
                    else type(exc).__name__
                )
                raise SecretError(f"cannot read secret file {self.file}: {reason}") from None
            # Files written by `echo` or editors end with a newline that is not part of the secret.
            value = value.rstrip("\r\n")
        if not value:
            raise SecretError(f"{self.describe()} is empty")
        return Secret(value)


def redact(text: str, secrets: Iterable[Secret | None]) -> str:
    """``text`` with every occurrence of the given secrets masked (belt and braces for error texts)."""
    for secret in secrets:
        if secret is not None and secret.reveal():
            text = text.replace(secret.reveal(), MASK)
    return text
