"""``--suite translate``: every system translates the same sentences with the same model
of real size, each in its own process (see :mod:`hinews.bench.runner` for the list), and
hinews beside IndicTrans2's own engine on the ``indictrans2`` shape."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from hinews.bench import child
from hinews.bench.registry import GOALS, fmt
from hinews.bench.registry import goals as judge_all
from hinews.bench.shapes import SHAPES
from hinews.bench.systems import SYSTEMS

LABELS = {
    "pipeline": "(1) transformers pipeline, 1 sentence",
    "generate": "(2) model.generate, batches",
    "hinews-hf": "(3) hinews, transformers backend",
    "hinews-ct2": "(4) hinews, ctranslate2 int8",
    "raw-ct2": "(5) raw ctranslate2 translate_batch",
    "raw-ct2-main": "(6) raw ctranslate2, engine built on the main thread",
    "raw-ct2-planned": "(7) raw ctranslate2 on hinews's batches",
}


# (limit, baseline limit): NLLB-600M on enough sentences for stable figures.
DEFAULT_LIMITS = {"marian": (None, 96), "nllb-600m": (256, 16)}


def ratios(systems: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    """Ratios of tokens per second (hinews-ct2 over the other) and of peak memory."""

    def tps(name: str) -> float | None:
        return systems[name]["tokens_per_s"] if name in systems else None

    def div(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    ct2 = tps("hinews-ct2")
    mem = systems.get("hinews-ct2", {}).get("peak_rss_mb")
    return {
        "ct2_vs_generate": div(ct2, tps("generate")),
        "ct2_vs_pipeline": div(ct2, tps("pipeline")),
        "ct2_vs_raw_ct2": div(ct2, tps("raw-ct2")),
        "ct2_peak_mem_vs_generate": div(mem, systems.get("generate", {}).get("peak_rss_mb")),
        "hf_vs_generate": div(tps("hinews-hf"), tps("generate")),
        "ct2_vs_raw_ct2_main_thread": div(ct2, tps("raw-ct2-main")),
        "ct2_vs_raw_planned": div(ct2, tps("raw-ct2-planned")),
        "ct2_peak_mem_vs_raw_planned": div(
            mem, systems.get("raw-ct2-planned", {}).get("peak_rss_mb")
        ),
    }


def goals(r: dict[str, float | None]) -> dict[str, str]:
    """The verdicts of the translate suite's goals (see :data:`hinews.bench.registry.GOALS`)."""
    return judge_all(r)


def _timed(command: list[str], env: dict[str, str], repeat: int = 5) -> float | None:
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, env=env, check=False)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            return None
        best = elapsed if best is None else min(best, elapsed)
    return best


def startup_costs(env: dict[str, str]) -> dict[str, float | None]:
    """Wall time of ``import hinews`` and ``hinews --help`` beyond a bare interpreter."""
    bare = _timed([sys.executable, "-c", "pass"], env) or 0.0
    imp = _timed([sys.executable, "-c", "import hinews"], env)
    script = shutil.which("hinews")
    helps = _timed(
        [script, "--help"] if script else [sys.executable, "-m", "hinews.cli", "--help"], env
    )
    return {
        "python_s": bare,
        "import_hinews_s": None if imp is None else imp - bare,
        "hinews_help_s": helps,
    }


def bench_shape(
    shape: str, sentences: list[str], args: argparse.Namespace, cache: Path, env: dict[str, str]
) -> dict[str, Any]:
    if SHAPES[shape].kind == "indictrans2":
        return bench_indictrans2(shape, sentences, args, cache, env)
    spm_dir = args.tokenizer_dir or child.TOKENIZERS
    path = child.ensure_model(shape, cache, spm_dir, env)
    limit, baseline = DEFAULT_LIMITS.get(shape, (None, 16))
    limit = args.limit if args.limit is not None else limit
    baseline = args.baseline_limit if args.baseline_limit is not None else baseline
    chosen = check_systems(args.systems)
    systems: dict[str, dict[str, Any]] = {}
    for system in SYSTEMS:
        if system not in chosen:
            continue
        n = baseline if system in ("pipeline", "raw-ct2-main") else limit
        subset = sentences[:n] if n else sentences
        child.log(f"{shape}: {system} on {len(subset)} sentences, {args.threads} threads")
        spec = {
            "system": system,
            "model": str(path),
            "sentences": subset,
            "new_tokens": args.new_tokens,
            "batch_size": args.batch_size,
            "threads": args.threads,
        }
        busy, children, started = child.busy_s(), child.children_cpu_s(), time.perf_counter()
        systems[system] = child.run_child(spec, env)
        if busy is not None:  # cores other processes kept busy while this system ran
            others = (child.busy_s() or 0.0) - busy - (child.children_cpu_s() - children)
            systems[system]["other_load"] = max(0.0, others / (time.perf_counter() - started))
        child.log(
            f"  {systems[system]['tokens_per_s']:.1f} tok/s, "
            f"{systems[system]['peak_rss_mb']:.0f} MB"
        )
    expected = [args.new_tokens]
    equal = all(r["tokens_per_sentence"] == expected for r in systems.values())
    r = ratios(systems)
    return {
        "model": shape,
        "threads": args.threads,
        "new_tokens": args.new_tokens,
        "batch_size": args.batch_size,
        "equal_work": equal,
        "systems": systems,
        "ratios": r,
        "goals": goals(r),
    }


def bench_indictrans2(
    shape: str, sentences: list[str], args: argparse.Namespace, cache: Path, env: dict[str, str]
) -> dict[str, Any]:
    """hinews beside IndicTrans2's own engine (see :mod:`hinews.bench.indictrans2_suite`)."""
    from hinews.bench import indictrans2_suite as suite

    path = child.ensure_model(shape, cache, child.spm_dir(args, shape), env)
    converted = str(max((cache / "ct2").glob(f"{path.name}--*--int8"), key=child.mtime))
    peers = str(args.peers or child.PEERS)
    limit = args.limit if args.limit is not None else 128
    subset = sentences[:limit]
    base = {
        "converted": converted,
        "peers": peers,
        "new_tokens": args.new_tokens,
        "beams": 5,
        "batch_size": args.batch_size,
        "threads": args.threads,
    }
    systems: dict[str, dict[str, Any]] = {}
    for system in suite.SYSTEMS:
        child.log(f"{shape}: {system} on {len(subset)} sentences, beam 5, {args.threads} threads")
        systems[system] = child.run_child(
            {**base, "system": system, "sentences": subset}, env, "hinews.bench.indictrans2_suite"
        )
        child.log(
            f"  {systems[system]['tokens_per_s']:.1f} tok/s, "
            f"{systems[system]['peak_rss_mb']:.0f} MB"
        )
    child.log(f"{shape}: raw-ct2-planned (the engine alone on hinews's batches), beam 5")
    raw = child.run_child(
        {
            "system": "raw-ct2-planned",
            "model": str(path),
            "sentences": subset,
            "new_tokens": args.new_tokens,
            "batch_size": args.batch_size,
            "threads": args.threads,
            "beams": 5,
        },
        env,
    )
    ours = systems["hinews-ct2"]
    raw_ratios = {
        "ct2_vs_raw_planned": ours["tokens_per_s"] / raw["tokens_per_s"],
        "ct2_peak_mem_vs_raw_planned": ours["peak_rss_mb"] / raw["peak_rss_mb"],
    }
    ntrex = child.data_dir(args) / "ntrex128"
    lost = None
    if (ntrex / "newstest2019-ref.hin.txt").is_file():
        from hinews.bench.brief_suite import ntrex_documents

        docs = [" ".join(doc.split()) for doc in ntrex_documents(ntrex)]  # one paragraph each
        child.log(
            f"{shape}: source tokens each system never translates, {len(docs)} NTREX documents"
        )
        lost = child.run_child({**base, "system": "dropped", "docs": docs}, env, suite.__name__)
    equal = all(r["tokens_per_sentence"] == [args.new_tokens] for r in systems.values())
    return {
        "model": shape,
        "threads": args.threads,
        "new_tokens": args.new_tokens,
        "batch_size": args.batch_size,
        "beams": 5,
        "equal_work": equal,
        "systems": systems,
        "versus": suite.compare(systems),
        "raw_planned": raw,
        "ratios": raw_ratios,
        "dropped": lost,
    }


def render_indictrans2(result: dict[str, Any]) -> str:
    """The side-by-side table of :func:`bench_indictrans2`."""

    labels = {
        "hinews-ct2": "hinews, ctranslate2 int8",
        "engine": "IndicTrans2 engine (as shipped)",
        "engine-thread": "IndicTrans2 engine, model built on a thread",
    }
    lines = [
        f"model shape: {result['model']}, {result['threads']} threads, beam {result['beams']}, "
        f"{result['new_tokens']} new tokens per sentence (equal work: "
        f"{'yes' if result['equal_work'] else 'NO'})",
        "",
    ]
    head = (
        f"{'system':<44} {'sent.':>6} {'tokens':>7} {'seconds':>8} {'tok/s':>7} "
        f"{'peak MB':>8} {'load s':>7}"
    )
    lines += [head, "-" * len(head)]
    for name, s in result["systems"].items():
        lines.append(
            f"{labels[name]:<44} {s['sentences']:>6} {s['target_tokens']:>7} "
            f"{s['seconds']:>8.2f} {s['tokens_per_s']:>7.1f} {s['peak_rss_mb']:>8.0f} "
            f"{s['load_s']:>7.2f}"
        )
    lines += ["", "hinews over each engine (same converted model, same sentences):"]
    for name, v in result["versus"].items():
        lines.append(
            f"  vs {labels[name]:<44} speed {fmt(v['speed'], '.2f')}x (goal "
            f"{GOALS['speed_vs_engine']}), peak memory {v['memory']:.2f}x (goal "
            f"{GOALS['memory_vs_engine']}), identical outputs "
            f"{v['identical_outputs']}/{v['sentences']} ({v['identical_given_same_inputs']}/"
            f"{v['same_inputs']} where both feed the model the same tokens)"
        )
    raw, r = result.get("raw_planned"), result.get("ratios", {})
    if raw:
        lines.append(
            f"  vs raw ctranslate2 on hinews's batches ({raw['tokens_per_s']:.1f} tok/s, "
            f"{raw['peak_rss_mb']:.0f} MB): speed {r['ct2_vs_raw_planned']:.2f}x "
            f"{goals(r)['ct2_vs_raw_planned']}, peak memory "
            f"{r['ct2_peak_mem_vs_raw_planned']:.2f}x {goals(r)['ct2_peak_mem_vs_raw_planned']}"
        )
    lost = result.get("dropped")
    if lost:
        lines += [
            "",
            f"source tokens never translated, {lost['docs']} NTREX-128 documents (each one "
            "paragraph):",
            f"  IndicTrans2 translate_paragraph: {lost['engine_dropped']} of "
            f"{lost['engine_tokens']} ({100 * lost['engine_share']:.1f}%; its splitter, "
            f"then inputs cut at {lost['engine_limit']} tokens)",
            f"  hinews: {lost['hinews_dropped']} of {lost['hinews_tokens']} "
            f"({100 * lost['hinews_share']:.1f}%; sentences over {lost['hinews_limit']} tokens "
            "split at clauses)",
        ]
    return "\n".join(lines)


def render_table(result: dict[str, Any]) -> str:
    systems = result["systems"]
    pipe = systems.get("pipeline", {}).get("tokens_per_s")
    gen = systems.get("generate", {}).get("tokens_per_s")
    lines = [
        f"model shape: {result['model']}, {result['threads']} threads, batch "
        f"{result['batch_size']}, {result['new_tokens']} new tokens per sentence "
        f"(equal work: {'yes' if result['equal_work'] else 'NO'})",
        "",
    ]
    head = (
        f"{'system':<40} {'sent.':>6} {'tokens':>8} {'seconds':>8} {'tok/s':>8} "
        f"{'peak MB':>8} {'vs (1)':>7} {'vs (2)':>7}"
    )
    lines += [head, "-" * len(head)]
    for name, s in systems.items():
        tps = s["tokens_per_s"]
        lines.append(
            f"{LABELS[name]:<40} {s['sentences']:>6} {s['target_tokens']:>8} "
            f"{s['seconds']:>8.2f} {tps:>8.1f} {s['peak_rss_mb']:>8.0f} "
            f"{fmt(tps / pipe if pipe else None, '>6.2f') + 'x':>7} "
            f"{fmt(tps / gen if gen else None, '>6.2f') + 'x':>7}"
        )
    if "pipeline" in systems and systems["pipeline"].get("impl"):
        lines.append(f"(1) ran as: {systems['pipeline']['impl']}")
    busy = [
        f"{n} {s['other_load']:.1f}"
        for n, s in systems.items()
        if (s.get("other_load") or 0) > 0.25
    ]
    if busy:
        lines.append(
            "WARNING: other processes kept CPU cores busy while these ran (cores: "
            f"{', '.join(busy)}); figures are unreliable, rerun on an idle machine"
        )
    lines += ["", "ratios (hinews-ct2 over the other; memory: hinews-ct2 / generate):"]
    for name, value in result["ratios"].items():
        goal = result["goals"].get(name, "")
        lines.append(f"  {name:<26} {fmt(value, '.2f'):>7}  {goal}")
    return "\n".join(lines)


def render_shape(result: dict[str, Any]) -> str:
    return render_indictrans2(result) if "versus" in result else render_table(result)


def check_systems(text: str) -> list[str]:
    chosen = [s.strip() for s in text.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SYSTEMS))
    if unknown or not chosen:
        raise SystemExit(f"hinews bench: unknown systems {unknown}; valid: {', '.join(SYSTEMS)}")
    return chosen
