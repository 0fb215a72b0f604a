"""Build a summariser from config; model-backed ones are loaded once and shared."""

from __future__ import annotations

import dataclasses
import logging
import threading

from hinews.config import SummarizerConfig
from hinews.errors import ConfigError
from hinews.models.hub import ModelFiles, find_model
from hinews.presets import resolve_model_name
from hinews.summarize.base import Summarizer
from hinews.summarize.extractive import ExtractiveSummarizer, LeadSummarizer

log = logging.getLogger(__name__)

_CACHE: dict[tuple[object, ...], Summarizer] = {}
_LOCK = threading.Lock()


def load_summarizer(config: SummarizerConfig) -> Summarizer:
    """Return the summariser ``config`` describes.

    ``summarizer.backend: auto`` runs the seq2seq strategies (``seq2seq``, ``source``,
    ``crosslingual``) on CTranslate2 when the model's family converts (BART, T5/mT5) and
    ``ctranslate2`` is installed, else on transformers (with a one-line note when the
    family is the reason); ``instruct`` always runs on transformers.

    Raises:
        ConfigError: Unknown strategy or model name.
        ModelNotFoundError: A model strategy's model cannot be found or fetched.
        ConfigError: ``backend: ctranslate2`` for a family it cannot convert, or for
            the ``instruct`` strategy.
    """
    if config.strategy == "extractive":
        return ExtractiveSummarizer()
    if config.strategy == "lead":
        return LeadSummarizer()
    # Left-out lengths and their strategy defaults are one model, loaded once.
    resolved = dataclasses.replace(
        config, max_new_tokens=config.new_tokens, max_source_tokens=config.source_tokens
    )
    key = tuple(dataclasses.astuple(resolved))
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        assert config.model is not None  # guaranteed by SummarizerConfig.validate()
        name = resolve_model_name(config.model, "summarizer")
        files = find_model(name, config.revision, role="summarizer")
        summarizer: Summarizer
        backend = pick_backend(config, files)
        if backend == "ctranslate2":
            from hinews.summarize.ct2 import CLASSES

            summarizer = CLASSES[config.strategy](files, config)  # type: ignore[assignment]
        elif config.strategy == "seq2seq":
            from hinews.summarize.seq2seq import Seq2SeqSummarizer

            summarizer = Seq2SeqSummarizer(files, config)
        elif config.strategy == "source":
            from hinews.summarize.source import SourceSummarizer

            summarizer = SourceSummarizer(files, config)
        elif config.strategy == "crosslingual":
            from hinews.summarize.source import CrosslingualSummarizer

            summarizer = CrosslingualSummarizer(files, config)
        else:
            from hinews.summarize.instruct import InstructSummarizer

            summarizer = InstructSummarizer(files, config)
        _CACHE[key] = summarizer
        return summarizer


def pick_backend(config: SummarizerConfig, files: ModelFiles) -> str:
    """The backend ``config.backend`` means for the model in ``files``.

    Raises:
        ConfigError: ``ctranslate2`` for ``instruct`` or a family it cannot convert.
        DependencyError: ``ctranslate2`` asked for and not installed.
    """
    import importlib.util

    from hinews.summarize.ct2 import CLASSES, converts, model_type, not_convertible

    if config.backend == "transformers":
        return "transformers"
    if config.strategy not in CLASSES:
        if config.backend == "ctranslate2":
            raise ConfigError(
                f"summarizer.strategy {config.strategy!r} runs on transformers only; "
                'use summarizer_backend="transformers" or summarizer_backend="auto", or a seq2seq '
                "strategy"
            )
        return "transformers"
    if not converts(files.path):
        if config.backend == "ctranslate2":
            raise not_convertible(files, model_type(files.path))
        log.info(
            "note: summariser %s is a %r model, which CTranslate2 cannot convert: "
            "running it on transformers",
            files.name,
            model_type(files.path),
        )
        return "transformers"
    if config.backend == "auto" and importlib.util.find_spec("ctranslate2") is None:
        return "transformers"
    return "ctranslate2"


def clear_cache() -> None:
    """Forget loaded summarisers (tests; freeing memory)."""
    with _LOCK:
        _CACHE.clear()
