"""The translation protocol every backend implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from hinews.results import Provenance


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
