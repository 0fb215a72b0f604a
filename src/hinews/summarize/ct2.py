"""Seq2seq summarisers on CTranslate2: DistilBART-CNN, mT5 XL-Sum and CrossSum without torch.

The model is converted once into the hinews cache, beside the translators' conversions
(``ct2/<model>--<revision or fingerprint>--<quantization>/``, see
:func:`hinews.translators.ct2.converted_dir`), with a ``tokenizer.json`` written beside
``model.bin``. Converting needs torch and transformers once; summarising needs neither:
tokens come from ``tokenizer.json`` through the ``tokenizers`` library.

Decoding reproduces transformers' ``generate`` token for token in float32:

* the decoding options are those :class:`~hinews.summarize.seq2seq.Seq2SeqSummarizer`
  gives ``generate`` (beam size, ``no_repeat_ngram_size``, ``length_penalty``, new tokens),
  with the model card's own settings (:func:`card_decoding`) when the model folder has no
  ``generation_config.json`` (the XL-Sum layout: transformers 5 ignores them there);
* a forced first token (BART's ``forced_bos_token_id``) becomes the target prefix;
* transformers' ``max_new_tokens`` counts the end token, CTranslate2's
  ``max_decoding_length`` too; ``min_length`` counts the decoder start token in
  transformers, not in CTranslate2;
* mT5: CTranslate2 4.8's converter scales the decoder output by ``d_model ** -0.5``
  whenever ``tie_word_embeddings`` is set, which transformers 5 forces on for mT5 while
  never scaling mT5's output; the converter here follows what transformers computes
  (:func:`_t5_scales_outputs`), otherwise every log-probability is flattened and beam
  search and the length penalty pick other summaries.

The map-reduce over long articles, the strategies' input joining and sentence splitting
are the transformers summarisers' own: the classes here only replace tokenising and
generating (:class:`CTranslate2Runner`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

from hinews.config import SummarizerConfig
from hinews.errors import ConfigError, ModelLoadError
from hinews.models.hub import ModelFiles
from hinews.results import Provenance
from hinews.summarize.card import card_decoding
from hinews.summarize.seq2seq import Seq2SeqSummarizer
from hinews.summarize.source import CrosslingualSummarizer, SourceSummarizer

log = logging.getLogger(__name__)

#: ``model_type`` values CTranslate2's transformers converter turns into a seq2seq model
#: hinews summarises with (its BART, T5 and MT5 loaders; PEGASUS is not among them).
CONVERTIBLE = ("bart", "t5", "mt5")
#: What a summariser's converted folder says about itself (``hinews.json``).
CONVERTER = "hinews-summarizer-1"
_ENGINES: dict[tuple[object, ...], Any] = {}
_ENGINES_LOCK = threading.Lock()


def model_type(path: Path) -> str | None:
    """``model_type`` of a transformers model folder (None when unreadable or absent)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        value = json.loads((path / "config.json").read_text(encoding="utf-8")).get("model_type")
        return str(value) if value else None
    return None


def is_converted(path: Path) -> bool:
    """A folder already in CTranslate2 format (``model.bin``) with a ``tokenizer.json``."""
    return (path / "model.bin").is_file() and (path / "tokenizer.json").is_file()


def converts(path: Path) -> bool:
    """Whether hinews can run the summariser in ``path`` on CTranslate2."""
    return is_converted(path) or model_type(path) in CONVERTIBLE


# -- conversion ---------------------------------------------------------------------------
def ensure_converted(files: ModelFiles, quantization: str) -> Path:
    """Convert a summariser once into the hinews cache and return the converted folder.

    Conversion runs in a child process into a temporary folder renamed into place when
    complete, under a lock: a conversion that fails (or is killed) leaves no entry.

    Raises:
        ModelLoadError: The converter failed.
        DependencyError: torch or transformers, needed to convert, is missing.
    """
    from hinews.translators import ct2 as tct2

    final = tct2.converted_dir(files, quantization)
    if _complete(final):
        return final
    with tct2._file_lock(final.with_name(final.name + ".lock")):
        if _complete(final):  # converted by another process meanwhile
            return final
        tct2._require_converter(files)
        tmp = final.with_name(f".tmp-{final.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        command = [sys.executable, "-m", "hinews.summarize.ct2", str(files.path), str(tmp)]
        command.append(quantization)
        log.info(
            "converting summariser %s to CTranslate2 (%s), once, into %s",
            files.name,
            quantization,
            final,
        )
        try:
            proc = subprocess.run(command, capture_output=True, text=True, check=False)
            if proc.returncode != 0 or not is_converted(tmp):
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
                raise ModelLoadError(
                    f"could not convert summarisation model {files.name!r} ({files.path}) to "
                    f"CTranslate2: {' | '.join(tail) or 'no output'}. Use "
                    'summarizer_backend="transformers" (summarizer.backend: transformers).'
                )
            meta = {
                "source": str(files.name),
                "revision": files.revision,
                "quantization": quantization,
                "converter": CONVERTER,
                "ctranslate2": tct2._import_ct2().__version__,
                "model_type": model_type(files.path),
                "card": card_decoding(files.path),
            }
            (tmp / "hinews.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
            if final.exists():  # an entry from an older converter: replace it
                shutil.rmtree(final)
            try:
                tmp.rename(final)
            except OSError:  # no lock on this platform and another process won the race
                if not _complete(final):
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def _complete(folder: Path) -> bool:
    """A cache entry this converter wrote (the translators' entry for the same BART folder
    has no ``tokenizer.json`` guarantee and an mT5 one would be mis-scaled)."""
    if not is_converted(folder):
        return False
    with contextlib.suppress(OSError, ValueError, AttributeError):
        meta = json.loads((folder / "hinews.json").read_text(encoding="utf-8"))
        return bool(meta.get("converter") == CONVERTER)
    return False


def _t5_scales_outputs(model: Any) -> bool:
    """Whether transformers scales this T5/mT5 decoder's output by ``d_model ** -0.5``.

    transformers 5 records it as ``scale_decoder_outputs`` on T5 configs and never scales
    mT5 (whose config forces ``tie_word_embeddings`` on); transformers 4 scaled exactly
    when the embeddings were tied.
    """
    import transformers

    config = model.config
    if hasattr(config, "scale_decoder_outputs"):
        return bool(config.scale_decoder_outputs)
    major = int(transformers.__version__.split(".")[0])
    if config.model_type == "mt5" and major >= 5:
        return False
    return bool(getattr(config, "tie_word_embeddings", False))


def _convert(source: str, out: str, quantization: str) -> None:
    """Child-process side of :func:`ensure_converted` (needs torch and transformers)."""
    import ctranslate2
    import transformers
    from ctranslate2.converters import transformers as loaders
    from ctranslate2.specs import model_spec

    class _T5Loader(loaders.T5Loader):
        def get_model_spec(self, model: Any) -> Any:
            spec = super().get_model_spec(model)
            if _t5_scales_outputs(model):
                spec.decoder.scale_outputs = model.config.d_model**-0.5
            else:
                spec.decoder.scale_outputs = model_spec.OPTIONAL
            return spec

    class _MT5Loader(_T5Loader):
        @property
        def architecture_name(self) -> str:
            return "MT5ForConditionalGeneration"

    class _BartLoader(loaders.BartLoader):
        def get_model_spec(self, model: Any) -> Any:
            # transformers 5's BartConfig dropped normalize_before (BART is post-norm),
            # which CTranslate2 4.8's loader still reads.
            if not hasattr(model.config, "normalize_before"):
                model.config.normalize_before = False
            return super().get_model_spec(model)

    loaders._MODEL_LOADERS["BartConfig"] = _BartLoader()
    loaders._MODEL_LOADERS["T5Config"] = _T5Loader()
    loaders._MODEL_LOADERS["MT5Config"] = _MT5Loader()
    converter = ctranslate2.converters.TransformersConverter(source, low_cpu_mem_usage=True)
    converter.convert(out, quantization=quantization, force=True)
    # tokenizer.json for the torch-free tokenizer (the XL-Sum repo ships only spiece.model).
    tokenizer = transformers.AutoTokenizer.from_pretrained(source)
    tokenizer.save_pretrained(out)
    if not (Path(out) / "tokenizer.json").is_file():
        raise SystemExit(f"the tokenizer of {source} is not tokenizers-backed (no tokenizer.json)")
    if not (Path(source) / "generation_config.json").is_file():
        return
    shutil.copy2(Path(source) / "generation_config.json", Path(out) / "generation.json")


# -- the torch-free tokenizer -------------------------------------------------------------
class TextTokenizer:
    """The part of a transformers tokenizer the summarisers use, from ``tokenizer.json``.

    ``tokenizer(text)["input_ids"]`` and ``decode(ids, skip_special_tokens=True)`` give
    what the transformers tokenizer gives (``truncation``/``max_length`` cut as it cuts,
    special tokens kept).
    """

    def __init__(self, path: Path) -> None:
        from hinews.translators.tokenize import JsonTokenizer

        self._json = JsonTokenizer(path)
        self._tok = self._json._tok
        self._cut: dict[int, Any] = {}
        self._file = path / "tokenizer.json"
        self.vocab = self._json.vocab
        self.unk_token_id: int | None = self.vocab.get(self._json.unk)
        self.eos_token: str = self._json.eos
        self._itos = {i: t for t, i in self.vocab.items()}

    def __call__(
        self,
        text: str,
        *,
        add_special_tokens: bool = True,
        truncation: bool = False,
        max_length: int | None = None,
    ) -> dict[str, list[int]]:
        tok = self._tok
        if truncation and max_length:
            tok = self._truncating(max_length)
        return {"input_ids": list(tok.encode(text, add_special_tokens=add_special_tokens).ids)}

    def _truncating(self, limit: int) -> Any:
        if limit not in self._cut:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(str(self._file))
            tok.no_padding()
            tok.enable_truncation(max_length=limit)
            self._cut[limit] = tok
        return self._cut[limit]

    def tokens(self, ids: list[int]) -> list[str]:
        return [self._itos[i] for i in ids]

    def ids(self, tokens: list[str]) -> list[int]:
        unk = self.unk_token_id or 0
        return [self.vocab.get(t, unk) for t in tokens]

    def decode(self, ids: list[int], skip_special_tokens: bool = True) -> str:
        return self._json.decode_ids(list(ids)) if skip_special_tokens else self._tok.decode(ids)


# -- the runner ---------------------------------------------------------------------------
class CTranslate2Runner:
    """Tokenising and generating on CTranslate2 for a transformers seq2seq summariser class.

    Mixed in before :class:`Seq2SeqSummarizer` (or a subclass): everything else, the
    map-reduce included, is that class's.
    """

    backend = "ctranslate2"
    files: ModelFiles
    config: SummarizerConfig
    tokenizer: Any
    strategy: str
    reads: str
    no_repeat_default: int

    def __init__(self, files: ModelFiles, config: SummarizerConfig) -> None:
        from hinews.translators import ct2 as tct2

        ct2 = tct2._import_ct2()
        self.files, self.config = files, config
        self.device = tct2.pick_device(config.device, ct2.get_cuda_device_count())
        self.quantization = tct2.pick_quantization(config.quantization, self.device)
        self.threads = config.threads or tct2.default_threads()
        if is_converted(files.path):
            model_dir = files.path
        else:
            kind = model_type(files.path)
            if kind not in CONVERTIBLE:
                raise not_convertible(files, kind)
            model_dir = ensure_converted(files, self.quantization)
        self.model_dir = model_dir
        self.engine = self._engine(ct2, model_dir)
        try:
            self.tokenizer = TextTokenizer(model_dir)
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise ModelLoadError(
                f"could not load the tokenizer of {files.name!r} from {model_dir}: {exc}"
            ) from None
        self._lock = threading.Lock()
        #: Extra ``translate_batch`` options (benchmarks fix the output length with these).
        self.decode_options: dict[str, Any] = {}
        from hinews.summarize.seq2seq import RunDetails

        self._details = RunDetails()
        self.decoding = self._decoding(model_dir)
        self._max_positions = _max_positions(files.path, model_dir)
        if self.reads == "hi":
            self._check_reads_hindi()  # type: ignore[attr-defined]

    def _engine(self, ct2: Any, model_dir: Path) -> Any:
        key = (str(model_dir), self.device, self.quantization, self.threads)
        with _ENGINES_LOCK:
            if key not in _ENGINES:
                try:
                    _ENGINES[key] = ct2.Translator(
                        str(model_dir),
                        device=self.device,
                        compute_type=self.quantization,
                        inter_threads=1,
                        intra_threads=self.threads,
                    )
                except (RuntimeError, ValueError) as exc:
                    raise ModelLoadError(
                        f"CTranslate2 could not load {model_dir}: {exc}. "
                        "Delete that folder to convert again."
                    ) from None
            return _ENGINES[key]

    def _decoding(self, model_dir: Path) -> dict[str, Any]:
        """The generation settings transformers would use: the model's generation config
        (copied into the converted folder), its card's (config.json) where it has none,
        then hinews' config on top, as :func:`generation_overrides` does."""
        gen = _read_json(model_dir / "generation.json") or _read_json(
            self.files.path / "generation_config.json"
        )
        meta = _read_json(model_dir / "hinews.json")
        card = card_decoding(self.files.path) or dict(meta.get("card") or {})
        card = {} if gen else card
        base: dict[str, Any] = {**card, **gen}
        no_repeat = self.config.no_repeat_ngram_size
        if no_repeat is None:
            no_repeat = base.get("no_repeat_ngram_size") or self.no_repeat_default
        return {
            "num_beams": self.config.num_beams,
            "max_new_tokens": self.config.new_tokens,
            "no_repeat_ngram_size": int(no_repeat),
            "length_penalty": float(base.get("length_penalty", 1.0)),
            "min_length": int(base.get("min_length") or 0),
            "early_stopping": base.get("early_stopping", False),
            "forced_bos_token_id": base.get("forced_bos_token_id"),
            "forced_eos_token_id": base.get("forced_eos_token_id"),
            "card": card,
        }

    @property
    def max_source_tokens(self) -> int:
        return min(self.config.source_tokens, self._max_positions)

    def provenance_of(self, details: dict[str, Any] | None) -> Provenance:
        decoding = self.decoding
        options: dict[str, Any] = {
            "strategy": self.strategy,
            "num_beams": self.config.num_beams,
            "do_sample": False,
            "max_new_tokens": self.config.new_tokens,
            "no_repeat_ngram_size": decoding["no_repeat_ngram_size"],
            "length_penalty": decoding["length_penalty"],
            "max_source_tokens": self.max_source_tokens,
            "long_input": "map-reduce over whole-sentence chunks",
            "device": self.device,
            "quantization": self.quantization,
            "compute_type": self.engine.compute_type,
            "threads": self.threads,
        }
        if decoding["min_length"]:
            options["min_length"] = decoding["min_length"]
        if decoding["card"]:
            options["card_decoding"] = dict(decoding["card"])
        details = self._details.get() if details is None else details
        return Provenance(
            model=self.files.name,
            revision=self.files.revision,
            backend=self.backend,
            options={**options, **details},
        )

    def generate_options(self) -> dict[str, Any]:
        """``translate_batch`` options equal to transformers' ``generate`` settings."""
        d = self.decoding
        # transformers forces the end token as the last of max_new_tokens (BART's
        # forced_eos_token_id); CTranslate2 cannot, so it stops one short and
        # generate_ids appends the end token to a hypothesis that ran into the limit.
        forced_eos = d["forced_eos_token_id"] is not None
        options: dict[str, Any] = {
            "beam_size": d["num_beams"],
            "max_decoding_length": d["max_new_tokens"] - (1 if forced_eos else 0),
            "no_repeat_ngram_size": d["no_repeat_ngram_size"],
            "length_penalty": d["length_penalty"],
            # transformers' min_length counts the decoder start token.
            "min_decoding_length": max(0, d["min_length"] - 1),
            "max_input_length": 0,
            "return_end_token": True,
        }
        if d["num_beams"] > 1:
            # early_stopping=True: transformers stops at num_beams finished hypotheses.
            options["patience"] = 1.0 if d["early_stopping"] is True else BEAM_PATIENCE
        return {**options, **self.decode_options}

    def generate_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids transformers' ``generate`` returns for each text (start token
        excluded, end token included when generated)."""
        tok = self.tokenizer
        sources = [
            tok.tokens(tok(t, truncation=True, max_length=self.max_source_tokens)["input_ids"])
            for t in texts
        ]
        bos = self.decoding["forced_bos_token_id"]
        prefix = [tok.tokens([bos])] * len(texts) if bos is not None else None
        options = self.generate_options()
        results = self.engine.translate_batch(sources, prefix, **options)
        out = [tok.ids(r.hypotheses[0]) for r in results]
        eos = self.decoding["forced_eos_token_id"]
        if eos is not None:
            limit = options["max_decoding_length"]
            out = [[*ids, eos] if len(ids) >= limit and ids[-1:] != [eos] else ids for ids in out]
        return out

    def write_batch(
        self, articles: list[list[str]], batch_size: int = 8
    ) -> list[tuple[list[str], dict[str, Any]]]:
        """:meth:`write` for many articles: those that fit the model in one chunk are
        generated together, ``batch_size`` at a time (the engine pads them); longer ones go
        through the map-reduce one by one. Results in input order."""
        cleaned = [[s.strip() for s in a if s.strip()] for a in articles]
        results: list[tuple[list[str], dict[str, Any]] | None] = [None] * len(cleaned)
        single: list[int] = []
        for i, sentences in enumerate(cleaned):
            joined = self.join(sentences)  # type: ignore[attr-defined]
            if sentences and self._length(joined) <= self.max_source_tokens:
                single.append(i)
            else:
                results[i] = self.write(sentences)  # type: ignore[attr-defined]
        for start in range(0, len(single), batch_size):
            batch = single[start : start + batch_size]
            texts = [self.join(cleaned[i]) for i in batch]  # type: ignore[attr-defined]
            with self._lock:
                ids = self.generate_ids(texts)
            for i, seq in zip(batch, ids, strict=True):
                summary = str(self.tokenizer.decode(seq, skip_special_tokens=True)).strip()
                candidates = self.split(summary)  # type: ignore[attr-defined]
                details: dict[str, Any] = {"chunks": 1, "rounds": 1, "truncated_sentences": 0}
                details.update(summary=summary, summary_sentences=len(candidates))
                results[i] = (candidates, details)
        return [r for r in results if r is not None]

    def _length(self, text: str) -> int:
        return len(self.tokenizer(text)["input_ids"])

    def _generate(self, text: str) -> str:
        ids = self.generate_ids([text])[0]
        return str(self.tokenizer.decode(ids, skip_special_tokens=True)).strip()


#: CTranslate2 stops once ``beam_size * patience`` hypotheses have ended; transformers
#: (``early_stopping=False``) goes on while a running beam can still win. Patience 2 makes
#: them agree on the tiny models (1 misses one of 25 BART inputs at beam 4).
BEAM_PATIENCE = 2.0


def _read_json(path: Path) -> dict[str, Any]:
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    return {}


def _max_positions(*folders: Path) -> int:
    for folder in folders:
        data = _read_json(folder / "config.json")
        value = data.get("max_position_embeddings")
        if isinstance(value, int) and value > 0:
            return value
    return 1 << 30  # T5/mT5: relative positions, no limit of their own


def not_convertible(files: ModelFiles, kind: str | None) -> ConfigError:
    """The one-line refusal for a family CTranslate2 cannot convert."""
    family = kind or "unknown (no model_type in config.json)"
    return ConfigError(
        f"summariser {files.name!r} is a {family!r} model, which the ctranslate2 backend "
        f"cannot convert (it converts {', '.join(CONVERTIBLE)}); use "
        'summarizer_backend="transformers" or summarizer_backend="auto" (summarizer.backend)'
    )


class CT2Seq2SeqSummarizer(CTranslate2Runner, Seq2SeqSummarizer):
    """``seq2seq`` (DistilBART-CNN, BART) on CTranslate2."""


class CT2SourceSummarizer(CTranslate2Runner, SourceSummarizer):
    """``source`` (mT5 XL-Sum) on CTranslate2."""


class CT2CrosslingualSummarizer(CTranslate2Runner, CrosslingualSummarizer):
    """``crosslingual`` (CrossSum) on CTranslate2."""


CLASSES: dict[str, type[CTranslate2Runner]] = {
    "seq2seq": CT2Seq2SeqSummarizer,
    "source": CT2SourceSummarizer,
    "crosslingual": CT2CrosslingualSummarizer,
}


if __name__ == "__main__":  # python -m hinews.summarize.ct2 SOURCE OUT QUANTIZATION
    _convert(*sys.argv[1:4])
