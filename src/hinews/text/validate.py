"""Checks that a text is something hinews can translate: not empty, not huge, Hindi."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from hinews.errors import InputError, TextTooLongError

__all__ = ["MIN_DEVANAGARI_WORDS", "MIN_RATIO", "check_text", "devanagari_ratio"]

MIN_RATIO = 0.5
"""Below this share of Devanagari letters a text is refused unless forced."""

MIN_DEVANAGARI_WORDS = 2
"""Fewer Devanagari words than this is not an article (a stray word, a label)."""

_DEVA_WORD = re.compile("[\u0900-\u0963\u0971-\u097f\ua8e0-\ua8ff]+")


def _is_devanagari(char: str) -> bool:
    code = ord(char)
    return 0x0900 <= code <= 0x097F or 0xA8E0 <= code <= 0xA8FF


def _is_letter(char: str) -> bool:
    # Vowel signs, virama and nukta are marks (M*), not letters (L*), but they are part of
    # the written word: count both, or Hindi would be undercounted against English.
    return unicodedata.category(char)[0] in "LM"


def devanagari_ratio(text: str) -> float:
    """Return the share of letters in ``text`` that are Devanagari.

    Letters are Unicode letters and combining marks (so Devanagari vowel signs count);
    digits, punctuation and spaces are ignored.

    Args:
        text: Any text.

    Returns:
        Devanagari letters / all letters, between 0.0 and 1.0; 0.0 when there are no letters.

    Example:
        >>> devanagari_ratio("रूस Rus")
        0.5
    """
    # Counted per distinct character (a news report has about a hundred): the per-char
    # Python loop was a third of a report's cleaning time in a day's digest.
    letters = deva = 0
    for char, n in Counter(text).items():
        kind = _KIND.get(char)
        if kind is None:
            kind = _KIND[char] = (2 if _is_devanagari(char) else 1) if _is_letter(char) else 0
        if kind:
            letters += n
            if kind == 2:
                deva += n
    return deva / letters if letters else 0.0


_KIND: dict[str, int] = {}
"""Per character: 0 not a letter, 1 a letter, 2 a Devanagari letter (filled on use)."""


def check_text(text: str, *, force: bool = False, max_chars: int = 100_000) -> None:
    """Raise :class:`InputError` unless ``text`` looks like a Hindi article hinews can handle.

    Checks, in order: not empty or whitespace-only (even with ``force``); at most
    ``max_chars`` characters (even with ``force``); then, unless ``force``: at least
    half of the letters are Devanagari (:data:`MIN_RATIO`) and at least
    :data:`MIN_DEVANAGARI_WORDS` Devanagari words. With ``force`` a text must still
    contain some Devanagari.

    Args:
        text: The (normalised) input text.
        force: Let mixed-script or very short text through.
        max_chars: The largest accepted length in characters.

    Raises:
        InputError: With a message saying what was given, what is accepted and what to do.
    """
    if not text.strip():
        given = "an empty text" if not text else f"only whitespace ({len(text)} characters)"
        raise InputError(
            f"The input is {given}. hinews needs a Hindi news article in Devanagari script. "
            "Give the article text."
        )
    if len(text) > max_chars:
        raise TextTooLongError(
            f"The input has {len(text):,} characters, more than the limit of {max_chars:,}. "
            f"Split the text into smaller parts, or raise the limit with "
            f"max_chars={len(text)}.",
            size=len(text),
            limit=max_chars,
        )
    ratio = devanagari_ratio(text)
    if ratio == 0.0:
        raise InputError(
            "The input contains no Devanagari letters, so it is not Hindi (hinews translates "
            "Hindi written in Devanagari script). Give the Hindi text of the article; "
            "romanised Hindi or other languages are not supported."
        )
    if force:
        return
    if ratio < MIN_RATIO:
        raise InputError(
            f"Only {ratio:.0%} of the letters in the input are Devanagari (ratio {ratio:.2f}); "
            f"hinews expects mostly Hindi text (a ratio of at least {MIN_RATIO:.2f}). If this "
            "really is a Hindi article mixed with English, pass force=True to let mixed "
            "text through."
        )
    words = len(_DEVA_WORD.findall(text))
    if words < MIN_DEVANAGARI_WORDS:
        raise InputError(
            f"The input has {words} Devanagari word(s); hinews needs at least "
            f"{MIN_DEVANAGARI_WORDS} to treat it as an article. Give the full article "
            "text, or pass force=True to process it anyway."
        )
