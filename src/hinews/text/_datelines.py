"""Datelines inside paragraphs, agency credits and bylines that carry a full date.

A Hindi report often opens with where it was filed and by whom, glued to its first
sentence: ``प्रयागराज, जेएनएन। माघ मेले की …``, ``नई दिल्ली, 12 जुलाई (भाषा) सरकार …``,
``पटना। गंगा पथ पर …``. :func:`split_inline_dateline` cuts that prefix off and keeps the
sentence. Credits to a news agency close a report (``… होगी। (भाषा)``) or stand alone
(``(एजेंसी इनपुट के साथ)``). The rules look at shapes (a short place, a comma or bracket,
an agency or reporter word, a danda), not at one site's strings.
"""

from __future__ import annotations

import re

from hinews.text._rules import n_words

# News agencies and newsroom credits as they are written in Hindi datelines.
_AGENCY = (
    r"भाषा|एजेंसी|एजेंसियां|एजेंसियाँ|आईएएनएस|आइएएनएस|पीटीआई|पीटीआइ|जेएनएन|यूएनआई|यूएनआइ|"
    r"वार्ता|यूनीवार्ता|एएनआई|एएनआइ|रॉयटर्स|एएफपी|एपी|IANS|PTI|ANI|UNI|Reuters|AFP|JNN"
)
_REPORTER = (
    r"(?:हमारे |निज |विशेष |कार्यालय |वरिष्ठ |[\u0900-\u097f]+ )?(?:संवाददाता|प्रतिनिधि)|"
    r"ब्यूरो(?: रिपोर्ट)?|न्यूज़ डेस्क|न्यूज डेस्क|डेस्क|[\u0900-\u097f]+ टीम|टीम|वि\.सं\.|का\.सं\."
)
_NUMBER_WORD = (
    r"एक|दो|तीन|चार|पांच|पाँच|छह|छः|सात|आठ|नौ|दस|ग्यारह|बारह|तेरह|चौदह|पंद्रह|पन्द्रह|सोलह|"
    r"सत्रह|अठारह|उन्नीस|बीस|इक्कीस|बाईस|तेईस|चौबीस|पच्चीस|छब्बीस|सत्ताईस|अट्ठाईस|उनतीस|तीस|इकतीस"
)
_MONTH_HI = (
    r"जनवरी|फरवरी|फ़रवरी|मार्च|अप्रैल|अप्रेल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|अक्टूबर|"
    r"अक्तूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर"
)
_DAY = rf"(?:\d{{1,2}}|{_NUMBER_WORD})"
_DATE = rf"{_DAY}\s+(?:{_MONTH_HI})(?:,?\s+\d{{4}})?"
# A place: one to three words of Devanagari (नई दिल्ली, श्री गंगानगर), no digits.
_PLACE = r"[\u0900-\u097f]+(?:\s+[\u0900-\u097f]+){0,2}"
_END = r"\s*(?:[।:|\-–—]\s*|\.\s+|\s)"

# "प्रयागराज, जेएनएन।", "नई दिल्ली, 12 जुलाई (भाषा)", "लखनऊ (संवाददाता)।", "मुंबई, 3 अगस्त।"
_CREDITED = re.compile(
    rf"^(?P<d>{_PLACE}\s*(?:,\s*{_DATE}\s*)?"
    # after a comma the credit needs a danda/colon/dash ("हिंदी, भाषा और …" is a sentence);
    # in brackets a space will do ("(भाषा) सरकार ने …")
    rf"(?:,\s*(?:{_AGENCY}|{_REPORTER})\s*(?:[।:|\-–—]|\.(?=\s))|"
    rf"\(\s*(?:{_AGENCY}|{_REPORTER})\s*\)\s*(?:[।:|\-–—]|\.(?=\s)|(?=\s))))\s*",
)
_DATED = re.compile(rf"^(?P<d>{_PLACE}\s*,\s*{_DATE}\s*[।:|\-–—])\s*")
# "पटना। …", "नई दिल्ली: …", "जयपुर | …": only at the start of the article's first paragraph.
_BARE = re.compile(r"^(?P<d>[\u0900-\u097f]+(?:\s+[\u0900-\u097f]+)?\s*[।:|])\s+")

# Words that show the opening piece is a sentence, not a place (``वह आया।``, ``सवाल यह:``,
# ``सड़कें बंद रहीं।``): postpositions, pronouns, auxiliaries and light verbs (not "गया",
# which is also Gaya, a city that opens many datelines).
_NOT_PLACE = frozenset(
    "को में से पर है हैं था थी थे की का के ने और भी ही तो कि यह वह ये वो हो नहीं हां हाँ जी "
    "थीं रहा रही रहे रहीं गई गयी गए गये हुआ हुई हुए हुईं होगा होगी होंगे किया दिया लिया "
    "सका सकी सके चुका चुकी चुके "
    "सवाल जवाब प्रश्न उत्तर नोट अपडेट खबर".split()
)


def split_inline_dateline(paragraph: str, *, first: bool) -> tuple[str, str]:
    """Split a dateline off the start of a paragraph: ``(dateline, rest)``.

    ``dateline`` is ``""`` when there is none. A place with an agency or reporter credit
    and/or a date (``नई दिल्ली, एजेंसी।``, ``मुंबई, छह अगस्त (भाषा)``) is cut from any
    paragraph; a bare place before a danda, colon or bar (``पटना। …``) only from the
    first paragraph of the article (``first``). The rest must be a sentence of three or
    more words, else nothing is cut (a line that is only a dateline is dropped whole by
    :func:`hinews.text._rules.is_dateline`).
    """
    patterns = (_CREDITED, _DATED, _BARE) if first else (_CREDITED, _DATED)
    for pattern in patterns:
        found = pattern.match(paragraph)
        if not found:
            continue
        dateline = found.group("d").strip()
        place = re.split(r"[,(।:|]", dateline, maxsplit=1)[0].split()
        if any(word in _NOT_PLACE for word in place):
            continue
        rest = paragraph[found.end() :].strip()
        if n_words(rest) >= 3:
            return dateline, rest
    return "", paragraph


_CREDIT_BODY = (
    rf"(?:(?:इनपुट|इनपुट्स|input|inputs)\s*[:\-–—]?\s*)?(?:{_AGENCY}|एजेंसी)"
    r"(?:\s+(?:के\s+)?(?:इनपुट|इनपुट्स)(?:\s+के\s+साथ)?)?|"
    rf"with inputs from (?:{_AGENCY})|(?:{_AGENCY}) (?:के )?इनपुट(?: के साथ)?"
)
_AGENCY_LINE = re.compile(rf"^[(\[]?\s*[-–—]?\s*(?:{_CREDIT_BODY})\s*[)\]]?\s*[।.]?$", re.I)
_AGENCY_TAIL = re.compile(
    rf"(?<=[।॥.?!\"'”’])\s*(?:[(\[]\s*(?:{_CREDIT_BODY})\s*[)\]]|[-–—]\s*(?:{_AGENCY})|"
    rf"(?:{_CREDIT_BODY}))\s*[।.]?\s*$",
    re.I,
)


def is_agency_credit(line: str) -> bool:
    """A line that only credits a news agency: ``(भाषा)``, ``- आईएएनएस``,
    ``(एजेंसी इनपुट के साथ)``, ``इनपुट: पीटीआई``."""
    return n_words(line) <= 6 and _AGENCY_LINE.match(line.strip()) is not None


def split_agency_tail(paragraph: str) -> tuple[str, str]:
    """Split an agency credit off the end of a paragraph: ``(rest, credit)``.

    ``… तक होगी। (भाषा)`` → ``("… तक होगी।", "(भाषा)")``; ``credit`` is ``""`` when
    there is none. The credit must follow sentence punctuation.
    """
    found = _AGENCY_TAIL.search(paragraph)
    if not found or not paragraph[: found.start()].strip():
        return paragraph, ""
    return paragraph[: found.start()].rstrip(), found.group().strip()


# --- bylines with a full date ------------------------------------------------------------

_MONTH_ANY = (
    rf"(?:{_MONTH_HI})|(?<![A-Za-z])(?:january|jan|february|feb|march|mar|april|apr|may|june|"
    r"jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)\.?"
    r"(?![A-Za-z])"
)
_FULL_DATE = re.compile(
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_ANY}),?\s+\d{{4}}|"
    rf"(?:{_MONTH_ANY})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{2}-\d{2}",
    re.I,
)
_BYLINE_EXTRA = re.compile(
    r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|hrs|ist|बजे)?|\(?ist\)?|"
    r"(?:\d+|एक|दो|तीन|चार|पांच)\s*(?:मिनट|min|mins|minute|minutes)\s*(?:में पढ़ें|read|पढ़ें)",
    re.I,
)
_FUNCTION = frozenset(
    "को में से पर है हैं था थी थे की का के ने और भी ही तो कि यह वह ये वो होगी होगा होंगे हो "
    "हुआ हुई हुए गया गई गए किया".split()
)


def is_dated_byline(line: str) -> bool:
    """A byline that names people or places next to a full date: ``सुनील वर्मा / लखनऊ
    Jul 14, 2025``, ``पहाड़ लाइव ब्यूरो | शिमला | 22 मई 2025``, ``संवाददाता, पटना |
    9 सितंबर 2025 | 4 मिनट में पढ़ें``. At most six words besides the date and time, no
    function words, no sentence punctuation at the end."""
    if n_words(line) > 14 or not _FULL_DATE.search(line):
        return False
    if line.rstrip("\"')]} ").endswith(("।", "?", "!")):
        return False
    rest = _BYLINE_EXTRA.sub(" ", _FULL_DATE.sub(" ", line))
    words = [w for w in re.split(r"[\s,/|:\-–—•.()]+", rest) if w]
    return len(words) <= 6 and not any(w in _FUNCTION for w in words)
