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


def polish(
    model: Any,
    forward: Callable[[], Any],
    reproduces: Callable[[], bool],
    *,
    max_steps: int = 600,
    lr: float = 1e-3,
    after_step: Callable[[], None] | None = None,
) -> None:
    """Train a memorised ``model`` on at a lower rate until ``reproduces()`` (checked every 25
    steps, and first before any step); leaves it in eval mode.

    For a stricter check than the one :func:`memorise` trained to (CTranslate2 int8): at
    memorise's rate the weights keep moving too much between checks to settle it.

    Raises:
        RuntimeError: not reproduced within ``max_steps``.
    """
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        model.eval()
        with torch.no_grad():
            if reproduces():
                return
        torch.manual_seed(0)
        optim = torch.optim.AdamW(model.parameters(), lr=lr)
        for i in range(max_steps):
            model.train()
            loss = forward().loss
            optim.zero_grad()
            loss.backward()
            optim.step()
            if after_step is not None:
                after_step()
            if i % 25 == 24:
                model.eval()
                with torch.no_grad():
                    if reproduces():
                        return
    finally:
        model.eval()
        torch.set_num_threads(threads)
    raise RuntimeError(f"tiny model did not pass the stricter check in {max_steps} steps")


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


def ct2_int8_decodes(
    model: Any, tokenizer: Any, pairs: Pairs, work: Any, target_prefix: str | None = None
) -> Callable[[], bool]:
    """Whether the model converted to CTranslate2 int8 decodes every target (greedy and beam 4).

    int8 rounding moves a tiny model's logits by several units, enough to flip a token that
    float decoding reproduces with a wide margin; the CTranslate2 tests assert int8 outputs
    exactly, so the builder checks them too. Always true where ctranslate2 is not installed
    (those tests are skipped there).
    """
    import shutil
    from pathlib import Path

    try:
        import ctranslate2
        from ctranslate2.converters import TransformersConverter
    except ImportError:
        return lambda: True
    folder = Path(work)
    sources = [tokenizer.convert_ids_to_tokens(tokenizer(s)["input_ids"]) for s, _ in pairs]
    targets = [t for _, t in pairs]
    prefix = [[target_prefix]] * len(pairs) if target_prefix else None

    def reproduces() -> bool:
        hf, ct2 = folder / "ct2-check-hf", folder / "ct2-check-int8"
        shutil.rmtree(hf, ignore_errors=True)
        model.save_pretrained(hf)
        tokenizer.save_pretrained(hf)
        TransformersConverter(str(hf)).convert(str(ct2), quantization="int8", force=True)
        translator = ctranslate2.Translator(str(ct2), device="cpu", compute_type="int8")
        try:
            for beams in (1, 4):
                out = translator.translate_batch(
                    sources, target_prefix=prefix, beam_size=beams, max_decoding_length=64
                )
                tokens = [r.hypotheses[0][1 if prefix else 0 :] for r in out]
                ids = [tokenizer.convert_tokens_to_ids(t) for t in tokens]
                texts = tokenizer.batch_decode(ids, skip_special_tokens=True)
                if [str(t).strip() for t in texts] != targets:
                    return False
            return True
        finally:
            del translator
            shutil.rmtree(hf, ignore_errors=True)
            shutil.rmtree(ct2, ignore_errors=True)

    return reproduces


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
