"""The run report: plots first, then the comparison table, paired tests and signatures."""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

from hinews.evaluation.fileio import atomic_write_bytes, atomic_write_text
from hinews.evaluation.metrics import DISPLAY
from hinews.evaluation.tasks import TaskConfig

PLOTS = ("score-distribution.png", "score-vs-length.png")


def _label(key: str) -> str:
    return DISPLAY.get(key, key)


def _save(fig: Any, path: Path) -> None:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    atomic_write_bytes(path, buf.getvalue())


def write_plots(
    out: Path, key: str, records: dict[str, list[dict[str, Any]]], roles: dict[str, str]
) -> list[str]:
    """Write the distribution and length plots of sentence score ``key``; return file names."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    import numpy as np

    plot_dir = out / "plots"
    names = [n for n in records if any(key in r["scores"] for r in records[n])]
    fig, ax = plt.subplots(figsize=(7, 4))
    bins = [4.0 * i for i in range(26)]
    for name in names:
        hist_values = [r["scores"][key] for r in records[name] if key in r["scores"]]
        style = "--" if roles.get(name) == "baseline" else "-"
        ax.hist(hist_values, bins=bins, histtype="step", linewidth=1.6, linestyle=style, label=name)
    ax.set_xlabel(f"sentence-level {_label(key)}")
    ax.set_ylabel("examples")
    ax.set_title(f"Distribution of per-example {_label(key)}")
    ax.legend(fontsize=8)
    _save(fig, plot_dir / PLOTS[0])
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 4))
    for i, name in enumerate(names):
        colour = f"C{i % 10}"
        recs = [r for r in records[name] if key in r["scores"]]
        lengths = np.asarray([len(r["source"].split()) for r in recs], dtype=float)
        values = np.asarray([r["scores"][key] for r in recs], dtype=float)
        ax.scatter(lengths, values, s=8, alpha=0.35, label=name, color=colour)
        if len(lengths) >= 4:
            edges = np.unique(np.quantile(lengths, np.linspace(0, 1, 6)))
            centres: list[float] = []
            means: list[float] = []
            for lo, hi in itertools.pairwise(edges):
                mask = (lengths >= lo) & (lengths <= hi)
                if mask.any():
                    centres.append(float(lengths[mask].mean()))
                    means.append(float(values[mask].mean()))
            ax.plot(centres, means, color=colour, linewidth=2)
    ax.set_xlabel("source length (words)")
    ax.set_ylabel(f"sentence-level {_label(key)}")
    ax.set_title(f"{_label(key)} against source length (lines: mean per length quintile)")
    ax.legend(fontsize=8)
    _save(fig, plot_dir / PLOTS[1])
    plt.close(fig)
    return [f"plots/{p}" for p in PLOTS]


def _fmt_p(p: float) -> str:
    return f"{p:.3f}" if p >= 0.001 else f"{p:.1e}"


def render_markdown(
    task: TaskConfig, config: dict[str, Any], metrics: dict[str, Any], plots: list[str]
) -> str:
    """The report as Markdown (deterministic: no timestamps)."""
    keys: list[str] = metrics["keys"]
    bs = metrics["bootstrap"]
    data = config["data"]
    lines = [f"# Evaluation: {task.name}", ""]
    if task.description:
        lines += [task.description.strip(), ""]
    lines += [
        f"- kind: {task.kind} ({task.level} level), {task.source_lang} → {task.target_lang}",
        f"- data: {data['origin']}; {data['examples']} examples"
        + (
            f" of {data['total']}"
            if data.get("total") and data["total"] != data["examples"]
            else ""
        ),
        f"- 95% confidence intervals: bootstrap, {bs['samples']} resamples, seed {bs['seed']}",
        "",
        "## Plots",
        "",
    ]
    for p in plots:
        lines += [f"![{Path(p).stem}]({p})", ""]
    lines += ["## Scores", ""]
    header = ["system", "role", *[_label(k) for k in keys]]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, entry in metrics["systems"].items():
        cells = [f"**{name}**" if entry["role"] == "system" else name, entry["role"]]
        for k in keys:
            s = entry["scores"].get(k)
            cells.append(f"{s['score']:.2f} [{s['ci_low']:.2f}, {s['ci_high']:.2f}]" if s else "–")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Cells: corpus score [95% bootstrap interval]."]
    paired = metrics["paired_test"]
    if paired["results"]:
        lines += [
            "",
            f"## Paired bootstrap test against {paired['against']}",
            "",
            "Δ = score − score of " + paired["against"] + "; p: two-sided, "
            f"{bs['samples']} resamples; * = significant at 0.05.",
            "",
        ]
        header = ["system", *[f"Δ {_label(k)} (p)" for k in keys]]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for name, row in paired["results"].items():
            cells = [name]
            for k in keys:
                r = row[k]
                star = "*" if r["significant"] else ""
                cells.append(f"{r['delta']:+.2f} ({_fmt_p(r['p_value'])}){star}")
            lines.append("| " + " | ".join(cells) + " |")
    published = {n: e["published"] for n, e in metrics["systems"].items() if e.get("published")}
    if published:
        lines += [
            "",
            "## Published and reproduced",
            "",
            "Δ = reproduced − published, in the metric and aggregation the authors reported.",
            "",
            "| system | score | published | reproduced | Δ | how |",
            "|---|---|---|---|---|---|",
        ]
        for name, pub in published.items():
            how = f"{pub['metric']}, {pub['aggregation']}" + (
                ", as published" if pub["as_published"] else ", hinews' run"
            )
            mark = "≈" if pub["approximate"] else ""
            for key, row in pub["rows"].items():
                rep = row["reproduced"]
                cells = [
                    name,
                    _label(row["key"]).replace(" mid", "") if row["key"] else key,
                    f"{mark}{row['published']:.2f}",
                    "–" if rep is None else f"{rep:.2f}",
                    "–" if row["difference"] is None else f"{row['difference']:+.2f}",
                    how,
                ]
                lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        for name, pub in published.items():
            note = f" {pub['note']}" if pub.get("note") else ""
            approx = " (≈: read off a plot)" if pub["approximate"] else ""
            lines.append(f"- {name}: {pub['source']}{approx}.{note}")
    lines += ["", "## Signatures", ""]
    seen: set[str] = set()
    for entry in metrics["systems"].values():
        for sig in entry["signatures"].values():
            if sig not in seen:
                seen.add(sig)
                lines.append(f"- `{sig}`")
    if metrics.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {n}" for n in metrics["notes"]]
    lines += [
        "",
        "Per-example results: `examples/<system>.jsonl`; configuration: `config.json`; "
        "versions and git commit: `versions.json`.",
        "",
    ]
    return "\n".join(lines)


def write_report(
    out: Path,
    task: TaskConfig,
    config: dict[str, Any],
    metrics: dict[str, Any],
    records: dict[str, list[dict[str, Any]]],
) -> Path:
    """Write the plots and ``report.md``; return the report's path."""
    roles = {n: e["role"] for n, e in metrics["systems"].items()}
    plots = write_plots(out, metrics["primary"], records, roles)
    path = out / "report.md"
    atomic_write_text(path, render_markdown(task, config, metrics, plots))
    return path
