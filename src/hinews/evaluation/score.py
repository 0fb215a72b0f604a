"""Score existing outputs: hypotheses against one or more reference files."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

from hinews.errors import ConfigError, DataError
from hinews.evaluation.fileio import check_aligned, check_no_empty, read_lines
from hinews.evaluation.metrics import DISPLAY, Rouge, canonical_name, get_metric
from hinews.evaluation.tokenize import guess_lang

DEFAULT_METRICS = ("bleu", "chrf++", "rouge")
LANGS = ("en", "hi")
log = logging.getLogger(__name__)


def score_files(
    hyp: str | os.PathLike[str],
    refs: Sequence[str | os.PathLike[str]],
    *,
    metrics: Sequence[str] = DEFAULT_METRICS,
    lang: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Corpus scores of a hypotheses file against reference files (all line-aligned).

    Args:
        hyp: Hypotheses, one per line (UTF-8).
        refs: One or more reference files.
        metrics: Metric names (``bleu``, ``chrf``, ``chrf++``, ``rouge``, ...).
        lang: Reference language for ROUGE tokenisation (``en``/``hi``); None guesses it
            from the references (Devanagari means ``hi``).
        warn: Where warnings go (default: the ``hinews`` logger, which the CLI prints on
            standard error), e.g. ``lang="en"`` on Devanagari references with ROUGE.

    Returns:
        ``{"bleu": ..., "chrf++": ..., "rouge1": ..., ..., "signature": str,
        "signatures": {metric: str}}``
        with F-measures x100.

    Raises:
        DataError: Missing, empty, non-UTF-8 or misaligned files.
        ConfigError: Unknown metric or language.
    """
    if not refs:
        raise ConfigError("At least one reference file is needed (ref=FILE).")
    _check_lang(lang)
    hyps = read_lines(hyp, what="hypotheses")
    ref_lines = [read_lines(r, what=f"reference {i + 1}") for i, r in enumerate(refs)]
    n = check_aligned(
        [(f"hypotheses {hyp}", hyps)]
        + [(f"reference {r}", lines) for r, lines in zip(refs, ref_lines, strict=True)]
    )
    for r, lines in zip(refs, ref_lines, strict=True):
        check_no_empty(f"reference {r}", lines[:n])
    return score_lines(
        hyps[:n], [lines[:n] for lines in ref_lines], metrics=metrics, lang=lang, warn=warn
    )


def score_lines(
    hyps: Sequence[str],
    ref_lines: Sequence[Sequence[str]],
    *,
    metrics: Sequence[str] = DEFAULT_METRICS,
    lang: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """:func:`score_files` on texts: ``hyps`` against one or more reference streams (each
    as long as ``hyps``).

    Raises:
        DataError: A stream of another length than the hypotheses.
        ConfigError: No reference, or an unknown metric or language.
    """
    if not ref_lines:
        raise ConfigError("At least one list of references is needed.")
    _check_lang(lang)
    lengths = [len(hyps), *(len(r) for r in ref_lines)]
    if len(set(lengths)) > 1:
        listing = ", ".join(f"references {i + 1}: {n}" for i, n in enumerate(lengths[1:]))
        raise DataError(
            f"{len(hyps)} hypotheses but {listing}: give one reference per hypothesis in "
            "each list of references."
        )
    hyps, streams = list(hyps), [list(r) for r in ref_lines]
    guessed = guess_lang(streams[0][:200])
    if lang is None:
        lang = guessed
    elif lang == "en" and guessed == "hi" and any(_is_rouge(m) for m in metrics):
        (warn or log.warning)(
            'lang="en" but the references are in Devanagari: ROUGE with the English tokenizer '
            'drops Devanagari letters, so its scores are meaningless; use lang="hi" (or leave '
            "lang out to guess it)."
        )
    per_example = [list(group) for group in zip(*streams, strict=True)]
    out: dict[str, Any] = {}
    signature: dict[str, str] = {}
    for name in metrics:
        metric = get_metric(name, lang=lang)
        out.update(metric.corpus(hyps, per_example))
        signature[metric.name] = metric.signature()
    # One string, as sacrebleu prints it, plus the same per metric for programs.
    out["signature"] = " + ".join(signature.values())
    out["signatures"] = signature
    return out


def _is_rouge(name: str) -> bool:
    try:
        return canonical_name(name) == Rouge.name
    except ConfigError:
        return False  # reported by get_metric


def _check_lang(lang: str | None) -> None:
    if lang is not None and lang not in LANGS:
        raise ConfigError(f"Unknown language {lang!r}; valid: {', '.join(LANGS)}.")


def format_scores(scores: dict[str, Any], fmt: str = "text") -> str:
    """Scores as JSON or as sacrebleu-style text lines (``SIGNATURE = SCORE``)."""
    if fmt == "json":
        return json.dumps(scores, indent=2, ensure_ascii=False)
    lines = []
    sigs: dict[str, str] = scores.get("signatures", {})
    for key, value in scores.items():
        if key in ("signature", "signatures"):
            continue
        if key.startswith("xlsum-"):
            metric = "rouge-xlsum"
        else:
            metric = "rouge" if key.startswith("rouge") else key
        sig = sigs.get(metric, "")
        label = DISPLAY.get(key, key)
        lines.append(f"{label:<14} {value:6.2f}   {sig}")
    return "\n".join(lines)
