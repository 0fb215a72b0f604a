"""The app suite of ``hinews bench`` on the tiny random shape: ``hinews serve`` in its own
process, three clients one after the other and at once, identical answers both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from hinews.bench.app_suite import render_app
from test_bench_suites import _bench
from tiny_data import PAIRS


@pytest.mark.slow
def test_app_suite_on_tiny(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("gradio_client")
    source = tmp_path / "hi.txt"
    source.write_text("\n".join(s for s, _ in PAIRS) + "\n", encoding="utf-8")
    doc = _bench(capsys, tmp_path, "--suite", "app", "--clients", "3", "--input", str(source))
    assert doc["requests"] == 3 and doc["clients"] == 3
    assert doc["exact"] is True  # every concurrent caller got exactly the sequential answer
    assert doc["sequential_rps"] == pytest.approx(3 / doc["sequential_s"])
    assert doc["concurrent_rps"] == pytest.approx(3 / doc["concurrent_s"])
    assert doc["ratios"]["app_concurrent_vs_sequential"] == pytest.approx(
        doc["concurrent_rps"] / doc["sequential_rps"]
    )
    ceiling = doc["ceiling"]
    assert ceiling["same"] is True  # pooled or not, the translator gives the same texts
    assert doc["ratios"]["pooling_ceiling"] == pytest.approx(
        ceiling["one_by_one_s"] / ceiling["pooled_s"]
    )
    assert doc["ratios"]["pooling_efficiency"] == pytest.approx(
        doc["ratios"]["app_concurrent_vs_sequential"] / doc["ratios"]["pooling_ceiling"]
    )
    verdict = "PASS" if doc["ratios"]["pooling_efficiency"] >= 0.85 else "FAIL"
    assert doc["goals"] == {"pooling_efficiency": f"{verdict} (>= 0.85)"}
    table = render_app(doc)
    assert "all at once (3 clients)" in table and "pooling_ceiling" in table
