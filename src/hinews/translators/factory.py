"""Build a translator from config, once per process: loaded models are shared."""

from __future__ import annotations

import dataclasses
import threading

from hinews.config import TranslatorConfig
from hinews.errors import missing_dependency
from hinews.models.hub import find_model
from hinews.presets import resolve_model_name
from hinews.translators.base import Translator

_CACHE: dict[tuple[object, ...], Translator] = {}
_LOCK = threading.Lock()


def load_translator(config: TranslatorConfig) -> Translator:
    """Return the translator ``config`` describes, loading the model on first use only.

    Raises:
        ConfigError: Unknown model name.
        ModelNotFoundError: The model is not local, not cached, and cannot be fetched.
        DependencyError: The backend's package is not installed.
    """
    key = tuple(dataclasses.astuple(config))
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        name = resolve_model_name(config.model, "translator")
        if config.backend == "ctranslate2":
            from hinews.translators.ct2 import CTranslate2Translator

            files = find_model(name, config.revision, role="translator")
            translator: Translator = CTranslate2Translator(files, config)
        else:
            _require("torch", "models")
            _require("transformers", "models")
            from hinews.translators.hf import TransformersTranslator

            files = find_model(name, config.revision, role="translator")
            translator = TransformersTranslator(files, config)
        _CACHE[key] = translator
        return translator


def clear_cache() -> None:
    """Forget loaded translators (tests; freeing memory)."""
    with _LOCK:
        _CACHE.clear()


def _require(module: str, extra: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise missing_dependency(module, extra)
