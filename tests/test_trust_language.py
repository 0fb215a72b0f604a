"""Language of an article: detection, refusal by Hindi-only models, NLLB source codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import hinews
from hinews.cli import main
from hinews.errors import ConfigError, InputError
from hinews.pipeline import Pipeline
from hinews.trust.language import check_source_language, detect_language
from tiny_data import DOC, DOC_EN

# Detection is CLD2's (pycld2): without it a core install reads every text as unknown.
pytestmark = pytest.mark.requires("pycld2")

MARATHI = (
    "मुंबईत आज जोरदार पाऊस झाला आणि अनेक रस्त्यांवर पाणी साचले. शाळा दोन दिवस बंद "
    "राहतील, असे महापालिकेने सांगितले. हवामान विभागाने पुढील तीन दिवसांसाठी इशारा दिला आहे."
)
NEPALI = (
    "काठमाडौंमा आज भारी वर्षा भयो र धेरै सडकमा पानी जम्यो। विद्यालयहरू दुई दिन बन्द "
    "रहनेछन् भनी सरकारले जनाएको छ। मौसम विभागले थप तीन दिन वर्षा हुने चेतावनी दिएको छ।"
)
MIXED = (
    "प्रधानमंत्री ने कहा कि India का GDP growth इस साल 7 percent रहेगा। उन्होंने Digital "
    "India mission की सफलता पर बात की और startups को support देने का वादा किया।"
)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        (DOC, "hin_Deva", "Hindi"),
        (MIXED, "hin_Deva", "Hindi"),  # Hindi-English code mixing stays Hindi
        (MARATHI, "mar_Deva", "Marathi"),
        (NEPALI, "npi_Deva", "Nepali"),
    ],
)
def test_detect_language(text: str, code: str, name: str) -> None:
    language = detect_language(text)
    assert language is not None
    assert (language.code, language.name) == (code, name)
    assert 0.5 < language.confidence <= 1.0
    assert set(language.to_dict()) == {"code", "name", "confidence"}


def test_too_little_devanagari_is_unknown() -> None:
    assert detect_language("India won the match.") is None
    check_source_language(None, model_codes=False, model="m", force=False)  # no refusal


def test_a_headline_alone_is_too_short_to_refuse() -> None:
    headline = detect_language("इलीट लीग: डंडी स्टार 5-3 बेलफ़ास्ट जायंट")  # NTREX, Hindi
    assert headline is not None and headline.confidence < 0.75  # CLD2 says Marathi here
    check_source_language(headline, model_codes=False, model="opus-mt", force=False)


def test_without_pycld2_segmenting_works_and_translating_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hinews.errors import DependencyError

    monkeypatch.setitem(sys.modules, "pycld2", None)  # import pycld2 -> ImportError
    assert detect_language(MARATHI) is None
    with pytest.raises(DependencyError, match=r"pip install 'hinews\[models\]'"):
        check_source_language(None, model_codes=False, model="opus-mt", force=False)
    check_source_language(None, model_codes=False, model="opus-mt", force=True)


def test_refusal_names_the_language_and_the_fixes() -> None:
    marathi = detect_language(MARATHI)
    with pytest.raises(InputError) as info:
        check_source_language(marathi, model_codes=False, model="opus-mt", force=False)
    message = str(info.value)
    assert "\n" not in message
    assert "looks like Marathi" in message and "opus-mt only translates Hindi" in message
    assert 'source_lang="auto"' in message and "force=True" in message
    assert "--" not in message
    check_source_language(marathi, model_codes=False, model="opus-mt", force=True)


def _articles(data: Path, lang: str) -> list[str]:
    folder = data / "flores200-devtest"
    lines = (folder / f"{lang}_Deva.devtest").read_text("utf-8").split("\n")
    meta = (folder / "metadata_devtest.tsv").read_text("utf-8").split("\n")[1:]
    groups: list[list[str]] = []
    last = None
    for row, line in zip([r for r in meta if r.strip()], lines, strict=False):
        url = row.split("\t")[0]
        if url != last:
            groups.append([])
            last = url
        groups[-1].append(line)
    return [" ".join(g) for g in groups]


@pytest.mark.parametrize(
    ("lang", "code", "at_least"),
    [("hin", "hin_Deva", 0.99), ("mar", "mar_Deva", 0.98), ("npi", "npi_Deva", 0.98)],
)
def test_flores_articles(shared_data: Path, lang: str, code: str, at_least: float) -> None:
    docs = _articles(shared_data, lang)
    assert len(docs) == 281
    found = [detect_language(d) for d in docs]
    right = sum(1 for f in found if f is not None and f.code == code)
    assert right / len(docs) >= at_least


@pytest.mark.parametrize("text", [MARATHI, NEPALI])
def test_api_refuses_other_languages_for_a_hindi_only_model(tiny_marian, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="only translates Hindi"):
        hinews.translate(text, translator=str(tiny_marian.path))
    forced = hinews.translate(  # garbage out: keep it short
        text, translator=str(tiny_marian.path), force=True, num_beams=1, max_new_tokens=16
    )
    assert forced.language is not None and forced.language.code != "hin_Deva"


def test_cli_refuses_marathi_with_one_line(tiny_marian, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "marathi.txt"
    article.write_text(MARATHI, encoding="utf-8")
    code = main(["translate", "--translator", str(tiny_marian.path), str(article)])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "looks like Marathi" in err and "--source-lang auto" in err
    # A hand-given code other than Hindi makes no sense for a model without codes.
    args = ["translate", "--translator", str(tiny_marian.path), "--source-lang", "mar_Deva"]
    code = main([*args, str(article)])
    assert code != 0 and "only translates Hindi" in capsys.readouterr().err


def test_nllb_auto_sets_and_records_the_source_code(tiny_nllb) -> None:  # type: ignore[no-untyped-def]
    pipe = Pipeline.from_options(
        translator=str(tiny_nllb.path), source_lang="auto", num_beams=1, max_new_tokens=24
    )
    seen: list[str | None] = []
    inner = pipe.translator
    original = inner.translate_batch

    def spy(sentences: list[str], *, src_lang: str | None = None) -> list[hinews.Hypothesis]:
        seen.append(src_lang)
        return original(sentences, src_lang=src_lang)

    inner.translate_batch = spy  # type: ignore[method-assign]
    try:
        marathi = pipe.translate(MARATHI)
        hindi = pipe.translate(DOC)
    finally:
        del inner.translate_batch
    assert marathi.provenance.options["src_lang"] == "mar_Deva"
    assert marathi.provenance.options["source_lang"] == "mar_Deva"
    assert marathi.provenance.options["source_lang_from"] == "auto"
    assert marathi.to_dict()["language"]["code"] == "mar_Deva"
    assert hindi.provenance.options["src_lang"] == "hin_Deva" and hindi.text == DOC_EN
    assert seen == ["mar_Deva", "hin_Deva"]


def test_nllb_without_auto_refuses_and_says_how(tiny_nllb) -> None:  # type: ignore[no-untyped-def]
    pipe = Pipeline.from_options(translator=str(tiny_nllb.path), num_beams=1, max_new_tokens=16)
    with pytest.raises(InputError, match='source_lang="auto"'):
        pipe.translate(NEPALI)
    by_hand = Pipeline.from_options(
        translator=str(tiny_nllb.path), num_beams=1, max_new_tokens=16, source_lang="npi_Deva"
    ).translate(NEPALI)
    assert by_hand.provenance.options["src_lang"] == "npi_Deva"


def test_bad_source_lang_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"pipeline\.source_lang"):
        Pipeline.from_options(translator="opus-mt", source_lang="marathi")


def test_segment_json_carries_language(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text(DOC, encoding="utf-8")
    assert main(["segment", "--format", "json", str(article)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["language"]["code"] == "hin_Deva" and data["language"]["name"] == "Hindi"
    assert hinews.segment(MARATHI, force=True).language.code == "mar_Deva"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "note"), [(MARATHI, "Marathi (mar_Deva"), (NEPALI, "Nepali"), (DOC, None)]
)
def test_segment_notes_a_text_that_is_not_hindi(
    text: str, note: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    assert main(["segment", "--force", str(article)]) == 0
    captured = capsys.readouterr()
    assert captured.out  # the sentences, as for Hindi
    if note is None:
        assert "note:" not in captured.err
    else:
        assert f"hinews: note: {article} reads as {note}" in captured.err
        assert "--source-lang auto" in captured.err


def test_segment_of_json_lines_gives_no_language_note(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "mr.JSONL"  # the suffix in any case
    data.write_text(json.dumps({"id": 1, "text": MARATHI}, ensure_ascii=False) + "\n", "utf-8")
    assert main(["segment", "--force", str(data)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["language"]["code"] == "mar_Deva"
    assert "note:" not in captured.err
