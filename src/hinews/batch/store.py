"""The output folder: shards written atomically, read back, and the run's manifest.

A shard file exists only once it is complete (written to a hidden temporary file, then
renamed), so after a kill at any point every ``part-NNNNN.*`` file in the folder is whole,
and a restart redoes exactly the shards that have no file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hinews.batch.inputs import import_pyarrow
from hinews.errors import ConfigError
from hinews.jsonl import dumps_line

__all__ = ["MANIFEST", "check_manifest", "read_output", "shard_path", "write_manifest"]

MANIFEST = "manifest.json"
FORMATS = ("jsonl", "parquet")
# Fields that may change between a run and its restart: they do not change the rows.
_FREE = {"config.translator.threads"}

Row = dict[str, Any]


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def shard_path(out_dir: Path, name: str, output_format: str) -> Path:
    return out_dir / f"{name}.{output_format}"


def write_shard(out_dir: Path, name: str, rows: list[Row], output_format: str) -> Path:
    """Write one shard's rows atomically (temporary file, fsync, rename)."""
    final = shard_path(out_dir, name, output_format)
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
    try:
        if output_format == "jsonl":
            with open(fd, "w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(dumps_line(row))
                fh.flush()
                os.fsync(fh.fileno())
        else:
            os.close(fd)
            _write_parquet(Path(tmp), rows)
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600 files; shards are ordinary files
        os.replace(tmp, final)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return final


def _write_parquet(path: Path, rows: list[Row]) -> None:
    """Parquet columns ``id``, ``result`` (the JSON text, or null) and ``error``.

    ``result`` is stored as JSON text: translate, brief and segment results are nested
    objects of different shapes, and a string column keeps every shard's schema the same.
    """
    pa, pq = import_pyarrow()
    ids = [r["id"] for r in rows]
    id_type = (
        pa.int64() if all(isinstance(i, int) and not isinstance(i, bool) for i in ids) else None
    )
    table = pa.table(
        {
            "id": pa.array(ids if id_type else [str(i) for i in ids], type=id_type or pa.string()),
            "result": pa.array(
                [
                    None if r["result"] is None else json.dumps(r["result"], ensure_ascii=False)
                    for r in rows
                ],
                type=pa.string(),
            ),
            "error": pa.array([r["error"] for r in rows], type=pa.string()),
        }
    )
    pq.write_table(table, path)


def read_output(path: Path) -> list[Row]:
    """The rows of one shard file (Parquet ``result`` parsed back from its JSON text)."""
    if path.suffix == ".jsonl":
        # "\n" only: splitlines() would also cut at U+2028 inside a JSON string.
        lines = path.read_text("utf-8").split("\n")
        return [json.loads(line) for line in lines if line.strip()]
    _, pq = import_pyarrow()
    rows = pq.read_table(path).to_pylist()
    for row in rows:
        row["result"] = None if row["result"] is None else json.loads(row["result"])
    return rows


def remove_stale_temporaries(out_dir: Path) -> None:
    """Delete the temporary files a killed run left behind (never a finished shard)."""
    for tmp in out_dir.glob(".part-*.tmp"):
        tmp.unlink(missing_ok=True)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}, "c": [{"d": 2}]}`` as ``{"a.b": 1, "c.0.d": 2}``, for naming the
    field that differs (a list of inputs included)."""
    if isinstance(data, list):
        data = {str(i): value for i, value in enumerate(data)}
    if not isinstance(data, dict):
        return {prefix: data}
    flat: dict[str, Any] = {}
    for key, value in data.items():
        flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def check_manifest(out_dir: Path, identity: dict[str, Any]) -> dict[str, Any] | None:
    """The earlier run's manifest, after checking it did the same work.

    Raises:
        ConfigError: When the folder holds shards but no manifest, or the manifest records
            a different task, config, option or input; the message names each differing field.
    """
    path = out_dir / MANIFEST
    if not path.is_file():
        if any(out_dir.glob("part-*")):
            raise ConfigError(
                f"{out_dir} holds shard files but no {MANIFEST}: it was not written by "
                "'hinews batch', or its manifest was deleted. Give an empty or new output "
                "folder (output=PATH)."
            )
        return None
    try:
        old = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"cannot read {path} ({exc}); give a new output folder (output=PATH)"
        ) from None
    before, now = flatten(old.get("identity", {})), flatten(identity)
    # A field the earlier run did not record (an older hinews) is not a difference: a run
    # started before input hashes were recorded still resumes.
    differ = sorted(
        key
        for key in before.keys() | now.keys()
        if key not in _FREE and key in before and before.get(key) != now.get(key)
    )
    changed_inputs = [
        str(now.get(f"{key.rsplit('.', 1)[0]}.path"))
        for key in differ
        if key.startswith("inputs.") and key.endswith(".sha256")
    ]
    if changed_inputs and all(k.startswith("inputs.") for k in differ):
        raise ConfigError(
            f"{out_dir} holds a run over other content: {', '.join(changed_inputs)} "
            "changed since that run (its SHA-256 differs), so its shards would not match. "
            "Restore the file, or write this run to another output folder (output=PATH)."
        )
    if differ:
        details = "; ".join(
            f"{key} was {before.get(key)!r}, now {now.get(key)!r}" for key in differ[:5]
        )
        more = f" (and {len(differ) - 5} more)" if len(differ) > 5 else ""
        raise ConfigError(
            f"{out_dir} holds a run with a different config: {details}{more}. Resume it with "
            "the same command, or write this run to another output folder (output=PATH)."
        )
    return dict(old)


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically."""
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".manifest.", suffix=".tmp")
    with open(fd, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    os.chmod(tmp, _FILE_MODE)
    os.replace(tmp, out_dir / MANIFEST)
