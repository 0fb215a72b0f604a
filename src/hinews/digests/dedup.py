"""Syndicated copies: an exact hash of the normalised text, then MinHash LSH (datasketch).

Both run on the CLEANED body (headline left out: syndicating sites tweak it), so other
headers, bylines, datelines and footers that cleaning removes do not count, and a dropped
or merged paragraph changes only a few word shingles. Reports are taken in order (the
earliest published first); each is either a copy of a report kept before it, or kept.
Comparing every report with kept ones only (not with copies) means no chain of
small edits links two reports that are not copies of each other.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from hinews.errors import missing_dependency

DEFAULT_THRESHOLD = 0.5
"""Jaccard similarity of word 3-shingle sets from which a report is a copy."""

CONTAINMENT = 0.8
"""A report whose shingles lie this much inside another's is a trimmed copy of it."""

MIN_CONTAINED = 8
"""Containment counts only for texts of at least this many shingles (not a lone line)."""

SHINGLE = 3
NUM_PERM = 128
_WORD = re.compile(r"[^\W_](?:[\w\u0900-\u0963\u0966-\u097f]|[\u0300-\u036f])*")
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


def words(text: str) -> list[str]:
    """Normalised words: NFC, case folded, Devanagari digits as ASCII, punctuation gone."""
    return list(_words(text))


@functools.lru_cache(maxsize=64)
def _words(text: str) -> tuple[str, ...]:
    # Memoised: a report's body is read for its exact key and then for its shingles.
    return tuple(_WORD.findall(unicodedata.normalize("NFC", text).casefold().translate(_DIGITS)))


def exact_key(text: str) -> str:
    """A hash of the normalised words: equal for texts that differ only in form."""
    return hashlib.sha1(" ".join(words(text)).encode("utf-8")).hexdigest()


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The set of ``k``-word shingles (the words themselves for shorter texts)."""
    w = words(text)
    if len(w) < k:
        return set(w)
    return {" ".join(w[i : i + k]) for i in range(len(w) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def copy_score(a: set[str], b: set[str], threshold: float) -> float:
    """How much ``a`` and ``b`` are copies: their Jaccard similarity, or, when the smaller
    lies at least :data:`CONTAINMENT` inside the larger (a copy with paragraphs dropped),
    the threshold itself; 0 when neither holds."""
    both = len(a & b)
    union = len(a) + len(b) - both
    score = both / union if union else 0.0
    if score >= threshold:
        return score
    small = min(len(a), len(b))
    if small >= MIN_CONTAINED and both / small >= CONTAINMENT:
        return threshold
    return 0.0


def find_duplicates(
    texts: list[str], *, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM
) -> list[int | None]:
    """For each text, the index of the earlier kept text it is a copy of, or ``None``.

    Args:
        texts: Cleaned bodies, in the order to keep them (earliest first).
        threshold: Jaccard similarity of 3-shingle sets at or above which a text is a
            copy. Candidates come from MinHash LSH at a slightly lower threshold and are
            confirmed on the exact shingle sets, so the LSH's estimate never decides alone.
            A text that lies :data:`CONTAINMENT` inside a kept one is a copy too.
        num_perm: MinHash permutations.

    Returns:
        ``duplicate_of`` indices, aligned with ``texts``.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        raise missing_dependency("datasketch", "digest") from None

    keys = [exact_key(t) for t in texts]
    sets = [shingles(t) for t in texts]
    # Low enough to find trimmed copies (a text 80% inside one three times its length has
    # a Jaccard of about 0.27); every candidate is checked on the exact sets.
    lsh = MinHashLSH(threshold=min(0.2, threshold), num_perm=num_perm)
    kept_by_key: dict[str, int] = {}
    out: list[int | None] = []
    for i, (key, grams) in enumerate(zip(keys, sets, strict=True)):
        if key in kept_by_key:
            out.append(kept_by_key[key])
            continue
        if not grams:  # nothing to compare: only the exact hash can match it
            kept_by_key[key] = i
            out.append(None)
            continue
        mh = MinHash(num_perm=num_perm, seed=1)
        mh.update_batch([g.encode("utf-8") for g in grams])
        best, best_score = None, -1.0
        for j in sorted(lsh.query(mh)):  # the most similar kept text; ties: the earliest
            score = copy_score(grams, sets[j], threshold)
            if score >= threshold and score > best_score:
                best, best_score = j, score
        out.append(best)
        if best is None:
            kept_by_key[key] = i
            lsh.insert(i, mh)
    return out
