"""Digest: many Hindi reports from many outlets -> deduplicated stories, one English brief each.

Modules:
    inputs: files, folders, JSON Lines, RSS/Atom feeds and feed URLs -> reports.
    dedup: syndicated copies (exact hash, then datasketch MinHash LSH).
    stories: scikit-learn TF-IDF + agglomerative clustering (average/complete linkage).
    state: stable story ids across runs (``--state FILE``).
    discrepancies: numbers the reports of one story disagree on.
    changes: what is new since the last ``--state`` run (``--since-last``).
    run: a digest by a given pipeline, its options checked (for :func:`digest` and
    :meth:`hinews.Pipeline.digest`).
    build: the stages in order (a story's brief comes from :mod:`hinews.briefing`, as an
    article's); result: the frozen :class:`Digest`; render: Markdown/HTML.
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
    ray: str | bool | None = None,
    **options: Any,
) -> Digest:
    """Group Hindi reports into stories and brief each in three English bullets.

    Args:
        inputs: Paths (``.txt``/``.html`` reports, ``.jsonl`` with ``text`` and optional
            ``id``, ``title``, ``source``, ``url``, ``published``; ``.xml``/``.rss``/
            ``.atom`` feeds), folders of them, feed URLs (with ``fetch``), dicts like a
            JSONL record, or :class:`~hinews.digests.inputs.Report` objects.
        pipeline: The pipeline that cleans and translates (default: one built from
            ``translator`` and ``options``, as :meth:`hinews.Pipeline.from_options`;
            given, ``translator`` and ``options`` change its config for this digest, as
            :meth:`hinews.Pipeline.with_options`).
        translator: Preset, model alias, hub id or local model directory.
        story_threshold: Cosine distance under which reports are one story (default
            0.825, see :mod:`hinews.digests.stories`).
        duplicate_threshold: Shingle Jaccard similarity from which a report is a copy
            (default 0.5).
        linkage: ``average`` (default) or ``complete``.
        state: A JSON file that keeps story ids stable across runs (read, then updated);
            with it, stories carry ``new_reports``, ``first_seen``, ``updated`` and
            ``changes`` since the last run. A file that is not such a state is refused.
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
        ray: Clean the reports, and translate and brief the stories, on Ray Data:
            ``True`` (or ``"local"``) starts a local cluster, an address (``auto``,
            ``HOST:PORT``, ``ray://...``) joins that one; ``workers`` is then the number
            of Ray workers. Grouping stays in this process; the digest is the same.
        **options: Config overrides such as ``device="cpu"``; ``summarizer="xlsum"`` (or
            a folder with ``summarizer_strategy``): a summariser that reads Hindi writes
            each story's first bullets from its lead report.

    Returns:
        The :class:`Digest`; bad or non-Hindi inputs are in ``Digest.skipped``.

    Raises:
        ConfigError: An unknown option (with the nearest valid one, if close) or a bad
            threshold or linkage.
        InputError: ``inputs`` is one path rather than a list of them.
    """
    from hinews.digests.run import digest_with, valid_options
    from hinews.options import check_names
    from hinews.pipeline import Pipeline

    # config= and preset= build a pipeline; a given one changes its own config.
    valid = valid_options() if pipeline is None else valid_options() - {"config", "preset"}
    check_names(options, valid, "digest option")
    if pipeline is None:
        pipeline = Pipeline.from_options(translator=translator, **options)
    else:  # the options change the given pipeline's config (its models kept where they can)
        pipeline = pipeline.with_options(translator=translator, **options)
    return digest_with(
        pipeline,
        inputs,
        story_threshold=story_threshold,
        duplicate_threshold=duplicate_threshold,
        linkage=linkage,
        state=state,
        fetch=fetch,
        clean=clean,
        force=force,
        progress=progress,
        stories_only=stories_only,
        workers=workers,
        method=method,
        ray=ray,
    )


__all__ = ["Digest", "DigestArticle", "Skipped", "Story", "digest"]
