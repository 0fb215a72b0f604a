"""The benchmark machinery on tiny random models (seconds): every system runs in its own
process, does the same work, and the JSON's ratios come from its own numbers. No timing
assertions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hinews import bench
from shared_paths import indictrans2_dir

ROOT = Path(__file__).resolve().parents[1]


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str) -> dict:
    pytest.importorskip("ctranslate2")
    pytest.importorskip("transformers")
    from tiny_data import PAIRS

    source = tmp_path / "hi.txt"
    source.write_text("\n".join(s for s, _ in PAIRS) + "\n", encoding="utf-8")
    code = bench.main(
        [
            "--input",
            str(source),
            "--tokenizer-dir",
            str(indictrans2_dir()),
            "--cache",
            str(tmp_path / "cache"),
            "--limit",
            "9",
            "--baseline-limit",
            "3",
            "--new-tokens",
            "5",
            "--batch-size",
            "4",
            "--threads",
            "1",
            "--format",
            "json",
            *extra,
        ]
    )
    assert code == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.slow
def test_bench_json_on_tiny_marian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = _run(capsys, tmp_path, "--model", "tiny")
    systems = doc["systems"]
    assert set(systems) == {
        "pipeline",
        "generate",
        "hinews-hf",
        "hinews-ct2",
        "raw-ct2",
        "raw-ct2-main",
        "raw-ct2-planned",
    }
    for name, s in systems.items():
        assert s["tokens_per_s"] > 0 and s["peak_rss_mb"] > 0, name
        assert s["tokens_per_sentence"] == [5], name  # min = max new tokens: equal work
        assert s["target_tokens"] == 5 * s["sentences"], name
    assert systems["pipeline"]["sentences"] == 3
    assert systems["raw-ct2-main"]["sentences"] == 3  # the baseline subset
    assert systems["generate"]["sentences"] == systems["raw-ct2-planned"]["sentences"] == 9
    assert doc["equal_work"] is True
    assert systems["hinews-ct2"]["torch_imported"] is False  # the ct2 path never loads torch
    r = doc["ratios"]
    ct2 = systems["hinews-ct2"]["tokens_per_s"]
    assert r["ct2_vs_generate"] == pytest.approx(ct2 / systems["generate"]["tokens_per_s"])
    assert r["ct2_vs_pipeline"] == pytest.approx(ct2 / systems["pipeline"]["tokens_per_s"])
    assert r["ct2_vs_raw_ct2"] == pytest.approx(ct2 / systems["raw-ct2"]["tokens_per_s"])
    assert r["ct2_vs_raw_ct2_main_thread"] == pytest.approx(
        ct2 / systems["raw-ct2-main"]["tokens_per_s"]
    )
    assert r["ct2_peak_mem_vs_generate"] == pytest.approx(
        systems["hinews-ct2"]["peak_rss_mb"] / systems["generate"]["peak_rss_mb"]
    )
    assert r["ct2_peak_mem_vs_raw_planned"] == pytest.approx(
        systems["hinews-ct2"]["peak_rss_mb"] / systems["raw-ct2-planned"]["peak_rss_mb"]
    )
    assert r["ct2_vs_raw_planned"] == pytest.approx(
        ct2 / systems["raw-ct2-planned"]["tokens_per_s"]
    )
    assert set(doc["goals"]) == {
        "ct2_vs_generate",
        "ct2_vs_pipeline",
        "ct2_vs_raw_ct2",
        "ct2_peak_mem_vs_raw_planned",
        "ct2_vs_raw_planned",
    }
    assert doc["startup"]["import_hinews_s"] is not None


@pytest.mark.slow
def test_bench_nllb_counts_the_language_token_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = _run(
        capsys,
        tmp_path,
        "--model",
        "tiny-nllb",
        "--systems",
        "generate,hinews-ct2,raw-ct2",
        "--no-startup",
    )
    assert set(doc["systems"]) == {"generate", "hinews-ct2", "raw-ct2"}
    assert doc["equal_work"] is True
    assert doc["ratios"]["ct2_vs_pipeline"] is None
    assert doc["startup"] is None


def _fake(tps: float, mem: float, n: int = 10) -> dict:
    return {
        "sentences": n,
        "target_tokens": n * 4,
        "seconds": n * 4 / tps,
        "tokens_per_s": tps,
        "peak_rss_mb": mem,
        "tokens_per_sentence": [4],
        "impl": "",
    }


def test_ratios_goals_and_table() -> None:
    systems = {
        "pipeline": _fake(10, 900),
        "generate": _fake(100, 1000),
        "hinews-ct2": _fake(400, 200),
        "raw-ct2": _fake(420, 190),
        "raw-ct2-planned": _fake(405, 185),
    }
    r = bench.ratios(systems)
    assert r["ct2_vs_generate"] == pytest.approx(4.0)
    assert r["ct2_vs_pipeline"] == pytest.approx(40.0)
    assert r["ct2_vs_raw_ct2"] == pytest.approx(400 / 420)
    assert r["ct2_peak_mem_vs_generate"] == pytest.approx(0.2)  # shown, no goal any more
    assert r["hf_vs_generate"] is None
    assert r["ct2_peak_mem_vs_raw_planned"] == pytest.approx(200 / 185)  # goal: at most 1.12
    assert r["ct2_vs_raw_planned"] == pytest.approx(400 / 405)  # goal: at least 0.98
    g = bench.goals(r)
    assert all(v.startswith("PASS") for v in g.values())
    assert bench.goals({**r, "ct2_vs_pipeline": 12.0})["ct2_vs_pipeline"].startswith("FAIL")
    table = bench.render_table(
        {
            "model": "marian",
            "threads": 2,
            "batch_size": 32,
            "new_tokens": 4,
            "equal_work": True,
            "systems": systems,
            "ratios": r,
            "goals": g,
        }
    )
    assert "(4) hinews, ctranslate2 int8" in table and "40.00x" in table
    assert "ct2_vs_raw_ct2" in table and "PASS" in table


def test_unknown_system_and_missing_input(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="unknown systems"):
        bench.main(["--systems", "generate,fastest", "--no-startup"])
    with pytest.raises(SystemExit, match="no input"):
        bench.main(["--input", str(tmp_path / "missing.txt"), "--no-startup"])


def test_register_adds_a_subcommand() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="hinews")
    sub = parser.add_subparsers(dest="command")
    bench.register(sub)
    args = parser.parse_args(["bench", "--model", "marian", "--format", "json", "--limit", "5"])
    assert args.func is bench.run_from_args
    assert (args.model, args.format, args.limit, args.threads) == ("marian", "json", 5, 2)


@pytest.mark.slow
def test_bench_beside_indictrans2s_own_engine(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    tiny_indictrans2,
    shared_data: Path,  # type: ignore[no-untyped-def]
) -> None:
    """The indictrans2 suite on a tiny shape: hinews and IndicTrans2's own engine (from
    ../shared/peers) each in its own process on one converted model, the same work, their
    outputs compared, and the source tokens each leaves untranslated counted."""
    pytest.importorskip("ctranslate2")
    peers = ROOT.parent / "shared" / "peers"
    if not (peers / "indictrans2_inference" / "engine.py").is_file():
        pytest.skip(f"IndicTrans2's engine not found in {peers} (set HINEWS_SHARED)")
    for module in ("indicnlp", "mosestokenizer", "nltk"):
        pytest.importorskip(module, reason=f"IndicTrans2's engine needs {module}")
    sentences = [
        line
        for line in (shared_data / "flores200-devtest" / "hin_Deva.devtest")
        .read_text("utf-8")
        .splitlines()
    ][:6]
    source = tmp_path / "hi.txt"
    source.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    argv = ["--model", "tiny-indictrans2", "--input", str(source), "--data-dir", str(shared_data)]
    argv += ["--tokenizer-dir", str(tiny_indictrans2.path), "--peers", str(peers)]
    argv += ["--cache", str(tmp_path / "cache"), "--new-tokens", "4", "--threads", "1"]
    assert bench.main([*argv, "--no-startup", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["systems"]) == {"hinews-ct2", "engine", "engine-thread"}
    assert doc["equal_work"] is True and doc["beams"] == 5
    for system in doc["systems"].values():
        assert system["sentences"] == 6 and system["target_tokens"] == 24
        assert system["torch_imported"] is False
    versus = doc["versus"]["engine"]
    # Same converted model, same decoding: where both feed the model the same tokens, the
    # same outputs (the engine's own punctuation rules may feed it other tokens).
    assert versus["identical_given_same_inputs"] == versus["same_inputs"] >= 4
    lost = doc["dropped"]
    assert lost["docs"] == 123 and lost["hinews_dropped"] == 0
    assert lost["engine_tokens"] > 0 and 0 <= lost["engine_share"] < 1
    assert bench.main([*argv, "--no-startup"]) == 0
    table = capsys.readouterr().out
    assert "IndicTrans2 engine (as shipped)" in table and "never translated" in table
