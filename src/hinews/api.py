"""One-call functions over a default :class:`~hinews.Pipeline`.

Example:
    >>> import hinews
    >>> hinews.segment("डॉ. शर्मा आए। वे खुश थे।").sentences[0].text   # doctest: +SKIP
    'डॉ. शर्मा आए।'
"""

from __future__ import annotations

from typing import Any

from hinews.pipeline import Pipeline
from hinews.results import Brief, Segmentation, Translation


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
    pipe = Pipeline.from_options(translator=translator, summarizer=summarizer, **options)
    return pipe.brief(text, clean=clean, force=force, order=order)


def segment(
    text: str, *, clean: bool = True, force: bool = False, show_dropped: bool = False
) -> Segmentation:
    """Clean a Hindi article and split it into sentences (no model needed), with its
    detected language (``Segmentation.language``); with ``show_dropped``, every line that
    cleaning removed and the rule that removed it (``Segmentation.dropped``)."""
    from hinews.config import PipelineConfig

    # The same Pipeline.segment as `hinews segment` and batch runs, on the built-in
    # defaults: no preset file is read and no model is loaded.
    pipe = Pipeline(PipelineConfig())
    return pipe.segment(text, clean=clean, force=force, show_dropped=show_dropped)
