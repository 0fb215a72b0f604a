"""``hinews bench --suite summarize``: abstractive summarisers, CTranslate2 against transformers.

Two shapes with random weights (the benchmark measures speed and memory, not quality):

- ``xlsum``: mT5-base as ``csebuetnlp/mT5_multilingual_XLSum`` (d_model 768, 12+12 layers,
  12 heads, gated-GELU FFN 2048, vocabulary 250,112) on 512-token Hindi articles, beam 4,
  84 new tokens;
- ``distilbart-cnn``: ``sshleifer/distilbart-cnn-12-6`` (d_model 1024, 12 encoder and 6
  decoder layers, 16 heads, FFN 4096, vocabulary 50,264) on 700-token English articles,
  beam 4, 84 new tokens (``--new-tokens``).

Articles are FLORES-200 devtest sentences (Hindi, or English for DistilBART) joined until
the next one would pass the token count; tokenizers are unigram models on the IndicTrans2
SentencePiece pieces (Hindi source, English target), padded to the real vocabulary size.
Each system runs in its own process (its own peak memory) on the same batches of
``--batch-size`` articles, every output exactly ``--new-tokens`` long (min = max), on
``--threads`` threads:

1. ``generate``: transformers ``model.generate`` on the batches (float32);
2. ``hinews-ct2``: hinews' summariser on CTranslate2 int8 (``write_batch``);
3. ``raw-ct2``: ``ctranslate2.Translator.translate_batch`` int8 on pre-tokenised batches.

``exact``: on ``--check`` articles, hinews on CTranslate2 float32 against ``generate`` with
the model card's decoding (no fixed length), token ids compared.

Run as ``python -m hinews.bench.summarize_suite SPEC_JSON`` (one system; one JSON line).
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hinews.bench.registry import GOALS as REGISTRY

BUILD_VERSION = "1"
SYSTEMS = ("generate", "hinews-ct2", "raw-ct2")
# The goals live in the one registry (hinews.bench.registry.GOALS).
GOALS = tuple(
    (name, REGISTRY[name].op, REGISTRY[name].target)
    for name in (
        "hinews_vs_generate",
        "hinews_peak_mem_vs_generate",
        "hinews_vs_raw_ct2",
        "exact_float32",
    )
)
LABELS = {
    "generate": "(1) transformers generate, batches, float32",
    "hinews-ct2": "(2) hinews, ctranslate2 int8",
    "raw-ct2": "(3) raw ctranslate2 translate_batch int8",
}


@dataclass(frozen=True)
class SummaryShape:
    family: str  # "mt5" or "bart"
    d_model: int
    encoder_layers: int
    decoder_layers: int
    heads: int
    ffn: int
    vocab: int
    article_tokens: int
    language: str  # "hin_Deva" or "eng_Latn": FLORES side the articles come from
    card: tuple[tuple[str, Any], ...]  # the model card's decoding


XLSUM_CARD = (("num_beams", 4), ("no_repeat_ngram_size", 2), ("length_penalty", 0.6))
BART_CARD = (
    ("num_beams", 4),
    ("no_repeat_ngram_size", 3),
    ("length_penalty", 2.0),
    ("forced_bos_token_id", 0),
    ("forced_eos_token_id", 2),
)
SHAPES: dict[str, SummaryShape] = {
    "xlsum": SummaryShape("mt5", 768, 12, 12, 12, 2048, 250_112, 512, "hin_Deva", XLSUM_CARD),
    "distilbart-cnn": SummaryShape(
        "bart", 1024, 12, 6, 16, 4096, 50_264, 700, "eng_Latn", BART_CARD
    ),
    # For tests of the benchmark machinery: seconds, not minutes.
    "tiny-xlsum": SummaryShape("mt5", 32, 1, 1, 2, 64, 3_000, 120, "hin_Deva", XLSUM_CARD),
    "tiny-distilbart": SummaryShape("bart", 32, 1, 1, 2, 64, 3_000, 120, "eng_Latn", BART_CARD),
}
DEFAULT_SHAPES = ("xlsum", "distilbart-cnn")


# -- building -----------------------------------------------------------------------------
def model_dir(cache: Path, shape: str) -> Path:
    return cache / "bench" / f"summarize-{shape}-v{BUILD_VERSION}"


def _pieces(spm_file: Path) -> list[tuple[str, float]]:
    from hinews.testing.tokenizers import spm_pieces

    return spm_pieces(spm_file)


def _tokenizer(shape: SummaryShape, spm_dir: Path) -> Any:
    """A unigram tokenizer on the real pieces, padded with never-chosen fillers to the
    shape's vocabulary (mT5 ids: ``<pad>`` 0 ``</s>`` 1 ``<unk>`` 2; BART: ``<s>`` 0
    ``<pad>`` 1 ``</s>`` 2 ``<unk>`` 3)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    spm = spm_dir / ("model.SRC" if shape.language == "hin_Deva" else "model.TGT")
    specials = (
        ["<pad>", "</s>", "<unk>"] if shape.family == "mt5" else ["<s>", "<pad>", "</s>", "<unk>"]
    )
    vocab: list[tuple[str, float]] = [(s, 0.0) for s in specials]
    seen = set(specials)
    for piece, score in _pieces(spm):
        if piece not in seen and len(vocab) < shape.vocab:
            seen.add(piece)
            vocab.append((piece, score))
    vocab += [(f"▁zzfill{i}", -1000.0) for i in range(shape.vocab - len(vocab))]
    tok = Tokenizer(models.Unigram(vocab, unk_id=specials.index("<unk>"), byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    ids = {s: i for i, s in enumerate(specials)}
    if shape.family == "mt5":
        tok.post_processor = processors.TemplateProcessing(
            single="$A </s>", special_tokens=[("</s>", ids["</s>"])]
        )
        names = {"eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>"}
    else:
        tok.post_processor = processors.TemplateProcessing(
            single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
        )
        names = {
            "bos_token": "<s>",
            "eos_token": "</s>",
            "pad_token": "<pad>",
            "unk_token": "<unk>",
        }
    return PreTrainedTokenizerFast(tokenizer_object=tok, **names)


def _model(shape: SummaryShape) -> Any:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    from hinews.testing import configs

    torch.manual_seed(0)
    if shape.family == "mt5":
        from transformers import MT5ForConditionalGeneration

        size = configs.Size(shape.d_model, shape.encoder_layers, shape.heads, shape.ffn)
        config = configs.mt5_config(
            shape.vocab, size, num_decoder_layers=shape.decoder_layers,
            d_kv=shape.d_model // shape.heads,
        )  # fmt: skip
        return MT5ForConditionalGeneration(config)
    config = BartConfig(
        vocab_size=shape.vocab,
        d_model=shape.d_model,
        encoder_layers=shape.encoder_layers,
        decoder_layers=shape.decoder_layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
        max_position_embeddings=1024,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_eos_token_id=2,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
    )
    return BartForConditionalGeneration(config)


def build(shape_name: str, out: Path, spm_dir: Path) -> Path:
    """Build the random model folder once (with the card's generation config)."""
    from transformers import GenerationConfig

    if (out / "DONE").is_file():
        return out
    shape = SHAPES[shape_name]
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    model = _model(shape)
    start = 0 if shape.family == "mt5" else 2
    eos = 1 if shape.family == "mt5" else 2
    model.generation_config = GenerationConfig(
        decoder_start_token_id=start, eos_token_id=eos, pad_token_id=0 if start == 0 else 1,
        max_new_tokens=84, **dict(shape.card),
    )  # fmt: skip
    model.save_pretrained(tmp)
    _tokenizer(shape, spm_dir).save_pretrained(tmp)
    (tmp / "DONE").write_text(shape_name)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


def articles(folder: Path, language: str, tokenizer: Any, tokens: int, n: int) -> list[str]:
    """``n`` articles of consecutive FLORES sentences, each as long as fits ``tokens``."""
    lines = (folder / f"{language}.devtest").read_text("utf-8").splitlines()
    lines = [s.strip() for s in lines if s.strip()]
    out: list[str] = []
    i = 0
    while len(out) < n and i < len(lines):
        current: list[str] = []
        while i < len(lines):
            trial = " ".join([*current, lines[i]])
            if current and len(tokenizer(trial)["input_ids"]) > tokens:
                break
            current.append(lines[i])
            i += 1
        words = " ".join(current).split()
        while len(words) > 1 and len(tokenizer(" ".join(words))["input_ids"]) > tokens:
            words.pop()  # one sentence longer than the whole article: cut it at a word
        out.append(" ".join(words))
    if len(out) < n:  # wrap around: FLORES has 1,012 sentences
        out += out[: n - len(out)]
    return out


# -- the systems (child side) -------------------------------------------------------------
def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _batches(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _generate(spec: dict[str, Any]) -> Any:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    torch.set_num_threads(spec["threads"])
    tokenizer = AutoTokenizer.from_pretrained(spec["model"])
    model = AutoModelForSeq2SeqLM.from_pretrained(spec["model"]).eval()
    n = spec["new_tokens"]

    def run(texts: list[str]) -> int:
        produced = 0
        for batch in _batches(texts, spec["batch_size"]):
            enc = tokenizer(batch, return_tensors="pt", padding=True, truncation=True,
                            max_length=spec["source_tokens"])  # fmt: skip
            with torch.inference_mode():
                out = model.generate(**enc, do_sample=False, min_new_tokens=n, max_new_tokens=n,
                                     max_length=None)  # fmt: skip
            produced += (out.shape[1] - 1) * len(batch)
        return produced

    return run


def _summarizer(spec: dict[str, Any], quantization: str) -> Any:
    from hinews.config import SummarizerConfig
    from hinews.models.hub import find_model
    from hinews.summarize.ct2 import CLASSES

    strategy = "source" if spec["family"] == "mt5" else "seq2seq"
    config = SummarizerConfig(
        strategy=strategy, model=spec["model"], backend="ctranslate2", device="cpu",
        quantization=quantization, threads=spec["threads"], max_new_tokens=spec["new_tokens"],
        max_source_tokens=spec["source_tokens"],
    )  # fmt: skip
    summarizer = CLASSES[strategy](find_model(spec["model"]), config)
    if strategy == "source":
        summarizer._check_reads_hindi = lambda: None  # type: ignore[attr-defined]
    return summarizer


def _hinews(spec: dict[str, Any]) -> Any:
    summarizer = _summarizer(spec, "int8")
    n = spec["new_tokens"]
    # Every step the engine takes (BART: n - 1, then the forced end token, as generate).
    steps = summarizer.generate_options()["max_decoding_length"]
    summarizer.decode_options["min_decoding_length"] = steps

    def run(texts: list[str]) -> int:
        results = summarizer.write_batch([[t] for t in texts], batch_size=spec["batch_size"])
        assert len(results) == len(texts)
        return n * len(texts)

    return run


def _raw(spec: dict[str, Any]) -> Any:
    import ctranslate2
    from tokenizers import Tokenizer

    from hinews.summarize.ct2 import _read_json

    # The converted folder hinews made (same cache entry), read with the raw engine.
    summarizer_dir = Path(spec["converted"])
    engine = ctranslate2.Translator(
        str(summarizer_dir), device="cpu", compute_type="int8", inter_threads=1,
        intra_threads=spec["threads"],
    )  # fmt: skip
    tok = Tokenizer.from_file(str(summarizer_dir / "tokenizer.json"))
    tok.enable_truncation(max_length=spec["source_tokens"])
    gen = _read_json(summarizer_dir / "generation.json")
    bos = gen.get("forced_bos_token_id")
    n = spec["new_tokens"]
    # transformers forces the end token as the n-th (BART): n - 1 steps, as hinews takes.
    steps = n - 1 if gen.get("forced_eos_token_id") is not None else n

    def run(texts: list[str]) -> int:
        for batch in _batches(texts, spec["batch_size"]):
            tokens = [e.tokens for e in tok.encode_batch(batch)]
            prefix = [[tok.id_to_token(bos)]] * len(batch) if bos is not None else None
            engine.translate_batch(
                tokens, prefix, beam_size=4, max_decoding_length=steps, min_decoding_length=steps,
                max_input_length=0, no_repeat_ngram_size=int(gen.get("no_repeat_ngram_size", 0)),
                length_penalty=float(gen.get("length_penalty", 1.0)), patience=2.0,
            )  # fmt: skip
        return n * len(texts)

    return run


def _exact(spec: dict[str, Any]) -> dict[str, Any]:
    """hinews on CTranslate2 float32 against transformers generate, the card's decoding."""
    import torch

    torch.set_num_threads(spec["threads"])
    from hinews.summarize.seq2seq import Seq2SeqSummarizer
    from hinews.summarize.source import SourceSummarizer

    ct = _summarizer(spec, "float32")
    cls = SourceSummarizer if spec["family"] == "mt5" else Seq2SeqSummarizer
    hf = cls.__new__(cls)
    Seq2SeqSummarizer.__init__(hf, ct.files, ct.config)
    same = 0
    for text in spec["texts"]:
        enc = hf.tokenizer(text, truncation=True, max_length=hf.max_source_tokens,
                           return_tensors="pt")  # fmt: skip
        with torch.inference_mode():
            ref = hf.model.generate(**enc, generation_config=hf.generation_config)[0].tolist()[1:]
        eos = hf.tokenizer.eos_token_id
        ref = ref[: ref.index(eos) + 1] if eos in ref else ref
        same += ct.generate_ids([text])[0] == ref
    return {"system": "exact", "articles": len(spec["texts"]), "identical": same}


def run_system(spec: dict[str, Any]) -> dict[str, Any]:
    """Load one system, warm it up on one batch, time it on ``spec["texts"]``."""
    if spec["system"] == "exact":
        return _exact(spec)
    texts: list[str] = spec["texts"]
    started = time.perf_counter()
    run = {"generate": _generate, "hinews-ct2": _hinews, "raw-ct2": _raw}[spec["system"]](spec)
    load_s = time.perf_counter() - started
    run(texts[: spec["batch_size"]])
    best = None
    for _ in range(max(1, spec.get("repeat", 1))):
        started = time.perf_counter()
        produced = run(texts)
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    assert best is not None
    return {
        "system": spec["system"],
        "articles": len(texts),
        "tokens": produced,
        "seconds": best,
        "articles_per_s": len(texts) / best if best > 0 else 0.0,
        "peak_rss_mb": _peak_rss_mb(),
        "load_s": load_s,
        "torch_imported": "torch" in sys.modules,
    }


# -- the parent side ----------------------------------------------------------------------
def ratios(systems: dict[str, dict[str, Any]], exact: dict[str, Any] | None) -> dict[str, Any]:
    def rate(name: str) -> float | None:
        value = systems.get(name, {}).get("articles_per_s")
        return float(value) if value else None

    def div(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    mem = {k: v.get("peak_rss_mb") for k, v in systems.items()}
    return {
        "hinews_vs_generate": div(rate("hinews-ct2"), rate("generate")),
        "hinews_peak_mem_vs_generate": div(mem.get("hinews-ct2"), mem.get("generate")),
        "hinews_vs_raw_ct2": div(rate("hinews-ct2"), rate("raw-ct2")),
        "exact_float32": div(exact["identical"], exact["articles"]) if exact else None,
    }


def goals(r: dict[str, float | None]) -> dict[str, str]:
    from hinews.bench.registry import verdict

    return {
        name: f"{verdict(r.get(name), op, target)} ({op} {target:g})" for name, op, target in GOALS
    }


def run_order(systems: list[str]) -> list[str]:
    """The child processes to run, in order: the two CTranslate2 systems in ABBA rounds
    (hinews, raw, raw, hinews), so neither always runs right after the heavy generate
    process nor always last; each other system once."""
    both = "hinews-ct2" in systems and "raw-ct2" in systems
    order = [s for s in systems if not (both and s in ("hinews-ct2", "raw-ct2"))]
    return order + (["hinews-ct2", "raw-ct2", "raw-ct2", "hinews-ct2"] if both else [])


def best_of(kept: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """Of two runs of a system, the faster, with the higher peak memory of the two (and
    how many runs there were)."""
    if kept is None:
        return {**new, "runs": 1}
    fast = new if new["seconds"] < kept["seconds"] else kept
    peak = max(kept["peak_rss_mb"], new["peak_rss_mb"])
    return {**fast, "peak_rss_mb": peak, "runs": kept["runs"] + 1}


def bench_shape(
    shape_name: str,
    args: Any,
    cache: Path,
    env: dict[str, str],
    spm_dir: Path,
    flores: Path,
    log: Any,
) -> dict[str, Any]:
    """Build (once) and run every system on one shape; the result document."""
    from hinews.bench.child import run_child

    shape = SHAPES[shape_name]
    out = model_dir(cache, shape_name)
    if not (out / "DONE").is_file():
        log(f"summarize: building the random {shape_name} model once into {out}")
        command = [sys.executable, "-m", "hinews.bench.summarize_suite", "--build", shape_name]
        subprocess.run([*command, str(out), str(spm_dir)], check=True, env=env)
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(out)
    limit = args.limit or 8
    texts = articles(flores, shape.language, tokenizer, shape.article_tokens, limit)
    lengths = [len(tokenizer(t)["input_ids"]) for t in texts]
    base = {
        "model": str(out),
        "family": shape.family,
        "new_tokens": args.new_tokens,
        "source_tokens": shape.article_tokens,
        "batch_size": args.batch_size,
        "threads": args.threads,
        "repeat": args.repeat,
    }
    # Convert once (hinews' cache entry, int8), so no system's timing includes it.
    log(f"summarize: converting {shape_name} (once per cache)")
    convert = {**base, "system": "convert", "texts": texts[:1]}
    converted = run_child(convert, env, "hinews.bench.summarize_suite")["converted"]
    systems: dict[str, dict[str, Any]] = {}
    wanted = [s.strip() for s in args.systems.split(",")] if args.systems else list(SYSTEMS)
    chosen = [s for s in SYSTEMS if s in wanted or not set(wanted) & set(SYSTEMS)]
    for system in run_order(chosen):
        log(f"summarize {shape_name}: {system} on {len(texts)} articles, batch {args.batch_size}")
        spec = {**base, "system": system, "texts": texts, "converted": converted}
        done = run_child(spec, env, "hinews.bench.summarize_suite")
        log(f"  {done['articles_per_s']:.3f} articles/s, {done['peak_rss_mb']:.0f} MB")
        systems[system] = best_of(systems.get(system), done)
    exact = None
    if args.check:
        log(f"summarize {shape_name}: float32 ids against generate on {args.check} articles")
        spec = {**base, "system": "exact", "texts": texts[: args.check]}
        exact = run_child(spec, env, "hinews.bench.summarize_suite")
    r = ratios(systems, exact)
    return {
        "shape": shape_name,
        "article_tokens": [min(lengths), max(lengths)],
        **base,
        "systems": systems,
        "exact": exact,
        "ratios": r,
        "goals": goals(r),
    }


def render(result: dict[str, Any]) -> str:
    lines: list[str] = []
    for doc in result["shapes"].values():
        low, high = doc["article_tokens"]
        count = next(iter(doc["systems"].values()))["articles"] if doc["systems"] else 0
        lines += [
            f"summarize suite, {doc['shape']} shape: {count} articles of {low}-{high} tokens, "
            f"beam 4, {doc['new_tokens']} new tokens, batch {doc['batch_size']}, "
            f"{doc['threads']} threads",
            "",
            f"{'system':<44} {'seconds':>8} {'articles/s':>10} {'peak MB':>8}",
        ]
        for name, s in doc["systems"].items():
            lines.append(
                f"{LABELS[name]:<44} {s['seconds']:>8.2f} {s['articles_per_s']:>10.3f} "
                f"{s['peak_rss_mb']:>8.0f}"
            )
        if doc["exact"]:
            e = doc["exact"]
            lines.append(f"float32 ids identical to generate: {e['identical']}/{e['articles']}")
        lines.append("")
        for name, value in doc["ratios"].items():
            shown = "n/a" if value is None else f"{value:.2f}"
            lines.append(f"  {name:<30} {shown:>6}  {doc['goals'][name]}")
        lines.append("")
    if result.get("load"):
        lines.append(f"machine load average before the run: {result['load']}")
    return "\n".join(lines).rstrip()


def run_summarize(args: Any, cache: Path, env: dict[str, str], log: Any) -> dict[str, Any]:
    """The suite over ``--model`` (``all`` or not a summariser shape: both real shapes)."""
    import os

    from hinews.bench.child import TOKENIZERS
    from hinews.bench.child import data_dir as _data_dir

    shapes = [args.model] if args.model in SHAPES else list(DEFAULT_SHAPES)
    spm_dir = args.tokenizer_dir or TOKENIZERS
    flores = _data_dir(args) / "flores200-devtest"
    if not (flores / "hin_Deva.devtest").is_file():
        raise SystemExit(f"hinews bench: FLORES-200 not found in {flores}; pass --data-dir")
    if not (spm_dir / "model.SRC").is_file():
        raise SystemExit(f"hinews bench: no model.SRC in {spm_dir}; pass --tokenizer-dir")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else None
    docs = {s: bench_shape(s, args, cache, env, spm_dir, flores, log) for s in shapes}
    return {"shapes": docs, "load": load}


def _convert_once(spec: dict[str, Any]) -> dict[str, Any]:
    summarizer = _summarizer(spec, "int8")
    return {"system": "convert", "converted": str(summarizer.model_dir)}


if __name__ == "__main__":
    if sys.argv[1] == "--build":
        build(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        sys.exit(0)
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    result = _convert_once(spec) if spec["system"] == "convert" else run_system(spec)
    print(json.dumps(result))
