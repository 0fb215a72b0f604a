"""Abstractive briefs with a seq2seq summarisation model (BART, DistilBART-CNN, PEGASUS).

The English sentences are joined into one text and summarised with deterministic beam
search. The summary is split into sentences, which become the bullets; when the model
writes fewer than ``n`` usable sentences the rest come from an extractive ranking of the
article (see :func:`hinews.summarize.bullets.top_up`).

Long articles are never truncated silently. When the article is longer than the model
accepts (``max_source_tokens``), it is cut into chunks of whole sentences that fit, each
chunk is summarised (map), and the joined chunk summaries are summarised again (reduce);
the number of chunks and rounds is recorded in the provenance options.

This module also holds the helpers the model strategies share: an English sentence
splitter, the chunk planner and the per-call details kept for provenance. The strategies
that read the Hindi article (:mod:`hinews.summarize.source`) are subclasses of
:class:`Seq2SeqSummarizer`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from hinews.config import SummarizerConfig
from hinews.models.hub import ModelFiles
from hinews.models.loading import load_pretrained
from hinews.results import Provenance
from hinews.summarize import bullets

# A reduce step whose input still does not fit is chunked again; real summaries shrink
# a text several-fold per round, so three rounds cover any article hinews accepts.
MAX_ROUNDS = 3

# Words that end with a full stop without ending a sentence ("Dr. Rao", "No. 5").
_ABBREVIATION_WORDS = (
    "mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm rep sen gov pres rev hon "
    "inc ltd co corp bros vs etc no nos vol fig approx dept est govt rs jan feb mar apr jun "
    "jul aug sep sept oct nov dec mt ft"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
# Capitalised words that begin a new sentence after an acronym ("... in the U.S. The ...").
_STARTER_WORDS = (
    "The A An He She It They We I This That These Those But And In On At After Before When "
    "However Meanwhile Earlier Later Officials Police"
)
_SENTENCE_STARTERS = frozenset(_STARTER_WORDS.split())
_CLOSERS = "\"'”’)]»"
_END = re.compile(r"[.!?…]+[\"'”’)\]»]*(?=\s|$)")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$|^[A-Z]$")  # "U.S", "a.m", an initial "J"
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,!?;:%])")


def split_sentences(text: str) -> list[str]:
    """Split English model output into sentences.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (closing quotes and brackets allowed)
    followed by the end of the text or by a space and a capital letter, digit or opening
    quote. Decimals (``3.5``) never split; abbreviations (``Dr.``, ``No.``) and initials or
    acronyms (``J.``, ``U.S.``) do not split unless a typical sentence opener follows.
    Line breaks (PEGASUS writes ``<n>``) always end a sentence.
    """
    out: list[str] = []
    for line in re.split(r"\s*(?:<n>|\n)\s*", text):
        line = _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(line.split()))
        start = 0
        for match in _END.finditer(line):
            rest = line[match.end() :].lstrip()
            if rest and not _opens_sentence(rest):
                continue
            if (
                rest
                and match.group().startswith(".")
                and _no_break_before(line[start : match.start()], rest)
            ):
                continue
            out.append(line[start : match.end()].strip())
            start = match.end()
        tail = line[start:].strip()
        if tail:
            out.append(tail)
    return [s for s in out if s]


def _opens_sentence(rest: str) -> bool:
    first = rest.lstrip("\"'“‘([«")
    return bool(first) and (first[0].isupper() or first[0].isdigit())


def _no_break_before(before: str, rest: str) -> bool:
    """True when the full stop ending ``before`` belongs to an abbreviation or acronym."""
    words = before.split()
    if not words:
        return False
    word = words[-1].lstrip("\"'“‘([«")
    if word.lower() in _ABBREVIATIONS:
        return True
    if _ACRONYM.match(word):
        return rest.split()[0].strip(_CLOSERS) not in _SENTENCE_STARTERS
    return False


def plan_chunks(
    sentences: list[str],
    limit: int,
    length: Callable[[str], int],
    *,
    join: Callable[[list[str]], str] = " ".join,
) -> list[list[str]]:
    """Consecutive whole sentences packed greedily into chunks of at most ``limit`` tokens.

    Args:
        sentences: The article, in order.
        limit: Token budget per chunk, special tokens included.
        length: Token count of a text as the model's tokenizer encodes it.
        join: How consecutive sentences become one model input.

    A single sentence longer than ``limit`` forms its own chunk and is cut at the limit
    when encoded (counted in ``truncated_sentences``).
    """
    chunks: list[list[str]] = []
    current: list[str] = []
    for sentence in sentences:
        # Count the joined text, not sentence by sentence: subword tokens at the joins
        # differ from those of isolated sentences.
        if current and length(join([*current, sentence])) > limit:
            chunks.append(current)
            current = []
        current.append(sentence)
    chunks.append(current)
    return chunks


class RunDetails:
    """What the latest ``summarize`` call in each thread did (chunks, truncation...).

    A summariser instance is shared between threads (the factory caches it), so per-call
    facts are kept per thread: read ``provenance`` from the thread that summarised.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def set(self, details: dict[str, Any]) -> None:
        self._local.details = dict(details)

    def get(self) -> dict[str, Any]:
        return dict(getattr(self._local, "details", {}))

    def provenance(
        self, summarizer: Any, options: dict[str, Any], details: dict[str, Any] | None = None
    ) -> Provenance:
        """A transformers summariser's provenance: its ``options``, its device and dtype,
        then what one call did (``details``; by default the latest call in this thread)."""
        files, model = summarizer.files, summarizer.model
        full = {
            **options,
            "device": str(summarizer.device),
            "dtype": str(model.dtype).replace("torch.", ""),
            **(self.get() if details is None else details),
        }
        backend = summarizer.backend
        return Provenance(model=files.name, revision=files.revision, backend=backend, options=full)


def generation_overrides(
    model_generation: Any, config: SummarizerConfig, *, no_repeat_default: int = 3
) -> Any:
    """A copy of the model's GenerationConfig with deterministic beam-search settings.

    Settings live in the GenerationConfig (transformers ignores them on the model config);
    ``max_length`` is cleared so ``max_new_tokens`` governs the output length.
    ``no_repeat_ngram_size`` is the config's when it sets one, else the model's own, else
    ``no_repeat_default``. The model's other settings (``length_penalty``...) are kept.
    """
    base = model_generation.to_dict()
    gen: dict[str, Any] = {
        "num_beams": config.num_beams,
        "do_sample": False,
        "max_new_tokens": config.new_tokens,
        "max_length": None,
        # Neutral sampling knobs: generate() fills None from the model's defaults (e.g.
        # temperature 0.7), which do nothing under do_sample=False but warn on every call.
        "temperature": 1.0,
        "top_p": 1.0,
        "top_k": 50,
    }
    if config.no_repeat_ngram_size is not None:
        gen["no_repeat_ngram_size"] = config.no_repeat_ngram_size
    elif not base.get("no_repeat_ngram_size"):
        # CNN-style models repeat phrases without it; models that set it keep theirs.
        gen["no_repeat_ngram_size"] = no_repeat_default
    return model_generation.__class__.from_dict({**base, **gen})


class Seq2SeqSummarizer:
    """A transformers ``AutoModelForSeq2SeqLM`` summariser behind the ``Summarizer`` protocol.

    Args:
        files: Where the model is (see :func:`hinews.models.hub.find_model`).
        config: Decoding options; ``max_source_tokens`` caps the encoder input (further
            capped by the model's position embeddings).

    Raises:
        ModelLoadError: The folder does not hold a loadable seq2seq model and tokenizer.
    """

    backend = "transformers"
    strategy = "seq2seq"
    #: Language of the sentences the pipeline gives it (``en``: the translation) and of
    #: the summary it writes.
    reads = "en"
    writes = "en"
    #: ``no_repeat_ngram_size`` when neither the config nor the model sets one.
    no_repeat_default = 3
    hint = (
        "Strategy 'seq2seq' needs a seq2seq summarisation model folder such as "
        "BART, DistilBART-CNN or PEGASUS (config.json, weights, tokenizer files); "
        "for an instruction-tuned chat model use strategy 'instruct', for a model that "
        "reads Hindi (mT5 XL-Sum, CrossSum) strategy 'source' or 'crosslingual'."
    )

    def __init__(self, files: ModelFiles, config: SummarizerConfig) -> None:
        import torch

        self.files, self.config = files, config
        self.tokenizer, self.model, self.device = load_pretrained(
            files,
            "AutoModelForSeq2SeqLM",
            device=config.device,
            dtype=self.load_dtype(config),
            what="summarisation model",
            hint=self.hint,
        )
        self._torch = torch
        self._lock = threading.Lock()  # generate() and tokenizer truncation are not re-entrant
        self._details = RunDetails()
        from hinews.summarize.card import apply_card, card_decoding

        #: The model card's decoding kept in config.json (transformers 5 ignores it there).
        self.card = card_decoding(files.path)
        self.generation_config = generation_overrides(
            apply_card(self.model.generation_config, self.card),
            config,
            no_repeat_default=self.no_repeat_default,
        )

    @staticmethod
    def load_dtype(config: SummarizerConfig) -> str:
        """The dtype to load the weights in (``auto``: float16 on CUDA, float32 elsewhere)."""
        return config.dtype

    @property
    def max_source_tokens(self) -> int:
        """Encoder input limit: the config's, capped by the model's position embeddings
        (models with relative positions, such as T5/mT5, have none)."""
        limit = getattr(self.model.config, "max_position_embeddings", None) or 1024
        return min(self.config.source_tokens, int(limit))

    @property
    def provenance(self) -> Provenance:
        """Model, decoding options and what the latest call in this thread did."""
        return self.provenance_of(None)

    def provenance_of(self, details: dict[str, Any] | None) -> Provenance:
        """Model, decoding options and ``details`` of one call (:meth:`write`,
        :meth:`summarize_detailed`); ``None``: the latest call in this thread."""
        options: dict[str, Any] = {
            "strategy": self.strategy,
            "num_beams": self.config.num_beams,
            "do_sample": False,
            "max_new_tokens": self.config.new_tokens,
            "no_repeat_ngram_size": self.generation_config.no_repeat_ngram_size,
            "length_penalty": self.generation_config.length_penalty,
            "max_source_tokens": self.max_source_tokens,
            "long_input": "map-reduce over whole-sentence chunks",
        }
        if getattr(self, "card", None):
            options["card_decoding"] = dict(self.card)
        return self._details.provenance(self, options, details)

    def summarize(self, sentences: list[str], n: int = 3) -> list[str]:
        """Up to ``n`` bullets, each one complete sentence, no duplicates."""
        result, details = self.summarize_detailed(sentences, n)
        self._details.set(details)
        return result

    def summarize_detailed(
        self, sentences: list[str], n: int = 3
    ) -> tuple[list[str], dict[str, Any]]:
        """Like :meth:`summarize`, also returning what this call did.

        The details are those of :meth:`write` and ``model_bullets`` (how many of the
        bullets, from the first, the model wrote; the rest are the article's sentences).
        The bullets are topped up from the article's sentences only when the model writes
        in their language (``reads == writes``).
        """
        sentences = [s.strip() for s in sentences if s.strip()]
        candidates, details = self.write(sentences)
        fill = sentences if self.reads == self.writes else []
        chosen = bullets.top_up(candidates, fill, n)
        details["model_bullets"] = len(bullets.finalize(candidates, [], n))
        return chosen, details

    def write(self, sentences: list[str]) -> tuple[list[str], dict[str, Any]]:
        """The sentences the model writes for an article (no top-up), and what it did.

        The details are ``chunks`` (1 when the article fit), ``rounds`` (summarisation
        passes), ``truncated_sentences`` (single sentences longer than the model limit, cut
        at it), ``summary`` (the model's text) and ``summary_sentences`` (its sentences).
        """
        sentences = [s.strip() for s in sentences if s.strip()]
        if not sentences:
            empty = {"chunks": 0, "rounds": 0, "truncated_sentences": 0, "summary_sentences": 0}
            return [], {**empty, "summary": ""}
        with self._lock:
            summary, details = self._summarize_text(sentences)
        candidates = self.split(summary)
        details["summary"] = summary
        details["summary_sentences"] = len(candidates)
        return candidates, details

    def split(self, text: str) -> list[str]:
        """The sentences of a summary the model wrote."""
        return split_sentences(text)

    def join(self, sentences: list[str]) -> str:
        """The model input for consecutive sentences."""
        return " ".join(sentences)

    def _summarize_text(self, sentences: list[str]) -> tuple[str, dict[str, Any]]:
        """Map-reduce until one summary remains; returns it and the call details."""
        limit = self.max_source_tokens
        details: dict[str, Any] = {"chunks": 1, "rounds": 0, "truncated_sentences": 0}
        for round_ in range(1, MAX_ROUNDS + 1):
            details["rounds"] = round_
            chunks = self.plan_chunks(sentences, limit)
            if round_ == 1:
                details["chunks"] = len(chunks)
            if len(chunks) == 1:
                return self._generate(self.join(chunks[0])), details
            details["truncated_sentences"] += sum(
                1 for c in chunks if len(c) == 1 and self._length(c[0]) > limit
            )
            summaries = [self._generate(self.join(chunk)) for chunk in chunks]
            sentences = [s for text in summaries for s in self.split(text)] or summaries
        # MAX_ROUNDS passes and still several chunks: the last step takes their summaries
        # together, and when even those exceed the limit, says that it cut them.
        text = self.join(sentences)
        if self._length(text) > limit:
            details["reduce_truncated"] = True
        return self._generate(text), details

    def plan_chunks(self, sentences: list[str], limit: int) -> list[list[str]]:
        """:func:`plan_chunks` with this model's tokenizer and input joining."""
        return plan_chunks(sentences, limit, self._length, join=self.join)

    def _length(self, text: str) -> int:
        return len(self.tokenizer(text)["input_ids"])

    def _generate(self, text: str) -> str:
        torch = self._torch
        encoded = self.tokenizer(
            text, truncation=True, max_length=self.max_source_tokens, return_tensors="pt"
        )
        with torch.inference_mode():
            generated = self.model.generate(
                input_ids=encoded["input_ids"].to(self.device),
                attention_mask=encoded["attention_mask"].to(self.device),
                generation_config=self.generation_config,
            )
        decoded = self.tokenizer.decode(generated[0], skip_special_tokens=True)
        return str(decoded).strip()
