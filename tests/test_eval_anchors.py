"""The anchors as published: XL-Sum's own ROUGE, parquet datasets, one-line input errors.

``rouge-xlsum`` is checked example by example against outputs of XL-Sum's own scorer code
(``tests/fixtures/xlsum_rouge_reference.json``, made by ``make_xlsum_rouge_reference.py`` in
a venv holding the fork). No test here downloads anything.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from hinews.cli import main
from hinews.errors import DataError, DependencyError

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = json.loads((ROOT / "tests" / "fixtures" / "xlsum_rouge_reference.json").read_text())
TYPES = ("rouge1", "rouge2", "rougeL")

pytest.importorskip("pyonmttok", reason="rouge-xlsum needs pyonmttok (extra eval-xlsum)")


def _pairs() -> tuple[list[str], list[list[str]]]:
    hyps = [ex["prediction"] for ex in FIXTURE["examples"]]
    refs = [[ex["target"]] for ex in FIXTURE["examples"]]
    return hyps, refs


@pytest.mark.parametrize("i", range(len(FIXTURE["examples"])))
def test_rouge_xlsum_equals_the_forks_own_outputs(i: int) -> None:
    from hinews.evaluation.xlsum_rouge import XlsumRougeScorer

    ex = FIXTURE["examples"][i]
    scorer = XlsumRougeScorer("hi")
    assert scorer.tokenize(ex["target"]) == ex["target_tokens"]
    assert scorer.tokenize(ex["prediction"]) == ex["prediction_tokens"]
    scores = scorer.score(ex["target"], ex["prediction"])
    for t in TYPES:  # exact floats: the same arithmetic in the same order
        s = scores[t]
        assert [s.precision, s.recall, s.fmeasure] == ex["scores"][t]


@pytest.fixture(scope="module")
def english_stopwords(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """NLTK data holding the fixture's own English stopword list (not NLTK's)."""
    import nltk

    folder = tmp_path_factory.mktemp("nltk_data")
    (folder / "corpora" / "stopwords").mkdir(parents=True)
    words = "\n".join(FIXTURE["english_stopwords"]) + "\n"
    (folder / "corpora" / "stopwords" / "english").write_text(words, "utf-8")
    nltk.data.path.insert(0, str(folder))
    yield folder
    nltk.data.path.remove(str(folder))


@pytest.mark.parametrize("i", range(len(FIXTURE["english"])))
def test_rouge_xlsum_in_english_equals_the_fork(i: int, english_stopwords: Any) -> None:
    from hinews.evaluation.xlsum_rouge import XlsumRougeScorer

    ex = FIXTURE["english"][i]
    scorer = XlsumRougeScorer("en")
    assert scorer.tokenize(ex["target"]) == ex["target_tokens"]
    assert scorer.tokenize(ex["prediction"]) == ex["prediction_tokens"]
    scores = scorer.score(ex["target"], ex["prediction"])
    for t in TYPES:
        s = scores[t]
        assert [s.precision, s.recall, s.fmeasure] == ex["scores"][t]


def test_the_fixture_covers_the_hard_cases() -> None:
    texts = " ".join(ex["target"] + ex["prediction"] for ex in FIXTURE["examples"])
    assert "\u093c" in texts  # decomposed nukta
    assert "!!!" in texts and "।।" in texts  # runs of punctuation
    assert any(c in texts for c in "0123456789") and any(c in texts for c in "०१२३")
    assert "Modi" in texts and "summit" in texts  # English inside Hindi


@pytest.mark.parametrize("seed", sorted(FIXTURE["bootstrap_mid"]))
def test_bootstrap_mid_equals_the_forks_aggregator(seed: str) -> None:
    from hinews.evaluation.metrics import RougeXlsum

    hyps, refs = _pairs()
    metric = RougeXlsum("hi", mid_seed=int(seed))
    mids = metric.bootstrap_mid(hyps, refs)
    for t in TYPES:
        assert mids[f"xlsum-{t}-mid"] == 100.0 * FIXTURE["bootstrap_mid"][seed][t][2]


def test_metric_reports_mean_and_mid_and_says_how() -> None:
    from hinews.evaluation.metrics import get_metric, score_keys

    hyps, refs = _pairs()
    metric = get_metric("rouge-xlsum", lang="hi")
    corpus = metric.corpus(hyps, refs)
    for t in TYPES:
        f = [100.0 * ex["scores"][t][2] for ex in FIXTURE["examples"]]
        assert corpus[f"xlsum-{t}"] == pytest.approx(sum(f) / len(f), abs=1e-9)
        assert corpus[f"xlsum-{t}-mid"] == 100.0 * FIXTURE["bootstrap_mid"]["1234"][t][2]
    sig = metric.signature()
    assert sig.startswith("ROUGE-XLSum|lang:hindi|stem:yes")
    assert "agg:mean-f+bootstrap-mid-f(samples:1000,seed:1234,numpy.RandomState)" in sig
    assert "csebuetnlp/xl-sum" in sig
    assert score_keys(["rouge-xlsum"]) == ["xlsum-rouge1", "xlsum-rouge2", "xlsum-rougeL"]


def test_score_cli_takes_rouge_xlsum_and_rouge_stays_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hinews.evaluation.score import DEFAULT_METRICS
    from hinews.evaluation.tasks import DEFAULT_METRICS as TASK_DEFAULTS

    hyps, refs = _pairs()
    hyp, ref = tmp_path / "h.txt", tmp_path / "r.txt"
    keep = [
        i for i, (h, r) in enumerate(zip(hyps, refs, strict=True)) if h.strip() and r[0].strip()
    ]
    keep = [i for i in keep if "\n" not in hyps[i] + refs[i][0]]
    hyp.write_text("".join(hyps[i] + "\n" for i in keep), "utf-8")
    ref.write_text("".join(refs[i][0] + "\n" for i in keep), "utf-8")
    argv = ["score", "--hyp", str(hyp), "--ref", str(ref), "--metrics", "rouge-xlsum"]
    assert main([*argv, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    f1 = [100.0 * FIXTURE["examples"][i]["scores"]["rouge1"][2] for i in keep]
    assert out["xlsum-rouge1"] == pytest.approx(sum(f1) / len(f1), abs=1e-9)
    assert "xlsum-rouge1-mid" in out and out["signatures"]["rouge-xlsum"].startswith("ROUGE-XLSum")
    assert main(argv) == 0
    assert "XL-Sum R-1 mid" in capsys.readouterr().out
    assert "rouge" in DEFAULT_METRICS and "rouge-xlsum" not in DEFAULT_METRICS
    assert TASK_DEFAULTS["brief"] == ["rouge"]


def test_missing_scorer_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from hinews.evaluation.metrics import get_metric

    monkeypatch.setitem(sys.modules, "pyonmttok", None)
    with pytest.raises(DependencyError, match=r"pyonmttok.*hinews\[eval-xlsum\]"):
        get_metric("rouge-xlsum", lang="hi").corpus(["a"], [["a"]])


# --- parquet datasets -------------------------------------------------------------------


def _write_parquet(path: Path, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)


def _task(tmp_path: Path, name: str, **changes: Any) -> Path:
    task = yaml.safe_load((ROOT / "eval" / name).read_text("utf-8"))
    for key, value in changes.items():
        if key == "data":
            task["data"].update(value)
        else:
            task[key] = value
    path = tmp_path / name
    path.write_text(yaml.safe_dump(task, allow_unicode=True, sort_keys=False), "utf-8")
    return path


ARTICLES = [
    (
        "x1",
        "सरकार ने नई नीति बनाई",
        "भारत सरकार ने सोमवार को नई नीति की घोषणा की।",
        "सरकार ने नीति बनाई",
    ),
    ("x2", "बाढ़", "असम में बाढ़ से 20 लोगों की मौत हुई।", "असम में बाढ़ से मौतें"),
    ("x3", "चुनाव", "चुनाव आयोग ने तारीख़ों की घोषणा की।", "चुनाव की तारीख़ें घोषित"),
]


def test_hub_parquet_paths_pin_the_revision() -> None:
    from hinews.evaluation.data import parquet_files
    from hinews.evaluation.tasks import load_task

    crosssum = load_task(ROOT / "eval" / "crosssum-hin-eng.yaml")
    xlsum = load_task(ROOT / "eval" / "xlsum-hindi.yaml")
    assert parquet_files(crosssum.data) == (
        "hf://datasets/csebuetnlp/CrossSum@refs%2Fconvert%2Fparquet/hindi-english/test/*.parquet"
    )
    assert parquet_files(xlsum.data) == (
        "hf://datasets/csebuetnlp/xlsum@refs%2Fconvert%2Fparquet/hindi/test/*.parquet"
    )


def test_parquet_tasks_load_from_a_local_tree_laid_out_like_the_hub(tmp_path: Path) -> None:
    from hinews.evaluation.data import load_dataset
    from hinews.evaluation.tasks import load_task

    mirror = tmp_path / "mirror"
    rows = [{"id": i, "title": t, "text": x, "summary": s} for i, t, x, s in ARTICLES]
    _write_parquet(mirror / "xlsum" / "hindi" / "test" / "0000.parquet", rows)
    _write_parquet(mirror / "xlsum" / "hindi" / "train" / "0000.parquet", rows[:1])
    en = [{"text": x, "summary": f"summary {i}"} for i, _, x, _ in ARTICLES]
    _write_parquet(mirror / "crosssum" / "hindi-english" / "test" / "0000.parquet", en[:2])
    _write_parquet(mirror / "crosssum" / "hindi-english" / "test" / "0001.parquet", en[2:])

    xlsum = load_task(_task(tmp_path, "xlsum-hindi.yaml", data={"mirror": "mirror/xlsum"}))
    data = load_dataset(xlsum.data, data_dir=tmp_path)
    assert [ex.id for ex in data.examples] == ["x1", "x2", "x3"]  # the test split only
    assert data.examples[1].source == "बाढ़\n\nअसम में बाढ़ से 20 लोगों की मौत हुई।"
    assert data.examples[1].references == ("असम में बाढ़ से मौतें",)
    assert "@ refs/convert/parquet" in data.origin
    crosssum = load_task(
        _task(tmp_path, "crosssum-hin-eng.yaml", data={"mirror": "mirror/crosssum"})
    )
    data = load_dataset(crosssum.data, data_dir=tmp_path, limit=2)
    assert [ex.references[0] for ex in data.examples] == ["summary x1", "summary x2"]


def test_a_parquet_task_must_pin_its_revision(tmp_path: Path) -> None:
    from hinews.errors import ConfigError
    from hinews.evaluation.tasks import load_task

    path = _task(tmp_path, "crosssum-hin-eng.yaml", data={"revision": None})
    with pytest.raises(ConfigError, match=r"data\.revision: a parquet task pins"):
        load_task(path)


# --- one-line errors naming the file and line -----------------------------------------------


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_a_task_column_the_data_lacks(tmp_path: Path) -> None:
    from hinews.evaluation.data import load_dataset
    from hinews.evaluation.tasks import load_task, task_line

    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"body": "क", "summary": "ख"}, ensure_ascii=False) + "\n", "utf-8")
    path = tmp_path / "t.yaml"
    path.write_text(
        "name: t\nkind: brief\nsource_lang: hi\ntarget_lang: hi\ndata:\n  format: jsonl\n"
        f"  path: {data}\n  columns:\n    source: text\n    references: [summary]\n",
        "utf-8",
    )
    task = load_task(path)
    with pytest.raises(DataError) as info:
        load_dataset(task.data, data_dir=tmp_path, where=lambda k: task_line(task, k))
    message = str(info.value)
    assert message.startswith(f"{path}:{_line_of(path, 'source: text')}: column 'text'")
    assert "\n" not in message and "['body', 'summary']" in message


def test_eval_names_the_line_of_a_missing_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mirror = tmp_path / "mirror"
    rows = [{"id": i, "headline": t, "text": x, "summary": s} for i, t, x, s in ARTICLES]
    _write_parquet(mirror / "hindi" / "test" / "0000.parquet", rows)
    path = _task(tmp_path, "xlsum-hindi.yaml", data={"mirror": "mirror"}, systems=[])
    argv = ["eval", str(path), "--data-dir", str(tmp_path), "--out", str(tmp_path / "run")]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert f"{path}:{_line_of(path, 'title: title')}: column 'title' (columns.title)" in err
    assert len(err.splitlines()) == 1


def test_score_files_of_different_lengths_and_an_empty_reference(tmp_path: Path) -> None:
    from hinews.evaluation.score import score_files

    hyp, ref = tmp_path / "h.txt", tmp_path / "r.txt"
    hyp.write_text("a\nb\nc\n", "utf-8")
    ref.write_text("a\nb\n", "utf-8")
    with pytest.raises(DataError) as info:
        score_files(hyp, [ref], metrics=["rouge"])
    message = str(info.value)
    assert message.startswith(f"hypotheses {hyp} line 3 has no counterpart: reference {ref}")
    assert "\n" not in message
    ref.write_text("a\n\nc\n", "utf-8")
    with pytest.raises(DataError) as info:
        score_files(hyp, [ref], metrics=["rouge"])
    assert str(info.value).startswith(f"reference {ref} line 2 is empty")


def test_as_published_without_its_scorer_names_the_task_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyonmttok", None)
    path = _task(tmp_path, "xlsum-hindi.yaml", data={"mirror": "absent"})
    argv = ["eval", str(path), "--out", str(tmp_path / "run"), "--data-dir", str(tmp_path)]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    line = _line_of(path, "name: xlsum-published")
    assert f"{path}:{line}: as_published 'xlsum' is scored with rouge-xlsum (hi)" in err
    assert "pyonmttok" in err and len(err.splitlines()) == 1
    # Picked with --system, it is still found at its own line.
    assert main([*argv, "--system", "xlsum-published"]) == 2
    assert f"{path}:{line}: as_published 'xlsum'" in capsys.readouterr().err
    # Left out, the others run on (here: up to the missing data).
    assert main([*argv, "--system", "extractive"]) == 2
    assert "is scored with" not in capsys.readouterr().err


# --- published beside reproduced ---------------------------------------------------------------


def test_report_prints_published_and_reproduced_with_the_difference(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    rows = [{"id": i, "title": t, "text": x, "summary": s} for i, t, x, s in ARTICLES]
    _write_parquet(mirror / "hindi" / "test" / "0000.parquet", rows)
    hyp = tmp_path / "mine.txt"
    hyp.write_text("सरकार ने नई नीति बनाई\nअसम में बाढ़\nचुनाव की घोषणा\n", "utf-8")
    published = {
        "source": "a paper, Table 9",
        "metric": "rouge-xlsum",
        "aggregation": "bootstrap-mid",
        "scores": {"rouge1": 38.5882, "rougeL": 32.0132},
    }
    system = {"name": "mine", "hyp": str(hyp), "published": published}
    path = _task(tmp_path, "xlsum-hindi.yaml", data={"mirror": "mirror"}, systems=[system])
    out = tmp_path / "run"
    argv = ["eval", str(path), "--data-dir", str(tmp_path), "--out", str(out), "--no-progress"]
    assert main([*argv, "--bootstrap", "50"]) == 0
    metrics = json.loads((out / "metrics.json").read_text("utf-8"))
    mine = metrics["systems"]["mine"]
    pub = mine["published"]["rows"]["rouge1"]
    assert pub["reproduced"] == mine["bootstrap_mid"]["xlsum-rouge1-mid"]
    assert pub["difference"] == pytest.approx(pub["reproduced"] - 38.5882)
    report = (out / "report.md").read_text("utf-8")
    row = f"| mine | XL-Sum R-1 | 38.59 | {pub['reproduced']:.2f} | {pub['difference']:+.2f} |"
    assert row in report
    assert "- mine: a paper, Table 9." in report


# --- as published, on a tiny mT5 XL-Sum ------------------------------------------------------


@pytest.mark.slow
def test_as_published_cuts_at_512_tokens_with_the_cards_decoding(
    tiny_xlsum: Any, tmp_path: Path
) -> None:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from hinews.evaluation.anchors import ANCHORS
    from hinews.evaluation.data import Example
    from hinews.evaluation.systems import AsPublishedSystem, load_summarizer, split_sentences

    tokenizer = AutoTokenizer.from_pretrained(tiny_xlsum.path)
    model = AutoModelForSeq2SeqLM.from_pretrained(tiny_xlsum.path).eval()
    short = " ".join(tiny_xlsum.articles[0])
    long = short
    while len(tokenizer(long)["input_ids"]) <= 600:
        long += " " + " ".join(tiny_xlsum.articles[len(long) % len(tiny_xlsum.articles)])

    def card(text: str) -> str:
        """The model card's code: cut at 512, beam 4, 84, no-repeat 2, length penalty 0.6."""
        enc = tokenizer(
            " ".join(text.split()), return_tensors="pt", truncation=True, max_length=512
        )
        with torch.inference_mode():
            out = model.generate(
                **enc,
                max_length=84,
                max_new_tokens=None,
                no_repeat_ngram_size=2,
                num_beams=4,
                length_penalty=0.6,
                do_sample=False,
            )
        return str(
            tokenizer.decode(out[0], skip_special_tokens=True, clean_up_tokenization_spaces=False)
        )

    summarizer = load_summarizer(
        str(tiny_xlsum.path), summarizer_strategy="source", summarizer_backend="transformers"
    )
    system = AsPublishedSystem("xlsum-published", summarizer, setup=ANCHORS["xlsum"])
    examples = [
        Example(0, "a", short, ("r",)),
        Example(1, "b", "शीर्षक\n\n" + long, ("r",), "शीर्षक"),
    ]
    outputs = system.run(examples)
    assert [o.hypothesis for o in outputs] == [card(short).strip(), card(long).strip()]
    assert outputs[0].hypothesis == tiny_xlsum.summaries[0]  # what it memorised
    # hinews' own anchor map-reduces the long article instead of cutting it.
    _, details = summarizer.write(split_sentences(long))
    assert details["chunks"] > 1
    described = system.describe()["as_published"]
    assert described["max_source_tokens"] == 512 and described["generation"]["max_length"] == 84
    assert described["scorer"] == "rouge-xlsum"
    options = system.provenance()["summarizer"]["options"]
    assert options["long_input"] == "cut at 512 tokens (as published)"
    assert options["inputs_cut"] == "1 of 2"


@pytest.mark.slow
def test_eval_as_published_scores_with_its_own_scorer_and_reports_published(
    tiny_xlsum: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {"id": f"x{i}", "title": "शीर्षक", "text": " ".join(a), "summary": s}
        for i, (a, s) in enumerate(zip(tiny_xlsum.articles, tiny_xlsum.summaries, strict=True))
    ]
    _write_parquet(tmp_path / "mirror" / "hindi" / "test" / "0000.parquet", rows)
    task = yaml.safe_load((ROOT / "eval" / "xlsum-hindi.yaml").read_text("utf-8"))
    system = next(s for s in task["systems"] if s["name"] == "xlsum-published")
    system.update(
        summarizer=str(tiny_xlsum.path),
        published_setup="xlsum",
        options={"summarizer_strategy": "source"},
    )
    task.update(systems=[system], metrics=["rouge"], baselines=["lead-3"])
    task["data"]["mirror"] = "mirror"
    path = tmp_path / "task.yaml"
    path.write_text(yaml.safe_dump(task, allow_unicode=True, sort_keys=False), "utf-8")
    out = tmp_path / "run"
    argv = ["eval", str(path), "--data-dir", str(tmp_path), "--out", str(out), "--no-progress"]
    assert main([*argv, "--bootstrap", "50"]) == 0
    metrics = json.loads((out / "metrics.json").read_text("utf-8"))
    # The anchor's own scorer is added to the task's metrics, for every system.
    assert "xlsum-rouge1" in metrics["keys"] and "rouge1" in metrics["keys"]
    mine = metrics["systems"]["xlsum-published"]
    assert mine["signatures"]["rouge-xlsum"].startswith("ROUGE-XLSum|lang:hindi")
    assert mine["bootstrap_mid"]["xlsum-rouge1-mid"] == pytest.approx(100.0)
    row = mine["published"]["rows"]["rouge1"]
    assert row["published"] == 38.5882 and row["difference"] == pytest.approx(100.0 - 38.5882)
    assert mine["published"]["as_published"] is True
    report = (out / "report.md").read_text("utf-8")
    assert (
        "| xlsum-published | XL-Sum R-1 | 38.59 | 100.00 | +61.41 | "
        "rouge-xlsum, bootstrap-mid, as published |" in report
    )
    assert "XL-Sum README, section Benchmarks" in report
    config = json.loads((out / "config.json").read_text("utf-8"))
    described = next(s for s in config["systems"] if s["name"] == "xlsum-published")
    assert described["as_published"]["max_source_tokens"] == 512


def test_as_published_runs_on_transformers_and_refuses_ctranslate2() -> None:
    """auto would pick CTranslate2 for mT5; the card's code is transformers' generate."""
    from hinews.errors import ConfigError
    from hinews.evaluation.systems import AsPublishedSystem

    system = AsPublishedSystem("x", "xlsum")
    assert system.options["summarizer_backend"] == "transformers"
    with pytest.raises(ConfigError, match=r"summarizer_backend='ctranslate2' cannot"):
        AsPublishedSystem("x", "xlsum", options={"summarizer_backend": "ctranslate2"})
