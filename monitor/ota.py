"""Open Terms Archive declarations to watchlist targets: the core of ``noticewatch import-ota``.

A declaration (``<Service>.json``) says, per document type, where the document
lives and how to read it. Each maps onto a target: ``fetch`` → ``url``,
``select``/``remove`` (CSS and ``startBefore``... range objects) → the same keys
(ranges as ``{start_before = ...}`` tables), ``executeClientScripts`` →
``render = "browser"``, ``combine`` → ``urls``, ``filter`` names → our cleaning
steps or extra ``remove`` selectors where ``ota.toml`` says one does the job.
What has no counterpart is reported, never silently dropped.

Pure functions over plain data, apart from reading files; the command
(``monitor.cli.ota``) decides where the TOML goes (see ``monitor.watchlist_merge``).
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from monitor.errors import NoticewatchError

#: OTA's range keys and ours, in the order they are written.
RANGE_KEYS = {
    "startBefore": "start_before",
    "startAfter": "start_after",
    "endBefore": "end_before",
    "endAfter": "end_after",
}
#: Keys of a document declaration that the importer knows; others are reported.
KNOWN_KEYS = frozenset({"fetch", "select", "remove", "filter", "executeClientScripts", "combine"})
DEFAULT_DOCUMENTS = ("Privacy Policy",)


class OtaError(NoticewatchError):
    """A path that holds no declarations, or a declaration that is not one."""


@dataclass(frozen=True, slots=True)
class Declaration:
    """One service's declaration file."""

    path: Path
    service: str
    #: The collection folder it came from ("dating-declarations"), when the path tells.
    collection: str | None
    terms: Mapping[str, Any]

    @property
    def source(self) -> str:
        return f"{self.collection}/{self.path.name}" if self.collection else self.path.name


@dataclass(frozen=True, slots=True)
class Imported:
    """A target made from one document of a declaration, as the TOML table to write."""

    service: str
    document: str
    source: str
    #: Keys in the order they are written; values are TOML-ready (str, bool, list, dict).
    entry: Mapping[str, Any]
    #: What could not be carried over ("filter removeHelpButtons not supported").
    unsupported: tuple[str, ...] = ()
    #: OTA filters that need nothing here, with why ("removeScripts: scripts are never read").
    builtin: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return str(self.entry["id"])


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document the importer could not turn into a target, and why."""

    service: str
    document: str
    source: str
    reason: str


@dataclass(slots=True)
class ImportResult:
    imported: list[Imported] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: Documents of other types than asked for (``--documents``): counted, not listed.
    other_documents: int = 0
    services: int = 0


# --------------------------------------------------------------------------- data


@cache
def mapping() -> dict[str, Any]:
    """``ota.toml``: the collections' regions and the OTA filter names we can stand in for."""
    return tomllib.loads(resources.files(__package__).joinpath("ota.toml").read_text("utf-8"))


# --------------------------------------------------------------------------- reading


def find_declarations(paths: Iterable[str | Path]) -> list[Path]:
    """The declaration files under ``paths`` (files or folders), sorted; histories are not declarations."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.json") if _is_declaration(p))
            if not files:
                raise OtaError(f"{path}: no declaration files (<Service>.json) in this folder")
            found.extend(files)
        elif path.is_file():
            if not path.name.endswith(".json"):
                raise OtaError(f"{path}: not a declaration file (<Service>.json)")
            found.append(path)
        else:
            raise OtaError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def _is_declaration(path: Path) -> bool:
    return not path.name.endswith(".history.json") and not any(
        part.startswith(".") or part == "node_modules" for part in path.parts
    )


def collection_of(path: Path) -> str | None:
    """The collection a declaration belongs to: the nearest folder named ``*-declarations``."""
    for parent in path.resolve().parents:
        if parent.name.endswith("-declarations"):
            return parent.name
    return None


def load_declaration(path: Path) -> Declaration:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OtaError(f"{path}: not a readable JSON declaration: {exc}") from None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("terms"), Mapping):
        raise OtaError(f"{path}: not a declaration (no 'terms' object)")
    name = raw.get("name")
    service = name.strip() if isinstance(name, str) and name.strip() else path.stem
    return Declaration(
        path=path, service=service, collection=collection_of(path), terms=raw["terms"]
    )


# --------------------------------------------------------------------------- converting


class _Unsupported(OtaError):
    """A document that cannot become a target at all (the message says why)."""


def slug(text: str) -> str:
    """``"Booking.com Privacy Policy"`` -> ``"booking-com-privacy-policy"``: a valid target id part."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def target_id(service: str, document: str, region: str | None = None) -> str:
    """``bumble-eu-privacy-policy``: the region (from the collection) keeps regional notices apart."""
    head = slug(service) or "service"
    middle = f"-{slug(region)}" if region and slug(region) else ""
    return f"{head}{middle}-{slug(document) or 'document'}"[:80].rstrip("-")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _selectors(value: Any, key: str) -> list[str | dict[str, str]]:
    """OTA ``select``/``remove``: a CSS string, a range object, or a list of those."""
    import soupsieve

    out: list[str | dict[str, str]] = []
    for item in _as_list(value):
        if isinstance(item, str):
            _check_css(soupsieve, item, key)
            out.append(item)
        elif isinstance(item, Mapping):
            unknown = set(item) - set(RANGE_KEYS)
            if unknown:
                raise _Unsupported(f"{key}: range with unknown key(s) {', '.join(sorted(unknown))}")
            table = {RANGE_KEYS[k]: item[k] for k in RANGE_KEYS if k in item}
            starts = [k for k in ("start_before", "start_after") if k in table]
            ends = [k for k in ("end_before", "end_after") if k in table]
            if len(starts) != 1 or len(ends) != 1:
                raise _Unsupported(f"{key}: a range needs exactly one start and one end")
            for css in table.values():
                if not isinstance(css, str) or not css.strip():
                    raise _Unsupported(f"{key}: a range landmark is not a CSS selector")
                _check_css(soupsieve, css, key)
            out.append(table)
        else:
            raise _Unsupported(f"{key}: {type(item).__name__} is neither a selector nor a range")
    return out


def _check_css(soupsieve: Any, css: str, key: str) -> None:
    try:
        soupsieve.compile(css)
    except Exception as exc:  # soupsieve.SelectorSyntaxError and friends
        raise _Unsupported(f"{key}: CSS selector {css!r} is not supported here ({exc})") from None


def _filter_names(value: Any) -> list[tuple[str, Any]]:
    """OTA ``filter``: names, or ``{name: argument}`` objects."""
    names: list[tuple[str, Any]] = []
    for item in _as_list(value):
        if isinstance(item, str):
            names.append((item, None))
        elif isinstance(item, Mapping):
            names.extend((str(k), v) for k, v in item.items())
    return names


def _map_filters(
    names: Sequence[tuple[str, Any]],
) -> tuple[list[str], list[str], list[str], list[str]]:
    """(our steps, extra remove selectors, unsupported names, built-in notes) for OTA filter names."""
    from monitor.extract import data

    table = mapping().get("filters", {})
    steps: list[str] = []
    remove: list[str] = []
    unsupported: list[str] = []
    builtin: list[str] = []
    for name, argument in names:
        rule = table.get(name)
        if rule is None:
            unsupported.append(f"filter {name}")
            continue
        if rule.get("tracking_params_builtin") and isinstance(argument, list):
            tracked = data.volatile_params()
            prefixes = data.volatile_prefixes()
            params = [str(p).lower() for p in argument]
            if all(p in tracked or p.startswith(prefixes) for p in params):
                builtin.append(
                    f"{name}({', '.join(params)}): tracking parameters are always stripped"
                )
                continue
        if "builtin" in rule:
            builtin.append(f"{name}: {rule['builtin']}")
            continue
        steps.extend(s for s in rule.get("steps", ()) if s not in steps)
        remove.extend(s for s in rule.get("remove", ()) if s not in remove)
    return steps, remove, unsupported, builtin


def convert(
    declaration: Declaration, document: str, spec: Mapping[str, Any], *, tags: Sequence[str] = ()
) -> Imported:
    """One document of a declaration as a target; raises _Unsupported when it cannot be one."""
    if not isinstance(spec, Mapping):
        raise _Unsupported("the document's declaration is not an object")
    unsupported = [f"key {k}" for k in spec if k not in KNOWN_KEYS]
    select = _selectors(spec.get("select"), "select")
    remove = _selectors(spec.get("remove"), "remove")
    filter_names = _filter_names(spec.get("filter"))
    browser = spec.get("executeClientScripts") is True
    urls: list[Any] = []
    combine = spec.get("combine")
    if combine is not None:
        if not isinstance(combine, list) or not combine:
            raise _Unsupported("combine: not a list of pages")
        for index, page in enumerate(combine):
            if not isinstance(page, Mapping) or not _is_url(page.get("fetch")):
                raise _Unsupported(f"combine[{index}]: no http(s) fetch URL")
            part: dict[str, Any] = {"url": page["fetch"]}
            for key in ("select", "remove"):
                if key in page:
                    part[key] = _selectors(page[key], f"combine[{index}].{key}")
            filter_names.extend(
                n for n in _filter_names(page.get("filter")) if n not in filter_names
            )
            browser = browser or page.get("executeClientScripts") is True
            unsupported.extend(
                f"combine[{index}] key {k}" for k in page if k not in KNOWN_KEYS - {"combine"}
            )
            urls.append(part if len(part) > 1 else part["url"])
    elif not _is_url(spec.get("fetch")):
        raise _Unsupported("no http(s) fetch URL")
    steps, extra_remove, unsupported_filters, builtin = _map_filters(filter_names)
    unsupported.extend(unsupported_filters)
    remove.extend(s for s in extra_remove if s not in remove)

    region, collection_tags = _collection(declaration.collection)
    entry: dict[str, Any] = {
        "id": target_id(declaration.service, document, region),
        "service": declaration.service,
        "document": document,
    }
    if region:
        entry["region"] = region
    if urls:
        entry["urls"] = urls
    else:
        entry["url"] = spec["fetch"]
    if select:
        entry["select"] = select
    if remove:
        entry["remove"] = remove
    if browser:
        entry["render"] = "browser"
    if steps:
        entry["filters"] = steps
    all_tags = ["ota", *collection_tags, *([region.lower()] if region else []), *tags]
    entry["tags"] = list(dict.fromkeys(t for t in all_tags if t))
    return Imported(
        service=declaration.service,
        document=document,
        source=declaration.source,
        entry=entry,
        unsupported=tuple(unsupported),
        builtin=tuple(builtin),
    )


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _collection(collection: str | None) -> tuple[str | None, list[str]]:
    if not collection:
        return None, []
    known = mapping().get("collections", {}).get(collection, {})
    short = collection.removesuffix("-declarations")
    tags = list(known.get("tags", [short]))
    return known.get("region"), tags


def wanted(document: str, documents: Sequence[str] | None) -> bool:
    """``documents`` None means every type; names compare case-insensitively."""
    return documents is None or document.casefold() in {d.casefold() for d in documents}


def import_declarations(
    paths: Iterable[str | Path],
    *,
    documents: Sequence[str] | None = DEFAULT_DOCUMENTS,
    tags: Sequence[str] = (),
) -> ImportResult:
    """Every wanted document of every declaration under ``paths``, as targets or reasons.

    The same target id twice (a service in two collections) is imported once, from
    the first path given; the other is reported as a duplicate.
    """
    result = ImportResult()
    seen: dict[str, str] = {}
    for path in find_declarations(paths):
        declaration = load_declaration(path)
        result.services += 1
        for document, spec in declaration.terms.items():
            if not wanted(document, documents):
                result.other_documents += 1
                continue
            try:
                imported = convert(declaration, document, spec, tags=tags)
            except _Unsupported as exc:
                result.skipped.append(
                    Skipped(declaration.service, document, declaration.source, str(exc))
                )
                continue
            if imported.id in seen:
                result.skipped.append(
                    Skipped(
                        declaration.service,
                        document,
                        declaration.source,
                        f"duplicate of {imported.id}, already imported from {seen[imported.id]}",
                    )
                )
                continue
            seen[imported.id] = declaration.source
            result.imported.append(imported)
    return result


# --------------------------------------------------------------------------- TOML


def toml_value(value: Any) -> str:
    """A TOML value for the plain data of a target entry (strings, bools, numbers, lists, tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {type(value).__name__}")


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def toml_entry(entry: Mapping[str, Any]) -> str:
    """One ``[[targets]]`` table; long lists are written one item per line."""
    lines = ["[[targets]]"]
    for key, value in entry.items():
        text = toml_value(value)
        if isinstance(value, list) and len(value) > 1 and len(key) + len(text) > 90:
            items = "".join(f"  {toml_value(v)},\n" for v in value)
            text = "[\n" + items + "]"
        lines.append(f"{_key(key)} = {text}")
    return "\n".join(lines) + "\n"
