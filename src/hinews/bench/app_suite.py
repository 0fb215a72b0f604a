"""``hinews bench --suite app``: N concurrent ``gradio_client`` clients against ``hinews serve``.

The server runs in its own process with the benchmark's model on CTranslate2 (the fast
preset's settings); N short articles (consecutive FLORES-200 sentences) are briefed through
the ``/brief`` API one after the other from one client, then all at once from N clients.
Requests per second both ways; concurrent requests share the translator's batches
(:mod:`hinews.webapp.pooling`). The concurrent answers must equal the sequential ones.

Pooling cannot beat the model: the suite also measures, in a process of its own
(:mod:`hinews.bench.alone`), the same requests' sentences given to the translator one
request at a time and all in one call (no server). Their ratio is the most any pooling
can gain on this machine (on a 2-core CPU a batch of 32 decodes only ~1.7x faster per
sentence than a batch of 5; on a GPU far more), and the app's ratio over it is the
pooling's efficiency.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from hinews.bench.child import run_child
from hinews.bench.registry import judge

SENTENCES_PER_ARTICLE = 5


def articles(sentences: list[str], n: int, per_article: int = SENTENCES_PER_ARTICLE) -> list[str]:
    """``n`` short articles of consecutive sentences (one paragraph each)."""
    out = []
    for i in range(n):
        chunk = sentences[i * per_article : (i + 1) * per_article]
        if len(chunk) < per_article:
            break
        out.append(" ".join(chunk))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"hinews serve exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "config", timeout=2):  # our own server, on localhost
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"hinews serve did not answer at {url} within {timeout:.0f} s")


def _strip(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "timings"}


def run_app_suite(
    config: Path,
    texts: list[str],
    env: dict[str, str],
    *,
    clients: int,
    log: Any,
    startup_timeout: float = 300.0,
) -> dict[str, Any]:
    """Serve, warm up, time sequential then concurrent ``/brief`` requests.

    Returns:
        ``{"clients", "requests", "sequential_s", "concurrent_s", "sequential_rps",
        "concurrent_rps", "exact", "ratios": {"app_concurrent_vs_sequential"}, "goals"}``.
    """
    from gradio_client import Client

    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [
        sys.executable,
        "-m",
        "hinews.cli",
        "serve",
        "--config",
        str(config),
        "--port",
        str(port),
        "--concurrency",
        str(max(clients, 1)),
        "--queue-size",
        str(max(64, 2 * clients)),
    ]
    log(f"app: starting hinews serve on port {port}")
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_up(url, proc, startup_timeout)
        pool = [Client(url, verbose=False) for _ in range(clients)]
        pool[0].predict(texts[0], "", "", True, api_name="/brief")  # load and warm up
        log(f"app: {len(texts)} requests one after the other")
        started = time.perf_counter()
        sequential = [pool[0].predict(t, "", "", True, api_name="/brief") for t in texts]
        sequential_s = time.perf_counter() - started
        log(f"app: {len(texts)} requests from {clients} clients at once")
        answers: list[Any] = [None] * len(texts)
        errors: list[BaseException] = []
        barrier = threading.Barrier(len(texts) + 1)

        def one(i: int) -> None:
            barrier.wait()
            try:
                answers[i] = pool[i % clients].predict(texts[i], "", "", True, api_name="/brief")
            except Exception as exc:  # reported below; the other clients go on
                errors.append(exc)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(texts))]
        for t in threads:
            t.start()
        barrier.wait()
        started = time.perf_counter()
        for t in threads:
            t.join()
        concurrent_s = time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    if errors:
        raise RuntimeError(f"{len(errors)} concurrent requests failed: {errors[0]}")
    same = [_strip(a) == _strip(b) for a, b in zip(answers, sequential, strict=True)]
    exact = all(same)
    n = len(texts)
    ratio = (n / concurrent_s) / (n / sequential_s)
    log("app: the translator alone, one request per call and all in one call")
    ceiling = run_child(
        {"system": "ceiling", "config": str(config), "texts": texts}, env, "hinews.bench.alone"
    )
    efficiency = ratio / ceiling["ceiling"]
    return {
        "clients": clients,
        "requests": n,
        "sentences_per_request": SENTENCES_PER_ARTICLE,
        "sequential_s": sequential_s,
        "concurrent_s": concurrent_s,
        "sequential_rps": n / sequential_s,
        "concurrent_rps": n / concurrent_s,
        "exact": exact,
        "identical_answers": sum(same),
        "ceiling": ceiling,
        "ratios": {
            "app_concurrent_vs_sequential": ratio,
            "pooling_ceiling": ceiling["ceiling"],
            "pooling_efficiency": efficiency,
        },
        # The app's gain from concurrent clients, as a share of what perfect pooling
        # gives the translator alone on this machine (the ceiling, measured in this run).
        "goals": {"pooling_efficiency": judge("pooling_efficiency", efficiency)},
    }


def render_app(result: dict[str, Any]) -> str:
    r = result["ratios"]["app_concurrent_vs_sequential"]
    return "\n".join(
        [
            f"app suite: {result['requests']} /brief requests of "
            f"{result['sentences_per_request']} sentences, hinews serve on CTranslate2",
            "",
            f"{'mode':<36} {'seconds':>8} {'requests/s':>11}",
            f"{'one after the other (1 client)':<36} {result['sequential_s']:>8.2f} "
            f"{result['sequential_rps']:>11.2f}",
            f"{'all at once (' + str(result['clients']) + ' clients)':<36} "
            f"{result['concurrent_s']:>8.2f} {result['concurrent_rps']:>11.2f}",
            "",
            f"  app_concurrent_vs_sequential {r:.2f}; answers identical both ways: "
            f"{'yes' if result['exact'] else 'NO'}"
            + (
                ""
                if result["exact"]
                else f" ({result.get('identical_answers', '?')} of {result['requests']})"
            ),
            f"  pooling_ceiling {result['ratios']['pooling_ceiling']:.2f}  (the translator "
            f"alone: {result['ceiling']['one_by_one_s']:.2f} s one request per call, "
            f"{result['ceiling']['pooled_s']:.2f} s all in one call)",
            f"  pooling_efficiency {result['ratios']['pooling_efficiency']:.2f}  (the app's "
            f"ratio over the ceiling) {result['goals']['pooling_efficiency']}",
        ]
    )


if __name__ == "__main__":  # python -m hinews.bench.app_suite CONFIG SENTENCES_FILE
    lines = Path(sys.argv[2]).read_text("utf-8").splitlines()
    doc = run_app_suite(
        Path(sys.argv[1]), articles(lines, 20), dict(os.environ), clients=20, log=print
    )
    print(render_app(doc))
