"""Every bullet traced to the article: support scores, the ``unsupported`` flag,
``drop_unsupported``, no bullet restating the headline or another bullet, for briefs and
digest stories; the threshold refused outside [0, 1]; the eval script's figures."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import tiny_summarizers as ts
from hinews.cli import main
from hinews.config import SUPPORT_THRESHOLD, PipelineConfig
from hinews.errors import ConfigError
from hinews.pipeline import Pipeline
from hinews.results import Brief, BulletSupport, Provenance, SentencePair, Translation
from hinews.summarize import bullets as bullet_rules
from hinews.summarize import overlap
from hinews.trust import support
from hinews.trust.support import align, bullet_support
from hinews.webapp.render import brief_html
from shared_paths import shared_root
from tiny_data import PAIRS, TITLE, TITLE_EN

ROOT = Path(__file__).resolve().parents[1]
EN = dict(PAIRS)
HI = [h for h, _ in PAIRS]


def _translation(pairs: list[tuple[str, str]], title: tuple[str, str] = ("", "")) -> Translation:
    return Translation(
        title_source=title[0],
        title=title[1],
        sentences=tuple(SentencePair(h, e, 0) for h, e in pairs),
        provenance=Provenance(model="m", backend="b"),
    )


# -- pure parts: hand-checkable tables ------------------------------------------------------
def test_the_doctests_hold() -> None:
    for module in (overlap, support):
        assert doctest.testmod(module).failed == 0, module.__name__


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The police arrested 2 men.", {"police": 1, "arrest": 1, "2": 3, "men": 1}),
        ("Talks were held in Moscow.", {"talk": 1, "held": 1, "moscow": 2}),
        ("Governments said it was raining.", {"govern": 1, "rain": 1}),  # said: filler
        ("लड़कों ने ५ मैच जीते।", {"लड़क": 1, "5": 3, "मैच": 1, "जीत": 1}),  # ने: stop word
        ("", {}),
    ],
)
def test_content_words(text: str, words: dict[str, float]) -> None:
    assert overlap.content_words(text) == words


def test_a_sentence_of_the_article_is_its_own_support() -> None:
    tr = _translation([(HI[0], EN[HI[0]]), (HI[1], EN[HI[1]])])
    got = bullet_support(EN[HI[1]].upper().rstrip("."), tr)  # case and punctuation aside
    assert got == BulletSupport((1,), (HI[1],), (EN[HI[1]],), 1.0, "sentence")


def test_a_bullet_fusing_two_sentences_rests_on_both() -> None:
    tr = _translation([(HI[i], EN[HI[i]]) for i in (28, 29, 30)])
    got = bullet_support("A new bridge in the city took three years to build.", tr)
    # new, bridge, city (0) + three, years, build (2): every content word covered
    assert got.sentences == (0, 2) and got.score == 1.0 and got.method == "english"
    assert got.target == (EN[HI[28]], EN[HI[30]])


def test_an_invented_bullet_scores_low_and_a_number_weighs_three() -> None:
    tr = _translation([(HI[i], EN[HI[i]]) for i in (16, 17, 18)])  # the market
    # police, arrest, two(1), people, charg, theft: nothing the market article says
    assert align(
        "Police arrested two people on charges of theft.", [p.target for p in tr.sentences]
    ) == support.Alignment((), 0.0)
    # "rose" and "points" are said, 900 (3) and "Nifty" (2, a name) are not: 2 of 7,
    # halved as 900 is a number the article does not have
    got = bullet_support("The Nifty rose 900 points.", tr)
    assert got.sentences == (1,) and got.score == round(round(2 / 7, 4) * 0.5, 4)
    assert got.score < SUPPORT_THRESHOLD


def test_a_translated_hindi_summary_is_also_aligned_to_the_hindi() -> None:
    """Strategy source: the model's Hindi sentence against the Hindi article, when its
    English says less (here a word-for-word English that shares no content word)."""
    tr = _translation([(HI[i], EN[HI[i]]) for i in (28, 29)])
    got = bullet_support("Fresh span opened, town.", tr, hindi="शहर में नया पुल खुला।")
    assert got.method == "hindi" and got.sentences == (0,) and got.source == (HI[28],)
    assert got.score == 1.0  # शहर, नय(ा), पुल, खुल(ा): all in the first sentence


@pytest.mark.parametrize(
    ("text", "of", "restated"),
    [
        ("New rail service launched.", "New rail service launched", True),
        ("Rail service launched.", "New rail service launched in Delhi", True),
        ("A new rail service cuts travel times by half.", "New rail service launched", False),
        ("Heavy rain fell in Delhi today.", "Water filled many roads.", False),
        (".", ".", False),
    ],
)  # fmt: skip
def test_restates(text: str, of: str, restated: bool) -> None:
    assert overlap.restates(text, of) is restated


def test_no_bullet_is_the_headline_or_says_what_another_does() -> None:
    title = "Schools will remain closed for two days"
    candidates = [
        "Schools will remain closed for two days.",  # the headline
        "Heavy rain fell in Delhi today.",
        "Heavy rain fell in Delhi.",  # the bullet before says all of it
        "Water filled many roads.",
    ]
    fallback = ["The weather department has issued a warning.", "Heavy rain fell today."]
    assert bullet_rules.finalize(candidates, fallback, 3, title=title) == [
        "Heavy rain fell in Delhi today.",
        "Water filled many roads.",
        "The weather department has issued a warning.",
    ]


# -- the threshold: set on data, refused outside [0, 1] -------------------------------------
@pytest.mark.parametrize("value", [1.5, -0.1, "high", True])
def test_a_threshold_outside_0_1_is_refused_in_one_line(value: Any, tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(f"summarizer:\n  support_threshold: {json.dumps(value)}\n", "utf-8")
    with pytest.raises(ConfigError) as err:
        PipelineConfig.from_yaml(config)
    assert "\n" not in str(err.value) and "support_threshold must be a number" in str(err.value)
    if not isinstance(value, str):
        with pytest.raises(ConfigError, match=r"support_threshold must be a number"):
            Pipeline.from_options(support_threshold=value)


def test_the_cli_refuses_a_bad_threshold_before_loading_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ts.hindi_article(HI[:4]), "utf-8")
    assert main(["brief", "--support-threshold", "2", str(article)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "summarizer.support_threshold must be a number in [0, 1]" in err and "got 2.0" in err


def test_the_config_and_the_options_carry_threshold_and_drop() -> None:
    pipe = Pipeline.from_options(support_threshold=0.25, drop_unsupported=True)
    assert pipe.config.summarizer.support_threshold == 0.25
    assert pipe.config.summarizer.drop_unsupported is True
    assert PipelineConfig().summarizer.support_threshold == SUPPORT_THRESHOLD == 0.4


# -- what a reader sees ---------------------------------------------------------------------
def _brief(flags: tuple[tuple[str, ...], ...]) -> Brief:
    tr = _translation([(HI[28], EN[HI[28]])], (TITLE, TITLE_EN))
    bullets = (EN[HI[28]], "Police arrested two people.")
    return Brief(
        title=TITLE_EN,
        bullets=bullets,
        unsupported=((), ()),
        translation=tr,
        provenance=Provenance(model="m", backend="b"),
        bullet_flags=flags,
        bullet_support=tuple(bullet_support(b, tr) for b in bullets),
    )


def test_text_markdown_json_and_the_app_say_not_found_in_the_article() -> None:
    brief = _brief(((), ("unsupported",)))
    assert brief.to_text().splitlines()[2:] == [
        f"• {EN[HI[28]]}",
        "• Police arrested two people.",
        "  (⚠ not found in the article)",
    ]
    assert "- Police arrested two people. _(⚠ not found in the article)_" in brief.to_markdown()
    data = brief.to_dict()
    assert data["bullet_support"][0] == {
        "sentences": [0],
        "hindi": [HI[28]],
        "english": [EN[HI[28]]],
        "score": 1.0,
        "method": "sentence",
    }
    assert data["bullet_support"][1]["sentences"] == [] and data["bullet_support"][1]["score"] == 0
    html = brief_html(brief)
    assert html.count("not found in the article") == 1
    assert html.count('<details class="hinews-support">') == 2
    assert f'<span lang="hi">{HI[28]}</span>' in html and "rests on no sentence" in html


# -- through the pipeline: a model that never saw the article -------------------------------
def _pipe(translator: Any, summarizer: Any, **options: Any) -> Pipeline:
    return Pipeline.from_options(
        translator=str(translator.path),
        summarizer=str(summarizer.path),
        summarizer_strategy=summarizer.strategy,
        summarizer_backend="transformers",
        device="cpu",
        **options,
    )


UNSEEN = [HI[i] for i in (20, 21, 22, 23)]  # the hospital: no tiny summariser learnt it


def test_invented_bullets_are_flagged_and_the_articles_sentences_are_not(
    tiny_marian: Any, tiny_crosssum: ts.TinyMT5
) -> None:
    brief = _pipe(tiny_marian, tiny_crosssum).brief(ts.hindi_article(UNSEEN))
    written = brief.provenance.options["model_bullets"]
    assert written >= 1
    article = {EN[s] for s in UNSEEN}
    for i, (bullet, flags, rests) in enumerate(
        zip(brief.bullets, brief.bullet_flags, brief.bullet_support, strict=True)
    ):
        if i < written:  # what the model wrote: about another article
            assert bullet not in article and flags[0] == "unsupported", bullet
            assert rests.score < SUPPORT_THRESHOLD
        else:  # the extractive top-up: a sentence of the article
            assert bullet in article and "unsupported" not in flags
            assert rests.method == "sentence" and rests.score == 1.0
    assert brief.provenance.options["support_threshold"] == SUPPORT_THRESHOLD
    assert "not found in the article" in brief.to_text()


def test_drop_unsupported_gives_three_extractive_bullets_and_says_why(
    tiny_marian: Any, tiny_crosssum: ts.TinyMT5
) -> None:
    brief = _pipe(tiny_marian, tiny_crosssum, drop_unsupported=True).brief(ts.hindi_article(UNSEEN))
    assert len(brief.bullets) == 3 and set(brief.bullets) <= {EN[s] for s in UNSEEN}
    assert all("unsupported" not in f for f in brief.bullet_flags)
    assert brief.note is not None and brief.note.startswith(
        "None of the summariser's bullets was found in the article"
    )
    assert brief.provenance.options["drop_unsupported"] is True


def test_a_model_bullet_on_an_article_it_learnt_is_supported(
    tiny_marian: Any, tiny_xlsum: ts.TinyMT5
) -> None:
    brief = _pipe(tiny_marian, tiny_xlsum).brief(ts.hindi_article(tiny_xlsum.articles[0]))
    assert brief.provenance.options["model_bullets"] == 2
    assert all("unsupported" not in f for f in brief.bullet_flags)
    assert [s.score for s in brief.bullet_support] == [1.0, 1.0, 1.0]


def test_the_shipped_example_never_repeats_its_headline(tiny_marian: Any) -> None:
    """The tiny translator renders the title and a body sentence alike ("This will cost
    20 crore rupees."): that sentence is not a bullet; the next extractive one is."""
    pipe = Pipeline.from_options(translator=str(tiny_marian.path), device="cpu")
    text = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    brief = pipe.brief(text)
    assert len(brief.bullets) == 3
    assert not any(overlap.restates(b, brief.title) for b in brief.bullets)
    assert any(p.target == brief.title for p in brief.translation.sentences)
    for i, a in enumerate(brief.bullets):
        assert not any(overlap.restates(a, b) for b in brief.bullets[i + 1 :])


def test_digest_story_bullets_carry_support_and_never_restate_the_headline(
    tiny_marian: Any,
) -> None:
    import hinews

    body = " ".join(HI[28:32])
    reports = [
        {"id": "a", "text": f"{TITLE}\n\n{HI[39]}। {body}", "source": "x"},  # lead = headline
        {"id": "b", "text": f"{TITLE}\n\n{body} {HI[33]}", "source": "y"},
    ]
    digest = hinews.digest(reports, translator=str(tiny_marian.path), device="cpu")
    (story,) = digest.stories
    assert story.title == TITLE_EN and TITLE_EN not in [b.rstrip(".") for b in story.bullets]
    data = story.to_dict()
    assert len(data["bullet_support"]) == len(story.bullets) == 3
    for bullet, rests in zip(story.bullets, story.bullet_support, strict=True):
        assert rests.method == "sentence" and rests.score == 1.0
        assert rests.articles[0] in ("a", "b") and EN[rests.source[0]] == bullet
    assert digest.options["support_threshold"] == SUPPORT_THRESHOLD


# -- the eval script ------------------------------------------------------------------------
def test_eval_script_flags_no_sentence_and_catches_the_unsupported_headlines(
    tmp_path: Path,
) -> None:
    data = shared_root() / "data"
    if not (data / "ntrex128").is_dir():
        pytest.skip(f"NTREX-128 not found at {data / 'ntrex128'} (set HINEWS_SHARED)")
    out = tmp_path / "figures.json"
    subprocess.run(
        [sys.executable, str(ROOT / "eval" / "bullet_support.py"), "--no-model",
         "--data", str(data), "--json", str(out)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    sets = json.loads(out.read_text("utf-8"))["sets"]
    assert sets["article sentences"]["supported_flagged"] == 0
    english = sets["headlines (English)"]
    assert english["supported"] == 123 and english["unsupported"] == 369
    assert english["auroc"] > 0.95 and english["recall"] > 0.95


def test_a_new_confidence_threshold_keeps_the_unsupported_flag() -> None:
    """The app's slider recomputes the sentence flags; support does not depend on it."""
    from hinews.trust.recheck import recheck_brief

    brief = recheck_brief(_brief(((), ("unsupported",))), threshold=1.0)
    assert brief.bullet_flags[1][0] == "unsupported" and brief.bullet_flags[0] == ()
    assert brief.bullet_support == _brief(((), ())).bullet_support
