"""Build tiny translation models at test time: no downloads, exact outputs.

A SentencePiece model is trained on the pair texts, a ~0.5M-parameter Marian or M2M100
(NLLB tokenizer) model with random weights is trained until it reproduces every pair
with greedy search, and everything is saved with ``save_pretrained`` so hinews loads it
as it would load a real model directory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tiny_data import PAIRS


@dataclass(frozen=True)
class TinyModel:
    path: Path
    pairs: list[tuple[str, str]]
    kind: str


def _train_spm(lines: list[str], prefix: Path, vocab_size: int, model_type: str) -> Path:
    import sentencepiece as spm

    text = prefix.with_suffix(".txt")
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,
    )
    return prefix.with_suffix(".model")


def _memorise(model, tokenizer, pairs, *, zero_row: int | None, max_steps: int = 600) -> None:
    """Full-batch AdamW until greedy decoding reproduces every pair."""
    import torch

    torch.manual_seed(0)
    sources = [s for s, _ in pairs]
    targets = [t for _, t in pairs]
    batch = tokenizer(sources, text_target=targets, padding=True, return_tensors="pt")
    labels = batch["labels"].clone()
    labels[labels == tokenizer.pad_token_id] = -100
    optim = torch.optim.AdamW(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda s: min(1.0, (s + 1) / 20))
    model.train()
    for step in range(max_steps):
        out = model(
            input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels
        )
        optim.zero_grad()
        out.loss.backward()
        optim.step()
        sched.step()
        if zero_row is not None:
            with torch.no_grad():  # CTranslate2's Marian converter assumes a zero <pad> row
                model.get_input_embeddings().weight[zero_row].zero_()
        if step % 25 == 24 and out.loss.item() < 0.05:
            model.eval()
            with torch.no_grad():
                gen = model.generate(
                    input_ids=batch["input_ids"],
                    attention_mask=batch["attention_mask"],
                    num_beams=1,
                    max_new_tokens=64,
                )
            decoded = tokenizer.batch_decode(gen, skip_special_tokens=True)
            model.train()
            if decoded == targets:
                # A few more steps make beam search agree with greedy search too.
                for _ in range(40):
                    out = model(
                        input_ids=batch["input_ids"],
                        attention_mask=batch["attention_mask"],
                        labels=labels,
                    )
                    optim.zero_grad()
                    out.loss.backward()
                    optim.step()
                    if zero_row is not None:
                        with torch.no_grad():
                            model.get_input_embeddings().weight[zero_row].zero_()
                model.eval()
                return
    raise RuntimeError(f"tiny model did not memorise its pairs in {max_steps} steps")


def build_marian(out: Path, pairs: list[tuple[str, str]] = PAIRS) -> TinyModel:
    """An opus-mt-shaped Marian model (separate source/target SentencePiece, shared vocab)."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    work = out.parent / (out.name + "-work")
    work.mkdir(parents=True, exist_ok=True)
    src = _train_spm([s for s, _ in pairs], work / "source", 300, "unigram")
    tgt = _train_spm([t for _, t in pairs], work / "target", 300, "unigram")
    import sentencepiece as spm

    pieces: list[str] = []
    for model_file in (src, tgt):
        sp = spm.SentencePieceProcessor(model_file=str(model_file))
        for i in range(sp.get_piece_size()):
            piece = sp.id_to_piece(i)
            if piece not in ("<unk>", "<s>", "</s>") and piece not in pieces:
                pieces.append(piece)
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab[piece] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(src), target_spm=str(tgt), vocab=str(work / "vocab.json")
    )
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=64,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        max_position_embeddings=256,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config)
    with torch.no_grad():
        model.get_input_embeddings().weight[pad].zero_()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad,
        eos_token_id=0,
        pad_token_id=pad,
        bad_words_ids=[[pad]],
        num_beams=4,
        max_new_tokens=64,
    )
    _memorise(model, tokenizer, pairs, zero_row=pad)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return TinyModel(out, list(pairs), "marian")


def build_nllb(out: Path, pairs: list[tuple[str, str]] = PAIRS) -> TinyModel:
    """An NLLB-shaped M2M100 model with a real (tokenizers-backed) NllbTokenizer."""
    import sentencepiece as spm
    import torch
    from transformers import (
        GenerationConfig,
        M2M100Config,
        M2M100ForConditionalGeneration,
        NllbTokenizer,
    )
    from transformers.tokenization_utils_base import generate_merges

    work = out.parent / (out.name + "-work")
    work.mkdir(parents=True, exist_ok=True)
    lines = [s for s, _ in pairs] + [t for _, t in pairs]
    sp_file = _train_spm(lines, work / "bpe", 500, "bpe")
    sp = spm.SentencePieceProcessor(model_file=str(sp_file))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    scores: dict[str, float] = {}
    for i in range(sp.get_piece_size()):
        piece = sp.id_to_piece(i)
        if piece not in vocab:
            vocab[piece] = len(vocab)
            scores[piece] = sp.get_score(i)
    merges = generate_merges(vocab, scores)
    tokenizer = NllbTokenizer(vocab=vocab, merges=merges, src_lang="hin_Deva", tgt_lang="eng_Latn")
    config = M2M100Config(
        vocab_size=len(tokenizer),
        d_model=64,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        max_position_embeddings=256,
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
    )
    torch.manual_seed(0)
    model = M2M100ForConditionalGeneration(config)
    eng = tokenizer.convert_tokens_to_ids("eng_Latn")
    model.generation_config = GenerationConfig(
        decoder_start_token_id=2,
        eos_token_id=2,
        pad_token_id=1,
        bos_token_id=0,
        forced_bos_token_id=eng,
        num_beams=4,
        max_new_tokens=64,
    )
    _memorise(model, tokenizer, pairs, zero_row=None)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return TinyModel(out, list(pairs), "nllb")
