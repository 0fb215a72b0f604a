"""Importing the evaluation package and its CLI stays cheap (heavy imports are lazy)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sacrebleu", "rouge_score", "datasets", "matplotlib", "torch", "numpy", "transformers")


def test_import_is_cheap() -> None:
    code = (
        "import sys, json, hinews, hinews.evaluation, hinews.evaluation.cli;"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(out.stdout) == []


@pytest.mark.requires("sacrebleu", "numpy")
def test_task_yaml_with_hypothesis_system_through_main(
    shared_data: Path,
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    from hinews.cli import main

    root = Path(__file__).resolve().parents[1]
    hyp = shared_data / "published-outputs/opus-mt-hin-eng-opus+bt-2021-04-30"
    hyp = hyp / "flores200-devtest.hin-eng.output"
    out = tmp_path / "run"
    argv = [
        "eval", str(root / "eval" / "flores200-hin-eng.yaml"),
        "--system", f"name=opus-mt,hyp={hyp}",
        "--data-dir", str(shared_data), "--limit", "30", "--bootstrap", "50",
        "--out", str(out), "--no-progress",
    ]  # fmt: skip
    assert main(argv) == 0
    metrics = json.loads((out / "metrics.json").read_text("utf-8"))
    assert metrics["examples"] == 30
    assert list(metrics["systems"]) == ["opus-mt", "copy-source"]
    assert main(argv) == 0  # finished: nothing recomputed
    assert main([*argv[:3], "fats", *argv[4:]]) == 2  # not a system of the task
    assert "Did you mean 'fast'" in capsys.readouterr().err
