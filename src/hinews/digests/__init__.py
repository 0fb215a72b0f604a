"""Digest: many Hindi reports from many outlets -> deduplicated stories, one English brief each.

Modules:
    inputs: files, folders, JSON Lines, RSS/Atom feeds and feed URLs -> reports.
    dedup: syndicated copies (exact hash, then datasketch MinHash LSH).
    stories: scikit-learn TF-IDF + agglomerative clustering (average/complete linkage).
    state: stable story ids across runs (``--state FILE``).
    brief: three sentences chosen across a story's reports.
    build: the stages in order; result: the frozen :class:`Digest`; render: Markdown/HTML.
    cli: ``hinews digest``.

``hinews.digest(...)`` is this package's :func:`digest` (the package is ``digests`` so
that importing it never shadows the function, as ``translators`` and ``translate()``).
scikit-learn, datasketch, feedparser and pycld2 load only when a digest runs.

Example:
    >>> import hinews
    >>> d = hinews.digest(["reports/"], translator="opus-mt")      # doctest: +SKIP
    >>> for story in d.stories:                                     # doctest: +SKIP
    ...     print(story.title, story.outlets, *story.bullets, sep="\\n")
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hinews.digests.result import Digest, DigestArticle, Skipped, Story
from hinews.errors import InputError

if TYPE_CHECKING:
    from hinews.digests.inputs import Report
    from hinews.pipeline import Pipeline


def digest(
    inputs: Iterable[str | Path | Report | dict[str, Any]],
    *,
    pipeline: Pipeline | None = None,
    translator: str | None = None,
    story_threshold: float | None = None,
    duplicate_threshold: float | None = None,
    linkage: str | None = None,
    state: str | Path | None = None,
    fetch: bool = False,
    clean: bool | None = None,
    force: bool = False,
    progress: bool = False,
    stories_only: bool = False,
    workers: int | None = None,
    method: str = "sparse",
    **options: Any,
) -> Digest:
    """Group Hindi reports into stories and brief each in three English bullets.

    Args:
        inputs: Paths (``.txt``/``.html`` reports, ``.jsonl`` with ``text`` and optional
            ``id``, ``title``, ``source``, ``url``, ``published``; ``.xml``/``.rss``/
            ``.atom`` feeds), folders of them, feed URLs (with ``fetch``), dicts like a
            JSONL record, or :class:`~hinews.digests.inputs.Report` objects.
        pipeline: The pipeline that cleans and translates (default: one built from
            ``translator`` and ``options``, as :meth:`hinews.Pipeline.from_options`).
        translator: Preset, model alias, hub id or local model directory.
        story_threshold: Cosine distance under which reports are one story (default
            0.825, see :mod:`hinews.digests.stories`).
        duplicate_threshold: Shingle Jaccard similarity from which a report is a copy
            (default 0.5).
        linkage: ``average`` (default) or ``complete``.
        state: A JSON file that keeps story ids stable across runs (read, then updated).
        fetch: Download URL inputs (http(s) only, public addresses, size/time capped).
        clean: Remove bylines, captions and other boilerplate (default: the config's).
        force: Let short, mixed or non-Hindi text through the language checks.
        progress: Show progress bars on standard error.
        stories_only: Copies and stories only, no model loaded: each story's Hindi
            headline, outlets and report ids (English titles and bullets left empty).
        workers: Processes that clean and segment the reports (default: all cores;
            the digest is the same for any number).
        method: ``sparse`` (default: near-linear, a top-k neighbour graph) or
            ``exact`` (the dense n×n distance matrix, about 8,000 reports at most).
        **options: Config overrides such as ``device="cpu"``; ``summarizer="xlsum"`` (or
            a folder with ``summarizer_strategy``): a summariser that reads Hindi writes
            each story's first bullets from its lead report.

    Returns:
        The :class:`Digest`; bad or non-Hindi inputs are in ``Digest.skipped``.
    """
    from hinews.digests.build import build_digest
    from hinews.digests.dedup import DEFAULT_THRESHOLD as DUP
    from hinews.digests.stories import DEFAULT_THRESHOLD as STORY
    from hinews.pipeline import Pipeline

    if pipeline is None:
        pipeline = Pipeline.from_options(translator=translator, **options)
    if isinstance(inputs, (str, Path)):
        # A lone path would be iterated character by character: say what to pass instead.
        raise InputError(
            f"digest() takes a list of inputs, got the single {type(inputs).__name__} "
            f"{str(inputs)!r}; pass [{str(inputs)!r}]"
        )
    return build_digest(
        pipeline,
        inputs,
        story_threshold=STORY if story_threshold is None else story_threshold,
        duplicate_threshold=DUP if duplicate_threshold is None else duplicate_threshold,
        linkage=linkage,
        state=state,
        fetch=fetch,
        clean=clean,
        force=force,
        progress=progress,
        stories_only=stories_only,
        workers=workers,
        method=method,
    )


__all__ = ["Digest", "DigestArticle", "Skipped", "Story", "digest"]
