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
class Dropped:
    """A line (or the part of one) that cleaning removed, and the name of the rule that did."""

    text: str
    rule: str


@dataclass(frozen=True)
class Language:
    """The detected language of an article.

    Attributes:
        code: FLORES-200 / NLLB code, e.g. ``hin_Deva``, ``mar_Deva``, ``npi_Deva``.
        name: English name, e.g. ``Hindi``.
        confidence: Share of the Devanagari text the detector gave this language, in [0, 1],
            scaled down for texts under a dozen words (too short to be sure).
    """

    code: str
    name: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "confidence": round(self.confidence, 4)}


@dataclass(frozen=True)
class Hypothesis:
    """One translation from a backend and how sure the model was of it.

    ``confidence`` is ``exp(mean token log-probability)`` of the output under the model, in
    [0, 1] (forced language-code tokens left out, end-of-sentence token included), or
    ``None`` when the backend cannot say.
    """

    text: str
    confidence: float | None = None


@dataclass(frozen=True)
class Segmentation:
    """A cleaned article split into sentences, paragraphs kept as indices."""

    title: str
    sentences: tuple[Segment, ...]
    language: Language | None = None
    dropped: tuple[Dropped, ...] | None = None  # what cleaning removed, when asked for

    @property
    def paragraphs(self) -> list[list[str]]:
        """The sentences grouped by paragraph, in order."""
        return _group([(s.paragraph, s.text) for s in self.sentences])

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "sentences": [{"text": s.text, "paragraph": s.paragraph} for s in self.sentences],
        }
        if self.language is not None:
            data["language"] = self.language.to_dict()
        if self.dropped is not None:
            data["dropped"] = [{"text": d.text, "rule": d.rule} for d in self.dropped]
        return data

    def to_text(self) -> str:
        """Plain text: the title, then one sentence a line, a blank line between
        paragraphs, then (when asked for) every dropped line with its rule."""
        lines = [self.title, ""] if self.title else []
        for i, paragraph in enumerate(self.paragraphs):
            lines += ([""] if i else []) + paragraph
        if self.dropped is not None:  # --show-dropped
            lines += ["", f"dropped ({len(self.dropped)}):"]
            lines += [f"  [{d.rule}] {d.text}" for d in self.dropped]
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """The title as a heading, then one numbered sentence per line, paragraph by
        paragraph, then (when asked for) a table of the dropped lines and their rules."""
        lines = [f"# {self.title}", ""] if self.title else []
        number = 0
        for paragraph in self.paragraphs:
            for sentence in paragraph:
                number += 1
                lines.append(f"{number}. {sentence}")
            lines.append("")
        if self.dropped is not None:  # --show-dropped
            lines += [f"## Dropped ({len(self.dropped)})", "", "| rule | text |", "|---|---|"]
            lines += [f"| {d.rule} | {_cell(d.text)} |" for d in self.dropped]
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

    def to_markdown(self, role: str) -> str:
        """One list item for a Markdown footer: ``- translator: `model` @ revision
        (backend; option=value, ...)``."""
        revision = f" @ {self.revision}" if self.revision else ""
        options = "; ".join(f"{k}={v}" for k, v in self.options.items())
        details = self.backend + (f"; {options}" if options else "")
        return f"- {role}: `{self.model}`{revision} ({_cell(details)})"


def _made_with(*items: tuple[str, Provenance]) -> str:
    """The "Made with" footer of the Markdown outputs: each model and the hinews version."""
    lines = [prov.to_markdown(role) for role, prov in items]
    return "\n## Made with\n\n" + "\n".join(lines) + f"\n- hinews {items[0][1].hinews_version}\n"


# Per-sentence flags, in the order they are reported (see hinews.trust.flags).
FLAG_NAMES = (
    "low-confidence",
    "untranslated",
    "repetition",
    "length",
    "numbers",
    "names",
    "glossary",
)


@dataclass(frozen=True)
class SentencePair:
    """A source sentence, its translation, and its paragraph index.

    ``confidence`` is the model's probability of its own output (``exp`` of the mean token
    log-probability, see :class:`Hypothesis`); ``flags`` names what to check (a subset of
    :data:`FLAG_NAMES`, documented in :mod:`hinews.trust.flags`), empty when nothing fired.
    """

    source: str
    target: str
    paragraph: int
    confidence: float | None = None
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "paragraph": self.paragraph,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class Translation:
    """A translated article: title, aligned sentences, and the provenance of the translation."""

    title_source: str
    title: str
    sentences: tuple[SentencePair, ...]
    provenance: Provenance
    language: Language | None = None
    title_confidence: float | None = None

    @property
    def flag_counts(self) -> dict[str, int]:
        """How many sentences carry each flag (every flag name, zeros included)."""
        counts = dict.fromkeys(FLAG_NAMES, 0)
        for pair in self.sentences:
            for flag in pair.flags:
                counts[flag] = counts.get(flag, 0) + 1
        return counts

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
            "sentences": [s.to_dict() for s in self.sentences],
            "flags": self.flag_counts,
            "language": None if self.language is None else self.language.to_dict(),
            "provenance": self.provenance.to_dict(),
        }

    def to_text(self) -> str:
        """Plain text: the English title and paragraphs, then the flagged sentences with
        their confidence and flags (nothing more when none is flagged)."""
        head = f"{self.title}\n\n" if self.title else ""
        rows = [
            f"  {n}. [{_confidence_text(p.confidence)}] {', '.join(p.flags)}: {p.target}"
            for n, p in enumerate(self.sentences, 1)
            if p.flags
        ]
        check = "\nCheck these sentences (confidence, flags):\n" + "\n".join(rows) + "\n"
        return head + self.text + "\n" + (check if rows else "")

    def to_markdown(self) -> str:
        """The English title as a heading, the paragraphs, then every sentence with its
        confidence, flags and source (flagged rows marked ⚠)."""
        head = f"# {self.title}\n\n" if self.title else ""
        return (
            head
            + self.text
            + "\n"
            + self.sentences_markdown()
            + _made_with(("translator", self.provenance))
        )

    def sentences_markdown(self) -> str:
        """A "Sentences" table: confidence, flags, English and Hindi of every sentence;
        a flagged row starts with ⚠ so a reader sees what to check before quoting it."""
        if not self.sentences:
            return ""
        rows = [
            f"| {'⚠ ' if p.flags else ''}{n} | {_confidence_text(p.confidence)} | "
            f"{', '.join(p.flags)} | {_cell(p.target)} | {_cell(p.source)} |"
            for n, p in enumerate(self.sentences, 1)
        ]
        flagged = sum(1 for p in self.sentences if p.flags)
        summary = f"{flagged} of {len(self.sentences)} sentences flagged"
        return (
            f"\n## Sentences ({summary})\n\n| # | confidence | flags | English | Hindi |\n"
            "|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
        )


@dataclass(frozen=True)
class BulletSupport:
    """What a bullet rests on (:mod:`hinews.trust.support`).

    ``sentences`` are indices into the brief's ``translation.sentences`` (for a digest
    story, into the sentences of the reports named in ``articles``, one id per index);
    ``source`` and ``target`` are those sentences in Hindi and English (``""`` where the
    digest did not translate one). ``score`` in [0, 1] is how much of the bullet they say
    (1: the bullet is one of them); ``method`` how it was found: ``sentence`` (the bullet
    is the sentence), ``english`` (its words against the translation) or ``hindi`` (the
    model's Hindi sentence against the Hindi article).
    """

    sentences: tuple[int, ...]
    source: tuple[str, ...]
    target: tuple[str, ...]
    score: float
    method: str
    articles: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "sentences": list(self.sentences),
            "hindi": list(self.source),
            "english": list(self.target),
            "score": self.score,
            "method": self.method,
        }
        if self.articles:
            out["articles"] = list(self.articles)
        return out


@dataclass(frozen=True)
class Brief:
    """A three-bullet English brief of an article, with the translation it came from.

    ``unsupported[i]`` lists the numbers and dates in ``bullets[i]`` that do not occur in
    the source: a cheap warning against invented facts. ``note`` says why there are fewer
    than three bullets, when there are, and what was replaced. ``bullet_support[i]`` says
    which sentences of the article ``bullets[i]`` rests on and how well; a bullet below the
    threshold has the flag ``unsupported`` in ``bullet_flags[i]`` (not found in the article).
    """

    title: str
    bullets: tuple[str, ...]
    unsupported: tuple[tuple[str, ...], ...]
    translation: Translation
    provenance: Provenance
    order: str = "translate-first"
    note: str | None = None
    bullet_flags: tuple[tuple[str, ...], ...] = ()
    bullet_support: tuple[BulletSupport, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        flags = self.bullet_flags or tuple(() for _ in self.bullets)
        language = self.translation.language
        return {
            "title": self.title,
            "bullets": list(self.bullets),
            "unsupported_numbers": [list(u) for u in self.unsupported],
            "bullet_flags": [list(f) for f in flags],
            "bullet_support": [b.to_dict() for b in self.bullet_support],
            "note": self.note,
            "order": self.order,
            "language": None if language is None else language.to_dict(),
            "translation": self.translation.to_dict(),
            "provenance": {
                "summarizer": self.provenance.to_dict(),
                "translator": self.translation.provenance.to_dict(),
            },
        }

    def to_text(self) -> str:
        """Plain text: the title and the bullets, each with what to check."""
        lines = [self.title, ""] if self.title else []
        trust = self.bullet_flags or tuple(() for _ in self.bullets)
        for bullet, flags, sentence in zip(self.bullets, self.unsupported, trust, strict=True):
            lines.append(f"• {bullet}")
            lines += [f"  ({w})" for w in bullet_warnings(flags, sentence)]
        if self.note:
            lines += ["", self.note]
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """The brief as Markdown: title, bullets (with flags), then the translation."""
        lines = [f"# {self.title}", ""]
        sentence_flags = self.bullet_flags or tuple(() for _ in self.bullets)
        for bullet, flags, trust in zip(
            self.bullets, self.unsupported, sentence_flags, strict=True
        ):
            flag = "".join(f" _({w})_" for w in bullet_warnings(flags, trust))
            lines.append(f"- {bullet}{flag}")
        if self.note:
            lines += ["", f"_{self.note}_"]
        lines += ["", "## Translation", "", self.translation.text, ""]
        made = _made_with(
            ("summarizer", self.provenance), ("translator", self.translation.provenance)
        )
        return "\n".join(lines) + self.translation.sentences_markdown() + made


#: A bullet's flag when the article may not say it (:mod:`hinews.trust.support`).
UNSUPPORTED_FLAG = "unsupported"


def bullet_warnings(numbers: tuple[str, ...], flags: tuple[str, ...]) -> list[str]:
    """What a reader must check in a bullet, in words: "not found in the article", the
    numbers no source has, the flags of the sentences it came from."""
    out = []
    if UNSUPPORTED_FLAG in flags:
        out.append("⚠ not found in the article")
    if numbers:
        out.append(f"check: {', '.join(numbers)} not in the source")
    rest = [f for f in flags if f != UNSUPPORTED_FLAG]
    if rest:
        out.append(f"⚠ {', '.join(rest)}")
    return out


def _confidence_text(confidence: float | None) -> str:
    return "n/a" if confidence is None else f"{confidence:.2f}"


def _cell(text: str) -> str:
    """``text`` safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _group(items: list[tuple[int, str]]) -> list[list[str]]:
    groups: list[list[str]] = []
    last: int | None = None
    for paragraph, text in items:
        if paragraph != last:
            groups.append([])
            last = paragraph
        groups[-1].append(text)
    return groups
