"""The digest's fast paths give exactly what the plain ones give: the n-gram counts in numpy
equal scikit-learn's HashingVectorizer, and the main process's sort, blocks and copy filter."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tiny_data import EXAMPLE_PAIRS, PAIRS

pytestmark = pytest.mark.requires("sklearn")

ROOT = Path(__file__).resolve().parents[1]

EDGES = [
    "",
    " ",
    "\n\n",
    "a",
    "ab",
    "abc",
    "Ab CD ÉÈ",
    "İstanbul ŞEHİR",  # lower() makes İ two code points
    "emoji 😀 x😀y 𝔘𝔫𝔦",  # four UTF-8 bytes a character
    "क",
    "कख\u00a0गघ\tङ\n\nच\u2003छ",  # every kind of space splits words
    "x" * 50,
    "मैं  घर   गया।",
    "क़ानून क़ानून",  # a decomposed nukta
    "१२३ 123 ४५.६७",
    "a-b/c:d «e» “f”",
]


def _sklearn(texts: list[str], n_features: int):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        n_features=n_features,
        alternate_sign=False,
        norm=None,
        dtype="float32",
    ).transform(texts)


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    assert a.shape == b.shape and a.dtype == b.dtype
    assert a.indptr.dtype == b.indptr.dtype and a.indices.dtype == b.indices.dtype
    assert a.indptr.tolist() == b.indptr.tolist()
    assert a.indices.tolist() == b.indices.tolist()
    assert a.data.tolist() == b.data.tolist()
    assert b.has_canonical_format


def test_murmur3_equals_sklearns_on_every_length() -> None:
    import numpy as np
    from sklearn.utils import murmurhash3_32

    from hinews.digests.charhash import murmur3_32

    rng = random.Random(3)
    strings = [bytes(rng.randrange(256) for _ in range(n)) for n in range(25) for _ in range(20)]
    lengths = np.array([len(s) for s in strings], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    data = np.frombuffer(b"".join(strings) + b"\0" * 4, dtype=np.uint8)
    got = murmur3_32(data, starts, lengths).tolist()
    assert got == [murmurhash3_32(s, seed=0) for s in strings]


@pytest.mark.parametrize("n_features", [2**22, 2**10, 7])
def test_char_counts_equal_the_vectorizers(n_features: int) -> None:
    from hinews.digests.charhash import char_wb_counts

    texts = [*EDGES, *(h for h, _ in PAIRS), *(h for h, _ in EXAMPLE_PAIRS)]
    texts.append((ROOT / "examples" / "article.txt").read_text("utf-8"))
    rows = (ROOT / "examples" / "digest-reports.jsonl").read_text("utf-8").splitlines()
    texts += [json.loads(r)["text"] for r in rows if r.strip()]
    _same(_sklearn(texts, n_features), char_wb_counts(texts, n_features))
    for one in EDGES:  # a batch of one, blank ones included
        _same(_sklearn([one], n_features), char_wb_counts([one], n_features))


def test_char_counts_of_no_text_are_refused_as_sklearn_refuses() -> None:
    from hinews.digests.charhash import char_wb_counts

    with pytest.raises(ValueError, match="empty sequence"):
        char_wb_counts([], 2**22)


def test_the_digests_counts_use_them() -> None:
    from hinews.digests import grouping

    texts = [h for h, _ in PAIRS]
    _, chars = grouping.counts(texts)
    _same(_sklearn(texts, grouping.CHAR_FEATURES), chars)


# -- the main process's faster paths give what the plain ones give -------------------------
def test_the_integer_key_sort_is_lexsort() -> None:
    import numpy as np

    from hinews.digests.grouping import by_row_heaviest_first

    rng = np.random.default_rng(5)
    ties = np.array([0.0, -0.0, 0.25, 0.5, 1.0, 1e-30, 3e-9], dtype=np.float32)
    for trial in range(40):
        m = int(rng.integers(0, 3000))
        rows = rng.integers(0, 40, m)
        if trial % 3:
            rows.sort()
        data = rng.choice(ties, m) if trial % 2 else rng.random(m, dtype=np.float32)
        expected = np.lexsort((-data, rows))
        assert by_row_heaviest_first(rows, data).tolist() == expected.tolist()


def test_vectors_from_row_blocks_equal_vectors_from_the_stacked_counts() -> None:
    import numpy as np
    from scipy.sparse import vstack

    from hinews.digests import grouping

    texts = [h for h, _ in PAIRS] + [h for h, _ in EXAMPLE_PAIRS] + ["", "x y z"]
    blocks = [texts[i : i + 7] for i in range(0, len(texts), 7)]
    counted = [grouping.counts(b) for b in blocks]
    words = vstack([w for w, _ in counted], format="csr")
    chars = vstack([c for _, c in counted], format="csr")
    keep = np.array([i for i in range(len(texts)) if i % 5 != 2])
    w1, full1 = grouping.vectors(words[keep], chars[keep])
    parts = [c for _, c in counted]
    taken = grouping.take_rows(parts, keep)
    assert parts == [] and sum(p.shape[0] for p in taken) == len(keep)
    w2, full2 = grouping.vectors(words[keep], taken, copy=False)
    for a, b in ((w1, w2), (full1, full2)):
        assert a.shape == b.shape and a.dtype == b.dtype
        assert a.indptr.tolist() == b.indptr.tolist()
        assert a.indices.tolist() == b.indices.tolist()
        assert a.data.tobytes() == b.data.tobytes()  # bit for bit


def test_the_filtered_copy_score_is_the_plain_one() -> None:
    import numpy as np

    from hinews.digests import parallel

    rng = np.random.default_rng(9)
    pool = np.unique(rng.integers(0, 2**63, 400, dtype=np.uint64))
    for _ in range(200):
        grams = np.unique(rng.choice(pool, int(rng.integers(1, 60))))
        candidates = [
            np.unique(
                np.concatenate(
                    [
                        rng.choice(grams, int(rng.integers(0, len(grams) + 1))),
                        rng.choice(pool, int(rng.integers(1, 80))),
                    ]
                )
            )
            for _ in range(int(rng.integers(1, 12)))
        ]
        for threshold in (0.3, 0.5, 0.8):
            scores = [parallel.copy_score(grams, c, threshold) for c in candidates]
            best = max(range(len(scores)), key=lambda i: (scores[i], -i))
            want = best if scores[best] >= threshold else None
            assert parallel.best_copy(grams, candidates, threshold) == want


def test_background_is_the_mean_rows_projection_bit_for_bit() -> None:
    import numpy as np

    from hinews.digests import grouping

    texts = [h for h, _ in PAIRS] + [h for h, _ in EXAMPLE_PAIRS]
    _, full = grouping.vectors(*grouping.counts(texts))
    mean = np.asarray(full.mean(axis=0)).ravel()  # what it computed before, copying full
    want = np.asarray(full @ (mean / float(np.linalg.norm(mean)))).ravel().astype(np.float64)
    assert grouping.background(full).tobytes() == want.tobytes()
