"""The web app's logic without gradio: settings, model choices, shared pipelines, timed runs.

Everything here is plain Python so it can be tested without a server. Pipelines are built
once per (translator, summariser) choice, their models loaded under a lock (so twenty
simultaneous first requests load the model once) and used by one request at a time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hinews.errors import ConfigError, HinewsError, ModelLoadError, did_you_mean

if TYPE_CHECKING:
    from hinews.pipeline import Pipeline
    from hinews.results import Brief, Translation

log = logging.getLogger("hinews.webapp")

#: Summariser choices offered besides the server's own (model ones need the model cached).
SUMMARIZERS = ("extractive", "lead")

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class AppSettings:
    """How the app was started (``hinews serve`` / ``python app.py`` options).

    Attributes:
        translator: ``--translator``: preset, alias, hub id or local directory.
        summarizer: ``--summarizer``: ``extractive``, ``lead``, alias, hub id or directory.
        config: ``--config``: a YAML pipeline config (the base for every choice).
        preset: ``--preset``: a shipped preset as the base instead (``fast``, ``best`` ...).
        device: ``--device``: ``auto``, ``cpu``, ``cuda`` or ``mps``.
        allow_url: ``--allow-url``: show the URL input (public http(s) addresses only).
        allow_loopback: Let the URL input reach 127.0.0.1/::1 (tests only).
        example: ``--example``: a file offered as the one-click example article.
        concurrency: How many model runs may happen at once (the rest wait in the queue).
        queue_size: How many requests may wait in the queue before new ones are refused.
        max_chars: Longest accepted article, in characters.
        max_upload_bytes: Largest accepted upload or fetched page.
    """

    translator: str | None = None
    summarizer: str | None = None
    config: str | None = None
    preset: str | None = None
    device: str | None = None
    allow_url: bool = False
    allow_loopback: bool = False
    example: str | None = None
    concurrency: int = 2
    queue_size: int = 64
    max_chars: int = 100_000
    max_upload_bytes: int = 5_000_000


@dataclass(frozen=True)
class Choices:
    """The translator and summariser names a user (or API client) may pick.

    The first entry of each list is the server's own choice and the default.
    """

    translators: tuple[str, ...]
    summarizers: tuple[str, ...]

    def check(self, translator: str | None, summarizer: str | None) -> tuple[str, str]:
        """Resolve empty names to the defaults and refuse names not on offer.

        Raises:
            ConfigError: A name that is not one of the choices (clients may not make the
                server load arbitrary models).
        """
        t = (translator or "").strip() or self.translators[0]
        s = (summarizer or "").strip() or self.summarizers[0]
        for kind, name, valid in (
            ("translator", t, self.translators),
            ("summarizer", s, self.summarizers),
        ):
            if name not in valid:
                raise ConfigError(
                    f"unknown {kind} {name!r}; this server offers: "
                    f"{', '.join(valid)}.{did_you_mean(name, valid)}"
                )
        return t, s


def make_choices(settings: AppSettings) -> Choices:
    """The choices for a server started with ``settings``."""
    from hinews.config import PipelineConfig
    from hinews.presets import MODELS, load_preset, preset_names

    base = (
        PipelineConfig.from_yaml(settings.config)
        if settings.config
        else load_preset(settings.preset or "default")
    )
    if settings.translator:
        server_t = settings.translator
    elif settings.config:
        server_t = base.translator.model  # the config file's translator section
    else:
        server_t = settings.preset or "default"
    server_s = settings.summarizer or base.summarizer.model or base.summarizer.strategy
    translators = _unique([server_t, *preset_names()])
    summarizers = _unique(
        [server_s, *SUMMARIZERS, *(a for a, m in MODELS.items() if m.kind == "summarizer")]
    )
    return Choices(tuple(translators), tuple(summarizers))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass
class _Entry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    run_lock: threading.Lock = field(default_factory=threading.Lock)
    pipeline: Pipeline | None = None


class PipelineCache:
    """One loaded :class:`~hinews.pipeline.Pipeline` per (translator, summariser) choice.

    Args:
        settings: The server settings (config file, device, length limit).
        pipeline: A ready pipeline for the server's default choice (``build_demo(pipe)``).
        choices: The names on offer; defaults to :func:`make_choices`.
    """

    def __init__(
        self,
        settings: AppSettings,
        pipeline: Pipeline | None = None,
        choices: Choices | None = None,
    ) -> None:
        self.settings = settings
        self.choices = choices or make_choices(settings)
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], _Entry] = {}
        if pipeline is not None:
            key = (self.choices.translators[0], self.choices.summarizers[0])
            self._entries[key] = _Entry(pipeline=pipeline)

    def _build(self, translator: str, summarizer: str) -> Pipeline:
        from hinews.pipeline import Pipeline

        server_t = translator == self.choices.translators[0]
        if server_t and self.settings.config and not self.settings.translator:
            translator_opt = None  # the config file's own translator section
        else:
            translator_opt = translator
        return Pipeline.from_options(
            translator=translator_opt,
            summarizer=summarizer,
            config=self.settings.config,
            preset=self.settings.preset,
            device=self.settings.device,
            max_chars=self.settings.max_chars,
        )

    def get(self, translator: str, summarizer: str) -> tuple[Pipeline, threading.Lock, float]:
        """The pipeline for a choice with its models loaded, its run lock and the load time.

        Raises:
            HinewsError: The models cannot be found or loaded (the message says why).
        """
        with self._lock:
            entry = self._entries.setdefault((translator, summarizer), _Entry())
        start = time.perf_counter()
        with entry.lock:
            if entry.pipeline is None:
                pipe = self._build(translator, summarizer)
                try:
                    _ = pipe.translator, pipe.summarizer  # load both now, once
                except HinewsError:
                    raise
                except Exception as exc:  # torch/transformers errors: show a message
                    log.exception("loading %s / %s failed", translator, summarizer)
                    raise ModelLoadError(
                        f"could not load the models for translator "
                        f"{translator!r} and summarizer {summarizer!r}: "
                        f"{type(exc).__name__}: {exc}"
                    ) from None
                entry.pipeline = pipe
            pipe = entry.pipeline
        return pipe, entry.run_lock, time.perf_counter() - start


@dataclass(frozen=True)
class RunResult:
    """What one request produced, with timings and the names chosen."""

    translation: Translation
    brief: Brief | None
    translator: str
    summarizer: str
    load_s: float
    run_s: float

    def to_dict(self) -> dict[str, Any]:
        """The brief's (or translation's) dict, plus the timings."""
        data = self.brief.to_dict() if self.brief else self.translation.to_dict()
        data["timings"] = {"load_s": round(self.load_s, 3), "run_s": round(self.run_s, 3)}
        return data


def _no_progress(fraction: float, message: str) -> None:
    pass


def run(
    cache: PipelineCache,
    text: str,
    *,
    translator: str | None = None,
    summarizer: str | None = None,
    brief: bool = True,
    progress: Progress = _no_progress,
) -> RunResult:
    """Translate (and brief) one article with the chosen models.

    Args:
        cache: The shared pipelines.
        text: The article, plain text or HTML.
        translator: A name from ``cache.choices`` (empty: the server's).
        summarizer: A name from ``cache.choices`` (empty: the server's).
        brief: Write the three-bullet brief too (else translate only).
        progress: Called with (fraction done, what is happening).

    Raises:
        HinewsError: Bad input, a name not on offer, or models that cannot be loaded.
    """
    t, s = cache.choices.check(translator, summarizer)
    if not isinstance(text, str):
        raise ConfigError("the article must be a string")
    progress(0.05, "Checking the article")
    from hinews.text import prepare

    # Refuse empty, non-Hindi or over-long input before loading or waiting for a model.
    prepare(text, clean=False, max_chars=cache.settings.max_chars)
    progress(0.1, f"Loading models ({t}, {s})")
    pipe, run_lock, load_s = cache.get(t, s)
    progress(0.3, "Translating and briefing" if brief else "Translating")
    start = time.perf_counter()
    with run_lock:
        result_brief = pipe.brief(text) if brief else None
        translation = result_brief.translation if result_brief else pipe.translate(text)
    run_s = time.perf_counter() - start
    progress(0.95, "Rendering")
    return RunResult(translation, result_brief, t, s, load_s, run_s)


def describe_models(cache: PipelineCache, result: RunResult) -> dict[str, str]:
    """Readable model descriptions for the page: translator and summariser provenance."""
    tp = result.translation.provenance
    out = {
        "translator": f"{tp.model} ({tp.backend}"
        + (f", {tp.options.get('num_beams')} beams" if tp.options.get("num_beams") else "")
        + ")"
    }
    if result.brief is not None:
        sp = result.brief.provenance
        out["summarizer"] = f"{sp.model} ({sp.backend})"
        out["order"] = result.brief.order
    out["hinews"] = tp.hinews_version
    return out
