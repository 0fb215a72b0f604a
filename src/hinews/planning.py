"""Translation planning: articles -> model-sized pieces in shared batches -> sentence pairs.

Every sentence of every article (and its title) becomes a :class:`Unit`; an over-long one is
split at clause boundaries into pieces, never truncated. All pieces go to the model in
length-sorted chunks, one source language code at a time, and are joined back per unit with
their confidence and flags. :class:`~hinews.pipeline.Pipeline` and the briefs call
:func:`translate_with_extra`; the digest translates its sentences through
:meth:`~hinews.pipeline.Pipeline.translate_sentences_scored`, which plans the same way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hinews.results import Hypothesis, Provenance, Segment, Segmentation, SentencePair, Translation

if TYPE_CHECKING:
    from hinews.pipeline import Pipeline
    from hinews.translators.base import Translator


@dataclass(frozen=True)
class Unit:
    """One source sentence (or the title) of one document, with its pieces' positions."""

    doc: int
    paragraph: int  # -1 for the title
    text: str
    pieces: tuple[int, ...]  # indices into the flat list of texts sent to the model
    src_lang: str | None = None  # source code given to the model (None: its default)


def join(out: list[Hypothesis], unit: Unit) -> Hypothesis:
    """The translation of ``unit``: its pieces' translations joined, confidences combined."""
    from hinews.trust.flags import combine_confidence

    pieces = [out[i] for i in unit.pieces]
    return Hypothesis(
        " ".join(h.text for h in pieces), combine_confidence([h.confidence for h in pieces])
    )


def translate_with_extra(
    pipe: Pipeline, segs: list[Segmentation], extra: list[list[str]], *, progress: bool = False
) -> tuple[list[Translation], list[list[SentencePair]]]:
    """Translate articles and, in the same model batches, further sentences of each:
    ``extra`` is empty or holds one list per article, read in that article's language;
    they come back as sentence pairs with their flags (paragraph 0)."""
    from hinews.trust.flags import sentence_flags

    codes = [pipe._source_code(s) for s in segs]
    docs = [(s.title, list(s.sentences)) for s in segs]
    docs += [("", [Segment(text, 0) for text in texts]) for texts in extra]
    units, flat = plan(
        pipe.translator, docs, with_title=True, codes=codes + (codes if extra else [])
    )
    glossary = pipe.glossary
    sent = flat
    if glossary is not None and pipe.config.pipeline.enforce_glossary:
        sent = [glossary.protect(text) for text in flat]
    langs: list[str | None] = [None] * len(flat)
    for unit in units:
        for i in unit.pieces:
            langs[i] = unit.src_lang
    out = run(
        pipe.translator,
        sent,
        langs,
        batch_size=pipe.config.translator.batch_size,
        progress=progress,
    )
    provenance = pipe.translator.provenance
    threshold = pipe.config.pipeline.confidence_threshold
    by_doc: list[list[Unit]] = [[] for _ in docs]
    for unit in units:
        by_doc[unit.doc].append(unit)

    def pair(u: Unit) -> SentencePair:
        hyp = join(out, u)
        flags = sentence_flags(
            u.text, hyp.text, hyp.confidence, threshold=threshold, glossary=glossary
        )
        return SentencePair(u.text, hyp.text, u.paragraph, hyp.confidence, flags)

    results = []
    for seg, code, mine in zip(segs, codes, by_doc[: len(segs)], strict=True):
        title = next((join(out, u) for u in mine if u.paragraph < 0), Hypothesis(""))
        pairs = [pair(u) for u in mine if u.paragraph >= 0]
        results.append(
            Translation(
                seg.title,
                title.text,
                tuple(pairs),
                provenance_for(pipe, provenance, seg, code),
                language=seg.language,
                title_confidence=title.confidence,
            )
        )
    extra_out = [[pair(u) for u in mine] for mine in by_doc[len(segs) :]]
    return results, extra_out


def provenance_for(
    pipe: Pipeline, provenance: Provenance, seg: Segmentation, code: str | None
) -> Provenance:
    """The translator's provenance plus what this article was read as."""
    from hinews.trust.language import HINDI

    options = dict(provenance.options)
    if code is not None:
        options["src_lang"] = code
    options["source_lang"] = code or options.get("src_lang") or HINDI
    options["source_lang_from"] = pipe.config.pipeline.source_lang or "default"
    options["confidence_threshold"] = pipe.config.pipeline.confidence_threshold
    if pipe.glossary is not None:
        options["glossary"] = {
            **pipe.glossary.to_dict(),
            "enforced": pipe.config.pipeline.enforce_glossary,
        }
    return dataclasses.replace(provenance, options=options)


def plan(
    translator: Translator,
    docs: list[tuple[str, list[Segment]]],
    *,
    with_title: bool,
    codes: list[str | None] | None = None,
) -> tuple[list[Unit], list[str]]:
    """Split over-long sentences at clause boundaries; lay out every piece in one list."""
    from hinews.text import split_long

    limit = translator.max_source_tokens
    units: list[Unit] = []
    flat: list[str] = []
    for doc, (title, sentences) in enumerate(docs):
        items = ([(-1, title)] if with_title and title else []) + [
            (s.paragraph, s.text) for s in sentences
        ]
        for paragraph, text in items:
            # Tokens never outnumber characters by more than the special tokens, so most
            # sentences skip the tokenizer here.
            pieces = (
                []  # nothing to translate: the translation is empty too
                if not text.strip()
                else [text]
                if len(text) + 4 <= limit
                else split_long(text, limit, translator.count_tokens)
            )
            units.append(
                Unit(
                    doc,
                    paragraph,
                    text,
                    tuple(range(len(flat), len(flat) + len(pieces))),
                    codes[doc] if codes else None,
                )
            )
            flat.extend(pieces)
    return units, flat


def run(
    translator: Translator,
    texts: list[str],
    langs: list[str | None],
    *,
    batch_size: int,
    progress: bool,
) -> list[Hypothesis]:
    """Send texts to the model in length-sorted chunks (one progress step per chunk),
    one source language code at a time."""
    if not texts:
        return []
    out: list[Hypothesis] = [Hypothesis("")] * len(texts)
    bar = progress_bar(len(texts), "translating", enabled=progress)
    for idx, lang in chunks(texts, langs, batch_size=batch_size):
        batch = [texts[i] for i in idx]
        results = (
            translator.translate_batch(batch, src_lang=lang)
            if lang is not None
            else translator.translate_batch(batch)
        )
        for i, result in zip(idx, results, strict=True):
            out[i] = as_hypothesis(result)
        bar.update(len(idx))
    bar.close()
    return out


def chunks(
    texts: list[str], langs: list[str | None], *, batch_size: int
) -> list[tuple[list[int], str | None]]:
    """The calls :func:`run` makes to the model: (indices into ``texts``, source language),
    length-sorted, one language a call. A digest on Ray sends the same calls to its
    workers, so its translations are the ones this process would make."""
    order = sorted(range(len(texts)), key=lambda i: (langs[i] or "", -len(texts[i])))
    size = max(batch_size * 8, 64)
    out: list[tuple[list[int], str | None]] = []
    start = 0
    while start < len(order):
        lang = langs[order[start]]
        idx = [i for i in order[start : start + size] if langs[i] == lang]
        out.append((idx, lang))
        start += len(idx)
    return out


def as_hypothesis(result: Hypothesis | str) -> Hypothesis:
    """A backend's output; a plain string (a translator written before confidences)
    has an unknown confidence."""
    return result if isinstance(result, Hypothesis) else Hypothesis(str(result), None)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, desc: str, *, enabled: bool) -> Any:
    """A tqdm bar over ``total`` sentences, or one that shows nothing."""
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="sent", leave=False)
