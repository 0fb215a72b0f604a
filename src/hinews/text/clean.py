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
    is_foreign_sentence,
    is_highlights_start,
    is_prose,
    junk_reason,
    key,
    n_words,
    reads_as_sentence,
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


_FIRST_LINE_TITLE_WORDS = 20


def _looks_like_title(line: str, *, first: bool = False) -> bool:
    """One sentence of at most 40 words not ending with a danda or period; the first line
    of the text may end with one when it is short (headlines are often typed as
    sentences: ``इंडोनेशिया में सुनामी से 800 से ज़्यादा लोगों की मौत।``)."""
    if n_words(line) > 40 or len(line) > 300 or len(split_sentences(line)) > 1:
        return False
    if first and n_words(line) <= _FIRST_LINE_TITLE_WORDS:
        return True
    stripped = line.rstrip("\"')]}» ")
    return not (stripped.endswith(("।", "॥", ".")) and not stripped.endswith("..."))


def _find_title(units: list[str]) -> tuple[str, set[str], int]:
    """Return (title, keys of the title's forms, index of the first body unit)."""
    for i, unit in enumerate(units):
        candidate = clean_title(unit)
        if (
            not candidate
            or is_footer_start(candidate)
            or is_highlights_start(candidate)
            or junk_reason(candidate)
        ):
            continue  # header furniture before the headline: dates, breadcrumbs, bylines
        rest = units[i + 1 :]
        short_headline = i == 0 and n_words(candidate) == 2 and bool(rest) and is_prose(rest[0])
        if n_words(candidate) <= 2 and not short_headline:
            # a section label ("देश", "विदेश"); a two-word first line followed by running
            # text is a short headline ("अध्ययन इतिहास")
            continue
        has_body = any(junk_reason(u) is None and n_words(u) > 2 for u in rest)
        if _looks_like_title(candidate, first=i == 0) and has_body:
            return candidate, {key(candidate), key(strip_leading_debris(unit))}, i + 1
        return "", set(), i
    return "", set(), len(units)


def _pipe_to_danda(line: str) -> str:
    return _PIPE_DANDA.sub(lambda m: "॥" if m.group(1) == "||" else "।", line)


_MAX_BULLETS = 6
_MAX_BULLET_WORDS = 20


def _skip_highlights(lines: list[str], start: int) -> int:
    """Index of the first line after the summary bullets that follow a highlights
    heading at ``start - 1``: up to six short lines of the same shape (all ending a
    sentence, or none)."""
    end = start
    shape = None
    while end < len(lines) and end - start < _MAX_BULLETS:
        line = strip_leading_debris(lines[end]).lstrip("•·*▪►-–— ")
        if not line:
            end += 1
            continue
        if n_words(line) > _MAX_BULLET_WORDS or len(split_sentences(line)) > 1:
            break
        if shape is None:
            shape = ends_sentence(line)
        elif ends_sentence(line) != shape:
            break
        end += 1
    return end


def filter_body(lines: list[str], title_keys: set[str]) -> list[str]:
    """Keep the article lines of a body, in order (shared with HTML extraction).

    Drops: copies of the title, junk lines (see :func:`hinews.text._rules.junk_reason`),
    one-word labels, link lists after a footer heading (``ट्रेंडिंग वीडियो``, ``Tags:``),
    a highlights heading (``स्टोरी हाइलाइट्स``) with its summary bullets, short (two-word)
    lines that do not sit between two paragraphs of running text, and the lines after
    the last sentence of the article that do not read as sentences (related headlines).
    Subheadings of three or more words inside the article are kept, and so are sentences
    in Latin script (a French quotation) between Hindi ones.
    """
    kept: list[tuple[str, bool, bool]] = []  # (line, prose, foreign)
    skipping = False
    i = 0
    while i < len(lines):
        line = strip_leading_debris(lines[i])
        i += 1
        if not line or key(line) in title_keys:
            continue
        if is_highlights_start(line):
            i = _skip_highlights(lines, i)
            continue
        if is_footer_start(line):
            skipping = True
            continue
        prose = is_prose(line)
        if skipping and not prose:
            continue
        skipping = False
        reason = junk_reason(line)
        if reason == "not Hindi" and is_foreign_sentence(line):
            kept.append((line, False, True))
            continue
        if reason is not None or (n_words(line) <= 1 and not ends_sentence(line)):
            continue
        kept.append((_pipe_to_danda(line), prose, False))

    prose_at = [i for i, (_, prose, _) in enumerate(kept) if prose]
    hindi = [(line, prose) for line, prose, foreign in kept if not foreign]
    if not prose_at:
        return [line for line, _ in hindi if n_words(line) > 2] or [line for line, _ in hindi]
    first = prose_at[0]
    last = max(
        i
        for i, (line, prose, foreign) in enumerate(kept)
        if prose or (not foreign and reads_as_sentence(line))
    )
    out = []
    for i, (line, prose, foreign) in enumerate(kept[: last + 1]):
        if foreign and not first < i:
            continue  # a Latin-script sentence before the Hindi text: a gloss, not the article
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
    body text. The very first line of the text may also end with a danda (up to 20
    words) or be only two words followed by running text (``अध्ययन इतिहास``).
    Markup debris glued to it (``scriptरूस …``) and trailing English glosses or
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
