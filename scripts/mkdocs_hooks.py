"""MkDocs hooks: the CLI and config references, generated from the code at build time.

A page holding ``<!-- hinews:cli -->`` gets every command's ``--help`` (walking
``hinews.cli.build_parser()``, subcommands of subcommands included); one holding
``<!-- hinews:config -->`` gets a table per config dataclass (key, type, default, valid
values) and the shipped presets. Being generated at build time, neither can drift from the
code. The functions are plain (``cli_reference()``, ``config_reference()``) so tests can
call them too.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # a checkout without an editable install
    sys.path.insert(0, str(ROOT / "src"))

CLI_MARK = "<!-- hinews:cli -->"
CONFIG_MARK = "<!-- hinews:config -->"
WIDTH = "100"  # argparse wraps help at $COLUMNS: fix it so every build is the same


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    out: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) not in seen:  # aliases point at the same parser
                    seen.add(id(sub))
                    out.append((name, sub))
    return out


def _walk(
    parser: argparse.ArgumentParser, path: list[str]
) -> list[tuple[list[str], argparse.ArgumentParser]]:
    found = [(path, parser)]
    for name, sub in _subcommands(parser):
        found += _walk(sub, [*path, name])
    return found


def cli_reference() -> str:
    """Markdown: one section per command, its ``--help`` verbatim."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        from hinews.cli import build_parser

        parser = build_parser()
        parts = []
        for path, sub in _walk(parser, ["hinews"]):
            level = "#" * min(len(path) + 1, 4)
            summary = (sub.description or "").strip().splitlines()
            parts.append(f"{level} `{' '.join(path)}`\n")
            if summary and len(path) > 1:
                parts.append(summary[0] + "\n")
            parts.append("```text\n" + sub.format_help().rstrip() + "\n```\n")
        return "\n".join(parts)
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old


def _valid_values() -> dict[tuple[str, str], tuple[str, ...]]:
    from hinews import config as c

    return {
        ("TranslatorConfig", "backend"): c.BACKENDS,
        ("TranslatorConfig", "device"): c.DEVICES,
        ("TranslatorConfig", "dtype"): c.DTYPES,
        ("TranslatorConfig", "quantization"): c.QUANTIZATIONS,
        ("SummarizerConfig", "strategy"): c.STRATEGIES,
        ("SummarizerConfig", "device"): c.DEVICES,
        ("SummarizerConfig", "dtype"): c.DTYPES,
        ("PipelineOptions", "order"): c.ORDERS,
    }


def _default(f: dataclasses.Field[Any]) -> str:
    if f.default is not dataclasses.MISSING:
        value = f.default
    elif f.default_factory is not dataclasses.MISSING:
        value = f.default_factory()
        if dataclasses.is_dataclass(value):
            return "(section)"
    else:
        return "required"
    if value is None:
        return "null (unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"`{value!r}`" if isinstance(value, str) else f"`{value}`"


def _doc(cls: type) -> tuple[str, dict[str, str]]:
    """The class docstring without its ``Attributes:`` section, and that section by name."""
    import inspect
    import re

    text = inspect.cleandoc(cls.__doc__ or "").replace("``", "`")
    head, _, attrs = text.partition("Attributes:")
    described: dict[str, str] = {}
    name = None
    for line in attrs.splitlines():
        m = re.match(r"^\s{4}(\w+):\s*(.*)$", line)
        if m:
            name = m.group(1)
            described[name] = m.group(2)
        elif name and line.strip():
            described[name] += " " + line.strip()
    return head.strip(), described


def _table(cls: type, section: str | None, values: dict[tuple[str, str], tuple[str, ...]]) -> str:
    doc, described = _doc(cls)
    rows = ["| key | type | default | valid values | what |", "|---|---|---|---|---|"]
    for f in dataclasses.fields(cls):
        key = f"{section}.{f.name}" if section else f.name
        valid = values.get((cls.__name__, f.name))
        shown = ", ".join(f"`{v}`" for v in valid) if valid else ""
        type_name = str(f.type).replace("|", "or")
        what = described.get(f.name, "").replace("|", "\\|")
        rows.append(f"| `{key}` | {type_name} | {_default(f)} | {shown} | {what} |")
    return (doc + "\n\n" if doc else "") + "\n".join(rows)


def config_reference() -> str:
    """Markdown: the pipeline config's sections, the evaluation task file, the presets."""
    from hinews.config import PipelineConfig, PipelineOptions, SummarizerConfig, TranslatorConfig
    from hinews.evaluation import tasks
    from hinews.presets import load_preset, preset_names

    values = _valid_values()
    parts = [
        "## Pipeline config (`--config FILE`, `Pipeline.from_config`)\n",
        _table(PipelineConfig, None, values) + "\n",
    ]
    for section, cls in (
        ("translator", TranslatorConfig),
        ("summarizer", SummarizerConfig),
        ("pipeline", PipelineOptions),
    ):
        parts += [f"### `{section}`\n", _table(cls, section, values) + "\n"]
    parts.append("## Presets (`--preset NAME`, `Pipeline.from_preset`)\n")
    rows = [
        "| preset | translator | backend | beams | summariser | order |",
        "|---|---|---|---|---|---|",
    ]
    for name in preset_names():
        p = load_preset(name)
        summarizer = p.summarizer.strategy + (
            f" ({p.summarizer.model})" if p.summarizer.model else ""
        )
        rows.append(
            f"| `{name}` | {p.translator.model} | {p.translator.backend} | "
            f"{p.translator.num_beams} | {summarizer} | {p.pipeline.order} |"
        )
    parts.append("\n".join(rows) + "\n")
    parts += [
        "## Evaluation task file (`hinews eval TASK.yaml`)\n",
        _table(tasks.TaskConfig, None, values) + "\n",
    ]
    for title, name in (
        ("`data`", "DataConfig"),
        ("`data.columns`", "ColumnsConfig"),
        ("each of `systems`", "SystemConfig"),
        ("`bootstrap`", "BootstrapConfig"),
    ):
        cls = getattr(tasks, name, None)
        if cls is not None:
            parts += [f"### {title}\n", _table(cls, None, values) + "\n"]
    return "\n".join(parts)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """MkDocs event: fill in the generated references."""
    if CLI_MARK in markdown:
        markdown = markdown.replace(CLI_MARK, cli_reference())
    if CONFIG_MARK in markdown:
        markdown = markdown.replace(CONFIG_MARK, config_reference())
    return markdown
