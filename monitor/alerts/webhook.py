"""Webhook channel: POST the frozen JSON body, signed, and sort the answer into sent / retry / failed.

Signature (documented in the README, section Alerts, checked by :func:`verify_signature`)::

    X-Noticewatch-Timestamp: <unix seconds>
    X-Noticewatch-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>

The timestamp is inside the signed string, so a captured request cannot be
replayed later than the receiver's tolerance; the body is byte-identical for
every attempt of one alert, and ``X-Noticewatch-Idempotency-Key`` lets the
receiver drop the second copy when a dispatcher crashed after sending but
before recording it.

Redirects are not followed: urllib would turn the POST into a GET without the
body. Error messages show the scheme and host only, since webhook URLs often
carry a token in their path.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any

from monitor import __version__
from monitor.alerts import PermanentDeliveryError, TransientDeliveryError, network_error_text
from monitor.alerts.config import WebhookChannel
from monitor.alerts.email import tls_context
from monitor.alerts.secrets import Secret, SecretError, redact

SIGNATURE_HEADER = "X-Noticewatch-Signature"
TIMESTAMP_HEADER = "X-Noticewatch-Timestamp"
KEY_HEADER = "X-Noticewatch-Idempotency-Key"
EVENT_HEADER = "X-Noticewatch-Event"
USER_AGENT = f"noticewatch/{__version__} (alerts webhook)"
#: Statuses worth retrying besides 5xx: request timeout, too early, too many requests.
RETRY_STATUSES = frozenset({408, 425, 429})
SNIPPET_CHARS = 300


def sign(secret: str | bytes, timestamp: str | int, body: bytes) -> str:
    """The signature header value: ``sha256=`` + hex HMAC-SHA256 over ``"<timestamp>.<body>"``."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    digest = hmac.new(key, str(timestamp).encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(
    secret: str | bytes,
    timestamp: str | int,
    body: bytes,
    header: str | None,
    *,
    tolerance: float = 300,
    now: float | None = None,
) -> bool:
    """True when ``header`` signs ``body`` at ``timestamp`` and the timestamp is recent enough."""
    if not header:
        return False
    try:
        sent_at = int(str(timestamp))
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - sent_at) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, sent_at, body), header.strip())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener(channel: WebhookChannel) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        _NoRedirect(), urllib.request.HTTPSHandler(context=tls_context(channel.ca_file))
    )


def post_webhook(
    channel: WebhookChannel,
    payload: Mapping[str, Any],
    *,
    key: str,
    timestamp: int | None = None,
) -> str:
    """POST one frozen webhook payload; returns a short note, raises a DeliveryError."""
    where = f"webhook {channel.display_url}"
    secrets: list[Secret] = []
    try:
        url = channel.url
        if url is None:
            assert channel.url_secret is not None
            url_secret = channel.url_secret.resolve()
            secrets.append(url_secret)
            url = url_secret.reveal().strip()
        secret = channel.secret.resolve() if channel.secret is not None else None
    except SecretError as exc:
        raise TransientDeliveryError(f"{where}: {exc}") from None
    if secret is not None:
        secrets.append(secret)

    body = payload["body"].encode("utf-8")
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        KEY_HEADER: key,
        EVENT_HEADER: str(payload.get("event", "")),
        TIMESTAMP_HEADER: stamp,
    }
    if secret is not None:
        headers[SIGNATURE_HEADER] = sign(secret.reveal(), stamp, body)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener(channel).open(request, timeout=channel.timeout) as response:
            status = response.status
            response.read(SNIPPET_CHARS)
    except urllib.error.HTTPError as exc:
        raise _classify(exc, where, secrets) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ssl.SSLCertVerificationError):
            raise PermanentDeliveryError(
                f"{where}: TLS certificate not trusted ({reason.verify_message}); set ca_file for a private CA"
            ) from None
        raise TransientDeliveryError(
            redact(f"{where}: {network_error_text(reason)}", secrets)
        ) from None
    except TimeoutError:
        raise TransientDeliveryError(f"{where}: timed out") from None
    except (http.client.HTTPException, OSError) as exc:
        raise TransientDeliveryError(
            redact(f"{where}: {network_error_text(exc)}", secrets)
        ) from None
    return f"{where}: HTTP {status}"


def _classify(exc: urllib.error.HTTPError, where: str, secrets: list[Secret]) -> Exception:
    status = exc.code
    try:
        snippet = exc.read(SNIPPET_CHARS * 4).decode("utf-8", "replace")
    except Exception:
        snippet = ""
    finally:
        exc.close()
    snippet = " ".join(snippet.split())[:SNIPPET_CHARS]
    text = redact(f"{where}: HTTP {status}" + (f": {snippet}" if snippet else ""), secrets)
    if 300 <= status < 400:
        return PermanentDeliveryError(
            f"{where}: HTTP {status} redirect not followed; configure the final URL"
        )
    if status >= 500 or status in RETRY_STATUSES:
        return TransientDeliveryError(
            text, retry_after=_retry_after(exc.headers.get("Retry-After"))
        )
    return PermanentDeliveryError(text)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
