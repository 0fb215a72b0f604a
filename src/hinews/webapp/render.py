"""HTML for the web app's results. Every piece of text is escaped: the input is untrusted."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from hinews.results import UNSUPPORTED_FLAG

if TYPE_CHECKING:
    from hinews.digests.result import Digest, Story
    from hinews.results import Brief, BulletSupport, Translation

# Devanagari needs a font that has it; Lohit (Debian fonts-lohit-deva) or Noto usually.
HINDI_FONTS = '"Lohit Devanagari", "Noto Sans Devanagari", "Nirmala UI", "Mangal", sans-serif'

CSS = f"""
[lang="hi"] {{ font-family: {HINDI_FONTS}; }}
#hinews-input textarea {{ font-family: {HINDI_FONTS}; }}
.hinews-title {{ margin: 0 0 .5em 0; }}
.hinews-bullets li {{ margin-bottom: .4em; }}
.hinews-flag {{ color: #b45309; font-size: .9em; margin-left: .4em; }}
.hinews-note {{ font-style: italic; opacity: .8; }}
.hinews-message {{ border-left: 4px solid #dc2626; padding: .6em .9em; background: #fef2f2;
  color: #7f1d1d; border-radius: 4px; }}
.hinews-message.info {{ border-color: #2563eb; background: #eff6ff; color: #1e3a8a; }}
table.hinews-aligned {{ width: 100%; border-collapse: collapse; margin-bottom: 1em; }}
table.hinews-aligned td {{ vertical-align: top; padding: .3em .6em; width: 50%;
  border-bottom: 1px solid rgba(128,128,128,.25); }}
table.hinews-aligned tr:hover td {{ background: rgba(250, 204, 21, .25); }}
table.hinews-aligned caption {{ text-align: left; font-weight: 600; padding: .3em 0; }}
table.hinews-aligned th, table.hinews-sources th {{ text-align: left; font-size: .8em;
  font-weight: 600; opacity: .7; padding: .2em .6em; }}
table.hinews-sources {{ border-collapse: collapse; }}
table.hinews-sources td {{ padding: .2em .6em; vertical-align: top; }}
.hinews-meta {{ font-size: .9em; opacity: .85; }}
table.hinews-aligned td.hinews-conf {{ width: auto; white-space: nowrap; font-size: .85em;
  opacity: .8; text-align: right; }}
table.hinews-aligned tr.hinews-low td {{ background: rgba(245, 158, 11, .15); }}
.hinews-flags {{ display: block; color: #b45309; font-size: .85em; }}
/* a long unbroken token (a URL, a model's run-on output) wraps instead of overflowing */
#hinews-brief-out, #hinews-translation, .hinews-digest {{ overflow-wrap: anywhere; }}
"""


def message_html(text: str, *, kind: str = "error") -> str:
    """A message box (``kind`` ``error`` or ``info``)."""
    role = "alert" if kind == "error" else "status"
    return f'<div class="hinews-message {escape(kind)}" role="{role}">{escape(text)}</div>'


def brief_html(brief: Brief) -> str:
    """The English title and the bullets, each flagged with its unsupported numbers, the
    flags of the sentence it came from, "not found in the article" when its support is
    below the threshold, and a fold-out of the sentences it rests on (Hindi, English)."""
    items: list[str] = []
    trusts = brief.bullet_flags or tuple(() for _ in brief.bullets)
    supports: tuple[BulletSupport | None, ...] = brief.bullet_support or tuple(
        None for _ in brief.bullets
    )
    for bullet, flags, trust, support in zip(
        brief.bullets, brief.unsupported, trusts, supports, strict=True
    ):
        flag = ""
        if UNSUPPORTED_FLAG in trust:
            flag += (
                '<span class="hinews-flag hinews-unsupported" title="no sentence of the '
                'article says this">⚠ not found in the article</span>'
            )
        if flags:
            flag += (
                f'<span class="hinews-flag" title="not found in the Hindi source">'
                f"⚠ check: {escape(', '.join(flags))} not in the source</span>"
            )
        rest = [f for f in trust if f != UNSUPPORTED_FLAG]
        if rest:
            flag += (
                '<span class="hinews-flag" title="flags of the sentence it came from">'
                f"⚠ {escape(', '.join(rest))}</span>"
            )
        items.append(f"<li>{escape(bullet)}{flag}{support_html(support)}</li>")
    note = f'<p class="hinews-note">{escape(brief.note)}</p>' if brief.note else ""
    return (
        f'<div class="hinews-brief"><h2 class="hinews-title">{escape(brief.title)}</h2>'
        f'<ul class="hinews-bullets">{"".join(items)}</ul>{note}</div>'
    )


def support_html(support: BulletSupport | None) -> str:
    """A fold-out under a bullet: the article's sentences it rests on and the score."""
    if support is None:
        return ""
    n = len(support.sentences)
    rows = "".join(
        f'<li><span class="hinews-support-n">#{i + 1}</span> <span lang="hi">{escape(h)}</span>'
        f'<br><span lang="en">{escape(e)}</span></li>'
        for i, h, e in zip(support.sentences, support.source, support.target, strict=True)
    )
    what = f"rests on {n} sentence{'' if n == 1 else 's'}" if n else "rests on no sentence"
    return (
        f'<details class="hinews-support"><summary>{what} of the article (support '
        f"{support.score:.2f}, {escape(support.method)})</summary><ul>{rows}</ul></details>"
    )


def translation_html(translation: Translation) -> str:
    """The translation paragraph by paragraph: Hindi and English side by side, per sentence.

    Each paragraph is a table; each row is one Hindi sentence, its English (highlighted
    together on hover, the Hindi also as the English cell's tooltip) and the model's
    confidence. A flagged row (low confidence, untranslated, numbers missing...) is
    tinted and names its flags under the English.
    """
    parts = ['<div class="hinews-translation">', language_html(translation)]
    if translation.title_source or translation.title:
        parts.append(
            '<table class="hinews-aligned hinews-title-row"><caption>Title</caption><tr>'
            f'<td lang="hi">{escape(translation.title_source)}</td>'
            f'<td lang="en">{escape(translation.title)}</td></tr></table>'
        )
    paragraph: int | None = None
    for pair in translation.sentences:
        if pair.paragraph != paragraph:
            if paragraph is not None:
                parts.append("</table>")
            paragraph = pair.paragraph
            parts.append(
                f'<table class="hinews-aligned" data-paragraph="{paragraph}">'
                f"<caption>Paragraph {paragraph + 1}</caption>{_ALIGNED_HEAD}"
            )
        flagged = ' class="hinews-low"' if pair.flags else ""
        flags = (
            f'<span class="hinews-flags">⚠ {escape(", ".join(pair.flags))}</span>'
            if pair.flags
            else ""
        )
        parts.append(
            f'<tr{flagged}><td lang="hi" class="hinews-src">{escape(pair.source)}</td>'
            f'<td lang="en" class="hinews-tgt" title="{escape(pair.source)}">'
            f"{escape(pair.target)}{flags}</td>"
            f'<td class="hinews-conf" title="model confidence">{_confidence(pair.confidence)}'
            "</td></tr>"
        )
    if paragraph is not None:
        parts.append("</table>")
    parts.append("</div>")
    return "".join(parts)


# Column headers: the third column's numbers mean nothing without one.
_ALIGNED_HEAD = (
    '<thead><tr><th scope="col">Hindi</th><th scope="col">English</th>'
    '<th scope="col" title="the model\'s probability of its own output, 0-1">confidence</th>'
    "</tr></thead>"
)


def _confidence(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def language_html(translation: Translation) -> str:
    """The detected language and the flag counts, one line (empty when unknown)."""
    parts = []
    if translation.language is not None:
        lang = translation.language
        parts.append(f"language: {escape(lang.name)} ({escape(lang.code)}, {lang.confidence:.2f})")
    counts = {k: v for k, v in translation.flag_counts.items() if v}
    if counts:
        parts.append("flagged: " + ", ".join(f"{escape(k)} {v}" for k, v in counts.items()))
    return f'<p class="hinews-meta">{" · ".join(parts)}</p>' if parts else ""


def meta_html(models: dict[str, str], *, load_s: float, run_s: float) -> str:
    """Timings and the models used."""
    rows = "".join(f"<li><b>{escape(k)}</b>: {escape(v)}</li>" for k, v in models.items())
    timing = (
        f"<li><b>time</b>: {run_s:.2f} s"
        + (f" (+ {load_s:.2f} s loading models)" if load_s >= 0.01 else "")
        + "</li>"
    )
    return f'<ul class="hinews-meta">{rows}{timing}</ul>'


def translation_markdown(translation: Translation) -> str:
    """A translation as Markdown: title, the English paragraphs, then every sentence
    with its confidence and flags."""
    return translation.to_markdown()


def _outlet(article: object) -> str | None:
    """The outlet's name when the report says it: its ``source``, else its URL's host."""
    from urllib.parse import urlparse

    source = getattr(article, "source", None)
    url = getattr(article, "url", None)
    return source or (urlparse(url).hostname if url else None) or None


def outlets_line(story: Story) -> str:
    """``2 outlets · 3 reports``, counting outlets only where they are named: reports
    with no source and no URL are counted as reports, never as outlets of their own."""
    from hinews.digests.render import counted

    named = {o for o in (_outlet(a) for a in story.articles) if o}
    reports = counted(len(story.articles), "report", "reports")
    unnamed = sum(1 for a in story.articles if not _outlet(a))
    if not named:
        return f"{reports} (outlets not named)"
    line = f"{counted(len(named), 'outlet', 'outlets')} · {reports}"
    return f"{line} ({unnamed} with no outlet named)" if unnamed else line


def digest_html(digest: Digest) -> str:
    """The digest for the app: each story's outlets counted where known, and its sources
    in a table with column headers (the page and the files keep ``Digest.to_html``)."""
    import re

    from hinews.digests.render import body_html

    html = body_html(digest)
    stories = iter(digest.stories)

    def story_meta(match: re.Match[str]) -> str:
        story = next(stories, None)
        if story is None:
            return match.group(0)
        return f'<p class="meta">{escape(outlets_line(story))}</p>'

    html = re.sub(r'<p class="meta">\d+ outlets? · [^<]*</p>', story_meta, html)
    return html.replace(
        "<table>",
        '<table class="hinews-sources"><thead><tr><th scope="col">Report</th>'
        '<th scope="col">Outlet</th><th scope="col">Published</th>'
        '<th scope="col">File</th></tr></thead>',
    )
