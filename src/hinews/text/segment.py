"""Hindi sentence segmentation.

A sentence ends at ``।``, ``॥``, ``?``, ``!`` or ``.`` (and at ``|`` typed for a danda),
together with the closing quotes and brackets that follow it. A period does not end a
sentence after an abbreviation (``डॉ.``, ``प्रो.``, ``Dr.``), an initial (``जे.के.``,
``U.S.``, a single letter), inside numbers, URLs and e-mail addresses (no space follows),
or when the next word starts with a lowercase Latin letter. An ellipsis inside a sentence
(``है... फिर``) is a pause, not an end, unless an English capitalised sentence follows.
"""

from __future__ import annotations

import itertools
import re

from hinews.results import Article, Dropped, Segment, Segmentation

__all__ = ["segment_article", "split_sentences"]

_DEVA = "\u0900-\u097f"
_CANDIDATE = re.compile(
    rf"[।॥]+[?!]*|[?!]+[।॥]*|\.{{3,}}|…+|\.\.?|(?<=[{_DEVA}]) ?\|\|?(?=[\s\"'”’)\]]|$)"
)
_ALWAYS_CLOSING = "”’»)]}"
_OPENING = "\"'“‘«([{"


# Periods after these words never end a sentence (lower-cased for Latin).
def _word_list(words: str) -> list[str]:
    return words.split()


_ABBREVIATIONS = frozenset(
    _word_list(  # Devanagari titles and short forms
        "डॉ डा प्रो श्री मि मिस सं ई इ पं कु सु स्व ले जन कर्न मो मु मै मे कं प्रा लि वि उ "
        # Devanagari spellings of Latin letters, used in initials (जे.के. रोलिंग, एन. वेन)
        "ए बी सी डी एफ जी एच आई जे के एल एम एन ओ पी क्यू आर एस टी यू वी डब्ल्यू एक्स वाई "
        "जेड ज़ेड "
        # Latin titles and short forms
        "mr mrs ms dr prof st jr sr inc ltd co corp bros vs etc gen col lt capt sgt cmdr gov "
        "sen rep rev hon mt ft approx dept univ est ave blvd"
    )
)
# ... and after these only when a number follows (रु. 500, No. 5, Jan. 12).
_BEFORE_NUMBER = frozenset(
    _word_list(
        "रु रू नं पृ क्र no nos vol fig pp p rs art sec ch jan feb mar apr jun jul aug sep sept "
        "oct nov dec"
    )
)
# Dotted initials and short forms: U.S, e.g, जे.के, उ.प्र, ई.पू (segments of <= 4 letters).
_LETTERS = "A-Za-z\u0900-\u0963\u0971-\u097f"
_CHAIN = re.compile(f"(?:[{_LETTERS}]{{1,4}}\\.)+[{_LETTERS}]{{1,4}}")


def _is_letter(char: str) -> bool:
    return char.isalpha() or "\u0900" <= char <= "\u097f"


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENING)


def _period_ends_sentence(text: str, pos: int, next_char: str) -> bool:
    """Whether the single period at ``pos`` ends a sentence; ``next_char`` follows the space."""
    word = _word_before(text, pos)
    if not word:
        return True  # a spaced period: "है ."
    lower = word.casefold()
    if lower in _ABBREVIATIONS:
        return False
    if lower in _BEFORE_NUMBER and next_char.isdigit():
        return False
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. K. Rowling"
    return _CHAIN.fullmatch(word) is None


def _quote_open(text: str, pos: int) -> bool:
    """Whether a double quote is open at ``pos``: an odd number of straight quotes, or
    more curly opening than closing quotes, since the start of the paragraph."""
    before = text[:pos]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _closers_end(text: str, pos: int, sentence: str) -> int:
    """Extend a sentence end at ``pos`` over closing quotes and brackets (``है।”``,
    ``थे। ”``).

    Normalisation makes curly quotes straight, so a straight ``"`` is judged by its
    neighbours: followed by a space, the end or more punctuation it closes (``हैं।" इसके``,
    even when the quotation began sentences earlier); followed by a letter it opens the
    next sentence (``थे। "अब``) unless a quote is open in the paragraph and it is glued
    to the mark. ``'`` closes only glued to the mark, and only when not followed by a
    letter or when one is open in ``sentence`` (it is also an apostrophe)."""
    single_open = sentence.count("'") % 2 == 1
    end = pos
    while True:
        probe = end
        if probe < len(text) and text[probe] == " ":
            probe += 1  # "…थे। ”": a closing quote set off by one space
        if probe >= len(text):
            return end
        char = text[probe]
        after = text[probe + 1] if probe + 1 < len(text) else " "
        word_follows = after.isalnum() or _is_letter(after)
        if char in _ALWAYS_CLOSING:
            pass
        elif char == '"':
            glued = probe == end
            if word_follows and not (glued and _quote_open(text, probe)):
                return end
        elif char == "'" and probe == end and (single_open or not word_follows):
            single_open = False
        else:
            return end
        end = probe + 1


def _boundaries(text: str) -> list[int]:
    """Character offsets where a new sentence starts (after the end and its closers)."""
    cuts: list[int] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if match.start() < start:
            continue
        mark = match.group().strip()
        end = _closers_end(text, match.end(), text[start : match.start()])
        if end >= len(text):
            break
        nxt = end
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt >= len(text):
            break
        next_char = text[nxt]
        danda = mark[0] in "।॥|"
        if nxt == end and not (danda and (_is_letter(next_char) or next_char in _OPENING)):
            continue  # no space after: "3.5", "example.com", "U.S."
        if not danda and next_char.isascii() and next_char.islower():
            continue  # "etc. and", "? said"
        if (mark[0] == "." and len(mark) >= 3) or mark[0] == "…":
            if not (next_char.isascii() and next_char.isupper()):
                continue  # a pause: "है... फिर"
        elif mark == "." and not _period_ends_sentence(text, match.start(), next_char):
            continue
        if not any(_is_letter(c) for c in text[start : match.start()]):
            continue  # "1." of a numbered list, or stray punctuation
        cuts.append(nxt)
        start = nxt
    return cuts


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph of Hindi into sentences.

    Args:
        paragraph: Text of one paragraph; line breaks count as spaces.

    Returns:
        The sentences, stripped, in order; ``[]`` for blank input. Joining them with
        spaces gives the paragraph back up to whitespace.

    Example:
        >>> split_sentences("डॉ. शर्मा ने कहा, “यह सही है।” फिर वे चले गए। क्या 3.5 प्रतिशत?")
        ['डॉ. शर्मा ने कहा, “यह सही है।”', 'फिर वे चले गए।', 'क्या 3.5 प्रतिशत?']
    """
    text = paragraph.strip()
    if not text:
        return []
    # Cut positions, without any that would leave a piece with no word: a stray quote
    # or bracket goes to the sentence before it (or, at the start, to the one after it).
    cuts = [0]
    for cut in [*_boundaries(text), len(text)]:
        if _has_word(text[cuts[-1] : cut]):
            cuts.append(cut)
        elif len(cuts) > 1:
            cuts[-1] = cut
    if len(cuts) == 1:
        return [text]  # punctuation only ("***"): one piece, nothing to attach it to
    return [text[a:b].strip() for a, b in itertools.pairwise(cuts)]


def _has_word(piece: str) -> bool:
    return any(c.isalnum() or _is_letter(c) for c in piece)


def segment_article(article: Article, dropped: tuple[Dropped, ...] | None = None) -> Segmentation:
    """Split every body paragraph of an article into sentences.

    Args:
        article: A cleaned article.
        dropped: What cleaning removed (see :func:`hinews.text.prepare_with_dropped`),
            carried on the result and in its ``to_dict()``; ``None`` leaves it out.

    Returns:
        The segmentation; each sentence carries the index of its paragraph in
        ``article.paragraphs`` (empty paragraphs yield no sentences).
    """
    sentences = tuple(
        Segment(text=sentence, paragraph=index)
        for index, paragraph in enumerate(article.paragraphs)
        for sentence in split_sentences(paragraph)
    )
    if dropped is None:
        return Segmentation(title=article.title, sentences=sentences)
    return Segmentation(title=article.title, sentences=sentences, dropped=tuple(dropped))
