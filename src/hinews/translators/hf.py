"""Translation with any transformers ``AutoModelForSeq2SeqLM`` (Marian, NLLB/M2M100, ...)."""

from __future__ import annotations

import threading
from typing import Any, cast

from hinews.config import TranslatorConfig
from hinews.errors import ModelLoadError
from hinews.models.hub import ModelFiles
from hinews.models.loading import load_pretrained
from hinews.results import Provenance
from hinews.translators.base import backend_provenance
from hinews.translators.batching import check_lengths, plan_batches

# NLLB/M2M100 language codes used when the tokenizer knows them.
NLLB_SRC, NLLB_TGT = "hin_Deva", "eng_Latn"


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
        self.src_lang, self.tgt_lang = self._languages()
        gen: dict[str, Any] = {
            "num_beams": config.num_beams,
            "max_new_tokens": config.max_new_tokens,
        }
        if self.tgt_lang:
            self.tokenizer.src_lang = self.src_lang
            gen["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids(self.tgt_lang)
        self.generation_config = self.model.generation_config.__class__.from_dict(
            {**self.model.generation_config.to_dict(), **gen, "max_length": None}
        )

    def _languages(self) -> tuple[str | None, str | None]:
        """NLLB-style tokenizers need source/target codes; Marian pairs need none."""
        vocab = self.tokenizer.get_vocab()
        src = self.config.src_lang or (NLLB_SRC if NLLB_SRC in vocab else None)
        tgt = self.config.tgt_lang or (NLLB_TGT if NLLB_TGT in vocab else None)
        for code in (src, tgt):
            if code is not None and code not in vocab:
                raise ModelLoadError(
                    f"the tokenizer of {self.files.name!r} has no language code "
                    f"{code!r}; check translator.src_lang / tgt_lang"
                )
        return src, tgt

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

    def translate_batch(self, sentences: list[str]) -> list[str]:
        """Translate sentences, batched by token budget, returned in input order.

        Raises:
            InputError: A sentence is longer than the model accepts (split it first;
                the pipeline does).
        """
        if not sentences:
            return []
        encoded = self.tokenizer(list(sentences))["input_ids"]
        lengths = [len(ids) for ids in encoded]
        check_lengths(lengths, self.max_source_tokens)
        outputs: list[str] = [""] * len(sentences)
        pad = self.tokenizer.pad_token_id
        for batch in plan_batches(lengths, self.config.batch_tokens, self.config.batch_size):
            width = max(lengths[i] for i in batch)
            ids = [encoded[i] + [pad] * (width - lengths[i]) for i in batch]
            mask = [[1] * lengths[i] + [0] * (width - lengths[i]) for i in batch]
            torch = self._torch
            with self._lock, torch.inference_mode():
                generated = self.model.generate(
                    input_ids=torch.tensor(ids, device=self.device),
                    attention_mask=torch.tensor(mask, device=self.device),
                    generation_config=self.generation_config,
                )
            texts = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
            for i, text in zip(batch, texts, strict=True):
                outputs[i] = text.strip()
        return outputs
