"""The strategies that read the Hindi article: ``source`` (mT5 XL-Sum) and ``crosslingual``
(mT5 CrossSum), on tiny mT5 models that memorised their summaries (``tiny_summarizers``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import tiny_summarizers as ts
from hinews.config import PipelineConfig, SummarizerConfig
from hinews.errors import ConfigError, ModelLoadError
from hinews.models.hub import find_model
from hinews.summarize import bullets
from hinews.summarize.base import ReadsHindi, Summarizer
from hinews.summarize.factory import load_summarizer
from hinews.summarize.seq2seq import split_sentences
from hinews.summarize.source import (
    CrosslingualSummarizer,
    SourceSummarizer,
    whitespace_normalised,
)
from hinews.text import split_sentences as split_hindi

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread() -> Any:
    """Tiny models gain nothing from threads; on a busy machine threads make them crawl."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _config(strategy: str, **overrides: Any) -> SummarizerConfig:
    return SummarizerConfig(**{"strategy": strategy, "model": "tiny", "device": "cpu", **overrides})


def _xlsum(model: ts.TinyMT5, **overrides: Any) -> SourceSummarizer:
    return SourceSummarizer(find_model(str(model.path)), _config("source", **overrides))


def _crosssum(model: ts.TinyMT5, **overrides: Any) -> CrosslingualSummarizer:
    return CrosslingualSummarizer(find_model(str(model.path)), _config("crosslingual", **overrides))


@pytest.fixture(scope="module")
def xlsum(tiny_xlsum: ts.TinyMT5) -> SourceSummarizer:
    return _xlsum(tiny_xlsum)


@pytest.fixture(scope="module")
def crosssum(tiny_crosssum: ts.TinyMT5) -> CrosslingualSummarizer:
    return _crosssum(tiny_crosssum)


# --------------------------------------------------------------------------- config


def test_lengths_left_out_take_the_strategy_defaults() -> None:
    assert (_config("source").new_tokens, _config("source").source_tokens) == (84, 512)
    assert (_config("crosslingual").new_tokens, _config("crosslingual").source_tokens) == (84, 512)
    assert (_config("seq2seq").new_tokens, _config("seq2seq").source_tokens) == (160, 1024)
    assert _config("source", max_new_tokens=60).new_tokens == 60
    with pytest.raises(ConfigError) as err:
        PipelineConfig.from_dict(
            {"summarizer": {"strategy": "source", "no_repeat_ngram_size": -1, "max_new_tokens": 0}}
        )
    message = str(err.value)
    assert "needs summarizer.model" in message and "'xlsum'" in message
    assert "no_repeat_ngram_size must be >= 0" in message
    assert "max_new_tokens must be a positive integer" in message


def test_mt5_is_never_loaded_in_float16_unless_asked() -> None:
    from hinews.summarize.seq2seq import Seq2SeqSummarizer

    # "auto" is float16 on CUDA for the other models; mT5 overflows there (NaNs).
    assert SourceSummarizer.load_dtype(_config("source")) == "float32"
    assert CrosslingualSummarizer.load_dtype(_config("crosslingual")) == "float32"
    assert SourceSummarizer.load_dtype(_config("source", dtype="bfloat16")) == "bfloat16"
    assert Seq2SeqSummarizer.load_dtype(_config("seq2seq")) == "auto"


def test_whitespace_is_normalised_as_the_model_cards_do() -> None:
    assert whitespace_normalised(" भारत ने\n\nआज  नया\tउपग्रह ") == "भारत ने आज नया उपग्रह"


# --------------------------------------------------------------------------- source (XL-Sum)


def test_xlsum_writes_the_memorised_hindi_summary(
    xlsum: SourceSummarizer, tiny_xlsum: ts.TinyMT5
) -> None:
    assert isinstance(xlsum, Summarizer) and isinstance(xlsum, ReadsHindi)
    assert (xlsum.reads, xlsum.writes) == ("hi", "hi")
    for article, summary in zip(tiny_xlsum.articles, tiny_xlsum.summaries, strict=True):
        written, details = xlsum.write(article)
        # Split by hinews' own Hindi splitter, not by an English one.
        assert written == split_hindi(summary) and len(written) == 2
        assert details["summary"] == summary
        assert (details["chunks"], details["rounds"], details["summary_sentences"]) == (1, 1, 2)


def test_xlsum_summarize_gives_hindi_bullets_topped_up_from_the_article(
    xlsum: SourceSummarizer, tiny_xlsum: ts.TinyMT5
) -> None:
    article, summary = tiny_xlsum.articles[0], tiny_xlsum.summaries[0]
    got = xlsum.summarize(article)
    assert got == ts.expected_top_up(split_hindi(summary), article)
    assert got[2] in article and got[2] not in split_hindi(summary)
    assert xlsum.provenance.options["model_bullets"] == 2
    assert xlsum.summarize(article, n=1) == split_hindi(summary)[:1]


def test_xlsum_decodes_as_its_model_card(xlsum: SourceSummarizer, tiny_xlsum: ts.TinyMT5) -> None:
    gen = xlsum.generation_config
    assert (gen.num_beams, gen.no_repeat_ngram_size, gen.max_new_tokens) == (4, 2, 84)
    assert gen.length_penalty == 0.6 and gen.do_sample is False and gen.max_length is None
    xlsum.summarize(tiny_xlsum.articles[1])
    prov = xlsum.provenance
    assert (prov.model, prov.backend) == (str(tiny_xlsum.path), "transformers")
    options = prov.options
    assert options["strategy"] == "source"
    assert (options["num_beams"], options["no_repeat_ngram_size"], options["length_penalty"]) == (
        4,
        2,
        0.6,
    )
    # mT5 has relative positions: the limit is the strategy's 512, not a position table.
    assert (options["max_new_tokens"], options["max_source_tokens"]) == (84, 512)
    assert options["long_input"].startswith("map-reduce")
    assert options["summary"] == tiny_xlsum.summaries[1]
    json.dumps(prov.to_dict())


def test_decoding_is_overridable_in_the_config(tiny_xlsum: ts.TinyMT5) -> None:
    summarizer = _xlsum(tiny_xlsum, num_beams=2, no_repeat_ngram_size=0, max_new_tokens=5)
    gen = summarizer.generation_config
    assert (gen.num_beams, gen.no_repeat_ngram_size, gen.max_new_tokens) == (2, 0, 5)
    written, _ = summarizer.write(tiny_xlsum.articles[0])
    # Five tokens are not the whole memorised summary: a shorter, different text.
    assert " ".join(written) != tiny_xlsum.summaries[0]
    assert len(summarizer.tokenizer(" ".join(written), add_special_tokens=False)["input_ids"]) <= 5


def test_a_long_hindi_article_is_map_reduced_not_truncated(
    tiny_xlsum: ts.TinyMT5, monkeypatch: pytest.MonkeyPatch
) -> None:
    summarizer = _xlsum(tiny_xlsum, max_source_tokens=tiny_xlsum.long_limit)
    inputs: list[str] = []
    generate = summarizer._generate

    def spy(text: str) -> str:
        inputs.append(text)
        return generate(text)

    monkeypatch.setattr(summarizer, "_generate", spy)
    assert summarizer._length(" ".join(ts.XLSUM_LONG)) > tiny_xlsum.long_limit
    written, details = summarizer.write(ts.XLSUM_LONG)

    assert written == split_hindi(tiny_xlsum.long_summary)
    # Map over whole-sentence chunks that fit, then reduce over the joined chunk summaries.
    assert inputs == [" ".join(c) for c in tiny_xlsum.long_chunks] + [
        " ".join(tiny_xlsum.long_maps)
    ]
    assert [s for c in tiny_xlsum.long_chunks for s in c] == ts.XLSUM_LONG  # nothing left out
    assert all(summarizer._length(text) <= tiny_xlsum.long_limit for text in inputs)
    assert (details["chunks"], details["rounds"], details["truncated_sentences"]) == (2, 2, 0)
    options = summarizer.provenance_of(details).options
    assert (options["chunks"], options["rounds"]) == (2, 2)
    assert options["max_source_tokens"] == tiny_xlsum.long_limit


def test_provenance_of_one_call_is_not_the_thread_latest(
    xlsum: SourceSummarizer, tiny_xlsum: ts.TinyMT5
) -> None:
    _, first = xlsum.write(tiny_xlsum.articles[0])
    xlsum.summarize(tiny_xlsum.articles[1])
    assert xlsum.provenance.options["summary"] == tiny_xlsum.summaries[1]
    assert xlsum.provenance_of(first).options["summary"] == tiny_xlsum.summaries[0]


def test_empty_input(xlsum: SourceSummarizer) -> None:
    assert xlsum.summarize([]) == [] and xlsum.summarize(["  "]) == []
    assert xlsum.write([])[0] == []


def test_a_tokenizer_that_cannot_read_hindi_is_refused(
    tiny_xlsum: ts.TinyMT5, tmp_path: Path
) -> None:
    from hinews.testing import tokenizers

    folder = tmp_path / "english-only"
    shutil.copytree(tiny_xlsum.path, folder)
    spm = tokenizers.train_sentencepiece(ts.CROSSSUM_SUMMARIES, tmp_path / "en", 200, "word")
    tokenizers.t5_tokenizer(tokenizers.spm_pieces(spm)).save_pretrained(folder)
    with pytest.raises(ModelLoadError, match="turns Hindi into unknown tokens") as err:
        SourceSummarizer(find_model(str(folder)), _config("source"))
    assert "xlsum" in str(err.value) and "summarizer.revision" in str(err.value)


def test_a_chat_model_is_refused_with_the_strategy_hint(tiny_chat: ts.TinyChat) -> None:
    with pytest.raises(ModelLoadError, match="Strategy 'source'"):
        SourceSummarizer(find_model(str(tiny_chat.path)), _config("source"))


# --------------------------------------------------------------------------- crosslingual


def test_crosssum_writes_the_memorised_english_summary(
    crosssum: CrosslingualSummarizer, tiny_crosssum: ts.TinyMT5
) -> None:
    assert (crosssum.reads, crosssum.writes) == ("hi", "en")
    for article, summary in zip(tiny_crosssum.articles, tiny_crosssum.summaries, strict=True):
        written, details = crosssum.write(article)
        assert written == split_sentences(summary)
        assert details["summary"] == summary
    assert crosssum.generation_config.no_repeat_ngram_size == 2


def test_crosssum_summarize_does_not_top_english_up_with_hindi(
    crosssum: CrosslingualSummarizer, tiny_crosssum: ts.TinyMT5
) -> None:
    article, summary = tiny_crosssum.articles[0], tiny_crosssum.summaries[0]
    got = crosssum.summarize(article)
    assert got == split_sentences(summary) and len(got) == 2  # the pipeline tops up
    assert crosssum.provenance.options["model_bullets"] == 2
    assert crosssum.provenance.options["strategy"] == "crosslingual"
    assert all(bullets.is_complete(b) for b in got)


# --------------------------------------------------------------------------- factory


def test_the_factory_builds_each_strategy_once(
    tiny_xlsum: ts.TinyMT5, tiny_crosssum: ts.TinyMT5
) -> None:
    config = SummarizerConfig(strategy="source", model=str(tiny_xlsum.path), device="cpu")
    first = load_summarizer(config)
    assert isinstance(first, SourceSummarizer)
    # The strategy's defaults written out are the same config: the same loaded model.
    same = SummarizerConfig(
        strategy="source",
        model=str(tiny_xlsum.path),
        device="cpu",
        max_new_tokens=84,
        max_source_tokens=512,
    )
    assert load_summarizer(same) is first
    other = SummarizerConfig(strategy="crosslingual", model=str(tiny_crosssum.path), device="cpu")
    assert isinstance(load_summarizer(other), CrosslingualSummarizer)
