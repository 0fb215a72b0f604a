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

from hinews.results import Article, Dropped
from hinews.text._datelines import (
    is_agency_credit,
    is_dated_byline,
    split_agency_tail,
    split_inline_dateline,
)
from hinews.text._rules import (
    block_lines,
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
    title_parts,
)
from hinews.text._widgets import (
    is_author_note,
    is_comment_form,
    is_comments_heading,
    is_poll_button,
    is_poll_heading,
    is_prompt,
    is_question_line,
    is_reader_question,
)
from hinews.text.normalize import normalize
from hinews.text.segment import split_sentences

__all__ = ["clean_article", "clean_with_dropped", "filter_body", "line_rule", "plain_article"]

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


Drops = list[Dropped]  # an accumulator the private helpers append to


def line_rule(line: str) -> str | None:
    """The name of the rule that says ``line`` is not article text, or ``None``.

    :func:`hinews.text._rules.junk_reason` (``not-hindi``, ``breadcrumb``, ``byline``,
    ``dateline``, ``credit``, ``also-read``, ``furniture``), then bylines with a full date
    (``byline``), agency credits (``agency-credit``), calls to follow, share or subscribe
    (``prompt``), authors' notes (``author-note``), poll parts (``poll``) and comment
    boxes (``comments``).
    """
    if is_author_note(line):
        return "author-note"
    if is_dated_byline(line):
        return "byline"
    if is_agency_credit(line):
        return "agency-credit"
    reason = junk_reason(line)
    if reason == "furniture" and is_prompt(line):
        return "prompt"
    if reason is not None:
        return reason
    if is_prompt(line):
        return "prompt"
    if is_poll_heading(line) or is_poll_button(line) or is_reader_question(line):
        return "poll"
    if is_comments_heading(line) or is_comment_form(line):
        return "comments"
    return None


def _find_title(units: list[str], drops: Drops) -> tuple[str, set[str], int]:
    """Return (title, keys of the title's forms, index of the first body unit)."""
    skipped: Drops = []
    for i, unit in enumerate(units):
        candidate, removed = title_parts(unit)
        rule = (
            "furniture"
            if candidate and (is_footer_start(candidate) or is_highlights_start(candidate))
            else line_rule(candidate)
            if candidate
            else "markup"
        )
        if rule is not None:
            skipped.append(Dropped(unit, rule))
            continue  # header furniture before the headline: dates, breadcrumbs, bylines
        rest = units[i + 1 :]
        short_headline = i == 0 and n_words(candidate) == 2 and bool(rest) and is_prose(rest[0])
        if n_words(candidate) <= 2 and not short_headline:
            # a section label ("देश", "विदेश"); a two-word first line followed by running
            # text is a short headline ("अध्ययन इतिहास")
            skipped.append(Dropped(unit, "label"))
            continue
        has_body = any(line_rule(u) is None and n_words(u) > 2 for u in rest)
        if _looks_like_title(candidate, first=i == 0) and has_body:
            drops += skipped + [Dropped(text, why) for text, why in removed]
            return candidate, {key(candidate), key(strip_leading_debris(unit))}, i + 1
        drops += skipped
        return "", set(), i
    drops += skipped
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


def _is_statement(line: str) -> bool:
    """Running text that is not a question: what ends a block of links or a widget."""
    return is_prose(line) and not line.rstrip(_CLOSE).endswith("?")


_CLOSE = "\"')]}» "
# Comment boxes hold readers' short comments; an article paragraph after one is long.
_COMMENT_END_WORDS = 20
# The bare "पटना। …" dateline is looked for in the first paragraphs of running text only.
_BARE_DATELINE_PARAGRAPHS = 2


def filter_body(lines: list[str], title_keys: set[str], drops: Drops | None = None) -> list[str]:
    """Keep the article lines of a body, in order (shared with HTML extraction).

    Drops (each with the name of its rule, appended to ``drops`` when given): copies of
    the title (``title-copy``), junk lines (see :func:`line_rule`), one-word labels
    (``label``), link lists after a footer heading (``ट्रेंडिंग वीडियो``, ``Tags:``;
    ``footer-links``, questions included), a poll and its question and options
    (``poll``), a comment box and the comments in it (``comments``), a highlights
    heading with its summary bullets (``highlights``), short (two-word) lines that do
    not sit between two paragraphs of running text and short labels before the first
    (``label``), the lines after the last sentence of the article that do not read as
    sentences (``trailing``) and two or more short questions there (related headlines:
    ``related-questions``). Datelines at the start of a paragraph (``प्रयागराज,
    जेएनएन।``) and agency credits at its end (``(भाषा)``) are cut off and the rest
    kept (``inline-dateline``, ``agency-credit``). Subheadings of three or more words
    inside the article are kept, and so are sentences in Latin script (a French
    quotation) between Hindi ones.
    """
    drops = [] if drops is None else drops
    kept: list[tuple[str, bool, bool]] = []  # (line, prose, foreign)
    marks: list[int] = []  # for each kept line, how many drops came before it
    mode = ""  # "footer", "poll", "comments": inside a block that is not the article
    n_prose = 0
    i = 0
    while i < len(lines):
        line = strip_leading_debris(lines[i])
        i += 1
        if not line:
            continue
        if key(line) in title_keys:
            drops.append(Dropped(line, "title-copy"))
            continue
        if is_highlights_start(line):
            end = _skip_highlights(lines, i)
            drops += [Dropped(line, "highlights")]
            drops += [Dropped(x.strip(), "highlights") for x in lines[i:end] if x.strip()]
            i = end
            continue
        if is_comments_heading(line) and (n_prose or mode):
            mode = "comments"
            drops.append(Dropped(line, "comments"))
            continue
        if is_poll_heading(line):
            mode = "poll"
            drops.append(Dropped(line, "poll"))
            continue
        if is_footer_start(line):
            mode = "footer"
            drops.append(Dropped(line, "footer-links"))
            continue
        if mode == "comments" and not (is_prose(line) and n_words(line) >= _COMMENT_END_WORDS):
            drops.append(Dropped(line, "comments"))
            continue
        if mode in ("footer", "poll") and not _is_statement(line):
            drops.append(Dropped(line, "footer-links" if mode == "footer" else "poll"))
            continue
        mode = ""
        reason = line_rule(line)
        if reason == "not-hindi" and is_foreign_sentence(line):
            kept.append((line, False, True))
            marks.append(len(drops))
            continue
        if reason is None:
            dateline, line = split_inline_dateline(line, first=n_prose < _BARE_DATELINE_PARAGRAPHS)
            if dateline:
                drops.append(Dropped(dateline, "inline-dateline"))
            line, credit = split_agency_tail(line)
            if credit:
                drops.append(Dropped(credit, "agency-credit"))
        if reason is not None:
            drops.append(Dropped(line, reason))
            continue
        if n_words(line) <= 1 and not ends_sentence(line):
            drops.append(Dropped(line, "label"))
            continue
        prose = is_prose(line)
        n_prose += prose
        kept.append((_pipe_to_danda(line), prose, False))
        marks.append(len(drops))
    late: list[tuple[int, Dropped]] = []
    out = _select(kept, late)
    # put each late drop where its line stood, so the list follows the text
    for _, (index, drop) in sorted(enumerate(late), key=lambda x: (x[1][0], x[0]), reverse=True):
        drops.insert(marks[index], drop)
    return out


def _select(kept: list[tuple[str, bool, bool]], late: list[tuple[int, Dropped]]) -> list[str]:
    """The article among the kept lines: from the labels before the first paragraph of
    running text to the last sentence, related questions after it left out. What is left
    out goes to ``late`` as (index in ``kept``, drop)."""
    prose_at = [i for i, (_, prose, _) in enumerate(kept) if prose]
    if not prose_at:
        hindi = [(i, line) for i, (line, _, foreign) in enumerate(kept) if not foreign]
        out = [line for _, line in hindi if n_words(line) > 2] or [line for _, line in hindi]
        late += [(i, Dropped(line, "label")) for i, line in hindi if line not in out]
        late += [(i, Dropped(line, "not-hindi")) for i, (line, _, f) in enumerate(kept) if f]
        return out
    first = prose_at[0]
    last = max(
        i
        for i, (line, prose, foreign) in enumerate(kept)
        if prose or (not foreign and reads_as_sentence(line))
    )
    tail_start = last + 1
    statements = [i for i in prose_at if _is_statement(kept[i][0])]
    if (
        statements
        and last - statements[-1] >= 2
        and all(is_question_line(line) for line, _, _ in kept[statements[-1] + 1 : last + 1])
    ):
        late += [
            (i, Dropped(kept[i][0], "related-questions"))
            for i in range(statements[-1] + 1, last + 1)
        ]
        last = statements[-1]
    out = []
    for i, (line, prose, foreign) in enumerate(kept[: last + 1]):
        if foreign and not first < i:
            late.append((i, Dropped(line, "not-hindi")))
            continue  # a Latin-script sentence before the Hindi text: a gloss, not the article
        if not prose and i < first and _is_name_label(line):
            late.append((i, Dropped(line, "label")))
            continue  # an author's name or a kicker above the first paragraph
        if not prose and n_words(line) <= 2:
            # a label ("देश", "तनय मिश्रा") unless it sits between paragraphs as a
            # subheading or is a short sentence of the article ("अरे, नहीं।")
            inside = first < i and ((i + 1 < len(kept) and kept[i + 1][1]) or ends_sentence(line))
            if not inside:
                late.append((i, Dropped(line, "label")))
                continue
        out.append(line)
    late += [(i, Dropped(kept[i][0], "trailing")) for i in range(tail_start, len(kept))]
    return out


_FUNCTION_WORDS = frozenset(
    "को में से पर है हैं था थी थे की का के ने और भी ही तो कि यह वह ये वो हो नहीं".split()
)


def _is_name_label(line: str) -> bool:
    """Three or four words with no function word and no sentence end: a name or a kicker
    (``डॉ. मीनाक्षी राव``), not a dek."""
    return (
        n_words(line) <= 4
        and not ends_sentence(line)
        and not any(w in _FUNCTION_WORDS for w in line.split())
    )


def clean_article(text: str) -> Article:
    """Clean a scraped Hindi news article given as plain text.

    The text is normalised (:func:`hinews.text.normalize`, after removing leftover HTML
    tags and entities). The title is the first line, after header furniture, that reads as
    a headline: at most 40 words, one sentence, not ending with a danda, and followed by
    body text. The very first line of the text may also end with a danda (up to 20
    words) or be only two words followed by running text (``अध्ययन इतिहास``).
    Markup debris glued to it (``scriptरूस …``), trailing English glosses or
    site names (``… | English title | Patrika News``, ``- Dainik Bhaskar``) and leading
    site names (``लोकवाणी न्यूज़ - …``, ``सत्यपथ | शिक्षा | …``) are removed.
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
    return clean_with_dropped(text)[0]


def clean_with_dropped(text: str) -> tuple[Article, tuple[Dropped, ...]]:
    """:func:`clean_article`, and every line (or part of one) it removed with its rule.

    Args:
        text: The scraped article.

    Returns:
        The article and the removed text, in the order it was met, each as a
        :class:`~hinews.results.Dropped` (``text``, ``rule``).
    """
    drops: Drops = []
    units = _units(normalize(strip_markup(text)))
    title, title_keys, start = _find_title(units, drops)
    paragraphs = filter_body(units[start:], title_keys, drops)
    return Article(title=title, paragraphs=tuple(paragraphs)), tuple(drops)


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
