"""Near-linear story grouping: TF-IDF rows, sparse top-k neighbours, average linkage on them.

The exact method (:func:`hinews.digests.stories.group` with ``method="exact"``) builds the
dense n×n cosine distance matrix: 16,000 reports take 6.5 GB and 260 s. Here:

1. **Vectors** as the exact method's (word TF-IDF beside character 3-5-gram TF-IDF, each
   L2-normalised, sublinear tf, smoothed idf), but the term counts are hashed
   (scikit-learn's ``HashingVectorizer``, 2^20 word and 2^22 n-gram columns), so each
   report's counts are computed on its own, in any process, and only the idf is global.
2. **Candidates** from an inverted index of each report's :data:`PRUNE` heaviest words
   (words in more than :data:`MAX_DF` of the reports are left out of it): blocked sparse
   products give every report its :data:`K` best candidates, so the cost grows with n, not
   n², and each candidate pair is then scored on the FULL vectors (the exact cosine).
3. **Average linkage over that graph**: clusters merge, closest first, while their
   average cosine distance is under the threshold, exactly the rule of the dense method;
   a pair of reports that is not in the graph counts as distance 1 (similarity 0) in
   every average, consistently. Complete linkage merges two clusters only when every pair
   between them is in the graph and under the threshold. A heap over the graph's edges,
   each cluster pair keeping its sum of similarities, count and minimum.

The threshold keeps its meaning (a cosine distance) and default.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

from hinews.errors import missing_dependency

K = 16
"""Candidates per report kept from the pruned index (then scored exactly)."""

PRUNE = 24
"""Heaviest words of each report that enter the candidate index."""

MAX_DF = 0.05
"""Words in more than this share of the reports (and more than 50) do not index candidates."""

FULL_GRAPH_UP_TO = 1500
"""Up to this many reports every pair is in the graph (a dense block of 18 MB): the
grouping is then exactly average linkage, and a small digest is grouped as before."""

WORD_FEATURES = 2**20
CHAR_FEATURES = 2**22
BLOCK = 2048


def _vectorizers() -> tuple[Any, Any]:
    try:
        from sklearn.feature_extraction.text import HashingVectorizer
    except ImportError:
        raise missing_dependency("scikit-learn", "digest") from None
    from hinews.summarize.extractive import tokens

    common = {"alternate_sign": False, "norm": None, "dtype": "float32"}
    word = HashingVectorizer(analyzer=tokens, n_features=WORD_FEATURES, **common)
    char = HashingVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), n_features=CHAR_FEATURES, **common
    )
    return word, char


def counts(texts: Sequence[str]) -> tuple[Any, Any]:
    """Hashed term counts of ``texts``: (words, character 3-5-grams), CSR float32 rows.

    Each row depends on its text alone, so chunks counted in different processes stack
    into the same matrix as one pass.
    """
    from hinews.digests.charhash import char_wb_counts

    word, _ = _vectorizers()
    # The n-grams as the char vectorizer's, hashed in numpy (the same matrix, 3x faster).
    return word.transform(texts), char_wb_counts(texts, CHAR_FEATURES, (3, 5))


def _tfidf(matrix: Any, *, copy: bool = True) -> Any:
    """Sublinear tf times smoothed idf (as ``TfidfVectorizer``), rows L2-normalised
    (``copy=False``: in place, where ``matrix`` is CSR)."""
    import numpy as np
    from sklearn.preprocessing import normalize

    matrix = matrix.tocsr(copy=copy)
    matrix.sum_duplicates()
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    matrix.data *= idf[matrix.indices]
    return normalize(matrix, copy=False)


def vectors(words: Any, chars: Any, *, copy: bool = True) -> tuple[Any, Any]:
    """(word TF-IDF rows, the full rows: words and n-grams side by side, each half);
    ``copy=False`` turns the counts into TF-IDF in place (they are spent).

    ``chars`` may also be a list of CSR row blocks (a day's counts as the cleaning
    processes made them, :func:`take_rows`): they are made TF-IDF one by one with the
    day's idf and laid beside the words block by block, each let go once copied, so the
    n-gram counts (most of a day's memory) are never held twice. The result is the same.
    """
    from scipy.sparse import hstack
    from sklearn.preprocessing import normalize

    w = _tfidf(words, copy=copy)
    if isinstance(chars, list):
        return w, normalize(_beside(w, chars), copy=False)
    full = normalize(hstack([w, _tfidf(chars, copy=copy)], format="csr"), copy=False)
    return w, full


def take_rows(parts: list[Any], rows: Any) -> list[Any]:
    """The ``rows`` (ascending indices into the blocks stacked) of CSR row blocks
    ``parts``, as blocks again; ``parts`` is emptied, each block let go once taken."""
    import numpy as np

    rows = np.asarray(rows, dtype=np.int64)
    out: list[Any] = []
    start = 0
    parts.reverse()
    while parts:
        part = parts.pop()
        end = start + part.shape[0]
        lo, hi = np.searchsorted(rows, [start, end])
        out.append(part[rows[lo:hi] - start])
        del part
        start = end
    return out


def _beside(w: Any, parts: list[Any]) -> Any:
    """``hstack([w, tfidf(vstack(parts))])``, block by block (``parts`` is emptied)."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.preprocessing import normalize

    n = sum(p.shape[0] for p in parts)
    width = parts[0].shape[1] if parts else CHAR_FEATURES
    df = np.zeros(width, dtype=np.int64)
    for part in parts:
        part.sum_duplicates()
        df += np.bincount(part.indices, minlength=width)
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)  # as _tfidf's
    nnz = w.nnz + sum(p.nnz for p in parts)
    shape = (n, w.shape[1] + width)
    index = np.int32 if max(nnz, shape[1]) < 2**31 else np.int64
    data = np.empty(nnz, dtype=np.float32)
    indices = np.empty(nnz, dtype=index)
    indptr = np.zeros(n + 1, dtype=index)
    at = row = 0
    parts.reverse()
    while parts:
        part = parts.pop()
        part.data = part.data.astype(np.float32, copy=False)  # counts may come as uint16
        np.log(part.data, out=part.data)
        part.data += 1.0
        part.data *= idf[part.indices]
        block = hstack([w[row : row + part.shape[0]], normalize(part, copy=False)], format="csr")
        del part
        k, m = block.nnz, block.shape[0]
        data[at : at + k] = block.data
        indices[at : at + k] = block.indices
        indptr[row + 1 : row + m + 1] = block.indptr[1:] + at
        at, row = at + k, row + m
    return csr_matrix((data, indices, indptr), shape=shape)


def _pruned(words: Any) -> Any:
    """Each row's :data:`PRUNE` heaviest words, among those not too common."""
    import numpy as np
    from scipy.sparse import csr_matrix

    n = words.shape[0]
    df = np.bincount(words.indices, minlength=words.shape[1])
    cap = max(50, int(MAX_DF * n))
    data = np.where(df[words.indices] <= cap, words.data, 0.0).astype(np.float32)
    rows = np.repeat(np.arange(n), np.diff(words.indptr))
    order = by_row_heaviest_first(rows, data)
    rank = np.arange(len(order)) - words.indptr[rows[order]]
    keep = order[(rank < PRUNE) & (data[order] > 0)]
    keep.sort()
    return csr_matrix((data[keep], (rows[keep], words.indices[keep])), shape=words.shape)


def by_row_heaviest_first(rows: Any, data: Any) -> Any:
    """``np.lexsort((-data, rows))`` for non-negative float32 ``data`` (rows ascending,
    each row's entries heaviest first, ties in their order), three times faster: one
    stable sort of an integer key, the row above the float's bits (which order as the
    floats do for non-negative values), so no precision is lost."""
    import numpy as np

    # + 0.0 makes a -0.0 (sign bit set) the 0.0 it equals
    plain = np.asarray(data, dtype=np.float32) + np.float32(0.0)
    bits = plain.view(np.uint32).astype(np.uint64)
    key = (np.asarray(rows).astype(np.uint64) << np.uint64(32)) | (np.uint64(0xFFFFFFFF) - bits)
    return np.argsort(key, kind="stable")


def neighbours(words: Any, full: Any, *, k: int = K) -> tuple[Any, Any, Any]:
    """Candidate pairs (i < j) and their exact cosine similarity on ``full`` rows.

    Returns:
        (i, j, similarity) arrays, each pair once.
    """
    import numpy as np

    pruned = _pruned(words)
    pruned_t = pruned.T.tocsr()
    n = full.shape[0]
    left: list[Any] = []
    right: list[Any] = []
    for start in range(0, n, BLOCK):
        block = (pruned[start : start + BLOCK] @ pruned_t).tocsr()
        block.setdiag(0)  # itself
        block.eliminate_zeros()
        lengths = np.diff(block.indptr)
        rows = np.repeat(np.arange(block.shape[0]), lengths)
        order = by_row_heaviest_first(rows, block.data)
        rank = np.arange(len(order)) - block.indptr[rows[order]]
        best = order[rank < k]
        left.append(rows[best] + start)
        right.append(block.indices[best])
    i = np.concatenate(left) if left else np.zeros(0, dtype=np.int64)
    j = np.concatenate(right) if right else np.zeros(0, dtype=np.int64)
    a, b = np.minimum(i, j), np.maximum(i, j)
    pairs = np.unique(a.astype(np.int64) * n + b)
    a, b = pairs // n, pairs % n
    sims = np.empty(len(pairs), dtype=np.float64)
    step = 4096  # pairs per chunk: two gathered row blocks of ~5M non-zeros each
    for s in range(0, len(pairs), step):
        x, y = full[a[s : s + step]], full[b[s : s + step]]
        sims[s : s + step] = np.asarray(x.multiply(y).sum(axis=1)).ravel()
    np.clip(sims, 0.0, 1.0, out=sims)
    return a, b, sims


def background(full: Any) -> Any:
    """Each row's projection on the mean row's direction: ``p[i] * p[j]`` is the share of
    ``cos(i, j)`` that every pair of Hindi reports has in common (frequent n-grams)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    # full.mean(axis=0) as scipy computes it (the rows scaled by 1/n, then summed), with
    # only the data scaled: mean() copies the whole matrix, indices too (0.7 GB a day).
    scaled = csr_matrix((full.data * (1.0 / full.shape[0]), full.indices, full.indptr), full.shape)
    mean = np.asarray(scaled.sum(axis=0, dtype=full.dtype)).ravel()
    del scaled
    norm = float(np.linalg.norm(mean))
    if norm == 0.0:
        return np.zeros(full.shape[0])
    return np.asarray(full @ (mean / norm)).ravel().astype(np.float64)


def linkage_labels(
    n: int,
    a: Any,
    b: Any,
    sims: Any,
    *,
    threshold: float,
    linkage: str = "average",
    base: Any = None,
) -> list[int]:
    """Merge clusters over the graph while their linkage distance is under ``threshold``.

    Args:
        n: Number of reports.
        a, b, sims: The graph's pairs and their cosine similarities (1 - distance).
        threshold: Cosine distance under which two clusters merge (the dense method's).
        linkage: ``average``: mean distance over all pairs between the clusters, a pair
            not in the graph counting as 1; ``complete``: every pair must be in the graph.
        base: Each report's :func:`background`: a pair not in the graph then counts as
            its background similarity ``base[i] * base[j]`` instead of 0 (each cluster
            pair keeps the residuals of its graph pairs plus the product of its sums).

    Returns:
        A cluster label per report (0, 1, 2... in order of first appearance).
    """
    need = 1.0 - threshold  # merge while similarity > need (distance < threshold)
    size = [1] * n
    mass = [0.0] * n if base is None else [float(v) for v in base]
    # links[c][d] = [sum of similarities, known pairs, least similarity] between c and d
    links: list[dict[int, list[float]] | None] = [{} for _ in range(n)]
    heap: list[tuple[float, int, int]] = []
    for x, y, s in zip(a.tolist(), b.tolist(), sims.tolist(), strict=True):
        if x == y:
            continue
        links[x][y] = [s - mass[x] * mass[y], 1.0, s]
        links[y][x] = links[x][y]
        if s > need:
            heap.append((-s, x, y))
    heapq.heapify(heap)
    average = linkage == "average"

    def score(x: int, y: int, link: list[float]) -> float:
        pairs = size[x] * size[y]
        if average:
            return (link[0] + mass[x] * mass[y]) / pairs
        return link[2] if link[1] >= pairs else 0.0

    parent = list(range(n))
    while heap:
        neg, x, y = heapq.heappop(heap)
        lx, ly = links[x], links[y]
        if lx is None or ly is None or y not in lx:
            continue  # a cluster already merged away
        if score(x, y, lx[y]) != -neg:
            continue  # stale: the pair's score changed since it was pushed
        if len(lx) < len(ly):  # merge the smaller neighbour list into the larger
            x, y, lx, ly = y, x, ly, lx
        del lx[y]
        del ly[x]
        for z, link in ly.items():
            lz = links[z]
            assert lz is not None
            del lz[y]
            have = lx.get(z)
            if have is None:
                lx[z] = link
                lz[x] = link
            else:
                have[0] += link[0]
                have[1] += link[1]
                have[2] = min(have[2], link[2])
        links[y] = None
        size[x] += size[y]
        mass[x] += mass[y]
        parent[y] = x
        for z, link in lx.items():
            s = score(x, z, link)
            if s > need:
                heapq.heappush(heap, (-s, x, z))
    labels: list[int] = []
    relabel: dict[int, int] = {}
    for i in range(n):
        root = i
        while parent[root] != root:
            root = parent[root]
        parent[i] = root
        labels.append(relabel.setdefault(root, len(relabel)))
    return labels


def group(
    texts: Sequence[str] | None = None,
    *,
    threshold: float,
    linkage: str = "average",
    word_counts: Any = None,
    char_counts: Any = None,
    copy: bool = True,
) -> list[int]:
    """Story labels by the sparse method, from ``texts`` or their precomputed counts
    (``copy=False``: the counts are spent, made TF-IDF in place)."""
    if word_counts is None:
        word_counts, char_counts = counts(list(texts or []))
        copy = False
    n = word_counts.shape[0]
    if n < 2:
        return [0] * n
    words, full = vectors(word_counts, char_counts, copy=copy)
    del word_counts, char_counts
    from hinews.digests import memory

    memory.release()  # the counts' blocks, made TF-IDF and copied into ``full``
    if n <= FULL_GRAPH_UP_TO:  # every pair fits: the graph is complete, the result exact
        import numpy as np

        a, b = np.triu_indices(n, 1)
        dense = (full @ full.T).toarray()
        sims = np.clip(dense[a, b], 0.0, 1.0)
        del dense
        return linkage_labels(n, a, b, sims, threshold=threshold, linkage=linkage)
    a, b, sims = neighbours(words, full)
    return linkage_labels(
        n, a, b, sims, threshold=threshold, linkage=linkage, base=background(full)
    )
