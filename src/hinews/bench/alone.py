"""The translator alone, in a process of its own: what the app and cli suites compare
their figures with (``python -m hinews.bench.alone SPEC_JSON``, as ``runner.run_child``
runs every benchmark child).

Two measures on the same pipeline config the suite's server or CLI uses:

* ``ceiling``: the requests' sentences one request per call, then all in one call (what
  perfect pooling would hand the model); their ratio is the most any pooling can gain.
* ``decode``: one article's sentences, warm, median of ``runs``: the floor under a
  cold ``hinews translate`` of that article; and the translator's cold load (what a
  ``hinews translate`` can only overlap with its other work, never skip).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def _translator_and_requests(config: str, texts: list[str]) -> tuple[Any, list[list[str]], float]:
    """The config's translator, each text's sentences (title first) as a run sends them,
    and the seconds the translator took to load in this fresh process."""
    from hinews.config import PipelineConfig
    from hinews.pipeline import Pipeline

    pipe = Pipeline(PipelineConfig.from_yaml(Path(config)))
    requests = []
    for text in texts:
        seg = pipe.segment(text)
        requests.append(([seg.title] if seg.title else []) + [s.text for s in seg.sentences])
    load_s, translator = _seconds(lambda: pipe.translator)
    translator.translate_batch(requests[0])  # warm-up, as a server's first request
    return translator, requests, load_s


def _seconds(run: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    out = run()
    return time.perf_counter() - started, out


def ceiling(config: str, texts: list[str]) -> dict[str, Any]:
    """Seconds one request per call and all in one call, their ratio, and whether the
    translations are the same both ways."""
    translator, requests, _ = _translator_and_requests(config, texts)
    one_by_one_s, alone = _seconds(lambda: [translator.translate_batch(r) for r in requests])
    flat = [s for r in requests for s in r]
    pooled_s, pooled = _seconds(lambda: translator.translate_batch(flat))
    return {
        "one_by_one_s": one_by_one_s,
        "pooled_s": pooled_s,
        "ceiling": one_by_one_s / pooled_s,
        "same": [h.text for r in alone for h in r] == [h.text for h in pooled],
    }


def decode(config: str, texts: list[str], runs: int = 3) -> dict[str, Any]:
    """The warm decoding of the first text's sentences (median of ``runs``) and the cold
    load of the translator (ctranslate2 imported, engine and tokenizer loaded):
    ``{"decode_s", "load_s"}``."""
    translator, (sentences, *_), load_s = _translator_and_requests(config, texts)
    times = [_seconds(lambda: translator.translate_batch(sentences))[0] for _ in range(runs)]
    return {"decode_s": statistics.median(times), "load_s": load_s}


MEASURES = {"ceiling": ceiling, "decode": decode}


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    """Run ``spec["system"]`` (a name in :data:`MEASURES`) on ``spec["config"]`` and
    ``spec["texts"]``."""
    return MEASURES[spec["system"]](spec["config"], spec["texts"])


if __name__ == "__main__":
    print(json.dumps(measure(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))))
