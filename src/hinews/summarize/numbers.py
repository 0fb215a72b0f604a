"""A cheap check against invented facts: numbers and dates in a bullet that the source lacks."""

from __future__ import annotations

import re

_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[,.]\d+)*(?!\w)")
_MONTHS = {
    "january": ("जनवरी",),
    "february": ("फरवरी", "फ़रवरी"),
    "march": ("मार्च",),
    "april": ("अप्रैल",),
    "may": ("मई",),
    "june": ("जून",),
    "july": ("जुलाई",),
    "august": ("अगस्त",),
    "september": ("सितंबर", "सितम्बर"),
    "october": ("अक्टूबर",),
    "november": ("नवंबर", "नवम्बर"),
    "december": ("दिसंबर", "दिसम्बर"),
}
_MONTH = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\b")


def numbers_in(text: str) -> set[str]:
    """Numbers in ``text`` with grouping commas removed (``1,250.40`` -> ``1250.40``)."""
    text = text.translate(_DEVANAGARI_DIGITS)
    return {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def unsupported(bullet: str, sources: list[str]) -> tuple[str, ...]:
    """Numbers and month names in ``bullet`` that occur in none of ``sources``.

    Args:
        bullet: An English bullet.
        sources: The Hindi source text (and, optionally, its translation) to check against.
    """
    source = " ".join(sources)
    known = numbers_in(source)
    flags = sorted(numbers_in(bullet) - known, key=lambda n: bullet.find(n.split(".")[0]))
    lowered = source.casefold()
    for match in _MONTH.finditer(bullet):
        month = match.group()
        names = (month.casefold(), month.casefold()[:3], *_MONTHS[month.casefold()])
        if not any(name in lowered for name in names) and month not in flags:
            flags.append(month)
    return tuple(flags)


# -- quantities: numbers with their scale words, compared by value -------------------------
# Hindi news writes 1,25,000 (Indian grouping), 20 करोड़ or 1.5 लाख; the English may say
# 20 crore, 200 million or 200,000,000. Each side is read into values so any of these match.
_SCALES = {
    "हजार": 1e3,
    "हज़ार": 1e3,
    "लाख": 1e5,
    "करोड़": 1e7,
    "करोड": 1e7,
    "अरब": 1e9,
    "खरब": 1e11,
    "thousand": 1e3,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
for _word in list(_SCALES):  # nukta letters come precomposed (ड़) or decomposed (ड + ़)
    _SCALES[_word.replace("\u095c", "\u0921\u093c")] = _SCALES[_word]
    _SCALES[_word.replace("\u0921\u093c", "\u095c")] = _SCALES[_word]
_QUANTITY = re.compile(
    r"(?<![\w.])(\d+(?:[,.]\d+)*)(?!\w)\s*("
    + "|".join(sorted(_SCALES, key=len, reverse=True))
    + r")?",
    re.IGNORECASE,
)
# In the English, a number may be glued to a unit, an ordinal or a decade: 600Mbit/s,
# 16th, 1960s, 10:00am, F1.
_LENIENT = re.compile(
    r"(?<![\d.,])(\d+(?:[,.]\d+)*)\s*(" + "|".join(sorted(_SCALES, key=len, reverse=True)) + r")?",
    re.IGNORECASE,
)
_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}  # fmt: skip
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.IGNORECASE)


def quantities(text: str, *, lenient: bool = False) -> list[tuple[str, float, float]]:
    """The numbers in ``text`` as ``(as written, bare value, value with its scale word)``.

    Devanagari digits are read as digits, grouping commas (Western or Indian) dropped, and
    a following scale word (लाख, करोड़, crore, million...) multiplies:
    ``"1,25,000"`` -> ``125000``; ``"२० करोड़"`` -> bare ``20``, scaled ``200000000``.
    ``lenient`` also reads numbers glued to letters (``16th``, ``1960s``, ``100m``).
    """
    text = text.translate(_DEVANAGARI_DIGITS)
    out = []
    for match in (_LENIENT if lenient else _QUANTITY).finditer(text):
        digits = match.group(1).replace(",", "").rstrip(".")
        try:
            bare = float(digits)
        except ValueError:  # "1.2.3" (a version or a date with dots): compare as written
            continue
        scale = _SCALES.get((match.group(2) or "").casefold(), 1.0)
        out.append((match.group().strip(), bare, bare * scale))
    return out


def missing_numbers(source: str, target: str) -> tuple[str, ...]:
    """Numbers of the Hindi ``source`` that the English ``target`` lacks.

    A source number counts as present when the target has the same value at any scale
    (``20 करोड़`` = ``20 crore`` = ``200 million``), the same bare number, or, up to
    twenty, the English word (``2`` = ``two``).
    """
    found = quantities(target, lenient=True)
    values = {round(v, 6) for _, bare, scaled in found for v in (bare, scaled)}
    values |= {float(_WORDS[w.casefold()]) for w in _WORD_NUMBER.findall(target)}
    missing = []
    for written, bare, scaled in quantities(source, lenient=True):
        if round(scaled, 6) in values or round(bare, 6) in values:
            continue
        missing.append(written)
    return tuple(missing)


def quantity_spans(text: str) -> list[tuple[int, int, float]]:
    """Where each number of ``text`` is, with its value (scale word included), in order.

    The same reading as :func:`quantities` (Devanagari digits, Western or Indian grouping,
    लाख/करोड़/million...): ``(start, end, value)`` with ``text[start:end]`` the number as
    written, scale word included, so a caller can read the words around it (the digest's
    disputes, :mod:`hinews.digests.discrepancies`).
    """
    plain = text.translate(_DEVANAGARI_DIGITS)  # one character for one: offsets hold
    out = []
    for match in _QUANTITY.finditer(plain):
        digits = match.group(1).replace(",", "").rstrip(".")
        try:
            bare = float(digits)
        except ValueError:
            continue
        scale = _SCALES.get((match.group(2) or "").casefold(), 1.0)
        out.append((match.start(), match.start() + len(match.group().rstrip()), bare * scale))
    return out
