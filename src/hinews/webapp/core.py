"""The web app's logic without gradio: settings, model choices, shared pipelines, timed runs.

Everything here is plain Python so it can be tested without a server. Pipelines are built
once per (translator, summariser) choice, their models loaded under a lock (so twenty
simultaneous first requests load the model once). Requests then run side by side: their
sentences meet in front of the translator (:class:`~hinews.webapp.pooling.PooledTranslator`)
and share its model batches; a model summariser is used by one request at a time.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hinews.config import SOURCE_STRATEGIES
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
        summarizer_strategy: ``--summarizer-strategy``: how the server's own summariser
            model runs (``source`` and ``crosslingual`` read the Hindi article); the other
            choices run as their aliases say.
        config: ``--config``: a YAML pipeline config (the base for every choice).
        preset: ``--preset``: a shipped preset as the base instead (``fast``, ``best`` ...).
        device: ``--device``: ``auto``, ``cpu``, ``cuda`` or ``mps``.
        backend: ``--backend``: ``transformers`` or ``ctranslate2``, for every translator.
        summarizer_backend: ``--summarizer-backend``: ``auto``, ``transformers`` or
            ``ctranslate2``, for every seq2seq summariser of the menu.
        allow_url: ``--allow-url``: show the URL input (public http(s) addresses only).
        allow_loopback: Let the URL input reach 127.0.0.1/::1 (tests only).
        example: ``--example``: a file offered as the one-click example article.
        concurrency: How many requests may run at once (the rest wait in the queue); their
            sentences share the translator's batches, so this can well exceed the cores.
        queue_size: How many requests may wait in the queue before new ones are refused.
        max_chars: Longest accepted article, in characters.
        max_upload_bytes: Largest accepted upload or fetched page.
        cached_only: ``--cached-only``: offer only models already downloaded (plus the
            server's own); also the case whenever ``HF_HUB_OFFLINE=1``.
    """

    translator: str | None = None
    summarizer: str | None = None
    summarizer_strategy: str | None = None
    config: str | None = None
    preset: str | None = None
    device: str | None = None
    backend: str | None = None
    summarizer_backend: str | None = None
    allow_url: bool = False
    allow_loopback: bool = False
    example: str | None = None
    concurrency: int = 24
    queue_size: int = 64
    max_chars: int = 100_000
    max_upload_bytes: int = 5_000_000
    cached_only: bool = False


def is_path(name: str) -> bool:
    """True when a model name is a local folder (shown to users by its folder name only)."""
    return name.startswith((".", "/", "~", "\\")) or Path(name).expanduser().is_dir()


def public_name(name: str) -> str:
    """What users see of a model name: a local folder by its last part, never its path."""
    if not is_path(name):
        return name
    return Path(name.rstrip("/\\")).expanduser().name or name


def hide_paths(message: str, names: tuple[str, ...]) -> str:
    """``message`` with every local-folder name in ``names`` replaced by its folder name."""
    for name in sorted((n for n in names if is_path(n)), key=len, reverse=True):
        message = message.replace(name, public_name(name))
        resolved = str(Path(name).expanduser().resolve())
        message = message.replace(resolved, public_name(name))
    return message


@dataclass(frozen=True)
class Choices:
    """The translator and summariser names a user (or API client) may pick.

    The first entry of each list is the server's own choice and the default. Local folders
    are shown (and may be asked for) by their folder name, so the page and the API never
    reveal the server's paths; the full name stays here, server-side.

    Attributes:
        translators: Translator names (presets, aliases, hub ids or local folders).
        summarizers: Summariser names.
        missing: Names whose models are not in the Hugging Face cache yet (they would be
            downloaded on first use).
    """

    translators: tuple[str, ...]
    summarizers: tuple[str, ...]
    missing: frozenset[str] = frozenset()

    def public(self, name: str, names: tuple[str, ...] | None = None) -> str:
        """The name shown for ``name`` (a folder's last part; unique among ``names``)."""
        names = names if names is not None else self.translators + self.summarizers
        shown = public_name(name)
        if shown != name and any(shown == other for other in names if other != name):
            shown = f"{shown} (server)"
        return shown

    def options(self, kind: str) -> list[tuple[str, str]]:
        """(label, value) pairs for a dropdown: ``kind`` is ``translator`` or ``summarizer``.

        Values are the public names; labels add "(server default)" to the first and
        "(not downloaded)" to models that are not cached.
        """
        names = self.translators if kind == "translator" else self.summarizers
        out = []
        for i, name in enumerate(names):
            value = self.public(name, names)
            notes = [
                n
                for n, on in (("server default", i == 0), ("not downloaded", name in self.missing))
                if on
            ]
            out.append((f"{value} ({', '.join(notes)})" if notes else value, value))
        return out

    def check(self, translator: str | None, summarizer: str | None) -> tuple[str, str]:
        """Resolve empty or public names to the full names and refuse names not on offer.

        Raises:
            ConfigError: A name that is not one of the choices (clients may not make the
                server load arbitrary models). The message lists public names only.
        """
        out = []
        for kind, given, valid in (
            ("translator", translator, self.translators),
            ("summarizer", summarizer, self.summarizers),
        ):
            name = (given or "").strip()
            if not name:
                out.append(valid[0])
                continue
            by_public = {self.public(v, valid): v for v in valid}
            if name in valid:
                out.append(name)
            elif name in by_public:
                out.append(by_public[name])
            else:
                shown = list(by_public)  # the client's own name is echoed, ours are not
                raise ConfigError(
                    f"unknown {kind} {name!r}; this server offers: "
                    f"{', '.join(shown)}.{did_you_mean(name, shown)}"
                )
        return out[0], out[1]


def _hub_id(name: str, kind: str) -> str | None:
    """The hub id a choice downloads, or None (a local folder, or no model at all)."""
    from hinews.presets import MODELS, load_preset, preset_names

    if name in ("extractive", "lead"):
        return None
    if name in preset_names() and name not in MODELS:
        section = getattr(load_preset(name), kind)
        name = section.model or ""
        if not name:
            return None
    if name in MODELS:
        return MODELS[name].hub_id
    if is_path(name) or name.count("/") != 1:
        return None
    return name


def is_cached(name: str, kind: str) -> bool:
    """Whether the model behind a choice is ready offline (cached, local or none needed)."""
    from hinews.models.hub import cached_snapshot

    try:
        hub_id = _hub_id(name, kind)
    except HinewsError:
        return False
    return hub_id is None or cached_snapshot(hub_id) is not None


def make_choices(settings: AppSettings) -> Choices:
    """The choices for a server started with ``settings``.

    Every preset and summariser model is offered, those not in the Hugging Face cache
    marked as missing; offline (``HF_HUB_OFFLINE=1``) or with ``cached_only`` only the
    cached ones are offered, with the server's own models always first.
    """
    from hinews.config import PipelineConfig
    from hinews.models.hub import offline
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
    missing = {n for n in translators[1:] if not is_cached(n, "translator")}
    missing |= {n for n in summarizers[1:] if not is_cached(n, "summarizer")}
    if settings.cached_only or offline():
        translators = [translators[0], *(n for n in translators[1:] if n not in missing)]
        summarizers = [summarizers[0], *(n for n in summarizers[1:] if n not in missing)]
        missing = set()
    return Choices(tuple(translators), tuple(summarizers), frozenset(missing))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass
class _Entry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    run_lock: threading.Lock = field(default_factory=threading.Lock)
    pipeline: Pipeline | None = None
    pooled: bool = False


#: What :meth:`PipelineCache.get` hands out as the run lock of a pooled pipeline.
_NO_LOCK: AbstractContextManager[Any] = contextlib.nullcontext()
_LOCK_FREE_SUMMARIZERS = ("extractive", "lead")


def pooled(pipe: Pipeline) -> Pipeline:
    """``pipe`` with its translator behind a :class:`~hinews.webapp.pooling.PooledTranslator`
    (concurrent requests share model batches) and a model summariser behind a lock.

    Loads both models if they are not loaded yet.
    """
    from hinews.pipeline import Pipeline
    from hinews.webapp.pooling import PooledTranslator, SerialSummarizer

    summarizer: Any = pipe.summarizer
    if pipe.config.summarizer.strategy not in _LOCK_FREE_SUMMARIZERS:
        summarizer = SerialSummarizer(summarizer)
    translator = PooledTranslator(pipe.translator)
    return Pipeline(pipe.config, translator=translator, summarizer=summarizer)


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
        server_s = summarizer == self.choices.summarizers[0]
        return Pipeline.from_options(
            translator=translator_opt,
            summarizer=summarizer,
            summarizer_strategy=self.settings.summarizer_strategy if server_s else None,
            config=self.settings.config,
            preset=self.settings.preset,
            device=self.settings.device,
            backend=self.settings.backend,
            summarizer_backend=self.settings.summarizer_backend,
            max_chars=self.settings.max_chars,
        )

    def get(
        self, translator: str, summarizer: str
    ) -> tuple[Pipeline, AbstractContextManager[Any], float]:
        """The pipeline for a choice with its models loaded, its run lock and the load time.

        A hinews :class:`~hinews.pipeline.Pipeline` comes pooled (see :func:`pooled`), and
        its run lock is a no-op: requests run side by side. Anything else (test doubles)
        comes with a lock that lets one request at a time use it.

        Raises:
            HinewsError: The models cannot be found or loaded (the message says why).
        """
        with self._lock:
            entry = self._entries.setdefault((translator, summarizer), _Entry())
        start = time.perf_counter()
        with entry.lock:
            if entry.pipeline is None or not entry.pooled:
                pipe = entry.pipeline or self._build(translator, summarizer)
                try:
                    if _is_pipeline(pipe):
                        pipe, entry.pooled = pooled(pipe), True  # loads both, once
                    else:
                        _ = pipe.translator, pipe.summarizer  # load both now, once
                except HinewsError:
                    raise
                except Exception as exc:  # torch/transformers errors: show a message
                    log.exception("loading %s / %s failed", translator, summarizer)
                    names = self.choices.translators + self.choices.summarizers
                    raise ModelLoadError(
                        f"could not load the models for translator "
                        f"{self.choices.public(translator)!r} and summarizer "
                        f"{self.choices.public(summarizer)!r}: "
                        + hide_paths(f"{type(exc).__name__}: {exc}", names)
                    ) from None
                entry.pipeline = pipe
            pipe = entry.pipeline
        lock = _NO_LOCK if entry.pooled else entry.run_lock
        return pipe, lock, time.perf_counter() - start


def _is_pipeline(pipe: object) -> bool:
    from hinews.pipeline import Pipeline

    return isinstance(pipe, Pipeline)


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
    force: bool = False,
    progress: Progress = _no_progress,
) -> RunResult:
    """Translate (and brief) one article with the chosen models.

    Args:
        cache: The shared pipelines.
        text: The article, plain text or HTML.
        translator: A name from ``cache.choices`` (empty: the server's).
        summarizer: A name from ``cache.choices`` (empty: the server's).
        brief: Write the three-bullet brief too (else translate only).
        force: Let mixed Hindi-English or very short text through (``--force``).
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
    prepare(text, clean=False, force=force, max_chars=cache.settings.max_chars)
    progress(0.1, f"Loading models ({cache.choices.public(t)}, {cache.choices.public(s)})")
    pipe, run_lock, load_s = cache.get(t, s)
    progress(0.3, "Translating and briefing" if brief else "Translating")
    start = time.perf_counter()
    with run_lock:  # a no-op for pooled pipelines: they run side by side
        result_brief = pipe.brief(text, force=force) if brief else None
        translation = (
            result_brief.translation if result_brief else pipe.translate(text, force=force)
        )
    run_s = time.perf_counter() - start
    progress(0.95, "Rendering")
    return RunResult(translation, result_brief, t, s, load_s, run_s)


def describe_models(cache: PipelineCache, result: RunResult) -> dict[str, str]:
    """Readable model descriptions for the page: translator and summariser provenance."""
    tp = result.translation.provenance
    out = {
        "translator": f"{public_name(tp.model)} ({tp.backend}"
        + (f", {tp.options.get('num_beams')} beams" if tp.options.get("num_beams") else "")
        + ")"
    }
    if result.brief is not None:
        sp = result.brief.provenance
        quant = sp.options.get("quantization")
        backend = f"{sp.backend}, {quant}" if quant else sp.backend
        out["summarizer"] = f"{public_name(sp.model)} ({backend})"
        written = sp.options.get("model_bullets")
        if sp.options.get("strategy") in SOURCE_STRATEGIES and written is not None:
            # Which bullets the model wrote, reading the Hindi; the rest are extractive.
            shown = len(result.brief.bullets)
            out["summarizer"] += (
                f"; read the Hindi ({sp.options['strategy']}) and wrote "
                f"{min(int(written), shown)} of the {shown} bullets"
            )
        out["order"] = result.brief.order
    out["hinews"] = tp.hinews_version
    return out
