"""Turning candidate text into bullets: one complete sentence each, no duplicates."""

from __future__ import annotations

import re
import unicodedata

from hinews.summarize.extractive import rank_sentences
from hinews.summarize.sentences import is_complete

_MARKER = re.compile(r"^\s*(?:[-*•·▪◦‣–—]|\d{1,2}[.)]|\(\d{1,2}\))\s*")


def strip_marker(line: str) -> str:
    """Remove a leading bullet or list number (``- ``, ``• ``, ``1. ``, ``(2) ``)."""
    return _MARKER.sub("", line).strip()


def complete(sentence: str) -> str:
    """Add a full stop to a sentence that has no final punctuation."""
    text = sentence.strip()
    if not text or is_complete(text):
        return text
    return text.rstrip(",;:–—- ") + ("।" if _mostly_devanagari(text) else ".")


def key(text: str) -> str:
    """Comparison key: case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.findall(r"[^\W_][\w\u0900-\u097f]*", text))


def dedupe(bullets: list[str]) -> list[str]:
    """Drop bullets equal to an earlier one (ignoring case, punctuation and spacing)."""
    seen: set[str] = set()
    out = []
    for bullet in bullets:
        k = key(bullet)
        if k and k not in seen:
            seen.add(k)
            out.append(bullet)
    return out


def finalize(candidates: list[str], fallback: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` complete, distinct bullets from ``candidates``, topped up from ``fallback``.

    Abstractive models sometimes write fewer sentences than asked or repeat themselves;
    the fallback (extractively chosen source sentences) fills the gap so a brief always
    has ``n`` bullets when the article has ``n`` distinct sentences.
    """
    chosen = dedupe([complete(strip_marker(c)) for c in candidates if strip_marker(c)])[:n]
    if len(chosen) < n:
        chosen = dedupe(chosen + [complete(f) for f in fallback if f.strip()])[:n]
    return chosen


def top_up(candidates: list[str], sentences: list[str], n: int = 3) -> list[str]:
    """:func:`finalize` with the article's ``sentences`` as fallback, best first by the
    extractive ranking (computed only when the candidates give fewer than ``n`` bullets).

    Every model strategy tops its bullets up this way: the model's sentences come first,
    the rest are the article's most central sentences that repeat none of them.
    """
    chosen = finalize(candidates, [], n)
    if len(chosen) >= n or not sentences:
        return chosen
    return finalize(candidates, [sentences[i] for i in rank_sentences(sentences)], n)


def _mostly_devanagari(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("\u0900" <= c <= "\u097f" for c in letters) * 2 > len(letters)
