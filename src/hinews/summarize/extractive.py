"""Extractive brief with no model: sentence centrality with a position prior.

Each sentence is a TF-IDF vector over its words; its centrality is the sum of its cosine
similarities to the other sentences (a degree-centrality LexRank). News puts the gist
first, so scores are weighted by a position prior. Three sentences are picked greedily,
skipping any too similar to one already chosen (MMR-style), and returned in article
order. Works for Hindi and English alike (tokens are runs of letters, marks and digits).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from hinews.results import Provenance
from hinews.summarize.sentences import is_complete

_TOKEN = re.compile(r"[^\W_](?:[\w\u0900-\u0963\u0966-\u097f]|[\u0300-\u036f])*")
# Function words carry no topic: ignoring them keeps centrality about content.
_STOP = frozenset(
    (
        "a an the of to in on at for and or but is are was were be been has have had it its "
        "this that these those with by from as will would can could he she they we i you his "
        "her their our not no so also than then there who which what when where "
        "का के की को में से पर और है हैं था थे थी ने भी तो यह वह इस उस एक कि लिए कर किया गया "
        "हो होने रहे रहा ही या तक जो साथ बाद"
    ).split()
)


def tokens(text: str) -> list[str]:
    """Lower-cased content words of ``text`` (letters with their combining marks)."""
    words = _TOKEN.findall(unicodedata.normalize("NFC", text).casefold())
    return [w for w in words if w not in _STOP]


def similarity_matrix(sentences: list[str]) -> list[list[float]]:
    """Cosine similarity of TF-IDF vectors, sentence by sentence."""
    docs = [Counter(tokens(s)) for s in sentences]
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    vectors = []
    for d in docs:
        v = {w: c * math.log((1 + n) / (1 + df[w]) + 1) for w, c in d.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    return [[sum(x * b.get(w, 0.0) for w, x in a.items()) for b in vectors] for a in vectors]


def rank_sentences(sentences: list[str], *, position_weight: float = 0.5) -> list[int]:
    """Indices of ``sentences`` best first: centrality times a position prior.

    Sentences that are not complete (no final punctuation) or very short (fewer than four
    content words, e.g. subheadings) rank after all proper sentences.
    """
    if not sentences:
        return []
    sim = similarity_matrix(sentences)
    n = len(sentences)
    scores = []
    for i in range(n):
        centrality = sum(sim[i][j] for j in range(n) if j != i) / max(n - 1, 1)
        prior = 1.0 / (1.0 + position_weight * i / max(n, 1) * 4)
        proper = is_complete(sentences[i]) and len(tokens(sentences[i])) >= 4
        scores.append((proper, (centrality + 0.05) * prior, -i))
    return sorted(range(n), key=lambda i: scores[i], reverse=True)


def select(sentences: list[str], n: int = 3, *, max_similarity: float = 0.6) -> list[int]:
    """Pick up to ``n`` non-redundant sentence indices, returned in article order."""
    return sorted(ranked_selection(sentences, n, max_similarity=max_similarity))


def ranked_selection(
    sentences: list[str], n: int | None = None, *, max_similarity: float = 0.6
) -> list[int]:
    """The greedy non-redundant selection of :func:`select`, best first, up to ``n``
    (``None``: as far as it goes): the first ``k`` are what ``select(sentences, k)``
    picks, and the rest are what replaces a bullet that cannot stay."""
    sim = similarity_matrix(sentences)
    chosen: list[int] = []
    seen_text: set[str] = set()
    for i in rank_sentences(sentences):
        key = " ".join(tokens(sentences[i])) or sentences[i].strip()
        if key in seen_text or any(sim[i][j] > max_similarity for j in chosen):
            continue
        chosen.append(i)
        seen_text.add(key)
        if len(chosen) == n:
            break
    return chosen


class ExtractiveSummarizer:
    """Three central, non-redundant sentences in article order. No model, works offline."""

    def __init__(self, *, max_similarity: float = 0.6, position_weight: float = 0.5) -> None:
        self.max_similarity = max_similarity
        self.position_weight = position_weight

    def summarize(self, sentences: list[str], n: int = 3) -> list[str]:
        return [sentences[i].strip() for i in self.select(sentences, n)]

    def select(self, sentences: list[str], n: int = 3) -> list[int]:
        """Indices of the chosen sentences (article order)."""
        return select(sentences, n, max_similarity=self.max_similarity)

    @property
    def provenance(self) -> Provenance:
        return Provenance(
            model="extractive",
            backend="hinews",
            options={
                "strategy": "extractive",
                "max_similarity": self.max_similarity,
                "position_weight": self.position_weight,
            },
        )


class LeadSummarizer:
    """Lead-3: the first three distinct sentences, the standard news baseline."""

    def summarize(self, sentences: list[str], n: int = 3) -> list[str]:
        return [sentences[i].strip() for i in self.select(sentences, n)]

    def select(self, sentences: list[str], n: int = 3) -> list[int]:
        """Indices of the first ``n`` distinct, non-empty sentences."""
        seen: set[str] = set()
        chosen = []
        for i, s in enumerate(sentences):
            key = " ".join(tokens(s)) or s.strip()
            if s.strip() and key not in seen:
                seen.add(key)
                chosen.append(i)
            if len(chosen) == n:
                break
        return chosen

    @property
    def provenance(self) -> Provenance:
        return Provenance(model="lead", backend="hinews", options={"strategy": "lead"})
