"""Flags again, after the fact: another threshold or glossary, no new translation.

The flags are pure functions of source, target and confidence, so a front end (the web
app's threshold slider and glossary upload) can recompute them on a finished result.
Enforcing a glossary changes what the model sees, so that needs a new translation.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from hinews.results import FLAG_NAMES, UNSUPPORTED_FLAG, Brief, Translation
from hinews.summarize import bullets as bullet_rules
from hinews.trust.flags import sentence_flags

if TYPE_CHECKING:
    from hinews.trust.glossary import Glossary


def bullet_flags(bullet: str, translation: Translation) -> tuple[str, ...]:
    """The flags of the sentence a bullet was taken from; for a bullet a model wrote, the
    flags of every sentence whose words it mostly repeats."""
    key = bullet_rules.key(bullet)
    for pair in translation.sentences:
        if bullet_rules.key(pair.target) == key:
            return pair.flags
    words = set(key.casefold().split())
    found: set[str] = set()
    for pair in translation.sentences:
        mine = set(bullet_rules.key(pair.target).casefold().split())
        if mine and len(words & mine) * 2 > len(mine):
            found.update(pair.flags)
    return tuple(name for name in FLAG_NAMES if name in found)


def recheck(
    translation: Translation, *, threshold: float, glossary: Glossary | None = None
) -> Translation:
    """``translation`` with every sentence's flags computed again."""
    pairs = tuple(
        dataclasses.replace(
            p,
            flags=sentence_flags(
                p.source, p.target, p.confidence, threshold=threshold, glossary=glossary
            ),
        )
        for p in translation.sentences
    )
    options = {**translation.provenance.options, "confidence_threshold": threshold}
    if glossary is not None:
        options["glossary"] = {**glossary.to_dict(), "enforced": False}
    provenance = dataclasses.replace(translation.provenance, options=options)
    return dataclasses.replace(translation, sentences=pairs, provenance=provenance)


def recheck_brief(brief: Brief, *, threshold: float, glossary: Glossary | None = None) -> Brief:
    """``brief`` with its translation's flags, and so its bullets' flags, computed again."""
    translation = recheck(brief.translation, threshold=threshold, glossary=glossary)
    before = brief.bullet_flags or tuple(() for _ in brief.bullets)
    # Support does not depend on the confidence threshold or the glossary: kept as it was.
    flags = tuple(
        (UNSUPPORTED_FLAG, *bullet_flags(b, translation))
        if UNSUPPORTED_FLAG in old
        else bullet_flags(b, translation)
        for b, old in zip(brief.bullets, before, strict=True)
    )
    return dataclasses.replace(brief, translation=translation, bullet_flags=flags)
