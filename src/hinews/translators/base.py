"""The translation protocol every backend implements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from hinews.results import Provenance

if TYPE_CHECKING:
    from hinews.config import TranslatorConfig
    from hinews.models.hub import ModelFiles


@runtime_checkable
class Translator(Protocol):
    """Translates Hindi sentences to English. Lists in, lists out, same length and order."""

    def translate_batch(self, sentences: list[str]) -> list[str]:
        """Translate each sentence; the i-th output is the translation of the i-th input."""
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
