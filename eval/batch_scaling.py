"""Batch scaling: articles per second for one process, ``--engine local`` and Ray Data.

Runs, side by side in one run and each in its own process, the same FLORES-200 devtest
articles (281 articles, 1012 sentences; or NTREX-128 documents) through a real-size,
randomly initialised opus-mt-shaped Marian in CTranslate2 int8 (built by
:mod:`hinews.bench.shapes` from the real IndicTrans2 SentencePiece models):

1. the single-process pipeline, ``Pipeline.translate_batch`` on every article, 1 thread;
2. ``hinews batch --engine local`` (the same per-shard code as the Ray workers), 1 thread;
3. ``hinews batch --engine ray --workers 1 --threads 1``;
4. the single-process pipeline with 2 threads (the same cores as 5);
5. ``hinews batch --engine ray --workers 2 --threads 1``;
6. two single processes at once, 1 thread each, half the articles each: what two
   independent workers get from this machine, the ceiling for 5 over 3.

Reported: articles/s end to end (model loading and Ray start-up included) and over the
processing only (first shard started to last written; for the single process, the
``translate_batch`` call), scaling efficiency (5 over 3, processing) and Ray's overhead
per article (processing time per article of 3 over 1, equal threads); start-up, a fixed
cost per run, is reported on its own. Every system must
return the same translations (checked). The machine's other load during each run is
printed: figures on a shared machine are noisy.

    python eval/batch_scaling.py                       # all five, FLORES
    python eval/batch_scaling.py --articles 100 --source ntrex --format json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = {
    "single-1": ("(1) single process, Pipeline.translate_batch", "single", 1, 1),
    "local-1": ("(2) hinews batch --engine local", "local", 1, 1),
    "ray-1x1": ("(3) hinews batch --engine ray, 1 worker", "ray", 1, 1),
    "single-2": ("(4) single process, 2 threads", "single", 1, 2),
    "ray-2x1": ("(5) hinews batch --engine ray, 2 workers", "ray", 2, 1),
    # The machine's own ceiling for two workers: two single processes (1 thread each) on
    # half the articles each, at the same time, no Ray.
    "pair-1x1": ("(6) two single processes at once, half each", "pair", 2, 1),
}
TOKENIZERS = ROOT.parent / "shared" / "tokenizers" / "indictrans2-indic-en"
GOALS = (
    ("ray_2_vs_1", ">=", 1.7),
    ("ray_overhead_per_article", "<", 0.10),
    ("local_overhead_per_article", "<", 0.10),
)
# What each goal's figure is measured against, for the table.
AGAINST = {
    "ray_2_vs_1": "Ray, 1 worker (ideal: 2x)",
    "ray_overhead_per_article": "the single process, same threads",
    "local_overhead_per_article": "the single process, same threads",
}


def _log(message: str) -> None:
    print(f"[batch-scaling] {message}", file=sys.stderr, flush=True)


def load_articles(data_dir: Path, source: str, limit: int | None) -> list[dict[str, Any]]:
    """FLORES articles (consecutive lines with the same URL) or NTREX documents."""
    if source == "flores":
        from hinews.evaluation.data import flores_articles

        groups = [s for _, s in flores_articles(data_dir / "flores200-devtest")]
        paragraph = " "  # one paragraph per article: its sentences in order
    else:
        folder = data_dir / "ntrex128"
        lines = (folder / "newstest2019-ref.hin.txt").read_text("utf-8").splitlines()
        keys = (folder / "DOCUMENT_IDS.tsv").read_text("utf-8").splitlines()
        paragraph = "\n\n"  # first line the headline, then one paragraph per line
        docs: dict[str, list[str]] = {}
        for key, line in zip(keys, lines, strict=False):
            if line.strip():
                docs.setdefault(key, []).append(line.strip())
        groups = list(docs.values())
    articles = [
        {"id": f"{source}-{i:04d}", "text": paragraph.join(sentences)}
        for i, sentences in enumerate(groups)
    ]
    return articles[:limit] if limit else articles


class LoadMeter(threading.Thread):
    """Samples, once a second, the CPU that processes outside one process tree use.

    Ray's workers are grandchildren of the system's process, so CPU time of the tree is
    the run's own and everything else is the machine's other load.
    """

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.others = 0.0
        self.mine = 0.0  # CPU seconds of the tree: the system's own cost, whatever the load
        self.started = time.monotonic()
        self._stop_event = threading.Event()

    def _cpu(self) -> dict[int, float]:
        import psutil

        seen = {}
        for proc in psutil.process_iter():
            try:
                t = proc.cpu_times()
                seen[proc.pid] = t.user + t.system
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return seen

    def _tree(self) -> set[int]:
        import psutil

        try:
            root = psutil.Process(self.root)
            return {self.root, os.getpid()} | {c.pid for c in root.children(recursive=True)}
        except psutil.NoSuchProcess:
            return {self.root, os.getpid()}

    def run(self) -> None:
        before = self._cpu()
        while not self._stop_event.wait(0.5):
            now, mine = self._cpu(), self._tree()
            for pid, cpu in now.items():
                delta = cpu - before.get(pid, 0.0 if pid in mine else cpu)
                if pid in mine:
                    self.mine += delta
                else:
                    self.others += delta
            before = now

    def stop(self) -> tuple[float, float]:
        """Average cores other processes used while this ran, and the tree's CPU seconds."""
        self._stop_event.set()
        self.join()
        return self.others / max(time.monotonic() - self.started, 1e-9), self.mine


def _config(model: Path, threads: int, new_tokens: int) -> dict[str, Any]:
    from hinews.config import PipelineConfig

    return PipelineConfig.from_dict(
        {
            "translator": {
                "model": str(model),
                "backend": "ctranslate2",
                "device": "cpu",
                "quantization": "int8",
                "num_beams": 1,
                "max_new_tokens": new_tokens,
                "batch_size": 32,
                "threads": threads,
            },
            "summarizer": {"strategy": "extractive"},
        }
    ).to_dict()


def _digest(targets: list[str]) -> str:
    return hashlib.sha256("\n".join(targets).encode()).hexdigest()[:16]


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one system in this process and return its figures."""
    started = time.perf_counter()
    lines = Path(spec["input"]).read_text("utf-8").splitlines()
    articles = [json.loads(line) for line in lines]
    if spec["engine"] == "pair":
        return _pair(spec, lines, started)
    if spec["engine"] == "single":
        from hinews.config import PipelineConfig
        from hinews.pipeline import Pipeline

        pipe = Pipeline(PipelineConfig.from_dict(spec["config"]))
        pipe.translator  # noqa: B018  (load the model, as a batch worker does)
        work = time.perf_counter()
        results = pipe.translate_batch([a["text"] for a in articles])
        end = time.perf_counter()
        targets = [r.text for r in results]
        sentences = sum(len(r.sentences) for r in results)
        processing = end - work
    else:
        from hinews.batch import BatchOptions, run_batch
        from hinews.batch.store import read_output

        out = Path(spec["output"])
        summary = run_batch(
            BatchOptions(
                input=spec["input"],
                output=out,
                config=spec["config"],
                engine=spec["engine"],
                workers=spec["workers"],
                threads=spec["threads"],
                shard_size=spec["shard_size"],
                progress=False,
            )
        )
        end = time.perf_counter()
        if summary.failed:
            raise SystemExit(f"{summary.failed} articles failed")
        rows = [r for p in sorted(out.glob("part-*")) for r in read_output(p)]
        targets = [r["result"]["text"] for r in rows]
        sentences = sum(len(r["result"]["sentences"]) for r in rows)
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        processing = manifest["timing"]["processing_s"]
    return {
        "articles": len(targets),
        "sentences": sentences,
        "wall_s": end - started,
        "processing_s": processing,
        "digest": _digest(targets),
        **({"targets": targets} if spec.get("return_targets") else {}),
    }


def _pair(spec: dict[str, Any], lines: list[str], started: float) -> dict[str, Any]:
    """Two single-process runs on the two halves of the input, at the same time: what two
    independent workers get from this machine (the ceiling for Ray's 2-worker scaling)."""
    half = (len(lines) + 1) // 2
    work = Path(tempfile.mkdtemp(prefix="hinews-pair-"))
    procs = []
    for i, part in enumerate((lines[:half], lines[half:])):
        archive = work / f"half-{i}.jsonl"
        archive.write_text("".join(line + "\n" for line in part), encoding="utf-8")
        sub = {**spec, "engine": "single", "input": str(archive), "return_targets": True}
        spec_file = work / f"spec-{i}.json"
        spec_file.write_text(json.dumps(sub), encoding="utf-8")
        procs.append(
            subprocess.Popen(
                [sys.executable, __file__, "--child", str(spec_file)],
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    try:
        outputs = [p.communicate()[0] for p in procs]
        if any(p.returncode for p in procs):
            raise SystemExit("a half of the pair failed (its error is above)")
        halves = [json.loads(out.strip().splitlines()[-1]) for out in outputs]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    targets = [t for h in halves for t in h["targets"]]
    return {
        "articles": len(targets),
        "sentences": sum(h["sentences"] for h in halves),
        "wall_s": time.perf_counter() - started,
        "processing_s": max(h["processing_s"] for h in halves),
        "digest": _digest(targets),
    }


def _run_child(spec: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(spec, f)
    try:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", f.name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        meter = LoadMeter(proc.pid)
        meter.start()
        out, err = proc.communicate()
        other_load, cpu_s = meter.stop()
    finally:
        os.unlink(f.name)
    if proc.returncode != 0:
        raise SystemExit(f"system {spec['name']} failed:\n{err[-3000:]}")
    return {**json.loads(out.strip().splitlines()[-1]), "other_load": other_load, "cpu_s": cpu_s}


def ensure_model(cache: Path, spm_dir: Path, env: dict[str, str], shape: str = "marian") -> Path:
    from hinews.bench.shapes import model_dir

    out = model_dir(cache, shape)
    if not (out / "DONE").is_file():
        _log(f"building the random real-size {shape} once into {out} (and converting it)")
        subprocess.run(
            [sys.executable, "-m", "hinews.bench.shapes", shape, str(out), str(spm_dir)],
            check=True,
            env=env,
        )
    return out


def ratios(systems: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    """Scaling and overheads on the processing rate (start-up is a fixed cost per run, not
    per article: it is reported on its own, and end-to-end rates are in the table)."""

    def rate(name: str, key: str = "processing_s") -> float | None:
        s = systems.get(name)
        return s["articles"] / s[key] if s else None

    def div(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    def overhead(batch: str, single: str) -> float | None:
        ratio = div(rate(single), rate(batch))
        return None if ratio is None else ratio - 1

    def cpu(name: str) -> float | None:
        s = systems.get(name)
        return s["cpu_s"] / s["articles"] if s else None

    def startup(name: str) -> float | None:
        s = systems.get(name)
        return s["wall_s"] - s["processing_s"] if s else None

    return {
        "ray_2_vs_1": div(rate("ray-2x1"), rate("ray-1x1")),
        # The machine's ceiling for two workers, and how much of it Ray's scaling reaches.
        "pair_vs_single": div(rate("pair-1x1"), rate("single-1")),
        "ray_2_vs_1_of_machine_ceiling": div(
            div(rate("ray-2x1"), rate("ray-1x1")), div(rate("pair-1x1"), rate("single-1"))
        ),
        "ray_2_vs_1_end_to_end": div(rate("ray-2x1", "wall_s"), rate("ray-1x1", "wall_s")),
        "ray_overhead_per_article": overhead("ray-1x1", "single-1"),
        "local_overhead_per_article": overhead("local-1", "single-1"),
        "ray_2_workers_vs_single_2_threads": div(rate("ray-2x1"), rate("single-2")),
        # CPU seconds per article, all processes of the run: what the run costs, whatever
        # else the machine is doing (2 workers scale to 2x when this ratio is ~1 and the
        # cores are free)
        "ray_cpu_per_article_vs_single": div(cpu("ray-1x1"), cpu("single-1")),
        "ray_2_cpu_per_article_vs_ray_1": div(cpu("ray-2x1"), cpu("ray-1x1")),
        "single_startup_s": startup("single-1"),
        "ray_1_startup_s": startup("ray-1x1"),
        "ray_2_startup_s": startup("ray-2x1"),
    }


def render(result: dict[str, Any]) -> str:
    lines = [
        f"{result['articles']} {result['source']} articles, {result['sentences']} sentences, "
        f"real-size random {result.get('shape', 'marian')}, CTranslate2 int8, greedy, "
        f"<= {result['new_tokens']} tokens; "
        f"shards of {result['shard_size']}",
        "",
        "| system | articles/s (end to end) | articles/s (processing) | wall s | "
        "CPU s/article | other load | vs (1) |",
        "|---|---|---|---|---|---|---|",
    ]
    base = result["systems"].get("single-1")
    for name, r in result["systems"].items():
        rate = r["articles"] / r["wall_s"]
        vs = f"{rate / (base['articles'] / base['wall_s']):.2f}x" if base else "-"
        lines.append(
            f"| {SYSTEMS[name][0]} | {rate:.2f} | {r['articles'] / r['processing_s']:.2f} | "
            f"{r['wall_s']:.1f} | {r['cpu_s'] / r['articles']:.3f} | "
            f"{r.get('other_load', 0):.2f} cores | {vs} |"
        )
    lines += ["", "ratios:"]
    for key, value in result["ratios"].items():
        lines.append(f"  {key}: {'n/a' if value is None else f'{value:.3f}'}")
    lines += ["", "| goal | measured against | ratio | target | verdict |", "|---|---|---|---|---|"]
    for key, op, target in GOALS:
        value = result["ratios"].get(key)
        ok = value is not None and (value >= target if op == ">=" else value < target)
        shown = "n/a" if value is None else f"{value:.3f}"
        verdict = "n/a" if value is None else "PASS" if ok else "FAIL"
        lines.append(f"| {key} | {AGAINST[key]} | {shown} | {op} {target:g} | {verdict} |")
    lines.append(f"  identical translations, every batch engine: {result['identical']}")
    lines.append(f"  single process the same as the batch engines: {result['single_same']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--tokenizer-dir",
        type=Path,
        default=TOKENIZERS,
    )
    parser.add_argument("--source", choices=("flores", "ntrex"), default="flores")
    parser.add_argument(
        "--shape",
        choices=("marian", "indictrans2"),
        default="marian",
        help="the random real-size model: opus-mt's shape or IndicTrans2 dist-200M's "
        "(its dictionaries from --tokenizer-dir, default ../shared/models/indictrans2/"
        "tiny-memorised-dist for it)",
    )
    parser.add_argument("--articles", type=int, help="use the first N articles (default: all)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="the articles N times over (a larger archive)"
    )
    parser.add_argument("--shard-size", type=int, default=16)
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument(
        "--systems",
        default="single-1,local-1,ray-1x1,ray-2x1,pair-1x1",
        help=f"comma-separated, from {', '.join(SYSTEMS)}",
    )
    parser.add_argument(
        "--out", type=Path, help="also write the JSON result here (after each system)"
    )
    parser.add_argument("--cache", type=Path, help="default $HINEWS_CACHE or ~/.cache/hinews")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(Path(args.child).read_text("utf-8")))))
        return 0
    cache = (
        (args.cache or Path(os.environ.get("HINEWS_CACHE", "~/.cache/hinews")))
        .expanduser()
        .resolve()
    )
    env = dict(os.environ, HINEWS_CACHE=str(cache), HF_HUB_OFFLINE="1", OMP_NUM_THREADS="1")
    # Ray runs its workers at nice 15; on a machine shared with other work that would
    # measure the scheduler, not Ray. A dedicated cluster node is unaffected either way.
    env.setdefault("RAY_worker_niceness", "0")
    spm_dir = args.tokenizer_dir
    if args.shape == "indictrans2" and spm_dir == TOKENIZERS:
        spm_dir = ROOT.parent / "shared" / "models" / "indictrans2" / "tiny-memorised-dist"
    model = ensure_model(cache, spm_dir, env, args.shape)
    articles = load_articles(args.data_dir, args.source, args.articles)
    # A larger archive from the same articles (new ids; no translation is cached, so the
    # work grows with it): lets shards be large enough to batch well and many enough
    # to keep every worker busy.
    articles = [
        {**a, "id": f"{a['id']}-r{r}"} if args.repeat > 1 else a
        for r in range(args.repeat)
        for a in articles
    ]
    work = Path(tempfile.mkdtemp(prefix="hinews-batch-scaling-"))
    archive = work / "articles.jsonl"
    archive.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8"
    )
    systems: dict[str, dict[str, Any]] = {}
    for name in [s for s in args.systems.split(",") if s]:
        if name not in SYSTEMS:
            parser.error(f"unknown system {name!r}; valid: {', '.join(SYSTEMS)}")
        _, engine, workers, threads = SYSTEMS[name]
        spec = {
            "name": name,
            "engine": engine,
            "workers": workers,
            "threads": threads,
            "config": _config(model, threads, args.new_tokens),
            "input": str(archive),
            "output": str(work / name),
            "shard_size": args.shard_size,
        }
        _log(f"{name}: {len(articles)} articles")
        systems[name] = _run_child(spec, env)
        r = systems[name]
        _log(
            f"  {r['articles'] / r['wall_s']:.2f} articles/s end to end, "
            f"{r['articles'] / r['processing_s']:.2f} processing, {r['wall_s']:.1f} s, "
            f"other load {r['other_load']:.2f} cores"
        )
        if args.out:
            args.out.write_text(json.dumps(systems, indent=2), encoding="utf-8")
    result = {
        "shape": args.shape,
        "source": args.source,
        "articles": len(articles),
        "sentences": max((s["sentences"] for s in systems.values()), default=0),
        "new_tokens": args.new_tokens,
        "shard_size": args.shard_size,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "systems": systems,
        "ratios": ratios(systems),
        "identical": len(
            {s["digest"] for n, s in systems.items() if not n.startswith(("single", "pair"))}
        )
        <= 1,
        # the single process batches all articles at once, the engines shard by shard: with
        # int8 random weights a different batch can flip a near-tie token
        "single_same": len({s["digest"] for s in systems.values()}) == 1,
    }
    print(json.dumps(result, indent=2) if args.format == "json" else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
