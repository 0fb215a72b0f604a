"""``hinews bench --suite cli``: what a user waits for, cold process, one article.

Each command runs as a fresh process, the way a user types it, beside ``hinews segment``
on the same file (no model: the floor any command pays): ``hinews translate`` with the
CTranslate2 backend and a ``hinews brief --preset fast``-style run (the fast preset with
the benchmark's model). Commands run interleaved, ``--repeat`` times each after one
warm-up round (page cache, compiled bytecode in a private ``PYTHONPYCACHEPREFIX``, as an
installed package has), and the median wall time counts.

The model's own decoding of the article (warm, in a process of its own, median of 3) is
reported beside: no start-up work can make ``translate`` faster than ``segment`` plus
that, so ``floor_vs_segment`` is the best ratio this model allows on this machine, and
``startup_beyond_decode_s`` (translate - segment - decode) is what hinews itself adds.
The translator's cold load (its own process: ctranslate2 imported, engine and tokenizer
read) is reported too: ``serial_floor_vs_segment`` (segment + load + decode) is what a run
that overlaps none of its work would take; overlapping the load with reading and cleaning
is all a ``translate`` can win below it.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from hinews.bench.child import run_child
from hinews.bench.registry import judge

SHORT_SENTENCES = 5  # a short news item: its title and five sentences


def _hinews() -> list[str]:
    script = shutil.which("hinews")
    return [script] if script else [sys.executable, "-m", "hinews.cli"]


def write_config(path: Path, model: Path, threads: int, new_tokens: int) -> Path:
    """The fast preset with the benchmark's model (and its fixed output length)."""
    text = (
        "translator:\n"
        f"  model: {json.dumps(str(model))}\n"
        "  backend: ctranslate2\n"
        "  quantization: auto\n"
        "  num_beams: 1\n"
        "  max_source_tokens: 256\n"
        f"  max_new_tokens: {new_tokens}\n"
        "  batch_tokens: 4096\n"
        "  batch_size: 32\n"
        f"  threads: {threads}\n"
        "summarizer:\n"
        "  strategy: extractive\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def short_article(text: str, sentences: int = SHORT_SENTENCES) -> str:
    """The title and the first ``sentences`` sentences of an article, as a plain text."""
    from hinews.text import prepare, segment_article

    seg = segment_article(prepare(text))
    body = " ".join(s.text for s in seg.sentences[:sentences])
    return f"{seg.title}\n\n{body}\n" if seg.title else body + "\n"


def _wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, env=env, check=False, timeout=600)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError(f"{' '.join(command)} failed: {' | '.join(tail)}")
    return elapsed


def run_cli_suite(
    model: Path,
    article_text: str,
    work: Path,
    env: dict[str, str],
    *,
    threads: int,
    new_tokens: int,
    repeat: int,
) -> dict[str, Any]:
    """Median cold-process wall times of segment / translate / brief on two articles.

    Returns:
        ``{"articles": {name: {"sentences", "commands": {cmd: {"median_s", "min_s"}},
        "ratios"}}, "ratios": {...short article...}, "goals": {...}}``.
    """
    work.mkdir(parents=True, exist_ok=True)
    config = write_config(work / "fast-bench.yaml", model, threads, new_tokens)
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    articles = {"short": short_article(article_text), "full": article_text}
    hinews = _hinews()
    out: dict[str, Any] = {"articles": {}, "repeat": repeat, "new_tokens": new_tokens}
    for name, text in articles.items():
        path = work / f"article-{name}.txt"
        path.write_text(text, encoding="utf-8")
        commands = {
            "segment": [*hinews, "segment", str(path)],
            "translate": [*hinews, "translate", "--config", str(config), str(path)],
            "brief": [*hinews, "brief", "--config", str(config), str(path)],
        }
        times: dict[str, list[float]] = {c: [] for c in commands}
        for _ in range(repeat + 1):  # the first round warms caches and is not counted
            for command, argv in commands.items():
                times[command].append(_wall(argv, env))
        from hinews.text import prepare, segment_article

        seg = segment_article(prepare(text))
        result = {
            c: {"median_s": statistics.median(t[1:]), "min_s": min(t[1:])} for c, t in times.items()
        }
        base = result["segment"]["median_s"]
        spec = {"system": "decode", "config": str(config), "texts": [text]}
        alone = run_child(spec, env, "hinews.bench.alone", timeout=600)
        decode, load = alone["decode_s"], alone["load_s"]
        out["articles"][name] = {
            "sentences": len(seg.sentences) + (1 if seg.title else 0),
            "chars": len(text),
            "commands": result,
            "decode_s": decode,
            "load_s": load,
            "startup_beyond_decode_s": result["translate"]["median_s"] - base - decode,
            "ratios": {
                "translate_vs_segment": result["translate"]["median_s"] / base,
                "brief_vs_segment": result["brief"]["median_s"] / base,
                "floor_vs_segment": (base + decode) / base,
                "serial_floor_vs_segment": (base + load + decode) / base,
                "translate_vs_serial_floor": result["translate"]["median_s"]
                / (base + load + decode),
            },
        }
    out["ratios"] = dict(out["articles"]["short"]["ratios"])
    value = out["ratios"]["translate_vs_serial_floor"]
    # A cold one-article `hinews translate` over its serial floor: segment + the
    # translator's cold load + its warm decoding, each measured on its own in this run.
    out["goals"] = {"translate_vs_serial_floor": judge("translate_vs_serial_floor", value)}
    return out


def render_cli(result: dict[str, Any]) -> str:
    """The suite's table."""
    lines = [
        f"cli suite: cold process, median of {result['repeat']} runs, "
        f"{result['new_tokens']} new tokens per sentence",
        "",
        f"{'article':<8} {'sent.':>5} {'segment s':>10} {'translate s':>12} {'brief s':>9} "
        f"{'translate/seg':>14} {'brief/seg':>10} {'decode s':>9} {'floor/seg':>10} "
        f"{'load s':>7} {'+load/seg':>10} {'trans/+load':>12}",
    ]
    for name, a in result["articles"].items():
        c = a["commands"]
        lines.append(
            f"{name:<8} {a['sentences']:>5} {c['segment']['median_s']:>10.3f} "
            f"{c['translate']['median_s']:>12.3f} {c['brief']['median_s']:>9.3f} "
            f"{a['ratios']['translate_vs_segment']:>13.2f}x "
            f"{a['ratios']['brief_vs_segment']:>9.2f}x {a['decode_s']:>9.3f} "
            f"{a['ratios']['floor_vs_segment']:>9.2f}x {a['load_s']:>7.3f} "
            f"{a['ratios']['serial_floor_vs_segment']:>9.2f}x "
            f"{a['ratios']['translate_vs_serial_floor']:>11.2f}x"
        )
    lines.append("")
    for name, goal in result["goals"].items():
        lines.append(f"  {name} (short article) {result['ratios'][name]:.2f}  {goal}")
    short = result["articles"]["short"]
    lines.append(
        f"  floor_vs_segment (short article) {short['ratios']['floor_vs_segment']:.2f}  "
        f"(segment + the model's warm decoding; hinews adds "
        f"{short['startup_beyond_decode_s']:.3f} s of start-up beyond it)"
    )
    lines.append(
        f"  serial_floor_vs_segment (short article) "
        f"{short['ratios']['serial_floor_vs_segment']:.2f}  (segment + the translator's cold "
        f"load, {short['load_s']:.3f} s, + decoding: what a run that overlaps nothing takes)"
    )
    return "\n".join(lines)


if __name__ == "__main__":  # a quick look: python -m hinews.bench.cli_suite MODEL ARTICLE
    doc = run_cli_suite(
        Path(sys.argv[1]),
        Path(sys.argv[2]).read_text("utf-8"),
        Path("/tmp/hinews-cli-suite"),
        dict(os.environ),
        threads=2,
        new_tokens=32,
        repeat=3,
    )
    print(render_cli(doc))
