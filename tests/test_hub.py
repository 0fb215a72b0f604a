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
