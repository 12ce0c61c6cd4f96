"""Who may read the web view: anyone on loopback, or whoever holds the token.

The token is read like the alert secrets (``monitor.alerts.secrets``): from an
environment variable or a file named on the command line, never from the
command line itself (it would show in ``ps``). It is accepted as
``Authorization: Bearer TOKEN`` (scripts, feed readers that support it) or as
the password of HTTP basic auth with any user name (browsers prompt for it,
most feed readers support it). Comparison is constant-time.

Policy: serving a non-loopback address without a token is refused unless the
operator says ``--insecure-no-auth`` (e.g. behind a reverse proxy that
authenticates), and then a warning is logged at every start.
"""

from __future__ import annotations

import base64
import hmac
import ipaddress
from dataclasses import dataclass

from monitor.alerts.secrets import Secret, SecretRef
from monitor.errors import NoticewatchError

#: Environment variable read for the token when no --token-env/--token-file is given.
DEFAULT_TOKEN_ENV = "NOTICEWATCH_WEB_TOKEN"


class AuthConfigError(NoticewatchError):
    pass


@dataclass(frozen=True, slots=True)
class Auth:
    token: Secret | None = None

    def allows(self, header: str | None) -> bool:
        if self.token is None:
            return True
        if not header:
            return False
        scheme, _, value = header.strip().partition(" ")
        value = value.strip()
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(value, validate=True).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                return False
            value = decoded.partition(":")[2]
        elif scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(value.encode(), self.token.reveal().encode())


def is_loopback(host: str) -> bool:
    if host in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_auth(token_env: str | None, token_file: str | None) -> Auth:
    """The token named by --token-env/--token-file, else $NOTICEWATCH_WEB_TOKEN when set, else none."""
    import os

    if token_env and token_file:
        raise AuthConfigError("give --token-env or --token-file, not both")
    if token_env or token_file:
        ref = SecretRef(env=token_env) if token_env else SecretRef(file=token_file)
    elif os.environ.get(DEFAULT_TOKEN_ENV):
        ref = SecretRef(env=DEFAULT_TOKEN_ENV)
    else:
        return Auth()
    token = ref.resolve().reveal().strip()
    if len(token) < 16:
        raise AuthConfigError(
            f"the web token in {ref.describe()} is shorter than 16 characters: "
            "use a long random one (e.g. `openssl rand -hex 24`)"
        )
    return Auth(Secret(token))


def check_bind(host: str, auth: Auth, *, insecure: bool) -> str | None:
    """Refuse (raise) a public address without a token; the warning to log when ``insecure`` allows it."""
    if is_loopback(host) or auth.token is not None:
        return None
    if not insecure:
        raise AuthConfigError(
            f"refusing to serve the web view on {host} without authentication: set a token "
            f"(${DEFAULT_TOKEN_ENV}, --token-env NAME or --token-file PATH), bind 127.0.0.1, "
            "or pass --insecure-no-auth if a proxy in front authenticates"
        )
    return (
        f"SERVING THE WEB VIEW ON {host} WITHOUT AUTHENTICATION (--insecure-no-auth): "
        "anyone who reaches this address can read every notice and change recorded"
    )
