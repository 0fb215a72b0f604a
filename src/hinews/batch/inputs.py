"""What a batch run reads: JSONL/Parquet archives or folders of articles, cut into shards.

A *shard* is a fixed slice of the input (rows ``[start, stop)`` of one data file, or a list
of article files), planned up front from the input alone. Planning is deterministic, so a
restarted run plans the same shards and can skip those already written. Reading a shard
gives *rows*: ``{"id", "text", "error"}``, where ``error`` is set for a row that cannot
be a text (invalid JSON line, no ``text`` field, not a string...); such rows are reported,
never fatal.
"""

from __future__ import annotations

import glob
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hinews.errors import InputError, missing_dependency
from hinews.jsonl import article_text, parse_lines, text_error

__all__ = ["ARTICLE_SUFFIXES", "DATA_SUFFIXES", "Shard", "plan_shards", "read_shard"]

DATA_SUFFIXES = (".jsonl", ".parquet")
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")

Row = dict[str, Any]


@dataclass(frozen=True)
class Shard:
    """One unit of work and of output: ``part-{index:05d}`` in the output folder.

    ``kind`` is ``jsonl`` (bytes ``[offset, end)`` of ``path``, first line number
    ``first_line``), ``parquet`` (rows ``[offset, end)`` of ``path``) or ``files``
    (``files``, ids relative to ``root``).
    """

    index: int
    kind: str
    path: str = ""
    offset: int = 0
    end: int = 0
    first_line: int = 1
    rows: int = 0
    root: str = ""
    files: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Shard:
        data = json.loads(text)
        data["files"] = tuple(data.get("files") or ())
        return cls(**data)


def expand_inputs(source: str) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """Data files, and article files with the folder their ids are relative to.

    Args:
        source: A ``.jsonl``/``.parquet`` file, a folder, or a glob pattern.

    Raises:
        InputError: When nothing matches, or a file has a suffix hinews cannot read.
    """
    path = Path(source).expanduser()
    if path.is_file():
        if path.suffix.lower() not in DATA_SUFFIXES + ARTICLE_SUFFIXES:
            raise InputError(
                f"cannot read {source!r} as a batch input: give a .jsonl or .parquet file "
                "(one article per row with 'id' and 'text'), a folder of them or of "
                ".txt/.html articles, or a glob such as 'archive/*.jsonl'"
            )
        if path.suffix.lower() in ARTICLE_SUFFIXES:
            return [], [(path, path.parent)]
        return [path], []
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
        root = path
    else:
        found = sorted(Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file())
        root = Path(_glob_root(source))
    data = [p for p in found if p.suffix.lower() in DATA_SUFFIXES]
    articles = [(p, root) for p in found if p.suffix.lower() in ARTICLE_SUFFIXES]
    if not data and not articles:
        raise InputError(
            f"no input found at {source!r}: expected .jsonl or .parquet files (rows with 'id' "
            "and 'text') or .txt/.html articles there. Check the path or quote the glob."
        )
    return data, articles


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _glob_root(pattern: str) -> str:
    """The folder part of a glob before its first wildcard (ids are relative to it)."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."


def import_pyarrow() -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.parquet``, or a :class:`DependencyError` saying what to install."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise missing_dependency("pyarrow", "ray") from None
    return pa, pq


def plan_shards(source: str, shard_size: int) -> tuple[list[Shard], list[dict[str, Any]]]:
    """Cut the input into shards of at most ``shard_size`` rows, in input order.

    Returns:
        The shards, and a description of the input files (path and size) for the manifest.
    """
    if shard_size < 1:
        raise InputError(f"shard_size={shard_size} is not a positive integer")
    data, articles = expand_inputs(source)
    shards: list[Shard] = []
    described = []
    for path in data:
        digest = hashlib.sha256()
        if path.suffix.lower() == ".jsonl":
            cuts = _jsonl_cuts(path, shard_size, digest)  # hashed in the same single read
        else:
            cuts = _parquet_cuts(path, shard_size)
            digest = _file_digest(path)
        described.append(_described(path, digest))
        for spec in cuts:
            shards.append(Shard(index=len(shards), path=str(path), **spec))
    for start in range(0, len(articles), shard_size):
        chunk = articles[start : start + shard_size]
        shards.append(
            Shard(
                index=len(shards),
                kind="files",
                root=str(chunk[0][1]),
                files=tuple(str(p) for p, _ in chunk),
                rows=len(chunk),
            )
        )
    for p, _ in articles:
        described.append(_described(p, _file_digest(p)))
    return shards, described


def _file_digest(path: Path) -> Any:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256")


def _described(path: Path, digest: Any) -> dict[str, Any]:
    """An input file as the manifest records it: a resumed run must read the same bytes
    (the same size is not enough: two lines swapped keep it), so its content hash too."""
    return {"path": str(path), "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _jsonl_cuts(path: Path, size: int, digest: Any) -> list[dict[str, Any]]:
    """Byte ranges of ``size`` non-blank lines each (blank lines are no rows); the bytes
    read go into ``digest`` (a hashlib object)."""
    cuts: list[dict[str, Any]] = []
    offset = start = 0
    first_line = line_no = 1
    rows = 0
    with open(path, "rb") as fh:
        for line in fh:
            digest.update(line)
            if line.strip():
                if rows == 0:
                    start, first_line = offset, line_no
                rows += 1
                if rows == size:
                    end = offset + len(line)
                    cuts.append(_cut(start, end, first_line, rows))
                    rows = 0
            offset += len(line)
            line_no += 1
    if rows:
        cuts.append(_cut(start, offset, first_line, rows))
    return cuts


def _cut(offset: int, end: int, first_line: int, rows: int) -> dict[str, Any]:
    return {"kind": "jsonl", "offset": offset, "end": end, "first_line": first_line, "rows": rows}


def _parquet_cuts(path: Path, size: int) -> list[dict[str, Any]]:
    pa, pq = import_pyarrow()
    try:
        meta = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{path} is not a readable Parquet file ({exc})") from None
    names = meta.schema_arrow.names
    if "text" not in names:
        raise InputError(
            f"{path} has no column 'text' (columns: {', '.join(names)}); a batch input "
            "needs one article per row in 'text', and an 'id' column to name it"
        )
    total = meta.metadata.num_rows
    return [
        {"kind": "parquet", "offset": s, "end": min(s + size, total), "rows": min(size, total - s)}
        for s in range(0, total, size)
    ]


def read_shard(shard: Shard) -> list[Row]:
    """The rows of one shard, each ``{"id", "text", "error"}``."""
    if shard.kind == "jsonl":
        return _read_jsonl(shard)
    if shard.kind == "parquet":
        return _read_parquet(shard)
    return _read_files(shard)


def _read_jsonl(shard: Shard) -> list[Row]:
    with open(shard.path, "rb") as fh:
        fh.seek(shard.offset)
        data = fh.read(shard.end - shard.offset)
    records = parse_lines(data, Path(shard.path).name, first_line=shard.first_line)
    return [_row(record.fields, record.where, record.error) for record in records]


def check_record(record: dict[str, Any], where: str) -> Row:
    """A row from a record with ``text`` (and ``id``; ``where`` when it has none)."""
    return _row(record, where, text_error(record, where))


def _row(record: dict[str, Any], where: str, error: str | None) -> Row:
    """A row; a string ``title`` is the article's headline, as in ``hinews translate``."""
    ident = record.get("id")
    ident = where if ident is None else ident
    if error:
        return {"id": ident, "text": None, "error": error}
    return {"id": ident, "text": article_text(record), "error": None}


def _bad(ident: Any, message: str) -> Row:
    return {"id": ident, "text": None, "error": message}


def _read_parquet(shard: Shard) -> list[Row]:
    _, pq = import_pyarrow()

    pf = pq.ParquetFile(shard.path)
    columns = [c for c in ("id", "text", "title") if c in pf.schema_arrow.names]
    rows: list[Row] = []
    position = 0
    name = Path(shard.path).name
    for group in range(pf.metadata.num_row_groups):
        n = pf.metadata.row_group(group).num_rows
        if position + n > shard.offset and position < shard.end:
            table = pf.read_row_group(group, columns=columns)
            lo = max(shard.offset - position, 0)
            hi = min(shard.end - position, n)
            for i, record in enumerate(table.slice(lo, hi - lo).to_pylist()):
                rows.append(check_record(record, f"{name}:{position + lo + i}"))
        position += n
        if position >= shard.end:
            break
    return rows


def _read_files(shard: Shard) -> list[Row]:
    from hinews.text import read_source

    rows = []
    for file in shard.files:
        ident = Path(file).relative_to(shard.root).as_posix()
        try:
            rows.append({"id": ident, "text": read_source(file), "error": None})
        except InputError as exc:
            rows.append(_bad(ident, str(exc)))
    return rows
