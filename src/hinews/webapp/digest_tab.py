"""The web app's Digest tab: upload many reports, read the stories, download the digest.

Upload several ``.txt``/``.html`` reports, or one ``.jsonl`` or RSS/Atom feed file; the
tab shows the stories (English headline, three bullets, outlets, collapsible sources)
and offers Markdown, HTML and JSON downloads. Reports are named by their file names,
never by the server's upload paths. :func:`run_digest` is the gradio-free part.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hinews.errors import InputError

if TYPE_CHECKING:
    from hinews.digests.result import Digest
    from hinews.webapp.core import PipelineCache

REPORT_SUFFIXES = (".txt", ".html", ".htm")
BUNDLE_SUFFIXES = (".jsonl", ".xml", ".rss", ".atom")
MAX_FILES = 500
#: The example set the tab offers (four reports; two disagree on numbers).
EXAMPLE_SET = Path(__file__).resolve().parents[3] / "examples" / "digest-reports.jsonl"
_KEEP_S = 3600.0


def _reports(paths: list[str], max_bytes: int) -> tuple[list[Any], list[Any]]:
    """Reports from the uploads, named by file name (upload folders never shown)."""
    from hinews.digests.inputs import Report, load_reports
    from hinews.digests.result import Skipped
    from hinews.text import decode_bytes

    files = [Path(p) for p in paths]
    bundles = [f for f in files if f.suffix.lower() in BUNDLE_SUFFIXES]
    if bundles and len(files) > 1:
        raise InputError(
            "upload several .txt/.html reports, or ONE .jsonl or feed file (not both, "
            f"not several of them): got {len(files)} files including {bundles[0].name!r}"
        )
    if len(files) > MAX_FILES:
        raise InputError(f"upload at most {MAX_FILES} files at a time, not {len(files)}")
    reports: list[Any] = []
    skipped: list[Any] = []
    for f in files:
        if f.stat().st_size > max_bytes:
            skipped.append(Skipped(f.name, f.name, f"larger than {max_bytes / 1e6:.1f} MB"))
        elif f.suffix.lower() in BUNDLE_SUFFIXES:
            read, bad = load_reports([str(f)])
            # ids made from the path (JSONL line numbers) name the file only
            reports += [replace(r, id=r.id.replace(str(f), f.name), file=f.name) for r in read]
            skipped += [replace(s, id=s.id.replace(str(f), f.name), file=f.name) for s in bad]
        elif f.suffix.lower() in REPORT_SUFFIXES:
            try:
                text = decode_bytes(f.read_bytes(), name=f"The file {f.name!r}")
            except InputError as exc:
                skipped.append(Skipped(f.name, f.name, str(exc)))
                continue
            reports.append(Report(id=f.name, text=text, file=f.name))
        else:
            skipped.append(
                Skipped(f.name, f.name, "not a .txt, .html, .jsonl or feed (.xml/.rss/.atom) file")
            )
    return reports, skipped


def run_digest(
    cache: PipelineCache,
    paths: list[str] | None,
    *,
    translator: str | None = None,
    progress: Callable[[float, str], None] | None = None,
    state: str | None = None,
) -> Digest:
    """The digest of uploaded files with the chosen translator.

    ``state`` (a state file, one per browser session in the app) marks the reports and
    moved numbers the session's previous digest did not see.

    Raises:
        HinewsError: No files, a mix of bundle and report files, or models that cannot load.
    """
    if not paths:
        raise InputError(
            "no files: upload several Hindi reports (.txt/.html), or one .jsonl or feed file"
        )
    report = progress or (lambda fraction, message: None)
    t, s = cache.choices.check(translator, None)
    report(0.05, "Reading the uploads")
    reports, skipped = _reports(list(paths), cache.settings.max_upload_bytes)
    report(0.1, f"Loading the translator ({cache.choices.public(t)})")
    pipe, run_lock, _ = cache.get(t, s)
    report(0.3, f"Grouping {len(reports)} reports and translating the briefs")
    return _grouped(pipe, run_lock, reports, skipped, state=state)


def run_digest_texts(
    cache: PipelineCache, reports: list[str], *, translator: str | None = None
) -> Digest:
    """The digest of report texts sent to the ``/digest`` API (ids ``report-1``...).

    Raises:
        HinewsError: No reports, a report that is not a string, more text than the upload
            limit in all, or models that cannot load. Non-Hindi or empty reports are not
            errors: they are listed in ``Digest.skipped``.
    """
    from hinews.digests.inputs import Report

    if not isinstance(reports, list) or not reports:
        raise InputError("no reports: send a list of Hindi report texts (text or HTML)")
    bad = [i + 1 for i, r in enumerate(reports) if not isinstance(r, str)]
    if bad:
        raise InputError(f"reports {bad[:5]} are not strings: send each report as its text")
    total = sum(len(r.encode("utf-8")) for r in reports)
    limit = cache.settings.max_upload_bytes
    if total > limit:
        raise InputError(
            f"the reports hold {total:,} bytes in all, more than this server's limit of "
            f"{limit:,}: send them in smaller groups"
        )
    t, s = cache.choices.check(translator, None)
    pipe, run_lock, _ = cache.get(t, s)
    items = [Report(id=f"report-{i}", text=text) for i, text in enumerate(reports, 1)]
    return _grouped(pipe, run_lock, items, [])


def _grouped(
    pipe: Any, run_lock: Any, reports: list[Any], skipped: list[Any], state: str | None = None
) -> Digest:
    """The digest of ``reports`` under the pipeline's lock, ``skipped`` listed first."""
    from hinews.digests import digest
    from hinews.digests.result import Digest

    with run_lock:
        result = digest(reports, pipeline=pipe, state=state) if reports else None
    if result is None:
        return Digest((), tuple(skipped), None, {})
    return replace(result, skipped=tuple(skipped) + result.skipped)


class DigestDownloads:
    """Markdown, HTML and JSON files of each digest in a temporary folder (kept an hour)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="hinews-digest-"))

    def write(self, result: Digest) -> tuple[str, str, str]:
        cutoff = time.time() - _KEEP_S
        for old in self.root.iterdir():
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        folder = self.root / uuid.uuid4().hex
        folder.mkdir()
        md, page, data = folder / "digest.md", folder / "digest.html", folder / "digest.json"
        md.write_text(result.to_markdown(), encoding="utf-8")
        page.write_text(result.to_html(), encoding="utf-8")
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
        data.write_text(text, encoding="utf-8")
        return str(md), str(page), str(data)


def add_digest_tab(
    cache: PipelineCache,
    *,
    shown: Callable[..., str],
    concurrency_id: str,
) -> None:
    """Add the Digest tab, and the ``/digest`` API, to the ``gr.Blocks`` being built (call
    inside its ``with``).

    Args:
        cache: The app's shared pipelines.
        shown: How an error becomes a message (``shown(exc)`` for the page,
            ``shown(exc, "api")`` for API callers).
        concurrency_id: The queue the model runs share (bounded concurrency).
    """
    from html import escape

    import gradio as gr

    from hinews.webapp.render import digest_html, message_html

    downloads = DigestDownloads()

    def on_digest(
        paths: list[str] | None,
        translator: str,
        session: str | None = None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008  (gradio's own idiom)
    ) -> tuple[Any, ...]:
        hidden = gr.update(value=None, visible=False)
        # One state file per browser session: a later digest marks what is new since.
        session = session or str(downloads.root / f"state-{uuid.uuid4().hex}.json")
        try:
            result = run_digest(
                cache,
                paths,
                translator=translator,
                progress=lambda f, d: progress(f, desc=d),
                state=session,
            )
            md, page, data = downloads.write(result)
        except Exception as exc:
            return message_html(shown(exc)), "", hidden, hidden, hidden, session
        return (
            "",
            f'<div class="hinews-digest">{digest_html(result)}</div>',
            gr.update(value=md, visible=True),
            gr.update(value=page, visible=True),
            gr.update(value=data, visible=True),
            session,
        )

    with gr.Tab("Digest: many reports → stories", elem_id="hinews-digest-tab"):
        gr.Markdown(
            "Upload several Hindi reports (`.txt` / `.html`), or one `.jsonl` or RSS/Atom "
            "feed file. Copies of one report are marked, reports of one event become a "
            "story with an English headline and three bullets. Numbers the outlets "
            "disagree on are shown under the story; a second digest in this session marks "
            "the new stories and reports."
        )
        with gr.Row():
            files = gr.File(
                label="Reports",
                file_count="multiple",
                type="filepath",
                file_types=list(REPORT_SUFFIXES + BUNDLE_SUFFIXES),
                elem_id="hinews-digest-files",
            )
            with gr.Column(scale=1):
                options = cache.choices.options("translator")
                translator = gr.Dropdown(
                    options,
                    value=options[0][1],
                    label="Translator",
                    elem_id="hinews-digest-translator",
                )
                button = gr.Button("Digest", variant="primary", elem_id="hinews-digest-run")
                if EXAMPLE_SET.is_file():
                    example = gr.Button(
                        f"Example set: {EXAMPLE_SET.name}",
                        size="sm",
                        elem_id="hinews-digest-example",
                    )
                    example.click(lambda: [str(EXAMPLE_SET)], None, files, api_visibility="private")
        session = gr.State(None)
        message = gr.HTML(elem_id="hinews-digest-message")
        out = gr.HTML(elem_id="hinews-digest-out")
        with gr.Row():
            md_dl = gr.DownloadButton("Markdown", visible=False, size="sm")
            html_dl = gr.DownloadButton("HTML", visible=False, size="sm")
            json_dl = gr.DownloadButton("JSON", visible=False, size="sm")
        button.click(
            on_digest,
            [files, translator, session],
            [message, out, md_dl, html_dl, json_dl, session],
            api_visibility="private",
            concurrency_id=concurrency_id,
            concurrency_limit=cache.settings.concurrency,
            show_progress_on=[out],
        )

        # Inside the tab: gr.Tabs takes only tabs as children.
        def digest(reports: list[str], translator: str = "") -> dict[str, Any]:
            try:
                return run_digest_texts(cache, reports, translator=translator).to_dict()
            except Exception as exc:
                raise gr.Error(
                    escape(shown(exc, "api"), quote=False), print_exception=False
                ) from None

        gr.api(
            digest,
            api_name="digest",
            concurrency_id=concurrency_id,
            concurrency_limit=cache.settings.concurrency,
            api_description="Group Hindi reports into stories, each with an English headline "
            "and three bullets; copies of one report are marked. Args: reports (a list of "
            "report texts or HTML pages), translator (optional). Returns Digest.to_dict(); "
            "reports are named report-1, report-2... in the order sent.",
        )
