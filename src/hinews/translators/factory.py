"""Build a translator from config, once per process: loaded models are shared."""

from __future__ import annotations

import dataclasses
import threading

from hinews.config import TranslatorConfig
from hinews.errors import ConfigError, missing_dependency
from hinews.models.hub import find_model
from hinews.presets import MODELS, resolve_model_name
from hinews.translators.base import Translator
from hinews.translators.indictrans2.checkpoint import is_indictrans

_CACHE: dict[tuple[object, ...], Translator] = {}
_LOCK = threading.Lock()


def load_translator(config: TranslatorConfig) -> Translator:
    """Return the translator ``config`` describes, loading the model on first use only.

    The model family decides what ``backend: auto`` means: IndicTrans2 checkpoints
    (``model_type: IndicTrans`` in their ``config.json``) run on CTranslate2, everything
    else on transformers.

    Raises:
        ConfigError: Unknown model name, or IndicTrans2 asked of the transformers backend.
        ModelNotFoundError: The model is not local, not cached, and cannot be fetched.
        DependencyError: The backend's package is not installed.
    """
    key = tuple(dataclasses.astuple(config))
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        name = resolve_model_name(config.model, "translator")
        known = MODELS.get(config.model)
        if config.backend == "transformers" and known and known.family == "indictrans2":
            raise _indictrans_needs_ct2(config.model)  # before a download it cannot use
        files = find_model(name, config.revision, role="translator")
        backend = config.backend
        if is_indictrans(files.path):
            if backend == "transformers":
                raise _indictrans_needs_ct2(config.model)
            backend = "ctranslate2"
        if backend == "ctranslate2":
            from hinews.translators.ct2 import CTranslate2Translator

            translator: Translator = CTranslate2Translator(files, config)
        else:
            _require("torch", "models")
            _require("transformers", "models")
            from hinews.translators.hf import TransformersTranslator

            translator = TransformersTranslator(files, config)
        _CACHE[key] = translator
        return translator


def _indictrans_needs_ct2(model: str) -> ConfigError:
    return ConfigError(
        f"{model!r} is an IndicTrans2 model, which hinews runs on the CTranslate2 backend "
        "only (its hub code needs transformers < 4.57 and hinews never executes it): use "
        'backend="ctranslate2" or backend="auto" (config translator.backend: ctranslate2)'
    )


def clear_cache() -> None:
    """Forget loaded translators (tests; freeing memory)."""
    with _LOCK:
        _CACHE.clear()


def _require(module: str, extra: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise missing_dependency(module, extra)
