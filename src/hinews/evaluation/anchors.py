"""Anchors "as published": how the authors of XL-Sum and CrossSum ran and scored their models.

``as_published: true`` on an eval system runs its model this way instead of hinews' way
(map-reduce over whole sentences, hinews' ROUGE):

* the article body, whitespace runs made one space (the cards' ``WHITESPACE_HANDLER``), cut
  at 512 tokens (``truncation=True, max_length=512``), one generation, no map-reduce;
* the cards' decoding: ``num_beams=4``, ``max_length=84`` (decoder length, so at most 83
  new tokens), ``no_repeat_ngram_size=2`` and ``length_penalty=0.6`` (config.json's, which
  transformers 5 no longer reads from there), decoded with
  ``skip_special_tokens=True, clean_up_tokenization_spaces=False``;
* the summary as it is (no sentence cap, no extractive top-up);
* scored with the anchor's own scorer: XL-Sum's multilingual ROUGE (``rouge-xlsum``),
  ``lang`` the summary's language (XL-Sum ``seq2seq/evaluate.sh``; CrossSum's
  ``evaluator.py`` passes the target language as ``rouge_lang``), reported as the seeded
  bootstrap mid.

Sources: the model cards of ``csebuetnlp/mT5_multilingual_XLSum`` and
``csebuetnlp/mT5_m2o_english_crossSum``, github csebuetnlp/xl-sum ``seq2seq/evaluate.sh``
and ``seq2seq/utils.py`` (``calculate_rouge``), github csebuetnlp/CrossSum
``seq2seq/evaluator.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from hinews.errors import ConfigError, HinewsError

if TYPE_CHECKING:
    from hinews.evaluation.systems import System
    from hinews.evaluation.tasks import TaskConfig


@dataclass(frozen=True)
class PublishedSetup:
    """How one anchor was evaluated by its authors.

    Attributes:
        alias: hinews' alias of the model.
        hub_id: The model's hub id.
        max_source_tokens: Input cut (tokens, end of sequence included).
        generation: ``generate()`` settings of the card.
        scorer: Metric name of the anchor's scorer.
        scorer_lang: Language the scorer is run in (the summary's).
        source: Where this setup comes from.
    """

    alias: str
    hub_id: str
    scorer_lang: str
    source: str
    max_source_tokens: int = 512
    generation: dict[str, Any] = field(
        default_factory=lambda: {
            "num_beams": 4,
            "max_length": 84,
            "no_repeat_ngram_size": 2,
            "length_penalty": 0.6,
            "do_sample": False,
        }
    )
    scorer: str = "rouge-xlsum"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


ANCHORS: dict[str, PublishedSetup] = {
    "xlsum": PublishedSetup(
        "xlsum",
        "csebuetnlp/mT5_multilingual_XLSum",
        "hi",
        "model card of csebuetnlp/mT5_multilingual_XLSum; github csebuetnlp/xl-sum "
        "seq2seq/evaluate.sh (MAX_SOURCE_LENGTH 512, TEST_MAX_TARGET_LENGTH 84, beams 4, "
        "length_penalty 0.6, no_repeat_ngram_size 2, rouge_lang, use_stemmer)",
    ),
    "crosssum": PublishedSetup(
        "crosssum",
        "csebuetnlp/mT5_m2o_english_crossSum",
        "en",
        "model card of csebuetnlp/mT5_m2o_english_crossSum; github csebuetnlp/CrossSum "
        "seq2seq/evaluator.py (rouge_lang = the target language)",
    ),
}


def anchor_names() -> list[str]:
    """The aliases ``as_published`` knows."""
    return list(ANCHORS)


def anchor_setup(name: str) -> PublishedSetup | None:
    """The published setup of an alias or hub id, or None."""
    if name in ANCHORS:
        return ANCHORS[name]
    return next((a for a in ANCHORS.values() if a.hub_id == name), None)


def check_scorer(setup: PublishedSetup, where: str) -> None:
    """Raise one line when the anchor's scorer cannot run here (``where``: file and line).

    Raises:
        ConfigError: The scorer's packages (or data) are missing.
    """
    from hinews.evaluation.metrics import get_metric

    try:
        metric = get_metric(setup.scorer, lang=setup.scorer_lang)
        _ = metric.scorer  # type: ignore[attr-defined]
    except HinewsError as exc:
        raise ConfigError(
            f"{where}: as_published {setup.alias!r} is scored with {setup.scorer} "
            f"({setup.scorer_lang}), which cannot run here: {str(exc).rstrip('.')} (or leave "
            "this system out: --system NAME runs only the ones named)."
        ) from None


def generate_as_published(summarizer: Any, text: str, setup: PublishedSetup) -> dict[str, Any]:
    """One summary of ``text`` the way ``setup`` says, and what was done.

    ``summarizer`` must be a transformers summariser (``tokenizer``, ``model``, ``device``).

    Returns:
        ``{"summary": str, "input_tokens": int, "truncated": bool}`` (tokens before the cut).

    Raises:
        ConfigError: The summariser has no transformers model.
    """
    tokenizer: Any = getattr(summarizer, "tokenizer", None)
    model: Any = getattr(summarizer, "model", None)
    if tokenizer is None or not callable(getattr(model, "generate", None)):
        raise ConfigError(
            f"as_published {setup.alias!r} runs the card's transformers code; this summariser "
            f"({type(summarizer).__name__}) has no transformers model: use its transformers "
            "backend."
        )
    import torch

    text = " ".join(text.split())
    full = len(tokenizer(text)["input_ids"])
    encoded = tokenizer(
        text, truncation=True, max_length=setup.max_source_tokens, return_tensors="pt"
    )
    gen = model.generation_config.to_dict()
    gen.update(setup.generation)
    gen["max_new_tokens"] = None
    config = model.generation_config.__class__.from_dict(gen)
    device = getattr(summarizer, "device", None) or "cpu"
    lock = getattr(summarizer, "_lock", None)
    with torch.inference_mode():
        if lock is not None:
            with lock:
                out = model.generate(
                    input_ids=encoded["input_ids"].to(device),
                    attention_mask=encoded["attention_mask"].to(device),
                    generation_config=config,
                )
        else:
            out = model.generate(
                input_ids=encoded["input_ids"].to(device),
                attention_mask=encoded["attention_mask"].to(device),
                generation_config=config,
            )
    summary = tokenizer.decode(out[0], skip_special_tokens=True, clean_up_tokenization_spaces=False)
    return {
        "summary": str(summary),
        "input_tokens": full,
        "truncated": full > setup.max_source_tokens,
    }


def published_rows(
    published: Any, scores: dict[str, Any], mids: dict[str, float], *, as_published: bool
) -> dict[str, Any]:
    """Published figures beside the reproduced ones (same metric and aggregation)."""
    rows: dict[str, Any] = {}
    for key, value in published.scores.items():
        metric_key = (
            f"xlsum-{key}"
            if published.metric == "rouge-xlsum" and not key.startswith("xlsum-")
            else key
        )
        if published.aggregation == "bootstrap-mid":
            reproduced = mids.get(f"{metric_key}-mid")
        else:
            entry = scores.get(metric_key)
            reproduced = entry["score"] if entry else None
        rows[key] = {
            "key": metric_key,
            "published": float(value),
            "reproduced": reproduced,
            "difference": None if reproduced is None else reproduced - float(value),
        }
    return {
        "source": published.source,
        "metric": published.metric,
        "aggregation": published.aggregation,
        "approximate": published.approximate,
        "note": published.note,
        "as_published": as_published,
        "rows": rows,
    }


def as_published_systems(systems: Sequence[Any]) -> list[Any]:
    return [s for s in systems if getattr(s, "setup", None) is not None and hasattr(s, "anchor")]


def metric_names(task: TaskConfig, systems: Sequence[System]) -> list[str]:
    """The task's metrics, plus the own scorer of every as_published system."""
    from hinews.evaluation.metrics import canonical_name

    names = [canonical_name(m) for m in task.metrics]
    for system in as_published_systems(systems):
        if system.setup.scorer not in names:
            names.append(system.setup.scorer)
    return names
