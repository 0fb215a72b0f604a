"""Tokenizers for small models: trained on a few lines, or built on given SentencePiece models.

Each builder returns a real transformers tokenizer that ``save_pretrained`` writes and
``AutoTokenizer`` loads back, so hinews loads the result as it loads a hub model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hinews.testing.configs import BOS, EOS, PAD

BART_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # ids 0..4, as in BART
CHAT_SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
CHATML = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def train_sentencepiece(lines: list[str], prefix: Path, vocab_size: int, model_type: str) -> Path:
    """Train a SentencePiece model (``unigram`` or ``bpe``) on ``lines``; returns its file.

    Only ``<unk>`` is reserved: the transformers tokenizers add their own specials.
    """
    import sentencepiece as spm

    text = prefix.with_suffix(".txt")
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        hard_vocab_limit=False,  # a few lines cannot fill the vocabulary asked for
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,
    )
    return prefix.with_suffix(".model")


def spm_pieces(model_file: Path) -> list[tuple[str, float]]:
    """The ordinary pieces of a SentencePiece model with their scores, in id order."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model_file))
    return [
        (sp.id_to_piece(i), sp.get_score(i))
        for i in range(sp.get_piece_size())
        if not (sp.is_control(i) or sp.is_unknown(i))
    ]


def marian_tokenizer(pieces: Iterable[str], source_spm: Path, target_spm: Path, work: Path) -> Any:
    """An opus-mt-layout ``MarianTokenizer``: ``</s>``=0, ``<unk>``=1, the pieces, ``<pad>`` last.

    ``vocab.json`` is written to ``work``; the SentencePiece files are read from where they are.
    """
    from transformers import MarianTokenizer

    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    work.mkdir(parents=True, exist_ok=True)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    return MarianTokenizer(
        source_spm=str(source_spm), target_spm=str(target_spm), vocab=str(work / "vocab.json")
    )


def nllb_tokenizer(pieces: Iterable[tuple[str, float]]) -> Any:
    """A ``tokenizers``-backed ``NllbTokenizer`` (hin_Deva -> eng_Latn) on BPE pieces.

    transformers 5 has only this form; built from vocab and merges it adds every language code.
    """
    from transformers import NllbTokenizer
    from transformers.tokenization_utils_base import generate_merges

    vocab = {"<s>": BOS, "<pad>": PAD, "</s>": EOS, "<unk>": 3}
    scores: dict[str, float] = {}
    for piece, score in pieces:
        if piece not in vocab:
            vocab[piece] = len(vocab)
            scores[piece] = score
    return NllbTokenizer(
        vocab=vocab, merges=generate_merges(vocab, scores), src_lang="hin_Deva", tgt_lang="eng_Latn"
    )


def t5_tokenizer(pieces: Iterable[tuple[str, float]]) -> Any:
    """A ``tokenizers``-backed ``T5Tokenizer`` on unigram pieces: ``<pad>``=0, ``</s>``=1,
    ``<unk>``=2 (the mT5 layout), no sentinel tokens.

    transformers 5 ignores ``T5Tokenizer(vocab_file=...)`` (every piece becomes ``<unk>``);
    built from the pieces and their scores it tokenises as the SentencePiece model does.
    """
    from transformers import T5Tokenizer

    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    seen = {p for p, _ in vocab}
    for piece, score in pieces:
        if piece not in seen:
            seen.add(piece)
            vocab.append((piece, score))
    return T5Tokenizer(vocab=vocab, extra_ids=0)


def byte_bpe(lines: list[str], specials: list[str], vocab_size: int) -> Any:
    """A byte-level BPE (``tokenizers``) trained on ``lines``, specials first."""
    from tokenizers import ByteLevelBPETokenizer

    tok = ByteLevelBPETokenizer()
    tok.train_from_iterator(
        lines, vocab_size=vocab_size, min_frequency=1, special_tokens=specials, show_progress=False
    )
    return tok


def bart_tokenizer(lines: list[str], work: Path, vocab_size: int = 1200) -> Any:
    """A ``BartTokenizer`` whose byte-level BPE is trained on ``lines``."""
    from transformers import BartTokenizer

    work.mkdir(parents=True, exist_ok=True)
    byte_bpe(lines, BART_SPECIALS, vocab_size).save_model(str(work))
    tokenizer = BartTokenizer(vocab=str(work / "vocab.json"), merges=str(work / "merges.txt"))
    ids = tokenizer("India")["input_ids"]
    if ids[0] != BOS or len(ids) < 3:
        raise RuntimeError("tiny BART tokenizer did not load its vocabulary")
    return tokenizer


def chat_tokenizer(lines: list[str], vocab_size: int = 1500) -> Any:
    """A fast tokenizer with a ChatML chat template, ``<|im_end|>`` as end of turn."""
    from transformers import PreTrainedTokenizerFast

    bpe = byte_bpe(lines, CHAT_SPECIALS, vocab_size)
    return PreTrainedTokenizerFast(
        tokenizer_object=bpe._tokenizer,
        chat_template=CHATML,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
    )
