"""Shared fixtures. Real data comes from ``../shared`` beside the checkout (or $HINEWS_SHARED);
tests that need it skip with a visible reason when it is absent."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))  # tiny_models, tiny_data


def _shared_root() -> Path:
    env = os.environ.get("HINEWS_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; skips the test when it is not there."""
    path = _shared_root() / "data"
    if not path.is_dir():
        pytest.skip(f"real data not found at {path} (set HINEWS_SHARED to the shared/ folder)")
    return path


@pytest.fixture(scope="session")
def seed_text(shared_data: Path) -> str:
    """The scraped seed article, exactly as a user would paste it."""
    return (shared_data / "seed" / "patrika-2025-07-12-lavrov-kim.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def ntrex_docs(shared_data: Path) -> dict[str, list[str]]:
    """NTREX-128 Hindi documents by id (``DOCUMENT_IDS.tsv``), first line the headline."""
    folder = shared_data / "ntrex128"
    lines = (folder / "newstest2019-ref.hin.txt").read_text("utf-8").split("\n")
    ids = (folder / "DOCUMENT_IDS.tsv").read_text("utf-8").split("\n")
    docs: dict[str, list[str]] = {}
    for doc, line in zip(ids, lines, strict=False):
        if line.strip():
            docs.setdefault(doc, []).append(line)
    return docs


@pytest.fixture(autouse=True)
def _offline_hub(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never download: the hub is offline and the HF cache is an empty tmp dir."""
    cache = tmp_path_factory.getbasetemp() / "hf-cache"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(cache))
    monkeypatch.setenv("HF_HUB_CACHE", str(cache / "hub"))
    monkeypatch.setenv("HINEWS_CACHE", str(cache / "hinews"))


def _cached_build(kind: str, builder) -> object:  # type: ignore[no-untyped-def]
    """Build a tiny model once per code version and reuse it across test runs.

    The key hashes the builder and its data plus library versions, so a change to either
    rebuilds. Builds go to a temporary folder renamed into place (parallel runs are safe).
    """
    import hashlib
    import shutil
    import tempfile

    import torch
    import transformers

    import tiny_data
    import tiny_models

    digest = hashlib.sha256()
    for module in (tiny_models, tiny_data):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(f"{torch.__version__} {transformers.__version__}".encode())
    root = Path(os.environ.get("HINEWS_TEST_MODELS", tempfile.gettempdir())) / "hinews-tiny"
    final = root / f"{kind}-{digest.hexdigest()[:16]}"
    if not (final / "config.json").is_file():
        root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=root, prefix=f".{kind}-"))
        builder(work / "model")
        with contextlib.suppress(OSError):  # another run finished first: use theirs
            (work / "model").rename(final)
        shutil.rmtree(work, ignore_errors=True)
    return tiny_models.TinyModel(final, list(tiny_data.PAIRS), kind)


@pytest.fixture(scope="session")
def tiny_marian():  # type: ignore[no-untyped-def]
    """An opus-mt-shaped Marian model that memorised ``tiny_data.PAIRS``."""
    from tiny_models import build_marian

    return _cached_build("marian", build_marian)


@pytest.fixture(scope="session")
def tiny_nllb():  # type: ignore[no-untyped-def]
    """An NLLB-shaped M2M100 model that memorised ``tiny_data.PAIRS``."""
    from tiny_models import build_nllb

    return _cached_build("nllb", build_nllb)


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A BART-shaped summariser that memorised ``tiny_summarizers`` articles (built once)."""
    import tiny_summarizers

    return tiny_summarizers.build_bart(tmp_path_factory.mktemp("summ") / "tiny-bart")


@pytest.fixture(scope="session")
def tiny_chat(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A Qwen2-style chat model that memorised ``tiny_summarizers`` answers (built once)."""
    import tiny_summarizers

    return tiny_summarizers.build_chat(tmp_path_factory.mktemp("summ") / "tiny-chat")
