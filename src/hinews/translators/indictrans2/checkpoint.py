"""Reading an IndicTrans2 checkpoint in AI4Bharat's hub layout, without its hub code.

A hub folder (``ai4bharat/indictrans2-indic-en-dist-200M``, ``...-1B``) holds
``config.json`` (``model_type: "IndicTrans"``, an ``auto_map`` to Python files meant for
``trust_remote_code``), the weights (``pytorch_model.bin`` and/or ``model.safetensors``,
possibly sharded with an ``*.index.json``), and the tokenizer files ``dict.SRC.json``,
``dict.TGT.json``, ``model.SRC`` and ``model.TGT``. hinews reads the JSON and the weights
itself and never imports or runs the folder's ``*.py`` files: the hub's code fails on
transformers >= 4.57, and running a download's code is not something a translator needs.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hinews.errors import DependencyError, ModelLoadError

MODEL_TYPE = "IndicTrans"
#: The tokenizer files a hub folder holds (and a converted folder keeps beside model.bin).
TOKENIZER_FILES = ("dict.SRC.json", "dict.TGT.json", "model.SRC", "model.TGT")


def is_indictrans(path: Path) -> bool:
    """Whether ``path`` holds an IndicTrans2 checkpoint (by its ``config.json``) or a
    CTranslate2 conversion of one made by hinews (by its ``hinews.json``)."""
    for name in ("config.json", "hinews.json"):
        try:
            data = json.loads((path / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and MODEL_TYPE in (data.get("model_type"), data.get("family")):
            return True
    return False


@dataclass(frozen=True)
class IndicTransConfig:
    """The architecture, from the hub's ``config.json`` (field names as there)."""

    encoder_layers: int
    decoder_layers: int
    encoder_attention_heads: int
    decoder_attention_heads: int
    encoder_embed_dim: int
    decoder_embed_dim: int
    encoder_vocab_size: int
    decoder_vocab_size: int
    encoder_normalize_before: bool = True
    decoder_normalize_before: bool = True
    layernorm_embedding: bool = False
    scale_embedding: bool = True
    share_decoder_input_output_embed: bool = False
    activation_function: str = "gelu"
    pad_token_id: int = 1
    decoder_start_token_id: int = 2
    max_source_positions: int = 256
    max_target_positions: int = 256

    @classmethod
    def from_dir(cls, path: Path) -> IndicTransConfig:
        """Read and check ``path/config.json``.

        Raises:
            ModelLoadError: Missing, unreadable, or an architecture hinews cannot run.
        """
        file = path / "config.json"
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"cannot read the IndicTrans2 config {file}: {exc}") from None
        names = cls.__dataclass_fields__
        missing = [
            n for n, f in names.items() if f.default is dataclasses.MISSING and n not in data
        ]
        if missing:
            raise ModelLoadError(
                f"{file} is not an IndicTrans2 config: it lacks {', '.join(missing)}"
            )
        config = cls(**{n: data[n] for n in names if n in data})
        problems = []
        if not (config.encoder_normalize_before and config.decoder_normalize_before):
            problems.append("post-norm layers (encoder/decoder_normalize_before false)")
        if config.encoder_embed_dim != config.decoder_embed_dim:
            problems.append("different encoder and decoder widths")
        if config.encoder_attention_heads != config.decoder_attention_heads:
            problems.append("different encoder and decoder head counts")
        if config.activation_function not in ("gelu", "relu"):
            problems.append(f"activation {config.activation_function!r}")
        if problems:
            raise ModelLoadError(
                f"{file}: hinews runs IndicTrans2's released architecture (pre-norm, one "
                f"width, GELU); this checkpoint has {', '.join(problems)}"
            )
        return config


def load_weights(path: Path) -> dict[str, Any]:
    """The checkpoint's tensors as float32 NumPy arrays, by name.

    ``model.safetensors`` is read with ``safetensors.numpy`` (no torch needed);
    ``pytorch_model.bin`` with ``torch.load(weights_only=True)``, which unpickles tensors
    only, never code. Sharded checkpoints (``*.index.json``) are read shard by shard.

    Raises:
        ModelLoadError: No weights file, or one that cannot be read.
        DependencyError: A ``.bin`` checkpoint and no torch to read it.
    """
    import numpy as np

    for index_name, single in (
        ("model.safetensors.index.json", "model.safetensors"),
        ("pytorch_model.bin.index.json", "pytorch_model.bin"),
    ):
        index = path / index_name
        if index.is_file():
            shards = sorted(
                set(json.loads(index.read_text(encoding="utf-8"))["weight_map"].values())
            )
        elif (path / single).is_file():
            shards = [single]
        else:
            continue
        weights: dict[str, Any] = {}
        for shard in shards:
            file = path / shard
            try:
                tensors = (
                    _read_safetensors(file) if shard.endswith(".safetensors") else _read_bin(file)
                )
            except (DependencyError, ModelLoadError):
                raise
            except Exception as exc:  # torch/safetensors fail in many ways on a bad file
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                raise ModelLoadError(f"cannot read the weights {file}: {first}") from None
            weights.update(tensors)
        return {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
    raise ModelLoadError(
        f"no weights in {path}: expected model.safetensors or pytorch_model.bin (as the "
        "ai4bharat/indictrans2-* hub repositories hold)"
    )


def _read_safetensors(file: Path) -> dict[str, Any]:
    from safetensors.numpy import load_file

    return dict(load_file(str(file)))


def _read_bin(file: Path) -> dict[str, Any]:
    try:
        import torch
    except ImportError:
        raise DependencyError(
            f"{file.name} is a PyTorch checkpoint, and reading it needs the Python package "
            "'torch', which is not installed (translating the converted model does not). "
            "Install it with: pip install 'hinews[models]'"
        ) from None
    state = torch.load(str(file), map_location="cpu", weights_only=True)
    return {k: v.float().numpy() for k, v in state.items()}
