"""Briefs by summarisers that read the Hindi article, through the pipeline and the Python API,
with the tiny Marian translator (which translates every sentence of these articles, and of
the tiny XL-Sum model's Hindi summaries, exactly)."""

from __future__ import annotations

from typing import Any

import pytest

import hinews
import tiny_summarizers as ts
from hinews.errors import ConfigError, InputError, ModelNotFoundError
from hinews.pipeline import Pipeline
from hinews.summarize.seq2seq import split_sentences
from hinews.text import split_sentences as split_hindi
from tiny_data import PAIRS, TITLE, TITLE_EN
from tiny_models import Recording

pytestmark = pytest.mark.slow
EN = dict(PAIRS)


def _pipe(translator: Any, summarizer: Any, **options: Any) -> Pipeline:
    return Pipeline.from_options(
        translator=str(translator.path),
        summarizer=str(summarizer.path),
        summarizer_strategy=summarizer.strategy,
        device="cpu",
        **options,
    )


def _expected(candidates: list[str], article: list[str]) -> list[str]:
    """The model's bullets, then the best-ranked sentences of the article's translation."""
    return ts.expected_top_up(candidates, [EN[s] for s in article])


# --------------------------------------------------------------------------- source


def test_xlsum_brief_is_its_translated_summary_then_the_extractive_fill(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5
) -> None:
    pipe = _pipe(tiny_marian, tiny_xlsum)
    assert pipe.config.summarizer.strategy == "source"
    article, summary = tiny_xlsum.articles[0], tiny_xlsum.summaries[0]
    brief = pipe.brief(ts.hindi_article(article))
    model = [EN[s] for s in split_hindi(summary)]
    assert list(brief.bullets) == _expected(model, article)
    assert brief.bullets[:2] == tuple(model) and brief.bullets[2] not in model
    assert brief.title == TITLE_EN
    # The aligned view is the whole article, translated.
    assert [(p.source, p.target) for p in brief.translation.sentences] == [
        (s, EN[s]) for s in article
    ]
    options = brief.provenance.options
    assert options["strategy"] == "source" and options["model_bullets"] == 2
    assert options["summary"] == summary and options["chunks"] == 1
    assert brief.unsupported == ((), (), ()) and brief.note is None


def test_numbers_the_model_brings_are_checked_against_the_hindi(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5
) -> None:
    article, summary = tiny_xlsum.articles[1], tiny_xlsum.summaries[1]
    brief = _pipe(tiny_marian, tiny_xlsum).brief(ts.hindi_article(article))
    assert brief.bullets[:2] == tuple(EN[s] for s in split_hindi(summary))
    assert brief.bullets[1] == "The Sensex rose 500 points."
    assert brief.unsupported == ((), ("500",), ())  # 500 is in no sentence of the article
    assert brief.to_dict()["unsupported_numbers"] == [[], ["500"], []]


def test_a_bullet_translated_from_the_models_hindi_has_its_own_flags(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5
) -> None:
    # Every translation is below a confidence threshold of 1: every bullet is flagged,
    # the model's too (their flags are those of the summary sentences' translations).
    article = tiny_xlsum.articles[1]
    pipe = _pipe(tiny_marian, tiny_xlsum, confidence_threshold=1.0)
    brief = pipe.brief(ts.hindi_article(article))
    assert all("low-confidence" in flags for flags in brief.bullet_flags)
    sensex = next(p for p in PAIRS if p[1] == brief.bullets[1])[0]
    assert sensex not in article  # a sentence of the summary only, flagged all the same
    # Without the threshold only the summary's own sentence is flagged: the article does
    # not say it (the Sensex figure), so it is unsupported.
    assert _pipe(tiny_marian, tiny_xlsum).brief(ts.hindi_article(article)).bullet_flags == (
        (),
        ("unsupported",),
        (),
    )


def test_the_hindi_summary_is_translated_in_the_articles_batches(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5
) -> None:
    base = _pipe(tiny_marian, tiny_xlsum)
    rec = Recording(base.translator)
    pipe = Pipeline(base.config, translator=rec)
    articles = [ts.hindi_article(a) for a in tiny_xlsum.articles]
    briefs = pipe.brief_batch(articles)
    assert len(rec.calls) == 1  # one model batch: titles, both articles and both summaries
    summary_sentences = [s for summary in tiny_xlsum.summaries for s in split_hindi(summary)]
    assert set(summary_sentences) <= set(rec.seen)
    # Each brief's provenance is its own article's call, not the batch's last.
    assert [b.provenance.options["summary"] for b in briefs] == tiny_xlsum.summaries
    for brief, article, summary in zip(
        briefs, tiny_xlsum.articles, tiny_xlsum.summaries, strict=True
    ):
        assert list(brief.bullets) == _expected([EN[s] for s in split_hindi(summary)], article)


def test_summarize_first_translates_the_title_summary_and_fill_only(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5
) -> None:
    from hinews.summarize.extractive import select

    base = _pipe(tiny_marian, tiny_xlsum, order="summarize-first")
    rec = Recording(base.translator)
    pipe = Pipeline(base.config, translator=rec)
    article, summary = tiny_xlsum.articles[0], tiny_xlsum.summaries[0]
    brief = pipe.brief(ts.hindi_article(article))
    picks = [article[i] for i in select(article, 3)]
    assert sorted(rec.seen) == sorted([TITLE, *split_hindi(summary), *picks])
    assert [p.source for p in brief.translation.sentences] == picks
    assert list(brief.bullets) == ts.expected_top_up(
        [EN[s] for s in split_hindi(summary)], [EN[s] for s in picks]
    )
    assert brief.order == "summarize-first" and "summarize-first" in (brief.note or "")


def test_a_long_article_is_map_reduced_and_the_provenance_says_so(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5
) -> None:
    base = _pipe(tiny_marian, tiny_xlsum)
    config = base.config.replace(summarizer={"max_source_tokens": tiny_xlsum.long_limit})
    brief = Pipeline(config).brief(ts.hindi_article(ts.XLSUM_LONG))
    model = [EN[s] for s in split_hindi(tiny_xlsum.long_summary)]
    assert list(brief.bullets) == _expected(model, ts.XLSUM_LONG)
    options = brief.provenance.options
    assert (options["chunks"], options["rounds"], options["truncated_sentences"]) == (2, 2, 0)
    assert options["max_source_tokens"] == tiny_xlsum.long_limit
    assert brief.note is None  # nothing was cut or left out
    assert len(brief.translation.sentences) == len(ts.XLSUM_LONG)


def test_an_input_cut_at_the_limit_is_said_in_the_note(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5
) -> None:
    # Eight tokens hold no sentence and no chunk summary whole: cut, and said so.
    base = _pipe(tiny_marian, tiny_xlsum)
    config = base.config.replace(
        summarizer={"max_source_tokens": 8, "max_new_tokens": 12, "num_beams": 1}
    )
    brief = Pipeline(config).brief(ts.hindi_article(tiny_xlsum.articles[0]))
    options = brief.provenance.options
    assert options["truncated_sentences"] > 0 and options["reduce_truncated"] is True
    note = brief.note or ""
    assert f"cut or left out {options['truncated_sentences']} sentences" in note
    assert "too long to summarise whole" in note
    assert len(brief.bullets) == 3  # still three bullets, topped up from the translation


# --------------------------------------------------------------------------- crosslingual


def test_crosssum_brief_is_its_english_summary_then_the_fill(
    tiny_marian: Any, tiny_crosssum: ts.TinyMT5
) -> None:
    pipe = _pipe(tiny_marian, tiny_crosssum)
    assert pipe.config.summarizer.strategy == "crosslingual"
    article, summary = tiny_crosssum.articles[0], tiny_crosssum.summaries[0]
    brief = pipe.brief(ts.hindi_article(article))
    assert list(brief.bullets) == _expected(split_sentences(summary), article)
    assert brief.unsupported == ((), ("40",), ())  # the model's 40 mm is not in the Hindi
    assert brief.provenance.options["model_bullets"] == 2
    assert brief.translation.text == " ".join(EN[s] for s in article)

    three = pipe.brief(ts.hindi_article(tiny_crosssum.articles[1]))
    assert list(three.bullets) == split_sentences(tiny_crosssum.summaries[1])
    assert three.provenance.options["model_bullets"] == 3


def test_crosssum_summarize_first_translates_only_the_title_and_the_fill(
    tiny_marian: Any, tiny_crosssum: ts.TinyMT5
) -> None:
    base = _pipe(tiny_marian, tiny_crosssum, order="summarize-first")
    rec = Recording(base.translator)
    article = tiny_crosssum.articles[0]
    brief = Pipeline(base.config, translator=rec).brief(ts.hindi_article(article))
    assert len(rec.seen) == 4 and TITLE in rec.seen  # the title and three picks
    assert brief.bullets[:2] == tuple(split_sentences(tiny_crosssum.summaries[0]))
    assert len(brief.bullets) == 3 and brief.bullets[2] in [EN[s] for s in article]


def test_the_python_api_takes_the_strategy(tiny_marian: Any, tiny_crosssum: ts.TinyMT5) -> None:
    article, summary = tiny_crosssum.articles[0], tiny_crosssum.summaries[0]
    brief = hinews.brief(
        ts.hindi_article(article),
        translator=str(tiny_marian.path),
        summarizer=str(tiny_crosssum.path),
        summarizer_strategy="crosslingual",
    )
    assert list(brief.bullets) == _expected(split_sentences(summary), article)


# --------------------------------------------------------------------------- choosing


def test_aliases_pick_their_strategy_and_licence() -> None:
    from hinews.presets import MODELS

    xlsum = Pipeline.from_options(summarizer="xlsum").config.summarizer
    crosssum = Pipeline.from_options(summarizer="crosssum").config.summarizer
    assert (xlsum.strategy, xlsum.model) == ("source", "xlsum")
    assert (crosssum.strategy, crosssum.model) == ("crosslingual", "crosssum")
    assert MODELS["xlsum"].hub_id == "csebuetnlp/mT5_multilingual_XLSum"
    assert MODELS["crosssum"].hub_id == "csebuetnlp/mT5_m2o_english_crossSum"
    assert {MODELS["xlsum"].license, MODELS["crosssum"].license} == {"CC-BY-NC-SA-4.0"}


def test_an_alias_not_downloaded_fails_offline_with_the_fix(tiny_marian: Any) -> None:
    pipe = Pipeline.from_options(translator=str(tiny_marian.path), summarizer="xlsum")
    with pytest.raises(ModelNotFoundError) as err:
        pipe.brief(ts.hindi_article(ts.XLSUM_ARTICLES[0]))
    assert "hinews download csebuetnlp/mT5_multilingual_XLSum" in str(err.value)
    assert "summarizer=./my-model" in str(err.value)


def test_an_mt5_folder_needs_its_strategy(tiny_xlsum: ts.TinyMT5) -> None:
    with pytest.raises(ConfigError, match='summarizer_strategy="source" or crosslingual'):
        Pipeline.from_options(summarizer=str(tiny_xlsum.path))
    with pytest.raises(ConfigError, match="runs no model"):
        Pipeline.from_options(summarizer="extractive", summarizer_strategy="source")


def test_a_new_strategy_takes_its_own_length_defaults(tiny_xlsum: ts.TinyMT5) -> None:
    # The best preset sets max_new_tokens 160 for DistilBART; XL-Sum decodes 84.
    pipe = Pipeline.from_options(
        preset="best", summarizer=str(tiny_xlsum.path), summarizer_strategy="source"
    )
    section = pipe.config.summarizer
    assert section.max_new_tokens is None and (section.new_tokens, section.source_tokens) == (
        84,
        512,
    )
    assert "summarizer.strategy=source" in pipe.config.description


def test_bad_input_is_refused_as_with_any_summariser(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5
) -> None:
    pipe = _pipe(tiny_marian, tiny_xlsum)
    with pytest.raises(InputError):
        pipe.brief("This is an English text, not a Hindi article at all.")
    with pytest.raises(InputError, match="article 1 of 2"):
        pipe.brief_batch([ts.hindi_article(ts.XLSUM_ARTICLES[0]), ""])
