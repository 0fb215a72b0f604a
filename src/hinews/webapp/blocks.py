"""The Gradio web app: paste or upload a Hindi article, read the brief and the aligned translation.

A thin shell over :class:`~hinews.pipeline.Pipeline`. :func:`build_demo` returns the
``gr.Blocks``; :func:`launch` starts it (``hinews serve`` and ``python app.py`` call it).
Besides the page there are three named API endpoints for ``gradio_client``::

    from gradio_client import Client
    client = Client("http://127.0.0.1:7860/")
    client.predict(article, api_name="/brief")      # Brief.to_dict() plus timings
    client.predict(article, api_name="/translate")  # Translation.to_dict() plus timings
    client.predict([report, ...], api_name="/digest")  # Digest.to_dict()

Both take ``(text, translator="", summarizer="", force=False)``; empty names use the
server's models, and ``force=True`` lets mixed Hindi-English (or very short) text through,
like the page's "Allow mixed-language or short text" box and the command line's ``--force``.
Errors reach the client as ``gr.Error`` messages and the page as a message box, never as a
traceback.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hinews.errors import HinewsError, InputError, TextTooLongError
from hinews.webapp.core import (
    AppSettings,
    PipelineCache,
    RunResult,
    describe_models,
    hide_paths,
    run,
)
from hinews.webapp.render import (
    CSS,
    brief_html,
    message_html,
    meta_html,
    translation_html,
    translation_markdown,
)

if TYPE_CHECKING:
    import gradio as gr

    from hinews.pipeline import Pipeline

log = logging.getLogger("hinews.webapp")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
_CONCURRENCY_ID = "hinews-models"
_DOWNLOADS_KEEP_S = 3600.0
FORCE_LABEL = "Allow mixed-language or short text"
#: How the validation messages tell a Python (or command-line) user to force mixed text.
_FORCE_ADVICE = re.compile(r"pass (?:force=True|--force(?: \(force=True in Python\))?)")

INTRO = """\
# hinews: Hindi news → English brief
**Article**: paste a Hindi news article (or upload a `.txt` / `.html` file), then press
**Brief**: you get the English title, a brief of three bullets (each unfolds to the
article's sentences it rests on; one the article does not say is marked "not found in the
article", numbers not in the Hindi source are flagged) and the full translation, each
English sentence beside its Hindi source. **Digest**: upload many reports, get one brief
per story.
"""


def user_message(exc: BaseException, *, where: str = "page") -> str:
    """The text shown for an error: a hinews error's own message, else a generic one.

    Advice to ``pass force=True`` (mixed-language or short input) becomes advice that works
    where the user is: the page's checkbox (``where="page"``) or the API's ``force``
    argument (``where="api"``). Unexpected errors are logged with their traceback on the
    server, never shown.
    """
    if isinstance(exc, TextTooLongError) and exc.size and exc.limit:
        # The limit is the server's (serve --max-chars): a web user can only send less.
        return (
            f"This text is {exc.size:,} characters long; this app takes up to {exc.limit:,} "
            "characters at a time. Paste one article, or a part of it."
        )
    if isinstance(exc, HinewsError):
        message = str(exc)
        if "--force" in message or "pass force=True" in message:
            hint = (
                f"tick '{FORCE_LABEL}'" if where == "page" else "pass force=True (the 4th argument)"
            )
            message = _FORCE_ADVICE.sub(hint, message)
            if "--force" in message:  # worded differently: drop that sentence, say ours
                kept = [x for x in re.split(r"(?<=\.)\s+", message) if "--force" not in x]
                message = " ".join([*kept, f"{hint[0].upper()}{hint[1:]} to go ahead."])
        return message[:1].upper() + message[1:]  # a sentence on the page
    log.error("unexpected error in the web app", exc_info=exc)
    return (
        f"Something went wrong inside hinews ({type(exc).__name__}). The server log has "
        "the details; please try again or report it."
    )


class _Downloads:
    """Per-request download files in one temporary folder, pruned after an hour."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="hinews-app-"))

    def write(self, result: RunResult) -> tuple[str, str]:
        self._prune()
        folder = self.root / uuid.uuid4().hex
        folder.mkdir()
        stem = "brief" if result.brief else "translation"
        data = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
        markdown = (
            result.brief.to_markdown() if result.brief else translation_markdown(result.translation)
        )
        (folder / f"{stem}.json").write_text(data, encoding="utf-8")
        (folder / f"{stem}.md").write_text(markdown, encoding="utf-8")
        return str(folder / f"{stem}.json"), str(folder / f"{stem}.md")

    def _prune(self) -> None:
        cutoff = time.time() - _DOWNLOADS_KEEP_S
        for old in self.root.iterdir():
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)


def build_demo(pipeline: Pipeline | None = None, settings: AppSettings | None = None) -> gr.Blocks:
    """Build the app (models load on first use, once per translator/summariser choice).

    Args:
        pipeline: A ready pipeline to serve as the default choice; else one is built from
            ``settings`` (``--translator``, ``--summarizer``, ``--config``) when first used.
        settings: Server options; defaults to :class:`~hinews.webapp.core.AppSettings`.

    Returns:
        The ``gr.Blocks``, queued with bounded concurrency; call :func:`launch` to serve it.
    """
    import gradio as gr

    from hinews.webapp.inputs import load_example

    settings = settings or AppSettings()
    cache = PipelineCache(settings, pipeline)
    downloads = _Downloads()
    choices = cache.choices
    names = choices.translators + choices.summarizers

    def shown(exc: BaseException, where: str = "page") -> str:
        """The message for ``exc``, the server's model folders named by their last part."""
        return hide_paths(user_message(exc, where=where), names)

    def _api(brief: bool) -> Callable[..., dict[str, Any]]:
        def endpoint(
            text: str, translator: str = "", summarizer: str = "", force: bool = False
        ) -> dict[str, Any]:
            try:
                return run(
                    cache,
                    text,
                    translator=translator,
                    summarizer=summarizer,
                    brief=brief,
                    force=bool(force),
                ).to_dict()
            except Exception as exc:
                raise gr.Error(
                    escape(shown(exc, "api"), quote=False), print_exception=False
                ) from None

        endpoint.__name__ = "brief" if brief else "translate"
        return endpoint

    def _page(brief: bool) -> Callable[..., tuple[Any, ...]]:
        def handler(
            text: str,
            translator: str,
            summarizer: str,
            force: bool,
            threshold: float = 0.5,
            glossary_file: str | None = None,
            progress: gr.Progress = gr.Progress(),  # noqa: B008  (gradio's own idiom)
        ) -> tuple[Any, ...]:
            def report(fraction: float, desc: str) -> None:
                progress(fraction, desc=desc)

            try:
                result = run(
                    cache,
                    text or "",
                    translator=translator,
                    summarizer=summarizer,
                    brief=brief,
                    force=bool(force),
                    progress=report,
                )
                result = _retrust(result, threshold, glossary_file)
                json_path, md_path = downloads.write(result)
            except Exception as exc:
                hidden = gr.update(value=None, visible=False)
                return message_html(shown(exc)), "", "", "", hidden, hidden
            meta = meta_html(
                describe_models(cache, result), load_s=result.load_s, run_s=result.run_s
            )
            top = (
                brief_html(result.brief)
                if result.brief
                else f'<h2 class="hinews-title">{escape(result.translation.title)}</h2>'
            )
            return (
                "",
                top,
                translation_html(result.translation),
                meta,
                gr.update(value=json_path, visible=True),
                gr.update(value=md_path, visible=True),
            )

        return handler

    def on_upload(path: str | None) -> tuple[Any, str]:
        from hinews.webapp.inputs import read_upload

        if not path:
            return gr.update(), ""
        try:
            text = read_upload(path, max_bytes=settings.max_upload_bytes)
        except Exception as exc:
            return gr.update(), message_html(user_message(exc))
        if not text.strip():  # say so now, not at the first Brief
            return gr.update(), message_html(f"{Path(path).name} is empty: nothing to load.")
        return text, message_html(f"Loaded {Path(path).name}.", kind="info")

    def on_fetch(url: str) -> tuple[Any, str]:
        from hinews.webapp.fetch import fetch_url
        from hinews.webapp.inputs import article_text

        try:
            text = article_text(
                fetch_url(
                    url or "",
                    allow_loopback=settings.allow_loopback,
                    max_bytes=settings.max_upload_bytes,
                )
            )
        except Exception as exc:
            return gr.update(), message_html(user_message(exc))
        return text, message_html("Fetched the page.", kind="info")

    def on_example() -> tuple[Any, str]:
        try:
            label, text = load_example(settings.example)
        except Exception as exc:
            return gr.update(), message_html(user_message(exc))
        return text, message_html(f"Loaded: {label}.", kind="info")

    example_label = _example_button_label(settings)
    with gr.Blocks(title="hinews", analytics_enabled=False) as demo:
        gr.Markdown(INTRO)
        with gr.Tabs(elem_id="hinews-tabs"):
            with gr.Tab("Article: translate and brief", elem_id="hinews-article-tab"):
                with gr.Row():
                    with gr.Column(scale=3):
                        text = gr.Textbox(
                            label="Hindi article (plain text or HTML)",
                            lines=12,
                            max_lines=30,
                            elem_id="hinews-input",
                            placeholder="यहाँ हिंदी समाचार लेख चिपकाएँ…",
                        )
                        with gr.Row():
                            upload = _file_box(
                                "…or upload a .txt / .html file",
                                [".txt", ".html", ".htm"],
                                "hinews-upload",
                            )
                            example = gr.Button(example_label, elem_id="hinews-example", size="sm")
                        if settings.allow_url:
                            with gr.Row():
                                url = gr.Textbox(
                                    label="…or fetch a page by URL (http/https)",
                                    elem_id="hinews-url",
                                    scale=4,
                                )
                                fetch = gr.Button("Fetch", elem_id="hinews-fetch", scale=1)
                    with gr.Column(scale=1):
                        t_options = choices.options("translator")
                        s_options = choices.options("summarizer")
                        translator = gr.Dropdown(
                            t_options,
                            value=t_options[0][1],
                            label="Translator",
                            elem_id="hinews-translator",
                        )
                        summarizer = gr.Dropdown(
                            s_options,
                            value=s_options[0][1],
                            label="Summariser",
                            elem_id="hinews-summarizer",
                        )
                        force = gr.Checkbox(
                            value=False,
                            label=FORCE_LABEL,
                            info="Hinglish (Hindi mixed with English) or a few lines only",
                            elem_id="hinews-force",
                        )
                        threshold = gr.Slider(
                            0.0,
                            1.0,
                            value=0.5,
                            step=0.05,
                            label="Flag sentences below this confidence",
                            elem_id="hinews-threshold",
                        )
                        glossary = _file_box(
                            "Glossary (.tsv/.csv)", [".tsv", ".csv", ".txt"], "hinews-glossary"
                        )
                        gr.Markdown(
                            "<small>one Hindi term and its English rendering a line</small>"
                        )
                        brief_btn = gr.Button("Brief", variant="primary", elem_id="hinews-brief")
                        translate_btn = gr.Button("Translate only", elem_id="hinews-translate")
                message = gr.HTML(elem_id="hinews-message")
                brief_out = gr.HTML(elem_id="hinews-brief-out")
                with gr.Row():
                    json_dl = gr.DownloadButton(
                        "Download JSON", visible=False, elem_id="hinews-json", size="sm"
                    )
                    md_dl = gr.DownloadButton(
                        "Download Markdown", visible=False, elem_id="hinews-md", size="sm"
                    )
                gr.Markdown("### Translation, sentence by sentence (hover a row to pair them)")
                translation_out = gr.HTML(elem_id="hinews-translation")
                meta_out = gr.HTML(elem_id="hinews-meta")

                outputs = [message, brief_out, translation_out, meta_out, json_dl, md_dl]
                inputs = [text, translator, summarizer, force]
                for button, is_brief in ((brief_btn, True), (translate_btn, False)):
                    button.click(
                        _page(is_brief),
                        [*inputs, threshold, glossary],
                        outputs,
                        api_visibility="private",
                        concurrency_id=_CONCURRENCY_ID,
                        concurrency_limit=settings.concurrency,
                        show_progress_on=[translation_out],
                    )
                upload.upload(on_upload, [upload], [text, message], api_visibility="private")
                example.click(on_example, None, [text, message], api_visibility="private")
                if settings.allow_url:
                    fetch.click(on_fetch, [url], [text, message], api_visibility="private")
                gr.api(
                    _api(True),
                    api_name="brief",
                    concurrency_id=_CONCURRENCY_ID,
                    concurrency_limit=settings.concurrency,
                    api_description="Translate a Hindi article and brief it in three English "
                    "bullets. Args: text, translator (optional), summarizer (optional), force "
                    "(optional, true lets mixed Hindi-English or short text through). Returns "
                    "Brief.to_dict() plus timings.",
                )
                gr.api(
                    _api(False),
                    api_name="translate",
                    concurrency_id=_CONCURRENCY_ID,
                    concurrency_limit=settings.concurrency,
                    api_description="Translate a Hindi article sentence by sentence. Args: text, "
                    "translator (optional), summarizer (ignored), force (optional, true lets "
                    "mixed Hindi-English or short text through). Returns Translation.to_dict() "
                    "plus timings.",
                )
            from hinews.webapp.digest_tab import add_digest_tab

            add_digest_tab(cache, shown=shown, concurrency_id=_CONCURRENCY_ID)
    demo.queue(default_concurrency_limit=settings.concurrency, max_size=settings.queue_size)
    demo.hinews_settings = settings
    demo.hinews_cache = cache
    return demo


def _file_box(label: str, file_types: list[str], elem_id: str) -> Any:
    """An upload box tall enough to show its whole "Click to Upload" prompt (tested)."""
    import gradio as gr

    return gr.File(label=label, type="filepath", file_types=file_types, elem_id=elem_id, height=150)


def _retrust(result: RunResult, threshold: float | None, glossary_file: str | None) -> RunResult:
    """The result with its flags computed for the page's threshold and uploaded glossary
    (flags are pure functions of the finished translation: no model runs again).

    Raises:
        InputError: The glossary file is unreadable or malformed.
    """
    import dataclasses

    from hinews.trust.glossary import load_glossary
    from hinews.trust.recheck import recheck, recheck_brief

    glossary = None
    if glossary_file:
        try:
            glossary = load_glossary(glossary_file)
        except HinewsError as exc:  # name the uploaded file, not the server's temporary copy
            raise InputError(str(exc).replace(glossary_file, Path(glossary_file).name)) from None
    level = 0.5 if threshold is None else float(threshold)
    if result.brief is not None:
        brief = recheck_brief(result.brief, threshold=level, glossary=glossary)
        return dataclasses.replace(result, brief=brief, translation=brief.translation)
    translation = recheck(result.translation, threshold=level, glossary=glossary)
    return dataclasses.replace(result, translation=translation)


def _example_button_label(settings: AppSettings) -> str:
    from hinews.webapp.inputs import example_path

    path = example_path(settings.example)
    return f"Example: {path.name}" if path else "Example article"


def theme() -> Any:
    """A theme with system fonts only: the page makes no requests to font servers."""
    import gradio as gr

    system = ["system-ui", "Lohit Devanagari", "Noto Sans Devanagari", "sans-serif"]
    return gr.themes.Default(font=system, font_mono=["ui-monospace", "monospace"])


def launch(
    demo: gr.Blocks,
    *,
    host: str = DEFAULT_HOST,
    port: int | None = DEFAULT_PORT,
    block: bool = True,
    quiet: bool = False,
) -> tuple[Any, str, str]:
    """Serve ``demo`` (with hinews' CSS and theme) on ``host:port``.

    Args:
        demo: From :func:`build_demo`.
        host: Interface to listen on (default loopback only).
        port: TCP port; ``None`` picks a free one from 7860 upwards.
        block: Wait until interrupted; ``False`` returns at once (tests: ``demo.close()``).
        quiet: Do not print the URL.

    Returns:
        Gradio's (app, local URL, share URL).
    """
    settings: AppSettings = getattr(demo, "hinews_settings", AppSettings())
    return demo.launch(
        server_name=host,
        server_port=port,
        prevent_thread_lock=not block,
        show_error=False,
        css=CSS,
        theme=theme(),
        ssr_mode=False,
        quiet=quiet,
        share=False,
        max_file_size=settings.max_upload_bytes,
        footer_links=["api"],
    )


@contextlib.contextmanager
def serving(demo: gr.Blocks, *, host: str = DEFAULT_HOST, port: int | None = None) -> Iterator[str]:
    """Serve ``demo`` in the background for the duration of a ``with`` block.

    Example:
        >>> with serving(build_demo(pipe)) as url:                  # doctest: +SKIP
        ...     Client(url).predict(article, api_name="/brief")

    Yields:
        The local URL, e.g. ``http://127.0.0.1:7861/``.
    """
    _, url, _ = launch(demo, host=host, port=port, block=False, quiet=True)
    try:
        yield url
    finally:
        demo.close()


def preload(demo: gr.Blocks) -> threading.Thread:
    """Load the default models in a background thread (errors are logged, not raised)."""
    cache: PipelineCache = demo.hinews_cache  # type: ignore[attr-defined]

    def load() -> None:
        try:
            cache.get(cache.choices.translators[0], cache.choices.summarizers[0])
        except Exception as exc:  # the page shows it again on the first request
            log.warning("could not preload the default models: %s", user_message(exc))

    thread = threading.Thread(target=load, name="hinews-preload", daemon=True)
    thread.start()
    return thread
