"""``hinews bench --model indictrans2``: hinews beside IndicTrans2's own CTranslate2 engine.

One converted model (the dist-200M shape with random weights, converted by hinews), the
same sentences, the same decoding options as the engine's ``Model.batch_translate`` uses
(beam 5, CTranslate2's defaults: patience 1, length penalty 1), each system in its own
process (``python -m hinews.bench.indictrans2_suite SPEC_JSON``):

* ``hinews-ct2``: :class:`hinews.translators.ct2.CTranslate2Translator` (IndicTrans2's text
  processing, token-budget batches sorted by length, the engine built on a thread that
  exits);
* ``engine``: ``indictrans2_inference.engine.Model(ckpt, model_type="ctranslate2")`` and
  ``batch_translate`` from ``../shared/peers`` (its own pre/post-processing, CTranslate2
  batches of 9,216 tokens, inputs cut at 160 tokens), its ``ctranslate2.Translator``
  built on the main thread, as the engine builds it;
* ``engine-thread``: the same engine with its ``ctranslate2.Translator`` built on a thread
  that exits (the engine at its best; see the libgomp note in
  :class:`~hinews.translators.ct2.CTranslate2Translator`).

Random weights never end a sentence, so every system decodes exactly ``new_tokens`` tokens
per sentence: hinews through its decoding options, the engines through a thin wrapper on
their ``translate_batch`` call that sets ``min_decoding_length = max_decoding_length``
(nothing else of the engine's call changes). The model is converted with
``add_source_eos``, so CTranslate2 appends ``</s>`` to the sources of both (the engine
feeds none, hinews counts it but does not send it).

The ``dropped`` measure: NTREX-128 documents, each a paragraph, through the engine's
``translate_paragraph`` path (its sentence splitter, its pre-processing, its 256-word and
160-token cuts) against hinews's (its splitter, clause splitting of long sentences): the
share of source tokens that never reach the model.
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path
from typing import Any

SYSTEMS = ("hinews-ct2", "engine", "engine-thread")
ENGINE_MAX_INPUT = 160  # Model.ctranslate2_translate_lines: max_input_length=160
WARMUP = 4


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def engine_dir(converted: Path) -> Path:
    """The folder the engine expects: the CTranslate2 model with the SentencePiece models
    under ``vocab/`` (links to the converted folder's files)."""
    out = converted.with_name(converted.name + "-engine")
    if not (out / "vocab" / "model.TGT").exists():
        (out / "vocab").mkdir(parents=True, exist_ok=True)
        for item in converted.iterdir():
            if item.is_file() and not (out / item.name).exists():
                (out / item.name).symlink_to(item.resolve())
        for name in ("model.SRC", "model.TGT"):
            if not (out / "vocab" / name).exists():
                (out / "vocab" / name).symlink_to((converted / name).resolve())
    return out


class _Counted:
    """Wraps a ``ctranslate2.Translator``: counts the tokens of each hypothesis and,
    with ``exact``, makes every hypothesis exactly that long (min = max)."""

    def __init__(self, engine: Any, exact: int | None, counts: list[int]) -> None:
        self._engine, self._exact, self.counts = engine, exact, counts

    def translate_batch(self, source: Any, *args: Any, **kwargs: Any) -> Any:
        if self._exact is not None:
            kwargs["min_decoding_length"] = kwargs["max_decoding_length"] = self._exact
        results = self._engine.translate_batch(source, *args, **kwargs)
        self.counts += [len(r.hypotheses[0]) for r in results]
        return results

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


def _peer_engine(peers: str) -> Any:
    sys.path.insert(0, peers)
    try:
        from indictrans2_inference.engine import Model
    except ImportError as exc:
        raise SystemExit(
            f"IndicTrans2's engine could not be imported from {peers}: {exc}. It needs "
            "ctranslate2 sentencepiece indic-nlp-library mosestokenizer nltk sacremoses regex "
            "(pip install -e '.[dev]' has them)"
        ) from None
    return Model


def _make(spec: dict[str, Any], counts: list[int]) -> tuple[Any, Any]:
    """The system's ``translate(sentences) -> texts`` and ``inputs(sentences) -> the
    source tokens it gives the model for each`` (untimed)."""
    n, threads = spec["new_tokens"], spec["threads"]
    if spec["system"] == "hinews-ct2":
        from hinews.config import TranslatorConfig
        from hinews.models.hub import find_model
        from hinews.translators.ct2 import CTranslate2Translator

        config = TranslatorConfig(
            model=spec["converted"],
            backend="ctranslate2",
            device="cpu",
            num_beams=spec["beams"],
            max_new_tokens=n,
            max_source_tokens=256,
            batch_size=spec["batch_size"],
            threads=threads,
        )
        translator = CTranslate2Translator(find_model(spec["converted"]), config)
        translator.decode_options.update(patience=1.0, min_decoding_length=n)
        translator.engine = _Counted(translator.engine, None, counts)

        def translate(sentences: list[str]) -> list[str]:
            return [h.text for h in translator.translate_batch(sentences)]

        def inputs(sentences: list[str]) -> list[str]:
            return [" ".join(t) for t in translator.tokenizer.encode(sentences)]

        return translate, inputs
    import ctranslate2

    Model = _peer_engine(spec["peers"])
    ckpt = str(engine_dir(Path(spec["converted"])))
    if spec["system"] == "engine-thread":
        built: list[Any] = []
        original = ctranslate2.Translator

        def build(*args: Any, **kwargs: Any) -> Any:
            loader = threading.Thread(target=lambda: built.append(original(*args, **kwargs)))
            loader.start()
            loader.join()
            return built[-1]

        ctranslate2.Translator = build
        try:
            model = Model(ckpt, device="cpu", model_type="ctranslate2")
        finally:
            ctranslate2.Translator = original
    else:
        model = Model(ckpt, device="cpu", model_type="ctranslate2")
    model.translator = _Counted(model.translator, n, counts)

    def engine_translate(sentences: list[str]) -> list[str]:
        return list(model.batch_translate(list(sentences), "hin_Deva", "eng_Latn"))

    def engine_inputs(sentences: list[str]) -> list[str]:
        return list(model.preprocess_batch(list(sentences), "hin_Deva", "eng_Latn")[0])

    return engine_translate, engine_inputs


def run_system(spec: dict[str, Any]) -> dict[str, Any]:
    """Load one system, warm it up, translate ``spec["sentences"]``: speed, memory, the
    outputs and the source tokens it fed the model."""
    import io
    from contextlib import redirect_stdout

    counts: list[int] = []
    started = time.perf_counter()
    with redirect_stdout(io.StringIO()):  # the engine prints its progress
        translate, inputs = _make(spec, counts)
    load_s = time.perf_counter() - started
    sentences: list[str] = spec["sentences"]
    translate(sentences[:WARMUP])
    counts.clear()
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    outputs = translate(sentences)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tokens = sum(counts)
    return {
        "system": spec["system"],
        "sentences": len(sentences),
        "target_tokens": tokens,
        "tokens_per_sentence": sorted(set(counts)),
        "seconds": seconds,
        "cpu_s": cpu_s,
        "tokens_per_s": tokens / seconds if seconds > 0 else 0.0,
        "peak_rss_mb": _peak_rss_mb(),
        "load_s": load_s,
        "outputs": outputs,
        "inputs": inputs(sentences),
        "torch_imported": "torch" in sys.modules,
    }


def dropped(spec: dict[str, Any]) -> dict[str, Any]:
    """Source tokens that never reach the model, on ``spec["docs"]`` (each a paragraph):
    the engine's ``translate_paragraph`` path against hinews's segmentation and clause
    splitting, each counted in the tokens that system feeds the model (tags included)."""
    import io
    from contextlib import redirect_stdout

    from hinews.config import TranslatorConfig
    from hinews.models.hub import find_model
    from hinews.pipeline import Pipeline
    from hinews.planning import plan
    from hinews.translators.ct2 import CTranslate2Translator

    Model = _peer_engine(spec["peers"])
    from indictrans2_inference.engine import split_sentences

    with redirect_stdout(io.StringIO()):
        model = Model(str(engine_dir(Path(spec["converted"]))), device="cpu")
    total = cut = 0
    for doc in spec["docs"]:
        sentences = split_sentences(doc, "hin_Deva")
        lines, _ = model.preprocess_batch(sentences, "hin_Deva", "eng_Latn")
        for line in lines:
            n = len(line.split(" ")) + 1  # the </s> CTranslate2 appends
            total += n
            cut += max(0, n - ENGINE_MAX_INPUT)
    config = TranslatorConfig(model=spec["converted"], backend="ctranslate2", threads=1)
    translator = CTranslate2Translator(find_model(spec["converted"]), config)
    pipe = Pipeline(translator=translator)
    limit = translator.max_source_tokens
    ours = over = 0
    for doc in spec["docs"]:
        seg = pipe.segment(doc, force=True)
        _, pieces = plan(translator, [("", list(seg.sentences))], with_title=False)
        for piece in pieces:
            n = translator.count_tokens(piece)
            ours += n
            over += max(0, n - limit)
    return {
        "docs": len(spec["docs"]),
        "engine_tokens": total,
        "engine_dropped": cut,
        "engine_share": cut / total if total else 0.0,
        "hinews_tokens": ours,
        "hinews_dropped": over,
        "hinews_share": over / ours if ours else 0.0,
        "engine_limit": ENGINE_MAX_INPUT,
        "hinews_limit": limit,
    }


def compare(systems: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Ratios (hinews over each engine) and identical outputs, from the systems' results."""
    ours = systems.get("hinews-ct2")
    out: dict[str, Any] = {}
    for name in ("engine", "engine-thread"):
        other = systems.get(name)
        if not ours or not other:
            continue
        pairs = list(zip(ours["outputs"], other["outputs"], strict=True))
        same_in = [a == b for a, b in zip(ours["inputs"], other["inputs"], strict=False)]
        same_in += [False] * (len(pairs) - len(same_in))  # the engine split a >256-word one
        out[name] = {
            "speed": ours["tokens_per_s"] / other["tokens_per_s"]
            if other["tokens_per_s"]
            else None,
            "memory": ours["peak_rss_mb"] / other["peak_rss_mb"],
            "identical_outputs": sum(a == b for a, b in pairs),
            "same_inputs": sum(same_in),
            "identical_given_same_inputs": sum(
                a == b for (a, b), s in zip(pairs, same_in, strict=True) if s
            ),
            "sentences": len(pairs),
        }
    return out


if __name__ == "__main__":
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    result = dropped(spec) if spec["system"] == "dropped" else run_system(spec)
    print(json.dumps(result))
