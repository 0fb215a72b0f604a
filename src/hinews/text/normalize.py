"""Unicode and whitespace normalisation of Hindi text.

Only the encoding of the text changes, never its words: invisible characters go, typographic
quotes become straight, Devanagari digits become ASCII digits and whitespace is tidied.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize"]

# A Devanagari character (letters, signs, digits, danda) in the main or extended block.
_DEVA = "\u0900-\u097f\ua8e0-\ua8ff"

# Invisible characters that never carry meaning in running text: zero-width space, BOM,
# word joiner, soft hyphen, left-to-right / right-to-left marks and the invisible operators.
_INVISIBLE = re.compile("[\u200b\ufeff\u2060\u00ad\u200e\u200f\u2061-\u2064\u180e]")

# ZWJ / ZWNJ select a conjunct or half form between two Devanagari characters (e.g. क्‍ष);
# anywhere else they are scraping debris.
_STRAY_JOINER = re.compile(f"(?<![{_DEVA}])[\u200c\u200d]|[\u200c\u200d](?![{_DEVA}])")

# "||" or "|" typed in place of a double danda or a danda. Attached to a Devanagari
# character and followed by a space, a closing quote/bracket or the end of the line; or
# spaced ("है |") at the very end of a line. A spaced "|" inside a line is left alone: in
# titles it separates the headline from the site name.
_CLOSERS = "\"'”’)\\]}»"
_DOUBLE_DANDA = re.compile(
    f"(?<=[{_DEVA}])\\|\\|(?=[\\s{_CLOSERS}]|$)|(?<=[{_DEVA}]) +\\|\\|$", re.M
)
_DANDA = re.compile(f"(?<=[{_DEVA}])\\|(?=[\\s{_CLOSERS}]|$)|(?<=[{_DEVA}]) +\\|$", re.M)

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
    }
)
_DIGITS = str.maketrans({chr(0x0966 + i): str(i) for i in range(10)})
# Both tables in one pass (no entry of one maps to a key of the other): translate walks a
# whole report per call, a tenth of its cleaning time in a day's digest.
_QUOTES_AND_DIGITS = {**_QUOTES, **_DIGITS}

# Every horizontal space other than " " (tab, NBSP, en/em spaces, narrow NBSP, ideographic).
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_SPACE_RUN = re.compile(" {2,}")
_BLANK_RUN = re.compile("\n{3,}")


def normalize(text: str) -> str:
    """Normalise the encoding and whitespace of a text without changing its words.

    Steps, in order: Unicode NFC; CRLF, CR and other line separators become LF; zero-width
    space, BOM, word joiner, soft hyphen and direction marks are removed; ZWJ/ZWNJ are
    removed unless they sit between two Devanagari characters (where they select a glyph);
    ``|`` and ``||`` used as a danda become ``।`` and ``॥``; curly quotes become straight
    (``“ ” „`` to ``"``, ``‘ ’`` to ``'``); Devanagari digits become ASCII digits; NBSP, tabs
    and other spaces become a plain space, runs of spaces collapse to one, each line is
    stripped, and three or more line breaks collapse to one blank line.

    Args:
        text: Any text.

    Returns:
        The normalised text, without leading or trailing whitespace. Blank lines
        (paragraph breaks) are kept.

    Example:
        >>> normalize("भारत  ने \u200bजीता|\\r\\n“फाइनल” २०२५")
        'भारत ने जीता।\\n"फाइनल" 2025'
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _STRAY_JOINER.sub("", text)
    text = text.translate(_QUOTES_AND_DIGITS)
    text = _SPACES.sub(" ", text)
    text = _SPACE_RUN.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _DOUBLE_DANDA.sub("॥", text)
    text = _DANDA.sub("।", text)
    return _BLANK_RUN.sub("\n\n", text).strip()
