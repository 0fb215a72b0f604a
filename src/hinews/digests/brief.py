"""Three bullets per story, chosen across all its reports, in Hindi (translated later).

The sentences of a story's reports (copies left out: they repeat their original) are
pooled lead first: every report's first sentence, then every report's second... so the
position prior of the extractive brief (:func:`hinews.summarize.extractive.select`) still
favours what news puts first, from whichever report. The selection skips sentences too
similar to one already chosen, so two reports saying the same thing give one bullet.
"""

from __future__ import annotations

from hinews.results import Segmentation
from hinews.summarize import bullets as bullet_rules
from hinews.summarize.extractive import select


def pooled(reports: list[Segmentation]) -> list[str]:
    """Sentences of ``reports`` interleaved by position (all first sentences first)."""
    pool: list[str] = []
    seen: set[str] = set()
    longest = max((len(r.sentences) for r in reports), default=0)
    for position in range(longest):
        for report in reports:
            if position < len(report.sentences):
                text = report.sentences[position].text
                key = bullet_rules.key(text)
                if key and key not in seen:  # the same sentence in two reports: once
                    seen.add(key)
                    pool.append(text)
    return pool


def choose(reports: list[Segmentation], n: int = 3) -> list[str]:
    """Up to ``n`` non-redundant Hindi sentences for the story's bullets, lead first."""
    pool = pooled(reports)
    return [pool[i] for i in select(pool, n)]
