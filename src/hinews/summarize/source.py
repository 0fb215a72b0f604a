"""Summarisers that read the Hindi article itself: mT5 XL-Sum and CrossSum.

Every other strategy reads the English translation. These read the cleaned Hindi, as the
field's own Hindi news summarisers do:

* ``source`` (:class:`SourceSummarizer`): a seq2seq model that writes a Hindi summary,
  e.g. ``csebuetnlp/mT5_multilingual_XLSum`` (alias ``xlsum``). The pipeline splits the
  summary with hinews' Hindi sentence splitter and translates its sentences with the
  article, and they become the first bullets.
* ``crosslingual`` (:class:`CrosslingualSummarizer`): a seq2seq model that writes English,
  e.g. ``csebuetnlp/mT5_m2o_english_crossSum`` (alias ``crosssum``); its sentences are the
  first bullets as they are.

The input is prepared as the model cards prepare it: the sentences joined with runs of
whitespace (line breaks too) made one space, no prefix. Decoding follows the cards (beam
4, ``no_repeat_ngram_size`` 2, 84 new tokens; the model's ``length_penalty``, 0.6 for
both), all overridable in the config. The cards cut the input at 512 tokens
(``truncation=True``); hinews never cuts an article silently: a longer one goes through the
map-reduce of :class:`~hinews.summarize.seq2seq.Seq2SeqSummarizer` over whole sentences,
and the provenance records the chunks and rounds.
"""

from __future__ import annotations

from hinews.config import SummarizerConfig
from hinews.errors import ModelLoadError
from hinews.models.hub import ModelFiles
from hinews.summarize.seq2seq import Seq2SeqSummarizer, split_sentences

# A Hindi phrase every Hindi vocabulary covers: a tokenizer that turns it into <unk> only
# did not load its vocabulary, and the model would summarise nothing but unknown tokens.
_PROBE = "भारत सरकार ने कहा"


def whitespace_normalised(text: str) -> str:
    """``text`` with every run of whitespace, line breaks included, made one space (the
    ``WHITESPACE_HANDLER`` of the XL-Sum and CrossSum model cards)."""
    return " ".join(text.split())


class SourceSummarizer(Seq2SeqSummarizer):
    """A seq2seq model that reads the Hindi article and writes a Hindi summary (XL-Sum).

    :meth:`summarize` takes the article's Hindi sentences and returns Hindi bullets (the
    model's sentences, topped up from the article); the pipeline instead takes the model's
    sentences from :meth:`write`, translates them and tops them up from the translation.

    Args:
        files: Where the model is (see :func:`hinews.models.hub.find_model`).
        config: Decoding options (``max_source_tokens`` 512 and ``max_new_tokens`` 84
            unless set).

    Raises:
        ModelLoadError: Not a loadable seq2seq model, or its tokenizer does not read
            Devanagari.
    """

    strategy = "source"
    reads = "hi"
    writes = "hi"
    no_repeat_default = 2
    hint = (
        "Strategy 'source' needs a seq2seq model that summarises Hindi in Hindi, such as "
        "csebuetnlp/mT5_multilingual_XLSum (alias 'xlsum'): a folder with config.json, "
        "weights and tokenizer files; for one that writes English use strategy "
        "'crosslingual', for an English summariser 'seq2seq'."
    )

    def __init__(self, files: ModelFiles, config: SummarizerConfig) -> None:
        super().__init__(files, config)
        self._check_reads_hindi()

    @staticmethod
    def load_dtype(config: SummarizerConfig) -> str:
        """float32 unless the config says otherwise: mT5 overflows in float16 (NaNs; its
        XL-Sum authors run it in float32), so ``auto`` does not mean float16 on CUDA."""
        return "float32" if config.dtype == "auto" else config.dtype

    def _check_reads_hindi(self) -> None:
        ids = self.tokenizer(_PROBE, add_special_tokens=False)["input_ids"]
        unk = self.tokenizer.unk_token_id
        if not ids or (unk is not None and all(i == unk for i in ids)):
            raise ModelLoadError(
                f"the tokenizer of summarisation model {self.files.name!r} turns Hindi into "
                f"unknown tokens ({_PROBE!r} -> {ids}), so the model cannot read the article. "
                f"{self.hint} Check that its tokenizer files (spiece.model or "
                "tokenizer.json) are there, or pin a revision that has them "
                "(summarizer.revision)."
            )

    def split(self, text: str) -> list[str]:
        """Hindi sentences of the summary, split by hinews' own Hindi splitter."""
        from hinews.text import split_sentences as split_hindi

        return [s for line in text.splitlines() for s in split_hindi(line) if s.strip()]

    def join(self, sentences: list[str]) -> str:
        return whitespace_normalised(" ".join(sentences))


class CrosslingualSummarizer(SourceSummarizer):
    """A seq2seq model that reads the Hindi article and writes English (CrossSum m2o).

    :meth:`summarize` returns only what the model wrote (up to ``n`` sentences): the Hindi
    article cannot top English bullets up; the pipeline tops them up from its translation.
    """

    strategy = "crosslingual"
    writes = "en"
    hint = (
        "Strategy 'crosslingual' needs a seq2seq model that summarises Hindi in English, "
        "such as csebuetnlp/mT5_m2o_english_crossSum (alias 'crosssum'): a folder with "
        "config.json, weights and tokenizer files; for one that writes Hindi use strategy "
        "'source'."
    )

    def split(self, text: str) -> list[str]:
        """English sentences of the summary."""
        return split_sentences(text)
