"""normalize(): encoding and whitespace change, words never do."""

from __future__ import annotations

import pytest

from hinews.text import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Unicode NFC: न + nukta composes to ऩ; e + combining acute to é
        ("न\u093c", "\u0929"),
        ("cafe\u0301", "café"),
        # invisible characters go
        ("नैदानिक \u200b\u200bऔर", "नैदानिक और"),
        ("\ufeffभारत", "भारत"),
        ("विश्व\u00adविद्यालय", "विश्वविद्यालय"),
        ("भारत\u2060ीय", "भारतीय"),
        ("रूस\u200e में", "रूस में"),
        # ZWJ / ZWNJ between Devanagari select a glyph and stay; elsewhere they go
        ("क्\u200dष", "क्\u200dष"),
        ("क्\u200cष", "क्\u200cष"),
        ("\u200dभारत", "भारत"),
        ("India\u200c भारत", "India भारत"),
        ("भारत\u200d", "भारत"),
        # | and || typed for a danda
        ("वह घर गया|", "वह घर गया।"),
        ("वह घर गया| फिर लौटा|", "वह घर गया। फिर लौटा।"),
        ('उसने कहा "चलो|"', 'उसने कहा "चलो।"'),
        ("जय हिंद||", "जय हिंद॥"),
        ("वह घर गया |", "वह घर गया।"),
        # ... but not a separator between headline and site name, nor Latin
        ("मुलाकात | Patrika News", "मुलाकात | Patrika News"),
        ("राष्ट्रीय | देश", "राष्ट्रीय | देश"),
        ("a|b and c |", "a|b and c |"),
        # quotes
        ("“यह सही है”", '"यह सही है"'),
        ("„नमस्ते“", '"नमस्ते"'),
        ("‘विकसित भारत’ का लक्ष्य", "'विकसित भारत' का लक्ष्य"),
        # digits
        ("सन् २०२५ में १२.५ प्रतिशत", "सन् 2025 में 12.5 प्रतिशत"),
        # whitespace
        ("भारत\u00a0ने\tजीता", "भारत ने जीता"),
        ("भारत\u202fने\u2003 जीता", "भारत ने जीता"),
        ("पहला\r\nदूसरा\rतीसरा", "पहला\nदूसरा\nतीसरा"),
        ("  पहला   वाक्य  \n  दूसरा  ", "पहला वाक्य\nदूसरा"),
        ("पहला\n\n\n\n\nदूसरा", "पहला\n\nदूसरा"),
        ("पहला\n  \n \t\nदूसरा", "पहला\n\nदूसरा"),
        ("\n\n  पहला\n\n", "पहला"),
        ("", ""),
    ],
)
def test_normalize_table(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "रूस (Russia) और नॉर्थ कोरिया (North Korea) के बीच संबंधों में मज़बूती आई है।",
        "क़ानून, ज़मीन और फ़ैसला: नुक़्ता वाले शब्द।",
        "डॉ. शर्मा ने 8.30 बजे https://example.com/a|b पर लिखा।",
    ],
)
def test_words_do_not_change(text: str) -> None:
    import unicodedata

    assert normalize(text) == unicodedata.normalize("NFC", text)


def test_idempotent_on_seed(seed_text: str) -> None:
    once = normalize(seed_text)
    assert normalize(once) == once


def test_seed_words_unchanged(seed_text: str) -> None:
    # The seed has no invisible characters, curly quotes or Devanagari digits: every
    # whitespace-separated word must come through as it was.
    assert normalize(seed_text).split() == seed_text.split()


def test_paragraph_breaks_kept(seed_text: str) -> None:
    blocks = normalize(seed_text).split("\n\n")
    assert len(blocks) == seed_text.strip().count("\n\n") + 1
