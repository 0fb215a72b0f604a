"""From raw input to a checked, cleaned :class:`~hinews.results.Article`."""

from __future__ import annotations

from typing import Any

from hinews.errors import InputError
from hinews.results import Article, Dropped, Segmentation
from hinews.text.clean import clean_with_dropped, plain_article
from hinews.text.html import extract_html_with_dropped
from hinews.text.inputs import looks_like_html, read_source
from hinews.text.normalize import normalize
from hinews.text.validate import check_text

__all__ = ["prepare", "prepare_file", "prepare_with_dropped", "segment_text"]


def prepare(
    text: str, *, clean: bool = True, force: bool = False, max_chars: int = 100_000
) -> Article:
    """Turn user input (plain text or an HTML page) into a cleaned article.

    HTML (see :func:`hinews.text.looks_like_html`) goes through
    :func:`hinews.text.extract_html` and the extracted text is checked. Plain text is
    normalised, checked (:func:`hinews.text.check_text`) and cleaned
    (:func:`hinews.text.clean_article`), or only split into paragraphs when ``clean`` is
    false (:func:`hinews.text.plain_article`).

    Args:
        text: The article text or page source.
        clean: Remove titles' site names, bylines, captions, breadcrumbs... (``--no-clean``
            turns this off).
        force: Let mixed-script or very short text through (``--force``).
        max_chars: Refuse longer input (``--max-chars``); for HTML this applies to the
            extracted text, not the page source.

    Returns:
        The article.

    Raises:
        InputError: When the input is empty, too long, not Hindi, has no article text, or
            cleaning leaves nothing.
    """
    return prepare_with_dropped(text, clean=clean, force=force, max_chars=max_chars)[0]


def prepare_with_dropped(
    text: str, *, clean: bool = True, force: bool = False, max_chars: int = 100_000
) -> tuple[Article, tuple[Dropped, ...]]:
    """:func:`prepare`, and every line (or part of one) that cleaning removed, each with
    the name of the rule that removed it (``()`` when ``clean`` is false).

    Raises:
        InputError: As :func:`prepare`.
    """
    if not text.strip():
        check_text(text, force=force, max_chars=max_chars)  # says "empty" or "whitespace"
    if looks_like_html(text):
        article, dropped = extract_html_with_dropped(text, clean=clean)
        check_text(
            "\n\n".join([article.title, *article.paragraphs]), force=force, max_chars=max_chars
        )
        return article, dropped
    normalized = normalize(text)
    check_text(normalized, force=force, max_chars=max_chars)
    article, dropped = clean_with_dropped(normalized) if clean else (plain_article(normalized), ())
    if not article.paragraphs:
        raise InputError(
            "Cleaning removed every paragraph of the input"
            f"{f' (title found: {article.title!r})' if article.title else ''}: no line looked "
            "like article text. Give the article body too, or pass clean=False to keep the "
            "text as it is."
        )
    return article, dropped


def segment_text(
    text: str,
    *,
    clean: bool = True,
    force: bool = False,
    max_chars: int = 100_000,
    show_dropped: bool = False,
) -> Segmentation:
    """:func:`prepare` and split into sentences, paragraphs kept (the text stage of
    :meth:`hinews.Pipeline.segment`, which adds the language check); with ``show_dropped``
    the result lists what cleaning removed and why.

    Raises:
        InputError: As :func:`prepare`, and when ``text`` is not a ``str``.
    """
    from hinews.text.segment import segment_article

    if not isinstance(text, str):
        hint = " (decode bytes first: data.decode('utf-8'))" if isinstance(text, bytes) else ""
        raise InputError(f"expected the article as a str, got {type(text).__name__}{hint}")
    article, dropped = prepare_with_dropped(text, clean=clean, force=force, max_chars=max_chars)
    return segment_article(article, dropped if show_dropped else None)


def prepare_file(source: str, **kwargs: Any) -> Article:
    """Read a file (or standard input for ``"-"``) and :func:`prepare` it.

    Args:
        source: A file path, or ``"-"`` for standard input.
        **kwargs: ``clean``, ``force`` and ``max_chars``, as for :func:`prepare`.

    Returns:
        The article.

    Raises:
        InputError: When the file cannot be read or decoded, or :func:`prepare` refuses it.
    """
    return prepare(read_source(source), **kwargs)
