"""The tiny translation models the tests load: ``tiny_data.PAIRS`` memorised exactly.

The recipes live in :mod:`hinews.testing.tiny` (also used for the benchmark's shapes);
this module only binds them to the test data. ``conftest`` caches the folders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hinews.testing import tiny
from tiny_data import PAIRS


@dataclass(frozen=True)
class TinyModel:
    path: Path
    pairs: list[tuple[str, str]]
    kind: str


def build_marian(out: Path, pairs: list[tuple[str, str]] = PAIRS) -> TinyModel:
    """An opus-mt-shaped Marian model (separate source/target SentencePiece, shared vocab)."""
    return TinyModel(tiny.build_marian(out, pairs), list(pairs), "marian")


def build_nllb(out: Path, pairs: list[tuple[str, str]] = PAIRS) -> TinyModel:
    """An NLLB-shaped M2M100 model with a real (tokenizers-backed) NllbTokenizer."""
    return TinyModel(tiny.build_nllb(out, pairs), list(pairs), "nllb")
