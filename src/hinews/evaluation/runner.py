"""Run an evaluation task into a run directory, resumably.

Layout of ``OUT``::

    config.json         resolved task, systems and data fingerprint, and their hash
    versions.json       package versions, git commit, command, times (volatile)
    examples/NAME.jsonl per-example records, appended and fsync'd batch by batch
    plots/*.png         score distribution, score against source length
    report.md           plots, comparison table with 95% intervals, paired tests
    metrics.json        scores, intervals, signatures, paired tests (written last)

Rerunning the same command continues where an interrupted run stopped (records already
written are read back; a torn last line is dropped). ``metrics.json`` is computed from all
records in dataset order with a seeded bootstrap, so a resumed run gives the same file as
an uninterrupted one. A finished run (``metrics.json`` present, same config hash) is not
recomputed.

The run's identity (:func:`identity`, hashed as ``config_hash``) is everything that can
change a per-example record: data, limit, metrics, systems and baselines. A run with another
identity in the same ``OUT`` is an error naming each differing field: use another ``--out``
(or delete the folder) rather than mixing results. Settings outside the identity may change
between sessions: ``batch_size`` changes nothing saved; the bootstrap settings, the task's
name and description and where the data lies (``data.origin``) only change ``metrics.json``
and ``report.md``, which are then recomputed from the saved records (no system is rerun).
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import platform
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hinews._version import __version__
from hinews.errors import ConfigError, DataError, HinewsError
from hinews.evaluation import anchors
from hinews.evaluation.baselines import ExtractiveBaseline, build_baseline
from hinews.evaluation.bootstrap import confidence_interval, paired_bootstrap
from hinews.evaluation.data import Example, load_dataset
from hinews.evaluation.fileio import JsonlLog, atomic_write_json, read_json
from hinews.evaluation.metrics import (
    Metric,
    _Neural,
    canonical_name,
    get_metric,
    package_version,
)
from hinews.evaluation.runconfig import NO_EFFECT as NO_EFFECT
from hinews.evaluation.runconfig import NOT_IDENTITY as NOT_IDENTITY
from hinews.evaluation.runconfig import config_diff, config_hash, describe_diff, identity
from hinews.evaluation.systems import System, build_system
from hinews.evaluation.tasks import TaskConfig, resolve_data_dir
from hinews.evaluation.tasks import system_line as task_line_of_system
from hinews.evaluation.tokenize import guess_lang

PRIMARY_PREFERENCE = ("chrf++", "chrf", "bleu", "rougeL", "rouge2", "rouge1")


class RunInterrupted(HinewsError):
    """The run was interrupted (Ctrl-C); results so far are saved and the run can resume."""

    exit_code = 130


@dataclass
class RunResult:
    """What :func:`run_task` did.

    Attributes:
        out_dir: The run directory.
        metrics: The content of ``metrics.json``.
        already_finished: True when the run was complete and nothing was recomputed.
        resumed: Names of systems that continued from earlier records.
        notes: Warnings for the reader (skipped baselines...).
    """

    out_dir: Path
    metrics: dict[str, Any]
    already_finished: bool = False
    resumed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _log(message: str) -> None:
    """A run's notes (resuming...): INFO on the logger ``hinews eval`` prints."""
    logging.getLogger("hinews.evaluation").info(message)


def run_task(
    task: TaskConfig,
    out_dir: str | Path,
    *,
    data_dir: str | Path | None = None,
    task_path: Path | None = None,
    limit: int | None = None,
    systems: Sequence[System] | None = None,
    baselines: bool = True,
    progress: bool = True,
    log: Callable[[str], None] = _log,
) -> RunResult:
    """Evaluate every system and baseline of ``task`` and write the run directory.

    Args:
        task: The task (validated here).
        out_dir: The run directory (created; reused to resume).
        data_dir: Folder for the task's relative data paths (see
            :func:`~hinews.evaluation.tasks.resolve_data_dir`).
        task_path: The task file, to find ``../shared/data`` beside its project.
        limit: Evaluate only the first N examples (overrides the task's ``limit``).
        systems: Systems to run instead of the task's ``systems:`` (any :class:`System`).
        baselines: Also score the task's baselines.
        progress: Show a progress bar with ETA on stderr.
        log: Where status lines go (stderr by default).

    Raises:
        ConfigError: Invalid task, no systems, or ``out_dir`` holds a run of another config.
        DataError: Data missing, misaligned or unreadable.
        RunInterrupted: Ctrl-C; everything finished so far is saved.
    """
    if limit is not None:
        located = task
        task = replace(task, limit=limit)
        for attr in (
            "source_path",
            "source_lines",
            "source_systems",
        ):  # where the task's entries are written
            if hasattr(located, attr):
                setattr(task, attr, getattr(located, attr))
    task.validate(f"Task {task.name!r}")
    _check_published_scorers(task, systems)
    out = Path(out_dir)
    mirror = task.data.mirror
    local = task.data.format != "hf" or bool(mirror and not Path(mirror).expanduser().is_absolute())
    ddir = resolve_data_dir(data_dir, task_path) if local else Path(".")
    from hinews.evaluation.tasks import task_line

    dataset = load_dataset(
        task.data, data_dir=ddir, limit=task.limit, where=lambda key: task_line(task, key)
    )
    if not dataset.examples:
        raise DataError(f"Task {task.name!r} has no examples ({dataset.origin}).")

    run_systems: list[System] = (
        list(systems)
        if systems is not None
        else [
            build_system(
                s,
                kind=task.kind,
                level=task.level,
                source_lang=task.source_lang,
                target_lang=task.target_lang,
                total=dataset.total,
                bullets=task.bullets,
                resolve=lambda p: p_resolve(ddir, p),
            )
            for s in task.systems
        ]
    )
    notes: list[str] = []
    if task.target_lang == "en" and any(canonical_name(m) == "rouge" for m in task.metrics):
        refs = [r for ex in dataset.examples[:200] for r in ex.references]
        if guess_lang(refs) == "hi":
            note = (
                "target_lang is en but the references are in Devanagari: ROUGE with the English "
                "tokenizer drops Devanagari letters, so its scores are meaningless. Set "
                "target_lang: hi (or --lang hi)."
            )
            log(f"hinews: warning: {note}")
            notes.append(note)
    run_baselines = _baselines(task, run_systems, notes) if baselines else []
    if not run_systems and not run_baselines:
        raise ConfigError(
            f"Task {task.name!r} has nothing to evaluate: add `systems:` to the task or pass "
            "--system (e.g. --system translator=fast, or --system name=mine,hyp=out.txt)."
        )
    everything: list[System] = [*run_systems, *run_baselines]
    names = [s.name for s in everything]
    if len(set(names)) != len(names):
        raise ConfigError(f"System names must be unique; got {names}.")

    config = {
        "task": task.to_dict(),
        "data": {
            "origin": dataset.origin,
            "examples": len(dataset.examples),
            "total": dataset.total,
            "fingerprint": dataset.fingerprint(),
        },
        "systems": [{"name": s.name, "role": s.role, **s.describe()} for s in everything],
    }
    digest = config_hash(identity(config))
    finished = _prepare_out(out, config, digest, log)
    if finished is not None:
        log(f"{out}: this run is already finished; nothing recomputed (metrics.json kept).")
        return RunResult(out, finished, already_finished=True)
    _write_versions(out, everything, finished=False)

    metrics = [
        get_metric(m, lang=task.target_lang) for m in anchors.metric_names(task, run_systems)
    ]
    records: dict[str, list[dict[str, Any]]] = {}
    resumed: list[str] = []
    examples = dataset.examples
    try:
        for system in everything:
            if isinstance(system, ExtractiveBaseline) and system.candidates_from != "source":
                provider = records.get(system.candidates_from, [])
                system.set_candidates(
                    {r["index"]: list(r.get("candidates") or []) for r in provider}
                )
            recs, was_resumed = _run_system(
                system, examples, out, metrics, task.batch_size, progress, log
            )
            records[system.name] = recs
            if was_resumed:
                resumed.append(system.name)
    except KeyboardInterrupt:
        raise RunInterrupted(
            f"Interrupted. Results so far are saved in {str(out)!r}; run the same command "
            "again to continue where it stopped."
        ) from None

    result = compute_metrics(task, everything, records, metrics, digest, notes)
    from hinews.evaluation.report import write_report

    write_report(out, task, config, result, records)
    atomic_write_json(out / "metrics.json", result)
    _write_versions(out, everything, finished=True)
    log(f"Wrote {out / 'report.md'} and {out / 'metrics.json'}.")
    return RunResult(out, result, resumed=resumed, notes=notes)


def p_resolve(data_dir: Path, path: str) -> Path:
    """``path`` as given when it exists or is absolute, else relative to ``data_dir``."""
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p
    return data_dir / p


def _baselines(task: TaskConfig, systems: Sequence[System], notes: list[str]) -> list[System]:
    names = task.baselines or []
    if task.kind == "translation":
        return [build_baseline(n, kind=task.kind, lang=task.target_lang) for n in names]
    source = "source"
    if task.source_lang != task.target_lang:
        provider = next((s for s in systems if getattr(s, "provides_candidates", False)), None)
        if provider is None:
            if names:
                notes.append(
                    "Brief baselines skipped: the sources are not in the reference language and "
                    "no pipeline system provides a translation to extract sentences from."
                )
            return []
        source = provider.name
    out: list[System] = []
    for n in names:
        baseline = build_baseline(
            n, kind=task.kind, lang=task.target_lang, n=task.bullets, candidates_from=source
        )
        out.append(baseline)
    return out


def _prepare_out(
    out: Path, config: dict[str, Any], digest: str, log: Callable[[str], None] = _log
) -> dict[str, Any] | None:
    """Create ``out`` or check it holds this config; return metrics when already finished.

    Only :func:`identity` must match. Other changed settings are written to config.json;
    when they affect metrics.json or report.md, a finished run's metrics.json is removed so
    that both are recomputed from the saved records.
    """
    cfg_path = out / "config.json"
    if cfg_path.exists():
        try:
            old = read_json(cfg_path)
            if not isinstance(old, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"{str(out)!r} holds a run whose config.json cannot be read ({exc}). Pass "
                "another out_dir=PATH, or delete the folder to start over."
            ) from None
        old_config = {k: v for k, v in old.items() if k != "config_hash"}
        differing = config_diff(identity(old_config), identity(config))
        if differing:
            raise ConfigError(
                f"{str(out)!r} holds a run with a different configuration, which its saved "
                f"examples depend on ({describe_diff(differing)}). Pass another out_dir=PATH for "
                "the new configuration, or delete the folder to start over. (batch_size, "
                "bootstrap and seed may change between sessions of one run.)"
            )
        changed = config_diff(old_config, config)
        metrics_path = out / "metrics.json"
        recompute = [c for c in changed if c[0] not in NO_EFFECT]
        if old.get("config_hash") != digest:  # hashed by an older hinews: same identity
            recompute.append(("config_hash", old.get("config_hash"), digest))
        if changed or recompute:
            if metrics_path.exists() and recompute:
                # Remove first: an interruption before the new one is written recomputes it.
                metrics_path.unlink()
                log(
                    f"{out}: {describe_diff(recompute)} changed; recomputing metrics.json and "
                    "report.md from the saved examples (no system is rerun)."
                )
            atomic_write_json(cfg_path, {**config, "config_hash": digest})
        if metrics_path.exists():
            return dict(read_json(metrics_path))
        return None
    if out.exists() and any(out.iterdir()):
        raise ConfigError(
            f"{str(out)!r} is not empty and holds no hinews run (no config.json). Pass an empty "
            "or new folder as out_dir=PATH."
        )
    atomic_write_json(cfg_path, {**config, "config_hash": digest})
    return None


def _git_commit() -> dict[str, Any]:
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
        status = subprocess.run(
            ["git", "status", "--porcelain"], cwd=here, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    sha = commit.stdout.strip() if commit.returncode == 0 else None
    dirty = bool(status.stdout.strip()) if status.returncode == 0 else None
    return {"commit": sha, "dirty": dirty}


def _write_versions(out: Path, systems: Sequence[System], *, finished: bool) -> None:
    path = out / "versions.json"
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    old: dict[str, Any] = {}
    if path.exists():
        try:
            old = dict(read_json(path))
        except (OSError, json.JSONDecodeError):
            old = {}
    packages = [
        "sacrebleu",
        "rouge-score",
        "numpy",
        "datasets",
        "matplotlib",
        "torch",
        "transformers",
        "ctranslate2",
        "bert-score",
        "unbabel-comet",
    ]
    info: dict[str, Any] = {
        "hinews": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {p: package_version(p) for p in packages},
        "git": _git_commit(),
        "command": sys.argv,
        "started_at": old.get("started_at", now),
        "sessions": [*old.get("sessions", []), now] if not finished else old.get("sessions", []),
        "finished_at": now if finished else None,
        "provenance": {
            s.name: getattr(s, "provenance")()  # noqa: B009
            for s in systems
            if callable(getattr(s, "provenance", None))
        },
    }
    atomic_write_json(path, info)


def _run_system(
    system: System,
    examples: list[Example],
    out: Path,
    metrics: Sequence[Metric],
    batch_size: int,
    progress: bool,
    log: Callable[[str], None],
) -> tuple[list[dict[str, Any]], bool]:
    store = JsonlLog(out / "examples" / f"{system.name}.jsonl")
    done = store.read()
    if len(done) > len(examples):
        raise DataError(f"{store.path} has more records than the data has examples.")
    for i, rec in enumerate(done):
        if rec.get("index") != i or rec.get("source") != examples[i].source:
            raise DataError(
                f"{store.path} does not match the data at record {i + 1} (the data changed?). "
                "Delete the run folder or pass another out_dir=PATH."
            )
    if done and len(done) < len(examples):
        log(f"{system.name}: resuming after {len(done)}/{len(examples)} examples.")
    todo = examples[len(done) :]
    records = list(done)
    sentence_metrics = [m for m in metrics if not isinstance(m, _Neural)]
    from tqdm.auto import tqdm

    with tqdm(
        total=len(examples),
        initial=len(done),
        desc=system.name,
        unit="ex",
        file=sys.stderr,
        disable=not progress or not todo,
        dynamic_ncols=True,
    ) as bar:
        for start in range(0, len(todo), batch_size):
            chunk = todo[start : start + batch_size]
            outputs = system.run(chunk)
            if len(outputs) != len(chunk):
                raise HinewsError(
                    f"System {system.name!r} returned {len(outputs)} outputs for {len(chunk)}."
                )
            hyps = [o.hypothesis for o in outputs]
            refs = [list(ex.references) for ex in chunk]
            srcs = [ex.source for ex in chunk]
            scores: list[dict[str, float]] = [{} for _ in chunk]
            for metric in sentence_metrics:
                for row, s in zip(scores, metric.sentence_scores(hyps, refs, srcs), strict=True):
                    row.update(s)
            new: list[dict[str, Any]] = []
            for ex, o, row in zip(chunk, outputs, scores, strict=True):
                record: dict[str, Any] = {
                    "index": ex.index,
                    "id": ex.id,
                    "source": ex.source,
                    "hypothesis": o.hypothesis,
                    "references": list(ex.references),
                    "scores": row,
                }
                if o.bullets is not None:
                    record["bullets"] = list(o.bullets)
                if o.candidates is not None:
                    record["candidates"] = list(o.candidates)
                new.append(record)
            store.append(new)
            records.extend(new)
            bar.update(len(chunk))
    return records, bool(done) and len(done) < len(examples)


def _check_published_scorers(task: TaskConfig, systems: Sequence[System] | None) -> None:
    """One line, naming the task file and line, when an as_published system's scorer
    cannot run here (checked before any data is loaded or model run)."""
    if systems is not None:
        for system in anchors.as_published_systems(systems):
            anchors.check_scorer(system.setup, f"system {system.name!r}")
        return
    for i, config in enumerate(task.systems):
        if config.as_published:
            setup = anchors.anchor_setup(config.published_setup or config.summarizer or "")
            if setup is not None:
                anchors.check_scorer(setup, task_line_of_system(task, i))


def primary_key(keys: Sequence[str]) -> str:
    """The score shown in plots: chrF++ for translation, ROUGE-L for briefs, else the first."""
    return next((k for k in PRIMARY_PREFERENCE if k in keys), keys[0])


def compute_metrics(
    task: TaskConfig,
    systems: Sequence[System],
    records: dict[str, list[dict[str, Any]]],
    metrics: Sequence[Metric],
    digest: str,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """Corpus scores, bootstrap intervals, signatures and paired tests from the records.

    Everything is computed from the records in dataset order with the task's seed, so the
    result depends only on the records (not on how many sessions the run took).
    """
    samples, seed = task.bootstrap.samples, task.bootstrap.seed
    out_systems: dict[str, Any] = {}
    all_stats: dict[str, dict[str, tuple[Metric, Any]]] = {}
    for system in systems:
        recs = sorted(records[system.name], key=lambda r: r["index"])
        hyps = [r["hypothesis"] for r in recs]
        refs = [r["references"] for r in recs]
        srcs = [r["source"] for r in recs]
        scores: dict[str, Any] = {}
        signatures: dict[str, str] = {}
        stats_by_key: dict[str, tuple[Metric, Any]] = {}
        for metric in metrics:
            stats = metric.stats(hyps, refs, srcs)
            signatures[metric.name] = metric.signature()
            for key in metric.keys:

                def agg(s: Any, n: int, _m: Metric = metric, _k: str = key) -> float:
                    return _m.aggregate(_k, s, n)

                ci = confidence_interval(stats[key], agg, samples=samples, seed=seed)
                scores[key] = {
                    "score": ci.score,
                    "ci_low": ci.low,
                    "ci_high": ci.high,
                    "ci_halfwidth": ci.halfwidth,
                    "bootstrap_mean": ci.mean,
                }
                stats_by_key[key] = (metric, stats[key])
        all_stats[system.name] = stats_by_key
        mids: dict[str, float] = {}
        for metric in metrics:
            if callable(getattr(metric, "bootstrap_mid", None)):
                mids.update(metric.bootstrap_mid(hyps, refs))  # type: ignore[attr-defined]
        out_systems[system.name] = {
            "role": system.role,
            "examples": len(recs),
            "scores": scores,
            "signatures": signatures,
        }
        if mids:
            out_systems[system.name]["bootstrap_mid"] = mids
        published = getattr(system, "published", None)
        if published is not None:
            out_systems[system.name]["published"] = anchors.published_rows(
                published, scores, mids, as_published=getattr(system, "setup", None) is not None
            )
    keys = [k for m in metrics for k in m.keys]
    reference = next((s.name for s in systems if s.role == "system"), systems[0].name)
    comparisons: dict[str, Any] = {}
    for system in systems:
        if system.name == reference:
            continue
        row: dict[str, Any] = {}
        for key in keys:
            metric, ref_stats = all_stats[reference][key]
            _, sys_stats = all_stats[system.name][key]

            def agg2(s: Any, n: int, _m: Metric = metric, _k: str = key) -> float:
                return _m.aggregate(_k, s, n)

            res = paired_bootstrap(ref_stats, sys_stats, agg2, samples=samples, seed=seed)
            row[key] = {
                "delta": res.delta,
                "p_value": res.p_value,
                "significant": res.significant(),
            }
        comparisons[system.name] = row
    return {
        "task": task.name,
        "kind": task.kind,
        "config_hash": digest,
        "examples": len(next(iter(records.values()))) if records else 0,
        "keys": keys,
        "primary": primary_key(keys),
        "bootstrap": {"samples": samples, "seed": seed, "confidence": 0.95},
        "systems": out_systems,
        "paired_test": {
            "against": reference,
            "method": "paired bootstrap resampling (sacrebleu/Koehn 2004), two-sided",
            "results": comparisons,
        },
        "notes": list(notes),
    }
