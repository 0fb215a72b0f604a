"""The frozen result of a digest: stories, their reports, what was skipped, and provenance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from hinews._version import __version__
from hinews.results import BulletSupport, Provenance


@dataclass(frozen=True)
class DigestArticle:
    """One input report as the digest lists it.

    Attributes:
        id: The report's id (the JSONL ``id``, the feed entry id, or the file path).
        file: The path as given, for file inputs (else ``None``).
        source: The outlet (JSONL ``source``, the feed's title), or ``None``.
        url: Where the report was published, or ``None``.
        published: Its publication time as given, or ``None``.
        title: Its English headline.
        title_source: Its Hindi headline (after cleaning).
        duplicate_of: The id of the copy kept when this report is a copy of another.
    """

    id: str
    file: str | None
    source: str | None
    url: str | None
    published: str | None
    title: str
    title_source: str
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "title": self.title,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(frozen=True)
class DisputedValue:
    """One value outlets give in a disagreement, and the reports that give it.

    Attributes:
        value: The value in ASCII digits, scale applied (``"12"``, ``"250000"``).
        reports: The ids of the reports that state it.
        written: The number as the first of them wrote it (``"2.5 लाख"``), ASCII digits.
    """

    value: str
    reports: tuple[str, ...]
    written: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "reports": list(self.reports), "written": self.written}


@dataclass(frozen=True)
class Discrepancy:
    """Reports of one story that give different numbers for the same thing.

    Attributes:
        what: The counted Hindi noun or unit (``लोगों``; ``फीसदी किसान``).
        what_en: Its English (from the digest's translation, else a built-in glossary;
            ``""`` when neither knows it).
        values: Each value with its reports, the most reported first.
    """

    what: str
    what_en: str
    values: tuple[DisputedValue, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "what_en": self.what_en,
            "values": [v.to_dict() for v in self.values],
        }


@dataclass(frozen=True)
class Change:
    """A counted number of a story that moved since the last ``--state`` run.

    Attributes:
        what: The counted Hindi noun or unit; what_en: its English.
        old: The value the previous run saw; new: the value now.
        reports: The reports that give the new value.
    """

    what: str
    what_en: str
    old: str
    new: str
    reports: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "what_en": self.what_en,
            "old": self.old,
            "new": self.new,
            "reports": list(self.reports),
        }


@dataclass(frozen=True)
class Story:
    """Reports of one event with one English brief.

    ``discrepancies`` are the numbers its reports disagree on
    (:mod:`hinews.digests.discrepancies`). With a state file, ``new_reports`` are the ids
    the previous run did not see, ``changes`` the counted numbers that moved, and
    ``first_seen``/``updated`` when the story was first seen and last got something new
    (ISO 8601, UTC; ``None`` without a state file).

    ``unsupported[i]`` lists the numbers and dates in ``bullets[i]`` that occur in none of
    the story's Hindi reports (as in the single-article brief); ``bullet_flags[i]`` are the
    trust flags of the translation ``bullets[i]`` came from (see :mod:`hinews.trust.flags`),
    with ``unsupported`` first when ``bullet_support[i]`` (the report sentences it rests
    on, :mod:`hinews.trust.support`) is below the threshold.
    """

    id: str
    title: str
    title_source: str
    bullets: tuple[str, ...]
    unsupported: tuple[tuple[str, ...], ...]
    outlets: int
    articles: tuple[DigestArticle, ...]
    bullet_flags: tuple[tuple[str, ...], ...] = ()
    bullet_support: tuple[BulletSupport, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    new_reports: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()
    first_seen: str | None = None
    updated: str | None = None

    @property
    def is_new(self) -> bool:
        """Whether the last ``--state`` run saw none of this story's reports."""
        return bool(self.articles) and len(self.new_reports) == len(self.articles)

    @property
    def has_news(self) -> bool:
        """Whether the story has new reports or moved numbers since the last run."""
        return bool(self.new_reports or self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_source": self.title_source,
            "bullets": list(self.bullets),
            "unsupported": [list(u) for u in self.unsupported],
            "bullet_flags": [list(f) for f in self.bullet_flags or [() for _ in self.bullets]],
            "bullet_support": [b.to_dict() for b in self.bullet_support],
            "outlets": self.outlets,
            "articles": [a.to_dict() for a in self.articles],
            "discrepancies": [d.to_dict() for d in self.discrepancies],
            "new_reports": list(self.new_reports),
            "changes": [c.to_dict() for c in self.changes],
            "first_seen": self.first_seen,
            "updated": self.updated,
        }


@dataclass(frozen=True)
class Skipped:
    """An input that is in no story, and why (unreadable, not Hindi, no article text...)."""

    id: str
    file: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "reason": self.reason}


@dataclass(frozen=True)
class Digest:
    """Many reports grouped into stories, ranked by outlets and recency.

    Every report read is in exactly one story's ``articles``; copies carry
    ``duplicate_of``. ``provenance`` records the grouping options, the translator's
    provenance (``None`` when nothing needed translating) and the hinews version.
    """

    stories: tuple[Story, ...]
    skipped: tuple[Skipped, ...]
    translator: Provenance | None
    options: Mapping[str, Any] = field(default_factory=dict, hash=False)
    hinews_version: str = __version__

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))

    @property
    def articles(self) -> int:
        """How many reports the stories hold (copies included)."""
        return sum(len(s.articles) for s in self.stories)

    @property
    def duplicates(self) -> int:
        """How many reports are copies of another."""
        return sum(1 for s in self.stories for a in s.articles if a.duplicate_of)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stories": [s.to_dict() for s in self.stories],
            "articles": self.articles,
            "duplicates": self.duplicates,
            "skipped": [s.to_dict() for s in self.skipped],
            "provenance": {
                "translator": self.translator.to_dict() if self.translator else None,
                "grouping": dict(self.options),
                "hinews_version": self.hinews_version,
            },
        }

    def to_markdown(self) -> str:
        """The digest as Markdown (see :mod:`hinews.digests.render`)."""
        from hinews.digests.render import to_markdown

        return to_markdown(self)

    def to_html(self) -> str:
        """The digest as one self-contained HTML page."""
        from hinews.digests.render import to_html

        return to_html(self)
