"""Link targets as part of the notice: a new contact address or opt-out page is a change.

The walk writes a link as ``[text](target)`` (Markdown, as archives of notices do)
so that a link-only change changes the text, and the diff shows the old and the new
target. What a reader cannot tell apart must read the same: the target is
normalized (whitespace, scheme and host case, default ports, tracking and session
parameters of ``volatile.toml``, Cloudflare's scrambled e-mail links decoded),
and what is not a place to go (``javascript:``, a bare ``#``, ``data:`` URIs) is
dropped. Targets are kept as written otherwise (a relative link stays relative),
so the same bytes give the same text whatever URL they were fetched from.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from monitor.extract.normalize import clean_url

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(https?:)?//([^/?#]*)(.*)$", re.IGNORECASE | re.DOTALL)
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}
_DROPPED_SCHEMES = frozenset({"javascript", "data", "about", "blob", "vbscript"})
#: Characters that would end a Markdown link target or split it: written percent-encoded.
_ESCAPES = str.maketrans(
    {" ": "%20", "(": "%28", ")": "%29", "[": "%5B", "]": "%5D", "<": "%3C", ">": "%3E"}
)
_CLOUDFLARE = "/cdn-cgi/l/email-protection"


def decode_cloudflare_email(hex_text: str) -> str | None:
    """The address Cloudflare's e-mail protection scrambles: the first byte is the XOR key of the rest."""
    try:
        raw = bytes.fromhex(hex_text)
    except ValueError:
        return None
    if len(raw) < 2:
        return None
    try:
        address = bytes(b ^ raw[0] for b in raw[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return address if "@" in address else None


def link_target(href: str | None) -> str | None:
    """The normalized target of a link, or None when it leads nowhere a reader could go."""
    if not href:
        return None
    # As a browser reads it: outer whitespace trimmed, tabs and line breaks (a wrapped href) dropped.
    href = href.strip().replace("\t", "").replace("\n", "").replace("\r", "")
    if not href or href == "#":
        return None
    if _CLOUDFLARE in href:
        address = decode_cloudflare_email(href.partition("#")[2])
        return f"mailto:{address}" if address else None
    scheme_match = _SCHEME.match(href)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    if scheme in _DROPPED_SCHEMES:
        return None
    if scheme == "mailto":
        address = unquote(href[len("mailto:") :].partition("?")[0])
        local, at, domain = address.partition("@")
        return f"mailto:{local}{at}{domain.lower()}".translate(_ESCAPES) if address else None
    if scheme == "tel":
        return "tel:" + "".join(c for c in href[4:] if c.isdigit() or c == "+")
    if scheme and scheme not in ("http", "https"):
        return (scheme + href[len(scheme) :]).translate(_ESCAPES)
    authority = _AUTHORITY.match(href)
    if authority:
        host = authority.group(2).lower()
        default_port = _DEFAULT_PORTS.get(scheme)
        if default_port and host.endswith(default_port):
            host = host[: -len(default_port)]
        rest = authority.group(3) or ""
        href = f"{scheme + ':' if scheme else ''}//{host}{rest}"
    cleaned = clean_url(href)
    if cleaned.endswith("?"):
        cleaned = cleaned[:-1]
    return cleaned.translate(_ESCAPES) or None


def _bare(text: str) -> str:
    text = text.strip().lower()
    for prefix in ("mailto:", "tel:", "https://", "http://", "//", "www."):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text.rstrip("/")


def shows_target(text: str, target: str) -> bool:
    """The link's text already is its target (``dpo@example.com``, ``www.example.com``): no need to repeat it."""
    return _bare(text) == _bare(unquote(target)) or _bare(text).replace(" ", "") == _bare(
        unquote(target)
    ).replace(" ", "")
