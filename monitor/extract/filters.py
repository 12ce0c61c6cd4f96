"""Named cleaning steps a target can ask for (``filters = [...]``), applied after select/remove.

Open Terms Archive declarations name service-specific JavaScript filters; most of
those in use do one of a few generic things to links (unwrap a redirector, drop
signed or session parameters, drop the links altogether, unscramble protected
e-mail addresses; empty icon links and tracking parameters need no step, the
extractor never writes the first and always strips the second). These are those things, once, for any
page; the importer maps OTA names onto them (``monitor/ota_filters.toml``) and
reports the rest as not supported. A step changes the text read from the same
bytes: changing one needs an ``EXTRACTOR_VERSION`` bump like any extractor change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import parse_qsl, unquote

from monitor.extract import css, dom
from monitor.extract.blocks import ExtractionError
from monitor.extract.dom import Element as Tag
from monitor.extract.links import decode_cloudflare_email

#: Query parameters a redirector carries its destination in (``l.php?u=``, ``/url?q=``).
REDIRECT_PARAMS = ("u", "url", "q", "target", "dest", "destination", "redirect", "redirect_uri")


def _links(root: Tag) -> list[Tag]:
    return [a for a in root.iter("a") if a is not root and isinstance(a.get("href"), str)]


def drop_link_targets(root: Tag) -> None:
    """Read links as plain text: for pages whose every link carries a per-visit token."""
    for link in _links(root):
        del link.attrib["href"]


def unwrap_redirect_links(root: Tag) -> None:
    """A link through a redirector (``https://l.example.com/l.php?u=<destination>&h=<token>``) points at its destination."""
    for link in _links(root):
        href = str(link.get("href"))
        _base, _q, query = href.partition("#")[0].partition("?")
        for key, value in parse_qsl(query, keep_blank_values=False):
            destination = unquote(value) if "%" in value else value
            if key.lower() in REDIRECT_PARAMS and destination.startswith(("http://", "https://")):
                link.set("href", destination)
                break


def drop_link_queries(root: Tag) -> None:
    """Drop the query string of every link (keeping its fragment): signed, session or per-visit parameters."""
    for link in _links(root):
        href = str(link.get("href"))
        head, hash_mark, fragment = href.partition("#")
        link.set("href", head.partition("?")[0] + hash_mark + fragment)


def decode_protected_emails(root: Tag) -> None:
    """Write the addresses Cloudflare's e-mail protection hides as "[email protected]" in the page."""
    top = root.getroottree().getroot()
    for element in css.select(top, "[data-cfemail]", within=root):
        address = decode_cloudflare_email(str(element.get("data-cfemail", "")))
        if address:
            dom.replace_with_text(element, address)
    for link in css.select(top, 'a[href*="/cdn-cgi/l/email-protection"]', within=root):
        address = decode_cloudflare_email(str(link.get("href", "")).partition("#")[2])
        text = dom.get_text(link).lower()
        if address and "email" in text and "protected" in text:
            dom.set_string(link, address)


#: name -> step; a step cleans the parsed page in place before its text is read.
FILTERS: dict[str, Callable[[Tag], None]] = {
    "drop_link_targets": drop_link_targets,
    "unwrap_redirect_links": unwrap_redirect_links,
    "drop_link_queries": drop_link_queries,
    "decode_protected_emails": decode_protected_emails,
}


class UnknownFilterError(ExtractionError):
    """A target names a cleaning step noticewatch does not have."""


def filter_names() -> tuple[str, ...]:
    """The names a watchlist may list under ``filters``, for validation and suggestions."""
    return tuple(sorted(FILTERS))


def cleaning_steps(names: Sequence[str]) -> list[Callable[[Tag], None]]:
    """The steps ``names`` stand for, in the order given; an unknown name is an error naming the known ones."""
    steps = []
    for name in names:
        step = FILTERS.get(name)
        if step is None:
            raise UnknownFilterError(
                f"unknown filter {name!r}; known filters: {', '.join(filter_names())}"
            )
        steps.append(step)
    return steps
