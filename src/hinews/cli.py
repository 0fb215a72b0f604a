"""The ``hinews`` command line: a thin shell over the Python API.

Domain errors become a one-line message and an exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hinews._version import __version__
from hinews.config import BACKENDS
from hinews.errors import ConfigError, HinewsError, InputError, did_you_mean
from hinews.flags import add_support_options, as_flags, install_cli_logging
from hinews.jsonl import dumps_line

EXAMPLES = """\
examples:
  hinews brief article.txt                        three-bullet brief (default preset)
  hinews brief --translator opus-mt page.html     a saved web page, the fast model
  hinews translate --format json article.txt      aligned sentences + provenance as JSON
  cat article.txt | hinews brief -                read standard input
  hinews brief --order summarize-first a.txt      translate only the 3 chosen sentences
  hinews brief --summarizer xlsum a.txt           brief by mT5 XL-Sum reading the Hindi
  hinews brief --summarizer ./mt5 --summarizer-strategy crosslingual a.txt   a local model
  hinews translate --translator ./my-model a.txt  a local model directory
  hinews translate archive.jsonl > out.jsonl      one JSON object per {"text": ...} line
  hinews batch archive.jsonl --output out/        resumable archive run (or --engine ray)
  hinews segment article.txt                      cleaned sentences, no model needed
  hinews segment --format json page.html          title + sentences of a saved page
  hinews segment --show-dropped page.html         also list each removed line and its rule
  hinews translate --source-lang auto marathi.txt  IndicTrans2 given the detected language
  hinews translate --glossary desk.tsv --enforce-glossary a.txt     terms rendered one way
  hinews brief --confidence-threshold 0.6 a.txt   flag sentences the model is less sure of
  hinews models                                   presets, models, licences, cache status
  hinews download indictrans2                     fetch a model ahead of time
"""


def _examples_for(command: str) -> str:
    """The lines of EXAMPLES that use ``command``."""
    lines = [line for line in EXAMPLES.splitlines()[1:] if f"hinews {command} " in line]
    return "examples:\n" + "\n".join(lines) + "\n"


# Optional command groups: (module, register function). Each registers its subcommands;
# the modules must be cheap to import (heavy imports inside their handlers).
_EXTENSIONS = [
    ("hinews.evaluation.cli", "register"),
    ("hinews.webapp.cli", "register"),
    ("hinews.bench", "register"),
    ("hinews.digests.cli", "register"),
    ("hinews.batch.cli", "register"),
]


# Commands defined here: running one of them needs none of the optional groups.
_CORE_COMMANDS = frozenset({"translate", "brief", "segment", "download", "models"})


def build_parser(*, extensions: bool = True) -> argparse.ArgumentParser:
    """The argument parser with every subcommand (``extensions=False``: the core ones only,
    without importing the optional command groups)."""
    parser = argparse.ArgumentParser(
        prog="hinews",
        description="Clean, translate and brief Hindi news articles.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"hinews {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for name, help_text, handler in (
        ("translate", "translate articles into English", _cmd_translate),
        ("brief", "translate and write a three-bullet English brief", _cmd_brief),
        ("segment", "clean and split into sentences (no model)", _cmd_segment),
    ):
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text[0].upper() + help_text[1:] + ".",
            epilog=_examples_for(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "inputs",
            nargs="*",
            metavar="FILE",
            help="text, .html or .jsonl files ('-' or nothing: standard input)",
        )
        _input_options(p)
        if name != "segment":
            _model_options(p, brief=(name == "brief"))
        else:
            p.add_argument(
                "--show-dropped",
                action="store_true",
                help="also list every line cleaning removed and the rule that removed it "
                '(JSON: "dropped": [{"text", "rule"}])',
            )
        p.set_defaults(func=handler)

    p = sub.add_parser(
        "download",
        help="download a model into the Hugging Face cache",
        description="Download models ahead of first use (progress bar).",
        epilog="Only what a model needs is fetched: one weights format (safetensors, else\n"
        ".bin), the config and tokenizer files, never *.py. Aliases ask for the revision\n"
        "hinews pins (see 'hinews models').\n\nexamples:\n  hinews download opus-mt\n"
        "  hinews download indictrans2 --dry-run     list the files and bytes, fetch nothing\n"
        "  hinews download facebook/nllb-200-distilled-600M --revision main",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("names", nargs="+", metavar="NAME", help="alias (see 'hinews models') or hub id")
    p.add_argument("--revision", help="branch, tag or commit (default: the alias's pin, or main)")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="list the files and bytes a download would fetch (asks the hub; fetches nothing)",
    )
    p.set_defaults(func=_cmd_download)

    p = sub.add_parser(
        "models",
        help="list presets and models with licences and cache status",
        description="List pipeline presets and known models.",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_models)

    for module, function in _EXTENSIONS if extensions else ():
        try:
            register = getattr(importlib.import_module(module), function)
        except ModuleNotFoundError as exc:
            if not exc.name or not (module == exc.name or module.startswith(exc.name + ".")):
                raise
            continue  # an optional part that is not in this install
        register(sub)
    return parser


def _input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text; .jsonl input always gives JSONL)",
    )
    p.add_argument(
        "--no-clean",
        action="store_true",
        help="skip boilerplate removal (title detection, bylines, captions...)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="let short or mixed-language text through the input checks",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        default=None,
        help="refuse longer inputs (default: 100000 characters)",
    )
    p.add_argument("-o", "--output", type=Path, help="write here instead of standard output")


def _model_options(p: argparse.ArgumentParser, *, brief: bool) -> None:
    g = p.add_argument_group("models")
    g.add_argument("--config", help="a YAML pipeline config file")
    g.add_argument("--preset", help="a shipped preset: default, fast, best, cheap, nllb, instruct")
    g.add_argument(
        "--translator",
        metavar="NAME|DIR",
        help="preset, model alias (indictrans2, indictrans2-1b, opus-mt, nllb-600m...), hub id "
        "or directory",
    )
    g.add_argument("--backend", choices=BACKENDS)
    g.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"))
    g.add_argument("--batch-size", type=int, help="most sentences per model batch")
    g.add_argument("--beams", dest="num_beams", type=int, help="beam size (1 = greedy)")
    t = p.add_argument_group("trust signals")
    t.add_argument(
        "--source-lang",
        metavar="auto|CODE",
        help="source language: auto (detect; IndicTrans2 and NLLB get its code) or a FLORES-200 "
        "code such as hin_Deva, mar_Deva, npi_Deva (default: Hindi; other languages refused)",
    )
    t.add_argument(
        "--glossary",
        metavar="FILE",
        help="TSV or CSV of 'Hindi term, English rendering': flag sentences that miss one",
    )
    t.add_argument(
        "--enforce-glossary",
        action="store_true",
        default=None,
        help="protect glossary terms through translation (still flagged if lost)",
    )
    t.add_argument(
        "--confidence-threshold",
        type=float,
        metavar="P",
        help="flag sentences whose model confidence is below P (0-1, default 0.5)",
    )
    if brief:
        from hinews.config import MODEL_STRATEGIES

        g.add_argument(
            "--summarizer",
            metavar="NAME|DIR",
            help="extractive (default), lead, a model alias (distilbart-cnn, "
            "qwen2.5-1.5b, xlsum, crosssum), hub id or directory",
        )
        g.add_argument(
            "--summarizer-strategy",
            choices=MODEL_STRATEGIES,
            help="how the --summarizer model runs: seq2seq and instruct read the English "
            "translation; source (writes Hindi, e.g. mT5 XL-Sum) and crosslingual (writes "
            "English, e.g. CrossSum) read the Hindi article (default: the alias's, or "
            "guessed from the directory; config key summarizer.strategy)",
        )
        g.add_argument(
            "--summarizer-backend",
            choices=BACKENDS,
            help="how a seq2seq --summarizer runs: auto (default: CTranslate2 for BART, "
            "DistilBART, mT5 XL-Sum/CrossSum, converted once, int8 on CPU; transformers for "
            "others), transformers, or ctranslate2 (config key summarizer.backend)",
        )
        add_support_options(g)
        g.add_argument(
            "--order",
            choices=("translate-first", "summarize-first"),
            help="summarize-first picks 3 Hindi sentences and translates only those",
        )


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    # `hinews translate ...` should not pay for importing eval, app and bench modules.
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(extensions=command not in _CORE_COMMANDS)
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # the subcommand's usage and error when they follow it
        after = command is not None and argv.index(command) < argv.index(unknown[0])
        target = _subparser(parser, command) if after else parser
        target.error(f"unrecognized arguments: {' '.join(unknown)}")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    install_cli_logging()  # the library's notes and warnings, on stderr, in flags
    try:
        return int(args.func(args) or 0)
    except HinewsError as exc:
        print(f"hinews: error: {as_flags(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("hinews: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _subparser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The parser of ``command`` (the main parser when there is none)."""
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return parser


# -- handlers ---------------------------------------------------------------------------------
def _pipeline(args: argparse.Namespace) -> Any:
    from hinews.pipeline import Pipeline

    return Pipeline.from_options(
        translator=getattr(args, "translator", None),
        summarizer=getattr(args, "summarizer", None),
        summarizer_strategy=getattr(args, "summarizer_strategy", None),
        config=getattr(args, "config", None),
        preset=getattr(args, "preset", None),
        backend=getattr(args, "backend", None),
        summarizer_backend=getattr(args, "summarizer_backend", None),
        device=getattr(args, "device", None),
        batch_size=getattr(args, "batch_size", None),
        num_beams=getattr(args, "num_beams", None),
        order=getattr(args, "order", None),
        max_chars=args.max_chars,
        source_lang=getattr(args, "source_lang", None),
        glossary=getattr(args, "glossary", None),
        enforce_glossary=getattr(args, "enforce_glossary", None),
        confidence_threshold=getattr(args, "confidence_threshold", None),
        support_threshold=getattr(args, "support_threshold", None),
        drop_unsupported=getattr(args, "drop_unsupported", None),
    )


def _cmd_segment(args: argparse.Namespace) -> int:
    from hinews.config import PipelineConfig
    from hinews.pipeline import Pipeline

    # The same Pipeline.segment as the API and `hinews batch --task segment`, on the
    # built-in defaults: segmenting needs no preset file and loads no model.
    config = PipelineConfig()
    if args.max_chars is not None:
        config = config.replace(pipeline={"max_chars": args.max_chars})
    pipe = Pipeline(config)
    options = {"clean": not args.no_clean, "force": args.force, "show_dropped": args.show_dropped}
    return _run(args, lambda texts: [pipe.segment(t, **options) for t in texts], note_language=True)


def _preload(pipe: Any) -> None:
    """Load the translator in the background while the input is read and cleaned (most
    of a one-article run is the model load; the pipeline waits for it when it needs it)."""
    import threading

    def load() -> None:
        try:
            _ = pipe.translator
        except Exception:  # the main thread loads again and reports the error itself
            return

    threading.Thread(target=load, name="hinews-preload", daemon=True).start()


def _cmd_translate(args: argparse.Namespace) -> int:
    pipe = _pipeline(args)
    _preload(pipe)
    return _run(
        args,
        lambda texts: pipe.translate_batch(
            texts, clean=not args.no_clean, force=args.force, progress=_show_progress(texts)
        ),
    )


def _cmd_brief(args: argparse.Namespace) -> int:
    pipe = _pipeline(args)
    # The summariser first, so a missing one fails before the translator loads; not beside
    # the translator's preload: two transformers models loading in two threads at once
    # corrupt each other (from_pretrained initialises weights on a shared meta device).
    _ = pipe.summarizer
    _preload(pipe)
    return _run(
        args,
        lambda texts: pipe.brief_batch(
            texts, clean=not args.no_clean, force=args.force, progress=_show_progress(texts)
        ),
    )


def _show_progress(texts: list[str]) -> bool:
    """A sentence progress bar on stderr for one long article in a terminal (a JSON Lines
    input has its own bar, one step a record)."""
    return sys.stderr.isatty() and len(texts) == 1 and len(texts[0]) > 5_000


def _run(
    args: argparse.Namespace,
    process: Callable[[list[str]], list[Any]],
    *,
    note_language: bool = False,
) -> int:
    """Read every input, process, and write in the chosen format.

    With several inputs a bad one is reported (naming it) and the others still run; the
    exit code is then that of the first error. ``-o FILE`` is written to a temporary file
    renamed into place at the end, so a failed run never clobbers an existing file.
    """
    from hinews.text import read_source

    sources = args.inputs or ["-"]
    if sources == ["-"] and sys.stdin.isatty():
        raise InputError(
            "no input: give a file, or pipe text in ('-' reads standard input). "
            "Try: hinews " + args.command + " article.txt"
        )
    with _Output(args.output) as out:
        code = 0
        for n, source in enumerate(sources):
            if source.lower().endswith(".jsonl"):
                code = code or (1 if _jsonl(Path(source), process, out) else 0)
                continue
            try:
                if source.lower().endswith(".json"):
                    raise InputError(
                        f"{source} is a .json file: give one article per .txt or .html file, "
                        'or JSON Lines (.jsonl, one {"text": ...} object a line); for a JSON '
                        f"list of such objects: jq -c '.[]' {source} > articles.jsonl"
                    )
                result = process([read_source(source)])[0]
                if note_language:  # JSON Lines rows carry their language in their line
                    _note_language(result, source)
            except HinewsError as exc:
                if len(sources) == 1:
                    raise
                print(f"hinews: error: {source}: {as_flags(str(exc))}", file=sys.stderr)
                code = code or exc.exit_code
                if args.format == "json":  # one line per input file, bad ones included
                    out.write(dumps_line({"file": source, "error": as_flags(str(exc))}))
                continue
            if args.format == "json":
                if len(sources) > 1:  # one JSON object per line, each naming its file
                    out.write(dumps_line({"file": source, **result.to_dict()}))
                else:
                    out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
                continue
            if len(sources) > 1:
                out.write(("\n" if n else "") + f"==> {source} <==\n")
            out.write(result.to_markdown() if args.format == "markdown" else result.to_text())
        out.succeeded = True  # an exception above leaves an existing -o file untouched
    return code


def _note_language(result: Any, source: str) -> None:
    """Say on stderr when a file reads as another language than Hindi (segmenting it
    works; translating it needs a multilingual model told its language)."""
    language = getattr(result, "language", None)
    if language is not None and language.code != "hin_Deva":
        name = "standard input" if source == "-" else source
        print(
            f"hinews: note: {name} reads as {language.name} ({language.code}, confidence "
            f"{language.confidence:.2f}), not Hindi; to translate it, use --preset default "
            "--source-lang auto (IndicTrans2)",
            file=sys.stderr,
        )


def _jsonl(path: Path, process: Callable[[list[str]], list[Any]], out: _Output) -> int:
    """One output line per record (see :mod:`hinews.batch.stream`); the failures."""
    from hinews.batch.stream import stream_jsonl

    failures, total = stream_jsonl(path, process, out)
    if failures:
        print(
            f"hinews: {failures} of {total} records failed (see their 'error' field)",
            file=sys.stderr,
        )
    return failures


class _Output:
    """Standard output, or a file written via a temporary file renamed on success."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.succeeded = False
        self._tmp: Path | None = None
        self._fh: Any = sys.stdout
        if path is not None:
            folder = path.expanduser().resolve().parent
            if not folder.is_dir():
                raise InputError(f"cannot write {path}: the folder {folder} does not exist")
            if path.is_dir():
                raise InputError(f"cannot write {path}: it is a directory; give a file name")

    def __enter__(self) -> _Output:
        if self.path is not None:
            import tempfile

            fd, name = tempfile.mkstemp(
                dir=self.path.expanduser().resolve().parent,
                prefix=f".{self.path.name}.",
                suffix=".tmp",
            )
            self._tmp = Path(name)
            self._fh = open(fd, "w", encoding="utf-8")  # closed in __exit__
        return self

    def write(self, text: str) -> None:
        self._fh.write(text)

    def flush(self) -> None:
        self._fh.flush()

    def __exit__(self, *exc: object) -> None:
        if self._tmp is None:
            return
        self._fh.close()
        if self.succeeded and exc[0] is None and self.path is not None:
            self._tmp.replace(self.path)
        else:
            self._tmp.unlink(missing_ok=True)


def _cmd_download(args: argparse.Namespace) -> int:
    from hinews.models.hub import cached_snapshot, download, human_bytes, pinned, plan_download
    from hinews.presets import MODELS

    for name in args.names:
        if name not in MODELS and name.count("/") != 1:
            raise ConfigError(
                f"unknown model {name!r}: give an alias ({', '.join(MODELS)}) or a hub id "
                f"such as 'org/model'.{did_you_mean(name, MODELS)}"
            )
        hub_id = MODELS[name].hub_id if name in MODELS else name
        licence = MODELS[name].license if name in MODELS else ""
        note = f" (licence {licence}: non-commercial use only)" if "-NC" in licence else ""
        if args.dry_run:
            plan = plan_download(hub_id, args.revision)
            print(f"{name}: would fetch {plan.describe()}{note}")
            width = max(len(p) for p, _ in plan.files)
            for path, size in plan.files:
                print(f"  {path:<{width}}  {human_bytes(size):>9}  ({size} bytes)")
            if plan.skipped:
                print(f"  left out: {', '.join(plan.skipped)}")
            continue
        pin = pinned(hub_id) if args.revision is None else None
        cached = cached_snapshot(hub_id, args.revision or (pin.revision if pin else None))
        if cached:
            print(f"{name}: already cached at {cached.path} (commit {cached.revision}){note}")
            continue
        files = download(hub_id, args.revision, report=print)
        print(f"{name}: downloaded to {files.path} (commit {files.revision}){note}")
    return 0


def _cmd_models(args: argparse.Namespace) -> int:
    from hinews.models.hub import cached_snapshot
    from hinews.presets import MODELS, load_preset, preset_names

    models = [
        {
            "alias": m.alias,
            "kind": m.kind,
            "hub_id": m.hub_id,
            "size": m.size,
            "license": m.license,
            "note": m.note,
            "revision": m.revision,
            "commit": m.commit,
            "cached": cached_snapshot(m.hub_id) is not None,
        }
        for m in MODELS.values()
    ]
    presets = []
    for name in preset_names():
        cfg = load_preset(name)
        presets.append(
            {
                "name": name,
                "description": cfg.description,
                "translator": cfg.translator.model,
                "backend": cfg.translator.backend,
                "summarizer": cfg.summarizer.model or cfg.summarizer.strategy,
            }
        )
    if args.format == "json":
        print(json.dumps({"presets": presets, "models": models}, indent=2))
        return 0
    print("Presets (--preset NAME, or --translator NAME for its translator):")
    for p in presets:
        print(f"  {p['name']:<10} {p['description']}")
    print("\nModels:")
    width = max(len("licence"), *(len(m.license) for m in MODELS.values())) + 2
    print(f"  {'alias':<15}{'kind':<12}{'size':<22}{'licence':<{width}}{'cached':<8}hub id")
    for m in models:
        print(
            f"  {m['alias']:<15}{m['kind']:<12}{m['size']:<22}{m['license']:<{width}}"
            f"{'yes' if m['cached'] else 'no':<8}{m['hub_id']}"
        )
    restricted = [m.alias for m in MODELS.values() if "-NC" in m.license]
    if restricted:
        print(f"\nNon-commercial licences (-NC): {', '.join(restricted)}; not for commercial use.")
    print("\nA local directory works wherever a name does. 'hinews download NAME' fetches ahead.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
