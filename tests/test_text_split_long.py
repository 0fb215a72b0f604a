"""split_long(): clause-level splitting of over-long sentences, never dropping text."""

from __future__ import annotations

import pytest

from hinews.text import split_long


def words(text: str) -> int:
    return len(text.split())


def test_short_sentence_unchanged() -> None:
    sentence = "वह घर गया,  और  सो गया।"
    assert split_long(sentence, 40, words) == [sentence]


def test_sixty_clauses_without_full_stop() -> None:
    paragraph = ", ".join(f"खंड {i} में किसान सभा के लोग आए" for i in range(60))
    pieces = split_long(paragraph, 40, words)
    assert all(words(p) <= 40 for p in pieces)
    assert " ".join(pieces) == paragraph
    # 60 clauses of 8 words: 5 fit in 40 words, so 12 pieces, each ending at a comma
    assert len(pieces) == 12
    assert all(p.endswith(",") for p in pieces[:-1])


def test_run_without_punctuation_split_by_tokens() -> None:
    run = " ".join(f"शब्द{i}" for i in range(500))
    pieces = split_long(run, 40, words)
    assert [words(p) for p in pieces] == [40] * 12 + [20]
    assert " ".join(pieces) == run


def test_conjunctions_used_before_words() -> None:
    clause = "राम घर गया और सीता बाजार गई लेकिन श्याम स्कूल गया क्योंकि परीक्षा थी"
    sentence = " ".join([clause] * 4)
    pieces = split_long(sentence, 12, words)
    assert all(words(p) <= 12 for p in pieces)
    assert " ".join(pieces) == sentence
    conjunctions = ("और", "लेकिन", "क्योंकि", "राम")
    assert all(p.split()[0] in conjunctions for p in pieces)


def test_punctuation_preferred_over_conjunctions() -> None:
    sentence = "सरकार ने कहा कि योजना जल्द आएगी, और किसानों को इससे फायदा होगा"
    assert split_long(sentence, 8, words) == [
        "सरकार ने कहा कि योजना जल्द आएगी,",
        "और किसानों को इससे फायदा होगा",
    ]


def test_whitespace_normalised_in_join() -> None:
    sentence = "पहला   खंड,\nदूसरा खंड,  तीसरा खंड"
    pieces = split_long(sentence, 3, words)
    assert " ".join(pieces) == " ".join(sentence.split())


def test_long_word_split_by_characters() -> None:
    pieces = split_long("अ" * 25, 10, len)
    assert pieces == ["अ" * 10, "अ" * 10, "अ" * 5]


def test_character_counter() -> None:
    sentence = "दिल्ली में बारिश हुई, सड़कें डूबीं, लोग परेशान रहे, दफ्तर देर से खुले"
    pieces = split_long(sentence, 25, len)
    assert all(len(p) <= 25 for p in pieces)
    assert " ".join(pieces) == sentence


def test_bad_limit() -> None:
    with pytest.raises(ValueError, match="max_tokens"):
        split_long("कुछ भी", 0, words)
