"""Extracting the article from a saved HTML page (trafilatura, imported on first use)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hinews.errors import DependencyError, InputError
from hinews.results import Article
from hinews.text._rules import clean_title, key, strip_markup
from hinews.text.clean import filter_body
from hinews.text.normalize import normalize
from hinews.text.validate import MIN_RATIO, devanagari_ratio

__all__ = ["extract_html"]

_META_TITLE = re.compile(
    r"<meta\s[^>]*(?:property|name)\s*=\s*[\"'](?:og:title|twitter:title)[\"'][^>]*>", re.I
)
_CONTENT = re.compile(r"content\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)


def _page_title(html: str) -> str:
    """The headline from ``og:title``/``twitter:title``, ``<h1>`` or ``<title>``."""
    candidates = []
    for meta in _META_TITLE.findall(html):
        found = _CONTENT.search(meta)
        if found:
            candidates.append(found.group(1) or found.group(2) or "")
    candidates += _H1.findall(html) + _TITLE_TAG.findall(html)
    for raw in candidates:
        title = clean_title(normalize(strip_markup(raw)))
        if title:
            return title
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
    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
    )
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
    ``<h1>`` or ``<title>``, with a trailing `` - SiteName`` / `` | SiteName`` removed. When
    trafilatura finds no text, the ``<p>`` elements outside ``nav``/``header``/``footer``/
    ``aside`` are used.

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
    meta_title, text = _trafilatura_text(html)
    title = clean_title(normalize(meta_title)) or _page_title(html)
    lines = [line for line in normalize(text).split("\n") if line.strip()]
    if not lines:
        parser = _Paragraphs()
        parser.feed(html)
        parser.close()
        lines = [normalize(p) for p in parser.paragraphs if p.strip()]
    if clean:
        paragraphs = filter_body(lines, {key(title)} if title else set())
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
            "--no-clean (clean=False) keeps them."
            if lines
            else ""
        )
        raise InputError(
            f"No article text found in the HTML page ({len(html):,} characters"
            f"{f', title {title!r}' if title else ''}). The page may load its text with "
            "JavaScript or be a login/consent page. Open the article in a browser, copy its "
            f"text and pass that as plain text instead.{found}"
        )
    return Article(title=title, paragraphs=tuple(paragraphs))
