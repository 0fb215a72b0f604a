"""Turning scraped plain text into an :class:`~hinews.results.Article`.

:func:`clean_article` finds the headline and keeps only the article: the dek, the body
paragraphs and the subheadings. It drops what a copy-paste from a news page drags along:
markup debris, English glosses and site names in the title, section labels, bylines,
datelines, photo captions and credits, breadcrumbs and link lists. The rules look at the
shape of lines (script, length, punctuation, separators, leading keyword), so they work
across sites. :func:`plain_article` keeps everything (``--no-clean``).
"""

from __future__ import annotations

import re

from hinews.results import Article
from hinews.text._rules import (
    block_lines,
    clean_title,
    ends_sentence,
    is_footer_start,
    is_prose,
    junk_reason,
    key,
    n_words,
    strip_leading_debris,
    strip_markup,
)
from hinews.text.normalize import normalize
from hinews.text.segment import split_sentences

__all__ = ["clean_article", "plain_article"]

_DEVA = "\u0900-\u0963\u0971-\u097f"
# A spaced "|" or "||" after a Devanagari word, in body text, is a danda typed as a pipe.
_PIPE_DANDA = re.compile(f"(?<=[{_DEVA}]) *(\\|\\|?)(?= |$)")


def _units(text: str) -> list[str]:
    return [unit for block in block_lines(text) for unit in block]


def _looks_like_title(line: str) -> bool:
    if n_words(line) > 40 or len(line) > 300 or len(split_sentences(line)) > 1:
        return False
    stripped = line.rstrip("\"')]}» ")
    return not (stripped.endswith(("।", "॥", ".")) and not stripped.endswith("..."))


def _find_title(units: list[str]) -> tuple[str, set[str], int]:
    """Return (title, keys of the title's forms, index of the first body unit)."""
    for i, unit in enumerate(units):
        candidate = clean_title(unit)
        if (
            not candidate
            or n_words(candidate) <= 2
            or is_footer_start(candidate)
            or junk_reason(candidate)
        ):
            continue  # header furniture before the headline: labels, dates, breadcrumbs
        rest = units[i + 1 :]
        has_body = any(junk_reason(u) is None and n_words(u) > 2 for u in rest)
        if _looks_like_title(candidate) and has_body:
            return candidate, {key(candidate), key(strip_leading_debris(unit))}, i + 1
        return "", set(), i
    return "", set(), len(units)


def _pipe_to_danda(line: str) -> str:
    return _PIPE_DANDA.sub(lambda m: "॥" if m.group(1) == "||" else "।", line)


def filter_body(lines: list[str], title_keys: set[str]) -> list[str]:
    """Keep the article lines of a body, in order (shared with HTML extraction).

    Drops: copies of the title, junk lines (see :func:`hinews.text._rules.junk_reason`),
    one-word labels, link lists after a footer heading (``ट्रेंडिंग वीडियो``, ``Tags:``),
    short (two-word) lines that do not sit between two paragraphs of running text, and
    the non-prose lines after the last paragraph (related headlines). Subheadings of three
    or more words inside the article are kept.
    """
    kept: list[tuple[str, bool]] = []
    skipping = False
    for raw in lines:
        line = strip_leading_debris(raw)
        if not line or key(line) in title_keys:
            continue
        if is_footer_start(line):
            skipping = True
            continue
        prose = is_prose(line)
        if skipping and not prose:
            continue
        skipping = False
        if junk_reason(line) is not None or (n_words(line) <= 1 and not ends_sentence(line)):
            continue
        kept.append((_pipe_to_danda(line), prose))

    prose_at = [i for i, (_, prose) in enumerate(kept) if prose]
    if not prose_at:
        return [line for line, _ in kept if n_words(line) > 2] or [line for line, _ in kept]
    first, last = prose_at[0], prose_at[-1]
    out = []
    for i, (line, prose) in enumerate(kept[: last + 1]):
        if not prose and n_words(line) <= 2:
            # a label ("देश", "तनय मिश्रा") unless it sits between paragraphs as a
            # subheading or is a short sentence of the article ("अरे, नहीं।")
            inside = first < i and ((i + 1 < len(kept) and kept[i + 1][1]) or ends_sentence(line))
            if not inside:
                continue
        out.append(line)
    return out


def clean_article(text: str) -> Article:
    """Clean a scraped Hindi news article given as plain text.

    The text is normalised (:func:`hinews.text.normalize`, after removing leftover HTML
    tags and entities). The title is the first line, after header furniture, that reads as
    a headline: at most 40 words, one sentence, not ending with a danda, and followed by
    body text. Markup debris glued to it (``scriptरूस …``) and trailing English glosses or
    site names (``… | English title | Patrika News``, ``- Dainik Bhaskar``) are removed.
    Without such a line the title is ``""``.

    Body units are the lines of the text (hard-wrapped lines are joined, as in
    :func:`plain_article`); the dek and
    subheadings are kept as their own paragraphs, junk is dropped (see :func:`filter_body`).
    Mixed lines such as ``रूस (Russia) और …`` are body text and kept intact.

    Args:
        text: The scraped article.

    Returns:
        The article; its paragraphs may be empty when nothing is left.
    """
    units = _units(normalize(strip_markup(text)))
    title, title_keys, start = _find_title(units)
    return Article(title=title, paragraphs=tuple(filter_body(units[start:], title_keys)))


def plain_article(text: str) -> Article:
    """Split text into paragraphs without cleaning (``--no-clean``).

    No title detection (the title is ``""``) and nothing is dropped: the text is
    normalised, then every non-empty line is a paragraph, except that text hard-wrapped at
    a fixed width (three or more lines of similar length, most not ending a sentence, at
    the end of a blank-line-separated block) is joined with spaces into one paragraph.

    Args:
        text: Any text.

    Returns:
        The article with title ``""``.
    """
    return Article(title="", paragraphs=tuple(_units(normalize(text))))
