"""``hinews serve`` (and ``python app.py``): start the web app.

Cheap to import: gradio and the models load only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hinews.config import BACKENDS
from hinews.errors import HinewsError

EPILOG = """\
examples:
  hinews serve                                  default models, http://127.0.0.1:7860
  hinews serve --preset fast                    OPUS-MT on CTranslate2, extractive brief
  hinews serve --translator ./my-model --port 8000
  hinews serve --translator ./my-model --backend ctranslate2   converted once, int8
  hinews serve --host 0.0.0.0 --allow-url       listen on all interfaces, allow URL input
  python app.py --translator fast               the same app, Hugging Face Spaces style
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The serve options (shared by ``hinews serve`` and ``app.py``)."""
    from hinews.config import MODEL_STRATEGIES
    from hinews.webapp.core import AppSettings

    defaults = AppSettings()
    g = parser.add_argument_group("models")
    g.add_argument(
        "--translator",
        metavar="NAME|DIR",
        help="preset, model alias (indictrans2, opus-mt, nllb-600m...), hub id or local directory "
        "(the default choice in the page; the presets are offered too, those whose "
        "models are not downloaded yet marked '(not downloaded)')",
    )
    g.add_argument(
        "--summarizer",
        metavar="NAME|DIR",
        help="extractive (default), lead, a model alias (e.g. xlsum, crosssum), hub id or "
        "directory",
    )
    g.add_argument(
        "--summarizer-strategy",
        choices=MODEL_STRATEGIES,
        help="how the --summarizer model runs: source (mT5 XL-Sum style, writes Hindi) and "
        "crosslingual (CrossSum style, writes English) read the Hindi article; seq2seq and "
        "instruct the translation (default: the alias's, or guessed from the directory)",
    )
    g.add_argument("--config", help="a YAML pipeline config file (the base for every choice)")
    g.add_argument(
        "--preset", help="a shipped preset as the base: default, fast, best, cheap, nllb, instruct"
    )
    g.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"))
    g.add_argument(
        "--backend",
        choices=BACKENDS,
        help="how every translator runs (default: as its preset or config says)",
    )
    g.add_argument(
        "--summarizer-backend",
        choices=BACKENDS,
        help="how every seq2seq summariser of the menu runs: auto (CTranslate2 for BART, "
        "DistilBART, mT5; default), transformers or ctranslate2",
    )
    g.add_argument(
        "--cached-only",
        action="store_true",
        help="offer only translators and summarisers already in the Hugging Face cache, "
        "plus the server's own (no multi-GB downloads inside a request); always the case "
        "when HF_HUB_OFFLINE=1",
    )
    s = parser.add_argument_group("server")
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface to listen on (default: 127.0.0.1; 0.0.0.0 for all)",
    )
    s.add_argument("--port", type=int, default=7860, help="TCP port (default: 7860)")
    s.add_argument(
        "--allow-url",
        action="store_true",
        help="show a URL input (public http(s) addresses only, size and time capped)",
    )
    s.add_argument(
        "--example",
        metavar="FILE",
        help="the article offered as the one-click example (default: the shared "
        "seed article when present, else a built-in one)",
    )
    s.add_argument(
        "--no-preload",
        action="store_true",
        help="load the models on the first request instead of at start-up",
    )
    s.add_argument(
        "--concurrency",
        type=int,
        default=defaults.concurrency,
        help="requests handled at once (their sentences share model batches); others wait "
        f"in the queue (default: {defaults.concurrency})",
    )
    s.add_argument(
        "--queue-size",
        type=int,
        default=defaults.queue_size,
        help=f"requests that may wait (default: {defaults.queue_size})",
    )
    s.add_argument(
        "--max-chars",
        type=int,
        default=defaults.max_chars,
        help=f"longest article accepted (default: {defaults.max_chars})",
    )


def register(subparsers: Any) -> None:
    """Add ``hinews serve`` to the main parser."""
    p = subparsers.add_parser(
        "serve",
        help="start the web app (Gradio) in the browser",
        description="Start the hinews web app: paste a Hindi article, read the brief and the "
        "aligned translation, or many reports grouped into stories. Also serves the "
        "/brief, /translate and /digest API endpoints.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(p)
    p.set_defaults(func=serve)


def settings_from_args(args: argparse.Namespace) -> Any:
    """The :class:`~hinews.webapp.core.AppSettings` for parsed options."""
    from hinews.errors import ConfigError
    from hinews.webapp.core import AppSettings

    for name in ("concurrency", "queue_size", "max_chars", "port"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            raise ConfigError(f"--{name.replace('_', '-')} must be at least 1")
    return AppSettings(
        translator=args.translator,
        summarizer=args.summarizer,
        summarizer_strategy=args.summarizer_strategy,
        config=args.config,
        preset=args.preset,
        device=args.device,
        backend=args.backend,
        summarizer_backend=args.summarizer_backend,
        cached_only=args.cached_only,
        allow_url=args.allow_url,
        example=args.example,
        concurrency=args.concurrency,
        queue_size=args.queue_size,
        max_chars=args.max_chars,
    )


def serve(args: argparse.Namespace) -> int:
    """Build the app and serve it until interrupted."""
    from hinews.webapp.core import make_choices

    settings = settings_from_args(args)
    make_choices(settings)  # a bad --config fails here, with its message, before gradio loads
    try:
        import gradio  # noqa: F401
    except ImportError:
        from hinews.errors import missing_dependency

        raise missing_dependency("gradio", "app") from None
    from hinews.webapp import build_demo, launch, preload

    demo = build_demo(settings=settings)
    if not args.no_preload:
        preload(demo)
    launch(demo, host=args.host, port=args.port)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python app.py [options]``: the same as ``hinews serve``."""
    parser = argparse.ArgumentParser(
        prog="app.py",
        description="Start the hinews web app.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return serve(args)
    except HinewsError as exc:
        from hinews.flags import as_flags

        print(f"hinews: error: {as_flags(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
