"""Randomly initialised translation models of real size for ``hinews bench``.

Weights are random (the benchmark measures speed, not quality), but shapes, vocabularies
and tokenizers are real: the tokenizers are built on the IndicTrans2 SentencePiece models
in ``../shared/tokenizers/indictrans2-indic-en``, so Hindi sentences get realistic lengths.
Run as ``python -m hinews.bench.shapes SHAPE OUT SPM_DIR`` (the benchmark does, in a child
process, so the parent never holds the weights).
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

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


def _pieces(spm_file: Path) -> list[tuple[str, float]]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_file))
    return [
        (sp.id_to_piece(i), sp.get_score(i))
        for i in range(sp.get_piece_size())
        if not (sp.is_control(i) or sp.is_unknown(i))
    ]


def _shared_pieces(spm_dir: Path, size: int) -> list[tuple[str, float]]:
    """Target pieces first, then source pieces (most frequent first), ``size`` in all."""
    seen: dict[str, float] = {}
    for piece, score in _pieces(spm_dir / "model.TGT") + _pieces(spm_dir / "model.SRC"):
        if len(seen) >= size:
            break
        seen.setdefault(piece, score)
    return list(seen.items())


def _build_marian(shape: Shape, out: Path, spm_dir: Path) -> None:
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    vocab = {"</s>": 0, "<unk>": 1}
    for piece, _ in _shared_pieces(spm_dir, shape.vocab - 3):
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    work = out / "_tok"
    work.mkdir(parents=True)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    shutil.copy(spm_dir / "model.SRC", work / "source.spm")
    shutil.copy(spm_dir / "model.TGT", work / "target.spm")
    tokenizer = MarianTokenizer(
        source_spm=str(work / "source.spm"),
        target_spm=str(work / "target.spm"),
        vocab=str(work / "vocab.json"),
    )
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=shape.d_model,
        encoder_layers=shape.layers,
        decoder_layers=shape.layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
        max_position_embeddings=512,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        model.get_input_embeddings().weight[pad].zero_()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad,
        eos_token_id=0,
        pad_token_id=pad,
        bad_words_ids=[[pad]],
        num_beams=1,
        max_new_tokens=256,
    )
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    shutil.rmtree(work)


def _build_nllb(shape: Shape, out: Path, spm_dir: Path) -> None:
    import torch
    from transformers import (
        GenerationConfig,
        M2M100Config,
        M2M100ForConditionalGeneration,
        NllbTokenizer,
    )
    from transformers.tokenization_utils_base import generate_merges

    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    scores: dict[str, float] = {}
    for piece, score in _shared_pieces(spm_dir, min(shape.vocab - 300, 160_000)):
        if piece not in vocab:
            vocab[piece] = len(vocab)
            scores[piece] = score
    tokenizer = NllbTokenizer(
        vocab=vocab, merges=generate_merges(vocab, scores), src_lang="hin_Deva", tgt_lang="eng_Latn"
    )
    config = M2M100Config(
        vocab_size=max(shape.vocab, len(tokenizer)),
        d_model=shape.d_model,
        encoder_layers=shape.layers,
        decoder_layers=shape.layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
        max_position_embeddings=1024,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        encoder_layerdrop=0.0,
        decoder_layerdrop=0.0,
        scale_embedding=True,
        activation_function="relu",
    )
    torch.manual_seed(0)
    model = M2M100ForConditionalGeneration(config).eval()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=2,
        eos_token_id=2,
        pad_token_id=1,
        bos_token_id=0,
        forced_bos_token_id=tokenizer.convert_tokens_to_ids("eng_Latn"),
        num_beams=1,
        max_new_tokens=256,
    )
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
    build(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
