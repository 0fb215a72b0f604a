"""What the benchmark's driver and its suites share: the child processes each system
runs in (:func:`run_child`, :func:`child_env`), the model shapes they are built from
(:func:`ensure_model`), where the shared data lies, and the machine's load."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hinews.bench.shapes import SHAPES, model_dir

FLORES = Path("../shared/data/flores200-devtest/hin_Deva.devtest")
SEED = Path("seed/patrika-2025-07-12-lavrov-kim.txt")
TOKENIZERS = Path("../shared/tokenizers/indictrans2-indic-en")
# The indictrans2 shape takes the real dictionaries too (model.SRC/TGT + dict.SRC/TGT.json).
INDICTRANS2_FILES_DIR = Path("../shared/models/indictrans2/tiny-memorised-dist")
PEERS = Path("../shared/peers")


def log(message: str) -> None:
    """A progress line on standard error (the tables and JSON go to standard output)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def child_env(threads: int, cache: Path) -> dict[str, str]:
    """The environment of every child: ``threads`` threads, offline, models in ``cache``."""
    env = dict(
        os.environ,
        HINEWS_CACHE=str(cache),
        TOKENIZERS_PARALLELISM="false",
        TRANSFORMERS_VERBOSITY="error",
        HF_HUB_OFFLINE="1",
    )
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = str(threads)
    return env


def read_sentences(args: argparse.Namespace) -> list[str]:
    """The Hindi sentences of ``--input`` (default: FLORES-200 devtest under ``--data-dir``)."""
    path = args.input or (args.data_dir or Path("../shared/data")) / FLORES.relative_to(
        "../shared/data"
    )
    if not path.is_file():
        raise SystemExit(
            f"hinews bench: no input at {path}; pass --input FILE (Hindi, one "
            "sentence a line) or --data-dir pointing at the shared data folder"
        )
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ensure_model(shape: str, cache: Path, spm_dir: Path, env: dict[str, str]) -> Path:
    """The random model of ``shape`` in ``cache``, built (and converted) once, in a child."""
    out = model_dir(cache, shape)
    if (out / "DONE").is_file() and any((cache / "ct2").glob(f"{out.name}--*--int8/model.bin")):
        return out
    if not (spm_dir / "model.SRC").is_file():
        raise SystemExit(
            f"hinews bench: tokenizer models not found in {spm_dir}; pass "
            "--tokenizer-dir (the IndicTrans2 model.SRC/model.TGT folder)"
        )
    log(f"building the random {shape} model once into {out} (and converting it)")
    subprocess.run(
        [sys.executable, "-m", "hinews.bench.shapes", shape, str(out), str(spm_dir)],
        check=True,
        env=env,
    )
    return out


def run_child(
    spec: dict[str, Any],
    env: dict[str, str],
    module: str = "hinews.bench.systems",
    *,
    timeout: float | None = None,
) -> dict[str, Any]:
    """Run ``python -m MODULE SPEC_FILE`` and return the JSON of its last output line.

    Raises:
        RuntimeError: The child failed (the end of its stderr is in the message).
        subprocess.TimeoutExpired: It ran past ``timeout`` seconds.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", module, f.name],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=timeout,
        )
    finally:
        os.unlink(f.name)
    if proc.returncode != 0:
        raise RuntimeError(f"system {spec['system']} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def busy_s() -> float | None:
    """CPU seconds all processes on this machine have used (Linux), or None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [int(f) for f in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_s() -> float:
    """CPU seconds the finished children of this process have used."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def spm_dir(args: argparse.Namespace, shape: str) -> Path:
    """The tokenizer files a shape is built with (IndicTrans2 takes its dictionaries too)."""
    if args.tokenizer_dir:
        return Path(args.tokenizer_dir)
    return INDICTRANS2_FILES_DIR if SHAPES[shape].kind == "indictrans2" else TOKENIZERS


def suite_shape(args: argparse.Namespace) -> str:
    """The model shape the app, cli and brief suites run on."""
    return "marian" if args.model == "all" else args.model


def data_dir(args: argparse.Namespace) -> Path:
    """``--data-dir``, else the shared data folder beside the checkout."""
    return args.data_dir or Path("../shared/data")


def mtime(path: Path) -> float:
    """When ``path`` last changed (to pick the newest converted model)."""
    return path.stat().st_mtime
