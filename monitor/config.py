"""Load and validate the watchlist: which notices to watch, and how.

The watchlist is a TOML file edited by hand, often by people who are not
programmers, so validation collects *every* problem and names the file, the
target and the key of each, with a suggestion for misspelled keys.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from monitor.errors import ConfigError, ConfigErrors
from monitor.schedule import parse_schedule
from monitor.targets import Part, Range, Selector, Target
from monitor.validation import (
    check_bool,
    check_choice,
    check_int,
    check_number,
    check_str,
    kind_of,
    unknown_key,
)

DEFAULT_WATCHLIST = "watchlist.toml"
WATCHLIST_ENV = "NOTICEWATCH_WATCHLIST"

_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")
_LANGUAGE = re.compile(r"[a-z]{2}")

#: Keys a target (or the [defaults] table) may carry, with their checkers.
_TARGET_KEYS = {
    "id",
    "url",
    "service",
    "document",
    "region",
    "language",
    "select",
    "remove",
    "headers",
    "cookies",
    "proxy",
    "schedule",
    "enabled",
    "obey_robots",
    "timeout",
    "max_shrink",
    "min_chars",
    "follow_redirects",
    "allow_private_networks",
    "tags",
    "render",
    "wait_for",
    "urls",
    "filters",
}
_NOT_DEFAULTABLE = {"id", "url", "urls"}
_TOP_LEVEL = {"settings", "defaults", "targets", "channels", "routes", "operational", "delivery"}
_SETTINGS_KEYS = {
    "contact_url",
    "database_url",
    "user_agent",
    "allow_private_networks",
    "read_workers",
}
#: Where the pool of page readers gets its size (see ``crawler.readers``).
READ_WORKERS_SETTING = "NOTICEWATCH_READ_WORKERS"
#: Pool sizes a watchlist may ask for (0: read every page in the crawl's own process).
_MAX_READ_WORKERS = 64
_REDIRECTS = ("same-host", "any")
_RENDERS = ("static", "browser")
#: Keys of an inline table in ``urls = [...]``.
_PART_KEYS = {"url", "select", "remove"}
#: Keys of a range in ``select`` / ``remove``: one start and one end landmark.
_RANGE_STARTS = ("start_before", "start_after")
_RANGE_ENDS = ("end_before", "end_after")


#: The Scrapy settings that make the User-Agent (see ``crawler.settings``).
USER_AGENT_SETTINGS = ("NOTICEWATCH_CONTACT_URL", "USER_AGENT")


@dataclass(frozen=True, slots=True)
class Settings:
    """Process-wide options from the watchlist's [settings] table.

    Each is the third choice: a command-line flag, then an environment variable
    (where there is one) come first, the built-in default last. The database URL
    is resolved by ``storage.db.database_url``; the crawl's settings by
    :meth:`crawl_settings`.
    """

    #: Where a site operator learns who crawls them; goes into the default User-Agent.
    contact_url: str | None = None
    database_url: str | None = None
    #: The whole User-Agent header, replacing ``noticewatch/VERSION (+contact_url)``.
    user_agent: str | None = None
    #: Every target's default for fetching from loopback/private/link-local addresses.
    allow_private_networks: bool = False
    #: Processes that read new and changed pages (extract + analyse); None: one per core.
    read_workers: int | None = None

    def crawl_settings(self, flags: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Scrapy settings for a crawl: these [settings], under the command line's ``flags``.

        A flag about the User-Agent (``-s USER_AGENT=...`` or ``-s
        NOTICEWATCH_CONTACT_URL=...``) overrides both User-Agent keys of the watchlist.
        """
        flags = dict(flags or {})
        settings: dict[str, Any] = {}
        if not any(name in flags for name in USER_AGENT_SETTINGS):
            if self.contact_url:
                settings["NOTICEWATCH_CONTACT_URL"] = self.contact_url
            if self.user_agent:
                settings["USER_AGENT"] = self.user_agent
        workers = os.environ.get(READ_WORKERS_SETTING) or self.read_workers
        if workers is not None:
            settings[READ_WORKERS_SETTING] = workers
        settings.update(flags)
        return settings


@dataclass(frozen=True, slots=True)
class Watchlist:
    path: Path
    targets: tuple[Target, ...]
    settings: Settings = Settings()
    #: The alert routing (monitor.alerts.config.AlertingConfig), or None without [channels].
    alerting: Any = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def get(self, target_id: str) -> Target:
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(target_id)

    def select(
        self, ids: list[str] | None = None, *, include_disabled: bool = False
    ) -> list[Target]:
        """The named targets (all enabled ones when ``ids`` is empty); unknown ids raise KeyError."""
        if not ids:
            return [t for t in self.targets if t.enabled or include_disabled]
        known = {t.id: t for t in self.targets}
        missing = [i for i in ids if i not in known]
        if missing:
            raise KeyError(", ".join(missing))
        return [known[i] for i in ids]


def missing_secrets(watchlist: Watchlist) -> list[str]:
    """Environment variables the alert channels name (``*_env``) that are not set now.

    They are read when an alert is sent: ``validate`` warns about them, and the
    daemon refuses to start without them rather than fail at its first alert.
    """
    channels = watchlist.raw.get("channels") if isinstance(watchlist.raw, Mapping) else None
    problems = []
    for name, table in (channels or {}).items():
        if not isinstance(table, Mapping):
            continue
        for key, value in table.items():
            if key.endswith("_env") and isinstance(value, str) and not os.environ.get(value):
                problems.append(f"channel {name!r}: {key}: ${value} is not set")
    return problems


def watchlist_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--watchlist``, else ``$NOTICEWATCH_WATCHLIST``, else ./watchlist.toml."""
    return Path(explicit or os.environ.get(WATCHLIST_ENV) or DEFAULT_WATCHLIST)


def load_watchlist(path: str | os.PathLike[str] | None = None) -> Watchlist:
    """Read and validate a watchlist; raises ConfigErrors listing every problem found."""
    file = watchlist_path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigErrors(
            [
                ConfigError(
                    str(file),
                    "",
                    "file not found (use --watchlist PATH or set NOTICEWATCH_WATCHLIST)",
                )
            ]
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigErrors([ConfigError(str(file), "", f"not UTF-8 text: {exc}")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigErrors([ConfigError(str(file), "", f"invalid TOML: {exc}")]) from None
    return parse_watchlist(raw, file=file)


def parse_watchlist(
    raw: Mapping[str, Any], *, file: str | os.PathLike[str] = "<watchlist>"
) -> Watchlist:
    """Validate an already-parsed TOML document."""
    name = str(file)
    errors: list[ConfigError] = []
    _unknown_keys(raw, _TOP_LEVEL, name, "", None, errors)

    settings = _parse_settings(raw.get("settings", {}), name, errors)
    defaults = raw.get("defaults", {})
    if not isinstance(defaults, Mapping):
        errors.append(ConfigError(name, "defaults", "must be a table ([defaults])"))
        defaults = {}
    else:
        _unknown_keys(defaults, _TARGET_KEYS - _NOT_DEFAULTABLE, name, "defaults.", None, errors)

    targets: list[Target] = []
    entries = raw.get("targets", [])
    if not isinstance(entries, list):
        errors.append(ConfigError(name, "targets", "must be an array of tables ([[targets]])"))
        entries = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        label = f"#{index + 1}"
        if not isinstance(entry, Mapping):
            errors.append(ConfigError(name, f"targets[{index}]", "must be a table"))
            continue
        target_id = entry.get("id")
        if isinstance(target_id, str):
            label = target_id
        if target_id in seen:
            errors.append(ConfigError(name, "id", "duplicate target id", target=label))
        elif isinstance(target_id, str):
            seen.add(target_id)
        target = _parse_target(
            {**defaults, **entry},
            name,
            label,
            errors,
            allow_private_default=settings.allow_private_networks,
        )
        if target is not None:
            targets.append(target)

    alerting = None
    if any(key in raw for key in ("channels", "routes", "operational", "delivery")):
        from monitor.alerts.config import parse_alerting

        try:
            alerting = parse_alerting(raw, file=name)
        except ConfigErrors as exc:
            errors.extend(exc.errors)
        except ConfigError as exc:
            errors.append(exc)

    if errors:
        raise ConfigErrors(errors)
    return Watchlist(
        path=Path(file), targets=tuple(targets), settings=settings, alerting=alerting, raw=raw
    )


# --------------------------------------------------------------------------- helpers


def _unknown_keys(
    table: Mapping[str, Any],
    allowed: set[str],
    file: str,
    prefix: str,
    target: str | None,
    errors: list[ConfigError],
) -> None:
    for key in table:
        if key not in allowed:
            errors.append(ConfigError(file, prefix + key, unknown_key(key, allowed), target=target))


def _parse_settings(table: Any, file: str, errors: list[ConfigError]) -> Settings:
    if not isinstance(table, Mapping):
        errors.append(ConfigError(file, "settings", "must be a table ([settings])"))
        return Settings()
    _unknown_keys(table, _SETTINGS_KEYS, file, "settings.", None, errors)
    allow_private = table.get("allow_private_networks", False)
    if check_bool(allow_private):
        errors.append(
            ConfigError(file, "settings.allow_private_networks", str(check_bool(allow_private)))
        )
        allow_private = False
    workers = table.get("read_workers")
    if workers is not None and (
        isinstance(workers, bool)
        or not isinstance(workers, int)
        or not 0 <= workers <= _MAX_READ_WORKERS
    ):
        errors.append(
            ConfigError(
                file,
                "settings.read_workers",
                f"must be a whole number from 0 (no pool) to {_MAX_READ_WORKERS}, got {workers!r}",
            )
        )
        workers = None
    values: dict[str, str | None] = {}
    for key in _SETTINGS_KEYS - {"allow_private_networks", "read_workers"}:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            errors.append(
                ConfigError(file, f"settings.{key}", f"must be a string, got {kind_of(value)}")
            )
            value = None
        values[key] = value
    if values["contact_url"] and not _is_http_url(values["contact_url"]):
        errors.append(ConfigError(file, "settings.contact_url", "must be an http(s) URL"))
    agent = values["user_agent"]
    if agent is not None and (not agent.strip() or any(c in agent for c in "\r\n")):
        errors.append(
            ConfigError(file, "settings.user_agent", "must be one non-empty line (a header value)")
        )
        values["user_agent"] = None
    return Settings(**values, allow_private_networks=allow_private, read_workers=workers)


def _parse_target(
    entry: Mapping[str, Any],
    file: str,
    label: str,
    errors: list[ConfigError],
    *,
    allow_private_default: bool = False,
) -> Target | None:
    before = len(errors)
    _unknown_keys(entry, _TARGET_KEYS, file, "", label, errors)

    def err(key: str, message: str) -> None:
        errors.append(ConfigError(file, key, message, target=label))

    def get(key: str, check: Callable[[Any], str | None], default: Any = None) -> Any:
        if key not in entry:
            return default
        value = entry[key]
        problem = check(value)
        if problem:
            err(key, problem)
            return default
        return value

    target_id = get("id", _check_id)
    if "id" not in entry:
        err("id", "missing (every target needs a unique id such as 'linkedin-eu')")
    url = get("url", _check_url)
    select = _selector_list(entry.get("select", ()), "select", err)
    remove = _selector_list(entry.get("remove", ()), "remove", err)
    parts: tuple[Part, ...] = ()
    if "url" in entry and "urls" in entry:
        err("urls", "a target has either url (one page) or urls (several pages), not both")
    elif "urls" in entry:
        parts = _parse_parts(entry["urls"], select, remove, err)
        url = parts[0].url if parts else None
    elif "url" not in entry:
        err("url", "missing (the notice's address; urls = [...] for a notice of several pages)")
    render = get("render", check_choice(_RENDERS), "static")
    wait_for = get("wait_for", _check_css)
    if wait_for is not None and render != "browser":
        err("wait_for", 'only works with render = "browser" (a static page runs no scripts)')
    filters = _filter_list(entry.get("filters", ()), err)
    schedule = get("schedule", _check_schedule, "6h")
    language = get("language", _check_language)
    headers = get("headers", _check_string_table, {})
    cookies = get("cookies", _check_string_table, {})
    proxy = get("proxy", _check_proxy)
    timeout = get("timeout", check_number(0.5, 600), 30.0)
    max_shrink = get("max_shrink", check_number(0.0, 1.0), 0.5)
    min_chars = get("min_chars", check_int(1, 1_000_000), 200)
    follow_redirects = get("follow_redirects", check_choice(_REDIRECTS), "same-host")
    allow_private = get("allow_private_networks", check_bool, allow_private_default)
    enabled = get("enabled", check_bool, True)
    obey_robots = get("obey_robots", check_bool, True)
    service = get("service", check_str, "")
    document = get("document", check_str, "Privacy Policy")
    region = get("region", check_str)
    tags = _string_list(entry, "tags", err)

    if len(errors) > before or target_id is None or url is None:
        return None
    return Target(
        id=target_id,
        url=url,
        service=service or target_id,
        document=document,
        region=region,
        language=language.lower() if language else None,
        select=select,
        remove=remove,
        headers=MappingProxyType(dict(headers)),
        cookies=MappingProxyType(dict(cookies)),
        proxy=proxy,
        schedule=schedule,
        enabled=enabled,
        obey_robots=obey_robots,
        timeout=float(timeout),
        max_shrink=float(max_shrink),
        min_chars=int(min_chars),
        follow_redirects=follow_redirects,
        allow_private_networks=allow_private,
        tags=tags,
        render=render,
        wait_for=wait_for.strip() if wait_for else None,
        parts=parts,
        filters=filters,
    )


def _parse_parts(
    value: Any,
    select: tuple[Selector, ...],
    remove: tuple[Selector, ...],
    err: Callable[[str, str], None],
) -> tuple[Part, ...]:
    """``urls = [...]``: the pages of one notice, in reading order.

    An entry is a URL, or an inline table ``{url = ..., select = [...], remove = [...]}``
    whose select/remove replace the target's for that page.
    """
    if not isinstance(value, list) or not value:
        err("urls", f"must be a non-empty list of URLs or inline tables, got {kind_of(value)}")
        return ()
    parts: list[Part] = []
    ok = True
    for index, entry in enumerate(value):
        key = f"urls[{index}]"
        if isinstance(entry, str):
            problem = _check_url(entry)
            if problem:
                err(key, problem)
                ok = False
                continue
            parts.append(Part(url=entry, select=select, remove=remove))
            continue
        if not isinstance(entry, Mapping):
            err(key, f"must be a URL or an inline table {{url = ...}}, got {kind_of(entry)}")
            ok = False
            continue
        for unknown in entry.keys() - _PART_KEYS:
            err(f"{key}.{unknown}", unknown_key(unknown, _PART_KEYS))
            ok = False
        problem = "missing" if "url" not in entry else _check_url(entry["url"])
        if problem:
            err(f"{key}.url", problem)
            ok = False
            continue
        part_select = (
            _selector_list(entry["select"], f"{key}.select", err) if "select" in entry else select
        )
        part_remove = (
            _selector_list(entry["remove"], f"{key}.remove", err) if "remove" in entry else remove
        )
        parts.append(Part(url=entry["url"], select=part_select, remove=part_remove))
    return tuple(parts) if ok else ()


def _selector_list(value: Any, key: str, err: Callable[[str, str], None]) -> tuple[Selector, ...]:
    """``select`` / ``remove``: CSS selectors, or ranges ``{start_before = ..., end_after = ...}``."""
    if isinstance(value, str | Mapping):
        value = [value]
    if not isinstance(value, list | tuple):
        err(key, f"must be a CSS selector, a range table, or a list of them, got {kind_of(value)}")
        return ()
    selectors: list[Selector] = []
    for index, item in enumerate(value):
        where = key if len(value) == 1 else f"{key}[{index}]"
        if isinstance(item, str) and item.strip():
            problem = _check_selector(item.strip())
            if problem:
                err(where, problem)
            else:
                selectors.append(item.strip())
        elif isinstance(item, Mapping):
            selector = _parse_range(item, where, err)
            if selector is not None:
                selectors.append(selector)
        else:
            err(
                where,
                "must be a non-empty CSS selector or a range "
                f"{{start_before|start_after = ..., end_before|end_after = ...}}, got {kind_of(item)}",
            )
    return tuple(selectors)


def _parse_range(
    table: Mapping[str, Any], key: str, err: Callable[[str, str], None]
) -> Range | None:
    """A stretch of the page between two landmarks: exactly one start and one end selector."""
    allowed = set(_RANGE_STARTS + _RANGE_ENDS)
    bad = False
    for unknown in table.keys() - allowed:
        err(f"{key}.{unknown}", unknown_key(unknown, allowed))
        bad = True
    for group, names in (("start", _RANGE_STARTS), ("end", _RANGE_ENDS)):
        given = [name for name in names if name in table]
        if len(given) != 1:
            err(
                key,
                f"a range needs exactly one {group}: {' or '.join(names)}"
                + (f" (got {' and '.join(given)})" if given else ""),
            )
            bad = True
    for name in allowed & table.keys():
        value = table[name]
        problem = _check_css(value)
        if problem:
            err(f"{key}.{name}", problem)
            bad = True
    if bad:
        return None
    return Range(**{name: table[name].strip() for name in allowed & table.keys()})


def _filter_list(value: Any, err: Callable[[str, str], None]) -> tuple[str, ...]:
    """``filters``: names of ``monitor.extract.filters`` steps, each checked against the registry."""
    if isinstance(value, list | tuple) and not value:
        return ()  # the usual case; the registry imports the extractor (bs4, soupsieve)
    from monitor.extract.filters import filter_names

    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        err("filters", f"must be a list of filter names, got {kind_of(value)}")
        return ()
    known = filter_names()
    names: list[str] = []
    for index, name in enumerate(value):
        where = "filters" if len(value) == 1 else f"filters[{index}]"
        if name in known:
            names.append(name)
            continue
        close = difflib.get_close_matches(name, known, n=1)
        if close:
            err(where, f"unknown filter {name!r} (did you mean {close[0]!r}?)")
        elif known:
            err(where, f"unknown filter {name!r} (known filters: {', '.join(known)})")
        else:
            err(where, f"unknown filter {name!r} (this version has no named filters)")
    return tuple(names)


def _string_list(
    entry: Mapping[str, Any], key: str, err: Callable[[str, str], None]
) -> tuple[str, ...]:
    value = entry.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) and v.strip() for v in value
    ):
        err(key, f"must be a string or a list of non-empty strings, got {kind_of(value)}")
        return ()
    return tuple(v.strip() for v in value)


def _check_id(value: Any) -> str | None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return (
            f"{value!r} is not a valid id: use lower-case letters, digits, '.', '_' or '-' "
            "(e.g. 'linkedin-eu'), at most 80 characters"
        )
    return None


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def _check_url(value: Any) -> str | None:
    if not isinstance(value, str) or not _is_http_url(value):
        return f"{value!r} is not an http(s) URL"
    return None


def _check_proxy(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be a string, got {kind_of(value)}"
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "must be an http(s) proxy URL such as 'http://proxy.example:3128'"
    return None


def _check_schedule(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be a string such as '6h' or '0 */6 * * *', got {kind_of(value)}"
    try:
        parse_schedule(value)
    except ValueError as exc:
        return str(exc)
    return None


def _check_language(value: Any) -> str | None:
    if not isinstance(value, str) or not _LANGUAGE.fullmatch(value.lower()):
        return f"{value!r} is not a two-letter ISO 639-1 code such as 'en', 'fr', 'de'"
    return None


def _check_css(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"must be a non-empty CSS selector, got {kind_of(value)}"
    return _check_selector(value.strip())


#: A CSS identifier (ASCII), and a selector made only of tag names, ids and classes joined
#: by descendant or child combinators ("main", "div#content > article.notice"): valid for
#: soupsieve without asking it. Importing soupsieve to check "main" was a sixth of the
#: start-up of a recrawl that extracts nothing (every page answering 304).
_IDENT = r"-?[A-Za-z_][A-Za-z0-9_-]*"
_COMPOUND = rf"(?:(?:{_IDENT}|\*)(?:[#.]{_IDENT})*|(?:[#.]{_IDENT})+)"
_PLAIN_SELECTOR = re.compile(rf"{_COMPOUND}(?:(?: +| *> *){_COMPOUND})*")


@functools.lru_cache(maxsize=1024)
def _check_selector(selector: str) -> str | None:
    """Why ``selector`` is no valid CSS selector, or None; once per distinct selector.

    A watchlist of thousands of targets often shares one selector through its
    ``[defaults]``: checked once, not once per target.
    """
    if _PLAIN_SELECTOR.fullmatch(selector):
        return None
    import soupsieve

    try:
        soupsieve.compile(selector)
    except soupsieve.SelectorSyntaxError as exc:
        return f"invalid CSS selector {selector!r}: {exc.args[0] if exc.args else exc}"
    return None


def _check_string_table(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return 'must be a table of string values, e.g. { "Accept-Language" = "en" }'
    return None
