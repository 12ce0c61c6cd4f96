"""Add imported targets to a watchlist file without losing what a person wrote there.

The file is edited as text, never re-serialized, so comments, order and layout stay.
Each imported target is written below a marker comment::

    # import-ota: dating-declarations/Bumble.json "Privacy Policy" sha256:1a2b3c4d5e6f

whose hash is that of the target's table as the import wrote it (its keys and values,
not its layout). On the next import a target is

- *added* when its id is new;
- *unchanged* when its table already is what the import would write;
- *updated* in place when it differs and its table still has the marker's hash
  (nobody edited it since: the declaration changed);
- *kept* otherwise, i.e. edited by hand or written by hand (no marker): a person's
  edit wins unless ``force``, which *overwrites* it. Deleting the marker line adopts an
  imported target as one's own.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from monitor.ota import Imported, OtaError, toml_entry

MARKER = "# import-ota:"
_MARKER_HASH = re.compile(r"^#\s*import-ota:.*\bsha256:([0-9a-f]{12,64})\s*$")
_TARGETS_HEADER = re.compile(r"^\s*\[\[\s*targets\s*\]\]\s*(?:#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[")
_COMMENT_OR_BLANK = re.compile(r"^\s*(?:#.*)?$")

NEW_FILE_HEADER = (
    "# noticewatch watchlist: targets imported from Open Terms Archive declarations.\n"
    "# Check it with `noticewatch validate`. Re-running `noticewatch import-ota` updates the\n"
    "# targets nobody edited; a target you edit (or whose import-ota line you delete) is kept.\n"
)


@dataclass(frozen=True, slots=True)
class Action:
    target_id: str
    #: added | unchanged | updated | kept | overwritten
    action: str


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The hash of a target table's content: the same keys and values give the same hash."""
    canonical = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def block(imported: Imported) -> str:
    """The marker line and the ``[[targets]]`` table of one imported target."""
    marker = (
        f"{MARKER} {imported.source} {json.dumps(imported.document, ensure_ascii=False)} "
        f"sha256:{entry_hash(imported.entry)}\n"
    )
    return marker + toml_entry(imported.entry)


@dataclass(frozen=True, slots=True)
class _Block:
    start: int  # first line (the marker when there is one)
    end: int  # one past the last line of the table
    marker_hash: str | None


def _blocks(lines: list[str], count: int) -> list[_Block] | None:
    """Where each ``[[targets]]`` table sits, in file order; None when headers and tables disagree."""
    headers = [i for i, line in enumerate(lines) if _TARGETS_HEADER.match(line)]
    if len(headers) != count:
        return None  # targets written another way (an inline array): only appending is safe
    found: list[_Block] = []
    for i in headers:
        end = next(
            (j for j in range(i + 1, len(lines)) if _TABLE_HEADER.match(lines[j])), len(lines)
        )
        while end > i + 1 and _COMMENT_OR_BLANK.match(lines[end - 1]):
            end -= 1  # comments just above the next table belong to it
        start, marker_hash = i, None
        if i > 0 and (match := _MARKER_HASH.match(lines[i - 1].rstrip("\n"))):
            start, marker_hash = i - 1, match.group(1)
        found.append(_Block(start, end, marker_hash))
    return found


def merge(
    existing: str | None,
    imported: Sequence[Imported],
    *,
    force: bool = False,
    file: str = "<watchlist>",
) -> tuple[str, list[Action]]:
    """The watchlist text with ``imported`` added or updated, and what happened to each target."""
    text = existing if existing is not None else NEW_FILE_HEADER
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OtaError(f"{file}: invalid TOML, not touched: {exc}") from None
    entries = raw.get("targets", [])
    if not isinstance(entries, list):
        raise OtaError(f"{file}: 'targets' is not an array of tables, not touched")
    index = {e.get("id"): i for i, e in enumerate(entries) if isinstance(e, Mapping)}
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    blocks = _blocks(lines, len(entries))
    replacements: dict[int, str] = {}
    appended: list[str] = []
    actions: list[Action] = []
    for item in imported:
        position = index.get(item.id)
        if position is None:
            appended.append(block(item))
            index[item.id] = -1  # a second import of the same id in one run is not re-added
            actions.append(Action(item.id, "added"))
            continue
        if position < 0:
            continue
        current = entries[position]
        if entry_hash(current) == entry_hash(item.entry):
            actions.append(Action(item.id, "unchanged"))
            continue
        where = blocks[position] if blocks is not None else None
        untouched = where is not None and where.marker_hash == entry_hash(current)
        if where is None or not (untouched or force):
            actions.append(Action(item.id, "kept"))
            continue
        replacements[position] = block(item)
        actions.append(Action(item.id, "updated" if untouched else "overwritten"))
    assert blocks is not None or not replacements
    for position in sorted(replacements, reverse=True):
        where = blocks[position]  # type: ignore[index]
        lines[where.start : where.end] = [replacements[position]]
    out = "".join(lines)
    if appended:
        if out and not out.endswith("\n\n"):
            out += "\n"
        out += "\n".join(appended)
    return out, actions
