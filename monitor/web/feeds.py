"""Atom 1.0 (RFC 4287) documents of material changes.

Built with ElementTree, so the XML is well formed whatever a notice contains:
text is escaped by the serializer and characters XML 1.0 forbids (control
characters a scraped page may carry) are dropped first. Each entry's content is
the card summary as escaped HTML from the shared templates, and its id is a tag
URI made of the target, the version and the text's hash: the same entry keeps
the same id in every fetch of the feed and across restarts.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree as ET

from monitor.render.templating import render
from monitor.web.views import Feed

ATOM = "http://www.w3.org/2005/Atom"
#: When a feed has no entries its ``updated`` must still be a date: a fixed one keeps it stable.
EPOCH = "1970-01-01T00:00:00Z"
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ET.register_namespace("", ATOM)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _el(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{name}", {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        node.text = _clean(text)
    return node


def atom(feed: Feed, base: str) -> bytes:
    """The feed as Atom XML; ``base`` is the site's absolute URL (scheme://host[:port])."""
    root = ET.Element(f"{{{ATOM}}}feed")
    _el(root, "id", f"{base}{feed.path}.atom")
    _el(root, "title", feed.title)
    _el(root, "updated", feed.entries[0]["updated"] if feed.entries else EPOCH)
    _el(root, "link", rel="self", type="application/atom+xml", href=f"{base}{feed.path}.atom")
    _el(root, "link", rel="alternate", type="text/html", href=base + feed.page)
    author = _el(root, "author")
    _el(author, "name", "noticewatch")
    _el(root, "generator", "noticewatch")
    for entry in feed.entries:
        root.append(_entry(entry, base))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _entry(entry: dict[str, Any], base: str) -> ET.Element:
    node = ET.Element(f"{{{ATOM}}}entry")
    _el(node, "id", entry["id"])
    _el(node, "title", entry["title"])
    _el(node, "updated", entry["updated"])
    _el(node, "published", entry["updated"])
    _el(node, "link", rel="alternate", type="text/html", href=base + entry["url"])
    _el(node, "link", rel="related", type="application/json", href=base + entry["url"] + ".json")
    _el(node, "summary", entry["summary"])
    content = render("_feed_entry.html", entry=entry, base=base)
    _el(node, "content", content, type="html")
    _el(node, "category", term=entry["target"].slug)
    for tag in entry["target"].tags:
        _el(node, "category", term=tag)
    return node
