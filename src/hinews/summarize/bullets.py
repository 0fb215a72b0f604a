"""Turning candidate text into bullets: one complete sentence each, no duplicates, none
restating the headline or another bullet."""

from __future__ import annotations

import re

from hinews.summarize.extractive import rank_sentences
from hinews.summarize.overlap import key, restates
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


def dedupe(bullets: list[str], *, title: str = "") -> list[str]:
    """Drop bullets equal to an earlier one (ignoring case, punctuation and spacing), that
    restate the ``title`` or an earlier bullet, or that an earlier bullet restates
    (:func:`~hinews.summarize.overlap.restates`: the same content words)."""
    seen: set[str] = set()
    out: list[str] = []
    for bullet in bullets:
        k = key(bullet)
        if not k or k in seen:
            continue
        if title and restates(bullet, title):
            continue
        if any(restates(bullet, b) or restates(b, bullet) for b in out):
            continue
        seen.add(k)
        out.append(bullet)
    return out


def finalize(
    candidates: list[str], fallback: list[str], n: int = 3, *, title: str = ""
) -> list[str]:
    """Up to ``n`` complete, distinct bullets from ``candidates``, topped up from ``fallback``.

    Abstractive models sometimes write fewer sentences than asked or repeat themselves;
    the fallback (extractively chosen source sentences) fills the gap so a brief always
    has ``n`` bullets when the article has ``n`` distinct sentences. No bullet restates
    the ``title`` (the headline, shown above the bullets) or another bullet.
    """
    chosen = dedupe([complete(strip_marker(c)) for c in candidates if strip_marker(c)], title=title)
    chosen = chosen[:n]
    if len(chosen) < n:
        more = [complete(f) for f in fallback if f.strip()]
        chosen = dedupe(chosen + more, title=title)[:n]
    return chosen


def top_up(
    candidates: list[str], sentences: list[str], n: int = 3, *, title: str = ""
) -> list[str]:
    """:func:`finalize` with the article's ``sentences`` as fallback, best first by the
    extractive ranking (computed only when the candidates give fewer than ``n`` bullets).

    Every model strategy tops its bullets up this way: the model's sentences come first,
    the rest are the article's most central sentences that repeat none of them.
    """
    chosen = finalize(candidates, [], n, title=title)
    if len(chosen) >= n or not sentences:
        return chosen
    return finalize(candidates, ranked(sentences), n, title=title)


def ranked(sentences: list[str]) -> list[str]:
    """``sentences`` best first by the extractive ranking (what replaces a bullet)."""
    return [sentences[i] for i in rank_sentences(sentences)]


def _mostly_devanagari(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("\u0900" <= c <= "\u097f" for c in letters) * 2 > len(letters)
