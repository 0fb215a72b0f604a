"""Model-backed brief strategies chosen by name/directory, run through the pipeline."""

from __future__ import annotations

from typing import Any

import pytest

import tiny_summarizers as ts
from hinews.pipeline import Pipeline
from hinews.results import Provenance
from hinews.summarize.seq2seq import split_sentences

pytestmark = pytest.mark.slow


class TableTranslator:
    """Translates by table lookup: lets a test feed exact English to a summariser."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return [self.table[s] for s in sentences]

    def count_tokens(self, sentence: str) -> int:
        return len(sentence.split()) + 1

    @property
    def max_source_tokens(self) -> int:
        return 200

    @property
    def provenance(self) -> Provenance:
        return Provenance(model="table", backend="test")


def _hindi_article(english: list[str]) -> tuple[str, dict[str, str]]:
    """A Hindi stand-in article whose i-th sentence 'translates' to ``english[i]``."""
    hindi = [f"यह समाचार का वाक्य संख्या {i} है।" for i in range(len(english))]
    title = "समाचार का शीर्षक यहाँ है"
    return title + "\n\n" + " ".join(hindi), {
        title: "Headline",
        **dict(zip(hindi, english, strict=True)),
    }


def _pipe(summarizer_dir: str, table: dict[str, str], **options: Any) -> Pipeline:
    base = Pipeline.from_options(summarizer=summarizer_dir, **options)
    return Pipeline(base.config, translator=TableTranslator(table))


def test_seq2seq_directory_is_detected_and_briefs_exactly(tiny_bart: ts.TinyBart) -> None:
    text, table = _hindi_article(tiny_bart.articles[0])
    pipe = _pipe(str(tiny_bart.path), table)
    assert pipe.config.summarizer.strategy == "seq2seq"
    brief = pipe.brief(text)
    assert list(brief.bullets) == split_sentences(tiny_bart.summaries[0])
    assert brief.provenance.options["strategy"] == "seq2seq"
    assert brief.translation.text == " ".join(tiny_bart.articles[0])


def test_instruct_directory_is_detected_and_briefs_exactly(tiny_chat: ts.TinyChat) -> None:
    text, table = _hindi_article(tiny_chat.articles[0])
    pipe = _pipe(str(tiny_chat.path), table)
    assert pipe.config.summarizer.strategy == "instruct"
    brief = pipe.brief(text)
    expected = [line[2:] for line in tiny_chat.responses[0].splitlines()]
    assert list(brief.bullets) == expected
    assert brief.provenance.options["strategy"] == "instruct"


def test_models_loaded_in_two_threads_at_once_load_whole(
    tiny_bart: ts.TinyBart, tiny_marian
) -> None:  # type: ignore[no-untyped-def]
    """A translator preloading in the background while the summariser loads (hinews brief,
    the app): two from_pretrained at once could leave weights on the meta device."""
    import threading

    from hinews.models.hub import find_model
    from hinews.models.loading import load_pretrained

    barrier = threading.Barrier(2)
    loaded: dict[str, Any] = {}

    def load(name: str, path: Any) -> None:
        barrier.wait()
        loaded[name] = load_pretrained(
            find_model(str(path)),
            "AutoModelForSeq2SeqLM",
            device="cpu",
            dtype="auto",
            what="model",
            hint="",
        )[1]

    threads = [
        threading.Thread(target=load, args=("bart", tiny_bart.path)),
        threading.Thread(target=load, args=("marian", tiny_marian.path)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name, model in loaded.items():
        devices = {p.device.type for p in model.parameters()}
        assert devices == {"cpu"}, (name, devices)
    assert Pipeline.from_options(translator=str(tiny_marian.path)).translate_sentences(
        [tiny_marian.pairs[0][0]]
    ) == [tiny_marian.pairs[0][1]]
