"""The pipeline: text -> clean/segment -> translate -> brief -> result.

Data flows one way. The CLI, the web app and the evaluation harness are thin shells over
:class:`Pipeline`; models are loaded lazily on first use and shared between pipelines.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from hinews.config import (
    MODEL_STRATEGIES,
    STRATEGY_TUNED,
    PipelineConfig,
    PipelineOptions,
    TranslatorConfig,
)
from hinews.errors import ConfigError, InputError
from hinews.presets import MODELS, load_preset, preset_names
from hinews.results import (
    Article,
    Brief,
    Hypothesis,
    Provenance,
    Segment,
    Segmentation,
    SentencePair,
    Translation,
)
from hinews.summarize import bullets as bullet_rules
from hinews.summarize.base import ReadsHindi, Summarizer
from hinews.summarize.numbers import unsupported
from hinews.translators.base import Translator

if TYPE_CHECKING:
    from collections.abc import Iterable

    from hinews.digests.inputs import Report
    from hinews.digests.result import Digest
    from hinews.trust.glossary import Glossary


@dataclass(frozen=True)
class _Unit:
    """One source sentence (or the title) of one document, with its pieces' positions."""

    doc: int
    paragraph: int  # -1 for the title
    text: str
    pieces: tuple[int, ...]  # indices into the flat list of texts sent to the model
    src_lang: str | None = None  # source code given to the model (None: its default)


class Pipeline:
    """Cleans, translates and briefs Hindi news articles.

    Args:
        config: Models and options; defaults to the ``default`` preset.
        translator: A ready :class:`~hinews.Translator` to use instead of ``config.translator``.
        summarizer: A ready :class:`~hinews.Summarizer` to use instead of ``config.summarizer``.

    Example:
        >>> pipe = Pipeline.from_options(translator="opus-mt")      # doctest: +SKIP
        >>> pipe.brief(article_text).bullets                         # doctest: +SKIP
    """

    def __init__(
        self,
        config: PipelineConfig | None = None,
        *,
        translator: Translator | None = None,
        summarizer: Summarizer | None = None,
    ) -> None:
        self.config = config or load_preset("default")
        self._translator = translator
        self._summarizer = summarizer
        self._glossary: Glossary | None = None
        self._glossary_path: str | None = None

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_config(cls, path: str | Path) -> Pipeline:
        """A pipeline from a YAML config file."""
        return cls(PipelineConfig.from_yaml(path))

    @classmethod
    def from_preset(cls, name: str = "default") -> Pipeline:
        """A pipeline from a shipped preset (``default``, ``fast``, ``best`` ...)."""
        return cls(load_preset(name))

    @classmethod
    def from_options(
        cls,
        *,
        translator: str | None = None,
        summarizer: str | None = None,
        config: str | Path | None = None,
        preset: str | None = None,
        summarizer_strategy: str | None = None,
        **overrides: Any,
    ) -> Pipeline:
        """A pipeline from command-line style options.

        Args:
            translator: A preset name, a model alias (``opus-mt``), a hub id or a directory.
            summarizer: ``extractive``, ``lead``, a model alias, a hub id or a directory.
            summarizer_strategy: How a ``summarizer`` model is run (``seq2seq``,
                ``instruct``, ``source``, ``crosslingual``); by default the alias's, or
                guessed from a directory's ``config.json``.
            config: A YAML config file (the base, before the options above).
            preset: A preset name to start from (default: ``default``).
            **overrides: Section fields, e.g. ``device="cpu"``, ``batch_size=16``,
                ``order="summarize-first"``, ``backend="ctranslate2"``, ``num_beams=1``,
                ``summarizer_backend="ctranslate2"`` (``summarizer.backend``).
        """
        base = PipelineConfig.from_yaml(config) if config else load_preset(preset or "default")
        t_over: dict[str, Any] = {}
        s_over: dict[str, Any] = {}
        p_over: dict[str, Any] = {}
        if translator:
            t_over = _translator_section(translator)
        if summarizer or summarizer_strategy:
            s_over = _summarizer_section(summarizer, summarizer_strategy)
        if s_over.get("strategy", base.summarizer.strategy) != base.summarizer.strategy:
            # Lengths set for the base's strategy are not the new strategy's defaults.
            s_over = {**dict.fromkeys(STRATEGY_TUNED), **s_over}
        t_fields = set(TranslatorConfig.__dataclass_fields__)
        p_fields = set(PipelineOptions.__dataclass_fields__)
        for key, value in overrides.items():
            if value is None:
                continue
            if key in p_fields:
                p_over[key] = value
            elif key == "device":
                t_over[key] = s_over[key] = value
            elif key == "summarizer_backend":  # --summarizer-backend
                s_over["backend"] = value
            elif key in t_fields:
                t_over[key] = value
            else:
                raise ConfigError(
                    f"unknown pipeline option {key!r}; valid: "
                    f"{', '.join(sorted(t_fields | p_fields))}"
                )
        merged = base.replace(translator=t_over, summarizer=s_over, pipeline=p_over)
        sections = {"translator": t_over, "summarizer": s_over, "pipeline": p_over}
        changed = [
            f"{section}.{key}={value}"
            for section, over in sections.items()
            for key, value in over.items()
            if getattr(getattr(base, section), key) != value
        ]
        if changed:  # so a result or manifest does not pass the preset off as what ran
            note = f"{base.description} Changed: {', '.join(changed)}.".strip()
            merged = dataclasses.replace(merged, description=note)
        return cls(merged)

    # -- models -----------------------------------------------------------------------------
    @property
    def translator(self) -> Translator:
        """The translator, loaded on first use."""
        if self._translator is None:
            from hinews.translators.factory import load_translator

            self._translator = load_translator(self.config.translator)
        return self._translator

    @property
    def summarizer(self) -> Summarizer:
        """The summariser, loaded on first use."""
        if self._summarizer is None:
            from hinews.summarize.factory import load_summarizer

            self._summarizer = load_summarizer(self.config.summarizer)
        return self._summarizer

    # -- text stage -------------------------------------------------------------------------
    def prepare(self, text: str, *, clean: bool | None = None, force: bool = False) -> Article:
        """Normalise, check and (unless ``clean=False``) clean one article."""
        from hinews.text import prepare

        if not isinstance(text, str):
            hint = " (decode bytes first: data.decode('utf-8'))" if isinstance(text, bytes) else ""
            raise InputError(f"expected the article as a str, got {type(text).__name__}{hint}")
        clean = self.config.pipeline.clean if clean is None else clean
        return prepare(text, clean=clean, force=force, max_chars=self.config.pipeline.max_chars)

    def segment(
        self,
        text: str,
        *,
        clean: bool | None = None,
        force: bool = False,
        show_dropped: bool = False,
    ) -> Segmentation:
        """Split a cleaned article into sentences, paragraphs kept; with ``show_dropped``
        the result also lists what cleaning removed and why (``Segmentation.dropped``)."""
        from hinews.text import prepare_with_dropped, segment_article
        from hinews.trust.language import with_language

        if not show_dropped:
            return with_language(segment_article(self.prepare(text, clean=clean, force=force)))
        if not isinstance(text, str):
            return self.segment(text, clean=clean, force=force)  # prepare() says what is wrong
        clean = self.config.pipeline.clean if clean is None else clean
        article, dropped = prepare_with_dropped(
            text, clean=clean, force=force, max_chars=self.config.pipeline.max_chars
        )
        return with_language(segment_article(article, dropped))

    @property
    def glossary(self) -> Glossary | None:
        """The glossary of ``config.pipeline.glossary``, read on first use (``None``: none)."""
        path = self.config.pipeline.glossary
        if not path:
            return None
        if self._glossary is None or self._glossary_path != path:
            from hinews.trust.glossary import load_glossary

            self._glossary, self._glossary_path = load_glossary(path), path
        return self._glossary

    # -- translation ------------------------------------------------------------------------
    def translate(
        self, text: str, *, clean: bool | None = None, force: bool = False
    ) -> Translation:
        """Translate one article (title on its own, sentence by sentence, paragraphs kept)."""
        return self.translate_batch([text], clean=clean, force=force)[0]

    def translate_batch(
        self,
        texts: list[str],
        *,
        clean: bool | None = None,
        force: bool = False,
        progress: bool = False,
    ) -> list[Translation]:
        """Translate several articles; sentences of all of them share the model's batches."""
        segs = self._segment_all(texts, clean=clean, force=force)
        return self._translate_segmentations(segs, progress=progress)

    def translate_segmented(
        self, segs: list[Segmentation], *, progress: bool = False
    ) -> list[Translation]:
        """Translate articles already segmented (and checked, see :meth:`check_language`):
        the second half of :meth:`translate_batch`, for callers that segment row by row."""
        return self._translate_segmentations(list(segs), progress=progress)

    def _segment_all(
        self, texts: list[str], *, clean: bool | None, force: bool
    ) -> list[Segmentation]:
        """Segment every article; in a batch, an error names the article it is about."""
        if isinstance(texts, str):
            raise InputError("expected a list of articles, got one str: pass [text]")
        segs = []
        for i, text in enumerate(texts):
            try:
                seg = self.segment(text, clean=clean, force=force)
                self.check_language(seg, force=force)
                segs.append(seg)
            except InputError as exc:
                if len(texts) == 1:
                    raise
                raise InputError(f"article {i} of {len(texts)}: {exc}") from None
        return segs

    def check_language(self, seg: Segmentation, *, force: bool = False) -> None:
        """Refuse an article in another language than the model will read it as (see
        :func:`hinews.trust.language.check_language`).

        Raises:
            InputError: The article is, say, Marathi and the model only knows Hindi.
            ConfigError: A source language was given that the model cannot take.
        """
        from hinews.trust.language import check_language

        check_language(
            seg.language,
            wanted=self.config.pipeline.source_lang,
            languages=self._source_languages(),
            model=self.translator.provenance.model,
            force=force,
        )

    def _source_languages(self) -> frozenset[str] | None:
        """The source codes the translator takes: empty for one language pair (Marian),
        ``None`` for a model that takes codes without saying which."""
        translator = self.translator
        if not getattr(translator, "tgt_lang", None):
            return frozenset()
        return getattr(translator, "source_languages", None)

    def _source_code(self, seg: Segmentation) -> str | None:
        """The source code to give the model for ``seg`` (``None``: its own default)."""
        from hinews.trust.language import source_code

        return source_code(seg.language, self.config.pipeline.source_lang, self._source_languages())

    def translate_sentences(self, sentences: list[str], *, progress: bool = False) -> list[str]:
        """Translate raw sentences (no cleaning); long ones are split, never truncated."""
        return [h.text for h in self.translate_sentences_scored(sentences, progress=progress)]

    def translate_sentences_scored(
        self, sentences: list[str], *, progress: bool = False
    ) -> list[Hypothesis]:
        """Like :meth:`translate_sentences`, each with the model's confidence."""
        units, flat = self._plan([("", [Segment(s, 0) for s in sentences])], with_title=False)
        out = self._run(flat, [None] * len(flat), progress=progress)
        return [self._join(out, u) for u in units]

    @staticmethod
    def _join(out: list[Hypothesis], unit: _Unit) -> Hypothesis:
        from hinews.trust.flags import combine_confidence

        pieces = [out[i] for i in unit.pieces]
        return Hypothesis(
            " ".join(h.text for h in pieces), combine_confidence([h.confidence for h in pieces])
        )

    def _translate_segmentations(
        self, segs: list[Segmentation], *, progress: bool = False
    ) -> list[Translation]:
        return self._translate_with_extra(segs, [], progress=progress)[0]

    def _translate_with_extra(
        self, segs: list[Segmentation], extra: list[list[str]], *, progress: bool = False
    ) -> tuple[list[Translation], list[list[SentencePair]]]:
        """Translate articles and, in the same model batches, further sentences of each:
        ``extra`` is empty or holds one list per article, read in that article's language;
        they come back as sentence pairs with their flags (paragraph 0)."""
        from hinews.trust.flags import sentence_flags

        codes = [self._source_code(s) for s in segs]
        docs = [(s.title, list(s.sentences)) for s in segs]
        docs += [("", [Segment(text, 0) for text in texts]) for texts in extra]
        units, flat = self._plan(docs, with_title=True, codes=codes + (codes if extra else []))
        glossary = self.glossary
        sent = flat
        if glossary is not None and self.config.pipeline.enforce_glossary:
            sent = [glossary.protect(text) for text in flat]
        langs: list[str | None] = [None] * len(flat)
        for unit in units:
            for i in unit.pieces:
                langs[i] = unit.src_lang
        out = self._run(sent, langs, progress=progress)
        provenance = self.translator.provenance
        threshold = self.config.pipeline.confidence_threshold
        by_doc: list[list[_Unit]] = [[] for _ in docs]
        for unit in units:
            by_doc[unit.doc].append(unit)

        def pair(u: _Unit) -> SentencePair:
            hyp = self._join(out, u)
            flags = sentence_flags(
                u.text, hyp.text, hyp.confidence, threshold=threshold, glossary=glossary
            )
            return SentencePair(u.text, hyp.text, u.paragraph, hyp.confidence, flags)

        results = []
        for seg, code, mine in zip(segs, codes, by_doc[: len(segs)], strict=True):
            title = next((self._join(out, u) for u in mine if u.paragraph < 0), Hypothesis(""))
            pairs = [pair(u) for u in mine if u.paragraph >= 0]
            results.append(
                Translation(
                    seg.title,
                    title.text,
                    tuple(pairs),
                    self._provenance_for(provenance, seg, code),
                    language=seg.language,
                    title_confidence=title.confidence,
                )
            )
        extra_out = [[pair(u) for u in mine] for mine in by_doc[len(segs) :]]
        return results, extra_out

    def _provenance_for(
        self, provenance: Provenance, seg: Segmentation, code: str | None
    ) -> Provenance:
        """The translator's provenance plus what this article was read as."""
        from hinews.trust.language import HINDI

        options = dict(provenance.options)
        if code is not None:
            options["src_lang"] = code
        options["source_lang"] = code or options.get("src_lang") or HINDI
        options["source_lang_from"] = self.config.pipeline.source_lang or "default"
        options["confidence_threshold"] = self.config.pipeline.confidence_threshold
        if self.glossary is not None:
            options["glossary"] = {
                **self.glossary.to_dict(),
                "enforced": self.config.pipeline.enforce_glossary,
            }
        return dataclasses.replace(provenance, options=options)

    def _plan(
        self,
        docs: list[tuple[str, list[Segment]]],
        *,
        with_title: bool,
        codes: list[str | None] | None = None,
    ) -> tuple[list[_Unit], list[str]]:
        """Split over-long sentences at clause boundaries; lay out every piece in one list."""
        from hinews.text import split_long

        translator = self.translator
        limit = translator.max_source_tokens
        units: list[_Unit] = []
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
                    _Unit(
                        doc,
                        paragraph,
                        text,
                        tuple(range(len(flat), len(flat) + len(pieces))),
                        codes[doc] if codes else None,
                    )
                )
                flat.extend(pieces)
        return units, flat

    def _run(
        self, texts: list[str], langs: list[str | None], *, progress: bool
    ) -> list[Hypothesis]:
        """Send texts to the model in length-sorted chunks (one progress step per chunk),
        one source language code at a time."""
        if not texts:
            return []
        translator = self.translator
        order = sorted(range(len(texts)), key=lambda i: (langs[i] or "", -len(texts[i])))
        chunk = max(self.config.translator.batch_size * 8, 64)
        out: list[Hypothesis] = [Hypothesis("")] * len(texts)
        bar = _progress(len(texts), "translating", enabled=progress)
        start = 0
        while start < len(order):
            lang = langs[order[start]]
            idx = [i for i in order[start : start + chunk] if langs[i] == lang]
            batch = [texts[i] for i in idx]
            results = (
                translator.translate_batch(batch, src_lang=lang)
                if lang is not None
                else translator.translate_batch(batch)
            )
            for i, result in zip(idx, results, strict=True):
                out[i] = _as_hypothesis(result)
            bar.update(len(idx))
            start += len(idx)
        bar.close()
        return out

    # -- brief ------------------------------------------------------------------------------
    def brief(
        self, text: str, *, clean: bool | None = None, force: bool = False, order: str | None = None
    ) -> Brief:
        """Translate an article and write a brief of three bullets (fewer only for tiny
        articles, and then ``Brief.note`` says so)."""
        return self.brief_batch([text], clean=clean, force=force, order=order)[0]

    def brief_batch(
        self,
        texts: list[str],
        *,
        clean: bool | None = None,
        force: bool = False,
        order: str | None = None,
        progress: bool = False,
    ) -> list[Brief]:
        """Brief several articles; translation batches are shared across them."""
        order = order or self.config.pipeline.order
        if order not in ("translate-first", "summarize-first"):
            raise ConfigError(
                f"order {order!r} is not valid; use translate-first or summarize-first"
            )
        segs = self._segment_all(texts, clean=clean, force=force)
        return self.brief_segmented(segs, order=order, progress=progress)

    def brief_segmented(
        self, segs: list[Segmentation], *, order: str | None = None, progress: bool = False
    ) -> list[Brief]:
        """Brief articles already segmented (and checked, see :meth:`check_language`):
        the second half of :meth:`brief_batch`."""
        order = order or self.config.pipeline.order
        if order not in ("translate-first", "summarize-first"):
            raise ConfigError(
                f"order {order!r} is not valid; use translate-first or summarize-first"
            )
        segs = list(segs)
        if getattr(self.summarizer, "reads", "en") != "en":
            return self._brief_from_source(segs, order=order, progress=progress)
        if order == "summarize-first":
            return self._brief_summarize_first(segs, progress=progress)
        translations = self._translate_segmentations(segs, progress=progress)
        return [self._brief_of(seg, tr, order) for seg, tr in zip(segs, translations, strict=True)]

    def _brief_of(self, seg: Segmentation, translation: Translation, order: str) -> Brief:
        targets = [p.target for p in translation.sentences]
        summarizer = self.summarizer
        select = getattr(summarizer, "select", None)
        if callable(select):
            chosen = [targets[i] for i in select(targets, 3)]
        else:
            chosen = summarizer.summarize(targets, 3)
        # A model that wrote too few distinct sentences is topped up extractively.
        bullets = bullet_rules.top_up(chosen, targets, 3)
        return self._make_brief(seg, translation, bullets, order)

    def _brief_from_source(
        self, segs: list[Segmentation], *, order: str, progress: bool
    ) -> list[Brief]:
        """Briefs by a summariser that reads the Hindi article (strategies ``source`` and
        ``crosslingual``): the model's sentences first, topped up from the translation.

        A Hindi summary is translated in the same model batches as the articles. With
        ``summarize-first`` only the titles, the model's Hindi sentences and the three
        extractively chosen sentences that may top the brief up are translated.
        """
        summarizer = cast(ReadsHindi, self.summarizer)
        drafts = [summarizer.write([s.text for s in seg.sentences]) for seg in segs]
        hindi_summary = summarizer.writes != "en"
        translated = segs
        if order == "summarize-first":
            from hinews.summarize.extractive import select

            translated = [_only(seg, select([s.text for s in seg.sentences], 3)) for seg in segs]
        extra = [written if hindi_summary else [] for written, _ in drafts]
        translations, extra_out = self._translate_with_extra(translated, extra, progress=progress)
        briefs = []
        for seg, tr, (written, details), pairs in zip(
            segs, translations, drafts, extra_out, strict=True
        ):
            candidates = [p.target for p in pairs] if hindi_summary else written
            chosen = bullet_rules.top_up(candidates, [p.target for p in tr.sentences], 3)
            details = {**details, "model_bullets": len(bullet_rules.finalize(candidates, [], 3))}
            # A bullet translated from the model's Hindi carries its own translation's flags.
            flags = {
                bullet_rules.complete(bullet_rules.strip_marker(p.target)): p.flags for p in pairs
            }
            provenance = summarizer.provenance_of(details)
            briefs.append(self._make_brief(seg, tr, chosen, order, provenance, flags))
        return briefs

    def _brief_summarize_first(self, segs: list[Segmentation], *, progress: bool) -> list[Brief]:
        summarizer = self.summarizer
        select = getattr(summarizer, "select", None)
        if not callable(select):
            raise ConfigError(
                "--order summarize-first chooses Hindi sentences extractively; "
                "use --summarizer extractive or lead with it"
            )
        picked = [_only(seg, select([s.text for s in seg.sentences], 3)) for seg in segs]
        translations = self._translate_segmentations(picked, progress=progress)
        briefs = []
        for seg, tr in zip(segs, translations, strict=True):
            chosen = bullet_rules.finalize([p.target for p in tr.sentences], [], 3)
            briefs.append(self._make_brief(seg, tr, chosen, "summarize-first"))
        return briefs

    def _make_brief(
        self,
        seg: Segmentation,
        translation: Translation,
        chosen: list[str],
        order: str,
        provenance: Provenance | None = None,
        flags: dict[str, tuple[str, ...]] | None = None,
    ) -> Brief:
        """The brief of ``chosen`` bullets; ``provenance`` is the summariser's (by default
        that of its latest call in this thread), ``flags`` known flags of some bullets."""
        source = [seg.title] + [s.text for s in seg.sentences]
        provenance = provenance or self.summarizer.provenance
        flags = flags or {}
        notes = []
        if len(chosen) < 3:
            plural = "" if len(chosen) == 1 else "s"
            hindi = len({s.text for s in seg.sentences})
            where = (
                f"The article has only {len(chosen)} distinct sentence{plural}"
                if hindi <= len(chosen)  # else its translations repeat each other
                else f"The translation has only {len(chosen)} distinct sentence{plural} "
                f"(the article has {hindi})"
            )
            notes.append(f"{where}, so the brief has {len(chosen)} bullet{plural}.")
        if order == "summarize-first":
            notes.append(
                "Only the title and the chosen sentences were translated (summarize-first); "
                "Brief.translation holds just those."
            )
        from hinews.trust.recheck import bullet_flags

        left_out = int(provenance.options.get("truncated_sentences", 0) or 0)
        if left_out:
            notes.append(
                f"The summariser's input limit cut or left out {left_out} sentence"
                f"{'' if left_out == 1 else 's'} of the article (see the provenance)."
            )
        if provenance.options.get("reduce_truncated"):
            notes.append(
                "The article was too long to summarise whole: the summariser's last step "
                "cut its input, the joined summaries of the article's parts (see the "
                "provenance)."
            )
        return Brief(
            title=translation.title,
            bullets=tuple(chosen),
            unsupported=tuple(unsupported(b, source) for b in chosen),
            translation=translation,
            provenance=provenance,
            order=order,
            note=" ".join(notes) or None,
            bullet_flags=tuple(
                flags[b] if b in flags else bullet_flags(b, translation) for b in chosen
            ),
        )

    def describe(self) -> dict[str, Any]:
        """The resolved configuration, for run records."""
        return self.config.to_dict()

    def digest(
        self, inputs: Iterable[str | Path | Report | dict[str, Any]], **options: Any
    ) -> Digest:
        """Group many reports into stories with one English brief each (this pipeline
        cleans and translates); see :func:`hinews.digests.digest` for the options."""
        from hinews.digests import digest

        return digest(inputs, pipeline=self, **options)


def _only(seg: Segmentation, chosen: list[int]) -> Segmentation:
    """``seg`` with only the sentences at the ``chosen`` indices (summarize-first)."""
    return dataclasses.replace(seg, sentences=tuple(seg.sentences[i] for i in chosen))


def _as_hypothesis(result: Hypothesis | str) -> Hypothesis:
    """A backend's output; a plain string (a translator written before confidences)
    has an unknown confidence."""
    return result if isinstance(result, Hypothesis) else Hypothesis(str(result), None)


def _translator_section(name: str) -> dict[str, Any]:
    if name in preset_names() and name not in MODELS:
        return dict(load_preset(name).to_dict()["translator"])
    return {"model": name}


def _summarizer_section(name: str | None, strategy: str | None = None) -> dict[str, Any]:
    """The summarizer section for ``--summarizer NAME`` and ``--summarizer-strategy``."""
    if name is None:
        return {"strategy": strategy}
    if name in ("extractive", "lead"):
        if strategy not in (None, name):
            raise ConfigError(
                f"--summarizer {name} runs no model, so --summarizer-strategy {strategy} does "
                "not apply; give the model with --summarizer (an alias such as xlsum or "
                "crosssum, a hub id or a directory)"
            )
        return {"strategy": name, "model": None}
    if name in preset_names() and name not in MODELS:
        section = dict(load_preset(name).to_dict()["summarizer"])
        return {**section, "strategy": strategy} if strategy else section
    if strategy:
        return {"strategy": strategy, "model": name}
    if name in MODELS:
        # A summariser's note starts with its strategy ("seq2seq, CNN/DailyMail").
        head = MODELS[name].note.split(",", 1)[0].strip()
        return {"strategy": head if head in MODEL_STRATEGIES else "seq2seq", "model": name}
    path = Path(name).expanduser()
    if (path / "config.json").is_file():
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") == "mt5":
            raise ConfigError(
                f"{name} is an mT5 model, which may summarise Hindi in Hindi (XL-Sum) or in "
                "English (CrossSum): say which with --summarizer-strategy source or "
                "crosslingual (config key summarizer.strategy; seq2seq for an mT5 that "
                "summarises English)"
            )
        return {
            "strategy": "seq2seq" if config.get("is_encoder_decoder") else "instruct",
            "model": name,
        }
    lowered = name.lower()
    strategy = "instruct" if any(w in lowered for w in ("instruct", "chat", "-it")) else "seq2seq"
    return {"strategy": strategy, "model": name}


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, desc: str, *, enabled: bool) -> Any:
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="sent", leave=False)
