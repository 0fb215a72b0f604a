"""Reading a pile of reports: files, folders, JSON Lines, RSS/Atom feeds, and feed URLs.

Nothing here cleans or checks the text (the pipeline does, as for ``hinews segment``); an
input that cannot be read at all becomes a :class:`~hinews.digests.result.Skipped` with its
reason, and the rest go on. feedparser is imported only when a feed is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hinews.digests.result import Skipped
from hinews.errors import HinewsError, InputError, missing_dependency
from hinews.jsonl import parse_lines, text_error, with_headline

#: File suffixes a folder is searched for (other files in a folder are ignored).
FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".xml", ".rss", ".atom")
_FEED_SUFFIXES = (".xml", ".rss", ".atom")
_JSONL_FIELDS = ("id", "title", "source", "url", "published")


@dataclass(frozen=True)
class Report:
    """One raw report, as read (the text is cleaned later, by the pipeline).

    Attributes:
        id: A unique id (JSONL ``id``, feed entry id or link, or the file path).
        text: The raw text or HTML of the report.
        file: The path as given, for file inputs.
        source: The outlet, when known.
        url: Where it was published, when known.
        published: Its publication time as given, when known.
        title: A headline given beside the text (JSONL ``title``, feed entry title).
    """

    id: str
    text: str
    file: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None

    def full_text(self) -> str:
        """The text with a given headline as its first line (so cleaning sees both)."""
        return with_headline(self.text, self.title)


def load_reports(
    inputs: Iterable[str | Path | Report | dict[str, Any]],
    *,
    fetch: bool = False,
    allow_loopback: bool = False,
) -> tuple[list[Report], list[Skipped]]:
    """Read every input into reports; what cannot be read is skipped with its reason.

    Args:
        inputs: File paths (``.txt``, ``.html``, ``.jsonl``, ``.xml``/``.rss``/``.atom``
            feeds), folders (searched recursively for those suffixes, in sorted order),
            ``http(s)://`` feed or page URLs (only with ``fetch``), ready
            :class:`Report` objects, or dicts with ``text`` and the optional JSONL fields.
        fetch: Download URL inputs through the guarded fetcher (:mod:`hinews.fetching`).
        allow_loopback: Let the fetcher reach 127.0.0.1 (tests only).

    Returns:
        (reports in input order with unique ids, skipped inputs).
    """
    reports: list[Report] = []
    skipped: list[Skipped] = []
    for item in inputs:
        if isinstance(item, Report):
            reports.append(item)
        elif isinstance(item, dict):
            try:
                reports.append(_record_report(item, f"record {len(reports) + 1}", None))
            except InputError as exc:
                skipped.append(Skipped(str(item.get("id", len(reports) + 1)), None, str(exc)))
        else:
            _read_input(str(item), reports, skipped, fetch=fetch, allow_loopback=allow_loopback)
    return _unique_ids(reports), skipped


def _read_input(
    given: str,
    reports: list[Report],
    skipped: list[Skipped],
    *,
    fetch: bool,
    allow_loopback: bool,
) -> None:
    if given.startswith(("http://", "https://")):
        if not fetch:
            skipped.append(Skipped(given, None, "a URL: pass --fetch (fetch=True) to download it"))
            return
        try:
            reports.extend(_fetched(given, allow_loopback=allow_loopback))
        except HinewsError as exc:
            skipped.append(Skipped(given, None, str(exc)))
        return
    path = Path(given)
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.suffix.lower() in FOLDER_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not files:
            skipped.append(
                Skipped(given, given, f"a folder with no {', '.join(FOLDER_SUFFIXES)} files in it")
            )
        for file in files:
            _read_file(str(file), reports, skipped)
        return
    _read_file(given, reports, skipped)


def _read_file(given: str, reports: list[Report], skipped: list[Skipped]) -> None:
    from hinews.text import read_source

    suffix = Path(given).suffix.lower()
    try:
        text = read_source(given, max_bytes=None if suffix == ".jsonl" else 20_000_000)
    except HinewsError as exc:
        skipped.append(Skipped(given, given, str(exc)))
        return
    if suffix == ".jsonl":
        reports.extend(_jsonl_reports(text, given, skipped))
    elif suffix in _FEED_SUFFIXES or _looks_like_feed(text):
        try:
            reports.extend(feed_reports(text, name=given, file=given))
        except HinewsError as exc:
            skipped.append(Skipped(given, given, str(exc)))
    else:
        reports.append(Report(id=given, text=text, file=given))


def _jsonl_reports(text: str, path: str, skipped: list[Skipped]) -> Iterator[Report]:
    for record in parse_lines(text, path):
        if record.error:
            skipped.append(Skipped(record.where, path, record.error))
        else:
            yield _record_report(record.fields, record.where, path)


def _record_report(record: dict[str, Any], where: str, path: str | None) -> Report:
    error = text_error(record, where)
    if error:
        raise InputError(f"{error}; a report may also give {', '.join(_JSONL_FIELDS)}")
    fields = {k: None if record.get(k) is None else str(record[k]) for k in _JSONL_FIELDS}
    return Report(
        id=fields["id"] or where,
        text=record["text"],
        file=path,
        source=fields["source"],
        url=fields["url"],
        published=fields["published"],
        title=fields["title"],
    )


def _looks_like_feed(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith("<?xml") and any(t in head for t in ("<rss", "<feed", "<rdf:rdf"))


def feed_reports(text: str, *, name: str, file: str | None = None) -> list[Report]:
    """The entries of an RSS or Atom feed as reports (HTML content reduced to paragraphs).

    Args:
        text: The feed document.
        name: What it is (a path or URL), for ids and messages.
        file: The feed's path, for file inputs.

    Raises:
        InputError: When the document is not a feed or has no entries.
    """
    try:
        import feedparser
    except ImportError:
        raise missing_dependency("feedparser", "digest") from None
    parsed = feedparser.parse(text)
    entries = list(parsed.get("entries") or [])
    if not entries:
        problem = parsed.get("bozo_exception")
        why = f" ({type(problem).__name__}: {problem})" if problem else ""
        raise InputError(
            f"{name} is not an RSS or Atom feed with entries{why}. Give a feed file, "
            "a folder of .txt/.html reports, or a .jsonl file."
        )
    outlet = (parsed.get("feed") or {}).get("title") or None
    out = []
    for i, entry in enumerate(entries, 1):
        content = entry.get("content") or []
        body = (content[0].get("value") if content else None) or entry.get("summary") or ""
        out.append(
            Report(
                id=str(entry.get("id") or entry.get("link") or f"{name}#{i}"),
                text=html_to_text(body),
                file=file,
                source=outlet,
                url=entry.get("link") or None,
                published=entry.get("published") or entry.get("updated") or None,
                title=html_to_text(entry.get("title") or "") or None,
            )
        )
    return out


#: A fetched feed entry with less text than this is a teaser: its page is fetched.
TEASER_CHARS = 280
MAX_PAGES = 200


def _fetched(url: str, *, allow_loopback: bool) -> list[Report]:
    """A fetched feed's entries (teasers replaced by their pages), or one fetched page."""
    from hinews.fetching import FEED_TYPES, fetch_url

    text = fetch_url(url, allow_loopback=allow_loopback, accept=FEED_TYPES)
    if not (_looks_like_feed(text) or text.lstrip()[:200].lower().startswith(("<rss", "<feed"))):
        return [Report(id=url, text=text, url=url)]
    out = []
    pages = 0
    for entry in feed_reports(text, name=url):
        link = entry.url or ""
        teaser = len(entry.text) < TEASER_CHARS and link.startswith(("http://", "https://"))
        if teaser and pages < MAX_PAGES:
            pages += 1
            try:  # one request at a time per host (the fetcher's lock)
                page = fetch_url(link, allow_loopback=allow_loopback)
            except InputError:
                pass  # keep the teaser: the page is not reachable
            else:
                entry = Report(**{**entry.__dict__, "text": page})
        out.append(entry)
    return out


class _Text(HTMLParser):
    """Text of an HTML fragment (a feed entry's content), a blank line at block ends."""

    _BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"})
    _SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, paragraphs separated by blank lines."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _unique_ids(reports: list[Report]) -> list[Report]:
    """Give repeated ids a ``#2``, ``#3`` suffix, so every report is listed once by id."""
    seen: dict[str, int] = {}
    out = []
    for report in reports:
        count = seen.get(report.id, 0) + 1
        seen[report.id] = count
        if count > 1:
            report = Report(**{**report.__dict__, "id": f"{report.id}#{count}"})
        out.append(report)
    return out
