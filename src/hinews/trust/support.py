"""Which sentences of the article a bullet rests on, and how well: pure functions.

A bullet that *is* a sentence of the translation (every extractive bullet, and a model
bullet that copied one) is supported by that sentence, score 1. Any other bullet is
aligned to the article: its content words (stop words left out, light stemming, names
and numbers weighing more) are looked for in the article's sentences, the best sentence
first, then up to :data:`MAX_SENTENCES` - 1 more that add words the first lacked; the
score is the share of the bullet's weight they cover. For a bullet translated from a
model's Hindi sentence (strategy ``source``) the Hindi sentence is aligned to the Hindi
article too, and the better of the two alignments counts.

A bullet below the threshold (:data:`DEFAULT_THRESHOLD`, set on data: see
``eval/bullet_support.py`` and docs/bullet-support.md) gets the flag ``unsupported``:
the article may not say it.

The content words are :func:`hinews.summarize.overlap.content_words`, the ones that
also tell when a bullet restates the headline or another bullet.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from hinews.config import SUPPORT_THRESHOLD, support_threshold_errors
from hinews.errors import ConfigError
from hinews.results import UNSUPPORTED_FLAG, BulletSupport, Translation
from hinews.summarize.overlap import content_words, key

__all__ = [
    "DEFAULT_THRESHOLD",
    "MAX_SENTENCES",
    "UNSUPPORTED",
    "Alignment",
    "align",
    "bullet_support",
    "require_threshold",
    "support_in",
    "with_flag",
]

#: The flag of a bullet the article may not say (in ``bullet_flags``).
UNSUPPORTED = UNSUPPORTED_FLAG
#: Below this score a bullet is flagged ``unsupported`` (set on NTREX-128 and memorised
#: summarisers by ``eval/bullet_support.py``; docs/bullet-support.md has the figures).
DEFAULT_THRESHOLD = SUPPORT_THRESHOLD
#: A bullet stating a number or date the article does not have: its score times this.
NUMBER_PENALTY = 0.5
#: A bullet rests on at most this many sentences.
MAX_SENTENCES = 3


@dataclass(frozen=True)
class Alignment:
    """The sentences (indices into what was aligned to) a text rests on, and its score."""

    sentences: tuple[int, ...]
    score: float


@functools.lru_cache(maxsize=65_536)
def _bag(sentence: str) -> frozenset[str]:
    """A sentence's content words, once per distinct sentence (a digest aligns every
    bullet of a story to all its reports' sentences)."""
    return frozenset(content_words(sentence))


def align(text: str, sentences: Sequence[str], *, max_sentences: int = MAX_SENTENCES) -> Alignment:
    """How much of ``text`` the ``sentences`` say, and which of them say it.

    A sentence equal to ``text`` (case, punctuation and spacing aside) gives score 1.
    Otherwise the best-covering sentence is taken first, then further ones while each adds
    at least two uncovered content words (or a name or number): so a bullet fusing two
    sentences is found whole, and stray common words across the article do not add up.

    Examples:
        >>> align("Two men were arrested in Delhi.", ["Police arrested two men.", "Rain."])
        Alignment(sentences=(0,), score=0.6)
    """
    wanted = key(text)
    for i, sentence in enumerate(sentences):
        if wanted and key(sentence) == wanted:
            return Alignment((i,), 1.0)
    words = content_words(text)
    total = sum(words.values())
    if not total:
        return Alignment((), 0.0)
    bags = [_bag(s) for s in sentences]
    left = dict(words)
    chosen: list[int] = []
    while left and len(chosen) < max_sentences:
        gains = [sum(left[w] for w in bag if w in left) for bag in bags]
        best = max(range(len(bags)), key=lambda i: (gains[i], -i), default=None)
        if best is None or gains[best] <= 0 or best in chosen:
            break
        if chosen and gains[best] < 2:
            break
        chosen.append(best)
        for w in bags[best]:
            left.pop(w, None)
    covered = total - sum(left.values())
    return Alignment(tuple(sorted(chosen)), round(covered / total, 4))


def require_threshold(value: object, name: str = "support_threshold") -> float:
    """``value`` as a support threshold, or :class:`~hinews.errors.ConfigError` in one line."""
    errors = support_threshold_errors(value, name)
    if errors:
        raise ConfigError(errors[0])
    return float(value)  # type: ignore[arg-type]


def bullet_support(
    bullet: str, translation: Translation, *, hindi: str | None = None
) -> BulletSupport:
    """Which sentences of ``translation`` ``bullet`` rests on, and how well.

    Args:
        bullet: An English bullet of the brief.
        translation: The article's translation (the sentences the bullet is looked for in).
        hindi: The Hindi sentence the bullet was translated from, when a model wrote the
            summary in Hindi (strategy ``source``): aligned to the Hindi sentences too.
    """
    pairs = translation.sentences
    sources, targets = [p.source for p in pairs], [p.target for p in pairs]
    found, score, method = support_in(bullet, sources, targets, hindi=hindi)
    return BulletSupport(
        sentences=found.sentences,
        source=tuple(sources[i] for i in found.sentences),
        target=tuple(targets[i] for i in found.sentences),
        score=score,
        method=method,
    )


def support_in(
    bullet: str, sources: Sequence[str], targets: Sequence[str], *, hindi: str | None = None
) -> tuple[Alignment, float, str]:
    """:func:`bullet_support` on parallel Hindi ``sources`` and English ``targets`` (``""``
    where a sentence was not translated): the alignment, the score, and the method
    (``sentence``, ``english`` or ``hindi``).

    A bullet that is not a sentence and states a number or month the article does not
    have (:func:`hinews.summarize.numbers.unsupported`) has its score multiplied by
    :data:`NUMBER_PENALTY`: the number is the fact it invents.
    """
    from hinews.summarize.numbers import unsupported

    found = align(bullet, targets)
    if found.score == 1.0 and len(found.sentences) == 1:
        return found, 1.0, "sentence"
    method = "english"
    if hindi:
        by_hindi = align(hindi, sources)
        if by_hindi.score > found.score:
            found, method = by_hindi, "hindi"
    score = found.score
    if unsupported(bullet, [*sources, *targets]):
        score = round(score * NUMBER_PENALTY, 4)
    return found, score, method


def with_flag(flags: tuple[str, ...], support: BulletSupport, threshold: float) -> tuple[str, ...]:
    """``flags`` with :data:`UNSUPPORTED` first when ``support`` is below ``threshold``."""
    if support.score < threshold and UNSUPPORTED not in flags:
        return (UNSUPPORTED, *flags)
    return flags
