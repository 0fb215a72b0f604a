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

from hinews.translators.indictrans2.checkpoint import TOKENIZER_FILES

BUILD_VERSION = "1"


@dataclass(frozen=True)
class Shape:
    kind: str  # "marian", "nllb" or "indictrans2"
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
    # ai4bharat/indictrans2-indic-en-dist-200M: its real dictionaries (122,706 source and
    # 32,296 target entries), layernorm_embedding, tied output embedding.
    "indictrans2": Shape("indictrans2", 512, 18, 8, 2048, 122_706),
    # For tests of the benchmark machinery: seconds, not minutes.
    "tiny": Shape("marian", 32, 1, 2, 64, 2_000),
    "tiny-nllb": Shape("nllb", 32, 1, 2, 64, 2_000),
    "tiny-indictrans2": Shape("indictrans2", 32, 1, 2, 64, 122_706),
}
#: The files an IndicTrans2 shape takes from its tokenizer folder (the real ones).
INDICTRANS2_FILES = TOKENIZER_FILES


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


def _build_indictrans2(shape: Shape, out: Path, spm_dir: Path) -> None:
    """A hub-layout IndicTrans2 folder (``config.json``, ``model.safetensors``, the real
    dictionaries and SentencePiece models from ``spm_dir``) with seeded random weights,
    made with NumPy alone (no torch, no transformers: hinews never runs IndicTrans2's
    modelling code)."""
    import json

    import numpy as np
    from safetensors.numpy import save_file

    missing = [f for f in INDICTRANS2_FILES if not (spm_dir / f).is_file()]
    if missing:
        raise SystemExit(
            f"{spm_dir} lacks {', '.join(missing)}: pass --tokenizer-dir an IndicTrans2 "
            "folder (e.g. ../shared/models/indictrans2/tiny-memorised-dist)"
        )
    out.mkdir(parents=True, exist_ok=True)
    for name in INDICTRANS2_FILES:
        shutil.copy(spm_dir / name, out / name)
    target_vocab = len(json.loads((spm_dir / "dict.TGT.json").read_text(encoding="utf-8")))
    d, ffn, rng = shape.d_model, shape.ffn, np.random.default_rng(0)

    def normal(*dims: int) -> Any:
        return rng.normal(0.0, 0.02, dims).astype(np.float32)

    weights: dict[str, Any] = {
        "model.encoder.embed_tokens.weight": normal(shape.vocab, d),
        "model.decoder.embed_tokens.weight": normal(target_vocab, d),
    }
    for side in ("encoder", "decoder"):
        norms = ["layer_norm", "layernorm_embedding"]
        for i in range(shape.layers):
            p = f"model.{side}.layers.{i}"
            attentions = ["self_attn"] + (["encoder_attn"] if side == "decoder" else [])
            for attn in attentions:
                for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
                    weights[f"{p}.{attn}.{proj}.weight"] = normal(d, d)
                    weights[f"{p}.{attn}.{proj}.bias"] = np.zeros(d, np.float32)
                norms.append(f"layers.{i}.{attn}_layer_norm")
            weights[f"{p}.fc1.weight"], weights[f"{p}.fc1.bias"] = normal(ffn, d), normal(ffn)
            weights[f"{p}.fc2.weight"], weights[f"{p}.fc2.bias"] = normal(d, ffn), normal(d)
            norms.append(f"layers.{i}.final_layer_norm")
        for norm in norms:
            weights[f"model.{side}.{norm}.weight"] = np.ones(d, np.float32)
            weights[f"model.{side}.{norm}.bias"] = np.zeros(d, np.float32)
    save_file(weights, str(out / "model.safetensors"))
    config = {
        "model_type": "IndicTrans",
        "encoder_vocab_size": shape.vocab,
        "decoder_vocab_size": target_vocab,
        "encoder_layers": shape.layers,
        "decoder_layers": shape.layers,
        "encoder_attention_heads": shape.heads,
        "decoder_attention_heads": shape.heads,
        "encoder_embed_dim": d,
        "decoder_embed_dim": d,
        "encoder_ffn_dim": ffn,
        "decoder_ffn_dim": ffn,
        "encoder_normalize_before": True,
        "decoder_normalize_before": True,
        "layernorm_embedding": True,
        "scale_embedding": True,
        "share_decoder_input_output_embed": True,
        "activation_function": "gelu",
        "max_source_positions": 256,
        "max_target_positions": 256,
        "pad_token_id": 1,
        "bos_token_id": 0,
        "eos_token_id": 2,
        "decoder_start_token_id": 2,
    }
    (out / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


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
        builders = {"marian": _build_marian, "nllb": _build_nllb, "indictrans2": _build_indictrans2}
        builders[shape.kind](shape, tmp, spm_dir)
        (tmp / "DONE").write_text(shape_name)
        shutil.rmtree(out, ignore_errors=True)
        tmp.rename(out)
    ensure_converted(find_model(str(out)), "int8")
    return out


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in SHAPES:
        sys.exit(f"usage: python -m hinews.bench.shapes {{{','.join(SHAPES)}}} OUT_DIR SPM_DIR")
    build(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
