"""Device and dtype choice, shared by every torch-backed model."""

from __future__ import annotations

from typing import Any

from hinews.errors import ConfigError


def pick_device(device: str) -> Any:
    """``auto`` picks CUDA, then Apple MPS, then CPU; an explicit device must exist."""
    import torch

    if device == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if device == "cuda" and not torch.cuda.is_available():
        raise ConfigError(
            "device 'cuda' was asked for but torch sees no CUDA GPU; use device=\"cpu\""
        )
    if device == "mps" and not torch.backends.mps.is_available():
        raise ConfigError("device 'mps' was asked for but it is not available; use device=\"cpu\"")
    return torch.device(device)


def pick_dtype(dtype: str, device: Any) -> Any:
    """``auto`` is float16 on CUDA and float32 elsewhere (CPU half precision is slow)."""
    import torch

    if dtype == "auto":
        return torch.float16 if device.type == "cuda" else torch.float32
    return getattr(torch, dtype)
