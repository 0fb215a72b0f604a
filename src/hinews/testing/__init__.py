"""Build small models without the hub: the tests' memorised models and the benchmark's shapes.

Nothing here is imported by ``import hinews``; every module imports torch and transformers
lazily, inside the functions that need them.

Modules:
    configs: config and generation-config factories for Marian, NLLB/M2M100, BART, mT5
        and a Qwen2-style chat model, parametrised by a :class:`~hinews.testing.configs.Size`.
    tokenizers: SentencePiece and byte-level BPE training, and the tokenizers built on them.
    memorise: the one training loop (full-batch AdamW until decoding reproduces the targets).
    tiny: whole recipes, e.g. :func:`~hinews.testing.tiny.build_marian` (train a tokenizer,
        make a tiny model, memorise the pairs, ``save_pretrained``).
"""

from __future__ import annotations
