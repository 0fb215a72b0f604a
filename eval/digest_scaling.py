"""How ``hinews digest --stories-only`` scales: time and peak memory at 1k, 10k, 100k reports.

One command for the whole table (the lead reruns it on a quiet machine)::

    python eval/digest_scaling.py                      # 1k, 10k, 100k; exact up to 4k
    python eval/digest_scaling.py --sizes 1000 10000 --exact-up-to 8000 --agree 8000

Each size is a synthetic JSONL day (:mod:`hinews.digests.synthetic`: real NTREX/FLORES
Hindi sentences recombined into stories, a quarter of the reports syndicated copies),
written to a temporary folder, then ``hinews digest --stories-only --format json`` runs in
a child process; its wall time and its peak memory (the summed RSS of it and its worker
processes, sampled every 0.1 s with psutil) are printed beside the exact dense method
where it fits, with the growth exponent between sizes (time ∝ n^b). Every report must be
in exactly one story; that is checked on each run. ``--agree N`` also prints the B-cubed
agreement of the sparse grouping with the exact one on N reports (exact as the gold),
and both against the synthetic gold stories. The machine's load average is printed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def run_digest(day: Path, out: Path, *, grouping: str, workers: int | None) -> dict[str, Any]:
    """Run the CLI on ``day``; its wall time, peak summed RSS, stories and reports."""
    import psutil

    run = "import sys; from hinews.cli import main; sys.exit(main(sys.argv[1:]))"
    cmd = [sys.executable, "-c", run, "digest", "--stories-only", "--format", "json"]
    cmd += ["--grouping", grouping, "-o", str(out), str(day)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    start = time.perf_counter()
    log = out.with_suffix(".log").open("w+", encoding="utf-8")  # a pipe could fill and block
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, text=True)
    peak = 0
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = parent.memory_info().rss
            rss += sum(c.memory_info().rss for c in parent.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.1)
    wall = time.perf_counter() - start
    log.seek(0)
    err = log.read()
    log.close()
    if proc.returncode != 0:
        raise SystemExit(f"digest failed ({proc.returncode}): {err[-2000:]}")
    data = json.loads(out.read_text("utf-8"))
    ids = [a["id"] for s in data["stories"] for a in s["articles"]]
    assert len(ids) == len(set(ids)), "a report in two stories"
    return {
        "wall_s": wall,
        "peak_gb": peak / 1e9,
        "stories": len(data["stories"]),
        "reports": len(ids),
        "skipped": len(data["skipped"]),
        "data": data,
    }


def exponent(rows: list[tuple[int, float]]) -> list[str]:
    """``b`` in time ∝ n^b between consecutive sizes."""
    out = []
    for (n1, t1), (n2, t2) in itertools.pairwise(rows):
        out.append(f"{n1}->{n2}: {math.log(t2 / t1) / math.log(n2 / n1):.2f}")
    return out


def agreement(day: Path, folder: Path, workers: int | None) -> None:
    """B-cubed of sparse against exact (and both against the synthetic gold)."""
    sys.path.insert(0, str(ROOT / "eval"))
    from digest_quality import bcubed

    gold = {}
    for line in day.read_text("utf-8").splitlines():
        record = json.loads(line)
        gold[record["id"]] = record["story"]
    got = {}
    for method in ("sparse", "exact"):
        r = run_digest(day, folder / f"agree-{method}.json", grouping=method, workers=workers)
        got[method] = {a["id"]: s["id"] for s in r["data"]["stories"] for a in s["articles"]}
        print(f"  {method}: {r['wall_s']:.1f} s, {r['peak_gb']:.2f} GB, {r['stories']} stories")
    p, r_, f = bcubed(got["sparse"], got["exact"])
    print(f"  B-cubed sparse vs exact: precision {p:.3f} recall {r_:.3f} F1 {f:.3f}")
    for method in ("sparse", "exact"):
        p, r_, f = bcubed(got[method], {k: gold[k] for k in got[method]})
        print(f"  {method} vs gold stories: precision {p:.3f} recall {r_:.3f} F1 {f:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000, 100000])
    parser.add_argument("--exact-up-to", type=int, default=4000, help="largest exact run")
    parser.add_argument("--agree", type=int, default=0, help="B-cubed sparse vs exact at N")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    if not (args.data / "ntrex128").is_dir():
        print(f"digest_scaling: no data at {args.data} (give --data ../shared/data)")
        return 2
    from hinews.digests.synthetic import hindi_sentences, write_day

    pool = hindi_sentences(args.data)
    print(f"load average before: {os.getloadavg()}; cores: {os.cpu_count()}")
    print(f"{'reports':>8} {'method':>7} {'wall s':>8} {'peak GB':>8} {'stories':>8} {'ok':>4}")
    timings: dict[str, list[tuple[int, float]]] = {"sparse": [], "exact": []}
    with tempfile.TemporaryDirectory(prefix="hinews-scale-") as tmp:
        folder = Path(tmp)
        for n in args.sizes:
            day = write_day(folder / f"day{n}.jsonl", pool, n)
            for method in ("sparse", "exact"):
                if method == "exact" and n > args.exact_up_to:
                    continue
                r = run_digest(day, folder / "out.json", grouping=method, workers=args.workers)
                ok = "yes" if r["reports"] + r["skipped"] == n else "NO"
                timings[method].append((n, r["wall_s"]))
                print(
                    f"{n:>8} {method:>7} {r['wall_s']:>8.1f} {r['peak_gb']:>8.2f} "
                    f"{r['stories']:>8} {ok:>4}",
                    flush=True,
                )
        for method, rows in timings.items():
            if len(rows) > 1:
                print(f"growth exponent ({method}, time): {', '.join(exponent(rows))}")
        if args.agree:
            print(f"agreement at {args.agree} reports:")
            agreement(write_day(folder / "agree.jsonl", pool, args.agree), folder, args.workers)
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
