"""The brief suite of ``hinews bench`` on the tiny random shape (seconds), and the helpers
of every suite: each system runs in its own process, the JSON's ratios come from its own
numbers. No timing assertions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hinews.bench import runner
from hinews.bench.app_suite import articles, render_app
from hinews.bench.brief_suite import brief_ratios, goals, ntrex_documents, render_brief
from hinews.bench.cli_suite import short_article, write_config
from shared_paths import indictrans2_dir
from tiny_data import DOC, PAIRS

ROOT = Path(__file__).resolve().parents[1]


def _fake_ntrex(folder: Path) -> Path:
    """Three NTREX-shaped documents (headline first) made of the memorised sentences."""
    ntrex = folder / "ntrex128"
    ntrex.mkdir(parents=True)
    lines, ids = [], []
    for doc in range(3):
        for j in range(4):
            lines.append(PAIRS[doc * 4 + j][0])
            ids.append(f"doc{doc}")
    (ntrex / "newstest2019-ref.hin.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (ntrex / "DOCUMENT_IDS.tsv").write_text("\n".join(ids) + "\n", encoding="utf-8")
    return folder


def _bench(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str) -> dict[str, Any]:
    pytest.importorskip("ctranslate2")
    pytest.importorskip("transformers")
    code = runner.main(
        [
            "--model", "tiny",
            "--tokenizer-dir", str(indictrans2_dir()),
            "--cache", str(tmp_path / "cache"),
            "--new-tokens", "4",
            "--threads", "1",
            "--format", "json",
            *extra,
        ]
    )  # fmt: skip
    assert code == 0
    return dict(json.loads(capsys.readouterr().out))


def test_helpers(tmp_path: Path) -> None:
    short = short_article(DOC, 2)
    title, body = short.split("\n\n")
    assert title == DOC.split("\n\n")[0]
    assert body.strip() == " ".join(PAIRS[i][0] for i in (28, 29))
    assert articles(["a", "b", "c", "d", "e"], 3, per_article=2) == ["a b", "c d"]
    config = write_config(tmp_path / "c.yaml", tmp_path / "my model", 2, 7)
    from hinews.config import PipelineConfig

    loaded = PipelineConfig.from_yaml(config)
    assert loaded.translator.model == str(tmp_path / "my model")
    assert (loaded.translator.backend, loaded.translator.max_new_tokens) == ("ctranslate2", 7)
    assert loaded.translator.threads == 2
    docs = ntrex_documents(_fake_ntrex(tmp_path) / "ntrex128")
    assert len(docs) == 3
    assert docs[0] == PAIRS[0][0] + "\n\n" + "\n\n".join(PAIRS[j][0] for j in (1, 2, 3))


def test_ratios_and_tables_come_from_the_numbers() -> None:
    systems = {"hinews-ct2": {"docs_per_s": 6.0}, "by-hand": {"docs_per_s": 0.25}}
    r = brief_ratios(systems)
    assert r == {"brief_vs_by_hand": 24.0}
    assert goals(r)["brief_vs_by_hand"].startswith("PASS")
    assert goals({"brief_vs_by_hand": 19.9})["brief_vs_by_hand"].startswith("FAIL")
    assert brief_ratios({"hinews-ct2": {"docs_per_s": 1.0}}) == {"brief_vs_by_hand": None}
    app = {
        "clients": 20, "requests": 20, "sentences_per_request": 5, "sequential_s": 10.0,
        "concurrent_s": 2.5, "sequential_rps": 2.0, "concurrent_rps": 8.0, "exact": True,
        "ceiling": {"one_by_one_s": 6.0, "pooled_s": 1.2, "ceiling": 5.0, "same": True},
        "ratios": {"app_concurrent_vs_sequential": 4.0, "pooling_ceiling": 5.0,
                   "pooling_efficiency": 0.8},
        "goals": {"pooling_efficiency": "FAIL (>= 0.9)"},
    }  # fmt: skip
    table = render_app(app)
    assert "all at once (20 clients)" in table and "4.00" in table and "yes" in table
    assert "pooling_ceiling 5.00" in table and "6.00 s one request per call" in table
    assert "pooling_efficiency 0.80" in table and "FAIL (>= 0.9)" in table


@pytest.mark.slow
def test_brief_suite_on_tiny(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = _fake_ntrex(tmp_path / "data")
    doc = _bench(
        capsys, tmp_path, "--suite", "brief", "--data-dir", str(data), "--docs", "3",
        "--baseline-docs", "2",
    )  # fmt: skip
    fast, slow = doc["systems"]["hinews-ct2"], doc["systems"]["by-hand"]
    assert (fast["documents"], slow["documents"]) == (3, 2)
    assert fast["sentences"] == 3 * 4 and slow["sentences"] == 2 * 4  # headline + 3 each
    assert fast["torch_imported"] is False and slow["torch_imported"] is True
    assert doc["ratios"]["brief_vs_by_hand"] == pytest.approx(
        fast["docs_per_s"] / slow["docs_per_s"]
    )
    assert "documents end to end" in render_brief(doc)


def test_summary_puts_every_goal_beside_what_it_is_measured_against() -> None:
    from hinews.bench.registry import GOALS, render_summary, summary

    marian = {
        "model": "marian",
        "ratios": {
            "ct2_vs_generate": 4.0,
            "ct2_vs_pipeline": 27.0,
            "ct2_vs_raw_ct2": 1.05,
            "ct2_peak_mem_vs_raw_planned": 1.13,  # over 1.12
            "ct2_vs_raw_planned": 0.99,
        },
    }
    indic = {
        "model": "indictrans2",
        "versus": {"engine-thread": {"speed": 1.25, "memory": 0.6}},
        "ratios": {"ct2_peak_mem_vs_raw_planned": 1.05, "ct2_vs_raw_planned": 0.97},
    }
    docs = {
        "translate": {**marian, "models": {"marian": marian, "indictrans2": indic}},
        "cli": {"ratios": {"translate_vs_serial_floor": 1.24}},  # at most 1.25
        "app": {"clients": 20, "ratios": {"pooling_efficiency": 0.84}},  # under 0.85
        "brief": {"ratios": {"brief_vs_by_hand": None}},
    }
    rows = summary(docs)
    verdicts = [(r["suite"], r["against"], r["verdict"]) for r in rows]
    assert ("translate (marian)", "raw CTranslate2, hinews's batches", "FAIL") in verdicts
    assert ("translate (indictrans2)", "IndicTrans2's engine at its best", "PASS") in verdicts
    assert [r["verdict"] for r in rows if r["suite"] == "translate (indictrans2)"] == [
        "PASS",
        "PASS",
        "PASS",
        "FAIL",  # 0.97 < 0.98
    ]
    assert [(r["suite"], r["verdict"]) for r in rows[-3:]] == [
        ("cli", "PASS"),
        ("app", "FAIL"),
        ("brief", "n/a"),
    ]
    table = render_summary(rows)
    assert "serial floor: segment + load + decode" in table and "<= 1.25" in table
    assert [r["goal"] for r in rows[-3:-1]] == ["<= 1.25", ">= 0.85"]
    assert {r["against"] for r in rows} <= {g.against for g in GOALS.values()}


def test_the_goals_registry_holds_the_ceilings_measured_on_two_cores() -> None:
    from hinews.bench.registry import GOALS, judge

    # One-article CLI at most 1.25x its serial floor; the pooled app at least 85% of the
    # pooling ceiling; peak memory at most 1.12x raw CTranslate2 on the same batches, at
    # 0.98x its speed or better.
    assert str(GOALS["translate_vs_serial_floor"]) == "<= 1.25"
    assert str(GOALS["pooling_efficiency"]) == ">= 0.85"
    assert str(GOALS["ct2_peak_mem_vs_raw_planned"]) == "<= 1.12"
    assert str(GOALS["ct2_vs_raw_planned"]) == ">= 0.98"
    assert judge("translate_vs_serial_floor", 1.25) == "PASS (<= 1.25)"
    assert judge("translate_vs_serial_floor", 1.26) == "FAIL (<= 1.25)"
    assert judge("pooling_efficiency", 0.849) == "FAIL (>= 0.85)"
    assert judge("ct2_peak_mem_vs_raw_planned", 1.12) == "PASS (<= 1.12)"
    assert judge("ct2_vs_raw_planned", None) == "n/a (>= 0.98)"
    # Every suite's verdicts come from the registry.
    assert goals({"brief_vs_by_hand": 20.0}) == {
        "brief_vs_by_hand": judge("brief_vs_by_hand", 20.0)
    }
    from hinews import bench

    assert bench.goals({"ct2_peak_mem_vs_raw_planned": 1.121})[
        "ct2_peak_mem_vs_raw_planned"
    ].startswith("FAIL")
