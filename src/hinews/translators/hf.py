"""Translation with any transformers ``AutoModelForSeq2SeqLM`` (Marian, NLLB/M2M100, ...)."""

from __future__ import annotations

import math
import threading
from typing import Any, cast

from hinews.config import TranslatorConfig
from hinews.errors import ConfigError
from hinews.models.hub import ModelFiles
from hinews.models.loading import load_pretrained
from hinews.results import Hypothesis, Provenance
from hinews.translators.base import (
    backend_provenance,
    language_codes,
    mean_log_prob,
    vocabulary_languages,
)
from hinews.translators.batching import check_lengths, plan_batches


class TransformersTranslator:
    """A seq2seq model from transformers behind the :class:`~hinews.Translator` protocol.

    Args:
        files: Where the model is (see :func:`hinews.models.hub.find_model`).
        config: Decoding and batching options.
    """

    backend = "transformers"

    def __init__(self, files: ModelFiles, config: TranslatorConfig) -> None:
        import torch

        self.files, self.config = files, config
        if config.threads > 0:
            torch.set_num_threads(config.threads)  # process-wide: torch has no per-model pool
        self.tokenizer, self.model, self.device = load_pretrained(
            files,
            "AutoModelForSeq2SeqLM",
            device=config.device,
            dtype=config.dtype,
            what="translation model",
            hint="It must be a seq2seq model folder (config.json, weights, tokenizer files).",
        )
        self._lock = threading.Lock()  # generate() is not re-entrant on one model
        self._torch = torch
        vocab = self.tokenizer.get_vocab()
        self.src_lang, self.tgt_lang = language_codes(config, vocab, files.name)
        #: The source codes ``translate_batch(src_lang=...)`` takes: none for Marian; None
        #: for codes of a form hinews does not list (M2M100's ``__hi__``).
        self.source_languages: frozenset[str] | None = (
            (vocabulary_languages(vocab) or None) if self.tgt_lang else frozenset()
        )
        gen: dict[str, Any] = {
            "num_beams": config.num_beams,
            "max_new_tokens": config.max_new_tokens,
            # Confidence: beam search needs the returned beams' scores; greedy search
            # records the chosen tokens' log-probabilities itself (see _ChosenLogProbs).
            "return_dict_in_generate": True,
            "output_scores": config.num_beams > 1,
        }
        if self.tgt_lang:
            self.tokenizer.src_lang = self.src_lang
            gen["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids(self.tgt_lang)
        self.generation_config = self.model.generation_config.__class__.from_dict(
            {**self.model.generation_config.to_dict(), **gen, "max_length": None}
        )

    @property
    def max_source_tokens(self) -> int:
        limit = getattr(self.model.config, "max_position_embeddings", None) or 1024
        return min(self.config.max_source_tokens, int(limit))

    def count_tokens(self, sentence: str) -> int:
        return len(self.tokenizer(sentence)["input_ids"])

    def tokenize(self, sentences: list[str]) -> list[list[str]]:
        """Source token strings per sentence, specials included (for CTranslate2)."""
        return [
            cast(list[str], self.tokenizer.convert_ids_to_tokens(ids))
            for ids in self.tokenizer(sentences)["input_ids"]
        ]

    @property
    def provenance(self) -> Provenance:
        return backend_provenance(
            self.backend,
            self.files,
            self.config,
            max_source_tokens=self.max_source_tokens,
            src_lang=self.src_lang,
            tgt_lang=self.tgt_lang,
            device=str(self.device),
            dtype=str(self.model.dtype).replace("torch.", ""),
        )

    def translate_batch(
        self, sentences: list[str], *, src_lang: str | None = None
    ) -> list[Hypothesis]:
        """Translate sentences, batched by token budget, returned in input order, each with
        its confidence: ``exp`` of the mean log-probability of the chosen tokens (from the
        generation scores: greedy, the processed step log-probabilities; beam search, the
        transition scores of the returned beam), the forced language code left out.

        Args:
            sentences: Source sentences.
            src_lang: An NLLB/M2M100 source code for these sentences (``mar_Deva``...).

        Raises:
            InputError: A sentence is longer than the model accepts (split it first;
                the pipeline does).
            ConfigError: ``src_lang`` for a model without language codes, or unknown to it.
        """
        if not sentences:
            return []
        encoded = self._encode(list(sentences), src_lang)
        lengths = [len(ids) for ids in encoded]
        check_lengths(lengths, self.max_source_tokens)
        outputs: list[Hypothesis] = [Hypothesis("")] * len(sentences)
        pad = self.tokenizer.pad_token_id
        eos = self.tokenizer.eos_token_id
        forced = 1 if self.tgt_lang else 0
        greedy = self.generation_config.num_beams == 1
        for batch in plan_batches(lengths, self.config.batch_tokens, self.config.batch_size):
            width = max(lengths[i] for i in batch)
            ids = [encoded[i] + [pad] * (width - lengths[i]) for i in batch]
            mask = [[1] * lengths[i] + [0] * (width - lengths[i]) for i in batch]
            torch = self._torch
            recorder = _ChosenLogProbs(torch) if greedy else None
            with self._lock, torch.inference_mode():
                generated = self.model.generate(
                    input_ids=torch.tensor(ids, device=self.device),
                    attention_mask=torch.tensor(mask, device=self.device),
                    generation_config=self.generation_config,
                    logits_processor=[recorder] if recorder else None,
                )
                if recorder is not None:
                    steps = recorder.stacked()
                else:
                    steps = self.model.compute_transition_scores(
                        generated.sequences,
                        generated.scores,
                        generated.beam_indices,
                        normalize_logits=False,
                    )
            sequences = generated.sequences[:, 1:].tolist()  # after the decoder start token
            step_scores = steps.float().cpu().tolist()
            texts = self.tokenizer.batch_decode(generated.sequences, skip_special_tokens=True)
            for row, (i, text) in enumerate(zip(batch, texts, strict=True)):
                tokens = sequences[row]
                n = tokens.index(eos) + 1 if eos in tokens else len(tokens)
                n = min(n, len(step_scores[row]))
                mean = mean_log_prob(sum(step_scores[row][:n]), n, min(forced, n))
                outputs[i] = Hypothesis(text.strip(), math.exp(mean))
        return outputs

    def _encode(self, sentences: list[str], src_lang: str | None) -> list[list[int]]:
        """Token ids; with ``src_lang`` the source code token is swapped for that one (the
        tokenizer's own ``src_lang`` is shared state, so it is left alone)."""
        encoded = cast(list[list[int]], self.tokenizer(sentences)["input_ids"])
        if src_lang is None or src_lang == self.src_lang:
            return encoded
        if not self.tgt_lang:
            raise ConfigError(
                f"{self.files.name!r} takes no source language code (it translates one "
                f"language pair), so source language {src_lang!r} cannot be set; use an "
                "NLLB/M2M100 model for other languages"
            )
        old = self.tokenizer.convert_tokens_to_ids(self.src_lang)
        new = self.tokenizer.convert_tokens_to_ids(src_lang)
        if src_lang not in self.tokenizer.get_vocab():
            raise ConfigError(
                f"the tokenizer of {self.files.name!r} has no language code {src_lang!r}; "
                "give an NLLB code such as mar_Deva or npi_Deva"
            )
        return [[new if t == old else t for t in ids] for ids in encoded]


class _ChosenLogProbs:
    """A logits processor, run last, that records the log-probability of the token greedy
    search then picks (the highest after the other processors): the same value as
    ``compute_transition_scores(normalize_logits=True)``, without keeping every step's
    full-vocabulary scores in memory."""

    def __init__(self, torch: Any) -> None:
        self._torch = torch
        self.steps: list[Any] = []

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        log_probs = self._torch.log_softmax(scores.float(), dim=-1)
        self.steps.append(log_probs.max(dim=-1).values)
        return scores

    def stacked(self) -> Any:
        return self._torch.stack(self.steps, dim=1)
