"""Every shipped config validates; bad configs report every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from hinews.config import PipelineConfig
from hinews.errors import ConfigError
from hinews.pipeline import Pipeline
from hinews.presets import CONFIG_DIR, MODELS, load_preset, preset_names, resolve_model_name

ROOT = Path(__file__).resolve().parents[1]


def test_configs_dir_is_the_shipped_presets() -> None:
    assert (ROOT / "configs").resolve() == CONFIG_DIR
    assert {"default", "fast", "best"} <= set(preset_names())


@pytest.mark.parametrize("name", preset_names())
def test_every_shipped_config_validates(name: str) -> None:
    config = load_preset(name)
    assert config.name == name
    assert config.description
    assert config.validate() == []
    resolve_model_name(config.translator.model, "translator")
    if config.summarizer.model:
        resolve_model_name(config.summarizer.model, "summarizer")


def test_presets_use_the_models_the_readme_promises() -> None:
    hub_ids = {name: MODELS[load_preset(name).translator.model].hub_id for name in preset_names()}
    assert hub_ids["default"] == "ai4bharat/indictrans2-indic-en-dist-200M"
    assert hub_ids["best"] == "ai4bharat/indictrans2-indic-en-1B"
    assert hub_ids["fast"] == hub_ids["cheap"] == "Helsinki-NLP/opus-mt-hi-en"
    assert hub_ids["nllb"] == "facebook/nllb-200-distilled-600M"
    for name in preset_names():  # every preset says which licences it carries
        description = load_preset(name).description
        licences = {MODELS[load_preset(name).translator.model].license}
        assert all(licence in description for licence in licences), (name, licences)
    # IndicTrans2 runs on CTranslate2 only: its presets say auto (or ctranslate2).
    for name in ("default", "best", "instruct"):
        assert load_preset(name).translator.backend in ("auto", "ctranslate2")


def test_unknown_keys_and_bad_values_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "translator:\n  modle: x\n  num_beams: 0\n  backend: onnx\n  batch_size: lots\n"
        "summarizer:\n  strategy: magic\n"
        "pipeline:\n  order: sideways\n"
        "extra: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        PipelineConfig.from_yaml(path)
    message = str(err.value)
    for expected in (
        "translator.modle",
        "Did you mean 'model'",
        "unknown top-level key 'extra'",
        "translator.batch_size must be an integer",
        "translator.num_beams must be a positive integer",
        "translator.backend is 'onnx'",
        "summarizer.strategy is 'magic'",
        "pipeline.order is 'sideways'",
    ):
        assert expected in message


def test_a_model_strategy_needs_a_model() -> None:
    with pytest.raises(ConfigError, match=r"needs summarizer\.model"):
        PipelineConfig.from_dict({"summarizer": {"strategy": "seq2seq"}})


def test_unreadable_configs(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory"):
        PipelineConfig.from_yaml(tmp_path)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        PipelineConfig.from_yaml(latin)


def test_wrong_types_are_reported() -> None:
    with pytest.raises(ConfigError, match=r"translator\.num_beams must be an integer"):
        PipelineConfig.from_dict({"translator": {"num_beams": "four"}})
    with pytest.raises(ConfigError, match=r"pipeline\.clean must be true or false"):
        PipelineConfig.from_dict({"pipeline": {"clean": "yes"}})


def test_missing_and_invalid_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        PipelineConfig.from_yaml(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("translator: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        PipelineConfig.from_yaml(bad)


def test_unknown_preset_suggests_a_name() -> None:
    with pytest.raises(ConfigError, match="Did you mean 'fast'"):
        load_preset("fsat")


def test_unknown_model_alias_suggests_a_name() -> None:
    with pytest.raises(ConfigError, match="Did you mean 'opus-mt'"):
        resolve_model_name("opus-mtt", "translator")
    assert resolve_model_name("org/model", "translator") == "org/model"
    with pytest.raises(ConfigError, match="summarizer model, not a translator"):
        resolve_model_name("distilbart-cnn", "translator")


def test_options_override_the_preset(tmp_path: Path) -> None:
    pipe = Pipeline.from_options(
        translator="opus-mt",
        summarizer="lead",
        device="cpu",
        batch_size=8,
        order="summarize-first",
        num_beams=1,
    )
    cfg = pipe.config
    assert (cfg.translator.model, cfg.translator.device, cfg.translator.batch_size) == (
        "opus-mt",
        "cpu",
        8,
    )
    assert (cfg.summarizer.strategy, cfg.pipeline.order, cfg.translator.num_beams) == (
        "lead",
        "summarize-first",
        1,
    )
    # A preset name as --translator takes that preset's whole translator section.
    assert Pipeline.from_options(translator="fast").config.translator.backend == "ctranslate2"
    # A summariser alias picks its strategy.
    assert Pipeline.from_options(summarizer="qwen2.5-1.5b").config.summarizer.strategy == (
        "instruct"
    )
    assert Pipeline.from_options(summarizer="distilbart-cnn").config.summarizer.strategy == (
        "seq2seq"
    )
    with pytest.raises(ConfigError, match="unknown pipeline option 'colour'"):
        Pipeline.from_options(colour="red")
