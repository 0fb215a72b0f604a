"""Options, as the command line and :meth:`hinews.Pipeline.from_options` give them, turned
into a :class:`~hinews.config.PipelineConfig`: a preset or config file, then a translator
and a summariser by name, then single fields."""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hinews.config import (
    MODEL_STRATEGIES,
    STRATEGY_TUNED,
    PipelineConfig,
    PipelineOptions,
    TranslatorConfig,
)
from hinews.errors import ConfigError
from hinews.presets import MODELS, load_preset, preset_names


def option_names() -> frozenset[str]:
    """Every option :func:`config_from_options` takes by name: the translator and the
    summariser, and the fields of the translator and pipeline sections."""
    return frozenset(
        {"translator", "summarizer", "summarizer_strategy", "summarizer_backend"}
        | {"support_threshold", "drop_unsupported"}
        | {"config", "preset", "device"}
        | set(TranslatorConfig.__dataclass_fields__)
        | set(PipelineOptions.__dataclass_fields__)
    )


def check_names(given: Iterable[str], valid: Iterable[str], what: str = "option") -> None:
    """Refuse every name in ``given`` that is not ``valid``, all in one message, each with
    the nearest valid name when one is close (``did you mean 'num_beams'?``).

    Raises:
        ConfigError: Some names are unknown.
    """
    known = sorted(set(valid))
    unknown = [name for name in given if name not in known]
    if not unknown:
        return
    said = []
    for name in unknown:
        near = difflib.get_close_matches(name, known, n=1)
        said.append(f"{name!r}" + (f" (did you mean {near[0]!r}?)" if near else ""))
    plural = "s" if len(unknown) > 1 else ""
    raise ConfigError(f"unknown {what}{plural} {', '.join(said)}; valid: {', '.join(known)}")


def config_from_options(
    base: PipelineConfig | None = None,
    /,
    *,
    translator: str | None = None,
    summarizer: str | None = None,
    config: str | Path | None = None,
    preset: str | None = None,
    summarizer_strategy: str | None = None,
    **overrides: Any,
) -> PipelineConfig:
    """The config of :meth:`hinews.Pipeline.from_options` (see there for the arguments);
    ``base`` is a config to start from instead of ``config`` or ``preset``.

    Raises:
        ConfigError: An unknown option (with the nearest valid one), or ``config`` or
            ``preset`` given with a ``base``.
    """
    check_names(overrides, option_names(), "pipeline option")
    if base is not None and (config or preset):
        raise ConfigError(
            "a pipeline's options change its own config: to start from another config, "
            "pass config= or preset= to Pipeline.from_options"
        )
    if base is None:
        base = PipelineConfig.from_yaml(config) if config else load_preset(preset or "default")
    t_over: dict[str, Any] = {}
    s_over: dict[str, Any] = {}
    p_over: dict[str, Any] = {}
    if translator:
        t_over = translator_section(translator)
    if summarizer or summarizer_strategy:
        s_over = summarizer_section(summarizer, summarizer_strategy)
    if s_over.get("strategy", base.summarizer.strategy) != base.summarizer.strategy:
        # Lengths set for the base's strategy are not the new strategy's defaults.
        s_over = {**dict.fromkeys(STRATEGY_TUNED), **s_over}
    p_fields = set(PipelineOptions.__dataclass_fields__)
    for key, value in overrides.items():
        if value is None:
            continue
        if key in p_fields:
            p_over[key] = value
        elif key == "device":
            t_over[key] = s_over[key] = value
        elif key == "summarizer_backend":  # --summarizer-backend
            s_over["backend"] = value
        elif key in ("support_threshold", "drop_unsupported"):
            s_over[key] = value
        else:
            t_over[key] = value
    merged = base.replace(translator=t_over, summarizer=s_over, pipeline=p_over)
    sections = {"translator": t_over, "summarizer": s_over, "pipeline": p_over}
    changed = [
        f"{section}.{key}={value}"
        for section, over in sections.items()
        for key, value in over.items()
        if getattr(getattr(base, section), key) != value
    ]
    if changed:  # so a result or manifest does not pass the preset off as what ran
        note = f"{base.description} Changed: {', '.join(changed)}.".strip()
        merged = dataclasses.replace(merged, description=note)
    return merged


def translator_section(name: str) -> dict[str, Any]:
    """The translator section for ``translator=NAME``: a preset's, else ``model: NAME``."""
    if name in preset_names() and name not in MODELS:
        return dict(load_preset(name).to_dict()["translator"])
    return {"model": name}


def summarizer_section(name: str | None, strategy: str | None = None) -> dict[str, Any]:
    """The summarizer section for ``--summarizer NAME`` and ``--summarizer-strategy``."""
    if name is None:
        return {"strategy": strategy}
    if name in ("extractive", "lead"):
        if strategy not in (None, name):
            raise ConfigError(
                f'summarizer="{name}" runs no model, so summarizer_strategy="{strategy}" does '
                "not apply; give the model as summarizer= (an alias such as xlsum or "
                "crosssum, a hub id or a directory)"
            )
        return {"strategy": name, "model": None}
    if name in preset_names() and name not in MODELS:
        section = dict(load_preset(name).to_dict()["summarizer"])
        return {**section, "strategy": strategy} if strategy else section
    if strategy:
        return {"strategy": strategy, "model": name}
    if name in MODELS:
        # A summariser's note starts with its strategy ("seq2seq, CNN/DailyMail").
        head = MODELS[name].note.split(",", 1)[0].strip()
        return {"strategy": head if head in MODEL_STRATEGIES else "seq2seq", "model": name}
    path = Path(name).expanduser()
    if (path / "config.json").is_file():
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") == "mt5":
            raise ConfigError(
                f"{name} is an mT5 model, which may summarise Hindi in Hindi (XL-Sum) or in "
                'English (CrossSum): say which with summarizer_strategy="source" or '
                "crosslingual (config key summarizer.strategy; seq2seq for an mT5 that "
                "summarises English)"
            )
        return {
            "strategy": "seq2seq" if config.get("is_encoder_decoder") else "instruct",
            "model": name,
        }
    lowered = name.lower()
    strategy = "instruct" if any(w in lowered for w in ("instruct", "chat", "-it")) else "seq2seq"
    return {"strategy": strategy, "model": name}
