"""Once converted, ``hinews brief`` with a seq2seq summariser (the ``best`` preset's
DistilBART layout, an XL-Sum and a CrossSum folder) runs in a process where importing
torch and transformers is impossible, and briefs exactly as the same backend does with
them importable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("transformers")

import tiny_summarizers as ts
from test_ct2_notorch import BLOCKER

pytestmark = pytest.mark.slow

RUN = textwrap.dedent(
    """
    import json, sys
    from hinews.cli import main
    code = main(sys.argv[1:])
    heavy = [m for m in ("torch", "transformers") if m in sys.modules]
    print(json.dumps({"code": code, "heavy": heavy}))
    """
)


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return {**env, "HINEWS_CACHE": str(cache), "HF_HUB_OFFLINE": "1"}


def _brief(args: list[str], cache: Path, *, blocked: bool) -> tuple[dict[str, Any], Any]:
    code = (BLOCKER if blocked else "") + RUN
    proc = subprocess.run(
        [sys.executable, "-c", code, "brief", "--format", "json", "--device", "cpu", *args],
        capture_output=True,
        text=True,
        check=False,
        env=_env(cache),
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    status = json.loads(lines[-1])
    assert status["code"] == 0, proc.stderr[-3000:]
    return status, json.loads("\n".join(lines[:-1]))


@pytest.mark.parametrize("kind", ["bart", "xlsum", "crosssum"])
def test_brief_runs_without_torch_once_converted(
    kind: str, request: pytest.FixtureRequest, tiny_marian: Any, tmp_path: Path
) -> None:
    model = request.getfixturevalue(f"tiny_{kind}")
    article = tmp_path / "article.txt"
    if kind == "bart":  # the best preset: seq2seq on the translation (DistilBART's layout)
        args = ["--preset", "best", "--summarizer", str(model.path)]
        article.write_text(ts.hindi_article(ts.HI[:4]), encoding="utf-8")
    else:
        strategy = "source" if kind == "xlsum" else "crosslingual"
        args = ["--summarizer", str(model.path), "--summarizer-strategy", strategy]
        article.write_text(ts.hindi_article(model.articles[0]), encoding="utf-8")
    args += ["--translator", str(tiny_marian.path), "--backend", "ctranslate2", str(article)]
    cache = tmp_path / "cache"
    # With torch importable: converts both models into the cache (the one time it is needed).
    status, expected = _brief(args, cache, blocked=False)
    assert expected["provenance"]["summarizer"]["backend"] == "ctranslate2"
    status, got = _brief(args, cache, blocked=True)
    assert status["heavy"] == []
    assert got["bullets"] == expected["bullets"]
    summarizer = got["provenance"]["summarizer"]
    assert (summarizer["backend"], summarizer["options"]["quantization"]) == ("ctranslate2", "int8")
    if kind != "bart":  # memorised: the model's own sentences lead the brief
        assert summarizer["options"]["model_bullets"] >= 1
