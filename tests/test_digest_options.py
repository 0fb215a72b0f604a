"""``Pipeline.digest`` and ``hinews.digests.digest(pipeline=...)`` honour their options:
the digest's own go to the digest, the others change the pipeline's config for that
digest (its models kept where their section is unchanged), and an unknown one is a
ConfigError naming the nearest valid option."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hinews.config import PipelineConfig
from hinews.digests import digest
from hinews.errors import ConfigError
from hinews.pipeline import Pipeline
from tiny_data import PAIRS

HI = [p[0] for p in PAIRS]
EN = dict(PAIRS)


def _reports() -> list[dict[str, str]]:
    return [
        {"id": "rain", "text": " ".join(HI[4:8])},
        {"id": "bridge", "text": " ".join(HI[28:32])},
    ]


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"bogus": 1}, "unknown digest option 'bogus'; valid: "),
        ({"story_treshold": 0.5}, "'story_treshold' (did you mean 'story_threshold'?)"),
        ({"num_beam": 1}, "'num_beam' (did you mean 'num_beams'?)"),
        ({"translater": "nllb", "devise": "cpu"}, "(did you mean 'device'?)"),
    ],
)
def test_an_unknown_option_is_refused_before_anything_loads(
    options: dict[str, Any], said: str
) -> None:
    pipe = Pipeline(PipelineConfig())  # no model is loaded to refuse an option
    with pytest.raises(ConfigError, match="unknown digest option") as caught:
        pipe.digest(_reports(), **options)
    assert said in str(caught.value)
    with pytest.raises(ConfigError) as again:
        digest(_reports(), pipeline=pipe, **options)
    assert str(again.value) == str(caught.value)
    with pytest.raises(ConfigError, match="unknown digest option"):
        digest(_reports(), **options)  # no pipeline given: the same check
    assert pipe._translator is None and pipe._summarizer is None
    assert isinstance(caught.value, ValueError)  # a ConfigError is a ValueError too


def test_both_unknown_options_are_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        Pipeline(PipelineConfig()).digest(_reports(), bogus=1, linkge="average")
    message = str(caught.value)
    assert message.startswith("unknown digest options 'bogus', 'linkge' (did you mean 'linkage'?)")


def test_config_and_preset_are_the_pipelines_not_a_digests() -> None:
    with pytest.raises(ConfigError, match="unknown digest option 'preset'"):
        Pipeline(PipelineConfig()).digest(_reports(), preset="fast")
    with pytest.raises(ConfigError, match="unknown digest option 'config'"):
        digest(_reports(), pipeline=Pipeline(PipelineConfig()), config="x.yaml")


def test_pipeline_options_name_the_nearest_one_too() -> None:
    with pytest.raises(ConfigError, match=r"'batchsize' \(did you mean 'batch_size'\?\)"):
        Pipeline.from_options(translator="x", batchsize=4)
    with pytest.raises(ConfigError, match=r"pass config= or preset= to Pipeline\.from_options"):
        Pipeline(PipelineConfig()).with_options(preset="fast")


@pytest.mark.slow
def test_the_translator_option_translates_with_that_model(tiny_marian: Any, tiny_nllb: Any) -> None:
    pipe = Pipeline.from_options(translator=str(tiny_marian.path), device="cpu")
    own = pipe.digest(_reports())
    other = pipe.digest(_reports(), translator=str(tiny_nllb.path))
    assert own.translator is not None and other.translator is not None
    assert own.translator.model == str(tiny_marian.path)
    assert other.translator.model == str(tiny_nllb.path)  # today it is honoured
    assert pipe.config.translator.model == str(tiny_marian.path)  # the pipeline is unchanged
    for result in (own, other):  # both models memorised the same pairs
        assert {b for s in result.stories for b in s.bullets} <= set(EN.values())
    via_package = digest(_reports(), pipeline=pipe, translator=str(tiny_nllb.path))
    assert via_package.to_dict()["stories"] == other.to_dict()["stories"]


@pytest.mark.slow
def test_field_options_change_the_config_and_keep_a_model_they_do_not_touch(
    tiny_marian: Any, tmp_path: Path
) -> None:
    pipe = Pipeline.from_options(translator=str(tiny_marian.path), device="cpu")
    assert pipe.with_options() is pipe and pipe.with_options(num_beams=None) is pipe
    beams = pipe.with_options(num_beams=1)
    assert beams.config.translator.num_beams == 1 and beams is not pipe
    assert "Changed: translator.num_beams=1" in beams.config.description
    threshold = pipe.with_options(confidence_threshold=0.01)
    translator = pipe.translator
    assert threshold.translator is translator  # the translator section did not change
    got = pipe.digest(_reports(), num_beams=1, state=tmp_path / "state.json")
    assert got.translator is not None and got.translator.options["num_beams"] == 1
    assert (tmp_path / "state.json").is_file()  # the digest's own option went to the digest
