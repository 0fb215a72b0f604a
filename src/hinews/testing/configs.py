"""Config factories for the model families hinews runs, parametrised by size.

The tests use :data:`TINY` (memorised in seconds); the benchmark uses the real sizes of
opus-mt-hi-en and NLLB-200 (:mod:`hinews.bench.shapes`). Special-token ids follow the real
checkpoints: Marian ``</s>``=0 and ``<pad>`` last (also the decoder start), fairseq-style
NLLB/BART ``<s>``=0 ``<pad>``=1 ``</s>``=2, T5/mT5 ``<pad>``=0 (also the decoder start)
``</s>``=1 ``<unk>``=2.

Generation settings go in a ``GenerationConfig``: keys put on the model config are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# fairseq ids shared by NLLB/M2M100 and BART.
BOS, PAD, EOS = 0, 1, 2
NO_DROPOUT: dict[str, float] = {"dropout": 0.0, "attention_dropout": 0.0, "activation_dropout": 0.0}


@dataclass(frozen=True)
class Size:
    """Width and depth of a transformer (the same for encoder and decoder)."""

    d_model: int
    layers: int
    heads: int
    ffn: int
    max_positions: int = 256
    kv_heads: int | None = None  # grouped-query attention (causal LMs); None: = heads


TINY = Size(d_model=64, layers=2, heads=4, ffn=128)


def _encoder_decoder(vocab_size: int, size: Size) -> dict[str, Any]:
    return {
        "vocab_size": vocab_size,
        "d_model": size.d_model,
        "encoder_layers": size.layers,
        "decoder_layers": size.layers,
        "encoder_attention_heads": size.heads,
        "decoder_attention_heads": size.heads,
        "encoder_ffn_dim": size.ffn,
        "decoder_ffn_dim": size.ffn,
        "max_position_embeddings": size.max_positions,
        "scale_embedding": True,
    }


def _fairseq(vocab_size: int, size: Size) -> dict[str, Any]:
    # Layerdrop (M2M100 defaults to 0.05) makes memorising slow and outputs unstable.
    values = _encoder_decoder(vocab_size, size)
    values.update(NO_DROPOUT, encoder_layerdrop=0.0, decoder_layerdrop=0.0)
    values.update(pad_token_id=PAD, bos_token_id=BOS, eos_token_id=EOS, decoder_start_token_id=EOS)
    return values


def marian_config(vocab_size: int, pad_id: int, size: Size = TINY, **overrides: Any) -> Any:
    """An opus-mt-style ``MarianConfig`` (shared embeddings, ``<pad>`` starts decoding)."""
    from transformers import MarianConfig

    values = _encoder_decoder(vocab_size, size)
    values.update(NO_DROPOUT, pad_token_id=pad_id, eos_token_id=0, decoder_start_token_id=pad_id)
    values.update(share_encoder_decoder_embeddings=True, **overrides)
    return MarianConfig(**values)


def marian_generation(pad_id: int, *, num_beams: int, max_new_tokens: int) -> Any:
    from transformers import GenerationConfig

    return GenerationConfig(
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        pad_token_id=pad_id,
        bad_words_ids=[[pad_id]],
        num_beams=num_beams,
        max_new_tokens=max_new_tokens,
    )


def m2m100_config(vocab_size: int, size: Size = TINY, **overrides: Any) -> Any:
    """An NLLB-200-style ``M2M100Config``."""
    from transformers import M2M100Config

    return M2M100Config(**{**_fairseq(vocab_size, size), **overrides})


def _fairseq_generation(forced_bos: int, num_beams: int, max_new_tokens: int, **extra: Any) -> Any:
    from transformers import GenerationConfig

    return GenerationConfig(
        decoder_start_token_id=EOS,
        eos_token_id=EOS,
        pad_token_id=PAD,
        bos_token_id=BOS,
        forced_bos_token_id=forced_bos,
        num_beams=num_beams,
        max_new_tokens=max_new_tokens,
        **extra,
    )


def nllb_generation(target_lang_id: int, *, num_beams: int, max_new_tokens: int) -> Any:
    """NLLB decoding: the target language code is forced as the first token."""
    return _fairseq_generation(target_lang_id, num_beams, max_new_tokens)


def bart_config(vocab_size: int, size: Size = TINY, **overrides: Any) -> Any:
    """A BART-CNN-style ``BartConfig``."""
    from transformers import BartConfig

    return BartConfig(**{**_fairseq(vocab_size, size), "forced_eos_token_id": EOS, **overrides})


def bart_generation(*, num_beams: int, max_new_tokens: int) -> Any:
    """BART-CNN decoding: ``<s>`` forced first, ``</s>`` forced at the length limit."""
    return _fairseq_generation(BOS, num_beams, max_new_tokens, forced_eos_token_id=EOS)


# T5/mT5 ids (spiece.model order).
T5_PAD, T5_EOS, T5_UNK = 0, 1, 2


def mt5_config(vocab_size: int, size: Size = TINY, **overrides: Any) -> Any:
    """An mT5-style ``MT5Config`` (gated GELU, relative positions, untied output layer, as
    the XL-Sum and CrossSum checkpoints)."""
    from transformers import MT5Config

    values: dict[str, Any] = {
        "vocab_size": vocab_size,
        "d_model": size.d_model,
        "d_kv": size.d_model // size.heads,
        "d_ff": size.ffn,
        "num_layers": size.layers,
        "num_decoder_layers": size.layers,
        "num_heads": size.heads,
        "dropout_rate": 0.0,
        "feed_forward_proj": "gated-gelu",
        "tie_word_embeddings": False,
        "pad_token_id": T5_PAD,
        "eos_token_id": T5_EOS,
        "decoder_start_token_id": T5_PAD,
    }
    return MT5Config(**{**values, **overrides})


def mt5_summary_generation(*, num_beams: int = 4, max_new_tokens: int = 84) -> Any:
    """Decoding as the XL-Sum/CrossSum model cards: beam 4, no repeated bigram,
    length penalty 0.6, 84 tokens."""
    from transformers import GenerationConfig

    return GenerationConfig(
        decoder_start_token_id=T5_PAD,
        eos_token_id=T5_EOS,
        pad_token_id=T5_PAD,
        num_beams=num_beams,
        no_repeat_ngram_size=2,
        length_penalty=0.6,
        max_new_tokens=max_new_tokens,
    )


def qwen2_config(
    vocab_size: int, eos_id: int, pad_id: int, size: Size = TINY, **overrides: Any
) -> Any:
    """A Qwen2-style causal LM config (tied embeddings, grouped-query attention)."""
    from transformers import Qwen2Config

    values: dict[str, Any] = {
        "vocab_size": vocab_size,
        "hidden_size": size.d_model,
        "intermediate_size": size.ffn,
        "num_hidden_layers": size.layers,
        "num_attention_heads": size.heads,
        "num_key_value_heads": size.kv_heads or size.heads,
        "max_position_embeddings": size.max_positions,
        "tie_word_embeddings": True,
        "attention_dropout": 0.0,
        "eos_token_id": eos_id,
        "pad_token_id": pad_id,
        "bos_token_id": None,
    }
    return Qwen2Config(**{**values, **overrides})


def chat_generation(eos_id: int, pad_id: int) -> Any:
    """Sampling defaults like a real chat model's (a summariser must override them)."""
    from transformers import GenerationConfig

    return GenerationConfig(
        eos_token_id=eos_id, pad_token_id=pad_id, do_sample=True, temperature=0.7, top_p=0.8
    )


def seeded(model_class: Any, config: Any) -> Any:
    """``model_class(config)`` with the weights torch seed 0 gives (same model every run)."""
    import torch

    torch.manual_seed(0)
    return model_class(config)


def zero_row(model: Any, row: int) -> None:
    """Zero one input-embedding row in place.

    CTranslate2's Marian converter drops ``<pad>`` and decodes from a zero embedding, so
    a model whose tied ``<pad>`` row is not zero disagrees with transformers.
    """
    import torch

    with torch.no_grad():
        model.get_input_embeddings().weight[row].zero_()
