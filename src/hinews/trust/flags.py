"""Per-sentence flags: pure functions of a Hindi source, its English and the confidence.

Each flag is a documented name; a sentence with none is fine as far as hinews can tell.

``low-confidence``
    The model's probability of its own output (``exp`` of the mean token log-probability)
    is below the threshold (default 0.5, ``--confidence-threshold``).
``untranslated``
    The output is mostly Devanagari, or repeats the source, or is empty for a real sentence.
``repetition``
    The output loops: a word or a phrase of up to four words three times in a row, or one
    word making up more than half of a long output.
``length``
    The English is far shorter or longer than the Hindi (in characters, outside
    0.45-2.2; on FLORES-200 devtest 99.5 % of reference pairs fall inside).
``numbers``
    A number of the source (Devanagari digits, Indian grouping 1,25,000, लाख/करोड़ read)
    is missing from the target.
``names``
    A Latin-script name of the source (Hindi news writes ``रूस (Russia)``) is missing from
    the target.
``glossary``
    A glossary term of the source whose English rendering is missing from the target.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from hinews.results import FLAG_NAMES
from hinews.summarize.numbers import missing_numbers

if TYPE_CHECKING:
    from hinews.trust.glossary import Glossary

__all__ = [
    "DEFAULT_THRESHOLD",
    "FLAG_NAMES",
    "is_length_off",
    "is_low_confidence",
    "is_repetitive",
    "is_untranslated",
    "missing_names",
    "sentence_flags",
]

DEFAULT_THRESHOLD = 0.5
LENGTH_RATIO = (0.45, 2.2)
_MIN_LENGTH_CHARS = 20  # ratios of very short sentences say little
_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_LETTER = re.compile(r"[^\W\d_]|[\u0900-\u097F]")
_WORD = re.compile(r"[\w\u0900-\u097F]+")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z.'&-]*(?:\s+[A-Za-z][A-Za-z.'&-]*)*")


def is_low_confidence(confidence: float | None, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether the model's confidence is below ``threshold`` (unknown is not low)."""
    return confidence is not None and confidence < threshold


def is_untranslated(source: str, target: str) -> bool:
    """Whether ``target`` is mostly Devanagari, repeats ``source``, or is empty for a
    non-empty source."""
    if not target.strip():
        return bool(source.strip())
    if _squash(target) == _squash(source):
        return True
    letters = _LETTER.findall(target)
    return bool(letters) and 2 * len(_DEVANAGARI.findall(target)) > len(letters)


def is_repetitive(target: str) -> bool:
    """Whether ``target`` loops: an n-gram (n <= 4 words) three times in a row, or one
    word over half of an output of 8 words or more."""
    words = [w.casefold() for w in _WORD.findall(target)]
    for n in range(1, 5):
        for i in range(len(words) - 3 * n + 1):
            gram = words[i : i + n]
            if gram == words[i + n : i + 2 * n] == words[i + 2 * n : i + 3 * n]:
                return True
    if len(words) >= 8:
        top = max(words.count(w) for w in set(words))
        return top * 2 > len(words)
    return False


def is_length_off(source: str, target: str, ratio: tuple[float, float] = LENGTH_RATIO) -> bool:
    """Whether the target/source character ratio is outside ``ratio`` (sources under 20
    characters are never flagged)."""
    src, tgt = len(source.strip()), len(target.strip())
    if src < _MIN_LENGTH_CHARS or not tgt:
        return False  # an empty target is "untranslated"
    low, high = ratio
    return not low <= tgt / src <= high


def missing_names(source: str, target: str) -> tuple[str, ...]:
    """Latin-script names in ``source`` (e.g. ``रूस (Russia)``) absent from ``target``,
    compared case-insensitively."""
    lowered = target.casefold()
    missing = []
    for match in _LATIN_RUN.finditer(source):
        name = match.group().strip(" .'-&")
        if len(name) >= 2 and name.casefold() not in lowered:
            missing.append(name)
    return tuple(missing)


def sentence_flags(
    source: str,
    target: str,
    confidence: float | None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    glossary: Glossary | None = None,
) -> tuple[str, ...]:
    """Every flag that fires for one sentence, in the order of :data:`FLAG_NAMES`.

    Args:
        source: The Hindi sentence as given (before any glossary protection).
        target: Its English translation.
        confidence: The model's confidence in ``target`` (``None``: unknown).
        threshold: Below this confidence a sentence is ``low-confidence``.
        glossary: Terms whose rendering must appear in the target.
    """
    if not source.strip():
        return ()
    fired = {
        "low-confidence": is_low_confidence(confidence, threshold),
        "untranslated": is_untranslated(source, target),
        "repetition": is_repetitive(target),
        "length": is_length_off(source, target),
        "numbers": bool(missing_numbers(source, target)),
        "names": bool(missing_names(source, target)),
        "glossary": bool(glossary and glossary.missing(source, target)),
    }
    return tuple(name for name in FLAG_NAMES if fired[name])


def combine_confidence(values: list[float | None]) -> float | None:
    """One confidence for a sentence translated in pieces: the geometric mean (the
    pieces' mean log-probabilities averaged); unknown if any piece is unknown."""
    if not values or any(v is None for v in values):
        return None
    logs = [math.log(max(v, 1e-12)) for v in values if v is not None]
    return math.exp(sum(logs) / len(logs))


def _squash(text: str) -> str:
    return "".join(_WORD.findall(text)).casefold()
