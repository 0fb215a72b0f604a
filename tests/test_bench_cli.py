"""The cli suite of ``hinews bench`` on the tiny random shape: cold processes of segment,
translate and brief; the ratios come from the JSON's own numbers. No timing assertions."""

from __future__ import annotations

from pathlib import Path

import pytest

from hinews.bench.cli_suite import render_cli
from test_bench_suites import _bench
from tiny_data import DOC


@pytest.mark.slow
def test_cli_suite_on_tiny(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(DOC, encoding="utf-8")
    doc = _bench(capsys, tmp_path, "--suite", "cli", "--repeat", "1", "--article", str(article))
    assert set(doc["articles"]) == {"short", "full"}
    assert doc["articles"]["short"]["sentences"] == 6  # title + 5
    assert doc["articles"]["full"]["sentences"] == 1 + 10
    for a in doc["articles"].values():
        c = a["commands"]
        assert all(c[name]["median_s"] > 0 for name in ("segment", "translate", "brief"))
        assert a["ratios"]["translate_vs_segment"] == pytest.approx(
            c["translate"]["median_s"] / c["segment"]["median_s"]
        )
        assert a["decode_s"] > 0
        assert a["ratios"]["floor_vs_segment"] == pytest.approx(
            (c["segment"]["median_s"] + a["decode_s"]) / c["segment"]["median_s"]
        )
        assert a["load_s"] > 0
        assert a["ratios"]["serial_floor_vs_segment"] == pytest.approx(
            (c["segment"]["median_s"] + a["load_s"] + a["decode_s"]) / c["segment"]["median_s"]
        )
        serial = c["segment"]["median_s"] + a["load_s"] + a["decode_s"]
        assert a["ratios"]["translate_vs_serial_floor"] == pytest.approx(
            c["translate"]["median_s"] / serial
        )
        assert a["startup_beyond_decode_s"] == pytest.approx(
            c["translate"]["median_s"] - c["segment"]["median_s"] - a["decode_s"]
        )
    assert doc["ratios"] == doc["articles"]["short"]["ratios"]
    assert doc["goals"]["translate_vs_serial_floor"].split()[0] in ("PASS", "FAIL")
    table = render_cli(doc)
    assert "translate/seg" in table and "floor_vs_segment" in table
    assert "+load/seg" in table and "serial_floor_vs_segment" in table
    assert "translate_vs_serial_floor" in table and "trans/+load" in table
