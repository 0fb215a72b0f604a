"""What identifies an evaluation run's config: its hash, the fields that may change
between sessions of one run, and a readable diff of two configs (for the message that
refuses to mix two configurations in one run folder)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any


def config_hash(config: dict[str, Any]) -> str:
    """SHA-256 of a config dict (sorted-key JSON)."""
    return hashlib.sha256(
        json.dumps(config, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


#: Fields of config.json that cannot change a per-example record (``section``, ``key``).
#: ``batch_size`` changes nothing saved; the others only change metrics.json and report.md.
NOT_IDENTITY = (
    ("task", "batch_size"),
    ("task", "bootstrap"),
    ("task", "name"),
    ("task", "description"),
    ("data", "origin"),
)
#: Of those, the ones that change neither metrics.json nor report.md.
NO_EFFECT = ("task.batch_size",)


def identity(config: dict[str, Any]) -> dict[str, Any]:
    """The part of a run config that can change per-example records (what is hashed)."""
    out = {k: v for k, v in config.items() if k != "config_hash"}
    for section, key in NOT_IDENTITY:
        if isinstance(out.get(section), dict):
            out[section] = {k: v for k, v in out[section].items() if k != key}
    return out


def config_diff(old: Any, new: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """``(dotted.path, old, new)`` for every leaf that differs between two configs.

    Lists of named entries (``systems``) are matched by name: ``systems[fast].translator``.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[tuple[str, Any, Any]] = []
        for key in [*old, *(k for k in new if k not in old)]:
            sub = f"{path}.{key}" if path else str(key)
            out += config_diff(old.get(key, _ABSENT), new.get(key, _ABSENT), sub)
        return out
    if isinstance(old, list) and isinstance(new, list) and old != new:
        if all(isinstance(x, dict) and "name" in x for x in [*old, *new]):
            old_by = {x["name"]: x for x in old}
            new_by = {x["name"]: x for x in new}
            if len(old_by) == len(old) and len(new_by) == len(new):
                out = []
                for name in [*old_by, *(n for n in new_by if n not in old_by)]:
                    out += config_diff(
                        old_by.get(name, _ABSENT), new_by.get(name, _ABSENT), f"{path}[{name}]"
                    )
                if list(old_by) != list(new_by) and set(old_by) == set(new_by):
                    out.append((f"{path} (order)", list(old_by), list(new_by)))
                return out
        if len(old) == len(new):
            out = []
            for i, (a, b) in enumerate(zip(old, new, strict=True)):
                out += config_diff(a, b, f"{path}[{i}]")
            return out
    return [] if old == new else [(path, old, new)]


class _Absent:
    def __repr__(self) -> str:
        return "(absent)"


_ABSENT: Any = _Absent()


def _show(value: Any, width: int = 40) -> str:
    text = repr(value) if value is _ABSENT else json.dumps(value, ensure_ascii=False)
    if len(text) <= width:
        return text
    if isinstance(value, str):  # cut inside the quotes: "b1c02588…"
        return text[: width - 2] + '…"'
    return text[: width - 1] + "…"


def describe_diff(diff: Sequence[tuple[str, Any, Any]], limit: int = 8) -> str:
    """``a.b: OLD -> NEW, ...`` (at most ``limit`` entries, then how many more)."""
    parts = [f"{p}: {_show(a)} -> {_show(b)}" for p, a, b in diff[:limit]]
    if len(diff) > limit:
        parts.append(f"and {len(diff) - limit} more")
    return ", ".join(parts)
