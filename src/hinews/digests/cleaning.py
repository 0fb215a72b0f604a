"""One report cleaned as ``hinews segment`` cleans it, with what grouping needs: shared by
the digest's stages (:mod:`hinews.digests.build`) and its cleaning processes
(:mod:`hinews.digests.parallel`)."""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from hinews.digests import dedup
from hinews.digests.inputs import Report
from hinews.digests.result import Skipped
from hinews.errors import InputError
from hinews.results import Segmentation

if TYPE_CHECKING:
    from hinews.config import PipelineConfig
    from hinews.pipeline import Pipeline


@dataclass(frozen=True)
class Cleaned:
    """A report after the pipeline's cleaning, with what grouping needs."""

    report: Report
    segmentation: Segmentation
    body: str
    key: str
    when: datetime | None

    @property
    def text(self) -> str:
        """Headline and body, for the story vectors."""
        return f"{self.segmentation.title}\n{self.body}"


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 or RFC 2822 time as an aware datetime (UTC when no zone), else None."""
    if not value:
        return None
    text = value.strip()
    when: datetime | None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if when is None:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


class Segmenter:
    """The text stage of :meth:`hinews.Pipeline.segment` for one config, without the
    pipeline: what a cleaning process needs (it pickles small, loads no model, and keeps
    this package from importing the pipeline that imports it)."""

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config

    def segment(self, text: str, *, clean: bool | None = None, force: bool = False) -> Any:
        from hinews.text import segment_text
        from hinews.trust.language import with_language

        clean = self.config.pipeline.clean if clean is None else clean
        seg = segment_text(text, clean=clean, force=force, max_chars=self.config.pipeline.max_chars)
        return with_language(seg)


def clean_one(
    pipeline: Pipeline | Segmenter,
    report: Report,
    *,
    clean: bool | None = None,
    force: bool = False,
) -> Cleaned | Skipped:
    """One report cleaned and segmented, or skipped with its reason (bad or not Hindi)."""
    try:
        seg = pipeline.segment(report.full_text(), clean=clean, force=force)
    except InputError as exc:
        return Skipped(report.id, report.file, str(exc))
    body = " ".join(s.text for s in seg.sentences)
    reason = None if force else _not_hindi(seg)
    if reason:
        return Skipped(report.id, report.file, reason)
    return Cleaned(report, seg, body, dedup.exact_key(body), parse_time(report.published))


def _not_hindi(seg: Segmentation) -> str | None:
    """Why a cleaned report is not Hindi (the language the pipeline detected, by the same
    rule that makes a Hindi-only model refuse it); ``None`` when it is Hindi or too short
    to tell."""
    from hinews.trust.language import HINDI, REFUSE_AT, require_detector

    language = seg.language
    if language is None:
        require_detector()  # unknown because pycld2 is missing is not "too short to tell"
        return None
    if language.code == HINDI or language.confidence < REFUSE_AT:
        return None
    return (
        f"the text looks like {language.name} ({language.code}, confidence "
        f"{language.confidence:.2f}), not Hindi; pass --force (force=True) to include it"
    )
