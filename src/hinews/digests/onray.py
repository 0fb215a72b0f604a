"""The digest on Ray Data (``hinews digest --ray [ADDRESS]``, ``digest(..., ray=...)``).

Three stages leave the driver, each as ``hinews batch --engine ray`` runs its shards: a
``map_batches`` over a callable class that builds its state once per worker (the
cleaning config, or the pipeline with its model loaded):

1. cleaning, segmentation and counting, in the very chunks of
   :func:`hinews.digests.parallel.prepare` (its ``_chunk`` runs in the worker);
2. with a summariser that reads Hindi, each story's model-written sentences (one
   ``write`` call per story, as in one process);
3. the translation of what the digest shows, in the very model calls that
   :func:`hinews.planning.run` makes in one process (:func:`hinews.planning.chunks`).

The copies, the grouping and the choice of sentences stay on the driver. Every item
travels pickled with its position and comes back in order, and every worker computes
what one process computes for the same item, so the digest is the same byte for byte.
The driver still loads the translator for the translation plan (sentences too long for
the model are split with its tokenizer) and its provenance.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hinews.config import PipelineConfig
    from hinews.pipeline import Pipeline
    from hinews.results import Hypothesis


class CleanWorker:
    """Ray Data's callable class for stage 1: one cleaning config per worker."""

    def __init__(self, config: PipelineConfig) -> None:
        from hinews.digests import parallel

        parallel._start(config)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        from hinews.digests import parallel

        done = [pickle.dumps(parallel._chunk(pickle.loads(p))) for p in batch["payload"]]
        return {"index": batch["index"], "payload": done}


class ModelWorker:
    """Ray Data's callable class for stages 2 and 3: one model per worker, loaded once in
    ``__init__`` (a missing model fails before any item).

    Args:
        config: The driver's pipeline config.
        task: ``translate`` (an item is ``(texts, source language)``: one model call) or
            ``write`` (an item is a story's lead sentences: one summariser call).
    """

    def __init__(self, config: PipelineConfig, task: str) -> None:
        # The models as the pipeline loads them (its factories), without the pipeline,
        # which imports this package.
        self.task = task
        self.model: Any
        if task == "translate":
            from hinews.translators.factory import load_translator

            self.model = load_translator(config.translator)
        else:
            from hinews.summarize.factory import load_summarizer

            self.model = load_summarizer(config.summarizer)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        return {
            "index": batch["index"],
            "payload": [pickle.dumps(self._one(pickle.loads(p))) for p in batch["payload"]],
        }

    def _one(self, item: Any) -> Any:
        if self.task == "write":
            return self.model.write(item)[0]
        from hinews.planning import as_hypothesis

        texts, lang = item
        translator = self.model
        results = (
            translator.translate_batch(texts, src_lang=lang)
            if lang is not None
            else translator.translate_batch(texts)
        )
        return [as_hypothesis(r) for r in results]


class RayEngine:
    """A connected Ray session that maps items over a pool of workers, in order."""

    def __init__(self, ray: Any, workers: int, progress: bool) -> None:
        self.ray = ray
        self.workers = workers
        ray.data.DataContext.get_current().enable_progress_bars = progress

    def map(self, worker: type, kwargs: dict[str, Any], items: Sequence[Any]) -> list[Any]:
        """``worker(**kwargs)(item)`` for every item, on ``min(workers, len(items))``
        workers of the cluster; the results in the order of ``items``."""
        if not items:
            return []
        from hinews.batch.raysession import hinews_cause

        ray = self.ray
        ds = ray.data.from_items(
            [{"index": i, "payload": pickle.dumps(item)} for i, item in enumerate(items)],
            override_num_blocks=len(items),
        ).map_batches(
            worker,
            fn_constructor_kwargs=kwargs,
            batch_size=1,  # one item per call: a chunk of reports, a story, a model call
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=min(self.workers, len(items))),
            num_cpus=1,
        )
        try:
            rows = sorted((int(r["index"]), bytes(r["payload"])) for r in ds.iter_rows())
        except Exception as exc:  # Ray wraps a worker's error; surface ours as it was
            raise hinews_cause(exc) or exc from None
        assert [i for i, _ in rows] == list(range(len(items))), "an item lost on Ray"
        return [pickle.loads(p) for _, p in rows]

    def clean(self, config: PipelineConfig, tasks: Sequence[Any]) -> list[Any]:
        """Stage 1: :func:`hinews.digests.parallel._chunk` of every task."""
        return self.map(CleanWorker, {"config": config}, tasks)

    def write(self, config: PipelineConfig, leads: Sequence[list[str]]) -> list[list[str]]:
        """Stage 2: the summariser's sentences for each story's lead sentences."""
        return self.map(ModelWorker, {"config": config, "task": "write"}, leads)

    def translate_scored(self, pipeline: Pipeline, sentences: list[str]) -> list[Hypothesis]:
        """Stage 3: :meth:`hinews.Pipeline.translate_sentences_scored` with its model
        calls made on the workers."""
        from hinews import planning
        from hinews.results import Hypothesis, Segment

        units, flat = planning.plan(
            pipeline.translator, [("", [Segment(s, 0) for s in sentences])], with_title=False
        )
        langs: list[str | None] = [None] * len(flat)
        calls = planning.chunks(flat, langs, batch_size=pipeline.config.translator.batch_size)
        done = self.map(
            ModelWorker,
            {"config": pipeline.config, "task": "translate"},
            [([flat[i] for i in idx], lang) for idx, lang in calls],
        )
        out: list[Hypothesis] = [Hypothesis("")] * len(flat)
        for (idx, _), results in zip(calls, done, strict=True):
            for i, result in zip(idx, results, strict=True):
                out[i] = result
        return [planning.join(out, u) for u in units]


def address_of(ray: str | bool | None) -> str | None:
    """``ray`` as given to a digest: ``None``/``False`` no Ray; ``True``, ``""`` or
    ``"local"`` a new local cluster; else the address of a running one."""
    if ray is None or ray is False:
        return None
    if ray is True or ray == "":
        return "local"
    return str(ray)


@contextmanager
def session(ray: str | bool | None, *, workers: int, progress: bool) -> Iterator[RayEngine | None]:
    """A :class:`RayEngine` on the cluster ``ray`` names, or ``None`` without Ray."""
    address = address_of(ray)
    if address is None:
        yield None
        return
    from hinews.batch.raysession import ray_session

    with ray_session(address) as module:
        yield RayEngine(module, workers, progress)
