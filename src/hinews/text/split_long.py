"""Splitting a sentence that is too long for a model into clause-sized pieces."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["CONJUNCTIONS", "split_long"]


def _word_list(words: str) -> list[str]:
    return words.split()


CONJUNCTIONS = frozenset(
    _word_list(
        "और लेकिन परंतु परन्तु किंतु किन्तु मगर बल्कि क्योंकि जबकि तथा एवं या अथवा कि ताकि इसलिए इसलिये जिससे"
    )
)
"""Hindi conjunctions that start a clause; a piece may begin with one."""

_CLAUSE_END = ("।", "॥", ".", "?", "!", ",", ";", ":", "—", "–", "،")
_STRIP = "\"'“”‘’()[]{}«»,;:—–"

Counter = Callable[[str], int]


def _pack(units: list[list[str]], fits: Callable[[list[str]], bool]) -> list[list[str]]:
    """Greedily join consecutive units (lists of tokens) while the result fits."""
    pieces: list[list[str]] = []
    for unit in units:
        if pieces and fits(pieces[-1] + unit):
            pieces[-1] = pieces[-1] + unit
        else:
            pieces.append(list(unit))
    return pieces


def _cut(tokens: list[str], before: Callable[[int], bool]) -> list[list[str]]:
    """Cut a token list before every index ``i`` (``i >= 1``) where ``before(i)``."""
    units: list[list[str]] = [[tokens[0]]]
    for i in range(1, len(tokens)):
        if before(i):
            units.append([tokens[i]])
        else:
            units[-1].append(tokens[i])
    return units


def _split_chars(token: str, max_tokens: int, count: Counter) -> list[str]:
    pieces = []
    while token:
        lo, hi = 1, len(token)
        while lo < hi:  # the longest prefix that fits (at least one character)
            mid = (lo + hi + 1) // 2
            if count(token[:mid]) <= max_tokens:
                lo = mid
            else:
                hi = mid - 1
        pieces.append(token[:lo])
        token = token[lo:]
    return pieces


def split_long(sentence: str, max_tokens: int, count_tokens: Callable[[str], int]) -> list[str]:
    """Split a sentence into the fewest clause-sized pieces that each fit ``max_tokens``.

    A sentence within the limit comes back unchanged as ``[sentence]``. Otherwise it is cut
    at clause boundaries, in order of preference: after ``, ; : —`` (and any stray
    sentence end); then before a Hindi
    conjunction (:data:`CONJUNCTIONS`: ``और``, ``लेकिन``, ``क्योंकि``, ``कि`` ...); then
    between any two words; and, for a single word longer than the limit, between
    characters. At each level consecutive clauses are packed greedily, which gives the
    fewest pieces for that level's cut points.

    Nothing is dropped: ``" ".join(pieces)`` equals ``" ".join(sentence.split())``, except
    that a single word longer than the limit is itself cut into several pieces.

    Args:
        sentence: One sentence (or any text).
        max_tokens: The largest size of a piece, in the units of ``count_tokens``.
        count_tokens: Measures a string, e.g. ``lambda s: len(tokenizer(s).input_ids)``.

    Returns:
        The pieces, in order.

    Raises:
        ValueError: If ``max_tokens`` is smaller than 1.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
    if count_tokens(sentence) <= max_tokens:
        return [sentence]
    tokens = sentence.split()
    if not tokens:
        return [sentence]

    def fits(unit: list[str]) -> bool:
        return count_tokens(" ".join(unit)) <= max_tokens

    def after_punct(tokens: list[str]) -> Callable[[int], bool]:
        return lambda i: tokens[i - 1].endswith(_CLAUSE_END) or tokens[i] in ("—", "–")

    def before_conj(tokens: list[str]) -> Callable[[int], bool]:
        return lambda i: tokens[i].strip(_STRIP) in CONJUNCTIONS

    def any_space(tokens: list[str]) -> Callable[[int], bool]:
        return lambda i: True

    levels = (after_punct, before_conj, any_space)

    def refine(unit: list[str], level: int) -> list[list[str]]:
        if fits(unit):
            return [unit]
        if level == len(levels):  # one word longer than the limit
            return [[p] for p in _split_chars(unit[0], max_tokens, count_tokens)]
        subunits = _cut(unit, levels[level](unit))
        refined = [piece for sub in subunits for piece in refine(sub, level + 1)]
        return _pack(refined, fits)

    return [" ".join(piece) for piece in refine(tokens, 0)]
