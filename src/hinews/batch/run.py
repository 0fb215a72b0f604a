"""Running a batch: plan the shards, check the folder, run an engine, count and record.

``engine="local"`` runs the shards one after another in this process, with no Ray import;
``engine="ray"`` hands the shards that are not yet written to Ray Data, whose workers
each hold one pipeline (see :mod:`hinews.batch.worker`). Both write the same files.
"""

from __future__ import annotations

import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from hinews.batch.inputs import Shard, plan_shards
from hinews.batch.raysession import hinews_cause, ray_session
from hinews.batch.store import (
    FORMATS,
    check_manifest,
    read_output,
    remove_stale_temporaries,
    shard_path,
    write_manifest,
)
from hinews.batch.worker import TASKS
from hinews.errors import ConfigError, InputError

__all__ = ["ENGINES", "BatchOptions", "BatchSummary", "run_batch"]

ENGINES = ("local", "ray")


@dataclass(frozen=True)
class BatchOptions:
    """What to run and where.

    Args:
        input: A ``.jsonl``/``.parquet`` file, a folder (of those, or of ``.txt``/``.html``
            articles), or a glob.
        output: The output folder (created; a restart with the same options resumes).
        config: The pipeline config as a dict (``PipelineConfig.to_dict()``).
        task: ``translate``, ``brief`` or ``segment``.
        engine: ``local`` (this process) or ``ray``.
        address: The Ray cluster (``auto``, ``HOST:PORT``, ``ray://...``); None starts a
            local one.
        workers: Ray workers (each loads the models once).
        threads: CPU threads per worker (0: the backend's default; Ray reserves 1).
        gpus_per_worker: GPUs Ray reserves per worker (fractions share a GPU).
        output_format: ``jsonl`` or ``parquet``.
        shard_size: Rows per shard: the unit of output files, of resuming, and of the
            model batches shared across articles.
        clean: Remove boilerplate before translating.
        force: Let short or mixed-language text through.
        progress: Show progress bars.
    """

    input: str
    output: Path
    config: dict[str, Any] = field(default_factory=dict)
    task: str = "translate"
    engine: str = "local"
    address: str | None = None
    workers: int = 1
    threads: int = 0
    gpus_per_worker: float = 0.0
    output_format: str = "jsonl"
    shard_size: int = 64
    clean: bool = True
    force: bool = False
    progress: bool = True

    def check(self) -> None:
        problems = []
        if self.task not in TASKS:
            problems.append(f"task={self.task!r} is not valid; valid: {', '.join(TASKS)}")
        if self.engine not in ENGINES:
            problems.append(f"engine={self.engine!r} is not valid; valid: {', '.join(ENGINES)}")
        if self.output_format not in FORMATS:
            problems.append(
                f"output_format={self.output_format!r} is not valid; valid: jsonl, parquet"
            )
        if self.workers < 1:
            problems.append(f"workers={self.workers} is too few: at least 1")
        if self.threads < 0:
            problems.append(f"threads={self.threads} is not >= 0 (0 = automatic)")
        if self.gpus_per_worker < 0:
            problems.append(f"gpus_per_worker={self.gpus_per_worker} is not >= 0")
        if self.shard_size < 1:
            problems.append(f"shard_size={self.shard_size} is too small: at least 1")
        if self.engine == "local" and (self.address or self.gpus_per_worker or self.workers > 1):
            problems.append(
                'address, workers and gpus_per_worker need engine="ray" '
                '(engine="local" runs in this process)'
            )
        if problems:
            raise ConfigError("; ".join(problems))


@dataclass(frozen=True)
class BatchSummary:
    """The counts of a run: rows done and failed now, skipped (written by an earlier run)."""

    output: str
    shards: int
    done: int
    failed: int
    skipped: int
    skipped_failed: int
    seconds: float

    @property
    def total(self) -> int:
        return self.done + self.failed + self.skipped

    @property
    def any_failed(self) -> bool:
        return bool(self.failed or self.skipped_failed)

    def line(self) -> str:
        earlier = (
            f", {self.skipped} skipped (finished by an earlier run"
            f"{f', {self.skipped_failed} of them failed' if self.skipped_failed else ''})"
        )
        return (
            f"hinews batch: {self.total} rows: {self.done} done, {self.failed} failed"
            f"{earlier} -> {self.output} ({self.seconds:.1f} s)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "total": self.total}


def run_batch(options: BatchOptions) -> BatchSummary:
    """Run (or resume) a batch and return its counts.

    Raises:
        ConfigError: Bad options, or the output folder holds a run with another config.
        InputError: The input cannot be found or read as a whole.
        DependencyError: ``engine="ray"`` without Ray installed.
    """
    options.check()
    started = time.perf_counter()
    shards, inputs = plan_shards(options.input, options.shard_size)
    out_dir = Path(options.output).expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"output={out_dir} is a file; give a folder for the shards")
    out_dir.mkdir(parents=True, exist_ok=True)
    identity = {
        "task": options.task,
        "config": options.config,
        "options": {
            "clean": options.clean,
            "force": options.force,
            "output_format": options.output_format,
            "shard_size": options.shard_size,
        },
        "inputs": [{**i, "path": str(Path(i["path"]).resolve())} for i in inputs],
    }
    check_manifest(out_dir, identity)
    remove_stale_temporaries(out_dir)
    pending = [s for s in shards if not _path(out_dir, s, options).is_file()]
    manifest: dict[str, Any] = {
        "hinews_batch": 1,
        "identity": identity,
        "engine": options.engine,
        "address": options.address,
        "workers": options.workers,
        "threads": options.threads,
        "gpus_per_worker": options.gpus_per_worker,
        "versions": _versions(options.engine),
        "shards": len(shards),
        "started": _now(),
        "status": "running",
    }
    write_manifest(out_dir, manifest)
    counts = []
    if pending:
        run = _run_local if options.engine == "local" else _run_ray
        try:
            counts = run(pending, out_dir, options)
        except KeyboardInterrupt:  # the shards written are complete: a rerun resumes
            manifest.update(status="interrupted", interrupted=_now())
            write_manifest(out_dir, manifest)
            raise
    done = sum(c["rows"] - c["failed"] for c in counts)
    failed = sum(c["failed"] for c in counts)
    skipped = skipped_failed = 0
    pending_names = {s.name for s in pending}
    for shard in shards:
        if shard.name not in pending_names:
            rows = read_output(_path(out_dir, shard, options))
            skipped += len(rows)
            skipped_failed += sum(1 for r in rows if r["error"] is not None)
    summary = BatchSummary(
        str(out_dir),
        len(shards),
        done,
        failed,
        skipped,
        skipped_failed,
        time.perf_counter() - started,
    )
    manifest.update(status="finished", finished=_now(), counts=summary.to_dict())
    if counts:  # from the first shard started to the last written: the work, no start-up
        processing = max(c["finished"] for c in counts) - min(c["started"] for c in counts)
        manifest["timing"] = {"wall_s": summary.seconds, "processing_s": processing}
    write_manifest(out_dir, manifest)
    return summary


def _path(out_dir: Path, shard: Shard, options: BatchOptions) -> Path:
    return shard_path(out_dir, shard.name, options.output_format)


def _worker_kwargs(options: BatchOptions) -> dict[str, Any]:
    return {
        "task": options.task,
        "config": options.config,
        "clean": options.clean,
        "force": options.force,
        "threads": options.threads,
    }


def _run_local(pending: list[Shard], out_dir: Path, options: BatchOptions) -> list[dict[str, Any]]:
    from tqdm.auto import tqdm

    from hinews.batch.worker import BatchWorker, run_shard

    worker = BatchWorker(**_worker_kwargs(options))
    counts = []
    total = sum(s.rows for s in pending)
    with tqdm(
        total=total, desc="batch", unit="article", file=sys.stderr, disable=not options.progress
    ) as bar:
        for shard in pending:
            counts.append(run_shard(worker, shard, out_dir, options.output_format))
            bar.update(shard.rows)
    return counts


def _run_ray(pending: list[Shard], out_dir: Path, options: BatchOptions) -> list[dict[str, Any]]:
    from hinews.batch.worker import ShardWorker

    with ray_session(options.address) as ray:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = options.progress
        items = ray.data.from_items(
            [{"shard": s.to_json()} for s in pending], override_num_blocks=len(pending)
        )
        remote: dict[str, Any] = (
            {"num_gpus": options.gpus_per_worker} if options.gpus_per_worker else {}
        )
        ds = items.map_batches(
            ShardWorker,
            fn_constructor_kwargs={
                "out_dir": str(out_dir.resolve()),
                "output_format": options.output_format,
                **_worker_kwargs(options),
            },
            batch_size=1,  # one shard per call: a shard is one output file and one model batch
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=options.workers),
            num_cpus=options.threads or 1,
            **remote,
        )
        try:
            return [
                {
                    "shard": str(r["shard"]),
                    "rows": int(r["rows"]),
                    "failed": int(r["failed"]),
                    "started": float(r["started"]),
                    "finished": float(r["finished"]),
                }
                for r in ds.iter_rows()
            ]
        except Exception as exc:  # Ray wraps a worker's error; surface ours as it was
            raise hinews_cause(exc) or exc from None


def _versions(engine: str) -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    names = ["hinews", "torch", "transformers", "ctranslate2", "pyarrow"]
    if engine == "ray":
        names.append("ray")
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
