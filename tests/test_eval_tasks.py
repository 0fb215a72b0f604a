"""Task files: every shipped eval/*.yaml is valid; bad tasks fail with every problem listed;
hub tasks fail clearly offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from hinews.errors import ConfigError, DataError
from hinews.evaluation.data import load_dataset
from hinews.evaluation.metrics import canonical_name
from hinews.evaluation.tasks import BASELINES, load_task, resolve_data_dir

ROOT = Path(__file__).resolve().parents[1]
TASKS = sorted((ROOT / "eval").glob("*.yaml"))
HUB_TASKS = [p for p in TASKS if "format: hf" in p.read_text("utf-8")]


def test_the_required_tasks_are_shipped() -> None:
    names = {load_task(p).name for p in TASKS}
    assert {
        "flores200-devtest-hin-eng",
        "ntrex128-hin-eng-doc",
        "xlsum-hindi",
        "crosssum-hin-eng",
    } <= names


@pytest.mark.parametrize("path", TASKS, ids=lambda p: p.name)
def test_every_task_file_is_valid(path: Path, shared_data: Path) -> None:
    task = load_task(path)
    assert task.problems() == []
    for metric in task.metrics:
        canonical_name(metric)
    assert set(task.baselines or []) <= set(BASELINES[task.kind])
    data_dir = resolve_data_dir(shared_data)
    for rel in task.data_paths():
        assert (data_dir / rel).is_file(), rel


@pytest.mark.parametrize("path", [p for p in TASKS if p not in HUB_TASKS], ids=lambda p: p.name)
def test_local_task_data_loads(path: Path, shared_data: Path) -> None:
    task = load_task(path)
    ds = load_dataset(task.data, data_dir=shared_data, limit=3)
    assert len(ds.examples) == 3
    assert all(ex.source and ex.references[0] for ex in ds.examples)


def test_ntrex_is_document_level_with_headlines(shared_data: Path) -> None:
    task = load_task(ROOT / "eval" / "ntrex128-hin-eng.yaml")
    ds = load_dataset(task.data, data_dir=shared_data)
    assert ds.total == 123 and len(ds.examples) == 123
    first = ds.examples[0]
    assert first.id == "bbc.381790"
    assert first.title and first.source.startswith(first.title + "\n\n")
    assert first.references[0].count("\n") == first.source.count("\n\n")


@pytest.mark.parametrize("path", HUB_TASKS, ids=lambda p: p.name)
def test_hub_tasks_fail_clearly_offline(path: Path) -> None:
    task = load_task(path)
    with pytest.raises(DataError) as info:
        load_dataset(task.data, data_dir=Path("."), limit=2)
    message = str(info.value)
    assert str(task.data.dataset) in message
    assert "HF_HUB_OFFLINE" in message and "format: jsonl" in message
    if "flores_plus" in str(task.data.dataset):
        assert "hf auth login" in message and "huggingface-cli" not in message


def test_bad_task_reports_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nkind: translaton\nmetrcs: [bleu]\nmetrics: [blue]\n"
        "data: {format: text, source: a.txt, refs: [b.txt]}\n"
        "systems: [{name: s, translater: fast}]\n",
        "utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_task(bad)
    message = str(info.value)
    for fragment in (
        "metrcs",
        "Did you mean 'metrics'",
        "refs",
        "translater",
        "Did you mean 'translator'",
    ):
        assert fragment in message
    good_keys = bad.read_text("utf-8").replace("metrcs: [bleu]\n", "")
    good_keys = good_keys.replace("refs", "references").replace("translater", "translator")
    bad.write_text(good_keys, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_task(bad)
    message = str(info.value)
    assert "translaton" in message and "Did you mean 'translation'" in message
    assert "'blue'" in message and "Did you mean 'bleu'" in message


def test_missing_task_file_lists_tasks() -> None:
    with pytest.raises(ConfigError, match=r"flores200-hin-eng\.yaml"):
        load_task(ROOT / "eval" / "flores.yaml")


def test_system_must_be_file_or_pipeline(tmp_path: Path) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text(
        "name: x\nkind: translation\ndata: {format: text, source: a, references: [b]}\n"
        "systems: [{name: a}, {name: b, hyp: h.txt, translator: fast}]\n",
        "utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_task(bad)
    assert "needs `hyp`" in str(info.value) and "both `hyp` and a pipeline" in str(info.value)


def test_data_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HINEWS_DATA_DIR", str(tmp_path))
    assert resolve_data_dir(None) == tmp_path
    with pytest.raises(DataError, match="data_dir="):
        resolve_data_dir(tmp_path / "missing")
    monkeypatch.delenv("HINEWS_DATA_DIR")
    monkeypatch.delenv("HINEWS_SHARED", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError, match="HINEWS_DATA_DIR"):
        resolve_data_dir(None)


def test_an_unreachable_hub_asks_to_unset_offline_only_when_it_is_set(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from hinews.evaluation.data import hub_error

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    message = str(hub_error("csebuetnlp/xlsum", "hindi", "test", ConnectionError("down")))
    assert "connect to the internet to download it once" in message and "unset" not in message
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    message = str(hub_error("csebuetnlp/xlsum", "hindi", "test", ConnectionError("down")))
    assert "(HF_HUB_OFFLINE=1 is set)" in message and "unset HF_HUB_OFFLINE and connect" in message
