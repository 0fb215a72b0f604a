"""Randomly initialised translation models of real size for ``hinews bench``.

Weights are random (the benchmark measures speed, not quality), but shapes, vocabularies
and tokenizers are real (the configs and tokenizers come from :mod:`hinews.testing`, as
the tests' tiny models do): the tokenizers are built on the IndicTrans2 SentencePiece models
in ``../shared/tokenizers/indictrans2-indic-en``, so Hindi sentences get realistic lengths.
Run as ``python -m hinews.bench.shapes SHAPE OUT SPM_DIR`` (the benchmark does, in a child
process, so the parent never holds the weights).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUILD_VERSION = "1"


@dataclass(frozen=True)
class Shape:
    kind: str  # "marian" or "nllb"
    d_model: int
    layers: int
    heads: int
    ffn: int
    vocab: int


SHAPES: dict[str, Shape] = {
    # Helsinki-NLP/opus-mt-hi-en: 76M parameters.
    "marian": Shape("marian", 512, 6, 8, 2048, 61_950),
    # facebook/nllb-200-distilled-600M.
    "nllb-600m": Shape("nllb", 1024, 12, 16, 4096, 256_206),
    # For tests of the benchmark machinery: seconds, not minutes.
    "tiny": Shape("marian", 32, 1, 2, 64, 2_000),
    "tiny-nllb": Shape("nllb", 32, 1, 2, 64, 2_000),
}


def _shared_pieces(spm_dir: Path, size: int) -> list[tuple[str, float]]:
    """Target pieces first, then source pieces (most frequent first), ``size`` in all."""
    from hinews.testing.tokenizers import spm_pieces

    seen: dict[str, float] = {}
    for piece, score in spm_pieces(spm_dir / "model.TGT") + spm_pieces(spm_dir / "model.SRC"):
        if len(seen) >= size:
            break
        seen.setdefault(piece, score)
    return list(seen.items())


def _size(shape: Shape, max_positions: int) -> Any:
    from hinews.testing.configs import Size

    return Size(shape.d_model, shape.layers, shape.heads, shape.ffn, max_positions)


def _build_marian(shape: Shape, out: Path, spm_dir: Path) -> None:
    from transformers import MarianMTModel

    from hinews.testing import configs
    from hinews.testing.tokenizers import marian_tokenizer

    work = out / "_tok"
    work.mkdir(parents=True)
    shutil.copy(spm_dir / "model.SRC", work / "source.spm")
    shutil.copy(spm_dir / "model.TGT", work / "target.spm")
    pieces = [piece for piece, _ in _shared_pieces(spm_dir, shape.vocab - 3)]
    tokenizer = marian_tokenizer(pieces, work / "source.spm", work / "target.spm", work)
    pad = tokenizer.pad_token_id
    config = configs.marian_config(
        len(tokenizer), pad, _size(shape, 512), activation_function="swish"
    )
    model = configs.seeded(MarianMTModel, config).eval()
    configs.zero_row(model, pad)
    model.generation_config = configs.marian_generation(pad, num_beams=1, max_new_tokens=256)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    shutil.rmtree(work)


def _build_nllb(shape: Shape, out: Path, spm_dir: Path) -> None:
    from transformers import M2M100ForConditionalGeneration

    from hinews.testing import configs
    from hinews.testing.tokenizers import nllb_tokenizer

    tokenizer = nllb_tokenizer(_shared_pieces(spm_dir, min(shape.vocab - 300, 160_000)))
    config = configs.m2m100_config(
        max(shape.vocab, len(tokenizer)), _size(shape, 1024), activation_function="relu"
    )
    model = configs.seeded(M2M100ForConditionalGeneration, config).eval()
    eng = tokenizer.convert_tokens_to_ids("eng_Latn")
    model.generation_config = configs.nllb_generation(eng, num_beams=1, max_new_tokens=256)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)


def model_dir(cache: Path, shape: str) -> Path:
    return cache / "bench" / f"{shape}-v{BUILD_VERSION}"


def build(shape_name: str, out: Path, spm_dir: Path) -> Path:
    """Build the model folder (once) and its int8 CTranslate2 conversion (once)."""
    from hinews.models.hub import find_model
    from hinews.translators.ct2 import ensure_converted

    if not (out / "DONE").is_file():
        shape = SHAPES[shape_name]
        tmp = out.with_name(out.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        (_build_marian if shape.kind == "marian" else _build_nllb)(shape, tmp, spm_dir)
        (tmp / "DONE").write_text(shape_name)
        shutil.rmtree(out, ignore_errors=True)
        tmp.rename(out)
    ensure_converted(find_model(str(out)), "int8")
    return out


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in SHAPES:
        sys.exit(f"usage: python -m hinews.bench.shapes {{{','.join(SHAPES)}}} OUT_DIR SPM_DIR")
    build(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
