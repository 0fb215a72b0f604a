"""IndicTrans2 checkpoint -> CTranslate2 model, from the weights alone.

CTranslate2's ``TransformerSpec`` expresses IndicTrans2's architecture exactly: pre-norm
encoder and decoder layers with a final layer norm each, GELU, embeddings scaled by
``sqrt(d_model)``, an optional ``layernorm_embedding``, sinusoidal positions computed as
M2M100 computes them (rows from ``pad_token_id + 1`` on), separate source and target
vocabularies in id order, decoding started from ``</s>``, and the output projection from
``lm_head`` or, when shared, the decoder's input embedding. Attention projections are
fused as CTranslate2's own BART loader fuses them (q/k/v for self-attention, k/v for
cross-attention).

The model is written with ``add_source_eos``: CTranslate2 then appends ``</s>`` to every
source, as it does for the fairseq-converted models IndicTrans2 publishes for its own
engine, so hinews's tokenizer and that engine feed the same tokens to one converted model.

Runs in a child process (see :func:`hinews.translators.ct2.ensure_converted`): reading a
``pytorch_model.bin`` needs torch; a ``model.safetensors`` checkpoint needs only NumPy.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

from hinews.translators.indictrans2.checkpoint import (
    TOKENIZER_FILES,
    IndicTransConfig,
    load_weights,
)


def sinusoidal_positions(num_positions: int, dim: int, padding_idx: int) -> Any:
    """M2M100's sinusoidal table (``M2M100SinusoidalPositionalEmbedding.get_embedding``),
    in float32, without the ``padding_idx + 1`` rows that no real position uses: row ``i``
    is position ``padding_idx + 1 + i``."""
    import numpy as np

    offset = padding_idx + 1
    half = dim // 2
    scale = math.log(10000) / (half - 1)
    freqs = np.exp(np.arange(half, dtype=np.float32) * np.float32(-scale))
    steps = np.arange(num_positions + offset, dtype=np.float32)[:, None] * freqs[None, :]
    table = np.concatenate([np.sin(steps), np.cos(steps)], axis=1)
    if dim % 2 == 1:
        table = np.concatenate([table, np.zeros((table.shape[0], 1), np.float32)], axis=1)
    return np.ascontiguousarray(table[offset:], dtype=np.float32)


def read_vocabulary(file: Path) -> list[str]:
    """A ``dict.SRC.json`` / ``dict.TGT.json`` map as a token list in id order.

    Raises:
        ValueError: The ids are not exactly 0..n-1.
    """
    mapping: dict[str, int] = json.loads(file.read_text(encoding="utf-8"))
    tokens: list[str | None] = [None] * len(mapping)
    for token, index in mapping.items():
        if not 0 <= index < len(tokens) or tokens[index] is not None:
            raise ValueError(f"{file}: ids are not 0..{len(tokens) - 1} (id {index})")
        tokens[index] = token
    return [t for t in tokens if t is not None]


def build_spec(config: IndicTransConfig, weights: dict[str, Any], source: Path) -> Any:
    """The ``TransformerSpec`` of an IndicTrans2 model with its weights and vocabularies."""
    from ctranslate2.specs import common_spec, transformer_spec

    activation = {
        "gelu": common_spec.Activation.GELU,
        "relu": common_spec.Activation.RELU,
    }[config.activation_function]
    spec = transformer_spec.TransformerSpec.from_config(
        (config.encoder_layers, config.decoder_layers),
        config.encoder_attention_heads,
        pre_norm=True,
        activation=activation,
        layernorm_embedding=config.layernorm_embedding,
    )
    taken: set[str] = set()
    tied = "model.decoder.embed_tokens.weight"
    if (
        config.share_decoder_input_output_embed
        and tied not in weights
        and "lm_head.weight" in weights
    ):
        # One matrix under either name: safetensors drops the duplicate of a tied pair,
        # keeping the name that sorts first (lm_head).
        weights = {**weights, tied: weights["lm_head.weight"]}

    def get(name: str) -> Any:
        if name not in weights:
            raise KeyError(f"the checkpoint has no tensor {name!r}")
        taken.add(name)
        return weights[name]

    def linear(layer: Any, prefix: str) -> None:
        layer.weight, layer.bias = get(f"{prefix}.weight"), get(f"{prefix}.bias")

    def norm(layer: Any, prefix: str) -> None:
        layer.gamma, layer.beta = get(f"{prefix}.weight"), get(f"{prefix}.bias")

    def fused(layer: Any, prefixes: list[str]) -> None:
        import numpy as np

        layer.weight = np.concatenate([get(f"{p}.weight") for p in prefixes], axis=0)
        layer.bias = np.concatenate([get(f"{p}.bias") for p in prefixes], axis=0)

    def stack(side: Any, prefix: str, max_positions: int) -> None:
        side.scale_embeddings = (
            math.sqrt(config.encoder_embed_dim) if config.scale_embedding else 1.0
        )
        embeddings = side.embeddings[0] if isinstance(side.embeddings, list) else side.embeddings
        embeddings.weight = get(f"{prefix}.embed_tokens.weight")
        side.position_encodings.encodings = sinusoidal_positions(
            max_positions, config.encoder_embed_dim, config.pad_token_id
        )
        norm(side.layer_norm, f"{prefix}.layer_norm")
        if config.layernorm_embedding:
            norm(side.layernorm_embedding, f"{prefix}.layernorm_embedding")

    def attention(layer: Any, prefix: str, *, cross: bool) -> None:
        if cross:
            fused(layer.linear[0], [f"{prefix}.q_proj"])
            fused(layer.linear[1], [f"{prefix}.k_proj", f"{prefix}.v_proj"])
        else:
            fused(layer.linear[0], [f"{prefix}.{p}_proj" for p in "qkv"])
        linear(layer.linear[-1], f"{prefix}.out_proj")

    stack(spec.encoder, "model.encoder", config.max_source_positions)
    for i, layer in enumerate(spec.encoder.layer):
        p = f"model.encoder.layers.{i}"
        attention(layer.self_attention, f"{p}.self_attn", cross=False)
        norm(layer.self_attention.layer_norm, f"{p}.self_attn_layer_norm")
        linear(layer.ffn.linear_0, f"{p}.fc1")
        linear(layer.ffn.linear_1, f"{p}.fc2")
        norm(layer.ffn.layer_norm, f"{p}.final_layer_norm")
    stack(spec.decoder, "model.decoder", config.max_target_positions)
    for i, layer in enumerate(spec.decoder.layer):
        p = f"model.decoder.layers.{i}"
        attention(layer.self_attention, f"{p}.self_attn", cross=False)
        norm(layer.self_attention.layer_norm, f"{p}.self_attn_layer_norm")
        attention(layer.attention, f"{p}.encoder_attn", cross=True)
        norm(layer.attention.layer_norm, f"{p}.encoder_attn_layer_norm")
        linear(layer.ffn.linear_0, f"{p}.fc1")
        linear(layer.ffn.linear_1, f"{p}.fc2")
        norm(layer.ffn.layer_norm, f"{p}.final_layer_norm")
    if config.share_decoder_input_output_embed or "lm_head.weight" not in weights:
        spec.decoder.projection.weight = get("model.decoder.embed_tokens.weight")
        taken.add("lm_head.weight")  # a tied copy, when the file holds one
    else:
        spec.decoder.projection.weight = get("lm_head.weight")
    # Positions are computed, never stored; anything else left over would be a part of
    # the architecture this conversion does not know, so it is refused, not dropped.
    unused = sorted(k for k in weights if k not in taken and "embed_positions" not in k)
    if unused:
        raise KeyError(
            f"the checkpoint has tensors this conversion does not use: {', '.join(unused[:5])}"
        )

    source_vocab = read_vocabulary(source / "dict.SRC.json")
    target_vocab = read_vocabulary(source / "dict.TGT.json")
    for what, vocab, size in (
        ("dict.SRC.json", source_vocab, config.encoder_vocab_size),
        ("dict.TGT.json", target_vocab, config.decoder_vocab_size),
    ):
        if len(vocab) != size:
            raise ValueError(f"{what} has {len(vocab)} tokens, config.json says {size}")
    spec.register_source_vocabulary(source_vocab)
    spec.register_target_vocabulary(target_vocab)
    spec.config.unk_token = "<unk>"
    spec.config.bos_token = "<s>"
    spec.config.eos_token = "</s>"
    spec.config.decoder_start_token = target_vocab[config.decoder_start_token_id]
    spec.config.add_source_eos = True
    return spec


def convert(source: str | Path, out: str | Path, quantization: str) -> None:
    """Convert the IndicTrans2 checkpoint in ``source`` into a CTranslate2 model in
    ``out``, with the tokenizer files copied beside ``model.bin``."""
    from ctranslate2.converters.converter import Converter

    folder, target = Path(source), Path(out)
    config = IndicTransConfig.from_dir(folder)

    class _IndicTransConverter(Converter):
        def _load(self) -> Any:
            return build_spec(config, load_weights(folder), folder)

    _IndicTransConverter().convert(str(target), quantization=quantization, force=True)
    for name in TOKENIZER_FILES:
        shutil.copy2(folder / name, target / name)
