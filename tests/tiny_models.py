"""The tiny translation models the tests load: ``tiny_data.PAIRS`` memorised exactly.

The recipes live in :mod:`hinews.testing.tiny` (also used for the benchmark's shapes);
this module only binds them to the test data. ``conftest`` caches the folders.
:class:`Recording` wraps a translator and records the batches the model is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import hinews
from hinews.results import Provenance
from hinews.testing import tiny
from tiny_data import EXAMPLE_PAIRS, PAIRS


@dataclass(frozen=True)
class TinyModel:
    path: Path
    pairs: list[tuple[str, str]]
    kind: str


def build_marian(out: Path, pairs: list[tuple[str, str]] = PAIRS) -> TinyModel:
    """An opus-mt-shaped Marian model (separate source/target SentencePiece, shared vocab)."""
    return TinyModel(tiny.build_marian(out, pairs), list(pairs), "marian")


def build_marian_example(out: Path) -> TinyModel:
    """The same Marian recipe on ``tiny_data.EXAMPLE_PAIRS``: the shipped example article's
    sentences memorised, for the README's output block."""
    return TinyModel(tiny.build_marian(out, EXAMPLE_PAIRS), list(EXAMPLE_PAIRS), "marian")


def build_nllb(out: Path, pairs: list[tuple[str, str]] = PAIRS) -> TinyModel:
    """An NLLB-shaped M2M100 model with a real (tokenizers-backed) NllbTokenizer."""
    return TinyModel(tiny.build_nllb(out, pairs), list(pairs), "nllb")


class Recording:
    """Wraps a translator and records every batch the model is asked to translate."""

    def __init__(self, inner: hinews.Translator) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    def translate_batch(self, sentences: list[str]) -> list[hinews.Hypothesis]:
        self.calls.append(list(sentences))
        return self.inner.translate_batch(sentences)

    def count_tokens(self, sentence: str) -> int:
        return self.inner.count_tokens(sentence)

    @property
    def max_source_tokens(self) -> int:
        return self.inner.max_source_tokens

    @property
    def provenance(self) -> Provenance:
        return self.inner.provenance

    @property
    def seen(self) -> list[str]:
        return [s for call in self.calls for s in call]
