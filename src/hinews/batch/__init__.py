"""Batch runs over archives: in this process or on Ray Data, resumable, one row per row.

Example:
    >>> from hinews.batch import BatchOptions, run_batch                  # doctest: +SKIP
    >>> from hinews.presets import load_preset                             # doctest: +SKIP
    >>> run_batch(BatchOptions("archive.jsonl", Path("out"),              # doctest: +SKIP
    ...                        config=load_preset("fast").to_dict())).line()

Nothing here imports Ray, torch or a model until a run needs it.
"""

from __future__ import annotations

from hinews.batch.run import ENGINES, BatchOptions, BatchSummary, run_batch
from hinews.batch.worker import TASKS, BatchWorker, ShardWorker

__all__ = [
    "ENGINES",
    "TASKS",
    "BatchOptions",
    "BatchSummary",
    "BatchWorker",
    "ShardWorker",
    "run_batch",
]
