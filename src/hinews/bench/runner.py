"""``hinews bench``: translation speed against the usual ways, on one machine, in one run.

Every system translates the same Hindi sentences with the same randomly initialised model
of real size, greedy, producing exactly ``--new-tokens`` target tokens per sentence (min =
max), on ``--threads`` threads, each in its own process (so peak memory is its own):

1. ``pipeline``: ``transformers.pipeline("translation")`` sentence by sentence,
2. ``generate``: ``model.generate`` on batches of ``--batch-size``,
3. ``hinews-hf``: hinews with the transformers backend,
4. ``hinews-ct2``: hinews with the CTranslate2 backend (int8),
5. ``raw-ct2``: ``ctranslate2.Translator.translate_batch`` on pre-tokenised batches,
6. ``raw-ct2-main``: the same with the engine built on the main thread, as a first script
   does (on the baseline subset: with as many threads as cores, libgomp's throttled
   barriers make it several times slower; hinews builds it on a thread that exits).

Usage: ``python -m hinews.bench [--model marian] [--format json]``.

Other suites (``--suite``): ``app`` (concurrent clients against ``hinews serve``), ``cli``
(cold-process ``hinews translate`` / ``brief`` beside ``hinews segment``), ``brief``
(NTREX-128 documents briefed end to end against a hand-written loop); ``all`` runs every one.

Examples::

    python -m hinews.bench --model marian --threads 2         # translation systems
    python -m hinews.bench --model nllb-600m --format json    # the NLLB-600M shape
    hinews bench --model indictrans2 --limit 128              # beside IndicTrans2's engine
    hinews bench --suite app --clients 20                     # the app, pooled requests
    hinews bench --suite cli --repeat 5                       # start-up of the CLI
    hinews bench --suite brief --docs 40 --baseline-docs 3    # end-to-end briefs
    hinews bench --suite summarize --limit 8 --batch-size 4   # summarisers, ct2 vs generate
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from hinews.bench import child
from hinews.bench.registry import fmt, render_summary, summary
from hinews.bench.shapes import SHAPES
from hinews.bench.summarize_suite import SHAPES as SUMMARY_SHAPES
from hinews.bench.systems import SYSTEMS
from hinews.bench.translate_suite import (
    bench_shape,
    check_systems,
    goals,
    ratios,
    render_shape,
    render_table,
    startup_costs,
)

# What `hinews.bench` exports (``goals``, ``ratios`` and ``render_table`` are the translate
# suite's, kept here for callers of the driver).
__all__ = ["add_arguments", "goals", "main", "ratios", "register", "render_table", "run_from_args"]

SUITES = ("translate", "app", "cli", "brief", "summarize")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        default="marian",
        choices=[*SHAPES, "all", *SUMMARY_SHAPES],
        help="model shape: marian (opus-mt-hi-en), nllb-600m, indictrans2 (dist-200M, beside "
        "IndicTrans2's own engine), or all; summarize suite: xlsum, distilbart-cnn (default: "
        "both)",
    )
    parser.add_argument(
        "--input",
        type=Path,
        help="Hindi sentences, one a line (default: FLORES-200 devtest under --data-dir)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the shared data folder (default ../shared/data)",
    )
    parser.add_argument(
        "--tokenizer-dir",
        type=Path,
        default=None,
        help="IndicTrans2 SentencePiece models (default ../shared/tokenizers/indictrans2-indic-en)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        help="sentences for the fast systems (default: all for marian, 64 for nllb-600m)",
    )
    parser.add_argument(
        "--baseline-limit",
        type=int,
        help="sentences for the sentence-by-sentence pipeline (default 96 marian, 8 nllb-600m)",
    )
    parser.add_argument(
        "--new-tokens", type=int, default=32, help="target tokens per sentence, exactly (min = max)"
    )
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help=f"comma-separated subset of {','.join(SYSTEMS)}",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--peers",
        type=Path,
        default=None,
        help="indictrans2: the folder holding IndicTrans2's engine (default ../shared/peers)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="where models are built (default $HINEWS_CACHE or ~/.cache/hinews)",
    )
    parser.add_argument(
        "--no-startup", action="store_true", help="skip timing 'import hinews' and 'hinews --help'"
    )
    parser.add_argument(
        "--suite",
        choices=(*SUITES, "all"),
        default="translate",
        help="translate (the systems above, default), app, cli, brief, summarize, or all",
    )
    parser.add_argument(
        "--clients", type=int, default=20, help="app suite: concurrent clients (default 20)"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="cli suite: runs per command (median; default 5)"
    )
    parser.add_argument(
        "--article",
        type=Path,
        help="cli suite: the article (default: the shared seed article, and its first "
        "5 sentences as the short one)",
    )
    parser.add_argument(
        "--docs", type=int, default=40, help="brief suite: NTREX-128 documents for hinews"
    )
    parser.add_argument(
        "--check",
        type=int,
        default=2,
        help="summarize suite: articles whose float32 token ids are compared with "
        "transformers generate (default 2; 0 skips)",
    )
    parser.add_argument(
        "--baseline-docs",
        type=int,
        default=3,
        help="brief suite: documents for the sentence-by-sentence loop (default 3)",
    )


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``bench`` to the hinews CLI (``func`` returns the exit code)."""
    parser = subparsers.add_parser(
        "bench",
        help="benchmark translation speed against the usual ways",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    parser.set_defaults(func=run_from_args)
    return parser


def run_cli(args: argparse.Namespace, cache: Path, env: dict[str, str]) -> dict[str, Any]:
    """The cli suite on the benchmark's model (see :mod:`hinews.bench.cli_suite`)."""
    from hinews.bench.cli_suite import run_cli_suite

    model = child.ensure_model(
        child.suite_shape(args), cache, child.spm_dir(args, child.suite_shape(args)), env
    )
    article = args.article or child.data_dir(args) / child.SEED
    if not article.is_file():
        raise SystemExit(f"hinews bench: no article at {article}; pass --article FILE")
    child.log(f"cli: cold-process runs of segment / translate / brief, {args.repeat} each")
    with tempfile.TemporaryDirectory(prefix="hinews-bench-cli-") as work:
        return run_cli_suite(
            model,
            article.read_text("utf-8"),
            Path(work),
            env,
            threads=args.threads,
            new_tokens=args.new_tokens,
            repeat=args.repeat,
        )


def run_brief(args: argparse.Namespace, cache: Path, env: dict[str, str]) -> dict[str, Any]:
    """The brief suite: each system in its own process (see :mod:`hinews.bench.brief_suite`)."""
    from hinews.bench import brief_suite

    model = child.ensure_model(
        child.suite_shape(args), cache, child.spm_dir(args, child.suite_shape(args)), env
    )
    folder = child.data_dir(args) / "ntrex128"
    if not (folder / "newstest2019-ref.hin.txt").is_file():
        raise SystemExit(f"hinews bench: NTREX-128 not found in {folder}; pass --data-dir")
    docs = brief_suite.ntrex_documents(folder)
    systems: dict[str, dict[str, Any]] = {}
    runs = [("hinews-ct2", args.docs), ("by-hand", args.baseline_docs)]
    if SHAPES[child.suite_shape(args)].kind == "indictrans2":  # no transformers class to loop with
        runs = runs[:1]
    for system, n in runs:
        child.log(f"brief: {system} on {min(n, len(docs))} documents, {args.threads} threads")
        spec = {
            "system": system,
            "model": str(model),
            "docs": docs[:n],
            "new_tokens": args.new_tokens,
            "batch_size": args.batch_size,
            "threads": args.threads,
        }
        systems[system] = child.run_child(spec, env, "hinews.bench.brief_suite")
        child.log(f"  {systems[system]['docs_per_s']:.3f} documents/s")
    r = brief_suite.brief_ratios(systems)
    return {
        "threads": args.threads,
        "new_tokens": args.new_tokens,
        "systems": systems,
        "ratios": r,
        "goals": brief_suite.goals(r),
    }


def run_app(args: argparse.Namespace, cache: Path, env: dict[str, str]) -> dict[str, Any]:
    """The app suite (see :mod:`hinews.bench.app_suite`)."""
    from hinews.bench.app_suite import articles, run_app_suite
    from hinews.bench.cli_suite import write_config

    model = child.ensure_model(
        child.suite_shape(args), cache, child.spm_dir(args, child.suite_shape(args)), env
    )
    texts = articles(child.read_sentences(args), args.clients)
    with tempfile.TemporaryDirectory(prefix="hinews-bench-app-") as work:
        config = write_config(Path(work) / "serve.yaml", model, args.threads, args.new_tokens)
        return run_app_suite(config, texts, env, clients=args.clients, log=child.log)


def run_from_args(args: argparse.Namespace) -> int:
    check_systems(args.systems)
    cache = (args.cache or Path(os.environ.get("HINEWS_CACHE") or "~/.cache/hinews")).expanduser()
    env = child.child_env(args.threads, cache.resolve())
    if args.suite != "translate":
        return _run_suites(args, cache.resolve(), env)
    sentences = child.read_sentences(args)
    shapes = ["marian", "nllb-600m"] if args.model == "all" else [args.model]
    results = [bench_shape(shape, sentences, args, cache.resolve(), env) for shape in shapes]
    startup = None if args.no_startup else startup_costs(env)
    if args.format == "json":
        doc: dict[str, Any] = dict(results[0])
        if len(results) > 1:
            doc["models"] = {r["model"]: r for r in results}
        doc["startup"] = startup
        print(json.dumps(doc, indent=2))
        return 0
    for result in results:
        print(render_shape(result))
        print()
    if startup:
        print(
            f"startup: import hinews {fmt(startup['import_hinews_s'], '.3f')} s (beyond a bare "
            f"python, {startup['python_s']:.3f} s); hinews --help "
            f"{fmt(startup['hinews_help_s'], '.3f')} s"
        )
    return 0


def _run_suites(args: argparse.Namespace, cache: Path, env: dict[str, str]) -> int:
    """``--suite app|cli|brief|all``: each suite's table (or one JSON document)."""
    from hinews.bench.app_suite import render_app
    from hinews.bench.brief_suite import render_brief
    from hinews.bench.cli_suite import render_cli
    from hinews.bench.summarize_suite import render as render_summarize
    from hinews.bench.summarize_suite import run_summarize

    names = list(SUITES) if args.suite == "all" else [args.suite]
    docs: dict[str, dict[str, Any]] = {}
    for name in names:
        if name == "translate":
            shapes = ["marian", "nllb-600m"] if args.model == "all" else [args.model]
            sentences = child.read_sentences(args)
            results = [bench_shape(shape, sentences, args, cache, env) for shape in shapes]
            docs[name] = dict(results[0])
            if len(results) > 1:
                docs[name]["models"] = {r["model"]: r for r in results}
        elif name == "summarize":
            docs[name] = run_summarize(args, cache, env, child.log)
        else:
            docs[name] = {"app": run_app, "cli": run_cli, "brief": run_brief}[name](
                args, cache, env
            )
        if args.format == "table":
            render = {
                "app": render_app,
                "cli": render_cli,
                "brief": render_brief,
                "summarize": render_summarize,
            }.get(name)
            if render is None:
                for result in docs[name].get("models", {docs[name]["model"]: docs[name]}).values():
                    print(render_shape(result))
            else:
                print(render(docs[name]))
            print(flush=True)
    rows = summary(docs)
    if args.format == "json":
        out = docs[names[0]] if len(names) == 1 else {"suites": docs, "summary": rows}
        print(json.dumps(out, indent=2))
    elif len(names) > 1:
        print(render_summary(rows))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hinews.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return run_from_args(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
