"""hinews: clean, translate and brief Hindi news articles.

``import hinews`` is cheap: torch, transformers, gradio and ctranslate2 load only when a
model is first used.

Example:
    >>> import hinews
    >>> pipe = hinews.Pipeline.from_preset("fast")          # doctest: +SKIP
    >>> result = pipe.brief(open("article.txt").read())     # doctest: +SKIP
    >>> print("\\n".join(result.bullets))                    # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from hinews._version import __version__
from hinews.errors import (
    ConfigError,
    DataError,
    DependencyError,
    HinewsError,
    InputError,
    ModelLoadError,
    ModelNotFoundError,
)
from hinews.results import (
    Article,
    Brief,
    Hypothesis,
    Language,
    Provenance,
    Segment,
    Segmentation,
    SentencePair,
    Translation,
)

if TYPE_CHECKING:
    from hinews.api import brief, segment, translate
    from hinews.config import PipelineConfig, SummarizerConfig, TranslatorConfig
    from hinews.pipeline import Pipeline
    from hinews.summarize.base import Summarizer
    from hinews.translators.base import Translator

# Public names that live in modules we import only on first use.
_LAZY = {
    "translate": "hinews.api",
    "brief": "hinews.api",
    "segment": "hinews.api",
    "digest": "hinews.digests",
    "Digest": "hinews.digests",
    "Pipeline": "hinews.pipeline",
    "PipelineConfig": "hinews.config",
    "TranslatorConfig": "hinews.config",
    "SummarizerConfig": "hinews.config",
    "Translator": "hinews.translators.base",
    "Summarizer": "hinews.summarize.base",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hinews' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Article",
    "Brief",
    "ConfigError",
    "DataError",
    "DependencyError",
    "Digest",
    "HinewsError",
    "Hypothesis",
    "InputError",
    "Language",
    "ModelLoadError",
    "ModelNotFoundError",
    "Pipeline",
    "PipelineConfig",
    "Provenance",
    "Segment",
    "Segmentation",
    "SentencePair",
    "Summarizer",
    "SummarizerConfig",
    "Translation",
    "Translator",
    "TranslatorConfig",
    "__version__",
    "brief",
    "digest",
    "segment",
    "translate",
]
