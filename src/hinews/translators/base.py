"""The translation protocol every backend implements."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from hinews.errors import ModelLoadError
from hinews.results import Hypothesis, Provenance

__all__ = [
    "NLLB_SRC",
    "NLLB_TGT",
    "Hypothesis",
    "Translator",
    "backend_provenance",
    "language_codes",
    "mean_log_prob",
    "vocabulary_languages",
]

#: NLLB/M2M100 codes used when the config names none and the tokenizer has them.
NLLB_SRC, NLLB_TGT = "hin_Deva", "eng_Latn"
_CODE = re.compile(r"[a-z]{3}_[A-Z][a-z]{3}")

if TYPE_CHECKING:
    from hinews.config import TranslatorConfig
    from hinews.models.hub import ModelFiles


@runtime_checkable
class Translator(Protocol):
    """Translates Hindi sentences to English. Lists in, lists out, same length and order."""

    def translate_batch(
        self, sentences: list[str], *, src_lang: str | None = None
    ) -> list[Hypothesis]:
        """Translate each sentence; the i-th output is the translation of the i-th input,
        with the model's confidence in it.

        Args:
            sentences: Source sentences (never mutated).
            src_lang: Source language code for models that take one (NLLB/M2M100:
                ``mar_Deva``...); ``None`` keeps the model's configured source.
        """
        ...

    def count_tokens(self, sentence: str) -> int:
        """Number of source tokens the model sees for ``sentence`` (for length limits)."""
        ...

    @property
    def max_source_tokens(self) -> int:
        """Longest source, in tokens, the model accepts without truncation."""
        ...

    @property
    def provenance(self) -> Provenance:
        """Model, revision, backend and decoding options."""
        ...


def backend_provenance(
    backend: str,
    files: ModelFiles,
    config: TranslatorConfig,
    *,
    max_source_tokens: int,
    src_lang: str | None,
    tgt_lang: str | None,
    **extra: Any,
) -> Provenance:
    """Provenance shared by the translation backends: decoding options, then ``extra``
    (device, dtype, quantisation...), then the language codes of NLLB-style models."""
    options: dict[str, Any] = {
        "num_beams": config.num_beams,
        "max_new_tokens": config.max_new_tokens,
        "max_source_tokens": max_source_tokens,
        **extra,
    }
    if tgt_lang:
        options.update(src_lang=src_lang, tgt_lang=tgt_lang)
    return Provenance(model=files.name, revision=files.revision, backend=backend, options=options)


def language_codes(
    config: TranslatorConfig, vocab: dict[str, int], model: str
) -> tuple[str | None, str | None]:
    """Source and target codes for ``config``: NLLB-style tokenizers need them (the
    configured ones, else Hindi to English); Marian pairs take none.

    Raises:
        ModelLoadError: A code is not in the tokenizer's vocabulary.
    """
    src = config.src_lang or (NLLB_SRC if NLLB_SRC in vocab else None)
    tgt = config.tgt_lang or (NLLB_TGT if NLLB_TGT in vocab else None)
    for code in (src, tgt):
        if code is not None and code not in vocab:
            raise ModelLoadError(
                f"the tokenizer of {model!r} has no language code {code!r}; "
                "check translator.src_lang / tgt_lang"
            )
    return src, tgt


def vocabulary_languages(vocab: dict[str, int]) -> frozenset[str]:
    """The FLORES-200 language codes (``hin_Deva``, ``mar_Deva``...) in a vocabulary: the
    source languages an NLLB-style or IndicTrans2 model takes."""
    return frozenset(t for t in vocab if _CODE.fullmatch(t))


def mean_log_prob(total: float, scored: int, forced: int) -> float:
    """Mean log-probability of the tokens the model chose.

    Both backends score forced tokens (NLLB's target language code) as log-probability 0
    but count them in the length; leaving them out is the right normalisation.

    Args:
        total: Sum of the token log-probabilities, forced tokens (0) included.
        scored: Number of tokens in that sum, end-of-sentence token included.
        forced: How many of them were forced.
    """
    chosen = scored - forced
    return total / chosen if chosen > 0 else 0.0
