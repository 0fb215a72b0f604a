"""Torch-free tokenisation for the CTranslate2 backend, from the model's own files.

The transformers tokenizer classes pull in a large part of transformers (and, for some
versions, torch) on import: seconds per process. A converted model only needs its token
strings, so hinews reads the same files the transformers tokenizer reads and reproduces
its token ids exactly:

- Marian (OPUS-MT): ``source.spm`` / ``target.spm`` through ``sentencepiece``, pieces mapped
  to ids through ``vocab.json`` (``target_vocab.json`` with separate vocabularies), ``</s>``
  appended, ``>>xx<<`` language codes kept whole, special tokens in the text kept whole.
- IndicTrans2: ``model.SRC`` and ``dict.SRC.json`` with IndicTrans2's own text processing
  (:mod:`hinews.translators.indictrans2.tokenizer`).
- NLLB / M2M100-style models with a ``tokenizer.json``: the ``tokenizers`` library, with the
  language code placed as ``NllbTokenizer`` places it (``[src_lang] ... </s>``, or
  ``... </s> [src_lang]`` with ``legacy_behaviour``).

Decoding follows the transformers classes too (``skip_special_tokens=True``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Protocol

from hinews.errors import ModelLoadError, missing_dependency
from hinews.translators.indictrans2.checkpoint import TOKENIZER_FILES as INDICTRANS_FILES

#: Files a converted folder needs besides CTranslate2's own to tokenise without transformers.
TOKENIZER_FILES = (
    *INDICTRANS_FILES,
    "source.spm",
    "target.spm",
    "vocab.json",
    "target_vocab.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "sentencepiece.bpe.model",
)

_SPIECE_UNDERLINE = "▁"


class ModelTokenizer(Protocol):
    """What the CTranslate2 backend needs from a tokenizer: token strings in and out."""

    #: Source-side vocabulary (token -> id), language codes included.
    vocab: dict[str, int]
    #: Whether the target language code is forced as the first target token (NLLB,
    #: M2M100) rather than written into the source (IndicTrans2) or absent (Marian).
    language_in_target_prefix: bool
    #: Tokens the converted model appends to every source itself (IndicTrans2's ``</s>``:
    #: counted in lengths, not sent).
    appended_by_engine: int

    def set_src_lang(self, src_lang: str) -> None:
        """Add ``src_lang`` as the model's tokenizer adds it (NLLB); a no-op for Marian."""
        ...

    def encode(self, texts: list[str]) -> list[list[str]]:
        """Source token strings of each text, special tokens included."""
        ...

    def count(self, text: str) -> int:
        """Number of source tokens the model sees for ``text``."""
        ...

    def decode(self, tokens: list[list[str]], sources: list[str] | None = None) -> list[str]:
        """Texts of target token sequences, special tokens skipped. ``sources`` are the
        sentences those sequences translate (IndicTrans2 restores placeholders from them;
        the others ignore them)."""
        ...


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _tokenizer_config(path: Path) -> dict[str, Any]:
    file = path / "tokenizer_config.json"
    return _read_json(file) if file.is_file() else {}


def _token_content(value: Any, default: str) -> str:
    """A special token as saved by transformers: a string or an AddedToken dict."""
    if isinstance(value, dict):
        return str(value.get("content", default))
    return str(value) if value else default


def _with_added(vocab: dict[str, int], added: dict[str, dict[str, Any]]) -> dict[str, int]:
    """``vocab`` with the added tokens' ids (the same dict when they already agree)."""
    if all(vocab.get(token) == info["id"] for token, info in added.items()):
        return vocab
    return {**vocab, **{token: info["id"] for token, info in added.items()}}


def _inverse(vocab: dict[str, int]) -> list[str | None]:
    """id -> token as a list (ids are dense); holes are None."""
    out: list[str | None] = [None] * (max(vocab.values(), default=-1) + 1)
    for token, index in vocab.items():
        out[index] = token
    return out


class MarianSpmTokenizer:
    """``MarianTokenizer`` without transformers (sentencepiece + ``vocab.json``).

    Args:
        path: A folder with ``source.spm``, ``target.spm`` and ``vocab.json``.
    """

    language_in_target_prefix = False
    appended_by_engine = 0

    def __init__(self, path: Path) -> None:
        try:
            import sentencepiece
        except ImportError:
            raise missing_dependency("sentencepiece", "fast") from None
        config = _tokenizer_config(path)
        self.separate_vocabs = bool(config.get("separate_vocabs", False))
        self.vocab: dict[str, int] = _read_json(path / "vocab.json")
        target_vocab = (
            _read_json(path / "target_vocab.json") if self.separate_vocabs else self.vocab
        )
        self.unk = _token_content(config.get("unk_token"), "<unk>")
        self.eos = _token_content(config.get("eos_token"), "</s>")
        pad = _token_content(config.get("pad_token"), "<pad>")
        if self.unk not in self.vocab:
            raise ModelLoadError(f"{path / 'vocab.json'} has no {self.unk!r} token")
        self.spm_source = sentencepiece.SentencePieceProcessor(model_file=str(path / "source.spm"))
        # transformers 5 decodes with the source model unless the vocabularies are separate,
        # so the target model is loaded only then (a 32k-piece model is ~6 MB in memory).
        self._decode_spm = (
            sentencepiece.SentencePieceProcessor(model_file=str(path / "target.spm"))
            if self.separate_vocabs
            else self.spm_source
        )
        added: dict[str, dict[str, Any]] = {}
        for index, token in (config.get("added_tokens_decoder") or {}).items():
            added[str(token["content"])] = {**token, "id": int(index)}
        self._added = added
        specials = {self.unk, self.eos, pad}
        for extra in config.get("additional_special_tokens") or []:
            specials.add(_token_content(extra, ""))
        specials.discard("")
        self._specials = specials
        # One dict per side (shared when the vocabularies are): 62k-entry dicts cost MBs.
        self._source_ids = _with_added(self.vocab, added)
        self._target_ids = (
            _with_added(target_vocab, added) if self.separate_vocabs else self._source_ids
        )
        self._id_to_token = _inverse(self._source_ids)
        self._target_tokens = (
            _inverse(self._target_ids) if self.separate_vocabs else self._id_to_token
        )
        self._skip_ids = {self._target_ids[t] for t in specials if t in self._target_ids}
        unsplit = sorted(set(added) | specials, key=len, reverse=True)
        self._split = re.compile("(" + "|".join(map(re.escape, unsplit)) + ")") if unsplit else None
        self._unk_id = self.vocab[self.unk]
        self.clean_up = bool(config.get("clean_up_tokenization_spaces", False))

    def set_src_lang(self, src_lang: str) -> None:
        """Marian models carry no source code (multilingual ones take ``>>xx<<`` in the text)."""

    def _pieces(self, text: str) -> list[str]:
        """``PreTrainedTokenizer.tokenize``: added tokens kept whole (with their strip rules)."""
        chunks = self._split.split(text) if self._split else [text]
        chunks = [c for c in chunks if c != ""]
        for i, chunk in enumerate(chunks):
            info = self._added.get(chunk)
            if info is None:
                continue
            if info.get("rstrip") and i + 1 < len(chunks):
                chunks[i + 1] = chunks[i + 1].lstrip()
            if info.get("lstrip") and i > 0:
                chunks[i - 1] = chunks[i - 1].rstrip()
        out: list[str] = []
        for chunk in chunks:
            if not chunk:
                continue
            if chunk in self._added or chunk in self._specials:
                out.append(chunk)
                continue
            if chunk.startswith(">>") and (end := chunk.find("<<")) != -1:
                out.append(chunk[: end + 2])
                chunk = chunk[end + 2 :]
            out.extend(self.spm_source.encode(chunk, out_type=str))
        return out

    def encode_ids(self, text: str) -> list[int]:
        """Source token ids, exactly as ``MarianTokenizer(text)["input_ids"]``."""
        ids, unk = self._source_ids, self._unk_id
        return [ids.get(p, unk) for p in self._pieces(text)] + [self._source_ids[self.eos]]

    def encode(self, texts: list[str]) -> list[list[str]]:
        itos = self._id_to_token
        return [[itos[i] or self.unk for i in self.encode_ids(text)] for text in texts]

    def count(self, text: str) -> int:
        return len(self._pieces(text)) + 1

    def decode_ids(self, ids: list[int]) -> str:
        """``MarianTokenizer.decode(ids, skip_special_tokens=True)``."""
        table, size = self._target_tokens, len(self._target_tokens)
        tokens = [
            (table[i] if 0 <= i < size else None) or self._piece(i)
            for i in ids
            if i not in self._skip_ids
        ]
        text = ""
        run: list[str] = []
        for token in tokens:
            if token in self._specials:
                text += self._decode_spm.decode_pieces(run) + token + " "
                run = []
            else:
                run.append(token)
        text += self._decode_spm.decode_pieces(run)
        text = text.replace(_SPIECE_UNDERLINE, " ").strip()
        return _clean_up(text) if self.clean_up else text

    def _piece(self, index: int) -> str:
        """An id outside the vocabulary: the SentencePiece piece, as transformers does."""
        try:
            return str(self._decode_spm.IdToPiece(index)) or self.unk
        except IndexError:
            return self.unk

    def decode(self, tokens: list[list[str]], sources: list[str] | None = None) -> list[str]:
        stoi, unk = self._target_ids, self._target_ids.get(self.unk, self._unk_id)
        return [self.decode_ids([stoi.get(t, unk) for t in seq]) for seq in tokens]


class JsonTokenizer:
    """A ``tokenizer.json`` model through the ``tokenizers`` library (NLLB, M2M100...).

    Args:
        path: A folder with ``tokenizer.json`` (and ``tokenizer_config.json``).
        src_lang: The source language code to add as ``NllbTokenizer`` adds it, or None.
    """

    language_in_target_prefix = True
    appended_by_engine = 0

    def __init__(self, path: Path, src_lang: str | None = None) -> None:
        try:
            from tokenizers import Tokenizer, processors
        except ImportError:
            raise missing_dependency("tokenizers", "fast") from None
        config = _tokenizer_config(path)
        self._tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tok.no_truncation()
        self._tok.no_padding()
        self.vocab: dict[str, int] = self._tok.get_vocab(with_added_tokens=True)
        self.eos = _token_content(config.get("eos_token"), "</s>")
        self.unk = _token_content(config.get("unk_token"), "<unk>")
        self._path, self._legacy = path, bool(config.get("legacy_behaviour"))
        self._processors = processors
        self.src_lang: str | None = None
        if src_lang is not None:
            self.set_src_lang(src_lang)
        clean_up = bool(config.get("clean_up_tokenization_spaces", False))
        # transformers 5 never cleans up BPE output (it would remove real spaces).
        self.clean_up = clean_up and type(self._tok.model).__name__ != "BPE"

    def set_src_lang(self, src_lang: str) -> None:
        """Add ``src_lang`` to every encoding as ``NllbTokenizer.src_lang = ...`` does."""
        if src_lang not in self.vocab or self.eos not in self.vocab:
            raise ModelLoadError(
                f"{self._path / 'tokenizer.json'} has no language code {src_lang!r} "
                f"(or no {self.eos!r}); check translator.src_lang"
            )
        lang, eos = (src_lang, self.vocab[src_lang]), (self.eos, self.vocab[self.eos])
        single = ["$A", self.eos, src_lang] if self._legacy else [src_lang, "$A", self.eos]
        self._tok.post_processor = self._processors.TemplateProcessing(
            single=single, special_tokens=[eos, lang]
        )
        self.src_lang = src_lang

    def encode_ids(self, text: str) -> list[int]:
        """Source token ids, exactly as the transformers tokenizer's ``input_ids``."""
        return list(self._tok.encode(text).ids)

    def encode(self, texts: list[str]) -> list[list[str]]:
        return [list(e.tokens) for e in self._tok.encode_batch(list(texts))]

    def count(self, text: str) -> int:
        return len(self._tok.encode(text).ids)

    def decode_ids(self, ids: list[int]) -> str:
        text: str = self._tok.decode(ids, skip_special_tokens=True)
        return _clean_up(text) if self.clean_up else text

    def decode(self, tokens: list[list[str]], sources: list[str] | None = None) -> list[str]:
        unk = self.vocab.get(self.unk, 0)
        ids = [[self.vocab.get(t, unk) for t in seq] for seq in tokens]
        texts: list[str] = self._tok.decode_batch(ids, skip_special_tokens=True)
        return [_clean_up(t) for t in texts] if self.clean_up else texts


class TransformersTokenizer:
    """Any other tokenizer, through transformers (slow import; used only when the folder
    has none of the files the torch-free tokenizers read, e.g. M2M100's own format)."""

    language_in_target_prefix = True
    appended_by_engine = 0

    def __init__(self, path: Path) -> None:
        try:
            import transformers
        except ImportError:
            raise missing_dependency("transformers", "models") from None
        # The class named in the config, not AutoTokenizer (which pulls in torch).
        name = _tokenizer_config(path).get("tokenizer_class")
        cls = getattr(transformers, name, None) if name else None
        self._tok = (cls or transformers.AutoTokenizer).from_pretrained(path)
        self.vocab: dict[str, int] = self._tok.get_vocab()
        self._unk = self._tok.unk_token_id

    def set_src_lang(self, src_lang: str) -> None:
        self._tok.src_lang = src_lang

    def encode(self, texts: list[str]) -> list[list[str]]:
        ids = self._tok(list(texts))["input_ids"]
        return [list(self._tok.convert_ids_to_tokens(seq)) for seq in ids]

    def count(self, text: str) -> int:
        return len(self._tok(text)["input_ids"])

    def decode(self, tokens: list[list[str]], sources: list[str] | None = None) -> list[str]:
        ids = [[self.vocab.get(t, self._unk) for t in seq] for seq in tokens]
        return list(self._tok.batch_decode(ids, skip_special_tokens=True))


def _clean_up(text: str) -> str:
    """transformers' ``clean_up_tokenization`` (for tokenizers configured to use it)."""
    for before, after in (
        (" .", "."),
        (" ?", "?"),
        (" !", "!"),
        (" ,", ","),
        (" ' ", "'"),
        (" n't", "n't"),
        (" 'm", "'m"),
        (" 's", "'s"),
        (" 've", "'ve"),
        (" 're", "'re"),
    ):
        text = text.replace(before, after)
    return text


def has_tokenizer_files(path: Path) -> bool:
    """Whether :func:`load_tokenizer` can tokenise from ``path`` without transformers."""
    marian = all((path / f).is_file() for f in ("source.spm", "target.spm", "vocab.json"))
    indictrans = all((path / f).is_file() for f in INDICTRANS_FILES)
    return marian or indictrans or (path / "tokenizer.json").is_file()


def load_tokenizer(path: Path, src_lang: str | None = None) -> ModelTokenizer:
    """The model's tokenizer from its own files, without transformers where possible.

    Args:
        path: The model folder (transformers or CTranslate2 format) with tokenizer files.
        src_lang: For NLLB-style models, the source language code to add.

    Raises:
        ModelLoadError: The folder has no tokenizer files hinews can read.
        DependencyError: ``sentencepiece`` / ``tokenizers`` (or, for other formats,
            ``transformers``) is not installed.
    """
    if all((path / f).is_file() for f in INDICTRANS_FILES):
        from hinews.translators.indictrans2.tokenizer import IndicTransTokenizer

        return IndicTransTokenizer(path, *([src_lang] if src_lang else []))
    if all((path / f).is_file() for f in ("source.spm", "target.spm", "vocab.json")):
        return MarianSpmTokenizer(path)
    if (path / "tokenizer.json").is_file():
        return JsonTokenizer(path, src_lang)
    if not (path / "tokenizer_config.json").is_file():
        raise ModelLoadError(
            f"no tokenizer files in {path}: expected source.spm, target.spm and vocab.json "
            "(Marian / OPUS-MT), dict.SRC.json, dict.TGT.json, model.SRC and model.TGT "
            "(IndicTrans2) or tokenizer.json (NLLB). Copy them from the original model "
            "folder next to model.bin."
        )
    fallback = TransformersTokenizer(path)
    if src_lang is not None:
        fallback.set_src_lang(src_lang)
    return fallback
