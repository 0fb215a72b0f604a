"""The one training loop: full-batch AdamW until decoding reproduces every target exactly.

A model of ~0.5M parameters memorises a few dozen pairs in a few hundred steps; the loop
then trains a few steps more so the margin is not razor-thin, and checks again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Pairs = list[tuple[str, str]]


def memorise(
    model: Any,
    forward: Callable[[], Any],
    reproduces: Callable[[], bool],
    *,
    max_steps: int = 800,
    settle_steps: int = 30,
    after_step: Callable[[], None] | None = None,
) -> None:
    """Train ``model`` in place until ``reproduces()``; leaves it in eval mode.

    Args:
        model: a transformers model in train mode or not.
        forward: one full-batch forward pass returning an output with ``.loss``.
        reproduces: whether decoding now gives every target (called in eval mode).
        max_steps: give up after this many optimiser steps.
        settle_steps: extra steps once the targets are reproduced, before the final check.
        after_step: called after each optimiser step (e.g. keep an embedding row at zero).

    Raises:
        RuntimeError: the targets were not reproduced within ``max_steps``.
    """
    import torch

    # Matrices this small gain nothing from threads, and on a busy machine the thread
    # synchronisation makes training many times slower.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        _loop(model, forward, reproduces, max_steps, settle_steps, after_step)
    finally:
        torch.set_num_threads(threads)


def _loop(
    model: Any,
    forward: Callable[[], Any],
    reproduces: Callable[[], bool],
    max_steps: int,
    settle_steps: int,
    after_step: Callable[[], None] | None,
) -> None:
    import torch

    torch.manual_seed(0)
    optim = torch.optim.AdamW(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda s: min(1.0, (s + 1) / 20))
    model.train()

    def step() -> float:
        loss = forward().loss
        optim.zero_grad()
        loss.backward()
        optim.step()
        sched.step()
        if after_step is not None:
            after_step()
        return float(loss.item())

    def check() -> bool:
        model.eval()
        with torch.no_grad():
            ok = reproduces()
        model.train()
        return ok

    for i in range(max_steps):
        if step() < 0.05 and i % 25 == 24 and check():
            for _ in range(settle_steps):
                step()
            if check():
                model.eval()
                return
    raise RuntimeError(f"tiny model did not memorise its targets in {max_steps} steps")


def seq2seq_forward(model: Any, tokenizer: Any, pairs: Pairs) -> Callable[[], Any]:
    """A full-batch forward pass on ``pairs`` (source, target), padding masked out of the loss."""
    batch = tokenizer(
        [s for s, _ in pairs], text_target=[t for _, t in pairs], padding=True, return_tensors="pt"
    )
    labels = batch["labels"].clone()
    labels[labels == tokenizer.pad_token_id] = -100

    def forward() -> Any:
        return model(
            input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels
        )

    return forward


def decodes_batch(model: Any, tokenizer: Any, pairs: Pairs, **generate: Any) -> Callable[[], bool]:
    """Whether ``generate`` on all sources at once (padded) decodes to the targets."""
    batch = tokenizer([s for s, _ in pairs], padding=True, return_tensors="pt")
    targets = [t for _, t in pairs]

    def reproduces() -> bool:
        out = model.generate(**batch, **generate)
        return bool(tokenizer.batch_decode(out, skip_special_tokens=True) == targets)

    return reproduces


def decodes_each(model: Any, tokenizer: Any, pairs: Pairs, **generate: Any) -> Callable[[], bool]:
    """Whether ``generate`` on each source alone (no padding) decodes to its target."""

    def reproduces() -> bool:
        for source, target in pairs:
            out = model.generate(**tokenizer(source, return_tensors="pt"), **generate)
            if str(tokenizer.decode(out[0], skip_special_tokens=True)).strip() != target:
                return False
        return True

    return reproduces
