"""Extractive and Lead-3 strategies, bullet rules and the unsupported-number check."""

from __future__ import annotations

import pytest

from hinews.summarize import bullets
from hinews.summarize.extractive import ExtractiveSummarizer, LeadSummarizer, tokens
from hinews.summarize.numbers import numbers_in, unsupported

ARTICLE = [
    "Heavy rain fell in Delhi on Monday, flooding roads across the city.",
    "The weather department said the rain in Delhi would continue for two more days.",
    "Schools in Delhi will stay closed on Tuesday because of the rain.",
    "Rain, Delhi rain and more rain: the weather department warned of flooding in Delhi.",
    "Separately, a cricket match in Mumbai was won by the home team.",
    "Officials asked Delhi residents to avoid flooded roads after the heavy rain.",
    "Photos",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- A sentence.", "A sentence."),
        ("• Bullet", "Bullet"),
        ("1. Numbered.", "Numbered."),
        ("(2) Bracketed", "Bracketed"),
        ("No marker", "No marker"),
    ],
)
def test_strip_marker(text: str, expected: str) -> None:
    assert bullets.strip_marker(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rained", "It rained."),
        ("It rained.", "It rained."),
        ('He said "yes."', 'He said "yes."'),
        ("बारिश हुई", "बारिश हुई।"),
        ("Is it?", "Is it?"),
        ("Trailing comma,", "Trailing comma."),
    ],
)
def test_complete(text: str, expected: str) -> None:
    assert bullets.complete(text) == expected


def test_finalize_dedupes_and_tops_up() -> None:
    got = bullets.finalize(["- One thing.", "- one thing", "Two"], ["Two.", "Three.", "Four."], 3)
    assert got == ["One thing.", "Two.", "Three."]


def test_tokens_keep_devanagari_words_whole() -> None:
    assert tokens("रूस के विदेश मंत्री ने कहा।") == ["रूस", "विदेश", "मंत्री", "कहा"]


def test_extractive_picks_central_non_redundant_sentences_in_order() -> None:
    summarizer = ExtractiveSummarizer()
    chosen = summarizer.select(ARTICLE, 3)
    assert len(chosen) == 3 and chosen == sorted(chosen)
    assert 4 not in chosen  # the off-topic sentence
    assert 6 not in chosen  # a fragment, not a sentence
    assert summarizer.summarize(ARTICLE) == [ARTICLE[i] for i in chosen]


def test_extractive_skips_near_duplicates() -> None:
    article = [
        "Delhi had heavy rain on Monday.",
        "Delhi had heavy rain on Monday!",
        "Schools closed in Delhi because of the rain.",
        "Roads in Delhi were flooded.",
    ]
    out = ExtractiveSummarizer().summarize(article)
    assert len(out) == 3 and not (article[0] in out and article[1] in out)


def test_extractive_works_on_hindi() -> None:
    hindi = [
        "दिल्ली में सोमवार को भारी बारिश हुई और सड़कों पर पानी भर गया।",
        "मौसम विभाग ने कहा कि दिल्ली में बारिश दो दिन और जारी रहेगी।",
        "बारिश के कारण दिल्ली के स्कूल मंगलवार को बंद रहेंगे।",
        "मुंबई में क्रिकेट मैच मेजबान टीम ने जीता।",
    ]
    chosen = ExtractiveSummarizer().select(hindi, 3)
    assert chosen == [0, 1, 2]


def test_fewer_sentences_than_bullets() -> None:
    assert ExtractiveSummarizer().summarize(["Only one sentence here."]) == [
        "Only one sentence here."
    ]
    assert LeadSummarizer().summarize([]) == []


def test_lead_three_skips_repeats() -> None:
    article = ["A is here.", "A is here.", "B came.", "C left.", "D stayed."]
    assert LeadSummarizer().summarize(article) == ["A is here.", "B came.", "C left."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,250.40 rupees and 3.5 tons on 12 July 2025", {"1250.40", "3.5", "12", "2025"}),
        ("१२ जुलाई को ५०० लोग", {"12", "500"}),
        ("at 8.30 pm.", {"8.30"}),
        ("no numbers", set()),
    ],
)
def test_numbers_in(text: str, expected: set[str]) -> None:
    assert numbers_in(text) == expected


def test_unsupported_numbers_and_months() -> None:
    source = ["आज, शनिवार, 12 जुलाई को मुलाकात हुई। 1,250 सैनिक भेजे गए।"]
    assert unsupported("They met on 12 July.", source) == ()
    assert unsupported("They met on 13 July with 1250 troops.", source) == ("13",)
    assert unsupported("They will meet again in August 2026.", source) == ("2026", "August")
