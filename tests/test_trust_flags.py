"""Per-sentence flags and number reading: pure functions, on real Hindi news sentences."""

from __future__ import annotations

import pytest

from hinews.results import FLAG_NAMES
from hinews.summarize.numbers import missing_numbers, quantities
from hinews.trust.flags import (
    combine_confidence,
    is_length_off,
    is_low_confidence,
    is_repetitive,
    is_untranslated,
    missing_names,
    sentence_flags,
)
from hinews.trust.glossary import Glossary

SRC = "दिल्ली में आज भारी बारिश हुई और कई सड़कों पर पानी भर गया।"
GOOD = "Heavy rain fell in Delhi today and many roads were flooded."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("सेंसेक्स 500 अंक चढ़ गया।", [("500", 500.0, 500.0)]),
        ("सेंसेक्स ५०० अंक चढ़ गया।", [("500", 500.0, 500.0)]),
        ("रैली में 1,25,000 लोग आए।", [("1,25,000", 125000.0, 125000.0)]),
        ("इस पर 20 करोड़ रुपये खर्च होंगे।", [("20 करोड़", 20.0, 2e8)]),
        ("इस पर 20 करो\u095c रुपये खर्च होंगे।", [("20 करो\u095c", 20.0, 2e8)]),
        ("१.५ लाख किसानों को लाभ मिला।", [("1.5 लाख", 1.5, 150000.0)]),
        ("The project costs 200 million rupees.", [("200 million", 200.0, 2e8)]),
    ],
)
def test_quantities_read_devanagari_digits_indian_grouping_and_scales(
    text: str, expected: list[tuple[str, float, float]]
) -> None:
    assert quantities(text) == expected


@pytest.mark.parametrize(
    ("source", "target", "missing"),
    [
        ("इस पर 20 करोड़ रुपये खर्च होंगे।", "This will cost 20 crore rupees.", ()),
        ("इस पर 20 करोड़ रुपये खर्च होंगे।", "This will cost 200 million rupees.", ()),
        ("इस पर 20 करोड़ रुपये खर्च होंगे।", "This will cost Rs 200,000,000.", ()),
        ("इस पर 20 करोड़ रुपये खर्च होंगे।", "This will cost a lot of money.", ("20 करोड़",)),
        ("रैली में 1,25,000 लोग आए।", "125,000 people came to the rally.", ()),
        ("रैली में 1,25,000 लोग आए।", "1.25 lakh people came to the rally.", ()),
        ("चुनाव १२ मई को होंगे।", "The elections will be held on 12 May.", ()),
        ("चुनाव 12 मई को होंगे।", "The elections will be held in May.", ("12",)),
        ("स्कूल 2 दिन बंद रहेंगे।", "Schools will remain closed for two days.", ()),
        ("यह 16वीं सदी का किला है।", "This is a 16th-century fort.", ()),
    ],
)
def test_missing_numbers(source: str, target: str, missing: tuple[str, ...]) -> None:
    assert missing_numbers(source, target) == missing


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (SRC, GOOD, False),
        (SRC, SRC, True),  # copied through
        (SRC, "दिल्ली में आज भारी बारिश हुई।", True),  # Devanagari out
        (SRC, "", True),
        (SRC, "Delhi में heavy बारिश हुई और सड़कों पर पानी भर गया", True),  # mostly Devanagari
        ("नासा (NASA) ने बयान जारी किया।", "NASA issued a statement.", False),
    ],
)
def test_untranslated(source: str, target: str, expected: bool) -> None:
    assert is_untranslated(source, target) is expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (GOOD, False),
        ("The the the match was won.", True),
        ("India launched India launched India launched a satellite.", True),
        ("The minister said that the minister said that the minister said that.", True),
        ("rain rain heavy rain in rain Delhi rain today rain", True),  # one word, half of all
        ("The very, very good team won.", False),  # twice is English, three times a loop
    ],
)
def test_repetition(target: str, expected: bool) -> None:
    assert is_repetitive(target) is expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (SRC, GOOD, False),
        (SRC, "Heavy rain.", True),
        (SRC, GOOD + " " + GOOD + " " + GOOD, True),
        ("जवाब समय देगा।", "Time.", False),  # too short to judge
    ],
)
def test_length(source: str, target: str, expected: bool) -> None:
    assert is_length_off(source, target) is expected


RUSSIA = "रूस (Russia) और भारत के बीच बातचीत हुई।"
LAVROV = "विदेश मंत्री सर्गेई लावरोव (Sergey Lavrov) ने कहा।"


@pytest.mark.parametrize(
    ("source", "target", "missing"),
    [
        (RUSSIA, "Talks were held between Russia and India.", ()),
        (RUSSIA, "Talks were held between Moscow and India.", ("Russia",)),
        (LAVROV, "Foreign Minister Sergey Lavrov said.", ()),
        (LAVROV, "Foreign Minister Lavrov said.", ("Sergey Lavrov",)),
        (SRC, GOOD, ()),
    ],
)
def test_missing_names(source: str, target: str, missing: tuple[str, ...]) -> None:
    assert missing_names(source, target) == missing


def test_low_confidence_threshold() -> None:
    assert is_low_confidence(0.3) and not is_low_confidence(0.7)
    assert is_low_confidence(0.7, threshold=0.8)
    assert not is_low_confidence(None)  # unknown is not low


def test_sentence_flags_in_documented_order() -> None:
    glossary = Glossary((("बारिश", "downpour"),))
    assert sentence_flags(SRC, GOOD, 0.9) == ()
    assert sentence_flags(SRC, GOOD, 0.9, glossary=glossary) == ("glossary",)
    looping = "Delhi Delhi Delhi"
    assert sentence_flags(SRC, looping, 0.2) == ("low-confidence", "repetition", "length")
    assert sentence_flags(SRC, SRC, None) == ("untranslated",)
    assert sentence_flags("रैली में 1,25,000 लोग आए।", "Many people came to the rally.", 0.8) == (
        "numbers",
    )
    assert set(FLAG_NAMES) == {
        "low-confidence", "untranslated", "repetition", "length", "numbers", "names", "glossary"
    }  # fmt: skip
    assert sentence_flags("", "", None) == ()


def test_combined_confidence_is_the_geometric_mean() -> None:
    assert combine_confidence([0.25, 1.0]) == pytest.approx(0.5)
    assert combine_confidence([0.9]) == pytest.approx(0.9)
    assert combine_confidence([0.9, None]) is None
    assert combine_confidence([]) is None
