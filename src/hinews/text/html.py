"""Extracting the article from a saved HTML page (trafilatura, imported on first use)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from hinews.errors import DependencyError, InputError
from hinews.results import Article, Dropped
from hinews.text._rules import (
    clean_title,
    key,
    n_words,
    strip_markup,
    title_parts,
    title_pieces,
)
from hinews.text.clean import filter_body, line_rule
from hinews.text.normalize import normalize
from hinews.text.validate import MIN_RATIO, devanagari_ratio

__all__ = ["extract_html", "extract_html_with_dropped"]

_META_TITLE = re.compile(
    r"<meta\s[^>]*(?:property|name)\s*=\s*[\"'](?:og:title|twitter:title)[\"'][^>]*>", re.I
)
_META_SITE = re.compile(
    r"<meta\s[^>]*(?:property|name)\s*=\s*[\"'](?:og:site_name|application-name)[\"'][^>]*>",
    re.I,
)
_META_DESCRIPTION = re.compile(
    r"<meta\s[^>]*(?:property|name)\s*=\s*[\"'](?:description|og:description|"
    r"twitter:description)[\"'][^>]*>",
    re.I,
)
_CONTENT = re.compile(r"content\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)


# What hinews asks trafilatura for (eval/page_cleaning.py runs trafilatura alone with the
# same options, so the comparison is of the cleaning, not of the settings).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
    "with_metadata": True,
    "deduplicate": False,
}


def _meta(html: str, pattern: re.Pattern[str]) -> list[str]:
    values = []
    for tag in pattern.findall(html):
        found = _CONTENT.search(tag)
        if found:
            values.append(normalize(strip_markup(found.group(1) or found.group(2) or "")))
    return [v for v in values if v.strip()]


def _site_names(html: str) -> frozenset[str]:
    """Keys of the site's names: ``og:site_name``/``application-name``, and the pieces of
    ``<title>`` beside the ``<h1>`` when the ``<title>`` holds the ``<h1>``
    (``लोकवाणी न्यूज़ - <h1>`` names the site ``लोकवाणी न्यूज़``)."""
    names = {key(name) for name in _meta(html, _META_SITE)}
    h1s = {key(normalize(strip_markup(h))) for h in _H1.findall(html)} - {""}
    for raw in _TITLE_TAG.findall(html):
        title = normalize(strip_markup(raw))
        pieces = [p for p in title_pieces(title) if p.strip()]
        if len(pieces) > 1 and any(key(p) in h1s for p in pieces):
            names |= {key(p) for p in pieces if key(p) not in h1s and n_words(p) <= 4}
    return frozenset(names - {""})


def _page_title(html: str, sites: frozenset[str]) -> str:
    """The headline from ``og:title``/``twitter:title``, ``<h1>`` or ``<title>``."""
    candidates = _meta(html, _META_TITLE)
    candidates += [normalize(strip_markup(raw)) for raw in _H1.findall(html)]
    candidates += [normalize(strip_markup(raw)) for raw in _TITLE_TAG.findall(html)]
    for raw in candidates:
        title = clean_title(raw, sites)
        if title and key(title) not in sites:
            return title
    return ""


class _VisibleText(HTMLParser):
    """The text a reader sees in the page body, and the text of standfirst-like blocks."""

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


_STANDFIRST_WORDS = 6


def _standfirst(html: str, title: str, paragraphs: list[str]) -> str:
    """The page's summary under the headline when the extractor left it out.

    A description meta (``description``, ``og:description``) is the article's standfirst
    when the same text is also shown in the page (a summary block under the headline);
    one that is only in the page's head is metadata and is not added. It must be Hindi
    running text of six or more words, not a copy of the title, and not already in the
    body (a standfirst that repeats the body word for word is left out).
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    visible = key(" ".join(parser.parts))
    body = key(" ".join(paragraphs))
    for text in _meta(html, _META_DESCRIPTION):
        k = key(text)
        if not k or k == key(title) or k in body or k not in visible:
            continue
        if n_words(text) >= _STANDFIRST_WORDS and line_rule(text) is None:
            return text
    return ""


class _Paragraphs(HTMLParser):
    """Fallback extractor: the text of ``<p>`` elements outside page furniture."""

    _SKIP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._skip = 0
        self._buffer: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "p" and not self._skip:
            self._flush()
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "p":
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._buffer is not None and not self._skip:
            self._buffer.append(data)

    def _flush(self) -> None:
        if self._buffer is not None:
            text = " ".join("".join(self._buffer).split())
            if text:
                self.paragraphs.append(text)
        self._buffer = None

    def close(self) -> None:
        super().close()
        self._flush()


def _trafilatura_text(html: str) -> tuple[str, str]:
    """Return (title, text with one paragraph per line) as trafilatura finds them."""
    try:
        import trafilatura
    except ImportError as exc:  # trafilatura, or one of its parts (lxml_html_clean)
        raise DependencyError(
            f"Reading HTML pages needs trafilatura, which cannot be imported ({exc}). "
            "Reinstall it with: pip install -U trafilatura lxml_html_clean. Or give the "
            "article as plain text instead of HTML."
        ) from None
    doc = trafilatura.bare_extraction(html, **TRAFILATURA_OPTIONS)
    if doc is None:
        return "", ""
    if isinstance(doc, dict):  # trafilatura < 1.9 returned a dict
        return str(doc.get("title") or ""), str(doc.get("text") or "")
    return str(getattr(doc, "title", None) or ""), str(getattr(doc, "text", None) or "")


def extract_html(html: str, *, clean: bool = True) -> Article:
    """Extract the headline and body paragraphs of a news article from an HTML page.

    The main text comes from trafilatura (no network, no comments, no tables, no
    links/images), one paragraph per block element; navigation, footers, share buttons and
    scripts are left out. The title is trafilatura's metadata title, else ``og:title``,
    ``<h1>`` or ``<title>``, with the site's name removed wherever it stands (names from
    ``og:site_name``/``application-name``, and the pieces of ``<title>`` beside the
    ``<h1>``) as well as trailing `` - SiteName`` / `` | SiteName`` pieces. When
    trafilatura finds no text, the ``<p>`` elements outside ``nav``/``header``/``footer``/
    ``aside`` are used. A standfirst shown under the headline and given as the page's
    description, which trafilatura leaves out, is put back as the first paragraph.

    With ``clean`` (the default) the paragraphs also go through the line rules of
    :func:`hinews.text.clean_article`: copies of the headline, captions, credits, bylines,
    ``ये भी पढ़ें`` links and similar are dropped.

    Args:
        html: The page source.
        clean: Apply the plain-text line rules to the extracted paragraphs.

    Returns:
        The article (title may be ``""``), text normalised.

    Raises:
        InputError: When no article text can be found in the page, or it is not Hindi.
        DependencyError: When trafilatura cannot be imported.
    """
    return extract_html_with_dropped(html, clean=clean)[0]


def extract_html_with_dropped(
    html: str, *, clean: bool = True
) -> tuple[Article, tuple[Dropped, ...]]:
    """:func:`extract_html`, and what the line rules removed from the extracted text
    (what trafilatura leaves out of the page, navigation and scripts, is not listed).

    Raises:
        InputError: As :func:`extract_html`.
        DependencyError: As :func:`extract_html`.
    """
    drops: list[Dropped] = []
    sites = _site_names(html)
    meta_title, text = _trafilatura_text(html)
    title, removed = title_parts(normalize(meta_title), sites)
    if not title or key(title) in sites:
        title, removed = _page_title(html, sites), []
    drops += [Dropped(piece, rule) for piece, rule in removed]
    lines = [line for line in normalize(text).split("\n") if line.strip()]
    if not lines:
        parser = _Paragraphs()
        parser.feed(html)
        parser.close()
        lines = [normalize(p) for p in parser.paragraphs if p.strip()]
    if clean:
        paragraphs = filter_body(lines, {key(title)} if title else set(), drops)
        standfirst = _standfirst(html, title, paragraphs) if paragraphs else ""
        if standfirst:
            paragraphs.insert(0, standfirst)
    else:
        paragraphs = [line for line in lines if not title or key(line) != key(title)]
    if not paragraphs and lines:
        ratio = devanagari_ratio("\n".join(lines))
        if ratio < MIN_RATIO:
            raise InputError(
                f"The article text in the HTML page is not Hindi: only {ratio:.0%} of its "
                f"letters are Devanagari (ratio {ratio:.2f}). hinews translates Hindi news "
                "written in Devanagari script; give the Hindi version of the article."
            )
    if not paragraphs:
        found = (
            f" Only {len(lines)} block(s) of text were found and none looks like article text; "
            "clean=False keeps them."
            if lines
            else ""
        )
        raise InputError(
            f"No article text found in the HTML page ({len(html):,} characters"
            f"{f', title {title!r}' if title else ''}). The page may load its text with "
            "JavaScript or be a login/consent page. Open the article in a browser, copy its "
            f"text and pass that as plain text instead.{found}"
        )
    return Article(title=title, paragraphs=tuple(paragraphs)), tuple(drops)
