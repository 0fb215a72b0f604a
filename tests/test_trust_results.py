"""Trust signals in the results, their JSON, Markdown, and the web app's HTML."""

from __future__ import annotations

import hinews
from hinews.results import (
    FLAG_NAMES,
    Brief,
    Language,
    Provenance,
    SentencePair,
    Translation,
)
from hinews.webapp.render import brief_html, translation_html

HINDI = Language("hin_Deva", "Hindi", 0.98)


def _translation() -> Translation:
    return Translation(
        title_source="रेल सेवा",
        title="Rail service",
        sentences=(
            SentencePair("भारत ने आज नया उपग्रह लॉन्च किया।", "India launched a satellite.", 0, 0.93),
            SentencePair(
                "इस पर 20 करोड़ रुपये खर्च होंगे।", "This will cost <b>money</b>.", 0, 0.31,
                ("low-confidence", "numbers"),
            ),
        ),
        provenance=Provenance(model="m", backend="b", options={"source_lang": "hin_Deva"}),
        language=HINDI,
    )  # fmt: skip


def test_json_carries_confidence_flags_counts_and_language() -> None:
    data = _translation().to_dict()
    assert data["sentences"][0]["confidence"] == 0.93 and data["sentences"][0]["flags"] == []
    assert data["sentences"][1]["flags"] == ["low-confidence", "numbers"]
    assert data["flags"] == {**dict.fromkeys(FLAG_NAMES, 0), "low-confidence": 1, "numbers": 1}
    assert data["language"] == {"code": "hin_Deva", "name": "Hindi", "confidence": 0.98}
    assert data["provenance"]["options"]["source_lang"] == "hin_Deva"


def test_markdown_gives_every_sentence_its_confidence_and_marks_flagged_ones() -> None:
    md = _translation().to_markdown()
    assert md.startswith("# Rail service\n\nIndia launched a satellite. This will cost")
    assert md.endswith(
        "## Sentences (1 of 2 sentences flagged)\n\n"
        "| # | confidence | flags | English | Hindi |\n|---|---|---|---|---|\n"
        "| 1 | 0.93 |  | India launched a satellite. | भारत ने आज नया उपग्रह लॉन्च किया। |\n"
        "| ⚠ 2 | 0.31 | low-confidence, numbers | This will cost <b>money</b>. | "
        "इस पर 20 करोड़ रुपये खर्च होंगे। |\n"
        "\n## Made with\n\n"
        "- translator: `m` (b; source_lang=hin_Deva)\n"
        f"- hinews {hinews.__version__}\n"
    )


def test_brief_carries_the_flags_of_its_sentences() -> None:
    tr = _translation()
    brief = Brief(
        title=tr.title,
        bullets=("India launched a satellite.", "This will cost <b>money</b>."),
        unsupported=((), ()),
        translation=tr,
        provenance=Provenance(model="extractive", backend="hinews"),
        bullet_flags=((), ("low-confidence", "numbers")),
    )
    data = brief.to_dict()
    assert data["bullet_flags"] == [[], ["low-confidence", "numbers"]]
    assert data["language"]["code"] == "hin_Deva"
    assert "- This will cost <b>money</b>. _(⚠ low-confidence, numbers)_" in brief.to_markdown()
    html = brief_html(brief)
    assert "⚠ low-confidence, numbers</span>" in html and "<b>money" not in html


def test_app_html_shows_confidence_and_marks_flagged_rows() -> None:
    html = translation_html(_translation())
    assert '<td class="hinews-conf" title="model confidence">0.93</td>' in html
    assert '<td class="hinews-conf" title="model confidence">0.31</td>' in html
    assert html.count('<tr class="hinews-low">') == 1
    assert '<span class="hinews-flags">⚠ low-confidence, numbers</span>' in html
    assert "language: Hindi (hin_Deva, 0.98)" in html and "flagged: low-confidence 1" in html
    assert "<b>money</b>" not in html  # still escaped


def test_config_trust_options_are_validated_all_at_once() -> None:
    import pytest

    from hinews.config import PipelineConfig
    from hinews.errors import ConfigError

    ok = PipelineConfig.from_dict(
        {"pipeline": {"source_lang": "auto", "glossary": "desk.tsv", "confidence_threshold": 0.6}}
    )
    assert (ok.pipeline.source_lang, ok.pipeline.confidence_threshold) == ("auto", 0.6)
    with pytest.raises(ConfigError) as info:
        PipelineConfig.from_dict(
            {"pipeline": {"source_lang": "marathi", "confidence_threshold": 1.5}}
        )
    assert "pipeline.source_lang is 'marathi'" in str(info.value)
    assert "confidence_threshold must be between 0 and 1, got 1.5" in str(info.value)
    with pytest.raises(ConfigError, match="confidence_threshold must be a number"):
        PipelineConfig.from_dict({"pipeline": {"confidence_threshold": "high"}})
