"""``hinews translate|brief archive.jsonl``: JSON Lines in, JSON Lines out, in this process.

For an archive small enough to run in one go (``hinews batch`` is the resumable, sharded
run). Records go to the pipeline in chunks; a chunk that fails (one text fails the checks)
is redone record by record, so only that record gets an ``error``. A string ``title``
field is the article's headline. Each output line keeps the record's own fields (ids...)
but ``text``; one that hinews also writes (``title``, ``error``, ``provenance``...) is kept
under ``input`` instead of being overwritten. A line that is no object gets
``{"line": N, "error": ...}``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from hinews.errors import HinewsError
from hinews.jsonl import Record, dumps_line, parse_lines

__all__ = ["stream_jsonl"]


class Sink(Protocol):
    """Where output lines go: standard output, or a file written on success."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> object: ...


def stream_jsonl(
    path: Path,
    process: Callable[[list[str]], list[Any]],
    out: Sink,
    *,
    chunk: int = 32,
) -> tuple[int, int]:
    """Process every record of ``path``; write one JSON line per record to ``out``, in order.

    Args:
        path: The JSON Lines file (one ``{"text": ...}`` object a line).
        process: Texts in, results with ``to_dict()`` out (``Pipeline.translate_batch``...).
        out: Gets one line per record (newline included), flushed after each chunk, so
            a reader of a pipe sees results as they come.
        chunk: Records per call of ``process``.

    Returns:
        (records that failed, records in all).

    Raises:
        InputError: The file cannot be read at all (missing, binary, not UTF-8).
    """
    from tqdm.auto import tqdm

    from hinews.text import read_source

    records = parse_lines(read_source(str(path), max_bytes=None), str(path))
    failures = 0
    with tqdm(total=len(records), desc=path.name, unit="doc", file=sys.stderr) as bar:
        for start in range(0, len(records), chunk):
            batch = records[start : start + chunk]
            lines, failed = _process_chunk(batch, process)
            failures += failed
            for line in lines:
                out.write(dumps_line(line))
            out.flush()
            bar.update(len(batch))
    return failures, len(records)


def _process_chunk(
    batch: list[Record], process: Callable[[list[str]], list[Any]]
) -> tuple[list[dict[str, Any]], int]:
    """The output lines of ``batch`` and how many of them are errors."""
    texts = [r.text for r in batch if r.text is not None]
    bad = len(batch) - len(texts)
    try:
        results = iter(process(texts) if texts else [])
        lines = [
            _line(r, {"error": r.error}) if r.text is None else _line(r, next(results).to_dict())
            for r in batch
        ]
        return lines, bad
    except HinewsError:
        pass  # one bad text fails the whole call: redo this chunk record by record
    lines = []
    for r in batch:
        if r.text is None:
            lines.append(_line(r, {"error": r.error}))
            continue
        try:
            lines.append(_line(r, process([r.text])[0].to_dict()))
        except HinewsError as exc:
            lines.append(_line(r, {"error": str(exc)}))
            bad += 1
    return lines, bad


def _line(record: Record, output: dict[str, Any]) -> dict[str, Any]:
    """The record's own fields (ids...) beside ``output``, the input text left out.

    A field that hinews also writes (``title``, ``error``, ``provenance``...) is not
    overwritten but kept under ``input``; a line that was no object gets its ``line``.
    """
    if not record.fields:
        return {"line": record.line, **output}
    own = {k: v for k, v in record.fields.items() if k != "text"}
    reserved = {*output, "error", "input"}
    clashes = {k: v for k, v in own.items() if k in reserved}
    kept = {k: v for k, v in own.items() if k not in reserved}
    return {**kept, **output, "input": clashes} if clashes else {**kept, **output}
