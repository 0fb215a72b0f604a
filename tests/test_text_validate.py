"""devanagari_ratio() and check_text()."""

from __future__ import annotations

import pytest

from hinews.errors import InputError
from hinews.text import check_text, devanagari_ratio

HINDI = "रूस के विदेश मंत्री ने आज नॉर्थ कोरिया के नेता किम जोंग उन से मुलाकात की।"


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("भारत", 1.0),
        ("India", 0.0),
        ("", 0.0),
        ("2025 । ! ? 12.5", 0.0),  # no letters at all
        ("रूस Rus", 0.5),  # र ू स = 3 letters+marks, R u s = 3
        ("किम (Kim)", 0.5),  # क ि म / K i m
        ("नॉर्थ", 1.0),  # vowel signs and virama count as Devanagari
    ],
)
def test_devanagari_ratio(text: str, ratio: float) -> None:
    assert devanagari_ratio(text) == pytest.approx(ratio)


def test_hindi_passes() -> None:
    check_text(HINDI)
    check_text("रूस (Russia) और नॉर्थ कोरिया (North Korea) के बीच संबंध मज़बूत हैं।")


@pytest.mark.parametrize("text", ["", "   ", "\n\n \t\n"])
@pytest.mark.parametrize("force", [False, True])
def test_empty_refused_even_with_force(text: str, force: bool) -> None:
    with pytest.raises(InputError, match=r"empty|whitespace") as info:
        check_text(text, force=force)
    assert "Hindi" in str(info.value)


def test_too_long_names_size_limit_and_fix() -> None:
    text = "भारत " * 30  # 150 characters
    with pytest.raises(InputError) as info:
        check_text(text, max_chars=100)
    message = str(info.value)
    assert "150" in message and "100" in message
    assert "max_chars=150" in message and "split" in message.lower()
    assert "--" not in message  # a Python caller is told the argument, not the flag
    assert (info.value.size, info.value.limit) == (150, 100)  # for the app's own words
    check_text(text, max_chars=150)


def test_too_long_even_with_force() -> None:
    with pytest.raises(InputError, match="max_chars="):
        check_text("भारत " * 30, force=True, max_chars=100)


def test_english_refused() -> None:
    with pytest.raises(InputError, match="no Devanagari"):
        check_text("Russia's foreign minister met Kim Jong Un in Pyongyang on Saturday.")
    with pytest.raises(InputError, match="no Devanagari"):
        check_text("Russia's foreign minister met Kim Jong Un.", force=True)


def test_mostly_english_gives_ratio_and_force() -> None:
    text = "Russia and North Korea signed a new treaty on Saturday, officials said. रूस ने कहा।"
    ratio = devanagari_ratio(text)
    assert 0 < ratio < 0.5
    with pytest.raises(InputError) as info:
        check_text(text)
    message = str(info.value)
    assert f"{ratio:.2f}" in message and "pass force=True" in message
    check_text(text, force=True)


def test_too_short_unless_forced() -> None:
    with pytest.raises(InputError, match="pass force=True"):
        check_text("नमस्ते")
    check_text("नमस्ते", force=True)
    check_text("भारत जीता")


@pytest.mark.parametrize(
    ("text", "kwargs"),
    [
        ("", {}),
        ("  \n", {"force": True}),
        ("भारत " * 30, {"max_chars": 100}),
        ("Only English here.", {}),
        ("This is an English article with one word भारत in Hindi.", {}),
        ("भारत", {}),
    ],
)
def test_messages_fit_any_front_end(text: str, kwargs: dict[str, object]) -> None:
    # The same messages show in the web page and in JSONL error fields: no advice that
    # only makes sense on the command line (file paths, '-', standard input).
    with pytest.raises(InputError) as info:
        check_text(text, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    for cli_only in ("command line", "file path", "'-'", "standard input"):
        assert cli_only not in message


def test_empty_message_says_what_to_give() -> None:
    with pytest.raises(InputError, match=r"Give the article text\."):
        check_text("")
