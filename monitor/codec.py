"""JSON for the plain dataclasses of monitor/model.py (and Target), both ways.

Storage keeps documents, facts and changes as JSON columns, the CLI prints them
with ``--format json`` and alerts freeze them into payloads; all go through here
so the same object always gives the same JSON and comes back equal.

Rules, driven by the type annotations of the dataclass fields:

- dataclasses become objects with their fields in declaration order;
- tuples and lists become arrays; frozensets and sets become *sorted* arrays, so
  the output does not depend on hash order;
- enums become their value; datetimes and dates become ISO 8601 strings;
- mappings keep their insertion order (string keys).

Decoding rebuilds the exact objects (``from_jsonable(cls, to_jsonable(x)) == x``),
fills missing fields with their defaults (JSON written by an older version
still loads) and ignores unknown keys (JSON written by a newer version too).
A value of the wrong shape raises :class:`CodecError` naming where it was.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

from monitor.errors import NoticewatchError
from monitor.model import Change, Document, Facts

T = TypeVar("T")

_MISSING = dataclasses.MISSING


class CodecError(NoticewatchError, ValueError):
    """JSON data that does not fit the dataclass it is decoded into."""


# --------------------------------------------------------------------------- encode


def to_jsonable(obj: Any) -> Any:
    """Plain JSON values (dict, list, str, int, float, bool, None) for ``obj``."""
    if obj is None or isinstance(obj, bool | int | float | str):
        if isinstance(obj, enum.Enum):  # StrEnum / IntEnum are str / int too
            return obj.value
        return obj
    if isinstance(obj, enum.Enum):
        return to_jsonable(obj.value)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {_key(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, frozenset | set):
        return sorted((to_jsonable(v) for v in obj), key=_sort_key)
    if isinstance(obj, tuple | list):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if isinstance(obj, bytes):
        raise CodecError("bytes have no JSON form; store them as a snapshot")
    raise CodecError(f"cannot encode {type(obj).__name__} as JSON")


def _key(key: Any) -> str:
    if isinstance(key, enum.Enum):
        key = key.value
    if not isinstance(key, str):
        raise CodecError(f"mapping keys must be strings, got {type(key).__name__}")
    return key


def _sort_key(value: Any) -> tuple[int, Any]:
    """Strings and numbers sort naturally; anything else by its canonical JSON."""
    if isinstance(value, str):
        return (0, value)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | float):
        return (1, value)
    return (2, json.dumps(value, sort_keys=True, ensure_ascii=False))


# --------------------------------------------------------------------------- decode


def from_jsonable(cls: Any, data: Any) -> Any:
    """Rebuild a value of type ``cls`` (a dataclass or any annotation) from JSON data."""
    return _decode(cls, data, cls.__name__ if isinstance(cls, type) else str(cls))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, data: Any, where: str) -> Any:
    if tp is Any or tp is object:
        return data
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)

    if origin is typing.Union or origin is types.UnionType:
        if data is None and type(None) in args:
            return None
        errors = []
        for arm in args:
            if arm is type(None):
                continue
            try:
                return _decode(arm, data, where)
            except CodecError as exc:
                errors.append(str(exc))
        raise CodecError(
            f"{where}: {data!r} matches none of {tp}" + (f" ({errors[0]})" if errors else "")
        )
    if origin is typing.Literal:
        if data not in args:
            raise CodecError(f"{where}: {data!r} is not one of {list(args)}")
        return data
    if tp is type(None):
        if data is not None:
            raise CodecError(f"{where}: expected null, got {data!r}")
        return None

    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _decode_dataclass(tp, data, where)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            raise CodecError(f"{where}: {data!r} is not a {tp.__name__}") from None

    if origin in (tuple, list, frozenset, set) or tp in (tuple, list, frozenset, set):
        if not isinstance(data, list | tuple):
            raise CodecError(f"{where}: expected an array, got {type(data).__name__}")
        container = origin or tp
        if container is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(data):
                raise CodecError(f"{where}: expected {len(args)} items, got {len(data)}")
            return tuple(
                _decode(a, v, f"{where}[{i}]")
                for i, (a, v) in enumerate(zip(args, data, strict=True))
            )
        item = args[0] if args else Any
        return container(_decode(item, v, f"{where}[{i}]") for i, v in enumerate(data))

    if origin in (dict, Mapping) or tp in (dict, Mapping):
        if not isinstance(data, Mapping):
            raise CodecError(f"{where}: expected an object, got {type(data).__name__}")
        key_tp, value_tp = args if args else (Any, Any)
        decoded = {
            _decode(key_tp, k, f"{where} key"): _decode(value_tp, v, f"{where}[{k!r}]")
            for k, v in data.items()
        }
        # An abstract Mapping field is read-only in the model (Target.headers): keep it so.
        return decoded if (origin or tp) is dict else types.MappingProxyType(decoded)

    if tp is datetime:
        return _parse(datetime.fromisoformat, data, where)
    if tp is date:
        return _parse(date.fromisoformat, data, where)
    if tp is bool:
        if not isinstance(data, bool):
            raise CodecError(f"{where}: expected true/false, got {data!r}")
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise CodecError(f"{where}: expected an integer, got {data!r}")
        return data
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise CodecError(f"{where}: expected a number, got {data!r}")
        return float(data)
    if tp is str:
        if not isinstance(data, str):
            raise CodecError(f"{where}: expected a string, got {data!r}")
        return data
    raise CodecError(f"{where}: cannot decode into {tp!r}")


def _decode_dataclass(cls: type[T], data: Any, where: str) -> T:
    if not isinstance(data, Mapping):
        raise CodecError(
            f"{where}: expected an object for {cls.__name__}, got {type(data).__name__}"
        )
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _decode(hints[f.name], data[f.name], f"{where}.{f.name}")
        elif f.default is _MISSING and f.default_factory is _MISSING:
            raise CodecError(f"{where}: missing field {f.name!r} of {cls.__name__}")
    return cls(**kwargs)


def _parse(parser: Any, data: Any, where: str) -> Any:
    if not isinstance(data, str):
        raise CodecError(f"{where}: expected an ISO 8601 string, got {data!r}")
    try:
        return parser(data)
    except ValueError as exc:
        raise CodecError(f"{where}: {exc}") from None


# --------------------------------------------------------------------------- conveniences


def document_to_json(document: Document) -> dict[str, Any]:
    return to_jsonable(document)


def document_from_json(data: Mapping[str, Any]) -> Document:
    return from_jsonable(Document, data)


def facts_to_json(facts: Facts) -> dict[str, Any]:
    return to_jsonable(facts)


def facts_from_json(data: Mapping[str, Any]) -> Facts:
    return from_jsonable(Facts, data)


def change_to_json(change: Change) -> dict[str, Any]:
    return to_jsonable(change)


def change_from_json(data: Mapping[str, Any]) -> Change:
    return from_jsonable(Change, data)
