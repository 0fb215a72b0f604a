"""Stable story ids across runs (``--state FILE``).

The state file remembers, for every story id, the keys of its reports (their ids and the
hash of their cleaned text). A new run's story takes the id that most of its known
reports had before (ties: the older story), so an hourly run over overlapping inputs
adds new reports to known stories instead of renumbering them. Without a state file the
id is derived from the story's reports, so the same inputs give the same ids.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from hinews.errors import InputError

VERSION = 1


def new_id(keys: list[str]) -> str:
    """An id made from a story's report keys (the same reports give the same id)."""
    return "s-" + hashlib.sha1(min(keys).encode("utf-8")).hexdigest()[:10]


def load(path: str | Path | None) -> dict[str, Any]:
    """The state in ``path`` (an empty state when the file does not exist yet)."""
    empty: dict[str, Any] = {"version": VERSION, "stories": {}}
    if path is None or not Path(path).exists():
        return empty
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            f"the state file {str(path)!r} cannot be read ({exc}). Give a state file an "
            "earlier digest wrote, or a new path to start afresh."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("stories"), dict):
        raise InputError(
            f"the state file {str(path)!r} is not a hinews digest state (no 'stories' "
            "object). Give a new path to start afresh."
        )
    return data


def assign(state: dict[str, Any], clusters: list[list[str]]) -> list[str]:
    """Story ids for ``clusters`` (each a list of report keys), known ids kept.

    Clusters claim the old id most of their keys point to, largest claims first; a
    cluster whose old id was claimed by another (a story split) or that has no known
    keys gets a new id.
    """
    owner: dict[str, str] = {}
    order: dict[str, int] = {}
    for rank, (sid, entry) in enumerate(state.get("stories", {}).items()):
        order[sid] = rank
        for key in entry.get("keys", []):
            owner.setdefault(key, sid)
    claims = []
    for index, keys in enumerate(clusters):
        votes = Counter(owner[k] for k in keys if k in owner)
        for sid, count in votes.items():
            claims.append((-count, order[sid], index, sid))
    ids: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()
    for _, _, index, sid in sorted(claims):
        if ids[index] is None and sid not in taken:
            ids[index] = sid
            taken.add(sid)
    out = []
    known = set(state.get("stories", {}))
    for index, keys in enumerate(clusters):
        sid = ids[index]
        if sid is None:
            sid = new_id(keys)
            salt = 1
            while sid in taken or sid in known:
                sid = new_id([f"{k}#{salt}" for k in keys])
                salt += 1
        taken.add(sid)
        out.append(sid)
    return out


def update(state: dict[str, Any], ids: list[str], clusters: list[list[str]]) -> dict[str, Any]:
    """The state after this run: each story's keys grow by its reports' keys."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    stories = {sid: dict(entry) for sid, entry in state.get("stories", {}).items()}
    for sid, keys in zip(ids, clusters, strict=True):
        entry = stories.setdefault(sid, {"first_seen": now, "keys": []})
        entry["keys"] = sorted(set(entry.get("keys", [])) | set(keys))
        entry["last_seen"] = now
    return {"version": VERSION, "stories": stories}


def save(path: str | Path, state: dict[str, Any]) -> None:
    """Write the state atomically (a temporary file renamed into place)."""
    path = Path(path)
    folder = path.expanduser().resolve().parent
    if not folder.is_dir():
        raise InputError(f"cannot write the state file {path}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(state, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)
