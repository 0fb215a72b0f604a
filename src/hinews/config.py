"""Pipeline configuration: dataclasses loaded from YAML, validated all at once.

A config file has three optional sections::

    translator: {model: indictrans2, backend: ctranslate2, num_beams: 5, ...}
    summarizer: {strategy: extractive}
    pipeline:   {order: translate-first, clean: true, max_chars: 100000}

Unknown keys and bad values are reported together, each with what is valid.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

from hinews.errors import ConfigError, did_you_mean

BACKENDS = ("auto", "transformers", "ctranslate2")
DEVICES = ("auto", "cpu", "cuda", "mps")
DTYPES = ("auto", "float32", "float16", "bfloat16")
STRATEGIES = ("extractive", "lead", "seq2seq", "instruct", "source", "crosslingual")
#: Strategies that run a model (and so need ``summarizer.model``).
MODEL_STRATEGIES = ("seq2seq", "instruct", "source", "crosslingual")
#: Strategies whose model reads the Hindi article itself (the others read its translation).
SOURCE_STRATEGIES = ("source", "crosslingual")
#: (max_new_tokens, max_source_tokens) when a config leaves them out. The Hindi-reading
#: strategies follow the XL-Sum and CrossSum model cards (84 new tokens, 512 source tokens).
STRATEGY_LENGTHS = {"source": (84, 512), "crosslingual": (84, 512)}
DEFAULT_LENGTHS = (160, 1024)
#: Fields whose default depends on the strategy (a change of strategy resets them).
STRATEGY_TUNED = ("max_new_tokens", "max_source_tokens", "no_repeat_ngram_size")
ORDERS = ("translate-first", "summarize-first")
QUANTIZATIONS = ("auto", "int8", "int8_float16", "int8_float32", "float16", "float32")


@dataclass
class TranslatorConfig:
    """How to translate. ``model`` is an alias (``indictrans2``), a hub id or a local
    directory; ``backend: auto`` runs IndicTrans2 on CTranslate2 and others on transformers."""

    model: str = "indictrans2"
    backend: str = "auto"
    revision: str | None = None
    device: str = "auto"
    dtype: str = "auto"
    num_beams: int = 4
    max_new_tokens: int = 256
    max_source_tokens: int = 200
    batch_tokens: int = 4096
    batch_size: int = 32
    src_lang: str | None = None
    tgt_lang: str | None = None
    quantization: str = "auto"
    threads: int = 0

    def validate(self) -> list[str]:
        errors = _choice("translator.backend", self.backend, BACKENDS)
        errors += _choice("translator.device", self.device, DEVICES)
        errors += _choice("translator.dtype", self.dtype, DTYPES)
        errors += _choice("translator.quantization", self.quantization, QUANTIZATIONS)
        for name in (
            "num_beams",
            "max_new_tokens",
            "max_source_tokens",
            "batch_tokens",
            "batch_size",
        ):
            errors += _positive(f"translator.{name}", getattr(self, name))
        if self.threads < 0:
            errors.append(f"translator.threads must be >= 0 (0 = automatic), got {self.threads}")
        return errors


#: Default of ``summarizer.support_threshold``, set on data (docs/bullet-support.md).
SUPPORT_THRESHOLD = 0.4


def support_threshold_errors(
    value: object, name: str = "summarizer.support_threshold"
) -> list[str]:
    """The one-line error for a support threshold outside [0, 1] (empty when it is fine)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        return [
            f"{name} must be a number in [0, 1] (the share of a bullet's content words the "
            f"article must say; default {SUPPORT_THRESHOLD}), got {value!r}"
        ]
    return []


@dataclass
class SummarizerConfig:
    """How to brief. ``strategy`` picks the backend; model strategies need ``model``.

    ``extractive`` and ``lead`` pick sentences of the translation; ``seq2seq`` and
    ``instruct`` run a model on the translation; ``source`` runs a seq2seq model on the
    Hindi article that writes a Hindi summary (translated for the brief), ``crosslingual``
    one that writes English (e.g. mT5 XL-Sum and CrossSum). ``max_new_tokens`` and
    ``max_source_tokens`` left out take the strategy's default (:data:`STRATEGY_LENGTHS`);
    ``no_repeat_ngram_size`` left out takes the model's own, else 3 (``seq2seq``) or 2
    (``source``, ``crosslingual``, as their model cards).
    """

    strategy: str = "extractive"
    model: str | None = None
    revision: str | None = None
    device: str = "auto"
    dtype: str = "auto"
    num_beams: int = 4
    max_new_tokens: int | None = None
    max_source_tokens: int | None = None
    no_repeat_ngram_size: int | None = None
    #: ``auto``: CTranslate2 for families it converts (BART, T5/mT5), else transformers.
    backend: str = "auto"
    #: CTranslate2 only: ``auto`` is int8 on CPU, int8_float16 on CUDA.
    quantization: str = "auto"
    #: CTranslate2 only: intra-op threads (0 = the physical cores this process may use).
    threads: int = 0
    #: A bullet whose support (share of its content words the article says, in [0, 1])
    #: is below this gets the flag ``unsupported`` (:mod:`hinews.trust.support`).
    support_threshold: float = SUPPORT_THRESHOLD
    #: Replace an unsupported bullet with the next extractive sentence (said in the note).
    drop_unsupported: bool = False

    @property
    def new_tokens(self) -> int:
        """``max_new_tokens``, or the strategy's default when the config leaves it out."""
        return self.max_new_tokens or STRATEGY_LENGTHS.get(self.strategy, DEFAULT_LENGTHS)[0]

    @property
    def source_tokens(self) -> int:
        """``max_source_tokens``, or the strategy's default when the config leaves it out."""
        return self.max_source_tokens or STRATEGY_LENGTHS.get(self.strategy, DEFAULT_LENGTHS)[1]

    def validate(self) -> list[str]:
        errors = _choice("summarizer.strategy", self.strategy, STRATEGIES)
        errors += _choice("summarizer.device", self.device, DEVICES)
        errors += _choice("summarizer.dtype", self.dtype, DTYPES)
        errors += _choice("summarizer.backend", self.backend, BACKENDS)
        errors += _choice("summarizer.quantization", self.quantization, QUANTIZATIONS)
        if self.threads < 0:
            errors.append(f"summarizer.threads must be >= 0 (0 = automatic), got {self.threads}")
        errors += support_threshold_errors(self.support_threshold)
        for name in ("num_beams", "max_new_tokens", "max_source_tokens"):
            value = getattr(self, name)
            if value is not None:
                errors += _positive(f"summarizer.{name}", value)
        if self.no_repeat_ngram_size is not None and self.no_repeat_ngram_size < 0:
            errors.append(
                "summarizer.no_repeat_ngram_size must be >= 0 (0 = no blocking), "
                f"got {self.no_repeat_ngram_size}"
            )
        if self.strategy in MODEL_STRATEGIES and not self.model:
            examples = {
                "source": "'xlsum'",
                "crosslingual": "'crosssum'",
                "instruct": "'qwen2.5-1.5b'",
            }.get(self.strategy, "'distilbart-cnn'")
            errors.append(
                f"summarizer.strategy {self.strategy!r} needs summarizer.model "
                f"(an alias such as {examples}, a hub id or a local directory)"
            )
        return errors


@dataclass
class PipelineOptions:
    """Pipeline-wide options.

    ``source_lang``: ``None`` (Hindi expected: a model without language codes refuses
    another language), ``auto`` (detect it, and give NLLB/M2M100 models its code) or an
    NLLB code such as ``hin_Deva``. ``glossary``: a TSV/CSV file of Hindi terms and English
    renderings (``enforce_glossary`` protects them through translation).
    ``confidence_threshold``: below it a sentence is flagged ``low-confidence``.
    """

    order: str = "translate-first"
    clean: bool = True
    max_chars: int = 100_000
    source_lang: str | None = None
    glossary: str | None = None
    enforce_glossary: bool = False
    confidence_threshold: float = 0.5

    def validate(self) -> list[str]:
        errors = _choice("pipeline.order", self.order, ORDERS) + _positive(
            "pipeline.max_chars", self.max_chars
        )
        if not 0.0 <= self.confidence_threshold <= 1.0:
            errors.append(
                "pipeline.confidence_threshold must be between 0 and 1, "
                f"got {self.confidence_threshold}"
            )
        if self.source_lang is not None and not re.fullmatch(
            r"auto|[a-z]{3}_[A-Z][a-z]{3}", self.source_lang
        ):
            errors.append(
                f"pipeline.source_lang is {self.source_lang!r}; valid: auto or an NLLB code "
                "such as hin_Deva, mar_Deva, npi_Deva"
            )
        return errors


@dataclass
class PipelineConfig:
    """A whole pipeline: translator, summariser and options, plus a name for provenance."""

    translator: TranslatorConfig = field(default_factory=TranslatorConfig)
    summarizer: SummarizerConfig = field(default_factory=SummarizerConfig)
    pipeline: PipelineOptions = field(default_factory=PipelineOptions)
    name: str = "custom"
    description: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "<dict>") -> PipelineConfig:
        """Build and validate a config; every problem is reported in one ``ConfigError``."""
        if not isinstance(data, dict):
            raise ConfigError(
                f"{source}: expected a mapping at the top level, got {type(data).__name__}"
            )
        errors: list[str] = []
        sections: dict[str, Any] = {}
        top = [f.name for f in fields(cls)]
        for key in data:
            if key not in top:
                errors.append(
                    f"unknown top-level key {key!r}; valid keys: {', '.join(top)}."
                    f"{did_you_mean(key, top)}"
                )
        for key, section_cls in (
            ("translator", TranslatorConfig),
            ("summarizer", SummarizerConfig),
            ("pipeline", PipelineOptions),
        ):
            obj, section_errors = _build(section_cls, data.get(key) or {}, key)
            errors += section_errors
            sections[key] = obj
        config = cls(
            **sections,
            name=str(data.get("name") or "custom"),
            description=str(data.get("description") or ""),
        )
        errors += config.validate()  # value checks too: every problem in one report
        if errors:
            if len(errors) == 1:  # one thing wrong: one line
                raise ConfigError(f"invalid config {source}: {errors[0]}")
            raise ConfigError(f"invalid config {source}:\n" + "\n".join(f"  - {e}" for e in errors))
        return config

    @classmethod
    def from_yaml(cls, path: str | Path) -> PipelineConfig:
        """Load a YAML config file."""
        import yaml

        path = Path(path)
        from hinews.files import read_user_file

        text = read_user_file(path, what="config file", expected="a YAML file", error=ConfigError)
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"config file {path} is not valid YAML: {exc}") from None
        return cls.from_dict(data, source=str(path))

    def validate(self) -> list[str]:
        return self.translator.validate() + self.summarizer.validate() + self.pipeline.validate()

    def replace(self, **sections: dict[str, Any]) -> PipelineConfig:
        """A copy with some fields of some sections overridden (validated), e.g.
        ``cfg.replace(translator={"device": "cpu"})``."""
        data = self.to_dict()
        for section, values in sections.items():
            if section not in ("translator", "summarizer", "pipeline"):
                raise ConfigError(f"unknown config section {section!r}")
            data[section] = {**data[section], **values}
        base = "" if self.name == "custom" else f"the {self.name!r} preset or config with "
        return PipelineConfig.from_dict(data, source=f"({base}the options given)")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _build(cls: type, values: Any, section: str) -> tuple[Any, list[str]]:
    if not isinstance(values, dict):
        return cls(), [f"{section} must be a mapping, got {type(values).__name__}"]
    hints = get_type_hints(cls)
    names = [f.name for f in fields(cls)]
    errors, kwargs = [], {}
    for key, value in values.items():
        if key not in names:
            errors.append(
                f"unknown key {section}.{key}; valid keys: {', '.join(names)}."
                f"{did_you_mean(key, names)}"
            )
            continue
        problem = _type_problem(value, hints[key])
        if problem:
            errors.append(f"{section}.{key} {problem}, got {value!r}")
            continue
        kwargs[key] = value
    return cls(**kwargs), errors


def _type_problem(value: Any, hint: Any) -> str | None:
    text = str(hint)
    if value is None:
        return None if "None" in text else "must not be empty"
    if "bool" in text:
        return None if isinstance(value, bool) else "must be true or false"
    if "float" in text:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else "must be a number"
    if "int" in text:
        return (
            None if isinstance(value, int) and not isinstance(value, bool) else "must be an integer"
        )
    if "str" in text:
        return None if isinstance(value, str) else "must be a string"
    return None


def _choice(name: str, value: str, valid: tuple[str, ...]) -> list[str]:
    if value in valid:
        return []
    return [f"{name} is {value!r}; valid: {', '.join(valid)}.{did_you_mean(value, valid)}"]


def _positive(name: str, value: int) -> list[str]:
    return [] if value > 0 else [f"{name} must be a positive integer, got {value}"]
