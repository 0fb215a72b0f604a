"""Stories: reports of one event grouped by TF-IDF cosine and agglomerative clustering.

scikit-learn's ``TfidfVectorizer`` twice (content words of the cleaned Hindi headline and
body, and character 3-5-grams within words, which match the inflected forms of one name
or noun), each L2-normalised, side by side, then ``AgglomerativeClustering`` with average
(or complete) linkage and a distance threshold. Average linkage merges two groups only
when their reports are close on average (complete: every pair of them), so one shared
word or one bridging report (a city, a minister's name) never chains two unrelated stories
together the way single-link connected components do.
"""

from __future__ import annotations

from typing import Any

from hinews.errors import ConfigError, missing_dependency

DEFAULT_THRESHOLD = 0.825
"""Cosine distance (1 - similarity) under which groups of reports are one story (set on
eval/digest_quality.py's NTREX/FLORES set; one value for every outlet)."""

DEFAULT_LINKAGE = "average"
DEFAULT_METHOD = "sparse"
METHODS = ("sparse", "exact")
"""``sparse``: near-linear, over a top-k neighbour graph (:mod:`hinews.digests.grouping`);
``exact``: the dense n×n distance matrix (the reference; about 8,000 reports fit)."""
LINKAGES = ("average", "complete")


def vectorize(texts: list[str]) -> Any:
    """L2-normalised rows of ``texts``: word TF-IDF (content words, as in the extractive
    brief) beside character 3-5-gram TF-IDF, each weighing half."""
    try:
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize
    except ImportError:
        raise missing_dependency("scikit-learn", "digest") from None
    from hinews.summarize.extractive import tokens

    word = TfidfVectorizer(analyzer=tokens, sublinear_tf=True).fit_transform(texts)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    return normalize(hstack([word, char.fit_transform(texts)]).tocsr())


def check_options(threshold: float, linkage: str, method: str = DEFAULT_METHOD) -> None:
    """Refuse a threshold outside (0, 1) or a linkage not offered.

    Raises:
        ConfigError: Naming what was given and what is valid.
    """
    if linkage not in LINKAGES:
        raise ConfigError(
            f"linkage {linkage!r} is not offered; use one of {', '.join(LINKAGES)} "
            "(single linkage chains unrelated stories through one shared word)"
        )
    if method not in METHODS:
        raise ConfigError(
            f"grouping method {method!r} is not offered; use one of {', '.join(METHODS)}"
        )
    if not 0.0 < threshold < 1.0:
        raise ConfigError(
            f"the story threshold must be between 0 and 1 (a cosine distance), got "
            f"{threshold}; the default is {DEFAULT_THRESHOLD}"
        )


def group(
    texts: list[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    linkage: str = DEFAULT_LINKAGE,
    method: str = DEFAULT_METHOD,
) -> list[int]:
    """Story labels for ``texts`` (0, 1, 2... in order of first appearance).

    Args:
        texts: One text per report (headline and body, cleaned).
        threshold: Cosine distance under which clusters merge (0: only identical texts,
            1: everything that shares a word). The default needs no tuning per site.
        linkage: ``average`` (default) or ``complete``; single linkage is not offered.
        method: ``sparse`` (default, near-linear) or ``exact`` (dense, the reference).

    Returns:
        A label per text.
    """
    check_options(threshold, linkage, method)
    if len(texts) < 2:
        return [0] * len(texts)
    if method == "sparse":
        from hinews.digests import grouping

        return grouping.group(texts, threshold=threshold, linkage=linkage)
    try:
        from sklearn.cluster import AgglomerativeClustering
    except ImportError:
        raise missing_dependency("scikit-learn", "digest") from None
    import numpy as np

    matrix = vectorize(texts)
    distance = 1.0 - (matrix @ matrix.T).toarray()
    np.clip(distance, 0.0, 1.0, out=distance)
    np.fill_diagonal(distance, 0.0)
    raw = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage=linkage,
        distance_threshold=threshold,
    ).fit_predict(distance)
    relabel: dict[int, int] = {}
    return [relabel.setdefault(int(x), len(relabel)) for x in raw]
