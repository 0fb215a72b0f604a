"""The ``hinews eval`` and ``hinews score`` subcommands.

``register(subparsers)`` adds both to the main parser; handlers return an exit code and
raise :class:`~hinews.errors.HinewsError` for the main CLI to report.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hinews.errors import ConfigError, did_you_mean
from hinews.evaluation.score import DEFAULT_METRICS as DEFAULT_SCORE_METRICS

EVAL_DESCRIPTION = """\
Evaluate translators or brief writers against references, with baselines, 95% confidence
intervals, paired tests and plots."""

EVAL_EPILOG = """\
The first argument is a task file or a mode:

  hinews eval eval/flores200-hin-eng.yaml --out runs/flores --limit 100
  hinews eval eval/flores200-hin-eng.yaml --system translator=fast \\
      --system translator=best --out runs/cmp
  hinews eval eval/flores200-hin-eng.yaml --system name=mine,hyp=my.txt --out runs/mine
  hinews eval eval/xlsum-hindi.yaml --data xlsum-hindi-test.jsonl --system xlsum \\
      --system extractive --out runs/xlsum
  hinews eval translation --src hin.txt --ref eng.txt [--ref eng2.txt] \\
      --translator fast --out runs/t
  hinews eval translation --src hin.txt --ref eng.txt --hyp output.txt --out runs/t
  hinews eval brief --data articles.jsonl --summarizer extractive --translator fast \\
      --out runs/b
  hinews eval brief --data briefs.jsonl --hyp my-briefs.jsonl --out runs/b

--system is either the name of a system in the task file or KEY=VALUE[,KEY=VALUE...] with
keys name, translator, summarizer, config, hyp, anchor (true: the summariser model alone,
as its card scores it); given once or more it replaces the task's systems. --data FILE
with a task file reads a local JSONL/CSV/TSV copy of the task's data (same columns), e.g.
a hub dataset saved where the hub cannot be reached.

OUT receives config.json, versions.json, examples/<system>.jsonl, metrics.json, report.md
and plots/. Rerun the same command after an interruption to continue; a finished run is not
recomputed. --batch-size may change between sessions; a new --bootstrap or --seed recomputes
only metrics.json and report.md from the saved examples. Another data set, limit, metric or
system in the same OUT is an error that names the differing fields (use a new --out).
Task data paths are relative to --data-dir (default: $HINEWS_DATA_DIR; the docs' Evaluation
page says where to get each task's data).
"""

SCORE_EPILOG = """\
examples:
  hinews score --hyp output.txt --ref ref.txt
  hinews score --hyp output.txt --ref ref1.txt --ref ref2.txt --metrics bleu,chrf++ \\
      --format json
  hinews score --hyp hi-summaries.txt --ref hi-refs.txt --metrics rouge --lang hi

Files are UTF-8, one segment per line, line-aligned; empty lines at the very end of a file
are ignored (blank lines inside count as segments).

JSON output (--format json): one key per score, as F-measure or score x 100 with exact
floats: bleu, chrf, chrf++, rouge1, rouge2, rougeL, rougeLsum, bertscore, comet (those of
the chosen metrics); "signatures": an object mapping each metric (bleu, chrf++, rouge...) to
its sacrebleu-style signature; "signature": those signatures as one string joined with
" + ". The text output shows each score with 2 decimals and its signature.
"""

MODES = ("translation", "brief")


def _metric_list() -> str:
    from hinews.evaluation.metrics import metric_names

    return ", ".join(metric_names())


_SYSTEM_KEYS = ("name", "translator", "summarizer", "config", "hyp", "anchor")


def register(subparsers: Any) -> None:
    """Add ``eval`` and ``score`` to the main parser's subparsers."""
    ev = subparsers.add_parser(
        "eval",
        help="evaluate systems and baselines on a task; write a report",
        description=EVAL_DESCRIPTION,
        epilog=EVAL_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("target", metavar="TASK.yaml|translation|brief", help="task file or mode")
    ev.add_argument("--out", required=True, metavar="DIR", help="run directory (resumable)")
    ev.add_argument("--limit", type=int, metavar="N", help="only the first N examples")
    ev.add_argument("--data-dir", metavar="DIR", help="folder for task data paths")
    ev.add_argument(
        "--metrics",
        metavar="M,M",
        help=f"metrics, comma-separated; valid: {_metric_list()} (default: the task's, else "
        "bleu,chrf++ for translation, rouge for briefs)",
    )
    ev.add_argument("--no-baselines", action="store_true", help="skip the baselines")
    ev.add_argument(
        "--bootstrap",
        type=int,
        metavar="N",
        help="bootstrap resamples (1000); changing it recomputes only metrics and report",
    )
    ev.add_argument("--seed", type=int, help="bootstrap seed (12345)")
    ev.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help="examples per batch and flush (the task's, else 16); may change on resume",
    )
    ev.add_argument("--no-progress", action="store_true", help="no progress bar")
    task = ev.add_argument_group("task file")
    task.add_argument(
        "--system",
        action="append",
        metavar="SPEC",
        help="a system of the task by name, or KEY=VALUE,... (repeatable)",
    )
    both = ev.add_argument_group("translation and brief modes")
    both.add_argument("--translator", metavar="NAME|DIR", help="translator preset or model dir")
    both.add_argument("--hyp", metavar="FILE", help="file of hypotheses to score")
    both.add_argument("--name", help="system name in the report")
    tr = ev.add_argument_group("translation mode")
    tr.add_argument("--src", metavar="FILE", help="source sentences, one per line")
    tr.add_argument("--ref", action="append", metavar="FILE", help="reference (repeatable)")
    br = ev.add_argument_group("brief mode")
    br.add_argument(
        "--data",
        metavar="FILE",
        help="JSONL/CSV/TSV of articles and references; with a task file, a local copy of "
        "the task's data with the same columns (instead of its files or hub dataset)",
    )
    br.add_argument("--source-column", default=None, help="article column (text)")
    br.add_argument("--ref-column", action="append", help="reference column(s) (summary)")
    br.add_argument("--summarizer", help="summarizer: extractive, lead, a preset or dir")
    br.add_argument("--lang", choices=("en", "hi"), help="reference language (en)")
    br.add_argument("--source-lang", choices=("en", "hi"), help="article language (hi)")
    ev.set_defaults(func=run_eval)

    sc = subparsers.add_parser(
        "score",
        help="score existing outputs (BLEU, chrF++, ROUGE)",
        description="Score a file of hypotheses against one or more reference files.",
        epilog=SCORE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sc.add_argument("--hyp", required=True, metavar="FILE", help="hypotheses, one per line")
    sc.add_argument(
        "--ref",
        required=True,
        action="append",
        metavar="FILE",
        help="references, line-aligned with --hyp; repeat --ref for several references",
    )
    sc.add_argument(
        "--metrics",
        default=",".join(DEFAULT_SCORE_METRICS),
        metavar="M,M",
        help=f"comma-separated metrics; valid: {_metric_list()} (default: "
        f"{','.join(DEFAULT_SCORE_METRICS)})",
    )
    sc.add_argument(
        "--lang",
        choices=("en", "hi"),
        help="reference language, for ROUGE's tokenizer (default: hi when the references "
        "hold Devanagari, else en)",
    )
    sc.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (text)"
    )
    sc.set_defaults(func=run_score)


def run_score(args: argparse.Namespace) -> int:
    """Handler of ``hinews score``."""
    from hinews.evaluation.score import format_scores, score_files

    metrics = _split(args.metrics)
    scores = score_files(args.hyp, args.ref, metrics=metrics, lang=args.lang)
    print(format_scores(scores, args.format))
    return 0


def _split(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").split(",") if x.strip()]


def _forbid(args: argparse.Namespace, mode: str, names: list[str]) -> None:
    given = [f"--{n.replace('_', '-')}" for n in names if getattr(args, n) not in (None, False)]
    if given:
        raise ConfigError(f"{', '.join(given)} cannot be used with `hinews eval {mode}`.")


def parse_system_spec(spec: str) -> Any:
    """``KEY=VALUE[,KEY=VALUE]`` as a SystemConfig (name defaults from the other values)."""
    from hinews.evaluation.schema import load_dataclass
    from hinews.evaluation.tasks import SystemConfig

    values: dict[str, Any] = {}
    for part in spec.split(","):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or not value.strip():
            raise ConfigError(
                f"--system {spec!r}: {part!r} is not KEY=VALUE (keys: {', '.join(_SYSTEM_KEYS)})."
            )
        if key not in _SYSTEM_KEYS:
            raise ConfigError(
                f"--system {spec!r}: unknown key {key!r}; valid: {', '.join(_SYSTEM_KEYS)}."
                f"{did_you_mean(key, _SYSTEM_KEYS)}"
            )
        values[key] = value.strip()
    if "anchor" in values:
        flag = str(values["anchor"]).lower()
        if flag not in ("true", "false"):
            raise ConfigError(f"--system {spec!r}: anchor must be true or false, got {flag!r}.")
        values["anchor"] = flag == "true"
    if "name" not in values:
        base = values.get("hyp") and Path(values["hyp"]).stem
        values["name"] = (
            str(base)
            if base
            else _system_name(
                [values[k] for k in ("translator", "summarizer", "config") if k in values]
            )
        )
    return load_dataclass(SystemConfig, values, where=f"--system {spec!r}")


def _task_from_yaml(args: argparse.Namespace) -> tuple[Any, Path]:
    from hinews.evaluation.tasks import load_task

    _forbid(
        args,
        "TASK.yaml",
        [
            "translator",
            "hyp",
            "name",
            "src",
            "ref",
            "source_column",
            "ref_column",
            "summarizer",
            "lang",
            "source_lang",
        ],
    )
    path = Path(args.target)
    task = load_task(path)
    if args.data:
        from hinews.evaluation.fileio import table_format
        from hinews.evaluation.tasks import ColumnsConfig, DataConfig

        # A local copy of the task's data (a hub dataset saved as JSONL...): same columns.
        task.data = DataConfig(
            format=table_format(args.data),
            path=str(Path(args.data).resolve()),
            columns=task.data.columns or ColumnsConfig(),
        )
    if args.system:
        chosen = []
        by_name = {s.name: s for s in task.systems}
        for spec in args.system:
            if "=" in spec:
                chosen.append(parse_system_spec(spec))
            elif spec in by_name:
                chosen.append(by_name[spec])
            else:
                names = ", ".join(by_name) or "none"
                raise ConfigError(
                    f"--system {spec!r} is not a system of {str(path)!r} (systems: {names})."
                    f"{did_you_mean(spec, by_name)} To define one, write KEY=VALUE pairs, e.g. "
                    "--system translator=fast or --system name=mine,hyp=out.txt."
                )
        task.systems = chosen
    return task, path


def _mode_system(args: argparse.Namespace, kind: str) -> Any:
    from hinews.evaluation.tasks import SystemConfig

    model = args.translator or (args.summarizer if kind == "brief" else None)
    if bool(model) == bool(args.hyp):
        what = "--translator" if kind == "translation" else "--summarizer/--translator"
        raise ConfigError(f"`hinews eval {kind}` needs either {what} or --hyp FILE (not both).")
    if args.hyp:
        name = args.name or Path(args.hyp).stem
        return SystemConfig(name=name, hyp=str(Path(args.hyp).resolve()))
    name = args.name or _system_name([x for x in (args.translator, args.summarizer) if x])
    return SystemConfig(
        name=name,
        translator=args.translator,
        summarizer=args.summarizer if kind == "brief" else None,
    )


def _task_from_mode(args: argparse.Namespace) -> Any:
    from hinews.evaluation.fileio import table_format
    from hinews.evaluation.tasks import ColumnsConfig, DataConfig, TaskConfig

    if args.target == "translation":
        _forbid(
            args,
            "translation",
            [
                "system",
                "data",
                "source_column",
                "ref_column",
                "summarizer",
                "lang",
                "source_lang",
                "data_dir",
            ],
        )
        if not args.src or not args.ref:
            raise ConfigError("`hinews eval translation` needs --src FILE and --ref FILE.")
        data = DataConfig(
            format="text",
            source=str(Path(args.src).resolve()),
            references=[str(Path(r).resolve()) for r in args.ref],
        )
        return TaskConfig(
            name="translation",
            kind="translation",
            data=data,
            systems=[_mode_system(args, "translation")],
        )
    _forbid(args, "brief", ["system", "src", "ref", "data_dir"])
    if not args.data:
        raise ConfigError("`hinews eval brief` needs --data FILE (JSONL, CSV or TSV).")
    columns = ColumnsConfig(
        source=args.source_column or "text", references=args.ref_column or ["summary"]
    )
    data = DataConfig(
        format=table_format(args.data), path=str(Path(args.data).resolve()), columns=columns
    )
    return TaskConfig(
        name="brief",
        kind="brief",
        data=data,
        source_lang=args.source_lang or "hi",
        target_lang=args.lang or "en",
        systems=[_mode_system(args, "brief")],
    )


def build_task(args: argparse.Namespace) -> tuple[Any, Path | None]:
    """The task an ``eval`` command line describes, and its file (None for modes)."""
    target = args.target
    if target in MODES:
        task, path = _task_from_mode(args), None
    elif target.endswith((".yaml", ".yml")) or Path(target).is_file():
        task, path = _task_from_yaml(args)
    else:
        raise ConfigError(
            f"{target!r} is neither a task file nor a mode; give a .yaml task file or one of "
            f"{', '.join(MODES)}.{did_you_mean(target, MODES)}"
        )
    if args.metrics:
        task.metrics = _split(args.metrics)
    if args.bootstrap is not None:
        task.bootstrap.samples = args.bootstrap
    if args.seed is not None:
        task.bootstrap.seed = args.seed
    if args.batch_size is not None:
        task.batch_size = args.batch_size
    return task, path


def run_eval(args: argparse.Namespace) -> int:
    """Handler of ``hinews eval``."""
    from hinews.evaluation.metrics import DISPLAY
    from hinews.evaluation.runner import run_task

    task, path = build_task(args)
    data_dir = args.data_dir if path is not None and not args.data else "."
    result = run_task(
        task,
        args.out,
        data_dir=data_dir,
        task_path=path,
        limit=args.limit,
        baselines=not args.no_baselines,
        progress=not args.no_progress,
    )
    metrics = result.metrics
    keys = metrics["keys"]
    width = max(len(n) for n in metrics["systems"]) + 2
    print(f"{'system':<{width}}" + "".join(f"{DISPLAY.get(k, k):>24}" for k in keys))
    for name, entry in metrics["systems"].items():
        cells = []
        for k in keys:
            s = entry["scores"][k]
            cells.append(f"{s['score']:>8.2f} [{s['ci_low']:.2f}, {s['ci_high']:.2f}]".rjust(24))
        print(f"{name:<{width}}" + "".join(cells))
    print(f"report: {Path(args.out) / 'report.md'}")
    return 0


def _system_name(parts: list[str]) -> str:
    """A readable system name: a model directory by its folder name, hub ids with ``_``.

    Names never start with ``_`` or ``.`` (matplotlib hides legend labels starting with ``_``).
    """
    names = [Path(p).name if Path(p).expanduser().is_dir() else p.replace("/", "_") for p in parts]
    return "+".join(names).lstrip("._") or "system"
