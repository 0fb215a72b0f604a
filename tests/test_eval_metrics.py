"""Metrics: sacrebleu parity, the published OPUS-MT figures, Hindi ROUGE, bootstrap."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eval_helpers import damage
from hinews.errors import ConfigError, DataError
from hinews.evaluation.bootstrap import confidence_interval, paired_bootstrap
from hinews.evaluation.metrics import Rouge, get_metric, score_keys
from hinews.evaluation.score import score_files
from hinews.evaluation.tokenize import UnicodeWordTokenizer, lsum_text

PUBLISHED = "published-outputs/opus-mt-hin-eng-opus+bt-2021-04-30/flores200-devtest.hin-eng.output"


def test_published_opus_mt_figures_are_reproduced(shared_data: Path) -> None:
    scores = score_files(
        shared_data / PUBLISHED,
        [shared_data / "flores200-devtest" / "eng_Latn.devtest"],
        metrics=["bleu", "chrf++", "chrf"],
    )
    assert round(scores["bleu"], 2) == 31.47
    assert round(scores["bleu"], 1) == 31.5
    assert round(scores["chrf++"], 2) == 55.86
    assert round(scores["chrf"] / 100, 5) == 0.57722
    assert scores["signatures"]["bleu"].startswith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a")
    assert "nw:2" in scores["signatures"]["chrf++"]


@pytest.fixture(scope="module")
def heldout(shared_data: Path) -> tuple[list[str], list[str], list[str]]:
    """NTREX English (not FLORES): a damaged hypothesis and two references."""
    ref = (shared_data / "ntrex128" / "newstest2019-src.eng.txt").read_text("utf-8").splitlines()
    ref = ref[:400]
    hyp = [damage(r, 3) for r in ref]
    ref2 = [damage(r, 5) for r in ref]
    return hyp, ref, ref2


def test_corpus_scores_equal_sacrebleu_on_heldout_text(heldout) -> None:  # type: ignore[no-untyped-def]
    import sacrebleu

    hyp, ref, ref2 = heldout
    for refs in ([ref], [ref, ref2]):
        per_example = [list(x) for x in zip(*refs, strict=True)]
        ours_bleu = get_metric("bleu").corpus(hyp, per_example)["bleu"]
        ours_chrf = get_metric("chrf++").corpus(hyp, per_example)["chrf++"]
        theirs_bleu = sacrebleu.corpus_bleu(hyp, refs).score
        theirs_chrf = sacrebleu.corpus_chrf(hyp, refs, word_order=2).score
        assert round(ours_bleu, 2) == round(theirs_bleu, 2)
        assert round(ours_chrf, 2) == round(theirs_chrf, 2)
        assert ours_bleu == pytest.approx(theirs_bleu, abs=1e-9)


def test_sentence_scores_equal_sacrebleu(heldout) -> None:  # type: ignore[no-untyped-def]
    import sacrebleu

    hyp, ref, _ = heldout
    bleu = get_metric("bleu").sentence_scores(hyp[:30], [[r] for r in ref[:30]])
    chrf = get_metric("chrf++").sentence_scores(hyp[:30], [[r] for r in ref[:30]])
    for i in range(30):
        assert bleu[i]["bleu"] == pytest.approx(sacrebleu.sentence_bleu(hyp[i], [ref[i]]).score)
        assert chrf[i]["chrf++"] == pytest.approx(
            sacrebleu.sentence_chrf(hyp[i], [ref[i]], word_order=2).score
        )


def test_bootstrap_interval_matches_sacrebleu_and_is_seeded(heldout) -> None:  # type: ignore[no-untyped-def]
    import sacrebleu

    hyp, ref, _ = heldout
    metric = get_metric("bleu")
    stats = metric.stats(hyp, [[r] for r in ref])["bleu"]

    def agg(s, n):  # type: ignore[no-untyped-def]
        return metric.aggregate("bleu", s, n)

    a = confidence_interval(stats, agg, samples=300, seed=12345)
    b = confidence_interval(stats, agg, samples=300, seed=12345)
    c = confidence_interval(stats, agg, samples=300, seed=7)
    assert a == b
    assert a != c
    assert a.low < a.score < a.high
    theirs = sacrebleu.BLEU().corpus_score(hyp, [ref], n_bootstrap=300)  # seed 12345
    assert round(a.halfwidth, 2) == round(theirs._ci, 2)
    assert round(a.mean, 2) == round(theirs._mean, 2)


def test_paired_bootstrap_identical_and_clearly_better(heldout) -> None:  # type: ignore[no-untyped-def]
    hyp, ref, _ = heldout
    metric = get_metric("chrf++")
    refs = [[r] for r in ref]
    base = metric.stats(hyp, refs)["chrf++"]
    better = metric.stats([damage(r, 9) for r in ref], refs)["chrf++"]

    def agg(s, n):  # type: ignore[no-untyped-def]
        return metric.aggregate("chrf++", s, n)

    same = paired_bootstrap(base, base, agg, samples=200)
    assert same.p_value == 1.0 and not same.significant() and same.delta == 0
    diff = paired_bootstrap(base, better, agg, samples=200)
    assert diff.delta > 5 and diff.significant() and diff.p_value < 0.01
    again = paired_bootstrap(base, better, agg, samples=200)
    assert again == diff


# --- ROUGE ---------------------------------------------------------------------------------

HINDI = "भारत ने आज नया उपग्रह लॉन्च किया। यह उपग्रह मौसम की जानकारी देगा।"


def test_unicode_tokenizer_table() -> None:
    tok = UnicodeWordTokenizer()
    cases = {
        "भारत की राजधानी, New Delhi!": ["भारत", "की", "राजधानी", "new", "delhi"],
        "हिंदी—समाचार (2024)": ["हिंदी", "समाचार", "2024"],
        "क्षत्रिय ज़िला": ["क्षत्रिय", "ज़िला"],
        "५०० रुपये": ["५००", "रुपये"],
        "": [],
    }
    for text, expected in cases.items():
        assert tok.tokenize(text) == expected
    # NFC: precomposed and decomposed nukta forms give the same token.
    assert tok.tokenize("\u095b") == tok.tokenize("\u091c\u093c")
    # Python's \w splits Hindi words at vowel signs; the tokenizer keeps them whole.
    assert re.findall(r"\w+", "हिंदी") != ["हिंदी"]
    assert tok.tokenize("हिंदी") == ["हिंदी"]


def test_default_rouge_tokenizer_deletes_hindi_ours_does_not() -> None:
    from rouge_score import rouge_scorer

    default = rouge_scorer.RougeScorer(["rouge1", "rougeL"])
    assert default.score(HINDI, HINDI)["rouge1"].fmeasure == 0.0  # the trap
    ours = Rouge("hi").corpus([HINDI], [[HINDI]])
    assert ours == {"rouge1": 100.0, "rouge2": 100.0, "rougeL": 100.0, "rougeLsum": 100.0}


def test_hindi_rouge_hand_checked_and_equal_to_rouge_score() -> None:
    from rouge_score import rouge_scorer

    ref = "भारत ने आज नया उपग्रह लॉन्च किया।"  # 7 tokens
    hyp = "भारत ने नया उपग्रह भेजा।"  # 5 tokens; 4 shared, 2 shared bigrams, LCS 4
    table = {"rouge1": 2 * 0.8 * (4 / 7) / (0.8 + 4 / 7), "rouge2": 0.4}
    table["rougeL"] = table["rouge1"]
    ours = Rouge("hi").corpus([hyp], [[ref]])
    scorer = rouge_scorer.RougeScorer(
        ["rouge1", "rouge2", "rougeL", "rougeLsum"], tokenizer=UnicodeWordTokenizer()
    )
    theirs = scorer.score(ref, hyp)
    for key, expected in table.items():
        assert round(ours[key], 4) == round(100 * expected, 4)
    for key in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
        assert round(ours[key], 4) == round(100 * theirs[key].fmeasure, 4)


def test_rouge_on_heldout_hindi_equals_rouge_score(shared_data: Path) -> None:
    from rouge_score import rouge_scorer

    hi = (shared_data / "ntrex128" / "newstest2019-ref.hin.txt").read_text("utf-8").splitlines()
    refs, hyps = hi[:60], [damage(x, 3) for x in hi[:60]]
    ours = Rouge("hi").corpus(hyps, [[r] for r in refs])
    scorer = rouge_scorer.RougeScorer(
        ["rouge1", "rouge2", "rougeL"], tokenizer=UnicodeWordTokenizer()
    )
    for key in ("rouge1", "rouge2", "rougeL"):
        mean = sum(scorer.score(r, h)[key].fmeasure for r, h in zip(refs, hyps, strict=True)) / 60
        assert round(ours[key], 4) == round(100 * mean, 4)
        assert 20 < ours[key] < 100


def test_english_rouge_uses_porter_stemmer() -> None:
    from rouge_score import rouge_scorer

    ours = Rouge("en").corpus(["the cats were running"], [["the cat was runs"]])
    theirs = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True).score(
        "the cat was runs", "the cats were running"
    )
    assert ours["rouge1"] == pytest.approx(100 * theirs["rouge1"].fmeasure)
    assert "stem:porter" in Rouge("en").signature()


def test_rouge_lsum_takes_newline_joined_bullets() -> None:
    ref = "The cat sat on the mat. The dog ran in the park."
    bullets = ["The dog ran in the park.", "The cat sat on the mat."]
    assert lsum_text(ref) == "The cat sat on the mat.\nThe dog ran in the park."
    scores = Rouge("en").corpus(["\n".join(bullets)], [[ref]])
    assert scores["rougeLsum"] == pytest.approx(100.0)  # summary-level LCS per sentence
    assert scores["rougeL"] < 70  # order swapped: a single LCS over the whole text is shorter


def test_rouge_multiple_references_take_the_best() -> None:
    scores = Rouge("hi").corpus([HINDI], [["कुछ और पाठ", HINDI]])
    assert scores["rouge1"] == 100.0


def test_metric_registry_and_errors() -> None:
    assert score_keys(["bleu", "rouge"]) == ["bleu", "rouge1", "rouge2", "rougeL", "rougeLsum"]
    assert get_metric("chrF++").name == "chrf++"
    with pytest.raises(ConfigError, match="Did you mean 'rouge'"):
        get_metric("rogue")
    with pytest.raises(DataError, match="same number"):
        get_metric("bleu").corpus(["a", "b"], [["a"], ["b", "c"]])
    with pytest.raises(DataError, match="align"):
        get_metric("bleu").corpus(["a", "b"], [["a"]])


@pytest.mark.requires("numpy")
def test_neural_metrics_need_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from hinews.errors import DependencyError, ModelNotFoundError

    monkeypatch.setitem(sys.modules, "bert_score", None)  # import fails
    monkeypatch.setitem(sys.modules, "comet", None)
    for name in ("bertscore", "comet"):
        with pytest.raises(DependencyError, match=r"hinews\[eval-neural\]"):
            get_metric(name).corpus(["a"], [["a"]], ["स"])

    class OfflineBertScore:
        @staticmethod
        def score(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise OSError("We couldn't connect to 'https://huggingface.co' (offline)")

    monkeypatch.setitem(sys.modules, "bert_score", OfflineBertScore)
    with pytest.raises(ModelNotFoundError, match="HF_HUB_OFFLINE"):
        get_metric("bertscore").corpus(["a"], [["a"]])
