"""``hinews digest``: many reports in, one English brief per story out.

Cheap to import: the models, scikit-learn, datasketch and feedparser load when it runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hinews.config import BACKENDS, SOURCE_STRATEGIES
from hinews.flags import add_support_options

EPILOG = """\
examples:
  hinews digest reports/                          a folder of .txt/.html/.jsonl/feed files
  hinews digest --preset fast -o today.html --format html reports/
  hinews digest day.jsonl --format json           records: text, id, title, source, url, published
  hinews digest feed1.xml feed2.atom              RSS/Atom feed files
  hinews digest --fetch https://example.com/rss   a feed URL (public http(s) only, capped)
  hinews digest --state stories.json reports/     keep story ids stable across hourly runs
  hinews digest --state stories.json --since-last reports/
                                                  only stories with new reports or moved numbers
  hinews digest --story-threshold 0.7 reports/    stricter stories (default 0.825)
  hinews digest --summarizer xlsum reports/       first bullets by mT5 XL-Sum (reads Hindi)
  hinews digest --stories-only day.jsonl          stories in seconds, no model (tune thresholds)
  hinews digest --workers 2 day.jsonl             clean on 2 processes (default: all cores)
  hinews digest day.jsonl --ray                   clean, translate and brief on a local Ray cluster
  hinews digest --ray auto --workers 8 day.jsonl  ... on the running cluster (ray start --head)
"""


def register(subparsers: Any) -> None:
    """Add ``hinews digest`` to the CLI's subcommands."""
    p = subparsers.add_parser(
        "digest",
        help="group many reports into stories with one English brief each",
        description="Read Hindi reports from many outlets, mark syndicated copies, group "
        "reports of one event into stories, and write one English brief of three bullets "
        "per story (only headlines and the chosen sentences are translated). Bad or "
        "non-Hindi reports are listed as skipped with their reason; the rest go on.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "inputs",
        nargs="*",  # "+" in effect (checked in run): "--ray day.jsonl" takes the first
        metavar="INPUT",
        help="files (.txt, .html, .jsonl, .xml/.rss/.atom feeds), folders, or feed URLs "
        "with --fetch",
    )
    p.add_argument(
        "--format",
        choices=("markdown", "html", "json"),
        default="markdown",
        help="markdown (default), html (one self-contained page) or json (Digest.to_dict())",
    )
    p.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    p.add_argument("--state", type=Path, help="a JSON file keeping story ids stable across runs")
    p.add_argument(
        "--since-last",
        action="store_true",
        help="with --state: print only the stories with reports or numbers the last run "
        "did not see",
    )
    p.add_argument("--fetch", action="store_true", help="download URL inputs (feeds or pages)")
    p.add_argument(
        "--story-threshold",
        type=float,
        default=None,
        help="cosine distance under which reports are one story (default 0.825; lower: stricter)",
    )
    p.add_argument(
        "--duplicate-threshold",
        type=float,
        default=None,
        help="shingle Jaccard similarity from which a report is a copy (default 0.5)",
    )
    p.add_argument(
        "--linkage",
        choices=("average", "complete"),
        default=None,
        help="how clusters of reports merge (default average; single linkage is not offered)",
    )
    p.add_argument(
        "--grouping",
        choices=("sparse", "exact"),
        default="sparse",
        help="sparse (default: near-linear, top-k neighbours) or exact (dense n×n matrix, "
        "about 8,000 reports at most)",
    )
    p.add_argument(
        "--stories-only",
        action="store_true",
        help="copies and stories only, no model loaded: ids, Hindi headlines, outlets",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes that clean and segment the reports (default: all cores)",
    )
    p.add_argument(
        "--ray",
        nargs="?",
        const="local",
        default=None,
        metavar="ADDRESS",
        help="clean, translate and brief on Ray Data (needs hinews[ray]): alone, a local "
        "cluster; with auto, HOST:PORT or ray://HOST:PORT, that cluster (--workers: Ray "
        "workers); grouping stays here, the digest is the same",
    )
    p.add_argument("--no-clean", action="store_true", help="skip boilerplate removal")
    p.add_argument(
        "--force", action="store_true", help="let short, mixed or non-Hindi reports through"
    )
    g = p.add_argument_group("models")
    g.add_argument("--config", help="a YAML pipeline config file")
    g.add_argument("--preset", help="a shipped preset: default, fast, best, cheap, nllb, instruct")
    g.add_argument("--translator", metavar="NAME|DIR", help="preset, model alias, hub id or dir")
    g.add_argument("--backend", choices=BACKENDS)
    g.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"))
    g.add_argument("--batch-size", type=int, help="most sentences per model batch")
    g.add_argument("--beams", dest="num_beams", type=int, help="beam size (1 = greedy)")
    g.add_argument(
        "--summarizer",
        metavar="NAME|DIR",
        help="extractive (default: chosen across the story's reports) or a summariser that "
        "reads Hindi (xlsum, crosssum, or a folder with --summarizer-strategy): it writes "
        "the first bullets from the story's lead report",
    )
    g.add_argument(
        "--summarizer-strategy",
        choices=SOURCE_STRATEGIES,
        help="how a --summarizer folder runs: source (writes Hindi) or crosslingual (English)",
    )
    g.add_argument(
        "--summarizer-backend",
        choices=BACKENDS,
        help="how the --summarizer model runs: auto (CTranslate2 for mT5, converted once), "
        "transformers or ctranslate2",
    )
    add_support_options(g)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the digest and write it. Exit code 0 (skipped reports are listed, not errors),
    or 2 when every input was skipped."""
    from hinews.cli import _Output
    from hinews.digests import digest
    from hinews.digests.parallel import check_workers
    from hinews.pipeline import Pipeline

    check_workers(args.workers)  # before reading anything
    if args.ray is not None and not _is_address(args.ray):
        # "--ray day.jsonl": argparse gave the first input to --ray
        args.inputs, args.ray = [args.ray, *args.inputs], "local"
    if not args.inputs:
        from hinews.errors import InputError

        raise InputError("give at least one INPUT (a file, folder or feed URL) to digest")

    pipe = Pipeline.from_options(
        translator=args.translator,
        summarizer=args.summarizer,
        summarizer_strategy=args.summarizer_strategy,
        config=args.config,
        preset=args.preset,
        backend=args.backend,
        summarizer_backend=args.summarizer_backend,
        support_threshold=args.support_threshold,
        drop_unsupported=args.drop_unsupported,
        device=args.device,
        batch_size=args.batch_size,
        num_beams=args.num_beams,
    )
    strategy = pipe.config.summarizer.strategy
    if args.summarizer and strategy not in ("extractive", *SOURCE_STRATEGIES):
        from hinews.errors import ConfigError

        raise ConfigError(
            f"--summarizer {args.summarizer} runs strategy {strategy!r}, which reads English: "
            "a digest chooses its bullets in Hindi before translating them, so --summarizer "
            "takes extractive or a summariser that reads Hindi (xlsum, crosssum, or a folder "
            "with --summarizer-strategy source or crosslingual)"
        )
    if args.since_last and args.state is None:
        from hinews.errors import ConfigError

        raise ConfigError(
            "--since-last compares against the last run's state: give --state FILE too "
            "(e.g. hinews digest --state stories.json --since-last reports/)"
        )
    with _Output(args.output) as out:
        result = digest(
            args.inputs,
            pipeline=pipe,
            story_threshold=args.story_threshold,
            duplicate_threshold=args.duplicate_threshold,
            linkage=args.linkage,
            state=args.state,
            fetch=args.fetch,
            clean=False if args.no_clean else None,
            force=args.force,
            progress=True,
            stories_only=args.stories_only,
            workers=args.workers,
            method=args.grouping,
            ray=args.ray,
        )
        from hinews.errors import InputError

        if not result.stories and result.skipped:  # nothing readable: an error, no output
            reasons = "; ".join(
                s.reason if s.reason.startswith(s.file or s.id) else f"{s.file or s.id}: {s.reason}"
                for s in result.skipped[:3]
            )
            more = len(result.skipped) - 3
            tail = f" (and {more} more)" if more > 0 else ""
            raise InputError(f"no report to digest. {reasons}{tail}")
        if args.since_last:
            from hinews.digests.changes import since_last

            result = since_last(result)
        if args.format == "json":
            import json

            out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        elif args.format == "html":
            out.write(result.to_html())
        else:
            out.write(result.to_markdown())
        out.succeeded = True
    from hinews.digests.render import counted

    stories = counted(len(result.stories), "story", "stories")
    reports = counted(result.articles, "report", "reports")
    copies = counted(result.duplicates, "copy", "copies")
    print(
        f"hinews: {stories} from {reports} ({copies}), {len(result.skipped)} skipped",
        file=sys.stderr,
    )
    return 0 if result.stories or not result.skipped else 2  # nothing readable at all: 2


def _is_address(value: str) -> bool:
    """A Ray address (``local``, ``auto``, ``HOST:PORT``, ``ray://...``), not an input."""
    import re

    if value in ("local", "auto") or value.startswith("ray://"):
        return True
    return re.fullmatch(r"[^/\\\s:]+:\d+", value) is not None and not Path(value).exists()
