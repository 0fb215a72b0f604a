"""The CTranslate2 backend: exact outputs on memorised tiny models, the conversion cache,
device/quantization/thread choice, errors and provenance."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("transformers")

from hinews.config import TranslatorConfig
from hinews.errors import ConfigError, InputError, ModelLoadError
from hinews.models.hub import ModelFiles, find_model
from hinews.translators import ct2
from hinews.translators.ct2 import CTranslate2Translator
from tiny_models import TinyModel


@pytest.fixture(scope="session")
def ct2_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One conversion cache for the whole session (conversion takes seconds)."""
    return tmp_path_factory.mktemp("ct2-cache")


@pytest.fixture(autouse=True)
def _cache(ct2_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HINEWS_CACHE", str(ct2_cache))


def _config(model: TinyModel, **overrides: object) -> TranslatorConfig:
    values: dict[str, object] = {
        "model": str(model.path),
        "backend": "ctranslate2",
        "max_new_tokens": 64,
        "device": "cpu",
        "threads": 1,
    }
    values.update(overrides)
    return TranslatorConfig(**values)  # type: ignore[arg-type]


def _ct2(model: TinyModel, **overrides: object) -> CTranslate2Translator:
    return CTranslate2Translator(find_model(str(model.path)), _config(model, **overrides))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["marian", "nllb"])
@pytest.mark.parametrize("beams", [1, 4])
def test_exact_outputs_match_transformers(
    kind: str,
    beams: int,
    request: pytest.FixtureRequest,
) -> None:
    from hinews.translators.hf import TransformersTranslator

    model: TinyModel = request.getfixturevalue(f"tiny_{kind}")
    sources = [s for s, _ in model.pairs]
    targets = [t for _, t in model.pairs]
    config = _config(model, num_beams=beams, batch_size=7)  # several batches, sorted by length
    out = CTranslate2Translator(find_model(str(model.path)), config).translate_batch(sources)
    reference = TransformersTranslator(
        find_model(str(model.path)), _config(model, num_beams=beams)
    ).translate_batch(sources)
    assert [h.text for h in out] == targets
    assert [h.text for h in out] == [h.text for h in reference]


@pytest.mark.slow
def test_order_and_edge_cases(tiny_marian: TinyModel) -> None:
    t = _ct2(tiny_marian, num_beams=1)
    pairs = tiny_marian.pairs
    picked = [pairs[5], pairs[0], pairs[5], pairs[39]]
    assert [h.text for h in t.translate_batch([s for s, _ in picked])] == [e for _, e in picked]
    assert t.translate_batch([]) == []
    assert t.count_tokens(pairs[0][0]) > 1


@pytest.mark.slow
def test_too_long_sentence_is_an_input_error(tiny_marian: TinyModel) -> None:
    t = _ct2(tiny_marian, max_source_tokens=5)
    with pytest.raises(InputError, match="does not truncate"):
        t.translate_batch([tiny_marian.pairs[0][0]])


@pytest.mark.slow
def test_conversion_is_cached_and_keyed_by_quantization(
    tiny_nllb: TinyModel, ct2_cache: Path
) -> None:
    first = _ct2(tiny_nllb, num_beams=1)
    model_bin = first.model_dir / "model.bin"
    assert first.model_dir.parent == ct2_cache / "ct2"
    assert first.model_dir.name.endswith("--int8")  # auto on CPU
    mtime = model_bin.stat().st_mtime_ns
    second = _ct2(tiny_nllb, num_beams=4)
    assert second.model_dir == first.model_dir
    assert model_bin.stat().st_mtime_ns == mtime  # not converted again
    assert second.engine is first.engine  # and loaded once per process
    other = _ct2(tiny_nllb, num_beams=1, quantization="float32")
    assert other.model_dir != first.model_dir and other.model_dir.name.endswith("--float32")
    assert other.translate_batch([tiny_nllb.pairs[3][0]])[0].text == tiny_nllb.pairs[3][1]
    leftovers = [p.name for p in (ct2_cache / "ct2").iterdir() if p.name.startswith(".tmp")]
    assert leftovers == []


@pytest.mark.slow
def test_provenance(tiny_nllb: TinyModel) -> None:
    t = _ct2(tiny_nllb, num_beams=4, threads=2)
    p = t.provenance
    assert p.backend == "ctranslate2"
    assert p.model == str(tiny_nllb.path)
    assert p.options["quantization"] == "int8"
    assert p.options["compute_type"].startswith("int8")
    assert p.options["threads"] == 2
    assert p.options["device"] == "cpu"
    assert p.options["num_beams"] == 4
    assert (p.options["src_lang"], p.options["tgt_lang"]) == ("hin_Deva", "eng_Latn")


@pytest.mark.slow
def test_factory_builds_the_ct2_backend(tiny_marian: TinyModel) -> None:
    from hinews.translators.factory import clear_cache, load_translator

    clear_cache()
    try:
        t = load_translator(_config(tiny_marian, num_beams=1))
        assert isinstance(t, CTranslate2Translator)
        assert t.translate_batch([tiny_marian.pairs[8][0]])[0].text == tiny_marian.pairs[8][1]
    finally:
        clear_cache()


def test_missing_model_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    (empty / "config.json").write_text("{}")
    files = ModelFiles(name=str(empty), path=empty, revision=None, local=True)
    with pytest.raises(ModelLoadError, match="could not convert"):
        CTranslate2Translator(
            files, TranslatorConfig(model=str(empty), backend="ctranslate2", device="cpu")
        )


def test_missing_ctranslate2_is_a_dependency_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from hinews.errors import DependencyError

    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    with pytest.raises(DependencyError, match=r"hinews\[fast\]"):
        ct2._import_ct2()


def test_device_choice() -> None:
    assert ct2.pick_device("auto", 0) == "cpu"
    assert ct2.pick_device("auto", 1) == "cuda"
    assert ct2.pick_device("cpu", 2) == "cpu"
    assert ct2.pick_device("cuda", 1) == "cuda"
    with pytest.raises(ConfigError, match="no CUDA"):
        ct2.pick_device("cuda", 0)
    with pytest.raises(ConfigError, match="cpu or cuda"):
        ct2.pick_device("mps", 0)


def test_quantization_choice() -> None:
    assert ct2.pick_quantization("auto", "cpu") == "int8"
    assert ct2.pick_quantization("auto", "cuda") == "int8_float16"
    assert ct2.pick_quantization("float16", "cuda") == "float16"
    assert ct2.pick_quantization("int8_float32", "cpu") == "int8_float32"


def test_default_threads_within_affinity() -> None:
    n = ct2.default_threads()
    assert n >= 1
    if hasattr(os, "sched_getaffinity"):
        assert n <= len(os.sched_getaffinity(0))


def test_cache_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HINEWS_CACHE", str(tmp_path / "c"))
    hub = ModelFiles(
        name="Helsinki-NLP/opus-mt-hi-en", path=tmp_path, revision="abc123", local=False
    )
    assert ct2.converted_dir(hub, "int8") == tmp_path / "c" / "ct2" / (
        "Helsinki-NLP_opus-mt-hi-en--abc123--int8"
    )
    assert ct2.converted_dir(hub, "int8") != ct2.converted_dir(hub, "float16")
    folder = tmp_path / "my model"
    folder.mkdir()
    (folder / "config.json").write_text('{"a": 1}')
    local = ModelFiles(name=str(folder), path=folder, revision=None, local=True)
    before = ct2.converted_dir(local, "int8")
    assert before.name.startswith("my_model--")
    (folder / "config.json").write_text('{"a": 2}')
    assert ct2.converted_dir(local, "int8") != before  # a changed model converts again


@pytest.mark.slow
def test_engine_is_built_on_a_thread_that_exits(
    tiny_marian: TinyModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine's builder thread must not outlive it (a live libgomp team beside the
    engine's makes decoding several times slower where threads = cores)."""
    import threading

    import ctranslate2

    builders: list[threading.Thread] = []
    real = ctranslate2.Translator

    def spy(*args: object, **kwargs: object) -> object:
        builders.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", spy)
    monkeypatch.setattr(ct2, "_ENGINES", {})  # not one cached by an earlier test
    t = _ct2(tiny_marian, num_beams=1)
    assert len(builders) == 1
    assert builders[0] is not threading.main_thread()
    assert not builders[0].is_alive()
    source, target = tiny_marian.pairs[0]
    assert t.translate_batch([source])[0].text == target
