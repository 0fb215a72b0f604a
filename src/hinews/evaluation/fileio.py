"""Reading evaluation files with clear errors, and writing run files without losing any.

Text files are UTF-8 (a BOM is accepted), one segment per line. Tables are JSONL, CSV or
TSV chosen by extension. Every write of a whole file goes to a temporary file in the same
folder and is moved into place with :func:`os.replace`; per-example logs are appended and
``fsync``'d so that a killed process loses at most the line it was writing.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from hinews.errors import DataError
from hinews.jsonl import dumps_line

TABLE_FORMATS = ("jsonl", "csv", "tsv")


def read_lines(path: str | os.PathLike[str], *, what: str = "file") -> list[str]:
    """Read a UTF-8 text file as a list of lines (no line ends).

    Args:
        path: The file.
        what: What the file is, for error messages ("hypotheses", "reference 2").

    Returns:
        One string per line; a final newline does not add an empty line; ``\\r\\n`` is accepted.
        Further empty lines at the very end are kept: :func:`check_aligned` tolerates them
        (an editor's extra blank line), while an empty last segment stays possible.

    Raises:
        DataError: The file is missing, binary, not UTF-8, or empty.
    """
    p = Path(path)
    raw = _read_bytes(p, what)
    text = _decode(raw, p, what)
    if not text.strip():
        raise DataError(
            f"The {what} file {str(p)!r} is empty. Expected one segment per line (UTF-8)."
        )
    if text.endswith("\n"):
        text = text[:-1]
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def content_length(lines: Sequence[Any]) -> int:
    """The number of lines without the empty lines at the end (trailing newlines at EOF)."""
    n = len(lines)
    while n and lines[n - 1] == "":
        n -= 1
    return n


def check_no_empty(name: str, lines: Sequence[str]) -> None:
    """Raise one line naming ``name`` and the line when a reference line is empty.

    Raises:
        DataError: Some line of ``lines`` is empty or blank.
    """
    for number, line in enumerate(lines, 1):
        if not line.strip():
            raise DataError(
                f"{name} line {number} is empty: every example needs a reference to be "
                "scored against; fill it in, or remove that line from every file."
            )


def check_aligned(named: Sequence[tuple[str, Sequence[Any]]]) -> int:
    """Check that all sequences have the same length, tolerating empty lines at the end.

    Trailing empty lines (extra newlines at the end of a file) are not segments when another
    file lacks them: the common length is the longest length without trailing empty lines,
    and every file must have at least that many lines. Internal blank lines always count.
    Callers keep the first ``n`` lines of each file.

    Args:
        named: ``(description, sequence)`` pairs, e.g. ``[("hypotheses h.txt", hyps), ...]``.

    Returns:
        The common length ``n``.

    Raises:
        DataError: The lengths differ; the message lists every length.
    """
    if not named:
        return 0
    common = max(content_length(seq) for _, seq in named)
    if all(len(seq) >= common for _, seq in named):
        return common
    listing = ", ".join(f"{name}: {content_length(seq)} lines" for name, seq in named)
    short_name, short = min(named, key=lambda item: len(item[1]))
    long_name, _ = max(named, key=lambda item: content_length(item[1]))
    raise DataError(
        f"{long_name} line {len(short) + 1} has no counterpart: {short_name} ends at line "
        f"{len(short)}. "
        f"The files are not line-aligned ({listing}; empty lines at the end of a file are not "
        "counted). Each line of the hypotheses must translate the same line of the source and "
        "references; check that no file was cut short, has extra lines, or has segments that "
        "contain line breaks."
    )


def table_format(path: str | os.PathLike[str], given: str | None = None) -> str:
    """The table format of ``path``: ``given`` if set, else from the extension.

    Raises:
        DataError: The extension is not one of jsonl, csv, tsv and no format was given.
    """
    if given:
        if given not in TABLE_FORMATS:
            raise DataError(f"Unknown table format {given!r}; valid: {', '.join(TABLE_FORMATS)}.")
        return given
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "json":
        suffix = "jsonl"
    if suffix not in TABLE_FORMATS:
        raise DataError(
            f"Cannot tell the format of {str(path)!r} from its extension; use .jsonl, .csv "
            "or .tsv (or give the format explicitly)."
        )
    return suffix


def read_table(
    path: str | os.PathLike[str], *, fmt: str | None = None, what: str = "data"
) -> list[dict[str, Any]]:
    """Read a JSONL, CSV or TSV file into a list of row dicts.

    Raises:
        DataError: Missing file, bad encoding, a line that is not a JSON object, or no rows.
    """
    p = Path(path)
    kind = table_format(p, fmt)
    text = _decode(_read_bytes(p, what), p, what)
    rows: list[dict[str, Any]] = []
    if kind == "jsonl":
        # "\n" only: splitlines() would also cut at U+2028 inside a JSON string.
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(
                    f"Line {number} of {str(p)!r} is not valid JSON ({exc.msg}). A JSONL "
                    "file holds one JSON object per line."
                ) from None
            if not isinstance(row, dict):
                raise DataError(
                    f"Line {number} of {str(p)!r} is a JSON {type(row).__name__}, not an "
                    'object; each line must be an object like {"text": ..., "summary": ...}.'
                )
            rows.append(row)
    else:
        reader = csv.DictReader(text.splitlines(), delimiter="," if kind == "csv" else "\t")
        rows = [dict(r) for r in reader]
    if not rows:
        raise DataError(f"The {what} file {str(p)!r} has no rows.")
    return rows


def column(
    rows: Sequence[dict[str, Any]], name: str, *, source: str, allow_list: bool = False
) -> list[Any]:
    """Take column ``name`` from every row.

    Raises:
        DataError: The column is missing in some row; the message lists the columns there are.
    """
    out: list[Any] = []
    for number, row in enumerate(rows, 1):
        if name not in row:
            from hinews.errors import did_you_mean

            raise DataError(
                f"Row {number} of {source} has no column {name!r}; its columns are "
                f"{sorted(row)}.{did_you_mean(name, row)} Map columns with the task's "
                "`columns:` (or --source-column/--ref-column)."
            )
        value = row[name]
        if isinstance(value, list) and allow_list:
            value = [str(v) for v in value]
        elif value is None:
            value = ""
        elif not isinstance(value, str):
            value = str(value)
        out.append(value)
    return out


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (temporary file, fsync, rename)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_json(path: str | os.PathLike[str], obj: Any) -> None:
    """Write ``obj`` as indented UTF-8 JSON, atomically."""
    atomic_write_text(path, json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def read_json(path: str | os.PathLike[str]) -> Any:
    """Read a JSON file written by this package."""
    return json.loads(Path(path).read_text("utf-8"))


class JsonlLog:
    """An append-only JSONL file of records that survives being killed.

    :meth:`read` returns the complete records and cuts off a torn last line (a process killed
    mid-write), so that appending continues on a clean line. :meth:`append` writes, flushes
    and ``fsync``'s a group of records at once.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> list[dict[str, Any]]:
        """Return the complete records, truncating the file after the last complete one."""
        if not self.path.exists():
            return []
        data = self.path.read_bytes()
        records: list[dict[str, Any]] = []
        good = 0
        pos = 0
        while pos < len(data):
            end = data.find(b"\n", pos)
            if end < 0:
                break  # torn last line: no newline was written
            line = data[pos:end]
            try:
                record = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                break
            if not isinstance(record, dict):
                break
            records.append(record)
            pos = end + 1
            good = pos
        if good < len(data):
            with open(self.path, "r+b") as fh:
                fh.truncate(good)
                fh.flush()
                os.fsync(fh.fileno())
        return records

    def append(self, records: Iterable[dict[str, Any]]) -> None:
        """Append records, one JSON object a line, and make them durable before returning."""
        payload = "".join(dumps_line(r) for r in records)
        if not payload:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "ab") as fh:
            fh.write(payload.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())


def _read_bytes(path: Path, what: str) -> bytes:
    if path.is_dir():
        raise DataError(f"The {what} path {str(path)!r} is a folder; expected a file.")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(
            f"The {what} file {str(path)!r} does not exist (resolved to "
            f"{str(path.resolve())!r}). Check the path, or data_dir=PATH for task files."
        ) from None
    except OSError as exc:
        raise DataError(f"Cannot read the {what} file {str(path)!r}: {exc.strerror}.") from None


def _decode(raw: bytes, path: Path, what: str) -> str:
    """UTF-8 text (a BOM is accepted; UTF-16/32 with a BOM too), refusing binary files.

    Decoding is :func:`hinews.text.inputs.decode_bytes` (binary formats by magic number or
    NUL bytes, byte offset and line of the first bad byte, ``iconv`` advice); only the message
    for binary files is reworded for evaluation files.
    """
    from hinews.errors import InputError
    from hinews.text.inputs import binary_kind, decode_bytes

    name = f"The {what} file {str(path)!r}"
    try:
        return decode_bytes(raw, name=name)
    except InputError as exc:
        kind = binary_kind(raw)
        if kind is None:
            raise DataError(str(exc)) from None
        what_kind = f"({kind})" if "NUL" not in kind else f"({kind}, which text never does)"
        raise DataError(
            f"{name} looks like a binary file {what_kind}, not text. Evaluation files are UTF-8 "
            "plain text with one segment per line (or JSONL/CSV/TSV tables); check that the "
            "right file was given."
        ) from None
