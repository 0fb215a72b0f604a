"""``hinews batch``: translate, brief or segment an archive, here or on a Ray cluster.

Cheap to import: Ray, torch and the models load inside the handler, Ray only with
``--engine ray``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EPILOG = """\
INPUT is a .jsonl or .parquet file with 'id' and 'text' per row, a folder (or glob) of
them, or a folder of .txt/.html articles (id = path relative to the folder). DIR gets one
part-NNNNN file per shard, rows {"id", "result", "error"} ("result" is what
'hinews TASK --format json' prints for that article; in Parquet it is that JSON as text),
and manifest.json. Run the same command again to resume: finished shards are skipped.
The exit code is 1 when any row failed (see its "error").

examples:
  hinews batch archive.jsonl --output out/ --translator opus-mt
  hinews batch articles/ --output out/ --task brief --preset fast
  hinews batch 'archive/*.parquet' --output out/ --output-format parquet
  hinews batch archive.jsonl --output out/ --engine ray --workers 2 --threads 1

on a Ray cluster (every node with hinews[ray] and the models; DIR on shared storage):
  ray start --head                              # on the head node
  ray start --address HEAD_IP:6379              # on each worker node
  hinews batch /nfs/archive.jsonl --output /nfs/out --engine ray --address auto \\
      --workers 8 --threads 4 --preset fast
  hinews batch ... --engine ray --address auto --workers 4 --gpus-per-worker 1 --device cuda
"""


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``hinews batch`` to the CLI."""
    from hinews.cli import _model_options

    p = subparsers.add_parser(
        "batch",
        help="translate, brief or segment an archive (resumable; local or on Ray)",
        description="Run a task over every article of an archive, one output row per "
        "input row; in this process (--engine local) or on Ray Data (--engine ray).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="INPUT", help="a .jsonl/.parquet file, folder or glob")
    p.add_argument("--output", required=True, type=Path, metavar="DIR", help="output folder")
    p.add_argument("--task", choices=("translate", "brief", "segment"), default="translate")
    p.add_argument("--engine", choices=("local", "ray"), default="local")
    p.add_argument(
        "--address",
        metavar="auto|HOST:PORT|ray://...",
        help="a running Ray cluster (default: start a local one)",
    )
    p.add_argument("--workers", type=int, default=1, help="Ray workers, one pipeline each")
    p.add_argument(
        "--threads", type=int, default=0, help="CPU threads per worker (default: automatic)"
    )
    p.add_argument(
        "--gpus-per-worker", type=float, default=0.0, metavar="G", help="GPUs per Ray worker"
    )
    p.add_argument("--output-format", choices=("jsonl", "parquet"), default="jsonl")
    p.add_argument(
        "--shard-size",
        type=int,
        default=64,
        metavar="N",
        help="articles per shard: one output file, one resume step (default: 64)",
    )
    p.add_argument("--no-clean", action="store_true", help="skip boilerplate removal")
    p.add_argument("--force", action="store_true", help="let short or mixed text through")
    p.add_argument("--max-chars", type=int, help="refuse longer articles (default: 100000)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    _model_options(p, brief=True)
    p.set_defaults(func=_cmd_batch)
    return p


def _cmd_batch(args: argparse.Namespace) -> int:
    from hinews.batch.run import BatchOptions, run_batch
    from hinews.cli import _pipeline

    pipe = _pipeline(args)  # the same options as hinews translate|brief, the same config
    options = BatchOptions(
        input=args.input,
        output=args.output,
        config=pipe.config.to_dict(),
        task=args.task,
        engine=args.engine,
        address=args.address,
        workers=args.workers,
        threads=args.threads,
        gpus_per_worker=args.gpus_per_worker,
        output_format=args.output_format,
        shard_size=args.shard_size,
        clean=not args.no_clean,
        force=args.force,
        progress=not args.no_progress,
    )
    try:
        summary = run_batch(options)
    except KeyboardInterrupt:
        print(
            f"hinews: interrupted; the shards written to {args.output} are kept: run the "
            "same command again to resume",
            file=sys.stderr,
        )
        return 130
    print(summary.line(), file=sys.stderr)
    return 1 if summary.any_failed else 0
