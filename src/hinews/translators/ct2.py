"""Translation with CTranslate2: a model converted once (int8 on CPU), then reused.

The converted model lives in the hinews cache (``$HINEWS_CACHE``, default ``~/.cache/hinews``)
under ``ct2/<model>--<revision or fingerprint>--<quantization>/``, with the model's tokenizer
files copied beside ``model.bin``. Conversion runs in a child process: transformers models
through CTranslate2's converter (torch and transformers), IndicTrans2 checkpoints from their
weights (:mod:`hinews.translators.indictrans2.convert`; torch only for a ``.bin``).
Translating needs neither: tokens come from the model's own files through ``sentencepiece``
or ``tokenizers`` (:mod:`hinews.translators.tokenize`), so a folder already in CTranslate2
format with its tokenizer files works with ``pip install hinews[fast]`` alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hinews.config import TranslatorConfig
from hinews.errors import (
    ConfigError,
    DependencyError,
    HinewsError,
    ModelLoadError,
    missing_dependency,
)
from hinews.models.hub import ModelFiles
from hinews.results import Hypothesis, Provenance
from hinews.translators.base import (
    backend_provenance,
    language_codes,
    mean_log_prob,
    vocabulary_languages,
)
from hinews.translators.batching import check_lengths, plan_batches
from hinews.translators.indictrans2.checkpoint import is_indictrans
from hinews.translators.tokenize import TOKENIZER_FILES, has_tokenizer_files, load_tokenizer

log = logging.getLogger(__name__)

# CTranslate2 stops a beam search once beam_size hypotheses have ended; transformers keeps
# going while a running beam can still win. Waiting for twice as many (patience 2) makes
# the two agree on the memorised test models (patience 1 misses one of 40 at beam 4).
BEAM_PATIENCE = 2.0
_ENGINES: dict[tuple[object, ...], Any] = {}  # one loaded model per (dir, device, threads)
_ENGINES_LOCK = threading.Lock()


def _import_ct2() -> Any:
    try:
        import ctranslate2
    except ImportError:
        raise missing_dependency("ctranslate2", "fast") from None
    return ctranslate2


def cache_dir() -> Path:
    """The hinews cache: ``$HINEWS_CACHE`` or ``~/.cache/hinews``."""
    return Path(os.environ.get("HINEWS_CACHE") or Path.home() / ".cache" / "hinews").expanduser()


def pick_device(device: str, cuda_devices: int) -> str:
    """``auto`` is CUDA when CTranslate2 sees a GPU, else CPU. CTranslate2 has no MPS."""
    if device == "auto":
        return "cuda" if cuda_devices > 0 else "cpu"
    if device == "cuda" and cuda_devices == 0:
        raise ConfigError(
            "device 'cuda' was asked for but CTranslate2 sees no CUDA GPU; use device=\"cpu\""
        )
    if device not in ("cpu", "cuda"):
        raise ConfigError(
            f'the ctranslate2 backend runs on cpu or cuda, not {device!r}; use device="cpu" '
            '(or backend="transformers", for models other than IndicTrans2)'
        )
    return device


def pick_quantization(quantization: str, device: str) -> str:
    """``auto`` is int8 on CPU and int8_float16 on CUDA."""
    if quantization == "auto":
        return "int8_float16" if device == "cuda" else "int8"
    return quantization


def default_threads() -> int:
    """Physical cores this process may run on (affinity and cgroup quota respected)."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        try:
            import psutil

            return max(1, psutil.cpu_count(logical=False) or os.cpu_count() or 1)
        except ImportError:
            return max(1, os.cpu_count() or 1)
    cores: set[str] = set()
    for cpu in cpus:
        siblings = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology/thread_siblings_list")
        try:
            cores.add(siblings.read_text().strip())
        except OSError:
            cores.add(str(cpu))
    count = len(cores) or len(cpus)
    with contextlib.suppress(OSError, ValueError):  # cgroup v2 CPU quota ("max 100000")
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            count = min(count, max(1, -(-int(quota) // int(period))))
    return max(1, count)


def model_fingerprint(path: Path) -> str:
    """A short hash identifying a local model folder: small files by content, weights by
    name, size and modification time (rewriting a file changes it)."""
    digest = hashlib.sha256()
    files = (p for p in path.rglob("*") if p.is_file())
    for file in sorted(f for f in files if not f.relative_to(path).parts[0].startswith(".")):
        stat = file.stat()
        digest.update(str(file.relative_to(path)).encode())
        if stat.st_size <= 1 << 20:
            digest.update(file.read_bytes())
        else:
            digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def converted_dir(files: ModelFiles, quantization: str) -> Path:
    """Where the converted model for ``files`` at ``quantization`` lives in the cache."""
    name = Path(files.name).name if files.local else files.name
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_.")[-80:] or "model"
    local = files.local or not files.revision
    version = model_fingerprint(files.path) if local else files.revision
    return cache_dir() / "ct2" / f"{safe}--{version}--{quantization}"


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (POSIX); elsewhere racing converters are tolerated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            import fcntl
        except ImportError:
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_converted(files: ModelFiles, quantization: str) -> Path:
    """Convert ``files`` once into the cache and return the converted folder.

    Conversion (a few seconds for small models, about a minute for 600M parameters) runs
    in a child process into a temporary folder that is renamed into place when complete,
    under a lock, so concurrent processes never see a half-written model.

    Raises:
        ModelLoadError: The converter failed (unsupported architecture, broken files...).
    """
    final = converted_dir(files, quantization)
    if (final / "model.bin").is_file():
        return final
    with _file_lock(final.with_name(final.name + ".lock")):
        if (final / "model.bin").is_file():  # converted by another process meanwhile
            return final
        family = "IndicTrans" if is_indictrans(files.path) else None
        _require_converter(files, family)
        tmp = final.with_name(f".tmp-{final.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        command = [
            sys.executable,
            "-m",
            "hinews.translators.ct2",
            str(files.path),
            str(tmp),
            quantization,
        ]
        log.info(
            "converting %s to CTranslate2 (%s), once, into %s", files.name, quantization, final
        )
        try:
            proc = subprocess.run(command, capture_output=True, text=True, check=False)
            if proc.returncode != 0 or not (tmp / "model.bin").is_file():
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
                raise ModelLoadError(
                    f"could not convert translation model {files.name!r} ({files.path}) to "
                    f"CTranslate2: {' | '.join(tail) or 'no output'}. The ctranslate2 backend "
                    "supports IndicTrans2 checkpoints and transformers Marian and NLLB/M2M100 "
                    'models; use backend="transformers" for others.'
                )
            for name in TOKENIZER_FILES:  # so the converted folder tokenises on its own
                if (files.path / name).is_file() and not (tmp / name).exists():
                    shutil.copy2(files.path / name, tmp / name)
            meta = {
                "source": str(files.name),
                "revision": files.revision,
                "quantization": quantization,
                "ctranslate2": _import_ct2().__version__,
                "max_position_embeddings": _positions(files.path),
            }
            if family:
                meta["family"] = family
                meta["max_target_positions"] = _target_positions(files.path)
            (tmp / "hinews.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
            try:
                tmp.rename(final)
            except OSError:  # no lock on this platform and another process won the race
                if not (final / "model.bin").is_file():
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def _convert(source: str, out: str, quantization: str) -> None:
    """Child-process side of :func:`ensure_converted`: IndicTrans2 checkpoints from their
    weights (torch only to read a ``.bin``), others through transformers."""
    if is_indictrans(Path(source)):
        from hinews.translators.indictrans2.convert import convert

        convert(source, out, quantization)
        return
    import ctranslate2

    converter = ctranslate2.converters.TransformersConverter(source, low_cpu_mem_usage=True)
    converter.convert(out, quantization=quantization, force=True)


def _require_converter(files: ModelFiles, family: str | None = None) -> None:
    """Say what conversion needs before starting a doomed child: transformers and torch for
    a transformers model; for an IndicTrans2 checkpoint, torch to read ``.bin`` weights or
    safetensors to read ``model.safetensors``."""
    import importlib.util

    needed: tuple[str, ...] = ("transformers", "torch")
    if family == "IndicTrans":
        safetensors = (files.path / "model.safetensors").is_file() or (
            files.path / "model.safetensors.index.json"
        ).is_file()
        needed = ("safetensors",) if safetensors else ("torch",)
    for package in needed:
        try:
            found = importlib.util.find_spec(package) is not None
        except (ImportError, ValueError):  # blocked, or a broken half-installed package
            found = False
        if not found:
            extra = "fast" if package == "safetensors" else "models"
            raise DependencyError(
                f"converting {files.name!r} to CTranslate2 needs the Python package "
                f"{package!r}, which is not installed (translating a converted model does "
                f"not). Install it with: pip install 'hinews[{extra}]', or pass a folder "
                "already in CTranslate2 format (model.bin) with its tokenizer files."
            )


def _positions(path: Path) -> int | None:
    """``max_position_embeddings`` (IndicTrans2: ``max_source_positions``) of a
    transformers (or hinews-converted) model folder."""
    for name in ("config.json", "hinews.json"):
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            data = json.loads((path / name).read_text(encoding="utf-8"))
            value = data.get("max_position_embeddings") or data.get("max_source_positions")
            if value:
                return int(value)
    return None


def _target_positions(path: Path) -> int | None:
    """IndicTrans2's ``max_target_positions`` (its decoder's position table), if stated."""
    for name in ("config.json", "hinews.json"):
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            value = json.loads((path / name).read_text(encoding="utf-8")).get(
                "max_target_positions"
            )
            if value:
                return int(value)
    return None


class CTranslate2Translator:
    """A seq2seq model (transformers Marian/NLLB/M2M100, or IndicTrans2) run by CTranslate2
    behind the Translator protocol.

    Args:
        files: The transformers model folder (converted on first use), or a folder already
            converted by ``ct2-transformers-converter`` holding the tokenizer files too.
        config: Decoding, batching, device, quantization and thread options.
    """

    backend = "ctranslate2"

    def __init__(self, files: ModelFiles, config: TranslatorConfig) -> None:
        ct2 = _import_ct2()
        self.files, self.config = files, config
        self.device = pick_device(config.device, ct2.get_cuda_device_count())
        self.quantization = pick_quantization(config.quantization, self.device)
        self.threads = config.threads or default_threads()
        #: Extra ``translate_batch`` options (benchmarks fix the output length with these).
        self.decode_options: dict[str, Any] = {}
        if ct2.contains_model(str(files.path)):
            model_dir, compute_type = files.path, self.quantization
        else:
            model_dir, compute_type = ensure_converted(files, self.quantization), "default"
        # The engine is built on a short-lived thread, for two reasons. It loads in C++
        # without the GIL, so the tokenizer loads meanwhile (a cold `hinews translate`
        # spends most of its start-up on these two). And the thread that builds it must
        # not outlive it: with threads = cores, an engine built on a thread that stays
        # alive (the main thread, or one kept waiting) decodes 3-4x slower (measured: 6
        # sentences in 0.90 s against 0.20 s; `hinews bench` shows both, raw-ct2-main and
        # raw-ct2). Apparently the libgomp team left on the building thread makes libgomp
        # count more threads than cores and use throttled (sleeping) barriers.
        loaded: dict[str, Any] = {}

        def load_engine() -> None:
            try:
                loaded["engine"] = self._engine(ct2, model_dir, compute_type)
            except ModelLoadError as exc:
                loaded["error"] = exc

        loader = threading.Thread(target=load_engine, name="hinews-ct2-load", daemon=True)
        loader.start()
        # The converted folder's copies first: the original folder may be gone.
        tok_dir = model_dir if has_tokenizer_files(model_dir) else files.path
        try:
            self.tokenizer = load_tokenizer(tok_dir)
        except HinewsError:  # already says what failed (and is a ValueError or the like)
            raise
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise ModelLoadError(
                f"could not load the tokenizer of {files.name!r} from {tok_dir}: {exc}"
            ) from None
        finally:
            loader.join()
        if "error" in loaded:
            raise loaded["error"]
        self.model_dir = model_dir
        # A converted-only folder may not say; 1024 is transformers' default.
        self._positions = _positions(files.path) or _positions(model_dir) or 1024
        self.engine = loaded["engine"]
        self.src_lang, self.tgt_lang = language_codes(config, self.tokenizer.vocab, files.name)
        if self.tgt_lang and self.src_lang:
            self.tokenizer.set_src_lang(self.src_lang)
        # NLLB/M2M100 force the target language as the first target token; IndicTrans2
        # carries both tags in the source and starts the target bare.
        in_prefix = self.tokenizer.language_in_target_prefix
        self._target_prefix = self.tgt_lang if in_prefix else None
        #: The source codes ``translate_batch(src_lang=...)`` takes (none for Marian).
        # The source codes translate_batch(src_lang=...) takes: none for Marian; None when
        # the model takes codes of a form hinews does not list (M2M100's __hi__).
        self.source_languages: frozenset[str] | None = frozenset()
        if self.tgt_lang:  # a tokenizer may narrow its vocabulary's codes (IndicTrans2)
            codes = getattr(self.tokenizer, "source_languages", None)
            self.source_languages = codes or vocabulary_languages(self.tokenizer.vocab) or None
        self._check_target_length(model_dir)

    def _check_target_length(self, model_dir: Path) -> None:
        """Refuse ``max_new_tokens`` beyond the decoder's positions: the engine would fail
        mid-run on the first output that long (IndicTrans2 has 256).

        Raises:
            ConfigError: ``translator.max_new_tokens`` is over the model's limit.
        """
        limit = _target_positions(self.files.path) or _target_positions(model_dir)
        if limit and self.config.max_new_tokens > limit:
            raise ConfigError(
                f"translator.max_new_tokens is {self.config.max_new_tokens}, but "
                f"{self.files.name!r} has {limit} target positions: set it to {limit} or less"
            )

    def _engine(self, ct2: Any, model_dir: Path, compute_type: str) -> Any:
        key = (str(model_dir), self.device, compute_type, self.threads)
        with _ENGINES_LOCK:
            if key not in _ENGINES:
                try:
                    _ENGINES[key] = ct2.Translator(
                        str(model_dir),
                        device=self.device,
                        compute_type=compute_type,
                        inter_threads=1,
                        intra_threads=self.threads,
                    )
                except (RuntimeError, ValueError) as exc:
                    raise ModelLoadError(
                        f"CTranslate2 could not load {model_dir}: {exc}. "
                        "Delete that folder to convert again."
                    ) from None
            return _ENGINES[key]

    @property
    def max_source_tokens(self) -> int:
        return min(self.config.max_source_tokens, self._positions)

    def count_tokens(self, sentence: str) -> int:
        return self.tokenizer.count(sentence)

    @property
    def provenance(self) -> Provenance:
        extra: dict[str, Any] = {
            "device": self.device,
            "quantization": self.quantization,
            "compute_type": self.engine.compute_type,
            "threads": self.threads,
        }
        if self.config.num_beams > 1:
            extra["patience"] = self.decode_options.get("patience", BEAM_PATIENCE)
        return backend_provenance(
            self.backend,
            self.files,
            self.config,
            max_source_tokens=self.max_source_tokens,
            src_lang=self.src_lang,
            tgt_lang=self.tgt_lang,
            **extra,
        )

    def translate_batch(
        self, sentences: list[str], *, src_lang: str | None = None
    ) -> list[Hypothesis]:
        """Translate sentences, batched by token budget, returned in input order, each with
        its confidence: ``exp`` of the mean token log-probability from
        ``return_scores`` (CTranslate2's score is the sum over the tokens, the end token
        included and the forced language code counted as 0, divided by
        ``length ** length_penalty``; the forced code is taken out of the length here).

        Args:
            sentences: Source sentences.
            src_lang: A source code for these sentences, for models that take one
                (IndicTrans2, NLLB, M2M100: ``mar_Deva``...).

        Raises:
            InputError: A sentence is longer than the model accepts (hinews never truncates).
            ConfigError: ``src_lang`` for a model without language codes, or unknown to it.
        """
        if not sentences:
            return []
        encoded = self.tokenizer.encode(list(sentences))
        if src_lang is not None and src_lang != self.src_lang:
            encoded = self._swap_src_lang(encoded, src_lang)
        # What the model reads: the tokens sent plus the </s> the engine appends itself.
        extra = self.tokenizer.appended_by_engine
        lengths = [len(tokens) + extra for tokens in encoded]
        check_lengths(lengths, self.max_source_tokens)
        options = {
            "beam_size": self.config.num_beams,
            "max_decoding_length": self.config.max_new_tokens,
            "max_input_length": 0,
            **self.decode_options,
        }
        if self.config.num_beams > 1:
            options.setdefault("patience", BEAM_PATIENCE)
        options["return_scores"] = True
        order: list[int] = []
        hypotheses: list[list[str]] = []
        scores: list[float] = []
        for batch in plan_batches(lengths, self.config.batch_tokens, self.config.batch_size):
            source = [encoded[i] for i in batch]
            prefix = [[self._target_prefix]] * len(batch) if self._target_prefix else None
            results = self.engine.translate_batch(source, prefix, **options)
            order += batch
            hypotheses += [r.hypotheses[0] for r in results]
            scores += [r.scores[0] for r in results]
        tgt = self._target_prefix
        tokens = [h[1:] if tgt and h[:1] == [tgt] else h for h in hypotheses]
        outputs: list[Hypothesis] = [Hypothesis("")] * len(sentences)
        penalty = float(options.get("length_penalty", 1.0))
        limit = int(options["max_decoding_length"])
        texts = self.tokenizer.decode(tokens, [sentences[i] for i in order])
        for i, text, hyp, score in zip(order, texts, hypotheses, scores, strict=True):
            # The end token is scored unless the hypothesis ran into the length limit.
            scored = len(hyp) + (1 if len(hyp) < limit else 0)
            forced = 1 if tgt and hyp[:1] == [tgt] else 0
            mean = mean_log_prob(score * scored**penalty, scored, forced)
            outputs[i] = Hypothesis(text.strip(), math.exp(mean))
        return outputs

    def _swap_src_lang(self, encoded: list[list[str]], src_lang: str) -> list[list[str]]:
        """The encodings with the configured source code replaced by ``src_lang``."""
        if not self.tgt_lang or not self.src_lang:
            raise ConfigError(
                f"{self.files.name!r} takes no source language code (it translates one "
                f"language pair), so source language {src_lang!r} cannot be set; use an "
                "multilingual model (IndicTrans2, NLLB) for other languages"
            )
        known = self.source_languages or frozenset(self.tokenizer.vocab)
        if src_lang not in known:
            raise ConfigError(
                f"{self.files.name!r} takes no source language {src_lang!r}; give one it "
                f"takes, such as mar_Deva or npi_Deva"
                + (f" ({', '.join(sorted(known))})" if self.source_languages else "")
            )
        old = self.src_lang
        return [[src_lang if t == old else t for t in tokens] for tokens in encoded]


if __name__ == "__main__":  # python -m hinews.translators.ct2 SOURCE OUT QUANTIZATION
    _convert(*sys.argv[1:4])
