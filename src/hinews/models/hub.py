"""Finding model files: local directories, the Hugging Face cache, and explicit downloads.

Loading never talks to the network by itself except through :func:`download`, which
checks first that the hub answers (a few seconds at most) so an unreachable hub fails
fast with a message saying how to fix it, instead of transformers' long retries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hinews.errors import ModelNotFoundError

# Weight formats we never need: skip them when downloading a snapshot.
_IGNORE = [
    "*.h5",
    "*.msgpack",
    "*.ot",
    "tf_model*",
    "flax_model*",
    "onnx/*",
    "*.onnx",
    "coreml/*",
    "openvino/*",
    "*.tflite",
    "rust_model*",
    "*.gguf",
    "*.py",  # code for trust_remote_code (IndicTrans2's hub repos): hinews never runs it
]
HUB_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class ModelFiles:
    """Where a model's files are and what they are."""

    name: str  # what the user gave (alias resolved to hub id, or a directory)
    path: Path  # a local directory transformers can load with no network
    revision: str | None  # commit hash of the snapshot, or None for a local directory
    local: bool  # True when ``name`` was a directory


def offline() -> bool:
    """True when the user asked for no network (``HF_HUB_OFFLINE=1``)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def find_model(
    name: str,
    revision: str | None = None,
    *,
    download_missing: bool = True,
    role: str | None = None,
) -> ModelFiles:
    """Locate a model by directory or hub id, downloading it on first use.

    Args:
        name: A local directory or a hub id (``org/model``). Resolve aliases first.
        revision: Branch, tag or commit on the hub (hub ids only).
        download_missing: Fetch a hub model that is not cached (with a progress bar).
        role: ``translator`` or ``summarizer``: the option a message tells the user to set.

    Raises:
        ModelNotFoundError: Not a directory, not cached, and it cannot be fetched.
    """
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file() and not (path / "model.bin").is_file():
            raise ModelNotFoundError(
                f"{path} is a directory but holds no model (no config.json); point to a folder "
                "made by save_pretrained(), or to a hub id such as 'Helsinki-NLP/opus-mt-hi-en'"
            )
        return ModelFiles(name=str(path), path=path.resolve(), revision=None, local=True)
    if name.count("/") != 1 or name.startswith((".", "/", "~")):
        raise ModelNotFoundError(
            f"model {name!r} is not a directory and not a hub id of the form 'org/name'; "
            "check the path or run 'hinews models' for the names hinews knows"
        )
    cached = cached_snapshot(name, revision)
    if cached is not None:
        return cached
    if not download_missing:
        raise _not_found(name, "it is not in the Hugging Face cache", role)
    if offline():
        why = "it is not in the Hugging Face cache and HF_HUB_OFFLINE is set"
        raise _not_found(name, why, role)
    return download(name, revision, role=role)


def cached_snapshot(name: str, revision: str | None = None) -> ModelFiles | None:
    """The cached snapshot of a hub model, or None when it is not (fully) cached."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        folder = snapshot_download(name, revision=revision, local_files_only=True)
    except (LocalEntryNotFoundError, FileNotFoundError, OSError, ValueError):
        return None
    path = Path(folder)
    if not (path / "config.json").is_file():
        return None
    return ModelFiles(name=name, path=path, revision=path.name, local=False)


def download(name: str, revision: str | None = None, *, role: str | None = None) -> ModelFiles:
    """Fetch a hub model into the Hugging Face cache (progress bar on stderr).

    Raises:
        ModelNotFoundError: Offline mode, hub unreachable, unknown or gated repository.
    """
    if offline():
        raise ModelNotFoundError(
            f"cannot download {name!r}: HF_HUB_OFFLINE is set. Unset it (and connect to the "
            "internet) to download, or copy a model folder made by save_pretrained() to this "
            "machine and pass its path."
        )
    from huggingface_hub import model_info, snapshot_download
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    try:
        # One short request first: an unreachable hub fails here in seconds.
        model_info(name, revision=revision, timeout=HUB_TIMEOUT_S)
        folder = snapshot_download(
            name, revision=revision, ignore_patterns=_IGNORE, etag_timeout=HUB_TIMEOUT_S
        )
    except GatedRepoError:
        raise _not_found(
            name,
            "it is gated: accept its licence on the hub, then run 'huggingface-cli login'",
            role,
        ) from None
    except RepositoryNotFoundError:
        raise _not_found(
            name, "the hub has no such repository (check the spelling)", role
        ) from None
    except RevisionNotFoundError:
        raise _not_found(name, f"the hub has no revision {revision!r}", role) from None
    except (HfHubHTTPError, OSError) as exc:
        raise _not_found(
            name, f"the Hugging Face hub cannot be reached ({type(exc).__name__})", role
        ) from None
    except Exception as exc:  # httpx/requests connection errors differ across versions
        if "connect" in type(exc).__name__.lower() or "timeout" in type(exc).__name__.lower():
            raise _not_found(
                name, f"the Hugging Face hub cannot be reached ({type(exc).__name__})", role
            ) from None
        raise
    path = Path(folder)
    return ModelFiles(name=name, path=path, revision=path.name, local=False)


def _not_found(name: str, why: str, role: str | None = None) -> ModelNotFoundError:
    flag = f"{role}=./my-model" if role else "translator=./my-model or summarizer=./my-model"
    return ModelNotFoundError(
        f"model {name!r} is not available: {why}. To fix: connect to the internet and run "
        f"'hinews download {name}', or copy a model folder made by save_pretrained() to this "
        f"machine and pass its path (e.g. {flag})."
    )
