"""The shape of a line, as every cleaning rule reads it: its script (Devanagari, Latin
letters), its words, whether it ends like a sentence, its comparison key, and the markup
and debris to strip before looking."""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=8192)
def n_words(text: str) -> int:
    """The number of whitespace-separated tokens that contain a letter or digit."""
    # One regex pass: the per-word Python loop was half of a report's cleaning time. And
    # memoised: a line is asked by a dozen rules in turn (~40 calls a report in a day's
    # digest, a third of its cleaning time); a string caches its own hash.
    return len(_TOKEN_WITH_ALNUM.findall(text))


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends with sentence punctuation (closing quotes/brackets ignored)."""
    stripped = line.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINATORS


@functools.lru_cache(maxsize=8192)
def key(text: str) -> str:
    """A comparison key: letters, marks and digits only, case-folded."""
    # str.translate with a table filled on use: C speed, where a per-char Python loop
    # was a tenth of a report's cleaning time in a day's digest.
    return unicodedata.normalize("NFC", text).casefold().translate(_KEY_TABLE)


class _KeyTable(dict[int, "str | None"]):
    """``str.translate``'s table for :func:`key`: letters, marks and digits kept."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        kept = char if unicodedata.category(char)[0] in "LMN" else None
        self[code] = kept
        return kept


_KEY_TABLE = _KeyTable()


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
