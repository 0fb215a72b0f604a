"""``hinews bench --suite brief``: NTREX-128 documents briefed end to end, documents per second.

Two systems, each in its own process, on the benchmark's model with exactly
``--new-tokens`` target tokens per sentence:

- ``hinews-ct2``: ``Pipeline.brief_batch`` (clean, segment, translate on CTranslate2 with
  the sentences of all documents sharing batches, extractive brief);
- ``by-hand``: what a user writes with transformers: split each document at ``।?!``,
  ``model.generate`` sentence by sentence, decode, then the same extractive selection.

Run as ``python -m hinews.bench.brief_suite SPEC_JSON`` (one system; prints one JSON line).
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from pathlib import Path
from typing import Any

from hinews.bench.registry import judge

SYSTEMS = ("hinews-ct2", "by-hand")
_SPLIT = re.compile(r"(?<=[।?!])\s+")


def ntrex_documents(folder: Path) -> list[str]:
    """NTREX-128 Hindi documents in order (``DOCUMENT_IDS.tsv``): headline, blank line, body."""
    lines = (folder / "newstest2019-ref.hin.txt").read_text("utf-8").split("\n")
    ids = (folder / "DOCUMENT_IDS.tsv").read_text("utf-8").split("\n")
    docs: dict[str, list[str]] = {}
    for doc, line in zip(ids, lines, strict=False):
        if line.strip():
            docs.setdefault(doc, []).append(line.strip())
    return [d[0] + "\n\n" + "\n\n".join(d[1:]) for d in docs.values()]


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _hinews(spec: dict[str, Any]) -> tuple[Any, Any]:
    from hinews.pipeline import Pipeline

    n = spec["new_tokens"]
    pipe = Pipeline.from_options(
        translator=spec["model"],
        summarizer="extractive",
        backend="ctranslate2",
        device="cpu",
        num_beams=1,
        max_new_tokens=n,
        max_source_tokens=512,
        batch_size=spec["batch_size"],
        threads=spec["threads"],
    )
    translator: Any = pipe.translator
    translator.decode_options["min_decoding_length"] = n  # exactly n tokens, like the others
    sentences = [0]

    def run(docs: list[str]) -> None:
        briefs = pipe.brief_batch(docs, force=True)
        sentences[0] += sum(len(b.translation.sentences) + 1 for b in briefs)

    return run, sentences


def _by_hand(spec: dict[str, Any]) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from hinews.config import SummarizerConfig
    from hinews.summarize.factory import load_summarizer

    torch.set_num_threads(spec["threads"])
    tokenizer = AutoTokenizer.from_pretrained(spec["model"])
    model = AutoModelForSeq2SeqLM.from_pretrained(spec["model"]).eval()
    extra: dict[str, Any] = {}
    if "eng_Latn" in tokenizer.get_vocab():
        tokenizer.src_lang = "hin_Deva"
        extra["forced_bos_token_id"] = tokenizer.convert_tokens_to_ids("eng_Latn")
    n = spec["new_tokens"]
    summarizer = load_summarizer(SummarizerConfig(strategy="extractive"))
    sentences = [0]

    def run(docs: list[str]) -> None:
        for doc in docs:
            english: list[str] = []
            for line in doc.split("\n"):
                for sentence in _SPLIT.split(line.strip()):
                    if not sentence:
                        continue
                    enc = tokenizer(sentence, return_tensors="pt")
                    with torch.inference_mode():
                        ids = model.generate(
                            **enc,
                            num_beams=1,
                            do_sample=False,
                            min_new_tokens=n,
                            max_new_tokens=n,
                            **extra,
                        )
                    english.append(str(tokenizer.decode(ids[0], skip_special_tokens=True)))
                    sentences[0] += 1
            summarizer.summarize(english, 3)

    return run, sentences


def run_system(spec: dict[str, Any]) -> dict[str, Any]:
    """Load one system, warm it up on one document, time it on ``spec["docs"]``."""
    docs: list[str] = spec["docs"]
    started = time.perf_counter()
    run, sentences = (_hinews if spec["system"] == "hinews-ct2" else _by_hand)(spec)
    load_s = time.perf_counter() - started
    run(docs[:1])
    sentences[0] = 0
    started = time.perf_counter()
    run(docs)
    seconds = time.perf_counter() - started
    return {
        "system": spec["system"],
        "documents": len(docs),
        "sentences": sentences[0],
        "seconds": seconds,
        "docs_per_s": len(docs) / seconds if seconds > 0 else 0.0,
        "sentences_per_s": sentences[0] / seconds if seconds > 0 else 0.0,
        "peak_rss_mb": _peak_rss_mb(),
        "load_s": load_s,
        "torch_imported": "torch" in sys.modules,
    }


def brief_ratios(systems: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    fast = systems.get("hinews-ct2", {}).get("docs_per_s")
    slow = systems.get("by-hand", {}).get("docs_per_s")
    return {"brief_vs_by_hand": fast / slow if fast and slow else None}


def render_brief(result: dict[str, Any]) -> str:
    lines = [
        f"brief suite: NTREX-128 documents end to end, {result['threads']} threads, "
        f"{result['new_tokens']} new tokens per sentence",
        "",
        f"{'system':<44} {'docs':>5} {'sent.':>6} {'seconds':>8} {'docs/s':>8} {'peak MB':>8}",
    ]
    labels = {
        "hinews-ct2": "hinews brief_batch, ctranslate2 int8",
        "by-hand": "by hand: generate per sentence + extractive",
    }
    for name, s in result["systems"].items():
        lines.append(
            f"{labels[name]:<44} {s['documents']:>5} {s['sentences']:>6} {s['seconds']:>8.2f} "
            f"{s['docs_per_s']:>8.3f} {s['peak_rss_mb']:>8.0f}"
        )
    value = result["ratios"]["brief_vs_by_hand"]
    lines += [
        "",
        f"  brief_vs_by_hand {value:.2f}  {result['goals']['brief_vs_by_hand']}"
        if value is not None
        else "  brief_vs_by_hand n/a",
    ]
    return "\n".join(lines)


def goals(r: dict[str, float | None]) -> dict[str, str]:
    """The verdict of the brief suite's goal (see :data:`hinews.bench.registry.GOALS`)."""
    value = r.get("brief_vs_by_hand")
    if value is None:
        return {"brief_vs_by_hand": "n/a"}
    return {"brief_vs_by_hand": judge("brief_vs_by_hand", value)}


if __name__ == "__main__":
    print(json.dumps(run_system(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))))
