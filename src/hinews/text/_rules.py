"""Line-level rules shared by plain-text cleaning and HTML extraction.

Each rule looks at the *shape* of a line (script, length, separators, leading keyword),
never at the strings of one particular site.
"""

from __future__ import annotations

import html
import re
import unicodedata

DEVA_LETTER = re.compile("[\u0900-\u0963\u0971-\u097f\ua8e0-\ua8ff]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
_TERMINATORS = "।॥.?!…"
_CLOSERS = "\"')]}»”’"


def has_devanagari(text: str) -> bool:
    """Whether ``text`` has at least one Devanagari letter."""
    return DEVA_LETTER.search(text) is not None


_TOKEN_WITH_ALNUM = re.compile(r"(?<!\S)\S*?[^\W_]\S*")  # [^\W_] is str.isalnum()


def n_words(text: str) -> int:
    """The number of whitespace-separated tokens that contain a letter or digit."""
    # One regex pass: the per-word Python loop was half of a report's cleaning time.
    return len(_TOKEN_WITH_ALNUM.findall(text))


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends with sentence punctuation (closing quotes/brackets ignored)."""
    stripped = line.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINATORS


def key(text: str) -> str:
    """A comparison key: letters, marks and digits only, case-folded."""
    return "".join(
        c
        for c in unicodedata.normalize("NFC", text).casefold()
        if unicodedata.category(c)[0] in "LMN"
    )


# --- markup debris -----------------------------------------------------------------------

_TAG = r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->"
_ENTITY = r"&(?:[A-Za-z][A-Za-z0-9]{1,7}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
_TAG_RE = re.compile(_TAG)
_ENTITY_RE = re.compile(_ENTITY)
# Words a scraper leaves behind when it flattens a page: element names and JavaScript
# values. Only stripped when glued to non-Latin text (or alone on the line), so English
# words that merely start with them ("scripture", "null and void") are safe.
_DEBRIS_WORD = (
    r"(?:script|style|noscript|iframe|html|head|body|div|span|template|undefined|null|"
    r"NaN|None|true|false|function\(\)|\{\}|\[\])"
)
_LEADING_DEBRIS = re.compile(
    rf"^(?:(?:{_DEBRIS_WORD}|{_TAG}|{_ENTITY}|[<>/]+)\s*)+(?=[^A-Za-z\s]|$)"
)


def strip_markup(text: str) -> str:
    """Remove HTML tags and comments and decode character entities (``&nbsp;`` ...)."""
    text = _TAG_RE.sub(" ", text)
    if "&" in text:
        text = _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def strip_leading_debris(line: str) -> str:
    """Remove markup words glued to the start of a line (``scriptरूस …`` → ``रूस …``)."""
    return _LEADING_DEBRIS.sub("", line).strip()


# --- titles ------------------------------------------------------------------------------

_TITLE_SEP = re.compile(r"\s+(?:\|\|?|::|[-–—•·»:])\s+|\s*\|\s*")
_SITE_WORD = re.compile(
    "न्यूज़|न्यूज|समाचार|टाइम्स|भास्कर|जागरण|उजाला|हिन्दुस्तान|हिंदुस्तान|पत्रिका|दैनिक|"
    "नवभारत|जनसत्ता|आजतक|वेबदुनिया|ख़बर|खबर|लाइव|डॉट कॉम"
)


def _is_site_segment(segment: str) -> bool:
    if not has_devanagari(segment):
        return True  # an English gloss or a site name in Latin script
    return n_words(segment) <= 3 and _SITE_WORD.search(segment) is not None


# Separators that never occur inside a headline: what stands on their far side is a site
# name or a section (``सत्यपथ | शिक्षा | बोर्ड परीक्षा में …``).
_HARD_SEP = re.compile(r"^\s*(?:\|\|?|::|»|•|·)\s*$")
_LATIN_SITE_WORD = re.compile(
    r"(?i)\b(?:news|times|today|live|express|samachar|khabar|post|tribune|herald|online|"
    r"bharat|hindi|dainik|jagran|ujala|bhaskar|patrika|\w+\.(?:com|in|net|org))\b"
)
_LEADING_LABEL = re.compile(
    r"(?i)^(?:hindi news|news|latest news|breaking news|हिंदी न्यूज़|हिंदी न्यूज|हिन्दी न्यूज़|"
    r"ब्रेकिंग न्यूज़|ब्रेकिंग|ताज़ा खबर|ताजा खबर)$"
)

# "Hindi News: …" with the colon glued to the label.
_GLUED_LABEL = re.compile(
    r"(?i)^(hindi news|latest news|breaking news|हिंदी न्यूज़|हिंदी न्यूज|हिन्दी न्यूज़|"
    r"ब्रेकिंग न्यूज़|ताज़ा खबर|ताजा खबर)\s*[:：|\-–—]\s*"
)


def _short_after_bar(part: tuple[str, str], headline: str) -> bool:
    """A one- or two-word piece after a bar that ends a longer headline is the site's
    name even without a word like समाचार (``नई रेल सेवा शुरू | जनवाणी``): headlines do not
    end in a bar and a word or two."""
    sep, piece = part
    return bool(_HARD_SEP.match(sep)) and n_words(piece) <= 2 and n_words(headline) >= 3


def _leading_site(piece: str, sep: str, longest: int) -> bool:
    """Whether the first ``piece`` of a title (before ``sep``) is a site or section name."""
    if _LEADING_LABEL.match(piece.strip()):
        return True
    if sep.strip() in {":", "："}:
        return False  # a topic: "NEP 2025: …", "विचार: …"
    if has_devanagari(piece):
        if n_words(piece) <= 3 and _SITE_WORD.search(piece):
            return True
    elif n_words(piece) <= 4 and _LATIN_SITE_WORD.search(piece):
        return True
    # a short name before a bar: "सत्यपथ | शिक्षा | …"
    return _HARD_SEP.match(sep) is not None and n_words(piece) <= 3 and len(piece) < longest


def title_parts(
    line: str, sites: frozenset[str] = frozenset()
) -> tuple[str, list[tuple[str, str]]]:
    """Clean a headline; return it and the pieces removed, each with its rule's name.

    Trailing pieces after a separator (`` | ``, `` - ``, `` – ``, `` : ``, ``»``...) are
    dropped while they have no Devanagari (``| Russian … | Patrika News``: ``title-gloss``
    or ``site-name``) or are a short Hindi site name (``- दैनिक भास्कर``). Leading pieces
    are dropped when they are a site name (``लोकवाणी न्यूज़ - …``, ``Hindi News: …``) or a
    short site or section name before a bar (``सत्यपथ | शिक्षा | …``); other leading
    pieces are kept (``IPL 2025: …``). A piece equal to one of ``sites`` (site names the
    page gives, as :func:`key` values) is dropped wherever it stands.
    """
    line = strip_leading_debris(line)
    label = _GLUED_LABEL.match(line)
    if label and has_devanagari(line[label.end() :]):
        removed_label = [(label.group(1), "site-name")]
        line = line[label.end() :]
    else:
        removed_label = []
    seps = _TITLE_SEP.findall(line)
    parts = list(zip(["", *seps], _TITLE_SEP.split(line), strict=True))  # (sep before, piece)
    removed: list[tuple[str, str]] = removed_label

    def drop(i: int, rule: str) -> None:
        removed.append((parts[i][1], rule))
        del parts[i]
        if i == 0 and parts:
            parts[0] = ("", parts[0][1])

    for i in reversed(range(len(parts))):
        if len(parts) > 1 and key(parts[i][1]) in sites:
            drop(i, "site-name")
    while len(parts) > 1 and (
        _is_site_segment(parts[-1][1]) or _short_after_bar(parts[-1], parts[0][1])
    ):
        piece = parts[-1][1]
        site = has_devanagari(piece) or _LATIN_SITE_WORD.search(piece)
        drop(len(parts) - 1, "site-name" if site else "title-gloss")
    while len(parts) > 1 and _leading_site(parts[0][1], parts[1][0], max(len(p) for _, p in parts)):
        drop(0, "site-name")
    return "".join(sep + piece for sep, piece in parts).strip(), removed


def title_pieces(line: str) -> list[str]:
    """The pieces of a page title between its separators (`` | ``, `` - ``...)."""
    return _TITLE_SEP.split(line)


def clean_title(line: str, sites: frozenset[str] = frozenset()) -> str:
    """Strip debris, English glosses and site names from a headline (see
    :func:`title_parts`)."""
    return title_parts(line, sites)[0]


# --- junk lines --------------------------------------------------------------------------

_NAV_SEP = re.compile(r"\s+[/>»›→|]\s+")
_HOME = re.compile(
    r"^(?:home|news|hindi news|होम|मुख्य पृष्ठ|मुखपृष्ठ|हिंदी न्यूज़|हिंदी न्यूज|हिन्दी न्यूज़|"
    r"हिंदी समाचार|हिन्दी समाचार)\s*[/>»›→|]",
    re.I,
)

_BYLINE = re.compile(
    r"^(?:by|written by|edited by|reported by|posted by|compiled by|author|reporter|"
    r"लेखक|लेखिका|रिपोर्ट|रिपोर्टर|रिपोर्टिंग|संपादित|संपादक|संपादन|एडिटेड बाय|"
    r"लिखित|द्वारा)\s*[:\-–—|]?\s",
    re.I,
)
_TIMESTAMP = re.compile(
    r"^(?:updated|last updated|published|first published|posted|posted on|modified|"
    r"अपडेटेड|अपडेट|अपडेट किया गया|प्रकाशित|पब्लिश्ड|पब्लिश|प्रकाशन तिथि|अंतिम अपडेट)"
    r"(?=[\s:\-–—|,]|$)",
    re.I,
)

_MONTH = (
    r"(?<![A-Za-z])(?:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|"
    r"august|aug|september|sept|sep|october|oct|november|nov|december|dec)\.?(?![A-Za-z])|"
    r"जनवरी|फरवरी|फ़रवरी|मार्च|अप्रैल|अप्रेल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|"
    r"अक्टूबर|अक्तूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर"
)
_WEEKDAY = (
    r"(?<![A-Za-z])(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|"
    r"thu|fri|sat|sun)(?![A-Za-z])|सोमवार|मंगलवार|बुधवार|गुरुवार|बृहस्पतिवार|शुक्रवार|शनिवार|रविवार"
)
_CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|hrs|ist|बजे)?(?:\s*\(?ist\)?)?"
_NUMERIC_DATE = r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}"
# "2 घंटे पहले", "एक दिन पहले", "5 mins ago": when a page was updated, relative to now.
_AGO = (
    r"(?:\d+|एक|an?)\s*(?:सेकंड|मिनट|घंटे|घंटा|दिन|हफ्ते|हफ़्ते|सप्ताह|महीने|महीना|साल|वर्ष)"
    r"\s+पहले|(?:\d+|an?)\s*(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|"
    r"months?|years?)\s+ago(?![A-Za-z])"
)
_DATE_SIGNAL = re.compile(rf"{_AGO}|{_MONTH}|{_NUMERIC_DATE}|\d{{1,2}}:\d{{2}}", re.I)
_DATE_PART = re.compile(
    rf"{_AGO}|{_CLOCK}|{_NUMERIC_DATE}|{_MONTH}|{_WEEKDAY}|\d+(?:st|nd|rd|th)?|"
    r"ist(?![A-Za-z])",
    re.I,
)
_SHORT_PAREN = re.compile(r"\([^()]{0,30}\)")


def _word_list(words: str) -> list[str]:
    return words.split()


_FUNCTION_WORDS = frozenset(
    _word_list(
        "को में से पर है हैं था थी थे की का के ने और भी ही तो कि यह वह ये वो होगी होगा होंगे हो "
        "हुआ हुई हुए गया गई गए किया करेंगे"
    )
)

_CREDIT_WORD = (
    r"photo credit|photos?|pics?|pictures?|images?|file photo|source|credits?|courtesy|"
    r"फोटो क्रेडिट|फ़ोटो क्रेडिट|फोटो|फ़ोटो|फाइल फोटो|फाइल फ़ोटो|तस्वीर|तस्वीरें|चित्र|"
    r"सोर्स|स्रोत|साभार|क्रेडिट|इनपुट|input|inputs|with inputs|"
    r"(?:प्रतीकात्मक|सांकेतिक|सांकेतिक) (?:फोटो|फ़ोटो|तस्वीर|चित्र|इमेज)"
)
_CREDIT_START = re.compile(rf"^[(\[]?\s*(?:{_CREDIT_WORD})\s*(?:[:\-–—|/]|$)", re.I)
_CREDIT_PAREN = re.compile(rf"[(\[]\s*(?:{_CREDIT_WORD})\s*[:\-–—|/]", re.I)
_CREDIT_SYMBOL = re.compile(r"^\(?\s*(?:©|\(c\)|copyright|कॉपीराइट|सर्वाधिकार)", re.I)
# A caption that ends with its credit: "संगम तट पर चल रहा पुल निर्माण। फोटो: देश दर्पण".
_CREDIT_END = re.compile(
    r"[।.|]\s*(?:photo credit|photos?|pics?|images?|फोटो क्रेडिट|फ़ोटो क्रेडिट|फोटो|फ़ोटो|तस्वीर|चित्र)"
    r"\s*[:\-–—|/]\s*[^\s।.!?]+(?:\s+[^\s।.!?]+){0,3}\s*$",
    re.I,
)
_CAPTION_WORDS = 20

_MARKER = (
    r"ये भी पढ़ें|ये भी पढ़े|यह भी पढ़ें|यह भी पढ़े|इसे भी पढ़ें|इसे भी पढ़े|यह भी देखें|ये भी देखें|"
    r"और पढ़ें|पढ़ें|पूरी खबर पढ़ें|also read|read also|read more|also see|also watch|"
    r"related(?: news| stories| articles| posts)?|संबंधित(?: खबरें| ख़बरें| खबर| लेख)?|"
    r"tags?|टैग्स?|topics?|टॉपिक्स?|trending(?: news| videos?| now)?|ट्रेंडिंग(?: वीडियो| न्यूज़| खबरें)?|"
    r"latest(?: news| videos?)?|लेटेस्ट(?: न्यूज़| खबरें)?|ताज़ा खबरें|ताजा खबरें|ताजा खबर|"
    r"more news|more stories|अन्य खबरें|और खबरें|top news|टॉप न्यूज़|recommended|"
    r"comments?|कमेंट्स?|टिप्पणियां|टिप्पणियाँ|share(?: this)?|शेयर करें|शेयर|"
    r"follow us(?: on)?|फॉलो करें|हमें फॉलो करें|advertisement|विज्ञापन|sponsored|"
    r"subscribe|सब्सक्राइब करें|download(?: the)? app|ऐप डाउनलोड करें|watch video|"
    r"वीडियो देखें|देखें वीडियो|breaking news|ब्रेकिंग न्यूज़|ब्रेकिंग"
)
# A marker alone on the line, or followed by a separator ("ये भी पढ़ें: …", "Tags: …").
_MARKER_LINE = re.compile(rf"^(?:{_MARKER})\s*(?:[:：\-–—|>»]|$)", re.I)
# Multi-word calls to action that never start a news sentence.
_MARKER_PHRASE = re.compile(
    r"^(?:ये भी पढ़ें|यह भी पढ़ें|इसे भी पढ़ें|also read|read also|read more|follow us|"
    r"शेयर करें|फॉलो करें|वीडियो देखें|देखें वीडियो)",
    re.I,
)
_PROMO = re.compile(
    r"फॉलो करें|सब्सक्राइब करें|क्लिक करें|डाउनलोड करें|click here|follow us|subscribe to|"
    r"join our|हमसे जुड़ें|से जुड़ें",
    re.I,
)
# Headings that start a block of links (related stories, tags...), not the article.
_FOOTER_KW = (
    r"ट्रेंडिंग(?: वीडियो| न्यूज़| खबरें)?|trending(?: news| videos?| now| stories)?|"
    r"related(?: news| stories| articles| posts| videos)?|संबंधित(?: खबरें| ख़बरें| खबर| लेख)|"
    r"tags?|टैग्स?|topics?|टॉपिक्स?|more news|more stories|अन्य खबरें|और खबरें|"
    r"latest(?: news| videos?| stories)?|लेटेस्ट(?: न्यूज़| खबरें)?|ताज़ा खबरें|ताजा खबरें|"
    r"top news|टॉप न्यूज़|recommended(?: for you| stories)?|comments?|कमेंट्स?|"
    r"टिप्पणियां|टिप्पणियाँ|you may also like|most read|most popular|सबसे ज्यादा पढ़ी गई|"
    r"(?:खबरें|ख़बरें) और भी(?: हैं)?|और भी (?:खबरें|ख़बरें)|more (?:from|on) [\w ]{1,30}"
)
_FOOTER_START = re.compile(
    rf"^(?:{_FOOTER_KW})\s*(?:\.{{2,}}|…)?\s*(?:[:：\-–—|>»].*)?$|"
    r"^(?:ये भी पढ़ें|यह भी पढ़ें|इसे भी पढ़ें|also read|read also|read more)\s*[:：\-–—|>»]?\s*$",
    re.I,
)


# A byline block flattened into one line: "न्यूज डेस्क, अमर उजाला, नई दिल्ली Published by:
# <name> Updated Sat, 12 Jul 2025 04:42 PM IST". Its markers may sit anywhere in the line.
_INLINE_BYLINE = re.compile(
    r"(?:^|[\s,|])(?:published|posted|edited|written|updated|reported|curated|compiled)"
    r"\s+by\s*:|(?:^|[\s,|])(?:द्वारा प्रकाशित|प्रकाशित कर्ता|संपादित)\s*:",
    re.I,
)
_INLINE_TIMESTAMP = re.compile(
    r"(?:^|[\s,|(\[])(?:updated|last updated|published|posted|modified|अपडेटेड|अपडेट|"
    r"प्रकाशित)"
    r"\s*(?:on|at)?\s*[:,\-–—|]?\s*(?:" + _WEEKDAY + "|" + _MONTH + r"|\d)",
    re.I,
)
# A newsroom desk as the author: "न्यूज डेस्क, अमर उजाला", "डिजिटल डेस्क", "Web Desk".
_DESK = re.compile(
    r"^(?:न्यूज़|न्यूज|news|डिजिटल|digital|वेब|web|ऑनलाइन|online|स्पोर्ट्स|sports|"
    r"एंटरटेनमेंट|entertainment|बिजनेस|बिज़नेस|business|हिंदी|हिन्दी|hindi)\s+(?:डेस्क|desk)"
    r"\s*(?:[,:|\-–—]|$)",
    re.I,
)


# A clause with an agent or a reported statement ("… ने कहा कि …"): a sentence.
# Reported speech: "कि", an agent "ने" or a verb of saying (a quote alone is not: a promo
# quotes its brand, डाउनलोड करें "दैनिक भास्कर" ऐप).
_REPORTED = re.compile(
    r"(?:^|\s)(?:ने|कि)(?=\s|$)|उन्होंने|(?:^|\s)(?:कहा|बताया|बोले|बोलीं|बोली)(?=[\s,:।\"]|$)"
)


def is_reported_speech(line: str) -> bool:
    """A line that reports what someone said (``मंत्री ने कहा कि लोग ऐप डाउनलोड करें।``,
    ``उन्होंने कहा, "हमें फॉलो करें …"``): a call quoted in a report is not a widget."""
    return _REPORTED.search(line) is not None


def is_byline(line: str) -> bool:
    """Author and timestamp lines: ``By राहुल शर्मा``, ``अपडेटेड: 12 जुलाई 2025``,
    ``न्यूज डेस्क, अमर उजाला, नई दिल्ली Published by: … Updated Sat, 12 Jul 2025 04:42 PM
    IST``. Short lines that do not end a sentence only (a sentence may mention a desk)."""
    words = n_words(line)
    if words <= 12 and (_BYLINE.match(line) or _TIMESTAMP.match(line)):
        return not _REPORTED.search(line)  # "लेखिका ने कहा कि …" is a sentence
    if words > 30 or ends_sentence(line):
        return False
    if _INLINE_BYLINE.search(line):
        return True
    if _INLINE_TIMESTAMP.search(line) and _DATE_SIGNAL.search(line):
        return True
    return words <= 12 and _DESK.match(line) is not None


_HIGHLIGHTS = re.compile(
    r"^(?:स्टोरी हाइलाइट्स|हाइलाइट्स|हाईलाइट्स|(?:story |key )?highlights|key points|"
    r"takeaways|key takeaways|मुख्य बातें|खास बातें|ख़ास बातें|अहम बातें|मुख्य बिंदु|"
    r"प्रमुख बातें|प्रमुख बिंदु)\s*[:：\-–—]?$",
    re.I,
)


def is_highlights_start(line: str) -> bool:
    """A heading over a list of summary bullets (``स्टोरी हाइलाइट्स``, ``मुख्य बातें``)."""
    return _HIGHLIGHTS.match(line) is not None


# Auxiliaries that end a Hindi sentence (also when it was typed without its danda).
_AUXILIARIES = ("है", "हैं", "था", "थी", "थे", "थीं", "होगा", "होगी", "होंगे")
_FINITE_END = re.compile(rf"(?:^|\s)(?:{'|'.join((*_AUXILIARIES, 'हूं', 'हूँ'))})$")


def reads_as_sentence(line: str) -> bool:
    """A line that reads as a sentence of the article though :func:`is_prose` says no: a
    statement of four or more words ending with a finite verb but no danda (``क्रिस लेस्ली
    नॉटिंघम पूर्व के एमपी हैं``), or a short question or exclamation (``"वह रो पड़ी"?``)."""
    words = n_words(line)
    stripped = line.rstrip(_CLOSERS + " ")
    if words >= 4 and _FINITE_END.search(stripped):
        return True
    return words >= 2 and bool(stripped) and stripped[-1] in "?!" and has_devanagari(line)


def is_foreign_sentence(line: str) -> bool:
    """A sentence in Latin script (``Il faut bien le faire.``): three or more words ending
    with sentence punctuation, and no credit, byline, date or page-furniture shape.
    Captions, credits and names are short Latin lines without final punctuation."""
    if has_devanagari(line) or not LATIN_LETTER.search(line):
        return False
    if not 3 <= n_words(line) <= 80 or not ends_sentence(line):
        return False
    return not (
        is_credit(line)
        or is_marker(line)
        or is_byline(line)
        or is_footer_start(line)
        or _DATE_SIGNAL.search(line)
    )


# A menu flattened into one line: "होम देश राज्य खेल वीडियो", "होम · मध्य प्रदेश · …".
_MENU_START = re.compile(r"^(?:home|होम|मुख्य पृष्ठ|मुखपृष्ठ)\s+\S", re.I)
_MENU_SEP = re.compile(r"\s+[·•]\s+")


def is_breadcrumb(line: str) -> bool:
    """``Hindi News / World / …``, ``Home > News > …``, ``होम » देश``, and menus
    flattened into a line (``होम देश राज्य खेल``, ``होम · मध्य प्रदेश · पर्यावरण``)."""
    if _HOME.match(line):
        return True
    parts = _NAV_SEP.split(line)
    if len(parts) >= 3 and all(n_words(p) <= 3 for p in parts[:-1]):
        return True
    items = _MENU_SEP.split(line)
    if len(items) >= 3 and n_words(items[0]) <= 5 and all(n_words(p) <= 3 for p in items[1:]):
        return True
    return (
        _MENU_START.match(line) is not None
        and n_words(line) <= 12
        and not ends_sentence(line)
        and not any(w in _FUNCTION_WORDS for w in line.split())
    )


def is_dateline(line: str) -> bool:
    """A line that is only a place, a date/time and maybe an agency: ``भारतJul 12, 2025 /
    04:42 pm``, ``नई दिल्ली, 12 जुलाई (भाषा)``. A dateline that starts a sentence is kept."""
    if n_words(line) > 10 or not _DATE_SIGNAL.search(line):
        return False
    rest = _DATE_PART.sub(" ", _SHORT_PAREN.sub(" ", line))
    words = [w for w in re.split(r"[\s,/|:\-–—•.]+", rest) if w]
    return len(words) <= 2 and not any(w in _FUNCTION_WORDS for w in words)


def is_credit(line: str) -> bool:
    """Photo captions and credits, agency and copyright notes; a short caption that ends
    with its credit (``… पुल निर्माण। फोटो: देश दर्पण``)."""
    if n_words(line) > 30:
        return False
    if n_words(line) <= _CAPTION_WORDS and _CREDIT_END.search(line):
        return True
    return bool(
        _CREDIT_START.match(line) or _CREDIT_PAREN.search(line) or _CREDIT_SYMBOL.match(line)
    )


def is_marker(line: str) -> bool:
    """Calls to action and page furniture: ``ये भी पढ़ें: …``, ``Advertisement``, ``शेयर करें``."""
    if _MARKER_LINE.match(line) or _MARKER_PHRASE.match(line):
        return True
    if is_reported_speech(line):
        return False  # "मंत्री ने कहा कि लोग ऐप डाउनलोड करें।" reports a call, it is not one
    return n_words(line) <= 25 and _PROMO.search(line) is not None


def is_footer_start(line: str) -> bool:
    """A heading that starts a block of links (``ट्रेंडिंग वीडियो``, ``Related``, ``Tags:``)."""
    return _FOOTER_START.match(line) is not None


_ALSO_READ = re.compile(
    r"^(?:ये भी पढ़ें|ये भी पढ़े|ये भी पढें|यह भी पढ़ें|यह भी पढ़े|यह भी पढें|इसे भी पढ़ें|इसे भी पढ़े|"
    r"इन्हें भी पढ़ें|इसको भी पढ़ें|यह भी देखें|ये भी देखें|और पढ़ें|पढ़ें|पढ़ें पूरी खबर|पूरी खबर पढ़ें|"
    r"जरूर पढ़ें|ज़रूर पढ़ें|also read|read also|read more|must read|also see|also watch)"
    r"(?:\s*[:：\-–—|>»]|\s*$)",
    re.I,
)


def junk_reason(line: str) -> str | None:
    """The name of the rule that says ``line`` is not article text, or ``None``.

    Lines without Devanagari (English captions, author names, site names, dates, section
    labels like ``World``) are never Hindi article text (``not-hindi``). Then
    ``breadcrumb``, ``byline`` (authors and timestamps), ``dateline``, ``credit``,
    ``also-read`` and ``furniture`` (other calls to action and page furniture).
    """
    if not has_devanagari(line):
        return "not-hindi"
    if is_breadcrumb(line):
        return "breadcrumb"
    if is_byline(line):
        return "byline"
    if is_dateline(line):
        return "dateline"
    if is_credit(line):
        return "credit"
    if _ALSO_READ.match(line):
        return "also-read"
    if is_marker(line):
        return "furniture"
    return None


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a label, heading or link: a statement
    of three or more words ending with ``।``/``.``/``!``, a question of six or more words,
    or any line of 25 words or more."""
    words = n_words(line)
    if words >= 25:
        return True
    stripped = line.rstrip(_CLOSERS + " ")
    if not stripped:
        return False
    if stripped[-1] == "?":
        return words >= 6
    return words >= 3 and stripped[-1] in _TERMINATORS


# --- line wrapping -----------------------------------------------------------------------


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether a block of three or more lines is one paragraph wrapped at a fixed width.

    All lines but the last are 30-100 characters long (a narrow newspaper column to an
    e-mail; under 40, the block must hold a danda) and within 25% of each other (a fixed
    width wraps lines to nearly the same length; the headlines of a list of links vary
    more), the last is no longer than them,
    and most do not end a sentence.
    """
    if len(lines) < 3:
        return False
    body = [len(line) for line in lines[:-1]]
    if min(body) < 30 or max(body) > 100 or max(body) > 1.25 * min(body):
        return False
    if min(body) < 40 and not any("।" in line for line in lines):
        return False  # short lines and no sentence: a list of headlines, not a column
    if len(lines[-1]) > max(body) + 5:
        return False
    open_ends = sum(1 for line in lines[:-1] if not ends_sentence(line))
    return open_ends * 2 >= len(lines) - 1


# A sentence ends inside the line and Devanagari words follow it up to the line end.
_CUT_AFTER_SENTENCE = re.compile(r"[।॥?!][\"'”’)\]]*\s+[\u0900-\u097f][^।॥?!]*$")


# Postpositions and conjunctions: no headline, label or sentence ends with one. (Not
# "की", which is also a verb: "… नाराज़गी जाहिर की" is a whole headline.)
_DANGLING = frozenset("का के को में से पर ने और या कि तथा एवं व".split())


# The auxiliaries and the verb forms that end a Hindi sentence.
_FINITE = frozenset(_AUXILIARIES) | frozenset(
    "हो गया गई गयी गए गये हुआ हुई हुए हुईं रहा रही रहे रहीं सका सकी सके चुका चुकी चुके दिया दी "
    "लिया ली किया की".split()
)


def breaks_mid_sentence(line: str) -> bool:
    """Whether a line of running text was cut by a line break in its last sentence: a
    sentence ends inside it and the Hindi words after that do not end one (``… पानी भर
    गया। सड़कें``; a subheading or label has no sentence end inside it), or it is a long
    line (40 characters or more) ending with a postposition or conjunction (``… अगले दो
    दिनों तक हल्की बारिश का``; short subheadings such as ``अस्पताल भी पानी में`` do)."""
    if ends_sentence(line):
        return False
    words = line.split()
    if words and words[-1] in _FINITE:
        return False  # a whole sentence that lost its danda (… जांच जारी है), not a cut
    if _CUT_AFTER_SENTENCE.search(line) is not None:
        return True
    return len(line) >= 40 and len(words) > 1 and words[-1] in _DANGLING


def _join_cut_lines(lines: list[str], *, first: bool) -> list[str]:
    """Join each line that breaks mid-sentence with the next line of its block, unless that
    one is junk (a "यह भी पढ़ें" link stays its own line, for the cleaner to drop).

    Each line is judged as it stands, not as joined so far, so one missing danda cannot
    chain a paragraph into the lines after it (and the cost stays linear). In the text's
    first block (``first``) the first line is the headline candidate and is never joined.
    """
    out: list[str] = []
    for i, line in enumerate(lines):
        cut = i > 0 and breaks_mid_sentence(lines[i - 1]) and not (first and i == 1)
        if cut and junk_reason(line) is None:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def block_lines(text: str) -> list[list[str]]:
    """Split text into blocks (on blank lines) of units, one unit per line, except that the
    longest hard-wrapped tail of a block (see :func:`is_hard_wrapped`) is one unit (lines
    before it, a headline or a subheading, stay units of their own), and a line cut in the
    middle of its last sentence is joined with the next (see :func:`breaks_mid_sentence`)."""
    blocks: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        # A wrapped paragraph holds no junk line ("यह भी पढ़ें: …"): look after the last.
        after_junk = 1 + max((i for i, x in enumerate(lines) if junk_reason(x)), default=-1)
        for start in range(after_junk, len(lines) - 2):
            if is_hard_wrapped(lines[start:]):
                lines = [*lines[:start], " ".join(lines[start:])]
                break
        blocks.append(_join_cut_lines(lines, first=not blocks))
    return blocks
