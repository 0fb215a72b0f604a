"""The real pipeline with tiny memorised models: exact translations, paragraphs kept."""

from __future__ import annotations

import pytest

import hinews
from hinews.errors import ConfigError, InputError
from hinews.pipeline import Pipeline
from hinews.presets import load_preset
from hinews.results import Provenance
from hinews.translators.factory import load_translator
from tiny_data import DOC, DOC_EN, PAIRS, PARAGRAPHS, TITLE, TITLE_EN
from tiny_models import Recording


@pytest.fixture(params=["marian", "nllb"])
def model_dir(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"tiny_{request.param}").path)


def test_translates_a_multi_paragraph_document_exactly(model_dir: str) -> None:
    result = hinews.translate(DOC, translator=model_dir)
    assert result.title == TITLE_EN
    assert result.title_source == TITLE
    assert result.text == DOC_EN
    assert [s.paragraph for s in result.sentences] == [
        p for p, idx in enumerate(PARAGRAPHS) for _ in idx
    ]
    assert [(s.source, s.target) for s in result.sentences] == [
        PAIRS[i] for idx in PARAGRAPHS for i in idx
    ]
    prov = result.provenance
    assert prov.model == model_dir and prov.backend == "transformers"
    beams = load_preset("default").translator.num_beams  # a --translator keeps the preset's
    assert prov.options["num_beams"] == beams and prov.hinews_version == hinews.__version__


def test_to_dict_shape(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    data = hinews.translate(DOC, translator=str(tiny_marian.path)).to_dict()
    assert set(data) >= {"title", "text", "sentences", "provenance"}
    first = data["sentences"][0]
    assert {k: first[k] for k in ("source", "target", "paragraph", "flags")} == {
        "source": PAIRS[28][0],
        "target": PAIRS[28][1],
        "paragraph": 0,
        "flags": [],
    }
    assert 0.9 < first["confidence"] <= 1.0
    assert data["provenance"]["model"] == str(tiny_marian.path)


def test_nllb_is_told_its_languages(tiny_nllb) -> None:  # type: ignore[no-untyped-def]
    pipe = Pipeline.from_options(translator=str(tiny_nllb.path))
    prov = pipe.translator.provenance
    assert (prov.options["src_lang"], prov.options["tgt_lang"]) == ("hin_Deva", "eng_Latn")


def test_batch_mode_shares_batches_across_documents(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    pipe = Pipeline.from_options(translator=str(tiny_marian.path))
    rec = Recording(pipe.translator)
    pipe = Pipeline(pipe.config, translator=rec)
    other = PAIRS[4][0] + " " + PAIRS[5][0] + "\n\n" + PAIRS[8][0] + " " + PAIRS[9][0]
    results = pipe.translate_batch([DOC, other], clean=False)
    assert len(rec.calls) == 1  # one call to the model for both documents
    assert results[0].text == TITLE_EN + "\n\n" + DOC_EN  # --no-clean: the title is body
    assert (
        results[1].text
        == PAIRS[4][1] + " " + PAIRS[5][1] + "\n\n" + PAIRS[8][1] + " " + (PAIRS[9][1])
    )


def test_models_load_once(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    a = Pipeline.from_options(translator=str(tiny_marian.path)).translator
    b = Pipeline.from_options(translator=str(tiny_marian.path)).translator
    assert a is b
    assert (
        load_translator(Pipeline.from_options(translator=str(tiny_marian.path)).config.translator)
        is a
    )


def test_a_60_clause_paragraph_reaches_the_model_whole(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    clauses = [f"खंड {i} में किसानों ने अपनी मांगें रखीं" for i in range(60)]
    paragraph = "भारत ने आज नया उपग्रह लॉन्च किया। " + ", ".join(clauses)  # no full stop
    base = Pipeline.from_options(translator=str(tiny_marian.path))
    rec = Recording(base.translator)
    pipe = Pipeline(base.config, translator=rec)
    result = pipe.translate(paragraph, clean=False)
    limit = rec.max_source_tokens
    assert all(rec.count_tokens(s) <= limit for s in rec.seen)
    assert len(rec.seen) > 2  # the long sentence was split
    # Every clause reached the model exactly once, and nothing else was lost or added.
    for clause in clauses:
        assert sum(piece.count(clause) for piece in rec.seen) == 1, clause
    assert sum(len(p.replace(" ", "")) for p in rec.seen) == len(paragraph.replace(" ", ""))
    assert len(result.sentences) == 2  # still two source sentences in the result
    assert result.sentences[1].source == ", ".join(clauses)


def test_translate_sentences_splits_instead_of_truncating(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    base = Pipeline.from_options(translator=str(tiny_marian.path))
    rec = Recording(base.translator)
    pipe = Pipeline(base.config, translator=rec)
    long = ", ".join(["किसानों ने अपनी मांगें रखीं"] * 80)
    out = pipe.translate_sentences([PAIRS[0][0], long, PAIRS[1][0]])
    assert out[0] == PAIRS[0][1] and out[2] == PAIRS[1][1]
    pieces = [s for s in rec.seen if s not in (PAIRS[0][0], PAIRS[1][0])]
    assert len(pieces) >= 2 and all(rec.count_tokens(p) <= rec.max_source_tokens for p in pieces)
    assert " ".join(pieces).count("किसानों ने अपनी मांगें रखीं") == 80


def test_backend_refuses_to_truncate(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    translator = Pipeline.from_options(translator=str(tiny_marian.path)).translator
    with pytest.raises(InputError, match="does not truncate"):
        translator.translate_batch([" ".join(["भारत"] * 400)])


def test_brief_extractive_three_bullets_in_article_order(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    brief = hinews.brief(DOC, translator=str(tiny_marian.path), summarizer="extractive")
    assert brief.title == TITLE_EN
    assert len(brief.bullets) == 3 and brief.note is None
    english = [p.target for p in brief.translation.sentences]
    positions = [english.index(b) for b in brief.bullets]
    assert positions == sorted(positions)
    assert brief.translation.text == DOC_EN
    data = brief.to_dict()
    assert set(data) >= {"title", "bullets", "translation", "provenance"}
    assert data["translation"]["text"] == DOC_EN


def test_brief_lead_is_the_first_three_sentences(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    brief = hinews.brief(DOC, translator=str(tiny_marian.path), summarizer="lead")
    assert list(brief.bullets) == [PAIRS[i][1] for i in PARAGRAPHS[0][:3]]


def test_summarize_first_translates_only_three_sentences(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    base = Pipeline.from_options(translator=str(tiny_marian.path), summarizer="lead")
    rec = Recording(base.translator)
    pipe = Pipeline(base.config, translator=rec)
    brief = pipe.brief(DOC, order="summarize-first")
    assert sorted(rec.seen) == sorted([TITLE] + [PAIRS[i][0] for i in PARAGRAPHS[0][:3]])
    assert list(brief.bullets) == [PAIRS[i][1] for i in PARAGRAPHS[0][:3]]
    assert brief.order == "summarize-first"


def test_summarize_first_needs_an_extractive_strategy(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    class Abstractive:
        def summarize(self, sentences: list[str], n: int = 3) -> list[str]:
            return sentences[:n]

        @property
        def provenance(self) -> Provenance:
            return Provenance(model="fake", backend="test")

    base = Pipeline.from_options(translator=str(tiny_marian.path))
    pipe = Pipeline(base.config, summarizer=Abstractive())
    with pytest.raises(ConfigError, match="summarize-first"):
        pipe.brief(DOC, order="summarize-first")


def test_short_article_brief_says_why_it_has_fewer_bullets(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    text = PAIRS[0][0] + " " + PAIRS[1][0]
    brief = hinews.brief(text, translator=str(tiny_marian.path), clean=False, force=True)
    assert list(brief.bullets) == [PAIRS[0][1], PAIRS[1][1]]
    assert brief.note == "The article has only 2 distinct sentences, so the brief has 2 bullets."


def test_a_brief_short_of_bullets_through_repeated_translations_says_so(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    class Parrot:  # every sentence comes out the same
        def translate_batch(self, sentences: list[str]) -> list[hinews.Hypothesis]:
            return [hinews.Hypothesis("The same sentence.", 0.9) for _ in sentences]

        def count_tokens(self, sentence: str) -> int:
            return len(sentence.split())

        @property
        def max_source_tokens(self) -> int:
            return 512

        @property
        def provenance(self) -> Provenance:
            return Provenance(model="parrot", backend="test")

    base = Pipeline.from_options(translator=str(tiny_marian.path))
    brief = Pipeline(base.config, translator=Parrot()).brief(DOC)
    # The one English sentence is also the title's: no bullet restates the headline.
    assert brief.title == "The same sentence." and brief.bullets == ()
    assert brief.note == (
        "The translation has only 1 distinct sentence (the article has 10), and it "
        "restates the headline, so the brief has no bullet."
    )


def test_unsupported_numbers_are_flagged(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    class Inventive:
        def summarize(self, sentences: list[str], n: int = 3) -> list[str]:
            return [
                "The elections will be held on 12 May.",
                "It cost 99 crore rupees.",
                "Results come in June.",
            ]

        @property
        def provenance(self) -> Provenance:
            return Provenance(model="fake", backend="test")

    base = Pipeline.from_options(translator=str(tiny_marian.path))
    pipe = Pipeline(base.config, summarizer=Inventive())
    brief = pipe.brief(PAIRS[34][0] + " " + PAIRS[35][0] + " " + PAIRS[23][0], clean=False)
    assert brief.unsupported == ((), ("99",), ("June",))


def test_datasets_map_uses_the_pipeline(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    datasets = pytest.importorskip("datasets")
    pipe = Pipeline.from_options(translator=str(tiny_marian.path))
    ds = datasets.Dataset.from_dict({"text": [PAIRS[0][0], PAIRS[4][0]]})
    out = ds.map(lambda batch: {"en": pipe.translate_sentences(batch["text"])}, batched=True)
    assert out["en"] == [PAIRS[0][1], PAIRS[4][1]]
    out = ds.map(lambda row: {"en": pipe.translate(row["text"], clean=False, force=True).text})
    assert out["en"] == [PAIRS[0][1], PAIRS[4][1]]


def test_seed_article_brief_end_to_end(seed_text: str, tiny_marian) -> None:  # type: ignore[no-untyped-def]
    base = Pipeline.from_options(translator=str(tiny_marian.path), summarizer="extractive")
    rec = Recording(base.translator)
    pipe = Pipeline(base.config, translator=rec)
    brief = pipe.brief(seed_text)
    seg = pipe.segment(seed_text)
    assert seg.title == (
        "रूस के विदेश मंत्री सर्गेई लावरोव ने की नॉर्थ कोरियाई सुप्रीम लीडर किम जोंग उन से मुलाकात"
    )
    sources = " ".join(rec.seen)
    for boilerplate in (
        "Patrika",
        "Tanay Mishra",
        "Hindi News /",
        "ट्रेंडिंग वीडियो",
        "Washington Post",
        "script",
    ):
        assert boilerplate not in sources
    assert "लावरोव ने कहा कि रूसी अधिकारी" in sources  # last body paragraph kept
    assert len(brief.bullets) == 3 or brief.note
    assert len(brief.translation.sentences) == len(seg.sentences)


def test_empty_sentences_translate_to_empty(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    base = Pipeline.from_options(translator=str(tiny_marian.path))
    rec = Recording(base.translator)
    pipe = Pipeline(base.config, translator=rec)
    assert pipe.translate_sentences([PAIRS[0][0], "", "   "]) == [PAIRS[0][1], "", ""]
    assert rec.seen == [PAIRS[0][0]]


def test_results_are_immutable_and_hashable(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    result = hinews.translate(DOC, translator=str(tiny_marian.path))
    with pytest.raises(TypeError):
        result.provenance.options["num_beams"] = 99  # type: ignore[index]
    assert hash(result) == hash(hinews.translate(DOC, translator=str(tiny_marian.path)))


def test_wrong_input_types_and_batch_errors_name_the_article(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    pipe = Pipeline.from_options(translator=str(tiny_marian.path))
    with pytest.raises(InputError, match="got NoneType"):
        pipe.translate(None)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"decode bytes first"):
        pipe.translate(DOC.encode())  # type: ignore[arg-type]
    with pytest.raises(InputError, match="article 1 of 2: The input is an empty text"):
        pipe.translate_batch([DOC, ""])
    with pytest.raises(InputError, match="list of articles"):
        pipe.translate_batch(DOC)  # type: ignore[arg-type]
    texts = [DOC]
    pipe.brief_batch(texts)
    assert texts == [DOC]  # the caller's list is left alone


@pytest.mark.parametrize("show_dropped", [False, True])
def test_hinews_segment_is_pipeline_segment_on_the_defaults(show_dropped: bool) -> None:
    from hinews.config import PipelineConfig

    text = f"देश\n\n{DOC}\n\nयह भी पढ़ें: मुंबई में भी भारी बारिश का अलर्ट"
    expected = Pipeline(PipelineConfig()).segment(text, show_dropped=show_dropped)
    assert hinews.segment(text, show_dropped=show_dropped) == expected
    assert bool(expected.dropped) == show_dropped


def test_hinews_segment_says_how_to_pass_bytes() -> None:
    with pytest.raises(InputError, match=r"got bytes \(decode bytes first"):
        hinews.segment(DOC.encode("utf-8"))  # type: ignore[arg-type]


def test_options_on_a_preset_are_named_in_its_description(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    from hinews.presets import load_preset

    fast = load_preset("fast")
    pipe = Pipeline.from_options(preset="fast", translator=str(tiny_marian.path), num_beams=1)
    assert pipe.config.name == "fast"
    assert pipe.config.description == (
        f"{fast.description} Changed: translator.model={tiny_marian.path}."
    )  # num_beams=1 is the preset's own value: not a change
    assert Pipeline.from_options(preset="fast").config.description == fast.description
