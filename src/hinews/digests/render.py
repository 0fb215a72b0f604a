"""The digest as Markdown and as one self-contained HTML page (inline CSS, no scripts,
no external assets; the source lists fold with ``<details>``). Everything is escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from hinews.results import UNSUPPORTED_FLAG

if TYPE_CHECKING:
    from hinews.digests.result import Digest, DigestArticle, Story
    from hinews.results import BulletSupport


def _flag(flags: tuple[str, ...]) -> str:
    return f" _(check: {', '.join(flags)} not in the sources)_" if flags else ""


def _where(a: DigestArticle) -> str:
    """The file (and the record's id inside a JSONL or feed file), else the URL or id."""
    if a.file and a.id != a.file and not a.id.startswith(a.file + ":"):
        return f"{a.file}: {a.id}"
    return a.id if a.file else a.url or a.id


def counted(n: int, one: str, many: str) -> str:
    """``1 report``, ``2 reports``; ``1 story``, ``3 stories``."""
    return f"{n} {one if n == 1 else many}"


def _reports(n: int) -> str:
    return counted(n, "report", "reports")


def _web(url: str | None) -> str | None:
    """Only http(s) addresses become links (never ``javascript:`` and the like)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def to_markdown(digest: Digest) -> str:
    """Stories as sections: headline, bullets (with flags), outlets, then the reports."""
    lines = [
        "# News digest",
        "",
        f"{_summary(digest)}.",
        "",
    ]
    for story in digest.stories:
        lines += [f"## {story.title or story.title_source}", ""]
        rows = zip(story.bullets, story.unsupported, _trust(story), strict=True)
        for bullet, flags, trust in rows:
            lost = " _(⚠ not found in the reports)_" if UNSUPPORTED_FLAG in trust else ""
            rest = [f for f in trust if f != UNSUPPORTED_FLAG]
            warn = f" _(⚠ {', '.join(rest)})_" if rest else ""
            lines.append(f"- {bullet}{lost}{_flag(flags)}{warn}")
        plural = "" if story.outlets == 1 else "s"
        count = f"{story.outlets} outlet{plural}, {_reports(len(story.articles))}"
        lines += ["", f"_{count} · story `{story.id}`_", ""]
        lines += [f"**⚠ {line}**  " for line in dispute_lines(story)]
        lines += [f"**↻ {line}**  " for line in change_lines(story)]
        if news_line(story):
            lines.append(f"**🆕 {news_line(story)}**  ")
        if story.discrepancies or story.changes or news_line(story):
            lines.append("")
        fresh = set(story.new_reports) if not story.is_new else set()
        for a in story.articles:
            bits = [b for b in (a.source, a.published) if b]
            copy = f" (copy of `{a.duplicate_of}`)" if a.duplicate_of else ""
            label = a.title or a.title_source or a.id
            link = f"[{label}](<{_web(a.url)}>)" if _web(a.url) else label
            meta = f" — {', '.join(bits)}" if bits else ""
            mark = " **new**" if a.id in fresh else ""
            lines.append(f"  - {link}{meta} · `{_where(a)}`{copy}{mark}")
        lines.append("")
    if digest.skipped:
        lines += ["## Skipped", ""]
        lines += [f"- `{s.file or s.id}`: {s.reason}" for s in digest.skipped]
        lines.append("")
    lines += ["## Made with", ""]
    if digest.translator is not None:
        lines.append(digest.translator.to_markdown("translator"))
    writer = digest.options.get("summarizer")
    if isinstance(writer, Mapping):  # a summariser that read Hindi wrote the first bullets
        strategy = writer.get("options", {}).get("strategy")
        lines.append(
            f"- summarizer: `{writer.get('model')}` ({writer.get('backend')}; {strategy}; "
            "the first bullets of each story, from its lead report)"
        )
    lines += [f"- grouping: {_options(digest.options)}", f"- hinews {digest.hinews_version}", ""]
    return "\n".join(lines)


_CSS = """
body{font-family:system-ui,'Noto Sans Devanagari',sans-serif;max-width:52rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#1d1d1f}
h1{font-size:1.6rem}.story{border-top:1px solid #ddd;padding:.8rem 0}
.story h2{font-size:1.2rem;margin:.2rem 0}.hi{color:#555;font-size:.95rem;margin:0}
.meta{color:#666;font-size:.9rem}.flag{color:#a33;font-size:.85rem}
details summary{cursor:pointer;color:#245}.copy{color:#777}
.skipped li{color:#733}.dispute{color:#8a4b00;margin:.2rem 0}
.new{background:#e3f4e1;color:#1d5e1a;border-radius:.3rem;padding:0 .3rem;font-size:.85rem}
table{border-collapse:collapse}td{padding:.1rem .5rem}
"""


def _options(options: Mapping[str, Any]) -> str:
    """Grouping options in one line, the long method descriptions left to the JSON."""
    parts = []
    for name, value in options.items():
        if name in ("summarizer", "model_bullets"):  # their own line, and the JSON
            continue
        if isinstance(value, Mapping):
            inner = ", ".join(f"{k}={v}" for k, v in value.items() if k != "method")
            parts.append(f"{name}: {inner}")
        elif value is not None and name != "brief":
            parts.append(f"{name}={value}")
    return "; ".join(parts)


def _summary(digest: Digest) -> str:
    """``3 stories from 5 reports (1 copy of another report), 2 skipped (listed below)``."""
    n = len(digest.stories)
    line = (
        f"{counted(n, 'story', 'stories')} from {_reports(digest.articles)} "
        f"({_copies(digest.duplicates)} of another report)"
    )
    skipped = len(digest.skipped)
    return f"{line}, {skipped} skipped (listed below)" if skipped else line


def _copies(n: int) -> str:
    return counted(n, "copy", "copies")


def _trust(story: Story) -> tuple[tuple[str, ...], ...]:
    """The trust flags of each bullet (none recorded: no flags)."""
    return story.bullet_flags or tuple(() for _ in story.bullets)


def _story_html(story: Story) -> str:
    items = []
    support: tuple[BulletSupport | None, ...] = story.bullet_support or tuple(
        None for _ in story.bullets
    )
    rows_ = zip(story.bullets, story.unsupported, _trust(story), support, strict=True)
    for bullet, flags, trust, rests in rows_:
        flag = (
            ' <span class="flag">(⚠ not found in the reports)</span>'
            if UNSUPPORTED_FLAG in trust
            else ""
        )
        if flags:
            flag += (
                f' <span class="flag">(check: {escape(", ".join(flags))} not in the sources)</span>'
            )
        rest = [f for f in trust if f != UNSUPPORTED_FLAG]
        if rest:
            flag += f' <span class="flag">(⚠ {escape(", ".join(rest))})</span>'
        items.append(f"<li>{escape(bullet)}{flag}{_support_html(rests)}</li>")
    rows = []
    for a in story.articles:
        title = escape(a.title or a.title_source or a.id)
        url = _web(a.url)
        link = f'<a href="{escape(url)}">{title}</a>' if url else title
        copy = (
            f' <span class="copy">copy of {escape(a.duplicate_of)}</span>' if a.duplicate_of else ""
        )
        if a.id in story.new_reports and not story.is_new:
            copy += ' <span class="new">new</span>'

        rows.append(
            f"<tr><td>{link}{copy}</td><td>{escape(a.source or '')}</td>"
            f"<td>{escape(a.published or '')}</td><td><code>{escape(_where(a))}</code></td></tr>"
        )
    plural = "" if story.outlets == 1 else "s"
    return (
        f'<section class="story" id="{escape(story.id)}">'
        f"<h2>{escape(story.title or story.title_source)}</h2>"
        f'<p class="hi" lang="hi">{escape(story.title_source)}</p>'
        f"<ul>{''.join(items)}</ul>{_news_html(story)}"
        f'<p class="meta">{story.outlets} outlet{plural} · {_reports(len(story.articles))}</p>'
        f"<details><summary>Sources ({len(story.articles)})</summary>"
        f"<table>{''.join(rows)}</table></details></section>"
    )


def _support_html(support: BulletSupport | None) -> str:
    """The sentences a bullet rests on, folded: report id, Hindi, English, and the score."""
    if support is None:
        return ""
    rows = "".join(
        f"<li><code>{escape(a)}</code> #{n + 1}: "
        f'<span lang="hi">{escape(h)}</span>{f" — {escape(e)}" if e else ""}</li>'
        for a, n, h, e in zip(
            support.articles, support.sentences, support.source, support.target, strict=True
        )
    )
    return (
        f'<details class="support"><summary>rests on {len(support.sentences)} '
        f"sentence{'' if len(support.sentences) == 1 else 's'} (support "
        f"{support.score:.2f})</summary><ul>{rows}</ul></details>"
    )


def _news_html(story: Story) -> str:
    """Disagreements, moved numbers and the new-story/new-reports mark."""
    out = [f'<p class="dispute">⚠ {escape(x)}</p>' for x in dispute_lines(story)]
    out += [f'<p class="dispute">↻ {escape(x)}</p>' for x in change_lines(story)]
    if news_line(story):
        out.append(f'<p><span class="new">{escape(news_line(story))}</span></p>')
    return "".join(out)


def body_html(digest: Digest) -> str:
    """The stories and the skipped list as an HTML fragment (for the page and the app)."""
    skipped = ""
    if digest.skipped:
        lis = "".join(
            f"<li><code>{escape(s.file or s.id)}</code>: {escape(s.reason)}</li>"
            for s in digest.skipped
        )
        skipped = (
            f'<details class="skipped"><summary>Skipped ({len(digest.skipped)})</summary>'
            f"<ul>{lis}</ul></details>"
        )
    return (
        f'<p class="meta">{escape(_summary(digest))}</p>'
        + "".join(_story_html(s) for s in digest.stories)
        + skipped
    )


def to_html(digest: Digest) -> str:
    """One HTML page with every story, its bullets and a collapsible list of its sources."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>News digest</title><style>{_CSS}</style></head><body>"
        f"<h1>News digest</h1>{body_html(digest)}</body></html>\n"
    )


# What a story's disputes, moved numbers and new reports say (lines for Markdown and HTML).


def _names(story: Story, reports: Sequence[str]) -> str:
    """Reports by their outlet (else their id), each outlet once."""
    by_id = {a.id: a for a in story.articles}
    names = [str(by_id[r].source) if r in by_id and by_id[r].source else r for r in reports]
    return ", ".join(dict.fromkeys(names))


def _what(what: str, what_en: str) -> str:
    return f"{what} ({what_en})" if what_en else what


def dispute_lines(story: Story) -> list[str]:
    """``outlets disagree on लोगों (people): 12 (A, B) · 15 (C)``, one per discrepancy."""
    return [
        f"outlets disagree on {_what(d.what, d.what_en)}: "
        + " · ".join(f"{v.value} ({_names(story, v.reports)})" for v in d.values)
        for d in story.discrepancies
    ]


def change_lines(story: Story) -> list[str]:
    """``changed since the last run: लोगों (people) 12 → 15 (C)``, one per change."""
    return [
        f"changed since the last run: {_what(c.what, c.what_en)} {c.old} → {c.new} "
        f"({_names(story, c.reports)})"
        for c in story.changes
    ]


def news_line(story: Story) -> str:
    """``new story`` / ``2 new reports`` / ``""`` (nothing tracked or nothing new)."""
    if story.first_seen is None:
        return ""
    if story.is_new:
        return "new story"
    n = len(story.new_reports)
    return f"{n} new report{'' if n == 1 else 's'}" if n else ""
