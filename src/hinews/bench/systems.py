"""One benchmark system in its own process: ``python -m hinews.bench.systems SPEC_JSON``.

Prints one JSON line: sentences, target tokens actually generated (and per sentence, to
check the work is equal), seconds (warm-up excluded), peak RSS of this process.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SYSTEMS = (
    "pipeline",
    "generate",
    "hinews-hf",
    "hinews-ct2",
    "raw-ct2",
    "raw-ct2-main",
    "raw-ct2-planned",
)
WARMUP = 4  # sentences translated once before timing


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _batches(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class _Counter:
    """Counts generated target tokens per sentence, whatever the system."""

    def __init__(self) -> None:
        self.lengths: list[int] = []

    def add(self, lengths: list[int]) -> None:
        self.lengths += lengths


def _torch_setup(threads: int) -> Any:
    import torch

    torch.set_num_threads(threads)
    return torch


def _hf_model(path: Path) -> tuple[Any, Any, dict[str, Any]]:
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSeq2SeqLM.from_pretrained(path).eval()
    extra: dict[str, Any] = {}
    if "eng_Latn" in tokenizer.get_vocab():
        tokenizer.src_lang = "hin_Deva"
        extra["forced_bos_token_id"] = tokenizer.convert_tokens_to_ids("eng_Latn")
    return model, tokenizer, extra


def _make_generate(spec: dict[str, Any], counter: _Counter) -> Callable[[list[str]], None]:
    torch = _torch_setup(spec["threads"])
    model, tokenizer, extra = _hf_model(Path(spec["model"]))
    n = spec["new_tokens"]
    kwargs = {"num_beams": 1, "do_sample": False, "min_new_tokens": n, "max_new_tokens": n, **extra}

    def run(sentences: list[str]) -> None:
        for batch in _batches(sentences, spec["batch_size"]):
            enc = tokenizer(batch, padding=True, return_tensors="pt")
            with torch.inference_mode():
                out = model.generate(**enc, **kwargs)
            tokenizer.batch_decode(out, skip_special_tokens=True)
            counter.add([out.shape[1] - 1] * out.shape[0])  # minus the decoder start token

    return run


def _make_pipeline(spec: dict[str, Any], counter: _Counter) -> Callable[[list[str]], None]:
    """``pipeline("translation")`` one sentence at a time. transformers 5 removed that
    pipeline; it then runs the same steps by hand (tokenise one, generate, decode)."""
    torch = _torch_setup(spec["threads"])
    model, tokenizer, extra = _hf_model(Path(spec["model"]))
    n = spec["new_tokens"]
    kwargs = {"num_beams": 1, "do_sample": False, "min_new_tokens": n, "max_new_tokens": n, **extra}
    import transformers

    make_pipeline: Any = transformers.pipeline
    try:
        pipe = make_pipeline("translation", model=model, tokenizer=tokenizer, device="cpu")
    except (KeyError, ValueError, ImportError):
        pipe = None
    spec["impl"] = "transformers.pipeline" if pipe else "per-sentence generate (no pipeline)"

    def run(sentences: list[str]) -> None:
        for sentence in sentences:
            if pipe is not None:
                out = pipe(sentence, return_tensors=True, **kwargs)
                counter.add([len(out[0]["translation_token_ids"]) - 1])
                continue
            enc = tokenizer(sentence, return_tensors="pt")
            with torch.inference_mode():
                ids = model.generate(**enc, **kwargs)
            tokenizer.decode(ids[0], skip_special_tokens=True)
            counter.add([ids.shape[1] - 1])

    return run


def _make_hinews(spec: dict[str, Any], counter: _Counter) -> Callable[[list[str]], None]:
    from hinews.config import TranslatorConfig
    from hinews.models.hub import find_model

    n = spec["new_tokens"]
    backend = "ctranslate2" if spec["system"] == "hinews-ct2" else "transformers"
    config = TranslatorConfig(
        model=spec["model"],
        backend=backend,
        device="cpu",
        num_beams=1,
        max_new_tokens=n,
        max_source_tokens=512,
        batch_size=spec["batch_size"],
        quantization="int8",
        threads=spec["threads"],
    )
    files = find_model(spec["model"])
    if backend == "ctranslate2":
        from hinews.translators.ct2 import CTranslate2Translator

        ct2_translator = CTranslate2Translator(files, config)
        ct2_translator.decode_options["min_decoding_length"] = n
        engine = ct2_translator.engine

        class Counting:  # counts hypotheses; delegates everything else to the engine
            def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
                results = engine.translate_batch(*args, **kwargs)
                counter.add([len(r.hypotheses[0]) for r in results])
                return results

            def __getattr__(self, name: str) -> Any:
                return getattr(engine, name)

        ct2_translator.engine = Counting()
        return ct2_translator.translate_batch  # type: ignore[return-value]
    _torch_setup(spec["threads"])
    from hinews.translators.hf import TransformersTranslator

    hf_translator = TransformersTranslator(files, config)
    hf_translator.generation_config.min_new_tokens = n
    model, generate = hf_translator.model, hf_translator.model.generate

    def counting_generate(*args: Any, **kwargs: Any) -> Any:
        out = generate(*args, **kwargs)
        sequences = getattr(out, "sequences", out)  # a ModelOutput: hinews asks for scores
        counter.add([sequences.shape[1] - 1] * sequences.shape[0])
        return out

    model.generate = counting_generate
    return hf_translator.translate_batch  # type: ignore[return-value]


def _make_raw_ct2(spec: dict[str, Any], counter: _Counter) -> Callable[[list[str]], None]:
    """The engine alone: ``translate_batch`` on pre-tokenised batches of ``batch_size`` in
    input order, or (``raw-ct2-planned``) on exactly the batches hinews plans (sorted by
    length, token budget): what hinews costs beyond the engine at the same batching."""
    import ctranslate2

    from hinews.models.hub import find_model
    from hinews.translators.ct2 import converted_dir
    from hinews.translators.tokenize import load_tokenizer

    path = Path(spec["model"])
    built: list[Any] = []

    def build() -> None:
        built.append(
            ctranslate2.Translator(
                str(converted_dir(find_model(str(path)), "int8")),
                device="cpu",
                inter_threads=1,
                intra_threads=spec["threads"],
            )
        )

    if spec["system"] == "raw-ct2-main":  # what a first script does: slow where threads
        build()  # = cores, see CTranslate2Translator (libgomp's throttled barriers)
    else:  # the engine at its best, built on a thread that then exits, as hinews does
        loader = threading.Thread(target=build)
        loader.start()
        loader.join()
    engine = built[0]
    tokenizer = load_tokenizer(path)  # the same tokens as hinews, outside the timed part
    coded = "eng_Latn" in tokenizer.vocab
    if coded:
        tokenizer.set_src_lang("hin_Deva")
    prefix = coded and tokenizer.language_in_target_prefix  # NLLB, not IndicTrans2
    n = spec["new_tokens"]
    cache: dict[tuple[str, ...], list[list[list[str]]]] = {}

    def tokens(batch: list[str]) -> list[list[str]]:  # outside the timed part
        return tokenizer.encode(batch)

    beams = int(spec.get("beams", 1))
    options = {"patience": 1.0} if beams > 1 else {}

    def run(sentences: list[str]) -> None:
        for batch in cache[tuple(sentences)]:
            results = engine.translate_batch(
                batch,
                [["eng_Latn"]] * len(batch) if prefix else None,
                beam_size=beams,
                min_decoding_length=n,
                max_decoding_length=n,
                max_input_length=0,
                **options,
            )
            counter.add([len(r.hypotheses[0]) for r in results])

    def prepare(sentences: list[str]) -> list[list[list[str]]]:
        if spec["system"] != "raw-ct2-planned":
            return cache.setdefault(
                tuple(sentences), [tokens(b) for b in _batches(sentences, spec["batch_size"])]
            )
        from hinews.config import TranslatorConfig
        from hinews.translators.batching import plan_batches

        encoded = tokens(sentences)
        budget = TranslatorConfig().batch_tokens  # hinews's default token budget
        extra = tokenizer.appended_by_engine  # as hinews counts: IndicTrans2's </s>
        plan = plan_batches([len(t) + extra for t in encoded], budget, spec["batch_size"])
        return cache.setdefault(tuple(sentences), [[encoded[i] for i in b] for b in plan])

    run.prepare = prepare  # type: ignore[attr-defined]
    return run


MAKERS = {
    "pipeline": _make_pipeline,
    "generate": _make_generate,
    "hinews-hf": _make_hinews,
    "hinews-ct2": _make_hinews,
    "raw-ct2": _make_raw_ct2,
    "raw-ct2-main": _make_raw_ct2,
    "raw-ct2-planned": _make_raw_ct2,
}


def run_system(spec: dict[str, Any]) -> dict[str, Any]:
    """Load one system, warm it up, time it on ``spec["sentences"]``."""
    sentences: list[str] = spec["sentences"]
    counter = _Counter()
    started = time.perf_counter()
    run = MAKERS[spec["system"]](spec, counter)
    load_s = time.perf_counter() - started
    prepare = getattr(run, "prepare", None)
    warmup = sentences[:WARMUP]
    if prepare:
        prepare(warmup)
        prepare(sentences)
    run(warmup)
    counter.lengths.clear()
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    run(sentences)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tokens = sum(counter.lengths)
    return {
        "system": spec["system"],
        "impl": spec.get("impl", ""),
        "sentences": len(sentences),
        "target_tokens": tokens,
        "seconds": seconds,
        "cpu_s": cpu_s,
        "tokens_per_s": tokens / seconds if seconds > 0 else 0.0,
        "tokens_per_sentence": sorted(set(counter.lengths)),
        "peak_rss_mb": _peak_rss_mb(),
        "load_s": load_s,
        "torch_imported": "torch" in sys.modules,
        "pid": os.getpid(),
    }


if __name__ == "__main__":
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(json.dumps(run_system(spec)))
