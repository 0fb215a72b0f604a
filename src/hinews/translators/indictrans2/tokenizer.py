"""IndicTrans2's tokenizer from its own files, with IndicTrans2's text processing.

Source side, as the hub's ``IndicTransTokenizer`` and ``IndicProcessor`` do it: the
sentence is pre-processed (:func:`~hinews.translators.indictrans2.processing.preprocess`:
punctuation, Indic digits, ``<ID1>`` placeholders, tokenisation, the two language tags),
the tags kept whole and the rest cut into pieces by ``model.SRC`` (SentencePiece), each
piece looked up in ``dict.SRC.json`` (``<unk>`` when absent). The ``</s>`` the hub
tokenizer appends is added by CTranslate2 itself (the converted model has
``add_source_eos``), so it is counted here but not sent.

Target side: ids through ``dict.TGT.json``, special tokens dropped, pieces joined with
``▁`` as spaces, then post-processed: placeholders restored and the English
Moses-detokenised. The placeholder map of each sentence is computed again from its source
at decoding time, so nothing is kept between calls: concurrent requests cannot get each
other's originals (IndicProcessor keeps them in a queue on the object).
"""

from __future__ import annotations

import json
from pathlib import Path

from hinews.errors import ModelLoadError, missing_dependency
from hinews.translators.indictrans2.processing import (
    SOURCE_LANGUAGES,
    check_languages,
    postprocess,
    preprocess,
    warm_up,
)

_SPECIALS = frozenset({"<s>", "<pad>", "</s>", "<unk>"})


class IndicTransTokenizer:
    """Source and target tokenisation of an IndicTrans2 (Indic -> English) model.

    Args:
        path: A folder with ``dict.SRC.json``, ``dict.TGT.json``, ``model.SRC`` and
            ``model.TGT`` (the hub folder, or a converted one).
        src_lang: The default source tag (``hin_Deva``).
        tgt_lang: The target tag; hinews translates into English (``eng_Latn``).
    """

    #: IndicTrans2 writes both language tags into the source; the target starts bare.
    language_in_target_prefix = False
    #: The converted model appends ``</s>`` to every source (``add_source_eos``).
    appended_by_engine = 1

    def __init__(self, path: Path, src_lang: str = "hin_Deva", tgt_lang: str = "eng_Latn") -> None:
        try:
            import sentencepiece
        except ImportError:
            raise missing_dependency("sentencepiece", "fast") from None
        try:
            self.vocab: dict[str, int] = json.loads(
                (path / "dict.SRC.json").read_text(encoding="utf-8")
            )
            target: dict[str, int] = json.loads(
                (path / "dict.TGT.json").read_text(encoding="utf-8")
            )
        except (OSError, ValueError) as exc:
            raise ModelLoadError(
                f"cannot read IndicTrans2's dictionaries in {path}: {exc}"
            ) from None
        self._spm = sentencepiece.SentencePieceProcessor(model_file=str(path / "model.SRC"))
        self._unk = "<unk>"
        self._target_ids = target
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        #: The source tags hinews translates with this model: its Devanagari languages
        #: (other scripts would need IndicTrans2's transliteration, which hinews lacks).
        self.source_languages = SOURCE_LANGUAGES & frozenset(self.vocab)
        # Compile the patterns and import the detokeniser now (about 0.2 s), beside the
        # engine's load, rather than inside the first request.
        warm_up()

    def set_src_lang(self, src_lang: str) -> None:
        """The default source tag for :meth:`encode`.

        Raises:
            ModelLoadError: A tag IndicTrans2's text processing does not take here.
        """
        try:
            check_languages(src_lang, self.tgt_lang)
        except ValueError as exc:
            raise ModelLoadError(str(exc)) from None
        self.src_lang = src_lang

    def _pieces(self, text: str) -> list[str]:
        prepared = preprocess(text, self.src_lang, self.tgt_lang)
        src, tgt, body = prepared.text.split(" ", 2)  # "hin_Deva eng_Latn ..." always
        known = self.vocab
        pieces = [p if p in known else self._unk for p in self._spm.encode(body, out_type=str)]
        return [src, tgt, *pieces]

    def encode(self, texts: list[str]) -> list[list[str]]:
        """Source tokens (tags first, no ``</s>``: CTranslate2 appends it)."""
        return [self._pieces(text) for text in texts]

    def encode_ids(self, text: str) -> list[int]:
        """Source ids exactly as the hub tokenizer gives them, ``</s>`` included."""
        return [self.vocab[t] for t in self._pieces(text)] + [self.vocab["</s>"]]

    def count(self, text: str) -> int:
        """Tokens the model sees for ``text``, the ``</s>`` CTranslate2 adds included."""
        return len(self._pieces(text)) + 1

    def decode(self, tokens: list[list[str]], sources: list[str] | None = None) -> list[str]:
        """English texts of target token sequences; ``sources`` (the sentences that were
        translated, in the same order) give each its placeholders back."""
        out = []
        for i, seq in enumerate(tokens):
            raw = "".join(t for t in seq if t not in _SPECIALS).replace("▁", " ").strip()
            entities = (
                preprocess(sources[i], self.src_lang, self.tgt_lang).entities if sources else {}
            )
            out.append(postprocess(raw, entities, self.tgt_lang))
        return out

    def decode_ids(self, ids: list[int], source: str | None = None) -> str:
        """:meth:`decode` of target ids (for tests against the reference outputs)."""
        table = {v: k for k, v in self._target_ids.items()}
        return self.decode([[table[i] for i in ids]], [source] if source is not None else None)[0]
