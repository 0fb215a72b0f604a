"""Finding model files: local directories, the Hugging Face cache, and explicit downloads.

Loading never talks to the network by itself except through :func:`download`, which
checks first that the hub answers (a few seconds at most) so an unreachable hub fails
fast with a message saying how to fix it, instead of transformers' long retries.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hinews.errors import ModelNotFoundError

#: Files a model needs besides its weights: configs and tokenizer files of every family
#: hinews loads (Marian .spm and vocab.json, NLLB/mT5 sentencepiece and tokenizer.json,
#: IndicTrans2's dict.*.json and model.SRC/TGT, CTranslate2's vocabularies).
NEEDED = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "chat_template.jinja",
    "spiece.model",
    "sentencepiece.bpe.model",
    "*.spm",
    "vocab.json",
    "vocab.txt",
    "merges.txt",
    "dict.SRC.json",
    "dict.TGT.json",
    "model.SRC",
    "model.TGT",
    "shared_vocabulary.*",
    "source_vocabulary.*",
    "target_vocabulary.*",
)
#: Weight formats in order of preference; the first the repo has is the only one fetched.
WEIGHTS = (
    (
        "safetensors",
        ("model.safetensors", "model-*-of-*.safetensors", "model.safetensors.index.json"),
    ),
    ("pytorch", ("pytorch_model.bin", "pytorch_model-*-of-*.bin", "pytorch_model.bin.index.json")),
    ("ctranslate2", ("model.bin",)),
)
#: Never fetched: code for trust_remote_code (IndicTrans2's repos; hinews never runs it).
NEVER = ("*.py",)
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
    pin = pinned(name) if revision is None else None
    cached = cached_snapshot(name, revision or (pin.revision if pin else None))
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


@dataclass(frozen=True)
class DownloadPlan:
    """What :func:`download` would fetch from a hub repo.

    Attributes:
        name: The hub id.
        revision: What was asked for (branch, tag or commit).
        commit: The commit that revision is at now (40 hex digits).
        weights: The weights format chosen (``safetensors``, ``pytorch``, ``ctranslate2``).
        files: ``(path, bytes)`` of every file to fetch.
        skipped: Files of the repo left out (the other weights format, code, other formats).
    """

    name: str
    revision: str
    commit: str
    weights: str
    files: tuple[tuple[str, int], ...]
    skipped: tuple[str, ...] = field(default=())

    @property
    def total_bytes(self) -> int:
        """Bytes to fetch."""
        return sum(size for _, size in self.files)

    def describe(self) -> str:
        """One line: files, size, weights format and commit."""
        return (
            f"{self.name} @ {self.commit[:7]} ({self.revision}): {len(self.files)} files, "
            f"{human_bytes(self.total_bytes)}, {self.weights} weights"
        )


def human_bytes(n: int) -> str:
    """``913.5 MB``-style size (decimal units, as the hub shows them)."""
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def _matches(path: str, patterns: Sequence[str]) -> bool:
    base = path.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(base, p) for p in patterns) and "/" not in path


def choose_files(paths: Sequence[str]) -> tuple[str, list[str], list[str]]:
    """The weights format and files a model needs out of a repo's file list.

    One weights format only (safetensors first, then PyTorch ``.bin``, then a CTranslate2
    ``model.bin``), the config and tokenizer files (:data:`NEEDED`), never ``*.py``; files
    in subfolders (``onnx/``...) are left out.

    Returns:
        ``(format, chosen, skipped)``.

    Raises:
        ModelNotFoundError: The repo has no weights hinews can load.
    """
    usable = [p for p in paths if not _matches(p, NEVER)]
    for fmt, patterns in WEIGHTS:
        weights = [p for p in usable if _matches(p, patterns)]
        if weights:
            chosen = sorted(set(weights) | {p for p in usable if _matches(p, NEEDED)})
            return fmt, chosen, sorted(set(paths) - set(chosen))
    raise ModelNotFoundError(
        f"the repo holds no weights hinews can load (looked for {', '.join(f for f, _ in WEIGHTS)}"
        f" files at its root); its files: {', '.join(sorted(paths)[:12])}"
    )


@dataclass(frozen=True)
class Pin:
    """The revision hinews pins for a hub repo.

    Attributes:
        revision: What is requested (a branch, tag or full commit).
        commit: The commit (or its first hex digits, as read on the hub page) the revision
            must be at; None when hinews has not recorded one.
    """

    revision: str
    commit: str | None = None


def pinned(name: str) -> Pin | None:
    """The pin of a hub id that is behind one of hinews' aliases, else None."""
    from hinews.presets import MODELS

    info = next((m for m in MODELS.values() if m.hub_id == name), None)
    if info is None:
        return None
    return Pin(info.revision, info.commit)


def _api() -> Any:
    from huggingface_hub import HfApi

    return HfApi()


def plan_download(
    name: str, revision: str | None = None, *, api: Any = None, role: str | None = None
) -> DownloadPlan:
    """Ask the hub (one request) what :func:`download` would fetch, with real sizes.

    ``revision`` None takes the alias's pin (:func:`pinned`), else ``main``; a pinned
    commit that the revision no longer points at is refused.

    Raises:
        ModelNotFoundError: Offline, unreachable, unknown, gated, moved off its pin, or no
            loadable weights.
    """
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    pin = pinned(name) if revision is None else None
    rev = revision or (pin.revision if pin else "main")
    api = api or _api()
    try:
        info = api.model_info(name, revision=rev, files_metadata=True, timeout=HUB_TIMEOUT_S)
    except GatedRepoError:
        raise gated_error(name) from None
    except RepositoryNotFoundError:
        raise _not_found(
            name, "the hub has no such repository (check the spelling)", role
        ) from None
    except RevisionNotFoundError:
        raise _not_found(name, f"the hub has no revision {rev!r}", role) from None
    except (HfHubHTTPError, OSError) as exc:
        raise _not_found(
            name, f"the Hugging Face hub cannot be reached ({type(exc).__name__})", role
        ) from None
    except Exception as exc:  # httpx/requests connection errors differ across versions
        kind = type(exc).__name__.lower()
        if "connect" in kind or "timeout" in kind:
            raise _not_found(
                name, f"the Hugging Face hub cannot be reached ({type(exc).__name__})", role
            ) from None
        raise
    commit = str(getattr(info, "sha", "") or "")
    if pin is not None and pin.commit and not commit.startswith(pin.commit):
        raise ModelNotFoundError(
            f"{name}: {rev} is now at commit {commit[:12]}, not the commit hinews pins "
            f"({pin.commit}); to take it anyway pass --revision {rev}, or pass the full "
            f"commit of {pin.commit} (the repo's history page) as --revision."
        )
    sizes = {s.rfilename: int(getattr(s, "size", None) or 0) for s in (info.siblings or [])}
    fmt, chosen, skipped = choose_files(list(sizes))
    return DownloadPlan(
        name, rev, commit, fmt, tuple((p, sizes[p]) for p in chosen), tuple(skipped)
    )


def gated_error(name: str) -> ModelNotFoundError:
    """The one line for a gated repo."""
    return ModelNotFoundError(
        f"{name} is gated: request access on https://huggingface.co/{name}, then run "
        "`hf auth login`."
    )


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def download(
    name: str,
    revision: str | None = None,
    *,
    role: str | None = None,
    report: Callable[[str], None] | None = None,
    api: Any = None,
) -> ModelFiles:
    """Fetch what a hub model needs into the Hugging Face cache (progress bar on stderr).

    Only the files of :func:`plan_download` are fetched (one weights format, configs and
    tokenizer files, no code), at the commit the plan found; their total size is reported
    first (``report``, default stderr).

    Raises:
        ModelNotFoundError: Offline mode, hub unreachable, unknown or gated repository.
    """
    if offline():
        raise ModelNotFoundError(
            f"cannot download {name!r}: HF_HUB_OFFLINE is set. Unset it (and connect to the "
            "internet) to download, or copy a model folder made by save_pretrained() to this "
            "machine and pass its path."
        )
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import GatedRepoError, HfHubHTTPError

    plan = plan_download(name, revision, api=api, role=role)
    (report or _stderr)(f"Downloading {plan.describe()}.")
    try:
        folder = snapshot_download(
            name,
            revision=plan.commit or plan.revision,
            allow_patterns=[p for p, _ in plan.files],
            etag_timeout=HUB_TIMEOUT_S,
        )
    except GatedRepoError:
        raise gated_error(name) from None
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
