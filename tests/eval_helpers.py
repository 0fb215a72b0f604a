"""Fakes and a subprocess entry point for the evaluation tests.

``python tests/eval_helpers.py OUT DATA_DIR DELAY`` runs 20 FLORES sentences through a fake
translator that sleeps ``DELAY`` seconds per batch of 2 (slow enough to kill midway).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLORES_TASK = ROOT / "eval" / "flores200-hin-eng.yaml"


def damage(text: str, every: int = 4) -> str:
    """Drop every ``every``-th word: a deterministic imperfect 'translation'."""
    words = text.split()
    return " ".join(w for i, w in enumerate(words, 1) if i % every)


class FakeTranslator:
    """Implements hinews' Translator protocol by dictionary lookup (unknown: echoed)."""

    def __init__(self, table: dict[str, str], delay: float = 0.0, every: int = 4) -> None:
        self.table = table
        self.delay = delay
        self.every = every
        self.calls = 0

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        return [damage(self.table.get(s.strip(), s), self.every) for s in sentences]

    def count_tokens(self, sentence: str) -> int:
        return len(sentence.split()) + 1

    @property
    def max_source_tokens(self) -> int:
        return 512

    @property
    def provenance(self) -> Any:
        from hinews.results import Provenance

        return Provenance(model="fake-lookup", backend="dict", options={"every": self.every})


def flores_table(data_dir: Path) -> dict[str, str]:
    """Hindi FLORES line -> English FLORES line."""
    src = (data_dir / "flores200-devtest" / "hin_Deva.devtest").read_text("utf-8").splitlines()
    ref = (data_dir / "flores200-devtest" / "eng_Latn.devtest").read_text("utf-8").splitlines()
    return dict(zip(src, ref, strict=True))


def fake_system(data_dir: Path, delay: float = 0.0) -> Any:
    """The fake translator as an evaluation system (the delay is not part of its identity)."""
    from hinews.evaluation.systems import CallableSystem

    fake = FakeTranslator(flores_table(data_dir), delay=delay)
    return CallableSystem(
        "fake", fake.translate_batch, description={"type": "fake", "drop_every": 4}
    )


def run_flores(out: Path, data_dir: Path, delay: float = 0.0, limit: int = 20) -> Any:
    """Run the FLORES task on ``limit`` sentences with the fake system, batches of 2."""
    from hinews.evaluation.runner import run_task
    from hinews.evaluation.tasks import load_task

    task = load_task(FLORES_TASK)
    task.batch_size = 2
    task.bootstrap.samples = 200
    return run_task(
        task,
        out,
        data_dir=data_dir,
        limit=limit,
        systems=[fake_system(data_dir, delay)],
        progress=False,
    )


def main(argv: list[str]) -> int:
    from hinews.errors import HinewsError

    out, data_dir, delay = Path(argv[0]), Path(argv[1]), float(argv[2])
    try:
        run_flores(out, data_dir, delay)
    except HinewsError as exc:
        print(f"hinews: error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
