"""The Hindi-reading summarisers (``xlsum``/``crosssum`` strategies) through every entry
point: ``hinews brief``, ``batch``, ``digest``, ``models``/``download``, the web app and
``hinews eval`` on the XL-Sum and CrossSum tasks with a local JSONL copy of their data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import tiny_summarizers as ts
from hinews.batch.store import read_output
from hinews.cli import main
from hinews.summarize.seq2seq import split_sentences
from hinews.text import split_sentences as split_hindi
from tiny_data import PAIRS, TITLE_EN

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
EN = dict(PAIRS)


def _models(translator: Any, summarizer: Any) -> list[str]:
    return [
        "--translator",
        str(translator.path),
        "--summarizer",
        str(summarizer.path),
        "--summarizer-strategy",
        summarizer.strategy,
        "--device",
        "cpu",
    ]


def _xlsum_bullets(model: ts.TinyMT5, i: int) -> list[str]:
    written = [EN[s] for s in split_hindi(model.summaries[i])]
    return ts.expected_top_up(written, [EN[s] for s in model.articles[i]])


def _crosssum_bullets(model: ts.TinyMT5, i: int) -> list[str]:
    written = split_sentences(model.summaries[i])
    return ts.expected_top_up(written, [EN[s] for s in model.articles[i]])


# --------------------------------------------------------------------------- CLI


@pytest.mark.parametrize("kind", ["xlsum", "crosssum"])
def test_hinews_brief_prints_the_bullets_of_the_model_that_read_the_hindi(
    kind: str,
    request: pytest.FixtureRequest,
    tiny_marian: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    model: ts.TinyMT5 = request.getfixturevalue(f"tiny_{kind}")
    expected = (_xlsum_bullets if kind == "xlsum" else _crosssum_bullets)(model, 0)
    article = tmp_path / "article.txt"
    article.write_text(ts.hindi_article(model.articles[0]), "utf-8")

    assert main(["brief", *_models(tiny_marian, model), str(article)]) == 0
    text = capsys.readouterr().out
    assert text.startswith(TITLE_EN + "\n\n")
    assert [line[2:] for line in text.splitlines() if line.startswith("• ")] == expected

    assert main(["brief", "--format", "json", *_models(tiny_marian, model), str(article)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["bullets"] == expected
    summarizer = data["provenance"]["summarizer"]
    assert summarizer["options"]["strategy"] == model.strategy
    assert summarizer["options"]["model_bullets"] == 2
    assert summarizer["options"]["summary"] == model.summaries[0]


def test_hinews_batch_briefs_rows_and_records_a_bad_one(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5, tmp_path: Path
) -> None:
    archive = tmp_path / "in.jsonl"
    rows = [
        {"id": "bridge", "text": ts.hindi_article(tiny_xlsum.articles[0])},
        {"id": "english", "text": "An English text, not a Hindi article at all."},
        {"id": "market", "text": ts.hindi_article(tiny_xlsum.articles[1])},
    ]
    archive.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = tmp_path / "out"
    argv = ["batch", str(archive), "--output", str(out), "--task", "brief", "--no-progress"]
    assert main([*argv, *_models(tiny_marian, tiny_xlsum)]) == 1  # one row failed
    got = {r["id"]: r for path in sorted(out.glob("part-*")) for r in read_output(path)}
    assert got["bridge"]["result"]["bullets"] == _xlsum_bullets(tiny_xlsum, 0)
    assert got["market"]["result"]["bullets"] == _xlsum_bullets(tiny_xlsum, 1)
    assert got["market"]["result"]["unsupported_numbers"] == [[], ["500"], []]
    assert got["english"]["result"] is None and got["english"]["error"]


def test_hinews_digest_takes_its_first_bullets_from_the_model(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hinews.briefing import choose_across as choose
    from hinews.pipeline import Pipeline

    folder = tmp_path / "reports"
    folder.mkdir()
    for i, article in enumerate(tiny_xlsum.articles):
        (folder / f"r{i}.txt").write_text(" ".join(article), "utf-8")
    out = tmp_path / "digest.json"
    argv = ["digest", str(folder), "--format", "json", "-o", str(out)]
    assert main([*argv, *_models(tiny_marian, tiny_xlsum)]) == 0
    capsys.readouterr()
    data = json.loads(out.read_text("utf-8"))
    assert len(data["stories"]) == 2
    segment = Pipeline.from_options(translator=str(tiny_marian.path)).segment
    for story in data["stories"]:
        i = int(Path(story["articles"][0]["file"]).stem[1:])  # r0.txt, r1.txt
        written = [EN[s] for s in split_hindi(tiny_xlsum.summaries[i])]
        # No title in the files: the first chosen sentence is the headline, the next the
        # extractive bullets (none repeats the headline).
        headline, *chosen = choose([segment(" ".join(tiny_xlsum.articles[i]))], 4)
        assert story["title"] == EN[headline]
        picked = [EN[s] for s in chosen]
        # the model's first; a model sentence that is the headline (the market's) goes
        expected = [b for b in dict.fromkeys(written + picked) if b != EN[headline]]
        assert story["bullets"] == expected[:3]
        kept = len([w for w in written if w != EN[headline]])
        assert data["provenance"]["grouping"]["model_bullets"][story["id"]] == kept
    assert data["provenance"]["grouping"]["summarizer"]["options"]["strategy"] == "source"
    assert main([*argv[:2], *_models(tiny_marian, tiny_xlsum)]) == 0  # Markdown
    assert "- summarizer: `" in capsys.readouterr().out


def test_hinews_digest_refuses_a_summariser_that_reads_english(
    tiny_bart: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "r.txt"
    report.write_text(" ".join(ts.XLSUM_ARTICLES[0]), "utf-8")
    assert main(["digest", str(report), "--summarizer", str(tiny_bart.path)]) == 2
    assert "reads English" in capsys.readouterr().err


def test_models_and_download_name_the_non_commercial_licence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["models"]) == 0
    text = capsys.readouterr().out
    for alias, hub_id in (
        ("xlsum", "csebuetnlp/mT5_multilingual_XLSum"),
        ("crosssum", "csebuetnlp/mT5_m2o_english_crossSum"),
    ):
        line = next(line for line in text.splitlines() if line.strip().startswith(alias + " "))
        assert "CC-BY-NC-SA-4.0" in line and line.rstrip().endswith(hub_id)
    assert "xlsum, crosssum; not for commercial use" in text
    assert main(["models", "--format", "json"]) == 0
    models = {m["alias"]: m for m in json.loads(capsys.readouterr().out)["models"]}
    assert models["crosssum"]["note"].startswith("crosslingual,")
    # Offline (as in every test): the hub helpers say so and how to fix it.
    assert main(["download", "xlsum"]) == 3
    err = capsys.readouterr().err
    assert "csebuetnlp/mT5_multilingual_XLSum" in err and "HF_HUB_OFFLINE" in err


# --------------------------------------------------------------------------- the app


def test_the_app_runs_the_servers_summariser_with_its_strategy(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5
) -> None:
    import argparse

    from hinews.webapp.cli import add_arguments, settings_from_args
    from hinews.webapp.core import PipelineCache, describe_models, run

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    settings = settings_from_args(parser.parse_args(_models(tiny_marian, tiny_xlsum)))
    assert settings.summarizer_strategy == "source"
    cache = PipelineCache(settings)
    text = ts.hindi_article(tiny_xlsum.articles[0])
    result = run(cache, text)
    assert result.brief is not None
    assert list(result.brief.bullets) == _xlsum_bullets(tiny_xlsum, 0)
    assert (
        "read the Hindi (source) and wrote 2 of the 3 bullets"
        in (describe_models(cache, result)["summarizer"])
    )
    # The other choices run as before: extractive picks sentences of the translation.
    extractive = run(cache, text, summarizer="extractive")
    assert extractive.brief is not None
    assert set(extractive.brief.bullets) <= {EN[s] for s in tiny_xlsum.articles[0]}


def test_the_apps_summariser_menu_offers_the_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    from hinews.webapp.core import AppSettings, make_choices

    monkeypatch.delenv("HF_HUB_OFFLINE")  # online: models not downloaded yet are offered
    choices = make_choices(AppSettings())
    labels = dict((value, label) for label, value in choices.options("summarizer"))
    assert labels["xlsum"] == "xlsum (not downloaded)"
    assert labels["crosssum"] == "crosssum (not downloaded)"


@pytest.fixture(scope="module")
def crosssum_app(tiny_marian: Any, tiny_crosssum: ts.TinyMT5) -> Iterator[Any]:
    """The launched app with the tiny CrossSum model as the server's summariser."""
    from gradio_client import Client

    from hinews.webapp import build_demo, serving
    from hinews.webapp.core import AppSettings
    from test_app import free_port

    settings = AppSettings(
        translator=str(tiny_marian.path),
        summarizer=str(tiny_crosssum.path),
        summarizer_strategy="crosslingual",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        with serving(build_demo(settings=settings), port=free_port()) as url:
            yield Client(url, verbose=False)


def test_the_brief_endpoint_gives_the_crosssum_brief(
    crosssum_app: Any, tiny_crosssum: ts.TinyMT5
) -> None:
    result = crosssum_app.predict(ts.hindi_article(tiny_crosssum.articles[0]), api_name="/brief")
    assert result["bullets"] == _crosssum_bullets(tiny_crosssum, 0)
    assert result["unsupported_numbers"] == [[], ["40"], []]
    assert result["provenance"]["summarizer"]["options"]["strategy"] == "crosslingual"


# --------------------------------------------------------------------------- eval


def _task_copy(name: str, tmp_path: Path, systems: dict[str, dict[str, Any]]) -> Path:
    """The shipped task with its systems' models replaced by tiny ones (names kept)."""
    task = yaml.safe_load((ROOT / "eval" / name).read_text("utf-8"))
    task["systems"] = [s for s in task["systems"] if s["name"] in systems]
    for system in task["systems"]:
        system.update(systems[system["name"]])
    path = tmp_path / name
    path.write_text(yaml.safe_dump(task, allow_unicode=True), "utf-8")
    return path


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _records(run: Path, system: str) -> list[dict[str, Any]]:
    lines = (run / "examples" / f"{system}.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _table_rows(printed: str) -> dict[str, str]:
    return {line.split()[0]: line for line in printed.splitlines()[1:] if "[" in line}


def test_shipped_tasks_list_the_anchors() -> None:
    from hinews.evaluation.tasks import load_task

    xlsum = load_task(ROOT / "eval" / "xlsum-hindi.yaml")
    crosssum = load_task(ROOT / "eval" / "crosssum-hin-eng.yaml")
    assert {(s.name, s.summarizer, s.anchor, s.as_published) for s in xlsum.systems} == {
        ("extractive", "extractive", False, False),
        ("xlsum", "xlsum", True, False),
        ("xlsum-published", "xlsum", True, True),
    }
    assert ("crosssum", "crosssum", True) in {
        (s.name, s.summarizer, s.anchor) for s in crosssum.systems
    }
    assert crosssum.systems[0].name == "fast"  # the baselines pick from its translation


def test_eval_xlsum_hindi_with_a_local_jsonl_copy(
    tiny_xlsum: ts.TinyMT5, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    anchor = {"summarizer": str(tiny_xlsum.path), "options": {"summarizer_strategy": "source"}}
    task = _task_copy("xlsum-hindi.yaml", tmp_path, {"xlsum": anchor, "extractive": {}})
    # A local copy of the hub's split: the same columns (id, title, text, summary).
    references = [tiny_xlsum.summaries[0], ts.HI[16]]
    data = _jsonl(
        tmp_path / "xlsum-hindi-test.jsonl",
        [
            {"id": f"x{i}", "title": ts.HI[39], "text": " ".join(a), "summary": ref}
            for i, (a, ref) in enumerate(zip(tiny_xlsum.articles, references, strict=True))
        ],
    )
    out = tmp_path / "run"
    argv = ["eval", str(task), "--data", str(data), "--system", "xlsum", "--system", "extractive"]
    assert main([*argv, "--out", str(out), "--bootstrap", "100", "--no-progress"]) == 0
    rows = _table_rows(capsys.readouterr().out)
    assert {"xlsum", "extractive", "lead-3", "oracle"} <= set(rows)
    metrics = json.loads((out / "metrics.json").read_text("utf-8"))
    for name in ("xlsum", "extractive"):
        rouge = metrics["systems"][name]["scores"]["rougeL"]
        assert f"{rouge['score']:.2f} [{rouge['ci_low']:.2f}, {rouge['ci_high']:.2f}]" in rows[name]
    # The anchor is the model's own summary of the article body (no title, no top-up).
    records = _records(out, "xlsum")
    assert [r["hypothesis"] for r in records] == [
        "\n".join(split_hindi(s)) for s in tiny_xlsum.summaries
    ]
    assert records[0]["scores"]["rouge1"] == pytest.approx(100.0)
    assert all(len(r["bullets"]) == 2 for r in records)
    config = json.loads((out / "config.json").read_text("utf-8"))
    assert config["data"]["origin"].startswith("jsonl ")


def test_eval_crosssum_puts_the_anchor_beside_the_pipeline_brief(
    tiny_marian: Any, tiny_crosssum: ts.TinyMT5, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    systems = {
        "fast": {"translator": str(tiny_marian.path), "summarizer": "extractive"},
        "crosssum": {
            "summarizer": str(tiny_crosssum.path),
            "options": {"summarizer_strategy": "crosslingual"},
        },
    }
    task = _task_copy("crosssum-hin-eng.yaml", tmp_path, systems)
    data = _jsonl(
        tmp_path / "crosssum-test.jsonl",
        [
            {"text": " ".join(a), "summary": s}
            for a, s in zip(tiny_crosssum.articles, tiny_crosssum.summaries, strict=True)
        ],
    )
    out = tmp_path / "run"
    argv = ["eval", str(task), "--data", str(data), "--out", str(out), "--bootstrap", "100"]
    assert main([*argv, "--no-progress"]) == 0
    rows = _table_rows(capsys.readouterr().out)
    assert {"fast", "crosssum", "lead-3", "extractive", "oracle"} <= set(rows)
    records = _records(out, "crosssum")
    assert [r["hypothesis"] for r in records] == [
        "\n".join(split_sentences(s)) for s in tiny_crosssum.summaries
    ]
    assert all(r["scores"]["rouge1"] == pytest.approx(100.0) for r in records)
    # The baselines picked from the pipeline system's translation, not from the anchor.
    lead = _records(out, "lead-3")
    assert lead[0]["hypothesis"] == "\n".join(EN[s] for s in tiny_crosssum.articles[0][:3])


def test_an_anchor_needs_a_model_summariser(tmp_path: Path, capsys: Any) -> None:
    data = _jsonl(tmp_path / "d.jsonl", [{"text": " ".join(ts.XLSUM_ARTICLES[0]), "summary": "x"}])
    argv = ["eval", str(ROOT / "eval" / "xlsum-hindi.yaml"), "--data", str(data)]
    spec = "name=a,summarizer=extractive,anchor=true"
    assert main([*argv, "--system", spec, "--out", str(tmp_path / "r")]) == 2
    assert "`anchor: true` scores a summariser model alone" in capsys.readouterr().err
