"""The model card's decoding, where old hub repos keep it: the top of ``config.json``.

``csebuetnlp/mT5_multilingual_XLSum`` (and other repos older than
``generation_config.json``) keeps its decoding (``num_beams`` 4, ``max_length`` 84,
``no_repeat_ngram_size`` 2, ``length_penalty`` 0.6) at the top of ``config.json``.
transformers 5 no longer reads generation keys from there, so without this the model would
decode with ``length_penalty`` 1.0. Both summariser backends apply the card's settings the
same way and record them in the provenance (``card_decoding``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: Generation keys a card may keep at the top of ``config.json``.
CARD_KEYS = (
    "num_beams",
    "max_length",
    "min_length",
    "no_repeat_ngram_size",
    "length_penalty",
    "early_stopping",
    "forced_bos_token_id",
    "forced_eos_token_id",
)
#: Card keys hinews' own config decides (they are recorded, not applied): beams and length
#: come from ``summarizer.num_beams`` / ``max_new_tokens`` (for ``source`` and
#: ``crosslingual`` the strategy defaults are the cards' beam 4 and 84 tokens).
DECIDED_BY_CONFIG = ("num_beams", "max_length")


def card_decoding(path: Path) -> dict[str, Any]:
    """The card's decoding settings of a model folder without ``generation_config.json``
    (empty when the folder has one: it is taken as it is)."""
    if (path / "generation_config.json").is_file():
        return {}
    try:
        data = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: data[k] for k in CARD_KEYS if data.get(k) is not None}


def apply_card(generation: Any, card: dict[str, Any]) -> Any:
    """A copy of ``generation`` (a transformers ``GenerationConfig``) with the card's
    settings, except those hinews' config decides (:data:`DECIDED_BY_CONFIG`)."""
    if not card:
        return generation
    values = {k: v for k, v in card.items() if k not in DECIDED_BY_CONFIG}
    return generation.__class__.from_dict({**generation.to_dict(), **values})
