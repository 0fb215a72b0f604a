"""Frozen result types. Each carries how it was made and serialises with ``to_dict()``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from hinews._version import __version__


@dataclass(frozen=True)
class Article:
    """A cleaned article: a title (may be empty) and its body paragraphs, in order."""

    title: str
    paragraphs: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "paragraphs": list(self.paragraphs)}


@dataclass(frozen=True)
class Segment:
    """One source sentence and the index of the body paragraph it belongs to."""

    text: str
    paragraph: int


@dataclass(frozen=True)
class Segmentation:
    """A cleaned article split into sentences, paragraphs kept as indices."""

    title: str
    sentences: tuple[Segment, ...]

    @property
    def paragraphs(self) -> list[list[str]]:
        """The sentences grouped by paragraph, in order."""
        return _group([(s.paragraph, s.text) for s in self.sentences])

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "sentences": [{"text": s.text, "paragraph": s.paragraph} for s in self.sentences],
        }

    def to_markdown(self) -> str:
        """The title as a heading, then one numbered sentence per line, paragraph by paragraph."""
        lines = [f"# {self.title}", ""] if self.title else []
        number = 0
        for paragraph in self.paragraphs:
            for sentence in paragraph:
                number += 1
                lines.append(f"{number}. {sentence}")
            lines.append("")
        return "\n".join(lines)


@dataclass(frozen=True)
class Provenance:
    """How a result was made: model, revision, backend, decoding options, hinews version.

    ``options`` is read-only (a copy of what was given), so a result's record of how it
    was made cannot be changed after the fact.
    """

    model: str
    backend: str
    revision: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict, hash=False)
    hinews_version: str = __version__

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "backend": self.backend,
            "revision": self.revision,
            "options": dict(self.options),
            "hinews_version": self.hinews_version,
        }


@dataclass(frozen=True)
class SentencePair:
    """A source sentence, its translation, and its paragraph index."""

    source: str
    target: str
    paragraph: int


@dataclass(frozen=True)
class Translation:
    """A translated article: title, aligned sentences, and the provenance of the translation."""

    title_source: str
    title: str
    sentences: tuple[SentencePair, ...]
    provenance: Provenance

    @property
    def paragraphs(self) -> list[list[str]]:
        """The English sentences grouped by paragraph, in order."""
        return _group([(s.paragraph, s.target) for s in self.sentences])

    @property
    def text(self) -> str:
        """The English body: sentences joined by spaces, paragraphs by blank lines."""
        return "\n\n".join(" ".join(p) for p in self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "title_source": self.title_source,
            "text": self.text,
            "sentences": [
                {"source": s.source, "target": s.target, "paragraph": s.paragraph}
                for s in self.sentences
            ],
            "provenance": self.provenance.to_dict(),
        }

    def to_markdown(self) -> str:
        """The English title as a heading, then the paragraphs."""
        head = f"# {self.title}\n\n" if self.title else ""
        return head + self.text + "\n"


@dataclass(frozen=True)
class Brief:
    """A three-bullet English brief of an article, with the translation it came from.

    ``unsupported[i]`` lists the numbers and dates in ``bullets[i]`` that do not occur in
    the source: a cheap warning against invented facts. ``note`` says why there are fewer
    than three bullets, when there are.
    """

    title: str
    bullets: tuple[str, ...]
    unsupported: tuple[tuple[str, ...], ...]
    translation: Translation
    provenance: Provenance
    order: str = "translate-first"
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "bullets": list(self.bullets),
            "unsupported_numbers": [list(u) for u in self.unsupported],
            "note": self.note,
            "order": self.order,
            "translation": self.translation.to_dict(),
            "provenance": {
                "summarizer": self.provenance.to_dict(),
                "translator": self.translation.provenance.to_dict(),
            },
        }

    def to_markdown(self) -> str:
        """The brief as Markdown: title, bullets (with flags), then the translation."""
        lines = [f"# {self.title}", ""]
        for bullet, flags in zip(self.bullets, self.unsupported, strict=True):
            flag = f" _(check: {', '.join(flags)} not in source)_" if flags else ""
            lines.append(f"- {bullet}{flag}")
        if self.note:
            lines += ["", f"_{self.note}_"]
        lines += ["", "## Translation", "", self.translation.text, ""]
        return "\n".join(lines)


def _group(items: list[tuple[int, str]]) -> list[list[str]]:
    groups: list[list[str]] = []
    last: int | None = None
    for paragraph, text in items:
        if paragraph != last:
            groups.append([])
            last = paragraph
        groups[-1].append(text)
    return groups
