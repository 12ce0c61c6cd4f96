"""Bytes to text, trusting the declarations a browser would trust, in the order it would.

A notice served as ISO-8859-1 and read as UTF-8 (or the reverse) turns every
accented letter into a change, so the charset choice must be the same on every
fetch: the HTTP header (or an explicit override), then a byte-order mark or
``<meta charset>``, then UTF-8 when the bytes are valid UTF-8, else Windows-1252.
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode, http_content_type_encoding, read_bom, resolve_encoding


def media_type(content_type: str | None) -> str:
    """``"Text/HTML; charset=utf-8"`` -> ``"text/html"``; empty string when unknown."""
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def _header(content_type: str | None, encoding: str | None) -> str | None:
    """The Content-Type header w3lib should see; an explicit encoding overrides the declared one."""
    if encoding:
        return f"{media_type(content_type) or 'text/html'}; charset={encoding}"
    return content_type


def _utf8_or_cp1252(body: bytes) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_html(body: bytes, content_type: str | None = None, encoding: str | None = None) -> str:
    """HTML bytes to text: header or override, then BOM, then ``<meta charset>``, then sniffing.

    w3lib lets a BOM win over the header (as browsers do); an explicit
    ``encoding`` argument is an operator's override, so it wins over everything.
    """
    if encoding and resolve_encoding(encoding):
        return body.decode(resolve_encoding(encoding) or encoding, errors="replace").lstrip(
            "\ufeff"
        )
    _enc, text = html_to_unicode(_header(content_type, None), body, auto_detect_fun=_utf8_or_cp1252)
    return text


def decode_text(body: bytes, content_type: str | None = None, encoding: str | None = None) -> str:
    """Plain text or Markdown bytes to text: override, header charset, BOM, UTF-8, else Windows-1252."""
    declared = encoding or http_content_type_encoding(content_type)
    if declared and resolve_encoding(declared):
        return body.decode(resolve_encoding(declared) or declared, errors="replace").lstrip(
            "\ufeff"
        )
    bom, bom_bytes = read_bom(body)
    if bom:
        return body[len(bom_bytes) :].decode(bom, errors="replace")
    return body.decode(_utf8_or_cp1252(body), errors="replace")
