"""Content words, and when one text restates another: what bullets are compared by.

Shared by the bullet rules (:mod:`hinews.summarize.bullets`: no bullet restates the
headline or another bullet) and the support check (:mod:`hinews.trust.support`). Pure
functions for English and Hindi alike: stop words out, light stemming (English suffixes,
Devanagari final vowel signs), names and numbers weighing more.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["REPEAT_THRESHOLD", "content_words", "key", "restates"]

#: A text restates another when this share of its content words is in the other
#: (docs/bullet-support.md: on NTREX-128, 51 of 32,364 ordered pairs of a document's
#: body sentences do, and 2 of 1,874 body sentences restate their headline).
REPEAT_THRESHOLD = 0.8
#: A number weighs this much in a text's content (a fact a reader acts on, and the
#: first thing an invented sentence gets wrong); a name (capitalised, not first) this.
NUMBER_WEIGHT = 3.0
NAME_WEIGHT = 2.0

_TOKEN = re.compile(r"[^\W_](?:[\w\u0900-\u0963\u0966-\u097f]|[\u0300-\u036f])*")
_STOP = frozenset(
    (
        # English function words and news filler ("said", "also") that carry no fact.
        "a an the of to in on at for and or but nor is are was were be been being am has have "
        "had having do does did it its it's this that these those with by from as into onto "
        "over under about after before during between against through than then there here "
        "will would shall should can could may might must he she they we i you me him them us "
        "his her hers their theirs our ours your yours my mine not no so also too very just "
        "who whom whose which what when where why how all any both each few more most other "
        "some such only own same s t up down out off again further once if because while until "
        "said says say told according one's per via "
        # Hindi postpositions, auxiliaries, pronouns and particles.
        "का के की को में से पर और है हैं था थे थी ने भी तो यह वह ये वे इस उस इन उन एक कि लिए "
        "कर किया गया गई गए हो होने होगा होगी होंगे रहे रहा रही ही या तक जो साथ बाद अपने अपनी "
        "अपना कहा बताया कहना करने करते करती करें कुछ सभी अब जब तब यहां वहां क्या क्यों कैसे "
        "द्वारा वाले वाली वाला लेकिन व एवं तथा मैं हम आप उनके उनकी इसके इसकी जिसे जिसमें दिया"
    ).split()
)
_LATIN_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "s")
_MATRAS = "\u093e\u093f\u0940\u0941\u0942\u0943\u0947\u0948\u094b\u094c\u0902\u0901\u094d"


def _stem(word: str) -> str:
    if word.isdigit():
        return str(int(word)) if len(word) < 30 else word  # Devanagari digits read as ASCII
    if "\u0900" <= word[0] <= "\u097f":
        stem = word.rstrip(_MATRAS)  # लड़का, लड़के, लड़कों -> लड़क
        return stem if len(stem) >= 2 else word
    word = word.removesuffix("'s").removesuffix("’s")
    for suffix in _LATIN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> dict[str, float]:
    """The content words of ``text`` (stemmed, lower-cased) with their weight:
    :data:`NUMBER_WEIGHT` for a number, :data:`NAME_WEIGHT` for a name (a capitalised
    word not at the start), else 1.

    Examples:
        >>> sorted(content_words("The police arrested 2 men in Delhi.").items())
        [('2', 3.0), ('arrest', 1.0), ('delhi', 2.0), ('men', 1.0), ('police', 1.0)]
    """
    text = unicodedata.normalize("NFC", text)
    words: dict[str, float] = {}
    for n, match in enumerate(_TOKEN.finditer(text)):
        raw = match.group()
        low = raw.casefold()
        if low in _STOP:
            continue
        stem = _stem(low)
        weight = NUMBER_WEIGHT if stem.isdigit() else NAME_WEIGHT if n and raw[0].isupper() else 1.0
        words[stem] = max(words.get(stem, 0.0), weight)
    return words


def key(text: str) -> str:
    """Comparison key: case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.findall(r"[^\W_][\w\u0900-\u097f]*", text))


def restates(text: str, of: str, *, threshold: float = REPEAT_THRESHOLD) -> bool:
    """Whether ``text`` says nothing ``of`` does not: at least ``threshold`` of its content
    weight is in ``of`` (equal texts always do; a text whose content words weigh less
    than two otherwise never).

    A bullet that restates the headline, or another bullet, wastes a bullet; one that adds
    to it (the lead sentence with the headline's words and more) does not.

    Examples:
        >>> restates("Modi visits Russia.", "Prime Minister Modi visits Russia today.")
        True
        >>> restates("Modi visits Russia to sign an arms deal.", "Modi visits Russia.")
        False
    """
    if key(text) == key(of):
        return bool(key(text))
    mine, theirs = content_words(text), content_words(of)
    total = sum(mine.values())
    if total < 2:  # one plain word ("More happened."): too little to tell, only equality
        return False
    return sum(v for w, v in mine.items() if w in theirs) >= threshold * total
