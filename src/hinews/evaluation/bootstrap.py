"""Bootstrap confidence intervals and the paired bootstrap test, as sacrebleu does them.

Resampling draws example indices with ``numpy.random.default_rng(seed).choice`` (the same
draws as sacrebleu for the same seed; its default seed is 12345), re-sums the per-example
statistics of each resample and recomputes the corpus score. The 95% interval is the
2.5th-97.5th percentile of the resampled scores (sacrebleu's index rule: ``n // 40`` from
each end). The paired test resamples both systems with the same indices and counts how
often the centred resampled difference reaches the real one: ``p = (c + 1) / (S + 1)``.
One deliberate difference from sacrebleu: ties count (``>=``), so a system compared with
itself gets ``p = 1`` (not significant) instead of ``1 / (S + 1)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from hinews.errors import DataError

Aggregate = Callable[[Any, int], float]


@dataclass(frozen=True)
class Interval:
    """A bootstrap confidence interval around a corpus score."""

    score: float
    low: float
    high: float
    mean: float
    samples: int
    seed: int

    @property
    def halfwidth(self) -> float:
        """Half the interval's width (sacrebleu's "± x")."""
        return 0.5 * (self.high - self.low)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "halfwidth": self.halfwidth}


@dataclass(frozen=True)
class PairedResult:
    """A paired bootstrap test of system B against baseline A."""

    score_a: float
    score_b: float
    p_value: float
    samples: int
    seed: int

    @property
    def delta(self) -> float:
        """``score_b - score_a``."""
        return self.score_b - self.score_a

    def significant(self, alpha: float = 0.05) -> bool:
        """Whether the difference is significant at level ``alpha``."""
        return self.p_value < alpha

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "delta": self.delta, "significant": self.significant()}


def resample_counts(n: int, samples: int, seed: int) -> Any:
    """How often each of ``n`` examples is drawn in each of ``samples`` resamples.

    Returns:
        A ``(samples, n)`` float array; row ``s`` times the statistics gives resample ``s``'s
        sums. Uses the same draws as sacrebleu for the same seed.
    """
    import numpy as np

    if n < 1:
        raise DataError("Bootstrap needs at least one example.")
    if samples < 1:
        raise DataError(f"Bootstrap samples must be at least 1 (got {samples}).")
    rng = np.random.default_rng(seed)
    idxs = rng.choice(n, size=(samples, n), replace=True)
    offsets = (np.arange(samples) * n)[:, None]
    counts = np.bincount((idxs + offsets).ravel(), minlength=samples * n)
    return counts.reshape(samples, n).astype(np.float64)


def resampled_scores(stats: Any, aggregate: Aggregate, counts: Any) -> Any:
    """Corpus scores of every resample: ``aggregate(counts[s] @ stats, n)`` for each ``s``."""
    import numpy as np

    sums = counts @ np.asarray(stats, dtype=np.float64)
    n = stats.shape[0]
    return np.asarray([aggregate(row, n) for row in sums], dtype=np.float64)


def _bounds(scores: Any) -> tuple[float, float]:
    import numpy as np

    ordered = np.sort(scores)
    lower = len(ordered) // 40
    return float(ordered[lower]), float(ordered[len(ordered) - lower - 1])


def confidence_interval(
    stats: Any, aggregate: Aggregate, *, samples: int = 1000, seed: int = 12345
) -> Interval:
    """95% bootstrap confidence interval of a corpus score.

    Args:
        stats: ``(n, k)`` per-example statistics.
        aggregate: ``aggregate(summed_stats, n) -> score``.
        samples: Number of resamples.
        seed: RNG seed (same seed, same interval).
    """
    import numpy as np

    stats = np.asarray(stats, dtype=np.float64)
    score = aggregate(stats.sum(0), stats.shape[0])
    scores = resampled_scores(stats, aggregate, resample_counts(stats.shape[0], samples, seed))
    low, high = _bounds(scores)
    return Interval(score, low, high, float(scores.mean()), samples, seed)


def paired_bootstrap(
    stats_a: Any,
    stats_b: Any,
    aggregate: Aggregate,
    *,
    samples: int = 1000,
    seed: int = 12345,
) -> PairedResult:
    """Paired bootstrap test: is system B's corpus score different from baseline A's?

    Args:
        stats_a: Baseline per-example statistics ``(n, k)``.
        stats_b: System per-example statistics, same examples in the same order.
        aggregate: ``aggregate(summed_stats, n) -> score``.
        samples: Number of resamples.
        seed: RNG seed.

    Raises:
        DataError: The two systems were not scored on the same number of examples.
    """
    import numpy as np

    a = np.asarray(stats_a, dtype=np.float64)
    b = np.asarray(stats_b, dtype=np.float64)
    if a.shape[0] != b.shape[0]:
        raise DataError(
            f"Paired test needs the same examples for both systems ({a.shape[0]} vs {b.shape[0]})."
        )
    n = a.shape[0]
    score_a, score_b = aggregate(a.sum(0), n), aggregate(b.sum(0), n)
    counts = resample_counts(n, samples, seed)
    diffs = np.abs(resampled_scores(b, aggregate, counts) - resampled_scores(a, aggregate, counts))
    centred = diffs - diffs.mean()
    real = abs(score_b - score_a)
    # Round away float noise so that exact ties (identical systems) count as ties.
    c = int(np.sum(np.round(centred, 9) >= round(real, 9)))
    return PairedResult(score_a, score_b, (c + 1) / (samples + 1), samples, seed)
