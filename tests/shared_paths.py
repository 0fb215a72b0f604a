"""Where the real shared data lives: ``../shared`` beside the checkout, or $HINEWS_SHARED.

Plain functions (not fixtures) so test helpers that are not fixtures can use them too;
each skips the calling test with a visible reason when its files are absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_root() -> Path:
    env = os.environ.get("HINEWS_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def indictrans2_dir() -> Path:
    """The real IndicTrans2 indic-en SentencePiece models (``model.SRC``/``model.TGT``)."""
    path = shared_root() / "tokenizers" / "indictrans2-indic-en"
    if not (path / "model.SRC").is_file():
        pytest.skip(f"IndicTrans2 tokenizers not found at {path} (set HINEWS_SHARED)")
    return path
