"""Evaluation harness: score translations and briefs against references, compare systems.

Importing this package is cheap; sacrebleu, rouge-score, datasets, numpy and matplotlib
load on first use.

Main entry points:
    - :func:`~hinews.evaluation.score.score_files`: score existing outputs (``hinews score``).
    - :func:`~hinews.evaluation.tasks.load_task` and :func:`~hinews.evaluation.runner.run_task`:
      run a task into a resumable run directory (``hinews eval``).
    - :func:`~hinews.evaluation.metrics.get_metric`: BLEU, chrF++, ROUGE... by name.
    - :func:`~hinews.evaluation.bootstrap.confidence_interval`,
      :func:`~hinews.evaluation.bootstrap.paired_bootstrap`.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "score_files": "hinews.evaluation.score",
    "load_task": "hinews.evaluation.tasks",
    "TaskConfig": "hinews.evaluation.tasks",
    "run_task": "hinews.evaluation.runner",
    "RunResult": "hinews.evaluation.runner",
    "RunInterrupted": "hinews.evaluation.runner",
    "get_metric": "hinews.evaluation.metrics",
    "metric_names": "hinews.evaluation.metrics",
    "confidence_interval": "hinews.evaluation.bootstrap",
    "paired_bootstrap": "hinews.evaluation.bootstrap",
    "UnicodeWordTokenizer": "hinews.evaluation.tokenize",
    "CallableSystem": "hinews.evaluation.systems",
    "TranslatorSystem": "hinews.evaluation.systems",
    "PipelineSystem": "hinews.evaluation.systems",
    "System": "hinews.evaluation.systems",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hinews.evaluation' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = sorted(_LAZY)
