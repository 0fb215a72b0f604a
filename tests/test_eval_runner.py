"""Evaluation runs: FLORES slice with a fake or tiny model, report and plots, resume after
SIGKILL or Ctrl-C, finished runs not recomputed, brief tasks with baselines, the CLI."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from eval_helpers import FLORES_TASK, FakeTranslator, flores_table, run_flores
from hinews.errors import ConfigError
from hinews.evaluation.cli import register
from hinews.evaluation.runner import run_task
from hinews.evaluation.tasks import ColumnsConfig, DataConfig, TaskConfig, load_task

HELPERS = Path(__file__).with_name("eval_helpers.py")
PNG = b"\x89PNG\r\n\x1a\n"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hinews")
    register(parser.add_subparsers())
    return parser.parse_args(argv)


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


@pytest.fixture(scope="module")
def reference_run(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An uninterrupted 20-sentence FLORES run with the fake translator."""
    out = tmp_path_factory.mktemp("runs") / "uninterrupted"
    run_flores(out, shared_data)
    return out


def test_report_names_the_resolved_data_folder(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hinews.evaluation.systems import CallableSystem

    monkeypatch.chdir(shared_data)
    task = load_task(FLORES_TASK)
    task.bootstrap.samples = 20
    system = CallableSystem("echo", lambda xs: list(xs), description={"type": "echo"})
    run_task(task, tmp_path / "run", data_dir=".", limit=3, systems=[system], progress=False)
    report = (tmp_path / "run" / "report.md").read_text("utf-8")
    assert f"in {shared_data.resolve()};" in report and " in .;" not in report


def test_flores_run_writes_everything(reference_run: Path) -> None:
    out = reference_run
    for name in ("config.json", "versions.json", "metrics.json", "report.md"):
        assert (out / name).is_file(), name
    config = json.loads((out / "config.json").read_text("utf-8"))
    assert config["task"]["name"] == "flores200-devtest-hin-eng" and config["config_hash"]
    versions = json.loads((out / "versions.json").read_text("utf-8"))
    assert versions["packages"]["sacrebleu"] and "commit" in versions["git"]
    records = [json.loads(x) for x in (out / "examples" / "fake.jsonl").read_text().splitlines()]
    assert [r["index"] for r in records] == list(range(20))
    assert set(records[0]) >= {"source", "hypothesis", "references", "scores"}
    assert set(records[0]["scores"]) == {"bleu", "chrf++"}
    metrics = json.loads((out / "metrics.json").read_text("utf-8"))
    assert list(metrics["systems"]) == ["fake", "copy-source"]
    fake = metrics["systems"]["fake"]["scores"]["bleu"]
    assert fake["ci_low"] < fake["score"] < fake["ci_high"]
    assert 30 < fake["score"] < 90
    assert metrics["systems"]["copy-source"]["scores"]["chrf++"]["score"] < 10
    assert metrics["systems"]["fake"]["signatures"]["bleu"].startswith("BLEU|nrefs:1")
    test = metrics["paired_test"]["results"]["copy-source"]["bleu"]
    assert test["significant"] and test["delta"] < 0
    report = (out / "report.md").read_text("utf-8")
    assert report.index("![score-distribution]") < report.index("| system |")
    assert "copy-source" in report and "[" in report and "Paired bootstrap" in report
    for png in ("score-distribution.png", "score-vs-length.png"):
        data = (out / "plots" / png).read_bytes()
        assert data.startswith(PNG) and len(data) > 5000


def test_finished_run_is_not_recomputed_and_other_config_is_refused(
    reference_run: Path, shared_data: Path
) -> None:
    before = (reference_run / "metrics.json").stat().st_mtime_ns
    result = run_flores(reference_run, shared_data)
    assert result.already_finished
    assert (reference_run / "metrics.json").stat().st_mtime_ns == before
    with pytest.raises(ConfigError, match="different configuration"):
        run_flores(reference_run, shared_data, limit=10)


def _never_run(sources: list[str]) -> list[str]:
    raise AssertionError("a saved system was run again")


def _rerun(out: Path, data_dir: Path, log: list[str], **settings: Any) -> Any:
    """Rerun the reference configuration with other settings; the system must not run."""
    from hinews.evaluation.systems import CallableSystem

    task = load_task(FLORES_TASK)
    task.batch_size = settings.pop("batch_size", 2)
    task.bootstrap.samples = settings.pop("samples", 200)
    task.bootstrap.seed = settings.pop("seed", task.bootstrap.seed)
    system = CallableSystem("fake", _never_run, description={"type": "fake", "drop_every": 4})
    return run_task(
        task,
        out,
        data_dir=data_dir,
        limit=settings.pop("limit", 20),
        systems=[system],
        progress=False,
        log=log.append,
    )


def test_settings_that_cannot_change_examples_do_not_block_a_rerun(
    reference_run: Path, shared_data: Path, tmp_path: Path
) -> None:
    import shutil

    out = tmp_path / "runA1"
    shutil.copytree(reference_run, out)
    examples = (out / "examples" / "fake.jsonl").read_bytes()
    metrics = (out / "metrics.json").read_text("utf-8")
    log: list[str] = []
    # Batch size: nothing saved depends on it; the finished run is kept as it is.
    assert _rerun(out, shared_data, log, batch_size=16).already_finished
    assert (out / "metrics.json").read_text("utf-8") == metrics
    assert json.loads((out / "config.json").read_text("utf-8"))["task"]["batch_size"] == 16
    # Bootstrap settings: metrics.json and the report are recomputed, no system is rerun.
    result = _rerun(out, shared_data, log, samples=100, seed=7)
    assert not result.already_finished and not result.resumed
    assert any("task.bootstrap.samples: 200 -> 100" in line for line in log)
    new = json.loads((out / "metrics.json").read_text("utf-8"))
    assert new["bootstrap"] == {"samples": 100, "seed": 7, "confidence": 0.95}
    assert new["config_hash"] == json.loads(metrics)["config_hash"]  # same identity
    assert "100 resamples, seed 7" in (out / "report.md").read_text("utf-8")
    assert (out / "examples" / "fake.jsonl").read_bytes() == examples
    assert _rerun(out, shared_data, log, samples=100, seed=7).already_finished


def test_a_different_configuration_names_the_fields_and_the_fix(
    reference_run: Path, shared_data: Path
) -> None:
    with pytest.raises(ConfigError) as info:
        _rerun(reference_run, shared_data, [], limit=10, batch_size=16)
    message = str(info.value)
    assert "task.limit: 20 -> 10" in message and "data.examples: 20 -> 10" in message
    assert "batch_size" not in message.split("(batch_size")[0]
    assert "another out_dir=PATH" in message and "delete the folder" in message
    from hinews.flags import as_flags

    assert "another --out PATH" in as_flags(message)  # as `hinews eval` shows it
    from hinews.evaluation.runner import config_diff

    old = {"systems": [{"name": "a", "translator": "fast"}], "task": {"metrics": ["bleu"]}}
    new = {"systems": [{"name": "a", "translator": "best"}], "task": {"metrics": ["chrf"]}}
    assert config_diff(old, new) == [
        ("systems[a].translator", "fast", "best"),
        ("task.metrics[0]", "bleu", "chrf"),
    ]


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _spawn(out: Path, data_dir: Path, delay: float) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HELPERS.parent), *sys.path])}
    return subprocess.Popen(
        [sys.executable, str(HELPERS), str(out), str(data_dir), str(delay)],
        env=env,
        # A shell's background job (and so a pytest started with `&`) hands its children
        # SIGINT ignored, and Python then installs no KeyboardInterrupt handler: give the
        # child the default, as a terminal's Ctrl-C finds it.
        preexec_fn=_sigint_default,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_records(proc: subprocess.Popen[str], path: Path, n: int) -> None:
    deadline = time.monotonic() + 60
    while _lines(path) < n:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no records written"
        time.sleep(0.05)


def test_killed_run_resumes_to_identical_metrics(
    reference_run: Path, shared_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    proc = _spawn(out, shared_data, delay=0.3)
    log = out / "examples" / "fake.jsonl"
    _wait_for_records(proc, log, 4)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    done = _lines(log)
    assert 4 <= done < 20 and not (out / "metrics.json").exists()
    with open(log, "ab") as fh:  # as if killed in the middle of a write
        fh.write(b'{"index": 99, "sou')
    result = run_flores(out, shared_data)
    assert result.resumed == ["fake"]
    assert (out / "metrics.json").read_text() == (reference_run / "metrics.json").read_text()
    ours = [json.loads(x) for x in log.read_text().splitlines()]
    theirs = [
        json.loads(x) for x in (reference_run / "examples" / "fake.jsonl").read_text().splitlines()
    ]
    assert ours == theirs


def test_ctrl_c_saves_progress_and_says_how_to_continue(
    reference_run: Path, shared_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "interrupted"
    proc = _spawn(out, shared_data, delay=0.3)
    log = out / "examples" / "fake.jsonl"
    _wait_for_records(proc, log, 2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Interrupted" in err and "same command" in err
    assert 2 <= _lines(log) < 20
    run_flores(out, shared_data)
    assert (out / "metrics.json").read_text() == (reference_run / "metrics.json").read_text()


def test_fake_translator_through_the_real_pipeline(shared_data: Path, tmp_path: Path) -> None:
    from hinews.evaluation.systems import PipelineSystem
    from hinews.evaluation.tasks import SystemConfig
    from hinews.pipeline import Pipeline

    table = flores_table(shared_data)
    fake = FakeTranslator(table)
    task = load_task(FLORES_TASK)
    task.bootstrap.samples = 100
    system = PipelineSystem(
        SystemConfig(name="piped", translator="fake"),
        kind="translation",
        pipeline=Pipeline(translator=fake),
    )
    result = run_task(
        task, tmp_path / "run", data_dir=shared_data, limit=8, systems=[system], progress=False
    )
    assert fake.calls >= 1
    assert result.metrics["systems"]["piped"]["scores"]["bleu"]["score"] > 15  # long ones split


@pytest.mark.slow
def test_tiny_marian_through_eval_translation_cli(
    tiny_marian: Any,
    shared_data: Path,
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    pairs = tiny_marian.pairs[:12]
    src, ref = tmp_path / "src.hi", tmp_path / "ref.en"
    src.write_text("".join(h + "\n" for h, _ in pairs), "utf-8")
    ref.write_text("".join(e + "\n" for _, e in pairs), "utf-8")
    out = tmp_path / "run"
    args = _parse(
        [
            "eval",
            "translation",
            "--src",
            str(src),
            "--ref",
            str(ref),
            "--translator",
            str(tiny_marian.path),
            "--name",
            "tiny",
            "--out",
            str(out),
            "--bootstrap",
            "100",
            "--no-progress",
        ]
    )
    assert args.func(args) == 0
    metrics = json.loads((out / "metrics.json").read_text("utf-8"))
    assert metrics["systems"]["tiny"]["scores"]["chrf++"]["score"] > 80
    printed = capsys.readouterr().out
    chrf = metrics["systems"]["tiny"]["scores"]["chrf++"]
    # the terminal table rounds the interval as it rounds the score
    assert f"{chrf['score']:.2f} [{chrf['ci_low']:.2f}, {chrf['ci_high']:.2f}]" in printed
    assert (out / "plots" / "score-vs-length.png").read_bytes().startswith(PNG)
    # The FLORES task with the tiny model as its system (it has never seen FLORES: low scores).
    flores_out = tmp_path / "flores"
    args = _parse(
        [
            "eval",
            str(FLORES_TASK),
            "--system",
            f"name=tiny,translator={tiny_marian.path}",
            "--data-dir",
            str(shared_data),
            "--limit",
            "6",
            "--bootstrap",
            "100",
            "--out",
            str(flores_out),
            "--no-progress",
        ]
    )
    assert args.func(args) == 0
    report = (flores_out / "report.md").read_text("utf-8")
    assert "| **tiny** |" in report and "| copy-source |" in report
    assert (flores_out / "plots" / "score-distribution.png").read_bytes().startswith(PNG)


@pytest.mark.requires("sacrebleu", "numpy")
def test_eval_translation_with_hyp_file_and_main_cli(
    shared_data: Path,
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    from hinews.cli import main

    flores = shared_data / "flores200-devtest"
    hyp = shared_data / "published-outputs/opus-mt-hin-eng-opus+bt-2021-04-30"
    hyp = hyp / "flores200-devtest.hin-eng.output"
    out = tmp_path / "run"
    argv = [
        "eval",
        "translation",
        "--src",
        str(flores / "hin_Deva.devtest"),
        "--ref",
        str(flores / "eng_Latn.devtest"),
        "--hyp",
        str(hyp),
        "--out",
        str(out),
        "--no-progress",
        "--bootstrap",
        "100",
    ]
    assert main(argv) == 0
    metrics = json.loads((out / "metrics.json").read_text("utf-8"))
    name = "flores200-devtest.hin-eng"
    assert round(metrics["systems"][name]["scores"]["bleu"]["score"], 2) == 31.47
    assert round(metrics["systems"][name]["scores"]["chrf++"]["score"], 2) == 55.86
    report = (out / "report.md").read_text("utf-8")
    data_line = next(line for line in report.splitlines() if line.startswith("- data:"))
    source = str((flores / "hin_Deva.devtest").resolve())  # the report shows resolved paths
    assert source in data_line and " in ." not in data_line
    assert main(argv) == 0  # finished: returns at once
    assert main([*argv, "--batch-size", "7"]) == 0  # batch size: same run
    assert main([*argv[:-1], "50"]) == 0  # other bootstrap: metrics recomputed
    assert json.loads((out / "metrics.json").read_text("utf-8"))["bootstrap"]["samples"] == 50
    assert main([*argv[:-3], "--limit", "5", "--bootstrap", "100"]) == 2  # other config
    assert "task.limit: null -> 5" in capsys.readouterr().err


def test_eval_cli_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Did you mean 'translation'"):
        _parse(["eval", "translatoin", "--out", "x"]).func(
            _parse(["eval", "translatoin", "--out", "x"])
        )
    args = _parse(["eval", str(FLORES_TASK), "--out", str(tmp_path), "--src", "a"])
    with pytest.raises(ConfigError, match="--src cannot be used"):
        args.func(args)
    args = _parse(["eval", str(FLORES_TASK), "--out", str(tmp_path), "--system", "fats"])
    with pytest.raises(ConfigError, match="Did you mean 'fast'"):
        args.func(args)
    args = _parse(["eval", str(FLORES_TASK), "--out", str(tmp_path), "--system", "translater=x"])
    with pytest.raises(ConfigError, match="Did you mean 'translator'"):
        args.func(args)
    args = _parse(["eval", "translation", "--out", str(tmp_path), "--src", "a", "--ref", "b"])
    with pytest.raises(ConfigError, match="--translator or --hyp"):
        args.func(args)
    args = _parse(["eval", "brief", "--out", str(tmp_path), "--hyp", "h.jsonl"])
    with pytest.raises(ConfigError, match="--data"):
        args.func(args)


# --- briefs --------------------------------------------------------------------------------

ARTICLES = [
    [
        "भारत ने आज नया उपग्रह लॉन्च किया।",
        "यह उपग्रह मौसम की जानकारी देगा।",
        "वैज्ञानिकों ने इस सफलता पर खुशी जताई।",
        "प्रधानमंत्री ने टीम को बधाई दी।",
    ],
    [
        "दिल्ली में आज भारी बारिश हुई।",
        "कई सड़कों पर पानी भर गया।",
        "स्कूल दो दिन बंद रहेंगे।",
        "मौसम विभाग ने चेतावनी जारी की है।",
    ],
    [
        "क्रिकेट टीम ने मैच जीत लिया।",
        "कप्तान ने शानदार शतक बनाया।",
        "दर्शकों ने खड़े होकर तालियां बजाईं।",
        "अगला मैच रविवार को खेला जाएगा।",
    ],
]


def _brief_data(tmp_path: Path) -> Path:
    path = tmp_path / "briefs.jsonl"
    rows = [{"text": " ".join(a), "summary": a[1] + " " + a[3]} for a in ARTICLES]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def test_hindi_brief_task_with_summarizer_and_baselines(tmp_path: Path) -> None:
    task = TaskConfig(
        name="hi-briefs",
        kind="brief",
        source_lang="hi",
        target_lang="hi",
        data=DataConfig(
            format="jsonl",
            path=str(_brief_data(tmp_path)),
            columns=ColumnsConfig(source="text", references=["summary"]),
        ),
        bullets=2,
    )
    from hinews.evaluation.schema import load_dataclass
    from hinews.evaluation.tasks import SystemConfig

    task.systems = [
        load_dataclass(SystemConfig, {"name": "lead-sys", "summarizer": "lead"}, where="test")
    ]
    task.bootstrap.samples = 100
    result = run_task(task, tmp_path / "run", data_dir=tmp_path, progress=False)
    systems = result.metrics["systems"]
    assert list(systems) == ["lead-sys", "lead-3", "extractive", "oracle"]
    oracle = systems["oracle"]["scores"]
    assert oracle["rouge2"]["score"] == pytest.approx(100.0)  # picks exactly sentences 2 and 4
    for name in ("lead-sys", "lead-3", "extractive"):
        assert systems[name]["scores"]["rouge1"]["score"] <= oracle["rouge1"]["score"] + 1e-9
    assert "tok:unicode-words-nfc" in systems["oracle"]["signatures"]["rouge"]
    recs = (tmp_path / "run" / "examples" / "oracle.jsonl").read_text("utf-8").splitlines()
    first = json.loads(recs[0])
    assert first["bullets"] == [ARTICLES[0][1], ARTICLES[0][3]]
    assert first["hypothesis"] == "\n".join(first["bullets"])


class _FakeBriefPipeline:
    """Stands in for Pipeline.brief_batch: translates by lookup, bullets = first 3."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table

    def brief_batch(self, texts: list[str]) -> list[Any]:
        from types import SimpleNamespace

        from hinews.evaluation.tokenize import split_sentences_simple

        out = []
        for text in texts:
            english = [self.table[s] for s in split_sentences_simple(text)]
            sentences = [SimpleNamespace(target=e) for e in english]
            out.append(
                SimpleNamespace(
                    bullets=tuple(english[:3]), translation=SimpleNamespace(sentences=sentences)
                )
            )
        return out


def test_crosslingual_brief_baselines_use_the_system_translation(tmp_path: Path) -> None:
    from hinews.evaluation.systems import PipelineSystem
    from hinews.evaluation.tasks import SystemConfig
    from tiny_data import PAIRS

    table = dict(PAIRS)
    path = tmp_path / "cross.jsonl"
    rows = [{"text": " ".join(a), "summary": [table[a[1]], table[a[3]]]} for a in ARTICLES]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    task = TaskConfig(name="cross", kind="brief", data=DataConfig(format="jsonl", path=str(path)))
    task.bootstrap.samples = 100
    system = PipelineSystem(
        SystemConfig(name="pipe", translator="fake", summarizer="lead"),
        kind="brief",
        pipeline=_FakeBriefPipeline(table),
    )
    result = run_task(task, tmp_path / "run", data_dir=tmp_path, systems=[system], progress=False)
    systems = result.metrics["systems"]
    assert list(systems) == ["pipe", "lead-3", "extractive", "oracle"]
    assert systems["oracle"]["scores"]["rougeLsum"]["score"] == pytest.approx(100.0)
    assert systems["lead-3"]["scores"]["rouge1"]["score"] == pytest.approx(
        systems["pipe"]["scores"]["rouge1"]["score"]
    )
    assert "stem:porter" in systems["pipe"]["signatures"]["rouge"]
    config = json.loads((tmp_path / "run" / "config.json").read_text("utf-8"))
    assert config["systems"][1]["candidates_from"] == "pipe"


def test_eval_brief_cli_with_hypotheses(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = _brief_data(tmp_path)
    hyp = tmp_path / "mine.jsonl"
    hyp.write_text(
        "".join(json.dumps({"bullets": a[:3]}, ensure_ascii=False) + "\n" for a in ARTICLES),
        "utf-8",
    )
    args = _parse(
        [
            "eval",
            "brief",
            "--data",
            str(data),
            "--hyp",
            str(hyp),
            "--lang",
            "hi",
            "--out",
            str(tmp_path / "run"),
            "--bootstrap",
            "50",
            "--no-progress",
        ]
    )
    assert args.func(args) == 0
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text("utf-8"))
    assert list(metrics["systems"]) == ["mine", "lead-3", "extractive", "oracle"]
    assert metrics["systems"]["mine"]["scores"]["rouge1"]["score"] == pytest.approx(
        metrics["systems"]["lead-3"]["scores"]["rouge1"]["score"]
    )  # both are the lead
    assert "ROUGE-Lsum" in capsys.readouterr().out


def test_english_rouge_on_devanagari_references_warns(tmp_path: Path) -> None:
    task = TaskConfig(
        name="hi-refs-en",
        kind="brief",
        source_lang="hi",
        target_lang="en",
        baselines=["lead-3"],
        data=DataConfig(format="jsonl", path=str(_brief_data(tmp_path))),
    )
    task.bootstrap.samples = 20
    log: list[str] = []
    with pytest.raises(ConfigError, match="nothing to evaluate"):
        run_task(task, tmp_path / "run", data_dir=tmp_path, progress=False, log=log.append)
    assert any("warning" in line and "Devanagari" in line for line in log)


def test_a_config_diff_cuts_long_values_inside_their_quotes() -> None:
    from hinews.evaluation.runner import describe_diff

    old, new = "b1c02588" + "0" * 56, "f226f4aa" + "1" * 56
    shown = describe_diff([("data.fingerprint", old, new), ("limit", 100, 200)])
    assert shown == (f'data.fingerprint: "{old[:37]}…" -> "{new[:37]}…", limit: 100 -> 200')
