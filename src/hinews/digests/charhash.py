"""scikit-learn's hashed ``char_wb`` n-gram counts, computed with numpy: the same matrix.

``HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), alternate_sign=False,
norm=None)`` builds every n-gram of every report as a Python string and hashes it one
at a time: about a fifth of a report's time in a day's digest. The n-grams of a text are
all windows of ``" " + " ".join(text.lower().split()) + " "`` with no space inside them
(a window may start and end on the spaces that pad its word), of 3, 4 and 5 characters;
hashing them is MurmurHash3 (x86, 32-bit, seed 0) over their UTF-8 bytes, as
``sklearn.utils.murmurhash3_32``, and the column is ``abs(hash) % n_features``. Here both
are array operations over all windows of a batch of texts at once. The result equals
scikit-learn's, indices, counts and layout (``tests/test_digest_fast_paths.py`` compares
them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_C1 = 0xCC9E2D51
_C2 = 0x1B873593
_INT_MIN = -(2**31)


def _rotl(x: Any, r: int) -> Any:
    import numpy as np

    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def murmur3_32(data: Any, starts: Any, lengths: Any) -> Any:
    """MurmurHash3_x86_32 (seed 0) of the byte strings ``data[starts[i]:starts[i] +
    lengths[i]]`` as int32, as ``sklearn.utils.murmurhash3_32(..., positive=False)``.

    Args:
        data: uint8 array, with at least 3 bytes of padding after the last string.
        starts: int64 offsets into ``data``.
        lengths: int64 byte lengths.
    """
    import numpy as np

    with np.errstate(over="ignore"):
        c1, c2 = np.uint32(_C1), np.uint32(_C2)
        h = np.zeros(len(starts), dtype=np.uint32)
        blocks = lengths // 4
        wide = data.astype(np.uint32)

        def word(at: Any) -> Any:
            return wide[at] | (wide[at + 1] << 8) | (wide[at + 2] << 16) | (wide[at + 3] << 24)

        for j in range(int(blocks.max()) if len(blocks) else 0):
            live = blocks > j
            k = word(np.where(live, starts + 4 * j, 0))
            k = _rotl(k * c1, 15) * c2
            mixed = _rotl(h ^ k, 13) * np.uint32(5) + np.uint32(0xE6546B64)
            h = np.where(live, mixed, h)
        tail = starts + 4 * blocks
        rest = lengths & 3
        k = np.zeros_like(h)
        k = np.where(rest >= 3, k ^ (wide[tail + 2] << 16), k)
        k = np.where(rest >= 2, k ^ (wide[tail + 1] << 8), k)
        k = np.where(rest >= 1, k ^ wide[tail], k)
        k = _rotl(k * c1, 15) * c2
        h = np.where(rest > 0, h ^ k, h)
        h ^= lengths.astype(np.uint32)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h.view(np.int32)


def char_wb_counts(
    texts: Sequence[str], n_features: int, ngram_range: tuple[int, int] = (3, 5)
) -> Any:
    """The CSR float32 counts ``HashingVectorizer(analyzer="char_wb", ngram_range=...,
    n_features=n_features, alternate_sign=False, norm=None, dtype="float32")`` gives.

    Raises:
        ValueError: For no texts (as scikit-learn).
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    if not texts:
        raise ValueError("Cannot vectorize empty sequence.")
    low, high = ngram_range
    padded = [" " + " ".join(t.lower().split()) + " " for t in texts]
    joined = "".join(padded)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4")
    width = np.where(
        points < 0x80, 1, np.where(points < 0x800, 2, np.where(points < 0x10000, 3, 4))
    )
    offset = np.zeros(len(points) + 1, dtype=np.int64)
    np.cumsum(width, out=offset[1:])
    data = np.frombuffer(joined.encode("utf-8") + b"\0\0\0\0", dtype=np.uint8)
    sizes = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    doc_end = np.cumsum(sizes)
    doc_of = np.repeat(np.arange(len(texts)), sizes)
    space = points == 0x20
    # spaces strictly before each position (a window's interior is free of spaces when the
    # count does not grow between its second and its last character)
    before = np.zeros(len(points) + 1, dtype=np.int64)
    np.cumsum(space, out=before[1:])
    rows: list[Any] = []
    cols: list[Any] = []
    for n in range(low, high + 1):
        start = np.arange(len(points) - n + 1, dtype=np.int64)
        if not len(start):
            continue
        inside = before[start + n - 1] - before[start + 1] == 0  # no space inside
        inside &= start + n <= doc_end[doc_of[start]]  # within one text
        start = start[inside]
        first = offset[start]
        h = murmur3_32(data, first, offset[start + n] - first).astype(np.int64)
        col = np.where(
            h == _INT_MIN, (2**31 - 1 - (n_features - 1)) % n_features, np.abs(h) % n_features
        )
        rows.append(doc_of[start])
        cols.append(col)
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    # Sum the duplicates and sort each row's columns in one sort of (row, column) keys.
    keys = np.sort(row * n_features + col)
    first = np.flatnonzero(np.concatenate(([len(keys) > 0], keys[1:] != keys[:-1])))
    unique = keys[first]
    counts = np.diff(np.append(first, len(keys))).astype(np.float32)
    indptr = np.zeros(len(texts) + 1, dtype=np.int32)
    np.cumsum(np.bincount(unique // n_features, minlength=len(texts)), out=indptr[1:])
    return csr_matrix(
        (counts, (unique % n_features).astype(np.int32), indptr),
        shape=(len(texts), n_features),
    )
