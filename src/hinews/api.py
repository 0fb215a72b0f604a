"""One-call functions over a default :class:`~hinews.Pipeline`: :func:`translate`,
:func:`brief`, :func:`segment`, :func:`digest` and :func:`score`.

This module imports nothing heavy (nor the pipeline) until a function is called, so
``import hinews`` can import it.

Example:
    >>> import hinews
    >>> hinews.segment("डॉ. शर्मा आए। वे खुश थे।").sentences[0].text   # doctest: +SKIP
    'डॉ. शर्मा आए।'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hinews.results import Brief, Segmentation, Translation

if TYPE_CHECKING:
    from hinews.digests.inputs import Report
    from hinews.digests.result import Digest


def translate(
    text: str,
    *,
    translator: str | None = None,
    clean: bool = True,
    force: bool = False,
    **options: Any,
) -> Translation:
    """Translate one Hindi article into English.

    Args:
        text: The article (plain text or a saved HTML page).
        translator: Preset, model alias, hub id or local model directory.
        clean: Remove bylines, captions, breadcrumbs and other boilerplate first.
        force: Let short or mixed-language text through the input checks.
        **options: Config overrides such as ``device="cpu"`` or ``num_beams=1``.
    """
    from hinews.pipeline import Pipeline

    pipe = Pipeline.from_options(translator=translator, **options)
    return pipe.translate(text, clean=clean, force=force)


def brief(
    text: str,
    *,
    translator: str | None = None,
    summarizer: str | None = None,
    order: str | None = None,
    clean: bool = True,
    force: bool = False,
    **options: Any,
) -> Brief:
    """Translate a Hindi article and write a three-bullet English brief.

    Args:
        text: The article (plain text or a saved HTML page).
        translator: Preset, model alias, hub id or local model directory.
        summarizer: ``extractive`` (default), ``lead``, a model alias (``xlsum`` and
            ``crosssum`` read the Hindi), hub id or directory.
        order: ``translate-first`` or ``summarize-first`` (translate only the 3 sentences).
        clean: Remove boilerplate first.
        force: Let short or mixed-language text through the input checks.
        **options: Config overrides such as ``device="cpu"``, or
            ``summarizer_strategy="source"`` for a summariser folder that reads Hindi.
    """
    from hinews.pipeline import Pipeline

    pipe = Pipeline.from_options(translator=translator, summarizer=summarizer, **options)
    return pipe.brief(text, clean=clean, force=force, order=order)


def segment(
    text: str, *, clean: bool = True, force: bool = False, show_dropped: bool = False
) -> Segmentation:
    """Clean a Hindi article and split it into sentences (no model needed), with its
    detected language (``Segmentation.language``); with ``show_dropped``, every line that
    cleaning removed and the rule that removed it (``Segmentation.dropped``)."""
    from hinews.config import PipelineConfig
    from hinews.pipeline import Pipeline

    # The same Pipeline.segment as `hinews segment` and batch runs, on the built-in
    # defaults: no preset file is read and no model is loaded.
    pipe = Pipeline(PipelineConfig())
    return pipe.segment(text, clean=clean, force=force, show_dropped=show_dropped)


def digest(
    inputs: Iterable[str | Path | Report | dict[str, Any]],
    *,
    translator: str | None = None,
    **options: Any,
) -> Digest:
    """Group a day of Hindi reports into stories, each with three English bullets.

    Args:
        inputs: Report files, folders, JSON Lines or feed files, dicts with ``text``...
        translator: Preset, model alias, hub id or local model directory.
        **options: The digest's options (``story_threshold``, ``state``, ``fetch``,
            ``pipeline`` ...) and config overrides, see :func:`hinews.digests.digest`.

    Returns:
        The :class:`~hinews.digests.Digest` (``stories``, ``skipped``, ``to_markdown()``).
    """
    from hinews.digests import digest as run

    return run(inputs, translator=translator, **options)


def score(
    hypotheses: str | os.PathLike[str] | Sequence[str],
    references: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | Sequence[Sequence[str]],
    *,
    metrics: Sequence[str] = ("bleu", "chrf++", "rouge"),
    lang: str | None = None,
) -> dict[str, Any]:
    """Corpus scores (BLEU, chrF++, ROUGE, ...) of outputs against references.

    Args:
        hypotheses: A file of outputs, one a line, or the outputs as a list of strings.
        references: With a file of hypotheses, one reference file or a list of them;
            with a list of hypotheses, one list of references (one per hypothesis) or
            several such lists.
        metrics: Metric names (``bleu``, ``chrf``, ``chrf++``, ``rouge``, ...).
        lang: The references' language for ROUGE (``en`` or ``hi``; default: guessed).

    Returns:
        ``{"bleu": ..., "chrf++": ..., "rouge1": ..., "signature": ...}``, F-measures x100.

    Example:
        >>> hinews.score(["The bridge opened."], ["The bridge was opened."])  # doctest: +SKIP
    """
    from hinews.evaluation.score import score_files, score_lines

    given: Any = references  # its shape depends on what the hypotheses are
    if isinstance(hypotheses, (str, os.PathLike)):
        refs = [given] if isinstance(given, (str, os.PathLike)) else list(given)
        return score_files(hypotheses, refs, metrics=metrics, lang=lang)
    one = bool(given) and all(isinstance(r, str) for r in given)
    streams = [list(given)] if one else [list(r) for r in given]
    return score_lines(list(hypotheses), streams, metrics=metrics, lang=lang)
