"""The pipeline: text -> clean/segment -> translate -> brief -> result.

Data flows one way. The CLI, the web app and the evaluation harness are thin shells over
:class:`Pipeline`; models are loaded lazily on first use and shared between pipelines.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from hinews import briefing, planning
from hinews.config import PipelineConfig
from hinews.errors import InputError
from hinews.options import config_from_options
from hinews.presets import load_preset
from hinews.results import Article, Brief, Hypothesis, Segment, Segmentation, Translation
from hinews.summarize.base import Summarizer
from hinews.translators.base import Translator

if TYPE_CHECKING:
    from collections.abc import Iterable

    from hinews.digests.inputs import Report
    from hinews.digests.result import Digest
    from hinews.trust.glossary import Glossary


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
        return cls(
            config_from_options(
                translator=translator,
                summarizer=summarizer,
                config=config,
                preset=preset,
                summarizer_strategy=summarizer_strategy,
                **overrides,
            )
        )

    def with_options(
        self,
        *,
        translator: str | None = None,
        summarizer: str | None = None,
        summarizer_strategy: str | None = None,
        **overrides: Any,
    ) -> Pipeline:
        """This pipeline with some options changed, named as for :meth:`from_options`
        (``config`` and ``preset`` aside); a loaded model is kept where its section of
        the config is unchanged, and with nothing changed this is the pipeline itself.

        Raises:
            ConfigError: An unknown option (with the nearest valid one, if close).
        """
        config = config_from_options(
            self.config,
            translator=translator,
            summarizer=summarizer,
            summarizer_strategy=summarizer_strategy,
            **overrides,
        )
        if config == self.config:
            return self
        same_t = config.translator == self.config.translator
        same_s = config.summarizer == self.config.summarizer
        return Pipeline(
            config,
            translator=self._translator if same_t else None,
            summarizer=self._summarizer if same_s else None,
        )

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
        from hinews.text import segment_text
        from hinews.trust.language import with_language

        clean = self.config.pipeline.clean if clean is None else clean
        seg = segment_text(
            text,
            clean=clean,
            force=force,
            max_chars=self.config.pipeline.max_chars,
            show_dropped=show_dropped,
        )
        return with_language(seg)

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
        units, flat = planning.plan(
            self.translator, [("", [Segment(s, 0) for s in sentences])], with_title=False
        )
        out = planning.run(
            self.translator,
            flat,
            [None] * len(flat),
            batch_size=self.config.translator.batch_size,
            progress=progress,
        )
        return [planning.join(out, u) for u in units]

    def _translate_segmentations(
        self, segs: list[Segmentation], *, progress: bool = False
    ) -> list[Translation]:
        return planning.translate_with_extra(self, segs, [], progress=progress)[0]

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
        briefing.check_order(order)
        segs = self._segment_all(texts, clean=clean, force=force)
        return self.brief_segmented(segs, order=order, progress=progress)

    def brief_segmented(
        self, segs: list[Segmentation], *, order: str | None = None, progress: bool = False
    ) -> list[Brief]:
        """Brief articles already segmented (and checked, see :meth:`check_language`):
        the second half of :meth:`brief_batch`."""
        return briefing.brief_segmented(
            self, segs, order=order or self.config.pipeline.order, progress=progress
        )

    def describe(self) -> dict[str, Any]:
        """The resolved configuration, for run records."""
        return self.config.to_dict()

    def digest(
        self, inputs: Iterable[str | Path | Report | dict[str, Any]], **options: Any
    ) -> Digest:
        """Group many reports into stories with one English brief each (this pipeline
        cleans and translates); see :func:`hinews.digests.digest` for the options.

        Options of the digest (``story_threshold``, ``state`` ...) go to the digest; the
        others change this pipeline's config for this digest, as :meth:`with_options`
        (``translator="nllb"`` translates with NLLB).

        Raises:
            ConfigError: An unknown option (with the nearest valid one, if close).
        """
        from hinews.digests.run import digest_with, split_options

        own, changes = split_options(options)
        return digest_with(self.with_options(**changes), inputs, **own)
