"""Summarisers on CTranslate2 (``summarizer.backend``): token ids equal to transformers'
``generate`` on tiny memorised and random BART and mT5 models, the strategies and the
map-reduce on both backends, the model card's decoding kept in ``config.json``, the
backend choice and its refusals, and conversion that leaves no half-written entry."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("transformers")

import tiny_summarizers as ts
from hinews.config import PipelineConfig, SummarizerConfig
from hinews.errors import ConfigError, ModelLoadError
from hinews.models.hub import find_model
from hinews.summarize import ct2 as sct2
from hinews.summarize.factory import clear_cache, load_summarizer, pick_backend
from hinews.summarize.seq2seq import Seq2SeqSummarizer, split_sentences
from hinews.summarize.source import CrosslingualSummarizer, SourceSummarizer

pytestmark = pytest.mark.slow

HF = {
    "seq2seq": Seq2SeqSummarizer,
    "source": SourceSummarizer,
    "crosslingual": CrosslingualSummarizer,
}


@pytest.fixture(scope="module", autouse=True)
def _one_thread_and_own_cache(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import os

    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    old = os.environ.get("HINEWS_CACHE")
    os.environ["HINEWS_CACHE"] = str(tmp_path_factory.mktemp("hinews-cache"))
    yield
    torch.set_num_threads(threads)
    if old is None:
        os.environ.pop("HINEWS_CACHE", None)
    else:
        os.environ["HINEWS_CACHE"] = old


def _config(strategy: str, path: Path, **overrides: Any) -> SummarizerConfig:
    values = {"strategy": strategy, "model": str(path), "device": "cpu", "threads": 1}
    return SummarizerConfig(**{**values, **overrides})


def _pair(strategy: str, path: Path, **overrides: Any) -> tuple[Any, Any]:
    """The transformers summariser and the CTranslate2 one for the same config."""
    files = find_model(str(path))
    config = _config(strategy, path, **overrides)
    return HF[strategy](files, config), sct2.CLASSES[strategy](files, config)


def _reference_ids(hf: Any, text: str) -> list[int]:
    """transformers' generate ids (start token dropped, cut after the end token)."""
    import torch

    enc = hf.tokenizer(text, truncation=True, max_length=hf.max_source_tokens, return_tensors="pt")
    with torch.inference_mode():
        out = hf.model.generate(**enc, generation_config=hf.generation_config)[0].tolist()[1:]
    eos = hf.tokenizer.eos_token_id
    return out[: out.index(eos) + 1] if eos in out else out


def _texts(articles: list[list[str]], join: Any, extra: int = 12) -> list[str]:
    """The memorised articles and ``extra`` word salads made of their words."""
    texts = [join(a) for a in articles]
    words = " ".join(texts).split()
    rng = random.Random(0)
    texts += [
        " ".join(rng.choice(words) for _ in range(rng.randrange(3, 40))) for _ in range(extra)
    ]
    return texts


def _random_copy(model_dir: Path, out: Path) -> Path:
    """The same architecture and tokenizer with fresh random weights (seed 1)."""
    import torch
    import transformers

    if (out / "config.json").is_file():
        return out
    model = transformers.AutoModelForSeq2SeqLM.from_pretrained(model_dir)
    torch.manual_seed(1)
    model = type(model)(model.config)
    model.save_pretrained(out)
    transformers.AutoTokenizer.from_pretrained(model_dir).save_pretrained(out)
    shutil.copy(model_dir / "generation_config.json", out / "generation_config.json")
    return out


@pytest.fixture(scope="module")
def random_bart(tiny_bart: ts.TinyBart, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _random_copy(tiny_bart.path, tmp_path_factory.mktemp("rnd") / "bart")


@pytest.fixture(scope="module")
def random_mt5(tiny_xlsum: ts.TinyMT5, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _random_copy(tiny_xlsum.path, tmp_path_factory.mktemp("rnd") / "mt5")


# ------------------------------------------------------------------- exact token ids


@pytest.mark.parametrize("beams", [1, 4])
def test_bart_ids_equal_transformers_memorised(tiny_bart: ts.TinyBart, beams: int) -> None:
    hf, ct = _pair("seq2seq", tiny_bart.path, num_beams=beams, quantization="float32")
    texts = _texts([*ts.ARTICLES, ts.SHORT_ARTICLE], " ".join)
    assert [ct.generate_ids([t])[0] for t in texts] == [_reference_ids(hf, t) for t in texts]
    assert ct.generate_ids(texts) == [_reference_ids(hf, t) for t in texts]  # batched too


@pytest.mark.parametrize("beams", [1, 4])
@pytest.mark.parametrize("kind", ["xlsum", "crosssum"])
def test_mt5_ids_equal_transformers_memorised(
    kind: str, beams: int, request: pytest.FixtureRequest
) -> None:
    model: ts.TinyMT5 = request.getfixturevalue(f"tiny_{kind}")
    hf, ct = _pair(model.strategy, model.path, num_beams=beams, quantization="float32")
    texts = [hf.join(a) for a in model.articles]
    assert [ct.generate_ids([t])[0] for t in texts] == [_reference_ids(hf, t) for t in texts]


@pytest.mark.parametrize(
    ("beams", "no_repeat", "new_tokens"), [(1, 3, 30), (4, 3, 30), (4, 0, 30), (1, 0, 84)]
)
def test_bart_ids_equal_transformers_random(
    random_bart: Path, beams: int, no_repeat: int, new_tokens: int
) -> None:
    """Random weights: every output runs into the length limit, where BART's forced end
    token and the beam's stopping rule matter."""
    hf, ct = _pair(
        "seq2seq",
        random_bart,
        num_beams=beams,
        no_repeat_ngram_size=no_repeat,
        max_new_tokens=new_tokens,
        quantization="float32",
    )
    texts = _texts([*ts.ARTICLES, ts.SHORT_ARTICLE], " ".join)
    expected = [_reference_ids(hf, t) for t in texts]
    assert all(len(ids) == new_tokens for ids in expected)  # the limit, every time
    assert [ct.generate_ids([t])[0] for t in texts] == expected


@pytest.mark.parametrize(("beams", "new_tokens"), [(1, 30), (4, 30), (4, 84)])
def test_mt5_ids_equal_transformers_random(random_mt5: Path, beams: int, new_tokens: int) -> None:
    """Random mT5 with the card's length penalty 0.6; no n-gram blocking (see
    docs/summarizer-backends.md for what differs with it on a random model)."""
    hf, ct = _pair(
        "source",
        random_mt5,
        num_beams=beams,
        no_repeat_ngram_size=0,
        max_new_tokens=new_tokens,
        quantization="float32",
    )
    assert hf.generation_config.length_penalty == 0.6
    texts = _texts(ts.XLSUM_ARTICLES, hf.join)
    assert [ct.generate_ids([t])[0] for t in texts] == [_reference_ids(hf, t) for t in texts]


def test_int8_equals_transformers_on_memorised_models(
    tiny_bart: ts.TinyBart, tiny_xlsum: ts.TinyMT5, tiny_crosssum: ts.TinyMT5
) -> None:
    for strategy, path, articles in (
        ("seq2seq", tiny_bart.path, [*ts.ARTICLES, ts.SHORT_ARTICLE]),
        ("source", tiny_xlsum.path, tiny_xlsum.articles),
        ("crosslingual", tiny_crosssum.path, tiny_crosssum.articles),
    ):
        hf, ct = _pair(strategy, path, quantization="int8")
        assert ct.provenance.options["quantization"] == "int8"
        texts = [hf.join(a) for a in articles]
        assert [ct.generate_ids([t])[0] for t in texts] == [_reference_ids(hf, t) for t in texts]


# ------------------------------------------------------------- strategies, map-reduce


def test_seq2seq_strategy_and_map_reduce_on_ctranslate2(tiny_bart: ts.TinyBart) -> None:
    hf, ct = _pair("seq2seq", tiny_bart.path)
    for article, summary in zip(ts.ARTICLES, ts.SUMMARIES, strict=True):
        assert ct.summarize(article) == split_sentences(summary) == hf.summarize(article)
    limit = tiny_bart.long_limit
    hf, ct = _pair("seq2seq", tiny_bart.path, max_source_tokens=limit, quantization="float32")
    for article in ts.ARTICLES:  # chunked at this limit: unmemorised inputs, float32 alike
        assert ct.summarize_detailed(article) == hf.summarize_detailed(article)
    assert ct.summarize(ts.LONG_ARTICLE) == split_sentences(ts.LONG_SUMMARY)
    options = ct.provenance.options
    assert (options["chunks"], options["rounds"], options["truncated_sentences"]) == (2, 2, 0)
    assert ct.summarize_detailed(ts.LONG_ARTICLE) == hf.summarize_detailed(ts.LONG_ARTICLE)
    prov = ct.provenance
    assert (prov.backend, prov.model) == ("ctranslate2", str(tiny_bart.path))
    assert options["quantization"] == "float32" and options["device"] == "cpu"
    assert options["no_repeat_ngram_size"] == 3 and options["num_beams"] == 4
    json.dumps(prov.to_dict())


def test_source_and_crosslingual_strategies_on_ctranslate2(
    tiny_xlsum: ts.TinyMT5, tiny_crosssum: ts.TinyMT5
) -> None:
    hf, ct = _pair("source", tiny_xlsum.path, max_source_tokens=tiny_xlsum.long_limit)
    for article, summary in zip(tiny_xlsum.articles, tiny_xlsum.summaries, strict=True):
        assert ct.write(article)[0] == hf.write(article)[0] == hf.split(summary)
    # Many articles at once: those that fit are batched, the long one is map-reduced.
    many = [*tiny_xlsum.articles, ts.XLSUM_LONG]
    assert ct.write_batch(many, batch_size=2) == [hf.write(a) for a in many]
    long_ct, long_hf = ct.write(ts.XLSUM_LONG), hf.write(ts.XLSUM_LONG)
    assert long_ct == long_hf and long_ct[1]["chunks"] == 2
    assert long_ct[1]["summary"] == tiny_xlsum.long_summary
    hf, ct = _pair("crosslingual", tiny_crosssum.path)
    for article in tiny_crosssum.articles:
        assert ct.summarize(article) == hf.summarize(article)
    assert ct.provenance.options["length_penalty"] == 0.6


def test_pipeline_briefs_equal_on_both_backends(tiny_xlsum: ts.TinyMT5, tiny_marian: Any) -> None:
    from hinews.pipeline import Pipeline

    article = ts.hindi_article(tiny_xlsum.articles[0])
    briefs = {}
    for backend in ("transformers", "ctranslate2"):
        clear_cache()
        pipe = Pipeline.from_options(
            translator=str(tiny_marian.path),
            summarizer=str(tiny_xlsum.path),
            summarizer_strategy="source",
            summarizer_backend=backend,
            device="cpu",
        )
        briefs[backend] = pipe.brief(article)
    assert briefs["ctranslate2"].bullets == briefs["transformers"].bullets
    prov = briefs["ctranslate2"].provenance
    assert prov.backend == "ctranslate2" and prov.options["quantization"] == "int8"
    assert briefs["transformers"].provenance.backend == "transformers"


# ------------------------------------------------------------------ the card's decoding


def _xlsum_layout(model: Path, out: Path) -> Path:
    """``model`` laid out as csebuetnlp/mT5_multilingual_XLSum is: no
    generation_config.json, its decoding at the top of config.json."""
    shutil.copytree(model, out)
    (out / "generation_config.json").unlink()
    config = json.loads((out / "config.json").read_text("utf-8"))
    config.update(num_beams=4, max_length=84, no_repeat_ngram_size=2, length_penalty=0.6)
    (out / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return out


def test_the_cards_decoding_in_config_json_is_applied_on_both_backends(
    tiny_xlsum: ts.TinyMT5, random_mt5: Path, tmp_path: Path
) -> None:
    card = {"num_beams": 4, "max_length": 84, "no_repeat_ngram_size": 2, "length_penalty": 0.6}
    folder = _xlsum_layout(random_mt5, tmp_path / "xlsum-layout")
    hf, ct = _pair("source", folder, no_repeat_ngram_size=None, quantization="float32")
    for summarizer in (hf, ct):
        options = summarizer.provenance.options
        assert options["card_decoding"] == card
        assert (options["length_penalty"], options["no_repeat_ngram_size"]) == (0.6, 2)
        assert (options["num_beams"], options["max_new_tokens"]) == (4, 84)
    assert hf.generation_config.length_penalty == 0.6
    # The memorised model in that layout still writes its summaries on both backends.
    folder = _xlsum_layout(tiny_xlsum.path, tmp_path / "memorised-layout")
    hf, ct = _pair("source", folder)
    for article, summary in zip(tiny_xlsum.articles, tiny_xlsum.summaries, strict=True):
        assert ct.write(article)[0] == hf.write(article)[0] == hf.split(summary)
    assert ct.provenance.options["card_decoding"] == card


# ------------------------------------------------------------- backend choice, bad input


def test_auto_picks_ctranslate2_for_bart_and_mt5(
    tiny_bart: ts.TinyBart, tiny_xlsum: ts.TinyMT5
) -> None:
    for strategy, path in (("seq2seq", tiny_bart.path), ("source", tiny_xlsum.path)):
        files = find_model(str(path))
        assert pick_backend(_config(strategy, path), files) == "ctranslate2"
        assert pick_backend(_config(strategy, path, backend="transformers"), files) == (
            "transformers"
        )
    clear_cache()
    summarizer = load_summarizer(_config("seq2seq", tiny_bart.path))
    assert summarizer.provenance.backend == "ctranslate2"
    errors = PipelineConfig.from_dict
    with pytest.raises(ConfigError, match=r"summarizer\.backend is 'onnx'"):
        errors({"summarizer": {"backend": "onnx"}})


def test_a_family_ctranslate2_cannot_convert(
    tiny_marian: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A Marian folder as a seq2seq summariser: auto falls back with a one-line note (a
    log record, which the CLI prints), ctranslate2 is refused in one line naming the
    family and, to Python, the argument (the CLI shows the flag)."""
    from hinews.flags import as_flags

    caplog.set_level("INFO", logger="hinews")
    files = find_model(str(tiny_marian.path))
    config = _config("seq2seq", tiny_marian.path)
    assert pick_backend(config, files) == "transformers"
    (note,) = [r.getMessage() for r in caplog.records if "CTranslate2" in r.getMessage()]
    assert "\n" not in note and "'marian'" in note and "transformers" in note
    with pytest.raises(ConfigError) as err:
        pick_backend(_config("seq2seq", tiny_marian.path, backend="ctranslate2"), files)
    message = str(err.value)
    assert "\n" not in message and "'marian'" in message
    assert 'summarizer_backend="transformers"' in message
    assert "--summarizer-backend transformers" in as_flags(message)
    with pytest.raises(ConfigError, match="runs on transformers only"):
        pick_backend(_config("instruct", tiny_marian.path, backend="ctranslate2"), files)


def test_a_failed_conversion_leaves_no_entry(
    tiny_bart: ts.TinyBart, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("HINEWS_CACHE", str(cache))
    broken = tmp_path / "broken-bart"
    shutil.copytree(tiny_bart.path, broken)
    weights = broken / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])  # cut short: the converter fails
    with pytest.raises(ModelLoadError, match="could not convert summarisation model"):
        sct2.ensure_converted(find_model(str(broken)), "int8")
    assert [p.name for p in (cache / "ct2").iterdir() if not p.name.endswith(".lock")] == []

    # A converter killed half-way (model.bin written, no tokenizer.json): no entry either.
    import subprocess

    def half_written(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        out = Path(command[-2])
        out.mkdir(parents=True)
        (out / "model.bin").write_bytes(b"half")
        return subprocess.CompletedProcess(command, -9, "", "Killed")

    monkeypatch.setattr(sct2.subprocess, "run", half_written)
    with pytest.raises(ModelLoadError, match="Killed"):
        sct2.ensure_converted(find_model(str(tiny_bart.path)), "int8")
    assert [p.name for p in (cache / "ct2").iterdir() if not p.name.endswith(".lock")] == []


def test_conversion_is_cached_by_model_and_quantization(
    tiny_bart: ts.TinyBart, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HINEWS_CACHE", str(tmp_path / "cache"))
    files = find_model(str(tiny_bart.path))
    int8 = sct2.ensure_converted(files, "int8")
    assert sct2.ensure_converted(files, "int8") == int8  # once
    float32 = sct2.ensure_converted(files, "float32")
    assert int8 != float32 and int8.name.endswith("--int8") and float32.name.endswith("--float32")
    meta = json.loads((int8 / "hinews.json").read_text("utf-8"))
    assert (meta["quantization"], meta["model_type"]) == ("int8", "bart")
    assert (int8 / "tokenizer.json").is_file()
