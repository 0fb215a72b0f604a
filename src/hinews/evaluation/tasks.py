"""Evaluation tasks: YAML files in ``eval/`` that say what data, metrics and systems to use.

A task file maps onto :class:`TaskConfig`; unknown keys and bad values are all reported at
once. Paths inside ``data:`` are relative to the *data directory*, chosen by
:func:`resolve_data_dir`.

Example task (FLORES-200 devtest, Hindi to English)::

    name: flores200-devtest-hin-eng
    kind: translation
    data:
      format: text
      source: flores200-devtest/hin_Deva.devtest
      references: [flores200-devtest/eng_Latn.devtest]
    metrics: [bleu, chrf++]
    baselines: [copy-source]
    systems:
      - {name: fast, translator: fast}
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hinews.errors import ConfigError, DataError, did_you_mean
from hinews.evaluation.schema import load_dataclass, to_plain

KINDS = ("translation", "brief")
AGGREGATIONS = ("mean", "bootstrap-mid")
LEVELS = ("sentence", "document")
FORMATS = ("text", "jsonl", "csv", "tsv", "hf")
BASELINES = {
    "translation": ("copy-source",),
    "brief": ("lead-3", "extractive", "oracle"),
}
DEFAULT_METRICS = {"translation": ["bleu", "chrf++"], "brief": ["rouge"]}
DEFAULT_DATA_DIR = Path("..") / "shared" / "data"


@dataclass
class ColumnsConfig:
    """Which columns of a table or dataset hold what.

    Attributes:
        source: The source text (a Hindi sentence or article).
        references: One column per reference. A list value (bullets) is joined with newlines.
        id: Optional example id column.
        title: Optional title column, prepended to the source as its first line.
    """

    source: str = "text"
    references: list[str] = field(default_factory=lambda: ["summary"])
    id: str | None = None
    title: str | None = None


@dataclass
class DataConfig:
    """Where the examples come from.

    Attributes:
        format: ``text`` (line-aligned files), ``jsonl``/``csv``/``tsv`` (a table with
            ``columns``) or ``hf`` (a Hugging Face dataset with ``columns``).
        source: ``text``: the source file.
        references: ``text``: one file per reference.
        path: ``jsonl``/``csv``/``tsv``: the table file.
        columns: Column mapping for tables and datasets.
        dataset: ``hf``: dataset id, e.g. ``csebuetnlp/xlsum``.
        config: ``hf``: dataset config (``hindi``, ``hin_Deva``...).
        reference_config: ``hf``: a second config holding the references, aligned by row
            (``openlanguagedata/flores_plus``: source ``hin_Deva``, references ``eng_Latn``).
        split: ``hf``: split (``test``, ``devtest``...).
        revision: ``hf``: dataset revision (a commit or tag), for reproducibility.
        documents: ``text``: a file with one document id per line, aligned with the source:
            consecutive lines with the same id form one example (document-level evaluation).
        headline: With ``documents``: the first line of each document is its headline.
        parquet: ``hf``: read the dataset's parquet files instead of running its loading
            script (datasets 4 and later refuse scripts): a glob inside the dataset repo at
            ``revision``, with ``{config}`` and ``{split}`` filled in. The hub's parquet
            conversion (revision ``refs/convert/parquet``) lays files out as
            ``{config}/{split}/*.parquet``.
        mirror: With ``parquet``: a local folder laid out like the dataset repo at that
            revision (relative to the data directory); files are read from it, not the hub.
    """

    format: str = "text"
    source: str | None = None
    references: list[str] = field(default_factory=list)
    path: str | None = None
    columns: ColumnsConfig | None = None
    dataset: str | None = None
    config: str | None = None
    reference_config: str | None = None
    split: str = "test"
    revision: str | None = None
    documents: str | None = None
    headline: bool = False
    parquet: str | None = None
    mirror: str | None = None


@dataclass
class PublishedConfig:
    """Figures an anchor's authors published, to print beside the reproduced ones.

    Attributes:
        source: Where the figures come from (paper table, README section, with its date).
        metric: The metric they are in (``rouge-xlsum``...).
        aggregation: ``bootstrap-mid`` (rouge-score's BootstrapAggregator, as XL-Sum reports)
            or ``mean``.
        scores: Score key (``rouge1``, ``rouge2``, ``rougeL``...) to the published value.
        approximate: The values were read off a plot, not a table.
        note: Anything a reader must know (dataset version, what differs).
    """

    source: str
    scores: dict[str, Any]
    metric: str = "rouge-xlsum"
    aggregation: str = "bootstrap-mid"
    approximate: bool = False
    note: str = ""


@dataclass
class SystemConfig:
    """A system to evaluate: a pipeline config or a file of hypotheses.

    Attributes:
        name: Name in tables and file names.
        translator: Translator preset (``fast``, ``default``, ``best``) or model folder.
        summarizer: Summarizer (``extractive``, ``lead``, a preset or folder).
        config: A hinews pipeline config file.
        hyp: A file of hypotheses (one per line; for briefs also JSONL with ``bullets``).
        options: Further pipeline overrides passed to ``Pipeline.from_options`` (e.g.
            ``summarizer_strategy: source`` for a local mT5 folder).
        anchor: Score the ``summarizer`` model alone, as its model card does: what it
            writes for the article body (title left out), no translation, no extractive
            top-up, no cap on sentences. For published models such as ``xlsum`` and
            ``crosssum`` on their own benchmarks.
    """

    name: str
    translator: str | None = None
    summarizer: str | None = None
    config: str | None = None
    hyp: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    anchor: bool = False
    as_published: bool = False
    published: PublishedConfig | None = None
    published_setup: str | None = None

    def __post_init__(self) -> None:
        if self.as_published:
            self.anchor = True

    @property
    def is_file(self) -> bool:
        """Whether the system is a file of hypotheses."""
        return self.hyp is not None


@dataclass
class BootstrapConfig:
    """Bootstrap resampling: number of resamples and RNG seed (sacrebleu's default)."""

    samples: int = 1000
    seed: int = 12345


@dataclass
class TaskConfig:
    """An evaluation task.

    Attributes:
        name: Task name.
        kind: ``translation`` or ``brief``.
        data: Where the examples come from.
        description: Free text for the report.
        level: ``sentence`` or ``document`` (translation).
        source_lang: Language of the sources.
        target_lang: Language of the references (picks ROUGE's tokenizer).
        metrics: Metric names (default: bleu, chrf++ for translation; rouge for briefs).
        baselines: Baseline names (default: all for the kind).
        systems: Systems to evaluate (``--system`` on the command line replaces them).
        bootstrap: Resampling settings.
        batch_size: Examples per call to a system (and per flush of results).
        limit: Evaluate only the first N examples.
        bullets: Bullets per brief (and sentences picked by extractive baselines).
    """

    name: str
    kind: str
    data: DataConfig
    description: str = ""
    level: str = "sentence"
    source_lang: str = "hi"
    target_lang: str = "en"
    metrics: list[str] = field(default_factory=list)
    baselines: list[str] | None = None
    systems: list[SystemConfig] = field(default_factory=list)
    bootstrap: BootstrapConfig = field(default_factory=BootstrapConfig)
    batch_size: int = 16
    limit: int | None = None
    bullets: int = 3

    def __post_init__(self) -> None:
        if not self.metrics and self.kind in DEFAULT_METRICS:
            self.metrics = list(DEFAULT_METRICS[self.kind])
        if self.baselines is None:
            self.baselines = list(BASELINES.get(self.kind, ()))

    def problems(self) -> list[str]:
        """Every semantic problem of the task (empty when valid)."""
        from hinews.evaluation.metrics import METRICS, canonical_name

        out: list[str] = []
        if self.kind not in KINDS:
            out.append(
                f"kind: {self.kind!r} is not valid; valid: {', '.join(KINDS)}."
                f"{did_you_mean(self.kind, KINDS)}"
            )
        if self.level not in LEVELS:
            out.append(f"level: {self.level!r} is not valid; valid: {', '.join(LEVELS)}.")
        if self.kind == "brief" and self.level != "sentence":
            out.append("level: briefs are scored per article; leave `level` out.")
        for name in self.metrics:
            try:
                canonical_name(name)
            except ConfigError:
                out.append(
                    f"metrics: unknown metric {name!r}; valid: {', '.join(METRICS)}."
                    f"{did_you_mean(name.lower(), METRICS)}"
                )
        valid_baselines = BASELINES.get(self.kind, ())
        for name in self.baselines or []:
            if name not in valid_baselines:
                out.append(
                    f"baselines: unknown baseline {name!r} for kind {self.kind!r}; valid: "
                    f"{', '.join(valid_baselines)}.{did_you_mean(name, valid_baselines)}"
                )
        out += _data_problems(self.data, self.level)
        seen: set[str] = set()
        for i, system in enumerate(self.systems):
            out += [f"systems[{i}]: {p}" for p in system_problems(system, self.kind)]
            if system.name in seen:
                out.append(f"systems[{i}]: the name {system.name!r} is used twice.")
            seen.add(system.name)
            if system.name in (self.baselines or []):
                out.append(
                    f"systems[{i}]: {system.name!r} is the name of one of the task's baselines; "
                    "pick another."
                )
        if self.bootstrap.samples < 1:
            out.append("bootstrap.samples: must be at least 1.")
        if self.batch_size < 1:
            out.append("batch_size: must be at least 1.")
        if self.limit is not None and self.limit < 1:
            out.append("limit: must be at least 1.")
        if self.bullets < 1:
            out.append("bullets: must be at least 1.")
        return out

    def validate(self, where: str = "the task") -> TaskConfig:
        """Raise one ConfigError listing every problem; return self when valid."""
        problems = self.problems()
        if problems:
            listing = "\n".join(f"  - {p}" for p in problems)
            raise ConfigError(f"{where} is not a valid task:\n{listing}")
        return self

    def to_dict(self) -> dict[str, Any]:
        """The task as plain data (for config.json)."""
        return dict(to_plain(self))

    def data_paths(self) -> list[str]:
        """The local files the task reads, relative to the data directory."""
        d = self.data
        paths: list[str] = []
        if d.format == "text":
            paths += [p for p in [d.source, *d.references, d.documents] if p]
        elif d.format in ("jsonl", "csv", "tsv") and d.path:
            paths.append(d.path)
        return paths


def system_problems(system: SystemConfig, kind: str) -> list[str]:
    """Problems of one system config (empty when valid)."""
    out: list[str] = []
    model = [system.translator, system.summarizer, system.config]
    if system.hyp is not None and any(model):
        out.append(
            f"{system.name!r} sets both `hyp` and a pipeline (translator/summarizer/config); "
            "a system is either a file of hypotheses or a pipeline."
        )
    if system.hyp is None and not any(model):
        out.append(
            f"{system.name!r} needs `hyp` (a file of hypotheses) or a `translator`, "
            "`summarizer` or `config`."
        )
    if kind == "translation" and system.summarizer is not None:
        out.append(f"{system.name!r}: a translation task takes no `summarizer`.")
    if system.anchor and (
        system.summarizer in (None, "extractive", "lead")
        or system.translator
        or system.config
        or system.hyp
    ):
        out.append(
            f"{system.name!r}: `anchor: true` scores a summariser model alone: give "
            "`summarizer` (a model such as xlsum or crosssum, a hub id or a folder) and no "
            "`translator`, `config` or `hyp`."
        )
    if system.as_published:
        from hinews.evaluation.anchors import anchor_names, anchor_setup

        setup = system.published_setup or system.summarizer
        if setup and anchor_setup(setup) is None:
            out.append(
                f"{system.name!r}: `as_published: true` knows how these models were "
                f"published: {', '.join(anchor_names())}; {setup!r} is none of them (for a "
                "local copy of one, add `published_setup: xlsum` or `crosssum`)."
            )
    if system.published is not None:
        pub = system.published
        if pub.aggregation not in AGGREGATIONS:
            out.append(
                f"{system.name!r}: published.aggregation {pub.aggregation!r} is not valid; "
                f"valid: {', '.join(AGGREGATIONS)}."
            )
        if not pub.scores:
            out.append(f"{system.name!r}: published.scores is empty.")
    if not system.name or "/" in system.name or system.name.startswith("."):
        out.append(f"name {system.name!r} must be non-empty, without '/' or a leading '.'.")
    return out


def _data_problems(d: DataConfig, level: str) -> list[str]:
    out: list[str] = []
    if d.format not in FORMATS:
        return [
            f"data.format: {d.format!r} is not valid; valid: {', '.join(FORMATS)}."
            f"{did_you_mean(d.format, FORMATS)}"
        ]
    if d.format == "text":
        if not d.source:
            out.append("data.source: a text task needs the source file.")
        if not d.references:
            out.append("data.references: a text task needs at least one reference file.")
        if d.columns or d.path or d.dataset:
            out.append("data: `columns`, `path` and `dataset` are for tables and hf datasets.")
    elif d.format == "hf":
        if not d.dataset:
            out.append("data.dataset: an hf task needs a dataset id.")
        if d.source or d.references or d.path:
            out.append("data: an hf task takes `columns`, not `source`/`references`/`path`.")
    else:
        if not d.path:
            out.append(f"data.path: a {d.format} task needs the table file.")
        if d.source or d.references:
            out.append("data: a table task takes `columns`, not `source`/`references`.")
    if (d.parquet or d.mirror) and d.format != "hf":
        out.append("data.parquet/mirror: only for `format: hf`.")
    if d.parquet and not d.revision:
        out.append(
            "data.revision: a parquet task pins the revision it reads (e.g. "
            "refs/convert/parquet, or a commit)."
        )
    if d.mirror and not d.parquet:
        out.append("data.mirror: give `parquet:` (the files' layout) too.")
    if d.documents and d.format != "text":
        out.append("data.documents: document ids only work with `format: text`.")
    if level == "document" and not d.documents and d.format == "text":
        out.append("data.documents: document-level text tasks need a document id file.")
    if d.headline and not d.documents:
        out.append("data.headline: only meaningful with `documents`.")
    return out


def load_task(path: str | os.PathLike[str]) -> TaskConfig:
    """Load and validate a task YAML file.

    Raises:
        ConfigError: The file is missing, not YAML, or not a valid task (all problems listed).
    """
    import yaml

    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        tasks = sorted(x.name for x in p.parent.glob("*.yaml")) if p.parent.is_dir() else []
        hint = f" Tasks in {str(p.parent)!r}: {', '.join(tasks)}." if tasks else ""
        raise ConfigError(
            f"Task file {str(p)!r} does not exist.{hint}{did_you_mean(p.name, tasks)}"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read task file {str(p)!r}: {exc}.") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"Task file {str(p)!r} is not valid YAML: {exc}") from None
    task = load_dataclass(TaskConfig, data, where=f"Task file {str(p)!r}")
    task.validate(f"Task file {str(p)!r}")
    # Where each entry sits, for one-line errors that name the file and line later on.
    task.source_path = str(p)  # type: ignore[attr-defined]
    task.source_lines = yaml_lines(text)  # type: ignore[attr-defined]
    # --system NAME keeps some systems: their lines are found by name, not position.
    task.source_systems = {s.name: i for i, s in enumerate(task.systems)}  # type: ignore[attr-defined]
    return task


def yaml_lines(text: str) -> dict[str, int]:
    """1-based line of every mapping key and list item of a YAML text, by dotted path
    (``data.columns.source``, ``systems[1]``, ``systems[1].name``)."""
    import yaml

    out: dict[str, int] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                out[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                sub = f"{path}[{i}]"
                out[sub] = item.start_mark.line + 1
                walk(item, sub)

    try:
        walk(yaml.compose(text), "")
    except yaml.YAMLError:
        return {}
    return out


def system_line(task: TaskConfig, index: int) -> str:
    """``FILE:LINE`` of ``task.systems[index]`` as written in the task file."""
    written: dict[str, int] = getattr(task, "source_systems", {}) or {}
    return task_line(task, f"systems[{written.get(task.systems[index].name, index)}]")


def task_line(task: TaskConfig, path: str) -> str:
    """``FILE:LINE`` of entry ``path`` of a task loaded from a file (the nearest enclosing
    entry when ``path`` itself is not written there), else ``task NAME``."""
    source = getattr(task, "source_path", None)
    lines: dict[str, int] = getattr(task, "source_lines", {}) or {}
    probe = path
    while probe:
        if probe in lines:
            return f"{source}:{lines[probe]}"
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""
    return f"{source}" if source else f"task {task.name!r}"


def resolve_data_dir(given: str | os.PathLike[str] | None, task_path: Path | None = None) -> Path:
    """The folder that task data paths are relative to.

    Order: ``given`` (``--data-dir``), ``$HINEWS_DATA_DIR``, ``$HINEWS_SHARED/data``,
    ``../shared/data`` from the current folder, then ``../shared/data`` from the project
    holding the task file (``<project>/eval/task.yaml``).

    Raises:
        DataError: ``given`` does not exist, or no candidate does (all are listed).
    """
    if given is not None:
        p = Path(given)
        if not p.is_dir():
            raise DataError(f"data_dir={str(given)!r} is not a folder (resolved: {p.resolve()}).")
        return p
    candidates: list[Path] = []
    if os.environ.get("HINEWS_DATA_DIR"):
        candidates.append(Path(os.environ["HINEWS_DATA_DIR"]))
    if os.environ.get("HINEWS_SHARED"):
        candidates.append(Path(os.environ["HINEWS_SHARED"]) / "data")
    candidates.append(DEFAULT_DATA_DIR)
    if task_path is not None:
        candidates.append(task_path.resolve().parent.parent / DEFAULT_DATA_DIR)
    for c in candidates:
        if c.is_dir():
            return c
    tried = ", ".join(str(c) for c in candidates)
    raise DataError(
        f"No data folder found (tried {tried}). Pass data_dir=PATH, the folder that "
        "holds e.g. flores200-devtest/, or set HINEWS_DATA_DIR."
    )
