"""A desk's glossary: Hindi terms and the one English rendering each must get.

A glossary file is TSV or CSV (by extension; ``.txt`` is read as TSV), one
``Hindi term<TAB>English rendering`` per line; blank lines and lines starting with ``#``
are skipped, and a first line ``hindi,english`` (any header naming the two) is a header.

A sentence whose source holds a term and whose translation lacks its rendering is flagged
``glossary``. With enforcement the term is replaced in the text sent to the model by its
English rendering, which translation models copy through (Latin script in a Hindi
sentence is what Hindi news does with names); the flag still fires if it did not survive.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hinews.errors import InputError
from hinews.files import read_user_file

_BOUNDARY = r"[\w\u0900-\u097F]"
_HEADER_WORDS = {"hindi", "english", "term", "rendering", "source", "target", "hi", "en"}


@dataclass(frozen=True)
class Glossary:
    """Hindi term -> English rendering, longest terms first (so they win over their parts)."""

    entries: tuple[tuple[str, str], ...]
    source: str = "<glossary>"
    _patterns: tuple[re.Pattern[str], ...] = field(
        init=False, repr=False, compare=False, default=()
    )

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.entries, key=lambda e: -len(e[0])))
        object.__setattr__(self, "entries", ordered)
        patterns = tuple(
            re.compile(rf"(?<!{_BOUNDARY}){re.escape(term)}(?!{_BOUNDARY})") for term, _ in ordered
        )
        object.__setattr__(self, "_patterns", patterns)

    def __len__(self) -> int:
        return len(self.entries)

    def terms_in(self, source: str) -> list[tuple[str, str]]:
        """The ``(term, rendering)`` pairs whose term occurs in ``source`` as whole words."""
        return [
            entry
            for entry, pattern in zip(self.entries, self._patterns, strict=True)
            if pattern.search(source)
        ]

    def missing(self, source: str, target: str) -> tuple[str, ...]:
        """Terms of ``source`` whose rendering ``target`` lacks (case-insensitive)."""
        lowered = target.casefold()
        return tuple(t for t, r in self.terms_in(source) if r.casefold() not in lowered)

    def protect(self, source: str) -> str:
        """``source`` with each term replaced by its English rendering, for the model."""
        for (_, rendering), pattern in zip(self.entries, self._patterns, strict=True):
            # A function, not a template: a rendering may hold backslashes.
            source = pattern.sub(_literal(rendering), source)
        return source

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "entries": len(self.entries)}


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: text


def parse_glossary(text: str, *, delimiter: str = "\t", source: str = "<glossary>") -> Glossary:
    """A glossary from the text of a TSV (``delimiter="\\t"``) or CSV (``","``) file.

    Raises:
        InputError: A line without two non-empty fields, naming the line.
    """
    entries: list[tuple[str, str]] = []
    problems: list[str] = []
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    for number, row in enumerate(rows, 1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in row]
        if number == 1 and {c.casefold() for c in cells[:2]} <= _HEADER_WORDS:
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            problems.append(f"line {number}: {delimiter.join(row)!r}")
            continue
        entries.append((cells[0], cells[1]))
    if problems:
        sep = "a tab" if delimiter == "\t" else "a comma"
        raise InputError(
            f"glossary {source}: {len(problems)} line(s) without a Hindi term and an English "
            f"rendering separated by {sep} ({'; '.join(problems[:3])}); "
            "write one 'term<TAB>rendering' per line (CSV: 'term,rendering')"
        )
    if not entries:
        raise InputError(
            f"glossary {source} has no entries; write one 'Hindi term<TAB>English rendering' "
            "per line"
        )
    return Glossary(tuple(entries), source=source)


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary file: ``.csv`` as CSV, anything else as TSV.

    Raises:
        InputError: The file is missing, unreadable, not UTF-8, or has bad lines.
    """
    path = Path(path).expanduser()
    text = read_user_file(
        path, what="glossary file", expected="a .tsv or .csv file", error=InputError,
        encoding="utf-8-sig",
    )  # fmt: skip
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    return parse_glossary(text, delimiter=delimiter, source=str(path))
