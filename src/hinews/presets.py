"""Named models and pipeline presets.

Like faster-whisper's ``_MODELS``, short aliases map to hub ids; pipeline presets are the
YAML files in ``configs/`` (shipped inside the package as ``hinews/configs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hinews.config import PipelineConfig
from hinews.errors import ConfigError, did_you_mean

CONFIG_DIR = Path(__file__).resolve().parent / "configs"


@dataclass(frozen=True)
class ModelInfo:
    """A model hinews knows by a short name."""

    alias: str
    hub_id: str
    kind: str  # "translator" or "summarizer"
    size: str
    license: str
    note: str = ""
    family: str = ""  # "indictrans2": runs on the CTranslate2 backend only
    #: The revision downloads ask for, and the commit it must be at (its first hex digits,
    #: as read on the hub page; None: not recorded yet, so whatever the revision is at is
    #: taken, and the full commit is recorded in the provenance either way).
    revision: str = "main"
    commit: str | None = None


MODELS: dict[str, ModelInfo] = {
    m.alias: m
    for m in (
        ModelInfo(
            "indictrans2",
            "ai4bharat/indictrans2-indic-en-dist-200M",
            "translator",
            "211M params, 0.9 GB",
            "MIT",
            "default: IndicTrans2 distilled; Hindi, Marathi, Nepali... (Devanagari) to English",
            "indictrans2",
            commit="9e0c904",  # main, read on the hub page 2026-12 (config.json's commit)
        ),
        ModelInfo(
            "indictrans2-1b",
            "ai4bharat/indictrans2-indic-en-1B",
            "translator",
            "1.0B params, 4.1 GB",
            "MIT",
            "best: IndicTrans2; Hindi, Marathi, Nepali... (Devanagari) to English",
            "indictrans2",
            # A full commit, so the hub serves exactly it: "Inherit from GenerationMixin",
            # whose tree has model.safetensors (4.09 GB), dict.*.json, model.SRC/TGT and
            # config.json (read from the hub's tree page, 2026-12-07). Later commits on main
            # touched only the *.py files hinews never runs and the README.
            revision="76d78eeaca6943827d26d560d6ae12bb13761650",
            commit="76d78ee",
        ),
        ModelInfo(
            "opus-mt",
            "Helsinki-NLP/opus-mt-hi-en",
            "translator",
            "76M params, 0.3 GB",
            "Apache-2.0",
            "fast: Marian, trained on OPUS",
        ),
        ModelInfo(
            "nllb-600m",
            "facebook/nllb-200-distilled-600M",
            "translator",
            "600M params, 2.5 GB",
            "CC-BY-NC-4.0",
            "NLLB-200 distilled (preset nllb)",
        ),
        ModelInfo(
            "nllb-1.3b",
            "facebook/nllb-200-distilled-1.3B",
            "translator",
            "1.3B params, 5.5 GB",
            "CC-BY-NC-4.0",
            "NLLB-200 distilled",
        ),
        ModelInfo(
            "distilbart-cnn",
            "sshleifer/distilbart-cnn-12-6",
            "summarizer",
            "306M params, 1.2 GB",
            "Apache-2.0",
            "seq2seq, CNN/DailyMail",
        ),
        ModelInfo(
            "bart-large-cnn",
            "facebook/bart-large-cnn",
            "summarizer",
            "406M params, 1.6 GB",
            "MIT",
            "seq2seq, CNN/DailyMail",
        ),
        ModelInfo(
            "pegasus-cnn",
            "google/pegasus-cnn_dailymail",
            "summarizer",
            "568M params, 2.3 GB",
            "Apache-2.0",
            "seq2seq, CNN/DailyMail",
        ),
        ModelInfo(
            "qwen2.5-0.5b",
            "Qwen/Qwen2.5-0.5B-Instruct",
            "summarizer",
            "0.5B params, 1.0 GB",
            "Apache-2.0",
            "instruct, chat template",
        ),
        ModelInfo(
            "qwen2.5-1.5b",
            "Qwen/Qwen2.5-1.5B-Instruct",
            "summarizer",
            "1.5B params, 3.1 GB",
            "Apache-2.0",
            "instruct, chat template",
        ),
        # Summarisers that read the Hindi article (the note starts with the strategy).
        ModelInfo(
            "xlsum",
            "csebuetnlp/mT5_multilingual_XLSum",
            "summarizer",
            "580M params, 2.3 GB",
            "CC-BY-NC-SA-4.0",
            "source, mT5 XL-Sum: Hindi in, Hindi summary out (non-commercial)",
            # A full commit: the weights, config.json (with the card's decoding) and
            # spiece.model came in 7b056bf ("Added initial files", 2021-10-02); 361416d
            # (2021-10-03) is the last of the README edits after it, read from the hub's
            # commit history page, 2026-12-07.
            revision="361416d0a10fe5df7e139081f3b5476fd39c860f",
            commit="361416d",
        ),
        ModelInfo(
            "crosssum",
            "csebuetnlp/mT5_m2o_english_crossSum",
            "summarizer",
            "580M params, 2.3 GB",
            "CC-BY-NC-SA-4.0",
            "crosslingual, mT5 CrossSum: Hindi in, English summary out (non-commercial)",
            # main, read on the hub page 2026-12: spiece.model deleted in 398bd92 and
            # restored in 02f1dbf; 978a27f has it.
            commit="978a27f",
        ),
    )
}


def resolve_model_name(name: str, kind: str) -> str:
    """Map an alias to its hub id; directories and hub ids (``org/name``) pass through.

    Raises:
        ConfigError: ``name`` is neither an alias, a directory nor a hub id.
    """
    if name in MODELS:
        info = MODELS[name]
        if info.kind != kind:
            raise ConfigError(f"{name!r} is a {info.kind} model, not a {kind} model")
        return info.hub_id
    if Path(name).expanduser().is_dir() or "/" in name:
        return name
    aliases = [a for a, m in MODELS.items() if m.kind == kind]
    raise ConfigError(
        f"unknown {kind} model {name!r}; give a local directory, a hub id such as "
        f"'org/model', or one of: {', '.join(aliases)}.{did_you_mean(name, aliases)}"
    )


def preset_names() -> list[str]:
    """Names of the pipeline presets shipped in ``configs/``."""
    return sorted(p.stem for p in CONFIG_DIR.glob("*.yaml"))


def preset_path(name: str) -> Path:
    """Path of a pipeline preset by name (``default``, ``fast``, ``best`` ...)."""
    path = CONFIG_DIR / f"{name}.yaml"
    if not path.is_file():
        names = preset_names()
        raise ConfigError(
            f"unknown preset {name!r}; available presets: {', '.join(names)}; or pass a "
            f"YAML file as config=PATH.{did_you_mean(name, names)}"
        )
    return path


def load_preset(name: str) -> PipelineConfig:
    """Load a pipeline preset by name."""
    return PipelineConfig.from_yaml(preset_path(name))
