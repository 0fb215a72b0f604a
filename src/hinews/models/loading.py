"""Loading a transformers model and its tokenizer, the same way for every backend."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

from hinews.errors import ModelLoadError, load_failure
from hinews.models.hub import ModelFiles
from hinews.models.torch_utils import pick_device, pick_dtype

_LOAD_LOCK = threading.Lock()


def load_pretrained(
    files: ModelFiles,
    model_class: str,
    *,
    device: str,
    dtype: str,
    what: str,
    hint: str,
    check: Callable[[Any], None] | None = None,
) -> tuple[Any, Any, Any]:
    """Load ``files`` as a tokenizer and an ``Auto*`` model on a device, in eval mode.

    Args:
        files: The model folder.
        model_class: A transformers auto class name, e.g. ``"AutoModelForSeq2SeqLM"``.
        device: ``auto``, ``cpu``, ``cuda`` or ``mps``.
        dtype: ``auto`` or a torch dtype name.
        what: What the model is for, for messages ("translation model").
        hint: What a valid folder holds, appended to load errors.
        check: Called with the model's ``AutoConfig`` before the weights load; raises
            :class:`~hinews.errors.ModelLoadError` for a model of the wrong kind.

    Returns:
        ``(tokenizer, model, torch_device)``.

    Raises:
        ModelLoadError: The folder does not hold a loadable model of that kind.
    """
    import transformers

    torch_device = pick_device(device)
    torch_dtype = pick_dtype(dtype, torch_device)
    try:
        if check is not None:
            check(transformers.AutoConfig.from_pretrained(files.path))
        # One load at a time: two from_pretrained calls in two threads (a translator
        # preloading while a summariser loads) can leave weights on the meta device.
        with _LOAD_LOCK, _quiet():
            tokenizer = transformers.AutoTokenizer.from_pretrained(files.path)
            model = getattr(transformers, model_class).from_pretrained(
                files.path, dtype=torch_dtype
            )
    except ModelLoadError:
        raise
    except Exception as exc:  # third-party loaders fail in many ways; see load_failure
        raise load_failure(what, files.name, files.path, exc, hint) from None
    model.to(torch_device).eval()
    return tokenizer, model, torch_device


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """No "Loading weights" bar for a local folder: it flashes by and clutters stderr."""
    from transformers.utils import logging

    was_enabled = logging.is_progress_bar_enabled()
    logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            logging.enable_progress_bar()
