"""The per-batch work, the same under every engine: rows in, output rows out.

:class:`BatchWorker` builds one :class:`~hinews.Pipeline` (models load once, on first use)
and turns a batch of rows into ``{"id", "result", "error"}`` rows, where ``result`` is the
``to_dict()`` that ``hinews translate|brief|segment --format json`` prints for that text.
:class:`ShardWorker` is the callable class Ray Data's ``map_batches`` runs, one per worker
(the Ray Data batch-inference pattern); ``--engine local`` calls the same :func:`run_shard`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hinews.batch.inputs import Row, Shard, read_shard
from hinews.batch.store import write_shard
from hinews.errors import HinewsError, InputError

if TYPE_CHECKING:
    from hinews.results import Segmentation

__all__ = ["TASKS", "BatchWorker", "ShardWorker", "run_shard"]

TASKS = ("translate", "brief", "segment")
COUNTS = ("shard", "rows", "failed", "started", "finished")


def one_line(exc: BaseException) -> str:
    """An error message on one line (config errors list their problems on several)."""
    return " ".join(str(exc).split())


class BatchWorker:
    """Turns batches of rows into output rows with one pipeline.

    Args:
        task: ``translate``, ``brief`` or ``segment``.
        config: A :class:`~hinews.PipelineConfig` as a dict (``to_dict()``), so it travels
            to Ray workers as plain data.
        clean: Remove boilerplate (``--no-clean`` is ``False``).
        force: Let short or mixed-language text through.
        threads: CPU threads for the model (0: the backend's default).
    """

    def __init__(
        self,
        task: str,
        config: dict[str, Any],
        *,
        clean: bool = True,
        force: bool = False,
        threads: int = 0,
    ) -> None:
        from hinews.config import PipelineConfig
        from hinews.pipeline import Pipeline

        if task not in TASKS:
            raise InputError(f"unknown task {task!r}; valid: {', '.join(TASKS)}")
        cfg = PipelineConfig.from_dict(config, source="the batch config")
        if threads:
            cfg = cfg.replace(translator={"threads": threads})
        self.task = task
        self.clean = clean
        self.force = force
        self.pipe = Pipeline(cfg)
        # Load the models now, once per worker (the Ray Data pattern), so a missing model
        # fails before any row, not on each batch.
        if task != "segment":
            self.pipe.translator  # noqa: B018
        if task == "brief":
            self.pipe.summarizer  # noqa: B018

    def process(self, rows: list[Row]) -> list[Row]:
        """Output rows for ``rows``, in order; a bad row gets its error, the rest go on.

        Every text is checked and segmented on its own first, so one bad article never
        costs the batch; the good ones are then translated together (their sentences share
        the model's batches).
        """
        out: list[Row | None] = [None] * len(rows)
        good: list[int] = []
        segs: list[Any] = []
        for i, row in enumerate(rows):
            if row.get("error"):
                out[i] = _failed(row, str(row["error"]))
                continue
            try:
                # the same calls as ``hinews segment`` (and the first step of translate)
                seg = self.pipe.segment(row["text"], clean=self.clean, force=self.force)
                if self.task != "segment":
                    self.pipe.check_language(seg, force=self.force)
            except HinewsError as exc:
                out[i] = _failed(row, one_line(exc))
                continue
            segs.append(seg)
            good.append(i)
        if self.task == "segment":
            results: list[Any] = segs
        else:
            results = self._run(segs, good, rows, out)
        for i, result in zip(good, results, strict=True):
            if result is not None:
                out[i] = {"id": rows[i]["id"], "result": result.to_dict(), "error": None}
        return [row for row in out if row is not None]

    def _run(
        self, segs: list[Segmentation], good: list[int], rows: list[Row], out: list[Row | None]
    ) -> list[Any]:
        """Translate or brief the segmented rows together (one model batch); if that fails,
        row by row, so the failure stays in the row that caused it."""
        run = (
            self.pipe.translate_segmented if self.task == "translate" else self.pipe.brief_segmented
        )
        if not segs:
            return []
        try:
            return list(run(segs))
        except Exception:  # any failure: find its row, one by one, below
            pass
        results: list[Any] = []
        for i, seg in zip(good, segs, strict=True):
            try:
                results.append(run([seg])[0])
            except HinewsError as exc:
                out[i] = _failed(rows[i], one_line(exc))
                results.append(None)
            except Exception as exc:  # one bad row must not end an archive run
                message = f"internal error {type(exc).__name__}: {one_line(exc)} (a bug: report it)"
                out[i] = _failed(rows[i], message)
                results.append(None)
        return results


def _failed(row: Row, message: str) -> Row:
    return {"id": row["id"], "result": None, "error": message}


def run_shard(worker: BatchWorker, shard: Shard, out_dir: Path, output_format: str) -> Row:
    """Read, process and atomically write one shard; returns its counts and times."""
    started = time.time()
    rows = worker.process(read_shard(shard))
    write_shard(out_dir, shard.name, rows, output_format)
    failed = sum(1 for r in rows if r["error"] is not None)
    return {
        "shard": shard.name,
        "rows": len(rows),
        "failed": failed,
        "started": started,
        "finished": time.time(),
    }


class ShardWorker:
    """Ray Data's callable class: one pipeline per worker, a batch of shards per call.

    Args:
        out_dir: The output folder (on a cluster: storage every node can write).
        output_format: ``jsonl`` or ``parquet``.
        **worker: The :class:`BatchWorker` arguments.
    """

    def __init__(self, out_dir: str, output_format: str, **worker: Any) -> None:
        self.worker = BatchWorker(**worker)
        self.out_dir = Path(out_dir)
        self.output_format = output_format

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        counts = [
            run_shard(self.worker, Shard.from_json(str(s)), self.out_dir, self.output_format)
            for s in batch["shard"]
        ]
        return {key: [c[key] for c in counts] for key in COUNTS}
