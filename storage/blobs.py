"""Raw bodies as stored: addressed by their SHA-256, compressed with zlib.

The hash is taken over the raw bytes as fetched, so the same page fetched twice
is stored once and an unchanged recrawl can be recognised without extracting
anything. zlib (level 6) is in the standard library and fast enough to be
invisible next to a fetch: on the corpus snapshots it shrinks real notice pages
1.7x (pages full of inlined data) to 6x, at 4-40 ms per 60-800 KB page.
"""

from __future__ import annotations

import hashlib
import zlib

from monitor.errors import NoticewatchError

#: The only compression written today; the column exists so another can be added later.
ZLIB = "zlib"
#: Bodies stored as they are (no compression); readable, never written by this version.
IDENTITY = "identity"
ZLIB_LEVEL = 6


class UnknownCompression(NoticewatchError, ValueError):
    """A stored blob says it was compressed with something this version cannot read."""


def sha256_hex(body: bytes) -> str:
    """Lower-case hex SHA-256 of the raw body: the snapshot's address."""
    return hashlib.sha256(body).hexdigest()


def compress(body: bytes) -> bytes:
    """zlib at level 6: the default trade-off, a few ms for a large notice."""
    return zlib.compress(body, ZLIB_LEVEL)


def decompress(data: bytes, compression: str) -> bytes:
    """The raw body back from its stored form."""
    if compression == ZLIB:
        return zlib.decompress(data)
    if compression in (IDENTITY, "", None):
        return bytes(data)
    raise UnknownCompression(f"unknown snapshot compression {compression!r}")
