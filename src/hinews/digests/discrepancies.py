"""Numbers the reports of one story disagree on ("12 लोगों की मौत" against "15 लोगों की मौत").

Every number of every report (headline and cleaned sentences, copies included) is read
by :func:`hinews.summarize.numbers.quantity_spans` (Devanagari or ASCII digits, Western
or Indian grouping, लाख/करोड़ scales) and kept as a *claim* when a counted noun or unit
follows it: ``12 लोगों`` (people), ``5 लाख रुपये`` (rupees), ``30 फीसदी किसान`` (percent
of farmers: a percentage takes the noun after it as part of what it counts).

Two claims of two different reports state the same thing when they are the same number
(first, second...) of the same sentence with its numbers left out (copies of one
sentence), or when their counted word has the same lemma (लोगों/लोग) and the clause
around it matches: the two words before the number and the two after the counted word
are the same (all four, or three with most of the sentence's words shared). Groups of
such claims with two or more values are the story's disagreements; a looser match is not
taken where it would make one report give two values. Not claims: dates and datelines
(a month name next to the number), times (``10:30``, ``बजे``), years (1900-2100 before
a postposition), phone and other long digit runs, numbers glued to ``/``, ``-`` or
``:``, and lines of page furniture (``|``, ``©``, addresses). A group in which one
report itself gives two values is left out: that report is listing different things,
not disputing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from hinews.digests.result import Discrepancy, DisputedValue
from hinews.summarize.numbers import quantity_spans

_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097f\w]+")
_MONTHS = {
    "जनवरी", "फरवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर",
    "सितम्बर", "अक्टूबर", "अक्तूबर", "नवंबर", "नवम्बर", "दिसंबर", "दिसम्बर",
}  # fmt: skip
# Words that follow a number without being what it counts (postpositions, particles,
# times of day, ordinals).
_NOT_COUNTED = {
    "में", "से", "के", "की", "का", "को", "पर", "तक", "और", "या", "ने", "है", "हैं", "था",
    "थे", "थी", "भी", "ही", "तो", "बजे", "बजकर", "वें", "वीं", "वां", "वा", "वी", "ई",
    "तारीख", "सन", "am", "pm", "AM", "PM",
}  # fmt: skip
_PERCENT = {"फीसदी", "फ़ीसदी", "प्रतिशत", "%"}
_SUFFIXES = (
    "ियों", "ियाँ", "ियां", "ाओं", "ाएं", "ाएँ", "ुओं", "ओं", "ों", "ें", "ीं", "ाँ", "ां",
    "ए", "े", "ो", "ी", "ा",
)  # fmt: skip
_FURNITURE = re.compile(r"[|©]|https?://|www\.|@|अपडेटेड|फॉलो करें")

#: English of common counted nouns and units (by lemma), used where the digest did not
#: translate the sentence the number is in.
GLOSSARY = {
    "लोग": "people", "व्यक्त": "persons", "आदम": "men", "मौत": "deaths", "घायल": "injured",
    "रुपय": "rupees", "रुपए": "rupees", "डॉलर": "dollars", "फीसद": "percent",
    "प्रतिशत": "percent", "%": "percent", "किसान": "farmers", "महिल": "women",
    "पुरुष": "men", "बच्च": "children", "छात्र": "students", "सीट": "seats", "गांव": "villages",
    "गाँव": "villages", "घर": "houses", "मकान": "houses", "जवान": "soldiers",
    "सैनिक": "soldiers", "पुलिसकर्म": "police officers", "आरोप": "accused", "वोट": "votes",
    "मत": "votes", "किलोमीटर": "kilometres", "किम": "km", "मीटर": "metres", "टन": "tonnes",
    "यात्र": "passengers", "मजदूर": "workers", "मज़दूर": "workers", "कर्मचार": "employees",
    "अधिकार": "officials", "मरीज": "patients", "मरीज़": "patients", "मामल": "cases",
    "दिन": "days", "साल": "years", "वर्ष": "years", "घंट": "hours", "मिनट": "minutes",
    "महीन": "months", "सप्ताह": "weeks", "हफ्त": "weeks", "बार": "times", "गोल": "goals",
    "रन": "runs", "विकेट": "wickets", "शव": "bodies", "लाश": "bodies", "परिवार": "families",
    "जिल": "districts", "राज्य": "states", "देश": "countries", "शहर": "cities",
    "वाहन": "vehicles", "गाड़": "vehicles", "बस": "buses", "ट्रेन": "trains",
    "उम्मीदवार": "candidates", "विधायक": "MLAs", "सांसद": "MPs", "डिग्र": "degrees",
    "मिलीमीटर": "millimetres", "लीटर": "litres", "किलो": "kilograms", "किलोग्राम": "kilograms",
    "एकड़": "acres", "हेक्टेयर": "hectares", "पद": "posts", "नौकर": "jobs", "स्कूल": "schools",
    "अस्पताल": "hospitals", "मंदिर": "temples", "पेड़": "trees", "पशु": "animals",
}  # fmt: skip
_EN_SKIP = {"a", "an", "the", "of", "more", "than", "over", "about", "nearly", "some", "lakh",
            "crore", "thousand", "million", "billion", "per", "cent"}  # fmt: skip


def lemma(word: str) -> str:
    """A light Hindi stem: the plural and oblique endings dropped (लोगों -> लोग)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Claim:
    """One counted number of one report, with the words that say what it is about."""

    report: str
    value: str
    written: str
    what: str  # the counted word as written (लोगों), with फीसदी its noun (फीसदी किसान)
    unit: str  # its lemma, the key two claims must share
    before: tuple[str, ...]
    after: tuple[str, ...]
    context: frozenset[str]
    sentence: str
    shape: str = ""  # the sentence with every number as '#'
    slot: int = 0  # which number of the sentence it is

    @property
    def signature(self) -> str:
        """What this claim is about, stable across runs (the state's key for changes)."""
        return "|".join((self.unit, *self.before, "#", *self.after))


def value_text(value: float) -> str:
    """A value in ASCII digits: ``12``, ``250000``, ``2.5``."""
    if value.is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def claims_in(report: str, sentences: Iterable[str]) -> list[Claim]:
    """The counted numbers of one report's sentences (headline first)."""
    out = []
    for sentence in sentences:
        if not sentence or _FURNITURE.search(sentence):
            continue
        spans = quantity_spans(sentence)
        shape, last = [], 0
        for start, end, _ in spans:
            shape += [sentence[last:start], "#"]
            last = end
        masked = " ".join("".join([*shape, sentence[last:]]).split())
        for slot, (start, end, value) in enumerate(spans):
            claim = _claim(report, sentence, start, end, value)
            if claim is not None:
                out.append(replace(claim, shape=masked, slot=slot))
    return out


def _claim(report: str, sentence: str, start: int, end: int, value: float) -> Claim | None:
    left, right = sentence[:start], sentence[end:]
    if (left[-1:] in "/-:.–" and left[-1:]) or (right[:1] in "/-:–" and right[:1]):
        return None  # dates 12/07, ranges 10-12, times 10:30, versions
    written = sentence[start:end]
    digits = sum(ch.isdigit() for ch in written)
    if digits >= 7 and "," not in written and " " not in written:
        return None  # a phone number or an id
    if right.startswith("%"):
        words_after = ["%", *_WORD.findall(right)[:3]]
    else:
        if right[:1] not in (" ", "\u00a0") or not right.strip():
            return None  # glued to a word (2nd, 10वीं) or at the end
        words_after = _WORD.findall(right)[:4]
    words_before = _WORD.findall(left)[-2:]
    if not words_after:
        return None
    first = words_after[0]
    if first in _MONTHS or (words_before and words_before[-1] in _MONTHS):
        return None  # a date or a dateline
    if first in _NOT_COUNTED or first.isdigit():
        return None
    year = value.is_integer() and 1900 <= value <= 2100 and "," not in written
    if year and (first in ("ई", "ईस्वी") or not words_before):
        return None
    what, rest = first, words_after[1:]
    if first in _PERCENT and rest and rest[0] not in _NOT_COUNTED:
        what, rest = f"{first} {rest[0]}", rest[1:]
    unit = " ".join(lemma(w) for w in what.split())
    tokens = {lemma(w) for w in _WORD.findall(sentence) if not w.isdigit()}
    tokens -= {lemma(w) for w in _WORD.findall(written)}
    return Claim(
        report=report,
        value=value_text(value),
        written=written.translate(_ASCII),
        what=what,
        unit=unit,
        before=tuple(_mask(w) for w in words_before),
        after=tuple(_mask(w) for w in rest[:2]),
        context=frozenset(tokens - _NOT_COUNTED),
        sentence=sentence,
    )


_ASCII = str.maketrans("०१२३४५६७८९", "0123456789")


def _mask(word: str) -> str:
    """A neighbour word's lemma; any number is ``#`` (two copies may differ in it)."""
    return "#" if word.translate(_ASCII).isdigit() else lemma(word)


def same_claim(a: Claim, b: Claim) -> bool:
    """Whether two claims state the same thing (see the module's rules)."""
    if a.unit != b.unit:
        return False
    near = sum(x == y for x, y in zip(a.before[::-1], b.before[::-1], strict=False))
    near += sum(x == y for x, y in zip(a.after, b.after, strict=False))
    if near == 4:
        return True
    if a.before == b.before and a.after == b.after and near >= 2:
        return True  # the sentence starts or ends near the number: all there is matches
    union = a.context | b.context
    shared = len(a.context & b.context) / len(union) if union else 0.0
    return near >= 3 and shared >= 0.5


def groups(claims: Sequence[Claim]) -> list[list[Claim]]:
    """Claims joined when two of different reports state the same thing (transitively)."""
    parent = list(range(len(claims)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    said: list[dict[str, set[str]]] = [{c.report: {c.value}} for c in claims]

    def join(i: int, j: int, *, strict: bool) -> None:
        ri, rj = root(i), root(j)
        if ri == rj:
            return
        if strict:  # a loose match may not make one report give two values
            for report, values in said[ri].items():
                if report in said[rj] and said[rj][report] != values:
                    return
        parent[ri] = rj
        for report, values in said[ri].items():
            said[rj].setdefault(report, set()).update(values)

    by_unit: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        by_unit[c.unit].append(i)
    loose = []
    for members in by_unit.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                a, b = claims[i], claims[j]
                if a.report == b.report:
                    continue
                if a.shape and a.shape == b.shape:  # one sentence, numbers aside
                    if a.slot == b.slot:
                        join(i, j, strict=False)
                elif same_claim(a, b):
                    loose.append((i, j))
    for i, j in loose:  # after the copies of one sentence are joined
        join(i, j, strict=True)
    out: dict[int, list[Claim]] = defaultdict(list)
    for i, c in enumerate(claims):
        out[root(i)].append(c)
    return list(out.values())


def values_of(group: Sequence[Claim]) -> dict[str, list[str]] | None:
    """value -> the reports that give it, or None when one report gives two values."""
    values: dict[str, list[str]] = {}
    said: dict[str, str] = {}
    for c in group:
        if said.setdefault(c.report, c.value) != c.value:
            return None
        reports = values.setdefault(c.value, [])
        if c.report not in reports:
            reports.append(c.report)
    return values


def english_of(group: Sequence[Claim], english: Mapping[str, str]) -> str:
    """The English of the counted word: the word after the number in the digest's
    translation of one of the group's sentences, else :data:`GLOSSARY`, else ``""``."""
    for c in group:
        text = english.get(c.sentence)
        if not text:
            continue
        digits = c.written.split()[0].replace(",", "")
        for match in re.finditer(r"(?<![\d.,])[\d,]+(?:\.\d+)?", text):
            if match.group().replace(",", "") != digits:
                continue
            words = [w for w in re.findall(r"[A-Za-z]+", text[match.end() :])[:4]]
            words = [w for w in words if w.lower() not in _EN_SKIP]
            if words:
                return words[0].lower() if words[0] != words[0].upper() else words[0]
    parts = group[0].unit.split()
    if len(parts) == 2 and parts[0] in ("फीसद", "प्रतिशत", "%"):  # 30 फीसदी किसान
        noun = GLOSSARY.get(parts[1]) or GLOSSARY.get(lemma(group[0].what.split()[-1]))
        return f"percent of {noun}" if noun else "percent"
    return GLOSSARY.get(parts[0]) or GLOSSARY.get(group[0].what, "")


def find(
    reports: Sequence[tuple[str, Sequence[str]]], english: Mapping[str, str] | None = None
) -> tuple[tuple[Discrepancy, ...], list[list[Claim]]]:
    """The disagreements of one story, and every claim group (for what changed).

    Args:
        reports: ``(report id, its headline and sentences)`` for every report of the
            story, copies included.
        english: Hindi sentence -> its English, as the digest translated it (for
            ``what_en``; the glossary otherwise).

    Returns:
        The discrepancies (largest first: the most reports), and all claim groups.
    """
    claims = [c for rid, sentences in reports for c in claims_in(rid, sentences)]
    found = groups(claims)
    out = []
    for group in found:
        values = values_of(group)
        if values is None or len(values) < 2:
            continue
        ordered = sorted(values.items(), key=lambda kv: (-len(kv[1]), float(kv[0])))
        written = {c.value: c.written for c in group}
        out.append(
            (
                -len({c.report for c in group}),
                Discrepancy(
                    what=group[0].what,
                    what_en=english_of(group, english or {}),
                    values=tuple(
                        DisputedValue(value=v, reports=tuple(r), written=written[v])
                        for v, r in ordered
                    ),
                ),
            )
        )
    out.sort(key=lambda x: x[0])
    return tuple(d for _, d in out), found
