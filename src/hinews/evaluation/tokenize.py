"""Tokenisers and sentence splitting for ROUGE.

rouge-score's default tokenizer keeps only ``[a-z0-9]``: it deletes Devanagari, so a Hindi
text scores 0 even against itself. :class:`UnicodeWordTokenizer` keeps maximal runs of
Unicode letters, combining marks and digits (after NFC), lowercases Latin, and does not
stem unless a stemmer is given. It implements rouge-score's tokenizer interface
(``tokenize(text) -> list[str]``), so it can be passed to ``RougeScorer(tokenizer=...)``.

Example:
    >>> UnicodeWordTokenizer().tokenize("भारत की राजधानी, New Delhi 2024!")
    ['भारत', 'की', 'राजधानी', 'new', 'delhi', '2024']
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Callable

DEVANAGARI = re.compile(r"[\u0900-\u097F\uA8E0-\uA8FF]")
_SENTENCE_END = re.compile(r"(?<=[.!?।॥])[\"'”’)\]]*\s+")


@functools.cache
def _word_pattern() -> re.Pattern[str]:
    """A regex matching maximal runs of code points of category L*, M* or N* (built once)."""
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for cp in range(sys.maxunicode + 1):
        inside = unicodedata.category(chr(cp))[0] in "LMN"
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            ranges.append((start, cp - 1))
            start = None
    if start is not None:
        ranges.append((start, sys.maxunicode))
    parts = [
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    ]
    return re.compile("[" + "".join(parts) + "]+")


class UnicodeWordTokenizer:
    """Tokens are maximal runs of Unicode letters, combining marks and digits, after NFC.

    Args:
        lowercase: Lowercase tokens (only Latin and other cased scripts change).
        stemmer: Optional function applied to every token (none by default).
    """

    name = "unicode-words"

    def __init__(self, *, lowercase: bool = True, stemmer: Callable[[str], str] | None = None):
        self.lowercase = lowercase
        self.stemmer = stemmer

    def tokenize(self, text: str) -> list[str]:
        """Split ``text`` into tokens (rouge-score's tokenizer interface)."""
        text = unicodedata.normalize("NFC", text)
        if self.lowercase:
            text = text.lower()
        tokens = _word_pattern().findall(text)
        if self.stemmer is not None:
            tokens = [self.stemmer(t) for t in tokens]
        return tokens

    def describe(self) -> str:
        """A short signature fragment saying how text is tokenised."""
        stem = "yes" if self.stemmer is not None else "no"
        lower = "yes" if self.lowercase else "no"
        return f"tok:{self.name}-nfc|lower:{lower}|stem:{stem}"


def has_devanagari(text: str) -> bool:
    """Whether ``text`` holds any Devanagari character."""
    return DEVANAGARI.search(text) is not None


def guess_lang(texts: list[str]) -> str:
    """``"hi"`` when any text holds Devanagari, else ``"en"``."""
    return "hi" if any(has_devanagari(t) for t in texts) else "en"


def split_sentences_simple(text: str) -> list[str]:
    """Split text into sentences at line breaks and after ``. ! ? । ॥`` followed by space.

    A small, dependency-free splitter for ROUGE-Lsum and for baselines when
    :func:`hinews.text.split_sentences` is not available.
    """
    out: list[str] = []
    for line in text.splitlines():
        out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def lsum_text(text: str) -> str:
    """Put one sentence per line, as rouge-score's ROUGE-Lsum expects.

    Text that already has line breaks (bullets joined with newlines) keeps them as sentence
    boundaries and is also split inside lines at sentence punctuation.
    """
    return "\n".join(split_sentences_simple(text))
