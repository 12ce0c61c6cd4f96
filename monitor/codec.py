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
import gc
import json
import types
import typing
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

from monitor.errors import NoticewatchError
from monitor.model import Change, Document, Evidence, Facts, Statement

T = TypeVar("T")

_MISSING = dataclasses.MISSING


class CodecError(NoticewatchError, ValueError):
    """JSON data that does not fit the dataclass it is decoded into."""


# --------------------------------------------------------------------------- encode


def to_jsonable(obj: Any) -> Any:
    """Plain JSON values (dict, list, str, int, float, bool, None) for ``obj``."""
    tp = type(obj)
    if tp in _PLAIN:
        return obj
    encoder = _ENCODERS.get(tp)
    if encoder is None:
        encoder = _encoder_for(tp)
    return encoder(obj)


#: Exact types that are their own JSON value.
_PLAIN = frozenset({str, int, float, bool, type(None)})

#: One encoder per type met so far: the rules of :func:`_to_jsonable`, decided once per type.
_ENCODERS: dict[type, Any] = {}


def _encoder_for(tp: type) -> Any:
    """The encoder for values of exactly ``tp``, cached when the rules decide by type alone."""
    encoder: Any
    if issubclass(tp, type):  # a class, not an instance: whatever _to_jsonable says
        return _to_jsonable
    if issubclass(tp, bool | int | float | str) or tp is type(None):
        encoder = _encode_enum if issubclass(tp, enum.Enum) else _identity
    elif issubclass(tp, enum.Enum):
        encoder = _encode_enum
    elif dataclasses.is_dataclass(tp):
        encoder = _dataclass_encoder(tuple(f.name for f in dataclasses.fields(tp)))
    elif issubclass(tp, Mapping):
        encoder = _encode_mapping
    elif issubclass(tp, frozenset | set):
        encoder = _encode_set
    elif issubclass(tp, tuple | list):
        encoder = _encode_sequence
    elif issubclass(tp, datetime | date):
        encoder = _encode_date
    else:  # bytes and the unknown: the errors of _to_jsonable
        return _to_jsonable
    _ENCODERS[tp] = encoder
    return encoder


def _identity(obj: Any) -> Any:
    return obj


def _encode_enum(obj: Any) -> Any:
    return to_jsonable(obj.value)


def _encoded_value(var: str) -> str:
    """The generated expression of one field's value: itself when its exact type is a plain
    JSON one, else what its type's cached encoder (or :func:`to_jsonable`) gives."""
    return f"{var} if type({var}) in plain else (encoders.get(type({var})) or to_jsonable)({var})"


def _dataclass_encoder(names: tuple[str, ...]) -> Any:
    """One dict display over the fields, generated (as ``dataclasses`` builds ``__init__``).

    Each value is itself when its exact type is a plain JSON one, else what its
    type's cached encoder (or :func:`to_jsonable`) gives: the loop this replaces
    cost a third of recording a long notice's facts.
    """
    env: dict[str, Any] = {"plain": _PLAIN, "encoders": _ENCODERS, "to_jsonable": to_jsonable}
    lines = ["def encode(obj):"]
    for i, name in enumerate(names):
        lines.append(f"    v{i} = obj.{name}")
    lines.append("    return {")
    for i, name in enumerate(names):
        lines.append(f"        {name!r}: {_encoded_value(f'v{i}')},")
    lines.append("    }")
    exec("\n".join(lines), env)  # built from the field names (identifiers) only
    return env["encode"]


def _encode_mapping(obj: Any) -> dict[str, Any]:
    return {
        (k if type(k) is str else _key(k)): (v if type(v) in _PLAIN else to_jsonable(v))
        for k, v in obj.items()
    }


def _encode_set(obj: Any) -> list[Any]:
    if not obj:
        return []
    for v in obj:
        if type(v) is not str:
            return sorted((to_jsonable(v) for v in obj), key=_sort_key)
    return sorted(obj)  # strings only (the usual set): _sort_key's order is theirs


def _encode_sequence(obj: Any) -> list[Any]:
    plain = _PLAIN
    return [v if type(v) in plain else to_jsonable(v) for v in obj]


def _encode_date(obj: Any) -> str:
    return obj.isoformat()


def _to_jsonable(obj: Any) -> Any:
    """The encoding rules, one value at a time (:func:`to_jsonable` caches them per type)."""
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
    """Rebuild a value of type ``cls`` (a dataclass or any annotation) from JSON data.

    Well-formed data (what :func:`to_jsonable` and ``json.loads`` give) goes through
    a decoder compiled once per annotation (:func:`_fast`), several times faster on
    the facts of a long notice; anything it is not sure of is decoded again by the
    general rules, which give the same objects and name where a value is wrong.
    """
    try:
        return _fast(cls)(data)
    except _Unsure:
        pass
    return _decode(cls, data, cls.__name__ if isinstance(cls, type) else str(cls))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


class _Where:
    """Where a value is, for error messages: rendered only when one is raised.

    Formats exactly as the f-strings it stands for: ``.field``, ``[index]``,
    `` key`` and ``[key!r]`` appended to the parent's text.
    """

    __slots__ = ("kind", "parent", "value")

    def __init__(self, parent: Any, kind: int, value: Any = None) -> None:
        self.parent = parent
        self.kind = kind
        self.value = value

    def __str__(self) -> str:
        if self.kind == _FIELD:
            return f"{self.parent}.{self.value}"
        if self.kind == _INDEX:
            return f"{self.parent}[{self.value}]"
        if self.kind == _KEY:
            return f"{self.parent} key"
        return f"{self.parent}[{self.value!r}]"

    __format__ = object.__format__


_FIELD, _INDEX, _KEY, _ITEM = range(4)

#: typing.get_origin / get_args of each annotation met so far.
_SHAPES: dict[Any, tuple[Any, tuple[Any, ...]]] = {}


def _shape(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    try:
        return _SHAPES[tp]
    except KeyError:
        shape = _SHAPES[tp] = (typing.get_origin(tp), typing.get_args(tp))
        return shape
    except TypeError:  # an unhashable annotation: not cached
        return typing.get_origin(tp), typing.get_args(tp)


def _decode(tp: Any, data: Any, where: Any) -> Any:
    if tp is Any or tp is object:
        return data
    if type(tp) is type and tp in _LEAVES:  # most values are leaves: their checks first
        return _decode_leaf(tp, data, where)
    origin, args = _shape(tp)

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
                _decode(a, v, _Where(where, _INDEX, i))
                for i, (a, v) in enumerate(zip(args, data, strict=True))
            )
        item = args[0] if args else Any
        return container(_decode(item, v, _Where(where, _INDEX, i)) for i, v in enumerate(data))

    if origin in (dict, Mapping) or tp in (dict, Mapping):
        if not isinstance(data, Mapping):
            raise CodecError(f"{where}: expected an object, got {type(data).__name__}")
        key_tp, value_tp = args if args else (Any, Any)
        decoded = {
            _decode(key_tp, k, _Where(where, _KEY)): _decode(value_tp, v, _Where(where, _ITEM, k))
            for k, v in data.items()
        }
        # An abstract Mapping field is read-only in the model (Target.headers): keep it so.
        return decoded if (origin or tp) is dict else types.MappingProxyType(decoded)

    raise CodecError(f"{where}: cannot decode into {tp!r}")


#: Annotations :func:`_decode_leaf` decodes (none of them is a dataclass, enum or generic).
_LEAVES = frozenset({datetime, date, bool, int, float, str})


def _decode_leaf(tp: Any, data: Any, where: Any) -> Any:
    if tp is str:
        if not isinstance(data, str):
            raise CodecError(f"{where}: expected a string, got {data!r}")
        return data
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
    raise CodecError(f"{where}: cannot decode into {tp!r}")  # pragma: no cover - a leaf is one


def _decode_dataclass(cls: type[T], data: Any, where: Any) -> T:
    if not isinstance(data, Mapping):
        raise CodecError(
            f"{where}: expected an object for {cls.__name__}, got {type(data).__name__}"
        )
    kwargs: dict[str, Any] = {}
    for name, hint, required in _fields(cls):
        if name in data:
            kwargs[name] = _decode(hint, data[name], _Where(where, _FIELD, name))
        elif required:
            raise CodecError(f"{where}: missing field {name!r} of {cls.__name__}")
    return cls(**kwargs)


@cache
def _fields(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """(name, annotation, required) of each field of the dataclass ``cls``."""
    hints = _hints(cls)
    return tuple(
        (f.name, hints[f.name], f.default is _MISSING and f.default_factory is _MISSING)
        for f in dataclasses.fields(cls)
    )


def _parse(parser: Any, data: Any, where: Any) -> Any:
    if not isinstance(data, str):
        raise CodecError(f"{where}: expected an ISO 8601 string, got {data!r}")
    try:
        return parser(data)
    except ValueError as exc:
        raise CodecError(f"{where}: {exc}") from None


# --------------------------------------------------------------------------- decode, compiled


class _Unsure(NoticewatchError):
    """A compiled decoder met data it does not check exactly as :func:`_decode`: decode generally."""


def _unsure(data: Any) -> Any:
    raise _Unsure


def _fast(tp: Any) -> Any:
    """A decoder for annotation ``tp``, built once, that returns what :func:`_decode` returns.

    It accepts only values of exactly the expected JSON types (``type(x) is str``,
    a ``dict`` for a dataclass ...) and raises :class:`_Unsure` on anything else,
    including every case where :func:`_decode` would raise or convert differently.
    """
    try:
        return _FAST[tp]
    except KeyError:
        pass
    except TypeError:  # an unhashable annotation: decoded generally
        return _unsure
    _FAST[tp] = _unsure  # a recursive dataclass: its inner uses decode generally
    decoder = _FAST[tp] = _compile(tp)
    return decoder


_FAST: dict[Any, Any] = {}


def _is_str(data: Any) -> Any:
    if type(data) is not str:
        raise _Unsure
    return data


def _is_int(data: Any) -> Any:
    if type(data) is not int:
        raise _Unsure
    return data


def _is_bool(data: Any) -> Any:
    if type(data) is not bool:
        raise _Unsure
    return data


def _to_float(data: Any) -> Any:
    if type(data) is float:
        return data
    if type(data) is not int:
        raise _Unsure
    return float(data)


def _identity_of(data: Any) -> Any:
    return data


def _parser_of(parser: Any) -> Any:
    def parse(data: Any) -> Any:
        if type(data) is not str:
            raise _Unsure
        try:
            return parser(data)
        except ValueError:
            raise _Unsure from None

    return parse


_FAST_LEAVES: dict[Any, Any] = {
    str: _is_str,
    int: _is_int,
    bool: _is_bool,
    float: _to_float,
    datetime: _parser_of(datetime.fromisoformat),
    date: _parser_of(date.fromisoformat),
}


def _compile(tp: Any) -> Any:
    if tp is Any or tp is object:
        return _identity_of
    leaf = _FAST_LEAVES.get(tp) if type(tp) is type else None
    if leaf is not None:
        return leaf
    origin, args = _shape(tp)
    if origin is typing.Union or origin is types.UnionType:
        arms = [a for a in args if a is not type(None)]
        if len(arms) != 1:  # several arms: the order of attempts is _decode's business
            return _unsure
        inner = _fast(arms[0])
        if len(args) == len(arms):
            return inner

        def optional(data: Any) -> Any:
            return None if data is None else inner(data)

        return optional
    if origin is typing.Literal:

        def literal(data: Any) -> Any:
            if data not in args:
                raise _Unsure
            return data

        return literal
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _compile_dataclass(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = {
            value: member for value, member in tp._value2member_map_.items() if type(value) is str
        }

        def member(data: Any) -> Any:
            if type(data) is not str:
                raise _Unsure
            try:
                return members[data]
            except KeyError:
                raise _Unsure from None

        return member
    container = origin or tp
    if container in (tuple, list, frozenset, set):
        if container is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            return _compile_fixed_tuple(tuple(_fast(a) for a in args))
        return _compile_array(container, args[0] if args else Any)
    if container in (dict, Mapping):
        key_tp, value_tp = args if args else (Any, Any)
        if key_tp is not str and key_tp is not Any:
            return _unsure
        return _compile_mapping(container is dict, _fast(value_tp))
    return _unsure  # the rest: rare, decoded generally


def _compile_mapping(mutable: bool, value: Any) -> Any:
    def mapping(data: Any) -> Any:
        if type(data) is not dict:
            raise _Unsure
        decoded = {}
        for k, v in data.items():
            if type(k) is not str:
                raise _Unsure
            decoded[k] = value(v)
        # An abstract Mapping field is read-only in the model (Target.headers): keep it so.
        return decoded if mutable else types.MappingProxyType(decoded)

    return mapping


def _compile_fixed_tuple(items: tuple[Any, ...]) -> Any:
    size = len(items)

    def fixed(data: Any) -> Any:
        if type(data) is not list or len(data) != size:
            raise _Unsure
        return tuple([item(v) for item, v in zip(items, data, strict=True)])

    return fixed


def _compile_array(container: Any, item_tp: Any) -> Any:
    if item_tp is str:

        def strings(data: Any) -> Any:
            if type(data) is not list:
                raise _Unsure
            for v in data:
                if type(v) is not str:
                    raise _Unsure
            return container(data)

        return strings
    item = _fast(item_tp)

    def array(data: Any) -> Any:
        if type(data) is not list:
            raise _Unsure
        return container([item(v) for v in data])

    return array


def _compile_dataclass(cls: type) -> Any:
    """The field loop unrolled into generated code (as ``dataclasses`` builds ``__init__``).

    A field of a plain type (``str``, ``int``, ``bool``) is checked inline, and the
    instance is built with positional arguments, a missing field taking its default
    as ``__init__`` would: a call per field and the keyword dictionary cost more than
    the checks themselves on a long notice's ~2,000 statements and evidence entries.
    """
    fields = dataclasses.fields(cls)
    if not cls.__dataclass_params__.init or any(not f.init or f.kw_only for f in fields):  # type: ignore[attr-defined]
        return _compile_dataclass_kwargs(cls)
    names: dict[str, Any] = {"cls": cls, "_Unsure": _Unsure}
    lines = ["def decode(data):", "    if type(data) is not dict:", "        raise _Unsure"]
    for i, ((name, hint, _required), f) in enumerate(zip(_fields(cls), fields, strict=True)):
        plain = hint if hint in (str, int, bool) else None
        lines.append(f"    if {name!r} in data:")
        if plain is not None:
            names[f"t{i}"] = plain
            lines.append(f"        a{i} = data[{name!r}]")
            lines.append(f"        if type(a{i}) is not t{i}:")
            lines.append("            raise _Unsure")
        else:
            names[f"d{i}"] = _fast(hint)
            lines.append(f"        a{i} = d{i}(data[{name!r}])")
        lines.append("    else:")
        if f.default is not _MISSING:
            names[f"v{i}"] = f.default
            lines.append(f"        a{i} = v{i}")
        elif f.default_factory is not _MISSING:
            names[f"f{i}"] = f.default_factory
            lines.append(f"        a{i} = f{i}()")
        else:
            lines.append("        raise _Unsure")
    lines.append(f"    return cls({', '.join(f'a{i}' for i in range(len(fields)))})")
    exec("\n".join(lines), names)  # built from the field names (identifiers) only
    return names["decode"]


def _compile_dataclass_kwargs(cls: type) -> Any:
    """The general shape, by keyword: for dataclasses with keyword-only or non-init fields."""
    names: dict[str, Any] = {"cls": cls, "_Unsure": _Unsure, "dict": dict}
    lines = ["def decode(data):", "    if type(data) is not dict:", "        raise _Unsure"]
    lines.append("    kwargs = {}")
    for i, (name, hint, required) in enumerate(_fields(cls)):
        names[f"d{i}"] = _fast(hint)
        lines.append(f"    if {name!r} in data:")
        lines.append(f"        kwargs[{name!r}] = d{i}(data[{name!r}])")
        if required:
            lines.append("    else:")
            lines.append("        raise _Unsure")
    lines.append("    return cls(**kwargs)")
    exec("\n".join(lines), names)  # built from the field names (identifiers) only
    return names["decode"]


# --------------------------------------------------------------------------- conveniences


def document_to_json(document: Document) -> dict[str, Any]:
    return to_jsonable(document)


def document_from_json(data: Mapping[str, Any]) -> Document:
    return from_jsonable(Document, data)


def facts_to_json(facts: Facts) -> dict[str, Any]:
    with gc_paused():
        return to_jsonable(facts)


def facts_from_json(data: Mapping[str, Any]) -> Facts:
    with gc_paused():
        return from_jsonable(Facts, data)


# --------------------------------------------------------------------------- stored facts

#: The ``format`` of a version row's facts written by :func:`facts_to_row`. Rows without
#: one hold :func:`facts_to_json`'s form (format 1), and still read.
FACTS_ROW_FORMAT = 2


def facts_to_row(facts: Facts) -> dict[str, Any]:
    """The stored form of ``facts`` (a version row's JSON column): :func:`facts_to_json`'s,
    with statements and evidence as arrays instead of objects.

    The facts are the largest column (about 3.6 × a notice's text), and most of them
    were evidence objects each carrying its words again, with the field names repeated
    in every statement and evidence entry. Here each statement is an array of its field
    values in the order ``statement_fields`` names, and its evidence an array
    ``[offset, [start, end, fact], ...]``: an entry's words are the statement's text
    from ``start - offset`` to ``end - offset``, written out (as a last item) only for
    an entry where they are not. :func:`facts_from_row` gives back equal facts; the
    field lists let it read rows written before or after a field was added or removed.
    """
    with gc_paused():
        data = _ROW_ENCODER(facts)
        data["statements"] = [_statement_row(st) for st in facts.statements]
        return data


def facts_from_row(data: Mapping[str, Any]) -> Facts:
    """The facts of a version row, whichever form it was written in (1 or 2)."""
    fmt = data.get("format", 1) if isinstance(data, Mapping) else 1
    if fmt == 1:
        return facts_from_json(data)
    if fmt != FACTS_ROW_FORMAT:
        raise CodecError(f"Facts: unknown stored format {fmt!r}")
    with gc_paused():
        statements = data.get("statements", [])
        names = data.get("statement_fields")
        evidence_names = data.get("evidence_fields")
        if type(statements) is not list:
            raise CodecError(f"Facts.statements: expected an array, got {statements!r}")
        try:
            decode = _statement_decoder(tuple(names), tuple(evidence_names))
            decoded = tuple([decode(row) for row in statements])
        except (_Unsure, TypeError, ValueError, IndexError):
            decoded = None  # decoded again below, by the general rules, to name the bad value
        top = {k: v for k, v in data.items() if k not in _ROW_ONLY}
        if decoded is None:
            top["statements"] = [
                _statement_dict(row, names, evidence_names, i) for i, row in enumerate(statements)
            ]
            return _decode(Facts, top, "Facts")
        top["statements"] = []
        facts = from_jsonable(Facts, top)
        return dataclasses.replace(facts, statements=decoded)


#: Keys of the stored form that are not fields of :class:`Facts`.
_ROW_ONLY = frozenset({"format", "statement_fields", "evidence_fields"})


def _statement_fields() -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(Statement))


def _evidence_fields() -> tuple[str, ...]:
    """Evidence fields stored in each entry: all but ``text``, which comes last when written."""
    return tuple(f.name for f in dataclasses.fields(Evidence) if f.name != "text")


def _row_encoder() -> Any:
    """Facts' fields but statements (filled in after), as :func:`facts_to_json` writes them."""
    header = {
        "format": FACTS_ROW_FORMAT,
        "statement_fields": list(_statement_fields()),
        "evidence_fields": list(_evidence_fields()),
    }
    names = [f.name for f in dataclasses.fields(Facts) if f.name != "statements"]

    def encode(facts: Facts) -> dict[str, Any]:
        data: dict[str, Any] = {"format": header["format"]}
        data["statement_fields"] = list(header["statement_fields"])
        data["evidence_fields"] = list(header["evidence_fields"])
        for name in names:
            value = getattr(facts, name)
            data[name] = value if type(value) in _PLAIN else to_jsonable(value)
        return data

    return encode


def _statement_encoder() -> Any:
    """One list display over a statement's fields (generated, as :func:`_dataclass_encoder`)."""
    env: dict[str, Any] = {
        "plain": _PLAIN,
        "encoders": _ENCODERS,
        "to_jsonable": to_jsonable,
        "evidence_row": _evidence_row,
    }
    names = _statement_fields()
    lines = ["def encode(obj):"]
    lines += [f"    v{i} = obj.{name}" for i, name in enumerate(names)]
    lines.append("    return [")
    for i, name in enumerate(names):
        if name == "evidence":
            lines.append(f"        evidence_row(v{i}, obj.text),")
        else:
            lines.append(f"        {_encoded_value(f'v{i}')},")
    lines.append("    ]")
    exec("\n".join(lines), env)  # built from the field names (identifiers) only
    return env["encode"]


def _evidence_row(evidence: tuple[Evidence, ...], text: str) -> list[Any]:
    """``[offset, entry, ...]`` (see :func:`facts_to_row`); ``[]`` for no evidence.

    The offset is the statement's place in the document text, read off the first entry
    whose words occur in the statement; any entry whose words the offset does not give
    back (evidence outside the statement's text, or a repeated phrase) carries them.
    """
    if not evidence:
        return []
    first = evidence[0]
    at = text.find(first.text)
    offset = first.start - at if at >= 0 else 0
    row: list[Any] = [offset]
    fields = _EVIDENCE_VALUES
    for e in evidence:
        entry = fields(e)
        words = e.text
        if text[e.start - offset : e.end - offset] != words:
            entry.append(words)
        row.append(entry)
    return row


def _evidence_values_encoder() -> Any:
    env: dict[str, Any] = {"plain": _PLAIN, "encoders": _ENCODERS, "to_jsonable": to_jsonable}
    values = ", ".join(_encoded_value(f"obj.{n}") for n in _evidence_fields())
    exec(f"def values(obj):\n    return [{values}]", env)  # field names (identifiers) only
    return env["values"]


@cache
def _statement_decoder(names: tuple[str, ...], evidence_names: tuple[str, ...]) -> Any:
    """A decoder of statement rows written with these field lists (generated, checked as
    :func:`_fast` checks: anything unexpected raises :class:`_Unsure`)."""
    hints = _hints(Statement)
    known = {f.name for f in dataclasses.fields(Statement)}
    if "text" not in names:
        raise _Unsure
    env: dict[str, Any] = {
        "cls": Statement,
        "_Unsure": _Unsure,
        "evidence": _evidence_decoder(evidence_names),
        "size": len(names),
    }
    text = names.index("text")
    lines = [
        "def decode(row):",
        "    if type(row) is not list or len(row) != size:",
        "        raise _Unsure",
    ]
    exprs: dict[str, str] = {}
    for i, name in enumerate(names):
        if name not in known:  # a field this version has not (any more): ignored
            continue
        if name == "evidence":
            exprs[name] = f"evidence(row[{i}], row[{text}])"
            continue
        hint = hints[name]
        if hint in (str, int, bool):
            env[f"t{i}"] = hint
            lines.append(f"    if type(row[{i}]) is not t{i}:")
            lines.append("        raise _Unsure")
            exprs[name] = f"row[{i}]"
        else:
            env[f"d{i}"] = _fast(hint)
            exprs[name] = f"d{i}(row[{i}])"
    lines.append(f"    return cls({_positional(Statement, exprs, env)})")
    exec("\n".join(lines), env)  # built from the field names (identifiers) only
    return env["decode"]


def _evidence_decoder(names: tuple[str, ...]) -> Any:
    known = {f.name for f in dataclasses.fields(Evidence)}
    hints = _hints(Evidence)
    if "start" not in names or "end" not in names or not set(names) <= known:
        raise _Unsure
    start, end = names.index("start"), names.index("end")
    size = len(names)
    env: dict[str, Any] = {"cls": Evidence, "_Unsure": _Unsure}
    checks = []
    exprs = {"text": "words"}
    for i, name in enumerate(names):
        env[f"t{i}"] = hints[name]
        if hints[name] not in (str, int, bool):
            raise _Unsure
        checks.append(f"type(e[{i}]) is not t{i}")
        exprs[name] = f"e[{i}]"
    args = _positional(Evidence, exprs, env)
    lines = [
        "def decode(data, text):",
        "    if type(data) is not list:",
        "        raise _Unsure",
        "    if not data:",
        "        return ()",
        "    offset = data[0]",
        "    if type(offset) is not int:",
        "        raise _Unsure",
        "    out = []",
        "    append = out.append",
        "    for k in range(1, len(data)):",
        "        e = data[k]",
        "        if type(e) is not list:",
        "            raise _Unsure",
        f"        if {' or '.join(checks)}:",
        "            raise _Unsure",
        f"        if len(e) == {size}:",
        f"            words = text[e[{start}] - offset : e[{end}] - offset]",
        f"        elif len(e) == {size + 1} and type(e[{size}]) is str:",
        f"            words = e[{size}]",
        "        else:",
        "            raise _Unsure",
        f"        append(cls({args}))",
        "    return tuple(out)",
    ]
    exec("\n".join(lines), env)  # built from the field names (identifiers) only
    return env["decode"]


def _positional(cls: type, exprs: dict[str, str], env: dict[str, Any]) -> str:
    """The arguments of ``cls(...)`` in field order, for generated code: each field's
    expression, or its default where the stored row has none (positional arguments
    cost a third less than keywords over a long notice's evidence).
    """
    args = []
    for f in dataclasses.fields(cls):
        if f.name in exprs:
            args.append(exprs[f.name])
        elif f.default is not _MISSING:
            env[f"default_{f.name}"] = f.default
            args.append(f"default_{f.name}")
        elif f.default_factory is not _MISSING:
            env[f"factory_{f.name}"] = f.default_factory
            args.append(f"factory_{f.name}()")
        else:  # a required field the row lacks: the general rules name it
            raise _Unsure
    return ", ".join(args)


def _statement_dict(row: Any, names: Any, evidence_names: Any, i: int) -> Any:
    """A stored statement in :func:`facts_to_json`'s form, for the general decoder's messages."""
    where = f"Facts.statements[{i}]"
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise CodecError(f"Facts.statement_fields: expected an array of names, got {names!r}")
    if not isinstance(row, list) or len(row) != len(names):
        raise CodecError(f"{where}: expected an array of {len(names)} values, got {row!r}")
    data = dict(zip(names, row, strict=True))
    evidence = data.get("evidence", [])
    if evidence:
        if not isinstance(evidence_names, list) or not isinstance(evidence[0], int):
            raise CodecError(f"{where}.evidence: malformed {evidence!r}")
        offset, text = evidence[0], data.get("text")
        entries = []
        for j, e in enumerate(evidence[1:]):
            if not isinstance(e, list) or len(e) not in (
                len(evidence_names),
                len(evidence_names) + 1,
            ):
                raise CodecError(f"{where}.evidence[{j}]: malformed {e!r}")
            entry = dict(zip(evidence_names, e, strict=False))
            start, end = entry.get("start"), entry.get("end")
            if len(e) > len(evidence_names):
                entry["text"] = e[-1]
            elif isinstance(text, str) and type(start) is int and type(end) is int:
                entry["text"] = text[start - offset : end - offset]
            entries.append(entry)
        data["evidence"] = entries
    return data


_ROW_ENCODER = _row_encoder()
_EVIDENCE_VALUES = _evidence_values_encoder()
_statement_row = _statement_encoder()


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a long notice's facts are built or taken apart.

    They are ~20,000 acyclic objects (dicts, lists, tuples, frozensets, dataclasses);
    each 700 allocations started a collection that found nothing to free, and now
    and then a full one over the whole process: a third of the decoding's time.
    The collector is only postponed (allocation counts carry on), and turned back
    on only if it was on before, so nested or concurrent pauses leave it as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def change_to_json(change: Change) -> dict[str, Any]:
    return to_jsonable(change)


def change_from_json(data: Mapping[str, Any]) -> Change:
    return from_jsonable(Change, data)
