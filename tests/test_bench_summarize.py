"""``hinews bench --suite summarize`` on the tiny random shapes (seconds): every system in
its own process on the same articles, ratios and verdicts from their own numbers, the goals
in the one summary table. No timing assertions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hinews.bench import registry, runner, summarize_suite
from shared_paths import indictrans2_dir, shared_root

pytestmark = pytest.mark.slow


def _flores_dir() -> Path:
    path = shared_root() / "data"
    if not (path / "flores200-devtest" / "hin_Deva.devtest").is_file():
        pytest.skip(f"FLORES-200 devtest not found under {path} (set HINEWS_SHARED)")
    return path


@pytest.mark.parametrize("shape", ["tiny-xlsum", "tiny-distilbart"])
def test_summarize_suite_on_tiny(
    shape: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("ctranslate2")
    pytest.importorskip("transformers")
    argv = [
        "--suite", "summarize",
        "--model", shape,
        "--tokenizer-dir", str(indictrans2_dir()),
        "--data-dir", str(_flores_dir()),
        "--cache", str(tmp_path / "cache"),
        "--new-tokens", "6",
        "--threads", "1",
        "--limit", "3",
        "--batch-size", "2",
        "--repeat", "1",
        "--check", "2",
    ]  # fmt: skip
    assert runner.main([*argv, "--format", "json"]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)["shapes"][shape]
    systems = doc["systems"]
    assert list(systems) == list(summarize_suite.SYSTEMS)
    assert {s["articles"] for s in systems.values()} == {3}
    assert {s["tokens"] for s in systems.values()} == {18}  # exactly 6 new tokens each
    assert not systems["hinews-ct2"]["torch_imported"]
    low, high = doc["article_tokens"]
    assert 0 < low <= high <= summarize_suite.SHAPES[shape].article_tokens
    r = doc["ratios"]
    rate = {k: v["articles_per_s"] for k, v in systems.items()}
    assert r["hinews_vs_generate"] == pytest.approx(rate["hinews-ct2"] / rate["generate"])
    assert r["hinews_vs_raw_ct2"] == pytest.approx(rate["hinews-ct2"] / rate["raw-ct2"])
    mem = systems["hinews-ct2"]["peak_rss_mb"] / systems["generate"]["peak_rss_mb"]
    assert r["hinews_peak_mem_vs_generate"] == pytest.approx(mem)
    assert doc["exact"]["articles"] == 2
    assert r["exact_float32"] == doc["exact"]["identical"] / 2
    for name, op, target in summarize_suite.GOALS:
        assert doc["goals"][name] == f"{registry.verdict(r[name], op, target)} ({op} {target:g})"
    rows = registry.summary({"summarize": {"shapes": {shape: doc}}})
    assert [row["verdict"] for row in rows] == [
        registry.verdict(r[name], op, target) for name, op, target in summarize_suite.GOALS
    ]
    # The table shows the same run (built and converted once: the second run reuses both).
    assert runner.main(argv) == 0
    table = capsys.readouterr().out
    assert f"{shape} shape: 3 articles" in table and "hinews_vs_generate" in table
    assert "float32 ids identical to generate" in table
