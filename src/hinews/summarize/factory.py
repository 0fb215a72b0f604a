"""Build a summariser from config; model-backed ones are loaded once and shared."""

from __future__ import annotations

import dataclasses
import threading

from hinews.config import SummarizerConfig
from hinews.models.hub import find_model
from hinews.presets import resolve_model_name
from hinews.summarize.base import Summarizer
from hinews.summarize.extractive import ExtractiveSummarizer, LeadSummarizer

_CACHE: dict[tuple[object, ...], Summarizer] = {}
_LOCK = threading.Lock()


def load_summarizer(config: SummarizerConfig) -> Summarizer:
    """Return the summariser ``config`` describes.

    Raises:
        ConfigError: Unknown strategy or model name.
        ModelNotFoundError: A model strategy's model cannot be found or fetched.
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
        if config.strategy == "seq2seq":
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
