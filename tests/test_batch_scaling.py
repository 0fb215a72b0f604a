"""``eval/batch_scaling.py``'s figures come from its systems' numbers, and its goals are
printed beside what each is measured against (no run here: tiny numbers, checked by hand)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "batch_scaling", ROOT / "eval" / "batch_scaling.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _system(articles: int, processing_s: float, cpu_s: float) -> dict[str, float]:
    return {"articles": articles, "processing_s": processing_s, "wall_s": processing_s + 10,
            "cpu_s": cpu_s, "other_load": 0.0}  # fmt: skip


def test_ratios_and_goal_table() -> None:
    bs = _module()
    systems = {
        "single-1": _system(100, 10.0, 10.0),
        "local-1": _system(100, 10.5, 10.6),
        "ray-1x1": _system(100, 11.5, 13.0),
        "ray-2x1": _system(100, 6.5, 13.4),
        "pair-1x1": _system(100, 5.8, 11.0),
    }
    r = bs.ratios(systems)
    assert r["pair_vs_single"] == pytest.approx(10.0 / 5.8)  # the machine's 2-worker ceiling
    assert r["ray_2_vs_1_of_machine_ceiling"] == pytest.approx((11.5 / 6.5) / (10.0 / 5.8))
    assert r["local_overhead_per_article"] == pytest.approx(0.05)
    assert r["ray_overhead_per_article"] == pytest.approx(0.15)
    assert r["ray_2_vs_1"] == pytest.approx(11.5 / 6.5)
    result = {"shape": "indictrans2", "source": "flores", "articles": 100, "sentences": 400,
              "new_tokens": 32, "shard_size": 25, "systems": systems, "ratios": r,
              "identical": True, "single_same": True}  # fmt: skip
    table = bs.render(result)
    assert "random indictrans2" in table
    assert (
        "| ray_overhead_per_article | the single process, same threads | 0.150 | < 0.1 | FAIL |"
        in table
    )
    assert (
        "| local_overhead_per_article | the single process, same threads | 0.050 | < 0.1 | PASS |"
        in table
    )
    assert "| ray_2_vs_1 | Ray, 1 worker (ideal: 2x) | 1.769 | >= 1.7 | PASS |" in table
