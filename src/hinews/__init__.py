"""hinews: clean, translate and brief Hindi news articles.

The whole API in five calls: :class:`Pipeline` (models loaded once, reused for many
articles), and the one-call functions :func:`translate`, :func:`brief`, :func:`digest`
(a day of reports into stories) and :func:`score` (BLEU, chrF++, ROUGE against
references); :func:`segment` cleans and splits without a model. Errors are
:class:`HinewsError` subclasses, each also the built-in exception it means
(``ConfigError`` is a ``ValueError``...).

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
from hinews.api import brief, digest, score, segment, translate
from hinews.errors import (
    ConfigError as ConfigError,
)
from hinews.errors import (
    DataError as DataError,
)
from hinews.errors import (
    DependencyError as DependencyError,
)
from hinews.errors import (
    HinewsError as HinewsError,
)
from hinews.errors import (
    InputError as InputError,
)
from hinews.errors import (
    ModelLoadError as ModelLoadError,
)
from hinews.errors import (
    ModelNotFoundError as ModelNotFoundError,
)
from hinews.errors import (
    TextTooLongError as TextTooLongError,
)
from hinews.results import (
    Article as Article,
)
from hinews.results import (
    Brief as Brief,
)
from hinews.results import (
    Hypothesis as Hypothesis,
)
from hinews.results import (
    Language as Language,
)
from hinews.results import (
    Provenance as Provenance,
)
from hinews.results import (
    Segment as Segment,
)
from hinews.results import (
    Segmentation as Segmentation,
)
from hinews.results import (
    SentencePair as SentencePair,
)
from hinews.results import (
    Translation as Translation,
)

if TYPE_CHECKING:
    from hinews.config import PipelineConfig as PipelineConfig
    from hinews.config import SummarizerConfig as SummarizerConfig
    from hinews.config import TranslatorConfig as TranslatorConfig
    from hinews.pipeline import Pipeline as Pipeline
    from hinews.summarize.base import Summarizer as Summarizer
    from hinews.translators.base import Translator as Translator

# Public names that live in modules we import only on first use.
_LAZY = {
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


def __dir__() -> list[str]:
    # The lazy names too, so help(hinews) and completion list Pipeline and the rest.
    return sorted(set(globals()) | set(_LAZY))


# A handful, in faster-whisper's spirit: the pipeline, the one-call functions, the base
# error. Everything else (results, configs, the other errors) is importable by name.
__all__ = [
    "HinewsError",
    "Pipeline",
    "__version__",
    "brief",
    "digest",
    "score",
    "segment",
    "translate",
]
