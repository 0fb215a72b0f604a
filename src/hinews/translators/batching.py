"""Token-budget batching: sort by length, fill each batch up to a padded-token budget."""

from __future__ import annotations

from hinews.errors import InputError


def plan_batches(lengths: list[int], max_tokens: int, max_sentences: int) -> list[list[int]]:
    """Group indices into batches whose padded size stays within ``max_tokens``.

    Sentences are sorted by length (longest first, so the first batch shows the peak
    memory), which keeps padding small. A sentence longer than the budget gets a batch of
    its own rather than being dropped.

    Args:
        lengths: Token length of each sentence.
        max_tokens: Budget for ``len(batch) * longest_in_batch``.
        max_sentences: Most sentences in one batch.

    Returns:
        Lists of indices into ``lengths``; every index appears exactly once.
    """
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        size = max(longest, lengths[i], 1)
        if current and (len(current) >= max_sentences or size * (len(current) + 1) > max_tokens):
            batches.append(current)
            current, longest = [], 0
            size = max(lengths[i], 1)
        current.append(i)
        longest = size
    if current:
        batches.append(current)
    return batches


def check_lengths(lengths: list[int], limit: int) -> None:
    """Refuse sentences longer than the model accepts: hinews never truncates.

    Raises:
        InputError: Naming the first sentence over ``limit`` tokens.
    """
    for i, n in enumerate(lengths):
        if n > limit:
            raise InputError(
                f"sentence {i} has {n} tokens, more than the model's limit of {limit}; "
                "hinews does not truncate: translate through hinews.Pipeline, which splits long "
                "sentences at clause boundaries"
            )
