"""JSON Lines records, read the same way wherever hinews takes them.

``hinews translate|brief archive.jsonl``, ``hinews batch`` and ``hinews digest`` all read
one JSON object a line with the article in ``text``. Blank lines are no records; a line
that cannot be a record (not UTF-8, not JSON, not an object, no string ``text``) becomes
a :class:`Record` with its error, named by file and line, and the caller reports it and
goes on. So a bad line reads the same in every command.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Record",
    "article_text",
    "dumps_line",
    "parse_line",
    "parse_lines",
    "text_error",
    "with_headline",
]

EXAMPLE = '{"id": 1, "text": "..."}'
# Left raw by json.dumps(ensure_ascii=False), but line breaks to str.splitlines(), to
# JavaScript and to many JSON Lines readers.
_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def dumps_line(value: Any) -> str:
    """``value`` as one JSON Lines line, newline included: Devanagari kept as UTF-8, but
    U+2028, U+2029 and U+0085 escaped, so that every reader sees one record a line."""
    return json.dumps(value, ensure_ascii=False).translate(_SEPARATORS) + "\n"


@dataclass(frozen=True)
class Record:
    """One non-blank line of a JSON Lines file.

    Attributes:
        where: ``file:line``, the start of every message about it.
        line: Its line number (from 1).
        fields: The JSON object; empty when the line is not one.
        error: Why the line cannot be an article, or ``None`` (then ``fields["text"]``
            is a string).
    """

    where: str
    line: int
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def text(self) -> str | None:
        """The article, with a string ``title`` field as its headline (see
        :func:`with_headline`), or ``None`` for a bad line."""
        return None if self.error else article_text(self.fields)


def article_text(record: dict[str, Any]) -> str:
    """The article of a record with a string ``text``: that text, with a string ``title``
    field as its headline (see :func:`with_headline`)."""
    title = record.get("title")
    return with_headline(record["text"], title if isinstance(title, str) else None)


def with_headline(text: str, title: str | None) -> str:
    """``text`` with ``title`` as its first line, so that cleaning finds the headline;
    unchanged when there is no title, when the text already starts with it, or when the
    text is an HTML page (which carries its own headline)."""
    title = (title or "").strip()
    stripped = text.lstrip()
    if not title or stripped.startswith(title) or stripped.startswith("<"):
        return text
    return f"{title}\n\n{text}"


def text_error(record: dict[str, Any], where: str) -> str | None:
    """Why ``record`` has no article in ``text``, or ``None`` when it has one."""
    text = record.get("text")
    if text is None:
        return f"{where} has no 'text' field; each record needs the article in 'text'"
    if not isinstance(text, str):
        return (
            f"{where}: 'text' is of type {type(text).__name__}, not a string; give the "
            "article as a JSON string"
        )
    return None


def parse_line(raw: bytes | str, name: str, line: int) -> Record:
    """One line of a JSON Lines file as a :class:`Record` (bad lines carry their error).

    Args:
        raw: The line, as bytes (decoded here as UTF-8; a byte-order mark is allowed on
            line 1) or as text.
        name: The file, as messages should name it.
        line: Its line number.
    """
    where = f"{name}:{line}"
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig" if line == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            return Record(
                where, line, error=f"{where} is not valid UTF-8 (byte offset {exc.start})"
            )
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        reason = f"{exc.msg} at column {exc.colno}"
        return Record(where, line, error=f"{where} is not valid JSON ({reason})")
    if not isinstance(value, dict):
        kind = type(value).__name__
        return Record(where, line, error=f"{where} is a JSON {kind}, not an object like {EXAMPLE}")
    return Record(where, line, value, text_error(value, where))


def parse_lines(data: bytes | str, name: str, *, first_line: int = 1) -> list[Record]:
    """Every non-blank line of ``data`` as a :class:`Record`.

    Args:
        data: The file's content, or a slice of it starting at a line.
        name: The file, as messages should name it.
        first_line: The line number of the first line in ``data``.
    """
    # Split on "\n" only: str.splitlines() would also cut at U+2028, U+0085 and other
    # separators that json.dumps(..., ensure_ascii=False) leaves inside strings.
    lines: list[bytes | str] = [
        *(data.split(b"\n") if isinstance(data, bytes) else data.split("\n"))
    ]
    return [
        parse_line(raw, name, number) for number, raw in enumerate(lines, first_line) if raw.strip()
    ]
