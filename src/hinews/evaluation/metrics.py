"""Metrics by name: BLEU, chrF/chrF++, ROUGE and, behind an extra, BERTScore and COMET.

Each metric turns (hypotheses, references) into per-example *sufficient statistics*; the
corpus score is computed from their sum, so bootstrap resampling only re-sums rows (as
sacrebleu does). BLEU and chrF use sacrebleu's own statistics and formulas, so corpus
figures equal sacrebleu's. ROUGE statistics are the per-example F-measures (x100) and the
corpus score is their mean. Every metric has a ``signature()`` saying how it was computed.

References are given example-major: ``refs[i]`` is the list of references of example ``i``
(every example must have the same number).

Example:
    >>> m = get_metric("chrf++")
    >>> round(m.corpus(["the cat sat"], [["the cat sat"]])["chrf++"], 2)
    100.0
"""

from __future__ import annotations

import importlib.metadata
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from hinews.errors import (
    ConfigError,
    DataError,
    ModelNotFoundError,
    did_you_mean,
    missing_dependency,
)

if TYPE_CHECKING:
    import numpy as np

Refs = Sequence[Sequence[str]]


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        raise missing_dependency("numpy", "eval") from None
    return numpy


def package_version(name: str) -> str | None:
    """The installed version of distribution ``name``, or None (never imports it)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _check_refs(hyps: Sequence[str], refs: Refs) -> int:
    if len(hyps) != len(refs):
        raise DataError(
            f"{len(hyps)} hypotheses but {len(refs)} reference entries; they must align."
        )
    counts = {len(r) for r in refs}
    if not hyps:
        raise DataError("Nothing to score: there are no hypotheses.")
    if 0 in counts:
        raise DataError("An example has no reference; every example needs at least one.")
    if len(counts) > 1:
        raise DataError(
            f"Examples have different numbers of references ({sorted(counts)}); sacrebleu "
            "needs the same number for every example."
        )
    return counts.pop()


class Metric(ABC):
    """A metric: per-example statistics, a corpus aggregate, sentence scores and a signature.

    Args:
        lang: Language of the references (``"en"``, ``"hi"``...): picks tokenisers.
    """

    name: ClassVar[str]
    keys: tuple[str, ...]
    needs_sources: ClassVar[bool] = False
    #: Extra that provides the metric's packages.
    extra: ClassVar[str] = "eval"

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang

    @abstractmethod
    def stats(
        self, hyps: Sequence[str], refs: Refs, sources: Sequence[str] | None = None
    ) -> dict[str, np.ndarray]:
        """Per-example statistics, one ``(n, k)`` float array per key."""

    @abstractmethod
    def aggregate(self, key: str, summed: np.ndarray, n: int) -> float:
        """The corpus score of ``key`` from the column sums of its statistics over ``n`` rows."""

    def sentence_scores(
        self, hyps: Sequence[str], refs: Refs, sources: Sequence[str] | None = None
    ) -> list[dict[str, float]]:
        """Sentence-level scores for each example (for the per-example view)."""
        stats = self.stats(hyps, refs, sources)
        return [
            {key: self.aggregate(key, stats[key][i], 1) for key in self.keys}
            for i in range(len(hyps))
        ]

    def corpus(
        self, hyps: Sequence[str], refs: Refs, sources: Sequence[str] | None = None
    ) -> dict[str, float]:
        """Corpus-level score of every key."""
        stats = self.stats(hyps, refs, sources)
        return {key: self.aggregate(key, stats[key].sum(0), len(hyps)) for key in self.keys}

    @abstractmethod
    def signature(self) -> str:
        """How the score was computed (after a call to :meth:`stats`)."""


class _Sacrebleu(Metric):
    """Shared code of the sacrebleu metrics: statistics via sacrebleu's own methods."""

    label: ClassVar[str]

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self._corpus = self._make(sentence=False)
        self._sentence = self._make(sentence=True)
        self.keys = (self.name,)

    @abstractmethod
    def _make(self, *, sentence: bool) -> Any: ...

    def stats(
        self, hyps: Sequence[str], refs: Refs, sources: Sequence[str] | None = None
    ) -> dict[str, np.ndarray]:
        np = _numpy()
        nrefs = _check_refs(hyps, refs)
        streams = [[r[j] for r in refs] for j in range(nrefs)]
        rows = self._corpus._extract_corpus_statistics(list(hyps), streams)
        return {self.name: np.asarray(rows, dtype=np.float64)}

    def aggregate(self, key: str, summed: np.ndarray, n: int) -> float:
        return float(self._corpus._compute_score_from_stats(summed.tolist()).score)

    def sentence_scores(
        self, hyps: Sequence[str], refs: Refs, sources: Sequence[str] | None = None
    ) -> list[dict[str, float]]:
        """Sentence scores as sacrebleu's ``sentence_score`` (BLEU with effective order)."""
        rows = self.stats(hyps, refs, sources)[self.name]
        return [
            {self.name: float(self._sentence._compute_score_from_stats(row.tolist()).score)}
            for row in rows
        ]

    def signature(self) -> str:
        return f"{self.label}|{self._corpus.get_signature().format()}"


def _sacrebleu() -> Any:
    try:
        import sacrebleu
    except ImportError:
        raise missing_dependency("sacrebleu", "eval") from None
    return sacrebleu


class Bleu(_Sacrebleu):
    """Corpus BLEU (sacrebleu defaults: 13a, mixed case, exp smoothing); sentence BLEU with
    effective order."""

    name = "bleu"
    label = "BLEU"

    def _make(self, *, sentence: bool) -> Any:
        return _sacrebleu().BLEU(effective_order=sentence)


class ChrfPP(_Sacrebleu):
    """chrF++ (character 6-grams, word bigrams, beta 2), as sacrebleu's ``CHRF(word_order=2)``."""

    name = "chrf++"
    label = "chrF2++"
    word_order = 2

    def _make(self, *, sentence: bool) -> Any:
        return _sacrebleu().CHRF(word_order=self.word_order)


class Chrf(ChrfPP):
    """chrF (characters only), as sacrebleu's ``CHRF()``."""

    name = "chrf"
    label = "chrF2"
    word_order = 0


ROUGE_KEYS = ("rouge1", "rouge2", "rougeL", "rougeLsum")


class Rouge(Metric):
    """ROUGE-1/2/L/Lsum F-measure x100 through rouge-score, with a tokenizer per language.

    English (``lang="en"``) uses rouge-score's default tokenizer with the Porter stemmer; any
    other language (Hindi...) uses :class:`~hinews.evaluation.tokenize.UnicodeWordTokenizer`
    (NFC, letters/marks/digits, lowercase, no stemming). For ROUGE-Lsum, text is put one
    sentence per line (line breaks kept, e.g. bullets joined with newlines; lines split after
    sentence punctuation). With several references the best F per key is taken. The corpus
    score is the mean over examples.

    Args:
        lang: Language of the references.
        tokenizer: Override the tokenizer (anything with ``tokenize(text) -> list[str]``).
    """

    name = "rouge"

    def __init__(self, lang: str = "en", tokenizer: Any | None = None) -> None:
        super().__init__(lang)
        self.keys = ROUGE_KEYS
        self._tokenizer = tokenizer
        self._scorer: Any = None

    @property
    def tokenizer(self) -> Any:
        """The tokenizer in use."""
        if self._tokenizer is None:
            if self.lang == "en":
                try:
                    from rouge_score import tokenizers
                except ImportError:
                    raise missing_dependency("rouge-score", "eval") from None
                self._tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)
            else:
                from hinews.evaluation.tokenize import UnicodeWordTokenizer

                self._tokenizer = UnicodeWordTokenizer()
        return self._tokenizer

    @property
    def scorer(self) -> Any:
        """The rouge-score ``RougeScorer`` in use."""
        if self._scorer is None:
            try:
                from rouge_score import rouge_scorer
            except ImportError:
                raise missing_dependency("rouge-score", "eval") from None
            self._scorer = rouge_scorer.RougeScorer(list(ROUGE_KEYS), tokenizer=self.tokenizer)
        return self._scorer

    def score_one(self, hyp: str, refs: Sequence[str]) -> dict[str, float]:
        """F-measures x100 of one hypothesis against its references (best reference per key)."""
        from hinews.evaluation.tokenize import lsum_text

        hyp_l = lsum_text(hyp)
        refs_l = [lsum_text(r) for r in refs]
        if len(refs_l) == 1:
            result = self.scorer.score(refs_l[0], hyp_l)
        else:
            result = self.scorer.score_multi(refs_l, hyp_l)
        return {key: 100.0 * float(result[key].fmeasure) for key in ROUGE_KEYS}

    def stats(
        self, hyps: Sequence[str], refs: Refs, sources: Sequence[str] | None = None
    ) -> dict[str, np.ndarray]:
        np = _numpy()
        _check_refs(hyps, refs)
        rows = [self.score_one(h, r) for h, r in zip(hyps, refs, strict=True)]
        return {
            key: np.asarray([[row[key]] for row in rows], dtype=np.float64) for key in self.keys
        }

    def aggregate(self, key: str, summed: np.ndarray, n: int) -> float:
        return float(summed[0]) / n

    def signature(self) -> str:
        tok = self.tokenizer
        if hasattr(tok, "describe"):
            how = tok.describe()
        elif type(tok).__name__ == "DefaultTokenizer":
            how = "tok:rouge-default|lower:yes|stem:porter"
        else:
            how = f"tok:{type(tok).__name__}"
        version = package_version("rouge-score")
        return (
            f"ROUGE|lang:{self.lang}|{how}|lsum:sentence-per-line|refs:max-f|agg:mean-f|"
            f"version:{version}"
        )


XLSUM_TYPES = ("rouge1", "rouge2", "rougeL")
XLSUM_KEYS = tuple(f"xlsum-{t}" for t in XLSUM_TYPES)


class RougeXlsum(Metric):
    """XL-Sum's own multilingual ROUGE (its ``multilingual_rouge_scoring`` fork of
    rouge-score, ``use_stemmer=True``): ROUGE-1/2/L F x100 under keys ``xlsum-rouge1``...

    Equal per example to the fork with ``lang="hindi"`` (``lang="hi"``) or ``"english"``
    (``lang="en"``, needs NLTK's stopwords); see :mod:`hinews.evaluation.xlsum_rouge`.
    The first reference of each example is used (the fork takes one). Two aggregations:
    the mean over examples (the keys, as every hinews metric), and the mid of rouge-score's
    ``BootstrapAggregator`` that XL-Sum reports, seeded (:meth:`bootstrap_mid`, keys
    ``xlsum-rouge1-mid``...). Needs the extra ``eval-xlsum`` (pyonmttok).

    Args:
        lang: Language of the references (``hi`` or ``en``).
        mid_seed: Seed of the bootstrap mid (XL-Sum's ``evaluate.sh`` seed, 1234).
        mid_samples: Resamples of the bootstrap mid (rouge-score's default, 1000).
    """

    name = "rouge-xlsum"
    extra = "eval-xlsum"

    def __init__(self, lang: str = "hi", mid_seed: int = 1234, mid_samples: int = 1000) -> None:
        super().__init__(lang)
        self.keys = XLSUM_KEYS
        self.mid_seed = mid_seed
        self.mid_samples = mid_samples
        self._scorer: Any = None

    @property
    def scorer(self) -> Any:
        """The :class:`~hinews.evaluation.xlsum_rouge.XlsumRougeScorer` in use."""
        if self._scorer is None:
            from hinews.evaluation.xlsum_rouge import XlsumRougeScorer

            self._scorer = XlsumRougeScorer(self.lang, use_stemmer=True)
        return self._scorer

    def _scores(self, hyps: Sequence[str], refs: Refs) -> list[dict[str, Any]]:
        _check_refs(hyps, refs)
        return [self.scorer.score(r[0], h) for h, r in zip(hyps, refs, strict=True)]

    def stats(
        self, hyps: Sequence[str], refs: Refs, sources: Sequence[str] | None = None
    ) -> dict[str, np.ndarray]:
        np = _numpy()
        rows = self._scores(hyps, refs)
        return {
            f"xlsum-{t}": np.asarray([[100.0 * row[t].fmeasure] for row in rows], dtype=np.float64)
            for t in XLSUM_TYPES
        }

    def aggregate(self, key: str, summed: np.ndarray, n: int) -> float:
        return float(summed[0]) / n

    def bootstrap_mid(self, hyps: Sequence[str], refs: Refs) -> dict[str, float]:
        """The seeded ``BootstrapAggregator`` mid F x100 of each key (``xlsum-rouge1-mid``...),
        as XL-Sum's ``calculate_rouge`` reports it."""
        from hinews.evaluation.xlsum_rouge import bootstrap_mid

        rows = self._scores(hyps, refs)
        mids = bootstrap_mid(
            {t: [row[t] for row in rows] for t in XLSUM_TYPES},
            seed=self.mid_seed,
            samples=self.mid_samples,
        )
        return {f"xlsum-{t}-mid": 100.0 * mids[t].fmeasure for t in XLSUM_TYPES}

    def corpus(
        self, hyps: Sequence[str], refs: Refs, sources: Sequence[str] | None = None
    ) -> dict[str, float]:
        """The mean of every key and the bootstrap mid (``...-mid`` keys)."""
        return {**super().corpus(hyps, refs, sources), **self.bootstrap_mid(hyps, refs)}

    def signature(self) -> str:
        from hinews.evaluation.xlsum_rouge import LANG_NAMES, SOURCE

        return (
            f"ROUGE-XLSum|lang:{LANG_NAMES.get(self.lang, self.lang)}|stem:yes(len>3)|"
            "tok:basic-nopunct+onmt-aggressive|lower:yes|refs:first|"
            f"agg:mean-f+bootstrap-mid-f(samples:{self.mid_samples},seed:{self.mid_seed},"
            f"numpy.RandomState)|impl:hinews-reimpl-of:{SOURCE}|"
            f"pyonmttok:{package_version('pyonmttok')}"
        )


class _Neural(Metric):
    """A model-based metric: per-example score x100; corpus score is the mean."""

    extra = "eval-neural"
    package: ClassVar[str]
    module: ClassVar[str]

    def __init__(self, lang: str = "en", model: str | None = None) -> None:
        super().__init__(lang)
        self.keys = (self.name,)
        self.model = model

    def _import(self) -> Any:
        try:
            return importlib.import_module(self.module)
        except ImportError:
            raise missing_dependency(self.package, self.extra) from None

    def _offline_error(self, model: str, exc: BaseException) -> ModelNotFoundError:
        return ModelNotFoundError(
            f"{self.name} needs the model {model!r}, which is not in the Hugging Face cache "
            f"and could not be downloaded ({type(exc).__name__}: {exc}). Connect to the "
            "internet once (and unset HF_HUB_OFFLINE) so the model can be cached, or drop "
            f"{self.name!r} from the metrics."
        )

    def aggregate(self, key: str, summed: np.ndarray, n: int) -> float:
        return float(summed[0]) / n


class BertScore(_Neural):
    """BERTScore F1 x100 (bert-score's default model for the language)."""

    name = "bertscore"
    package = "bert-score"
    module = "bert_score"

    def stats(
        self, hyps: Sequence[str], refs: Refs, sources: Sequence[str] | None = None
    ) -> dict[str, np.ndarray]:
        np = _numpy()
        _check_refs(hyps, refs)
        bert_score = self._import()
        model = self.model or f"default for lang {self.lang}"
        try:
            _, _, f1 = bert_score.score(
                list(hyps), [list(r) for r in refs], lang=self.lang, model_type=self.model
            )
        except (OSError, ConnectionError, ValueError) as exc:
            raise self._offline_error(model, exc) from None
        return {self.name: np.asarray([[100.0 * float(x)] for x in f1], dtype=np.float64)}

    def signature(self) -> str:
        return (
            f"BERTScore-F1|lang:{self.lang}|model:{self.model or 'default'}|"
            f"version:{package_version(self.package)}"
        )


class Comet(_Neural):
    """COMET x100 (default model ``Unbabel/wmt22-comet-da``; first reference only)."""

    name = "comet"
    package = "unbabel-comet"
    module = "comet"
    needs_sources = True
    default_model = "Unbabel/wmt22-comet-da"

    def stats(
        self, hyps: Sequence[str], refs: Refs, sources: Sequence[str] | None = None
    ) -> dict[str, np.ndarray]:
        np = _numpy()
        _check_refs(hyps, refs)
        if sources is None:
            raise DataError("COMET needs the source texts as well as hypotheses and references.")
        comet = self._import()
        model_id = self.model or self.default_model
        try:
            model = comet.load_from_checkpoint(comet.download_model(model_id))
        except (OSError, ConnectionError, ValueError, KeyError) as exc:
            raise self._offline_error(model_id, exc) from None
        data = [
            {"src": s, "mt": h, "ref": r[0]} for s, h, r in zip(sources, hyps, refs, strict=True)
        ]
        out = model.predict(data, batch_size=16, gpus=0, progress_bar=False)
        return {self.name: np.asarray([[100.0 * float(x)] for x in out.scores], dtype=np.float64)}

    def signature(self) -> str:
        return (
            f"COMET|model:{self.model or self.default_model}|refs:first|"
            f"version:{package_version(self.package)}"
        )


METRICS: dict[str, type[Metric]] = {
    cls.name: cls for cls in (Bleu, ChrfPP, Chrf, Rouge, RougeXlsum, BertScore, Comet)
}
_ALIASES = {
    "rouge_xlsum": "rouge-xlsum",
    "xlsum-rouge": "rouge-xlsum",
    "chrf2++": "chrf++",
    "chrfpp": "chrf++",
    "chrf2": "chrf",
    "bert_score": "bertscore",
}


def metric_names() -> list[str]:
    """Names accepted by :func:`get_metric`."""
    return list(METRICS)


def canonical_name(name: str) -> str:
    """Normalise a metric name (case, aliases); raise ConfigError when unknown."""
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in METRICS:
        raise ConfigError(
            f"Unknown metric {name!r}; valid: {', '.join(METRICS)}.{did_you_mean(key, METRICS)}"
        )
    return key


def get_metric(name: str, lang: str = "en") -> Metric:
    """A metric instance by name (``bleu``, ``chrf``, ``chrf++``, ``rouge``, ``rouge-xlsum``,
    ``bertscore``, ``comet``).

    Raises:
        ConfigError: The name is unknown (with a suggestion).
    """
    return METRICS[canonical_name(name)](lang=lang)


def score_keys(names: Sequence[str]) -> list[str]:
    """The score keys the named metrics produce, in order (``rouge`` gives four)."""
    keys: list[str] = []
    for name in names:
        cls = METRICS[canonical_name(name)]
        if cls is Rouge:
            keys.extend(ROUGE_KEYS)
        elif cls is RougeXlsum:
            keys.extend(XLSUM_KEYS)
        else:
            keys.append(cls.name)
    return keys


DISPLAY = {
    "bleu": "BLEU",
    "chrf": "chrF",
    "chrf++": "chrF++",
    "rouge1": "ROUGE-1",
    "rouge2": "ROUGE-2",
    "rougeL": "ROUGE-L",
    "rougeLsum": "ROUGE-Lsum",
    "xlsum-rouge1": "XL-Sum R-1",
    "xlsum-rouge2": "XL-Sum R-2",
    "xlsum-rougeL": "XL-Sum R-L",
    "xlsum-rouge1-mid": "XL-Sum R-1 mid",
    "xlsum-rouge2-mid": "XL-Sum R-2 mid",
    "xlsum-rougeL-mid": "XL-Sum R-L mid",
    "bertscore": "BERTScore",
    "comet": "COMET",
}
