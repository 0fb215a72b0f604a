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
