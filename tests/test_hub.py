"""Finding models: directories, the HF cache, and fast failures."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from hinews.errors import ModelNotFoundError
from hinews.models import hub


def test_local_directory(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    files = hub.find_model(str(tiny_marian.path))
    assert files.local and files.path == tiny_marian.path.resolve() and files.revision is None


def test_directory_without_model(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="holds no model"):
        hub.find_model(str(tmp_path))


def test_not_a_hub_id(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="not a directory and not a hub id"):
        hub.find_model(str(tmp_path / "missing" / "model"))


def test_uncached_offline_fails_at_once() -> None:
    start = time.monotonic()
    with pytest.raises(ModelNotFoundError) as err:
        hub.find_model("Helsinki-NLP/opus-mt-hi-en")
    assert time.monotonic() - start < 5
    assert "hinews download Helsinki-NLP/opus-mt-hi-en" in str(err.value)


@pytest.mark.parametrize(
    ("role", "fix"),
    [
        ("summarizer", "(e.g. summarizer=./my-model)"),
        ("translator", "(e.g. translator=./my-model)"),
        (None, "(e.g. translator=./my-model or summarizer=./my-model)"),
    ],
)
def test_the_fix_names_the_option_of_the_missing_model(role: str | None, fix: str) -> None:
    with pytest.raises(ModelNotFoundError) as err:
        hub.find_model("sshleifer/distilbart-cnn-12-6", role=role)
    assert str(err.value).endswith(fix + ".")


def test_brief_with_a_missing_summarizer_fails_before_the_translator_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hinews.cli import main
    from tiny_data import DOC

    (tmp_path / "a.txt").write_text(DOC, "utf-8")
    no_model = tmp_path / "empty-folder"  # the translator would fail too, but later
    no_model.mkdir()
    argv = ["brief", "--summarizer", "distilbart-cnn", "--translator", str(no_model)]
    assert main([*argv, str(tmp_path / "a.txt")]) == 3
    assert "(e.g. --summarizer ./my-model)" in capsys.readouterr().err


def test_cached_snapshot_is_used_without_network(tiny_marian, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A model in the HF cache layout loads with no network, revision = the commit."""
    cache = tmp_path / "hub"
    repo = cache / "models--org--tiny" / "snapshots" / ("a" * 40)
    repo.mkdir(parents=True)
    for f in tiny_marian.path.iterdir():
        (repo / f.name).symlink_to(f)
    (cache / "models--org--tiny" / "refs").mkdir()
    (cache / "models--org--tiny" / "refs" / "main").write_text("a" * 40)
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    import huggingface_hub.constants as constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    files = hub.find_model("org/tiny")
    assert files.revision == "a" * 40 and not files.local


def test_a_cached_snapshot_is_found_by_revision_and_half_cached_ones_are_not(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The HF cache look-up alone (no model stack: CI's core-floors run tests it on the
    lowest huggingface_hub the core admits)."""
    cache = tmp_path / "hub"
    repo = cache / "models--org--plain"
    for commit, files in (("b" * 40, ["config.json", "model.bin"]), ("c" * 40, ["model.bin"])):
        snapshot = repo / "snapshots" / commit
        snapshot.mkdir(parents=True)
        for name in files:
            (snapshot / name).write_text("{}")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("b" * 40)
    (repo / "refs" / "v2").write_text("c" * 40)
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    import huggingface_hub.constants as constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    found = hub.cached_snapshot("org/plain")
    assert found is not None and found.revision == "b" * 40
    assert found.path == repo / "snapshots" / ("b" * 40)
    assert hub.cached_snapshot("org/plain", "v2") is None  # no config.json: not a model
    assert hub.cached_snapshot("org/absent") is None
    with pytest.raises(ModelNotFoundError, match="HF_HUB_OFFLINE is set"):
        hub.find_model("org/absent")
