"""Load dataclasses from YAML/JSON mappings, reporting every problem at once.

Unknown keys, missing required keys and wrong types are collected with their dotted path
(``systems[1].translater``) and raised together as one :class:`~hinews.errors.ConfigError`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, TypeVar

from hinews.errors import ConfigError, did_you_mean

T = TypeVar("T")


def load_dataclass(cls: type[T], data: Any, *, where: str) -> T:
    """Build ``cls`` from a mapping, raising one ConfigError listing every problem.

    Args:
        cls: A dataclass type (fields may be str, int, float, bool, Optional, list,
            dict[str, Any] or nested dataclasses).
        data: The parsed YAML/JSON mapping.
        where: Where the mapping came from (a file name), for the message.
    """
    errors: list[str] = []
    value = _convert(cls, data, "", errors)
    if errors:
        listing = "\n".join(f"  - {e}" for e in errors)
        raise ConfigError(f"{where} is not a valid {cls.__name__}:\n{listing}")
    return typing.cast(T, value)


def _describe(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(a) for a in typing.get_args(tp))
    if origin is list:
        return "a list"
    if origin is dict:
        return "a mapping"
    if dataclasses.is_dataclass(tp):
        return "a mapping"
    if tp is type(None):
        return "null"
    return getattr(tp, "__name__", str(tp))


def _convert(tp: Any, value: Any, path: str, errors: list[str]) -> Any:
    label = path or "the file"
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        for arg in args:
            if arg is type(None):
                continue
            trial: list[str] = []
            out = _convert(arg, value, path, trial)
            if not trial:
                return out
        errors.append(f"{label}: expected {_describe(tp)}, got {value!r}")
        return None
    if origin is list:
        (item,) = typing.get_args(tp)
        if isinstance(value, (str, dict)) or not isinstance(value, list):
            if item is str and isinstance(value, str):
                return [value]  # a single string where a list is expected
            errors.append(f"{label}: expected a list, got {value!r}")
            return []
        return [_convert(item, v, f"{path}[{i}]", errors) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            errors.append(f"{label}: expected a mapping, got {value!r}")
            return {}
        return dict(value)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _convert_dataclass(tp, value, path, errors)
    if tp is Any:
        return value
    if tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif tp is str:
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
    errors.append(f"{label}: expected {_describe(tp)}, got {value!r}")
    return None


def _convert_dataclass(cls: type, value: Any, path: str, errors: list[str]) -> Any:
    label = path or "the file"
    if not isinstance(value, dict):
        errors.append(f"{label}: expected a mapping, got {value!r}")
        return None
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    kwargs: dict[str, Any] = {}
    for key in value:
        if key not in fields:
            errors.append(
                f"{path + '.' if path else ''}{key}: unknown key; valid keys: "
                f"{', '.join(fields)}.{did_you_mean(str(key), fields)}"
            )
    for name, f in fields.items():
        sub = f"{path}.{name}" if path else name
        if name in value:
            kwargs[name] = _convert(hints[name], value[name], sub, errors)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            errors.append(f"{sub}: required key is missing")
    if any(k not in kwargs for k, f in fields.items() if _required(f)):
        return None
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        errors.append(f"{label}: {exc}")
        return None


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def to_plain(obj: Any) -> Any:
    """A dataclass (nested) as plain dicts/lists, for JSON and hashing."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    return obj
